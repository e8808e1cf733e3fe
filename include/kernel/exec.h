/* SPDX-License-Identifier: GPL-2.0-only */
/* Running a new program (kernel/exec.c): execve and execveat, and init's first exec. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "kernel/types.h"

/* do_execve replaces current's program; 0 (registers set) or -errno. */
int do_execve(const char *path, uaddr_t argv, uaddr_t envp, int dfd, int flags);
/* kernel_execve runs the first program from kernel strings (init); 0 or -errno. */
int kernel_execve(const char *path, const char *const *argv, const char *const *envp);

#endif /* KERNEL_EXEC_H */
