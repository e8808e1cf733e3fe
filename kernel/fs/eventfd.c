// SPDX-License-Identifier: GPL-2.0-only
/*
 * eventfd: a 64-bit counter behind a file descriptor. A write adds to it
 * (blocking while the sum would reach UINT64_MAX), a read takes it all and
 * leaves zero, or takes one in semaphore mode (blocking while it is
 * zero). Readers and writers share one wait queue, woken at every change.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/poll.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "uapi/time.h"

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct wait_queue wait;
};

/* efd_read takes the count (or one) as 8 bytes; a smaller buffer is EINVAL, as on Linux. */
static int64_t
efd_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	int err;

	(void)pos;
	if (len < 8)
		return -EINVAL;
	err = wait_event_nonblock(e->wait, e->count != 0, f->flags & O_NONBLOCK);
	if (err)
		return err;
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, 8);
	wake_up(&e->wait);
	return 8;
}

/* efd_write adds 8 bytes' worth; UINT64_MAX itself is not a value one may add. */
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
	err = wait_event_nonblock(e->wait, UINT64_MAX - 1 - e->count >= v, f->flags & O_NONBLOCK);
	if (err)
		return err;
	e->count += v;
	wake_up(&e->wait);
	return 8;
}

/* efd_poll: readable while non-zero, writable while one more can be added. */
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

	if (flags & ~(uint64_t)(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = count;
	e->semaphore = flags & EFD_SEMAPHORE;
	wait_queue_init(&e->wait);
	return anon_inode_getfd(&eventfd_fops, e, (int)flags);
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
