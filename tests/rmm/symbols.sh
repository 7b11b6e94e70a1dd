#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# symbols.sh LIBRARY [WIRE_LIBRARY] -- the RMM module is a drop-in
# (man/mica-rmm.7, EXTENDING): every symbol its library defines for others
# carries the prefix mica_rmm_, so none collides with the firmware's own
# names. The wire format it links (src/wire/: the CBOR reader, the blob
# reader, the RIM binding) is held to the prefix mica_.
set -u
check() {   # check LIBRARY PREFIX
	local bad
	bad=$(nm -g --defined-only "$1" | awk 'NF == 3 {print $3}' | sort -u |
		grep -v "^$2")
	if [ -n "$bad" ]; then
		echo "FAIL: $1 defines symbols without the prefix $2:"
		echo "$bad"
		return 1
	fi
	echo "ok: every symbol of $1 is $2*"
}
status=0
check "$1" mica_rmm_ || status=1
if [ $# -ge 2 ]; then
	check "$2" mica_ || status=1
fi
exit $status
