/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sending and delivering signals (kernel/signal.c): queueing with siginfo,
 * default actions (terminate, core, stop, continue, ignore), handler frames
 * per the x86_64 ABI and rt_sigreturn, job-control stops.
 */
#ifndef KERNEL_SIGNAL_API_H
#define KERNEL_SIGNAL_API_H

#include <stdbool.h>

#include "kernel/sched.h"

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
/* do_sigreturn implements rt_sigreturn. */
int64_t do_rt_sigreturn(void);
/* notify_parent sends SIGCHLD-style news of t's exit/stop/continue. */
void do_notify_parent(struct task *t, int why, int status);
/* next_signal returns the lowest pending unblocked signal or 0. */
int next_signal(struct task *t);
/* dequeue_signal takes sig off t's pending queues into info; false if it was not pending. */
bool dequeue_signal(struct task *t, int sig, struct siginfo *info);
/* sigqueue_kill makes SIGKILL pending for one thread. */
void sigqueue_kill(struct task *t);

#endif /* KERNEL_SIGNAL_API_H */
