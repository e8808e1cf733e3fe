/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host side of a guest address space (arch/um/kernel/mmu.c). Each
 * mm_struct that runs has a host process (mm->ctx, opaque here) whose
 * mappings are a cache of the kernel's page table, filled at faults: the
 * generic memory manager decides what is mapped, and tells the arch to
 * map a page there or to forget a range. An mm with no host process yet
 * (exec building a new image) ignores these; its pages are mapped at
 * their first fault once it runs.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <stdint.h>

struct mm_struct;

/* arch_mm_init starts mm's host process; 0 or -errno. */
int arch_mm_init(struct mm_struct *mm);
/* arch_mm_destroy ends mm's host process, if it has one. */
void arch_mm_destroy(struct mm_struct *mm);
/*
 * arch_mm_takeover moves old's host process to mm (exec, when nobody else
 * uses old), emptied of old's mappings.
 */
void arch_mm_takeover(struct mm_struct *mm, struct mm_struct *old);
/* arch_mm_map maps page pfn at addr in the host process with prot (PROT_*); 0 or -errno. */
int arch_mm_map(struct mm_struct *mm, uint64_t addr, int prot, uint64_t pfn);
/* arch_mm_unmap forgets [addr, addr+len) in the host process; the next touch faults. */
void arch_mm_unmap(struct mm_struct *mm, uint64_t addr, uint64_t len);
/* arch_mm_protect changes the host's rights on [addr, addr+len) to prot. */
void arch_mm_protect(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot);

#endif /* ASM_MMU_H */
