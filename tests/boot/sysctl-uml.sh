#!/bin/sh
# Linux 6.1's answers for boot-sysctl, from Linux 6.1 itself: boots Debian's
# UML 6.1 (linux.uml) on a busybox image (tests/images/mkbusybox.sh) whose
# init lists the names and modes under /proc/sys/{kernel,vm,fs} and runs
# `sysctl-check bad` (progs/sysctl.c) as root. Every write lands in UML's
# own /proc/sys: nothing here touches the host's kernel settings.
#
# Prints sysctl-bad-linux-6.1.txt: a header saying how it was made, then
# UML's "T:" line for each case. To make that file again (after changing
# the cases of progs/sysctl.c), on a host where linux.uml runs:
#   sh tests/boot/sysctl-uml.sh > tests/boot/sysctl-bad-linux-6.1.txt
# boot-sysctl runs this wherever UML runs and fails if the answers differ
# from the file's.
#
# Usage: sysctl-uml.sh [-n NAMES] [PROGRAM]
#   -n NAMES   also writes UML's "mode name" lines, sorted, to NAMES
#   PROGRAM    a static build of progs/sysctl.c; built here (musl-gcc, else
#              cc -static) when not given
# Environment: UML (linux.uml from PATH by default).
# Exit status: 0; 1 if UML did not run the program to its end (why, on
# stderr); 2 on bad usage.
set -u
here=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: sysctl-uml.sh [-n NAMES] [PROGRAM]" >&2
	exit 2
}
names=
if [ "${1:-}" = -n ]; then
	[ $# -ge 2 ] || usage
	names=$2
	shift 2
fi
[ $# -le 1 ] || usage
case ${1:-} in -*) usage ;; esac
uml=${UML:-$(command -v linux.uml || echo /usr/bin/linux.uml)}
if [ ! -x "$uml" ]; then
	echo "sysctl-uml: $uml: not installed (apt-get install user-mode-linux)" >&2
	exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/umk-sysctl-uml.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
mkdir -p "$dir/extra/bin" "$dir/uml"
if [ $# -eq 1 ]; then
	if ! cp "$1" "$dir/extra/bin/sysctl-check"; then
		echo "sysctl-uml: cannot copy the program $1" >&2
		exit 1
	fi
elif ! { command -v musl-gcc >/dev/null &&
    musl-gcc -static -O2 -o "$dir/extra/bin/sysctl-check" "$here/progs/sysctl.c"; } 2>/dev/null &&
    ! ${CC:-cc} -static -O2 -o "$dir/extra/bin/sysctl-check" "$here/progs/sysctl.c"; then
	echo "sysctl-uml: cannot build progs/sysctl.c" >&2
	exit 1
fi
cat > "$dir/init.sh" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
find /proc/sys/kernel /proc/sys/vm /proc/sys/fs -type f | while read -r f; do
	echo "N:$(stat -c %a "$f") ${f#/proc/sys/}"
done
/bin/sysctl-check bad
poweroff -f
INIT
if ! sh "$here/../images/mkbusybox.sh" "$dir/root.ext4" 32M "$dir/init.sh" "$dir/extra" \
    >"$dir/mk.log" 2>&1; then
	echo "sysctl-uml: could not build the image: $(tail -n 1 "$dir/mk.log")" >&2
	exit 1
fi
# Debian's UML now and then fails to reach init on a loaded host (as
# cow_interop.sh found): one more try, with the first one's last lines.
for attempt in 1 2; do
	timeout -k 5 120 "$uml" ubd0r="$dir/root.ext4" mem=128M init=/init con=null \
		con0=fd:0,fd:1 umid="umk-sysctl-$$" uml_dir="$dir/uml" </dev/null 2>&1 |
		tr -d '\r' >"$dir/log"
	grep -qx 'T:end=bad' "$dir/log" && break
	if [ $attempt = 2 ]; then
		echo "sysctl-uml: $uml did not run sysctl-check to its end; its last lines:" >&2
		grep -v '^ *\[<' "$dir/log" | tail -n 5 | sed 's/^/  /' >&2
		exit 1
	fi
	echo "sysctl-uml: $uml did not run sysctl-check to its end; one more try after:" >&2
	grep -v '^ *\[<' "$dir/log" | tail -n 3 | sed 's/^/  /' >&2
done
[ -z "$names" ] || sed -n 's/^N://p' "$dir/log" | sort >"$names"

version=$("$uml" --version 2>/dev/null | head -n 1)
package=$(dpkg-query -W -f '${Version}' user-mode-linux 2>/dev/null || true)
cat <<EOF
# Linux 6.1's answers to \`sysctl-check bad\` (tests/boot/progs/sysctl.c):
# each write to /proc/sys that Linux 6.1 refuses, and how it refuses it,
# as Debian bookworm's UML ${version:-(version unknown)} (package user-mode-linux ${package:-?})
# gave them, running the program as root on a busybox image. Made by
# tests/boot/sysctl-uml.sh; to make it again, where linux.uml runs:
#   sh tests/boot/sysctl-uml.sh > tests/boot/sysctl-bad-linux-6.1.txt
# boot-sysctl checks that umk gives exactly these answers, and wherever
# UML runs it runs it again and fails if UML's answers differ from these.
EOF
grep '^T:' "$dir/log" | grep -vx 'T:end=bad'
