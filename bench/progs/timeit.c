/*
 * bench/progs/timeit.c: guest helper (also run on the host), the wall time
 * of one command on the caller's own clock.
 *
 *	timeit NAME COMMAND [ARG]...
 *
 * Runs COMMAND (PATH is searched) in a child with fork and execvp, waits for
 * it, and prints "NAME <ms> ms" and "#clock NAME <elapsed ns> 1", the time
 * from just before the fork to the return of waitpid on
 * clock_gettime(CLOCK_MONOTONIC). If the command fails (non-zero status or a
 * signal) it prints a "benchfail NAME: ..." line instead and exits with
 * status 1: a command that failed has no time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char **argv)
{
	uint64_t start, end;
	pid_t pid;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: timeit NAME COMMAND [ARG]...\n");
		return 2;
	}
	fflush(stdout);
	start = bench_now_ns();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "timeit: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: waitpid: %s\n", strerror(errno));
			return 1;
		}
	}
	end = bench_now_ns();
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFEXITED(st))
			printf("benchfail %s: %s exited with status %d\n",
			       argv[1], argv[2], WEXITSTATUS(st));
		else
			printf("benchfail %s: %s killed by signal %d\n",
			       argv[1], argv[2], WTERMSIG(st));
		return 1;
	}
	printf("%s %.1f ms\n", argv[1], (double)(end - start) / 1e6);
	printf("#clock %s %llu 1\n", argv[1], (unsigned long long)(end - start));
	return 0;
}
