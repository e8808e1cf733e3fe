/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: names. Creating (files, directories, symlinks, device
 * nodes, FIFOs, sockets), linking, unlinking, removing directories and
 * renaming, on top of dir.c / htree.c (entries) and ialloc.c (inodes).
 *
 * Each call checks everything that can refuse it (existence, type,
 * emptiness, link counts, loops, free inodes and blocks) before its first
 * change, so a refused call changes nothing. The one refusal that can
 * only be seen while changing, a directory index that is full, comes
 * from adding the entry, which is done before anything else is touched
 * (a new inode's bit is then given back).
 *
 * Link counts follow Linux: a directory has 2 plus one per subdirectory;
 * with dir_nlink an indexed directory that would pass 65000 gets 1
 * ("many") and keeps it. An inode losing its last link while referenced
 * (an open file) goes on the orphan list and is freed at its last
 * ext4_iput(); unreferenced, it is freed before the call returns.
 */
#include "ext4_int.h"

/* Blocks a namespace call may allocate: directory blocks, index nodes, their trees. */
#define NS_BLOCKS	24

uint8_t
ext4_mode_ft(uint16_t mode)
{
	switch (mode & EXT4_S_IFMT) {
	case EXT4_S_IFREG:
		return EXT4_FT_REG_FILE;
	case EXT4_S_IFDIR:
		return EXT4_FT_DIR;
	case EXT4_S_IFCHR:
		return EXT4_FT_CHRDEV;
	case EXT4_S_IFBLK:
		return EXT4_FT_BLKDEV;
	case EXT4_S_IFIFO:
		return EXT4_FT_FIFO;
	case EXT4_S_IFSOCK:
		return EXT4_FT_SOCK;
	case EXT4_S_IFLNK:
		return EXT4_FT_SYMLINK;
	}
	return EXT4_FT_UNKNOWN;
}

static bool
is_dots(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* A name that may be created or removed: 1..255 bytes, no '/' or NUL, not a dot name. */
static int
check_name(const char *name, size_t len, int dots_err)
{
	if (!len)
		return -ENOENT;
	if (len > EXT4_NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, '/', len) || memchr(name, '\0', len))
		return -EINVAL;
	return is_dots(name, len) ? dots_err : 0;
}

/* A directory that can take changes (not removed). */
static int
check_dir(struct ext4_fs *fs, struct ext4_inode *dir)
{
	if (dir->fs != fs)
		return -EINVAL;
	if (!EXT4_ISDIR(dir->st.mode))
		return -ENOTDIR;
	if (!dir->st.nlink)
		return -ENOENT;
	if (dir->st.flags & EXT4_INLINE_DATA_FL)
		return ext4_err(fs, -EOPNOTSUPP, "ext4: directory %u has inline data", dir->ino);
	return 0;
}

static bool
may_overflow_links(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	return (fs->ro_compat & RO_COMPAT_DIR_NLINK) && ext4_dir_is_indexed(fs, dir);
}

/* Whether dir can take one more subdirectory link. */
static bool
dir_link_full(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	return dir->st.nlink >= EXT4_LINK_MAX && !may_overflow_links(fs, dir);
}

/* A subdirectory more: its "..". Past 65000 (dir_nlink), 1 means "many". */
static void
dir_inc_links(struct ext4_fs *fs, struct ext4_inode *dir)
{
	uint32_t n = dir->st.nlink + 1;

	if (dir->st.nlink == 1 || (n > EXT4_LINK_MAX && may_overflow_links(fs, dir)))
		n = 1;
	ext4_inode_set_links(dir, n);
}

static void
dir_dec_links(struct ext4_inode *dir)
{
	if (dir->st.nlink > 2)
		ext4_inode_set_links(dir, dir->st.nlink - 1);
}

/* The parent's times after an entry changed. */
static int
dir_touch(struct ext4_fs *fs, struct ext4_inode *dir)
{
	ext4_inode_touch(fs, dir, EXT4_T_MTIME | EXT4_T_CTIME);
	return ext4_inode_write(fs, dir);
}

/* Device numbers in i_block: the old 8:8 form when they fit, else the new one. */
static void
set_rdev(struct ext4_inode *inode, uint32_t major, uint32_t minor)
{
	uint8_t *ib = inode->raw + I_BLOCK;

	memset(ib, 0, EXT4_IBLOCK_SIZE);
	if (major < 256 && minor < 256)
		put_le32(ib, major << 8 | minor);
	else
		put_le32(ib + 4, (minor & 0xff) | (major & 0xfff) << 8 | (minor & ~0xffu) << 12);
}

/* Fill a new inode: directory block, symlink target, device numbers. */
static int
init_contents(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_inode *inode,
	      const struct ext4_new_inode *ni)
{
	long n;

	switch (ni->mode & EXT4_S_IFMT) {
	case EXT4_S_IFDIR:
		return ext4_dir_init(fs, inode, dir->ino);
	case EXT4_S_IFLNK:
		if (ni->target_len < EXT4_IBLOCK_SIZE) {	/* fast: in i_block */
			ext4_inode_set_flags(inode, inode->st.flags & ~EXT4_EXTENTS_FL);
			memset(inode->raw + I_BLOCK, 0, EXT4_IBLOCK_SIZE);
			memcpy(inode->raw + I_BLOCK, ni->target, ni->target_len);
			ext4_inode_set_size(inode, ni->target_len);
			return ext4_inode_write(fs, inode);
		}
		n = ext4_write_locked(fs, inode, 0, ni->target, ni->target_len, true);
		if (n >= 0 && (size_t)n != ni->target_len)
			n = ext4_abort(fs, -ENOSPC, "ext4: no space for a symlink");
		if (n < 0)
			return (int)n;
		return ext4_inode_write(fs, inode);
	case EXT4_S_IFCHR:
	case EXT4_S_IFBLK:
		set_rdev(inode, ni->rdev_major, ni->rdev_minor);
		/* FALLTHROUGH */
	default:
		return ext4_inode_write(fs, inode);
	}
}

int
ext4_create(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	    const struct ext4_new_inode *ni, struct ext4_inode **out)
{
	uint16_t type = ni->mode & EXT4_S_IFMT;
	uint64_t blocks = NS_BLOCKS;
	struct ext4_dir_slot slot;
	struct ext4_inode *inode;
	uint32_t ino;
	int err;

	if (out)
		*out = NULL;
	err = check_dir(fs, dir);
	if (!err)
		err = check_name(name, len, -EEXIST);
	if (err)
		return err;
	if (!ext4_mode_ft(ni->mode))
		return -EINVAL;
	if (type == EXT4_S_IFLNK) {
		if (!ni->target_len || memchr(ni->target, '\0', ni->target_len))
			return -EINVAL;
		/* one block at most, with room for a NUL (as Linux) */
		if (ni->target_len > 4095 || ni->target_len + 1 > fs->block_size)
			return -ENAMETOOLONG;
		blocks += (ni->target_len >> fs->log_block_size) + 1;
	}
	if (type == EXT4_S_IFDIR && dir_link_full(fs, dir))
		return -EMLINK;
	err = ext4_op_begin(fs, EXT4_CREDITS_NS);
	if (err)
		return err;
	err = ext4_dir_find(fs, dir, name, len, &slot);
	if (!err)
		return -EEXIST;
	if (err != -ENOENT)
		return err;
	if (!fs->free_inodes)
		return -ENOSPC;
	err = ext4_reserve_blocks(fs, blocks, true);
	if (err)
		return err;
	/* changes from here */
	err = ext4_ialloc(fs, dir, ni->mode, &ino);
	if (!err)
		err = ext4_inode_new(fs, ino, ni->mode, ni->uid, ni->gid, &inode);
	if (err)
		return ext4_abort(fs, err, "ext4: inode creation failed (%d)", err);
	err = ext4_dir_add(fs, dir, name, len, ino, ext4_mode_ft(ni->mode));
	if (err) {
		if (!fs->aborted && err == -ENOSPC)	/* a full index: undo the allocation */
			err = ext4_ifree(fs, ino, type == EXT4_S_IFDIR) ?: -ENOSPC;
		ext4_inode_discard(fs, inode);
		return err;
	}
	err = init_contents(fs, dir, inode, ni);
	if (!err && type == EXT4_S_IFDIR)
		dir_inc_links(fs, dir);
	if (!err)
		err = dir_touch(fs, dir);
	if (err || !out)
		ext4_iput(inode);
	else
		*out = inode;
	return err;
}

int
ext4_link(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	  struct ext4_inode *inode)
{
	struct ext4_dir_slot slot;
	int err;

	err = check_dir(fs, dir);
	if (!err)
		err = check_name(name, len, -EEXIST);
	if (err)
		return err;
	if (EXT4_ISDIR(inode->st.mode))
		return -EPERM;
	if (!inode->st.nlink)
		return -ENOENT;
	if (inode->st.nlink >= EXT4_LINK_MAX)
		return -EMLINK;
	err = ext4_op_begin(fs, EXT4_CREDITS_NS);
	if (err)
		return err;
	err = ext4_dir_find(fs, dir, name, len, &slot);
	if (!err)
		return -EEXIST;
	if (err != -ENOENT)
		return err;
	err = ext4_reserve_blocks(fs, NS_BLOCKS, true);
	if (err)
		return err;
	err = ext4_dir_add(fs, dir, name, len, inode->ino, ext4_mode_ft(inode->st.mode));
	if (err)
		return err;
	ext4_inode_set_links(inode, inode->st.nlink + 1);
	ext4_inode_touch(fs, inode, EXT4_T_CTIME);
	err = ext4_inode_write(fs, inode);
	if (!err)
		err = dir_touch(fs, dir);
	return err;
}

/* The inode a looked-up entry names. */
static int
entry_inode(struct ext4_fs *fs, struct ext4_inode *dir, const struct ext4_dir_slot *slot,
	    struct ext4_inode **out)
{
	int err = ext4_iget(fs, slot->ino, out);

	if (err)
		return ext4_err(fs, err == -ENOENT ? -EUCLEAN : err,
				"ext4: directory %u names inode %u, unreadable (%d)", dir->ino,
				slot->ino, err);
	return 0;
}

/* One link less; at none, the inode waits on the orphan list (or is freed at its iput). */
static int
drop_link(struct ext4_fs *fs, struct ext4_inode *inode)
{
	int err = 0;

	if (EXT4_ISDIR(inode->st.mode))
		ext4_inode_set_links(inode, 0);
	else if (inode->st.nlink)
		ext4_inode_set_links(inode, inode->st.nlink - 1);
	ext4_inode_touch(fs, inode, EXT4_T_CTIME);
	if (!inode->st.nlink)
		err = ext4_orphan_add(fs, inode);
	if (!err)
		err = ext4_inode_write(fs, inode);
	return err;
}

static int
remove_name(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len, bool rmdir)
{
	struct ext4_dir_slot slot;
	struct ext4_inode *inode;
	int err;

	err = check_dir(fs, dir);
	if (!err)
		err = check_name(name, len, -EINVAL);
	if (!err)
		err = ext4_op_begin(fs, EXT4_CREDITS_NS);
	if (!err)
		err = ext4_dir_find(fs, dir, name, len, &slot);
	if (!err)
		err = entry_inode(fs, dir, &slot, &inode);
	if (err)
		return err;
	if (rmdir && !EXT4_ISDIR(inode->st.mode))
		err = -ENOTDIR;
	else if (!rmdir && EXT4_ISDIR(inode->st.mode))
		err = -EISDIR;
	else if (rmdir && inode == dir)
		err = -EINVAL;
	else if (rmdir)
		err = ext4_dir_is_empty(fs, inode) == 1 ? 0 : -ENOTEMPTY;
	if (err) {
		ext4_iput(inode);
		return err;
	}
	err = ext4_dir_remove(fs, dir, &slot);
	if (!err)
		err = drop_link(fs, inode);
	if (!err && rmdir)
		dir_dec_links(dir);
	if (!err)
		err = dir_touch(fs, dir);
	ext4_iput(inode);	/* the last reference frees it */
	return err;
}

int
ext4_unlink(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len)
{
	return remove_name(fs, dir, name, len, false);
}

int
ext4_rmdir(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len)
{
	return remove_name(fs, dir, name, len, true);
}

/* --- rename --- */

/* Whether directory dir is inode anc or lies below it (walking ".." up). */
static int
is_below(struct ext4_fs *fs, struct ext4_inode *dir, uint32_t anc)
{
	uint32_t cur = dir->ino;

	for (uint32_t steps = 0; steps < fs->inodes_count; steps++) {
		struct ext4_inode *in;
		uint32_t parent;
		int err;

		if (cur == anc)
			return 1;
		if (cur == EXT4_ROOT_INO)
			return 0;
		err = ext4_iget(fs, cur, &in);
		if (err)
			return err;
		err = ext4_lookup(fs, in, "..", 2, &parent);
		ext4_iput(in);
		if (err)
			return err;
		if (parent == cur)
			return 0;
		cur = parent;
	}
	return ext4_err(fs, -EUCLEAN, "ext4: directory loop above inode %u", dir->ino);
}

struct rename_ctx {
	struct ext4_inode *odir, *ndir;
	const char *oname, *nname;
	size_t olen, nlen;
	struct ext4_dir_slot os, ns;
	struct ext4_inode *src, *tgt;	/* tgt NULL if nname is free */
	unsigned int flags;
};

/* Everything that may refuse the rename, before any change. */
static int
rename_check(struct ext4_fs *fs, struct rename_ctx *r)
{
	bool sdir = EXT4_ISDIR(r->src->st.mode), tdir = r->tgt && EXT4_ISDIR(r->tgt->st.mode);
	bool cross = r->odir != r->ndir;
	int err;

	if (r->flags & EXT4_RENAME_EXCHANGE) {
		if (!r->tgt)
			return -ENOENT;
	} else if (r->tgt) {
		if (r->flags & EXT4_RENAME_NOREPLACE)
			return -EEXIST;
		if (sdir && !tdir)
			return -ENOTDIR;
		if (!sdir && tdir)
			return -EISDIR;
		if (tdir) {
			err = ext4_dir_is_empty(fs, r->tgt);
			if (err < 0)
				return err;
			if (!err)
				return -ENOTEMPTY;
		}
	}
	if (cross && sdir) {	/* no directory into itself */
		err = is_below(fs, r->ndir, r->src->ino);
		if (err)
			return err < 0 ? err : -EINVAL;
		if (!tdir && dir_link_full(fs, r->ndir))
			return -EMLINK;
	}
	if (cross && tdir && (r->flags & EXT4_RENAME_EXCHANGE)) {
		err = is_below(fs, r->odir, r->tgt->ino);
		if (err)
			return err < 0 ? err : -EINVAL;
		if (!sdir && dir_link_full(fs, r->odir))
			return -EMLINK;
	}
	return 0;
}

/* A directory that changed parent: its ".." and both parents' link counts. */
static int
reparent(struct ext4_fs *fs, struct ext4_inode *d, struct ext4_inode *from, struct ext4_inode *to)
{
	int err = ext4_dir_set_dotdot(fs, d, to->ino);

	if (err)
		return err;
	dir_dec_links(from);
	dir_inc_links(fs, to);
	return 0;
}

static int
do_exchange(struct ext4_fs *fs, struct rename_ctx *r)
{
	bool sdir = EXT4_ISDIR(r->src->st.mode), tdir = EXT4_ISDIR(r->tgt->st.mode);
	int err;

	err = ext4_dir_set(fs, r->odir, &r->os, r->tgt->ino, ext4_mode_ft(r->tgt->st.mode));
	if (!err)
		err = ext4_dir_set(fs, r->ndir, &r->ns, r->src->ino, ext4_mode_ft(r->src->st.mode));
	if (!err && r->odir != r->ndir) {
		if (sdir)
			err = reparent(fs, r->src, r->odir, r->ndir);
		if (!err && tdir)
			err = reparent(fs, r->tgt, r->ndir, r->odir);
	}
	ext4_inode_touch(fs, r->tgt, EXT4_T_CTIME);
	if (!err)
		err = ext4_inode_write(fs, r->tgt);
	return err;
}

static int
do_rename(struct ext4_fs *fs, struct rename_ctx *r)
{
	bool sdir = EXT4_ISDIR(r->src->st.mode);
	uint8_t ft = ext4_mode_ft(r->src->st.mode);
	int err;

	if (r->tgt) {
		err = ext4_dir_set(fs, r->ndir, &r->ns, r->src->ino, ft);
	} else {
		err = ext4_dir_add(fs, r->ndir, r->nname, r->nlen, r->src->ino, ft);
		if (err)	/* (-ENOSPC: a full index, nothing changed) */
			return err;
	}
	/* adding may have split the old name's block: find it again */
	if (!err)
		err = ext4_dir_find(fs, r->odir, r->oname, r->olen, &r->os);
	if (err)
		return ext4_abort(fs, err, "ext4: rename lost its source (%d)", err);
	err = ext4_dir_remove(fs, r->odir, &r->os);
	if (!err && sdir && r->odir != r->ndir)
		err = reparent(fs, r->src, r->odir, r->ndir);
	if (!err && r->tgt) {
		if (EXT4_ISDIR(r->tgt->st.mode))
			dir_dec_links(r->ndir);	/* its ".." is gone */
		err = drop_link(fs, r->tgt);
	}
	return err;
}

int
ext4_rename(struct ext4_fs *fs, struct ext4_inode *odir, const char *oname, size_t olen,
	    struct ext4_inode *ndir, const char *nname, size_t nlen, unsigned int flags)
{
	struct rename_ctx r = { .odir = odir, .ndir = ndir, .oname = oname, .nname = nname,
				.olen = olen, .nlen = nlen, .flags = flags };
	int err;

	if (flags & ~(EXT4_RENAME_NOREPLACE | EXT4_RENAME_EXCHANGE) ||
	    (flags & EXT4_RENAME_NOREPLACE && flags & EXT4_RENAME_EXCHANGE))
		return -EINVAL;
	err = check_dir(fs, odir);
	if (!err)
		err = check_dir(fs, ndir);
	if (!err)
		err = check_name(oname, olen, -EINVAL);
	if (!err)
		err = check_name(nname, nlen, -EINVAL);
	if (!err)
		err = ext4_op_begin(fs, EXT4_CREDITS_NS);
	if (!err)
		err = ext4_dir_find(fs, odir, oname, olen, &r.os);
	if (!err)
		err = entry_inode(fs, odir, &r.os, &r.src);
	if (err)
		return err;
	err = ext4_dir_find(fs, ndir, nname, nlen, &r.ns);
	if (!err)
		err = entry_inode(fs, ndir, &r.ns, &r.tgt);
	else if (err == -ENOENT)
		err = 0;
	if (!err && r.tgt == r.src) {	/* two names of one inode: nothing to do */
		if (flags & EXT4_RENAME_NOREPLACE)
			err = -EEXIST;
		goto out;
	}
	if (!err)
		err = rename_check(fs, &r);
	if (!err)
		err = ext4_reserve_blocks(fs, NS_BLOCKS, true);
	if (err)
		goto out;
	err = flags & EXT4_RENAME_EXCHANGE ? do_exchange(fs, &r) : do_rename(fs, &r);
	if (err)
		goto out;
	ext4_inode_touch(fs, r.src, EXT4_T_CTIME);
	err = ext4_inode_write(fs, r.src);
	if (!err)
		err = dir_touch(fs, odir);
	if (!err && ndir != odir)
		err = dir_touch(fs, ndir);
out:
	ext4_iput(r.tgt);
	ext4_iput(r.src);
	return err;
}

/* --- attributes --- */

static struct ext4_timespec
time_or_now(const struct ext4_fs *fs, struct ext4_timespec t)
{
	if (t.nsec == EXT4_UTIME_NOW)
		ext4_now(fs, &t);
	return t;
}

int
ext4_setattr(struct ext4_fs *fs, struct ext4_inode *inode, const struct ext4_setattr *attr)
{
	int err;

	if (attr->valid & ~(EXT4_SET_MODE | EXT4_SET_UID | EXT4_SET_GID | EXT4_SET_ATIME |
			    EXT4_SET_MTIME | EXT4_SET_CTIME))
		return -EINVAL;
	err = ext4_op_begin(fs, EXT4_CREDITS_SETATTR);
	if (err)
		return err;
	if (attr->valid & EXT4_SET_MODE)
		put_le16(inode->raw + I_MODE,
			 (uint16_t)((inode->st.mode & EXT4_S_IFMT) | (attr->mode & 07777)));
	if (attr->valid & EXT4_SET_UID) {
		put_le16(inode->raw + I_UID, (uint16_t)attr->uid);
		put_le16(inode->raw + I_UID_HIGH, (uint16_t)(attr->uid >> 16));
	}
	if (attr->valid & EXT4_SET_GID) {
		put_le16(inode->raw + I_GID, (uint16_t)attr->gid);
		put_le16(inode->raw + I_GID_HIGH, (uint16_t)(attr->gid >> 16));
	}
	if (attr->valid & EXT4_SET_ATIME)
		ext4_inode_set_time(inode, I_ATIME, time_or_now(fs, attr->atime));
	if (attr->valid & EXT4_SET_MTIME)
		ext4_inode_set_time(inode, I_MTIME, time_or_now(fs, attr->mtime));
	if (attr->valid & EXT4_SET_CTIME)
		ext4_inode_set_time(inode, I_CTIME, time_or_now(fs, attr->ctime));
	return ext4_inode_write(fs, inode);
}
