#!/usr/bin/env bash
# The main job: build micac and check every bundled example policy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh build
status=0
for f in examples/*.mica; do
	if build/micac check "$f"; then
		echo "ok      $f"
	else
		echo "FAILED  $f"
		status=1
	fi
done
exit $status
