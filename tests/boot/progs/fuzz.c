// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-side system call fuzzer: child processes make thousands of system
 * calls with random numbers and hostile arguments (NULL, -1, kernel-half
 * and unmapped addresses, huge lengths). The kernel must answer every one
 * with a result or an errno, never crash or hang. Calls that would end or
 * stop the fuzzer itself, or block for long, are left out.
 *   fuzz SEED ROUNDS CALLS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned long long
rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static long
arg(void)
{
	switch (rnd() % 8) {
	case 0:
		return 0;
	case 1:
		return -1;
	case 2:
		return (long)(rnd() % 4096);
	case 3:
		return (long)rnd();
	case 4:
		return 0x7ffffffff000L - (long)(rnd() % 65536);
	case 5:
		return 0x400000L + (long)(rnd() % 0x100000);
	case 6:
		return (long)(rnd() % 64);
	default:
		return 1L << (rnd() % 63);
	}
}

/* Calls that end, stop or replace the fuzzer, or wait for long. */
static const int skip[] = {
	7, 13, 14, 15, 23, 34, 35, 37, 38, 56, 57, 58, 59, 60, 61, 62, 72, 101, 130, 169,
	200, 202, 230, 231, 232, 234, 247, 270, 271, 281, 322, 435,
};

static int
skipped(long nr)
{
	for (unsigned int i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (skip[i] == nr)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	int rounds, calls;

	if (argc != 4) {
		fprintf(stderr, "usage: fuzz SEED ROUNDS CALLS\n");
		return 2;
	}
	state ^= strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ULL;
	rounds = atoi(argv[2]);
	calls = atoi(argv[3]);
	for (int r = 0; r < rounds; r++) {
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			/*
			 * The console is not the child's: reads of it would
			 * wait for the alarm, and writes would garble the
			 * test's output. /dev/null answers at once.
			 */
			int null = open("/dev/null", O_RDWR);

			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
				if (null > 2)
					close(null);
			}
			alarm(5);
			for (int i = 0; i < calls; i++) {
				long nr = (long)(rnd() % 335);

				if (!skipped(nr))
					syscall(nr, arg(), arg(), arg(), arg(), arg(), arg());
			}
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid)
			return 1;
	}
	printf("T:fuzz-%s=survived\n", argv[1]);
	return 0;
}
