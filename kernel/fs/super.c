// SPDX-License-Identifier: GPL-2.0-only
/*
 * Filesystem types, superblocks and the mount tree. A mount puts the root
 * dentry of a superblock over a directory dentry of its parent mount; path
 * walking (namei.c) crosses mount points through lookup_mnt().
 *
 * There is one mount namespace: mount_list holds every mount, the root
 * mount its own parent. A mount holds a reference to the dentry it covers
 * (and counts itself in dentry->mounted, which keeps the name cache from
 * pruning it) and one to its superblock's root. Unmounting takes the
 * mount off the list but never frees it: an open file or a cwd may still
 * point into it, and nothing counts those references.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/printk.h"
#include "kernel/slab.h"

static LIST_HEAD(fs_types);
LIST_HEAD(mount_list);
struct mount *root_mount;
static int next_mnt_id = 20;
int sysctl_mount_max = 100000;	/* fs.mount-max */

static int
nr_mounts(void)
{
	struct mount *m;
	int n = 0;

	list_for_each_entry(m, &mount_list, node)
		n++;
	return n;
}
/* Device numbers 0:n for filesystems with no disk (st_dev must tell them apart). */
static uint32_t next_anon_dev = 1;

void
register_filesystem(struct fs_type *type)
{
	list_add_tail(&type->node, &fs_types);
}

struct fs_type *
get_fs_type(const char *name)
{
	struct fs_type *t;

	list_for_each_entry(t, &fs_types, node)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

size_t
filesystems_show(char *buf, size_t size)
{
	struct fs_type *t;
	size_t n = 0;

	list_for_each_entry(t, &fs_types, node)
		n += kscnprintf(buf + n, size - n, "%s\t%s\n",
				t->requires_dev ? "" : "nodev", t->name);
	return n;
}

struct super_block *
alloc_super(const struct fs_type *type)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->type = type;
	sb->dev = MKDEV(0, next_anon_dev++);
	sb->blocksize = 4096;
	list_init(&sb->inodes);
	list_init(&sb->dirty_inodes);
	return sb;
}

struct mount *
lookup_mnt(struct mount *parent, struct dentry *d)
{
	struct mount *m, *found = NULL;

	/* The most recent mount on a directory hides earlier ones. */
	list_for_each_entry(m, &mount_list, node)
		if (m->parent == parent && m->mountpoint == d)
			found = m;
	return found;
}

/*
 * do_mount mounts a new superblock of type on target (NULL: as the root,
 * at boot). fs.mount-max bounds the mounts as on Linux. The filesystem's
 * mount may hand out a superblock it already has (procfs, sysfs, devpts
 * are one instance each), so one superblock may sit under many mounts.
 */
int
do_mount(const char *dev, const struct path *target, const char *type,
	 unsigned long flags, const char *data)
{
	struct fs_type *fst = get_fs_type(type);
	struct super_block *sb;
	struct mount *m;
	int err;

	if (!fst)
		return -ENODEV;
	if (target && !S_ISDIR(target->dentry->inode->mode))
		return -ENOTDIR;
	if (nr_mounts() >= sysctl_mount_max)
		return -ENOSPC;
	err = fst->mount(dev, (unsigned int)flags, data, &sb);
	if (err)
		return err;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->sb = sb;
	m->root = d_get(sb->root);
	m->flags = (flags & MS_RDONLY) || (sb->flags & SB_RDONLY) ? MNT_RDONLY : 0;
	m->devname = kmalloc(strlen(dev ? dev : "none") + 1);
	if (m->devname)
		strcpy(m->devname, dev ? dev : "none");
	m->id = next_mnt_id++;
	if (target) {
		m->parent = target->mnt;
		m->mountpoint = d_get(target->dentry);
		target->dentry->mounted++;
	} else {
		m->parent = m;
		m->mountpoint = m->root;
		root_mount = m;
	}
	list_add_tail(&m->node, &mount_list);
	return 0;
}

/*
 * mount_busy: a task uses m through an open file, a mapped file, its cwd
 * or its root (the caller's own path to the mount point aside, which
 * points at the parent mount).
 */
static bool
mount_busy(const struct mount *m)
{
	struct task *t;

	for_each_task(t) {
		if (t->fs && (t->fs->cwd.mnt == m || t->fs->root.mnt == m))
			return true;
		if (t->files) {
			for (int fd = 0; fd < t->files->max; fd++) {
				struct file *f = t->files->fd[fd];

				if (f && f->path.mnt == m)
					return true;
			}
		}
		if (t->mm) {
			struct vma *v;

			list_for_each_entry(v, &t->mm->vmas, node)
				if (v->file && v->file->path.mnt == m)
					return true;
		}
	}
	return false;
}

/*
 * do_umount: only a mount's root, not the root mount, not while something
 * is mounted below it or a task uses it (EBUSY, unless MNT_DETACH: then
 * it goes from the tree at once and its users keep what they hold).
 */
int
do_umount(const struct path *target, int flags)
{
	struct mount *m = target->mnt, *c;

	if (target->dentry != m->root)
		return -EINVAL;
	if (m == root_mount)
		return -EBUSY;
	list_for_each_entry(c, &mount_list, node)
		if (c->parent == m && c != m)
			return -EBUSY;
	if (!(flags & MNT_DETACH) && mount_busy(m))
		return -EBUSY;
	list_del(&m->node);
	m->mountpoint->mounted--;
	d_put(m->mountpoint);
	if (m->sb->put_super)
		m->sb->put_super(m->sb);
	/* The mount stays allocated: open files may still point at it. */
	return 0;
}

/*
 * path_of writes p's absolute path, built from the dentry up to its mount's
 * root and across mount points to the root mount, right to left in a
 * PATH_MAX scratch buffer. Returns its length or -ENAMETOOLONG if it
 * does not fit size (NUL included).
 */
int
path_of(const struct path *p, char *buf, size_t size)
{
	char tmp[PATH_MAX];
	size_t n = 0;
	struct mount *m = p->mnt;
	struct dentry *d = p->dentry;

	tmp[PATH_MAX - 1] = '\0';
	n = PATH_MAX - 1;
	for (;;) {
		if (d == m->root) {
			if (m->parent == m || !m->parent)
				break;
			d = m->mountpoint;
			m = m->parent;
			continue;
		}
		if (!d->parent || n < d->len + 2)
			break;
		n -= d->len;
		memcpy(tmp + n, d->name, d->len);
		tmp[--n] = '/';
		d = d->parent;
	}
	if (n == PATH_MAX - 1)
		tmp[--n] = '/';
	if (PATH_MAX - 1 - n + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, tmp + n, PATH_MAX - n);
	return (int)(PATH_MAX - 1 - n);
}

/* mounts_show writes /proc/mounts: every mount still reachable by a path, in mount order. */
size_t
mounts_show(char *buf, size_t size)
{
	struct mount *m;
	size_t n = 0;

	list_for_each_entry(m, &mount_list, node) {
		char where[PATH_MAX];
		struct path p = { m, m->root };

		if (path_of(&p, where, sizeof(where)) < 0)
			continue;
		n += kscnprintf(buf + n, size - n, "%s %s %s %s 0 0\n",
				m->devname ? m->devname : "none", where, m->sb->type->name,
				m->flags & MNT_RDONLY ? "ro" : "rw");
	}
	return n;
}

size_t
mountinfo_show(char *buf, size_t size)
{
	struct mount *m;
	size_t n = 0;

	list_for_each_entry(m, &mount_list, node) {
		char where[PATH_MAX];
		struct path p = { m, m->root };
		uint32_t dev = m->sb->dev;

		if (path_of(&p, where, sizeof(where)) < 0)
			continue;
		n += kscnprintf(buf + n, size - n, "%d %d %u:%u / %s %s,relatime - %s %s %s\n",
				m->id, m->parent ? m->parent->id : m->id, MAJOR(dev), MINOR(dev), where,
				m->flags & MNT_RDONLY ? "ro" : "rw", m->sb->type->name,
				m->devname ? m->devname : "none",
				m->flags & MNT_RDONLY ? "ro" : "rw");
	}
	return n;
}

/* do_remount changes a mounted filesystem as mount -o remount does (read-only or not). */
int
do_remount(struct path *p, unsigned long flags, const char *data)
{
	struct mount *m = p->mnt;

	if (p->dentry != m->root)
		return -EINVAL;
	/* As Linux's remount without MS_BIND: the filesystem itself changes. */
	if (m->sb->remount) {
		int err = m->sb->remount(m->sb, flags, data);

		if (err)
			return err;
		if (flags & MS_RDONLY)
			m->flags |= MNT_RDONLY;
		else
			m->flags &= ~MNT_RDONLY;
		return 0;
	}
	if (flags & MS_RDONLY) {
		m->flags |= MNT_RDONLY;
		m->sb->flags |= SB_RDONLY;
		return 0;
	}
	if (m->sb->flags & SB_NOWRITE)
		return -EROFS;	/* the filesystem has no write path (yet) */
	m->flags &= ~MNT_RDONLY;
	m->sb->flags &= ~SB_RDONLY;
	return 0;
}

/*
 * sync_filesystems is sync(2): every mounted filesystem with something to
 * write makes it durable (each superblock once, however often mounted).
 */
int
sync_filesystems(void)
{
	struct mount *m, *o;
	int err = 0;

	list_for_each_entry(m, &mount_list, node) {
		bool seen = false;

		list_for_each_entry(o, &mount_list, node) {
			if (o == m)
				break;
			if (o->sb == m->sb)
				seen = true;
		}
		if (!seen && m->sb->sync_fs) {
			int e = m->sb->sync_fs(m->sb);

			if (e && !err)
				err = e;
		}
	}
	return err;
}

/*
 * fs_shutdown is the end of the machine for filesystems (halt, reboot):
 * each one that is read-write is switched to read-only, which writes
 * everything back and leaves it clean, as Linux's emergency remount and
 * unmount at shutdown do.
 */
void
fs_shutdown(void)
{
	struct mount *m;

	list_for_each_entry(m, &mount_list, node) {
		struct super_block *sb = m->sb;

		if (sb->flags & SB_RDONLY)
			continue;
		if (sb->remount && sb->sync_fs)
			sb->remount(sb, MS_RDONLY, NULL);
	}
}

/* vfs_fsync writes f's data and makes it durable: the file's fsync, if it has one. */
int
vfs_fsync(struct file *f)
{
	return f->f_op && f->f_op->fsync ? f->f_op->fsync(f) : 0;
}
