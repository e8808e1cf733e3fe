/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: ext2/ext3 block maps (inodes without EXT4_EXTENTS_FL).
 *
 * i_block holds 15 little-endian block numbers: 12 direct blocks, then
 * the roots of a single, a double and a triple indirect tree. With
 * P = block_size / 4 pointers per block, logical block n is
 *   n < 12                 i_block[n]
 *   n < 12 + P             single[n - 12]
 *   n < 12 + P + P^2       double[(n - 12 - P) / P][... % P]
 *   n < 12 + P + P^2 + P^3 triple, likewise with three digits.
 * A zero pointer anywhere is a hole covering everything below it. The
 * returned run length counts equal-kind neighbours in the last pointer
 * array read (contiguous blocks, or more zeros), which keeps reads of
 * unfragmented files to one device read per indirect block.
 *
 * Writing: ext4_ind_set points a run of holes (all in one pointer array)
 * at new blocks, allocating the indirect blocks on the way; ext4_ind_remove
 * clears a range, freeing data blocks and every indirect block it empties.
 * Indirect blocks are metadata (journaled, revoked when freed), and count
 * in i_blocks like data. Removal walks depth first and may stop when the
 * running transaction is full: every pointer it cleared was cleared in
 * the same transaction as its block's free, so the map is consistent at
 * any stop, and the next call starts over and skips what is gone.
 */
#include "ext4_int.h"

#define DIRECT_BLOCKS	12

/* Length of the run starting at ptrs[i] (n pointers): contiguous or all zero. */
static uint64_t
run_length(const uint8_t *ptrs, uint32_t i, uint32_t n)
{
	uint32_t first = le32(ptrs + 4 * i), j;

	for (j = i + 1; j < n; j++) {
		uint32_t p = le32(ptrs + 4 * j);

		if (first ? p != first + (j - i) : p != 0)
			break;
	}
	return j - i;
}

/*
 * Split n (an offset into the level-deep tree) into one pointer index per
 * level, most significant first.
 */
static void
split_digits(uint64_t n, uint32_t per, unsigned int level, uint32_t *digits)
{
	for (unsigned int l = level; l > 0; l--) {
		digits[l - 1] = n % per;
		n /= per;
	}
}

/* A zero pointer at depth l: blocks from here to the end of what it covers. */
static uint64_t
hole_length(const uint32_t *digits, uint32_t per, unsigned int l, unsigned int level)
{
	uint64_t below = 1, pos = 0;

	for (unsigned int k = l; k < level; k++) {
		below *= per;
		pos = pos * per + digits[k];
	}
	return below - pos;
}

int
ext4_ind_map(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
	     uint64_t *pblk, uint64_t *count)
{
	uint32_t per = fs->block_size / 4, digits[3];
	uint64_t n = lblk, cover = 1, ptr;
	unsigned int level;
	int err;

	if (n < DIRECT_BLOCKS) {
		*pblk = le32(inode->raw + I_BLOCK + 4 * n);
		*count = run_length(inode->raw + I_BLOCK, (uint32_t)n, DIRECT_BLOCKS);
		goto check;
	}
	n -= DIRECT_BLOCKS;
	for (level = 1; level <= 3; level++) {	/* which tree: 1, 2 or 3 deep */
		cover *= per;
		if (n < cover)
			break;
		n -= cover;
	}
	if (level > 3) {	/* beyond what a block map can address */
		*pblk = 0;
		*count = 1;
		return 0;
	}
	split_digits(n, per, level, digits);
	ptr = le32(inode->raw + I_BLOCK + 4 * (DIRECT_BLOCKS - 1 + level));
	for (unsigned int l = 0; l < level; l++) {
		struct ext4_buf *b;

		if (!ptr) {
			*pblk = 0;
			*count = hole_length(digits, per, l, level);
			return 0;
		}
		if (!ext4_block_ok(fs, ptr, 1))
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: indirect block %llu out of range",
					inode->ino, (unsigned long long)ptr);
		err = ext4_bread(fs, ptr, &b);
		if (err)
			return err;
		ptr = le32(b->data + 4 * digits[l]);
		if (l == level - 1)
			*count = run_length(b->data, digits[l], per);
		ext4_brelse(fs, b);
	}
	*pblk = ptr;
check:
	if (*pblk && !ext4_block_ok(fs, *pblk, *count))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: data block %llu out of range",
				inode->ino, (unsigned long long)*pblk);
	return 0;
}

/* --- writing --- */

/* Which tree lblk falls in (0: direct) and its digits, most significant first. */
static unsigned int
ind_locate(const struct ext4_fs *fs, uint64_t lblk, uint32_t *digits, uint64_t *base)
{
	uint32_t per = fs->block_size / 4;
	uint64_t n = lblk, cover = 1;
	unsigned int level;

	*base = 0;
	if (n < DIRECT_BLOCKS)
		return 0;
	n -= DIRECT_BLOCKS;
	*base = DIRECT_BLOCKS;
	for (level = 1; level <= 3; level++) {
		cover *= per;
		if (n < cover)
			break;
		n -= cover;
		*base += cover;
	}
	if (level <= 3)
		split_digits(n, per, level, digits);
	return level;
}

uint64_t
ext4_ind_max_blocks(const struct ext4_fs *fs)
{
	uint64_t per = fs->block_size / 4;
	uint64_t max = DIRECT_BLOCKS + per + per * per + per * per * per;

	return max < (1ull << 32) ? max : (1ull << 32);
}

uint64_t
ext4_ind_span(const struct ext4_fs *fs, uint64_t lblk)
{
	uint32_t digits[3];
	uint64_t base;
	unsigned int level = ind_locate(fs, lblk, digits, &base);

	if (level == 0)
		return DIRECT_BLOCKS - lblk;
	return fs->block_size / 4 - digits[level - 1];
}

int
ext4_ind_set(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t count,
	     uint64_t pblk)
{
	uint32_t digits[3];
	uint64_t base;
	unsigned int level = ind_locate(fs, lblk, digits, &base);
	struct ext4_buf *parent = NULL;
	uint8_t *slot;
	int err = 0;

	if (level > 3 || count > ext4_ind_span(fs, lblk) || pblk + count > (1ull << 32))
		return ext4_abort(fs, -EFBIG, "ext4: inode %u: block %llu not mappable",
				  inode->ino, (unsigned long long)lblk);
	if (level == 0) {
		for (uint64_t k = 0; k < count; k++)
			put_le32(inode->raw + I_BLOCK + 4 * (lblk + k), (uint32_t)(pblk + k));
		return ext4_inode_write(fs, inode);
	}
	slot = inode->raw + I_BLOCK + 4 * (DIRECT_BLOCKS - 1 + level);
	for (unsigned int l = 0; l < level && !err; l++) {
		uint32_t ptr = le32(slot);
		struct ext4_buf *cur;

		if (!ptr) {	/* a missing indirect block */
			uint64_t nb, got;

			err = ext4_alloc_blocks(fs, pblk, 1, true, &nb, &got);
			if (!err)
				err = ext4_bget_new(fs, nb, &cur);
			if (err)
				break;
			cur->vkind = EXT4_V_IND;
			err = ext4_bdirty(fs, cur);
			ext4_inode_add_blocks(fs, inode, 1);
			put_le32(slot, (uint32_t)nb);
			if (!err)
				err = parent ? ext4_bdirty(fs, parent) : ext4_inode_write(fs, inode);
		} else if (!ext4_block_ok(fs, ptr, 1)) {
			err = ext4_err(fs, -EUCLEAN, "ext4: inode %u: indirect block %u out of range",
				       inode->ino, ptr);
			break;
		} else {
			err = ext4_bread(fs, ptr, &cur);
			if (err)
				break;
		}
		ext4_brelse(fs, parent);
		parent = cur;
		if (err)
			break;
		if (l == level - 1) {
			for (uint64_t k = 0; k < count; k++)
				put_le32(cur->data + 4 * (digits[l] + k), (uint32_t)(pblk + k));
			err = ext4_bdirty(fs, cur);
		} else {
			slot = cur->data + 4 * digits[l];
		}
	}
	ext4_brelse(fs, parent);
	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: block map update (%d)", inode->ino, err);
	return ext4_inode_write(fs, inode);
}

struct ind_clear_ctx {
	uint64_t start, end;
	bool progress, full;
};

static bool
all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Clear the pointers of array ptrs (n slots, each covering per^level
 * blocks from base on) that fall in [start, end); level 0 points at data.
 */
static int
ind_clear(struct ext4_fs *fs, struct ext4_inode *inode, uint8_t *ptrs, uint32_t n,
	  unsigned int level, uint64_t base, struct ind_clear_ctx *c, bool *changed)
{
	uint32_t per = fs->block_size / 4;
	uint64_t span = 1;
	int err;

	for (unsigned int l = 0; l < level; l++)
		span *= per;
	for (uint32_t k = 0; k < n; k++) {
		uint64_t lo = base + k * span, hi = lo + span;
		uint32_t p = le32(ptrs + 4 * k);
		struct ext4_buf *b;
		bool cch = false;

		if (lo >= c->end)
			break;
		if (hi <= c->start || !p)
			continue;
		if (c->progress && ext4_trans_full(fs)) {
			c->full = true;
			return 0;
		}
		if (level == 0) {	/* (a directory's blocks are metadata) */
			err = ext4_free_blocks(fs, p, 1, EXT4_ISDIR(inode->st.mode));
			if (err)
				return err;
			ext4_inode_add_blocks(fs, inode, -1);
			put_le32(ptrs + 4 * k, 0);
			*changed = c->progress = true;
			continue;
		}
		if (!ext4_block_ok(fs, p, 1))
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: indirect block %u out of range",
					inode->ino, p);
		err = ext4_bread(fs, p, &b);
		if (err)
			return err;
		err = ind_clear(fs, inode, b->data, per, level - 1, lo, c, &cch);
		if (!err && all_zero(b->data, fs->block_size)) {
			ext4_brelse(fs, b);
			err = ext4_free_blocks(fs, p, 1, true);
			if (err)
				return err;
			ext4_inode_add_blocks(fs, inode, -1);
			put_le32(ptrs + 4 * k, 0);
			*changed = c->progress = true;
		} else {
			if (!err && cch)
				err = ext4_bdirty(fs, b);
			ext4_brelse(fs, b);
			if (err)
				return err;
		}
		if (c->full)
			return 0;
	}
	return 0;
}

int
ext4_ind_remove(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t start, uint64_t end)
{
	struct ind_clear_ctx c = { .start = start, .end = end };
	uint32_t per = fs->block_size / 4;
	uint64_t base = 0, cover = 1;
	bool changed = false;
	int err;

	err = ind_clear(fs, inode, inode->raw + I_BLOCK, DIRECT_BLOCKS, 0, 0, &c, &changed);
	base = DIRECT_BLOCKS;
	for (unsigned int level = 1; level <= 3 && !err && !c.full; level++) {
		cover *= per;
		err = ind_clear(fs, inode, inode->raw + I_BLOCK + 4 * (DIRECT_BLOCKS - 1 + level), 1,
				level, base, &c, &changed);
		base += cover;
	}
	if (!err && changed)
		err = ext4_inode_write(fs, inode);
	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: block map removal (%d)", inode->ino,
				  err);
	return c.full ? 1 : 0;
}
