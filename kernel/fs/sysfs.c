// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs: the device tree user space looks at (lsblk, blkid, ip). A
 * read-only kernel tree: /sys/block/<disk>/{dev,size,ro,...} with the
 * partitions' directories inside, /sys/class/block and /sys/dev/block
 * links (rebuilt whenever disks change: sysfs_block_refresh), /sys/class/net
 * (filled by the network drivers), /sys/kernel, /sys/fs. The disks'
 * directories are where UML has them: ubd under
 * /sys/devices/platform/uml-blkdev.<n>/block, others under
 * /sys/devices/virtual/block.
 */
#include <stdarg.h>
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/fs.h"
#include "kernel/printk.h"

static struct super_block *sysfs_sb;

static int
sysfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	(void)dev;
	(void)flags;
	(void)data;
	sysfs_populate();
	*out = sysfs_sb;
	return 0;
}

static struct fs_type sysfs_type = { .name = "sysfs", .mount = sysfs_mount };

/* sysfs_add puts one attribute file (or directory with content NULL and S_IFDIR) in /sys. */
int
sysfs_add(const char *path, uint32_t mode, const char *content)
{
	return tmpfs_kernel_add(sysfs_sb, path, mode, content);
}

/* attr adds one attribute file dir/name with printf-formatted content. */
static void __printf(3, 4)
attr(const char *dir, const char *name, const char *fmt, ...)
{
	char path[192], val[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	ksnprintf(path, sizeof(path), "%s/%s", dir, name);
	tmpfs_kernel_add(sysfs_sb, path, 0444, val);
}

static void
link(const char *path, const char *target)
{
	tmpfs_kernel_add(sysfs_sb, path, S_IFLNK | 0777, target);
}

/* disk_dir is where d's directory is, under /sys: devices/<bus>/block/<disk>[/<part>]. */
static void
disk_dir(const struct gendisk *d, char *buf, size_t n)
{
	const struct gendisk *w = d->whole ? d->whole : d;

	if (w->sysfs_dev)
		ksnprintf(buf, n, "devices/%s/block/%s", w->sysfs_dev, w->name);
	else
		ksnprintf(buf, n, "devices/virtual/block/%s", w->name);
	if (d->whole) {
		size_t len = strlen(buf);

		ksnprintf(buf + len, n - len, "/%s", d->name);
	}
}

/* add_queue: queue/, what a driver with no request queue of its own is like (UML's ubd values). */
static void
add_queue(const struct gendisk *d, const char *dir)
{
	char q[192];

	ksnprintf(q, sizeof(q), "%s/queue", dir);
	tmpfs_kernel_add(sysfs_sb, q, S_IFDIR | 0755, NULL);
	attr(q, "logical_block_size", "512\n");
	attr(q, "physical_block_size", "512\n");
	attr(q, "hw_sector_size", "512\n");
	attr(q, "minimum_io_size", "512\n");
	attr(q, "optimal_io_size", "0\n");
	attr(q, "rotational", "%d\n", d->rotational);
	attr(q, "discard_granularity", "%u\n", d->discard_granularity);
	/* UML's ubd: one request (64 sectors) at most for discards and write-zeroes */
	attr(q, "discard_max_bytes", "%u\n", d->discard_granularity ? 32768u : 0);
	attr(q, "discard_max_hw_bytes", "%u\n", d->discard_granularity ? 32768u : 0);
	attr(q, "discard_zeroes_data", "0\n");
	attr(q, "write_zeroes_max_bytes", "%u\n", d->zeroout ? 32768u : 0);
	attr(q, "max_sectors_kb", "127\n");
	attr(q, "max_hw_sectors_kb", "127\n");
	attr(q, "max_segments", "64\n");
	attr(q, "read_ahead_kb", "128\n");
	attr(q, "nr_requests", "128\n");
	attr(q, "scheduler", "none\n");
	attr(q, "zoned", "none\n");
	attr(q, "dax", "0\n");
	attr(q, "write_cache", "write back\n");
	attr(q, "fua", "0\n");
}

/* add_disk_attrs: a disk's or a partition's directory, Linux's attribute names and formats. */
static void
add_disk_attrs(struct gendisk *d)
{
	char dir[160], path[192], target[192];
	uint64_t dev = MKDEV(d->major, d->minor);

	disk_dir(d, dir, sizeof(dir));
	tmpfs_kernel_add(sysfs_sb, dir, S_IFDIR | 0755, NULL);
	attr(dir, "dev", "%u:%u\n", d->major, d->minor);
	attr(dir, "size", "%llu\n", (unsigned long long)(d->size / 512));
	attr(dir, "ro", "%d\n", disk_ro(d) ? 1 : 0);
	attr(dir, "alignment_offset", "0\n");
	attr(dir, "discard_alignment", "0\n");
	if (d->whole) {
		attr(dir, "partition", "%u\n", d->partno);
		attr(dir, "start", "%llu\n", (unsigned long long)(d->start / 512));
		attr(dir, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVTYPE=partition\nPARTN=%u\n",
		     d->major, d->minor, d->name, d->partno);
	} else {
		attr(dir, "removable", "%d\n", d->removable);
		attr(dir, "range", "%u\n", d->minors);
		attr(dir, "ext_range", "256\n");
		attr(dir, "hidden", "0\n");
		attr(dir, "capability", "0\n");
		attr(dir, "diskseq", "%llu\n", (unsigned long long)d->seq);
		attr(dir, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVTYPE=disk\nDISKSEQ=%llu\n",
		     d->major, d->minor, d->name, (unsigned long long)d->seq);
		if (d->serial[0])
			attr(dir, "serial", "%s", d->serial);	/* no newline, as UML's */
		ksnprintf(path, sizeof(path), "%s/holders", dir);
		tmpfs_kernel_add(sysfs_sb, path, S_IFDIR | 0755, NULL);
		ksnprintf(path, sizeof(path), "%s/slaves", dir);
		tmpfs_kernel_add(sysfs_sb, path, S_IFDIR | 0755, NULL);
		add_queue(d, dir);
		if (d->sysfs_attrs)
			d->sysfs_attrs(d, dir);
		ksnprintf(path, sizeof(path), "block/%s", d->name);
		ksnprintf(target, sizeof(target), "../%s", dir);
		link(path, target);
	}
	ksnprintf(path, sizeof(path), "class/block/%s", d->name);
	ksnprintf(target, sizeof(target), "../../%s", dir);
	link(path, target);
	ksnprintf(path, sizeof(path), "dev/block/%u:%u", MAJOR(dev), MINOR(dev));
	link(path, target);
}

/*
 * sysfs_block_refresh builds the block part of /sys again from the list
 * of disks: /sys/block, /sys/class/block, /sys/dev/block and the disks'
 * directories. Called whenever a disk or partition comes or goes or
 * changes size; the tree is not name-cached (SB_NOCACHE), so the next
 * lookup sees the new one.
 */
void
sysfs_block_refresh(void)
{
	struct gendisk *d;
	char dir[160];

	if (!sysfs_sb)
		return;
	tmpfs_kernel_rmtree(sysfs_sb, "block");
	tmpfs_kernel_rmtree(sysfs_sb, "class/block");
	tmpfs_kernel_rmtree(sysfs_sb, "dev/block");
	tmpfs_kernel_rmtree(sysfs_sb, "devices/virtual/block");
	list_for_each_entry(d, &disk_list, node) {
		if (!d->whole && d->sysfs_dev) {
			ksnprintf(dir, sizeof(dir), "devices/%s/block", d->sysfs_dev);
			tmpfs_kernel_rmtree(sysfs_sb, dir);
		}
	}
	tmpfs_kernel_add(sysfs_sb, "block", S_IFDIR | 0755, NULL);
	tmpfs_kernel_add(sysfs_sb, "class/block", S_IFDIR | 0755, NULL);
	tmpfs_kernel_add(sysfs_sb, "dev/block", S_IFDIR | 0755, NULL);
	list_for_each_entry(d, &disk_list, node)
		add_disk_attrs(d);
}

/* sysfs_populate is called at each mount (the tree is kept up to date as disks change). */
void
sysfs_populate(void)
{
}

void
sysfs_init(void)
{
	static const char *const dirs[] = { "block", "bus", "class", "class/block", "class/net", "dev/block",
					    "dev/char", "devices/virtual/net", "firmware", "fs",
					    "kernel", "module", "power" };

	sysfs_sb = tmpfs_kernel_sb(&sysfs_type);
	if (!sysfs_sb)
		panic("sysfs: out of memory");
	sysfs_sb->root->inode->mode = S_IFDIR | 0555;
	/* Names are looked up afresh each time: block devices come and go (sysfs_block_refresh). */
	sysfs_sb->flags |= SB_NOCACHE;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		tmpfs_kernel_add(sysfs_sb, dirs[i], S_IFDIR | 0755, NULL);
	register_filesystem(&sysfs_type);
}
