// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path walking: from the root or a starting directory, one component at a
 * time through the dentry cache (asking the filesystem on a miss), across
 * mount points in both directions, following symlinks (at most MAXSYMLINKS
 * in one walk). "." and ".." are handled here, never by filesystems.
 *
 * Examples (walk of the names, with / the root):
 *   "a//b/"     components a, b; the trailing slash requires a directory
 *   "/.."       stays at the root
 *   "x/../y"    x must exist and be a directory (as Linux checks)
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/slab.h"

/* Debian's defaults: a hard link or a trailing symlink in /tmp must be safe. */
int sysctl_protected_symlinks = 1;
int sysctl_protected_hardlinks = 1;
int sysctl_protected_fifos;
int sysctl_protected_regular;

/* Internal walk flag: this walk's last component is the trailing one of the whole name. */
#define WALK_TRAILING	0x100

static int walk_path(struct nameidata *w, const char *name, unsigned int flags);

/*
 * lookup_one gives the dentry of name in dir with a reference for the
 * caller: from the cache, or asked of the filesystem and cached, a name
 * found absent as a negative dentry (so the next lookup of it costs
 * nothing). procfs names are never cached.
 */
struct dentry *
lookup_one(struct path *dir, const char *name, size_t len)
{
	struct dentry *parent = dir->dentry, *d;
	struct inode *inode = NULL;
	int err;

	bool nocache = parent->sb && (parent->sb->flags & SB_NOCACHE);

	/* Every filesystem's lookup refuses a long name before anything else. */
	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d = nocache ? NULL : d_lookup(parent, name, len);
	if (d && parent->sb && parent->sb->d_revalidate && !d->mounted &&
	    !parent->sb->d_revalidate(d)) {
		/* Stale: forget it (and what it cached below) and ask again. */
		if (d->inode && S_ISDIR(d->inode->mode))
			d_prune(d);
		d_drop(d);
		d = NULL;
	}
	if (d)
		return d_get(d);
	if (!parent->inode || !parent->inode->i_op || !parent->inode->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	err = parent->inode->i_op->lookup(parent->inode, name, len, &inode);
	/* procfs has no negative entries: a missing name is an error, before any other. */
	if (err && (err != -ENOENT || nocache))
		return ERR_PTR(err);
	d = d_alloc(parent, name, len);
	if (!d) {
		inode_put(inode);
		return ERR_PTR(-ENOMEM);
	}
	d->inode = err ? NULL : inode;
	if (nocache)
		return d;	/* the caller's only; never cached */
	return d_get(d);	/* one for the cache, one for the caller */
}

/* step_into moves w->path to d (taking over the reference), crossing mounts. */
static void
step_into(struct nameidata *w, struct dentry *d)
{
	struct mount *m;

	path_put(&w->path);
	w->path.dentry = d;
	while (d->mounted && (m = lookup_mnt(w->path.mnt, d))) {
		w->path.mnt = m;
		d = d_get(m->root);
		d_put(w->path.dentry);
		w->path.dentry = d;
	}
}

/*
 * step_dotdot goes up one level: never above the caller's root (a chroot
 * stays shut), and across a mount to the directory it covers.
 */
static void
step_dotdot(struct nameidata *w)
{
	for (;;) {
		if (w->path.dentry == w->root.dentry && w->path.mnt == w->root.mnt)
			return;
		if (w->path.dentry != w->path.mnt->root)
			break;
		if (w->path.mnt->parent == w->path.mnt)
			return;	/* the root mount's root */
		/* Go down to the mount point in the parent mount. */
		d_put(w->path.dentry);
		w->path.dentry = d_get(w->path.mnt->mountpoint);
		w->path.mnt = w->path.mnt->parent;
	}
	{
		struct dentry *p = d_get(w->path.dentry->parent);

		d_put(w->path.dentry);
		w->path.dentry = p;
	}
}

/*
 * may_follow_link is fs.protected_symlinks: a trailing symlink in a sticky
 * world-writable directory (/tmp) is followed only by its owner, or if it
 * belongs to the directory's owner.
 */
static int
may_follow_link(const struct inode *dir, const struct inode *link)
{
	if (!sysctl_protected_symlinks || current->cred.fsuid == link->uid)
		return 0;
	if ((dir->mode & (S_ISVTX | 0002)) != (S_ISVTX | 0002) || dir->uid == link->uid)
		return 0;
	return -EACCES;
}

/* read_link gives the body of the symlink at d in a new buffer. */
static int
read_link(struct dentry *d, char **out)
{
	char *buf;
	int n;

	if (!d->inode->i_op || !d->inode->i_op->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = d->inode->i_op->readlink(d->inode, buf, PATH_MAX - 1);
	if (n <= 0) {
		kfree(buf);
		return n ? n : -ENOENT;	/* an empty symlink names nothing */
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

/*
 * follow_link walks the target of the symlink at d from w->path (its
 * directory). trailing: d was the last component of the whole name.
 */
static int
follow_link(struct nameidata *w, struct dentry *d, bool trailing)
{
	char *buf;
	int err;

	if (++w->links > MAXSYMLINKS)
		return -ELOOP;
	if (trailing && (err = may_follow_link(w->path.dentry->inode, d->inode)))
		return err;
	err = read_link(d, &buf);
	if (err)
		return err;
	err = walk_path(w, buf, LOOKUP_FOLLOW | (trailing ? WALK_TRAILING : 0));
	kfree(buf);
	return err;
}

/*
 * last_type tells ".", ".." and ordinary names apart, for the calls that treat them specially.
 */
static int
last_type(const char *c, size_t len)
{
	if (len == 1 && c[0] == '.')
		return LAST_DOT;
	if (len == 2 && c[0] == '.' && c[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

/*
 * walk_path walks name from w->path. With LOOKUP_PARENT it stops before the
 * last component and describes it in w (last, len, type, slash). Per
 * component, Linux's order: the directory must be one (ENOTDIR) and
 * searchable (EACCES); then the name is looked up (ENAMETOOLONG, ENOENT).
 */
static int
walk_path(struct nameidata *w, const char *name, unsigned int flags)
{
	const char *p = name;
	int err;

	if (*p == '/') {
		path_put(&w->path);
		w->path = w->root;
		path_get(&w->path);
		while (*p == '/')
			p++;
	}
	if (!*p) {	/* no component: "/" (or an empty name the caller allowed) */
		if (flags & LOOKUP_PARENT) {
			w->last = p;
			w->len = 0;
			w->type = LAST_ROOT;
			w->slash = false;
		}
		return 0;
	}
	for (;;) {
		const char *c = p;
		size_t len;
		bool final, slash;
		int type;
		struct dentry *d;

		while (*p && *p != '/')
			p++;
		len = p - c;
		slash = *p == '/';
		while (*p == '/')
			p++;
		final = !*p;
		if (!S_ISDIR(w->path.dentry->inode->mode))
			return -ENOTDIR;
		err = inode_permission(w->path.dentry->inode, MAY_EXEC);
		if (err)
			return err;
		type = last_type(c, len);
		if (final && (flags & LOOKUP_PARENT)) {
			w->last = c;
			w->len = len;
			w->type = type;
			w->slash = slash;
			return 0;
		}
		if (type == LAST_DOTDOT)
			step_dotdot(w);
		if (type != LAST_NORM) {
			if (final)
				return 0;
			continue;
		}
		d = lookup_one(&w->path, c, len);
		if (IS_ERR(d))
			return (int)PTR_ERR(d);
		if (!d->inode) {
			d_put(d);
			return -ENOENT;
		}
		if (S_ISLNK(d->inode->mode) && (!final || slash || (flags & LOOKUP_FOLLOW))) {
			err = follow_link(w, d, final && (flags & WALK_TRAILING));
			d_put(d);
			if (err)
				return err;
		} else {
			step_into(w, d);
		}
		if (final) {
			if ((slash || (flags & LOOKUP_DIRECTORY)) &&
			    !S_ISDIR(w->path.dentry->inode->mode))
				return -ENOTDIR;
			return 0;
		}
	}
}

/*
 * walk_start sets where a walk begins: the cwd, or dfd's directory (the
 * root for an absolute name is set by walk_path).
 */
static int
walk_start(struct nameidata *w, int dfd)
{
	struct fs_struct *fs = current->fs;

	memset(w, 0, sizeof(*w));
	w->root = fs->root;
	if (dfd == AT_FDCWD) {
		w->path = fs->cwd;
	} else {
		struct file *f = fget(dfd);

		if (!f)
			return -EBADF;
		if (!S_ISDIR(f->inode->mode))
			return -ENOTDIR;
		w->path = f->path;
	}
	path_get(&w->path);
	return 0;
}

/* path_lookup walks the whole name (see include/kernel/fs.h). */
int
path_lookup(int dfd, const char *name, unsigned int flags, struct path *out)
{
	struct nameidata w;
	int err;

	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	err = walk_start(&w, dfd);
	if (err)
		return err;
	err = walk_path(&w, name, (flags & ~LOOKUP_PARENT) | WALK_TRAILING);
	if (err) {
		path_put(&w.path);
		return err;
	}
	*out = w.path;
	return 0;
}

int
path_parentat(int dfd, const char *name, struct nameidata *nd)
{
	int err;

	if (!*name)
		return -ENOENT;
	err = walk_start(nd, dfd);
	if (err)
		return err;
	err = walk_path(nd, name, LOOKUP_PARENT);
	if (err)
		path_put(&nd->path);
	return err;
}

int
nd_follow_link(struct nameidata *nd, struct dentry *d)
{
	char *body;
	int err;

	if (++nd->links > MAXSYMLINKS)
		return -ELOOP;
	err = may_follow_link(nd->path.dentry->inode, d->inode);
	if (!err)
		err = read_link(d, &body);
	if (err)
		return err;
	kfree(nd->link);
	nd->link = body;	/* nd->last will point into it */
	return walk_path(nd, body, LOOKUP_PARENT);
}

/* nd_release drops what a walk holds: its path and the last symlink's body. */
void
nd_release(struct nameidata *nd)
{
	path_put(&nd->path);
	kfree(nd->link);
	nd->link = NULL;
}

int
kern_path(const char *name, unsigned int flags, struct path *out)
{
	return path_lookup(AT_FDCWD, name, flags, out);
}
