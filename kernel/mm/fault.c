// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page faults, from the guest (a trap) or from the kernel touching guest
 * memory (uaccess.c). A fault is resolved in the kernel's page table
 * (zero-fill, read from the file, copy-on-write break) and the page is then
 * mapped into the host child with the rights it may have.
 *
 * ptrace does not tell reads from writes. The rule (trap-mechanisms.md
 * §1.5): a page not yet mapped in the host is mapped with every right its
 * VMA and its COW state allow; a fault on a page that is already mapped so
 * can only be a write to a COW page (break it) or a real protection fault.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define STACK_GUARD_GAP	(256UL << 12)

static int
host_map(struct mm_struct *mm, struct vma *v, uint64_t addr, uint64_t *pte)
{
	int prot = v->prot;
	int err;

	if (!(*pte & PTE_WRITE))
		prot &= ~PROT_WRITE;
	if (!mm->ctx)
		return 0;	/* not running yet (exec loading): mapped on first fault */
	err = mm_map(mm->ctx, addr, PAGE_SIZE, prot, PTE_PFN(*pte) << PAGE_SHIFT);
	if (err)
		return err;
	*pte |= PTE_HOST;
	if (prot & PROT_WRITE)
		*pte |= PTE_HOST_W;
	else
		*pte &= ~(uint64_t)PTE_HOST_W;
	return 0;
}

/* fill_page gives a fresh page its contents: zeros, or the file's bytes. */
static int64_t
fill_page(struct vma *v, uint64_t addr)
{
	int64_t pfn = alloc_zeroed_page();
	int64_t n;

	if (pfn < 0 || !v->file)
		return pfn;
	n = kernel_read(v->file, page_address(pfn), PAGE_SIZE,
			v->pgoff + (addr - v->start));
	if (n < 0 && n != -EINVAL) {
		put_page(pfn);
		return n;
	}
	return pfn;
}

/* expand_stack grows a VM_GROWSDOWN vma down to cover addr. */
static struct vma *
expand_stack(struct mm_struct *mm, struct vma *v, uint64_t addr)
{
	struct vma *prev;
	uint64_t start = addr & PAGE_MASK;

	if (!v || !(v->flags & VM_GROWSDOWN) || addr >= v->start)
		return NULL;
	if (v->end - start > (64UL << 20))	/* RLIMIT_STACK-like bound */
		return NULL;
	if (v->node.prev != &mm->vmas) {
		prev = list_entry(v->node.prev, struct vma, node);
		if (prev->end + STACK_GUARD_GAP > start)
			return NULL;
	}
	v->start = start;
	return v;
}

/*
 * fault_around fills the not-yet-present anonymous pages after addr in the
 * same VMA (up to FAULT_AROUND pages) and maps them with it, so that a run
 * of first touches costs one trap instead of one per page. Pages come from
 * the allocator in ascending order, so the host sees one mapping.
 */
#define FAULT_AROUND 16

static void
fault_around(struct mm_struct *mm, struct vma *v, uint64_t page)
{
	for (int i = 1; i < FAULT_AROUND; i++) {
		uint64_t a = page + (uint64_t)i * PAGE_SIZE, *pte;
		int64_t pfn;

		if (a >= v->end || nr_free_pages < nr_pages / 8)
			return;
		pte = pte_lookup(mm, a, true);
		if (!pte || (*pte & PTE_PRESENT))
			return;
		pfn = alloc_zeroed_page();
		if (pfn < 0)
			return;
		*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
		if (v->prot & PROT_WRITE)
			*pte |= PTE_WRITE;
		mm->rss++;
		if (host_map(mm, v, a, pte))
			return;
	}
}

int
handle_mm_fault(struct mm_struct *mm, uint64_t addr, int access)
{
	struct vma *v = find_vma(mm, addr);
	uint64_t page = addr & PAGE_MASK, *pte;
	int64_t pfn;

	if (!v || v->start > addr) {
		v = expand_stack(mm, v, addr);
		if (!v)
			return -EFAULT;
	}
	if ((access == TRAP_ACCESS_WRITE && !(v->prot & PROT_WRITE)) ||
	    (access == TRAP_ACCESS_READ && !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) ||
	    (access == TRAP_ACCESS_EXEC && !(v->prot & PROT_EXEC)) ||
	    v->prot == PROT_NONE)
		return -EACCES;
	pte = pte_lookup(mm, page, true);
	if (!pte)
		return -ENOMEM;
	if (!(*pte & PTE_PRESENT)) {
		pfn = fill_page(v, page);
		if (pfn < 0)
			return (int)pfn;
		*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
		if (v->prot & PROT_WRITE)
			*pte |= PTE_WRITE;
		mm->rss++;
		if (current)
			current->minflt++;
		pfn = host_map(mm, v, page, pte);
		if (!pfn && !v->file && !(v->flags & VM_SHARED))
			fault_around(mm, v, page);
		return (int)pfn;
	}
	if (!(*pte & PTE_HOST) && access != TRAP_ACCESS_WRITE)
		return host_map(mm, v, page, pte);
	if ((v->prot & PROT_WRITE) && !(*pte & PTE_WRITE) &&
	    access != TRAP_ACCESS_READ && access != TRAP_ACCESS_EXEC) {
		uint64_t old = PTE_PFN(*pte);

		/* Copy-on-write: the last user takes the page; others copy it. */
		if (mem_map[old].refcount > 1 || (v->flags & VM_SHARED) == 0) {
			if (mem_map[old].refcount > 1) {
				pfn = alloc_page();
				if (pfn < 0)
					return (int)pfn;
				memcpy(page_address(pfn), page_address(old), PAGE_SIZE);
				put_page(old);
				*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
			}
		}
		*pte |= PTE_WRITE;
		return host_map(mm, v, page, pte);
	}
	if (!(*pte & PTE_HOST))
		return host_map(mm, v, page, pte);
	return -EACCES;
}
