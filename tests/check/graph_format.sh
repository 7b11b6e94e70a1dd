#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# graph_format.sh MICAC SRCDIR -- which format `micac graph` writes:
#  1. without -T, OUT's extension decides: .svg renders SVG (well-formed
#     XML, checked by python3's xml.etree, naming every Realm of the
#     policy), .dot and .gv write DOT; on every example;
#  2. -T overrides the extension, spelled -Tsvg or -T svg;
#  3. an unknown extension (or none) without -T is a usage error: exit 2,
#     nothing written, not even to standard output;
#  4. without Graphviz's `dot` on PATH, -Tsvg exits 2 with a message
#     naming it and writes nothing, to a file or to standard output.
set -u
[ $# -eq 2 ] || { echo "usage: graph_format.sh MICAC SRCDIR" >&2; exit 2; }
micac=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
command -v dot >/dev/null 2>&1 ||
	{ echo "Graphviz's dot is not installed (scripts/deps.sh)"; exit 77; }
py=$(command -v python3) || { echo "no python3"; exit 77; }

# svg_ok FILE POLICY: FILE is well-formed XML, an <svg> whose text
# includes the name of every realm POLICY declares.
svg_ok() {
	"$py" - "$1" "$2" <<'EOT'
import re, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
if not root.tag.endswith("svg"):
    sys.exit("root element is %s, not svg" % root.tag)
src = open(sys.argv[2], encoding="utf-8").read()
src = re.sub(r"//[^\n]*|/\*.*?\*/", " ", src, flags=re.S)
realms = re.findall(r"\brealm\s+([A-Za-z_][A-Za-z0-9_-]*)\s*\{", src)
texts = {"".join(t.itertext()).strip() for t in root.iter()
         if t.tag.endswith("text")}
missing = [r for r in realms if r not in texts]
if not realms or missing:
    sys.exit("realms %s not drawn (of %s)" % (missing, realms))
EOT
}

# ---- 1. the extension decides ---------------------------------------------
n=0
for f in "$src"/examples/*.mica; do
	b=$(basename "$f" .mica)
	"$micac" graph "$f" -o "$tmp/$b.svg" 2>"$tmp/err" ||
		bad "$b -o .svg: exit $?: $(cat "$tmp/err")"
	svg_ok "$tmp/$b.svg" "$f" || bad "$b.svg"
	"$micac" graph "$f" -o "$tmp/$b.gv" && "$micac" graph "$f" -o "$tmp/$b.dot" ||
		bad "$b: -o .gv or .dot failed"
	"$micac" graph "$f" >"$tmp/$b.stdout"
	cmp -s "$tmp/$b.gv" "$tmp/$b.stdout" && cmp -s "$tmp/$b.dot" "$tmp/$b.stdout" ||
		bad "$b: .gv and .dot are not the DOT text of standard output"
	n=$((n + 1))
done
[ $n -ge 1 ] || bad "no examples"
ex=$src/examples/guarded_llm.mica

# ---- 2. -T overrides ------------------------------------------------------------
"$micac" graph "$ex" -Tdot -o "$tmp/t.svg" || bad "-Tdot -o t.svg: exit $?"
head -c 8 "$tmp/t.svg" | grep -q '^digraph' || bad "-Tdot -o t.svg did not write DOT"
"$micac" graph "$ex" -Tsvg -o "$tmp/t.dot" || bad "-Tsvg -o t.dot: exit $?"
svg_ok "$tmp/t.dot" "$ex" || bad "-Tsvg -o t.dot did not write SVG"
"$micac" graph "$ex" -T svg -o "$tmp/t.txt" || bad "-T svg -o t.txt: exit $?"
cmp -s "$tmp/t.txt" "$tmp/t.dot" || bad "-T svg and -Tsvg differ"
"$micac" graph "$ex" -Tsvg >"$tmp/t.out" || bad "-Tsvg to standard output"
svg_ok "$tmp/t.out" "$ex" || bad "-Tsvg on standard output is not SVG"

# ---- 3. unknown extensions --------------------------------------------------------
for o in flow.txt flow flow.svg.bak .svgx; do
	"$micac" graph "$ex" -o "$tmp/$o" >"$tmp/out" 2>"$tmp/err"; st=$?
	[ $st -eq 2 ] || bad "-o $o: exit $st, expected 2"
	[ -e "$tmp/$o" ] && bad "-o $o: wrote the file"
	[ -s "$tmp/out" ] && bad "-o $o: wrote to standard output"
	grep -q "cannot tell a format from" "$tmp/err" || bad "-o $o: no message"
done
[ -z "$(ls "$tmp" | grep '\.tmp\.')" ] || bad "temporaries left: $(ls "$tmp")"

# ---- 4. no Graphviz -----------------------------------------------------------------
mkdir "$tmp/empty"
echo OLD >"$tmp/keep.svg"
PATH=$tmp/empty "$micac" graph "$ex" -o "$tmp/keep.svg" >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 2 ] || bad "without dot: exit $st, expected 2"
[ "$(cat "$tmp/keep.svg")" = OLD ] || bad "without dot: the output was replaced"
grep -q "'dot' is not installed" "$tmp/err" || bad "without dot: message '$(cat "$tmp/err")'"
PATH=$tmp/empty "$micac" graph "$ex" -Tsvg >"$tmp/out" 2>/dev/null; st=$?
[ $st -eq 2 ] && [ ! -s "$tmp/out" ] || bad "without dot, to standard output: $st"
PATH=$tmp/empty "$micac" graph "$ex" -o "$tmp/ok.dot" || bad "DOT needs no Graphviz"

[ $fail -eq 0 ] && echo "graph formats: $n examples, ok"
exit $fail
