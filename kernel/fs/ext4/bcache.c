/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library, bottom layer: device reads and a small block cache.
 *
 * Metadata blocks (extent nodes, indirect blocks, directory blocks, inode
 * table blocks) go through EXT4_BCACHE_SLOTS reference-counted buffers,
 * reused least-recently-used first. If every slot is pinned, a temporary
 * buffer is handed out and freed on release, so a deep walk never fails
 * for want of slots. File data bypasses the cache (file.c reads it straight
 * into the caller's buffer); the VFS page cache above will keep it.
 * Each buffer remembers which verification it passed (ext4_buf.vkind), so
 * a checksum is computed once per read from the device, not once per use.
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
ext4_bcache_init(struct ext4_fs *fs)
{
	for (int i = 0; i < EXT4_BCACHE_SLOTS; i++) {
		fs->cache[i].data = kmalloc(fs->block_size);
		if (!fs->cache[i].data)
			return -ENOMEM;
	}
	return 0;
}

void
ext4_bcache_free(struct ext4_fs *fs)
{
	for (int i = 0; i < EXT4_BCACHE_SLOTS; i++) {
		kfree(fs->cache[i].data);
		fs->cache[i].data = NULL;
	}
}

/* Find block blk in the cache, or the least recently used free slot. */
static struct ext4_buf *
bcache_slot(struct ext4_fs *fs, uint64_t blk, bool *hit)
{
	struct ext4_buf *victim = NULL;

	for (int i = 0; i < EXT4_BCACHE_SLOTS; i++) {
		struct ext4_buf *b = &fs->cache[i];

		if (b->valid && b->blk == blk) {
			*hit = true;
			return b;
		}
		if (!b->refs && (!victim || b->stamp < victim->stamp))
			victim = b;
	}
	*hit = false;
	return victim;
}

int
ext4_bread(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out)
{
	struct ext4_buf *b;
	bool hit;
	int err;

	*out = NULL;
	if (blk >= fs->blocks_count)
		return ext4_err(fs, -EUCLEAN, "ext4: block %llu beyond the filesystem end",
				(unsigned long long)blk);
	b = bcache_slot(fs, blk, &hit);
	if (!b) {
		b = kzalloc(sizeof(*b));
		if (!b)
			return -ENOMEM;
		b->data = kmalloc(fs->block_size);
		if (!b->data) {
			kfree(b);
			return -ENOMEM;
		}
		b->temp = true;
	}
	if (!hit) {
		b->valid = false;
		b->vkind = EXT4_V_NONE;
		err = ext4_dev_read(fs, blk << fs->log_block_size, b->data, fs->block_size);
		if (err) {
			if (b->temp) {
				kfree(b->data);
				kfree(b);
			}
			return err;
		}
		b->blk = blk;
		b->valid = true;
	}
	b->refs++;
	b->stamp = ++fs->clock;
	*out = b;
	return 0;
}

void
ext4_brelse(struct ext4_fs *fs, struct ext4_buf *b)
{
	(void)fs;
	if (!b)
		return;
	if (b->temp) {
		kfree(b->data);
		kfree(b);
		return;
	}
	if (b->refs)
		b->refs--;
}
