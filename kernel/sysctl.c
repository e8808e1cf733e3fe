// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl: the table of /proc/sys entries and the handlers that read and
 * write them. kernel/fs/proc/proc_sysctl.c turns the table into files;
 * the variables belong to the subsystems that use them (pid_max to the
 * scheduler's pid allocator, pipe_max_size to pipes, ...), so a write here
 * is a write to what the kernel consults.
 *
 * The numeric handlers follow Linux's parser (proc_get_long): leading
 * blanks, an optional '-', digits in base 10, 8 (leading 0) or 16 (0x),
 * then a blank or the end; at most 21 characters per number. A vector
 * takes its values separated by blanks. Writes at a non-zero file offset
 * are ignored (sysctl_writes_strict = 1), reads at one return nothing.
 *
 * Only facilities umk has appear: tests/boot/sysctl-linux-6.1.txt lists
 * Linux 6.1's names with the facility each belongs to, and the boot test
 * checks that we show exactly the names of the facilities we implement.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fork.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/sysctl.h"
#include "kernel/sysctl_parse.h"
#include "kernel/tty.h"
#include "kernel/utsname.h"
#include "uapi/futex.h"

#define TMPBUFLEN	22	/* as in kernel/lib/sysctl_parse.c */
#define INT_MAX		0x7fffffff
#define UINT_MAX	0xffffffffu
#define LONG_MAX	0x7fffffffffffffffUL

int overflowuid = 65534, overflowgid = 65534;
int fs_overflowuid = 65534, fs_overflowgid = 65534;
/* kernel.sysctl_writes_strict: 1 strict, 0 like -1 but warning, -1 offsets ignored (legacy). */
int sysctl_writes_strict = 1;

/* write_at_offset_ignored: a write that does not start at 0 changes nothing (strict mode). */
static bool
write_at_offset_ignored(const struct ctl_table *t, uint64_t pos)
{
	static bool warned;

	if (!pos || sysctl_writes_strict == -1)
		return false;
	if (sysctl_writes_strict == 1)
		return true;
	if (!warned) {
		warned = true;
		pr_warn("%s wrote to %s when file position was not 0!\n"
			"This will not be supported in the future. To silence this\n"
			"warning, set kernel.sysctl_writes_strict = -1\n", current->comm, t->name);
	}
	return false;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static size_t
skip_spaces(const char **p, size_t left)
{
	size_t n = 0;

	while (n < left && is_space((*p)[n]))
		n++;
	*p += n;
	return n;
}

/* put_value appends one number (and the tab before it, if not the first) to buf. */
static void
put_value(char *buf, size_t size, size_t *used, bool first, bool neg, uint64_t v)
{
	char tmp[TMPBUFLEN + 2];
	int n = ksnprintf(tmp, sizeof(tmp), "%s%s%llu", first ? "" : "\t", neg ? "-" : "",
			  (unsigned long long)v);
	size_t room = size - *used;

	if ((size_t)n > room)
		n = (int)room;
	memcpy(buf + *used, tmp, (size_t)n);
	*used += (size_t)n;
}

/* The element types of numeric vectors. */
enum vec_kind { VEC_INT, VEC_UINT, VEC_ULONG };

static size_t
elem_size(enum vec_kind k)
{
	return k == VEC_ULONG ? sizeof(uint64_t) : sizeof(int);
}

/*
 * store checks one parsed value against the kind and the entry's bounds
 * and stores it at slot i: 0 or -EINVAL.
 */
static int
store(const struct ctl_table *t, enum vec_kind k, bool minmax, int i, uint64_t v, bool neg)
{
	if (k == VEC_INT) {
		int64_t x;

		if ((neg && v > (uint64_t)INT_MAX + 1) || (!neg && v > INT_MAX))
			return -EINVAL;
		x = neg ? -(int64_t)v : (int64_t)v;
		if (minmax && ((t->min && x < *(const int *)t->min) ||
			       (t->max && x > *(const int *)t->max)))
			return -EINVAL;
		((int *)t->data)[i] = (int)x;
		return 0;
	}
	if (neg || (k == VEC_UINT && v > UINT_MAX))
		return -EINVAL;
	if (k == VEC_UINT) {
		if (minmax && ((t->min && v < *(const unsigned *)t->min) ||
			       (t->max && v > *(const unsigned *)t->max)))
			return -EINVAL;
		((unsigned *)t->data)[i] = (unsigned)v;
		return 0;
	}
	if (minmax && ((t->min && v < *(const uint64_t *)t->min) ||
		       (t->max && v > *(const uint64_t *)t->max)))
		return -EINVAL;
	((uint64_t *)t->data)[i] = v;
	return 0;
}

static void
load(const struct ctl_table *t, enum vec_kind k, int i, uint64_t *v, bool *neg)
{
	*neg = false;
	if (k == VEC_INT) {
		int x = ((const int *)t->data)[i];

		*neg = x < 0;
		*v = x < 0 ? (uint64_t)-(int64_t)x : (uint64_t)x;
	} else if (k == VEC_UINT) {
		*v = ((const unsigned *)t->data)[i];
	} else {
		*v = ((const uint64_t *)t->data)[i];
	}
}

/*
 * do_vec is the one engine behind the numeric handlers: a read prints the
 * vector tab-separated with a newline, a write parses blank-separated
 * numbers into it in order (each checked against the bounds with minmax)
 * and stops at the first bad one, keeping what came before, as Linux's
 * __do_proc_dointvec does.
 */
static int
do_vec(const struct ctl_table *t, bool write, char *buf, size_t *lenp, uint64_t *pos,
       enum vec_kind k, bool minmax)
{
	int n = t->maxlen / (int)elem_size(k), i, err = 0;
	size_t left = *lenp, used = 0;
	const char *p = buf;

	if (!t->data || n <= 0 || !*lenp || (*pos && !write)) {
		*lenp = 0;
		return 0;
	}
	if (write && write_at_offset_ignored(t, *pos)) {
		*lenp = 0;
		return 0;
	}
	for (i = 0; i < n; i++) {
		uint64_t v;
		bool neg;

		if (!write) {
			load(t, k, i, &v, &neg);
			put_value(buf, *lenp, &used, i == 0, neg, v);
			continue;
		}
		left -= skip_spaces(&p, left);
		if (!left)
			break;
		err = sysctl_get_long(&p, &left, &v, &neg);
		if (!err)
			err = store(t, k, minmax, i, v, neg);
		if (err)
			break;
	}
	if (!write) {
		if (used < *lenp)
			buf[used++] = '\n';
		*lenp = used;
		*pos += used;
		return 0;
	}
	if (!err && left)
		left -= skip_spaces(&p, left);
	if (!err && i == 0)
		err = -EINVAL;	/* nothing but blanks */
	if (err)
		return err;
	*lenp -= left;
	*pos += *lenp;
	return 0;
}

int
proc_dointvec(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	return do_vec(t, write, buf, len, pos, VEC_INT, false);
}

int
proc_dointvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	return do_vec(t, write, buf, len, pos, VEC_INT, true);
}

int
proc_douintvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len,
		      uint64_t *pos)
{
	return do_vec(t, write, buf, len, pos, VEC_UINT, true);
}

int
proc_doulongvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len,
		       uint64_t *pos)
{
	return do_vec(t, write, buf, len, pos, VEC_ULONG, true);
}

/*
 * proc_dostring: a write stores up to maxlen - 1 bytes, stopping at a
 * newline (longer values are cut, as Linux does); a read gives the string
 * and a newline.
 */
int
proc_dostring(const struct ctl_table *t, bool write, char *buf, size_t *lenp, uint64_t *pos)
{
	char *data = t->data;
	size_t len, max = (size_t)t->maxlen;

	if (!data || !max || !*lenp) {
		*lenp = 0;
		return 0;
	}
	if (write) {
		len = 0;	/* not strict: the write starts the string afresh */
		if (sysctl_writes_strict == 1) {
			len = strnlen(data, max - 1);
			if (*pos > len) {
				*lenp = 0;
				return 0;
			}
			len = *pos;	/* strict: a write at offset n continues the string there */
		}
		*pos += *lenp;
		for (size_t i = 0; i < *lenp && len < max - 1; i++) {
			if (buf[i] == '\0' || buf[i] == '\n')
				break;
			data[len++] = buf[i];
		}
		data[len] = '\0';
		return 0;
	}
	len = strnlen(data, max);
	if (*pos > len) {
		*lenp = 0;
		return 0;
	}
	len -= *pos;
	if (len > *lenp)
		len = *lenp;
	memcpy(buf, data + *pos, len);
	if (len < *lenp)
		buf[len++] = '\n';
	*lenp = len;
	*pos += len;
	return 0;
}

/*
 * proc_do_rointvec: what Linux 6.1 left of the random pool's tunables: a
 * write is taken and changes nothing (the pool is always full).
 */
static int
proc_do_rointvec(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	return write ? 0 : proc_dointvec(t, false, buf, len, pos);
}

/* Bounds shared by several entries. */
static const int zero, one = 1, two = 2, int_max = INT_MAX, neg_one = -1;
static const int overflow_max = 65535;		/* 16-bit uids */
static const int pid_max_min = 301, pid_max_max = 4 * 1024 * 1024;
static const int threads_max_max = FUTEX_TID_MASK;
static const int nr_open_min = 64, nr_open_max = 0x7fffffc0;
static const int swappiness_max = 200;
static const int drop_caches_max = 4;
static const uint64_t ulong_zero, ulong_max = LONG_MAX;
static int entropy_avail = 256, poolsize = 256;	/* Linux 6.1's pool: always full, 256 bits */
static int urandom_min_reseed_secs = 60, write_wakeup_threshold = 256;
static int ngroups_max = NGROUPS_MAX, cap_last_cap = 40;
static const int min_sndbuf = SOCK_MIN_SNDBUF, min_rcvbuf = SOCK_MIN_RCVBUF;

#define INT(n, m, var, h, lo, hi) \
	{ .name = n, .mode = m, .data = &(var), .maxlen = sizeof(int), .handler = h, .min = lo, .max = hi }
#define ULONG(n, m, var, lo, hi) \
	{ .name = n, .mode = m, .data = &(var), .maxlen = sizeof(uint64_t), \
	  .handler = proc_doulongvec_minmax, .min = lo, .max = hi }
/* A uname field: the bytes uname(2) copies out, so it follows every write. */
#define UTS(n, m, field) \
	{ .name = n, .mode = m, .data = utsname.field, .maxlen = sizeof(utsname.field), \
	  .handler = proc_dostring }
#define FN(n, m, h) { .name = n, .mode = m, .handler = h }

/* Every entry, in any order: sysctl_init sorts them by name as Linux lists them. */
static struct ctl_table table[] = {
	/* kernel: uname(2), processes, printk, random, ptys */
	UTS("kernel/arch", 0444, machine),
	UTS("kernel/domainname", 0644, domainname),
	UTS("kernel/hostname", 0644, nodename),
	UTS("kernel/osrelease", 0444, release),
	UTS("kernel/ostype", 0444, sysname),
	UTS("kernel/version", 0444, version),
	INT("kernel/cap_last_cap", 0444, cap_last_cap, proc_dointvec, NULL, NULL),
	INT("kernel/ngroups_max", 0444, ngroups_max, proc_dointvec, NULL, NULL),
	INT("kernel/overflowuid", 0644, overflowuid, proc_dointvec_minmax, &zero, &overflow_max),
	INT("kernel/overflowgid", 0644, overflowgid, proc_dointvec_minmax, &zero, &overflow_max),
	INT("kernel/pid_max", 0644, pid_max, proc_dointvec_minmax, &pid_max_min, &pid_max_max),
	INT("kernel/threads-max", 0644, max_threads, proc_dointvec_minmax, &one, &threads_max_max),
	{ .name = "kernel/printk", .mode = 0644, .data = console_printk,
	  .maxlen = 4 * sizeof(int), .handler = proc_dointvec },
	INT("kernel/dmesg_restrict", 0644, dmesg_restrict, proc_dointvec_minmax, &zero, &one),
	INT("kernel/panic", 0644, panic_timeout, proc_dointvec, NULL, NULL),
	INT("kernel/sysctl_writes_strict", 0644, sysctl_writes_strict, proc_dointvec_minmax,
	    &neg_one, &one),
	INT("kernel/pty/max", 0644, pty_limit, proc_dointvec_minmax, &zero, &int_max),
	INT("kernel/pty/reserve", 0644, pty_reserve, proc_dointvec_minmax, &zero, &int_max),
	INT("kernel/pty/nr", 0444, pty_count, proc_dointvec, NULL, NULL),
	FN("kernel/random/boot_id", 0444, proc_do_boot_id),
	FN("kernel/random/uuid", 0444, proc_do_uuid),
	INT("kernel/random/entropy_avail", 0444, entropy_avail, proc_do_rointvec, NULL, NULL),
	INT("kernel/random/poolsize", 0444, poolsize, proc_do_rointvec, NULL, NULL),
	INT("kernel/random/urandom_min_reseed_secs", 0644, urandom_min_reseed_secs,
	    proc_do_rointvec, NULL, NULL),
	INT("kernel/random/write_wakeup_threshold", 0644, write_wakeup_threshold,
	    proc_do_rointvec, NULL, NULL),

	/* vm: overcommit, mappings, reclaim, OOM */
	INT("vm/overcommit_memory", 0644, sysctl_overcommit_memory, proc_dointvec_minmax, &zero,
	    &two),
	INT("vm/overcommit_ratio", 0644, sysctl_overcommit_ratio, overcommit_ratio_handler, NULL,
	    NULL),
	{ .name = "vm/overcommit_kbytes", .mode = 0644, .data = &sysctl_overcommit_kbytes,
	  .maxlen = sizeof(uint64_t), .handler = overcommit_kbytes_handler },
	ULONG("vm/admin_reserve_kbytes", 0644, sysctl_admin_reserve_kbytes, NULL, NULL),
	ULONG("vm/user_reserve_kbytes", 0644, sysctl_user_reserve_kbytes, NULL, NULL),
	INT("vm/max_map_count", 0644, sysctl_max_map_count, proc_dointvec_minmax, &zero, NULL),
	INT("vm/min_free_kbytes", 0644, min_free_kbytes, proc_dointvec_minmax, &zero, NULL),
	INT("vm/swappiness", 0644, vm_swappiness, proc_dointvec_minmax, &zero, &swappiness_max),
	{ .name = "vm/drop_caches", .mode = 0200, .data = &sysctl_drop_caches,
	  .maxlen = sizeof(int), .handler = drop_caches_handler, .min = &one,
	  .max = &drop_caches_max },
	INT("vm/panic_on_oom", 0644, sysctl_panic_on_oom, proc_dointvec_minmax, &zero, &two),
	INT("vm/oom_kill_allocating_task", 0644, sysctl_oom_kill_allocating_task, proc_dointvec,
	    NULL, NULL),
	INT("vm/oom_dump_tasks", 0644, sysctl_oom_dump_tasks, proc_dointvec, NULL, NULL),

	/* fs: files, pipes, links, the caches of names and inodes, mounts, epoll */
	ULONG("fs/file-max", 0644, files_stat.max_files, &ulong_zero, &ulong_max),
	FN("fs/file-nr", 0444, proc_nr_files),
	INT("fs/nr_open", 0644, sysctl_nr_open, proc_dointvec_minmax, &nr_open_min, &nr_open_max),
	FN("fs/pipe-max-size", 0644, proc_dopipe_max_size),
	ULONG("fs/pipe-user-pages-hard", 0644, pipe_user_pages_hard, NULL, NULL),
	ULONG("fs/pipe-user-pages-soft", 0644, pipe_user_pages_soft, NULL, NULL),
	INT("fs/protected_symlinks", 0644, sysctl_protected_symlinks, proc_dointvec_minmax, &zero,
	    &one),
	INT("fs/protected_hardlinks", 0644, sysctl_protected_hardlinks, proc_dointvec_minmax, &zero,
	    &one),
	INT("fs/protected_fifos", 0644, sysctl_protected_fifos, proc_dointvec_minmax, &zero, &two),
	INT("fs/protected_regular", 0644, sysctl_protected_regular, proc_dointvec_minmax, &zero,
	    &two),
	INT("fs/overflowuid", 0644, fs_overflowuid, proc_dointvec_minmax, &zero, &overflow_max),
	INT("fs/overflowgid", 0644, fs_overflowgid, proc_dointvec_minmax, &zero, &overflow_max),
	FN("fs/dentry-state", 0444, proc_dentry_state),
	FN("fs/inode-nr", 0444, proc_inode_nr),
	FN("fs/inode-state", 0444, proc_inode_state),
	INT("fs/mount-max", 0644, sysctl_mount_max, proc_dointvec_minmax, &one, &int_max),
	ULONG("fs/epoll/max_user_watches", 0644, max_user_watches, &ulong_zero, &ulong_max),

	/* net: socket buffers and backlogs (kernel/net/socket.c), AF_UNIX */
	INT("net/core/wmem_max", 0644, sysctl_wmem_max, proc_dointvec_minmax, &min_sndbuf, NULL),
	INT("net/core/rmem_max", 0644, sysctl_rmem_max, proc_dointvec_minmax, &min_rcvbuf, NULL),
	INT("net/core/wmem_default", 0644, sysctl_wmem_default, proc_dointvec_minmax, &min_sndbuf,
	    NULL),
	INT("net/core/rmem_default", 0644, sysctl_rmem_default, proc_dointvec_minmax, &min_rcvbuf,
	    NULL),
	INT("net/core/optmem_max", 0644, sysctl_optmem_max, proc_dointvec, NULL, NULL),
	INT("net/core/somaxconn", 0644, sysctl_somaxconn, proc_dointvec_minmax, &zero, NULL),
	INT("net/unix/max_dgram_qlen", 0644, sysctl_unix_max_dgram_qlen, proc_dointvec, NULL, NULL),
};

#define NENTRIES (sizeof(table) / sizeof(table[0]))

static const struct ctl_table *sorted[NENTRIES];

/*
 * Linux orders each directory's entries by name bytes, a shorter prefix
 * first; comparing whole paths so, '/' must sort before every other byte:
 * "pty/max" comes before "pty-x" as "pty" comes before "pty-x".
 */
static int
name_cmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (*a == '/' ? 1 : (unsigned char)*a) - (*b == '/' ? 1 : (unsigned char)*b);
}

/*
 * sysctl_init sorts the table as Linux lists /proc/sys: by name, with '/'
 * before every other character, so a directory's entries come together.
 */
void
sysctl_init(void)
{
	/* Insertion sort: a few dozen entries, once. */
	for (size_t i = 0; i < NENTRIES; i++) {
		size_t j = i;

		while (j && name_cmp(sorted[j - 1]->name, table[i].name) > 0) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = &table[i];
	}
}

const struct ctl_table *
sysctl_find(const char *path, size_t len)
{
	for (size_t i = 0; i < NENTRIES; i++)
		if (strlen(table[i].name) == len && !memcmp(table[i].name, path, len))
			return &table[i];
	return NULL;
}

const struct ctl_table *
sysctl_next(const struct ctl_table *prev)
{
	size_t i = 0;

	if (prev) {
		while (i < NENTRIES && sorted[i] != prev)
			i++;
		i++;
	}
	return i < NENTRIES ? sorted[i] : NULL;
}

/*
 * sysctl_perm is Linux's test_perm: root (euid 0) gets the owner's bits,
 * group root the group's, everyone else the others'; the mode is the only
 * thing that decides, for root too.
 */
int
sysctl_perm(const struct ctl_table *t, int op)
{
	unsigned mode = t->mode;

	if (current->cred.euid == 0)
		mode >>= 6;
	else if (current->cred.egid == 0)
		mode >>= 3;
	return (op & ~mode & (MAY_READ | MAY_WRITE | MAY_EXEC)) ? -EACCES : 0;
}
