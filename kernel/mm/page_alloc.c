// SPDX-License-Identifier: GPL-2.0-only
/*
 * The physical page allocator: physmem (mem= bytes of host memfd) in 4 KiB
 * pages, handed out from a free stack. Pages freed last are reused first,
 * which keeps recently used host pages warm. A page whose last reference
 * goes is returned to the free stack; its contents are left as they are.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"

struct page *mem_map;
uint64_t nr_pages, nr_free_pages;
uint8_t *physmem;
static uint32_t *free_stack;

int
page_alloc_init(void *base, uint64_t size)
{
	physmem = base;
	nr_pages = size >> PAGE_SHIFT;
	mem_map = kzalloc(nr_pages * sizeof(*mem_map));
	free_stack = kmalloc(nr_pages * sizeof(*free_stack));
	if (!mem_map || !free_stack)
		return -ENOMEM;
	/* Low pages on top of the stack: they are handed out first, in order. */
	for (uint64_t i = 0; i < nr_pages; i++)
		free_stack[i] = (uint32_t)(nr_pages - 1 - i);
	nr_free_pages = nr_pages;
	return 0;
}

/* A page that was handed out before; a fresh memfd page still reads as zeros. */
#define PG_USED	0x1

int64_t
alloc_page(void)
{
	uint64_t pfn;

	if (!nr_free_pages && !filemap_shrink())
		return -ENOMEM;
	if (!nr_free_pages)
		return -ENOMEM;
	pfn = free_stack[--nr_free_pages];
	mem_map[pfn].refcount = 1;
	return (int64_t)pfn;
}

int64_t
alloc_zeroed_page(void)
{
	int64_t pfn = alloc_page();

	/* Never-used physmem is still the memfd's zeros: touching it would only cost a host fault. */
	if (pfn >= 0 && (mem_map[pfn].flags & PG_USED))
		memset(page_address(pfn), 0, PAGE_SIZE);
	if (pfn >= 0)
		mem_map[pfn].flags |= PG_USED;
	return pfn;
}

void
get_page(uint64_t pfn)
{
	BUG_ON(pfn >= nr_pages || mem_map[pfn].refcount <= 0);
	mem_map[pfn].refcount++;
}

void
put_page(uint64_t pfn)
{
	BUG_ON(pfn >= nr_pages || mem_map[pfn].refcount <= 0);
	if (--mem_map[pfn].refcount == 0) {
		mem_map[pfn].flags |= PG_USED;
		free_stack[nr_free_pages++] = (uint32_t)pfn;
	}
}
