#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Instructions per Mica RMM call (bench/rmmcost.c) under callgrind, for
# 2, 64 and 1024 Realms (or the sizes given), as a markdown table.
#   bench/rmmcost.sh [REALMS...]
# Environment: BUILD_DIR (default build-rmmcost). Installs valgrind (its
# header and callgrind) with the build's dependencies when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh valgrind

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2 64 1024)
build=${BUILD_DIR:-build-rmmcost}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
	-DMICA_RMM_MAX_REALMS=1025 -DMICA_RMM_MAX_RECS=1025 \
	-DMICA_RMM_MAX_GRANULES=16384 >/dev/null
cmake --build "$build" -j "$(nproc)" --target rmmcost >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mica-rmmcost.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
calls=(share_map_first share_map_join share_unmap exit_check
       base_map_unprot base_exit_check)

echo "valgrind: $(valgrind --version); $(uname -m); date $(date -u '+%Y-%m-%d')"
echo
printf '| call |'; for n in "${sizes[@]}"; do printf ' %s realms |' "$n"; done; echo
printf '|---|'; for _ in "${sizes[@]}"; do printf -- '---:|'; done; echo
declare -A ir
for n in "${sizes[@]}"; do
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$tmp/cg.$n" "$build/bench/rmmcost" "$n" \
		>/dev/null 2>"$tmp/log.$n" || { cat "$tmp/log.$n" >&2; exit 1; }
	for f in "$tmp"/cg."$n".*; do
		name=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
		[ -n "$name" ] || continue
		ir[$n,$name]=$(sed -n 's/^totals: //p' "$f")
	done
done
for c in "${calls[@]}"; do
	printf '| %s |' "$c"
	for n in "${sizes[@]}"; do printf ' %s |' "${ir[$n,$c]:-?}"; done
	echo
done
