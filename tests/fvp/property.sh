#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# property.sh GENPIPE MICAC FVP COUNT [FIRST] -- the property of
# `mica-fvp run` (man/mica-fvp.1): every policy the random pipeline
# generator (bench/genpipe.c) writes that `micac check` accepts runs with
# --adopt-measurements to exit 0: attested, every endpoint's results
# back and intact, the canary never in host memory. Seeds FIRST (default
# 1) to FIRST + COUNT - 1. The generator must also have exercised what
# it is for: most policies accepted and some refused, and among the
# accepted ones several endpoints, the mailbox, shared slots, cycles,
# 4 KiB windows, split and shared channels, sinks, any and SHA-512.
set -u
gen=$1 micac=$2 fvp=$3 count=$4 first=${5:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 accepted=0 refused=0
declare -A seen
no() { echo "FAIL: $*"; fail=1; }

for ((seed = first; seed < first + count; seed++)); do
	p=$tmp/p$seed.mica
	"$gen" "$seed" >"$p" || { no "genpipe $seed failed"; continue; }
	if ! "$micac" check "$p" 2>/dev/null; then
		refused=$((refused + 1))
		continue
	fi
	accepted=$((accepted + 1))
	out=$tmp/o$seed
	"$fvp" run "$p" --out "$out" --adopt-measurements --quiet 2>"$tmp/e"
	st=$?
	if [ $st -ne 0 ]; then
		no "seed $seed: exit $st: $(cat "$tmp/e")"
		echo "--- the policy:"
		cat "$p"
		continue
	fi
	grep -q "^\[6/6\] check: [1-9][0-9]* results intact" "$out/report.txt" ||
		no "seed $seed: no intact results in the report"
	grep -q "canary never in host-visible memory" "$out/report.txt" ||
		no "seed $seed: no canary statement"
	# What this policy exercised (its first line), counted when nonzero.
	for kv in $(head -n 1 "$p" | tr ' ' '\n' | grep =); do
		k=${kv%%=*} v=${kv#*=}
		[ "$v" -gt 0 ] && seen[$k]=$((${seen[$k]:-0} + 1))
		[ "$k" = endpoints ] && [ "$v" -ge 2 ] &&
			seen[several]=$((${seen[several]:-0} + 1))
	done
	rm -rf "$out"
done

echo "$count policies: $accepted accepted by micac check and run to exit 0" \
	"($fail failures), $refused refused"
[ $((accepted * 10)) -ge $((count * 7)) ] ||
	no "only $accepted of $count policies accepted: the generator drifted"
[ "$refused" -ge 1 ] || no "no policy refused: the generator never leaks"
for k in several mailbox shared cycle small split sharednic sink any sha512; do
	echo "  $k: ${seen[$k]:-0}"
	[ "${seen[$k]:-0}" -ge 1 ] || no "no accepted policy exercised '$k'"
done
exit $fail
