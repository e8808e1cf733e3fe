// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test guest for tests/os: a static x86_64 program without libc, linked
 * at 0x400000, that the harness (test_os.c, bench_os.c) loads into physmem
 * and runs through the trap backend. It starts with the usual Linux stack
 * (argc, argv, envp, auxv) and picks a scenario by argv[1]:
 *
 *   hello   write a message, NGETPPID getppid() (each must return 4242),
 *           fill and check NPAGES pages at BUF_ADDR (mapped lazily by the
 *           harness on fault), exit(42) if all is well
 *   kill    kill(argv[2], SIGKILL) and getpid(); exit(7) if kill returned 0
 *   loop    spin forever (preemption)
 *   bench   getppid() argv[2] times, exit(0)
 *   sig     int3, ud2, divide by zero, each skipped by the harness; exit(5)
 *   fpu     xmm0/xmm1 round trips through the harness's XSAVE handling
 */
#include <stddef.h>
#include <stdint.h>

#define NR_write	1
#define NR_getpid	39
#define NR_kill		62
#define NR_exit		60
#define NR_getppid	110

#define BUF_ADDR	0x20000000UL
#define NPAGES		8
#define NGETPPID	100

static inline long
sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static void __attribute__((noreturn))
gexit(int status)
{
	for (;;)
		sys3(NR_exit, status, 0, 0);
}

static size_t
slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int
seq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static long
atol_(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static void
puts_(const char *s)
{
	sys3(NR_write, 1, (long)s, (long)slen(s));
}

static int
do_hello(void)
{
	volatile uint64_t *buf = (volatile uint64_t *)BUF_ADDR;
	int i, j, bad = 0;

	puts_("hello from the guest\n");
	for (i = 0; i < NGETPPID; i++)
		if (sys3(NR_getppid, 0, 0, 0) != 4242)
			bad |= 1;
	for (i = 0; i < NPAGES; i++)
		for (j = 0; j < 512; j += 64)
			buf[i * 512 + j] = 0x1000 * (uint64_t)i + j;
	for (i = 0; i < NPAGES; i++)
		for (j = 0; j < 512; j += 64)
			if (buf[i * 512 + j] != 0x1000 * (uint64_t)i + j)
				bad |= 2;
	puts_("guest done\n");
	return bad ? bad : 42;
}

static int
do_sig(void)
{
	volatile long zero = 0, x = 7;

	__asm__ volatile("int3");
	__asm__ volatile("ud2");
	/* div %rcx: 3 bytes; the harness skips it */
	__asm__ volatile("mov %1, %%rax\n"
			 "xor %%edx, %%edx\n"
			 "mov %2, %%rcx\n"
			 "div %%rcx\n"
			 : "=a"(x) : "r"(x), "r"(zero) : "rcx", "rdx");
	return 5;
}

static int
do_fpu(void)
{
	static const uint64_t p0[2] = { 0x1122334455667788ULL, 0x99aabbccddeeff00ULL };
	static const uint64_t p1[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };
	uint64_t out0[2], out1[2];

	__asm__ volatile("movdqu %0, %%xmm0\n"
			 "movdqu %1, %%xmm1\n"
			 : : "m"(p0), "m"(p1) : "xmm0", "xmm1");
	/* the harness checks xmm0 in the XSAVE image and rewrites it */
	sys3(NR_getppid, 0, 0, 0);
	/* the harness queues a mapping here, so the stub batch runs */
	sys3(NR_getpid, 0, 0, 0);
	__asm__ volatile("movdqu %%xmm0, %0\n"
			 "movdqu %%xmm1, %1\n"
			 : "=m"(out0), "=m"(out1));
	if (out0[0] != 0xa5a5a5a5a5a5a5a5ULL || out0[1] != 0x5a5a5a5a5a5a5a5aULL)
		return 1;
	if (out1[0] != p1[0] || out1[1] != p1[1])
		return 2;
	return 0;
}

int __attribute__((used))
gmain(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	long i, n;

	if (argc < 2)
		return 100;
	if (seq(argv[1], "hello"))
		return do_hello();
	if (seq(argv[1], "kill") && argc > 2) {
		long r = sys3(NR_kill, atol_(argv[2]), 9, 0);

		sys3(NR_getpid, 0, 0, 0);
		return r == 0 ? 7 : 8;
	}
	if (seq(argv[1], "loop"))
		for (;;)
			__asm__ volatile("" ::: "memory");
	if (seq(argv[1], "bench") && argc > 2) {
		n = atol_(argv[2]);
		for (i = 0; i < n; i++)
			sys3(NR_getppid, 0, 0, 0);
		return 0;
	}
	if (seq(argv[1], "sig"))
		return do_sig();
	if (seq(argv[1], "fpu"))
		return do_fpu();
	return 101;
}

void __attribute__((used, noreturn))
gstart(long *sp)
{
	gexit(gmain(sp));
}

__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	call gstart\n"
	"	hlt\n");
