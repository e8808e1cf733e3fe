/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block devices: a disk is a byte-addressed store with a size, read and
 * write in 512-byte sectors by its driver (drivers/ubd). Filesystems reach
 * their disk through this; /dev/ubda.. are device nodes over it.
 */
#ifndef KERNEL_BLKDEV_H
#define KERNEL_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"

struct gendisk {
	char name[16];		/* "ubda" */
	uint32_t major, minor;
	uint64_t size;		/* bytes */
	bool ro;
	/* read/write len bytes at off (sector aligned or not); 0 or -errno */
	int (*read)(struct gendisk *d, uint64_t off, void *buf, size_t len);
	int (*write)(struct gendisk *d, uint64_t off, const void *buf, size_t len);
	int (*flush)(struct gendisk *d);
	void *priv;
	int openers;
	struct list_head node;
};

/* add_disk makes d known (and creates its /dev node). */
int add_disk(struct gendisk *d);
/* find_disk returns the disk with device number rdev (MKDEV), or NULL. */
struct gendisk *find_disk(uint64_t rdev);
/* find_disk_by_name finds "ubda", "/dev/ubda" or "98:0". */
struct gendisk *find_disk_by_name(const char *name);
extern struct list_head disk_list;
/* blk_sync_all flushes every disk (before the machine goes down). */
void blk_sync_all(void);
/*
 * The ubd driver (drivers/ubd/ubd_kern.c): ubd_init opens every ubd<N>=
 * of the command line as a disk; ubd_exit closes their host files.
 */
int ubd_init(void);
void ubd_exit(void);

#endif /* KERNEL_BLKDEV_H */
