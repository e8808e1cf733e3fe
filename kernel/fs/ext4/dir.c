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
ext4_dir_search_block(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		      const char *name, size_t len, uint32_t *ino)
{
	struct dirent_raw d;
	uint32_t off = 0;
	int err;

	while (off < fs->block_size) {
		err = dirent_parse(fs, dir, blk, off, fs->block_size, &d);
		if (err)
			return err;
		if (d.ino && d.name_len == len && !memcmp(d.name, name, len)) {
			*ino = d.ino;
			return 1;
		}
		off += d.rec_len;
	}
	return 0;
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
	uint64_t size = dir->st.size;
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

int
ext4_lookup(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	    uint32_t *ino)
{
	struct find_entry f = { .name = name, .len = len };
	bool dots = (len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2));
	uint64_t pos = 0;
	int err;

	if (!EXT4_ISDIR(dir->st.mode))
		return -ENOTDIR;
	if (!len)
		return -ENOENT;
	if (len > EXT4_NAME_MAX)
		return -ENAMETOOLONG;
	/* "." and ".." sit in block 0, outside the hash tree's leaves */
	if (ext4_dir_is_indexed(fs, dir) && !dots)
		return ext4_dx_lookup(fs, dir, name, len, ino);
	err = ext4_dir_iterate(fs, dir, &pos, find_actor, &f);
	if (err)
		return err;
	if (!f.ino)
		return -ENOENT;
	*ino = f.ino;
	return 0;
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
