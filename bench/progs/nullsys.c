/*
 * bench/progs/nullsys.c: guest benchmark, the null system call. Calls
 * getppid through syscall() (no libc caching) in a loop and prints the
 * cost of one call as "getppid <ns> ns".
 */
#include <unistd.h>
#include <sys/syscall.h>

#include "bench.h"

int
main(int argc, char **argv)
{
	uint64_t target = bench_target_ns(argc, argv);
	uint64_t start = bench_now_ns(), now, ops = 0;
	int i;

	do {
		for (i = 0; i < 1000; i++)
			syscall(SYS_getppid);
		ops += 1000;
		now = bench_now_ns();
	} while (now - start < target);
	bench_report("getppid", now - start, ops);
	return 0;
}
