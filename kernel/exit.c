// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of tasks and processes: exit and exit_group, zombies, reparenting
 * orphans to init, and wait4/waitid. When init (pid 1) exits the kernel
 * panics, as Linux does.
 *
 * A process ends when its last thread does. Its leader's task struct is
 * what its parent waits for: the leader stays a zombie (holding the exit
 * status and the process's children) until reaped, even when it exited
 * long before the other threads. Other threads vanish at their exit.
 * release_task is the one place a task struct is freed; the parent's
 * children list holds the leaders of its child processes, and a task on
 * it is freed only once taken off (reap, or autoreap when nobody waits).
 */
#include <string.h>

#include "kernel/exit.h"
#include "kernel/fs.h"
#include "kernel/futex.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/tty.h"
#include "kernel/wait.h"

struct task *init_task;

/* reparent_children hands t's children to init. */
static void
reparent_children(struct task *t)
{
	struct task *c, *n;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init_task;
		c->real_parent = init_task;
		/* Whatever it asked for its old parent, init gets SIGCHLD. */
		if (c->exit_signal != -1)
			c->exit_signal = SIGCHLD;
		if (init_task && init_task != t) {
			list_add_tail(&c->sibling, &init_task->children);
			if (c->state == TASK_ZOMBIE)
				wake_up(&init_task->signal->wait_chldexit);
		}
	}
}

/* release_vfork lets a vfork parent run again: its child has exec'd or exited. */
static void
release_vfork(struct task *t)
{
	struct task *p = t->vfork_parent;

	if (p) {
		t->vfork_parent = NULL;
		p->vfork_done = true;
		wake_up_process(p);
	}
}

/*
 * release_task frees t for good: its pending signals, its references to
 * the handler table and the thread group's signal_struct, its kernel stack
 * (later, if t is current) and the struct. Called once per task: for a
 * thread at its exit, for a process when it is reaped or autoreaped, and
 * for a child clone gave up on. t must be off its parent's children list.
 */
void
release_task(struct task *t)
{
	sigpending_flush(&t->pending);
	if (t->sighand)
		sighand_put(t->sighand);
	t->sighand = NULL;
	if (t->signal)
		signal_struct_put(t->signal);
	t->signal = NULL;
	t->state = TASK_DEAD;
	task_free(t);
}

/* exit_notify tells the parent the process ended; t is its last thread. */
static void
exit_notify(struct task *t, int status)
{
	struct task *leader = t->group_leader;
	int why = (status & 0x7f) ? ((status & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
	int st = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff;
	struct task *p = leader->parent;
	int sig = leader->exit_signal;

	leader->exit_code = status;
	leader->state = TASK_ZOMBIE;
	do_notify_parent(leader, sig, why, st);
	/* A parent that ignores SIGCHLD (or says SA_NOCLDWAIT) leaves no zombies. */
	if (p && sig == SIGCHLD &&
	    (p->sighand->action[SIGCHLD - 1].handler == SIG_IGN ||
	     (p->sighand->action[SIGCHLD - 1].flags & SA_NOCLDWAIT)))
		leader->exit_signal = -1;
}

/*
 * do_exit ends current: it lets go of what it holds (its mm, fds, fs;
 * the futex a thread library waits on to join it), then ends the process
 * if it was the last thread. It runs on current's own stack to the end:
 * the final schedule() never returns, and the stack is freed after the
 * switch away (sched.c).
 */
void
do_exit(int status)
{
	struct task *t = current, *leader = t->group_leader;
	struct signal_struct *s = t->signal;
	bool last;

	if (!uaddr_is_null(t->clear_child_tid) && t->mm && t->mm->users > 1) {
		uint32_t zero = 0;

		put_user(zero, t->clear_child_tid);
		futex_wake_addr(t->clear_child_tid, 1);
	}
	if (!uaddr_is_null(t->robust_list))
		exit_robust_list(t);
	release_vfork(t);
	fput_held(t);	/* exit and exit_group never return to the dispatcher */
	mm_put(t->mm);
	t->mm = NULL;
	files_put(t->files);
	t->files = NULL;
	fs_put(t->fs);
	t->fs = NULL;

	list_del(&t->thread_node);
	last = list_empty(&s->threads);
	/* An exec in another thread waits for this one to be gone (de_thread). */
	if (s->group_exec_task && s->group_exec_task != t)
		wake_up_process(s->group_exec_task);
	if (t->tgid == 1 && last)
		panic("Attempted to kill init! exitcode=0x%08x", status);
	t->exit_code = status;
	if (!last) {
		/*
		 * The process lives on in its other threads: a thread leaves
		 * nothing behind; the leader stays a zombie, holding the
		 * process's children, until the last thread is gone.
		 */
		if (t == leader) {
			t->state = TASK_ZOMBIE;
		} else {
			t->state = TASK_DEAD;
			release_task(t);
		}
		schedule();
		panic("do_exit: dead task %d scheduled again", t->pid);
	}

	/* The last thread: the process ends. */
	exit_itimers(s);
	/* As Linux 6.x reports it: the last thread's own status, unless killed as a group. */
	if (s->group_exit)
		status = s->group_exit_code;
	reparent_children(leader);
	if (s->tty && s->session == t->tgid)
		tty_session_leader_exit(s->tty, t);
	exit_notify(t, status);
	if (t != leader) {
		t->state = TASK_DEAD;
		release_task(t);
	}
	if (leader->exit_signal == -1) {
		/* Nobody will wait for it. */
		list_del(&leader->sibling);
		release_task(leader);
	}
	schedule();
	panic("do_exit: dead task %d scheduled again", t->pid);
}

/*
 * do_group_exit ends the whole process: the first thread to call it sets
 * the status, and every other thread gets SIGKILL, which ends it at its
 * next return towards guest code (or wakes it from any interruptible
 * sleep to get there).
 */
void
do_group_exit(int status)
{
	struct signal_struct *s = current->signal;
	struct task *th;

	/* Killed by an exec in another thread: only this thread ends. */
	if (!s->group_exit && s->group_exec_task && s->group_exec_task != current)
		do_exit(status);
	if (!s->group_exit) {
		s->group_exit = true;
		s->group_exit_code = status;
		list_for_each_entry(th, &s->threads, thread_node) {
			if (th != current) {
				sigqueue_kill(th);
				wake_up_process(th);
			}
		}
	}
	do_exit(s->group_exit_code);
}

/* fill_rusage writes t's times and counters as wait4's rusage (NULL: not asked for). */
static void
fill_rusage(struct task *t, uaddr_t urusage)
{
	struct rusage ru;

	if (uaddr_is_null(urusage))
		return;
	memset(&ru, 0, sizeof(ru));
	ru.utime_sec = (int64_t)(t->utime_ns / 1000000000);
	ru.utime_usec = (int64_t)(t->utime_ns % 1000000000 / 1000);
	ru.stime_sec = (int64_t)(t->stime_ns / 1000000000);
	ru.stime_usec = (int64_t)(t->stime_ns % 1000000000 / 1000);
	ru.minflt = (int64_t)t->minflt;
	ru.nvcsw = (int64_t)t->nvcsw;
	ru.nivcsw = (int64_t)t->nivcsw;
	copy_to_user(urusage, &ru, sizeof(ru));
}

/*
 * wait_matches: which children a wait is for (pid > 0 that one, 0 the
 * caller's process group, -1 any, < -1 that group), and whether a clone
 * child (exit signal not SIGCHLD) counts, per __WCLONE and __WALL.
 */
static bool
wait_matches(struct task *c, int pid, int options)
{
	if (pid > 0 && c->tgid != pid)
		return false;
	if (pid == 0 && c->signal->pgrp != current->signal->pgrp)
		return false;
	if (pid < -1 && c->signal->pgrp != -pid)
		return false;
	if (!(options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(options & __WCLONE)))
		return false;
	return true;
}

/* reap frees a zombie child after its status was reported. */
static void
reap(struct task *c)
{
	current->signal->cutime_ns += c->utime_ns;
	current->signal->cstime_ns += c->stime_ns;
	list_del(&c->sibling);
	release_task(c);
}

struct wait_result {
	int pid, code, status;	/* code: CLD_*; status: for siginfo */
	int wstatus;		/* for wait4 */
};

/* wait_one looks for a reportable child; 1 found, 0 none yet, -ECHILD none at all. */
static int
wait_one(int pid, int options, struct wait_result *res, uaddr_t urusage)
{
	struct task *c, *n;
	bool any = false;

	list_for_each_entry_safe(c, n, &current->children, sibling) {
		if (!wait_matches(c, pid, options))
			continue;
		any = true;
		/* A leader that exited before its threads waits for them. */
		if (c->state == TASK_ZOMBIE && (options & WEXITED) &&
		    list_empty(&c->signal->threads)) {
			int st = c->exit_code;

			res->pid = c->tgid;
			res->wstatus = st;
			if (st & 0x7f) {
				res->code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
				res->status = st & 0x7f;
			} else {
				res->code = CLD_EXITED;
				res->status = (st >> 8) & 0xff;
			}
			fill_rusage(c, urusage);
			if (!(options & WNOWAIT))
				reap(c);
			return 1;
		}
		if ((options & WSTOPPED) && c->signal->group_stop_count && !c->stop_reported) {
			res->pid = c->tgid;
			res->wstatus = (int)(c->stop_sig << 8) | 0x7f;
			res->code = CLD_STOPPED;
			res->status = (int)c->stop_sig;
			if (!(options & WNOWAIT))
				c->stop_reported = true;
			fill_rusage(c, urusage);
			return 1;
		}
		if ((options & WCONTINUED) && !c->cont_reported) {
			res->pid = c->tgid;
			res->wstatus = 0xffff;
			res->code = CLD_CONTINUED;
			res->status = SIGCONT;
			if (!(options & WNOWAIT))
				c->cont_reported = true;
			fill_rusage(c, urusage);
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

static int
wait_common(int pid, int options, struct wait_result *res, uaddr_t urusage)
{
	struct task *leader = current->group_leader;
	int r;

	for (;;) {
		struct waiter w;

		r = wait_one(pid, options, res, urusage);
		/* Threads wait for their process's children too. */
		if (r <= 0 && leader != current) {
			struct task *self = current;
			int r2;

			current = leader;	/* search the leader's children list */
			r2 = wait_one(pid, options, res, urusage);
			current = self;
			if (r2 == 1 || (r == -ECHILD && r2 == 0))
				r = r2;
		}
		if (r != 0)
			return r;
		if (options & WNOHANG)
			return 0;
		/* A child that is ready wins over a signal that came with it (its SIGCHLD). */
		if (signal_pending(current))
			return -ERESTARTSYS;
		wait_add(&current->signal->wait_chldexit, &w);
		current->state = TASK_INTERRUPTIBLE;
		r = wait_one(pid, options | WNOWAIT, res, UADDR_NULL);
		if (r == 0 && !signal_pending(current))
			schedule();
		current->state = TASK_RUNNING;
		wait_del(&w);
	}
}

int64_t
do_wait4(int pid, uaddr_t ustatus, int options, uaddr_t urusage)
{
	struct wait_result res;
	int r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	r = wait_common(pid, options | WEXITED, &res, urusage);
	if (r <= 0)
		return r;
	if (!uaddr_is_null(ustatus) && put_user(res.wstatus, ustatus))
		return -EFAULT;
	return res.pid;
}

int64_t
do_waitid(int which, int id, uaddr_t uinfo, int options, uaddr_t urusage)
{
	struct wait_result res;
	struct siginfo info;
	int pid, r;

	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		pid = id;
		break;
	case P_PGID:
		pid = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	r = wait_common(pid, options, &res, urusage);
	if (r < 0)
		return r;
	memset(&info, 0, sizeof(info));
	if (r == 1) {
		info.si_signo = SIGCHLD;
		info.si_code = res.code;
		info.kill.pid = res.pid;
		info.kill.status = res.status;
	}
	if (!uaddr_is_null(uinfo) && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}
