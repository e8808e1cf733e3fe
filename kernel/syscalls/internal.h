/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the file system calls (sys_file.c, sys_stat.c, sys_namei.c, sys_attr.c). */
#ifndef KERNEL_SYSCALLS_INTERNAL_H
#define KERNEL_SYSCALLS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/types.h"

struct file;
struct path;

/*
 * getname copies a guest path into a new kernel buffer of PATH_MAX bytes,
 * which the caller frees (kfree); or an ERR_PTR (-EFAULT, -ENAMETOOLONG,
 * -ENOMEM), with nothing to free.
 */
char *getname(uaddr_t upath);
/* stat_at finds what a *at() call names: dfd + path, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW. */
int stat_at(int dfd, uaddr_t upath, int flags, struct path *p);
/*
 * do_read/do_write: read(2)/write(2) on f at *pos, at most MAX_RW_COUNT
 * bytes, stopping early for a fatal signal (sys_file.c).
 */
int64_t do_read(struct file *f, uaddr_t ubuf, uint64_t len, uint64_t *pos);
int64_t do_write(struct file *f, uaddr_t ubuf, uint64_t len, uint64_t *pos);
/* rw_step_done ends one step of a long copy: true to stop (fatal signal), else may yield. */
bool rw_step_done(void);

#endif /* KERNEL_SYSCALLS_INTERNAL_H */
