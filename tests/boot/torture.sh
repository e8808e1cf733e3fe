#!/bin/sh
# boot-torture: one boot (mem=64M) whose /init is guest/torture.sh: 2,000
# fork+exec, 10-stage pipelines, background jobs and wait, STOP/CONT,
# signal traps, a segfaulting program, an 8-thread mutex counter (musl, and
# glibc when `cc -static -pthread` works) and a fork bomb bounded by mem=
# and a counter. Asserts on every value the guest printed.
# Usage: torture.sh <linux> <mkbusybox.sh>
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-boot.sh"

mkdir extra
static_cc extra/segv "$BOOTDIR/progs/segv.c" || { not_ok "build segv"; finish; exit 1; }
static_cc extra/bomb "$BOOTDIR/progs/bomb.c" || { not_ok "build bomb"; finish; exit 1; }
static_cc extra/threads-musl "$BOOTDIR/progs/threads.c" -pthread || { not_ok "build threads"; finish; exit 1; }
if ${CC:-cc} -static -O2 -pthread -o extra/threads-glibc "$BOOTDIR/progs/threads.c" 2>/dev/null; then
	glibc=yes
else
	glibc=no
	echo "# no static glibc: the glibc thread test is skipped"
fi
# The programs must behave natively first, or the test is wrong.
check "threads prints 800000 natively" [ "$(./extra/threads-musl)" = "threads: total 800000" ]
(ulimit -c 0; ./extra/segv) 2>/dev/null
check "segv dies of SIGSEGV natively" [ $? -eq 139 ]

mkimage root.ext4 32M "$BOOTDIR/guest/torture.sh" extra
H=$(hash_of root.ext4)
boot 110 out.txt ubd0=root.ext4 quiet init=/init mem=64M
grep -v 'Out of memory: kill' out.txt >short.txt
echo "# $(grep -c 'Out of memory' out.txt) 'Out of memory' lines not shown"
show_output short.txt
ended_cleanly
check "the image is unchanged" [ "$(hash_of root.ext4)" = "$H" ]
expect out.txt end torture

expect out.txt true 1000
expect out.txt subst 1000
echo "# 2,000 fork+exec took $(value out.txt forkexec-seconds) s"
expect out.txt pipe-sum 5055
expect out.txt pipe-bytes 2097152
expect out.txt jobs 12345
expect out.txt wait-status 7
expect out.txt sleep-state S
expect out.txt stopped-state T
expect out.txt continued-state S
expect out.txt killed-status 143
check "trap on USR1 from the shell itself printed 'got USR1'" has out.txt '^got USR1$'
expect out.txt trap2 USR2
check "the shell printed 'Segmentation fault'" has out.txt 'Segmentation fault'
expect out.txt segv-status 139
expect out.txt after-segv alive
expect out.txt threads-musl 800000
[ $glibc = yes ] && expect out.txt threads-glibc 800000
expect out.txt bomb-status 0
n=$(value out.txt bomb-forks)
# At least two full generations (8 + 64): the bomb fanned out past what
# mem= holds. How far the third gets depends on which processes the OOM
# killer takes (the largest, often the forking parents).
check "the bomb forked at least 72 times (got ${n:-nothing})" [ "${n:-0}" -ge 72 ]
check "the kernel reported running out of memory" has out.txt 'Out of memory'
check "no kernel panic" lacks out.txt 'Kernel panic'
expect out.txt bombs-left 0
expect out.txt after-bomb alive
finish
