// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inodes and dentries. A dentry names an inode inside its parent; the tree
 * of dentries is the name cache (children lists, negative entries for names
 * known to be absent). Reference counts keep both alive; an inode is freed
 * with its last reference unless a filesystem keeps it (tmpfs keeps its
 * inodes through their links).
 *
 * Counts for fs.dentry-state, fs.inode-nr and fs.inode-state are kept as
 * the objects come and go; a dentry only the cache holds is unused, and
 * so is an inode kept for its cached pages alone. vm.drop_caches=2 drops
 * the unused names (d_prune_all), and with them their inodes.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"

static uint64_t nr_dentry, nr_inodes, nr_unused_inodes;

/*
 * new_inode makes an inode with one reference, numbered in its
 * superblock (anonymous ones, of no superblock, are all 0 here and get a
 * number from their maker).
 */
struct inode *
new_inode(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode));

	if (!inode)
		return NULL;
	nr_inodes++;
	inode->sb = sb;
	inode->refcount = 1;
	inode->nlink = 1;
	inode->ino = sb ? ++sb->next_ino : 0;
	inode->atime = inode->mtime = inode->ctime = inode->btime = current_time();
	list_init(&inode->sb_node);
	list_init(&inode->mapping.dirty_node);
	list_init(&inode->i_locks);
	wait_queue_init(&inode->i_lock_wait);
	if (sb)
		list_add(&inode->sb_node, &sb->inodes);
	return inode;
}

/* inode_get takes a reference; an inode kept only for its cache is in use again. */
void
inode_get(struct inode *inode)
{
	if (inode->unused) {
		inode->unused = false;
		nr_unused_inodes--;
	}
	inode->refcount++;
}

/* inode_free releases an inode nobody uses, with its cached pages. */
void
inode_free(struct inode *inode)
{
	filemap_truncate(inode, 0);
	nr_inodes--;
	if (inode->unused)
		nr_unused_inodes--;
	list_del(&inode->sb_node);
	if (inode->sb && inode->sb->evict)
		inode->sb->evict(inode);
	kfree(inode);
}

/*
 * inode_put drops a reference; the last frees the inode, unless a disk
 * file's pages are cached: then it stays, unused, until reclaim or
 * drop_caches takes the pages (filemap.c).
 */
void
inode_put(struct inode *inode)
{
	if (!inode || --inode->refcount > 0)
		return;
	/*
	 * A disk file's cached pages keep its inode until memory is short;
	 * not a file with no name left, which goes now with its data.
	 */
	if (inode->nlink && inode->mapping.nrpages && inode->sb &&
	    (inode->sb->flags & SB_PAGECACHE)) {
		inode->unused = true;
		nr_unused_inodes++;
		return;
	}
	inode_free(inode);
}

/*
 * inode_init_owner gives a new inode in dir its owner: the creator's fs
 * ids, but the directory's group in a setgid directory, where a new
 * directory is setgid too.
 */
void
inode_init_owner(const struct inode *dir, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
	*uid = current->cred.fsuid;
	if (dir && (dir->mode & S_ISGID)) {
		*gid = dir->gid;
		if (S_ISDIR(*mode))
			*mode |= S_ISGID;
	} else {
		*gid = current->cred.fsgid;
	}
}

/* d_alloc makes a dentry with one reference, under parent (whose reference it takes). */
struct dentry *
d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->name = kmalloc(len + 1);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->len = len;
	d->refcount = 1;
	nr_dentry++;
	list_init(&d->children);
	list_init(&d->child);
	if (parent) {
		d->parent = d_get(parent);
		d->sb = parent->sb;
		list_add(&d->child, &parent->children);
	}
	return d;
}

struct dentry *
d_get(struct dentry *d)
{
	d->refcount++;
	return d;
}

/*
 * d_put drops a reference. Cached dentries stay in their parent's list with
 * refcount 1 (held by the cache); only dropped ones are freed.
 */
void
d_put(struct dentry *d)
{
	while (d && --d->refcount == 0) {
		struct dentry *parent = d->parent;

		list_del(&d->child);
		inode_put(d->inode);
		kfree(d->name);
		kfree(d);
		nr_dentry--;
		d = parent;
	}
}

/* d_lookup finds a cached child without taking a reference. */
struct dentry *
d_lookup(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->children, child)
		if (d->len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

/* d_instantiate gives d its inode; the caller's reference moves to d. */
void
d_instantiate(struct dentry *d, struct inode *inode)
{
	if (d->inode)
		inode_put(d->inode);
	d->inode = inode;
}

/* d_drop takes d out of the cache: it goes when its users are done. */
void
d_drop(struct dentry *d)
{
	if (list_empty(&d->child))
		return;
	list_del(&d->child);
	d_put(d);
}

/* path_get and path_put: a path holds its dentry (mounts are never freed: super.c). */
void
path_get(const struct path *p)
{
	if (p->dentry)
		d_get(p->dentry);
}

void
path_put(const struct path *p)
{
	if (p->dentry)
		d_put(p->dentry);
}

/* current_time is the wall clock as file times take it. */
struct kts
current_time(void)
{
	int64_t ns = ktime_get_real_ns();
	struct kts t = { ns / 1000000000, (uint32_t)(ns % 1000000000) };

	return t;
}

/* new_encode_dev is Linux's dev_t for stat: 12 bits of major, 20 of minor, split. */
uint32_t
new_encode_dev(uint64_t dev)
{
	uint32_t ma = MAJOR(dev), mi = MINOR(dev);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

/*
 * inode_fill_kstat fills x86_64's struct stat; a filesystem that does not
 * count blocks gets the size in 512-byte units.
 */
void
inode_fill_kstat(struct inode *inode, struct kstat_x86_64 *st)
{
	if (inode->i_op && inode->i_op->getattr)
		inode->i_op->getattr(inode);	/* on failure, what is known */
	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb ? new_encode_dev(inode->sb->dev) : 0;
	st->st_ino = inode->ino;
	st->st_nlink = inode->nlink;
	st->st_mode = inode->mode;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = new_encode_dev(inode->rdev);
	st->st_size = (int64_t)inode->size;
	st->st_blksize = inode->sb && inode->sb->blocksize ? inode->sb->blocksize : 4096;
	st->st_blocks = (int64_t)(inode->blocks ? inode->blocks : (inode->size + 511) / 512);
	st->st_atime_sec = inode->atime.sec;
	st->st_atime_nsec = inode->atime.nsec;
	st->st_mtime_sec = inode->mtime.sec;
	st->st_mtime_nsec = inode->mtime.nsec;
	st->st_ctime_sec = inode->ctime.sec;
	st->st_ctime_nsec = inode->ctime.nsec;
}

/*
 * unused: only the cache holds d (no user, no cached child, nothing mounted
 * on it). On an SB_NOCACHE filesystem (procfs) a dentry sits in its
 * parent's list only while its users hold it, and its one reference is a
 * user's, not the cache's: it is never unused, and dropping it would free
 * it under that user.
 */
static bool
unused(const struct dentry *d)
{
	if (d->sb && (d->sb->flags & SB_NOCACHE))
		return false;
	return d->refcount == 1 && list_empty(&d->children) && !d->mounted &&
	       !list_empty(&d->child);
}

/* prune drops the unused dentries below d, leaves first. */
static void
prune(struct dentry *d)
{
	struct dentry *c, *n;

	list_for_each_entry_safe(c, n, &d->children, child) {
		prune(c);
		if (unused(c))
			d_drop(c);
	}
}

/* count_tree adds up the unused and the negative dentries below d. */
static void
count_tree(const struct dentry *d, uint64_t *nr_unused, uint64_t *nr_negative)
{
	const struct dentry *c;

	list_for_each_entry(c, &d->children, child) {
		count_tree(c, nr_unused, nr_negative);
		*nr_unused += unused(c);
		*nr_negative += !c->inode;
	}
}

/* for_each_sb_root calls fn once per mounted filesystem's root dentry. */
static void
for_each_sb_root(void (*fn)(struct dentry *root, void *arg), void *arg)
{
	struct mount *m, *o;

	list_for_each_entry(m, &mount_list, node) {
		bool seen = false;

		list_for_each_entry(o, &mount_list, node) {
			if (o == m)
				break;
			seen |= o->sb == m->sb;
		}
		if (!seen && m->sb->root)
			fn(m->sb->root, arg);
	}
}

static void
prune_root(struct dentry *root, void *arg)
{
	(void)arg;
	prune(root);
}

/* d_prune_all drops every unused name of every mounted filesystem (vm.drop_caches=2). */
void
d_prune_all(void)
{
	for_each_sb_root(prune_root, NULL);
}

void
d_prune(struct dentry *d)
{
	prune(d);
}

struct dcount {
	uint64_t unused, negative;
};

static void
count_root(struct dentry *root, void *arg)
{
	struct dcount *c = arg;

	count_tree(root, &c->unused, &c->negative);
}

/* fs.dentry-state: dentries, unused ones, age_limit, want_pages, negative ones, 0. */
int
proc_dentry_state(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	struct dcount c = { 0, 0 };
	uint64_t v[6];
	struct ctl_table tmp = { .data = v, .maxlen = sizeof(v) };

	(void)t;
	for_each_sb_root(count_root, &c);
	v[0] = nr_dentry;
	v[1] = c.unused;
	v[2] = 45;	/* Linux's age_limit, which nothing uses */
	v[3] = 0;
	v[4] = c.negative;
	v[5] = 0;
	return proc_doulongvec_minmax(&tmp, write, buf, len, pos);
}

/* fs.inode-nr: inodes, unused ones. */
int
proc_inode_nr(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	uint64_t v[2] = { nr_inodes, nr_unused_inodes };
	struct ctl_table tmp = { .data = v, .maxlen = sizeof(v) };

	(void)t;
	return proc_doulongvec_minmax(&tmp, write, buf, len, pos);
}

/* fs.inode-state: inode-nr and five zeros. */
int
proc_inode_state(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	uint64_t v[7] = { nr_inodes, nr_unused_inodes, 0, 0, 0, 0, 0 };
	struct ctl_table tmp = { .data = v, .maxlen = sizeof(v) };

	(void)t;
	return proc_doulongvec_minmax(&tmp, write, buf, len, pos);
}

int
notify_change(struct inode *inode, const struct iattr *attr)
{
	if (inode->i_op && inode->i_op->setattr) {
		int err = inode->i_op->setattr(inode, attr);

		if (err)
			return err;
	}
	if (attr->valid & ATTR_MODE)
		inode->mode = attr->mode;
	if (attr->valid & ATTR_UID)
		inode->uid = attr->uid;
	if (attr->valid & ATTR_GID)
		inode->gid = attr->gid;
	if (attr->valid & ATTR_ATIME)
		inode->atime = attr->atime;
	if (attr->valid & ATTR_MTIME)
		inode->mtime = attr->mtime;
	if (attr->valid & ATTR_CTIME)
		inode->ctime = attr->ctime;
	return 0;
}
