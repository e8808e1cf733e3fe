/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: extent trees (inodes with EXT4_EXTENTS_FL).
 *
 * The root node sits in i_block (60 bytes: a 12-byte header and up to 4
 * entries); deeper nodes fill whole blocks and end in a crc32c tail with
 * metadata_csum. Every node has a header {magic 0xF30A, entries, max,
 * depth, generation}; index nodes (depth > 0) hold {first logical block,
 * child block lo32, child hi16}, leaves hold {first logical block, length,
 * start hi16, start lo32}. A length above 32768 marks an unwritten extent
 * of length - 32768, which reads as zeros.
 *
 * Lookup walks down one path, keeping the exclusive end of the logical
 * range the current subtree may cover, so a miss can report how long the
 * hole is. Every node is checked before use: magic, entries <= max, max
 * fits the node, depth is exactly one less than the parent's, keys strictly
 * increasing, extents inside the device and not overlapping.
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"

#define EXT_MAGIC		0xF30A
#define EXT_HDR_SIZE		12
#define EXT_ENTRY_SIZE		12
#define EXT_MAX_DEPTH		5
#define EXT_INIT_MAX_LEN	32768u

struct ext_hdr {
	uint16_t entries, max, depth;
};

static uint32_t
ext_len(const uint8_t *e, bool *unwritten)
{
	uint32_t len = le16(e + 4);

	*unwritten = len > EXT_INIT_MAX_LEN;
	return *unwritten ? len - EXT_INIT_MAX_LEN : len;
}

static uint64_t
ext_start(const uint8_t *e)
{
	return (uint64_t)le16(e + 6) << 32 | le32(e + 8);
}

static uint64_t
idx_child(const uint8_t *e)
{
	return (uint64_t)le16(e + 8) << 32 | le32(e + 4);
}

/* Check a node's header and entries; size is the bytes the node may use. */
static int
check_node(struct ext4_fs *fs, const struct ext4_inode *inode, const uint8_t *node,
	   size_t size, struct ext_hdr *h)
{
	uint32_t ino = inode->ino;
	uint64_t prev_end = 0;

	if (le16(node) != EXT_MAGIC)
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: bad extent header magic", ino);
	h->entries = le16(node + 2);
	h->max = le16(node + 4);
	h->depth = le16(node + 6);
	if (h->depth > EXT_MAX_DEPTH || h->entries > h->max ||
	    h->max > (size - EXT_HDR_SIZE) / EXT_ENTRY_SIZE)
		return ext4_err(fs, -EUCLEAN,
				"ext4: inode %u: bad extent header (entries %u max %u depth %u)",
				ino, h->entries, h->max, h->depth);
	for (uint32_t i = 0; i < h->entries; i++) {
		const uint8_t *e = node + EXT_HDR_SIZE + i * EXT_ENTRY_SIZE;
		uint64_t first = le32(e);
		bool unwritten;

		if (i && first < prev_end)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: extent entries out of order",
					ino);
		if (h->depth) {
			if (!ext4_block_ok(fs, idx_child(e), 1))
				return ext4_err(fs, -EUCLEAN,
						"ext4: inode %u: extent index block out of range", ino);
			prev_end = first + 1;
			continue;
		}
		uint32_t len = ext_len(e, &unwritten);

		if (!len || !ext4_block_ok(fs, ext_start(e), len))
			return ext4_err(fs, -EUCLEAN,
					"ext4: inode %u: extent at block %llu out of range",
					ino, (unsigned long long)first);
		prev_end = first + len;
	}
	if (prev_end > (1ull << 32))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: extent past 2^32 blocks", ino);
	return 0;
}

/* Check a tree block (once per read from disk): structure and checksum. */
static int
check_block(struct ext4_fs *fs, const struct ext4_inode *inode, struct ext4_buf *b,
	    struct ext_hdr *h)
{
	const uint8_t *d = b->data;
	uint32_t tail;
	int err;

	if (b->vkind == EXT4_V_EXTENT && b->vseed == inode->csum_seed) {
		h->entries = le16(d + 2);
		h->max = le16(d + 4);
		h->depth = le16(d + 6);
		return 0;
	}
	/* Checksum first (if the header says where the tail is): it names the cause. */
	tail = EXT_HDR_SIZE + le16(d + 4) * EXT_ENTRY_SIZE;
	if (fs->csum && le16(d) == EXT_MAGIC && tail + 4 <= fs->block_size &&
	    crc32c_update(inode->csum_seed, d, tail) != le32(d + tail))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: extent block %llu checksum mismatch",
				inode->ino, (unsigned long long)b->blk);
	err = check_node(fs, inode, d, fs->block_size, h);
	if (err)
		return err;
	if (fs->csum && tail + 4 > fs->block_size)
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: no room for extent checksum",
				inode->ino);
	b->vkind = EXT4_V_EXTENT;
	b->vseed = inode->csum_seed;
	return 0;
}

/* Index of the last entry whose first block is <= lblk, or -1. */
static int
node_search(const uint8_t *node, uint32_t entries, uint32_t lblk)
{
	int lo = 0, hi = (int)entries - 1, found = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (le32(node + EXT_HDR_SIZE + mid * EXT_ENTRY_SIZE) <= lblk) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

static uint64_t
next_key(const uint8_t *node, struct ext_hdr *h, int i, uint64_t bound)
{
	if (i + 1 < (int)h->entries)
		return le32(node + EXT_HDR_SIZE + (i + 1) * EXT_ENTRY_SIZE);
	return bound;
}

int
ext4_ext_map(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
	     uint64_t *pblk, uint64_t *count)
{
	const uint8_t *node = inode->i_block;
	uint64_t bound = 1ull << 32;	/* end of what this subtree may cover */
	struct ext4_buf *b = NULL;
	struct ext_hdr h;
	int err, i;

	err = check_node(fs, inode, node, sizeof(inode->i_block), &h);
	if (err)
		return err;
	for (;;) {
		const uint8_t *e;

		i = node_search(node, h.entries, lblk);
		if (i < 0) {	/* before the first entry, or an empty node */
			*pblk = 0;
			*count = next_key(node, &h, -1, bound) - lblk;
			break;
		}
		e = node + EXT_HDR_SIZE + i * EXT_ENTRY_SIZE;
		if (h.depth == 0) {
			bool unwritten;
			uint32_t len = ext_len(e, &unwritten);

			if ((uint64_t)lblk < (uint64_t)le32(e) + len) {
				*pblk = unwritten ? 0 : ext_start(e) + (lblk - le32(e));
				*count = (uint64_t)le32(e) + len - lblk;
			} else {
				*pblk = 0;
				*count = next_key(node, &h, i, bound) - lblk;
			}
			break;
		}
		/* Down one level into the child of entry i. */
		uint16_t depth = h.depth;
		struct ext4_buf *child;

		bound = next_key(node, &h, i, bound);
		err = ext4_bread(fs, idx_child(e), &child);
		if (!err)
			err = check_block(fs, inode, child, &h);
		if (!err && h.depth != depth - 1)
			err = ext4_err(fs, -EUCLEAN, "ext4: inode %u: extent depth %u under %u",
				       inode->ino, h.depth, depth);
		ext4_brelse(fs, b);
		b = child;
		if (err)
			break;
		node = b->data;
	}
	ext4_brelse(fs, b);
	return err;
}
