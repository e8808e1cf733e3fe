// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arch's kernel side of running guest code: the loop every user task
 * runs on its kernel stack. It hands the task's registers to the trap
 * backend (arch/um/os) and handles why the guest stopped: a system call
 * (dispatch it), a page fault (resolve it or send SIGSEGV), another
 * synchronous signal, a timer tick, or the host process dying.
 *
 * Every return to guest code is a preemption point (cond_resched): if the
 * tick fired since the last one, its work is done and the task gives way
 * when another can run. The backend reports TRAP_PREEMPTED only when the
 * tick stopped guest code that would not stop on its own; a task that
 * traps often (system calls, faults) is preempted here instead, on its way
 * back. Pending signals are delivered last, right before the guest runs.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/exit.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "os.h"
#include "trap.h"

#define TRAP_INT80_NR 0x80

/* is_restart: the codes signal delivery resolves (kernel/errno.h). */
static bool
is_restart(int64_t ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
	       ret == -ERESTART_RESTARTBLOCK;
}

/*
 * handle_syscall runs the call the guest trapped with. A restart code is
 * kept for signal delivery and the guest sees EINTR unless delivery
 * restarts the call; rt_sigreturn has set every register itself.
 */
static void
handle_syscall(struct task *t)
{
	struct uc_regs *r = &t->uc.regs;
	uint64_t nr = t->uc.trap.nr;
	int64_t ret;

	t->in_syscall = true;
	t->errno_restart = 0;
	ret = syscall_dispatch(nr, r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
	if (nr == 15 /* rt_sigreturn */ && !t->in_syscall)
		return;	/* registers restored from the frame, rax included */
	if (is_restart(ret)) {
		t->errno_restart = (int)ret;
		t->restart_nr = nr;
		ret = -EINTR;
	}
	r->rax = (uint64_t)ret;
}

/*
 * handle_fault resolves a guest page fault, or sends SIGSEGV; no page to
 * be had is the OOM killer's (the task retries the access afterwards).
 */
static void
handle_fault(struct task *t)
{
	struct trap_info *ti = &t->uc.trap;
	int err = handle_mm_fault(t->mm, ti->addr, ti->access);

	if (!err)
		return;
	if (err == -ENOMEM) {
		out_of_memory(t);
		return;
	}
	/* A file page that cannot be given (past its end, a full or failing disk): SIGBUS. */
	if (err == -ENOSPC || err == -EIO || err == -EROFS || err == -EDQUOT || err == -EBUSY) {
		force_sig_fault(SIGBUS, BUS_ADRERR, ti->addr);
		return;
	}
	force_sig_fault(SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, ti->addr);
}

void
user_task_main(void *arg)
{
	struct task *t = current;

	(void)arg;
	for (;;) {
		uint64_t t0, t1;
		int r;

		cond_resched();
		if (signal_pending(t) || t->errno_restart)
			do_signal();
		t0 = os_clock_monotonic_ns();
		r = trap_run(t->mm->ctx, &t->uc);
		t1 = os_clock_monotonic_ns();
		t->utime_ns += t1 - t0;
		t->in_syscall = false;
		if (r < 0) {
			pr_err("%s[%d]: can't run guest code (%d): killed\n", t->comm, t->pid, r);
			do_group_exit(SIGKILL);
		}
		switch (t->uc.trap.reason) {
		case TRAP_SYSCALL:
			handle_syscall(t);
			break;
		case TRAP_FAULT:
			handle_fault(t);
			break;
		case TRAP_SIGNAL:
			force_sig_fault(t->uc.trap.signo, t->uc.trap.code, t->uc.trap.addr);
			break;
		case TRAP_PREEMPTED:
			break;	/* the tick's work is done at the top of the loop */
		case TRAP_DIED:
			pr_err("%s[%d]: host process died (signal %d)\n", t->comm, t->pid,
			       t->uc.trap.signo);
			do_group_exit(SIGKILL);
		}
		t->stime_ns += os_clock_monotonic_ns() - t1;
	}
}
