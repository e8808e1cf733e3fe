// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, the kernel process itself: CPU pinning, randomness, exit, and
 * what the host says about its CPU (/proc/cpuinfo), which guest programs
 * see again in theirs: they run on that CPU, and decide by its flags.
 *
 * Pinning: a hand-off between the kernel thread and a guest child costs a
 * few µs on one CPU but 70-170 µs across CPUs on the VMs we run on
 * (shared/docs/trap-mechanisms.md §4), so by default the kernel thread is
 * pinned to the CPU it runs on; children inherit the mask at clone/exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	os_umid_remove();
	_exit(status);
}

/* block_of finds cpu's "processor : N" block in text (NULL if none). */
static const char *
block_of(const char *text, int cpu)
{
	for (const char *p = text; p && *p; p = strstr(p, "\n\n") ? strstr(p, "\n\n") + 2 : NULL) {
		int n;

		if (sscanf(p, "processor : %d", &n) == 1 && n == cpu)
			return p;
	}
	return NULL;
}

int64_t
os_host_cpuinfo(char *buf, size_t size)
{
	size_t cap = 64 * 1024, len = 0;
	char *text = malloc(cap + 1);
	const char *b, *end;
	int fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !text) {
		n = fd < 0 ? -errno : -ENOMEM;
		if (fd >= 0)
			close(fd);
		free(text);
		return n;
	}
	while ((n = read(fd, text + len, cap - len)) > 0 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		len += (size_t)n;
		if (len == cap) {
			char *bigger = realloc(text, cap * 2 + 1);

			if (!bigger)
				break;
			text = bigger;
			cap *= 2;
		}
	}
	close(fd);
	text[len] = '\0';
	/* The CPU we are pinned to is the one guest code runs on; else the first. */
	b = block_of(text, pinned_cpu >= 0 ? pinned_cpu : 0);
	if (!b)
		b = text;
	end = strstr(b, "\n\n");
	len = end ? (size_t)(end - b) + 1 : strlen(b);
	if (len >= size)
		len = size - 1;
	memcpy(buf, b, len);
	buf[len] = '\0';
	free(text);
	return (int64_t)len;
}
