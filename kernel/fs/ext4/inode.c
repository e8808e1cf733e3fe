/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: inodes. ext4_iget() finds inode ino in its group's inode
 * table (through the block cache), checks it (checksum, i_extra_isize) and
 * decodes the fields stat(2) needs. The raw bytes stay in the ext4_inode
 * so the mapping layers (extents.c, blockmap.c) and the in-inode extended
 * attributes (where inline_data keeps the tail of small files) can be read
 * later without going back to the disk.
 *
 * Each inode has one ext4_inode in memory while referenced (a small hash
 * table, fs->icache), so that every change goes to the same copy. The raw
 * bytes are the truth: a change edits raw, then ext4_inode_write()
 * re-decodes st, recomputes the checksum and copies raw into the inode
 * table block, which joins the running transaction. The last ext4_iput()
 * of an inode without links frees it (orphan.c).
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define XATTR_IBODY_MAGIC	0xEA020000u
#define XATTR_INDEX_SYSTEM	7
#define XATTR_ENTRY_SIZE	16	/* fixed part of an xattr entry */

/* Whether a field ending at byte end lies inside this inode's extra part. */
static bool
fits(const struct ext4_inode *inode, unsigned int end)
{
	return I_GOOD_OLD_SIZE + (unsigned int)inode->extra_isize >= end;
}

/*
 * Times: 32 signed bits of seconds, plus (if the inode is big enough) an
 * extra word whose two low bits extend the seconds to 34 bits and whose
 * upper 30 bits are nanoseconds. Example: sec 0x80000000 with extra 1
 * is 0x80000000 - 2^32 + 2^32 = 2^31 (year 2038), not 1901.
 */
static struct ext4_timespec
decode_time(const struct ext4_inode *inode, unsigned int off, unsigned int extra_off)
{
	struct ext4_timespec t = { .sec = (int32_t)le32(inode->raw + off), .nsec = 0 };

	if (fits(inode, extra_off + 4)) {
		uint32_t extra = le32(inode->raw + extra_off);

		t.sec += (int64_t)(extra & 3) << 32;
		t.nsec = extra >> 2;
	}
	return t;
}

static void
decode_stat(const struct ext4_fs *fs, struct ext4_inode *inode)
{
	const uint8_t *raw = inode->raw;
	struct ext4_stat *st = &inode->st;

	st->ino = inode->ino;
	st->mode = le16(raw + I_MODE);
	st->uid = le16(raw + I_UID) | (uint32_t)le16(raw + I_UID_HIGH) << 16;
	st->gid = le16(raw + I_GID) | (uint32_t)le16(raw + I_GID_HIGH) << 16;
	st->nlink = le16(raw + I_LINKS_COUNT);
	st->size = le32(raw + I_SIZE_LO) | (uint64_t)le32(raw + I_SIZE_HIGH) << 32;
	st->flags = le32(raw + I_FLAGS);
	st->generation = le32(raw + I_GENERATION);
	st->blocks = le32(raw + I_BLOCKS_LO);
	if (fs->ro_compat & RO_COMPAT_HUGE_FILE) {
		st->blocks |= (uint64_t)le16(raw + I_BLOCKS_HIGH) << 32;
		if (st->flags & EXT4_HUGE_FILE_FL)
			st->blocks <<= fs->log_block_size - 9;
	}
	st->atime = decode_time(inode, I_ATIME, I_ATIME_EXTRA);
	st->mtime = decode_time(inode, I_MTIME, I_MTIME_EXTRA);
	st->ctime = decode_time(inode, I_CTIME, I_CTIME_EXTRA);
	st->has_crtime = fits(inode, I_CRTIME + 4);
	if (st->has_crtime)
		st->crtime = decode_time(inode, I_CRTIME, I_CRTIME_EXTRA);
	if ((st->mode & EXT4_S_IFMT) == EXT4_S_IFCHR ||
	    (st->mode & EXT4_S_IFMT) == EXT4_S_IFBLK) {
		uint32_t old = le32(raw + I_BLOCK), new = le32(raw + I_BLOCK + 4);

		if (old) {	/* 8-bit major and minor */
			st->rdev_major = (old >> 8) & 0xff;
			st->rdev_minor = old & 0xff;
		} else {	/* 12-bit major, 20-bit minor split around it */
			st->rdev_major = (new >> 8) & 0xfff;
			st->rdev_minor = (new & 0xff) | ((new >> 12) & 0xfff00);
		}
	}
	inode->file_acl = le32(raw + I_FILE_ACL_LO) | (uint64_t)le16(raw + I_FILE_ACL_HIGH) << 32;
	memcpy(inode->i_block, raw + I_BLOCK, sizeof(inode->i_block));
}

/* metadata_csum: crc32c over the inode with both checksum halves as zero. */
static bool
inode_csum_ok(const struct ext4_fs *fs, const struct ext4_inode *inode, uint8_t *scratch)
{
	uint32_t want = le16(inode->raw + I_CHECKSUM_LO), got;
	bool hi = fs->inode_size > I_GOOD_OLD_SIZE && fits(inode, I_CHECKSUM_HI + 2);

	memcpy(scratch, inode->raw, fs->inode_size);
	scratch[I_CHECKSUM_LO] = scratch[I_CHECKSUM_LO + 1] = 0;
	if (hi) {
		want |= (uint32_t)le16(inode->raw + I_CHECKSUM_HI) << 16;
		scratch[I_CHECKSUM_HI] = scratch[I_CHECKSUM_HI + 1] = 0;
	}
	got = crc32c_update(inode->csum_seed, scratch, fs->inode_size);
	if (!hi)
		got &= 0xFFFF;
	return got == want;
}

/* Where inode ino lives: the inode table block and the byte offset inside. */
static int
inode_place(struct ext4_fs *fs, uint32_t ino, uint64_t *blk, uint32_t *off)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	uint32_t idx = (ino - 1) % fs->inodes_per_group;
	uint64_t byte = (uint64_t)idx * fs->inode_size;

	if (ino < 1 || ino > fs->inodes_count)
		return ext4_err(fs, -EUCLEAN, "ext4: inode number %u out of range", ino);
	*blk = ext4_inode_table_blk(fs, g) + (byte >> fs->log_block_size);
	*off = (uint32_t)(byte & (fs->block_size - 1));
	return 0;
}

/* Locate inode ino for reading: it must lie in the initialised part of its table. */
static int
inode_location(struct ext4_fs *fs, uint32_t ino, uint64_t *blk, uint32_t *off)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	uint32_t idx = (ino - 1) % fs->inodes_per_group;
	const uint8_t *d = ext4_group_desc(fs, g);

	if (ext4_has_gd_csum(fs)) {
		uint32_t unused = ext4_gd_count(fs, d, BG_ITABLE_UNUSED_LO, BG_ITABLE_UNUSED_HI);

		/* Never-initialised parts of the table may hold garbage. */
		if ((le16(d + BG_FLAGS) & BG_INODE_UNINIT) ||
		    (unused <= fs->inodes_per_group && idx >= fs->inodes_per_group - unused))
			return ext4_err(fs, -ENOENT, "ext4: inode %u is not in use", ino);
	}
	return inode_place(fs, ino, blk, off);
}

static int
inode_check(struct ext4_fs *fs, struct ext4_inode *inode, bool any_links)
{
	uint32_t ino = inode->ino;
	uint8_t *scratch;
	bool zero = true;

	for (uint32_t i = 0; i < fs->inode_size && zero; i++)
		zero = !inode->raw[i];
	if (zero)
		return ext4_err(fs, -ENOENT, "ext4: inode %u is not in use", ino);
	if (fs->inode_size > I_GOOD_OLD_SIZE) {
		inode->extra_isize = le16(inode->raw + I_EXTRA_ISIZE);
		if (I_GOOD_OLD_SIZE + (uint32_t)inode->extra_isize > fs->inode_size ||
		    (inode->extra_isize & 3))
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: bad i_extra_isize %u",
					ino, inode->extra_isize);
	}
	if (fs->csum) {
		ext4_inode_csum_seed(fs, inode);
		scratch = kmalloc(fs->inode_size);
		if (!scratch)
			return -ENOMEM;
		zero = inode_csum_ok(fs, inode, scratch);
		kfree(scratch);
		if (!zero)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u checksum mismatch", ino);
	}
	if (!le16(inode->raw + I_LINKS_COUNT) && !any_links)
		return ext4_err(fs, -ENOENT, "ext4: inode %u is deleted", ino);
	if ((le32(inode->raw + I_FLAGS) & EXT4_INLINE_DATA_FL) &&
	    !(fs->incompat & INCOMPAT_INLINE_DATA))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: inline data without the feature", ino);
	return 0;
}

static struct ext4_inode **
icache_slot(struct ext4_fs *fs, uint32_t ino)
{
	struct ext4_inode **pp = &fs->icache[(ino * 2654435761u) >> 24];

	while (*pp && (*pp)->ino != ino)
		pp = &(*pp)->hnext;
	return pp;
}

static void
inode_free(struct ext4_inode *inode)
{
	kfree(inode->raw);
	kfree(inode);
}

/* Read inode ino; with any_links, also one with no links (orphans). */
static int
iget(struct ext4_fs *fs, uint32_t ino, bool any_links, struct ext4_inode **out)
{
	struct ext4_inode **slot, *inode;
	struct ext4_buf *b;
	uint64_t blk = 0;
	uint32_t off = 0;
	int err;

	*out = NULL;
	if (ino < 1 || ino > fs->inodes_count)
		return ext4_err(fs, -EINVAL, "ext4: inode number %u out of range", ino);
	slot = icache_slot(fs, ino);
	if (*slot) {
		if (!(*slot)->st.nlink && !any_links)
			return ext4_err(fs, -ENOENT, "ext4: inode %u is deleted", ino);
		(*slot)->refs++;
		*out = *slot;
		return 0;
	}
	err = inode_location(fs, ino, &blk, &off);
	if (err)
		return err;
	inode = kzalloc(sizeof(*inode));
	if (!inode)
		return -ENOMEM;
	inode->raw = kmalloc(fs->inode_size);
	if (!inode->raw) {
		err = -ENOMEM;
		goto out_free;
	}
	inode->ino = ino;
	inode->fs = fs;
	err = ext4_bread(fs, blk, &b);
	if (err)
		goto out_free;
	memcpy(inode->raw, b->data + off, fs->inode_size);
	ext4_brelse(fs, b);
	err = inode_check(fs, inode, any_links);
	if (err)
		goto out_free;
	decode_stat(fs, inode);
	inode->refs = 1;
	inode->hnext = NULL;
	*icache_slot(fs, ino) = inode;
	*out = inode;
	return 0;

out_free:
	inode_free(inode);
	return err;
}

int
ext4_iget(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out)
{
	return iget(fs, ino, false, out);
}

int
ext4_iget_raw(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out)
{
	return iget(fs, ino, true, out);
}

/* Take inode out of the cache and free it. */
static void
inode_drop(struct ext4_fs *fs, struct ext4_inode *inode)
{
	struct ext4_inode **slot = icache_slot(fs, inode->ino);

	if (*slot == inode)
		*slot = inode->hnext;
	inode_free(inode);
}

void
ext4_iput(struct ext4_inode *inode)
{
	struct ext4_fs *fs;

	if (!inode)
		return;
	fs = inode->fs;
	if (inode->refs > 1) {
		inode->refs--;
		return;
	}
	if (!inode->st.nlink && !fs->rdonly && !fs->aborted && inode->ino >= fs->first_ino)
		ext4_inode_evict(fs, inode);	/* errors are in the detail */
	inode->refs = 0;
	inode_drop(fs, inode);
}

void
ext4_icache_drop(struct ext4_fs *fs)
{
	for (unsigned int i = 0; i < sizeof(fs->icache) / sizeof(fs->icache[0]); i++) {
		while (fs->icache[i]) {
			struct ext4_inode *inode = fs->icache[i];

			fs->icache[i] = inode->hnext;
			inode_free(inode);
		}
	}
	fs->orphans = NULL;
}

/* --- writing --- */

/* Times: the inverse of decode_time (seconds outside 1901..2446 are clamped). */
static void
encode_time(struct ext4_inode *inode, unsigned int off, unsigned int extra_off,
	    struct ext4_timespec t)
{
	int64_t epoch;

	if (t.sec < INT32_MIN)
		t.sec = INT32_MIN;
	if (t.sec > INT32_MAX + 3ll * (1ll << 32))
		t.sec = INT32_MAX + 3ll * (1ll << 32);
	put_le32(inode->raw + off, (uint32_t)t.sec);
	if (!fits(inode, extra_off + 4))
		return;
	epoch = (t.sec - (int32_t)(uint32_t)t.sec) >> 32;
	put_le32(inode->raw + extra_off, (uint32_t)(epoch & 3) | t.nsec << 2);
}

void
ext4_inode_set_time(struct ext4_inode *inode, unsigned int which, struct ext4_timespec t)
{
	switch (which) {
	case I_ATIME:
		encode_time(inode, I_ATIME, I_ATIME_EXTRA, t);
		break;
	case I_MTIME:
		encode_time(inode, I_MTIME, I_MTIME_EXTRA, t);
		break;
	case I_CTIME:
		encode_time(inode, I_CTIME, I_CTIME_EXTRA, t);
		break;
	case I_CRTIME:
		if (fits(inode, I_CRTIME_EXTRA + 4))
			encode_time(inode, I_CRTIME, I_CRTIME_EXTRA, t);
		break;
	}
}

/* Set the times in mask (bits: 1 atime, 2 mtime, 4 ctime) to now. */
void
ext4_inode_touch(struct ext4_fs *fs, struct ext4_inode *inode, unsigned int mask)
{
	struct ext4_timespec now;

	ext4_now(fs, &now);
	if (mask & EXT4_T_ATIME)
		ext4_inode_set_time(inode, I_ATIME, now);
	if (mask & EXT4_T_MTIME)
		ext4_inode_set_time(inode, I_MTIME, now);
	if (mask & EXT4_T_CTIME)
		ext4_inode_set_time(inode, I_CTIME, now);
}

void
ext4_inode_set_size(struct ext4_inode *inode, uint64_t size)
{
	put_le32(inode->raw + I_SIZE_LO, (uint32_t)size);
	put_le32(inode->raw + I_SIZE_HIGH, (uint32_t)(size >> 32));
	inode->st.size = size;
}

void
ext4_inode_set_links(struct ext4_inode *inode, uint32_t n)
{
	put_le16(inode->raw + I_LINKS_COUNT, (uint16_t)n);
	inode->st.nlink = n;
}

/* Add delta blocks of the filesystem's size to i_blocks (in 512-byte units). */
void
ext4_inode_add_blocks(struct ext4_fs *fs, struct ext4_inode *inode, int64_t delta)
{
	uint64_t v = inode->st.blocks + (uint64_t)(delta * (int64_t)(fs->block_size >> 9));

	if ((int64_t)v < 0)
		v = 0;
	put_le32(inode->raw + I_BLOCKS_LO, (uint32_t)v);
	if (fs->ro_compat & RO_COMPAT_HUGE_FILE)
		put_le16(inode->raw + I_BLOCKS_HIGH, (uint16_t)(v >> 32));
	inode->st.blocks = v;
}

void
ext4_inode_set_flags(struct ext4_inode *inode, uint32_t flags)
{
	put_le32(inode->raw + I_FLAGS, flags);
	inode->st.flags = flags;
}

static void
inode_csum_set(const struct ext4_fs *fs, struct ext4_inode *inode)
{
	bool hi = fs->inode_size > I_GOOD_OLD_SIZE && fits(inode, I_CHECKSUM_HI + 2);
	static const uint8_t zero[2];
	uint32_t c;

	if (!fs->csum)
		return;
	c = crc32c_update(inode->csum_seed, inode->raw, I_CHECKSUM_LO);
	c = crc32c_update(c, zero, 2);
	if (hi) {
		c = crc32c_update(c, inode->raw + I_CHECKSUM_LO + 2,
				  I_CHECKSUM_HI - I_CHECKSUM_LO - 2);
		c = crc32c_update(c, zero, 2);
		c = crc32c_update(c, inode->raw + I_CHECKSUM_HI + 2,
				  fs->inode_size - I_CHECKSUM_HI - 2);
	} else {
		c = crc32c_update(c, inode->raw + I_CHECKSUM_LO + 2,
				  fs->inode_size - I_CHECKSUM_LO - 2);
	}
	put_le16(inode->raw + I_CHECKSUM_LO, (uint16_t)c);
	if (hi)
		put_le16(inode->raw + I_CHECKSUM_HI, (uint16_t)(c >> 16));
}

int
ext4_inode_write(struct ext4_fs *fs, struct ext4_inode *inode)
{
	struct ext4_buf *b;
	uint64_t blk;
	uint32_t off;
	int err;

	decode_stat(fs, inode);
	inode_csum_set(fs, inode);
	err = inode_place(fs, inode->ino, &blk, &off);
	if (!err)
		err = ext4_bread(fs, blk, &b);
	if (err)
		return ext4_abort(fs, err, "ext4: cannot write inode %u (%d)", inode->ino, err);
	memcpy(b->data + off, inode->raw, fs->inode_size);
	err = ext4_bdirty(fs, b);
	ext4_brelse(fs, b);
	return err;
}

void
ext4_inode_csum_seed(const struct ext4_fs *fs, struct ext4_inode *inode)
{
	uint8_t le[4];
	uint32_t seed;

	if (!fs->csum)
		return;
	put_le32(le, inode->ino);
	seed = crc32c_update(fs->csum_seed, le, 4);
	inode->csum_seed = crc32c_update(seed, inode->raw + I_GENERATION, 4);
}

/*
 * A fresh in-memory inode ino (its number already taken in the bitmap):
 * mode, owner, all times now, one link (two for a directory), a new
 * generation, an empty extent root for files, directories and symlinks
 * when the filesystem has extents. Not written yet: the caller finishes
 * it and calls ext4_inode_write().
 */
int
ext4_inode_new(struct ext4_fs *fs, uint32_t ino, uint16_t mode, uint32_t uid, uint32_t gid,
	       struct ext4_inode **out)
{
	struct ext4_inode *inode = kzalloc(sizeof(*inode));
	struct ext4_timespec now;
	uint32_t flags = 0;

	if (!inode || !(inode->raw = kzalloc(fs->inode_size))) {
		kfree(inode);
		return -ENOMEM;
	}
	inode->ino = ino;
	inode->fs = fs;
	if (fs->inode_size > I_GOOD_OLD_SIZE) {
		inode->extra_isize = fs->inode_size - I_GOOD_OLD_SIZE < I_EXTRA_WANT ?
				     (uint16_t)(fs->inode_size - I_GOOD_OLD_SIZE) : I_EXTRA_WANT;
		put_le16(inode->raw + I_EXTRA_ISIZE, inode->extra_isize);
	}
	put_le16(inode->raw + I_MODE, mode);
	put_le16(inode->raw + I_UID, (uint16_t)uid);
	put_le16(inode->raw + I_UID_HIGH, (uint16_t)(uid >> 16));
	put_le16(inode->raw + I_GID, (uint16_t)gid);
	put_le16(inode->raw + I_GID_HIGH, (uint16_t)(gid >> 16));
	put_le16(inode->raw + I_LINKS_COUNT, EXT4_ISDIR(mode) ? 2 : 1);
	put_le32(inode->raw + I_GENERATION, fs->next_generation++);
	ext4_now(fs, &now);
	encode_time(inode, I_ATIME, I_ATIME_EXTRA, now);
	encode_time(inode, I_MTIME, I_MTIME_EXTRA, now);
	encode_time(inode, I_CTIME, I_CTIME_EXTRA, now);
	if (fits(inode, I_CRTIME_EXTRA + 4))
		encode_time(inode, I_CRTIME, I_CRTIME_EXTRA, now);
	if ((fs->incompat & INCOMPAT_EXTENTS) &&
	    ((mode & EXT4_S_IFMT) == EXT4_S_IFREG || EXT4_ISDIR(mode) || EXT4_ISLNK(mode))) {
		flags |= EXT4_EXTENTS_FL;
		ext4_ext_init_root(inode);
	}
	put_le32(inode->raw + I_FLAGS, flags);
	ext4_inode_csum_seed(fs, inode);
	decode_stat(fs, inode);
	inode->refs = 1;
	*icache_slot(fs, ino) = inode;
	*out = inode;
	return 0;
}

/* Forget a new inode whose creation failed before it was written. */
void
ext4_inode_discard(struct ext4_fs *fs, struct ext4_inode *inode)
{
	inode_drop(fs, inode);
}

/*
 * The in-inode xattr area: after i_extra_isize, a magic word, then entries
 * {name_len, name_index, value_offs, value_inum, value_size, hash, name}
 * padded to 4 bytes, ended by a zero word. Value offsets count from the
 * first entry. Returns the offset and size of system.<name> inside raw.
 */
static int
ibody_xattr(struct ext4_fs *fs, const struct ext4_inode *inode, const char *name,
	    uint32_t *voff, uint32_t *vsize)
{
	uint32_t end = fs->inode_size;
	uint32_t start = I_GOOD_OLD_SIZE + inode->extra_isize;
	uint32_t first = start + 4, e = first;
	size_t nlen = strlen(name);

	if (fs->inode_size <= I_GOOD_OLD_SIZE || start + 4 > end ||
	    le32(inode->raw + start) != XATTR_IBODY_MAGIC)
		return -ENODATA;
	while (e + 4 <= end && le32(inode->raw + e)) {
		const uint8_t *p = inode->raw + e;
		uint32_t len = p[0], offs = le16(p + 2), size = le32(p + 8);

		if (e + XATTR_ENTRY_SIZE + len > end)
			break;
		if (p[1] == XATTR_INDEX_SYSTEM && len == nlen &&
		    !memcmp(p + XATTR_ENTRY_SIZE, name, nlen)) {
			if (le32(p + 4) || offs > end - first || size > end - first - offs)
				return ext4_err(fs, -EUCLEAN,
						"ext4: inode %u: bad in-inode xattr value",
						inode->ino);
			*voff = first + offs;
			*vsize = size;
			return 0;
		}
		e += (XATTR_ENTRY_SIZE + len + 3) & ~3u;
	}
	if (e + 4 > end)
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: in-inode xattrs overrun",
				inode->ino);
	return -ENODATA;
}

int
ext4_inline_data(struct ext4_fs *fs, struct ext4_inode *inode, uint8_t **data, size_t *len)
{
	uint32_t voff = 0, vsize = 0;
	uint8_t *buf;
	int err;

	/* Without the attribute (allowed when all fits in i_block), vsize is 0. */
	err = ibody_xattr(fs, inode, "data", &voff, &vsize);
	if (err && err != -ENODATA)
		return err;
	buf = kmalloc(sizeof(inode->i_block) + vsize);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, inode->i_block, sizeof(inode->i_block));
	memcpy(buf + sizeof(inode->i_block), inode->raw + voff, vsize);
	*data = buf;
	*len = sizeof(inode->i_block) + vsize;
	return 0;
}
