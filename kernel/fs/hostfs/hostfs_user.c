// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host half of hostfs: the system calls on the host's files, for
 * hostfs_kern.c (the interface and its rules are in hostfs.h). This is
 * host code (like the drivers' *_user.c): it includes host headers and
 * reads the parsed command line (hostfs=) from um_cfg.
 *
 * How the host kernel keeps a mount inside its directory, race-free:
 *   - The mount's root is opened with openat2(RESOLVE_BENEATH |
 *     RESOLVE_NO_MAGICLINKS) from the hostfs= directory (or "/"), so
 *     ".." or a symlink in the mount data cannot leave it (EXDEV from the
 *     host, reported as EACCES).
 *   - Below the root, every object is opened from its parent's descriptor
 *     by one component with RESOLVE_NO_SYMLINKS (O_PATH | O_NOFOLLOW for
 *     the last one): a symlink is never followed on the host, only shown
 *     to the guest, whose own walk follows its text in the guest's tree.
 *     A directory renamed or replaced on the host meanwhile changes
 *     nothing: descriptors follow objects, not names.
 *   - Operations on an object itself go through its descriptor (fstat,
 *     fchownat AT_EMPTY_PATH, readlinkat ""), or, where the host has no
 *     descriptor form (chmod, truncate, utimes of a file, reopening for
 *     I/O, link), through /proc/self/fd/N, which names exactly the object
 *     the descriptor holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostfs.h"
#include "um_params.h"

/* Some hosts' headers predate openat2 (Linux 5.6). */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static void
fill_stat(const struct stat *s, struct hostfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = s->st_dev;
	st->ino = s->st_ino;
	st->mode = s->st_mode;
	st->nlink = (uint32_t)s->st_nlink;
	st->uid = s->st_uid;
	st->gid = s->st_gid;
	st->rdev_major = major(s->st_rdev);
	st->rdev_minor = minor(s->st_rdev);
	st->size = (uint64_t)s->st_size;
	st->blocks = (uint64_t)s->st_blocks;
	st->atime_sec = s->st_atim.tv_sec;
	st->atime_nsec = (uint32_t)s->st_atim.tv_nsec;
	st->mtime_sec = s->st_mtim.tv_sec;
	st->mtime_nsec = (uint32_t)s->st_mtim.tv_nsec;
	st->ctime_sec = s->st_ctim.tv_sec;
	st->ctime_nsec = (uint32_t)s->st_ctim.tv_nsec;
	st->blksize = (uint32_t)s->st_blksize;
}

/* one_name: a single path component, never "." or ".." (the guest's VFS resolves those). */
static bool
one_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/*
 * openat2_fd: the host says EAGAIN when a rename or mount elsewhere raced
 * with a RESOLVE_BENEATH walk; it is safe to try again (a few times).
 */
static int
openat2_fd(int dir, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = { .flags = (uint64_t)(flags | O_CLOEXEC), .resolve = resolve };
	long fd;
	int tries = 0;

	do
		fd = syscall(SYS_openat2, dir, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN && ++tries < 64);
	return fd < 0 ? -errno : (int)fd;
}

/* The descriptors hostfs holds, and how many it should (hostfs_fds_low). */
static long nfds, fd_budget = 512;

/* kept counts a descriptor hostfs keeps (r >= 0) and passes r on. */
static int
kept(int r)
{
	if (r >= 0)
		nfds++;
	return r;
}

/*
 * more_files raises the soft RLIMIT_NOFILE to the hard one, once, and
 * gives hostfs half of it: every hostfs inode the guest has cached holds
 * a descriptor.
 */
static void
more_files(void)
{
	static bool done;
	struct rlimit rl;

	if (done)
		return;
	done = true;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	fd_budget = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1 << 20) ? 1 << 19 :
		    (long)rl.rlim_cur / 2;
}

int
hostfs_fds_low(void)
{
	return nfds >= fd_budget;
}

/* opened hands an O_PATH descriptor just opened to the caller, with its attributes (closed on failure). */
static int
opened(int r, int *fd, struct hostfs_stat *st)
{
	struct stat s;

	if (fstat(r, &s) < 0) {
		int err = -errno;

		hostfs_close(r);
		return err;
	}
	fill_stat(&s, st);
	*fd = r;
	return 0;
}

int
hostfs_mount_root(const char *data, int *fd, struct hostfs_stat *st)
{
	const char *top = um_cfg && um_cfg->hostfs ? um_cfg->hostfs : "/";
	int base, r;

	more_files();
	base = open(top, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (base < 0)
		return -errno;
	while (data && *data == '/')
		data++;
	if (!data || !*data)
		data = ".";
	r = kept(openat2_fd(base, data, O_PATH | O_DIRECTORY,
			    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS));
	close(base);
	if (r == -EXDEV)
		r = -EACCES;	/* it would leave the hostfs= directory */
	if (r < 0)
		return r;
	return opened(r, fd, st);
}

int
hostfs_lookup(int dir, const char *name, int *fd, struct hostfs_stat *st)
{
	int r;

	if (!one_name(name))
		return -EINVAL;
	r = kept(openat2_fd(dir, name, O_PATH | O_NOFOLLOW,
			    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS));
	if (r < 0)
		return r;
	return opened(r, fd, st);
}

int
hostfs_stat_at(int dir, const char *name, struct hostfs_stat *st)
{
	struct stat s;

	if (!one_name(name))
		return -EINVAL;
	if (fstatat(dir, name, &s, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	fill_stat(&s, st);
	return 0;
}

int
hostfs_stat(int fd, struct hostfs_stat *st)
{
	struct stat s;

	if (fstat(fd, &s) < 0)
		return -errno;
	fill_stat(&s, st);
	return 0;
}

int
hostfs_statfs(int fd, struct hostfs_statfs *st)
{
	struct statfs s;

	if (fstatfs(fd, &s) < 0)
		return -errno;
	st->bsize = (uint64_t)s.f_bsize;
	st->blocks = s.f_blocks;
	st->bfree = s.f_bfree;
	st->bavail = s.f_bavail;
	st->files = s.f_files;
	st->ffree = s.f_ffree;
	st->namelen = (uint64_t)s.f_namelen;
	st->frsize = (uint64_t)s.f_frsize;
	st->flags = (uint64_t)s.f_flags;
	return 0;
}

void
hostfs_close(int fd)
{
	if (fd >= 0) {
		close(fd);
		nfds--;
	}
}

/* proc_path names the object behind fd for the calls that have no descriptor form. */
static void
proc_path(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

int
hostfs_open(int path, int flags, int *fd)
{
	char p[40];
	int r;

	proc_path(p, sizeof(p), path);
	/*
	 * O_APPEND is the guest's to change (fcntl), so it is not put on the
	 * host descriptor, where it would make every pwrite append:
	 * hostfs_pwrite sets it for each appending write. With
	 * hostfs=...,append every writable file is opened so, as UML does.
	 */
	flags &= O_ACCMODE | O_DIRECTORY | O_NONBLOCK | O_SYNC | O_DSYNC | O_DIRECT | O_NOATIME |
		 O_LARGEFILE;
	if (um_cfg && um_cfg->hostfs_append && (flags & O_ACCMODE) != O_RDONLY)
		flags |= O_APPEND;
	r = open(p, flags | O_CLOEXEC | O_NOCTTY);
	if (r < 0 && errno == EINVAL && (flags & O_DIRECT))
		r = open(p, (flags & ~O_DIRECT) | O_CLOEXEC | O_NOCTTY);
	if (r < 0)
		return -errno;
	*fd = kept(r);
	return 0;
}

int64_t
hostfs_pread(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);

	return n < 0 ? -errno : n;
}

int64_t
hostfs_pwrite(int fd, const void *buf, size_t len, uint64_t off, int append, uint64_t *end)
{
	ssize_t n;

	if (um_cfg && um_cfg->hostfs_append)
		append = 1;
	if (append) {
		int fl = fcntl(fd, F_GETFL), err;
		off_t pos;

		/* write() on an O_APPEND descriptor: the host appends atomically. */
		if (fl < 0 || (!(fl & O_APPEND) && fcntl(fd, F_SETFL, fl | O_APPEND) < 0))
			return -errno;
		n = write(fd, buf, len);
		err = errno;
		pos = lseek(fd, 0, SEEK_CUR);
		if (!(fl & O_APPEND))
			fcntl(fd, F_SETFL, fl);
		if (n < 0)
			return -err;
		*end = pos < 0 ? 0 : (uint64_t)pos;
		return n;
	}
	n = pwrite(fd, buf, len, (off_t)off);
	if (n < 0)
		return -errno;
	*end = off + (uint64_t)n;
	return n;
}

int64_t
hostfs_seek_data(int fd, int64_t off, int whence)
{
	off_t r = lseek(fd, off, whence);

	return r < 0 ? -errno : r;
}

int
hostfs_fsync(int fd, int datasync)
{
	return (datasync ? fdatasync(fd) : fsync(fd)) < 0 ? -errno : 0;
}

int64_t
hostfs_readdir(int fd, uint64_t pos, void *buf, size_t len)
{
	long n;

	if (lseek(fd, (off_t)pos, SEEK_SET) < 0)
		return -errno;
	n = syscall(SYS_getdents64, fd, buf, len);
	return n < 0 ? -errno : n;
}

int
hostfs_mknod(int dir, const char *name, uint32_t mode, uint32_t ma, uint32_t mi)
{
	if (!one_name(name))
		return -EINVAL;
	return mknodat(dir, name, mode, makedev(ma, mi)) < 0 ? -errno : 0;
}

int
hostfs_mkdir(int dir, const char *name, uint32_t mode)
{
	if (!one_name(name))
		return -EINVAL;
	return mkdirat(dir, name, mode) < 0 ? -errno : 0;
}

int
hostfs_symlink(int dir, const char *name, const char *target)
{
	if (!one_name(name))
		return -EINVAL;
	return symlinkat(target, dir, name) < 0 ? -errno : 0;
}

/*
 * hostfs_link: linkat with AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH on the
 * host; the /proc/self/fd name works for any user (as a magic link it
 * leads to the object itself, even a symlink).
 */
int
hostfs_link(int old, int dir, const char *name)
{
	char p[40];

	if (!one_name(name))
		return -EINVAL;
	proc_path(p, sizeof(p), old);
	return linkat(AT_FDCWD, p, dir, name, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
}

int
hostfs_unlink(int dir, const char *name)
{
	if (!one_name(name))
		return -EINVAL;
	return unlinkat(dir, name, 0) < 0 ? -errno : 0;
}

int
hostfs_rmdir(int dir, const char *name)
{
	if (!one_name(name))
		return -EINVAL;
	return unlinkat(dir, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

int
hostfs_rename(int odir, const char *oname, int ndir, const char *nname, unsigned int flags)
{
	if (!one_name(oname) || !one_name(nname))
		return -EINVAL;
	return syscall(SYS_renameat2, odir, oname, ndir, nname, flags) < 0 ? -errno : 0;
}

int
hostfs_readlink(int fd, char *buf, size_t len)
{
	ssize_t n = readlinkat(fd, "", buf, len);

	return n < 0 ? -errno : (int)n;
}

int
hostfs_chmod(int fd, uint32_t mode)
{
	char p[40];

	proc_path(p, sizeof(p), fd);
	return chmod(p, mode & 07777) < 0 ? -errno : 0;
}

int
hostfs_chown(int fd, uint32_t uid, uint32_t gid)
{
	return fchownat(fd, "", (uid_t)uid, (gid_t)gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0 ?
	       -errno : 0;
}

int
hostfs_utimes(int fd, unsigned int which, int64_t asec, uint32_t ansec, int64_t msec,
	      uint32_t mnsec)
{
	struct timespec ts[2] = {
		{ .tv_sec = asec, .tv_nsec = (which & HOSTFS_SET_ATIME) ? (long)ansec : UTIME_OMIT },
		{ .tv_sec = msec, .tv_nsec = (which & HOSTFS_SET_MTIME) ? (long)mnsec : UTIME_OMIT },
	};
	char p[40];

	if (!utimensat(fd, "", ts, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return 0;
	if (errno != EINVAL)
		return -errno;
	/* Hosts before Linux 5.8 take no AT_EMPTY_PATH here. */
	proc_path(p, sizeof(p), fd);
	return utimensat(AT_FDCWD, p, ts, 0) < 0 ? -errno : 0;
}

int
hostfs_truncate(int fd, uint64_t size)
{
	char p[40];

	proc_path(p, sizeof(p), fd);
	return truncate(p, (off_t)size) < 0 ? -errno : 0;
}
