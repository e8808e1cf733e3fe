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
 *
 * Changes work on a path (root .. leaf) and keep these invariants, which
 * e2fsck checks: every index key equals the first key of its child; no
 * node but the root is empty; leaves hold non-overlapping extents in
 * order; a node's checksum tail is rewritten with every change. Two
 * primitives do all the work:
 *   ext4_ext_insert  map a hole: merge with a neighbour extent in the
 *                    leaf if contiguous, else insert; a full node is split
 *                    (a new sibling takes the upper half, or nothing when
 *                    appending, so sequential files keep full leaves) and
 *                    a full root moves into a new block, one level deeper;
 *                    after each structural change the path is walked
 *                    again, so every case reduces to "the leaf has room";
 *   ext4_ext_remove  unmap a range: trim, drop or split extents (a split
 *                    inserts the right part), free emptied nodes, and at
 *                    the end pull a lone small child back into the root
 *                    (the tree shrinks in depth).
 * Converting an unwritten range is a remove (keeping the blocks) followed
 * by an insert of the written extent, which merges with its neighbours.
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

/* Map lblk: *pblk 0 for a hole; unwritten extents report their blocks and *unwritten. */
static int
ext_lookup(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, uint64_t *pblk,
	   uint64_t *count, bool *unwritten)
{
	const uint8_t *node = inode->raw + I_BLOCK;
	uint64_t bound = 1ull << 32;	/* end of what this subtree may cover */
	struct ext4_buf *b = NULL;
	struct ext_hdr h;
	int err, i;

	*unwritten = false;
	err = check_node(fs, inode, node, EXT4_IBLOCK_SIZE, &h);
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
			uint32_t len = ext_len(e, unwritten);

			if ((uint64_t)lblk < (uint64_t)le32(e) + len) {
				*pblk = ext_start(e) + (lblk - le32(e));
				*count = (uint64_t)le32(e) + len - lblk;
			} else {
				*unwritten = false;
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

int
ext4_ext_map(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
	     uint64_t *pblk, uint64_t *count)
{
	bool unwritten;
	int err = ext_lookup(fs, inode, lblk, pblk, count, &unwritten);

	if (!err && unwritten)
		*pblk = 0;
	return err;
}

int
ext4_ext_lookup(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
		struct ext4_map *map)
{
	map->new = false;
	return ext_lookup(fs, inode, lblk, &map->pblk, &map->count, &map->unwritten);
}

/* --- changing the tree --- */

#define EXT_ROOT_MAX	((EXT4_IBLOCK_SIZE - EXT_HDR_SIZE) / EXT_ENTRY_SIZE)
#define EXT_MAX_LEN(unw)	((unw) ? EXT_INIT_MAX_LEN - 1 : EXT_INIT_MAX_LEN)

struct ext_level {
	uint8_t *node;		/* header of the node */
	struct ext4_buf *b;	/* NULL for the root (in the inode) */
	int idx;		/* entry followed or found; -1: before the first */
	uint16_t entries, max, depth;
};

struct ext_path {
	struct ext_level l[EXT_MAX_DEPTH + 1];	/* [0] root .. [depth] leaf */
	int depth;
	uint32_t key;		/* the block the walk was for */
};

struct ext_rec {
	uint32_t lblk, len;
	uint64_t pblk;
	bool unw;
};

static uint8_t *
ent(uint8_t *node, int i)
{
	return node + EXT_HDR_SIZE + i * EXT_ENTRY_SIZE;
}

static struct ext_rec
rec_get(const uint8_t *e)
{
	struct ext_rec r;

	r.lblk = le32(e);
	r.len = ext_len(e, &r.unw);
	r.pblk = ext_start(e);
	return r;
}

static void
rec_put(uint8_t *e, struct ext_rec r)
{
	put_le32(e, r.lblk);
	put_le16(e + 4, (uint16_t)(r.unw ? r.len + EXT_INIT_MAX_LEN : r.len));
	put_le16(e + 6, (uint16_t)(r.pblk >> 32));
	put_le32(e + 8, (uint32_t)r.pblk);
}

static void
idx_put(uint8_t *e, uint32_t lblk, uint64_t child)
{
	put_le32(e, lblk);
	put_le32(e + 4, (uint32_t)child);
	put_le16(e + 8, (uint16_t)(child >> 32));
	put_le16(e + 10, 0);
}

static void
hdr_put(uint8_t *node, uint16_t entries, uint16_t max, uint16_t depth)
{
	put_le16(node, EXT_MAGIC);
	put_le16(node + 2, entries);
	put_le16(node + 4, max);
	put_le16(node + 6, depth);
	put_le32(node + 8, 0);
}

static void
set_entries(struct ext_level *lv, uint16_t n)
{
	lv->entries = n;
	put_le16(lv->node + 2, n);
}

void
ext4_ext_init_root(struct ext4_inode *inode)
{
	memset(inode->raw + I_BLOCK, 0, EXT4_IBLOCK_SIZE);
	hdr_put(inode->raw + I_BLOCK, 0, EXT_ROOT_MAX, 0);
}

/* An extent block's checksum tail follows its max entries. */
static void
block_csum_set(struct ext4_fs *fs, struct ext4_inode *inode, uint8_t *node)
{
	uint32_t tail = EXT_HDR_SIZE + le16(node + 4) * EXT_ENTRY_SIZE;

	if (fs->csum)
		put_le32(node + tail, crc32c_update(inode->csum_seed, node, tail));
}

/* A changed node goes to the transaction (the root with its inode). */
static int
level_dirty(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_level *lv)
{
	if (!lv->b)
		return ext4_inode_write(fs, inode);
	block_csum_set(fs, inode, lv->node);
	lv->b->vkind = EXT4_V_EXTENT;
	lv->b->vseed = inode->csum_seed;
	return ext4_bdirty(fs, lv->b);
}

static void
path_release(struct ext4_fs *fs, struct ext_path *p)
{
	for (int l = 1; l <= p->depth; l++) {
		ext4_brelse(fs, p->l[l].b);
		p->l[l].b = NULL;
	}
}

/* Walk from the root to the leaf that holds (or would hold) lblk. */
static int
path_find(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, struct ext_path *p)
{
	struct ext_hdr h;
	int err;

	memset(p, 0, sizeof(*p));
	p->l[0].node = inode->raw + I_BLOCK;
	err = check_node(fs, inode, p->l[0].node, EXT4_IBLOCK_SIZE, &h);
	if (err)
		return err;
	p->depth = h.depth;
	for (int l = 0;; l++) {
		struct ext_level *lv = &p->l[l];
		struct ext4_buf *b;

		lv->entries = h.entries;
		lv->max = h.max;
		lv->depth = h.depth;
		lv->idx = node_search(lv->node, h.entries, lblk);
		if (l == p->depth)
			return 0;
		if (!h.entries) {
			path_release(fs, p);
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: empty extent index",
					inode->ino);
		}
		if (lv->idx < 0)
			lv->idx = 0;
		err = ext4_bread(fs, idx_child(ent(lv->node, lv->idx)), &b);
		if (!err) {
			err = check_block(fs, inode, b, &h);
			if (!err && h.depth != lv->depth - 1)
				err = ext4_err(fs, -EUCLEAN, "ext4: inode %u: extent depth %u under %u",
					       inode->ino, h.depth, lv->depth);
			if (err)
				ext4_brelse(fs, b);
		}
		if (err) {
			path_release(fs, p);
			return err;
		}
		p->l[l + 1].b = b;
		p->l[l + 1].node = b->data;
	}
}

/* Node l's first key changed: make the index keys above it equal again. */
static int
fix_keys(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, int l)
{
	for (; l > 0; l--) {
		struct ext_level *up = &p->l[l - 1];
		uint32_t key = le32(ent(p->l[l].node, 0));
		uint8_t *e = ent(up->node, up->idx);
		int err;

		if (le32(e) == key)
			return 0;
		put_le32(e, key);
		err = level_dirty(fs, inode, up);
		if (err || up->idx)
			return err;
	}
	return 0;
}

/* A new tree block near goal, counted in i_blocks. */
static int
new_tree_block(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t goal, struct ext4_buf **out)
{
	uint64_t blk, n;
	int err;

	err = ext4_alloc_blocks(fs, goal, 1, true, &blk, &n);
	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: no block for the extent tree (%d)",
				  inode->ino, err);
	err = ext4_bget_new(fs, blk, out);
	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: extent block (%d)", inode->ino, err);
	ext4_inode_add_blocks(fs, inode, 1);
	return 0;
}

static uint16_t
block_max(const struct ext4_fs *fs)
{
	return (uint16_t)((fs->block_size - EXT_HDR_SIZE) / EXT_ENTRY_SIZE);
}

/* The root is full: move its entries into a new block one level down. */
static int
grow_root(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, uint64_t goal)
{
	struct ext_level *root = &p->l[0];
	struct ext4_buf *b;
	int err;

	if (root->depth >= EXT_MAX_DEPTH)
		return ext4_abort(fs, -EFBIG, "ext4: inode %u: extent tree too deep", inode->ino);
	err = new_tree_block(fs, inode, goal, &b);
	if (err)
		return err;
	hdr_put(b->data, root->entries, block_max(fs), root->depth);
	memcpy(ent(b->data, 0), ent(root->node, 0), (size_t)root->entries * EXT_ENTRY_SIZE);
	block_csum_set(fs, inode, b->data);
	b->vkind = EXT4_V_EXTENT;
	b->vseed = inode->csum_seed;
	err = ext4_bdirty(fs, b);
	if (!err) {
		uint32_t key = le32(ent(root->node, 0));

		memset(root->node, 0, EXT4_IBLOCK_SIZE);
		hdr_put(root->node, 1, EXT_ROOT_MAX, root->depth + 1);
		idx_put(ent(root->node, 0), key, b->blk);
		err = ext4_inode_write(fs, inode);
	}
	ext4_brelse(fs, b);
	return err;
}

/*
 * Make room in the full node at level l of p (whose walk was for key):
 * split it, or grow the root. The caller walks the tree again afterwards
 * (this may only have made room in a parent).
 */
static int
make_room(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, int l,
	  uint64_t goal)
{
	struct ext_level *lv = &p->l[l], *up;
	uint16_t n = lv->entries, k;
	struct ext4_buf *b;
	uint32_t key;
	int err;

	if (l == 0)
		return grow_root(fs, inode, p, goal);
	up = &p->l[l - 1];
	if (up->entries >= up->max)
		return make_room(fs, inode, p, l - 1, goal);
	/* appending past the last entry: a new empty leaf keeps this one full */
	if (lv->idx == n - 1)
		k = lv->depth == 0 ? n : n - 1;
	else
		k = n / 2;
	err = new_tree_block(fs, inode, goal, &b);
	if (err)
		return err;
	hdr_put(b->data, n - k, block_max(fs), lv->depth);
	memcpy(ent(b->data, 0), ent(lv->node, k), (size_t)(n - k) * EXT_ENTRY_SIZE);
	key = k < n ? le32(ent(lv->node, k)) : p->key;
	block_csum_set(fs, inode, b->data);
	b->vkind = EXT4_V_EXTENT;
	b->vseed = inode->csum_seed;
	err = ext4_bdirty(fs, b);
	if (!err) {
		set_entries(lv, k);
		err = level_dirty(fs, inode, lv);
	}
	if (!err) {	/* the new sibling's index entry, right after ours */
		uint8_t *e = ent(up->node, up->idx + 1);

		memmove(e + EXT_ENTRY_SIZE, e, (size_t)(up->entries - up->idx - 1) * EXT_ENTRY_SIZE);
		idx_put(e, key, b->blk);
		set_entries(up, up->entries + 1);
		err = level_dirty(fs, inode, up);
	}
	ext4_brelse(fs, b);
	return err;
}

static bool
mergeable(struct ext_rec a, struct ext_rec b)
{
	return a.lblk + a.len == b.lblk && a.pblk + a.len == b.pblk && a.unw == b.unw &&
	       a.len + b.len <= EXT_MAX_LEN(a.unw);
}

/* Remove entry i of the leaf lv (no freeing). */
static void
leaf_del(struct ext_level *lv, int i)
{
	memmove(ent(lv->node, i), ent(lv->node, i + 1),
		(size_t)(lv->entries - i - 1) * EXT_ENTRY_SIZE);
	set_entries(lv, lv->entries - 1);
}

/* Try to put r into the leaf of p; 1 if it needs room first. */
static int
leaf_insert(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, struct ext_rec r)
{
	struct ext_level *lv = &p->l[p->depth];
	int i = lv->idx, err;

	if (i >= 0) {
		struct ext_rec left = rec_get(ent(lv->node, i));

		if (left.lblk + left.len > r.lblk)
			goto overlap;
		if (mergeable(left, r)) {
			left.len += r.len;
			if (i + 1 < lv->entries && mergeable(left, rec_get(ent(lv->node, i + 1)))) {
				left.len += rec_get(ent(lv->node, i + 1)).len;
				leaf_del(lv, i + 1);
			}
			rec_put(ent(lv->node, i), left);
			return level_dirty(fs, inode, lv);
		}
	}
	if (i + 1 < lv->entries) {
		struct ext_rec right = rec_get(ent(lv->node, i + 1));

		if (r.lblk + r.len > right.lblk)
			goto overlap;
		if (mergeable(r, right)) {
			r.len += right.len;
			rec_put(ent(lv->node, i + 1), r);
			err = level_dirty(fs, inode, lv);
			if (!err && i + 1 == 0)
				err = fix_keys(fs, inode, p, p->depth);
			return err;
		}
	}
	if (lv->entries >= lv->max)
		return 1;
	memmove(ent(lv->node, i + 2), ent(lv->node, i + 1),
		(size_t)(lv->entries - i - 1) * EXT_ENTRY_SIZE);
	rec_put(ent(lv->node, i + 1), r);
	set_entries(lv, lv->entries + 1);
	err = level_dirty(fs, inode, lv);
	if (!err && i + 1 == 0)
		err = fix_keys(fs, inode, p, p->depth);
	return err;
overlap:
	return ext4_abort(fs, -EUCLEAN, "ext4: inode %u: mapping block %u over an extent",
			  inode->ino, r.lblk);
}

int
ext4_ext_insert(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, uint32_t len,
		uint64_t pblk, bool unwritten)
{
	struct ext_rec r = { .lblk = lblk, .len = len, .pblk = pblk, .unw = unwritten };
	struct ext_path p;
	int err;

	if (!len || len > EXT_MAX_LEN(unwritten))
		return ext4_abort(fs, -EINVAL, "ext4: bad extent length %u", len);
	for (int tries = 0; tries < 4 * (EXT_MAX_DEPTH + 2); tries++) {
		err = path_find(fs, inode, lblk, &p);
		if (err)
			return ext4_abort(fs, err, "ext4: inode %u: extent tree (%d)", inode->ino,
					  err);
		p.key = lblk;
		err = leaf_insert(fs, inode, &p, r);
		if (err == 1) {	/* the leaf is full: make room, then walk again */
			err = make_room(fs, inode, &p, p.depth, pblk);
			path_release(fs, &p);
			if (err)
				return err;
			continue;
		}
		path_release(fs, &p);
		return err;
	}
	return ext4_abort(fs, -EUCLEAN, "ext4: inode %u: extent insert did not converge",
			  inode->ino);
}

/* Free the emptied non-root node at level l, and its index entry above (recursively). */
static int
drop_node(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, int l)
{
	struct ext_level *up = &p->l[l - 1];
	uint64_t blk = p->l[l].b->blk;
	int err;

	ext4_brelse(fs, p->l[l].b);
	p->l[l].b = NULL;
	err = ext4_free_blocks(fs, blk, 1, true);
	if (err)
		return err;
	ext4_inode_add_blocks(fs, inode, -1);
	memmove(ent(up->node, up->idx), ent(up->node, up->idx + 1),
		(size_t)(up->entries - up->idx - 1) * EXT_ENTRY_SIZE);
	set_entries(up, up->entries - 1);
	if (!up->entries) {
		if (l - 1 == 0) {	/* the whole tree is empty */
			ext4_ext_init_root(inode);
			return ext4_inode_write(fs, inode);
		}
		return drop_node(fs, inode, p, l - 1);
	}
	err = level_dirty(fs, inode, up);
	if (!err && up->idx == 0)
		err = fix_keys(fs, inode, p, l - 1);
	return err;
}

/* The first key right of the leaf of p (in a sibling subtree), or 2^32. */
static uint64_t
next_leaf_key(struct ext_path *p)
{
	for (int l = p->depth - 1; l >= 0; l--)
		if (p->l[l].idx + 1 < p->l[l].entries)
			return le32(ent(p->l[l].node, p->l[l].idx + 1));
	return 1ull << 32;
}

/*
 * Hand blocks of the file back (freed at commit). A directory's blocks are
 * metadata: their buffers must be forgotten and the blocks revoked.
 */
static int
release_data(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t pblk, uint64_t n)
{
	int err = ext4_free_blocks(fs, pblk, n, EXT4_ISDIR(inode->st.mode));

	if (!err)
		ext4_inode_add_blocks(fs, inode, -(int64_t)n);
	return err;
}

/* Remove [s, t) from extent i of the leaf of p (it overlaps). */
static int
trim_extent(struct ext4_fs *fs, struct ext4_inode *inode, struct ext_path *p, int i,
	    uint32_t s, uint64_t t, bool free_data, bool *reinsert, struct ext_rec *right)
{
	struct ext_level *lv = &p->l[p->depth];
	struct ext_rec r = rec_get(ent(lv->node, i));
	uint64_t end = (uint64_t)r.lblk + r.len;
	int err = 0;

	if (free_data)
		err = release_data(fs, inode, r.pblk + (s - r.lblk), t - s);
	if (err)
		return err;
	*reinsert = false;
	if (s == r.lblk && t == end) {
		leaf_del(lv, i);
		if (!lv->entries && p->depth)
			return drop_node(fs, inode, p, p->depth);
	} else if (s == r.lblk) {
		r.pblk += t - r.lblk;
		r.len = (uint32_t)(end - t);
		r.lblk = (uint32_t)t;
		rec_put(ent(lv->node, i), r);
	} else {
		if (t < end) {	/* a hole in the middle: the right part goes back in */
			*reinsert = true;
			right->lblk = (uint32_t)t;
			right->len = (uint32_t)(end - t);
			right->pblk = r.pblk + (t - r.lblk);
			right->unw = r.unw;
		}
		r.len = s - r.lblk;
		rec_put(ent(lv->node, i), r);
	}
	err = level_dirty(fs, inode, lv);
	if (!err && i == 0 && lv->entries)
		err = fix_keys(fs, inode, p, p->depth);
	return err;
}

/* While the root has one child small enough to fit in it, pull it up. */
static int
shrink_tree(struct ext4_fs *fs, struct ext4_inode *inode)
{
	uint8_t *root = inode->raw + I_BLOCK;
	struct ext_hdr h, ch;
	int err;

	for (;;) {
		struct ext4_buf *b;
		uint64_t child;

		err = check_node(fs, inode, root, EXT4_IBLOCK_SIZE, &h);
		if (err || !h.depth || h.entries != 1)
			return err;
		child = idx_child(ent(root, 0));
		err = ext4_bread(fs, child, &b);
		if (err)
			return err;
		err = check_block(fs, inode, b, &ch);
		if (!err && (ch.entries > EXT_ROOT_MAX || ch.depth != h.depth - 1)) {
			ext4_brelse(fs, b);
			return 0;
		}
		if (!err) {
			hdr_put(root, ch.entries, EXT_ROOT_MAX, ch.depth);
			memcpy(ent(root, 0), ent(b->data, 0), (size_t)ch.entries * EXT_ENTRY_SIZE);
		}
		ext4_brelse(fs, b);
		if (!err)
			err = ext4_free_blocks(fs, child, 1, true);
		if (err)
			return err;
		ext4_inode_add_blocks(fs, inode, -1);
		err = ext4_inode_write(fs, inode);
		if (err)
			return err;
	}
}

int
ext4_ext_remove(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t start, uint64_t end,
		bool free_data)
{
	bool progress = false;
	struct ext_path p;
	int err;

	while (start < end) {
		struct ext_level *lv;
		struct ext_rec r, right;
		bool reinsert;
		int i;

		if (progress && free_data && ext4_trans_full(fs))
			return 1;
		err = path_find(fs, inode, start, &p);
		if (err)
			return ext4_abort(fs, err, "ext4: inode %u: extent tree (%d)", inode->ino,
					  err);
		lv = &p.l[p.depth];
		i = lv->idx;
		if (i < 0 || (uint64_t)le32(ent(lv->node, i)) + rec_get(ent(lv->node, i)).len <= start)
			i++;
		if (i >= lv->entries) {	/* nothing more in this leaf */
			uint64_t next = next_leaf_key(&p);

			path_release(fs, &p);
			if (next >= end || next <= start)
				break;
			start = (uint32_t)next;
			continue;
		}
		r = rec_get(ent(lv->node, i));
		if (r.lblk >= end) {
			path_release(fs, &p);
			break;
		}
		uint32_t s = r.lblk > start ? r.lblk : start;
		uint64_t t = (uint64_t)r.lblk + r.len < end ? (uint64_t)r.lblk + r.len : end;

		err = trim_extent(fs, inode, &p, i, s, t, free_data, &reinsert, &right);
		path_release(fs, &p);
		if (!err && reinsert)
			err = ext4_ext_insert(fs, inode, right.lblk, right.len, right.pblk, right.unw);
		if (err)
			return ext4_abort(fs, err, "ext4: inode %u: extent removal (%d)", inode->ino,
					  err);
		progress = true;
		if (t >= end)
			break;
		start = (uint32_t)t;
	}
	err = shrink_tree(fs, inode);
	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: extent tree (%d)", inode->ino, err);
	return 0;
}

/* Unwritten [lblk, lblk + len) (inside one extent) becomes written. */
int
ext4_ext_convert(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, uint32_t len,
		 uint64_t pblk)
{
	int err = ext4_ext_remove(fs, inode, lblk, (uint64_t)lblk + len, false);

	if (!err)
		err = ext4_ext_insert(fs, inode, lblk, len, pblk, false);
	return err;
}
