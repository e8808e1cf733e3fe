// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86_64 signal frame (shared/docs/x86_64-abi.md §4): what a guest
 * handler finds on its stack, a struct rt_sigframe with the interrupted
 * registers in a ucontext, the siginfo, and the FPU state in XSAVE layout
 * below it; rt_sigreturn puts the registers back from it. The frame is
 * guest memory: the guest may have changed anything in it before
 * sigreturn, so only the flags user code may set are taken back, and a
 * frame that cannot be read is a SIGSEGV. The signal logic (which signal,
 * which handler, the masks) is kernel/signal.c's.
 */
#include <string.h>

#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "asm/signal.h"
#include "trap.h"

#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U

/* The frame the guest handler sees (x86_64 rt_sigframe, ucontext inside). */
struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
	uint64_t reserved[8];
};

struct ucontext64 {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, _pad;
	uint64_t ss_size;
	struct sigcontext64 mc;
	sigset_t sigmask;
};

struct rt_sigframe64 {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct siginfo info;
};

_Static_assert(sizeof(struct ucontext64) == 304, "ucontext layout");
_Static_assert(sizeof(struct rt_sigframe64) == 440, "rt_sigframe layout");

/* fpu_image prepares the thread's XSAVE image for a frame; returns its size. */
static size_t
fpu_image(struct task *t)
{
	size_t size = trap_fpu_size();

	if (!size)
		return 0;
	if (!t->uc.fpu) {
		t->uc.fpu = kzalloc(size);
		if (!t->uc.fpu)
			return 0;
	}
	if (!(t->uc.flags & UC_FPU_VALID) && trap_fpu_fetch(t->mm->ctx, &t->uc))
		return 0;
	return size;
}

/*
 * setup_rt_frame: the frame goes below the red zone (or at the top of the
 * alternate stack), the FPU image 64-byte aligned under it with its
 * FP_XSTATE_MAGIC2 end marker, and the frame so that the handler starts
 * with rsp % 16 == 8, as after a call. The handler returns through
 * ka->restorer (the C library's rt_sigreturn); without SA_RESTORER there
 * is nowhere to return to.
 */
int
setup_rt_frame(int sig, struct k_sigaction *ka, struct siginfo *info, sigset_t oldmask)
{
	struct task *t = current;
	struct uc_regs *r = &t->uc.regs;
	uint64_t sp = r->rsp, fpstate, frame;
	size_t fpsize = fpu_image(t);
	struct rt_sigframe64 f;

	if (!(ka->flags & SA_RESTORER))
		return -EFAULT;
	if ((ka->flags & SA_ONSTACK) && t->sas_size && !on_sig_stack(t, sp))
		sp = t->sas_sp + t->sas_size;
	else
		sp -= 128;	/* red zone */
	fpstate = (sp - fpsize - 4) & ~UINT64_C(63);
	frame = ((fpstate - sizeof(f)) & ~UINT64_C(15)) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = fpsize ? 0x7 : 0x6;
	f.uc.ss_sp = t->sas_sp;
	f.uc.ss_size = t->sas_size;
	f.uc.ss_flags = t->sas_size ? (on_sig_stack(t, r->rsp) ? SS_ONSTACK : 0) : SS_DISABLE;
	f.uc.mc.r8 = r->r8; f.uc.mc.r9 = r->r9; f.uc.mc.r10 = r->r10; f.uc.mc.r11 = r->r11;
	f.uc.mc.r12 = r->r12; f.uc.mc.r13 = r->r13; f.uc.mc.r14 = r->r14; f.uc.mc.r15 = r->r15;
	f.uc.mc.rdi = r->rdi; f.uc.mc.rsi = r->rsi; f.uc.mc.rbp = r->rbp; f.uc.mc.rbx = r->rbx;
	f.uc.mc.rdx = r->rdx; f.uc.mc.rax = r->rax; f.uc.mc.rcx = r->rcx; f.uc.mc.rsp = r->rsp;
	f.uc.mc.rip = r->rip; f.uc.mc.eflags = r->eflags;
	f.uc.mc.cs = (uint16_t)r->cs;
	f.uc.mc.ss = (uint16_t)r->ss;
	f.uc.mc.oldmask = oldmask;
	if (sig == SIGSEGV || sig == SIGBUS) {
		f.uc.mc.trapno = 14;
		f.uc.mc.cr2 = info->fault.addr;
		f.uc.mc.err = 4 | (info->si_code == SEGV_ACCERR ? 1 : 0);
	}
	f.uc.mc.fpstate = fpsize ? fpstate : 0;
	f.uc.sigmask = oldmask;
	f.info = *info;
	/* The frame and the FPU image go below the guest's stack pointer, computed above. */
	if (copy_to_user(u64_to_uaddr(frame), &f, sizeof(f)))
		return -EFAULT;
	if (fpsize) {
		uint8_t *img = t->uc.fpu;
		uint32_t sw[12] = { FP_XSTATE_MAGIC1, (uint32_t)fpsize + 4, 0, 0, (uint32_t)fpsize };
		uint64_t xfeatures;
		uint32_t magic2 = FP_XSTATE_MAGIC2;

		memcpy(&xfeatures, img + 512, 8);	/* xstate_bv */
		sw[2] = (uint32_t)xfeatures;
		sw[3] = (uint32_t)(xfeatures >> 32);
		memcpy(img + 464, sw, 48);
		if (copy_to_user(u64_to_uaddr(fpstate), img, fpsize) ||
		    put_user(magic2, uaddr_add(u64_to_uaddr(fpstate), fpsize)))
			return -EFAULT;
	}
	r->rsp = frame;
	r->rip = ka->handler;
	r->rdi = (uint64_t)sig;
	r->rsi = frame + offsetof(struct rt_sigframe64, info);
	r->rdx = frame + offsetof(struct rt_sigframe64, uc);
	r->rax = 0;
	r->eflags &= ~(uint64_t)(0x400 | 0x100 | 0x10000);	/* DF, TF, RF */
	return 0;
}

/*
 * do_rt_sigreturn: the frame is at rsp - 8 (the handler's ret popped the
 * return address). The FPU image is taken back; one without the XSAVE
 * magic is a plain FXSAVE image, so its XSAVE header is cleared (no
 * extended state).
 */
int64_t
do_rt_sigreturn(void)
{
	struct task *t = current;
	struct uc_regs *r = &t->uc.regs;
	uaddr_t frame = u64_to_uaddr(r->rsp - 8);	/* the handler's ret popped pretcode */
	struct rt_sigframe64 f;

	if (copy_from_user(&f, frame, sizeof(f))) {
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	r->r8 = f.uc.mc.r8; r->r9 = f.uc.mc.r9; r->r10 = f.uc.mc.r10; r->r11 = f.uc.mc.r11;
	r->r12 = f.uc.mc.r12; r->r13 = f.uc.mc.r13; r->r14 = f.uc.mc.r14; r->r15 = f.uc.mc.r15;
	r->rdi = f.uc.mc.rdi; r->rsi = f.uc.mc.rsi; r->rbp = f.uc.mc.rbp; r->rbx = f.uc.mc.rbx;
	r->rdx = f.uc.mc.rdx; r->rax = f.uc.mc.rax; r->rcx = f.uc.mc.rcx; r->rsp = f.uc.mc.rsp;
	r->rip = f.uc.mc.rip;
	/* Only the flags user code may change. */
	r->eflags = (r->eflags & ~UINT64_C(0x254dd5)) | (f.uc.mc.eflags & UINT64_C(0x254dd5));
	t->blocked = f.uc.sigmask & ~SIG_KERNEL_ONLY;
	if (f.uc.mc.fpstate && trap_fpu_size()) {
		size_t size = trap_fpu_size();

		if (!t->uc.fpu)
			t->uc.fpu = kzalloc(size);
		if (t->uc.fpu && !copy_from_user(t->uc.fpu, u64_to_uaddr(f.uc.mc.fpstate), size)) {
			uint8_t *img = t->uc.fpu;
			uint32_t magic1;

			memcpy(&magic1, img + 464, 4);
			if (magic1 != FP_XSTATE_MAGIC1)
				memset(img + 512, 0, 64);	/* FXSAVE only: no extended state */
			t->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
		}
	}
	t->in_syscall = false;
	return (int64_t)r->rax;
}

/* The frame, the FPU image with its end marker, alignment, and the red zone. */
uint64_t
arch_min_sigstksz(void)
{
	return sizeof(struct rt_sigframe64) + trap_fpu_size() + 4 + 64 + 128;
}
