// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 routing decisions (include/kernel/net/route.h): what happens to a
 * packet received on an interface (ip_route_input, Linux's
 * ip_route_input_slow) and how to send one (ip_route_output, Linux's
 * ip_route_output_key_hash_rcu), plus the path MTU cache fed by ICMP.
 *
 * There is no route cache: a lookup is a walk of at most 33 short lists
 * per table (fib.c), which costs less than a cache's invalidation.
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"

/* A source address is "martian" if it is one of ours (Linux's fib_validate_source
 * with rp_filter off: accept_local aside, our own address must not come in). */
static int
validate_source(struct inet_stack *stack, struct net_if *in, uint32_t saddr)
{
	if (in_dev_accept_local(in))
		return 0;
	if (inet_addr_is_local(stack, saddr))
		return -EINVAL;
	return 0;
}

static void
route_set_mtu(struct inet_stack *stack, struct ip_route *rt, const struct fib_route *fr,
	      uint64_t now)
{
	unsigned int mtu = rt->dev ? rt->dev->mtu : 0;
	unsigned int pmtu;

	if (fr && fr->metrics[RTAX_MTU] && fr->metrics[RTAX_MTU] < mtu)
		mtu = fr->metrics[RTAX_MTU];
	if (fr)
		rt->advmss = fr->metrics[RTAX_ADVMSS];
	pmtu = ip_rt_pmtu(stack, rt->daddr, now);
	if (pmtu && pmtu < mtu && !(rt->flags & RTCF_LOCAL))
		mtu = pmtu;
	rt->mtu = mtu;
}

int
ip_route_input(struct inet_stack *stack, struct net_if *in, uint32_t daddr, uint32_t saddr,
	       uint8_t tos, uint8_t pkt_type, struct ip_route *rt)
{
	struct fib_lookup_key key = { .daddr = daddr, .tos = tos, .scope = RT_SCOPE_UNIVERSE };
	struct fib_route *fr;
	int err;

	(void)pkt_type;
	memset(rt, 0, sizeof(*rt));
	rt->iif = in->ifindex;
	rt->daddr = daddr;

	if (ipv4_is_multicast(daddr)) {
		if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
		    (ipv4_is_zeronet(saddr) && !ipv4_is_local_multicast(daddr)))
			return -EINVAL;
		if (!ip_mc_joined(in, daddr))
			return -EINVAL;
		rt->type = RTN_MULTICAST;
		rt->flags = RTCF_MULTICAST | RTCF_LOCAL;
		rt->dev = in;
		return 0;
	}
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr))
		return -EINVAL;			/* martian source */
	if (ipv4_is_lbcast(daddr) || (saddr == 0 && daddr == 0))
		goto brd_input;
	if (ipv4_is_zeronet(saddr))
		return -EINVAL;
	if (ipv4_is_zeronet(daddr))
		return -EINVAL;			/* martian destination */
	if (ipv4_is_loopback(daddr)) {
		if (!in_dev_route_localnet(in))
			return -EINVAL;
	} else if (ipv4_is_loopback(saddr)) {
		if (!in_dev_route_localnet(in))
			return -EINVAL;
	}

	err = fib_lookup(stack, &key, &fr);
	if (err) {
		if (!in_dev_forward(in))
			err = -EHOSTUNREACH;
		IP_INC(stack, InNoRoutes);
		return err;
	}
	if (fr->type == RTN_BROADCAST) {
		if (in_dev_bc_forwarding(in))
			goto forward;
		goto brd_input;
	}
	if (fr->type == RTN_LOCAL) {
		if (validate_source(stack, in, saddr))
			return -EINVAL;
		rt->type = RTN_LOCAL;
		rt->flags = RTCF_LOCAL;
		rt->dev = in;
		return 0;
	}
	if (!in_dev_forward(in))
		return -EHOSTUNREACH;
	if (fr->type != RTN_UNICAST)
		return -EINVAL;
forward:
	if (validate_source(stack, in, saddr))
		return -EINVAL;
	rt->type = RTN_UNICAST;
	rt->dev = fr->dev;
	rt->uses_gateway = fr->gw && fr->nh_scope == RT_SCOPE_LINK;
	rt->gw = rt->uses_gateway ? fr->gw : daddr;
	/* Same interface in and out, and the source on-link: redirect it. */
	if (fr->dev == in && in_dev_send_redirects(in) &&
	    (in_dev_shared_media(in) || ip_addr_onlink(in, saddr, rt->gw)))
		rt->flags |= RTCF_DOREDIRECT;
	route_set_mtu(stack, rt, fr, stack->now);
	return 0;

brd_input:
	if (!ipv4_is_zeronet(saddr) && validate_source(stack, in, saddr))
		return -EINVAL;
	rt->type = RTN_BROADCAST;
	rt->flags = RTCF_BROADCAST | RTCF_LOCAL;
	rt->dev = in;
	return 0;
}

static int
mkroute_output(struct inet_stack *stack, struct ip_route *rt, struct flowi4 *fl,
	       struct net_if *dev, const struct fib_route *fr, uint8_t type, unsigned int flags)
{
	if (ipv4_is_loopback(fl->saddr) && !(dev->flags & IFF_LOOPBACK))
		return -EINVAL;
	if (ipv4_is_lbcast(fl->daddr))
		type = RTN_BROADCAST;
	else if (ipv4_is_multicast(fl->daddr))
		type = RTN_MULTICAST;
	else if (ipv4_is_zeronet(fl->daddr))
		return -EINVAL;
	if (dev->flags & IFF_LOOPBACK)
		flags |= RTCF_LOCAL;
	if (type == RTN_BROADCAST) {
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
		fr = NULL;
	} else if (type == RTN_MULTICAST) {
		flags |= RTCF_MULTICAST;
		if (ip_mc_joined(dev, fl->daddr))
			flags |= RTCF_LOCAL;
		if (fr && fr->dst_len < 4)
			fr = NULL;
	}
	rt->type = type;
	rt->flags = flags;
	rt->dev = dev;
	rt->saddr = fl->saddr;
	rt->daddr = fl->daddr;
	rt->uses_gateway = fr && fr->gw && fr->nh_scope == RT_SCOPE_LINK;
	rt->gw = rt->uses_gateway ? fr->gw : fl->daddr;
	route_set_mtu(stack, rt, fr, stack->now);
	return 0;
}

int
ip_route_output(struct inet_stack *stack, const struct flowi4 *flp, struct ip_route *rt)
{
	struct flowi4 fl = *flp;
	struct net_if *dev = NULL;
	struct fib_lookup_key key;
	struct fib_route *fr;
	int err;

	memset(rt, 0, sizeof(*rt));
	if (fl.saddr) {
		if (ipv4_is_multicast(fl.saddr) || ipv4_is_lbcast(fl.saddr) ||
		    ipv4_is_zeronet(fl.saddr))
			return -EINVAL;
		dev = inet_addr_owner(stack, fl.saddr);
		if (!dev && !fl.freebind)
			return -EINVAL;
		if (dev && !fl.oif && (ipv4_is_multicast(fl.daddr) || ipv4_is_lbcast(fl.daddr))) {
			/* Multicast and limited broadcast leave by the source's interface. */
			fl.oif = dev->ifindex;
			return mkroute_output(stack, rt, &fl, dev, NULL, RTN_UNICAST, 0);
		}
		dev = NULL;
	}
	if (fl.oif) {
		dev = inet_if_by_index(stack, fl.oif);
		if (!dev)
			return -ENODEV;
		if (!(dev->flags & IFF_UP))
			return -ENETUNREACH;
		if (ipv4_is_local_multicast(fl.daddr) || ipv4_is_lbcast(fl.daddr)) {
			if (!fl.saddr)
				fl.saddr = inet_select_addr(dev, 0, RT_SCOPE_LINK);
			return mkroute_output(stack, rt, &fl, dev, NULL, RTN_UNICAST, 0);
		}
		if (!fl.saddr) {
			if (ipv4_is_multicast(fl.daddr))
				fl.saddr = inet_select_addr(dev, 0, fl.scope);
			else if (!fl.daddr)
				fl.saddr = inet_select_addr(dev, 0, RT_SCOPE_HOST);
		}
	}
	if (!fl.daddr) {
		fl.daddr = fl.saddr;
		if (!fl.daddr)
			fl.daddr = fl.saddr = INADDR_LOOPBACK;
		if (!stack->loopback)
			return -ENETUNREACH;
		return mkroute_output(stack, rt, &fl, stack->loopback, NULL, RTN_LOCAL, RTCF_LOCAL);
	}

	key.daddr = fl.daddr;
	key.tos = fl.tos;
	key.scope = fl.scope;
	key.oif = fl.oif;
	key.ignore_linkstate = false;
	err = fib_lookup(stack, &key, &fr);
	if (err == -ENETUNREACH && fl.oif) {
		/* Linux: with an interface given, an unrouted destination is on its link. */
		if (!fl.saddr)
			fl.saddr = inet_select_addr(dev, 0, RT_SCOPE_LINK);
		return mkroute_output(stack, rt, &fl, dev, NULL, RTN_UNICAST, 0);
	}
	if (err)
		return err;
	if (fr->type == RTN_LOCAL) {
		if (!fl.saddr)
			fl.saddr = fr->prefsrc ? fr->prefsrc : fl.daddr;
		if (!stack->loopback)
			return -ENETUNREACH;
		return mkroute_output(stack, rt, &fl, stack->loopback, fr, RTN_LOCAL, RTCF_LOCAL);
	}
	if (!fl.saddr) {
		if (fr->prefsrc)
			fl.saddr = fr->prefsrc;
		else
			fl.saddr = inet_select_addr(fr->dev, fr->gw,
						    fr->nh_scope == RT_SCOPE_HOST ? RT_SCOPE_LINK :
						    fr->scope);
	}
	return mkroute_output(stack, rt, &fl, fr->dev, fr, fr->type, 0);
}

/* The path MTU cache: a small direct-mapped table of learned values. */
#define PMTU_SLOTS	64

struct pmtu_entry {
	uint32_t daddr;
	unsigned int mtu;
	uint64_t expires;
};

static struct pmtu_entry *
pmtu_slot(struct inet_stack *stack, uint32_t daddr)
{
	struct pmtu_entry *tab = stack->pmtu_cache;

	return tab ? &tab[(daddr * 0x9e3779b1u) >> 26] : NULL;
}

int
ip_rt_init(struct inet_stack *stack)
{
	stack->pmtu_cache = kzalloc(PMTU_SLOTS * sizeof(struct pmtu_entry));
	return stack->pmtu_cache ? 0 : -ENOMEM;
}

void
ip_rt_destroy(struct inet_stack *stack)
{
	kfree(stack->pmtu_cache);
	stack->pmtu_cache = NULL;
}

void
ip_rt_update_pmtu(struct inet_stack *stack, uint32_t daddr, unsigned int mtu, uint64_t now)
{
	struct pmtu_entry *e = pmtu_slot(stack, daddr);

	if (!e)
		return;
	if (mtu < IP_RT_MIN_PMTU)
		mtu = IP_RT_MIN_PMTU;
	if (e->daddr == daddr && e->expires > now && e->mtu <= mtu)
		return;		/* only ever lowered until it expires */
	e->daddr = daddr;
	e->mtu = mtu;
	e->expires = now + IP_RT_MTU_EXPIRES;
}

unsigned int
ip_rt_pmtu(struct inet_stack *stack, uint32_t daddr, uint64_t now)
{
	struct pmtu_entry *e = pmtu_slot(stack, daddr);

	if (!e || e->daddr != daddr || e->expires <= now || !e->mtu)
		return 0;
	return e->mtu;
}
