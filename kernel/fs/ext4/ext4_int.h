/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to kernel/fs/ext4: on-disk offsets, the in-memory filesystem,
 * the block cache, and the entry points the files of this directory share.
 *
 * The library is layered bottom up:
 *   bcache.c   block cache over the caller's device (struct ext4_blockdev):
 *              clean, dirty-in-transaction and committed buffers
 *   journal.c  transactions, commits into the jbd2 log, checkpoints;
 *              recovery.c  replay at mount (journal.h: the log's format)
 *   super.c    superblock, features, group descriptors, mount, remount
 *   balloc.c   block bitmaps, allocation, deferred frees;
 *              ialloc.c  inode bitmaps, where new inodes go
 *   inode.c    inodes in memory (one per number), reading and writing them
 *   orphan.c   the orphan list, freeing inodes
 *   extents.c  extent trees; blockmap.c  ext2/3 indirect maps
 *   file.c     mapping with allocation, read, write, truncate, fallocate
 *   dir.c      directory blocks, iteration, lookup, entries added/removed
 *   htree.c    hashed (dx) lookup and insertion; hash.c  the hash functions
 *   namei.c    create, link, unlink, rmdir, rename, setattr
 *   xattr.c    extended attributes
 * On-disk structures are read field by field with le16/le32 at byte
 * offsets, never through packed structs, so any alignment is safe.
 */
#ifndef EXT4_INT_H
#define EXT4_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "uapi/errno.h"
#include "kernel/ext4.h"

/* Superblock byte offsets (the superblock is 1024 bytes at byte 1024). */
#define SB_OFFSET		1024
#define SB_SIZE			1024
#define SB_INODES_COUNT		0x00
#define SB_BLOCKS_COUNT_LO	0x04
#define SB_R_BLOCKS_COUNT_LO	0x08
#define SB_FREE_BLOCKS_LO	0x0C
#define SB_FREE_INODES		0x10
#define SB_FIRST_DATA_BLOCK	0x14
#define SB_LOG_BLOCK_SIZE	0x18
#define SB_LOG_CLUSTER_SIZE	0x1C
#define SB_BLOCKS_PER_GROUP	0x20
#define SB_CLUSTERS_PER_GROUP	0x24
#define SB_INODES_PER_GROUP	0x28
#define SB_MTIME		0x2C
#define SB_WTIME		0x30
#define SB_MNT_COUNT		0x34
#define SB_MAGIC		0x38
#define SB_STATE		0x3A
#define SB_REV_LEVEL		0x4C
#define SB_FIRST_INO		0x54
#define SB_INODE_SIZE		0x58
#define SB_FEATURE_COMPAT	0x5C
#define SB_FEATURE_INCOMPAT	0x60
#define SB_FEATURE_RO_COMPAT	0x64
#define SB_UUID			0x68
#define SB_VOLUME_NAME		0x78
#define SB_RESERVED_GDT		0xCE
#define SB_JOURNAL_INUM		0xE0
#define SB_JOURNAL_DEV		0xE4
#define SB_LAST_ORPHAN		0xE8
#define SB_HASH_SEED		0xEC
#define SB_DEF_HASH_VERSION	0xFC
#define SB_DESC_SIZE		0xFE
#define SB_FIRST_META_BG	0x104
#define SB_BLOCKS_COUNT_HI	0x150
#define SB_R_BLOCKS_COUNT_HI	0x154
#define SB_FREE_BLOCKS_HI	0x158
#define SB_MIN_EXTRA_ISIZE	0x15C
#define SB_WANT_EXTRA_ISIZE	0x15E
#define SB_FLAGS		0x160
#define SB_LOG_GROUPS_PER_FLEX	0x174
#define SB_CHECKSUM_TYPE	0x175
#define SB_KBYTES_WRITTEN	0x178
#define SB_OVERHEAD		0x248
#define SB_BACKUP_BGS		0x24C
#define SB_CHECKSUM_SEED	0x270
#define SB_CHECKSUM		0x3FC

#define EXT4_SUPER_MAGIC	0xEF53
#define EXT4_STATE_VALID	0x0001
#define EXT4_STATE_ERRORS	0x0002
#define EXT4_FLAGS_SIGNED_HASH	 0x1
#define EXT4_FLAGS_UNSIGNED_HASH 0x2

/* Feature bits. */
#define COMPAT_HAS_JOURNAL	0x0004
#define COMPAT_EXT_ATTR		0x0008
#define COMPAT_RESIZE_INODE	0x0010
#define COMPAT_DIR_INDEX	0x0020
#define COMPAT_SPARSE_SUPER2	0x0200

#define INCOMPAT_COMPRESSION	0x0001
#define INCOMPAT_FILETYPE	0x0002
#define INCOMPAT_RECOVER	0x0004
#define INCOMPAT_JOURNAL_DEV	0x0008
#define INCOMPAT_META_BG	0x0010
#define INCOMPAT_EXTENTS	0x0040
#define INCOMPAT_64BIT		0x0080
#define INCOMPAT_MMP		0x0100
#define INCOMPAT_FLEX_BG	0x0200
#define INCOMPAT_EA_INODE	0x0400
#define INCOMPAT_DIRDATA	0x1000
#define INCOMPAT_CSUM_SEED	0x2000
#define INCOMPAT_LARGEDIR	0x4000
#define INCOMPAT_INLINE_DATA	0x8000
#define INCOMPAT_ENCRYPT	0x10000
#define INCOMPAT_CASEFOLD	0x20000
/* What this code reads correctly. */
#define INCOMPAT_SUPPORTED	(INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_META_BG | \
				 INCOMPAT_EXTENTS | INCOMPAT_64BIT | INCOMPAT_MMP | \
				 INCOMPAT_FLEX_BG | INCOMPAT_EA_INODE | INCOMPAT_CSUM_SEED | \
				 INCOMPAT_LARGEDIR | INCOMPAT_INLINE_DATA)

#define RO_COMPAT_SPARSE_SUPER	0x0001
#define RO_COMPAT_LARGE_FILE	0x0002
#define RO_COMPAT_HUGE_FILE	0x0008
#define RO_COMPAT_GDT_CSUM	0x0010
#define RO_COMPAT_DIR_NLINK	0x0020
#define RO_COMPAT_EXTRA_ISIZE	0x0040
#define RO_COMPAT_METADATA_CSUM	0x0400
/* What this code writes correctly; anything else means a read-only mount. */
#define INCOMPAT_WRITABLE	(INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_META_BG | \
				 INCOMPAT_EXTENTS | INCOMPAT_64BIT | INCOMPAT_FLEX_BG | \
				 INCOMPAT_CSUM_SEED)
#define RO_COMPAT_WRITABLE	(RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | \
				 RO_COMPAT_HUGE_FILE | RO_COMPAT_GDT_CSUM | RO_COMPAT_DIR_NLINK | \
				 RO_COMPAT_EXTRA_ISIZE | RO_COMPAT_METADATA_CSUM)

/* Group descriptor offsets (32 bytes, or desc_size >= 64 with 64bit). */
#define BG_BLOCK_BITMAP_LO	0x00
#define BG_INODE_BITMAP_LO	0x04
#define BG_INODE_TABLE_LO	0x08
#define BG_FREE_BLOCKS_LO	0x0C
#define BG_FREE_INODES_LO	0x0E
#define BG_USED_DIRS_LO		0x10
#define BG_FLAGS		0x12
#define BG_BLOCK_BITMAP_CSUM_LO	0x18
#define BG_INODE_BITMAP_CSUM_LO	0x1A
#define BG_ITABLE_UNUSED_LO	0x1C
#define BG_CHECKSUM		0x1E
#define BG_BLOCK_BITMAP_HI	0x20
#define BG_INODE_BITMAP_HI	0x24
#define BG_INODE_TABLE_HI	0x28
#define BG_FREE_BLOCKS_HI	0x2C
#define BG_FREE_INODES_HI	0x2E
#define BG_USED_DIRS_HI		0x30
#define BG_ITABLE_UNUSED_HI	0x32
#define BG_BLOCK_BITMAP_CSUM_HI	0x38
#define BG_INODE_BITMAP_CSUM_HI	0x3A
#define BG_INODE_UNINIT		0x0001
#define BG_BLOCK_UNINIT		0x0002
#define BG_ITABLE_ZEROED	0x0004

/* Inode offsets. */
#define I_MODE			0x00
#define I_UID			0x02
#define I_SIZE_LO		0x04
#define I_ATIME			0x08
#define I_CTIME			0x0C
#define I_MTIME			0x10
#define I_GID			0x18
#define I_DTIME			0x14
#define I_LINKS_COUNT		0x1A
#define I_BLOCKS_LO		0x1C
#define I_FLAGS			0x20
#define I_BLOCK			0x28
#define I_GENERATION		0x64
#define I_FILE_ACL_LO		0x68
#define I_SIZE_HIGH		0x6C
#define I_BLOCKS_HIGH		0x74
#define I_FILE_ACL_HIGH		0x76
#define I_UID_HIGH		0x78
#define I_GID_HIGH		0x7A
#define I_CHECKSUM_LO		0x7C
#define I_GOOD_OLD_SIZE		128
#define I_EXTRA_ISIZE		0x80
#define I_CHECKSUM_HI		0x82
#define I_CTIME_EXTRA		0x84
#define I_MTIME_EXTRA		0x88
#define I_ATIME_EXTRA		0x8C
#define I_CRTIME		0x90
#define I_CRTIME_EXTRA		0x94
#define I_VERSION_HI		0x98
#define I_PROJID		0x9C
#define I_EXTRA_WANT		32	/* i_extra_isize of new inodes: through i_projid */

#define EXT4_ENCRYPT_FL		0x00000800u
#define EXT4_EA_INODE_FL	0x00200000u
#define EXT4_CASEFOLD_FL	0x40000000u

#define EXT4_IBLOCK_SIZE	60	/* i_block: block map, extent root or inline data */

/* Mode bits (the Linux values). */
#define EXT4_S_IFMT		0170000
#define EXT4_S_IFSOCK		0140000
#define EXT4_S_IFLNK		0120000
#define EXT4_S_IFREG		0100000
#define EXT4_S_IFBLK		0060000
#define EXT4_S_IFDIR		0040000
#define EXT4_S_IFCHR		0020000
#define EXT4_S_IFIFO		0010000
#define EXT4_ISDIR(m)		(((m) & EXT4_S_IFMT) == EXT4_S_IFDIR)
#define EXT4_ISLNK(m)		(((m) & EXT4_S_IFMT) == EXT4_S_IFLNK)

/*
 * Credits: the most buffers one call (or one chunk of a long call) may
 * dirty; ext4_op_begin makes room for that much (journal.c). A chunk stops
 * when less than EXT4_CREDITS_SLACK is left (ext4_trans_full).
 */
#define EXT4_CREDITS_NS		64	/* create, link, unlink, rename ... */
#define EXT4_CREDITS_MAP	32	/* one allocation or conversion */
#define EXT4_CREDITS_WRITE	64
#define EXT4_CREDITS_TRUNC	64
#define EXT4_CREDITS_EVICT	64
#define EXT4_CREDITS_XATTR	24
#define EXT4_CREDITS_SETATTR	8
#define EXT4_CREDITS_SLACK	32
#define EXT4_GET_CHUNK		32768u	/* blocks mapped by one call at most */
#define EXT4_WRITE_PIECE	32768u	/* blocks ext4_write maps per transaction */

/* ext4_inode_touch masks */
#define EXT4_T_ATIME		0x1u
#define EXT4_T_MTIME		0x2u
#define EXT4_T_CTIME		0x4u

/* Block cache: see bcache.c. */
#define EXT4_BC_HASH		1024	/* hash buckets */
#define EXT4_BC_CLEAN_BYTES	(4u << 20)	/* clean buffers kept, in bytes */

/* What a buffer's contents were verified as (so checks run once per read). */
enum ext4_vkind {
	EXT4_V_NONE = 0,
	EXT4_V_EXTENT,
	EXT4_V_DIRLEAF,
	EXT4_V_DXROOT,
	EXT4_V_DXNODE,
	EXT4_V_BITMAP,
	EXT4_V_XATTR,
	EXT4_V_IND,
};

/*
 * A cached metadata block. Unreferenced clean buffers sit on the LRU list
 * and may be reused; a buffer changed in the running transaction (run) or
 * committed to the log but not yet written home (ckpt) is pinned until
 * the checkpoint writes it.
 */
struct ext4_buf {
	uint64_t blk;
	uint8_t *data;		/* block_size bytes */
	unsigned int refs;
	struct ext4_buf *hnext;	/* hash chain */
	struct ext4_buf *lru_prev, *lru_next;	/* on the LRU list if linked */
	bool hashed;		/* findable by blk (false once forgotten) */
	bool run;		/* changed in the running transaction */
	bool ckpt;		/* in the log (or dirty, no journal), not home yet */
	enum ext4_vkind vkind;	/* verification done on data, and ... */
	uint32_t vseed;		/* ... the checksum seed it was done for */
};

/* A run of physical blocks. */
struct ext4_run {
	uint64_t blk, count;
};

/*
 * The running transaction: every buffer changed since the last commit,
 * the metadata blocks freed (revoked: the log must not replay old copies
 * over them once reused), and the blocks freed, which return to the
 * bitmaps only when the transaction commits (journal.c).
 */
struct ext4_trans {
	struct ext4_buf **bufs;
	uint32_t nbufs, cap;
	uint64_t *revokes;
	uint32_t nrevokes, rcap;
	struct ext4_run *frees;
	uint32_t nfrees, fcap;
	uint64_t free_blocks;	/* blocks waiting in frees */
	uint32_t free_groups;	/* upper bound of the groups frees will touch */
};

struct ext4_journal;

struct ext4_fs {
	struct ext4_blockdev bd;
	unsigned int mount_flags;
	bool rdonly;		/* no changes: asked for, or forced */
	bool aborted;		/* an update failed half way: see ext4.h */
	uint8_t *sb;		/* the superblock, inside sb_buf */
	struct ext4_buf *sb_buf;	/* pinned */

	uint32_t block_size;
	unsigned int log_block_size;	/* log2(block_size) */
	uint64_t blocks_count;
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t inodes_count;
	uint32_t inode_size;
	uint32_t first_ino;
	uint32_t desc_size;
	uint32_t group_count;
	uint32_t itable_blocks;	/* blocks per group's inode table */
	uint32_t compat, incompat, ro_compat;

	bool csum;		/* metadata_csum */
	bool gdt_csum;		/* uninit_bg crc16 (without metadata_csum) */
	uint32_t csum_seed;	/* crc32c seed of all metadata checksums */
	uint32_t hash_seed[4];
	uint8_t def_hash_version;
	bool hash_unsigned;

	struct ext4_buf **gdt;	/* group descriptor blocks, pinned */
	uint32_t gdt_blocks;

	/* allocation state (balloc.c, ialloc.c) */
	uint64_t free_blocks;	/* as in the bitmaps (frees pending not counted) */
	uint32_t free_inodes;
	uint64_t r_blocks;	/* reserved for root */
	uint64_t overhead;	/* metadata blocks, for statfs */
	unsigned int log_flex;	/* log2(groups per flex group), 0 without flex_bg */
	uint32_t flex_count;
	uint64_t *flex_free_blocks;	/* per flex group: the flex_bg summaries */
	uint32_t *flex_free_inodes;
	uint32_t *flex_dirs;
	uint32_t next_generation;
	uint32_t orlov_rotor;

	/* block cache (bcache.c) */
	struct ext4_buf *bc_hash[EXT4_BC_HASH];
	struct ext4_buf lru;	/* list head: next is most recent */
	uint32_t nbufs, max_clean;
	uint32_t nclean;

	/* transactions and the journal (journal.c) */
	struct ext4_trans trans;
	struct ext4_buf **ckpt;	/* committed, not yet home */
	uint32_t nckpt, ckcap;
	struct ext4_journal *j;	/* NULL without a journal (or read-only) */
	uint32_t commits;
	uint64_t log_written;	/* journal blocks written by this mount */

	/* inodes in memory (inode.c) and the orphan list (orphan.c) */
	struct ext4_inode *icache[256];
	struct ext4_inode *orphans;	/* newest first, as on disk */

	char detail[192];	/* last error, one line */
};

static inline uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static inline void
put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* The journal is big-endian. */
static inline uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* super.c */
/* ext4_err records a one-line detail for fs (or the last mount) and returns err. */
int ext4_err(struct ext4_fs *fs, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* ext4_verr is ext4_err with a va_list. */
int ext4_verr(struct ext4_fs *fs, int err, const char *fmt, va_list ap);
/* ext4_now reads the caller's clock (the epoch without one). */
void ext4_now(const struct ext4_fs *fs, struct ext4_timespec *ts);
/* ext4_group_desc returns a pointer to group g's descriptor (in its pinned block). */
uint8_t *ext4_group_desc(const struct ext4_fs *fs, uint32_t g);
/* ext4_gd_dirty checksums group g's descriptor and adds its block to the transaction. */
int ext4_gd_dirty(struct ext4_fs *fs, uint32_t g);
/* Descriptor fields: block addresses (lo/hi 32 bits) and counts (lo/hi 16 bits). */
uint64_t ext4_gd_blk(const struct ext4_fs *fs, const uint8_t *d, unsigned int lo, unsigned int hi);
uint32_t ext4_gd_count(const struct ext4_fs *fs, const uint8_t *d, unsigned int lo,
		       unsigned int hi);
void ext4_gd_set_count(const struct ext4_fs *fs, uint8_t *d, unsigned int lo, unsigned int hi,
		       uint32_t v);
uint64_t ext4_block_bitmap_blk(const struct ext4_fs *fs, uint32_t g);
uint64_t ext4_inode_bitmap_blk(const struct ext4_fs *fs, uint32_t g);
uint64_t ext4_inode_table_blk(const struct ext4_fs *fs, uint32_t g);
/* ext4_has_gd_csum says whether descriptors are checksummed (uninit flags valid). */
bool ext4_has_gd_csum(const struct ext4_fs *fs);
/* Group geometry. */
uint64_t ext4_group_first_block(const struct ext4_fs *fs, uint32_t g);
uint32_t ext4_group_of_block(const struct ext4_fs *fs, uint64_t blk);
uint32_t ext4_group_blocks(const struct ext4_fs *fs, uint32_t g);
bool ext4_group_has_super(const struct ext4_fs *fs, uint32_t g);
/* ext4_group_sb_blocks counts the superblock copy and descriptor blocks opening group g. */
uint32_t ext4_group_sb_blocks(const struct ext4_fs *fs, uint32_t g);
/* ext4_block_ok says whether pblk..pblk+count-1 may hold file data or metadata. */
bool ext4_block_ok(const struct ext4_fs *fs, uint64_t pblk, uint64_t count);
/* ext4_sb_dirty adds the superblock to the transaction (counts are filled at commit). */
int ext4_sb_dirty(struct ext4_fs *fs);
/* ext4_sb_update fills a dirty superblock's free counts and checksum (commit time). */
int ext4_sb_update(struct ext4_fs *fs);
/* ext4_sb_csum_set recomputes the superblock checksum. */
void ext4_sb_csum_set(struct ext4_fs *fs);

/* bcache.c */
/* ext4_bread returns a referenced buffer holding block blk. */
int ext4_bread(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out);
/* ext4_bget_new returns a referenced, zeroed buffer for a newly allocated block (no read). */
int ext4_bget_new(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out);
/* ext4_brelse drops a reference from ext4_bread; NULL is allowed. */
void ext4_brelse(struct ext4_fs *fs, struct ext4_buf *b);
/* ext4_bdirty adds b (changed, checksums set) to the running transaction. */
int ext4_bdirty(struct ext4_fs *fs, struct ext4_buf *b);
/* ext4_bforget drops a freed metadata block's buffer from the cache and every list. */
void ext4_bforget(struct ext4_fs *fs, uint64_t blk);
/* ext4_bcheckpoint_add/done put a buffer on and take it off the checkpoint list. */
int ext4_bcheckpoint_add(struct ext4_fs *fs, struct ext4_buf *b);
void ext4_bcheckpoint_done(struct ext4_fs *fs, struct ext4_buf *b);
/* ext4_bcache_discard_run forgets the running transaction's buffers (abort). */
void ext4_bcache_discard_run(struct ext4_fs *fs);
/* ext4_bcache_drop_clean frees every unreferenced clean buffer. */
void ext4_bcache_drop_clean(struct ext4_fs *fs);
/* ext4_dev_read reads len bytes at byte offset off, checked against the device size. */
int ext4_dev_read(struct ext4_fs *fs, uint64_t off, void *buf, size_t len);
/* ext4_dev_write writes len bytes at byte offset off. */
int ext4_dev_write(struct ext4_fs *fs, uint64_t off, const void *buf, size_t len);
/* ext4_dev_flush is a write barrier on the device. */
int ext4_dev_flush(struct ext4_fs *fs);
/* ext4_bcache_init sets the cache up (block_size must be known). */
int ext4_bcache_init(struct ext4_fs *fs);
/* ext4_bcache_free releases every buffer. */
void ext4_bcache_free(struct ext4_fs *fs);

/* journal.c: transactions */
/* ext4_op_begin starts a modifying call that may dirty up to credits buffers. */
int ext4_op_begin(struct ext4_fs *fs, uint32_t credits);
/* ext4_op_restart continues a long call at a consistent point (may commit). */
int ext4_op_restart(struct ext4_fs *fs, uint32_t credits);
/* ext4_reserve_blocks checks n blocks can be allocated (committing pending frees if needed). */
int ext4_reserve_blocks(struct ext4_fs *fs, uint64_t n, bool root);
/* ext4_commit_trans commits the running transaction (see journal.c). */
int ext4_commit_trans(struct ext4_fs *fs);
/* ext4_checkpoint commits, then writes everything home and empties the log. */
int ext4_checkpoint(struct ext4_fs *fs);
/* ext4_write_checkpoint_list writes the checkpoint list home and flushes. */
int ext4_write_checkpoint_list(struct ext4_fs *fs);
/* ext4_abort shuts the filesystem down after a failed update (see ext4.h). */
int ext4_abort(struct ext4_fs *fs, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* ext4_journal_load reads the journal inode and superblock. */
int ext4_journal_load(struct ext4_fs *fs, struct ext4_journal **out);
/* ext4_journal_start prepares the log for writing (read-write mount). */
int ext4_journal_start(struct ext4_fs *fs);
/* ext4_journal_stop checkpoints and marks the log empty (unmount). */
int ext4_journal_stop(struct ext4_fs *fs);
/* ext4_journal_free frees j; NULL is allowed. */
void ext4_journal_free(struct ext4_journal *j);
/* ext4_journal_blocks is the log's size in blocks. */
uint32_t ext4_journal_blocks(const struct ext4_journal *j);

/* balloc.c */
/* ext4_alloc_blocks allocates a run of 1..max blocks near goal (min 1); -ENOSPC. */
int ext4_alloc_blocks(struct ext4_fs *fs, uint64_t goal, uint64_t max, bool root,
		      uint64_t *pblk, uint64_t *count);
/* ext4_free_blocks frees blk..blk+count-1 when the transaction commits; metadata: revoke too. */
int ext4_free_blocks(struct ext4_fs *fs, uint64_t blk, uint64_t count, bool metadata);
/* ext4_free_apply returns the transaction's freed blocks to the bitmaps (commit time). */
int ext4_free_apply(struct ext4_fs *fs);
/* ext4_inode_goal is where blocks of inode should go when nothing better is known. */
uint64_t ext4_inode_goal(struct ext4_fs *fs, const struct ext4_inode *inode);
/* ext4_bitmap_csum computes the crc32c of a bitmap of nbits bits. */
uint32_t ext4_bitmap_csum(const struct ext4_fs *fs, const uint8_t *bitmap, uint32_t nbits);

/* ialloc.c */
/* ext4_ialloc picks and marks a free inode for a new inode of mode under dir. */
int ext4_ialloc(struct ext4_fs *fs, struct ext4_inode *dir, uint16_t mode, uint32_t *ino);
/* ext4_ifree marks inode ino free (was a directory: isdir). */
int ext4_ifree(struct ext4_fs *fs, uint32_t ino, bool isdir);

/* orphan.c */
/* ext4_orphan_add puts inode on the orphan list (crash: free it, or truncate to i_size). */
int ext4_orphan_add(struct ext4_fs *fs, struct ext4_inode *inode);
/* ext4_orphan_del takes inode off the orphan list. */
int ext4_orphan_del(struct ext4_fs *fs, struct ext4_inode *inode);
/* ext4_orphan_cleanup processes the on-disk orphan list at a read-write mount. */
int ext4_orphan_cleanup(struct ext4_fs *fs);

/* inode.c */
/* ext4_iget_raw is ext4_iget that also returns inodes without links (orphans). */
int ext4_iget_raw(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out);
/* ext4_icache_drop frees every in-memory inode (unmount, after a replay). */
void ext4_icache_drop(struct ext4_fs *fs);
/* ext4_inode_write checksums inode and copies it into its table block (transaction). */
int ext4_inode_write(struct ext4_fs *fs, struct ext4_inode *inode);
/* ext4_inode_new builds a fresh in-memory inode ino (see inode.c); not written yet. */
int ext4_inode_new(struct ext4_fs *fs, uint32_t ino, uint16_t mode, uint32_t uid, uint32_t gid,
		   struct ext4_inode **out);
/* ext4_inode_discard forgets a new inode whose creation was undone. */
void ext4_inode_discard(struct ext4_fs *fs, struct ext4_inode *inode);
/* ext4_inode_csum_seed derives the inode's checksum seed (number and generation). */
void ext4_inode_csum_seed(const struct ext4_fs *fs, struct ext4_inode *inode);
/* Field setters on raw (st follows). which: I_ATIME, I_MTIME, I_CTIME or I_CRTIME. */
void ext4_inode_set_time(struct ext4_inode *inode, unsigned int which, struct ext4_timespec t);
void ext4_inode_touch(struct ext4_fs *fs, struct ext4_inode *inode, unsigned int mask);
void ext4_inode_set_size(struct ext4_inode *inode, uint64_t size);
void ext4_inode_set_links(struct ext4_inode *inode, uint32_t n);
void ext4_inode_set_flags(struct ext4_inode *inode, uint32_t flags);
/* ext4_inode_add_blocks adds delta filesystem blocks to i_blocks. */
void ext4_inode_add_blocks(struct ext4_fs *fs, struct ext4_inode *inode, int64_t delta);
/* ext4_inline_data returns a new buffer with inode's inline data (i_block + system.data). */
int ext4_inline_data(struct ext4_fs *fs, struct ext4_inode *inode, uint8_t **data,
		     size_t *len);

/* orphan.c (freeing) */
/* ext4_inode_evict frees an inode with no links and no references, and its blocks. */
int ext4_inode_evict(struct ext4_fs *fs, struct ext4_inode *inode);
/* ext4_inode_has_blocks says whether i_block maps blocks (not a fast symlink or device). */
bool ext4_inode_has_blocks(const struct ext4_fs *fs, const struct ext4_inode *inode);

/* extents.c */
/* ext4_ext_map maps lblk through inode's extent tree (see ext4_map_blocks). */
int ext4_ext_map(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
		 uint64_t *pblk, uint64_t *count);
/* ext4_ext_lookup maps lblk, reporting unwritten extents with their blocks. */
int ext4_ext_lookup(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
		    struct ext4_map *map);
/* ext4_ext_init_root makes i_block an empty extent root. */
void ext4_ext_init_root(struct ext4_inode *inode);
/* ext4_ext_insert maps the hole [lblk, lblk + len) to pblk.. (see extents.c). */
int ext4_ext_insert(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, uint32_t len,
		    uint64_t pblk, bool unwritten);
/* ext4_ext_remove unmaps [start, end) (freeing the blocks if free_data); 1: stopped, trans full. */
int ext4_ext_remove(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t start, uint64_t end,
		    bool free_data);
/* ext4_ext_convert marks an unwritten range (in one extent at pblk) written. */
int ext4_ext_convert(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk, uint32_t len,
		     uint64_t pblk);

/* blockmap.c */
/* ext4_ind_map maps lblk through inode's direct/indirect block map. */
int ext4_ind_map(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		 uint64_t *pblk, uint64_t *count);
/* ext4_ind_max_blocks is one past the last block a block map addresses. */
uint64_t ext4_ind_max_blocks(const struct ext4_fs *fs);
/* ext4_ind_span counts the blocks from lblk on that share its pointer array. */
uint64_t ext4_ind_span(const struct ext4_fs *fs, uint64_t lblk);
/* ext4_ind_set maps the holes [lblk, lblk + count) (one pointer array) to pblk.. */
int ext4_ind_set(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t count,
		 uint64_t pblk);
/* ext4_ind_remove unmaps and frees [start, end); 1: stopped, transaction full. */
int ext4_ind_remove(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t start, uint64_t end);

/* file.c */
/* ext4_max_lblk is one past the last logical block inode can map. */
uint64_t ext4_max_lblk(const struct ext4_fs *fs, const struct ext4_inode *inode);
/* ext4_map_lookup maps lblk (no allocation), reporting unwritten extents. */
int ext4_map_lookup(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		    struct ext4_map *m);
/* ext4_reserve_for makes sure data blocks plus inode's tree growth can be allocated. */
int ext4_reserve_for(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t data, bool root);
/* ext4_alloc_range allocates and maps up to n blocks for the hole at lblk. */
int ext4_alloc_range(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk, uint64_t n,
		     bool unwritten, bool root, struct ext4_map *m);
/* ext4_write_locked writes data inside a call already begun (no commits). */
long ext4_write_locked(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off,
		       const void *buf, size_t len, bool root);
/* ext4_truncate_blocks frees every block past size (in chunks: the orphan list covers it). */
int ext4_truncate_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t size);

/* dir.c */
#define EXT4_NO_PREV	0xFFFFFFFFu

/* Where a directory entry is: block, offset, the entry before it in the block. */
struct ext4_dir_slot {
	uint64_t lblk;
	uint32_t off, prev;
	uint32_t ino;
	uint8_t type;
};

/* A live entry of a leaf block (offset, name length), for splitting. */
struct ext4_dir_ent {
	uint32_t off;
	uint32_t name_len;
};

/*
 * ext4_dir_read_block reads directory block lblk of dir, checked as a dx
 * root, dx node or leaf; for a hole *out is NULL and *hole its length.
 */
int ext4_dir_read_block(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk,
			struct ext4_buf **out, uint64_t *hole);
/* ext4_dir_search_block looks for name in a verified leaf block; 1 found, 0 not, -errno. */
int ext4_dir_search_block(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
			  const char *name, size_t len, uint32_t *ino);
/* ext4_dir_search_slot is ext4_dir_search_block giving the entry's place (lblk not set). */
int ext4_dir_search_slot(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
			 const char *name, size_t len, struct ext4_dir_slot *slot);
/* ext4_dir_size is dir's i_size, capped at what its block map can address. */
uint64_t ext4_dir_size(const struct ext4_fs *fs, const struct ext4_inode *dir);
/* ext4_dir_is_indexed says whether dir is an htree directory to use as one. */
bool ext4_dir_is_indexed(const struct ext4_fs *fs, const struct ext4_inode *dir);
/* ext4_dir_find finds name's entry in dir (-ENOENT). */
int ext4_dir_find(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
		  struct ext4_dir_slot *slot);
/* ext4_dir_add adds an entry (the name must be absent); -ENOSPC: an index is full. */
int ext4_dir_add(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
		 uint32_t ino, uint8_t type);
/* ext4_dir_remove removes the entry at slot. */
int ext4_dir_remove(struct ext4_fs *fs, struct ext4_inode *dir, const struct ext4_dir_slot *slot);
/* ext4_dir_set points the entry at slot to another inode. */
int ext4_dir_set(struct ext4_fs *fs, struct ext4_inode *dir, const struct ext4_dir_slot *slot,
		 uint32_t ino, uint8_t type);
/* ext4_dir_set_dotdot points dir's ".." at parent. */
int ext4_dir_set_dotdot(struct ext4_fs *fs, struct ext4_inode *dir, uint32_t parent);
/* ext4_dir_init gives a new directory its first block ("." and ".."). */
int ext4_dir_init(struct ext4_fs *fs, struct ext4_inode *dir, uint32_t parent);
/* ext4_dir_is_empty: 1 if dir holds only "." and "..", 0 if not, -errno. */
int ext4_dir_is_empty(struct ext4_fs *fs, struct ext4_inode *dir);
/* ext4_dir_new_block allocates directory block lblk (zeroed buffer) and grows i_size. */
int ext4_dir_new_block(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk,
		       struct ext4_buf **out);
/* Leaf blocks: init empty, add an entry if it fits (1/0), checksum and dirty. */
void ext4_dir_leaf_init(const struct ext4_fs *fs, uint8_t *blk);
int ext4_dir_leaf_add(struct ext4_fs *fs, struct ext4_inode *dir, uint8_t *blk, const char *name,
		      size_t len, uint32_t ino, uint8_t type);
int ext4_dir_leaf_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf *b);
void ext4_dir_tail_init(const struct ext4_fs *fs, uint8_t *blk);
/* ext4_dir_leaf_entries lists a leaf's live entries (out has room for block_size / 12 + 1). */
int ext4_dir_leaf_entries(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
			  struct ext4_dir_ent *out, uint32_t *n);
/* ext4_dir_leaf_pack fills blk with the listed entries of src, packed, then the tail. */
void ext4_dir_leaf_pack(const struct ext4_fs *fs, uint8_t *blk, const uint8_t *src,
			const struct ext4_dir_ent *ents, uint32_t n);
/* ext4_dirent_put writes one entry (header and name) with rec_len. */
void ext4_dirent_put(const struct ext4_fs *fs, uint8_t *p, uint32_t ino, uint32_t rec_len,
		     const char *name, size_t len, uint8_t type);
/* ext4_dir_rec_size is the space an entry with a name_len name takes. */
uint32_t ext4_dir_rec_size(uint32_t name_len);

/* htree.c */
/* ext4_dx_find finds name through dir's hash tree; -ENOENT if absent. */
int ext4_dx_find(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
		 struct ext4_dir_slot *slot);
/* ext4_dx_verify checks a dx root or node block's checksum tail (metadata_csum). */
int ext4_dx_verify(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		   bool root, uint64_t lblk);
/* ext4_dx_dirty checksums a changed dx root or node and adds it to the transaction. */
int ext4_dx_dirty(struct ext4_fs *fs, struct ext4_inode *dir, struct ext4_buf *b, bool root);
/* ext4_dx_add adds an entry to an htree directory (-ENOSPC: the index is full). */
int ext4_dx_add(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
		uint32_t ino, uint8_t type);
/* ext4_dx_can_index says whether dir may become an htree directory. */
bool ext4_dx_can_index(const struct ext4_fs *fs, const struct ext4_inode *dir);
/* ext4_dx_make_indexed turns a full one-block directory into an htree. */
int ext4_dx_make_indexed(struct ext4_fs *fs, struct ext4_inode *dir);

/* namei.c */
/* ext4_mode_ft maps a mode's file type to EXT4_FT_*. */
uint8_t ext4_mode_ft(uint16_t mode);

/* xattr.c */
/* ext4_xattr_drop releases inode's xattr block (freeing an inode). */
int ext4_xattr_drop(struct ext4_fs *fs, struct ext4_inode *inode);

/* journal.c */
/* ext4_revoke records that freed metadata block blk must not be replayed. */
int ext4_revoke(struct ext4_fs *fs, uint64_t blk);
/* ext4_trans_full says a long call should end its chunk (and restart). */
bool ext4_trans_full(const struct ext4_fs *fs);

/* balloc.c (bitmaps, shared with ialloc.c) */
int ext4_read_block_bitmap(struct ext4_fs *fs, uint32_t g, struct ext4_buf **out);
int ext4_block_bitmap_write(struct ext4_fs *fs, uint32_t g, struct ext4_buf *b);
void ext4_bitmap_csum_set(struct ext4_fs *fs, uint32_t g, const uint8_t *bitmap, uint32_t nbits,
			  unsigned int lo, unsigned int hi);
bool ext4_bitmap_csum_ok(const struct ext4_fs *fs, uint32_t g, const uint8_t *bitmap,
			 uint32_t nbits, unsigned int lo, unsigned int hi);

/* hash.c */
#define EXT4_HASH_LEGACY		0
#define EXT4_HASH_HALF_MD4		1
#define EXT4_HASH_TEA			2
#define EXT4_HASH_LEGACY_UNSIGNED	3
#define EXT4_HASH_HALF_MD4_UNSIGNED	4
#define EXT4_HASH_TEA_UNSIGNED		5
/* ext4_dirhash computes the htree hash of name for version (0..5) and seed. */
int ext4_dirhash(const char *name, size_t len, unsigned int version,
		 const uint32_t seed[4], uint32_t *hash, uint32_t *minor);

#endif /* EXT4_INT_H */
