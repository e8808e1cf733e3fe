// SPDX-License-Identifier: GPL-2.0-only
/*
 * blkioctl DEVICE: the block ioctls on an 8 MiB writable disk whose bytes
 * are not zero: sizes and limits, BLKDISCARD and BLKZEROOUT (their checks,
 * and that the range reads back as zeros while its neighbours keep their
 * bytes), EBADF without write access, BLKROSET/BLKROGET and the EPERM a
 * write then gets, BLKFLSBUF, fsync. One "T:<check>=<result>" line each;
 * progs/blkioctl.out holds what Linux 6.1 prints (a loop device on the
 * host) and umk must print the same on a ubd disk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/blkzoned.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char *
res(int r)
{
	static char buf[64];

	if (r == 0)
		return "0";
	snprintf(buf, sizeof(buf), "%s", strerrorname_np(errno));
	return buf;
}

/* zeros: the n bytes at off are all zero (1), not (0), or the read failed (-1). */
static int
zeros(int fd, off_t off, size_t n)
{
	char buf[65536];

	if (n > sizeof(buf) || pread(fd, buf, n, off) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (buf[i])
			return 0;
	return 1;
}

static int
range(int fd, unsigned long cmd, uint64_t start, uint64_t len)
{
	uint64_t r[2] = { start, len };

	return ioctl(fd, cmd, r);
}

int
main(int argc, char **argv)
{
	uint64_t size64 = 0;
	unsigned long sectors = 0;
	int fd, rfd, ssz = 0, ro = -1, alignoff = -1;
	unsigned int pbsz = 0, iomin = 0, ioopt = 1, dz = 9, zones = 7;
	char b[512];
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: blkioctl DEVICE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	rfd = open(argv[1], O_RDONLY);
	if (fd < 0 || rfd < 0) {
		perror(argv[1]);
		return 1;
	}
	r = ioctl(fd, BLKGETSIZE64, &size64);
	printf("T:getsize64=%s %llu\n", res(r), (unsigned long long)size64);
	r = ioctl(fd, BLKGETSIZE, &sectors);
	printf("T:getsize=%s %lu\n", res(r), sectors);
	r = ioctl(fd, BLKSSZGET, &ssz);
	printf("T:sszget=%s %d\n", res(r), ssz);
	r = ioctl(fd, BLKPBSZGET, &pbsz);
	printf("T:pbszget=%s %u\n", res(r), pbsz);
	r = ioctl(fd, BLKIOMIN, &iomin);
	printf("T:iomin=%s %u\n", res(r), iomin);
	r = ioctl(fd, BLKIOOPT, &ioopt);
	printf("T:ioopt=%s %u\n", res(r), ioopt);
	r = ioctl(fd, BLKALIGNOFF, &alignoff);
	printf("T:alignoff=%s %d\n", res(r), alignoff);
	r = ioctl(fd, BLKDISCARDZEROES, &dz);
	printf("T:discardzeroes=%s %u\n", res(r), dz);
	r = ioctl(fd, BLKROGET, &ro);
	printf("T:roget=%s %d\n", res(r), ro);
	r = ioctl(fd, BLKGETZONESZ, &zones);
	printf("T:zonesz=%s %u\n", res(r), zones);
	zones = 7;
	r = ioctl(fd, BLKGETNRZONES, &zones);
	printf("T:nrzones=%s %u\n", res(r), zones);
	printf("T:unknown-ioctl=%s\n", res(ioctl(fd, _IO(0x12, 200), 0)));

	printf("T:before-zeros=%d\n", zeros(fd, 65536, 8192));
	printf("T:discard-unaligned-start=%s\n", res(range(fd, BLKDISCARD, 100, 4096)));
	printf("T:discard-unaligned-len=%s\n", res(range(fd, BLKDISCARD, 4096, 100)));
	printf("T:discard-past-end=%s\n", res(range(fd, BLKDISCARD, size64 - 4096, 8192)));
	printf("T:discard-readonly-fd=%s\n", res(range(rfd, BLKDISCARD, 65536, 4096)));
	printf("T:discard=%s\n", res(range(fd, BLKDISCARD, 65536, 8192)));
	printf("T:discard-zeros=%d\n", zeros(fd, 65536, 8192));
	printf("T:discard-before-kept=%d\n", zeros(fd, 65536 - 512, 512));
	printf("T:discard-after-kept=%d\n", zeros(fd, 65536 + 8192, 512));
	printf("T:zeroout-unaligned=%s\n", res(range(fd, BLKZEROOUT, 1000, 4096)));
	printf("T:zeroout-past-end=%s\n", res(range(fd, BLKZEROOUT, size64 - 512, 1024)));
	printf("T:zeroout-empty=%s\n", res(range(fd, BLKZEROOUT, 4096, 0)));
	printf("T:zeroout-readonly-fd=%s\n", res(range(rfd, BLKZEROOUT, 4096, 512)));
	printf("T:zeroout=%s\n", res(range(fd, BLKZEROOUT, 1024 * 1024 + 512, 1536)));
	printf("T:zeroout-zeros=%d\n", zeros(fd, 1024 * 1024 + 512, 1536));
	printf("T:zeroout-before-kept=%d\n", zeros(fd, 1024 * 1024, 512));
	printf("T:zeroout-after-kept=%d\n", zeros(fd, 1024 * 1024 + 2048, 512));

	ro = 1;
	printf("T:roset-1=%s\n", res(ioctl(fd, BLKROSET, &ro)));
	ro = -1;
	r = ioctl(fd, BLKROGET, &ro);
	printf("T:roget-after-set=%s %d\n", res(r), ro);
	memset(b, 'x', sizeof(b));
	printf("T:write-when-ro=%s\n",
	       pwrite(fd, b, sizeof(b), 0) < 0 ? strerrorname_np(errno) : "written");
	errno = 0;
	printf("T:open-rw-when-ro=%s\n", open(argv[1], O_RDWR) < 0 ? strerrorname_np(errno) : "0");
	ro = 0;
	printf("T:roset-0=%s\n", res(ioctl(fd, BLKROSET, &ro)));
	printf("T:write-after-rw=%s\n",
	       pwrite(fd, b, sizeof(b), 0) == sizeof(b) ? "0" : strerrorname_np(errno));
	printf("T:write-past-end=%s\n",
	       pwrite(fd, b, sizeof(b), (off_t)size64) < 0 ? strerrorname_np(errno) : "written");
	printf("T:read-past-end=%zd\n", pread(fd, b, sizeof(b), (off_t)size64));
	printf("T:flsbuf=%s\n", res(ioctl(fd, BLKFLSBUF, 0)));
	printf("T:fsync=%s\n", res(fsync(fd)));
	printf("T:fdatasync=%s\n", res(fdatasync(fd)));
	printf("T:lseek-end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
	return 0;
}
