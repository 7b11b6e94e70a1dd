#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# diagnostics.sh MICAC SOURCE_DIR -- the examples of micac(1)'s
# DIAGNOSTICS section are what micac prints:
#   - the worked example (the .nf block after "For this"), roff escapes
#     undone, is byte for byte `micac check policy.mica` on
#     tests/man/policy.mica, and its exit status is 1;
#   - each one-line form (FILE, REASON in italics) matches a real
#     message: the error cap, a file that cannot be read.
set -u
micac=$1 src=$2
man=$src/man/micac.1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# unroff: the escapes the section uses, undone.
unroff() {
	sed -e 's/\\(aq/'"'"'/g' -e 's/\\(ha/^/g' -e 's/\\(ti/~/g' \
	    -e 's/\\-/-/g' -e 's/\\fI//g; s/\\fP//g; s/\\fR//g; s/\\fB//g' \
	    -e 's/\\e/\\/g'
}
sed -n '/^\.SH DIAGNOSTICS/,/^\.SH /p' "$man" >"$tmp/section"
awk '/^For this/ { on = 1 } on && /^\.nf/ { b = 1; next }
     b && /^\.fi/ { exit } b { print }' "$tmp/section" | unroff \
	>"$tmp/expected"
[ -s "$tmp/expected" ] || no "no worked example in DIAGNOSTICS"
cp "$src/tests/man/policy.mica" "$tmp/policy.mica"
(cd "$tmp" && "$micac" check policy.mica 2>"$tmp/actual")
st=$?
[ $st -eq 1 ] || no "micac check policy.mica exited $st, not 1"
diff -u "$tmp/expected" "$tmp/actual" || no "the worked example differs"

# The one-line forms, FILE and REASON as regular expressions.
grep -qxF '\fIFILE\fP: note: too many errors (20), stopping' \
	"$tmp/section" || no "the error cap's line is gone from the page"
"$micac" check "$src/tests/parser/golden/too_many_errors.mica" \
	2>"$tmp/cap"
grep -qxE '.*/too_many_errors\.mica: note: too many errors \(20\), stopping' \
	"$tmp/cap" || no "the error cap's line is not micac's"
grep -qxF 'micac: cannot read \fIFILE\fP: \fIREASON\fP' "$tmp/section" ||
	no "the unreadable file's line is gone from the page"
"$micac" check "$tmp/missing.mica" 2>"$tmp/io"
grep -qxF "micac: cannot read $tmp/missing.mica: No such file or directory" \
	"$tmp/io" || no "the unreadable file's line is not micac's"
[ $fail -eq 0 ] && echo "ok: micac(1) DIAGNOSTICS"
exit $fail
