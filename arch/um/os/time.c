// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, time: the clocks and the timer interrupt. The tick is a POSIX
 * timer on CLOCK_MONOTONIC that sends OS_TIMER_SIGNAL (SIGALRM) to the
 * kernel thread only (SIGEV_THREAD_ID). Its handler just counts; the
 * signal's real job is to interrupt whatever host call the kernel thread
 * is blocked in: waitpid() in trap_run (which then stops the running guest
 * and reports TRAP_PREEMPTED) or epoll_wait() (which returns -EINTR). The
 * handler is installed without SA_RESTART for exactly that reason.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os.h"

_Static_assert(OS_TIMER_SIGNAL == SIGALRM, "OS_TIMER_SIGNAL is SIGALRM");

static timer_t tick_timer;
static bool tick_running;
static unsigned int tick_count;		/* updated by the handler */

/*
 * tick_handler only counts: it interrupts the kernel thread anywhere, in
 * kernel code that holds no lock against it, so the tick's work waits for
 * the next preemption point (kernel/sched.c).
 */
static void
tick_handler(int sig)
{
	(void)sig;
	__atomic_fetch_add(&tick_count, 1, __ATOMIC_RELAXED);
}

uint64_t
os_clock_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

int64_t
os_clock_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
os_timer_start(unsigned int hz)
{
	struct sigaction sa;
	struct sigevent sev;
	struct itimerspec its;
	sigset_t set;

	if (tick_running)
		return -EBUSY;
	if (hz == 0 || hz > 10000)
		return -EINVAL;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tick_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;		/* no SA_RESTART: interrupt waitpid/epoll_wait */
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &tick_timer) < 0)
		return -errno;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = 1000000000L / hz;
	its.it_value = its.it_interval;
	if (timer_settime(tick_timer, 0, &its, NULL) < 0) {
		int err = -errno;

		timer_delete(tick_timer);
		return err;
	}
	tick_running = true;
	return 0;
}

void
os_timer_stop(void)
{
	if (!tick_running)
		return;
	timer_delete(tick_timer);
	tick_running = false;
}

unsigned int
os_timer_ticks_take(void)
{
	return __atomic_exchange_n(&tick_count, 0, __ATOMIC_RELAXED);
}

unsigned int
os_timer_ticks_pending(void)
{
	return __atomic_load_n(&tick_count, __ATOMIC_RELAXED);
}

void
os_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
