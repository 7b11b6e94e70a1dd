#!/usr/bin/env bash
# symbols.sh LIBRARY -- the RMM module is a drop-in (man/mica-rmm.7,
# EXTENDING): every symbol its library defines for others carries the
# prefix mica_rmm_, so none collides with the firmware's own names.
set -u
lib=$1
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 {print $3}' | sort -u |
	grep -v '^mica_rmm_')
if [ -n "$bad" ]; then
	echo "FAIL: $lib defines symbols without the prefix mica_rmm_:"
	echo "$bad"
	exit 1
fi
echo "ok: every symbol of $lib is mica_rmm_*"
