#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds Mica and runs the whole test suite with CTest.
#   scripts/test.sh              the normal build, in build/
#   scripts/test.sh --sanitize   everything under ASan + UBSan, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --sanitize ]; then
	scripts/build.sh build-asan -DMICA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	dir=build-asan
else
	scripts/build.sh build
	dir=build
fi
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
