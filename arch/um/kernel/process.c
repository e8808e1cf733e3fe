// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arch's side of tasks: kernel stacks and switching between them, and
 * a task's user context at clone and exec.
 *
 * Kernel stacks are host memory with an inaccessible lowest page, so an
 * overflow faults instead of corrupting the next object. Switching is a
 * coroutine switch (switch.S) announced to the sanitizers (os_stack_*):
 * the host thread's own stack, which the boot task runs on, is learnt at
 * the first switch away from it.
 *
 * FPU state: threads of one process share one host process, so each
 * switch between them must carry the FPU registers (UC_FPU_WANT); a task
 * alone in its host process leaves them there. A task's FPU buffer is
 * kernel memory owned by the task, freed with it (arch_thread_free).
 */
#include <string.h>

#include "kernel/fork.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "asm/processor.h"
#include "os.h"
#include "trap.h"

#define KSTACK_SIZE	(256 * 1024)

/* switch.S */
void arch_switch(void **save_sp, void *new_sp);
void arch_task_start(void);

static const void *boot_stack_bottom;	/* the host thread's own stack (boot task) */
static size_t boot_stack_size;

/* init_stack lays out a new stack so arch_switch returns into arch_task_start. */
static void *
init_stack(void *stack, size_t size, void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)(((uintptr_t)stack + size) & ~(uintptr_t)15);

	/* After "ret" into arch_task_start rsp is 16-byte aligned again, so the
	 * call there enters fn with rsp % 16 == 8, as the ABI wants. */
	*--sp = (uint64_t)arch_task_start;	/* return address */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uint64_t)arg;			/* r12 */
	*--sp = (uint64_t)fn;			/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	return sp;
}

int
arch_thread_init(struct task *t, void (*fn)(void *), void *arg)
{
	t->kstack_size = KSTACK_SIZE;
	/* The lowest page stays inaccessible: overflow faults instead of corrupting. */
	t->kstack = os_stack_alloc(KSTACK_SIZE);
	if (!t->kstack)
		return -ENOMEM;
	t->ksp = init_stack(t->kstack, t->kstack_size, fn, arg);
	return 0;
}

void
arch_thread_free(struct task *t)
{
	os_stack_free(t->kstack, t->kstack_size);
	kfree(t->uc.fpu);
}

void
arch_switch_to(struct task *prev, struct task *next)
{
	/* The boot task alone has no stack of ours: it runs on the host thread's. */
	const void *bottom = next->kstack ? next->kstack : boot_stack_bottom;
	size_t size = next->kstack ? next->kstack_size : boot_stack_size;

	/* A task that exited never comes back: its stack keeps no sanitizer state. */
	os_stack_switch_begin(prev->state >= TASK_ZOMBIE ? NULL : &prev->stack_save, bottom, size);
	arch_switch(&prev->ksp, next->ksp);
}

void
arch_switch_finish(struct task *cur, struct task *from)
{
	const void *from_bottom;
	size_t from_size;

	os_stack_switch_end(cur->stack_save, &from_bottom, &from_size);
	cur->stack_save = NULL;
	if (!from->kstack && !boot_stack_bottom) {
		boot_stack_bottom = from_bottom;
		boot_stack_size = from_size;
	}
}

int
arch_copy_thread(struct task *p, struct task *cur, const struct clone_req *req)
{
	p->uc.regs = cur->uc.regs;
	p->uc.regs.rax = 0;
	p->uc.flags = 0;
	if (req->stack)
		p->uc.regs.rsp = req->stack;
	if (req->flags & CLONE_SETTLS)
		p->uc.regs.fs_base = req->tls;
	/* The child starts with the parent's FPU state (threads share one host process). */
	if (trap_fpu_size()) {
		if (!cur->uc.fpu)
			cur->uc.fpu = kzalloc(trap_fpu_size());
		p->uc.fpu = kmalloc(trap_fpu_size());
		if (!cur->uc.fpu || !p->uc.fpu)
			return -ENOMEM;
		if (!(cur->uc.flags & UC_FPU_VALID) && trap_fpu_fetch(cur->mm->ctx, &cur->uc) == 0)
			cur->uc.flags |= UC_FPU_VALID;
		if (cur->uc.flags & UC_FPU_VALID) {
			memcpy(p->uc.fpu, cur->uc.fpu, trap_fpu_size());
			p->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
		}
	}
	if (req->flags & CLONE_VM) {
		/* Several threads on one host process: each switch carries FPU state. */
		cur->uc.flags |= UC_FPU_WANT;
		p->uc.flags |= UC_FPU_WANT;
	}
	return 0;
}

void
arch_start_thread(struct task *t, uint64_t ip, uint64_t sp, bool reused_host)
{
	memset(&t->uc.regs, 0, sizeof(t->uc.regs));
	t->uc.regs.rsp = sp;
	t->uc.regs.rip = ip;
	trap_uc_init(&t->uc, ip, sp);
	t->uc.flags &= ~(UC_FPU_VALID);
	if (reused_host && !t->uc.fpu && trap_fpu_size())
		t->uc.fpu = kzalloc(trap_fpu_size());
	if (t->uc.fpu && trap_fpu_size()) {
		/* A fresh program starts with a clean FPU: x87 CW 0x37f, MXCSR 0x1f80. */
		uint8_t *img = t->uc.fpu;
		uint16_t cw = 0x37f;
		uint32_t mxcsr = 0x1f80;

		memset(img, 0, trap_fpu_size());
		memcpy(img, &cw, 2);
		memcpy(img + 24, &mxcsr, 4);
		img[512] = 3;	/* xstate_bv: x87 | SSE */
		t->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
	}
}
