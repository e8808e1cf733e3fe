// SPDX-License-Identifier: GPL-2.0-only
/* blkgeo DEVICE: HDIO_GETGEO's heads, sectors, cylinders and start, or the error's name. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/hdreg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

int
main(int argc, char **argv)
{
	struct hd_geometry g;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: blkgeo DEVICE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || ioctl(fd, HDIO_GETGEO, &g) < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("%u %u %u %lu\n", g.heads, g.sectors, g.cylinders, g.start);
	return 0;
}
