#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# failures.sh FVP SRCDIR -- every way `mica-fvp run` (man/mica-fvp.1)
# can fail names its cause, with the exit status of its verdict:
#   4  refused before deploying: a dead end (each kind of one), or
#      regions that do not fit the model's memory (--memory);
#   1  attestation: no reply to the hello, a token that does not verify;
#   3  traffic, with a good token: an exit that got nothing (and why),
#      results that do not decrypt, the canary in host memory;
#   2  usage: a bad --memory or --fault.
# With --quiet, stdout stays empty and the cause is still on stderr.
# The messages expected here are written by hand from the policies.
set -u
fvp=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# run NAME STATUS ARGS...: runs mica-fvp run --quiet; output in
# $tmp/NAME.out and $tmp/NAME.err.
run() {
	local name=$1 want=$2
	shift 2
	"$fvp" run "$@" --out "$tmp/$name" --quiet >"$tmp/$name.out" \
		2>"$tmp/$name.err"
	local st=$?
	[ $st -eq "$want" ] || no "$name: exit $st, not $want: $(cat "$tmp/$name.err")"
	[ ! -s "$tmp/$name.out" ] || no "$name: --quiet wrote to stdout"
}
# says NAME TEXT: stderr of NAME holds TEXT (fixed string).
says() {
	grep -qF -- "$2" "$tmp/$1.err" ||
		no "$1: no '$2' in: $(cat "$tmp/$1.err")"
}

d() { printf 'sha256:%064d' "$1"; }
realm() { echo "realm $1 { measurement = $(d "$2"); ${3:+trust = $3;} }"; }
nic() { echo "region $1 : unprotected, 8 KiB { $2: ${3:-rw} @ 0x8000_0000_0000; host: rw; }"; }

# ---- 4: dead ends, refused before deploying ----------------------------

# The federated job without the aggregator's window: the issue's case.
{
	echo "policy nowindow version 1;"
	realm hospital 1 trusted
	realm model 2
	realm aggregator 3 trusted
	echo "region records : protected, 64 KiB { hospital: w @ 0x1000_0000; model: r @ 0x1000_0000; }"
	echo "region out : protected, 16 KiB { model: w @ 0x2000_0000; aggregator: r @ 0x1000_0000; }"
	nic net hospital
} >"$tmp/nowindow.mica"
run nowindow 4 "$tmp/nowindow.mica" --adopt-measurements
says nowindow "cannot run: 'model' writes 'out', but no Realm that reads 'out' can send to the tenant: add an unprotected window to 'aggregator'"
[ ! -e "$tmp/nowindow" ] || no "nowindow: a refused run wrote output"

# The same aggregator with a window it can only read.
{ cat "$tmp/nowindow.mica"; nic agg_net aggregator r; } >"$tmp/oneway.mica"
run oneway 4 "$tmp/oneway.mica" --adopt-measurements
says oneway "'model' writes 'out', but no Realm that reads 'out' can send to the tenant: give 'aggregator' both r and w on 'agg_net' (it maps it read only)"

# A stage whose only output nobody reads.
{
	echo "policy unread version 1;"
	realm gate 1 trusted
	realm model 2
	echo "region jobs : protected, 8 KiB { gate: w @ 0x1000_0000; model: r @ 0x1000_0000; }"
	echo "region out : protected, 8 KiB { model: w @ 0x2000_0000; }"
	nic net gate
} >"$tmp/unread.mica"
run unread 4 "$tmp/unread.mica" --adopt-measurements
says unread "'model' writes 'out', but no Realm reads 'out': let a Realm that can send to the tenant read it"

# A distrustful consumer next to a useful reader: it writes nothing.
{
	echo "policy consumer version 1;"
	realm gate 1 trusted
	realm worker 2
	realm logger 3
	echo "region jobs : protected, 8 KiB { gate: w @ 0x1000_0000; worker: r @ 0x1000_0000; logger: r @ 0x1000_0000; }"
	echo "region done : protected, 8 KiB { worker: w @ 0x2000_0000; gate: r @ 0x2000_0000; }"
	nic net gate
} >"$tmp/consumer.mica"
run consumer 4 "$tmp/consumer.mica" --adopt-measurements
says consumer "'logger' reads 'jobs' from 'gate', but nothing 'logger' writes can reach the tenant: let 'logger' write a region that a Realm with an unprotected window reads"

# Two stages that only answer each other.
{
	echo "policy circle version 1;"
	realm gate 1 trusted
	realm ping 2
	realm pong 3
	echo "region serve : protected, 8 KiB { gate: w @ 0x1000_0000; ping: r @ 0x1000_0000; }"
	echo "region there : protected, 8 KiB { ping: w @ 0x2000_0000; pong: r @ 0x2000_0000; }"
	echo "region back : protected, 8 KiB { pong: w @ 0x3000_0000; ping: r @ 0x3000_0000; }"
	nic net gate
} >"$tmp/circle.mica"
run circle 4 "$tmp/circle.mica" --adopt-measurements
says circle "'ping' reads 'serve' from 'gate', but what reaches it only goes round among Realms that cannot send to the tenant: let 'ping' write a region that a Realm with an unprotected window reads"

# No Realm at all (micac check accepts it).
printf 'policy empty version 1;\n' >"$tmp/empty.mica"
run empty 4 "$tmp/empty.mica"
says empty "cannot run: the policy declares no Realm: there is nothing to deploy or attest"

# ---- 4: memory ---------------------------------------------------------

# hello (mica(5)): the scratch granule; the Realm's run, RD, root RTT,
# level 1, 2 and 3 RTTs for its image (IPA 0) and again for its window
# (IPA 2^47: another 512 GiB table), image and 24 RAM pages, REC; and the
# 16 pages of nic: 1 + 3 + 6 + 25 + 1 + 16 = 52 granules, 208 KiB.
cat >"$tmp/hello.mica" <<'EOF'
policy hello version 1;
realm web {
  measurement = sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef;
  trust = trusted;
}
region nic : unprotected, 64 KiB {
  web: rw @ 0x8000_0000_0000;
  host: rw;
}
allow web hostcall 0x10;
EOF
run memfits 0 "$tmp/hello.mica" --adopt-measurements --memory 208KiB
run memshort 4 "$tmp/hello.mica" --adopt-measurements --memory 204KiB
says memshort "cannot run: its Realms and regions need 208 KiB of the model's memory, and it has 204 KiB: run with --memory 208KiB or more"
run memhuge 4 "$src/examples/video_moderation.mica" --memory 16MiB
says memhuge "need 24.8 MiB (25352 KiB) of the model's memory, and it has 16 MiB"
"$fvp" run "$tmp/hello.mica" --out "$tmp/x" --memory 1GiB >/dev/null 2>"$tmp/big.err"
[ $? -eq 2 ] || no "--memory above the build's maximum is not a usage error"
grep -qF "this build of the model has at most 256 MiB" "$tmp/big.err" ||
	no "--memory 1GiB: $(cat "$tmp/big.err")"
"$fvp" run "$tmp/hello.mica" --out "$tmp/x" --memory 5000 >/dev/null 2>&1
[ $? -eq 2 ] || no "--memory 5000 (not whole granules) accepted"

# ---- 1: attestation ------------------------------------------------------

ex=$src/examples/federated_analytics.mica
run silent 1 "$ex" --fault starve:aggregator
says silent "NOT verified: no reply from 'aggregator' to the tenant's hello"
run badtoken 1 "$src/examples/guarded_llm.mica" --fault token
says badtoken "NOT verified: the group token from 'gateway' does NOT verify: signature-fails"
[ -s "$tmp/badtoken/token.cbor" ] || no "badtoken: the bad token was not kept"
grep -qF "does NOT verify" "$tmp/badtoken/report.txt" ||
	no "badtoken: no reason in report.txt"

# ---- 3: traffic, with a good token ---------------------------------------

run starved 3 "$ex" --fault starve:model
says starved "attestation verified; traffic FAILED: exit 'aggregator' sent nothing back: it got nothing from 'model' in 'results': 'model' never got the input sent to 'hospital_a': 'hospital_a' writes it to 'records_a', but the host never entered 'model'"
grep -qF "[6/6] check: traffic FAILED: exit 'aggregator' sent nothing back" \
	"$tmp/starved/report.txt" || no "starved: no reason in report.txt"
grep -q "NOT verified" "$tmp/starved.err" "$tmp/starved/report.txt" &&
	no "starved: a good token called NOT verified"
grep -qF "[4/6] attest: group token from 'hospital_a'" "$tmp/starved/report.txt" ||
	no "starved: the attestation verdict is missing"

run tampered 3 "$src/examples/guarded_llm.mica" --fault results
says tampered "traffic FAILED: the results from 'gateway' do not decrypt: not from the attested realm, or changed on the way"

run leaked 3 "$tmp/hello.mica" --adopt-measurements --fault plaintext:web
says leaked "traffic FAILED: the canary was found in host-visible memory"

# ---- 2: usage ------------------------------------------------------------

for bad in "--fault bogus" "--fault starve" "--fault starve:nobody" \
	   "--fault token:web"; do
	"$fvp" run "$tmp/hello.mica" --out "$tmp/x" $bad >/dev/null 2>&1
	[ $? -eq 2 ] || no "$bad: not a usage error"
done
exit $fail
