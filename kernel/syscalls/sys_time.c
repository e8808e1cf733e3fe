// SPDX-License-Identifier: GPL-2.0-only
/* Time system calls: clocks and sleeping. */
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "uapi/time.h"


/* clock_ns reads clock id; returns false for an unknown clock. */
static bool
clock_ns(int id, int64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_get_real_ns();
		return true;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = (int64_t)ktime_get_ns();
		return true;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (int64_t)(current->utime_ns + current->stime_ns);
		return true;
	}
	return false;
}

/* sys_clock_gettime implements clock_gettime(2). */
SYSCALL_DEFINE2(clock_gettime, int, which_clock, uaddr_t, tp)
{
	int64_t ns, ts[2];

	if (!clock_ns(which_clock, &ns))
		return -EINVAL;
	ts[0] = ns / 1000000000;
	ts[1] = ns % 1000000000;
	return copy_to_user(tp, ts, sizeof(ts));
}

/* sys_clock_getres implements clock_getres(2). */
SYSCALL_DEFINE2(clock_getres, int, which_clock, uaddr_t, tp)
{
	int64_t ns, ts[2] = { 0, 1 };

	if (!clock_ns(which_clock, &ns))
		return -EINVAL;
	return !uaddr_is_null(tp) ? copy_to_user(tp, ts, sizeof(ts)) : 0;
}

/* sys_gettimeofday implements gettimeofday(2). */
SYSCALL_DEFINE2(gettimeofday, uaddr_t, tv, uaddr_t, tz)
{
	int64_t ns = ktime_get_real_ns(), t[2] = { ns / 1000000000, ns % 1000000000 / 1000 };
	int32_t zone[2] = { 0, 0 };

	if (!uaddr_is_null(tv) && copy_to_user(tv, t, sizeof(t)))
		return -EFAULT;
	if (!uaddr_is_null(tz) && copy_to_user(tz, zone, sizeof(zone)))
		return -EFAULT;
	return 0;
}

/* sys_time implements time(2). */
SYSCALL_DEFINE1(time, uaddr_t, tloc)
{
	int64_t t = ktime_get_real_ns() / 1000000000;

	if (!uaddr_is_null(tloc) && put_user(t, tloc))
		return -EFAULT;
	return t;
}

/* do_sleep sleeps ns or until a signal; writes what is left to urem (if not NULL). */
static int64_t
do_sleep(uint64_t ns, uaddr_t urem)
{
	uint64_t left = ns;

	while (left && !signal_pending(current)) {
		current->state = TASK_INTERRUPTIBLE;
		left = schedule_timeout(left);
		current->state = TASK_RUNNING;
	}
	if (!left)
		return 0;
	if (!uaddr_is_null(urem)) {
		int64_t ts[2] = { (int64_t)(left / 1000000000), (int64_t)(left % 1000000000) };

		if (copy_to_user(urem, ts, sizeof(ts)))
			return -EFAULT;
	}
	return -EINTR;
}

/* get_ts reads a guest timespec as ns, refusing a negative or unnormalised one. */
static int
get_ts(uaddr_t uts, uint64_t *ns)
{
	int64_t ts[2];

	if (copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	*ns = ns_from_sec_sat((uint64_t)ts[0], (uint64_t)ts[1]);
	return 0;
}

/* sys_nanosleep implements nanosleep(2). */
SYSCALL_DEFINE2(nanosleep, uaddr_t, rqtp, uaddr_t, rmtp)
{
	uint64_t ns;
	int err = get_ts(rqtp, &ns);

	if (err)
		return err;
	return do_sleep(ns, rmtp);
}

/* sys_clock_nanosleep implements clock_nanosleep(2). */
SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags, uaddr_t, rqtp, uaddr_t, rmtp)
{
	uint64_t ns;
	int64_t now;
	int err;

	if (!clock_ns(which_clock, &now) || which_clock == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	err = get_ts(rqtp, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		ns = ns > (uint64_t)now ? ns - (uint64_t)now : 0;
		err = (int)do_sleep(ns, UADDR_NULL);
		return err;
	}
	return do_sleep(ns, rmtp);
}
