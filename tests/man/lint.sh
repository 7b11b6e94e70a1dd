#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lint.sh SOURCE_DIR -- every man page passes `mandoc -Tlint` with no
# message at the level of a warning or above (style remarks, such as a
# long input line, are allowed). mandoc comes from Debian, installed by
# scripts/deps.sh when missing.
set -u
src=$1
"$src/scripts/deps.sh" mandoc || { echo "FAIL: cannot install mandoc"; exit 1; }
pages=("$src"/man/*.[1-8])
[ ${#pages[@]} -ge 6 ] || { echo "FAIL: only ${#pages[@]} man pages"; exit 1; }
out=$(mandoc -Tlint -W warning "${pages[@]}" 2>&1)
st=$?
if [ $st -ne 0 ] || [ -n "$out" ]; then
	printf '%s\n' "$out"
	echo "FAIL: mandoc -Tlint -W warning exited $st"
	exit 1
fi
echo "ok: ${#pages[@]} man pages, no mandoc warnings"
