/*
 * bench/progs/pipe.c: guest benchmark, pipe round trip between two
 * processes. The parent writes one byte into one pipe, the child reads it
 * and writes it back through another; prints the cost of one round trip as
 * "pipe_roundtrip <ns> ns".
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static void
child(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1) {
		if (write(out, &c, 1) != 1)
			_exit(1);
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	uint64_t target = bench_target_ns(argc, argv);
	uint64_t start, now, ops = 0;
	int ping[2], pong[2], i, status;
	char c = 'x';
	pid_t pid;

	if (pipe(ping) != 0 || pipe(pong) != 0) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		child(ping[0], pong[1]);
	}
	close(ping[0]);
	close(pong[1]);
	start = bench_now_ns();
	do {
		for (i = 0; i < 100; i++) {
			if (write(ping[1], &c, 1) != 1 ||
			    read(pong[0], &c, 1) != 1) {
				perror("pipe_roundtrip: write/read");
				return 1;
			}
		}
		ops += 100;
		now = bench_now_ns();
	} while (now - start < target);
	close(ping[1]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "pipe_roundtrip: child failed (status %#x)\n",
			status);
		return 1;
	}
	bench_report("pipe_roundtrip", now - start, ops);
	return 0;
}
