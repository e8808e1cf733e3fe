// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory devices of major 1: /dev/null, /dev/zero, /dev/full (and the
 * minors of /dev/random and /dev/urandom, whose operations are random.c's).
 * They have no data and no state: every read and write is answered from
 * the arguments alone.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

#define ZERO_STEP (64 * 1024)	/* /dev/zero clears this much between checks */

static int64_t
null_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f; (void)buf; (void)len; (void)pos;
	return 0;
}

static int64_t
null_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)f; (void)buf; (void)pos;
	return (int64_t)len;
}

static int64_t
zero_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	(void)f; (void)pos;
	memset(buf, 0, len);
	return (int64_t)len;
}

/*
 * read(2) of /dev/zero clears the guest buffer a step at a time and, as on
 * Linux, returns what it cleared so far once any signal is pending (so a
 * huge read ends quickly for a handler or a kill); each step is a
 * preemption point. The first step always completes.
 */
static int64_t
zero_read_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	size_t done = 0;

	(void)f; (void)pos;
	while (done < len) {
		size_t chunk = len - done < ZERO_STEP ? len - done : ZERO_STEP;

		if (clear_user(uaddr_add(ubuf, done), chunk))
			return done ? (int64_t)done : -EFAULT;
		done += chunk;
		if (done < len) {
			if (signal_pending(current))
				break;
			cond_resched();
		}
	}
	return (int64_t)done;
}

/* write(2) to /dev/null and /dev/zero: everything is taken, nothing is read. */
static int64_t
null_write_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	(void)f; (void)ubuf; (void)pos;
	return (int64_t)len;
}

static int64_t
full_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)f; (void)buf; (void)len; (void)pos;
	return -ENOSPC;
}

static int64_t
mem_llseek(struct file *f, int64_t off, int whence)
{
	(void)whence;
	f->pos = (uint64_t)off;
	return 0;
}

static const struct file_operations null_fops = {
	.read = null_read, .write = null_write, .write_user = null_write_user, .llseek = mem_llseek,
};
static const struct file_operations zero_fops = {
	.read = zero_read, .write = null_write, .read_user = zero_read_user,
	.write_user = null_write_user, .llseek = mem_llseek,
};
static const struct file_operations full_fops = {
	.read = zero_read, .write = full_write, .read_user = zero_read_user, .llseek = mem_llseek,
};

static int
mem_open(struct inode *inode, struct file *f)
{
	switch (MINOR(inode->rdev)) {
	case 3:
		f->f_op = &null_fops;
		return 0;
	case 5:
		f->f_op = &zero_fops;
		return 0;
	case 7:
		f->f_op = &full_fops;
		return 0;
	case 8:
	case 9:
		f->f_op = &random_fops;	/* random.c's */
		return 0;
	}
	return -ENXIO;
}

static const struct file_operations mem_fops = { .open = mem_open };

void
mem_devices_init(void)
{
	static const struct { const char *name; uint32_t minor; uint32_t mode; } devs[] = {
		{ "null", 3, 0666 }, { "zero", 5, 0666 }, { "full", 7, 0666 },
		{ "random", 8, 0666 }, { "urandom", 9, 0666 },
	};

	register_chrdev(1, "mem", &mem_fops);
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		devtmpfs_create(devs[i].name, S_IFCHR | devs[i].mode, MKDEV(1, devs[i].minor));
}
