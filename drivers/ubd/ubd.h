/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ubd block driver's two halves: ubd_user.c opens the host files (COW
 * file and backing file, creating the COW when missing, checking the
 * backing file as UML does); ubd_kern.c presents them as /dev/ubd<x> and
 * routes each sector to the COW file or the backing file by the bitmap.
 */
#ifndef DRIVERS_UBD_H
#define DRIVERS_UBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cow.h"

struct ubd_host {
	int fd;			/* the COW file, or the plain image */
	int backing_fd;		/* -1 without a COW file */
	bool cow;
	bool ro;
	uint64_t size;		/* device size in bytes */
	struct cow_info info;	/* valid when cow */
	uint8_t *bitmap;	/* cow_bitmap_bytes(&info) bytes */
};

/*
 * ubd_user_open opens device n as given on the command line: file (COW or
 * plain image) and optional backing file. On failure it returns -errno and
 * writes one line for the user into msg.
 */
int ubd_user_open(int n, const char *file, const char *backing, bool ro, bool no_cow,
		  bool shared, bool sync, struct ubd_host *out, char *msg, size_t msglen);
/*
 * ubd_user_punch makes len bytes at off of fd a hole (reads give zeros,
 * the host frees the space); ubd_user_zero_range zeroes them, keeping or
 * not keeping the space as the host filesystem can. -EOPNOTSUPP if the
 * host filesystem can do neither; 0 or -errno.
 */
int ubd_user_punch(int fd, uint64_t off, uint64_t len);
int ubd_user_zero_range(int fd, uint64_t off, uint64_t len);
/* ubd_user_close closes the host files. */
void ubd_user_close(struct ubd_host *h);

#endif /* DRIVERS_UBD_H */
