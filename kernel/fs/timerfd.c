// SPDX-License-Identifier: GPL-2.0-only
/*
 * timerfd: a kernel timer (struct ktimer, kernel/sched.c) behind a file
 * descriptor. Each expiry adds to a count that a read takes and clears;
 * a periodic timer is rearmed from its own expiry, so it does not drift.
 * The timer lives in the file's private data and is cancelled by the
 * last close, before that data is freed.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"
#include "uapi/time.h"

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

/* tfd_read gives the expiries since the last read as 8 bytes, and clears them. */
static int64_t
tfd_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct timerfd *t = f->priv;
	int err;

	(void)pos;
	if (len < 8)
		return -EINVAL;
	err = wait_event_nonblock(t->wait, t->ticks != 0, f->flags & O_NONBLOCK);
	if (err)
		return err;
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

/* tfd_release cancels the timer before freeing the memory it lives in. */
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
	return anon_inode_getfd(&timerfd_fops, t, (int)flags);
}

/* ns_to_its writes an interval and a value as the guest's itimerspec (two timespecs). */
static void
ns_to_its(uint64_t interval, uint64_t value, int64_t its[4])
{
	its[0] = (int64_t)(interval / 1000000000);
	its[1] = (int64_t)(interval % 1000000000);
	its[2] = (int64_t)(value / 1000000000);
	its[3] = (int64_t)(value % 1000000000);
}

/*
 * tfd_current is what timerfd_gettime reports: the interval, and the time
 * to the next expiry (1 ns rather than 0 while armed, so it reads as set).
 */
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
