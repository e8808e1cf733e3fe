// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening, reading and writing files, and the name operations (mknod,
 * mkdir, symlink, link, unlink, rmdir, rename) on top of namei.c and the
 * filesystems' inode_operations. Permission checks follow the classic Unix
 * rules; uid 0 passes them except for execute without any x bit.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/slab.h"

#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

int
inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = &current->cred;
	uint32_t mode = inode->mode, bits;

	if (c->fsuid == 0) {
		if ((mask & MAY_EXEC) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (c->fsuid == inode->uid)
		bits = mode >> 6;
	else if (c->fsgid == inode->gid)
		bits = mode >> 3;
	else
		bits = mode;
	return (bits & mask & 7) == (unsigned)(mask & 7) ? 0 : -EACCES;
}

static bool
mnt_readonly(const struct path *p)
{
	return p->mnt && (p->mnt->flags & MNT_RDONLY);
}

struct file *
open_path(const struct path *p, int flags)
{
	struct inode *inode = p->dentry->inode;
	const struct file_operations *fop = inode->i_fop;
	struct file *f;
	int acc = flags & O_ACCMODE, err;

	if (flags & O_PATH) {
		f = alloc_file(p, inode, flags & (O_PATH | O_ACCMODE | O_CLOEXEC | O_DIRECTORY), NULL);
		return f ? f : ERR_PTR(-ENOMEM);
	}
	if (S_ISLNK(inode->mode))
		return ERR_PTR(-ELOOP);
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return ERR_PTR(-ENOTDIR);
	if (S_ISDIR(inode->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return ERR_PTR(-EISDIR);
	if (acc != O_WRONLY && (err = inode_permission(inode, MAY_READ)))
		return ERR_PTR(err);
	if (acc != O_RDONLY || (flags & O_TRUNC)) {
		if ((err = inode_permission(inode, MAY_WRITE)))
			return ERR_PTR(err);
		if (mnt_readonly(p) && !S_ISCHR(inode->mode) && !S_ISBLK(inode->mode) &&
		    !S_ISFIFO(inode->mode) && !S_ISSOCK(inode->mode))
			return ERR_PTR(-EROFS);
	}
	f = alloc_file(p, inode, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC), fop);
	if (!f)
		return ERR_PTR(-ENOMEM);
	if (fop && fop->open) {
		err = fop->open(inode, f);
		if (err) {
			f->f_op = NULL;	/* no release for a failed open */
			file_put(f);
			return ERR_PTR(err);
		}
	}
	if ((flags & O_TRUNC) && S_ISREG(inode->mode) && inode->i_op && inode->i_op->truncate) {
		err = inode->i_op->truncate(inode, 0);
		if (err) {
			file_put(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

struct file *
do_open(int dfd, const char *name, int flags, uint32_t mode)
{
	struct path parent, p;
	const char *last;
	size_t len;
	struct dentry *d;
	struct file *f;
	int err;

	if (!(flags & O_CREAT)) {
		unsigned lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;

		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		err = path_lookup(dfd, name, lf, &p);
		if (err)
			return ERR_PTR(err);
		if ((flags & O_NOFOLLOW) && S_ISLNK(p.dentry->inode->mode) && !(flags & O_PATH)) {
			path_put(&p);
			return ERR_PTR(-ELOOP);
		}
		f = open_path(&p, flags);
		path_put(&p);
		return f;
	}
	err = path_parent(dfd, name, &parent, &last, &len);
	if (err)
		return ERR_PTR(err);
	if (last[0] == '.' && (len == 1 || (len == 2 && last[1] == '.'))) {
		path_put(&parent);
		return ERR_PTR(-EISDIR);
	}
	d = lookup_one(&parent, last, len);
	if (IS_ERR(d)) {
		path_put(&parent);
		return (struct file *)d;
	}
	if (d->inode) {
		struct path found = { parent.mnt, d };

		path_put(&parent);
		if (flags & O_EXCL) {
			d_put(d);
			return ERR_PTR(-EEXIST);
		}
		if (S_ISLNK(d->inode->mode) && !(flags & O_NOFOLLOW)) {
			d_put(d);
			return do_open(dfd, name, flags & ~O_CREAT, mode);
		}
		f = open_path(&found, flags);
		d_put(d);
		return f;
	}
	/* Create it. */
	{
		struct inode *dir = parent.dentry->inode, *inode = NULL;

		err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
		if (!err && mnt_readonly(&parent))
			err = -EROFS;
		if (!err && (!dir->i_op || !dir->i_op->create))
			err = -EACCES;
		if (!err)
			err = dir->i_op->create(dir, last, len,
						S_IFREG | (mode & 07777 & ~current->fs->umask), 0, &inode);
		if (err) {
			d_put(d);
			path_put(&parent);
			return ERR_PTR(err);
		}
		inode->uid = current->cred.fsuid;
		inode->gid = current->cred.fsgid;
		d_instantiate(d, inode);
		p.mnt = parent.mnt;
		p.dentry = d;
		/* A new file may be opened for writing even if its mode says no. */
		f = alloc_file(&p, inode, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC), inode->i_fop);
		if (f && inode->i_fop && inode->i_fop->open && (err = inode->i_fop->open(inode, f))) {
			f->f_op = NULL;
			file_put(f);
			f = ERR_PTR(err);
		}
		d_put(d);
		path_put(&parent);
		return f ? f : ERR_PTR(-ENOMEM);
	}
}

int64_t
vfs_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_PATH))
		return -EBADF;
	if (S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, len, pos);
}

int64_t
vfs_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, buf, len, pos);
}

int64_t
kernel_read(struct file *f, void *buf, size_t len, uint64_t off)
{
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, len, &off);
}

int64_t
generic_llseek(struct file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)f->inode->size;
		break;
	case SEEK_DATA:
		if ((uint64_t)off >= f->inode->size)
			return -ENXIO;
		base = 0;
		break;
	case SEEK_HOLE:
		if ((uint64_t)off >= f->inode->size)
			return -ENXIO;
		base = 0;
		off = (int64_t)f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	/* Past 2^63 - 1 or below 0 is EINVAL (Linux's 64-bit sum would wrap negative). */
	if (__builtin_add_overflow(base, off, &base) || base < 0)
		return -EINVAL;
	f->pos = (uint64_t)base;
	return (int64_t)f->pos;
}

int64_t
simple_read(void *to, size_t len, uint64_t *pos, const void *from, size_t avail)
{
	if (*pos >= avail)
		return 0;
	if (len > avail - *pos)
		len = avail - *pos;
	memcpy(to, (const char *)from + *pos, len);
	*pos += len;
	return (int64_t)len;
}

/* create_at looks up the parent of name and checks it may get a new entry. */
static int
create_at(int dfd, const char *name, struct path *parent, struct dentry **d)
{
	const char *last;
	size_t len;
	int err = path_parent(dfd, name, parent, &last, &len);

	if (err)
		return err;
	if (last[0] == '.' && (len == 1 || (len == 2 && last[1] == '.')))
		err = -EEXIST;
	if (!err && mnt_readonly(parent))
		err = -EROFS;
	if (!err)
		err = inode_permission(parent->dentry->inode, MAY_WRITE | MAY_EXEC);
	if (err) {
		path_put(parent);
		return err;
	}
	*d = lookup_one(parent, last, len);
	if (IS_ERR(*d)) {
		path_put(parent);
		return (int)PTR_ERR(*d);
	}
	if ((*d)->inode) {
		d_put(*d);
		path_put(parent);
		return -EEXIST;
	}
	return 0;
}

static void
created(struct dentry *d, struct inode *inode)
{
	inode->uid = current->cred.fsuid;
	inode->gid = current->cred.fsgid;
	d_instantiate(d, inode);
}

/* What create_node makes: a device/fifo/file node, a directory, or a symlink. */
struct node_spec {
	uint32_t mode;
	uint64_t rdev;
	const char *target;
};

/* create_node makes the new name at dfd/name with the directory's operation for spec. */
static int
create_node(int dfd, const char *name, const struct node_spec *spec)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir, *inode;
	uint32_t mode = (spec->mode & S_IFMT) | (spec->mode & 07777 & ~current->fs->umask);
	int err = create_at(dfd, name, &parent, &d);

	if (err)
		return err;
	dir = parent.dentry->inode;
	if (spec->target)
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d->name, d->len, spec->target, &inode) :
					   -EPERM;
	else if (S_ISDIR(spec->mode))
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d->name, d->len, mode, &inode) : -EPERM;
	else
		err = dir->i_op->create ? dir->i_op->create(dir, d->name, d->len, mode, spec->rdev, &inode) :
					  -EPERM;
	if (!err)
		created(d, inode);
	d_put(d);
	path_put(&parent);
	return err;
}

int
vfs_mknod(int dfd, const char *name, uint32_t mode, uint64_t rdev)
{
	struct node_spec spec = { .mode = mode, .rdev = rdev };

	return create_node(dfd, name, &spec);
}

int
vfs_mkdir(int dfd, const char *name, uint32_t mode)
{
	struct node_spec spec = { .mode = S_IFDIR | (mode & 07777) };

	return create_node(dfd, name, &spec);
}

int
vfs_symlink(const char *target, int dfd, const char *name)
{
	struct node_spec spec = { .mode = S_IFLNK | 0777, .target = target };

	return create_node(dfd, name, &spec);
}

int
vfs_link(int odfd, const char *oname, int ndfd, const char *nname, int flags)
{
	struct path old, parent;
	struct dentry *d;
	struct inode *dir;
	int err = path_lookup(odfd, oname, (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0, &old);

	if (err)
		return err;
	if (S_ISDIR(old.dentry->inode->mode)) {
		path_put(&old);
		return -EPERM;
	}
	err = create_at(ndfd, nname, &parent, &d);
	if (err) {
		path_put(&old);
		return err;
	}
	dir = parent.dentry->inode;
	if (parent.mnt != old.mnt)
		err = -EXDEV;
	else if (!dir->i_op->link)
		err = -EPERM;
	else
		err = dir->i_op->link(old.dentry->inode, dir, d->name, d->len);
	if (!err) {
		inode_get(old.dentry->inode);
		d_instantiate(d, old.dentry->inode);
	}
	d_put(d);
	path_put(&parent);
	path_put(&old);
	return err;
}

/* remove_at looks up an existing last component for unlink/rmdir. */
static int
remove_at(int dfd, const char *name, struct path *parent, struct dentry **d, bool dir)
{
	const char *last;
	size_t len;
	int err = path_parent(dfd, name, parent, &last, &len);

	if (err)
		return err;
	if (last[0] == '.' && len == 1)
		err = dir ? -EINVAL : -EISDIR;
	else if (last[0] == '.' && last[1] == '.' && len == 2)
		err = dir ? -ENOTEMPTY : -EISDIR;
	if (!err && mnt_readonly(parent))
		err = -EROFS;
	if (!err)
		err = inode_permission(parent->dentry->inode, MAY_WRITE | MAY_EXEC);
	if (!err) {
		*d = lookup_one(parent, last, len);
		if (IS_ERR(*d))
			err = (int)PTR_ERR(*d);
		else if (!(*d)->inode) {
			d_put(*d);
			err = -ENOENT;
		}
	}
	if (err)
		path_put(parent);
	return err;
}

/* remove_name unlinks a file (dir false) or removes an empty directory (dir true). */
static int
remove_name(int dfd, const char *name, bool dir)
{
	struct path parent;
	struct dentry *d;
	struct inode *pdir;
	int err = remove_at(dfd, name, &parent, &d, dir);

	if (err)
		return err;
	pdir = parent.dentry->inode;
	if (!dir && S_ISDIR(d->inode->mode))
		err = -EISDIR;
	else if (dir && !S_ISDIR(d->inode->mode))
		err = -ENOTDIR;
	else if (d->mounted)
		err = -EBUSY;
	else if (!(dir ? pdir->i_op->rmdir : pdir->i_op->unlink))
		err = -EPERM;
	else if (dir)
		err = pdir->i_op->rmdir(pdir, d->name, d->len, d->inode);
	else
		err = pdir->i_op->unlink(pdir, d->name, d->len, d->inode);
	if (!err)
		d_drop(d);
	d_put(d);
	path_put(&parent);
	return err;
}

int
vfs_unlink(int dfd, const char *name)
{
	return remove_name(dfd, name, false);
}

int
vfs_rmdir(int dfd, const char *name)
{
	return remove_name(dfd, name, true);
}

int
vfs_rename(int odfd, const char *oname, int ndfd, const char *nname)
{
	struct path op, np;
	struct dentry *od, *nd;
	const char *nlast;
	size_t nlen;
	int err = remove_at(odfd, oname, &op, &od, false);

	if (err)
		return err;
	err = path_parent(ndfd, nname, &np, &nlast, &nlen);
	if (err)
		goto out_old;
	if (np.mnt != op.mnt) {
		err = -EXDEV;
		goto out_new;
	}
	nd = lookup_one(&np, nlast, nlen);
	if (IS_ERR(nd)) {
		err = (int)PTR_ERR(nd);
		goto out_new;
	}
	if (nd == od) {
		err = 0;
	} else if (!op.dentry->inode->i_op->rename) {
		err = -EPERM;
	} else if (nd->inode && S_ISDIR(nd->inode->mode) != S_ISDIR(od->inode->mode)) {
		err = S_ISDIR(nd->inode->mode) ? -EISDIR : -ENOTDIR;
	} else {
		err = op.dentry->inode->i_op->rename(op.dentry->inode, od->name, od->len,
						     np.dentry->inode, nd->name, nd->len);
		if (!err) {
			/* The new name now means the old inode; the old name is gone. */
			inode_get(od->inode);
			d_instantiate(nd, od->inode);
			d_drop(od);
			if (S_ISDIR(nd->inode->mode)) {
				/* Children of the moved directory stay cached under od; drop the new one's. */
				d_drop(nd);
			}
		}
	}
	d_put(nd);
out_new:
	path_put(&np);
out_old:
	d_put(od);
	path_put(&op);
	return err;
}
