/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error pointers: functions returning a pointer give an errno inside it
 * (ERR_PTR(-ENOENT)) instead of NULL plus a side channel.
 */
#ifndef KERNEL_ERR_H
#define KERNEL_ERR_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/errno.h"

#define MAX_ERRNO 4095

static inline void *
ERR_PTR(long err)
{
	return (void *)err;
}

static inline long
PTR_ERR(const void *p)
{
	return (long)p;
}

static inline bool
IS_ERR(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)-MAX_ERRNO;
}

static inline bool
IS_ERR_OR_NULL(const void *p)
{
	return !p || IS_ERR(p);
}

#endif /* KERNEL_ERR_H */
