/* SPDX-License-Identifier: GPL-2.0-only */
/* A task's user registers, for generic code that needs one of them (x86_64). */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <stdint.h>

#include "kernel/sched.h"

/* user_stack_pointer is t's stack pointer in guest code (as last stopped). */
static inline uint64_t
user_stack_pointer(const struct task *t)
{
	return t->uc.regs.rsp;
}

#endif /* ASM_PTRACE_H */
