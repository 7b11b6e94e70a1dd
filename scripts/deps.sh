#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs, with apt-get, whatever of Mica's build and test dependencies is
# missing (Debian 12). Idempotent, and silent when everything is present.
#   scripts/deps.sh [PACKAGE...]    also these (NAME:ARCH for another
#                                   architecture, which is added to dpkg)
set -euo pipefail

# graphviz: `micac graph -T svg` runs its `dot`, and so does the test of it.
# python3: tests/verify/lifecycle.py reads reference.json independently;
# tests/verify/corim_ear.py checks CoRIMs, COSE and EARs with a
# decoder and ECDSA of its own (the test skips without it).
pkgs=(build-essential cmake pkg-config flex bison libmbedtls-dev
      libcbor-dev check clang libclang-rt-14-dev graphviz python3)
# libjansson-dev: the JSON of `micac lsp`; python3 also runs its test's client.
pkgs+=(libjansson-dev)
pkgs+=("$@")

# A package counts as present when installed for this machine's own
# architecture (or for all); with multiarch, dpkg-query lists one line per
# installed architecture. Names with an explicit :arch are taken as given.
native=$(dpkg --print-architecture)
present() {
	local name=$1 want=$native
	case $name in *:*) want=${name#*:}; name=${name%%:*} ;; esac
	dpkg-query -W -f='${Status} ${Architecture}\n' "$name" 2>/dev/null |
		grep -Eq "^install ok installed ($want|all)\$"
}
missing=()
for p in "${pkgs[@]}"; do
	present "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root" >&2
	exit 2
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
for p in "${missing[@]}"; do
	case $p in *:*) arch=${p#*:} ;; *) continue ;; esac
	[ "$arch" = "$native" ] || [ "$arch" = all ] ||
		dpkg --print-foreign-architectures | grep -qx "$arch" ||
		dpkg --add-architecture "$arch"
done
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
