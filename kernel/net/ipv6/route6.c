// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 routing (include/kernel/net/ipv6.h): the local and main tables,
 * Linux's checks on new routes, longest-prefix lookup, expiry of routes
 * learned from router advertisements, and the path MTU cache.
 *
 * Storage: one list of every route, longest prefix first, then lowest
 * metric, newest first among equals. A guest has a handful of IPv6
 * routes (link-local prefix, a prefix or two from RAs, a default
 * router), a lab router tens; a list walk is the right tool.
 *
 * Lookup (Linux's fib6_lookup + rt6_select, simplified): the local table
 * first, then the others; within a table the longest prefix, then the
 * lowest metric, skipping routes whose device is down; a gateway whose
 * neighbour entry has FAILED is used only if no other route of that
 * prefix length is left (so a dead default router yields to a live one,
 * as RFC 4861 6.3.6 asks and Linux's rt6_select does).
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "uapi/netlink.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

static struct ipv6_state *
ip6(struct inet_stack *stack)
{
	return stack->ip6;
}

static void
rt6_notify(struct inet_stack *stack, int type, struct rt6_route *rt)
{
	if (stack->ops && stack->ops->notify6)
		stack->ops->notify6(stack, type, rt, rt->dev);
}

static bool
rt6_before(const struct rt6_route *a, const struct rt6_route *b)
{
	if (a->dst_len != b->dst_len)
		return a->dst_len > b->dst_len;
	return a->metric <= b->metric;	/* newest first among equals */
}

static void
rt6_insert(struct inet_stack *stack, struct rt6_route *rt)
{
	struct ipv6_state *s = ip6(stack);
	struct rt6_route *pos;

	list_for_each_entry(pos, &s->routes, node) {
		if (rt6_before(rt, pos)) {
			list_add_tail(&rt->node, &pos->node);
			goto added;
		}
	}
	list_add_tail(&rt->node, &s->routes);
added:
	s->nroutes++;
	rt6_notify(stack, RTM_NEWROUTE, rt);
}

static void
rt6_remove(struct inet_stack *stack, struct rt6_route *rt)
{
	list_del(&rt->node);
	ip6(stack)->nroutes--;
	rt6_notify(stack, RTM_DELROUTE, rt);
	kfree(rt);
}

/* The same route as far as NLM_F_EXCL/REPLACE are concerned (Linux's fib6_add_rt2node). */
static struct rt6_route *
rt6_find_same(struct inet_stack *stack, uint32_t table, const struct in6_addr *dst,
	      unsigned int len, uint32_t metric, struct net_if *dev, const struct in6_addr *gw)
{
	struct rt6_route *rt;

	list_for_each_entry(rt, &ip6(stack)->routes, node) {
		if (rt->table != table || rt->dst_len != len || rt->metric != metric ||
		    !ipv6_addr_equal(&rt->dst, dst))
			continue;
		if (dev && rt->dev != dev)
			continue;
		if (gw && !ipv6_addr_equal(&rt->gw, gw))
			continue;
		return rt;
	}
	return NULL;
}

int
rt6_route_add(struct inet_stack *stack, const struct rt6_config *cfg)
{
	struct net_if *dev = NULL;
	struct rt6_route *rt, *old;
	struct in6_addr dst;
	uint32_t table = cfg->table ? cfg->table : RT_TABLE_MAIN;
	uint32_t metric = cfg->metric || cfg->flags & RTF6_LOCAL ? cfg->metric : IP6_RT_PRIO_USER;
	uint8_t type = cfg->type ? cfg->type : RTN_UNICAST;
	bool has_gw = !ipv6_addr_any(&cfg->gw);

	if (cfg->dst_len > 128)
		return -EINVAL;
	ipv6_addr_prefix(&dst, &cfg->dst, cfg->dst_len);
	if (cfg->oif) {
		dev = inet_if_by_index(stack, cfg->oif);
		if (!dev)
			return -ENODEV;
		if (!in6_dev_get(dev))
			return -ENODEV;
	}
	if (type == RTN_UNICAST || type == RTN_LOCAL || type == RTN_MULTICAST) {
		if (has_gw) {
			unsigned int gwtype = ipv6_addr_type(&cfg->gw);

			if (gwtype & IPV6_ADDR_MULTICAST || gwtype == IPV6_ADDR_ANY ||
			    ipv6_chk_addr(stack, &cfg->gw, NULL))
				return -EINVAL;
			if (!(gwtype & IPV6_ADDR_LINKLOCAL)) {
				/* A global gateway must be on-link through a direct route. */
				struct rt6_route *grt = rt6_lookup(stack, &cfg->gw, cfg->oif);

				if (!grt || grt->flags & RTF_GATEWAY)
					return -EHOSTUNREACH;
				if (dev && grt->dev != dev)
					return -EHOSTUNREACH;
				dev = grt->dev;
			} else if (!dev) {
				return -EINVAL;		/* link-local gateway: which link? */
			}
		}
		if (!dev)
			return -ENODEV;
		if (!(dev->flags & IFF_UP))
			return -ENETDOWN;
	}
	if (!ipv6_addr_any(&cfg->prefsrc) && !ipv6_chk_addr(stack, &cfg->prefsrc, NULL))
		return -EINVAL;
	old = rt6_find_same(stack, table, &dst, cfg->dst_len, metric, NULL, NULL);
	if (old && cfg->nlflags & NLM_F_EXCL)
		return -EEXIST;
	if (old && !(cfg->nlflags & NLM_F_REPLACE)) {
		/* Several nexthops for one prefix and metric: only if they differ. */
		if (rt6_find_same(stack, table, &dst, cfg->dst_len, metric, dev,
				  has_gw ? &cfg->gw : &in6addr_any))
			return -EEXIST;
		old = NULL;
	}
	if (!old && (cfg->nlflags & (NLM_F_REPLACE | NLM_F_CREATE)) == NLM_F_REPLACE)
		return -ENOENT;
	rt = kzalloc(sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	rt->table = table;
	rt->dst = dst;
	rt->dst_len = cfg->dst_len;
	rt->gw = cfg->gw;
	rt->prefsrc = cfg->prefsrc;
	rt->dev = dev;
	rt->type = type;
	rt->protocol = cfg->protocol ? cfg->protocol : RTPROT_BOOT;
	rt->metric = metric;
	rt->flags = RTF_UP | (has_gw ? RTF_GATEWAY : 0) | cfg->flags;
	rt->mtu = cfg->mtu;
	rt->pref = ICMPV6_ROUTER_PREF_MEDIUM;
	if (cfg->expires_s) {
		rt->expires = stack->now + (uint64_t)cfg->expires_s * NSEC_PER_SEC;
		rt->flags |= RTF6_EXPIRES;
	}
	if (old)
		rt6_remove(stack, old);
	rt6_insert(stack, rt);
	return 0;
}

int
rt6_route_del(struct inet_stack *stack, const struct rt6_config *cfg)
{
	struct rt6_route *rt;
	struct in6_addr dst;
	uint32_t table = cfg->table ? cfg->table : RT_TABLE_MAIN;

	if (cfg->dst_len > 128)
		return -EINVAL;
	ipv6_addr_prefix(&dst, &cfg->dst, cfg->dst_len);
	list_for_each_entry(rt, &ip6(stack)->routes, node) {
		if (rt->table != table || rt->dst_len != cfg->dst_len ||
		    !ipv6_addr_equal(&rt->dst, &dst))
			continue;
		if (cfg->oif && (!rt->dev || rt->dev->ifindex != cfg->oif))
			continue;
		if (!ipv6_addr_any(&cfg->gw) && !ipv6_addr_equal(&rt->gw, &cfg->gw))
			continue;
		if (cfg->metric && rt->metric != cfg->metric)
			continue;
		if (cfg->protocol && rt->protocol != cfg->protocol)
			continue;
		if (cfg->type && rt->type != cfg->type)
			continue;
		rt6_remove(stack, rt);
		return 0;
	}
	return -ESRCH;
}

void
rt6_flush_dev(struct inet_stack *stack, struct net_if *dev)
{
	struct rt6_route *rt, *n;

	list_for_each_entry_safe(rt, n, &ip6(stack)->routes, node)
		if (rt->dev == dev)
			rt6_remove(stack, rt);
}

/* Remove expired routes; returns the next expiry (NET_TIME_NEVER if none). */
uint64_t
rt6_expire(struct inet_stack *stack, uint64_t now)
{
	struct rt6_route *rt, *n;
	uint64_t next = NET_TIME_NEVER;

	list_for_each_entry_safe(rt, n, &ip6(stack)->routes, node) {
		if (!(rt->flags & RTF6_EXPIRES))
			continue;
		if (rt->expires <= now)
			rt6_remove(stack, rt);
		else if (rt->expires < next)
			next = rt->expires;
	}
	return next;
}

/* 2: the gateway's neighbour is fine or unknown; 1: known to have failed. */
static int
gw_score(struct inet_stack *stack, const struct rt6_route *rt)
{
	struct neighbour *n;

	if (!(rt->flags & RTF_GATEWAY))
		return 2;
	n = neigh_lookup(&ip6(stack)->nd_tbl, rt->dev, rt->gw.s6_addr);
	return n && (n->state & NUD_FAILED) ? 1 : 2;
}

static struct rt6_route *
lookup_table(struct inet_stack *stack, bool local, const struct in6_addr *daddr, int oif)
{
	struct rt6_route *rt, *best = NULL;
	int best_score = 0;

	list_for_each_entry(rt, &ip6(stack)->routes, node) {
		int score;

		if ((rt->table == RT_TABLE_LOCAL) != local)
			continue;
		if (best && rt->dst_len != best->dst_len)
			break;		/* sorted: only shorter prefixes follow */
		if (!ipv6_prefix_equal(&rt->dst, daddr, rt->dst_len))
			continue;
		if (oif && rt->dev && rt->dev->ifindex != oif && rt->type != RTN_LOCAL)
			continue;
		if (rt->dev && !(rt->dev->flags & IFF_UP))
			continue;
		/* Lowest metric first, but not through a router known dead. */
		score = gw_score(stack, rt);
		if (!best || score > best_score) {
			best = rt;
			best_score = score;
		}
	}
	return best;
}

struct rt6_route *
rt6_lookup(struct inet_stack *stack, const struct in6_addr *daddr, int oif)
{
	struct rt6_route *rt = lookup_table(stack, true, daddr, oif);

	return rt ? rt : lookup_table(stack, false, daddr, oif);
}

void
rt6_for_each(struct inet_stack *stack, void (*fn)(struct rt6_route *, void *), void *arg)
{
	struct rt6_route *rt;

	list_for_each_entry(rt, &ip6(stack)->routes, node)
		fn(rt, arg);
}

/* ---- path MTU ---- */

#define PMTU6_SLOTS	64
#define PMTU6_EXPIRES	(600 * NSEC_PER_SEC)	/* net.ipv6.route.mtu_expires */

struct pmtu6_entry {
	struct in6_addr daddr;
	unsigned int mtu;
	uint64_t expires;
};

static struct pmtu6_entry *
pmtu6_slot(struct inet_stack *stack, const struct in6_addr *daddr)
{
	struct pmtu6_entry *tab = ip6(stack)->pmtu;
	uint32_t h = 0;

	if (!tab)
		return NULL;
	for (int i = 0; i < 4; i++)
		h = (h ^ daddr->s6_addr32[i]) * 0x9e3779b1u;
	return &tab[h >> 26];
}

int
rt6_pmtu_init(struct inet_stack *stack)
{
	ip6(stack)->pmtu = kzalloc(PMTU6_SLOTS * sizeof(struct pmtu6_entry));
	return ip6(stack)->pmtu ? 0 : -ENOMEM;
}

void
rt6_pmtu_destroy(struct inet_stack *stack)
{
	kfree(ip6(stack)->pmtu);
	ip6(stack)->pmtu = NULL;
}

void
rt6_update_pmtu(struct inet_stack *stack, const struct in6_addr *daddr, unsigned int mtu)
{
	struct pmtu6_entry *e = pmtu6_slot(stack, daddr);
	uint64_t now = stack->now;

	if (!e)
		return;
	/* Linux never goes below the IPv6 minimum (no atomic fragments, RFC 8021). */
	if (mtu < IPV6_MIN_MTU)
		mtu = IPV6_MIN_MTU;
	if (ipv6_addr_equal(&e->daddr, daddr) && e->expires > now && e->mtu <= mtu)
		return;
	e->daddr = *daddr;
	e->mtu = mtu;
	e->expires = now + PMTU6_EXPIRES;
}

unsigned int
rt6_pmtu(struct inet_stack *stack, const struct in6_addr *daddr)
{
	struct pmtu6_entry *e = pmtu6_slot(stack, daddr);

	if (!e || !ipv6_addr_equal(&e->daddr, daddr) || e->expires <= stack->now)
		return 0;
	return e->mtu;
}

void
rt6_destroy(struct inet_stack *stack)
{
	struct rt6_route *rt, *n;

	list_for_each_entry_safe(rt, n, &ip6(stack)->routes, node) {
		list_del(&rt->node);
		kfree(rt);
	}
	ip6(stack)->nroutes = 0;
	rt6_pmtu_destroy(stack);
}
