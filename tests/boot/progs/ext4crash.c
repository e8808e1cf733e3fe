// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest side of boot-ext4crash: a write-heavy workload that is killed
 * (kill -9 of the kernel process) at a random moment, and the check, at
 * the next boot, that every file it had fsync'd is there with its content.
 *
 *   ext4crash work DIR ROUND   writes files DIR/r<ROUND>-<n> of varied sizes
 *                              in chunks, fsyncs two of three and then
 *                              prints "F:<name> <size> <seed> E" (the E
 *                              marks a whole line), with directories and
 *                              files made and removed around them unsynced;
 *                              runs until killed (it idles after 4 MiB)
 *   ext4crash timer DIR        writes DIR/timer-file without fsync, prints
 *                              "P:timer-file <size> <seed> E" and
 *                              "W:start", and sleeps: the periodic commit
 *                              must make it durable within seconds
 *   ext4crash verify LIST DIR  LIST (a disk holding the F: lines of all
 *                              rounds so far, NUL-padded) names the files
 *                              that must be in DIR as written; prints
 *                              "V:checked=<n>" and "V:bad=<n>", and the
 *                              first few bad ones
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static char buf[256 * 1024], got[256 * 1024];

static void
fill(char *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (char)(seed >> 16);
	}
}

static int
work(const char *dir, int round)
{
	char path[512];
	unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)(round * 7919);
	size_t total = 0;

	printf("W:start\n");
	fflush(stdout);
	for (int i = 0;; i++) {
		size_t size, done = 0;
		int fd;

		if (total > (4u << 20)) {
			sleep(1);
			continue;
		}
		seed = seed * 1103515245u + 12345u;
		size = (seed >> 8) % sizeof(buf);
		snprintf(path, sizeof(path), "%s/r%d-%d", dir, round, i);
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0) {
			printf("W:open-failed=%d\n", errno);
			return 1;
		}
		fill(buf, size, seed);
		while (done < size) {
			size_t n = size - done < 16384 ? size - done : 16384;
			ssize_t w = write(fd, buf + done, n);

			if (w <= 0) {
				printf("W:write-failed=%d\n", errno);
				return 1;
			}
			done += (size_t)w;
		}
		total += size;
		if (i % 3 != 2) {
			if (fsync(fd)) {
				printf("W:fsync-failed=%d\n", errno);
				return 1;
			}
			printf("F:r%d-%d %zu %u E\n", round, i, size, seed);
			fflush(stdout);
		}
		close(fd);
		/* Unsynced churn around the synced files. */
		if (i % 5 == 0) {
			snprintf(path, sizeof(path), "%s/churn-%d-%d", dir, round, i);
			mkdir(path, 0755);
			snprintf(path, sizeof(path), "%s/churn-%d-%d/x", dir, round, i);
			fd = open(path, O_CREAT | O_WRONLY, 0644);
			if (fd >= 0) {
				if (write(fd, buf, 5000) < 0)
					printf("W:churn-write-failed=%d\n", errno);
				close(fd);
			}
			if (i % 10 == 0) {
				unlink(path);
				snprintf(path, sizeof(path), "%s/churn-%d-%d", dir, round, i);
				rmdir(path);
			}
		}
	}
}

static int
timer_file(const char *dir)
{
	char path[512];
	unsigned int seed = (unsigned int)time(NULL);
	size_t size = 100000;
	int fd;

	snprintf(path, sizeof(path), "%s/timer-file", dir);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	fill(buf, size, seed);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd)) {
		printf("W:timer-write-failed=%d\n", errno);
		return 1;
	}
	printf("P:timer-file %zu %u E\nW:start\n", size, seed);
	for (;;)
		sleep(1);
}

static int
verify(const char *list, const char *dir)
{
	FILE *f = fopen(list, "r");
	char line[512], name[256], path[512];
	int checked = 0, bad = 0;

	if (!f) {
		printf("V:list-open=%d\n", errno);
		return 1;
	}
	printf("V:start\n");
	while (fgets(line, sizeof(line), f) && line[0]) {	/* NUL: the padding */
		size_t size;
		unsigned int seed;
		char e;
		int fd;
		ssize_t n;

		if (line[0] != 'F' ||
		    sscanf(line, "F:%255s %zu %u %c", name, &size, &seed, &e) != 4 || e != 'E')
			continue;
		checked++;
		if (size > sizeof(buf)) {
			if (bad++ < 5)
				printf("V:bad-line=%s", line);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fd = open(path, O_RDONLY);
		n = fd >= 0 ? read(fd, got, sizeof(got)) : -1;
		if (fd >= 0)
			close(fd);
		fill(buf, size, seed);
		if (n != (ssize_t)size || memcmp(buf, got, size)) {
			if (bad++ < 5)
				printf("V:bad-file=%s want %zu got %zd\n", name, size, n);
		}
	}
	fclose(f);
	printf("V:checked=%d\nV:bad=%d\n", checked, bad);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "work"))
		return work(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "timer"))
		return timer_file(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "verify"))
		return verify(argv[2], argv[3]);
	fprintf(stderr, "usage: ext4crash work DIR ROUND | timer DIR | verify LIST DIR\n");
	return 2;
}
