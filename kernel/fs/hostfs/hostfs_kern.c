// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostfs: a directory of the host shown in the guest, read and write, as
 * UML's hostfs (`mount -t hostfs none /mnt -o /host/dir`). This is the
 * kernel half: the VFS operations, over the host half's calls
 * (hostfs.h, hostfs_user.c), which do the host I/O and keep every access
 * inside the mount (see hostfs.h for how).
 *
 * Objects, not names: each hostfs inode holds a host O_PATH descriptor of
 * its object (struct hostfs_inode), and every operation starts from one:
 * a lookup or a creation from its directory's, by one name. Two names of
 * one host file (hard links) are one inode here: a superblock's inodes
 * are hashed by the host's (st_dev, st_ino), which cannot be reused while
 * the descriptor pins the object. The descriptor is closed when the inode
 * is freed (evict).
 *
 * The host may change the directory at any time, so nothing is trusted
 * from before: a cached name is checked against the host at each walk
 * (d_revalidate: a name that now means another object, or none, or that
 * appeared, is looked up again), and stat refreshes the attributes from
 * the descriptor (getattr).
 *
 * File data: read() and write() are pread and pwrite on the host file, so
 * the guest and the host see the same bytes. Mappings need pages, which
 * come from the page cache (SB_PAGECACHE, filled by hostfs_readpage) and
 * are shared by every mapping of the file, as on Linux. While a file is
 * open (a mapping holds its file open), hostfs keeps a reference of its
 * own on each of its cached pages, so reclaim cannot drop a page a shared
 * mapping wrote, and remembers a hash of what each page held when it last
 * agreed with the host: a page whose content no longer hashes so was
 * written through a mapping (there are no dirty bits to tell). Such pages
 * are written back at fsync, at msync, every 5 seconds while the file is
 * open for writing (as Linux's periodic writeback), and when the file's
 * last opener goes (close after munmap, or munmap after close); then the cache is
 * dropped, so the next open reads what the host has. Meanwhile read()
 * shows a mapping's unwritten changes and write() updates the cached
 * pages, so read(), write() and mmap agree in the guest.
 *
 * Ownership is the host's, as in UML: a file shows the uid and gid the
 * host gives it, and chown asks the host (which refuses it to a non-root
 * host user, EPERM).
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "hostfs.h"

#define HOSTFS_SUPER_MAGIC	0x00c0ffee	/* UML's f_type for hostfs */
#define HASH_SIZE		256

/* A cached page of a hostfs file, as hostfs tracks it (see the top). */
struct hostfs_page {
	uint32_t pfn1;			/* pinned pfn + 1; 0: not cached */
	uint64_t hash;			/* of its content when it last agreed with the host */
};

struct hostfs_inode {
	int fd;				/* O_PATH descriptor of the host object */
	uint64_t hdev, hino;		/* the host's identity of it */
	struct inode *inode;
	struct hostfs_inode *next;	/* in its superblock's hash chain */
	int nopen;			/* open files (regular files) */
	int nwrite;			/* ... of them open for writing */
	struct list_head cached_node;	/* in cached_inodes while it has pages */
	int rfd;			/* for readpage, while open; -1: none */
	struct hostfs_page *pages;	/* by page index */
	uint64_t npages;
};

struct hostfs_sb {
	struct hostfs_inode *hash[HASH_SIZE];
};

/* An open file's descriptor for I/O (the inode's O_PATH one cannot read). */
struct hostfs_file {
	int fd;
};

static const struct inode_operations hostfs_dir_iops, hostfs_file_iops, hostfs_link_iops,
	hostfs_special_iops;
static const struct file_operations hostfs_dir_fops, hostfs_file_fops;
static struct fs_type hostfs_type;

static struct hostfs_inode *
hostfs_i(const struct inode *inode)
{
	return inode->priv;
}

static int
hfd(const struct inode *inode)
{
	return hostfs_i(inode)->fd;
}

static unsigned int
hash_of(uint64_t dev, uint64_t ino)
{
	return (unsigned int)((ino ^ (ino >> 17) ^ dev) % HASH_SIZE);
}

/* fill_inode copies the host's attributes into the VFS inode. */
static void
fill_inode(struct inode *inode, const struct hostfs_stat *st)
{
	inode->ino = st->ino;
	inode->mode = st->mode;
	inode->uid = st->uid;
	inode->gid = st->gid;
	inode->nlink = st->nlink;
	inode->size = st->size;
	inode->blocks = st->blocks;
	inode->rdev = MKDEV(st->rdev_major, st->rdev_minor);
	inode->atime = (struct kts){ st->atime_sec, st->atime_nsec };
	inode->mtime = (struct kts){ st->mtime_sec, st->mtime_nsec };
	inode->ctime = (struct kts){ st->ctime_sec, st->ctime_nsec };
}

/*
 * get_inode gives the inode of the host object behind fd (whose
 * descriptor it takes over), with a reference: the one already known for
 * that object, or a new one.
 */
static struct inode *
get_inode(struct super_block *sb, int fd, const struct hostfs_stat *st)
{
	struct hostfs_sb *hs = sb->priv;
	unsigned int h = hash_of(st->dev, st->ino);
	struct hostfs_inode *hi;
	struct inode *inode;

	for (hi = hs->hash[h]; hi; hi = hi->next) {
		if (hi->hdev == st->dev && hi->hino == st->ino) {
			hostfs_close(fd);
			inode_get(hi->inode);
			fill_inode(hi->inode, st);
			return hi->inode;
		}
	}
	hi = kzalloc(sizeof(*hi));
	inode = hi ? new_inode(sb) : NULL;
	if (!inode) {
		kfree(hi);
		hostfs_close(fd);
		return NULL;
	}
	hi->fd = fd;
	hi->rfd = -1;
	list_init(&hi->cached_node);
	hi->hdev = st->dev;
	hi->hino = st->ino;
	hi->inode = inode;
	hi->next = hs->hash[h];
	hs->hash[h] = hi;
	inode->priv = hi;
	fill_inode(inode, st);
	switch (st->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &hostfs_dir_iops;
		inode->i_fop = &hostfs_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &hostfs_file_iops;
		inode->i_fop = &hostfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &hostfs_link_iops;
		break;
	default:
		/* Devices, FIFOs and sockets are the guest's own, as in UML. */
		init_special_inode(inode, st->mode, inode->rdev);
		inode->i_op = &hostfs_special_iops;
		break;
	}
	return inode;
}

/* ---- cached pages (see the top) ---- */

#define WRITEBACK_NS	5000000000ULL	/* Linux's dirty_writeback_centisecs */

/* The hostfs inodes with cached pages, and the timer of their periodic writeback. */
static LIST_HEAD(cached_inodes);
static struct ktimer writeback_timer;
static int writeback(struct inode *inode);

static void
periodic_writeback(struct ktimer *t)
{
	struct hostfs_inode *hi;

	list_for_each_entry(hi, &cached_inodes, cached_node) {
		int err = hi->nwrite ? writeback(hi->inode) : 0;

		if (err)
			pr_warn("hostfs: writing back a mapped file's pages failed (%d)\n", err);
	}
	if (!list_empty(&cached_inodes))
		ktimer_arm(t, ktime_get_ns() + WRITEBACK_NS);
}

static uint64_t
page_hash(const void *p)
{
	const uint64_t *w = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < PAGE_SIZE / 8; i++)
		h = (h ^ w[i]) * 0x100000001b3ULL + (h >> 29);
	return h;
}

static void *
cached_page(const struct hostfs_inode *hi, uint64_t idx)
{
	return idx < hi->npages && hi->pages[idx].pfn1 ? page_address(hi->pages[idx].pfn1 - 1) :
							 NULL;
}

/* page_dirty: the cached page at idx was written through a mapping since it agreed with the host. */
static bool
page_dirty(const struct hostfs_inode *hi, uint64_t idx)
{
	void *p = cached_page(hi, idx);

	return p && page_hash(p) != hi->pages[idx].hash;
}

/* unpin_from drops hostfs's references on the cached pages from index idx on. */
static void
unpin_from(struct hostfs_inode *hi, uint64_t idx)
{
	for (uint64_t i = idx; i < hi->npages; i++) {
		if (hi->pages[i].pfn1) {
			put_page(hi->pages[i].pfn1 - 1);
			hi->pages[i].pfn1 = 0;
		}
	}
}

/*
 * hostfs_readpage fills a page cache page from the host file (zeros past
 * its end) and pins it (see the top). The page is readable through the
 * inode's read descriptor, opened at the first fill of an open file.
 */
static int64_t
hostfs_readpage(struct inode *inode, void *buf, uint64_t off)
{
	struct hostfs_inode *hi = hostfs_i(inode);
	uint64_t idx = off / PAGE_SIZE, pfn = (uint64_t)((uint8_t *)buf - physmem) >> PAGE_SHIFT;
	int64_t n;
	int err;

	if (hi->rfd < 0 && (err = hostfs_open(hi->fd, O_RDONLY, &hi->rfd))) {
		hi->rfd = -1;
		return err;
	}
	n = hostfs_pread(hi->rfd, buf, PAGE_SIZE, off);
	if (n < 0)
		return n;
	memset((uint8_t *)buf + n, 0, PAGE_SIZE - (size_t)n);
	if (list_empty(&hi->cached_node)) {
		list_add_tail(&hi->cached_node, &cached_inodes);
		if (!writeback_timer.armed) {
			writeback_timer.fn = periodic_writeback;
			ktimer_arm(&writeback_timer, ktime_get_ns() + WRITEBACK_NS);
		}
	}
	if (idx >= hi->npages) {
		uint64_t want = hi->npages ? hi->npages : 16;
		struct hostfs_page *pages;

		while (want <= idx)
			want *= 2;
		pages = krealloc(hi->pages, want * sizeof(*pages));
		if (!pages)
			return -ENOMEM;
		memset(pages + hi->npages, 0, (want - hi->npages) * sizeof(*pages));
		hi->pages = pages;
		hi->npages = want;
	}
	if (hi->pages[idx].pfn1)
		put_page(hi->pages[idx].pfn1 - 1);
	get_page(pfn);
	hi->pages[idx].pfn1 = (uint32_t)pfn + 1;
	hi->pages[idx].hash = page_hash(buf);
	return n;
}

/*
 * writeback writes the pages a mapping changed back to the host file, up
 * to its end there (a mapping cannot make a file longer).
 */
static int
writeback(struct inode *inode)
{
	struct hostfs_inode *hi = hostfs_i(inode);
	struct hostfs_stat st = { 0 };
	int wfd = -1, err = 0;
	uint64_t end;

	for (uint64_t i = 0; i < hi->npages; i++) {
		void *p;

		if (!page_dirty(hi, i))
			continue;
		if (wfd < 0) {
			err = hostfs_stat(hi->fd, &st);
			if (!err)
				err = hostfs_open(hi->fd, O_WRONLY, &wfd);
			if (err)
				return err;
		}
		p = cached_page(hi, i);
		if (i * PAGE_SIZE < st.size) {
			size_t len = st.size - i * PAGE_SIZE < PAGE_SIZE ? st.size - i * PAGE_SIZE : PAGE_SIZE;
			int64_t n = hostfs_pwrite(wfd, p, len, i * PAGE_SIZE, 0, &end);

			if (n < 0) {
				err = (int)n;
				break;
			}
		}
		hi->pages[i].hash = page_hash(p);
	}
	hostfs_close(wfd);
	return err;
}

/*
 * last_close: the file's last opener (and so its last mapping) is gone:
 * what mappings wrote goes to the host, and the cache goes, so that the
 * next open sees the host's file as it is then.
 */
static void
last_close(struct inode *inode)
{
	struct hostfs_inode *hi = hostfs_i(inode);
	int err;

	list_del(&hi->cached_node);
	list_init(&hi->cached_node);
	if (!hi->npages)
		return;
	err = writeback(inode);
	if (err)
		pr_warn("hostfs: writing back a mapped file's pages failed (%d)\n", err);
	filemap_truncate(inode, 0);
	unpin_from(hi, 0);
	kfree(hi->pages);
	hi->pages = NULL;
	hi->npages = 0;
	hostfs_close(hi->rfd);
	hi->rfd = -1;
}

/* hostfs_evict closes the descriptor of an inode going away and unhashes it. */
static void
hostfs_evict(struct inode *inode)
{
	struct hostfs_inode *hi = hostfs_i(inode), **pp;
	struct hostfs_sb *hs;

	if (!hi)
		return;
	hs = inode->sb->priv;
	for (pp = &hs->hash[hash_of(hi->hdev, hi->hino)]; *pp; pp = &(*pp)->next) {
		if (*pp == hi) {
			*pp = hi->next;
			break;
		}
	}
	list_del(&hi->cached_node);
	unpin_from(hi, 0);
	kfree(hi->pages);
	hostfs_close(hi->rfd);
	hostfs_close(hi->fd);
	kfree(hi);
	inode->priv = NULL;
}

/* name_of copies a name the VFS gives with its length into a C string. */
static int
name_of(char *buf, const char *name, size_t len)
{
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return 0;
}

/*
 * lookup_at opens name in dir and gives its inode. Each cached inode
 * holds a host descriptor: when hostfs holds its share of them
 * (hostfs_fds_low), or the host has none left (EMFILE, ENFILE), the names
 * nobody uses are dropped first, which closes theirs.
 */
static int
lookup_at(struct inode *dir, const char *name, struct inode **out)
{
	struct hostfs_stat st;
	int fd, err;

	if (hostfs_fds_low())
		d_prune_all();
	err = hostfs_lookup(hfd(dir), name, &fd, &st);

	if (err == -EMFILE || err == -ENFILE) {
		d_prune_all();
		err = hostfs_lookup(hfd(dir), name, &fd, &st);
	}
	if (err)
		return err;
	*out = get_inode(dir->sb, fd, &st);
	return *out ? 0 : -ENOMEM;
}

static int
hostfs_lookup_op(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	return err ? err : lookup_at(dir, n, out);
}

/*
 * made finishes a creation: the new object's inode, and its mode as asked
 * (the host applied its own umask to it; the guest's was applied already).
 */
static int
made(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
	int err = lookup_at(dir, name, out);

	if (err)
		return err;
	if (!S_ISLNK((*out)->mode) && (mode & 07777 & ~(*out)->mode)) {
		err = hostfs_chmod(hfd(*out), mode & 07777);
		if (!err)
			(*out)->mode = ((*out)->mode & S_IFMT) | (mode & 07777);
	}
	return 0;
}

static int
hostfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode, uint64_t rdev,
	      struct inode **out)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_mknod(hfd(dir), n, mode, MAJOR(rdev), MINOR(rdev));
	return err ? err : made(dir, n, mode, out);
}

static int
hostfs_mkdir_op(struct inode *dir, const char *name, size_t len, uint32_t mode,
		struct inode **out)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_mkdir(hfd(dir), n, mode & 07777);
	return err ? err : made(dir, n, mode, out);
}

static int
hostfs_symlink_op(struct inode *dir, const char *name, size_t len, const char *target,
		  struct inode **out)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_symlink(hfd(dir), n, target);
	return err ? err : lookup_at(dir, n, out);
}

static int
hostfs_link_op(struct inode *old, struct inode *dir, const char *name, size_t len)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_link(hfd(old), hfd(dir), n);
	if (!err)
		old->nlink++;
	return err;
}

static int
hostfs_unlink_op(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_unlink(hfd(dir), n);
	if (!err && victim->nlink)
		victim->nlink--;
	return err;
}

static int
hostfs_rmdir_op(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	char n[NAME_MAX + 1];
	int err = name_of(n, name, len);

	if (!err)
		err = hostfs_rmdir(hfd(dir), n);
	if (!err)
		victim->nlink = 0;
	return err;
}

static int
hostfs_rename_op(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
		 const char *nname, size_t nlen, unsigned int flags)
{
	char o[NAME_MAX + 1], n[NAME_MAX + 1];
	int err = name_of(o, oname, olen);

	if (!err)
		err = name_of(n, nname, nlen);
	return err ? err : hostfs_rename(hfd(odir), o, hfd(ndir), n, flags);
}

static int
hostfs_readlink_op(struct inode *inode, char *buf, size_t len)
{
	return hostfs_readlink(hfd(inode), buf, len);
}

/*
 * hostfs_truncate_op: the cached pages past the new end go, and the part
 * of the last one past it reads as zeros, as the host file does.
 */
static int
hostfs_truncate_op(struct inode *inode, uint64_t size)
{
	struct hostfs_inode *hi = hostfs_i(inode);
	uint64_t keep = PAGE_ALIGN(size) / PAGE_SIZE;
	int err = hostfs_truncate(hfd(inode), size);
	uint8_t *p;

	if (err)
		return err;
	inode->size = size;
	if (!hi->npages)
		return 0;
	filemap_truncate(inode, keep);
	unpin_from(hi, keep);
	if ((size % PAGE_SIZE) && (p = cached_page(hi, size / PAGE_SIZE))) {
		bool clean = !page_dirty(hi, size / PAGE_SIZE);

		memset(p + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
		if (clean)
			hi->pages[size / PAGE_SIZE].hash = page_hash(p);
	}
	return 0;
}

/*
 * hostfs_setattr stores an attribute change on the host. The host sets
 * ctime itself (a change of ctime alone is nothing to do), and a symlink
 * has no mode of its own to change.
 */
static int
hostfs_setattr(struct inode *inode, const struct iattr *attr)
{
	unsigned int which = 0;
	int err = 0;

	if ((attr->valid & ATTR_MODE) && (attr->mode & 07777) != (inode->mode & 07777)) {
		if (S_ISLNK(inode->mode))
			return -EOPNOTSUPP;
		err = hostfs_chmod(hfd(inode), attr->mode & 07777);
	}
	if (!err && (attr->valid & (ATTR_UID | ATTR_GID)))
		err = hostfs_chown(hfd(inode), (attr->valid & ATTR_UID) ? attr->uid : (uint32_t)-1,
				   (attr->valid & ATTR_GID) ? attr->gid : (uint32_t)-1);
	if (attr->valid & ATTR_ATIME)
		which |= HOSTFS_SET_ATIME;
	if (attr->valid & ATTR_MTIME)
		which |= HOSTFS_SET_MTIME;
	if (!err && which)
		err = hostfs_utimes(hfd(inode), which, attr->atime.sec, attr->atime.nsec,
				    attr->mtime.sec, attr->mtime.nsec);
	return err;
}

/* hostfs_getattr refreshes the inode from the host (stat, fstat). */
static int
hostfs_getattr(struct inode *inode)
{
	struct hostfs_stat st;
	int err = hostfs_stat(hfd(inode), &st);

	if (!err)
		fill_inode(inode, &st);
	return err;
}

/*
 * hostfs_revalidate: does the cached name d still mean what it meant? A
 * name cached as absent is good while the host has no such name; a name
 * of an object while the host's name leads to that same object (whose
 * attributes are then refreshed). Otherwise the walk looks it up again.
 */
static bool
hostfs_revalidate(struct dentry *d)
{
	struct hostfs_stat st;
	struct hostfs_inode *hi;
	int err;

	if (!d->parent || !d->parent->inode || d->parent->inode->sb != d->sb)
		return true;
	err = hostfs_stat_at(hfd(d->parent->inode), d->name, &st);
	if (err == -ENOENT)
		return !d->inode;
	if (err || !d->inode)
		return false;
	hi = hostfs_i(d->inode);
	if (hi->hdev != st.dev || hi->hino != st.ino)
		return false;
	fill_inode(d->inode, &st);
	return true;
}

/* ---- open files ---- */

static int
hostfs_file_open(struct inode *inode, struct file *file)
{
	struct hostfs_file *hf = kzalloc(sizeof(*hf));
	int flags = S_ISDIR(inode->mode) ? O_RDONLY | O_DIRECTORY : (int)file->flags;
	int err;

	if (!hf)
		return -ENOMEM;
	if (hostfs_fds_low())
		d_prune_all();
	err = hostfs_open(hfd(inode), flags, &hf->fd);
	if (err == -EMFILE || err == -ENFILE) {
		d_prune_all();	/* as lookup_at: close the descriptors of unused names */
		err = hostfs_open(hfd(inode), flags, &hf->fd);
	}
	if (err) {
		kfree(hf);
		return err;
	}
	file->priv = hf;
	hostfs_i(inode)->nopen++;
	if ((file->flags & O_ACCMODE) != O_RDONLY)
		hostfs_i(inode)->nwrite++;
	return 0;
}

static void
hostfs_file_release(struct file *file)
{
	struct hostfs_file *hf = file->priv;
	struct hostfs_inode *hi = hostfs_i(file->inode);

	if (hf) {
		hostfs_close(hf->fd);
		kfree(hf);
		file->priv = NULL;
		if ((file->flags & O_ACCMODE) != O_RDONLY)
			hi->nwrite--;
		if (--hi->nopen == 0)
			last_close(file->inode);
	}
}

static int
ffd(const struct file *file)
{
	return ((struct hostfs_file *)file->priv)->fd;
}

/*
 * hostfs_read reads the host file, then shows over it what mappings have
 * written and not yet written back (pages cached and changed).
 */
static int64_t
hostfs_read(struct file *file, void *buf, size_t len, uint64_t *pos)
{
	struct hostfs_inode *hi = hostfs_i(file->inode);
	int64_t n = hostfs_pread(ffd(file), buf, len, *pos);

	if (n <= 0)
		return n;
	for (uint64_t i = *pos / PAGE_SIZE; hi->npages && i * PAGE_SIZE < *pos + (uint64_t)n &&
	     i < hi->npages; i++) {
		uint64_t from = i * PAGE_SIZE > *pos ? i * PAGE_SIZE : *pos;
		uint64_t to = (i + 1) * PAGE_SIZE < *pos + (uint64_t)n ? (i + 1) * PAGE_SIZE :
									*pos + (uint64_t)n;

		if (page_dirty(hi, i))
			memcpy((uint8_t *)buf + (from - *pos),
			       (uint8_t *)cached_page(hi, i) + from % PAGE_SIZE, to - from);
	}
	*pos += (uint64_t)n;
	return n;
}

/*
 * update_cached puts what write() wrote at [off, off + len) into the
 * cached pages too, so mappings see it; a page that agreed with the host
 * still does.
 */
static void
update_cached(struct hostfs_inode *hi, const void *buf, size_t len, uint64_t off)
{
	for (uint64_t i = off / PAGE_SIZE; i * PAGE_SIZE < off + len && i < hi->npages; i++) {
		uint64_t from = i * PAGE_SIZE > off ? i * PAGE_SIZE : off;
		uint64_t to = (i + 1) * PAGE_SIZE < off + len ? (i + 1) * PAGE_SIZE : off + len;
		uint8_t *p = cached_page(hi, i);
		bool clean;

		if (!p)
			continue;
		clean = !page_dirty(hi, i);
		memcpy(p + from % PAGE_SIZE, (const uint8_t *)buf + (from - off), to - from);
		if (clean)
			hi->pages[i].hash = page_hash(p);
	}
}

/* hostfs_write: at *pos, or with O_APPEND at the host file's end (atomically on the host). */
static int64_t
hostfs_write(struct file *file, const void *buf, size_t len, uint64_t *pos)
{
	uint64_t end;
	int64_t n = hostfs_pwrite(ffd(file), buf, len, *pos, !!(file->flags & O_APPEND), &end);

	if (n >= 0) {
		*pos = end;
		if (end > file->inode->size)
			file->inode->size = end;
		if (hostfs_i(file->inode)->npages && n > 0)
			update_cached(hostfs_i(file->inode), buf, (size_t)n, end - (uint64_t)n);
	}
	return n;
}

/* hostfs_llseek: the end, the data and the holes are where the host file has them now. */
static int64_t
hostfs_llseek(struct file *file, int64_t off, int whence)
{
	int64_t r;

	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		r = hostfs_seek_data(ffd(file), off, whence);
		if (r >= 0)
			file->pos = (uint64_t)r;
		return r;
	}
	if (whence == SEEK_END)
		hostfs_getattr(file->inode);
	return generic_llseek(file, off, whence);
}

/* hostfs_fsync_op (fsync, fdatasync, msync): what mappings wrote, then the host's fsync. */
static int
hostfs_fsync_op(struct file *file)
{
	int err = S_ISREG(file->inode->mode) ? writeback(file->inode) : 0;

	return err ? err : hostfs_fsync(ffd(file), 0);
}

/*
 * hostfs_iterate: positions are the host's directory offsets (d_off), so a
 * listing resumes where the host's would. The entries are the host's
 * getdents64 records (struct linux_dirent64: ino, off, reclen, type,
 * name). The actor is shown each entry with pos just below its d_off, so
 * that the d_off it reports (pos + 1) is the host's.
 */
static int
hostfs_iterate(struct file *file, struct dir_context *ctx)
{
	enum { BUF = 4096 };
	uint8_t *buf = kmalloc(BUF);
	int64_t n;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		n = hostfs_readdir(ffd(file), ctx->pos, buf, BUF);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		for (int64_t i = 0; i < n;) {
			uint64_t ino, off, save = ctx->pos;
			uint16_t reclen;
			const char *name = (const char *)buf + i + 19;

			memcpy(&ino, buf + i, 8);
			memcpy(&off, buf + i + 8, 8);
			memcpy(&reclen, buf + i + 16, 2);
			if (reclen < 20 || i + reclen > n) {
				err = -EIO;
				goto out;
			}
			ctx->pos = off - 1;
			if (!ctx->actor(ctx, name, strnlen(name, reclen - 19), ino, buf[i + 18])) {
				ctx->pos = save;
				goto out;
			}
			ctx->pos = off;
			i += reclen;
		}
	}
out:
	kfree(buf);
	return err;
}

static int
hostfs_statfs_op(struct super_block *sb, struct kstatfs *st)
{
	struct hostfs_statfs hs;
	int err = hostfs_statfs(hfd(sb->root->inode), &hs);

	if (err)
		return err;
	st->type = HOSTFS_SUPER_MAGIC;
	st->bsize = hs.bsize;
	st->blocks = hs.blocks;
	st->bfree = hs.bfree;
	st->bavail = hs.bavail;
	st->files = hs.files;
	st->ffree = hs.ffree;
	st->namelen = hs.namelen;
	st->frsize = hs.frsize;
	st->flags = hs.flags;
	return 0;
}

static const struct inode_operations hostfs_dir_iops = {
	.lookup = hostfs_lookup_op,
	.create = hostfs_create,
	.mkdir = hostfs_mkdir_op,
	.symlink = hostfs_symlink_op,
	.link = hostfs_link_op,
	.unlink = hostfs_unlink_op,
	.rmdir = hostfs_rmdir_op,
	.rename2 = hostfs_rename_op,
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

static const struct inode_operations hostfs_file_iops = {
	.truncate = hostfs_truncate_op,
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

static const struct inode_operations hostfs_link_iops = {
	.readlink = hostfs_readlink_op,
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

static const struct inode_operations hostfs_special_iops = {
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

static const struct file_operations hostfs_dir_fops = {
	.open = hostfs_file_open,
	.iterate = hostfs_iterate,
	.llseek = generic_llseek,
	.fsync = hostfs_fsync_op,
	.release = hostfs_file_release,
};

static const struct file_operations hostfs_file_fops = {
	.open = hostfs_file_open,
	.read = hostfs_read,
	.write = hostfs_write,
	.llseek = hostfs_llseek,
	.fsync = hostfs_fsync_op,
	.release = hostfs_file_release,
};

/*
 * hostfs_mount: data is the host directory to show (see
 * hostfs_mount_root); a new superblock each time, as in UML.
 */
static int
hostfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	struct hostfs_stat st;
	struct super_block *sb;
	struct inode *root;
	int fd, err;

	(void)dev;
	(void)flags;
	err = hostfs_mount_root(data, &fd, &st);
	if (err)
		return err;
	sb = alloc_super(&hostfs_type);
	if (sb)
		sb->priv = kzalloc(sizeof(struct hostfs_sb));
	if (!sb || !sb->priv) {
		hostfs_close(fd);
		kfree(sb);
		return -ENOMEM;
	}
	sb->statfs = hostfs_statfs_op;
	sb->evict = hostfs_evict;
	sb->flags |= SB_PAGECACHE | SB_OWNER;	/* the host gives new files their owner */
	sb->readpage = hostfs_readpage;
	sb->d_revalidate = hostfs_revalidate;
	root = get_inode(sb, fd, &st);
	sb->root = root ? d_alloc(NULL, "/", 1) : NULL;
	if (!sb->root) {
		if (root)
			inode_put(root);
		return -ENOMEM;
	}
	sb->root->sb = sb;
	d_instantiate(sb->root, root);
	*out = sb;
	return 0;
}

static struct fs_type hostfs_type = { .name = "hostfs", .mount = hostfs_mount };

void
hostfs_init(void)
{
	register_filesystem(&hostfs_type);
}
