#!/bin/sh
# A stand-in for Debian's linux.uml (UML 6.1) on a host whose CPU has AMX:
# it prints the start of UML's boot log, the two lines the real one prints
# when the host refuses its FPU state, a stack dump, and dies by abort
# (status 134) as UML does after a panic. Lets the tests exercise the path
# where the real peer cannot run on a host where it can.
if [ "${1:-}" = --version ]; then
	echo 6.1.176
	exit 0
fi
cat <<'LOG'
Core dump limits :
	soft - 0
	hard - NONE
Checking that ptrace can change system call numbers...OK
Checking syscall emulation patch for ptrace...OK
Checking advanced syscall emulation patch for ptrace...OK
Checking environment variables for a tempdir...none found
Checking if /dev/shm is on tmpfs...OK
Checking PROT_EXEC mmap in /dev/shm...OK
Linux version 6.1.176 (fake for umk's tests) #1
mmapper_init - find_iomem failed
Run /init as init process
userspace - ptrace set fp regs failed, errno = 14
Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b
CPU: 0 PID: 1 Comm: init Not tainted 6.1.176 #1
Stack:
 606944ba 607e7fcd 88c43980 6067bb96
 0000001f 607e7fcd 60045fda 608d4b40
Call Trace:
 [<606931e5>] panic+0x197/0x376
 [<6002c0dd>] new_thread_handler+0xae/0xb0
LOG
exit 134
