// SPDX-License-Identifier: GPL-2.0-only
/*
 * The list of disks and partitions, their device numbers and /dev nodes,
 * and the block-device file operations (dd, blkid, mkfs, fdisk, losetup
 * reach the disks here), with the block ioctls util-linux and e2fsprogs
 * issue, answered as Linux 6.1 answers them.
 *
 * There is no block layer in between: no request queue and no buffer
 * cache. A filesystem or a reader of the device node calls the driver's
 * read and write with byte offsets, and the driver does the host I/O at
 * once (drivers/ubd, drivers/block/loop.c).
 *
 * Lifetimes: a ubd disk lives as long as the kernel. Partitions and loop
 * devices go away (a re-read table, LOOP_CTL_REMOVE), but only when
 * nothing holds them: disk_busy counts the open device files (openers)
 * and the mounts (their superblock's device number), and anything that
 * keeps a struct gendisk pointer is one of the two. So a pointer taken by
 * an open or a mount stays valid until its close or unmount.
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"

LIST_HEAD(disk_list);
static uint64_t next_seq = 1;

#define SECTOR 512u
#define READ_AHEAD_SECTORS 256	/* queue/read_ahead_kb 128 */
#define MAX_SECTORS 254		/* queue/max_sectors_kb 127, as UML's ubd */

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

bool
disk_ro(const struct gendisk *d)
{
	return d->ro || d->ro_set || (d->whole && disk_ro(d->whole));
}

/* ---- partitions: calls go to the whole disk, shifted and bounded ---- */

static bool
part_in(struct gendisk *p, uint64_t off, uint64_t len)
{
	return off <= p->size && len <= p->size - off;
}

static int
part_read(struct gendisk *p, uint64_t off, void *buf, size_t len)
{
	if (!part_in(p, off, len))
		return -EIO;
	return p->whole->read(p->whole, p->start + off, buf, len);
}

static int
part_write(struct gendisk *p, uint64_t off, const void *buf, size_t len)
{
	if (disk_ro(p))
		return -EROFS;
	if (!part_in(p, off, len))
		return -EIO;
	return p->whole->write(p->whole, p->start + off, buf, len);
}

static int
part_flush(struct gendisk *p)
{
	return p->whole->flush ? p->whole->flush(p->whole) : 0;
}

static int
part_discard(struct gendisk *p, uint64_t off, uint64_t len)
{
	if (!part_in(p, off, len))
		return -EIO;
	return p->whole->discard(p->whole, p->start + off, len);
}

static int
part_zeroout(struct gendisk *p, uint64_t off, uint64_t len)
{
	if (!part_in(p, off, len))
		return -EIO;
	return p->whole->zeroout(p->whole, p->start + off, len);
}

/* mounted: a mounted filesystem sits on d. */
static bool
mounted(const struct gendisk *d)
{
	struct mount *m;
	uint64_t dev = MKDEV(d->major, d->minor);

	list_for_each_entry(m, &mount_list, node)
		if (m->sb && m->sb->type && m->sb->type->requires_dev && m->sb->dev == dev)
			return true;
	return false;
}

/* parts_busy: a partition of d is open or mounted. */
static bool
parts_busy(struct gendisk *d)
{
	struct gendisk *p;

	list_for_each_entry(p, &disk_list, node)
		if (p->whole == d && (p->openers || mounted(p)))
			return true;
	return false;
}

bool
disk_busy(struct gendisk *d, int allowed)
{
	return d->openers > allowed || mounted(d) || (!d->whole && parts_busy(d));
}

/* drop_partitions takes d's partitions away (nothing may hold them: disk_busy). */
static void
drop_partitions(struct gendisk *d)
{
	struct gendisk *p, *n;

	list_for_each_entry_safe(p, n, &disk_list, node) {
		if (p->whole != d)
			continue;
		devtmpfs_remove(p->name);
		list_del(&p->node);
		kfree(p);
	}
}

/*
 * add_partitions reads d's table and makes a disk of each partition, in
 * the list right after d and its earlier partitions. A name ending in a
 * digit gets a 'p' before the number (loop0p1), as Linux names them.
 */
static int
add_partitions(struct gendisk *d)
{
	struct part_entry parts[GENHD_MAX_PARTS];
	struct list_head *after = &d->node;
	int max = d->minors > 1 ? (int)d->minors - 1 : 0, n;
	size_t len = strlen(d->name);
	bool digit = len && d->name[len - 1] >= '0' && d->name[len - 1] <= '9';

	if (max > GENHD_MAX_PARTS)
		max = GENHD_MAX_PARTS;
	if (!max || !d->size)
		return 0;
	n = part_scan(d, parts, max);
	if (n < 0) {
		pr_warn("%s: unable to read partition table (%d)\n", d->name, n);
		return n;
	}
	for (int i = 0; i < n; i++) {
		struct gendisk *p;

		if (!parts[i].size)
			continue;
		p = kzalloc(sizeof(*p));
		if (!p)
			return -ENOMEM;
		ksnprintf(p->name, sizeof(p->name), "%s%s%d", d->name, digit ? "p" : "", i + 1);
		p->major = d->major;
		p->minor = d->minor + (uint32_t)i + 1;
		p->size = parts[i].size;
		p->start = parts[i].start;
		p->whole = d;
		p->partno = (uint32_t)i + 1;
		p->minors = 1;
		p->seq = d->seq;
		p->read = part_read;
		p->write = part_write;
		p->flush = part_flush;
		p->discard = d->discard ? part_discard : NULL;
		p->zeroout = d->zeroout ? part_zeroout : NULL;
		p->ioctl = d->ioctl;	/* the driver's commands reach it through a partition too */
		list_add(&p->node, after);
		after = &p->node;
		devtmpfs_create(p->name, S_IFBLK | 0660, MKDEV(p->major, p->minor));
	}
	return 0;
}

/* log_partitions prints " ubda: ubda1 ubda2" as Linux logs a scanned table. */
static void
log_partitions(struct gendisk *d)
{
	char line[256];
	size_t n = ksnprintf(line, sizeof(line), " %s:", d->name);
	struct gendisk *p;

	list_for_each_entry(p, &disk_list, node)
		if (p->whole == d && n < sizeof(line))
			n += ksnprintf(line + n, sizeof(line) - n, " %s", p->name);
	pr_info("%s\n", line);
}

int
disk_rescan(struct gendisk *d)
{
	int err;

	if (d->whole || d->minors <= 1)
		return -EINVAL;
	/* As on Linux: the whole disk may be open (the caller is), its partitions not. */
	if (parts_busy(d))
		return -EBUSY;
	drop_partitions(d);
	err = add_partitions(d);
	log_partitions(d);
	sysfs_block_refresh();
	return err;
}

void
disk_set_size(struct gendisk *d, uint64_t size)
{
	d->size = size;
	sysfs_block_refresh();
}

/* ---- the device files ---- */

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

	if (disk_ro(d) || !d->write)
		return -EPERM;	/* opened for writing, then BLKROSET: Linux says EPERM */
	if (*pos >= d->size)
		return len ? -ENOSPC : 0;
	if (len > d->size - *pos)
		len = d->size - *pos;
	err = d->write(d, *pos, buf, len);
	if (err)
		return err;
	*pos += len;
	return (int64_t)len;
}

/*
 * blk_read_user and blk_write_user are read(2) and write(2) on the device
 * node: the whole length, as Linux moves it (dd bs=1M reads 1 MiB), in
 * steps through a kernel buffer; each step is a preemption point and a
 * fatal signal stops the call with what was done.
 */
#define BLK_STEP (256 * 1024)

static int64_t
blk_rw_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos, bool write)
{
	size_t step = len < BLK_STEP ? (len ? len : 1) : BLK_STEP;
	char *buf = kmalloc(step);
	int64_t total = 0;

	if (!buf)
		return -ENOMEM;
	while (len) {
		size_t chunk = len < step ? len : step;
		int64_t n;

		if (write && copy_from_user(buf, ubuf, chunk)) {
			n = -EFAULT;
		} else {
			n = write ? blk_write(f, buf, chunk, pos) : blk_read(f, buf, chunk, pos);
			if (n > 0 && !write && copy_to_user(ubuf, buf, (size_t)n))
				n = -EFAULT;
		}
		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		total += n;
		ubuf = uaddr_add(ubuf, (uint64_t)n);
		len -= (size_t)n;
		if ((size_t)n < chunk || fatal_signal_pending(current))
			break;
		if (len)
			cond_resched();
	}
	kfree(buf);
	return total;
}

static int64_t
blk_read_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	return blk_rw_user(f, ubuf, len, pos, false);
}

static int64_t
blk_write_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	return blk_rw_user(f, ubuf, len, pos, true);
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

static bool
capable_admin(void)
{
	return current->cred.euid == 0;
}

/* get_range reads BLKDISCARD's and BLKZEROOUT's {start, len} and checks them as Linux does. */
static int
get_range(struct gendisk *d, uaddr_t argp, bool zeroout, uint64_t *start, uint64_t *len)
{
	uint64_t r[2];

	if (copy_from_user(r, argp, sizeof(r)))
		return -EFAULT;
	*start = r[0];
	*len = r[1];
	if ((*start | *len) % SECTOR)
		return -EINVAL;
	if (zeroout) {
		uint64_t end = *start + *len - 1;

		if (end >= d->size || end < *start)
			return -EINVAL;
	} else if (*start + *len > d->size || *start + *len < *start) {
		return -EINVAL;
	}
	return 0;
}

/* write_zeroes is BLKZEROOUT on a disk whose driver cannot zero a range itself. */
static int
write_zeroes(struct gendisk *d, uint64_t off, uint64_t len)
{
	size_t chunk = 65536;
	void *z = kzalloc(chunk);
	int err = 0;

	if (!z)
		return -ENOMEM;
	while (len && !err) {
		size_t n = len < chunk ? (size_t)len : chunk;

		err = d->write(d, off, z, n);
		off += n;
		len -= n;
	}
	kfree(z);
	return err;
}

/*
 * blk_ioctl answers the block ioctls with Linux's argument types: an int,
 * an unsigned int, an unsigned short or a long, as each command has it
 * (programs pass pointers to exactly that).
 */
static int
blk_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct gendisk *d = f->priv;
	uaddr_t argp = u64_to_uaddr(arg);
	bool writable = (f->flags & O_ACCMODE) != O_RDONLY;
	uint64_t start, len;
	int err;

	switch (cmd) {
	case BLKGETSIZE64: {
		uint64_t v = d->size;

		return put_user(v, argp);
	}
	case BLKGETSIZE: {
		unsigned long v = d->size / SECTOR;

		return put_user(v, argp);
	}
	case BLKSSZGET:
	case BLKBSZGET: {
		int v = cmd == BLKSSZGET ? (int)SECTOR : d->size % 4096 ? (int)SECTOR : 4096;

		return put_user(v, argp);
	}
	case BLKBSZSET: {
		int v;

		if (get_user(v, argp))
			return -EFAULT;
		return v < 512 || v > 4096 || (v & (v - 1)) ? -EINVAL : 0;
	}
	case BLKPBSZGET:
	case BLKIOMIN: {
		unsigned int v = SECTOR;

		return put_user(v, argp);
	}
	case BLKIOOPT:
	case BLKDISCARDZEROES:
	case BLKGETZONESZ:	/* not a zoned device: 0 (mkfs and blkid ask) */
	case BLKGETNRZONES: {
		unsigned int v = 0;

		return put_user(v, argp);
	}
	case BLKALIGNOFF: {
		int v = 0;

		return put_user(v, argp);
	}
	case BLKROTATIONAL: {
		unsigned short v = (d->whole ? d->whole : d)->rotational;

		return put_user(v, argp);
	}
	case BLKSECTGET: {
		unsigned short v = MAX_SECTORS;

		return put_user(v, argp);
	}
	case BLKRAGET:
	case BLKFRAGET: {
		long v = READ_AHEAD_SECTORS;

		return put_user(v, argp);
	}
	case BLKRASET:
	case BLKFRASET:
		return capable_admin() ? 0 : -EACCES;
	case BLKGETDISKSEQ: {
		uint64_t v = d->seq;

		return put_user(v, argp);
	}
	case BLKROGET: {
		int ro = disk_ro(d);

		return put_user(ro, argp);
	}
	case BLKROSET: {
		int ro;

		if (!capable_admin())
			return -EACCES;
		if (get_user(ro, argp))
			return -EFAULT;
		d->ro_set = ro != 0;
		sysfs_block_refresh();
		return 0;
	}
	case BLKFLSBUF:
		if (!capable_admin())
			return -EACCES;
		return d->flush ? d->flush(d) : 0;
	case BLKRRPART:
		if (!capable_admin())
			return -EACCES;
		return disk_rescan(d);
	case HDIO_GETGEO: {
		/* UML's ubd geometry: 128 heads, 32 sectors a track. */
		struct gendisk *w = d->whole ? d->whole : d;
		struct hd_geometry g = {
			.heads = 128, .sectors = 32,
			.cylinders = (unsigned short)(w->size / SECTOR / (128 * 32)),
			.start = (unsigned long)(d->start / SECTOR),
		};

		if (!w->geometry)
			return -ENOTTY;	/* no getgeo in the driver (loop) */
		if (!arg)
			return -EINVAL;
		return copy_to_user(argp, &g, sizeof(g));
	}
	case BLKDISCARD:
	case BLKSECDISCARD:
		if (!writable)
			return -EBADF;
		if (cmd == BLKSECDISCARD || !d->discard)
			return -EOPNOTSUPP;
		if ((err = get_range(d, argp, false, &start, &len)))
			return err;
		return len ? d->discard(d, start, len) : 0;
	case BLKZEROOUT:
		if (!writable)
			return -EBADF;
		if ((err = get_range(d, argp, true, &start, &len)))
			return err;
		if (disk_ro(d))
			return -EPERM;
		return d->zeroout ? d->zeroout(d, start, len) : write_zeroes(d, start, len);
	}
	if (d->ioctl)
		return d->ioctl(d, f, cmd, arg);
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
 * as UML's ubd_open says. O_EXCL is Linux's exclusive claim: refused
 * (EBUSY) while the device is mounted or claimed by another O_EXCL open.
 */
static int
blk_open(struct inode *inode, struct file *f)
{
	struct gendisk *d = find_disk(inode->rdev);

	if (!d)
		return -ENXIO;
	/* The driver's read-only, not BLKROSET's: Linux opens those for writing (writes get EPERM). */
	if ((f->flags & O_ACCMODE) != O_RDONLY && (d->ro || (d->whole && d->whole->ro)))
		return -EROFS;
	if (f->flags & O_EXCL) {
		if (d->excl || mounted(d))
			return -EBUSY;
		d->excl = true;
	}
	d->openers++;
	f->priv = d;
	return 0;
}

static void
blk_release(struct file *f)
{
	struct gendisk *d = f->priv;

	if (!d)
		return;
	d->openers--;
	if (f->flags & O_EXCL)
		d->excl = false;
	if (d->release)
		d->release(d);
}

static const struct file_operations blk_fops = {
	.open = blk_open,
	.release = blk_release,
	.read = blk_read,
	.write = blk_write,
	.read_user = blk_read_user,
	.write_user = blk_write_user,
	.llseek = blk_llseek,
	.ioctl = blk_ioctl,
	.fsync = blk_fsync,
};

/*
 * add_disk makes d known and creates its /dev node and its partitions'.
 * The first disk of a major registers the block file operations for it
 * (a driver's disks share its major).
 */
int
add_disk(struct gendisk *d)
{
	static bool registered[256];
	int err;

	if (d->major < 256 && !registered[d->major]) {
		register_blkdev(d->major, d->driver ? d->driver : "ubd", &blk_fops);
		registered[d->major] = true;
	}
	if (!d->minors)
		d->minors = 1;
	d->seq = next_seq++;
	list_add_tail(&d->node, &disk_list);
	err = devtmpfs_create(d->name, S_IFBLK | 0660, MKDEV(d->major, d->minor));
	if (err && err != -EEXIST)
		return err;
	if (d->minors > 1 && d->size && add_partitions(d) == 0) {
		struct gendisk *p;

		list_for_each_entry(p, &disk_list, node)
			if (p->whole == d) {
				log_partitions(d);
				break;
			}
	}
	sysfs_block_refresh();
	return 0;
}

int
del_disk(struct gendisk *d, bool force)
{
	if (!force && disk_busy(d, 0))
		return -EBUSY;
	drop_partitions(d);
	devtmpfs_remove(d->name);
	list_del(&d->node);
	sysfs_block_refresh();
	return 0;
}

/*
 * blk_unmounted: a filesystem was unmounted. A mount holds its disk
 * without opening it here, so a driver that acts at the last release
 * (loop's autoclear) is asked again now.
 */
void
blk_unmounted(void)
{
	struct gendisk *d, *n;

	list_for_each_entry_safe(d, n, &disk_list, node)
		if (d->release && !d->openers)
			d->release(d);
}

/* blk_sync_all: stacked disks (loop) first, so that what they write reaches the disks below before those are flushed. */
void
blk_sync_all(void)
{
	struct gendisk *d;

	for (int stacked = 1; stacked >= 0; stacked--)
		list_for_each_entry(d, &disk_list, node)
			if (d->flush && !d->whole && d->stacked == stacked)
				d->flush(d);
}
