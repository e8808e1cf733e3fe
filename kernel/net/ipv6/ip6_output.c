// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 output and forwarding (include/kernel/net/ipv6.h).
 *
 * Output: the route gives the device, the next hop and the path MTU;
 * the source is chosen by ipv6_dev_get_saddr() unless given; a datagram
 * too big for the path is fragmented here (only the sender fragments in
 * IPv6), with a fragment header after the fixed header and an
 * identification unpredictable off-path. A destination that is one of
 * our addresses goes through the loopback interface, as Linux's local
 * routes do. Multicast leaves to 33:33:<group>, with a local copy when
 * the sender asked for it and the interface joined the group.
 *
 * Forwarding (all.forwarding=1), Linux's ip6_forward: never a source
 * that is multicast, loopback or link-local, nor a link-local
 * destination; hop limit 1 -> time exceeded; too big for the next link
 * -> Packet Too Big (routers never fragment); then hop limit - 1 and out.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ether.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/random.h"
#include "ipv6_impl.h"
#include "uapi/if_ether.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

int
ip6_push_header(struct pkt *p, const struct in6_addr *saddr, const struct in6_addr *daddr,
		uint8_t proto, uint8_t hop_limit, uint8_t tclass, uint32_t flowlabel)
{
	unsigned int plen = p->len;
	uint8_t *h;

	if (plen > 0xffff || pkt_make_writable(p, sizeof(struct ipv6hdr) + ETH_HLEN))
		return -EMSGSIZE;
	h = pkt_push(p, sizeof(struct ipv6hdr));
	put_be32(h, 6U << 28 | (uint32_t)tclass << 20 | (flowlabel & IPV6_FLOWINFO_FLOWLABEL));
	put_be16(h + 4, (uint16_t)plen);
	h[6] = proto;
	h[7] = hop_limit;
	memcpy(h + 8, saddr, 16);
	memcpy(h + 24, daddr, 16);
	pkt_set_network_header(p);
	return 0;
}

/* A local copy of a multicast we send, received at the end of this call. */
static void
mc_loop(struct inet_stack *stack, struct net_if *dev, struct pkt *p)
{
	struct pkt *c = pkt_clone(p);

	if (!c)
		return;
	c->ifindex = dev->ifindex;
	c->protocol = ETH_P_IPV6;
	c->pkt_type = PACKET_LOOPBACK;
	c->csum_state = PKT_CSUM_UNNECESSARY;
	memset(c->cb, 0, sizeof(c->cb));
	IP6CB(c)->flags = IP6CB_MCAST_LOOP;
	pkt_queue_tail(&stack->loopq, c);
}

int
ip6_finish_output(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *nexthop,
		  struct pkt *p, bool loop)
{
	const uint8_t *h = p->data;
	struct in6_addr daddr;

	if (!dev || !(dev->flags & IFF_UP)) {
		IP6_INC(stack, OutDiscards);
		pkt_free(p);
		return -ENETDOWN;
	}
	pkt_set_network_header(p);
	p->protocol = ETH_P_IPV6;
	memcpy(&daddr, h + 24, 16);
	IP6_ADD(stack, OutOctets, p->len);
	if (dev->flags & IFF_LOOPBACK) {
		static const uint8_t zero[ETH_ALEN];

		memset(p->cb, 0, sizeof(p->cb));
		p->csum_state = PKT_CSUM_UNNECESSARY;
		if (pkt_make_writable(p, ETH_HLEN) || eth_header_push(p, zero, zero, ETH_P_IPV6)) {
			IP6_INC(stack, OutDiscards);
			pkt_free(p);
			return -ENOBUFS;
		}
		netif_xmit(dev, p);
		return 0;
	}
	if (ipv6_addr_is_multicast(&daddr)) {
		IP6_INC(stack, OutMcastPkts);
		if (loop && ipv6_chk_mcast_addr(dev, &daddr))
			mc_loop(stack, dev, p);
	}
	return ndisc_output(stack, dev, nexthop, p);
}

int
ip6_route_output(struct inet_stack *stack, struct flowi6 *fl, struct ip6_dst *dst)
{
	struct net_if *out = fl->oif ? inet_if_by_index(stack, fl->oif) : NULL;
	struct rt6_route *rt;
	struct inet6_dev *idev;
	unsigned int pmtu;

	memset(dst, 0, sizeof(*dst));
	if (fl->oif && !out)
		return -ENODEV;
	if (ipv6_addr_any(&fl->daddr))
		fl->daddr = in6addr_loopback;	/* connect(::) means this host, as Linux */
	if (ipv6_addr_loopback(&fl->daddr) || ipv6_chk_addr(stack, &fl->daddr, NULL)) {
		/* One of ours: through the loopback. */
		if (!stack->loopback)
			return -ENETUNREACH;
		dst->dev = stack->loopback;
		dst->nexthop = fl->daddr;
		dst->local = true;
		dst->mtu = stack->loopback->mtu;
		if (ipv6_addr_any(&fl->saddr))
			fl->saddr = fl->daddr;
		return 0;
	}
	if (ipv6_addr_is_ll(&fl->daddr) && !out)
		return -EINVAL;		/* which link? (the socket layer asks for a scope id) */
	rt = rt6_lookup(stack, &fl->daddr, fl->oif);
	if (!rt || !rt->dev) {
		IP6_INC(stack, OutNoRoutes);
		return -ENETUNREACH;
	}
	switch (rt->type) {
	case RTN_UNICAST:
	case RTN_MULTICAST:
	case RTN_LOCAL:
		break;
	case RTN_BLACKHOLE:
		return -EINVAL;
	case RTN_PROHIBIT:
		return -EACCES;
	case RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	default:
		return -ENETUNREACH;
	}
	dst->dev = out && ipv6_addr_is_multicast(&fl->daddr) ? out : rt->dev;
	dst->nexthop = rt->flags & RTF_GATEWAY ? rt->gw : fl->daddr;
	idev = in6_dev_get(dst->dev);
	if (!idev || idev->conf[DEVCONF_DISABLE_IPV6])
		return -ENETUNREACH;
	dst->mtu = idev->mtu6;
	dst->hoplimit = rt->hoplimit;
	if (rt->mtu && rt->mtu < dst->mtu)
		dst->mtu = rt->mtu;
	pmtu = rt6_pmtu(stack, &fl->daddr);
	if (pmtu && pmtu < dst->mtu)
		dst->mtu = pmtu;
	if (ipv6_addr_any(&fl->saddr)) {
		if (!ipv6_addr_any(&rt->prefsrc))
			fl->saddr = rt->prefsrc;
		else if (ipv6_dev_get_saddr(stack, dst->dev, &fl->daddr, &fl->saddr))
			return -EADDRNOTAVAIL;
	}
	return 0;
}

static uint32_t
select_ident(struct inet_stack *stack, const struct in6_addr *saddr,
	     const struct in6_addr *daddr)
{
	/* A keyed hash of the pair plus a counter: unpredictable, rarely reused. */
	uint8_t key[36];
	uint32_t id;

	memcpy(key, saddr, 16);
	memcpy(key + 16, daddr, 16);
	put_be32(key + 32, ++stack->ip6->frag_ident);
	id = (uint32_t)siphash(&stack->hash_key, key, sizeof(key));
	return id ? id : 1;
}

/* Fragments of p (data at the payload) each at most mtu bytes long. */
static int
ip6_fragment(struct inet_stack *stack, struct pkt *p, const struct in6_addr *saddr,
	     const struct in6_addr *daddr, uint8_t proto, uint8_t hop_limit, uint8_t tclass,
	     uint32_t flowlabel, struct ip6_dst *dst)
{
	unsigned int chunk = (dst->mtu - sizeof(struct ipv6hdr) - sizeof(struct frag_hdr)) & ~7u;
	uint32_t ident = select_ident(stack, saddr, daddr);
	unsigned int off = 0;
	int err = 0;

	while (off < p->len) {
		unsigned int n = p->len - off > chunk ? chunk : p->len - off;
		bool more = off + n < p->len;
		struct pkt *f = pkt_alloc(stack->pool, PKT_MAX_HEADER, n + sizeof(struct frag_hdr));
		uint8_t *fh;

		if (!f) {
			IP6_INC(stack, FragFails);
			err = -ENOBUFS;
			break;
		}
		fh = pkt_put(f, sizeof(struct frag_hdr));
		fh[0] = proto;
		fh[1] = 0;
		put_be16(fh + 2, (uint16_t)(off | (more ? IP6_MF : 0)));
		put_be32(fh + 4, ident);
		pkt_put_data(f, p->data + off, n);
		f->priority = p->priority;
		f->mark = p->mark;
		if (ip6_push_header(f, saddr, daddr, IPPROTO_FRAGMENT, hop_limit, tclass,
				    flowlabel)) {
			pkt_free(f);
			err = -ENOBUFS;
			break;
		}
		IP6_INC(stack, FragCreates);
		err = ip6_finish_output(stack, dst->dev, &dst->nexthop, f, false);
		off += n;
	}
	if (off >= p->len)
		IP6_INC(stack, FragOKs);
	pkt_free(p);
	return err;
}

int
ip6_output(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl)
{
	struct ip6_dst dst;
	int hop, err;

	inet_enter(stack, stack->now);
	err = ip6_route_output(stack, fl, &dst);
	if (err) {
		pkt_free(p);
		goto out;
	}
	hop = fl->hop_limit;
	if (hop < 0) {
		if (ipv6_addr_is_multicast(&fl->daddr))
			hop = 1;
		else
			hop = dst.hoplimit ? (int)dst.hoplimit : ipv6_hop_limit(dst.dev);
	}
	IP6_INC(stack, OutRequests);
	if (!dst.local && p->len + sizeof(struct ipv6hdr) > dst.mtu) {
		if (fl->dontfrag) {
			pkt_free(p);
			err = -EMSGSIZE;
			goto out;
		}
		err = ip6_fragment(stack, p, &fl->saddr, &fl->daddr, fl->proto, (uint8_t)hop,
				   fl->tclass, fl->flowlabel, &dst);
		goto out;
	}
	err = ip6_push_header(p, &fl->saddr, &fl->daddr, fl->proto, (uint8_t)hop, fl->tclass,
			      fl->flowlabel);
	if (err) {
		IP6_INC(stack, OutDiscards);
		pkt_free(p);
		goto out;
	}
	err = ip6_finish_output(stack, dst.dev, &dst.nexthop, p, fl->mc_loop);
out:
	inet_leave(stack);
	return err;
}

void
ip6_forward(struct inet_stack *stack, struct pkt *p)
{
	uint8_t *h = p->data;
	struct in6_addr saddr, daddr;
	struct rt6_route *rt;
	struct inet6_dev *idev;
	unsigned int mtu;
	struct in6_addr nexthop;

	memcpy(&saddr, h + 8, 16);
	memcpy(&daddr, h + 24, 16);
	if (p->pkt_type != PACKET_HOST)
		goto drop;
	if (ipv6_addr_type(&saddr) & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK |
				      IPV6_ADDR_LINKLOCAL) ||
	    ipv6_addr_is_ll(&daddr)) {
		IP6_INC(stack, InAddrErrors);
		goto drop;
	}
	if (h[7] <= 1) {
		icmpv6_send(stack, p, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0);
		IP6_INC(stack, InHdrErrors);
		goto drop;
	}
	rt = rt6_lookup(stack, &daddr, 0);
	if (!rt || !rt->dev || rt->type != RTN_UNICAST) {
		IP6_INC(stack, InNoRoutes);
		icmpv6_send(stack, p, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0);
		goto drop;
	}
	idev = in6_dev_get(rt->dev);
	mtu = idev ? idev->mtu6 : rt->dev->mtu;
	if (rt->mtu && rt->mtu < mtu)
		mtu = rt->mtu;
	if (mtu < IPV6_MIN_MTU)
		mtu = IPV6_MIN_MTU;
	if (p->len > mtu) {
		icmpv6_send(stack, p, ICMPV6_PKT_TOOBIG, 0, mtu);
		IP6_INC(stack, InTooBigErrors);
		IP6_INC(stack, FragFails);
		goto drop;
	}
	if (pkt_make_writable(p, ETH_HLEN)) {
		IP6_INC(stack, OutDiscards);
		goto drop;
	}
	nexthop = rt->flags & RTF_GATEWAY ? rt->gw : daddr;
	p->data[7]--;
	IP6CB(p)->flags |= IP6CB_FORWARDED;
	IP6_INC(stack, OutForwDatagrams);
	ip6_finish_output(stack, rt->dev, &nexthop, p, false);
	return;
drop:
	pkt_free(p);
}
