/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: IPv4 addresses, sockaddr_in, IP protocol numbers and the
 * SOL_IP socket options (<linux/in.h>).
 */
#ifndef UAPI_IN_H
#define UAPI_IN_H

#include <stdint.h>
#include "uapi/socket.h"

/* IP protocol numbers (iph->protocol, socket(2)'s third argument). */
#define IPPROTO_IP		0
#define IPPROTO_HOPOPTS		0	/* IPv6 hop-by-hop options */
#define IPPROTO_ICMP		1
#define IPPROTO_IGMP		2
#define IPPROTO_IPIP		4
#define IPPROTO_TCP		6
#define IPPROTO_EGP		8
#define IPPROTO_PUP		12
#define IPPROTO_UDP		17
#define IPPROTO_IDP		22
#define IPPROTO_TP		29
#define IPPROTO_DCCP		33
#define IPPROTO_IPV6		41
#define IPPROTO_ROUTING		43	/* IPv6 routing header */
#define IPPROTO_FRAGMENT	44	/* IPv6 fragment header */
#define IPPROTO_RSVP		46
#define IPPROTO_GRE		47
#define IPPROTO_ESP		50
#define IPPROTO_AH		51
#define IPPROTO_ICMPV6		58
#define IPPROTO_NONE		59	/* IPv6: no next header */
#define IPPROTO_DSTOPTS		60	/* IPv6 destination options */
#define IPPROTO_MTP		92
#define IPPROTO_BEETPH		94
#define IPPROTO_ENCAP		98
#define IPPROTO_PIM		103
#define IPPROTO_COMP		108
#define IPPROTO_L2TP		115
#define IPPROTO_SCTP		132
#define IPPROTO_MH		135
#define IPPROTO_UDPLITE		136
#define IPPROTO_MPLS		137
#define IPPROTO_ETHERNET	143
#define IPPROTO_RAW		255
#define IPPROTO_MPTCP		262

struct in_addr {
	uint32_t s_addr;	/* network order */
};

struct sockaddr_in {
	sa_family_t sin_family;		/* AF_INET */
	uint16_t sin_port;		/* network order */
	struct in_addr sin_addr;
	unsigned char sin_zero[8];	/* pads to sizeof(struct sockaddr) */
};

/* Well-known addresses, HOST order (compare after ntohl). */
#define INADDR_ANY		0x00000000U
#define INADDR_BROADCAST	0xffffffffU
#define INADDR_NONE		0xffffffffU
#define INADDR_DUMMY		0xc0000008U
#define INADDR_LOOPBACK		0x7f000001U
#define IN_LOOPBACKNET		127
#define INADDR_UNSPEC_GROUP	0xe0000000U
#define INADDR_ALLHOSTS_GROUP	0xe0000001U
#define INADDR_ALLRTRS_GROUP	0xe0000002U
#define INADDR_ALLSNOOPERS_GROUP 0xe000006aU
#define INADDR_MAX_LOCAL_GROUP	0xe00000ffU

/* SOL_IP socket options. */
#define IP_TOS			1
#define IP_TTL			2
#define IP_HDRINCL		3
#define IP_OPTIONS		4
#define IP_ROUTER_ALERT		5
#define IP_RECVOPTS		6
#define IP_RETOPTS		7
#define IP_PKTINFO		8
#define IP_PKTOPTIONS		9
#define IP_MTU_DISCOVER		10
#define IP_RECVERR		11
#define IP_RECVTTL		12
#define IP_RECVTOS		13
#define IP_MTU			14
#define IP_FREEBIND		15
#define IP_IPSEC_POLICY		16
#define IP_XFRM_POLICY		17
#define IP_PASSSEC		18
#define IP_TRANSPARENT		19
#define IP_RECVRETOPTS		IP_RETOPTS
#define IP_ORIGDSTADDR		20
#define IP_RECVORIGDSTADDR	IP_ORIGDSTADDR
#define IP_MINTTL		21
#define IP_NODEFRAG		22
#define IP_CHECKSUM		23
#define IP_BIND_ADDRESS_NO_PORT	24
#define IP_RECVFRAGSIZE		25
#define IP_RECVERR_RFC4884	26

/* IP_MTU_DISCOVER values. */
#define IP_PMTUDISC_DONT	0	/* never send DF frames */
#define IP_PMTUDISC_WANT	1	/* use per-route hints */
#define IP_PMTUDISC_DO		2	/* always DF */
#define IP_PMTUDISC_PROBE	3	/* ignore the path MTU */
#define IP_PMTUDISC_INTERFACE	4
#define IP_PMTUDISC_OMIT	5

#define IP_MULTICAST_IF			32
#define IP_MULTICAST_TTL		33
#define IP_MULTICAST_LOOP		34
#define IP_ADD_MEMBERSHIP		35
#define IP_DROP_MEMBERSHIP		36
#define IP_UNBLOCK_SOURCE		37
#define IP_BLOCK_SOURCE			38
#define IP_ADD_SOURCE_MEMBERSHIP	39
#define IP_DROP_SOURCE_MEMBERSHIP	40
#define IP_MSFILTER			41
#define MCAST_JOIN_GROUP		42
#define MCAST_BLOCK_SOURCE		43
#define MCAST_UNBLOCK_SOURCE		44
#define MCAST_LEAVE_GROUP		45
#define MCAST_JOIN_SOURCE_GROUP		46
#define MCAST_LEAVE_SOURCE_GROUP	47
#define MCAST_MSFILTER			48
#define IP_MULTICAST_ALL		49
#define IP_UNICAST_IF			50

#define IP_DEFAULT_MULTICAST_TTL	1
#define IP_DEFAULT_MULTICAST_LOOP	1

struct ip_mreq {
	struct in_addr imr_multiaddr;
	struct in_addr imr_interface;
};

struct ip_mreqn {
	struct in_addr imr_multiaddr;
	struct in_addr imr_address;
	int imr_ifindex;
};

/* IP_PKTINFO control message. */
struct in_pktinfo {
	int ipi_ifindex;
	struct in_addr ipi_spec_dst;
	struct in_addr ipi_addr;
};

#endif /* UAPI_IN_H */
