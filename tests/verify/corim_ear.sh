#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# corim_ear.sh MICAC FVP SRCDIR -- the CoRIMs of micac compile, their
# signed forms, micac verify --reference with each form, and the EAR of
# micac verify --ear / --ear-key, on real group tokens of mica-fvp.
# Every value is checked by corim_ear.py, which decodes CBOR, JSON, JWS
# and checks ECDSA on its own (nothing of micac's), against reference.json.
# Without python3: exit 77 (skipped).
set -u
[ $# -eq 3 ] || { echo "usage: corim_ear.sh MICAC FVP SRCDIR" >&2; exit 2; }
micac=$1 fvp=$2 src=$3
py=$src/tests/verify/corim_ear.py
# Debian's python3 (scripts/deps.sh) when there, else the first on PATH.
python3() { if [ -x /usr/bin/python3 ]; then /usr/bin/python3 "$@"; else command python3 "$@"; fi; }
python3 -c 'pass' 2>/dev/null || { echo "python3 missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 cases=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# ok DESC CMD...: CMD must succeed.
ok() { local d=$1; shift; cases=$((cases + 1)); "$@" >"$tmp/o" 2>&1 || { fail "$d"; cat "$tmp/o"; }; }

# Two policies of SHA-256: g (tested, three realms sharing regions) and o
# (another one, for a RIM no realm of g has).
g=video_moderation o=federated_analytics
"$fvp" run "$src/examples/$g.mica" --out "$tmp/run" --quiet 2>/dev/null ||
	{ echo "FAIL: mica-fvp run"; exit 1; }
tok=$tmp/run/token.cbor cpak=$tmp/run/platform-key.pem
ok "keygen P-256" python3 "$py" keygen P-256 "$tmp/k256.pem" "$tmp/k256.pub"
ok "keygen P-384" python3 "$py" keygen P-384 "$tmp/k384.pem" "$tmp/k384.pub"
ok "compile $g" "$micac" compile "$src/examples/$g.mica" -o "$tmp/g" --sign-key "$tmp/k256.pem"
ok "compile $o" "$micac" compile "$src/examples/$o.mica" -o "$tmp/o384" --sign-key "$tmp/k384.pem"
cmp -s "$tmp/g/reference.json" "$tmp/run/reference.json" || fail "mica-fvp and micac disagree on reference.json"

# ---- 1. the CoRIMs against reference.json; the signed forms ---------------
ok "corim $g" python3 "$py" corim "$tmp/g"
ok "corim $o" python3 "$py" corim "$tmp/o384"
for f in reference mica; do
	ok "cose $f ES256" python3 "$py" cose "$tmp/g/$f.corim.cose" "$tmp/k256.pub" "$tmp/g/$f.corim"
	ok "cose $f ES384" python3 "$py" cose "$tmp/o384/$f.corim.cose" "$tmp/k384.pub" "$tmp/o384/$f.corim"
done
# Signed with another key: the independent check refuses it.
cases=$((cases + 1))
python3 "$py" cose "$tmp/o384/mica.corim.cose" "$tmp/k256.pub" "$tmp/o384/mica.corim" >/dev/null &&
	fail "the checker accepts a signature with the wrong key"
# Deterministic, signatures included.
"$micac" compile "$src/examples/$g.mica" -o "$tmp/g2" --sign-key "$tmp/k256.pem" >/dev/null 2>&1
for f in reference.corim mica.corim reference.corim.cose mica.corim.cose; do
	cases=$((cases + 1))
	cmp -s "$tmp/g/$f" "$tmp/g2/$f" || fail "$f differs between two runs"
done
# --list-outputs names the signed forms too, after the others.
cases=$((cases + 1))
"$micac" compile "$src/examples/$g.mica" -o D --list-outputs --sign-key "$tmp/k256.pem" | tail -4 >"$tmp/l"
printf 'D/reference.corim\nD/mica.corim\nD/reference.corim.cose\nD/mica.corim.cose\n' | cmp -s - "$tmp/l" ||
	fail "--list-outputs --sign-key: $(cat "$tmp/l")"
# A P-521 or unreadable key: status 2, nothing written.
cases=$((cases + 1))
"$micac" compile "$src/examples/$g.mica" -o "$tmp/none" --sign-key "$tmp/k256.pub" 2>"$tmp/e"
[ $? -eq 2 ] && [ ! -e "$tmp/none" ] && grep -q "not a private key" "$tmp/e" ||
	fail "--sign-key with a public key: $(cat "$tmp/e")"

# ---- 2. the same verdicts from every form of the reference ----------------
ch=$(python3 "$py" claim10 "$tok")
other=$(printf '%0128d' 7)
forms="reference.json reference.corim mica.corim reference.corim.cose mica.corim.cose"
verify() { # REFDIR FORM [ARGS...]: status, stdout in $tmp/v, stderr in $tmp/e
	local d=$1 f=$2; shift 2
	local k=()
	case $f in *.cose) k=(--reference-key "$tmp/k256.pub") ;; esac
	[ "$d" = "$tmp/o384" ] && case $f in *.cose) k=(--reference-key "$tmp/k384.pub") ;; esac
	"$micac" verify --token "$tok" --platform-key "$cpak" --reference "$d/$f" "${k[@]}" "$@" >"$tmp/v" 2>"$tmp/e"
}
for f in $forms; do
	cases=$((cases + 1))
	verify "$tmp/g" "$f" --challenge "$ch" --require-all
	[ $? -eq 0 ] && [ "$(grep -c '^verified: member [0-9]*: realm' "$tmp/v")" = 3 ] &&
		grep -q "the attesting realm" "$tmp/v" || fail "$f: good token: $(cat "$tmp/e")"
	cases=$((cases + 1))
	verify "$tmp/o384" "$f"
	[ $? -eq 1 ] && grep -q "realm token RIM (claim 44238) .*: no realm of policy $o has this final RIM" "$tmp/e" ||
		fail "$f: another policy: $(cat "$tmp/e")"
	cases=$((cases + 1))
	verify "$tmp/g" "$f" --challenge "$other"
	[ $? -eq 1 ] && grep -q "realm challenge (claim 10) does not match" "$tmp/e" ||
		fail "$f: wrong challenge: $(cat "$tmp/e")"
done
# The attesting realm's name (for the member case below).
verify "$tmp/g" reference.json
att=$(sed -n 's/^verified: member [0-9]*: realm \([^ ]*\) .*the attesting realm$/\1/p' "$tmp/v")
[ -n "$att" ] || fail "no attesting realm"

# ---- 3. broken references: status 2, one line -----------------------------
cases=$((cases + 1))
verify "$tmp/g" mica.corim.cose --reference-key /dev/null
[ $? -eq 2 ] || fail "a signed CoRIM with an unusable key"
cases=$((cases + 1))
"$micac" verify --token "$tok" --platform-key "$cpak" --reference "$tmp/g/mica.corim.cose" >"$tmp/v" 2>"$tmp/e"
[ $? -eq 2 ] && grep -q -- "--reference-key" "$tmp/e" || fail "a signed CoRIM without --reference-key: $(cat "$tmp/e")"
cases=$((cases + 1))
verify "$tmp/g" mica.corim.cose --reference-key "$tmp/k384.pub"
[ $? -eq 2 ] || fail "a signed CoRIM checked with another key"
# Every byte of a signed CoRIM flipped: refused, status 2, one line.
mkdir "$tmp/flip"
python3 -c "
import sys
b = open(sys.argv[1], 'rb').read()
for i in range(len(b)):
    f = bytearray(b); f[i] ^= 0x01
    open('%s/%05d.cose' % (sys.argv[2], i), 'wb').write(f)
" "$tmp/g/reference.corim.cose" "$tmp/flip"
for f in "$tmp"/flip/*.cose; do
	cases=$((cases + 1))
	"$micac" verify --token "$tok" --platform-key "$cpak" --reference "$f" \
		--reference-key "$tmp/k256.pub" >"$tmp/v" 2>"$tmp/e"
	st=$?
	if [ $st -ne 2 ] || [ "$(wc -l <"$tmp/e")" != 1 ] || [ -s "$tmp/v" ]; then
		fail "$(basename "$f" .cose): that byte of reference.corim.cose flipped: status $st: $(cat "$tmp/e")"
		break
	fi
done
# An unsigned CoRIM cut short: status 2, the offset named.
head -c 100 "$tmp/g/mica.corim" >"$tmp/cut.corim"
cases=$((cases + 1))
"$micac" verify --token "$tok" --platform-key "$cpak" --reference "$tmp/cut.corim" >"$tmp/v" 2>"$tmp/e"
[ $? -eq 2 ] && grep -q "cut.corim: at byte .*truncated" "$tmp/e" || fail "a cut CoRIM: $(cat "$tmp/e")"

# ---- 4. EAR --------------------------------------------------------------
wf=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['workflow_digest'])" "$tmp/g/reference.json")
members=$(python3 -c "import json,sys; print(','.join(sorted(json.load(open(sys.argv[1]))['realms'])))" "$tmp/g/reference.json")
export SOURCE_DATE_EPOCH=1767225600
ear() { # FORM REFDIR STATUS EARFILE [ARGS...]
	local f=$1 d=$2 want=$3 out=$4; shift 4
	cases=$((cases + 1))
	verify "$d" "$f" --ear "$out" "$@"
	local st=$?
	[ $st -eq "$want" ] || fail "--ear $*: status $st, not $want: $(cat "$tmp/e")"
}
ear mica.corim "$tmp/g" 0 "$tmp/good.json" --challenge "$ch" --require-all
ok "EAR good" python3 "$py" ear "$tmp/good.json" good iat=$SOURCE_DATE_EPOCH nonce="$ch" workflow="$wf" members="$members" token="$tok"
ear reference.json "$tmp/g" 0 "$tmp/good.jwt" --ear-key "$tmp/k256.pem"
ok "EAR good, JWT" python3 "$py" ear "$tmp/good.jwt" good "$tmp/k256.pub" iat=$SOURCE_DATE_EPOCH workflow="$wf" members="$members"
# The JWT's signature is checked for real: another key fails it.
cases=$((cases + 1))
python3 "$py" keygen P-256 "$tmp/x.pem" "$tmp/x.pub"
python3 "$py" ear "$tmp/good.jwt" good "$tmp/x.pub" >/dev/null && fail "the JWT verifies with another key"
# Without SOURCE_DATE_EPOCH, iat is now.
cases=$((cases + 1))
before=$(date +%s)
SOURCE_DATE_EPOCH= ; unset SOURCE_DATE_EPOCH
verify "$tmp/g" mica.corim --ear "$tmp/now.json"
now=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['iat'])" "$tmp/now.json")
[ "$now" -ge "$before" ] && [ "$now" -le "$(date +%s)" ] || fail "iat $now is not now"
export SOURCE_DATE_EPOCH=1767225600
# Failures: the EAR is written, says where, and the status stays 1.
cases=$((cases + 1))
"$micac" verify --token "$tok" --platform-key "$tmp/k384.pub" --ear "$tmp/badsig.json" >/dev/null 2>&1
[ $? -eq 1 ] || fail "bad signature: status"
ok "EAR bad signature" python3 "$py" ear "$tmp/badsig.json" badsig iat=$SOURCE_DATE_EPOCH
ear mica.corim "$tmp/o384" 1 "$tmp/rim.json"
ok "EAR RIM mismatch" python3 "$py" ear "$tmp/rim.json" rim
ear reference.corim "$tmp/g" 1 "$tmp/ch.json" --challenge "$other"
ok "EAR challenge mismatch" python3 "$py" ear "$tmp/ch.json" challenge nonce="$other"
# A group member that matches no realm: another realm's RIM in reference.json.
bad=$(python3 -c "import sys; print([n for n in sys.argv[2].split(',') if n != sys.argv[1]][0])" "$att" "$members")
python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
x = r['realms'][sys.argv[2]]
x['rim'] = ('0' if x['rim'][0] != '0' else '1') + x['rim'][1:]
open(sys.argv[3], 'w').write(json.dumps(r, indent=2, sort_keys=True) + '\n')
" "$tmp/g/reference.json" "$bad" "$tmp/member.json"
cases=$((cases + 1))
"$micac" verify --token "$tok" --platform-key "$cpak" --reference "$tmp/member.json" --ear "$tmp/member.ear" >/dev/null 2>"$tmp/e"
[ $? -eq 1 ] && grep -q "group member .*no realm of policy $g has this final RIM" "$tmp/e" ||
	fail "member: $(cat "$tmp/e")"
# The member is named by its index: no realm of the reference took it.
idx=$(python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))
print([k[len('mica.member.'):] for k, a in e['submods'].items()
       if k.startswith('mica.member.') and a['ear.trustworthiness-vector']['executables'] == 96][0])" "$tmp/member.ear")
ok "EAR member matches no realm" python3 "$py" ear "$tmp/member.ear" member bad="$idx"
# Usage errors write no EAR: a P-384 --ear-key, --ear-key alone.
cases=$((cases + 1))
verify "$tmp/g" mica.corim --ear "$tmp/no.json" --ear-key "$tmp/k384.pem"
[ $? -eq 2 ] && [ ! -e "$tmp/no.json" ] && grep -q "P-256" "$tmp/e" || fail "--ear-key P-384: $(cat "$tmp/e")"
cases=$((cases + 1))
verify "$tmp/g" mica.corim --ear-key "$tmp/k256.pem"
[ $? -eq 2 ] || fail "--ear-key without --ear"
cases=$((cases + 1))
SOURCE_DATE_EPOCH=soon verify "$tmp/g" mica.corim --ear "$tmp/no.json"
[ $? -eq 2 ] && [ ! -e "$tmp/no.json" ] || fail "a bad SOURCE_DATE_EPOCH"

echo "$cases cases, $fails failures"
[ $fails -eq 0 ]
