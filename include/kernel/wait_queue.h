/* SPDX-License-Identifier: GPL-2.0-only */
/* The wait queue types alone, for structures that embed one (see wait.h). */
#ifndef KERNEL_WAIT_QUEUE_H
#define KERNEL_WAIT_QUEUE_H

#include "kernel/list.h"

struct task;

struct wait_queue {
	struct list_head waiters;
};

struct waiter {
	struct list_head node;
	struct task *task;
};

#endif /* KERNEL_WAIT_QUEUE_H */
