// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stub: the only host code that runs inside a guest child process. It is
 * a static executable without libc, linked at STUB_CODE (stub_data.h,
 * stub.lds), embedded into the kernel binary and started by ../ptrace.c with
 * execveat() for every new guest address space.
 *
 * At start (_start -> stub_start -> stub_settle) it maps its shared data area
 * from fd STUB_FD_DATA, moves its stack there, unmaps every other mapping it
 * has (the host stack, vdso, vvar), unblocks all signals, asks for SIGKILL if
 * the kernel dies, leaves the kernel's session, and stops itself under
 * PTRACE_TRACEME. From then on the kernel owns its registers; it only ever
 * resumes stub code at stub_batch, which performs the queued mmap/munmap/
 * mprotect records and reports with int3.
 *
 * Rules: raw syscalls only (a libc wrapper could issue syscalls after a stop,
 * which SYSEMU would then swallow), no writable globals, no FPU/SSE use (the
 * batch runs between guest instructions, on the guest's FPU state).
 */
#include <stddef.h>
#include <stdint.h>

#include "stub_data.h"

/* x86_64 syscall numbers and constants used here */
#define NR_close		3
#define NR_mmap			9
#define NR_mprotect		10
#define NR_munmap		11
#define NR_rt_sigprocmask	14
#define NR_getpid		39
#define NR_kill			62
#define NR_ptrace		101
#define NR_getppid		110
#define NR_setsid		112
#define NR_prctl		157
#define NR_exit_group		231

#define PROT_RW			3
#define MAP_SHARED_FIXED	0x11	/* MAP_SHARED | MAP_FIXED */
#define SIG_SETMASK		2
#define PR_SET_PDEATHSIG	1
#define SIGKILL			9
#define SIGSTOP			19
#define PTRACE_TRACEME		0

static inline long
sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys0(n)			sys6(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a)		sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b)		sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c)	sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d)	sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static void __attribute__((noreturn))
stub_die(int code)
{
	for (;;)
		sys1(NR_exit_group, code);
}

/* The batch entry. The kernel sets rip here and rsp to STUB_STACK_TOP. */
__asm__(".section .text.batch, \"ax\"\n"
	".globl stub_batch\n"
	".type stub_batch, @function\n"
	"stub_batch:\n"
	"	call stub_run_batch\n"
	"	int3\n"
	"	ud2\n"
	".previous\n");

/* The process entry, on the host stack execve made. */
__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
	"	call stub_start\n"
	"	ud2\n");

static long
run_op(const struct stub_op *op)
{
	long r;

	switch (op->type) {
	case STUB_OP_MMAP:
		r = sys6(NR_mmap, op->addr, op->len, op->prot, MAP_SHARED_FIXED,
			 STUB_FD_PHYSMEM, op->off);
		if (r >= 0 && (uint64_t)r != op->addr)
			r = -22;	/* EINVAL: MAP_FIXED landed elsewhere */
		return r < 0 ? r : 0;
	case STUB_OP_MUNMAP:
		return sys2(NR_munmap, op->addr, op->len);
	case STUB_OP_MPROTECT:
		return sys3(NR_mprotect, op->addr, op->len, op->prot);
	default:
		return -22;
	}
}

void __attribute__((used))
stub_run_batch(void)
{
	struct stub_data *d = (struct stub_data *)STUB_DATA;
	uint32_t i, n = d->nops;
	long r = 0;

	if (n > STUB_MAX_OPS)
		n = STUB_MAX_OPS;
	for (i = 0; i < n; i++) {
		r = run_op(&d->ops[i]);
		if (r < 0)
			break;
	}
	d->err = r < 0 ? r : 0;
	d->err_index = i;
	d->done = i;
}

/* Second half of start-up, on the stack in the data area. */
void __attribute__((used, noreturn))
stub_settle(void)
{
	struct stub_data *d = (struct stub_data *)STUB_DATA;
	uint64_t nomask = 0;

	/* Drop everything of ours outside the stub area: host stack, vdso, vvar. */
	sys2(NR_munmap, 0, STUB_START);
	sys2(NR_munmap, STUB_END, STUB_TASK_TOP - STUB_END);

	sys4(NR_rt_sigprocmask, SIG_SETMASK, &nomask, 0, sizeof(nomask));
	sys2(NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
	if (sys0(NR_getppid) != d->kernel_pid)
		stub_die(STUB_EXIT_PARENT);
	sys0(NR_setsid);
	if (sys4(NR_ptrace, PTRACE_TRACEME, 0, 0, 0) < 0)
		stub_die(STUB_EXIT_TRACE);
	sys2(NR_kill, sys0(NR_getpid), SIGSTOP);
	/* The kernel always sets new registers; getting here is a bug. */
	stub_die(STUB_EXIT_RESUMED);
}

void __attribute__((used, noreturn))
stub_start(void)
{
	long r;

	r = sys6(NR_mmap, STUB_DATA, STUB_DATA_SIZE, PROT_RW, MAP_SHARED_FIXED,
		 STUB_FD_DATA, 0);
	if (r != (long)STUB_DATA)
		stub_die(STUB_EXIT_DATA);
	sys1(NR_close, STUB_FD_DATA);
	if (((struct stub_data *)STUB_DATA)->magic != STUB_MAGIC)
		stub_die(STUB_EXIT_MAGIC);

	/* Move onto the data-area stack, so the host stack can go. */
	__asm__ volatile("mov %0, %%rsp\n"
			 "call stub_settle\n"
			 "ud2\n"
			 : : "r"(STUB_STACK_TOP) : "memory");
	__builtin_unreachable();
}
