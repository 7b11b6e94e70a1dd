#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# scenarios.sh -- runs `mica-fvp script` on the attack catalogue and
# checks that the engine can fail (man/mica-fvp-scenario.5).
#
#   scenarios.sh MICA_FVP TESTS_FVP_DIR [SCENARIO...]
#
# With scenario files: each must exit 0 (every step met its expectation:
# the attack was refused with the documented status and the canary never
# reached host memory). Without: the NEGATIVE checks, which prove that a
# wrong expectation exits 1 with FILE:LINE:COL and that a bad scenario
# exits 2, never crashing.
set -u
fvp=$1
dir=$2
shift 2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad() { echo "FAIL: $*"; fail=1; }

# expect_rc WANT LABEL -- the exit status of the last command run by run().
run() {
	"$fvp" script "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

if [ $# -gt 0 ]; then
	for scn in "$@"; do
		run "$scn"
		if [ $rc -ne 0 ]; then
			bad "$scn: exit $rc"
			cat "$tmp/out" "$tmp/err"
			continue
		fi
		# An attack file must be refused somewhere and end with the
		# canary check; the engine must have said so.
		grep -q ': denied (' "$tmp/out" || bad "$scn: no step was denied"
		tail -2 "$tmp/out" | grep -q '^.*:[0-9]*: canary absent: ok$' ||
			bad "$scn: does not end with 'canary absent: ok'"
		grep -q 'every step met its expectation' "$tmp/out" ||
			bad "$scn: no final verdict"
	done
	exit $fail
fi

# The canary search finds a canary that is there: without this, every
# `canary absent: ok` above could come from a search that finds nothing.
run "$dir/checks/canary_detected.scn"
[ $rc -eq 0 ] || bad "canary_detected.scn: exit $rc"
grep -q ': canary absent: denied (present)$' "$tmp/out" ||
	bad "canary_detected.scn: the planted canary was not found"

neg=$dir/negative
cd "$neg" || exit 1

# A wrong `expect ok` on an attack: exit 1, FILE:LINE:COL, what happened.
run expects_ok.scn
[ $rc -eq 1 ] || bad "expects_ok.scn: exit $rc, want 1"
grep -qx 'expects_ok.scn:16:35: error: expected ok, got denied sea (.*)' \
	"$tmp/err" || { bad "expects_ok.scn: diagnostic"; cat "$tmp/err"; }
grep -q 'canary absent' "$tmp/out" &&
	bad "expects_ok.scn: ran past the unmet expectation"

# A denial with another status than the pinned one: exit 1.
run wrong_status.scn
[ $rc -eq 1 ] || bad "wrong_status.scn: exit $rc, want 1"
grep -qx 'wrong_status.scn:7:14: error: expected denied ERROR_INPUT, got denied ERROR_REALM (.*)' \
	"$tmp/err" || { bad "wrong_status.scn: diagnostic"; cat "$tmp/err"; }

# Syntax: exit 2 with FILE:LINE:COL.
run syntax.scn
[ $rc -eq 2 ] || bad "syntax.scn: exit $rc, want 2"
grep -qx "syntax.scn:6:16: error: expected read or write, got 'sideways'" \
	"$tmp/err" || { bad "syntax.scn: diagnostic"; cat "$tmp/err"; }

# Hostile or broken scenario files: exit 2, never a crash (>= 128).
check2() {
	local name=$1 want=$2
	run "$tmp/$name.scn"
	[ $rc -eq 2 ] || bad "$name: exit $rc, want 2"
	grep -q "^$tmp/$name.scn:$want: error: " "$tmp/err" ||
		{ bad "$name: diagnostic"; cat "$tmp/err"; }
}
printf '' >"$tmp/empty.scn";                         check2 empty 1:1
printf 'create gateway\n' >"$tmp/nopolicy.scn";      check2 nopolicy 1:1
printf 'policy nowhere.mica\n' >"$tmp/nofile.scn";   check2 nofile 1:8
cp "$dir/../../examples/video_moderation.mica" "$tmp/v.mica"
printf 'policy v.mica\nfrobnicate\n' >"$tmp/unknown.scn"; check2 unknown 2:1
printf 'policy v.mica\ncreate nobody\n' >"$tmp/norealm.scn"; check2 norealm 2:8
printf 'policy v.mica\ncreate gateway expect\n' >"$tmp/noexp.scn"; check2 noexp 2:22
printf 'policy v.mica\nmap gateway raw_frames 99999\n' >"$tmp/page.scn"; check2 page 2:24
printf 'policy v.mica\nbind gateway tamper 0x1_0000_0000_0000_0000_0\n' >"$tmp/big.scn"; check2 big 2:21
printf 'policy v.mica\nverify\n' >"$tmp/notoken.scn"; check2 notoken 2:1
printf 'policy v.mica\nattest gateway challenge xyz\n' >"$tmp/hex.scn"; check2 hex 2:26
printf 'policy v.mica\npolicy v.mica\n' >"$tmp/twice.scn"; check2 twice 2:1
printf 'policy v.mica\ncreate gateway\x00\n' >"$tmp/nul.scn"; check2 nul 2:1
head -c 3000 /dev/zero | tr '\0' 'x' >"$tmp/long.scn"; check2 long 1:1
# Realm steps on a Realm that was never created: denied, not a crash.
printf 'policy v.mica\naccess gateway read raw_frames 0 expect denied no-rec\nhostcall gateway 0x10 expect denied no-rec\nactivate gateway expect denied ERROR_INPUT\n' >"$tmp/norec.scn"
run "$tmp/norec.scn"
[ $rc -eq 0 ] || { bad "norec: exit $rc, want 0"; cat "$tmp/out" "$tmp/err"; }

# Usage.
"$fvp" script >/dev/null 2>&1; [ $? -eq 2 ] || bad "no scenario: want exit 2"
"$fvp" script a b >/dev/null 2>&1; [ $? -eq 2 ] || bad "two scenarios: want exit 2"
exit $fail
