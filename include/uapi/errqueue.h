/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: IP_RECVERR's error-queue record (<linux/errqueue.h>). */
#ifndef UAPI_ERRQUEUE_H
#define UAPI_ERRQUEUE_H

#include <stdint.h>

struct sock_extended_err {
	uint32_t ee_errno;
	uint8_t ee_origin;	/* SO_EE_ORIGIN_* */
	uint8_t ee_type;	/* ICMP type */
	uint8_t ee_code;	/* ICMP code */
	uint8_t ee_pad;
	uint32_t ee_info;	/* e.g. the MTU of ICMP_FRAG_NEEDED */
	uint32_t ee_data;
};

#define SO_EE_ORIGIN_NONE	0
#define SO_EE_ORIGIN_LOCAL	1
#define SO_EE_ORIGIN_ICMP	2
#define SO_EE_ORIGIN_ICMP6	3
#define SO_EE_ORIGIN_TXSTATUS	4
#define SO_EE_ORIGIN_ZEROCOPY	5
#define SO_EE_ORIGIN_TXTIME	6
#define SO_EE_ORIGIN_TIMESTAMPING SO_EE_ORIGIN_TXSTATUS

#endif /* UAPI_ERRQUEUE_H */
