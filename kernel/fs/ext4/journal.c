/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: transactions, commits, checkpoints and the jbd2 log.
 *
 * Every modifying call brackets its changes with ext4_op_begin(), which
 * may first commit (and checkpoint) so that the call's worst case, its
 * "credits" in buffers, fits both in the running transaction and in the
 * log. Commits therefore happen only between calls, when the metadata is
 * consistent, or inside a long call at a point it declares consistent
 * (ext4_op_restart, e.g. between chunks of a truncate protected by the
 * orphan list).
 *
 * A commit (ext4_commit_trans):
 *   1. bd->writeback_data: the caller writes its dirty file data (ordered
 *      mode: data lands before the metadata that points to it);
 *   2. the blocks freed by the transaction go back to the bitmaps (they
 *      were kept out of reach until now, so no block freed by an
 *      uncommitted transaction is ever reused and overwritten);
 *   3. with a journal: revoke blocks, then descriptor blocks each followed
 *      by the blocks it tags, are written at the log head; flush; the
 *      commit block; flush. The changed buffers then wait, pinned, for a
 *      checkpoint. Without a journal the buffers are written in place.
 * A checkpoint (ext4_checkpoint) commits, writes every committed buffer
 * home, flushes, and moves the log tail to the head in the journal
 * superblock (flushed): the log is then empty and new transactions go on
 * from the head, wrapping from the end of the log to its start.
 *
 * Invariants: the running transaction always fits the free log space
 * (checked with its credits at every ext4_op_begin); nothing of the
 * running transaction is written home before it commits; a checkpoint
 * runs only with no running transaction. So at every moment the device
 * holds the last checkpoint's state plus a log whose committed
 * transactions bring it to the last commit, which is what recovery.c
 * replays after a crash.
 */
#include <stdarg.h>

#include "journal.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define STAGE_BYTES	(256u << 10)	/* log blocks gathered per device write */
#define MIN_LOG_BLOCKS	256
/*
 * Memory pinned by changed buffers: a transaction (or, without a journal,
 * the changes between write-backs) holds at most TRANS_BYTES of them, and
 * committed buffers waiting for their checkpoint at most CKPT_BYTES.
 */
#define TRANS_BYTES	(16u << 20)
#define CKPT_BYTES	(32u << 20)

static uint32_t
bytes_to_bufs(const struct ext4_fs *fs, uint32_t bytes)
{
	uint32_t n = bytes >> fs->log_block_size;

	return n < 256 ? 256 : n;
}

/* --- the journal file --- */

uint64_t
ext4_jmap(const struct ext4_journal *j, uint32_t lblk)
{
	uint32_t lo = 0, hi = j->nmap;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct jmap *m = &j->map[mid];

		if (lblk < m->lblk)
			hi = mid;
		else if (lblk >= m->lblk + m->count)
			lo = mid + 1;
		else
			return m->pblk + (lblk - m->lblk);
	}
	return 0;
}

uint32_t
ext4_jnext(const struct ext4_journal *j, uint32_t pos)
{
	return pos + 1 >= j->last ? j->first : pos + 1;
}

uint32_t
ext4_jsb_csum(const uint8_t *jsb)
{
	static const uint8_t zero[4];
	uint32_t c = crc32c_update(~0u, jsb, JSB_CHECKSUM);

	c = crc32c_update(c, zero, 4);
	return crc32c_update(c, jsb + JSB_CHECKSUM + 4, JSB_SIZE - JSB_CHECKSUM - 4);
}

uint32_t
ext4_jtag_bytes(const struct ext4_journal *j)
{
	uint32_t sz;

	if (j->v3)
		return 16;
	sz = 12;
	if (j->v2)
		sz += 2;
	return j->b64 ? sz : sz - 4;
}

/* The features of the journal superblock, as flags of j. */
static void
journal_features(struct ext4_journal *j)
{
	j->v2 = j->incompat & JINCOMPAT_CSUM_V2;
	j->v3 = j->incompat & JINCOMPAT_CSUM_V3;
	j->b64 = j->incompat & JINCOMPAT_64BIT;
	j->tag_bytes = ext4_jtag_bytes(j);
	j->csum_seed = crc32c_update(~0u, j->sb + JSB_UUID, 16);
}

int
ext4_jsb_write(struct ext4_fs *fs)
{
	struct ext4_journal *j = fs->j;
	int err;

	if (j->v2 || j->v3)
		put_be32(j->sb + JSB_CHECKSUM, ext4_jsb_csum(j->sb));
	err = ext4_dev_write(fs, ext4_jmap(j, 0) << fs->log_block_size, j->sb, fs->block_size);
	if (!err)
		err = ext4_dev_flush(fs);
	return err;
}

/* Map the journal inode's blocks into j->map; the file must have no holes. */
static int
journal_build_map(struct ext4_fs *fs, struct ext4_journal *j, struct ext4_inode *in)
{
	uint64_t nblocks = in->st.size >> fs->log_block_size, lblk = 0;

	if (nblocks < 2 || nblocks > UINT32_MAX)
		return ext4_err(fs, -EUCLEAN, "ext4: journal inode has %llu blocks",
				(unsigned long long)nblocks);
	while (lblk < nblocks) {
		uint64_t pblk, count;
		int err = ext4_map_blocks(fs, in, lblk, &pblk, &count);

		if (err)
			return err;
		if (!pblk)
			return ext4_err(fs, -EUCLEAN, "ext4: journal has a hole at block %llu",
					(unsigned long long)lblk);
		if (count > nblocks - lblk)
			count = nblocks - lblk;
		if (j->nmap && j->map[j->nmap - 1].pblk + j->map[j->nmap - 1].count == pblk) {
			j->map[j->nmap - 1].count += (uint32_t)count;
		} else {
			struct jmap *m = krealloc(j->map, (j->nmap + 1) * sizeof(*m));

			if (!m)
				return -ENOMEM;
			j->map = m;
			m[j->nmap].lblk = (uint32_t)lblk;
			m[j->nmap].count = (uint32_t)count;
			m[j->nmap].pblk = pblk;
			j->nmap++;
		}
		lblk += count;
	}
	return 0;
}

/* Check the journal superblock in j->sb against the journal file's size. */
static int
journal_check_sb(struct ext4_fs *fs, struct ext4_journal *j, uint32_t nblocks)
{
	const uint8_t *s = j->sb;
	uint32_t type = be32(s + JH_TYPE);

	if (be32(s + JH_MAGIC) != JBD2_MAGIC || (type != JBD2_SB_V1 && type != JBD2_SB_V2))
		return ext4_err(fs, -EUCLEAN, "ext4: bad journal superblock");
	if (be32(s + JSB_BLOCKSIZE) != fs->block_size)
		return ext4_err(fs, -EUCLEAN, "ext4: journal block size %u differs from the fs",
				be32(s + JSB_BLOCKSIZE));
	j->first = be32(s + JSB_FIRST);
	j->last = be32(s + JSB_MAXLEN);
	if (j->last > nblocks || j->first < 1 || j->first >= j->last)
		return ext4_err(fs, -EUCLEAN, "ext4: bad journal geometry (first %u, length %u)",
				j->first, j->last);
	if (type == JBD2_SB_V2) {
		j->compat = be32(s + JSB_COMPAT);
		j->incompat = be32(s + JSB_INCOMPAT);
		if (be32(s + JSB_NR_USERS) > 1)
			return ext4_err(fs, -EINVAL, "ext4: shared journals are not supported");
	}
	journal_features(j);
	if ((j->v2 || j->v3) && ext4_jsb_csum(s) != be32(s + JSB_CHECKSUM))
		return ext4_err(fs, -EUCLEAN, "ext4: journal superblock checksum mismatch");
	if (j->incompat & ~JINCOMPAT_KNOWN)
		return ext4_err(fs, -EINVAL, "ext4: journal has unknown features 0x%x",
				j->incompat & ~JINCOMPAT_KNOWN);
	return 0;
}

void
ext4_journal_free(struct ext4_journal *j)
{
	if (!j)
		return;
	kfree(j->map);
	kfree(j->sb);
	kfree(j->scratch);
	kfree(j->stage);
	kfree(j);
}

int
ext4_journal_load(struct ext4_fs *fs, struct ext4_journal **out)
{
	uint32_t ino = le32(fs->sb + SB_JOURNAL_INUM);
	struct ext4_journal *j;
	struct ext4_inode *in;
	int err;

	*out = NULL;
	if (le32(fs->sb + SB_JOURNAL_DEV) || (fs->incompat & INCOMPAT_JOURNAL_DEV))
		return ext4_err(fs, -EINVAL, "ext4: external journals are not supported");
	if (!ino)
		return ext4_err(fs, -EUCLEAN, "ext4: has_journal without a journal inode");
	j = kzalloc(sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->ino = ino;
	j->sb = kmalloc(fs->block_size);
	j->scratch = kmalloc(fs->block_size);
	j->stage = kmalloc(STAGE_BYTES > fs->block_size ? STAGE_BYTES : fs->block_size);
	err = (!j->sb || !j->scratch || !j->stage) ? -ENOMEM : 0;
	if (!err)
		err = ext4_iget_raw(fs, ino, &in);
	if (err)
		goto fail;
	err = journal_build_map(fs, j, in);
	ext4_iput(in);
	if (!err)
		err = ext4_dev_read(fs, ext4_jmap(j, 0) << fs->log_block_size, j->sb,
				    fs->block_size);
	if (!err)
		err = journal_check_sb(fs, j, j->map[j->nmap - 1].lblk + j->map[j->nmap - 1].count);
	if (err)
		goto fail;
	*out = j;
	return 0;
fail:
	ext4_journal_free(j);
	return err;
}

/*
 * Start writing transactions (read-write mount, after any replay): set
 * the features the log will use, the first tid, and a tail at the head.
 * Checksums follow the filesystem: v3 with metadata_csum (v2 is kept if
 * the journal already uses it), none without, as Linux does.
 */
int
ext4_journal_start(struct ext4_fs *fs)
{
	struct ext4_journal *j = fs->j;
	uint8_t *s = j->sb;

	if (be32(s + JSB_START))
		return ext4_err(fs, -EUCLEAN, "ext4: journal not empty after recovery");
	if (j->last - j->first < MIN_LOG_BLOCKS)
		return ext4_err(fs, -EROFS, "ext4: journal of %u blocks is too small to write",
				j->last - j->first);
	if (be32(s + JH_TYPE) != JBD2_SB_V2)
		return ext4_err(fs, -EROFS, "ext4: version 1 journal: cannot write it");
	if (j->incompat & JINCOMPAT_FAST_COMMIT)
		return ext4_err(fs, -EROFS, "ext4: fast-commit journal: cannot write it");
	j->incompat |= JINCOMPAT_REVOKE;
	j->incompat &= ~JINCOMPAT_ASYNC_COMMIT;
	j->compat &= ~JCOMPAT_CHECKSUM;
	if (fs->incompat & INCOMPAT_64BIT)
		j->incompat |= JINCOMPAT_64BIT;
	if (!fs->csum)
		j->incompat &= ~(JINCOMPAT_CSUM_V2 | JINCOMPAT_CSUM_V3);
	else if (!(j->incompat & JINCOMPAT_CSUM_V2))
		j->incompat |= JINCOMPAT_CSUM_V3;
	put_be32(s + JSB_COMPAT, j->compat);
	put_be32(s + JSB_INCOMPAT, j->incompat);
	journal_features(j);
	if (j->v2 || j->v3)
		s[JSB_CSUM_TYPE] = 4;	/* crc32c */
	j->seq = be32(s + JSB_SEQUENCE) + 1;
	j->head = j->first;
	j->used = 0;
	j->max_trans = (j->last - j->first) / 4;
	if (j->max_trans > bytes_to_bufs(fs, TRANS_BYTES))
		j->max_trans = bytes_to_bufs(fs, TRANS_BYTES);
	put_be32(s + JSB_SEQUENCE, j->seq);
	put_be32(s + JSB_START, j->head);
	put_be32(s + JSB_ERRNO, 0);
	return ext4_jsb_write(fs);
}

/* --- aborting --- */

int
ext4_abort(struct ext4_fs *fs, int err, const char *fmt, ...)
{
	va_list ap;

	if (!fs->aborted) {
		va_start(ap, fmt);
		ext4_verr(fs, err, fmt, ap);
		va_end(ap);
		fs->aborted = true;
	}
	ext4_bcache_discard_run(fs);
	fs->trans.nrevokes = 0;
	fs->trans.nfrees = 0;
	fs->trans.free_blocks = 0;
	fs->trans.free_groups = 0;
	return err;
}

/* --- sizes --- */

static uint32_t
capacity(const struct ext4_journal *j)
{
	return j->last - j->first;
}

static uint32_t
tags_per_desc(const struct ext4_fs *fs, const struct ext4_journal *j)
{
	uint32_t tail = (j->v2 || j->v3) ? JTAIL_SIZE : 0;

	return (fs->block_size - JH_SIZE - 16 - tail) / j->tag_bytes;
}

static uint32_t
revokes_per_block(const struct ext4_fs *fs, const struct ext4_journal *j)
{
	uint32_t tail = (j->v2 || j->v3) ? JTAIL_SIZE : 0;

	return (fs->block_size - JR_RECORDS - tail) / (j->b64 ? 8 : 4);
}

/* Log blocks a transaction of nbufs buffers and nrev revokes takes. */
static uint32_t
log_blocks(const struct ext4_fs *fs, const struct ext4_journal *j, uint32_t nbufs,
	   uint32_t nrev)
{
	uint32_t tpd = tags_per_desc(fs, j), rpb = revokes_per_block(fs, j);

	return nbufs + (nbufs + tpd - 1) / tpd + (nrev + rpb - 1) / rpb + 1;
}

/* Buffers the running transaction will hold at commit (frees touch bitmaps and descriptors). */
static uint32_t
trans_bufs(const struct ext4_fs *fs)
{
	return fs->trans.nbufs + 2 * fs->trans.free_groups + 2;
}

bool
ext4_trans_full(const struct ext4_fs *fs)
{
	const struct ext4_journal *j = fs->j;
	uint32_t slack = EXT4_CREDITS_SLACK;

	if (!j)
		return trans_bufs(fs) + slack > bytes_to_bufs(fs, TRANS_BYTES);
	return trans_bufs(fs) + slack > j->max_trans ||
	       j->used + log_blocks(fs, j, trans_bufs(fs) + slack, fs->trans.nrevokes + slack) >
	       capacity(j);
}

/* --- calls --- */

static int
make_room(struct ext4_fs *fs, uint32_t credits)
{
	struct ext4_journal *j = fs->j;
	int err;

	if (!j) {
		if (trans_bufs(fs) + credits > bytes_to_bufs(fs, TRANS_BYTES))
			return ext4_commit_trans(fs);
		return 0;
	}
	if (fs->nckpt > bytes_to_bufs(fs, CKPT_BYTES))
		return ext4_checkpoint(fs);
	if (trans_bufs(fs) + credits > j->max_trans) {
		err = ext4_commit_trans(fs);
		if (err)
			return err;
	}
	if (j->used + log_blocks(fs, j, trans_bufs(fs) + credits,
				 fs->trans.nrevokes + credits) > capacity(j))
		return ext4_checkpoint(fs);
	return 0;
}

int
ext4_op_begin(struct ext4_fs *fs, uint32_t credits)
{
	if (fs->aborted)
		return -EROFS;
	if (fs->rdonly)
		return ext4_err(fs, -EROFS, "ext4: read-only filesystem");
	return make_room(fs, credits);
}

int
ext4_op_restart(struct ext4_fs *fs, uint32_t credits)
{
	return ext4_op_begin(fs, credits);
}

int
ext4_reserve_blocks(struct ext4_fs *fs, uint64_t n, bool root)
{
	uint64_t reserve = root ? 0 : fs->r_blocks;
	int err;

	if (fs->free_blocks >= n + reserve)
		return 0;
	if (fs->trans.free_blocks) {	/* freed blocks come back at commit */
		err = ext4_commit_trans(fs);
		if (err)
			return err;
	}
	return fs->free_blocks >= n + reserve ? 0 : -ENOSPC;
}

int
ext4_revoke(struct ext4_fs *fs, uint64_t blk)
{
	struct ext4_trans *t = &fs->trans;

	if (t->nrevokes == t->rcap) {
		uint32_t ncap = t->rcap ? t->rcap * 2 : 64;
		uint64_t *r = krealloc(t->revokes, ncap * sizeof(*r));

		if (!r)
			return ext4_abort(fs, -ENOMEM, "ext4: out of memory for revoke records");
		t->revokes = r;
		t->rcap = ncap;
	}
	t->revokes[t->nrevokes++] = blk;
	return 0;
}

uint32_t
ext4_journal_blocks(const struct ext4_journal *j)
{
	return j->last - j->first;
}

/* --- writing the log --- */

/* Write out the staged log blocks (contiguous on the device). */
static int
stage_flush(struct ext4_fs *fs, struct ext4_journal *j)
{
	int err = 0;

	if (j->nstage)
		err = ext4_dev_write(fs, ext4_jmap(j, j->stage_lblk) << fs->log_block_size,
				     j->stage, (size_t)j->nstage << fs->log_block_size);
	j->nstage = 0;
	return err;
}

/* Queue one block for log position *pos and advance *pos. */
static int
log_put(struct ext4_fs *fs, struct ext4_journal *j, uint32_t *pos, const uint8_t *data)
{
	uint32_t max = STAGE_BYTES >> fs->log_block_size;
	int err;

	if (!max)
		max = 1;
	if (j->nstage && (j->nstage == max || j->stage_lblk + j->nstage != *pos ||
			  ext4_jmap(j, j->stage_lblk) + j->nstage != ext4_jmap(j, *pos))) {
		err = stage_flush(fs, j);
		if (err)
			return err;
	}
	if (!j->nstage)
		j->stage_lblk = *pos;
	memcpy(j->stage + ((size_t)j->nstage << fs->log_block_size), data, fs->block_size);
	j->nstage++;
	*pos = ext4_jnext(j, *pos);
	return 0;
}

static void
jheader(uint8_t *b, uint32_t type, uint32_t seq)
{
	put_be32(b + JH_MAGIC, JBD2_MAGIC);
	put_be32(b + JH_TYPE, type);
	put_be32(b + JH_SEQ, seq);
}

/* v2/v3: the block's crc32c in its last 4 bytes. */
static void
jtail_set(const struct ext4_fs *fs, const struct ext4_journal *j, uint8_t *b)
{
	if (!j->v2 && !j->v3)
		return;
	put_be32(b + fs->block_size - JTAIL_SIZE, 0);
	put_be32(b + fs->block_size - JTAIL_SIZE,
		 crc32c_update(j->csum_seed, b, fs->block_size));
}

static int
write_revokes(struct ext4_fs *fs, struct ext4_journal *j, uint32_t *pos)
{
	uint32_t rpb = revokes_per_block(fs, j), rec = j->b64 ? 8 : 4;
	struct ext4_trans *t = &fs->trans;
	int err;

	for (uint32_t i = 0; i < t->nrevokes; i += rpb) {
		uint32_t n = t->nrevokes - i < rpb ? t->nrevokes - i : rpb;
		uint8_t *b = j->scratch;

		memset(b, 0, fs->block_size);
		jheader(b, JBD2_REVOKE, j->seq);
		put_be32(b + JR_COUNT, JR_RECORDS + n * rec);
		for (uint32_t k = 0; k < n; k++) {
			uint8_t *r = b + JR_RECORDS + k * rec;
			uint64_t blk = t->revokes[i + k];

			if (j->b64) {
				put_be32(r, (uint32_t)(blk >> 32));
				put_be32(r + 4, (uint32_t)blk);
			} else {
				put_be32(r, (uint32_t)blk);
			}
		}
		jtail_set(fs, j, b);
		err = log_put(fs, j, pos, b);
		if (err)
			return err;
	}
	return 0;
}

/* The checksum of a logged block (v2: low 16 bits kept by the caller). */
static uint32_t
jblock_csum(const struct ext4_fs *fs, const struct ext4_journal *j, const uint8_t *data)
{
	uint8_t seq[4];

	put_be32(seq, j->seq);
	return crc32c_update(crc32c_update(j->csum_seed, seq, 4), data, fs->block_size);
}

/* Fill one tag for buffer b; flags already computed. */
static void
jtag_fill(const struct ext4_fs *fs, const struct ext4_journal *j, uint8_t *tag, uint64_t blk,
	  uint32_t flags, const uint8_t *logged)
{
	memset(tag, 0, j->tag_bytes);
	put_be32(tag, (uint32_t)blk);
	if (j->v3) {
		put_be32(tag + 4, flags);
		put_be32(tag + 8, (uint32_t)(blk >> 32));
		put_be32(tag + 12, jblock_csum(fs, j, logged));
		return;
	}
	put_be16(tag + 6, (uint16_t)flags);
	if (j->v2)
		put_be16(tag + 4, (uint16_t)jblock_csum(fs, j, logged));
	if (j->b64)
		put_be32(tag + 8, (uint32_t)(blk >> 32));
}

/*
 * Descriptor blocks, each followed by the blocks it tags. The descriptor
 * is built in scratch while its blocks are staged after a reserved slot,
 * so a second pass is not needed: the slot's position is remembered.
 */
static int
write_descriptors(struct ext4_fs *fs, struct ext4_journal *j, uint32_t *pos)
{
	struct ext4_trans *t = &fs->trans;
	uint32_t tpd = tags_per_desc(fs, j);
	uint8_t *copy = NULL;
	int err = 0;

	copy = kmalloc(fs->block_size);
	if (!copy)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->nbufs && !err; i += tpd) {
		uint32_t n = t->nbufs - i < tpd ? t->nbufs - i : tpd;
		uint32_t dpos = *pos, off = JH_SIZE;
		uint8_t *d = j->scratch;

		/* the blocks first (after the descriptor's slot), tags alongside */
		memset(d, 0, fs->block_size);
		jheader(d, JBD2_DESCRIPTOR, j->seq);
		err = stage_flush(fs, j);
		*pos = ext4_jnext(j, *pos);
		for (uint32_t k = 0; k < n && !err; k++) {
			struct ext4_buf *b = t->bufs[i + k];
			uint32_t flags = k ? JTAG_SAME_UUID : 0;

			memcpy(copy, b->data, fs->block_size);
			if (be32(copy) == JBD2_MAGIC) {
				put_be32(copy, 0);
				flags |= JTAG_ESCAPE;
			}
			if (k == n - 1)
				flags |= JTAG_LAST;
			jtag_fill(fs, j, d + off, b->blk, flags, copy);
			off += j->tag_bytes;
			if (!k) {
				memcpy(d + off, j->sb + JSB_UUID, 16);
				off += 16;
			}
			err = log_put(fs, j, pos, copy);
		}
		if (err)
			break;
		err = stage_flush(fs, j);
		if (err)
			break;
		jtail_set(fs, j, d);
		err = ext4_dev_write(fs, ext4_jmap(j, dpos) << fs->log_block_size, d,
				     fs->block_size);
	}
	kfree(copy);
	return err;
}

static int
write_commit_block(struct ext4_fs *fs, struct ext4_journal *j, uint32_t pos)
{
	struct ext4_timespec now;
	uint8_t *b = j->scratch;

	ext4_now(fs, &now);
	memset(b, 0, fs->block_size);
	jheader(b, JBD2_COMMIT, j->seq);
	put_be32(b + JC_SEC, (uint32_t)((uint64_t)now.sec >> 32));
	put_be32(b + JC_SEC + 4, (uint32_t)now.sec);
	put_be32(b + JC_NSEC, now.nsec);
	if (j->v2 || j->v3)
		put_be32(b + JC_CHKSUM, crc32c_update(j->csum_seed, b, fs->block_size));
	return ext4_dev_write(fs, ext4_jmap(j, pos) << fs->log_block_size, b, fs->block_size);
}

static int
journal_write_trans(struct ext4_fs *fs)
{
	struct ext4_journal *j = fs->j;
	struct ext4_trans *t = &fs->trans;
	uint32_t need = log_blocks(fs, j, t->nbufs, t->nrevokes), pos = j->head;
	int err;

	if (j->used + need > capacity(j))
		return ext4_err(fs, -EIO, "ext4: transaction of %u blocks overflows the log",
				need);
	j->nstage = 0;
	err = write_revokes(fs, j, &pos);
	if (!err)
		err = write_descriptors(fs, j, &pos);
	if (!err)
		err = stage_flush(fs, j);
	if (!err)
		err = ext4_dev_flush(fs);
	if (!err)
		err = write_commit_block(fs, j, pos);
	if (!err)
		err = ext4_dev_flush(fs);
	if (err)
		return err;
	for (uint32_t i = 0; i < t->nbufs; i++) {
		err = ext4_bcheckpoint_add(fs, t->bufs[i]);
		if (err)
			return err;
		t->bufs[i]->run = false;
	}
	t->nbufs = 0;
	t->nrevokes = 0;
	j->head = ext4_jnext(j, pos);
	j->used += need;
	j->seq++;
	fs->log_written += need;
	return 0;
}

/* Without a journal: the changed buffers go straight home. */
static int
write_in_place(struct ext4_fs *fs)
{
	struct ext4_trans *t = &fs->trans;
	int err;

	for (uint32_t i = 0; i < t->nbufs; i++) {
		err = ext4_bcheckpoint_add(fs, t->bufs[i]);
		if (err)
			return err;
		t->bufs[i]->run = false;
	}
	t->nbufs = 0;
	t->nrevokes = 0;
	return ext4_write_checkpoint_list(fs);
}

int
ext4_commit_trans(struct ext4_fs *fs)
{
	struct ext4_trans *t = &fs->trans;
	int err;

	if (fs->aborted)
		return -EROFS;
	if (fs->rdonly)
		return 0;
	if (!t->nbufs && !t->nfrees && !t->nrevokes)
		return 0;
	if (fs->bd.writeback_data) {
		err = fs->bd.writeback_data(fs->bd.ctx);
		if (err)
			return ext4_err(fs, err < 0 ? err : -EIO,
					"ext4: data writeback failed (%d): not committing", err);
	}
	err = ext4_free_apply(fs);
	if (!err)
		err = ext4_sb_update(fs);
	if (!err)
		err = fs->j ? journal_write_trans(fs) : write_in_place(fs);
	if (err)
		return ext4_abort(fs, err, "ext4: commit failed (%d): filesystem shut down", err);
	fs->commits++;
	return 0;
}

/* Sort buffers by block number (shell sort: no recursion, no allocation). */
static void
sort_bufs(struct ext4_buf **a, uint32_t n)
{
	for (uint32_t gap = n / 2; gap; gap = gap == 2 ? 1 : gap * 5 / 11) {
		for (uint32_t i = gap; i < n; i++) {
			struct ext4_buf *x = a[i];
			uint32_t k = i;

			while (k >= gap && a[k - gap]->blk > x->blk) {
				a[k] = a[k - gap];
				k -= gap;
			}
			a[k] = x;
		}
	}
}

/* Write every buffer of the checkpoint list home, flush, and unpin them. */
int
ext4_write_checkpoint_list(struct ext4_fs *fs)
{
	uint32_t max = STAGE_BYTES >> fs->log_block_size, i = 0;
	uint8_t *stage;
	int err = 0;

	if (!fs->nckpt)
		return 0;
	if (!max)
		max = 1;
	stage = kmalloc((size_t)max << fs->log_block_size);
	if (!stage)
		return -ENOMEM;
	sort_bufs(fs->ckpt, fs->nckpt);
	while (i < fs->nckpt && !err) {	/* runs of consecutive blocks, one write each */
		uint32_t n = 1;

		memcpy(stage, fs->ckpt[i]->data, fs->block_size);
		while (i + n < fs->nckpt && n < max && fs->ckpt[i + n]->blk == fs->ckpt[i]->blk + n) {
			memcpy(stage + ((size_t)n << fs->log_block_size), fs->ckpt[i + n]->data,
			       fs->block_size);
			n++;
		}
		err = ext4_dev_write(fs, fs->ckpt[i]->blk << fs->log_block_size, stage,
				     (size_t)n << fs->log_block_size);
		i += n;
	}
	kfree(stage);
	if (!err)
		err = ext4_dev_flush(fs);
	if (err)
		return err;
	for (i = 0; i < fs->nckpt; i++)
		ext4_bcheckpoint_done(fs, fs->ckpt[i]);
	fs->nckpt = 0;
	return 0;
}

int
ext4_checkpoint(struct ext4_fs *fs)
{
	struct ext4_journal *j = fs->j;
	int err;

	err = ext4_commit_trans(fs);
	if (err || !j)
		return err;
	if (!fs->nckpt && !j->used)
		return 0;
	err = ext4_write_checkpoint_list(fs);
	if (!err) {
		j->used = 0;
		put_be32(j->sb + JSB_START, j->head);
		put_be32(j->sb + JSB_SEQUENCE, j->seq);
		err = ext4_jsb_write(fs);
	}
	if (err)
		return ext4_abort(fs, err, "ext4: checkpoint failed (%d): filesystem shut down",
				  err);
	return 0;
}

/* Clean unmount: everything home, and a log marked empty. */
int
ext4_journal_stop(struct ext4_fs *fs)
{
	int err = ext4_checkpoint(fs);

	if (err || !fs->j)
		return err;
	put_be32(fs->j->sb + JSB_START, 0);
	put_be32(fs->j->sb + JSB_SEQUENCE, fs->j->seq);
	return ext4_jsb_write(fs);
}

int
ext4_commit(struct ext4_fs *fs)
{
	if (fs->aborted)
		return -EROFS;
	return ext4_commit_trans(fs);
}

int
ext4_sync(struct ext4_fs *fs)
{
	int err;

	if (fs->aborted)
		return -EROFS;
	if (fs->rdonly)
		return 0;
	err = ext4_commit_trans(fs);
	if (!err)
		err = ext4_checkpoint(fs);
	return err;
}
