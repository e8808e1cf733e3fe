/* SPDX-License-Identifier: GPL-2.0-only */
/* The sysctl number parser (kernel/lib/sysctl_parse.c). */
#ifndef KERNEL_SYSCTL_PARSE_H
#define KERNEL_SYSCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * sysctl_get_long takes one number from *p (left bytes): 0 with *val, *neg,
 * and *p, *left past it; -EINVAL for anything but a number followed by a
 * blank or the end.
 */
int sysctl_get_long(const char **p, size_t *left, uint64_t *val, bool *neg);

#endif /* KERNEL_SYSCTL_PARSE_H */
