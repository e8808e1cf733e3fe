// SPDX-License-Identifier: GPL-2.0-only
/*
 * stat family, access and statfs: what a name or fd refers to.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "internal.h"

/*
 * stat_at finds what a *stat* call names: a path, or with AT_EMPTY_PATH and
 * an empty name the fd itself (-EOPNOTSUPP for a file with no path, a
 * pipe: the caller stats its inode).
 */
int
stat_at(int dfd, uaddr_t upath, int flags, struct path *p)
{
	char *name = getname(upath);
	int err;

	if (IS_ERR(name))
		return (int)PTR_ERR(name);
	if (!*name && (flags & AT_EMPTY_PATH)) {
		struct file *f;

		kfree(name);
		if (dfd == AT_FDCWD) {
			*p = current->fs->cwd;
			path_get(p);
			return 0;
		}
		f = fget(dfd);
		if (!f)
			return -EBADF;
		if (!f->path.dentry) {
			p->mnt = NULL;
			p->dentry = NULL;
			return -EOPNOTSUPP;	/* pipes: caller uses f->inode */
		}
		*p = f->path;
		path_get(p);
		return 0;
	}
	err = path_lookup(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, p);
	kfree(name);
	return err;
}

/* stat_common is stat, lstat, fstatat and newfstatat: the x86_64 struct stat. */
static int64_t
stat_common(int dfd, uaddr_t upath, int flags, uaddr_t ubuf)
{
	struct kstat_x86_64 st;
	struct path p;
	int err = stat_at(dfd, upath, flags, &p);

	if (err == -EOPNOTSUPP) {
		inode_fill_kstat(fget(dfd)->inode, &st);
		return copy_to_user(ubuf, &st, sizeof(st));
	}
	if (err)
		return err;
	inode_fill_kstat(p.dentry->inode, &st);
	path_put(&p);
	return copy_to_user(ubuf, &st, sizeof(st));
}

/* sys_stat implements stat(2). */
SYSCALL_DEFINE2(stat, uaddr_t, filename, uaddr_t, statbuf)
{
	return stat_common(AT_FDCWD, filename, 0, statbuf);
}

/* sys_lstat implements lstat(2). */
SYSCALL_DEFINE2(lstat, uaddr_t, filename, uaddr_t, statbuf)
{
	return stat_common(AT_FDCWD, filename, AT_SYMLINK_NOFOLLOW, statbuf);
}

/* sys_fstat implements fstat(2). */
SYSCALL_DEFINE2(fstat, int, fd, uaddr_t, statbuf)
{
	struct file *f = fget(fd);
	struct kstat_x86_64 st;

	if (!f)
		return -EBADF;
	inode_fill_kstat(f->inode, &st);
	return copy_to_user(statbuf, &st, sizeof(st));
}

/* sys_newfstatat implements newfstatat(2). */
SYSCALL_DEFINE4(newfstatat, int, dfd, uaddr_t, filename, uaddr_t, statbuf, int, flag)
{
	return stat_common(dfd, filename, flag, statbuf);
}

/*
 * sys_statx implements statx(2). mask is not looked at: every basic field
 * and the birth time are always filled, and stx_mask says so.
 */
SYSCALL_DEFINE5(statx, int, dfd, uaddr_t, filename, int, flags, unsigned int, mask,
		uaddr_t, buffer)
{
	struct kstat_x86_64 st;
	struct statx sx;
	struct path p;
	struct inode *inode;
	int err = stat_at(dfd, filename, flags, &p);

	(void)mask;
	if (err == -EOPNOTSUPP) {
		inode = fget(dfd)->inode;
	} else if (err) {
		return err;
	} else {
		inode = p.dentry->inode;
	}
	inode_fill_kstat(inode, &st);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = inode->atime.sec;
	sx.stx_atime.tv_nsec = inode->atime.nsec;
	sx.stx_mtime.tv_sec = inode->mtime.sec;
	sx.stx_mtime.tv_nsec = inode->mtime.nsec;
	sx.stx_ctime.tv_sec = inode->ctime.sec;
	sx.stx_ctime.tv_nsec = inode->ctime.nsec;
	sx.stx_btime.tv_sec = inode->btime.sec;
	sx.stx_btime.tv_nsec = inode->btime.nsec;
	sx.stx_rdev_major = MAJOR(inode->rdev);
	sx.stx_rdev_minor = MINOR(inode->rdev);
	if (inode->sb) {
		sx.stx_dev_major = MAJOR(inode->sb->dev);
		sx.stx_dev_minor = MINOR(inode->sb->dev);
	}
	if (!err)
		path_put(&p);
	return copy_to_user(buffer, &sx, sizeof(sx));
}

/*
 * access_common asks inode_permission, that is with the filesystem ids
 * (Linux checks access(2) with the real ones unless AT_EACCESS: the two
 * differ only inside a set-id program); a write on a read-only mount is
 * EROFS unless the file is a device or FIFO (writing those does not touch
 * the filesystem).
 */
static int64_t
access_common(int dfd, uaddr_t upath, int mode, int flags)
{
	char *name = getname(upath);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookup(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	kfree(name);
	if (err)
		return err;
	if (mode & 7)
		err = inode_permission(p.dentry->inode, (mode & 1 ? 1 : 0) | (mode & 2 ? 2 : 0) |
						(mode & 4 ? 4 : 0));
	if (!err && (mode & 2) && (p.mnt->flags & MNT_RDONLY) && !S_ISCHR(p.dentry->inode->mode) &&
	    !S_ISBLK(p.dentry->inode->mode) && !S_ISFIFO(p.dentry->inode->mode))
		err = -EROFS;
	path_put(&p);
	return err;
}

/* sys_access implements access(2). */
SYSCALL_DEFINE2(access, uaddr_t, filename, int, mode)
{
	return access_common(AT_FDCWD, filename, mode, 0);
}

/* sys_faccessat implements faccessat(2). */
SYSCALL_DEFINE3(faccessat, int, dfd, uaddr_t, filename, int, mode)
{
	return access_common(dfd, filename, mode, 0);
}

/* sys_faccessat2 implements faccessat2(2). */
SYSCALL_DEFINE4(faccessat2, int, dfd, uaddr_t, filename, int, mode, int, flags)
{
	return access_common(dfd, filename, mode, flags);
}

/*
 * statfs_sb fills the x86_64 struct statfs from the filesystem's figures;
 * of the mount's flags only ST_RDONLY is reported.
 */
static int64_t
statfs_sb(struct super_block *sb, struct mount *m, uaddr_t ubuf)
{
	struct kstatfs ks = { 0 };
	struct statfs st;

	if (sb->statfs)
		sb->statfs(sb, &ks);
	memset(&st, 0, sizeof(st));
	st.f_type = (int64_t)ks.type;
	st.f_bsize = (int64_t)(ks.bsize ? ks.bsize : 4096);
	st.f_blocks = ks.blocks;
	st.f_bfree = ks.bfree;
	st.f_bavail = ks.bavail;
	st.f_files = ks.files;
	st.f_ffree = ks.ffree;
	st.f_namelen = (int64_t)(ks.namelen ? ks.namelen : NAME_MAX);
	st.f_frsize = st.f_bsize;
	st.f_flags = (m && (m->flags & MNT_RDONLY)) ? ST_RDONLY : 0;
	return copy_to_user(ubuf, &st, sizeof(st));
}

/* sys_statfs implements statfs(2). */
SYSCALL_DEFINE2(statfs, uaddr_t, pathname, uaddr_t, buf)
{
	char *name = getname(pathname);
	struct path p;
	int64_t r;

	if (IS_ERR(name))
		return PTR_ERR(name);
	r = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	kfree(name);
	if (r)
		return r;
	r = statfs_sb(p.dentry->sb ? p.dentry->sb : p.mnt->sb, p.mnt, buf);
	path_put(&p);
	return r;
}

/* sys_fstatfs implements fstatfs(2). */
SYSCALL_DEFINE2(fstatfs, int, fd, uaddr_t, buf)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!f->path.mnt)
		return statfs_sb(f->inode->sb ? f->inode->sb : root_mount->sb, NULL, buf);
	return statfs_sb(f->path.mnt->sb, f->path.mnt, buf);
}

