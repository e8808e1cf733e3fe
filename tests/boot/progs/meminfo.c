// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/meminfo against what the guest does to memory: reading a file
 * raises Cached by its size, drop_caches gives clean unmapped pages back,
 * mapping a file shows in Mapped, tmpfs data and shared anonymous memory
 * in Shmem, touched private memory in AnonPages, a page read twice moves
 * to Active(file).
 *   meminfo FILE     FILE: a file of at least 16 MiB on a disk filesystem
 * Prints "T:<name>=ok" or "T:<name>=FAIL <why>". (Guest only: it writes
 * vm/drop_caches, and on a busy host the counters move by themselves.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define MB	1024L	/* in kB */

static long
mi(const char *key)
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

static void
check(const char *name, int ok, long a, long b)
{
	if (ok)
		printf("T:%s=ok\n", name);
	else
		printf("T:%s=FAIL %ld kB then %ld kB\n", name, a, b);
	fflush(stdout);
}

/* near: got is want within 1 MiB (the program's own pages move the counters a little). */
static int
near(long got, long want)
{
	return got > want - MB && got < want + MB;
}

static void
drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd < 0 || write(fd, "1\n", 2) != 2)
		perror("drop_caches");
	close(fd);
}

static long
set_min_free_kbytes(long kb)
{
	char s[32], old[32] = "";
	int fd = open("/proc/sys/vm/min_free_kbytes", O_RDWR);
	ssize_t n = fd < 0 ? -1 : read(fd, old, sizeof(old) - 1);

	snprintf(s, sizeof(s), "%ld\n", kb);
	if (n <= 0 || pwrite(fd, s, strlen(s), 0) < 0)
		perror("min_free_kbytes");
	close(fd);
	return atol(old);
}

/* read_all reads path through in chunks of bs bytes (at most 64 KiB). */
static void
read_all(const char *path, size_t bs)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);

	while (fd >= 0 && read(fd, buf, bs) > 0)
		;
	close(fd);
}

int
main(int argc, char **argv)
{
	struct stat st;
	long size, a, b, c, act;
	char *p;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2 || stat(argv[1], &st)) {
		fprintf(stderr, "usage: meminfo FILE (a file of 16 MiB or more)\n");
		return 2;
	}
	size = st.st_size / 1024;

	/* The page cache: a read fills it, drop_caches empties it. */
	drop_caches();
	a = mi("Cached");
	read_all(argv[1], 65536);
	b = mi("Cached");
	check("read-raises-cached", near(b - a, size), a, b);
	act = mi("Active(file)");
	read_all(argv[1], 65536);
	check("reread-activates", mi("Active(file)") - act > size - MB, act, mi("Active(file)"));
	drop_caches();
	c = mi("Cached");
	check("drop-caches-lowers-cached", b - c > size - MB, b, c);
	/* Read once in small pieces, each page is still used once: inactive. */
	act = mi("Active(file)");
	read_all(argv[1], 1024);
	check("small-reads-stay-inactive", mi("Active(file)") - act < size / 4, act,
	      mi("Active(file)"));
	drop_caches();

	/* Mapped: a mapping holds its pages; drop_caches leaves them. */
	fd = open(argv[1], O_RDONLY);
	a = mi("Mapped");
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	for (long i = 0; i < st.st_size; i += 4096)
		(void)*(volatile char *)(p + i);
	b = mi("Mapped");
	check("mapping-raises-mapped", near(b - a, size), a, b);
	a = mi("Cached");
	drop_caches();
	c = mi("Cached");
	check("drop-caches-keeps-mapped", c > a - MB, a, c);
	munmap(p, st.st_size);
	close(fd);
	a = mi("Mapped");
	check("unmap-lowers-mapped", near(b - a, size), b, a);

	/* Shmem: tmpfs data stays through drop_caches, goes with the file. */
	a = mi("Shmem");
	fd = open("/tmp/meminfo-data", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	p = malloc(1 << 20);
	memset(p, 'x', 1 << 20);
	for (int i = 0; i < 16; i++)
		write(fd, p, 1 << 20);
	close(fd);
	free(p);
	b = mi("Shmem");
	check("tmpfs-raises-shmem", near(b - a, 16 * MB), a, b);
	drop_caches();
	check("drop-caches-keeps-shmem", mi("Shmem") > b - MB, b, mi("Shmem"));
	unlink("/tmp/meminfo-data");
	check("unlink-lowers-shmem", near(mi("Shmem"), a), a, mi("Shmem"));

	/* Shared anonymous memory is shmem too. */
	a = mi("Shmem");
	p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(p, 1, 8 << 20);
	b = mi("Shmem");
	check("shared-anon-is-shmem", near(b - a, 8 * MB), a, b);
	munmap(p, 8 << 20);

	/* AnonPages: private memory once touched. */
	a = mi("AnonPages");
	p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 1, 16 << 20);
	b = mi("AnonPages");
	check("touched-raises-anonpages", near(b - a, 16 * MB), a, b);
	munmap(p, 16 << 20);
	c = mi("AnonPages");
	check("unmap-lowers-anonpages", near(c, a), b, c);
	/* vm.min_free_kbytes: reclaim keeps that much free while a read fills the cache. */
	drop_caches();
	a = mi("MemFree") - 8 * MB;	/* less room above the watermark than the file needs */
	c = set_min_free_kbytes(a);
	read_all(argv[1], 65536);
	b = mi("MemFree");
	set_min_free_kbytes(c);
	check("min-free-kbytes-reclaims", b > a - MB && mi("Cached") < size, a, b);
	printf("T:end=meminfo\n");
	return 0;
}
