// SPDX-License-Identifier: GPL-2.0-only
/*
 * epoll: a set of watched files, each with the events it is watched for.
 * Level-triggered over the files' poll operations: each epoll_wait
 * rescans the set, so EPOLLET is not told apart (a ready file is reported
 * by every wait); EPOLLONESHOT disarms after one report.
 *
 * Ownership: an item holds a reference to its file, so a watched file
 * outlives its fd; a wait that finds the fd closed (or now another file)
 * drops the item, as Linux drops the watch of a file's last close. The
 * set's creator is charged for every item (fs.epoll.max_user_watches)
 * until the item goes.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/user.h"
#include "kernel/wait.h"
#include "uapi/eventpoll.h"

/*
 * fs.epoll.max_user_watches: the watches all of one user's epoll sets may
 * hold, by default what a twenty-fifth of memory buys at Linux 6.1's cost
 * of 184 bytes per watch (epoll_init sets it).
 */
#define EP_ITEM_COST	184
uint64_t max_user_watches;

/* epoll_init sizes fs.epoll.max_user_watches from memory (see above). */
void
epoll_init(uint64_t mem_bytes)
{
	max_user_watches = mem_bytes / 25 / EP_ITEM_COST;
}

/* watches changes the count charged to uid by delta (an entry can't vanish while it is non-zero). */
static int
watches(uint32_t uid, int delta)
{
	struct user_struct *u = find_user(uid);

	if (!u)
		return -ENOMEM;
	if (delta > 0 && u->epoll_watches >= max_user_watches) {
		user_done(u);
		return -ENOSPC;
	}
	u->epoll_watches += (uint64_t)(int64_t)delta;
	user_done(u);
	return 0;
}

struct epitem {
	struct list_head node;
	int fd;
	struct file *file;
	uint32_t events;
	uint64_t data;
	bool disarmed;
};

struct eventpoll {
	struct list_head items;
	struct wait_queue wait;	/* for epoll fds inside epoll/poll */
	uint32_t uid;		/* the creator, charged for the watches */
};

/*
 * Epoll sets may contain epoll sets, as on Linux up to EPOLL_MAX_NESTS deep
 * and without cycles (epoll_ctl refuses both with ELOOP). Asking a set
 * whether it is ready asks its members, so the depth is also bounded here:
 * the kernel stack must not depend on how the sets were wired.
 */
#define EPOLL_MAX_NESTS	4

static const struct file_operations epoll_fops;
static int ep_poll_depth;

/*
 * ep_poll_file makes an epoll set pollable (inside poll or another set):
 * readable when any member is ready for what it is watched for.
 */
static unsigned int
ep_poll_file(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it;
	unsigned int ready = 0;

	poll_wait(pt, &ep->wait);
	if (ep_poll_depth > EPOLL_MAX_NESTS)
		return 0;
	ep_poll_depth++;
	list_for_each_entry(it, &ep->items, node) {
		if (!it->disarmed && it->file->f_op && it->file->f_op->poll &&
		    (it->file->f_op->poll(it->file, NULL) & it->events)) {
			ready = POLLIN | POLLRDNORM;
			break;
		}
	}
	ep_poll_depth--;
	return ready;
}

/* ep_reaches tells whether epoll set ep contains target, directly or
 * through nested sets, or nests deeper than depth allows, or is too
 * tangled to tell within *budget visits of nested sets. */
static bool
ep_reaches(struct eventpoll *ep, struct file *target, int depth, int *budget)
{
	struct epitem *it;

	if (depth > EPOLL_MAX_NESTS || --*budget < 0)
		return true;
	list_for_each_entry(it, &ep->items, node) {
		if (it->file == target)
			return true;
		if (it->file->f_op == &epoll_fops &&
		    ep_reaches(it->file->priv, target, depth + 1, budget))
			return true;
	}
	return false;
}

/* ep_release: the set's last close drops its items and their file references. */
static void
ep_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it, *n;

	list_for_each_entry_safe(it, n, &ep->items, node) {
		list_del(&it->node);
		file_put(it->file);
		kfree(it);
		watches(ep->uid, -1);
	}
	kfree(ep);
}

static const struct file_operations epoll_fops = { .poll = ep_poll_file, .release = ep_release };

/* epoll_create makes an empty set owned by the caller's uid. */
static int64_t
epoll_create(int flags)
{
	struct eventpoll *ep;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	list_init(&ep->items);
	wait_queue_init(&ep->wait);
	ep->uid = current->cred.uid;
	return anon_inode_getfd(&epoll_fops, ep, flags & O_CLOEXEC);
}

/* sys_epoll_create implements epoll_create(2). */
SYSCALL_DEFINE1(epoll_create, int, size)
{
	return size <= 0 ? -EINVAL : epoll_create(0);
}

/* sys_epoll_create1 implements epoll_create1(2). */
SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return epoll_create(flags);
}

/* sys_epoll_ctl implements epoll_ctl(2); op is compared in all 64 bits. */
SYSCALL_DEFINE4(epoll_ctl, int, epfd, uint64_t, op, int, fd, uaddr_t, event)
{
	struct file *epf = fget(epfd), *f = fget(fd);
	struct eventpoll *ep;
	struct epitem *it, *found = NULL;
	struct epoll_event ev;

	if (!epf || !f)
		return -EBADF;
	if (epf->f_op != &epoll_fops)
		return -EINVAL;
	if (f == epf)
		return -EINVAL;
	if (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode))
		return -EPERM;
	ep = epf->priv;
	list_for_each_entry(it, &ep->items, node)
		if (it->fd == fd && it->file == f)
			found = it;
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, event, sizeof(ev)))
		return -EFAULT;
	switch (op) {
	case EPOLL_CTL_ADD: {
		int err;

		if (found)
			return -EEXIST;
		/* A set inside itself, or nested too deep, would poll forever. */
		if (f->f_op == &epoll_fops) {
			int budget = 4096;

			if (ep_reaches(f->priv, epf, 1, &budget))
				return -ELOOP;
		}
		err = watches(ep->uid, 1);
		if (err)
			return err;
		it = kzalloc(sizeof(*it));
		if (!it) {
			watches(ep->uid, -1);
			return -ENOMEM;
		}
		it->fd = fd;
		it->file = f;
		file_get(f);
		it->events = ev.events | EPOLLERR | EPOLLHUP;
		it->data = ev.data;
		list_add_tail(&it->node, &ep->items);
		wake_up(&ep->wait);
		return 0;
	}
	case EPOLL_CTL_MOD:
		if (!found)
			return -ENOENT;
		found->events = ev.events | EPOLLERR | EPOLLHUP;
		found->data = ev.data;
		found->disarmed = false;
		return 0;
	case EPOLL_CTL_DEL:
		if (!found)
			return -ENOENT;
		list_del(&found->node);
		file_put(found->file);
		kfree(found);
		watches(ep->uid, -1);
		return 0;
	}
	return -EINVAL;
}

/*
 * epoll_wait scans the set, reporting up to max ready items; if none, it
 * sleeps on all their wait queues (as poll does) until a wake-up, a
 * signal or the timeout, and scans again. One last scan follows a
 * timeout.
 */
static int64_t
epoll_wait(int epfd, uaddr_t uev, int max, int64_t timeout_ms)
{
	struct file *epf = fget(epfd);
	struct eventpoll *ep;
	struct poll_table *pt;
	uint64_t ns = timeout_ms < 0 ? UINT64_MAX : (uint64_t)timeout_ms * 1000000;
	int n = 0;

	if (!epf)
		return -EBADF;
	if (epf->f_op != &epoll_fops || max <= 0)
		return -EINVAL;
	ep = epf->priv;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	for (;;) {
		struct epitem *it, *tmp;

		list_for_each_entry_safe(it, tmp, &ep->items, node) {
			unsigned int mask;
			struct epoll_event ev;

			if (n >= max)
				break;
			/* A closed fd leaves the set. */
			if (fget(it->fd) != it->file) {
				list_del(&it->node);
				file_put(it->file);
				kfree(it);
				watches(ep->uid, -1);
				continue;
			}
			if (it->disarmed || !it->file->f_op || !it->file->f_op->poll)
				continue;
			pt->cur = it->file;	/* each registration holds the file (poll.h) */
			mask = it->file->f_op->poll(it->file, pt) & it->events;
			if (!mask)
				continue;
			ev.events = mask;
			ev.data = it->data;
			if (copy_to_user(uaddr_add(uev, (uint64_t)n * sizeof(ev)), &ev, sizeof(ev))) {
				n = n ? n : -EFAULT;
				goto out;
			}
			n++;
			if (it->events & EPOLLONESHOT)
				it->disarmed = true;
		}
		if (n || !ns || signal_pending(current))
			break;
		current->state = TASK_INTERRUPTIBLE;
		ns = schedule_timeout(ns);
		current->state = TASK_RUNNING;
		poll_table_free(pt);
		if (!ns) {
			ns = 0;
			/* one last scan below with ns == 0 */
			continue;
		}
	}
out:
	poll_table_free(pt);
	kfree(pt);
	if (!n && signal_pending(current))
		return -EINTR;
	return n;
}

/* sys_epoll_wait implements epoll_wait(2). */
SYSCALL_DEFINE4(epoll_wait, int, epfd, uaddr_t, events, int, maxevents, int, timeout)
{
	return epoll_wait(epfd, events, maxevents, timeout);
}

/* sys_epoll_pwait implements epoll_pwait(2). */
SYSCALL_DEFINE6(epoll_pwait, int, epfd, uaddr_t, events, int, maxevents, int, timeout,
		uaddr_t, usigmask, size_t, sigsetsize)
{
	sigset_t set, old = current->blocked;
	int64_t r;

	if (!uaddr_is_null(usigmask)) {
		if (sigsetsize != 8 || get_user(set, usigmask))
			return -EINVAL;
		current->blocked = set & ~SIG_KERNEL_ONLY;
	}
	r = epoll_wait(epfd, events, maxevents, timeout);
	if (!uaddr_is_null(usigmask)) {
		if (r == -EINTR) {
			current->saved_mask = old;
			current->restore_mask = true;
		} else {
			current->blocked = old;
		}
	}
	return r;
}
