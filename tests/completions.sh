#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# completions.sh MICAC FVP SOURCE_DIR -- the bash completions of
# completions/ in a bash that sourced them: the first word completes to
# the commands, `COMMAND -` to exactly the options of `COMMAND --help`,
# an option's value to its choices, and operands to files of the right
# kind; the zsh ones parse (zsh -n) when zsh is installed.
set -u
micac=$1 fvp=$2 src=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0 count=0
no() { echo "FAIL: $*"; fail=1; }

source "$src/completions/micac.bash" || no "micac.bash does not source"
source "$src/completions/mica-fvp.bash" || no "mica-fvp.bash does not source"
[ "$(complete -p micac 2>/dev/null)" = "complete -F _micac micac" ] ||
	no "micac is not bound to _micac"
[ "$(complete -p mica-fvp 2>/dev/null)" = "complete -F _mica_fvp mica-fvp" ] ||
	no "mica-fvp is not bound to _mica_fvp"

# comp FUNCTION WORD...: the sorted candidates for the last word.
comp() {
	local f=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	"$f"
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
}
# expect WANT GOT WHAT: two lists of words, compared as sets.
expect() {
	count=$((count + 1))
	local want got
	want=$(printf '%s\n' $1 | LC_ALL=C sort | tr '\n' ' ')
	got=$(printf '%s\n' $2 | LC_ALL=C sort | tr '\n' ' ')
	[ "$want" = "$got" ] || no "$3: got [$got], expected [$want]"
}
# helpopts PROG CMD: the options of PROG CMD --help ("--max-errors=N"
# is offered as "--max-errors="; --dump= is the command), and --help.
helpopts() {
	{ "$@" --help | grep -oE -- '(^|[][ (|,])--?[A-Za-z][A-Za-z0-9-]*=?' |
		sed -E 's/^[][ (|,]//' | grep -vx -- --dump=; echo --help; } |
		LC_ALL=C sort -u
}

expect "check compile graph dump verify inspect lsp explain diff fmt --dump=ast --dump=ir --help --version" \
	"$(comp _micac micac '')" "micac <TAB>"
expect "check compile" "$(comp _micac micac c)" "micac c<TAB>"
expect "--dump=ast --dump=ir" "$(comp _micac micac --d)" "micac --d<TAB>"
for c in check compile graph dump verify inspect lsp explain diff fmt; do
	expect "$(helpopts "$micac" "$c")" "$(comp _micac micac "$c" -)" \
		"micac $c -<TAB>"
done
expect "$(helpopts "$micac" --dump=ir)" "$(comp _micac micac --dump=ir -)" \
	"micac --dump=ir -<TAB>"
expect "--list-outputs" "$(comp _micac micac compile x.mica --l)" \
	"micac compile x.mica --l<TAB>"
expect "dot svg png" "$(comp _micac micac graph x.mica -T '')" \
	"micac graph -T <TAB>"

expect "run measure script --help --version" "$(comp _mica_fvp mica-fvp '')" \
	"mica-fvp <TAB>"
for c in run measure script; do
	expect "$(helpopts "$fvp" "$c")" "$(comp _mica_fvp mica-fvp "$c" -)" \
		"mica-fvp $c -<TAB>"
done
expect "starve: token results plaintext:" \
	"$(comp _mica_fvp mica-fvp run x.mica --fault '')" "mica-fvp run --fault <TAB>"

# Operands: policy files (and folders) for check, blobs for dump; after
# "--" an option-like word is an operand.
mkdir "$tmp/dir"
touch "$tmp/a.mica" "$tmp/b.blob" "$tmp/c.txt" "$tmp/-x.mica"
cd "$tmp" || exit 2
expect "a.mica -x.mica dir" "$(comp _micac micac check '')" "micac check <TAB>"
expect "b.blob dir" "$(comp _micac micac dump '')" "micac dump <TAB>"
expect "dir" "$(comp _micac micac compile a.mica -o '')" "compile -o <TAB>"
expect "-x.mica" "$(comp _micac micac check -- -)" "micac check -- -<TAB>"
expect "a.mica -x.mica dir" "$(comp _mica_fvp mica-fvp run '')" \
	"mica-fvp run <TAB>"

if command -v zsh >/dev/null; then
	for f in _micac _mica-fvp; do
		count=$((count + 1))
		zsh -n "$src/completions/$f" || no "zsh cannot parse $f"
	done
fi
echo "$count cases, $([ $fail -eq 0 ] && echo no || echo some) failures"
exit $fail
