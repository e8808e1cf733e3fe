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

TCase *
names_tcase(void)
{
	TCase *tc = tcase_create("names");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_unlink_rmdir_link, 0, F_COUNT);
	tcase_add_loop_test(tc, test_rename, 0, F_COUNT);
	tcase_add_loop_test(tc, test_htree_growth, 0, F_COUNT);
	return tc;
}
