// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races a multithreaded guest can start, and odd values it can pass, around
 * the calls a run of third-party test programs saw the kernel die in
 * (epoll_wait, fork, lseek, select, FUTEX_CMP_REQUEUE): a thread closes
 * the fd another one sleeps on in read, poll, select or epoll_wait; epoll
 * sets inside each other; waiters requeued between futexes, timed out,
 * killed, or left on an unmapped page; fork while threads sleep; a vfork
 * parent killed before its child execs; timers
 * that outlive their process or fire every nanosecond; lseek at the ends
 * of the 64-bit range; a controlling terminal whose pty pair is closed;
 * every call with two paths given one bad path (two_paths).
 * Each case prints one "T:<name>=<value>" line that
 * does not depend on timing, so the boot test compares the guest's lines
 * with the same program's on the host. The kernel must survive all of it
 * (the sanitized kernel reports any heap damage where it happens).
 *   hostile DIR     (DIR: a writable directory for scratch files)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_PRIVATE_FLAG	128

static const char *
errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case ELOOP: return "ELOOP";
	case EAGAIN: return "EAGAIN";
	case ESPIPE: return "ESPIPE";
	case ENXIO: return "ENXIO";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINTR: return "EINTR";
	case EFAULT: return "EFAULT";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EPERM: return "EPERM";
	case EPIPE: return "EPIPE";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNRESET: return "ECONNRESET";
	case ENODEV: return "ENODEV";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static void
out(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
out(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("T:%s=", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long
futex(volatile int *uaddr, int op, int val, const struct timespec *ts, volatile int *uaddr2,
      int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* ---- a thread closes the fd another sleeps on ---- */

enum { SLEEP_READ, SLEEP_POLL, SLEEP_SELECT, SLEEP_EPOLL };

struct sleeper {
	int kind, fd, epfd;
	long ret;
	int err, revents;
	volatile int started;	/* set right before the call that sleeps */
};

static void *
sleeper_main(void *arg)
{
	struct sleeper *s = arg;
	char c;

	errno = 0;
	s->started = 1;
	switch (s->kind) {
	case SLEEP_READ:
		s->ret = read(s->fd, &c, 1);
		break;
	case SLEEP_POLL: {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };

		s->ret = poll(&p, 1, 300);
		s->revents = p.revents;
		break;
	}
	case SLEEP_SELECT: {
		struct timeval tv = { 0, 300000 };
		fd_set in;

		FD_ZERO(&in);
		FD_SET(s->fd, &in);
		s->ret = select(s->fd + 1, &in, NULL, NULL, &tv);
		break;
	}
	case SLEEP_EPOLL: {
		struct epoll_event ev;

		s->ret = epoll_wait(s->epfd, &ev, 1, 300);
		break;
	}
	}
	s->err = s->ret < 0 ? errno : 0;
	return NULL;
}

static void
close_while_sleeping(int kind, const char *name)
{
	char result[128] = "";

	for (int round = 0; round < 10; round++) {
		struct sleeper s = { .kind = kind, .epfd = -1 };
		pthread_t th;
		int p[2];
		char line[64];

		if (pipe(p) < 0)
			return;
		s.fd = p[0];
		if (kind == SLEEP_EPOLL) {
			struct epoll_event ev = { .events = EPOLLIN };

			s.epfd = epoll_create1(0);
			epoll_ctl(s.epfd, EPOLL_CTL_ADD, p[0], &ev);
		}
		pthread_create(&th, NULL, sleeper_main, &s);
		while (!s.started)
			msleep(5);
		msleep(50);	/* it is asleep in the call by now */
		/* Pull the file out from under the sleeper, then poke the pipe. */
		if (kind == SLEEP_EPOLL) {
			epoll_ctl(s.epfd, EPOLL_CTL_DEL, p[0], NULL);
			close(s.epfd);
		}
		close(p[0]);
		if (kind == SLEEP_READ) {
			close(p[1]);	/* the reader sees end of file */
		} else {
			/* Wakes the sleeper; may fail (EPIPE) once nothing holds the read end. */
			ssize_t w = write(p[1], "x", 1);

			(void)w;
		}
		pthread_join(th, NULL);
		if (kind != SLEEP_READ)
			close(p[1]);
		/*
		 * read and poll answer the same on every Linux; what select and
		 * epoll_wait return here changed between versions (and races
		 * with the close on the host), so for them it is enough that
		 * they return.
		 */
		if (kind == SLEEP_POLL)
			snprintf(line, sizeof(line), "ret:%ld revents:%#x", s.ret, s.revents);
		else if (kind == SLEEP_READ)
			snprintf(line, sizeof(line), "ret:%ld err:%s", s.ret, errname(s.err));
		else
			snprintf(line, sizeof(line), "returned");
		if (round == 0)
			strcpy(result, line);
		else if (strcmp(result, line) && !strstr(result, "differs"))
			snprintf(result, sizeof(result), "differs in round %d: %s", round, line);
	}
	out(name, "%s", result);
}

/* ---- epoll sets inside each other ---- */

static void
epoll_nesting(void)
{
	int a = epoll_create1(0), b = epoll_create1(0), chain[12], r1, r2, r3;
	struct epoll_event ev = { .events = EPOLLIN }, got;

	r1 = epoll_ctl(a, EPOLL_CTL_ADD, b, &ev) < 0 ? errno : 0;
	r2 = epoll_ctl(b, EPOLL_CTL_ADD, a, &ev) < 0 ? errno : 0;
	r3 = epoll_ctl(a, EPOLL_CTL_ADD, a, &ev) < 0 ? errno : 0;
	out("epoll-cycle", "a-in-b:%s b-in-a:%s a-in-a:%s wait:%d", errname(r1), errname(r2),
	    errname(r3), epoll_wait(a, &got, 1, 0));
	/* A long chain, built top down: however far the kernel lets it grow, asking is safe. */
	for (int i = 0; i < 12; i++) {
		chain[i] = epoll_create1(0);
		if (i)
			epoll_ctl(chain[i - 1], EPOLL_CTL_ADD, chain[i], &ev);
	}
	epoll_ctl(chain[11], EPOLL_CTL_ADD, chain[0], &ev);
	out("epoll-chain", "wait:%d", epoll_wait(chain[0], &got, 1, 0));
	for (int i = 0; i < 12; i++)
		close(chain[i]);
	close(a);
	close(b);
}

/* ---- futexes ---- */

#define NWAITERS 8

static volatile int *fx;	/* fx[0], fx[1]: two futex words; fx[2]: queued count */

static void *
futex_waiter(void *arg)
{
	struct timespec ts = { 1, 0 };
	volatile int *word = arg;

	__atomic_add_fetch(&fx[2], 1, __ATOMIC_SEQ_CST);
	futex(word, FUTEX_WAIT, 0, &ts, NULL, 0);
	return NULL;
}

static void
futex_requeue_chaos(void)
{
	pthread_t th[NWAITERS];
	volatile int *page2;
	long bad;

	fx[0] = fx[1] = fx[2] = 0;
	for (int i = 0; i < NWAITERS; i++)
		pthread_create(&th[i], NULL, futex_waiter, (void *)&fx[0]);
	while (fx[2] < NWAITERS)
		msleep(5);
	msleep(20);
	/* The value check comes first: a stale value moves nobody. */
	bad = futex(&fx[0], FUTEX_CMP_REQUEUE, 0, (void *)2L, &fx[1], 1);
	out("futex-cmp-requeue-stale", "%s", bad < 0 ? errname(errno) : "moved");
	bad = futex(&fx[0], FUTEX_CMP_REQUEUE, -1, (void *)2L, &fx[1], 0);
	out("futex-cmp-requeue-negative", "%s", bad < 0 ? errname(errno) : "moved");
	bad = futex(&fx[0], FUTEX_CMP_REQUEUE, 1, (void *)-1L, &fx[1], 0);
	out("futex-cmp-requeue-negative2", "%s", bad < 0 ? errname(errno) : "moved");
	/* Wake some, move some, more than once, to and fro. */
	for (int k = 0; k < 20; k++) {
		futex(&fx[0], FUTEX_CMP_REQUEUE, 1, (void *)3L, &fx[1], 0);
		futex(&fx[1], FUTEX_CMP_REQUEUE, 0, (void *)100L, &fx[0], 0);
	}
	for (int i = 0; i < NWAITERS; i++)
		pthread_join(th[i], NULL);
	out("futex-requeue-joined", "%d", NWAITERS);

	/* Waiters moved onto a page that is then unmapped: they time out. */
	page2 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fx[2] = 0;
	for (int i = 0; i < NWAITERS; i++)
		pthread_create(&th[i], NULL, futex_waiter, (void *)&fx[0]);
	while (fx[2] < NWAITERS)
		msleep(5);
	msleep(20);
	futex(&fx[0], FUTEX_CMP_REQUEUE, 0, (void *)100L, page2, 0);
	munmap((void *)page2, 4096);
	for (int i = 0; i < NWAITERS; i++)
		pthread_join(th[i], NULL);
	out("futex-requeue-unmapped-joined", "%d", NWAITERS);

	/* Processes killed while they wait on a shared futex, then woken. */
	{
		pid_t pids[4];
		int st, killed = 0;

		fx[0] = 0;
		for (int i = 0; i < 4; i++) {
			pids[i] = fork();
			if (pids[i] == 0) {
				futex(&fx[0], FUTEX_WAIT, 0, NULL, NULL, 0);
				_exit(1);
			}
		}
		msleep(50);
		for (int i = 0; i < 4; i++)
			kill(pids[i], SIGKILL);
		futex(&fx[0], FUTEX_CMP_REQUEUE, 0, (void *)100L, &fx[1], 0);
		futex(&fx[1], FUTEX_WAKE, 100, NULL, NULL, 0);
		for (int i = 0; i < 4; i++)
			if (waitpid(pids[i], &st, 0) == pids[i] && WIFSIGNALED(st) &&
			    WTERMSIG(st) == SIGKILL)
				killed++;
		out("futex-killed-waiters", "%d", killed);
	}
}

/* ---- fork while other threads sleep ---- */

static int block_pipe[2];

static void *
blocked_thread(void *arg)
{
	long kind = (long)arg;
	char c;

	if (kind == 0) {
		while (read(block_pipe[0], &c, 1) < 0)
			;
	} else if (kind == 1) {
		volatile int never = 0;

		futex(&never, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	} else {
		msleep(10000);
	}
	return NULL;
}

static void
fork_with_threads(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_t th[3];
		int ok = 0;

		if (pipe(block_pipe) < 0)
			_exit(90);
		for (long k = 0; k < 3; k++)
			pthread_create(&th[k], NULL, blocked_thread, (void *)k);
		msleep(30);
		for (int i = 0; i < 30; i++) {
			pid_t c = i % 3 ? fork() : vfork();

			if (c == 0)
				_exit(7);
			if (c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			    WEXITSTATUS(st) == 7)
				ok++;
		}
		/* Leave with the threads still asleep. */
		exit(ok == 30 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	out("fork-with-sleeping-threads", "exit:%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* A vfork parent killed while its child has neither exec'd nor exited. */
static void
vfork_parent_killed(void)
{
	int p[2], st;
	pid_t pid;

	if (pipe(p) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		if (vfork() == 0) {
			char c;

			/* Stuck until the test lets go (EOF), then gone. */
			while (read(p[0], &c, 1) > 0)
				;
			_exit(0);
		}
		_exit(1);	/* never reached: killed while waiting */
	}
	close(p[0]);
	msleep(100);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	out("vfork-parent-killed", "%s", WIFSIGNALED(st) ? "killed" : "exited");
	close(p[1]);	/* the orphaned child ends */
	msleep(50);
}

/* ---- timers ---- */

static void
timers(void)
{
	struct itimerspec its;
	struct itimerval itv;
	uint64_t ticks = 0;
	int tfd, st, r;
	pid_t pid;

	/* Alarms armed by processes that end and are reaped before they fire. */
	for (int i = 0; i < 5; i++) {
		pid = fork();
		if (pid == 0) {
			struct itimerval v = { { 0, 1000 }, { 0, 300000 } };

			alarm(1);
			setitimer(ITIMER_REAL, &v, NULL);
			_exit(0);
		}
		waitpid(pid, &st, 0);
	}
	msleep(400);	/* past every one of them */
	out("timers-outlive-process", "ok");

	/* A timerfd every nanosecond: overruns are counted, not looped over. */
	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 1;
	its.it_interval.tv_nsec = 1;
	timerfd_settime(tfd, 0, &its, NULL);
	msleep(50);
	r = read(tfd, &ticks, sizeof(ticks)) == sizeof(ticks);
	out("timerfd-1ns", "read:%d many:%d", r, ticks > 1000);
	/* The far future, however it is written. */
	its.it_value.tv_sec = INT64_MAX;
	its.it_interval.tv_sec = INT64_MAX;
	out("timerfd-far", "%s", timerfd_settime(tfd, 0, &its, NULL) < 0 ? errname(errno) : "0");
	close(tfd);
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_sec = INT64_MAX / 2;
	itv.it_interval.tv_sec = INT64_MAX / 2;
	r = setitimer(ITIMER_REAL, &itv, NULL) < 0 ? errno : 0;
	memset(&itv, 0, sizeof(itv));
	setitimer(ITIMER_REAL, &itv, NULL);
	out("itimer-far", "%s", errname(r));
}

/* ---- lseek at the edges ---- */

static void
lseek_edges(const char *dir)
{
	char path[4096];
	int fd, p[2];
	long r;

	snprintf(path, sizeof(path), "%s/hostile-lseek", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "0123456789", 10) != 10) {
		out("lseek", "setup failed: %s", errname(errno));
		return;
	}
#define SEEK(name, off, whence)							\
	do {									\
		errno = 0;							\
		r = lseek(fd, (off_t)(off), whence);				\
		out("lseek-" name, "%ld %s", r, errname(r < 0 ? errno : 0));	\
	} while (0)
	SEEK("end-max", INT64_MAX, SEEK_END);
	lseek(fd, 5, SEEK_SET);
	SEEK("cur-max", INT64_MAX, SEEK_CUR);
	SEEK("cur-min", INT64_MIN, SEEK_CUR);
	SEEK("set-neg", -1, SEEK_SET);
	SEEK("end-neg", -11, SEEK_END);
	SEEK("end-back", -10, SEEK_END);
	SEEK("data-neg", -1, SEEK_DATA);
	SEEK("data-3", 3, SEEK_DATA);
	SEEK("data-past", 10, SEEK_DATA);
	SEEK("hole-0", 0, SEEK_HOLE);
	SEEK("whence-9", 0, 9);
	close(fd);
	unlink(path);
	if (pipe(p) == 0) {
		r = lseek(p[0], 0, SEEK_CUR);
		out("lseek-pipe", "%ld %s", r, errname(r < 0 ? errno : 0));
		close(p[0]);
		close(p[1]);
	}
}

/* ---- calls with two paths, one of them bad ---- */

/*
 * Every call that copies two strings from the guest, each with one of them
 * bad: not mapped, or longer than PATH_MAX. The kernel must copy, fail and
 * free the good one each time; the boot test counts the kernel's live
 * allocations around this (each case runs `reps` times, so a leak on one
 * error path shows as hundreds of objects). The other path is one that
 * works: an existing file, a free name in DIR. mount's strings are all
 * copied before anything is looked up or permitted (on Linux too), so it
 * fails with EFAULT here, as root or not, and mounts nothing.
 */
static void
two_paths(const char *dir, int reps)
{
	static char longname[PATH_MAX + 100];
	char old[256], new[256], mnt[256];
	char *unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct { const char *name, *bad; } bads[3] = {
		{ "low", (const char *)16 }, { "unmapped", unmapped }, { "long", longname },
	};
	int dfd = open(dir, O_RDONLY | O_DIRECTORY), fd;

	memset(longname, 'a', sizeof(longname) - 1);
	snprintf(old, sizeof(old), "%s/two-old", dir);
	snprintf(new, sizeof(new), "%s/two-new", dir);
	snprintf(mnt, sizeof(mnt), "%s/two-mnt", dir);
	fd = open(old, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (unmapped == MAP_FAILED || dfd < 0 || fd < 0 || mkdir(mnt, 0700)) {
		out("two-paths", "setup failed: %s", errname(errno));
		return;
	}
	close(fd);
	munmap(unmapped, 4096);
	for (int k = 0; k < 3; k++) {
		const char *bad = bads[k].bad;
		char name[64];
		long r[2][7];

		for (int which = 0; which < 2; which++) {
			/* which 0: the second path is bad; 1: the first is. */
			const char *p1 = which ? bad : old, *p2 = which ? new : bad;

			for (int i = 0; i < reps; i++) {
#define TRY(n, call) r[which][n] = (call) < 0 ? errno : 0
				TRY(0, symlink(p1, p2));
				TRY(1, symlinkat(p1, dfd, p2));
				TRY(2, link(p1, p2));
				TRY(3, linkat(AT_FDCWD, p1, dfd, p2, 0));
				TRY(4, rename(p1, p2));
				TRY(5, renameat(AT_FDCWD, p1, dfd, p2));
				TRY(6, syscall(SYS_renameat2, AT_FDCWD, p1, dfd, p2, 0));
#undef TRY
			}
		}
		snprintf(name, sizeof(name), "two-paths-%s", bads[k].name);
		out(name, "symlink:%s,%s symlinkat:%s,%s link:%s,%s linkat:%s,%s",
		    errname(r[0][0]), errname(r[1][0]), errname(r[0][1]), errname(r[1][1]),
		    errname(r[0][2]), errname(r[1][2]), errname(r[0][3]), errname(r[1][3]));
		snprintf(name, sizeof(name), "two-paths-rename-%s", bads[k].name);
		out(name, "rename:%s,%s renameat:%s,%s renameat2:%s,%s",
		    errname(r[0][4]), errname(r[1][4]), errname(r[0][5]), errname(r[1][5]),
		    errname(r[0][6]), errname(r[1][6]));
	}
	/* mount: each of its four strings unmapped in turn, the others good. */
	{
		const char *bad = bads[1].bad;
		long r[4];

		for (int i = 0; i < reps; i++) {
			r[0] = mount(bad, mnt, "tmpfs", 0, "size=1m") < 0 ? errno : 0;
			r[1] = mount("none", bad, "tmpfs", 0, "size=1m") < 0 ? errno : 0;
			r[2] = mount("none", mnt, bad, 0, "size=1m") < 0 ? errno : 0;
			r[3] = mount("none", mnt, "tmpfs", 0, bad) < 0 ? errno : 0;
		}
		out("two-paths-mount", "source:%s target:%s type:%s data:%s", errname(r[0]),
		    errname(r[1]), errname(r[2]), errname(r[3]));
	}
	unlink(old);
	rmdir(mnt);
	close(dfd);
}

/* ---- a controlling terminal that goes away ---- */

/* tty_nr reads field 7 of /proc/self/stat: the controlling terminal, 0 if none. */
static long
tty_nr(void)
{
	char buf[512], *p;
	FILE *f = fopen("/proc/self/stat", "r");
	long v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 2, "%*c %*d %*d %*d %ld", &v);
	fclose(f);
	return v;
}

static void
ctty_hangup(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		long before, after;
		char *name;
		int m, sl;

		signal(SIGHUP, SIG_IGN);
		setsid();
		m = posix_openpt(O_RDWR | O_NOCTTY);
		if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m)))
			_exit(90);
		sl = open(name, O_RDWR);	/* a session leader's first tty: its terminal */
		if (sl < 0)
			_exit(91);
		close(sl);
		before = tty_nr();
		close(m);		/* the pair goes; the session loses its terminal */
		after = tty_nr();
		out("ctty-after-hangup", "before:%s after:%ld", before > 0 ? "set" : "none", after);
		/* The session leader's exit must not touch the gone terminal. */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	out("ctty-after-hangup-exit", "%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}


/* ---- sockets: blocked callers whose socket or peer goes away ---- */

struct sock_sleeper {
	int kind, fd;
	long ret;
	int err;
	volatile int started;
	struct sockaddr_un addr;
};

enum { SOCK_RECV, SOCK_ACCEPT, SOCK_SEND, SOCK_SENDTO };

static void *
sock_sleeper_main(void *arg)
{
	struct sock_sleeper *s = arg;
	static char big[65536];
	char c;

	errno = 0;
	s->started = 1;
	switch (s->kind) {
	case SOCK_RECV:
		s->ret = recv(s->fd, &c, 1, 0);
		break;
	case SOCK_ACCEPT:
		s->ret = accept(s->fd, NULL, NULL);
		if (s->ret >= 0)
			close((int)s->ret), s->ret = 0;
		break;
	case SOCK_SEND:
		s->ret = send(s->fd, big, sizeof(big), 0);
		break;
	case SOCK_SENDTO:
		s->ret = sendto(s->fd, "x", 1, 0, (struct sockaddr *)&s->addr, sizeof(s->addr));
		break;
	}
	s->err = s->ret < 0 ? errno : 0;
	return NULL;
}

static void
socket_sleepers(const char *dir)
{
	struct sock_sleeper s;
	pthread_t th;
	int sv[2], l, c;

	/* recv: its fd closed by another thread, then the peer: end of file. */
	memset(&s, 0, sizeof(s));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	s.kind = SOCK_RECV;
	s.fd = sv[0];
	pthread_create(&th, NULL, sock_sleeper_main, &s);
	while (!s.started)
		msleep(5);
	msleep(50);
	close(sv[0]);
	close(sv[1]);
	pthread_join(th, NULL);
	out("sock-close-under-recv", "ret:%ld err:%s", s.ret, errname(s.err));

	/* accept: the listener's fd closed; the socket lives on for the sleeper. */
	memset(&s, 0, sizeof(s));
	s.addr.sun_family = AF_UNIX;
	snprintf(s.addr.sun_path, sizeof(s.addr.sun_path), "%s/listener", dir);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&s.addr, sizeof(s.addr));
	listen(l, 1);
	s.kind = SOCK_ACCEPT;
	s.fd = l;
	pthread_create(&th, NULL, sock_sleeper_main, &s);
	while (!s.started)
		msleep(5);
	msleep(50);
	close(l);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	l = connect(c, (struct sockaddr *)&s.addr, sizeof(s.addr));
	pthread_join(th, NULL);
	out("sock-close-under-accept", "connect:%d ret:%ld err:%s", l, s.ret, errname(s.err));
	close(c);
	unlink(s.addr.sun_path);

	/* send on a full stream: the peer closes. */
	memset(&s, 0, sizeof(s));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	while (send(sv[0], &s, 512, 0) > 0)
		;
	fcntl(sv[0], F_SETFL, 0);
	s.kind = SOCK_SEND;
	s.fd = sv[0];
	pthread_create(&th, NULL, sock_sleeper_main, &s);
	while (!s.started)
		msleep(5);
	msleep(50);
	close(sv[1]);
	pthread_join(th, NULL);
	out("sock-peer-gone-under-send", "ret:%ld err:%s", s.ret, errname(s.err));
	close(sv[0]);

	/* sendto a full datagram receiver: the receiver closes. */
	memset(&s, 0, sizeof(s));
	s.addr.sun_family = AF_UNIX;
	snprintf(s.addr.sun_path, sizeof(s.addr.sun_path), "%s/dgram", dir);
	l = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(l, (struct sockaddr *)&s.addr, sizeof(s.addr));
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	while (sendto(c, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&s.addr, sizeof(s.addr)) > 0)
		;
	s.kind = SOCK_SENDTO;
	s.fd = c;
	pthread_create(&th, NULL, sock_sleeper_main, &s);
	while (!s.started)
		msleep(5);
	msleep(50);
	close(l);
	pthread_join(th, NULL);
	out("sock-receiver-gone-under-sendto", "ret:%ld err:%s", s.ret, errname(s.err));
	close(c);
	unlink(s.addr.sun_path);
}

/* ---- malformed rtnetlink requests: errors, never a crash (read-only requests only) ---- */

static void
nl_answers(int s, char *out, size_t size)
{
	static char buf[65536];
	int n;

	out[0] = 0;
	while ((n = recv(s, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			char one[48];

			if (h->nlmsg_type == NLMSG_ERROR)
				snprintf(one, sizeof(one), "err:%s/%u ",
					 errname(-((struct nlmsgerr *)NLMSG_DATA(h))->error), h->nlmsg_seq);
			else
				snprintf(one, sizeof(one), "type:%d/%u ", h->nlmsg_type, h->nlmsg_seq);
			strncat(out, one, size - strlen(out) - 1);
		}
	if (!out[0])
		strcpy(out, "none");
}

static void
netlink_garbage(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	char msg[256], ans[512];
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct sockaddr_nl to = { .nl_family = AF_INET };
	long r;

	/* Shorter than a header, or longer than what was sent: ignored, as Linux. */
	memset(msg, 0, sizeof(msg));
	h->nlmsg_len = 8;
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	send(s, msg, 12, 0);
	nl_answers(s, ans, sizeof(ans));
	out("nl-short", "%s", ans);
	h->nlmsg_len = 200;
	send(s, msg, 40, 0);
	nl_answers(s, ans, sizeof(ans));
	out("nl-overlong", "%s", ans);
	/* Two requests in one datagram: an index nobody has, then an unknown type. */
	memset(msg, 0, sizeof(msg));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = 1;
	ifi->ifi_index = 98765;
	{
		struct nlmsghdr *h2 = (struct nlmsghdr *)(msg + NLMSG_ALIGN(h->nlmsg_len));

		h2->nlmsg_len = NLMSG_LENGTH(4);
		h2->nlmsg_type = 0x3f0;
		h2->nlmsg_flags = NLM_F_REQUEST;
		h2->nlmsg_seq = 2;
		send(s, msg, NLMSG_ALIGN(h->nlmsg_len) + h2->nlmsg_len, 0);
	}
	nl_answers(s, ans, sizeof(ans));
	out("nl-two-requests", "%s", ans);
	/* No NLM_F_REQUEST: not handled, no answer. */
	h->nlmsg_flags = 0;
	send(s, msg, h->nlmsg_len, 0);
	nl_answers(s, ans, sizeof(ans));
	out("nl-not-request", "%s", ans);
	/* A link by a name nobody has, with a truncated attribute after it. */
	memset(msg, 0, sizeof(msg));
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = 3;
	{
		struct rtattr *rta = (struct rtattr *)(msg + NLMSG_LENGTH(sizeof(*ifi)));

		rta->rta_type = IFLA_IFNAME;
		rta->rta_len = RTA_LENGTH(11);
		strcpy(RTA_DATA(rta), "nosuchdev0");
		h->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi)) + RTA_ALIGN(rta->rta_len);
	}
	send(s, msg, h->nlmsg_len, 0);
	nl_answers(s, ans, sizeof(ans));
	out("nl-link-by-bad-name", "%s", ans);
	/* A family header cut short. */
	h->nlmsg_len = NLMSG_LENGTH(2);
	h->nlmsg_seq = 4;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	send(s, msg, h->nlmsg_len, 0);
	nl_answers(s, ans, sizeof(ans));
	out("nl-short-family-header", "%s", ans);
	r = sendto(s, msg, 16, 0, (struct sockaddr *)&to, sizeof(to));
	out("nl-sendto-bad-family", "%s", r < 0 ? errname(errno) : "sent");
	r = bind(s, (struct sockaddr *)&to, 4);
	out("nl-bind-short", "%s", r < 0 ? errname(errno) : "bound");
	close(s);
}

/* sock_junk: fds in flight everywhere, sockets inside sockets, then all closed at once. */
static void
sock_junk(void)
{
	int fds[16], n = 0, sent = 0;
	char ctl[CMSG_SPACE(sizeof(int) * 8)];

	for (int i = 0; i < 4; i++) {
		socketpair(AF_UNIX, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0, fds + n);
		n += 2;
	}
	pipe(fds + n);
	n += 2;
	for (int round = 0; round < 50; round++) {
		struct iovec iov = { "j", 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
				     .msg_controllen = CMSG_SPACE(sizeof(int) * 8) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * 8);
		for (int k = 0; k < 8; k++)
			((int *)CMSG_DATA(cm))[k] = fds[(round + k * 3) % n];
		if (sendmsg(fds[(round * 5) % 8], &mh, MSG_DONTWAIT) == 1)
			sent++;
	}
	for (int i = 0; i < n; i++)
		close(fds[i]);
	/* One more release runs the collector for the cycles left behind. */
	close(socket(AF_UNIX, SOCK_DGRAM, 0));
	out("sock-junk", "%s", sent > 0 ? "sent" : "nothing sent");
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: hostile DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	fx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fx == MAP_FAILED)
		return 1;
	close_while_sleeping(SLEEP_READ, "close-under-read");
	close_while_sleeping(SLEEP_POLL, "close-under-poll");
	close_while_sleeping(SLEEP_SELECT, "close-under-select");
	close_while_sleeping(SLEEP_EPOLL, "close-under-epoll-wait");
	epoll_nesting();
	futex_requeue_chaos();
	fork_with_threads();
	vfork_parent_killed();
	timers();
	lseek_edges(argv[1]);
	ctty_hangup();
	two_paths(argv[1], 100);
	socket_sleepers(argv[1]);
	sock_junk();
	netlink_garbage();
	out("end", "hostile");
	return 0;
}
