/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest thread's user context as the trap backend (arch/um/os) and the
 * kernel both see it: its registers, its FPU state, and why it last
 * stopped. Types only: the host side fills these in, the kernel keeps one
 * per task (struct task's uc) and reads them through the arch
 * (arch/um/kernel, arch/um/include/asm).
 */
#ifndef UM_SHARED_REGISTERS_H
#define UM_SHARED_REGISTERS_H

#include <stdint.h>

/* The general registers, in the order of x86_64 Linux's user_regs_struct. */
struct uc_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10;
	uint64_t r9, r8, rax, rcx, rdx, rsi, rdi;
	uint64_t orig_rax;	/* syscall number at a syscall trap, else -1 */
	uint64_t rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base;
	uint64_t ds, es, fs, gs;
};

/* Why trap_run() returned. */
enum trap_reason {
	/* trap.nr = orig_rax; args rdi rsi rdx r10 r8 r9; put the result in rax.
	 * ptrace cannot tell `int $0x80` (i386 numbers) from `syscall`: if the
	 * two bytes before rip are cd 80, the kernel should refuse it. */
	TRAP_SYSCALL = 1,
	TRAP_FAULT,		/* page fault: trap.addr, trap.code (SEGV_MAPERR 1 / SEGV_ACCERR 2 / PKUERR 4) */
	TRAP_SIGNAL,		/* other signal: trap.signo, trap.code, trap.addr, trap.siginfo */
	TRAP_PREEMPTED,		/* a tick or other host interrupt stopped the guest */
	TRAP_DIED,		/* the host child is gone (OOM kill, host SIGKILL): trap.signo/code */
};

/* Page-fault access kind. ptrace cannot see the x86 error code, so this is
 * TRAP_ACCESS_UNKNOWN there: the kernel maps the page with the full rights of
 * its VMA, and a second fault on a page already mapped so is a real
 * permission fault (shared/docs/trap-mechanisms.md §1.5). */
enum trap_access {
	TRAP_ACCESS_UNKNOWN = 0,
	TRAP_ACCESS_READ,
	TRAP_ACCESS_WRITE,
	TRAP_ACCESS_EXEC,
};

/* Details of the last trap. */
struct trap_info {
	int reason;		/* enum trap_reason */
	int signo;		/* host signal (x86_64 Linux numbering), or exit signal */
	int code;		/* si_code, or exit status for TRAP_DIED by exit */
	int access;		/* enum trap_access, TRAP_FAULT only */
	uint64_t addr;		/* si_addr (fault address) */
	uint64_t nr;		/* syscall number, TRAP_SYSCALL only */
	uint8_t siginfo[128];	/* raw siginfo, x86_64 Linux layout (guest ABI) */
};

/* uc->flags */
#define UC_FPU_DIRTY	0x1	/* write uc->fpu into the child before running */
#define UC_FPU_WANT	0x2	/* read the child's FPU into uc->fpu after each trap */
#define UC_FPU_VALID	0x4	/* set by the backend: uc->fpu holds this context's state */

/* One guest register context (a guest thread's user state). */
struct user_context {
	struct uc_regs regs;
	unsigned int flags;	/* UC_FPU_* */
	void *fpu;		/* trap_fpu_size() bytes, XSAVE layout, owned by the kernel; may be NULL */
	struct trap_info trap;	/* filled by trap_run() */
};

#endif /* UM_SHARED_REGISTERS_H */
