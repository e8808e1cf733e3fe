// SPDX-License-Identifier: GPL-2.0-only
/*
 * A write torture for a filesystem, run the same way on the host and in
 * the guest so that the trees they leave can be compared byte for byte.
 *
 *   ext4torture gen DIR        makes DIR/tree: NDIRS directories of NFILES
 *                              files each, of varied sizes (the test tars
 *                              it; the guest untars it)
 *   ext4torture run DIR [nofalloc] [fill]
 *                              on an untarred DIR/tree: renames half the
 *                              files (some to other directories), deletes
 *                              a third, grows a directory past the htree
 *                              threshold and thins it, writes files with
 *                              holes and fallocated ranges (not with
 *                              nofalloc: ext2/ext3 have no extents),
 *                              xattrs, hard links, a sparse file of more
 *                              than 4 GiB; with fill, fills the disk to
 *                              ENOSPC, frees it and writes again.
 *
 * Prints "T:<check>=<result>" lines; what fill prints depends on the disk,
 * so the test checks those lines itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <linux/falloc.h>

#define NDIRS	20
#define NFILES	100
#define BIGDIR	3000

#define T(name, fmt, ...) printf("T:" name "=" fmt "\n", ##__VA_ARGS__)

static char buf[1 << 20];

static void
fill(char *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (char)(seed >> 16);
	}
}

static int
write_file(const char *path, size_t len, unsigned int seed)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	int err = 0;

	if (fd < 0)
		return -1;
	fill(buf, len, seed);
	if (write(fd, buf, len) != (ssize_t)len)
		err = -1;
	if (close(fd))
		err = -1;
	return err;
}

/* size_of: file i of directory d, from 0 bytes to 16 KiB, a few of 100 KiB. */
static size_t
size_of(int d, int i)
{
	unsigned int h = (unsigned int)(d * 7919 + i * 104729);

	if (h % 97 == 0)
		return 100 * 1024 + h % 1000;
	return (h * 2654435761u) % (16 * 1024);
}

static int
gen(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/tree", dir);
	if (mkdir(path, 0755))
		return 1;
	for (int d = 0; d < NDIRS; d++) {
		snprintf(path, sizeof(path), "%s/tree/d%02d", dir, d);
		if (mkdir(path, 0755))
			return 1;
		for (int i = 0; i < NFILES; i++) {
			snprintf(path, sizeof(path), "%s/tree/d%02d/file-%03d", dir, d, i);
			if (write_file(path, size_of(d, i), (unsigned int)(d * 1000 + i)))
				return 1;
		}
	}
	return 0;
}

static void
shuffle_tree(const char *dir)
{
	char a[512], b[512];
	int renamed = 0, moved = 0, deleted = 0, bad = 0;

	for (int d = 0; d < NDIRS; d++) {
		for (int i = 0; i < NFILES; i++) {
			snprintf(a, sizeof(a), "%s/tree/d%02d/file-%03d", dir, d, i);
			if (i % 3 == 0) {
				if (unlink(a))
					bad++;
				else
					deleted++;
			} else if (i % 2 == 0) {
				if (i % 4 == 0) {
					snprintf(b, sizeof(b), "%s/tree/d%02d/moved-%02d-%03d", dir,
						 (d + 1) % NDIRS, d, i);
					moved++;
				} else {
					snprintf(b, sizeof(b), "%s/tree/d%02d/renamed-%03d", dir, d, i);
					renamed++;
				}
				if (rename(a, b))
					bad++;
			}
		}
	}
	/* A whole directory moved under another, and one removed. */
	snprintf(a, sizeof(a), "%s/tree/d05", dir);
	snprintf(b, sizeof(b), "%s/tree/d06/d05-inside", dir);
	if (rename(a, b))
		bad++;
	T("shuffle", "%d renamed %d moved %d deleted %d failed", renamed, moved, deleted, bad);
}

static void
big_dir(const char *dir)
{
	char path[512];
	int made = 0, gone = 0, again = 0;

	snprintf(path, sizeof(path), "%s/big", dir);
	mkdir(path, 0755);
	for (int i = 0; i < BIGDIR; i++) {
		snprintf(path, sizeof(path), "%s/big/a-rather-long-entry-name-to-fill-blocks-%05d", dir, i);
		made += write_file(path, (size_t)(i % 50), (unsigned int)i) == 0;
	}
	for (int i = 0; i < BIGDIR; i += 2) {
		snprintf(path, sizeof(path), "%s/big/a-rather-long-entry-name-to-fill-blocks-%05d", dir, i);
		gone += unlink(path) == 0;
	}
	for (int i = 0; i < BIGDIR / 3; i++) {
		snprintf(path, sizeof(path), "%s/big/second-round-%05d", dir, i);
		again += write_file(path, 10, (unsigned int)i) == 0;
	}
	T("bigdir", "%d made %d removed %d added", made, gone, again);
}

static void
holes_and_falloc(const char *dir, bool falloc)
{
	char path[512];
	int fd, ok = 0;

	snprintf(path, sizeof(path), "%s/holes", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	fill(buf, 8192, 1);
	ok += pwrite(fd, buf, 8192, 0) == 8192;
	ok += pwrite(fd, buf, 5000, 1 << 20) == 5000;
	ok += pwrite(fd, buf, 100, 100 << 20) == 100;
	close(fd);
	T("holes", "%d", ok);

	/* More than 4 GiB of logical size: blocks past 2^32 bytes. */
	snprintf(path, sizeof(path), "%s/huge-sparse", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	ok = pwrite(fd, "start", 5, 0) == 5;
	ok += pwrite(fd, "past 4 GiB", 10, (5LL << 30) + 12345) == 10;
	ok += ftruncate(fd, (6LL << 30)) == 0;
	ok += pwrite(fd, "end", 3, (6LL << 30) - 3) == 3;
	close(fd);
	T("huge-sparse", "%d", ok);
	{
		struct stat st;
		char got[16] = { 0 };

		fd = open(path, O_RDONLY);
		ok = pread(fd, got, 10, (5LL << 30) + 12345) == 10 && !memcmp(got, "past 4 GiB", 10);
		fstat(fd, &st);
		close(fd);
		T("huge-sparse-read", "%d %lld %s", ok, (long long)st.st_size,
		  st.st_blocks < 1000 ? "sparse" : "dense");
	}

	if (!falloc)
		return;
	snprintf(path, sizeof(path), "%s/falloc", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	ok = fallocate(fd, 0, 0, 256 * 1024) == 0;
	ok += fallocate(fd, FALLOC_FL_KEEP_SIZE, 256 * 1024, 256 * 1024) == 0;
	fill(buf, 20000, 2);
	ok += pwrite(fd, buf, 20000, 10000) == 20000;
	ok += pwrite(fd, buf, 3000, 300 * 1024) == 3000;
	ok += fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 12288, 8192) == 0;
	ok += fallocate(fd, FALLOC_FL_ZERO_RANGE, 100000, 50000) == 0;
	close(fd);
	T("falloc", "%d", ok);
}

static void
xattrs_and_links(const char *dir)
{
	char path[512], other[512], val[600];
	int ok = 0, links = 0;

	for (int i = 1; i < NFILES; i += 6) {
		snprintf(path, sizeof(path), "%s/tree/d01/file-%03d", dir, i);
		if (access(path, F_OK))
			continue;
		fill(val, sizeof(val), (unsigned int)i);
		ok += setxattr(path, "user.small", "v", 1, 0) == 0;
		ok += setxattr(path, "user.sized", val, (size_t)(i * 5 % 500 + 1), 0) == 0;
	}
	T("xattrs", "%d", ok);
	for (int i = 1; i < NFILES; i += 6) {
		snprintf(path, sizeof(path), "%s/tree/d02/file-%03d", dir, i);
		snprintf(other, sizeof(other), "%s/tree/d03/link-to-d02-%03d", dir, i);
		links += link(path, other) == 0;
	}
	T("links", "%d", links);
}

/* sync_dir is syncfs of dir's filesystem (not sync(2): the host's other disks are not ours). */
static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
}

/*
 * fill_disk writes 1 MiB chunks until ENOSPC, checks that every earlier
 * file still reads, removes the filler and writes 1 MiB again.
 */
static void
fill_disk(const char *dir)
{
	char path[512];
	long chunks = 0;
	int fd, err = 0, ok;

	snprintf(path, sizeof(path), "%s/filler", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	fill(buf, sizeof(buf), 9);
	for (;;) {
		ssize_t n = write(fd, buf, sizeof(buf));

		if (n < 0) {
			err = errno;
			break;
		}
		chunks++;
		if (n < (ssize_t)sizeof(buf)) {
			n = write(fd, buf, sizeof(buf));
			err = n < 0 ? errno : 0;
			break;
		}
	}
	T("fill-enospc", "%s", err == ENOSPC ? "ENOSPC" : strerror(err));
	T("fill-fsync", "%d", fsync(fd));
	close(fd);
	T("fill-some", "%s", chunks > 4 ? "yes" : "no");
	ok = unlink(path) == 0;
	sync_dir(dir);
	snprintf(path, sizeof(path), "%s/after-enospc", dir);
	ok += write_file(path, sizeof(buf), 10) == 0;
	T("fill-recovered", "%d", ok);
}

int
main(int argc, char **argv)
{
	bool falloc = true, fill_it = false;

	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	if (argc >= 3 && !strcmp(argv[1], "gen"))
		return gen(argv[2]);
	if (argc < 3 || strcmp(argv[1], "run")) {
		fprintf(stderr, "usage: ext4torture gen DIR | run DIR [nofalloc] [fill]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "nofalloc"))
			falloc = false;
		else if (!strcmp(argv[i], "fill"))
			fill_it = true;
	}
	shuffle_tree(argv[2]);
	big_dir(argv[2]);
	holes_and_falloc(argv[2], falloc);
	xattrs_and_links(argv[2]);
	if (fill_it)
		fill_disk(argv[2]);
	sync_dir(argv[2]);
	T("end", "torture");
	return 0;
}
