/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI and wire format: ARP (<linux/if_arp.h>): hardware types, the
 * fixed ARP header, and struct arpreq for SIOC[SGD]ARP.
 */
#ifndef UAPI_IF_ARP_H
#define UAPI_IF_ARP_H

#include <stdint.h>
#include "uapi/socket.h"

/* ARP hardware types (also ifi_type / sll_hatype / SIOCGIFHWADDR family). */
#define ARPHRD_NETROM	0
#define ARPHRD_ETHER	1
#define ARPHRD_EETHER	2
#define ARPHRD_IEEE802	6
#define ARPHRD_SLIP	256
#define ARPHRD_PPP	512
#define ARPHRD_TUNNEL	768
#define ARPHRD_LOOPBACK	772
#define ARPHRD_SIT	776
#define ARPHRD_IPGRE	778
#define ARPHRD_NONE	0xFFFE
#define ARPHRD_VOID	0xFFFF

/* ARP opcodes. */
#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2
#define ARPOP_RREQUEST	3
#define ARPOP_RREPLY	4
#define ARPOP_InREQUEST	8
#define ARPOP_InREPLY	9
#define ARPOP_NAK	10

/* The fixed part; addresses follow (ar_hln + ar_pln + ar_hln + ar_pln). */
struct arphdr {
	uint16_t ar_hrd;	/* hardware type, network order */
	uint16_t ar_pro;	/* protocol (an EtherType), network order */
	unsigned char ar_hln;	/* hardware address length */
	unsigned char ar_pln;	/* protocol address length */
	uint16_t ar_op;		/* ARPOP_*, network order */
};

/* SIOCSARP / SIOCGARP / SIOCDARP argument. */
struct arpreq {
	struct sockaddr arp_pa;		/* protocol address (sockaddr_in) */
	struct sockaddr arp_ha;		/* hardware address */
	int arp_flags;			/* ATF_* */
	struct sockaddr arp_netmask;
	char arp_dev[16];
};

#define ATF_COM		0x02	/* completed entry (ha valid) */
#define ATF_PERM	0x04	/* permanent entry */
#define ATF_PUBL	0x08	/* publish (proxy) entry */
#define ATF_USETRAILERS	0x10
#define ATF_NETMASK	0x20	/* use the netmask (proxy only) */
#define ATF_DONTPUB	0x40

#endif /* UAPI_IF_ARP_H */
