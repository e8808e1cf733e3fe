// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time from the host: the kernel's clocks are the host's CLOCK_MONOTONIC
 * (counted from boot) and CLOCK_REALTIME, read at each call; the tick is
 * the host timer of arch/um/os/time.c, whose signal handler only counts.
 * See asm/time.h.
 */
#include "asm/time.h"
#include "os.h"

uint64_t boot_time_mono_ns;

void
time_init(void)
{
	boot_time_mono_ns = os_clock_monotonic_ns();
}

uint64_t
ktime_get_ns(void)
{
	return os_clock_monotonic_ns() - boot_time_mono_ns;
}

int64_t
ktime_get_real_ns(void)
{
	return os_clock_realtime_ns();
}

unsigned int
tick_take(void)
{
	return os_timer_ticks_take();
}

unsigned int
tick_pending(void)
{
	return os_timer_ticks_pending();
}

void
mdelay(unsigned int ms)
{
	os_sleep_ms(ms);
}
