/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI of loop devices (/dev/loop-control, /dev/loopN): the ioctl
 * numbers, status flags and the two structures losetup and mount pass,
 * as x86_64 Linux 6.1 has them (sizes 232 and 304, checked against the
 * host's <linux/loop.h>).
 */
#ifndef UAPI_LOOP_H
#define UAPI_LOOP_H

#include <stdint.h>

#define LO_NAME_SIZE	64
#define LO_KEY_SIZE	32

#define LO_FLAGS_READ_ONLY	1
#define LO_FLAGS_AUTOCLEAR	4
#define LO_FLAGS_PARTSCAN	8
#define LO_FLAGS_DIRECT_IO	16

struct loop_info64 {
	uint64_t lo_device;		/* read only: the backing file's st_dev */
	uint64_t lo_inode;		/* read only */
	uint64_t lo_rdevice;		/* read only */
	uint64_t lo_offset;
	uint64_t lo_sizelimit;		/* bytes, 0 == all there is */
	uint32_t lo_number;		/* read only */
	uint32_t lo_encrypt_type;	/* obsolete, ignored */
	uint32_t lo_encrypt_key_size;	/* write only */
	uint32_t lo_flags;
	uint8_t lo_file_name[LO_NAME_SIZE];
	uint8_t lo_crypt_name[LO_NAME_SIZE];
	uint8_t lo_encrypt_key[LO_KEY_SIZE];	/* write only */
	uint64_t lo_init[2];
};

struct loop_config {
	uint32_t fd;
	uint32_t block_size;
	struct loop_info64 info;
	uint64_t reserved[8];
};

#define LOOP_SET_FD		0x4C00
#define LOOP_CLR_FD		0x4C01
#define LOOP_SET_STATUS		0x4C02
#define LOOP_GET_STATUS		0x4C03
#define LOOP_SET_STATUS64	0x4C04
#define LOOP_GET_STATUS64	0x4C05
#define LOOP_CHANGE_FD		0x4C06
#define LOOP_SET_CAPACITY	0x4C07
#define LOOP_SET_DIRECT_IO	0x4C08
#define LOOP_SET_BLOCK_SIZE	0x4C09
#define LOOP_CONFIGURE		0x4C0A

#define LOOP_CTL_ADD		0x4C80
#define LOOP_CTL_REMOVE		0x4C81
#define LOOP_CTL_GET_FREE	0x4C82

#endif /* UAPI_LOOP_H */
