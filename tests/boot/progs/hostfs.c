// SPDX-License-Identifier: GPL-2.0-only
/*
 * File operations in one directory, for boot-hostfs: `hostfs DIR` runs
 * them in DIR (empty, writable) and prints one "T:<check>=<result>" line
 * each. boot-hostfs runs it natively on a host directory first (its lines
 * must be progs/hostfs.out) and then in the guest on a hostfs mount of
 * another host directory, where they must be the same: what the host's
 * own filesystem answers through hostfs is what it answers directly.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

static const char *
err(int r)
{
	static char buf[32];

	if (r >= 0)
		return "0";
	switch (errno) {
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EISDIR: return "EISDIR";
	case ENOTDIR: return "ENOTDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case ELOOP: return "ELOOP";
	case ENODEV: return "ENODEV";
	case ENOMEM: return "ENOMEM";
	}
	snprintf(buf, sizeof(buf), "errno%d", errno);
	return buf;
}

static void
put_file(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		printf("T:setup-%s=%s\n", name, err(-1));
	close(fd);
}

/* get_file prints the file's bytes (non-printing ones as '.'). */
static void
show_file(const char *key, const char *name)
{
	char buf[256];
	int fd = open(name, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n < 0) {
		printf("T:%s=%s\n", key, err(-1));
	} else {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] < 32 || buf[i] > 126)
				buf[i] = '.';
		buf[n] = '\0';
		printf("T:%s=%s\n", key, buf);
	}
	if (fd >= 0)
		close(fd);
}

static long long
size_of(const char *name)
{
	struct stat st;

	return lstat(name, &st) < 0 ? -1 : (long long)st.st_size;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list prints a directory's names (sorted, without . and ..) with their d_type. */
static void
list(const char *key, const char *dir)
{
	DIR *d = opendir(dir);
	char *names[64], line[1024] = "";
	struct dirent *e;
	int n = 0;

	if (!d) {
		printf("T:%s=%s\n", key, err(-1));
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		char *s;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (asprintf(&s, "%s:%s", e->d_name, e->d_type == DT_REG ? "reg" :
			     e->d_type == DT_DIR ? "dir" : e->d_type == DT_LNK ? "lnk" :
			     e->d_type == DT_FIFO ? "fifo" : "other") < 0)
			exit(1);
		names[n++] = s;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		strcat(line, i ? "," : "");
		strcat(line, names[i]);
		free(names[i]);
	}
	printf("T:%s=%s\n", key, line);
}

int
main(int argc, char **argv)
{
	struct stat st;
	char buf[4096];
	int fd, fd2, r;
	ssize_t n;

	if (argc == 4 && !strcmp(argv[1], "--shared-write")) {
		/*
		 * When a shared mapping's writes reach the file FILE, seen
		 * through VIEW, another name of it that does not share FILE's
		 * cache (the same host file through a second hostfs mount).
		 */
		char *p;

		fd = open(argv[2], O_RDWR);
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			printf("T:mmap-shared-write=%s\n", err(-1));
			return 1;
		}
		memcpy(p, "MAPPED", 6);
		show_file("view-before-msync", argv[3]);
		printf("T:msync=%s\n", err(msync(p, 4096, MS_SYNC)));
		show_file("view-after-msync", argv[3]);
		/* No msync: the periodic writeback (every 5 s) takes it. */
		memcpy(p, "PERIOD", 6);
		sleep(8);
		show_file("view-after-8s", argv[3]);
		memcpy(p, "SECOND", 6);
		munmap(p, 4096);
		show_file("view-after-munmap", argv[3]);
		close(fd);
		show_file("view-after-close", argv[3]);
		return 0;
	}
	if (argc != 2 || chdir(argv[1]) < 0) {
		fprintf(stderr, "usage: hostfs DIR (an empty writable directory)\n");
		return 2;
	}
	umask(022);

	/* Creating, writing, reading. */
	fd = open("a", O_RDWR | O_CREAT | O_EXCL, 0666);
	printf("T:create=%s\n", err(fd));
	printf("T:write=%zd\n", write(fd, "hello\n", 6));
	fstat(fd, &st);
	printf("T:create-mode=%o size=%lld nlink=%lu\n", st.st_mode, (long long)st.st_size,
	       (unsigned long)st.st_nlink);
	printf("T:pread=%zd\n", pread(fd, buf, 4, 1));
	printf("T:pread-data=%.4s\n", buf);
	close(fd);
	show_file("read", "a");
	printf("T:excl=%s\n", err(open("a", O_RDWR | O_CREAT | O_EXCL, 0666)));
	printf("T:open-missing=%s\n", err(open("nope", O_RDONLY)));

	/* O_APPEND: the end whatever the position; the position follows. */
	fd = open("a", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	n = write(fd, "ab", 2);
	printf("T:append=%zd pos=%lld\n", n, (long long)lseek(fd, 0, SEEK_CUR));
	/* fcntl takes O_APPEND away: writes go where the position is again. */
	fcntl(fd, F_SETFL, 0);
	lseek(fd, 1, SEEK_SET);
	n = write(fd, "E", 1);
	printf("T:append-off=%zd pos=%lld\n", n, (long long)lseek(fd, 0, SEEK_CUR));
	fcntl(fd, F_SETFL, O_APPEND);
	n = write(fd, "!", 1);
	printf("T:append-on=%zd pos=%lld\n", n, (long long)lseek(fd, 0, SEEK_CUR));
	close(fd);
	show_file("append-data", "a");

	/* A write past the end leaves a hole of zeros; seek to the end. */
	fd = open("a", O_RDWR);
	printf("T:pwrite=%zd\n", pwrite(fd, "Z", 1, 100));
	printf("T:seek-end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
	memset(buf, 'x', 8);
	n = pread(fd, buf, 8, 50);
	printf("T:hole=%zd %d%d%d\n", n, buf[0], buf[3], buf[7]);
	/* Truncating both ways. */
	r = ftruncate(fd, 3);
	printf("T:ftruncate=%s size=%lld\n", err(r), size_of("a"));
	close(fd);
	r = truncate("a", 10);
	printf("T:truncate=%s size=%lld\n", err(r), size_of("a"));
	show_file("truncated", "a");
	fd = open("a", O_WRONLY | O_TRUNC);
	printf("T:o-trunc=%s size=%lld\n", err(fd), size_of("a"));
	close(fd);

	/* Attributes. */
	put_file("m", "mode");
	chmod("m", 0600);
	stat("m", &st);
	printf("T:chmod=%o\n", st.st_mode);
	fd = open("m", O_RDONLY);
	printf("T:fchmod=%s\n", err(fchmod(fd, 04751)));
	fstat(fd, &st);
	printf("T:fchmod-mode=%o\n", st.st_mode);
	close(fd);
	{
		struct timespec ts[2] = { { 1000000000, 123456789 }, { 1200000000, 987654321 } };

		printf("T:utimensat=%s\n", err(utimensat(AT_FDCWD, "m", ts, 0)));
		stat("m", &st);
		printf("T:times=%lld.%09ld %lld.%09ld\n", (long long)st.st_atim.tv_sec,
		       st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
		ts[0].tv_nsec = UTIME_OMIT;
		ts[1].tv_sec = 1300000000;
		ts[1].tv_nsec = 0;
		utimensat(AT_FDCWD, "m", ts, 0);
		stat("m", &st);
		printf("T:times-omit=%lld %lld\n", (long long)st.st_atim.tv_sec,
		       (long long)st.st_mtim.tv_sec);
	}

	/* Directories. */
	printf("T:mkdir=%s\n", err(mkdir("d", 0777)));
	stat("d", &st);
	printf("T:mkdir-mode=%o nlink=%lu\n", st.st_mode, (unsigned long)st.st_nlink);
	printf("T:mkdir-again=%s\n", err(mkdir("d", 0777)));
	put_file("d/f1", "one");
	printf("T:rmdir-full=%s\n", err(rmdir("d")));
	printf("T:rmdir-file=%s\n", err(rmdir("a")));
	printf("T:unlink-dir=%s\n", err(unlink("d")));
	printf("T:open-dir-w=%s\n", err(open("d", O_WRONLY)));
	mkdir("d/sub", 0700);
	stat("d", &st);
	printf("T:dir-nlink=%lu\n", (unsigned long)st.st_nlink);

	/* Renames. */
	put_file("r1", "first");
	put_file("r2", "second");
	printf("T:rename=%s\n", err(rename("r1", "r3")));
	printf("T:rename-old=%s\n", err(access("r1", F_OK)));
	show_file("rename-new", "r3");
	printf("T:noreplace=%s\n",
	       err((int)syscall(SYS_renameat2, AT_FDCWD, "r3", AT_FDCWD, "r2", RENAME_NOREPLACE)));
	printf("T:rename-over=%s\n", err(rename("r3", "r2")));
	show_file("rename-over-data", "r2");
	printf("T:rename-dir=%s\n", err(rename("d", "e")));
	show_file("rename-dir-child", "e/f1");
	printf("T:rename-missing=%s\n", err(rename("nope", "nope2")));
	put_file("x1", "one");
	put_file("x2", "two");
	printf("T:exchange=%s\n",
	       err((int)syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_EXCHANGE)));
	show_file("exchange-x1", "x1");
	show_file("exchange-x2", "x2");
	printf("T:exchange-missing=%s\n",
	       err((int)syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x3", RENAME_EXCHANGE)));
	unlink("x1");
	unlink("x2");

	/* Links. */
	printf("T:link=%s\n", err(link("r2", "l2")));
	stat("r2", &st);
	printf("T:link-nlink=%lu\n", (unsigned long)st.st_nlink);
	fd = open("l2", O_WRONLY | O_APPEND);
	write(fd, "+", 1);
	close(fd);
	show_file("link-shared", "r2");
	unlink("l2");
	stat("r2", &st);
	printf("T:unlink-nlink=%lu\n", (unsigned long)st.st_nlink);
	printf("T:link-dir=%s\n", err(link("e", "e2")));

	/* Symlinks: the text as written; followed in the caller's tree. */
	printf("T:symlink=%s\n", err(symlink("e/../r2", "s")));
	{
		ssize_t n = readlink("s", buf, sizeof(buf));

		printf("T:readlink=%.*s\n", (int)(n < 0 ? 0 : n), buf);
	}
	lstat("s", &st);
	printf("T:symlink-lstat=%o size=%lld\n", st.st_mode & S_IFMT, (long long)st.st_size);
	show_file("symlink-follow", "s");
	symlink("dangling-target", "s2");
	printf("T:dangling=%s\n", err(open("s2", O_RDONLY)));
	printf("T:nofollow=%s\n", err(open("s", O_RDONLY | O_NOFOLLOW)));
	printf("T:symlink-exists=%s\n", err(symlink("x", "s")));

	/* An open file outlives its name. */
	put_file("gone", "still here");
	fd = open("gone", O_RDONLY);
	printf("T:unlink=%s\n", err(unlink("gone")));
	fstat(fd, &st);
	printf("T:unlinked-nlink=%lu\n", (unsigned long)st.st_nlink);
	memset(buf, 0, 16);
	n = read(fd, buf, 10);
	printf("T:unlinked-read=%zd %.10s\n", n, buf);
	close(fd);
	printf("T:unlinked-gone=%s\n", err(access("gone", F_OK)));

	/* A FIFO: the node is on the host, the pipe is the kernel's own. */
	printf("T:mkfifo=%s\n", err(mkfifo("p", 0644)));
	fd = open("p", O_RDWR | O_NONBLOCK);
	printf("T:fifo-open=%s\n", err(fd));
	write(fd, "pipe", 4);
	memset(buf, 0, 8);
	n = read(fd, buf, 8);
	printf("T:fifo-read=%zd %.4s\n", n, buf);
	close(fd);

	/* Listing, with d_type. */
	list("list", ".");
	list("list-e", "e");

	/* mmap: a private mapping reads the file and keeps its writes to itself. */
	put_file("map", "mapped bytes");
	fd = open("map", O_RDWR);
	{
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

		if (p == MAP_FAILED) {
			printf("T:mmap-private=%s\n", err(-1));
		} else {
			printf("T:mmap-private=%.12s\n", p);
			p[0] = 'M';
			munmap(p, 4096);
		}
	}
	show_file("mmap-private-file", "map");
	/* A shared read-only mapping shows the file. */
	{
		char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED) {
			printf("T:mmap-shared-ro=%s\n", err(-1));
		} else {
			printf("T:mmap-shared-ro=%.12s\n", p);
			munmap(p, 4096);
		}
	}
	close(fd);

	/* A shared writable mapping: its writes are the file's at once, for read() and mappings. */
	put_file("shm", "0123456789");
	fd = open("shm", O_RDWR);
	{
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		char *q = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED || q == MAP_FAILED) {
			printf("T:mmap-shared=%s\n", err(-1));
		} else {
			memcpy(p + 2, "AB", 2);
			memset(buf, 0, 16);
			n = pread(fd, buf, 16, 0);
			printf("T:mmap-shared-pread=%zd %.10s\n", n, buf);
			printf("T:mmap-shared-other=%.10s\n", q);
			pwrite(fd, "Z", 1, 5);
			printf("T:mmap-shared-sees-write=%c%c\n", p[5], q[5]);
			printf("T:mmap-shared-msync=%s\n", err(msync(p, 4096, MS_SYNC)));
			p[9] = '!';
			munmap(p, 4096);
			munmap(q, 4096);
		}
	}
	close(fd);
	show_file("mmap-shared-file", "shm");
	printf("T:msync-unmapped=%s\n", err(msync((void *)0x10000, 4096, MS_SYNC)));
	printf("T:msync-flags=%s\n", err(msync((void *)0x10000, 4096, MS_SYNC | MS_ASYNC)));

	/* A bigger file, in 64 KiB writes, read back whole. */
	{
		static unsigned char big[3 << 20];
		uint32_t x = 12345, sum = 0;
		ssize_t done = 0;

		for (size_t i = 0; i < sizeof(big); i++) {
			x = x * 1103515245 + 12345;
			big[i] = (unsigned char)(x >> 16);
		}
		fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
		for (size_t off = 0; off < sizeof(big); off += 65536)
			done += write(fd, big + off, 65536);
		printf("T:big-write=%zd\n", done);
		r = fsync(fd);
	printf("T:fsync=%s", err(r));
	r = fdatasync(fd);
	printf(" fdatasync=%s\n", err(r));
		memset(big, 0, sizeof(big));
		lseek(fd, 0, SEEK_SET);
		done = 0;
		while ((n = read(fd, big + done, sizeof(big) - done)) > 0)
			done += n;
		for (size_t i = 0; i < sizeof(big); i++)
			sum = sum * 31 + big[i];
		printf("T:big-read=%zd sum=%08x\n", done, sum);
		close(fd);
	}

	/* The cwd is an object: renaming it (or a parent) keeps it. */
	mkdir("c1", 0755);
	mkdir("c1/c2", 0755);
	fd2 = open(".", O_RDONLY | O_DIRECTORY);
	chdir("c1/c2");
	printf("T:rename-cwd-parent=%s\n", err(renameat(fd2, "c1", fd2, "c9")));
	put_file("here", "in c2");
	fchdir(fd2);
	close(fd2);
	show_file("cwd-renamed", "c9/c2/here");

	{
		struct statfs sf;

		printf("T:statfs=%s\n", err(statfs(".", &sf)));
	}
	printf("T:end=hostfs\n");
	return 0;
}
