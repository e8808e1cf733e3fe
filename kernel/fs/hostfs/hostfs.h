/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostfs: the interface between its kernel half (hostfs_kern.c, built
 * -nostdinc like all kernel code) and its host half (hostfs_user.c,
 * ordinary host C), as UML splits fs/hostfs. Only fixed-width types
 * cross it; flags and modes are Linux's x86_64 values on both sides
 * (the host is x86_64 Linux), and errors are negative errno numbers,
 * which are the guest's too.
 *
 * Confinement is the host half's job, done by the host kernel: every
 * object is reached from a descriptor of its directory through one path
 * component with no symlink followed (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), and the mount root is resolved beneath the
 * hostfs= directory. Symlinks on the host are shown to the guest as
 * links whose text the guest's own path walk follows, as UML does, so
 * no host-side resolution of a guest path ever leaves the mount.
 *
 * Descriptors: every hostfs inode holds an O_PATH descriptor of its host
 * object for its lifetime (hostfs_close when it is evicted); an open
 * file holds a second one, opened for I/O (hostfs_open).
 */
#ifndef HOSTFS_H
#define HOSTFS_H

#include <stddef.h>
#include <stdint.h>

/* What the host's fstatat says about an object (rdev as major, minor). */
struct hostfs_stat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint32_t rdev_major, rdev_minor;
	uint64_t size, blocks;
	int64_t atime_sec, mtime_sec, ctime_sec, btime_sec;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec, btime_nsec;
	uint32_t blksize;
};

struct hostfs_statfs {
	uint64_t bsize, blocks, bfree, bavail, files, ffree, namelen, frsize, flags;
};

/* Which times hostfs_utimes sets (the others are left as they are). */
#define HOSTFS_SET_ATIME	0x1
#define HOSTFS_SET_MTIME	0x2

/*
 * hostfs_mount_root opens the directory a mount shows: data (the mount
 * options: a host path) under the hostfs= directory, or under "/" without
 * one; a leading '/' in data means that directory, as in UML. Nothing
 * may leave it: ".." past it or a symlink out gives -EACCES. Fills *st.
 */
int hostfs_mount_root(const char *data, int *fd, struct hostfs_stat *st);

/* hostfs_lookup opens name (one component) in dir as an O_PATH descriptor, not following it. */
int hostfs_lookup(int dir, const char *name, int *fd, struct hostfs_stat *st);
/* hostfs_stat_at is fstatat of name in dir without following it (revalidation). */
int hostfs_stat_at(int dir, const char *name, struct hostfs_stat *st);
/* hostfs_stat is fstat of a descriptor. */
int hostfs_stat(int fd, struct hostfs_stat *st);
int hostfs_statfs(int fd, struct hostfs_statfs *st);
void hostfs_close(int fd);
/*
 * hostfs_fds_low: hostfs holds half the descriptors the process may have;
 * the rest are the kernel's (a guest process's host address space needs
 * some), so the kernel half drops unused names to close theirs.
 */
int hostfs_fds_low(void);

/*
 * hostfs_open opens the object behind the O_PATH descriptor path for I/O
 * with open(2)'s flags (the access mode, O_APPEND, O_DIRECTORY, O_SYNC...),
 * the same object even if its name has changed since.
 */
int hostfs_open(int path, int flags, int *fd);
int64_t hostfs_pread(int fd, void *buf, size_t len, uint64_t off);
/*
 * hostfs_pwrite writes at off, or with append at the end of the file as
 * the host finds it (atomically); *end is then the offset after the data.
 */
int64_t hostfs_pwrite(int fd, const void *buf, size_t len, uint64_t off, int append,
		      uint64_t *end);
/* hostfs_seek_data is lseek with SEEK_DATA or SEEK_HOLE on the host file. */
int64_t hostfs_seek_data(int fd, int64_t off, int whence);
int hostfs_fsync(int fd, int datasync);
/*
 * hostfs_readdir reads directory entries from *pos on (host getdents64
 * records, struct linux_dirent64's layout) into buf; returns the bytes.
 */
int64_t hostfs_readdir(int fd, uint64_t pos, void *buf, size_t len);

/* The name operations, on one component in the directory descriptor dir. */
int hostfs_mknod(int dir, const char *name, uint32_t mode, uint32_t major, uint32_t minor);
int hostfs_mkdir(int dir, const char *name, uint32_t mode);
int hostfs_symlink(int dir, const char *name, const char *target);
int hostfs_link(int old, int dir, const char *name);
int hostfs_unlink(int dir, const char *name);
int hostfs_rmdir(int dir, const char *name);
int hostfs_rename(int odir, const char *oname, int ndir, const char *nname, unsigned int flags);
/* hostfs_readlink reads the link behind the O_PATH descriptor fd; returns its length. */
int hostfs_readlink(int fd, char *buf, size_t len);

/* Attribute changes on the object behind an O_PATH descriptor. */
int hostfs_chmod(int fd, uint32_t mode);
int hostfs_chown(int fd, uint32_t uid, uint32_t gid);	/* (uint32_t)-1: unchanged */
int hostfs_utimes(int fd, unsigned int which, int64_t asec, uint32_t ansec, int64_t msec,
		  uint32_t mnsec);
int hostfs_truncate(int fd, uint64_t size);

#endif /* HOSTFS_H */
