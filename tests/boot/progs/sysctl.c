// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl values against what the kernel does with them.
 *
 *   sysctl bad     writes values Linux 6.1 refuses (non-numbers, out of
 *                  range, read-only entries) and prints each result. The
 *                  expected answers are Linux 6.1's: boot-sysctl runs this in
 *                  Debian's UML 6.1 (sysctl-uml.sh), whose answers are kept
 *                  in sysctl-bad-linux-6.1.txt, and in the guest.
 *   sysctl check   sets each tunable and checks the mechanism it drives:
 *                  pid allocation under pid_max, fork under threads-max,
 *                  uname under hostname, mmap under overcommit and
 *                  max_map_count, F_SETPIPE_SZ under pipe-max-size,
 *                  RLIMIT_NOFILE under nr_open, ...
 *
 * Both modes write to /proc/sys, so neither may ever run on a host: a
 * kernel other than 6.1 may take some of the "bad" values, and "check"
 * sets pid_max, the hostname, overcommit... So both refuse to run unless
 * PID 1 is a test image's /init (in UML or in umk).
 *
 * Prints "T:<name>=<result>" per case; check results are "ok" or
 * "FAIL <why>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define NOBODY	65534

static int failures;

static void
result(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("T:%s=", name);
	if (ok) {
		printf("ok\n");
	} else {
		failures++;
		printf("FAIL ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static const char *
path_of(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "/proc/sys/%s", name);
	return p;
}

/* rd gives the entry's text without the final newline ("" on error). */
static char *
rd(const char *name)
{
	static char buf[4096];
	int fd = open(path_of(name), O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

static long
rdl(const char *name)
{
	return strtol(rd(name), NULL, 0);
}

/* wr writes s; returns 0 or the errno of open or write. */
static int
wr(const char *name, const char *s)
{
	int fd = open(path_of(name), O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? errno : 0;
}

static int
wrl(const char *name, long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%ld\n", v);
	return wr(name, s);
}

/* ---- bad values: the same answers natively and in the guest ---- */

static const char *
errname(int e)
{
	static char buf[16];

	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case EISDIR: return "EISDIR";
	case ENOMEM: return "ENOMEM";
	case EROFS: return "EROFS";
	}
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

/*
 * Each case's answer is known from Linux 6.1 itself (UML 6.1: none of these
 * entries' handlers depend on the architecture), and every one is a refusal:
 * a case must change nothing, since "check" runs after it. Values 6.1 takes
 * that may look out of range are therefore not here: kernel/pty/max and
 * pty/reserve 1048577 (past NR_UNIX98_PTY_MAX, yet taken), fs/pipe-max-size
 * 0 (rounded up to a page), vm/overcommit_ratio -1, and any text for the
 * random pool's two tunables.
 */
static void
bad(void)
{
	static const char *const cases[][2] = {
		{ "kernel/pid_max", "abc" }, { "kernel/pid_max", "12abc" },
		{ "kernel/pid_max", "0x" }, { "kernel/pid_max", "-" }, { "kernel/pid_max", "\n" },
		{ "kernel/pid_max", "   \t\n" }, { "kernel/pid_max", "99999999999999999999999" },
		{ "kernel/pid_max", "4194305" }, { "kernel/pid_max", "1.5" },
		{ "kernel/threads-max", "many" }, { "vm/swappiness", "201" },
		{ "vm/swappiness", "-1" }, { "vm/swappiness", "sixty" },
		{ "vm/overcommit_memory", "0.5" }, { "vm/max_map_count", "-1" },
		{ "vm/min_free_kbytes", "-1" }, { "vm/drop_caches", "0" },
		{ "vm/drop_caches", "x" }, { "fs/protected_symlinks", "2" },
		{ "fs/protected_regular", "3" }, { "fs/nr_open", "2147483585" },
		{ "fs/nr_open", "x" }, { "fs/pipe-max-size", "-1" },
		{ "fs/pipe-max-size", "2147483649" }, { "fs/pipe-max-size", "x" },
		{ "fs/file-max", "-1" }, { "fs/file-max", "x" }, { "kernel/overflowuid", "65536" },
		{ "kernel/overflowgid", "-1" }, { "fs/overflowuid", "70000" },
		{ "kernel/sysctl_writes_strict", "2" },
		{ "kernel/dmesg_restrict", "2" }, { "kernel/printk", "x" },
		{ "kernel/panic", "x" }, { "fs/mount-max", "x" },
		{ "fs/epoll/max_user_watches", "-1" }, { "vm/overcommit_kbytes", "-1" },
		{ "vm/oom_dump_tasks", "x" },
		/* one past each bound */
		{ "vm/drop_caches", "5" }, { "kernel/threads-max", "1073741824" },
		{ "kernel/pid_max", "300" }, { "fs/nr_open", "63" }, { "fs/mount-max", "0" },
		{ "fs/mount-max", "2147483648" }, { "vm/overcommit_memory", "3" },
		{ "vm/panic_on_oom", "3" }, { "fs/protected_fifos", "3" },
		{ "fs/protected_hardlinks", "-1" }, { "fs/file-max", "9223372036854775808" },
		{ "fs/epoll/max_user_watches", "9223372036854775808" },
		{ "kernel/panic", "2147483648" }, { "fs/pipe-user-pages-hard", "-1" },
		{ "vm/admin_reserve_kbytes", "-1" }, { "kernel/dmesg_restrict", "-1" },
		{ "kernel/sysctl_writes_strict", "-2" },
		/* read-only entries: refused at open, root included */
		{ "kernel/ostype", "x" }, { "kernel/osrelease", "x" }, { "kernel/version", "x" },
		{ "kernel/arch", "x" }, { "kernel/ngroups_max", "1" }, { "kernel/cap_last_cap", "1" },
		{ "kernel/random/boot_id", "x" }, { "kernel/random/uuid", "x" },
		{ "kernel/random/entropy_avail", "1" }, { "kernel/random/poolsize", "1" },
		{ "kernel/pty/nr", "1" }, { "fs/file-nr", "1" }, { "fs/dentry-state", "1" },
		{ "fs/inode-nr", "1" }, { "fs/inode-state", "1" },
	};
	static const char *const write_only[] = { "vm/drop_caches" };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char label[80];
		int fd = open(path_of(cases[i][0]), O_WRONLY);
		ssize_t n;

		snprintf(label, sizeof(label), "%s", cases[i][1]);
		for (char *c = label; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = '_';
		if (fd < 0) {
			printf("T:bad %s '%s'=open %s\n", cases[i][0], label, errname(errno));
			continue;
		}
		n = write(fd, cases[i][1], strlen(cases[i][1]));
		if (n < 0)
			printf("T:bad %s '%s'=write %s\n", cases[i][0], label, errname(errno));
		else
			printf("T:bad %s '%s'=write %zd\n", cases[i][0], label, n);
		close(fd);
	}
	for (size_t i = 0; i < sizeof(write_only) / sizeof(write_only[0]); i++) {
		int fd = open(path_of(write_only[i]), O_RDONLY);

		printf("T:read %s=%s\n", write_only[i], fd < 0 ? errname(errno) : "opened");
		if (fd >= 0)
			close(fd);
	}
	/* An entry that is no file, and a directory opened for writing. */
	printf("T:open kernel/nonexistent=%s\n",
	       open(path_of("kernel/nonexistent"), O_RDONLY) < 0 ? errname(errno) : "opened");
	printf("T:write kernel/=%s\n",
	       open(path_of("kernel"), O_WRONLY) < 0 ? errname(errno) : "opened");
	printf("T:creat kernel/new=%s\n",
	       open(path_of("kernel/new"), O_WRONLY | O_CREAT, 0644) < 0 ? errname(errno) :
									  "opened");
}

/* ---- the mechanisms behind the values (guest only) ---- */

/* as_nobody runs fn in a child with uid and gid 65534; returns its exit status. */
static int
as_nobody(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(99);
		_exit(fn());
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void
check_uts(void)
{
	struct utsname u;
	char longname[101];

	wr("kernel/hostname", "guest-one\n");
	uname(&u);
	result("hostname-uname", !strcmp(u.nodename, "guest-one"), "uname says %s", u.nodename);
	sethostname("from-syscall", 12);
	result("sethostname-sysctl", !strcmp(rd("kernel/hostname"), "from-syscall"), "reads %s",
	       rd("kernel/hostname"));
	memset(longname, 'h', 100);
	longname[100] = '\0';
	wr("kernel/hostname", longname);
	uname(&u);
	result("hostname-truncated", strlen(u.nodename) == 64, "length %zu", strlen(u.nodename));
	wr("kernel/domainname", "example.org");
	uname(&u);
	result("domainname-uname", !strcmp(u.domainname, "example.org"), "uname says %s",
	       u.domainname);
	result("ostype", !strcmp(rd("kernel/ostype"), u.sysname), "%s", rd("kernel/ostype"));
	result("osrelease", !strcmp(rd("kernel/osrelease"), u.release), "%s", rd("kernel/osrelease"));
	result("version", !strcmp(rd("kernel/version"), u.version), "%s", rd("kernel/version"));
	result("arch", !strcmp(rd("kernel/arch"), u.machine), "%s", rd("kernel/arch"));
}

static void
check_pid_max(void)
{
	int max_seen = 0, wrapped = 0, low_after_wrap = 0, last = 0;

	result("pid_max-default", rdl("kernel/pid_max") == 32768, "%s", rd("kernel/pid_max"));
	result("pid_max-min", wrl("kernel/pid_max", 300) == EINVAL, "300 accepted");
	result("pid_max-set", wrl("kernel/pid_max", 400) == 0 && rdl("kernel/pid_max") == 400, "");
	for (int i = 0; i < 500; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			break;
		waitpid(pid, NULL, 0);
		if (pid > max_seen)
			max_seen = pid;
		if (pid < last) {
			wrapped++;
			low_after_wrap = pid;
		}
		last = pid;
	}
	result("pid_max-bounds", max_seen == 399, "highest pid %d", max_seen);
	/* After the first wrap, pids start again at 300 (RESERVED_PIDS), not 1. */
	result("pid_max-wrap", wrapped && low_after_wrap == 300, "wrapped %d times to %d", wrapped,
	       low_after_wrap);
	wrl("kernel/pid_max", 32768);
}

/* count_tasks is the number of tasks, from /proc/loadavg ("... 1/N last"). */
static int
count_tasks(void)
{
	char buf[128], *s;
	int fd = open("/proc/loadavg", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	s = strchr(buf, '/');
	return s ? atoi(s + 1) : -1;
}

static void
check_threads_max(void)
{
	int before = count_tasks(), made = 0, fds[2], err = 0;
	long old = rdl("kernel/threads-max");

	pipe(fds);
	wrl("kernel/threads-max", before + 3);
	for (int i = 0; i < 10; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char c;

			close(fds[1]);
			read(fds[0], &c, 1);
			_exit(0);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		made++;
	}
	close(fds[1]);
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	wrl("kernel/threads-max", old);
	result("threads-max-bounds-fork", made == 3 && err == EAGAIN, "made %d, then errno %d", made,
	       err);
	result("threads-max-zero", wrl("kernel/threads-max", 0) == EINVAL, "0 accepted");
}

static void
check_printk(void)
{
	char *s;

	wr("kernel/printk", "3 4 1 7");
	result("printk-set", !strcmp(rd("kernel/printk"), "3\t4\t1\t7"), "%s", rd("kernel/printk"));
	klogctl(8, NULL, 6);	/* SYSLOG_ACTION_CONSOLE_LEVEL */
	s = rd("kernel/printk");
	result("printk-syslog-level", !strncmp(s, "6\t", 2), "%s", s);
	klogctl(6, NULL, 0);	/* console off: down to the minimum */
	s = rd("kernel/printk");
	result("printk-console-off", !strncmp(s, "1\t", 2), "%s", s);
	klogctl(7, NULL, 0);	/* on again */
	s = rd("kernel/printk");
	result("printk-console-on", !strncmp(s, "6\t", 2), "%s", s);
	wr("kernel/printk", "9 9");	/* a shorter vector sets the first values only */
	s = rd("kernel/printk");
	result("printk-partial", !strcmp(s, "9\t9\t1\t7"), "%s", s);
	wr("kernel/printk", "4 4 1 7");
}

static int
read_log(void)
{
	char buf[64];

	return klogctl(3, buf, sizeof(buf)) < 0 ? errno : 0;
}

static void
check_dmesg_restrict(void)
{
	int open_log, closed_log;

	wrl("kernel/dmesg_restrict", 0);
	open_log = as_nobody(read_log);
	wrl("kernel/dmesg_restrict", 1);
	closed_log = as_nobody(read_log);
	wrl("kernel/dmesg_restrict", 0);
	result("dmesg_restrict", open_log == 0 && closed_log == EPERM, "nobody reading: %d then %d",
	       open_log, closed_log);
}

static void
check_pty(void)
{
	long nr = rdl("kernel/pty/nr"), max = rdl("kernel/pty/max");
	/* open(2) itself: C libraries may turn ENOSPC into POSIX's EAGAIN. */
	int a = open("/dev/ptmx", O_RDWR | O_NOCTTY), b, c, err;

	result("pty-nr-counts", a >= 0 && rdl("kernel/pty/nr") == nr + 1, "nr %s",
	       rd("kernel/pty/nr"));
	/* At most max - 1 pairs: nr + 1 are open, so with max = nr + 3 one more opens. */
	wrl("kernel/pty/max", nr + 3);
	b = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	c = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	err = errno;
	result("pty-max-bounds", b >= 0 && c < 0 && err == ENOSPC, "b %d c %d errno %d", b, c, err);
	wrl("kernel/pty/max", max);
	close(a);
	close(b);
	result("pty-nr-back", rdl("kernel/pty/nr") == nr, "nr %s", rd("kernel/pty/nr"));
}

static int
is_uuid4(const char *s)
{
	if (strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
		return 0;
	return s[14] == '4' && strchr("89ab", s[19]);
}

static void
check_random(void)
{
	char a[64], b[64];

	strcpy(a, rd("kernel/random/boot_id"));
	strcpy(b, rd("kernel/random/boot_id"));
	result("boot_id-stable", is_uuid4(a) && !strcmp(a, b), "%s then %s", a, b);
	strcpy(a, rd("kernel/random/uuid"));
	strcpy(b, rd("kernel/random/uuid"));
	result("uuid-fresh", is_uuid4(a) && is_uuid4(b) && strcmp(a, b), "%s then %s", a, b);
	result("entropy_avail", rdl("kernel/random/entropy_avail") == 256, "%s",
	       rd("kernel/random/entropy_avail"));
	/* Kept for old programs: writes are taken and change nothing. */
	result("write_wakeup_threshold-inert", wr("kernel/random/write_wakeup_threshold", "1024") == 0 &&
	       rdl("kernel/random/write_wakeup_threshold") == 256, "%s",
	       rd("kernel/random/write_wakeup_threshold"));
}

static void
check_strict_writes(void)
{
	int fd = open(path_of("vm/swappiness"), O_WRONLY);
	ssize_t n = pwrite(fd, "17", 2, 1);

	close(fd);
	result("strict-offset-ignored", n == 0 && rdl("vm/swappiness") == 60,
	       "pwrite at 1 gave %zd, value %s", n, rd("vm/swappiness"));
	wrl("kernel/sysctl_writes_strict", -1);
	fd = open(path_of("vm/swappiness"), O_WRONLY);
	n = pwrite(fd, "17", 2, 1);
	close(fd);
	result("legacy-offset-used", n == 2 && rdl("vm/swappiness") == 17,
	       "pwrite at 1 gave %zd, value %s", n, rd("vm/swappiness"));
	wrl("kernel/sysctl_writes_strict", 1);
	wrl("vm/swappiness", 60);
}

static long
meminfo(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

static int
try_map(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static void
check_overcommit(void)
{
	long total = meminfo("MemTotal") * 1024, before, after;
	int r[8];
	pid_t pid;
	void *p;

	/* 0, heuristic: only a single mapping beyond RAM is refused. */
	r[0] = try_map(total + (64 << 20), PROT_READ | PROT_WRITE, 0);
	r[1] = try_map(total / 2, PROT_READ | PROT_WRITE, 0);
	before = meminfo("Committed_AS");
	p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	after = meminfo("Committed_AS");
	munmap(p, 16 << 20);
	result("overcommit-0-huge", r[0] == ENOMEM, "errno %d", r[0]);
	result("overcommit-0-half", r[1] == 0, "errno %d", r[1]);
	result("committed-as-counts", after - before == 16384, "+%ld kB", after - before);
	/* 1: anything goes. */
	wrl("vm/overcommit_memory", 1);
	r[2] = try_map(64UL << 30, PROT_READ | PROT_WRITE, 0);
	/* 2: nothing past CommitLimit (here 0); read-only mappings cost nothing. */
	wrl("vm/overcommit_memory", 2);
	wrl("vm/overcommit_kbytes", 1);
	r[3] = try_map(total / 4, PROT_READ | PROT_WRITE, 0);
	r[4] = try_map(total / 4, PROT_READ | PROT_WRITE, MAP_NORESERVE);
	r[5] = try_map(total / 4, PROT_READ, 0);
	pid = fork();	/* the child's private memory is charged too: nothing left */
	if (pid == 0)
		_exit(0);
	r[6] = pid < 0 ? errno : 0;
	if (pid > 0)
		waitpid(pid, NULL, 0);
	wrl("vm/overcommit_memory", 0);
	wrl("vm/overcommit_ratio", 50);
	result("overcommit-1-64G", r[2] == 0, "errno %d", r[2]);
	result("overcommit-2-refuses", r[3] == ENOMEM, "errno %d", r[3]);
	result("overcommit-2-noreserve-ignored", r[4] == ENOMEM, "errno %d", r[4]);
	result("overcommit-2-readonly-free", r[5] == 0, "errno %d", r[5]);
	result("overcommit-2-fork", r[6] == ENOMEM, "errno %d", r[6]);
	wrl("vm/overcommit_kbytes", 100000);
	result("overcommit-kbytes-clears-ratio",
	       rdl("vm/overcommit_ratio") == 0 && meminfo("CommitLimit") == 100000, "ratio %s",
	       rd("vm/overcommit_ratio"));
	wrl("vm/overcommit_ratio", 50);
	result("overcommit-ratio-clears-kbytes", rdl("vm/overcommit_kbytes") == 0, "kbytes %s",
	       rd("vm/overcommit_kbytes"));
	result("commit-limit", meminfo("CommitLimit") == meminfo("MemTotal") / 2, "%ld of %ld kB",
	       meminfo("CommitLimit"), meminfo("MemTotal"));
}

static int
count_maps(void)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

static void
check_max_map_count(void)
{
	long old = rdl("vm/max_map_count");
	int n = count_maps(), made = 0, err = 0, split_err;
	char *base = (char *)0x200000000000UL;
	char *big;

	/* One mapping more than the limit is allowed (Linux checks before adding). */
	wrl("vm/max_map_count", n + 10);
	for (int i = 0; i < 40; i++) {
		void *p = mmap(base + i * 0x2000UL, 4096, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p == MAP_FAILED) {
			err = errno;
			break;
		}
		made++;
	}
	/* At the limit, punching a hole in a mapping (one more VMA) fails too. */
	big = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	split_err = big == MAP_FAILED ? -1 : munmap(big + 4096, 4096) ? errno : 0;
	wrl("vm/max_map_count", old);
	for (int i = 0; i < made; i++)
		munmap(base + i * 0x2000UL, 4096);
	result("max_map_count-bounds", made == 11 && err == ENOMEM, "%d maps (from %d), errno %d",
	       made, n, err);
	result("max_map_count-split", split_err == ENOMEM || split_err == -1, "munmap: %d",
	       split_err);
	/* Neighbouring anonymous mappings alike merge: one VMA, as in Linux. */
	n = count_maps();
	big = mmap(base, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(base + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
	     0);
	result("anon-maps-merge", count_maps() == n + 1, "%d maps from %d", count_maps(), n);
	munmap(base, 8192);
}

static int
open_many(void)
{
	int n = 0, err = 0;

	for (int i = 0; i < 100; i++) {
		if (open("/proc/self/stat", O_RDONLY) < 0) {
			err = errno;
			break;
		}
		n++;
	}
	return err == ENFILE && n < 100 ? 0 : 1;
}

static void
check_files(void)
{
	long nr = atol(rd("fs/file-nr")), max = rdl("fs/file-max");
	int fds[50], nobody;

	for (int i = 0; i < 50; i++)
		fds[i] = open("/proc/self/stat", O_RDONLY);
	result("file-nr-counts", atol(rd("fs/file-nr")) == nr + 50, "%ld then %s", nr,
	       rd("fs/file-nr"));
	for (int i = 0; i < 50; i++)
		close(fds[i]);
	wrl("fs/file-max", nr + 20);
	nobody = as_nobody(open_many);
	for (int i = 0; i < 50; i++)
		fds[i] = open("/proc/self/stat", O_RDONLY);	/* root is not held back */
	result("file-max-root-passes", fds[49] >= 0, "errno %d", errno);
	for (int i = 0; i < 50; i++)
		close(fds[i]);
	wrl("fs/file-max", max);
	result("file-max-enfile", nobody == 0, "nobody: %d", nobody);
}

static void
check_nr_open(void)
{
	struct rlimit old, r = { 2048, 2048 };
	int e1, e2, e3, d1, d2;

	getrlimit(RLIMIT_NOFILE, &old);
	r.rlim_max = 2000000;
	r.rlim_cur = 1024;
	e1 = setrlimit(RLIMIT_NOFILE, &r) ? errno : 0;
	wrl("fs/nr_open", 2048);
	r.rlim_cur = r.rlim_max = 2048;
	e2 = setrlimit(RLIMIT_NOFILE, &r) ? errno : 0;
	r.rlim_cur = r.rlim_max = 2049;
	e3 = setrlimit(RLIMIT_NOFILE, &r) ? errno : 0;
	d1 = dup2(0, 2047) < 0 ? errno : 0;
	d2 = dup2(0, 2048) < 0 ? errno : 0;
	close(2047);
	wrl("fs/nr_open", 1048576);
	setrlimit(RLIMIT_NOFILE, &old);
	result("nr_open-rlimit", e1 == EPERM && e2 == 0 && e3 == EPERM, "%d %d %d", e1, e2, e3);
	result("nofile-dup2", d1 == 0 && d2 == EBADF, "%d %d", d1, d2);
	result("nr_open-min", wrl("fs/nr_open", 63) == EINVAL, "63 accepted");
}

static int
nobody_pipes(void)
{
	int p[2], err;

	/* pipe-max-size is 8192 here: a new pipe gets 2 pages, and may not grow. */
	if (pipe(p))
		return 1;
	if (fcntl(p[0], F_GETPIPE_SZ) != 8192)
		return 2;
	err = fcntl(p[0], F_SETPIPE_SZ, 16384) < 0 ? errno : 0;
	return err == EPERM ? 0 : 3;
}

static int
nobody_pipe_pages(void)
{
	int p[4][2], sizes[4], err = 0;

	/* soft 16 pages, hard 20: 16, then 2 and 2, then nothing. */
	for (int i = 0; i < 4; i++) {
		if (pipe(p[i])) {
			err = errno;
			break;
		}
		sizes[i] = fcntl(p[i][0], F_GETPIPE_SZ);
	}
	if (sizes[0] != 65536 || sizes[1] != 8192 || sizes[2] != 8192 || err != ENFILE)
		return 1;
	return 0;
}

static void
check_pipes(void)
{
	int p[2], sz, e1, e2, e3, e4, nobody, pages;
	char fill[5000] = { 0 };

	wrl("fs/pipe-max-size", 5000);
	result("pipe-max-size-rounded", rdl("fs/pipe-max-size") == 8192, "%s",
	       rd("fs/pipe-max-size"));
	nobody = as_nobody(nobody_pipes);
	pipe(p);
	sz = fcntl(p[0], F_SETPIPE_SZ, 1 << 20) < 0 ? -errno : fcntl(p[0], F_GETPIPE_SZ);
	e1 = fcntl(p[0], F_SETPIPE_SZ, 0);	/* one page */
	fcntl(p[0], F_SETPIPE_SZ, 8192);
	write(p[1], fill, sizeof(fill));
	e2 = fcntl(p[0], F_SETPIPE_SZ, 4096) < 0 ? errno : 0;	/* the data would not fit */
	e3 = fcntl(0, F_SETPIPE_SZ, 4096) < 0 ? errno : 0;
	e4 = fcntl(p[0], F_SETPIPE_SZ, 0x80000001U) < 0 ? errno : 0;
	close(p[0]);
	close(p[1]);
	wrl("fs/pipe-max-size", 1048576);
	result("pipe-max-size-nobody", nobody == 0, "step %d", nobody);
	result("setpipe-root-passes", sz == 1 << 20, "%d", sz);
	result("setpipe-rounds-up", e1 == 4096, "%d", e1);
	result("setpipe-busy", e2 == EBUSY, "%d", e2);
	result("setpipe-not-a-pipe", e3 == EBADF, "%d", e3);
	result("setpipe-too-big", e4 == EINVAL, "%d", e4);
	wrl("fs/pipe-user-pages-soft", 16);
	wrl("fs/pipe-user-pages-hard", 20);
	pages = as_nobody(nobody_pipe_pages);
	wrl("fs/pipe-user-pages-soft", 16384);
	wrl("fs/pipe-user-pages-hard", 0);
	result("pipe-user-pages", pages == 0, "status %d", pages);
}

static int
link_root_file(void)
{
	return link("/tmp/rootfile", "/tmp/nobody-link") ? errno : 0;
}

static int
make_nobody_files(void)
{
	int fd = open("/tmp/nobodyfile", O_CREAT | O_WRONLY, 0666);

	close(fd);
	return symlink("/tmp/rootfile", "/tmp/nobody-symlink") ? errno : fd < 0;
}

static void
check_protected(void)
{
	int fd = open("/tmp/rootfile", O_CREAT | O_WRONLY, 0644), h1, h0, s1, s0, r1, r0;

	close(fd);
	wrl("fs/protected_hardlinks", 1);
	h1 = as_nobody(link_root_file);
	wrl("fs/protected_hardlinks", 0);
	h0 = as_nobody(link_root_file);
	as_nobody(make_nobody_files);
	wrl("fs/protected_symlinks", 1);
	fd = open("/tmp/nobody-symlink", O_RDONLY);
	s1 = fd < 0 ? errno : 0;
	close(fd);
	wrl("fs/protected_symlinks", 0);
	fd = open("/tmp/nobody-symlink", O_RDONLY);
	s0 = fd < 0 ? errno : 0;
	close(fd);
	wrl("fs/protected_regular", 1);
	fd = open("/tmp/nobodyfile", O_CREAT | O_WRONLY, 0644);
	r1 = fd < 0 ? errno : 0;
	close(fd);
	wrl("fs/protected_regular", 0);
	fd = open("/tmp/nobodyfile", O_CREAT | O_WRONLY, 0644);
	r0 = fd < 0 ? errno : 0;
	close(fd);
	wrl("fs/protected_hardlinks", 1);
	wrl("fs/protected_symlinks", 1);
	result("protected_hardlinks", h1 == EPERM && h0 == 0, "%d %d", h1, h0);
	result("protected_symlinks", s1 == EACCES && s0 == 0, "%d %d", s1, s0);
	result("protected_regular", r1 == EACCES && r0 == 0, "%d %d", r1, r0);
}

static void
check_dcache(void)
{
	long before, grown, dropped;
	struct stat st;
	char name[64];

	sscanf(rd("fs/dentry-state"), "%*d %*d %*d %*d %ld", &before);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/tmp/absent-%d", i);
		stat(name, &st);
	}
	sscanf(rd("fs/dentry-state"), "%*d %*d %*d %*d %ld", &grown);
	wr("vm/drop_caches", "2");
	sscanf(rd("fs/dentry-state"), "%*d %*d %*d %*d %ld", &dropped);
	result("dentry-state-negative", grown >= before + 200 && dropped < grown - 150,
	       "negative dentries %ld, %ld, %ld", before, grown, dropped);
}

static void
check_mount_max(void)
{
	char line[512];
	int n = 0, e1, e2;
	FILE *f = fopen("/proc/mounts", "r");

	while (f && fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	mkdir("/tmp/m", 0755);
	wrl("fs/mount-max", n);
	e1 = mount("none", "/tmp/m", "tmpfs", 0, NULL) ? errno : 0;
	wrl("fs/mount-max", n + 1);
	e2 = mount("none", "/tmp/m", "tmpfs", 0, NULL) ? errno : 0;
	umount("/tmp/m");
	wrl("fs/mount-max", 100000);
	result("mount-max", e1 == ENOSPC && e2 == 0, "%d %d", e1, e2);
}

static int
nobody_watches(void)
{
	int ep = epoll_create1(0), p[4][2], err = 0, n = 0;
	struct epoll_event ev = { .events = EPOLLIN };

	for (int i = 0; i < 4; i++) {
		pipe(p[i]);
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p[i][0], &ev)) {
			err = errno;
			break;
		}
		n++;
	}
	return n == 3 && err == ENOSPC ? 0 : 1;
}

static void
check_misc(void)
{
	gid_t groups[33];
	long ngroups = rdl("kernel/ngroups_max");
	int watches;
	long old = rdl("fs/epoll/max_user_watches");

	for (int i = 0; i < 33; i++)
		groups[i] = 100 + i;
	result("ngroups_max", ngroups == 32 && setgroups(ngroups, groups) == 0 &&
	       setgroups(ngroups + 1, groups) < 0 && errno == EINVAL, "ngroups_max %ld", ngroups);
	setgroups(0, NULL);
	result("cap_last_cap", rdl("kernel/cap_last_cap") == 40, "%s", rd("kernel/cap_last_cap"));
	wrl("fs/epoll/max_user_watches", 3);
	watches = as_nobody(nobody_watches);
	wrl("fs/epoll/max_user_watches", old);
	result("epoll-max_user_watches", watches == 0, "status %d", watches);
	result("swappiness-range", wrl("vm/swappiness", 200) == 0 && wrl("vm/swappiness", 201) == EINVAL,
	       "");
	wrl("vm/swappiness", 60);
}

/*
 * oom_scenario: A holds 60% of memory and forks B, which lets go of A's
 * pages and touches 50% of its own: memory runs out during B's fault. The
 * biggest process is A; with vm.oom_kill_allocating_task, B dies instead.
 * Gives A's wait status and (if A lived to see it) B's.
 */
static void
oom_scenario(int knob, int *a_st, int *b_st)
{
	size_t total = (size_t)meminfo("MemTotal") * 1024, big = total / 10 * 6;
	int fds[2];
	pid_t a;

	*b_st = -1;
	pipe(fds);
	wrl("vm/oom_kill_allocating_task", knob);
	a = fork();
	if (a == 0) {
		char *p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pid_t b;
		int st;

		close(fds[0]);
		memset(p, 1, big);
		b = fork();
		if (b == 0) {
			char *q;

			munmap(p, big);
			q = mmap(NULL, total / 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0);
			memset(q, 1, total / 2);
			_exit(0);
		}
		waitpid(b, &st, 0);
		write(fds[1], &st, sizeof(st));
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], b_st, sizeof(*b_st)) != sizeof(*b_st))
		*b_st = -1;
	close(fds[0]);
	waitpid(a, a_st, 0);
	wrl("vm/oom_kill_allocating_task", 0);
	sleep(1);	/* an orphaned B finishes and gives its memory back */
}

static void
check_oom(void)
{
	int a0, b0, a1, b1;

	oom_scenario(0, &a0, &b0);
	oom_scenario(1, &a1, &b1);
	result("oom-kills-biggest", WIFSIGNALED(a0) && WTERMSIG(a0) == SIGKILL,
	       "A's status %#x", a0);
	result("oom_kill_allocating_task", WIFEXITED(a1) && b1 != -1 && WIFSIGNALED(b1) &&
	       WTERMSIG(b1) == SIGKILL, "A's status %#x, B's %#x", a1, b1);
}

/*
 * in_test_guest: PID 1 runs a test image's /init, a shell script, so its
 * command line is "/bin/sh /init" (the kernel runs a script through its #!
 * line). A host's PID 1 is its init system or a container's runtime.
 */
static int
in_test_guest(void)
{
	static const char want[] = "/bin/sh\0/init";	/* and the final NUL */
	char buf[64];
	int fd = open("/proc/1/cmdline", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)sizeof(want) && !memcmp(buf, want, sizeof(want));
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2 || (strcmp(argv[1], "bad") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: sysctl-check bad | sysctl-check check\n");
		return 2;
	}
	if (!in_test_guest()) {
		fprintf(stderr, "sysctl-check: PID 1 is not a test image's /init; this program "
			"writes to /proc/sys and runs only in a test guest\n");
		return 2;
	}
	if (!strcmp(argv[1], "bad")) {
		bad();
		printf("T:end=bad\n");
		return 0;
	}
	check_uts();
	check_pid_max();
	check_threads_max();
	check_printk();
	check_dmesg_restrict();
	check_pty();
	check_random();
	check_strict_writes();
	check_overcommit();
	check_max_map_count();
	check_files();
	check_nr_open();
	check_pipes();
	check_protected();
	check_dcache();
	check_mount_max();
	check_misc();
	check_oom();
	printf("T:failures=%d\n", failures);
	return 0;
}
