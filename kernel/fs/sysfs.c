// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs: the device tree user space looks at (lsblk, blkid, ip). Built at
 * boot as a read-only kernel tree: /sys/block/<disk>/{dev,size,ro,...},
 * /sys/dev/block links, /sys/class/net (filled by the network drivers),
 * /sys/kernel, /sys/fs.
 */
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

/* sysfs_populate adds what the disks look like now (called at mount). */
void
sysfs_populate(void)
{
	struct gendisk *d;
	char path[128], val[64];

	list_for_each_entry(d, &disk_list, node) {
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s", d->name);
		if (tmpfs_kernel_add(sysfs_sb, path, S_IFDIR | 0755, NULL) == -EEXIST)
			continue;
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/dev", d->name);
		ksnprintf(val, sizeof(val), "%u:%u\n", d->major, d->minor);
		tmpfs_kernel_add(sysfs_sb, path, 0444, val);
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/size", d->name);
		ksnprintf(val, sizeof(val), "%llu\n", (unsigned long long)(d->size / 512));
		tmpfs_kernel_add(sysfs_sb, path, 0444, val);
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/ro", d->name);
		tmpfs_kernel_add(sysfs_sb, path, 0444, d->ro ? "1\n" : "0\n");
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/removable", d->name);
		tmpfs_kernel_add(sysfs_sb, path, 0444, "0\n");
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/uevent", d->name);
		ksnprintf(val, sizeof(val), "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVTYPE=disk\n",
			  d->major, d->minor, d->name);
		tmpfs_kernel_add(sysfs_sb, path, 0644, val);
		ksnprintf(path, sizeof(path), "devices/virtual/block/%s/queue/logical_block_size", d->name);
		tmpfs_kernel_add(sysfs_sb, path, 0444, "512\n");
		ksnprintf(path, sizeof(path), "block/%s", d->name);
		ksnprintf(val, sizeof(val), "../devices/virtual/block/%s", d->name);
		tmpfs_kernel_add(sysfs_sb, path, S_IFLNK | 0777, val);
		ksnprintf(path, sizeof(path), "dev/block/%u:%u", d->major, d->minor);
		ksnprintf(val, sizeof(val), "../../devices/virtual/block/%s", d->name);
		tmpfs_kernel_add(sysfs_sb, path, S_IFLNK | 0777, val);
	}
}

void
sysfs_init(void)
{
	static const char *const dirs[] = { "block", "bus", "class", "class/net", "dev/block",
					    "dev/char", "devices/virtual/net", "firmware", "fs",
					    "kernel", "module", "power" };

	sysfs_sb = tmpfs_kernel_sb(&sysfs_type);
	if (!sysfs_sb)
		panic("sysfs: out of memory");
	sysfs_sb->root->inode->mode = S_IFDIR | 0555;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		tmpfs_kernel_add(sysfs_sb, dirs[i], S_IFDIR | 0755, NULL);
	register_filesystem(&sysfs_type);
}
