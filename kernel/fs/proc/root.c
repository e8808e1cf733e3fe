// SPDX-License-Identifier: GPL-2.0-only
/*
 * The root of /proc: the system-wide files (each a show function that
 * prints the state it reports, at open, into the file's buffer), /proc/sys
 * (proc_sysctl.c), /proc/umk (umk's own debugging files, which Linux does
 * not have; docs/architecture.md), and the names that are not in the
 * table: self, thread-self, and one directory per process (base.c).
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/fs.h"
#include "kernel/init.h"
#include "kernel/mm.h"
#include "kernel/netdev.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/utsname.h"
#include "asm/processor.h"
#include "internal.h"

static size_t
show_cmdline(char *b, size_t n)
{
	return kscnprintf(b, n, "%s\n", saved_command_line);
}

static size_t
show_version(char *b, size_t n)
{
	return kscnprintf(b, n, "%s version %s (umk@umk) (gcc) %s\n", utsname.sysname,
			  utsname.release, utsname.version);
}

/*
 * /proc/meminfo, from the page counters kept as pages change use
 * (mm/page_alloc.c). MemTotal is mem=; the kernel's own objects (slab,
 * stacks, page tables) live on the host's heap, outside it, so they take
 * none of it. Buffers: block devices have no page cache pages here (ext4's
 * metadata cache is kernel memory). Dirty: ext4 pages not yet written back
 * (filemap.c); Writeback: none is ever in flight (the writes are
 * synchronous).
 */
static size_t
show_meminfo(char *b, size_t n)
{
	uint64_t kb = PAGE_SIZE / 1024, *s = vm_stat;
	uint64_t file = s[NR_ACTIVE_FILE] + s[NR_INACTIVE_FILE], min = wmark_min_pages();
	uint64_t avail = nr_free_pages > min ? nr_free_pages - min : 0;

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
		(unsigned long long)(s[NR_INACTIVE_FILE] * kb), 0ULL, 0ULL, 0ULL, 0ULL,
		(unsigned long long)(nr_dirty_pages * kb), 0ULL,
		(unsigned long long)(s[NR_ANON_PAGES] * kb),
		(unsigned long long)(s[NR_FILE_MAPPED] * kb), (unsigned long long)(s[NR_SHMEM] * kb),
		0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL,
		(unsigned long long)(vm_commit_limit() * kb), (long long)(vm_committed * (int64_t)kb));
}

/* /proc/uptime: no idle time is accounted, so the second field repeats the first. */
static size_t
show_uptime(char *b, size_t n)
{
	uint64_t ns = ktime_get_ns();

	return kscnprintf(b, n, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(ns / 1000000000),
			  (unsigned long long)(ns % 1000000000 / 10000000),
			  (unsigned long long)(ns / 1000000000), (unsigned long long)(ns % 1000000000 / 10000000));
}

/* /proc/loadavg: no load average is kept (0.00); the task count and the last pid are real. */
static size_t
show_loadavg(char *b, size_t n)
{
	return kscnprintf(b, n, "0.00 0.00 0.00 1/%d %d\n", nr_tasks(), alloc_pid_last());
}

/*
 * /proc/stat: all time since boot counts as idle (guest time is not split
 * by CPU mode here), in USER_HZ ticks; btime is the wall clock at boot.
 */
static size_t
show_stat(char *b, size_t n)
{
	uint64_t j = ktime_get_ns() / 10000000;

	return kscnprintf(b, n, "cpu  0 0 0 %llu 0 0 0 0 0 0\ncpu0 0 0 0 %llu 0 0 0 0 0 0\n"
			  "intr 0\nctxt 0\nbtime %lld\nprocesses %d\nprocs_running 1\nprocs_blocked 0\n",
			  (unsigned long long)j, (unsigned long long)j,
			  (long long)((ktime_get_real_ns() - (int64_t)ktime_get_ns()) / 1000000000),
			  alloc_pid_last());
}

static size_t
show_swaps(char *b, size_t n)
{
	return kscnprintf(b, n, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

/*
 * /proc/partitions: every disk followed by its partitions, sizes in KiB,
 * in Linux's format; disks and partitions of size 0 (a loop device with
 * nothing attached) are left out, as Linux does.
 */
static size_t
show_partitions(char *b, size_t n)
{
	struct gendisk *d;
	size_t len = kscnprintf(b, n, "major minor  #blocks  name\n\n");

	list_for_each_entry(d, &disk_list, node) {
		if (!d->size || (d->whole && !d->whole->size))
			continue;
		len += kscnprintf(b + len, n - len, "%4u  %7u %10llu %s\n", d->major, d->minor,
				  (unsigned long long)(d->size / 1024), d->name);
	}
	return len;
}

static size_t
show_kmsg(char *b, size_t n)
{
	return printk_log_read(b, n, 0);
}

/*
 * /proc/umk/kmalloc_live: kernel objects allocated and not yet freed
 * (arch/um/kernel/kmalloc.c), for tests that look for leaks. Reading it allocates
 * too (the open file, this buffer), the same each time.
 */
static size_t
show_kmalloc_live(char *b, size_t n)
{
	return kscnprintf(b, n, "%llu\n", (unsigned long long)kmalloc_live());
}

/* /proc/net: the socket tables there are. */
static const struct pentry net_entries[] = {
	{ .name = "dev", .mode = 0444, .show = netdev_show },
	{ .name = "if_inet6", .mode = 0444, .show = if_inet6_show },
	{ .name = "raw", .mode = 0444, .show = proc_net_raw_show },
	{ .name = "route", .mode = 0444, .show = proc_net_route_show },
	{ .name = "tcp", .mode = 0444, .show = proc_net_tcp_show },
	{ .name = "tcp6", .mode = 0444, .show = proc_net_tcp6_show },
	{ .name = "udp", .mode = 0444, .show = proc_net_udp_show },
	{ .name = "udp6", .mode = 0444, .show = proc_net_udp6_show },
	{ .name = "unix", .mode = 0444, .show = unix_show },
	{ .name = NULL },
};

static const struct pentry umk_entries[] = {
	{ .name = "kmalloc_live", .mode = 0444, .show = show_kmalloc_live },
	{ .name = NULL },
};

const struct pentry proc_root_entries[] = {
	{ .name = "cmdline", .mode = 0444, .show = show_cmdline },
	{ .name = "version", .mode = 0444, .show = show_version },
	{ .name = "meminfo", .mode = 0444, .show = show_meminfo },
	{ .name = "uptime", .mode = 0444, .show = show_uptime },
	{ .name = "loadavg", .mode = 0444, .show = show_loadavg },
	{ .name = "stat", .mode = 0444, .show = show_stat },
	{ .name = "cpuinfo", .mode = 0444, .show = arch_show_cpuinfo },
	{ .name = "mounts", .mode = 0444, .show = mounts_show },
	{ .name = "swaps", .mode = 0444, .show = show_swaps },
	{ .name = "filesystems", .mode = 0444, .show = filesystems_show },
	{ .name = "devices", .mode = 0444, .show = devices_show },
	{ .name = "partitions", .mode = 0444, .show = show_partitions },
	{ .name = "kmsg", .mode = 0400, .show = show_kmsg },
	{ .name = "sys", .mode = S_IFDIR | 0555, .make = proc_sys_root },
	{ .name = "net", .mode = S_IFDIR | 0555, .dir = net_entries },
	{ .name = "umk", .mode = S_IFDIR | 0555, .dir = umk_entries },
	{ .name = NULL },
};

/*
 * A pid directory is made for a thread group's leader's pid, or any
 * thread's (Linux hides those from readdir but finds them too); it stays
 * usable only while the task lives (base.c).
 */
int
proc_root_lookup(const char *name, size_t len, struct inode **out)
{
	int pid;

	if (len == 4 && !memcmp(name, "self", 4)) {
		*out = proc_inode(S_IFLNK | 0777, (struct pnode){ .kind = PROC_SELF });
		return *out ? 0 : -ENOMEM;
	}
	if (len == 11 && !memcmp(name, "thread-self", 11)) {
		*out = proc_inode(S_IFLNK | 0777, (struct pnode){ .kind = PROC_THREAD_SELF });
		return *out ? 0 : -ENOMEM;
	}
	pid = proc_parse_num(name, len);
	if (pid > 0 && find_task(pid) && find_task(pid)->state != TASK_DEAD) {
		*out = proc_inode(S_IFDIR | 0555, (struct pnode){ .kind = PROC_PID, .pid = pid });
		return *out ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

bool
proc_root_iterate(struct dir_context *ctx, uint64_t *i)
{
	struct task *t;
	char num[16];

	if (!proc_emit(ctx, i, "self", 2, DT_LNK) || !proc_emit(ctx, i, "thread-self", 3, DT_LNK))
		return false;
	for_each_task(t) {
		if (t != t->group_leader || !t->pid || t->state == TASK_DEAD)
			continue;
		ksnprintf(num, sizeof(num), "%d", t->tgid);
		if (!proc_emit(ctx, i, num, 10000 + t->tgid, DT_DIR))
			return false;
	}
	return true;
}

int
proc_self_readlink(const struct pnode *pn, char *buf, size_t size)
{
	if (pn->kind == PROC_SELF)
		return ksnprintf(buf, size, "%d", current->tgid);
	return ksnprintf(buf, size, "%d/task/%d", current->tgid, current->pid);
}
