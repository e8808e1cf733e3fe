/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for kernel/fs/ext4 (include/kernel/ext4.h) over real images.
 *
 * main() writes a source tree (files of edge sizes, sparse and fragmented
 * files, a 5 GiB sparse file, 2000- and 600-entry directories, symlinks,
 * hard links) into a temporary directory and runs
 * tests/images/ext4/mkimages.sh, which makes ext4 (4K and 1K), ext4
 * without metadata_csum, ext4 with inline_data, ext3 and ext2 images from
 * it with mke2fs -d, plus device nodes and odd inodes added by debugfs.
 * The tests read every image through the library and compare with the
 * source tree (contents byte for byte, sizes, modes, ids, times, link
 * targets, listings, lookups), then corrupt copies (an overlay on the
 * reader, the image file is never changed) and check each error.
 */
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

/* --- images and an in-memory overlay reader --- */

static char tmpdir[256], srcdir[300], srcdir64[300], imgdir[300];
static const char *mk_root;	/* the tree make_file() writes to */
static const char *cur_src;	/* the tree the image under test came from */

/* V_MAIN images come from srcdir; the 64K one from the smaller srcdir64. */
enum variant { V_EXT4, V_EXT4_1K, V_NOCSUM, V_INLINE, V_EXT3, V_EXT2, V_MAIN,
	V_EXT4_64K = V_MAIN, V_COUNT };

static const struct variant_info {
	const char *name;
	uint32_t block_size;
	bool extents, csum, inline_data, journal;
	uint8_t hash;		/* dx root hash version the script asked for */
	bool hash_unsigned;
} variants[V_COUNT] = {
	[V_EXT4] = { "ext4", 4096, true, true, false, true, 1, false },
	[V_EXT4_1K] = { "ext4-1k", 1024, true, true, false, true, 2, true },
	[V_NOCSUM] = { "nocsum", 4096, true, false, false, true, 1, true },
	[V_INLINE] = { "inline", 4096, true, true, true, true, 2, false },
	[V_EXT3] = { "ext3", 4096, false, false, false, true, 0, false },
	[V_EXT2] = { "ext2", 1024, false, false, false, false, 0, true },
	[V_EXT4_64K] = { "ext4-64k", 65536, true, false, false, false, 1, false },
};

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

static int
image_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct image *im = ctx;
	uint8_t *out = buf;
	size_t done = 0;

	if (off + len > im->size)	/* (no ck_assert per read: each one costs a write) */
		ck_abort_msg("library read past the device end");
	while (done < len) {
		ssize_t n = pread(im->fd, out + done, len - done, (off_t)(off + done));

		if (n <= 0)
			return -EIO;
		done += (size_t)n;
	}
	for (int i = 0; i < im->npatches; i++) {
		struct patch *p = &im->patches[i];

		for (size_t k = 0; k < p->len; k++)
			if (p->off + k >= off && p->off + k < off + len)
				out[p->off + k - off] = p->bytes[k];
	}
	return 0;
}

static void
image_open(struct image *im, enum variant v)
{
	char path[400];
	struct stat st;

	memset(im, 0, sizeof(*im));
	snprintf(path, sizeof(path), "%s/%s.img", imgdir, variants[v].name);
	im->fd = open(path, O_RDONLY);
	ck_assert_msg(im->fd >= 0, "open %s", path);
	ck_assert_int_eq(fstat(im->fd, &st), 0);
	im->size = (uint64_t)st.st_size;
	im->bd.read = image_read;
	im->bd.ctx = im;
	im->bd.size = im->size;
}

static int
image_mount(struct image *im)
{
	return ext4_mount(&im->bd, EXT4_MOUNT_RDONLY, &im->fs);
}

static void
image_mount_ok(struct image *im, enum variant v)
{
	int err;

	image_open(im, v);
	err = image_mount(im);
	ck_assert_msg(err == 0, "%s: mount: %d (%s)", variants[v].name, err,
		      ext4_strerror_detail(NULL));
}

static void
image_close(struct image *im)
{
	ext4_umount(im->fs);
	im->fs = NULL;
	close(im->fd);
}

/* Overlay bytes at off (what the device returns from now on). */
static void
image_patch(struct image *im, uint64_t off, const void *bytes, size_t len)
{
	struct patch *p = &im->patches[im->npatches++];

	ck_assert(len <= sizeof(p->bytes));
	p->off = off;
	p->len = len;
	memcpy(p->bytes, bytes, len);
}

static void
image_get(struct image *im, uint64_t off, void *buf, size_t len)
{
	ck_assert_int_eq(image_read(im, off, buf, len), 0);
}

static void
image_put_le(struct image *im, uint64_t off, uint64_t v, size_t width)
{
	uint8_t b[8];

	for (size_t i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	image_patch(im, off, b, width);
}

static void
image_xor(struct image *im, uint64_t off, uint8_t mask)
{
	uint8_t b;

	image_get(im, off, &b, 1);
	b ^= mask;
	image_patch(im, off, &b, 1);
}

/* Byte offset of inode ino in the image, from debugfs (an independent oracle). */
static uint64_t
inode_offset(enum variant v, uint32_t ino)
{
	char cmd[600], line[256];
	unsigned long long blk = 0;
	unsigned int off = 0;
	bool found = false;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "debugfs -R 'imap <%u>' %s/%s.img 2>/dev/null", ino,
		 imgdir, variants[v].name);
	f = popen(cmd, "r");
	ck_assert(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " located at block %llu, offset 0x%x", &blk, &off) == 2)
			found = true;
	pclose(f);
	ck_assert_msg(found, "debugfs imap <%u> failed", ino);
	return blk * variants[v].block_size + off;
}

static struct ext4_inode *
iget_path(struct ext4_fs *fs, const char *path)
{
	struct ext4_inode *inode;
	uint32_t ino;
	int err;

	err = ext4_lookup_path(fs, path, &ino);
	ck_assert_msg(err == 0, "lookup %s: %d (%s)", path, err, ext4_strerror_detail(fs));
	err = ext4_iget(fs, ino, &inode);
	ck_assert_msg(err == 0, "iget %s: %d (%s)", path, err, ext4_strerror_detail(fs));
	return inode;
}

static uint64_t
pblk_of(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk)
{
	uint64_t pblk, count;

	ck_assert_int_eq(ext4_map_blocks(fs, inode, lblk, &pblk, &count), 0);
	ck_assert(pblk);
	return pblk;
}

/* --- the source tree (built before any test runs: no ck_assert here) --- */

static void remove_tmpdir(void);

#define SETUP_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "test_ext4 setup: " __VA_ARGS__); \
			fprintf(stderr, "\n"); \
			remove_tmpdir(); \
			exit(EXIT_FAILURE); \
		} \
	} while (0)

#define N_BIG		2000
#define N_LONG		600
#define FRAG_PIECES	2000
#define N_WIDE		5000	/* two 64K blocks of entries: an htree */

static void
write_at(int fd, off_t off, size_t len, unsigned int seed)
{
	uint8_t *buf = malloc(len ? len : 1);

	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
	SETUP_CHECK(pwrite(fd, buf, len, off) == (ssize_t)len, "write: %s", strerror(errno));
	free(buf);
}

static void
make_file(const char *rel, uint64_t size, unsigned int seed)
{
	char path[600];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", mk_root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	SETUP_CHECK(fd >= 0, "create %s", path);
	if (size)
		write_at(fd, 0, size, seed);
	close(fd);
}

static void
src_path(char *out, size_t cap, const char *rel)
{
	snprintf(out, cap, "%s/%s", mk_root, rel);
}

static void
make_tree(void)
{
	char path[600], name[300], target[1100];
	int fd;

	src_path(path, sizeof(path), "");
	SETUP_CHECK(mkdir(path, 0755) == 0, "mkdir %s", path);
	make_file("empty", 0, 1);
	make_file("one", 1, 2);
	make_file("f4095", 4095, 3);
	make_file("f4096", 4096, 4);
	make_file("f4097", 4097, 5);
	make_file("medium", 200000, 6);
	make_file("bigfile", 3 * 1024 * 1024 + 123, 7);
	make_file("tiny", 30, 8);
	make_file("small", 100, 9);
	chmod((src_path(path, sizeof(path), "small"), path), 0600);

	/* sparse: data islands in a 10 MiB + 5 file */
	src_path(path, sizeof(path), "sparse");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	write_at(fd, 0, 100, 10);
	write_at(fd, 1024 * 1024 + 5, 8000, 11);
	write_at(fd, 5 * 1024 * 1024, 4096, 12);
	write_at(fd, 10 * 1024 * 1024 + 2, 3, 13);
	close(fd);

	/* 5 GiB: needs i_size_high; data far out */
	src_path(path, sizeof(path), "huge");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write_at(fd, 4608ll * 1024 * 1024 + 100, 4096, 14);
	write_at(fd, 5ll * 1024 * 1024 * 1024 - 10, 10, 15);
	close(fd);

	/* frag: 2000 one-page islands, so 2000 extents (a tree of depth 2) */
	src_path(path, sizeof(path), "frag");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < FRAG_PIECES; i++)
		write_at(fd, (off_t)i * 8192, 4096, 100 + i);
	close(fd);

	/* symlinks: 59 bytes is the longest fast one, 60 the shortest slow one */
	memset(target, 'x', 59);
	target[59] = 0;
	symlink(target, (src_path(path, sizeof(path), "fast59"), path));
	memset(target, 'y', 60);
	target[60] = 0;
	symlink(target, (src_path(path, sizeof(path), "slow60"), path));
	for (int i = 0; i < 1000; i++)
		target[i] = "abcdefghij/"[i % 11];
	target[1000] = 0;
	symlink(target, (src_path(path, sizeof(path), "slowlong"), path));
	symlink("f4096", (src_path(path, sizeof(path), "rel"), path));
	symlink("/big/entry-0001", (src_path(path, sizeof(path), "abs"), path));
	symlink("nowhere/at/all", (src_path(path, sizeof(path), "dangling"), path));

	mkdir((src_path(path, sizeof(path), "sub"), path), 0750);
	mkdir((src_path(path, sizeof(path), "sub/deeper"), path), 0755);
	mkdir((src_path(path, sizeof(path), "emptydir"), path), 0700);
	make_file("sub/deeper/file", 777, 16);
	link((src_path(path, sizeof(path), "f4097"), path),
	     (src_path(target, sizeof(target), "hard1"), target));
	link((src_path(path, sizeof(path), "f4097"), path),
	     (src_path(target, sizeof(target), "sub/hard2"), target));

	/* big: 2000 entries, some with bytes >= 0x80 (signed/unsigned hashes) */
	mkdir((src_path(path, sizeof(path), "big"), path), 0755);
	for (int i = 0; i < N_BIG; i++) {
		if (i % 20 == 7)
			snprintf(name, sizeof(name), "big/\xc3\xa9t\xc3\xa9-%04d", i);
		else if (i % 20 == 13)
			snprintf(name, sizeof(name), "big/\xe2\x98\x83\xff-%04d", i);
		else if (i % 50 == 0)
			snprintf(name, sizeof(name), "big/%0245d-%04d", 0, i);
		else
			snprintf(name, sizeof(name), "big/entry-%04d", i);
		make_file(name, i % 3 ? 0 : (uint64_t)(i % 97), (unsigned int)i);
	}
	/* longnames: 600 200-byte names: a two-level htree with 1K blocks */
	mkdir((src_path(path, sizeof(path), "longnames"), path), 0755);
	for (int i = 0; i < N_LONG; i++) {
		snprintf(name, sizeof(name), "longnames/%0195d-%04d", i * 7, i);
		make_file(name, 0, 0);
	}
}

/* The tree for 64K blocks: the names test_special_inodes needs, and "wide". */
static void
make_tree64(void)
{
	char path[600], target[600];
	int fd;

	src_path(path, sizeof(path), "");
	SETUP_CHECK(mkdir(path, 0755) == 0, "mkdir %s", path);
	make_file("empty", 0, 1);
	make_file("f4097", 4097, 5);
	make_file("f65535", 65535, 20);
	make_file("f65536", 65536, 21);
	make_file("f65537", 65537, 22);
	make_file("medium", 300000, 23);
	src_path(path, sizeof(path), "huge");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write_at(fd, 4608ll * 1024 * 1024 + 100, 70000, 14);
	write_at(fd, 5ll * 1024 * 1024 * 1024 - 10, 10, 15);
	close(fd);
	symlink("f65536", (src_path(path, sizeof(path), "rel"), path));
	mkdir((src_path(path, sizeof(path), "sub"), path), 0750);
	link((src_path(path, sizeof(path), "f4097"), path),
	     (src_path(target, sizeof(target), "hard1"), target));
	link((src_path(path, sizeof(path), "f4097"), path),
	     (src_path(target, sizeof(target), "sub/hard2"), target));
	mkdir((src_path(path, sizeof(path), "wide"), path), 0755);
	for (int i = 0; i < N_WIDE; i++) {
		snprintf(target, sizeof(target), "wide/w%05d", i);
		make_file(target, 0, 0);
	}
}

static void
build_images(void)
{
	const char *script = getenv("EXT4_MKIMAGES");
	const char *reuse = getenv("EXT4_REUSE");	/* a kept tmpdir, for debugging */
	char cmd[1200];

	if (reuse) {
		snprintf(tmpdir, sizeof(tmpdir), "%s", reuse);
		snprintf(srcdir, sizeof(srcdir), "%s/src", tmpdir);
		snprintf(srcdir64, sizeof(srcdir64), "%s/src64", tmpdir);
		snprintf(imgdir, sizeof(imgdir), "%s/img", tmpdir);
		return;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_ext4.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	SETUP_CHECK(mkdtemp(tmpdir), "mkdtemp %s", tmpdir);
	snprintf(srcdir, sizeof(srcdir), "%s/src", tmpdir);
	snprintf(srcdir64, sizeof(srcdir64), "%s/src64", tmpdir);
	snprintf(imgdir, sizeof(imgdir), "%s/img", tmpdir);
	mk_root = srcdir;
	make_tree();
	mk_root = srcdir64;
	make_tree64();
	SETUP_CHECK(script, "EXT4_MKIMAGES is not set (run through meson test)");
	snprintf(cmd, sizeof(cmd), "PATH=$PATH:/sbin:/usr/sbin sh %s %s %s %s >/dev/null",
		 script, srcdir, srcdir64, imgdir);
	SETUP_CHECK(system(cmd) == 0, "mkimages.sh failed");
}

static void
remove_tmpdir(void)
{
	char cmd[400];

	if (!tmpdir[0] || getenv("EXT4_KEEP_IMAGES") || getenv("EXT4_REUSE"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* --- comparing an image with the source tree --- */

/* Names debugfs or mke2fs added at the root, not in the source tree. */
static bool
image_only(const char *rel, const char *name)
{
	static const char *const extra[] = { "lost+found", "dev_old", "dev_new", "blkdev",
					     "fifo", "timed", "falloc", NULL };

	if (*rel)
		return false;
	for (int i = 0; extra[i]; i++)
		if (!strcmp(name, extra[i]))
			return true;
	return false;
}

static uint8_t
ft_of(mode_t m)
{
	if (S_ISREG(m))
		return EXT4_FT_REG_FILE;
	if (S_ISDIR(m))
		return EXT4_FT_DIR;
	if (S_ISLNK(m))
		return EXT4_FT_SYMLINK;
	return EXT4_FT_UNKNOWN;
}

static void
compare_range(struct ext4_fs *fs, struct ext4_inode *inode, int fd, uint64_t off,
	      size_t len, const char *rel)
{
	uint8_t *want = malloc(len ? len : 1), *got = malloc(len ? len : 1);
	ssize_t n = pread(fd, want, len, (off_t)off);
	long r;

	ck_assert(n >= 0);
	r = ext4_read(fs, inode, off, got, len);
	ck_assert_msg(r == n, "%s: read at %llu: %ld, want %zd (%s)", rel,
		      (unsigned long long)off, r, n, ext4_strerror_detail(fs));
	ck_assert_msg(!memcmp(want, got, (size_t)n), "%s: contents differ at %llu", rel,
		      (unsigned long long)off);
	free(want);
	free(got);
}

static void
compare_file(struct ext4_fs *fs, struct ext4_inode *inode, const char *path, const char *rel,
	     uint64_t size)
{
	int fd = open(path, O_RDONLY);
	unsigned int seed = 42;

	ck_assert(fd >= 0);
	if (size <= 32 * 1024 * 1024) {
		for (uint64_t off = 0; off < size + 70000; off += 65537)
			compare_range(fs, inode, fd, off, 65537, rel);
		for (int i = 0; i < 20 && size; i++) {
			seed = seed * 1103515245u + 12345u;
			compare_range(fs, inode, fd, seed % size, 1 + seed % 9000, rel);
		}
	} else {	/* only around the data islands, found with SEEK_DATA */
		off_t pos = 0, data, hole;

		while ((data = lseek(fd, pos, SEEK_DATA)) >= 0) {
			hole = lseek(fd, data, SEEK_HOLE);
			compare_range(fs, inode, fd, data > 8192 ? (uint64_t)data - 8192 : 0,
				      (size_t)(hole - data) + 16384, rel);
			pos = hole;
		}
		compare_range(fs, inode, fd, size - 4096, 8192, rel);
	}
	close(fd);
}

static void
compare_inode(struct ext4_fs *fs, enum variant v, struct ext4_inode *inode,
	      const struct stat *st, const char *path, const char *rel)
{
	const struct ext4_stat *es = &inode->st;

	ck_assert_msg(es->mode == st->st_mode, "%s: mode %o, want %o", rel, es->mode,
		      st->st_mode);
	ck_assert_uint_eq(es->uid, st->st_uid);
	ck_assert_uint_eq(es->gid, st->st_gid);
	ck_assert_msg(es->nlink == st->st_nlink, "%s: nlink %u, want %lu", rel, es->nlink,
		      (unsigned long)st->st_nlink);
	ck_assert_msg(es->mtime.sec == (int32_t)st->st_mtime, "%s: mtime", rel);
	ck_assert_uint_eq(es->ino, inode->ino);
	if (S_ISREG(st->st_mode)) {
		ck_assert_msg(es->size == (uint64_t)st->st_size, "%s: size %llu, want %lld", rel,
			      (unsigned long long)es->size, (long long)st->st_size);
		if (es->flags & EXT4_INLINE_DATA_FL)
			ck_assert_uint_eq(es->blocks, 0);
		else if (st->st_blocks * 512 >= st->st_size)	/* not sparse */
			ck_assert_uint_ge(es->blocks * 512,
					  (st->st_size + variants[v].block_size - 1) /
					  variants[v].block_size * variants[v].block_size);
		ck_assert(!(es->flags & EXT4_EXTENTS_FL) || variants[v].extents);
		compare_file(fs, inode, path, rel, es->size);
	} else if (S_ISLNK(st->st_mode)) {
		char want[4096], got[4097];
		ssize_t n = readlink(path, want, sizeof(want));
		int r = ext4_readlink(fs, inode, got, sizeof(got));

		ck_assert_msg(r == n, "%s: readlink %d, want %zd (%s)", rel, r, n,
			      ext4_strerror_detail(fs));
		ck_assert(!memcmp(want, got, (size_t)n) && got[n] == 0);
		ck_assert_uint_eq(es->size, (uint64_t)n);
		/* a short buffer truncates, as readlink(2) does */
		ck_assert_int_eq(ext4_readlink(fs, inode, got, 5), 5);
		ck_assert(!memcmp(want, got, 5));
	}
}

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

static int
list_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
	   uint64_t next)
{
	struct listing *l = ctx;

	if (l->stop_every && ++l->since_stop > l->stop_every) {
		l->since_stop = 0;
		return 1;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->e = realloc(l->e, (size_t)l->cap * sizeof(*l->e));
	}
	if (len >= 256 || memchr(name, 0, len))
		ck_abort_msg("bad name from the iterator");
	memcpy(l->e[l->n].name, name, len);
	l->e[l->n].name[len] = 0;
	l->e[l->n].ino = ino;
	l->e[l->n].type = type;
	l->e[l->n].next = next;
	l->n++;
	return 0;
}

static void
list_dir(struct ext4_fs *fs, struct ext4_inode *dir, struct listing *l, int stop_every)
{
	uint64_t pos = 0, last = ~0ull;
	int err;

	memset(l, 0, sizeof(*l));
	l->stop_every = stop_every;
	do {	/* with stop_every, each call delivers a few and stops */
		ck_assert_msg(pos != last || !stop_every, "iteration made no progress");
		last = pos;
		err = ext4_dir_iterate(fs, dir, &pos, list_actor, l);
		ck_assert_msg(err == 0, "iterate dir %u: %d (%s)", dir->ino, err,
			      ext4_strerror_detail(fs));
	} while (stop_every && pos != last);
}

static int
find_in(const struct listing *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].name, name))
			return i;
	return -1;
}

static void compare_dir(struct ext4_fs *fs, enum variant v, struct ext4_inode *dir,
			const char *rel, uint32_t parent);

static void
compare_dir(struct ext4_fs *fs, enum variant v, struct ext4_inode *dir, const char *rel,
	    uint32_t parent)
{
	char path[1300], crel[600];
	struct listing l, l2;
	struct dirent *de;
	int nsrc = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", cur_src, rel);
	list_dir(fs, dir, &l, 0);
	list_dir(fs, dir, &l2, 7);
	ck_assert_int_eq(l.n, l2.n);	/* resumed iteration sees the same entries */
	for (int i = 0; i < l.n; i++)
		ck_assert(!strcmp(l.e[i].name, l2.e[i].name) && l.e[i].ino == l2.e[i].ino);
	ck_assert_int_ge(find_in(&l, "."), 0);
	ck_assert_uint_eq(l.e[find_in(&l, ".")].ino, dir->ino);
	ck_assert_int_ge(find_in(&l, ".."), 0);
	ck_assert_uint_eq(l.e[find_in(&l, "..")].ino, parent);

	d = opendir(path);
	ck_assert(d);
	while ((de = readdir(d))) {
		struct ext4_inode *child;
		struct stat st;
		uint32_t ino;
		int i, err;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		nsrc++;
		snprintf(crel, sizeof(crel), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", cur_src, crel);
		ck_assert_int_eq(lstat(path, &st), 0);
		i = find_in(&l, de->d_name);
		ck_assert_msg(i >= 0, "%s: %s missing from the listing", variants[v].name, crel);
		ck_assert_uint_eq(l.e[i].type, ft_of(st.st_mode));
		err = ext4_lookup(fs, dir, de->d_name, strlen(de->d_name), &ino);
		ck_assert_msg(err == 0, "%s: lookup %s: %d (%s)", variants[v].name, crel, err,
			      ext4_strerror_detail(fs));
		ck_assert_uint_eq(ino, l.e[i].ino);
		err = ext4_iget(fs, ino, &child);
		ck_assert_msg(err == 0, "iget %s: %d (%s)", crel, err, ext4_strerror_detail(fs));
		compare_inode(fs, v, child, &st, path, crel);
		if (S_ISDIR(st.st_mode))
			compare_dir(fs, v, child, crel, dir->ino);
		ext4_iput(child);
	}
	closedir(d);
	/* nothing else in the image, apart from what the script added */
	for (int i = 0; i < l.n; i++)
		if (strcmp(l.e[i].name, ".") && strcmp(l.e[i].name, "..") &&
		    !image_only(rel, l.e[i].name))
			nsrc--;
	ck_assert_int_eq(nsrc, 0);
	free(l.e);
	free(l2.e);
}

/* --- tests: reading images --- */

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

/* --- corruption --- */

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

static Suite *
ext4_suite(void)
{
	Suite *s = suite_create("ext4");
	TCase *tc;

	tc = tcase_create("images");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_tree_matches_source, 0, V_COUNT);
	tcase_add_loop_test(tc, test_special_inodes, 0, V_COUNT);
	tcase_add_loop_test(tc, test_htree, 0, V_MAIN);
	tcase_add_loop_test(tc, test_extent_tree_and_holes, 0, V_MAIN);
	tcase_add_loop_test(tc, test_readdir_cursor, 0, V_MAIN);
	tcase_add_test(tc, test_64k_blocks);
	tcase_add_test(tc, test_needs_recovery_reported);
	tcase_add_test(tc, test_api_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("corruption");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_corrupt_superblock);
	tcase_add_test(tc, test_corrupt_group_desc);
	tcase_add_test(tc, test_corrupt_inode);
	tcase_add_test(tc, test_corrupt_extent_block);
	tcase_add_test(tc, test_corrupt_dir_block);
	tcase_add_test(tc, test_corrupt_htree);
	tcase_add_loop_test(tc, test_fuzz, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;
	build_images();
	sr = srunner_create(ext4_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (getenv("EXT4_KEEP_IMAGES"))
		fprintf(stderr, "images kept in %s\n", imgdir);
	remove_tmpdir();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
