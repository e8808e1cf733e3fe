/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Making tasks (kernel/fork.c): clone in all its forms, and the bound on
 * how many tasks there may be. What a new task shares with its parent and
 * who frees each shared part is the table at the top of kernel/fork.c.
 */
#ifndef KERNEL_FORK_H
#define KERNEL_FORK_H

#include <stdint.h>

#include "kernel/types.h"
#include "uapi/sched.h"

/* What clone, clone3, fork and vfork ask of do_clone. */
struct clone_req {
	uint64_t flags;		/* CLONE_*, without the exit signal */
	int exit_signal;	/* sent to the parent at exit; 0: none */
	uint64_t stack;		/* the child's rsp; 0: the parent's */
	uaddr_t parent_tid;	/* CLONE_PARENT_SETTID: the child's tid goes here, in the parent */
	uaddr_t child_tid;	/* CLONE_CHILD_SETTID/CLEARTID: here, in the child */
	uint64_t tls;		/* CLONE_SETTLS: the child's fs base */
};
/* do_clone makes a new task (fork, vfork, thread) after checking the flags
 * as Linux does; returns its pid or -errno. */
int64_t do_clone(const struct clone_req *req);
/* max_threads bounds the number of tasks (kernel.threads-max); fork_init sets it from mem=. */
extern int max_threads;
void fork_init(uint64_t mem_bytes);

#endif /* KERNEL_FORK_H */
