#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# End-to-end run time of the FVP model: runs `mica-fvp run --quiet` on
# every example policy RUNS times (default 5), each into a fresh temporary
# directory, and prints a markdown table: realms, shared protected
# granules (report.txt line [3/6]), group token bytes (token.cbor), the
# median wall time (the shell's clock around each run, 0.1 ms) and the
# median maximum RSS (/usr/bin/time -f '%e %M').
#   bench/fvprun.sh [BUILD_DIR]          (default: build)
# Builds nothing: BUILD_DIR must already hold mica-fvp.
# Environment: RUNS (default 5).
# Results and their discussion: bench/FVPRUN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
runs=${RUNS:-5}
fvp=$build/mica-fvp
if [ ! -x "$fvp" ]; then
	echo "fvprun.sh: no $fvp; build it first (cmake --build $build)" >&2
	exit 2
fi
[ -x /usr/bin/time ] || scripts/deps.sh time

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-fvprun.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "binary:  $fvp ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' \
	"$build/CMakeCache.txt" 2>/dev/null || true)), $runs runs each"
echo

# The median of the arguments (numbers); the lower middle when even.
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

echo "| example | realms | shared granules | token (bytes) | median wall (ms) | median max RSS (KiB) |"
echo "|---|---:|---:|---:|---:|---:|"
for f in examples/*.mica; do
	name=$(basename "$f" .mica)
	walls=() rss=()
	for ((k = 1; k <= runs; k++)); do
		out=$tmp/$name.$k
		t0=$EPOCHREALTIME
		if ! /usr/bin/time -o "$tmp/time" -f '%e %M' \
			"$fvp" run "$f" --out "$out" --quiet; then
			echo "fvprun.sh: mica-fvp run $f failed" >&2
			exit 1
		fi
		t1=$EPOCHREALTIME
		read -r _ kib <"$tmp/time"
		# %e has a resolution of 10 ms, too coarse for runs of tens of
		# ms: the wall time is the shell's clock around the same call.
		walls+=("$(awk -v a="$t0" -v b="$t1" \
			'BEGIN { printf "%.1f", (b - a) * 1000 }')")
		rss+=("$kib")
	done
	report=$out/report.txt
	realms=$(sed -n 's/^\[1\/6\] .*, \([0-9]*\) realms, .*/\1/p' "$report")
	shared=$(sed -n 's/^\[3\/6\] map: \([0-9]*\) shared .*/\1/p' "$report")
	token=$(stat -c %s "$out/token.cbor")
	echo "| $name | $realms | $shared | $token | $(median "${walls[@]}") | $(median "${rss[@]}") |"
done
