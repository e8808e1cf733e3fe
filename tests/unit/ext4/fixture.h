/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures of the ext4 read tests (test_ext4): the source tree the images
 * are made from, the images (tests/images/ext4/mkimages.sh), an in-memory
 * overlay on the image reader for corrupting copies, and comparison of an
 * image with its source tree. Cases: read_cases.c, corrupt_cases.c.
 */
#ifndef TESTS_EXT4_FIXTURE_H
#define TESTS_EXT4_FIXTURE_H

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kernel/crc32c.h"
#include "kernel/ext4.h"

/* V_MAIN images come from srcdir; the 64K one from the smaller srcdir64. */
enum variant { V_EXT4, V_EXT4_1K, V_NOCSUM, V_INLINE, V_EXT3, V_EXT2, V_MAIN,
	V_EXT4_64K = V_MAIN, V_COUNT };

struct variant_info {
	const char *name;
	uint32_t block_size;
	bool extents, csum, inline_data, journal;
	uint8_t hash;		/* dx root hash version the script asked for */
	bool hash_unsigned;
};

extern const struct variant_info variants[V_COUNT];

struct patch {
	uint64_t off;
	size_t len;
	uint8_t bytes[1024];
};

struct image {
	int fd;
	uint64_t size;
	struct patch patches[8];
	int npatches;
	struct ext4_blockdev bd;
	struct ext4_fs *fs;
};

#define N_BIG		2000
#define N_LONG		600
#define FRAG_PIECES	2000
#define N_WIDE		5000	/* two 64K blocks of entries: an htree */

struct listing {
	int n, cap;
	struct {
		char name[256];
		uint32_t ino;
		uint8_t type;
		uint64_t next;
	} *e;
	int stop_every;		/* stop (not consume) every so many entries */
	int since_stop;
};

/* The scratch directory, the source trees, the images; the tree under test. */
extern char tmpdir[256], srcdir[300], srcdir64[300], imgdir[300];
extern const char *cur_src;

/* build_images writes the source trees and runs mkimages.sh (or reuses EXT4_REUSE). */
void build_images(void);
/* remove_tmpdir removes the scratch directory (unless EXT4_KEEP_IMAGES). */
void remove_tmpdir(void);

/* The image reader with its overlay of patches (the file is never changed). */
int image_read(void *ctx, uint64_t off, void *buf, size_t len);
void image_open(struct image *im, enum variant v);
int image_mount(struct image *im);
void image_mount_ok(struct image *im, enum variant v);
void image_close(struct image *im);
/* image_patch overlays bytes at off; image_get reads through the overlay. */
void image_patch(struct image *im, uint64_t off, const void *bytes, size_t len);
void image_get(struct image *im, uint64_t off, void *buf, size_t len);
void image_put_le(struct image *im, uint64_t off, uint64_t v, size_t width);
void image_xor(struct image *im, uint64_t off, uint8_t mask);
/* inode_offset finds inode ino's bytes in the image, from debugfs (an independent oracle). */
uint64_t inode_offset(enum variant v, uint32_t ino);

struct ext4_inode *iget_path(struct ext4_fs *fs, const char *path);
uint64_t pblk_of(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk);

/* Comparing with the source tree. */
void compare_range(struct ext4_fs *fs, struct ext4_inode *inode, int fd, uint64_t off,
		   size_t len, const char *rel);
void compare_dir(struct ext4_fs *fs, enum variant v, struct ext4_inode *dir, const char *rel,
		 uint32_t parent);
void list_dir(struct ext4_fs *fs, struct ext4_inode *dir, struct listing *l, int stop_every);
int find_in(const struct listing *l, const char *name);

TCase *read_images_tcase(void);
TCase *corruption_tcase(void);

#endif /* TESTS_EXT4_FIXTURE_H */
