// SPDX-License-Identifier: GPL-2.0-only
/*
 * procfs: synthetic files generated when opened, in directories described
 * by tables (struct pentry, internal.h). This file is the machinery: the
 * inodes (made at each lookup, never cached: the superblock is SB_NOCACHE,
 * since what a name stands for changes as processes come and go), lookup,
 * readdir and readlink over the tables, the files' open and read, and the
 * mount. What the root holds is root.c's; a process directory is base.c's;
 * /proc/sys is proc_sysctl.c's.
 *
 * Ownership: an inode's pnode (what it stands for) is freed with the inode
 * (proc_evict); an open file's buffer is freed at its last close.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "asm/processor.h"
#include "internal.h"

#define GEN_MAX (64 * 1024)

struct super_block *proc_sb;
static const struct inode_operations proc_dir_iops, proc_link_iops;
static const struct file_operations proc_dir_fops, proc_file_fops;

struct task *
pnode_task(const struct pnode *pn)
{
	return pn->pid ? find_task(pn->pid) : NULL;
}

struct inode *
proc_inode(uint32_t mode, struct pnode pn)
{
	struct inode *inode = new_inode(proc_sb);
	struct pnode *p = kmalloc(sizeof(*p));

	if (!inode || !p) {
		kfree(p);
		inode_put(inode);
		return NULL;
	}
	*p = pn;
	inode->priv = p;
	inode->mode = mode;
	if (!(mode & S_IFMT))
		inode->mode |= S_IFREG;
	if (S_ISDIR(inode->mode)) {
		inode->i_op = &proc_dir_iops;
		inode->i_fop = &proc_dir_fops;
		inode->nlink = 2;
	} else if (S_ISLNK(inode->mode)) {
		inode->i_op = &proc_link_iops;
	} else {
		inode->i_fop = &proc_file_fops;
	}
	if (pn.pid) {
		struct task *t = find_task(pn.pid);

		if (t) {
			inode->uid = t->cred.euid;
			inode->gid = t->cred.egid;
		}
	}
	return inode;
}

static void
proc_evict(struct inode *inode)
{
	kfree(inode->priv);
}

/* entries_of is the table of directory pn, or NULL (the fd directory has none). */
static const struct pentry *
entries_of(const struct pnode *pn)
{
	switch (pn->kind) {
	case PROC_ROOT:
		return proc_root_entries;
	case PROC_PID:
		return proc_pid_entries;
	default:
		return pn->e ? pn->e->dir : NULL;
	}
}

int
proc_parse_num(const char *s, size_t len)
{
	int v = 0;

	if (!len || len > 9)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * proc_lookup: the fd directory, the directory's table, then (for the
 * root) self, thread-self and pids. A new inode each time: procfs names
 * are not cached.
 */
static int
proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct pnode *pn = dir->priv;
	const struct pentry *e = entries_of(pn);
	struct inode *inode;

	if (pn->kind == PROC_FD_DIR)
		return proc_fd_lookup(pn, name, len, out);
	for (; e && e->name; e++) {
		if (strlen(e->name) == len && !memcmp(e->name, name, len)) {
			int kind = (pn->kind == PROC_PID && !strcmp(e->name, "fd")) ? PROC_FD_DIR :
									       PROC_ENTRY;

			if (e->make)
				inode = e->make();
			else
				inode = proc_inode(e->mode, (struct pnode){ .e = e, .pid = pn->pid,
									 .kind = kind });
			if (!inode)
				return -ENOMEM;
			*out = inode;
			return 0;
		}
	}
	if (pn->kind == PROC_ROOT)
		return proc_root_lookup(name, len, out);
	return -ENOENT;
}

static int
proc_readlink(struct inode *inode, char *buf, size_t len)
{
	struct pnode *pn = inode->priv;
	struct task *t = pnode_task(pn);
	char tmp[PATH_MAX];
	int n;

	if (pn->kind == PROC_SELF || pn->kind == PROC_THREAD_SELF)
		n = proc_self_readlink(pn, tmp, sizeof(tmp));
	else if (!t)
		return -ENOENT;
	else if (pn->kind == PROC_FD_LINK)
		n = proc_fd_readlink(pn, tmp, sizeof(tmp));
	else
		n = pn->e->link(t, tmp, sizeof(tmp));
	if (n < 0)
		return n;
	if ((size_t)n > len)
		n = (int)len;
	memcpy(buf, tmp, n);
	return n;
}

bool
proc_emit(struct dir_context *ctx, uint64_t *i, const char *name, uint64_t ino, unsigned type)
{
	if ((*i)++ < ctx->pos)
		return true;
	if (!ctx->actor(ctx, name, strlen(name), ino, type))
		return false;
	ctx->pos = *i;
	return true;
}

/*
 * proc_iterate lists ".", "..", the directory's table, then the names
 * that are in no table (fds, or the root's self and pids). Positions are
 * indexes in that order, so a listing resumed after processes came or went
 * may skip or repeat a pid, as on Linux.
 */
static int
proc_iterate(struct file *f, struct dir_context *ctx)
{
	struct pnode *pn = f->inode->priv;
	const struct pentry *table = entries_of(pn), *e;
	uint64_t i = 0;

	if (!proc_emit(ctx, &i, ".", f->inode->ino, DT_DIR) || !proc_emit(ctx, &i, "..", 1, DT_DIR))
		return 0;
	if (pn->kind == PROC_FD_DIR) {
		proc_fd_iterate(pn, ctx, &i);
		return 0;
	}
	for (e = table; e && e->name; e++)
		if (!proc_emit(ctx, &i, e->name, 100 + (e - table), (e->mode & S_IFMT) >> 12 ?: DT_REG))
			return 0;
	if (pn->kind == PROC_ROOT)
		proc_root_iterate(ctx, &i);
	return 0;
}

struct pbuf {
	size_t len;
	char data[];
};

/*
 * proc_open generates the file's content once, from the task if it is
 * about one (ESRCH if that task is gone).
 */
static int
proc_open(struct inode *inode, struct file *f)
{
	struct pnode *pn = inode->priv;
	struct task *t = pnode_task(pn);
	struct pbuf *pb;

	if (pn->pid && !t)
		return -ESRCH;
	pb = kmalloc(sizeof(*pb) + GEN_MAX);
	if (!pb)
		return -ENOMEM;
	/* The content is made once, at open: reads see one consistent snapshot. */
	pb->len = pn->e->gen ? pn->e->gen(t, pb->data, GEN_MAX) : pn->e->show(pb->data, GEN_MAX);
	f->priv = pb;
	return 0;
}

static int64_t
proc_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct pbuf *pb = f->priv;

	return simple_read(buf, len, pos, pb->data, pb->len);
}

static int64_t
proc_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct pnode *pn = f->inode->priv;

	(void)buf;
	(void)pos;
	/* /proc/<pid>/comm is the only writable generated file; its new name is not kept yet. */
	if (strcmp(pn->e->name, "comm"))
		return -EPERM;
	return (int64_t)len;
}

static void
proc_release(struct file *f)
{
	kfree(f->priv);
}

static const struct inode_operations proc_dir_iops = { .lookup = proc_lookup };
static const struct inode_operations proc_link_iops = { .readlink = proc_readlink };
static const struct file_operations proc_dir_fops = { .iterate = proc_iterate };
static const struct file_operations proc_file_fops = {
	.open = proc_open,
	.read = proc_read,
	.write = proc_write,
	.release = proc_release,
	.llseek = generic_llseek,
};

static int
proc_statfs(struct super_block *sb, struct kstatfs *st)
{
	(void)sb;
	memset(st, 0, sizeof(*st));
	st->type = 0x9fa0;
	st->bsize = 4096;
	st->namelen = 255;
	return 0;
}

static int
proc_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	(void)dev;
	(void)flags;
	(void)data;
	*out = proc_sb;
	return 0;
}

static struct fs_type proc_type = { .name = "proc", .mount = proc_mount };

void
proc_init(void)
{
	struct inode *root;

	arch_cpuinfo_init();
	proc_sb = alloc_super(&proc_type);
	proc_sb->evict = proc_evict;
	proc_sb->flags |= SB_NOCACHE;
	proc_sb->statfs = proc_statfs;
	root = proc_inode(S_IFDIR | 0555, (struct pnode){ .kind = PROC_ROOT });
	proc_sb->root = d_alloc(NULL, "/", 1);
	proc_sb->root->sb = proc_sb;
	d_instantiate(proc_sb->root, root);
	register_filesystem(&proc_type);
}
