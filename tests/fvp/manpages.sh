#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# manpages.sh FVP MICAC SRCDIR -- the man pages' examples run green on
# the model:
#   1. every policy of mica(5) (its .EX blocks: hello, video_moderation,
#      sensor_fusion) runs with `mica-fvp run --adopt-measurements` to
#      exit 0, with its results intact;
#   2. every command block of mica-fvp(1)'s EXAMPLES (the .nf/.fi blocks,
#      roff escapes undone) runs under `bash -e` to exit 0, in a scratch
#      directory holding examples/ and, as workflow.mica, mica(5)'s
#      hello, with /tmp/ replaced by a scratch directory.
set -u
fvp=$1 micac=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

# ---- 1. mica(5) ---------------------------------------------------------
awk -v dir="$tmp" '
	/^\.EX/ { n++; f = dir "/policy" n ".mica"; next }
	/^\.EE/ { f = ""; next }
	f { print > f }
' "$src/man/mica.5"
n=0
for p in "$tmp"/policy*.mica; do
	n=$((n + 1))
	name=$(sed -n 's/^policy \([a-z_]*\) .*/\1/p' "$p")
	"$fvp" run "$p" --out "$tmp/out-$name" --adopt-measurements --quiet \
		2>"$tmp/e" || no "mica(5) $name: $(cat "$tmp/e")"
	grep -q "^\[6/6\] check: [1-9][0-9]* results intact" \
		"$tmp/out-$name/report.txt" 2>/dev/null ||
		no "mica(5) $name: no intact results"
	echo "ok: mica(5) $name"
done
[ $n -ge 3 ] || no "only $n policies found in mica(5)"
[ -s "$tmp/out-hello/report.txt" ] || no "mica(5) has no hello"
# hello's web maps a 64 KiB rw window: it talks to the tenant through it;
# sensor_fusion's hub maps no unprotected memory: the model's mailbox.
grep -qF "entry realm 'web' talks to the tenant through its unprotected window" \
	"$tmp/out-hello/report.txt" || no "hello: step 3 does not say web's window"
grep -qF "no trusted realm can both read and write unprotected memory: the model carries the tenant's messages to and from entry realm 'hub'" \
	"$tmp/out-sensor_fusion/report.txt" || no "sensor_fusion: step 3 mailbox"
cp "$tmp/policy1.mica" "$tmp/workflow.mica"
grep -q "^policy hello " "$tmp/workflow.mica" || no "hello is not the first"

# ---- 2. mica-fvp(1) ------------------------------------------------------
mkdir -p "$tmp/work" "$tmp/bin" "$tmp/scratch"
ln -s "$src/examples" "$tmp/work/examples"
mv "$tmp/workflow.mica" "$tmp/work/"
ln -s "$fvp" "$tmp/bin/mica-fvp"
ln -s "$micac" "$tmp/bin/micac"
awk -v dir="$tmp" '
	/^\.SH EXAMPLES/ { on = 1; next }
	/^\.SH/ { on = 0 }
	on && /^\.nf/ { n++; f = dir "/block" n ".sh"; next }
	on && /^\.fi/ { f = ""; next }
	f { gsub(/\\-/, "-"); gsub(/\\e/, "\\"); print > f }
' "$src/man/mica-fvp.1"
n=0
for b in "$tmp"/block*.sh; do
	n=$((n + 1))
	sed -i "s|/tmp/|$tmp/scratch/|g" "$b"
	(cd "$tmp/work" && PATH="$tmp/bin:$PATH" bash -e "$b") \
		>"$tmp/o" 2>&1 || no "mica-fvp(1) example $n: $(cat "$b" "$tmp/o")"
	! grep -q ": failed" "$tmp/o" || no "mica-fvp(1) example $n: $(cat "$tmp/o")"
	echo "ok: mica-fvp(1) example $n"
done
[ $n -ge 4 ] || no "only $n examples found in mica-fvp(1)"
grep -q "attested, and the results came back intact" "$tmp/o" ||
	no "mica-fvp(1)'s last example did not say both verdicts are good"
exit $fail
