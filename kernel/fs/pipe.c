// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pipes and FIFOs: a ring (64 KiB unless F_SETPIPE_SZ changes it) with
 * free-running read and write counters, readers and writers counted so EOF
 * and SIGPIPE/EPIPE come at the right time. A FIFO inode gets its pipe at
 * the first open.
 *
 * Sizes follow Linux: a power of two of pages; beyond fs.pipe-max-size
 * only root may grow a pipe, and the pages of a user's pipes are counted
 * against fs.pipe-user-pages-soft (past it, new pipes get two pages) and
 * -hard (past it, nothing more), root excepted.
 *
 * splice(2) and tee(2) reach the ring through the pipe_*() helpers at the end.
 *
 * The counters never wrap in practice (64 bits of bytes), so nwrite -
 * nread is always the fill and an index is a counter modulo the size.
 * Ownership: the pipe belongs to its inode (inode->pipe), an anonymous
 * one for pipe(2), the FIFO's own for a named pipe; it is freed when the
 * last reader and writer are gone, and a FIFO then gets a fresh one at
 * its next open. One wait queue serves readers, writers and FIFO opens:
 * every change wakes it and each waiter checks its own condition.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"
#include "kernel/user.h"
#include "uapi/ioctls.h"

#define PIPE_DEF_PAGES	16
#define PIPE_MIN_PAGES	2	/* what a user past the soft limit gets */
#define PIPE_BUF	4096

unsigned int pipe_max_size = 1048576;
uint64_t pipe_user_pages_hard;
uint64_t pipe_user_pages_soft = PIPE_DEF_PAGES * 1024;

struct pipe {
	uint8_t *buf;
	uint64_t size;			/* bytes in the ring: a power of two of pages */
	uint32_t uid;			/* whose pages these are */
	uint64_t nread, nwrite;
	int readers, writers;
	int r_counter, w_counter;	/* opens so far, for FIFO open waits */
	struct wait_queue wait;
};

static bool
unprivileged(void)
{
	return current->cred.euid != 0;
}

/* account changes the pages charged to uid by delta; returns the user's new total. */
static uint64_t
account(uint32_t uid, int64_t delta)
{
	struct user_struct *u = find_user(uid);

	if (!u)
		return ~0ULL;
	u->pipe_bufs += (uint64_t)delta;
	delta = (int64_t)u->pipe_bufs;
	user_done(u);
	return (uint64_t)delta;
}

static bool
over(uint64_t pages, uint64_t limit)
{
	return limit && pages > limit;
}

/* pipe_alloc makes a pipe of the default size, or less for a user over the limits. */
static int
pipe_alloc(struct pipe **out)
{
	uint64_t pages = PIPE_DEF_PAGES, total;
	uint32_t uid = current->cred.uid;
	struct pipe *p;

	if (pages * PAGE_SIZE > pipe_max_size && unprivileged())
		pages = pipe_max_size / PAGE_SIZE;
	total = account(uid, (int64_t)pages);
	if (over(total, pipe_user_pages_soft) && unprivileged()) {
		total = account(uid, PIPE_MIN_PAGES - (int64_t)pages);
		pages = PIPE_MIN_PAGES;
	}
	if (over(total, pipe_user_pages_hard) && unprivileged()) {
		account(uid, -(int64_t)pages);
		return -ENFILE;
	}
	p = kzalloc(sizeof(*p));
	if (p)
		p->buf = kmalloc(pages * PAGE_SIZE);
	if (!p || !p->buf) {
		account(uid, -(int64_t)pages);
		kfree(p);
		return -ENOMEM;
	}
	p->size = pages * PAGE_SIZE;
	p->uid = uid;
	wait_queue_init(&p->wait);
	*out = p;
	return 0;
}

static void
pipe_free(struct pipe *p)
{
	account(p->uid, -(int64_t)(p->size / PAGE_SIZE));
	kfree(p->buf);
	kfree(p);
}

/* round_pipe_size: a power of two of pages, at least one; 0 for more than 2 GiB. */
static uint64_t
round_pipe_size(uint64_t size)
{
	uint64_t r = PAGE_SIZE;

	if (size > (1ULL << 31))
		return 0;
	while (r < size)
		r <<= 1;
	return r;
}

/* pipe_set_size is F_SETPIPE_SZ: the new size in bytes, or -errno. */
int64_t
pipe_set_size(struct file *f, uint64_t arg)
{
	struct pipe *p = S_ISFIFO(f->inode->mode) ? f->inode->pipe : NULL;
	uint64_t size = round_pipe_size((unsigned int)arg), total, used;
	uint8_t *buf;

	if (!p)
		return -EBADF;
	if (!size)
		return -EINVAL;
	if (size > p->size && size > pipe_max_size && unprivileged())
		return -EPERM;
	total = account(p->uid, (int64_t)(size - p->size) / (int64_t)PAGE_SIZE);
	if (size > p->size && (over(total, pipe_user_pages_hard) ||
			       over(total, pipe_user_pages_soft)) && unprivileged())
		goto revert_eperm;
	used = p->nwrite - p->nread;
	if (used > size)
		goto revert_ebusy;
	buf = kmalloc(size);
	if (!buf) {
		account(p->uid, (int64_t)(p->size - size) / (int64_t)PAGE_SIZE);
		return -ENOMEM;
	}
	/* The data moves to the start of the new ring. */
	for (uint64_t i = 0; i < used; i++)
		buf[i] = p->buf[(p->nread + i) % p->size];
	kfree(p->buf);
	p->buf = buf;
	p->size = size;
	p->nread = 0;
	p->nwrite = used;
	wake_up(&p->wait);
	return (int64_t)size;
revert_ebusy:
	account(p->uid, (int64_t)(p->size - size) / (int64_t)PAGE_SIZE);
	return -EBUSY;
revert_eperm:
	account(p->uid, (int64_t)(p->size - size) / (int64_t)PAGE_SIZE);
	return -EPERM;
}

/* pipe_get_size is F_GETPIPE_SZ. */
int64_t
pipe_get_size(struct file *f)
{
	struct pipe *p = S_ISFIFO(f->inode->mode) ? f->inode->pipe : NULL;

	return p ? (int64_t)p->size : -EBADF;
}

/* proc_dopipe_max_size: fs.pipe-max-size takes a size and keeps it rounded as pipes are. */
int
proc_dopipe_max_size(const struct ctl_table *t, bool write, char *buf, size_t *len,
		     uint64_t *pos)
{
	unsigned int val = pipe_max_size;
	struct ctl_table tmp = { .data = &val, .maxlen = sizeof(val) };
	int err = proc_douintvec_minmax(&tmp, write, buf, len, pos);

	(void)t;
	if (err || !write)
		return err;
	if (!round_pipe_size(val))
		return -EINVAL;
	pipe_max_size = (unsigned int)round_pipe_size(val);
	return 0;
}

/*
 * pipe_read takes what is there (at least one byte, waiting for it); an
 * empty pipe with no writer left is EOF. Writers are woken after, as
 * space was made.
 */
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
		size_t off = p->nread % p->size;
		size_t chunk = p->size - off;

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

/*
 * pipe_write: a write of PIPE_BUF bytes or less goes in whole or waits,
 * so it is never interleaved with another writer's (POSIX); a longer one
 * goes in as space comes. With no reader left, the writer gets SIGPIPE
 * and EPIPE (or the count written so far).
 */
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
		space = p->size - (p->nwrite - p->nread);
		/* Writes of PIPE_BUF or less are atomic. */
		if (space == 0 || (len <= PIPE_BUF && space < len - n)) {
			if (f->flags & O_NONBLOCK)
				return n ? (int64_t)n : -EAGAIN;
			wake_up(&p->wait);
			err = wait_event_interruptible(p->wait,
				!p->readers || p->size - (p->nwrite - p->nread) >=
				(len <= PIPE_BUF ? len - n : 1));
			if (err)
				return n ? (int64_t)n : err;
			continue;
		}
		while (space && n < len) {
			size_t off = p->nwrite % p->size, chunk = p->size - off;

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

/*
 * pipe_poll answers for the end the file is: POLLHUP for a reader once
 * every writer that ever opened has gone (a FIFO nobody has opened for
 * writing yet is no hangup), POLLOUT only with PIPE_BUF of room, as Linux.
 */
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
		if (p->size - (p->nwrite - p->nread) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static int
pipe_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pipe *p = f->inode->pipe;

	if (cmd == FIONREAD) {
		int n = (int)(p->nwrite - p->nread);

		return put_user(n, u64_to_uaddr(arg));	/* arg is the guest's int */
	}
	return -ENOTTY;
}

/* pipe_release: the last end closed frees the pipe (and detaches it from a FIFO's inode). */
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
		pipe_free(p);
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

/*
 * fifo_open: opening a FIFO for reading waits for a writer, for writing
 * waits for a reader (O_NONBLOCK: the reader goes on at once, the writer
 * gets ENXIO). The open counters, not the current counts, are waited on:
 * a peer that opened and closed again in between still releases the wait.
 */
static int
fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p = inode->pipe;
	int acc = f->flags & O_ACCMODE, err = 0;

	if (!p) {
		err = pipe_alloc(&p);
		if (err)
			return err;
		inode->pipe = p;
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
	struct inode *inode;
	struct pipe *p;
	int err = pipe_alloc(&p);

	if (err)
		return err;
	inode = new_inode(NULL);
	if (!inode) {
		pipe_free(p);
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
	if (IS_ERR(*rd) || IS_ERR(*wr)) {
		err = (int)PTR_ERR(IS_ERR(*rd) ? *rd : *wr);
		/* The pipe goes with the release of the one end that exists, if any. */
		if (!IS_ERR(*rd)) {
			p->writers = 0;
			file_put(*rd);
		} else if (!IS_ERR(*wr)) {
			p->readers = 0;
			file_put(*wr);
		} else {
			pipe_free(p);
		}
		*rd = *wr = NULL;
		return err;
	}
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
		if (p->size - (p->nwrite - p->nread) >= PIPE_BUF)
			return (int64_t)(p->size - (p->nwrite - p->nread));
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(p->wait, !p->readers ||
					       p->size - (p->nwrite - p->nread) >= PIPE_BUF);
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
		size_t off = at % p->size, chunk = p->size - off;

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
