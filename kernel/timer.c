// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel timers: a list sorted by expiry, run from the tick (sched_tick)
 * and from the idle loop, which sleeps until the first one is due. A
 * timer's owner keeps the struct ktimer (embedded in its own object) and
 * must cancel it before freeing that object; a timer runs its function
 * once, off the list, and may rearm itself from there.
 */
#include "kernel/sched.h"

static LIST_HEAD(timers);
uint64_t jiffies;

/* ktimer_arm puts t in expiry order (a later one after equal ones: FIFO). */
void
ktimer_arm(struct ktimer *t, uint64_t expires_ns)
{
	struct ktimer *pos;

	if (t->armed)
		list_del(&t->node);
	t->expires_ns = expires_ns;
	t->armed = true;
	list_for_each_entry(pos, &timers, node) {
		if (pos->expires_ns > expires_ns) {
			list_add_tail(&t->node, &pos->node);
			return;
		}
	}
	list_add_tail(&t->node, &timers);
}

bool
ktimer_cancel(struct ktimer *t)
{
	if (!t->armed)
		return false;
	list_del(&t->node);
	t->armed = false;
	return true;
}

uint64_t
ktimer_next_ns(void)
{
	if (list_empty(&timers))
		return UINT64_MAX;
	return list_first_entry(&timers, struct ktimer, node)->expires_ns;
}

/*
 * ktimers_run runs what has expired, earliest first; a timer's function may
 * rearm it or arm others (they run in this pass if already due).
 */
void
ktimers_run(void)
{
	uint64_t now = ktime_get_ns();

	jiffies = now / (1000000000 / HZ);
	while (!list_empty(&timers)) {
		struct ktimer *t = list_first_entry(&timers, struct ktimer, node);

		if (t->expires_ns > now)
			break;
		list_del(&t->node);
		t->armed = false;
		t->fn(t);
	}
}

/* timeout_fn wakes the task a schedule_timeout armed it for. */
static void
timeout_fn(struct ktimer *kt)
{
	struct task_timer {
		struct ktimer kt;
		struct task *t;
	} *tt = (struct task_timer *)kt;

	tt->t->timed_out = true;
	wake_up_process(tt->t);
}

/*
 * schedule_timeout sleeps until woken or ns pass, in the state the caller
 * set (so a caller on a wait queue is woken either way); the timer lives
 * on the caller's stack and is cancelled before return.
 */
uint64_t
schedule_timeout(uint64_t ns)
{
	struct {
		struct ktimer kt;
		struct task *t;
	} tt = { .kt = { .fn = timeout_fn }, .t = current };
	uint64_t end = ns_add_sat(ktime_get_ns(), ns), now;

	if (end == UINT64_MAX) {
		schedule();
		return UINT64_MAX;
	}
	current->timed_out = false;
	list_init(&tt.kt.node);
	ktimer_arm(&tt.kt, end);
	schedule();
	ktimer_cancel(&tt.kt);
	now = ktime_get_ns();
	return now >= end ? 0 : end - now;
}
