/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI of files in general: lseek(2) origins, renameat2(2) flags,
 * name and path limits, and the block device ioctls, as x86_64 Linux
 * programs see them.
 */
#ifndef UAPI_FS_H
#define UAPI_FS_H

#define NAME_MAX	255	/* bytes in a file name */
#define PATH_MAX	4096	/* bytes in a path, its NUL included */

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

#define RENAME_NOREPLACE	1
#define RENAME_EXCHANGE		2
#define RENAME_WHITEOUT		4

/* Block device ioctls. */
#define BLKROGET	0x125e
#define BLKGETSIZE	0x1260
#define BLKFLSBUF	0x1261
#define BLKSSZGET	0x1268
#define BLKGETSIZE64	0x80081272

/* The most iovecs one readv/writev/preadv/pwritev takes. */
#define UIO_MAXIOV	1024

#endif /* UAPI_FS_H */
