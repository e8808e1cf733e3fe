/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-facing system call layer: every sys_<name> takes the six raw
 * argument registers and returns a value or a negative errno (or a restart
 * code that signal delivery resolves). The table comes from
 * kernel/syscalls/syscall_64.tbl.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <stdint.h>

#define SYSCALL_ARGS uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5
#define UNUSED_ARGS(...) (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_DEFINE(name) int64_t sys_##name(SYSCALL_ARGS)

typedef int64_t (*syscall_fn)(SYSCALL_ARGS);

#define SYSCALL(nr, name, entry) int64_t entry(SYSCALL_ARGS);
#include "syscall_table.h"
#undef SYSCALL

/* syscall_dispatch runs system call nr with the current task's argument registers. */
int64_t syscall_dispatch(uint64_t nr, SYSCALL_ARGS);
/* syscall_name returns the name of nr for traces, or NULL. */
const char *syscall_name(uint64_t nr);
extern int syscall_trace;

#endif /* KERNEL_SYSCALLS_H */
