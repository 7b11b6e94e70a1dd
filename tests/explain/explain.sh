#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# explain.sh MICAC SRCDIR -- micac explain against paths worked out by
# hand: the example of the language contract (spec7.mica, section 7)
# and chain4.mica (a 4-hop path, a trusted realm ending the chain, a
# pair the chain never touches); targets reached, stopped by a trusted
# realm, and out of reach for want of an access; JSON; exit statuses.
# The line numbers below are those of the two files.
set -u
[ $# -eq 2 ] || { echo "usage: explain.sh MICAC SRCDIR" >&2; exit 2; }
micac=$1 dir=$2/tests/explain
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 count=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS EXPECTED ARGS...: micac explain ARGS (run in the test
# folder, so paths name the files as given) prints EXPECTED, exits STATUS.
expect() {
	local want=$1 text=$2 st
	shift 2
	count=$((count + 1))
	(cd "$dir" && "$micac" explain "$@") >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq "$want" ] || fail "explain $*: exit $st, expected $want"
	printf '%s\n' "$text" >"$tmp/want"
	cmp -s "$tmp/out" "$tmp/want" ||
		fail "explain $*:$(diff "$tmp/want" "$tmp/out")"
}

# ---- section 7: filter -> screened -> model -> answers -> gateway ----
# gateway is trusted: prompts (line 14), nic (26) and the host (its host
# call, line 29: the direct edge, one hop shorter than through nic) lie
# beyond it.
F1="    spec7.mica:18: filter -w-> screened"
F2="    spec7.mica:19: screened -r-> model (distrustful)"
F3="    spec7.mica:22: model -w-> answers"
F4="    spec7.mica:23: answers -r-> gateway (trusted)"
expect 0 "filter (distrustful realm) reaches 4 nodes
  screened (region), 1 hop
$F1
  model (distrustful realm), 2 hops
$F1
$F2
  answers (region), 3 hops
$F1
$F2
$F3
  gateway (trusted realm), 4 hops: data stops here (a trusted realm may declassify)
$F1
$F2
$F3
$F4
beyond trusted realms, not attributed to filter: 3 nodes
  prompts (region), 5 hops, stopped by gateway
$F1
$F2
$F3
$F4
    spec7.mica:14: gateway -w-> prompts
  nic (region), 5 hops, stopped by gateway
$F1
$F2
$F3
$F4
    spec7.mica:26: gateway -w-> nic
  host (host), 5 hops, stopped by gateway
$F1
$F2
$F3
$F4
    spec7.mica:29: gateway -hostcall-> host" spec7.mica filter

expect 0 "filter reaches model in 2 hops
$F1
$F2" spec7.mica filter model

expect 0 "filter reaches gateway in 4 hops
$F1
$F2
$F3
$F4
  data stops at gateway (a trusted realm may declassify)" spec7.mica filter gateway

# No path to the host: the trusted gateway stops it.
expect 0 "filter does not reach host
  stopped by trusted realm gateway: data stops there (a trusted realm may declassify); the shortest path through gateway:
$F1
$F2
$F3
$F4
    spec7.mica:29: gateway -hostcall-> host" spec7.mica filter host

# The model's answers go back to the filter only through the gateway.
expect 0 "model does not reach filter
  stopped by trusted realm gateway: data stops there (a trusted realm may declassify); the shortest path through gateway:
$F3
$F4
    spec7.mica:14: gateway -w-> prompts
    spec7.mica:15: prompts -r-> filter (distrustful)" spec7.mica model filter

# Nothing enters `any`; the nearest change: `any` reading screened,
# which the filter writes.
expect 0 "filter does not reach any
  nothing filter reaches writes a region that any (realms the policy does not name) reads
  nothing enters any
  nearest change: an access line giving any read access to screened (a path of 2 hops)" spec7.mica filter any

# A trusted realm asked about passes its own data on.
expect 0 "gateway reaches host in 1 hop
    spec7.mica:29: gateway -hostcall-> host" spec7.mica gateway host

# ---- chain4: a -> r1 -> b -> r2 -> c -> r3 -> t | net -> host ----
C1="    chain4.mica:15: a -w-> r1"
C2="    chain4.mica:16: r1 -r-> b (distrustful)"
C3="    chain4.mica:19: b -w-> r2"
C4="    chain4.mica:20: r2 -r-> c (distrustful)"
C5="    chain4.mica:23: c -w-> r3"
C6="    chain4.mica:24: r3 -r-> t (trusted)"
expect 0 "a reaches c in 4 hops
$C1
$C2
$C3
$C4" chain4.mica a c

# The host reads net implicitly: the hop names net's declaration (26).
expect 0 "a does not reach host
  stopped by trusted realm t: data stops there (a trusted realm may declassify); the shortest path through t:
$C1
$C2
$C3
$C4
$C5
$C6
    chain4.mica:27: t -w-> net
    chain4.mica:26: net -host-read-> host" chain4.mica a host

expect 0 "a does not reach d
  nothing a reaches writes a region that d reads
  what enters d:
    chain4.mica:31: r5 -r-> d (distrustful)
  nearest change: an access line giving a write access to r5 (a path of 2 hops)" chain4.mica a d

expect 0 "a does not reach r5
  nothing a reaches writes r5
  what enters r5:
    chain4.mica:30: e -w-> r5
  nearest change: an access line giving a write access to r5 (a path of 1 hop)" chain4.mica a r5

expect 0 "a does not reach e
  nothing a reaches writes a region that e reads
  nothing enters e
  nearest change: an access line giving e read access to r1 (a path of 2 hops)" chain4.mica a e

# ---- JSON ----
count=$((count + 1))
(cd "$dir" && "$micac" explain chain4.mica a --json) >"$tmp/a.json" ||
	fail "explain --json: not 0"
python3 - "$tmp/a.json" <<'PY' || fail "explain --json: shape or paths"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["policy"] == "chain4" and d["realm"] == "a", d
assert d["trust"] == "distrustful"
names = [(n["name"], n["hops"]) for n in d["reaches"]]
assert names == [("r1", 1), ("b", 2), ("r2", 3), ("c", 4), ("r3", 5),
                 ("t", 6)], names
c = d["reaches"][3]
assert c["kind"] == "realm" and c["trust"] == "distrustful"
assert [(h["edge"], h["line"], h["column"]) for h in c["path"]] == \
    [("w", 15, 3), ("r", 16, 3), ("w", 19, 3), ("r", 20, 3)]
t = d["reaches"][5]
assert t["stops"] is True and t["sink"] is False and t["trust"] == "trusted"
beyond = [(n["name"], n["kind"], n["stopped_by"]) for n in d["stopped"]]
assert beyond == [("net", "region", "t"), ("host", "host", "t")], beyond
assert d["stopped"][1]["path"][-1]["edge"] == "host-read"
assert d["stopped"][1]["sink"] is True
PY
count=$((count + 1))
(cd "$dir" && "$micac" explain --json chain4.mica a d) >"$tmp/d.json" ||
	fail "explain --json a d: not 0"
python3 - "$tmp/d.json" <<'PY' || fail "explain --json a d: shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["target"] == "d" and d["target_kind"] == "realm"
assert d["reached"] is False and d["path"] is None
assert d["stopped_by"] == [] and d["stopped_path"] is None
assert d["missing"] == "nothing a reaches writes a region that d reads"
assert [(e["from"], e["edge"], e["line"]) for e in d["entries"]] == \
    [("r5", "r", 31)]
assert d["fix"] == {"realm": "a", "line": "access", "rights": "w",
                    "to": "r5", "hops": 2}, d["fix"]
PY
count=$((count + 1))
(cd "$dir" && "$micac" explain spec7.mica filter host --json) >"$tmp/h.json" ||
	fail "explain --json filter host: not 0"
python3 - "$tmp/h.json" <<'PY' || fail "explain --json filter host: shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["reached"] is False and d["stopped_by"] == ["gateway"]
assert [h["line"] for h in d["stopped_path"]] == [18, 19, 22, 23, 29]
assert d["missing"] is None and d["fix"] is None
PY

# ---- errors ----
# run STATUS PATTERN ARGS...: exit STATUS, stderr matching PATTERN,
# nothing on stdout.
run() {
	local want=$1 pat=$2 st
	shift 2
	count=$((count + 1))
	(cd "$dir" && "$micac" explain "$@") >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq "$want" ] || fail "explain $*: exit $st, expected $want"
	[ -s "$tmp/out" ] && fail "explain $*: wrote to stdout"
	grep -q -- "$pat" "$tmp/err" || fail "explain $*: stderr lacks '$pat'"
}
run 2 "no realm, region, host or any 'rr1' (did you mean 'r1'?)" \
	chain4.mica a rr1
run 2 "no realm 'aa' (did you mean 'a'?)" chain4.mica aa
run 2 "no realm 'modle' (did you mean 'model'?)" spec7.mica modle
run 2 "no realm 'zzz'$" chain4.mica zzz
# A region is no REALM.
run 2 "no realm 'r1'" chain4.mica r1
run 2 "needs FILE and REALM" chain4.mica
run 2 "too many operands" chain4.mica a b c
run 2 "cannot read" none.mica a
printf 'policy broken version 1\n' >"$tmp/broken.mica"
run 1 "broken.mica:1:.*error" "$tmp/broken.mica" a
# '-' reads standard input.
count=$((count + 1))
"$micac" explain - a c <"$dir/chain4.mica" | grep -qx \
	"    <stdin>:15: a -w-> r1" || fail "explain - : paths do not name <stdin>"

echo "$count cases, $failures failures"
[ $failures -eq 0 ]
