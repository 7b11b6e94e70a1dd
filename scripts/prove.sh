#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Proves the RMM's decision code with Frama-C's WP (man/mica-rmm.7,
# "PROOFS"): the ACSL contracts of the CBOR reader, the blob decoder and
# the decoded policy's validator (src/wire/cbor_read.c, blob_read.c,
# blob_check.c and their headers), of the exit filter
# (src/rmm/exit_rule.c) and of the share consent check
# (src/rmm/consent.c), plus WP's runtime-error annotations (-wp-rte), for
# every input. Prints goals proved/total per group of functions, the
# time taken and every open goal; exits 1 if any goal is unproved, 2 if
# a tool is missing.
#   scripts/prove.sh            (as root when the tools are not installed)
set -euo pipefail
cd "$(dirname "$0")/.."

# frama-c-base brings WP; why3 drives the provers z3 and cvc4 (Debian 12
# has no alt-ergo package).
scripts/deps.sh frama-c-base why3 z3 cvc4
for t in frama-c why3 z3 cvc4; do
	command -v "$t" >/dev/null || {
		echo "prove.sh: $t is missing" >&2
		exit 2
	}
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Why3's prover list in a private file, not the user's home.
export WHY3CONFIG=$tmp/why3.conf
why3 config detect >"$tmp/detect.log" 2>&1 || {
	cat "$tmp/detect.log" >&2
	exit 2
}

# -wp-model Typed+cast: the typed memory model, taking a cast between
# pointers to byte types (void, char, uint8_t) as the same memory.
# One prover process per group (-wp-par 1), `par` groups at a time
# (PROVE_JOBS, default two per core): a group's frama-c polls its prover
# every 50 ms and spends much of a goal's time waiting, so that one group
# per core leaves the cores half idle.
# A goal's prover work is bounded by steps (-wp-steps), not by time:
# CVC4 counts its own steps, so that a goal is proved or not whatever
# else the machine is doing. A step bound is about 80,000 steps a second
# here; the timeout is only a backstop, far beyond it. Every goal gets
# `short` steps; a group with goals left open runs again with `long`
# steps, the goals proved the first time answered from a cache that
# lives in $tmp only and goes with it. A run that takes more than
# `budget` seconds in all is stopped and counts as failed.
short=1000000 long=5000000 backstop=300 budget=1500
par=${PROVE_JOBS:-$((2 * $(nproc)))}
# -wp-prover cvc4,z3: with one prover process at a time, WP tries the
# provers in the order given and stops at the first that proves the
# goal; CVC4 proves nearly every goal the simplifier (Qed) leaves, Z3
# gets what is left. -wp-no-split: a goal is proved whole, which costs
# far less than its parts one by one (each part is simplified again
# with all the hypotheses).
common=(-c11 -wp -wp-rte -wp-model Typed+cast -wp-prover cvc4,z3 -wp-no-split
	-wp-par 1 -wp-cache update -wp-cache-dir "$tmp/cache")
mkdir "$tmp/cache"
wire=(-cpp-extra-args="-Iinclude -ffreestanding")
# With the mem* contracts of proofs/include/string.h instead of Frama-C's
# C library (the C library's own code is not proved).
libc=(-no-frama-c-stdlib -cpp-extra-args="-Iproofs/include -Iinclude -Isrc/rmm -ffreestanding")
start=$SECONDS

# The groups: NAME FILE FUNCTIONS ARGS. Together they cover every lemma
# and every function of the five files but the message formatter of
# blob_read.c (put_num, vfmt, fmt, bad), which WP cannot follow through
# va_arg and whose contracts are assumed: they write only into the
# message buffer, and gcc's format checking matches every call's
# arguments to its format. The last function group of each file is "the
# rest": every function not named before it, so that a new function
# cannot escape the proof. Each file's lemmas are a group of their own
# (@lemma): WP proves a lemma only in a run that names no function, and
# every other group takes the lemmas as given. The longest groups come
# first, so that the cores stay busy to the end.
tnamed=get_peers,get_hostcalls,get_regions,get_region,get_part,get_who,get_place
bnamed=mica_blob_read,$tnamed,put_num,vfmt,fmt,bad
cnamed=skip,item,close_items,mica_cbor_map,whole_map,mica_cbor_check
vnamed=check_region,part_ok,part_cmp
groups=(
	"blob_read:top src/wire/blob_read.c mica_blob_read libc"
	"blob_read:tables src/wire/blob_read.c $tnamed libc"
	"blob_read:rest src/wire/blob_read.c -$bnamed libc"
	"cbor_read:skip src/wire/cbor_read.c skip wire"
	"cbor_read:rest src/wire/cbor_read.c -$cnamed wire"
	"blob_check:region src/wire/blob_check.c $vnamed libc"
	"blob_check:rest src/wire/blob_check.c -$vnamed libc"
	"cbor_read:items src/wire/cbor_read.c item,close_items wire"
	"consent:consent src/rmm/consent.c mica_rmm_consent libc"
	"consent:rest src/rmm/consent.c -mica_rmm_consent,mica_ld16,mica_st16,mica_ld64,mica_st64 libc"
	"exit_rule src/rmm/exit_rule.c -mica_ld16,mica_st16,mica_ld64,mica_st64 libc"
	"cbor_read:map src/wire/cbor_read.c mica_cbor_map,whole_map,mica_cbor_check wire"
	"consent:lemmas src/rmm/consent.c @lemma libc"
	"cbor_read:lemmas src/wire/cbor_read.c @lemma wire"
	"exit_rule:lemmas src/rmm/exit_rule.c @lemma libc"
)

# run NAME FILE FUNCTIONS ARGS STEPS: one frama-c run of a group into
# $tmp/NAME.log; FUNCTIONS is a list for -wp-fct, or with a leading '-'
# for -wp-skip-fct, or @lemma for the file's lemmas alone.
run() {
	local name=$1 file=$2 fcts=$3 args=$4 steps=$5 sel
	local -n extra=$args
	if [ "$fcts" = @lemma ]; then
		sel=(-wp-prop @lemma)
	elif [ "${fcts#-}" != "$fcts" ]; then
		sel=(-wp-skip-fct "${fcts#-}")
	else
		sel=(-wp-fct "$fcts")
	fi
	timeout "$budget" frama-c "$file" "${extra[@]}" "${sel[@]}" \
		"${common[@]}" -wp-steps "$steps" \
		-wp-timeout "$backstop" \
		>"$tmp/${name/:/.}.log" 2>&1
}

# counts LOG: "proved total" of a run, or nothing when it did not finish.
counts() {
	if grep -q -e 'No proof obligations' -e 'No goal generated' "$1"; then
		echo "0 0"
		return
	fi
	{ grep -E 'Proved goals: *[0-9]+ */ *[0-9]+' "$1" || true; } |
		tail -1 | sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\1 \2/'
}

# group SPEC: runs a group at `short`, again at `long` if needed, and
# writes its summary line to $tmp/NAME.sum.
group() {
	local name file fcts args t0=$SECONDS c log
	read -r name file fcts args <<<"$1"
	log="$tmp/${name/:/.}.log"
	run "$name" "$file" "$fcts" "$args" "$short" || true
	c=$(counts "$log")
	if [ -n "$c" ] && [ "${c% *}" != "${c#* }" ]; then
		run "$name" "$file" "$fcts" "$args" "$long" || true
		c=$(counts "$log")
	fi
	printf '%-20s %5s / %-5s goals proved  (%ds)\n' "$name" \
		"${c% *}" "${c#* }" $((SECONDS - t0)) >"$tmp/${name/:/.}.sum"
	[ -n "$c" ] || echo "$name: did not finish" >"$tmp/${name/:/.}.sum"
}

status=0
for spec in "${groups[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do
		wait -n || true
	done
	group "$spec" &
done
wait
proved=0 total=0
for spec in "${groups[@]}"; do
	name=${spec%% *}
	log="$tmp/${name/:/.}.log"
	cat "$tmp/${name/:/.}.sum"
	c=$(counts "$log")
	if [ -z "$c" ]; then
		tail -20 "$log" >&2
		echo "$name: frama-c failed" >&2
		status=1
		continue
	fi
	proved=$((proved + ${c% *})) total=$((total + ${c#* }))
	if [ "${c% *}" != "${c#* }" ]; then
		grep -A3 -E '\[(Failed|Unknown|Timeout)\]' "$log" >&2 || true
		status=1
	fi
done
printf '%-20s %5s / %-5s goals proved\n' total "$proved" "$total"

# What the proofs take for granted of src/wire: no recursion (every
# call graph edge, fed to tsort, which refuses a loop; a function calling
# itself is looked for apart) and stack frames of at most 2 KiB, the
# AArch64 build's -Wstack-usage=2048.
for f in src/wire/*.c; do
	gcc -std=c11 -O2 -ffreestanding -Iinclude -fstack-usage \
		-fcallgraph-info=su -c "$f" -o "$tmp/$(basename "$f" .c).o"
done
sed -nE 's/.*edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)".*/\1 \2/p' \
	"$tmp"/*.ci | sed -E 's/[^ ]*:([^: ]+)/\1/g' >"$tmp/edges"
if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort.log" ||
	awk '$1 == $2 { bad = 1 } END { exit !bad }' "$tmp/edges"; then
	cat "$tmp/tsort.log" >&2
	echo "src/wire: recursion" >&2
	status=1
fi
awk -F'\t' '$2 > max { max = $2; fn = $1 }
	END { printf "src/wire: largest stack frame %d bytes (%s)\n", max, fn
	      exit max > 2048 }' "$tmp"/*.su || status=1

echo "prove.sh: $((SECONDS - start)) s"
# CPU time of this script and every process it ran (user and system).
times
exit $status
