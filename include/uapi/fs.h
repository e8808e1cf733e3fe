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

/* Block device ioctls (arguments: see kernel/block/genhd.c). */
#define BLKROSET	0x125d
#define BLKROGET	0x125e
#define BLKRRPART	0x125f
#define BLKGETSIZE	0x1260
#define BLKFLSBUF	0x1261
#define BLKRASET	0x1262
#define BLKRAGET	0x1263
#define BLKFRASET	0x1264
#define BLKFRAGET	0x1265
#define BLKSECTGET	0x1267
#define BLKSSZGET	0x1268
#define BLKBSZGET	0x80081270
#define BLKBSZSET	0x40081271
#define BLKGETSIZE64	0x80081272
#define BLKDISCARD	0x1277
#define BLKIOMIN	0x1278
#define BLKIOOPT	0x1279
#define BLKALIGNOFF	0x127a
#define BLKPBSZGET	0x127b
#define BLKDISCARDZEROES 0x127c
#define BLKSECDISCARD	0x127d
#define BLKROTATIONAL	0x127e
#define BLKZEROOUT	0x127f
#define BLKGETDISKSEQ	0x80081280
#define BLKGETZONESZ	0x80041284
#define BLKGETNRZONES	0x80041285
#define HDIO_GETGEO	0x0301

/* struct hd_geometry, HDIO_GETGEO's answer (16 bytes on x86_64). */
struct hd_geometry {
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

/* The most iovecs one readv/writev/preadv/pwritev takes. */
#define UIO_MAXIOV	1024

#endif /* UAPI_FS_H */
