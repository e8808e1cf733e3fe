// SPDX-License-Identifier: GPL-2.0-only
/* Signal system calls: actions, masks, sending, waiting, alternate stacks, alarms. */
#include <string.h>

#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "asm/ptrace.h"
#include "asm/signal.h"

/* sys_rt_sigaction implements rt_sigaction(2). */
SYSCALL_DEFINE4(rt_sigaction, int, sig, uaddr_t, act, uaddr_t, oact, size_t, sigsetsize)
{
	struct k_sigaction *ka, nka;

	if (sig < 1 || sig > NSIG || sigsetsize != 8)
		return -EINVAL;
	ka = &current->sighand->action[sig - 1];
	if (!uaddr_is_null(act) && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (!uaddr_is_null(act) && copy_from_user(&nka, act, sizeof(nka)))
		return -EFAULT;
	if (!uaddr_is_null(oact) && copy_to_user(oact, ka, sizeof(*ka)))
		return -EFAULT;
	if (!uaddr_is_null(act)) {
		struct task *t;

		nka.mask &= ~SIG_KERNEL_ONLY;
		*ka = nka;
		/* Setting SIG_IGN (or default-ignore) discards what is pending. */
		if (sig_ignored(current, sig)) {
			current->signal->shared_pending.signal &= ~sigmask(sig);
			list_for_each_entry(t, &current->signal->threads, thread_node)
				t->pending.signal &= ~sigmask(sig);
		}
	}
	return 0;
}

/* sys_rt_sigprocmask implements rt_sigprocmask(2); how is compared in all 64 bits. */
SYSCALL_DEFINE4(rt_sigprocmask, uint64_t, how, uaddr_t, nset, uaddr_t, oset, size_t, sigsetsize)
{
	sigset_t set, old = current->blocked;

	if (sigsetsize != 8)
		return -EINVAL;
	if (!uaddr_is_null(nset)) {
		if (get_user(set, nset))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			current->blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->blocked = set;
			break;
		default:
			return -EINVAL;
		}
		current->blocked &= ~SIG_KERNEL_ONLY;
	}
	if (!uaddr_is_null(oset) && put_user(old, oset))
		return -EFAULT;
	return 0;
}

/* sys_rt_sigreturn implements rt_sigreturn(2). */
SYSCALL_DEFINE0(rt_sigreturn)
{
	return do_rt_sigreturn();
}

/* sys_rt_sigpending implements rt_sigpending(2) (the set size is not looked at). */
SYSCALL_DEFINE1(rt_sigpending, uaddr_t, uset)
{
	sigset_t p = (current->pending.signal | current->signal->shared_pending.signal) &
		     current->blocked;

	return put_user(p, uset);
}

/* sys_rt_sigsuspend implements rt_sigsuspend(2). */
SYSCALL_DEFINE2(rt_sigsuspend, uaddr_t, unewset, size_t, sigsetsize)
{
	sigset_t set;

	if (sigsetsize != 8)
		return -EINVAL;
	if (get_user(set, unewset))
		return -EFAULT;
	current->saved_mask = current->blocked;
	current->restore_mask = true;
	current->blocked = set & ~SIG_KERNEL_ONLY;
	while (!signal_pending(current)) {
		current->state = TASK_INTERRUPTIBLE;
		schedule();
	}
	current->state = TASK_RUNNING;
	return -ERESTARTNOHAND;
}

/* sys_pause implements pause(2). */
SYSCALL_DEFINE0(pause)
{
	while (!signal_pending(current)) {
		current->state = TASK_INTERRUPTIBLE;
		schedule();
	}
	current->state = TASK_RUNNING;
	return -ERESTARTNOHAND;
}

/*
 * may_signal is Linux's rule for kill(2): root, or the sender's real or
 * effective uid is the target's real or saved uid.
 */
static bool
may_signal(struct task *t)
{
	const struct cred *c = &current->cred;

	return c->euid == 0 || c->euid == t->cred.uid || c->uid == t->cred.uid ||
	       c->euid == t->cred.suid || c->uid == t->cred.suid;
}

/*
 * kill_one sends sig to one process with the sender's pid and uid in its
 * siginfo; signal 0 only checks that it could.
 */
static int64_t
kill_one(struct task *t, int sig, int code)
{
	struct siginfo info = { .si_signo = sig, .si_code = code };

	if (!may_signal(t))
		return -EPERM;
	if (!sig)
		return 0;
	info.kill.pid = current->tgid;
	info.kill.uid = current->cred.uid;
	/* init only gets the signals it handles or blocks (to wait for them). */
	if (t->tgid == 1 && (sig == SIGKILL || sig == SIGSTOP ||
			     (t->sighand->action[sig - 1].handler == SIG_DFL &&
			      !((t->blocked | t->real_blocked) & sigmask(sig)))))
		return 0;
	return send_sig_info(sig, &info, t, true);
}

/* sys_kill implements kill(2). */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct task *t;
	int count = 0, err = 0;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		/* A zombie still has its pid: the signal goes nowhere, but not -ESRCH. */
		t = find_task(pid);
		if (!t)
			return -ESRCH;
		return kill_one(t->group_leader, sig, SI_USER);
	}
	if (pid == 0 || pid < -1) {
		int pgrp = pid ? -pid : current->signal->pgrp;

		for_each_task(t) {
			if (t == t->group_leader && t->signal && t->signal->pgrp == pgrp &&
			    process_alive(t)) {
				count++;
				if (!err)
					err = (int)kill_one(t, sig, SI_USER);
			}
		}
		return count ? err : -ESRCH;
	}
	/* -1: everyone but init and ourselves. */
	for_each_task(t) {
		if (t == t->group_leader && t->tgid > 1 && t->tgid != current->tgid &&
		    process_alive(t)) {
			count++;
			kill_one(t, sig, SI_USER);
		}
	}
	return count ? 0 : -ESRCH;
}

/* tkill sends sig to one thread (tgkill also checks the thread is in tgid). */
static int64_t
tkill(int tgid, int tid, int sig)
{
	struct task *t = find_task(tid);
	struct siginfo info = { .si_signo = sig, .si_code = SI_TKILL };

	if (sig < 0 || sig > NSIG || tid <= 0)
		return -EINVAL;
	if (!t || t->state >= TASK_ZOMBIE || (tgid > 0 && t->tgid != tgid))
		return -ESRCH;
	if (!may_signal(t))
		return -EPERM;
	if (!sig)
		return 0;
	info.kill.pid = current->tgid;
	info.kill.uid = current->cred.uid;
	return send_sig_info(sig, &info, t, false);
}

/* sys_tkill implements tkill(2). */
SYSCALL_DEFINE2(tkill, int, pid, int, sig)
{
	return tkill(-1, pid, sig);
}

/* sys_tgkill implements tgkill(2). */
SYSCALL_DEFINE3(tgkill, int, tgid, int, pid, int, sig)
{
	return tkill(tgid, pid, sig);
}

/* sys_sigaltstack implements sigaltstack(2). */
SYSCALL_DEFINE2(sigaltstack, uaddr_t, uss, uaddr_t, uoss)
{
	struct { uint64_t sp; int32_t flags, pad; uint64_t size; } ss, old;
	struct task *t = current;
	bool on = on_sig_stack(t, user_stack_pointer(t));

	memset(&old, 0, sizeof(old));
	old.sp = t->sas_sp;
	old.size = t->sas_size;
	old.flags = t->sas_size ? (on ? SS_ONSTACK : 0) : SS_DISABLE;
	if (!uaddr_is_null(uss)) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (ss.flags & SS_DISABLE) {
			t->sas_sp = t->sas_size = 0;
		} else {
			if (ss.flags & ~(SS_ONSTACK | (int32_t)0x80000000))
				return -EINVAL;
			if (ss.size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sas_sp = ss.sp;
			t->sas_size = ss.size;
		}
	}
	if (!uaddr_is_null(uoss) && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * ITIMER_REAL: one timer per process, delivering SIGALRM to it. It belongs
 * to the thread group's signal_struct (whichever thread set it), is
 * stopped when the group's last thread exits (exit_itimers) and freed
 * with the signal_struct.
 */
struct itimer {
	struct ktimer kt;
	struct signal_struct *signal;
};

/*
 * itimer_fire sends SIGALRM to the process (any thread of it may take it)
 * and rearms a periodic timer from now: a late tick does not come twice.
 */
static void
itimer_fire(struct ktimer *kt)
{
	struct itimer *it = (struct itimer *)kt;
	struct signal_struct *s = it->signal;

	if (list_empty(&s->threads))
		return;
	send_sig(SIGALRM, list_first_entry(&s->threads, struct task, thread_node));
	if (s->it_real_interval)
		ktimer_arm(kt, ns_add_sat(ktime_get_ns(), s->it_real_interval));
	else
		s->it_real_value = 0;
}

void
exit_itimers(struct signal_struct *s)
{
	struct itimer *it = s->it_real_timer;

	if (it)
		ktimer_cancel(&it->kt);
}

/* itimer_of makes the process's timer at its first use. */
static struct itimer *
itimer_of(struct task *t)
{
	struct signal_struct *s = t->signal;

	if (!s->it_real_timer) {
		struct itimer *it = kzalloc(sizeof(*it));

		if (!it)
			return NULL;
		it->kt.fn = itimer_fire;
		list_init(&it->kt.node);
		it->signal = s;
		s->it_real_timer = it;
	}
	return s->it_real_timer;
}

/*
 * itimer_left is the time to the next expiry (at least 1 ns while armed, so it reads as set).
 */
static uint64_t
itimer_left(struct task *t)
{
	struct itimer *it = t->signal->it_real_timer;
	uint64_t now = ktime_get_ns();

	if (!it || !it->kt.armed)
		return 0;
	return it->kt.expires_ns > now ? it->kt.expires_ns - now : 1;
}

/* itimer_set rearms ITIMER_REAL and gives back what it was set to. */
static int
itimer_set(uint64_t value, uint64_t interval, uint64_t *old_value, uint64_t *old_interval)
{
	struct itimer *it = itimer_of(current);

	if (!it)
		return -ENOMEM;
	*old_value = itimer_left(current);
	*old_interval = current->signal->it_real_interval;
	ktimer_cancel(&it->kt);
	current->signal->it_real_interval = interval;
	if (value)
		ktimer_arm(&it->kt, ns_add_sat(ktime_get_ns(), value));
	return 0;
}

/* sys_alarm implements alarm(2) (the seconds in all 64 bits). */
SYSCALL_DEFINE1(alarm, uint64_t, seconds)
{
	uint64_t ov, oi;

	if (itimer_set(seconds * 1000000000ULL, 0, &ov, &oi))
		return -ENOMEM;
	return (int64_t)((ov + 999999999) / 1000000000);
}

struct itimerval64 {
	int64_t i_sec, i_usec, v_sec, v_usec;
};

/*
 * sys_setitimer implements setitimer(2) for ITIMER_REAL; ITIMER_VIRTUAL
 * and ITIMER_PROF are accepted and do nothing. which is compared in all
 * 64 bits.
 */
SYSCALL_DEFINE3(setitimer, uint64_t, which, uaddr_t, value, uaddr_t, ovalue)
{
	struct itimerval64 nv, ov;
	uint64_t oval, oint;

	if (which != 0)
		return which <= 2 ? 0 : -EINVAL;
	if (uaddr_is_null(value))
		memset(&nv, 0, sizeof(nv));
	else if (copy_from_user(&nv, value, sizeof(nv)))
		return -EFAULT;
	if (nv.v_usec < 0 || nv.v_usec >= 1000000 || nv.i_usec < 0 || nv.i_usec >= 1000000)
		return -EINVAL;
	if (nv.v_sec < 0 || nv.i_sec < 0)
		return -EINVAL;
	if (itimer_set(ns_from_sec_sat((uint64_t)nv.v_sec, (uint64_t)nv.v_usec * 1000),
		       ns_from_sec_sat((uint64_t)nv.i_sec, (uint64_t)nv.i_usec * 1000), &oval, &oint))
		return -ENOMEM;
	if (!uaddr_is_null(ovalue)) {
		ov.v_sec = (int64_t)(oval / 1000000000);
		ov.v_usec = (int64_t)(oval % 1000000000 / 1000);
		ov.i_sec = (int64_t)(oint / 1000000000);
		ov.i_usec = (int64_t)(oint % 1000000000 / 1000);
		if (copy_to_user(ovalue, &ov, sizeof(ov)))
			return -EFAULT;
	}
	return 0;
}

/*
 * sys_getitimer implements getitimer(2) for ITIMER_REAL; any other timer
 * reads as disarmed. which is compared in all 64 bits.
 */
SYSCALL_DEFINE2(getitimer, uint64_t, which, uaddr_t, value)
{
	struct itimerval64 v;
	uint64_t left = itimer_left(current), iv = current->signal->it_real_interval;

	memset(&v, 0, sizeof(v));
	if (which == 0) {
		v.v_sec = (int64_t)(left / 1000000000);
		v.v_usec = (int64_t)(left % 1000000000 / 1000);
		v.i_sec = (int64_t)(iv / 1000000000);
		v.i_usec = (int64_t)(iv % 1000000000 / 1000);
	}
	return copy_to_user(value, &v, sizeof(v));
}

/* sys_rt_sigtimedwait implements rt_sigtimedwait(2). */
SYSCALL_DEFINE4(rt_sigtimedwait, uaddr_t, uthese, uaddr_t, uinfo, uaddr_t, uts, size_t, sigsetsize)
{
	sigset_t set, pend;
	struct siginfo info;
	uint64_t ns = UINT64_MAX;
	int64_t ts[2];
	int sig;

	if (sigsetsize != 8)
		return -EINVAL;
	if (get_user(set, uthese))
		return -EFAULT;
	set &= ~SIG_KERNEL_ONLY;
	if (!uaddr_is_null(uts)) {
		if (copy_from_user(ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -EINVAL;
		ns = ns_from_sec_sat((uint64_t)ts[0], (uint64_t)ts[1]);
	}
	for (;;) {
		pend = (current->pending.signal | current->signal->shared_pending.signal) & set;
		if (pend)
			break;
		if (!ns)
			return -EAGAIN;
		/* Wait with the waited-for signals unblocked, so they wake us. */
		{
			sigset_t old = current->blocked;

			current->real_blocked = old;
			current->blocked &= ~set;
			if (signal_pending(current)) {
				current->blocked = old;
				current->real_blocked = 0;
				pend = (current->pending.signal | current->signal->shared_pending.signal) & set;
				if (pend)
					break;
				return -EINTR;
			}
			current->state = TASK_INTERRUPTIBLE;
			ns = schedule_timeout(ns);
			current->state = TASK_RUNNING;
			current->blocked = old;
			current->real_blocked = 0;
		}
		if (!ns && !((current->pending.signal | current->signal->shared_pending.signal) & set))
			return -EAGAIN;
	}
	for (sig = 1; sig <= NSIG; sig++)
		if (pend & sigmask(sig))
			break;
	dequeue_signal(current, sig, &info);
	if (!uaddr_is_null(uinfo) && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}
