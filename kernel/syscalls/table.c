// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system call table and dispatcher. The table is generated from
 * syscall_64.tbl; a number with no entry gets -ENOSYS, logged once per
 * number with the caller's pid and name, unless the table lists it as
 * absent on purpose (a call C libraries probe and fall back from).
 */
#include <stdbool.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

#define NR_SYSCALLS 512

static const syscall_fn table[NR_SYSCALLS] = {
#define SYSCALL(nr, name, entry) [nr] = entry,
#define SYSCALL_ABSENT(nr, name)
#include "syscall_table.h"
#undef SYSCALL
#undef SYSCALL_ABSENT
};

static const char *const names[NR_SYSCALLS] = {
#define SYSCALL(nr, name, entry) [nr] = #name,
#define SYSCALL_ABSENT(nr, name) [nr] = #name,
#include "syscall_table.h"
#undef SYSCALL
#undef SYSCALL_ABSENT
};

/* warned: the numbers already logged as unknown, and those absent on purpose. */
static bool warned[NR_SYSCALLS] = {
#define SYSCALL(nr, name, entry)
#define SYSCALL_ABSENT(nr, name) [nr] = true,
#include "syscall_table.h"
#undef SYSCALL
#undef SYSCALL_ABSENT
};
int syscall_trace;

const char *
syscall_name(uint64_t nr)
{
	return nr < NR_SYSCALLS ? names[nr] : NULL;
}

int64_t
syscall_dispatch(uint64_t nr, SYSCALL_ARGS)
{
	int64_t ret = -ENOSYS;

	if (nr < NR_SYSCALLS && table[nr])
		ret = table[nr](a0, a1, a2, a3, a4, a5);
	else if (nr >= NR_SYSCALLS || !warned[nr]) {
		if (nr < NR_SYSCALLS)
			warned[nr] = true;
		pr_debug("%s[%d]: unknown system call %llu\n", current->comm, current->pid,
			 (unsigned long long)nr);
	}
	fput_held(current);	/* what fget held for this call */
	if (syscall_trace)
		printk(KERN_INFO "[%d] %s#%llu(%#llx, %#llx, %#llx) = %lld\n", current->pid,
		       syscall_name(nr) ? syscall_name(nr) : "?", (unsigned long long)nr, (unsigned long long)a0,
		       (unsigned long long)a1, (unsigned long long)a2, (long long)ret);
	return ret;
}

/* sys_ignored implements the calls that succeed doing nothing here (mlock & co.). */
SYSCALL_DEFINE0(ignored)
{
	return 0;
}
