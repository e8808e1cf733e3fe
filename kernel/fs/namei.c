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

struct walk {
	struct path cur;
	int links;		/* symlinks followed so far */
	struct path root;
};

static int walk_path(struct walk *w, const char *name, unsigned int flags,
		     const char **last, size_t *lastlen);

struct dentry *
lookup_one(struct path *dir, const char *name, size_t len)
{
	struct dentry *parent = dir->dentry, *d;
	struct inode *inode = NULL;
	int err;

	bool nocache = parent->sb && (parent->sb->flags & SB_NOCACHE);

	d = nocache ? NULL : d_lookup(parent, name, len);
	if (d)
		return d_get(d);
	if (!parent->inode || !parent->inode->i_op || !parent->inode->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	err = parent->inode->i_op->lookup(parent->inode, name, len, &inode);
	if (err && err != -ENOENT)
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

/* step_into moves w->cur to d (taking over the reference), crossing mounts. */
static void
step_into(struct walk *w, struct dentry *d)
{
	struct mount *m;

	path_put(&w->cur);
	w->cur.dentry = d;
	while (d->mounted && (m = lookup_mnt(w->cur.mnt, d))) {
		w->cur.mnt = m;
		d = d_get(m->root);
		d_put(w->cur.dentry);
		w->cur.dentry = d;
	}
}

static void
step_dotdot(struct walk *w)
{
	for (;;) {
		if (w->cur.dentry == w->root.dentry && w->cur.mnt == w->root.mnt)
			return;
		if (w->cur.dentry != w->cur.mnt->root)
			break;
		if (w->cur.mnt->parent == w->cur.mnt)
			return;	/* the root mount's root */
		/* Go down to the mount point in the parent mount. */
		d_put(w->cur.dentry);
		w->cur.dentry = d_get(w->cur.mnt->mountpoint);
		w->cur.mnt = w->cur.mnt->parent;
	}
	{
		struct dentry *p = d_get(w->cur.dentry->parent);

		d_put(w->cur.dentry);
		w->cur.dentry = p;
	}
}

/* follow_link walks the target of the symlink at d from w->cur (its directory). */
static int
follow_link(struct walk *w, struct dentry *d)
{
	char *buf;
	int n, err;
	const char *last;
	size_t lastlen;

	if (++w->links > MAXSYMLINKS)
		return -ELOOP;
	if (!d->inode->i_op || !d->inode->i_op->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = d->inode->i_op->readlink(d->inode, buf, PATH_MAX - 1);
	if (n < 0) {
		kfree(buf);
		return n;
	}
	buf[n] = '\0';
	if (n == 0) {
		kfree(buf);
		return -ENOENT;
	}
	err = walk_path(w, buf, LOOKUP_FOLLOW, &last, &lastlen);
	kfree(buf);
	return err;
}

/*
 * walk_path walks name from w->cur. With LOOKUP_PARENT it stops before the
 * last component and returns it in *last (pointing into name).
 */
static int
walk_path(struct walk *w, const char *name, unsigned int flags, const char **last,
	  size_t *lastlen)
{
	const char *p = name;
	int err;

	if (*p == '/') {
		path_put(&w->cur);
		w->cur = w->root;
		path_get(&w->cur);
		while (*p == '/')
			p++;
	}
	for (;;) {
		const char *c = p;
		size_t len;
		bool final, trailing;
		struct dentry *d;

		while (*p && *p != '/')
			p++;
		len = p - c;
		trailing = *p == '/';
		while (*p == '/')
			p++;
		final = !*p;
		if (len == 0) {	/* empty path or just "/" */
			if (flags & LOOKUP_PARENT) {
				*last = ".";
				*lastlen = 1;
			}
			return 0;
		}
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(w->cur.dentry->inode->mode))
			return -ENOTDIR;
		if (final && (flags & LOOKUP_PARENT)) {
			*last = c;
			*lastlen = len;
			return 0;
		}
		if (len == 1 && c[0] == '.') {
			if (final)
				return 0;
			continue;
		}
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			step_dotdot(w);
			if (final)
				return 0;
			continue;
		}
		d = lookup_one(&w->cur, c, len);
		if (IS_ERR(d))
			return (int)PTR_ERR(d);
		if (!d->inode) {
			d_put(d);
			return -ENOENT;
		}
		if (S_ISLNK(d->inode->mode) && (!final || trailing || (flags & LOOKUP_FOLLOW))) {
			err = follow_link(w, d);
			d_put(d);
			if (err)
				return err;
		} else {
			step_into(w, d);
		}
		if (final) {
			if ((trailing || (flags & LOOKUP_DIRECTORY)) &&
			    !S_ISDIR(w->cur.dentry->inode->mode))
				return -ENOTDIR;
			return 0;
		}
	}
}

static int
walk_start(struct walk *w, int dfd)
{
	struct fs_struct *fs = current->fs;

	w->links = 0;
	w->root = fs->root;
	if (dfd == AT_FDCWD) {
		w->cur = fs->cwd;
	} else {
		struct file *f = fget(dfd);

		if (!f)
			return -EBADF;
		w->cur = f->path;
		if (!S_ISDIR(f->inode->mode))
			return -ENOTDIR;
	}
	path_get(&w->cur);
	return 0;
}

int
path_lookup(int dfd, const char *name, unsigned int flags, struct path *out)
{
	struct walk w;
	int err;

	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	err = walk_start(&w, dfd);
	if (err)
		return err;
	err = walk_path(&w, name, flags & ~LOOKUP_PARENT, NULL, NULL);
	if (err) {
		path_put(&w.cur);
		return err;
	}
	*out = w.cur;
	return 0;
}

int
path_parent(int dfd, const char *name, struct path *parent, const char **last,
	    size_t *lastlen)
{
	struct walk w;
	int err;

	if (!*name)
		return -ENOENT;
	err = walk_start(&w, dfd);
	if (err)
		return err;
	err = walk_path(&w, name, LOOKUP_PARENT, last, lastlen);
	if (err) {
		path_put(&w.cur);
		return err;
	}
	*parent = w.cur;
	return 0;
}

int
kern_path(const char *name, unsigned int flags, struct path *out)
{
	return path_lookup(AT_FDCWD, name, flags, out);
}
