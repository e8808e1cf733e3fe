/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: inodes. ext4_iget() finds inode ino in its group's inode
 * table (through the block cache), checks it (checksum, i_extra_isize) and
 * decodes the fields stat(2) needs. The raw bytes stay in the ext4_inode
 * so the mapping layers (extents.c, blockmap.c) and the in-inode extended
 * attributes (where inline_data keeps the tail of small files) can be read
 * later without going back to the disk.
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

/* Locate inode ino: the block holding it and the byte offset inside. */
static int
inode_location(struct ext4_fs *fs, uint32_t ino, uint64_t *blk, uint32_t *off)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	uint32_t idx = (ino - 1) % fs->inodes_per_group;
	const uint8_t *d = ext4_group_desc(fs, g);
	uint64_t table = le32(d + BG_INODE_TABLE_LO);
	uint64_t byte = (uint64_t)idx * fs->inode_size;

	if (fs->desc_size >= 64)
		table |= (uint64_t)le32(d + BG_INODE_TABLE_HI) << 32;
	if (fs->csum || fs->gdt_csum) {
		uint32_t unused = le16(d + BG_ITABLE_UNUSED_LO);

		if (fs->desc_size >= 64)
			unused |= (uint32_t)le16(d + BG_ITABLE_UNUSED_HI) << 16;
		/* Never-initialised parts of the table may hold garbage. */
		if ((le16(d + BG_FLAGS) & BG_INODE_UNINIT) ||
		    (unused <= fs->inodes_per_group && idx >= fs->inodes_per_group - unused))
			return ext4_err(fs, -ENOENT, "ext4: inode %u is not in use", ino);
	}
	*blk = table + (byte >> fs->log_block_size);
	*off = (uint32_t)(byte & (fs->block_size - 1));
	return 0;
}

static int
inode_check(struct ext4_fs *fs, struct ext4_inode *inode)
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
		uint8_t le[4];
		uint32_t seed;

		put_le32(le, ino);
		seed = crc32c_update(fs->csum_seed, le, 4);
		inode->csum_seed = crc32c_update(seed, inode->raw + I_GENERATION, 4);
		scratch = kmalloc(fs->inode_size);
		if (!scratch)
			return -ENOMEM;
		zero = inode_csum_ok(fs, inode, scratch);
		kfree(scratch);
		if (!zero)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u checksum mismatch", ino);
	}
	if (!le16(inode->raw + I_LINKS_COUNT))
		return ext4_err(fs, -ENOENT, "ext4: inode %u is deleted", ino);
	if ((le32(inode->raw + I_FLAGS) & EXT4_INLINE_DATA_FL) &&
	    !(fs->incompat & INCOMPAT_INLINE_DATA))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: inline data without the feature", ino);
	return 0;
}

int
ext4_iget(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out)
{
	struct ext4_inode *inode;
	struct ext4_buf *b;
	uint64_t blk = 0;
	uint32_t off = 0;
	int err;

	*out = NULL;
	if (ino < 1 || ino > fs->inodes_count)
		return ext4_err(fs, -EINVAL, "ext4: inode number %u out of range", ino);
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
	err = ext4_bread(fs, blk, &b);
	if (err)
		goto out_free;
	memcpy(inode->raw, b->data + off, fs->inode_size);
	ext4_brelse(fs, b);
	err = inode_check(fs, inode);
	if (err)
		goto out_free;
	decode_stat(fs, inode);
	*out = inode;
	return 0;

out_free:
	ext4_iput(inode);
	return err;
}

void
ext4_iput(struct ext4_inode *inode)
{
	if (!inode)
		return;
	kfree(inode->raw);
	kfree(inode);
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
