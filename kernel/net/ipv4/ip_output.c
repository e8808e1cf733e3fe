// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 send path (include/kernel/net/ip.h): the header, IDs, the don't-
 * fragment decision, fragmentation, and the hand-off to the link: the
 * loopback backlog for local destinations, broadcast and multicast MACs,
 * or the neighbour table.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/arp.h"
#include "kernel/net/checksum.h"
#include "kernel/net/ether.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/random.h"
#include "uapi/icmp.h"
#include "uapi/in.h"

bool
ip_dont_fragment(uint8_t pmtudisc, unsigned int len, unsigned int mtu)
{
	/* Linux's __ip_make_skb: DO and PROBE always; WANT when it fits. */
	if (pmtudisc == IP_PMTUDISC_DO || pmtudisc == IP_PMTUDISC_PROBE)
		return true;
	return pmtudisc == IP_PMTUDISC_WANT && len <= mtu;
}

uint16_t
ip_select_ident(struct inet_stack *stack, uint32_t saddr, uint32_t daddr, uint8_t proto,
		bool df, uint16_t *sk_id, unsigned int segs)
{
	uint32_t key[3] = { daddr, saddr, proto }, now_ms, old, delta = 0;
	unsigned int h;

	if (sk_id) {
		uint16_t id = *sk_id;

		*sk_id = (uint16_t)(*sk_id + segs);
		return id;
	}
	if (df)
		return 0;
	/* Linux's ip_idents_reserve: a hashed counter bumped by a random
	 * amount proportional to the time since it was last used. */
	h = (unsigned int)siphash(&stack->hash_key, key, sizeof(key)) & 255;
	now_ms = (uint32_t)(stack->now / NSEC_PER_MSEC);
	old = stack->ip_ident_stamp[h];
	if (old != now_ms) {
		stack->ip_ident_stamp[h] = now_ms;
		delta = net_rng_below(&stack->rng, now_ms - old);
	}
	stack->ip_idents[h] += segs + delta;
	return (uint16_t)(stack->ip_idents[h] - segs);
}

/* Put a copy of a broadcast (or looped multicast) on the local receive queue. */
static void
loop_copy(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt)
{
	struct pkt *c = pkt_clone(p);
	struct ip_cb *cb;

	if (!c)
		return;
	cb = IPCB(c);
	memset(cb, 0, sizeof(*cb));
	cb->flags = IPSKB_REROUTED;
	cb->rt_flags = rt->flags;
	cb->rt_type = rt->type;
	cb->iif = rt->dev->ifindex;
	cb->spec_dst = rt->saddr;
	c->ifindex = rt->dev->ifindex;
	c->pkt_type = 5;	/* PACKET_LOOPBACK: not seen by packet sockets */
	c->csum_state = PKT_CSUM_UNNECESSARY;
	pkt_queue_tail(&stack->loopq, c);
}

int
ip_finish_output(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt)
{
	struct net_if *dev = rt->dev;
	uint8_t mac[ETH_ALEN], key[4];
	uint32_t daddr;

	if (!dev || !(dev->flags & IFF_UP)) {
		IP_INC(stack, OutDiscards);
		pkt_free(p);
		return -ENETDOWN;
	}
	pkt_set_network_header(p);
	p->protocol = ETH_P_IP;
	daddr = get_be32(p->data + 16);
	if (dev->flags & IFF_LOOPBACK) {
		struct ip_cb *cb = IPCB(p);
		static const uint8_t zero[ETH_ALEN];

		memset(cb, 0, sizeof(*cb));
		cb->flags = IPSKB_REROUTED;
		cb->rt_flags = rt->flags | RTCF_LOCAL;
		cb->rt_type = rt->type == RTN_BROADCAST || rt->type == RTN_MULTICAST ? rt->type :
			      RTN_LOCAL;
		cb->iif = dev->ifindex;
		cb->spec_dst = daddr;
		p->csum_state = PKT_CSUM_UNNECESSARY;
		if (pkt_make_writable(p, ETH_HLEN) || eth_header_push(p, zero, zero, ETH_P_IP))
			goto drop;
		netif_xmit(dev, p);
		return 0;
	}
	if (rt->flags & RTCF_LOCAL)
		loop_copy(stack, p, rt);
	if ((rt->flags & RTCF_BROADCAST) || ipv4_is_lbcast(daddr) || (dev->flags & IFF_NOARP) ||
	    ipv4_is_multicast(daddr)) {
		if (ipv4_is_multicast(daddr))
			ip_eth_mc_map(daddr, mac);
		else
			memcpy(mac, dev->broadcast, ETH_ALEN);
		if (pkt_make_writable(p, ETH_HLEN) || eth_header_push(p, mac, dev->addr, ETH_P_IP))
			goto drop;
		netif_xmit(dev, p);
		return 0;
	}
	put_be32(key, rt->gw);
	return neigh_resolve_output(&stack->arp_tbl, dev, key, p, stack->now);
drop:
	IP_INC(stack, OutDiscards);
	pkt_free(p);
	return -ENOBUFS;
}

int
ip_output(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt,
	  const struct ip_send_params *prm)
{
	unsigned int hlen = sizeof(struct iphdr) + prm->optlen, len, mtu;
	bool df;
	uint8_t *h;
	int ttl = prm->ttl;

	len = p->len + hlen;
	if (len > IP_MAX_PACKET) {
		pkt_free(p);
		return -EMSGSIZE;
	}
	if (pkt_make_writable(p, hlen + ETH_HLEN)) {
		IP_INC(stack, OutDiscards);
		pkt_free(p);
		return -ENOBUFS;
	}
	/* Sockets that probe the path use the device MTU (Linux's ip_sk_use_pmtu). */
	mtu = prm->pmtudisc >= IP_PMTUDISC_PROBE ? rt->dev->mtu : rt->mtu;
	df = ip_dont_fragment(prm->pmtudisc, len, mtu);
	if (ttl < 0)
		ttl = ipv4_is_multicast(prm->daddr) ? 1 : stack->sysctl.ip_default_ttl;
	h = pkt_push(p, hlen);
	h[0] = (uint8_t)(0x40 | (hlen / 4));
	h[1] = prm->tos;
	put_be16(h + 2, (uint16_t)len);
	put_be16(h + 4, ip_select_ident(stack, prm->saddr, prm->daddr, prm->protocol, df,
					prm->sk_id, 1));
	put_be16(h + 6, df ? IP_DF : 0);
	h[8] = (uint8_t)ttl;
	h[9] = prm->protocol;
	put_be32(h + 12, prm->saddr);
	put_be32(h + 16, prm->daddr);
	if (prm->optlen)
		memcpy(h + sizeof(struct iphdr), prm->opts, prm->optlen);
	ip_send_check(h);
	pkt_set_network_header(p);
	p->mark = prm->mark;
	IP_INC(stack, OutRequests);
	IP_ADD(stack, OutOctets, len);
	if (rt->type == RTN_BROADCAST)
		IP_INC(stack, OutBcastPkts);
	else if (rt->type == RTN_MULTICAST)
		IP_INC(stack, OutMcastPkts);
	if (len > mtu && !(rt->dev->flags & IFF_LOOPBACK && len <= rt->dev->mtu)) {
		if (df) {
			IP_INC(stack, FragFails);
			pkt_free(p);
			return -EMSGSIZE;
		}
		return ip_fragment(stack, p, mtu, ip_finish_output, rt);
	}
	return ip_finish_output(stack, p, rt);
}

int
ip_output_hdrincl(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt)
{
	uint8_t *h = p->data;
	unsigned int ihl;

	if (p->len < sizeof(struct iphdr)) {
		pkt_free(p);
		return -EINVAL;
	}
	ihl = (unsigned int)(h[0] & 0x0f) * 4;
	if (ihl < sizeof(struct iphdr) || ihl > p->len) {
		pkt_free(p);
		return -EINVAL;
	}
	/* Linux's raw_send_hdrinc: the kernel sets tot_len and the checksum,
	 * and an ID when the user left it 0. */
	put_be16(h + 2, (uint16_t)p->len);
	if (!get_be16(h + 4))
		put_be16(h + 4, ip_select_ident(stack, get_be32(h + 12), get_be32(h + 16), h[9],
						get_be16(h + 6) & IP_DF, NULL, 1));
	ip_send_check(h);
	pkt_set_network_header(p);
	IP_INC(stack, OutRequests);
	IP_ADD(stack, OutOctets, p->len);
	if (p->len > rt->mtu) {
		pkt_free(p);
		return -EMSGSIZE;
	}
	return ip_finish_output(stack, p, rt);
}

int
ip_fragment(struct inet_stack *stack, struct pkt *p, unsigned int mtu,
	    int (*out)(struct inet_stack *, struct pkt *, const struct ip_route *),
	    const struct ip_route *rt)
{
	uint8_t *h = pkt_network_header(p);
	unsigned int hlen = (unsigned int)(h[0] & 0x0f) * 4;
	unsigned int tot = get_be16(h + 2), left, chunk, off = 0;
	uint16_t frag_off = get_be16(h + 6);
	unsigned int base = (frag_off & IP_OFFSET) * 8u;
	bool more_after = frag_off & IP_MF;
	bool first = true;

	if (frag_off & IP_DF) {
		IP_INC(stack, FragFails);
		icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
		pkt_free(p);
		return -EMSGSIZE;
	}
	if (tot > p->len || mtu < hlen + 8) {
		IP_INC(stack, FragFails);
		pkt_free(p);
		return -EMSGSIZE;
	}
	left = tot - hlen;
	chunk = (mtu - hlen) & ~7u;
	while (left) {
		unsigned int len = left > chunk ? chunk : left;
		struct pkt *f = pkt_alloc(stack->pool, PKT_MAX_HEADER, hlen + len);
		uint8_t *fh;

		if (!f) {
			IP_INC(stack, FragFails);
			pkt_free(p);
			return -ENOBUFS;
		}
		fh = pkt_put(f, hlen + len);
		memcpy(fh, h, hlen);
		if (!first)
			ip_options_fragment(fh + sizeof(struct iphdr), hlen - sizeof(struct iphdr));
		memcpy(fh + hlen, h + hlen + off, len);
		put_be16(fh + 2, (uint16_t)(hlen + len));
		put_be16(fh + 6, (uint16_t)(((base + off) / 8) |
					    ((left > len || more_after) ? IP_MF : 0)));
		ip_send_check(fh);
		pkt_set_network_header(f);
		f->mark = p->mark;
		f->priority = p->priority;
		f->ifindex = p->ifindex;
		memcpy(f->cb, p->cb, sizeof(f->cb));
		IP_INC(stack, FragCreates);
		out(stack, f, rt);
		off += len;
		left -= len;
		first = false;
	}
	IP_INC(stack, FragOKs);
	pkt_free(p);
	return 0;
}
