#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# outdir.sh MICAC SOURCE_DIR -- micac compile's output directory, all or
# nothing (micac(1), "compile"): a new directory appears whole with
# nothing left beside it, an existing one keeps the files it does not
# write, both get the same bytes, and a file that cannot be put in place
# fails the compilation with no temporary left.
set -u
if [ $# -ne 2 ]; then
	echo "usage: outdir.sh MICAC SOURCE_DIR" >&2
	exit 2
fi
micac=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
ex=$src/examples/guarded_llm.mica

# expect STATUS CMD...: runs CMD, its stderr to $tmp/err.
expect() {
	local want=$1 got
	shift
	"$@" >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: '$*' exited $got, expected $want"
		sed 's/^/  | /' "$tmp/err"
		fail=1
	fi
}

# no_leftovers DIR: no temporary file or staging directory in DIR.
no_leftovers() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.*micac-*' | head -n 3)
	[ -z "$left" ] || { echo "FAIL: left in $1: $left"; fail=1; }
}

# A new directory (and its missing parents), with a trailing slash.
expect 0 "$micac" compile "$ex" -o "$tmp/new/sub/out/"
no_leftovers "$tmp/new/sub"
no_leftovers "$tmp/new/sub/out"
[ -s "$tmp/new/sub/out/reference.json" ] && [ -s "$tmp/new/sub/out/gateway.blob" ] ||
	{ echo "FAIL: outputs missing from a new directory"; fail=1; }
# ... the same bytes as into an existing directory, which keeps a file
# this compilation does not write.
mkdir "$tmp/old"
echo keep >"$tmp/old/extra"
expect 0 "$micac" compile "$ex" -o "$tmp/old"
no_leftovers "$tmp/old"
[ "$(cat "$tmp/old/extra")" = keep ] || { echo "FAIL: extra changed"; fail=1; }
rm "$tmp/old/extra"
diff -r "$tmp/new/sub/out" "$tmp/old" >/dev/null ||
	{ echo "FAIL: a new and an existing directory differ"; fail=1; }
# ... and a relative one, in the current directory.
(cd "$tmp" && "$micac" compile "$ex" -o rel) >/dev/null 2>&1 ||
	{ echo "FAIL: compile -o rel"; fail=1; }
diff -r "$tmp/rel" "$tmp/old" >/dev/null ||
	{ echo "FAIL: a relative directory differs"; fail=1; }
no_leftovers "$tmp"

# A policy with errors creates nothing, not even a staging directory.
printf 'policy p version 1;\nrealm a { }\n' >"$tmp/bad.mica"
expect 1 "$micac" compile "$tmp/bad.mica" -o "$tmp/badnew/out"
[ ! -e "$tmp/badnew" ] || { echo "FAIL: errors created $tmp/badnew"; fail=1; }
no_leftovers "$tmp"

# A file that cannot be replaced (a directory in its place): status 2,
# the path named, no temporaries left.
mkdir "$tmp/clash" "$tmp/clash/reference.json"
expect 2 "$micac" compile "$ex" -o "$tmp/clash"
grep -qF "cannot write $tmp/clash/reference.json" "$tmp/err" ||
	{ echo "FAIL: no write error:"; sed 's/^/  | /' "$tmp/err"; fail=1; }
no_leftovers "$tmp/clash"

[ $fail -eq 0 ] && echo "outdir.sh: ok"
exit $fail
