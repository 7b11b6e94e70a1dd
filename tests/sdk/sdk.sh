#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# sdk.sh CMAKE BUILD SRCDIR [CFLAGS] -- the installed SDK, used from outside:
#  1. `cmake --install BUILD` into a temporary prefix lays out the
#     binaries, both libraries (static, and shared with their SONAMEs),
#     the headers, the man pages, the pkg-config files and the CMake
#     package;
#  2. the shared objects export exactly the functions their headers
#     declare (read from the headers here), and libmica-verify carries
#     no compiler;
#  3. a CMake project (consumer/) finds the package, compiles a policy
#     with mica_add_policy (the outputs exist, equal micac's, are left
#     alone by a no-op build and rebuilt when the source is touched) and
#     runs libmica's API (consumer/api.c), whose printed diagnostics
#     equal the golden ones micac is held to;
#  4. a C program built with `pkg-config --cflags --libs mica-verify`
#     verifies a token the vectors' manifest says verifies, and refuses a
#     copy with one signature byte changed.
# CFLAGS are added to the consumers' (the sanitizers' flags, when the
# build is instrumented).
set -u
[ $# -eq 3 ] || [ $# -eq 4 ] ||
	{ echo "usage: sdk.sh CMAKE BUILD SRCDIR [CFLAGS]" >&2; exit 2; }
cmake=$1 build=$(realpath "$2") src=$(realpath "$3") cflags=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prefix=$tmp/prefix

# ---- 1. the layout --------------------------------------------------------
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "cmake --install"; }
so=$(cd "$prefix" && find . -name 'libmica.so.0' | sed 's|^\./||')
[ -n "$so" ] || fail "no libmica.so.0 under the prefix"
libdir=$(dirname "$so")
case "$libdir" in lib|lib64|lib/*-linux-*) ;; *) fail "odd LIBDIR $libdir" ;; esac
for f in bin/micac bin/mica-fvp \
	include/mica/mica.h include/mica/token.h include/mica/export.h \
	"$libdir"/libmica.a "$libdir"/libmica-verify.a \
	"$libdir"/libmica.so "$libdir"/libmica-verify.so \
	"$libdir"/libmica.so.0.1.0 "$libdir"/libmica-verify.so.0.1.0 \
	"$libdir"/pkgconfig/mica.pc "$libdir"/pkgconfig/mica-verify.pc \
	"$libdir"/cmake/Mica/MicaConfig.cmake \
	"$libdir"/cmake/Mica/MicaConfigVersion.cmake \
	"$libdir"/cmake/Mica/MicaTargets.cmake \
	"$libdir"/cmake/Mica/MicaPolicy.cmake \
	share/man/man1/micac.1 share/man/man1/mica-fvp.1 \
	share/man/man3/libmica.3 share/man/man3/libmica-verify.3 \
	share/man/man5/mica.5 share/man/man5/mica-blob.5 \
	share/man/man5/mica-fvp-scenario.5 share/man/man7/mica-rmm.7 \
	share/doc/mica/LICENSE; do
	[ -e "$prefix/$f" ] || fail "not installed: $f"
done
for lib in libmica libmica-verify; do
	soname=$(readelf -d "$prefix/$libdir/$lib.so.0.1.0" |
		sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[ "$soname" = "$lib.so.0" ] || fail "$lib: SONAME '$soname'"
	[ "$(readlink "$prefix/$libdir/$lib.so.0")" = "$lib.so.0.1.0" ] ||
		fail "$lib.so.0 does not point to $lib.so.0.1.0"
done
# Internal headers stay in the source tree.
[ "$(ls "$prefix/include/mica" | wc -l)" -eq 3 ] ||
	fail "include/mica holds more than the three public headers"

# ---- 2. what the shared objects export -------------------------------------
# The functions a header declares MICA_API, one per line, sorted.
declared() {
	sed -n 's/^MICA_API [^(]*[ *]\(mica_[a-z0-9_]*\)(.*/\1/p' "$1" | sort
}
exported() {
	nm -D --defined-only "$1" | awk '$2 == "T" {print $3}' | sort
}
for pair in "libmica.so.0:mica.h" "libmica-verify.so.0:token.h"; do
	lib=${pair%%:*} hdr=${pair#*:}
	declared "$prefix/include/mica/$hdr" >"$tmp/declared"
	[ -s "$tmp/declared" ] || fail "no MICA_API function found in $hdr"
	exported "$prefix/$libdir/$lib" >"$tmp/exported"
	diff "$tmp/declared" "$tmp/exported" >"$tmp/d" ||
		{ cat "$tmp/d"; fail "$lib exports other than $hdr declares"; }
	# Nothing but functions, either (no data, no weak internals).
	n=$(nm -D --defined-only "$prefix/$libdir/$lib" | awk '$2 != "T"' | wc -l)
	[ "$n" -eq 0 ] || fail "$lib exports $n symbols that are not functions"
done
# libmica-verify: no lexer, parser, checker or compiler, defined or needed.
if nm "$prefix/$libdir/libmica-verify.a" "$prefix/$libdir/libmica-verify.so.0" \
	2>/dev/null | grep -E ' (yy[a-z_]*|mica_(parse|lower|check|backend_[a-z_]+|unit_[a-z_]+|source_load))$'; then
	fail "libmica-verify carries compiler symbols"
fi
ldd "$prefix/$libdir/libmica-verify.so.0" | grep -E 'libmica\.so|libcbor' &&
	fail "libmica-verify.so needs the compiler's libraries"

# ---- 3. a CMake project against the prefix ---------------------------------
cp -r "$src/tests/sdk/consumer" "$tmp/consumer"
"$cmake" -S "$tmp/consumer" -B "$tmp/cb" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_FLAGS="$cflags" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "configuring the consumer"; }
"$cmake" --build "$tmp/cb" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; fail "building the consumer"; }
# pipeline.mica declares the Realms alpha and beta.
out=$tmp/cb/pipeline
printf '%s\n' "$out/alpha.blob;$out/beta.blob;$out/reference.json" \
	>"$tmp/want"
cmp -s "$tmp/want" "$tmp/cb/outputs.txt" ||
	fail "mica_add_policy listed $(cat "$tmp/cb/outputs.txt")"
ls "$out" | grep -v '^\.' | sort >"$tmp/have"
printf '%s\n' alpha.blob beta.blob reference.json >"$tmp/want"
cmp -s "$tmp/want" "$tmp/have" || fail "the output directory holds $(cat "$tmp/have")"
"$prefix/bin/micac" compile "$tmp/consumer/pipeline.mica" -o "$tmp/direct" ||
	fail "micac compile pipeline.mica"
for f in alpha.blob beta.blob reference.json; do
	cmp -s "$out/$f" "$tmp/direct/$f" || fail "$f differs from micac's"
done
stamp() { for f in alpha.blob beta.blob reference.json; do date -r "$out/$f" +%s%N; done; }
before=$(stamp)
"$cmake" --build "$tmp/cb" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "no-op build"; }
[ "$(stamp)" = "$before" ] || fail "a no-op build recompiled the policy"
sleep 1
touch "$tmp/consumer/pipeline.mica"
"$cmake" --build "$tmp/cb" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "rebuild"; }
after=$(stamp)
paste <(echo "$before") <(echo "$after") | while read -r b a; do
	[ "$a" -gt "$b" ] || { echo "FAIL: touching the source rebuilt not every output"; exit 1; }
done || exit 1

# libmica's API, running against the installed shared object.
export LD_LIBRARY_PATH=$prefix/$libdir
ldd "$tmp/cb/api" | grep -q "$prefix/$libdir/libmica.so.0" ||
	fail "api is not linked to the installed libmica.so.0"
"$tmp/cb/api" selftest "$tmp/consumer/pipeline.mica" || fail "api selftest"
# mica_diag_print prints what micac prints: the golden diagnostics of an
# error with a note (and an excerpt window), of three warnings, and of
# leaks with a fix-it under a note.
for g in digest_alg_default warn_never_read leak_chain; do
	(cd "$src/tests/check/golden" && "$tmp/cb/api" print "$g.mica") \
		>"$tmp/printed"
	cmp -s "$tmp/printed" "$src/tests/check/golden/$g.stderr" ||
		{ diff "$src/tests/check/golden/$g.stderr" "$tmp/printed";
		  fail "mica_diag_print of $g differs from micac's"; }
done

# ---- 4. a pkg-config program ------------------------------------------------
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
flags=$(pkg-config --cflags --libs mica-verify) || fail "pkg-config mica-verify"
pkg-config --exists mica || fail "pkg-config mica"
[ "$(pkg-config --modversion mica-verify)" = 0.1.0 ] || fail "mica-verify version"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror $cflags "$src/tests/sdk/verify_token.c" $flags \
	-o "$tmp/verify_token" || fail "building verify_token with pkg-config"
ldd "$tmp/verify_token" | grep -q 'libmica\.so' &&
	fail "verify_token links the compiler"
vec=${MICA_VECTORS_DIR:-$src/../shared/vectors}
tok=tfm-tools_cca_example_token.cbor
# Without the third-party vectors the last step cannot run: skipped
# (exit 77, CTest's SKIP_RETURN_CODE), the rest having passed.
if [ ! -f "$vec/manifest.json" ]; then
	echo "SKIP: the third-party test vectors are missing: $vec/manifest.json"
	echo "      (MICA_VECTORS_DIR, see tests/verify); all before them passed"
	exit 77
fi
# The manifest (from the token's producers) names its key and verdict.
line=$(grep "\"$tok\"" "$vec/manifest.json")
key=$(echo "$line" | sed 's/.*"platform_key": *"\([^"]*\)".*/\1/')
echo "$line" | grep -q '"expect": *"verified"' || fail "manifest: $tok"
"$tmp/verify_token" "$vec/tokens/$tok" "$vec/keys/$key" >"$tmp/v" ||
	{ cat "$tmp/v"; fail "$tok does not verify"; }
[ "$(cat "$tmp/v")" = verified ] || fail "verdict: $(cat "$tmp/v")"
# The last byte of the token is the last of the realm token's signature.
cp "$vec/tokens/$tok" "$tmp/tampered.cbor"
size=$(stat -c %s "$tmp/tampered.cbor")
last=$(od -An -tu1 -j $((size - 1)) "$tmp/tampered.cbor" | tr -d ' ')
printf "\\$(printf '%03o' $((last ^ 1)))" |
	dd of="$tmp/tampered.cbor" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
cmp -s "$vec/tokens/$tok" "$tmp/tampered.cbor" && fail "the copy was not changed"
"$tmp/verify_token" "$tmp/tampered.cbor" "$vec/keys/$key" >"$tmp/v"
st=$?
[ $st -eq 1 ] || fail "the tampered token: exit $st, $(cat "$tmp/v")"
grep -q '^signature-fails' "$tmp/v" || fail "tampered verdict: $(cat "$tmp/v")"
echo "sdk: install layout, exports, CMake package, libmica API and pkg-config program all as expected"
