/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: the orphan list, and freeing inodes.
 *
 * An inode that must not be lost in a crash while its blocks go away is
 * put on the orphan list: the superblock's s_last_orphan names the newest,
 * and each orphan's i_dtime (unused while it is alive) names the next.
 * Two kinds are there: inodes with no links left that are still open
 * (freed at their last ext4_iput, or at the next mount after a crash),
 * and inodes being truncated across several transactions (a crash: the
 * next mount finishes the truncate to i_size). Linux and e2fsck both
 * process the list the same way.
 *
 * Every orphan is in memory while this mount lives (the list read at
 * mount is emptied then), so fs->orphans mirrors the on-disk chain,
 * newest first, and removing one needs no search on disk: its
 * predecessor's i_dtime (or the superblock) is pointed past it.
 */
#include "ext4_int.h"

int
ext4_orphan_add(struct ext4_fs *fs, struct ext4_inode *inode)
{
	int err;

	if (inode->orphan)
		return 0;
	put_le32(inode->raw + I_DTIME, le32(fs->sb + SB_LAST_ORPHAN));
	err = ext4_inode_write(fs, inode);
	if (err)
		return err;
	put_le32(fs->sb + SB_LAST_ORPHAN, inode->ino);
	err = ext4_sb_dirty(fs);
	if (err)
		return err;
	inode->orphan = true;
	inode->orphan_next = fs->orphans;
	fs->orphans = inode;
	return 0;
}

int
ext4_orphan_del(struct ext4_fs *fs, struct ext4_inode *inode)
{
	struct ext4_inode **pp = &fs->orphans;
	uint32_t next = le32(inode->raw + I_DTIME);
	int err;

	if (!inode->orphan)
		return 0;
	while (*pp && *pp != inode)
		pp = &(*pp)->orphan_next;
	if (!*pp)
		return ext4_abort(fs, -EUCLEAN, "ext4: inode %u lost from the orphan list",
				  inode->ino);
	if (pp == &fs->orphans) {
		put_le32(fs->sb + SB_LAST_ORPHAN, next);
		err = ext4_sb_dirty(fs);
	} else {	/* the newer orphan before it in the chain */
		struct ext4_inode *prev = (struct ext4_inode *)((char *)pp -
					   offsetof(struct ext4_inode, orphan_next));

		put_le32(prev->raw + I_DTIME, next);
		err = ext4_inode_write(fs, prev);
	}
	if (err)
		return err;
	*pp = inode->orphan_next;
	inode->orphan_next = NULL;
	inode->orphan = false;
	put_le32(inode->raw + I_DTIME, 0);
	return ext4_inode_write(fs, inode);
}

/* Whether inode owns blocks through i_block (not a fast symlink or a device). */
bool
ext4_inode_has_blocks(const struct ext4_fs *fs, const struct ext4_inode *inode)
{
	uint16_t type = inode->st.mode & EXT4_S_IFMT;
	uint64_t acl = inode->file_acl ? fs->block_size >> 9 : 0;

	if (type == EXT4_S_IFREG || type == EXT4_S_IFDIR)
		return true;
	if (type == EXT4_S_IFLNK)
		return (inode->st.flags & EXT4_EXTENTS_FL) || inode->st.blocks > acl;
	return false;
}

/*
 * Free an inode whose last link and last reference are gone: its blocks
 * (in as many transactions as it takes, the orphan list covering the
 * gap), its xattr block, then the inode itself.
 */
int
ext4_inode_evict(struct ext4_fs *fs, struct ext4_inode *inode)
{
	struct ext4_timespec now;
	int err;

	err = ext4_op_begin(fs, EXT4_CREDITS_EVICT);
	if (!err)
		err = ext4_orphan_add(fs, inode);
	if (!err && ext4_inode_has_blocks(fs, inode))
		err = ext4_truncate_blocks(fs, inode, 0);
	if (!err)
		err = ext4_op_restart(fs, EXT4_CREDITS_EVICT);
	if (!err)
		err = ext4_xattr_drop(fs, inode);
	if (!err)
		err = ext4_orphan_del(fs, inode);
	if (err)
		return err;
	ext4_now(fs, &now);
	/* a dtime below the inode count would read as an orphan link */
	if (now.sec <= (int64_t)fs->inodes_count)
		now.sec = fs->inodes_count + 1;
	put_le32(inode->raw + I_DTIME, (uint32_t)now.sec);
	ext4_inode_set_size(inode, 0);
	err = ext4_inode_write(fs, inode);
	if (!err)
		err = ext4_ifree(fs, inode->ino, EXT4_ISDIR(inode->st.mode));
	return err;
}

/*
 * At a read-write mount: finish what a crash interrupted. Orphans without
 * links are freed, the others truncated to their i_size. Each is taken
 * from the head of the chain, so the list stays valid at every commit.
 */
int
ext4_orphan_cleanup(struct ext4_fs *fs)
{
	uint32_t ino, n = 0;
	int err = 0;

	while (!err && (ino = le32(fs->sb + SB_LAST_ORPHAN))) {
		struct ext4_inode *inode;

		if (++n > fs->inodes_count || ino < fs->first_ino)
			return ext4_err(fs, -EUCLEAN, "ext4: orphan list is corrupt (inode %u)", ino);
		err = ext4_iget_raw(fs, ino, &inode);
		if (err)
			return ext4_err(fs, err, "ext4: orphan inode %u unreadable (%d)", ino, err);
		inode->orphan = true;
		inode->orphan_next = NULL;
		fs->orphans = inode;
		if (inode->st.nlink) {
			err = ext4_op_begin(fs, EXT4_CREDITS_EVICT);
			if (!err && ext4_inode_has_blocks(fs, inode))
				err = ext4_truncate_blocks(fs, inode, inode->st.size);
			if (!err)
				err = ext4_orphan_del(fs, inode);
		}
		ext4_iput(inode);	/* no links: freed here */
		if (!err && fs->aborted)
			err = -EROFS;
	}
	return err;
}
