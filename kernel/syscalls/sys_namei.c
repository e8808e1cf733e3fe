// SPDX-License-Identifier: GPL-2.0-only
/*
 * Name system calls: directories (getdents, getcwd, chdir, chroot), and
 * making, removing, linking, renaming and reading names.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "kernel/wait.h"
#include "internal.h"

struct getdents_ctx {
	struct dir_context ctx;
	uint64_t ubuf;
	size_t size, used;
	int err;
	bool old;	/* getdents (linux_dirent) instead of getdents64 */
};

static bool
filldir64(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
	  unsigned int type)
{
	struct getdents_ctx *g = (struct getdents_ctx *)ctx;
	size_t reclen = g->old ? (8 + 8 + 2 + len + 2 + 7) & ~(size_t)7 :
				 (8 + 8 + 2 + 1 + len + 1 + 7) & ~(size_t)7;
	uint8_t rec[8 + 8 + 2 + 1 + NAME_MAX + 2 + 8];
	uint64_t off = 0;
	uint16_t rl = (uint16_t)reclen;

	if (g->used + reclen > g->size) {
		if (!g->used)
			g->err = -EINVAL;
		return false;
	}
	/* As on Linux: with a signal pending, return what is filled so far. */
	if (g->used && signal_pending(current))
		return false;
	memset(rec, 0, reclen);
	memcpy(rec, &ino, 8);
	/* d_off: the position after this entry; the caller's pos is updated by the fs. */
	off = ctx->pos + 1;
	memcpy(rec + 8, &off, 8);
	memcpy(rec + 16, &rl, 2);
	if (g->old) {
		memcpy(rec + 18, name, len);
		rec[reclen - 1] = (uint8_t)type;
	} else {
		rec[18] = (uint8_t)type;
		memcpy(rec + 19, name, len);
	}
	if (copy_to_user(u64_to_uaddr(g->ubuf + g->used), rec, reclen)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

static int64_t
getdents_common(uint64_t fd, uint64_t ubuf, uint64_t size, bool old)
{
	struct file *f = fget((int)fd);
	struct getdents_ctx g = { .ctx = { .actor = filldir64 }, .ubuf = ubuf, .size = size, .old = old };
	int err;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	g.ctx.pos = f->pos;
	err = f->f_op->iterate(f, &g.ctx);
	f->pos = g.ctx.pos;
	if (g.err && !g.used)
		return g.err;
	if (err && !g.used)
		return err;
	return (int64_t)g.used;
}

/* sys_getdents64 implements getdents64(2). */
SYSCALL_DEFINE(getdents64)
{
	UNUSED_ARGS();
	return getdents_common(a0, a1, a2, false);
}

/* sys_getdents implements getdents(2). */
SYSCALL_DEFINE(getdents)
{
	UNUSED_ARGS();
	return getdents_common(a0, a1, a2, true);
}

/* sys_getcwd implements getcwd(2). */
SYSCALL_DEFINE(getcwd)
{
	char buf[PATH_MAX];
	int n = path_of(&current->fs->cwd, buf, sizeof(buf));

	UNUSED_ARGS();
	if (n < 0)
		return n;
	if ((uint64_t)n + 1 > a1)
		return -ERANGE;
	if (copy_to_user(u64_to_uaddr(a0), buf, n + 1))
		return -EFAULT;
	return n + 1;
}

static int64_t
set_cwd(struct path *p)
{
	int err;

	if (!S_ISDIR(p->dentry->inode->mode)) {
		path_put(p);
		return -ENOTDIR;
	}
	err = inode_permission(p->dentry->inode, 1);
	if (err) {
		path_put(p);
		return err;
	}
	path_put(&current->fs->cwd);
	current->fs->cwd = *p;
	return 0;
}

/* sys_chdir implements chdir(2). */
SYSCALL_DEFINE(chdir)
{
	struct path p;
	int err;
	WITH_NAME(name, a0);

	UNUSED_ARGS();
	err = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(name);
	if (err)
		return err;
	return set_cwd(&p);
}

/* sys_fchdir implements fchdir(2). */
SYSCALL_DEFINE(fchdir)
{
	struct file *f = fget((int)a0);
	struct path p;

	UNUSED_ARGS();
	if (!f || !f->path.dentry)
		return -EBADF;
	p = f->path;
	path_get(&p);
	return set_cwd(&p);
}

/* sys_chroot implements chroot(2). */
SYSCALL_DEFINE(chroot)
{
	struct path p;
	int err;
	WITH_NAME(name, a0);

	UNUSED_ARGS();
	if (current->cred.euid != 0) {
		kfree(name);
		return -EPERM;
	}
	err = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(name);
	if (err)
		return err;
	path_put(&current->fs->root);
	current->fs->root = p;
	return 0;
}

/* sys_mkdir implements mkdir(2). */
SYSCALL_DEFINE(mkdir)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_mkdir, AT_FDCWD, __n, (uint32_t)a1);
}

/* sys_mkdirat implements mkdirat(2). */
SYSCALL_DEFINE(mkdirat)
{
	uint64_t a_name = a1;

	UNUSED_ARGS();
	return NAME_CALL(vfs_mkdir, (int)a0, __n, (uint32_t)a2);
}

/* sys_rmdir implements rmdir(2). */
SYSCALL_DEFINE(rmdir)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_rmdir, AT_FDCWD, __n);
}

/* sys_unlink implements unlink(2). */
SYSCALL_DEFINE(unlink)
{
	uint64_t a_name = a0;

	UNUSED_ARGS();
	return NAME_CALL(vfs_unlink, AT_FDCWD, __n);
}

/* sys_unlinkat implements unlinkat(2). */
SYSCALL_DEFINE(unlinkat)
{
	uint64_t a_name = a1;

	UNUSED_ARGS();
	if (a2 & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	if (a2 & AT_REMOVEDIR)
		return NAME_CALL(vfs_rmdir, (int)a0, __n);
	return NAME_CALL(vfs_unlink, (int)a0, __n);
}

static int64_t
mknod_common(int dfd, uint64_t a_name, uint32_t mode, uint64_t dev)
{
	uint64_t rdev = MKDEV((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00));

	return NAME_CALL(vfs_mknod, dfd, __n, mode, rdev);
}

/* sys_mknod implements mknod(2). */
SYSCALL_DEFINE(mknod)
{
	UNUSED_ARGS();
	return mknod_common(AT_FDCWD, a0, (uint32_t)a1, a2);
}

/* sys_mknodat implements mknodat(2). */
SYSCALL_DEFINE(mknodat)
{
	UNUSED_ARGS();
	return mknod_common((int)a0, a1, (uint32_t)a2, a3);
}

static int64_t
symlink_common(uint64_t utarget, int dfd, uint64_t a_name)
{
	char *target = getname(utarget);
	int64_t r;

	if (IS_ERR(target))
		return PTR_ERR(target);
	r = NAME_CALL(vfs_symlink, target, dfd, __n);
	kfree(target);
	return r;
}

/* sys_symlink implements symlink(2). */
SYSCALL_DEFINE(symlink)
{
	UNUSED_ARGS();
	return symlink_common(a0, AT_FDCWD, a1);
}

/* sys_symlinkat implements symlinkat(2). */
SYSCALL_DEFINE(symlinkat)
{
	UNUSED_ARGS();
	return symlink_common(a0, (int)a1, a2);
}

static int64_t
two_names(uint64_t u1, uint64_t u2, char **n1, char **n2)
{
	*n1 = getname(u1);
	if (IS_ERR(*n1))
		return PTR_ERR(*n1);
	*n2 = getname(u2);
	if (IS_ERR(*n2)) {
		kfree(*n1);
		return PTR_ERR(*n2);
	}
	return 0;
}

static int64_t
link_common(int odfd, uint64_t uold, int ndfd, uint64_t unew, int flags)
{
	char *o, *n;
	int64_t r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = two_names(uold, unew, &o, &n);
	if (r)
		return r;
	r = vfs_link(odfd, o, ndfd, n, flags);
	kfree(o);
	kfree(n);
	return r;
}

/* sys_link implements link(2). */
SYSCALL_DEFINE(link)
{
	UNUSED_ARGS();
	return link_common(AT_FDCWD, a0, AT_FDCWD, a1, 0);
}

/* sys_linkat implements linkat(2). */
SYSCALL_DEFINE(linkat)
{
	UNUSED_ARGS();
	return link_common((int)a0, a1, (int)a2, a3, (int)a4);
}

static int64_t
rename_common(int odfd, uint64_t uold, int ndfd, uint64_t unew, unsigned flags)
{
	char *o, *n;
	int64_t r;

	/* RENAME_EXCHANGE and RENAME_WHITEOUT are not implemented yet. */
	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	r = two_names(uold, unew, &o, &n);
	if (r)
		return r;
	r = vfs_rename(odfd, o, ndfd, n, flags);
	kfree(o);
	kfree(n);
	return r;
}

/* sys_rename implements rename(2). */
SYSCALL_DEFINE(rename)
{
	UNUSED_ARGS();
	return rename_common(AT_FDCWD, a0, AT_FDCWD, a1, 0);
}

/* sys_renameat implements renameat(2). */
SYSCALL_DEFINE(renameat)
{
	UNUSED_ARGS();
	return rename_common((int)a0, a1, (int)a2, a3, 0);
}

/* sys_renameat2 implements renameat2(2). */
SYSCALL_DEFINE(renameat2)
{
	UNUSED_ARGS();
	return rename_common((int)a0, a1, (int)a2, a3, (unsigned)a4);
}

static int64_t
readlink_common(int dfd, uint64_t upath, uint64_t ubuf, uint64_t size)
{
	struct path p;
	char *buf;
	int n;
	WITH_NAME(name, upath);

	if ((int64_t)size <= 0) {
		kfree(name);
		return -EINVAL;
	}
	n = path_lookup(dfd, name, *name ? 0 : LOOKUP_EMPTY, &p);
	kfree(name);
	if (n)
		return n;
	if (!S_ISLNK(p.dentry->inode->mode) || !p.dentry->inode->i_op->readlink) {
		path_put(&p);
		return -EINVAL;
	}
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		path_put(&p);
		return -ENOMEM;
	}
	n = p.dentry->inode->i_op->readlink(p.dentry->inode, buf,
					     size < PATH_MAX ? size : PATH_MAX);
	path_put(&p);
	if (n > 0 && copy_to_user(u64_to_uaddr(ubuf), buf, n))
		n = -EFAULT;
	kfree(buf);
	return n;
}

/* sys_readlink implements readlink(2). */
SYSCALL_DEFINE(readlink)
{
	UNUSED_ARGS();
	return readlink_common(AT_FDCWD, a0, a1, a2);
}

/* sys_readlinkat implements readlinkat(2). */
SYSCALL_DEFINE(readlinkat)
{
	UNUSED_ARGS();
	return readlink_common((int)a0, a1, a2, a3);
}

