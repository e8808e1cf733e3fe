// SPDX-License-Identifier: GPL-2.0-only
/*
 * Extended attributes: set, get, list and remove, each by path (following
 * symlinks), by path without following (l*) and by fd (f*). The name and
 * value checks and the per-namespace rules are Linux's (fs/xattr.c), in
 * its order; the filesystem stores them through its inode_operations.
 * A filesystem without them (tmpfs, procfs here) answers EOPNOTSUPP to
 * get, set and remove, and lists nothing.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "internal.h"

/* xattr_target is what one call acts on: a looked-up path or an open file. */
struct xattr_target {
	struct path path;
	struct inode *inode;
	bool readonly;
	bool have_path;
};

static int
target_path(uaddr_t upath, bool follow, struct xattr_target *t)
{
	int err = stat_at(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, &t->path);

	if (err)
		return err;
	t->have_path = true;
	t->inode = t->path.dentry->inode;
	t->readonly = mnt_readonly(&t->path);
	return 0;
}

static int
target_fd(int fd, struct xattr_target *t)
{
	struct file *f = fget(fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	t->have_path = false;
	t->inode = f->inode;
	t->readonly = mnt_readonly(&f->path);
	return 0;
}

static void
target_put(struct xattr_target *t)
{
	if (t->have_path)
		path_put(&t->path);
}

/* get_xname copies the name: empty or longer than XATTR_NAME_MAX is ERANGE. */
static int
get_xname(uaddr_t uname, char *name)
{
	int64_t n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (n < 0)
		return (int)n;
	if (n == 0 || n > XATTR_NAME_MAX)
		return -ERANGE;
	return 0;
}

static bool
has_prefix(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/*
 * xattr_permission: security.* and system.* are the filesystem's to
 * judge; trusted.* is root's alone (others see none); user.* only on
 * regular files and directories, and in a sticky directory only for its
 * owner; then the file's permission bits.
 */
static int
xattr_permission(struct inode *inode, const char *name, int mask)
{
	bool root = current->cred.fsuid == 0;

	if (has_prefix(name, "security.") || has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted."))
		return root ? 0 : (mask & MAY_WRITE) ? -EPERM : -ENODATA;
	if (has_prefix(name, "user.")) {
		if (!S_ISREG(inode->mode) && !S_ISDIR(inode->mode))
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		if (S_ISDIR(inode->mode) && (inode->mode & S_ISVTX) && (mask & MAY_WRITE) &&
		    !root && current->cred.fsuid != inode->uid)
			return -EPERM;
	}
	return inode_permission(inode, mask);
}

/* do_setxattr sets (value not NULL) or removes name on t. */
static int64_t
do_setxattr(struct xattr_target *t, const char *name, const void *value, size_t size, int flags)
{
	struct inode *inode = t->inode;
	int err;

	if (t->readonly)
		return -EROFS;
	err = xattr_permission(inode, name, MAY_WRITE);
	if (err)
		return err;
	if (has_prefix(name, "system.posix_acl_") && current->cred.fsuid != 0 &&
	    current->cred.fsuid != inode->uid)
		return -EPERM;
	if (!inode->i_op || !inode->i_op->setxattr)
		return -EOPNOTSUPP;
	return inode->i_op->setxattr(inode, name, value, size, flags);
}

static int64_t
setxattr_common(struct xattr_target *t, uaddr_t uname, uaddr_t uvalue, size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];
	void *value = NULL;
	int64_t err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = get_xname(uname, name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	value = kmalloc(size ? size : 1);
	if (!value)
		return -ENOMEM;
	if (size && copy_from_user(value, uvalue, size)) {
		kfree(value);
		return -EFAULT;
	}
	err = do_setxattr(t, name, value, size, flags);
	kfree(value);
	return err;
}

static int64_t
getxattr_common(struct xattr_target *t, uaddr_t uname, uaddr_t uvalue, size_t size)
{
	char name[XATTR_NAME_MAX + 1];
	struct inode *inode = t->inode;
	void *value = NULL;
	int64_t err = get_xname(uname, name);

	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	err = xattr_permission(inode, name, MAY_READ);
	if (err)
		return err;
	if (!inode->i_op || !inode->i_op->getxattr)
		return -EOPNOTSUPP;
	if (size && !(value = kmalloc(size)))
		return -ENOMEM;
	err = inode->i_op->getxattr(inode, name, value, size);
	if (err > 0 && size && copy_to_user(uvalue, value, (size_t)err))
		err = -EFAULT;
	kfree(value);
	return err;
}

/*
 * listxattr_common: the filesystem's list, without the trusted.* names
 * for anyone but root (as ext4 lists them).
 */
static int64_t
listxattr_common(struct xattr_target *t, uaddr_t ulist, size_t size)
{
	struct inode *inode = t->inode;
	char *all, *out;
	int64_t n, len = 0;

	if (!inode->i_op || !inode->i_op->listxattr)
		return 0;
	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	all = kmalloc(XATTR_LIST_MAX);
	out = kmalloc(XATTR_LIST_MAX);
	if (!all || !out) {
		kfree(all);
		kfree(out);
		return -ENOMEM;
	}
	n = inode->i_op->listxattr(inode, all, XATTR_LIST_MAX);
	for (int64_t i = 0; n > 0 && i < n;) {
		size_t l = strnlen(all + i, (size_t)(n - i)) + 1;

		if (current->cred.fsuid == 0 || !has_prefix(all + i, "trusted.")) {
			memcpy(out + len, all + i, l);
			len += (int64_t)l;
		}
		i += (int64_t)l;
	}
	if (n >= 0) {
		n = len;
		if (size && (size_t)len > size)
			n = -ERANGE;
		else if (size && copy_to_user(ulist, out, (size_t)len))
			n = -EFAULT;
	}
	kfree(all);
	kfree(out);
	return n;
}

static int64_t
removexattr_common(struct xattr_target *t, uaddr_t uname)
{
	char name[XATTR_NAME_MAX + 1];
	int64_t err = get_xname(uname, name);

	if (err)
		return err;
	return do_setxattr(t, name, NULL, 0, 0);
}

/* sys_setxattr implements setxattr(2). */
SYSCALL_DEFINE5(setxattr, uaddr_t, pathname, uaddr_t, name, uaddr_t, value, size_t, size,
		int, flags)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, true, &t);

	if (err)
		return err;
	err = setxattr_common(&t, name, value, size, flags);
	target_put(&t);
	return err;
}

/* sys_lsetxattr implements lsetxattr(2). */
SYSCALL_DEFINE5(lsetxattr, uaddr_t, pathname, uaddr_t, name, uaddr_t, value, size_t, size,
		int, flags)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, false, &t);

	if (err)
		return err;
	err = setxattr_common(&t, name, value, size, flags);
	target_put(&t);
	return err;
}

/* sys_fsetxattr implements fsetxattr(2). */
SYSCALL_DEFINE5(fsetxattr, int, fd, uaddr_t, name, uaddr_t, value, size_t, size, int, flags)
{
	struct xattr_target t;
	int64_t err = target_fd(fd, &t);

	return err ? err : setxattr_common(&t, name, value, size, flags);
}

/* sys_getxattr implements getxattr(2). */
SYSCALL_DEFINE4(getxattr, uaddr_t, pathname, uaddr_t, name, uaddr_t, value, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, true, &t);

	if (err)
		return err;
	err = getxattr_common(&t, name, value, size);
	target_put(&t);
	return err;
}

/* sys_lgetxattr implements lgetxattr(2). */
SYSCALL_DEFINE4(lgetxattr, uaddr_t, pathname, uaddr_t, name, uaddr_t, value, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, false, &t);

	if (err)
		return err;
	err = getxattr_common(&t, name, value, size);
	target_put(&t);
	return err;
}

/* sys_fgetxattr implements fgetxattr(2). */
SYSCALL_DEFINE4(fgetxattr, int, fd, uaddr_t, name, uaddr_t, value, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_fd(fd, &t);

	return err ? err : getxattr_common(&t, name, value, size);
}

/* sys_listxattr implements listxattr(2). */
SYSCALL_DEFINE3(listxattr, uaddr_t, pathname, uaddr_t, list, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, true, &t);

	if (err)
		return err;
	err = listxattr_common(&t, list, size);
	target_put(&t);
	return err;
}

/* sys_llistxattr implements llistxattr(2). */
SYSCALL_DEFINE3(llistxattr, uaddr_t, pathname, uaddr_t, list, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, false, &t);

	if (err)
		return err;
	err = listxattr_common(&t, list, size);
	target_put(&t);
	return err;
}

/* sys_flistxattr implements flistxattr(2). */
SYSCALL_DEFINE3(flistxattr, int, fd, uaddr_t, list, size_t, size)
{
	struct xattr_target t;
	int64_t err = target_fd(fd, &t);

	return err ? err : listxattr_common(&t, list, size);
}

/* sys_removexattr implements removexattr(2). */
SYSCALL_DEFINE2(removexattr, uaddr_t, pathname, uaddr_t, name)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, true, &t);

	if (err)
		return err;
	err = removexattr_common(&t, name);
	target_put(&t);
	return err;
}

/* sys_lremovexattr implements lremovexattr(2). */
SYSCALL_DEFINE2(lremovexattr, uaddr_t, pathname, uaddr_t, name)
{
	struct xattr_target t;
	int64_t err = target_path(pathname, false, &t);

	if (err)
		return err;
	err = removexattr_common(&t, name);
	target_put(&t);
	return err;
}

/* sys_fremovexattr implements fremovexattr(2). */
SYSCALL_DEFINE2(fremovexattr, int, fd, uaddr_t, name)
{
	struct xattr_target t;
	int64_t err = target_fd(fd, &t);

	return err ? err : removexattr_common(&t, name);
}
