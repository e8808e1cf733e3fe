#!/bin/sh
# boot-net: the network stack's first user-visible parts: lo, rtnetlink,
# the interface ioctls, TCP, UDP and ICMP over lo.
#   progs/inet.c prints "T:" lines (UDP bind/send/recv rules and errors,
#   ECONNREFUSED from an ICMP port unreachable; TCP connect/accept, a
#   checked megabyte, half close, reset, refused and non-blocking
#   connects; netlink dumps and errors,
#   SIOCGIF* on AF_INET and AF_UNIX sockets) that must be progs/inet.out
#   on the host, run in a fresh network namespace with lo up (unshare -n),
#   and in the guest after `ip link set lo up`.
#   busybox `ip addr`, `ip route show table local`, `ip link`,
#   `ifconfig lo`, adding and removing addresses and routes (with their
#   errors) by netlink and by route(8)'s ioctls, `route -n`, the MTU and
#   alias addresses by ifconfig, lo's counters after a ping print in the
#   guest what they
#   print in that namespace on
#   the host (busybox from the same package), `ping -c 2 127.0.0.1`
#   gets its replies (raw ICMP sockets over lo), and busybox nc carries a
#   line from a client to a listener over TCP, and netstat finds the
#   listener in /proc/net/tcp.
# The host runs need unshare(1) and the right to make a network namespace;
# without them those comparisons are skipped with the reason, and the
# guest is still held to progs/inet.out.
# Usage: net.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

build_guest_prog inet
cat > cmds.sh <<'CMDS'
ip link set lo up
echo "== ip addr"; ip addr
echo "== ip link"; ip link
echo "== ip route local"; ip route show table local
echo "== ip -4 route"; ip -4 route
echo "== ifconfig"; ifconfig lo | grep -v bytes
ip addr add 10.7.0.1/24 dev lo
ip addr add 10.7.0.1/24 dev lo; echo "dup addr rc=$?"
ip route add 10.9.0.0/16 dev lo
ip route add 10.10.0.0/16 via 10.7.0.1 metric 5
ip route add 10.11.1.1 dev lo src 127.0.0.1
echo "== routes added"; ip route
echo "== proc route"; cat /proc/net/route
echo "== del"; ip route del 10.9.0.0/16; ip route del 10.9.0.0/16; echo "rc=$?"
ip route add 10.10.0.0/16 via 10.7.0.1 metric 5; echo "dup rc=$?"
ip route add 10.12.0.0/16 via 10.99.0.1; echo "unreachable gw rc=$?"
echo "== after"; ip route
echo "== route -n"; route -n
ip addr del 10.7.0.1/24 dev lo
echo "== addr del"; ip -4 addr
ping -c 1 127.0.0.1 >/dev/null
echo "== counters"; ifconfig lo | grep -E "packets|bytes"
route add -net 10.20.0.0 netmask 255.255.0.0 dev lo
route add -host 10.21.0.1 dev lo metric 3
route add -net 10.22.0.0 netmask 255.0.255.0 dev lo; echo "bad mask rc=$?"
route add -net 10.23.0.0 netmask 255.255.0.0 dev nosuch0; echo "no dev rc=$?"
route add -net 10.24.0.0 netmask 255.255.0.0 reject
echo "== route ioctls"; route -n; ip route
route del -net 10.20.0.0 netmask 255.255.0.0
route del -net 10.20.0.0 netmask 255.255.0.0; echo "del again rc=$?"
ifconfig lo mtu 1500
echo "== after"; route -n; ip link show lo
ifconfig lo mtu 65536
ifconfig lo:1 10.5.0.1
ifconfig lo:1 netmask 255.255.0.0
ifconfig lo:2 172.16.1.1
echo "== aliases"; ip -4 addr; ifconfig lo:1; ifconfig lo:2 | grep inet
ifconfig lo:1 down
ifconfig lo:3 netmask 255.0.0.0; echo "no alias rc=$?"
echo "== alias down"; ip -4 addr
ifconfig lo:2 down
echo "== end"
CMDS
native=0
if unshare -n true 2>/dev/null; then
	native=1
	unshare -n sh -c "/bin/busybox ip link set lo up && ./extra/bin/inet" >native.out 2>native.err
	check "progs/inet runs on the host in a new network namespace (exit $?)" [ $? -eq 0 ]
	as_expected "on the host" inet native.out
	mkdir -p bb
	for c in ip ifconfig route ping; do ln -sf /bin/busybox bb/$c; done
	unshare -n sh -c "PATH=$work/bb:\$PATH; . ./cmds.sh" >native-cmds.txt 2>&1
else
	skip "the host runs: unshare -n is not allowed here"
fi
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
ip link
. /cmds.sh > /tmp/cmds.txt 2>&1
sed 's/^/C:/' /tmp/cmds.txt
/bin/inet
ping -c 2 127.0.0.1 | sed 's/^/P:/'
nc -l -p 5555 > /tmp/ncout &
sleep 0.3
echo "over tcp" | timeout 5 nc -w 1 127.0.0.1 5555
wait
echo "N:$(cat /tmp/ncout)"
nc -l -p 5556 &
sleep 0.2
netstat -tln | grep 5556 | sed 's/^/S:/'
kill %1
poweroff -f
INIT
cp cmds.sh extra/cmds.sh
mkimage root.ext4 32M init.sh extra
boot 60 out.txt ubd0=root.ext4 quiet init=/init
show_output out.txt
ended_cleanly
as_expected "in the guest" inet out.txt
check "lo is down at boot, as on Linux" has out.txt '^1: lo: <LOOPBACK> mtu 65536'
check "ping 127.0.0.1 gets both replies" has out.txt '^P:2 packets transmitted, 2 packets received, 0% packet loss'
check "busybox nc carries a line over TCP on lo" has out.txt '^N:over tcp$'
check "netstat -tln lists the listener (/proc/net/tcp)" has out.txt '^S:tcp +0 +0 0\.0\.0\.0:5556 +0\.0\.0\.0:\* +LISTEN'
if [ $native -eq 1 ]; then
	sed -n 's/^C://p' out.txt >guest-cmds.txt
	if cmp -s native-cmds.txt guest-cmds.txt; then
		ok "busybox ip and ifconfig print what they print on Linux ($(wc -l <guest-cmds.txt) lines)"
	else
		not_ok "busybox ip and ifconfig differ from Linux (- host, + guest):"
		diff native-cmds.txt guest-cmds.txt | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	fi
fi
finish
