#!/bin/sh
# boot-fuzz: hostile system calls from the guest. progs/fuzz.c: random
# numbers, NULL, -1, unmapped and kernel-half addresses, huge lengths in
# 3 x 30 child processes of 3,000 calls each. progs/hostile.c: races a
# multithreaded program can start (closing the fd another thread sleeps
# on in read, poll, select, epoll_wait; epoll sets inside each other;
# futex waiters requeued, timed out, killed or left on an unmapped page;
# fork while threads sleep; a vfork parent killed before its child execs;
# timers outliving their process or firing every ns; lseek at the ends of
# the 64-bit range; a controlling terminal whose pty pair is closed); it
# runs on the host first and the guest must print the same lines. The
# kernel must survive all of it: every seed reports back, init powers off
# cleanly, nothing is left on the host, and the sanitized kernel (suite
# asan) reports no heap damage.
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
cd /tmp
for seed in 1 2 3; do /bin/fuzz $seed 30 3000; done
/bin/hostile /tmp
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
check "fuzz ran to its end" has out.txt "^T:fuzz-end=done$"
check "no kernel panic" lacks out.txt 'Kernel panic'
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
finish
