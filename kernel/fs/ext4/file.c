/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: file contents. ext4_map_blocks() picks the mapping layer
 * (extents.c or blockmap.c) for an inode; ext4_read() turns a byte range
 * into runs of mapped blocks, read straight from the device into the
 * caller's buffer, and runs of holes or unwritten extents, which it zeroes.
 * Inline-data inodes (inline_data feature) are copied from the inode.
 * Symlinks are read here too: fast ones from i_block, the rest as files.
 */
#include "ext4_int.h"
#include "kernel/slab.h"

#define EXT4_SYMLINK_MAX	4095	/* PATH_MAX - 1 */

/* Encrypted contents cannot be read without keys (the feature is refused at mount anyway). */
static int
check_readable(struct ext4_fs *fs, const struct ext4_inode *inode)
{
	if (inode->st.flags & EXT4_ENCRYPT_FL)
		return ext4_err(fs, -EOPNOTSUPP, "ext4: inode %u is encrypted", inode->ino);
	return 0;
}

int
ext4_map_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		uint64_t *pblk, uint64_t *count)
{
	int err = check_readable(fs, inode);

	if (err)
		return err;
	if (inode->st.flags & EXT4_INLINE_DATA_FL)
		return ext4_err(fs, -EOPNOTSUPP, "ext4: inode %u has inline data, no blocks",
				inode->ino);
	if (inode->st.flags & EXT4_EXTENTS_FL) {
		if (lblk >= (1ull << 32)) {
			*pblk = 0;
			*count = 1;
			return 0;
		}
		return ext4_ext_map(fs, inode, (uint32_t)lblk, pblk, count);
	}
	return ext4_ind_map(fs, inode, lblk, pblk, count);
}

/* Read from an inline-data inode: i_block, then the system.data attribute. */
static long
read_inline(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off, void *buf, size_t len)
{
	uint8_t *data;
	size_t dlen;
	int err;

	err = ext4_inline_data(fs, inode, &data, &dlen);
	if (err)
		return err;
	if (inode->st.size > dlen) {
		kfree(data);
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: size %llu exceeds inline data",
				inode->ino, (unsigned long long)inode->st.size);
	}
	memcpy(buf, data + off, len);
	kfree(data);
	return (long)len;
}

long
ext4_read(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;
	int err = check_readable(fs, inode);

	if (err)
		return err;
	if (off >= inode->st.size)
		return 0;
	if (len > inode->st.size - off)
		len = (size_t)(inode->st.size - off);
	if (len > (size_t)1 << 30)	/* keep the result inside a long */
		len = (size_t)1 << 30;
	if (inode->st.flags & EXT4_INLINE_DATA_FL)
		return read_inline(fs, inode, off, buf, len);
	while (done < len) {
		uint64_t pos = off + done;
		uint64_t lblk = pos >> fs->log_block_size;
		uint32_t in_blk = (uint32_t)(pos & (fs->block_size - 1));
		uint64_t pblk, count, avail;
		size_t n;

		/* one mapping call per contiguous run, one device read per mapped run */
		err = ext4_map_blocks(fs, inode, lblk, &pblk, &count);
		if (err)
			return err;
		if (count > (1ull << 32))
			count = 1ull << 32;
		avail = (count << fs->log_block_size) - in_blk;
		n = len - done < avail ? len - done : (size_t)avail;
		if (pblk)
			err = ext4_dev_read(fs, (pblk << fs->log_block_size) + in_blk, out + done, n);
		else
			memset(out + done, 0, n);
		if (err)
			return err;
		done += n;
	}
	return (long)done;
}

int
ext4_readlink(struct ext4_fs *fs, struct ext4_inode *inode, char *buf, size_t size)
{
	uint64_t len = inode->st.size;
	uint64_t ea_blocks = inode->file_acl ? fs->block_size >> 9 : 0;
	size_t n;
	long got;

	if (!EXT4_ISLNK(inode->st.mode))
		return ext4_err(fs, -EINVAL, "ext4: inode %u is not a symlink", inode->ino);
	if (!len || len > EXT4_SYMLINK_MAX)
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: bad symlink length %llu",
				inode->ino, (unsigned long long)len);
	n = size < len ? size : (size_t)len;
	if (!(inode->st.flags & EXT4_INLINE_DATA_FL) && inode->st.blocks == ea_blocks) {
		/* fast symlink: the target is in i_block */
		if (len >= sizeof(inode->i_block))
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: fast symlink too long",
					inode->ino);
		memcpy(buf, inode->i_block, n);
	} else {
		got = ext4_read(fs, inode, 0, buf, n);
		if (got < 0)
			return (int)got;
		if ((size_t)got != n)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: short symlink", inode->ino);
	}
	if (n < size)
		buf[n] = '\0';
	return (int)n;
}

unsigned int
ext4_dt_type(uint8_t ft)
{
	/* DT_UNKNOWN 0, FIFO 1, CHR 2, DIR 4, BLK 6, REG 8, LNK 10, SOCK 12 */
	static const uint8_t dt[] = { 0, 8, 4, 2, 6, 1, 12, 10 };

	return ft < sizeof(dt) ? dt[ft] : 0;
}
