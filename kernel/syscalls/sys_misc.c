// SPDX-License-Identifier: GPL-2.0-only
/*
 * Smaller system calls: priorities, capabilities, the kernel log (syslog),
 * and scheduling parameters of the one CPU.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"

/* sys_getpriority implements getpriority(2): everyone has nice 0 (returns 20 - nice). */
SYSCALL_DEFINE0(getpriority)
{
	return 20;
}

/* sys_setpriority implements setpriority(2): accepted, one CPU has no use for it. */
SYSCALL_DEFINE0(setpriority)
{
	return 0;
}

/* sys_capget implements capget(2): root has all capabilities, others none. */
SYSCALL_DEFINE2(capget, uaddr_t, header, uaddr_t, dataptr)
{
	uint32_t hdr[2], data[6] = { 0 };
	uint32_t all = current->cred.euid == 0 ? 0xffffffff : 0;

	if (copy_from_user(hdr, header, sizeof(hdr)))
		return -EFAULT;
	if (hdr[0] != 0x20080522 && hdr[0] != 0x20071026 && hdr[0] != 0x19980330) {
		hdr[0] = 0x20080522;
		copy_to_user(header, hdr, sizeof(hdr));
		return !uaddr_is_null(dataptr) ? -EINVAL : 0;
	}
	if (uaddr_is_null(dataptr))
		return 0;
	data[0] = data[1] = all;			/* effective, permitted (low) */
	data[3] = data[4] = all ? 0x1ff : 0;		/* high words, caps 32..40 */
	return copy_to_user(dataptr, data, hdr[0] == 0x19980330 ? 12 : 24);
}

/* sys_capset implements capset(2): accepted for root, refused otherwise. */
SYSCALL_DEFINE0(capset)
{
	return current->cred.euid == 0 ? 0 : -EPERM;
}

/*
 * sys_syslog implements syslog(2): reading the log (2, 3, 4), its size
 * (10) and the console level (6, 7, 8). Unless kernel.dmesg_restrict is
 * set, anyone may read it all (3) and ask its size (10); the rest is root's.
 * The type is compared in all 64 bits; len is a length for the reads and
 * a level for 8.
 */
SYSCALL_DEFINE3(syslog, uint64_t, type, uaddr_t, ubuf, int64_t, len)
{
	char *buf;
	size_t n;

	if ((dmesg_restrict || (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER)) &&
	    current->cred.euid != 0)
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
	case SYSLOG_ACTION_CLEAR:
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return syslog_console((int)type, (int)len);
	case SYSLOG_ACTION_SIZE_BUFFER:
		return 128 * 1024;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0)
			return -EINVAL;
		buf = kmalloc((size_t)len + 1);
		if (!buf)
			return -ENOMEM;
		n = printk_log_read(buf, (size_t)len, 0);
		if (copy_to_user(ubuf, buf, n))
			n = (size_t)-EFAULT;
		kfree(buf);
		return (int64_t)n;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return 0;
	}
	return -EINVAL;
}

/* sys_sched_getscheduler implements sched_getscheduler(2): SCHED_OTHER. */
SYSCALL_DEFINE0(sched_getscheduler)
{
	return 0;
}

/* sys_sched_getparam implements sched_getparam(2): every task has priority 0. */
SYSCALL_DEFINE2(sched_getparam, int, pid, uaddr_t, param)
{
	int zero = 0;

	(void)pid;
	return put_user(zero, param);
}

/* sys_sched_get_priority_max implements sched_get_priority_max(2) (policy in all 64 bits). */
SYSCALL_DEFINE1(sched_get_priority_max, uint64_t, policy)
{
	return (policy == 1 || policy == 2) ? 99 : 0;
}

/* sys_sched_get_priority_min implements sched_get_priority_min(2) (policy in all 64 bits). */
SYSCALL_DEFINE1(sched_get_priority_min, uint64_t, policy)
{
	return (policy == 1 || policy == 2) ? 1 : 0;
}

/* sys_mincore implements mincore(2): every mapped page counts as resident. */
SYSCALL_DEFINE3(mincore, uint64_t, start, uint64_t, len, uaddr_t, vec)
{
	uint64_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	uint8_t one = 1;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	for (uint64_t i = 0; i < pages; i++) {
		struct vma *v = find_vma(current->mm, start + i * PAGE_SIZE);

		if (!v || v->start > start + i * PAGE_SIZE)
			return -ENOMEM;
		if (copy_to_user(uaddr_add(vec, i), &one, 1))
			return -EFAULT;
	}
	return 0;
}
