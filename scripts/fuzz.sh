#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Fuzzes micac's input decoders with libFuzzer, one target after another:
#   frontend  scanner, parser, diagnostics, and on clean parses lowering
#             and every check, as `micac check` runs them
#   blob      the strict policy-blob decoder behind `micac dump`
#   token     the CCA token decoder and verifier (seeds: ../shared/vectors)
#   blobtrip  the one blob reader (micac dump's and the RMM's) against
#             the writer: every accepted blob re-encodes to its own bytes
#             (fuzz/fuzz_blobtrip.c)
#   corim     micac verify's reference reader (reference.json, CoRIMs,
#             signed CoRIMs) and the EAR appraisal of the same bytes
#             (fuzz/fuzz_corim.c)
#   ni        tests/ni's policy sets and adversarial walk (named explicitly)
#   scripts/fuzz.sh [SECONDS] [TARGET...]   (default 60 s each, all targets)
# Builds build-fuzz with clang, ASan, UBSan and coverage, seeds each
# corpus build-fuzz/corpus-TARGET, and fuzzes for SECONDS. Exits non-zero
# on any crash, sanitizer report, leak, timeout (hang) or out-of-memory;
# the reproducer is left in build-fuzz/artifacts-TARGET/. Replay one with:
#   build-fuzz/fuzz/fuzz_TARGET build-fuzz/artifacts-TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
case $secs in
''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frontend blob token blobtrip corim)
build="build-fuzz"

scripts/deps.sh
mkdir -p "$build"
if ! CC=clang cmake -S . -B "$build" -DMICA_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=Debug >"$build/configure.log" 2>&1; then
	cat "$build/configure.log" >&2
	echo "fuzz.sh: configure failed" >&2
	exit 2
fi
# Only the fuzz targets, and micac to make blob seeds: the rest of the
# tree is built by scripts/build.sh.
if ! cmake --build "$build" -j "$(nproc)" --target micac \
	"${targets[@]/#/fuzz_}" \
	>"$build/build.log" 2>&1; then
	cat "$build/build.log" >&2
	echo "fuzz.sh: build failed" >&2
	exit 2
fi

# seeds TARGET DIR: fills DIR with the target's starting inputs.
seeds() {
	case $1 in
	frontend) cp examples/*.mica fuzz/seeds/frontend/* "$2"/ ;;
	blob|blobtrip)
		# The examples' blobs, and hand-made ones of a newer minor
		# version with unknown keys, valid or not.
		for f in examples/*.mica; do
			"$build/micac" compile "$f" -o "$build/seed-blobs" >/dev/null
		done
		cp "$build"/seed-blobs/*.blob fuzz/seeds/blob/*.blob "$2"/ ;;
	token)
		local v=../shared/vectors
		if [ ! -d "$v" ]; then
			echo "fuzz.sh: $v is missing (shared/ beside the clone)" >&2
			exit 2
		fi
		cp "$v"/tokens/* "$v"/sign1/* "$v"/claimsets/* "$v"/cose/*.cbor \
			"$2"/ ;;
	corim)
		# The examples' reference values in every form, signed with
		# a throwaway key.
		openssl ecparam -name prime256v1 -genkey -noout \
			-out "$build/seed-key.pem" 2>/dev/null || true
		for f in examples/*.mica; do
			n=$(basename "$f" .mica)
			if [ -s "$build/seed-key.pem" ]; then
				"$build/micac" compile "$f" -o "$build/seed-corim/$n" \
					--sign-key "$build/seed-key.pem" >/dev/null
			else
				"$build/micac" compile "$f" -o "$build/seed-corim/$n" >/dev/null
			fi
			for o in "$build/seed-corim/$n"/*.json "$build/seed-corim/$n"/*.corim*; do
				cp "$o" "$2/$n-$(basename "$o")"
			done
		done ;;
	ni) printf 'mica-ni-seed' >"$2/ni-seed" ;;
	*) echo "fuzz.sh: unknown target '$1'" >&2; exit 2 ;;
	esac
}

# Tokens of the language, so mutations make well-formed tokens often.
{
	for kw in policy version hash realm measurement rpv trust trusted \
		distrustful untrusted strict true false region protected \
		unprotected host any limit allow hostcall mmio psci sha256 \
		sha512 B KiB MiB GiB; do
		echo "\"$kw\""
	done
	for p in '{' '}' ';' ':' ',' '=' '@' '*' '..' '//' '/*' '*/' \
		'sha256:' 'sha512:' 'hex:' '0x' '_' 'rw'; do
		echo "\"$p\""
	done
	echo "\"0x8000_0000_0000\""
	echo "\"sha256:$(printf '%064d' 0)\""
	echo "\"\\xc3\\xa9\""
	echo "\"\\x00\""
} >"$build/frontend.dict"

# UBSan reports must stop the run like ASan's do.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

# fuzz TARGET MAXLEN: one bounded run; fails the script on any finding.
fuzz() {
	local t=$1 maxlen=$2 corpus=$build/corpus-$1 artifacts=$build/artifacts-$1
	local log=$build/fuzz-$1.log stamp=$build/stamp-$1 dict=()
	local status found execs rate last cov ft corp
	mkdir -p "$corpus" "$artifacts"
	seeds "$t" "$corpus"
	[ "$t" = frontend ] && dict=(-dict="$build/frontend.dict")
	touch "$stamp"    # findings of this run are newer than it
	echo "fuzz.sh: fuzzing $t for ${secs}s (log: $log)" >&2
	set +e
	"$build/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 \
		-max_len="$maxlen" -timeout=10 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
	status=$?
	set -e

	# The summary must not fail the script itself: a run that stops at
	# the first input has no status lines to grep.
	set +o pipefail
	found=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) \
		-newer "$stamp" | head -n 5 | tr '\n' ' ')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	set -o pipefail

	if [ "$status" -ne 0 ] || [ -n "$found" ]; then
		grep -E -A30 '^==[0-9]+==|runtime error|ERROR: libFuzzer' "$log" |
			head -n 60 >&2 || true
		echo "fuzz.sh: FAILED: $t (exit $status) after ${execs:-?}" \
			"executions; reproducer: ${found:-none written, see $log}" >&2
		exit 1
	fi
	echo "fuzz.sh: ok: fuzz_$t ${secs}s, ${execs:-?} executions" \
		"(${rate:-?}/s), cov ${cov:-?} edges, ft ${ft:-?}," \
		"corpus ${corp:-?} inputs, no crash, leak or hang"
}

for t in "${targets[@]}"; do
	case $t in
	frontend) fuzz frontend 65536 ;;
	blob) fuzz blob 4200 ;;
	blobtrip) fuzz blobtrip 4200 ;;
	token) fuzz token 16384 ;;
	corim) fuzz corim 16384 ;;
	ni) fuzz ni 4096 ;;
	*) echo "fuzz.sh: unknown target '$t'" >&2; exit 2 ;;
	esac
done
