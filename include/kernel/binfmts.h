/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What execve's common part (kernel/exec.c) and a program format's loader
 * (kernel/binfmt_elf.c) share: the program being exec'd and the steps the
 * loader takes in order (its checks, then exec_prepare_task, the last step
 * that may fail and return to the old program, then exec_creds).
 */
#ifndef KERNEL_BINFMTS_H
#define KERNEL_BINFMTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sched.h"

/* A program and its arguments while execve builds the new image. */
struct linux_binprm {
	struct file *file;
	char buf[256];			/* first bytes of the file */
	char *filename;			/* as given (AT_EXECFN) */
	char *interp_script;		/* #! interpreter, if any */
	char **argv, **envp;		/* kernel copies */
	int argc, envc;
	size_t strings;			/* bytes of all strings */
	struct cred cred;		/* what the new program runs as (exec_creds) */
	bool secure;			/* AT_SECURE: effective ids differ from real ones */
	uint32_t per_clear;		/* personality flags a set-id exec clears */
};

/* open_exec opens path for exec: a regular file, executable, not on a noexec mount; or ERR_PTR. */
struct file *open_exec(int dfd, const char *path, int flags);
/* exec_prepare_task leaves current alone in its process with tables of its own (exec.c). */
int exec_prepare_task(void);
/* exec_creds works out what the new program runs as into bp->cred (exec.c). */
void exec_creds(struct linux_binprm *bp);
/* load_elf_binary runs the ELF program bp->file: 0 once it is current's program, or -errno. */
int load_elf_binary(struct linux_binprm *bp);

#endif /* KERNEL_BINFMTS_H */
