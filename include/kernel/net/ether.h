/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ethernet: MAC address helpers and framing (kernel/net/core/ether.c).
 *
 * MAC addresses when none is given. UML (Linux 6.1, arch/um/drivers/
 * net_kern.c) gives an eth<N> without a MAC on the command line a random
 * locally administered unicast address ("Choosing a random ethernet
 * address for device eth<N>"): eth_random_addr() does the same from the
 * caller's generator. Old UML (2.4 and early 2.6) instead derived it
 * from the interface's IPv4 address when the interface came up,
 * fe:fd:a:b:c:d for a.b.c.d; eth_addr_from_ipv4() builds that form for
 * callers that want stable addresses (a lab whose MACs follow its IPs).
 */
#ifndef KERNEL_NET_ETHER_H
#define KERNEL_NET_ETHER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "uapi/if_ether.h"

struct pkt;
struct net_rng;

static inline bool
is_zero_ether_addr(const uint8_t *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}

static inline bool
is_multicast_ether_addr(const uint8_t *a)
{
	return a[0] & 0x01;
}

static inline bool
is_broadcast_ether_addr(const uint8_t *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}

static inline bool
is_local_ether_addr(const uint8_t *a)
{
	return a[0] & 0x02;
}

/* is_valid_ether_addr: usable as an interface's own address (unicast, not zero). */
static inline bool
is_valid_ether_addr(const uint8_t *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

static inline bool
ether_addr_equal(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, ETH_ALEN) == 0;
}

static inline void
ether_addr_copy(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, ETH_ALEN);
}

extern const uint8_t eth_broadcast_addr[ETH_ALEN];

/* eth_random_addr fills a with a random locally administered unicast MAC. */
void eth_random_addr(struct net_rng *rng, uint8_t *a);
/* eth_addr_from_ipv4 fills a with fe:fd and the four bytes of addr (host order). */
void eth_addr_from_ipv4(uint8_t *a, uint32_t addr);
/* ip_eth_mc_map maps an IPv4 multicast group (host order) to 01:00:5e:xx:xx:xx. */
void ip_eth_mc_map(uint32_t group, uint8_t *a);
/* ipv6_eth_mc_map maps an IPv6 multicast address to 33:33:xx:xx:xx:xx. */
void ipv6_eth_mc_map(const uint8_t *addr6, uint8_t *a);

/*
 * ether_addr_parse parses "xx:xx:xx:xx:xx:xx" (hex digits, one or two per
 * field, either case) into a; 0 or -EINVAL. Nothing may follow.
 */
int ether_addr_parse(const char *s, uint8_t *a);
/* ether_addr_format writes "xx:xx:xx:xx:xx:xx" and a NUL (18 bytes) into buf. */
void ether_addr_format(char *buf, const uint8_t *a);

/*
 * eth_header_push prepends an Ethernet II header to p (which must be
 * writable and have ETH_HLEN of headroom); proto in host order.
 * 0 or -ENOSPC.
 */
int eth_header_push(struct pkt *p, const uint8_t *dst, const uint8_t *src, uint16_t proto);

/*
 * eth_type_trans classifies a received frame at p->data for a device
 * whose address is dev_addr: sets the MAC header, p->protocol (the
 * EtherType, or ETH_P_802_3 / ETH_P_802_2 for length-field frames) and
 * p->pkt_type (PACKET_HOST, _BROADCAST, _MULTICAST or _OTHERHOST), and
 * pulls the header. 0, or -EINVAL for a frame shorter than its header
 * (p unchanged). A VLAN tag is left in place: p->protocol is then
 * ETH_P_8021Q.
 */
int eth_type_trans(struct pkt *p, const uint8_t *dev_addr);

/* eth_pad pads a frame with zeros to the 60-byte minimum; 0 or -ENOSPC. */
int eth_pad(struct pkt *p);

#endif /* KERNEL_NET_ETHER_H */
