/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A task's system call as its registers hold it, for code that changes
 * the outcome of one after the fact (signal delivery's restarts). x86_64:
 * the result is in rax, and the instruction was the two bytes of
 * `syscall` just before rip.
 */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H

#include <stdint.h>

#include "kernel/sched.h"

/* syscall_set_return_value makes v what t's system call returns. */
static inline void
syscall_set_return_value(struct task *t, int64_t v)
{
	t->uc.regs.rax = (uint64_t)v;
}

/* syscall_restart makes t run system call nr again when it returns to guest code. */
static inline void
syscall_restart(struct task *t, uint64_t nr)
{
	t->uc.regs.rax = nr;
	t->uc.regs.rip -= 2;
}

#endif /* ASM_SYSCALL_H */
