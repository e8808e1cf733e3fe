// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 interface state and addresses (include/kernel/net/ipv6.h): what
 * Linux's addrconf.c does for a host.
 *
 * An interface gets its struct inet6_dev when registered. When it is up
 * with carrier (running) it joins ff02::1, gets the multicast route
 * ff00::/8 and its link-local address fe80::<EUI-64 of the MAC>/64
 * (loopback: ::1/128). Going down (administratively) removes every IPv6
 * address of the interface, its routes and neighbours, as Linux does
 * with keep_addr_on_down=0; losing carrier keeps them.
 *
 * An address starts TENTATIVE and runs Duplicate Address Detection
 * (RFC 4862 5.4): after a random delay below rtr_solicit_delay, one
 * Neighbour Solicitation per dad_transmits from ::, retrans_time apart;
 * an NS from :: or an NA for the address meanwhile means a duplicate.
 * A permanent address that fails stays, flagged DADFAILED; an
 * autoconfigured one is removed. Only after DAD does the address get
 * its local route (so it receives traffic) and become a source.
 *
 * When the link-local address is ready and the interface accepts RAs
 * (accept_ra=1 and not forwarding, or accept_ra=2), Router
 * Solicitations go to ff02::2 until an RA arrives: rtr_solicits (-1:
 * forever), rtr_solicit_interval apart with RFC 3315 backoff up to
 * rtr_solicit_max_interval. RAs (addrconf_ra, validated by ndisc.c)
 * give the default router, hop limit, ND timers, MTU and prefixes: an
 * on-link prefix becomes a route, an autonomous /64 an address
 * prefix::<EUI-64> with the advertised lifetimes (every valid lifetime
 * honoured, as Linux since 5.10 deviates from RFC 4862 5.5.3e).
 *
 * Lifetimes and RA routes age on one timer (verify_timer): preferred
 * lifetime over -> DEPRECATED, valid lifetime over -> removed.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "ipv6_impl.h"
#include "uapi/if_addr.h"
#include "uapi/if_arp.h"
#include "uapi/netlink.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

#define RTR_SOLICIT_INTERVAL_MS		4000
#define RTR_SOLICIT_MAX_INTERVAL_MS	3600000
#define RTR_SOLICIT_DELAY_MS		1000

static void
conf_defaults(int *c, bool all)
{
	memset(c, 0, sizeof(int) * DEVCONF_MAX);
	c[DEVCONF_HOPLIMIT] = 64;
	c[DEVCONF_MTU6] = IPV6_MIN_MTU;
	c[DEVCONF_ACCEPT_RA] = 1;
	c[DEVCONF_ACCEPT_REDIRECTS] = 1;
	c[DEVCONF_AUTOCONF] = 1;
	c[DEVCONF_DAD_TRANSMITS] = 1;
	c[DEVCONF_RTR_SOLICITS] = -1;
	c[DEVCONF_RTR_SOLICIT_INTERVAL] = RTR_SOLICIT_INTERVAL_MS;
	c[DEVCONF_RTR_SOLICIT_MAX_INTERVAL] = RTR_SOLICIT_MAX_INTERVAL_MS;
	c[DEVCONF_RTR_SOLICIT_DELAY] = RTR_SOLICIT_DELAY_MS;
	c[DEVCONF_TEMP_VALID_LFT] = 7 * 86400;
	c[DEVCONF_TEMP_PREFERED_LFT] = 86400;
	c[DEVCONF_REGEN_MAX_RETRY] = 3;
	c[DEVCONF_MAX_DESYNC_FACTOR] = 600;
	c[DEVCONF_MAX_ADDRESSES] = 16;
	c[DEVCONF_ACCEPT_RA_DEFRTR] = 1;
	c[DEVCONF_RA_DEFRTR_METRIC] = IP6_RT_PRIO_USER;
	c[DEVCONF_ACCEPT_RA_PINFO] = 1;
	c[DEVCONF_ACCEPT_RA_RTR_PREF] = 1;
	c[DEVCONF_RTR_PROBE_INTERVAL] = 60000;
	c[DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT] = 1;
	c[DEVCONF_ACCEPT_RA_MTU] = 1;
	c[DEVCONF_ACCEPT_DAD] = all ? 0 : 1;
	c[DEVCONF_SUPPRESS_FRAG_NDISC] = 1;
	c[DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL] = 10000;
	c[DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL] = 1000;
	c[DEVCONF_ENHANCED_DAD] = 1;
	c[DEVCONF_NDISC_EVICT_NOCARRIER] = 1;
	c[DEVCONF_STABLE_SECRET] = -1;	/* unset */
}

static struct ipv6_state *
ip6(struct inet_stack *stack)
{
	return stack->ip6;
}

struct inet6_dev *
in6_dev_get(const struct net_if *ifp)
{
	return ifp ? ifp->in6 : NULL;
}

int
in6_dev_conf(const struct net_if *ifp, int devconf)
{
	const struct inet6_dev *idev = in6_dev_get(ifp);
	const int *all = ip6(ifp->stack)->conf_all;

	if (!idev)
		return 0;
	switch (devconf) {
	case DEVCONF_FORWARDING:
		return all[DEVCONF_FORWARDING];
	case DEVCONF_ACCEPT_DAD:
		return all[devconf] > idev->conf[devconf] ? all[devconf] : idev->conf[devconf];
	case DEVCONF_DISABLE_IPV6:
		return idev->conf[devconf];
	default:
		return idev->conf[devconf];
	}
}

bool
ipv6_accept_ra(const struct inet6_dev *idev)
{
	int ra = idev->conf[DEVCONF_ACCEPT_RA];

	return ra == 2 || (ra == 1 && !idev->conf[DEVCONF_FORWARDING]);
}

int
ipv6_hop_limit(const struct net_if *dev)
{
	const struct inet6_dev *idev = in6_dev_get(dev);

	return idev ? idev->conf[DEVCONF_HOPLIMIT] : 64;
}

void
ipv6_set_forwarding(struct inet_stack *stack, int on)
{
	struct net_if *ifp;

	on = !!on;
	ip6(stack)->conf_all[DEVCONF_FORWARDING] = on;
	ip6(stack)->conf_default[DEVCONF_FORWARDING] = on;
	list_for_each_entry(ifp, &stack->ifaces, node) {
		struct inet6_dev *idev = in6_dev_get(ifp);

		if (!idev)
			continue;
		idev->conf[DEVCONF_FORWARDING] = on;
		/* A router listens to ff02::2 (and a host does not). */
		if (!(ifp->flags & IFF_LOOPBACK) && inet_if_running(ifp)) {
			if (on)
				ipv6_mc_join(ifp, &in6addr_linklocal_allrouters);
			else
				ipv6_mc_leave(ifp, &in6addr_linklocal_allrouters);
		}
	}
}

static void
ifa_notify(struct inet6_ifaddr *ifa, int type)
{
	struct inet_stack *stack = ifa->idev->dev->stack;

	if (stack->ops && stack->ops->notify6)
		stack->ops->notify6(stack, type, ifa, ifa->idev->dev);
}

/* ---- multicast memberships ---- */

static struct ifmcaddr6 *
mc_find(struct inet6_dev *idev, const struct in6_addr *group)
{
	struct ifmcaddr6 *mc;

	list_for_each_entry(mc, &idev->mc_list, node)
		if (ipv6_addr_equal(&mc->addr, group))
			return mc;
	return NULL;
}

int
ipv6_mc_join(struct net_if *ifp, const struct in6_addr *group)
{
	struct inet6_dev *idev = in6_dev_get(ifp);
	struct ifmcaddr6 *mc;

	if (!idev)
		return -ENODEV;
	mc = mc_find(idev, group);
	if (mc) {
		mc->users++;
		return 0;
	}
	mc = kzalloc(sizeof(*mc));
	if (!mc)
		return -ENOMEM;
	mc->addr = *group;
	mc->users = 1;
	list_add_tail(&mc->node, &idev->mc_list);
	return 0;
}

void
ipv6_mc_leave(struct net_if *ifp, const struct in6_addr *group)
{
	struct inet6_dev *idev = in6_dev_get(ifp);
	struct ifmcaddr6 *mc = idev ? mc_find(idev, group) : NULL;

	if (mc && !--mc->users) {
		list_del(&mc->node);
		kfree(mc);
	}
}

bool
ipv6_chk_mcast_addr(struct net_if *ifp, const struct in6_addr *group)
{
	struct inet6_dev *idev = in6_dev_get(ifp);

	return idev && mc_find(idev, group);
}

/* ---- routes an address implies ---- */

static void
kernel_route(struct net_if *dev, uint32_t table, const struct in6_addr *dst, unsigned int len,
	     uint8_t type, uint32_t metric, uint8_t protocol, uint32_t expires_s)
{
	struct rt6_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.table = table;
	cfg.dst = *dst;
	cfg.dst_len = (uint8_t)len;
	cfg.oif = dev->ifindex;
	cfg.type = type;
	cfg.metric = metric;
	cfg.protocol = protocol;
	cfg.expires_s = expires_s;
	cfg.flags = protocol == RTPROT_RA ? RTF6_ADDRCONF : 0;
	if (type == RTN_LOCAL)
		cfg.flags |= RTF6_LOCAL;	/* metric 0, as Linux's local routes */
	cfg.nlflags = NLM_F_CREATE | NLM_F_REPLACE;
	rt6_route_add(dev->stack, &cfg);
}

static void
local_route(struct inet6_ifaddr *ifa, bool add)
{
	struct net_if *dev = ifa->idev->dev;
	struct rt6_config cfg;

	if (add) {
		kernel_route(dev, RT_TABLE_LOCAL, &ifa->addr, 128, RTN_LOCAL, 0, RTPROT_KERNEL, 0);
		return;
	}
	/* Metric 0 is "any" to rt6_route_del; match the local route by type. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.table = RT_TABLE_LOCAL;
	cfg.dst = ifa->addr;
	cfg.dst_len = 128;
	cfg.oif = dev->ifindex;
	cfg.type = RTN_LOCAL;
	rt6_route_del(dev->stack, &cfg);
}

static uint32_t
prefix_metric(const struct inet6_ifaddr *ifa)
{
	return ifa->rt_priority ? ifa->rt_priority : IP6_RT_PRIO_ADDRCONF;
}

/* ---- addresses ---- */

static int
rt_scope_of(const struct in6_addr *a)
{
	unsigned int t = ipv6_addr_type(a);

	if (t & IPV6_ADDR_LOOPBACK)
		return RT_SCOPE_HOST;
	if (t & IPV6_ADDR_LINKLOCAL)
		return RT_SCOPE_LINK;
	if (t & IPV6_ADDR_SITELOCAL)
		return RT_SCOPE_SITE;
	return RT_SCOPE_UNIVERSE;
}

struct inet6_ifaddr *
ipv6_get_ifaddr(struct inet_stack *stack, const struct in6_addr *addr, struct net_if *ifp)
{
	struct net_if *dev;

	list_for_each_entry(dev, &stack->ifaces, node) {
		struct inet6_dev *idev = in6_dev_get(dev);
		struct inet6_ifaddr *ifa;

		if (!idev || (ifp && dev != ifp))
			continue;
		list_for_each_entry(ifa, &idev->addrs, node)
			if (ipv6_addr_equal(&ifa->addr, addr))
				return ifa;
	}
	return NULL;
}

bool
ipv6_chk_addr(struct inet_stack *stack, const struct in6_addr *addr, struct net_if *ifp)
{
	struct inet6_ifaddr *ifa = ipv6_get_ifaddr(stack, addr, ifp);

	return ifa && !(ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED));
}

static void dad_timer(struct net_timer *t, uint64_t now);
static void rs_timer(struct net_timer *t, uint64_t now);

static void
schedule_verify(struct inet_stack *stack, uint64_t when)
{
	struct net_timer *t = &ip6(stack)->verify_timer;

	if (!net_timer_pending(t) || t->expires > when)
		net_timer_arm(&stack->timers, t, when);
}

/* Finite lifetimes need the verify timer. */
static void
ifa_lifetimes_changed(struct inet6_ifaddr *ifa)
{
	struct inet_stack *stack = ifa->idev->dev->stack;
	uint64_t when = NET_TIME_NEVER;

	if (ifa->prefered_lft != INFINITY_LIFE_TIME) {
		uint64_t p = ifa->tstamp + (uint64_t)ifa->prefered_lft * NSEC_PER_SEC;

		if (p > stack->now)
			when = p;
	}
	if (ifa->valid_lft != INFINITY_LIFE_TIME) {
		uint64_t v = ifa->tstamp + (uint64_t)ifa->valid_lft * NSEC_PER_SEC;

		if (v < when)
			when = v;
	}
	if (when != NET_TIME_NEVER)
		schedule_verify(stack, when);
}

static void dad_completed(struct inet6_ifaddr *ifa);

static void
dad_start(struct inet6_ifaddr *ifa)
{
	struct inet6_dev *idev = ifa->idev;
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	uint64_t delay;

	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK) || ifa->flags & IFA_F_NODAD ||
	    !in6_dev_conf(dev, DEVCONF_ACCEPT_DAD) || idev->conf[DEVCONF_DAD_TRANSMITS] <= 0) {
		/* Nothing to detect: usable at once. */
		ifa->dad_probes = 0;
		dad_completed(ifa);
		return;
	}
	ifa->flags |= IFA_F_TENTATIVE;
	ifa->dad_probes = idev->conf[DEVCONF_DAD_TRANSMITS];
	if (!inet_if_running(dev))
		return;		/* starts when the link comes */
	delay = net_rng_below(&stack->rng, (uint32_t)(idev->conf[DEVCONF_RTR_SOLICIT_DELAY] ?
						      idev->conf[DEVCONF_RTR_SOLICIT_DELAY] : 1)) *
		NSEC_PER_MSEC;
	net_timer_arm(&stack->timers, &ifa->dad_timer, stack->now + delay);
}

/*
 * manual: configured (by the administrator, or link-local/loopback by the
 * kernel): permanent when its lifetime is infinite, with its prefix route.
 * Otherwise autoconfigured from an RA, whose prefix brings its own route.
 */
static int
add_addr(struct inet6_dev *idev, const struct in6_addr *addr, unsigned int plen,
	 uint32_t flags, uint32_t valid, uint32_t prefered, bool manual,
	 struct inet6_ifaddr **out)
{
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	struct inet6_ifaddr *ifa, *pos;
	struct list_head *where = &idev->addrs;
	struct in6_addr solicit;
	int scope = ipv6_addr_scope(addr);

	if (ipv6_get_ifaddr(stack, addr, dev))
		return -EEXIST;
	ifa = kzalloc(sizeof(*ifa));
	if (!ifa)
		return -ENOMEM;
	ifa->idev = idev;
	ifa->addr = *addr;
	ifa->prefix_len = (uint8_t)plen;
	ifa->scope = (uint8_t)rt_scope_of(addr);
	ifa->flags = flags;
	ifa->manual = manual;
	if (manual && valid == INFINITY_LIFE_TIME)
		ifa->flags |= IFA_F_PERMANENT;
	if (prefered == 0)
		ifa->flags |= IFA_F_DEPRECATED;
	ifa->valid_lft = valid;
	ifa->prefered_lft = prefered;
	ifa->cstamp = ifa->tstamp = stack->now;
	net_timer_init(&ifa->dad_timer, dad_timer);
	/* Wider scope first, newest first within a scope (Linux's ipv6_link_dev_addr). */
	list_for_each_entry(pos, &idev->addrs, node) {
		if (scope >= ipv6_addr_scope(&pos->addr)) {
			where = &pos->node;
			break;
		}
	}
	list_add_tail(&ifa->node, where);
	addrconf_addr_solict_mult(addr, &solicit);
	ipv6_mc_join(dev, &solicit);
	if (manual && plen < 128 && !(flags & IFA_F_NOPREFIXROUTE) && (dev->flags & IFF_UP)) {
		struct in6_addr prefix;

		ipv6_addr_prefix(&prefix, addr, plen);
		kernel_route(dev, RT_TABLE_MAIN, &prefix, plen, RTN_UNICAST, prefix_metric(ifa),
			     RTPROT_KERNEL, 0);
	}
	if (dev->flags & IFF_LOOPBACK) {
		/* ::1 also has its host route in main, as Linux shows it. */
		kernel_route(dev, RT_TABLE_MAIN, addr, 128, RTN_UNICAST, IP6_RT_PRIO_ADDRCONF,
			     RTPROT_KERNEL, 0);
	}
	ifa_lifetimes_changed(ifa);
	ifa_notify(ifa, RTM_NEWADDR);
	dad_start(ifa);
	if (out)
		*out = ifa;
	return 0;
}

static bool
prefix_still_used(struct inet6_ifaddr *gone)
{
	struct inet6_ifaddr *ifa;

	list_for_each_entry(ifa, &gone->idev->addrs, node)
		if (ifa != gone && ifa->prefix_len == gone->prefix_len &&
		    ipv6_prefix_equal(&ifa->addr, &gone->addr, gone->prefix_len))
			return true;
	return false;
}

static void
del_addr(struct inet6_ifaddr *ifa)
{
	struct inet6_dev *idev = ifa->idev;
	struct net_if *dev = idev->dev;
	struct in6_addr solicit;

	net_timer_cancel(&dev->stack->timers, &ifa->dad_timer);
	list_del(&ifa->node);
	ifa->dead = true;
	addrconf_addr_solict_mult(&ifa->addr, &solicit);
	ipv6_mc_leave(dev, &solicit);
	local_route(ifa, false);
	/* The prefix route of a configured address goes with it; an RA's stays. */
	if (ifa->manual && ifa->prefix_len < 128 &&
	    !(ifa->flags & IFA_F_NOPREFIXROUTE) && !prefix_still_used(ifa)) {
		struct in6_addr prefix;
		struct rt6_config cfg;

		ipv6_addr_prefix(&prefix, &ifa->addr, ifa->prefix_len);
		memset(&cfg, 0, sizeof(cfg));
		cfg.dst = prefix;
		cfg.dst_len = ifa->prefix_len;
		cfg.oif = dev->ifindex;
		cfg.metric = prefix_metric(ifa);
		cfg.protocol = RTPROT_KERNEL;
		rt6_route_del(dev->stack, &cfg);
	}
	if (dev->flags & IFF_LOOPBACK) {
		struct rt6_config cfg;

		memset(&cfg, 0, sizeof(cfg));
		cfg.dst = ifa->addr;
		cfg.dst_len = 128;
		cfg.oif = dev->ifindex;
		rt6_route_del(dev->stack, &cfg);
	}
	ifa_notify(ifa, RTM_DELADDR);
	kfree(ifa);
}

int
inet6_addr_add(struct net_if *ifp, const struct in6_addr *addr, unsigned int plen,
	       uint32_t ifa_flags, uint32_t valid_lft, uint32_t prefered_lft, uint64_t now)
{
	struct inet6_dev *idev = in6_dev_get(ifp);
	unsigned int type = ipv6_addr_type(addr);
	int err;

	if (!idev)
		return -ENODEV;
	if (idev->conf[DEVCONF_DISABLE_IPV6])
		return -EACCES;
	if (plen > 128 || type == IPV6_ADDR_ANY || type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_MAPPED))
		return -EINVAL;
	if (!valid_lft || prefered_lft > valid_lft)
		return -EINVAL;
	inet_enter(ifp->stack, now);
	ifa_flags &= IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR |
		     IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN | IFA_F_OPTIMISTIC;
	err = add_addr(idev, addr, plen, ifa_flags, valid_lft, prefered_lft, true, NULL);
	inet_leave(ifp->stack);
	return err;
}

int
inet6_addr_del(struct net_if *ifp, const struct in6_addr *addr, unsigned int plen, uint64_t now)
{
	struct inet6_dev *idev = in6_dev_get(ifp);
	struct inet6_ifaddr *ifa;

	if (!idev)
		return -ENODEV;
	list_for_each_entry(ifa, &idev->addrs, node) {
		if (ifa->prefix_len == plen && ipv6_addr_equal(&ifa->addr, addr)) {
			inet_enter(ifp->stack, now);
			del_addr(ifa);
			inet_leave(ifp->stack);
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}

/* ---- DAD ---- */

static void
rs_start(struct inet6_dev *idev)
{
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	int solicits = idev->conf[DEVCONF_RTR_SOLICITS];
	uint64_t irt = (uint64_t)idev->conf[DEVCONF_RTR_SOLICIT_INTERVAL] * NSEC_PER_MSEC;
	struct inet6_ifaddr *ll = NULL, *ifa;

	if (!ipv6_accept_ra(idev) || !solicits || dev->flags & (IFF_LOOPBACK | IFF_NOARP))
		return;
	list_for_each_entry(ifa, &idev->addrs, node)
		if (ifa->scope == RT_SCOPE_LINK && !(ifa->flags & IFA_F_TENTATIVE))
			ll = ifa;
	if (!ll)
		return;
	ndisc_send_rs(dev, &ll->addr);
	idev->rs_probes = 1;
	/* RFC 3315 14: RT = IRT + RAND * IRT, RAND in [-0.1, 0.1]. */
	idev->rs_interval = irt - irt / 10 + net_rng_u64(&stack->rng) % (irt / 5 + 1);
	net_timer_arm(&stack->timers, &idev->rs_timer, stack->now + idev->rs_interval);
}

static void
rs_timer(struct net_timer *t, uint64_t now)
{
	struct inet6_dev *idev = container_of(t, struct inet6_dev, rs_timer);
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	int solicits = idev->conf[DEVCONF_RTR_SOLICITS];
	uint64_t mrt = (uint64_t)idev->conf[DEVCONF_RTR_SOLICIT_MAX_INTERVAL] * NSEC_PER_MSEC;
	struct inet6_ifaddr *ifa, *ll = NULL;

	if (idev->dead || !ipv6_accept_ra(idev) || !inet_if_running(dev))
		return;
	if (solicits >= 0 && idev->rs_probes >= solicits)
		return;
	list_for_each_entry(ifa, &idev->addrs, node)
		if (ifa->scope == RT_SCOPE_LINK && !(ifa->flags & IFA_F_TENTATIVE))
			ll = ifa;
	ndisc_send_rs(dev, ll ? &ll->addr : &in6addr_any);
	idev->rs_probes++;
	/* RFC 3315 14: RT = 2 RTprev + RAND * RTprev, at most MRT (+RAND). */
	idev->rs_interval = 2 * idev->rs_interval - idev->rs_interval / 10 +
			    net_rng_u64(&stack->rng) % (idev->rs_interval / 5 + 1);
	if (mrt && idev->rs_interval > mrt)
		idev->rs_interval = mrt - mrt / 10 + net_rng_u64(&stack->rng) % (mrt / 5 + 1);
	net_timer_arm(&stack->timers, &idev->rs_timer, now + idev->rs_interval);
}

static void
dad_completed(struct inet6_ifaddr *ifa)
{
	struct inet6_dev *idev = ifa->idev;

	ifa->flags &= ~(IFA_F_TENTATIVE | IFA_F_OPTIMISTIC | IFA_F_DADFAILED);
	if (idev->dev->flags & IFF_UP)
		local_route(ifa, true);
	ifa_notify(ifa, RTM_NEWADDR);
	if (ifa->scope == RT_SCOPE_LINK && !idev->if_ready) {
		idev->if_ready = true;
		rs_start(idev);
	}
}

static void
dad_timer(struct net_timer *t, uint64_t now)
{
	struct inet6_ifaddr *ifa = container_of(t, struct inet6_ifaddr, dad_timer);
	struct inet6_dev *idev = ifa->idev;
	struct net_if *dev = idev->dev;
	int retrans;

	if (ifa->flags & IFA_F_DADFAILED || !(dev->flags & IFF_UP))
		return;
	if (!(ifa->flags & IFA_F_TENTATIVE) || ifa->dad_probes <= 0) {
		dad_completed(ifa);
		return;
	}
	if (!inet_if_running(dev))
		return;
	ifa->dad_probes--;
	retrans = idev->nd_parms.retrans_time_ms;
	if (retrans < 10)
		retrans = 10;
	net_timer_arm(&dev->stack->timers, &ifa->dad_timer,
		      now + (uint64_t)retrans * NSEC_PER_MSEC);
	ndisc_send_ns(dev, &ifa->addr, NULL, &in6addr_any);
}

void
addrconf_dad_failure(struct inet6_ifaddr *ifa)
{
	struct inet6_dev *idev = ifa->idev;
	struct net_if *dev = idev->dev;

	if (!(ifa->flags & IFA_F_TENTATIVE) || ifa->flags & IFA_F_DADFAILED)
		return;
	net_timer_cancel(&dev->stack->timers, &ifa->dad_timer);
	/* accept_dad > 1: a duplicate EUI-64 link-local address disables IPv6 here. */
	if (in6_dev_conf(dev, DEVCONF_ACCEPT_DAD) > 1 && ifa->scope == RT_SCOPE_LINK) {
		struct in6_addr ll;

		ipv6_addr_linklocal_eui64(&ll, dev->addr);
		if (ipv6_addr_equal(&ll, &ifa->addr))
			idev->conf[DEVCONF_DISABLE_IPV6] = 1;
	}
	if (ifa->flags & IFA_F_PERMANENT) {
		ifa->flags |= IFA_F_DADFAILED;
		ifa_notify(ifa, RTM_NEWADDR);
	} else {
		del_addr(ifa);
	}
}

/* ---- router advertisements ---- */

static struct rt6_route *
find_default_router(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *gw)
{
	struct rt6_route *rt;

	list_for_each_entry(rt, &ip6(stack)->routes, node)
		if (rt->dev == dev && rt->dst_len == 0 && rt->table == RT_TABLE_MAIN &&
		    rt->flags & RTF6_DEFAULT && ipv6_addr_equal(&rt->gw, gw))
			return rt;
	return NULL;
}

static void
prefix_rcv(struct inet6_dev *idev, const struct nd_opt_prefix_info *pi)
{
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	uint32_t valid = get_be32(&pi->nd_opt_pi_valid_time);
	uint32_t prefered = get_be32(&pi->nd_opt_pi_preferred_time);
	unsigned int plen = pi->nd_opt_pi_prefix_len;
	struct in6_addr prefix;
	unsigned int type = ipv6_addr_type(&pi->nd_opt_pi_prefix);

	if (plen > 128 || type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL))
		return;
	if (prefered > valid)
		return;		/* "prefix option has invalid lifetime" */
	ipv6_addr_prefix(&prefix, &pi->nd_opt_pi_prefix, plen);
	if (pi->nd_opt_pi_flags_reserved & ND_OPT_PI_FLAG_ONLINK) {
		if (valid == 0) {
			struct rt6_config cfg;

			memset(&cfg, 0, sizeof(cfg));
			cfg.dst = prefix;
			cfg.dst_len = (uint8_t)plen;
			cfg.oif = dev->ifindex;
			cfg.protocol = RTPROT_RA;
			rt6_route_del(stack, &cfg);
		} else {
			kernel_route(dev, RT_TABLE_MAIN, &prefix, plen, RTN_UNICAST,
				     IP6_RT_PRIO_ADDRCONF, RTPROT_RA,
				     valid == INFINITY_LIFE_TIME ? 0 : valid);
		}
	}
	if (!(pi->nd_opt_pi_flags_reserved & ND_OPT_PI_FLAG_AUTO) || !idev->conf[DEVCONF_AUTOCONF])
		return;
	if (plen != 64)
		return;		/* an EUI-64 identifier fills exactly 64 bits */
	{
		struct in6_addr addr = prefix;
		struct inet6_ifaddr *ifa;

		addrconf_ifid_eui48(&addr, dev->addr);
		ifa = ipv6_get_ifaddr(stack, &addr, dev);
		if (!ifa) {
			if (valid)
				add_addr(idev, &addr, plen, 0, valid, prefered, false, NULL);
			return;
		}
		if (ifa->manual)
			return;		/* configured by hand: not the RA's to change */
		ifa->valid_lft = valid;
		ifa->prefered_lft = prefered;
		ifa->tstamp = stack->now;
		if (prefered)
			ifa->flags &= ~IFA_F_DEPRECATED;
		else
			ifa->flags |= IFA_F_DEPRECATED;
		if (!valid) {
			schedule_verify(stack, stack->now);
			return;
		}
		ifa_lifetimes_changed(ifa);
		ifa_notify(ifa, RTM_NEWADDR);
	}
}

void
addrconf_ra(struct net_if *dev, const struct in6_addr *router, const uint8_t *ra,
	    unsigned int len)
{
	struct inet6_dev *idev = in6_dev_get(dev);
	struct inet_stack *stack = dev->stack;
	unsigned int lifetime, off;
	uint32_t reach, retrans;
	struct rt6_route *rt;

	if (!idev || !ipv6_accept_ra(idev))
		return;
	if (!idev->conf[DEVCONF_ACCEPT_RA_FROM_LOCAL] && ipv6_chk_addr(stack, router, NULL))
		return;
	idev->tstamp = stack->now;
	/* The RA stops our solicitations. */
	net_timer_cancel(&stack->timers, &idev->rs_timer);
	lifetime = get_be16(ra + 6);
	if (idev->conf[DEVCONF_ACCEPT_RA_DEFRTR]) {
		rt = find_default_router(stack, dev, router);
		if (rt && !lifetime) {
			struct rt6_config cfg;

			memset(&cfg, 0, sizeof(cfg));
			cfg.gw = *router;
			cfg.oif = dev->ifindex;
			cfg.metric = rt->metric;
			rt6_route_del(stack, &cfg);
		} else if (lifetime) {
			struct rt6_config cfg;

			memset(&cfg, 0, sizeof(cfg));
			cfg.gw = *router;
			cfg.oif = dev->ifindex;
			cfg.metric = (uint32_t)idev->conf[DEVCONF_RA_DEFRTR_METRIC];
			cfg.protocol = RTPROT_RA;
			cfg.flags = RTF6_ADDRCONF | RTF6_DEFAULT;
			cfg.expires_s = lifetime;
			cfg.nlflags = NLM_F_CREATE | NLM_F_REPLACE;
			if (rt) {
				rt->expires = stack->now + (uint64_t)lifetime * NSEC_PER_SEC;
				rt->flags |= RTF6_EXPIRES;
			} else if (!rt6_route_add(stack, &cfg)) {
				rt = find_default_router(stack, dev, router);
			}
			/* The RA's hop limit goes on the route too ("hoplimit 64"). */
			if (rt && ra[4])
				rt->hoplimit = ra[4];
			schedule_verify(stack, stack->now + (uint64_t)lifetime * NSEC_PER_SEC);
		}
	}
	if (ra[4] && ra[4] >= idev->conf[DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT])
		idev->conf[DEVCONF_HOPLIMIT] = ra[4];
	reach = get_be32(ra + 8);
	retrans = get_be32(ra + 12);
	if (reach && reach / 1000 < 3600) {
		idev->nd_parms.base_reachable_time_ms = (int)reach;
		idev->nd_parms.reachable_time = neigh_rand_reach_time(&stack->rng, (int)reach);
	}
	if (retrans && retrans / 1000 < 3600)
		idev->nd_parms.retrans_time_ms = (int)retrans;
	/* Options after the 16-byte RA body (already checked by ndisc). */
	for (off = 16; off + 2 <= len && ra[off + 1]; off += ra[off + 1] * 8u) {
		const uint8_t *o = ra + off;
		unsigned int olen = o[1] * 8u;

		if (off + olen > len)
			break;
		if (o[0] == ND_OPT_PREFIX_INFORMATION && olen == 32 &&
		    idev->conf[DEVCONF_ACCEPT_RA_PINFO]) {
			struct nd_opt_prefix_info pi;

			memcpy(&pi, o, sizeof(pi));
			prefix_rcv(idev, &pi);
		} else if (o[0] == ND_OPT_MTU && olen == 8 && idev->conf[DEVCONF_ACCEPT_RA_MTU]) {
			uint32_t mtu = get_be32(o + 4);

			if (mtu >= IPV6_MIN_MTU && mtu <= dev->mtu)
				idev->mtu6 = mtu;
		}
	}
}

/* ---- lifetimes ---- */

static void
verify_timer(struct net_timer *t, uint64_t now)
{
	struct ipv6_state *s = container_of(t, struct ipv6_state, verify_timer);

	(void)now;
	addrconf_verify(s->stack);
}

void
addrconf_verify(struct inet_stack *stack)
{
	uint64_t now = stack->now, next = rt6_expire(stack, now);
	struct net_if *dev;

	list_for_each_entry(dev, &stack->ifaces, node) {
		struct inet6_dev *idev = in6_dev_get(dev);
		struct inet6_ifaddr *ifa, *tmp;

		if (!idev)
			continue;
		list_for_each_entry_safe(ifa, tmp, &idev->addrs, node) {
			uint64_t valid_end, pref_end;

			if (ifa->flags & IFA_F_PERMANENT)
				continue;
			valid_end = ifa->valid_lft == INFINITY_LIFE_TIME ? NET_TIME_NEVER :
				    ifa->tstamp + (uint64_t)ifa->valid_lft * NSEC_PER_SEC;
			pref_end = ifa->prefered_lft == INFINITY_LIFE_TIME ? NET_TIME_NEVER :
				   ifa->tstamp + (uint64_t)ifa->prefered_lft * NSEC_PER_SEC;
			if (valid_end <= now) {
				del_addr(ifa);
				continue;
			}
			if (pref_end <= now && !(ifa->flags & IFA_F_DEPRECATED)) {
				ifa->flags |= IFA_F_DEPRECATED;
				ifa_notify(ifa, RTM_NEWADDR);
			}
			if (pref_end > now && pref_end < next)
				next = pref_end;
			if (valid_end < next)
				next = valid_end;
		}
	}
	if (next != NET_TIME_NEVER)
		net_timer_arm(&stack->timers, &ip6(stack)->verify_timer, next);
}

/* ---- interface events ---- */

static void
dev_configure(struct inet6_dev *idev)
{
	struct net_if *dev = idev->dev;
	struct in6_addr a;

	struct inet6_ifaddr *ifa;

	if (idev->configured || idev->conf[DEVCONF_DISABLE_IPV6] || dev->mtu < IPV6_MIN_MTU)
		return;
	idev->configured = true;
	idev->mtu6 = dev->mtu;
	/* Addresses given while the interface was down get their prefix routes now. */
	list_for_each_entry(ifa, &idev->addrs, node) {
		if (!(ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)))
			local_route(ifa, true);
		if (ifa->manual && ifa->prefix_len < 128 &&
		    !(ifa->flags & IFA_F_NOPREFIXROUTE)) {
			ipv6_addr_prefix(&a, &ifa->addr, ifa->prefix_len);
			kernel_route(dev, RT_TABLE_MAIN, &a, ifa->prefix_len, RTN_UNICAST,
				     prefix_metric(ifa), RTPROT_KERNEL, 0);
		}
	}
	if (dev->flags & IFF_LOOPBACK) {
		add_addr(idev, &in6addr_loopback, 128, 0, INFINITY_LIFE_TIME, INFINITY_LIFE_TIME,
			 true, NULL);
		return;
	}
	ipv6_mc_join(dev, &in6addr_linklocal_allnodes);
	if (idev->conf[DEVCONF_FORWARDING])
		ipv6_mc_join(dev, &in6addr_linklocal_allrouters);
	if (dev->flags & IFF_MULTICAST) {
		memset(&a, 0, sizeof(a));
		a.s6_addr[0] = 0xff;
		kernel_route(dev, RT_TABLE_LOCAL, &a, 8, RTN_MULTICAST, IP6_RT_PRIO_ADDRCONF,
			     RTPROT_KERNEL, 0);
	}
	if (idev->conf[DEVCONF_ADDR_GEN_MODE] == 0 && dev->type == ARPHRD_ETHER) {
		ipv6_addr_linklocal_eui64(&a, dev->addr);
		add_addr(idev, &a, 64, 0, INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, true, NULL);
	}
}

static void
dev_down(struct inet6_dev *idev)
{
	struct net_if *dev = idev->dev;
	struct inet_stack *stack = dev->stack;
	struct inet6_ifaddr *ifa, *tmp;
	struct ifmcaddr6 *mc, *mt;

	net_timer_cancel(&stack->timers, &idev->rs_timer);
	idev->if_ready = false;
	idev->configured = false;
	idev->rs_probes = 0;
	list_for_each_entry_safe(ifa, tmp, &idev->addrs, node)
		del_addr(ifa);
	rt6_flush_dev(stack, dev);
	neigh_ifdown(&ip6(stack)->nd_tbl, dev);
	ip6frag_flush_dev(stack, dev);
	list_for_each_entry_safe(mc, mt, &idev->mc_list, node) {
		list_del(&mc->node);
		kfree(mc);
	}
}

void
addrconf_notify(struct net_if *dev, int event)
{
	struct inet_stack *stack = dev->stack;
	struct inet6_dev *idev = in6_dev_get(dev);

	switch (event) {
	case NETDEV6_REGISTER:
		idev = kzalloc(sizeof(*idev));
		if (!idev)
			return;		/* no IPv6 on this interface */
		idev->dev = dev;
		list_init(&idev->addrs);
		list_init(&idev->mc_list);
		memcpy(idev->conf, ip6(stack)->conf_default, sizeof(idev->conf));
		idev->conf[DEVCONF_MTU6] = (int)dev->mtu;
		neigh_parms_init(&idev->nd_parms, &stack->rng);
		net_timer_init(&idev->rs_timer, rs_timer);
		idev->mtu6 = dev->mtu;
		dev->in6 = idev;
		if (inet_if_running(dev))
			dev_configure(idev);
		return;
	case NETDEV6_UNREGISTER:
		if (!idev)
			return;
		dev_down(idev);
		idev->dead = true;
		dev->in6 = NULL;
		kfree(idev);
		return;
	}
	if (!idev)
		return;
	switch (event) {
	case NETDEV6_UP:
	case NETDEV6_CHANGE:
		/* Configured once the link is up and has carrier; carrier loss keeps it. */
		if (inet_if_running(dev)) {
			struct inet6_ifaddr *ifa;

			dev_configure(idev);
			/* Addresses still tentative (added while down, or carrier back) start DAD. */
			list_for_each_entry(ifa, &idev->addrs, node)
				if (ifa->flags & IFA_F_TENTATIVE && !(ifa->flags & IFA_F_DADFAILED) &&
				    !net_timer_pending(&ifa->dad_timer))
					dad_start(ifa);
		}
		break;
	case NETDEV6_DOWN:
		dev_down(idev);
		break;
	case NETDEV6_CHANGEADDR:
		if (dev->flags & IFF_UP) {
			dev_down(idev);
			if (inet_if_running(dev))
				dev_configure(idev);
		}
		break;
	case NETDEV6_CHANGEMTU:
		if (dev->mtu < IPV6_MIN_MTU) {
			dev_down(idev);
		} else {
			idev->mtu6 = dev->mtu;
			idev->conf[DEVCONF_MTU6] = (int)dev->mtu;
			if (inet_if_running(dev))
				dev_configure(idev);
		}
		break;
	}
}

/* ---- source address selection (RFC 6724, the rules Linux applies) ---- */

struct saddr_score {
	const struct inet6_ifaddr *ifa;
	int scope;
	bool same, deprecated, oif;
	unsigned int prefix;
};

/* Is a a better source than b for dst (scope dscope)? */
static bool
saddr_better(const struct saddr_score *a, const struct saddr_score *b, int dscope)
{
	if (!b->ifa)
		return true;
	/* Rule 1: the destination itself. */
	if (a->same != b->same)
		return a->same;
	/* Rule 2: appropriate scope. */
	if (a->scope != b->scope) {
		if (a->scope < b->scope)
			return a->scope >= dscope;
		return b->scope < dscope;
	}
	/* Rule 3: avoid deprecated addresses. */
	if (a->deprecated != b->deprecated)
		return !a->deprecated;
	/* Rule 5: the outgoing interface's. */
	if (a->oif != b->oif)
		return a->oif;
	/* Rule 8: longest matching prefix (within the address's own prefix). */
	return a->prefix > b->prefix;
}

static void
score_dev(struct net_if *dev, const struct in6_addr *daddr, int dscope, struct net_if *out,
	  struct saddr_score *best)
{
	struct inet6_dev *idev = in6_dev_get(dev);
	struct inet6_ifaddr *ifa;

	if (!idev)
		return;
	list_for_each_entry(ifa, &idev->addrs, node) {
		struct saddr_score s;

		if (ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
			continue;
		s.ifa = ifa;
		s.scope = ipv6_addr_scope(&ifa->addr);
		/* ::1 serves only destinations on this host. */
		if (ipv6_addr_loopback(&ifa->addr) && !(out && out->flags & IFF_LOOPBACK) &&
		    !ipv6_addr_loopback(daddr))
			continue;
		s.same = ipv6_addr_equal(&ifa->addr, daddr);
		s.deprecated = ifa->flags & IFA_F_DEPRECATED;
		s.oif = dev == out;
		s.prefix = ipv6_addr_diff(&ifa->addr, daddr);
		if (s.prefix > ifa->prefix_len)
			s.prefix = ifa->prefix_len;
		if (saddr_better(&s, best, dscope))
			*best = s;
	}
}

int
ipv6_dev_get_saddr(struct inet_stack *stack, struct net_if *dev,
		   const struct in6_addr *daddr, struct in6_addr *saddr)
{
	struct saddr_score best = { 0 };
	int dscope = ipv6_addr_scope(daddr);
	struct net_if *d;

	if (dev && (ipv6_addr_is_multicast(daddr) || dscope <= IPV6_ADDR_SCOPE_LINKLOCAL)) {
		score_dev(dev, daddr, dscope, dev, &best);
	} else {
		list_for_each_entry(d, &stack->ifaces, node)
			score_dev(d, daddr, dscope, dev, &best);
	}
	if (!best.ifa)
		return -EADDRNOTAVAIL;
	*saddr = best.ifa->addr;
	return 0;
}

/* ---- setup ---- */

int
addrconf_init(struct inet_stack *stack)
{
	struct ipv6_state *s = ip6(stack);

	conf_defaults(s->conf_all, true);
	conf_defaults(s->conf_default, false);
	s->stack = stack;
	net_timer_init(&s->verify_timer, verify_timer);
	return 0;
}

void
addrconf_destroy(struct inet_stack *stack)
{
	net_timer_cancel(&stack->timers, &ip6(stack)->verify_timer);
}
