/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel memory allocation for kernel objects (not guest RAM: guest pages
 * come from physmem through kernel/mm). In the `linux` binary these sit on
 * the host allocator behind arch/um/os; unit tests link tests/fakes/kmalloc.c.
 */
#ifndef KERNEL_SLAB_H
#define KERNEL_SLAB_H

#include <stddef.h>
#include <stdint.h>

/* kmalloc returns size bytes of uninitialised memory, or NULL. */
void *kmalloc(size_t size);
/* kzalloc returns size bytes of zeroed memory, or NULL. */
void *kzalloc(size_t size);
/* krealloc resizes p (which may be NULL) to size bytes, or returns NULL. */
void *krealloc(void *p, size_t size);
/* kfree releases p; NULL is allowed. */
void kfree(void *p);
/* kmalloc_live is the number of objects allocated and not yet freed (/proc/umk/kmalloc_live). */
uint64_t kmalloc_live(void);

#endif /* KERNEL_SLAB_H */
