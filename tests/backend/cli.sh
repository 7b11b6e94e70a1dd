#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli.sh MICAC SOURCE_DIR -- micac compile and micac dump as a build
# system sees them: exit statuses, files written (all or none), and the
# same bytes on every run.
set -u
if [ $# -ne 2 ]; then
	echo "usage: cli.sh MICAC SOURCE_DIR" >&2
	exit 2
fi
micac=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect STATUS CMD...: runs CMD, output to $tmp/out and $tmp/err.
expect() {
	local want=$1 got
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: '$*' exited $got, expected $want"
		sed 's/^/  | /' "$tmp/err"
		fail=1
	fi
}

# has FILE TEXT: FILE contains TEXT.
has() {
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 lacks '$2':"
		sed 's/^/  | /' "$1"
		fail=1
	fi
}

# Usage errors.
expect 2 "$micac" compile
expect 2 "$micac" compile "$src/examples/guarded_llm.mica"
expect 2 "$micac" compile -o "$tmp/x"
expect 2 "$micac" compile "$src/examples/guarded_llm.mica" -o "$tmp/x" extra
expect 2 "$micac" dump
expect 2 "$micac" dump --bogus x
expect 2 "$micac" dump "$tmp/missing.blob"
has "$tmp/err" "cannot read $tmp/missing.blob"
[ ! -e "$tmp/x" ] || { echo "FAIL: a usage error created $tmp/x"; fail=1; }

# Every example compiles, twice to the same bytes; every blob decodes.
for f in "$src"/examples/*.mica; do
	name=$(basename "$f" .mica)
	expect 0 "$micac" compile "$f" -o "$tmp/a/$name"
	expect 0 "$micac" compile "$f" -o "$tmp/b/$name"
	if ! diff -r "$tmp/a/$name" "$tmp/b/$name" >/dev/null; then
		echo "FAIL: $name: two compilations differ"
		fail=1
	fi
	has "$tmp/a/$name/reference.json" "\"policy\": \"$name\""
	for blob in "$tmp/a/$name"/*.blob; do
		expect 0 "$micac" dump "$blob"
		has "$tmp/out" "policy:          $name version 1"
		expect 0 "$micac" dump --json "$blob"
		has "$tmp/out" "\"policy\": \"$name\""
		digest=$(sed -n 's/^  "blob_digest": "\(.*\)",$/\1/p' "$tmp/out")
		has "$tmp/a/$name/reference.json" "\"blob_digest\": \"$digest\""
	done
done

# ripas and paging reach the blob of the realm that has them, and only
# its: flags 0x31 and 0x01 are these dump lines.
m1=$(printf '1%.0s' $(seq 64)) m2=$(printf '2%.0s' $(seq 64))
cat >"$tmp/xfer.mica" <<EOT
policy xfer version 1;
realm vm { measurement = sha256:$m1; trust = trusted; }
realm w { measurement = sha256:$m2; }
region g : protected, 4 KiB { vm: w @ 0x1000; w: r @ 0x1000; }
allow vm paging;
allow vm ripas;
EOT
expect 0 "$micac" compile "$tmp/xfer.mica" -o "$tmp/xfer"
expect 0 "$micac" dump "$tmp/xfer/vm.blob"
sed -n '/^strict:/,/^peers:/p' "$tmp/out" >"$tmp/flags.txt"
cat >"$tmp/flags.want" <<'EOT'
strict:          yes
hostcall:        none
mmio:            denied
psci:            denied
ripas:           allowed
paging:          allowed
peers:           1
EOT
if ! diff -u "$tmp/flags.want" "$tmp/flags.txt"; then
	echo "FAIL: vm.blob's transfer lines differ (- want, + got)"
	fail=1
fi
expect 0 "$micac" dump --json "$tmp/xfer/vm.blob"
has "$tmp/out" '"ripas": true,'
has "$tmp/out" '"paging": true,'
expect 0 "$micac" dump "$tmp/xfer/w.blob"
has "$tmp/out" "ripas:           denied"
has "$tmp/out" "paging:          denied"

# Malformed blobs: status 1, a message, nothing on standard output.
blob=$tmp/a/guarded_llm/gateway.blob
head -c 100 "$blob" >"$tmp/short.blob"
expect 1 "$micac" dump "$tmp/short.blob"
has "$tmp/err" "short.blob: malformed blob: at offset"
[ ! -s "$tmp/out" ] || { echo "FAIL: output for a malformed blob"; fail=1; }
{ cat "$blob"; printf '\0'; } >"$tmp/long.blob"
expect 1 "$micac" dump "$tmp/long.blob"
has "$tmp/err" "trailing bytes after the blob"
: >"$tmp/empty.blob"
expect 1 "$micac" dump "$tmp/empty.blob"
has "$tmp/err" "empty input"

# A policy with errors writes nothing, not even its directory.
printf 'policy p version 1;\nrealm a { }\n' >"$tmp/bad.mica"
expect 1 "$micac" compile "$tmp/bad.mica" -o "$tmp/new"
[ ! -e "$tmp/new" ] || { echo "FAIL: errors created $tmp/new"; fail=1; }
# ... and leaves an existing output directory exactly as it was.
before=$(cd "$tmp/a/guarded_llm" && ls -la --time-style=+%s.%N && sha256sum ./*)
expect 1 "$micac" compile "$tmp/bad.mica" -o "$tmp/a/guarded_llm"
after=$(cd "$tmp/a/guarded_llm" && ls -la --time-style=+%s.%N && sha256sum ./*)
[ "$before" = "$after" ] || { echo "FAIL: errors changed outputs"; fail=1; }

[ $fail -eq 0 ] && echo "cli.sh: ok"
exit $fail
