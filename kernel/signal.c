// SPDX-License-Identifier: GPL-2.0-only
/*
 * Signals: queueing (per thread and per process), picking a thread to take
 * a process signal, default actions, job-control stops, and the x86_64
 * signal frame (shared/docs/x86_64-abi.md §4) built on the guest stack
 * before returning to guest code, undone by rt_sigreturn.
 */
#include <string.h>

#include "kernel/exit.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/wait.h"

#define SIG_STOP_SET	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_IGNORE_SET	(sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))
#define SIG_CORE_SET	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGABRT) | \
			 sigmask(SIGBUS) | sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGXCPU) | \
			 sigmask(SIGXFSZ) | sigmask(SIGSYS))
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U

static struct k_sigaction *
action(struct task *t, int sig)
{
	return &t->sighand->action[sig - 1];
}

bool
sig_ignored(struct task *t, int sig)
{
	struct k_sigaction *ka = action(t, sig);

	if ((t->blocked | t->real_blocked) & sigmask(sig))
		return false;
	if (ka->handler == SIG_IGN)
		return sig != SIGKILL && sig != SIGSTOP;
	return ka->handler == SIG_DFL && (sigmask(sig) & SIG_IGNORE_SET) && sig != SIGCONT;
}

static void
sigqueue_add(struct sigpending *p, int sig, const struct siginfo *info)
{
	struct sigqueue *q;

	/* Standard signals are not queued twice. */
	if (sig < SIGRTMIN && (p->signal & sigmask(sig)))
		return;
	p->signal |= sigmask(sig);
	q = kzalloc(sizeof(*q));
	if (!q)
		return;
	if (info)
		q->info = *info;
	else
		q->info.si_signo = sig, q->info.si_code = SI_KERNEL;
	list_add_tail(&q->node, &p->queue);
}

static void
sigqueue_flush(struct sigpending *p, sigset_t mask)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &p->queue, node) {
		if (sigmask(q->info.si_signo) & mask) {
			list_del(&q->node);
			kfree(q);
		}
	}
	p->signal &= ~mask;
}

bool
signal_pending(struct task *t)
{
	sigset_t pend = t->pending.signal | (t->signal ? t->signal->shared_pending.signal : 0);

	if (t->signal && t->signal->group_exit)
		return true;
	return (pend & ~t->blocked) != 0;
}

bool
fatal_signal_pending(struct task *t)
{
	struct signal_struct *s = t->signal;
	sigset_t pend;

	if (!s)
		return true;
	if (s->group_exit || (s->group_exec_task && s->group_exec_task != t))
		return true;
	pend = (t->pending.signal | s->shared_pending.signal) & ~t->blocked;
	if (pend & sigmask(SIGKILL))
		return true;
	if (t->tgid == 1)
		return false;	/* init survives signals it has no handler for */
	for (int sig = 1; sig <= NSIG; sig++) {
		if (!(pend & sigmask(sig)) || (sigmask(sig) & (SIG_IGNORE_SET | SIG_STOP_SET)))
			continue;
		if (action(t, sig)->handler == SIG_DFL)
			return true;
	}
	return false;
}

/* wake_signal wakes t if it sleeps interruptibly (or is stopped, for SIGKILL/SIGCONT). */
static void
wake_signal(struct task *t, int sig)
{
	if (t->state == TASK_INTERRUPTIBLE ||
	    (t->state == TASK_STOPPED && (sig == SIGKILL || sig == SIGCONT)))
		wake_up_process(t);
}

int
send_sig_info(int sig, const struct siginfo *info, struct task *t, bool group)
{
	struct signal_struct *s = t->signal;
	struct task *th;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	/* A process lives while a thread does, even if its leader exited. */
	if (!s || (group ? !process_alive(t) : t->state >= TASK_ZOMBIE))
		return 0;
	if (sig == SIGCONT || sig == SIGKILL) {
		/* Continue: stop signals pending are dropped, stopped threads resume. */
		sigqueue_flush(&s->shared_pending, SIG_STOP_SET);
		list_for_each_entry(th, &s->threads, thread_node) {
			sigqueue_flush(&th->pending, SIG_STOP_SET);
			if (th->state == TASK_STOPPED) {
				th->state = TASK_INTERRUPTIBLE;
				wake_up_process(th);
			}
		}
		if (s->group_stop_count || sig == SIGCONT) {
			struct task *leader = t->group_leader;

			if (s->group_stop_count && sig == SIGCONT) {
				leader->cont_reported = false;
				leader->stop_reported = true;
				s->group_stop_count = 0;
				do_notify_parent(leader, SIGCHLD, CLD_CONTINUED, SIGCONT);
			}
			s->group_stop_count = 0;
		}
	} else if (sigmask(sig) & SIG_STOP_SET) {
		sigqueue_flush(&s->shared_pending, sigmask(SIGCONT));
	}
	if (sig_ignored(t, sig))
		return 0;
	if (group) {
		sigqueue_add(&s->shared_pending, sig, info);
		/* Wake a thread that does not block it. */
		list_for_each_entry(th, &s->threads, thread_node) {
			if (!(th->blocked & sigmask(sig)) || sig == SIGKILL) {
				wake_signal(th, sig);
				if (sig != SIGKILL)
					break;
			}
		}
	} else {
		sigqueue_add(&t->pending, sig, info);
		wake_signal(t, sig);
	}
	return 0;
}

int
send_sig(int sig, struct task *t)
{
	struct siginfo info = { .si_signo = sig, .si_code = SI_KERNEL };

	return send_sig_info(sig, &info, t, true);
}

int
kill_pgrp(int pgrp, int sig, bool priv)
{
	struct task *t;
	int found = 0;
	struct siginfo info = { .si_signo = sig, .si_code = priv ? SI_KERNEL : SI_USER };

	if (!priv) {
		info.kill.pid = current->tgid;
		info.kill.uid = current->cred.uid;
	}
	for_each_task(t) {
		if (t->group_leader == t && t->signal && t->signal->pgrp == pgrp &&
		    process_alive(t)) {
			found++;
			if (sig)
				send_sig_info(sig, &info, t, true);
		}
	}
	return found ? 0 : -ESRCH;
}

void
force_sig_fault(int sig, int code, uint64_t addr)
{
	struct siginfo info = { .si_signo = sig, .si_code = code };
	struct k_sigaction *ka = action(current, sig);

	info.fault.addr = addr;
	/* A blocked or ignored fault signal cannot be delivered: it kills. */
	if ((current->blocked & sigmask(sig)) || ka->handler == SIG_IGN) {
		current->blocked &= ~sigmask(sig);
		ka->handler = SIG_DFL;
	}
	send_sig_info(sig, &info, current, false);
}

int
next_signal(struct task *t)
{
	sigset_t pend = (t->pending.signal | t->signal->shared_pending.signal) & ~t->blocked;

	if (!pend)
		return 0;
	/* Synchronous and kill signals first, then the lowest number. */
	if (pend & sigmask(SIGKILL))
		return SIGKILL;
	for (int sig = 1; sig <= NSIG; sig++)
		if (pend & sigmask(sig))
			return sig;
	return 0;
}

bool
dequeue_signal(struct task *t, int sig, struct siginfo *info)
{
	struct sigpending *ps[2] = { &t->pending, &t->signal->shared_pending };

	for (int i = 0; i < 2; i++) {
		struct sigpending *p = ps[i];
		struct sigqueue *q;

		if (!(p->signal & sigmask(sig)))
			continue;
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_KERNEL;
		list_for_each_entry(q, &p->queue, node) {
			if (q->info.si_signo == sig) {
				*info = q->info;
				list_del(&q->node);
				kfree(q);
				break;
			}
		}
		/* Still pending if another instance is queued (real-time signals). */
		p->signal &= ~sigmask(sig);
		list_for_each_entry(q, &p->queue, node)
			if (q->info.si_signo == sig)
				p->signal |= sigmask(sig);
		return true;
	}
	return false;
}

void
do_notify_parent(struct task *t, int sig, int why, int status)
{
	struct task *parent = t->parent;
	struct siginfo info = { .si_signo = sig, .si_code = why };
	struct k_sigaction *ka;

	if (!parent || !process_alive(parent))
		return;
	info.kill.pid = t->tgid;
	info.kill.uid = t->cred.uid;
	info.kill.status = status;
	ka = &parent->sighand->action[SIGCHLD - 1];
	if (why != CLD_EXITED && why != CLD_KILLED && why != CLD_DUMPED &&
	    (ka->flags & SA_NOCLDSTOP))
		goto wake;
	/* An exit signal that is no signal (clone's low byte) sends nothing. */
	if (sig >= 1 && sig <= NSIG && parent->sighand->action[sig - 1].handler != SIG_IGN)
		send_sig_info(sig, &info, parent, true);
wake:
	wake_up(&parent->signal->wait_chldexit);
}

/* do_group_stop stops every thread of current's process for sig. */
static void
do_group_stop(int sig)
{
	struct signal_struct *s = current->signal;
	struct task *leader = current->group_leader;

	s->group_stop_count = 1;
	leader->stop_sig = sig;
	leader->stop_reported = false;
	leader->cont_reported = true;
	do_notify_parent(leader, SIGCHLD, CLD_STOPPED, sig);
	while (s->group_stop_count && !(current->pending.signal & sigmask(SIGKILL)) &&
	       !(s->shared_pending.signal & sigmask(SIGKILL))) {
		current->state = TASK_STOPPED;
		schedule();
	}
	current->state = TASK_RUNNING;
}

/* The frame the guest handler sees (x86_64 rt_sigframe, ucontext inside). */
struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
	uint64_t reserved[8];
};

struct ucontext64 {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, _pad;
	uint64_t ss_size;
	struct sigcontext64 mc;
	sigset_t sigmask;
};

struct rt_sigframe64 {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct siginfo info;
};

_Static_assert(sizeof(struct ucontext64) == 304, "ucontext layout");
_Static_assert(sizeof(struct rt_sigframe64) == 440, "rt_sigframe layout");

static bool
on_sig_stack(struct task *t, uint64_t sp)
{
	return t->sas_size && sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

/* fpu_image prepares the thread's XSAVE image for a frame; returns its size. */
static size_t
fpu_image(struct task *t)
{
	size_t size = trap_fpu_size();

	if (!size)
		return 0;
	if (!t->uc.fpu) {
		t->uc.fpu = kzalloc(size);
		if (!t->uc.fpu)
			return 0;
	}
	if (!(t->uc.flags & UC_FPU_VALID) && trap_fpu_fetch(t->mm->ctx, &t->uc))
		return 0;
	return size;
}

static int
setup_frame(int sig, struct k_sigaction *ka, struct siginfo *info, sigset_t oldmask)
{
	struct task *t = current;
	struct uc_regs *r = &t->uc.regs;
	uint64_t sp = r->rsp, fpstate, frame;
	size_t fpsize = fpu_image(t);
	struct rt_sigframe64 f;

	if (!(ka->flags & SA_RESTORER))
		return -EFAULT;
	if ((ka->flags & SA_ONSTACK) && t->sas_size && !on_sig_stack(t, sp))
		sp = t->sas_sp + t->sas_size;
	else
		sp -= 128;	/* red zone */
	fpstate = (sp - fpsize - 4) & ~UINT64_C(63);
	frame = ((fpstate - sizeof(f)) & ~UINT64_C(15)) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = fpsize ? 0x7 : 0x6;
	f.uc.ss_sp = t->sas_sp;
	f.uc.ss_size = t->sas_size;
	f.uc.ss_flags = t->sas_size ? (on_sig_stack(t, r->rsp) ? SS_ONSTACK : 0) : SS_DISABLE;
	f.uc.mc.r8 = r->r8; f.uc.mc.r9 = r->r9; f.uc.mc.r10 = r->r10; f.uc.mc.r11 = r->r11;
	f.uc.mc.r12 = r->r12; f.uc.mc.r13 = r->r13; f.uc.mc.r14 = r->r14; f.uc.mc.r15 = r->r15;
	f.uc.mc.rdi = r->rdi; f.uc.mc.rsi = r->rsi; f.uc.mc.rbp = r->rbp; f.uc.mc.rbx = r->rbx;
	f.uc.mc.rdx = r->rdx; f.uc.mc.rax = r->rax; f.uc.mc.rcx = r->rcx; f.uc.mc.rsp = r->rsp;
	f.uc.mc.rip = r->rip; f.uc.mc.eflags = r->eflags;
	f.uc.mc.cs = (uint16_t)r->cs;
	f.uc.mc.ss = (uint16_t)r->ss;
	f.uc.mc.oldmask = oldmask;
	if (sig == SIGSEGV || sig == SIGBUS) {
		f.uc.mc.trapno = 14;
		f.uc.mc.cr2 = info->fault.addr;
		f.uc.mc.err = 4 | (info->si_code == SEGV_ACCERR ? 1 : 0);
	}
	f.uc.mc.fpstate = fpsize ? fpstate : 0;
	f.uc.sigmask = oldmask;
	f.info = *info;
	/* The frame and the FPU image go below the guest's stack pointer, computed above. */
	if (copy_to_user(u64_to_uaddr(frame), &f, sizeof(f)))
		return -EFAULT;
	if (fpsize) {
		uint8_t *img = t->uc.fpu;
		uint32_t sw[12] = { FP_XSTATE_MAGIC1, (uint32_t)fpsize + 4, 0, 0, (uint32_t)fpsize };
		uint64_t xfeatures;
		uint32_t magic2 = FP_XSTATE_MAGIC2;

		memcpy(&xfeatures, img + 512, 8);	/* xstate_bv */
		sw[2] = (uint32_t)xfeatures;
		sw[3] = (uint32_t)(xfeatures >> 32);
		memcpy(img + 464, sw, 48);
		if (copy_to_user(u64_to_uaddr(fpstate), img, fpsize) ||
		    put_user(magic2, uaddr_add(u64_to_uaddr(fpstate), fpsize)))
			return -EFAULT;
	}
	r->rsp = frame;
	r->rip = ka->handler;
	r->rdi = (uint64_t)sig;
	r->rsi = frame + offsetof(struct rt_sigframe64, info);
	r->rdx = frame + offsetof(struct rt_sigframe64, uc);
	r->rax = 0;
	r->eflags &= ~(uint64_t)(0x400 | 0x100 | 0x10000);	/* DF, TF, RF */
	return 0;
}

int64_t
do_rt_sigreturn(void)
{
	struct task *t = current;
	struct uc_regs *r = &t->uc.regs;
	uaddr_t frame = u64_to_uaddr(r->rsp - 8);	/* the handler's ret popped pretcode */
	struct rt_sigframe64 f;

	if (copy_from_user(&f, frame, sizeof(f))) {
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	r->r8 = f.uc.mc.r8; r->r9 = f.uc.mc.r9; r->r10 = f.uc.mc.r10; r->r11 = f.uc.mc.r11;
	r->r12 = f.uc.mc.r12; r->r13 = f.uc.mc.r13; r->r14 = f.uc.mc.r14; r->r15 = f.uc.mc.r15;
	r->rdi = f.uc.mc.rdi; r->rsi = f.uc.mc.rsi; r->rbp = f.uc.mc.rbp; r->rbx = f.uc.mc.rbx;
	r->rdx = f.uc.mc.rdx; r->rax = f.uc.mc.rax; r->rcx = f.uc.mc.rcx; r->rsp = f.uc.mc.rsp;
	r->rip = f.uc.mc.rip;
	/* Only the flags user code may change. */
	r->eflags = (r->eflags & ~UINT64_C(0x254dd5)) | (f.uc.mc.eflags & UINT64_C(0x254dd5));
	t->blocked = f.uc.sigmask & ~SIG_KERNEL_ONLY;
	if (f.uc.mc.fpstate && trap_fpu_size()) {
		size_t size = trap_fpu_size();

		if (!t->uc.fpu)
			t->uc.fpu = kzalloc(size);
		if (t->uc.fpu && !copy_from_user(t->uc.fpu, u64_to_uaddr(f.uc.mc.fpstate), size)) {
			uint8_t *img = t->uc.fpu;
			uint32_t magic1;

			memcpy(&magic1, img + 464, 4);
			if (magic1 != FP_XSTATE_MAGIC1)
				memset(img + 512, 0, 64);	/* FXSAVE only: no extended state */
			t->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
		}
	}
	t->in_syscall = false;
	return (int64_t)r->rax;
}

/* handle_restart adjusts an interrupted syscall's result for delivery. */
static void
handle_restart(struct k_sigaction *ka, bool handler)
{
	struct task *t = current;
	int err = t->errno_restart;

	if (!t->in_syscall || !err)
		return;
	t->errno_restart = 0;
	switch (err) {
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		if (handler) {
			t->uc.regs.rax = (uint64_t)-EINTR;
			return;
		}
		break;
	case -ERESTARTSYS:
		if (handler && !(ka->flags & SA_RESTART)) {
			t->uc.regs.rax = (uint64_t)-EINTR;
			return;
		}
		break;
	case -ERESTARTNOINTR:
		break;
	default:
		return;
	}
	/* Restart: run the syscall instruction again with the same number. */
	t->uc.regs.rax = t->restart_nr;
	t->uc.regs.rip -= 2;
}

void
do_signal(void)
{
	struct task *t = current;
	struct siginfo info;
	int sig;

	while ((sig = next_signal(t))) {
		struct k_sigaction *ka = action(t, sig);
		sigset_t oldmask;

		dequeue_signal(t, sig, &info);
		if (ka->handler == SIG_IGN)
			continue;
		if (ka->handler != SIG_DFL) {
			handle_restart(ka, true);
			oldmask = t->restore_mask ? t->saved_mask : t->blocked;
			t->restore_mask = false;
			if (setup_frame(sig, ka, &info, oldmask)) {
				force_sig_fault(SIGSEGV, SI_KERNEL, 0);
				action(t, SIGSEGV)->handler = SIG_DFL;
				continue;
			}
			t->blocked |= ka->mask;
			if (!(ka->flags & SA_NODEFER))
				t->blocked |= sigmask(sig);
			t->blocked &= ~SIG_KERNEL_ONLY;
			if (ka->flags & SA_RESETHAND)
				ka->handler = SIG_DFL;
			t->in_syscall = false;
			return;
		}
		/* Default actions. */
		if (sigmask(sig) & SIG_IGNORE_SET)
			continue;
		if (sigmask(sig) & SIG_STOP_SET) {
			/* Orphaned process groups ignore terminal stops (simplified: init's). */
			if (t->tgid == 1 && sig != SIGSTOP)
				continue;
			do_group_stop(sig);
			continue;
		}
		/* Terminate. No core files are written, so no "core dumped" bit. */
		do_group_exit(sig);
	}
	handle_restart(NULL, false);
	if (t->restore_mask) {
		t->restore_mask = false;
		t->blocked = t->saved_mask;
	}
}

int
signal_init_task(struct task *t)
{
	t->sighand = kzalloc(sizeof(*t->sighand));
	t->signal = kzalloc(sizeof(*t->signal));
	if (!t->sighand || !t->signal)
		return -ENOMEM;
	t->sighand->count = 1;
	t->signal->count = 1;
	list_init(&t->signal->threads);
	list_init(&t->signal->shared_pending.queue);
	wait_queue_init(&t->signal->wait_chldexit);
	list_add_tail(&t->thread_node, &t->signal->threads);
	return 0;
}

void
flush_signal_handlers(struct task *t)
{
	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
}

void
sigpending_flush(struct sigpending *p)
{
	sigqueue_flush(p, ~(sigset_t)0);
}

void
sighand_put(struct sighand *sh)
{
	if (--sh->count > 0)
		return;
	kfree(sh);
}

void
signal_struct_put(struct signal_struct *s)
{
	if (--s->count > 0)
		return;
	sigpending_flush(&s->shared_pending);
	kfree(s->it_real_timer);	/* stopped when the last thread exited */
	kfree(s);
}

int
unshare_sighand(struct task *t)
{
	struct sighand *sh;

	if (t->sighand->count == 1)
		return 0;
	sh = kmalloc(sizeof(*sh));
	if (!sh)
		return -ENOMEM;
	*sh = *t->sighand;
	sh->count = 1;
	sighand_put(t->sighand);
	t->sighand = sh;
	return 0;
}

/* sigqueue_kill makes SIGKILL pending for thread t (group exit). */
void
sigqueue_kill(struct task *t)
{
	t->pending.signal |= sigmask(SIGKILL);
}
