#!/usr/bin/env bash
# Installs, with apt-get, whatever of Mica's build and test dependencies is
# missing (Debian 12). Idempotent, and silent when everything is present.
set -euo pipefail

pkgs=(build-essential cmake pkg-config flex bison libmbedtls-dev
      libcbor-dev check clang libclang-rt-14-dev)
pkgs+=("$@")

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root" >&2
	exit 2
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
