// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel must refuse or enforce around processes:
 *   flags-*   clone() with undefined or contradictory flags gets EINVAL, not
 *             a dead caller; the upper 32 bits, CLONE_DETACHED and an exit
 *             "signal" that is none are accepted as Linux accepts them
 *   pers-*    personality(): which values are kept, across fork and exec
 *   nnp-*     PR_SET_NO_NEW_PRIVS: only (1, 0, 0, 0), never unset, kept
 *             across fork, threads and exec
 *   setid-*   exec of set-user-ID / set-group-ID programs by uid 1000, with
 *             and without no_new_privs (needs root; "skip" otherwise)
 *   stack-*   RLIMIT_STACK: the main stack grows to the limit and no further
 *             (SIGSEGV), also for a limit lowered at run time, and the
 *             SIGSEGV reaches a handler on an alternate stack
 * It prints "T:<name>=<value>" lines free of pids and paths, so the boot
 * test compares the guest's lines with the same program's on the host.
 *   limits               run everything
 *   limits as-init [poweroff]
 *                        as pid 1: clone(CLONE_PARENT) must fail (EINVAL),
 *                        then power off (in the guest)
 *   limits probe WHAT    (internal) the program exec'd by the cases above
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD		0x00001000
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER		0x10000000
#endif
#ifndef CLONE_NEWPID
#define CLONE_NEWPID		0x20000000
#endif

static char self_path[4096];

static const char *
errname(int e)
{
	static char buf[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case ENOSYS: return "ENOSYS";
	case EAGAIN: return "EAGAIN";
	case ECHILD: return "ECHILD";
	case EFAULT: return "EFAULT";
	case EACCES: return "EACCES";
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

/*
 * raw_clone is clone(2) with all 64 bits of flags. A child, if there is
 * one, exits with status 42 before touching memory, so neither a shared
 * stack (stack NULL with CLONE_VM) nor any flag can hurt the caller.
 */
static long
raw_clone(unsigned long flags, void *stack, void *ptid, void *ctid, unsigned long tls)
{
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = (long)tls;
	long ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov $60, %%eax\n\t"
			 "mov $42, %%edi\n\t"
			 "syscall\n\t"
			 "1:"
			 : "=a"(ret)
			 : "0"((long)SYS_clone), "D"(flags), "S"(stack), "d"(ptid), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

/* ---- clone flags ---- */

static void
clone_flags(void)
{
	static const struct { const char *name; unsigned long flags; } cases[] = {
		{ "all-ones", ~0UL },
		{ "low32-ones", 0xffffffffUL },
		{ "thread-only", CLONE_THREAD },
		{ "thread-vm-no-sighand", CLONE_THREAD | CLONE_VM },
		{ "sighand-no-vm", CLONE_SIGHAND },
		{ "sighand-fs-files-no-vm", CLONE_SIGHAND | CLONE_FS | CLONE_FILES },
		{ "newns-fs", CLONE_NEWNS | CLONE_FS | SIGCHLD },
		{ "newuser-fs", CLONE_NEWUSER | CLONE_FS | SIGCHLD },
		{ "thread-newpid", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID },
		{ "thread-newuser", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER },
		{ "pidfd-detached", CLONE_PIDFD | CLONE_DETACHED | SIGCHLD },
		{ "pidfd-parent-settid", CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD },
		{ "high-bits", (1UL << 32) | (1UL << 40) | (1UL << 63) | SIGCHLD },
		{ "exit-signal-127", 0x7f },
		{ "exit-signal-0", 0 },
		{ "detached", CLONE_DETACHED | SIGCHLD },
		{ "untraced", CLONE_UNTRACED | SIGCHLD },
		{ "ptrace", CLONE_PTRACE | SIGCHLD },
		{ "vm-no-stack", CLONE_VM | SIGCHLD },
		{ "vm-vfork-no-stack", CLONE_VM | CLONE_VFORK | SIGCHLD },
		{ "sysvsem-io", CLONE_SYSVSEM | CLONE_IO | SIGCHLD },
	};

	for (size_t i = 0; i <= sizeof(cases) / sizeof(cases[0]); i++) {
		/* The last case: a thread pointer in the kernel's half. */
		int tls_case = i == sizeof(cases) / sizeof(cases[0]);
		unsigned long flags = tls_case ? CLONE_SETTLS | SIGCHLD : cases[i].flags;
		const char *name = tls_case ? "settls-kernel-half" : cases[i].name;
		char key[64];
		long r = raw_clone(flags, NULL, NULL, NULL, tls_case ? 0xffff800000000000UL : 0);
		int st;

		snprintf(key, sizeof(key), "flags-%s", name);
		if (r < 0) {
			out(key, "%s", errname((int)-r));
		} else if (waitpid((pid_t)r, &st, __WALL) != r) {
			out(key, "created, waitpid %s", errname(errno));
		} else {
			out(key, "created, exit %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		}
	}
}

/* ---- personality ---- */

static unsigned long
pers_get(void)
{
	return (unsigned long)syscall(SYS_personality, 0xffffffffUL);
}

static void
personality_checks(void)
{
	static const unsigned long vals[] = {
		0, 0x0040000, 0x0400000, 0x0020000 | 0x0040000, 0x12345678, 0xdeadbeef,
		0xfffffffe, 0x100000000UL, 0x1ffffffffUL, 0xffffffffffffffffUL, 0x80000000UL,
	};
	char key[64];
	int st, pid;

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		long r;

		errno = 0;
		r = syscall(SYS_personality, vals[i]);
		snprintf(key, sizeof(key), "pers-set-%#lx", vals[i]);
		out(key, "ret:%#lx errno:%d now:%#lx", (unsigned long)r, errno, pers_get());
		syscall(SYS_personality, 0UL);
	}
	/* Kept across fork; exec drops READ_IMPLIES_EXEC for a 64-bit program. */
	syscall(SYS_personality, 0x0400000UL | 0x0040000UL | 0x0000008UL);
	pid = fork();
	if (pid == 0) {
		out("pers-fork", "%#lx", pers_get());
		_exit(0);
	}
	waitpid(pid, &st, 0);
	pid = fork();
	if (pid == 0) {
		execl(self_path, self_path, "probe", "personality", (char *)NULL);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	syscall(SYS_personality, 0UL);
}

/* ---- no_new_privs ---- */

static int
nnp_thread(void *arg)
{
	*(volatile long *)arg = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	return 0;
}

static void
nnp_checks(void)
{
	int pid, st;

	out("nnpdefault", "%d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	pid = fork();
	if (pid == 0) {
		static char stack[65536];
		static volatile long in_thread = -1;
		int bad1, bad2, bad3, set, unset, child, t;

		bad1 = prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0) < 0 ? errno : 0;
		bad2 = prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0) < 0 ? errno : 0;
		bad3 = prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? errno : 0;
		out("nnp-bad-args", "set-2:%s set-1-1:%s get-1:%s", errname(bad1), errname(bad2),
		    errname(bad3));
		set = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		out("nnp-set", "ret:%d get:%d", set, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		unset = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) < 0 ? errno : 0;
		out("nnp-unset", "%s get:%d", errname(unset), prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		child = fork();
		if (child == 0)
			_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 21 : 20);
		waitpid(child, &st, 0);
		out("nnp-fork", "%d", WIFEXITED(st) && WEXITSTATUS(st) == 21);
		t = clone(nnp_thread, stack + sizeof(stack),
			  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD,
			  (void *)&in_thread);
		waitpid(t, &st, __WALL);
		out("nnp-clone-vm", "%ld", in_thread);
		fflush(stdout);
		execl(self_path, self_path, "probe", "nnp", (char *)NULL);
		_exit(99);
	}
	waitpid(pid, &st, 0);
}

/* ---- set-user-ID and set-group-ID programs ---- */

static int
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY), o;
	ssize_t n;

	if (in < 0)
		return -1;
	o = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	if (o < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(o, buf, (size_t)n) != n)
			n = -1;
	close(in);
	if (close(o) < 0 || n < 0 || chown(to, 0, 0) < 0 || chmod(to, mode) < 0)
		return -1;
	return 0;
}

/* run_as_1000 runs prog (probe setid) as uid/gid 1000, with no_new_privs if nnp. */
static void
run_as_1000(const char *key, const char *prog, int nnp)
{
	int pid = fork(), st;

	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(1000, 1000, 1000) < 0 ||
		    setresuid(1000, 1000, 1000) < 0)
			_exit(98);
		if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(97);
		execl(prog, prog, "probe", "setid", key, (char *)NULL);
		printf("T:%s=exec %s\n", key, errname(errno));
		fflush(stdout);
		_exit(99);
	}
	waitpid(pid, &st, 0);
}

static void
setid_checks(void)
{
	char dir[] = "/tmp/limits.XXXXXX", suid[64], nox[64];
	struct statvfs vfs;
	const char *why = NULL;

	if (geteuid() != 0)
		why = "not root";
	else if (!mkdtemp(dir))
		why = "no temporary directory";
	else if (statvfs(dir, &vfs) == 0 && (vfs.f_flag & (ST_NOSUID | ST_NOEXEC)))
		why = "/tmp is mounted nosuid or noexec";
	if (why) {
		out("setid-plain", "skip (%s)", why);
		out("setid-nnp", "skip (%s)", why);
		out("setid-nosgid-x", "skip (%s)", why);
		if (strchr(dir, 'X') == NULL)
			rmdir(dir);
		return;
	}
	chmod(dir, 0755);
	snprintf(suid, sizeof(suid), "%s/suid", dir);
	snprintf(nox, sizeof(nox), "%s/nox", dir);
	/* set-user-ID and set-group-ID root; and set-group-ID without group execute */
	if (copy_file(self_path, suid, 06755) < 0 || copy_file(self_path, nox, 06745) < 0) {
		out("setid-plain", "setup failed: %s", errname(errno));
	} else {
		run_as_1000("setid-plain", suid, 0);
		run_as_1000("setid-nnp", suid, 1);
		run_as_1000("setid-nosgid-x", nox, 0);
	}
	unlink(suid);
	unlink(nox);
	rmdir(dir);
}

/* ---- RLIMIT_STACK ---- */

struct stack_shared {
	volatile uintptr_t lowest;
	volatile int si_code;
};

static struct stack_shared *ss;

static uintptr_t
stack_end(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, end = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			end = hi;
	fclose(f);
	return end;
}

static __attribute__((noinline)) long
recurse(long depth)
{
	volatile char frame[4000];

	if (depth < 0)		/* never: the stack ends first */
		return 0;
	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = (char)depth;
	ss->lowest = (uintptr_t)&frame[0];
	return recurse(depth + 1) + frame[100];
}

static void
segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	ss->si_code = si->si_code;
	_exit(3);
}

/* stack_case grows the stack with limit (0: leave it) set at run time. */
static void
stack_case(const char *key, rlim_t limit, int altstack)
{
	uintptr_t end = 0;
	int pid, st, p[2];

	ss->lowest = 0;
	ss->si_code = 0;
	if (pipe(p) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		struct rlimit rl;

		close(p[0]);
		getrlimit(RLIMIT_STACK, &rl);
		rl.rlim_cur = limit;
		if (setrlimit(RLIMIT_STACK, &rl) < 0)
			_exit(97);
		end = stack_end();
		if (write(p[1], &end, sizeof(end)) != sizeof(end))
			_exit(96);
		if (altstack) {
			static char alt[65536];
			stack_t a = { .ss_sp = alt, .ss_size = sizeof(alt) };
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_sigaction = segv_handler;
			sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
			if (sigaltstack(&a, NULL) < 0 || sigaction(SIGSEGV, &sa, NULL) < 0)
				_exit(95);
		}
		recurse(0);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &end, sizeof(end)) != sizeof(end))
		end = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	{
		uintptr_t used = end && ss->lowest ? end - ss->lowest : 0;
		/* It got to within a few frames of the limit, and not past it. */
		int in_range = used <= limit && used + 64 * 1024 >= limit;

		if (WIFSIGNALED(st))
			out(key, "signal:%d in-range:%d", WTERMSIG(st), in_range);
		else
			out(key, "exit:%d si_code:%d in-range:%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1,
			    ss->si_code, in_range);
	}
}

static void
stack_checks(void)
{
	ss = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ss == MAP_FAILED)
		return;
	stack_case("stack-8m", 8 << 20, 0);
	stack_case("stack-2m", 2 << 20, 0);
	stack_case("stack-3m-altstack", 3 << 20, 1);
	munmap(ss, 4096);
}

/* ---- the exec'd side and pid 1 ---- */

static int
probe(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[2], "personality")) {
		out("pers-exec", "%#lx", pers_get());
		return 0;
	}
	if (argc == 3 && !strcmp(argv[2], "nnp")) {
		out("nnp-exec", "%d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[2], "setid")) {
		out(argv[3], "euid:%u egid:%u secure:%lu", (unsigned int)geteuid(),
		    (unsigned int)getegid(), getauxval(AT_SECURE));
		return 0;
	}
	fprintf(stderr, "limits: bad probe arguments\n");
	return 2;
}

static int
as_init(int poweroff)
{
	long r = raw_clone(CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);

	out("init-clone-parent", "%s", r < 0 ? errname((int)-r) : "created");
	r = raw_clone(CLONE_PARENT | CLONE_VM | SIGCHLD, NULL, NULL, NULL, 0);
	out("init-clone-parent-vm", "%s", r < 0 ? errname((int)-r) : "created");
	/* A plain child is fine. */
	r = raw_clone(SIGCHLD, NULL, NULL, NULL, 0);
	if (r > 0) {
		int st;

		waitpid((pid_t)r, &st, 0);
		out("init-clone-plain", "exit %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	} else {
		out("init-clone-plain", "%s", errname((int)-r));
	}
	out("end", "limits-init");
	if (poweroff) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	ssize_t n;

	if (argc >= 2 && !strcmp(argv[1], "probe"))
		return probe(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "as-init"))
		return as_init(argc == 3 && !strcmp(argv[2], "poweroff"));
	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n <= 0) {
		perror("limits: readlink /proc/self/exe");
		return 1;
	}
	self_path[n] = 0;
	if (argc != 1) {
		fprintf(stderr, "usage: limits [as-init [poweroff]]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	clone_flags();
	personality_checks();
	nnp_checks();
	setid_checks();
	stack_checks();
	out("end", "limits");
	return 0;
}
