// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of guest address spaces (asm/mmu.h): each running mm has
 * a host process from the trap backend, and these keep its mappings in
 * step with what the generic memory manager decides. The operations are
 * queued in the host process's stub and run before the guest next runs
 * (trap.h); one that fails there fails that run, which kills the task.
 */
#include "kernel/mm.h"
#include "asm/mmu.h"
#include "trap.h"

int
arch_mm_init(struct mm_struct *mm)
{
	return host_mm_create(&mm->ctx);
}

void
arch_mm_destroy(struct mm_struct *mm)
{
	if (mm->ctx)
		host_mm_destroy(mm->ctx);
	mm->ctx = NULL;
}

void
arch_mm_takeover(struct mm_struct *mm, struct mm_struct *old)
{
	mm->ctx = old->ctx;
	old->ctx = NULL;
	host_munmap(mm->ctx, 0, TASK_SIZE);
}

int
arch_mm_map(struct mm_struct *mm, uint64_t addr, int prot, uint64_t pfn)
{
	return host_mmap(mm->ctx, addr, PAGE_SIZE, prot, pfn << PAGE_SHIFT);
}

void
arch_mm_unmap(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	if (mm->ctx)
		host_munmap(mm->ctx, addr, len);
}

void
arch_mm_protect(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot)
{
	if (mm->ctx)
		host_mprotect(mm->ctx, addr, len, prot);
}
