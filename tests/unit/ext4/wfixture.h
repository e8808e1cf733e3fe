/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures for the ext4 write tests (test_ext4_write, test_ext4_journal):
 * scratch images made by the host's mke2fs, a block device over an image
 * file that can record every write and flush (for the crash tests), the
 * host's e2fsck and debugfs as judges, and a model of the tree a test
 * expects, compared with the image both through the library and through
 * debugfs (rdump plus "ls -p"), an independent reader.
 */
#ifndef TESTS_EXT4_WFIXTURE_H
#define TESTS_EXT4_WFIXTURE_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/ext4.h"

/* One device write or flush, as recorded. */
struct wlog {
	uint64_t off;
	uint32_t len;		/* 0: a flush */
	uint8_t *data;
};

/* A scratch image and the library mounted on it. */
struct wimg {
	char path[512];
	int fd;
	uint64_t size;
	struct ext4_blockdev bd;
	struct ext4_fs *fs;
	int64_t clock;		/* the fake clock: seconds */
	uint32_t tick;		/* nanoseconds, advanced at every read */
	bool record;		/* keep a log of writes and flushes */
	struct wlog *log;
	size_t nlog, caplog;
	uint64_t writes, flushes, bytes_written;
	int fail_after;		/* > 0: the n-th write from now fails with EIO */
	struct wlog *pend;	/* data a page cache holds dirty (wimg_defer) */
	size_t npend, cappend;
	uint64_t writebacks;	/* calls of bd.writeback_data */
};

/* The scratch directory every test works in (made by main, removed at exit). */
extern char wtmp[256];

/* wfix_setup makes the scratch directory; wfix_cleanup removes it. */
void wfix_setup(const char *name);
void wfix_cleanup(void);

/*
 * wimg_mkfs makes a fresh image: mke2fs -q -F -t type with the options
 * given (e.g. "-b 1024 -O ^metadata_csum"), of size bytes, from tree src
 * (mke2fs -d) if not NULL.
 */
void wimg_mkfs(struct wimg *w, const char *name, const char *type, uint64_t size,
	       const char *opts, const char *src);
/* wimg_open opens an existing image file. */
void wimg_open(struct wimg *w, const char *path);
/* wimg_mount mounts read-write (flags 0) or as asked; returns the error. */
int wimg_mount(struct wimg *w, unsigned int flags);
/* wimg_mount_ok mounts read-write and fails the test on error. */
void wimg_mount_ok(struct wimg *w);
/* wimg_umount unmounts (must succeed). */
void wimg_umount(struct wimg *w);
/* wimg_close closes the file (unmounting first if mounted). */
void wimg_close(struct wimg *w);
/*
 * wimg_defer keeps len bytes for byte offset off as a page cache would,
 * dirty: written only when the library calls bd.writeback_data (before
 * each commit), or by wimg_writeback.
 */
void wimg_defer(struct wimg *w, uint64_t off, const void *buf, size_t len);
int wimg_writeback(struct wimg *w);
/* wimg_log_free drops the recorded log. */
void wimg_log_free(struct wimg *w);

/* wimg_fsck runs e2fsck -fn; fails the test (with e2fsck's words) unless clean. */
void wimg_fsck(const char *path);
/* run_cmd runs a shell command, returns its exit status; output in out (may be NULL). */
int run_cmd(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Library helpers that fail the test on error. */
struct ext4_inode *w_iget_path(struct ext4_fs *fs, const char *path);
struct ext4_inode *w_create(struct ext4_fs *fs, const char *path, uint16_t mode);
struct ext4_inode *w_mkdir(struct ext4_fs *fs, const char *path, uint16_t mode);
void w_symlink(struct ext4_fs *fs, const char *path, const char *target);
void w_write(struct ext4_fs *fs, struct ext4_inode *in, uint64_t off, const void *buf,
	     size_t len);
void w_write_file(struct ext4_fs *fs, const char *path, const void *buf, size_t len);
/* w_parent splits path into its parent directory (got) and last name. */
struct ext4_inode *w_parent(struct ext4_fs *fs, const char *path, const char **name);
int w_unlink(struct ext4_fs *fs, const char *path);
int w_rmdir(struct ext4_fs *fs, const char *path);
int w_rename(struct ext4_fs *fs, const char *from, const char *to, unsigned int flags);

/* fill_pattern fills buf with bytes that depend on seed and offset. */
void fill_pattern(uint8_t *buf, size_t len, uint32_t seed, uint64_t off);

/* --- the model: what the tree should hold --- */

struct mxattr {
	char *name;
	uint8_t *value;
	size_t len;
};

struct mnode {
	char *path;		/* relative, "" is the root */
	uint16_t mode;
	uint32_t uid, gid;
	uint8_t *data;		/* regular files: the contents */
	uint64_t size, cap;
	char *target;		/* symlinks */
	uint32_t rdev_major, rdev_minor;
	int link_group;		/* hard links share a group (> 0) */
	struct mxattr *xa;	/* extended attributes (only digests look at them) */
	size_t nxa;
};

struct model {
	struct mnode *n;
	size_t count, cap;
};

void model_init(struct model *m);
void model_free(struct model *m);
struct mnode *model_find(struct model *m, const char *path);
struct mnode *model_add(struct model *m, const char *path, uint16_t mode);
void model_del(struct model *m, const char *path);
/* model_rename moves path (and, for a directory, everything below it). */
void model_rename(struct model *m, const char *from, const char *to);
/* model_write changes a regular file's contents like a write. */
void model_write(struct mnode *n, uint64_t off, const void *buf, size_t len);
void model_truncate(struct mnode *n, uint64_t size);
/* model_from_fs loads what a mounted image holds (the library's view). */
void model_from_fs(struct model *m, struct ext4_fs *fs);

/*
 * model_check compares the model with the image twice: through the
 * library (fs, mounted) and through debugfs on the image file (unmounted
 * image at path; NULL skips it). Names, types, modes, owners, sizes,
 * contents, link targets, device numbers, hard links.
 */
void model_check(struct model *m, struct ext4_fs *fs, const char *path);
/* model_setxattr sets (value not NULL) or removes an attribute of n. */
void model_setxattr(struct mnode *n, const char *name, const void *value, size_t len);

/*
 * Digests of a tree: names, types, modes, owners, link counts, sizes,
 * contents, link targets, device numbers and extended attributes (not
 * times, not inode numbers), of the model and of a mounted image. Equal
 * digests mean equal trees.
 */
uint64_t model_digest(struct model *m);
uint64_t fs_digest(struct ext4_fs *fs);

#endif /* TESTS_EXT4_WFIXTURE_H */
