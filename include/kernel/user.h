/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-user counters (kernel/user.c): what the processes of one real uid
 * hold, for the limits that are per user: pipe buffer pages
 * (fs.pipe-user-pages-*) and epoll watches (fs.epoll.max_user_watches).
 */
#ifndef KERNEL_USER_H
#define KERNEL_USER_H

#include <stdint.h>

#include "kernel/list.h"

struct user_struct {
	uint32_t uid;
	uint64_t pipe_bufs;	/* pages of pipe buffers */
	uint64_t epoll_watches;
	struct list_head node;
};

/* find_user gives uid's counters, made (zero) if new; NULL only when memory is out. */
struct user_struct *find_user(uint32_t uid);
/* user_done forgets a user whose counters are all back to zero. */
void user_done(struct user_struct *u);

#endif /* KERNEL_USER_H */
