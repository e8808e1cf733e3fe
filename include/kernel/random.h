/* SPDX-License-Identifier: GPL-2.0-only */
/* Random bytes, all of them the host's (drivers/char/random.c). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>
#include <stdint.h>

struct file_operations;

/*
 * random_fill fills buf with up to len random bytes; returns how many, or
 * -errno. Unlike Linux's get_random_bytes it can come back short or fail
 * (the host said no): callers that need all of them check.
 */
int64_t random_fill(void *buf, size_t len);
/* random_fops are /dev/random's and /dev/urandom's (major 1, minors 8 and 9). */
extern const struct file_operations random_fops;

#endif /* KERNEL_RANDOM_H */
