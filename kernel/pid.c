// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process ids: finding a task by pid, and handing out new pids. A pid
 * stays taken while any task, thread group, process group or session is
 * named by it, so a new process never takes the number of a group that
 * still exists; the search is a walk of the task list (there are few
 * tasks, and a fork is far more expensive than the walk).
 */
#include "kernel/sched.h"

#define RESERVED_PIDS	300	/* after the first wrap, pids start again here */

int pid_max = 32768;
static int last_pid;

struct task *
find_task(int pid)
{
	struct task *t;

	for_each_task(t)
		if (t->pid == pid && t->state != TASK_DEAD)
			return t;
	return NULL;
}

int
nr_tasks(void)
{
	struct task *t;
	int n = 0;

	for_each_task(t)
		if (t->state != TASK_DEAD)
			n++;
	return n;
}

/*
 * alloc_pid goes round [min, pid_max) from the last pid handed out, as
 * Linux's cyclic allocator does: min is 1 until pids have passed
 * RESERVED_PIDS, then RESERVED_PIDS, so that low pids stay with daemons.
 */
int
alloc_pid(void)
{
	int min = last_pid >= RESERVED_PIDS ? RESERVED_PIDS : 1;

	for (int tries = 0; tries < pid_max - min; tries++) {
		struct task *t;
		bool used = false;

		if (++last_pid >= pid_max || last_pid < min)
			last_pid = min;
		for_each_task(t) {
			/* A pid stays taken while it names a task, group or session. */
			if (t->pid == last_pid || t->tgid == last_pid ||
			    (t->signal && (t->signal->pgrp == last_pid ||
					   t->signal->session == last_pid))) {
				used = true;
				break;
			}
		}
		if (!used)
			return last_pid;
	}
	return -EAGAIN;
}

/* alloc_pid_last is the most recently handed out pid (/proc/loadavg). */
int
alloc_pid_last(void)
{
	return last_pid;
}
