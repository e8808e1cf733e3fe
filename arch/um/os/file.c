// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, files: thin wrappers around open/read/write/pread/pwrite/fsync/
 * close/fstat for the drivers (ubd disks, console). Each returns the result
 * or -errno and retries EINTR (the tick timer interrupts blocking calls).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os.h"

#define CATCH_EINTR(expr) ({						\
	__typeof__(expr) __r;						\
	do {								\
		__r = (expr);						\
	} while (__r < 0 && errno == EINTR);				\
	__r;								\
})

/*
 * host_open_flags turns OS_O_* into the host's O_* (the kernel never sees
 * the host's values), always with O_CLOEXEC: no guest process may inherit
 * a kernel fd, and they are all started by exec.
 */
static int
host_open_flags(int flags)
{
	int f = O_CLOEXEC;

	switch (flags & 3) {
	case OS_O_WRONLY:
		f |= O_WRONLY;
		break;
	case OS_O_RDWR:
		f |= O_RDWR;
		break;
	default:
		f |= O_RDONLY;
		break;
	}
	if (flags & OS_O_CREAT)
		f |= O_CREAT;
	if (flags & OS_O_EXCL)
		f |= O_EXCL;
	if (flags & OS_O_TRUNC)
		f |= O_TRUNC;
	if (flags & OS_O_APPEND)
		f |= O_APPEND;
	if (flags & OS_O_NONBLOCK)
		f |= O_NONBLOCK;
	return f;
}

int
os_open(const char *path, int flags, unsigned int mode)
{
	int fd = CATCH_EINTR(open(path, host_open_flags(flags), (mode_t)mode));

	return fd < 0 ? -errno : fd;
}

int64_t
os_read(int fd, void *buf, size_t len)
{
	ssize_t n = CATCH_EINTR(read(fd, buf, len));

	return n < 0 ? -errno : n;
}

int64_t
os_write(int fd, const void *buf, size_t len)
{
	ssize_t n = CATCH_EINTR(write(fd, buf, len));

	return n < 0 ? -errno : n;
}

int64_t
os_pread(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = CATCH_EINTR(pread(fd, buf, len, (off_t)off));

	return n < 0 ? -errno : n;
}

int
os_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len) {
		int64_t n = os_pread(fd, p, len, off);

		if (n < 0)
			return (int)n;
		if (n == 0) {
			memset(p, 0, len);	/* past the end of a short file */
			return 0;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int64_t
os_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
	ssize_t n = CATCH_EINTR(pwrite(fd, buf, len, (off_t)off));

	return n < 0 ? -errno : n;
}

/* os_pwrite_full writes all len bytes at off, retrying short writes (a full disk is -ENOSPC). */
int
os_pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;

	while (len) {
		int64_t n = os_pwrite(fd, p, len, off);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -ENOSPC;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/* os_fdatasync makes fd's data (and the size) durable; returns 0 or -errno. */
int
os_fdatasync(int fd)
{
	return fdatasync(fd) < 0 ? -errno : 0;
}

int
os_fsync(int fd)
{
	int r = CATCH_EINTR(fsync(fd));

	return r < 0 ? -errno : 0;
}

int
os_close(int fd)
{
	/* Linux always releases the fd, even on EINTR: never retry. */
	return close(fd) < 0 ? -errno : 0;
}

int
os_fstat(int fd, struct os_stat *st)
{
	struct stat s;

	if (fstat(fd, &s) < 0)
		return -errno;
	st->size = (uint64_t)s.st_size;
	st->mtime_ns = (int64_t)s.st_mtim.tv_sec * 1000000000 + s.st_mtim.tv_nsec;
	st->mode = s.st_mode;
	st->blksize = (uint32_t)s.st_blksize;
	return 0;
}

int
os_check_fd(int fd, bool write)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -errno;
	if (fl & O_PATH)
		return -EACCES;
	if ((fl & O_ACCMODE) == (write ? O_RDONLY : O_WRONLY))
		return -EACCES;
	return 0;
}
