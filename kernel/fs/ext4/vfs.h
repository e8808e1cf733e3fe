/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ext4 VFS glue's own declarations, shared by vfs.c (mounts, options,
 * sync, the periodic writeback), vfs_namei.c (names and attributes) and
 * vfs_file.c (file contents through the page cache). Nothing outside
 * kernel/fs/ext4/vfs*.c includes this.
 *
 * One struct ext4_sb per mounted ext4 superblock (sb->priv). Every call
 * into the library goes through the glue with the library's rule that
 * calls on one fs are serialised: the kernel is uniprocessor and the
 * glue never sleeps inside a library call, so an operation runs to its
 * end; sbi->busy marks one in progress for the periodic timer, which
 * skips a round then.
 */
#ifndef KERNEL_FS_EXT4_VFS_H
#define KERNEL_FS_EXT4_VFS_H

#include "kernel/blkdev.h"
#include "kernel/ext4.h"
#include "kernel/fs.h"
#include "kernel/sched.h"

/* errors= behaviour when the library shuts the filesystem down. */
enum ext4_errors { EXT4_ERRORS_CONTINUE, EXT4_ERRORS_RO, EXT4_ERRORS_PANIC };

struct ext4_sb {
	struct ext4_fs *fs;
	struct super_block *sb;
	struct gendisk *disk;
	struct ext4_blockdev bd;
	enum ext4_errors errors;
	bool aborted_seen;		/* the abort was reported (once) */
	int busy;			/* glue calls in progress (the timer waits) */
	uint64_t last_commit_ns;
	struct ktimer timer;		/* commit every 5 s, old dirty pages written */
	struct list_head node;		/* in ext4_sbs */
};

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
int ext4_writepage(struct inode *inode, uint64_t index, const void *buf);
int ext4_page_mkwrite(struct inode *inode, uint64_t index);
int ext4_vfs_truncate(struct inode *inode, uint64_t size);
int ext4_vfs_fallocate(struct inode *inode, int mode, uint64_t off, uint64_t len);
/* ext4_writeback_data is the library's bd->writeback_data: every dirty page of the fs. */
int ext4_writeback_data(void *ctx);

#endif /* KERNEL_FS_EXT4_VFS_H */
