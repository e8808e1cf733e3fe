// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pipes and FIFOs: a 64 KiB ring with free-running read and write counters,
 * readers and writers counted so EOF and SIGPIPE/EPIPE come at the right
 * time. A FIFO inode gets its pipe at the first open. splice(2) and tee(2)
 * reach the ring through the pipe_*() helpers at the end.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal_api.h"
#include "kernel/slab.h"

#define PIPE_SIZE	65536
#define PIPE_BUF	4096

struct pipe {
	uint8_t *buf;
	uint64_t nread, nwrite;
	int readers, writers;
	int r_counter, w_counter;	/* opens so far, for FIFO open waits */
	struct wait_queue wait;
};

static struct pipe *
pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	wait_queue_init(&p->wait);
	return p;
}

static int64_t
pipe_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct pipe *p = f->inode->pipe;
	size_t n = 0;
	int err;

	(void)pos;
	if (!len)
		return 0;
	for (;;) {
		if (p->nwrite != p->nread)
			break;
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(p->wait, p->nwrite != p->nread || !p->writers);
		if (err)
			return err;
	}
	while (n < len && p->nread != p->nwrite) {
		size_t off = p->nread % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - off;

		if (chunk > p->nwrite - p->nread)
			chunk = p->nwrite - p->nread;
		if (chunk > len - n)
			chunk = len - n;
		memcpy((uint8_t *)buf + n, p->buf + off, chunk);
		p->nread += chunk;
		n += chunk;
	}
	wake_up(&p->wait);
	return (int64_t)n;
}

static int64_t
pipe_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct pipe *p = f->inode->pipe;
	size_t n = 0;
	int err;

	(void)pos;
	while (n < len) {
		size_t space;

		if (!p->readers) {
			send_sig(SIGPIPE, current);
			return n ? (int64_t)n : -EPIPE;
		}
		space = PIPE_SIZE - (p->nwrite - p->nread);
		/* Writes of PIPE_BUF or less are atomic. */
		if (space == 0 || (len <= PIPE_BUF && space < len - n)) {
			if (f->flags & O_NONBLOCK)
				return n ? (int64_t)n : -EAGAIN;
			wake_up(&p->wait);
			err = wait_event_interruptible(p->wait,
				!p->readers || PIPE_SIZE - (p->nwrite - p->nread) >=
				(len <= PIPE_BUF ? len - n : 1));
			if (err)
				return n ? (int64_t)n : err;
			continue;
		}
		while (space && n < len) {
			size_t off = p->nwrite % PIPE_SIZE, chunk = PIPE_SIZE - off;

			if (chunk > space)
				chunk = space;
			if (chunk > len - n)
				chunk = len - n;
			memcpy(p->buf + off, (const uint8_t *)buf + n, chunk);
			p->nwrite += chunk;
			n += chunk;
			space -= chunk;
		}
		wake_up(&p->wait);
	}
	f->inode->mtime = current_time();
	return (int64_t)n;
}

static unsigned int
pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->inode->pipe;
	unsigned int mask = 0;

	poll_wait(pt, &p->wait);
	if ((f->flags & O_ACCMODE) != O_WRONLY) {
		if (p->nwrite != p->nread)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_counter)
			mask |= POLLHUP;
	}
	if ((f->flags & O_ACCMODE) != O_RDONLY) {
		if (PIPE_SIZE - (p->nwrite - p->nread) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

#define FIONREAD 0x541B

static int
pipe_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pipe *p = f->inode->pipe;

	if (cmd == FIONREAD) {
		int n = (int)(p->nwrite - p->nread);

		return copy_to_user(arg, &n, sizeof(n));
	}
	return -ENOTTY;
}

static void
pipe_release(struct file *f)
{
	struct pipe *p = f->inode->pipe;
	int acc = f->flags & O_ACCMODE;

	if (acc != O_WRONLY)
		p->readers--;
	if (acc != O_RDONLY)
		p->writers--;
	wake_up(&p->wait);
	if (!p->readers && !p->writers) {
		f->inode->pipe = NULL;
		kfree(p->buf);
		kfree(p);
	}
}

static int64_t
pipe_llseek(struct file *f, int64_t off, int whence)
{
	(void)f; (void)off; (void)whence;
	return -ESPIPE;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.llseek = pipe_llseek,
};

static int
fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p = inode->pipe;
	int acc = f->flags & O_ACCMODE, err = 0;

	if (!p) {
		p = inode->pipe = pipe_alloc();
		if (!p)
			return -ENOMEM;
	}
	f->f_op = &pipe_fops;
	if (acc != O_WRONLY) {
		p->readers++;
		p->r_counter++;
	}
	if (acc != O_RDONLY) {
		p->writers++;
		p->w_counter++;
	}
	wake_up(&p->wait);
	if (acc == O_RDONLY && !(f->flags & O_NONBLOCK)) {
		int c = p->w_counter;

		err = wait_event_interruptible(p->wait, p->writers || p->w_counter != c);
	} else if (acc == O_WRONLY) {
		if (!p->readers && (f->flags & O_NONBLOCK))
			err = -ENXIO;
		else {
			int c = p->r_counter;

			err = wait_event_interruptible(p->wait, p->readers || p->r_counter != c);
		}
	}
	if (err) {
		pipe_release(f);
		return err;
	}
	return 0;
}

const struct file_operations fifo_fops = { .open = fifo_open };

/* do_pipe makes the two ends of a new pipe. */
int
do_pipe(struct file **rd, struct file **wr, int flags)
{
	struct inode *inode = new_inode(NULL);
	struct pipe *p = pipe_alloc();

	if (!inode || !p) {
		inode_put(inode);
		if (p) {
			kfree(p->buf);
			kfree(p);
		}
		return -ENOMEM;
	}
	inode->mode = S_IFIFO | 0600;
	inode->pipe = p;
	inode->ino = (uint64_t)(uintptr_t)p >> 4;
	p->readers = p->writers = 1;
	p->r_counter = p->w_counter = 1;
	*rd = alloc_file(NULL, inode, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	*wr = alloc_file(NULL, inode, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	inode_put(inode);
	if (!*rd || !*wr)
		return -ENOMEM;
	return 0;
}

/* ---- for splice and tee (kernel/syscalls/sys_splice.c) ---- */

bool
file_is_pipe(struct file *f)
{
	return f->f_op == &pipe_fops;
}

bool
pipe_same(struct file *a, struct file *b)
{
	return a->inode->pipe == b->inode->pipe;
}

int64_t
pipe_wait_readable(struct file *f, bool nonblock)
{
	struct pipe *p = f->inode->pipe;
	int err;

	while (p->nwrite == p->nread) {
		if (!p->writers)
			return 0;
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(p->wait, p->nwrite != p->nread || !p->writers);
		if (err)
			return err;
	}
	return (int64_t)(p->nwrite - p->nread);
}

int64_t
pipe_wait_writable(struct file *f, bool nonblock)
{
	struct pipe *p = f->inode->pipe;
	int err;

	for (;;) {
		if (!p->readers) {
			send_sig(SIGPIPE, current);
			return -EPIPE;
		}
		if (PIPE_SIZE - (p->nwrite - p->nread) >= PIPE_BUF)
			return (int64_t)(PIPE_SIZE - (p->nwrite - p->nread));
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(p->wait, !p->readers ||
					       PIPE_SIZE - (p->nwrite - p->nread) >= PIPE_BUF);
		if (err)
			return err;
	}
}

size_t
pipe_peek(struct file *f, void *buf, size_t len)
{
	struct pipe *p = f->inode->pipe;
	uint64_t at = p->nread;
	size_t n = 0;

	while (n < len && at != p->nwrite) {
		size_t off = at % PIPE_SIZE, chunk = PIPE_SIZE - off;

		if (chunk > p->nwrite - at)
			chunk = p->nwrite - at;
		if (chunk > len - n)
			chunk = len - n;
		memcpy((uint8_t *)buf + n, p->buf + off, chunk);
		at += chunk;
		n += chunk;
	}
	return n;
}

void
pipe_consume(struct file *f, size_t n)
{
	struct pipe *p = f->inode->pipe;

	if (n > p->nwrite - p->nread)
		n = p->nwrite - p->nread;
	p->nread += n;
	wake_up(&p->wait);
}
