/*
 * bench/progs/bench.h: the clock and the output format shared by the guest
 * benchmark programs (user space, run inside the guest, not kernel code).
 * Each program repeats its operation in batches until it has run for at
 * least the target time (argv[1] in milliseconds, 1000 by default), then
 * prints one "name value unit" line on stdout, the unit being ns per
 * operation, and a "#clock name elapsed-ns operations" line with which the
 * host checks the guest's clock against its own. Timing uses
 * clock_gettime(CLOCK_MONOTONIC) in the guest.
 */
#ifndef BENCH_PROGS_BENCH_H
#define BENCH_PROGS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Nanoseconds on the guest's monotonic clock. */
static inline uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		perror("clock_gettime");
		exit(1);
	}
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The target run time in ns, from argv[1] (milliseconds) or 1 s. */
static inline uint64_t
bench_target_ns(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;

	if (ms <= 0)
		ms = 1000;
	return (uint64_t)ms * 1000000u;
}

/* Prints the result lines for elapsed ns spread over ops operations. */
static inline void
bench_report(const char *name, uint64_t elapsed, uint64_t ops)
{
	printf("%s %.1f ns\n", name, ops ? (double)elapsed / (double)ops : 0.0);
	printf("#clock %s %llu %llu\n", name, (unsigned long long)elapsed,
	       (unsigned long long)ops);
	fflush(stdout);
}

#endif
