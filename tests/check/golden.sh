#!/bin/sh
# golden.sh MICAC DIR NAME -- run `micac check NAME.mica` inside DIR (so
# diagnostics name the bare file) and compare with the golden files:
#   NAME.stderr  the exact diagnostics (required)
#   NAME.status  the exit status (optional; 1 when absent)
# micac check must also print nothing on stdout.
set -u
if [ $# -ne 3 ]; then
	echo "usage: golden.sh MICAC DIR NAME" >&2
	exit 2
fi
micac=$1 dir=$2 name=$3
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
cd "$dir" || exit 2
[ -f "$name.mica" ] || { echo "golden.sh: no $dir/$name.mica" >&2; exit 2; }
[ -f "$name.stderr" ] || { echo "golden.sh: no $dir/$name.stderr" >&2; exit 2; }
want=1
[ -f "$name.status" ] && want=$(cat "$name.status")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$micac" check "$name.mica" >"$tmp/stdout" 2>"$tmp/stderr"
got=$?
fail=0
if [ "$got" != "$want" ]; then
	echo "FAIL $name: exit status $got, expected $want"
	fail=1
fi
if ! diff -u "$name.stderr" "$tmp/stderr"; then
	echo "FAIL $name: stderr differs from $name.stderr (- expected, + got)"
	fail=1
fi
if [ -s "$tmp/stdout" ]; then
	echo "FAIL $name: micac check wrote to stdout:"
	cat "$tmp/stdout"
	fail=1
fi
exit $fail
