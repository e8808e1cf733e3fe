#!/bin/sh
# boot-syscalls: a static C program in the guest checks what a shell script
# cannot reach: ptys (devpts), epoll with eventfd and timerfd, MAP_SHARED
# memory (tmpfs file and anonymous) across fork and against read()/write(),
# SA_RESTART, sigaltstack and FPU state across a handler, condition
# variables, poll/select/nanosleep timeouts, a 300-entry tmpfs directory,
# rename, link, symlink, rmdir, fcntl record locks and flock. Each check
# prints T:<name>=ok.
# Usage: syscalls.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir -p extra/bin
if ! ${CC:-cc} -static -O2 -pthread -o extra/bin/syscalls "$BOOTDIR/progs/syscalls.c" 2>cc.log; then
	cat cc.log
	not_ok "building the guest program"
	finish
	exit 1
fi
cat > init.sh <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs tmpfs /tmp
mount -t devpts devpts /dev/pts
/bin/syscalls
poweroff -f
INIT
mkimage root.ext4 32M init.sh extra
boot 60 out.txt ubd0=root.ext4 quiet init=/init
show_output out.txt
ended_cleanly
for t in pty epoll-empty epoll-eventfd eventfd-read timerfd-epoll timerfd-read \
	mmap-shared-file mmap-shared-anon mmap-vs-read write-vs-mmap sa-restart sigaltstack \
	fpu-across-signal condvar-broadcast poll-timeout select-timeout select-ready nanosleep \
	getdents-300 rename link symlink rmdir enotempty fcntl-setlk fcntl-conflict fcntl-setlkw \
	flock; do
	expect out.txt "$t" ok
done
expect out.txt end syscalls
finish
