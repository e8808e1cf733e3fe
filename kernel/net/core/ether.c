// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ethernet framing and MAC helpers (include/kernel/net/ether.h). The
 * device drivers (drivers/net/) move whole frames; this is where a frame
 * becomes "an IPv4 packet for this host" and back.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ether.h"
#include "kernel/net/pkt.h"
#include "kernel/net/random.h"
#include "uapi/if_packet.h"

const uint8_t eth_broadcast_addr[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void
eth_random_addr(struct net_rng *rng, uint8_t *a)
{
	uint64_t r = net_rng_u64(rng);

	for (int i = 0; i < ETH_ALEN; i++)
		a[i] = (uint8_t)(r >> (8 * i));
	a[0] &= 0xfe;	/* unicast */
	a[0] |= 0x02;	/* locally administered */
}

void
eth_addr_from_ipv4(uint8_t *a, uint32_t addr)
{
	a[0] = 0xfe;
	a[1] = 0xfd;
	put_be32(a + 2, addr);
}

void
ip_eth_mc_map(uint32_t group, uint8_t *a)
{
	a[0] = 0x01;
	a[1] = 0x00;
	a[2] = 0x5e;
	a[3] = (group >> 16) & 0x7f;
	a[4] = (group >> 8) & 0xff;
	a[5] = group & 0xff;
}

void
ipv6_eth_mc_map(const uint8_t *addr6, uint8_t *a)
{
	a[0] = 0x33;
	a[1] = 0x33;
	memcpy(a + 2, addr6 + 12, 4);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ether_addr_parse(const char *s, uint8_t *a)
{
	uint8_t out[ETH_ALEN];

	for (int i = 0; i < ETH_ALEN; i++) {
		int hi = hexval(*s), lo;

		if (hi < 0)
			return -EINVAL;
		s++;
		lo = hexval(*s);
		if (lo >= 0) {
			out[i] = (uint8_t)(hi << 4 | lo);
			s++;
		} else {
			out[i] = (uint8_t)hi;
		}
		if (i < ETH_ALEN - 1 && *s++ != ':')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	memcpy(a, out, ETH_ALEN);
	return 0;
}

void
ether_addr_format(char *buf, const uint8_t *a)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < ETH_ALEN; i++) {
		*buf++ = hex[a[i] >> 4];
		*buf++ = hex[a[i] & 15];
		*buf++ = i < ETH_ALEN - 1 ? ':' : '\0';
	}
}

int
eth_header_push(struct pkt *p, const uint8_t *dst, const uint8_t *src, uint16_t proto)
{
	unsigned char *h = pkt_push(p, ETH_HLEN);

	if (!h)
		return -ENOSPC;
	memcpy(h, dst, ETH_ALEN);
	memcpy(h + ETH_ALEN, src, ETH_ALEN);
	put_be16(h + 2 * ETH_ALEN, proto);
	pkt_set_mac_header(p);
	return 0;
}

int
eth_type_trans(struct pkt *p, const uint8_t *dev_addr)
{
	const unsigned char *h = p->data;
	uint16_t type;

	if (p->len < ETH_HLEN)
		return -EINVAL;
	pkt_set_mac_header(p);
	if (is_multicast_ether_addr(h))
		p->pkt_type = is_broadcast_ether_addr(h) ? PACKET_BROADCAST : PACKET_MULTICAST;
	else if (dev_addr && !ether_addr_equal(h, dev_addr))
		p->pkt_type = PACKET_OTHERHOST;
	else
		p->pkt_type = PACKET_HOST;
	type = get_be16(h + 2 * ETH_ALEN);
	pkt_pull(p, ETH_HLEN);
	if (type >= ETH_P_802_3_MIN) {
		p->protocol = type;
	} else if (p->len >= 2 && get_u16(p->data) == 0xffff) {
		p->protocol = ETH_P_802_3;	/* raw 802.3 (Novell) */
	} else {
		p->protocol = ETH_P_802_2;
	}
	pkt_set_network_header(p);
	return 0;
}

int
eth_pad(struct pkt *p)
{
	unsigned char *t;
	unsigned int n;

	if (p->len >= ETH_ZLEN)
		return 0;
	n = ETH_ZLEN - p->len;
	t = pkt_put(p, n);
	if (!t)
		return -ENOSPC;
	memset(t, 0, n);
	return 0;
}
