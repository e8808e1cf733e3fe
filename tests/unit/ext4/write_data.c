/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 write tests, file contents: extent trees that grow to depth 2 and
 * shrink back, block maps with indirect blocks, truncate both ways,
 * fallocate (keep-size, unwritten extents, writes into them, punch-hole,
 * zero-range), a sparse file past 4 GiB, ext4_get_blocks as a page cache
 * uses it, and filling the disk to ENOSPC and recovering.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wcases.h"

static void
wr(struct wimg *w, struct mnode *n, struct ext4_inode *in, uint64_t off, size_t len, uint32_t seed)
{
	uint8_t *buf = malloc(len);

	fill_pattern(buf, len, seed, off);
	w_write(w->fs, in, off, buf, len);
	model_write(n, off, buf, len);
	free(buf);
}

static uint16_t
depth_of(struct ext4_inode *in)
{
	return (uint16_t)(in->i_block[6] | in->i_block[7] << 8);
}

/* Compare a range of the file with the model. */
static void
check_range(struct wimg *w, struct ext4_inode *in, struct mnode *n, uint64_t off, size_t len)
{
	uint8_t *got = malloc(len + 1), *want = calloc(1, len + 1);
	long r = ext4_read(w->fs, in, off, got, len);
	size_t exp = off >= n->size ? 0 : (n->size - off < len ? (size_t)(n->size - off) : len);

	if (exp)
		memcpy(want, n->data + off, exp);
	ck_assert_msg(r == (long)exp, "read at %llu: %ld, want %zu (%s)", (unsigned long long)off, r,
		      exp, ext4_strerror_detail(w->fs));
	ck_assert_msg(!memcmp(got, want, exp), "contents differ at %llu", (unsigned long long)off);
	free(got);
	free(want);
}

START_TEST(test_fragmented_tree)
{
	enum fsv v = (enum fsv)_i;
	uint32_t bs = fsv[v].block_size, islands = 3000;
	struct ext4_inode *in;
	struct model m;
	struct mnode *n;
	struct wimg w;
	uint64_t blocks_before;

	wcase_mkfs(&w, v, "frag", 64 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	/* a sequential file first: contiguous, one extent per 32768 blocks */
	in = w_create(w.fs, "/seq", 0600);
	n = model_add(&m, "seq", 0100600);
	for (uint32_t i = 0; i < 64; i++)
		wr(&w, n, in, (uint64_t)i * 65536, 65536, 100 + i);
	if (fsv[v].extents && depth_of(in)) {
		char ext[4096] = "";
		uint64_t l = 0, pb, cnt;

		while (l < n->size / bs && strlen(ext) < 4000) {
			ck_assert_int_eq(ext4_map_blocks(w.fs, in, l, &pb, &cnt), 0);
			snprintf(ext + strlen(ext), sizeof(ext) - strlen(ext), " %llu+%llu@%llu",
				 (unsigned long long)l, (unsigned long long)cnt, (unsigned long long)pb);
			l += cnt;
		}
		ck_abort_msg("sequential file fragmented:%s", ext);
	}
	ext4_iput(in);
	in = w_create(w.fs, "/frag", 0644);
	n = model_add(&m, "frag", 0100644);
	/* one-block islands with one-block holes: as many extents as islands */
	for (uint32_t i = 0; i < islands; i++)
		wr(&w, n, in, (uint64_t)i * 2 * bs, bs, i);
	if (fsv[v].extents)
		ck_assert_uint_ge(depth_of(in), 2);
	blocks_before = in->st.blocks;
	check_range(&w, in, n, 0, n->size);
	/* fill every third hole: neighbours merge */
	for (uint32_t i = 0; i < islands; i += 3)
		wr(&w, n, in, ((uint64_t)i * 2 + 1) * bs, bs, 7000 + i);
	check_range(&w, in, n, 0, n->size);
	/* punch most of it away: leaves empty out, the tree shrinks */
	if (fsv[v].extents) {
		uint64_t off = 3 * bs, len = n->size - 6 * bs;

		ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_PUNCH_HOLE |
						EXT4_FALLOC_KEEP_SIZE, off, len, 0), 0);
		memset(n->data + off, 0, len);
		ck_assert_uint_le(depth_of(in), 1);
		ck_assert_uint_lt(in->st.blocks, blocks_before);
		check_range(&w, in, n, 0, n->size);
	}
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* 1K blocks: 30000 extents need depth 3 (index nodes split); punching them shrinks it again. */
START_TEST(test_deep_tree)
{
	uint32_t bs = 1024, islands = 30000;
	uint8_t buf[1024];
	struct ext4_inode *in;
	struct model m;
	struct mnode *n;
	struct wimg w;

	wimg_mkfs(&w, "deep", "ext4", 128 << 20, "-b 1024", NULL);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/deep", 0644);
	n = model_add(&m, "deep", 0100644);
	for (uint32_t i = 0; i < islands; i++) {
		fill_pattern(buf, bs, i, 0);
		w_write(w.fs, in, (uint64_t)i * 2 * bs, buf, bs);
		model_write(n, (uint64_t)i * 2 * bs, buf, bs);
	}
	ck_assert_uint_ge(depth_of(in), 3);
	/* holes filled at random places: merges inside leaves */
	for (uint32_t i = 0; i < islands; i += 97) {
		fill_pattern(buf, bs, i + 1, 0);
		w_write(w.fs, in, ((uint64_t)i * 2 + 1) * bs, buf, bs);
		model_write(n, ((uint64_t)i * 2 + 1) * bs, buf, bs);
	}
	check_range(&w, in, n, 0, n->size);
	ext4_iput(in);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_mount_ok(&w);
	in = w_iget_path(w.fs, "/deep");
	/* punch all but the ends in pieces: empty leaves and index nodes go */
	for (uint64_t off = 4 * bs; off + 2000 * bs < n->size; off += 2000 * bs) {
		ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_PUNCH_HOLE |
						EXT4_FALLOC_KEEP_SIZE, off, 2000 * bs, 0), 0);
		memset(n->data + off, 0, 2000 * bs);
	}
	ck_assert_uint_le(depth_of(in), 2);
	check_range(&w, in, n, 0, n->size);
	ck_assert_int_eq(ext4_truncate(w.fs, in, 3 * bs), 0);
	model_truncate(n, 3 * bs);
	ck_assert_uint_eq(depth_of(in), 0);
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

START_TEST(test_truncate)
{
	enum fsv v = (enum fsv)_i;
	uint32_t bs = fsv[v].block_size;
	static const uint64_t sizes[] = { 0, 1, 4095, 4096, 4097, 100000, 1 << 20, 12 * 1024,
					  13 * 1024 + 5, 300 * 1024, 70 * 1024 * 1024 / 100 };
	struct ext4_inode *in;
	struct model m;
	struct mnode *n;
	struct wimg w;

	wcase_mkfs(&w, v, "trunc", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/t", 0644);
	n = model_add(&m, "t", 0100644);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k += 3) {
			uint64_t big = sizes[i] > sizes[k] ? sizes[i] : sizes[k];
			uint64_t small = sizes[i] > sizes[k] ? sizes[k] : sizes[i];

			/* data to big, down to small, up again: the tail reads as zeros */
			ck_assert_int_eq(ext4_truncate(w.fs, in, 0), 0);
			model_truncate(n, 0);
			if (big)
				wr(&w, n, in, 0, (size_t)big, (uint32_t)(i * 31 + k));
			ck_assert_int_eq(ext4_truncate(w.fs, in, small), 0);
			model_truncate(n, small);
			ck_assert_uint_eq(in->st.size, small);
			ck_assert_uint_le(in->st.blocks * 512,
					  (small + bs - 1) / bs * bs + 8 * bs);
			ck_assert_int_eq(ext4_truncate(w.fs, in, big + 1000), 0);
			model_truncate(n, big + 1000);
			check_range(&w, in, n, small > 5000 ? small - 5000 : 0, 20000);
		}
	}
	/* a hole in the middle, written past EOF */
	wr(&w, n, in, n->size + 3 * bs + 17, 5000, 99);
	check_range(&w, in, n, 0, n->size);
	ck_assert_int_eq(ext4_truncate(w.fs, in, (uint64_t)1 << 62), -EFBIG);
	ext4_iput(in);
	in = w_iget_path(w.fs, "/");
	ck_assert_int_eq(ext4_truncate(w.fs, in, 0), -EISDIR);
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

START_TEST(test_fallocate)
{
	enum fsv v = (enum fsv)_i;
	uint32_t bs = fsv[v].block_size;
	struct ext4_inode *in;
	struct model m;
	struct mnode *n;
	struct wimg w;
	uint64_t blocks;
	struct ext4_map map;

	wcase_mkfs(&w, v, "falloc", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/f", 0644);
	n = model_add(&m, "f", 0100644);
	wr(&w, n, in, 0, 10 * bs + 100, 1);
	if (!fsv[v].extents) {	/* block maps: only punching, as Linux */
		ck_assert_int_eq(ext4_fallocate(w.fs, in, 0, 0, 1000, 0), -EOPNOTSUPP);
		ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_PUNCH_HOLE |
						EXT4_FALLOC_KEEP_SIZE, bs + 10, 3 * bs, 0), 0);
		memset(n->data + bs + 10, 0, 3 * bs);
		check_range(&w, in, n, 0, n->size);
		goto out;
	}
	/* keep-size preallocation past EOF: allocated, size unchanged */
	blocks = in->st.blocks;
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_KEEP_SIZE, 20 * (uint64_t)bs,
					40 * (uint64_t)bs, 0), 0);
	ck_assert_uint_eq(in->st.size, n->size);
	ck_assert_uint_eq(in->st.blocks, blocks + 40 * (bs >> 9));
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, 25, 100, 0, 0, &map), 0);
	ck_assert(map.pblk && map.unwritten && map.count >= 1 && map.count <= 35);
	/* growing preallocation: reads as zeros */
	ck_assert_int_eq(ext4_fallocate(w.fs, in, 0, 100 * (uint64_t)bs, 50 * (uint64_t)bs, 0), 0);
	model_truncate(n, 150 * (uint64_t)bs);
	check_range(&w, in, n, 0, n->size);
	/* writing into unwritten extents converts the written part */
	wr(&w, n, in, 120 * (uint64_t)bs + 7, 3 * bs, 2);
	wr(&w, n, in, 30 * (uint64_t)bs, bs, 3);
	check_range(&w, in, n, 0, n->size);
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, 120, 1, 0, 0, &map), 0);
	ck_assert(map.pblk && !map.unwritten);
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, 119, 1, 0, 0, &map), 0);
	ck_assert(map.pblk && map.unwritten);
	/* punch: partial blocks zeroed, whole ones freed, size kept */
	blocks = in->st.blocks;
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_PUNCH_HOLE, 0, bs, 0), -EOPNOTSUPP);
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_PUNCH_HOLE | EXT4_FALLOC_KEEP_SIZE,
					bs / 2, 5 * (uint64_t)bs, 0), 0);
	memset(n->data + bs / 2, 0, 5 * bs);
	ck_assert_uint_eq(in->st.blocks, blocks - 4 * (bs >> 9));
	check_range(&w, in, n, 0, n->size);
	/* zero range: reads zero, stays allocated */
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_ZERO_RANGE, 7 * (uint64_t)bs + 3,
					bs * 2, 0), 0);
	memset(n->data + 7 * bs + 3, 0, 2 * bs);
	check_range(&w, in, n, 0, n->size);
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_ZERO_RANGE, n->size - 10, 5000, 0), 0);
	model_truncate(n, n->size - 10 + 5000);
	check_range(&w, in, n, 0, n->size);
	/* preallocation past EOF goes with a truncate to the same size */
	ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_KEEP_SIZE, n->size, 64 * bs, 0), 0);
	blocks = in->st.blocks;
	ck_assert_int_eq(ext4_truncate(w.fs, in, n->size), 0);
	ck_assert_uint_lt(in->st.blocks, blocks);
	ck_assert_int_eq(ext4_fallocate(w.fs, in, 0x40, 0, bs, 0), -EOPNOTSUPP);
out:
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* More than 4 GiB of logical size, mostly holes. */
START_TEST(test_sparse_huge)
{
	enum fsv v = (enum fsv)_i;
	uint64_t far = 4608ull << 20, end = 5ull << 30;
	uint8_t buf[70000], got[70000];
	struct ext4_inode *in;
	struct wimg w;
	char out[8192];

	wcase_mkfs(&w, v, "huge", 32 << 20);
	wimg_mount_ok(&w);
	in = w_create(w.fs, "/huge", 0644);
	fill_pattern(buf, sizeof(buf), 5, 0);
	w_write(w.fs, in, far + 100, buf, sizeof(buf));
	w_write(w.fs, in, end - 10, buf, 10);
	ck_assert_uint_eq(in->st.size, end);
	ck_assert_int_eq(ext4_read(w.fs, in, far + 100, got, sizeof(got)), (long)sizeof(got));
	ck_assert(!memcmp(buf, got, sizeof(got)));
	ck_assert_int_eq(ext4_read(w.fs, in, 1ull << 32, got, 4096), 4096);
	for (int i = 0; i < 4096; i++)
		ck_assert_uint_eq(got[i], 0);
	ck_assert_uint_lt(in->st.blocks * 512, 1 << 20);
	ext4_iput(in);
	wimg_umount(&w);
	wimg_fsck(w.path);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "debugfs -R 'stat /huge' '%s' 2>&1", w.path), 0);
	ck_assert_msg(strstr(out, "Size: 5368709120"), "debugfs: %s", out);
	wimg_mount_ok(&w);
	in = w_iget_path(w.fs, "/huge");
	ck_assert_int_eq(ext4_truncate(w.fs, in, far + 200), 0);
	ck_assert_int_eq(ext4_read(w.fs, in, far + 100, got, 1000), 100);
	ck_assert(!memcmp(buf, got, 100));
	ext4_iput(in);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_close(&w);
}
END_TEST

/* ext4_get_blocks as a page cache calls it: map, zero what is new, write, grow. */
START_TEST(test_get_blocks)
{
	enum fsv v = (enum fsv)_i;
	uint32_t bs = fsv[v].block_size;
	struct ext4_inode *in;
	struct ext4_map map;
	struct model m;
	struct mnode *n;
	struct wimg w;
	uint8_t page[4096];

	wcase_mkfs(&w, v, "getblk", 32 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/pc", 0644);
	n = model_add(&m, "pc", 0100644);
	for (uint64_t pg = 0; pg < 40; pg += (pg % 5 == 4) ? 3 : 1) {	/* pages, some skipped */
		size_t len = pg == 39 ? 1000 : 4096;
		uint64_t lblk = pg * 4096 / bs, want = (len + bs - 1) / bs, done = 0;

		fill_pattern(page, sizeof(page), 77, pg * 4096);
		memset(page + len, 0, sizeof(page) - len);
		while (done < want) {
			ck_assert_int_eq(ext4_get_blocks(w.fs, in, lblk + done, want - done,
							 EXT4_GB_CREATE, pg * 4096 + len, &map), 0);
			ck_assert(map.pblk && map.count >= 1 && map.new);
			/* the caller's page cache writes the data it mapped */
			for (uint64_t k = 0; k < map.count; k++) {
				uint64_t o = ((done + k) * bs);

				ck_assert_int_eq(w.bd.write(&w, (map.pblk + k) * bs, page + o, bs), 0);
			}
			done += map.count;
		}
		model_write(n, pg * 4096, page, len);
		ck_assert_uint_eq(in->st.size, pg * 4096 + len);
	}
	/* already mapped: no change, new is false */
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, 0, 1, EXT4_GB_CREATE, 0, &map), 0);
	ck_assert(map.pblk && !map.new);
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, 1ull << 40, 1, EXT4_GB_CREATE, 0, &map), -EFBIG);
	ck_assert_int_eq(ext4_get_blocks(w.fs, in, n->size / bs + 1, 1, EXT4_GB_CREATE, 0, &map),
			 -EINVAL);
	check_range(&w, in, n, 0, n->size);
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* Fill the disk, hit ENOSPC (root reserve first), delete, fill again. */
START_TEST(test_enospc)
{
	enum fsv v = (enum fsv)_i;
	struct ext4_info info;
	struct ext4_inode *in;
	struct model m;
	struct mnode *n;
	struct wimg w;
	uint8_t *buf = malloc(1 << 16);
	uint64_t off = 0, first_size;
	long r;
	char out[8192], *p;

	wcase_mkfs(&w, v, "enospc", 16 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	fill_pattern(buf, 1 << 16, 9, 0);
	in = w_create(w.fs, "/fill", 0644);
	n = model_add(&m, "fill", 0100644);
	for (;;) {	/* as a user: stops at the root reserve */
		r = ext4_write(w.fs, in, off, buf, 1 << 16, 0);
		if (r <= 0)
			break;
		model_write(n, off, buf, (size_t)r);
		off += (uint64_t)r;
	}
	ck_assert_int_eq(r, -ENOSPC);
	ext4_get_info(w.fs, &info);
	ck_assert_uint_le(info.free_blocks, info.reserved_blocks + 16);
	first_size = off;
	for (;;) {	/* as root: to the last block */
		r = ext4_write(w.fs, in, off, buf, 1 << 16, EXT4_GB_RESERVED);
		if (r <= 0)
			break;
		model_write(n, off, buf, (size_t)r);
		off += (uint64_t)r;
	}
	ck_assert_int_eq(r, -ENOSPC);
	ck_assert_uint_gt(off, first_size);
	if (fsv[v].extents)
		ck_assert_int_eq(ext4_fallocate(w.fs, in, EXT4_FALLOC_KEEP_SIZE, off, 1 << 20,
						EXT4_GB_RESERVED), -ENOSPC);
	/* names still work until the directory needs a block */
	ext4_iput(in);
	wimg_umount(&w);
	wimg_fsck(w.path);
	wimg_mount_ok(&w);
	ext4_get_info(w.fs, &info);
	ck_assert_int_eq(run_cmd(out, sizeof(out), "dumpe2fs -h '%s' 2>/dev/null", w.path), 0);
	p = strstr(out, "Free blocks:");
	ck_assert(p);
	ck_assert_uint_eq(strtoull(p + 12, NULL, 10), info.free_blocks);
	/* delete and fill again: the space comes back (statfs sees it at once) */
	ck_assert_int_eq(w_unlink(w.fs, "/fill"), 0);
	model_del(&m, "fill");
	{
		struct ext4_info now;

		ext4_get_info(w.fs, &now);
		ck_assert_uint_ge(now.free_blocks, info.free_blocks + first_size / fsv[v].block_size);
	}
	in = w_create(w.fs, "/again", 0644);
	n = model_add(&m, "again", 0100644);
	for (off = 0; off < first_size / 2; off += 1 << 16) {
		r = ext4_write(w.fs, in, off, buf, 1 << 16, 0);
		ck_assert_msg(r == 1 << 16, "refill at %llu: %ld (%s)", (unsigned long long)off, r,
			      ext4_strerror_detail(w.fs));
		model_write(n, off, buf, 1 << 16);
	}
	ext4_iput(in);
	/* inodes run out too */
	{
		struct ext4_inode *root = w_iget_path(w.fs, "/");
		struct ext4_new_inode ni = { .mode = 0100644, .uid = 1000, .gid = 100 };
		char name[32];
		int err = 0, i;

		for (i = 0; i < 1000000 && !err; i++) {
			snprintf(name, sizeof(name), "i%d", i);
			err = ext4_create(w.fs, root, name, strlen(name), &ni, NULL);
			if (!err)
				model_add(&m, name, 0100644);
		}
		ck_assert_int_eq(err, -ENOSPC);
		ext4_get_info(w.fs, &info);
		ck_assert_uint_eq(info.free_inodes, 0);
		for (int k = 0; k < i - 1; k += 2) {
			snprintf(name, sizeof(name), "i%d", k);
			ck_assert_int_eq(ext4_unlink(w.fs, root, name, strlen(name)), 0);
			model_del(&m, name);
		}
		ext4_iput(root);
	}
	free(buf);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

TCase *
data_tcase(void)
{
	TCase *tc = tcase_create("data");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_fragmented_tree, 0, F_COUNT);
	tcase_add_test(tc, test_deep_tree);
	tcase_add_loop_test(tc, test_truncate, 0, F_COUNT);
	tcase_add_loop_test(tc, test_fallocate, 0, F_COUNT);
	tcase_add_loop_test(tc, test_sparse_huge, 0, F_COUNT);
	tcase_add_loop_test(tc, test_get_blocks, 0, F_COUNT);
	tcase_add_loop_test(tc, test_enospc, 0, F_COUNT);
	return tc;
}
