#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fmt.sh MICAC GENPOLICY SRCDIR -- micac fmt (micac(1), FMT):
#  1. a golden test: golden/layout.mica, laid out badly on purpose (one
#     line, CRLF, tabs, comments everywhere, no final newline), formats
#     to golden/layout.expected, written by hand;
#  2. on every .mica under examples/ and tests/ that parses, on
#     genpolicy's policies and on random re-layouts of all of them
#     (fmtcheck.py mangle): formatting is idempotent, keeps every token
#     and comment (fmtcheck.py's own scanner), and compiles to the same
#     bytes (every blob and reference.json) or, for a file check refuses,
#     to the same exit status and number of errors; without comments, a
#     re-layout formats exactly like the original;
#  3. the bundled examples are formatted (--check);
#  4. --check, -w (in place, atomic, mode kept, formatted files left
#     alone), --diff (applied by fmtcheck.py, it gives the formatted
#     text), standard input, syntax errors (check's diagnostics, exit 1,
#     nothing written), usage and I/O errors (exit 2).
set -u
[ $# -eq 3 ] || { echo "usage: fmt.sh MICAC GENPOLICY SRCDIR" >&2; exit 2; }
micac=$1 genpolicy=$2 src=$3
here=$src/tests/fmt
py=$(command -v python3) || { echo "no python3"; exit 77; }
chk() { "$py" "$here/fmtcheck.py" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- 1. golden ---------------------------------------------------------
"$micac" fmt "$here/golden/layout.mica" >"$tmp/g.out" 2>"$tmp/g.err" ||
	fail "golden: exit $?: $(cat "$tmp/g.err")"
cmp -s "$tmp/g.out" "$here/golden/layout.expected" ||
	{ fail "golden differs"; diff "$here/golden/layout.expected" "$tmp/g.out"; }

# ---- 2. idempotent, same tokens, same outputs ------------------------------
# same_meaning ORIG FORMATTED: the outputs of compile (or check) agree.
same_meaning() {
	local a=$1 b=$2 sa sb
	rm -rf "$tmp/ca" "$tmp/cb"
	"$micac" compile "$a" -o "$tmp/ca" >/dev/null 2>"$tmp/ea"; sa=$?
	"$micac" compile "$b" -o "$tmp/cb" >/dev/null 2>"$tmp/eb"; sb=$?
	[ "$sa" = "$sb" ] || { fail "$a: compile exits $sa, formatted $sb"; return; }
	if [ "$sa" = 0 ]; then
		diff -r "$tmp/ca" "$tmp/cb" >/dev/null ||
			fail "$a: formatted text compiles to other bytes"
		[ -n "$(ls "$tmp/ca")" ] || fail "$a: compile wrote nothing"
	else
		[ "$(grep -c ': error: ' "$tmp/ea")" = \
		  "$(grep -c ': error: ' "$tmp/eb")" ] ||
			fail "$a: formatting changed the number of errors"
	fi
}

# one FILE NAME: idempotent, and the same meaning; fmtcheck.py checks
# the tokens and the layout of all files at once, at the end.
count=0
one() {
	local f=$1 name=$2 o1
	count=$((count + 1))
	o1=$tmp/fmt$count.mica
	"$micac" fmt "$f" >"$o1" 2>"$tmp/e1" ||
		{ fail "$name: fmt exits $?: $(head -3 "$tmp/e1")"; return; }
	"$micac" fmt "$o1" >"$tmp/o2" 2>&1 || fail "$name: formatted text refused"
	cmp -s "$o1" "$tmp/o2" || { fail "$name: not idempotent";
		diff "$o1" "$tmp/o2" | head -10; }
	printf '%s\t%s\t%s\n' "$f" "$o1" "$name" >>"$tmp/check.list"
	same_meaning "$f" "$o1"
}

n=0
files=$(cd "$src" && find examples tests -name '*.mica' | sort)
for f in $files; do
	"$micac" --dump=ast "$src/$f" >/dev/null 2>&1 || continue
	one "$src/$f" "$f"
	n=$((n + 1))
done
[ "$n" -gt 50 ] || fail "only $n files parse"
for g in "10 1" "40 2" "200 3" "--random 30 4" "--random 120 5"; do
	"$genpolicy" $g >"$tmp/gen_${g// /_}.mica" || fail "genpolicy $g"
	one "$tmp/gen_${g// /_}.mica" "genpolicy $g"
done
# Random re-layouts of every kind of file, three each.
seed=0
for f in $(cd "$src" && ls examples/*.mica tests/backend/reorder/*.mica) \
	 "$tmp"/gen_*.mica; do
	case $f in /*) p=$f ;; *) p=$src/$f ;; esac
	for k in 1 2 3; do
		seed=$((seed + 1))
		printf '%s\t%s\t%s\t%s\t%s\n' "$seed" "$p" "$tmp/m$seed.mica" \
			"$tmp/s$seed.mica" "$tmp/sm$seed.mica" >>"$tmp/mangle.list"
	done
done
chk mangle "$tmp/mangle.list" || fail "fmtcheck.py mangle"
for k in $(seq "$seed"); do
	one "$tmp/m$k.mica" "re-layout $k of $(sed -n "${k}p" "$tmp/mangle.list" | cut -f2)"
	# Without comments, the layout depends on the tokens only (the
	# re-layout never writes two line breaks in a row).
	"$micac" fmt "$tmp/s$k.mica" >"$tmp/s1" 2>&1
	"$micac" fmt "$tmp/sm$k.mica" >"$tmp/s2" 2>&1
	cmp -s "$tmp/s1" "$tmp/s2" || fail "re-layout $k: layout depends on whitespace"
done
chk check "$tmp/check.list" || fail "fmtcheck.py check"

# ---- 3. the examples are formatted -------------------------------------------
out=$("$micac" fmt --check "$src"/examples/*.mica 2>&1) ||
	fail "examples not formatted: $out"
[ -z "$out" ] || fail "fmt --check printed: $out"

# ---- 4. options ------------------------------------------------------------------
cp "$here/golden/layout.mica" "$tmp/bad.mica"
cp "$here/golden/layout.expected" "$tmp/good.mica"
out=$("$micac" fmt --check "$tmp/good.mica" "$tmp/bad.mica"); st=$?
[ "$st" = 1 ] || fail "--check on an unformatted file exits $st"
[ "$out" = "$tmp/bad.mica" ] || fail "--check printed '$out'"
"$micac" fmt --check "$tmp/good.mica" >/dev/null || fail "--check on a formatted file"

# --diff: applied to the file it gives the formatted text.
"$micac" fmt --diff "$tmp/bad.mica" >"$tmp/d" ; st=$?
[ "$st" = 1 ] || fail "--diff with a difference exits $st"
head -2 "$tmp/d" | grep -q "^+++ $tmp/bad.mica\$" || fail "--diff headers"
printf '%s\t%s\t%s\n' "$tmp/bad.mica" "$tmp/d" "$here/golden/layout.expected" >"$tmp/a1"
chk apply "$tmp/a1" || fail "--diff of the golden file"
# Every file that parses, through fmtcheck.py's own patch.
k=0
for f in $files; do
	k=$((k + 1))
	"$micac" fmt "$src/$f" >"$tmp/want$k" 2>/dev/null || continue
	"$micac" fmt --diff "$src/$f" >"$tmp/diff$k"
	printf '%s\t%s\t%s\n' "$src/$f" "$tmp/diff$k" "$tmp/want$k" >>"$tmp/apply.list"
done
chk apply "$tmp/apply.list" || fail "fmtcheck.py apply"
out=$("$micac" fmt --diff "$tmp/good.mica"); st=$?
[ "$st" = 0 ] && [ -z "$out" ] || fail "--diff without a difference: $st '$out'"

# -w: atomic, keeps the mode, leaves formatted files alone.
chmod 0640 "$tmp/bad.mica"
ino=$(stat -c %i "$tmp/good.mica")
"$micac" fmt -w "$tmp/bad.mica" "$tmp/good.mica" || fail "-w exits $?"
cmp -s "$tmp/bad.mica" "$here/golden/layout.expected" || fail "-w wrote other text"
[ "$(stat -c %a "$tmp/bad.mica")" = 640 ] || fail "-w changed the mode"
[ "$(stat -c %i "$tmp/good.mica")" = "$ino" ] || fail "-w rewrote a formatted file"
ls "$tmp" | grep -q '\.tmp\.' && fail "-w left a temporary"
# Through a symbolic link: the file it names is rewritten, the link stays.
cp "$here/golden/layout.mica" "$tmp/target.mica"
ln -s target.mica "$tmp/link.mica"
"$micac" fmt -w "$tmp/link.mica" || fail "-w through a link exits $?"
[ -L "$tmp/link.mica" ] || fail "-w replaced the link by a file"
cmp -s "$tmp/target.mica" "$here/golden/layout.expected" ||
	fail "-w through a link: the target is not formatted"
mkdir "$tmp/ro" && cp "$here/golden/layout.mica" "$tmp/ro/x.mica"
chmod 0555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	"$micac" fmt -w "$tmp/ro/x.mica" 2>/dev/null; st=$?
	[ "$st" = 2 ] || fail "-w in a read-only directory exits $st"
	cmp -s "$tmp/ro/x.mica" "$here/golden/layout.mica" || fail "-w failure wrote"
fi
chmod 0755 "$tmp/ro"

# Standard input.
"$micac" fmt - <"$here/golden/layout.mica" >"$tmp/si" || fail "fmt - exits $?"
cmp -s "$tmp/si" "$here/golden/layout.expected" || fail "fmt - differs"

# Syntax errors: check's diagnostics, exit 1, nothing written.
printf 'policy p version 1;\nrealm a { measurement = ; }\nregion r : protected 4 KiB { }\n' >"$tmp/syn.mica"
cp "$tmp/syn.mica" "$tmp/syn.orig"
"$micac" check "$tmp/syn.mica" 2>"$tmp/want.err" >/dev/null
"$micac" fmt "$tmp/syn.mica" >"$tmp/syn.out" 2>"$tmp/syn.err"; st=$?
[ "$st" = 1 ] || fail "syntax error: exit $st"
[ -s "$tmp/syn.err" ] && cmp -s "$tmp/syn.err" "$tmp/want.err" ||
	fail "syntax error: diagnostics differ from check's"
[ -s "$tmp/syn.out" ] && fail "syntax error: output written"
for o in -w --check --diff; do
	"$micac" fmt $o "$tmp/syn.mica" >/dev/null 2>&1; st=$?
	[ "$st" = 1 ] || fail "fmt $o on a syntax error exits $st"
done
cmp -s "$tmp/syn.mica" "$tmp/syn.orig" || fail "-w rewrote a file with errors"
# A good file and a bad one: both handled, the worst status wins.
"$micac" fmt "$tmp/good.mica" "$tmp/syn.mica" >"$tmp/two" 2>/dev/null; st=$?
[ "$st" = 1 ] && cmp -s "$tmp/two" "$here/golden/layout.expected" ||
	fail "good then bad file: exit $st"

# Usage and I/O errors: exit 2.
for args in "" "--check -w $tmp/good.mica" "--diff --check $tmp/good.mica" \
	    "-w -" "- -" "--bogus $tmp/good.mica" "$tmp/missing.mica"; do
	"$micac" fmt $args </dev/null >/dev/null 2>&1; st=$?
	[ "$st" = 2 ] || fail "fmt $args: exit $st, not 2"
done

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "fmt: $n files, $((count - n)) generated or re-laid out: ok"
