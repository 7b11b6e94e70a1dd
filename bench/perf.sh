#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Performance of micac against yardsticks measured in the same run
# (bench/PERF.md). For each size it generates `genpolicy N` and prints:
#   check/flex     CPU time of the whole `micac check` over the CPU time
#                  of a plain flex scanner with the same token classes and
#                  no actions (bench/flexscan.l) on the same file.
#                  Target: at most 2.
#   RSS/input      peak resident memory of `micac check` over the file's
#                  size. Target: at most 2.
#   compile/check  CPU time of `micac compile` to a directory in memory
#                  (/dev/shm: the compiler's own cost, whatever the disk)
#                  over that of `micac check`. Target: at most 2 at 1M.
#   per-realm      that compile's cost per realm over the same at the
#                  first size; instructions (perf stat) where the machine
#                  counts them, else CPU time. Target: at most 1.2.
#   disk           compile to a directory of TMPDIR (synced, as micac
#                  does): its CPU time over check's, and its wall time
#                  over the wall time of the compile to /dev/shm. Only
#                  up to DISK_MAX realms (default 100000): a million
#                  files on a disk take long to create and to remove.
#   files          CPU time of bench/mkfiles writing files of the same
#                  names and sizes as that compile's outputs, the same
#                  durable all-or-nothing way, but nothing else: what the
#                  kernel charges for N files whoever writes them. Then
#                  (compile - files)/check: the compiler's own work over
#                  check's.
#   check/flex -Cf the same over bench/flexscan.l built with flex's full
#                  tables (-Cf), the table format of src/lexer/lexer.l:
#                  what the table format alone is worth. Not the target's
#                  yardstick (a plain flex scanner), shown beside it.
#   compile RSS    peak resident memory of that `micac compile` (to
#                  /dev/shm), and over the file's size.
#   callgrind      instructions per realm of `micac check` and `micac
#                  compile` counted by valgrind's callgrind (exact and
#                  repeatable, unlike times), their ratio, and compile's
#                  per-realm count over the same at the first size
#                  counted. User space only: the kernel's file creation
#                  is not in it.
#                  Only up to CALLGRIND_MAX realms (default 10000:
#                  about 10 s there, but 2-3 minutes at 100000); 0 or no
#                  valgrind: not counted.
# Times are the minimum over ROUNDS runs (default 3; 1 at 1M realms) of
# user + system CPU time from GNU time, so other load on the machine
# inflates them least; the tools run alternately, under the same load.
#   bench/perf.sh [REALMS...]        (default: 10000 100000 1000000)
# Environment: SEED (default 1), ROUNDS, DISK_MAX, CALLGRIND_MAX,
# BUILD_DIR (default
# build-bench), MICAC (another micac to measure against the same
# yardstick, e.g. an older build, for before/after figures). 1M realms is a 0.5 GB policy and a million output files
# (about 5 GB of /dev/shm while they exist); everything generated is
# deleted as soon as it is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
seed=${SEED:-1}
build=${BUILD_DIR:-build-bench}
disk_max=${DISK_MAX:-100000}
cg_max=${CALLGRIND_MAX:-10000}
command -v valgrind >/dev/null || cg_max=0

# GNU time gives the peak RSS and the CPU times of one process.
scripts/deps.sh time
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j 2 --target micac genpolicy flexscan flexscan-full mkfiles \
	>/dev/null
micac=${MICAC:-$build/micac}
gen=$build/bench/genpolicy
flex=$build/bench/flexscan
flexfull=$build/bench/flexscan-full
mkfiles=$build/bench/mkfiles

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-perf.XXXXXX")
shm=$(mktemp -d /dev/shm/mica-perf.XXXXXX)
trap 'rm -rf "$tmp" "$shm"' EXIT

# Instructions when perf can count them here, else CPU seconds.
counter=cpu
if command -v perf >/dev/null &&
	perf stat -x, -e instructions:u true 2>&1 >/dev/null |
	grep -q '^[0-9]'; then
	counter=instructions
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build:   $build (Release), seed $seed, per-realm cost in $counter"
echo "micac:   $micac"
echo "tmpdir:  $(df -P "$tmp" | awk 'NR == 2 { print $1 }') ($tmp)"
echo

# run OUT CMD...: runs CMD once, appends "cpu_s wall_s maxrss_kb" to OUT.
run() {
	local out=$1
	shift
	/usr/bin/time -o "$tmp/time" -f '%U %S %e %M' "$@" >/dev/null
	awk '{ printf "%.3f %.3f %d\n", $1 + $2, $3, $4 }' "$tmp/time" >>"$out"
}
# count CMD...: instructions of CMD (user and kernel), when counted.
count() {
	perf stat -x, -e instructions "$@" 2>&1 >/dev/null |
		awk -F, '/instructions/ { print $1 }'
}
# callgrind CMD...: user-space instructions of CMD under callgrind.
callgrind() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
		>/dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
minof() { sort -g "$1" | head -n1 | cut -d' ' -f"$2"; }
maxof() { sort -k"$2" -g "$1" | tail -n1 | cut -d' ' -f"$2"; }

echo "| realms | file MB | flex s | check s | check/flex | peak RSS MB | RSS/input | compile s | compile/check | per-realm cost | per-realm vs first | disk compile s | disk compile/check | disk/memory wall | files s | (compile-files)/check | compile RSS MB | compile RSS/input | check instr/realm | compile instr/realm | compile/check instr | instr/realm vs first | flex -Cf s | check/flex -Cf |"
echo "|-------:|--------:|-------:|--------:|-----------:|------------:|----------:|----------:|--------------:|---------------:|-------------------:|---------------:|-------------------:|-----------------:|--------:|----------------------:|---------------:|------------------:|------------------:|--------------------:|--------------------:|---------------------:|-----------:|---------------:|"
first='' cgfirst=''
for n in "${sizes[@]}"; do
	f=$tmp/p_$n.mica
	"$gen" "$n" "$seed" >"$f"
	bytes=$(stat -c %s "$f")
	rounds=${ROUNDS:-3}
	[ "$n" -lt 1000000 ] || rounds=${ROUNDS:-1}
	rm -f "$tmp/flex" "$tmp/flexfull" "$tmp/check" "$tmp/compile" "$tmp/disk" \
		"$tmp/files"
	for ((i = 0; i < rounds; i++)); do
		run "$tmp/flex" "$flex" "$f"
		run "$tmp/flexfull" "$flexfull" "$f"
		run "$tmp/check" "$micac" check "$f"
		run "$tmp/compile" "$micac" compile "$f" -o "$shm/out"
		[ -s "$tmp/list" ] || (cd "$shm/out" &&
			find . -maxdepth 1 -type f -printf '%f %s\n') >"$tmp/list"
		rm -rf "$shm/out"
		run "$tmp/files" "$mkfiles" "$tmp/list" "$shm/out"
		rm -rf "$shm/out"
	done
	rm -f "$tmp/list"
	if [ "$n" -le "$disk_max" ]; then
		run "$tmp/disk" "$micac" compile "$f" -o "$tmp/out"
		rm -rf "$tmp/out"
	fi
	tf=$(minof "$tmp/flex" 1)
	tff=$(minof "$tmp/flexfull" 1)
	tc=$(minof "$tmp/check" 1)
	tk=$(minof "$tmp/compile" 1)
	rss=$(maxof "$tmp/check" 3)
	if [ "$counter" = instructions ]; then
		cost=$(count "$micac" compile "$f" -o "$shm/out")
		rm -rf "$shm/out"
	else
		cost=$tk
	fi
	per=$(awk -v c="$cost" -v n="$n" 'BEGIN { printf "%.6g", c / n }')
	[ -n "$first" ] || first=$per
	dk=- dkc=- dw=-
	if [ -s "$tmp/disk" ]; then
		dk=$(minof "$tmp/disk" 1)
		dkc=$(awk -v a="$dk" -v b="$tc" 'BEGIN { printf "%.2f", a / b }')
		dw=$(awk -v d="$(minof "$tmp/disk" 2)" \
			-v s="$(minof "$tmp/compile" 2)" \
			'BEGIN { printf "%.2f", d / s }')
	fi
	krss=$(maxof "$tmp/compile" 3)
	tm=$(minof "$tmp/files" 1)
	ic=- ik=- ikc=- ikf=-
	if [ "$n" -le "$cg_max" ]; then
		ic=$(callgrind "$micac" check "$f")
		ik=$(callgrind "$micac" compile "$f" -o "$shm/out")
		rm -rf "$shm/out"
		ikc=$(awk -v a="$ik" -v b="$ic" 'BEGIN { printf "%.2f", a / b }')
		ic=$(awk -v a="$ic" -v n="$n" 'BEGIN { printf "%.0f", a / n }')
		ik=$(awk -v a="$ik" -v n="$n" 'BEGIN { printf "%.0f", a / n }')
		[ -n "$cgfirst" ] || cgfirst=$ik
		ikf=$(awk -v a="$ik" -v b="$cgfirst" 'BEGIN { printf "%.2f", a / b }')
	fi
	awk -v n="$n" -v b="$bytes" -v tf="$tf" -v tc="$tc" -v tk="$tk" \
		-v rss="$rss" -v per="$per" -v first="$first" -v dk="$dk" \
		-v dkc="$dkc" -v dw="$dw" -v unit="$counter" -v krss="$krss" \
		-v ic="$ic" -v ik="$ik" -v ikc="$ikc" -v ikf="$ikf" \
		-v tm="$tm" -v tff="$tff" 'BEGIN {
		printf "| %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %s %s | %.2f | %s | %s | %s | %.2f | %.2f | %.1f | %.2f | %s | %s | %s | %s | %.2f | %.2f |\n",
		       n, b / 1e6, tf, tc, tc / tf, rss * 1024 / 1e6,
		       rss * 1024 / b, tk, tk / tc, per,
		       unit == "cpu" ? "s" : "instr", per / first, dk, dkc,
		       dw, tm, (tk - tm) / tc, krss * 1024 / 1e6,
		       krss * 1024 / b, ic, ik, ikc, ikf, tff, tc / tff
	}'
	rm -f "$f"
done
