// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loop devices: /dev/loopN (block major 7) shows a guest file, or a part
 * of it, as a disk; /dev/loop-control (misc 10:237) hands out free ones.
 * What losetup (util-linux and busybox) and `mount -o loop` do through
 * the LOOP_* ioctls, with Linux 6.1's answers: loop0..7 exist from boot,
 * LOOP_CTL_GET_FREE finds or makes an unbound one, LOOP_SET_FD and
 * LOOP_CONFIGURE bind a file (read-only when the file or the device was
 * opened read-only), LOOP_SET_STATUS64 sets offset, size limit, name and
 * the autoclear flag, LOOP_CLR_FD unbinds (or, while the device is in
 * use, marks it to be unbound when the last user goes), LOOP_SET_CAPACITY
 * takes a new file size.
 *
 * The backing file is read and written through its own file operations
 * (the VFS: a file on ext4, tmpfs, or another block device), so this is
 * all guest-side code; no host call. The device holds a reference to the
 * file while bound (file_get), dropped at unbind.
 *
 * Autoclear: Linux unbinds when the last opener goes, and a mounted
 * filesystem is an opener there. Here a mount does not open the device:
 * the last close and every unmount (blk_unmounted) look again.
 *
 * Not done: partitions on loop devices (LO_FLAGS_PARTSCAN is kept and
 * reported, no table is read), logical block sizes other than 512
 * (LOOP_SET_BLOCK_SIZE and LOOP_CONFIGURE refuse them with EINVAL),
 * discard (EOPNOTSUPP: the VFS has no fallocate to punch with yet),
 * LOOP_CHANGE_FD and the old 32-bit LOOP_{GET,SET}_STATUS (EINVAL).
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "kernel/uaccess.h"
#include "uapi/loop.h"

#define LOOP_MAJOR	7
#define MISC_MAJOR	10
#define LOOP_CTRL_MINOR	237
#define LOOP_MIN_COUNT	8	/* CONFIG_BLK_DEV_LOOP_MIN_COUNT */
#define LOOP_MAX	1024

struct loop_device {
	struct gendisk disk;
	int number;
	struct file *backing;	/* NULL: unbound; our own reference */
	uint64_t offset, sizelimit;
	uint32_t flags;		/* LO_FLAGS_* */
	uint8_t file_name[LO_NAME_SIZE], crypt_name[LO_NAME_SIZE];
	uint64_t init[2];
	char path[256];		/* the backing file's path, for sysfs */
	struct list_head node;
};

static LIST_HEAD(loops);

static struct loop_device *
loop_of(struct gendisk *d)
{
	return d->priv;
}

/* backing_size: the bytes a file or block device has. */
static uint64_t
backing_size(struct file *f)
{
	if (S_ISBLK(f->inode->mode)) {
		struct gendisk *d = find_disk(f->inode->rdev);

		return d ? d->size : 0;
	}
	return f->inode->size;
}

/* loop_size: what the device shows: the file from offset, at most sizelimit, in whole sectors. */
static uint64_t
loop_size(struct loop_device *lo)
{
	uint64_t size = backing_size(lo->backing);

	size = size > lo->offset ? size - lo->offset : 0;
	if (lo->sizelimit && lo->sizelimit < size)
		size = lo->sizelimit;
	return size & ~511ull;
}

/* io_error: the backing file's error as the guest sees it from a loop device (Linux's mapping). */
static int
io_error(int64_t err)
{
	return err == -ENOSPC || err == -EOPNOTSUPP ? (int)err : -EIO;
}

static int
loop_read(struct gendisk *d, uint64_t off, void *buf, size_t len)
{
	struct loop_device *lo = loop_of(d);
	uint8_t *p = buf;
	uint64_t pos;

	if (!lo->backing)
		return -ENXIO;
	if (off > d->size || len > d->size - off)
		return -EIO;
	pos = lo->offset + off;
	while (len) {
		uint64_t at = pos;
		int64_t n = lo->backing->f_op->read(lo->backing, p, len, &at);

		if (n < 0)
			return io_error(n);
		if (n == 0) {	/* past the file's end: zeros, as Linux's loop reads */
			memset(p, 0, len);
			break;
		}
		p += n;
		pos += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int
loop_write(struct gendisk *d, uint64_t off, const void *buf, size_t len)
{
	struct loop_device *lo = loop_of(d);
	const uint8_t *p = buf;
	uint64_t pos;

	if (!lo->backing)
		return -ENXIO;
	if (d->ro)
		return -EROFS;
	if (off > d->size || len > d->size - off)
		return -EIO;
	pos = lo->offset + off;
	while (len) {
		uint64_t at = pos;
		int64_t n = lo->backing->f_op->write(lo->backing, p, len, &at);

		if (n <= 0)
			return io_error(n ? n : -EIO);
		p += n;
		pos += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int
loop_flush(struct gendisk *d)
{
	struct loop_device *lo = loop_of(d);
	int err;

	if (!lo->backing || d->ro || !lo->backing->f_op->fsync)
		return 0;
	err = lo->backing->f_op->fsync(lo->backing);
	return err ? io_error(err) : 0;
}

static void
unbind(struct loop_device *lo)
{
	if (!lo->backing)
		return;
	loop_flush(&lo->disk);
	file_put(lo->backing);
	lo->backing = NULL;
	lo->offset = lo->sizelimit = 0;
	lo->flags = 0;
	memset(lo->file_name, 0, sizeof(lo->file_name));
	memset(lo->crypt_name, 0, sizeof(lo->crypt_name));
	memset(lo->init, 0, sizeof(lo->init));
	lo->path[0] = '\0';
	lo->disk.ro = false;
	lo->disk.rotational = true;
	disk_set_size(&lo->disk, 0);
}

/*
 * loop_release: the last close of an autoclear device unbinds it; so does
 * the unmount of the filesystem on it (genhd.c's blk_unmounted calls this
 * then), since on Linux a mount is one more opener.
 */
static void
loop_release(struct gendisk *d)
{
	struct loop_device *lo = loop_of(d);

	if (lo->backing && (lo->flags & LO_FLAGS_AUTOCLEAR) && !disk_busy(d, 0))
		unbind(lo);
}

/* is_loop_chain: binding f to lo would make lo read itself (directly or through other loops). */
static bool
is_loop_chain(struct loop_device *lo, struct file *f)
{
	for (int depth = 0; f && S_ISBLK(f->inode->mode) && depth < LOOP_MAX; depth++) {
		struct gendisk *d = find_disk(f->inode->rdev);

		if (!d || d->major != LOOP_MAJOR)
			return false;
		if (loop_of(d->whole ? d->whole : d) == lo)
			return true;
		f = loop_of(d->whole ? d->whole : d)->backing;
	}
	return false;
}

/*
 * set_info takes LOOP_SET_STATUS64's or LOOP_CONFIGURE's fields: offset,
 * size limit, names, and the flags that may be set (settable) on top of
 * those that stay (the rest of the old ones).
 */
static int
set_info(struct loop_device *lo, const struct loop_info64 *info, uint32_t settable)
{
	if (info->lo_encrypt_key_size > LO_KEY_SIZE)
		return -EINVAL;
	if (info->lo_offset > INT64_MAX || info->lo_sizelimit > INT64_MAX)
		return -EOVERFLOW;
	lo->offset = info->lo_offset;
	lo->sizelimit = info->lo_sizelimit;
	memcpy(lo->file_name, info->lo_file_name, LO_NAME_SIZE);
	lo->file_name[LO_NAME_SIZE - 1] = 0;
	memcpy(lo->crypt_name, info->lo_crypt_name, LO_NAME_SIZE);
	lo->crypt_name[LO_NAME_SIZE - 1] = 0;
	memcpy(lo->init, info->lo_init, sizeof(lo->init));
	lo->flags = (lo->flags & ~settable) | (info->lo_flags & settable);
	return 0;
}

/* bind: LOOP_SET_FD and LOOP_CONFIGURE (info NULL for SET_FD). */
static int
bind(struct loop_device *lo, struct file *dev, uint32_t fd, const struct loop_info64 *info)
{
	struct file *f;
	bool ro;
	int err;

	if (lo->backing)
		return -EBUSY;
	f = fget((int)fd);
	if (!f)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) && !S_ISBLK(f->inode->mode))
		return -EINVAL;
	if (!f->f_op || !f->f_op->read || is_loop_chain(lo, f))
		return -EINVAL;
	ro = (f->flags & O_ACCMODE) == O_RDONLY || (dev->flags & O_ACCMODE) == O_RDONLY ||
	     !f->f_op->write;
	lo->flags = 0;
	if (info) {
		err = set_info(lo, info, LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR | LO_FLAGS_PARTSCAN |
					 LO_FLAGS_DIRECT_IO);
		if (err)
			return err;
		ro = ro || (info->lo_flags & LO_FLAGS_READ_ONLY);
	} else {
		memset(lo->file_name, 0, sizeof(lo->file_name));
		memset(lo->crypt_name, 0, sizeof(lo->crypt_name));
		lo->offset = lo->sizelimit = 0;
	}
	if (ro)
		lo->flags |= LO_FLAGS_READ_ONLY;
	file_get(f);
	lo->backing = f;
	if (f->path.dentry)
		path_of(&f->path, lo->path, sizeof(lo->path));
	lo->disk.ro = ro;
	lo->disk.rotational = false;
	disk_set_size(&lo->disk, loop_size(lo));
	return 0;
}

/* encode_dev: a device number as stat and loop_info64 carry it (Linux's new_encode_dev). */
static uint64_t
encode_dev(uint64_t dev)
{
	uint32_t ma = MAJOR(dev), mi = MINOR(dev);

	return (mi & 0xff) | ((uint64_t)ma << 8) | ((uint64_t)(mi & ~0xffu) << 12);
}

static int
get_status(struct loop_device *lo, uaddr_t argp)
{
	struct loop_info64 info;

	if (!lo->backing)
		return -ENXIO;
	memset(&info, 0, sizeof(info));
	info.lo_device = encode_dev(lo->backing->inode->sb ? lo->backing->inode->sb->dev : 0);
	info.lo_inode = lo->backing->inode->ino;
	info.lo_rdevice = encode_dev(lo->backing->inode->rdev);
	info.lo_number = (uint32_t)lo->number;
	info.lo_offset = lo->offset;
	info.lo_sizelimit = lo->sizelimit;
	info.lo_flags = lo->flags;
	memcpy(info.lo_file_name, lo->file_name, LO_NAME_SIZE);
	memcpy(info.lo_crypt_name, lo->crypt_name, LO_NAME_SIZE);
	memcpy(info.lo_init, lo->init, sizeof(info.lo_init));
	return copy_to_user(argp, &info, sizeof(info));
}

static int
loop_ioctl(struct gendisk *d, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct loop_device *lo = loop_of(d->whole ? d->whole : d);
	uaddr_t argp = u64_to_uaddr(arg);
	struct loop_info64 info;
	struct loop_config cfg;
	int err;

	switch (cmd) {
	case LOOP_SET_FD:
		return bind(lo, f, (uint32_t)arg, NULL);
	case LOOP_CONFIGURE:
		if (copy_from_user(&cfg, argp, sizeof(cfg)))
			return -EFAULT;
		for (int i = 0; i < 8; i++)
			if (cfg.reserved[i])
				return -EINVAL;
		if (cfg.info.lo_flags & ~(uint32_t)(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR |
						    LO_FLAGS_PARTSCAN | LO_FLAGS_DIRECT_IO))
			return -EINVAL;
		if (cfg.block_size && cfg.block_size != 512)
			return -EINVAL;	/* only 512-byte sectors here */
		return bind(lo, f, cfg.fd, &cfg.info);
	case LOOP_CLR_FD:
		if (!lo->backing)
			return -ENXIO;
		/* In use by someone else: unbind when the last one goes, as Linux does. */
		if (disk_busy(&lo->disk, 1)) {
			lo->flags |= LO_FLAGS_AUTOCLEAR;
			return 0;
		}
		unbind(lo);
		return 0;
	case LOOP_GET_STATUS64:
		return get_status(lo, argp);
	case LOOP_SET_STATUS64:
		if (copy_from_user(&info, argp, sizeof(info)))
			return -EFAULT;
		if (!lo->backing)
			return -ENXIO;
		err = set_info(lo, &info, LO_FLAGS_AUTOCLEAR | LO_FLAGS_PARTSCAN);
		if (err)
			return err;
		disk_set_size(&lo->disk, loop_size(lo));
		return 0;
	case LOOP_SET_CAPACITY:
		if (!lo->backing)
			return -ENXIO;
		disk_set_size(&lo->disk, loop_size(lo));
		return 0;
	case LOOP_SET_DIRECT_IO:
		if (!lo->backing)
			return -ENXIO;
		lo->flags = arg ? lo->flags | LO_FLAGS_DIRECT_IO : lo->flags & ~LO_FLAGS_DIRECT_IO;
		sysfs_block_refresh();
		return 0;
	case LOOP_SET_BLOCK_SIZE:
		if (!lo->backing)
			return -ENXIO;
		if (arg < 512 || arg > 4096 || (arg & (arg - 1)))
			return -EINVAL;
		return arg == 512 ? 0 : -EINVAL;	/* only 512-byte sectors here */
	}
	return -EINVAL;	/* lo_ioctl's answer to the rest */
}

/* loop_sysfs: /sys/block/loopN/loop/ while bound, as losetup -l reads it. */
static void
loop_sysfs(struct gendisk *d, const char *dir)
{
	struct loop_device *lo = loop_of(d);
	char path[192], val[300];

	if (!lo->backing)
		return;
	ksnprintf(path, sizeof(path), "%s/loop/backing_file", dir);
	ksnprintf(val, sizeof(val), "%s\n", lo->path);
	sysfs_add(path, 0444, val);
	ksnprintf(path, sizeof(path), "%s/loop/offset", dir);
	ksnprintf(val, sizeof(val), "%llu\n", (unsigned long long)lo->offset);
	sysfs_add(path, 0444, val);
	ksnprintf(path, sizeof(path), "%s/loop/sizelimit", dir);
	ksnprintf(val, sizeof(val), "%llu\n", (unsigned long long)lo->sizelimit);
	sysfs_add(path, 0444, val);
	ksnprintf(path, sizeof(path), "%s/loop/autoclear", dir);
	sysfs_add(path, 0444, lo->flags & LO_FLAGS_AUTOCLEAR ? "1\n" : "0\n");
	ksnprintf(path, sizeof(path), "%s/loop/partscan", dir);
	sysfs_add(path, 0444, lo->flags & LO_FLAGS_PARTSCAN ? "1\n" : "0\n");
	ksnprintf(path, sizeof(path), "%s/loop/dio", dir);
	sysfs_add(path, 0444, lo->flags & LO_FLAGS_DIRECT_IO ? "1\n" : "0\n");
}

static struct loop_device *
find_loop(int n)
{
	struct loop_device *lo;

	list_for_each_entry(lo, &loops, node)
		if (lo->number == n)
			return lo;
	return NULL;
}

/* loop_add makes loop<n> (n < 0: the first free number); returns the number or -errno. */
static int
loop_add(int n)
{
	struct loop_device *lo;
	int err;

	if (n < 0) {
		for (n = 0; find_loop(n); n++)
			;
	} else if (find_loop(n)) {
		return -EEXIST;
	}
	if (n >= LOOP_MAX)
		return -ENOSPC;
	lo = kzalloc(sizeof(*lo));
	if (!lo)
		return -ENOMEM;
	lo->number = n;
	ksnprintf(lo->disk.name, sizeof(lo->disk.name), "loop%d", n);
	lo->disk.major = LOOP_MAJOR;
	lo->disk.minor = (uint32_t)n;
	lo->disk.minors = 1;
	lo->disk.driver = "loop";
	lo->disk.rotational = true;
	lo->disk.stacked = true;
	lo->disk.read = loop_read;
	lo->disk.write = loop_write;
	lo->disk.flush = loop_flush;
	lo->disk.ioctl = loop_ioctl;
	lo->disk.release = loop_release;
	lo->disk.sysfs_attrs = loop_sysfs;
	lo->disk.priv = lo;
	err = add_disk(&lo->disk);
	if (err) {
		kfree(lo);
		return err;
	}
	list_add_tail(&lo->node, &loops);
	return n;
}

static int
loop_remove(int n)
{
	struct loop_device *lo;
	int err;

	if (n < 0)
		return -EINVAL;
	lo = find_loop(n);
	if (!lo)
		return -ENODEV;
	if (lo->backing || lo->disk.openers)
		return -EBUSY;
	err = del_disk(&lo->disk, false);
	if (err)
		return err;
	list_del(&lo->node);
	kfree(lo);
	return 0;
}

static int
loop_ctl_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct loop_device *lo;

	(void)f;
	switch (cmd) {
	case LOOP_CTL_ADD:
		return loop_add((int)(int64_t)arg < 0 ? -1 : (int)arg);
	case LOOP_CTL_REMOVE:
		return loop_remove((int)(int64_t)arg);
	case LOOP_CTL_GET_FREE: {
		int best = -1;

		/* the lowest unbound number, as Linux's idr walk gives */
		list_for_each_entry(lo, &loops, node)
			if (!lo->backing && (best < 0 || lo->number < best))
				best = lo->number;
		return best >= 0 ? best : loop_add(-1);
	}
	}
	return -ENOSYS;	/* loop_control_ioctl's answer */
}

/* /dev/loop-control: the only misc device so far, so misc's open checks the minor. */
static int
misc_open(struct inode *inode, struct file *f)
{
	(void)f;
	return MINOR(inode->rdev) == LOOP_CTRL_MINOR ? 0 : -ENODEV;
}

static const struct file_operations loop_ctl_fops = {
	.open = misc_open,
	.ioctl = loop_ctl_ioctl,
};

int
loop_init(void)
{
	int err;

	register_chrdev(MISC_MAJOR, "misc", &loop_ctl_fops);
	err = devtmpfs_create("loop-control", S_IFCHR | 0660, MKDEV(MISC_MAJOR, LOOP_CTRL_MINOR));
	if (err && err != -EEXIST)
		return err;
	for (int i = 0; i < LOOP_MIN_COUNT; i++) {
		err = loop_add(i);
		if (err < 0)
			return err;
	}
	return 0;
}
