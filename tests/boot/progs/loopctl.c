// SPDX-License-Identifier: GPL-2.0-only
/*
 * loopctl FILE: the LOOP_* ioctls' checks on a loop device losetup would
 * pick (LOOP_CTL_GET_FREE), over FILE (1 MiB or more): errors on an
 * unbound device, binding (SET_FD, twice, a directory), status (offset,
 * size limit, name, flags: which ones stick), capacity, read-only when the
 * file was opened read-only, CLR_FD, and loop-control's ADD and REMOVE.
 * One "T:<check>=<result>" line each; progs/loopctl.out is what Linux 6.1
 * prints, run natively as root, and umk must print the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char *
res(long r)
{
	static char buf[64];

	if (r >= 0)
		return "ok";
	snprintf(buf, sizeof(buf), "%s", strerrorname_np(errno));
	return buf;
}

static uint64_t
size_of(int fd)
{
	uint64_t s = 0;

	ioctl(fd, BLKGETSIZE64, &s);
	return s;
}

int
main(int argc, char **argv)
{
	char dev[64];
	struct loop_info64 info;
	int ctl, n, fd, file, rofile, dir, fd2, ro;
	long r;

	if (argc != 2) {
		fprintf(stderr, "usage: loopctl FILE\n");
		return 2;
	}
	ctl = open("/dev/loop-control", O_RDWR);
	n = ctl < 0 ? -1 : ioctl(ctl, LOOP_CTL_GET_FREE);
	if (n < 0) {
		perror("loop-control");
		return 1;
	}
	snprintf(dev, sizeof(dev), "/dev/loop%d", n);
	fd = open(dev, O_RDWR);
	file = open(argv[1], O_RDWR);
	rofile = open(argv[1], O_RDONLY);
	dir = open("/", O_RDONLY | O_DIRECTORY);
	if (fd < 0 || file < 0 || rofile < 0 || dir < 0) {
		perror("open");
		return 1;
	}
	printf("T:unbound-size=%llu\n", (unsigned long long)size_of(fd));
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:unbound-get-status=%s\n", res(r));
	r = ioctl(fd, LOOP_CLR_FD, 0);
	printf("T:unbound-clr=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_CAPACITY, 0);
	printf("T:unbound-capacity=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_FD, dir);
	printf("T:set-fd-dir=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_FD, 9999);
	printf("T:set-fd-badf=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_FD, file);
	printf("T:set-fd=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_FD, file);
	printf("T:set-fd-again=%s\n", res(r));
	printf("T:bound-size=%llu\n", (unsigned long long)size_of(fd));
	r = ioctl(ctl, LOOP_CTL_ADD, n);
	printf("T:ctl-add-existing=%s\n", res(r));
	r = ioctl(ctl, LOOP_CTL_REMOVE, n);
	printf("T:ctl-remove-bound=%s\n", res(r));
	r = ioctl(ctl, LOOP_CTL_REMOVE, -1);
	printf("T:ctl-remove-negative=%s\n", res(r));
	memset(&info, 0, sizeof(info));
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:get-status=%s number-ok=%d offset=%llu sizelimit=%llu flags=%u name=[%s]\n",
	       res(r), info.lo_number == (unsigned)n, (unsigned long long)info.lo_offset,
	       (unsigned long long)info.lo_sizelimit, info.lo_flags, (char *)info.lo_file_name);
	memset(&info, 0, sizeof(info));
	info.lo_offset = 4096;
	info.lo_sizelimit = 65536 + 100;
	info.lo_flags = LO_FLAGS_AUTOCLEAR | LO_FLAGS_READ_ONLY | LO_FLAGS_DIRECT_IO;
	strcpy((char *)info.lo_file_name, "a-name");
	r = ioctl(fd, LOOP_SET_STATUS64, &info);
	printf("T:set-status=%s\n", res(r));
	printf("T:size-after-status=%llu\n", (unsigned long long)size_of(fd));
	memset(&info, 0, sizeof(info));
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:get-status-2=%s offset=%llu sizelimit=%llu flags=%u name=[%s]\n", res(r),
	       (unsigned long long)info.lo_offset, (unsigned long long)info.lo_sizelimit,
	       info.lo_flags, (char *)info.lo_file_name);
	info.lo_offset = (uint64_t)1 << 63;
	r = ioctl(fd, LOOP_SET_STATUS64, &info);
	printf("T:set-status-overflow=%s\n", res(r));
	info.lo_offset = 0;
	info.lo_sizelimit = 0;
	info.lo_flags = 0;
	r = ioctl(fd, LOOP_SET_STATUS64, &info);
	printf("T:set-status-clear=%s size=%llu\n", res(r), (unsigned long long)size_of(fd));
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:flags-after-clear=%u\n", info.lo_flags);
	ftruncate(file, 2 * 1024 * 1024);
	printf("T:size-before-capacity=%llu\n", (unsigned long long)size_of(fd));
	r = ioctl(fd, LOOP_SET_CAPACITY, 0);
	printf("T:capacity=%s size=%llu\n", res(r), (unsigned long long)size_of(fd));
	r = ioctl(fd, LOOP_SET_BLOCK_SIZE, 1000);
	printf("T:block-size-bad=%s\n", res(r));
	r = ioctl(fd, LOOP_SET_BLOCK_SIZE, 512);
	printf("T:block-size-512=%s\n", res(r));
	ro = -1;
	ioctl(fd, BLKROGET, &ro);
	printf("T:ro=%d\n", ro);
	/* another opener: CLR_FD then only marks it autoclear */
	fd2 = open(dev, O_RDONLY);
	r = ioctl(fd, LOOP_CLR_FD, 0);
	printf("T:clr-while-open=%s\n", res(r));
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:after-deferred-clr=%s flags=%u\n", res(r), info.lo_flags);
	close(fd2);
	close(fd);
	fd = open(dev, O_RDWR);
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:after-last-close=%s\n", res(r));
	/* a read-only file gives a read-only device */
	r = ioctl(fd, LOOP_SET_FD, rofile);
	ro = -1;
	ioctl(fd, BLKROGET, &ro);
	r = ioctl(fd, LOOP_GET_STATUS64, &info);
	printf("T:rofile=%s ro=%d flags=%u\n", res(r), ro, info.lo_flags);
	printf("T:write-ro=%s\n", res(pwrite(fd, "x", 1, 0)));
	r = ioctl(fd, LOOP_CLR_FD, 0);
	printf("T:clr=%s\n", res(r));
	close(fd);
	r = ioctl(ctl, LOOP_CTL_REMOVE, n);
	printf("T:ctl-remove=%s\n", res(r));
	r = ioctl(ctl, LOOP_CTL_REMOVE, n);
	printf("T:ctl-remove-again=%s\n", res(r));
	r = ioctl(ctl, LOOP_CTL_ADD, n);
	printf("T:ctl-add=%s same=%d\n", res(r), r == n);
	r = ioctl(ctl, 0x4C99, 0);
	printf("T:ctl-unknown=%s\n", res(r));
	return 0;
}
