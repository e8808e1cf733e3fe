/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the ext4 write path (include/kernel/ext4.h) over images
 * made by the host's mke2fs (ext4 with Debian's defaults, 1K blocks,
 * without metadata_csum, without a journal, with uninit_bg; ext3; ext2).
 * Each case works through the library, unmounts, has e2fsck -fn judge
 * the image, and compares the tree with a model of what it should hold,
 * through the library and through debugfs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wcases.h"

const struct fsv_info fsv[F_COUNT] = {
	[F_EXT4] = { "ext4", "ext4", "-b 4096", true, true, true, 4096 },
	[F_EXT4_1K] = { "ext4-1k", "ext4", "-b 1024", true, true, true, 1024 },
	[F_NOCSUM] = { "nocsum", "ext4", "-b 4096 -O ^metadata_csum", true, true, true, 4096 },
	[F_NOJOURNAL] = { "nojournal", "ext4", "-b 4096 -O ^has_journal", true, false, true,
			  4096 },
	[F_UNINIT] = { "uninit", "ext4", "-b 1024 -O ^metadata_csum,uninit_bg", true, true, true,
		       1024 },
	[F_EXT3] = { "ext3", "ext3", "-b 4096", false, true, true, 4096 },
	[F_EXT2] = { "ext2", "ext2", "-b 1024", false, false, true, 1024 },
};

void
wcase_mkfs(struct wimg *w, enum fsv v, const char *tag, uint64_t size)
{
	char name[100];

	snprintf(name, sizeof(name), "%s-%s", tag, fsv[v].name);
	wimg_mkfs(w, name, fsv[v].type, size, fsv[v].opts, NULL);
}

void
wcase_finish(struct wimg *w, struct model *m)
{
	wimg_umount(w);
	wimg_fsck(w->path);
	wimg_mount_ok(w);
	model_check(m, w->fs, NULL);
	wimg_umount(w);
	model_check(m, NULL, w->path);
	wimg_fsck(w->path);
}

START_TEST(test_mount_rw)
{
	struct ext4_info info, before;
	struct wimg w;
	struct model m;

	wcase_mkfs(&w, (enum fsv)_i, "mount", 32 << 20);
	ck_assert_int_eq(wimg_mount(&w, EXT4_MOUNT_RDONLY), 0);
	ext4_get_info(w.fs, &before);
	wimg_umount(&w);
	wimg_mount_ok(&w);
	ext4_get_info(w.fs, &info);
	ck_assert(!info.read_only && !info.aborted);
	ck_assert_uint_eq(info.free_blocks, before.free_blocks);
	ck_assert_uint_eq(info.free_inodes, before.free_inodes);
	ck_assert_uint_eq(info.has_journal, fsv[_i].type[3] != '2' && !strstr(fsv[_i].opts, "^has_journal"));
	model_init(&m);
	model_from_fs(&m, w.fs);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

START_TEST(test_create_kinds)
{
	struct ext4_new_inode ni = { .uid = 7, .gid = 8 };
	struct ext4_inode *root, *in;
	char slow[3000];
	uint8_t data[20000];
	struct model m;
	struct mnode *n;
	struct wimg w;

	wcase_mkfs(&w, (enum fsv)_i, "kinds", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	root = w_iget_path(w.fs, "/");

	fill_pattern(data, sizeof(data), 1, 0);
	w_write_file(w.fs, "/file", data, sizeof(data));
	model_write(model_add(&m, "file", 0100644), 0, data, sizeof(data));
	w_write_file(w.fs, "/empty", NULL, 0);
	model_add(&m, "empty", 0100644);

	ext4_iput(w_mkdir(w.fs, "/dir", 0755));
	model_add(&m, "dir", 040755);
	w_write_file(w.fs, "/dir/inner", data, 100);
	model_write(model_add(&m, "dir/inner", 0100644), 0, data, 100);

	w_symlink(w.fs, "/fast", "file");
	model_add(&m, "fast", 0120777)->target = strdup("file");
	memset(slow, 'a', 59);
	slow[59] = 0;
	w_symlink(w.fs, "/fast59", slow);
	model_add(&m, "fast59", 0120777)->target = strdup(slow);
	memset(slow, 'b', 60);
	slow[60] = 0;
	w_symlink(w.fs, "/slow60", slow);
	model_add(&m, "slow60", 0120777)->target = strdup(slow);
	{	/* the longest: a block (with a NUL) */
		struct ext4_info info;
		int len;

		ext4_get_info(w.fs, &info);
		len = info.block_size > 2500 ? 2500 : (int)info.block_size;
		for (int i = 0; i < len; i++)
			slow[i] = "abc/def"[i % 7];
		slow[len] = 0;
		ni.mode = 0120777;
		ni.target = slow;
		ni.target_len = (size_t)len;
		if (len == (int)info.block_size) {
			ck_assert_int_eq(ext4_create(w.fs, root, "toolong", 7, &ni, NULL),
					 -ENAMETOOLONG);
			slow[--len] = 0;
		}
		w_symlink(w.fs, "/slowlong", slow);
		model_add(&m, "slowlong", 0120777)->target = strdup(slow);
	}

	static const struct {
		const char *name;
		uint16_t mode;
		uint32_t major, minor;
	} nodes[] = {
		{ "chr", 020644, 4, 5 }, { "chr-big", 020600, 300, 70000 },
		{ "blk", 060660, 8, 1 }, { "fifo", 010644, 0, 0 }, { "sock", 0140755, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		ni.mode = nodes[i].mode;
		ni.rdev_major = nodes[i].major;
		ni.rdev_minor = nodes[i].minor;
		ck_assert_int_eq(ext4_create(w.fs, root, nodes[i].name, strlen(nodes[i].name), &ni,
					     &in), 0);
		ck_assert_uint_eq(in->st.mode, nodes[i].mode);
		ext4_iput(in);
		n = model_add(&m, nodes[i].name, nodes[i].mode);
		n->uid = 7;
		n->gid = 8;
		n->rdev_major = nodes[i].major;
		n->rdev_minor = nodes[i].minor;
	}
	/* refusals change nothing */
	ni.mode = 0100644;
	ck_assert_int_eq(ext4_create(w.fs, root, "file", 4, &ni, NULL), -EEXIST);
	ck_assert_int_eq(ext4_create(w.fs, root, ".", 1, &ni, NULL), -EEXIST);
	ck_assert_int_eq(ext4_create(w.fs, root, "a/b", 3, &ni, NULL), -EINVAL);
	ck_assert_int_eq(ext4_create(w.fs, root, "", 0, &ni, NULL), -ENOENT);
	in = w_iget_path(w.fs, "/file");
	ck_assert_int_eq(ext4_create(w.fs, in, "x", 1, &ni, NULL), -ENOTDIR);
	ext4_iput(in);
	ext4_iput(root);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

START_TEST(test_setattr)
{
	struct ext4_setattr a = { 0 };
	struct ext4_inode *in;
	struct model m;
	struct wimg w;
	char out[8192];

	wcase_mkfs(&w, (enum fsv)_i, "setattr", 16 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/f", 0644);
	a.valid = EXT4_SET_MODE | EXT4_SET_UID | EXT4_SET_GID;
	a.mode = 0104751;	/* the type bits are ignored: setuid and permissions only */
	a.uid = 123456;		/* beyond 16 bits */
	a.gid = 70000;
	ck_assert_int_eq(ext4_setattr(w.fs, in, &a), 0);
	ck_assert_uint_eq(in->st.mode, 0104751);
	ck_assert_uint_eq(in->st.uid, 123456);
	a.valid = EXT4_SET_ATIME | EXT4_SET_MTIME | EXT4_SET_CTIME;
	a.atime = (struct ext4_timespec){ 1000000000, 1 };
	a.mtime = (struct ext4_timespec){ 0x100000000ll + 5, 999999999 };	/* past 2038 */
	a.ctime = (struct ext4_timespec){ 0, EXT4_UTIME_NOW };
	ck_assert_int_eq(ext4_setattr(w.fs, in, &a), 0);
	a.valid = 0x400;
	ck_assert_int_eq(ext4_setattr(w.fs, in, &a), -EINVAL);
	ext4_iput(in);
	{
		struct mnode *n = model_add(&m, "f", 0104751);

		n->uid = 123456;
		n->gid = 70000;
	}
	wcase_finish(&w, &m);
	wimg_mount_ok(&w);
	in = w_iget_path(w.fs, "/f");
	ck_assert_int_eq(in->st.atime.sec, 1000000000);
	if (w.size && in->st.has_crtime) {	/* 256-byte inodes: nanoseconds, 34-bit seconds */
		ck_assert_uint_eq(in->st.atime.nsec, 1);
		ck_assert_int_eq(in->st.mtime.sec, 0x100000000ll + 5);
		ck_assert_uint_eq(in->st.mtime.nsec, 999999999);
	}
	ck_assert_int_ge(in->st.ctime.sec, 1700000000);	/* the fixture's clock */
	ext4_iput(in);
	wimg_umount(&w);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "debugfs -R 'stat /f' '%s' 2>/dev/null", w.path),
			 0);
	ck_assert_msg(strstr(out, "User: 123456") && strstr(out, "Group: 70000") &&
		      strstr(out, "Mode:  04751"), "debugfs: %s", out);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

TCase *
basics_tcase(void)
{
	TCase *tc = tcase_create("basics");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_mount_rw, 0, F_COUNT);
	tcase_add_loop_test(tc, test_create_kinds, 0, F_COUNT);
	tcase_add_loop_test(tc, test_setattr, 0, F_COUNT);
	return tc;
}

static Suite *
write_suite(void)
{
	Suite *s = suite_create("ext4-write");

	suite_add_tcase(s, basics_tcase());
	suite_add_tcase(s, names_tcase());
	suite_add_tcase(s, data_tcase());
	suite_add_tcase(s, xattr_tcase());
	suite_add_tcase(s, tree_tcase());
	suite_add_tcase(s, fuzz_tcase());
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	wfix_setup("test_ext4_write");
	sr = srunner_create(write_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	wfix_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
