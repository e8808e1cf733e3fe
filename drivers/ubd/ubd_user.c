// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host half of the ubd driver: open, create and check the host files of a
 * device, lock them as UML does, and load the COW bitmap. Runs at boot,
 * before any guest code; errors come back as one line for the user.
 *
 * The messages are UML's where UML has one (a person who knows UML
 * recognises them, and scripts grep for some), with the way out added
 * where UML only says what failed. The host files stay open for the life
 * of the kernel (ubd_exit closes them at power-off); the bitmap is host
 * memory owned by struct ubd_host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cow_user.h"
#include "ubd.h"

/*
 * lock_file takes the whole-file fcntl lock UML takes (write lock on a
 * file it writes, read lock on a backing file), so that two instances
 * cannot write one image; the 'c' flag skips it for images that are
 * shared knowingly.
 */
static int
lock_file(int fd, bool write, const char *name, char *msg, size_t msglen)
{
	struct flock fl = { .l_type = write ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET };

	if (fcntl(fd, F_SETLK, &fl) < 0) {
		int err = errno;

		snprintf(msg, msglen, "Failed to lock '%s', err = %d: another UML or umk uses it "
			 "(give the ubd option the 'c' flag to share it without locking)", name, err);
		return -err;
	}
	return 0;
}

/*
 * ubd_user_open does what UML's ubd_open_dev does, in its order: open the
 * file (read-only if it cannot be written, as UML falls back), create the
 * COW file if it is missing and a backing file was named, lock, read the
 * COW header ('d': do not look for one), check the backing file against
 * it (size and mtime, as UML), open and lock that, and load the bitmap.
 * Everything opened is closed again on failure.
 */
int
ubd_user_open(int n, const char *file, const char *backing, bool ro, bool no_cow,
	      bool shared, bool sync, struct ubd_host *h, char *msg, size_t msglen)
{
	enum cow_status st;
	struct stat sb;
	int err, fd;

	memset(h, 0, sizeof(*h));
	h->fd = h->backing_fd = -1;
	h->ro = ro;
	if (backing && *backing && no_cow) {
		snprintf(msg, msglen, "ubd%d: can't specify both 'd' and a cow file", n);
		return -EINVAL;
	}
	/* 's': every write is on the host's disk when it returns (O_SYNC), as UML opens it. */
	fd = open(file, (ro ? O_RDONLY : O_RDWR | (sync ? O_SYNC : 0)) | O_CLOEXEC);
	if (fd < 0 && !ro && (errno == EROFS || errno == EACCES)) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			h->ro = true;
	}
	if (fd < 0 && errno == ENOENT && backing && *backing) {
		struct cow_info ci;

		fd = cow_create_file(file, backing, true, &ci, msg, msglen);
		if (fd < 0)
			return fd;
		if (sync) {	/* fcntl cannot add O_SYNC: open it again with it */
			int sfd = open(file, O_RDWR | O_SYNC | O_CLOEXEC);

			if (sfd >= 0) {
				close(fd);
				fd = sfd;
			}
		}
		fprintf(stderr, "Creating \"%s\" as COW file for \"%s\"\n", file, backing);
	}
	if (fd < 0) {
		err = -errno;
		snprintf(msg, msglen, "ubd%d: can't open \"%s\": %s", n, file, strerror(-err));
		return err;
	}
	h->fd = fd;
	if (fstat(fd, &sb) < 0) {
		err = -errno;
		snprintf(msg, msglen, "ubd%d: can't stat \"%s\": %s", n, file, strerror(-err));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode)) {
		err = -EINVAL;
		snprintf(msg, msglen, "ubd%d: \"%s\" is not a regular file or block device", n, file);
		goto fail;
	}
	if (shared)	/* UML's words for the 'c' flag */
		fprintf(stderr, "Not locking \"%s\" on the host\n", file);
	else if ((err = lock_file(fd, !h->ro, file, msg, msglen)))
		goto fail;
	h->size = (uint64_t)sb.st_size;
	if (no_cow)
		return 0;
	err = cow_read_header(fd, &h->info, &st);
	if (err) {
		snprintf(msg, msglen, "ubd%d: reading \"%s\": %s", n, file, strerror(-err));
		goto fail;
	}
	if (st == COW_NOT_COW) {
		if (backing && *backing) {
			err = -EINVAL;
			snprintf(msg, msglen, "ubd%d: \"%s\" exists but is not a COW file (no COW "
				 "magic); remove it to have it created over \"%s\", or give the "
				 "image alone", n, file, backing);
			goto fail;
		}
		return 0;	/* a plain image */
	}
	if (st != COW_OK) {
		err = -EINVAL;
		snprintf(msg, msglen, "ubd%d: \"%s\": %s", n, file, cow_strerror(st));
		goto fail;
	}
	if ((uint64_t)sb.st_size < h->info.data_offset) {
		err = -EINVAL;
		snprintf(msg, msglen, "ubd%d: COW file \"%s\" is truncated", n, file);
		goto fail;
	}
	{
		/* A backing file given on the command line wins over the header's (with a warning). */
		const char *bf = backing && *backing ? backing : h->info.backing_file;
		char abs[COW_PATH_LEN + 256];

		if (backing && *backing && cow_absolute_name(backing, abs, sizeof(abs)) == 0 &&
		    strcmp(abs, h->info.backing_file))
			fprintf(stderr, "Backing file mismatch - \"%s\" requested, \"%s\" specified in "
				"COW header of \"%s\"; using \"%s\"\n", backing, h->info.backing_file,
				file, backing);
		st = cow_check_backing_file(&h->info, bf, file, msg, msglen);
		if (st != COW_OK) {
			err = -EINVAL;
			goto fail;
		}
		h->backing_fd = open(bf, O_RDONLY | O_CLOEXEC);
		if (h->backing_fd < 0) {
			err = -errno;
			snprintf(msg, msglen, "ubd%d: can't open backing file \"%s\": %s", n, bf,
				 strerror(-err));
			goto fail;
		}
		if (!shared && (err = lock_file(h->backing_fd, false, bf, msg, msglen)))
			goto fail;
	}
	h->cow = true;
	h->size = h->info.size;
	h->bitmap = calloc(1, cow_bitmap_bytes(&h->info) + 8);
	if (!h->bitmap) {
		err = -ENOMEM;
		snprintf(msg, msglen, "ubd%d: out of memory for the COW bitmap", n);
		goto fail;
	}
	err = pread_full(fd, h->bitmap, cow_bitmap_bytes(&h->info), h->info.bitmap_offset);
	if (err) {
		snprintf(msg, msglen, "ubd%d: reading the bitmap of \"%s\": %s", n, file, strerror(-err));
		goto fail;
	}
	return 0;
fail:
	ubd_user_close(h);
	return err;
}

void
ubd_user_close(struct ubd_host *h)
{
	if (h->fd >= 0)
		close(h->fd);
	if (h->backing_fd >= 0)
		close(h->backing_fd);
	free(h->bitmap);
	h->fd = h->backing_fd = -1;
	h->bitmap = NULL;
}

int
ubd_user_punch(int fd, uint64_t off, uint64_t len)
{
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0)
		return -errno;
	return 0;
}

int
ubd_user_zero_range(int fd, uint64_t off, uint64_t len)
{
	if (fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0)
		return 0;
	if (errno != EOPNOTSUPP)
		return -errno;
	return ubd_user_punch(fd, off, len);
}
