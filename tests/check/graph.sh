#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# graph.sh MICAC SRCDIR -- tests of `micac graph`:
#  1. tests/check/graph/leak.mica: the red edges of the DOT output are
#     exactly the hops of the leak paths (as written down by hand in the
#     policy, and as `micac check` prints them), the leaking realms and
#     only they are outlined in red, and the exit status is 1;
#  2. every examples/*.mica: exit 0, output starts with "digraph", no red;
#  3. -o writes the file whole: no temporary left behind, the same bytes
#     as stdout, the mode a plain creat() would give, an existing file
#     replaced (a failed render must keep it: graph_render_fail.sh);
#  4. an unknown -T format, or a missing FILE, exits 2 and writes nothing;
#     a policy that does not parse or resolve exits 1 and draws nothing;
#  5. ripas and paging exits are drawn like the other allow edges, in red
#     on a leak path.
set -u
if [ $# -ne 2 ]; then
	echo "usage: graph.sh MICAC SRCDIR" >&2
	exit 2
fi
micac=$1 src=$2
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# ---- 1. leak paths in red ----------------------------------------------
cp "$src/tests/check/graph/leak.mica" "$tmp/leak.mica"
cd "$tmp" || exit 2
"$micac" graph leak.mica >g.dot 2>g.err
st=$?
[ $st -eq 1 ] || bad "graph of a leaking policy: exit status $st, expected 1"
head -n 1 g.dot | grep -q '^digraph ' || bad "leak.mica: output does not start with digraph"
tail -n 1 g.dot | grep -q '^}$' || bad "leak.mica: output does not end with }"

# "  a -> b [label=..., color=red, ...];" -> "a b"
edges() {
	awk '$2 == "->" && ((want == "red") == ($0 ~ /color=red/)) { print $1, $3 }' \
		want="$1" g.dot | sort
}
edges red >red.txt
edges plain >plain.txt
cat >want.txt <<'EOT'
realm1 region1
realm2 region2
region1 realm2
region2 host
EOT
sort -o want.txt want.txt
diff -u want.txt red.txt || bad "red edges differ from the hand-written leak path (- want, + got)"
# Every edge of the flow graph is drawn, once: 15 in all (g1 2, g2 2,
# out 2 + the host's implicit read and write, back 2, safe 2, tip 2, and
# t's hostcall), of which 4 are red.
[ "$(wc -l <plain.txt)" -eq 11 ] || bad "expected 11 plain edges, got $(wc -l <plain.txt)"
# The leak paths printed by `micac check`, hop by hop, in node ids.
"$micac" check leak.mica 2>check.err
awk '
	/^ *(realm|region)[0-9]+ \[label="/ {
		id = $1; name = $0
		sub(/^[^"]*"/, "", name); sub(/\\n.*/, "", name)
		ids[name] = id
	}
	END { ids["host"] = "host"; ids["any"] = "any"
	      for (n in ids) print n, ids[n] > "ids.txt" }
' g.dot
awk '
	FILENAME == "ids.txt" { id[$1] = $2; next }
	/: note: leak path: / {
		sub(/.*: note: leak path: /, "")
		gsub(/ \([^)]*\)/, "")
		# now: n0 --k--> n1 --k--> n2 ...
		prev = $1
		for (i = 3; i <= NF; i += 2) {
			if (!(prev in id) || !($i in id)) { print "?? " prev " " $i; continue }
			print id[prev], id[$i]; prev = $i
		}
		paths++
	}
	END { if (paths != 2) print "?? expected 2 leak paths, got " paths }
' ids.txt check.err | sort -u >hops.txt
diff -u red.txt hops.txt || bad "red edges differ from the hops of micac check's leak paths (- red, + hops)"
for r in realm1 realm2; do
	grep -q "^  $r \[.*color=red" g.dot || bad "leaking $r is not outlined in red"
done
for r in realm0 realm3 realm4; do
	grep -q "^  $r \[.*color=red" g.dot && bad "$r does not leak but is outlined in red"
done
grep -q '^  region2 -> host \[label="r", style=dotted' g.dot ||
	bad "the host's implicit read of 'out' is not a dotted edge"

# ---- 2. the examples ---------------------------------------------------
n=0
for f in "$src"/examples/*.mica; do
	n=$((n + 1))
	"$micac" graph "$f" >ex.dot 2>ex.err
	st=$?
	[ $st -eq 0 ] || bad "graph $f: exit status $st"
	[ -s ex.err ] && bad "graph $f: printed diagnostics: $(cat ex.err)"
	head -c 8 ex.dot | grep -q '^digraph ' || bad "graph $f: output does not start with digraph"
	grep -q 'color=red' ex.dot && bad "graph $f: a policy without leaks has red in it"
	if command -v dot >/dev/null 2>&1; then
		dot -Tsvg ex.dot >/dev/null 2>ex.err || bad "graph $f: Graphviz rejects the DOT: $(cat ex.err)"
	fi
done
[ $n -ge 1 ] || bad "no examples found in $src/examples"

# ---- 3. -o is atomic ---------------------------------------------------
mkdir out
ex=$(ls "$src"/examples/*.mica | head -n 1)
"$micac" graph "$ex" -o out/g.dot 2>o.err
st=$?
[ $st -eq 0 ] || bad "graph -o: exit status $st: $(cat o.err)"
[ "$(ls -A out)" = "g.dot" ] || bad "graph -o left other files: $(ls -A out)"
"$micac" graph "$ex" >direct.dot
cmp -s out/g.dot direct.dot || bad "graph -o wrote something other than stdout"
# Mode as a plain creat() would give: readable per the umask, not 0600.
(umask 022 && "$micac" graph "$ex" -o out/mode.dot) 2>/dev/null
case $(ls -l out/mode.dot | cut -c1-10) in
-rw-r--r--) ;;
*) bad "graph -o file mode is $(ls -l out/mode.dot | cut -c1-10), expected -rw-r--r-- under umask 022" ;;
esac
rm -f out/mode.dot
# A leaking policy is still drawn, with status 1.
"$micac" graph leak.mica -o out/leak.dot 2>/dev/null
st=$?
[ $st -eq 1 ] || bad "graph -o of a leaking policy: exit status $st, expected 1"
cmp -s out/leak.dot g.dot || bad "graph -o of a leaking policy differs from stdout"
# Replacing a file: a new graph replaces the old one whole. (A failed
# render must keep it: graph_render_fail.sh.)
echo OLD >out/keep.svg
if command -v dot >/dev/null 2>&1; then
	"$micac" graph "$ex" -T svg -o out/keep.svg 2>r.err ||
		bad "graph -T svg: $(cat r.err)"
	grep -q '<svg' out/keep.svg || bad "graph -T svg wrote no SVG"
fi
"$micac" graph "$ex" -o "$tmp/no/such/dir/g.dot" 2>/dev/null
st=$?
[ $st -eq 2 ] || bad "graph -o into a missing directory: exit status $st, expected 2"
left=$(ls -A out | grep -v -x -e g.dot -e leak.dot -e keep.svg)
[ -z "$left" ] || bad "temporary files left behind: $left"

# ---- 4. usage and policy errors ----------------------------------------
"$micac" graph "$ex" -T pdf -o out/x.pdf >t.out 2>t.err
st=$?
[ $st -eq 2 ] || bad "graph -T pdf: exit status $st, expected 2"
grep -q "unknown format 'pdf'" t.err || bad "graph -T pdf: no message naming the format"
[ -e out/x.pdf ] && bad "graph -T pdf created its output file"
[ -s t.out ] && bad "graph -T pdf wrote to stdout"
"$micac" graph >t.out 2>t.err
[ $? -eq 2 ] || bad "graph without FILE: expected exit status 2"
"$micac" graph "$ex" extra.mica >t.out 2>t.err
[ $? -eq 2 ] || bad "graph with two FILEs: expected exit status 2"
"$micac" graph no-such-file.mica >t.out 2>t.err
[ $? -eq 2 ] || bad "graph of a missing file: expected exit status 2"
printf 'policy p version 1;\nrealm a { measurement = sha256:%s; }\nallow b psci;\n' \
	"$(printf '1%.0s' $(seq 64))" >unres.mica
"$micac" graph unres.mica >t.out 2>t.err
st=$?
[ $st -eq 1 ] || bad "graph of an unresolved policy: exit status $st, expected 1"
[ -s t.out ] && bad "graph of an unresolved policy drew something"
grep -q "unknown realm 'b'" t.err || bad "graph of an unresolved policy: no diagnostic"

# ---- 5. RIPAS changes and demand paging ---------------------------------
# d (realm0) leaks through its RIPAS changes; t (realm1) is trusted and may
# let the host serve its page faults. Each exit is one edge to the host.
m1=$(printf '1%.0s' $(seq 64)) m2=$(printf '2%.0s' $(seq 64))
cat >xfer.mica <<EOT
policy xfer version 1;
realm d { measurement = sha256:$m1; }
realm t { measurement = sha256:$m2; trust = trusted; }
region g : protected, 4 KiB { t: w @ 0x1000; d: r @ 0x1000; }
allow d ripas;
allow t paging;
EOT
"$micac" graph xfer.mica >x.dot 2>x.err
st=$?
[ $st -eq 1 ] || bad "graph of xfer.mica: exit status $st, expected 1"
[ "$(grep -c ': error: ' x.err)" -eq 1 ] ||
	bad "xfer.mica: expected the one leak error, got: $(cat x.err)"
grep -qx '  realm0 -> host \[label="ripas", color=red, fontcolor=red, penwidth=2\];' x.dot ||
	bad "xfer.mica: no red ripas edge from d to the host"
grep -qx '  realm1 -> host \[label="paging"\];' x.dot ||
	bad "xfer.mica: no paging edge from t to the host"
[ "$(grep -c -- '-> host' x.dot)" -eq 2 ] ||
	bad "xfer.mica: expected 2 edges to the host, got $(grep -c -- '-> host' x.dot)"

[ $fail -eq 0 ] && echo "graph tests passed"
exit $fail
