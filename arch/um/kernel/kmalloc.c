// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmalloc and friends: kernel objects live on the host's heap (os_malloc
 * in arch/um/os), not in guest RAM. physmem holds only guest pages, so all
 * of mem= is the guest's, and the host allocator does what a slab
 * allocator would. That is a choice of this arch (a kernel that is a host
 * process), so it lives here and not in kernel/mm.
 *
 * The number of objects handed out and not yet freed is counted, and
 * /proc/umk/kmalloc_live shows it: a test reads it before and after work
 * that must give back everything it took (tests/boot/fuzz.sh runs hostile
 * system calls in between), so a leak on an error path shows up as a
 * count that does not come back. It counts objects, not bytes; every
 * allocation in the kernel goes through these four functions. The count
 * is atomic only so that it stays exact should anything but the kernel
 * thread ever allocate; helper threads do not.
 */
#include <string.h>

#include "kernel/slab.h"
#include "os.h"

static uint64_t live;

static void *
counted(void *p)
{
	if (p)
		__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return p;
}

void *
kmalloc(size_t size)
{
	return counted(os_malloc(size ? size : 1));
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *
krealloc(void *p, size_t size)
{
	void *q = os_realloc(p, size ? size : 1);

	/* A new object only if there was none; on failure p stays allocated. */
	return p ? q : counted(q);
}

void
kfree(void *p)
{
	if (p)
		__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
	os_free(p);
}

uint64_t
kmalloc_live(void)
{
	return __atomic_load_n(&live, __ATOMIC_RELAXED);
}
