// SPDX-License-Identifier: GPL-2.0-only
/*
 * What clone shares, seen from the parent: for every combination of
 * CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD and
 * CLONE_VFORK that Linux accepts (with and without CLONE_SYSVSEM|CLONE_IO),
 * three times each, a child changes memory, a signal handler, fds, cwd,
 * umask, a resource limit and its signal mask, and exits; the parent then
 * prints what it sees of each. Then the cases around a process's end:
 * siblings (CLONE_PARENT), exit signals other than SIGCHLD, a leader that
 * exits before its thread, exec from a thread (the thread takes the
 * process's pid and children), and exec from a child that shares handlers
 * or fds with its parent.
 *
 * It prints only "T:<name>=<value>" lines that do not depend on pids or
 * paths, so the boot test can compare the guest's output with the same
 * program's run on the host, line by line: the expectation is Linux's.
 *   clone                    run everything
 *   clone exec-probe ...     (internal) the program exec'd by the cases above
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef FUTEX_WAIT
#define FUTEX_WAIT	0
#endif

#define STACK_SIZE	(256 * 1024)
#define FD_NEW		20	/* the child dup2()s onto it */
#define FD_OLD		21	/* the child closes it */
#define ITERATIONS	3

#ifndef CLONE_IO
#define CLONE_IO	0x80000000
#endif

/* Shared with every child whatever the flags (MAP_SHARED). */
struct shared {
	volatile int ctid;		/* CLONE_CHILD_CLEARTID target (threads) */
	volatile int child_pid;		/* getpid() in the child */
	volatile int child_ppid;	/* getppid() in the child */
	volatile int done;
	volatile int step;
};

static struct shared *sh;
static int g_mem;			/* private unless CLONE_VM */
static char *stack_top;
static char self_path[PATH_MAX];
static char base_dir[PATH_MAX];

/* errname names an errno the way the output wants it (musl has no strerrorname_np). */
static const char *
errname(int e)
{
	static char buf[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case ECHILD: return "ECHILD";
	case ESRCH: return "ESRCH";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	case ENOSYS: return "ENOSYS";
	case EFAULT: return "EFAULT";
	case EBADF: return "EBADF";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static void
handler(int sig)
{
	(void)sig;
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
die(const char *what)
{
	printf("T:error=%s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/* futex wait until a CLONE_CHILD_CLEARTID word becomes 0 (thread exit). */
static void
wait_cleartid(volatile int *w)
{
	int v;

	while ((v = *w) != 0)
		syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
}

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- the sharing matrix ---- */

/* The child changes everything clone may share, with raw calls where it can. */
static int
change_all(void *arg)
{
	struct sigaction sa;
	struct rlimit rl = { 150, 0 };
	sigset_t set;

	(void)arg;
	sh->child_pid = (int)syscall(SYS_getpid);
	sh->child_ppid = (int)syscall(SYS_getppid);
	g_mem = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR2, &sa, NULL);
	dup2(FD_OLD, FD_NEW);
	close(FD_OLD);
	if (chdir("sub") < 0)
		return 90;
	umask(077);
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 150;
	setrlimit(RLIMIT_NOFILE, &rl);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return 7;
}

/* reset puts the parent back the way every case starts. */
static void
reset(void)
{
	struct rlimit rl;
	sigset_t set;
	int p[2];

	g_mem = 0;
	signal(SIGUSR2, SIG_DFL);
	close(FD_NEW);
	if (fcntl(FD_OLD, F_GETFD) < 0) {
		if (pipe(p) < 0)
			die("pipe");
		dup2(p[0], FD_OLD);
		close(p[0]);
		close(p[1]);
	}
	if (chdir(base_dir) < 0)
		die("chdir base");
	umask(022);
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 200;
	setrlimit(RLIMIT_NOFILE, &rl);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sh->child_pid = sh->child_ppid = 0;
}

static void
flags_name(unsigned long f, char *buf, size_t n)
{
	static const struct { unsigned long f; const char *name; } names[] = {
		{ CLONE_VM, "VM" }, { CLONE_FS, "FS" }, { CLONE_FILES, "FILES" },
		{ CLONE_SIGHAND, "SIGHAND" }, { CLONE_THREAD, "THREAD" },
		{ CLONE_VFORK, "VFORK" }, { CLONE_PARENT, "PARENT" },
		{ CLONE_SYSVSEM, "SYSVSEM" }, { CLONE_IO, "IO" },
	};
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (f & names[i].f)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "+" : "",
						names[i].name);
	}
	if (!len)
		snprintf(buf, n, "none");
}

static void
one_case(unsigned long flags, int iter)
{
	char name[128], key[160], cwd[PATH_MAX], waitres[64];
	struct sigaction sa;
	struct rlimit rl;
	sigset_t set;
	mode_t um;
	int pid, st, r;

	reset();
	sh->ctid = 1;
	/* A thread's end shows in the CLONE_CHILD_CLEARTID word only. */
	pid = clone(change_all, stack_top,
		    (int)(flags | SIGCHLD | ((flags & CLONE_THREAD) ? CLONE_CHILD_CLEARTID : 0)),
		    NULL, NULL, NULL, (void *)&sh->ctid);
	if (pid < 0) {
		snprintf(waitres, sizeof(waitres), "clone-%s", errname(errno));
	} else if (flags & CLONE_THREAD) {
		wait_cleartid(&sh->ctid);
		/* A thread is no child: nothing to wait for. */
		r = waitpid(pid, &st, __WALL | WNOHANG);
		snprintf(waitres, sizeof(waitres), "thread(waitpid %s)",
			 r < 0 ? errname(errno) : "found");
	} else {
		r = waitpid(pid, &st, __WALL);
		if (r != pid)
			snprintf(waitres, sizeof(waitres), "waitpid-%s", errname(errno));
		else if (WIFEXITED(st))
			snprintf(waitres, sizeof(waitres), "exit-%d", WEXITSTATUS(st));
		else
			snprintf(waitres, sizeof(waitres), "status-%#x", st);
	}
	sigaction(SIGUSR2, NULL, &sa);
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "?");
	um = umask(022);
	getrlimit(RLIMIT_NOFILE, &rl);
	sigprocmask(SIG_SETMASK, NULL, &set);
	flags_name(flags, name, sizeof(name));
	snprintf(key, sizeof(key), "share-%s-%d", name, iter);
	out(key, "mem:%d sighand:%d fd-new:%d fd-old:%d cwd:%s umask:%03o nofile:%d mask:%d "
	    "same-pid:%d ppid:%s wait:%s",
	    g_mem, sa.sa_handler == handler, fcntl(FD_NEW, F_GETFD) >= 0,
	    fcntl(FD_OLD, F_GETFD) >= 0,
	    strlen(cwd) >= 4 && !strcmp(cwd + strlen(cwd) - 4, "/sub") ? "sub" : "base",
	    (unsigned int)um, (int)rl.rlim_cur, sigismember(&set, SIGUSR1),
	    sh->child_pid == getpid(),
	    sh->child_ppid == getpid() ? "me" : sh->child_ppid == getppid() ? "mine" : "other",
	    waitres);
}

static void
sharing_matrix(void)
{
	for (int extra = 0; extra < 2; extra++)
	for (int vm = 0; vm < 2; vm++)
	for (int sighand = 0; sighand <= vm; sighand++)
	for (int thread = 0; thread <= sighand; thread++)
	for (int fs = 0; fs < 2; fs++)
	for (int files = 0; files < 2; files++)
	for (int vfork = 0; vfork < 2; vfork++) {
		unsigned long f = 0;

		f |= vm ? CLONE_VM : 0;
		f |= sighand ? CLONE_SIGHAND : 0;
		f |= thread ? CLONE_THREAD : 0;
		f |= fs ? CLONE_FS : 0;
		f |= files ? CLONE_FILES : 0;
		f |= vfork ? CLONE_VFORK : 0;
		f |= extra ? CLONE_SYSVSEM | CLONE_IO : 0;
		for (int i = 0; i < ITERATIONS; i++)
			one_case(f, i);
	}
	reset();
}

/* ---- siblings: CLONE_PARENT ---- */

static int
sibling_fn(void *arg)
{
	(void)arg;
	sh->child_ppid = (int)syscall(SYS_getppid);
	sh->child_pid = (int)syscall(SYS_getpid);
	return 11;
}

static void
siblings(void)
{
	static const unsigned long cases[] = {
		0, CLONE_VM, CLONE_VM | CLONE_SIGHAND, CLONE_FS | CLONE_FILES,
		CLONE_VM | CLONE_VFORK,
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[96], key[128];
		int mid, st, got_mid = 0, got_sib = 0, other = 0, sib_status = -1, r;

		sh->child_pid = sh->child_ppid = 0;
		mid = fork();
		if (mid < 0)
			die("fork");
		if (mid == 0) {
			/* The sibling's exit signal comes from us (SIGCHLD), not from SIGUSR1. */
			int s = clone(sibling_fn, stack_top,
				      (int)(cases[i] | CLONE_PARENT | SIGUSR1), NULL);

			_exit(s < 0 ? 1 : 0);
		}
		/* Without __WALL: only SIGCHLD children are found. */
		for (int k = 0; k < 2; k++) {
			r = waitpid(-1, &st, 0);
			if (r == mid)
				got_mid = WIFEXITED(st) && WEXITSTATUS(st) == 0;
			else if (r > 0 && r == sh->child_pid) {
				got_sib = 1;
				sib_status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
			} else {
				other++;
			}
		}
		flags_name(cases[i] | CLONE_PARENT, name, sizeof(name));
		snprintf(key, sizeof(key), "sibling-%s", name);
		out(key, "creator:%d sibling:%d status:%d its-ppid-is-me:%d other:%d",
		    got_mid, got_sib, sib_status, sh->child_ppid == getpid(), other);
	}
}

/* ---- exit signals ---- */

static volatile sig_atomic_t got_usr1, got_chld;

static void
count_sig(int sig)
{
	if (sig == SIGUSR1)
		got_usr1++;
	else if (sig == SIGCHLD)
		got_chld++;
}

static int
exit_fn(void *arg)
{
	(void)arg;
	return 5;
}

static void
exit_signals(void)
{
	static const int sigs[] = { SIGCHLD, SIGUSR1, 0, 0x7f };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_sig;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigset_t none;
		siginfo_t si;
		char key[64];
		int pid, st = 0, plain, wclone, r;

		got_usr1 = got_chld = 0;
		pid = clone(exit_fn, stack_top, sigs[i], NULL);
		if (pid < 0)
			die("clone exit signal");
		/* Until it is a zombie (its exit signal is sent by then), reaping nothing. */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT | __WALL) < 0)
			die("waitid");
		r = waitpid(pid, &st, WNOHANG);
		plain = r == pid ? 1 : r == 0 ? 0 : -errno;
		wclone = 0;
		if (r != pid) {
			r = waitpid(pid, &st, __WCLONE | WNOHANG);
			wclone = r == pid ? 1 : -errno;
		}
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		snprintf(key, sizeof(key), "exitsig-%d", sigs[i]);
		out(key, "wait-plain:%d wait-wclone:%d status:%d sigchld:%d sigusr1:%d",
		    plain, wclone, WIFEXITED(st) ? WEXITSTATUS(st) : -1, got_chld, got_usr1);
	}
	signal(SIGUSR1, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
}

/* ---- a leader that exits before its thread ---- */

static int pipe_fds[2];

static int
late_thread(void *arg)
{
	char c;

	(void)arg;
	/* Wait for the test's word, then end the process as its last thread. */
	while (syscall(SYS_read, pipe_fds[0], &c, 1) < 0)
		;
	syscall(SYS_exit, 9);
	return 0;
}

static void
leader_first(void)
{
	int pid, st, r, killr, ready[2];
	char c = 'x';

	if (pipe(pipe_fds) < 0 || pipe(ready) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int t = clone(late_thread, stack_top,
			      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			      CLONE_SYSVSEM, NULL);

		if (t < 0)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		syscall(SYS_exit, 3);	/* this thread only */
	}
	close(pipe_fds[0]);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		die("read ready");
	pause_ms(100);
	/* The leader is gone, the process is not: it cannot be reaped yet. */
	r = waitpid(pid, &st, WNOHANG);
	killr = kill(pid, 0);
	if (write(pipe_fds[1], "g", 1) != 1)
		die("write");
	close(pipe_fds[1]);
	close(ready[0]);
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid leader");
	/* Linux (6.x) reports the last thread's exit status (9), not the leader's (3). */
	out("leader-first", "reapable-early:%d kill0:%d status:%d", r, killr,
	    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	/* And a reaped process has no pid any more. */
	out("leader-first-gone", "%s", kill(pid, 0) < 0 ? errname(errno) : "alive");
}

/* ---- exec from a thread ---- */

struct exec_arg {
	int expect_pid, child_pid, child_fd;
};

static int
exec_thread(void *arg)
{
	struct exec_arg *a = arg;
	char pidbuf[16], cpid[16], cfd[16];
	char *argv[] = { self_path, "exec-probe", "dethread", pidbuf, cpid, cfd, NULL };

	snprintf(pidbuf, sizeof(pidbuf), "%d", a->expect_pid);
	snprintf(cpid, sizeof(cpid), "%d", a->child_pid);
	snprintf(cfd, sizeof(cfd), "%d", a->child_fd);
	syscall(SYS_execve, self_path, argv, environ);
	syscall(SYS_exit, 99);
	return 0;
}

static void
exec_from_thread(void)
{
	int pid, st;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		static struct exec_arg a;
		int p[2], c, t;

		/* A child of the process, waiting for the exec'd program to let it go. */
		if (pipe(p) < 0)
			_exit(1);
		c = fork();
		if (c == 0) {
			char ch;

			close(p[1]);
			while (read(p[0], &ch, 1) > 0)
				;
			_exit(4);
		}
		close(p[0]);
		a.expect_pid = getpid();
		a.child_pid = c;
		a.child_fd = p[1];
		t = clone(exec_thread, stack_top,
			  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, &a);
		if (t < 0)
			_exit(1);
		/* The exec ends this thread. */
		for (;;)
			pause_ms(1000);
	}
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid exec");
	out("dethread-status", "%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- exec from a child sharing handlers or fds ---- */

static int
exec_child(void *arg)
{
	char *argv[] = { self_path, "exec-probe", arg, NULL };

	syscall(SYS_execve, self_path, argv, environ);
	syscall(SYS_exit, 99);
	return 0;
}

static void
exec_shared(void)
{
	struct sigaction sa;
	int pid, st, fd;

	/* CLONE_SIGHAND: the exec resets the child's handlers, not ours. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGUSR1, SIG_IGN);
	pid = clone(exec_child, stack_top, CLONE_VM | CLONE_SIGHAND | SIGCHLD, "sighand");
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		die("clone exec sighand");
	sigaction(SIGUSR2, NULL, &sa);
	out("exec-sighand", "child-status:%d parent-handler-kept:%d",
	    WIFEXITED(st) ? WEXITSTATUS(st) : -1, sa.sa_handler == handler);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);

	/* CLONE_FILES: the exec closes close-on-exec fds in the child's table only. */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, FD_NEW) < 0)
		die("open");
	close(fd);
	fcntl(FD_NEW, F_SETFD, FD_CLOEXEC);
	pid = clone(exec_child, stack_top, CLONE_FILES | SIGCHLD, "files");
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		die("clone exec files");
	out("exec-files", "child-status:%d parent-fd-kept:%d",
	    WIFEXITED(st) ? WEXITSTATUS(st) : -1, fcntl(FD_NEW, F_GETFD) >= 0);
	close(FD_NEW);

	/* vfork-style: CLONE_VM|CLONE_VFORK, the parent runs on when the child execs. */
	g_mem = 0;
	pid = clone(exec_child, stack_top, CLONE_VM | CLONE_VFORK | SIGCHLD, "vfork");
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		die("clone exec vfork");
	out("exec-vfork", "child-status:%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- the exec'd side ---- */

static int
exec_probe(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "dethread") && argc == 6) {
		int expect = atoi(argv[3]), child = atoi(argv[4]), fd = atoi(argv[5]), st;

		out("dethread-pid", "%s", getpid() == expect ? "process-pid" : "other");
		out("dethread-tid", "%s", syscall(SYS_gettid) == expect ? "process-pid" : "other");
		/* The process's child is still ours after the exec. */
		close(fd);
		out("dethread-child", "%d",
		    waitpid(child, &st, 0) == child && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return 5;
	}
	if (argc == 3 && !strcmp(argv[2], "sighand")) {
		struct sigaction a1, a2;

		sigaction(SIGUSR2, NULL, &a2);
		sigaction(SIGUSR1, NULL, &a1);
		out("exec-sighand-child", "usr2-default:%d usr1-ignored:%d",
		    a2.sa_handler == SIG_DFL, a1.sa_handler == SIG_IGN);
		return 6;
	}
	if (argc == 3 && !strcmp(argv[2], "files")) {
		out("exec-files-child", "cloexec-fd-closed:%d", fcntl(FD_NEW, F_GETFD) < 0);
		return 6;
	}
	if (argc == 3 && !strcmp(argv[2], "vfork"))
		return 6;
	fprintf(stderr, "clone: bad exec-probe arguments\n");
	return 2;
}

int
main(int argc, char **argv)
{
	char *stack;
	ssize_t n;

	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n <= 0)
		die("readlink /proc/self/exe");
	self_path[n] = 0;
	if (argc >= 2 && !strcmp(argv[1], "exec-probe"))
		return exec_probe(argc, argv);
	if (argc != 1) {
		fprintf(stderr, "usage: clone\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || stack == MAP_FAILED)
		die("mmap");
	stack_top = stack + STACK_SIZE;
	snprintf(base_dir, sizeof(base_dir), "/tmp/clone-test.%d", getpid());
	if (mkdir(base_dir, 0755) < 0 || chdir(base_dir) < 0 || mkdir("sub", 0755) < 0)
		die("mkdir");

	sharing_matrix();
	siblings();
	exit_signals();
	leader_first();
	exec_from_thread();
	exec_shared();

	if (chdir("/") == 0) {
		char sub[PATH_MAX + 8];

		snprintf(sub, sizeof(sub), "%s/sub", base_dir);
		rmdir(sub);
		rmdir(base_dir);
	}
	out("end", "clone");
	return 0;
}
