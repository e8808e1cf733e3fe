// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks of kernel features a shell script cannot reach: ptys, epoll with
 * eventfd and timerfd, MAP_SHARED memory (a file and anonymous) across fork
 * and against read(), signal handlers with SA_RESTART, sigaltstack and FPU
 * state, condition variables (futexes), select/poll timeouts, big
 * directories, links and renames, record locks and flock.
 * Prints "T:<name>=ok" or "T:<name>=FAIL <why>" per check; syscalls.out
 * beside this file is what it prints when every check passes. The boot
 * test (tests/boot/syscalls.sh) runs it on the host first, then in the
 * guest, and both must print exactly that.
 *   syscalls DIR     (DIR: an empty writable directory for scratch files)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

#define CHECK(name, cond, ...)							\
	do {									\
		if (cond)							\
			printf("T:%s=ok\n", name);				\
		else {								\
			printf("T:%s=FAIL ", name);				\
			printf(__VA_ARGS__);					\
			printf(" (errno %d)\n", errno);				\
		}								\
		fflush(stdout);							\
	} while (0)

static void
test_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), st, n, total = 0;
	char buf[512], *name;
	pid_t pid;

	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m))) {
		CHECK("pty", 0, "posix_openpt/unlockpt failed");
		return;
	}
	pid = fork();
	if (pid == 0) {
		int s;

		setsid();
		s = open(name, O_RDWR);
		if (s < 0)
			_exit(1);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		execl("/bin/sh", "sh", "-c", "read x; echo got:$x; tty", (char *)0);
		_exit(127);
	}
	if (write(m, "hello\n", 6) != 6)
		CHECK("pty", 0, "write to master");
	while ((n = read(m, buf + total, sizeof(buf) - 1 - total)) > 0)
		total += n;
	buf[total] = 0;
	waitpid(pid, &st, 0);
	CHECK("pty", strstr(buf, "got:hello") && strstr(buf, "/dev/pts/") && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "master read [%s]", buf);
	close(m);
}

static void
test_epoll(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), efd = eventfd(0, EFD_NONBLOCK), tfd;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 }, out[4];
	uint64_t v = 3, ticks = 0;
	struct itimerspec its = { .it_value = { 0, 20 * 1000 * 1000 } };
	struct timespec a, b;
	int n;

	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	n = epoll_wait(ep, out, 4, 0);
	CHECK("epoll-empty", n == 0, "epoll_wait on an empty eventfd returned %d", n);
	if (write(efd, &v, 8) != 8)
		CHECK("eventfd-write", 0, "write");
	n = epoll_wait(ep, out, 4, 1000);
	CHECK("epoll-eventfd", n == 1 && out[0].data.u32 == 7 && (out[0].events & EPOLLIN),
	      "epoll_wait returned %d", n);
	v = 0;
	CHECK("eventfd-read", read(efd, &v, 8) == 8 && v == 3, "read %llu", (unsigned long long)v);
	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	ev.data.u32 = 9;
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	clock_gettime(CLOCK_MONOTONIC, &a);
	timerfd_settime(tfd, 0, &its, NULL);
	n = epoll_wait(ep, out, 4, 2000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	{
		long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;

		CHECK("timerfd-epoll", n == 1 && out[0].data.u32 == 9 && ms >= 19 && ms < 1500,
		      "n=%d after %ld ms", n, ms);
	}
	CHECK("timerfd-read", read(tfd, &ticks, 8) == 8 && ticks == 1, "ticks %llu",
	      (unsigned long long)ticks);
	close(tfd);
	close(efd);
	close(ep);
}

static const char *dir;

/* at gives DIR/name in a static buffer (one at a time). */
static const char *
at(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
test_shared_memory(void)
{
	int fd = open(at("shm-test"), O_RDWR | O_CREAT | O_TRUNC, 0600), st;
	char *p, buf[16] = "";
	int *anon;
	pid_t pid;

	if (fd < 0 || ftruncate(fd, 8192)) {
		CHECK("mmap-shared-file", 0, "open/ftruncate");
		return;
	}
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || anon == MAP_FAILED) {
		CHECK("mmap-shared-file", 0, "mmap");
		return;
	}
	pid = fork();
	if (pid == 0) {
		strcpy(p + 4096, "from child");
		*anon = 4242;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK("mmap-shared-file", !strcmp(p + 4096, "from child"), "parent sees [%s]", p + 4096);
	CHECK("mmap-shared-anon", *anon == 4242, "parent sees %d", *anon);
	pread(fd, buf, 10, 4096);
	CHECK("mmap-vs-read", !memcmp(buf, "from child", 10), "read() sees [%.10s]", buf);
	pwrite(fd, "written", 7, 0);
	CHECK("write-vs-mmap", !memcmp(p, "written", 7), "mapping sees [%.7s]", p);
	munmap(p, 8192);
	close(fd);
	unlink(at("shm-test"));
}

static volatile sig_atomic_t got_alarm;
static volatile uintptr_t handler_stack;
static double fpu_val = 1.0;

static void
on_alarm(int sig)
{
	volatile double x = 3.25;
	int local;

	(void)sig;
	handler_stack = (uintptr_t)&local;
	for (int i = 0; i < 5; i++)
		x = x * 1.5 + 0.25;	/* clobbers xmm registers */
	fpu_val = x > 0 ? fpu_val : 0;
	got_alarm++;
}

static void
test_signals(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART | SA_ONSTACK };
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	int fds[2], st;
	char c = 0;
	pid_t pid;
	double before = 0.1;

	sigaltstack(&ss, NULL);
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		usleep(200 * 1000);
		write(fds[1], "x", 1);
		_exit(0);
	}
	alarm(0);
	{
		struct itimerval it = { .it_value = { 0, 50 * 1000 } };

		setitimer(ITIMER_REAL, &it, NULL);
	}
	for (int i = 0; i < 10; i++)
		before = before * 1.0001;
	/* The alarm interrupts the read; SA_RESTART resumes it until the byte comes. */
	CHECK("sa-restart", read(fds[0], &c, 1) == 1 && c == 'x' && got_alarm == 1,
	      "read got %d, alarms %d", c, got_alarm);
	CHECK("sigaltstack", handler_stack >= (uintptr_t)altstack &&
	      handler_stack < (uintptr_t)altstack + sizeof(altstack), "handler ran at %#lx",
	      (unsigned long)handler_stack);
	CHECK("fpu-across-signal", before > 0.1 && before < 0.1002 && fpu_val == 1.0,
	      "before=%f", before);
	waitpid(pid, &st, 0);
	close(fds[0]);
	close(fds[1]);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int go, woken;

static void *
waiter(void *arg)
{
	pthread_mutex_lock(&mu);
	while (!go)
		pthread_cond_wait(&cv, &mu);
	woken++;
	pthread_mutex_unlock(&mu);
	return arg;
}

static void
test_condvar(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, waiter, NULL);
	usleep(50 * 1000);
	pthread_mutex_lock(&mu);
	go = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK("condvar-broadcast", woken == 4, "woken %d", woken);
}

static void
test_timeouts(void)
{
	int fds[2];
	struct pollfd pfd;
	struct timeval tv = { 0, 30 * 1000 };
	fd_set rs;
	struct timespec a, b, req = { 0, 30 * 1000 * 1000 };
	long ms;
	int n;

	if (pipe(fds))
		return;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	clock_gettime(CLOCK_MONOTONIC, &a);
	n = poll(&pfd, 1, 30);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CHECK("poll-timeout", n == 0 && ms >= 29, "poll %d after %ld ms", n, ms);
	FD_ZERO(&rs);
	FD_SET(fds[0], &rs);
	n = select(fds[0] + 1, &rs, NULL, NULL, &tv);
	CHECK("select-timeout", n == 0, "select %d", n);
	write(fds[1], "y", 1);
	FD_SET(fds[0], &rs);
	n = select(fds[0] + 1, &rs, NULL, NULL, NULL);
	CHECK("select-ready", n == 1 && FD_ISSET(fds[0], &rs), "select %d", n);
	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	CHECK("nanosleep", ms >= 29, "slept %ld ms", ms);
	close(fds[0]);
	close(fds[1]);
}

static void
test_directories(void)
{
	char name[4200], target[64], big[2048], renamed[2100], hard[2100], sym[2100];
	DIR *d;
	struct dirent *e;
	int n = 0;
	struct stat st;

	snprintf(big, sizeof(big), "%s/big", dir);
	snprintf(renamed, sizeof(renamed), "%s/renamed", big);
	snprintf(hard, sizeof(hard), "%s/hard", big);
	snprintf(sym, sizeof(sym), "%s/sym", big);
	mkdir(big, 0755);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "%s/file-%03d", big, i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	d = opendir(big);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	CHECK("getdents-300", n == 300, "listed %d", n);
	snprintf(name, sizeof(name), "%s/file-000", big);
	CHECK("rename", !rename(name, renamed) && !access(renamed, F_OK) && access(name, F_OK),
	      "rename");
	CHECK("link", !link(renamed, hard) && !stat(hard, &st) && st.st_nlink == 2,
	      "link nlink %d", (int)st.st_nlink);
	CHECK("symlink", !symlink("renamed", sym) &&
	      readlink(sym, target, sizeof(target)) == 7 && !memcmp(target, "renamed", 7),
	      "symlink/readlink");
	for (int i = 1; i < 300; i++) {
		snprintf(name, sizeof(name), "%s/file-%03d", big, i);
		unlink(name);
	}
	unlink(renamed);
	unlink(hard);
	unlink(sym);
	CHECK("rmdir", !rmdir(big), "rmdir");
	snprintf(name, sizeof(name), "%s/x/y", dir);
	CHECK("enotempty", !mkdir(at("x"), 0755) && !mkdir(name, 0755) && rmdir(at("x")) &&
	      errno == ENOTEMPTY, "rmdir of a full dir");
	rmdir(name);
	rmdir(at("x"));
}

static void
test_locks(void)
{
	int fd = open(at("lockfile"), O_RDWR | O_CREAT, 0600), fd2, p[2], st;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20 };
	char c;
	pid_t pid;

	if (fd < 0 || pipe(p)) {
		CHECK("fcntl-lock", 0, "setup");
		return;
	}
	CHECK("fcntl-setlk", fcntl(fd, F_SETLK, &fl) == 0, "F_SETLK");
	pid = fork();
	if (pid == 0) {
		struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 15, .l_len = 1 };
		int busy = fcntl(fd, F_SETLK, &q) == -1 && (errno == EAGAIN || errno == EACCES);
		struct flock g = q;
		int got = fcntl(fd, F_GETLK, &g) == 0 && g.l_type == F_WRLCK && g.l_pid == getppid();

		write(p[1], busy && got ? "y" : "n", 1);
		/* Wait until the parent unlocks, then take it (F_SETLKW). */
		q.l_type = F_WRLCK;
		_exit(fcntl(fd, F_SETLKW, &q) == 0 ? 0 : 1);
	}
	read(p[0], &c, 1);
	CHECK("fcntl-conflict", c == 'y', "child saw no conflict (or wrong F_GETLK)");
	usleep(50 * 1000);
	fl.l_type = F_UNLCK;
	fcntl(fd, F_SETLK, &fl);
	waitpid(pid, &st, 0);
	CHECK("fcntl-setlkw", WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	fd2 = open(at("lockfile"), O_RDWR);
	CHECK("flock", flock(fd, LOCK_EX) == 0 && flock(fd2, LOCK_EX | LOCK_NB) == -1 &&
	      errno == EWOULDBLOCK && flock(fd, LOCK_UN) == 0 && flock(fd2, LOCK_EX | LOCK_NB) == 0,
	      "flock conflict between two opens");
	close(fd2);
	close(fd);
	unlink(at("lockfile"));
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: syscalls DIR\n");
		return 2;
	}
	dir = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_pty();
	test_epoll();
	test_shared_memory();
	test_signals();
	test_condvar();
	test_timeouts();
	test_directories();
	test_locks();
	printf("T:end=syscalls\n");
	return 0;
}
