// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/sys: the sysctl table (kernel/sysctl.c) as a tree of directories
 * and files. A directory is a prefix of entry names ("kernel/random"); its
 * children are the next components of the entries below it, in the
 * table's sorted order. A file's read and write go straight to the entry's
 * handler at the file position, so what a program reads is the variable
 * the kernel uses, and a write changes it.
 *
 * Permissions are the entry's mode for root as for anyone (Linux's
 * sysctl_perm): root cannot write a 0444 entry nor read drop_caches.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"
#include "internal.h"

/* What a /proc/sys inode stands for: an entry, or (t NULL) the directory path. */
struct sysnode {
	const struct ctl_table *t;
	size_t len;
	char path[];
};

#define SYS_IO_MAX	(64 * 1024)

static const struct inode_operations sys_dir_iops, sys_file_iops;
static const struct file_operations sys_dir_fops, sys_file_fops;

/*
 * sys_inode makes the inode of a /proc/sys name: a file for entry t, or a
 * directory (t NULL) that remembers its own path, the prefix its children
 * share. The sysnode is freed with the inode (procfs's evict).
 */
static struct inode *
sys_inode(const char *path, size_t len, const struct ctl_table *t)
{
	struct inode *inode = new_inode(proc_sb);
	struct sysnode *sn = kmalloc(sizeof(*sn) + len + 1);

	if (!inode || !sn) {
		kfree(sn);
		inode_put(inode);
		return NULL;
	}
	sn->t = t;
	sn->len = len;
	memcpy(sn->path, path, len);
	sn->path[len] = '\0';
	inode->priv = sn;
	if (t) {
		inode->mode = S_IFREG | t->mode;
		inode->i_op = &sys_file_iops;
		inode->i_fop = &sys_file_fops;
	} else {
		inode->mode = S_IFDIR | 0555;
		inode->nlink = 2;
		inode->i_op = &sys_dir_iops;
		inode->i_fop = &sys_dir_fops;
	}
	return inode;
}

struct inode *
proc_sys_root(void)
{
	return sys_inode("", 0, NULL);
}

/* below tells whether entry name lies under directory dir (of dlen bytes; "" is the root). */
static bool
below(const char *name, const char *dir, size_t dlen)
{
	return !dlen || (!strncmp(name, dir, dlen) && name[dlen] == '/');
}

/*
 * sys_lookup: a name is an entry if the table has it, a directory if some
 * entry lies below it, and nothing otherwise. Nothing is cached (procfs
 * is SB_NOCACHE), so every walk asks the table again.
 */
static int
sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct sysnode *sn = dir->priv;
	size_t plen = sn->len + (sn->len ? 1 : 0) + len;
	char *path = kmalloc(plen + 1);
	const struct ctl_table *t;
	struct inode *inode = NULL;
	int err = -ENOENT;

	if (!path)
		return -ENOMEM;
	ksnprintf(path, plen + 1, "%s%s%.*s", sn->path, sn->len ? "/" : "", (int)len, name);
	t = sysctl_find(path, plen);
	if (t) {
		inode = sys_inode(path, plen, t);
	} else {
		for (t = sysctl_next(NULL); t; t = sysctl_next(t)) {
			if (below(t->name, path, plen)) {
				inode = sys_inode(path, plen, NULL);
				break;
			}
		}
	}
	if (t)
		err = inode ? 0 : -ENOMEM;
	kfree(path);
	*out = inode;
	return err;
}

/*
 * sys_iterate lists a directory's children from the sorted table: the
 * entries below it come in name order, so a subdirectory's entries are
 * consecutive and it is listed once, at its first. The position is a
 * child index (after "." and ".."), stable because the table never
 * changes after boot.
 */
static int
sys_iterate(struct file *f, struct dir_context *ctx)
{
	struct sysnode *sn = f->inode->priv;
	const char *last = NULL;
	size_t lastlen = 0;
	uint64_t i = 0;

	/* ".", "..", then one name per child, in the table's order. */
	if (ctx->pos == 0 && !ctx->actor(ctx, ".", 1, f->inode->ino, DT_DIR))
		return 0;
	if (ctx->pos == 0)
		ctx->pos = 1;
	if (ctx->pos == 1 && !ctx->actor(ctx, "..", 2, 1, DT_DIR))
		return 0;
	if (ctx->pos == 1)
		ctx->pos = 2;
	for (const struct ctl_table *t = sysctl_next(NULL); t; t = sysctl_next(t)) {
		const char *c;
		size_t clen;
		bool is_dir;

		if (!below(t->name, sn->path, sn->len))
			continue;
		c = t->name + sn->len + (sn->len ? 1 : 0);
		clen = strcspn(c, "/");
		is_dir = c[clen] == '/';
		if (last && clen == lastlen && !memcmp(c, last, clen))
			continue;	/* another entry in the same subdirectory */
		last = c;
		lastlen = clen;
		if (i++ < ctx->pos - 2)
			continue;
		if (!ctx->actor(ctx, c, clen, 1000 + i, is_dir ? DT_DIR : DT_REG))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* sys_permission is the entry's mode for everyone (directories: r-x). */
static int
sys_permission(struct inode *inode, int mask)
{
	struct sysnode *sn = inode->priv;

	if (!sn->t)
		return (mask & MAY_WRITE) ? -EACCES : 0;
	if (mask & MAY_EXEC)
		return -EACCES;
	return sysctl_perm(sn->t, mask);
}

/* sys_io runs the entry's handler on len bytes at the file position. */
static int64_t
sys_io(struct file *f, char *kbuf, size_t len, uint64_t *pos, bool write)
{
	const struct ctl_table *t = ((struct sysnode *)f->inode->priv)->t;
	int err;

	/* The mode is checked again: an fd may have changed hands. */
	if (sysctl_perm(t, write ? MAY_WRITE : MAY_READ))
		return -EPERM;
	if (!t->handler)
		return -EINVAL;
	err = t->handler(t, write, kbuf, &len, pos);
	return err ? err : (int64_t)len;
}

/*
 * sys_read and sys_write go through a kernel buffer of at most
 * SYS_IO_MAX bytes, with room for the NUL the handlers' parsers expect
 * after a write's text.
 */
static int64_t
sys_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	char *kbuf;
	int64_t n;

	if (len > SYS_IO_MAX)
		len = SYS_IO_MAX;
	kbuf = kmalloc(len + 1);
	if (!kbuf)
		return -ENOMEM;
	n = sys_io(f, kbuf, len, pos, false);
	if (n > 0)
		memcpy(buf, kbuf, (size_t)n);
	kfree(kbuf);
	return n;
}

static int64_t
sys_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	char *kbuf;
	int64_t n;

	if (len > SYS_IO_MAX)
		len = SYS_IO_MAX;
	kbuf = kmalloc(len + 1);
	if (!kbuf)
		return -ENOMEM;
	memcpy(kbuf, buf, len);
	kbuf[len] = '\0';
	n = sys_io(f, kbuf, len, pos, true);
	kfree(kbuf);
	return n;
}

static const struct inode_operations sys_dir_iops = {
	.lookup = sys_lookup,
	.permission = sys_permission,
};
static const struct inode_operations sys_file_iops = { .permission = sys_permission };
static const struct file_operations sys_dir_fops = { .iterate = sys_iterate };
static const struct file_operations sys_file_fops = {
	.read = sys_read,
	.write = sys_write,
	.llseek = generic_llseek,
};
