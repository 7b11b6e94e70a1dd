#!/usr/bin/env bash
# The main job: build micac, then check and compile every bundled example
# policy, and show what a realm's blob holds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh build
out=build/demo
rm -rf "$out"
status=0
for f in examples/*.mica; do
	name=$(basename "$f" .mica)
	if build/micac compile "$f" -o "$out/$name"; then
		printf 'ok      %-34s' "$f"
		for b in "$out/$name"/*.blob; do
			printf ' %s %dB' "$(basename "$b" .blob)" "$(stat -c %s "$b")"
		done
		echo
	else
		echo "FAILED  $f"
		status=1
	fi
done
[ $status -eq 0 ] || exit $status
echo
echo "Blobs and reference values are in $out/. The video moderation" \
	"gateway's blob, decoded (micac dump):"
build/micac dump "$out/video_moderation/gateway.blob"
