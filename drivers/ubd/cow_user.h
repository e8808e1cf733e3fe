/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host-side COW helpers: absolute backing names, reading a header from a
 * host fd, stat of the backing file, creating a COW file, and the messages
 * that tell a user what went wrong and how to recover. Used by the tools
 * now and by the ubd driver's host half; the format itself is cow.c.
 */
#ifndef DRIVERS_UBD_COW_USER_H
#define DRIVERS_UBD_COW_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cow.h"

/*
 * Whole reads and writes of host files at an offset, retrying short
 * transfers and EINTR, as every user of these files needs them.
 * pread_upto reads until len bytes or the end of the file and returns how
 * many it read; pread_full reads len bytes, those past the end of the file
 * as zeros (a sparse image's tail); pwrite_full writes all len. -errno on
 * failure.
 */
int64_t pread_upto(int fd, void *buf, size_t len, uint64_t off);
int pread_full(int fd, void *buf, size_t len, uint64_t off);
int pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/*
 * cow_absolute_name makes name absolute as UML does: the directory part is
 * resolved against the current directory (symlinks in it followed), the
 * last component is kept as given. Returns 0 or -errno.
 */
int cow_absolute_name(const char *name, char *out, size_t outlen);

/*
 * cow_read_header reads and parses the header of the open file fd into
 * info. Returns 0 with *st set (COW_NOT_COW for a plain image), or -errno
 * if the read itself failed.
 */
int cow_read_header(int fd, struct cow_info *info, enum cow_status *st);

/* cow_stat_file gives a file's size and mtime (seconds). Returns 0 or -errno. */
int cow_stat_file(const char *path, uint64_t *size, int64_t *mtime);

/*
 * cow_check_backing_file stats backing and compares it with the header.
 * On a mismatch it writes one line into msg (what differs, why it
 * happens, how to recover) and returns the status; a stat failure gives
 * COW_SIZE_MISMATCH with the errno in the message. cow_name is the COW
 * file the header came from, for the message.
 */
enum cow_status cow_check_backing_file(const struct cow_info *info,
				       const char *backing, const char *cow_name,
				       char *msg, size_t msglen);

/*
 * cow_create_file creates a v3 COW file at path over backing (absolutized
 * here), sparse at its full length, and returns its fd open read-write, or
 * -errno with one line in msg. With exclusive, an existing path fails with
 * -EEXIST; otherwise an existing file is replaced in place (truncated, so
 * no stale bitmap bits survive). A failed creation leaves no file behind
 * unless one existed before.
 */
int cow_create_file(const char *path, const char *backing, bool exclusive,
		    struct cow_info *info, char *msg, size_t msglen);

#endif /* DRIVERS_UBD_COW_USER_H */
