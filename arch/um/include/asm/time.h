/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Clocks and the tick, from the host (arch/um/kernel/time.c). The tick is
 * a host timer that only counts (its signal handler does nothing else);
 * the scheduler takes the count at its preemption points and does the
 * tick's work there (kernel/sched.c).
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <stdint.h>

/* time_init starts the kernel's clock: ktime_get_ns counts from here. */
void time_init(void);
/* ktime_get_ns is CLOCK_MONOTONIC since boot; ktime_get_real_ns CLOCK_REALTIME, in ns. */
uint64_t ktime_get_ns(void);
int64_t ktime_get_real_ns(void);
/* boot_time_mono_ns is the host's CLOCK_MONOTONIC at time_init (0 before). */
extern uint64_t boot_time_mono_ns;
/* tick_take returns the ticks since it last ran and starts counting again. */
unsigned int tick_take(void);
/* tick_pending returns the ticks since tick_take last ran, leaving the count. */
unsigned int tick_pending(void);
/* mdelay waits ms milliseconds without scheduling (a panic's countdown). */
void mdelay(unsigned int ms);

#endif /* ASM_TIME_H */
