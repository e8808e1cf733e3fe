// SPDX-License-Identifier: GPL-2.0-only
/* x86_64's own system calls: arch_prctl, the fs and gs bases of a thread. */
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "uapi/prctl.h"

/*
 * sys_arch_prctl implements arch_prctl(2): addr is the base to set, or
 * where to write the base for the GET codes. The code is compared in all
 * 64 bits.
 */
SYSCALL_DEFINE2(arch_prctl, uint64_t, code, uint64_t, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE)
			return -EPERM;
		current->uc.regs.fs_base = addr;
		return 0;
	case ARCH_SET_GS:
		if (addr >= TASK_SIZE)
			return -EPERM;
		current->uc.regs.gs_base = addr;
		return 0;
	case ARCH_GET_FS:
		return put_user(current->uc.regs.fs_base, u64_to_uaddr(addr));
	case ARCH_GET_GS:
		return put_user(current->uc.regs.gs_base, u64_to_uaddr(addr));
	case ARCH_GET_CPUID:
		return 1;
	}
	return -EINVAL;
}
