// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, trap backend selection: the host_*() and trap_*() entry points
 * of trap.h forward to the selected struct trap_backend. Today there is one,
 * "ptrace" (ptrace.c, PTRACE_SYSEMU); a seccomp backend plugs in here.
 *
 * The choice is made once, before the first address space exists, and
 * never changes: every mm_ctx was made by the backend that runs it. The
 * forwarders carry no state of their own, so they are as cheap as the
 * indirect call; trap_kill_all is also called from a fatal signal
 * handler, and only reads the backend pointer.
 */
#include <cpuid.h>
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "os.h"
#include "trap.h"

static const struct trap_backend *const backends[] = {
	&trap_ptrace_backend,
};

static const struct trap_backend *backend;

/* trap_init picks the backend by name (default: the first) and starts it; later calls do nothing. */
int
trap_init(const char *name)
{
	const struct trap_backend *b = NULL;
	size_t i;
	int err;

	if (backend)
		return 0;
	if (!name)
		name = backends[0]->name;
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(backends[i]->name, name) == 0)
			b = backends[i];
	if (!b)
		return -ENOENT;
	err = b->init();
	if (err)
		return err;
	backend = b;
	return 0;
}

void
trap_kill_all(void)
{
	if (backend)
		backend->kill_all();
}

const char *
trap_backend_name(void)
{
	return backend ? backend->name : "none";
}

/*
 * trap_fpu_size: a buffer this size holds whatever PTRACE_GETREGSET
 * returns for NT_X86_XSTATE on this CPU (4096 if CPUID cannot say, which
 * covers every XSAVE layout before AMX).
 */
size_t
trap_fpu_size(void)
{
	unsigned int a, b, c, d;

	/* CPUID(0xd, 0).ECX: XSAVE area size for every supported feature,
	 * an upper bound of what the host's ptrace regset moves. */
	if (!__get_cpuid_count(0xd, 0, &a, &b, &c, &d) || c < 576)
		return 4096;
	return (c + 63) & ~63u;
}

/*
 * trap_uc_init: the register state a fresh x86_64 program starts with
 * (exec): the user code and stack segments, interrupts on, everything
 * else zero, and no system call being restarted (orig_rax -1).
 */
void
trap_uc_init(struct user_context *uc, uint64_t ip, uint64_t sp)
{
	memset(&uc->regs, 0, sizeof(uc->regs));
	uc->regs.rip = ip;
	uc->regs.rsp = sp;
	uc->regs.orig_rax = (uint64_t)-1;
	uc->regs.cs = 0x33;		/* __USER_CS */
	uc->regs.ss = 0x2b;		/* __USER_DS */
	uc->regs.eflags = 0x202;	/* IF and the reserved bit 1 */
	uc->flags &= ~UC_FPU_VALID;
	memset(&uc->trap, 0, sizeof(uc->trap));
}

/* host_mm_create starts the default backend if nothing did yet (the tests' harness needs it). */
int
host_mm_create(struct mm_ctx **out)
{
	int err = trap_init(NULL);

	if (err)
		return err;
	return backend->mm_create(out);
}

void
host_mm_destroy(struct mm_ctx *ctx)
{
	if (ctx)
		backend->mm_destroy(ctx);
}

int
host_mmap(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot, uint64_t phys_off)
{
	return backend->mmap(ctx, addr, len, prot, phys_off);
}

int
host_munmap(struct mm_ctx *ctx, uint64_t addr, uint64_t len)
{
	return backend->munmap(ctx, addr, len);
}

int
host_mprotect(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot)
{
	return backend->mprotect(ctx, addr, len, prot);
}

int
host_mm_flush(struct mm_ctx *ctx)
{
	return backend->mm_flush(ctx);
}

int
host_mm_pid(struct mm_ctx *ctx)
{
	return backend->host_pid(ctx);
}

int
trap_run(struct mm_ctx *ctx, struct user_context *uc)
{
	return backend->run(ctx, uc);
}

int
trap_fpu_fetch(struct mm_ctx *ctx, struct user_context *uc)
{
	return backend->fpu_fetch(ctx, uc);
}
