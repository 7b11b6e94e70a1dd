#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmarks: builds Mica in Release mode (build-bench), generates
# policies of 1k, 10k and 100k realms and reports, as markdown tables:
#   parse:  parse throughput and peak memory (genpolicy N: small
#           workflows, a clean policy). Target (issue): at least 20 MB/s,
#           memory linear in the input.
#   check:  lower + check time and memory on randomly wired policies
#           (genpolicy --random N: one big flow graph, many leaks).
#           Target (issue): 100k realms in under 1 s, near-linear growth.
#   bench/run.sh [REALMS...]        (default: 1000 10000 100000)
# Environment: SEED (default 1), MIN_SECS per size (default 0.5),
# BUILD_DIR (default build-bench), BENCH (parse, check or all; default all).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
seed=${SEED:-1}
min_secs=${MIN_SECS:-0.5}
build=${BUILD_DIR:-build-bench}
which=${BENCH:-all}
case $which in
parse|check|all) ;;
*) echo "run.sh: BENCH must be parse, check or all" >&2; exit 2 ;;
esac

scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target genpolicy parsebench \
	checkbench >/dev/null
gen=$build/bench/genpolicy
bench=$build/bench/parsebench
cbench=$build/bench/checkbench

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "compiler: $(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' \
	"$build/CMakeCache.txt") (Release), seed $seed"
echo

# Fields of a parsebench or checkbench line, by name.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

parse_section() {
	results=()
	for n in "${sizes[@]}"; do
		f=$tmp/bench_$n.mica
		"$gen" "$n" "$seed" >"$f"
		# parsebench exits 1 (after printing the diagnostics) if the
		# generated policy does not parse cleanly.
		line=$("$bench" "$f" "$min_secs")
		echo "$line" >&2
		results+=("$n $line")
	done
	echo >&2

	echo "| realms | regions | file MB | parses | MB/s (median) | MB/s (best) | peak RSS MB | RSS / input MB |"
	echo "|-------:|--------:|--------:|-------:|--------------:|------------:|------------:|---------------:|"
	declare -A bytes rss
	for r in "${results[@]}"; do
		n=${r%% *}
		l=" ${r#* }"
		bytes[$n]=$(field "$l" bytes)
		rss[$n]=$(field "$l" peak_rss_kb)
		awk -v n="$n" -v g="$(field "$l" regions)" -v b="${bytes[$n]}" \
			-v k="$(field "$l" parses)" -v m="$(field "$l" mb_s)" \
			-v bm="$(field "$l" best_mb_s)" -v kb="${rss[$n]}" 'BEGIN {
			printf "| %d | %d | %.2f | %d | %.1f | %.1f | %.1f | %.2f |\n",
			       n, g, b / 1e6, k, m, bm, kb * 1024 / 1e6,
			       (kb * 1024) / b
		}'
	done
	echo
	echo "Linearity (peak RSS ratio vs input size ratio between sizes):"
	prev=
	for n in "${sizes[@]}"; do
		if [ -n "$prev" ]; then
			awk -v a="$prev" -v b="$n" -v ra="${rss[$prev]}" \
				-v rb="${rss[$n]}" -v ba="${bytes[$prev]}" \
				-v bb="${bytes[$n]}" 'BEGIN {
				printf "- %d -> %d realms: input x%.2f, peak RSS x%.2f\n",
				       a, b, bb / ba, rb / ra
			}'
		fi
		prev=$n
	done
}

check_section() {
	results=()
	for n in "${sizes[@]}"; do
		f=$tmp/rand_$n.mica
		"$gen" --random "$n" "$seed" >"$f"
		# checkbench exits 1 if the generated policy does not parse.
		line=$("$cbench" "$f" "$min_secs")
		echo "$line" >&2
		results+=("$n $line")
	done
	echo >&2

	echo "Times (ms): the thread's CPU time, median over the rounds; wall: the"
	echo "same median on the wall clock; 1st: the first, cold lower + check"
	echo "(cap 20), as micac check runs it. Peak RSS: the whole process;"
	echo "lower+check RSS: what the first lower + check adds to the parse."
	echo
	echo "| realms | regions | edges | leaks | parse ms | lower ms | check ms (cap 20) | check ms (unlimited) | lower+check ms (cap 20) | wall ms | 1st ms | peak RSS MB | lower+check RSS MB |"
	echo "|-------:|--------:|------:|------:|---------:|---------:|------------------:|---------------------:|------------------------:|--------:|-------:|------------:|-------------------:|"
	declare -A lc first unl peak added edges out leaks
	for r in "${results[@]}"; do
		n=${r%% *}
		l=" ${r#* }"
		lc[$n]=$(field "$l" cpu_lower_check_ms)
		first[$n]=$(field "$l" cpu_first_lower_check_ms)
		unl[$n]=$(field "$l" cpu_check_unl_ms)
		peak[$n]=$(field "$l" peak_rss_kb)
		added[$n]=$(field "$l" added_rss_kb)
		edges[$n]=$(field "$l" edges)
		out[$n]=$(field "$l" diag_bytes)
		leaks[$n]=$(field "$l" leaks)
		awk -v n="$n" -v g="$(field "$l" regions)" -v e="${edges[$n]}" \
			-v k="${leaks[$n]}" -v p="$(field "$l" cpu_parse_ms)" \
			-v lo="$(field "$l" cpu_lower_ms)" \
			-v c="$(field "$l" cpu_check_ms)" -v u="${unl[$n]}" \
			-v s="${lc[$n]}" -v w="$(field "$l" lower_check_ms)" \
			-v fi="${first[$n]}" \
			-v pk="${peak[$n]}" -v ad="${added[$n]}" 'BEGIN {
			printf "| %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n",
			       n, g, e, k, p, lo, c, u, s, w, fi,
			       pk * 1024 / 1e6, ad * 1024 / 1e6
		}'
	done
	echo
	echo "Growth between sizes (x10 realms is x10 linear):"
	prev=
	for n in "${sizes[@]}"; do
		if [ -n "$prev" ]; then
			awk -v a="$prev" -v b="$n" -v ea="${edges[$prev]}" \
				-v eb="${edges[$n]}" -v ta="${lc[$prev]}" \
				-v tb="${lc[$n]}" -v fa="${first[$prev]}" \
				-v fb="${first[$n]}" -v ua="${unl[$prev]}" \
				-v ub="${unl[$n]}" -v pa="${peak[$prev]}" \
				-v pb="${peak[$n]}" -v da="${added[$prev]}" \
				-v db="${added[$n]}" 'BEGIN {
				printf "- %d -> %d realms: edges x%.2f; lower+check " \
				       "(cap 20) x%.2f (1st x%.2f), check " \
				       "(unlimited) x%.2f; peak RSS x%.2f, " \
				       "lower+check RSS x%.2f\n",
				       a, b, eb / ea, tb / ta, fb / fa, ub / ua,
				       pb / pa, db / da
			}'
		fi
		prev=$n
	done
	echo
	echo "Output of the unlimited run (every leak with its path; inherent):"
	for n in "${sizes[@]}"; do
		awk -v n="$n" -v b="${out[$n]}" -v k="${leaks[$n]}" 'BEGIN {
			printf "- %d realms: %.1f MB of diagnostics, %.0f bytes per " \
			       "leak\n", n, b / 1e6, k ? b / k : 0
		}'
	done
}

case $which in
parse) parse_section ;;
check) check_section ;;
all) parse_section; echo; check_section ;;
esac
