/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of tasks and processes (kernel/exit.c): exit and exit_group,
 * waiting for children, and the one place a task struct is freed.
 */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include <stdint.h>

#include "kernel/sched.h"
#include "kernel/types.h"
#include "uapi/wait.h"

/* do_exit ends current with a wait status; never returns. */
void do_exit(int status) __attribute__((noreturn));
/* do_group_exit ends every thread of current's process. */
void do_group_exit(int status) __attribute__((noreturn));
/*
 * do_wait4 and do_waitid wait for a child as wait4(2) and waitid(2) do,
 * writing its status, siginfo and rusage to the guest (each may be NULL).
 */
int64_t do_wait4(int pid, uaddr_t ustatus, int options, uaddr_t urusage);
int64_t do_waitid(int which, int id, uaddr_t uinfo, int options, uaddr_t urusage);
/* init_task is pid 1, which orphans are given to. */
extern struct task *init_task;
/* release_task frees a task that ended (or never started) with its
 * references to its sighand and signal_struct; see kernel/fork.c. */
void release_task(struct task *t);

#endif /* KERNEL_EXIT_H */
