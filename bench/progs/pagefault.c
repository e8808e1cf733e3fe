/*
 * bench/progs/pagefault.c: guest benchmark, anonymous page faults. Maps
 * 64 MiB of private anonymous memory, writes one byte into every page,
 * unmaps it, and repeats; prints the cost per page (the fault, the zeroed
 * page and its share of mmap/munmap) as "page_fault <ns> ns".
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

#define REGION (64ul << 20)

int
main(int argc, char **argv)
{
	uint64_t target = bench_target_ns(argc, argv);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off;
	uint64_t start = bench_now_ns(), now, ops = 0;
	volatile char *p;

	do {
		p = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (off = 0; off < REGION; off += page)
			p[off] = 1;
		if (munmap((void *)p, REGION) != 0) {
			perror("munmap");
			return 1;
		}
		ops += REGION / page;
		now = bench_now_ns();
	} while (now - start < target);
	bench_report("page_fault", now - start, ops);
	return 0;
}
