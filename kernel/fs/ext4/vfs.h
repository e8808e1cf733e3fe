/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ext4 VFS glue's own declarations, shared by vfs.c (mounts, options,
 * sync, the periodic writeback), vfs_namei.c (names and attributes) and
 * vfs_file.c (file contents through the page cache). Nothing outside
 * kernel/fs/ext4/vfs*.c includes this.
 *
 * One struct ext4_sb per mounted ext4 superblock (sb->priv). The library
 * wants the calls on one fs serialised: every call into it is made with
 * the fs lock held (ext4_lock, a sleeping lock its owner may take again,
 * as the glue nests: a write maps blocks, which may commit, which writes
 * the dirty pages back). A task that finds it held sleeps until it is
 * free, so a driver whose I/O sleeps cannot let a second task into the
 * library. The periodic timer never waits: it skips a round while the
 * lock is held.
 */
#ifndef KERNEL_FS_EXT4_VFS_H
#define KERNEL_FS_EXT4_VFS_H

#include "kernel/blkdev.h"
#include "kernel/ext4.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

/* errors= behaviour when the library shuts the filesystem down. */
enum ext4_errors { EXT4_ERRORS_CONTINUE, EXT4_ERRORS_RO, EXT4_ERRORS_PANIC };

struct ext4_sb {
	struct ext4_fs *fs;
	struct super_block *sb;
	struct gendisk *disk;
	struct ext4_blockdev bd;
	enum ext4_errors errors;
	bool aborted_seen;		/* the abort was reported (once) */
	int busy;			/* ext4_lock depth of the owner; 0: free */
	struct task *owner;
	struct wait_queue lock_wait;
	uint64_t last_commit_ns;
	struct ktimer timer;		/* commit every 5 s, old dirty pages written */
	struct list_head node;		/* in ext4_sbs */
};

static inline void
ext4_lock(struct ext4_sb *sbi)
{
	if (sbi->busy && sbi->owner == current) {
		sbi->busy++;
		return;
	}
	if (sbi->busy)
		wait_event(sbi->lock_wait, !sbi->busy);
	sbi->owner = current;
	sbi->busy = 1;
}

static inline void
ext4_unlock(struct ext4_sb *sbi)
{
	if (--sbi->busy == 0) {
		sbi->owner = NULL;
		wake_up(&sbi->lock_wait);
	}
}

static inline struct ext4_sb *
EXT4_SB(struct super_block *sb)
{
	return sb->priv;
}

static inline struct ext4_fs *
sb_ext4(struct super_block *sb)
{
	return EXT4_SB(sb)->fs;
}

static inline struct ext4_inode *
EXT4_I(struct inode *inode)
{
	return inode->priv;
}

/* vfs.c */
/* ext4_vfs_error reports a failed library call once per fs and applies errors=. */
int ext4_vfs_error(struct super_block *sb, int err);
/* ext4_vfs_maybe_sync: a mount with -o sync makes every change durable at once. */
int ext4_vfs_maybe_sync(struct super_block *sb);

/* vfs_namei.c */
extern const struct inode_operations ext4_dir_iops;
extern const struct inode_operations ext4_file_iops;
extern const struct inode_operations ext4_link_iops;
extern const struct inode_operations ext4_special_iops;
extern const struct file_operations ext4_dir_fops;
/* ext4_vfs_iget gives the VFS inode of ino with a reference. */
int ext4_vfs_iget(struct super_block *sb, uint32_t ino, struct inode **out);
/* ext4_vfs_refresh copies the library's view of inode (size, times, links...) into the VFS inode. */
void ext4_vfs_refresh(struct inode *inode);
/* ext4_vfs_touch_atime applies relatime (or noatime) after a read of inode. */
void ext4_vfs_touch_atime(struct inode *inode);

/* vfs_file.c */
extern const struct file_operations ext4_file_fops;
int64_t ext4_readpage(struct inode *inode, void *buf, uint64_t off);
int ext4_writepages(struct inode *inode, uint64_t index, void *const *bufs, unsigned int n);
int ext4_page_mkwrite(struct inode *inode, uint64_t index);
int ext4_vfs_truncate(struct inode *inode, uint64_t size);
int ext4_vfs_fallocate(struct inode *inode, int mode, uint64_t off, uint64_t len);
/* ext4_writeback_data is the library's bd->writeback_data: every dirty page of the fs. */
int ext4_writeback_data(void *ctx);

#endif /* KERNEL_FS_EXT4_VFS_H */
