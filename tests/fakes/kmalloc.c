/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit-test stand-in for the kernel allocator: plain host malloc. */
#include <stdlib.h>
#include "kernel/slab.h"

void *kmalloc(size_t size) { return malloc(size ? size : 1); }
void *kzalloc(size_t size) { return calloc(1, size ? size : 1); }
void *krealloc(void *p, size_t size) { return realloc(p, size ? size : 1); }
void kfree(void *p) { free(p); }
