// SPDX-License-Identifier: GPL-2.0-only
/*
 * The list of disks, their device numbers and their /dev nodes, and the
 * block-device file operations (reading /dev/ubda with dd, blkid, mkfs).
 *
 * There is no block layer in between: no request queue and no buffer
 * cache. A filesystem or a reader of the device node calls the driver's
 * read and write with byte offsets, and the driver does the host I/O at
 * once (drivers/ubd). Disks are made at boot and never go away, so a
 * struct gendisk may be pointed at without a reference (an open device
 * file, a mounted filesystem's block reader).
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"

LIST_HEAD(disk_list);

struct gendisk *
find_disk(uint64_t rdev)
{
	struct gendisk *d;

	list_for_each_entry(d, &disk_list, node)
		if (MKDEV(d->major, d->minor) == rdev)
			return d;
	return NULL;
}

/* find_disk_by_name takes the forms root= takes: ubda, /dev/ubda, or major:minor in decimal. */
struct gendisk *
find_disk_by_name(const char *name)
{
	struct gendisk *d;
	unsigned ma = 0, mi = 0;
	const char *p;

	if (!strncmp(name, "/dev/", 5))
		name += 5;
	list_for_each_entry(d, &disk_list, node)
		if (!strcmp(d->name, name))
			return d;
	/* "major:minor" as root= takes it */
	for (p = name; *p >= '0' && *p <= '9'; p++)
		ma = ma * 10 + (*p - '0');
	if (p == name || *p != ':')
		return NULL;
	for (p++; *p >= '0' && *p <= '9'; p++)
		mi = mi * 10 + (*p - '0');
	return *p ? NULL : find_disk(MKDEV(ma, mi));
}

/* blk_read and blk_write: reads stop at the end of the disk; writes past it are ENOSPC, as on Linux. */
static int64_t
blk_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct gendisk *d = f->priv;
	int err;

	if (*pos >= d->size)
		return 0;
	if (len > d->size - *pos)
		len = d->size - *pos;
	err = d->read(d, *pos, buf, len);
	if (err)
		return err;
	*pos += len;
	return (int64_t)len;
}

static int64_t
blk_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct gendisk *d = f->priv;
	int err;

	if (d->ro || !d->write)
		return -EROFS;
	if (*pos >= d->size)
		return -ENOSPC;
	if (len > d->size - *pos)
		len = d->size - *pos;
	err = d->write(d, *pos, buf, len);
	if (err)
		return err;
	*pos += len;
	return (int64_t)len;
}

static int64_t
blk_llseek(struct file *f, int64_t off, int whence)
{
	struct gendisk *d = f->priv;
	int64_t base;

	if (!seek_base(f, whence, d->size, &base) || base < 0 || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

/* blk_ioctl: every command here writes its answer to the guest address arg. */
static int
blk_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct gendisk *d = f->priv;
	uaddr_t argp = u64_to_uaddr(arg);
	uint64_t v;

	switch (cmd) {
	case BLKGETSIZE64:
		v = d->size;
		return put_user(v, argp);
	case BLKGETSIZE:
		v = d->size / 512;
		return put_user(v, argp);
	case BLKSSZGET: {
		int s = 512;

		return put_user(s, argp);
	}
	case BLKROGET: {
		int ro = d->ro;

		return put_user(ro, argp);
	}
	case BLKFLSBUF:
		return d->flush ? d->flush(d) : 0;
	}
	return -ENOTTY;
}

static int
blk_fsync(struct file *f)
{
	struct gendisk *d = f->priv;

	return d->flush ? d->flush(d) : 0;
}

/*
 * blk_open binds the file to its disk by device number: a node with no
 * disk behind it is ENXIO; opening a read-only disk for writing is EROFS,
 * as UML's ubd_open says.
 */
static int
blk_open(struct inode *inode, struct file *f)
{
	struct gendisk *d = find_disk(inode->rdev);

	if (!d)
		return -ENXIO;
	if ((f->flags & O_ACCMODE) != O_RDONLY && d->ro)
		return -EROFS;
	f->priv = d;
	return 0;
}

static const struct file_operations blk_fops = {
	.open = blk_open,
	.read = blk_read,
	.write = blk_write,
	.llseek = blk_llseek,
	.ioctl = blk_ioctl,
	.fsync = blk_fsync,
};

/*
 * add_disk makes d known and creates its /dev node. The first disk of a
 * major registers the block file operations for it (a driver's disks
 * share its major).
 */
int
add_disk(struct gendisk *d)
{
	static bool registered[256];

	if (d->major < 256 && !registered[d->major]) {
		register_blkdev(d->major, "ubd", &blk_fops);
		registered[d->major] = true;
	}
	list_add_tail(&d->node, &disk_list);
	return devtmpfs_create(d->name, S_IFBLK | 0660, MKDEV(d->major, d->minor));
}

void
blk_sync_all(void)
{
	struct gendisk *d;

	list_for_each_entry(d, &disk_list, node)
		if (d->flush)
			d->flush(d);
}
