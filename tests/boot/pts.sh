#!/bin/sh
# boot-pts: con0=pts puts the console on a host pseudo-terminal, as UML
# does: the kernel says which /dev/pts/N it got, a host program talks to the
# guest's shell through it, and poweroff still ends the kernel with status 0.
# Usage: pts.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

cat > init.sh <<'INIT'
#!/bin/sh
read line
echo "got $line"
poweroff -f
INIT
mkimage root.ext4 32M init.sh
# Opening the pty may make it our controlling terminal (meson runs tests
# in a session of their own): its hangup at power-off must not end this
# script, and the reader below must stay in the foreground process group
# (timeout --foreground) or reading would stop it with SIGTTIN.
trap "" HUP
timeout -k 5 30 "$KERNEL" ubd0=root.ext4 con0=pts init=/init </dev/null >out.txt 2>&1 &
kpid=$!
dev=
n=50
while [ $n -gt 0 ] && [ -z "$dev" ]; do
	dev=$(sed -n "s/.*Virtual console 0 assigned device '\(.*\)'.*/\1/p" out.txt)
	sleep 0.1
	n=$((n - 1))
done
check "the kernel names the host pty it got ($dev)" [ -n "$dev" ] && [ -c "$dev" ]
if [ -n "$dev" ]; then
	exec 3<>"$dev"
	stty -F "$dev" raw -echo 2>/dev/null
	printf 'hello-pts\r' >&3
	got=$(timeout --foreground 10 sh -c 'while read -r l; do case "$l" in *"got hello-pts"*) echo yes; exit;; esac; done' <&3)
	exec 3>&-
	check "the guest read a line from the pty and answered" [ "$got" = yes ]
fi
wait "$kpid"
rc=$?
check "poweroff ended the kernel with status 0 (got $rc)" [ "$rc" -eq 0 ]
finish
