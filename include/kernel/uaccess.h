/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel access to guest memory (kernel/mm/uaccess.c). Every read or write
 * of a guest address goes through here: the guest's page table is walked to
 * physmem, and pages not present yet are faulted in as the guest would fault
 * them (writes break copy-on-write first). Nothing here trusts the address:
 * past TASK_SIZE, in no VMA, or without the access asked for is -EFAULT,
 * and a copy stops there (the bytes before it may have been copied).
 *
 * Guest addresses are uaddr_t (kernel/types.h), so a kernel pointer cannot
 * be passed for one, nor one for a kernel pointer.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

struct mm_struct;

/* copy_from_user copies n bytes from the current guest at src; 0 or -EFAULT. */
int copy_from_user(void *dst, uaddr_t src, size_t n);
/* copy_to_user copies n bytes to the current guest at dst; 0 or -EFAULT. */
int copy_to_user(uaddr_t dst, const void *src, size_t n);
/* clear_user zeroes n bytes of the current guest at dst; 0 or -EFAULT. */
int clear_user(uaddr_t dst, size_t n);
/*
 * strncpy_from_user copies a NUL-terminated string of at most n-1 bytes
 * from the current guest; returns its length, -EFAULT, or -ENAMETOOLONG
 * when no NUL comes within n bytes.
 */
int64_t strncpy_from_user(char *dst, uaddr_t src, size_t n);
/* copy_from_mm / copy_to_mm are the same on another address space (exec, /proc/PID). */
int copy_from_mm(struct mm_struct *mm, void *dst, uaddr_t src, size_t n);
int copy_to_mm(struct mm_struct *mm, uaddr_t dst, const void *src, size_t n);

/*
 * get_user and put_user move one object between the lvalue x and the
 * guest address u; the size is x's type (so pass a variable of the guest's
 * type, not a constant). 0 or -EFAULT.
 */
#define get_user(x, u)	copy_from_user(&(x), (u), sizeof(x))
#define put_user(x, u)	copy_to_user((u), &(x), sizeof(x))

#endif /* KERNEL_UACCESS_H */
