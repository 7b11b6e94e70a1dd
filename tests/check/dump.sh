#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# dump.sh MICAC DIR NAME STAGE -- run `micac --dump=STAGE NAME.mica` in DIR
# and compare its stdout with NAME.STAGE byte for byte. The exit status
# must be the one in NAME.STAGE.status (0 when absent), and a dump that
# succeeds prints no diagnostics.
set -u
if [ $# -ne 4 ]; then
	echo "usage: dump.sh MICAC DIR NAME STAGE" >&2
	exit 2
fi
micac=$1 dir=$2 name=$3 stage=$4
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
cd "$dir" || exit 2
[ -f "$name.$stage" ] || { echo "dump.sh: no $dir/$name.$stage" >&2; exit 2; }
want=0
[ -f "$name.$stage.status" ] && want=$(cat "$name.$stage.status")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$micac" --dump="$stage" "$name.mica" >"$tmp/stdout" 2>"$tmp/stderr"
got=$?
fail=0
if [ "$got" != "$want" ]; then
	echo "FAIL $name.$stage: exit status $got, expected $want"
	cat "$tmp/stderr"
	fail=1
fi
if ! diff -u "$name.$stage" "$tmp/stdout"; then
	echo "FAIL $name.$stage: stdout differs (- expected, + got)"
	fail=1
fi
if [ "$want" = 0 ] && [ -s "$tmp/stderr" ]; then
	echo "FAIL $name.$stage: diagnostics on a clean file:"
	cat "$tmp/stderr"
	fail=1
fi
exit $fail
