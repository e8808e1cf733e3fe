/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI and wire format: Ethernet II framing (<linux/if_ether.h>).
 * Multi-byte fields on the wire are big-endian.
 */
#ifndef UAPI_IF_ETHER_H
#define UAPI_IF_ETHER_H

#include <stdint.h>

#define ETH_ALEN	6	/* octets in one MAC address */
#define ETH_TLEN	2	/* octets in the type field */
#define ETH_HLEN	14	/* octets in the header */
#define ETH_ZLEN	60	/* minimum frame, without FCS */
#define ETH_DATA_LEN	1500	/* default MTU */
#define ETH_FRAME_LEN	1514	/* maximum frame with the default MTU, no FCS */
#define ETH_FCS_LEN	4
#define ETH_MIN_MTU	68
#define ETH_MAX_MTU	0xFFFFU

/* EtherTypes (h_proto), and the pseudo-protocols packet sockets bind to. */
#define ETH_P_LOOP	0x0060
#define ETH_P_IP	0x0800
#define ETH_P_X25	0x0805
#define ETH_P_ARP	0x0806
#define ETH_P_RARP	0x8035
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_PAUSE	0x8808
#define ETH_P_SLOW	0x8809
#define ETH_P_MPLS_UC	0x8847
#define ETH_P_PPP_DISC	0x8863
#define ETH_P_PPP_SES	0x8864
#define ETH_P_8021AD	0x88A8
#define ETH_P_LLDP	0x88CC
#define ETH_P_802_3_MIN	0x0600	/* below this, h_proto is a length */
#define ETH_P_802_3	0x0001	/* pseudo: 802.3 frames */
#define ETH_P_ALL	0x0003	/* pseudo: every packet */
#define ETH_P_802_2	0x0004	/* pseudo: 802.2 LLC frames */

struct ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	uint16_t h_proto;	/* network order */
} __attribute__((packed));

#endif /* UAPI_IF_ETHER_H */
