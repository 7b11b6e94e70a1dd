#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Checks the install steps on a machine that has nothing: makes a minimal
# Debian 12 root (debootstrap --variant=minbase bookworm), clones this
# repository's committed HEAD into it as DIR/work/mica with a copy of
# ../shared beside it (DIR/work/shared, without write bits, as CI has it),
# and runs in it, with chroot, as root, one after another:
#   scripts/demo.sh, scripts/test.sh, bash .ci/run
# It prints each step's wall time and a last line PASS or FAIL (exit 0 or
# 1). Run it after changing any install step; it is not part of .ci/run.
#   scripts/fresh-debian.sh [--keep] [DIR]    (as root)
# DIR defaults to /var/tmp/mica-fresh-debian and must not exist yet; it is
# removed at the end unless --keep is given. The package mirror is the one
# this machine's apt uses (its debian.sources, else sources.list), and the
# root gets this machine's Debian sources and its archive settings, so
# apt-get works inside as it does here. /proc, /sys, /dev, /dev/pts and
# /dev/shm are mounted into the root while it runs, and unmounted on exit,
# whatever happened.
set -euo pipefail

keep=0
dir=
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1 ;;
	-h|--help) sed -n '3,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) echo "fresh-debian.sh: unknown option $1" >&2; exit 2 ;;
	*) [ -z "$dir" ] || { echo "fresh-debian.sh: one DIR only" >&2; exit 2; }
	   dir=$1 ;;
	esac
	shift
done
dir=${dir:-/var/tmp/mica-fresh-debian}
if [ "$(id -u)" -ne 0 ]; then
	echo "fresh-debian.sh: run as root (debootstrap, mount, chroot)" >&2
	exit 2
fi
if [ -e "$dir" ]; then
	echo "fresh-debian.sh: $dir exists; remove it or name another DIR" >&2
	exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "fresh-debian.sh: $*" >&2; }

# ---- the mirror, from this machine's apt sources -------------------------
# The first URI of a deb stanza (deb822) or deb line whose suites include
# bookworm.
mirror_of_sources() {
	awk '
		function flush() {
			if (deb && bw && uri != "" && found == "") found = uri
			deb = bw = 0; uri = ""
		}
		/^[ \t]*$/ { flush(); next }
		/^[ \t]*#/ { next }
		tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
		tolower($1) == "uris:" { uri = $2 }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == "bookworm") bw = 1 }
		tolower($1) == "enabled:" && tolower($2) == "no" { deb = 0 }
		END { flush(); if (found != "") print found }
	' "$1"
}
mirror_of_list() {
	# deb [options] URI SUITE COMPONENT...
	sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$1" |
		awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }'
}
mirror=
src822=/etc/apt/sources.list.d/debian.sources
if [ -f "$src822" ]; then
	mirror=$(mirror_of_sources "$src822")
fi
if [ -z "$mirror" ]; then
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		mirror=$(mirror_of_list "$f")
		[ -z "$mirror" ] || break
	done
fi
if [ -z "$mirror" ]; then
	echo "fresh-debian.sh: no bookworm mirror in this machine's apt sources" >&2
	exit 2
fi

# ---- the steps' times and results ------------------------------------------
names=() times=() results=()
failed=0
current= current_t0=0   # the step under way, if stopped in the middle
clock() { date +%s; }
record() {  # record NAME START STATUS
	local t=$(( $(clock) - $2 ))
	names+=("$1") times+=("$t")
	if [ "$3" -eq 0 ]; then results+=(ok); else results+=("FAILED ($3)"); failed=1; fi
	say "$1: ${results[-1]}, $t s"
}
summary() {
	local i total=$(( $(clock) - start_all ))
	summarized=1
	echo
	for i in "${!names[@]}"; do
		printf 'fresh-debian.sh: %-16s %5d s  %s\n' "${names[i]}" "${times[i]}" "${results[i]}"
	done
	printf 'fresh-debian.sh: %-16s %5d s\n' total "$total"
	if [ "$failed" -eq 0 ]; then echo "PASS"; else echo "FAIL"; fi
}
start_all=$(clock)

# ---- mounts, and cleaning up whatever happens ----------------------------
mounted=()
summarized=0
cleanup() {
	local status=$? i m left
	set +e
	# Stopped before the end (an error, a signal): still a verdict.
	if [ "$summarized" -eq 0 ]; then
		[ "$status" -ne 0 ] || status=1
		[ -z "$current" ] || record "$current" "$current_t0" "$status"
		failed=1
		summary
	fi
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		m=${mounted[i]}
		umount "$m" 2>/dev/null || umount -l "$m" ||
			echo "fresh-debian.sh: cannot unmount $m" >&2
	done
	mounted=()
	# Removed only when nothing is mounted below it any more.
	left=$(awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts)
	if [ "$keep" -eq 0 ] && [ -d "$dir" ]; then
		if [ -n "$left" ]; then
			echo "fresh-debian.sh: still mounted, $dir left: $left" >&2
		else
			rm -rf --one-file-system "$dir"
		fi
	elif [ -d "$dir" ]; then
		say "kept $dir (the clone: $dir/work/mica)"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bind() {   # bind SOURCE TARGET-IN-ROOT
	mkdir -p "$dir$2"
	mount --bind "$1" "$dir$2"
	mounted+=("$dir$2")
}

# 1. the root
t0=$(clock)
if ! command -v debootstrap >/dev/null; then
	say "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends debootstrap >/dev/null ||
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install \
		-y -qq --no-install-recommends debootstrap >/dev/null; }
fi
say "debootstrap --variant=minbase bookworm $dir $mirror"
mkdir -p "$dir"
if ! debootstrap --variant=minbase bookworm "$dir" "$mirror" \
	>"$dir.debootstrap.log" 2>&1; then
	tail -n 20 "$dir.debootstrap.log" >&2
	record debootstrap "$t0" 1
	summary
	exit 1
fi
rm -f "$dir.debootstrap.log"

# This machine's Debian sources (updates and security too, as a new
# machine of this kind has them) replace debootstrap's one line; its
# settings for reaching the archive (proxies, the checks of a Release
# file's dates, which an archive snapshot needs off) are copied as
# settings; its name lookup too.
if [ -f "$src822" ] && [ -n "$(mirror_of_sources "$src822")" ]; then
	cp "$src822" "$dir/etc/apt/sources.list.d/debian.sources"
	rm -f "$dir/etc/apt/sources.list"
elif [ -f /etc/apt/sources.list ]; then
	grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list \
		>"$dir/etc/apt/sources.list"
fi
apt-config dump |
	grep -E '^Acquire::([a-z]+::)?(Proxy|Check-Valid-Until|Check-Date)( |::)' \
	>"$dir/etc/apt/apt.conf.d/90host-archive" || true
for f in /etc/resolv.conf /etc/hosts; do
	if [ -f "$f" ]; then cp -L "$f" "$dir$f"; fi
done
record debootstrap "$t0" 0

# 2. the clone, and shared/ beside it
t0=$(clock)
head=$(git -C "$repo" rev-parse HEAD)
git clone -q --no-hardlinks "$repo" "$dir/work/mica"
# The clone is on the branch checked out here; a detached HEAD is taken too.
[ "$(git -C "$dir/work/mica" rev-parse HEAD)" = "$head" ] ||
	git -C "$dir/work/mica" checkout -q --detach "$head"
if [ -d "$repo/../shared" ]; then
	cp -rL "$repo/../shared" "$dir/work/shared"
	chmod -R a-w "$dir/work/shared"
else
	say "no ../shared beside the repository: none in the root"
fi
say "cloned $(git -C "$repo" log -1 --format='%h %s' "$head")"
record clone "$t0" 0

bind /proc /proc
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
bind /dev/shm /dev/shm

# 3. the README's two commands and CI's, as a new root user runs them
run() {  # run NAME COMMAND...
	local name=$1 t0 status
	shift
	say "=== $name"
	t0=$(clock)
	current=$name current_t0=$t0
	set +e
	chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		"$@" </dev/null
	status=$?
	set -e
	current=
	record "$name" "$t0" "$status"
}
run demo.sh /bin/bash -c 'cd /work/mica && scripts/demo.sh'
run test.sh /bin/bash -c 'cd /work/mica && scripts/test.sh'
run .ci/run /usr/bin/env CI=true /bin/bash -c 'cd /work/mica && bash .ci/run'

summary
[ "$failed" -eq 0 ]
