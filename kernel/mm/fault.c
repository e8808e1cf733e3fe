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
#include "asm/mmu.h"

#define STACK_GUARD_GAP	(256UL << 12)

/* map_in_host maps the page of pte in mm's host process with the rights it may have now. */
static int
map_in_host(struct mm_struct *mm, struct vma *v, uint64_t addr, uint64_t *pte)
{
	int prot = v->prot;
	int err;

	if (!(*pte & PTE_WRITE))
		prot &= ~PROT_WRITE;
	if (!mm->ctx)
		return 0;	/* not running yet (exec loading): mapped on first fault */
	err = arch_mm_map(mm, addr, prot, PTE_PFN(*pte));
	if (err)
		return err;
	*pte |= PTE_HOST;
	if (prot & PROT_WRITE)
		*pte |= PTE_HOST_W;
	else
		*pte &= ~(uint64_t)PTE_HOST_W;
	return 0;
}

/*
 * needs_mkwrite: a shared writable mapping of a file whose pages go back
 * to a disk (ext4). Its pages are mapped read-only first; the first write
 * to one asks the filesystem (page_mkwrite: blocks allocated, the page
 * dirty) before the page becomes writable, so that a written page is
 * always known dirty and a full disk is an error at the write.
 */
static bool
needs_mkwrite(const struct vma *v)
{
	return v->file && (v->flags & VM_SHARED) && (v->prot & PROT_WRITE) &&
	       inode_cacheable(v->file->inode) && v->file->inode->sb->page_mkwrite;
}

/* do_mkwrite is the filesystem's page_mkwrite for the page of v at addr. */
static int
do_mkwrite(struct vma *v, uint64_t addr)
{
	struct inode *inode = v->file->inode;
	uint64_t off = v->pgoff + (addr - v->start);

	return inode->sb->page_mkwrite(inode, off / PAGE_SIZE);
}

/*
 * fill_page gives a fresh page its contents: zeros, or the file's bytes.
 * *shared says the page is the page cache's own (mapped, not copied): the
 * caller maps it read-only in private mappings so a write copies it.
 */
static int64_t
fill_page(struct vma *v, uint64_t addr, bool *shared)
{
	int64_t pfn, n;

	*shared = false;
	if (v->file && inode_cacheable(v->file->inode)) {
		uint64_t off = v->pgoff + (addr - v->start);

		/* Past the end of the file: SIGBUS territory; give zeros as a private page. */
		if (off < PAGE_ALIGN(v->file->inode->size) || (v->flags & VM_SHARED)) {
			int64_t cache = filemap_get_page(v->file, off / PAGE_SIZE);

			if (cache >= 0)
				page_mark_active((uint64_t)cache);	/* mapped: in use */

			/* Read-only and shared mappings use the cache page itself. */
			if (cache < 0 || !(v->prot & PROT_WRITE) || (v->flags & VM_SHARED)) {
				*shared = cache >= 0;
				return cache;
			}
			/* A writable private mapping will be written: copy now, not on a second fault. */
			pfn = alloc_page();
			if (pfn >= 0)
				memcpy(page_address(pfn), page_address(cache), PAGE_SIZE);
			put_page((uint64_t)cache);
			return pfn;
		}
	}
	pfn = alloc_zeroed_page();
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

/*
 * expand_stack grows a VM_GROWSDOWN vma down to cover addr. As on Linux,
 * the whole vma may not get bigger than the faulting process's
 * RLIMIT_STACK (read at each fault, so a lowered limit holds at once), nor
 * come closer than STACK_GUARD_GAP to the mapping below; a fault beyond
 * either is a SIGSEGV.
 */
static struct vma *
expand_stack(struct mm_struct *mm, struct vma *v, uint64_t addr)
{
	struct vma *prev;
	uint64_t start = addr & PAGE_MASK;
	uint64_t limit = 8ULL << 20;

	if (!v || !(v->flags & VM_GROWSDOWN) || addr >= v->start)
		return NULL;
	if (current && current->signal)
		limit = current->signal->rlim_cur[RLIMIT_STACK];
	if (v->end - start > limit)
		return NULL;
	if (v->node.prev != &mm->vmas) {
		prev = list_entry(v->node.prev, struct vma, node);
		if (prev->end + STACK_GUARD_GAP > start)
			return NULL;
	}
	if ((v->flags & VM_ACCOUNT) && vm_enough_memory(mm, (int64_t)((v->start - start) >> PAGE_SHIFT)))
		return NULL;
	v->start = start;
	return v;
}

/*
 * fault_around maps, along with the page just faulted in, up to
 * FAULT_AROUND following pages of the same VMA that can be mapped without
 * any I/O: pages already in the page table but not yet in the host (a fork
 * child's inherited pages, mapped read-only while copy-on-write), pages of
 * a read-only or shared file mapping already in the page cache, and, for
 * anonymous memory while memory is plentiful, fresh zero pages. A run of
 * first touches then costs one trap instead of one per page.
 */
#define FAULT_AROUND 16

/*
 * fault_around maps up to FAULT_AROUND - 1 pages after the faulting one
 * that need no I/O (see above); it stops at the first page that would,
 * and at any failure, since these pages were not asked for.
 */
static void
fault_around(struct mm_struct *mm, struct vma *v, uint64_t page, bool anon)
{
	bool cached = v->file && inode_cacheable(v->file->inode) &&
		      (!(v->prot & PROT_WRITE) || (v->flags & VM_SHARED));

	if (!mm->ctx)
		return;
	for (int i = 1; i < FAULT_AROUND; i++) {
		uint64_t a = page + (uint64_t)i * PAGE_SIZE, *pte;
		int64_t pfn;

		if (a >= v->end)
			return;
		pte = pte_lookup(mm, a, true);
		if (!pte)
			return;
		if (*pte & PTE_PRESENT) {
			if (!(*pte & PTE_HOST) && map_in_host(mm, v, a, pte))
				return;
			continue;
		}
		if (cached) {
			uint64_t off = v->pgoff + (a - v->start);

			if (off >= PAGE_ALIGN(v->file->inode->size))
				return;
			pfn = filemap_lookup(v->file->inode, off / PAGE_SIZE);
			if (pfn < 0)
				return;
			get_page((uint64_t)pfn);
			page_mark_active((uint64_t)pfn);
			*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
			if ((v->prot & PROT_WRITE) && (v->flags & VM_SHARED) && !needs_mkwrite(v))
				*pte |= PTE_WRITE;
		} else if (anon && nr_free_pages >= nr_pages / 8) {
			pfn = alloc_zeroed_page();
			if (pfn < 0)
				return;
			*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
			if (v->prot & PROT_WRITE)
				*pte |= PTE_WRITE;
		} else {
			return;
		}
		page_add_map((uint64_t)pfn);
		mm->rss++;
		if (map_in_host(mm, v, a, pte))
			return;
	}
}

/*
 * handle_mm_fault resolves a fault at addr: the VMA (growing a stack
 * whose guard gap allows it), the rights the access needs, then the page:
 * read in, zero-filled, or copied for copy-on-write. -EFAULT is
 * SEGV_MAPERR, -EACCES SEGV_ACCERR, -ENOMEM out of memory.
 */
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
		bool shared;

		bool writable;

		pfn = fill_page(v, page, &shared);
		if (pfn < 0)
			return (int)pfn;
		/* A page cache page is written only through a shared mapping. */
		writable = (v->prot & PROT_WRITE) && (!shared || (v->flags & VM_SHARED));
		if (writable && shared && needs_mkwrite(v)) {
			/* Writable at once only when the access is known to be a write. */
			writable = access == TRAP_ACCESS_WRITE;
			if (writable) {
				int err = do_mkwrite(v, page);

				if (err) {
					put_page((uint64_t)pfn);
					return err;
				}
			}
		}
		*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
		page_add_map((uint64_t)pfn);
		if (writable)
			*pte |= PTE_WRITE;
		mm->rss++;
		if (current)
			current->minflt++;
		pfn = map_in_host(mm, v, page, pte);
		if (!pfn)
			fault_around(mm, v, page, !v->file && !(v->flags & VM_SHARED));
		return (int)pfn;
	}
	if (!(*pte & PTE_HOST) && access != TRAP_ACCESS_WRITE) {
		int err = map_in_host(mm, v, page, pte);

		if (!err)
			fault_around(mm, v, page, false);
		return err;
	}
	if ((v->prot & PROT_WRITE) && !(*pte & PTE_WRITE) &&
	    access != TRAP_ACCESS_READ && access != TRAP_ACCESS_EXEC) {
		uint64_t old = PTE_PFN(*pte);

		/* A shared file page becomes writable in place, told to its filesystem. */
		if ((v->flags & VM_SHARED) && v->file && inode_cacheable(v->file->inode)) {
			if (needs_mkwrite(v)) {
				int err = do_mkwrite(v, page);

				if (err)
					return err;
			}
			*pte |= PTE_WRITE;
			return map_in_host(mm, v, page, pte);
		}
		/* Copy-on-write: the last user takes the page; others copy it. */
		if (mem_map[old].refcount > 1 || (v->flags & VM_SHARED) == 0) {
			if (mem_map[old].refcount > 1) {
				pfn = alloc_page();
				if (pfn < 0)
					return (int)pfn;
				memcpy(page_address(pfn), page_address(old), PAGE_SIZE);
				page_remove_map(old);
				put_page(old);
				*pte = (uint64_t)pfn << PAGE_SHIFT | PTE_PRESENT;
				page_add_map((uint64_t)pfn);
			}
		}
		*pte |= PTE_WRITE;
		return map_in_host(mm, v, page, pte);
	}
	if (!(*pte & PTE_HOST))
		return map_in_host(mm, v, page, pte);
	return -EACCES;
}
