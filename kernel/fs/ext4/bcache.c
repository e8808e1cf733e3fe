/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library, bottom layer: device I/O and the metadata block cache.
 *
 * Metadata blocks (superblock, group descriptors, bitmaps, inode table
 * blocks, extent and indirect blocks, directory and xattr blocks) are
 * read and changed through reference-counted buffers found by block
 * number in a hash table. File data bypasses the cache (file.c moves it
 * straight between the device and the caller); the VFS page cache above
 * keeps it.
 *
 * A buffer is in one of three states:
 *   clean       matches the device; when unreferenced it sits on the LRU
 *               list and is reused once more than max_clean are cached;
 *   run         changed in the running transaction (fs->trans.bufs);
 *   ckpt        committed to the log (or, without a journal, written out
 *               by a commit) but not yet at its home location (fs->ckpt).
 * run and ckpt may both be set. Such buffers are pinned: the memory they
 * use is bounded by the transaction and checkpoint limits of journal.c.
 * The invariant that keeps crashes safe: nothing changed in the running
 * transaction is ever written to its home location (checkpoints run
 * only right after a commit), so the device always holds the state of
 * the last commit plus the log.
 *
 * When a metadata block is freed its buffer is forgotten (dropped from
 * every list) and the block revoked, so that neither a checkpoint nor a
 * journal replay can later write an old copy over the block's next use.
 * Each buffer remembers which verification it passed (vkind), so a
 * checksum is computed once per read from the device, not once per use.
 */
#include "ext4_int.h"
#include "kernel/slab.h"

int
ext4_dev_read(struct ext4_fs *fs, uint64_t off, void *buf, size_t len)
{
	int err;

	if (off > fs->bd.size || len > fs->bd.size - off)
		return ext4_err(fs, -EUCLEAN, "ext4: read past the device end (byte %llu)",
				(unsigned long long)off);
	err = fs->bd.read(fs->bd.ctx, off, buf, len);
	if (err > 0)
		err = -EIO;
	if (err)
		return ext4_err(fs, err, "ext4: device read error %d at byte %llu", err,
				(unsigned long long)off);
	return 0;
}

int
ext4_dev_write(struct ext4_fs *fs, uint64_t off, const void *buf, size_t len)
{
	int err;

	if (!fs->bd.write)
		return ext4_err(fs, -EROFS, "ext4: the device is read-only");
	if (off > fs->bd.size || len > fs->bd.size - off)
		return ext4_err(fs, -EIO, "ext4: write past the device end (byte %llu)",
				(unsigned long long)off);
	err = fs->bd.write(fs->bd.ctx, off, buf, len);
	if (err > 0)
		err = -EIO;
	if (err)
		return ext4_err(fs, err, "ext4: device write error %d at byte %llu", err,
				(unsigned long long)off);
	return 0;
}

int
ext4_dev_flush(struct ext4_fs *fs)
{
	int err;

	if (!fs->bd.flush)
		return 0;
	err = fs->bd.flush(fs->bd.ctx);
	if (err > 0)
		err = -EIO;
	if (err)
		return ext4_err(fs, err, "ext4: device flush error %d", err);
	return 0;
}

/* --- the LRU list of clean, unreferenced buffers --- */

static void
lru_unlink(struct ext4_fs *fs, struct ext4_buf *b)
{
	if (!b->lru_next)
		return;
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
	b->lru_prev = b->lru_next = NULL;
	fs->nclean--;
}

static void
lru_push(struct ext4_fs *fs, struct ext4_buf *b)
{
	b->lru_next = fs->lru.lru_next;
	b->lru_prev = &fs->lru;
	fs->lru.lru_next->lru_prev = b;
	fs->lru.lru_next = b;
	fs->nclean++;
}

/* --- the hash table --- */

static unsigned int
bc_bucket(uint64_t blk)
{
	return (unsigned int)((blk * 0x9E3779B97F4A7C15ull) >> 54) & (EXT4_BC_HASH - 1);
}

static struct ext4_buf *
bc_find(struct ext4_fs *fs, uint64_t blk)
{
	struct ext4_buf *b;

	for (b = fs->bc_hash[bc_bucket(blk)]; b; b = b->hnext)
		if (b->blk == blk)
			return b;
	return NULL;
}

static void
bc_unhash(struct ext4_fs *fs, struct ext4_buf *b)
{
	struct ext4_buf **pp = &fs->bc_hash[bc_bucket(b->blk)];

	if (!b->hashed)
		return;
	while (*pp != b)
		pp = &(*pp)->hnext;
	*pp = b->hnext;
	b->hnext = NULL;
	b->hashed = false;
}

static void
bc_free(struct ext4_fs *fs, struct ext4_buf *b)
{
	fs->nbufs--;
	kfree(b->data);
	kfree(b);
}

/* A buffer for blk, not yet filled: a recycled clean one or a new one. */
static struct ext4_buf *
bc_alloc(struct ext4_fs *fs, uint64_t blk)
{
	struct ext4_buf *b = NULL;

	if (fs->nclean > fs->max_clean) {
		b = fs->lru.lru_prev;	/* least recently used */
		lru_unlink(fs, b);
		bc_unhash(fs, b);
	} else {
		b = kzalloc(sizeof(*b));
		if (!b)
			return NULL;
		b->data = kmalloc(fs->block_size);
		if (!b->data) {
			kfree(b);
			return NULL;
		}
		fs->nbufs++;
	}
	b->blk = blk;
	b->refs = 0;
	b->vkind = EXT4_V_NONE;
	b->vseed = 0;
	b->hnext = fs->bc_hash[bc_bucket(blk)];
	fs->bc_hash[bc_bucket(blk)] = b;
	b->hashed = true;
	return b;
}

int
ext4_bcache_init(struct ext4_fs *fs)
{
	fs->lru.lru_next = fs->lru.lru_prev = &fs->lru;
	fs->max_clean = EXT4_BC_CLEAN_BYTES >> fs->log_block_size;
	if (fs->max_clean < 64)
		fs->max_clean = 64;
	return 0;
}

void
ext4_bcache_free(struct ext4_fs *fs)
{
	for (unsigned int i = 0; i < EXT4_BC_HASH; i++) {
		while (fs->bc_hash[i]) {
			struct ext4_buf *b = fs->bc_hash[i];

			fs->bc_hash[i] = b->hnext;
			bc_free(fs, b);
		}
	}
	fs->lru.lru_next = fs->lru.lru_prev = &fs->lru;
	fs->nclean = 0;
}

/* Drop every clean, unreferenced buffer (after a journal replay rewrote blocks). */
void
ext4_bcache_drop_clean(struct ext4_fs *fs)
{
	while (fs->lru.lru_next != &fs->lru) {
		struct ext4_buf *b = fs->lru.lru_next;

		lru_unlink(fs, b);
		bc_unhash(fs, b);
		bc_free(fs, b);
	}
}

static int
bc_get(struct ext4_fs *fs, uint64_t blk, bool read, struct ext4_buf **out)
{
	struct ext4_buf *b;
	int err;

	*out = NULL;
	if (blk >= fs->blocks_count)
		return ext4_err(fs, -EUCLEAN, "ext4: block %llu beyond the filesystem end",
				(unsigned long long)blk);
	b = bc_find(fs, blk);
	if (b) {
		lru_unlink(fs, b);
		if (!read) {	/* a fresh block: whatever was cached is stale */
			memset(b->data, 0, fs->block_size);
			b->vkind = EXT4_V_NONE;
		}
	} else {
		b = bc_alloc(fs, blk);
		if (!b)
			return -ENOMEM;
		if (read) {
			err = ext4_dev_read(fs, blk << fs->log_block_size, b->data,
					    fs->block_size);
			if (err) {
				bc_unhash(fs, b);
				bc_free(fs, b);
				return err;
			}
		} else {
			memset(b->data, 0, fs->block_size);
		}
	}
	b->refs++;
	*out = b;
	return 0;
}

int
ext4_bread(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out)
{
	return bc_get(fs, blk, true, out);
}

int
ext4_bget_new(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out)
{
	return bc_get(fs, blk, false, out);
}

/* Put b back on the LRU list, or free it, once nothing holds it. */
static void
bc_settle(struct ext4_fs *fs, struct ext4_buf *b)
{
	if (b->refs || b->run || b->ckpt)
		return;
	if (!b->hashed) {
		bc_free(fs, b);
		return;
	}
	lru_push(fs, b);
}

void
ext4_brelse(struct ext4_fs *fs, struct ext4_buf *b)
{
	if (!b)
		return;
	if (b->refs)
		b->refs--;
	bc_settle(fs, b);
}

static int
ptr_array_add(struct ext4_buf ***arr, uint32_t *n, uint32_t *cap, struct ext4_buf *b)
{
	if (*n == *cap) {
		uint32_t ncap = *cap ? *cap * 2 : 64;
		struct ext4_buf **a = krealloc(*arr, ncap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		*arr = a;
		*cap = ncap;
	}
	(*arr)[(*n)++] = b;
	return 0;
}

static void
ptr_array_del(struct ext4_buf **arr, uint32_t *n, struct ext4_buf *b)
{
	for (uint32_t i = 0; i < *n; i++) {
		if (arr[i] == b) {
			arr[i] = arr[--*n];
			return;
		}
	}
}

int
ext4_bdirty(struct ext4_fs *fs, struct ext4_buf *b)
{
	int err;

	if (b->run)
		return 0;
	err = ptr_array_add(&fs->trans.bufs, &fs->trans.nbufs, &fs->trans.cap, b);
	if (err)
		return ext4_abort(fs, err, "ext4: out of memory for the transaction");
	b->run = true;
	lru_unlink(fs, b);
	return 0;
}

int
ext4_bcheckpoint_add(struct ext4_fs *fs, struct ext4_buf *b)
{
	int err;

	if (b->ckpt)
		return 0;
	err = ptr_array_add(&fs->ckpt, &fs->nckpt, &fs->ckcap, b);
	if (err)
		return err;
	b->ckpt = true;
	return 0;
}

void
ext4_bcheckpoint_done(struct ext4_fs *fs, struct ext4_buf *b)
{
	b->ckpt = false;
	bc_settle(fs, b);
}

void
ext4_bforget(struct ext4_fs *fs, uint64_t blk)
{
	struct ext4_buf *b = bc_find(fs, blk);

	if (!b)
		return;
	if (b->run) {
		ptr_array_del(fs->trans.bufs, &fs->trans.nbufs, b);
		b->run = false;
	}
	if (b->ckpt) {
		ptr_array_del(fs->ckpt, &fs->nckpt, b);
		b->ckpt = false;
	}
	lru_unlink(fs, b);
	bc_unhash(fs, b);
	bc_settle(fs, b);
}

/* Throw away the running transaction's changes to buffers (abort). */
void
ext4_bcache_discard_run(struct ext4_fs *fs)
{
	for (uint32_t i = 0; i < fs->trans.nbufs; i++) {
		struct ext4_buf *b = fs->trans.bufs[i];

		/* the contents no longer match the device: never reuse them */
		b->run = false;
		if (b->ckpt)
			continue;
		bc_unhash(fs, b);
		bc_settle(fs, b);
	}
	fs->trans.nbufs = 0;
}
