// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, the kernel process itself: CPU pinning, randomness, exit.
 *
 * Pinning: a hand-off between the kernel thread and a guest child costs a
 * few µs on one CPU but 70-170 µs across CPUs on the VMs we run on
 * (shared/docs/trap-mechanisms.md §4), so by default the kernel thread is
 * pinned to the CPU it runs on; children inherit the mask at clone/exec.
 */
#include <errno.h>
#include <sched.h>
#include <sys/random.h>
#include <unistd.h>

#include "os.h"

static cpu_set_t orig_mask;
static bool orig_saved;
static int pinned_cpu = -1;

int
os_pin_cpu(bool pin)
{
	cpu_set_t set;
	int cpu;

	if (!orig_saved) {
		if (sched_getaffinity(0, sizeof(orig_mask), &orig_mask) < 0)
			return -errno;
		orig_saved = true;
	}
	if (!pin) {
		if (sched_setaffinity(0, sizeof(orig_mask), &orig_mask) < 0)
			return -errno;
		pinned_cpu = -1;
		return 0;
	}
	cpu = sched_getcpu();
	if (cpu < 0 || !CPU_ISSET(cpu, &orig_mask)) {
		/* fall back to the first CPU we may use */
		for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &orig_mask); cpu++)
			;
		if (cpu == CPU_SETSIZE)
			return -EINVAL;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return -errno;
	pinned_cpu = cpu;
	return 0;
}

int
os_pinned_cpu(void)
{
	return pinned_cpu;
}

int64_t
os_getrandom(void *buf, size_t len)
{
	ssize_t n;

	do {
		n = getrandom(buf, len, 0);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

void
os_exit(int status)
{
	_exit(status);
}
