/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARP (kernel/net/ipv4/arp.c): IPv4 over Ethernet address resolution on
 * the generic neighbour table (neighbour.h), answering as Linux does
 * with its defaults (arp_ignore=0: any local address on any interface;
 * arp_announce=0: the source of the packet being resolved; arp_accept=0:
 * unsolicited replies only refresh existing entries), and gratuitous ARP.
 */
#ifndef KERNEL_NET_ARP_H
#define KERNEL_NET_ARP_H

#include <stdint.h>
#include "kernel/net/inet.h"
#include "uapi/if_arp.h"

/* The body of an Ethernet/IPv4 ARP packet, after struct arphdr. */
struct arp_eth_body {
	uint8_t sha[ETH_ALEN];
	uint8_t sip[4];
	uint8_t tha[ETH_ALEN];
	uint8_t tip[4];
} __attribute__((packed));

#define ARP_ETH_LEN	(sizeof(struct arphdr) + sizeof(struct arp_eth_body))	/* 28 */

void arp_init(struct inet_stack *stack);
void arp_destroy(struct inet_stack *stack);

/* arp_rcv handles a received ARP packet (data at the ARP header). Consumes p. */
void arp_rcv(struct inet_stack *stack, struct net_if *ifp, struct pkt *p);

/*
 * arp_send builds and sends one ARP packet on ifp: op, the target's
 * protocol address dest_ip, our src_ip; dest_hw is the Ethernet
 * destination (NULL: broadcast), target_hw the tha field (NULL: zeros).
 * Addresses in host order.
 */
void arp_send(struct net_if *ifp, int op, uint32_t dest_ip, uint32_t src_ip,
	      const uint8_t *dest_hw, const uint8_t *target_hw);
/* arp_send_gratuitous announces addr on ifp (a broadcast request for itself). */
void arp_send_gratuitous(struct net_if *ifp, uint32_t addr);
/* arp_send_gratuitous_all announces every primary address of ifp (arp_notify). */
void arp_send_gratuitous_all(struct net_if *ifp);

/*
 * SIOCSARP / SIOCGARP / SIOCDARP on ifp: set (ATF_PERM: permanent, else
 * a STALE entry; ATF_COM: ha is given), get (flags ATF_COM|ATF_PERM and
 * ha; -ENXIO if not valid), delete (-ENXIO if none). ip in host order.
 */
int arp_req_set(struct net_if *ifp, uint32_t ip, const uint8_t *ha, int flags, uint64_t now);
int arp_req_get(struct net_if *ifp, uint32_t ip, uint8_t *ha, int *flags);
int arp_req_delete(struct net_if *ifp, uint32_t ip, uint64_t now);

/* arp_state_to_flags: the /proc/net/arp "Flags" column for a state. */
int arp_state_to_flags(uint16_t state);

#endif /* KERNEL_NET_ARP_H */
