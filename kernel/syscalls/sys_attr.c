// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attribute system calls: mode, owner, times, size, and syncing.
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

static int64_t
setattr_at(int dfd, uint64_t upath, int flags, int (*fn)(struct inode *, struct path *, uint64_t, uint64_t),
	   uint64_t x, uint64_t y)
{
	struct path p;
	int err = stat_at(dfd, upath, flags, &p);

	if (err)
		return err;
	if (mnt_readonly(&p))
		err = -EROFS;
	else
		err = fn(p.dentry->inode, &p, x, y);
	path_put(&p);
	return err;
}

static int
do_chmod(struct inode *inode, struct path *p, uint64_t mode, uint64_t unused)
{
	(void)p;
	(void)unused;
	if (current->cred.fsuid != 0 && current->cred.fsuid != inode->uid)
		return -EPERM;
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	inode->ctime = current_time();
	return 0;
}

static int
do_chown(struct inode *inode, struct path *p, uint64_t uid, uint64_t gid)
{
	(void)p;
	if (current->cred.fsuid != 0)
		return -EPERM;
	if ((uint32_t)uid != (uint32_t)-1)
		inode->uid = (uint32_t)uid;
	if ((uint32_t)gid != (uint32_t)-1)
		inode->gid = (uint32_t)gid;
	inode->ctime = current_time();
	return 0;
}

/* sys_chmod implements chmod(2). */
SYSCALL_DEFINE(chmod)
{
	UNUSED_ARGS();
	return setattr_at(AT_FDCWD, a0, 0, do_chmod, a1, 0);
}

/* sys_fchmodat implements fchmodat(2). */
SYSCALL_DEFINE(fchmodat)
{
	UNUSED_ARGS();
	return setattr_at((int)a0, a1, 0, do_chmod, a2, 0);
}

/* sys_fchmod implements fchmod(2). */
SYSCALL_DEFINE(fchmod)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (f->inode->sb && (f->inode->sb->flags & SB_RDONLY))
		return -EROFS;
	return do_chmod(f->inode, NULL, a1, 0);
}

/* sys_chown implements chown(2). */
SYSCALL_DEFINE(chown)
{
	UNUSED_ARGS();
	return setattr_at(AT_FDCWD, a0, 0, do_chown, a1, a2);
}

/* sys_lchown implements lchown(2). */
SYSCALL_DEFINE(lchown)
{
	UNUSED_ARGS();
	return setattr_at(AT_FDCWD, a0, AT_SYMLINK_NOFOLLOW, do_chown, a1, a2);
}

/* sys_fchownat implements fchownat(2). */
SYSCALL_DEFINE(fchownat)
{
	UNUSED_ARGS();
	return setattr_at((int)a0, a1, (int)a4, do_chown, a2, a3);
}

/* sys_fchown implements fchown(2). */
SYSCALL_DEFINE(fchown)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (f->inode->sb && (f->inode->sb->flags & SB_RDONLY))
		return -EROFS;
	return do_chown(f->inode, NULL, a1, a2);
}

/* sys_umask implements umask(2). */
SYSCALL_DEFINE(umask)
{
	uint32_t old = current->fs->umask;

	UNUSED_ARGS();
	current->fs->umask = a0 & 0777;
	return old;
}

static int
do_utimes(struct inode *inode, struct path *p, uint64_t uts, uint64_t unused)
{
	struct { int64_t sec, nsec; } ts[2];
	struct kts now = current_time();

	(void)p;
	(void)unused;
	if (uts) {
		if (copy_from_user(ts, u64_to_uaddr(uts), sizeof(ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			struct kts *dst = i ? &inode->mtime : &inode->atime;

			if (ts[i].nsec == ((1L << 30) - 2))	/* UTIME_OMIT */
				continue;
			if (ts[i].nsec == ((1L << 30) - 1))	/* UTIME_NOW */
				*dst = now;
			else {
				dst->sec = ts[i].sec;
				dst->nsec = (uint32_t)ts[i].nsec;
			}
		}
	} else {
		inode->atime = inode->mtime = now;
	}
	inode->ctime = now;
	return 0;
}

/* sys_utimensat implements utimensat(2). */
SYSCALL_DEFINE(utimensat)
{
	UNUSED_ARGS();
	if (!a1) {
		struct file *f = fget((int)a0);

		if (!f)
			return -EBADF;
		return do_utimes(f->inode, NULL, a2, 0);
	}
	return setattr_at((int)a0, a1, (int)a3, do_utimes, a2, 0);
}

static int
do_utimes_tv(struct inode *inode, struct path *p, uint64_t utv, uint64_t unused)
{
	struct { int64_t sec, usec; } tv[2];

	(void)p;
	(void)unused;
	if (!utv)
		return do_utimes(inode, NULL, 0, 0);
	if (copy_from_user(tv, u64_to_uaddr(utv), sizeof(tv)))
		return -EFAULT;
	inode->atime.sec = tv[0].sec;
	inode->atime.nsec = (uint32_t)(tv[0].usec * 1000);
	inode->mtime.sec = tv[1].sec;
	inode->mtime.nsec = (uint32_t)(tv[1].usec * 1000);
	inode->ctime = current_time();
	return 0;
}

/* sys_utimes implements utimes(2). */
SYSCALL_DEFINE(utimes)
{
	UNUSED_ARGS();
	return setattr_at(AT_FDCWD, a0, 0, do_utimes_tv, a1, 0);
}

static int
do_utime(struct inode *inode, struct path *p, uint64_t ubuf, uint64_t unused)
{
	int64_t t[2];

	(void)p;
	(void)unused;
	if (!ubuf)
		return do_utimes(inode, NULL, 0, 0);
	if (copy_from_user(t, u64_to_uaddr(ubuf), sizeof(t)))
		return -EFAULT;
	inode->atime.sec = t[0];
	inode->mtime.sec = t[1];
	inode->atime.nsec = inode->mtime.nsec = 0;
	return 0;
}

/* sys_utime implements utime(2). */
SYSCALL_DEFINE(utime)
{
	UNUSED_ARGS();
	return setattr_at(AT_FDCWD, a0, 0, do_utime, a1, 0);
}

static int
do_truncate(struct inode *inode, struct path *p, uint64_t size, uint64_t unused)
{
	(void)p;
	(void)unused;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	if (!inode->i_op || !inode->i_op->truncate)
		return -EPERM;
	return inode->i_op->truncate(inode, size);
}

/* sys_truncate implements truncate(2): the file's type, then a writable mount, then permission. */
SYSCALL_DEFINE(truncate)
{
	struct inode *inode;
	struct path p;
	int err;

	UNUSED_ARGS();
	if ((int64_t)a1 < 0)
		return -EINVAL;
	err = stat_at(AT_FDCWD, a0, 0, &p);
	if (err)
		return err;
	inode = p.dentry->inode;
	if (S_ISDIR(inode->mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->mode))
		err = -EINVAL;
	else if (mnt_readonly(&p))
		err = -EROFS;
	else
		err = inode_permission(inode, MAY_WRITE);
	if (!err)
		err = do_truncate(inode, &p, a1, 0);
	path_put(&p);
	return err;
}

/* sys_ftruncate implements ftruncate(2). */
SYSCALL_DEFINE(ftruncate)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if ((int64_t)a1 < 0 || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return do_truncate(f->inode, NULL, a1, 0);
}

/* sys_fsync implements fsync(2) and fdatasync(2). */
SYSCALL_DEFINE(fsync)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	return f->f_op && f->f_op->fsync ? f->f_op->fsync(f) : 0;
}

/* sys_sync implements sync(2). */
SYSCALL_DEFINE(sync)
{
	UNUSED_ARGS();
	blk_sync_all();
	return 0;
}

