// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/<pid>: one directory per process, made when looked up, naming the
 * process by pid only. A task can end while its directory or an open file
 * of it is held, so every operation finds the task again by pid and
 * answers ENOENT (or ESRCH at open) once it is gone; nothing here holds a
 * reference to a task. Files are generated from the task at open (their
 * content is fixed until closed); the fd directory lists the open fds,
 * each a symlink to what it names.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/tty.h"
#include "internal.h"

/* state_char is the one-letter state of /proc/<pid>/stat (a dead task shows as a zombie). */
static char
state_char(struct task *t)
{
	switch (t->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_STOPPED:
		return 'T';
	default:
		return 'Z';
	}
}

/*
 * /proc/<pid>/stat: the 52 fields of Linux's, in its order, for ps and
 * top. What umk does not keep is 0 (priorities, page counts other than
 * rss, the signal bitmaps, which are in status); times are in ticks of
 * HZ = 100, as the clock tick (sysconf(_SC_CLK_TCK)) says. Field 7 says
 * the tty is 4:0 (tty0, the console) whenever the process has one.
 */
static size_t
gen_pid_stat(struct task *t, char *b, size_t n)
{
	struct task *p = t->parent;
	struct mm_struct *mm = t->mm;
	int tty = t->signal && t->signal->tty ? (4 << 8) : 0;

	return kscnprintf(b, n,
		"%d (%s) %c %d %d %d %d %d 4194560 %llu 0 0 0 %llu %llu 0 0 20 0 1 0 %llu %llu %llu "
		"18446744073709551615 %llu %llu %llu 0 0 0 0 0 0 0 0 0 %d 0 0 0 0 0 %llu %llu %llu "
		"%llu %llu %llu %d\n",
		t->tgid, t->comm, state_char(t), p && p->pid ? p->tgid : 0,
		t->signal ? t->signal->pgrp : 0, t->signal ? t->signal->session : 0, tty,
		t->signal && t->signal->tty ? t->signal->tty->pgrp : -1,
		(unsigned long long)t->minflt,
		(unsigned long long)(t->utime_ns / 10000000), (unsigned long long)(t->stime_ns / 10000000),
		(unsigned long long)(t->start_time_ns / 10000000),
		(unsigned long long)(mm ? mm->rss * PAGE_SIZE * 4 : 0),
		(unsigned long long)(mm ? mm->rss : 0),
		(unsigned long long)(mm ? mm->start_code : 0), (unsigned long long)(mm ? mm->end_code : 0),
		(unsigned long long)(mm ? mm->start_stack : 0), t->exit_signal,
		(unsigned long long)(mm ? mm->start_data : 0), (unsigned long long)(mm ? mm->end_data : 0),
		(unsigned long long)(mm ? mm->start_brk : 0), (unsigned long long)(mm ? mm->arg_start : 0),
		(unsigned long long)(mm ? mm->arg_end : 0), (unsigned long long)(mm ? mm->env_start : 0),
		t->exit_code);
}

/*
 * /proc/<pid>/status: the lines programs grep for. Every task is root's
 * full capability set and allowed only CPU 0; rss stands for VmPeak and
 * VmSize too (no VM accounting of its own here).
 */
static size_t
gen_pid_status(struct task *t, char *b, size_t n)
{
	static const char *const names[] = { "R (running)", "S (sleeping)", "D (disk sleep)",
					     "T (stopped)", "Z (zombie)", "X (dead)" };
	struct task *p = t->parent;
	uint64_t rss = t->mm ? t->mm->rss * 4 : 0;

	return kscnprintf(b, n,
		"Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		"TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t\n"
		"VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmRSS:\t%8llu kB\nThreads:\t%d\n"
		"SigQ:\t0/4096\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
		"SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n"
		"CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n"
		"Cpus_allowed:\t1\nCpus_allowed_list:\t0\nvoluntary_ctxt_switches:\t%llu\n"
		"nonvoluntary_ctxt_switches:\t%llu\n",
		t->comm, t->fs ? t->fs->umask : 022, names[t->state], t->tgid, t->pid,
		p && p->pid ? p->tgid : 0, t->cred.uid, t->cred.euid, t->cred.suid, t->cred.fsuid,
		t->cred.gid, t->cred.egid, t->cred.sgid, t->cred.fsgid,
		t->files ? t->files->max : 0, (unsigned long long)rss, (unsigned long long)rss,
		(unsigned long long)rss, t->signal ? t->signal->count : 1,
		(unsigned long long)t->pending.signal,
		(unsigned long long)(t->signal ? t->signal->shared_pending.signal : 0),
		(unsigned long long)t->blocked, (unsigned long long)t->nvcsw,
		(unsigned long long)t->nivcsw);
}

/*
 * gen_mm_range copies the argument or environment strings out of the
 * task's own memory, where exec put them: a program that rewrites its
 * argv shows the new text, as on Linux. A page that cannot be read gives
 * an empty file.
 */
static size_t
gen_mm_range(struct task *t, char *b, size_t n, bool env)
{
	struct mm_struct *mm = t->mm;
	uint64_t s, e;
	size_t len;

	if (!mm)
		return 0;
	s = env ? mm->env_start : mm->arg_start;
	e = env ? mm->env_end : mm->arg_end;
	len = e > s ? e - s : 0;
	if (len > n)
		len = n;
	if (copy_from_mm(mm, b, u64_to_uaddr(s), len))
		return 0;
	return len;
}

static size_t
gen_pid_cmdline(struct task *t, char *b, size_t n)
{
	return gen_mm_range(t, b, n, false);
}

static size_t
gen_pid_environ(struct task *t, char *b, size_t n)
{
	return gen_mm_range(t, b, n, true);
}

static size_t
gen_pid_comm(struct task *t, char *b, size_t n)
{
	return kscnprintf(b, n, "%s\n", t->comm);
}

/*
 * /proc/<pid>/maps, one VMA a line, in Linux's format (the device is not
 * kept: 00:00). The name column is the file's path, or [heap] or [stack].
 */
static size_t
gen_pid_maps(struct task *t, char *b, size_t n)
{
	struct vma *v;
	size_t len = 0;

	if (!t->mm)
		return 0;
	list_for_each_entry(v, &t->mm->vmas, node) {
		char path[PATH_MAX] = "";

		if (v->file && v->file->path.dentry)
			path_of(&v->file->path, path, sizeof(path));
		else if (v->name)
			strcpy(path, v->name);
		len += kscnprintf(b + len, n - len, "%08llx-%08llx %c%c%c%c %08llx 00:00 %llu %s%s\n",
				  (unsigned long long)v->start, (unsigned long long)v->end,
				  v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-',
				  v->prot & PROT_EXEC ? 'x' : '-', v->flags & VM_SHARED ? 's' : 'p',
				  (unsigned long long)v->pgoff,
				  (unsigned long long)(v->file ? v->file->inode->ino : 0),
				  *path ? "                          " : "", path);
	}
	return len;
}

/* The symlinks exe, cwd and root: where the file or directory is now, as a path. */
static int
link_exe(struct task *t, char *buf, size_t size)
{
	if (!t->mm || !t->mm->exe_file)
		return -ENOENT;
	return path_of(&t->mm->exe_file->path, buf, size);
}

static int
link_cwd(struct task *t, char *buf, size_t size)
{
	return t->fs ? path_of(&t->fs->cwd, buf, size) : -ENOENT;
}

static int
link_root(struct task *t, char *buf, size_t size)
{
	return t->fs ? path_of(&t->fs->root, buf, size) : -ENOENT;
}

const struct pentry proc_pid_entries[] = {
	{ .name = "stat", .mode = 0444, .gen = gen_pid_stat },
	{ .name = "status", .mode = 0444, .gen = gen_pid_status },
	{ .name = "cmdline", .mode = 0444, .gen = gen_pid_cmdline },
	{ .name = "environ", .mode = 0400, .gen = gen_pid_environ },
	{ .name = "comm", .mode = 0644, .gen = gen_pid_comm },
	{ .name = "maps", .mode = 0444, .gen = gen_pid_maps },
	{ .name = "mounts", .mode = 0444, .show = mounts_show },
	{ .name = "mountinfo", .mode = 0444, .show = mountinfo_show },
	{ .name = "exe", .mode = S_IFLNK | 0777, .link = link_exe },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .link = link_cwd },
	{ .name = "root", .mode = S_IFLNK | 0777, .link = link_root },
	{ .name = "fd", .mode = S_IFDIR | 0500, .dir = NULL },
	{ .name = NULL },
};

/* proc_fd_file is t's open file at fd, or NULL. */
static struct file *
proc_fd_file(struct task *t, int fd)
{
	if (!t || !t->files || fd < 0 || fd >= t->files->max)
		return NULL;
	return t->files->fd[fd];
}

int
proc_fd_lookup(const struct pnode *dir, const char *name, size_t len, struct inode **out)
{
	int fd = proc_parse_num(name, len);

	if (!proc_fd_file(pnode_task(dir), fd))
		return -ENOENT;
	*out = proc_inode(S_IFLNK | 0700, (struct pnode){ .kind = PROC_FD_LINK, .pid = dir->pid,
							   .fd = fd });
	return *out ? 0 : -ENOMEM;
}

void
proc_fd_iterate(const struct pnode *dir, struct dir_context *ctx, uint64_t *i)
{
	struct task *t = pnode_task(dir);
	char num[16];

	for (int fd = 0; t && t->files && fd < t->files->max; fd++) {
		if (!t->files->fd[fd])
			continue;
		ksnprintf(num, sizeof(num), "%d", fd);
		if (!proc_emit(ctx, i, num, 1000 + fd, DT_LNK))
			return;
	}
}

int
proc_fd_readlink(const struct pnode *pn, char *buf, size_t size)
{
	struct file *f = proc_fd_file(pnode_task(pn), pn->fd);

	if (!f)
		return -ENOENT;
	if (f->path.dentry)
		return path_of(&f->path, buf, size);
	if (S_ISSOCK(f->inode->mode))
		return ksnprintf(buf, size, "socket:[%llu]", (unsigned long long)f->inode->ino);
	return ksnprintf(buf, size, "pipe:[%llu]", (unsigned long long)f->inode->ino);
}
