#!/bin/sh
# boot-fuzz: hostile system calls from the guest. progs/fuzz.c: random
# numbers, NULL, -1, unmapped and kernel-half addresses, huge lengths in
# 3 x 30 child processes of 3,000 calls each, half of them socket calls
# on real AF_UNIX, netlink, UDP, TCP and raw sockets with hostile
# msghdrs, addresses and control messages. progs/hostile.c: races a
# multithreaded program can start (closing the fd another thread sleeps
# on in read, poll, select, epoll_wait; epoll sets inside each other;
# futex waiters requeued, timed out, killed or left on an unmapped page;
# fork while threads sleep; a vfork parent killed before its child execs;
# timers outliving their process or firing every ns; lseek at the ends of
# the 64-bit range; a controlling terminal whose pty pair is closed; every
# call with two paths given one bad path, 100 times each; callers blocked
# in recv, accept, send and sendto whose socket or peer goes; fds in
# flight in socket cycles; malformed rtnetlink requests); it runs on the
# host first and the guest must print the same lines. The kernel must
# survive all of it: every seed reports back, init powers off cleanly,
# nothing is left on the host, and the sanitized kernel (suite asan)
# reports no heap damage.
# Nor may it leak: the kernel's live allocations (/proc/umk/kmalloc_live,
# read after vm.drop_caches=3) must come back to where they were before
# the fuzzing, and again after hostile, within LEAK_TOLERANCE objects, once
# the scratch directories are emptied. What the kernel makes once per boot
# (the shared-memory filesystem, the pty table) is made by a first, silent
# run of hostile before the count is taken. A leak on an error path shows
# as one object per failed call; hostile's bad-path cases alone repeat
# 4,300 calls.
# Usage: fuzz.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin
if ! static_cc extra/bin/fuzz "$BOOTDIR/progs/fuzz.c" ||
    ! static_cc extra/bin/hostile "$BOOTDIR/progs/hostile.c" -pthread; then
	not_ok "building the guest programs"
	finish
	exit 1
fi
mkdir native
./extra/bin/hostile native >native/hostile.txt 2>native/hostile.err
check "hostile runs natively (exit $?)" grep -q '^T:end=hostile$' native/hostile.txt
cat native/hostile.err
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
mount -t devpts devpts /dev/pts
live() { echo 3 > /proc/sys/vm/drop_caches; cat /proc/umk/kmalloc_live; }
mkdir /tmp/fuzz /tmp/hostile
/bin/hostile /tmp/hostile >/dev/null
rm -rf /tmp/hostile; mkdir /tmp/hostile
echo "T:kmalloc-start=$(live)"
cd /tmp/fuzz
for seed in 1 2 3; do /bin/fuzz $seed 30 3000; done
cd /
rm -rf /tmp/fuzz; mkdir /tmp/fuzz
echo "T:kmalloc-after-fuzz=$(live)"
/bin/hostile /tmp/hostile
rm -rf /tmp/hostile; mkdir /tmp/hostile
echo "T:kmalloc-after-hostile=$(live)"
echo "T:fuzz-end=done"
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
H=$(hash_of root.ext4)
boot 120 out.txt ubd0=root.ext4 quiet init=/init
tail -n 5 out.txt | sed 's/^/| /'
ended_cleanly
for seed in 1 2 3; do
	expect out.txt "fuzz-$seed" survived
done
grep '^T:' native/hostile.txt >want.txt
grep -E "^T:($(sed 's/^T:\([^=]*\)=.*/\1/' want.txt | paste -sd'|'))=" out.txt >got.txt
if cmp -s want.txt got.txt; then
	ok "hostile: $(wc -l <want.txt) lines as on Linux"
else
	not_ok "hostile: the guest differs from Linux (- host, + guest):"
	diff want.txt got.txt | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
fi
# no_leak WHAT BEFORE AFTER: the live count came back within LEAK_TOLERANCE.
LEAK_TOLERANCE=8
no_leak() {
	case "$2$3" in
	*[!0-9]* | "")
		not_ok "kernel allocations around $1: no count ('$2', '$3')"
		return
		;;
	esac
	d=$(($3 - $2))
	if [ "${d#-}" -le "$LEAK_TOLERANCE" ]; then
		ok "kernel allocations around $1: $2 -> $3"
	else
		not_ok "kernel allocations around $1: $2 -> $3 ($d objects, more than $LEAK_TOLERANCE)"
	fi
}
start=$(value out.txt kmalloc-start)
check "the live kernel allocations are counted (${start:-none})" [ "${start:-0}" -gt 0 ]
no_leak "the fuzzing" "$start" "$(value out.txt kmalloc-after-fuzz)"
no_leak "hostile" "$(value out.txt kmalloc-after-fuzz)" "$(value out.txt kmalloc-after-hostile)"
check "fuzz ran to its end" has out.txt "^T:fuzz-end=done$"
check "no kernel panic" lacks out.txt 'Kernel panic'
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
finish
