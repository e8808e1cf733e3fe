// SPDX-License-Identifier: GPL-2.0-only
/*
 * Neighbour Discovery (RFC 4861) over the generic neighbour table, as
 * Linux's ndisc.c does it for a host (and the little a router does
 * without radvd).
 *
 * Every ND message must arrive with hop limit 255 and code 0 (so it was
 * not forwarded), carry well-formed options (no zero length; a link-layer
 * address option exactly 8 bytes on Ethernet), and pass its own checks:
 *
 *   NS   target not multicast; from :: (DAD) only to a solicited-node
 *        group and without a source link-layer option. For a tentative
 *        address of ours a DAD NS means a duplicate; for a usable one we
 *        answer: to ff02::1 for DAD, else to the sender (who is learned
 *        STALE from its option), with the override flag only when the
 *        NS was multicast.
 *   NA   target not multicast; solicited only to unicast. For a tentative
 *        address of ours: duplicate. Otherwise it updates an existing
 *        entry only (solicited -> REACHABLE, else STALE; override rules;
 *        router flag); a router that stops being one loses its default
 *        route.
 *   RS   hosts ignore them; a forwarding interface learns the sender.
 *   RA   from a link-local source; the router is learned (STALE, router
 *        flag) and addrconf_ra() takes the rest.
 *   Redirect: counted and ignored (not implemented).
 *
 * Sending: solicitations come from the neighbour table (ndisc_solicit):
 * multicast to the solicited-node group with our link-layer address,
 * then unicast probes to the known address, as NUD asks.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/checksum.h"
#include "kernel/net/ether.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "ipv6_impl.h"
#include "uapi/if_arp.h"
#include "uapi/if_ether.h"
#include "uapi/in.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

#define ND_HEADROOM	(PKT_MAX_HEADER)
#define ND_OPT_LL_SPACE	8	/* type, length, 6-byte MAC */

static struct inet_stack *
tbl_stack(struct neigh_table *tbl)
{
	return tbl->owner;
}

int
ndisc_opt_addr_space(const struct net_if *dev)
{
	return dev->type == ARPHRD_ETHER ? ND_OPT_LL_SPACE : 0;
}

/* ---- sending ---- */

/* p: data at the ICMPv6 message. Checksum, IPv6 header (hop limit 255), out. */
static void
ndisc_send(struct net_if *dev, const struct in6_addr *saddr, const struct in6_addr *daddr,
	   struct pkt *p, const uint8_t *dst_hw)
{
	struct inet_stack *stack = dev->stack;
	uint8_t *ic = p->data;
	uint16_t sum;

	put_be16(ic + 2, 0);
	sum = csum_ipv6_magic(saddr->s6_addr, daddr->s6_addr, p->len, IPPROTO_ICMPV6,
			      csum_partial(p->data, p->len, 0));
	memcpy(ic + 2, &sum, 2);
	stack->ip6->icmp6_out_type[ic[0]]++;
	ICMP6_INC(stack, OutMsgs);
	if (ip6_push_header(p, saddr, daddr, IPPROTO_ICMPV6, 255, 0, 0)) {
		pkt_free(p);
		return;
	}
	IP6_INC(stack, OutRequests);
	if (dst_hw) {
		pkt_set_network_header(p);
		p->protocol = ETH_P_IPV6;
		if (pkt_make_writable(p, ETH_HLEN) ||
		    eth_header_push(p, dst_hw, dev->addr, ETH_P_IPV6)) {
			pkt_free(p);
			return;
		}
		netif_xmit(dev, p);
		return;
	}
	ip6_finish_output(stack, dev, daddr, p, false);
}

static struct pkt *
ndisc_alloc(struct net_if *dev, unsigned int len)
{
	struct pkt *p = pkt_alloc(dev->stack->pool, ND_HEADROOM, len);

	if (!p) {
		dev->stats.tx_dropped++;
		return NULL;
	}
	memset(pkt_put(p, len), 0, len);
	return p;
}

static void
put_ll_option(uint8_t *o, int type, const struct net_if *dev)
{
	o[0] = (uint8_t)type;
	o[1] = 1;
	memcpy(o + 2, dev->addr, ETH_ALEN);
}

/* A usable link-local address of dev, or NULL. */
static const struct in6_addr *
dev_lladdr(struct net_if *dev)
{
	struct inet6_dev *idev = in6_dev_get(dev);
	struct inet6_ifaddr *ifa;

	if (!idev)
		return NULL;
	list_for_each_entry(ifa, &idev->addrs, node)
		if (ifa->scope == RT_SCOPE_LINK &&
		    !(ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)))
			return &ifa->addr;
	return NULL;
}

static void
send_ns(struct net_if *dev, const struct in6_addr *target, const struct in6_addr *daddr,
	const struct in6_addr *saddr, const uint8_t *dst_hw)
{
	struct in6_addr mcast;
	bool ll = ndisc_opt_addr_space(dev) && !ipv6_addr_any(saddr);
	struct pkt *p = ndisc_alloc(dev, 24 + (ll ? ND_OPT_LL_SPACE : 0));

	if (!p)
		return;
	if (!daddr) {
		addrconf_addr_solict_mult(target, &mcast);
		daddr = &mcast;
	}
	p->data[0] = ND_NEIGHBOR_SOLICIT;
	memcpy(p->data + 8, target, 16);
	if (ll)
		put_ll_option(p->data + 24, ND_OPT_SOURCE_LINKADDR, dev);
	ndisc_send(dev, saddr, daddr, p, dst_hw);
}

void
ndisc_send_ns(struct net_if *dev, const struct in6_addr *target, const struct in6_addr *daddr,
	      const struct in6_addr *saddr)
{
	if (!saddr) {
		saddr = dev_lladdr(dev);
		if (!saddr)
			return;
	}
	send_ns(dev, target, daddr, saddr, NULL);
}

void
ndisc_send_na(struct net_if *dev, const struct in6_addr *daddr, const struct in6_addr *target,
	      bool router, bool solicited, bool override, bool inc_opt)
{
	struct inet_stack *stack = dev->stack;
	struct in6_addr src;
	struct inet6_ifaddr *ifa = ipv6_get_ifaddr(stack, target, dev);
	struct pkt *p;
	uint32_t flags = 0;

	if (ifa) {
		src = *target;
	} else if (ipv6_dev_get_saddr(stack, dev, daddr, &src)) {
		return;
	}
	if (!ndisc_opt_addr_space(dev))
		inc_opt = false;
	p = ndisc_alloc(dev, 24 + (inc_opt ? ND_OPT_LL_SPACE : 0));
	if (!p)
		return;
	p->data[0] = ND_NEIGHBOR_ADVERT;
	if (router)
		flags |= 0x80000000U;
	if (solicited)
		flags |= 0x40000000U;
	if (override)
		flags |= 0x20000000U;
	put_be32(p->data + 4, flags);
	memcpy(p->data + 8, target, 16);
	if (inc_opt)
		put_ll_option(p->data + 24, ND_OPT_TARGET_LINKADDR, dev);
	ndisc_send(dev, &src, daddr, p, NULL);
}

void
ndisc_send_rs(struct net_if *dev, const struct in6_addr *saddr)
{
	bool ll = ndisc_opt_addr_space(dev) && !ipv6_addr_any(saddr);
	struct pkt *p = ndisc_alloc(dev, 8 + (ll ? ND_OPT_LL_SPACE : 0));

	if (!p)
		return;
	p->data[0] = ND_ROUTER_SOLICIT;
	if (ll)
		put_ll_option(p->data + 8, ND_OPT_SOURCE_LINKADDR, dev);
	ndisc_send(dev, saddr, &in6addr_linklocal_allrouters, p, NULL);
}

/* ---- the neighbour table's operations ---- */

static void
nd_output(struct neighbour *n, struct pkt *p)
{
	struct net_if *dev = n->dev;

	if (pkt_make_writable(p, ETH_HLEN) || eth_header_push(p, n->ha, dev->addr, ETH_P_IPV6)) {
		dev->stats.tx_dropped++;
		pkt_free(p);
		return;
	}
	p->protocol = ETH_P_IPV6;
	netif_xmit(dev, p);
}

static void
nd_error_report(struct neighbour *n, struct pkt *p)
{
	struct inet_stack *stack = tbl_stack(n->tbl);

	pkt_set_network_header(p);
	icmpv6_send(stack, p, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
	pkt_free(p);
}

static void
nd_solicit(struct neighbour *n, struct pkt *trigger)
{
	struct net_if *dev = n->dev;
	struct inet_stack *stack = dev->stack;
	struct in6_addr target, src;
	const struct in6_addr *saddr = NULL;
	int probes;

	memcpy(&target, n->key, 16);
	if (trigger && trigger->len >= sizeof(struct ipv6hdr)) {
		/* The source of the packet waiting, if it is one of ours here. */
		memcpy(&src, trigger->data + 8, 16);
		if (ipv6_chk_addr(stack, &src, dev))
			saddr = &src;
	}
	if (!saddr)
		saddr = dev_lladdr(dev);
	if (!saddr)
		return;
	probes = n->probes - n->parms->ucast_probes;
	if (probes < 0) {
		send_ns(dev, &target, &target, saddr, n->ha);	/* PROBE: unicast */
		return;
	}
	probes -= n->parms->app_probes;
	if (probes < 0)
		return;
	send_ns(dev, &target, NULL, saddr, NULL);
}

static void
nd_notify(struct neighbour *n, int type)
{
	struct inet_stack *stack = tbl_stack(n->tbl);

	if (stack->ops && stack->ops->notify6)
		stack->ops->notify6(stack, type, n, n->dev);
}

static struct neigh_parms *
nd_parms_of(struct net_if *dev)
{
	return &dev->in6->nd_parms;
}

static const struct neigh_ops nd_ops = {
	.solicit = nd_solicit,
	.error_report = nd_error_report,
	.output = nd_output,
	.notify = nd_notify,
	.parms_of = nd_parms_of,
};

void
ndisc_init(struct inet_stack *stack)
{
	neigh_table_init(&stack->ip6->nd_tbl, AF_INET6, 16, &nd_ops, &stack->timers, &stack->rng,
			 stack, stack->now);
}

void
ndisc_destroy(struct inet_stack *stack)
{
	neigh_table_destroy(&stack->ip6->nd_tbl);
}

int
ndisc_output(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *nexthop,
	     struct pkt *p)
{
	uint8_t mac[ETH_ALEN];

	if (ipv6_addr_is_multicast(nexthop) || dev->flags & IFF_NOARP) {
		if (ipv6_addr_is_multicast(nexthop))
			ipv6_eth_mc_map(nexthop->s6_addr, mac);
		else
			memcpy(mac, dev->broadcast, ETH_ALEN);
		if (pkt_make_writable(p, ETH_HLEN) ||
		    eth_header_push(p, mac, dev->addr, ETH_P_IPV6)) {
			dev->stats.tx_dropped++;
			pkt_free(p);
			return -ENOBUFS;
		}
		p->protocol = ETH_P_IPV6;
		netif_xmit(dev, p);
		return 0;
	}
	return neigh_resolve_output(&stack->ip6->nd_tbl, dev, nexthop->s6_addr, p, stack->now);
}

/* ---- receiving ---- */

struct nd_opts {
	const uint8_t *src_lladdr, *tgt_lladdr;
	unsigned int src_len, tgt_len;
};

/* Linux's ndisc_parse_options: false for a malformed list. */
static bool
parse_options(const uint8_t *o, unsigned int len, struct nd_opts *out)
{
	memset(out, 0, sizeof(*out));
	while (len) {
		unsigned int l;

		if (len < 2)
			return false;
		l = o[1] * 8u;
		if (!l || l > len)
			return false;
		switch (o[0]) {
		case ND_OPT_SOURCE_LINKADDR:
			if (!out->src_lladdr) {
				out->src_lladdr = o;
				out->src_len = l;
			}
			break;
		case ND_OPT_TARGET_LINKADDR:
			if (!out->tgt_lladdr) {
				out->tgt_lladdr = o;
				out->tgt_len = l;
			}
			break;
		default:
			break;
		}
		o += l;
		len -= l;
	}
	return true;
}

/* The link-layer address in an option, or NULL if its length is wrong for dev. */
static const uint8_t *
opt_lladdr(const struct net_if *dev, const uint8_t *o, unsigned int len)
{
	if (!o || (int)len != ndisc_opt_addr_space(dev))
		return NULL;
	return o + 2;
}

static void
recv_ns(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *saddr,
	const struct in6_addr *daddr, const uint8_t *msg, unsigned int len)
{
	struct in6_addr target;
	struct nd_opts o;
	const uint8_t *lladdr = NULL;
	struct inet6_ifaddr *ifa;
	bool dad = ipv6_addr_any(saddr), inc, router;

	if (len < 24)
		return;
	memcpy(&target, msg + 8, 16);
	if (ipv6_addr_is_multicast(&target))
		return;
	if (dad && !ipv6_addr_is_solict_mult(daddr))
		return;
	if (!parse_options(msg + 24, len - 24, &o))
		return;
	if (o.src_lladdr) {
		lladdr = opt_lladdr(dev, o.src_lladdr, o.src_len);
		if (!lladdr || dad)
			return;
	}
	ifa = ipv6_get_ifaddr(stack, &target, dev);
	if (!ifa)
		return;		/* no proxy ND, no anycast */
	if (ifa->flags & (IFA_F_TENTATIVE | IFA_F_OPTIMISTIC)) {
		if (dad)
			addrconf_dad_failure(ifa);	/* someone else is claiming it */
		if (!(ifa->flags & IFA_F_OPTIMISTIC))
			return;
	}
	if (ifa->flags & IFA_F_DADFAILED)
		return;
	router = in6_dev_conf(dev, DEVCONF_FORWARDING) != 0;
	if (dad) {
		ndisc_send_na(dev, &in6addr_linklocal_allnodes, &target, router, false, true, true);
		return;
	}
	inc = ipv6_addr_is_multicast(daddr);
	if (lladdr)
		neigh_event_ns(&stack->ip6->nd_tbl, dev, saddr->s6_addr, lladdr, stack->now);
	ndisc_send_na(dev, saddr, &target, router, true, inc, inc);
}

static void
recv_na(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *daddr,
	const uint8_t *msg, unsigned int len)
{
	struct in6_addr target;
	struct nd_opts o;
	const uint8_t *lladdr = NULL;
	struct inet6_ifaddr *ifa;
	struct neighbour *n;
	uint32_t flags;
	bool router, solicited, override;

	if (len < 24)
		return;
	memcpy(&target, msg + 8, 16);
	flags = get_be32(msg + 4);
	router = flags & 0x80000000U;
	solicited = flags & 0x40000000U;
	override = flags & 0x20000000U;
	if (ipv6_addr_is_multicast(&target))
		return;
	if (ipv6_addr_is_multicast(daddr) && solicited)
		return;
	if (!parse_options(msg + 24, len - 24, &o))
		return;
	if (o.tgt_lladdr) {
		lladdr = opt_lladdr(dev, o.tgt_lladdr, o.tgt_len);
		if (!lladdr)
			return;
	}
	ifa = ipv6_get_ifaddr(stack, &target, dev);
	if (ifa) {
		if (ifa->flags & IFA_F_TENTATIVE)
			addrconf_dad_failure(ifa);
		return;		/* someone advertises our address: ignored */
	}
	n = neigh_lookup(&stack->ip6->nd_tbl, dev, target.s6_addr);
	if (!n)
		return;		/* accept_untracked_na = 0 */
	if (n->flags & NTF_ROUTER && !router) {
		/* It stopped routing: its default route goes (RFC 4861 7.2.5). */
		struct rt6_config cfg;

		memset(&cfg, 0, sizeof(cfg));
		cfg.gw = target;
		cfg.oif = dev->ifindex;
		cfg.protocol = RTPROT_RA;
		rt6_route_del(stack, &cfg);
	}
	neigh_update(n, lladdr, solicited ? NUD_REACHABLE : NUD_STALE,
		     NEIGH_UPDATE_F_WEAK_OVERRIDE | (override ? NEIGH_UPDATE_F_OVERRIDE : 0) |
		     NEIGH_UPDATE_F_OVERRIDE_ISROUTER | (router ? NEIGH_UPDATE_F_ISROUTER : 0),
		     stack->now);
}

static void
recv_rs(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *saddr,
	const uint8_t *msg, unsigned int len)
{
	struct nd_opts o;
	const uint8_t *lladdr;

	if (len < 8 || !in6_dev_conf(dev, DEVCONF_FORWARDING) || ipv6_addr_any(saddr))
		return;
	if (!parse_options(msg + 8, len - 8, &o) || !o.src_lladdr)
		return;
	lladdr = opt_lladdr(dev, o.src_lladdr, o.src_len);
	if (lladdr)
		neigh_event_ns(&stack->ip6->nd_tbl, dev, saddr->s6_addr, lladdr, stack->now);
}

static void
recv_ra(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *saddr,
	const uint8_t *msg, unsigned int len)
{
	struct nd_opts o;

	if (!ipv6_addr_is_ll(saddr) || len < 16)
		return;
	if (!parse_options(msg + 16, len - 16, &o))
		return;
	if (o.src_lladdr) {
		const uint8_t *lladdr = opt_lladdr(dev, o.src_lladdr, o.src_len);
		struct neighbour *n;

		if (!lladdr)
			return;
		n = neigh_create(&stack->ip6->nd_tbl, dev, saddr->s6_addr, stack->now);
		if (n)
			neigh_update(n, lladdr, NUD_STALE,
				     NEIGH_UPDATE_F_WEAK_OVERRIDE | NEIGH_UPDATE_F_OVERRIDE |
				     NEIGH_UPDATE_F_OVERRIDE_ISROUTER | NEIGH_UPDATE_F_ISROUTER,
				     stack->now);
	}
	addrconf_ra(dev, saddr, msg, len);
}

void
ndisc_rcv(struct inet_stack *stack, struct pkt *p)
{
	const uint8_t *nh = pkt_network_header(p);
	struct net_if *dev = inet_if_by_index(stack, IP6CB(p)->iif);
	struct in6_addr saddr, daddr;

	if (!dev || !in6_dev_get(dev))
		return;
	if (nh[7] != 255 || p->data[1] != 0)
		return;		/* forwarded, or not ND: "invalid hop-limit"/code */
	memcpy(&saddr, nh + 8, 16);
	memcpy(&daddr, nh + 24, 16);
	switch (p->data[0]) {
	case ND_NEIGHBOR_SOLICIT:
		recv_ns(stack, dev, &saddr, &daddr, p->data, p->len);
		break;
	case ND_NEIGHBOR_ADVERT:
		recv_na(stack, dev, &daddr, p->data, p->len);
		break;
	case ND_ROUTER_SOLICIT:
		recv_rs(stack, dev, &saddr, p->data, p->len);
		break;
	case ND_ROUTER_ADVERT:
		recv_ra(stack, dev, &saddr, p->data, p->len);
		break;
	default:
		break;		/* redirects: not implemented */
	}
}
