/*
 * bench/progs/seqio.c: guest benchmark (also run on the host), sequential
 * I/O in 1 MiB requests on a block device or a file.
 *
 *	seqio NAME write PATH MIB [fsync]   write MIB MiB from offset 0
 *	seqio NAME read PATH MIB            read MIB MiB from offset 0
 *
 * A write opens PATH with O_CREAT (no O_TRUNC, so a block device is opened
 * as it is) and, with "fsync", ends with fsync(), which is inside the timed
 * span: the figure is then what reached the disk. Every MiB starts with its
 * index, so a read checks that each MiB came back in place (a kernel that
 * returns zeros or the wrong block fails instead of looking fast); the rest
 * of the MiB is a fixed non-zero pattern. The clock is the caller's
 * clock_gettime(CLOCK_MONOTONIC), from just before the first request to just
 * after the last one (or the fsync). Prints "NAME <MiB/s> MiB/s" and
 * "#clock NAME <elapsed ns> <bytes>"; on an error, one line on stderr and
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

#define CHUNK (1u << 20)

static unsigned char buf[CHUNK];

static void
fill_pattern(void)
{
	uint32_t x = 2463534242u;	/* xorshift32: fixed, never zero */
	size_t i;

	for (i = 0; i < CHUNK; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)(x | 1);
	}
}

/* Reads or writes all of len at off; 0, or -1 with errno (EIO on EOF). */
static int
xfer_all(int fd, int wr, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = wr ? pwrite(fd, buf + done, len - done, off + done)
			       : pread(fd, buf + done, len - done, off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = wr ? ENOSPC : EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *name, *path;
	int wr, sync_end, fd;
	long mib;
	uint64_t start, end, i;

	if (argc < 5 || (strcmp(argv[2], "write") && strcmp(argv[2], "read")) ||
	    (argc > 5 && strcmp(argv[5], "fsync")) || argc > 6) {
		fprintf(stderr, "usage: seqio NAME write|read PATH MIB [fsync]\n");
		return 2;
	}
	name = argv[1];
	wr = !strcmp(argv[2], "write");
	path = argv[3];
	mib = atol(argv[4]);
	sync_end = argc > 5;
	if (mib <= 0) {
		fprintf(stderr, "seqio: bad size '%s' (MiB)\n", argv[4]);
		return 2;
	}
	if (sync_end && !wr) {
		fprintf(stderr, "seqio: fsync goes with write\n");
		return 2;
	}
	fill_pattern();
	fd = open(path, wr ? O_WRONLY | O_CREAT : O_RDONLY, 0644);
	if (fd < 0) {
		fprintf(stderr, "seqio: %s: %s\n", path, strerror(errno));
		return 1;
	}
	start = bench_now_ns();
	for (i = 0; i < (uint64_t)mib; i++) {
		uint64_t got;

		if (wr)
			memcpy(buf, &i, sizeof(i));
		if (xfer_all(fd, wr, CHUNK, (off_t)(i * CHUNK)) != 0) {
			fprintf(stderr, "seqio: %s %s at MiB %llu: %s\n",
				wr ? "write" : "read", path,
				(unsigned long long)i, strerror(errno));
			return 1;
		}
		if (!wr) {
			memcpy(&got, buf, sizeof(got));
			if (got != i) {
				fprintf(stderr,
					"seqio: %s: MiB %llu holds the data of MiB %llu\n",
					path, (unsigned long long)i,
					(unsigned long long)got);
				return 1;
			}
		}
	}
	if (sync_end && fsync(fd) != 0) {
		fprintf(stderr, "seqio: fsync %s: %s\n", path, strerror(errno));
		return 1;
	}
	end = bench_now_ns();
	if (close(fd) != 0) {
		fprintf(stderr, "seqio: close %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("%s %.1f MiB/s\n", name,
	       (double)mib / ((double)(end - start) / 1e9));
	printf("#clock %s %llu %llu\n", name, (unsigned long long)(end - start),
	       (unsigned long long)mib * CHUNK);
	return 0;
}
