#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli_options.sh MICAC FVP SOURCE_DIR -- the command-line rules of every
# command of micac and mica-fvp (micac(1), mica-fvp(1), OPTIONS):
#   - COMMAND --help: status 0, usage on stdout, nothing on stderr;
#   - an unknown option, before or after the operands: status 2, usage on
#     stderr, nothing on stdout, no file written;
#   - every option a command's --help names is in its man page's
#     SYNOPSIS (both parsed here), and every option of a micac command in
#     `micac --help`;
# then what the options do: '-' for standard input, '--', -Werror,
# --max-errors.
set -u

if [ $# -ne 3 ]; then
	echo "usage: cli_options.sh MICAC FVP SOURCE_DIR" >&2
	exit 2
fi
micac=$1 fvp=$2 src=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
failures=0 count=0
ex=$src/examples/video_moderation.mica
warn=$src/tests/check/golden/warn_never_read.mica
bad=$src/tests/parser/golden/missing_semi.mica
many=$src/tests/parser/golden/too_many_errors.mica
scn=$(ls "$src"/tests/fvp/*/*.scn 2>/dev/null | head -1)

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# options FILE: the options a usage text names, one per line: a '-' or
# '--' word after a blank, '[', '(', '|' or ',' ("--dump=ast" gives
# --dump).
options() {
	grep -oE -- '(^|[][ (|,])--?[A-Za-z][A-Za-z0-9-]*' "$1" |
		sed -E 's/^[][ (|,]//' | LC_ALL=C sort -u
}

# synopsis MANPAGE: the SYNOPSIS section as text (roff escapes undone,
# request names dropped).
synopsis() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$1" | sed '1d;$d' |
		sed -E 's/^\.[A-Za-z]+ ?//; s/\\-/-/g; s/\\f[BIRP]//g;
			s/\\c//g; s/\\\|//g; s/"//g'
}

synopsis "$src/man/micac.1" >"$tmp/micac.syn"
synopsis "$src/man/mica-fvp.1" >"$tmp/fvp.syn"
options "$tmp/micac.syn" >"$tmp/micac.synopts"
options "$tmp/fvp.syn" >"$tmp/fvp.synopts"
grep -qx -- '--depfile' "$tmp/micac.synopts" ||
	fail "the parsed micac(1) SYNOPSIS lacks --depfile: parser broken?"
"$micac" --help >"$tmp/micac.help"
options "$tmp/micac.help" >"$tmp/micac.helpopts"

# walk PROG NAME SYNOPTS COMMAND... -- ARGS...: the rules above for one
# command; ARGS are operands that would make the command write files in
# the current directory, were the options good.
walk() {
	local prog=$1 name=$2 synopts=$3
	shift 3
	local cmd=() args=() dir
	while [ "$1" != -- ]; do cmd+=("$1"); shift; done
	shift
	args=("$@")
	local what="$name ${cmd[*]}"

	count=$((count + 1))
	"$prog" "${cmd[@]}" --help >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 0 ] || fail "$what --help exited $st"
	grep -q '^usage: ' "$tmp/out" || fail "$what --help: no usage on stdout"
	[ -s "$tmp/err" ] && fail "$what --help wrote to stderr"
	options "$tmp/out" >"$tmp/opts"
	[ -s "$tmp/opts" ] || [ "${cmd[0]}" = measure ] ||
		fail "$what --help names no option"
	while IFS= read -r o; do
		grep -qxF -- "$o" "$synopts" ||
			fail "$what --help names $o, the man page SYNOPSIS does not"
		[ "$name" = micac ] && ! grep -qxF -- "$o" "$tmp/micac.helpopts" &&
			fail "$what --help names $o, micac --help does not"
	done <"$tmp/opts"
	cp "$tmp/out" "$tmp/usage"

	for pos in before after; do
		count=$((count + 1))
		dir=$tmp/walk-$count
		mkdir "$dir"
		if [ $pos = before ]; then
			(cd "$dir" && "$prog" "${cmd[@]}" --no-such-option \
				"${args[@]}" >"$tmp/out" 2>"$tmp/err")
		else
			(cd "$dir" && "$prog" "${cmd[@]}" "${args[@]}" -q \
				>"$tmp/out" 2>"$tmp/err")
		fi
		st=$?
		[ $st -eq 2 ] ||
			fail "$what: an unknown option $pos the operands exited $st"
		[ -s "$tmp/out" ] && fail "$what: an unknown option wrote to stdout"
		grep -qF "$(head -1 "$tmp/usage")" "$tmp/err" ||
			fail "$what: an unknown option $pos: no usage on stderr"
		grep -qE "unknown option '(--no-such-option|-q)'" "$tmp/err" ||
			fail "$what: the unknown option is not named"
		[ -z "$(ls -A "$dir")" ] ||
			fail "$what: an unknown option, yet it wrote $(ls -A "$dir")"
	done
}

tok=$tmp/none.cbor key=$tmp/none.pem
walk "$micac" micac "$tmp/micac.synopts" check -- "$ex"
walk "$micac" micac "$tmp/micac.synopts" --dump=ast -- "$ex"
walk "$micac" micac "$tmp/micac.synopts" --dump=ir -- "$ex"
walk "$micac" micac "$tmp/micac.synopts" graph -- "$ex" -o g.dot
walk "$micac" micac "$tmp/micac.synopts" compile -- "$ex" -o out \
	--depfile d.d
walk "$micac" micac "$tmp/micac.synopts" dump -- "$tok"
walk "$micac" micac "$tmp/micac.synopts" verify -- --token "$tok" \
	--platform-key "$key"
walk "$micac" micac "$tmp/micac.synopts" inspect -- "$tok"
walk "$micac" micac "$tmp/micac.synopts" lsp -- </dev/null
walk "$micac" micac "$tmp/micac.synopts" explain -- "$ex" gateway
walk "$micac" micac "$tmp/micac.synopts" diff -- "$ex" "$ex"
walk "$micac" micac "$tmp/micac.synopts" fmt -- "$ex"
walk "$fvp" mica-fvp "$tmp/fvp.synopts" run -- "$ex" --out out
walk "$fvp" mica-fvp "$tmp/fvp.synopts" measure -- "$ex"
walk "$fvp" mica-fvp "$tmp/fvp.synopts" script -- "${scn:-x.scn}"

# The top level: usage on stdout for --help, on stderr for a bad option.
for prog in "$micac" "$fvp"; do
	count=$((count + 1))
	"$prog" --help >"$tmp/out" 2>"$tmp/err" ||
		fail "$prog --help exited $?"
	grep -q '^usage: ' "$tmp/out" || fail "$prog --help: no usage"
	"$prog" --no-such-option >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 2 ] || fail "$prog --no-such-option exited $st"
	grep -q '^usage: ' "$tmp/err" || fail "$prog --no-such-option: no usage"
	[ -s "$tmp/out" ] && fail "$prog --no-such-option wrote to stdout"
done
# mica-fvp --help lists its commands' options too.
"$fvp" --help >"$tmp/fvp.help"
options "$tmp/fvp.help" >"$tmp/fvp.helpopts"
for o in --out --adopt-measurements --memory --quiet --fault --verbose; do
	grep -qxF -- "$o" "$tmp/fvp.helpopts" || fail "mica-fvp --help lacks $o"
done

# ---- what the options do -------------------------------------------------

# run WANT_STATUS CMD...: runs CMD with stdout/stderr in $tmp/out, err.
run() {
	local want=$1
	shift
	count=$((count + 1))
	"$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq "$want" ] || fail "$* exited $st, expected $want"
}

# '-': standard input, named <stdin>.
run 1 "$micac" check - <"$bad"
grep -q "^<stdin>:6:18: error: expected ';' before 'strict'$" "$tmp/err" ||
	fail "check -: diagnostics do not name <stdin>"
run 0 "$micac" check - <"$ex"
run 2 "$micac" check - - <"$ex"
run 0 "$micac" compile - -o "$tmp/from-stdin" <"$ex"
run 0 "$micac" compile "$ex" -o "$tmp/from-file"
diff -r "$tmp/from-stdin" "$tmp/from-file" >/dev/null ||
	fail "compile - wrote other bytes than compile FILE"

# '--' ends the options: a file named like an option.
cp "$ex" "$tmp/-Werror"
(cd "$tmp" && run 0 "$micac" check -- -Werror)
[ -s "$tmp/err" ] && fail "check -- -Werror: $(cat "$tmp/err")"
# Options after the operand, and --opt=VALUE.
run 0 "$micac" compile -o "$tmp/before" "$ex"
run 0 "$micac" compile "$ex" -o "$tmp/after"
diff -r "$tmp/before" "$tmp/after" >/dev/null ||
	fail "compile -o DIR FILE and FILE -o DIR differ"

# -Werror: the same messages, as errors; status 1; compile writes nothing.
run 0 "$micac" check "$warn"
grep ': warning: ' "$tmp/err" | sed 's/: warning: /: error: /' >"$tmp/w"
[ -s "$tmp/w" ] || fail "$warn has no warnings"
run 1 "$micac" check -Werror "$warn"
grep -E ': (error|warning): ' "$tmp/err" | cmp -s - "$tmp/w" ||
	fail "check -Werror: not the warnings turned errors"
run 1 "$micac" compile -Werror "$warn" -o "$tmp/werror"
[ -e "$tmp/werror" ] && fail "compile -Werror wrote outputs"
run 2 "$micac" check -Wextra "$warn"

# --max-errors=N: N errors printed, then the note; 0: all; default 20.
nerr() { grep -c '^[^ ].*: error: ' "$tmp/err"; }
run 1 "$micac" check "$many"
[ "$(nerr)" -eq 20 ] || fail "default: $(nerr) errors printed, not 20"
run 1 "$micac" check --max-errors=3 "$many"
[ "$(nerr)" -eq 3 ] || fail "--max-errors=3: $(nerr) errors printed"
grep -q 'note: too many errors (3), stopping$' "$tmp/err" ||
	fail "--max-errors=3: no note that output stopped"
all=$(grep -c '^realm .*trust = x' "$many")
run 1 "$micac" check --max-errors 0 "$many"
[ "$(nerr)" -eq "$all" ] ||
	fail "--max-errors 0: $(nerr) errors printed, not all $all"
grep -q 'too many errors' "$tmp/err" && fail "--max-errors 0 stopped"
run 2 "$micac" check --max-errors=-1 "$many"
run 2 "$micac" check --max-errors=x "$many"

echo "$count cases, $failures failures"
[ $failures -eq 0 ]
