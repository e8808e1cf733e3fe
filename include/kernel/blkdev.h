/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block devices: a disk is a byte-addressed store with a size, read and
 * written by its driver (drivers/ubd, drivers/block/loop.c). Filesystems
 * reach their disk through this; /dev/ubda.. are device nodes over it.
 *
 * A partition (kernel/block/partitions.c) is a struct gendisk too, with
 * whole pointing to its disk: its read, write and flush add its start and
 * stay inside it, so a filesystem mounted on /dev/ubda1 uses it exactly as
 * it would a whole disk.
 */
#ifndef KERNEL_BLKDEV_H
#define KERNEL_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"

struct file;

#define GENHD_MAX_PARTS	15	/* partitions a 16-minor disk can show */

struct gendisk {
	char name[16];		/* "ubda", "ubda1", "loop0" */
	uint32_t major, minor;
	uint64_t size;		/* bytes */
	bool ro;
	/* read/write len bytes at off (sector aligned or not); 0 or -errno */
	int (*read)(struct gendisk *d, uint64_t off, void *buf, size_t len);
	int (*write)(struct gendisk *d, uint64_t off, const void *buf, size_t len);
	int (*flush)(struct gendisk *d);
	/*
	 * discard and zeroout (optional; NULL: EOPNOTSUPP): afterwards the
	 * range reads as zeros; discard gives the space back to the host
	 * where it can, zeroout may keep it allocated. 512-byte aligned.
	 */
	int (*discard)(struct gendisk *d, uint64_t off, uint64_t len);
	int (*zeroout)(struct gendisk *d, uint64_t off, uint64_t len);
	/* ioctl (optional): the driver's own commands (LOOP_*); -ENOTTY if not one */
	int (*ioctl)(struct gendisk *d, struct file *f, unsigned int cmd, uint64_t arg);
	/* release (optional): a device file of it was closed (openers already counted down) */
	void (*release)(struct gendisk *d);
	/* sysfs_attrs (optional) adds the driver's files to the disk's sysfs directory dir */
	void (*sysfs_attrs)(struct gendisk *d, const char *dir);
	void *priv;
	int openers;		/* open files of the device node */
	struct list_head node;

	/* What the driver sets before add_disk (zero: the default). */
	uint32_t minors;	/* numbers from minor on that are the disk's: 16 (ubd) */
	const char *driver;	/* major's name in /proc/devices: "ubd" */
	const char *sysfs_dev;	/* the device under /sys/devices: "platform/uml-blkdev.0" */
	char serial[64];	/* /sys/block/<d>/serial; "" = no such file */
	bool removable;
	bool rotational;
	bool geometry;		/* HDIO_GETGEO answers (UML's ubd: 128 heads, 32 sectors) */
	bool stacked;		/* its data is in a file on other disks (loop): flushed first */
	uint32_t discard_granularity;	/* 0: no discard (queue/discard_*) */

	/* Set by genhd.c. */
	uint64_t seq;		/* diskseq: a number no other disk had */
	struct gendisk *whole;	/* a partition's disk; NULL for a whole disk */
	uint32_t partno;	/* partition number (1..), 0 for a whole disk */
	uint64_t start;		/* a partition's first byte on its disk */
	bool ro_set;		/* BLKROSET made it read-only (the driver's ro stays) */
	bool excl;		/* opened with O_EXCL (Linux's exclusive claim) */
};

/*
 * add_disk makes d known: its /dev node, its partitions (read from the
 * disk now), /sys/block and /proc/partitions. The driver keeps d until
 * del_disk.
 */
int add_disk(struct gendisk *d);
/*
 * del_disk takes d and its partitions away (a loop device detached or
 * removed); -EBUSY while it or a partition is open or mounted, unless
 * force (the caller knows the opens: loop's own).
 */
int del_disk(struct gendisk *d, bool force);
/* disk_busy: d (or, for a whole disk, a partition of it) is mounted or open more than allowed times. */
bool disk_busy(struct gendisk *d, int allowed);
/* disk_set_size changes a whole disk's size (LOOP_SET_CAPACITY) and shows it in sysfs. */
void disk_set_size(struct gendisk *d, uint64_t size);
/*
 * disk_rescan reads d's partition table again (BLKRRPART): -EBUSY if a
 * partition is open or mounted.
 */
int disk_rescan(struct gendisk *d);
/* disk_ro: d refuses writes (the driver's flag, BLKROSET, or its disk's). */
bool disk_ro(const struct gendisk *d);
/* find_disk returns the disk with device number rdev (MKDEV), or NULL. */
struct gendisk *find_disk(uint64_t rdev);
/* find_disk_by_name finds "ubda", "/dev/ubda", "ubda1" or "98:0". */
struct gendisk *find_disk_by_name(const char *name);
/* Every disk and partition, in order: a disk, then its partitions. */
extern struct list_head disk_list;
/* blk_unmounted: a filesystem was unmounted (drivers waiting for their disk's last user look again). */
void blk_unmounted(void);
/* blk_sync_all flushes every disk (before the machine goes down). */
void blk_sync_all(void);

/*
 * Partition tables (kernel/block/partitions.c): part_scan reads d's MBR
 * (primary and logical partitions) or GPT and fills starts and sizes in
 * bytes, partition i at index i - 1 (size 0: no partition i). Returns how
 * many numbers are used (0: no table), or -errno on a read error.
 */
struct part_entry {
	uint64_t start, size;
};
int part_scan(struct gendisk *d, struct part_entry *parts, int max);

/* sysfs_block_refresh makes /sys/block and its links show the disks as they are now. */
void sysfs_block_refresh(void);

/*
 * The ubd driver (drivers/ubd/ubd_kern.c): ubd_init opens every ubd<N>=
 * of the command line as a disk; ubd_exit closes their host files.
 */
int ubd_init(void);
/* ubd_config adds ubd<n> after boot from the parsed um_cfg->ubd[n]; msg says why not. */
int ubd_config(int n, char *msg, size_t size);
/* ubd_remove takes ubd<n> away unless it is open or mounted (-EBUSY); msg says why not. */
int ubd_remove(int n, char *msg, size_t size);
void ubd_exit(void);
/* The loop driver (drivers/block/loop.c): loop_init makes /dev/loop-control and loop0..7. */
int loop_init(void);

#endif /* KERNEL_BLKDEV_H */
