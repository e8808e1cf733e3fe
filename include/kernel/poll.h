/* SPDX-License-Identifier: GPL-2.0-only */
/* poll support: readiness bits and the table a waiter registers in. */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include "kernel/wait.h"
#include "uapi/poll.h"

#define POLL_MAX_WAITS 256

struct file;
void file_get(struct file *f);
void file_put(struct file *f);

/*
 * A poller's registrations: one waiter per wait queue it sleeps on. A wait
 * queue lives in something its file owns (a pipe, an epoll set, a timerfd),
 * which goes when the file's last reference does, maybe while the poller
 * sleeps (another thread closed the fd, or took it out of an epoll set).
 * So each registration holds a reference to the file being polled, pt->cur,
 * which the poller sets before calling the file's poll operation, and
 * poll_table_free leaves the queue before dropping it.
 */
struct poll_table {
	int n;
	struct file *cur;		/* the file whose ->poll is being called */
	struct waiter w[POLL_MAX_WAITS];
	struct wait_queue *q[POLL_MAX_WAITS];
	struct file *f[POLL_MAX_WAITS];
};

/* poll_wait queues the poller on wq (pt may be NULL: just asking). */
static inline void
poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (!pt || pt->n >= POLL_MAX_WAITS)
		return;
	pt->q[pt->n] = wq;
	pt->f[pt->n] = pt->cur;
	if (pt->cur)
		file_get(pt->cur);
	wait_add(wq, &pt->w[pt->n]);
	pt->n++;
}

static inline void
poll_table_free(struct poll_table *pt)
{
	for (int i = 0; i < pt->n; i++) {
		wait_del(&pt->w[i]);
		if (pt->f[i])
			file_put(pt->f[i]);
	}
	pt->n = 0;
}

#endif /* KERNEL_POLL_H */
