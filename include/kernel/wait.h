/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wait queues: a task that must wait for an event queues itself on the
 * event's wait queue and sleeps; whoever makes the event happen wakes the
 * queue. Conditions are re-checked after every wake-up.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <stdbool.h>

#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/wait_queue.h"

#define WAIT_QUEUE_INIT(name) { LIST_HEAD_INIT((name).waiters) }

static inline void
wait_queue_init(struct wait_queue *wq)
{
	list_init(&wq->waiters);
}

/* wake_up wakes every task waiting on wq. */
void wake_up(struct wait_queue *wq);
/* wait_add queues w (for current) on wq; wait_del takes it off. */
void wait_add(struct wait_queue *wq, struct waiter *w);
void wait_del(struct waiter *w);
/* signal_pending tells whether current has a signal to handle. */
bool signal_pending(struct task *t);
/*
 * fatal_signal_pending tells whether t is being killed: SIGKILL, exit_group,
 * an exec in another thread, or a pending signal whose action is the default
 * and the default kills. Waits that ignore other signals end for it, and
 * long loops over file data stop early for these only, as Linux's do.
 */
bool fatal_signal_pending(struct task *t);

/*
 * wait_event_interruptible sleeps until cond holds (0) or a signal comes
 * (-ERESTARTSYS).
 */
#define wait_event_interruptible(wq, cond)				\
	({								\
		int __ret = 0;						\
		struct waiter __w;					\
		wait_add(&(wq), &__w);					\
		for (;;) {						\
			current->state = TASK_INTERRUPTIBLE;		\
			if (cond)					\
				break;					\
			if (signal_pending(current)) {			\
				__ret = -ERESTARTSYS;			\
				break;					\
			}						\
			schedule();					\
		}							\
		current->state = TASK_RUNNING;				\
		wait_del(&__w);						\
		__ret;							\
	})

/*
 * wait_event_nonblock is wait_event_interruptible for a file operation
 * that may be asked not to block: with nonblock set, a false cond is
 * -EAGAIN at once.
 */
#define wait_event_nonblock(wq, cond, nonblock)				\
	({								\
		int __r = 0;						\
		if (!(cond))						\
			__r = (nonblock) ? -EAGAIN :			\
			      wait_event_interruptible(wq, cond);	\
		__r;							\
	})

/* wait_event sleeps until cond holds, ignoring signals. */
#define wait_event(wq, cond)						\
	do {								\
		struct waiter __w;					\
		wait_add(&(wq), &__w);					\
		for (;;) {						\
			current->state = TASK_UNINTERRUPTIBLE;		\
			if (cond)					\
				break;					\
			schedule();					\
		}							\
		current->state = TASK_RUNNING;				\
		wait_del(&__w);						\
	} while (0)

#endif /* KERNEL_WAIT_H */
