#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The main job: build the tools, compile the bundled video moderation
# pipeline, run it end to end on the platform model (deploy through the
# RMM, attest with a group token, send sealed traffic through the
# pipeline, check what comes back), then verify the token the run wrote
# the way a tenant's verifier would.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh build
policy=examples/video_moderation.mica
out=build/demo
rm -rf "$out"
build/mica-fvp run "$policy" --out "$out"
echo
build/micac verify --token "$out/token.cbor" \
	--platform-key "$out/platform-key.pem" \
	--reference "$out/reference.json" --require-all
