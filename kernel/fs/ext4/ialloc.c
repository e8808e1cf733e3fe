/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: inode bitmaps, and choosing where a new inode goes.
 *
 * Placement works on flex groups (one group without flex_bg), in the
 * spirit of Linux's Orlov allocator: a directory made at the top of the
 * tree goes to the flex group with the fewest directories among those
 * with at least average free inodes and blocks, the search starting at a
 * rotating point so top-level trees spread over the disk; a deeper
 * directory stays in its parent's flex group while that has room, so a
 * subtree stays together; a file goes with its directory. Blocks then
 * follow their inode (balloc.c, ext4_inode_goal).
 *
 * A group never used may be INODE_UNINIT (bitmap never written: all
 * free) and its inode table may end in a never-initialised region
 * (bg_itable_unused inodes, possibly garbage unless ITABLE_ZEROED). The
 * first allocation initialises the bitmap (and the block bitmap, as Linux
 * does), and every allocation past the initialised region moves its
 * boundary, zeroing the slots in between first if the table was never
 * zeroed, so that e2fsck, which reads up to the boundary, sees only real
 * inodes or zeros.
 */
#include "ext4_int.h"

static bool
bit_test(const uint8_t *map, uint32_t i)
{
	return map[i >> 3] >> (i & 7) & 1;
}

static bool
inode_uninit(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_has_gd_csum(fs) &&
	       (le16(ext4_group_desc(fs, g) + BG_FLAGS) & BG_INODE_UNINIT);
}

static int
read_inode_bitmap(struct ext4_fs *fs, uint32_t g, struct ext4_buf **out)
{
	uint64_t blk = ext4_inode_bitmap_blk(fs, g);
	struct ext4_buf *b;
	int err;

	if (inode_uninit(fs, g)) {
		err = ext4_bget_new(fs, blk, &b);
		if (err)
			return err;
		for (uint32_t i = fs->inodes_per_group; i < fs->block_size * 8; i++)
			b->data[i >> 3] |= (uint8_t)(1u << (i & 7));
		b->vkind = EXT4_V_BITMAP;
		*out = b;
		return 0;
	}
	err = ext4_bread(fs, blk, &b);
	if (err)
		return err;
	if (b->vkind != EXT4_V_BITMAP) {
		if (!ext4_bitmap_csum_ok(fs, g, b->data, fs->inodes_per_group,
					 BG_INODE_BITMAP_CSUM_LO, BG_INODE_BITMAP_CSUM_HI)) {
			ext4_brelse(fs, b);
			return ext4_err(fs, -EUCLEAN, "ext4: group %u inode bitmap checksum mismatch",
					g);
		}
		b->vkind = EXT4_V_BITMAP;
	}
	*out = b;
	return 0;
}

static uint32_t
group_free_inodes(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_gd_count(fs, ext4_group_desc(fs, g), BG_FREE_INODES_LO, BG_FREE_INODES_HI);
}

/* The first group of flex group f with a free inode, or group_count. */
static uint32_t
flex_pick_group(const struct ext4_fs *fs, uint32_t f)
{
	uint32_t g = f << fs->log_flex, end = (f + 1) << fs->log_flex;

	if (end > fs->group_count || end < g)
		end = fs->group_count;
	for (; g < end; g++)
		if (group_free_inodes(fs, g))
			return g;
	return fs->group_count;
}

/* Orlov for directories: a spread-out flex group for top-level ones, else near the parent. */
static uint32_t
find_flex_dir(struct ext4_fs *fs, uint32_t parent_flex, bool top)
{
	uint32_t n = fs->flex_count, best = n;
	uint64_t avg_blocks = fs->free_blocks / n;
	uint32_t avg_inodes = fs->free_inodes / n, start;

	if (top) {
		start = (fs->orlov_rotor = fs->orlov_rotor * 1103515245u + 12345u) % n;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t f = (start + i) % n;

			if (fs->flex_free_inodes[f] < avg_inodes ||
			    fs->flex_free_blocks[f] < avg_blocks || !fs->flex_free_inodes[f])
				continue;
			if (best == n || fs->flex_dirs[f] < fs->flex_dirs[best])
				best = f;
		}
		if (best < n)
			return best;
	}
	/* near the parent: the first flex group with some room to grow */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t f = (parent_flex + i) % n;

		if (fs->flex_free_inodes[f] && fs->flex_free_inodes[f] >= avg_inodes / 4 &&
		    fs->flex_free_blocks[f] >= avg_blocks / 4)
			return f;
	}
	return parent_flex;
}

/* The group for a new inode of mode under dir. */
static uint32_t
find_group(struct ext4_fs *fs, struct ext4_inode *dir, uint16_t mode)
{
	uint32_t pg = (dir->ino - 1) / fs->inodes_per_group;
	uint32_t pf = pg >> fs->log_flex, g;

	if (EXT4_ISDIR(mode)) {
		uint32_t f = find_flex_dir(fs, pf, dir->ino == EXT4_ROOT_INO);

		g = flex_pick_group(fs, f);
		if (g < fs->group_count)
			return g;
	} else {
		if (group_free_inodes(fs, pg))
			return pg;
		g = flex_pick_group(fs, pf);
		if (g < fs->group_count)
			return g;
	}
	for (uint32_t i = 0; i < fs->group_count; i++) {	/* anywhere */
		g = (pg + i) % fs->group_count;
		if (group_free_inodes(fs, g))
			return g;
	}
	return fs->group_count;
}

/*
 * Zero the inode slots [from, to) of group g's table (counted from 0)
 * that were never initialised, a block at a time through the journal.
 */
static int
zero_itable_slots(struct ext4_fs *fs, uint32_t g, uint32_t from, uint32_t to)
{
	uint32_t per_block = fs->block_size / fs->inode_size;
	uint64_t table = ext4_inode_table_blk(fs, g);

	while (from < to) {
		uint32_t blk = from / per_block, first = from % per_block;
		uint32_t n = per_block - first;
		struct ext4_buf *b;
		int err;

		if (n > to - from)
			n = to - from;
		err = first == 0 && n == per_block ? ext4_bget_new(fs, table + blk, &b) :
						     ext4_bread(fs, table + blk, &b);
		if (err)
			return err;
		memset(b->data + (size_t)first * fs->inode_size, 0, (size_t)n * fs->inode_size);
		err = ext4_bdirty(fs, b);
		ext4_brelse(fs, b);
		if (err)
			return err;
		from += n;
	}
	return 0;
}

/* Take bit idx of group g (bitmap b): descriptor, counts, table boundary. */
static int
take_inode(struct ext4_fs *fs, uint32_t g, struct ext4_buf *b, uint32_t idx, bool isdir)
{
	uint8_t *d = ext4_group_desc(fs, g);
	uint32_t ipg = fs->inodes_per_group;
	int err;

	b->data[idx >> 3] |= (uint8_t)(1u << (idx & 7));
	ext4_bitmap_csum_set(fs, g, b->data, ipg, BG_INODE_BITMAP_CSUM_LO,
			     BG_INODE_BITMAP_CSUM_HI);
	err = ext4_bdirty(fs, b);
	if (err)
		return err;
	if (ext4_has_gd_csum(fs)) {
		uint16_t flags = le16(d + BG_FLAGS);
		uint32_t unused = ext4_gd_count(fs, d, BG_ITABLE_UNUSED_LO, BG_ITABLE_UNUSED_HI);
		uint32_t used = flags & BG_INODE_UNINIT ? 0 : ipg - (unused > ipg ? ipg : unused);

		if (flags & BG_BLOCK_UNINIT) {	/* Linux initialises both together */
			struct ext4_buf *bb;

			err = ext4_read_block_bitmap(fs, g, &bb);
			if (err)
				return err;
			err = ext4_block_bitmap_write(fs, g, bb);
			ext4_brelse(fs, bb);
			if (err)
				return err;
			flags = le16(d + BG_FLAGS);
		}
		if (idx >= used) {
			if (!(flags & BG_ITABLE_ZEROED)) {
				err = zero_itable_slots(fs, g, used, idx);
				if (err)
					return err;
			}
			ext4_gd_set_count(fs, d, BG_ITABLE_UNUSED_LO, BG_ITABLE_UNUSED_HI,
					  ipg - idx - 1);
		}
		put_le16(d + BG_FLAGS, flags & ~BG_INODE_UNINIT);
	}
	ext4_gd_set_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI,
			  ext4_gd_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI) - 1);
	fs->flex_free_inodes[g >> fs->log_flex]--;
	fs->free_inodes--;
	if (isdir) {
		ext4_gd_set_count(fs, d, BG_USED_DIRS_LO, BG_USED_DIRS_HI,
				  ext4_gd_count(fs, d, BG_USED_DIRS_LO, BG_USED_DIRS_HI) + 1);
		fs->flex_dirs[g >> fs->log_flex]++;
	}
	err = ext4_gd_dirty(fs, g);
	if (!err)
		err = ext4_sb_dirty(fs);
	return err;
}

int
ext4_ialloc(struct ext4_fs *fs, struct ext4_inode *dir, uint16_t mode, uint32_t *ino)
{
	uint32_t g0, ipg = fs->inodes_per_group;
	int err;

	if (!fs->free_inodes)
		return -ENOSPC;
	g0 = find_group(fs, dir, mode);
	if (g0 >= fs->group_count)
		return -ENOSPC;
	for (uint32_t i = 0; i < fs->group_count; i++) {
		uint32_t g = (g0 + i) % fs->group_count, idx = 0;
		struct ext4_buf *b;

		if (!group_free_inodes(fs, g))
			continue;
		err = read_inode_bitmap(fs, g, &b);
		if (err)
			return ext4_abort(fs, err, "ext4: inode allocation failed (%d)", err);
		if (g == 0)	/* the reserved inodes are never handed out */
			idx = fs->first_ino - 1;
		while (idx < ipg && bit_test(b->data, idx))
			idx++;
		if (idx >= ipg) {
			ext4_brelse(fs, b);
			return ext4_abort(fs, -EUCLEAN, "ext4: group %u: free inodes counted, none in the bitmap",
					  g);
		}
		err = take_inode(fs, g, b, idx, EXT4_ISDIR(mode));
		ext4_brelse(fs, b);
		if (err)
			return ext4_abort(fs, err, "ext4: inode allocation failed (%d)", err);
		*ino = g * ipg + idx + 1;
		return 0;
	}
	return ext4_abort(fs, -EUCLEAN, "ext4: %u inodes free by the counts, none found",
			  fs->free_inodes);
}

int
ext4_ifree(struct ext4_fs *fs, uint32_t ino, bool isdir)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group, idx = (ino - 1) % fs->inodes_per_group;
	uint8_t *d = ext4_group_desc(fs, g);
	struct ext4_buf *b;
	int err;

	err = read_inode_bitmap(fs, g, &b);
	if (err)
		return ext4_abort(fs, err, "ext4: cannot free inode %u (%d)", ino, err);
	if (!bit_test(b->data, idx)) {
		ext4_brelse(fs, b);
		return ext4_abort(fs, -EUCLEAN, "ext4: freeing free inode %u", ino);
	}
	b->data[idx >> 3] &= (uint8_t)~(1u << (idx & 7));
	ext4_bitmap_csum_set(fs, g, b->data, fs->inodes_per_group, BG_INODE_BITMAP_CSUM_LO,
			     BG_INODE_BITMAP_CSUM_HI);
	err = ext4_bdirty(fs, b);
	ext4_brelse(fs, b);
	if (err)
		return err;
	ext4_gd_set_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI,
			  ext4_gd_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI) + 1);
	fs->flex_free_inodes[g >> fs->log_flex]++;
	fs->free_inodes++;
	if (isdir) {
		ext4_gd_set_count(fs, d, BG_USED_DIRS_LO, BG_USED_DIRS_HI,
				  ext4_gd_count(fs, d, BG_USED_DIRS_LO, BG_USED_DIRS_HI) - 1);
		fs->flex_dirs[g >> fs->log_flex]--;
	}
	err = ext4_gd_dirty(fs, g);
	if (!err)
		err = ext4_sb_dirty(fs);
	return err;
}
