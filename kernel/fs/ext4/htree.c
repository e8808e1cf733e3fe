/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: hashed lookups in htree (dir_index) directories.
 *
 * Block 0 of an htree directory is the dx root: "." (12 bytes), ".."
 * (covering the rest), then at byte 0x18 {reserved 0, hash version,
 * info length 8, indirect levels, flags} and at 0x20 the entry array.
 * Interior dx nodes start with an empty entry covering the block, and
 * their array at byte 8. An array starts with {limit, count, block of
 * entry 0} and goes on with {hash, block}: entry i covers the names whose
 * hash is in [hash(i), hash(i+1)); entry 0's hash is implicitly 0. With
 * metadata_csum, {reserved, crc32c} follows the array's last slot.
 *
 * Lookup hashes the name, binary-searches each level down to a leaf block
 * and searches it. If the name is not there and the next entry's hash
 * has bit 0 set with the same upper bits, the run of equal hashes goes on
 * into the next leaf, so the search moves right (across nodes if needed).
 *
 * Insertion (ext4_dx_add) goes to the leaf the hash leads to. A full leaf
 * is split: its entries sorted by hash, the upper half by size moves to a
 * new block, whose first hash (bit 0 set if the lower half ends with the
 * same hash: a collision run continues) goes into the index. A full index
 * node is split the same way into its parent; a full root moves its
 * entries into a new node one level down (at most 2 levels, 3 with
 * largedir; then -ENOSPC, as Linux). After each split the insertion
 * starts over from the root, so every case ends as "the leaf has room".
 * A one-block linear directory that fills becomes indexed: its entries
 * move to block 1 and block 0 becomes the root. Leaves never merge.
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define DX_ROOT_INFO		0x18
#define DX_ROOT_ENTRIES		0x20
#define DX_NODE_ENTRIES		8
#define DX_ENTRY_SIZE		8
#define DX_TAIL_SIZE		8
#define DX_MAX_LEVELS		3	/* 2 without largedir */
#define DX_BLOCK_MASK		0x0FFFFFFFu

struct dx_frame {
	struct ext4_buf *b;
	uint8_t *entries;	/* the {limit, count} slot */
	uint32_t count, limit;
	uint32_t at;		/* entry followed */
	uint64_t lblk;
};

static uint32_t
dx_hash(const uint8_t *entries, uint32_t i)
{
	return i ? le32(entries + i * DX_ENTRY_SIZE) : 0;
}

static uint32_t
dx_block(const uint8_t *entries, uint32_t i)
{
	return le32(entries + i * DX_ENTRY_SIZE + 4) & DX_BLOCK_MASK;
}

/* Offset of the entry array, or 0 if the root's info block is bad. */
static uint32_t
dx_entries_offset(const uint8_t *blk, bool root)
{
	if (!root)
		return DX_NODE_ENTRIES;
	if (le32(blk + DX_ROOT_INFO) != 0 || blk[DX_ROOT_INFO + 5] != 8)
		return 0;
	return DX_ROOT_ENTRIES;
}

int
ext4_dx_verify(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk, bool root,
	       uint64_t lblk)
{
	static const uint8_t zero[4];
	uint32_t off = dx_entries_offset(blk, root), limit, count, tail, crc;

	if (!off)
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: bad dx root info",
				dir->ino);
	limit = le16(blk + off);
	count = le16(blk + off + 2);
	tail = off + limit * DX_ENTRY_SIZE;
	if (!count || count > limit || tail > fs->block_size ||
	    (fs->csum && tail + DX_TAIL_SIZE > fs->block_size))
		return ext4_err(fs, -EUCLEAN,
				"ext4: directory inode %u block %llu: bad dx count %u limit %u",
				dir->ino, (unsigned long long)lblk, count, limit);
	if (!fs->csum)
		return 0;
	crc = crc32c_update(dir->csum_seed, blk, off + count * DX_ENTRY_SIZE);
	crc = crc32c_update(crc, blk + tail, 4);	/* dt_reserved */
	crc = crc32c_update(crc, zero, 4);		/* dt_checksum taken as 0 */
	if (crc != le32(blk + tail + 4))
		return ext4_err(fs, -EUCLEAN,
				"ext4: directory inode %u dx block %llu checksum mismatch",
				dir->ino, (unsigned long long)lblk);
	return 0;
}

/* Last entry whose hash is <= hash (entry 0 counts as hash 0). */
static uint32_t
dx_search(const uint8_t *entries, uint32_t count, uint32_t hash)
{
	uint32_t lo = 1, hi = count;	/* answer in [lo - 1, hi - 1] */

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (dx_hash(entries, mid) > hash)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo - 1;
}

/* Read interior block lblk as a dx node (root if lblk is 0) into frame f. */
static int
dx_load(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk, uint64_t nblocks,
	struct dx_frame *f)
{
	uint64_t hole;
	int err;

	if (lblk >= nblocks)
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: dx block %llu past the end",
				dir->ino, (unsigned long long)lblk);
	err = ext4_dir_read_block(fs, dir, lblk, &f->b, &hole);
	if (err)
		return err;
	if (!f->b || f->b->vkind != (lblk ? EXT4_V_DXNODE : EXT4_V_DXROOT))
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: block %llu is not a dx node",
				dir->ino, (unsigned long long)lblk);
	f->entries = f->b->data + dx_entries_offset(f->b->data, lblk == 0);
	f->count = le16(f->entries + 2);
	f->limit = le16(f->entries);
	f->at = 0;
	f->lblk = lblk;
	return 0;
}

/* Pick the hash function from the root's info and the superblock's flags. */
static int
dx_hash_version(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *root,
		unsigned int *version)
{
	unsigned int v = root[DX_ROOT_INFO + 4];

	if (v > EXT4_HASH_TEA)
		return ext4_err(fs, v == 6 ? -EOPNOTSUPP : -EUCLEAN,
				"ext4: directory inode %u: hash version %u unsupported",
				dir->ino, v);
	*version = fs->hash_unsigned ? v + EXT4_HASH_LEGACY_UNSIGNED : v;
	return 0;
}

/*
 * After a miss in the current leaf: step to the next leaf if the equal-hash
 * run continues there. 1 stepped, 0 no more, -errno.
 */
static int
dx_next_leaf(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *frames,
	     int levels, uint32_t hash, uint64_t nblocks)
{
	int l = levels;
	uint32_t next;
	int err;

	while (l >= 0 && frames[l].at + 1 >= frames[l].count)
		l--;
	if (l < 0)
		return 0;
	next = dx_hash(frames[l].entries, frames[l].at + 1);
	if (!(next & 1) || (next & ~1u) != hash)
		return 0;
	frames[l].at++;
	for (l++; l <= levels; l++) {	/* leftmost path below the new entry */
		ext4_brelse(fs, frames[l].b);
		frames[l].b = NULL;
		err = dx_load(fs, dir, dx_block(frames[l - 1].entries, frames[l - 1].at),
			      nblocks, &frames[l]);
		if (err)
			return err;
	}
	return 1;
}

/*
 * Read the root, hash name with its hash function, and follow the hash
 * down: frames[0..*levels] end on the index entry whose leaf may hold it.
 */
static int
dx_probe(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	 uint64_t nblocks, struct dx_frame *frames, int *levels, uint32_t *hash,
	 unsigned int *versionp)
{
	unsigned int version = 0, max_levels;
	int l, err;

	err = dx_load(fs, dir, 0, nblocks, &frames[0]);
	if (err)
		return err;
	err = dx_hash_version(fs, dir, frames[0].b->data, &version);
	if (err)
		return err;
	*levels = frames[0].b->data[DX_ROOT_INFO + 6];
	max_levels = (fs->incompat & INCOMPAT_LARGEDIR) ? DX_MAX_LEVELS : DX_MAX_LEVELS - 1;
	if ((unsigned int)*levels >= max_levels)
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: %d htree levels",
				dir->ino, *levels);
	ext4_dirhash(name, len, version, fs->hash_seed, hash, NULL);
	if (versionp)
		*versionp = version;
	for (l = 0;; l++) {
		frames[l].at = dx_search(frames[l].entries, frames[l].count, *hash);
		if (l == *levels)
			return 0;
		err = dx_load(fs, dir, dx_block(frames[l].entries, frames[l].at), nblocks,
			      &frames[l + 1]);
		if (err)
			return err;
	}
}

/* Search the leaf the deepest frame points at: 1 found, 0 not, -errno. */
static int
dx_search_leaf(struct ext4_fs *fs, struct ext4_inode *dir, const struct dx_frame *f,
	       uint64_t nblocks, const char *name, size_t len, struct ext4_dir_slot *slot)
{
	uint32_t leaf = dx_block(f->entries, f->at);
	struct ext4_buf *b;
	uint64_t hole;
	int err;

	if (!leaf || leaf >= nblocks)
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: bad leaf %u",
				dir->ino, leaf);
	err = ext4_dir_read_block(fs, dir, leaf, &b, &hole);
	if (err)
		return err;
	if (!b)
		return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: leaf %u is a hole",
				dir->ino, leaf);
	err = ext4_dir_search_slot(fs, dir, b->data, name, len, slot);
	ext4_brelse(fs, b);
	if (err > 0)
		slot->lblk = leaf;
	return err;
}

static void
frames_release(struct ext4_fs *fs, struct dx_frame *frames)
{
	for (int l = 0; l < DX_MAX_LEVELS; l++) {
		ext4_brelse(fs, frames[l].b);
		frames[l].b = NULL;
	}
}

static uint64_t
dir_blocks(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	return (ext4_dir_size(fs, dir) + fs->block_size - 1) >> fs->log_block_size;
}

int
ext4_dx_find(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	     struct ext4_dir_slot *slot)
{
	struct dx_frame frames[DX_MAX_LEVELS] = { 0 };
	uint64_t nblocks = dir_blocks(fs, dir);
	uint32_t hash = 0;
	int levels = 0, err;

	err = dx_probe(fs, dir, name, len, nblocks, frames, &levels, &hash, NULL);
	while (!err) {
		err = dx_search_leaf(fs, dir, &frames[levels], nblocks, name, len, slot);
		if (err > 0) {
			err = 0;
			break;
		}
		if (!err) {
			err = dx_next_leaf(fs, dir, frames, levels, hash, nblocks);
			err = err > 0 ? 0 : err < 0 ? err : -ENOENT;
		}
	}
	frames_release(fs, frames);
	return err;
}

/* --- changing the tree --- */

static uint32_t
root_limit(const struct ext4_fs *fs)
{
	return (fs->block_size - DX_ROOT_ENTRIES - (fs->csum ? DX_TAIL_SIZE : 0)) / DX_ENTRY_SIZE;
}

static uint32_t
node_limit(const struct ext4_fs *fs)
{
	return (fs->block_size - DX_NODE_ENTRIES - (fs->csum ? DX_TAIL_SIZE : 0)) / DX_ENTRY_SIZE;
}

int
ext4_dx_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf *b, bool root)
{
	static const uint8_t zero[4];
	uint8_t *blk = b->data;
	uint32_t off = root ? DX_ROOT_ENTRIES : DX_NODE_ENTRIES;

	if (fs->csum) {
		uint32_t limit = le16(blk + off), count = le16(blk + off + 2);
		uint32_t tail = off + limit * DX_ENTRY_SIZE, crc;

		put_le32(blk + tail, 0);
		crc = crc32c_update(dir->csum_seed, blk, off + count * DX_ENTRY_SIZE);
		crc = crc32c_update(crc, blk + tail, 4);
		crc = crc32c_update(crc, zero, 4);
		put_le32(blk + tail + 4, crc);
	}
	b->vkind = root ? EXT4_V_DXROOT : EXT4_V_DXNODE;
	b->vseed = dir->csum_seed;
	return ext4_bdirty(fs, b);
}

static int
frame_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *f)
{
	put_le16(f->entries + 2, (uint16_t)f->count);
	return ext4_dx_dirty(fs, dir, f->b, f->lblk == 0);
}

/* Insert (hash, block) into frame f right after entry f->at (f has room). */
static void
frame_insert(struct dx_frame *f, uint32_t hash, uint32_t block)
{
	uint8_t *e = f->entries + (f->at + 1) * DX_ENTRY_SIZE;

	memmove(e + DX_ENTRY_SIZE, e, (f->count - f->at - 1) * DX_ENTRY_SIZE);
	put_le32(e, hash);
	put_le32(e + 4, block);
	f->count++;
}

/* A new interior node block: the empty entry covering it, then the array. */
static int
new_node(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf **out, uint64_t *lblk)
{
	int err;

	*lblk = dir_blocks(fs, dir);
	err = ext4_dir_new_block(fs, dir, *lblk, out);
	if (err)
		return err;
	put_le32((*out)->data, 0);
	put_le16((*out)->data + 4, fs->block_size < 65536 ? (uint16_t)fs->block_size : 65535);
	put_le16((*out)->data + DX_NODE_ENTRIES, (uint16_t)node_limit(fs));
	return 0;
}

static unsigned int
max_levels(const struct ext4_fs *fs)
{
	return (fs->incompat & INCOMPAT_LARGEDIR) ? DX_MAX_LEVELS : DX_MAX_LEVELS - 1;
}

/* The root is full: its entries move into a new node, one level down. */
static int
add_level(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *root, int levels)
{
	struct ext4_buf *b;
	uint64_t lblk;
	int err;

	if ((unsigned int)levels + 1 >= max_levels(fs))
		return ext4_err(fs, -ENOSPC, "ext4: directory %u: index full", dir->ino);
	err = new_node(fs, dir, &b, &lblk);
	if (err)
		return err;
	memcpy(b->data + DX_NODE_ENTRIES + 4, root->entries + 4,
	       root->count * DX_ENTRY_SIZE - 4);
	put_le16(b->data + DX_NODE_ENTRIES + 2, (uint16_t)root->count);
	err = ext4_dx_dirty(fs, dir, b, false);
	ext4_brelse(fs, b);
	if (err)
		return err;
	root->count = 1;
	put_le32(root->entries + 4, (uint32_t)lblk);
	root->b->data[DX_ROOT_INFO + 6] = (uint8_t)(levels + 1);
	return frame_dirty(fs, dir, root);
}

/* Split index node frames[l] in two; its parent frames[l - 1] has room. */
static int
split_node(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *frames, int l)
{
	struct dx_frame *f = &frames[l], *up = &frames[l - 1];
	uint32_t k = f->count / 2, hash = dx_hash(f->entries, k);
	struct ext4_buf *b;
	uint64_t lblk;
	int err;

	err = new_node(fs, dir, &b, &lblk);
	if (err)
		return err;
	memcpy(b->data + DX_NODE_ENTRIES + 4, f->entries + k * DX_ENTRY_SIZE + 4,
	       (f->count - k) * DX_ENTRY_SIZE - 4);
	put_le16(b->data + DX_NODE_ENTRIES + 2, (uint16_t)(f->count - k));
	err = ext4_dx_dirty(fs, dir, b, false);
	ext4_brelse(fs, b);
	if (err)
		return err;
	f->count = k;
	err = frame_dirty(fs, dir, f);
	if (err)
		return err;
	frame_insert(up, hash, (uint32_t)lblk);
	return frame_dirty(fs, dir, up);
}

/* frames[levels] is full: make room one step (the caller probes again). */
static int
index_room(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *frames, int levels)
{
	int l = levels;

	while (l > 0 && frames[l - 1].count >= frames[l - 1].limit)
		l--;	/* the lowest full ancestor chain ends at l */
	if (l == 0)
		return add_level(fs, dir, &frames[0], levels);
	return split_node(fs, dir, frames, l);
}

struct hashed {
	struct ext4_dir_ent e;
	uint32_t hash;
};

static void
sort_hashed(struct hashed *a, uint32_t n)
{
	for (uint32_t gap = n / 2; gap; gap = gap == 2 ? 1 : gap * 5 / 11) {
		for (uint32_t i = gap; i < n; i++) {
			struct hashed x = a[i];
			uint32_t k = i;

			while (k >= gap && a[k - gap].hash > x.hash) {
				a[k] = a[k - gap];
				k -= gap;
			}
			a[k] = x;
		}
	}
}

/* Split the full leaf lb under frame f: the upper half by hash moves to a new block. */
static int
split_leaf(struct ext4_fs *fs, struct ext4_inode *dir, struct dx_frame *f, struct ext4_buf *lb,
	   unsigned int version)
{
	uint32_t max = fs->block_size / 12 + 1, n = 0, split, size = 0, half = 0, hash2;
	struct ext4_dir_ent *ents = kmalloc(max * sizeof(*ents));
	struct hashed *h = kmalloc(max * sizeof(*h));
	struct ext4_dir_ent *sorted = kmalloc(max * sizeof(*sorted));
	uint8_t *copy = kmalloc(fs->block_size);
	struct ext4_buf *nb = NULL;
	uint64_t lblk;
	int err;

	err = (!ents || !h || !sorted || !copy) ? -ENOMEM : 0;
	if (!err)
		err = ext4_dir_leaf_entries(fs, dir, lb->data, ents, &n);
	if (!err && n < 2)
		err = ext4_err(fs, -EUCLEAN, "ext4: directory %u: full leaf with %u entries",
			       dir->ino, n);
	if (err)
		goto out;
	for (uint32_t i = 0; i < n; i++) {
		h[i].e = ents[i];
		ext4_dirhash((const char *)lb->data + ents[i].off + 8, ents[i].name_len, version,
			     fs->hash_seed, &h[i].hash, NULL);
		size += ext4_dir_rec_size(ents[i].name_len);
	}
	sort_hashed(h, n);
	for (split = 0; split < n - 1; split++) {	/* the lower half by size */
		half += ext4_dir_rec_size(h[split].e.name_len);
		if (half > size / 2)
			break;
	}
	if (split == 0)
		split = 1;
	hash2 = h[split].hash;
	if (hash2 == h[split - 1].hash)
		hash2 |= 1;	/* the collision run goes on in the new block */
	lblk = dir_blocks(fs, dir);
	err = ext4_dir_new_block(fs, dir, lblk, &nb);
	if (err)
		goto out;
	memcpy(copy, lb->data, fs->block_size);
	for (uint32_t i = 0; i < n; i++)
		sorted[i] = h[i].e;
	ext4_dir_leaf_pack(fs, nb->data, copy, sorted + split, n - split);
	ext4_dir_leaf_pack(fs, lb->data, copy, sorted, split);
	err = ext4_dir_leaf_dirty(fs, dir, nb);
	if (!err)
		err = ext4_dir_leaf_dirty(fs, dir, lb);
	if (!err) {
		frame_insert(f, hash2, (uint32_t)lblk);
		err = frame_dirty(fs, dir, f);
	}
out:
	ext4_brelse(fs, nb);
	kfree(ents);
	kfree(h);
	kfree(sorted);
	kfree(copy);
	return err;
}

int
ext4_dx_add(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	    uint32_t ino, uint8_t type)
{
	for (int round = 0; round < 4 * DX_MAX_LEVELS + 4; round++) {
		struct dx_frame frames[DX_MAX_LEVELS] = { 0 };
		struct ext4_buf *lb = NULL;
		unsigned int version = 0;
		uint32_t hash = 0, leaf;
		int levels = 0, err;
		uint64_t hole;

		err = dx_probe(fs, dir, name, len, dir_blocks(fs, dir), frames, &levels, &hash,
			       &version);
		leaf = err ? 0 : dx_block(frames[levels].entries, frames[levels].at);
		if (!err)
			err = ext4_dir_read_block(fs, dir, leaf, &lb, &hole);
		if (!err && (!lb || lb->vkind != EXT4_V_DIRLEAF))
			err = ext4_err(fs, -EUCLEAN, "ext4: directory %u: bad leaf %u", dir->ino,
				       leaf);
		if (!err) {
			err = ext4_dir_leaf_add(fs, dir, lb->data, name, len, ino, type);
			if (err > 0)
				err = ext4_dir_leaf_dirty(fs, dir, lb) ?: -1;
			else if (!err && frames[levels].count >= frames[levels].limit)
				err = index_room(fs, dir, frames, levels);
			else if (!err)
				err = split_leaf(fs, dir, &frames[levels], lb, version);
		}
		ext4_brelse(fs, lb);
		frames_release(fs, frames);
		if (err == -1)
			return 0;
		if (err == -ENOSPC && !fs->aborted)
			return err;
		if (err)
			return ext4_abort(fs, err, "ext4: directory %u: index update failed (%d)",
					  dir->ino, err);
	}
	return ext4_abort(fs, -EUCLEAN, "ext4: directory %u: insert did not converge", dir->ino);
}

bool
ext4_dx_can_index(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	return (fs->compat & COMPAT_DIR_INDEX) && fs->def_hash_version <= EXT4_HASH_TEA &&
	       !(dir->st.flags & EXT4_INLINE_DATA_FL);
}

/*
 * A full one-block directory becomes an htree: its entries (but "." and
 * "..") move to a new block 1, and block 0 becomes the root over it.
 */
int
ext4_dx_make_indexed(struct ext4_fs *fs, struct ext4_inode *dir)
{
	uint32_t max = fs->block_size / 12 + 1, n = 0, parent;
	struct ext4_dir_ent *ents = kmalloc(max * sizeof(*ents));
	uint8_t *copy = kmalloc(fs->block_size);
	struct ext4_buf *root = NULL, *leaf = NULL;
	uint64_t hole;
	uint8_t *r;
	int err;

	err = (!ents || !copy) ? -ENOMEM : 0;
	if (!err)
		err = ext4_dir_read_block(fs, dir, 0, &root, &hole);
	if (!err && !root)
		err = -EUCLEAN;
	if (!err)
		err = ext4_dir_leaf_entries(fs, dir, root->data, ents, &n);
	if (!err && (n < 2 || ents[0].name_len != 1 || ents[1].name_len != 2 ||
		     ents[0].off != 0))
		err = ext4_err(fs, -EUCLEAN, "ext4: directory %u: no \".\" and \"..\"", dir->ino);
	if (err)
		goto out;
	memcpy(copy, root->data, fs->block_size);
	parent = le32(copy + ents[1].off);
	err = ext4_dir_new_block(fs, dir, 1, &leaf);
	if (err)
		goto out;
	ext4_dir_leaf_pack(fs, leaf->data, copy, ents + 2, n - 2);
	err = ext4_dir_leaf_dirty(fs, dir, leaf);
	if (err)
		goto out;
	r = root->data;
	memset(r, 0, fs->block_size);
	ext4_dirent_put(fs, r, dir->ino, 12, ".", 1, EXT4_FT_DIR);
	ext4_dirent_put(fs, r + 12, parent, fs->block_size - 12, "..", 2, EXT4_FT_DIR);
	r[DX_ROOT_INFO + 4] = fs->def_hash_version;
	r[DX_ROOT_INFO + 5] = 8;	/* info length */
	put_le16(r + DX_ROOT_ENTRIES, (uint16_t)root_limit(fs));
	put_le16(r + DX_ROOT_ENTRIES + 2, 1);
	put_le32(r + DX_ROOT_ENTRIES + 4, 1);
	err = ext4_dx_dirty(fs, dir, root, true);
	if (!err) {
		ext4_inode_set_flags(dir, dir->st.flags | EXT4_INDEX_FL);
		err = ext4_inode_write(fs, dir);
	}
out:
	ext4_brelse(fs, leaf);
	ext4_brelse(fs, root);
	kfree(ents);
	kfree(copy);
	if (err)
		return ext4_abort(fs, err, "ext4: directory %u: indexing failed (%d)", dir->ino,
				  err);
	return 0;
}
