#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# diff.sh MICAC SRCDIR -- micac diff on pairs of policies with one known
# difference each, made from base.mica by one edit; the expected
# differences are written here by hand (base.mica's lines are numbered
# in the comments where a path names them). Then the consequences (flow
# paths gained and lost, blobs, RIMs against what micac compile writes
# in reference.json), the shuffled copy that means the same, JSON, and
# the exit statuses.
set -u
[ $# -eq 2 ] || { echo "usage: diff.sh MICAC SRCDIR" >&2; exit 2; }
micac=$1 dir=$2/tests/explain
base=$dir/base.mica
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 count=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# variant NAME SED-SCRIPT: base.mica edited, as $tmp/NAME.mica.
variant() { sed "$2" "$base" >"$tmp/$1.mica"; cmp -s "$base" "$tmp/$1.mica" &&
	fail "$1: the edit changed nothing"; }

# check NAME STATUS EXPECTED: micac diff base NAME exits STATUS and its
# declaration sections (policy, realms, regions, allows) are EXPECTED.
check() {
	local name=$1 want=$2 expected=$3 st
	count=$((count + 1))
	(cd "$tmp" && "$micac" diff "$base" "$name.mica") >"$tmp/$name.out" \
		2>"$tmp/$name.err"
	st=$?
	[ $st -eq "$want" ] || fail "$name: exit $st, expected $want"
	sed -n '/^\(flows\|blobs\|rims\):$/q; p' "$tmp/$name.out" >"$tmp/got"
	printf '%s\n' "$expected" >"$tmp/want"
	cmp -s "$tmp/got" "$tmp/want" ||
		fail "$name: declarations differ:$(diff "$tmp/want" "$tmp/got")"
}
# has NAME LINE: the output of NAME has the exact line.
has() { grep -qxF -- "$2" "$tmp/$1.out" || fail "$1: no line '$2'"; }
hasnt() { grep -qF -- "$2" "$tmp/$1.out" && fail "$1: unexpected '$2'"; }

H2=2222222222222222222222222222222222222222222222222222222222222222
H6=6666666666666666666666666666666666666666666666666666666666666666

variant version 's/^policy shop version 1;/policy shop version 2;/'
check version 1 "policy:
  policy version: 1 -> 2"

variant realm_added '$a realm audit { measurement = sha256:'"$H6"'; }'
check realm_added 1 "realms:
  audit added"
# A realm added: its blob and RIM are new, and every other blob changes
# (the workflow digest covers the whole policy).
grep -qE '^  audit added: [0-9]+ bytes$' "$tmp/realm_added.out" ||
	fail "realm_added: no blob added"
grep -qE '^  audit added: [0-9a-f]{64}$' "$tmp/realm_added.out" ||
	fail "realm_added: no RIM added"
for r in bank filter gateway model spare; do
	grep -qE "^  $r changed: [0-9]+ bytes -> [0-9]+ bytes$" \
		"$tmp/realm_added.out" || fail "realm_added: blob $r unchanged"
done

variant realm_removed '/^realm spare/d'
check realm_removed 1 "realms:
  spare removed"
grep -qE '^  spare removed: [0-9]+ bytes$' "$tmp/realm_removed.out" ||
	fail "realm_removed: no blob removed"

variant measurement "s/$H2/$H6/"
check measurement 1 "realms:
  filter measurement: sha256:$H2 -> sha256:$H6"

variant trust 's/^realm model { /realm model { trust = trusted; /'
check trust 1 "realms:
  model trust: distrustful -> trusted"
grep -qx "flows:" "$tmp/trust.out" &&
	fail "trust: a trusted model that writes nothing changes no flow"

variant strict '8s/trust = trusted;/trust = trusted; strict = false;/'
check strict 1 "realms:
  gateway strict: true -> false"

variant size '18s/8 KiB/16 KiB/'
check size 1 "regions:
  prompts size: 8192 -> 16384"

variant kind '30s/protected/unprotected/; 31s/0x100030000/0x800000010000/'
check kind 1 "regions:
  scratch kind: protected -> unprotected
  scratch host access: none -> rw (implicit)
  scratch gateway ipa: 0x100030000 -> 0x800000010000"

variant rights '28s/model: r @/model: rw @/'
check rights 1 "regions:
  inbox model rights: r -> rw"

variant ipa '20s/0x100000000/0x100040000/'
check ipa 1 "regions:
  prompts filter ipa: 0x100000000 -> 0x100040000"

variant limit '27s/limit 2/limit 3/'
check limit 1 "regions:
  inbox any limit: 2 -> 3"

# A participant added opens a path: filter writes answers (line 23),
# which model now reads (line 25 of the variant).
variant reader '24a\  model:   r @ 0x100050000;'
check reader 1 "regions:
  answers access model: r @ 0x100050000"
has reader "flows:"
has reader "  filter -> model gained: 2 hops, path in NEW"
has reader "      reader.mica:23: filter -w-> answers"
has reader "      reader.mica:25: answers -r-> model (distrustful)"

variant psci '$a allow gateway psci;'
check psci 1 "allows:
  gateway psci: not allowed -> allowed"

variant widened 's/hostcall 0x10..0x13;/hostcall 0x10..0x1f;/'
check widened 1 "allows:
  gateway hostcall: 0x10..0x13 -> 0x10..0x1f
  gateway hostcall added: 0x14..0x1f"

# Removing bank's only allow line (line 40) loses its one way out.
variant noallow '/^allow bank/d'
check noallow 1 "allows:
  bank hostcall: 0x1 -> none
  bank hostcall removed: 0x1"
has noallow "  bank -> host lost: 1 hop, path in OLD"
has noallow "      $base:40: bank -hostcall-> host"

# An untrusted gateway: filter's answers (line 23, read on line 24) now
# reach it, a leak, and go on to the host through its host call (line
# 38), the first way out in the graph's edge order. NEW is refused by
# the checker: it has no blobs.
variant untrusted '0,/trust = trusted;/s//trust = untrusted;/'
check untrusted 1 "realms:
  gateway trust: trusted -> untrusted"
has untrusted "  filter -> gateway leak gained: 2 hops, a leak, path in NEW"
has untrusted "  filter -> host gained: 3 hops, a leak, path in NEW"
has untrusted "      untrusted.mica:38: gateway -hostcall-> host"
has untrusted "  NEW not compiled: refused by micac check"
grep -q "error: distrustful realm 'filter' can leak" "$tmp/untrusted.err" ||
	fail "untrusted: the checker's diagnostics are not shown"
# The other way round, the leak is lost, with its path in OLD.
count=$((count + 1))
(cd "$tmp" && "$micac" diff untrusted.mica "$base") >"$tmp/back.out" 2>/dev/null
[ $? -eq 1 ] || fail "untrusted back: not 1"
has back "  filter -> gateway leak lost: 2 hops, a leak, path in OLD"
has back "  OLD not compiled: refused by micac check"

# Equal meaning: the shuffled, reformatted copy, and base with itself.
for other in "$dir/base_shuffled.mica" "$base"; do
	count=$((count + 1))
	"$micac" diff "$base" "$other" >"$tmp/same.out" 2>/dev/null
	st=$?
	[ $st -eq 0 ] || fail "diff base $(basename "$other"): exit $st"
	[ "$(cat "$tmp/same.out")" = "the policies mean the same" ] ||
		fail "diff base $(basename "$other"): $(cat "$tmp/same.out")"
done

# RIMs against reference.json, which micac compile writes: each changed
# RIM line names the RIMs of the two compilations.
count=$((count + 1))
"$micac" compile "$base" -o "$tmp/c-old" 2>/dev/null &&
"$micac" compile "$tmp/measurement.mica" -o "$tmp/c-new" 2>/dev/null ||
	fail "compile"
python3 - "$tmp/c-old/reference.json" "$tmp/c-new/reference.json" \
	"$tmp/measurement.out" <<'PY' || fail "RIMs differ from reference.json"
import json, re, sys
old = json.load(open(sys.argv[1]))["realms"]
new = json.load(open(sys.argv[2]))["realms"]
text = open(sys.argv[3]).read()
rims = text.split("rims:\n", 1)[1]
got = {m[0]: (m[1], m[2]) for m in re.findall(
    r"^  (\S+) changed: ([0-9a-f]+) -> ([0-9a-f]+)$", rims, re.M)}
want = {r: (old[r]["rim"], new[r]["rim"]) for r in old
        if old[r]["rim"] != new[r]["rim"]}
if not want or got != want:
    print("got", got, "want", want)
    sys.exit(1)
PY

# JSON: one object, the sections as arrays, equal false; a flow item
# with its path.
count=$((count + 1))
(cd "$tmp" && "$micac" diff --json "$base" reader.mica) >"$tmp/j.json" 2>/dev/null
[ $? -eq 1 ] || fail "diff --json: not 1"
python3 - "$tmp/j.json" <<'PY' || fail "diff --json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["equal"] is False
for s in ("policy", "realms", "regions", "allows", "flows", "blobs", "rims"):
    assert isinstance(d[s], list), s
assert d["regions"] == [{"subject": "answers", "field": "access model",
                         "old": None, "new": "r @ 0x100050000"}], d["regions"]
f = [x for x in d["flows"] if x["subject"] == "filter -> model"][0]
assert f["field"] == "gained" and [h["line"] for h in f["path"]] == [23, 25]
assert d["new"]["refused"] is False
PY
count=$((count + 1))
"$micac" diff --json "$base" "$dir/base_shuffled.mica" >"$tmp/j.json" 2>/dev/null
[ $? -eq 0 ] || fail "diff --json equal: not 0"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["equal"] is True and all(d[s]==[] for s in ("policy","realms","regions","allows","flows","blobs","rims"))' "$tmp/j.json" || fail "diff --json equal shape"

# Errors: a file that does not parse, a missing file, usage: status 2.
printf 'policy broken version 1\n' >"$tmp/broken.mica"
for args in "$base $tmp/broken.mica" "$base $tmp/none.mica" "$base" \
	    "$base $base $base"; do
	count=$((count + 1))
	"$micac" diff $args >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 2 ] || fail "diff $args: exit $st, expected 2"
	[ -s "$tmp/out" ] && fail "diff $args: wrote to stdout"
done
grep -q "broken.mica:1:.*error" <("$micac" diff "$base" "$tmp/broken.mica" 2>&1) ||
	fail "diff with a broken file: its diagnostics are not printed"
# '-' is standard input.
count=$((count + 1))
"$micac" diff "$base" - <"$dir/base_shuffled.mica" >/dev/null 2>&1 ||
	fail "diff FILE - (the same policy) is not 0"

echo "$count cases, $failures failures"
[ $failures -eq 0 ]
