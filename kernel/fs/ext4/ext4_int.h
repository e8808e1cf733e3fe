/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to kernel/fs/ext4: on-disk offsets, the in-memory filesystem,
 * the block cache, and the entry points the files of this directory share.
 *
 * The library is layered bottom up:
 *   bcache.c   block cache over the caller's reader (struct ext4_blockdev)
 *   super.c    superblock, features, group descriptors, mount, error detail
 *   inode.c    inodes by number, stat decoding, in-inode xattrs (inline data)
 *   extents.c  extent trees; blockmap.c  ext2/3 indirect maps
 *   file.c     block mapping dispatch, ext4_read, symlinks
 *   dir.c      directory blocks, iteration, linear lookup
 *   htree.c    hashed (dx) lookup; hash.c  the directory hash functions
 * On-disk structures are read field by field with le16/le32 at byte
 * offsets, never through packed structs, so any alignment is safe.
 */
#ifndef EXT4_INT_H
#define EXT4_INT_H

#include <stddef.h>
#include <stdint.h>
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
#define SB_HASH_SEED		0xEC
#define SB_DEF_HASH_VERSION	0xFC
#define SB_DESC_SIZE		0xFE
#define SB_FIRST_META_BG	0x104
#define SB_BLOCKS_COUNT_HI	0x150
#define SB_R_BLOCKS_COUNT_HI	0x154
#define SB_FREE_BLOCKS_HI	0x158
#define SB_FLAGS		0x160
#define SB_CHECKSUM_TYPE	0x175
#define SB_BACKUP_BGS		0x24C
#define SB_CHECKSUM_SEED	0x270
#define SB_CHECKSUM		0x3FC

#define EXT4_SUPER_MAGIC	0xEF53
#define EXT4_STATE_ERRORS	0x0002
#define EXT4_FLAGS_SIGNED_HASH	 0x1
#define EXT4_FLAGS_UNSIGNED_HASH 0x2

/* Feature bits. */
#define COMPAT_HAS_JOURNAL	0x0004
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

/* Group descriptor offsets (32 bytes, or desc_size >= 64 with 64bit). */
#define BG_BLOCK_BITMAP_LO	0x00
#define BG_INODE_BITMAP_LO	0x04
#define BG_INODE_TABLE_LO	0x08
#define BG_FLAGS		0x12
#define BG_ITABLE_UNUSED_LO	0x1C
#define BG_CHECKSUM		0x1E
#define BG_BLOCK_BITMAP_HI	0x20
#define BG_INODE_BITMAP_HI	0x24
#define BG_INODE_TABLE_HI	0x28
#define BG_ITABLE_UNUSED_HI	0x32
#define BG_INODE_UNINIT		0x0001

/* Inode offsets. */
#define I_MODE			0x00
#define I_UID			0x02
#define I_SIZE_LO		0x04
#define I_ATIME			0x08
#define I_CTIME			0x0C
#define I_MTIME			0x10
#define I_GID			0x18
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

#define EXT4_ENCRYPT_FL		0x00000800u
#define EXT4_EA_INODE_FL	0x00200000u
#define EXT4_CASEFOLD_FL	0x40000000u

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

/* Block cache. Buffers are reference counted; unreferenced ones are reused LRU. */
#define EXT4_BCACHE_SLOTS	16

/* What a buffer's contents were verified as (so checks run once per read). */
enum ext4_vkind {
	EXT4_V_NONE = 0,
	EXT4_V_EXTENT,
	EXT4_V_DIRLEAF,
	EXT4_V_DXROOT,
	EXT4_V_DXNODE,
};

struct ext4_buf {
	uint64_t blk;
	uint8_t *data;		/* block_size bytes */
	unsigned int refs;
	uint64_t stamp;		/* LRU clock of the last use */
	bool valid;		/* data holds block blk */
	bool temp;		/* not a cache slot: freed on release */
	bool dirty;		/* reserved for the write path */
	enum ext4_vkind vkind;	/* verification done on data, and ... */
	uint32_t vseed;		/* ... the checksum seed it was done for */
};

struct ext4_fs {
	struct ext4_blockdev bd;
	unsigned int mount_flags;
	uint8_t sb[SB_SIZE];	/* raw superblock, kept for the write path */

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

	uint8_t *gdt;		/* group_count * desc_size bytes */

	struct ext4_buf cache[EXT4_BCACHE_SLOTS];
	uint64_t clock;

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
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* super.c */
/* ext4_err records a one-line detail for fs (or the last mount) and returns err. */
int ext4_err(struct ext4_fs *fs, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* ext4_group_desc returns a pointer to group g's descriptor. */
const uint8_t *ext4_group_desc(const struct ext4_fs *fs, uint32_t g);
/* ext4_block_ok says whether pblk..pblk+count-1 may hold file data or metadata. */
bool ext4_block_ok(const struct ext4_fs *fs, uint64_t pblk, uint64_t count);

/* bcache.c */
/* ext4_bread returns a referenced buffer holding block blk. */
int ext4_bread(struct ext4_fs *fs, uint64_t blk, struct ext4_buf **out);
/* ext4_brelse drops a reference from ext4_bread; NULL is allowed. */
void ext4_brelse(struct ext4_fs *fs, struct ext4_buf *b);
/* ext4_dev_read reads len bytes at byte offset off, checked against the device size. */
int ext4_dev_read(struct ext4_fs *fs, uint64_t off, void *buf, size_t len);
/* ext4_bcache_init allocates the cache slots (block_size must be known). */
int ext4_bcache_init(struct ext4_fs *fs);
/* ext4_bcache_free releases the cache slots; no buffer may be held. */
void ext4_bcache_free(struct ext4_fs *fs);

/* inode.c */
/* ext4_inline_data returns a new buffer with inode's inline data (i_block + system.data). */
int ext4_inline_data(struct ext4_fs *fs, struct ext4_inode *inode, uint8_t **data,
		     size_t *len);

/* extents.c */
/* ext4_ext_map maps lblk through inode's extent tree (see ext4_map_blocks). */
int ext4_ext_map(struct ext4_fs *fs, struct ext4_inode *inode, uint32_t lblk,
		 uint64_t *pblk, uint64_t *count);

/* blockmap.c */
/* ext4_ind_map maps lblk through inode's direct/indirect block map. */
int ext4_ind_map(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		 uint64_t *pblk, uint64_t *count);

/* dir.c */
/*
 * ext4_dir_read_block reads directory block lblk of dir, checked as a dx
 * root, dx node or leaf; for a hole *out is NULL and *hole its length.
 */
int ext4_dir_read_block(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t lblk,
			struct ext4_buf **out, uint64_t *hole);
/* ext4_dir_search_block looks for name in a verified leaf block; 1 found, 0 not, -errno. */
int ext4_dir_search_block(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
			  const char *name, size_t len, uint32_t *ino);
/* ext4_dir_is_indexed says whether dir is an htree directory to use as one. */
bool ext4_dir_is_indexed(const struct ext4_fs *fs, const struct ext4_inode *dir);

/* htree.c */
/* ext4_dx_lookup finds name through dir's hash tree; -ENOENT if absent. */
int ext4_dx_lookup(struct ext4_fs *fs, struct ext4_inode *dir, const char *name,
		   size_t len, uint32_t *ino);
/* ext4_dx_verify checks a dx root or node block's checksum tail (metadata_csum). */
int ext4_dx_verify(struct ext4_fs *fs, struct ext4_inode *dir, const uint8_t *blk,
		   bool root, uint64_t lblk);

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
