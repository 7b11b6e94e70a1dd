#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh FVP MICAC SRCDIR -- end-to-end tests of `mica-fvp run` and
# `mica-fvp measure` (man/mica-fvp.1): every example in examples/
# deploys, attests and comes back intact; its tokens (one per endpoint)
# verify with `micac verify` (the same code path as any other CCA token)
# against micac's own reference values; runs are byte-for-byte
# reproducible; a declared measurement that is not the image's is
# refused with nothing written.
set -u
fvp=$1 micac=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# The four examples from the paper run programs of their own; the
# tenant examples run the generic ones.
bundled=" video_moderation guarded_llm agent_llm agent_guardrails "
n=0
for p in "$src"/examples/*.mica; do
	ex=$(basename "$p" .mica)
	n=$((n + 1))
	out=$tmp/$ex
	"$fvp" run "$p" --out "$out" --quiet >"$tmp/o" 2>"$tmp/e" ||
		no "$ex: run failed: $(cat "$tmp/o" "$tmp/e")"
	for f in token.cbor platform-key.pem reference.json report.txt; do
		[ -s "$out/$f" ] || no "$ex: $f missing"
	done
	# The token verifies with the verifier users run, against the
	# reference values micac compiles independently of the model.
	"$micac" compile "$p" -o "$tmp/c-$ex" >/dev/null ||
		no "$ex: micac compile failed"
	cmp -s "$out/reference.json" "$tmp/c-$ex/reference.json" ||
		no "$ex: reference.json is not micac's"
	for t in "$out"/token*.cbor; do
		"$micac" verify --token "$t" \
			--platform-key "$out/platform-key.pem" \
			--reference "$tmp/c-$ex/reference.json" --require-all \
			>"$tmp/v" 2>&1 ||
			no "$ex: micac verify refused $t: $(cat "$tmp/v")"
		grep -q "the attesting realm" "$tmp/v" ||
			no "$ex: no attesting realm named"
	done
	# A wrong challenge: the token is not fresh for it.
	"$micac" verify --token "$out/token.cbor" \
		--platform-key "$out/platform-key.pem" \
		--challenge "$(printf '00%.0s' $(seq 64))" >"$tmp/v" 2>&1
	[ $? -eq 1 ] || no "$ex: a wrong challenge was accepted"
	# A flipped byte in the token's signed payload is caught.
	cp "$out/token.cbor" "$tmp/t"
	printf '\x55' | dd of="$tmp/t" bs=1 seek=200 conv=notrunc status=none
	"$micac" verify --token "$tmp/t" --platform-key "$out/platform-key.pem" \
		>/dev/null 2>&1
	[ $? -eq 1 ] || no "$ex: a changed token was accepted"
	grep -q "canary never in host-visible memory" "$out/report.txt" ||
		no "$ex: no canary statement"
	grep -q "checksum holds, input digest matches" "$out/report.txt" ||
		no "$ex: results not checked"
	# The example carries the model's measurements.
	"$fvp" measure "$p" >"$tmp/m" || no "$ex: measure failed"
	[ "$(wc -l <"$tmp/m")" -ge 2 ] || no "$ex: measure printed too little"
	while read -r realm digest prog; do
		grep -q "$digest" "$p" || no "$ex: $realm's $digest not in the policy"
		case $bundled in
		*" $ex "*) want="$ex/$realm" ;;
		*) want="entry or generic"
		   case $prog in entry | generic) want=$prog ;; esac ;;
		esac
		[ "$prog" = "$want" ] || no "$ex: $realm runs $prog, not $want"
	done <"$tmp/m"
done
[ $n -ge 7 ] || no "only $n examples found"

# The tenant examples: results come back at every endpoint, one token
# each (hand-counted from the policies: endpoints are the trusted Realms
# with an unprotected rw window).
for x in "federated_analytics 3 hospital_b aggregator" \
	 "fine_tuning 2 evaluator" "payment_tokenizer 2 acquirer_link"; do
	set -- $x
	ex=$1 eps=$2
	shift 2
	grep -q "traffic: .* to $eps endpoints" "$tmp/$ex/report.txt" ||
		no "$ex: not $eps endpoints"
	for e in "$@"; do
		[ -s "$tmp/$ex/token-$e.cbor" ] || no "$ex: no token from $e"
	done
done
# The model's results of both hospitals' records reach the aggregator.
for h in hospital_a hospital_b; do
	grep -q "result via $h -> model: .* checksum holds, input digest matches" \
		"$tmp/federated_analytics/report.txt" ||
		no "federated_analytics: $h's records did not come back through the model"
done
grep -q "exit 'aggregator': 3 results" "$tmp/federated_analytics/report.txt" ||
	no "federated_analytics: the aggregator's results"
# Two writers share the auth region, one slot each.
for w in tokenizer fraud; do
	grep -q "result via pos_gateway -> $w: " \
		"$tmp/payment_tokenizer/report.txt" ||
		no "payment_tokenizer: nothing from $w"
done

# The video pipeline's frames come back decoded byte for byte.
grep -q "vetted stream decodes to the frames sent, byte for byte" \
	"$tmp/video_moderation/report.txt" || no "video: frames not intact"
grep -q "verdict: clean" "$tmp/video_moderation/report.txt" ||
	no "video: no verdict"

# The README's main job shows what scripts/demo.sh prints, byte for byte
# (the run from the source tree into build/demo, then micac verify).
awk '/^```$/ { if (on) exit; if (seen) on = 1; next }
     /^The main job compiles/ { seen = 1 }
     on { print }' "$src/README.md" >"$tmp/readme"
[ "$(wc -l <"$tmp/readme")" -ge 15 ] || no "README: no main job output found"
(cd "$src" && "$fvp" run examples/video_moderation.mica --out "$tmp/demo" &&
	echo && "$micac" verify --token "$tmp/demo/token.cbor" \
		--platform-key "$tmp/demo/platform-key.pem" \
		--reference "$tmp/demo/reference.json" --require-all) 2>&1 |
	sed "s|$tmp/demo|build/demo|g" >"$tmp/demo.out"
diff "$tmp/readme" "$tmp/demo.out" >"$tmp/d" ||
	no "README's main job output differs from the run: $(cat "$tmp/d")"

# Reproducible: the same run gives the same bytes.
"$fvp" run "$src/examples/video_moderation.mica" --out "$tmp/again" --quiet ||
	no "second run failed"
for f in token.cbor report.txt; do
	cmp -s "$tmp/video_moderation/$f" "$tmp/again/$f" || no "$f differs between runs"
done

# A declared measurement that is not the image's: refused, naming the
# realm and both values, and no output directory at all.
sed 's/sha256:27a86e37[0-9a-f]*/sha256:1111111111111111111111111111111111111111111111111111111111111111/' \
	"$src/examples/video_moderation.mica" >"$tmp/declared.mica"
grep -q 'sha256:1111' "$tmp/declared.mica" || no "test policy not made"
"$fvp" run "$tmp/declared.mica" --out "$tmp/refused" >"$tmp/o" 2>"$tmp/e"
[ $? -eq 1 ] || no "mismatch not refused"
grep -q "realm 'gateway'.*sha256:1111.*sha256:27a86e37" "$tmp/e" ||
	no "mismatch message: $(cat "$tmp/e")"
[ ! -e "$tmp/refused" ] || no "a refused run wrote output"
# ... unless adopted: then the declared value is what is attested.
"$fvp" run "$tmp/declared.mica" --out "$tmp/adopted" --adopt-measurements \
	--quiet || no "adopted run failed"
grep -q "declared measurements adopted" "$tmp/adopted/report.txt" ||
	no "adoption not reported"
"$micac" verify --token "$tmp/adopted/token.cbor" \
	--platform-key "$tmp/adopted/platform-key.pem" \
	--reference "$tmp/adopted/reference.json" --require-all >/dev/null ||
	no "adopted token does not verify"

# Any other policy runs the generic stage in every realm.
cat >"$tmp/generic.mica" <<'POL'
policy relay version 3;
realm front { measurement = sha256:0101010101010101010101010101010101010101010101010101010101010101; trust = trusted; }
realm worker { measurement = sha256:0202020202020202020202020202020202020202020202020202020202020202; }
realm second { measurement = sha256:0303030303030303030303030303030303030303030303030303030303030303; }
region jobs : protected, 256 KiB { front: w @ 0x1000_0000; worker: r @ 0x1000_0000; }
region mid : protected, 128 KiB { worker: w @ 0x2000_0000; second: r @ 0x2000_0000; }
region done : protected, 128 KiB { second: w @ 0x3000_0000; front: r @ 0x3000_0000; }
region net : unprotected, 512 KiB { front: rw @ 0x8000_0000_0000; host: rw; }
POL
"$fvp" run "$tmp/generic.mica" --out "$tmp/g" --adopt-measurements >"$tmp/o" 2>&1 ||
	no "generic run failed: $(cat "$tmp/o")"
grep -q "worker .*generic" "$tmp/o" || no "worker does not run the generic stage"
grep -q "result via front -> worker -> second: .* checksum holds, input digest matches" \
	"$tmp/g/report.txt" || no "generic result not intact"

# The same pipeline through 4 KiB windows: the input (over 5 KiB) goes in
# chunks, in more rounds, and the same results come back intact.
sed 's/[0-9]* KiB {/4 KiB {/' "$tmp/generic.mica" >"$tmp/small.mica"
[ "$(grep -c '4 KiB {' "$tmp/small.mica")" -eq 4 ] || no "small windows not made"
"$fvp" run "$tmp/small.mica" --out "$tmp/s" --adopt-measurements >"$tmp/o" 2>&1 ||
	no "4 KiB windows: run failed: $(cat "$tmp/o")"
rounds() { sed -n 's/.* \([0-9]*\) scheduling rounds$/\1/p' "$1"; }
[ "$(rounds "$tmp/s/report.txt")" -gt "$(rounds "$tmp/g/report.txt")" ] ||
	no "4 KiB windows took no more rounds: not carried in chunks?"
diff <(grep "result via" "$tmp/g/report.txt") \
	<(grep "result via" "$tmp/s/report.txt") >/dev/null ||
	no "4 KiB windows: other results than with large ones"

# Usage and input errors.
"$fvp" run "$src/examples/video_moderation.mica" >/dev/null 2>&1
[ $? -eq 2 ] || no "missing --out not a usage error"
"$fvp" run "$tmp/none.mica" --out "$tmp/n" >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] || no "missing policy not exit 2"
grep -q "mica-fvp: cannot read" "$tmp/e" || no "missing policy message"
printf 'policy x version 1;\nrealm a {\n' >"$tmp/bad.mica"
"$fvp" run "$tmp/bad.mica" --out "$tmp/n" >/dev/null 2>"$tmp/e"
[ $? -eq 1 ] || no "bad policy not exit 1"
grep -q "bad.mica:[0-9]*:[0-9]*: error:" "$tmp/e" || no "bad policy diagnostic"
"$fvp" frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || no "unknown command not exit 2"
[ ! -e "$tmp/n" ] || no "a failed run wrote output"
exit $fail
