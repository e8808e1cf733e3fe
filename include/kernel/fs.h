/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual filesystem: inodes (objects on a filesystem), dentries (names;
 * the dentry tree is also the name cache), mounts, open files, and the
 * per-process fd table and root/cwd. Filesystems fill in inode_operations
 * and file_operations; device nodes get theirs from the char/block device
 * tables. Kernel buffers cross these interfaces; a guest address (uaddr_t)
 * only where a file serves the guest directly: read_user and write_user,
 * and ioctl's argument when its command says it is one.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/types.h"
#include "kernel/wait.h"
#include "uapi/falloc.h"
#include "uapi/fcntl.h"
#include "uapi/fs.h"
#include "uapi/mount.h"
#include "uapi/stat.h"
#include "uapi/xattr.h"

#define MAXSYMLINKS	40

struct inode;
struct file;
struct dentry;
struct super_block;
struct poll_table;

struct kts {
	int64_t sec;
	uint32_t nsec;
};

/*
 * An attribute change (chmod, chown, utimensat...) as the VFS hands it to
 * a filesystem: valid says which fields to set; permission is checked
 * already. Times are final values (UTIME_NOW resolved to the current time).
 */
#define ATTR_MODE	0x01u
#define ATTR_UID	0x02u
#define ATTR_GID	0x04u
#define ATTR_ATIME	0x10u
#define ATTR_MTIME	0x20u
#define ATTR_CTIME	0x40u
struct iattr {
	unsigned int valid;
	uint32_t mode;			/* permission bits and S_IFMT, as the inode will hold them */
	uint32_t uid, gid;
	struct kts atime, mtime, ctime;
};

struct inode_operations {
	/* lookup finds name in dir: 0 with *out, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* create makes a regular file, device, fifo or socket node. */
	int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
		      uint64_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len, uint32_t mode,
		     struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target,
		       struct inode **out);
	int (*link)(struct inode *old, struct inode *dir, const char *name, size_t len);
	int (*unlink)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	int (*rmdir)(struct inode *dir, const char *name, size_t len, struct inode *victim);
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen);
	/*
	 * rename2, when set, is rename with renameat2's flags: the VFS calls
	 * it instead of rename, and only a filesystem that has it takes
	 * RENAME_EXCHANGE (swap the two names; both exist, checked).
	 */
	int (*rename2)(struct inode *odir, const char *oname, size_t olen,
		       struct inode *ndir, const char *nname, size_t nlen, unsigned int flags);
	/* readlink copies the target (no NUL); returns its length. */
	int (*readlink)(struct inode *inode, char *buf, size_t len);
	/* truncate sets the size (regular files). */
	int (*truncate)(struct inode *inode, uint64_t size);
	/*
	 * setattr, when set, stores an attribute change on the filesystem
	 * (ext4, a host directory); on success notify_change() copies it into
	 * the VFS inode. Filesystems whose inode is the truth (tmpfs) leave
	 * it NULL.
	 */
	int (*setattr)(struct inode *inode, const struct iattr *attr);
	/* permission replaces the mode bits check (MAY_* mask), if the filesystem has its own. */
	int (*permission)(struct inode *inode, int mask);
	/*
	 * getattr, when set, refreshes the inode's attributes from where the
	 * filesystem keeps them before stat reports them (hostfs: the host
	 * may change them at any time).
	 */
	int (*getattr)(struct inode *inode);
	/*
	 * Extended attributes, full names ("user.x"); NULL: the filesystem
	 * has none (EOPNOTSUPP). getxattr returns the value's size (size 0:
	 * only the size), listxattr the bytes of the NUL-terminated names;
	 * setxattr with value NULL removes (XATTR_CREATE/REPLACE flags).
	 */
	int (*getxattr)(struct inode *inode, const char *name, void *buf, size_t size);
	int (*listxattr)(struct inode *inode, char *buf, size_t size);
	int (*setxattr)(struct inode *inode, const char *name, const void *value, size_t size,
			int flags);
	/* fallocate: fallocate(2)'s modes (FALLOC_FL_*), checked by the VFS. */
	int (*fallocate)(struct inode *inode, int mode, uint64_t off, uint64_t len);
};

struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, size_t len,
			  uint64_t ino, unsigned int type);
struct dir_context {
	filldir_t actor;	/* returns false when the buffer is full */
	uint64_t pos;		/* resume position; the fs advances it per entry */
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	int64_t (*read)(struct file *file, void *buf, size_t len, uint64_t *pos);
	int64_t (*write)(struct file *file, const void *buf, size_t len, uint64_t *pos);
	/*
	 * read_user and write_user, when set, serve read(2) and write(2)
	 * straight from and to the guest buffer at ubuf, with no bounce
	 * buffer: for devices whose data is in no memory at all (/dev/zero,
	 * /dev/null). They bound their own work as long loops must
	 * (cond_resched, signals). read and write still serve the kernel.
	 */
	int64_t (*read_user)(struct file *file, uaddr_t ubuf, size_t len, uint64_t *pos);
	int64_t (*write_user)(struct file *file, uaddr_t ubuf, size_t len, uint64_t *pos);
	int (*iterate)(struct file *file, struct dir_context *ctx);
	int64_t (*llseek)(struct file *file, int64_t off, int whence);
	int (*ioctl)(struct file *file, unsigned int cmd, uint64_t arg);
	/* poll returns the ready POLL* bits and, with pt, queues the caller. */
	unsigned int (*poll)(struct file *file, struct poll_table *pt);
	int (*fsync)(struct file *file);
	void (*release)(struct file *file);
};

/*
 * A file's pages in physmem (the page cache): slot i holds pfn+1 of the
 * page with file offset i * PAGE_SIZE, or 0. For tmpfs this is the file's
 * data itself; for ext4 a cache of the disk that mmap and read() share.
 */
struct address_space {
	uint32_t *slots;
	uint64_t nslots;
	uint64_t nrpages;
	struct list_head lru;		/* in the list of inodes with cached pages */
	/*
	 * Dirty pages (PG_DIRTY): written to the disk by the filesystem's
	 * writepages before a clean copy may be dropped. An inode with some is
	 * on its superblock's dirty list and holds a reference (so it cannot
	 * be freed with unwritten data); dirtied_ns is when it got its first.
	 */
	uint64_t nrdirty;
	uint64_t dirtied_ns;
	struct list_head dirty_node;	/* in sb->dirty_inodes */
};

struct inode {
	uint64_t ino;
	uint32_t mode, uid, gid, nlink;
	uint64_t size, blocks;
	uint64_t rdev;			/* (major << 20) | minor */
	struct kts atime, mtime, ctime, btime;
	int refcount;
	struct super_block *sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	void *priv;			/* the filesystem's */
	struct pipe *pipe;		/* FIFOs */
	struct address_space mapping;	/* page cache (filemap.c) */
	struct list_head i_locks;	/* file locks (locks.c) */
	struct wait_queue i_lock_wait;
	struct list_head sb_node;	/* in sb->inodes */
	bool unused;			/* kept only for its cached pages (fs.inode-nr) */
};

struct dentry {
	char *name;
	size_t len;
	struct dentry *parent;
	struct inode *inode;		/* NULL: negative (name known absent) */
	struct list_head children;
	struct list_head child;		/* in parent->children */
	int refcount;
	int mounted;			/* mounts on this dentry */
	struct super_block *sb;
};

struct kstatfs {
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen, frsize, flags;
};

struct fs_type;

struct super_block {
	const struct fs_type *type;
	struct dentry *root;
	void *priv;
	uint32_t dev;			/* (major << 20) | minor */
	unsigned int flags;		/* SB_* */
	uint64_t next_ino;
	uint32_t blocksize;
	struct list_head inodes;
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	void (*put_super)(struct super_block *sb);
	/* readpage reads the page of inode at off into buf (page cache fill). */
	int64_t (*readpage)(struct inode *inode, void *buf, uint64_t off);
	/* evict frees the filesystem's part of an inode going away. */
	void (*evict)(struct inode *inode);
	/*
	 * d_revalidate, when set, is asked whether a name found in the cache
	 * still means what it did (hostfs: the host changes the directory
	 * behind the cache's back); false drops it and the walk looks the
	 * name up again. Names with something mounted on them are kept.
	 */
	bool (*d_revalidate)(struct dentry *d);
	/*
	 * Write-back page caches (SB_WRITEBACK). writepages writes the n
	 * dirty pages from index on, whose contents are at bufs[0..n-1]
	 * (their blocks are allocated already: write() and page_mkwrite
	 * allocate). page_mkwrite makes a page writable through
	 * a shared mapping: allocate its blocks (-ENOSPC: SIGBUS) and dirty
	 * it. sync_fs makes everything written so far durable (sync(2),
	 * syncfs, halt). remount changes ro/rw and options (mount -o
	 * remount); NULL: only the flags change.
	 */
	int (*writepages)(struct inode *inode, uint64_t index, void *const *bufs, unsigned int n);
	int (*page_mkwrite)(struct inode *inode, uint64_t index);
	int (*sync_fs)(struct super_block *sb);
	int (*remount)(struct super_block *sb, unsigned long flags, const char *data);
	struct list_head dirty_inodes;	/* inodes with dirty pages (filemap.c) */
};

#define SB_RDONLY	0x1
#define SB_NOCACHE	0x2	/* names are not cached (procfs) */
#define SB_PAGECACHE	0x4	/* file data cached in physmem, refilled from the fs */
#define SB_MEMFS	0x8	/* file data lives only in the page cache (tmpfs) */
#define SB_NOWRITE	0x10	/* no write path: stays read-only */
#define SB_WRITEBACK	0x20	/* dirty pages go back to the fs (writepages) */
#define SB_OWNER	0x40	/* the fs gives new inodes their owner itself */
#define SB_NOATIME	0x80	/* mount -o noatime (else relatime) */
#define SB_SYNC		0x100	/* mount -o sync: writes and changes durable at once */

struct fs_type {
	const char *name;
	bool requires_dev;
	/* mount makes a superblock for dev (may be NULL) with data options. */
	int (*mount)(const char *dev, unsigned int flags, const char *data,
		     struct super_block **out);
	struct list_head node;
};

#define MNT_RDONLY	0x1
#define MNT_NOSUID	0x2
#define MNT_NODEV	0x4
#define MNT_NOEXEC	0x8

struct mount {
	struct super_block *sb;
	struct dentry *root;		/* root of the mounted tree */
	struct dentry *mountpoint;	/* in the parent mount */
	struct mount *parent;
	unsigned int flags;
	char *devname;
	int id;
	struct list_head node;
};

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

struct file {
	const struct file_operations *f_op;
	struct path path;
	struct inode *inode;
	uint64_t pos;
	unsigned int flags;		/* O_* (access mode, O_APPEND, O_NONBLOCK...) */
	int refcount;
	void *priv;
};

#define FD_MAX 1024		/* select()'s fd sets */
#define NR_FILE 8192		/* the least fs.file-max */

/* fs.file-max and the open files it bounds (file.c). */
struct files_stat_struct {
	uint64_t nr_files, max_files;
};
extern struct files_stat_struct files_stat;
/* fs.nr_open: the highest RLIMIT_NOFILE anyone may set. */
extern int sysctl_nr_open;
void files_init(uint64_t mem_bytes);
/* fs.mount-max: mounts in the (one) namespace. */
extern int sysctl_mount_max;
/* fs.epoll.max_user_watches (eventpoll.c). */
extern uint64_t max_user_watches;
void epoll_init(uint64_t mem_bytes);
/* Pipes (pipe.c): F_SETPIPE_SZ and F_GETPIPE_SZ; fs.pipe-max-size and the per-user page limits. */
int64_t pipe_set_size(struct file *f, uint64_t arg);
int64_t pipe_get_size(struct file *f);
extern unsigned int pipe_max_size;
extern uint64_t pipe_user_pages_hard, pipe_user_pages_soft;
struct files_struct {
	int refcount;
	int max;
	struct file **fd;
	uint8_t *cloexec;
};

struct fs_struct {
	int refcount;
	struct path root, cwd;
	uint32_t umask;
};

/* ---- inodes and dentries (inode.c) ---- */
struct inode *new_inode(struct super_block *sb);
void inode_get(struct inode *inode);
void inode_put(struct inode *inode);
void inode_free(struct inode *inode);
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
struct dentry *d_get(struct dentry *d);
void d_put(struct dentry *d);
/* d_lookup finds a cached child. */
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
/* d_instantiate attaches inode (its reference moves to d). */
void d_instantiate(struct dentry *d, struct inode *inode);
void d_drop(struct dentry *d);
/* d_prune_all drops every dentry nobody uses (vm.drop_caches=2). */
void d_prune_all(void);
/*
 * d_prune drops the dentries below d that nobody uses. A directory that
 * leaves the tree (removed, moved away, replaced by a rename) must be
 * pruned before it is dropped: d_prune_all only walks down from mounted
 * roots, so names cached below a detached dentry would never be freed,
 * nor the inodes they hold.
 */
void d_prune(struct dentry *d);
void path_get(const struct path *p);
void path_put(const struct path *p);
void inode_fill_kstat(struct inode *inode, struct kstat_x86_64 *st);
struct kts current_time(void);
/* notify_change applies an attribute change: the filesystem's setattr first, then the inode. */
int notify_change(struct inode *inode, const struct iattr *attr);
uint32_t new_encode_dev(uint64_t dev);

/* ---- mounts (super.c) ---- */
void register_filesystem(struct fs_type *type);
struct fs_type *get_fs_type(const char *name);
struct super_block *alloc_super(const struct fs_type *type);
/* do_mount mounts type on the directory at target (NULL target: the root). */
int do_mount(const char *dev, const struct path *target, const char *type,
	     unsigned long flags, const char *data);
int do_umount(const struct path *target, int flags);
struct mount *lookup_mnt(struct mount *parent, struct dentry *d);
extern struct list_head mount_list;
extern struct mount *root_mount;
/* mounts_show writes /proc/mounts. */
size_t mounts_show(char *buf, size_t size);
/* mountinfo_show writes /proc/<pid>/mountinfo. */
size_t mountinfo_show(char *buf, size_t size);
/* for_each_fs_type lists filesystems for /proc/filesystems. */
size_t filesystems_show(char *buf, size_t size);
int path_of(const struct path *p, char *buf, size_t size);

/* ---- names (namei.c) ---- */
#define LOOKUP_FOLLOW		0x1
#define LOOKUP_DIRECTORY	0x2
#define LOOKUP_PARENT		0x4	/* stop at the parent of the last name */
#define LOOKUP_EMPTY		0x8

/* What the last component of a name is (path_parentat). */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

/*
 * A walk in progress. After path_parentat, path is the directory that
 * holds the last component; last points into the walked string (the
 * caller's name, or link, the body of the last symlink followed).
 * nd_release drops both.
 */
struct nameidata {
	struct path path;
	struct path root;		/* the caller's root (not referenced) */
	int links;			/* symlinks followed so far */
	const char *last;
	size_t len;
	int type;			/* LAST_* */
	bool slash;			/* a '/' follows the last component */
	char *link;
};

/* path_lookup walks name from dfd's directory (AT_FDCWD: cwd); returns 0 with *out. */
int path_lookup(int dfd, const char *name, unsigned int flags, struct path *out);
/* path_parentat walks to the directory of name's last component (see struct nameidata). */
int path_parentat(int dfd, const char *name, struct nameidata *nd);
/*
 * nd_follow_link replaces nd's last component, the symlink d, by the last
 * component of its target: the walk to the target's directory is done.
 */
int nd_follow_link(struct nameidata *nd, struct dentry *d);
void nd_release(struct nameidata *nd);
/* lookup_one finds (or creates a negative dentry for) name in dir. */
struct dentry *lookup_one(struct path *dir, const char *name, size_t len);
int kern_path(const char *name, unsigned int flags, struct path *out);
/* The fs.protected_* sysctls (namei.c, open.c). */
extern int sysctl_protected_symlinks, sysctl_protected_hardlinks;
extern int sysctl_protected_fifos, sysctl_protected_regular;

/* ---- files (file.c, open.c, read_write.c) ---- */
/* alloc_file makes an open file: ERR_PTR(-ENFILE) past fs.file-max (for all but root), or -ENOMEM. */
struct file *alloc_file(const struct path *path, struct inode *inode, unsigned int flags,
			const struct file_operations *fop);
void file_get(struct file *f);
void file_put(struct file *f);
/*
 * fget returns the file at fd in current's table, or NULL. The pointer is
 * good until the system call returns, even if the call sleeps: when the
 * table is shared (threads, CLONE_FILES), another task could close fd
 * meanwhile, so fget then holds a reference that fput_held drops as the
 * call ends (kernel/syscalls/table.c) or the task exits. Keeping the file
 * longer takes a reference of one's own (file_get).
 */
struct file *fget(int fd);
/* fput_held drops the references fget took for t's current system call. */
void fput_held(struct task *t);
int fd_install(struct file *f, bool cloexec);
int fd_install_at(int fd, struct file *f, bool cloexec);
int fd_close(int fd);
/*
 * anon_inode_getfd puts priv behind a new anonymous file with fop (an fd
 * for an object that is no file: epoll, eventfd, timerfd) and installs it
 * (O_NONBLOCK and O_CLOEXEC from flags); returns the fd or -errno. priv
 * must be a kmalloc'd object that fop's release frees: from here on it is
 * the file's, and on any failure it is freed (kfree, or by release once
 * the file exists).
 */
int64_t anon_inode_getfd(const struct file_operations *fop, void *priv, int flags);
struct files_struct *files_alloc(void);
struct files_struct *files_dup(struct files_struct *old);
void files_put(struct files_struct *files);
void files_close_on_exec(struct files_struct *files);
struct fs_struct *fs_alloc(void);
struct fs_struct *fs_dup(struct fs_struct *old);
void fs_put(struct fs_struct *fs);
/* do_open opens name like openat(2); returns a file or ERR_PTR. */
struct file *do_open(int dfd, const char *name, int flags, uint32_t mode);
/* open_path opens an already looked-up path. */
struct file *open_path(const struct path *p, int flags);
/* kernel_read reads from a file at off into a kernel buffer. */
int64_t kernel_read(struct file *f, void *buf, size_t len, uint64_t off);
int64_t vfs_read(struct file *f, void *buf, size_t len, uint64_t *pos);
int64_t vfs_write(struct file *f, const void *buf, size_t len, uint64_t *pos);
/* vfs_read_user/vfs_write_user: the same checks, then f_op->read_user/write_user. */
int64_t vfs_read_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos);
int64_t vfs_write_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos);
/* The most one read, write, sendfile or copy moves, as on Linux (INT_MAX & PAGE_MASK). */
#define MAX_RW_COUNT	0x7ffff000UL

/*
 * Pipes for splice(2) and tee(2) (kernel/fs/pipe.c). pipe_wait_readable
 * returns the bytes in the pipe (0: empty with no writer left),
 * pipe_wait_writable its free space (at least PIPE_BUF; -EPIPE with SIGPIPE
 * when no reader is left); both may return -EAGAIN or -ERESTARTSYS.
 * pipe_peek copies without consuming; pipe_consume drops n bytes.
 */
/* do_pipe makes the two ends of a new pipe (pipe2's flags). */
int do_pipe(struct file **rd, struct file **wr, int flags);
/* fifo_fops open a FIFO's inode as one end of its pipe. */
extern const struct file_operations fifo_fops;
bool file_is_pipe(struct file *f);
bool pipe_same(struct file *a, struct file *b);
int64_t pipe_wait_readable(struct file *f, bool nonblock);
int64_t pipe_wait_writable(struct file *f, bool nonblock);
size_t pipe_peek(struct file *f, void *buf, size_t len);
void pipe_consume(struct file *f, size_t n);
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4
/* inode_permission checks mask (MAY_*) for the caller: 0, -EACCES, or -EROFS (a write on a read-only fs). */
int inode_permission(struct inode *inode, int mask);
/* mnt_readonly tells whether p's mount or filesystem is read-only. */
bool mnt_readonly(const struct path *p);
int vfs_mknod(int dfd, const char *name, uint32_t mode, uint64_t rdev);
int vfs_mkdir(int dfd, const char *name, uint32_t mode);
int vfs_symlink(const char *target, int dfd, const char *name);
int vfs_unlink(int dfd, const char *name);
int vfs_rmdir(int dfd, const char *name);
int vfs_link(int odfd, const char *oname, int ndfd, const char *nname, int flags);
int vfs_rename(int odfd, const char *oname, int ndfd, const char *nname, unsigned int flags);
/* inode_init_owner: the owner and mode a new inode in dir gets (fsuid, setgid directories). */
void inode_init_owner(const struct inode *dir, uint32_t *mode, uint32_t *uid, uint32_t *gid);
/* sync_filesystems makes every mounted filesystem durable (sync(2)); 0 or the first error. */
int sync_filesystems(void);
/* fs_shutdown leaves every filesystem written back and clean (halt, reboot). */
void fs_shutdown(void);
/* vfs_fsync writes f's inode's dirty pages and makes them durable (fsync, msync). */
int vfs_fsync(struct file *f);
/* seek_base: where whence (SEEK_SET, _CUR, _END) counts from in f of size bytes; false for another. */
bool seek_base(const struct file *f, int whence, uint64_t size, int64_t *base);
int64_t generic_llseek(struct file *f, int64_t off, int whence);
/* simple_read copies from a kernel buffer at *pos (for synthetic files). */
int64_t simple_read(void *to, size_t len, uint64_t *pos, const void *from, size_t avail);

/* ---- file locks (locks.c) ---- */
/* fcntl_lock implements F_GETLK/F_SETLK/F_SETLKW and their OFD forms. */
int fcntl_lock(struct file *f, unsigned int cmd, uaddr_t arg, bool ofd);
/* flock_lock implements flock(2). */
int flock_lock(struct file *f, int op);
/* locks_remove_posix drops a process's record locks on inode (it closed an fd of it). */
void locks_remove_posix(struct inode *inode, int tgid);
/* locks_remove_file drops the locks an open file owns (its last close). */
void locks_remove_file(struct file *f);

/* ---- page cache (mm/filemap.c) ---- */
/* filemap_get_page returns the pfn of f's page index with a reference for the caller (filled if needed). */
int64_t filemap_get_page(struct file *f, uint64_t index);
/* filemap_lookup returns the cached pfn of inode's page index, or -ENOENT (no reference taken). */
int64_t filemap_lookup(struct inode *inode, uint64_t index);
/* filemap_insert puts pfn (its reference moves to the cache) at index. */
int filemap_insert(struct inode *inode, uint64_t index, uint64_t pfn);
/* filemap_truncate drops the cached pages from index on. */
void filemap_truncate(struct inode *inode, uint64_t index);
/* filemap_read copies file data through the page cache. */
int64_t filemap_read(struct file *f, void *buf, size_t len, uint64_t *pos);
/* filemap_shrink frees up to target clean cached pages nobody maps; returns how many. */
uint64_t filemap_shrink(uint64_t target);
/* inode_cacheable tells whether mmap may share inode's page cache pages. */
bool inode_cacheable(const struct inode *inode);
/* filemap_dirty marks inode's cached page index dirty (written by write() or a mapping). */
void filemap_dirty(struct inode *inode, uint64_t index);
/*
 * filemap_write_range writes inode's dirty pages of [from, to) (page
 * indexes) through sb->writepages, runs of consecutive ones at a time,
 * clearing them; pages some process maps
 * stay dirty (the mapping may write them again unseen). 0 or the first error.
 */
int filemap_write_range(struct inode *inode, uint64_t from, uint64_t to);
/* filemap_write_inode writes every dirty page of inode. */
int filemap_write_inode(struct inode *inode);
/* filemap_write_sb writes the dirty pages of every inode of sb (older than min_age_ns). */
int filemap_write_sb(struct super_block *sb, uint64_t min_age_ns);
/* nr_dirty_pages: pages waiting for writeback, all filesystems. */
extern uint64_t nr_dirty_pages;

/* ---- devices (devices.c) ---- */
#define MKDEV(ma, mi)	(((uint64_t)(ma) << 20) | (mi))
#define MAJOR(d)	((uint32_t)((d) >> 20))
#define MINOR(d)	((uint32_t)((d) & 0xfffff))
/* register_chrdev gives major's devices their file operations (open picks by minor). */
int register_chrdev(uint32_t major, const char *name, const struct file_operations *fops);
int register_blkdev(uint32_t major, const char *name, const struct file_operations *fops);
const struct file_operations *chrdev_fops(uint64_t rdev);
const struct file_operations *blkdev_fops(uint64_t rdev);
/* init_special_inode sets up a device, FIFO or socket inode's operations. */
void init_special_inode(struct inode *inode, uint32_t mode, uint64_t rdev);
size_t devices_show(char *buf, size_t size);
/* mem_devices_init registers major 1 and makes /dev/null, zero, full, random, urandom. */
void mem_devices_init(void);

/* Filesystems. */
void tmpfs_init(void);
/* shmem_file makes an unnamed tmpfs file backing shared anonymous memory (account: charge it). */
struct file *shmem_file(uint64_t size, bool account);
/*
 * Trees the kernel builds itself on a tmpfs superblock of its own (sysfs,
 * devpts): tmpfs_kernel_sb makes one for type; tmpfs_kernel_add adds a
 * file with content, a directory (S_IFDIR, content NULL) or a symlink
 * (S_IFLNK, content the target) at path, making the directories on the
 * way; remove and mknod work on names in the root. 0 or -errno (-EEXIST
 * if the name is there).
 */
struct super_block *tmpfs_kernel_sb(const struct fs_type *type);
int tmpfs_kernel_add(struct super_block *sb, const char *path, uint32_t mode, const char *content);
int tmpfs_kernel_remove(struct super_block *sb, const char *name);
/* tmpfs_kernel_rmtree removes path and what is under it (any depth). */
int tmpfs_kernel_rmtree(struct super_block *sb, const char *path);
int tmpfs_kernel_mknod(struct super_block *sb, const char *name, uint32_t mode, uint64_t rdev);
void ext4_vfs_init(void);
/* hostfs_init registers hostfs (kernel/fs/hostfs). */
void hostfs_init(void);
/* proc_init sets up procfs (kernel/fs/proc). */
void proc_init(void);
/* sysfs_init builds the /sys skeleton; sysfs_populate adds the disks (at each mount). */
void sysfs_init(void);
void sysfs_populate(void);
int sysfs_add(const char *path, uint32_t mode, const char *content);
/* do_remount changes a mount's read-only state (mount -o remount). */
int do_remount(struct path *p, unsigned long flags, const char *data);
/* devtmpfs_create makes /dev/<name> (at boot, before or after it is mounted). */
int devtmpfs_create(const char *name, uint32_t mode, uint64_t rdev);
/* devtmpfs_remove takes /dev/<name> away. */
int devtmpfs_remove(const char *name);

#endif /* KERNEL_FS_H */
