#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the reference RMM module (src/rmm) for AArch64 as freestanding C,
# with no stack frame above 2 KiB (-Wstack-usage=2048 -Werror, the wire
# library too), measures its deepest call path and refuses recursion
# (scripts/rmm-stack.py over GCC's call graphs; $out/stack.txt), checks
# that every symbol it defines is mica_rmm_* and that it calls nothing
# outside mem*/str*, mbedTLS and libcbor's encoders (attestation tokens),
# and runs its unit tests (tests/rmm) under qemu-aarch64.
#   scripts/rmm-aarch64.sh [BUILD_DIR]      (default build-aarch64)
# Installs what is missing with apt-get, through scripts/deps.sh (Debian 12
# multiarch, needs root); quiet when everything is present. Exits non-zero
# on any failure.
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

# ---- the firmware closure: mbedTLS as a firmware configures it ----------
# Debian's mbedTLS source (apt-get source: a deb-src line is added once,
# for the archive's own suite) built with include/mica/rmm_mbedtls_config.h
# (no file I/O, threading, self tests or libc allocator: the static
# buffer allocator), and the module compiled against it. Their closure may
# call nothing from libc but mem*/str*; only libcbor's allocation-free
# encoders stay outside. The stack depth is measured again over both.
mbsrc=${out}-mbedtls-src
srclist=/etc/apt/sources.list.d/mica-deb-src.sources
if ! ls "$mbsrc"/mbedtls-2.28.*/library/ecdsa.c >/dev/null 2>&1; then
	if [ ! -e "$srclist" ]; then
		# shellcheck disable=SC1091
		. /etc/os-release
		printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$VERSION_CODENAME" >"$srclist"
	fi
	apt-get -qq update -o Dir::Etc::sourcelist="$srclist" \
		-o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
	rm -rf "$mbsrc"
	mkdir -p "$mbsrc"
	(cd "$mbsrc" && apt-get -qq source mbedtls >/dev/null 2>&1)
fi
mbdir=$(ls -d "$mbsrc"/mbedtls-2.28.* | head -n 1)
mkdir -p "$out/fw"
fwcfg=(-DMBEDTLS_CONFIG_FILE='"mica/rmm_mbedtls_config.h"' -I"$mbdir/include" -Iinclude)
for f in sha256 sha512 md bignum constant_time ecp ecp_curves ecdsa hmac_drbg \
	asn1parse asn1write aes ctr_drbg platform platform_util memory_buffer_alloc; do
	"$CC" -std=c99 -O2 -ffreestanding -fstack-usage -fcallgraph-info=su \
		"${fwcfg[@]}" -c "$mbdir/library/$f.c" -o "$out/fw/mbedtls_$f.o"
done
for s in "${srcs[@]}"; do
	"$CC" -std=c11 -O2 "${warn[@]}" -ffreestanding -Wstack-usage=2048 \
		-fstack-usage -fcallgraph-info=su "${fwcfg[@]}" \
		-c "$s" -o "$out/fw/$(basename "${s%.c}").o"
done
"$LD" -r -o "$out/firmware.o" "$out"/fw/*.o
bad=$("$NM" -u "$out/firmware.o" | awk 'NF == 2 {print $2}' | sort -u |
	grep -Ev '^(mem(cpy|set|cmp|move)|str[a-z]*|cbor_encode_(uint|negint|bytestring_start|string_start|array_start|map_start|tag))$' || true)
if [ -n "$bad" ]; then
	echo "rmm-aarch64.sh: the module with mbedTLS calls outside mem*/str*/cbor_encode_*:" >&2
	echo "$bad" >&2
	exit 1
fi
python3 scripts/rmm-stack.py . "$out"/fw/*.ci >"$out/stack-firmware.txt"
echo "firmware closure (module + mbedTLS $(basename "$mbdir" | sed 's/mbedtls-//')): libc calls: $("$NM" -u "$out/firmware.o" | awk 'NF == 2 && $2 !~ /^cbor_/ {printf "%s ", $2}')"
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
# The attestation tests check tokens with the project's verifier: its
# sources (src/verify/sources.cmake, with src/support/textout.c) are
# compiled into them.
mapfile -t vsrcs < <(sed -n 's|^ *\${CMAKE_CURRENT_LIST_DIR}/\([A-Za-z0-9_./]*\.c\))\{0,1\}$|src/verify/\1|p' \
	src/verify/sources.cmake)
tests=()
for t in tests/rmm/test_rmm_*.c; do
	n=$(basename "${t%.c}")
	# The group token's, the audit record's and the instance index's
	# tests need real blobs: built below, with micac's library.
	case "$n" in test_rmm_group*|test_rmm_audit*|test_rmm_instidx*) continue ;; esac
	extra=()
	case "$n" in test_rmm_attest*) extra=("${vsrcs[@]}" src/support/textout.c -Isrc/verify) ;; esac
	"$CC" -std=c11 -O1 -g "${warn[@]}" -D_POSIX_C_SOURCE=200809L -Iinclude \
		"$t" tests/rmm/tplat.c "${extra[@]}" "$out/libmicarmm.a" \
		-lmbedcrypto "${cborflags[@]}" "${checkflags[@]}" \
		-o "$out/test/$n"
	tests+=("$n")
done

# The Mica policy tests (test_mica_rmm_*) compile their blobs with micac's
# library: its sources (CMakeLists.txt's mica_objs list and the backend's)
# and the flex/bison output are compiled into them, without warnings
# (they are checked on the host build).
mapfile -t fsrcs < <(sed -n '/^add_library(mica_objs/,/OUTPUTS})$/s|^ *\(src/[A-Za-z0-9_/]*\.c\)$|\1|p' \
	CMakeLists.txt
	sed -n 's|^ *\${CMAKE_CURRENT_LIST_DIR}/\([A-Za-z0-9_./]*\.c\))\{0,1\}$|src/backend/\1|p' \
	src/backend/sources.cmake)
mkdir -p "$out/gen"
bison -d -o "$out/gen/parser.c" src/parser/parser.y
flex --header-file="$out/gen/lexer.h" -o "$out/gen/lexer.c" src/lexer/lexer.l
# The group token's test (test_rmm_group) takes the verifier's sources too.
for t in tests/rmm/test_mica_rmm_*.c tests/rmm/test_rmm_group*.c \
	tests/rmm/test_rmm_audit*.c tests/rmm/test_rmm_instidx*.c; do
	[ -e "$t" ] || continue
	n=$(basename "${t%.c}")
	extra=()
	case "$n" in
	test_rmm_group*) extra=("${vsrcs[@]}" -Isrc/verify) ;;
	# Room for 56 Realms, as tests/rmm/CMakeLists.txt gives it.
	test_rmm_instidx*) extra=(-DTP_NGRAN=1024u) ;;
	esac
	"$CC" -std=c11 -O1 -g -w -D_GNU_SOURCE -Iinclude -Isrc/parser -Isrc/ir -Isrc/fmt \
		-I"$out/gen" -DMICA_SOURCE_DIR="\"$PWD\"" -DMICA_VERSION="\"test\"" \
		"$t" tests/rmm/tplat.c tests/rmm/tpol.c "${fsrcs[@]}" "${extra[@]}" \
		"$out/gen/parser.c" "$out/gen/lexer.c" "$out/libmicarmm.a" \
		-lmbedcrypto "${cborflags[@]}" "${checkflags[@]}" \
		-o "$out/test/$n"
	tests+=("$n")
done

# ---- run them under qemu ---------------------------------------------------
# Check's fork mode hangs under qemu-user (even a one-assertion suite: the
# child spins and the timeout timer never fires), so the tests run in one
# process; each has its own fixture, and `timeout` bounds a hang.
export CK_FORK=no CK_VERBOSITY=${CK_VERBOSITY:-normal}
failed=0
for n in "${tests[@]}"; do
	log="$out/test/$n.log"
	if timeout 600 qemu-aarch64 -L "$SYSROOT" "$out/test/$n" >"$log" 2>&1; then
		printf '%-18s %s\n' "$n" "$(tail -n 1 "$log")"
	else
		printf '%-18s FAILED\n' "$n"
		cat "$log" >&2
		failed=1
	fi
done
if [ "$failed" -ne 0 ]; then
	echo "rmm-aarch64.sh: FAILED" >&2
	exit 1
fi
echo "rmm-aarch64.sh: ${#tests[@]} test programs passed on aarch64 (qemu)"
