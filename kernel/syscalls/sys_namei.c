// SPDX-License-Identifier: GPL-2.0-only
/*
 * Name system calls: directories (getdents, getcwd, chdir, chroot), and
 * making, removing, linking, renaming and reading names.
 *
 * Each guest path is copied into a kernel buffer by getname (a PATH_MAX
 * allocation) and freed by the function that got it, on every path out;
 * a call with two paths gets both before doing anything (two_names), so a
 * bad second path frees the first.
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
	uaddr_t ubuf;
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
	if (copy_to_user(uaddr_add(g->ubuf, g->used), rec, reclen)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

/*
 * getdents_common fills the guest's buffer with as many entries as fit
 * (the old getdents layout or getdents64's); the file position moves past
 * what was given. An error after some entries is reported by the next
 * call, as on Linux.
 */
static int64_t
getdents_common(int fd, uaddr_t ubuf, uint64_t size, bool old)
{
	struct file *f = fget(fd);
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
SYSCALL_DEFINE3(getdents64, int, fd, uaddr_t, dirent, uint64_t, count)
{
	return getdents_common(fd, dirent, count, false);
}

/* sys_getdents implements getdents(2). */
SYSCALL_DEFINE3(getdents, int, fd, uaddr_t, dirent, uint64_t, count)
{
	return getdents_common(fd, dirent, count, true);
}

/* sys_getcwd implements getcwd(2). */
SYSCALL_DEFINE2(getcwd, uaddr_t, ubuf, uint64_t, size)
{
	char buf[PATH_MAX];
	int n = path_of(&current->fs->cwd, buf, sizeof(buf));

	if (n < 0)
		return n;
	if ((uint64_t)n + 1 > size)
		return -ERANGE;
	if (copy_to_user(ubuf, buf, n + 1))
		return -EFAULT;
	return n + 1;
}

/* set_cwd makes p (whose reference it takes) the cwd: a directory the caller may search. */
static int64_t
set_cwd(struct path *p)
{
	int err;

	if (!S_ISDIR(p->dentry->inode->mode)) {
		path_put(p);
		return -ENOTDIR;
	}
	err = inode_permission(p->dentry->inode, MAY_EXEC);
	if (err) {
		path_put(p);
		return err;
	}
	path_put(&current->fs->cwd);
	current->fs->cwd = *p;
	return 0;
}

/* sys_chdir implements chdir(2). */
SYSCALL_DEFINE1(chdir, uaddr_t, filename)
{
	char *name = getname(filename);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(name);
	if (err)
		return err;
	return set_cwd(&p);
}

/* sys_fchdir implements fchdir(2). */
SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fget(fd);
	struct path p;

	if (!f || !f->path.dentry)
		return -EBADF;
	p = f->path;
	path_get(&p);
	return set_cwd(&p);
}

/* sys_chroot implements chroot(2). */
SYSCALL_DEFINE1(chroot, uaddr_t, filename)
{
	char *name = getname(filename);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
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

static int64_t
mkdir_common(int dfd, uaddr_t upath, uint32_t mode)
{
	char *name = getname(upath);
	int64_t err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = vfs_mkdir(dfd, name, mode);
	kfree(name);
	return err;
}

/* sys_mkdir implements mkdir(2). */
SYSCALL_DEFINE2(mkdir, uaddr_t, pathname, uint32_t, mode)
{
	return mkdir_common(AT_FDCWD, pathname, mode);
}

/* sys_mkdirat implements mkdirat(2). */
SYSCALL_DEFINE3(mkdirat, int, dfd, uaddr_t, pathname, uint32_t, mode)
{
	return mkdir_common(dfd, pathname, mode);
}

/* remove_common removes the name at upath: a directory (rmdir) or not (unlink). */
static int64_t
remove_common(int dfd, uaddr_t upath, bool dir)
{
	char *name = getname(upath);
	int64_t err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = dir ? vfs_rmdir(dfd, name) : vfs_unlink(dfd, name);
	kfree(name);
	return err;
}

/* sys_rmdir implements rmdir(2). */
SYSCALL_DEFINE1(rmdir, uaddr_t, pathname)
{
	return remove_common(AT_FDCWD, pathname, true);
}

/* sys_unlink implements unlink(2). */
SYSCALL_DEFINE1(unlink, uaddr_t, pathname)
{
	return remove_common(AT_FDCWD, pathname, false);
}

/* sys_unlinkat implements unlinkat(2). */
SYSCALL_DEFINE3(unlinkat, int, dfd, uaddr_t, pathname, uint64_t, flags)
{
	if (flags & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	return remove_common(dfd, pathname, flags & AT_REMOVEDIR);
}

static int64_t
mknod_common(int dfd, uaddr_t upath, uint32_t mode, uint64_t dev)
{
	uint64_t rdev = MKDEV((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00));
	char *name = getname(upath);
	int64_t err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = vfs_mknod(dfd, name, mode, rdev);
	kfree(name);
	return err;
}

/* sys_mknod implements mknod(2). */
SYSCALL_DEFINE3(mknod, uaddr_t, filename, uint32_t, mode, uint64_t, dev)
{
	return mknod_common(AT_FDCWD, filename, mode, dev);
}

/* sys_mknodat implements mknodat(2). */
SYSCALL_DEFINE4(mknodat, int, dfd, uaddr_t, filename, uint32_t, mode, uint64_t, dev)
{
	return mknod_common(dfd, filename, mode, dev);
}

/*
 * two_names copies the two guest paths of a call into *n1 and *n2, both or
 * neither: when the second cannot be copied the first is freed again. The
 * caller frees both after a 0 return.
 */
static int64_t
two_names(uaddr_t u1, uaddr_t u2, char **n1, char **n2)
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
symlink_common(uaddr_t utarget, int dfd, uaddr_t upath)
{
	char *target, *name;
	int64_t r;

	r = two_names(utarget, upath, &target, &name);
	if (r)
		return r;
	r = vfs_symlink(target, dfd, name);
	kfree(target);
	kfree(name);
	return r;
}

/* sys_symlink implements symlink(2). */
SYSCALL_DEFINE2(symlink, uaddr_t, oldname, uaddr_t, newname)
{
	return symlink_common(oldname, AT_FDCWD, newname);
}

/* sys_symlinkat implements symlinkat(2). */
SYSCALL_DEFINE3(symlinkat, uaddr_t, oldname, int, newdfd, uaddr_t, newname)
{
	return symlink_common(oldname, newdfd, newname);
}

static int64_t
link_common(int odfd, uaddr_t uold, int ndfd, uaddr_t unew, int flags)
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
SYSCALL_DEFINE2(link, uaddr_t, oldname, uaddr_t, newname)
{
	return link_common(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* sys_linkat implements linkat(2). */
SYSCALL_DEFINE5(linkat, int, olddfd, uaddr_t, oldname, int, newdfd, uaddr_t, newname, int, flags)
{
	return link_common(olddfd, oldname, newdfd, newname, flags);
}

static int64_t
rename_common(int odfd, uaddr_t uold, int ndfd, uaddr_t unew, unsigned int flags)
{
	char *o, *n;
	int64_t r;

	/* RENAME_WHITEOUT (overlayfs's) is for no filesystem here. */
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
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
SYSCALL_DEFINE2(rename, uaddr_t, oldname, uaddr_t, newname)
{
	return rename_common(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* sys_renameat implements renameat(2). */
SYSCALL_DEFINE4(renameat, int, olddfd, uaddr_t, oldname, int, newdfd, uaddr_t, newname)
{
	return rename_common(olddfd, oldname, newdfd, newname, 0);
}

/* sys_renameat2 implements renameat2(2). */
SYSCALL_DEFINE5(renameat2, int, olddfd, uaddr_t, oldname, int, newdfd, uaddr_t, newname,
		unsigned int, flags)
{
	return rename_common(olddfd, oldname, newdfd, newname, flags);
}

static int64_t
readlink_common(int dfd, uaddr_t upath, uaddr_t ubuf, int64_t size)
{
	char *name = getname(upath), *buf;
	struct path p;
	int n;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (size <= 0) {
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
					     size < PATH_MAX ? (size_t)size : PATH_MAX);
	path_put(&p);
	if (n > 0 && copy_to_user(ubuf, buf, n))
		n = -EFAULT;
	kfree(buf);
	return n;
}

/* sys_readlink implements readlink(2). */
SYSCALL_DEFINE3(readlink, uaddr_t, path, uaddr_t, buf, int64_t, bufsiz)
{
	return readlink_common(AT_FDCWD, path, buf, bufsiz);
}

/* sys_readlinkat implements readlinkat(2). */
SYSCALL_DEFINE4(readlinkat, int, dfd, uaddr_t, path, uaddr_t, buf, int64_t, bufsiz)
{
	return readlink_common(dfd, path, buf, bufsiz);
}
