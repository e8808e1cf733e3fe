/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 write tests, whole trees: an image made by mkfs.ext4 -d from a
 * host tree of thousands of files (read back first against the host tree
 * itself, then half renamed, half deleted, more added), directories
 * spread over flex groups (Orlov) with their files near them, statfs
 * figures against dumpe2fs, and a directory past 65000 subdirectories
 * (dir_nlink).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wcases.h"

/* Write a host tree for mkfs -d: dirs of files, a big directory, links. */
static void
make_host_tree(const char *root, int ndirs, int nfiles)
{
	char p[600], q[600];
	uint8_t *buf = malloc(20000);

	ck_assert_int_eq(mkdir(root, 0755), 0);
	for (int d = 0; d < ndirs; d++) {
		snprintf(p, sizeof(p), "%s/dir%02d", root, d);
		ck_assert_int_eq(mkdir(p, 0750 + (d % 2) * 5), 0);
		for (int f = 0; f < nfiles; f++) {
			size_t len = (size_t)((f * 7919 + d * 104729) % 20000);
			int fd;

			snprintf(p, sizeof(p), "%s/dir%02d/file%03d", root, d, f);
			fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			ck_assert(fd >= 0);
			fill_pattern(buf, len, (uint32_t)(d * 1000 + f), 0);
			ck_assert(write(fd, buf, len) == (ssize_t)len);
			close(fd);
		}
	}
	snprintf(p, sizeof(p), "%s/bigdir", root);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	for (int f = 0; f < 1500; f++) {
		int fd;

		snprintf(p, sizeof(p), "%s/bigdir/a-rather-long-name-for-entry-%05d", root, f);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		close(fd);
	}
	snprintf(p, sizeof(p), "%s/dir00/file000", root);
	snprintf(q, sizeof(q), "%s/hardlink", root);
	ck_assert_int_eq(link(p, q), 0);
	snprintf(q, sizeof(q), "%s/symlink", root);
	ck_assert_int_eq(symlink("dir00/file001", q), 0);
	free(buf);
}

/* The model of a host tree (uids as on the host: mkfs -d copies them). */
static void
model_from_host(struct model *m, const char *root, const char *rel)
{
	char p[1200], r[1100];
	struct dirent *de;
	DIR *d;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	d = opendir(p);
	ck_assert(d);
	while ((de = readdir(d))) {
		struct stat st;
		struct mnode *n;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(p, sizeof(p), "%s/%s", root, r);
		ck_assert_int_eq(lstat(p, &st), 0);
		n = model_add(m, r, (uint16_t)st.st_mode);
		n->uid = st.st_uid;
		n->gid = st.st_gid;
		if (S_ISREG(st.st_mode)) {
			int fd = open(p, O_RDONLY);

			n->size = n->cap = (uint64_t)st.st_size;
			n->data = malloc(n->size ? n->size : 1);
			ck_assert(read(fd, n->data, n->size) == (ssize_t)n->size);
			close(fd);
			if (st.st_nlink > 1)
				n->link_group = (int)st.st_ino;
		} else if (S_ISLNK(st.st_mode)) {
			char t[4096];
			ssize_t k = readlink(p, t, sizeof(t));

			n->target = strndup(t, (size_t)k);
		} else if (S_ISDIR(st.st_mode)) {
			model_from_host(m, root, r);
		}
	}
	closedir(d);
}

START_TEST(test_mkfs_d_tree)
{
	enum fsv v = (enum fsv)_i;
	struct model m;
	struct mnode *n;
	struct wimg w;
	char src[400], p[300], q[300];
	struct ext4_inode *root;

	snprintf(src, sizeof(src), "%s/src-%s", wtmp, fsv[v].name);
	make_host_tree(src, 30, 100);
	wimg_mkfs(&w, fsv[v].name, fsv[v].type, 128 << 20, fsv[v].opts, src);
	wimg_mount_ok(&w);
	/* the library reads what mkfs wrote exactly as the host tree */
	model_init(&m);
	root = w_iget_path(w.fs, "/");
	n = model_add(&m, "", root->st.mode);
	n->uid = root->st.uid;
	n->gid = root->st.gid;
	ext4_iput(root);
	model_add(&m, "lost+found", 040700)->uid = 0;
	model_find(&m, "lost+found")->gid = 0;
	model_from_host(&m, src, "");
	model_check(&m, w.fs, NULL);
	/* half renamed across directories, half deleted, more added */
	for (int d = 0; d < 30; d++)
		for (int f = 0; f < 100; f++) {
			snprintf(p, sizeof(p), "/dir%02d/file%03d", d, f);
			if (d == 0 && f < 2)
				continue;	/* (linked) */
			if (f % 4 == 0) {
				ck_assert_int_eq(w_unlink(w.fs, p), 0);
				model_del(&m, p + 1);
			} else if (f % 4 == 1) {
				snprintf(q, sizeof(q), "/dir%02d/moved-%02d-%03d", (d + 7) % 30, d, f);
				ck_assert_int_eq(w_rename(w.fs, p, q, 0), 0);
				model_rename(&m, p + 1, q + 1);
			}
		}
	for (int f = 0; f < 1500; f += 3) {
		snprintf(p, sizeof(p), "/bigdir/a-rather-long-name-for-entry-%05d", f);
		ck_assert_int_eq(w_unlink(w.fs, p), 0);
		model_del(&m, p + 1);
	}
	for (int f = 0; f < 2000; f++) {
		uint8_t buf[300];

		snprintf(p, sizeof(p), "/bigdir/new-%05d", f);
		fill_pattern(buf, sizeof(buf), (uint32_t)f, 0);
		w_write_file(w.fs, p, buf, (size_t)(f % 300));
		model_write(model_add(&m, p + 1, 0100644), 0, buf, (size_t)(f % 300));
	}
	ck_assert_int_eq(w_rename(w.fs, "/dir05", "/dir06/dir05", 0), 0);
	model_rename(&m, "dir05", "dir06/dir05");
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
	run_cmd(NULL, 0, "rm -rf '%s'", src);
}
END_TEST

/* The flex group an inode number falls in (1K blocks: 8192 inodes ... per group). */
static uint32_t
flex_of(uint32_t ino, uint32_t ipg)
{
	return (ino - 1) / ipg / 16;
}

START_TEST(test_orlov_and_statfs)
{
	struct ext4_info info;
	struct wimg w;
	uint32_t flex_seen = 0, ipg;
	char p[64], out[8192], *s;

	wimg_mkfs(&w, "orlov", "ext4", 512ull << 20, "-b 1024", NULL);
	wimg_mount_ok(&w);
	ext4_get_info(w.fs, &info);
	ipg = info.inodes_count / info.group_count;
	ck_assert_uint_ge(info.group_count / 16, 4);
	/* top-level directories spread over the flex groups */
	for (int i = 0; i < 8; i++) {
		struct ext4_inode *d, *f, *sub;
		uint64_t pblk, cnt;

		snprintf(p, sizeof(p), "/top%d", i);
		d = w_mkdir(w.fs, p, 0755);
		flex_seen |= 1u << flex_of(d->ino, ipg);
		/* a subdirectory and a file stay in their parent's flex group */
		snprintf(p, sizeof(p), "/top%d/sub", i);
		sub = w_mkdir(w.fs, p, 0755);
		ck_assert_uint_eq(flex_of(sub->ino, ipg), flex_of(d->ino, ipg));
		snprintf(p, sizeof(p), "/top%d/file", i);
		f = w_create(w.fs, p, 0644);
		ck_assert_uint_eq(flex_of(f->ino, ipg), flex_of(d->ino, ipg));
		w_write(w.fs, f, 0, p, sizeof(p));
		ck_assert_int_eq(ext4_map_blocks(w.fs, f, 0, &pblk, &cnt), 0);
		ck_assert_uint_eq((pblk - 1) / 8192 / 16, flex_of(f->ino, ipg));	/* data nearby */
		ext4_iput(f);
		ext4_iput(sub);
		ext4_iput(d);
	}
	ck_assert_msg(__builtin_popcount(flex_seen) >= 3, "top-level dirs in flex groups %x",
		      flex_seen);
	wimg_umount(&w);
	wimg_fsck(w.path);
	/* statfs figures: what dumpe2fs says */
	wimg_mount_ok(&w);
	ext4_get_info(w.fs, &info);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", w.path), 0);
	ck_assert((s = strstr(out, "Free blocks:")));
	ck_assert_uint_eq(strtoull(s + 12, NULL, 10), info.free_blocks);
	ck_assert((s = strstr(out, "Free inodes:")));
	ck_assert_uint_eq(strtoull(s + 12, NULL, 10), info.free_inodes);
	ck_assert((s = strstr(out, "Reserved block count:")));
	ck_assert_uint_eq(strtoull(s + 21, NULL, 10), info.reserved_blocks);
	ck_assert((s = strstr(out, "Overhead clusters:")));
	ck_assert_uint_eq(strtoull(s + 18, NULL, 10), info.overhead_blocks);
	wimg_umount(&w);
	wimg_close(&w);
}
END_TEST

/* Past 65000 subdirectories a directory's link count becomes 1 (dir_nlink). */
START_TEST(test_dir_nlink)
{
	struct ext4_inode *parent;
	struct ext4_new_inode ni = { .mode = 040755, .uid = 1000, .gid = 100 };
	struct wimg w;
	char name[32];
	int n = 65010;

	wimg_mkfs(&w, "nlink", "ext4", 160ull << 20, "-b 1024 -N 70000 -O ^has_journal", NULL);
	wimg_mount_ok(&w);
	parent = w_mkdir(w.fs, "/many", 0755);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%d", i);
		ck_assert_int_eq(ext4_create(w.fs, parent, name, strlen(name), &ni, NULL), 0);
		if (i == 64997)
			ck_assert_uint_eq(parent->st.nlink, 65000);
	}
	ck_assert_uint_eq(parent->st.nlink, 1);
	for (int i = 0; i < 5; i++) {	/* still past 65000: stays 1 */
		snprintf(name, sizeof(name), "%d", i);
		ck_assert_int_eq(ext4_rmdir(w.fs, parent, name, strlen(name)), 0);
	}
	ck_assert_uint_eq(parent->st.nlink, 1);
	ext4_iput(parent);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_close(&w);
}
END_TEST

/* meta_bg: descriptor blocks spread over the disk; every group gets used. */
START_TEST(test_meta_bg)
{
	uint8_t *buf = malloc(1 << 20);
	struct model m;
	struct mnode *n;
	struct wimg w;
	char p[64];

	wimg_mkfs(&w, "metabg", "ext4", 256ull << 20, "-b 1024 -O meta_bg,^resize_inode", NULL);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	fill_pattern(buf, 1 << 20, 5, 0);
	for (int i = 0; i < 12; i++) {	/* directories spread, files fill most groups */
		struct ext4_inode *in;

		snprintf(p, sizeof(p), "/dir%d", i);
		ext4_iput(w_mkdir(w.fs, p, 0755));
		model_add(&m, p + 1, 040755);
		snprintf(p, sizeof(p), "/dir%d/f", i);
		in = w_create(w.fs, p, 0644);
		n = model_add(&m, p + 1, 0100644);
		for (int k = 0; k < 16; k++) {
			w_write(w.fs, in, (uint64_t)k << 20, buf, 1 << 20);
			model_write(n, (uint64_t)k << 20, buf, 1 << 20);
		}
		ext4_iput(in);
	}
	for (int i = 0; i < 12; i += 2) {
		snprintf(p, sizeof(p), "/dir%d/f", i);
		ck_assert_int_eq(w_unlink(w.fs, p), 0);
		model_del(&m, p + 1);
	}
	wcase_finish(&w, &m);
	model_free(&m);
	free(buf);
	wimg_close(&w);
}
END_TEST

TCase *
tree_tcase(void)
{
	TCase *tc = tcase_create("tree");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_mkfs_d_tree, 0, F_COUNT);
	tcase_add_test(tc, test_orlov_and_statfs);
	tcase_add_test(tc, test_dir_nlink);
	tcase_add_test(tc, test_meta_bg);
	return tc;
}
