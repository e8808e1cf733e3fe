// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel access to guest memory: walk the mm's page table to physmem and
 * copy there, no host call per copy. Pages not yet present are faulted in
 * as the guest would fault them; writes break copy-on-write first. Guest
 * addresses (uaddr_t) are taken apart into numbers here, and only here.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"

/* user_page returns the kernel address of guest page addr, faulting it in. */
static uint8_t *
user_page(struct mm_struct *mm, uint64_t addr, bool write)
{
	uint64_t *pte;
	struct vma *v;

	if (addr >= TASK_SIZE)
		return NULL;
	v = find_vma(mm, addr);
	if (v && v->start <= addr && (v->prot == PROT_NONE || (write && !(v->prot & PROT_WRITE))))
		return NULL;
	/* A first fault may map a shared page read-only; a write then faults again to copy it. */
	for (int tries = 0; tries < 3; tries++) {
		pte = pte_lookup(mm, addr & PAGE_MASK, false);
		if (pte && (*pte & PTE_PRESENT) && (!write || (*pte & PTE_WRITE)))
			return page_address(PTE_PFN(*pte));
		if (handle_mm_fault(mm, addr, write ? TRAP_ACCESS_WRITE : TRAP_ACCESS_READ))
			return NULL;
	}
	return NULL;
}

/*
 * copy_from_mm copies page by page, faulting each in; -EFAULT at the first
 * that cannot be (the bytes before it are copied, as on Linux).
 */
int
copy_from_mm(struct mm_struct *mm, void *dst, uaddr_t usrc, size_t n)
{
	uint64_t src = uaddr_to_u64(usrc);
	uint8_t *d = dst;

	while (n) {
		size_t off = src & ~PAGE_MASK, chunk = PAGE_SIZE - off;
		uint8_t *p = user_page(mm, src, false);

		if (!p)
			return -EFAULT;
		if (chunk > n)
			chunk = n;
		memcpy(d, p + off, chunk);
		d += chunk;
		src += chunk;
		n -= chunk;
	}
	return 0;
}

/*
 * copy_to_mm writes page by page, breaking copy-on-write first; src NULL
 * writes zeros (clear_user).
 */
int
copy_to_mm(struct mm_struct *mm, uaddr_t udst, const void *src, size_t n)
{
	uint64_t dst = uaddr_to_u64(udst);
	const uint8_t *s = src;

	while (n) {
		size_t off = dst & ~PAGE_MASK, chunk = PAGE_SIZE - off;
		uint8_t *p = user_page(mm, dst, true);

		if (!p)
			return -EFAULT;
		if (chunk > n)
			chunk = n;
		if (s)
			memcpy(p + off, s, chunk);
		else
			memset(p + off, 0, chunk);
		if (s)
			s += chunk;
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

int
copy_from_user(void *dst, uaddr_t src, size_t n)
{
	return copy_from_mm(current->mm, dst, src, n);
}

int
copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	return copy_to_mm(current->mm, dst, src, n);
}

int
clear_user(uaddr_t dst, size_t n)
{
	return copy_to_mm(current->mm, dst, NULL, n);
}

/*
 * strncpy_from_user stops at the NUL, so a string ending just before an
 * unmapped page is read whole; without a NUL in n bytes it is too long.
 */
int64_t
strncpy_from_user(char *dst, uaddr_t usrc, size_t n)
{
	uint64_t src = uaddr_to_u64(usrc);
	size_t i = 0;

	while (i < n) {
		size_t off = src & ~PAGE_MASK, chunk = PAGE_SIZE - off;
		uint8_t *p = user_page(current->mm, src, false);

		if (!p)
			return -EFAULT;
		if (chunk > n - i)
			chunk = n - i;
		for (size_t k = 0; k < chunk; k++) {
			dst[i] = (char)p[off + k];
			if (!dst[i])
				return (int64_t)i;
			i++;
		}
		src += chunk;
	}
	return -ENAMETOOLONG;
}
