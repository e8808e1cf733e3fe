// SPDX-License-Identifier: GPL-2.0-only
/* kmalloc and friends: kernel objects on the host allocator (arch/um/os). */
#include <string.h>

#include "kernel/slab.h"
#include "os.h"

void *
kmalloc(size_t size)
{
	return os_malloc(size ? size : 1);
}

void *
kzalloc(size_t size)
{
	void *p = os_malloc(size ? size : 1);

	if (p)
		memset(p, 0, size);
	return p;
}

void *
krealloc(void *p, size_t size)
{
	return os_realloc(p, size ? size : 1);
}

void
kfree(void *p)
{
	os_free(p);
}
