/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: clock ids and timer flags, eventfd(2) and timerfd(2) flags,
 * as x86_64 Linux programs see them.
 */
#ifndef UAPI_TIME_H
#define UAPI_TIME_H

#include "uapi/fcntl.h"

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

#define TIMER_ABSTIME		1	/* clock_nanosleep(2), timer_settime(2) */

#define TFD_TIMER_ABSTIME	1	/* timerfd_settime(2) */
#define TFD_CLOEXEC		O_CLOEXEC
#define TFD_NONBLOCK		O_NONBLOCK

#define EFD_SEMAPHORE		1	/* eventfd2(2) */
#define EFD_CLOEXEC		O_CLOEXEC
#define EFD_NONBLOCK		O_NONBLOCK

#endif /* UAPI_TIME_H */
