#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# digests.sh [--update] MICAC FVP SRCDIR -- proves that the toolchain's
# outputs are byte-identical to the recorded ones: for every example in
# examples/, the SHA-256 of each blob and of reference.json written by
# `micac compile` (man/micac.1), and of token.cbor and report.txt written
# by `mica-fvp run --out` (man/mica-fvp.1), must equal the lines of
# tests/outputs/expected.sha256. Runs are deterministic (tests/fvp/run.sh
# checks that two runs agree), so any difference is a change in
# behaviour.
#
# When a change of output is intended, regenerate the file with one
# command from the top of the source tree, then review the diff:
#   tests/outputs/digests.sh --update BUILD/micac BUILD/mica-fvp .
set -u
update=0
if [ "${1:-}" = --update ]; then update=1; shift; fi
[ $# -eq 3 ] || { echo "usage: digests.sh [--update] MICAC FVP SRCDIR" >&2; exit 2; }
micac=$(realpath "$1") fvp=$(realpath "$2") src=$(realpath "$3")
expected=$src/tests/outputs/expected.sha256
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The report names the policy as given on the command line, so the
# examples are named relative to the source tree, as a user would.
cd "$src" || exit 2
for p in examples/*.mica; do
	ex=$(basename "$p" .mica)
	"$micac" compile "$p" -o "$tmp/compile/$ex" >/dev/null 2>"$tmp/e" ||
		{ echo "FAIL: $ex: micac compile: $(cat "$tmp/e")"; fail=1; }
	"$fvp" run "$p" --out "$tmp/run/$ex" --quiet >/dev/null 2>"$tmp/e" ||
		{ echo "FAIL: $ex: mica-fvp run: $(cat "$tmp/e")"; fail=1; }
done
[ $fail -eq 0 ] || exit 1
(cd "$tmp" && find compile run -type f \
	\( -path 'compile/*' -o -name token.cbor -o -name report.txt \) |
	LC_ALL=C sort | xargs sha256sum) >"$tmp/actual"

if [ $update -eq 1 ]; then
	cp "$tmp/actual" "$expected"
	echo "wrote $expected ($(wc -l <"$expected") digests)"
	exit 0
fi
if ! diff -u "$expected" "$tmp/actual"; then
	echo "FAIL: outputs differ from tests/outputs/expected.sha256" \
		"(if intended: tests/outputs/digests.sh --update MICAC FVP SRCDIR)"
	exit 1
fi
echo "ok: $(wc -l <"$tmp/actual") outputs byte-identical"
