#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The property of `mica-fvp run` at scale: writes COUNT random pipeline
# policies with bench/genpipe (seeds FIRST..FIRST+COUNT-1), keeps those
# `micac check` accepts, runs each with `mica-fvp run --adopt-measurements
# --quiet`, and prints a markdown summary: how many passed (exit 0), the
# failures with their seeds and causes, wall time per run (median, 95th
# percentile, max) and scheduling rounds, by number of realms, and what
# the policies exercised. The property holds when every accepted policy
# passes; the script then exits 0.
#   bench/fvpprop.sh [BUILD_DIR [COUNT [FIRST]]]   (build, 2000, 1001)
# The default seeds start past the 60 that CTest runs (tests/fvp/
# property.sh). Builds nothing. Results and discussion: bench/FVPPROP.md.
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:-build} count=${2:-2000} first=${3:-1001}
for t in mica-fvp micac bench/genpipe; do
	if [ ! -x "$build/$t" ]; then
		echo "fvpprop.sh: no $build/$t; build it first" >&2
		exit 2
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-fvpprop.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "binary:  $build/mica-fvp ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' \
	"$build/CMakeCache.txt" 2>/dev/null || true)), seeds $first..$((first + count - 1))"
echo

accepted=0 refused=0 passed=0
: >"$tmp/runs"    # realms endpoints ms rounds
: >"$tmp/fails"
: >"$tmp/features"
t_start=$EPOCHREALTIME
for ((seed = first; seed < first + count; seed++)); do
	p=$tmp/p.mica
	"$build/bench/genpipe" "$seed" >"$p"
	if ! "$build/micac" check "$p" 2>/dev/null; then
		refused=$((refused + 1))
		continue
	fi
	accepted=$((accepted + 1))
	rm -rf "$tmp/o"
	t0=$EPOCHREALTIME
	"$build/mica-fvp" run "$p" --out "$tmp/o" --adopt-measurements --quiet \
		2>"$tmp/e"
	st=$?
	t1=$EPOCHREALTIME
	if [ $st -ne 0 ]; then
		echo "| $seed | $st | $(head -n 1 "$tmp/e" | tr '|' '/') |" >>"$tmp/fails"
		continue
	fi
	passed=$((passed + 1))
	head -n 1 "$p" >>"$tmp/features"
	realms=$(sed -n 's/^\[1\/6\] .*, \([0-9]*\) realms, .*/\1/p' "$tmp/o/report.txt")
	rounds=$(sed -n 's/.* \([0-9]*\) scheduling rounds$/\1/p' "$tmp/o/report.txt")
	eps=$(sed -n 's/^\/\/ genpipe [0-9]*: realms=[0-9]* endpoints=\([0-9]*\) .*/\1/p' "$p")
	echo "$realms $eps $(awk -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.1f", (b - a) * 1000 }') $rounds" >>"$tmp/runs"
done
t_end=$EPOCHREALTIME

# pct FILE COLUMN P: the P-th percentile of a column (nearest rank).
pct() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g |
		awk -v p="$3" '{ v[NR] = $1 } END {
			if (NR == 0) { print "-"; exit }
			k = int((p * NR + 99) / 100); if (k < 1) k = 1; print v[k] }'
}

echo "| policies | accepted by micac check | refused | run to exit 0 | pass rate | total wall (s) |"
echo "|---:|---:|---:|---:|---:|---:|"
echo "| $count | $accepted | $refused | $passed | $(awk -v p="$passed" -v a="$accepted" \
	'BEGIN { printf "%.1f%%", a ? 100 * p / a : 0 }') | $(awk -v a="$t_start" \
	-v b="$t_end" 'BEGIN { printf "%.0f", b - a }') |"
echo
echo "| realms | runs | median wall (ms) | p95 wall (ms) | max wall (ms) | median rounds | max rounds |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for r in 1 2 3 4 5 6 7 8; do
	awk -v r="$r" '$1 == r' "$tmp/runs" >"$tmp/r"
	[ -s "$tmp/r" ] || continue
	echo "| $r | $(wc -l <"$tmp/r") | $(pct "$tmp/r" 3 50) | $(pct "$tmp/r" 3 95) |" \
		"$(pct "$tmp/r" 3 100) | $(pct "$tmp/r" 4 50) | $(pct "$tmp/r" 4 100) |"
done
echo "| all | $(wc -l <"$tmp/runs") | $(pct "$tmp/runs" 3 50) | $(pct "$tmp/runs" 3 95) |" \
	"$(pct "$tmp/runs" 3 100) | $(pct "$tmp/runs" 4 50) | $(pct "$tmp/runs" 4 100) |"
echo
echo "| endpoints | runs | median wall (ms) |"
echo "|---:|---:|---:|"
for e in 0 1 2 3; do
	awk -v e="$e" '$2 == e' "$tmp/runs" >"$tmp/r"
	[ -s "$tmp/r" ] && echo "| $e | $(wc -l <"$tmp/r") | $(pct "$tmp/r" 3 50) |"
done
echo
echo "Passing policies that exercised each feature:"
echo
for k in mailbox shared cycle small split sharednic sink any sha512; do
	echo "- $k: $(grep -o "$k=[0-9]*" "$tmp/features" | awk -F= '$2 > 0' | wc -l)"
done
if [ -s "$tmp/fails" ]; then
	echo
	echo "| failed seed | exit | first line of standard error |"
	echo "|---:|---:|---|"
	cat "$tmp/fails"
	exit 1
fi
exit 0
