#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Proves the wire readers with Frama-C's WP (man/mica-rmm.7, "PROOFS"):
# the ACSL contracts in src/wire/cbor_read.c, src/wire/blob_read.c and
# their headers, plus WP's runtime-error annotations (-wp-rte), for every
# input. Prints goals proved/total per file and the time taken; exits 1
# if any goal is unproved, 2 if a tool is missing.
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
common=(-c11 -wp -wp-rte -wp-model Typed+cast -wp-prover z3,cvc4
	-wp-par 2 -wp-timeout 10 -wp-out "$tmp/wp")
start=$SECONDS
status=0

# prove NAME FRAMA-C-ARGS...: one run, its summary on one line.
prove() {
	local name=$1 log="$tmp/$(basename "$1").log" t0=$SECONDS
	shift
	if ! frama-c "$@" "${common[@]}" >"$log" 2>&1; then
		tail -20 "$log" >&2
		echo "$name: frama-c failed" >&2
		status=1
		return
	fi
	local line proved total
	line=$(grep -E 'Proved goals: *[0-9]+ */ *[0-9]+' "$log" | tail -1)
	proved=$(sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\1/' <<<"$line")
	total=$(sed -E 's/.*: *([0-9]+) *\/ *([0-9]+).*/\2/' <<<"$line")
	printf '%-24s %4s / %-4s goals proved  (%ds)\n' "$name" \
		"${proved:-?}" "${total:-?}" $((SECONDS - t0))
	if [ -z "$total" ] || [ "$proved" != "$total" ]; then
		grep -A3 -E '\[(Failed|Unknown|Timeout)\]|Goal .*: (Unknown|Timeout|Failed)' \
			"$log" >&2 || true
		status=1
	fi
}

# The CBOR reader alone, with Frama-C's C library headers.
prove src/wire/cbor_read.c src/wire/cbor_read.c \
	-cpp-extra-args="-Iinclude -ffreestanding"

# The blob decoder, against the contracts of the CBOR reader (proved
# above) and of memcpy, memcmp and memset (proofs/include/string.h,
# assumed). The message formatter is assumed too: vfmt() and the
# variadic fmt() and bad() that call it, which WP cannot follow through
# va_arg; their contracts say they write only into the message buffer,
# and gcc's format checking matches every call's arguments to its format.
prove src/wire/blob_read.c src/wire/blob_read.c -no-frama-c-stdlib \
	-cpp-extra-args="-Iproofs/include -Iinclude -ffreestanding" \
	-wp-skip-fct put_num,vfmt,fmt,bad

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
exit $status
