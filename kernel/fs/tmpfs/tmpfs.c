// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmpfs: files and directories in kernel memory. A directory is a list of
 * entries; a file's data is its page cache: physmem pages that read(),
 * write() and mmap() all share (holes stay unallocated). devtmpfs is a
 * tmpfs instance that the kernel fills with device nodes at boot; sysfs
 * and devpts are others the kernel builds (tmpfs_kernel_*).
 *
 * Lifetime: an inode lives as long as it has links or users. The
 * filesystem holds one reference for all of an inode's links together
 * (taken at creation, dropped with the last link, drop_link); open files,
 * dentries and mappings hold the others. So an unlinked file that is
 * still open keeps its data until its last close, as on any Unix. An
 * entry of a directory points at its inode without a reference of its
 * own: the link count stands for it.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"

#define CHUNK PAGE_SIZE

struct tmpfs_dirent {
	struct list_head node;
	struct inode *inode;
	size_t len;
	char name[];
};

struct tmpfs_inode {
	struct list_head entries;	/* directories */
	char *target;			/* symlinks */
	int64_t committed;		/* shared anonymous memory: pages charged to Committed_AS */
};

static const struct inode_operations tmpfs_dir_iops;
static const struct inode_operations tmpfs_file_iops;
static const struct inode_operations tmpfs_link_iops;
static const struct file_operations tmpfs_dir_fops;
static const struct file_operations tmpfs_file_fops;

/* tmpfs_i is the tmpfs part of a tmpfs inode. */
static struct tmpfs_inode *
tmpfs_i(struct inode *inode)
{
	return inode->priv;
}

/*
 * tmpfs_new_inode makes an inode with two references: the caller's, and
 * the filesystem's, which its links will stand for.
 */
static struct inode *
tmpfs_new_inode(struct super_block *sb, uint32_t mode, uint64_t rdev)
{
	struct inode *inode = new_inode(sb);
	struct tmpfs_inode *ti = kzalloc(sizeof(*ti));

	if (!inode || !ti) {
		kfree(ti);
		inode_put(inode);
		return NULL;
	}
	list_init(&ti->entries);
	inode->priv = ti;
	inode->mode = mode;
	/* The filesystem's own reference: dropped when the last link goes. */
	inode->refcount++;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_iops;
		inode->i_fop = &tmpfs_dir_fops;
		inode->nlink = 2;
		inode->size = 4096;
		break;
	case S_IFREG:
		inode->i_op = &tmpfs_file_iops;
		inode->i_fop = &tmpfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_link_iops;
		break;
	default:
		init_special_inode(inode, mode, rdev);
		break;
	}
	return inode;
}

static struct tmpfs_dirent *
find_entry(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *e;

	list_for_each_entry(e, &tmpfs_i(dir)->entries, node)
		if (e->len == len && !memcmp(e->name, name, len))
			return e;
	return NULL;
}

/* add_entry links inode into dir under name (the caller counts the link). */
static int
add_entry(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	struct tmpfs_dirent *e = kmalloc(sizeof(*e) + len + 1);

	if (!e)
		return -ENOMEM;
	e->inode = inode;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	list_add_tail(&e->node, &tmpfs_i(dir)->entries);
	dir->mtime = dir->ctime = current_time();
	return 0;
}

/*
 * drop_link takes one link away; the inode goes with its last link and user.
 * The caller need not hold a reference (tmpfs_kernel_remove does not), so
 * the filesystem's reference is dropped last: inode may be gone after it.
 */
static void
drop_link(struct inode *inode)
{
	if (inode->nlink > 0)
		inode->nlink--;
	inode->ctime = current_time();
	if (inode->nlink == 0 || (S_ISDIR(inode->mode) && inode->nlink <= 1)) {
		inode->nlink = 0;
		filemap_truncate(inode, 0);
		inode_put(inode);	/* the filesystem's reference */
	}
}

static int
tmpfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct tmpfs_dirent *e = find_entry(dir, name, len);

	if (!e)
		return -ENOENT;
	inode_get(e->inode);
	*out = e->inode;
	return 0;
}

/*
 * make creates name in dir: a new inode, linked once. On success *out
 * carries the caller's reference; on failure both references go.
 */
static int
make(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
     struct inode **out)
{
	struct inode *inode = tmpfs_new_inode(dir->sb, mode, rdev);
	int err;

	if (!inode)
		return -ENOMEM;
	err = add_entry(dir, name, len, inode);
	if (err) {
		inode_put(inode);
		inode_put(inode);
		return err;
	}
	*out = inode;	/* the caller's reference */
	return 0;
}

static int
tmpfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
	     uint64_t rdev, struct inode **out)
{
	return make(dir, name, len, mode, rdev, out);
}

static int
tmpfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode,
	    struct inode **out)
{
	int err = make(dir, name, len, mode, 0, out);

	if (!err)
		dir->nlink++;
	return err;
}

static int
tmpfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
	      struct inode **out)
{
	size_t tlen = strlen(target);
	int err;

	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	err = make(dir, name, len, S_IFLNK | 0777, 0, out);
	if (err)
		return err;
	tmpfs_i(*out)->target = kmalloc(tlen + 1);
	if (!tmpfs_i(*out)->target)
		return -ENOMEM;
	memcpy(tmpfs_i(*out)->target, target, tlen + 1);
	(*out)->size = tlen;
	return 0;
}

static int
tmpfs_link(struct inode *old, struct inode *dir, const char *name, size_t len)
{
	int err = add_entry(dir, name, len, old);

	if (!err) {
		old->nlink++;
		old->ctime = current_time();
	}
	return err;
}

static int
remove_entry(struct inode *dir, const char *name, size_t len)
{
	struct tmpfs_dirent *e = find_entry(dir, name, len);

	if (!e)
		return -ENOENT;
	list_del(&e->node);
	kfree(e);
	dir->mtime = dir->ctime = current_time();
	return 0;
}

static int
tmpfs_unlink(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	int err = remove_entry(dir, name, len);

	if (!err)
		drop_link(victim);
	return err;
}

static int
tmpfs_rmdir(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	int err;

	if (!list_empty(&tmpfs_i(victim)->entries))
		return -ENOTEMPTY;
	err = remove_entry(dir, name, len);
	if (!err) {
		dir->nlink--;
		victim->nlink = 1;
		drop_link(victim);
	}
	return err;
}

/*
 * tmpfs_rename moves an entry, replacing what the new name held (the VFS
 * has checked the replacement is allowed: open.c). A directory that
 * changes parents moves its ".." link count along.
 */
static int
tmpfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
	     const char *nname, size_t nlen)
{
	struct tmpfs_dirent *oe = find_entry(odir, oname, olen), *ne;
	struct inode *inode;
	int err;

	if (!oe)
		return -ENOENT;
	inode = oe->inode;
	ne = find_entry(ndir, nname, nlen);
	if (ne) {
		if (S_ISDIR(ne->inode->mode)) {
			if (!list_empty(&tmpfs_i(ne->inode)->entries))
				return -ENOTEMPTY;
			ndir->nlink--;
			ne->inode->nlink = 1;
		}
		drop_link(ne->inode);
		ne->inode = inode;
	} else {
		err = add_entry(ndir, nname, nlen, inode);
		if (err)
			return err;
	}
	list_del(&oe->node);
	kfree(oe);
	if (S_ISDIR(inode->mode) && odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
	}
	return 0;
}

static int
tmpfs_readlink(struct inode *inode, char *buf, size_t len)
{
	size_t n = inode->size < len ? inode->size : len;

	memcpy(buf, tmpfs_i(inode)->target, n);
	return (int)n;
}

static int
tmpfs_truncate(struct inode *inode, uint64_t size)
{
	uint64_t keep = (size + CHUNK - 1) / CHUNK;
	int64_t pfn;

	filemap_truncate(inode, keep);
	/* The rest of the last page reads as zeros if the file grows again. */
	if (size % CHUNK && (pfn = filemap_lookup(inode, keep - 1)) >= 0)
		memset((char *)page_address(pfn) + size % CHUNK, 0, CHUNK - size % CHUNK);
	inode->size = size;
	inode->mtime = inode->ctime = current_time();
	return 0;
}

/*
 * tmpfs_write puts data straight into the page cache, a page at a time,
 * allocating (zeroed) pages for holes it fills. Files are bounded at
 * 1 TiB. Out of memory part way, it returns what it wrote; the size grows
 * by what was written.
 */
static int64_t
tmpfs_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = f->inode;
	size_t done = 0;

	if (f->flags & O_APPEND)
		*pos = inode->size;
	if (*pos + len > (UINT64_C(1) << 40))
		return -EFBIG;
	while (done < len) {
		uint64_t off = *pos + done, index = off / CHUNK, in = off % CHUNK;
		size_t n = CHUNK - in < len - done ? CHUNK - in : len - done;
		int64_t pfn = filemap_lookup(inode, index);

		if (pfn < 0) {
			pfn = alloc_zeroed_page();
			if (pfn < 0)
				break;
			if (filemap_insert(inode, index, (uint64_t)pfn)) {
				put_page((uint64_t)pfn);
				break;
			}
		}
		memcpy((char *)page_address(pfn) + in, (const char *)buf + done, n);
		done += n;
	}
	if (!done && len)
		return -ENOSPC;
	*pos += done;
	if (*pos > inode->size)
		inode->size = *pos;
	inode->mtime = inode->ctime = current_time();
	return (int64_t)done;
}

static unsigned int
dt_of(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;
}

/*
 * tmpfs_iterate: positions are indexes in the entry list (after "." and
 * ".."), so entries removed during a listing may make it skip some, as
 * on Linux's dcache_readdir.
 */
static int
tmpfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	struct tmpfs_dirent *e;
	uint64_t i = 2;

	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *p = f->path.dentry->parent;

		if (!ctx->actor(ctx, "..", 2, p && p->inode ? p->inode->ino : dir->ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(e, &tmpfs_i(dir)->entries, node) {
		if (i++ < ctx->pos)
			continue;
		if (!ctx->actor(ctx, e->name, e->len, e->inode->ino, dt_of(e->inode->mode)))
			return 0;
		ctx->pos = i;
	}
	return 0;
}

static const struct inode_operations tmpfs_dir_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
};
static const struct inode_operations tmpfs_file_iops = { .truncate = tmpfs_truncate };
static const struct inode_operations tmpfs_link_iops = { .readlink = tmpfs_readlink };
static const struct file_operations tmpfs_dir_fops = { .iterate = tmpfs_iterate };
static const struct file_operations tmpfs_file_fops = {
	.read = filemap_read,
	.write = tmpfs_write,
	.llseek = generic_llseek,
};

static int
tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	(void)sb;
	memset(st, 0, sizeof(*st));
	st->type = 0x01021994;
	st->bsize = st->frsize = 4096;
	st->namelen = NAME_MAX;
	return 0;
}

static int
tmpfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out);
static int
devtmpfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out);

static struct fs_type tmpfs_type = { .name = "tmpfs", .mount = tmpfs_mount };
static struct fs_type devtmpfs_type = { .name = "devtmpfs", .mount = devtmpfs_mount };
static struct fs_type ramfs_type = { .name = "ramfs", .mount = tmpfs_mount };

/* tmpfs_evict frees the tmpfs part of an inode going away. */
static void
tmpfs_evict(struct inode *inode)
{
	struct tmpfs_inode *ti = tmpfs_i(inode);

	if (ti) {
		vm_unacct_memory(ti->committed);
		kfree(ti->target);
		kfree(ti);
	}
}

/* tmpfs_make_sb makes an empty instance: a sticky, world-writable root, data in the page cache only. */
static struct super_block *
tmpfs_make_sb(const struct fs_type *type)
{
	struct super_block *sb = alloc_super(type);
	struct inode *root;

	if (!sb)
		return NULL;
	root = tmpfs_new_inode(sb, S_IFDIR | 01777, 0);
	sb->root = d_alloc(NULL, "/", 1);
	if (!root || !sb->root)
		return NULL;
	sb->root->sb = sb;
	d_instantiate(sb->root, root);
	sb->statfs = tmpfs_statfs;
	sb->evict = tmpfs_evict;
	sb->flags |= SB_MEMFS;
	return sb;
}

static struct super_block *devtmpfs_sb;

static int
tmpfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	(void)dev;
	(void)data;
	(void)flags;
	*out = tmpfs_make_sb(&tmpfs_type);
	return *out ? 0 : -ENOMEM;
}

/* Every devtmpfs mount shows the one instance the kernel fills. */
static int
devtmpfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	(void)dev;
	(void)data;
	(void)flags;
	*out = devtmpfs_sb;
	return *out ? 0 : -ENOMEM;
}

void
tmpfs_init(void)
{
	register_filesystem(&tmpfs_type);
	register_filesystem(&ramfs_type);
	register_filesystem(&devtmpfs_type);
	devtmpfs_sb = tmpfs_make_sb(&devtmpfs_type);
	if (devtmpfs_sb)
		devtmpfs_sb->root->inode->mode = S_IFDIR | 0755;
}

/*
 * forget_absent drops a cached negative dentry for name in sb's root: a
 * node the kernel makes behind the VFS's back (a disk hot-added after a
 * guest looked /dev/<name> up) must not stay "known absent".
 */
static void
forget_absent(struct super_block *sb, const char *name)
{
	struct dentry *d = d_lookup(sb->root, name, strlen(name));

	if (d && !d->inode)
		d_drop(d);
}

/*
 * devtmpfs_create makes /dev/<name> in the kernel's devtmpfs instance (the
 * same one every devtmpfs mount shows). For a symlink, rdev carries the
 * target string's address.
 */
int
devtmpfs_create(const char *name, uint32_t mode, uint64_t rdev)
{
	struct inode *dir, *inode;
	int err;

	if (!devtmpfs_sb)
		return -ENODEV;
	dir = devtmpfs_sb->root->inode;
	if (find_entry(dir, name, strlen(name)))
		return -EEXIST;
	if (S_ISDIR(mode))
		err = tmpfs_mkdir(dir, name, strlen(name), mode, &inode);
	else if (S_ISLNK(mode))
		err = tmpfs_symlink(dir, name, strlen(name), (const char *)(uintptr_t)rdev, &inode);
	else
		err = make(dir, name, strlen(name), mode, rdev, &inode);
	if (!err) {
		inode_put(inode);
		forget_absent(devtmpfs_sb, name);
	}
	return err;
}

/*
 * Kernel-built trees (sysfs): a tmpfs instance the kernel fills with
 * directories, read-only attribute files and symlinks at boot.
 */
struct super_block *
tmpfs_kernel_sb(const struct fs_type *type)
{
	return tmpfs_make_sb(type);
}

/* kdir_walk finds (creating directories as needed) the parent of path's last name. */
static struct inode *
kdir_walk(struct super_block *sb, const char *path, const char **last)
{
	struct inode *dir = sb->root->inode;
	const char *p = path;

	for (;;) {
		const char *slash;
		struct tmpfs_dirent *e;
		struct inode *sub;

		while (*p == '/')
			p++;
		slash = strchr(p, '/');
		if (!slash) {
			*last = p;
			return dir;
		}
		e = find_entry(dir, p, slash - p);
		if (e) {
			sub = e->inode;
		} else {
			if (tmpfs_mkdir(dir, p, slash - p, S_IFDIR | 0755, &sub))
				return NULL;
			inode_put(sub);
		}
		dir = sub;
		p = slash + 1;
	}
}

int
tmpfs_kernel_add(struct super_block *sb, const char *path, uint32_t mode, const char *content)
{
	const char *last;
	struct inode *dir = kdir_walk(sb, path, &last), *inode;
	size_t len = strlen(last);
	int err;

	if (!dir)
		return -ENOMEM;
	if (find_entry(dir, last, len))
		return -EEXIST;
	if (S_ISDIR(mode))
		err = tmpfs_mkdir(dir, last, len, mode, &inode);
	else if (S_ISLNK(mode))
		err = tmpfs_symlink(dir, last, len, content, &inode);
	else {
		err = make(dir, last, len, S_IFREG | (mode & 0777), 0, &inode);
		if (!err && content) {
			struct file f = { .inode = inode, .flags = O_WRONLY };
			uint64_t pos = 0;

			tmpfs_write(&f, content, strlen(content), &pos);
		}
	}
	if (!err)
		inode_put(inode);
	return err;
}

/* tmpfs_kernel_remove takes a name out of a kernel-built tree's root. */
int
tmpfs_kernel_remove(struct super_block *sb, const char *name)
{
	struct inode *dir = sb->root->inode;
	struct tmpfs_dirent *e = find_entry(dir, name, strlen(name));
	struct dentry *d;

	if (!e)
		return -ENOENT;
	/* Forget the cached name too, so a new node of that name is found. */
	d = d_lookup(sb->root, name, strlen(name));
	if (d)
		d_drop(d);
	return tmpfs_unlink(dir, name, strlen(name), e->inode);
}

/* rmtree_entries empties directory dir, depth first. */
static void
rmtree_entries(struct inode *dir)
{
	while (!list_empty(&tmpfs_i(dir)->entries)) {
		struct tmpfs_dirent *e = list_first_entry(&tmpfs_i(dir)->entries,
							  struct tmpfs_dirent, node);
		struct inode *victim = e->inode;
		char name[NAME_MAX + 1];
		size_t len = e->len;

		memcpy(name, e->name, len + 1);
		if (S_ISDIR(victim->mode)) {
			rmtree_entries(victim);
			tmpfs_rmdir(dir, name, len, victim);
		} else {
			tmpfs_unlink(dir, name, len, victim);
		}
	}
}

/*
 * tmpfs_kernel_rmtree takes path and everything under it out of a
 * kernel-built tree (sysfs, when disks come and go). Names are not cached
 * there (SB_NOCACHE), so nothing else refers to the entries; open files
 * keep their inodes. -ENOENT if path is not there.
 */
int
tmpfs_kernel_rmtree(struct super_block *sb, const char *path)
{
	struct inode *dir = sb->root->inode;
	const char *p = path;

	for (;;) {
		const char *slash;
		struct tmpfs_dirent *e;
		size_t len;

		while (*p == '/')
			p++;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		e = find_entry(dir, p, len);
		if (!e)
			return -ENOENT;
		if (!slash || !slash[1]) {
			struct inode *victim = e->inode;

			if (!S_ISDIR(victim->mode))
				return tmpfs_unlink(dir, p, len, victim);
			rmtree_entries(victim);
			return tmpfs_rmdir(dir, p, len, victim);
		}
		if (!S_ISDIR(e->inode->mode))
			return -ENOTDIR;
		dir = e->inode;
		p = slash + 1;
	}
}

/* devtmpfs_remove takes /dev/<name> away (a device that went away). */
int
devtmpfs_remove(const char *name)
{
	return devtmpfs_sb ? tmpfs_kernel_remove(devtmpfs_sb, name) : -ENODEV;
}

/* tmpfs_kernel_mknod makes a device node in a kernel-built tree's root. */
int
tmpfs_kernel_mknod(struct super_block *sb, const char *name, uint32_t mode, uint64_t rdev)
{
	struct inode *dir = sb->root->inode, *inode;
	int err;

	if (find_entry(dir, name, strlen(name)))
		return -EEXIST;
	err = make(dir, name, strlen(name), mode, rdev, &inode);
	if (!err) {
		inode_put(inode);
		forget_absent(sb, name);
	}
	return err;
}

/*
 * shmem_file makes an unnamed tmpfs file of size bytes: the backing of
 * MAP_SHARED|MAP_ANONYMOUS memory, so that every process sharing the
 * mapping finds the same pages in its page cache.
 */
struct file *
shmem_file(uint64_t size, bool account)
{
	static struct super_block *shm_sb;
	int64_t pages = account ? (int64_t)(PAGE_ALIGN(size) >> PAGE_SHIFT) : 0;
	struct inode *inode;
	struct file *f;

	if (!shm_sb)
		shm_sb = tmpfs_make_sb(&tmpfs_type);
	if (!shm_sb)
		return NULL;
	/* Charged once for all its sharers, until the memory itself goes. */
	if (pages && vm_enough_memory(current->mm, pages))
		return NULL;
	inode = tmpfs_new_inode(shm_sb, S_IFREG | 0600, 0);
	if (!inode) {
		vm_unacct_memory(pages);
		return NULL;
	}
	tmpfs_i(inode)->committed = pages;
	inode->nlink = 0;
	inode->refcount--;	/* no link: only the file keeps it */
	inode->size = size;
	f = alloc_file(NULL, inode, O_RDWR, inode->i_fop);
	inode_put(inode);
	return IS_ERR(f) ? NULL : f;
}
