/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to kernel/fs/ext4: the jbd2 journal's on-disk format (all
 * big-endian) and the in-memory journal shared by journal.c (writing
 * transactions, checkpoints) and recovery.c (replay at mount).
 */
#ifndef EXT4_JOURNAL_H
#define EXT4_JOURNAL_H

#include "ext4_int.h"

#define JBD2_MAGIC		0xC03B3998u
#define JBD2_DESCRIPTOR		1
#define JBD2_COMMIT		2
#define JBD2_SB_V1		3
#define JBD2_SB_V2		4
#define JBD2_REVOKE		5

/* Every log block starts with {magic, blocktype, sequence}. */
#define JH_MAGIC		0x00
#define JH_TYPE			0x04
#define JH_SEQ			0x08
#define JH_SIZE			12

/* Journal superblock. */
#define JSB_BLOCKSIZE		0x0C
#define JSB_MAXLEN		0x10
#define JSB_FIRST		0x14
#define JSB_SEQUENCE		0x18
#define JSB_START		0x1C
#define JSB_ERRNO		0x20
#define JSB_COMPAT		0x24
#define JSB_INCOMPAT		0x28
#define JSB_RO_COMPAT		0x2C
#define JSB_UUID		0x30
#define JSB_NR_USERS		0x40
#define JSB_CSUM_TYPE		0x50
#define JSB_NUM_FC_BLKS		0x54
#define JSB_CHECKSUM		0xFC
#define JSB_SIZE		1024

#define JCOMPAT_CHECKSUM	0x1u	/* v1: crc32 of the blocks in the commit */
#define JINCOMPAT_REVOKE	0x1u
#define JINCOMPAT_64BIT		0x2u
#define JINCOMPAT_ASYNC_COMMIT	0x4u
#define JINCOMPAT_CSUM_V2	0x8u
#define JINCOMPAT_CSUM_V3	0x10u
#define JINCOMPAT_FAST_COMMIT	0x20u
#define JINCOMPAT_KNOWN		(JINCOMPAT_REVOKE | JINCOMPAT_64BIT | JINCOMPAT_ASYNC_COMMIT | \
				 JINCOMPAT_CSUM_V2 | JINCOMPAT_CSUM_V3)

/* Descriptor block tags: {blocknr, flags/csum, blocknr_high, csum}. */
#define JTAG_ESCAPE		0x1u	/* the block began with JBD2_MAGIC: zeroed in the log */
#define JTAG_SAME_UUID		0x2u	/* no 16-byte uuid after this tag */
#define JTAG_DELETED		0x4u
#define JTAG_LAST		0x8u
#define JTAIL_SIZE		4	/* v2/v3 block tail: be32 crc32c */

/* Commit block. */
#define JC_CHKSUM_TYPE		0x0C
#define JC_CHKSUM_SIZE		0x0D
#define JC_CHKSUM		0x10
#define JC_SEC			0x30
#define JC_NSEC			0x38

/* Revoke block: header, be32 bytes used (from the block start), records. */
#define JR_COUNT		0x0C
#define JR_RECORDS		0x10

/* One physically contiguous piece of the journal file. */
struct jmap {
	uint32_t lblk, count;
	uint64_t pblk;
};

struct ext4_journal {
	uint32_t ino;
	struct jmap *map;
	uint32_t nmap;
	uint32_t first, last;	/* the log is blocks [first, last) of the file */
	uint32_t head;		/* where the next log block goes */
	uint32_t seq;		/* tid of the running transaction */
	uint32_t used;		/* log blocks written since the last checkpoint */
	uint32_t max_trans;	/* buffers a transaction may hold */
	uint32_t compat, incompat;
	bool v2, v3, b64;	/* checksums v2 or v3; 64-bit block numbers */
	uint32_t csum_seed;	/* crc32c(~0, journal uuid) */
	uint32_t tag_bytes;
	uint8_t *sb;		/* the journal superblock block */
	uint8_t *scratch;	/* one block, for building log blocks */
	uint8_t *stage;		/* log blocks waiting to be written ... */
	uint32_t nstage;	/* ... how many, starting at ... */
	uint32_t stage_lblk;	/* ... this journal block */
};

/* journal.c */
/* jmap_block maps journal file block lblk to a physical block (0 if outside). */
uint64_t ext4_jmap(const struct ext4_journal *j, uint32_t lblk);
/* ext4_jnext returns the log block after pos, wrapping from last to first. */
uint32_t ext4_jnext(const struct ext4_journal *j, uint32_t pos);
/* ext4_jsb_csum computes the journal superblock checksum. */
uint32_t ext4_jsb_csum(const uint8_t *jsb);
/* ext4_jtag_bytes is the size of one descriptor tag for these features. */
uint32_t ext4_jtag_bytes(const struct ext4_journal *j);
/* ext4_jsb_write writes the journal superblock (with its checksum) and flushes. */
int ext4_jsb_write(struct ext4_fs *fs);

/* recovery.c */
/* ext4_journal_replay replays a journal whose s_start is not 0, then marks it empty. */
int ext4_journal_replay(struct ext4_fs *fs, struct ext4_journal *j);

#endif /* EXT4_JOURNAL_H */
