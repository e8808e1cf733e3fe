/*
 * Boot-test guest program: a fork bomb with bounds.
 *   bomb SECONDS FANOUT DEPTH KIB LOG
 * Every process forks up to FANOUT children (fewer than DEPTH generations
 * deep); each child touches KIB KiB of fresh memory and does the same. At
 * SECONDS after the start every process stops forking, reaps its children
 * and appends "generation forks fork-failures" to LOG. With enough
 * generations and a small mem= the guest runs out of memory long before the
 * tree is complete: the kernel must kill processes, say so, and survive.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	double end;
	int fanout, depth, gen = 0, forks = 0, fails = 0, fd;
	size_t bytes;

	if (argc != 6) {
		fprintf(stderr, "usage: bomb SECONDS FANOUT DEPTH KIB LOG\n");
		return 2;
	}
	end = now() + atof(argv[1]);
	fanout = atoi(argv[2]);
	depth = atoi(argv[3]);
	bytes = (size_t)atol(argv[4]) * 1024;
	fd = open(argv[5], O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0) {
		perror(argv[5]);
		return 1;
	}
	while (now() < end) {
		pid_t pid;

		if (gen >= depth || forks >= fanout) {
			usleep(20000);
			continue;
		}
		pid = fork();
		if (pid == 0) {
			char *p = malloc(bytes);

			gen++;
			forks = fails = 0;
			if (p)
				memset(p, gen, bytes);
		} else if (pid < 0) {
			fails++;
			usleep(10000);
		} else {
			forks++;
		}
	}
	while (wait(NULL) > 0)
		;
	dprintf(fd, "%d %d %d\n", gen, forks, fails);
	return 0;
}
