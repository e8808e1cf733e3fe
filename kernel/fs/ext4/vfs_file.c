// SPDX-License-Identifier: GPL-2.0-only
/*
 * ext4 in the VFS: file contents through the page cache (mm/filemap.c).
 *
 * Reads fill pages from the disk (ext4_readpage: holes and unwritten
 * extents read as zeros). A write() maps the blocks its bytes cover with
 * ext4_get_blocks(CREATE, new_size = end of the bytes), so the blocks are
 * allocated and i_size grown in the running transaction, copies into the
 * cached page (read in first unless wholly overwritten) and dirties it.
 * Nothing is allocated at writeback: ext4_writepages looks the blocks up
 * and writes the page's mapped, written blocks inside i_size. A write
 * fault through a shared mapping maps the page's blocks the same way
 * (ext4_page_mkwrite, new_size 0).
 *
 * Ordered mode: the library calls ext4_writeback_data before each commit
 * record, which writes every dirty page of the filesystem, so committed
 * metadata never points at blocks whose data is not on the disk.
 *
 * Invariant: the bytes of a cached page past i_size are zeros (a write or
 * truncate that moves i_size up zeroes what a shared mapping may have
 * left there), so growing a file never shows stale bytes.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "vfs.h"

/* The most one step of a write maps and copies (bounds what a failure leaves to undo). */
#define WRITE_BATCH	(1ULL << 20)

static uint64_t
min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int64_t
ext4_readpage(struct inode *inode, void *buf, uint64_t off)
{
	int64_t n;

	ext4_lock(EXT4_SB(inode->sb));
	n = ext4_read(sb_ext4(inode->sb), EXT4_I(inode), off, buf, PAGE_SIZE);
	ext4_unlock(EXT4_SB(inode->sb));
	return n;
}

/* zero_cached zeroes the cached bytes of [from, to) (pages not cached read from the disk). */
static void
zero_cached(struct inode *inode, uint64_t from, uint64_t to)
{
	while (from < to) {
		uint64_t index = from / PAGE_SIZE, in = from % PAGE_SIZE;
		uint64_t n = min_u64(PAGE_SIZE - in, to - from);
		int64_t pfn = filemap_lookup(inode, index);

		if (pfn >= 0)
			memset((char *)page_address((uint64_t)pfn) + in, 0, n);
		from += n;
	}
}

/* zero_past_eof zeroes the cached last page past the old size (see the invariant at the top). */
static void
zero_past_eof(struct inode *inode, uint64_t old_size)
{
	if (old_size % PAGE_SIZE)
		zero_cached(inode, old_size, PAGE_ALIGN(old_size));
}

/*
 * ext4_writepages writes n consecutive dirty pages: the written blocks
 * inside i_size, looked up (never allocated), blocks that follow each
 * other on the disk gathered into one write of up to WRITE_BOUNCE bytes.
 */
#define WRITE_BOUNCE	(256 * 1024)

struct wb_run {
	struct ext4_sb *sbi;
	uint8_t *bounce;
	uint64_t pblk;		/* first block of the gathered run */
	uint32_t len;		/* bytes gathered */
};

static int
wb_flush(struct wb_run *r)
{
	int err = 0;

	if (r->len) {
		err = r->sbi->disk->write(r->sbi->disk, r->pblk * r->sbi->sb->blocksize,
					  r->bounce, r->len);
		if (err)
			pr_err("EXT4-fs (%s): writing %u bytes at block %llu failed (%d)\n",
			       r->sbi->disk->name, r->len, (unsigned long long)r->pblk, err);
	}
	r->len = 0;
	return err;
}

int
ext4_writepages(struct inode *inode, uint64_t index, void *const *bufs, unsigned int n)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	struct ext4_inode *ei = EXT4_I(inode);
	uint32_t bs = inode->sb->blocksize, bpp = PAGE_SIZE / bs;
	uint64_t first = index * bpp, end = first + (uint64_t)n * bpp;
	uint64_t limit = (ei->st.size + bs - 1) / bs;
	struct wb_run r = { .sbi = sbi };
	int err = 0;

	if (end > limit)
		end = limit;
	r.bounce = kmalloc(WRITE_BOUNCE);
	if (!r.bounce)
		return -ENOMEM;
	ext4_lock(sbi);
	for (uint64_t b = first; b < end && !err;) {
		struct ext4_map map;

		err = ext4_get_blocks(sbi->fs, ei, b, end - b, 0, 0, &map);
		if (err)
			break;
		if (!map.pblk || map.unwritten) {
			err = wb_flush(&r);
			b += map.count;
			continue;
		}
		for (uint64_t k = 0; k < map.count && !err; k++, b++) {
			uint64_t rel = b - first;
			const uint8_t *src = (const uint8_t *)bufs[rel / bpp] + (rel % bpp) * bs;

			if (r.len && (r.pblk + r.len / bs != map.pblk + k || r.len + bs > WRITE_BOUNCE))
				err = wb_flush(&r);
			if (!r.len)
				r.pblk = map.pblk + k;
			memcpy(r.bounce + r.len, src, bs);
			r.len += bs;
		}
	}
	if (!err)
		err = wb_flush(&r);
	ext4_unlock(sbi);
	kfree(r.bounce);
	return err;
}

int
ext4_writeback_data(void *ctx)
{
	struct ext4_sb *sbi = ctx;

	return filemap_write_sb(sbi->sb, 0);
}

/*
 * map_range maps (allocating) the blocks of [from, to) for a write whose
 * end is new_size; *mapped is where the mapped part ends (to, unless an
 * error stopped it: i_size then covers no more than that).
 */
static int
map_range(struct ext4_sb *sbi, struct ext4_inode *ei, uint64_t from, uint64_t to,
	  uint64_t new_size, uint64_t *mapped)
{
	uint32_t bs = sbi->sb->blocksize;
	unsigned int flags = EXT4_GB_CREATE;
	uint64_t b = from / bs, last = (to - 1) / bs;

	if (current && current->cred.fsuid == 0)
		flags |= EXT4_GB_RESERVED;
	*mapped = from;
	while (b <= last) {
		struct ext4_map map;
		int err = ext4_get_blocks(sbi->fs, ei, b, last - b + 1, flags, new_size, &map);

		if (err)
			return err;
		b += map.count;
		*mapped = min_u64(b * bs, to);
	}
	return 0;
}

/*
 * cache_page gives the cached page index of inode, adding it if needed:
 * read from the disk (read true: a page the write covers only in part),
 * or zeros.
 */
static int64_t
cache_page(struct ext4_sb *sbi, struct inode *inode, uint64_t index, bool read)
{
	struct ext4_inode *ei = EXT4_I(inode);
	int64_t pfn = filemap_lookup(inode, index);
	int err;

	if (pfn >= 0)
		return pfn;
	pfn = alloc_zeroed_page();
	if (pfn < 0)
		return pfn;
	if (read && index * PAGE_SIZE < ei->st.size) {
		long r = ext4_read(sbi->fs, ei, index * PAGE_SIZE, page_address((uint64_t)pfn),
				   PAGE_SIZE);

		if (r < 0) {
			put_page((uint64_t)pfn);
			return r;
		}
	}
	err = filemap_insert(inode, index, (uint64_t)pfn);
	if (err) {
		put_page((uint64_t)pfn);
		return err;
	}
	return pfn;
}

/* set_mtime is file_update_time: a write or a mapped write changes mtime and ctime. */
static void
set_mtime(struct inode *inode)
{
	struct ext4_setattr sa = { .valid = EXT4_SET_MTIME | EXT4_SET_CTIME };
	struct kts now = current_time();

	if (now.sec == inode->mtime.sec && now.nsec == inode->mtime.nsec)
		return;
	sa.mtime.sec = sa.ctime.sec = now.sec;
	sa.mtime.nsec = sa.ctime.nsec = now.nsec;
	ext4_setattr(sb_ext4(inode->sb), EXT4_I(inode), &sa);
}

/* ext4_durable is fsync: the inode's dirty pages, a commit, then a device flush. */
static int
ext4_durable(struct inode *inode)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	int err, e;

	if (inode->sb->flags & SB_RDONLY)
		return 0;
	err = filemap_write_inode(inode);
	ext4_lock(sbi);
	e = ext4_commit(sbi->fs);
	ext4_unlock(sbi);
	if (e && !err)
		err = ext4_vfs_error(inode->sb, e);
	if (sbi->disk->flush) {
		e = sbi->disk->flush(sbi->disk);
		if (e && !err)
			err = e;
	}
	return err;
}

/*
 * balance_dirty is balance_dirty_pages: past an eighth of memory dirty,
 * the writer writes its filesystem's dirty pages back itself, so that
 * reclaim always finds clean pages to free.
 */
static void
balance_dirty(struct super_block *sb)
{
	if (nr_dirty_pages > nr_pages / 8)
		filemap_write_sb(sb, 0);
}

static int64_t
ext4_file_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = f->inode;
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	struct ext4_inode *ei = EXT4_I(inode);
	uint64_t old_size = inode->size, start;
	size_t done = 0;
	int err = 0;

	if (f->flags & O_APPEND)
		*pos = inode->size;
	if (!len)
		return 0;
	if (ei->st.flags & (EXT4_IMMUTABLE_FL))
		return -EPERM;
	if (*pos + len < *pos)
		return -EFBIG;
	start = *pos;
	if (start > old_size)
		zero_past_eof(inode, old_size);
	ext4_lock(sbi);
	/*
	 * A batch at a time: the pages it covers in part are read first (the
	 * blocks are not yet allocated, so their old bytes are the disk's),
	 * then all its blocks are mapped in one go (allocated as extents, not
	 * block by block), then copied into the cache and dirtied.
	 */
	while (done < len && !err) {
		uint64_t from = start + done, to = from + min_u64(len - done, WRITE_BATCH), mapped;
		int64_t pfn;

		if (from % PAGE_SIZE) {
			pfn = cache_page(sbi, inode, from / PAGE_SIZE, true);
			if (pfn < 0) {
				err = (int)pfn;
				break;
			}
		}
		if (to % PAGE_SIZE) {
			pfn = cache_page(sbi, inode, to / PAGE_SIZE, true);
			if (pfn < 0) {
				err = (int)pfn;
				break;
			}
		}
		err = map_range(sbi, ei, from, to, to, &mapped);
		while (start + done < mapped) {
			uint64_t off = start + done, index = off / PAGE_SIZE, in = off % PAGE_SIZE;
			size_t n = (size_t)min_u64(PAGE_SIZE - in, mapped - off);

			/* Cut short by an error: the page's rest is the disk's. */
			pfn = cache_page(sbi, inode, index, in + n < PAGE_SIZE);
			if (pfn < 0) {
				err = (int)pfn;
				break;
			}
			memcpy((char *)page_address((uint64_t)pfn) + in, (const char *)buf + done, n);
			filemap_dirty(inode, index);
			done += n;
		}
	}
	/* A short write leaves no mapped bytes it did not write past the old end. */
	if (err && ei->st.size > old_size && ei->st.size > start + done) {
		uint64_t keep = start + done > old_size ? start + done : old_size;

		filemap_truncate(inode, PAGE_ALIGN(keep) / PAGE_SIZE);
		zero_past_eof(inode, keep);
		ext4_truncate(sbi->fs, ei, keep);
	}
	if (done)
		set_mtime(inode);
	ext4_unlock(sbi);
	ext4_vfs_refresh(inode);
	if (!done)
		return err == -EFBIG || err == -ENOSPC || err == -EDQUOT ? err :
		       ext4_vfs_error(inode->sb, err);
	*pos = start + done;
	if ((f->flags & (O_SYNC | O_DSYNC)) || (inode->sb->flags & SB_SYNC)) {
		err = ext4_durable(inode);
		if (err)
			return err;
	}
	balance_dirty(inode->sb);
	return (int64_t)done;
}

static int64_t
ext4_file_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	int64_t n = filemap_read(f, buf, len, pos);

	if (n >= 0)
		ext4_vfs_touch_atime(f->inode);
	return n;
}

static int
ext4_file_fsync(struct file *f)
{
	return ext4_durable(f->inode);
}

/*
 * ext4_page_mkwrite: a process writes a page through a shared mapping.
 * Its blocks inside i_size are allocated now (so writeback allocates
 * nothing and a full disk is an error here, not a lost write later) and
 * the page is dirty from now on.
 */
int
ext4_page_mkwrite(struct inode *inode, uint64_t index)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	uint64_t start = index * PAGE_SIZE, end, mapped;
	int err;

	if (inode->sb->flags & SB_RDONLY)
		return -EROFS;
	if (start >= inode->size)
		return -EFAULT;
	end = min_u64(start + PAGE_SIZE, inode->size);
	ext4_lock(sbi);
	err = map_range(sbi, EXT4_I(inode), start, end, 0, &mapped);
	if (!err || mapped > start)
		filemap_dirty(inode, index);	/* (its new blocks hold its bytes) */
	if (!err)
		set_mtime(inode);
	ext4_unlock(sbi);
	ext4_vfs_refresh(inode);
	return err;
}

int
ext4_vfs_truncate(struct inode *inode, uint64_t size)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	uint64_t old = inode->size;
	int err;

	if (EXT4_I(inode)->st.flags & (EXT4_IMMUTABLE_FL | EXT4_APPEND_FL))
		return -EPERM;
	if (size < old) {
		filemap_truncate(inode, PAGE_ALIGN(size) / PAGE_SIZE);
		zero_past_eof(inode, size);
	} else if (size > old) {
		zero_past_eof(inode, old);
	}
	ext4_lock(sbi);
	err = ext4_truncate(sbi->fs, EXT4_I(inode), size);
	ext4_unlock(sbi);
	ext4_vfs_refresh(inode);
	if (err)
		return err == -EFBIG || err == -ENOSPC ? err : ext4_vfs_error(inode->sb, err);
	return ext4_vfs_maybe_sync(inode->sb);
}

int
ext4_vfs_fallocate(struct inode *inode, int mode, uint64_t off, uint64_t len)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);
	struct ext4_inode *ei = EXT4_I(inode);
	unsigned int flags = current && current->cred.fsuid == 0 ? EXT4_GB_RESERVED : 0;
	uint64_t old = inode->size;
	int err;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if (!(ei->st.flags & EXT4_EXTENTS_FL) && !(mode & FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		zero_cached(inode, off, min_u64(off + len, old));
	else if (off + len > old && !(mode & FALLOC_FL_KEEP_SIZE))
		zero_past_eof(inode, old);
	ext4_lock(sbi);
	err = ext4_fallocate(sbi->fs, ei, (unsigned int)mode, off, len, flags);
	ext4_unlock(sbi);
	ext4_vfs_refresh(inode);
	if (err)
		return err == -EFBIG || err == -ENOSPC || err == -EOPNOTSUPP ? err :
		       ext4_vfs_error(inode->sb, err);
	return ext4_vfs_maybe_sync(inode->sb);
}

const struct file_operations ext4_file_fops = {
	.read = ext4_file_read,
	.write = ext4_file_write,
	.llseek = generic_llseek,
	.fsync = ext4_file_fsync,
};
