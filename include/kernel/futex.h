/* SPDX-License-Identifier: GPL-2.0-only */
/* Futexes: wait queues keyed by guest address (kernel/futex.c). */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <stdint.h>

#include "kernel/types.h"

struct task;

/* futex_wake_addr wakes up to n waiters on the private futex at uaddr of current's mm. */
int futex_wake_addr(uaddr_t uaddr, int n);
/* exit_robust_list releases the robust futexes t holds (at exit). */
void exit_robust_list(struct task *t);

#endif /* KERNEL_FUTEX_H */
