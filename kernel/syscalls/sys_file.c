// SPDX-License-Identifier: GPL-2.0-only
/*
 * File system calls: decode the guest's arguments, copy names and buffers
 * in and out, and call the VFS (kernel/fs). Reads and writes go through a
 * kernel bounce buffer of at most 64 KiB per step.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"

#define BOUNCE (64 * 1024)

/* getname copies a guest path into a new kernel buffer. */
static char *
getname(uint64_t upath)
{
	char *buf = kmalloc(PATH_MAX);
	int64_t n;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	return buf;
}

#define WITH_NAME(var, uptr)					\
	char *var = getname(uptr);				\
	if (IS_ERR(var))					\
		return PTR_ERR(var)

static int64_t
do_read(struct file *f, uint64_t ubuf, uint64_t len, uint64_t *pos)
{
	char *buf;
	int64_t total = 0;

	if (len > 0x7ffff000)
		len = 0x7ffff000;
	buf = kmalloc(len < BOUNCE ? (len ? len : 1) : BOUNCE);
	if (!buf)
		return -ENOMEM;
	while (len) {
		size_t chunk = len < BOUNCE ? len : BOUNCE;
		int64_t n = vfs_read(f, buf, chunk, pos);

		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		if (copy_to_user(ubuf, buf, n)) {
			if (!total)
				total = -EFAULT;
			break;
		}
		total += n;
		ubuf += n;
		len -= n;
		/* Short read: the source has no more right now. */
		if ((size_t)n < chunk || !S_ISREG(f->inode->mode))
			break;
	}
	kfree(buf);
	return total;
}

static int64_t
do_write(struct file *f, uint64_t ubuf, uint64_t len, uint64_t *pos)
{
	char *buf;
	int64_t total = 0;

	if (len > 0x7ffff000)
		len = 0x7ffff000;
	buf = kmalloc(len < BOUNCE ? (len ? len : 1) : BOUNCE);
	if (!buf)
		return -ENOMEM;
	if (!len)
		total = vfs_write(f, buf, 0, pos);
	while (len) {
		size_t chunk = len < BOUNCE ? len : BOUNCE;
		int64_t n;

		if (copy_from_user(buf, ubuf, chunk)) {
			if (!total)
				total = -EFAULT;
			break;
		}
		n = vfs_write(f, buf, chunk, pos);
		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		total += n;
		ubuf += n;
		len -= n;
		if ((size_t)n < chunk)
			break;
	}
	kfree(buf);
	return total;
}

static bool
seekable(struct file *f)
{
	return S_ISREG(f->inode->mode) || S_ISBLK(f->inode->mode) || S_ISDIR(f->inode->mode);
}

/* sys_read implements read(2). */
SYSCALL_DEFINE(read)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	return do_read(f, a1, a2, &f->pos);
}

/* sys_write implements write(2). */
SYSCALL_DEFINE(write)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	return do_write(f, a1, a2, &f->pos);
}

/* sys_pread64 implements pread64(2). */
SYSCALL_DEFINE(pread64)
{
	struct file *f = fget((int)a0);
	uint64_t pos = a3;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if ((int64_t)a3 < 0)
		return -EINVAL;
	return do_read(f, a1, a2, &pos);
}

/* sys_pwrite64 implements pwrite64(2). */
SYSCALL_DEFINE(pwrite64)
{
	struct file *f = fget((int)a0);
	uint64_t pos = a3;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if ((int64_t)a3 < 0)
		return -EINVAL;
	return do_write(f, a1, a2, &pos);
}

struct iovec64 {
	uint64_t base, len;
};

static int64_t
do_iov(uint64_t fd, uint64_t uiov, uint64_t cnt, bool write)
{
	struct file *f = fget((int)fd);
	struct iovec64 iov;
	int64_t total = 0;

	if (!f)
		return -EBADF;
	if (cnt > 1024)
		return -EINVAL;
	for (uint64_t i = 0; i < cnt; i++) {
		int64_t n;

		if (copy_from_user(&iov, uiov + i * sizeof(iov), sizeof(iov)))
			return total ? total : -EFAULT;
		if (!iov.len)
			continue;
		n = write ? do_write(f, iov.base, iov.len, &f->pos) :
			    do_read(f, iov.base, iov.len, &f->pos);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((uint64_t)n < iov.len)
			break;
	}
	return total;
}

/* sys_readv implements readv(2). */
SYSCALL_DEFINE(readv)
{
	UNUSED_ARGS();
	return do_iov(a0, a1, a2, false);
}

/* sys_writev implements writev(2). */
SYSCALL_DEFINE(writev)
{
	UNUSED_ARGS();
	return do_iov(a0, a1, a2, true);
}

static int64_t
openat(int dfd, uint64_t upath, int flags, uint32_t mode)
{
	WITH_NAME(name, upath);
	struct file *f = do_open(dfd, name, flags, mode);
	int fd;

	kfree(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	if (fd >= 0 && !(flags & O_NOCTTY))
		tty_open_hook(f);
	return fd;
}

/* sys_open implements open(2). */
SYSCALL_DEFINE(open)
{
	UNUSED_ARGS();
	return openat(AT_FDCWD, a0, (int)a1, (uint32_t)a2);
}

/* sys_openat implements openat(2). */
SYSCALL_DEFINE(openat)
{
	UNUSED_ARGS();
	return openat((int)a0, a1, (int)a2, (uint32_t)a3);
}

/* sys_close implements close(2). */
SYSCALL_DEFINE(close)
{
	UNUSED_ARGS();
	return fd_close((int)a0);
}

/* sys_lseek implements lseek(2). */
SYSCALL_DEFINE(lseek)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, (int64_t)a1, (int)a2);
	if (S_ISFIFO(f->inode->mode) || S_ISSOCK(f->inode->mode))
		return -ESPIPE;
	if (S_ISCHR(f->inode->mode))
		return 0;
	return generic_llseek(f, (int64_t)a1, (int)a2);
}

static int
stat_at(int dfd, uint64_t upath, int flags, struct path *p)
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

static int64_t
stat_common(int dfd, uint64_t upath, int flags, uint64_t ubuf)
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
SYSCALL_DEFINE(stat)
{
	UNUSED_ARGS();
	return stat_common(AT_FDCWD, a0, 0, a1);
}

/* sys_lstat implements lstat(2). */
SYSCALL_DEFINE(lstat)
{
	UNUSED_ARGS();
	return stat_common(AT_FDCWD, a0, AT_SYMLINK_NOFOLLOW, a1);
}

/* sys_fstat implements fstat(2). */
SYSCALL_DEFINE(fstat)
{
	struct file *f = fget((int)a0);
	struct kstat_x86_64 st;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	inode_fill_kstat(f->inode, &st);
	return copy_to_user(a1, &st, sizeof(st));
}

/* sys_newfstatat implements newfstatat(2). */
SYSCALL_DEFINE(newfstatat)
{
	UNUSED_ARGS();
	return stat_common((int)a0, a1, (int)a3, a2);
}

/* sys_statx implements statx(2). */
SYSCALL_DEFINE(statx)
{
	struct kstat_x86_64 st;
	struct statx sx;
	struct path p;
	struct inode *inode;
	int err = stat_at((int)a0, a1, (int)a2, &p);

	UNUSED_ARGS();
	if (err == -EOPNOTSUPP) {
		inode = fget((int)a0)->inode;
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
	return copy_to_user(a4, &sx, sizeof(sx));
}

static int64_t
access_common(int dfd, uint64_t upath, int mode, int flags)
{
	struct path p;
	int err;
	WITH_NAME(name, upath);

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
SYSCALL_DEFINE(access)
{
	UNUSED_ARGS();
	return access_common(AT_FDCWD, a0, (int)a1, 0);
}

/* sys_faccessat implements faccessat(2). */
SYSCALL_DEFINE(faccessat)
{
	UNUSED_ARGS();
	return access_common((int)a0, a1, (int)a2, 0);
}

/* sys_faccessat2 implements faccessat2(2). */
SYSCALL_DEFINE(faccessat2)
{
	UNUSED_ARGS();
	return access_common((int)a0, a1, (int)a2, (int)a3);
}

int do_pipe(struct file **rd, struct file **wr, int flags);

static int64_t
pipe_common(uint64_t ufds, int flags)
{
	struct file *rd, *wr;
	int fds[2];
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = do_pipe(&rd, &wr, flags);
	if (err)
		return err;
	fds[0] = fd_install(rd, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* sys_pipe implements pipe(2). */
SYSCALL_DEFINE(pipe)
{
	UNUSED_ARGS();
	return pipe_common(a0, 0);
}

/* sys_pipe2 implements pipe2(2). */
SYSCALL_DEFINE(pipe2)
{
	UNUSED_ARGS();
	return pipe_common(a0, (int)a1);
}

/* sys_dup implements dup(2). */
SYSCALL_DEFINE(dup)
{
	struct file *f = fget((int)a0);
	int fd;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	file_get(f);
	fd = fd_install(f, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int64_t
dup3(int oldfd, int newfd, int flags)
{
	struct file *f = fget(oldfd);
	int r;

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= FD_MAX)
		return -EBADF;
	if (oldfd == newfd)
		return flags ? -EINVAL : newfd;
	file_get(f);
	r = fd_install_at(newfd, f, flags & O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

/* sys_dup2 implements dup2(2). */
SYSCALL_DEFINE(dup2)
{
	UNUSED_ARGS();
	if (a0 == a1)
		return fget((int)a0) ? (int64_t)a1 : -EBADF;
	return dup3((int)a0, (int)a1, 0);
}

/* sys_dup3 implements dup3(2). */
SYSCALL_DEFINE(dup3)
{
	UNUSED_ARGS();
	if (a2 & ~(uint64_t)O_CLOEXEC)
		return -EINVAL;
	if (a0 == a1)
		return -EINVAL;
	return dup3((int)a0, (int)a1, (int)a2);
}

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_DUPFD_CLOEXEC	1030
#define F_GETPIPE_SZ	1032
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38

/* sys_fcntl implements fcntl(2). */
SYSCALL_DEFINE(fcntl)
{
	int fd = (int)a0;
	struct file *f = fget(fd);
	struct files_struct *fs = current->files;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	switch (a1) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd;

		if ((int)a2 < 0 || a2 >= FD_MAX)
			return -EINVAL;
		for (nfd = (int)a2; nfd < fs->max && fs->fd[nfd]; nfd++)
			;
		if (nfd >= FD_MAX)
			return -EMFILE;
		file_get(f);
		nfd = fd_install_at(nfd, f, a1 == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return fs->cloexec[fd] ? 1 : 0;
	case F_SETFD:
		fs->cloexec[fd] = a2 & 1;
		return 0;
	case F_GETFL:
		return f->flags & ~O_CLOEXEC;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)) |
			   (a2 & (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME));
		return 0;
	case F_GETLK:
	case F_OFD_GETLK: {
		/* No other holder can exist in this model: report the range unlocked. */
		int16_t type = 2 /* F_UNLCK */;

		return copy_to_user(a2, &type, sizeof(type));
	}
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return 0;
	case F_GETOWN:
	case F_SETOWN:
		return 0;
	case F_GETPIPE_SZ:
		return S_ISFIFO(f->inode->mode) ? 65536 : -EBADF;
	}
	return -EINVAL;
}

/* sys_flock implements flock(2): succeeds (one machine, locks not enforced). */
SYSCALL_DEFINE(flock)
{
	UNUSED_ARGS();
	return fget((int)a0) ? 0 : -EBADF;
}

#define FIONBIO		0x5421
#define FIOCLEX		0x5451
#define FIONCLEX	0x5450

/* sys_ioctl implements ioctl(2). */
SYSCALL_DEFINE(ioctl)
{
	struct file *f = fget((int)a0);
	int on;

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	switch (a1) {
	case FIOCLEX:
		current->files->cloexec[a0] = 1;
		return 0;
	case FIONCLEX:
		current->files->cloexec[a0] = 0;
		return 0;
	case FIONBIO:
		if (copy_from_user(&on, a2, sizeof(on)))
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	}
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, (unsigned int)a1, a2);
}

struct getdents_ctx {
	struct dir_context ctx;
	uint64_t ubuf;
	size_t size, used;
	int err;
	bool old;	/* getdents (linux_dirent) instead of getdents64 */
};

static bool
filldir64(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
	  unsigned int type)
{
	struct getdents_ctx *g = (struct getdents_ctx *)ctx;
	size_t reclen = g->old ? (8 + 8 + 2 + len + 2 + 7) & ~(size_t)7 :
				 (8 + 8 + 2 + 1 + len + 1 + 7) & ~(size_t)7;
	uint8_t rec[8 + 8 + 2 + 1 + NAME_MAX + 2 + 8];
	uint64_t off = 0;
	uint16_t rl = (uint16_t)reclen;

	if (g->used + reclen > g->size) {
		if (!g->used)
			g->err = -EINVAL;
		return false;
	}
	memset(rec, 0, reclen);
	memcpy(rec, &ino, 8);
	/* d_off: the position after this entry; the caller's pos is updated by the fs. */
	off = ctx->pos + 1;
	memcpy(rec + 8, &off, 8);
	memcpy(rec + 16, &rl, 2);
	if (g->old) {
		memcpy(rec + 18, name, len);
		rec[reclen - 1] = (uint8_t)type;
	} else {
		rec[18] = (uint8_t)type;
		memcpy(rec + 19, name, len);
	}
	if (copy_to_user(g->ubuf + g->used, rec, reclen)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

static int64_t
getdents_common(uint64_t fd, uint64_t ubuf, uint64_t size, bool old)
{
	struct file *f = fget((int)fd);
	struct getdents_ctx g = { .ctx = { .actor = filldir64 }, .ubuf = ubuf, .size = size, .old = old };
	int err;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	g.ctx.pos = f->pos;
	err = f->f_op->iterate(f, &g.ctx);
	f->pos = g.ctx.pos;
	if (g.err && !g.used)
		return g.err;
	if (err && !g.used)
		return err;
	return (int64_t)g.used;
}

/* sys_getdents64 implements getdents64(2). */
SYSCALL_DEFINE(getdents64)
{
	UNUSED_ARGS();
	return getdents_common(a0, a1, a2, false);
}

/* sys_getdents implements getdents(2). */
SYSCALL_DEFINE(getdents)
{
	UNUSED_ARGS();
	return getdents_common(a0, a1, a2, true);
}

/* sys_getcwd implements getcwd(2). */
SYSCALL_DEFINE(getcwd)
{
	char buf[PATH_MAX];
	int n = path_of(&current->fs->cwd, buf, sizeof(buf));

	UNUSED_ARGS();
	if (n < 0)
		return n;
	if ((uint64_t)n + 1 > a1)
		return -ERANGE;
	if (copy_to_user(a0, buf, n + 1))
		return -EFAULT;
	return n + 1;
}

static int64_t
set_cwd(struct path *p)
{
	int err;

	if (!S_ISDIR(p->dentry->inode->mode)) {
		path_put(p);
		return -ENOTDIR;
	}
	err = inode_permission(p->dentry->inode, 1);
	if (err) {
		path_put(p);
		return err;
	}
	path_put(&current->fs->cwd);
	current->fs->cwd = *p;
	return 0;
}

/* sys_chdir implements chdir(2). */
SYSCALL_DEFINE(chdir)
{
	struct path p;
	int err;
	WITH_NAME(name, a0);

	UNUSED_ARGS();
	err = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(name);
	if (err)
		return err;
	return set_cwd(&p);
}

/* sys_fchdir implements fchdir(2). */
SYSCALL_DEFINE(fchdir)
{
	struct file *f = fget((int)a0);
	struct path p;

	UNUSED_ARGS();
	if (!f || !f->path.dentry)
		return -EBADF;
	p = f->path;
	path_get(&p);
	return set_cwd(&p);
}

/* sys_chroot implements chroot(2). */
SYSCALL_DEFINE(chroot)
{
	struct path p;
	int err;
	WITH_NAME(name, a0);

	UNUSED_ARGS();
	if (current->cred.euid != 0) {
		kfree(name);
		return -EPERM;
	}
	err = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(name);
	if (err)
		return err;
	path_put(&current->fs->root);
	current->fs->root = p;
	return 0;
}

#define NAME_CALL(call, ...)				\
	({						\
		char *__n = getname(a_name);		\
		int64_t __r;				\
		if (IS_ERR(__n))			\
			return PTR_ERR(__n);		\
		__r = call(__VA_ARGS__);		\
		kfree(__n);				\
		__r;					\
	})

/* sys_mkdir implements mkdir(2). */
SYSCALL_DEFINE(mkdir)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_mkdir, AT_FDCWD, __n, (uint32_t)a1);
}

/* sys_mkdirat implements mkdirat(2). */
SYSCALL_DEFINE(mkdirat)
{
	uint64_t a_name = a1;

	UNUSED_ARGS();
	return NAME_CALL(vfs_mkdir, (int)a0, __n, (uint32_t)a2);
}

/* sys_rmdir implements rmdir(2). */
SYSCALL_DEFINE(rmdir)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_rmdir, AT_FDCWD, __n);
}

/* sys_unlink implements unlink(2). */
SYSCALL_DEFINE(unlink)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_unlink, AT_FDCWD, __n);
}

/* sys_unlinkat implements unlinkat(2). */
SYSCALL_DEFINE(unlinkat)
{
	uint64_t a_name = a1;

	UNUSED_ARGS();
	if (a2 & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	if (a2 & AT_REMOVEDIR)
		return NAME_CALL(vfs_rmdir, (int)a0, __n);
	return NAME_CALL(vfs_unlink, (int)a0, __n);
}

static int64_t
mknod_common(int dfd, uint64_t a_name, uint32_t mode, uint64_t dev)
{
	uint64_t rdev = MKDEV((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00));

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && current->cred.euid != 0)
		return -EPERM;
	if (S_ISDIR(mode) || S_ISLNK(mode))
		return -EINVAL;
	return NAME_CALL(vfs_mknod, dfd, __n, mode, rdev);
}

/* sys_mknod implements mknod(2). */
SYSCALL_DEFINE(mknod)
{
	UNUSED_ARGS();
	return mknod_common(AT_FDCWD, a0, (uint32_t)a1, a2);
}

/* sys_mknodat implements mknodat(2). */
SYSCALL_DEFINE(mknodat)
{
	UNUSED_ARGS();
	return mknod_common((int)a0, a1, (uint32_t)a2, a3);
}

static int64_t
symlink_common(uint64_t utarget, int dfd, uint64_t a_name)
{
	char *target = getname(utarget);
	int64_t r;

	if (IS_ERR(target))
		return PTR_ERR(target);
	r = NAME_CALL(vfs_symlink, target, dfd, __n);
	kfree(target);
	return r;
}

/* sys_symlink implements symlink(2). */
SYSCALL_DEFINE(symlink)
{
	UNUSED_ARGS();
	return symlink_common(a0, AT_FDCWD, a1);
}

/* sys_symlinkat implements symlinkat(2). */
SYSCALL_DEFINE(symlinkat)
{
	UNUSED_ARGS();
	return symlink_common(a0, (int)a1, a2);
}

static int64_t
two_names(uint64_t u1, uint64_t u2, char **n1, char **n2)
{
	*n1 = getname(u1);
	if (IS_ERR(*n1))
		return PTR_ERR(*n1);
	*n2 = getname(u2);
	if (IS_ERR(*n2)) {
		kfree(*n1);
		return PTR_ERR(*n2);
	}
	return 0;
}

static int64_t
link_common(int odfd, uint64_t uold, int ndfd, uint64_t unew, int flags)
{
	char *o, *n;
	int64_t r = two_names(uold, unew, &o, &n);

	if (r)
		return r;
	r = vfs_link(odfd, o, ndfd, n, flags);
	kfree(o);
	kfree(n);
	return r;
}

/* sys_link implements link(2). */
SYSCALL_DEFINE(link)
{
	UNUSED_ARGS();
	return link_common(AT_FDCWD, a0, AT_FDCWD, a1, 0);
}

/* sys_linkat implements linkat(2). */
SYSCALL_DEFINE(linkat)
{
	UNUSED_ARGS();
	return link_common((int)a0, a1, (int)a2, a3, (int)a4);
}

static int64_t
rename_common(int odfd, uint64_t uold, int ndfd, uint64_t unew, unsigned flags)
{
	char *o, *n;
	int64_t r;

	if (flags & ~1u /* RENAME_NOREPLACE */)
		return -EINVAL;
	r = two_names(uold, unew, &o, &n);
	if (r)
		return r;
	if (flags & 1) {
		struct path p;

		if (!path_lookup(ndfd, n, 0, &p)) {
			path_put(&p);
			r = -EEXIST;
		}
	}
	if (!r)
		r = vfs_rename(odfd, o, ndfd, n);
	kfree(o);
	kfree(n);
	return r;
}

/* sys_rename implements rename(2). */
SYSCALL_DEFINE(rename)
{
	UNUSED_ARGS();
	return rename_common(AT_FDCWD, a0, AT_FDCWD, a1, 0);
}

/* sys_renameat implements renameat(2). */
SYSCALL_DEFINE(renameat)
{
	UNUSED_ARGS();
	return rename_common((int)a0, a1, (int)a2, a3, 0);
}

/* sys_renameat2 implements renameat2(2). */
SYSCALL_DEFINE(renameat2)
{
	UNUSED_ARGS();
	return rename_common((int)a0, a1, (int)a2, a3, (unsigned)a4);
}

static int64_t
readlink_common(int dfd, uint64_t upath, uint64_t ubuf, uint64_t size)
{
	struct path p;
	char *buf;
	int n;
	WITH_NAME(name, upath);

	if ((int64_t)size <= 0) {
		kfree(name);
		return -EINVAL;
	}
	n = path_lookup(dfd, name, *name ? 0 : LOOKUP_EMPTY, &p);
	kfree(name);
	if (n)
		return n;
	if (!S_ISLNK(p.dentry->inode->mode) || !p.dentry->inode->i_op->readlink) {
		path_put(&p);
		return -EINVAL;
	}
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		path_put(&p);
		return -ENOMEM;
	}
	n = p.dentry->inode->i_op->readlink(p.dentry->inode, buf,
					     size < PATH_MAX ? size : PATH_MAX);
	path_put(&p);
	if (n > 0 && copy_to_user(ubuf, buf, n))
		n = -EFAULT;
	kfree(buf);
	return n;
}

/* sys_readlink implements readlink(2). */
SYSCALL_DEFINE(readlink)
{
	UNUSED_ARGS();
	return readlink_common(AT_FDCWD, a0, a1, a2);
}

/* sys_readlinkat implements readlinkat(2). */
SYSCALL_DEFINE(readlinkat)
{
	UNUSED_ARGS();
	return readlink_common((int)a0, a1, a2, a3);
}

static int64_t
setattr_at(int dfd, uint64_t upath, int flags, int (*fn)(struct inode *, struct path *, uint64_t, uint64_t),
	   uint64_t x, uint64_t y)
{
	struct path p;
	int err = stat_at(dfd, upath, flags, &p);

	if (err)
		return err;
	if ((p.mnt->flags & MNT_RDONLY) || (p.dentry->inode->sb && (p.dentry->inode->sb->flags & SB_RDONLY)))
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
		if (copy_from_user(ts, uts, sizeof(ts)))
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
	if (copy_from_user(tv, utv, sizeof(tv)))
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
	if (copy_from_user(t, ubuf, sizeof(t)))
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

/* sys_truncate implements truncate(2). */
SYSCALL_DEFINE(truncate)
{
	UNUSED_ARGS();
	if ((int64_t)a1 < 0)
		return -EINVAL;
	return setattr_at(AT_FDCWD, a0, 0, do_truncate, a1, 0);
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

struct statfs64 {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

static int64_t
statfs_sb(struct super_block *sb, struct mount *m, uint64_t ubuf)
{
	struct kstatfs ks = { 0 };
	struct statfs64 st;

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
	st.f_flags = (m && (m->flags & MNT_RDONLY)) ? 1 : 0;
	return copy_to_user(ubuf, &st, sizeof(st));
}

/* sys_statfs implements statfs(2). */
SYSCALL_DEFINE(statfs)
{
	struct path p;
	int64_t r;
	WITH_NAME(name, a0);

	UNUSED_ARGS();
	r = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	kfree(name);
	if (r)
		return r;
	r = statfs_sb(p.dentry->sb ? p.dentry->sb : p.mnt->sb, p.mnt, a1);
	path_put(&p);
	return r;
}

/* sys_fstatfs implements fstatfs(2). */
SYSCALL_DEFINE(fstatfs)
{
	struct file *f = fget((int)a0);

	UNUSED_ARGS();
	if (!f)
		return -EBADF;
	if (!f->path.mnt)
		return statfs_sb(f->inode->sb ? f->inode->sb : root_mount->sb, NULL, a1);
	return statfs_sb(f->path.mnt->sb, f->path.mnt, a1);
}

/* sys_sendfile implements sendfile(2) with a bounce buffer. */
SYSCALL_DEFINE(sendfile)
{
	struct file *out = fget((int)a0), *in = fget((int)a1);
	uint64_t pos, *ppos;
	char *buf;
	int64_t total = 0;
	uint64_t count = a3;

	UNUSED_ARGS();
	if (!out || !in)
		return -EBADF;
	if (a2) {
		if (copy_from_user(&pos, a2, sizeof(pos)))
			return -EFAULT;
		ppos = &pos;
	} else {
		ppos = &in->pos;
	}
	buf = kmalloc(BOUNCE);
	if (!buf)
		return -ENOMEM;
	while (count) {
		int64_t n = vfs_read(in, buf, count < BOUNCE ? count : BOUNCE, ppos), w;

		if (n <= 0) {
			if (!total)
				total = n;
			break;
		}
		w = vfs_write(out, buf, (size_t)n, &out->pos);
		if (w < 0) {
			if (!total)
				total = w;
			break;
		}
		total += w;
		count -= (uint64_t)w;
		if (w < n)
			break;
	}
	kfree(buf);
	if (a2 && total >= 0 && copy_to_user(a2, &pos, sizeof(pos)))
		return -EFAULT;
	return total;
}
