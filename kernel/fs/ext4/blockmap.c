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
		*pblk = le32(inode->i_block + 4 * n);
		*count = run_length(inode->i_block, (uint32_t)n, DIRECT_BLOCKS);
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
	ptr = le32(inode->i_block + 4 * (DIRECT_BLOCKS - 1 + level));
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
