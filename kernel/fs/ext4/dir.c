/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: directories, read linearly.
 *
 * A directory is a file of blocks, each a chain of entries {inode, rec_len,
 * name_len, file_type, name} whose rec_lens add up to the block (minus a
 * 12-byte checksum tail with metadata_csum). Inode 0 marks an unused
 * entry. An htree directory is the same file: its block 0 starts with "."
 * and a ".." whose rec_len covers the rest of the block (the dx root), and
 * its interior index blocks look like one empty entry covering the block,
 * so a linear walk sees every name exactly once. htree.c does hashed
 * lookups; iteration here is always linear.
 *
 * Changing a directory: a new entry goes into the first block with room,
 * in an unused entry or in the slack after a live one (its rec_len is cut
 * to its real size); with none, a one-block directory becomes an htree
 * (dir_index) and a bigger linear one grows by a block. A removed entry
 * is merged into the one before it (rec_len), or, first in its block,
 * marked unused (inode 0), so neighbouring free space always coalesces.
 * Every change rewrites the block's checksum tail (metadata_csum), or
 * the dx tail for block 0 of an htree directory.
 *
 * Positions (the getdents cursor) are byte offsets in the directory file:
 * block * block_size + offset of the entry. Resuming at an offset inside
 * an entry restarts at the next entry boundary. For inline-data
 * directories, 0 is ".", 1 is "..", and offsets from 4 on index the inline
 * bytes (4..59 in i_block, 60.. in the system.data attribute).
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define DIRENT_HDR		8
#define DIRENT_MIN		12	/* header + a name of up to 4 bytes */
#define DIR_TAIL_SIZE		12
#define DIR_TAIL_FT		0xDE
#define INLINE_DOTDOT_SIZE	4

struct dirent_raw {
	uint32_t ino;
	uint32_t rec_len;
	uint8_t name_len;
	uint8_t type;
	const char *name;
};

/* rec_len on disk is 16 bits; 64K blocks need an escape for 65536. */
static uint32_t
rec_len_decode(const struct ext4_fs *fs, uint16_t v)
{
	if (fs->block_size < 65536)
		return v;
	/* 64K blocks: 65535 or 0 mean 65536; the low 2 bits carry bits 16-17 */
	if (v == 65535 || v == 0)
		return 65536;
	return (v & 65532u) | ((uint32_t)(v & 3) << 16);
}

/* Where a leaf's entries end: before the checksum tail, if any. */
static uint32_t
leaf_limit(const struct ext4_fs *fs)
{
	return fs->block_size - (fs->csum ? DIR_TAIL_SIZE : 0);
}

/* Parse the entry at base + off, which must end by limit. */
static int
dirent_parse(struct ext4_fs *fs, const struct ext4_inode *dir, const uint8_t *base,
	     uint32_t off, uint32_t limit, struct dirent_raw *d)
{
	const uint8_t *p = base + off;

	if (off + DIRENT_HDR > limit)
		goto bad;
	d->ino = le32(p);
	d->rec_len = rec_len_decode(fs, le16(p + 4));
	if (fs->incompat & INCOMPAT_FILETYPE) {
		d->name_len = p[6];
		d->type = p[7] <= EXT4_FT_SYMLINK ? p[7] : EXT4_FT_UNKNOWN;
	} else {
		if (le16(p + 6) > EXT4_NAME_MAX)
			goto bad;
		d->name_len = p[6];
		d->type = EXT4_FT_UNKNOWN;
	}
	d->name = (const char *)p + DIRENT_HDR;
	if (d->rec_len < DIRENT_MIN || (d->rec_len & 3) || d->rec_len > limit - off ||
	    DIRENT_HDR + (uint32_t)d->name_len > d->rec_len)
		goto bad;
	if (d->ino > fs->inodes_count || (d->ino && !d->name_len))
		goto bad;
	return 0;
bad:
	return ext4_err(fs, -EUCLEAN, "ext4: directory inode %u: bad entry at offset %u",
			dir->ino, off);
}

/*
 * A directory's size in bytes, but never past what its block map can
 * address: a corrupt i_size must not send a walk over billions of holes.
 */
uint64_t
ext4_dir_size(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	uint64_t max = ext4_max_lblk(fs, dir) << fs->log_block_size;

	return dir->st.size < max ? dir->st.size : max;
}

bool
ext4_dir_is_indexed(const struct ext4_fs *fs, const struct ext4_inode *dir)
{
	return (fs->compat & COMPAT_DIR_INDEX) && (dir->st.flags & EXT4_INDEX_FL) &&
	       !(dir->st.flags & EXT4_INLINE_DATA_FL);
}

/* An interior htree block: one unused entry spanning the whole block. */
static bool
looks_like_dx_node(const struct ext4_fs *fs, const uint8_t *blk)
{
	return le32(blk) == 0 && rec_len_decode(fs, le16(blk + 4)) == fs->block_size &&
	       blk[6] == 0;
}

/* Check a leaf block: the entry chain, and the checksum tail if any. */
static int
verify_leaf(struct ext4_fs *fs, const struct ext4_inode *dir, const uint8_t *blk,
	    uint64_t lblk)
{
	uint32_t limit = fs->block_size, off = 0;
	struct dirent_raw d;
	int err;

	if (fs->csum) {
		const uint8_t *t = blk + fs->block_size - DIR_TAIL_SIZE;

		limit -= DIR_TAIL_SIZE;
		if (le32(t) || le16(t + 4) != DIR_TAIL_SIZE || t[6] || t[7] != DIR_TAIL_FT)
			return ext4_err(fs, -EUCLEAN,
					"ext4: directory inode %u block %llu: no checksum tail",
					dir->ino, (unsigned long long)lblk);
		if (crc32c_update(dir->csum_seed, blk, limit) != le32(t + 8))
			return ext4_err(fs, -EUCLEAN,
					"ext4: directory inode %u block %llu checksum mismatch",
					dir->ino, (unsigned long long)lblk);
	}
	while (off < limit) {
		err = dirent_parse(fs, dir, blk, off, limit, &d);
		if (err)
			return err;
		off += d.rec_len;
	}
	return 0;
}

int
ext4_dir_read_block(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk,
		    struct ext4_buf **out, uint64_t *hole)
{
	struct ext4_buf *b;
	enum ext4_vkind kind;
	uint64_t pblk, count;
	int err;

	*out = NULL;
	err = ext4_map_blocks(fs, dir, lblk, &pblk, &count);
	if (err)
		return err;
	if (!pblk) {
		*hole = count;
		return 0;
	}
	err = ext4_bread(fs, pblk, &b);
	if (err)
		return err;
	if (ext4_dir_is_indexed(fs, dir) && lblk == 0)
		kind = EXT4_V_DXROOT;
	else if (ext4_dir_is_indexed(fs, dir) && looks_like_dx_node(fs, b->data))
		kind = EXT4_V_DXNODE;
	else
		kind = EXT4_V_DIRLEAF;
	if (b->vkind != kind || b->vseed != dir->csum_seed) {
		if (kind == EXT4_V_DIRLEAF)
			err = verify_leaf(fs, dir, b->data, lblk);
		else
			err = ext4_dx_verify(fs, dir, b->data, kind == EXT4_V_DXROOT, lblk);
		if (err) {
			ext4_brelse(fs, b);
			return err;
		}
		b->vkind = kind;
		b->vseed = dir->csum_seed;
	}
	*out = b;
	return 0;
}

int
ext4_dir_search_slot(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		     const char *name, size_t len, struct ext4_dir_slot *slot)
{
	uint32_t off = 0, prev = EXT4_NO_PREV, limit = fs->block_size;
	struct dirent_raw d;
	int err;

	/* (the checksum tail, and a dx root's "..", parse as entries too) */
	while (off < limit) {
		err = dirent_parse(fs, dir, blk, off, limit, &d);
		if (err)
			return err;
		if (d.ino && d.name_len == len && !memcmp(d.name, name, len)) {
			slot->off = off;
			slot->prev = prev;
			slot->ino = d.ino;
			slot->type = d.type;
			return 1;
		}
		prev = off;
		off += d.rec_len;
	}
	return 0;
}

int
ext4_dir_search_block(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		      const char *name, size_t len, uint32_t *ino)
{
	struct ext4_dir_slot slot;
	int r = ext4_dir_search_slot(fs, dir, blk, name, len, &slot);

	if (r > 0)
		*ino = slot.ino;
	return r;
}

/*
 * Walk the entries of one chunk (a block, or a region of inline data) at
 * base[start..limit), delivering those at or after *pos (chunk-relative
 * offsets plus base_pos). Returns 1 if the actor stopped.
 */
static int
walk_chunk(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *base, uint32_t start,
	   uint32_t limit, uint64_t base_pos, uint64_t *pos, ext4_dir_actor actor, void *ctx)
{
	struct dirent_raw d;
	uint32_t off = start;
	int err;

	while (off < limit) {
		err = dirent_parse(fs, dir, base, off, limit, &d);
		if (err)
			return err;
		if (d.ino && base_pos + off >= *pos) {
			if (actor(ctx, d.name, d.name_len, d.ino, d.type,
				  base_pos + off + d.rec_len)) {
				*pos = base_pos + off;
				return 1;
			}
		}
		off += d.rec_len;
	}
	return 0;
}

/* Iterate an inline-data directory (positions: see the top of the file). */
static int
iterate_inline(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t *pos,
	       ext4_dir_actor actor, void *ctx)
{
	uint8_t *data;
	size_t len;
	int err;

	err = ext4_inline_data(fs, dir, &data, &len);
	if (err)
		return err;
	if (*pos == 0) {
		if (actor(ctx, ".", 1, dir->ino, EXT4_FT_DIR, 1))
			goto out;
		*pos = 1;
	}
	if (*pos == 1) {
		uint32_t parent = le32(data);

		if (!parent || parent > fs->inodes_count) {
			err = ext4_err(fs, -EUCLEAN, "ext4: inline directory %u: bad parent",
				       dir->ino);
			goto out;
		}
		if (actor(ctx, "..", 2, parent, EXT4_FT_DIR, INLINE_DOTDOT_SIZE))
			goto out;
		*pos = INLINE_DOTDOT_SIZE;
	}
	/* i_block after the parent, then the system.data value */
	err = walk_chunk(fs, dir, data, INLINE_DOTDOT_SIZE, sizeof(dir->i_block), 0, pos,
			 actor, ctx);
	if (!err)
		err = walk_chunk(fs, dir, data, sizeof(dir->i_block), (uint32_t)len, 0, pos,
				 actor, ctx);
	if (err == 0)
		*pos = len;
	if (err > 0)
		err = 0;
out:
	kfree(data);
	return err;
}

int
ext4_dir_iterate(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t *pos,
		 ext4_dir_actor actor, void *ctx)
{
	uint64_t size = ext4_dir_size(fs, dir);
	int err;

	if (!EXT4_ISDIR(dir->st.mode))
		return -ENOTDIR;
	if (dir->st.flags & EXT4_INLINE_DATA_FL)
		return iterate_inline(fs, dir, pos, actor, ctx);
	while (*pos < size) {
		uint64_t lblk = *pos >> fs->log_block_size, hole = 0;
		struct ext4_buf *b;

		err = ext4_dir_read_block(fs, dir, lblk, &b, &hole);
		if (err)
			return err;
		if (!b) {	/* holes are allowed in linear directories */
			*pos = (lblk + hole) << fs->log_block_size;
			continue;
		}
		err = walk_chunk(fs, dir, b->data, 0, fs->block_size,
				 lblk << fs->log_block_size, pos, actor, ctx);
		ext4_brelse(fs, b);
		if (err)
			return err < 0 ? err : 0;
		*pos = (lblk + 1) << fs->log_block_size;
	}
	return 0;
}

/* ext4_readdir's actor: copy one entry, then stop. */
struct one_entry {
	struct ext4_dirent *de;
	uint64_t next;
	bool got;
};

static int
one_entry_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
		uint64_t next_pos)
{
	struct one_entry *o = ctx;

	o->de->ino = ino;
	o->de->type = type;
	o->de->name_len = (uint8_t)len;
	memcpy(o->de->name, name, len);
	o->de->name[len] = '\0';
	o->next = next_pos;
	o->got = true;
	return 1;
}

int
ext4_readdir(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t *pos,
	     struct ext4_dirent *de)
{
	struct one_entry o = { .de = de };
	int err = ext4_dir_iterate(fs, dir, pos, one_entry_actor, &o);

	if (err)
		return err;
	if (!o.got)
		return 0;
	*pos = o.next;
	return 1;
}

/* The linear lookup's actor: stop at the entry with the name. */
struct find_entry {
	const char *name;
	size_t len;
	uint32_t ino;
};

static int
find_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
	   uint64_t next_pos)
{
	struct find_entry *f = ctx;

	(void)type;
	(void)next_pos;
	if (len != f->len || memcmp(name, f->name, len))
		return 0;
	f->ino = ino;
	return 1;
}

/* Find name in dir linearly: block by block. */
static int
find_linear(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	    struct ext4_dir_slot *slot)
{
	uint64_t nblocks = ext4_dir_size(fs, dir) >> fs->log_block_size;

	for (uint64_t lblk = 0; lblk < nblocks; lblk++) {
		struct ext4_buf *b;
		uint64_t hole = 0;
		int err;

		err = ext4_dir_read_block(fs, dir, lblk, &b, &hole);
		if (err)
			return err;
		if (!b) {
			lblk += hole - 1;
			continue;
		}
		err = ext4_dir_search_slot(fs, dir, b->data, name, len, slot);
		ext4_brelse(fs, b);
		if (err < 0)
			return err;
		if (err) {
			slot->lblk = lblk;
			return 0;
		}
	}
	return -ENOENT;
}

int
ext4_dir_find(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	      struct ext4_dir_slot *slot)
{
	bool dots = (len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2));
	uint64_t pos = 0;
	int err;

	if (!EXT4_ISDIR(dir->st.mode))
		return -ENOTDIR;
	if (!len)
		return -ENOENT;
	if (len > EXT4_NAME_MAX)
		return -ENAMETOOLONG;
	if (dir->st.flags & EXT4_INLINE_DATA_FL) {
		struct find_entry f = { .name = name, .len = len };

		err = ext4_dir_iterate(fs, dir, &pos, find_actor, &f);
		if (err)
			return err;
		if (!f.ino)
			return -ENOENT;
		memset(slot, 0, sizeof(*slot));
		slot->ino = f.ino;
		return 0;
	}
	/* "." and ".." sit in block 0, outside the hash tree's leaves */
	if (ext4_dir_is_indexed(fs, dir) && !dots)
		return ext4_dx_find(fs, dir, name, len, slot);
	return find_linear(fs, dir, name, len, slot);
}

int
ext4_lookup(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	    uint32_t *ino)
{
	struct ext4_dir_slot slot;
	int err = ext4_dir_find(fs, dir, name, len, &slot);

	if (!err)
		*ino = slot.ino;
	return err;
}

int
ext4_lookup_path(struct ext4_fs *fs, const char *path, uint32_t *ino)
{
	uint32_t cur = EXT4_ROOT_INO;

	if (path[0] != '/')
		return -EINVAL;
	while (*path) {
		struct ext4_inode *dir;
		const char *name;
		size_t len;
		int err;

		while (*path == '/')
			path++;
		name = path;
		while (*path && *path != '/')
			path++;
		len = (size_t)(path - name);
		if (!len || (len == 1 && name[0] == '.'))
			continue;
		err = ext4_iget(fs, cur, &dir);
		if (err)
			return err;
		err = ext4_lookup(fs, dir, name, len, &cur);
		ext4_iput(dir);
		if (err)
			return err;
	}
	*ino = cur;
	return 0;
}

/* --- changing directories --- */

static uint16_t
rec_len_encode(const struct ext4_fs *fs, uint32_t len)
{
	if (fs->block_size < 65536 || len < 65536)
		return (uint16_t)len;
	return 65535;	/* 65536: a whole 64K block */
}

static uint32_t
real_len(uint32_t name_len)
{
	return (DIRENT_HDR + name_len + 3) & ~3u;
}

/* Write an entry header and name at p, with rec_len. */
void
ext4_dirent_put(const struct ext4_fs *fs, uint8_t *p, uint32_t ino, uint32_t rec_len,
	   const char *name, size_t len, uint8_t type)
{
	put_le32(p, ino);
	put_le16(p + 4, rec_len_encode(fs, rec_len));
	p[6] = (uint8_t)len;
	p[7] = (fs->incompat & INCOMPAT_FILETYPE) ? type : 0;
	memcpy(p + DIRENT_HDR, name, len);
}

void
ext4_dir_tail_init(const struct ext4_fs *fs, uint8_t *blk)
{
	uint8_t *t;

	if (!fs->csum)
		return;
	t = blk + fs->block_size - DIR_TAIL_SIZE;
	memset(t, 0, DIR_TAIL_SIZE);
	put_le16(t + 4, DIR_TAIL_SIZE);
	t[7] = DIR_TAIL_FT;
}

/* Checksum a leaf block and add it to the transaction. */
int
ext4_dir_leaf_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf *b)
{
	if (fs->csum)
		put_le32(b->data + fs->block_size - DIR_TAIL_SIZE + 8,
			 crc32c_update(dir->csum_seed, b->data, fs->block_size - DIR_TAIL_SIZE));
	b->vkind = EXT4_V_DIRLEAF;
	b->vseed = dir->csum_seed;
	return ext4_bdirty(fs, b);
}

/* An empty leaf: one unused entry covering it (and the tail). */
void
ext4_dir_leaf_init(const struct ext4_fs *fs, uint8_t *blk)
{
	memset(blk, 0, fs->block_size);
	put_le16(blk + 4, rec_len_encode(fs, leaf_limit(fs)));
	ext4_dir_tail_init(fs, blk);
}

/*
 * Put (name, ino, type) into leaf block blk if it fits: in an unused
 * entry or the slack of a live one. 1 done, 0 no room, -errno.
 */
int
ext4_dir_leaf_add(struct ext4_fs *fs, struct ext4_inode *dir, uint8_t *blk, const char *name,
		  size_t len, uint32_t ino, uint8_t type)
{
	uint32_t need = real_len((uint32_t)len), off = 0, limit = leaf_limit(fs);
	struct dirent_raw d;
	int err;

	while (off < limit) {
		err = dirent_parse(fs, dir, blk, off, limit, &d);
		if (err)
			return err;
		if (!d.ino && d.rec_len >= need) {
			ext4_dirent_put(fs, blk + off, ino, d.rec_len, name, len, type);
			return 1;
		}
		if (d.ino && d.rec_len >= real_len(d.name_len) + need) {
			uint32_t used = real_len(d.name_len);

			put_le16(blk + off + 4, rec_len_encode(fs, used));
			ext4_dirent_put(fs, blk + off + used, ino, d.rec_len - used, name, len, type);
			return 1;
		}
		off += d.rec_len;
	}
	return 0;
}

/* Append a block to dir (a new leaf holding one entry). */
static int
dir_append(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	   uint32_t ino, uint8_t type)
{
	uint64_t lblk = dir->st.size >> fs->log_block_size;
	struct ext4_buf *b;
	int err;

	err = ext4_dir_new_block(fs, dir, lblk, &b);
	if (err)
		return err;
	ext4_dir_leaf_init(fs, b->data);
	ext4_dirent_put(fs, b->data, ino, leaf_limit(fs), name, len, type);
	err = ext4_dir_leaf_dirty(fs, dir, b);
	ext4_brelse(fs, b);
	return err;
}

/* Allocate and map directory block lblk (a fresh zeroed buffer); i_size grows to cover it. */
int
ext4_dir_new_block(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk,
		   struct ext4_buf **out)
{
	struct ext4_map m;
	int err;

	if (lblk >= ext4_max_lblk(fs, dir) || (lblk + 1) << fs->log_block_size > (1ull << 31))
		return -ENOSPC;	/* (no largedir: directories stay under 2 GiB) */
	err = ext4_alloc_range(fs, dir, lblk, 1, false, true, &m);
	if (err)
		return err == -ENOSPC ? ext4_abort(fs, err, "ext4: no space for a directory block") :
					err;
	err = ext4_bget_new(fs, m.pblk, out);
	if (err)
		return ext4_abort(fs, err, "ext4: directory block (%d)", err);
	if (dir->st.size < (lblk + 1) << fs->log_block_size)
		ext4_inode_set_size(dir, (lblk + 1) << fs->log_block_size);
	return ext4_inode_write(fs, dir);
}

int
ext4_dir_add(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	     uint32_t ino, uint8_t type)
{
	uint64_t nblocks = ext4_dir_size(fs, dir) >> fs->log_block_size;
	int err;

	if (ext4_dir_is_indexed(fs, dir))
		return ext4_dx_add(fs, dir, name, len, ino, type);
	for (uint64_t lblk = 0; lblk < nblocks; lblk++) {
		struct ext4_buf *b;
		uint64_t hole = 0;

		err = ext4_dir_read_block(fs, dir, lblk, &b, &hole);
		if (err)
			return ext4_abort(fs, err, "ext4: directory %u unreadable (%d)", dir->ino, err);
		if (!b) {
			lblk += hole - 1;
			continue;
		}
		err = ext4_dir_leaf_add(fs, dir, b->data, name, len, ino, type);
		if (err > 0)
			err = ext4_dir_leaf_dirty(fs, dir, b);
		else if (err < 0)
			err = ext4_abort(fs, err, "ext4: directory %u corrupt (%d)", dir->ino, err);
		else
			err = 1;
		ext4_brelse(fs, b);
		if (err <= 0)
			return err;
	}
	if (nblocks == 1 && ext4_dx_can_index(fs, dir)) {
		err = ext4_dx_make_indexed(fs, dir);
		if (err)
			return err;
		return ext4_dx_add(fs, dir, name, len, ino, type);
	}
	return dir_append(fs, dir, name, len, ino, type);
}

/* Read block lblk of dir for a change (as its kind: root, node or leaf). */
static int
read_for_change(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk, struct ext4_buf **out)
{
	uint64_t hole;
	int err = ext4_dir_read_block(fs, dir, lblk, out, &hole);

	if (!err && !*out)
		err = ext4_err(fs, -EUCLEAN, "ext4: directory %u block %llu is a hole", dir->ino,
			       (unsigned long long)lblk);
	if (err)
		return ext4_abort(fs, err, "ext4: directory %u unreadable (%d)", dir->ino, err);
	return 0;
}

/* Rewrite the checksum of a changed directory block of either kind. */
static int
block_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf *b)
{
	if (b->vkind == EXT4_V_DXROOT)
		return ext4_dx_dirty(fs, dir, b, true);
	return ext4_dir_leaf_dirty(fs, dir, b);
}

int
ext4_dir_remove(struct ext4_fs *fs, struct ext4_inode *dir, const struct ext4_dir_slot *slot)
{
	struct ext4_buf *b;
	uint8_t *e;
	int err;

	err = read_for_change(fs, dir, slot->lblk, &b);
	if (err)
		return err;
	e = b->data + slot->off;
	if (le32(e) != slot->ino) {
		ext4_brelse(fs, b);
		return ext4_abort(fs, -EUCLEAN, "ext4: directory %u changed under an update",
				  dir->ino);
	}
	if (slot->prev != EXT4_NO_PREV) {
		uint8_t *p = b->data + slot->prev;

		put_le16(p + 4, rec_len_encode(fs, rec_len_decode(fs, le16(p + 4)) +
						       rec_len_decode(fs, le16(e + 4))));
		memset(e, 0, DIRENT_HDR);	/* nothing left to mistake for an entry */
	} else {
		put_le32(e, 0);
	}
	err = block_dirty(fs, dir, b);
	ext4_brelse(fs, b);
	return err;
}

int
ext4_dir_set(struct ext4_fs *fs, struct ext4_inode *dir, const struct ext4_dir_slot *slot,
	     uint32_t ino, uint8_t type)
{
	struct ext4_buf *b;
	int err;

	err = read_for_change(fs, dir, slot->lblk, &b);
	if (err)
		return err;
	put_le32(b->data + slot->off, ino);
	if (fs->incompat & INCOMPAT_FILETYPE)
		b->data[slot->off + 7] = type;
	err = block_dirty(fs, dir, b);
	ext4_brelse(fs, b);
	return err;
}

int
ext4_dir_set_dotdot(struct ext4_fs *fs, struct ext4_inode *dir, uint32_t parent)
{
	struct ext4_dir_slot slot = { .lblk = 0, .off = 0 };
	struct ext4_buf *b;
	struct dirent_raw d;
	int err;

	err = read_for_change(fs, dir, 0, &b);
	if (err)
		return err;
	err = dirent_parse(fs, dir, b->data, 0, fs->block_size, &d);
	ext4_brelse(fs, b);
	if (!err && (d.name_len != 1 || d.name[0] != '.'))
		err = -EUCLEAN;
	if (err)
		return ext4_abort(fs, err, "ext4: directory %u: no \".\" entry", dir->ino);
	slot.off = d.rec_len;
	return ext4_dir_set(fs, dir, &slot, parent, EXT4_FT_DIR);
}

int
ext4_dir_init(struct ext4_fs *fs, struct ext4_inode *dir, uint32_t parent)
{
	struct ext4_buf *b;
	int err;

	err = ext4_dir_new_block(fs, dir, 0, &b);
	if (err)
		return err;
	ext4_dir_leaf_init(fs, b->data);
	ext4_dirent_put(fs, b->data, dir->ino, real_len(1), ".", 1, EXT4_FT_DIR);
	ext4_dirent_put(fs, b->data + real_len(1), parent, leaf_limit(fs) - real_len(1), "..", 2,
		   EXT4_FT_DIR);
	err = ext4_dir_leaf_dirty(fs, dir, b);
	ext4_brelse(fs, b);
	return err;
}

/* The emptiness test's actor: any name but "." and ".." stops it. */
static int
nonempty_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
	       uint64_t next_pos)
{
	(void)ino;
	(void)type;
	(void)next_pos;
	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return 0;
	*(bool *)ctx = true;
	return 1;
}

int
ext4_dir_is_empty(struct ext4_fs *fs, struct ext4_inode *dir)
{
	bool found = false;
	uint64_t pos = 0;
	int err = ext4_dir_iterate(fs, dir, &pos, nonempty_actor, &found);

	if (err)
		return err;
	return !found;
}

/* For htree.c: every live entry of a leaf block (offset and name length), in block order. */
int
ext4_dir_leaf_entries(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		      struct ext4_dir_ent *out, uint32_t *n)
{
	uint32_t off = 0, limit = leaf_limit(fs);
	struct dirent_raw d;
	int err;

	*n = 0;
	while (off < limit) {
		err = dirent_parse(fs, dir, blk, off, limit, &d);
		if (err)
			return err;
		if (d.ino) {
			out[*n].off = off;
			out[*n].name_len = d.name_len;
			(*n)++;
		}
		off += d.rec_len;
	}
	return 0;
}

/* Fill leaf blk with the entries src[ents[0..n)] of block src, packed. */
void
ext4_dir_leaf_pack(const struct ext4_fs *fs, uint8_t *blk, const uint8_t *src,
		   const struct ext4_dir_ent *ents, uint32_t n)
{
	uint32_t off = 0, limit = leaf_limit(fs);

	memset(blk, 0, fs->block_size);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = src + ents[i].off;
		uint32_t len = real_len(ents[i].name_len);
		uint32_t rec = i + 1 == n ? limit - off : len;

		ext4_dirent_put(fs, blk + off, le32(e), rec, (const char *)e + DIRENT_HDR,
			   ents[i].name_len, e[7]);
		off += len;
	}
	if (!n)
		put_le16(blk + 4, rec_len_encode(fs, limit));
	ext4_dir_tail_init(fs, blk);
}

uint32_t
ext4_dir_rec_size(uint32_t name_len)
{
	return real_len(name_len);
}
