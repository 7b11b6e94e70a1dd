#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# audit.sh -- the audit record end to end in the FVP model (man/mica-rmm.7,
# AUDIT; man/mica-fvp-scenario.5, `audit`): after an attack the victim's
# token carries count 1 and the chain this script computes itself
# (python3 hashlib) from the one record the attack must leave; a Realm
# nobody attacked carries count 0 and the all-zero chain; a wrong chain
# or count is caught (exit 1); and `mica-fvp run` reports the counts.
#
#   audit.sh MICA_FVP SOURCE_DIR
set -u
fvp=$1
src=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad() { echo "FAIL: $*"; fail=1; }

# chain' = SHA-256(chain || record); a record is kind (u32), code (u32),
# status (u64), target (u64), little-endian. The attack: the gateway (a
# strict Realm allowed host calls 0x10..0x1f) calls the host with 0x20;
# the exit filter denies it: kind 3 (exit), code 5 (HOST_CALL, the exit
# reason), status 2 (it resumes with RETURN), target 0x20 (the immediate).
chain=$(python3 -c '
import hashlib, struct
c = bytes(32)
for rec in [(3, 5, 2, 0x20)]:
    c = hashlib.sha256(c + struct.pack("<IIQQ", *rec)).digest()
print(c.hex())')
zero=$(printf '0%.0s' $(seq 64))

scenario() {   # scenario COUNT CHAIN > FILE
	cat <<SCN
policy $src/examples/video_moderation.mica
create gateway
bind gateway
activate gateway
create encoder
bind encoder
activate encoder
create checker
bind checker
activate checker
map gateway raw_frames 0
plant gateway raw_frames 0
hostcall gateway 0x20 expect denied rsi
attest gateway
audit $1 $2
attest checker
audit 0 $zero
canary absent
SCN
}

scenario 1 "$chain" >"$tmp/good.scn"
"$fvp" script "$tmp/good.scn" >"$tmp/out" 2>&1 ||
	{ bad "the attacked gateway's token: not count 1 and the chain"; cat "$tmp/out"; }
grep -q ': audit 1 [0-9a-f]*: ok$' "$tmp/out" || bad "no audit step ran"

# The engine can fail: another chain, another count.
scenario 1 "$zero" >"$tmp/chain.scn"
"$fvp" script "$tmp/chain.scn" >"$tmp/out" 2>&1
[ $? -eq 1 ] || bad "a wrong chain was not caught"
grep -q 'denied audit (count 1, another chain)' "$tmp/out" ||
	bad "the wrong chain's message"
scenario 2 "$chain" >"$tmp/count.scn"
"$fvp" script "$tmp/count.scn" >"$tmp/out" 2>&1
[ $? -eq 1 ] || bad "a wrong count was not caught"

# A run attacks nobody: every Realm 0, the entry Realm's token too.
"$fvp" run "$src/examples/video_moderation.mica" --out "$tmp/run" --quiet ||
	bad "mica-fvp run failed"
grep -qF "      audit: refused attempts per realm: 'gateway' 0 (its token: 0), 'encoder' 0, 'checker' 0" \
	"$tmp/run/report.txt" || { bad "run report: no audit line"; cat "$tmp/run/report.txt"; }

[ $fail -eq 0 ] && echo "audit.sh: ok"
exit $fail
