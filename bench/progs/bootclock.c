/*
 * bench/progs/bootclock.c: host-side helper of bench/kernel.sh (runs on the
 * host, not in the guest). Runs a command with its stdout and stderr on a
 * pipe, copies everything it prints to a log file, and measures on the
 * host's monotonic clock the wall time from just before the exec to the
 * first line that starts with a marker, and to the exit of the command.
 *
 *	bootclock MARKER LOGFILE COMMAND [ARG]...
 *
 * Prints "<seconds to marker> <seconds to exit>" on stdout ("-" when the
 * marker never came) and exits with the command's status (128 + signal if
 * it was killed). Carriage returns in the output are ignored.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Scans new output for the marker at a line start; keeps line state. */
struct scan {
	const char *marker;
	size_t len;	/* marker bytes matched on the current line */
	int bol;	/* at the start of a line, or still matching */
	int found;
};

static void
scan_bytes(struct scan *s, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n && !s->found; i++) {
		char c = buf[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			s->bol = 1;
			s->len = 0;
			continue;
		}
		if (!s->bol)
			continue;
		if (c == s->marker[s->len]) {
			if (s->marker[++s->len] == '\0')
				s->found = 1;
		} else {
			s->bol = 0;
		}
	}
}

int
main(int argc, char **argv)
{
	struct scan s = { 0 };
	double t0, t_mark = -1, t_exit = -1;
	int fd[2], log, pidfd, status = 0, exited = 0, open_out = 1;
	char buf[4096];
	pid_t pid;

	if (argc < 4 || argv[1][0] == '\0') {
		fprintf(stderr, "usage: bootclock MARKER LOGFILE COMMAND [ARG]...\n");
		return 2;
	}
	s.marker = argv[1];
	s.bol = 1;
	log = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log < 0 || pipe2(fd, O_CLOEXEC) != 0) {
		perror("bootclock");
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("bootclock: fork");
		return 2;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	close(fd[1]);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		perror("bootclock: pidfd_open");
		return 2;
	}
	/* Until the command exits, and then until its output ends (at most
	 * a second more: a left-over child may hold the pipe open). */
	while (open_out) {
		struct pollfd p[2] = {
			{ .fd = fd[0], .events = POLLIN },
			{ .fd = exited ? -1 : pidfd, .events = POLLIN },
		};
		int r = poll(p, 2, exited ? 1000 : -1);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			perror("bootclock: poll");
			return 2;
		}
		if (r == 0)
			break;
		if (p[0].revents) {
			ssize_t n = read(fd[0], buf, sizeof(buf));

			if (n <= 0) {
				open_out = 0;
			} else {
				if (!s.found) {
					scan_bytes(&s, buf, (size_t)n);
					if (s.found)
						t_mark = now();
				}
				if (write(log, buf, (size_t)n) != n) {
					perror("bootclock: log");
					return 2;
				}
			}
		}
		if (!exited && p[1].revents) {
			t_exit = now();
			exited = 1;
		}
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("bootclock: waitpid");
		return 2;
	}
	if (!exited)
		t_exit = now();
	if (t_mark < 0)
		printf("- %.6f\n", t_exit - t0);
	else
		printf("%.6f %.6f\n", t_mark - t0, t_exit - t0);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
