/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 write tests, names: unlink, rmdir, link, rename (plain, across
 * directories, over files and empty directories, directories with their
 * "..", RENAME_NOREPLACE and RENAME_EXCHANGE), the refusals, and
 * directories that grow into multi-level htrees and shrink again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wcases.h"

/* Create a file with pattern contents in image and model. */
static void
mk_file(struct wimg *w, struct model *m, const char *path, size_t size, uint32_t seed)
{
	uint8_t *buf = malloc(size ? size : 1);
	char abs[1100];

	fill_pattern(buf, size, seed, 0);
	snprintf(abs, sizeof(abs), "/%s", path);
	w_write_file(w->fs, abs, buf, size);
	model_write(model_add(m, path, 0100644), 0, buf, size);
	free(buf);
}

static void
mk_dir(struct wimg *w, struct model *m, const char *path)
{
	char abs[1100];

	snprintf(abs, sizeof(abs), "/%s", path);
	ext4_iput(w_mkdir(w->fs, abs, 0755));
	model_add(m, path, 040755);
}

static void
rn(struct wimg *w, struct model *m, const char *from, const char *to, unsigned int flags)
{
	char a[1100], b[1100];
	int err;

	snprintf(a, sizeof(a), "/%s", from);
	snprintf(b, sizeof(b), "/%s", to);
	err = w_rename(w->fs, a, b, flags);
	ck_assert_msg(err == 0, "rename %s %s: %d (%s)", a, b, err, ext4_strerror_detail(w->fs));
	if (flags & EXT4_RENAME_EXCHANGE) {
		model_rename(m, from, "\001tmp");
		model_rename(m, to, from);
		model_rename(m, "\001tmp", to);
	} else {
		if (model_find(m, to)) {
			/* a replaced directory is empty: just the node */
			model_del(m, to);
		}
		model_rename(m, from, to);
	}
}

START_TEST(test_unlink_rmdir_link)
{
	struct ext4_inode *in, *root;
	struct model m;
	struct wimg w;
	char p[100];

	wcase_mkfs(&w, (enum fsv)_i, "unlink", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "d");
	mk_dir(&w, &m, "d/sub");
	for (int i = 0; i < 60; i++) {
		snprintf(p, sizeof(p), "d/f%03d", i);
		mk_file(&w, &m, p, (size_t)(i * 777), (uint32_t)i);
	}
	/* every other file goes; their space is reused by new ones */
	for (int i = 0; i < 60; i += 2) {
		snprintf(p, sizeof(p), "/d/f%03d", i);
		ck_assert_int_eq(w_unlink(w.fs, p), 0);
		model_del(&m, p + 1);
	}
	for (int i = 0; i < 20; i++) {
		snprintf(p, sizeof(p), "d/new-%d-with-a-longer-name", i);
		mk_file(&w, &m, p, 5000, 100u + (uint32_t)i);
	}
	/* hard links */
	in = w_iget_path(w.fs, "/d/f001");
	root = w_iget_path(w.fs, "/");
	ck_assert_int_eq(ext4_link(w.fs, root, "hard1", 5, in), 0);
	ck_assert_int_eq(ext4_link(w.fs, root, "hard1", 5, in), -EEXIST);
	ck_assert_uint_eq(in->st.nlink, 2);
	model_find(&m, "d/f001")->link_group = 1;
	model_write(model_add(&m, "hard1", 0100644), 0, model_find(&m, "d/f001")->data,
		    model_find(&m, "d/f001")->size);
	model_find(&m, "hard1")->link_group = 1;
	ck_assert_int_eq(w_unlink(w.fs, "/d/f001"), 0);	/* still open, still linked once */
	model_del(&m, "d/f001");
	model_find(&m, "hard1")->link_group = 0;
	ck_assert_uint_eq(in->st.nlink, 1);
	ext4_iput(in);
	in = w_iget_path(w.fs, "/d");
	ck_assert_int_eq(ext4_link(w.fs, root, "dirlink", 7, in), -EPERM);
	ext4_iput(in);
	/* refusals */
	ck_assert_int_eq(w_unlink(w.fs, "/d"), -EISDIR);
	ck_assert_int_eq(w_unlink(w.fs, "/nothere"), -ENOENT);
	ck_assert_int_eq(w_rmdir(w.fs, "/d"), -ENOTEMPTY);
	ck_assert_int_eq(w_rmdir(w.fs, "/hard1"), -ENOTDIR);
	ck_assert_int_eq(ext4_unlink(w.fs, root, "..", 2), -EINVAL);
	ck_assert_int_eq(w_rmdir(w.fs, "/d/sub"), 0);
	model_del(&m, "d/sub");
	/* empty a directory and remove it */
	mk_dir(&w, &m, "gone");
	mk_file(&w, &m, "gone/x", 10, 1);
	ck_assert_int_eq(w_unlink(w.fs, "/gone/x"), 0);
	model_del(&m, "gone/x");
	in = w_iget_path(w.fs, "/gone");
	ck_assert_int_eq(w_rmdir(w.fs, "/gone"), 0);	/* held: an orphan until put */
	model_del(&m, "gone");
	ck_assert_uint_eq(in->st.nlink, 0);
	ck_assert_int_eq(ext4_create(w.fs, in, "late", 4,
				     &(struct ext4_new_inode){ .mode = 0100644 }, NULL), -ENOENT);
	ext4_iput(in);
	ext4_iput(root);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

START_TEST(test_rename)
{
	struct ext4_inode *a, *b;
	struct model m;
	struct wimg w;

	wcase_mkfs(&w, (enum fsv)_i, "rename", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "a");
	mk_dir(&w, &m, "b");
	mk_dir(&w, &m, "a/deep");
	mk_dir(&w, &m, "a/deep/er");
	mk_file(&w, &m, "a/f1", 1000, 1);
	mk_file(&w, &m, "a/f2", 2000, 2);
	mk_file(&w, &m, "b/g1", 3000, 3);
	mk_dir(&w, &m, "b/emptydir");
	mk_file(&w, &m, "a/deep/er/leaf", 10, 4);

	rn(&w, &m, "a/f1", "a/f1-renamed", 0);			/* same directory */
	rn(&w, &m, "a/f1-renamed", "b/f1", 0);			/* across */
	rn(&w, &m, "a/f2", "b/g1", 0);				/* over a file */
	rn(&w, &m, "a/deep", "b/deep", 0);			/* a directory across: ".." moves */
	rn(&w, &m, "b/deep/er", "b/emptydir", 0);		/* over an empty directory */
	ck_assert_int_eq(w_rename(w.fs, "/b/f1", "/b/g1", EXT4_RENAME_NOREPLACE), -EEXIST);
	rn(&w, &m, "b/f1", "b/f1b", EXT4_RENAME_NOREPLACE);
	rn(&w, &m, "b/f1b", "b/g1", EXT4_RENAME_EXCHANGE);	/* file <-> file */
	mk_file(&w, &m, "a/x", 5, 5);
	rn(&w, &m, "a/x", "b/deep", EXT4_RENAME_EXCHANGE);	/* file <-> dir across */
	mk_dir(&w, &m, "a/y");
	mk_file(&w, &m, "a/y/in", 5, 6);
	rn(&w, &m, "a/y", "b/emptydir", EXT4_RENAME_EXCHANGE);	/* dir <-> dir across */

	/* the refusals */
	ck_assert_int_eq(w_rename(w.fs, "/b/g1", "/nope", EXT4_RENAME_EXCHANGE), -ENOENT);
	ck_assert_int_eq(w_rename(w.fs, "/a/y", "/a/y/inside", 0), -EINVAL);
	ck_assert_int_eq(w_rename(w.fs, "/b", "/b/emptydir/new", 0), -EINVAL);
	ck_assert_int_eq(w_rename(w.fs, "/b/g1", "/a/x", 0), -EISDIR);
	ck_assert_int_eq(w_rename(w.fs, "/a/x", "/b/g1", 0), -ENOTDIR);
	ck_assert_int_eq(w_rename(w.fs, "/a", "/b", 0), -ENOTEMPTY);
	ck_assert_int_eq(w_rename(w.fs, "/missing", "/b/x", 0), -ENOENT);
	ck_assert_int_eq(w_rename(w.fs, "/a", "/b", 3), -EINVAL);
	/* two names of one inode: nothing happens */
	a = w_iget_path(w.fs, "/b/g1");
	b = w_iget_path(w.fs, "/b");
	ck_assert_int_eq(ext4_link(w.fs, b, "g1-link", 7, a), 0);
	ck_assert_int_eq(w_rename(w.fs, "/b/g1", "/b/g1-link", 0), 0);
	model_write(model_add(&m, "b/g1-link", 0100644), 0, model_find(&m, "b/g1")->data,
		    model_find(&m, "b/g1")->size);
	model_find(&m, "b/g1")->link_group = 7;
	model_find(&m, "b/g1-link")->link_group = 7;
	ext4_iput(a);
	ext4_iput(b);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* Many names in one directory: a multi-level htree on 1K blocks, then half removed. */
START_TEST(test_htree_growth)
{
	enum fsv v = (enum fsv)_i;
	int n = 6000;
	struct ext4_inode *dir;
	struct model m;
	struct wimg w;
	char name[300], p[400];

	wcase_mkfs(&w, v, "htree", 64 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "big");
	dir = w_iget_path(w.fs, "/big");
	for (int i = 0; i < n; i++) {
		struct ext4_new_inode ni = { .mode = 0100644, .uid = 1000, .gid = 100 };

		/* long names fill blocks fast; some bytes >= 0x80 (signed/unsigned hashes) */
		if (i % 7 == 3)
			snprintf(name, sizeof(name), "\xc3\xa9t\xc3\xa9-%05d-%0120d", i, i);
		else
			snprintf(name, sizeof(name), "entry-%05d-%0*d", i, i % 3 ? 60 : 10, i);
		ck_assert_int_eq(ext4_create(w.fs, dir, name, strlen(name), &ni, NULL), 0);
		snprintf(p, sizeof(p), "big/%s", name);
		model_add(&m, p, 0100644);
	}
	if (fsv[v].dir_index)
		ck_assert(dir->st.flags & EXT4_INDEX_FL);
	for (int i = 0; i < n; i += 2) {
		uint32_t ino;

		snprintf(name, sizeof(name), "entry-%05d-%0*d", i, i % 3 ? 60 : 10, i);
		if (i % 7 == 3)
			snprintf(name, sizeof(name), "\xc3\xa9t\xc3\xa9-%05d-%0120d", i, i);
		ck_assert_int_eq(ext4_lookup(w.fs, dir, name, strlen(name), &ino), 0);
		ck_assert_int_eq(ext4_unlink(w.fs, dir, name, strlen(name)), 0);
		ck_assert_int_eq(ext4_lookup(w.fs, dir, name, strlen(name), &ino), -ENOENT);
		snprintf(p, sizeof(p), "big/%s", name);
		model_del(&m, p);
	}
	ext4_iput(dir);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* Every directory hash: legacy, half_md4, tea, each signed and unsigned. */
START_TEST(test_htree_hashes)
{
	static const char *const hash[] = { "legacy", "half_md4", "tea" };
	struct ext4_inode *dir;
	struct model m;
	struct wimg w;
	char name[300], p[400], out[1024];
	uint32_t ino;

	wimg_mkfs(&w, "hash", "ext4", 32 << 20, "-b 1024", NULL);
	ck_assert_int_eq(run_cmd(out, sizeof(out),
				 "debugfs -w -R 'ssv def_hash_version %s' '%s' >/dev/null 2>&1 && "
				 "debugfs -w -R 'ssv flags %d' '%s' >/dev/null 2>&1",
				 hash[_i / 2], w.path, _i % 2 ? 2 : 1, w.path), 0);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "h");
	dir = w_iget_path(w.fs, "/h");
	for (int i = 0; i < 1500; i++) {
		struct ext4_new_inode ni = { .mode = 0100644, .uid = 1000, .gid = 100 };

		/* bytes >= 0x80 hash differently signed and unsigned */
		snprintf(name, sizeof(name), "%s\xe9\xff-%04d-%040d", i % 2 ? "n" : "\xc3\xa9", i, i);
		ck_assert_int_eq(ext4_create(w.fs, dir, name, strlen(name), &ni, NULL), 0);
		snprintf(p, sizeof(p), "h/%s", name);
		model_add(&m, p, 0100644);
	}
	ck_assert(dir->st.flags & EXT4_INDEX_FL);
	for (int i = 0; i < 1500; i += 3) {
		snprintf(name, sizeof(name), "%s\xe9\xff-%04d-%040d", i % 2 ? "n" : "\xc3\xa9", i, i);
		ck_assert_int_eq(ext4_lookup(w.fs, dir, name, strlen(name), &ino), 0);
	}
	ext4_iput(dir);
	wcase_finish(&w, &m);	/* (e2fsck checks every name is in its hash's leaf) */
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* 64K blocks: a whole-block entry's rec_len is stored as 65535. */
START_TEST(test_64k_blocks_write)
{
	struct model m;
	struct wimg w;
	char p[64];

	wimg_mkfs(&w, "64k", "ext4", 64 << 20, "-b 65536 -N 8000 -O ^has_journal,^metadata_csum", NULL);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "d");
	for (int i = 0; i < 6000; i++) {	/* past one 64K block: an htree */
		snprintf(p, sizeof(p), "d/entry-%05d", i);
		mk_file(&w, &m, p, i % 50 ? 0 : 70000, (uint32_t)i);
	}
	for (int i = 0; i < 6000; i += 2) {
		snprintf(p, sizeof(p), "/d/entry-%05d", i);
		ck_assert_int_eq(w_unlink(w.fs, p), 0);
		model_del(&m, p + 1);
	}
	mk_dir(&w, &m, "e");	/* emptied and filled again */
	mk_file(&w, &m, "e/x", 10, 1);
	ck_assert_int_eq(w_unlink(w.fs, "/e/x"), 0);
	model_del(&m, "e/x");
	mk_file(&w, &m, "e/y", 10, 2);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* Freed entry space is reused: a directory emptied and refilled does not grow. */
START_TEST(test_space_reuse)
{
	enum fsv v = (enum fsv)_i;
	struct ext4_inode *dir;
	struct model m;
	struct wimg w;
	uint64_t size;
	char p[100];

	wcase_mkfs(&w, v, "reuse", 16 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	mk_dir(&w, &m, "r");
	for (int i = 0; i < 40; i++) {	/* a linear directory of a few blocks ... */
		snprintf(p, sizeof(p), "r/%060d", i);
		mk_file(&w, &m, p, 0, 0);
	}
	dir = w_iget_path(w.fs, "/r");
	size = dir->st.size;
	for (int round = 0; round < 5; round++) {	/* ... emptied and refilled, in another order */
		for (int i = 0; i < 40; i++) {
			snprintf(p, sizeof(p), "/r/%060d", (i * 7 + round) % 40);
			ck_assert_int_eq(w_unlink(w.fs, p), 0);
		}
		for (int i = 0; i < 40; i++) {
			snprintf(p, sizeof(p), "/r/%060d", (i * 13 + round) % 40);
			w_write_file(w.fs, p, NULL, 0);
		}
	}
	ck_assert_uint_eq(dir->st.size, size);
	ext4_iput(dir);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

TCase *
names_tcase(void)
{
	TCase *tc = tcase_create("names");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_unlink_rmdir_link, 0, F_COUNT);
	tcase_add_loop_test(tc, test_rename, 0, F_COUNT);
	tcase_add_loop_test(tc, test_htree_growth, 0, F_COUNT);
	tcase_add_loop_test(tc, test_htree_hashes, 0, 6);
	tcase_add_test(tc, test_64k_blocks_write);
	tcase_add_loop_test(tc, test_space_reuse, 0, F_COUNT);
	return tc;
}
