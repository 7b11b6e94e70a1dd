#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# manpage.sh MICAC MANPAGE -- every .EX/.EE block of mica(5) is a complete
# policy: extract each into its own file and `micac check` it, which must
# exit 0 with no diagnostics at all (no errors, no warnings). The blocks
# are copied verbatim, so roff escapes are not allowed in them (the page
# says so); at least one block must be found.
set -u
if [ $# -ne 2 ]; then
	echo "usage: manpage.sh MICAC MANPAGE" >&2
	exit 2
fi
micac=$1 page=$2
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# example1.mica, example2.mica, ... ; an unterminated block is an error.
awk -v dir="$tmp" '
	/^\.EX[ \t]*$/ { if (inex) { print "nested .EX at line " NR; bad = 1 }
	                 n++; inex = 1; file = dir "/example" n ".mica";
	                 printf "" > file; next }
	/^\.EE[ \t]*$/ { if (!inex) { print ".EE without .EX at line " NR; bad = 1 }
	                 inex = 0; close(file); next }
	inex { if (index($0, "\\")) {
	           print "roff escape in example " n " at line " NR ": " $0
	           bad = 1 }
	       if ($0 ~ /^\./) {
	           print "roff request in example " n " at line " NR ": " $0
	           bad = 1 }
	       print > file }
	END { if (inex) { print "unterminated .EX block"; bad = 1 }
	      exit bad }
' "$page" || exit 1

count=$(ls "$tmp" | wc -l)
if [ "$count" -lt 1 ]; then
	echo "FAIL: no .EX/.EE example found in $page"
	exit 1
fi
fail=0
cd "$tmp" || exit 2
for f in $(ls | sort -V); do
	out=$("$micac" check "$f" 2>&1)
	st=$?
	if [ $st -ne 0 ] || [ -n "$out" ]; then
		echo "FAIL: mica(5) $f (exit status $st):"
		printf '%s\n' "$out"
		echo "--- the example:"
		cat "$f"
		fail=1
	else
		echo "ok: mica(5) $f ($(grep -c '' "$f") lines)"
	fi
done
echo "$count examples checked"
exit $fail
