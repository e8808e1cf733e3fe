// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wait queues (see kernel/wait.h): a waiter is an entry on the queue of
 * the event it waits for, on its own stack; waking the queue makes every
 * sleeping waiter runnable, and each re-checks its condition when it
 * runs. The kernel is uniprocessor and never preempted inside the kernel,
 * so checking a condition and going to sleep need no lock: nothing can
 * happen in between.
 */
#include "kernel/sched.h"
#include "kernel/wait.h"

void
wait_add(struct wait_queue *wq, struct waiter *w)
{
	w->task = current;
	list_add_tail(&w->node, &wq->waiters);
}

void
wait_del(struct waiter *w)
{
	list_del(&w->node);
}

void
wake_up(struct wait_queue *wq)
{
	struct waiter *w;

	list_for_each_entry(w, &wq->waiters, node)
		if (w->task->state == TASK_INTERRUPTIBLE || w->task->state == TASK_UNINTERRUPTIBLE)
			wake_up_process(w->task);
}
