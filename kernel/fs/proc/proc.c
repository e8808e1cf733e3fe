// SPDX-License-Identifier: GPL-2.0-only
/*
 * procfs: synthetic files generated when opened. The root lists the
 * system-wide files (a table of name and generator) and one directory per
 * process; /proc/self is a symlink to the caller's. Per-process entries:
 * stat, status, cmdline, environ, maps, comm, exe, cwd, root, fd/.
 * /proc/sys is proc_sysctl.c's. /proc/umk/ holds umk's own debugging
 * files, which Linux does not have (docs/architecture.md).
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/err.h"
#include "kernel/tty.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/utsname.h"
#include "os.h"
#include "um_params.h"
#include "internal.h"

#define GEN_MAX (64 * 1024)

typedef size_t (*gen_fn)(struct task *t, char *buf, size_t size);

/* An entry of a synthetic directory. */
struct pentry {
	const char *name;
	uint32_t mode;
	gen_fn gen;			/* regular files */
	const struct pentry *dir;	/* subdirectories (NULL-name terminated) */
	int (*link)(struct task *t, char *buf, size_t size);	/* symlinks */
	struct inode *(*make)(void);	/* a subtree with its own inodes (/proc/sys) */
};

/* Inode private data: what the node is and for which task. */
struct pnode {
	const struct pentry *e;		/* NULL for a pid dir or the root */
	int pid;			/* 0: not per-process */
	int kind;			/* 0 entry, 1 root, 2 pid dir, 3 fd dir, 4 fd link, 5 self */
	int fd;
};

struct super_block *proc_sb;
static const struct inode_operations proc_dir_iops, proc_link_iops;
static const struct file_operations proc_dir_fops, proc_file_fops;

static struct task *
pnode_task(const struct pnode *pn)
{
	struct task *t = pn->pid ? find_task(pn->pid) : NULL;

	return t;
}

/* ---- system-wide generators ---- */

static size_t
gen_cmdline(struct task *t, char *b, size_t n)
{
	(void)t;
	return kscnprintf(b, n, "%s\n", um_cfg->cmdline);
}

static size_t
gen_version(struct task *t, char *b, size_t n)
{
	(void)t;
	return kscnprintf(b, n, "%s version %s (umk@umk) (gcc) %s\n", utsname.sysname,
			  utsname.release, utsname.version);
}

/*
 * /proc/meminfo, from the page counters kept as pages change use
 * (mm/page_alloc.c). MemTotal is mem=; the kernel's own objects (slab,
 * stacks, page tables) live on the host's heap, outside it, so they take
 * none of it. Buffers: block devices have no page cache pages here (ext4's
 * metadata cache is kernel memory). Dirty and Writeback: no file page is
 * ever written back (tmpfs needs none, ext4 has no write path yet).
 */
static size_t
gen_meminfo(struct task *t, char *b, size_t n)
{
	uint64_t kb = PAGE_SIZE / 1024, *s = vm_stat;
	uint64_t file = s[NR_ACTIVE_FILE] + s[NR_INACTIVE_FILE], min = wmark_min_pages();
	uint64_t avail = nr_free_pages > min ? nr_free_pages - min : 0;

	(void)t;
	/* MemAvailable as Linux estimates it: free memory and half the reclaimable cache at least. */
	avail += file - (file / 2 < min + min / 4 ? file / 2 : min + min / 4);
	return kscnprintf(b, n,
		"MemTotal:       %8llu kB\n" "MemFree:        %8llu kB\n"
		"MemAvailable:   %8llu kB\n" "Buffers:        %8llu kB\n"
		"Cached:         %8llu kB\n" "SwapCached:     %8llu kB\n"
		"Active:         %8llu kB\n" "Inactive:       %8llu kB\n"
		"Active(anon):   %8llu kB\n" "Inactive(anon): %8llu kB\n"
		"Active(file):   %8llu kB\n" "Inactive(file): %8llu kB\n"
		"Unevictable:    %8llu kB\n" "Mlocked:        %8llu kB\n"
		"SwapTotal:      %8llu kB\n" "SwapFree:       %8llu kB\n"
		"Dirty:          %8llu kB\n" "Writeback:      %8llu kB\n"
		"AnonPages:      %8llu kB\n" "Mapped:         %8llu kB\n"
		"Shmem:          %8llu kB\n" "KReclaimable:   %8llu kB\n"
		"Slab:           %8llu kB\n" "SReclaimable:   %8llu kB\n"
		"SUnreclaim:     %8llu kB\n" "KernelStack:    %8llu kB\n"
		"PageTables:     %8llu kB\n" "CommitLimit:    %8llu kB\n"
		"Committed_AS:   %8lld kB\n",
		(unsigned long long)(nr_pages * kb), (unsigned long long)(nr_free_pages * kb),
		(unsigned long long)(avail * kb), 0ULL,
		(unsigned long long)(s[NR_FILE_PAGES] * kb), 0ULL,
		(unsigned long long)((s[NR_ACTIVE_ANON] + s[NR_ACTIVE_FILE]) * kb),
		(unsigned long long)((s[NR_INACTIVE_ANON] + s[NR_INACTIVE_FILE]) * kb),
		(unsigned long long)(s[NR_ACTIVE_ANON] * kb),
		(unsigned long long)(s[NR_INACTIVE_ANON] * kb),
		(unsigned long long)(s[NR_ACTIVE_FILE] * kb),
		(unsigned long long)(s[NR_INACTIVE_FILE] * kb), 0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL,
		(unsigned long long)(s[NR_ANON_PAGES] * kb),
		(unsigned long long)(s[NR_FILE_MAPPED] * kb), (unsigned long long)(s[NR_SHMEM] * kb),
		0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL,
		(unsigned long long)(vm_commit_limit() * kb), (long long)(vm_committed * (int64_t)kb));
}

static size_t
gen_uptime(struct task *t, char *b, size_t n)
{
	uint64_t ns = ktime_get_ns();

	(void)t;
	return kscnprintf(b, n, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(ns / 1000000000),
			  (unsigned long long)(ns % 1000000000 / 10000000),
			  (unsigned long long)(ns / 1000000000), (unsigned long long)(ns % 1000000000 / 10000000));
}

static size_t
gen_loadavg(struct task *t, char *b, size_t n)
{
	(void)t;
	return kscnprintf(b, n, "0.00 0.00 0.00 1/%d %d\n", nr_tasks(), alloc_pid_last());
}

static size_t
gen_stat(struct task *t, char *b, size_t n)
{
	uint64_t j = ktime_get_ns() / 10000000;

	(void)t;
	return kscnprintf(b, n, "cpu  0 0 0 %llu 0 0 0 0 0 0\ncpu0 0 0 0 %llu 0 0 0 0 0 0\n"
			  "intr 0\nctxt 0\nbtime %lld\nprocesses %d\nprocs_running 1\nprocs_blocked 0\n",
			  (unsigned long long)j, (unsigned long long)j,
			  (long long)((ktime_get_real_ns() - (int64_t)ktime_get_ns()) / 1000000000),
			  alloc_pid_last());
}

/*
 * /proc/cpuinfo: the host's own lines for the CPU we run on (read once at
 * boot), so that a program choosing code paths by the flags chooses what
 * glibc chose from CPUID. The kernel is uniprocessor: one processor, 0,
 * alone in its package.
 */
static char host_cpuinfo[8192];

static const struct {
	const char *key, *value;
} uniprocessor[] = {
	{ "processor", "0" }, { "physical id", "0" }, { "siblings", "1" }, { "core id", "0" },
	{ "cpu cores", "1" }, { "apicid", "0" }, { "initial apicid", "0" },
};

static size_t
gen_cpuinfo(struct task *t, char *b, size_t n)
{
	size_t len = 0;

	(void)t;
	for (const char *line = host_cpuinfo; *line;) {
		size_t l = strcspn(line, "\n"), klen = strcspn(line, "\t:");
		const char *value = NULL;

		for (size_t i = 0; i < sizeof(uniprocessor) / sizeof(uniprocessor[0]); i++)
			if (strlen(uniprocessor[i].key) == klen &&
			    !memcmp(line, uniprocessor[i].key, klen) && memchr(line, ':', l))
				value = uniprocessor[i].value;
		if (value)
			len += kscnprintf(b + len, n - len, "%.*s: %s\n",
					  (int)(strchr(line, ':') - line), line, value);
		else
			len += kscnprintf(b + len, n - len, "%.*s\n", (int)l, line);
		line += l + (line[l] == '\n');
	}
	return len + kscnprintf(b + len, n - len, "\n");
}

static size_t
gen_mounts(struct task *t, char *b, size_t n)
{
	(void)t;
	return mounts_show(b, n);
}

static size_t
gen_mountinfo(struct task *t, char *b, size_t n)
{
	(void)t;
	return mountinfo_show(b, n);
}

static size_t
gen_swaps(struct task *t, char *b, size_t n)
{
	(void)t;
	return kscnprintf(b, n, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

static size_t
gen_filesystems(struct task *t, char *b, size_t n)
{
	(void)t;
	return filesystems_show(b, n);
}

static size_t
gen_devices(struct task *t, char *b, size_t n)
{
	(void)t;
	return devices_show(b, n);
}

static size_t
gen_partitions(struct task *t, char *b, size_t n)
{
	struct gendisk *d;
	size_t len = kscnprintf(b, n, "major minor  #blocks  name\n\n");

	(void)t;
	list_for_each_entry(d, &disk_list, node)
		len += kscnprintf(b + len, n - len, "%4u %7u %10llu %s\n", d->major, d->minor,
				  (unsigned long long)(d->size / 1024), d->name);
	return len;
}

static size_t
gen_kmsg(struct task *t, char *b, size_t n)
{
	(void)t;
	return printk_log_read(b, n, 0);
}

/*
 * /proc/umk/kmalloc_live: kernel objects allocated and not yet freed
 * (arch/um/kernel/kmalloc.c), for tests that look for leaks. Reading it allocates
 * too (the open file, this buffer), the same each time.
 */
static size_t
gen_kmalloc_live(struct task *t, char *b, size_t n)
{
	(void)t;
	return kscnprintf(b, n, "%llu\n", (unsigned long long)kmalloc_live());
}

static const struct pentry umk_files[] = {
	{ .name = "kmalloc_live", .mode = 0444, .gen = gen_kmalloc_live },
	{ .name = NULL },
};

static const struct pentry root_files[] = {
	{ .name = "cmdline", .mode = 0444, .gen = gen_cmdline },
	{ .name = "version", .mode = 0444, .gen = gen_version },
	{ .name = "meminfo", .mode = 0444, .gen = gen_meminfo },
	{ .name = "uptime", .mode = 0444, .gen = gen_uptime },
	{ .name = "loadavg", .mode = 0444, .gen = gen_loadavg },
	{ .name = "stat", .mode = 0444, .gen = gen_stat },
	{ .name = "cpuinfo", .mode = 0444, .gen = gen_cpuinfo },
	{ .name = "mounts", .mode = 0444, .gen = gen_mounts },
	{ .name = "swaps", .mode = 0444, .gen = gen_swaps },
	{ .name = "filesystems", .mode = 0444, .gen = gen_filesystems },
	{ .name = "devices", .mode = 0444, .gen = gen_devices },
	{ .name = "partitions", .mode = 0444, .gen = gen_partitions },
	{ .name = "kmsg", .mode = 0400, .gen = gen_kmsg },
	{ .name = "sys", .mode = S_IFDIR | 0555, .make = proc_sys_root },
	{ .name = "umk", .mode = S_IFDIR | 0555, .dir = umk_files },
	{ .name = NULL },
};

/* ---- per-process generators ---- */

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

static const struct pentry pid_files[] = {
	{ .name = "stat", .mode = 0444, .gen = gen_pid_stat },
	{ .name = "status", .mode = 0444, .gen = gen_pid_status },
	{ .name = "cmdline", .mode = 0444, .gen = gen_pid_cmdline },
	{ .name = "environ", .mode = 0400, .gen = gen_pid_environ },
	{ .name = "comm", .mode = 0644, .gen = gen_pid_comm },
	{ .name = "maps", .mode = 0444, .gen = gen_pid_maps },
	{ .name = "mounts", .mode = 0444, .gen = gen_mounts },
	{ .name = "mountinfo", .mode = 0444, .gen = gen_mountinfo },
	{ .name = "exe", .mode = S_IFLNK | 0777, .link = link_exe },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .link = link_cwd },
	{ .name = "root", .mode = S_IFLNK | 0777, .link = link_root },
	{ .name = "fd", .mode = S_IFDIR | 0500, .dir = NULL },
	{ .name = NULL },
};

/* ---- inodes ---- */

static struct inode *
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

static const struct pentry *
entries_of(const struct pnode *pn)
{
	switch (pn->kind) {
	case 1:
		return root_files;
	case 2:
		return pid_files;
	default:
		return pn->e ? pn->e->dir : NULL;
	}
}

static int
parse_int(const char *s, size_t len)
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

static int
proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct pnode *pn = dir->priv;
	const struct pentry *e = entries_of(pn);
	struct inode *inode = NULL;

	if (pn->kind == 3) {
		int fd = parse_int(name, len);
		struct task *t = pnode_task(pn);

		if (fd < 0 || !t || !t->files || fd >= t->files->max || !t->files->fd[fd])
			return -ENOENT;
		inode = proc_inode(S_IFLNK | 0700, (struct pnode){ .kind = 4, .pid = pn->pid, .fd = fd });
		goto done;
	}
	for (; e && e->name; e++) {
		if (strlen(e->name) == len && !memcmp(e->name, name, len)) {
			int kind = (pn->kind == 2 && !strcmp(e->name, "fd")) ? 3 : 0;

			if (e->make)
				inode = e->make();
			else
				inode = proc_inode(e->mode, (struct pnode){ .e = e, .pid = pn->pid,
									 .kind = kind });
			goto done;
		}
	}
	if (pn->kind == 1) {
		int pid;

		if (len == 4 && !memcmp(name, "self", 4)) {
			inode = proc_inode(S_IFLNK | 0777, (struct pnode){ .kind = 5 });
			goto done;
		}
		if (len == 11 && !memcmp(name, "thread-self", 11)) {
			inode = proc_inode(S_IFLNK | 0777, (struct pnode){ .kind = 6 });
			goto done;
		}
		pid = parse_int(name, len);
		if (pid > 0 && find_task(pid) && find_task(pid)->state != TASK_DEAD) {
			inode = proc_inode(S_IFDIR | 0555, (struct pnode){ .kind = 2, .pid = pid });
			goto done;
		}
	}
	return -ENOENT;
done:
	if (!inode)
		return -ENOMEM;
	*out = inode;
	return 0;
}

static int
proc_readlink(struct inode *inode, char *buf, size_t len)
{
	struct pnode *pn = inode->priv;
	struct task *t = pnode_task(pn);
	char tmp[PATH_MAX];
	int n;

	if (pn->kind == 5) {
		n = ksnprintf(tmp, sizeof(tmp), "%d", current->tgid);
	} else if (pn->kind == 6) {
		n = ksnprintf(tmp, sizeof(tmp), "%d/task/%d", current->tgid, current->pid);
	} else if (!t) {
		return -ENOENT;
	} else if (pn->kind == 4) {
		struct file *f = t->files && pn->fd < t->files->max ? t->files->fd[pn->fd] : NULL;

		if (!f)
			return -ENOENT;
		if (f->path.dentry)
			n = path_of(&f->path, tmp, sizeof(tmp));
		else
			n = ksnprintf(tmp, sizeof(tmp), "pipe:[%llu]", (unsigned long long)f->inode->ino);
	} else {
		n = pn->e->link(t, tmp, sizeof(tmp));
	}
	if (n < 0)
		return n;
	if ((size_t)n > len)
		n = (int)len;
	memcpy(buf, tmp, n);
	return n;
}

static bool
emit(struct dir_context *ctx, uint64_t *i, const char *name, uint64_t ino, unsigned type)
{
	if ((*i)++ < ctx->pos)
		return true;
	if (!ctx->actor(ctx, name, strlen(name), ino, type))
		return false;
	ctx->pos = *i;
	return true;
}

static int
proc_iterate(struct file *f, struct dir_context *ctx)
{
	struct pnode *pn = f->inode->priv;
	const struct pentry *e = entries_of(pn);
	uint64_t i = 0;
	char num[16];

	if (!emit(ctx, &i, ".", f->inode->ino, DT_DIR) || !emit(ctx, &i, "..", 1, DT_DIR))
		return 0;
	if (pn->kind == 3) {
		struct task *t = pnode_task(pn);

		for (int fd = 0; t && t->files && fd < t->files->max; fd++) {
			if (!t->files->fd[fd])
				continue;
			ksnprintf(num, sizeof(num), "%d", fd);
			if (!emit(ctx, &i, num, 1000 + fd, DT_LNK))
				return 0;
		}
		return 0;
	}
	for (; e && e->name; e++)
		if (!emit(ctx, &i, e->name, 100 + (e - root_files), (e->mode & S_IFMT) >> 12 ?: DT_REG))
			return 0;
	if (pn->kind == 1) {
		struct task *t;

		if (!emit(ctx, &i, "self", 2, DT_LNK) || !emit(ctx, &i, "thread-self", 3, DT_LNK))
			return 0;
		for_each_task(t) {
			if (t != t->group_leader || !t->pid || t->state == TASK_DEAD)
				continue;
			ksnprintf(num, sizeof(num), "%d", t->tgid);
			if (!emit(ctx, &i, num, 10000 + t->tgid, DT_DIR))
				return 0;
		}
	}
	return 0;
}

struct pbuf {
	size_t len;
	char data[];
};

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
	pb->len = pn->e->gen(t, pb->data, GEN_MAX);
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
	if (os_host_cpuinfo(host_cpuinfo, sizeof(host_cpuinfo)) <= 0) {
		pr_warn("proc: can't read the host's /proc/cpuinfo; /proc/cpuinfo lists processor 0 only\n");
		strcpy(host_cpuinfo, "processor\t: 0\n");
	}
	proc_sb = alloc_super(&proc_type);
	proc_sb->evict = proc_evict;
	proc_sb->flags |= SB_NOCACHE;
	proc_sb->statfs = proc_statfs;
	root = proc_inode(S_IFDIR | 0555, (struct pnode){ .kind = 1 });
	proc_sb->root = d_alloc(NULL, "/", 1);
	proc_sb->root->sb = proc_sb;
	d_instantiate(proc_sb->root, root);
	register_filesystem(&proc_type);
}
