// SPDX-License-Identifier: GPL-2.0-only
/*
 * File descriptors that are not files: epoll instances, eventfd counters
 * and timerfd timers. epoll is level-triggered over the files' poll
 * operations: each wait rescans the set, so EPOLLET is not told apart (a
 * ready file is reported by every wait); EPOLLONESHOT disarms after one
 * report.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/user.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "uapi/eventpoll.h"
#include "uapi/time.h"


static struct file *
anon_file(const struct file_operations *fop, void *priv, int flags, uint32_t mode)
{
	struct inode *inode = new_inode(NULL);
	struct file *f;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->mode = mode;
	inode->ino = (uint64_t)(uintptr_t)inode >> 4;
	f = alloc_file(NULL, inode, O_RDWR | (flags & O_NONBLOCK), fop);
	inode_put(inode);
	if (!IS_ERR(f))
		f->priv = priv;
	return f;
}

static int64_t
install(struct file *f, int flags)
{
	int fd;

	if (!f)
		return -ENOMEM;
	fd = fd_install(f, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* ---- epoll ---- */

/*
 * fs.epoll.max_user_watches: the watches all of one user's epoll sets may
 * hold, by default what a twenty-fifth of memory buys at Linux 6.1's cost
 * of 184 bytes per watch (epoll_init sets it).
 */
#define EP_ITEM_COST	184
uint64_t max_user_watches;

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


static int64_t
epoll_create(int flags)
{
	struct eventpoll *ep;
	struct file *f;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	list_init(&ep->items);
	wait_queue_init(&ep->wait);
	ep->uid = current->cred.uid;
	f = anon_file(&epoll_fops, ep, 0, 0600);
	if (IS_ERR(f)) {
		kfree(ep);
		return PTR_ERR(f);
	}
	return install(f, flags);
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

/* ---- eventfd ---- */

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct wait_queue wait;
};

static int64_t
efd_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	int err;

	(void)pos;
	if (len < 8)
		return -EINVAL;
	while (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(e->wait, e->count != 0);
		if (err)
			return err;
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, 8);
	wake_up(&e->wait);
	return 8;
}

static int64_t
efd_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	int err;

	(void)pos;
	if (len < 8)
		return -EINVAL;
	memcpy(&v, buf, 8);
	if (v == UINT64_MAX)
		return -EINVAL;
	while (UINT64_MAX - 1 - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(e->wait, UINT64_MAX - 1 - e->count >= v);
		if (err)
			return err;
	}
	e->count += v;
	wake_up(&e->wait);
	return 8;
}

static unsigned int
efd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned int m = 0;

	poll_wait(pt, &e->wait);
	if (e->count)
		m |= POLLIN | POLLRDNORM;
	if (e->count < UINT64_MAX - 1)
		m |= POLLOUT | POLLWRNORM;
	return m;
}

static void
efd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_operations eventfd_fops = {
	.read = efd_read, .write = efd_write, .poll = efd_poll, .release = efd_release,
};

/* do_eventfd makes an eventfd holding count; flags are checked in all 64 bits. */
static int64_t
do_eventfd(uint32_t count, uint64_t flags)
{
	struct eventfd *e;
	struct file *f;

	if (flags & ~(uint64_t)(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = count;
	e->semaphore = flags & EFD_SEMAPHORE;
	wait_queue_init(&e->wait);
	f = anon_file(&eventfd_fops, e, (int)flags, 0600);
	if (IS_ERR(f)) {
		kfree(e);
		return PTR_ERR(f);
	}
	return install(f, (int)flags);
}

/* sys_eventfd2 implements eventfd2(2). */
SYSCALL_DEFINE2(eventfd2, uint32_t, count, uint64_t, flags)
{
	return do_eventfd(count, flags);
}

/* sys_eventfd implements eventfd(2). */
SYSCALL_DEFINE1(eventfd, uint32_t, count)
{
	return do_eventfd(count, 0);
}

/* ---- timerfd ---- */

struct timerfd {
	struct ktimer kt;
	uint64_t interval, ticks;
	int clock;
	struct wait_queue wait;
};

/*
 * tfd_fire counts the expiries since the last one, overruns included (the
 * kernel may have been busy for many intervals): rearming one interval at
 * a time would run this in a loop that many times, for a 1 ns interval
 * about a billion times a second late.
 */
static void
tfd_fire(struct ktimer *kt)
{
	struct timerfd *t = (struct timerfd *)kt;
	uint64_t now = ktime_get_ns(), n = 1;

	if (t->interval) {
		if (now > kt->expires_ns)
			n += (now - kt->expires_ns) / t->interval;
		ktimer_arm(kt, ns_add_sat(kt->expires_ns, n * t->interval));
	}
	t->ticks += n;
	wake_up(&t->wait);
}

static int64_t
tfd_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct timerfd *t = f->priv;
	int err;

	(void)pos;
	if (len < 8)
		return -EINVAL;
	while (!t->ticks) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(t->wait, t->ticks != 0);
		if (err)
			return err;
	}
	memcpy(buf, &t->ticks, 8);
	t->ticks = 0;
	return 8;
}

static unsigned int
tfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *t = f->priv;

	poll_wait(pt, &t->wait);
	return t->ticks ? POLLIN | POLLRDNORM : 0;
}

static void
tfd_release(struct file *f)
{
	struct timerfd *t = f->priv;

	ktimer_cancel(&t->kt);
	kfree(t);
}

static const struct file_operations timerfd_fops = {
	.read = tfd_read, .poll = tfd_poll, .release = tfd_release,
};

/*
 * sys_timerfd_create implements timerfd_create(2) for CLOCK_REALTIME,
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME; the clock and the flags are checked
 * in all 64 bits.
 */
SYSCALL_DEFINE2(timerfd_create, uint64_t, clockid, uint64_t, flags)
{
	struct timerfd *t;
	struct file *f;

	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC && clockid != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & ~(uint64_t)(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->clock = (int)clockid;
	t->kt.fn = tfd_fire;
	list_init(&t->kt.node);
	wait_queue_init(&t->wait);
	f = anon_file(&timerfd_fops, t, (int)flags, 0600);
	if (IS_ERR(f)) {
		kfree(t);
		return PTR_ERR(f);
	}
	return install(f, (int)flags);
}

static void
ns_to_its(uint64_t interval, uint64_t value, int64_t its[4])
{
	its[0] = (int64_t)(interval / 1000000000);
	its[1] = (int64_t)(interval % 1000000000);
	its[2] = (int64_t)(value / 1000000000);
	its[3] = (int64_t)(value % 1000000000);
}

static void
tfd_current(struct timerfd *t, int64_t its[4])
{
	uint64_t now = ktime_get_ns();
	uint64_t left = t->kt.armed ? (t->kt.expires_ns > now ? t->kt.expires_ns - now : 1) : 0;

	ns_to_its(t->interval, left, its);
}

/* sys_timerfd_settime implements timerfd_settime(2). */
SYSCALL_DEFINE4(timerfd_settime, int, ufd, int, flags, uaddr_t, utmr, uaddr_t, otmr)
{
	struct file *f = fget(ufd);
	struct timerfd *t;
	int64_t its[4], old[4];
	uint64_t value;

	if (!f)
		return -EBADF;
	if (f->f_op != &timerfd_fops)
		return -EINVAL;
	t = f->priv;
	if (copy_from_user(its, utmr, sizeof(its)))
		return -EFAULT;
	if (its[0] < 0 || its[1] < 0 || its[1] >= 1000000000 || its[2] < 0 || its[3] < 0 ||
	    its[3] >= 1000000000)
		return -EINVAL;
	tfd_current(t, old);
	ktimer_cancel(&t->kt);
	t->ticks = 0;
	t->interval = ns_from_sec_sat((uint64_t)its[0], (uint64_t)its[1]);
	value = ns_from_sec_sat((uint64_t)its[2], (uint64_t)its[3]);
	if (value) {
		uint64_t now = ktime_get_ns();

		if (flags & TFD_TIMER_ABSTIME) {
			uint64_t base = t->clock == CLOCK_REALTIME ? (uint64_t)ktime_get_real_ns() : now;

			value = value > base ? value - base : 0;
		}
		ktimer_arm(&t->kt, ns_add_sat(now, value ? value : 1));
	}
	if (!uaddr_is_null(otmr) && copy_to_user(otmr, old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* sys_timerfd_gettime implements timerfd_gettime(2). */
SYSCALL_DEFINE2(timerfd_gettime, int, ufd, uaddr_t, otmr)
{
	struct file *f = fget(ufd);
	int64_t its[4];

	if (!f)
		return -EBADF;
	if (f->f_op != &timerfd_fops)
		return -EINVAL;
	tfd_current(f->priv, its);
	return copy_to_user(otmr, its, sizeof(its));
}
