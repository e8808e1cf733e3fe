/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: block bitmaps, block allocation and freeing.
 *
 * Each group has a bitmap block, one bit per block of the group. With
 * group descriptor checksums, a group never used yet may be marked
 * BLOCK_UNINIT: its bitmap block was never written and its contents are
 * implied (the group's superblock copy and descriptor table, plus the
 * bitmaps and inode tables flex_bg packed into it). Such a bitmap is
 * built in memory when needed and written, with the flag cleared, at the
 * first allocation. Every bitmap change updates the bitmap's crc32c in
 * the descriptor (metadata_csum), the descriptor's free count and
 * checksum, the flex group summary and the superblock total.
 *
 * Allocation is first fit from a goal: the block after the file's last
 * one, or the start of the inode's flex group (directories and special
 * files in its first group, regular files from the second, as Linux
 * lays them out), scanning forward group by group and skipping full
 * groups by their free counts. A run never crosses a group.
 *
 * Freed blocks are not returned to the bitmaps at once: they wait in the
 * running transaction (ext4_free_blocks) and go back when it commits
 * (ext4_free_apply). Until then nothing can reuse them, so a crash can
 * never leave a block owned by the file it was freed from (in the last
 * committed state) and holding another file's new data.
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define ALLOC_RUN_WANT	2048	/* a request looks this far for a run that fits it */

static bool
bit_test(const uint8_t *map, uint32_t i)
{
	return map[i >> 3] >> (i & 7) & 1;
}

static void
bit_set(uint8_t *map, uint32_t i)
{
	map[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static void
bit_clear(uint8_t *map, uint32_t i)
{
	map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

uint32_t
ext4_bitmap_csum(const struct ext4_fs *fs, const uint8_t *bitmap, uint32_t nbits)
{
	return crc32c_update(fs->csum_seed, bitmap, nbits / 8);
}

/* Store a bitmap's checksum in its descriptor fields lo/hi. */
void
ext4_bitmap_csum_set(struct ext4_fs *fs, uint32_t g, const uint8_t *bitmap, uint32_t nbits,
		     unsigned int lo, unsigned int hi)
{
	uint8_t *d = ext4_group_desc(fs, g);
	uint32_t c;

	if (!fs->csum)
		return;
	c = ext4_bitmap_csum(fs, bitmap, nbits);
	put_le16(d + lo, (uint16_t)c);
	if (fs->desc_size >= 64)
		put_le16(d + hi, (uint16_t)(c >> 16));
}

/* Whether a bitmap's checksum in its descriptor matches. */
bool
ext4_bitmap_csum_ok(const struct ext4_fs *fs, uint32_t g, const uint8_t *bitmap, uint32_t nbits,
		    unsigned int lo, unsigned int hi)
{
	const uint8_t *d = ext4_group_desc(fs, g);
	uint32_t c = ext4_bitmap_csum(fs, bitmap, nbits), want = le16(d + lo);

	if (!fs->csum)
		return true;
	if (fs->desc_size >= 64)
		want |= (uint32_t)le16(d + hi) << 16;
	else
		c &= 0xFFFF;
	return c == want;
}

/* Mark in map the blocks of [blk, blk + n) that fall in group g. */
static void
mark_range(const struct ext4_fs *fs, uint8_t *map, uint32_t g, uint64_t blk, uint64_t n)
{
	uint64_t start = ext4_group_first_block(fs, g), end = start + ext4_group_blocks(fs, g);

	for (uint64_t b = blk; b < blk + n; b++)
		if (b >= start && b < end)
			bit_set(map, (uint32_t)(b - start));
}

/*
 * The implied bitmap of a BLOCK_UNINIT group: its superblock copy and
 * descriptor blocks, and any group's bitmaps and inode table placed in it;
 * past the group's last block (and the bitmap's meaningful bits) all set,
 * as mke2fs pads them.
 */
static void
init_block_bitmap(const struct ext4_fs *fs, uint32_t g, uint8_t *map)
{
	uint32_t n = ext4_group_sb_blocks(fs, g);

	memset(map, 0, fs->block_size);
	for (uint32_t i = 0; i < n; i++)
		bit_set(map, i);
	for (uint32_t h = 0; h < fs->group_count; h++) {
		mark_range(fs, map, g, ext4_block_bitmap_blk(fs, h), 1);
		mark_range(fs, map, g, ext4_inode_bitmap_blk(fs, h), 1);
		mark_range(fs, map, g, ext4_inode_table_blk(fs, h), fs->itable_blocks);
	}
	for (uint32_t i = ext4_group_blocks(fs, g); i < fs->block_size * 8; i++)
		bit_set(map, i);
}

static bool
block_uninit(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_has_gd_csum(fs) &&
	       (le16(ext4_group_desc(fs, g) + BG_FLAGS) & BG_BLOCK_UNINIT);
}

int
ext4_read_block_bitmap(struct ext4_fs *fs, uint32_t g, struct ext4_buf **out)
{
	uint64_t blk = ext4_block_bitmap_blk(fs, g);
	struct ext4_buf *b;
	int err;

	if (block_uninit(fs, g)) {
		err = ext4_bget_new(fs, blk, &b);
		if (err)
			return err;
		init_block_bitmap(fs, g, b->data);
		b->vkind = EXT4_V_BITMAP;
		*out = b;
		return 0;
	}
	err = ext4_bread(fs, blk, &b);
	if (err)
		return err;
	if (b->vkind != EXT4_V_BITMAP) {
		if (!ext4_bitmap_csum_ok(fs, g, b->data, fs->blocks_per_group,
					 BG_BLOCK_BITMAP_CSUM_LO, BG_BLOCK_BITMAP_CSUM_HI) ||
		    (ext4_group_has_super(fs, g) && !bit_test(b->data, 0))) {
			ext4_brelse(fs, b);
			return ext4_err(fs, -EUCLEAN, "ext4: group %u block bitmap is corrupt", g);
		}
		b->vkind = EXT4_V_BITMAP;
	}
	*out = b;
	return 0;
}

/* After bits of group g's block bitmap b changed by delta free blocks. */
static int
block_bitmap_changed(struct ext4_fs *fs, uint32_t g, struct ext4_buf *b, int64_t delta)
{
	uint8_t *d = ext4_group_desc(fs, g);
	uint32_t free = ext4_gd_count(fs, d, BG_FREE_BLOCKS_LO, BG_FREE_BLOCKS_HI);
	int err;

	if (block_uninit(fs, g))
		put_le16(d + BG_FLAGS, le16(d + BG_FLAGS) & ~BG_BLOCK_UNINIT);
	ext4_gd_set_count(fs, d, BG_FREE_BLOCKS_LO, BG_FREE_BLOCKS_HI,
			  (uint32_t)((int64_t)free + delta));
	fs->flex_free_blocks[g >> fs->log_flex] += (uint64_t)delta;
	fs->free_blocks += (uint64_t)delta;
	ext4_bitmap_csum_set(fs, g, b->data, fs->blocks_per_group, BG_BLOCK_BITMAP_CSUM_LO,
			     BG_BLOCK_BITMAP_CSUM_HI);
	err = ext4_bdirty(fs, b);
	if (!err)
		err = ext4_gd_dirty(fs, g);
	if (!err)
		err = ext4_sb_dirty(fs);
	return err;
}

int
ext4_block_bitmap_write(struct ext4_fs *fs, uint32_t g, struct ext4_buf *b)
{
	return block_bitmap_changed(fs, g, b, 0);
}

/* The first clear bit of map in [from, to), or to. Skips full bytes. */
static uint32_t
find_zero(const uint8_t *map, uint32_t from, uint32_t to)
{
	uint32_t i = from;

	while (i < to) {
		if (!(i & 7) && map[i >> 3] == 0xFF) {
			i += 8;
			continue;
		}
		if (!bit_test(map, i))
			return i;
		i++;
	}
	return to;
}

/*
 * In group g, bits [from, to): find the first free run of at least want
 * blocks (want 1: any), take up to max blocks of it. 1 taken, 0 none.
 */
static int
alloc_in_group(struct ext4_fs *fs, uint32_t g, uint32_t from, uint32_t to, uint64_t want,
	       uint64_t max, uint64_t *pblk, uint64_t *count)
{
	struct ext4_buf *b;
	uint32_t bit, n = 0;
	int err;

	err = ext4_read_block_bitmap(fs, g, &b);
	if (err)
		return err;
	for (bit = find_zero(b->data, from, to); bit < to; bit = find_zero(b->data, bit + n, to)) {
		for (n = 0; bit + n < ext4_group_blocks(fs, g) && n < max &&
			    !bit_test(b->data, bit + n); n++)
			;
		if (n >= want || n == max)
			break;
	}
	if (bit >= to) {
		ext4_brelse(fs, b);
		return 0;
	}
	for (uint32_t i = 0; i < n; i++)
		bit_set(b->data, bit + i);
	err = block_bitmap_changed(fs, g, b, -(int64_t)n);
	ext4_brelse(fs, b);
	if (err)
		return err;
	*pblk = ext4_group_first_block(fs, g) + bit;
	*count = n;
	return 1;
}

/* One sweep over the groups from goal, for runs of at least want blocks. */
static int
alloc_sweep(struct ext4_fs *fs, uint64_t goal, uint64_t want, uint64_t max, uint64_t *pblk,
	    uint64_t *count)
{
	uint32_t g0 = ext4_group_of_block(fs, goal);
	uint32_t start = (uint32_t)(goal - ext4_group_first_block(fs, g0));

	for (uint32_t i = 0; i <= fs->group_count; i++) {
		uint32_t g = (g0 + i) % fs->group_count;
		uint32_t from = i == 0 ? start : 0;
		uint32_t to = i == fs->group_count ? start : ext4_group_blocks(fs, g);
		const uint8_t *d = ext4_group_desc(fs, g);
		int r;

		if (ext4_gd_count(fs, d, BG_FREE_BLOCKS_LO, BG_FREE_BLOCKS_HI) < want || from >= to)
			continue;
		r = alloc_in_group(fs, g, from, to, want, max, pblk, count);
		if (r)
			return r;
	}
	return 0;
}

int
ext4_alloc_blocks(struct ext4_fs *fs, uint64_t goal, uint64_t max, bool root,
		  uint64_t *pblk, uint64_t *count)
{
	uint64_t reserve = root ? 0 : fs->r_blocks;
	uint32_t g0, start;
	int r;

	if (fs->free_blocks <= reserve)
		return -ENOSPC;
	if (!max)
		max = 1;
	if (max > fs->free_blocks - reserve)
		max = fs->free_blocks - reserve;
	if (goal <= fs->first_data_block || goal >= fs->blocks_count)
		goal = fs->first_data_block;
	/*
	 * Right at the goal (a file growing in place) if it is free, else
	 * the first run long enough for the request (up to a limit), else
	 * the first free block at all.
	 */
	g0 = ext4_group_of_block(fs, goal);
	start = (uint32_t)(goal - ext4_group_first_block(fs, g0));
	r = alloc_in_group(fs, g0, start, start + 1, 1, max, pblk, count);
	if (!r && max > 1)
		r = alloc_sweep(fs, goal, max < ALLOC_RUN_WANT ? max : ALLOC_RUN_WANT, max, pblk,
				count);
	if (!r)
		r = alloc_sweep(fs, goal, 1, max, pblk, count);
	if (r < 0)
		return ext4_abort(fs, r, "ext4: block allocation failed (%d)", r);
	if (r)
		return 0;
	return ext4_abort(fs, -EUCLEAN,
			  "ext4: %llu blocks free by the counts, none in the bitmaps",
			  (unsigned long long)fs->free_blocks);
}

int
ext4_free_blocks(struct ext4_fs *fs, uint64_t blk, uint64_t count, bool metadata)
{
	struct ext4_trans *t = &fs->trans;
	uint32_t g0, g1;

	if (!count)
		return 0;
	if (!ext4_block_ok(fs, blk, count))
		return ext4_abort(fs, -EUCLEAN, "ext4: freeing blocks %llu+%llu out of range",
				  (unsigned long long)blk, (unsigned long long)count);
	if (metadata) {
		for (uint64_t i = 0; i < count; i++) {
			ext4_bforget(fs, blk + i);
			if (fs->j) {
				int err = ext4_revoke(fs, blk + i);

				if (err)
					return err;
			}
		}
	}
	g0 = ext4_group_of_block(fs, blk);
	g1 = ext4_group_of_block(fs, blk + count - 1);
	t->free_blocks += count;
	if (t->nfrees && t->frees[t->nfrees - 1].blk + t->frees[t->nfrees - 1].count == blk &&
	    ext4_group_of_block(fs, blk - 1) == g0) {
		t->frees[t->nfrees - 1].count += count;
		t->free_groups += g1 - g0;
		return 0;
	}
	if (t->nfrees == t->fcap) {
		uint32_t ncap = t->fcap ? t->fcap * 2 : 64;
		struct ext4_run *r = krealloc(t->frees, ncap * sizeof(*r));

		if (!r)
			return ext4_abort(fs, -ENOMEM, "ext4: out of memory freeing blocks");
		t->frees = r;
		t->fcap = ncap;
	}
	t->frees[t->nfrees].blk = blk;
	t->frees[t->nfrees].count = count;
	t->nfrees++;
	t->free_groups += g1 - g0 + 1;
	return 0;
}

/* Clear n bits of group g from bit; all must have been set. */
static int
free_in_group(struct ext4_fs *fs, uint32_t g, uint32_t bit, uint32_t n)
{
	struct ext4_buf *b;
	int err;

	err = ext4_read_block_bitmap(fs, g, &b);
	if (err)
		return err;
	for (uint32_t i = bit; i < bit + n; i++) {
		if (!bit_test(b->data, i)) {
			ext4_brelse(fs, b);
			return ext4_err(fs, -EUCLEAN, "ext4: freeing free block %llu",
					(unsigned long long)(ext4_group_first_block(fs, g) + i));
		}
		bit_clear(b->data, i);
	}
	err = block_bitmap_changed(fs, g, b, n);
	ext4_brelse(fs, b);
	return err;
}

int
ext4_free_apply(struct ext4_fs *fs)
{
	struct ext4_trans *t = &fs->trans;
	int err = 0;

	for (uint32_t i = 0; i < t->nfrees && !err; i++) {
		uint64_t blk = t->frees[i].blk, left = t->frees[i].count;

		while (left && !err) {
			uint32_t g = ext4_group_of_block(fs, blk);
			uint32_t bit = (uint32_t)(blk - ext4_group_first_block(fs, g));
			uint32_t n = ext4_group_blocks(fs, g) - bit;

			if (n > left)
				n = (uint32_t)left;
			err = free_in_group(fs, g, bit, n);
			blk += n;
			left -= n;
		}
	}
	t->nfrees = 0;
	t->free_blocks = 0;
	t->free_groups = 0;
	return err;
}

uint64_t
ext4_inode_goal(struct ext4_fs *fs, const struct ext4_inode *inode)
{
	uint32_t g = (inode->ino - 1) / fs->inodes_per_group;

	if (inode->goal && inode->goal < fs->blocks_count)
		return inode->goal;
	if (fs->log_flex >= 2) {
		g &= ~((1u << fs->log_flex) - 1);
		if ((inode->st.mode & EXT4_S_IFMT) == EXT4_S_IFREG && g + 1 < fs->group_count)
			g++;
	}
	return ext4_group_first_block(fs, g);
}
