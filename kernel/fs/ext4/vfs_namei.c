// SPDX-License-Identifier: GPL-2.0-only
/*
 * ext4 in the VFS: names and attributes. Each VFS inode of an ext4 mount
 * holds one library reference (priv, dropped by ext4_evict), and there is
 * one VFS inode per inode number (looked up on sb->inodes), so that page
 * cache, locks and attributes are one. The library keeps its own copy of
 * the attributes current; after every change the glue copies them into
 * the VFS inodes concerned (ext4_vfs_refresh), including inodes the VFS
 * did not name in the call (the one a rename replaced).
 *
 * Permission, umask and the owner of new inodes are the VFS's
 * (inode_init_owner); the library stores what it is given.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "vfs.h"

static struct kts
kts_of(struct ext4_timespec t)
{
	struct kts k = { t.sec, t.nsec };

	return k;
}

static struct ext4_timespec
ts_of(struct kts k)
{
	struct ext4_timespec t = { k.sec, k.nsec };

	return t;
}

void
ext4_vfs_refresh(struct inode *inode)
{
	struct ext4_inode *ei = EXT4_I(inode);

	inode->mode = ei->st.mode;
	inode->uid = ei->st.uid;
	inode->gid = ei->st.gid;
	inode->nlink = ei->st.nlink;
	inode->size = ei->st.size;
	inode->blocks = ei->st.blocks;
	inode->atime = kts_of(ei->st.atime);
	inode->mtime = kts_of(ei->st.mtime);
	inode->ctime = kts_of(ei->st.ctime);
	inode->btime = kts_of(ei->st.crtime);
}

/* find_vfs_inode returns the VFS inode of ino if it is in memory (no reference). */
static struct inode *
find_vfs_inode(struct super_block *sb, uint32_t ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->inodes, sb_node)
		if (inode->ino == ino)
			return inode;
	return NULL;
}

/* refresh_ino refreshes ino's VFS inode, if there is one. */
static void
refresh_ino(struct super_block *sb, uint32_t ino)
{
	struct inode *inode = ino ? find_vfs_inode(sb, ino) : NULL;

	if (inode)
		ext4_vfs_refresh(inode);
}

/* vfs_inode_of wraps the library inode ei (its reference moves in) in a new VFS inode. */
static int
vfs_inode_of(struct super_block *sb, struct ext4_inode *ei, struct inode **out)
{
	struct inode *inode = new_inode(sb);

	if (!inode) {
		ext4_iput(ei);
		return -ENOMEM;
	}
	inode->ino = ei->ino;
	inode->priv = ei;
	ext4_vfs_refresh(inode);
	switch (inode->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &ext4_dir_iops;
		inode->i_fop = &ext4_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &ext4_file_iops;
		inode->i_fop = &ext4_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &ext4_link_iops;
		break;
	default:
		init_special_inode(inode, inode->mode,
				   MKDEV(ei->st.rdev_major, ei->st.rdev_minor));
		inode->i_op = &ext4_special_iops;
		break;
	}
	*out = inode;
	return 0;
}

int
ext4_vfs_iget(struct super_block *sb, uint32_t ino, struct inode **out)
{
	struct inode *inode = find_vfs_inode(sb, ino);
	struct ext4_inode *ei;
	int err;

	if (inode) {
		inode_get(inode);
		*out = inode;
		return 0;
	}
	ext4_lock(EXT4_SB(sb));
	err = ext4_iget(sb_ext4(sb), ino, &ei);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return err;
	return vfs_inode_of(sb, ei, out);
}

static int
ext4_vfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t ino;
	int err;

	ext4_lock(EXT4_SB(dir->sb));
	err = ext4_lookup(sb_ext4(dir->sb), EXT4_I(dir), name, len, &ino);
	if (!err)
		err = ext4_vfs_iget(dir->sb, ino, out);
	ext4_unlock(EXT4_SB(dir->sb));
	return err;
}

/* make_inode is create, mknod, mkdir and symlink: owner and setgid as the VFS says. */
static int
make_inode(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
	   const char *target, struct inode **out)
{
	struct super_block *sb = dir->sb;
	struct ext4_new_inode ni = { 0 };
	struct ext4_inode *ei;
	uint32_t uid, gid;
	int err;

	inode_init_owner(dir, &mode, &uid, &gid);
	ni.mode = (uint16_t)mode;
	ni.uid = uid;
	ni.gid = gid;
	ni.rdev_major = MAJOR(rdev);
	ni.rdev_minor = MINOR(rdev);
	if (target) {
		ni.target = target;
		ni.target_len = strlen(target);
		if (ni.target_len >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	ext4_lock(EXT4_SB(sb));
	err = ext4_create(sb_ext4(sb), EXT4_I(dir), name, len, &ni, &ei);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return ext4_vfs_error(sb, err);
	ext4_vfs_refresh(dir);
	err = vfs_inode_of(sb, ei, out);
	if (!err)
		err = ext4_vfs_maybe_sync(sb);
	return err;
}

static int
ext4_vfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
		struct inode **out)
{
	return make_inode(dir, name, len, mode, rdev, NULL, out);
}

static int
ext4_vfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode, struct inode **out)
{
	return make_inode(dir, name, len, S_IFDIR | (mode & 07777), 0, NULL, out);
}

static int
ext4_vfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
		 struct inode **out)
{
	return make_inode(dir, name, len, S_IFLNK | 0777, 0, target, out);
}

static int
ext4_vfs_link(struct inode *old, struct inode *dir, const char *name, size_t len)
{
	struct super_block *sb = dir->sb;
	int err;

	ext4_lock(EXT4_SB(sb));
	err = ext4_link(sb_ext4(sb), EXT4_I(dir), name, len, EXT4_I(old));
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return ext4_vfs_error(sb, err);
	ext4_vfs_refresh(old);
	ext4_vfs_refresh(dir);
	return ext4_vfs_maybe_sync(sb);
}

/*
 * remove is unlink and rmdir. An inode left with no name but still used
 * (an open file) is on the library's orphan list until its last
 * reference goes (ext4_evict).
 */
static int
remove(struct inode *dir, const char *name, size_t len, struct inode *victim, bool isdir)
{
	struct super_block *sb = dir->sb;
	struct ext4_fs *fs = sb_ext4(sb);
	int err;

	ext4_lock(EXT4_SB(sb));
	err = isdir ? ext4_rmdir(fs, EXT4_I(dir), name, len) :
		      ext4_unlink(fs, EXT4_I(dir), name, len);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return ext4_vfs_error(sb, err);
	ext4_vfs_refresh(victim);
	ext4_vfs_refresh(dir);
	return ext4_vfs_maybe_sync(sb);
}

static int
ext4_vfs_unlink(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	return remove(dir, name, len, victim, false);
}

static int
ext4_vfs_rmdir(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	return remove(dir, name, len, victim, true);
}

/*
 * ext4_vfs_rename2: the inodes behind both names are looked up first, so
 * that their VFS inodes (link counts, ctime) can be refreshed after.
 */
static int
ext4_vfs_rename2(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		 const char *nname, size_t nlen, unsigned int flags)
{
	struct super_block *sb = odir->sb;
	struct ext4_fs *fs = sb_ext4(sb);
	uint32_t oino = 0, nino = 0;
	unsigned int lf = 0;
	int err;

	if (flags & RENAME_NOREPLACE)
		lf |= EXT4_RENAME_NOREPLACE;
	if (flags & RENAME_EXCHANGE)
		lf |= EXT4_RENAME_EXCHANGE;
	ext4_lock(EXT4_SB(sb));
	ext4_lookup(fs, EXT4_I(odir), oname, olen, &oino);
	ext4_lookup(fs, EXT4_I(ndir), nname, nlen, &nino);
	err = ext4_rename(fs, EXT4_I(odir), oname, olen, EXT4_I(ndir), nname, nlen, lf);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return ext4_vfs_error(sb, err);
	ext4_vfs_refresh(odir);
	ext4_vfs_refresh(ndir);
	refresh_ino(sb, oino);
	refresh_ino(sb, nino);
	return ext4_vfs_maybe_sync(sb);
}

static int
ext4_vfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		const char *nname, size_t nlen)
{
	return ext4_vfs_rename2(odir, oname, olen, ndir, nname, nlen, 0);
}

/* ext4_vfs_readlink reads the whole target (up to PATH_MAX) and gives the caller what fits. */
static int
ext4_vfs_readlink(struct inode *inode, char *buf, size_t len)
{
	char *tmp = kmalloc(PATH_MAX + 1);
	int n;

	if (!tmp)
		return -ENOMEM;
	ext4_lock(EXT4_SB(inode->sb));
	n = ext4_readlink(sb_ext4(inode->sb), EXT4_I(inode), tmp, PATH_MAX + 1);
	ext4_unlock(EXT4_SB(inode->sb));
	if (n >= 0) {
		if ((size_t)n > len)
			n = (int)len;
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	return n;
}

/* ext4_vfs_setattr stores chmod, chown and utimensat's changes (the VFS checked them). */
static int
ext4_vfs_setattr(struct inode *inode, const struct iattr *ia)
{
	struct super_block *sb = inode->sb;
	struct ext4_setattr sa = { 0 };
	int err;

	if (ia->valid & ATTR_MODE) {
		sa.valid |= EXT4_SET_MODE;
		sa.mode = (uint16_t)ia->mode;
	}
	if (ia->valid & ATTR_UID) {
		sa.valid |= EXT4_SET_UID;
		sa.uid = ia->uid;
	}
	if (ia->valid & ATTR_GID) {
		sa.valid |= EXT4_SET_GID;
		sa.gid = ia->gid;
	}
	if (ia->valid & ATTR_ATIME) {
		sa.valid |= EXT4_SET_ATIME;
		sa.atime = ts_of(ia->atime);
	}
	if (ia->valid & ATTR_MTIME) {
		sa.valid |= EXT4_SET_MTIME;
		sa.mtime = ts_of(ia->mtime);
	}
	if (ia->valid & ATTR_CTIME) {
		sa.valid |= EXT4_SET_CTIME;
		sa.ctime = ts_of(ia->ctime);
	}
	ext4_lock(EXT4_SB(sb));
	err = ext4_setattr(sb_ext4(sb), EXT4_I(inode), &sa);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return ext4_vfs_error(sb, err);
	return ext4_vfs_maybe_sync(sb);
}

/*
 * ext4_vfs_touch_atime is relatime: the access time moves only if it is
 * not after the modification or change time, or is a day old; noatime
 * (and a read-only mount) never.
 */
void
ext4_vfs_touch_atime(struct inode *inode)
{
	struct super_block *sb = inode->sb;
	struct ext4_setattr sa = { .valid = EXT4_SET_ATIME };
	struct kts now, a = inode->atime;

	if (sb->flags & (SB_RDONLY | SB_NOATIME))
		return;
	if ((EXT4_I(inode)->st.flags & EXT4_NOATIME_FL))
		return;
	now = current_time();
	if (!(a.sec < inode->mtime.sec || (a.sec == inode->mtime.sec && a.nsec <= inode->mtime.nsec) ||
	      a.sec < inode->ctime.sec || (a.sec == inode->ctime.sec && a.nsec <= inode->ctime.nsec) ||
	      now.sec - a.sec >= 24 * 3600))
		return;
	sa.atime.sec = now.sec;
	sa.atime.nsec = now.nsec;
	ext4_lock(EXT4_SB(sb));
	if (ext4_setattr(sb_ext4(sb), EXT4_I(inode), &sa) == 0)
		inode->atime = now;
	ext4_unlock(EXT4_SB(sb));
}

static int
ext4_vfs_getxattr(struct inode *inode, const char *name, void *buf, size_t size)
{
	int err;

	ext4_lock(EXT4_SB(inode->sb));
	err = ext4_getxattr(sb_ext4(inode->sb), EXT4_I(inode), name, buf, size);
	ext4_unlock(EXT4_SB(inode->sb));
	return err;
}

static int
ext4_vfs_listxattr(struct inode *inode, char *buf, size_t size)
{
	int err;

	ext4_lock(EXT4_SB(inode->sb));
	err = ext4_listxattr(sb_ext4(inode->sb), EXT4_I(inode), buf, size);
	ext4_unlock(EXT4_SB(inode->sb));
	return err;
}

static int
ext4_vfs_setxattr(struct inode *inode, const char *name, const void *value, size_t size,
		  int flags)
{
	struct super_block *sb = inode->sb;
	unsigned int xf = 0;
	int err;

	if (flags & XATTR_CREATE)
		xf |= EXT4_XATTR_CREATE;
	if (flags & XATTR_REPLACE)
		xf |= EXT4_XATTR_REPLACE;
	ext4_lock(EXT4_SB(sb));
	err = ext4_setxattr(sb_ext4(sb), EXT4_I(inode), name, value, size, xf);
	ext4_unlock(EXT4_SB(sb));
	if (err)
		return err == -ENODATA || err == -EEXIST || err == -ERANGE || err == -ENOSPC ||
		       err == -E2BIG || err == -EOPNOTSUPP ? err : ext4_vfs_error(sb, err);
	ext4_vfs_refresh(inode);
	return ext4_vfs_maybe_sync(sb);
}

/*
 * ext4_vfs_iterate: the library's directory positions are opaque and
 * resumable, so they are getdents' positions as they are. An entry the
 * reader's buffer has no room for is not consumed (the position stays on
 * it) and comes first in the next call.
 */
static int
ext4_vfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct ext4_dirent *de = kmalloc(sizeof(*de));
	uint64_t pos = ctx->pos, next;
	int r;

	if (!de)
		return -ENOMEM;
	ext4_lock(EXT4_SB(f->inode->sb));
	for (;;) {
		next = pos;
		r = ext4_readdir(sb_ext4(f->inode->sb), EXT4_I(f->inode), &next, de);
		if (r <= 0)
			break;
		if (!ctx->actor(ctx, de->name, de->name_len, de->ino, ext4_dt_type(de->type)))
			break;
		pos = next;
		ctx->pos = pos;
	}
	ext4_unlock(EXT4_SB(f->inode->sb));
	kfree(de);
	if (r >= 0)
		ext4_vfs_touch_atime(f->inode);
	return r < 0 ? r : 0;
}

const struct inode_operations ext4_dir_iops = {
	.lookup = ext4_vfs_lookup,
	.create = ext4_vfs_create,
	.mkdir = ext4_vfs_mkdir,
	.symlink = ext4_vfs_symlink,
	.link = ext4_vfs_link,
	.unlink = ext4_vfs_unlink,
	.rmdir = ext4_vfs_rmdir,
	.rename = ext4_vfs_rename,
	.rename2 = ext4_vfs_rename2,
	.setattr = ext4_vfs_setattr,
	.getxattr = ext4_vfs_getxattr,
	.listxattr = ext4_vfs_listxattr,
	.setxattr = ext4_vfs_setxattr,
};
const struct inode_operations ext4_file_iops = {
	.truncate = ext4_vfs_truncate,
	.setattr = ext4_vfs_setattr,
	.getxattr = ext4_vfs_getxattr,
	.listxattr = ext4_vfs_listxattr,
	.setxattr = ext4_vfs_setxattr,
	.fallocate = ext4_vfs_fallocate,
};
const struct inode_operations ext4_link_iops = {
	.readlink = ext4_vfs_readlink,
	.setattr = ext4_vfs_setattr,
	.getxattr = ext4_vfs_getxattr,
	.listxattr = ext4_vfs_listxattr,
	.setxattr = ext4_vfs_setxattr,
};
const struct inode_operations ext4_special_iops = {
	.setattr = ext4_vfs_setattr,
	.getxattr = ext4_vfs_getxattr,
	.listxattr = ext4_vfs_listxattr,
	.setxattr = ext4_vfs_setxattr,
};
const struct file_operations ext4_dir_fops = { .iterate = ext4_vfs_iterate };
