/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the ext4 journal: replay of logs written by e2fsprogs'
 * debugfs (with and without checksums, with revoke records), clean
 * unmounts, the read-only fallback for features the library cannot
 * write, and crash safety.
 *
 * The crash tests record every device write and flush of a random
 * workload (creates, writes, renames, unlinks of open files, truncates
 * in several transactions, xattrs, commits and syncs) and keep a digest
 * of the tree after each call. Each cut point is turned into an image:
 * the device as mkfs left it, every write before the last flush ahead of
 * the cut, and a random subset of the writes after it (a volatile cache
 * that lost some). The library mounts it (replay, orphan cleanup) and its
 * tree must be the state of the last commit in the image or of the one
 * after (the first commit block the cut may have let through), and
 * e2fsck -fn must be clean; e2fsck -fy on another copy must replay it
 * with nothing to fix. The runs cover ext4 with checksums v3 and v2,
 * 1K blocks, without metadata_csum, ext3, and a small log that wraps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/crc32c.h"
#include "wfixture.h"

/* --- small helpers --- */

static uint32_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static uint8_t *
slurp_file(const char *path, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	uint8_t *buf;

	ck_assert(fd >= 0 && fstat(fd, &st) == 0);
	buf = malloc((size_t)st.st_size);
	ck_assert(pread(fd, buf, (size_t)st.st_size, 0) == st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

static void
dump_file(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	ck_assert(fd >= 0);
	ck_assert(ftruncate(fd, (off_t)len) == 0);
	for (size_t off = 0; off < len; off += 4096) {	/* sparse: zero pages are holes */
		size_t n = len - off < 4096 ? len - off : 4096;
		bool zero = true;

		for (size_t i = 0; i < n && zero; i++)
			zero = !buf[off + i];
		if (!zero)
			ck_assert(pwrite(fd, buf + off, n, (off_t)off) == (ssize_t)n);
	}
	close(fd);
}

/* The byte offset of journal block lblk (debugfs bmap), for patching. */
static uint64_t
journal_block_off(const char *img, uint32_t lblk, uint32_t bs)
{
	char out[256];

	ck_assert_int_eq(run_cmd(out, sizeof(out), "debugfs -R 'bmap <8> %u' '%s' 2>/dev/null",
				 lblk, img), 0);
	return strtoull(out, NULL, 10) * bs;
}

/* Switch an empty journal to checksums v2 (the library then keeps v2). */
static void
journal_set_v2(const char *img, uint32_t bs)
{
	uint64_t off = journal_block_off(img, 0, bs);
	uint8_t jsb[1024];
	uint32_t c;
	int fd = open(img, O_RDWR);

	ck_assert(fd >= 0 && pread(fd, jsb, sizeof(jsb), (off_t)off) == sizeof(jsb));
	jsb[0x2B] |= 0x08;	/* incompat CSUM_V2 (big-endian) */
	jsb[0x50] = 4;		/* crc32c */
	memset(jsb + 0xFC, 0, 4);
	c = crc32c_update(~0u, jsb, sizeof(jsb));
	jsb[0xFC] = (uint8_t)(c >> 24);
	jsb[0xFD] = (uint8_t)(c >> 16);
	jsb[0xFE] = (uint8_t)(c >> 8);
	jsb[0xFF] = (uint8_t)c;
	ck_assert(pwrite(fd, jsb, sizeof(jsb), (off_t)off) == sizeof(jsb));
	close(fd);
}

/* e2fsck -fy must only replay (and clean orphans): exit 0, no other message. */
static void
fsck_replay_only(const char *path)
{
	static char out[65536];
	static const char *const ok[] = {
		"e2fsck ", "Pass ", "recovering journal", "Clearing orphaned inode",
		"Truncating orphaned inode", "***** FILE SYSTEM WAS MODIFIED", "files (",
		/* e2fsck's own orphan truncation may leave a tree it then offers to
		 * shorten: an optimisation, not a repair (-fn does not report it) */
		"could be shorter.  Optimize? yes", "could be narrower.  Optimize? yes",
		"Pass 1E: Optimizing extent trees",
		NULL };
	int rc = run_cmd(out, sizeof(out), "PATH=$PATH:/sbin:/usr/sbin e2fsck -fy '%s' 2>&1",
			 path);
	char *save = NULL;

	ck_assert_msg(rc == 0, "e2fsck -fy %s: exit %d\n%s", path, rc, out);
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		bool known = !*l;

		for (int i = 0; ok[i] && !known; i++)
			known = strstr(l, ok[i]) != NULL;
		ck_assert_msg(known, "e2fsck -fy %s did more than replay: %s", path, l);
	}
	wimg_fsck(path);
}

/* --- replaying logs made by debugfs --- */

static const struct {
	const char *type, *opts, *jo;
	uint32_t bs;
} jcases[] = {
	{ "ext4", "-b 4096", "jo", 4096 },
	{ "ext4", "-b 4096", "jo -c", 4096 },		/* checksums v3 */
	{ "ext4", "-b 1024", "jo -c -v 2", 1024 },	/* checksums v2 */
	{ "ext4", "-b 4096 -O ^64bit,^metadata_csum", "jo", 4096 },
	{ "ext3", "-b 1024", "jo", 1024 },
};

START_TEST(test_replay_debugfs)
{
	char blkfile[400], out[4096], cmds[600], path[512];
	struct ext4_info info;
	uint8_t data[3 * 4096], got[4096];
	uint32_t bs = jcases[_i].bs, first;
	struct wimg w;
	FILE *f;

	wimg_mkfs(&w, "jdebugfs", jcases[_i].type, 16 << 20, jcases[_i].opts, NULL);
	first = (uint32_t)(w.size / bs) - 96;	/* free blocks near the end */
	snprintf(path, sizeof(path), "%s", w.path);
	wimg_close(&w);
	/*
	 * Transaction 1 logs blocks first..first+2 (from blocks 0..2 of the
	 * file), transaction 2 logs first+3 (block 0 again) and revokes
	 * first+2. Block 0 starts with the journal magic: escaped in the log.
	 */
	fill_pattern(data, 3 * bs, 11, 0);
	data[0] = 0xC0;
	data[1] = 0x3B;
	data[2] = 0x39;
	data[3] = 0x98;
	snprintf(blkfile, sizeof(blkfile), "%s/jblk", wtmp);
	dump_file(blkfile, data, 3 * bs);
	snprintf(cmds, sizeof(cmds), "%s/jcmds", wtmp);
	f = fopen(cmds, "w");
	fprintf(f, "%s\njw -b %u,%u,%u %s\njw -b %u -r %u %s\njc\n", jcases[_i].jo, first,
		first + 1, first + 2, blkfile, first + 3, first + 2, blkfile);
	fclose(f);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "debugfs -w -f '%s' '%s' 2>&1", cmds, path), 0);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", path), 0);
	ck_assert_msg(strstr(out, "needs_recovery"), "debugfs left no log:\n%s", out);
	wimg_open(&w, path);
	ck_assert_int_eq(wimg_mount(&w, EXT4_MOUNT_RDONLY), 0);	/* read-only replays too */
	ext4_get_info(w.fs, &info);
	ck_assert(!info.needs_recovery);
	wimg_umount(&w);
	for (uint32_t b = first; b <= first + 3; b++) {
		const uint8_t *want = data + (b == first + 1 ? bs : 0);

		ck_assert(pread(w.fd, got, bs, (off_t)b * bs) == (ssize_t)bs);
		if (b == first + 2)
			ck_assert_msg(memcmp(got, data + 2 * bs, bs), "revoked block %u replayed", b);
		else
			ck_assert_msg(!memcmp(got, want, bs), "block %u not replayed", b);
	}
	wimg_fsck(path);
	wimg_mount_ok(&w);
	wimg_umount(&w);
	wimg_fsck(path);
	wimg_close(&w);
}
END_TEST

/* A clean unmount leaves no needs_recovery and an empty log. */
START_TEST(test_clean_umount)
{
	struct wimg w;
	char out[8192];

	wimg_mkfs(&w, "clean", "ext4", 16 << 20, "-b 4096", NULL);
	wimg_mount_ok(&w);
	w_write_file(w.fs, "/x", "hello", 5);
	ck_assert_int_eq(ext4_commit(w.fs), 0);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", w.path), 0);
	ck_assert_msg(strstr(out, "needs_recovery"), "mounted: no needs_recovery:\n%s", out);
	wimg_umount(&w);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", w.path), 0);
	ck_assert_msg(!strstr(out, "needs_recovery"), "unmounted: needs_recovery:\n%s", out);
	ck_assert_msg(strstr(out, "Journal start:            0"), "log not empty:\n%s", out);
	ck_assert_msg(strstr(out, "journal_checksum_v3"), "no csum v3 in the journal:\n%s", out);
	wimg_fsck(w.path);
	wimg_close(&w);
}
END_TEST

/* mount -o remount: read-only to read-write and back with inodes held. */
START_TEST(test_remount)
{
	struct ext4_inode *root, *f;
	struct ext4_info info;
	struct wimg w;
	char out[8192];

	wimg_mkfs(&w, "remount", "ext4", 16 << 20, "-b 4096", NULL);
	ck_assert_int_eq(wimg_mount(&w, EXT4_MOUNT_RDONLY), 0);
	root = w_iget_path(w.fs, "/");
	ck_assert_int_eq(ext4_create(w.fs, root, "x", 1, &(struct ext4_new_inode){ .mode = 0100644 },
				     NULL), -EROFS);
	ck_assert_int_eq(ext4_remount(w.fs, 0), 0);
	f = w_create(w.fs, "/made-rw", 0644);
	w_write(w.fs, f, 0, "data", 4);
	ck_assert_int_eq(ext4_commit(w.fs), 0);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", w.path), 0);
	ck_assert(strstr(out, "needs_recovery"));
	ck_assert_int_eq(ext4_remount(w.fs, EXT4_MOUNT_RDONLY), 0);	/* clean again, still mounted */
	ext4_get_info(w.fs, &info);
	ck_assert(info.read_only);
	ck_assert_int_eq(ext4_write(w.fs, f, 4, "more", 4, 0), -EROFS);
	wimg_fsck(w.path);
	ck_assert_int_eq(ext4_remount(w.fs, 0), 0);
	w_write(w.fs, f, 4, "more", 4);
	ck_assert_int_eq(ext4_remount(w.fs, 0x80), -EINVAL);
	ext4_iput(f);
	ext4_iput(root);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_mount_ok(&w);
	f = w_iget_path(w.fs, "/made-rw");
	ck_assert_uint_eq(f->st.size, 8);
	ext4_iput(f);
	wimg_umount(&w);
	wimg_close(&w);
}
END_TEST

/* Features the write path lacks: -EROFS with the reason; read-only works. */
START_TEST(test_rw_refusal)
{
	static const struct {
		const char *opts, *why;
	} cases[] = {
		{ "-O inline_data", "inline_data" },
		{ "-O quota", "quota" },
		{ "-O bigalloc -C 16384", "bigalloc" },
		{ "-O project", "project" },
	};
	struct wimg w;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "refuse%zu", i);
		wimg_mkfs(&w, name, "ext4", 16 << 20, cases[i].opts, NULL);
		ck_assert_msg(wimg_mount(&w, 0) == -EROFS, "%s: %s", cases[i].opts,
			      ext4_strerror_detail(NULL));
		ck_assert_msg(strstr(ext4_strerror_detail(NULL), cases[i].why) &&
			      strstr(ext4_strerror_detail(NULL), "read-only"), "detail: %s",
			      ext4_strerror_detail(NULL));
		if (i != 2)	/* (bigalloc cannot even be read) */
			ck_assert_int_eq(wimg_mount(&w, EXT4_MOUNT_RDONLY), 0);
		wimg_close(&w);
		wimg_fsck(w.path);
	}
}
END_TEST

/* An open file unlinked, and a truncate, cut short by a crash: the next mount finishes them. */
START_TEST(test_orphans_after_crash)
{
	uint8_t *buf = malloc(1 << 20), *img;
	struct ext4_inode *victim, *big, *filler;
	struct ext4_info before, mid;
	size_t len, last = 0, ncommits = 0;
	struct wimg w, c;
	char copy[400], copy2[420];
	uint32_t ino;

	fill_pattern(buf, 1 << 20, 3, 0);
	wimg_mkfs(&w, "orphan", "ext4", 32 << 20, "-b 1024", NULL);
	wimg_mount_ok(&w);
	victim = w_create(w.fs, "/victim", 0644);
	w_write(w.fs, victim, 0, buf, 1 << 20);
	big = w_create(w.fs, "/big", 0644);
	filler = w_create(w.fs, "/filler", 0644);
	for (uint32_t i = 0; i < 3000; i++) {
		/* many extents, their blocks apart: a truncate takes several transactions */
		w_write(w.fs, big, (uint64_t)i * 2048, buf + i, 1024);
		w_write(w.fs, filler, (uint64_t)i * 1024, buf, 1024);
	}
	ext4_iput(filler);
	ck_assert_int_eq(ext4_sync(w.fs), 0);
	ck_assert_int_eq(w_unlink(w.fs, "/victim"), 0);	/* open: an orphan */
	ck_assert_int_eq(ext4_commit(w.fs), 0);
	ext4_get_info(w.fs, &before);
	img = slurp_file(w.path, &len);	/* the device before the truncate */
	w.record = true;
	ck_assert_int_eq(ext4_truncate(w.fs, big, 5000), 0);
	w.record = false;
	ext4_get_info(w.fs, &mid);
	ck_assert_uint_gt(mid.commits, before.commits + 2);
	/* the device as the crash left it: the truncate's writes before its last commit block */
	for (size_t i = 0; i < w.nlog; i++)
		if (w.log[i].len && w.log[i].data[0] == 0xC0 && w.log[i].data[1] == 0x3B &&
		    w.log[i].data[7] == 2) {
			last = i;
			ncommits++;
		}
	ck_assert_uint_gt(ncommits, 2);
	for (size_t i = 0; i < last; i++)
		if (w.log[i].len)
			memcpy(img + w.log[i].off, w.log[i].data, w.log[i].len);
	snprintf(copy, sizeof(copy), "%s/orphan-crash.img", wtmp);
	snprintf(copy2, sizeof(copy2), "%s/orphan-crash-fsck.img", wtmp);
	dump_file(copy, img, len);
	dump_file(copy2, img, len);
	free(img);
	ext4_iput(victim);
	ext4_iput(big);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_close(&w);
	/* e2fsck finishes it on one copy, the library on the other */
	fsck_replay_only(copy2);
	wimg_open(&c, copy);
	wimg_mount_ok(&c);
	big = w_iget_path(c.fs, "/big");
	ck_assert_uint_eq(big->st.size, 5000);
	ck_assert_uint_le(big->st.blocks, 2 * 5 + 8);
	ext4_iput(big);
	ck_assert_int_eq(ext4_lookup_path(c.fs, "/victim", &ino), -ENOENT);
	ext4_get_info(c.fs, &mid);
	ck_assert_uint_gt(mid.free_blocks, before.free_blocks + 1024);	/* victim's 1 MiB came back */
	wimg_umount(&c);
	wimg_fsck(copy);
	wimg_close(&c);
	free(buf);
}
END_TEST

/* A device write failing in a commit: the filesystem shuts down, the image stays as committed. */
START_TEST(test_io_error_abort)
{
	struct ext4_inode *root, *in;
	struct ext4_info info;
	uint64_t good;
	struct wimg w;
	char copy[600];
	uint8_t buf[5000];
	int err;

	fill_pattern(buf, sizeof(buf), 1, 0);
	wimg_mkfs(&w, "ioerr", "ext4", 16 << 20, _i ? "-b 1024" : "-b 4096", NULL);
	wimg_mount_ok(&w);
	w_write_file(w.fs, "/kept", buf, sizeof(buf));
	ext4_iput(w_mkdir(w.fs, "/dir", 0755));
	ck_assert_int_eq(ext4_commit(w.fs), 0);
	good = fs_digest(w.fs);
	w_write_file(w.fs, "/lost", buf, 100);
	ck_assert_int_eq(w_unlink(w.fs, "/kept"), 0);
	w.fail_after = 2 + _i;	/* the second (third) write of the commit fails */
	err = ext4_commit(w.fs);
	ck_assert_msg(err == -EIO, "commit: %d", err);
	ext4_get_info(w.fs, &info);
	ck_assert(info.aborted);
	ck_assert_ptr_nonnull(strstr(ext4_strerror_detail(w.fs), "shut down"));
	/* no more changes; reading goes on */
	root = w_iget_path(w.fs, "/");
	ck_assert_int_eq(ext4_create(w.fs, root, "x", 1, &(struct ext4_new_inode){ .mode = 0100644 },
				     NULL), -EROFS);
	ck_assert_int_eq(ext4_commit(w.fs), -EROFS);
	ck_assert_int_eq(ext4_sync(w.fs), -EROFS);
	in = w_iget_path(w.fs, "/lost");
	ck_assert_int_eq(ext4_write(w.fs, in, 0, buf, 10, 0), -EROFS);
	ext4_iput(in);
	ext4_iput(root);
	ck_assert_int_eq(ext4_umount(w.fs), -EROFS);	/* not clean: nothing written */
	w.fs = NULL;
	snprintf(copy, sizeof(copy), "%s.fsck", w.path);
	ck_assert_int_eq(run_cmd(NULL, 0, "cp --sparse=always '%s' '%s'", w.path, copy), 0);
	fsck_replay_only(copy);
	/* the next mount replays the last good commit */
	wimg_mount_ok(&w);
	ck_assert_msg(fs_digest(w.fs) == good, "the tree is not the last committed one");
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_close(&w);
}
END_TEST

/* --- crash tests --- */

struct crash_cfg {
	const char *name, *type, *opts;
	bool v2;
	int ops;
	bool pagecache;		/* file data through get_blocks + writeback_data */
};

static const struct crash_cfg crash_cfgs[] = {
	{ "ext4", "ext4", "-b 4096", false, 160, false },
	{ "ext4-v2", "ext4", "-b 4096", true, 120, false },
	{ "ext4-1k", "ext4", "-b 1024", false, 160, false },
	{ "nocsum", "ext4", "-b 4096 -O ^metadata_csum,^64bit", false, 120, false },
	{ "ext3", "ext3", "-b 1024", false, 140, false },
	{ "wrap", "ext4", "-b 1024 -J size=1", false, 900, false },
	{ "ordered", "ext4", "-b 1024", false, 200, true },
	{ "ordered-ext3", "ext3", "-b 4096", false, 160, true },
};

struct held {
	struct ext4_inode *in;
	int until;
};

struct crashrun {
	struct wimg w;
	struct model m;
	uint64_t seed;
	uint8_t *base;
	size_t base_len;
	uint64_t *digest;	/* [0]: after mount; [j]: after call j */
	uint32_t *commits;	/* commits counted after call j */
	int ncalls;
	struct held held[8];
	int nheld;
	char dirs[64][64];
	int ndirs;
	int uniq;
	uint32_t bs;
	bool pagecache;
};

static bool trace;

#define TRACE(...) do { if (trace) fprintf(stderr, __VA_ARGS__); } while (0)

static void
record_call(struct crashrun *r)
{
	struct ext4_info info = { 0 };

	if (r->w.fs)
		ext4_get_info(r->w.fs, &info);
	else	/* unmounted: it may have committed once more */
		info.commits = r->commits[r->ncalls] + 1;
	r->ncalls++;
	r->digest = realloc(r->digest, (size_t)(r->ncalls + 1) * sizeof(*r->digest));
	r->commits = realloc(r->commits, (size_t)(r->ncalls + 1) * sizeof(*r->commits));
	r->digest[r->ncalls] = model_digest(&r->m);
	r->commits[r->ncalls] = info.commits;
}

/* A random existing regular file of the model, or NULL. */
static struct mnode *
pick(struct crashrun *r, uint16_t type)
{
	int tries = 50;

	while (tries--) {
		struct mnode *n = &r->m.n[rnd(&r->seed) % r->m.count];

		if ((n->mode & 0170000) == type && *n->path && strcmp(n->path, "lost+found") &&
		    strcmp(n->path, ".scratch"))
			return n;
	}
	return NULL;
}

static const char *
pick_dir(struct crashrun *r)
{
	return r->dirs[rnd(&r->seed) % (uint32_t)r->ndirs];
}

static void
path_join(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s%s%s", dir, *dir ? "/" : "", name);
}

/*
 * Several library calls that must look like one: built in /.scratch (left
 * out of the digests), then renamed into place by one call.
 */
static void
scratch_to_place(struct crashrun *r, const char *name, const char *rel)
{
	char a[210], b[210];

	snprintf(a, sizeof(a), "/.scratch/%s", name);
	snprintf(b, sizeof(b), "/%s", rel);
	ck_assert_int_eq(w_rename(r->w.fs, a, b, 0), 0);
}

/*
 * Write buf to in as a page cache does: map with ext4_get_blocks (blocks
 * new or converted get zero-filled around the data), keep the data dirty
 * (wimg_defer) until the library's next commit calls writeback_data.
 */
static void
pagecache_write(struct crashrun *r, struct ext4_inode *in, uint64_t off, const uint8_t *buf,
		size_t len)
{
	uint64_t end = off + len, lblk = off / r->bs, last = (end + r->bs - 1) / r->bs;
	uint8_t *blk = malloc(r->bs);

	while (lblk < last) {
		struct ext4_map map;
		int err = ext4_get_blocks(r->w.fs, in, lblk, last - lblk, EXT4_GB_CREATE, end, &map);

		ck_assert_msg(err == 0, "get_blocks %llu: %d (%s)", (unsigned long long)lblk, err,
			      ext4_strerror_detail(r->w.fs));
		for (uint64_t k = 0; k < map.count; k++, lblk++) {
			uint64_t bstart = lblk * r->bs;
			uint64_t from = off > bstart ? off - bstart : 0;
			uint64_t to = end < bstart + r->bs ? end - bstart : r->bs;

			if (map.new) {
				memset(blk, 0, r->bs);
			} else {	/* an old block: what is there, as a page read would */
				ck_assert_int_eq(r->w.bd.read(&r->w, (map.pblk + k) * r->bs, blk,
							      r->bs), 0);
				for (size_t i = 0; i < r->w.npend; i++)	/* or still dirty */
					if (r->w.pend[i].off == (map.pblk + k) * r->bs)
						memcpy(blk, r->w.pend[i].data, r->bs);
			}
			memcpy(blk + from, buf + (bstart + from - off), to - from);
			wimg_defer(&r->w, (map.pblk + k) * r->bs, blk, r->bs);
		}
	}
	free(blk);
}

static void
op_create(struct crashrun *r)
{
	char rel[200], name[40], abs[210];
	size_t size = rnd(&r->seed) % 4 == 0 ? 65536 + rnd(&r->seed) % 65536 :
					       rnd(&r->seed) % (3 * r->bs + 100);
	uint8_t *buf = malloc(size + 1);
	struct mnode *n;

	snprintf(name, sizeof(name), "f%d-%u", r->uniq++, rnd(&r->seed) % 1000);
	path_join(rel, sizeof(rel), pick_dir(r), name);
	snprintf(abs, sizeof(abs), "/.scratch/%s", name);
	fill_pattern(buf, size, (uint32_t)r->uniq, 0);
	TRACE("create %s %zu\n", rel, size);
	if (r->pagecache) {
		struct ext4_inode *in = w_create(r->w.fs, abs, 0644);

		pagecache_write(r, in, 0, buf, size);
		ext4_iput(in);
	} else {
		w_write_file(r->w.fs, abs, buf, size);
	}
	scratch_to_place(r, name, rel);
	n = model_add(&r->m, rel, 0100644);
	model_write(n, 0, buf, size);
	free(buf);
}

static void
op_mkdir(struct crashrun *r)
{
	char rel[200], name[40], abs[210];

	if (r->ndirs >= 64)
		return;
	snprintf(name, sizeof(name), "d%d", r->uniq++);
	path_join(rel, sizeof(rel), pick_dir(r), name);
	if (strlen(rel) > 60)
		return;
	snprintf(abs, sizeof(abs), "/%s", rel);
	ext4_iput(w_mkdir(r->w.fs, abs, 0755));
	model_add(&r->m, rel, 040755);
	snprintf(r->dirs[r->ndirs++], 64, "%s", rel);
}

static void
op_append(struct crashrun *r)
{
	struct mnode *n = pick(r, 0100000);
	size_t len = rnd(&r->seed) % (2 * r->bs) + 1;
	uint8_t *buf;
	struct ext4_inode *in;
	char abs[210];

	if (!n)
		return;
	buf = malloc(len);
	fill_pattern(buf, len, rnd(&r->seed), n->size);
	snprintf(abs, sizeof(abs), "/%s", n->path);
	in = w_iget_path(r->w.fs, abs);
	TRACE("append %s %zu at %llu\n", abs, len, (unsigned long long)n->size);
	if (r->pagecache)
		pagecache_write(r, in, n->size, buf, len);
	else
		w_write(r->w.fs, in, n->size, buf, len);
	ext4_iput(in);
	/* every name of the inode sees it */
	if (n->link_group) {
		for (size_t i = 0; i < r->m.count; i++)
			if (r->m.n[i].link_group == n->link_group && &r->m.n[i] != n)
				model_write(&r->m.n[i], r->m.n[i].size, buf, len);
	}
	model_write(n, n->size, buf, len);
	free(buf);
}

static void
op_unlink(struct crashrun *r)
{
	struct mnode *n = pick(r, 0100000);
	char abs[210];
	int group;

	if (!n)
		return;
	snprintf(abs, sizeof(abs), "/%s", n->path);
	if (r->nheld < 8 && rnd(&r->seed) % 3 == 0) {	/* keep it open: an orphan */
		r->held[r->nheld].in = w_iget_path(r->w.fs, abs);
		r->held[r->nheld++].until = r->ncalls + 1 + (int)(rnd(&r->seed) % 20);
	}
	TRACE("unlink %s\n", abs);
	ck_assert_int_eq(w_unlink(r->w.fs, abs), 0);
	group = n->link_group;
	model_del(&r->m, n->path);
	if (group) {	/* a lone survivor is no longer a group */
		int count = 0;

		for (size_t i = 0; i < r->m.count; i++)
			count += r->m.n[i].link_group == group;
		if (count == 1)
			for (size_t i = 0; i < r->m.count; i++)
				if (r->m.n[i].link_group == group)
					r->m.n[i].link_group = 0;
	}
}

static void
op_release(struct crashrun *r, bool all)
{
	for (int i = 0; i < r->nheld;) {
		if (all || r->held[i].until <= r->ncalls) {
			if (r->pagecache)	/* (its dirty pages go before its blocks) */
				ck_assert_int_eq(wimg_writeback(&r->w), 0);
			ext4_iput(r->held[i].in);
			r->held[i] = r->held[--r->nheld];
		} else {
			i++;
		}
	}
}

/* An open, unlinked file truncated (and written): it must stay an orphan. */
static void
op_held_truncate(struct crashrun *r)
{
	uint8_t buf[3000];
	struct ext4_inode *in;

	if (!r->nheld)
		return;
	in = r->held[rnd(&r->seed) % (uint32_t)r->nheld].in;
	if (in->st.nlink)	/* (another name still shows it) */
		return;
	fill_pattern(buf, sizeof(buf), 9, 0);
	TRACE("truncate held inode %u\n", in->ino);
	w_write(r->w.fs, in, in->st.size, buf, sizeof(buf));
	ck_assert_int_eq(ext4_truncate(r->w.fs, in, (uint64_t)(rnd(&r->seed) % 3) * r->bs), 0);
}

static void
op_rename(struct crashrun *r)
{
	bool dir = rnd(&r->seed) % 4 == 0;
	struct mnode *n = pick(r, dir ? 040000 : 0100000), *t;
	char rel[200], name[40], a[210], b[210];
	const char *to;
	int err;

	if (!n)
		return;
	to = pick_dir(r);
	if (dir && (!strcmp(to, n->path) ||
		    (!strncmp(to, n->path, strlen(n->path)) && to[strlen(n->path)] == '/')))
		return;	/* not into itself */
	if (!dir && rnd(&r->seed) % 3 == 0 && (t = pick(r, 0100000)) && t != n &&
	    (!t->link_group || t->link_group != n->link_group)) {
		snprintf(rel, sizeof(rel), "%s", t->path);	/* over an existing file */
	} else {
		snprintf(name, sizeof(name), "r%d", r->uniq++);
		path_join(rel, sizeof(rel), to, name);
	}
	if (strlen(rel) > 60)
		return;
	snprintf(a, sizeof(a), "/%s", n->path);
	snprintf(b, sizeof(b), "/%s", rel);
	TRACE("rename %s %s\n", a, b);
	err = w_rename(r->w.fs, a, b, 0);
	ck_assert_msg(err == 0, "rename %s %s: %d (%s)", a, b, err, ext4_strerror_detail(r->w.fs));
	/* (model_del moves nodes: only paths are kept across it) */
	if ((t = model_find(&r->m, rel))) {
		int group = t->link_group;

		model_del(&r->m, rel);
		if (group) {
			int count = 0;

			for (size_t i = 0; i < r->m.count; i++)
				count += r->m.n[i].link_group == group;
			if (count == 1)
				for (size_t i = 0; i < r->m.count; i++)
					if (r->m.n[i].link_group == group)
						r->m.n[i].link_group = 0;
		}
	}
	if (dir) {	/* keep the list of directories right */
		const char *old = a + 1;
		size_t pl = strlen(old);

		for (int i = 0; i < r->ndirs; i++) {
			char buf[300];

			if (!strcmp(r->dirs[i], old) ||
			    (!strncmp(r->dirs[i], old, pl) && r->dirs[i][pl] == '/')) {
				snprintf(buf, sizeof(buf), "%s%s", rel, r->dirs[i] + pl);
				if (strlen(buf) >= 64) {	/* too deep now: forget it */
					r->dirs[i][0] = '\0';
					continue;
				}
				snprintf(r->dirs[i], 64, "%s", buf);
			}
		}
		for (int i = 1; i < r->ndirs;) {
			if (!r->dirs[i][0]) {
				memmove(r->dirs[i], r->dirs[--r->ndirs], 64);
				continue;
			}
			i++;
		}
	}
	model_rename(&r->m, a + 1, rel);
}

static void
op_rmdir(struct crashrun *r)
{
	for (int i = 1; i < r->ndirs; i++) {
		size_t pl = strlen(r->dirs[i]);
		bool empty = true;
		char abs[210];

		for (size_t k = 0; k < r->m.count && empty; k++)
			empty = strncmp(r->m.n[k].path, r->dirs[i], pl) || r->m.n[k].path[pl] != '/';
		if (!empty)
			continue;
		snprintf(abs, sizeof(abs), "/%s", r->dirs[i]);
		ck_assert_int_eq(w_rmdir(r->w.fs, abs), 0);
		model_del(&r->m, r->dirs[i]);
		memmove(r->dirs[i], r->dirs[--r->ndirs], 64);
		return;
	}
}

static void
op_link(struct crashrun *r)
{
	struct mnode *n = pick(r, 0100000), *l;
	struct ext4_inode *in, *dir;
	char rel[200], name[40], abs[210], src[200];
	const char *d = pick_dir(r);
	int group;

	if (!n)
		return;
	snprintf(name, sizeof(name), "l%d", r->uniq++);
	path_join(rel, sizeof(rel), d, name);
	snprintf(src, sizeof(src), "%s", n->path);
	snprintf(abs, sizeof(abs), "/%s", src);
	in = w_iget_path(r->w.fs, abs);
	snprintf(abs, sizeof(abs), "/%s", d);
	dir = w_iget_path(r->w.fs, abs);
	TRACE("link %s %s\n", src, rel);
	ck_assert_int_eq(ext4_link(r->w.fs, dir, name, strlen(name), in), 0);
	ext4_iput(in);
	ext4_iput(dir);
	if (!n->link_group)
		n->link_group = ++r->uniq;
	group = n->link_group;
	l = model_add(&r->m, rel, 0100644);	/* (may move the array: find the source again) */
	n = model_find(&r->m, src);
	l->link_group = group;
	model_write(l, 0, n->data, n->size);
	for (size_t i = 0; i < n->nxa; i++)
		model_setxattr(l, n->xa[i].name, n->xa[i].value, n->xa[i].len);
}

static void
op_symlink(struct crashrun *r)
{
	char rel[200], name[40], abs[210], target[300];
	size_t len = rnd(&r->seed) % 2 ? 10 : 100 + rnd(&r->seed) % 200;

	snprintf(name, sizeof(name), "s%d", r->uniq++);
	path_join(rel, sizeof(rel), pick_dir(r), name);
	for (size_t i = 0; i < len; i++)
		target[i] = (char)('a' + (i * 7 + (size_t)r->uniq) % 26);
	target[len] = '\0';
	snprintf(abs, sizeof(abs), "/%s", rel);
	w_symlink(r->w.fs, abs, target);
	model_add(&r->m, rel, 0120777)->target = strdup(target);
}

static void
op_xattr(struct crashrun *r)
{
	struct mnode *n = pick(r, rnd(&r->seed) % 2 ? 0100000 : 040000);
	char name[40], abs[210];
	uint8_t val[1500];
	size_t len = rnd(&r->seed) % 3 == 0 ? 600 + rnd(&r->seed) % 300 : rnd(&r->seed) % 40;
	struct ext4_inode *in;
	bool del;

	if (!n)
		return;
	snprintf(name, sizeof(name), "user.a%u", rnd(&r->seed) % 4);
	fill_pattern(val, len, rnd(&r->seed), 0);
	snprintf(abs, sizeof(abs), "/%s", n->path);
	in = w_iget_path(r->w.fs, abs);
	del = rnd(&r->seed) % 4 == 0;
	if (del) {
		int err = ext4_setxattr(r->w.fs, in, name, NULL, 0, 0);

		ck_assert(err == 0 || err == -ENODATA);
	} else {
		int err = ext4_setxattr(r->w.fs, in, name, val, len, 0);

		ck_assert(err == 0 || err == -ENOSPC);	/* (the block full: nothing changed) */
		if (err) {
			ext4_iput(in);
			return;
		}
	}
	ext4_iput(in);
	for (size_t i = 0; i < r->m.count; i++)	/* every name of the inode */
		if (&r->m.n[i] == n || (n->link_group && r->m.n[i].link_group == n->link_group))
			model_setxattr(&r->m.n[i], name, del ? NULL : val, len);
}

static void
op_truncate(struct crashrun *r)
{
	struct mnode *n = pick(r, 0100000);
	uint64_t size;
	struct ext4_inode *in;
	char abs[210];

	if (!n)
		return;
	/* block-aligned: a partial tail would be zeroed at once, outside the journal */
	size = (uint64_t)(rnd(&r->seed) % 8) * r->bs;
	snprintf(abs, sizeof(abs), "/%s", n->path);
	in = w_iget_path(r->w.fs, abs);
	TRACE("truncate %s %llu\n", abs, (unsigned long long)size);
	ck_assert_int_eq(ext4_truncate(r->w.fs, in, size), 0);
	ext4_iput(in);
	for (size_t i = 0; i < r->m.count; i++)
		if (&r->m.n[i] == n || (n->link_group && r->m.n[i].link_group == n->link_group))
			model_truncate(&r->m.n[i], size);
}

/* A fragmented file: its truncate needs several transactions. */
static void
op_fragmented(struct crashrun *r)
{
	char rel[200], name[40], abs[210];
	struct ext4_inode *in;
	uint8_t *buf = malloc(r->bs);
	struct mnode *n;

	snprintf(name, sizeof(name), "frag%d", r->uniq++);
	path_join(rel, sizeof(rel), pick_dir(r), name);
	snprintf(abs, sizeof(abs), "/.scratch/%s", name);
	in = w_create(r->w.fs, abs, 0644);
	for (uint32_t i = 0; i < 400; i++) {
		fill_pattern(buf, r->bs, i, 0);
		w_write(r->w.fs, in, (uint64_t)i * 2 * r->bs, buf, r->bs);
	}
	ext4_iput(in);
	scratch_to_place(r, name, rel);
	n = model_add(&r->m, rel, 0100644);
	for (uint32_t i = 0; i < 400; i++) {
		fill_pattern(buf, r->bs, i, 0);
		model_write(n, (uint64_t)i * 2 * r->bs, buf, r->bs);
	}
	free(buf);
}

static void
op_fallocate(struct crashrun *r)
{
	struct mnode *n = pick(r, 0100000);
	struct ext4_inode *in;
	char abs[210];
	int err;

	if (!n)
		return;
	snprintf(abs, sizeof(abs), "/%s", n->path);
	in = w_iget_path(r->w.fs, abs);
	TRACE("fallocate %s size %llu\n", abs, (unsigned long long)n->size);
	if (n->size / r->bs <= 2 || rnd(&r->seed) % 2) {
		err = ext4_fallocate(r->w.fs, in, EXT4_FALLOC_KEEP_SIZE,
				     (n->size + r->bs - 1) / r->bs * r->bs, 8 * r->bs, 0);
		ck_assert(err == 0 || err == -EOPNOTSUPP);
	} else {	/* punch a whole block */
		uint64_t off = (n->size / r->bs / 2) * r->bs;

		ck_assert_int_eq(ext4_fallocate(r->w.fs, in, EXT4_FALLOC_PUNCH_HOLE |
						EXT4_FALLOC_KEEP_SIZE, off, r->bs, 0), 0);
		for (size_t i = 0; i < r->m.count; i++)
			if (&r->m.n[i] == n ||
			    (n->link_group && r->m.n[i].link_group == n->link_group))
				memset(r->m.n[i].data + off, 0, r->bs);
	}
	ext4_iput(in);
}

/* Run the workload with the device recorded. */
static void
crash_workload(struct crashrun *r, const struct crash_cfg *cfg)
{
	struct ext4_info info;

	wimg_mkfs(&r->w, cfg->name, cfg->type, 32 << 20, cfg->opts, NULL);
	r->bs = strstr(cfg->opts, "1024") ? 1024 : 4096;
	r->pagecache = cfg->pagecache;
	if (cfg->v2)
		journal_set_v2(r->w.path, r->bs);
	r->base = slurp_file(r->w.path, &r->base_len);
	r->w.record = true;
	wimg_mount_ok(&r->w);
	model_init(&r->m);
	model_from_fs(&r->m, r->w.fs);
	r->ncalls = 0;
	r->digest = malloc(sizeof(*r->digest));
	r->commits = malloc(sizeof(*r->commits));
	r->digest[0] = model_digest(&r->m);
	ext4_get_info(r->w.fs, &info);
	r->commits[0] = info.commits;
	ck_assert_uint_eq(r->digest[0], fs_digest(r->w.fs));
	r->ndirs = 1;
	r->dirs[0][0] = '\0';
	ext4_iput(w_mkdir(r->w.fs, "/.scratch", 0700));
	model_add(&r->m, ".scratch", 040700)->uid = 1000;
	record_call(r);
	for (int i = 0; i < cfg->ops; i++) {
		uint32_t x = rnd(&r->seed) % 100;

		/*
		 * A page cache drops (here: writes) a file's dirty pages before
		 * its blocks can be freed: before unlinks, renames over a file,
		 * truncates, punches and the last put of an orphan. The data of
		 * creates and appends stays dirty for writeback_data.
		 */
		if (r->pagecache && ((x >= 40 && x < 56) || (x >= 71 && x < 81)))
			ck_assert_int_eq(wimg_writeback(&r->w), 0);
		if (x < 22)
			op_create(r);
		else if (x < 30)
			op_mkdir(r);
		else if (x < 40)
			op_append(r);
		else if (x < 49)
			op_unlink(r);
		else if (x < 56)
			op_rename(r);
		else if (x < 59)
			op_rmdir(r);
		else if (x < 62)
			op_link(r);
		else if (x < 65)
			op_symlink(r);
		else if (x < 71)
			op_xattr(r);
		else if (x < 76)
			op_truncate(r);
		else if (x < 78)
			op_fragmented(r);
		else if (x < 80)
			op_fallocate(r);
		else if (x < 81)
			op_held_truncate(r);
		else if (x < 93)
			ck_assert_int_eq(ext4_commit(r->w.fs), 0);
		else if (x < 96)
			ck_assert_int_eq(ext4_sync(r->w.fs), 0);
		op_release(r, false);
		record_call(r);
		if (getenv("EXT4_CHECK_EACH") && !wimg_writeback(&r->w) &&
		    r->digest[r->ncalls] != fs_digest(r->w.fs)) {
			fprintf(stderr, "diverged at call %d (x=%u)\n", r->ncalls, x);
			model_check(&r->m, r->w.fs, NULL);
		}
	}
	op_release(r, true);
	record_call(r);
	ck_assert_int_eq(wimg_writeback(&r->w), 0);	/* (reads bypass the "page cache") */
	if (r->digest[r->ncalls] != fs_digest(r->w.fs))
		model_check(&r->m, r->w.fs, NULL);	/* says where */
	ck_assert_msg(r->digest[r->ncalls] == fs_digest(r->w.fs),
		      "%s: the library's tree differs from the model", cfg->name);
	ext4_get_info(r->w.fs, &info);
	if (!strcmp(cfg->name, "wrap"))
		ck_assert_msg(info.log_blocks_written > info.journal_blocks,
			      "the log did not wrap (%llu of %u blocks)",
			      (unsigned long long)info.log_blocks_written, info.journal_blocks);
	if (cfg->pagecache)
		ck_assert_uint_gt(r->w.writebacks, 5);
	wimg_umount(&r->w);
	ck_assert_uint_eq(r->w.npend, 0);	/* the last commit wrote the data */
	r->w.record = false;
	record_call(r);
	wimg_fsck(r->w.path);
}

static bool
is_commit_block(const struct wlog *l)
{
	return l->len && l->data[0] == 0xC0 && l->data[1] == 0x3B && l->data[2] == 0x39 &&
	       l->data[3] == 0x98 && !l->data[4] && !l->data[5] && !l->data[6] && l->data[7] == 2;
}

/* Check one cut: build the image, mount it, compare, fsck. */
static void
check_cut(struct crashrun *r, size_t cut, uint64_t subset_seed, bool with_e2fsck)
{
	uint8_t *img = malloc(r->base_len);
	size_t flush = 0;
	uint32_t k = 0;
	int j;
	struct wimg c;
	uint64_t got;
	char path[400];

	memcpy(img, r->base, r->base_len);
	for (size_t i = 0; i < cut; i++)
		if (!r->w.log[i].len)
			flush = i + 1;
	for (size_t i = 0; i < cut; i++) {
		struct wlog *l = &r->w.log[i];

		if (!l->len)
			continue;
		if (i >= flush && rnd(&subset_seed) % 2)
			continue;	/* lost with the volatile cache */
		memcpy(img + l->off, l->data, l->len);
		k += is_commit_block(l);
	}
	snprintf(path, sizeof(path), "%s/cut.img", wtmp);
	dump_file(path, img, r->base_len);
	if (with_e2fsck) {
		char copy[420];

		snprintf(copy, sizeof(copy), "%s/cut-fsck.img", wtmp);
		dump_file(copy, img, r->base_len);
		fsck_replay_only(copy);
	}
	free(img);
	wimg_open(&c, path);
	ck_assert_msg(wimg_mount(&c, 0) == 0, "cut %zu: mount: %s", cut,
		      ext4_strerror_detail(NULL));
	got = fs_digest(c.fs);
	wimg_umount(&c);
	wimg_close(&c);
	wimg_fsck(path);
	/* commit k happened during call j: the tree is as before or after it */
	for (j = 0; j <= r->ncalls && r->commits[j] < k; j++)
		;
	ck_assert_msg(k == 0 || j <= r->ncalls, "cut %zu: %u commits, more than the workload made",
		      cut, k);
	if (k == 0) {
		ck_assert_msg(got == r->digest[0], "cut %zu: no commit, yet the tree changed", cut);
		return;
	}
	ck_assert_msg(got == r->digest[j] || (j && got == r->digest[j - 1]),
		      "cut %zu of %zu (%u commits, call %d): the tree is not the committed one",
		      cut, r->w.nlog, k, j);
}

START_TEST(test_crash)
{
	const struct crash_cfg *cfg = &crash_cfgs[_i];
	struct crashrun r;
	uint64_t s = 0x1234567 + (uint64_t)_i;
	int n = 0;

	memset(&r, 0, sizeof(r));
	r.seed = 0xC0FFEE + (uint64_t)_i * 7919;
	if (getenv("EXT4_CRASH_SEED")) {	/* other workloads, for longer runs */
		r.seed += strtoull(getenv("EXT4_CRASH_SEED"), NULL, 0) * 1000003;
		s += strtoull(getenv("EXT4_CRASH_SEED"), NULL, 0);
	}
	crash_workload(&r, cfg);
	ck_assert_uint_gt(r.w.nlog, 100);
	/* right after each commit block, and just before it; then random cuts */
	for (size_t i = 0; i < r.w.nlog && n < 24; i++) {
		if (!is_commit_block(&r.w.log[i]) || rnd(&s) % 3)
			continue;
		check_cut(&r, i, s, n % 4 == 0);
		check_cut(&r, i + 1, s + 1, false);
		n++;
	}
	for (int t = 0; t < 30; t++)
		check_cut(&r, rnd(&s) % (r.w.nlog + 1), s + (uint64_t)t, t % 5 == 0);
	check_cut(&r, r.w.nlog, s, true);	/* everything: the clean image */
	wimg_log_free(&r.w);
	wimg_close(&r.w);
	model_free(&r.m);
	free(r.base);
	free(r.digest);
	free(r.commits);
}
END_TEST

static Suite *
journal_suite(void)
{
	Suite *s = suite_create("ext4-journal");
	TCase *tc;

	tc = tcase_create("journal");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_replay_debugfs, 0, 5);
	tcase_add_test(tc, test_clean_umount);
	tcase_add_test(tc, test_rw_refusal);
	tcase_add_test(tc, test_remount);
	tcase_add_test(tc, test_orphans_after_crash);
	tcase_add_loop_test(tc, test_io_error_abort, 0, 2);
	suite_add_tcase(s, tc);
	tc = tcase_create("crash");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_crash, 0, sizeof(crash_cfgs) / sizeof(crash_cfgs[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	trace = getenv("EXT4_TRACE") != NULL;
	wfix_setup("test_ext4_journal");
	sr = srunner_create(journal_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	wfix_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
