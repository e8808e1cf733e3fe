/* SPDX-License-Identifier: GPL-2.0-only */
/* Wire format and SOL_UDP options: UDP (<linux/udp.h>). */
#ifndef UAPI_UDP_H
#define UAPI_UDP_H

#include <stdint.h>

struct udphdr {
	uint16_t source;	/* all network order */
	uint16_t dest;
	uint16_t len;		/* header and payload */
	uint16_t check;		/* 0: none (IPv4 only) */
};

#define UDP_CORK		1
#define UDP_ENCAP		100
#define UDP_NO_CHECK6_TX	101
#define UDP_NO_CHECK6_RX	102
#define UDP_SEGMENT		103
#define UDP_GRO			104

#endif /* UAPI_UDP_H */
