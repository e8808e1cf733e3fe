// SPDX-License-Identifier: GPL-2.0-only
/*
 * Signals: queueing (per thread and per process), picking a thread to take
 * a process signal, default actions, job-control stops, and delivery
 * before returning to guest code: a handler gets a frame the arch builds
 * (arch/um/kernel/signal.c), an interrupted system call is restarted or
 * fails with EINTR as its restart code says.
 *
 * Pending signals live in two places: a thread's own queue (tkill, faults)
 * and its process's shared queue (kill); a thread takes from both, its own
 * first. Each sigpending has a bit per signal and a list of siginfo:
 * a standard signal is queued once however often it is sent, a real-time
 * one every time. Queue entries are kernel memory freed when taken or
 * flushed; if one cannot be allocated the signal is still pending, with a
 * SI_KERNEL siginfo made up when it is taken.
 *
 * Who frees: the handler table (sighand) and the process's signal_struct
 * are counted, one reference per task that points at them; the last
 * sighand_put and signal_struct_put free them (release_task, exec's
 * unshare).
 */
#include <string.h>

#include "kernel/exit.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/wait.h"
#include "asm/signal.h"
#include "asm/syscall.h"

#define SIG_STOP_SET	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_IGNORE_SET	(sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))
#define SIG_CORE_SET	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGABRT) | \
			 sigmask(SIGBUS) | sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGXCPU) | \
			 sigmask(SIGXFSZ) | sigmask(SIGSYS))

/* action is t's handler for sig (1-based numbers, 0-based table). */
static struct k_sigaction *
action(struct task *t, int sig)
{
	return &t->sighand->action[sig - 1];
}

/*
 * sig_ignored: a signal that would be thrown away on arrival is not
 * queued at all. A blocked one is always queued: the handler may change
 * before it is unblocked (and sigtimedwait's set counts as blocked).
 */
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

/* sigqueue_add marks sig pending on p and queues its siginfo (info NULL: from the kernel). */
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

/* sigqueue_flush drops every pending signal of mask from p, siginfo and all. */
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

/*
 * send_sig_info does what the arrival of sig does at once, before any
 * thread takes it: SIGCONT and SIGKILL resume a stopped process and drop
 * its pending stop signals, a stop signal drops a pending SIGCONT (and the
 * parent hears of the continue). Then the signal is queued, unless
 * ignored, and a thread that can take it is woken: for a process signal
 * the first that does not block it, for SIGKILL every one.
 */
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

/* next_signal picks the signal to deliver: SIGKILL first, then the lowest pending unblocked one. */
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

/*
 * dequeue_signal takes one instance of sig, the thread's queue first,
 * then the process's. The pending bit stays set while more instances are
 * queued (real-time signals).
 */
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

/*
 * do_notify_parent: SA_NOCLDSTOP keeps the parent from hearing of stops
 * and continues, but its wait still wakes; a parent that ignores the
 * signal is not sent it (what that means for zombies is exit.c's).
 */
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

/*
 * do_group_stop stops current's process for sig: the parent is told once,
 * and current sleeps stopped until SIGCONT (or SIGKILL) ends the stop.
 * Only the thread that took the signal stops; unlike Linux, the process's
 * other threads run on (a simplification, not yet needed by anything
 * that runs here).
 */
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

/*
 * handle_restart settles an interrupted system call (t->errno_restart)
 * once it is known whether a handler runs: EINTR, or the call made to run
 * again with the same number, per the restart code and SA_RESTART (see
 * kernel/errno.h). Called once per delivery, with handler false when no
 * handler runs.
 */
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
			syscall_set_return_value(t, -EINTR);
			return;
		}
		break;
	case -ERESTARTSYS:
		if (handler && !(ka->flags & SA_RESTART)) {
			syscall_set_return_value(t, -EINTR);
			return;
		}
		break;
	case -ERESTARTNOINTR:
		break;
	default:
		return;
	}
	/* Restart: run the system call again with the same number. */
	syscall_restart(t, t->restart_nr);
}

/*
 * do_signal delivers on the way back to guest code: ignored signals go,
 * default actions act (stop, or end the process: there are no core
 * files), and the first signal with a handler gets a frame and ends the
 * loop; the others wait for the handler's return (rt_sigreturn brings
 * the task back here). A mask a call set for its duration (sigsuspend,
 * pselect) is what the frame saves, so the handler returns to the old one.
 */
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
			if (setup_rt_frame(sig, ka, &info, oldmask)) {
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

/* signal_init_task gives the first task (init) a handler table and a process of its own. */
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

/* flush_signal_handlers: at exec handlers go (their code is gone); ignored signals stay ignored. */
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

/* unshare_sighand copies a handler table shared with another process (exec must not reset theirs). */
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
