// SPDX-License-Identifier: GPL-2.0-only
/*
 * The physical page allocator: physmem (mem= bytes of host memfd) in 4 KiB
 * pages, handed out from a free stack. Pages freed last are reused first,
 * which keeps recently used host pages warm. A page whose last reference
 * goes is returned to the free stack; its contents are left as they are.
 *
 * When free memory falls to the min watermark (vm.min_free_kbytes), an
 * allocation first reclaims clean page cache up to the high watermark;
 * below that the page cache is what gives way, and an allocation fails
 * only when nothing is left to reclaim.
 *
 * Each page's use is counted here as it changes (vm_stat, /proc/meminfo):
 * entering or leaving a page cache, gaining its first or losing its last
 * page table entry.
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
uint64_t vm_stat[NR_VM_STAT_ITEMS];
uint64_t nr_reclaimable;
int min_free_kbytes = 1024;
int vm_swappiness = 60;
static uint32_t *free_stack;

/*
 * page_alloc_init takes physmem as it is: every page free, none touched.
 * The free list is a stack of pfns, so a page freed is the next one
 * handed out (still warm in the host's caches).
 */
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

/* int_sqrt is the integer square root (Newton's method). */
static uint64_t
int_sqrt(uint64_t x)
{
	uint64_t r = x, y = (x + 1) / 2;

	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

/*
 * mm_init_reserves sets vm.min_free_kbytes and the overcommit reserves
 * from the memory size, with Linux's formulas, once at boot.
 */
void
mm_init_reserves(void)
{
	uint64_t kb = nr_pages * (PAGE_SIZE / 1024);
	uint64_t min = int_sqrt(kb * 16);	/* Linux's rule: 4 MiB at 1 GiB */

	min_free_kbytes = (int)(min < 128 ? 128 : min > 262144 ? 262144 : min);
	/* 1/32 of free memory, capped at 8 MiB for root and 128 MiB per process. */
	sysctl_admin_reserve_kbytes = kb / 32 < 8192 ? kb / 32 : 8192;
	sysctl_user_reserve_kbytes = kb / 32 < 131072 ? kb / 32 : 131072;
}

uint64_t
wmark_min_pages(void)
{
	return (uint64_t)min_free_kbytes / (PAGE_SIZE / 1024);
}

/*
 * reclaim is the allocator's answer to free memory at the min watermark:
 * clean cache pages go until the high watermark is reached (if there are
 * enough of them).
 */
static void
reclaim(void)
{
	uint64_t min = wmark_min_pages(), high = min + min / 2;

	if (nr_free_pages < high && nr_reclaimable)
		filemap_shrink(high - nr_free_pages);
}

/*
 * alloc_page gives a free page with one reference, reclaiming cache first
 * when free memory is at the watermark; -ENOMEM when nothing is left
 * (the fault path then calls the OOM killer).
 */
int64_t
alloc_page(void)
{
	uint64_t pfn;

	if (nr_free_pages <= wmark_min_pages())
		reclaim();
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

/*
 * get_page and put_page count a page's users (page tables, the page
 * cache, the kernel while it copies); the last put frees it. A count
 * below one is a kernel bug, and a panic, not a silent corruption.
 */
void
get_page(uint64_t pfn)
{
	BUG_ON(pfn >= nr_pages || mem_map[pfn].refcount <= 0);
	mem_map[pfn].refcount++;
}

void
put_page(uint64_t pfn)
{
	struct page *p = &mem_map[pfn];

	BUG_ON(pfn >= nr_pages || p->refcount <= 0);
	if (--p->refcount == 0) {
		/* A mapped or cached page holds references: it cannot be freed. */
		BUG_ON(p->mapcount || (p->flags & PG_CACHE));
		p->flags = PG_USED;
		free_stack[nr_free_pages++] = (uint32_t)pfn;
	}
}

/* page_stat adds (sign 1) or takes away (-1) pfn's part in the counters. */
static void
page_stat(uint64_t pfn, int sign)
{
	const struct page *p = &mem_map[pfn];
	bool active = p->flags & PG_ACTIVE;
	int lru;

	if (p->flags & PG_CACHE) {
		vm_stat[NR_FILE_PAGES] += sign;
		if (p->mapcount)
			vm_stat[NR_FILE_MAPPED] += sign;
		if (p->flags & PG_SHMEM) {
			vm_stat[NR_SHMEM] += sign;
			lru = active ? NR_ACTIVE_ANON : NR_INACTIVE_ANON;
		} else {
			lru = active ? NR_ACTIVE_FILE : NR_INACTIVE_FILE;
			if (!p->mapcount)
				nr_reclaimable += sign;
		}
	} else if (p->mapcount) {
		vm_stat[NR_ANON_PAGES] += sign;
		lru = NR_INACTIVE_ANON;
	} else {
		return;
	}
	vm_stat[lru] += sign;
}

/*
 * page_add_map and page_remove_map count page table entries, for Mapped
 * and AnonPages in /proc/meminfo and for reclaim (a mapped page stays).
 */
void
page_add_map(uint64_t pfn)
{
	page_stat(pfn, -1);
	mem_map[pfn].mapcount++;
	page_stat(pfn, 1);
}

void
page_remove_map(uint64_t pfn)
{
	BUG_ON(mem_map[pfn].mapcount <= 0);
	page_stat(pfn, -1);
	mem_map[pfn].mapcount--;
	page_stat(pfn, 1);
}

/*
 * page_cache_add and page_cache_del keep the cache counters as a page
 * enters or leaves a file's cache; a new cache page starts inactive.
 */
void
page_cache_add(uint64_t pfn, bool shmem)
{
	page_stat(pfn, -1);
	mem_map[pfn].flags |= PG_CACHE | (shmem ? PG_SHMEM : 0);
	mem_map[pfn].flags &= ~PG_ACTIVE;
	page_stat(pfn, 1);
}

void
page_cache_del(uint64_t pfn)
{
	page_stat(pfn, -1);
	mem_map[pfn].flags &= ~(PG_CACHE | PG_SHMEM | PG_ACTIVE);
	page_stat(pfn, 1);
}

void
page_mark_active(uint64_t pfn)
{
	if ((mem_map[pfn].flags & (PG_CACHE | PG_ACTIVE)) != PG_CACHE)
		return;
	page_stat(pfn, -1);
	mem_map[pfn].flags |= PG_ACTIVE;
	page_stat(pfn, 1);
}
