/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures of the ext4 read tests: see fixture.h.
 *
 * build_images() writes a source tree (files of edge sizes, sparse and
 * fragmented files, a 5 GiB sparse file, 2000- and 600-entry directories,
 * symlinks, hard links) into a temporary directory and runs
 * tests/images/ext4/mkimages.sh, which makes ext4 (4K and 1K), ext4
 * without metadata_csum, ext4 with inline_data, ext3 and ext2 images from
 * it with mke2fs -d, plus device nodes and odd inodes added by debugfs.
 */
#include "fixture.h"

/* --- images and an in-memory overlay reader --- */

const struct variant_info variants[V_COUNT] = {
	[V_EXT4] = { "ext4", 4096, true, true, false, true, 1, false },
	[V_EXT4_1K] = { "ext4-1k", 1024, true, true, false, true, 2, true },
	[V_NOCSUM] = { "nocsum", 4096, true, false, false, true, 1, true },
	[V_INLINE] = { "inline", 4096, true, true, true, true, 2, false },
	[V_EXT3] = { "ext3", 4096, false, false, false, true, 0, false },
	[V_EXT2] = { "ext2", 1024, false, false, false, false, 0, true },
	[V_EXT4_64K] = { "ext4-64k", 65536, true, false, false, false, 1, false },
};

char tmpdir[256], srcdir[300], srcdir64[300], imgdir[300];
static const char *mk_root;	/* the tree make_file() writes to */
const char *cur_src;	/* the tree the image under test came from */

int
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

void
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

int
image_mount(struct image *im)
{
	return ext4_mount(&im->bd, EXT4_MOUNT_RDONLY, &im->fs);
}

void
image_mount_ok(struct image *im, enum variant v)
{
	int err;

	image_open(im, v);
	err = image_mount(im);
	ck_assert_msg(err == 0, "%s: mount: %d (%s)", variants[v].name, err,
		      ext4_strerror_detail(NULL));
}

void
image_close(struct image *im)
{
	ext4_umount(im->fs);
	im->fs = NULL;
	close(im->fd);
}

/* Overlay bytes at off (what the device returns from now on). */
void
image_patch(struct image *im, uint64_t off, const void *bytes, size_t len)
{
	struct patch *p = &im->patches[im->npatches++];

	ck_assert(len <= sizeof(p->bytes));
	p->off = off;
	p->len = len;
	memcpy(p->bytes, bytes, len);
}

void
image_get(struct image *im, uint64_t off, void *buf, size_t len)
{
	ck_assert_int_eq(image_read(im, off, buf, len), 0);
}

void
image_put_le(struct image *im, uint64_t off, uint64_t v, size_t width)
{
	uint8_t b[8];

	for (size_t i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	image_patch(im, off, b, width);
}

void
image_xor(struct image *im, uint64_t off, uint8_t mask)
{
	uint8_t b;

	image_get(im, off, &b, 1);
	b ^= mask;
	image_patch(im, off, &b, 1);
}

/* Byte offset of inode ino in the image, from debugfs (an independent oracle). */
uint64_t
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

struct ext4_inode *
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

uint64_t
pblk_of(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk)
{
	uint64_t pblk, count;

	ck_assert_int_eq(ext4_map_blocks(fs, inode, lblk, &pblk, &count), 0);
	ck_assert(pblk);
	return pblk;
}

/* --- the source tree (built before any test runs: no ck_assert here) --- */

#define SETUP_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "test_ext4 setup: " __VA_ARGS__); \
			fprintf(stderr, "\n"); \
			remove_tmpdir(); \
			exit(EXIT_FAILURE); \
		} \
	} while (0)

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

void
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

void
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

void
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

void
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

int
find_in(const struct listing *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].name, name))
			return i;
	return -1;
}

void
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
