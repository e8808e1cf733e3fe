/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A toy "kernel" for tests/os: just enough to run tests/os/guest.c through
 * the trap backend. It hands out physmem pages with a bump allocator, keeps
 * a tiny page table (guest page -> physmem offset) to copy guest memory
 * through the direct map, loads the guest's PT_LOAD segments, builds an
 * initial stack and answers a few syscalls (write, getppid, getpid, exit).
 */
#ifndef TESTS_OS_GUEST_LOADER_H
#define TESTS_OS_GUEST_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trap.h"

#define GL_PAGE		4096UL
#define GL_MAX_PTES	1024
#define GL_STACK_TOP	0x7ff000000000UL
#define GL_STACK_PAGES	8
#define GL_PHYSMEM	(64UL << 20)
#define GL_PPID		4242
#define GL_PID		1000

struct gl_pte {
	uint64_t va;		/* page-aligned guest address */
	uint64_t pa;		/* physmem offset */
	int prot;
};

struct guest {
	struct mm_ctx *mm;
	struct user_context uc;
	struct gl_pte pte[GL_MAX_PTES];
	int npte;
	char out[4096];		/* what the guest wrote to fd 1 */
	size_t outlen;
	bool exited;
	int status;
	unsigned long nsyscalls;
};

/* gl_physmem makes sure physmem exists and trap_init ran; 0 or -errno. */
int gl_physmem(void);
/* gl_start creates an mm, loads path and sets uc for argv; 0 or -errno. */
int gl_start(struct guest *g, const char *path, const char *const *argv);
/* gl_alloc_map gives [va, va+n pages) fresh zeroed physmem with prot; 0 or -errno. */
int gl_alloc_map(struct guest *g, uint64_t va, unsigned int n, int prot);
/* gl_lookup returns the pte of the page holding va, or NULL. */
struct gl_pte *gl_lookup(struct guest *g, uint64_t va);
/* gl_copy_from copies len guest bytes at va to buf; 0 or -EFAULT. */
int gl_copy_from(struct guest *g, uint64_t va, void *buf, size_t len);
/* gl_syscall answers write/getppid/getpid/exit; returns false for others. */
bool gl_syscall(struct guest *g);
/* gl_stop destroys the mm. */
void gl_stop(struct guest *g);

#endif /* TESTS_OS_GUEST_LOADER_H */
