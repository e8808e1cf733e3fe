// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-user counters, looked up by real uid. An entry exists while one of
 * its counters is non-zero: whoever brings the last one back to zero calls
 * user_done, so setuid() to many uids leaves nothing behind.
 */
#include "kernel/slab.h"
#include "kernel/user.h"

static LIST_HEAD(users);

struct user_struct *
find_user(uint32_t uid)
{
	struct user_struct *u;

	list_for_each_entry(u, &users, node)
		if (u->uid == uid)
			return u;
	u = kzalloc(sizeof(*u));
	if (!u)
		return NULL;
	u->uid = uid;
	list_add(&u->node, &users);
	return u;
}

void
user_done(struct user_struct *u)
{
	if (u && !u->pipe_bufs && !u->epoll_watches) {
		list_del(&u->node);
		kfree(u);
	}
}
