// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device numbers to drivers: character and block majors map to file
 * operations, which a device inode uses when opened: the driver is looked
 * up at every open, so a node made before its driver registered works
 * once it has.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

#define MAX_MAJOR 256
#define ZERO_STEP (64 * 1024)	/* /dev/zero clears this much between checks */

struct devreg {
	const char *name;
	const struct file_operations *fops;
};

static struct devreg chrdevs[MAX_MAJOR], blkdevs[MAX_MAJOR];

/* register_chrdev: a driver owns its major; a second registration replaces the first. */
int
register_chrdev(uint32_t major, const char *name, const struct file_operations *fops)
{
	if (major >= MAX_MAJOR)
		return -EINVAL;
	chrdevs[major].name = name;
	chrdevs[major].fops = fops;
	return 0;
}

int
register_blkdev(uint32_t major, const char *name, const struct file_operations *fops)
{
	if (major >= MAX_MAJOR)
		return -EINVAL;
	blkdevs[major].name = name;
	blkdevs[major].fops = fops;
	return 0;
}

const struct file_operations *
chrdev_fops(uint64_t rdev)
{
	return MAJOR(rdev) < MAX_MAJOR ? chrdevs[MAJOR(rdev)].fops : NULL;
}

const struct file_operations *
blkdev_fops(uint64_t rdev)
{
	return MAJOR(rdev) < MAX_MAJOR ? blkdevs[MAJOR(rdev)].fops : NULL;
}

/* devices_show writes /proc/devices: the majors that have a driver. */
size_t
devices_show(char *buf, size_t size)
{
	size_t n = kscnprintf(buf, size, "Character devices:\n");

	for (int i = 0; i < MAX_MAJOR; i++)
		if (chrdevs[i].name)
			n += kscnprintf(buf + n, size - n, "%3d %s\n", i, chrdevs[i].name);
	n += kscnprintf(buf + n, size - n, "\nBlock devices:\n");
	for (int i = 0; i < MAX_MAJOR; i++)
		if (blkdevs[i].name)
			n += kscnprintf(buf + n, size - n, "%3d %s\n", i, blkdevs[i].name);
	return n;
}

/* Opening a device node picks the driver by its number at open time. */
static int
chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_fops(inode->rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

static int
blkdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = blkdev_fops(inode->rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

static const struct file_operations def_chr_fops = { .open = chrdev_open };
static const struct file_operations def_blk_fops = { .open = blkdev_open };

/*
 * init_special_inode is how a filesystem makes a device, FIFO or socket
 * node: the filesystem keeps the node, the device table or the pipe code
 * supplies what opening it does.
 */
/* A socket node is reached with connect(2), never opened (ENXIO, as Linux). */
static int
sock_no_open(struct inode *inode, struct file *f)
{
	(void)inode; (void)f;
	return -ENXIO;
}

static const struct file_operations bad_sock_fops = { .open = sock_no_open };

void
init_special_inode(struct inode *inode, uint32_t mode, uint64_t rdev)
{
	inode->mode = mode;
	if (S_ISCHR(mode)) {
		inode->rdev = rdev;
		inode->i_fop = &def_chr_fops;
	} else if (S_ISBLK(mode)) {
		inode->rdev = rdev;
		inode->i_fop = &def_blk_fops;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &fifo_fops;
	} else if (S_ISSOCK(mode)) {
		inode->i_fop = &bad_sock_fops;
	}
}
