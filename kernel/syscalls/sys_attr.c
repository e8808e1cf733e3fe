// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attribute system calls: mode, owner, times, size, and syncing. The
 * *at() forms find the inode (setattr_at), refuse a read-only mount, and
 * hand it to one change function with what the call asked for.
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "internal.h"

/* What one call changes; each change function reads its own fields. */
struct attr_change {
	uint32_t mode;		/* chmod */
	uint32_t uid, gid;	/* chown; (uint32_t)-1 keeps */
	uaddr_t times;		/* utimensat, utimes, utime: the guest's times, or NULL: now */
};

typedef int (*attr_fn)(struct inode *inode, const struct attr_change *ch);

/*
 * setattr_at runs fn on what a path names (following symlinks unless told
 * not to): the *at forms of chmod, chown and utimes share it.
 */
static int64_t
setattr_at(int dfd, uaddr_t upath, int flags, attr_fn fn, const struct attr_change *ch)
{
	struct path p;
	int err = stat_at(dfd, upath, flags, &p);

	if (err)
		return err;
	if (mnt_readonly(&p))
		err = -EROFS;
	else
		err = fn(p.dentry->inode, ch);
	path_put(&p);
	return err;
}

/* do_chmod: only the owner or root (by fsuid); the file type bits never change. */
static int
do_chmod(struct inode *inode, const struct attr_change *ch)
{
	struct iattr ia = { .valid = ATTR_MODE | ATTR_CTIME, .ctime = current_time() };

	if (current->cred.fsuid != 0 && current->cred.fsuid != inode->uid)
		return -EPERM;
	ia.mode = (inode->mode & S_IFMT) | (ch->mode & 07777);
	return notify_change(inode, &ia);
}

/*
 * do_chown: root only (an owner giving a file to one of its own groups, as
 * Linux allows, is refused here); -1 leaves an id as it is.
 */
static int
do_chown(struct inode *inode, const struct attr_change *ch)
{
	struct iattr ia = { .valid = ATTR_CTIME, .uid = ch->uid, .gid = ch->gid,
			    .ctime = current_time() };

	if (current->cred.fsuid != 0)
		return -EPERM;
	if (ch->uid != (uint32_t)-1)
		ia.valid |= ATTR_UID;
	if (ch->gid != (uint32_t)-1)
		ia.valid |= ATTR_GID;
	return notify_change(inode, &ia);
}

/* sys_chmod implements chmod(2). */
SYSCALL_DEFINE2(chmod, uaddr_t, filename, uint32_t, mode)
{
	struct attr_change ch = { .mode = mode };

	return setattr_at(AT_FDCWD, filename, 0, do_chmod, &ch);
}

/* sys_fchmodat implements fchmodat(2). */
SYSCALL_DEFINE3(fchmodat, int, dfd, uaddr_t, filename, uint32_t, mode)
{
	struct attr_change ch = { .mode = mode };

	return setattr_at(dfd, filename, 0, do_chmod, &ch);
}

/* sys_fchmod implements fchmod(2). */
SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
	struct file *f = fget(fd);
	struct attr_change ch = { .mode = mode };

	if (!f)
		return -EBADF;
	if (f->inode->sb && (f->inode->sb->flags & SB_RDONLY))
		return -EROFS;
	return do_chmod(f->inode, &ch);
}

/* sys_chown implements chown(2). */
SYSCALL_DEFINE3(chown, uaddr_t, filename, uint32_t, user, uint32_t, group)
{
	struct attr_change ch = { .uid = user, .gid = group };

	return setattr_at(AT_FDCWD, filename, 0, do_chown, &ch);
}

/* sys_lchown implements lchown(2). */
SYSCALL_DEFINE3(lchown, uaddr_t, filename, uint32_t, user, uint32_t, group)
{
	struct attr_change ch = { .uid = user, .gid = group };

	return setattr_at(AT_FDCWD, filename, AT_SYMLINK_NOFOLLOW, do_chown, &ch);
}

/* sys_fchownat implements fchownat(2). */
SYSCALL_DEFINE5(fchownat, int, dfd, uaddr_t, filename, uint32_t, user, uint32_t, group, int, flag)
{
	struct attr_change ch = { .uid = user, .gid = group };

	return setattr_at(dfd, filename, flag, do_chown, &ch);
}

/* sys_fchown implements fchown(2). */
SYSCALL_DEFINE3(fchown, int, fd, uint32_t, user, uint32_t, group)
{
	struct file *f = fget(fd);
	struct attr_change ch = { .uid = user, .gid = group };

	if (!f)
		return -EBADF;
	if (f->inode->sb && (f->inode->sb->flags & SB_RDONLY))
		return -EROFS;
	return do_chown(f->inode, &ch);
}

/* sys_umask implements umask(2). */
SYSCALL_DEFINE1(umask, uint32_t, mask)
{
	uint32_t old = current->fs->umask;

	current->fs->umask = mask & 0777;
	return old;
}

/* do_utimes sets the times from the guest's two timespecs (UTIME_NOW, UTIME_OMIT), or to now. */
static int
do_utimes(struct inode *inode, const struct attr_change *ch)
{
	struct { int64_t sec, nsec; } ts[2];
	struct kts now = current_time();
	struct iattr ia = { .valid = ATTR_CTIME, .ctime = now };

	if (!uaddr_is_null(ch->times)) {
		if (copy_from_user(ts, ch->times, sizeof(ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			struct kts *dst = i ? &ia.mtime : &ia.atime;

			if (ts[i].nsec == UTIME_OMIT)
				continue;
			ia.valid |= i ? ATTR_MTIME : ATTR_ATIME;
			if (ts[i].nsec == UTIME_NOW)
				*dst = now;
			else {
				dst->sec = ts[i].sec;
				dst->nsec = (uint32_t)ts[i].nsec;
			}
		}
	} else {
		ia.valid |= ATTR_ATIME | ATTR_MTIME;
		ia.atime = ia.mtime = now;
	}
	return notify_change(inode, &ia);
}

/* sys_utimensat implements utimensat(2); a NULL name means dfd itself. */
SYSCALL_DEFINE4(utimensat, int, dfd, uaddr_t, filename, uaddr_t, utimes, int, flags)
{
	struct attr_change ch = { .times = utimes };

	if (uaddr_is_null(filename)) {
		struct file *f = fget(dfd);

		if (!f)
			return -EBADF;
		return do_utimes(f->inode, &ch);
	}
	return setattr_at(dfd, filename, flags, do_utimes, &ch);
}

/* do_utimes_tv sets the times from the guest's two timevals, or to now. */
static int
do_utimes_tv(struct inode *inode, const struct attr_change *ch)
{
	struct { int64_t sec, usec; } tv[2];
	struct iattr ia = { .valid = ATTR_ATIME | ATTR_MTIME | ATTR_CTIME, .ctime = current_time() };

	if (uaddr_is_null(ch->times))
		return do_utimes(inode, ch);
	if (copy_from_user(tv, ch->times, sizeof(tv)))
		return -EFAULT;
	ia.atime.sec = tv[0].sec;
	ia.atime.nsec = (uint32_t)(tv[0].usec * 1000);
	ia.mtime.sec = tv[1].sec;
	ia.mtime.nsec = (uint32_t)(tv[1].usec * 1000);
	return notify_change(inode, &ia);
}

/* sys_utimes implements utimes(2). */
SYSCALL_DEFINE2(utimes, uaddr_t, filename, uaddr_t, utimes)
{
	struct attr_change ch = { .times = utimes };

	return setattr_at(AT_FDCWD, filename, 0, do_utimes_tv, &ch);
}

/* do_utime sets the times from the guest's utimbuf (two seconds), or to now. */
static int
do_utime(struct inode *inode, const struct attr_change *ch)
{
	int64_t t[2];
	struct iattr ia = { .valid = ATTR_ATIME | ATTR_MTIME | ATTR_CTIME, .ctime = current_time() };

	if (uaddr_is_null(ch->times))
		return do_utimes(inode, ch);
	if (copy_from_user(t, ch->times, sizeof(t)))
		return -EFAULT;
	ia.atime.sec = t[0];
	ia.mtime.sec = t[1];
	return notify_change(inode, &ia);
}

/* sys_utime implements utime(2). */
SYSCALL_DEFINE2(utime, uaddr_t, filename, uaddr_t, times)
{
	struct attr_change ch = { .times = times };

	return setattr_at(AT_FDCWD, filename, 0, do_utime, &ch);
}

static int
do_truncate(struct inode *inode, uint64_t size)
{
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	if (!inode->i_op || !inode->i_op->truncate)
		return -EPERM;
	return inode->i_op->truncate(inode, size);
}

/* sys_truncate implements truncate(2): the file's type, then a writable mount, then permission. */
SYSCALL_DEFINE2(truncate, uaddr_t, path, loff_t, length)
{
	struct inode *inode;
	struct path p;
	int err;

	if (length < 0)
		return -EINVAL;
	err = stat_at(AT_FDCWD, path, 0, &p);
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
		err = do_truncate(inode, (uint64_t)length);
	path_put(&p);
	return err;
}

/* sys_ftruncate implements ftruncate(2). */
SYSCALL_DEFINE2(ftruncate, int, fd, loff_t, length)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (length < 0 || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return do_truncate(f->inode, (uint64_t)length);
}

/* sys_fsync implements fsync(2) and fdatasync(2). */
SYSCALL_DEFINE1(fsync, int, fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return vfs_fsync(f);
}

/* sys_sync implements sync(2): every filesystem's data and metadata, then every disk. */
SYSCALL_DEFINE0(sync)
{
	sync_filesystems();
	blk_sync_all();
	return 0;
}

/* sys_syncfs implements syncfs(2): the filesystem fd is on. */
SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fget(fd);
	struct super_block *sb;

	if (!f)
		return -EBADF;
	sb = f->inode->sb;
	return sb && sb->sync_fs ? sb->sync_fs(sb) : 0;
}

/*
 * sys_fallocate implements fallocate(2), with Linux's checks in its
 * order: the mode, the range, the file's access mode and type, then the
 * filesystem's own operation (EOPNOTSUPP without one).
 */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, loff_t, offset, loff_t, len)
{
	struct file *f = fget(fd);
	struct inode *inode;
	const int known = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_NO_HIDE_STALE |
			  FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |
			  FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE;
	int err;

	if (!f)
		return -EBADF;
	inode = f->inode;
	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~known)
		return -EOPNOTSUPP;
	if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) ==
	    (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if ((mode & (FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE)) &&
	    (mode & ~(FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE)))
		return -EINVAL;
	if ((mode & FALLOC_FL_ZERO_RANGE) && (mode & ~(FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE)))
		return -EINVAL;
	if ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))
		return -EBADF;
	if ((mode & ~FALLOC_FL_KEEP_SIZE) && (f->flags & O_APPEND))
		return -EPERM;
	if (S_ISFIFO(inode->mode))
		return -ESPIPE;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode) && !S_ISBLK(inode->mode))
		return -ENODEV;
	if ((uint64_t)offset + (uint64_t)len > (uint64_t)INT64_MAX)
		return -EFBIG;
	if (!S_ISREG(inode->mode) || !inode->i_op || !inode->i_op->fallocate)
		return -EOPNOTSUPP;
	err = inode->i_op->fallocate(inode, mode, (uint64_t)offset, (uint64_t)len);
	return err;
}
