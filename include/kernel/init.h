/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Booting: what the arch hands the generic kernel (arch/um/kernel/setup.c
 * parses the command line and makes the machine, then calls start_kernel
 * in kernel/main.c, which never returns).
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/params.h"

/* The machine and the command line, as start_kernel gets them. */
struct boot_params {
	void *mem_base;			/* physmem, the guest's RAM, in the kernel's view */
	uint64_t mem_size;		/* its size (mem=) */
	const char *cmdline;		/* the kernel command line (/proc/cmdline) */
	const char *root;		/* root=, or NULL */
	const char *rootfstype;		/* rootfstype=, or NULL: a disk's ext4/3/2 */
	const char *rootflags;		/* rootflags=, or NULL */
	bool root_rw;			/* rw */
	bool quiet;			/* quiet */
	int loglevel;			/* loglevel=, 0 if not given */
	const char *unknown_msg;	/* "" or the "Unknown kernel command line parameters" line */
	const struct init_args *init;	/* init's path, argv, envp */
};

/* saved_command_line is the kernel command line, for /proc/cmdline. */
extern const char *saved_command_line;

/* start_kernel boots the generic kernel on the machine bp describes (bp must outlive it). */
void start_kernel(const struct boot_params *bp) __attribute__((noreturn));

#endif /* KERNEL_INIT_H */
