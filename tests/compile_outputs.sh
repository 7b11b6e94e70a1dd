#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# compile_outputs.sh MICAC SOURCE_DIR -- micac compile --list-outputs and
# --depfile: the list is exactly the set of files compile writes (found
# by looking at the directory afterwards), it writes nothing itself, and
# the depfile is read by GNU make as one rule from every output to the
# source, even with spaces, '#', '$' and backslashes in the paths.
set -u

if [ $# -ne 2 ]; then
	echo "usage: compile_outputs.sh MICAC SOURCE_DIR" >&2
	exit 2
fi
micac=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
failures=0 count=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

examples=("$src"/examples/*.mica)
[ ${#examples[@]} -ge 4 ] || fail "expected at least 4 examples"

# The awkward directory name make must get back intact.
odd='out dir #1 $x\ y'
for e in "${examples[@]}"; do
	count=$((count + 1))
	name=$(basename "$e" .mica)
	work=$tmp/$name
	mkdir "$work"
	dir=$work/$odd
	f=$e

	if ! "$micac" compile "$f" -o "$dir" --list-outputs >"$work/list" \
	     2>"$work/err"; then
		fail "$name: --list-outputs failed: $(cat "$work/err")"
		continue
	fi
	[ -s "$work/err" ] && fail "$name: --list-outputs wrote to stderr"
	[ -e "$dir" ] && fail "$name: --list-outputs created $dir"
	"$micac" compile "$f" -o "$dir" --list-outputs >"$work/list2"
	cmp -s "$work/list" "$work/list2" ||
		fail "$name: --list-outputs is not stable"
	# Every line is DIR/NAME, at least one blob and reference.json.
	grep -qvxF -- "$dir/reference.json" "$work/list" ||
		fail "$name: no blob listed"
	grep -qxF -- "$dir/reference.json" "$work/list" ||
		fail "$name: reference.json not listed"
	while IFS= read -r line; do
		case $line in
		"$dir"/*) ;;
		*) fail "$name: '$line' is not under DIR" ;;
		esac
	done <"$work/list"

	# What compile writes, seen by find, is exactly the list.
	if ! "$micac" compile "$f" -o "$dir" --depfile "$work/deps.d" \
	     2>"$work/err"; then
		fail "$name: compile --depfile failed: $(cat "$work/err")"
		continue
	fi
	find "$dir" -type f | LC_ALL=C sort >"$work/written"
	LC_ALL=C sort "$work/list" >"$work/listed"
	cmp -s "$work/written" "$work/listed" || {
		fail "$name: --list-outputs differs from what compile wrote"
		diff "$work/listed" "$work/written"
	}
	# No temporaries left beside the depfile.
	[ "$(find "$work" -maxdepth 1 -name 'deps.d*' | wc -l)" -eq 1 ] ||
		fail "$name: a temporary was left next to the depfile"

	# make's own reading of the depfile: its database has one rule
	# "OUT: SOURCE" per output, and no other targets.
	printf 'include deps.d\n' >"$work/Makefile"
	(cd "$work" && make -p -q -f Makefile >"$work/db" 2>/dev/null)
	grep -v '^#' "$work/db" | grep -F ": $f" | sed "s|: $f\$||" |
		LC_ALL=C sort >"$work/made"
	cmp -s "$work/made" "$work/listed" || {
		fail "$name: make reads other targets from the depfile"
		diff "$work/listed" "$work/made"
	}
	# And make finds reference.json up to date, then out of date once
	# it is older than the source (a pattern rule gives it a recipe).
	printf 'include deps.d\n%%.json:\n\t@echo rebuild\n' \
		>"$work/Makefile"
	(cd "$work" && make -q -f Makefile "$dir/reference.json" \
	     2>/dev/null) || fail "$name: make finds the outputs out of date"
	touch -d @1000000 "$dir/reference.json"
	(cd "$work" && make -q -f Makefile "$dir/reference.json" \
	     2>/dev/null) && fail "$name: make does not see the source is newer"
done

# A policy with errors: exit 1, nothing listed, nothing written.
bad=$src/tests/parser/golden/missing_semi.mica
count=$((count + 1))
"$micac" compile "$bad" -o "$tmp/bad" --list-outputs >"$tmp/out" 2>/dev/null
st=$?
[ $st -eq 1 ] || fail "--list-outputs of a bad policy exited $st, not 1"
[ -s "$tmp/out" ] && fail "--list-outputs of a bad policy printed a list"
"$micac" compile "$bad" -o "$tmp/bad" --depfile "$tmp/bad.d" 2>/dev/null
st=$?
[ $st -eq 1 ] || fail "compile --depfile of a bad policy exited $st, not 1"
[ -e "$tmp/bad" ] || [ -e "$tmp/bad.d" ] &&
	fail "compile --depfile of a bad policy wrote something"

# A depfile that cannot be written: exit 2, no outputs either.
count=$((count + 1))
"$micac" compile "${examples[0]}" -o "$tmp/nodep" \
	--depfile "$tmp/no-such-dir/x.d" 2>/dev/null
st=$?
[ $st -eq 2 ] || fail "an unwritable depfile exited $st, not 2"
[ -e "$tmp/nodep" ] && fail "outputs written though the depfile was not"

# Standard input is listed like a file.
count=$((count + 1))
"$micac" compile - -o "$tmp/in" --list-outputs <"${examples[0]}" \
	>"$tmp/stdin.list"
"$micac" compile "${examples[0]}" -o "$tmp/in" --list-outputs \
	>"$tmp/file.list"
cmp -s "$tmp/stdin.list" "$tmp/file.list" ||
	fail "--list-outputs of standard input differs from the file's"

echo "$count cases, $failures failures"
[ $failures -eq 0 ]
