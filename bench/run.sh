#!/usr/bin/env bash
# Parse benchmark: builds Mica in Release mode (build-bench), generates
# policies of 1k, 10k and 100k realms and reports parse throughput and
# peak memory as a markdown table.
#   bench/run.sh [REALMS...]        (default: 1000 10000 100000)
# Environment: SEED (default 1), MIN_SECS per size (default 0.5),
# BUILD_DIR (default build-bench).
# Target (issue): at least 20 MB/s, memory linear in the input.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
seed=${SEED:-1}
min_secs=${MIN_SECS:-0.5}
build=${BUILD_DIR:-build-bench}

scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target genpolicy parsebench >/dev/null
gen=$build/bench/genpolicy
bench=$build/bench/parsebench

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "compiler: $(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' \
	"$build/CMakeCache.txt") (Release), seed $seed"
echo

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

# Fields of a parsebench line, by name.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

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
