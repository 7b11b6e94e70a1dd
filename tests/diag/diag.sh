#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# diag.sh MICAC SOURCE_DIR -- micac's diagnostics for machines and people
# (micac(1), OPTIONS and DIAGNOSTICS), on the policies in
# tests/diag/policies:
#   - --diagnostics-format=sarif is a valid SARIF 2.1.0 log (sarif_check.py,
#     the schema's requirements transcribed by hand), per file and for all
#     files at once, a clean policy included; the checker itself rejects
#     broken logs;
#   - --diagnostics-format=json has the documented shape, and text, json
#     and sarif list the same diagnostics (json_check.py);
#   - exit statuses do not depend on the format;
#   - fix-its, applied as an editor would, remove what they fix;
#   - the root-cause note comes once, a 3-hop leak path is three related
#     locations, each rule id is in the table and in micac(1);
#   - JSON escaping (quotes, control characters, invalid UTF-8 in a name);
#   - --color: escapes with always, none with never, the same text once
#     stripped; auto follows the terminal and NO_COLOR.
set -u
micac=$1 src=$2
pol=$src/tests/diag/policies
here=$src/tests/diag
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

cd "$pol" || exit 2
all=$(ls *.mica)

# ---- the formats, file by file and all together ------------------------
for f in $all; do
	"$micac" check --color=never "$f" 2>"$tmp/$f.txt" >"$tmp/out"
	st_text=$?
	[ -s "$tmp/out" ] && no "$f: text wrote on standard output"
	"$micac" check --diagnostics-format=json "$f" >"$tmp/$f.json" \
		2>"$tmp/err"
	st_json=$?
	"$micac" check --diagnostics-format=sarif "$f" >"$tmp/$f.sarif" \
		2>>"$tmp/err"
	st_sarif=$?
	[ -s "$tmp/err" ] && no "$f: json/sarif wrote on standard error"
	[ "$st_text $st_json $st_sarif" = "$st_text $st_text $st_text" ] ||
		no "$f: exit statuses differ: $st_text $st_json $st_sarif"
	python3 "$here/sarif_check.py" "$tmp/$f.sarif" || no "$f: sarif"
	python3 "$here/json_check.py" . "$tmp/$f.txt" "$tmp/$f.json" \
		"$tmp/$f.sarif" || no "$f: json/text/sarif"
done
[ "$(wc -l <"$tmp/clean.mica.txt")" -eq 0 ] || no "clean.mica is not clean"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]
sys.exit(r["results"] != [])' "$tmp/clean.mica.sarif" ||
	no "clean.mica: results not empty"
[ "$(cat "$tmp/clean.mica.json")" = "[]" ] || no "clean.mica: json not []"

# shellcheck disable=SC2086
"$micac" check --color=never $all 2>"$tmp/all.txt"
st=$?
[ $st -eq 1 ] || no "all files: status $st"
# shellcheck disable=SC2086
"$micac" check --diagnostics-format=json $all >"$tmp/all.json"
# shellcheck disable=SC2086
"$micac" check --diagnostics-format=sarif $all >"$tmp/all.sarif"
python3 "$here/sarif_check.py" "$tmp/all.sarif" || no "all files: sarif"
python3 "$here/json_check.py" . "$tmp/all.txt" "$tmp/all.json" \
	"$tmp/all.sarif" || no "all files: json/text/sarif"
[ "$(grep -c '"ruleId"' "$tmp/all.sarif")" -ge 14 ] ||
	no "all files: fewer results than the files have"

# compile takes the formats too, and --list-outputs refuses them
"$micac" compile --diagnostics-format=sarif names.mica -o "$tmp/o" \
	>"$tmp/c.sarif"
st=$?
[ $st -eq 1 ] || no "compile --diagnostics-format=sarif: status $st"
python3 "$here/sarif_check.py" "$tmp/c.sarif" || no "compile: sarif"
[ -e "$tmp/o" ] && no "compile wrote outputs for a bad policy"
"$micac" compile --diagnostics-format=json clean.mica -o "$tmp/o" \
	>"$tmp/c.json" || no "compile clean.mica failed"
[ "$(cat "$tmp/c.json")" = "[]" ] || no "compile clean.mica: json not []"
"$micac" compile --diagnostics-format=json clean.mica -o "$tmp/o2" \
	--list-outputs >"$tmp/out" 2>/dev/null
[ $? -eq 2 ] && [ ! -s "$tmp/out" ] ||
	no "compile --list-outputs took a json format"
"$micac" check --diagnostics-format=xml clean.mica >"$tmp/out" 2>/dev/null
[ $? -eq 2 ] && [ ! -s "$tmp/out" ] || no "an unknown format was taken"

# ---- the checkers reject what they must --------------------------------
python3 - "$tmp/leak.mica.sarif" "$tmp/bad" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
r = log["runs"][0]["results"][0]
bad = [("version", lambda l: l.update(version="2.0.0")),
       ("message", lambda l: l["runs"][0]["results"][0].pop("message")),
       ("extra", lambda l: l["runs"][0]["results"][0].update(line=3)),
       ("column0", lambda l: l["runs"][0]["results"][0]["locations"][0]
        ["physicalLocation"]["region"].update(startColumn=0)),
       ("ruleIndex", lambda l: l["runs"][0]["results"][0]
        .update(ruleIndex=0))]
for name, spoil in bad:
    l = json.loads(json.dumps(log))
    spoil(l)
    json.dump(l, open(f"{sys.argv[2]}.{name}", "w"))
PY
for b in version message extra column0 ruleIndex; do
	python3 "$here/sarif_check.py" "$tmp/bad.$b" >/dev/null &&
		no "sarif_check.py accepted a log with a bad $b"
done

# ---- what the diagnostics say ------------------------------------------
python3 - "$tmp/leak.mica.sarif" "$tmp/leak.mica.json" <<'PY' || no "leak"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
js = json.load(open(sys.argv[2]))
# a's path: a --w--> ga --r--> gateway --hostcall--> host: three hops,
# each a related location with its message, after the path and hint
a = [r for r in res if "realm 'a'" in r["message"]["text"]][0]
hops = [l for l in a["relatedLocations"]
        if "-->" in l["message"]["text"] and "leak path" not in
        l["message"]["text"]]
assert [h["message"]["text"] for h in hops] == [
    "a --w--> ga", "ga --r--> gateway", "gateway --hostcall--> host"], hops
assert [h["physicalLocation"]["region"]["startLine"] for h in hops] == \
    [9, 10, 16], hops
# the root cause, once, with its fix-it after gateway's '{'
roots = [c for d in js for c in d["children"] if "by default" in
         c["message"]]
assert len(roots) == 1 and roots[0]["fixits"] == [{
    "start": {"file": "leak.mica", "line": 5, "column": 16},
    "end": {"file": "leak.mica", "line": 5, "column": 16},
    "string": " trust = trusted;"}], roots
assert all(d["rule"] == "mica.flow.leak" for d in js)
PY
for f in names syntax leak; do
	"$micac" check --diagnostics-format=json $f.mica >"$tmp/fx.json"
	python3 "$here/apply_fixits.py" "$tmp/fx.json" $f.mica \
		"$tmp/$f.fixed.mica"
	(cd "$tmp" && "$micac" check $f.fixed.mica 2>"$tmp/$f.fixed.txt")
	echo $? >"$tmp/$f.fixed.st"
done
grep -c ': error:' "$tmp/names.fixed.txt" | grep -qx 1 &&
	grep -q "unknown realm 'zzz'\$" "$tmp/names.fixed.txt" ||
	no "names.mica: the fix-its did not leave just 'zzz'"
grep -q "unexpected\|malformed" "$tmp/syntax.fixed.txt" &&
	no "syntax.mica: syntax errors left after the fix-its"
[ "$(cat "$tmp/leak.fixed.st")" = 0 ] ||
	no "leak.mica: the root-cause fix-it did not remove the leaks"

# every rule: each format in the sources has one, micac(1) lists them all
python3 "$here/fmts.py" "$src" || no "a diagnostic without a rule"
python3 - "$tmp/clean.mica.sarif" "$src/man/micac.1" <<'PY' || no "rules"
import json, re, sys
ids = [r["id"] for r in
       json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]]
man = open(sys.argv[2]).read()
sec = man[man.index(".SS Rules"):man.index(".SS Machine-readable")]
listed = [m.replace("\\-", "-") for m in re.findall(r"^\.B (mica\.\S+)$",
                                                     sec, re.M)]
assert ids == listed, (ids, listed)
assert len(set(ids)) == len(ids)
PY

# ---- escaping ----------------------------------------------------------
name=$(printf 'q"uo\\te\tx\377.mica')
cp clean.mica "$tmp/$name"
printf 'realm zz { }\n' >>"$tmp/$name"
(cd "$tmp" && "$micac" check --diagnostics-format=json "$name" \
	>"$tmp/esc.json"
"$micac" check --diagnostics-format=sarif "$name" >"$tmp/esc.sarif")
python3 - "$tmp/esc.json" "$tmp/esc.sarif" <<'PY' || no "escaping"
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")                 # strict: no raw invalid byte
d = json.loads(raw)
assert d[0]["locations"][0]["file"] == 'q"uo\\te\tx\ufffd.mica', d[0]
assert b'\\"' in raw and b"\\\\" in raw and b"\\t" in raw and \
    b"\\ufffd" in raw, raw
s = json.loads(open(sys.argv[2], "rb").read().decode("utf-8"))
uri = s["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
    "artifactLocation"]["uri"]
assert uri == "q%22uo%5Cte%09x%FF.mica", uri
PY

# ---- colour ------------------------------------------------------------
"$micac" check --color=always names.mica 2>"$tmp/always.txt"
"$micac" check --color=never names.mica 2>"$tmp/never.txt"
grep -q $'\033\\[01;31m' "$tmp/always.txt" ||
	no "--color=always: no red error"
grep -q $'\033' "$tmp/never.txt" && no "--color=never: escapes"
sed $'s/\033\\[[0-9;]*[mK]//g' "$tmp/always.txt" | cmp -s - "$tmp/never.txt" ||
	no "--color=always without its escapes differs from never"
for c in $'\033\\[01m\033\\[Knames.mica:6:3:' $'\033\\[01;32m' $'\033\\[32m\033\\[Kgateway'; do
	grep -q "$c" "$tmp/always.txt" || no "--color=always lacks ${c#?}"
done
NO_COLOR=1 "$micac" check --color=always names.mica 2>&1 |
	grep -q $'\033' || no "NO_COLOR turned off --color=always"
"$micac" check names.mica 2>&1 | grep -q $'\033' &&
	no "auto coloured a pipe"
# auto on a terminal: a pseudo-terminal as standard error
tty_run() {
	python3 - "$@" <<'PY'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stderr=s, stdout=subprocess.DEVNULL)
os.close(s)
out = b""
while True:
    try:
        b = os.read(m, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
p.wait()
sys.stdout.write("colour" if b"\033[" in out else "plain")
PY
}
[ "$(env -u NO_COLOR bash -c "$(declare -f tty_run); tty_run '$micac' check names.mica")" = colour ] ||
	no "auto on a terminal, NO_COLOR unset: no colour"
[ "$(NO_COLOR= tty_run "$micac" check names.mica)" = colour ] ||
	no "auto on a terminal, NO_COLOR empty: no colour"
[ "$(NO_COLOR=1 tty_run "$micac" check names.mica)" = plain ] ||
	no "auto on a terminal, NO_COLOR=1: colour"
[ "$(NO_COLOR=1 tty_run "$micac" compile --color=always names.mica -o "$tmp/o3")" = colour ] ||
	no "compile --color=always on a terminal, NO_COLOR=1: no colour"
[ "$(tty_run "$micac" graph --color=never names.mica)" = plain ] ||
	no "graph --color=never coloured"

[ $fail -eq 0 ] && echo "ok: diagnostics formats, fix-its, colour"
exit $fail
