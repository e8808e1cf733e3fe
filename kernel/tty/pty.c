// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pseudo-terminals: opening /dev/ptmx makes a pair, the master (the file
 * returned) and the slave /dev/pts/<n> on devpts, which is an ordinary tty
 * with the line discipline of tty.c. What the slave's side writes is
 * queued for the master to read; what the master writes is the slave's
 * keyboard input. Closing the master hangs the slave up.
 *
 * Lifetime: a pair lives while either side has an open file (masters and
 * slaves count them; TIOCGPTPEER and every open of /dev/pts/<n> add a
 * slave). The last master close hangs the slave up, detaches it from any
 * session and removes /dev/pts/<n>; whichever side closes last frees the
 * pair. Its index (the slave's minor) is free again from then on.
 *
 * A new pair is locked, as on Linux: the slave cannot be opened until the
 * master unlocks it (unlockpt, TIOCSPTLCK 0).
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/tty.h"
#include "kernel/wait.h"

#define PTY_MAJOR	136
#define PTMX_MINOR	2
#define PTY_BUF		8192

struct pty {
	struct tty slave;
	int index;
	bool locked;
	int masters, slaves;	/* open files of each side */
	bool slave_seen;	/* a slave was opened: its last close is EOF for the master */
	uint8_t obuf[PTY_BUF];	/* slave output, for the master to read */
	size_t ohead, olen;
	struct wait_queue master_wait;
	char name[8];
};

/* Pairs by index (the slave's minor), grown as needed. */
static struct pty **ptys;
static int pty_slots;
/*
 * kernel.pty: at most max - 1 pairs at once (Linux counts the new one
 * against max before it exists); reserve is what instances mounted with
 * newinstance leave to the first one, and ours is the only, first one.
 */
int pty_limit = 4096, pty_reserve = 1024, pty_count;
static struct super_block *devpts_sb;
static struct file_operations pty_slave_fops;

/* pty_of_tty is the pair a slave tty belongs to (struct pty embeds it). */
static struct pty *
pty_of_tty(struct tty *t)
{
	return container_of(t, struct pty, slave);
}

/*
 * Slave output: queue for the master, waiting while the queue is full.
 * With no master left there is nobody to read it: EIO, as on Linux.
 */
static int64_t
pty_slave_write(struct tty *t, const void *buf, size_t len)
{
	struct pty *p = pty_of_tty(t);
	size_t done = 0;

	while (done < len) {
		if (!p->masters)
			return done ? (int64_t)done : -EIO;
		if (p->olen == PTY_BUF) {
			int err = wait_event_interruptible(p->master_wait,
							   p->olen < PTY_BUF || !p->masters);

			if (err)
				return done ? (int64_t)done : err;
			continue;
		}
		while (done < len && p->olen < PTY_BUF) {
			p->obuf[(p->ohead + p->olen) % PTY_BUF] = ((const uint8_t *)buf)[done++];
			p->olen++;
		}
		wake_up(&p->master_wait);
	}
	return (int64_t)done;
}

static const struct tty_driver_ops pty_ops = { .write = pty_slave_write };

/* pty_free frees a pair neither side has open any more, and its index. */
static void
pty_free(struct pty *p)
{
	ptys[p->index] = NULL;
	pty_count--;
	kfree(p);
}

/* ---- the master side ---- */

/*
 * ptm_read gives the slave's output. Once a slave has been open and the
 * last one closed, there is nothing more to come: EIO, which is how a
 * terminal emulator learns its shell exited. Before any slave opened, a
 * read waits.
 */
static int64_t
ptm_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct pty *p = f->priv;
	size_t n = 0;
	int err;

	(void)pos;
	while (!p->olen) {
		if (!p->slaves && p->slave_seen)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(p->master_wait, p->olen || (!p->slaves && p->slave_seen));
		if (err)
			return err;
	}
	while (n < len && p->olen) {
		((uint8_t *)buf)[n++] = p->obuf[p->ohead];
		p->ohead = (p->ohead + 1) % PTY_BUF;
		p->olen--;
	}
	wake_up(&p->master_wait);
	return (int64_t)n;
}

/* ptm_write is typing on the slave's keyboard: it all goes through the slave's line discipline. */
static int64_t
ptm_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct pty *p = f->priv;

	(void)pos;
	tty_receive(&p->slave, buf, len);
	return (int64_t)len;
}

static unsigned int
ptm_poll(struct file *f, struct poll_table *pt)
{
	struct pty *p = f->priv;
	unsigned int m = POLLOUT | POLLWRNORM;

	poll_wait(pt, &p->master_wait);
	if (p->olen)
		m |= POLLIN | POLLRDNORM;
	if (!p->slaves && p->slave_seen)
		m |= POLLHUP;
	return m;
}

/* open_slave_file is TIOCGPTPEER: a slave file without a path lookup (see below). */
static int
open_slave_file(struct pty *p, int flags);

/*
 * ptm_ioctl: the pair's own commands (number, lock, peer), and the
 * slave's termios and window size, which the master may set too (a
 * terminal emulator resizes its slave). arg is flags for TIOCGPTPEER, the
 * guest address argp for the rest.
 */
static int
ptm_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pty *p = f->priv;
	uaddr_t argp = u64_to_uaddr(arg);
	int v;

	switch (cmd) {
	case TIOCGPTN:
		return put_user(p->index, argp);
	case TIOCSPTLCK:
		if (get_user(v, argp))
			return -EFAULT;
		p->locked = v != 0;
		return 0;
	case TIOCGPTPEER:
		return open_slave_file(p, (int)arg);
	case TIOCGWINSZ:
		return copy_to_user(argp, &p->slave.winsize, sizeof(p->slave.winsize));
	case TIOCSWINSZ:
		if (copy_from_user(&p->slave.winsize, argp, sizeof(p->slave.winsize)))
			return -EFAULT;
		if (p->slave.pgrp > 0)
			kill_pgrp(p->slave.pgrp, SIGWINCH, true);
		return 0;
	case TCGETS:
		return copy_to_user(argp, &p->slave.termios, sizeof(p->slave.termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copy_from_user(&p->slave.termios, argp, sizeof(p->slave.termios));
	case FIONREAD:
		v = (int)p->olen;
		return put_user(v, argp);
	case TIOCPKT:
		return 0;
	}
	return -ENOTTY;
}

static void
ptm_release(struct file *f)
{
	struct pty *p = f->priv;

	if (--p->masters > 0)
		return;
	/* Hang up the slave: readers get EOF, the session gets SIGHUP. */
	p->slave.hung_up = true;
	wake_up(&p->slave.read_wait);
	if (p->slave.pgrp > 0)
		kill_pgrp(p->slave.pgrp, SIGHUP, true);
	/* As on Linux, the hangup ends the session's hold on it; so no
	 * signal_struct points into the pair once it is freed. */
	tty_disassociate(&p->slave);
	if (devpts_sb)
		tmpfs_kernel_remove(devpts_sb, p->name);
	if (!p->slaves)
		pty_free(p);
}

static const struct file_operations ptm_fops = {
	.read = ptm_read,
	.write = ptm_write,
	.poll = ptm_poll,
	.ioctl = ptm_ioctl,
	.release = ptm_release,
};

/*
 * Opening /dev/ptmx: a new pair in the lowest free slot (the table grows
 * by doubling); the file becomes its master. kernel.pty.max counts the
 * new pair before it exists, as Linux's does.
 */
static int
ptmx_open(struct inode *inode, struct file *f)
{
	struct pty *p;
	int i;

	(void)inode;
	if (pty_count + 1 >= pty_limit)
		return -ENOSPC;
	for (i = 0; i < pty_slots && ptys[i]; i++)
		;
	if (i == pty_slots) {
		int n = pty_slots ? pty_slots * 2 : 16;
		struct pty **grown = krealloc(ptys, n * sizeof(*ptys));

		if (!grown)
			return -ENOMEM;
		memset(grown + pty_slots, 0, (n - pty_slots) * sizeof(*ptys));
		ptys = grown;
		pty_slots = n;
	}
	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->index = i;
	p->locked = true;
	p->masters = 1;
	tty_init_termios(&p->slave);
	p->slave.ops = &pty_ops;
	p->slave.name = p->name;
	wait_queue_init(&p->master_wait);
	ksnprintf(p->name, sizeof(p->name), "%d", i);
	ptys[i] = p;
	if (devpts_sb) {
		int err = tmpfs_kernel_mknod(devpts_sb, p->name, S_IFCHR | 0620, MKDEV(PTY_MAJOR, i));

		if (err) {
			ptys[i] = NULL;
			kfree(p);
			return err;
		}
	}
	pty_count++;
	f->f_op = &ptm_fops;
	f->priv = p;
	return 0;
}

/* ---- the slave side ---- */

/* pts_release: the last slave close is EOF (then EIO) for the master's reader. */
static void
pts_release(struct file *f)
{
	struct pty *p = pty_of_tty(f->priv);

	if (--p->slaves == 0) {
		wake_up(&p->master_wait);
		if (!p->masters)
			pty_free(p);
	}
}

/* pts_open opens /dev/pts/<n>: only while the master is open and has unlocked the pair. */
static int
pts_open(struct inode *inode, struct file *f)
{
	uint32_t minor = MINOR(inode->rdev);
	struct pty *p = minor < (uint32_t)pty_slots ? ptys[minor] : NULL;

	if (!p || !p->masters)
		return -EIO;
	if (p->locked)
		return -EIO;
	p->slaves++;
	p->slave_seen = true;
	p->slave.hung_up = false;
	f->f_op = &pty_slave_fops;
	f->priv = &p->slave;
	return 0;
}

/*
 * open_slave_file opens the slave of p as TIOCGPTPEER does, without a
 * name: a private inode stands for /dev/pts/<n>, so the file works even
 * if the devpts node is gone or another one has taken the name. fd or
 * -errno.
 */
static int
open_slave_file(struct pty *p, int flags)
{
	struct file *f;
	int fd;

	if (p->locked)
		return -EIO;
	f = alloc_file(NULL, NULL, (flags & (O_ACCMODE | O_NONBLOCK | O_NOCTTY)) | O_RDWR,
		       &pty_slave_fops);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	f->inode = new_inode(NULL);
	if (!f->inode) {
		f->f_op = NULL;
		file_put(f);
		return -ENOMEM;
	}
	init_special_inode(f->inode, S_IFCHR | 0620, MKDEV(PTY_MAJOR, p->index));
	p->slaves++;
	p->slave_seen = true;
	f->priv = &p->slave;
	fd = fd_install(f, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	else if (!(flags & O_NOCTTY))
		tty_open_hook(f);
	return fd;
}

static const struct file_operations ptmx_dev_fops = { .open = ptmx_open };
static const struct file_operations pts_dev_fops = { .open = pts_open };

static int
devpts_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	(void)dev;
	(void)flags;
	(void)data;
	*out = devpts_sb;
	return 0;
}

static struct fs_type devpts_type = { .name = "devpts", .mount = devpts_mount };

/* pty_init registers /dev/ptmx, the slave major and the devpts filesystem. */
void
pty_init(void)
{
	pty_slave_fops = tty_fops;
	pty_slave_fops.release = pts_release;
	devpts_sb = tmpfs_kernel_sb(&devpts_type);
	if (devpts_sb)
		devpts_sb->root->inode->mode = S_IFDIR | 0755;
	register_filesystem(&devpts_type);
	register_chrdev(PTY_MAJOR, "pts", &pts_dev_fops);
	/* /dev/ptmx is 5,2: the console driver owns major 5 and hands minor 2 to us. */
	devtmpfs_create("ptmx", S_IFCHR | 0666, MKDEV(5, PTMX_MINOR));
	devtmpfs_create("pts", S_IFDIR | 0755, 0);
}

/* ptmx_fops is what the console driver uses for 5,2. */
const struct file_operations *ptmx_fops = &ptmx_dev_fops;
