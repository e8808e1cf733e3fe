// SPDX-License-Identifier: GPL-2.0-only
/*
 * Smaller system calls: extended attributes (none are stored: reads say
 * ENODATA, lists are empty, writes are refused as on a filesystem without
 * xattr support), priorities, capabilities, the kernel log (syslog), and
 * scheduling parameters of the one CPU.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"

static int64_t
xattr_target(uint64_t upath, bool follow)
{
	char *name = kmalloc(PATH_MAX);
	struct path p;
	int64_t r;

	if (!name)
		return -ENOMEM;
	r = strncpy_from_user(name, u64_to_uaddr(upath), PATH_MAX);
	if (r >= 0)
		r = path_lookup(AT_FDCWD, name, follow ? LOOKUP_FOLLOW : 0, &p);
	kfree(name);
	if (r)
		return r;
	path_put(&p);
	return 0;
}

/* sys_getxattr implements getxattr(2): no attribute exists. */
SYSCALL_DEFINE(getxattr)
{
	int64_t r = xattr_target(a0, true);

	UNUSED_ARGS();
	return r ? r : -ENODATA;
}

/* sys_lgetxattr implements lgetxattr(2). */
SYSCALL_DEFINE(lgetxattr)
{
	int64_t r = xattr_target(a0, false);

	UNUSED_ARGS();
	return r ? r : -ENODATA;
}

/* sys_fgetxattr implements fgetxattr(2). */
SYSCALL_DEFINE(fgetxattr)
{
	UNUSED_ARGS();
	return fget((int)a0) ? -ENODATA : -EBADF;
}

/* sys_listxattr implements listxattr(2): an empty list. */
SYSCALL_DEFINE(listxattr)
{
	UNUSED_ARGS();
	return xattr_target(a0, true);
}

/* sys_llistxattr implements llistxattr(2). */
SYSCALL_DEFINE(llistxattr)
{
	UNUSED_ARGS();
	return xattr_target(a0, false);
}

/* sys_flistxattr implements flistxattr(2). */
SYSCALL_DEFINE(flistxattr)
{
	UNUSED_ARGS();
	return fget((int)a0) ? 0 : -EBADF;
}

/* sys_setxattr implements setxattr(2) and friends: not supported here. */
SYSCALL_DEFINE(setxattr)
{
	UNUSED_ARGS();
	return -EOPNOTSUPP;
}

/* sys_getpriority implements getpriority(2): everyone has nice 0 (returns 20 - nice). */
SYSCALL_DEFINE(getpriority)
{
	UNUSED_ARGS();
	return 20;
}

/* sys_setpriority implements setpriority(2): accepted, one CPU has no use for it. */
SYSCALL_DEFINE(setpriority)
{
	UNUSED_ARGS();
	return 0;
}

/* sys_capget implements capget(2): root has all capabilities, others none. */
SYSCALL_DEFINE(capget)
{
	uint32_t hdr[2], data[6] = { 0 };
	uint32_t all = current->cred.euid == 0 ? 0xffffffff : 0;

	UNUSED_ARGS();
	if (copy_from_user(hdr, u64_to_uaddr(a0), sizeof(hdr)))
		return -EFAULT;
	if (hdr[0] != 0x20080522 && hdr[0] != 0x20071026 && hdr[0] != 0x19980330) {
		hdr[0] = 0x20080522;
		copy_to_user(u64_to_uaddr(a0), hdr, sizeof(hdr));
		return a1 ? -EINVAL : 0;
	}
	if (!a1)
		return 0;
	data[0] = data[1] = all;			/* effective, permitted (low) */
	data[3] = data[4] = all ? 0x1ff : 0;		/* high words, caps 32..40 */
	return copy_to_user(u64_to_uaddr(a1), data, hdr[0] == 0x19980330 ? 12 : 24);
}

/* sys_capset implements capset(2): accepted for root, refused otherwise. */
SYSCALL_DEFINE(capset)
{
	UNUSED_ARGS();
	return current->cred.euid == 0 ? 0 : -EPERM;
}

/*
 * sys_syslog implements syslog(2): reading the log (2, 3, 4), its size
 * (10) and the console level (6, 7, 8). Unless kernel.dmesg_restrict is
 * set, anyone may read it all (3) and ask its size (10); the rest is root's.
 */
SYSCALL_DEFINE(syslog)
{
	char *buf;
	size_t n;

	UNUSED_ARGS();
	if ((dmesg_restrict || (a0 != 3 && a0 != 10)) && current->cred.euid != 0)
		return -EPERM;
	switch (a0) {
	case 0:
	case 1:
	case 5:
		return 0;
	case 6:
	case 7:
	case 8:
		return syslog_console((int)a0, (int)a2);
	case 10:
		return 128 * 1024;
	case 2:
	case 3:
	case 4:
		if ((int64_t)a2 < 0)
			return -EINVAL;
		buf = kmalloc(a2 + 1);
		if (!buf)
			return -ENOMEM;
		n = printk_log_read(buf, a2, 0);
		if (copy_to_user(u64_to_uaddr(a1), buf, n))
			n = (size_t)-EFAULT;
		kfree(buf);
		return (int64_t)n;
	case 9:
		return 0;
	}
	return -EINVAL;
}

/* sys_sched_getscheduler implements sched_getscheduler(2): SCHED_OTHER. */
SYSCALL_DEFINE(sched_getscheduler)
{
	UNUSED_ARGS();
	return 0;
}

/* sys_sched_getparam implements sched_getparam(2). */
SYSCALL_DEFINE(sched_getparam)
{
	int zero = 0;

	UNUSED_ARGS();
	return copy_to_user(u64_to_uaddr(a1), &zero, sizeof(zero));
}

/* sys_sched_get_priority_max implements sched_get_priority_max(2). */
SYSCALL_DEFINE(sched_get_priority_max)
{
	UNUSED_ARGS();
	return (a0 == 1 || a0 == 2) ? 99 : 0;
}

/* sys_sched_get_priority_min implements sched_get_priority_min(2). */
SYSCALL_DEFINE(sched_get_priority_min)
{
	UNUSED_ARGS();
	return (a0 == 1 || a0 == 2) ? 1 : 0;
}

/* sys_mincore implements mincore(2): every mapped page counts as resident. */
SYSCALL_DEFINE(mincore)
{
	uint64_t pages = (a1 + PAGE_SIZE - 1) / PAGE_SIZE;
	uint8_t one = 1;

	UNUSED_ARGS();
	if (a0 & ~PAGE_MASK)
		return -EINVAL;
	for (uint64_t i = 0; i < pages; i++) {
		struct vma *v = find_vma(current->mm, a0 + i * PAGE_SIZE);

		if (!v || v->start > a0 + i * PAGE_SIZE)
			return -ENOMEM;
		if (copy_to_user(u64_to_uaddr(a2 + i), &one, 1))
			return -EFAULT;
	}
	return 0;
}
