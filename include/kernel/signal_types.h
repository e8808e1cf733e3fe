/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The signal state tasks hold (types only; the functions are in
 * kernel/signal.h): pending queues per thread and per thread group, the
 * handler table shared by CLONE_SIGHAND threads, and the per-process
 * signal_struct (job control, limits, children's times). The guest's
 * numbering and sets are include/uapi/signal.h's. Kept apart from
 * signal.h so that sched.h can embed these in struct task.
 */
#ifndef KERNEL_SIGNAL_TYPES_H
#define KERNEL_SIGNAL_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/wait_queue.h"
#include "uapi/resource.h"
#include "uapi/signal.h"

struct task;

struct sigqueue {
	struct list_head node;
	struct siginfo info;
};

struct sigpending {
	sigset_t signal;		/* which signals are pending */
	struct list_head queue;		/* their siginfo, in arrival order */
};

struct sighand {
	int count;			/* tasks pointing at it (CLONE_SIGHAND) */
	struct k_sigaction action[NSIG];
};

struct signal_struct {
	int count;			/* tasks of the group not yet released */
	struct list_head threads;	/* live threads (task.thread_node) */
	struct sigpending shared_pending;
	int group_exit_code;
	bool group_exit;
	int group_stop_count;
	struct task *group_exec_task;	/* a thread whose exec ends the others */
	int pgrp, session;		/* job control */
	struct tty *tty;		/* controlling terminal */
	uint64_t rlim_cur[RLIM_NLIMITS], rlim_max[RLIM_NLIMITS];	/* RLIM_INFINITY: unlimited */
	uint64_t cutime_ns, cstime_ns;	/* children's times, from wait */
	struct wait_queue wait_chldexit;	/* parent waiting in wait4 */
	uint64_t it_real_value, it_real_interval;	/* ITIMER_REAL, ns */
	void *it_real_timer;
};

#endif /* KERNEL_SIGNAL_TYPES_H */
