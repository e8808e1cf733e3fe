// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a read-write filesystem must do, checked the same way on the host
 * (an ext4 scratch directory) and in the guest (umk's ext4 root):
 * create, O_APPEND, holes, truncate both ways, hard and symbolic links
 * (fast and slow), mkdir/rmdir, mknod, rename with RENAME_NOREPLACE and
 * RENAME_EXCHANGE, fallocate (mode 0, KEEP_SIZE, PUNCH_HOLE), extended
 * attributes, chmod/chown/utimensat, statfs, MAP_SHARED writes with
 * msync, an unlinked open file, fsync/fdatasync/syncfs.
 *
 *   ext4rw DIR    prints one "T:<check>=<result>" line per check and
 *                 leaves DIR/keep, a tree whose content the boot test
 *                 compares with the host's (debugfs rdump after halt).
 *
 * Results are shaped to be the same on any ext4: sizes in bytes, block
 * counts only compared with each other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <linux/falloc.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static char path_buf[8][512];
static int path_n;
static const char *dir;

/* P makes DIR/name (a few live at once). */
static const char *
P(const char *name)
{
	char *p = path_buf[path_n++ % 8];

	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static const char *
err_of(long r)
{
	static char buf[32];

	if (r >= 0) {
		snprintf(buf, sizeof(buf), "%ld", r);
		return buf;
	}
	switch (errno) {
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EINVAL: return "EINVAL";
	case ENODATA: return "ENODATA";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ERANGE: return "ERANGE";
	case EISDIR: return "EISDIR";
	case ENOTDIR: return "ENOTDIR";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	default:
		snprintf(buf, sizeof(buf), "errno%d", errno);
		return buf;
	}
}

#define T(name, fmt, ...) printf("T:" name "=" fmt "\n", ##__VA_ARGS__)

static void
fill(char *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (char)(seed >> 16);
	}
}

static int
write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd))
		return -1;
	return 0;
}

static long
file_size(const char *path)
{
	struct stat st;

	return lstat(path, &st) ? -1 : (long)st.st_size;
}

static int
all_zero(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i])
			return 0;
	return 1;
}

static void
test_create_append(void)
{
	char buf[64] = { 0 };
	struct stat st;
	int fd = open(P("keep/a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0666);

	T("create", "%s", fd >= 0 ? "ok" : err_of(-1));
	T("write", "%zd", write(fd, "hello\n", 6));
	close(fd);
	T("create-excl-again", "%s", err_of(open(P("keep/a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0666)));
	fd = open(P("keep/a.txt"), O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	T("append", "%zd", write(fd, "world\n", 6));
	fstat(fd, &st);
	T("append-size", "%ld", (long)st.st_size);
	T("mode", "%o", st.st_mode);
	close(fd);
	fd = open(P("keep/a.txt"), O_RDONLY);
	T("read", "%zd", read(fd, buf, sizeof(buf)));
	T("content", "%s", strcmp(buf, "hello\nworld\n") ? "wrong" : "hello-world");
	close(fd);
}

static void
test_holes_truncate(void)
{
	char *buf = malloc(1 << 20);
	struct stat st;
	int fd = open(P("keep/holes"), O_CREAT | O_RDWR, 0644);

	T("hole-pwrite", "%zd", pwrite(fd, "end", 3, 5 << 20));
	T("hole-pwrite-mid", "%zd", pwrite(fd, "mid", 3, 12345));
	fstat(fd, &st);
	T("hole-size", "%ld", (long)st.st_size);
	T("hole-sparse", "%s", st.st_blocks * 512 < 1 << 20 ? "yes" : "no");
	T("hole-read", "%zd", pread(fd, buf, 1 << 20, 1 << 20));
	T("hole-zeros", "%d", all_zero(buf, 1 << 20));
	T("truncate-down", "%d", ftruncate(fd, 12346));
	fstat(fd, &st);
	T("truncate-down-size", "%ld", (long)st.st_size);
	T("truncate-up", "%d", ftruncate(fd, 70000));
	memset(buf, 1, 70000);
	T("truncate-up-read", "%zd", pread(fd, buf, 70000, 0));
	T("truncate-kept", "%02x %02x", buf[12344] & 0xff, buf[12345] & 0xff);
	T("truncate-up-zeros", "%d", all_zero(buf + 12346, 70000 - 12346));
	T("truncate-path", "%d", truncate(P("keep/holes"), 80000));
	T("truncate-path-size", "%ld", file_size(P("keep/holes")));
	close(fd);
	free(buf);
}

static void
test_links(void)
{
	char target[300], got[400];
	struct stat st;
	ssize_t n;

	write_file(P("keep/linked"), "linked\n", 7);
	T("link", "%d", link(P("keep/linked"), P("keep/linked2")));
	stat(P("keep/linked"), &st);
	T("link-nlink", "%ld", (long)st.st_nlink);
	T("link-exists", "%s", err_of(link(P("keep/linked"), P("keep/linked2"))));
	T("symlink-fast", "%d", symlink("linked", P("keep/fast")));
	n = readlink(P("keep/fast"), got, sizeof(got));
	T("readlink-fast", "%.*s", (int)(n > 0 ? n : 0), got);
	memset(target, 'x', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	memcpy(target, "slow/", 5);
	T("symlink-slow", "%d", symlink(target, P("keep/slow")));
	n = readlink(P("keep/slow"), got, sizeof(got));
	T("readlink-slow", "%zd %s", n, n == 299 && !memcmp(got, target, 299) ? "same" : "differs");
	T("unlink", "%d", unlink(P("keep/linked")));
	stat(P("keep/linked2"), &st);
	T("unlink-nlink", "%ld", (long)st.st_nlink);
	T("unlink-again", "%s", err_of(unlink(P("keep/linked"))));
	T("unlink-dir", "%s", err_of(unlink(P("keep"))));
}

static void
test_dirs(void)
{
	struct stat st;

	T("mkdir", "%d", mkdir(P("keep/d"), 0755));
	T("mkdir-sub", "%d", mkdir(P("keep/d/sub"), 0700));
	stat(P("keep/d"), &st);
	T("mkdir-nlink", "%ld", (long)st.st_nlink);
	T("mkdir-exists", "%s", err_of(mkdir(P("keep/d"), 0755)));
	T("rmdir-notempty", "%s", err_of(rmdir(P("keep/d"))));
	T("rmdir", "%d", rmdir(P("keep/d/sub")));
	stat(P("keep/d"), &st);
	T("rmdir-nlink", "%ld", (long)st.st_nlink);
	T("rmdir-file", "%s", err_of(rmdir(P("keep/a.txt"))));
	T("mkdir-setgid", "%d", mkdir(P("keep/sg"), 0755) || chown(P("keep/sg"), 0, 42) ||
				    chmod(P("keep/sg"), 02755) || mkdir(P("keep/sg/in"), 0755));
	stat(P("keep/sg/in"), &st);
	T("setgid-inherit", "gid %d mode %o", (int)st.st_gid, st.st_mode);
}

static void
test_mknod(void)
{
	struct stat st;

	T("mknod-fifo", "%d", mknod(P("scratch/fifo"), S_IFIFO | 0600, 0));
	T("mknod-chr", "%d", mknod(P("scratch/null"), S_IFCHR | 0666, makedev(1, 3)));
	T("mknod-blk", "%d", mknod(P("scratch/blk"), S_IFBLK | 0600, makedev(98, 16)));
	T("mknod-sock", "%d", mknod(P("scratch/sock"), S_IFSOCK | 0600, 0));
	stat(P("scratch/fifo"), &st);
	T("fifo-type", "%s", S_ISFIFO(st.st_mode) ? "fifo" : "other");
	stat(P("scratch/null"), &st);
	T("chr-rdev", "%u:%u", major(st.st_rdev), minor(st.st_rdev));
	stat(P("scratch/blk"), &st);
	T("blk-rdev", "%u:%u", major(st.st_rdev), minor(st.st_rdev));
	stat(P("scratch/sock"), &st);
	T("sock-type", "%s", S_ISSOCK(st.st_mode) ? "sock" : "other");
	T("null-write", "%d", write_file(P("scratch/null"), "x", 1));
}

static long
rename2(const char *a, const char *b, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void
test_rename(void)
{
	struct stat st;

	write_file(P("keep/r1"), "one\n", 4);
	write_file(P("keep/r2"), "two\n", 4);
	mkdir(P("keep/rd"), 0755);
	write_file(P("keep/rd/inside"), "inside\n", 7);
	T("rename", "%d", rename(P("keep/r1"), P("keep/r1b")));
	T("rename-gone", "%s", err_of(stat(P("keep/r1"), &st)));
	T("rename-noreplace", "%s", err_of(rename2(P("keep/r1b"), P("keep/r2"), RENAME_NOREPLACE)));
	T("rename-noreplace-new", "%s", err_of(rename2(P("keep/r1b"), P("keep/r3"), RENAME_NOREPLACE)));
	T("rename-exchange", "%s", err_of(rename2(P("keep/r3"), P("keep/rd"), RENAME_EXCHANGE)));
	stat(P("keep/r3"), &st);
	T("exchange-r3-type", "%s", S_ISDIR(st.st_mode) ? "dir" : "file");
	T("exchange-rd-size", "%ld", file_size(P("keep/rd")));
	T("exchange-inside", "%ld", file_size(P("keep/r3/inside")));
	T("rename-exchange-missing", "%s", err_of(rename2(P("keep/r3"), P("keep/nope"), RENAME_EXCHANGE)));
	T("rename-exchange-noreplace", "%s",
	  err_of(rename2(P("keep/r3"), P("keep/rd"), RENAME_EXCHANGE | RENAME_NOREPLACE)));
	T("rename-replace", "%d", rename(P("keep/r2"), P("keep/rd")));
	T("rename-replaced-size", "%ld", file_size(P("keep/rd")));
	mkdir(P("keep/r3/deep"), 0755);
	T("rename-into-self", "%s", err_of(rename(P("keep/r3"), P("keep/r3/deep/x"))));
	mkdir(P("keep/empty"), 0755);
	T("rename-dir-over-empty", "%d", rename(P("keep/r3/deep"), P("keep/empty")));
	T("rename-dir-over-file", "%s", err_of(rename(P("keep/empty"), P("keep/rd"))));
	T("rename-dir-over-nonempty", "%s", err_of(rename(P("keep/empty"), P("keep/r3"))));
}

static void
test_fallocate(void)
{
	struct stat st;
	char buf[8192];
	long b0, b1;
	int fd = open(P("keep/falloc"), O_CREAT | O_RDWR, 0644);

	T("falloc-0", "%d", fallocate(fd, 0, 0, 65536));
	fstat(fd, &st);
	T("falloc-0-size", "%ld", (long)st.st_size);
	b0 = st.st_blocks;
	T("falloc-keep", "%d", fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 65536));
	fstat(fd, &st);
	b1 = st.st_blocks;
	T("falloc-keep-size", "%ld", (long)st.st_size);
	T("falloc-keep-blocks-grew", "%s", b1 > b0 ? "yes" : "no");
	T("falloc-read", "%zd", pread(fd, buf, sizeof(buf), 0));
	T("falloc-read-zeros", "%d", all_zero(buf, sizeof(buf)));
	memset(buf, 'z', sizeof(buf));
	T("falloc-write", "%zd", pwrite(fd, buf, sizeof(buf), 4096));
	T("punch", "%d", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096 + 100, 4096));
	fstat(fd, &st);
	T("punch-size", "%ld", (long)st.st_size);
	T("punch-read", "%zd", pread(fd, buf, sizeof(buf), 4096));
	T("punch-head", "%c%c", buf[0], buf[99]);
	T("punch-zeros", "%d", all_zero(buf + 100, 4096));
	T("punch-tail", "%c", buf[4096 + 100]);
	T("punch-no-keep", "%s", err_of(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096)));
	T("falloc-bad-len", "%s", err_of(fallocate(fd, 0, 0, 0)));
	T("punch-whole", "%d", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 131072));
	fstat(fd, &st);
	T("punch-whole-blocks", "%ld", (long)st.st_blocks);
	close(fd);
	fd = open(P("keep/falloc"), O_RDONLY);
	T("falloc-rdonly", "%s", err_of(fallocate(fd, 0, 0, 4096)));
	close(fd);
}

static void
test_xattr(void)
{
	char val[4000], got[4000], list[256];
	ssize_t n;

	write_file(P("keep/x"), "x\n", 2);
	T("setxattr", "%d", setxattr(P("keep/x"), "user.one", "v1", 2, 0));
	n = getxattr(P("keep/x"), "user.one", got, sizeof(got));
	T("getxattr", "%zd %.*s", n, (int)(n > 0 ? n : 0), got);
	T("getxattr-size", "%zd", getxattr(P("keep/x"), "user.one", NULL, 0));
	T("getxattr-small", "%s", err_of(getxattr(P("keep/x"), "user.one", got, 1)));
	T("setxattr-create", "%s", err_of(setxattr(P("keep/x"), "user.one", "v2", 2, XATTR_CREATE)));
	T("setxattr-replace", "%s", err_of(setxattr(P("keep/x"), "user.two", "v2", 2, XATTR_REPLACE)));
	fill(val, sizeof(val), 7);
	T("setxattr-big", "%s", err_of(setxattr(P("keep/x"), "user.big", val, 900, 0)));
	n = getxattr(P("keep/x"), "user.big", got, sizeof(got));
	T("getxattr-big", "%zd %s", n, n == 900 && !memcmp(got, val, 900) ? "same" : "differs");
	T("setxattr-trusted", "%d", setxattr(P("keep/x"), "trusted.t", "tt", 2, 0));
	n = listxattr(P("keep/x"), list, sizeof(list));
	{
		int one = 0, big = 0, t = 0;

		for (ssize_t i = 0; i < n; i += strlen(list + i) + 1) {
			one |= !strcmp(list + i, "user.one");
			big |= !strcmp(list + i, "user.big");
			t |= !strcmp(list + i, "trusted.t");
		}
		T("listxattr", "%d%d%d", one, big, t);
	}
	T("removexattr", "%d", removexattr(P("keep/x"), "user.one"));
	T("getxattr-removed", "%s", err_of(getxattr(P("keep/x"), "user.one", got, sizeof(got))));
	T("removexattr-again", "%s", err_of(removexattr(P("keep/x"), "user.one")));
	T("setxattr-badns", "%s", err_of(setxattr(P("keep/x"), "bogus.x", "v", 1, 0)));
	T("setxattr-badflags", "%s", err_of(setxattr(P("keep/x"), "user.q", "v", 1, 4)));
	T("setxattr-emptyname", "%s", err_of(setxattr(P("keep/x"), "", "v", 1, 0)));
	T("lsetxattr-symlink", "%s", err_of(lsetxattr(P("keep/fast"), "user.s", "v", 1, 0)));
	T("lgetxattr-symlink", "%s", err_of(lgetxattr(P("keep/fast"), "user.s", got, 10)));
	{
		int fd = open(P("keep/x"), O_RDONLY);

		T("fsetxattr", "%d", fsetxattr(fd, "user.f", "fv", 2, 0));
		T("fgetxattr", "%zd", fgetxattr(fd, "user.f", got, sizeof(got)));
		T("fremovexattr", "%d", fremovexattr(fd, "user.f"));
		close(fd);
	}
	mkdir(P("keep/xd"), 0755);
	T("setxattr-dir", "%d", setxattr(P("keep/xd"), "user.d", "dv", 2, 0));
}

static void
test_attrs(void)
{
	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1200000000, 987654321 } };
	struct stat st;

	T("chmod", "%d", chmod(P("keep/a.txt"), 0640));
	T("chown", "%d", chown(P("keep/a.txt"), 1234, 5678));
	T("utimensat", "%d", utimensat(AT_FDCWD, P("keep/a.txt"), ts, 0));
	stat(P("keep/a.txt"), &st);
	T("attrs", "%o %d %d %ld.%09ld %ld.%09ld", st.st_mode, (int)st.st_uid, (int)st.st_gid,
	  (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	T("lchown-symlink", "%d", lchown(P("keep/fast"), 77, 88));
	lstat(P("keep/fast"), &st);
	T("lchown-owner", "%d %d", (int)st.st_uid, (int)st.st_gid);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 1300000000;
	ts[1].tv_nsec = 0;
	T("utimensat-omit", "%d", utimensat(AT_FDCWD, P("keep/a.txt"), ts, 0));
	stat(P("keep/a.txt"), &st);
	T("utimensat-omit-times", "%ld %ld", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
}

static void
test_mmap(void)
{
	char *m, buf[3 * 4096];
	int ok = 1, fd = open(P("keep/mapped"), O_CREAT | O_RDWR, 0644);

	T("mmap-ftruncate", "%d", ftruncate(fd, 3 * 4096 - 100));
	m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T("mmap", "%s", m == MAP_FAILED ? "failed" : "ok");
	if (m == MAP_FAILED)
		return;
	T("mmap-read-zero", "%d", m[5000]);
	fill(m, 3 * 4096 - 100, 3);
	T("msync", "%d", msync(m, 3 * 4096, MS_SYNC));
	T("pread-mapped", "%zd", pread(fd, buf, sizeof(buf), 0));
	{
		char want[3 * 4096];

		fill(want, 3 * 4096 - 100, 3);
		ok = !memcmp(buf, want, 3 * 4096 - 100);
	}
	T("mmap-data-seen", "%d", ok);
	/* A write() is seen through the mapping. */
	T("pwrite-over-map", "%zd", pwrite(fd, "WRITE", 5, 100));
	T("map-sees-write", "%.5s", m + 100);
	T("munmap", "%d", munmap(m, 3 * 4096));
	T("msync-unmapped", "%s", err_of(msync(m, 4096, MS_SYNC)));
	T("msync-badflags", "%s", err_of(msync(m, 4096, MS_SYNC | MS_ASYNC)));
	close(fd);
}

static void
test_unlinked_open(void)
{
	struct stat st;
	char buf[16] = { 0 };
	int fd = open(P("scratch/ghost"), O_CREAT | O_RDWR, 0644);

	T("ghost-write", "%zd", write(fd, "boo", 3));
	T("ghost-unlink", "%d", unlink(P("scratch/ghost")));
	T("ghost-write2", "%zd", write(fd, "!", 1));
	fstat(fd, &st);
	T("ghost-nlink", "%ld %ld", (long)st.st_nlink, (long)st.st_size);
	T("ghost-read", "%zd %s", pread(fd, buf, sizeof(buf), 0), buf);
	T("ghost-close", "%d", close(fd));
}

static void
test_statfs_sync(void)
{
	struct statfs a, b;
	char *buf = malloc(1 << 20);
	int fd;

	fill(buf, 1 << 20, 11);
	fd = open(P("keep/mega"), O_CREAT | O_WRONLY, 0644);
	fsync(fd);
	statfs(dir, &a);
	T("write-mega", "%zd", write(fd, buf, 1 << 20));
	T("fsync", "%d", fsync(fd));
	T("fdatasync", "%d", fdatasync(fd));
	T("syncfs", "%d", syncfs(fd));
	statfs(dir, &b);
	/* (Not the free count's change: the host's other users move it.) */
	T("statfs-sane", "%s", b.f_bfree <= b.f_blocks && b.f_bavail <= b.f_bfree &&
				     b.f_files >= b.f_ffree && b.f_bsize >= 1024 ? "yes" : "no");
	T("statfs-namelen", "%ld", (long)a.f_namelen);
	{
		struct stat st;

		fstat(fd, &st);
		T("mega-blocks", "%s", st.st_blocks * 512 >= 1 << 20 ? "allocated" : "missing");
	}
	close(fd);
	sync();
	T("sync", "done");
	free(buf);
}

/* A directory of many entries (an htree one on ext4), half removed. */
static void
test_bigdir(void)
{
	char name[64];
	int made = 0, gone = 0;

	mkdir(P("keep/big"), 0755);
	for (int i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "keep/big/entry-with-a-long-name-%04d", i);
		made += write_file(P(name), name, strlen(name)) == 0;
	}
	for (int i = 0; i < 600; i += 2) {
		snprintf(name, sizeof(name), "keep/big/entry-with-a-long-name-%04d", i);
		gone += unlink(P(name)) == 0;
	}
	T("bigdir", "%d %d", made, gone);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ext4rw DIR\n");
		return 2;
	}
	dir = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	if (mkdir(P("keep"), 0755) || mkdir(P("scratch"), 0755)) {
		perror("mkdir");
		return 1;
	}
	test_create_append();
	test_holes_truncate();
	test_links();
	test_dirs();
	test_mknod();
	test_rename();
	test_fallocate();
	test_xattr();
	test_attrs();
	test_mmap();
	test_unlinked_open();
	test_statfs_sync();
	test_bigdir();
	T("end", "ext4rw");
	return 0;
}
