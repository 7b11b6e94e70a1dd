#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli.sh MICAC SOURCE_DIR -- the command-line contract of micac:
# exit 0 success, 1 policy errors, 2 usage or I/O errors; usage on stdout
# only when asked for; diagnostics on stderr; nothing on stdout for check.
set -u

if [ $# -ne 2 ]; then
	echo "usage: cli.sh MICAC SOURCE_DIR" >&2
	exit 2
fi
micac=$1 src=$2
good=("$src"/examples/*.mica)
bad=$src/tests/parser/golden/missing_semi.mica

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
failures=0 count=0

# run EXPECTED_STATUS ARGS...: runs micac, keeps stdout/stderr in $tmp.
run() {
	local want=$1
	shift
	count=$((count + 1))
	"$micac" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" != "$want" ]; then
		fail "micac $* exited $status, expected $want"
		return 1
	fi
	return 0
}

fail() {
	echo "FAIL: $*"
	echo "--- stdout:"; cat -v "$tmp/out"
	echo "--- stderr:"; cat -v "$tmp/err"
	failures=$((failures + 1))
}

# expect STREAM (out|err) empty|nonempty|REGEX
expect() {
	local f=$tmp/$1
	case $2 in
	empty)    [ ! -s "$f" ] || fail "std$1 should be empty" ;;
	nonempty) [ -s "$f" ] || fail "std$1 should not be empty" ;;
	*)        grep -Eq -- "$2" "$f" || fail "std$1 should match /$2/" ;;
	esac
}

if [ ${#good[@]} -lt 4 ] || [ ! -f "${good[0]}" ]; then
	echo "FAIL: expected at least 4 examples in $src/examples"
	exit 1
fi

# --help: usage on stdout, status 0
run 0 --help && { expect out '^usage: micac check '; expect err empty; }
run 0 -h && expect out '^usage: micac check '

# --version: one line on stdout naming the program and a version
run 0 --version && {
	expect out '^micac [0-9]+\.[0-9]+\.[0-9]+'
	expect err empty
	[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "--version prints one line"
}

# no arguments: usage on stderr, status 2
run 2 && { expect err '^usage: micac'; expect out empty; }

# unknown command: says which, status 2
run 2 frobnicate x.mica && {
	expect err "unknown command 'frobnicate'"
	expect out empty
}
run 2 --frobnicate && expect err "unknown command '--frobnicate'"

# check without files: status 2
run 2 check && { expect err 'check: needs at least one FILE'; expect out empty; }

# a file that does not exist: status 2, message names the file
run 2 check "$tmp/no-such-file.mica" && {
	expect err "cannot read $tmp/no-such-file\\.mica: No such file"
	expect out empty
}
# a directory is not a policy file either
run 2 check "$tmp" && expect err "cannot read $tmp: Is a directory"

# every good example: status 0, nothing printed at all
for f in "${good[@]}"; do
	run 0 check "$f" && { expect err empty; expect out empty; }
done
# all of them at once
run 0 check "${good[@]}" && expect err empty

# a bad file: status 1, diagnostics naming it on stderr, none on stdout
run 1 check "$bad" && {
	expect err "^$bad:6:18: error: expected ';' before 'strict'$"
	expect out empty
}

# good and bad together, in either order: status 1, only bad reported
run 1 check "${good[0]}" "$bad" && {
	expect err "^$bad:"
	grep -q "^${good[0]}:" "$tmp/err" && fail "good file reported"
}
run 1 check "$bad" "${good[0]}" && expect err "^$bad:"

# a missing file wins over policy errors (2 > 1), and the other files are
# still checked
run 2 check "$bad" "$tmp/missing.mica" "${good[0]}" && {
	expect err "^$bad:6:18:"
	expect err "cannot read $tmp/missing\\.mica"
}

# an empty file is a policy error (no header), not an I/O error
: >"$tmp/empty.mica"
run 1 check "$tmp/empty.mica" &&
	expect err "^$tmp/empty\\.mica:1:1: error: unexpected end of file"

echo "$count commands, $failures failures"
[ $failures -eq 0 ]
