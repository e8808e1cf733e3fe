/*
 * bench/progs/fsynclat.c: guest benchmark (also run on the host), the
 * latency of a small synchronous append, as a log or a database commit
 * does it.
 *
 *	fsynclat NAME PATH COUNT
 *
 * Creates PATH (it must not exist), then COUNT times: write 4 KiB at the end
 * of the file and fsync() it; each write+fsync pair is timed on
 * clock_gettime(CLOCK_MONOTONIC). Each fsync must commit a new block and
 * the larger size, so on a journalling filesystem it is a journal commit
 * and a flush of the disk every time. Prints "NAME_p50 <us> us" and
 * "NAME_p99 <us> us" (median and 99th percentile, nearest rank) and
 * "#clock NAME <elapsed ns> <count>"; on an error, one line on stderr and
 * exit status 1, and no figure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define BLOCK 4096

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile pct of the n sorted values. */
static uint64_t
percentile(const uint64_t *v, long n, int pct)
{
	long rank = (n * pct + 99) / 100;

	return v[rank > 0 ? rank - 1 : 0];
}

int
main(int argc, char **argv)
{
	static unsigned char block[BLOCK];
	const char *name, *path;
	uint64_t *lat, first, last;
	long count, i;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: fsynclat NAME PATH COUNT\n");
		return 2;
	}
	name = argv[1];
	path = argv[2];
	count = atol(argv[3]);
	if (count <= 0 || count > 1000000) {
		fprintf(stderr, "fsynclat: bad count '%s'\n", argv[3]);
		return 2;
	}
	lat = calloc((size_t)count, sizeof(*lat));
	if (!lat) {
		fprintf(stderr, "fsynclat: out of memory\n");
		return 1;
	}
	memset(block, 'l', sizeof(block));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0644);
	if (fd < 0) {
		fprintf(stderr, "fsynclat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	first = bench_now_ns();
	last = first;
	for (i = 0; i < count; i++) {
		uint64_t t0 = last;
		ssize_t n = write(fd, block, sizeof(block));

		if (n != (ssize_t)sizeof(block)) {
			fprintf(stderr, "fsynclat: write %s: %s\n", path,
				n < 0 ? strerror(errno) : "short write");
			return 1;
		}
		if (fsync(fd) != 0) {
			fprintf(stderr, "fsynclat: fsync %s: %s\n", path,
				strerror(errno));
			return 1;
		}
		last = bench_now_ns();
		lat[i] = last - t0;
	}
	close(fd);
	qsort(lat, (size_t)count, sizeof(*lat), cmp_u64);
	printf("%s_p50 %.1f us\n", name, (double)percentile(lat, count, 50) / 1e3);
	printf("%s_p99 %.1f us\n", name, (double)percentile(lat, count, 99) / 1e3);
	printf("#clock %s %llu %ld\n", name, (unsigned long long)(last - first),
	       count);
	return 0;
}
