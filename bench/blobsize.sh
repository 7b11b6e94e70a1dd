#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Blob size benchmark: compiles every example policy and prints, per
# realm, the blob's size, the digest bytes in it (the lower bound) and
# the rest, with each SHA-256 policy measured again with SHA-512
# measurements. Fails if a blob exceeds 450 bytes (the budget set for
# the Mica paper's four examples, the default; payment_tokenizer's
# gateway, with four peers, exceeds it when widened to SHA-512).
#   bench/blobsize.sh [FILE.mica...]     (default: the paper's examples)
# Environment: BUILD_DIR (default build-bench).
# Results and their discussion: bench/BLOBSIZE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build-bench}
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(examples/{agent_guardrails,agent_llm,guarded_llm,video_moderation}.mica)

scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target blobsize >/dev/null

echo "micac blob format $(sed -n 's/^#define MICA_BLOB_MAJOR \([0-9]*\)u$/\1/p' \
	include/mica/blob.h).$(sed -n 's/^#define MICA_BLOB_MINOR \([0-9]*\)u$/\1/p' \
	include/mica/blob.h), $(date -u '+%Y-%m-%d')"
echo
"$build/bench/blobsize" "${files[@]}"
