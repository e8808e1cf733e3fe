// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening files, and the name operations (mknod, mkdir, symlink, link,
 * unlink, rmdir, rename) on top of namei.c and the filesystems'
 * inode_operations. Permission checks follow the classic Unix
 * rules; uid 0 passes them except for execute without any x bit.
 *
 * When several errors apply, programs see the one Linux reports first, and
 * they depend on it: mkdir("/tmp") on a read-only root is EEXIST, not
 * EROFS, so `mkdir -p /tmp/x` works. The order, per call, is the walk's
 * errors (ENOENT, ENOTDIR, EACCES, ELOOP), then what the last name is
 * ("." and "..": EEXIST, EISDIR, EBUSY, ... depending on the call), the
 * lookup (ENAMETOOLONG), whether it exists, a trailing slash, and only then
 * a read-only filesystem, permissions on the directory, and what the
 * filesystem can do. tests/boot/progs/errorder.c checks each call against
 * the host kernel.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/slab.h"

/* capable: umk has no capabilities, only root (euid 0), which has them all. */
static bool
capable(void)
{
	return current->cred.euid == 0;
}

/*
 * inode_permission is the classic owner/group/other check with the
 * filesystem ids (fsuid, fsgid; no supplementary groups yet). Root passes
 * everything but execute of a file with no execute bit at all.
 */
int
inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = &current->cred;
	uint32_t mode = inode->mode, bits;

	/* Writing to a read-only filesystem fails whoever asks (devices and FIFOs excepted). */
	if ((mask & MAY_WRITE) && inode->sb && (inode->sb->flags & SB_RDONLY) &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	if (inode->i_op && inode->i_op->permission)
		return inode->i_op->permission(inode, mask);
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

/* mnt_readonly: either the mount or the filesystem under it may be read-only. */
bool
mnt_readonly(const struct path *p)
{
	return p->mnt && ((p->mnt->flags & MNT_RDONLY) ||
			  (p->mnt->sb && (p->mnt->sb->flags & SB_RDONLY)));
}

/* special_file: nodes whose writes go to a device or pipe, not the filesystem. */
static bool
special_file(uint32_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/*
 * open_path opens what a walk found, checking in Linux's order (see the
 * top). The file operations are the inode's; a device node's open
 * switches them to the driver's. A failed open calls no release.
 */
struct file *
open_path(const struct path *p, int flags)
{
	struct inode *inode = p->dentry->inode;
	const struct file_operations *fop = inode->i_fop;
	struct file *f;
	int acc = flags & O_ACCMODE, mask = 0, err;

	if (flags & O_PATH) {
		return alloc_file(p, inode, flags & (O_PATH | O_ACCMODE | O_CLOEXEC | O_DIRECTORY), NULL);
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return ERR_PTR(-ENOTDIR);
	/* Truncating needs a writable mount before any permission is asked. */
	if (S_ISREG(inode->mode) && (flags & O_TRUNC) && mnt_readonly(p))
		return ERR_PTR(-EROFS);
	if (acc != O_WRONLY)
		mask |= MAY_READ;
	if (acc != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	if (S_ISLNK(inode->mode))
		return ERR_PTR(-ELOOP);
	if (S_ISDIR(inode->mode) && (mask & MAY_WRITE))
		return ERR_PTR(-EISDIR);
	err = inode_permission(inode, mask);
	if (err)
		return ERR_PTR(err);
	if ((mask & MAY_WRITE) && mnt_readonly(p) && !special_file(inode->mode))
		return ERR_PTR(-EROFS);
	f = alloc_file(p, inode, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC), fop);
	if (IS_ERR(f))
		return f;
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

/* may_create checks that dir may get a new name (after the read-only check). */
static int
may_create(struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/*
 * may_create_in_sticky is fs.protected_fifos and fs.protected_regular: an
 * O_CREAT open of someone else's existing FIFO or file in a sticky
 * world-writable directory (or group-writable, at level 2) is refused,
 * even to root, unless the directory's owner owns it too. Other kinds of
 * file (a symlink opened with O_NOFOLLOW, a device) are refused there
 * whatever the sysctls say, as Linux does.
 */
static int
may_create_in_sticky(const struct inode *dir, const struct inode *inode)
{
	int level = S_ISFIFO(inode->mode) ? sysctl_protected_fifos :
		    S_ISREG(inode->mode) ? sysctl_protected_regular : 2;

	if (!(dir->mode & S_ISVTX) || !level || inode->uid == dir->uid ||
	    inode->uid == current->cred.fsuid)
		return 0;
	if ((dir->mode & 0002) ||
	    ((dir->mode & 0020) && level >= 2 && (S_ISFIFO(inode->mode) || S_ISREG(inode->mode))))
		return -EACCES;
	return 0;
}

/* open_created opens the file just made at d: no permission check on a new file. */
static struct file *
open_created(const struct path *parent, struct dentry *d, int flags)
{
	struct path p = { parent->mnt, d };
	struct inode *inode = d->inode;
	struct file *f = alloc_file(&p, inode, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC),
				    inode->i_fop);
	int err;

	if (IS_ERR(f))
		return f;
	if (inode->i_fop && inode->i_fop->open && (err = inode->i_fop->open(inode, f))) {
		f->f_op = NULL;
		file_put(f);
		return ERR_PTR(err);
	}
	return f;
}

/*
 * created gives a new inode its owner (the creator's fs ids) and its
 * name; a filesystem that stores the owner itself (SB_OWNER) gave it
 * already, by inode_init_owner.
 */
static void
created(struct dentry *d, struct inode *inode)
{
	if (!inode->sb || !(inode->sb->flags & SB_OWNER)) {
		inode->uid = current->cred.fsuid;
		inode->gid = current->cred.fsgid;
	}
	d_instantiate(d, inode);
}

/* open_create_last opens (or makes) nd's last component for an O_CREAT open. */
static struct file *
open_create_last(struct nameidata *nd, struct dentry *d, int flags, uint32_t mode)
{
	struct inode *dir = nd->path.dentry->inode, *inode = NULL;
	struct path found = { nd->path.mnt, d };
	int err;

	if (d->inode) {
		if (flags & O_EXCL)
			return ERR_PTR(-EEXIST);
		if (S_ISDIR(d->inode->mode))
			return ERR_PTR(-EISDIR);
		err = may_create_in_sticky(dir, d->inode);
		if (err)
			return ERR_PTR(err);
		return open_path(&found, flags);
	}
	err = mnt_readonly(&nd->path) ? -EROFS : may_create(dir);
	if (!err && (!dir->i_op || !dir->i_op->create))
		err = -EACCES;
	if (!err)
		err = dir->i_op->create(dir, nd->last, nd->len,
					S_IFREG | (mode & 07777 & ~current->fs->umask), 0, &inode);
	if (err)
		return ERR_PTR(err);
	created(d, inode);
	return open_created(&nd->path, d, flags);
}

/*
 * open_create is open(O_CREAT): a trailing symlink is followed (to make
 * its target) unless O_EXCL or O_NOFOLLOW says not to.
 */
static struct file *
open_create(int dfd, const char *name, int flags, uint32_t mode)
{
	bool follow = !(flags & (O_EXCL | O_NOFOLLOW));
	struct nameidata nd;
	struct file *f;
	int err = path_parentat(dfd, name, &nd);

	if (err)
		return ERR_PTR(err);
	for (;;) {
		struct dentry *d;

		if (nd.type != LAST_NORM) {
			f = ERR_PTR((flags & O_EXCL) ? -EEXIST : -EISDIR);
			break;
		}
		if (nd.slash) {
			f = ERR_PTR(-EISDIR);
			break;
		}
		d = lookup_one(&nd.path, nd.last, nd.len);
		if (IS_ERR(d)) {
			f = (struct file *)d;
			break;
		}
		if (d->inode && S_ISLNK(d->inode->mode) && follow) {
			err = nd_follow_link(&nd, d);
			d_put(d);
			if (err) {
				f = ERR_PTR(err);
				break;
			}
			continue;
		}
		f = open_create_last(&nd, d, flags, mode);
		d_put(d);
		break;
	}
	nd_release(&nd);
	return f;
}

/*
 * do_open is openat(2) in kernel terms: O_CREAT goes the create path, the
 * rest look the name up (not following a final symlink with O_NOFOLLOW).
 */
struct file *
do_open(int dfd, const char *name, int flags, uint32_t mode)
{
	unsigned lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct path p;
	struct file *f;
	int err;

	if (flags & O_CREAT)
		return open_create(dfd, name, flags, mode);
	if (flags & O_DIRECTORY)
		lf |= LOOKUP_DIRECTORY;
	err = path_lookup(dfd, name, lf, &p);
	if (err)
		return ERR_PTR(err);
	f = open_path(&p, flags);
	path_put(&p);
	return f;
}

/*
 * filename_create finds the directory and the (negative) dentry for a
 * name about to be made. want_dir: mkdir, which alone accepts a trailing
 * slash on a new name.
 */
static int
filename_create(int dfd, const char *name, bool want_dir, struct path *parent,
		struct dentry **out)
{
	struct nameidata nd;
	struct dentry *d;
	int err = path_parentat(dfd, name, &nd);

	if (err)
		return err;
	if (nd.type != LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	d = lookup_one(&nd.path, nd.last, nd.len);
	if (IS_ERR(d)) {
		err = (int)PTR_ERR(d);
		goto out;
	}
	if (d->inode)
		err = -EEXIST;
	else if (nd.slash && !want_dir)
		err = -ENOENT;
	else if (mnt_readonly(&nd.path))
		err = -EROFS;
	if (err) {
		d_put(d);
		goto out;
	}
	*parent = nd.path;
	path_get(parent);
	*out = d;
out:
	nd_release(&nd);
	return err;
}

/* What create_node makes: a device/fifo/file node, a directory, or a symlink. */
struct node_spec {
	uint32_t mode;
	uint64_t rdev;
	const char *target;
};

/* make_node asks the filesystem for the node spec describes. */
static int
make_node(struct inode *dir, struct dentry *d, const struct node_spec *spec,
	  struct inode **inode)
{
	uint32_t mode = (spec->mode & S_IFMT) | (spec->mode & 07777 & ~current->fs->umask);

	if (spec->target)
		return dir->i_op->symlink ? dir->i_op->symlink(dir, d->name, d->len, spec->target, inode) :
					    -EPERM;
	if (S_ISDIR(mode))
		return dir->i_op->mkdir ? dir->i_op->mkdir(dir, d->name, d->len, mode, inode) : -EPERM;
	if (!dir->i_op->create)
		return S_ISREG(mode) ? -EACCES : -EPERM;
	return dir->i_op->create(dir, d->name, d->len, mode, spec->rdev, inode);
}

/* create_node makes the new name at dfd/name with the directory's operation for spec. */
static int
create_node(int dfd, const char *name, const struct node_spec *spec)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir, *inode;
	int err = filename_create(dfd, name, S_ISDIR(spec->mode) && !spec->target, &parent, &d);

	if (err)
		return err;
	dir = parent.dentry->inode;
	err = may_create(dir);
	if (!err && (S_ISCHR(spec->mode) || S_ISBLK(spec->mode)) && !capable())
		err = -EPERM;
	if (!err)
		err = make_node(dir, d, spec, &inode);
	if (!err)
		created(d, inode);
	d_put(d);
	path_put(&parent);
	return err;
}

/* vfs_mknod makes a device, FIFO, socket or regular file node (mknod(2)). */
int
vfs_mknod(int dfd, const char *name, uint32_t mode, uint64_t rdev)
{
	struct node_spec spec = { .mode = mode, .rdev = rdev };

	switch (mode & S_IFMT) {
	case 0:
		spec.mode |= S_IFREG;
		break;
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	return create_node(dfd, name, &spec);
}

/* vfs_mkdir makes a directory. */
int
vfs_mkdir(int dfd, const char *name, uint32_t mode)
{
	struct node_spec spec = { .mode = S_IFDIR | (mode & 07777) };

	return create_node(dfd, name, &spec);
}

/* vfs_symlink makes a symlink holding target as given (not checked). */
int
vfs_symlink(const char *target, int dfd, const char *name)
{
	struct node_spec spec = { .mode = S_IFLNK | 0777, .target = target };

	if (!*target)
		return -ENOENT;
	return create_node(dfd, name, &spec);
}

/*
 * may_linkat is fs.protected_hardlinks: only the owner (or root) may link a
 * file that is not a regular, non-setuid file the caller could read and write.
 */
static int
may_linkat(struct inode *inode)
{
	uint32_t mode = inode->mode;

	if (!sysctl_protected_hardlinks || capable() || current->cred.fsuid == inode->uid)
		return 0;
	if (S_ISREG(mode) && !(mode & S_ISUID) && (mode & (S_ISGID | 0010)) != (S_ISGID | 0010) &&
	    !inode_permission(inode, MAY_READ | MAY_WRITE))
		return 0;
	return -EPERM;
}

/*
 * vfs_link gives an existing inode a second name: same filesystem only
 * (EXDEV), never a directory, and fs.protected_hardlinks applies.
 */
int
vfs_link(int odfd, const char *oname, int ndfd, const char *nname, int flags)
{
	struct path old, parent;
	struct dentry *d;
	struct inode *dir, *inode;
	int err = path_lookup(odfd, oname, (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0, &old);

	if (err)
		return err;
	err = filename_create(ndfd, nname, false, &parent, &d);
	if (err) {
		path_put(&old);
		return err;
	}
	dir = parent.dentry->inode;
	inode = old.dentry->inode;
	if (parent.mnt != old.mnt)
		err = -EXDEV;
	if (!err)
		err = may_linkat(inode);
	if (!err)
		err = may_create(dir);
	if (!err && (!dir->i_op->link || S_ISDIR(inode->mode)))
		err = -EPERM;
	if (!err && inode->nlink == 0)
		err = -ENOENT;
	if (!err)
		err = dir->i_op->link(inode, dir, d->name, d->len);
	if (!err) {
		inode_get(inode);
		d_instantiate(d, inode);
	}
	d_put(d);
	path_put(&parent);
	path_put(&old);
	return err;
}

/* check_sticky: in a sticky directory only the owner of a name or of the directory may remove it. */
static bool
check_sticky(const struct inode *dir, const struct inode *inode)
{
	uint32_t uid = current->cred.fsuid;

	return (dir->mode & S_ISVTX) && inode->uid != uid && dir->uid != uid && !capable();
}

/* may_delete checks that victim may go from dir (unlink, rmdir, rename's both ends). */
static int
may_delete(struct inode *dir, struct dentry *victim, bool isdir)
{
	int err;

	if (!victim->inode)
		return -ENOENT;
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if (check_sticky(dir, victim->inode))
		return -EPERM;
	if (isdir && !S_ISDIR(victim->inode->mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(victim->inode->mode))
		return -EISDIR;
	return 0;
}

/*
 * remove_at finds the victim of unlink (dir false) or rmdir: the errors for
 * ".", ".." and "/", a read-only filesystem, then the lookup.
 */
static int
remove_at(int dfd, const char *name, struct path *parent, struct dentry **d, bool dir)
{
	struct nameidata nd;
	int err = path_parentat(dfd, name, &nd);

	if (err)
		return err;
	if (nd.type != LAST_NORM)
		err = !dir ? -EISDIR : nd.type == LAST_DOTDOT ? -ENOTEMPTY :
		      nd.type == LAST_DOT ? -EINVAL : -EBUSY;
	else if (mnt_readonly(&nd.path))
		err = -EROFS;
	if (!err) {
		*d = lookup_one(&nd.path, nd.last, nd.len);
		if (IS_ERR(*d))
			err = (int)PTR_ERR(*d);
		else if (!(*d)->inode || (!dir && nd.slash))
			err = !(*d)->inode ? -ENOENT : S_ISDIR((*d)->inode->mode) ? -EISDIR : -ENOTDIR;
		if (err && !IS_ERR(*d))
			d_put(*d);
	}
	if (!err) {
		*parent = nd.path;
		path_get(parent);
	}
	nd_release(&nd);
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
	err = may_delete(pdir, d, dir);
	if (!err && !(dir ? pdir->i_op->rmdir : pdir->i_op->unlink))
		err = -EPERM;
	if (!err && d->mounted)
		err = -EBUSY;
	if (!err && dir)
		err = pdir->i_op->rmdir(pdir, d->name, d->len, d->inode);
	else if (!err)
		err = pdir->i_op->unlink(pdir, d->name, d->len, d->inode);
	if (!err && dir)
		d_prune(d);	/* the names it cached as absent go with it */
	if (!err)
		d_drop(d);
	d_put(d);
	path_put(&parent);
	return err;
}

/* vfs_unlink and vfs_rmdir remove a name; the inode goes with its last name and user. */
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

/* is_ancestor tells whether a is d or one of d's parents (same filesystem). */
static bool
is_ancestor(const struct dentry *a, const struct dentry *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

/*
 * rename_check is what Linux checks once both names are looked up: the
 * moved directory must not be an ancestor of its new place (EINVAL), the
 * target not an ancestor of the source (ENOTEMPTY), then both ends'
 * permissions and types, a directory's ".." to rewrite, mount points.
 */
static int
rename_check(struct nameidata *o, struct dentry *od, struct nameidata *n, struct dentry *nd,
	     unsigned int flags)
{
	struct inode *odir = o->path.dentry->inode, *ndir = n->path.dentry->inode;
	bool is_dir = S_ISDIR(od->inode->mode);
	bool exchange = flags & RENAME_EXCHANGE;
	int err;

	if (o->path.dentry != n->path.dentry) {
		if (is_ancestor(od, n->path.dentry))
			return -EINVAL;
		if (is_ancestor(nd, o->path.dentry))
			return exchange ? -EINVAL : -ENOTEMPTY;
	}
	if (od->inode == nd->inode)
		return 1;	/* the same file: nothing to do */
	err = may_delete(odir, od, is_dir);
	if (!err && exchange)
		err = may_delete(ndir, nd, S_ISDIR(nd->inode->mode));
	else if (!err)
		err = nd->inode ? may_delete(ndir, nd, is_dir) : may_create(ndir);
	if (!err && !odir->i_op->rename && !odir->i_op->rename2)
		err = -EPERM;
	if (!err && exchange && !odir->i_op->rename2)
		err = -EINVAL;
	if (!err && odir != ndir && is_dir)
		err = inode_permission(od->inode, MAY_WRITE);
	if (!err && odir != ndir && exchange && S_ISDIR(nd->inode->mode))
		err = inode_permission(nd->inode, MAY_WRITE);
	if (!err && (od->mounted || nd->mounted))
		err = -EBUSY;
	return err;
}

/*
 * rename_names renames once both parents are walked: the filesystem moves
 * the entry, then the name cache is made to agree (see below). Two names
 * of the same inode are left alone (rename_check's 1), which is success,
 * as POSIX says.
 */
static int
rename_names(struct nameidata *o, struct nameidata *n, unsigned int flags)
{
	struct dentry *od, *nd;
	int err;

	od = lookup_one(&o->path, o->last, o->len);
	if (IS_ERR(od))
		return (int)PTR_ERR(od);
	if (!od->inode) {
		d_put(od);
		return -ENOENT;
	}
	nd = lookup_one(&n->path, n->last, n->len);
	if (IS_ERR(nd)) {
		d_put(od);
		return (int)PTR_ERR(nd);
	}
	if ((flags & RENAME_NOREPLACE) && nd->inode)
		err = -EEXIST;
	else if ((flags & RENAME_EXCHANGE) && !nd->inode)
		err = -ENOENT;
	else if ((flags & RENAME_EXCHANGE) && !S_ISDIR(nd->inode->mode) && (o->slash || n->slash))
		err = -ENOTDIR;
	else if (!S_ISDIR(od->inode->mode) && (o->slash || n->slash))
		err = -ENOTDIR;
	else
		err = rename_check(o, od, n, nd, flags);
	if (!err) {
		struct inode *odir = o->path.dentry->inode, *ndir = n->path.dentry->inode;

		if (odir->i_op->rename2)
			err = odir->i_op->rename2(odir, od->name, od->len, ndir, nd->name, nd->len,
						  flags);
		else
			err = odir->i_op->rename(odir, od->name, od->len, ndir, nd->name, nd->len);
		if (!err && (flags & RENAME_EXCHANGE)) {
			/* The two names swap inodes; directories' cached names go. */
			struct inode *a = od->inode, *b = nd->inode;

			if (S_ISDIR(a->mode))
				d_prune(od);
			if (S_ISDIR(b->mode))
				d_prune(nd);
			od->inode = b;
			nd->inode = a;
			if (S_ISDIR(a->mode) || S_ISDIR(b->mode)) {
				d_drop(od);
				d_drop(nd);
			}
		} else if (!err) {
			/*
			 * The new name now means the old inode; the old name is
			 * gone. A directory replaced at the new name leaves with
			 * what it cached (names cached as absent), a moved
			 * directory's cached names are dropped with od (they are
			 * looked up afresh under the new name), and the new
			 * name's dentry is not kept for a directory.
			 */
			if (nd->inode && S_ISDIR(nd->inode->mode))
				d_prune(nd);
			if (S_ISDIR(od->inode->mode))
				d_prune(od);
			inode_get(od->inode);
			d_instantiate(nd, od->inode);
			d_drop(od);
			if (S_ISDIR(nd->inode->mode))
				d_drop(nd);
		}
	}
	d_put(nd);
	d_put(od);
	return err > 0 ? 0 : err;
}

/*
 * vfs_rename is renameat2(2) with RENAME_NOREPLACE and RENAME_EXCHANGE
 * (the latter where the filesystem has rename2; RENAME_WHITEOUT is
 * refused by the system call).
 */
int
vfs_rename(int odfd, const char *oname, int ndfd, const char *nname, unsigned int flags)
{
	struct nameidata o, n;
	int err = path_parentat(odfd, oname, &o);

	if (err)
		return err;
	err = path_parentat(ndfd, nname, &n);
	if (err) {
		nd_release(&o);
		return err;
	}
	if (o.path.mnt != n.path.mnt)
		err = -EXDEV;
	else if (o.type != LAST_NORM)
		err = -EBUSY;
	else if (n.type != LAST_NORM)
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	else if (mnt_readonly(&o.path))
		err = -EROFS;
	else
		err = rename_names(&o, &n, flags);
	nd_release(&n);
	nd_release(&o);
	return err;
}
