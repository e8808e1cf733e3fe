/* SPDX-License-Identifier: GPL-2.0-only */
/* The arch's part of signal delivery: the handler's frame (arch/um/kernel/signal.c). */
#ifndef ASM_SIGNAL_H
#define ASM_SIGNAL_H

#include <stdint.h>

#include "uapi/signal.h"

/*
 * setup_rt_frame makes current run the handler of ka for sig on return to
 * guest code: the interrupted registers, oldmask and info go into a frame
 * on the guest stack (the alternate one if the handler asks for it).
 * 0, or -EFAULT if the frame could not be written (the caller kills with
 * SIGSEGV).
 */
int setup_rt_frame(int sig, struct k_sigaction *ka, struct siginfo *info, sigset_t oldmask);
/*
 * do_rt_sigreturn restores current's registers and signal mask from the
 * frame its handler returned through; returns the restored rax (a frame
 * that cannot be read is a SIGSEGV).
 */
int64_t do_rt_sigreturn(void);
/* arch_min_sigstksz is the least stack a handler's frame needs (AT_MINSIGSTKSZ). */
uint64_t arch_min_sigstksz(void);

#endif /* ASM_SIGNAL_H */
