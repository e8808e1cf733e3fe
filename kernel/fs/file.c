// SPDX-License-Identifier: GPL-2.0-only
/*
 * Open files and the per-process tables: struct file (shared by dup and
 * fork), the fd table (files_struct) with its close-on-exec bits, and the
 * root and working directory (fs_struct).
 *
 * Limits, as Linux has them: fs.file-max open files in the system (root
 * may pass it; fs.file-nr shows the count), RLIMIT_NOFILE descriptors per
 * process, and fs.nr_open, the most any process may be allowed.
 *
 * Ownership: a struct file is counted (refcount); each fd slot, each
 * mapping of it (vma->file), each epoll item and each fget hold owns one
 * reference, and the last file_put does everything a close does: the
 * file's own locks go, the file operations' release runs, and the inode
 * and path references go. An fd table and an fs_struct are counted too
 * (CLONE_FILES, CLONE_FS share them); the last put closes every fd or
 * drops root and cwd.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"

struct files_stat_struct files_stat;
int sysctl_nr_open = 1024 * 1024;

/* files_init sizes fs.file-max as Linux does: a tenth of memory in KiB. */
void
files_init(uint64_t mem_bytes)
{
	uint64_t n = mem_bytes / 1024 / 10;

	files_stat.max_files = n < NR_FILE ? NR_FILE : n;
}

/*
 * alloc_file makes an open file with one reference, taking its own
 * references to path and inode (the caller keeps its). fs.file-max
 * counts every file, but only stops those who are not root, as on Linux.
 */
struct file *
alloc_file(const struct path *path, struct inode *inode, unsigned int flags,
	   const struct file_operations *fop)
{
	struct file *f;

	if (files_stat.nr_files >= files_stat.max_files && current->cred.euid != 0)
		return ERR_PTR(-ENFILE);
	f = kzalloc(sizeof(*f));
	if (!f)
		return ERR_PTR(-ENOMEM);
	files_stat.nr_files++;
	f->refcount = 1;
	f->flags = flags;
	f->f_op = fop;
	if (path) {
		f->path = *path;
		path_get(path);
	}
	f->inode = inode;
	if (inode)
		inode_get(inode);
	return f;
}

void
file_get(struct file *f)
{
	f->refcount++;
}

void
file_put(struct file *f)
{
	if (!f || --f->refcount > 0)
		return;
	locks_remove_file(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	inode_put(f->inode);
	path_put(&f->path);
	kfree(f);
	files_stat.nr_files--;
}

/* proc_nr_files: fs.file-nr is "open files, 0 (no free list), file-max". */
int
proc_nr_files(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	uint64_t v[3] = { files_stat.nr_files, 0, files_stat.max_files };
	struct ctl_table tmp = { .data = v, .maxlen = sizeof(v) };

	(void)t;
	return proc_doulongvec_minmax(&tmp, write, buf, len, pos);
}

/* nofile is the caller's RLIMIT_NOFILE: its descriptors are below it. */
static uint64_t
nofile(void)
{
	return current->signal ? current->signal->rlim_cur[RLIMIT_NOFILE] : FD_MAX;
}

/* files_alloc makes an empty fd table of 64 slots; it grows by doubling (files_grow). */
struct files_struct *
files_alloc(void)
{
	struct files_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	fs->max = 64;
	fs->fd = kzalloc(fs->max * sizeof(*fs->fd));
	fs->cloexec = kzalloc(fs->max);
	if (!fs->fd || !fs->cloexec) {
		kfree(fs->fd);
		kfree(fs->cloexec);
		kfree(fs);
		return NULL;
	}
	return fs;
}

/*
 * files_grow makes slot need exist, doubling up to fs.nr_open. If only the
 * first of the two arrays could grow, the table stays as it was (max
 * unchanged), merely with a larger fd array.
 */
static int
files_grow(struct files_struct *fs, int need)
{
	int max = fs->max;
	struct file **fd;
	uint8_t *ce;

	if (need < max)
		return 0;
	if (need >= sysctl_nr_open)
		return -EMFILE;
	while (max <= need)
		max *= 2;
	if (max > sysctl_nr_open)
		max = sysctl_nr_open;
	fd = krealloc(fs->fd, max * sizeof(*fd));
	if (!fd)
		return -ENOMEM;
	fs->fd = fd;
	ce = krealloc(fs->cloexec, max);
	if (!ce)
		return -ENOMEM;
	fs->cloexec = ce;
	memset(fs->fd + fs->max, 0, (max - fs->max) * sizeof(*fd));
	memset(fs->cloexec + fs->max, 0, max - fs->max);
	fs->max = max;
	return 0;
}

/* files_dup copies an fd table for fork: the files are shared, each slot taking a reference. */
struct files_struct *
files_dup(struct files_struct *old)
{
	struct files_struct *fs = files_alloc();

	if (!fs)
		return NULL;
	if (files_grow(fs, old->max - 1)) {
		files_put(fs);
		return NULL;
	}
	for (int i = 0; i < old->max; i++) {
		fs->fd[i] = old->fd[i];
		fs->cloexec[i] = old->cloexec[i];
		if (fs->fd[i])
			file_get(fs->fd[i]);
	}
	return fs;
}

/*
 * files_put drops a task's reference to its fd table; the last one closes
 * every fd. Closing any fd of a file drops the process's POSIX locks on
 * it (locks_remove_posix), a rule of fcntl locks programs rely on.
 */
void
files_put(struct files_struct *fs)
{
	if (!fs || --fs->refcount > 0)
		return;
	for (int i = 0; i < fs->max; i++) {
		if (fs->fd[i]) {
			locks_remove_posix(fs->fd[i]->inode, current->tgid);
			file_put(fs->fd[i]);
		}
	}
	kfree(fs->fd);
	kfree(fs->cloexec);
	kfree(fs);
}

/* files_close_on_exec closes the FD_CLOEXEC fds (exec, once the new program is sure to run). */
void
files_close_on_exec(struct files_struct *fs)
{
	for (int i = 0; i < fs->max; i++) {
		if (fs->fd[i] && fs->cloexec[i]) {
			locks_remove_posix(fs->fd[i]->inode, current->tgid);
			file_put(fs->fd[i]);
			fs->fd[i] = NULL;
			fs->cloexec[i] = 0;
		}
	}
}

/* hold_file keeps a reference to f for the rest of current's system call. */
static void
hold_file(struct file *f)
{
	struct task *t = current;

	for (int i = t->nheld - 1; i >= 0; i--)
		if (t->held[i] == f)
			return;
	if (t->nheld == t->held_cap) {
		int cap = t->held_cap ? t->held_cap * 2 : 8;
		struct file **h = krealloc(t->held, (size_t)cap * sizeof(*h));

		if (!h)
			return;	/* out of memory: the call runs on the table's reference */
		t->held = h;
		t->held_cap = cap;
	}
	file_get(f);
	t->held[t->nheld++] = f;
}

struct file *
fget(int fd)
{
	struct files_struct *fs = current->files;
	struct file *f;

	if (!fs || fd < 0 || fd >= fs->max)
		return NULL;
	f = fs->fd[fd];
	if (f && fs->refcount > 1)
		hold_file(f);
	return f;
}

void
fput_held(struct task *t)
{
	while (t->nheld > 0)
		file_put(t->held[--t->nheld]);
}

/*
 * fd_install_at puts f at fd (dup2, F_DUPFD), closing what was there;
 * f's reference moves to the slot. On error the caller still owns it.
 */
int
fd_install_at(int fd, struct file *f, bool cloexec)
{
	struct files_struct *fs = current->files;
	int err = files_grow(fs, fd);

	if (err)
		return err;
	if (fs->fd[fd])
		file_put(fs->fd[fd]);
	fs->fd[fd] = f;
	fs->cloexec[fd] = cloexec;
	return fd;
}

/* fd_install puts f in the lowest free slot (taking the reference). */
int
fd_install(struct file *f, bool cloexec)
{
	struct files_struct *fs = current->files;
	int fd;

	for (fd = 0; fd < fs->max; fd++)
		if (!fs->fd[fd])
			break;
	if ((uint64_t)fd >= nofile())
		return -EMFILE;
	return fd_install_at(fd, f, cloexec);
}

/* fd_close empties slot fd and drops its reference (the file lives on if other references hold it). */
int
fd_close(int fd)
{
	struct files_struct *fs = current->files;
	struct file *f;

	if (fd < 0 || fd >= fs->max || !fs->fd[fd])
		return -EBADF;
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	fs->cloexec[fd] = 0;
	locks_remove_posix(f->inode, current->tgid);
	file_put(f);
	return 0;
}

/* fs_alloc makes a root/cwd holder with umask 022 and no paths yet (the caller sets them). */
struct fs_struct *
fs_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (fs) {
		fs->refcount = 1;
		fs->umask = 022;
	}
	return fs;
}

struct fs_struct *
fs_dup(struct fs_struct *old)
{
	struct fs_struct *fs = fs_alloc();

	if (!fs)
		return NULL;
	fs->root = old->root;
	fs->cwd = old->cwd;
	fs->umask = old->umask;
	path_get(&fs->root);
	path_get(&fs->cwd);
	return fs;
}

void
fs_put(struct fs_struct *fs)
{
	if (!fs || --fs->refcount > 0)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	kfree(fs);
}
