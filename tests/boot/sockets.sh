#!/bin/sh
# boot-sockets: AF_UNIX sockets and the socket system calls.
# progs/sockets.c prints one "T:" line per check (values and errno names,
# not just ok), runs on the host first, where its lines must be
# progs/sockets.out (so each expectation is Linux's), then in the guest,
# where they must be the same. Then real programs over sockets: busybox
# syslogd and logger (syslog over the /dev/log datagram socket), and a
# leak check: sockets passed inside sockets and closed (garbage only the
# collector frees), 200 rounds, must give their kernel objects back
# (/proc/umk/kmalloc_live after vm.drop_caches=3). And the net sysctls:
# net.unix.max_dgram_qlen and net.core.somaxconn, set low, bound the
# datagram queue and the listen backlog.
# Usage: sockets.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

build_guest_prog sockets
run_native sockets "$work/native"
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
mkdir /tmp/s
/bin/sockets /tmp/s
echo "G:sockets-exit=$?"
live() { echo 3 > /proc/sys/vm/drop_caches; cat /proc/umk/kmalloc_live; }
/bin/sockets gc 20
before=$(live)
/bin/sockets gc 200
after=$(live)
echo "G:gc-live=$before $after"
syslogd -n -O /tmp/messages &
i=0
while [ ! -S /dev/log ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
logger -t umktest "hello over /dev/log"
logger -t umktest -p user.err "second line"
sleep 0.5
grep -c "umktest" /tmp/messages | sed 's/^/G:syslog-lines=/'
grep -q "umktest: hello over /dev/log" /tmp/messages && echo "G:syslog-text=ok"
kill %1 2>/dev/null
echo 3 > /proc/sys/net/unix/max_dgram_qlen
echo 2 > /proc/sys/net/core/somaxconn
/bin/sockets limits
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 90 out.txt ubd0=root.ext4 quiet init=/init
show_output out.txt
ended_cleanly
as_expected "in the guest" sockets out.txt
check "the program exits 0 in the guest" has out.txt '^G:sockets-exit=0$'
gc=$(sed -n 's/^G:gc-live=//p' out.txt)
set -- $gc
if [ $# -eq 2 ] && [ $(($2 - $1)) -le 16 ]; then
	ok "fd-passing cycles are collected (kmalloc_live $1 -> $2)"
else
	not_ok "fd-passing cycles leak (kmalloc_live: '$gc')"
fi
check "syslogd got both logger lines over /dev/log" has out.txt '^G:syslog-lines=2$'
check "the message text arrived whole" has out.txt '^G:syslog-text=ok$'
check "net.unix.max_dgram_qlen=3: 4 datagrams queue" has out.txt '^L:dgram-queued=4$'
check "net.core.somaxconn=2 caps listen(100): 3 connections queue" has out.txt '^L:connections-queued=3$'
finish
