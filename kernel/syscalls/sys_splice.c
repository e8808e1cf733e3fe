// SPDX-License-Identifier: GPL-2.0-only
/*
 * Moving data between two files inside the kernel: sendfile, splice, tee
 * and copy_file_range. All go through a kernel bounce buffer (there is no
 * page-reference splicing here); what they promise the guest is Linux's:
 * which files each accepts, how offsets move, and how much one call does.
 *
 * Bounds: one call moves at most MAX_RW_COUNT bytes; a call that moves
 * data into a pipe moves at most what fits in it, and one out of a pipe at
 * most what is in it, as Linux's do. Between steps a long copy is a
 * preemption point and stops early for a fatal signal (rw_step_done).
 *
 * Data is consumed only once it has been written: a pipe is peeked and
 * drained by what the output took, and a file offset moves by what the
 * output took.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "internal.h"

#define STEP		(64 * 1024)

static bool
readable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

static bool
writable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

/* Files that take an explicit offset (pread/pwrite). */
static bool
positional(struct file *f)
{
	return S_ISREG(f->inode->mode) || S_ISBLK(f->inode->mode);
}

/*
 * copy_direct copies up to count bytes from in at *ipos to out at *opos,
 * STEP at a time. *ipos advances by what out took. Returns the bytes
 * copied, or the first error if none were.
 */
static int64_t
copy_direct(struct file *in, uint64_t *ipos, struct file *out, uint64_t *opos, uint64_t count)
{
	char *buf = kmalloc(STEP);
	int64_t total = 0;

	if (!buf)
		return -ENOMEM;
	while (count) {
		uint64_t rpos = *ipos;
		size_t step = count < STEP ? count : STEP;
		int64_t n = vfs_read(in, buf, step, &rpos), w;

		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		w = vfs_write(out, buf, (size_t)n, opos);
		if (w <= 0) {
			if (!total)
				total = w;
			break;
		}
		*ipos += (uint64_t)w;
		total += w;
		count -= (uint64_t)w;
		if (w < n || (size_t)n < step)
			break;
		if (count && rw_step_done())
			break;
	}
	kfree(buf);
	return total;
}

/*
 * pipe_to moves what is in the pipe in (up to count) to out at *opos; out
 * may be another pipe, then at most what fits there. Waits for data (and
 * room) unless nonblock. With consume false (tee) the data stays in in.
 */
static int64_t
pipe_to(struct file *in, struct file *out, uint64_t *opos, uint64_t count, bool nonblock,
	bool consume)
{
	char *buf = kmalloc(STEP);
	int64_t ret;

	if (!buf)
		return -ENOMEM;
	if (count > STEP)	/* a pipe never holds more */
		count = STEP;
	for (;;) {
		int64_t avail = pipe_wait_readable(in, nonblock), room;
		size_t n;

		ret = avail;
		if (avail <= 0)
			break;
		if (file_is_pipe(out)) {
			room = pipe_wait_writable(out, nonblock);
			ret = room;
			if (room < 0)
				break;
			if ((uint64_t)room < count)
				count = (uint64_t)room;
		}
		/* Waiting for room may have let a reader empty in: look again. */
		n = pipe_peek(in, buf, count);
		if (!n)
			continue;
		ret = vfs_write(out, buf, n, opos);
		if (ret > 0 && consume)
			pipe_consume(in, (size_t)ret);
		break;
	}
	kfree(buf);
	return ret;
}

/* file_to_pipe moves up to count bytes of in at *ipos into the pipe out, at most what fits. */
static int64_t
file_to_pipe(struct file *in, uint64_t *ipos, struct file *out, uint64_t count, bool nonblock)
{
	int64_t room = pipe_wait_writable(out, nonblock);
	uint64_t opos = 0;

	if (room < 0)
		return room;
	if ((uint64_t)room < count)
		count = (uint64_t)room;
	return copy_direct(in, ipos, out, &opos, count);
}

/* get_off reads a guest loff_t; a negative one is EINVAL. */
static int
get_off(uaddr_t uoff, uint64_t *off)
{
	if (copy_from_user(off, uoff, sizeof(*off)))
		return -EFAULT;
	return (int64_t)*off < 0 ? -EINVAL : 0;
}

/* sys_sendfile implements sendfile(2). */
SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, uaddr_t, offset, size_t, count)
{
	struct file *out = fget(out_fd), *in = fget(in_fd);
	uint64_t pos, *ppos;
	int64_t ret;
	int err;

	if (!in || !readable(in))
		return -EBADF;
	if (!uaddr_is_null(offset)) {
		if (!positional(in))
			return -ESPIPE;
		err = get_off(offset, &pos);
		if (err)
			return err;
		ppos = &pos;
	} else {
		ppos = &in->pos;
	}
	if (!out || !writable(out))
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (*ppos > INT64_MAX - count)	/* the largest file offset is INT64_MAX */
		count = INT64_MAX - *ppos;
	file_get(in);
	file_get(out);
	if (file_is_pipe(out))
		ret = file_to_pipe(in, ppos, out, count, (out->flags & O_NONBLOCK) != 0);
	else
		ret = copy_direct(in, ppos, out, &out->pos, count);
	file_put(in);
	file_put(out);
	if (!uaddr_is_null(offset) && put_user(pos, offset))
		return -EFAULT;
	return ret;
}

/* sys_splice implements splice(2): one end must be a pipe. */
SYSCALL_DEFINE6(splice, int, fd_in, uaddr_t, off_in, int, fd_out, uaddr_t, off_out,
		size_t, len, unsigned int, flags)
{
	struct file *in = fget(fd_in), *out = fget(fd_out);
	uint64_t off, *ppos;
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	int64_t ret;
	int err;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!in || !out)
		return -EBADF;
	if (!readable(in) || !writable(out))
		return -EBADF;
	if (!file_is_pipe(in) && !file_is_pipe(out))
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	file_get(in);
	file_get(out);
	if (file_is_pipe(in) && file_is_pipe(out)) {
		uint64_t opos = 0;

		if (!uaddr_is_null(off_in) || !uaddr_is_null(off_out))
			ret = -ESPIPE;
		else if (pipe_same(in, out))
			ret = -EINVAL;
		else if (!len)
			ret = 0;
		else
			ret = pipe_to(in, out, &opos, len, nonblock || (in->flags & O_NONBLOCK) ||
				      (out->flags & O_NONBLOCK), true);
	} else if (file_is_pipe(in)) {
		ppos = &out->pos;
		ret = 0;
		if (!uaddr_is_null(off_in)) {
			ret = -ESPIPE;
		} else if (!uaddr_is_null(off_out)) {
			if (!positional(out))
				ret = -ESPIPE;
			else if ((err = get_off(off_out, &off)))
				ret = err;
			ppos = &off;
		}
		if (!ret && (out->flags & O_APPEND))
			ret = -EINVAL;
		if (!ret && len)
			ret = pipe_to(in, out, ppos, len, nonblock || (in->flags & O_NONBLOCK), true);
		if (ret >= 0 && !uaddr_is_null(off_out) && put_user(off, off_out))
			ret = -EFAULT;
	} else {
		ppos = &in->pos;
		ret = 0;
		if (!uaddr_is_null(off_out)) {
			ret = -ESPIPE;
		} else if (!uaddr_is_null(off_in)) {
			if (!positional(in))
				ret = -ESPIPE;
			else if ((err = get_off(off_in, &off)))
				ret = err;
			ppos = &off;
		}
		if (!ret && len)
			ret = file_to_pipe(in, ppos, out, len, nonblock || (out->flags & O_NONBLOCK));
		if (ret >= 0 && !uaddr_is_null(off_in) && put_user(off, off_in))
			ret = -EFAULT;
	}
	file_put(in);
	file_put(out);
	return ret;
}

/* sys_tee implements tee(2): copy pipe data to another pipe, consuming none. */
SYSCALL_DEFINE4(tee, int, fdin, int, fdout, size_t, len, unsigned int, flags)
{
	struct file *in = fget(fdin), *out = fget(fdout);
	uint64_t opos = 0;
	int64_t ret;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!in || !out)
		return -EBADF;
	if (!readable(in) || !writable(out))
		return -EBADF;
	if (!file_is_pipe(in) || !file_is_pipe(out) || pipe_same(in, out))
		return -EINVAL;
	if (!len)
		return 0;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	file_get(in);
	file_get(out);
	ret = pipe_to(in, out, &opos, len, (flags & SPLICE_F_NONBLOCK) ||
		      (in->flags & O_NONBLOCK) || (out->flags & O_NONBLOCK), false);
	file_put(in);
	file_put(out);
	return ret;
}

/*
 * sys_copy_file_range implements copy_file_range(2) between regular files
 * of one file system (Linux 6.1 says EXDEV across file systems that do not
 * implement it themselves; C libraries then fall back to read and write).
 */
SYSCALL_DEFINE6(copy_file_range, int, fd_in, uaddr_t, off_in, int, fd_out, uaddr_t, off_out,
		size_t, len, uint64_t, flags)
{
	struct file *in = fget(fd_in), *out = fget(fd_out);
	uint64_t ipos, opos, *pin, *pout;
	int64_t ret;
	int err;

	if (flags)
		return -EINVAL;
	if (!in || !out)
		return -EBADF;
	if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
		return -EISDIR;
	if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
		return -EINVAL;
	if (!readable(in) || !writable(out) || (out->flags & O_APPEND))
		return -EBADF;
	pin = &in->pos;
	pout = &out->pos;
	if (!uaddr_is_null(off_in)) {
		if ((err = get_off(off_in, &ipos)))
			return err;
		pin = &ipos;
	}
	if (!uaddr_is_null(off_out)) {
		if ((err = get_off(off_out, &opos)))
			return err;
		pout = &opos;
	}
	/* Write limits: nothing starts at or past the largest offset. */
	if (*pout >= INT64_MAX)
		return -EFBIG;
	if (len > INT64_MAX - *pout)
		len = INT64_MAX - *pout;
	if (*pin + len < *pin)
		return -EOVERFLOW;
	/* Only up to the end of in. */
	len = *pin >= in->inode->size ? 0 :
	      len < in->inode->size - *pin ? len : in->inode->size - *pin;
	/* Within one file the ranges must not overlap. */
	if (in->inode == out->inode && *pout + len > *pin && *pout < *pin + len)
		return -EINVAL;
	if (in->inode->sb != out->inode->sb)
		return -EXDEV;
	if (!len)
		return 0;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	file_get(in);
	file_get(out);
	ret = copy_direct(in, pin, out, pout, len);
	file_put(in);
	file_put(out);
	if (ret > 0 && !uaddr_is_null(off_in) && put_user(ipos, off_in))
		return -EFAULT;
	if (ret > 0 && !uaddr_is_null(off_out) && put_user(opos, off_out))
		return -EFAULT;
	return ret;
}
