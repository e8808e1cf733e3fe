/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: RTM_*NEIGH messages, their attributes, and the neighbour
 * (ARP / NDISC) states as Linux numbers them (<linux/neighbour.h>).
 */
#ifndef UAPI_NEIGHBOUR_H
#define UAPI_NEIGHBOUR_H

#include <stdint.h>

struct ndmsg {
	uint8_t ndm_family;
	uint8_t ndm_pad1;
	uint16_t ndm_pad2;
	int32_t ndm_ifindex;
	uint16_t ndm_state;	/* NUD_* */
	uint8_t ndm_flags;	/* NTF_* */
	uint8_t ndm_type;	/* RTN_* */
};

enum {
	NDA_UNSPEC,
	NDA_DST,
	NDA_LLADDR,
	NDA_CACHEINFO,
	NDA_PROBES,
	NDA_VLAN,
	NDA_PORT,
	NDA_VNI,
	NDA_IFINDEX,
	NDA_MASTER,
	NDA_LINK_NETNSID,
	NDA_SRC_VNI,
	NDA_PROTOCOL,
	NDA_NH_ID,
	NDA_FDB_EXT_ATTRS,
	NDA_FLAGS_EXT,
	NDA_NDM_STATE_MASK,
	NDA_NDM_FLAGS_MASK,
	__NDA_MAX
};
#define NDA_MAX (__NDA_MAX - 1)

#define NTF_USE		(1 << 0)
#define NTF_SELF	(1 << 1)
#define NTF_MASTER	(1 << 2)
#define NTF_PROXY	(1 << 3)
#define NTF_EXT_LEARNED	(1 << 4)
#define NTF_OFFLOADED	(1 << 5)
#define NTF_STICKY	(1 << 6)
#define NTF_ROUTER	(1 << 7)

/* Neighbour Unreachability Detection states: one bit each. */
#define NUD_INCOMPLETE	0x01
#define NUD_REACHABLE	0x02
#define NUD_STALE	0x04
#define NUD_DELAY	0x08
#define NUD_PROBE	0x10
#define NUD_FAILED	0x20
#define NUD_NOARP	0x40
#define NUD_PERMANENT	0x80
#define NUD_NONE	0x00

struct nda_cacheinfo {
	uint32_t ndm_confirmed;	/* clock ticks (USER_HZ) ago */
	uint32_t ndm_used;
	uint32_t ndm_updated;
	uint32_t ndm_refcnt;
};

#endif /* UAPI_NEIGHBOUR_H */
