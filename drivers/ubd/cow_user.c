// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host half of the COW format: the parts that need files, names and clocks.
 * See cow_user.h; the byte layout lives in cow.c. Used by tools/ and by the
 * ubd driver's host side, never by pure kernel code.
 *
 * A COW file names its backing file by the absolute path it had when the
 * COW file was made, and trusts it only while its size and mtime match
 * the header: a backing file changed under a COW file would silently
 * corrupt the image it stands for. The messages here say which of these
 * went wrong and how to recover, since the user cannot see inside the
 * header.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cow_user.h"

/*
 * cow_absolute_name resolves only the directory part (realpath would also
 * follow a symlink at the end, and UML records the link itself, so a
 * header written here must name what UML's would).
 */
int
cow_absolute_name(const char *name, char *out, size_t outlen)
{
	const char *slash = strrchr(name, '/');
	char dir[PATH_MAX], real[PATH_MAX];
	const char *base;
	int n;

	if (!*name)
		return -ENOENT;
	if (!slash) {
		if (!getcwd(real, sizeof(real)))
			return -errno;
		base = name;
	} else {
		size_t dlen = slash - name;

		if (dlen >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, name, dlen);
		dir[dlen] = '\0';
		/* "/b.img": the directory part is the root. */
		if (!realpath(dlen ? dir : "/", real))
			return -errno;
		base = slash + 1;
	}
	if (strcmp(real, "/") == 0)
		n = snprintf(out, outlen, "/%s", base);
	else
		n = snprintf(out, outlen, "%s/%s", real, base);
	if (n < 0 || (size_t)n >= outlen)
		return -ENAMETOOLONG;
	return 0;
}

int64_t
pread_upto(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (int64_t)got;
}

/* pread_full: a COW bitmap or a sparse image may end before the range; the rest reads as zeros. */
int
pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	int64_t got = pread_upto(fd, buf, len, off);

	if (got < 0)
		return (int)got;
	memset((char *)buf + got, 0, len - (size_t)got);
	return 0;
}

int
pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * cow_read_header reads as much of the largest header as the file has; a
 * file shorter than a header is told apart from a bad one by the parser
 * (cow.c), which gets the length read.
 */
int
cow_read_header(int fd, struct cow_info *info, enum cow_status *st)
{
	unsigned char buf[COW_HEADER_MAX];
	int64_t got = pread_upto(fd, buf, sizeof(buf), 0);

	if (got < 0)
		return (int)got;
	*st = cow_parse_header(buf, (size_t)got, info);
	return 0;
}

int
cow_stat_file(const char *path, uint64_t *size, int64_t *mtime)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return -errno;
	*size = sb.st_size;
	*mtime = sb.st_mtime;
	return 0;
}

enum cow_status
cow_check_backing_file(const struct cow_info *info, const char *backing,
		       const char *cow_name, char *msg, size_t msglen)
{
	uint64_t size;
	int64_t mtime;
	enum cow_status st;
	int err = cow_stat_file(backing, &size, &mtime);

	if (err) {
		snprintf(msg, msglen,
			 "Can't stat backing file \"%s\" named by COW file \"%s\": %s; "
			 "give the right backing file (a second file after the COW "
			 "file, or uml_moo -b)",
			 backing, cow_name, strerror(-err));
		return COW_SIZE_MISMATCH;
	}
	st = cow_check_backing(info, size, mtime);
	if (st == COW_SIZE_MISMATCH)
		snprintf(msg, msglen,
			 "Size mismatch (%llu vs %llu) of COW header vs backing file \"%s\": "
			 "the backing file was changed after COW file \"%s\" was made "
			 "over it; use the original backing file, or re-create the COW "
			 "file (its changes are lost)",
			 (unsigned long long)info->size, (unsigned long long)size,
			 backing, cow_name);
	else if (st == COW_MTIME_MISMATCH)
		snprintf(msg, msglen,
			 "mtime mismatch (%u vs %lld) of COW header vs backing file \"%s\": "
			 "the backing file was modified, or copied without keeping its "
			 "mtime (cp -p/-a), after COW file \"%s\" was made; if its "
			 "contents are unchanged restore the mtime with "
			 "'touch -m -d @%u %s', otherwise re-create the COW file",
			 info->mtime, (long long)mtime, backing, cow_name,
			 info->mtime, backing);
	return st;
}

/*
 * cow_create_file writes a version 3 header (the only one UML writes),
 * its data area aligned to the host page size as UML aligns it, so that
 * either can use the other's COW files.
 */
int
cow_create_file(const char *path, const char *backing, bool exclusive,
		struct cow_info *info, char *msg, size_t msglen)
{
	char abs[COW_PATH_LEN + 256];
	unsigned char hdr[COW_V3_HEADER_SIZE];
	struct stat before;
	bool existed;
	uint64_t size = 0;
	int64_t mtime = 0;
	enum cow_status st;
	long page = sysconf(_SC_PAGESIZE);
	int fd, err;

	err = cow_absolute_name(backing, abs, sizeof(abs));
	if (err) {
		snprintf(msg, msglen, "Can't find backing file \"%s\": %s",
			 backing, strerror(-err));
		return err;
	}
	err = cow_stat_file(abs, &size, &mtime);
	if (err) {
		snprintf(msg, msglen, "Can't stat backing file \"%s\": %s",
			 abs, strerror(-err));
		return err;
	}
	st = cow_build_v3(info, abs, (uint32_t)mtime, size, COW_SECTOR_SIZE,
			  page > 0 ? (uint32_t)page : 4096);
	if (st != COW_OK) {
		snprintf(msg, msglen, "Backing file \"%s\": %s", abs,
			 cow_strerror(st));
		return -EINVAL;
	}
	existed = stat(path, &before) == 0;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0644);
	if (fd < 0) {
		err = -errno;
		snprintf(msg, msglen, "Can't create COW file \"%s\": %s", path,
			 strerror(-err));
		return err;
	}
	cow_encode_v3(info, hdr);
	/* A forced re-creation must not keep bitmap bits of the old file. */
	if (!exclusive && ftruncate(fd, 0) < 0)
		err = -errno;
	if (!err)
		err = pwrite_full(fd, hdr, sizeof(hdr), 0);
	/* Full length, sparse: one zero byte at the very end, as UML does. */
	if (!err)
		err = pwrite_full(fd, "", 1, cow_file_size(info) - 1);
	if (err) {
		snprintf(msg, msglen, "Can't write COW file \"%s\": %s", path,
			 strerror(-err));
		close(fd);
		if (!existed)
			unlink(path);
		return err;
	}
	return fd;
}
