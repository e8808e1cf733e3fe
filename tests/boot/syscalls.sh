#!/bin/sh
# boot-syscalls: progs/syscalls.c checks what a shell script cannot reach:
# ptys (devpts), epoll with eventfd and timerfd, MAP_SHARED memory (tmpfs
# file and anonymous) across fork and against read()/write(), SA_RESTART,
# sigaltstack and FPU state across a handler, condition variables,
# poll/select/nanosleep timeouts, a 300-entry directory, rename, link,
# symlink, rmdir, fcntl record locks and flock. It is a test in the
# expected-output form (lib-boot.sh): the same program runs on the host
# first and must print progs/syscalls.out, then in the guest, where it
# must print it too.
# Usage: syscalls.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

build_guest_prog syscalls -pthread
run_native syscalls "$work/native"
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
mount -t devpts devpts /dev/pts
mkdir /tmp/syscalls
/bin/syscalls /tmp/syscalls
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 60 out.txt ubd0=root.ext4 quiet init=/init
show_output out.txt
ended_cleanly
as_expected "in the guest" syscalls out.txt
finish
