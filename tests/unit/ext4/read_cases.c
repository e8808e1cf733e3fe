/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 read tests over the fixture images: every image's tree equals its
 * source tree (contents byte for byte, sizes, modes, ids, times, link
 * targets, listings, lookups); special inodes, htrees, 64K blocks, extent
 * trees and holes, the readdir cursor, API errors, needs_recovery.
 */
#include "fixture.h"

START_TEST(test_tree_matches_source)
{
	struct ext4_inode *root;
	struct image im;
	struct ext4_info info;

	cur_src = _i == V_EXT4_64K ? srcdir64 : srcdir;
	image_mount_ok(&im, (enum variant)_i);
	ext4_get_info(im.fs, &info);
	ck_assert_uint_eq(info.block_size, variants[_i].block_size);
	ck_assert_int_eq(info.metadata_csum, variants[_i].csum);
	ck_assert_int_eq(info.has_journal, variants[_i].journal);
	ck_assert(!info.needs_recovery && !info.state_errors);
	ck_assert_int_eq(ext4_iget(im.fs, EXT4_ROOT_INO, &root), 0);
	compare_dir(im.fs, (enum variant)_i, root, "", EXT4_ROOT_INO);
	ext4_iput(root);
	image_close(&im);
}
END_TEST

START_TEST(test_special_inodes)
{
	const struct variant_info *vi = &variants[_i];
	struct ext4_inode *in;
	struct image im;
	uint8_t buf[300000];
	struct stat st;
	char path[600];

	image_mount_ok(&im, (enum variant)_i);
	in = iget_path(im.fs, "/dev_old");
	ck_assert_uint_eq(in->st.mode & 0170000, 0020000);
	ck_assert_uint_eq(in->st.rdev_major, 4);
	ck_assert_uint_eq(in->st.rdev_minor, 5);
	ext4_iput(in);
	in = iget_path(im.fs, "/dev_new");	/* new encoding: 12-bit major, 20-bit minor */
	ck_assert_uint_eq(in->st.rdev_major, 300);
	ck_assert_uint_eq(in->st.rdev_minor, 700);
	ext4_iput(in);
	in = iget_path(im.fs, "/blkdev");
	ck_assert_uint_eq(in->st.mode & 0170000, 0060000);
	ck_assert_uint_eq(in->st.rdev_major, 8);
	ck_assert_uint_eq(in->st.rdev_minor, 1);
	ext4_iput(in);
	in = iget_path(im.fs, "/fifo");
	ck_assert_uint_eq(in->st.mode & 0170000, 0010000);
	ext4_iput(in);

	/* 34-bit seconds, nanoseconds, birth time, 32-bit ids */
	in = iget_path(im.fs, "/timed");
	ck_assert_uint_eq(in->st.uid, 100000);
	ck_assert_uint_eq(in->st.gid, 200000);
	if (vi->name[3] == '2') {	/* 128-byte inodes: no extra fields */
		ck_assert_int_eq(in->st.mtime.sec, (int32_t)0x80000000);
		ck_assert_uint_eq(in->st.mtime.nsec, 0);
		ck_assert(!in->st.has_crtime);
	} else {
		ck_assert_int_eq(in->st.mtime.sec, 0x80000000ll);
		ck_assert_uint_eq(in->st.mtime.nsec, 123456789);
		ck_assert(in->st.has_crtime);
		ck_assert_int_eq(in->st.crtime.sec, 0x12345678);
		ck_assert_uint_eq(in->st.crtime.nsec, 987654321);
	}
	ext4_iput(in);

	/* hard links: one inode, two names, nlink 3 */
	uint32_t a, b, c;

	ck_assert_int_eq(ext4_lookup_path(im.fs, "/f4097", &a), 0);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/hard1", &b), 0);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "//sub/./hard2", &c), 0);
	ck_assert(a == b && b == c);

	/* the 5 GiB file: 64-bit size */
	in = iget_path(im.fs, "/huge");
	ck_assert_uint_eq(in->st.size, 5ull << 30);
	ext4_iput(in);

	if (!vi->inline_data) {	/* preallocated: allocated, reads as zeros */
		uint64_t pblk, count;

		in = iget_path(im.fs, "/falloc");
		ck_assert_uint_eq(in->st.size, 262144);
		ck_assert_uint_ge(in->st.blocks * 512, 262144);
		ck_assert_int_eq(ext4_read(im.fs, in, 0, buf, sizeof(buf)), 262144);
		size_t nonzero = 0;

		for (size_t i = 0; i < 262144; i++)
			nonzero += buf[i] != 0;
		ck_assert_uint_eq(nonzero, 0);
		ck_assert_int_eq(ext4_map_blocks(im.fs, in, 0, &pblk, &count), 0);
		if (vi->extents)	/* unwritten extent: reported as unmapped */
			ck_assert_uint_eq(pblk, 0);
		ext4_iput(in);
	} else {	/* small files are inline; read them at odd offsets too */
		in = iget_path(im.fs, "/small");
		ck_assert(in->st.flags & EXT4_INLINE_DATA_FL);
		snprintf(path, sizeof(path), "%s/small", srcdir);
		ck_assert_int_eq(stat(path, &st), 0);
		int fd = open(path, O_RDONLY);

		for (int off = 0; off < 110; off += 7)
			compare_range(im.fs, in, fd, off, 13, "small");
		close(fd);
		ext4_iput(in);
		in = iget_path(im.fs, "/sub");
		ck_assert(in->st.flags & EXT4_INLINE_DATA_FL);
		ext4_iput(in);
	}
	image_close(&im);
}
END_TEST

/* The dx_root_info of a directory (hash version at [4], levels at [6]). */
static void
dx_root_info(struct image *im, enum variant v, struct ext4_inode *dir, uint8_t info[8])
{
	image_get(im, pblk_of(im->fs, dir, 0) * variants[v].block_size + 0x18, info, 8);
}

START_TEST(test_htree)
{
	static const char *const dirs[] = { "/big", "/longnames" };
	const struct variant_info *vi = &variants[_i];
	struct image im;
	uint8_t info[8];

	image_mount_ok(&im, (enum variant)_i);
	for (int k = 0; k < 2; k++) {
		struct ext4_inode *dir = iget_path(im.fs, dirs[k]);
		char path[600], name[300];
		struct dirent *de;
		uint32_t ino;
		DIR *d;

		ck_assert_msg(dir->st.flags & EXT4_INDEX_FL, "%s%s is not an htree", vi->name,
			      dirs[k]);
		dx_root_info(&im, (enum variant)_i, dir, info);
		ck_assert_uint_eq(info[4], vi->hash);
		ck_assert_uint_eq(info[5], 8);
		if (k == 1 && vi->block_size == 1024)
			ck_assert_uint_eq(info[6], 1);	/* two levels of index */
		ck_assert_int_eq(ext4_lookup(im.fs, dir, ".", 1, &ino), 0);
		ck_assert_uint_eq(ino, dir->ino);
		ck_assert_int_eq(ext4_lookup(im.fs, dir, "..", 2, &ino), 0);
		ck_assert_uint_eq(ino, EXT4_ROOT_INO);
		/* near misses of every name are absent */
		snprintf(path, sizeof(path), "%s%s", srcdir, dirs[k]);
		d = opendir(path);
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);

			if (de->d_name[0] == '.')
				continue;
			snprintf(name, sizeof(name), "%s", de->d_name);
			name[len - 1] ^= 0x40;
			ck_assert_int_eq(ext4_lookup(im.fs, dir, name, len, &ino), -ENOENT);
			ck_assert_int_eq(ext4_lookup(im.fs, dir, de->d_name, len - 1, &ino),
					 -ENOENT);
		}
		closedir(d);
		ext4_iput(dir);
	}
	image_close(&im);
}
END_TEST

START_TEST(test_64k_blocks)
{
	struct ext4_inode *dir;
	struct listing l;
	struct image im;
	uint8_t info[8];
	uint32_t ino;

	image_mount_ok(&im, V_EXT4_64K);
	dir = iget_path(im.fs, "/wide");
	ck_assert(dir->st.flags & EXT4_INDEX_FL);
	dx_root_info(&im, V_EXT4_64K, dir, info);
	ck_assert_uint_eq(info[4], 1);
	list_dir(im.fs, dir, &l, 0);
	ck_assert_int_eq(l.n, N_WIDE + 2);
	ck_assert_int_eq(ext4_lookup(im.fs, dir, "w04999", 6, &ino), 0);
	ck_assert_int_eq(ext4_lookup(im.fs, dir, "w05000", 6, &ino), -ENOENT);
	free(l.e);
	ext4_iput(dir);
	image_close(&im);
}
END_TEST

START_TEST(test_extent_tree_and_holes)
{
	const struct variant_info *vi = &variants[_i];
	uint64_t per = 4096 / vi->block_size, pblk, count;
	struct ext4_inode *in;
	struct image im;

	image_mount_ok(&im, (enum variant)_i);
	in = iget_path(im.fs, "/frag");
	if (vi->extents) {
		ck_assert(in->st.flags & EXT4_EXTENTS_FL);
		ck_assert_uint_ge(in->i_block[6] | in->i_block[7] << 8, 2);	/* depth */
	} else {
		ck_assert(!(in->st.flags & EXT4_EXTENTS_FL));
	}
	for (uint64_t i = 0; i < FRAG_PIECES; i++) {
		uint64_t lblk = i * 2 * per;

		ck_assert_int_eq(ext4_map_blocks(im.fs, in, lblk, &pblk, &count), 0);
		ck_assert(pblk && count >= 1 && count <= per);
		ck_assert_int_eq(ext4_map_blocks(im.fs, in, lblk + per, &pblk, &count), 0);
		ck_assert_uint_eq(pblk, 0);
		if (vi->extents && i + 1 < FRAG_PIECES)
			ck_assert_uint_eq(count, per);	/* the hole ends at the next island */
		ck_assert(count >= 1);
	}
	ext4_iput(in);
	in = iget_path(im.fs, "/sparse");	/* first hole: from 4K to 1M + 5 */
	ck_assert_int_eq(ext4_map_blocks(im.fs, in, 4096 / vi->block_size, &pblk, &count), 0);
	ck_assert_uint_eq(pblk, 0);
	if (vi->extents)
		ck_assert_uint_eq(count, (1024 * 1024 - 4096) / vi->block_size);
	ext4_iput(in);
	image_close(&im);
}
END_TEST

START_TEST(test_readdir_cursor)
{
	struct ext4_dirent de;
	struct listing l;
	struct ext4_inode *dir;
	struct image im;
	uint64_t pos = 0;
	int n = 0, err;

	image_mount_ok(&im, (enum variant)_i);
	dir = iget_path(im.fs, "/big");
	list_dir(im.fs, dir, &l, 0);
	ck_assert_int_eq(l.n, N_BIG + 2);
	while ((err = ext4_readdir(im.fs, dir, &pos, &de)) == 1) {
		ck_assert_int_lt(n, l.n);
		ck_assert_str_eq(de.name, l.e[n].name);
		ck_assert_uint_eq(de.name_len, strlen(l.e[n].name));
		ck_assert_uint_eq(de.ino, l.e[n].ino);
		ck_assert_uint_eq(pos, l.e[n].next);
		n++;
	}
	ck_assert_int_eq(err, 0);
	ck_assert_int_eq(n, l.n);
	ck_assert_int_eq(ext4_readdir(im.fs, dir, &pos, &de), 0);	/* stays at the end */
	/* resuming one byte into an entry goes on with this one or the next */
	for (int k = 1; k < l.n - 1; k += 37) {
		pos = l.e[k - 1].next + 1;
		ck_assert_int_eq(ext4_readdir(im.fs, dir, &pos, &de), 1);
		ck_assert(de.ino == l.e[k].ino || de.ino == l.e[k + 1].ino);
		ck_assert(!strcmp(de.name, l.e[k].name) || !strcmp(de.name, l.e[k + 1].name));
	}
	free(l.e);
	ext4_iput(dir);
	image_close(&im);
}
END_TEST

START_TEST(test_api_errors)
{
	struct ext4_inode *file, *root, *unused;
	struct image im;
	struct ext4_info info;
	struct ext4_dirent de;
	char buf[100];
	uint64_t pos = 0;
	uint32_t ino;
	char longname[300];

	image_open(&im, V_EXT4);
	ck_assert_int_eq(ext4_mount(&im.bd, 0, &im.fs), -EROFS);
	ck_assert_ptr_null(im.fs);
	ck_assert_ptr_nonnull(strstr(ext4_strerror_detail(NULL), "read-only"));
	ck_assert_int_eq(ext4_mount(&im.bd, 0x81, &im.fs), -EINVAL);
	ck_assert_int_eq(image_mount(&im), 0);
	ext4_get_info(im.fs, &info);
	ck_assert_int_eq(ext4_iget(im.fs, 0, &file), -EINVAL);
	ck_assert_int_eq(ext4_iget(im.fs, info.inodes_count + 1, &file), -EINVAL);
	ck_assert_int_eq(ext4_iget(im.fs, info.inodes_count - 1, &unused), -ENOENT);
	file = iget_path(im.fs, "/f4097");
	root = iget_path(im.fs, "/");
	ck_assert_uint_eq(root->ino, EXT4_ROOT_INO);
	ck_assert_int_eq(ext4_lookup(im.fs, file, "x", 1, &ino), -ENOTDIR);
	ck_assert_int_eq(ext4_readdir(im.fs, file, &pos, &de), -ENOTDIR);
	memset(longname, 'a', sizeof(longname));
	ck_assert_int_eq(ext4_lookup(im.fs, root, longname, 256, &ino), -ENAMETOOLONG);
	ck_assert_int_eq(ext4_lookup(im.fs, root, longname, 0, &ino), -ENOENT);
	ck_assert_int_eq(ext4_lookup(im.fs, root, "f4097/", 6, &ino), -ENOENT);
	ck_assert_int_eq(ext4_readlink(im.fs, file, buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(ext4_read(im.fs, file, 4097, buf, sizeof(buf)), 0);
	ck_assert_int_eq(ext4_read(im.fs, file, 1ull << 40, buf, sizeof(buf)), 0);
	ck_assert_int_eq(ext4_read(im.fs, file, 4090, buf, sizeof(buf)), 7);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "f4097", &ino), -EINVAL);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/nope/x", &ino), -ENOENT);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/f4097/x", &ino), -ENOTDIR);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/sub/deeper/../../f4097", &ino), 0);
	ck_assert_uint_eq(ino, file->ino);
	ck_assert_uint_eq(ext4_dt_type(EXT4_FT_DIR), 4);
	ck_assert_uint_eq(ext4_dt_type(EXT4_FT_REG_FILE), 8);
	ck_assert_uint_eq(ext4_dt_type(EXT4_FT_SYMLINK), 10);
	ck_assert_uint_eq(ext4_dt_type(200), 0);
	ext4_iput(file);
	ext4_iput(root);
	image_close(&im);
}
END_TEST

START_TEST(test_needs_recovery_reported)
{
	struct image im;
	struct ext4_info info;
	char path[400];
	uint32_t ino;

	memset(&im, 0, sizeof(im));
	snprintf(path, sizeof(path), "%s/recover.img", imgdir);
	im.fd = open(path, O_RDONLY);
	ck_assert(im.fd >= 0);
	im.size = (uint64_t)lseek(im.fd, 0, SEEK_END);
	im.bd = (struct ext4_blockdev){ .read = image_read, .ctx = &im, .size = im.size };
	ck_assert_int_eq(image_mount(&im), 0);
	ext4_get_info(im.fs, &info);
	ck_assert(info.needs_recovery && info.has_journal);
	ck_assert_int_eq(ext4_lookup_path(im.fs, "/sub/deeper/file", &ino), 0);
	image_close(&im);
}
END_TEST


TCase *
read_images_tcase(void)
{
	TCase *tc = tcase_create("images");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_tree_matches_source, 0, V_COUNT);
	tcase_add_loop_test(tc, test_special_inodes, 0, V_COUNT);
	tcase_add_loop_test(tc, test_htree, 0, V_MAIN);
	tcase_add_loop_test(tc, test_extent_tree_and_holes, 0, V_MAIN);
	tcase_add_loop_test(tc, test_readdir_cursor, 0, V_MAIN);
	tcase_add_test(tc, test_64k_blocks);
	tcase_add_test(tc, test_needs_recovery_reported);
	tcase_add_test(tc, test_api_errors);
	return tc;
}
