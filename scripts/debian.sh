#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# debian.sh [OUTDIR] -- builds the Debian packages of debian/ (Debian 12)
# from a copy of the sources, so nothing is written in the tree, then
# checks them with lintian: exit 1 on any lintian error (warnings are
# printed and allowed). The .deb files end up in OUTDIR (default
# build-deb/, which git ignores).
#   mica-tools          micac and mica-fvp, man pages, completions
#   libmica0            libmica.so.0        libmica-dev         its SDK
#   libmica-verify0     libmica-verify.so.0 libmica-verify-dev  its SDK
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
out=${1:-$src/build-deb}

# debhelper and dpkg-dev build, lintian checks; the build dependencies
# of debian/control are deps.sh's own list.
scripts/deps.sh debhelper dpkg-dev lintian

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
tree=$tmp/mica-$version
mkdir "$tree"
# The tracked files as they are in the working tree (no build folders).
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" ls-files -z | (cd "$src" &&
		xargs -0 tar --no-recursion -cf - --ignore-failed-read) |
		tar -C "$tree" -xf -
else
	tar -C "$src" --exclude='./build*' -cf - . | tar -C "$tree" -xf -
fi

echo "debian.sh: building in $tree" >&2
(cd "$tree" && DEB_BUILD_OPTIONS="parallel=2 ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 || {
	tail -40 "$tmp/build.log"
	echo "debian.sh: dpkg-buildpackage failed" >&2
	exit 1
}

mkdir -p "$out"
changes=$(ls "$tmp"/mica_"$version"_*.changes)
cp "$tmp"/*.deb "$changes" "$out"/
ls -1 "$out"/*.deb

# lintian exits non-zero on errors only (--fail-on error); it prints
# warnings too, which are listed and allowed.
status=0
lintian --fail-on error --tag-display-limit 0 "$changes" >"$tmp/lintian" ||
	status=$?
cat "$tmp/lintian"
echo "debian.sh: lintian: $(grep -c '^E: ' "$tmp/lintian" || true) errors," \
	"$(grep -c '^W: ' "$tmp/lintian" || true) warnings"
if [ $status -ne 0 ] || grep -q '^E: ' "$tmp/lintian"; then
	echo "debian.sh: lintian found errors" >&2
	exit 1
fi
