/*
 * bench/progs/forkexit.c: guest benchmark, process creation without exec.
 * Each iteration forks a child that exits at once and waits for it; prints
 * the cost of one iteration as "fork_exit_wait <ns> ns".
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int
main(int argc, char **argv)
{
	uint64_t target = bench_target_ns(argc, argv);
	uint64_t start = bench_now_ns(), now, ops = 0;
	int i, status;
	pid_t pid;

	do {
		for (i = 0; i < 10; i++) {
			pid = fork();
			if (pid < 0) {
				perror("fork");
				return 1;
			}
			if (pid == 0)
				_exit(0);
			if (waitpid(pid, &status, 0) != pid ||
			    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr, "fork_exit_wait: bad wait "
					"(status %#x)\n", status);
				return 1;
			}
		}
		ops += 10;
		now = bench_now_ns();
	} while (now - start < target);
	bench_report("fork_exit_wait", now - start, ops);
	return 0;
}
