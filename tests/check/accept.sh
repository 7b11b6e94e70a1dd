#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# accept.sh MICAC FILE -- `micac check FILE` (run in FILE's directory)
# must exit 0 and print nothing at all: no errors and no warnings.
set -u
if [ $# -ne 2 ]; then
	echo "usage: accept.sh MICAC FILE" >&2
	exit 2
fi
micac=$1 file=$2
case $micac in /*) ;; *) micac=$(pwd)/$micac ;; esac
cd "$(dirname "$file")" || exit 2
base=$(basename "$file")
out=$("$micac" check "$base" 2>&1)
st=$?
if [ $st -ne 0 ] || [ -n "$out" ]; then
	echo "FAIL $file: exit status $st, expected 0 with no output; got:"
	printf '%s\n' "$out"
	exit 1
fi
exit 0
