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
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"

#define DX_ROOT_INFO		0x18
#define DX_ROOT_ENTRIES		0x20
#define DX_NODE_ENTRIES		8
#define DX_ENTRY_SIZE		8
#define DX_TAIL_SIZE		8
#define DX_MAX_LEVELS		3	/* 2 without largedir */
#define DX_BLOCK_MASK		0x0FFFFFFFu

struct dx_frame {
	struct ext4_buf *b;
	const uint8_t *entries;	/* the {limit, count} slot */
	uint32_t count;
	uint32_t at;		/* entry followed */
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
	f->at = 0;
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
	 uint64_t nblocks, struct dx_frame *frames, int *levels, uint32_t *hash)
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
	       uint64_t nblocks, const char *name, size_t len, uint32_t *ino)
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
	err = ext4_dir_search_block(fs, dir, b->data, name, len, ino);
	ext4_brelse(fs, b);
	return err;
}

int
ext4_dx_lookup(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	       uint32_t *ino)
{
	struct dx_frame frames[DX_MAX_LEVELS] = { 0 };
	uint64_t nblocks = (dir->st.size + fs->block_size - 1) >> fs->log_block_size;
	uint32_t hash = 0;
	int levels = 0, err;

	err = dx_probe(fs, dir, name, len, nblocks, frames, &levels, &hash);
	while (!err) {
		err = dx_search_leaf(fs, dir, &frames[levels], nblocks, name, len, ino);
		if (err > 0) {
			err = 0;
			break;
		}
		if (!err) {
			err = dx_next_leaf(fs, dir, frames, levels, hash, nblocks);
			err = err > 0 ? 0 : err < 0 ? err : -ENOENT;
		}
	}
	for (int l = 0; l < DX_MAX_LEVELS; l++)
		ext4_brelse(fs, frames[l].b);
	return err;
}
