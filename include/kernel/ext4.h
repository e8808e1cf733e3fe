/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext2/ext3/ext4 on-disk format, read side: a pure library over a
 * block-reader callback (kernel/fs/ext4/). It knows nothing of the VFS,
 * of tasks or of the host; the VFS wraps a struct ext4_inode in its own
 * inode and calls in here. The unit tests drive it over image files.
 *
 * Everything returns 0 (or a count) or a negative errno:
 *   -EINVAL      not ext2/3/4, or features this code does not support
 *   -EUCLEAN     the image is corrupt (bad checksum, bad structure);
 *                ext4_strerror_detail(fs) says what and where
 *   -EOPNOTSUPP  a valid inode this code cannot read (encrypted, ...)
 *   -EIO (or whatever the reader returned) from the device
 *   -ENOENT, -ENOTDIR, -EINVAL, -ENAMETOOLONG as usual for lookups.
 *
 * Lifetimes: an ext4_inode from ext4_iget() is the caller's until
 * ext4_iput(); it must be put before ext4_umount(). Single-threaded: the
 * caller serialises calls on one fs (the kernel is uniprocessor).
 */
#ifndef KERNEL_EXT4_H
#define KERNEL_EXT4_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* The device under a filesystem: byte-addressed, read (and later write). */
struct ext4_blockdev {
	/* read fills len bytes at byte_off; 0 or -errno, never short. */
	int (*read)(void *ctx, uint64_t byte_off, void *buf, size_t len);
	/* write is for the future write path; may be NULL (read-only). */
	int (*write)(void *ctx, uint64_t byte_off, const void *buf, size_t len);
	void *ctx;
	uint64_t size;		/* device size in bytes */
};

/* ext4_mount flags. Writing is not implemented: RDONLY is required. */
#define EXT4_MOUNT_RDONLY	0x1u

#define EXT4_ROOT_INO		2u
#define EXT4_NAME_MAX		255u

/* Directory entry file types (ext4 numbering; ext4_dt_type() maps to DT_*). */
#define EXT4_FT_UNKNOWN		0
#define EXT4_FT_REG_FILE	1
#define EXT4_FT_DIR		2
#define EXT4_FT_CHRDEV		3
#define EXT4_FT_BLKDEV		4
#define EXT4_FT_FIFO		5
#define EXT4_FT_SOCK		6
#define EXT4_FT_SYMLINK		7

/* A few i_flags bits callers may care about (stat->flags). */
#define EXT4_IMMUTABLE_FL	0x00000010u
#define EXT4_APPEND_FL		0x00000020u
#define EXT4_NOATIME_FL		0x00000080u
#define EXT4_INDEX_FL		0x00001000u	/* htree directory */
#define EXT4_HUGE_FILE_FL	0x00040000u
#define EXT4_EXTENTS_FL		0x00080000u
#define EXT4_INLINE_DATA_FL	0x10000000u

struct ext4_timespec {
	int64_t sec;
	uint32_t nsec;
};

/* What stat(2) needs, decoded from the on-disk inode. */
struct ext4_stat {
	uint32_t ino;
	uint16_t mode;		/* S_IFMT bits and permissions, as Linux */
	uint32_t uid, gid;	/* 32-bit (low and high halves joined) */
	uint32_t nlink;
	uint64_t size;
	uint64_t blocks;	/* 512-byte units, like st_blocks */
	struct ext4_timespec atime, mtime, ctime;
	struct ext4_timespec crtime;	/* birth time; valid if has_crtime */
	bool has_crtime;
	uint32_t rdev_major, rdev_minor;	/* device inodes only */
	uint32_t flags;		/* i_flags (EXT4_*_FL) */
	uint32_t generation;
};

/*
 * An inode read into memory. Fields above the line are for callers
 * (read-only); the rest belong to the library.
 */
struct ext4_inode {
	uint32_t ino;
	struct ext4_stat st;
	/* --- private --- */
	uint32_t csum_seed;	/* crc32c(fs seed, ino, generation) */
	uint16_t extra_isize;
	uint64_t file_acl;
	uint8_t i_block[60];	/* block map, extent root, or inline data */
	uint8_t *raw;		/* the on-disk inode, inode_size bytes */
};

/* Filesystem-wide facts, for statfs(2) and for reporting. */
struct ext4_info {
	uint32_t block_size;
	uint64_t blocks_count, free_blocks, reserved_blocks;
	uint32_t inodes_count, free_inodes;
	uint32_t inode_size, group_count;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	uint8_t uuid[16];
	char volume_name[17];
	bool has_journal;
	bool needs_recovery;	/* journal not replayed: data may be stale */
	bool state_errors;	/* the superblock says errors were found */
	bool metadata_csum;
};

struct ext4_fs;

/* One directory entry, as ext4_readdir() returns it. */
struct ext4_dirent {
	uint32_t ino;
	uint8_t type;		/* EXT4_FT_*; UNKNOWN without the filetype feature */
	uint8_t name_len;
	char name[EXT4_NAME_MAX + 1];	/* NUL-terminated */
};

/*
 * Directory iteration actor: called once per entry with the position just
 * past it. Return 0 to go on; nonzero stops, and the entry counts as not
 * consumed (the cursor stays on it), as getdents does when its buffer fills.
 */
typedef int (*ext4_dir_actor)(void *ctx, const char *name, size_t len,
			      uint32_t ino, uint8_t type, uint64_t next_pos);

/* ext4_mount reads and checks the superblock and group descriptors of bd. */
int ext4_mount(const struct ext4_blockdev *bd, unsigned int flags, struct ext4_fs **out);
/* ext4_umount frees fs; every inode must have been put. */
void ext4_umount(struct ext4_fs *fs);
/* ext4_strerror_detail explains fs's last error in one line; NULL: the last failed mount. */
const char *ext4_strerror_detail(const struct ext4_fs *fs);
/* ext4_get_info fills info with fs-wide sizes, counts and flags. */
void ext4_get_info(const struct ext4_fs *fs, struct ext4_info *info);

/* ext4_iget reads inode ino (checking its checksum) into a new ext4_inode. */
int ext4_iget(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out);
/* ext4_iput frees an inode from ext4_iget; NULL is allowed. */
void ext4_iput(struct ext4_inode *inode);

/*
 * ext4_map_blocks maps logical block lblk of inode: *pblk is the physical
 * block (0 for a hole or an unwritten extent, which read as zeros) and
 * *count how many blocks from lblk on map the same way contiguously.
 */
int ext4_map_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		    uint64_t *pblk, uint64_t *count);
/* ext4_read copies up to len bytes at off (holes read as zeros); returns bytes read, 0 at EOF, at most 1 GiB a call. */
long ext4_read(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off,
	       void *buf, size_t len);
/* ext4_readlink copies at most size bytes of a symlink's target (NUL added if room); returns bytes copied. */
int ext4_readlink(struct ext4_fs *fs, struct ext4_inode *inode, char *buf, size_t size);

/*
 * ext4_dir_iterate calls actor for each entry of dir from *pos on ("." and
 * ".." included), updating *pos; 0 at the end or when the actor stopped.
 * Positions are opaque, stable while the directory is unchanged, and
 * resumable; 0 is the start.
 */
int ext4_dir_iterate(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t *pos,
		     ext4_dir_actor actor, void *ctx);
/* ext4_readdir returns the entry at *pos in *de and advances *pos: 1, 0 at the end, or -errno. */
int ext4_readdir(struct ext4_fs *fs, struct ext4_inode *dir, uint64_t *pos,
		 struct ext4_dirent *de);
/* ext4_lookup finds name (len bytes) in dir (hashed for htree dirs) and returns its inode number. */
int ext4_lookup(struct ext4_fs *fs, struct ext4_inode *dir, const char *name,
		size_t len, uint32_t *ino);
/* ext4_lookup_path walks an absolute path from the root, without following symlinks. */
int ext4_lookup_path(struct ext4_fs *fs, const char *path, uint32_t *ino);
/* ext4_dt_type maps an EXT4_FT_* value to the DT_* value of getdents64. */
unsigned int ext4_dt_type(uint8_t ft);

#endif /* KERNEL_EXT4_H */
