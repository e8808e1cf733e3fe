/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the file system calls (sys_file.c, sys_stat.c, sys_namei.c, sys_attr.c). */
#ifndef KERNEL_SYSCALLS_INTERNAL_H
#define KERNEL_SYSCALLS_INTERNAL_H

#include <stdint.h>

struct path;

/* getname copies a guest path into a new kernel buffer (or an ERR_PTR). */
char *getname(uint64_t upath);
/* stat_at finds what a *at() call names: dfd + path, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW. */
int stat_at(int dfd, uint64_t upath, int flags, struct path *p);

/* WITH_NAME declares var holding the guest path at uptr, returning its error. */
#define WITH_NAME(var, uptr)					\
	char *var = getname(uptr);				\
	if (IS_ERR(var))					\
		return PTR_ERR(var)

/* NAME_CALL runs call(...) with __n bound to the guest path at a_name. */
#define NAME_CALL(call, ...)				\
	({						\
		char *__n = getname(a_name);		\
		int64_t __r;				\
		if (IS_ERR(__n))			\
			return PTR_ERR(__n);		\
		__r = call(__VA_ARGS__);		\
		kfree(__n);				\
		__r;					\
	})

#endif /* KERNEL_SYSCALLS_INTERNAL_H */
