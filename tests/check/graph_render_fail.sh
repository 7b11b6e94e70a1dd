#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# graph_render_fail.sh MICAC SRCDIR -- `micac graph -T svg -o OUT` when
# Graphviz cannot run (no `dot` on PATH) must fail cleanly: exit status
# 2 with a message, OUT left as it was, and no temporary file beside it.
# With a small graph, whether `dot` has died before micac writes the DOT
# text into the pipe is a race; a graph larger than the pipe buffer
# (64 KiB) makes micac block in write() until `dot` is gone, every time.
# Both are run several times.
set -u
if [ $# -ne 2 ]; then
	echo "usage: graph_render_fail.sh MICAC SRCDIR" >&2
	exit 2
fi
micac=$1 src=$2
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
small=$(ls "$src"/examples/*.mica | head -n 1)
# 600 trusted realms, each with a region of its own: no diagnostics, and
# well over 64 KiB of DOT.
big=$tmp/big.mica
{
	echo "policy big version 1;"
	k=0
	while [ $k -lt 600 ]; do
		echo "realm realm_number_$k { measurement = sha256:$(printf '%064x' $k); trust = trusted; }"
		echo "region region_number_$k : protected, 4 KiB { realm_number_$k: rw @ 0x1000; }"
		k=$((k + 1))
	done
} >"$big"
size=$("$micac" graph "$big" 2>"$tmp/err" | wc -c)
if [ "$size" -le 65536 ] || [ -s "$tmp/err" ]; then
	echo "FAIL: the big graph is $size bytes, expected > 65536, and no diagnostics:"
	cat "$tmp/err"
	exit 1
fi
rm -f "$tmp/err"
fail=0
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 0 ]; then ex=$small; else ex=$big; fi
	echo OLD >"$tmp/keep.svg"
	PATH=/nonexistent "$micac" graph "$ex" -T svg -o "$tmp/keep.svg" \
		2>"$tmp/err"
	st=$?
	if [ $st -ne 2 ]; then
		echo "FAIL run $i ($(basename "$ex")): exit status $st, expected 2" \
		     "(141 = killed by SIGPIPE writing to the dead 'dot')"
		fail=1
	fi
	[ "$(cat "$tmp/keep.svg")" = OLD ] ||
		{ echo "FAIL run $i: the failed render replaced the output"; fail=1; }
	grep -q "cannot" "$tmp/err" ||
		{ echo "FAIL run $i: no message"; fail=1; }
	left=$(ls -A "$tmp" | grep -v -x -e keep.svg -e err -e big.mica)
	if [ -n "$left" ]; then
		echo "FAIL run $i: temporary file left behind: $left"
		rm -f "$tmp"/keep.svg.tmp.*
		fail=1
	fi
	[ $fail -eq 0 ] || break
done
[ $fail -eq 0 ] && echo "20 failed renders handled cleanly ($size bytes of DOT in the big one)"
exit $fail
