/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 read tests on corrupted copies of the fixture images (an overlay on
 * the reader; the image files are never changed): each corruption gives
 * its error and detail, and random byte flips in metadata never crash.
 */
#include "fixture.h"

static void
expect_mount_error(struct image *im, int err, const char *detail)
{
	int got = image_mount(im);

	ck_assert_msg(got == err, "mount: %d, want %d (%s)", got, err,
		      ext4_strerror_detail(NULL));
	ck_assert_ptr_null(im->fs);
	ck_assert_msg(strstr(ext4_strerror_detail(NULL), detail), "detail '%s' lacks '%s'",
		      ext4_strerror_detail(NULL), detail);
}

static void
expect_fs_error(struct image *im, int got, int err, const char *detail)
{
	ck_assert_msg(got == err, "got %d, want %d (%s)", got, err,
		      ext4_strerror_detail(im->fs));
	ck_assert_msg(strstr(ext4_strerror_detail(im->fs), detail), "detail '%s' lacks '%s'",
		      ext4_strerror_detail(im->fs), detail);
}

/* Rewrite the superblock with fn applied and a fresh checksum. */
static void
patch_super(struct image *im, uint32_t incompat_or)
{
	uint8_t sb[1024];
	uint32_t v, crc;

	image_get(im, 1024, sb, sizeof(sb));
	v = sb[0x60] | sb[0x61] << 8 | sb[0x62] << 16 | (uint32_t)sb[0x63] << 24;
	v |= incompat_or;
	for (int i = 0; i < 4; i++)
		sb[0x60 + i] = (uint8_t)(v >> (8 * i));
	crc = crc32c_update(~0u, sb, 0x3FC);
	for (int i = 0; i < 4; i++)
		sb[0x3FC + i] = (uint8_t)(crc >> (8 * i));
	image_patch(im, 1024, sb, sizeof(sb));
}

START_TEST(test_corrupt_superblock)
{
	struct image im;

	image_open(&im, V_EXT4);
	image_xor(&im, 1024 + 0x38, 0xFF);
	expect_mount_error(&im, -EINVAL, "magic");
	image_close(&im);

	image_open(&im, V_EXT4);
	image_xor(&im, 1024 + 0x78, 0x01);	/* volume name: only the checksum sees it */
	expect_mount_error(&im, -EUCLEAN, "superblock checksum");
	image_close(&im);

	image_open(&im, V_EXT4);
	patch_super(&im, 0x80000000u);
	expect_mount_error(&im, -EINVAL, "ext4: unsupported incompat features 0x80000000");
	image_close(&im);

	image_open(&im, V_EXT4);
	patch_super(&im, 0x20000);	/* casefold */
	expect_mount_error(&im, -EINVAL, "0x20000");
	image_close(&im);

	image_open(&im, V_EXT4);	/* log block size 2^(10+20) */
	image_put_le(&im, 1024 + 0x18, 20, 4);
	ck_assert_int_ne(image_mount(&im), 0);
	image_close(&im);

	image_open(&im, V_EXT2);	/* no checksum: geometry checks must catch it */
	image_put_le(&im, 1024 + 0x28, 0, 4);	/* inodes per group */
	expect_mount_error(&im, -EINVAL, "per group");
	image_close(&im);

	image_open(&im, V_EXT4);
	im.bd.size = im.size / 2;
	expect_mount_error(&im, -EINVAL, "device holds");
	image_close(&im);

	image_open(&im, V_EXT4);
	im.bd.size = 1500;
	expect_mount_error(&im, -EINVAL, "too small");
	image_close(&im);
}
END_TEST

START_TEST(test_corrupt_group_desc)
{
	struct image im;

	image_open(&im, V_EXT4);	/* 4K blocks: descriptors in block 1 */
	image_xor(&im, 4096 + 0x0C, 0x10);
	expect_mount_error(&im, -EUCLEAN, "group 0 descriptor checksum");
	image_close(&im);

	image_open(&im, V_EXT2);	/* 1K, no checksums: inode table off the end */
	image_put_le(&im, 2048 + 0x08, 0xFFFFFF00u, 4);
	expect_mount_error(&im, -EUCLEAN, "out of range");
	image_close(&im);
}
END_TEST

START_TEST(test_corrupt_inode)
{
	struct ext4_inode *in;
	struct image im;
	uint32_t ino;
	uint64_t off;
	uint8_t buf[8192];

	image_mount_ok(&im, V_EXT4);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/f4097", &ino), 0);
	image_close(&im);
	image_open(&im, V_EXT4);
	image_xor(&im, inode_offset(V_EXT4, ino) + 0x04, 0x01);	/* i_size */
	ck_assert_int_eq(image_mount(&im), 0);
	expect_fs_error(&im, ext4_iget(im.fs, ino, &in), -EUCLEAN, "checksum");
	image_close(&im);

	/* without checksums: structural checks */
	image_mount_ok(&im, V_NOCSUM);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/f4097", &ino), 0);
	image_close(&im);
	off = inode_offset(V_NOCSUM, ino);

	image_open(&im, V_NOCSUM);
	image_put_le(&im, off + 0x80, 0x102, 2);	/* i_extra_isize past the inode */
	ck_assert_int_eq(image_mount(&im), 0);
	expect_fs_error(&im, ext4_iget(im.fs, ino, &in), -EUCLEAN, "i_extra_isize");
	image_close(&im);

	image_open(&im, V_NOCSUM);
	image_put_le(&im, off + 0x28, 0x1234, 2);	/* extent magic */
	ck_assert_int_eq(image_mount(&im), 0);
	ck_assert_int_eq(ext4_iget(im.fs, ino, &in), 0);
	expect_fs_error(&im, (int)ext4_read(im.fs, in, 0, buf, 100), -EUCLEAN, "magic");
	ext4_iput(in);
	image_close(&im);

	image_open(&im, V_NOCSUM);
	image_put_le(&im, off + 0x28 + 4, 100, 2);	/* eh_max beyond i_block */
	ck_assert_int_eq(image_mount(&im), 0);
	ck_assert_int_eq(ext4_iget(im.fs, ino, &in), 0);
	expect_fs_error(&im, (int)ext4_read(im.fs, in, 0, buf, 100), -EUCLEAN,
			"bad extent header");
	ext4_iput(in);
	image_close(&im);

	image_open(&im, V_NOCSUM);
	image_put_le(&im, off + 0x28 + 12 + 8, 0xFFFFFF00u, 4);	/* extent start */
	ck_assert_int_eq(image_mount(&im), 0);
	ck_assert_int_eq(ext4_iget(im.fs, ino, &in), 0);
	expect_fs_error(&im, (int)ext4_read(im.fs, in, 0, buf, 100), -EUCLEAN, "out of range");
	ext4_iput(in);
	image_close(&im);

	image_open(&im, V_NOCSUM);
	image_put_le(&im, off + 0x1A, 0, 2);	/* links count 0: deleted */
	ck_assert_int_eq(image_mount(&im), 0);
	ck_assert_int_eq(ext4_iget(im.fs, ino, &in), -ENOENT);
	image_close(&im);
}
END_TEST

/* The first child block of /frag's extent root (a depth >= 1 tree). */
static uint64_t
frag_child(enum variant v, uint32_t *ino)
{
	struct ext4_inode *in;
	struct image im;
	uint64_t child;

	image_mount_ok(&im, v);
	in = iget_path(im.fs, "/frag");
	*ino = in->ino;
	child = (uint64_t)(in->i_block[16] | in->i_block[17] << 8 | in->i_block[18] << 16 |
			   (uint32_t)in->i_block[19] << 24) |
		(uint64_t)(in->i_block[20] | in->i_block[21] << 8) << 32;
	ext4_iput(in);
	image_close(&im);
	return child * variants[v].block_size;
}

static void
expect_frag_read_error(enum variant v, struct image *im, uint32_t ino, const char *detail)
{
	struct ext4_inode *in;
	uint8_t buf[4096];

	ck_assert_int_eq(image_mount(im), 0);
	ck_assert_int_eq(ext4_iget(im->fs, ino, &in), 0);
	expect_fs_error(im, (int)ext4_read(im->fs, in, 0, buf, sizeof(buf)), -EUCLEAN, detail);
	ext4_iput(in);
	image_close(im);
	(void)v;
}

START_TEST(test_corrupt_extent_block)
{
	struct image im;
	uint32_t ino;
	uint64_t child;

	child = frag_child(V_EXT4, &ino);
	image_open(&im, V_EXT4);
	image_xor(&im, child + 12 + 2, 0x01);
	expect_frag_read_error(V_EXT4, &im, ino, "checksum mismatch");

	child = frag_child(V_NOCSUM, &ino);
	image_open(&im, V_NOCSUM);
	image_put_le(&im, child, 0xBEEF, 2);
	expect_frag_read_error(V_NOCSUM, &im, ino, "magic");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, child + 2, 0xFFFF, 2);	/* entries > max */
	expect_frag_read_error(V_NOCSUM, &im, ino, "bad extent header");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, child + 6, 4, 2);	/* depth not parent - 1 */
	expect_frag_read_error(V_NOCSUM, &im, ino, "depth");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, child + 12, 0xFFFFFFF0u, 4);	/* keys out of order */
	expect_frag_read_error(V_NOCSUM, &im, ino, "order");

	child = frag_child(V_EXT2, &ino);	/* ext2: i_block[12], the single indirect */
	image_open(&im, V_EXT2);
	{
		struct ext4_inode *in;
		uint8_t buf[16];
		uint64_t off;

		off = inode_offset(V_EXT2, ino);
		image_put_le(&im, off + 0x28 + 12 * 4, 0xFFFFFFF0u, 4);
		ck_assert_int_eq(image_mount(&im), 0);
		ck_assert_int_eq(ext4_iget(im.fs, ino, &in), 0);
		expect_fs_error(&im, (int)ext4_read(im.fs, in, 12 * 1024, buf, sizeof(buf)),
				-EUCLEAN, "indirect block");
		ext4_iput(in);
		image_close(&im);
	}
}
END_TEST

static uint64_t
dir_block(enum variant v, const char *path, uint64_t lblk)
{
	struct ext4_inode *in;
	struct image im;
	uint64_t pblk;

	image_mount_ok(&im, v);
	in = iget_path(im.fs, path);
	pblk = pblk_of(im.fs, in, lblk);
	ext4_iput(in);
	image_close(&im);
	return pblk * variants[v].block_size;
}

static void
expect_lookup_error(struct image *im, const char *dir, const char *name, const char *detail)
{
	struct ext4_inode *d;
	uint32_t ino;

	ck_assert_int_eq(image_mount(im), 0);
	d = iget_path(im->fs, dir);
	expect_fs_error(im, ext4_lookup(im->fs, d, name, strlen(name), &ino), -EUCLEAN, detail);
	ext4_iput(d);
	image_close(im);
}

START_TEST(test_corrupt_dir_block)
{
	struct image im;
	uint64_t blk;
	static const struct {
		unsigned int off, width;
		uint32_t value;
	} bad[] = {
		{ 4, 2, 5 },		/* rec_len below the minimum */
		{ 4, 2, 0 },
		{ 4, 2, 13 },		/* not a multiple of 4 */
		{ 4, 2, 0xFFFC },	/* past the block */
		{ 6, 1, 200 },		/* name longer than the entry */
		{ 0, 4, 0xFFFFFFF0u },	/* inode number out of range */
	};

	blk = dir_block(V_EXT4, "/sub", 0);
	image_open(&im, V_EXT4);
	image_xor(&im, blk + 30, 0x01);
	expect_lookup_error(&im, "/sub", "deeper", "checksum mismatch");

	blk = dir_block(V_NOCSUM, "/sub", 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		image_open(&im, V_NOCSUM);
		image_put_le(&im, blk + bad[i].off, bad[i].value, bad[i].width);
		expect_lookup_error(&im, "/sub", "deeper", "bad entry");
	}
	/* the same through readdir */
	image_open(&im, V_NOCSUM);
	image_put_le(&im, blk + 4, 5, 2);
	ck_assert_int_eq(image_mount(&im), 0);
	{
		struct ext4_inode *d = iget_path(im.fs, "/");
		struct ext4_dirent de;
		uint64_t pos = 0;
		uint32_t ino;
		int err;

		ext4_iput(d);
		ck_assert_int_eq(ext4_lookup_path(im.fs, "/sub", &ino), 0);
		ck_assert_int_eq(ext4_iget(im.fs, ino, &d), 0);
		err = ext4_readdir(im.fs, d, &pos, &de);
		ck_assert_int_eq(err, -EUCLEAN);
		ext4_iput(d);
	}
	image_close(&im);
}
END_TEST

START_TEST(test_corrupt_htree)
{
	struct image im;
	uint64_t root;
	int euclean = 0;

	root = dir_block(V_EXT4, "/big", 0);
	image_open(&im, V_EXT4);
	image_xor(&im, root + 0x28, 0x01);	/* hash of entry 1 */
	expect_lookup_error(&im, "/big", "entry-0005", "checksum mismatch");

	root = dir_block(V_NOCSUM, "/big", 0);
	image_open(&im, V_NOCSUM);
	image_put_le(&im, root + 0x1E, 7, 1);	/* indirect levels */
	expect_lookup_error(&im, "/big", "entry-0005", "levels");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, root + 0x22, 0, 2);	/* count 0 */
	expect_lookup_error(&im, "/big", "entry-0005", "dx count");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, root + 0x20, 0xFFFF, 2);	/* limit past the block */
	expect_lookup_error(&im, "/big", "entry-0005", "dx count");
	image_open(&im, V_NOCSUM);
	image_put_le(&im, root + 0x1C, 9, 1);	/* hash version */
	expect_lookup_error(&im, "/big", "entry-0005", "hash version");

	/* entry 0 points past the directory: some lookups must say so */
	image_open(&im, V_NOCSUM);
	image_put_le(&im, root + 0x24, 0x0FFFFFFF, 4);
	ck_assert_int_eq(image_mount(&im), 0);
	{
		struct ext4_inode *d = iget_path(im.fs, "/big");
		char name[32];
		uint32_t ino;

		for (int i = 0; i < N_BIG; i += 3) {
			int err;

			snprintf(name, sizeof(name), "entry-%04d", i);
			err = ext4_lookup(im.fs, d, name, strlen(name), &ino);
			ck_assert(err == 0 || err == -ENOENT || err == -EUCLEAN);
			euclean += err == -EUCLEAN;
		}
		ext4_iput(d);
	}
	image_close(&im);
	ck_assert_int_gt(euclean, 0);
}
END_TEST

/* --- fuzzing: random byte flips in metadata, then walk everything --- */

struct walk {
	struct ext4_fs *fs;
	int budget;
	int depth;		/* a corrupt tree may loop: stay shallow */
	uint8_t *buf;
};

static int
walk_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type, uint64_t next)
{
	struct walk *w = ctx;
	struct ext4_inode *in;
	char link[4100];
	uint32_t found;

	(void)type;
	(void)next;
	(void)found;
	if (--w->budget < 0)
		return 1;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && !memcmp(name, "..", 2))
		return 0;
	if (ext4_iget(w->fs, ino, &in))
		return 0;
	switch (in->st.mode & 0170000) {
	case 0100000:
		ext4_read(w->fs, in, 0, w->buf, 256 * 1024);
		ext4_read(w->fs, in, in->st.size > 4096 ? in->st.size - 4096 : 0, w->buf, 8192);
		break;
	case 0120000:
		ext4_readlink(w->fs, in, link, sizeof(link));
		break;
	case 0040000: {
		uint64_t pos = 0;
		uint32_t x;

		ext4_lookup(w->fs, in, "entry-0042", 10, &x);
		ext4_lookup(w->fs, in, "nonexistent", 11, &x);
		if (w->budget > 0 && w->depth < 6) {
			w->depth++;
			ext4_dir_iterate(w->fs, in, &pos, walk_actor, w);
			w->depth--;
		}
		break;
	}
	}
	ext4_iput(in);
	return 0;
}

START_TEST(test_fuzz)
{
	static const enum variant fv[] = { V_NOCSUM, V_EXT2, V_EXT3, V_INLINE };
	enum variant v = fv[_i];
	struct walk w = { .buf = malloc(256 * 1024) };
	uint64_t zones[8][2];
	int nz = 0;
	unsigned int seed = 1234 + _i;
	struct image im;

	/* zones: superblock and descriptors, the used inodes, dir and extent blocks */
	image_mount_ok(&im, v);
	zones[nz][0] = 1024;
	zones[nz++][1] = 3 * variants[v].block_size;
	zones[nz][0] = inode_offset(v, EXT4_ROOT_INO);
	zones[nz++][1] = 4000 * 256;
	{
		static const char *const dirs[] = { "/", "/big", "/longnames", "/sub" };

		for (int i = 0; i < 4; i++) {
			struct ext4_inode *in = iget_path(im.fs, dirs[i]);
			uint64_t pblk, count;

			if (!(in->st.flags & EXT4_INLINE_DATA_FL) &&
			    !ext4_map_blocks(im.fs, in, 0, &pblk, &count) && pblk) {
				zones[nz][0] = pblk * variants[v].block_size;
				zones[nz++][1] = 2 * variants[v].block_size;
			}
			ext4_iput(in);
		}
	}
	image_close(&im);

	for (int iter = 0; iter < 60; iter++) {
		struct ext4_inode *root;
		uint64_t pos = 0;

		image_open(&im, v);
		for (int k = 0; k < 8; k++) {
			uint8_t bytes[64];
			int z, n;

			seed = seed * 1103515245u + 12345u;
			z = (int)((seed >> 8) % (unsigned int)nz);
			n = 1 + (int)(seed % 4);
			seed = seed * 1103515245u + 12345u;
			uint64_t off = zones[z][0] + (seed >> 4) % (zones[z][1] - 8);

			if (off + (uint64_t)n > im.size)
				continue;
			image_get(&im, off, bytes, (size_t)n);
			for (int b = 0; b < n; b++)
				bytes[b] ^= (uint8_t)(seed >> (b * 3));
			image_patch(&im, off, bytes, (size_t)n);
		}
		if (image_mount(&im) == 0) {
			w.fs = im.fs;
			w.budget = 5000;
			w.depth = 0;
			if (!ext4_iget(im.fs, EXT4_ROOT_INO, &root)) {
				ext4_dir_iterate(im.fs, root, &pos, walk_actor, &w);
				ext4_iput(root);
			}
		}
		image_close(&im);
	}
	free(w.buf);
}
END_TEST


TCase *
corruption_tcase(void)
{
	TCase *tc = tcase_create("corruption");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_corrupt_superblock);
	tcase_add_test(tc, test_corrupt_group_desc);
	tcase_add_test(tc, test_corrupt_inode);
	tcase_add_test(tc, test_corrupt_extent_block);
	tcase_add_test(tc, test_corrupt_dir_block);
	tcase_add_test(tc, test_corrupt_htree);
	tcase_add_loop_test(tc, test_fuzz, 0, 4);
	return tc;
}
