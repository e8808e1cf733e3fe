/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between the stub (stub.c, running inside every guest child)
 * and the ptrace backend (../ptrace.c, in the kernel process): fixed
 * addresses, fd numbers and the layout of the shared data area. Included by
 * both sides; only freestanding types.
 *
 * Layout of a child, fixed (its ASLR is off: see ../ptrace.c spawn):
 *   STUB_CODE  0x7ffffff00000  64 KiB  the stub ELF image (R-X), linked here
 *   STUB_DATA  0x7ffffff10000  64 KiB  struct stub_data, then the stub stack,
 *                                      MAP_SHARED from a per-child memfd that
 *                                      the kernel also maps
 *   STUB_END   0x7ffffff20000          everything above is unmapped
 * Guest mappings stay below STUB_START (TRAP_USER_TOP in trap.h).
 */
#ifndef UM_OS_STUB_DATA_H
#define UM_OS_STUB_DATA_H

#include <stdint.h>

#define STUB_START	0x7ffffff00000UL
#define STUB_CODE	STUB_START
#define STUB_CODE_SIZE	0x10000UL
#define STUB_DATA	(STUB_START + STUB_CODE_SIZE)
#define STUB_DATA_SIZE	0x10000UL
#define STUB_END	(STUB_DATA + STUB_DATA_SIZE)
#define STUB_STACK_TOP	STUB_END
#define STUB_TASK_TOP	0x7ffffffff000UL	/* x86_64 TASK_SIZE, 4-level paging */

/* The batch routine, right after the ELF headers (stub.lds asserts it). */
#define STUB_BATCH	(STUB_CODE + 0x100)

/* fds the stub finds open after execve */
#define STUB_FD_PHYSMEM	3	/* physmem memfd: the source of all guest mappings */
#define STUB_FD_DATA	4	/* this child's data memfd; the stub closes it after mapping */

#define STUB_MAGIC	0x756d6b2d73747562ULL	/* "umk-stub" */

/* Exit codes of a stub that could not start (seen by the kernel's waitpid). */
#define STUB_EXIT_DATA	120	/* mmap of the data area failed */
#define STUB_EXIT_MAGIC	121	/* data area not initialised by the kernel */
#define STUB_EXIT_PARENT 122	/* the kernel died before we set PDEATHSIG */
#define STUB_EXIT_TRACE	123	/* PTRACE_TRACEME failed */
#define STUB_EXIT_RESUMED 124	/* resumed without new registers */

enum stub_op_type {
	STUB_OP_MMAP = 1,	/* mmap(addr, len, prot, MAP_SHARED|MAP_FIXED, physmem, off) */
	STUB_OP_MUNMAP,		/* munmap(addr, len) */
	STUB_OP_MPROTECT,	/* mprotect(addr, len, prot) */
};

struct stub_op {
	uint32_t type;		/* enum stub_op_type */
	int32_t prot;
	uint64_t addr;
	uint64_t len;
	uint64_t off;		/* physmem offset, STUB_OP_MMAP only */
};

#define STUB_MAX_OPS	1024
#define STUB_STACK_MIN	16384

/* At STUB_DATA. The kernel writes ops[0..nops) and resumes the stub at
 * STUB_BATCH; the stub runs them in order, stops at the first failure and
 * reports with int3. */
struct stub_data {
	uint64_t magic;		/* STUB_MAGIC, written by the kernel before spawning */
	int32_t kernel_pid;	/* the stub's expected parent */
	uint32_t nops;		/* ops queued for this batch */
	int64_t err;		/* out: 0, or -errno of the first failed op */
	uint32_t err_index;	/* out: index of that op */
	uint32_t done;		/* out: ops executed successfully */
	struct stub_op ops[STUB_MAX_OPS];
};

_Static_assert(sizeof(struct stub_op) == 32, "stub_op layout");
_Static_assert(sizeof(struct stub_data) + STUB_STACK_MIN <= STUB_DATA_SIZE,
	       "stub data area too small for its stack");

#endif /* UM_OS_STUB_DATA_H */
