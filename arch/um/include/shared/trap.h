/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trap backend: how the kernel runs guest code. One guest address space
 * (mm) is one host child process started from a tiny stub; the kernel changes
 * its host mappings with queued host_*() operations and runs a guest register
 * context in it with trap_run() until the guest traps (system call, page
 * fault, signal, timer tick, death).
 *
 * Implemented in arch/um/os/ (trap.c dispatches to a backend: ptrace.c is
 * PTRACE_SYSEMU; a seccomp backend can be added behind struct trap_backend).
 * The kernel is uniprocessor: every call here must come from the one kernel
 * thread, the same one that created the mm (ptrace ties a tracee to a thread).
 *
 * Address space layout of a child (see arch/um/os/stub/stub_data.h):
 *   [0, TRAP_USER_TOP)               guest mappings (host_mmap and friends)
 *   [TRAP_USER_TOP, +128 KiB)        stub code (64 KiB) and stub data (64 KiB)
 *   [TRAP_USER_TOP + 128 KiB, 2^47)  unmapped, refused
 * so the guest kernel's TASK_SIZE is TRAP_USER_TOP.
 */
#ifndef UM_SHARED_TRAP_H
#define UM_SHARED_TRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "as-layout.h"
#include "registers.h"

/* Protection bits for host_mmap/host_mprotect (Linux PROT_* values). */
#define MM_PROT_NONE	0
#define MM_PROT_READ	1
#define MM_PROT_WRITE	2
#define MM_PROT_EXEC	4

/* An opaque guest address space (one host child). */
struct mm_ctx;

/* A trap backend. */
struct trap_backend {
	const char *name;
	int (*init)(void);
	int (*mm_create)(struct mm_ctx **out);
	void (*mm_destroy)(struct mm_ctx *ctx);
	int (*mmap)(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot, uint64_t phys_off);
	int (*munmap)(struct mm_ctx *ctx, uint64_t addr, uint64_t len);
	int (*mprotect)(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot);
	int (*mm_flush)(struct mm_ctx *ctx);
	int (*run)(struct mm_ctx *ctx, struct user_context *uc);
	int (*fpu_fetch)(struct mm_ctx *ctx, struct user_context *uc);
	int (*host_pid)(struct mm_ctx *ctx);
	void (*kill_all)(void);
};

/* trap_init selects a backend by name (NULL: the default, "ptrace") and
 * prepares it (stub memfd); needs os_physmem_create() first. 0 or -errno. */
int trap_init(const char *name);
/*
 * trap_kill_all kills and reaps the host process of every guest address
 * space. Async-signal-safe: for a handler of a signal that ends the kernel.
 */
void trap_kill_all(void);
/* trap_backend_name returns the name of the selected backend. */
const char *trap_backend_name(void);
/* trap_fpu_size returns the size in bytes of a uc->fpu buffer (XSAVE area). */
size_t trap_fpu_size(void);
/* trap_uc_init sets uc to a fresh user context at ip with stack sp (zero GPRs,
 * user segments, IF set, fs/gs base 0, FPU untouched). */
void trap_uc_init(struct user_context *uc, uint64_t ip, uint64_t sp);

/* host_mm_create starts a new empty guest address space; 0 or -errno. */
int host_mm_create(struct mm_ctx **out);
/* host_mm_destroy kills and reaps the child and frees ctx; NULL is allowed. */
void host_mm_destroy(struct mm_ctx *ctx);
/* host_mmap queues: map physmem [phys_off, +len) at addr with prot (MAP_SHARED|MAP_FIXED). 0 or -errno. */
int host_mmap(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot, uint64_t phys_off);
/* host_munmap queues: unmap [addr, addr+len). 0 or -errno. */
int host_munmap(struct mm_ctx *ctx, uint64_t addr, uint64_t len);
/* host_mprotect queues: change the protection of [addr, addr+len). 0 or -errno. */
int host_mprotect(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot);
/* mm_flush applies the queued operations now (trap_run does it itself);
 * returns 0 or the -errno of the first failing one (the rest are dropped). */
int host_mm_flush(struct mm_ctx *ctx);
/* host_mm_pid returns the host pid of the child (debugging and tests). */
int host_mm_pid(struct mm_ctx *ctx);

/* trap_run runs uc in ctx until the guest traps; fills uc->regs and uc->trap
 * and returns an enum trap_reason, or -errno if the backend failed. */
int trap_run(struct mm_ctx *ctx, struct user_context *uc);
/* trap_fpu_fetch reads the child's FPU state into uc->fpu; uc must be the
 * context that ran last on ctx. 0 or -errno. */
int trap_fpu_fetch(struct mm_ctx *ctx, struct user_context *uc);

#endif /* UM_SHARED_TRAP_H */
