/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sending and delivering signals (kernel/signal.c): queueing with siginfo,
 * default actions (terminate, core, stop, continue, ignore), handler frames
 * per the x86_64 ABI and rt_sigreturn, job-control stops.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdbool.h>

#include "kernel/sched.h"

/* SIGKILL and SIGSTOP can be neither blocked nor caught. */
#define SIG_KERNEL_ONLY	(sigmask(SIGKILL) | sigmask(SIGSTOP))

/* process_alive tells whether t's process still has a live thread (its
 * leader may have exited before the others: a zombie that still counts). */
static inline bool
process_alive(const struct task *t)
{
	return t->signal && !list_empty(&t->signal->threads);
}

/* on_sig_stack tells whether sp is on t's alternate signal stack. */
static inline bool
on_sig_stack(const struct task *t, uint64_t sp)
{
	return t->sas_size && sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

/* send_sig_info queues sig for the thread t (group=false) or its process. */
int send_sig_info(int sig, const struct siginfo *info, struct task *t, bool group);
/* send_sig sends sig from the kernel to t's process. */
int send_sig(int sig, struct task *t);
/* force_sig delivers a synchronous fault signal to current, unblocking it. */
void force_sig_fault(int sig, int code, uint64_t addr);
/* kill_pgrp sends sig to every process in process group pgrp. */
int kill_pgrp(int pgrp, int sig, bool priv);
/* do_signal delivers pending signals before returning to the guest. */
void do_signal(void);
/* signal_init_task gives a new init task fresh signal state. */
int signal_init_task(struct task *t);
/* flush_signal_handlers resets caught signals to default (execve). */
void flush_signal_handlers(struct task *t);
/* sig_ignored tells whether sig would be dropped at t. */
bool sig_ignored(struct task *t, int sig);
/* do_notify_parent tells t's parent of its exit, stop or continue (why: CLD_*)
 * with signal sig (the exit signal, or SIGCHLD) and wakes its waiters. */
void do_notify_parent(struct task *t, int sig, int why, int status);
/* next_signal returns the lowest pending unblocked signal or 0. */
int next_signal(struct task *t);
/* dequeue_signal takes sig off t's pending queues into info; false if it was not pending. */
bool dequeue_signal(struct task *t, int sig, struct siginfo *info);
/* sigpending_flush drops every signal queued on p. */
void sigpending_flush(struct sigpending *p);
/* sighand_put drops a task's reference to a handler table; the last frees it. */
void sighand_put(struct sighand *sh);
/* signal_struct_put drops a task's reference to its thread group's
 * signal_struct; the last frees it with what is still queued. */
void signal_struct_put(struct signal_struct *s);
/* unshare_sighand gives t a handler table of its own if it shares one; 0 or -ENOMEM. */
int unshare_sighand(struct task *t);
/* exit_itimers stops the process's interval timers (its last thread exits). */
void exit_itimers(struct signal_struct *s);
/* sigqueue_kill makes SIGKILL pending for one thread. */
void sigqueue_kill(struct task *t);

#endif /* KERNEL_SIGNAL_H */
