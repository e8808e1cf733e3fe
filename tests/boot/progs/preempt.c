// SPDX-License-Identifier: GPL-2.0-only
/*
 * Does one busy process starve the others? A heartbeat process sleeps
 * 200 ms at a time and records the longest gap between its wake-ups while
 * a load process runs one kind of loop beside it: a pure user-mode spin,
 * getpid(), big reads of /dev/zero, writes to /dev/null, readv, pread and
 * sendfile from a sparse file, copy_file_range, splice through a pipe,
 * getdents over a big directory. The parent sleeps too and then kills the
 * load, so its own oversleep is a second measure. Also times STOP/CONT
 * pairs sent to a busy child, and the bounds one call keeps to ("limits":
 * a huge read of /dev/zero comes back short once a signal is pending; one
 * write, readv or sendfile moves at most 0x7ffff000 bytes), and what
 * splice, tee and copy_file_range promise ("splice-api").
 *
 * Runs natively and in the guest (the same static binary), so the figures
 * can be compared with Linux's. Prints
 *   T:gap-<load>=<ms>     longest heartbeat gap while the load ran
 *   T:late-<load>=<ms>    how late the parent woke from its sleep
 *   T:stopcont-<kind>=<pairs per second>
 *   T:<load>-calls=<n>    how many calls the load made (it really ran)
 *   T:<limit check>=ok
 * Usage: preempt DIR [load...]   (DIR: a tmpfs directory for the files)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_MS	200
#define LOAD_MS		1500
#define BUF_SIZE	(16 << 20)
#define NR_DIRENTS	3000

struct shared {
	volatile int phase;		/* 0 settle, 1 load running, 2 stop */
	volatile int64_t max_gap_ns;	/* longest gap that ended in phase 1 */
	volatile int64_t beats;
	volatile int64_t calls;		/* the load's progress */
};

static struct shared *sh;
static const char *dir;
static char big_path[512], out_path[512], dents_path[512];

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void
die(const char *what)
{
	printf("T:error=%s: %s\n", what, strerror(errno));
	fflush(stdout);
	_exit(1);
}

static void
heartbeat(void)
{
	int64_t last = now_ns();

	while (sh->phase != 2) {
		int64_t t, gap;

		sleep_ms(PERIOD_MS);
		t = now_ns();
		gap = t - last;
		last = t;
		if (sh->phase == 1 && gap > sh->max_gap_ns)
			sh->max_gap_ns = gap;
		sh->beats++;
	}
	_exit(0);
}

static char *
big_buffer(void)
{
	char *b = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		die("mmap");
	memset(b, 1, BUF_SIZE);
	return b;
}

static int
open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		die(path);
	return fd;
}

/* The loops. Each runs until the parent kills it. */
static void
load(const char *name)
{
	if (!strcmp(name, "spin")) {
		for (volatile uint64_t i = 0;; i++)
			if (!(i & 0xfffff))
				sh->calls++;
	} else if (!strcmp(name, "getpid")) {
		for (;;) {
			syscall(SYS_getpid);
			sh->calls++;
		}
	} else if (!strcmp(name, "read-zero")) {
		char *b = big_buffer();
		int fd = open_or_die("/dev/zero", O_RDONLY);

		for (;;) {
			if (read(fd, b, BUF_SIZE) <= 0)
				die("read /dev/zero");
			sh->calls++;
		}
	} else if (!strcmp(name, "write-null")) {
		char *b = big_buffer();
		int fd = open_or_die("/dev/null", O_WRONLY);

		for (;;) {
			if (write(fd, b, BUF_SIZE) <= 0)
				die("write /dev/null");
			sh->calls++;
		}
	} else if (!strcmp(name, "readv-zero")) {
		char *b = big_buffer();
		struct iovec iov[1024];
		int fd = open_or_die("/dev/zero", O_RDONLY);

		for (int i = 0; i < 1024; i++) {
			iov[i].iov_base = b;
			iov[i].iov_len = BUF_SIZE;	/* 16 GiB per call, capped */
		}
		for (;;) {
			if (readv(fd, iov, 1024) <= 0)
				die("readv /dev/zero");
			sh->calls++;
		}
	} else if (!strcmp(name, "pread-sparse")) {
		char *b = big_buffer();
		int fd = open_or_die(big_path, O_RDONLY);

		for (;;) {
			if (pread(fd, b, BUF_SIZE, 1 << 20) <= 0)
				die("pread");
			sh->calls++;
		}
	} else if (!strcmp(name, "sendfile")) {
		int in = open_or_die(big_path, O_RDONLY), out = open_or_die("/dev/null", O_WRONLY);

		for (;;) {
			off_t off = 0;

			if (sendfile(out, in, &off, (size_t)1 << 62) <= 0)
				die("sendfile");
			sh->calls++;
		}
	} else if (!strcmp(name, "copy_file_range")) {
		int in = open_or_die(big_path, O_RDONLY);
		int out = open_or_die(out_path, O_WRONLY | O_CREAT | O_TRUNC);

		for (;;) {
			off_t a = 0, b = 0;

			if (syscall(SYS_copy_file_range, in, &a, out, &b, (size_t)BUF_SIZE, 0) <= 0)
				die("copy_file_range");
			sh->calls++;
		}
	} else if (!strcmp(name, "splice")) {
		int in = open_or_die(big_path, O_RDONLY), out = open_or_die("/dev/null", O_WRONLY);
		int p[2];

		if (pipe(p))
			die("pipe");
		for (;;) {
			off_t off = 0;
			ssize_t n = splice(in, &off, p[1], NULL, (size_t)1 << 30, 0);

			if (n <= 0)
				die("splice in");
			while (n > 0) {
				ssize_t m = splice(p[0], NULL, out, NULL, (size_t)n, 0);

				if (m <= 0)
					die("splice out");
				n -= m;
			}
			sh->calls++;
		}
	} else if (!strcmp(name, "getdents")) {
		char *b = big_buffer();
		int fd = open_or_die(dents_path, O_RDONLY | O_DIRECTORY);

		for (;;) {
			lseek(fd, 0, SEEK_SET);
			while (syscall(SYS_getdents64, fd, b, BUF_SIZE) > 0)
				;
			sh->calls++;
		}
	}
	printf("T:error=unknown load %s\n", name);
	_exit(2);
}

static void
run_load(const char *name)
{
	pid_t hb, ld;
	int64_t t0, late;

	sh->phase = 0;
	sh->max_gap_ns = 0;
	sh->beats = 0;
	sh->calls = 0;
	hb = fork();
	if (hb == 0)
		heartbeat();
	sleep_ms(2 * PERIOD_MS + 50);
	sh->phase = 1;
	ld = fork();
	if (ld == 0)
		load(name);
	t0 = now_ns();
	sleep_ms(LOAD_MS);
	late = now_ns() - t0 - LOAD_MS * 1000000LL;
	kill(ld, SIGKILL);
	waitpid(ld, NULL, 0);
	sh->phase = 2;
	waitpid(hb, NULL, 0);
	unlink(out_path);
	printf("T:gap-%s=%lld\n", name, (long long)(sh->max_gap_ns / 1000000));
	printf("T:late-%s=%lld\n", name, (long long)(late / 1000000));
	printf("T:%s-calls=%lld\n", name, (long long)sh->calls);
	fflush(stdout);
}

#define GIB		((size_t)1 << 30)
#define MAX_RW_COUNT	0x7ffff000L
#define ALIAS_SIZE	((size_t)4 << 20)

/* gib_alias maps one 4 MiB shared file again and again over 1 GiB of addresses. */
static char *
gib_alias(void)
{
	char path[600];
	char *base;
	int fd;

	snprintf(path, sizeof(path), "%s/alias", dir);
	fd = open_or_die(path, O_RDWR | O_CREAT | O_TRUNC);
	unlink(path);
	if (ftruncate(fd, ALIAS_SIZE))
		die("ftruncate alias");
	base = mmap(NULL, GIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		die("mmap 1 GiB");
	for (size_t off = 0; off < GIB; off += ALIAS_SIZE)
		if (mmap(base + off, ALIAS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 fd, 0) == MAP_FAILED)
			die("mmap alias");
	close(fd);
	return base;
}

static volatile int alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

#define LIMIT(name, cond, ...)						\
	do {								\
		if (cond)						\
			printf("T:%s=ok\n", name);			\
		else {							\
			printf("T:%s=FAIL ", name);			\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static void
limits(void)
{
	char *g = gib_alias();
	struct sigaction sa;
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	struct iovec iov[3];
	int zero = open_or_die("/dev/zero", O_RDONLY), null = open_or_die("/dev/null", O_WRONLY);
	int in = open_or_die(big_path, O_RDONLY);
	ssize_t n;
	off_t off = 0;

	/* Linux takes a /dev/null write without reading the buffer. */
	n = syscall(SYS_write, null, NULL, (size_t)1 << 40);
	LIMIT("write-null-cap", n == MAX_RW_COUNT, "write of 1 TiB to /dev/null: %zd", n);
	n = write(null, g, 3 * GIB);
	LIMIT("write-cap", n == MAX_RW_COUNT, "write of 3 GiB to /dev/null: %zd", n);
	for (int i = 0; i < 3; i++) {
		iov[i].iov_base = g;
		iov[i].iov_len = GIB;
	}
	n = readv(zero, iov, 3);
	LIMIT("readv-cap", n == MAX_RW_COUNT, "readv of 3 x 1 GiB from /dev/zero: %zd", n);
	n = sendfile(null, in, &off, (size_t)1 << 40);
	LIMIT("sendfile-cap", n == MAX_RW_COUNT && off == MAX_RW_COUNT,
	      "sendfile of 1 TiB: %zd, offset %lld", n, (long long)off);

	/* A signal pending (its handler runs, no SA_RESTART) cuts a 1 GiB read short. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarms = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(zero, g, GIB);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	LIMIT("read-zero-signal", n > 0 && (size_t)n < GIB && alarms > 0,
	      "read of 1 GiB from /dev/zero with SIGALRM every 2 ms: %zd, %d alarms", n, alarms);
	printf("T:read-zero-signal-bytes=%zd\n", n);
	signal(SIGALRM, SIG_DFL);
	munmap(g, GIB);
	close(zero);
	close(null);
	close(in);
}

/*
 * What splice, tee and copy_file_range promise: data arrives intact, the
 * offsets move by what was copied, and the errors for the wrong kinds of
 * files. Checked natively and in the guest alike.
 */
static void
splice_api(void)
{
	char path[600], path2[600], data[100000], back[100000];
	int p[2], q[2], f, g, ok;
	off_t off, off2;
	ssize_t n, m;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + i / 251);
	snprintf(path, sizeof(path), "%s/src", dir);
	snprintf(path2, sizeof(path2), "%s/dst", dir);
	f = open_or_die(path, O_RDWR | O_CREAT | O_TRUNC);
	g = open_or_die(path2, O_RDWR | O_CREAT | O_TRUNC);
	if (write(f, data, sizeof(data)) != (ssize_t)sizeof(data) || pipe(p) || pipe(q))
		die("splice setup");

	/* file -> pipe: at most what fits in the pipe; the offset moves. */
	off = 10;
	n = splice(f, &off, p[1], NULL, sizeof(data), 0);
	LIMIT("splice-file-to-pipe", n > 0 && n <= 65536 && off == 10 + n,
	      "splice of 100000 bytes into a pipe: %zd, offset %lld", n, (long long)off);
	/* tee copies without consuming; pipe -> file then drains it. */
	m = tee(p[0], q[1], (size_t)n, 0);
	LIMIT("tee", m == n, "tee of %zd bytes: %zd", n, m);
	off2 = 0;
	m = splice(p[0], NULL, g, &off2, (size_t)n, 0);
	ok = m == n && off2 == n && pread(g, back, (size_t)n, 0) == n && !memcmp(back, data + 10, (size_t)n);
	LIMIT("splice-pipe-to-file", ok, "splice of %zd bytes from the pipe: %zd, offset %lld", n,
	      m, (long long)off2);
	m = read(q[0], back, sizeof(back));
	LIMIT("tee-data", m == n && !memcmp(back, data + 10, (size_t)n), "read %zd after tee", m);
	/* Errors. */
	errno = 0;
	LIMIT("splice-no-pipe", splice(f, NULL, g, NULL, 10, 0) < 0 && errno == EINVAL,
	      "splice between two files: errno %d", errno);
	errno = 0;
	off = 0;
	LIMIT("splice-pipe-offset", splice(p[0], &off, g, NULL, 10, 0) < 0 && errno == ESPIPE,
	      "splice with an offset on the pipe: errno %d", errno);
	errno = 0;
	LIMIT("splice-bad-flags", splice(f, NULL, p[1], NULL, 10, 0x100) < 0 && errno == EINVAL,
	      "splice with unknown flags: errno %d", errno);
	errno = 0;
	LIMIT("tee-not-pipe", tee(f, p[1], 10, 0) < 0 && errno == EINVAL, "tee from a file: errno %d",
	      errno);
	/* An empty pipe with no writer left reads as end of file. */
	close(p[1]);
	LIMIT("splice-eof", splice(p[0], NULL, g, NULL, 10, 0) == 0, "splice from a widowed pipe");
	close(p[0]);
	close(q[0]);
	close(q[1]);

	/* copy_file_range: the copy, both offsets, end of file, errors. */
	off = 1000;
	off2 = 5;
	n = copy_file_range(f, &off, g, &off2, 50000, 0);
	ok = n == 50000 && off == 51000 && off2 == 50005 && pread(g, back, 50000, 5) == 50000 &&
	     !memcmp(back, data + 1000, 50000);
	LIMIT("copy_file_range", ok, "copy of 50000 bytes: %zd, offsets %lld %lld", n, (long long)off,
	      (long long)off2);
	off = 99990;
	n = copy_file_range(f, &off, g, NULL, 1000, 0);
	LIMIT("copy_file_range-eof", n == 10 && off == 100000, "copy across the end: %zd", n);
	n = copy_file_range(f, &off, g, NULL, 1000, 0);
	LIMIT("copy_file_range-at-eof", n == 0, "copy at the end: %zd", n);
	off = 0;
	off2 = 100;
	errno = 0;
	LIMIT("copy_file_range-overlap", copy_file_range(f, &off, f, &off2, 1000, 0) < 0 &&
	      errno == EINVAL, "overlapping copy in one file: errno %d", errno);
	errno = 0;
	LIMIT("copy_file_range-flags", copy_file_range(f, NULL, g, NULL, 10, 1) < 0 && errno == EINVAL,
	      "flags 1: errno %d", errno);
	close(g);
	g = open_or_die(path2, O_WRONLY | O_APPEND);
	errno = 0;
	LIMIT("copy_file_range-append", copy_file_range(f, NULL, g, NULL, 10, 0) < 0 &&
	      errno == EBADF, "to an O_APPEND file: errno %d", errno);
	close(g);
	g = open_or_die(dents_path, O_RDONLY | O_DIRECTORY);
	errno = 0;
	LIMIT("copy_file_range-dir", copy_file_range(g, NULL, f, NULL, 10, 0) < 0 && errno == EISDIR,
	      "from a directory: errno %d", errno);
	close(g);
	close(f);
	unlink(path);
	unlink(path2);
}

/*
 * STOP/CONT pairs: stop the child, wait until it is reported stopped,
 * continue it, wait until it is reported continued. The child spins in user
 * mode ("spin"), loops on getpid ("getpid") or sleeps in pause ("pause").
 */
static void
stopcont(const char *kind, int pairs)
{
	pid_t pid = fork();
	int64_t t0, ns;
	int st, i;

	if (pid == 0) {
		if (!strcmp(kind, "pause"))
			for (;;)
				pause();
		if (!strcmp(kind, "getpid"))
			for (;;)
				syscall(SYS_getpid);
		for (volatile int x = 0;; x++)
			;
	}
	t0 = now_ns();
	for (i = 0; i < pairs; i++) {
		if (kill(pid, SIGSTOP) || waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st))
			break;
		if (kill(pid, SIGCONT) || waitpid(pid, &st, WCONTINUED) != pid || !WIFCONTINUED(st))
			break;
		/* Give up early rather than take minutes on a broken kernel. */
		if (now_ns() - t0 > 20 * 1000000000LL)
			break;
	}
	ns = now_ns() - t0;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("T:stopcont-%s-pairs=%d\n", kind, i);
	printf("T:stopcont-%s-ms=%lld\n", kind, (long long)(ns / 1000000));
	printf("T:stopcont-%s-rate=%lld\n", kind, (long long)(i * 1000000000LL / (ns ? ns : 1)));
	fflush(stdout);
}

static void
setup_files(void)
{
	int fd;

	snprintf(big_path, sizeof(big_path), "%s/sparse", dir);
	snprintf(out_path, sizeof(out_path), "%s/copy", dir);
	snprintf(dents_path, sizeof(dents_path), "%s/dents", dir);
	fd = open_or_die(big_path, O_RDWR | O_CREAT | O_TRUNC);
	if (ftruncate(fd, (off_t)1 << 40))
		die("ftruncate");
	close(fd);
	if (mkdir(dents_path, 0755) && errno != EEXIST)
		die("mkdir");
	for (int i = 0; i < NR_DIRENTS; i++) {
		char p[600];

		snprintf(p, sizeof(p), "%s/a-rather-long-file-name-%06d", dents_path, i);
		fd = open(p, O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			die(p);
		close(fd);
	}
}

static void
cleanup_files(void)
{
	char p[600];

	for (int i = 0; i < NR_DIRENTS; i++) {
		snprintf(p, sizeof(p), "%s/a-rather-long-file-name-%06d", dents_path, i);
		unlink(p);
	}
	rmdir(dents_path);
	unlink(big_path);
	unlink(out_path);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: preempt DIR load|stopcont-KIND[=N]...\n");
		return 2;
	}
	dir = argv[1];
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap shared");
	setvbuf(stdout, NULL, _IOLBF, 0);
	setup_files();
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "limits")) {
			limits();
		} else if (!strcmp(argv[i], "splice-api")) {
			splice_api();
		} else if (!strncmp(argv[i], "stopcont-", 9)) {
			char kind[32];
			int n = 10000;
			const char *eq = strchr(argv[i], '=');
			size_t len = eq ? (size_t)(eq - argv[i] - 9) : strlen(argv[i] + 9);

			if (len >= sizeof(kind))
				len = sizeof(kind) - 1;
			memcpy(kind, argv[i] + 9, len);
			kind[len] = 0;
			if (eq)
				n = atoi(eq + 1);
			stopcont(kind, n);
		} else {
			run_load(argv[i]);
		}
	}
	cleanup_files();
	printf("T:end=preempt\n");
	return 0;
}
