// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the host side (arch/um/os): physmem, the stub, and the ptrace trap
 * backend, driven the way the kernel will drive them. The harness plays the
 * kernel with tests/os/guest_loader.c and runs tests/os/guest.c in a real
 * child: syscalls, lazy page faults, synchronous signals, FPU state, a guest
 * kill() that must never reach the host, preemption by the tick, a child
 * killed from outside, mm batch errors, and no zombie or fd left behind.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_loader.h"
#include "os.h"
#include "trap.h"
#include "../unit/check_main.h"

#define BUF_ADDR	0x20000000UL
#define NPAGES		8

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* No child of ours may be left, zombie or not. */
static void
assert_no_children(void)
{
	int st;

	ck_assert_int_eq(waitpid(-1, &st, WNOHANG | __WALL), -1);
	ck_assert_int_eq(errno, ECHILD);
}

static void
start(struct guest *g, const char *a1, const char *a2)
{
	const char *argv[] = { "guest", a1, a2, NULL };
	int err = gl_start(g, GUEST_PATH, argv);

	ck_assert_msg(err == 0, "gl_start: %d", err);
}

START_TEST(test_hello)
{
	static struct guest g;
	unsigned int faults = 0;
	int fds, r, pid;

	ck_assert_int_eq(gl_physmem(), 0);
	fds = count_fds();
	start(&g, "hello", NULL);
	pid = host_mm_pid(g.mm);
	while (!g.exited) {
		r = trap_run(g.mm, &g.uc);
		if (r == TRAP_SYSCALL) {
			ck_assert_msg(gl_syscall(&g), "unexpected syscall %lu",
				      (unsigned long)g.uc.trap.nr);
		} else if (r == TRAP_FAULT) {
			uint64_t a = g.uc.trap.addr;

			ck_assert_msg(a >= BUF_ADDR && a < BUF_ADDR + NPAGES * GL_PAGE,
				      "fault at %#lx rip %#lx", (unsigned long)a,
				      (unsigned long)g.uc.regs.rip);
			ck_assert_int_eq(g.uc.trap.code, 1);	/* SEGV_MAPERR */
			ck_assert_ptr_null(gl_lookup(&g, a));	/* a refault would be a bug */
			ck_assert_int_eq(gl_alloc_map(&g, a & ~(GL_PAGE - 1), 1,
						      MM_PROT_READ | MM_PROT_WRITE), 0);
			faults++;
		} else if (r != TRAP_PREEMPTED) {
			ck_abort_msg("trap_run returned %d (signo %d)", r, g.uc.trap.signo);
		}
	}
	ck_assert_str_eq(g.out, "hello from the guest\nguest done\n");
	ck_assert_int_eq(g.status, 42);
	ck_assert_uint_eq(faults, NPAGES);
	ck_assert_uint_eq(g.nsyscalls, 1 + 100 + 1 + 1);
	/* the guest's stores are in physmem, seen through our direct map */
	{
		uint64_t v;

		ck_assert_int_eq(gl_copy_from(&g, BUF_ADDR + 3 * GL_PAGE + 64 * 8, &v, 8), 0);
		ck_assert_uint_eq(v, 0x3000 + 64);
	}
	gl_stop(&g);
	ck_assert_int_eq(count_fds(), fds);
	assert_no_children();
	ck_assert_int_eq(kill(pid, 0), -1);
}
END_TEST

START_TEST(test_kill_not_on_host)
{
	static struct guest g;
	char pidbuf[16];
	pid_t victim;
	int r, st, nkill = 0, ngetpid = 0;

	victim = fork();
	ck_assert_int_ge(victim, 0);
	if (victim == 0) {
		for (;;)
			pause();
	}
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)victim);
	start(&g, "kill", pidbuf);
	while (!g.exited) {
		r = trap_run(g.mm, &g.uc);
		if (r == TRAP_PREEMPTED)
			continue;
		ck_assert_int_eq(r, TRAP_SYSCALL);
		if (g.uc.trap.nr == 62) {	/* kill: trapped, not run */
			ck_assert_int_eq((int)g.uc.regs.rdi, victim);
			ck_assert_int_eq((int)g.uc.regs.rsi, SIGKILL);
			g.uc.regs.rax = 0;
			nkill++;
		} else {
			if (g.uc.trap.nr == 39)
				ngetpid++;
			ck_assert(gl_syscall(&g));
		}
	}
	ck_assert_int_eq(g.status, 7);
	ck_assert_int_eq(nkill, 1);
	ck_assert_int_eq(ngetpid, 1);
	/* the victim must still be alive */
	ck_assert_int_eq(waitpid(victim, &st, WNOHANG), 0);
	ck_assert_int_eq(kill(victim, 0), 0);
	gl_stop(&g);
	kill(victim, SIGKILL);
	ck_assert_int_eq(waitpid(victim, &st, 0), victim);
	assert_no_children();
}
END_TEST

START_TEST(test_preempt)
{
	static struct guest g;
	uint64_t t0;
	int i, r;

	start(&g, "loop", NULL);
	ck_assert_int_eq(os_timer_start(100), 0);
	os_timer_ticks_take();
	for (i = 0; i < 3; i++) {
		t0 = os_clock_monotonic_ns();
		r = trap_run(g.mm, &g.uc);
		ck_assert_int_eq(r, TRAP_PREEMPTED);
		ck_assert_uint_lt(os_clock_monotonic_ns() - t0, 2000000000ULL);
		ck_assert_uint_ge(g.uc.regs.rip, 0x400000);
		ck_assert_uint_lt(g.uc.regs.rip, 0x500000);
	}
	ck_assert_uint_ge(os_timer_ticks_take(), 1);
	os_timer_stop();
	gl_stop(&g);
	assert_no_children();
}
END_TEST

START_TEST(test_signals)
{
	static struct guest g;
	int r, seen = 0;

	start(&g, "sig", NULL);
	while (!g.exited) {
		r = trap_run(g.mm, &g.uc);
		if (r == TRAP_SYSCALL) {
			ck_assert(gl_syscall(&g));
			continue;
		}
		if (r == TRAP_PREEMPTED)
			continue;
		ck_assert_int_eq(r, TRAP_SIGNAL);
		switch (seen++) {
		case 0:
			ck_assert_int_eq(g.uc.trap.signo, SIGTRAP);
			ck_assert_int_eq(g.uc.trap.code, 0x80);	/* SI_KERNEL: int3 */
			break;	/* rip is already past the int3 */
		case 1:
			ck_assert_int_eq(g.uc.trap.signo, SIGILL);
			ck_assert_int_eq(g.uc.trap.code, ILL_ILLOPN);
			ck_assert_uint_eq(g.uc.trap.addr, g.uc.regs.rip);
			g.uc.regs.rip += 2;	/* ud2 */
			break;
		case 2:
			ck_assert_int_eq(g.uc.trap.signo, SIGFPE);
			ck_assert_int_eq(g.uc.trap.code, FPE_INTDIV);
			g.uc.regs.rip += 3;	/* div %rcx */
			break;
		default:
			ck_abort_msg("extra signal %d", g.uc.trap.signo);
		}
	}
	ck_assert_int_eq(seen, 3);
	ck_assert_int_eq(g.status, 5);
	gl_stop(&g);
}
END_TEST

START_TEST(test_fpu)
{
	static struct guest g;
	static const uint8_t p0[16] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
					0x00, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99 };
	uint8_t *xmm0;
	int r;

	start(&g, "fpu", NULL);
	g.uc.fpu = calloc(1, trap_fpu_size());
	ck_assert_ptr_nonnull(g.uc.fpu);
	xmm0 = (uint8_t *)g.uc.fpu + 160;	/* XMM0 in the legacy FXSAVE area */
	while (!g.exited) {
		r = trap_run(g.mm, &g.uc);
		if (r == TRAP_PREEMPTED)
			continue;
		ck_assert_int_eq(r, TRAP_SYSCALL);
		if (g.uc.trap.nr == 110) {
			ck_assert_int_eq(trap_fpu_fetch(g.mm, &g.uc), 0);
			ck_assert(g.uc.flags & UC_FPU_VALID);
			ck_assert_mem_eq(xmm0, p0, 16);
			memset(xmm0, 0xa5, 8);
			memset(xmm0 + 8, 0x5a, 8);
			g.uc.flags |= UC_FPU_DIRTY;
		} else if (g.uc.trap.nr == 39) {
			/* force a stub batch between two guest instructions */
			ck_assert_int_eq(gl_alloc_map(&g, 0x30000000, 1, MM_PROT_READ), 0);
		}
		ck_assert(gl_syscall(&g));
	}
	ck_assert_int_eq(g.status, 0);	/* 1: xmm0 not written, 2: xmm1 clobbered */
	ck_assert(!(g.uc.flags & UC_FPU_DIRTY));
	free(g.uc.fpu);
	gl_stop(&g);
}
END_TEST

START_TEST(test_died)
{
	static struct guest g;
	int r;

	start(&g, "hello", NULL);
	r = trap_run(g.mm, &g.uc);
	ck_assert_int_eq(r, TRAP_SYSCALL);
	ck_assert_int_eq(kill(host_mm_pid(g.mm), SIGKILL), 0);
	ck_assert(gl_syscall(&g));
	r = trap_run(g.mm, &g.uc);
	ck_assert_int_eq(r, TRAP_DIED);
	ck_assert_int_eq(g.uc.trap.signo, SIGKILL);
	/* it stays dead */
	ck_assert_int_eq(trap_run(g.mm, &g.uc), TRAP_DIED);
	ck_assert_int_eq(host_mmap(g.mm, 0x1000, GL_PAGE, MM_PROT_READ, 0), -ESRCH);
	gl_stop(&g);
	assert_no_children();
}
END_TEST

/* True once pid is gone or a zombie (reaped by whoever inherited it). */
static bool
process_gone(int pid)
{
	char path[64], line[256];
	bool gone = true;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	if (fgets(line, sizeof(line), f)) {
		char *p = strrchr(line, ')');

		gone = p && p[1] == ' ' && p[2] == 'Z';
	}
	fclose(f);
	return gone;
}

/* A kernel that dies without host_mm_destroy takes its children with it. */
START_TEST(test_kernel_death)
{
	struct mm_ctx *mm;
	int pfd[2], pid = 0, st, i;
	pid_t k;

	ck_assert_int_eq(gl_physmem(), 0);
	ck_assert_int_eq(pipe(pfd), 0);
	k = fork();
	ck_assert_int_ge(k, 0);
	if (k == 0) {
		if (host_mm_create(&mm) == 0)
			pid = host_mm_pid(mm);
		if (write(pfd[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(2);
		_exit(0);	/* no host_mm_destroy */
	}
	ck_assert_int_eq(read(pfd[0], &pid, sizeof(pid)), sizeof(pid));
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(k, &st, 0), k);
	for (i = 0; i < 200 && !process_gone(pid); i++)
		usleep(10000);
	ck_assert_msg(process_gone(pid), "stub %d outlived its kernel", pid);
	close(pfd[0]);
	close(pfd[1]);
}
END_TEST

/* Count the child's host mappings; fail on any outside ours and the stub's. */
static int
count_vmas(int pid, uint64_t lo, uint64_t hi)
{
	char path[64], line[512];
	unsigned long s, e;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		ck_assert_int_eq(sscanf(line, "%lx-%lx", &s, &e), 2);
		if (s >= TRAP_USER_TOP && e <= TRAP_USER_TOP + 0x20000)
			continue;	/* the stub's code and data */
		if (s >= 0xffffffffff600000UL)
			continue;	/* [vsyscall]: not a user mapping, cannot be unmapped */
		ck_assert_msg(s >= lo && e <= hi, "stray mapping in child: %s", line);
		n++;
	}
	fclose(f);
	return n;
}

START_TEST(test_mm_ops)
{
	struct mm_ctx *mm;
	uint64_t base = 0x10000000;
	int i, pid, fds;

	ck_assert_int_eq(gl_physmem(), 0);
	fds = count_fds();
	ck_assert_int_eq(host_mm_create(&mm), 0);
	pid = host_mm_pid(mm);
	/* the stub left nothing of its own: no stack, vdso, vvar */
	ck_assert_int_eq(count_vmas(pid, 0, 0), 0);

	/* bad arguments are refused at queue time */
	ck_assert_int_eq(host_mmap(mm, base + 1, GL_PAGE, MM_PROT_READ, 0), -EINVAL);
	ck_assert_int_eq(host_mmap(mm, base, 100, MM_PROT_READ, 0), -EINVAL);
	ck_assert_int_eq(host_mmap(mm, TRAP_USER_TOP, GL_PAGE, MM_PROT_READ, 0), -EINVAL);
	ck_assert_int_eq(host_mmap(mm, TRAP_USER_TOP - GL_PAGE, 2 * GL_PAGE, MM_PROT_READ, 0), -EINVAL);
	ck_assert_int_eq(host_mmap(mm, base, GL_PAGE, MM_PROT_READ, os_physmem_size()), -EINVAL);
	ck_assert_int_eq(host_mmap(mm, base, GL_PAGE, 8, 0), -EINVAL);

	/* 64 single pages with contiguous offsets become one host mapping */
	for (i = 0; i < 64; i++)
		ck_assert_int_eq(host_mmap(mm, base + i * GL_PAGE, GL_PAGE,
					MM_PROT_READ | MM_PROT_WRITE, i * GL_PAGE), 0);
	ck_assert_int_eq(host_mm_flush(mm), 0);
	ck_assert_int_eq(count_vmas(pid, base, base + 64 * GL_PAGE), 1);

	/* mprotect in the middle splits it in three; unmap the tail */
	ck_assert_int_eq(host_mprotect(mm, base + 8 * GL_PAGE, 8 * GL_PAGE, MM_PROT_READ), 0);
	ck_assert_int_eq(host_munmap(mm, base + 32 * GL_PAGE, 16 * GL_PAGE), 0);
	ck_assert_int_eq(host_munmap(mm, base + 48 * GL_PAGE, 16 * GL_PAGE), 0);
	ck_assert_int_eq(host_mm_flush(mm), 0);
	ck_assert_int_eq(count_vmas(pid, base, base + 32 * GL_PAGE), 3);

	/* more records than fit in one batch */
	for (i = 0; i < 3000; i++)
		ck_assert_int_eq(host_mmap(mm, 0x40000000 + 2 * i * GL_PAGE, GL_PAGE,
					MM_PROT_READ, (uint64_t)(i % 7) * GL_PAGE), 0);
	ck_assert_int_eq(host_mm_flush(mm), 0);
	ck_assert_int_eq(count_vmas(pid, base, 0x40000000 + 6000 * GL_PAGE), 3 + 3000);

	/* a failing record: mprotect of a hole is ENOMEM on the host */
	ck_assert_int_eq(host_mprotect(mm, 0x7000000000, GL_PAGE, MM_PROT_READ), 0);
	ck_assert_int_eq(host_mm_flush(mm), -ENOMEM);
	/* and the mm is still usable afterwards */
	ck_assert_int_eq(host_munmap(mm, base, 8 * GL_PAGE), 0);
	ck_assert_int_eq(host_mm_flush(mm), 0);
	ck_assert_int_eq(count_vmas(pid, base, 0x40000000 + 6000 * GL_PAGE), 2 + 3000);

	host_mm_destroy(mm);
	ck_assert_int_eq(count_fds(), fds);
	assert_no_children();
}
END_TEST

START_TEST(test_wrappers)
{
	char path[] = "/tmp/umk-os-test-XXXXXX";
	struct os_stat st;
	struct os_epoll_event ev[4];
	char buf[16];
	int fd, ep, pfd[2];
	uint8_t rnd[32] = { 0 }, zero[32] = { 0 };
	uint64_t m0, m1;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = os_open(path, OS_O_RDWR | OS_O_TRUNC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(os_pwrite(fd, "abcdef", 6, 4096), 6);
	ck_assert_int_eq(os_pread(fd, buf, 3, 4097), 3);
	ck_assert_mem_eq(buf, "bcd", 3);
	ck_assert_int_eq(os_fsync(fd), 0);
	ck_assert_int_eq(os_fstat(fd, &st), 0);
	ck_assert_uint_eq(st.size, 4102);
	ck_assert_int_gt(st.mtime_ns, 0);
	ck_assert_int_eq(os_close(fd), 0);
	ck_assert_int_eq(os_close(fd), -EBADF);
	ck_assert_int_eq(os_open(path, OS_O_RDWR | OS_O_CREAT | OS_O_EXCL, 0600), -EEXIST);
	unlink(path);
	ck_assert_int_eq(os_open(path, OS_O_RDONLY, 0), -ENOENT);

	ck_assert_int_eq(os_getrandom(rnd, sizeof(rnd)), 32);
	ck_assert(memcmp(rnd, zero, 32) != 0);
	m0 = os_clock_monotonic_ns();
	m1 = os_clock_monotonic_ns();
	ck_assert_uint_le(m0, m1);
	ck_assert_int_gt(os_clock_realtime_ns(), 1600000000LL * 1000000000LL);

	ep = os_epoll_create();
	ck_assert_int_ge(ep, 0);
	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert_int_eq(os_epoll_add(ep, pfd[0], OS_EPOLLIN, 77), 0);
	ck_assert_int_eq(os_epoll_wait(ep, ev, 4, 0), 0);
	ck_assert_int_eq(os_write(pfd[1], "x", 1), 1);
	ck_assert_int_eq(os_epoll_wait(ep, ev, 4, 1000), 1);
	ck_assert_uint_eq(ev[0].data, 77);
	ck_assert(ev[0].events & OS_EPOLLIN);
	ck_assert_int_eq(os_read(pfd[0], buf, 1), 1);
	ck_assert_int_eq(os_epoll_del(ep, pfd[0]), 0);
	ck_assert_int_eq(os_epoll_del(ep, pfd[0]), -ENOENT);
	os_close(pfd[0]);
	os_close(pfd[1]);
	os_close(ep);

	ck_assert_int_eq(os_pin_cpu(true), 0);
	ck_assert_int_ge(os_pinned_cpu(), 0);
	ck_assert_int_eq(sched_getcpu(), os_pinned_cpu());
	ck_assert_int_eq(os_pin_cpu(false), 0);
	ck_assert_int_eq(os_pinned_cpu(), -1);
}
END_TEST

static Suite *
os_suite(void)
{
	Suite *s = suite_create("os");
	TCase *tc;

	tc = tcase_create("guest");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_hello);
	tcase_add_test(tc, test_kill_not_on_host);
	tcase_add_test(tc, test_preempt);
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_fpu);
	tcase_add_test(tc, test_died);
	tcase_add_test(tc, test_kernel_death);
	suite_add_tcase(s, tc);

	tc = tcase_create("mm");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_mm_ops);
	suite_add_tcase(s, tc);

	tc = tcase_create("wrappers");
	tcase_add_test(tc, test_wrappers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(os_suite());
}
