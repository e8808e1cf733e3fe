/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext2/ext3/ext4 on disk, read and write: a pure library over a block
 * device given as callbacks (kernel/fs/ext4/). It knows nothing of the
 * VFS, of tasks or of the host; the VFS wraps a struct ext4_inode in its
 * own inode and calls in here. The unit tests drive it over image files.
 *
 * Errors. Everything returns 0 (or a count) or a negative errno:
 *   -EINVAL      not ext2/3/4, features this code cannot read, bad argument
 *   -EROFS       a write to a read-only mount, or to a filesystem whose
 *                features this code cannot write (ext4_strerror_detail()
 *                says which), or after the filesystem was shut down by an
 *                error in the middle of an update (see "Aborts")
 *   -EUCLEAN     the image is corrupt (bad checksum, bad structure);
 *                ext4_strerror_detail(fs) says what and where
 *   -EOPNOTSUPP  a valid inode or request this code does not handle
 *   -EIO (or whatever a callback returned) from the device
 *   -ENOSPC, -EEXIST, -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY, -EMLINK,
 *   -ENAMETOOLONG, -EFBIG, -ENODATA, -ERANGE as the system calls use them.
 * A modifying call that fails with ENOSPC, EEXIST and the like has changed
 * nothing: those conditions are checked before the first change.
 *
 * Aborts. An error in the middle of an update (a metadata read failing or
 * found corrupt, ENOMEM) leaves the in-memory state half changed. The
 * library then drops the running transaction, writes nothing more to the
 * device and refuses further changes with -EROFS: the image stays as of
 * the last commit (with a journal) or the last sync (without), which
 * e2fsck repairs. ext4_get_info() reports it (aborted).
 *
 * Journal and durability. Metadata changes go into a running transaction
 * in memory; none reaches the device until a commit (file data written by
 * ext4_write(), and the zeroed tail of a block cut by a truncate or punch,
 * go to the device at once, as data in ordered mode). ext4_commit() makes
 * everything done so far durable (fsync, a periodic timer); ext4_sync()
 * also writes the metadata home and empties the log; ext4_umount() leaves
 * a clean filesystem. The library commits on its own only at the start of
 * a modifying call, when the running transaction or the log is full or
 * when freed space is needed (blocks freed in a transaction are reused
 * only after it commits). Without a journal (ext2), a commit writes the
 * changed metadata in place: a crash may need e2fsck, as with ext2.
 *
 * Ordered mode. File data is not journaled. Before writing a commit
 * record the library calls bd->writeback_data: the caller writes every
 * dirty data block it caches for this filesystem, so that no committed
 * metadata ever points at blocks holding stale data.
 *
 * Lifetimes. An ext4_inode from ext4_iget() or ext4_create() is a counted
 * reference to the library's single in-memory copy of that inode; drop it
 * with ext4_iput(). An inode whose last name is removed while referenced
 * (an open file) goes on the orphan list and is freed at its last
 * ext4_iput() (or at the next mount after a crash). Every inode must be
 * put before ext4_umount(). Fields above "private" may be read by the
 * caller at any time and are kept current by the library; never write them.
 *
 * Under a page cache (the kernel's VFS): a write() maps the blocks its
 * bytes cover with ext4_get_blocks(EXT4_GB_CREATE, new_size = end of the
 * write), zeroes the rest of blocks reported new, copies into its pages
 * and marks them dirty; bd->writeback_data writes dirty pages before each
 * commit; ext4_setattr() sets mtime/ctime. An mmap write fault maps with
 * new_size 0 (inside i_size). truncate/punch call the library and drop or
 * zero the cached pages of the range. fsync and a periodic timer call
 * ext4_commit(), sync(2) and unmount ext4_sync()/ext4_umount(), remount
 * ext4_remount(). Reads map without CREATE (holes and unwritten extents
 * read as zeros).
 *
 * Threads. None: the caller serialises every call on one fs (the kernel
 * is uniprocessor); callbacks must not call back into the library except
 * where their comment allows it.
 */
#ifndef KERNEL_EXT4_H
#define KERNEL_EXT4_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct ext4_timespec {
	int64_t sec;
	uint32_t nsec;
};

/*
 * The device under a filesystem and the environment the library runs in.
 * ext4_mount() copies this struct; ctx is passed to every callback.
 */
struct ext4_blockdev {
	/* read fills len bytes at byte_off; 0 or -errno, never short. */
	int (*read)(void *ctx, uint64_t byte_off, void *buf, size_t len);
	/* write stores len bytes at byte_off; NULL makes the device read-only. */
	int (*write)(void *ctx, uint64_t byte_off, const void *buf, size_t len);
	/*
	 * flush is a write barrier: when it returns 0, every write that
	 * returned before it is durable. NULL: writes are durable at once.
	 */
	int (*flush)(void *ctx);
	/*
	 * writeback_data (ordered mode) writes every dirty file data block
	 * the caller caches for this filesystem; called before each commit
	 * record. It may call ext4_get_blocks() without EXT4_GB_CREATE (a
	 * lookup) and nothing else of this library. NULL: the caller writes
	 * data synchronously (or through ext4_write()).
	 */
	int (*writeback_data)(void *ctx);
	/* now gives the time for timestamps; NULL means the epoch. */
	void (*now)(void *ctx, struct ext4_timespec *ts);
	void *ctx;
	uint64_t size;		/* device size in bytes */
};

/* ext4_mount flags. Without RDONLY the mount is read-write. */
#define EXT4_MOUNT_RDONLY	0x1u

#define EXT4_ROOT_INO		2u
#define EXT4_NAME_MAX		255u
#define EXT4_LINK_MAX		65000u

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

struct ext4_fs;

/*
 * An inode in memory, one per inode number however often it is got.
 * Fields above the line are for callers (read-only, kept current); the
 * rest belong to the library.
 */
struct ext4_inode {
	uint32_t ino;
	struct ext4_stat st;
	/* --- private --- */
	struct ext4_fs *fs;
	unsigned int refs;		/* ext4_iget/ext4_create references */
	struct ext4_inode *hnext;	/* inode cache chain */
	struct ext4_inode *orphan_next;	/* in-memory orphan list, newest first */
	bool orphan;			/* on the on-disk orphan list */
	uint32_t csum_seed;	/* crc32c(fs seed, ino, generation) */
	uint16_t extra_isize;
	uint64_t file_acl;
	uint64_t goal;		/* where the last block allocated for it went */
	uint8_t i_block[60];	/* copy of the block map, extent root or inline data */
	uint8_t *raw;		/* the on-disk inode, inode_size bytes */
};

/* Filesystem-wide facts, for statfs(2) and for reporting. */
struct ext4_info {
	uint32_t block_size;
	uint64_t blocks_count;
	uint64_t free_blocks;	/* free now (freed ones return to the bitmaps at commit) */
	uint64_t reserved_blocks;	/* for root: statfs's bavail leaves them out */
	uint64_t overhead_blocks;	/* metadata: what df leaves out of the size */
	uint32_t inodes_count, free_inodes;
	uint32_t inode_size, group_count;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	uint8_t uuid[16];
	char volume_name[17];
	bool has_journal;
	bool needs_recovery;	/* journal not replayed: data may be stale */
	bool state_errors;	/* the superblock says errors were found */
	bool metadata_csum;
	bool read_only;		/* mounted read-only (asked, or forced) */
	bool aborted;		/* shut down by an error in an update */
	uint32_t journal_blocks;	/* log size, 0 without a journal */
	uint32_t commits;	/* transactions committed by this mount */
	uint64_t log_blocks_written;	/* journal blocks written by this mount */
};

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

/* --- mounting --- */

/*
 * ext4_mount reads and checks the superblock and group descriptors of bd.
 * A read-write mount (no RDONLY) first replays the journal if it needs it,
 * then empties the orphan list. It fails with -EROFS when bd has no write
 * callback or the filesystem has features this code cannot write (the
 * detail names them); the caller may then mount read-only, as Linux does.
 * A read-only mount replays a journal too when bd can write, and otherwise
 * reports needs_recovery in ext4_get_info().
 */
int ext4_mount(const struct ext4_blockdev *bd, unsigned int flags, struct ext4_fs **out);
/*
 * ext4_umount syncs (read-write), marks the filesystem clean, and frees
 * fs, even on error (returned; -EROFS if it was shut down by an abort,
 * leaving the image to the next mount's replay). Every inode must have
 * been put.
 */
int ext4_umount(struct ext4_fs *fs);
/*
 * ext4_remount switches a mounted fs between read-only (EXT4_MOUNT_RDONLY)
 * and read-write in place, keeping every inode reference valid (mount -o
 * remount). To read-only: sync and mark clean. To read-write: the same
 * checks as a read-write mount (-EROFS with the reason), then orphans are
 * cleaned; a journal a read-only mount could not replay refuses it.
 */
int ext4_remount(struct ext4_fs *fs, unsigned int flags);
/* ext4_strerror_detail explains fs's last error in one line; NULL: the last failed mount. */
const char *ext4_strerror_detail(const struct ext4_fs *fs);
/* ext4_get_info fills info with fs-wide sizes, counts and flags. */
void ext4_get_info(const struct ext4_fs *fs, struct ext4_info *info);

/* ext4_commit makes every change made so far durable (fsync, timers). */
int ext4_commit(struct ext4_fs *fs);
/* ext4_sync commits, writes all metadata to its place and empties the log (sync). */
int ext4_sync(struct ext4_fs *fs);

/* --- inodes --- */

/* ext4_iget returns a reference to inode ino (read and checked if not in memory). */
int ext4_iget(struct ext4_fs *fs, uint32_t ino, struct ext4_inode **out);
/*
 * ext4_iput drops a reference; NULL is allowed. At the last one, an inode
 * with no name left is freed with its blocks (errors go to the detail).
 */
void ext4_iput(struct ext4_inode *inode);

/* ext4_setattr valid bits, and the nsec value meaning "the current time". */
#define EXT4_SET_MODE		0x01u	/* permission bits; the file type stays */
#define EXT4_SET_UID		0x02u
#define EXT4_SET_GID		0x04u
#define EXT4_SET_ATIME		0x08u
#define EXT4_SET_MTIME		0x10u
#define EXT4_SET_CTIME		0x20u
#define EXT4_UTIME_NOW		0x3FFFFFFFu

struct ext4_setattr {
	unsigned int valid;
	uint16_t mode;
	uint32_t uid, gid;
	struct ext4_timespec atime, mtime, ctime;
};

/* ext4_setattr changes the fields of attr->valid (chmod, chown, utimensat). */
int ext4_setattr(struct ext4_fs *fs, struct ext4_inode *inode, const struct ext4_setattr *attr);

/* --- file contents --- */

/*
 * ext4_map_blocks maps logical block lblk of inode: *pblk is the physical
 * block (0 for a hole or an unwritten extent, which read as zeros) and
 * *count how many blocks from lblk on map the same way contiguously.
 */
int ext4_map_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		    uint64_t *pblk, uint64_t *count);

/* ext4_get_blocks flags. */
#define EXT4_GB_CREATE		0x1u	/* allocate holes, convert unwritten extents */
#define EXT4_GB_RESERVED	0x2u	/* may use the blocks reserved for root */

struct ext4_map {
	uint64_t pblk;		/* first physical block; 0 for a hole */
	uint64_t count;		/* blocks from lblk on mapped alike (>= 1) */
	bool unwritten;		/* allocated, reads as zeros (pblk is set) */
	bool new;		/* just allocated or converted: see below */
};

/*
 * ext4_get_blocks maps up to max blocks from lblk: the page cache's entry
 * point. Without EXT4_GB_CREATE it only looks (as ext4_map_blocks, but
 * reporting unwritten extents). With it, a hole is allocated and an
 * unwritten extent converted, and map->new says so: the caller must then
 * zero whatever part of those blocks it does not write, and write them
 * before the next commit (writeback_data). If new_size (the end of the
 * caller's write) is past i_size, i_size grows to cover the mapped part of
 * it in the same transaction, so a crash never leaves written blocks past
 * the end of the file; on a short write the caller truncates back.
 * Fewer blocks than asked may be mapped (map->count says how many). With
 * EXT4_GB_CREATE, blocks past both i_size and new_size are never mapped
 * (-EINVAL if lblk is one): a page cache whose pages hold several blocks
 * maps only those its write covers.
 */
int ext4_get_blocks(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t lblk,
		    uint64_t max, unsigned int flags, uint64_t new_size, struct ext4_map *map);

/* ext4_read copies up to len bytes at off (holes read as zeros); returns bytes read, 0 at EOF, at most 1 GiB a call. */
long ext4_read(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off,
	       void *buf, size_t len);
/*
 * ext4_write writes len bytes at off straight to the device (no page
 * cache: for tests and simple users), allocating as needed and growing
 * i_size; mtime and ctime become now. Returns bytes written (short only at
 * ENOSPC after some progress), at most 1 GiB a call. flags: EXT4_GB_RESERVED.
 */
long ext4_write(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t off,
		const void *buf, size_t len, unsigned int flags);
/*
 * ext4_truncate sets i_size. Shrinking frees the blocks past the new end
 * (preallocated ones too) and zeroes the rest of the last block on the
 * device; a page cache above must zero its copy too. Crash-safe through
 * the orphan list. mtime and ctime become now if the size changes.
 */
int ext4_truncate(struct ext4_fs *fs, struct ext4_inode *inode, uint64_t size);

/* ext4_fallocate modes (Linux's FALLOC_FL_* values). */
#define EXT4_FALLOC_KEEP_SIZE	0x01u
#define EXT4_FALLOC_PUNCH_HOLE	0x02u
#define EXT4_FALLOC_ZERO_RANGE	0x10u

/*
 * ext4_fallocate: mode 0 or KEEP_SIZE allocates the holes of [off, off+len)
 * as unwritten extents (reading as zeros), growing i_size unless KEEP_SIZE;
 * PUNCH_HOLE|KEEP_SIZE frees the whole blocks of the range and zeroes the
 * partial ones on the device (a page cache above must drop or zero its
 * pages of the range); ZERO_RANGE makes the range read as zeros, keeping
 * it allocated. Block-mapped (ext2/3) files take only PUNCH_HOLE
 * (-EOPNOTSUPP otherwise, as Linux). flags: EXT4_GB_RESERVED.
 */
int ext4_fallocate(struct ext4_fs *fs, struct ext4_inode *inode, unsigned int mode,
		   uint64_t off, uint64_t len, unsigned int flags);

/* ext4_readlink copies at most size bytes of a symlink's target (NUL added if room); returns bytes copied. */
int ext4_readlink(struct ext4_fs *fs, struct ext4_inode *inode, char *buf, size_t size);

/* --- directories --- */

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

/* What ext4_create makes: mode's file type picks the kind. */
struct ext4_new_inode {
	uint16_t mode;		/* S_IFREG/DIR/LNK/CHR/BLK/FIFO/SOCK | permissions */
	uint32_t uid, gid;
	uint32_t rdev_major, rdev_minor;	/* S_IFCHR and S_IFBLK */
	const char *target;	/* S_IFLNK: the link's contents ... */
	size_t target_len;	/* ... of 1..4095 bytes */
};

/*
 * ext4_create makes a new inode and names it name in dir: creat, mknod,
 * mkdir, symlink. Permissions, umask and setgid inheritance are the
 * caller's. *out (if out is not NULL) gets a reference to the new inode.
 */
int ext4_create(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
		const struct ext4_new_inode *ni, struct ext4_inode **out);
/* ext4_link gives inode (not a directory) one more name in dir. */
int ext4_link(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len,
	      struct ext4_inode *inode);
/* ext4_unlink removes name (not a directory) from dir. */
int ext4_unlink(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len);
/* ext4_rmdir removes the empty directory name from dir. */
int ext4_rmdir(struct ext4_fs *fs, struct ext4_inode *dir, const char *name, size_t len);

/* ext4_rename flags (Linux's RENAME_* values). */
#define EXT4_RENAME_NOREPLACE	0x1u
#define EXT4_RENAME_EXCHANGE	0x2u

/*
 * ext4_rename moves oname in odir to nname in ndir, replacing what is
 * there (-EEXIST with NOREPLACE), or swaps the two (EXCHANGE). A directory
 * moved to a new parent gets its ".." fixed; -EINVAL if ndir lies inside it.
 */
int ext4_rename(struct ext4_fs *fs, struct ext4_inode *odir, const char *oname, size_t olen,
		struct ext4_inode *ndir, const char *nname, size_t nlen, unsigned int flags);

/* --- extended attributes --- */

/* ext4_setxattr flags (Linux's XATTR_* values). */
#define EXT4_XATTR_CREATE	0x1u
#define EXT4_XATTR_REPLACE	0x2u

/*
 * Names are full ("user.x", "trusted.x", "security.x", "system.x",
 * "system.posix_acl_access", "system.posix_acl_default"); others give
 * -EOPNOTSUPP. ACL values are given and returned in the xattr format of
 * the system calls (version 2) and stored in ext4's own (version 1).
 * ext4_getxattr returns the value's size (size 0: only the size), -ENODATA
 * or -ERANGE; ext4_listxattr the bytes of NUL-terminated names (size 0:
 * only the count). ext4_setxattr with value NULL removes (-ENODATA if absent).
 */
int ext4_getxattr(struct ext4_fs *fs, struct ext4_inode *inode, const char *name,
		  void *buf, size_t size);
int ext4_listxattr(struct ext4_fs *fs, struct ext4_inode *inode, char *buf, size_t size);
int ext4_setxattr(struct ext4_fs *fs, struct ext4_inode *inode, const char *name,
		  const void *value, size_t size, unsigned int flags);

#endif /* KERNEL_EXT4_H */
