/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: file contents. ext4_map_blocks() picks the mapping layer
 * (extents.c or blockmap.c) for an inode; ext4_read() turns a byte range
 * into runs of mapped blocks, read straight from the device into the
 * caller's buffer, and runs of holes or unwritten extents, which it zeroes.
 * Inline-data inodes (inline_data feature) are copied from the inode.
 * Symlinks are read here too: fast ones from i_block, the rest as files.
 *
 * Writing goes through ext4_get_blocks(): a hole gets a run of new blocks
 * (near the block before it, else near the inode), an unwritten extent is
 * converted, and the caller is told the blocks are new so that it zeroes
 * what it does not write. Data never goes through the journal; it is
 * written before the commit that makes it reachable (ordered mode):
 * ext4_write() writes it at once, a page cache above writes it from
 * bd->writeback_data. i_size only grows over blocks in the same call that
 * maps them, so committed metadata never has written blocks past EOF.
 *
 * Shrinking (truncate, and freeing a deleted inode) runs in chunks, each
 * ending when the transaction is full; the inode sits on the orphan list
 * meanwhile with its final i_size, so a crash between chunks is finished
 * at the next mount. Punching a hole needs no such cover: every chunk
 * leaves a valid, partly punched file.
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
	if (!(inode->st.flags & (EXT4_INLINE_DATA_FL | EXT4_EXTENTS_FL)) &&
	    inode->st.blocks == ea_blocks) {
		/* fast symlink: the target is in i_block */
		if (len >= EXT4_IBLOCK_SIZE)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: fast symlink too long",
					inode->ino);
		memcpy(buf, inode->raw + I_BLOCK, n);
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

/* --- mapping with allocation --- */

static bool
has_extents(const struct ext4_inode *inode)
{
	return inode->st.flags & EXT4_EXTENTS_FL;
}

/* One past the last logical block a file can have. */
uint64_t
ext4_max_lblk(const struct ext4_fs *fs, const struct ext4_inode *inode)
{
	return has_extents(inode) ? 1ull << 32 : ext4_ind_max_blocks(fs);
}

int
ext4_map_lookup(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		struct ext4_map *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	if (lblk >= ext4_max_lblk(fs, inode)) {
		m->count = 1;
		return 0;
	}
	if (has_extents(inode))
		return ext4_ext_lookup(fs, inode, (uint32_t)lblk, m);
	err = ext4_ind_map(fs, inode, lblk, &m->pblk, &m->count);
	return err;
}

/* Blocks the tree may need for one insertion and a split remainder. */
static uint64_t
meta_need(const struct ext4_inode *inode)
{
	if (!has_extents(inode))
		return 3;
	return 2 * ((uint64_t)le16(inode->raw + I_BLOCK + 6) + 2);
}

int
ext4_reserve_for(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t data, bool root)
{
	return ext4_reserve_blocks(fs, data + meta_need(inode), root);
}

/*
 * Allocate up to n blocks for the hole at lblk (space was reserved at the
 * start of the call) and map them; unwritten for preallocation.
 */
int
ext4_alloc_range(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t n,
		 bool unwritten, bool root, struct ext4_map *m)
{
	uint64_t reserve = (root ? 0 : fs->r_blocks) + meta_need(inode);
	uint64_t goal = 0, pblk, got;
	struct ext4_map left;
	int err;

	if (fs->free_blocks <= reserve)
		return -ENOSPC;
	if (n > fs->free_blocks - reserve)
		n = fs->free_blocks - reserve;
	if (has_extents(inode)) {
		if (n > EXT4_GET_CHUNK - (unwritten ? 1 : 0))
			n = EXT4_GET_CHUNK - (unwritten ? 1 : 0);
	} else if (n > ext4_ind_span(fs, lblk)) {
		n = ext4_ind_span(fs, lblk);
	}
	if (lblk && !ext4_map_lookup(fs, inode, lblk - 1, &left) && left.pblk)
		goal = left.pblk + 1;
	if (!goal)
		goal = ext4_inode_goal(fs, inode);
	err = ext4_alloc_blocks(fs, goal, n, true, &pblk, &got);
	if (err)
		return err;
	if (has_extents(inode))
		err = ext4_ext_insert(fs, inode, (uint32_t)lblk, (uint32_t)got, pblk, unwritten);
	else
		err = ext4_ind_set(fs, inode, lblk, got, pblk);
	if (err)
		return err;
	ext4_inode_add_blocks(fs, inode, (int64_t)got);
	inode->goal = pblk + got;
	m->pblk = pblk;
	m->count = got;
	m->unwritten = unwritten;
	m->new = true;
	return 0;
}

static int
check_writable(struct ext4_fs *fs, struct ext4_inode *inode)
{
	int err = check_readable(fs, inode);

	if (err)
		return err;
	if (inode->st.flags & EXT4_INLINE_DATA_FL)
		return ext4_err(fs, -EOPNOTSUPP, "ext4: inode %u has inline data", inode->ino);
	return 0;
}

/* Grow i_size to new_size, but not past the end of the blocks just mapped. */
static void
grow_size(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t count,
	  uint64_t new_size)
{
	uint64_t end = (lblk + count) << fs->log_block_size;

	if (new_size > end)
		new_size = end;
	if (new_size > inode->st.size)
		ext4_inode_set_size(inode, new_size);
}

int
ext4_get_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t max,
		unsigned int flags, uint64_t new_size, struct ext4_map *map)
{
	bool root = flags & EXT4_GB_RESERVED;
	struct ext4_map m;
	int err;

	memset(map, 0, sizeof(*map));
	err = check_writable(fs, inode);
	if (err)
		return err;
	if (!max)
		max = 1;
	if (lblk >= ext4_max_lblk(fs, inode))
		return (flags & EXT4_GB_CREATE) ? -EFBIG : (map->count = 1, 0);
	err = ext4_map_lookup(fs, inode, lblk, &m);
	if (err)
		return err;
	if (m.count > max)
		m.count = max;
	if (!(flags & EXT4_GB_CREATE)) {
		*map = m;
		return 0;
	}
	if (m.pblk && !m.unwritten && new_size <= inode->st.size) {
		*map = m;
		return 0;
	}
	{	/* never past the end of the file or of the caller's write */
		uint64_t end = new_size > inode->st.size ? new_size : inode->st.size;

		end = (end + fs->block_size - 1) >> fs->log_block_size;
		if (lblk >= end)
			return ext4_err(fs, -EINVAL,
					"ext4: inode %u: mapping block %llu past the end to write",
					inode->ino, (unsigned long long)lblk);
		if (m.count > end - lblk)
			m.count = end - lblk;
	}
	err = ext4_op_begin(fs, EXT4_CREDITS_MAP);
	if (!err && !(m.pblk && !m.unwritten))
		err = ext4_reserve_for(fs, inode, 1, root);
	if (err)
		return err;
	if (m.pblk && m.unwritten) {
		if (m.count > EXT4_GET_CHUNK)
			m.count = EXT4_GET_CHUNK;
		err = ext4_ext_convert(fs, inode, (uint32_t)lblk, (uint32_t)m.count, m.pblk);
		m.unwritten = false;
		m.new = true;
	} else if (!m.pblk) {
		if (m.count > ext4_max_lblk(fs, inode) - lblk)
			m.count = ext4_max_lblk(fs, inode) - lblk;
		err = ext4_alloc_range(fs, inode, lblk, m.count, false, root, &m);
	}
	if (err)
		return err;
	grow_size(fs, inode, lblk, m.count, new_size);
	err = ext4_inode_write(fs, inode);
	if (err)
		return err;
	*map = m;
	return 0;
}

/* --- writing data --- */

/*
 * Write bytes at byte offset in of the run starting at pblk. Partial
 * blocks of new blocks are zero-filled, of old ones read first.
 */
static int
write_run(struct ext4_fs *fs, uint64_t pblk, uint32_t in, const uint8_t *src, size_t bytes,
	  bool new, uint8_t *tmp)
{
	uint64_t off = (pblk << fs->log_block_size) + in;
	uint32_t bs = fs->block_size;
	int err;

	while (bytes) {
		uint32_t at = (uint32_t)(off & (bs - 1));
		size_t n;

		if (at || bytes < bs) {	/* a partial block */
			n = bs - at < bytes ? bs - at : bytes;
			if (new)
				memset(tmp, 0, bs);
			else if ((err = ext4_dev_read(fs, off - at, tmp, bs)))
				return err;
			memcpy(tmp + at, src, n);
			err = ext4_dev_write(fs, off - at, tmp, bs);
		} else {	/* whole blocks straight from the caller */
			n = bytes & ~(size_t)(bs - 1);
			err = ext4_dev_write(fs, off, src, n);
		}
		if (err)
			return err;
		off += n;
		src += n;
		bytes -= n;
	}
	return 0;
}

/* Write len bytes at off inside a call that already began (no commit happens here). */
long
ext4_write_locked(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off, const void *buf,
		  size_t len, bool root)
{
	const uint8_t *src = buf;
	size_t done = 0;
	uint8_t *tmp = kmalloc(fs->block_size);
	int err = 0;

	if (!tmp)
		return -ENOMEM;
	while (done < len) {
		uint64_t pos = off + done, lblk = pos >> fs->log_block_size;
		uint32_t in = (uint32_t)(pos & (fs->block_size - 1));
		uint64_t want = (in + (len - done) + fs->block_size - 1) >> fs->log_block_size;
		struct ext4_map m;
		size_t n;

		if (lblk >= ext4_max_lblk(fs, inode)) {
			err = -EFBIG;
			break;
		}
		err = ext4_map_lookup(fs, inode, lblk, &m);
		if (!err && m.count > want)
			m.count = want;
		if (!err && m.pblk && m.unwritten) {
			err = ext4_ext_convert(fs, inode, (uint32_t)lblk, (uint32_t)m.count, m.pblk);
			m.new = true;
		} else if (!err && !m.pblk) {
			err = ext4_alloc_range(fs, inode, lblk, m.count, false, root, &m);
		}
		if (err)
			break;
		n = (m.count << fs->log_block_size) - in;
		if (n > len - done)
			n = len - done;
		err = write_run(fs, m.pblk, in, src + done, n, m.new, tmp);
		if (err) {	/* new blocks would be left holding stale data */
			err = ext4_abort(fs, err, "ext4: inode %u: data write failed (%d)",
					 inode->ino, err);
			break;
		}
		done += n;
		grow_size(fs, inode, lblk, m.count, off + done);
		if (done < len && ext4_trans_full(fs))
			break;	/* the caller goes on in a new transaction */
	}
	kfree(tmp);
	if (done)
		return (long)done;
	return err;
}

long
ext4_write(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off, const void *buf,
	   size_t len, unsigned int flags)
{
	bool root = flags & EXT4_GB_RESERVED;
	size_t done = 0;
	int err;

	err = check_writable(fs, inode);
	if (err)
		return err;
	if (EXT4_ISDIR(inode->st.mode))
		return -EISDIR;
	if ((inode->st.mode & EXT4_S_IFMT) != EXT4_S_IFREG)
		return -EINVAL;
	if (len > (size_t)1 << 30)
		len = (size_t)1 << 30;
	if (off >= (ext4_max_lblk(fs, inode) << fs->log_block_size))
		return len ? -EFBIG : 0;
	while (done < len) {
		/* one transaction per piece: at most a chunk of blocks each */
		size_t piece = len - done;
		uint64_t limit = (uint64_t)EXT4_WRITE_PIECE << fs->log_block_size;
		long n;

		if (piece > limit)
			piece = (size_t)limit;
		err = ext4_op_begin(fs, EXT4_CREDITS_WRITE);
		if (!err)
			err = ext4_reserve_for(fs, inode, 1, root);
		if (err)
			break;
		n = ext4_write_locked(fs, inode, off + done, (const uint8_t *)buf + done, piece,
				      root);
		if (n < 0) {
			err = (int)n;
			break;
		}
		done += (size_t)n;
	}
	if (done || !err) {
		int e2 = ext4_op_begin(fs, EXT4_CREDITS_SETATTR);

		if (!e2) {
			ext4_inode_touch(fs, inode, EXT4_T_MTIME | EXT4_T_CTIME);
			e2 = ext4_inode_write(fs, inode);
		}
		if (!done)
			err = e2;
	}
	if (done)
		return (long)done;
	return err;
}

/* --- shrinking --- */

/* Zero bytes [from, to) of logical block lblk on the device, if it holds data. */
static int
zero_block_part(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint32_t from,
		uint32_t to)
{
	struct ext4_map m;
	uint8_t *tmp;
	int err;

	if (from >= to)
		return 0;
	err = ext4_map_lookup(fs, inode, lblk, &m);
	if (err || !m.pblk || m.unwritten)
		return err;
	tmp = kmalloc(fs->block_size);
	if (!tmp)
		return -ENOMEM;
	err = ext4_dev_read(fs, m.pblk << fs->log_block_size, tmp, fs->block_size);
	if (!err) {
		memset(tmp + from, 0, to - from);
		err = ext4_dev_write(fs, m.pblk << fs->log_block_size, tmp, fs->block_size);
	}
	kfree(tmp);
	return err;
}

/* Unmap [start, end) in as many transactions as it takes; free_data false only converts. */
static int
remove_range(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t start, uint64_t end)
{
	int r;

	if (end > ext4_max_lblk(fs, inode))
		end = ext4_max_lblk(fs, inode);
	while (start < end) {
		if (has_extents(inode))
			r = ext4_ext_remove(fs, inode, (uint32_t)start, end, true);
		else
			r = ext4_ind_remove(fs, inode, start, end);
		if (r < 0)
			return r;
		r = r ? 1 : 0;
		if (!r)
			return ext4_inode_write(fs, inode);
		r = ext4_inode_write(fs, inode);
		if (!r)
			r = ext4_op_restart(fs, EXT4_CREDITS_TRUNC);
		if (r)
			return r;
	}
	return 0;
}

int
ext4_truncate_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t size)
{
	uint64_t start = (size + fs->block_size - 1) >> fs->log_block_size;

	return remove_range(fs, inode, start, ext4_max_lblk(fs, inode));
}

int
ext4_truncate(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t size)
{
	uint64_t old = inode->st.size;
	uint32_t tail = (uint32_t)(size & (fs->block_size - 1));
	bool was_orphan;
	int err;

	err = check_writable(fs, inode);
	if (err)
		return err;
	if (EXT4_ISDIR(inode->st.mode))
		return -EISDIR;
	if ((inode->st.mode & EXT4_S_IFMT) != EXT4_S_IFREG)
		return -EINVAL;
	if (size > (ext4_max_lblk(fs, inode) << fs->log_block_size))
		return -EFBIG;
	err = ext4_op_begin(fs, EXT4_CREDITS_TRUNC);
	if (err)
		return err;
	if (size > old) {
		ext4_inode_set_size(inode, size);
		ext4_inode_touch(fs, inode, EXT4_T_MTIME | EXT4_T_CTIME);
		return ext4_inode_write(fs, inode);
	}
	/* shrinking (or the same size: blocks preallocated past the end go too) */
	if (size < old && tail) {
		err = zero_block_part(fs, inode, size >> fs->log_block_size, tail, fs->block_size);
		if (err)
			return err;
	}
	/* (an open, unlinked file is an orphan already, and stays one) */
	was_orphan = inode->orphan;
	err = ext4_orphan_add(fs, inode);
	if (err)
		return err;
	if (size < old) {
		ext4_inode_set_size(inode, size);
		ext4_inode_touch(fs, inode, EXT4_T_MTIME | EXT4_T_CTIME);
	}
	err = ext4_inode_write(fs, inode);
	if (!err)
		err = ext4_truncate_blocks(fs, inode, size);
	if (!err && !was_orphan)
		err = ext4_orphan_del(fs, inode);
	return err;
}

/* --- fallocate --- */

/* Allocate the holes of [start, end) as unwritten extents, chunk by chunk. */
static int
prealloc(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t start, uint64_t end, bool root)
{
	while (start < end) {
		struct ext4_map m;
		int err;

		err = ext4_op_restart(fs, EXT4_CREDITS_MAP);
		if (!err)
			err = ext4_map_lookup(fs, inode, start, &m);
		if (err)
			return err;
		if (m.count > end - start)
			m.count = end - start;
		if (!m.pblk) {
			err = ext4_reserve_for(fs, inode, 1, root);
			if (!err)
				err = ext4_alloc_range(fs, inode, start, m.count, true, root, &m);
			if (!err)
				err = ext4_inode_write(fs, inode);
			if (err)
				return err;
		}
		start += m.count;
	}
	return 0;
}

/* Zero the partial blocks at both ends of [off, end) on the device. */
static int
zero_edges(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off, uint64_t end)
{
	uint32_t bs = fs->block_size, a = (uint32_t)(off & (bs - 1)), b = (uint32_t)(end & (bs - 1));
	uint64_t la = off >> fs->log_block_size, lb = end >> fs->log_block_size;
	int err;

	if (la == lb)
		return zero_block_part(fs, inode, la, a, b);
	err = a ? zero_block_part(fs, inode, la, a, bs) : 0;
	if (!err && b)
		err = zero_block_part(fs, inode, lb, 0, b);
	return err;
}

int
ext4_fallocate(struct ext4_fs *fs, struct ext4_inode *inode, unsigned int mode, uint64_t off,
	       uint64_t len, unsigned int flags)
{
	bool root = flags & EXT4_GB_RESERVED, keep = mode & EXT4_FALLOC_KEEP_SIZE;
	uint64_t end = off + len, max = ext4_max_lblk(fs, inode) << fs->log_block_size;
	uint64_t first, last;
	int err;

	err = check_writable(fs, inode);
	if (err)
		return err;
	if (EXT4_ISDIR(inode->st.mode))
		return -EISDIR;
	if ((inode->st.mode & EXT4_S_IFMT) != EXT4_S_IFREG)
		return -ENODEV;
	if (!len || end < off)
		return -EINVAL;
	if (mode & ~(EXT4_FALLOC_KEEP_SIZE | EXT4_FALLOC_PUNCH_HOLE | EXT4_FALLOC_ZERO_RANGE))
		return -EOPNOTSUPP;
	if ((mode & EXT4_FALLOC_PUNCH_HOLE) &&
	    (!keep || (mode & EXT4_FALLOC_ZERO_RANGE)))
		return -EOPNOTSUPP;
	if (!(mode & EXT4_FALLOC_PUNCH_HOLE) && !has_extents(inode))
		return -EOPNOTSUPP;
	if (end > max)
		return -EFBIG;
	err = ext4_op_begin(fs, EXT4_CREDITS_TRUNC);
	if (err)
		return err;
	first = (off + fs->block_size - 1) >> fs->log_block_size;
	last = end >> fs->log_block_size;
	if (mode & (EXT4_FALLOC_PUNCH_HOLE | EXT4_FALLOC_ZERO_RANGE)) {
		uint64_t zend = mode & EXT4_FALLOC_PUNCH_HOLE && end > inode->st.size ?
				inode->st.size : end;

		if (off < zend)
			err = zero_edges(fs, inode, off, zend);
		if (!err && first < last)
			err = remove_range(fs, inode, first, last);
		if (err)
			return err;
		if (mode & EXT4_FALLOC_PUNCH_HOLE) {
			ext4_inode_touch(fs, inode, EXT4_T_MTIME | EXT4_T_CTIME);
			return ext4_inode_write(fs, inode);
		}
		err = prealloc(fs, inode, first, last, root);
		if (!err && (off & (fs->block_size - 1)) && first > off >> fs->log_block_size)
			err = prealloc(fs, inode, first - 1, first, root);
		if (!err && (end & (fs->block_size - 1)))
			err = prealloc(fs, inode, last, last + 1, root);
	} else {
		err = prealloc(fs, inode, off >> fs->log_block_size,
			       (end + fs->block_size - 1) >> fs->log_block_size, root);
	}
	if (err)
		return err;
	err = ext4_op_restart(fs, EXT4_CREDITS_SETATTR);
	if (err)
		return err;
	ext4_inode_touch(fs, inode, EXT4_T_CTIME);
	if (!keep && end > inode->st.size) {
		ext4_inode_set_size(inode, end);
		ext4_inode_touch(fs, inode, EXT4_T_MTIME);
	}
	return ext4_inode_write(fs, inode);
}

unsigned int
ext4_dt_type(uint8_t ft)
{
	/* DT_UNKNOWN 0, FIFO 1, CHR 2, DIR 4, BLK 6, REG 8, LNK 10, SOCK 12 */
	static const uint8_t dt[] = { 0, 8, 4, 2, 6, 1, 12, 10 };

	return ft < sizeof(dt) ? dt[ft] : 0;
}
