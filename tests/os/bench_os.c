// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the trap backend: the null-syscall round trip (guest
 * getppid -> trapped -> answered -> resumed), median of 10,000, with the
 * kernel thread and the guest child pinned to one CPU and unpinned.
 * Prints numbers; asserts only that the guest ran correctly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guest_loader.h"
#include "os.h"
#include "trap.h"

#define N	10000

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Returns 0 and fills med/p10/p90 (ns), or -1 on failure. */
static int
measure(uint64_t *med, uint64_t *p10, uint64_t *p90)
{
	static struct guest g;
	static uint64_t t[N + 16];
	const char *argv[] = { "guest", "bench", "10000", NULL };
	unsigned int n = 0;
	int r;

	if (gl_start(&g, GUEST_PATH, argv)) {
		fprintf(stderr, "bench: gl_start failed\n");
		return -1;
	}
	while (!g.exited) {
		uint64_t t0 = os_clock_monotonic_ns();

		r = trap_run(g.mm, &g.uc);
		if (r == TRAP_SYSCALL && g.uc.trap.nr == 110 && n < N + 16)
			t[n++] = os_clock_monotonic_ns() - t0;
		if (r == TRAP_PREEMPTED)
			continue;
		if (r != TRAP_SYSCALL || !gl_syscall(&g)) {
			fprintf(stderr, "bench: unexpected trap %d\n", r);
			gl_stop(&g);
			return -1;
		}
	}
	gl_stop(&g);
	if (g.status != 0 || n != N) {
		fprintf(stderr, "bench: status %d, %u getppid\n", g.status, n);
		return -1;
	}
	/* the first call includes the initial register load */
	qsort(t + 1, n - 1, sizeof(t[0]), cmp_u64);
	*med = t[1 + (n - 1) / 2];
	*p10 = t[1 + (n - 1) / 10];
	*p90 = t[1 + (n - 1) * 9 / 10];
	return 0;
}

int
main(void)
{
	uint64_t med, p10, p90, t0;
	int i, fail = 0;

	if (gl_physmem()) {
		printf("FAIL: physmem/trap_init\n");
		return 1;
	}
	t0 = os_clock_monotonic_ns();
	for (i = 0; i < N; i++)
		getppid();
	printf("native getppid: %lu ns/call (mean)\n",
	       (unsigned long)((os_clock_monotonic_ns() - t0) / N));

	if (os_pin_cpu(true) == 0 && measure(&med, &p10, &p90) == 0)
		printf("trap round trip, pinned to cpu %d: median %lu ns (p10 %lu, p90 %lu)\n",
		       os_pinned_cpu(), (unsigned long)med, (unsigned long)p10, (unsigned long)p90);
	else
		fail = 1;
	if (os_pin_cpu(false) == 0 && measure(&med, &p10, &p90) == 0)
		printf("trap round trip, unpinned:       median %lu ns (p10 %lu, p90 %lu)\n",
		       (unsigned long)med, (unsigned long)p10, (unsigned long)p90);
	else
		fail = 1;
	printf("%s\n", fail ? "FAIL" : "PASS");
	return fail;
}
