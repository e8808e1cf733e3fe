/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Timers of the network library, driven by the caller's clock
 * (kernel/net/core/timer.c).
 *
 * The library owns no host timer and never reads a clock. Every entry
 * point that needs the time takes `now`, in nanoseconds of a monotonic
 * clock the caller chooses (the kernel's CLOCK_MONOTONIC; a test's
 * simulated clock). Deadlines live in a struct net_timer_base; the
 * caller asks net_timers_next() for the earliest one, arranges to be
 * woken then (the kernel programs its host timer; a test just jumps its
 * clock), and calls net_timers_run(now) — early or late calls are fine,
 * a timer runs at the first net_timers_run() at or after its deadline.
 *
 * A struct net_timer is embedded in the object it serves (a neighbour, a
 * TCP connection...); arming it allocates nothing, so arming cannot fail.
 * The base is a pairing heap: arm O(1), cancel and run O(log n) amortised.
 *
 * Callbacks run from net_timers_run() with the timer already disarmed;
 * they may arm or cancel any timer (their own included) and free the
 * object holding their own timer. Re-arming at or before `now` from a
 * callback defers to now + 1 ns, so one net_timers_run() call always ends.
 */
#ifndef KERNEL_NET_TIMER_H
#define KERNEL_NET_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define NET_TIME_NEVER	UINT64_MAX
#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

struct net_timer;
typedef void net_timer_fn(struct net_timer *t, uint64_t now);

struct net_timer {
	uint64_t expires;
	struct net_timer *child, *next, *prev;	/* heap links */
	net_timer_fn *fn;
	bool armed;
};

struct net_timer_base {
	struct net_timer *root;
	unsigned int count;	/* armed timers */
	bool running;		/* inside net_timers_run() */
	uint64_t run_now;	/* its `now` */
};

/* net_timer_base_init prepares an empty base. */
void net_timer_base_init(struct net_timer_base *b);
/* net_timer_init prepares a disarmed timer that will call fn. */
void net_timer_init(struct net_timer *t, net_timer_fn *fn);
/* net_timer_arm (re)arms t to expire at expires (absolute ns). */
void net_timer_arm(struct net_timer_base *b, struct net_timer *t, uint64_t expires);
/* net_timer_cancel disarms t if it is armed. */
void net_timer_cancel(struct net_timer_base *b, struct net_timer *t);
/* net_timers_next returns the earliest deadline, or NET_TIME_NEVER. */
uint64_t net_timers_next(const struct net_timer_base *b);
/* net_timers_run runs every timer due at now; returns how many ran. */
unsigned int net_timers_run(struct net_timer_base *b, uint64_t now);

static inline bool
net_timer_pending(const struct net_timer *t)
{
	return t->armed;
}

#endif /* KERNEL_NET_TIMER_H */
