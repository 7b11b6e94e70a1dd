#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# golden.sh MICAC DIR NAME -- one golden diagnostics test.
#
# Runs `MICAC check NAME.mica` from inside DIR (so messages name the bare
# file) and requires:
#   - stderr byte for byte equal to NAME.stderr,
#   - nothing on stdout,
#   - the exit status in NAME.status, or 1 (policy errors) without one.
# Every NAME.stderr was written by hand from the spec and checked column
# by column against NAME.mica; there is deliberately no "update" mode.
set -u

if [ $# -ne 3 ]; then
	echo "usage: golden.sh MICAC DIR NAME" >&2
	exit 2
fi
micac=$1 dir=$2 name=$3

cd "$dir" || exit 2
for f in "$name.mica" "$name.stderr"; do
	if [ ! -f "$f" ]; then
		echo "golden.sh: $dir/$f is missing" >&2
		exit 1
	fi
done
want_status=1
if [ -f "$name.status" ]; then
	want_status=$(tr -d ' \n' <"$name.status")
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$micac" check "$name.mica" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?

fail=0
if [ "$status" != "$want_status" ]; then
	echo "FAIL $name: exit status $status, expected $want_status"
	fail=1
fi
if [ -s "$tmp/stdout" ]; then
	echo "FAIL $name: unexpected output on stdout:"
	cat "$tmp/stdout"
	fail=1
fi
if ! cmp -s "$name.stderr" "$tmp/stderr"; then
	echo "FAIL $name: stderr differs from $name.stderr (- expected, + got):"
	diff -u --label expected --label got "$name.stderr" "$tmp/stderr" |
		cat -v
	fail=1
fi
[ $fail -eq 0 ] && echo "ok $name"
exit $fail
