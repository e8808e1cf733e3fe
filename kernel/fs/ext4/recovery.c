/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: journal replay at mount (jbd2 format, as Linux and e2fsck
 * read it).
 *
 * The log starts at the journal superblock's s_start with transaction
 * s_sequence. Each transaction is descriptor blocks (each followed by the
 * blocks its tags name), revoke blocks, and a commit block, all carrying
 * the tid; the log wraps from its last block to its first. Three passes:
 *   scan    walk transactions while the next block has the magic and the
 *           expected tid (and, with checksums v2/v3, valid descriptor and
 *           commit checksums): the first one without its commit block,
 *           or any garbage, ends the log;
 *   revoke  collect revoked block numbers with the newest tid revoking
 *           each;
 *   replay  write every tagged block of the complete transactions home,
 *           in log order (so the newest copy wins), skipping copies from
 *           a transaction no newer than a revocation of that block;
 *           escaped blocks get their magic back; v2/v3 block checksums
 *           are verified first.
 * Then a flush, and the journal superblock is marked empty (s_start 0)
 * with the next tid, and flushed. Replaying twice is harmless, so a crash
 * during recovery is recovered again by the next mount.
 */
#include "journal.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

enum pass { PASS_SCAN, PASS_REVOKE, PASS_REPLAY };

struct revoke {
	uint64_t blk;
	uint32_t seq;
	bool used;
};

struct replay {
	struct ext4_journal *j;
	uint8_t *buf, *data;
	uint32_t end_seq;	/* first tid without a commit */
	struct revoke *rev;	/* open addressing, power-of-two size */
	uint32_t nrev, rcap;
	uint32_t bad_blocks;	/* data blocks whose checksum failed */
};

static bool
tid_geq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

static int
rev_grow(struct replay *r)
{
	uint32_t ncap = r->rcap ? r->rcap * 2 : 256;
	struct revoke *n = kzalloc(ncap * sizeof(*n));

	if (!n)
		return -ENOMEM;
	for (uint32_t i = 0; i < r->rcap; i++) {
		uint32_t h;

		if (!r->rev[i].used)
			continue;
		h = (uint32_t)(r->rev[i].blk * 2654435761u) & (ncap - 1);
		while (n[h].used)
			h = (h + 1) & (ncap - 1);
		n[h] = r->rev[i];
	}
	kfree(r->rev);
	r->rev = n;
	r->rcap = ncap;
	return 0;
}

static struct revoke *
rev_find(struct replay *r, uint64_t blk)
{
	uint32_t h;

	if (!r->rcap)
		return NULL;
	h = (uint32_t)(blk * 2654435761u) & (r->rcap - 1);
	while (r->rev[h].used) {
		if (r->rev[h].blk == blk)
			return &r->rev[h];
		h = (h + 1) & (r->rcap - 1);
	}
	return &r->rev[h];
}

static int
rev_set(struct replay *r, uint64_t blk, uint32_t seq)
{
	struct revoke *e;
	int err;

	if ((r->nrev + 1) * 2 > r->rcap) {
		err = rev_grow(r);
		if (err)
			return err;
	}
	e = rev_find(r, blk);
	if (e->used) {
		if (tid_geq(seq, e->seq))
			e->seq = seq;
		return 0;
	}
	e->used = true;
	e->blk = blk;
	e->seq = seq;
	r->nrev++;
	return 0;
}

static bool
revoked(struct replay *r, uint64_t blk, uint32_t seq)
{
	struct revoke *e = rev_find(r, blk);

	return e && e->used && tid_geq(e->seq, seq);
}

static int
read_log(struct ext4_fs *fs, struct ext4_journal *j, uint32_t pos, uint8_t *buf)
{
	return ext4_dev_read(fs, ext4_jmap(j, pos) << fs->log_block_size, buf, fs->block_size);
}

static bool
tail_ok(const struct ext4_fs *fs, const struct ext4_journal *j, uint8_t *b)
{
	uint32_t want, got;

	if (!j->v2 && !j->v3)
		return true;
	want = be32(b + fs->block_size - JTAIL_SIZE);
	put_be32(b + fs->block_size - JTAIL_SIZE, 0);
	got = crc32c_update(j->csum_seed, b, fs->block_size);
	put_be32(b + fs->block_size - JTAIL_SIZE, want);
	return got == want;
}

static bool
commit_ok(const struct ext4_fs *fs, const struct ext4_journal *j, uint8_t *b)
{
	uint32_t want, got;

	if (!j->v2 && !j->v3)
		return true;
	want = be32(b + JC_CHKSUM);
	put_be32(b + JC_CHKSUM, 0);
	got = crc32c_update(j->csum_seed, b, fs->block_size);
	put_be32(b + JC_CHKSUM, want);
	return got == want;
}

struct tag {
	uint64_t blk;
	uint32_t flags, csum;
};

/* Parse the tag at off of descriptor d; returns the next offset, or 0 past the end. */
static uint32_t
parse_tag(const struct ext4_fs *fs, const struct ext4_journal *j, const uint8_t *d, uint32_t off,
	  struct tag *t)
{
	uint32_t size = fs->block_size - ((j->v2 || j->v3) ? JTAIL_SIZE : 0);
	const uint8_t *p = d + off;

	if (off + j->tag_bytes > size)
		return 0;
	t->blk = be32(p);
	t->flags = be16(p + 6);
	if (j->b64)
		t->blk |= (uint64_t)be32(p + 8) << 32;
	t->csum = j->v3 ? be32(p + 12) : be16(p + 4);
	off += j->tag_bytes;
	if (!(t->flags & JTAG_SAME_UUID))
		off += 16;
	return off;
}

/* Replay one tagged block (log position pos, transaction seq). */
static int
replay_block(struct ext4_fs *fs, struct replay *r, const struct tag *t, uint32_t pos,
	     uint32_t seq)
{
	struct ext4_journal *j = r->j;
	int err;

	if (revoked(r, t->blk, seq))
		return 0;
	if (t->blk >= fs->blocks_count)
		return ext4_err(fs, -EUCLEAN, "ext4: journal block %u names block %llu, past the end",
				pos, (unsigned long long)t->blk);
	err = read_log(fs, j, pos, r->data);
	if (err)
		return err;
	if (j->v2 || j->v3) {
		uint8_t s[4];
		uint32_t c;

		put_be32(s, seq);
		c = crc32c_update(crc32c_update(j->csum_seed, s, 4), r->data, fs->block_size);
		if (!j->v3)
			c &= 0xFFFF;
		if (c != t->csum) {
			r->bad_blocks++;
			return 0;
		}
	}
	if (t->flags & JTAG_ESCAPE)
		put_be32(r->data, JBD2_MAGIC);
	return ext4_dev_write(fs, t->blk << fs->log_block_size, r->data, fs->block_size);
}

/* Walk a descriptor's tags; returns the log position after its blocks. */
static int
do_descriptor(struct ext4_fs *fs, struct replay *r, enum pass pass, uint32_t pos, uint32_t seq,
	      uint32_t *next)
{
	struct ext4_journal *j = r->j;
	uint32_t off = JH_SIZE, n = 0;
	struct tag t;
	int err;

	pos = ext4_jnext(j, pos);
	while ((off = parse_tag(fs, j, r->buf, off, &t))) {
		if (++n > j->last - j->first)
			return ext4_err(fs, -EUCLEAN, "ext4: journal descriptor overruns the log");
		if (pass == PASS_REPLAY) {
			err = replay_block(fs, r, &t, pos, seq);
			if (err)
				return err;
		}
		pos = ext4_jnext(j, pos);
		if (t.flags & JTAG_LAST)
			break;
	}
	*next = pos;
	return 0;
}

static int
do_revoke(struct ext4_fs *fs, struct replay *r, uint32_t seq)
{
	uint32_t count = be32(r->buf + JR_COUNT), rec = r->j->b64 ? 8 : 4;
	uint32_t max = fs->block_size - ((r->j->v2 || r->j->v3) ? JTAIL_SIZE : 0);

	if (count > max)
		return ext4_err(fs, -EUCLEAN, "ext4: bad journal revoke block");
	for (uint32_t off = JR_RECORDS; off + rec <= count; off += rec) {
		uint64_t blk = be32(r->buf + off);
		int err;

		if (rec == 8)
			blk = blk << 32 | be32(r->buf + off + 4);
		err = rev_set(r, blk, seq);
		if (err)
			return err;
	}
	return 0;
}

/* One pass over the log from its start. */
static int
one_pass(struct ext4_fs *fs, struct replay *r, enum pass pass)
{
	struct ext4_journal *j = r->j;
	uint32_t pos = be32(j->sb + JSB_START), seq = be32(j->sb + JSB_SEQUENCE);
	uint32_t blocks = 0;
	int err;

	for (;;) {
		uint32_t type, next = 0;

		if (pass != PASS_SCAN && seq == r->end_seq)
			break;
		if (++blocks > 2 * (j->last - j->first) + 2)
			return ext4_err(fs, -EUCLEAN, "ext4: journal loops");
		err = read_log(fs, j, pos, r->buf);
		if (err)
			return err;
		if (be32(r->buf + JH_MAGIC) != JBD2_MAGIC || be32(r->buf + JH_SEQ) != seq)
			break;
		type = be32(r->buf + JH_TYPE);
		if (type == JBD2_DESCRIPTOR) {
			if (!tail_ok(fs, j, r->buf))
				break;
			err = do_descriptor(fs, r, pass, pos, seq, &next);
			if (err)
				return err;
			pos = next;
		} else if (type == JBD2_COMMIT) {
			if (!commit_ok(fs, j, r->buf))
				break;
			seq++;
			pos = ext4_jnext(j, pos);
		} else if (type == JBD2_REVOKE) {
			if (!tail_ok(fs, j, r->buf))
				break;
			if (pass == PASS_REVOKE) {
				err = do_revoke(fs, r, seq);
				if (err)
					return err;
			}
			pos = ext4_jnext(j, pos);
		} else {
			break;
		}
	}
	if (pass == PASS_SCAN)
		r->end_seq = seq;
	return 0;
}

int
ext4_journal_replay(struct ext4_fs *fs, struct ext4_journal *j)
{
	struct replay r = { .j = j };
	int err;

	if (!be32(j->sb + JSB_START))
		return 0;	/* nothing logged since the last checkpoint */
	if (be32(j->sb + JSB_START) < j->first || be32(j->sb + JSB_START) >= j->last)
		return ext4_err(fs, -EUCLEAN, "ext4: journal start %u outside the log",
				be32(j->sb + JSB_START));
	if (j->incompat & JINCOMPAT_FAST_COMMIT)
		return ext4_err(fs, -EOPNOTSUPP, "ext4: cannot replay a fast-commit journal");
	r.buf = kmalloc(fs->block_size);
	r.data = kmalloc(fs->block_size);
	err = (!r.buf || !r.data) ? -ENOMEM : 0;
	if (!err)
		err = one_pass(fs, &r, PASS_SCAN);
	if (!err)
		err = one_pass(fs, &r, PASS_REVOKE);
	if (!err)
		err = one_pass(fs, &r, PASS_REPLAY);
	if (!err)
		err = ext4_dev_flush(fs);
	if (!err) {
		put_be32(j->sb + JSB_START, 0);
		put_be32(j->sb + JSB_SEQUENCE, r.end_seq + 1);
		if (j->v2 || j->v3)
			put_be32(j->sb + JSB_CHECKSUM, ext4_jsb_csum(j->sb));
		err = ext4_dev_write(fs, ext4_jmap(j, 0) << fs->log_block_size, j->sb,
				     fs->block_size);
	}
	if (!err)
		err = ext4_dev_flush(fs);
	if (!err && r.bad_blocks)
		err = ext4_err(fs, -EUCLEAN, "ext4: %u journal blocks failed their checksum",
			       r.bad_blocks);
	kfree(r.rev);
	kfree(r.buf);
	kfree(r.data);
	return err;
}
