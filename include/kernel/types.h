/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-wide types that say what a value is, where a plain integer would not.
 *
 * uaddr_t is an address in a guest address space. The kernel runs in
 * another address space (the host process's), so a guest address is never
 * something the kernel can dereference: it is reached only through the
 * copy functions of kernel/uaccess.h, which walk the guest's page table and
 * answer -EFAULT for what is not mapped with the right access. Linux marks
 * such pointers __user and has a checker (sparse) find misuse; here the
 * compiler itself refuses it: uaddr_t is a struct, so it cannot be
 * dereferenced, used in arithmetic or comparisons, passed where an integer
 * or a kernel pointer is wanted, or made from an integer by accident. On
 * x86_64 a one-member struct travels in a register like the integer would,
 * so this costs nothing.
 *
 * The ways in and out are named, so each one can be found and read:
 * u64_to_uaddr() makes one from a value the guest handed over (a field of a
 * guest structure, a register of a call whose argument is either a number
 * or an address) or the kernel computed (a signal frame, the exec stack);
 * uaddr_to_u64() gives the number back, to store it for the guest, print
 * it, or do address arithmetic that is not a copy (alignment, page tables);
 * uaddr_add() steps through a guest array; uaddr_is_null() tests for the
 * NULL the guest may pass for "none".
 *
 * Addresses that only name places in an address space, for the memory
 * manager to map, unmap, protect or fault (mmap's addr, VMAs, page
 * tables), are plain integers, as Linux's unsigned long: uaddr_t is for
 * guest memory the kernel reads or writes.
 */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	uint64_t addr;
} uaddr_t;

/* UADDR_NULL is the guest's NULL. */
#define UADDR_NULL ((uaddr_t){ 0 })

/* u64_to_uaddr names v, a value the guest gave, as a guest address. */
static inline uaddr_t
u64_to_uaddr(uint64_t v)
{
	return (uaddr_t){ v };
}

/* uaddr_to_u64 is the guest address as a number. */
static inline uint64_t
uaddr_to_u64(uaddr_t u)
{
	return u.addr;
}

/* uaddr_add is the guest address off bytes after u (wrapping as the guest's would). */
static inline uaddr_t
uaddr_add(uaddr_t u, uint64_t off)
{
	return (uaddr_t){ u.addr + off };
}

/* uaddr_is_null: the guest passed NULL (for an optional argument: none). */
static inline bool
uaddr_is_null(uaddr_t u)
{
	return u.addr == 0;
}

/* loff_t is a file offset or length as the guest passes it: signed, 64 bits. */
typedef int64_t loff_t;

#endif /* KERNEL_TYPES_H */
