#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the reference RMM module (src/rmm) for AArch64 as freestanding C,
# with no stack frame above 2 KiB (-Wstack-usage=2048 -Werror, the wire
# library too), measures its deepest call path and refuses recursion
# (scripts/rmm-stack.py over GCC's call graphs; $out/stack.txt), checks
# that every symbol it defines is mica_rmm_* and that it calls nothing
# outside mem*/str*, mbedTLS and libcbor's encoders (attestation tokens),
# builds its firmware closure (the module with Debian's mbedTLS and
# libcbor encoder sources, mbedTLS configured by
# include/mica/rmm_mbedtls_config.h) and checks that it calls nothing from
# libc but mem*/str*, and runs its unit tests (tests/rmm) under
# qemu-aarch64, the attestation tests a second time on the firmware
# closure.
#   scripts/rmm-aarch64.sh [BUILD_DIR]      (default build-aarch64)
# Installs what is missing with apt-get, through scripts/deps.sh (Debian 12
# multiarch, needs root); quiet when everything is present. The sources
# come from `apt-get source` (a deb-src line is added for the archive's
# suite if there is none) and are kept in BUILD_DIR-src across runs.
# MICA_LIBCBOR_SRC=DIR takes libcbor's source from an unpacked libcbor 0.8
# tree instead; if neither is at hand the closure check says so and leaves
# cbor_encode_* unexamined. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-aarch64}
CC=aarch64-linux-gnu-gcc
NM=aarch64-linux-gnu-nm
LD=aarch64-linux-gnu-ld
SYSROOT=/usr/aarch64-linux-gnu

# ---- dependencies --------------------------------------------------------
# The host build's own (bison, flex, pkg-config: scripts/deps.sh), the cross
# compiler, qemu, and the arm64 C library and libraries the tests link.
# gcc-aarch64-linux-gnu only recommends a C library, and apt-get installs
# no recommends here: libc6-dev:arm64 is named. deps.sh adds arm64 to
# dpkg's architectures when it installs an :arm64 package.
# python3 runs the stack measurement, dpkg-dev unpacks mbedTLS's source.
scripts/deps.sh gcc-aarch64-linux-gnu qemu-user libc6-dev:arm64 \
	libmbedtls-dev:arm64 libcbor-dev:arm64 check:arm64 libsubunit-dev:arm64 \
	python3 dpkg-dev

# ---- the module: the sources of rmm.cmake and wire.cmake, freestanding --
# The module links the wire format (src/wire/wire.cmake): its objects go
# into the same library and are held to the same rules.
mapfile -t srcs < <(sed -n 's|^ *\${PROJECT_SOURCE_DIR}/\(src/[a-z]*/[A-Za-z0-9_]*\.c\))\{0,1\}$|\1|p' \
	src/rmm/rmm.cmake src/wire/wire.cmake)
[ ${#srcs[@]} -gt 0 ] || { echo "rmm-aarch64.sh: no sources in rmm.cmake" >&2; exit 1; }
warn=(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
      -Wformat=2 -Wvla)
rm -rf "$out"
mkdir -p "$out/obj" "$out/test"
objs=()
for s in "${srcs[@]}"; do
	o="$out/obj/$(basename "${s%.c}").o"
	# TF-RMM runs on 20 KiB stacks: no frame above 2 KiB, and the
	# call graph with each frame for the depth below.
	"$CC" -std=c11 -O2 -g "${warn[@]}" -ffreestanding -Iinclude \
		-Wstack-usage=2048 -fstack-usage -fcallgraph-info=su \
		-c "$s" -o "$o"
	objs+=("$o")
done
ar rcs "$out/libmicarmm.a" "${objs[@]}"

# The deepest call path (frames of the module and the wire library;
# mbedTLS and libcbor not counted) and no recursion anywhere.
python3 scripts/rmm-stack.py . "$out"/obj/*.ci >"$out/stack.txt"
grep '^deepest' "$out/stack.txt"

# Freestanding means it: the only external symbols are mem*/str*, mbedTLS
# (hashes; ECDSA, ECP and bignums for attestation), libcbor's encoders
# cbor_encode_*, which write into caller buffers and allocate nothing
# (attest_token.c), and the compiler's own helpers (checked on the module
# linked as one).
"$LD" -r -o "$out/micarmm.o" "${objs[@]}"
bad=$("$NM" -u "$out/micarmm.o" | awk 'NF == 2 {print $2}' | sort -u |
	grep -Ev '^(mem(cpy|set|cmp|move)|str[a-z]*|mbedtls_[a-z0-9_]+|cbor_encode_(uint|negint|bytestring_start|string_start|array_start|map_start|tag)|__stack_chk_(fail|guard)|__aarch64_[a-z0-9_]+)$' || true)
if [ -n "$bad" ]; then
	echo "rmm-aarch64.sh: the module calls outside mem*/str*/mbedTLS/cbor_encode_*:" >&2
	echo "$bad" >&2
	exit 1
fi

# ---- the firmware closure -------------------------------------------------
# The module compiled against Debian's mbedTLS source built with
# include/mica/rmm_mbedtls_config.h (no file I/O, threading, self tests or
# libc allocator: the static buffer allocator) and with the libcbor
# encoders attest_token.c calls, from Debian's libcbor source. Their
# closure may call nothing from libc but mem*/str*. The stack depth is
# measured again over all of it.
#
# debsrc PKG DIRGLOB FILE: prints the unpacked source tree of PKG,
# BUILD_DIR-src/DIRGLOB holding FILE, fetched with `apt-get source` when
# missing. Fresh Debian 12 images carry no deb-src entries: one is added
# for the archive's own suite, and only that list is refreshed, once per
# run (debsrc runs in this shell, its output to a file, so `updated`
# sticks).
src=${out}-src
srclist=/etc/apt/sources.list.d/mica-deb-src.sources
updated=0
debsrc() {
	local pkg=$1 dirglob=$2 file=$3 d
	for d in "$src"/$dirglob; do
		[ -e "$d/$file" ] && { echo "$d"; return 0; }
	done
	if [ ! -e "$srclist" ]; then
		# shellcheck disable=SC1091
		. /etc/os-release
		printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$VERSION_CODENAME" >"$srclist"
	fi
	if [ "$updated" -eq 0 ]; then
		apt-get -qq update -o Dir::Etc::sourcelist="$srclist" \
			-o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 >&2
		updated=1
	fi
	mkdir -p "$src"
	if ! (cd "$src" && apt-get -qq source "$pkg" >"$pkg.log" 2>&1); then
		echo "rmm-aarch64.sh: apt-get source $pkg failed:" >&2
		grep -E '^(E|W):' "$src/$pkg.log" >&2 || true
		return 1
	fi
	for d in "$src"/$dirglob; do
		[ -e "$d/$file" ] && { echo "$d"; return 0; }
	done
	return 1
}
debsrc mbedtls 'mbedtls-2.28.*' library/ecdsa.c >"$out/mbdir"
mbdir=$(cat "$out/mbdir")
mkdir -p "$out/fw"
fwcfg=(-DMBEDTLS_CONFIG_FILE='"mica/rmm_mbedtls_config.h"' -I"$mbdir/include" -Iinclude)
mbfiles=(sha256 sha512 md bignum constant_time ecp ecp_curves ecdsa hmac_drbg
	asn1parse asn1write aes ctr_drbg platform platform_util memory_buffer_alloc)
for f in "${mbfiles[@]}"; do
	"$CC" -std=c99 -O2 -ffreestanding -fstack-usage -fcallgraph-info=su \
		"${fwcfg[@]}" -c "$mbdir/library/$f.c" -o "$out/fw/mbedtls_$f.o"
done
for s in "${srcs[@]}"; do
	"$CC" -std=c11 -O2 "${warn[@]}" -ffreestanding -Wstack-usage=2048 \
		-fstack-usage -fcallgraph-info=su "${fwcfg[@]}" \
		-c "$s" -o "$out/fw/$(basename "${s%.c}").o"
done

# libcbor's encoders: encoding.c (cbor_encode_*) over internal/encoders.c
# (_cbor_encode_uint*), which write the head of a data item into the
# caller's buffer and allocate nothing. Their headers are the source's;
# cbor/configuration.h and cbor/cbor_export.h, generated by libcbor's
# CMake, come from libcbor-dev:arm64, Debian's build of the same source.
# From libc they need only memcpy, and that only on big-endian targets;
# encoding.c's one assert (in cbor_encode_half, which the module does not
# call) would need __assert_fail: built with -DNDEBUG, as a release
# firmware is.
cbdir=
if [ -n "${MICA_LIBCBOR_SRC:-}" ]; then
	cbdir=$MICA_LIBCBOR_SRC
elif debsrc libcbor 'libcbor-0.8.*' src/cbor/encoding.c >"$out/cbdir"; then
	cbdir=$(cat "$out/cbdir")
fi
allowed='mem(cpy|set|cmp|move)|str[a-z]*'
if [ -n "$cbdir" ]; then
	[ -e "$cbdir/src/cbor/encoding.c" ] ||
		{ echo "rmm-aarch64.sh: no src/cbor/encoding.c in $cbdir" >&2; exit 1; }
	for f in encoding internal/encoders; do
		"$CC" -std=c99 -O2 -ffreestanding -DNDEBUG -fstack-usage \
			-fcallgraph-info=su -I"$cbdir/src" \
			-c "$cbdir/src/cbor/$f.c" -o "$out/fw/cbor_${f#*/}.o"
	done
	if [ -n "${MICA_LIBCBOR_SRC:-}" ]; then
		cbver=" + libcbor encoders of $cbdir"
	else
		cbver=" + libcbor $(basename "$cbdir" | sed 's/libcbor-//') encoders"
	fi
else
	echo "rmm-aarch64.sh: warning: no libcbor source (apt-get source libcbor, MICA_LIBCBOR_SRC): cbor_encode_* left unexamined" >&2
	allowed="$allowed|cbor_encode_(uint|negint|bytestring_start|string_start|array_start|map_start|tag)"
	cbver=" (libcbor's encoders outside)"
fi
"$LD" -r -o "$out/firmware.o" "$out"/fw/*.o
bad=$("$NM" -u "$out/firmware.o" | awk 'NF == 2 {print $2}' | sort -u |
	grep -Ev "^($allowed)\$" || true)
if [ -n "$bad" ]; then
	echo "rmm-aarch64.sh: the firmware closure calls outside $allowed:" >&2
	echo "$bad" >&2
	exit 1
fi
python3 scripts/rmm-stack.py . "$out"/fw/*.ci >"$out/stack-firmware.txt"
echo "firmware closure (module + mbedTLS $(basename "$mbdir" | sed 's/mbedtls-//')$cbver): libc calls: $("$NM" -u "$out/firmware.o" | awk 'NF == 2 && $2 !~ /^cbor_/ {printf "%s ", $2}')"
sed -n 's/^deepest/firmware deepest/p' "$out/stack-firmware.txt"

# A drop-in module: every symbol src/rmm defines for others carries the
# prefix mica_rmm_, so none collides with the firmware's own (TF-RMM has
# find_granule, rtt_walk, ...). The wire format's carry mica_ (mica_cbor_*,
# mica_blob_read, mica_bind_*).
rmmobjs=()
wireobjs=()
for s in "${srcs[@]}"; do
	case "$s" in
	src/rmm/*) rmmobjs+=("$out/obj/$(basename "${s%.c}").o") ;;
	src/wire/*) wireobjs+=("$out/obj/$(basename "${s%.c}").o") ;;
	esac
done
# prefixed DIR PREFIX OBJ...: every symbol the objects define starts so.
prefixed() {
	local dir=$1 prefix=$2 bad
	shift 2
	bad=$("$NM" -g --defined-only "$@" | awk 'NF == 3 {print $3}' |
		sort -u | grep -v "^$prefix" || true)
	if [ -n "$bad" ]; then
		echo "rmm-aarch64.sh: $dir defines symbols without the prefix $prefix:" >&2
		echo "$bad" >&2
		exit 1
	fi
}
prefixed src/rmm mica_rmm_ "${rmmobjs[@]}"
prefixed src/wire mica_ "${wireobjs[@]}"

# ---- the tests -------------------------------------------------------------
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
read -r -a checkflags <<<"$(pkg-config --cflags --libs check)"
read -r -a cborflags <<<"$(pkg-config --libs libcbor)"
# What several programs share is compiled once, into archives under
# $out/lib: the verifier (src/verify/sources.cmake, with
# src/support/textout.c), which checks the tokens of the attestation
# tests, and micac's library (CMakeLists.txt's mica_objs list, the
# backend's sources, the flex/bison output), which compiles the blobs of
# the Mica policy tests (test_mica_rmm_*) without warnings (they are
# checked on the host build).
mapfile -t vsrcs < <(sed -n 's|^ *\${CMAKE_CURRENT_LIST_DIR}/\([A-Za-z0-9_./]*\.c\))\{0,1\}$|src/verify/\1|p' \
	src/verify/sources.cmake)
mapfile -t fsrcs < <(sed -n '/^add_library(mica_objs/,/OUTPUTS})$/s|^ *\(src/[A-Za-z0-9_/]*\.c\)$|\1|p' \
	CMakeLists.txt
	sed -n 's|^ *\${CMAKE_CURRENT_LIST_DIR}/\([A-Za-z0-9_./]*\.c\))\{0,1\}$|src/backend/\1|p' \
	src/backend/sources.cmake)
mkdir -p "$out/gen"
bison -d -o "$out/gen/parser.c" src/parser/parser.y
flex --header-file="$out/gen/lexer.h" -o "$out/gen/lexer.c" src/lexer/lexer.l
tcflags=(-std=c11 -O1 -g "${warn[@]}" -D_POSIX_C_SOURCE=200809L -Iinclude)
pcflags=(-std=c11 -O1 -g -w -D_GNU_SOURCE -Iinclude -Isrc/parser -Isrc/ir
	-Isrc/fmt -I"$out/gen" -DMICA_SOURCE_DIR="\"$PWD\"" -DMICA_VERSION="\"test\"")
# archive NAME SOURCE... -- FLAG...: $out/lib/libNAME.a, two compilers at a
# time (CI machines have two cores).
archive() {
	local name=$1 dir=$out/lib/$1 s o pids=() p
	shift
	local files=()
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	mkdir -p "$dir"
	for s in "${files[@]}"; do
		o="$dir/$(echo "${s%.c}" | tr / _).o"
		"$CC" "$@" -c "$s" -o "$o" &
		pids+=($!)
		if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
	done
	for p in "${pids[@]}"; do wait "$p"; done
	ar rcs "$out/lib/lib$name.a" "$dir"/*.o
}
archive tverify "${vsrcs[@]}" src/support/textout.c -- "${tcflags[@]}" -Isrc/verify
archive tmicac "${fsrcs[@]}" "$out/gen/parser.c" "$out/gen/lexer.c" -- "${pcflags[@]}"

# tprog NAME SOURCE FIRMWARE -- EXTRA...: one test program, linked
# with the module FIRMWARE (an archive or an object) and Debian's arm64
# mbedTLS, libcbor and Check.
tprog() {
	local n=$1 t=$2 fw=$3 flags
	shift 4
	case "$n" in
	test_mica_rmm_*|test_rmm_group*|test_rmm_audit*|test_rmm_instidx*)
		flags=("${pcflags[@]}") ;;
	*) flags=("${tcflags[@]}") ;;
	esac
	"$CC" "${flags[@]}" "$t" "$@" -Wl,--start-group "$fw" \
		"$out/lib/libtverify.a" "$out/lib/libtmicac.a" -Wl,--end-group \
		-lmbedcrypto "${cborflags[@]}" "${checkflags[@]}" -o "$out/test/$n"
}
tests=()
for t in tests/rmm/test_rmm_*.c tests/rmm/test_mica_rmm_*.c; do
	n=$(basename "${t%.c}")
	case "$n" in
	# The group token's, the audit record's, the instance index's and the
	# Mica policy tests need real blobs: micac's library and tpol.c.
	test_rmm_group*|test_rmm_audit*|test_mica_rmm_*)
		extra=(tests/rmm/tplat.c tests/rmm/tpol.c) ;;
	# Room for 56 Realms, as tests/rmm/CMakeLists.txt gives it.
	test_rmm_instidx*)
		extra=(tests/rmm/tplat.c tests/rmm/tpol.c -DTP_NGRAN=1024u) ;;
	test_rmm_attest*) extra=(tests/rmm/tplat.c -Isrc/verify) ;;
	*) extra=(tests/rmm/tplat.c) ;;
	esac
	case "$n" in test_rmm_group*) extra+=(-Isrc/verify) ;; esac
	tprog "$n" "$t" "$out/libmicarmm.a" -- "${extra[@]}"
	tests+=("$n")
done

# ---- the attestation tests on the firmware closure ------------------------
# The tests that build and sign tokens (test_rmm_attest; test_rmm_group,
# whose largest group token has three members) built a second time with
# the firmware closure in place of the module: the module, mbedTLS and
# libcbor's encoders exactly as checked above, except that
# memory_buffer_alloc.c is built with MBEDTLS_MEMORY_DEBUG to report its
# peak, plus tests/rmm/tfw.c, the firmware's hooks (the static buffer of
# MICA_RMM_MBEDTLS_HEAP_SIZE bytes, the panic exit). Its mbedTLS and
# libcbor symbols are made local, so the module's calls stay inside it
# while the tests' own code (the verifier) uses Debian's libraries.
mkdir -p "$out/fwtest"
# (Its diagnostics print to stderr: stdio.h, which the configuration's
# platform layer does not include.)
"$CC" -std=c99 -O2 -DMBEDTLS_MEMORY_DEBUG -include stdio.h "${fwcfg[@]}" \
	-c "$mbdir/library/memory_buffer_alloc.c" \
	-o "$out/fwtest/mbedtls_memory_buffer_alloc.o"
fwparts=()
for o in "$out"/fw/*.o; do
	[ "$(basename "$o")" = mbedtls_memory_buffer_alloc.o ] || fwparts+=("$o")
done
"$LD" -r -o "$out/fwtest/closure.o" "${fwparts[@]}" \
	"$out/fwtest/mbedtls_memory_buffer_alloc.o"
# The closure as the tests link it: still no allocator from libc.
# MBEDTLS_MEMORY_DEBUG adds fprintf (the allocator's diagnostics).
fwcalls=$("$NM" -u "$out/fwtest/closure.o" | awk 'NF == 2 {print $2}' | sort -u)
if grep -Eqx '(c|m|re)alloc|free|posix_memalign|aligned_alloc' <<<"$fwcalls"; then
	echo "rmm-aarch64.sh: the firmware closure calls libc's allocator" >&2
	exit 1
fi
"$CC" "${tcflags[@]}" -DMBEDTLS_MEMORY_DEBUG "${fwcfg[@]}" \
	-c tests/rmm/tfw.c -o "$out/fwtest/tfw.o"
"$LD" -r -o "$out/fwtest/firmware.o" "$out/fwtest/closure.o" "$out/fwtest/tfw.o"
"${CC%gcc}objcopy" -w --localize-symbol='mbedtls_*' --localize-symbol='cbor_*' \
	--localize-symbol='_cbor_*' "$out/fwtest/firmware.o"
echo "firmware closure as the attestation tests link it: libc calls: $(grep -v '^cbor_' <<<"$fwcalls" | tr '\n' ' ')"
fwtests=()
for n in test_rmm_attest test_rmm_group; do
	t=tests/rmm/$n.c
	[ -e "$t" ] || continue
	extra=(tests/rmm/tplat.c -Isrc/verify)
	case "$n" in test_rmm_group) extra+=(tests/rmm/tpol.c) ;; esac
	tprog "$n.fw" "$t" "$out/fwtest/firmware.o" -- "${extra[@]}"
	# The module's signer is the closure's, a local symbol in the
	# program (the verifier's CoRIM signer may import Debian's too).
	# (grep reads all of nm's output: -q would stop early and, with
	# pipefail, turn nm's SIGPIPE into a failure.)
	if ! "$NM" "$out/test/$n.fw" |
	    grep -E '^[0-9a-f]+ t mbedtls_ecdsa_sign_det_ext$' >/dev/null; then
		echo "rmm-aarch64.sh: $n.fw does not sign with the firmware closure" >&2
		exit 1
	fi
	fwtests+=("$n.fw")
done

# ---- run them under qemu ---------------------------------------------------
# Check's fork mode hangs under qemu-user (even a one-assertion suite: the
# child spins and the timeout timer never fires), so the tests run in one
# process; each has its own fixture, and `timeout` bounds a hang. Two
# programs run at a time; each one's summary (Check's last line, and for
# the firmware closure's programs tfw.c's heap line) is printed in order.
export CK_FORK=no CK_VERBOSITY=${CK_VERBOSITY:-normal}
runone() {
	timeout 600 qemu-aarch64 -L "$SYSROOT" "$out/test/$1" >"$out/test/$1.log" 2>&1
	echo $? >"$out/test/$1.rc"
}
all=("${tests[@]}" "${fwtests[@]}")
pids=()
for n in "${all[@]}"; do
	runone "$n" &
	pids+=($!)
	if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
failed=0
for n in "${all[@]}"; do
	log="$out/test/$n.log"
	if [ "$(cat "$out/test/$n.rc")" = 0 ]; then
		printf '%-22s %s\n' "$n" "$(grep -E '^[0-9]+%: Checks' "$log" | tail -n 1)"
		grep '^mbedTLS heap:' "$log" | sed 's/^/                       /' || true
	else
		printf '%-22s FAILED\n' "$n"
		cat "$log" >&2
		failed=1
	fi
done
if [ "$failed" -ne 0 ]; then
	echo "rmm-aarch64.sh: FAILED" >&2
	exit 1
fi
echo "rmm-aarch64.sh: ${#all[@]} test programs passed on aarch64 (qemu), ${#fwtests[@]} of them on the firmware closure"
