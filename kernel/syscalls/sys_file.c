// SPDX-License-Identifier: GPL-2.0-only
/*
 * File system calls, I/O side: open and close, read and write (through a
 * kernel bounce buffer of at most 64 KiB per step), lseek, pipes, dup,
 * fcntl and ioctl. Copies between files (sendfile, splice, tee,
 * copy_file_range) are in sys_splice.c, names and attributes in
 * sys_namei.c, sys_stat.c and sys_attr.c; everything below is the VFS
 * (kernel/fs).
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "kernel/wait.h"
#include "uapi/ioctls.h"
#include "internal.h"

#define BOUNCE (64 * 1024)

char *
getname(uaddr_t upath)
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

/* bounce_alloc clamps *len as Linux does (MAX_RW_COUNT) and gives a buffer for one step. */
static char *
bounce_alloc(uint64_t *len)
{
	if (*len > MAX_RW_COUNT)
		*len = MAX_RW_COUNT;
	return kmalloc(*len < BOUNCE ? (*len ? *len : 1) : BOUNCE);
}

/*
 * rw_step_done ends one step of a long read or write: it stops the call
 * (with what was done so far) when a fatal signal is pending, as Linux's
 * file read and write loops do, and is a preemption point otherwise.
 * Returns true if the call should stop.
 */
bool
rw_step_done(void)
{
	if (fatal_signal_pending(current))
		return true;
	cond_resched();
	return false;
}

/*
 * do_read and do_write move up to MAX_RW_COUNT bytes in BOUNCE steps. The
 * caller's file stays referenced throughout: a step may yield the CPU, and
 * another thread may close the descriptor meanwhile.
 */
int64_t
do_read(struct file *f, uaddr_t ubuf, uint64_t len, uint64_t *pos)
{
	char *buf;
	int64_t total = 0;

	if (f->f_op && f->f_op->read_user) {
		file_get(f);
		total = vfs_read_user(f, ubuf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len, pos);
		file_put(f);
		return total;
	}
	buf = bounce_alloc(&len);
	if (!buf)
		return -ENOMEM;
	file_get(f);
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
		ubuf = uaddr_add(ubuf, n);
		len -= n;
		/* Short read: the source has no more right now. */
		if ((size_t)n < chunk || !S_ISREG(f->inode->mode))
			break;
		if (len && rw_step_done())
			break;
	}
	file_put(f);
	kfree(buf);
	return total;
}

int64_t
do_write(struct file *f, uaddr_t ubuf, uint64_t len, uint64_t *pos)
{
	char *buf;
	int64_t total = 0;

	if (f->f_op && f->f_op->write_user) {
		file_get(f);
		total = vfs_write_user(f, ubuf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len, pos);
		file_put(f);
		return total;
	}
	buf = bounce_alloc(&len);
	if (!buf)
		return -ENOMEM;
	file_get(f);
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
		ubuf = uaddr_add(ubuf, n);
		len -= n;
		if ((size_t)n < chunk)
			break;
		if (len && rw_step_done())
			break;
	}
	file_put(f);
	kfree(buf);
	return total;
}

/*
 * seekable: the files a positional read or write (pread, pwrite) applies to; others are ESPIPE.
 */
static bool
seekable(struct file *f)
{
	return S_ISREG(f->inode->mode) || S_ISBLK(f->inode->mode) || S_ISDIR(f->inode->mode);
}

/* sys_read implements read(2). */
SYSCALL_DEFINE3(read, int, fd, uaddr_t, buf, size_t, count)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return do_read(f, buf, count, &f->pos);
}

/* sys_write implements write(2). */
SYSCALL_DEFINE3(write, int, fd, uaddr_t, buf, size_t, count)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return do_write(f, buf, count, &f->pos);
}

/* sys_pread64 implements pread64(2). */
SYSCALL_DEFINE4(pread64, int, fd, uaddr_t, buf, size_t, count, loff_t, pos)
{
	struct file *f = fget(fd);
	uint64_t p = (uint64_t)pos;

	if (!f)
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if (pos < 0)
		return -EINVAL;
	return do_read(f, buf, count, &p);
}

/* sys_pwrite64 implements pwrite64(2). */
SYSCALL_DEFINE4(pwrite64, int, fd, uaddr_t, buf, size_t, count, loff_t, pos)
{
	struct file *f = fget(fd);
	uint64_t p = (uint64_t)pos;

	if (!f)
		return -EBADF;
	if (!seekable(f))
		return -ESPIPE;
	if (pos < 0)
		return -EINVAL;
	return do_write(f, buf, count, &p);
}

struct iovec64 {
	uint64_t base, len;
};


/*
 * do_iov implements readv and writev: the vector is read and checked
 * first (a length that is negative as ssize_t is EINVAL), and the total is
 * cut to MAX_RW_COUNT, as Linux's import_iovec does; then one segment at a
 * time, stopping at the first short one.
 */
static int64_t
do_iov(int fd, uaddr_t uiov, uint64_t cnt, bool write)
{
	struct file *f = fget(fd);
	struct iovec64 *iov;
	uint64_t left = MAX_RW_COUNT;
	int64_t total = 0;

	if (!f)
		return -EBADF;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (!cnt)
		return 0;
	iov = kmalloc(cnt * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (uint64_t i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].len < 0) {
			kfree(iov);
			return -EINVAL;
		}
		if (iov[i].len > left)
			iov[i].len = left;
		left -= iov[i].len;
	}
	/* A socket takes the vector as one message (a datagram is not split per segment). */
	if (file_is_socket(f)) {
		file_get(f);
		total = sock_rw_iov(f, (const struct user_iovec *)iov, cnt, write);
		file_put(f);
		kfree(iov);
		return total;
	}
	file_get(f);
	for (uint64_t i = 0; i < cnt; i++) {
		int64_t n;

		if (!iov[i].len)
			continue;
		n = write ? do_write(f, u64_to_uaddr(iov[i].base), iov[i].len, &f->pos) :
			    do_read(f, u64_to_uaddr(iov[i].base), iov[i].len, &f->pos);
		if (n < 0) {
			if (!total)
				total = n;
			break;
		}
		total += n;
		if ((uint64_t)n < iov[i].len)
			break;
	}
	file_put(f);
	kfree(iov);
	return total;
}

/* sys_readv implements readv(2). */
SYSCALL_DEFINE3(readv, int, fd, uaddr_t, vec, uint64_t, vlen)
{
	return do_iov(fd, vec, vlen, false);
}

/* sys_writev implements writev(2). */
SYSCALL_DEFINE3(writev, int, fd, uaddr_t, vec, uint64_t, vlen)
{
	return do_iov(fd, vec, vlen, true);
}

static int64_t
openat(int dfd, uaddr_t upath, int flags, uint32_t mode)
{
	char *name = getname(upath);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	f = do_open(dfd, name, flags, mode);
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
SYSCALL_DEFINE3(open, uaddr_t, filename, int, flags, uint32_t, mode)
{
	return openat(AT_FDCWD, filename, flags, mode);
}

/* sys_openat implements openat(2). */
SYSCALL_DEFINE4(openat, int, dfd, uaddr_t, filename, int, flags, uint32_t, mode)
{
	return openat(dfd, filename, flags, mode);
}

/* sys_close implements close(2). */
SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fd);
}

/* sys_lseek implements lseek(2). */
SYSCALL_DEFINE3(lseek, int, fd, loff_t, offset, int, whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, offset, whence);
	if (S_ISFIFO(f->inode->mode) || S_ISSOCK(f->inode->mode))
		return -ESPIPE;
	if (S_ISCHR(f->inode->mode))
		return 0;
	return generic_llseek(f, offset, whence);
}


static int64_t
pipe_common(uaddr_t ufds, int flags)
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
SYSCALL_DEFINE1(pipe, uaddr_t, fildes)
{
	return pipe_common(fildes, 0);
}

/* sys_pipe2 implements pipe2(2). */
SYSCALL_DEFINE2(pipe2, uaddr_t, fildes, int, flags)
{
	return pipe_common(fildes, flags);
}

/* sys_dup implements dup(2). */
SYSCALL_DEFINE1(dup, int, fildes)
{
	struct file *f = fget(fildes);
	int fd;

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
	if (newfd < 0 || (uint64_t)newfd >= current->signal->rlim_cur[RLIMIT_NOFILE])
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
SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd)
		return fget(oldfd) ? newfd : -EBADF;
	return dup3(oldfd, newfd, 0);
}

/* sys_dup3 implements dup3(2); flags are checked in all 64 bits. */
SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, uint64_t, flags)
{
	if (flags & ~(uint64_t)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup3(oldfd, newfd, (int)flags);
}

/*
 * sys_fcntl implements fcntl(2). arg is a number or, for the lock
 * commands, the guest's struct flock; the command is compared in all 64
 * bits.
 */
SYSCALL_DEFINE3(fcntl, int, fd, uint64_t, cmd, uint64_t, arg)
{
	struct file *f = fget(fd);
	struct files_struct *fs = current->files;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd;

		if ((int)arg < 0 || arg >= current->signal->rlim_cur[RLIMIT_NOFILE])
			return -EINVAL;
		for (nfd = (int)arg; nfd < fs->max && fs->fd[nfd]; nfd++)
			;
		if ((uint64_t)nfd >= current->signal->rlim_cur[RLIMIT_NOFILE])
			return -EMFILE;
		file_get(f);
		nfd = fd_install_at(nfd, f, cmd == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return fs->cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD:
		fs->cloexec[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags & ~O_CLOEXEC;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)) |
			   (arg & (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME));
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return fcntl_lock(f, (unsigned int)cmd, u64_to_uaddr(arg), false);
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock(f, (unsigned int)cmd, u64_to_uaddr(arg), true);
	case F_GETOWN:
	case F_SETOWN:
		return 0;
	case F_SETPIPE_SZ:
		return pipe_set_size(f, arg);
	case F_GETPIPE_SZ:
		return pipe_get_size(f);
	}
	return -EINVAL;
}

/* sys_flock implements flock(2). */
SYSCALL_DEFINE2(flock, int, fd, int, cmd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return flock_lock(f, cmd);
}

/*
 * sys_ioctl implements ioctl(2): the few commands every file takes, then
 * the file's own. arg is a number or a guest address, as the command
 * says; each ioctl function names it a guest address where it is one. The
 * command is compared in all 64 bits here, in 32 by the file's own.
 */
SYSCALL_DEFINE3(ioctl, int, fd, uint64_t, cmd, uint64_t, arg)
{
	struct file *f = fget(fd);
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		current->files->cloexec[fd] = 1;
		return 0;
	case FIONCLEX:
		current->files->cloexec[fd] = 0;
		return 0;
	case FIONBIO:
		if (get_user(on, u64_to_uaddr(arg)))
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	}
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, (unsigned int)cmd, arg);
}
