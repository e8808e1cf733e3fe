/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 write tests, bad input: random bytes flipped in the metadata of a
 * populated image (superblock and descriptors, bitmaps, inode table,
 * directory and extent blocks), then a read-write mount and a workload.
 * Whatever the library answers (errors, a refused mount, a shut-down
 * filesystem), it must not crash, hang or leak (the sanitizers watch),
 * and every call must return.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wcases.h"

/* Byte ranges worth corrupting: from dumpe2fs and debugfs. */
static size_t
fuzz_zones(const char *img, uint32_t bs, uint64_t zones[][2], size_t max)
{
	char out[16384], *s;
	size_t n = 0;
	unsigned long long a, b;

	zones[n][0] = 1024;
	zones[n++][1] = 2 * bs;	/* superblock, descriptors */
	run_cmd(out, sizeof(out), "dumpe2fs '%s' 2>/dev/null | sed -n '/^Group 0/,/^Group 1/p'", img);
	if ((s = strstr(out, "Block bitmap at ")) && sscanf(s + 16, "%llu", &a) == 1) {
		zones[n][0] = a * bs;
		zones[n++][1] = bs;
	}
	if ((s = strstr(out, "Inode bitmap at ")) && sscanf(s + 16, "%llu", &a) == 1) {
		zones[n][0] = a * bs;
		zones[n++][1] = bs;
	}
	if ((s = strstr(out, "Inode table at ")) && sscanf(s + 15, "%llu-%llu", &a, &b) == 2) {
		zones[n][0] = a * bs;
		zones[n++][1] = 8 * bs;	/* the first inodes: root, journal, the tree */
	}
	static const char *const dirs[] = { "/", "/d", "/d/big", "/frag" };
	for (size_t i = 0; i < 4 && n < max; i++) {
		run_cmd(out, sizeof(out), "debugfs -R 'bmap %s 0' '%s' 2>/dev/null", dirs[i], img);
		if (sscanf(out, "%llu", &a) == 1 && a) {
			zones[n][0] = a * bs;
			zones[n++][1] = bs;
		}
	}
	return n;
}

static void
populate(struct wimg *w, uint32_t bs)
{
	uint8_t buf[4096];
	struct ext4_inode *in;
	char p[64];

	wimg_mount_ok(w);
	ext4_iput(w_mkdir(w->fs, "/d", 0755));
	ext4_iput(w_mkdir(w->fs, "/d/big", 0755));
	for (int i = 0; i < 300; i++) {
		snprintf(p, sizeof(p), "/d/big/name-%04d", i);
		w_write_file(w->fs, p, buf, (size_t)(i % 5) * 700);
	}
	in = w_create(w->fs, "/frag", 0644);
	fill_pattern(buf, sizeof(buf), 1, 0);
	for (int i = 0; i < 200; i++)
		w_write(w->fs, in, (uint64_t)i * 2 * bs, buf, bs);
	ck_assert_int_eq(ext4_setxattr(w->fs, in, "user.x", buf, 600, 0), 0);
	ext4_iput(in);
	wimg_umount(w);
}

/* A workload that ignores every error. */
static void
workload(struct ext4_fs *fs, uint32_t seed)
{
	struct ext4_new_inode ni = { .mode = 0100644, .uid = 1, .gid = 1 };
	struct ext4_inode *root = NULL, *d = NULL, *f = NULL;
	uint8_t buf[9000];
	uint32_t ino;
	char name[32], got[300];

	fill_pattern(buf, sizeof(buf), seed, 0);
	if (ext4_iget(fs, EXT4_ROOT_INO, &root))
		return;
	if (!ext4_lookup(fs, root, "d", 1, &ino))
		ext4_iget(fs, ino, &d);
	for (int i = 0; i < 40; i++) {
		struct ext4_inode *dir = d && i % 2 ? d : root;

		snprintf(name, sizeof(name), "n%u-%d", seed, i);
		if (ext4_create(fs, dir, name, strlen(name), &ni, &f))
			continue;
		ext4_write(fs, f, (uint64_t)i * 5000, buf, sizeof(buf), 0);
		ext4_setxattr(fs, f, "user.y", buf, (size_t)i * 20, 0);
		ext4_fallocate(fs, f, EXT4_FALLOC_KEEP_SIZE, 0, 100000, 0);
		ext4_truncate(fs, f, (uint64_t)i * 100);
		ext4_read(fs, f, 0, buf, 1000);
		ext4_iput(f);
		if (i % 3 == 0)
			ext4_unlink(fs, dir, name, strlen(name));
		if (i % 5 == 0)
			ext4_rename(fs, dir, name, strlen(name), root, "renamed", 7, 0);
		if (i % 7 == 0)
			ext4_commit(fs);
	}
	if (d) {
		for (int i = 0; i < 300; i += 7) {
			snprintf(name, sizeof(name), "name-%04d", i);
			ext4_unlink(fs, d, name, strlen(name));
		}
		ext4_rmdir(fs, d, "big", 3);
	}
	if (!ext4_lookup(fs, root, "frag", 4, &ino) && !ext4_iget(fs, ino, &f)) {
		ext4_getxattr(fs, f, "user.x", got, sizeof(got));
		ext4_truncate(fs, f, 3000);
		ext4_iput(f);
	}
	ext4_iput(d);
	ext4_iput(root);
	ext4_sync(fs);
}

START_TEST(test_fuzz_write)
{
	static const char *const opts[] = { "-b 1024 -O ^metadata_csum", "-b 1024",
					    "-b 1024 -t ext2" };
	uint64_t zones[16][2];
	uint32_t seed = 4321 + (uint32_t)_i * 77, bs = 1024;
	size_t nz;
	int mounted = 0, iters = getenv("EXT4_FUZZ_ITERS") ? atoi(getenv("EXT4_FUZZ_ITERS")) : 100;
	struct wimg w;
	char base[512], copy[600];

	if (_i == 2)
		wimg_mkfs(&w, "fuzzw", "ext2", 16 << 20, "-b 1024", NULL);
	else
		wimg_mkfs(&w, "fuzzw", "ext4", 16 << 20, opts[_i], NULL);
	populate(&w, bs);
	wimg_close(&w);
	snprintf(base, sizeof(base), "%s", w.path);
	nz = fuzz_zones(base, bs, zones, 16);
	snprintf(copy, sizeof(copy), "%s.fuzz", base);
	ck_assert_uint_ge(nz, 6);
	for (int iter = 0; iter < iters; iter++) {
		int fd;

		ck_assert_int_eq(run_cmd(NULL, 0, "cp --sparse=always '%s' '%s'", base, copy), 0);
		fd = open(copy, O_RDWR);
		ck_assert(fd >= 0);
		for (int k = 0; k < 6; k++) {
			uint64_t off;
			uint8_t b;

			seed = seed * 1103515245u + 12345u;
			off = zones[(seed >> 8) % nz][0] + (seed >> 3) % zones[(seed >> 8) % nz][1];
			seed = seed * 1103515245u + 12345u;
			ck_assert(pread(fd, &b, 1, (off_t)off) == 1);
			b ^= (uint8_t)(1u << (seed % 8)) | (uint8_t)(seed >> 20);
			ck_assert(pwrite(fd, &b, 1, (off_t)off) == 1);
		}
		close(fd);
		wimg_open(&w, copy);
		time_t t0 = time(NULL);
		if (wimg_mount(&w, 0) == 0) {
			mounted++;
			workload(w.fs, seed);
			ext4_umount(w.fs);	/* (any result) */
			w.fs = NULL;
		}
		if (getenv("EXT4_FUZZ_SLOW") && time(NULL) - t0 > 2)
			fprintf(stderr, "iteration %d took %lds\n", iter, (long)(time(NULL) - t0));
		wimg_close(&w);
	}
	ck_assert_int_ge(mounted, iters / 4);	/* (most corruptions still mount) */
}
END_TEST

TCase *
fuzz_tcase(void)
{
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_fuzz_write, 0, 3);
	return tc;
}
