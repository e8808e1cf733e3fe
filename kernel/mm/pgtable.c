// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-mm page tables: a four-level radix tree of 512-entry tables over the
 * 48-bit guest address space, as x86_64 hardware walks it. Leaves hold a
 * pfn plus PTE_* bits, among them what the host child has mapped, so unmap
 * and protect know what to tell the host. Tables are kernel memory, not
 * guest RAM.
 */
#include <string.h>

#include "kernel/mm.h"
#include "kernel/slab.h"

#define LEVEL_BITS	9
#define ENTRIES		(1 << LEVEL_BITS)

/* idx is addr's index in a table of the given level (0: the leaves). */
static unsigned
idx(uint64_t addr, int level)
{
	return (addr >> (PAGE_SHIFT + LEVEL_BITS * level)) & (ENTRIES - 1);
}

/*
 * pte_lookup walks (and, if create, builds) the tables down to addr's leaf;
 * NULL if a table is missing or cannot be allocated.
 */
uint64_t *
pte_lookup(struct mm_struct *mm, uint64_t addr, bool create)
{
	void **table;

	if (!mm->pgd) {
		if (!create)
			return NULL;
		mm->pgd = kzalloc(ENTRIES * sizeof(void *));
		if (!mm->pgd)
			return NULL;
	}
	table = (void **)mm->pgd;
	for (int level = 3; level > 0; level--) {
		void **next = table[idx(addr, level)];

		if (!next) {
			if (!create)
				return NULL;
			next = kzalloc(ENTRIES * sizeof(void *));
			if (!next)
				return NULL;
			table[idx(addr, level)] = next;
		}
		table = next;
	}
	return (uint64_t *)&table[idx(addr, 0)];
}

/*
 * free_level frees a subtree, dropping the map count and the reference
 * of every page its leaves hold.
 */
static void
free_level(void **table, int level)
{
	for (int i = 0; i < ENTRIES; i++) {
		if (!table[i])
			continue;
		if (level > 0) {
			free_level(table[i], level - 1);
		} else {
			uint64_t pte = (uint64_t)table[i];

			if (pte & PTE_PRESENT) {
				page_remove_map(PTE_PFN(pte));
				put_page(PTE_PFN(pte));
			}
		}
	}
	kfree(table);
}

void
pgtable_free(struct mm_struct *mm)
{
	if (mm->pgd)
		free_level((void **)mm->pgd, 3);
	mm->pgd = NULL;
}

/*
 * walk_level visits the present leaves of [start, end) below table, skipping
 * whole subtrees that are absent or outside the range.
 */
static void
walk_level(struct mm_struct *mm, void **table, int level, uint64_t base,
	   uint64_t start, uint64_t end,
	   void (*fn)(struct mm_struct *, uint64_t, uint64_t *, void *), void *arg)
{
	uint64_t span = (uint64_t)1 << (PAGE_SHIFT + LEVEL_BITS * level);

	for (int i = 0; i < ENTRIES; i++) {
		uint64_t a = base + i * span;

		if (a + span <= start || a >= end || !table[i])
			continue;
		if (level > 0)
			walk_level(mm, table[i], level - 1, a, start, end, fn, arg);
		else if ((uint64_t)table[i] & PTE_PRESENT)
			fn(mm, a, (uint64_t *)&table[i], arg);
	}
}

void
pgtable_walk(struct mm_struct *mm, uint64_t start, uint64_t end,
	     void (*fn)(struct mm_struct *, uint64_t, uint64_t *, void *), void *arg)
{
	if (mm->pgd)
		walk_level(mm, (void **)mm->pgd, 3, 0, start, end, fn, arg);
}
