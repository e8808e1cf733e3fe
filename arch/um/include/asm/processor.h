/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the generic kernel asks of the arch about tasks: where guest
 * addresses end, a task's user context (registers and FPU, the types the
 * trap backend shares, registers.h), and its kernel stack. The functions
 * are arch/um/kernel/process.c's; generic code never touches a register
 * or a stack itself.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Types the trap backend shares with the kernel (reached from here only, by path). */
#include "../shared/as-layout.h"
#include "../shared/registers.h"

/* Guest addresses are below TASK_SIZE; the stub of every host process sits above. */
#define TASK_SIZE	TRAP_USER_TOP

struct task;
struct clone_req;

/*
 * arch_thread_init gives t a kernel stack whose first run calls fn(arg)
 * (after sched_finish_switch); 0 or -ENOMEM. arch_thread_free frees it
 * with the task's FPU buffer, once the task is off that stack.
 */
int arch_thread_init(struct task *t, void (*fn)(void *), void *arg);
void arch_thread_free(struct task *t);
/*
 * arch_switch_to moves the CPU from prev's kernel stack to next's. It
 * returns, on prev's stack, when something switches back to prev; then,
 * and on a new task's first run, sched_finish_switch runs first, which
 * calls arch_switch_finish with the task switched away from.
 */
void arch_switch_to(struct task *prev, struct task *next);
void arch_switch_finish(struct task *cur, struct task *from);

/*
 * arch_copy_thread gives the new task p the user context clone leaves it:
 * cur's registers with 0 for the child's return value, req's stack and
 * TLS if asked, and cur's FPU state; threads that share an address space
 * carry their FPU state with them from then on. 0 or -ENOMEM.
 */
int arch_copy_thread(struct task *p, struct task *cur, const struct clone_req *req);
/*
 * arch_start_thread gives t the registers of a new program entered at ip
 * with stack sp, and a clean FPU. reused_host: t's host process ran the
 * old program (its FPU state is that program's and must be replaced).
 */
void arch_start_thread(struct task *t, uint64_t ip, uint64_t sp, bool reused_host);

/* /proc/cpuinfo: arch_cpuinfo_init reads the host's at boot; arch_show_cpuinfo prints it. */
void arch_cpuinfo_init(void);
size_t arch_show_cpuinfo(char *buf, size_t size);

#endif /* ASM_PROCESSOR_H */
