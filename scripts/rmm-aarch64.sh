#!/usr/bin/env bash
# Builds the reference RMM module (src/rmm) for AArch64 as freestanding C,
# checks that it calls nothing outside mem*/str* and mbedTLS, and runs its
# unit tests (tests/rmm) under qemu-aarch64 user mode.
#   scripts/rmm-aarch64.sh [BUILD_DIR]      (default build-aarch64)
# Installs what is missing with apt-get (Debian 12 multiarch, needs root);
# quiet when everything is present. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-aarch64}
CC=aarch64-linux-gnu-gcc
NM=aarch64-linux-gnu-nm
LD=aarch64-linux-gnu-ld
SYSROOT=/usr/aarch64-linux-gnu

# ---- dependencies --------------------------------------------------------
pkgs=(gcc-aarch64-linux-gnu qemu-user libmbedtls-dev:arm64 check:arm64
      libsubunit-dev:arm64)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "rmm-aarch64.sh: missing packages: ${missing[*]}; run as root" >&2
		exit 2
	fi
	echo "rmm-aarch64.sh: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		dpkg --add-architecture arm64
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- the module: the sources rmm.cmake lists, freestanding ---------------
mapfile -t srcs < <(sed -n 's|^ *\${PROJECT_SOURCE_DIR}/\(src/rmm/[A-Za-z0-9_]*\.c\))\{0,1\}$|\1|p' \
	src/rmm/rmm.cmake)
[ ${#srcs[@]} -gt 0 ] || { echo "rmm-aarch64.sh: no sources in rmm.cmake" >&2; exit 1; }
warn=(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
      -Wformat=2 -Wvla)
rm -rf "$out"
mkdir -p "$out/obj" "$out/test"
objs=()
for s in "${srcs[@]}"; do
	o="$out/obj/$(basename "${s%.c}").o"
	"$CC" -std=c11 -O2 -g "${warn[@]}" -ffreestanding -Iinclude -c "$s" -o "$o"
	objs+=("$o")
done
ar rcs "$out/libmicarmm.a" "${objs[@]}"

# Freestanding means it: the only external symbols are mem*/str*, mbedTLS
# and the compiler's own helpers (checked on the module linked as one).
"$LD" -r -o "$out/micarmm.o" "${objs[@]}"
bad=$("$NM" -u "$out/micarmm.o" | awk 'NF == 2 {print $2}' | sort -u |
	grep -Ev '^(mem(cpy|set|cmp|move)|str[a-z]*|mbedtls_[a-z0-9_]+|__stack_chk_(fail|guard)|__aarch64_[a-z0-9_]+)$' || true)
if [ -n "$bad" ]; then
	echo "rmm-aarch64.sh: the module calls outside mem*/str*/mbedTLS:" >&2
	echo "$bad" >&2
	exit 1
fi

# ---- the tests -------------------------------------------------------------
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
read -r -a checkflags <<<"$(pkg-config --cflags --libs check)"
tests=()
for t in tests/rmm/test_rmm_*.c; do
	n=$(basename "${t%.c}")
	"$CC" -std=c11 -O1 -g "${warn[@]}" -D_POSIX_C_SOURCE=200809L -Iinclude \
		"$t" tests/rmm/tplat.c "$out/libmicarmm.a" -lmbedcrypto \
		"${checkflags[@]}" -o "$out/test/$n"
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
