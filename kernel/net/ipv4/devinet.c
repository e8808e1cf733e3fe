// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interfaces and their IPv4 addresses (include/kernel/net/inet.h):
 * registration, up/down and carrier, the addresses with Linux's primary
 * and secondary rules and the routes each address implies (Linux's
 * devinet.c and fib_add_ifaddr/fib_del_ifaddr), source address
 * selection, per-device configuration, multicast memberships.
 *
 * The kernel routes an address implies (all RTPROT_KERNEL, prefsrc the
 * subnet's primary address):
 *   local <addr>            table local, scope host     (always)
 *   broadcast <brd>         table local, scope link     (if up; explicit brd)
 *   <prefix>/<len>          table main,  scope link     (if up, primary)
 *   broadcast <prefix|~mask> table local, scope link    (if up, primary, len < 31)
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/arp.h"
#include "kernel/net/inet.h"
#include "kernel/net/ip.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/route.h"
#include "uapi/if_arp.h"
#include "uapi/in.h"
#include "uapi/netlink.h"
#include "uapi/rtnetlink.h"

#define CONF(ifp, x)	IN_CONF((ifp)->in.conf, x)

/* IPv6 follows every interface change (addrconf.c). */
static void
ipv6_event(struct net_if *ifp, int event)
{
	if (ifp->stack && ifp->stack->ip6)
		addrconf_notify(ifp, event);
}
#define ALL(ifp, x)	IN_CONF((ifp)->stack->conf_all, x)

bool in_dev_forward(const struct net_if *ifp) { return CONF(ifp, FORWARDING); }
int in_dev_arp_ignore(const struct net_if *ifp)
{
	return ALL(ifp, ARP_IGNORE) > CONF(ifp, ARP_IGNORE) ? ALL(ifp, ARP_IGNORE) : CONF(ifp, ARP_IGNORE);
}
int in_dev_arp_announce(const struct net_if *ifp)
{
	return ALL(ifp, ARP_ANNOUNCE) > CONF(ifp, ARP_ANNOUNCE) ? ALL(ifp, ARP_ANNOUNCE) :
		CONF(ifp, ARP_ANNOUNCE);
}
bool in_dev_arp_accept(const struct net_if *ifp) { return ALL(ifp, ARP_ACCEPT) || CONF(ifp, ARP_ACCEPT); }
bool in_dev_arp_notify(const struct net_if *ifp) { return ALL(ifp, ARP_NOTIFY) || CONF(ifp, ARP_NOTIFY); }
bool in_dev_arp_filter(const struct net_if *ifp) { return ALL(ifp, ARPFILTER) || CONF(ifp, ARPFILTER); }
bool in_dev_accept_redirects(const struct net_if *ifp)
{
	if (in_dev_forward(ifp))
		return ALL(ifp, ACCEPT_REDIRECTS) && CONF(ifp, ACCEPT_REDIRECTS);
	return ALL(ifp, ACCEPT_REDIRECTS) || CONF(ifp, ACCEPT_REDIRECTS);
}
bool in_dev_send_redirects(const struct net_if *ifp) { return ALL(ifp, SEND_REDIRECTS) || CONF(ifp, SEND_REDIRECTS); }
bool in_dev_shared_media(const struct net_if *ifp) { return ALL(ifp, SHARED_MEDIA) || CONF(ifp, SHARED_MEDIA); }
bool in_dev_route_localnet(const struct net_if *ifp) { return ALL(ifp, ROUTE_LOCALNET) || CONF(ifp, ROUTE_LOCALNET); }
bool in_dev_accept_local(const struct net_if *ifp) { return ALL(ifp, ACCEPT_LOCAL) || CONF(ifp, ACCEPT_LOCAL); }
bool in_dev_promote_secondaries(const struct net_if *ifp)
{
	return ALL(ifp, PROMOTE_SECONDARIES) || CONF(ifp, PROMOTE_SECONDARIES);
}
bool in_dev_ignore_linkdown(const struct net_if *ifp)
{
	return ALL(ifp, IGNORE_ROUTES_WITH_LINKDOWN) || CONF(ifp, IGNORE_ROUTES_WITH_LINKDOWN);
}
bool in_dev_bc_forwarding(const struct net_if *ifp) { return ALL(ifp, BC_FORWARDING) && CONF(ifp, BC_FORWARDING); }
bool in_dev_drop_gratuitous_arp(const struct net_if *ifp)
{
	return ALL(ifp, DROP_GRATUITOUS_ARP) || CONF(ifp, DROP_GRATUITOUS_ARP);
}

void
inet_set_forwarding(struct inet_stack *stack, int on)
{
	struct net_if *ifp;

	on = !!on;
	IN_CONF(stack->conf_all, FORWARDING) = on;
	IN_CONF(stack->conf_default, FORWARDING) = on;
	IN_CONF(stack->conf_all, ACCEPT_REDIRECTS) = !on;
	list_for_each_entry(ifp, &stack->ifaces, node)
		CONF(ifp, FORWARDING) = on;
}

static void
notify(struct net_if *ifp, int type, const void *obj)
{
	struct inet_stack *stack = ifp->stack;

	if (stack->ops && stack->ops->notify)
		stack->ops->notify(stack, type, obj, ifp);
}

struct net_if *
inet_if_by_index(struct inet_stack *stack, int ifindex)
{
	struct net_if *ifp;

	list_for_each_entry(ifp, &stack->ifaces, node)
		if (ifp->ifindex == ifindex)
			return ifp;
	return NULL;
}

struct net_if *
inet_if_by_name(struct inet_stack *stack, const char *name)
{
	struct net_if *ifp;

	list_for_each_entry(ifp, &stack->ifaces, node)
		if (!strncmp(ifp->name, name, IFNAMSIZ))
			return ifp;
	return NULL;
}

static void
update_running(struct net_if *ifp)
{
	if ((ifp->flags & IFF_UP) && ifp->carrier)
		ifp->flags |= IFF_RUNNING | IFF_LOWER_UP;
	else
		ifp->flags &= ~(IFF_RUNNING | IFF_LOWER_UP);
}

int
inet_if_register(struct inet_stack *stack, struct net_if *ifp, uint64_t now)
{
	struct net_if *other;
	struct list_head *pos = &stack->ifaces;

	if (ifp->ifindex <= 0 || !ifp->name[0] || ifp->name[IFNAMSIZ - 1])
		return -EINVAL;
	list_for_each_entry(other, &stack->ifaces, node) {
		if (other->ifindex == ifp->ifindex || !strncmp(other->name, ifp->name, IFNAMSIZ))
			return -EEXIST;
		if (other->ifindex < ifp->ifindex)
			pos = &other->node;
	}
	ifp->stack = stack;
	ifp->flags &= IFF_LOOPBACK | IFF_BROADCAST | IFF_MULTICAST | IFF_NOARP | IFF_POINTOPOINT;
	if (ifp->flags & IFF_LOOPBACK) {
		ifp->flags |= IFF_NOARP;
		ifp->carrier = true;
		if (!ifp->mtu)
			ifp->mtu = 65536;
	}
	if (!ifp->mtu)
		ifp->mtu = ETH_DATA_LEN;
	if (!ifp->min_mtu)
		ifp->min_mtu = ETH_MIN_MTU;
	if (!ifp->max_mtu)
		ifp->max_mtu = (ifp->flags & IFF_LOOPBACK) ? 0x7fffffff : ETH_MAX_MTU;
	if (!ifp->txqueuelen)
		ifp->txqueuelen = 1000;
	if (!ifp->txq_limit)
		ifp->txq_limit = ifp->txqueuelen;
	if (!(ifp->flags & IFF_LOOPBACK))
		memset(ifp->broadcast, 0xff, ETH_ALEN);
	pkt_queue_init(&ifp->txq);
	list_init(&ifp->in.addrs);
	list_init(&ifp->in.mc_list);
	memcpy(ifp->in.conf, stack->conf_default, sizeof(ifp->in.conf));
	if (ifp->flags & IFF_LOOPBACK) {
		IN_CONF(ifp->in.conf, NOXFRM) = 1;
		IN_CONF(ifp->in.conf, NOPOLICY) = 1;
	}
	neigh_parms_init(&ifp->in.arp_parms, &stack->rng);
	ifp->in.dead = false;
	update_running(ifp);
	list_add(&ifp->node, pos);
	if (ifp->flags & IFF_LOOPBACK)
		stack->loopback = ifp;
	inet_enter(stack, now);
	notify(ifp, RTM_NEWLINK, NULL);
	ipv6_event(ifp, NETDEV6_REGISTER);
	inet_leave(stack);
	return 0;
}

/* Routes for one address (Linux's fib_add_ifaddr); prim is the subnet's primary. */
static void
fib_magic(struct net_if *ifp, int type, uint32_t table, uint32_t dst, int len,
	  uint32_t prefsrc, uint32_t priority, bool del)
{
	struct fib_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.table = table;
	cfg.dst = dst;
	cfg.dst_len = (uint8_t)len;
	cfg.type = (uint8_t)type;
	cfg.protocol = RTPROT_KERNEL;
	cfg.prefsrc = prefsrc;
	cfg.priority = priority;
	cfg.oif = ifp->ifindex;
	cfg.nlflags = NLM_F_CREATE | NLM_F_APPEND;
	if (type == RTN_LOCAL)
		cfg.scope = RT_SCOPE_HOST;
	else if (type == RTN_UNICAST || type == RTN_BROADCAST)
		cfg.scope = RT_SCOPE_LINK;
	if (del) {
		cfg.scope = RT_SCOPE_NOWHERE;
		fib_route_del(ifp->stack, &cfg);
	} else {
		fib_route_add(ifp->stack, &cfg);
	}
}

static struct in_ifaddr *
primary_of(struct net_if *ifp, const struct in_ifaddr *ifa)
{
	struct in_ifaddr *p;

	if (!(ifa->flags & IFA_F_SECONDARY))
		return (struct in_ifaddr *)ifa;
	list_for_each_entry(p, &ifp->in.addrs, node)
		if (!(p->flags & IFA_F_SECONDARY) && p->mask == ifa->mask &&
		    !((p->address ^ ifa->address) & ifa->mask))
			return p;
	return NULL;
}

static void
fib_add_ifaddr(struct net_if *ifp, struct in_ifaddr *ifa)
{
	struct in_ifaddr *prim = primary_of(ifp, ifa);
	uint32_t prefix = ifa->address & ifa->mask;

	if (!prim)
		return;
	fib_magic(ifp, RTN_LOCAL, RT_TABLE_LOCAL, ifa->local, 32, prim->local, 0, false);
	if (!(ifp->flags & IFF_UP))
		return;
	if (ifa->broadcast && ifa->broadcast != 0xffffffffU)
		fib_magic(ifp, RTN_BROADCAST, RT_TABLE_LOCAL, ifa->broadcast, 32, prim->local, 0, false);
	if (!ipv4_is_zeronet(prefix) && !(ifa->flags & IFA_F_SECONDARY) &&
	    (prefix != ifa->local || ifa->prefixlen < 32)) {
		if (!(ifa->flags & IFA_F_NOPREFIXROUTE))
			fib_magic(ifp, (ifp->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST,
				  (ifp->flags & IFF_LOOPBACK) ? RT_TABLE_LOCAL : RT_TABLE_MAIN,
				  prefix, ifa->prefixlen, prim->local, ifa->rt_priority, false);
		if (ifa->prefixlen < 31)
			fib_magic(ifp, RTN_BROADCAST, RT_TABLE_LOCAL, prefix | ~ifa->mask, 32,
				  prim->local, 0, false);
	}
}

/* Is a route for this (type, dst) still justified by another address? */
static bool
still_needed(struct net_if *ifp, const struct in_ifaddr *gone, int what, uint32_t dst)
{
	struct net_if *any;
	struct in_ifaddr *a;

	list_for_each_entry(any, &ifp->stack->ifaces, node) {
		list_for_each_entry(a, &any->in.addrs, node) {
			if (a == gone)
				continue;
			if (what == RTN_LOCAL && a->local == dst)
				return true;
			if (any != ifp)
				continue;
			if (what == RTN_BROADCAST &&
			    (a->broadcast == dst ||
			     (!(a->flags & IFA_F_SECONDARY) && a->prefixlen < 31 &&
			      ((a->address & a->mask) | ~a->mask) == dst)))
				return true;
		}
	}
	return false;
}

/* Remove the routes of ifa (Linux's fib_del_ifaddr, simplified to its effect). */
static void
fib_del_ifaddr(struct net_if *ifp, struct in_ifaddr *ifa)
{
	uint32_t prefix = ifa->address & ifa->mask;

	if (!still_needed(ifp, ifa, RTN_LOCAL, ifa->local))
		fib_magic(ifp, RTN_LOCAL, RT_TABLE_LOCAL, ifa->local, 32, 0, 0, true);
	if (ifa->broadcast && !still_needed(ifp, ifa, RTN_BROADCAST, ifa->broadcast))
		fib_magic(ifp, RTN_BROADCAST, RT_TABLE_LOCAL, ifa->broadcast, 32, 0, 0, true);
	if (ifa->flags & IFA_F_SECONDARY)
		return;
	fib_magic(ifp, (ifp->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST,
		  (ifp->flags & IFF_LOOPBACK) ? RT_TABLE_LOCAL : RT_TABLE_MAIN,
		  prefix, ifa->prefixlen, 0, ifa->rt_priority, true);
	if (ifa->prefixlen < 31 && !still_needed(ifp, ifa, RTN_BROADCAST, prefix | ~ifa->mask))
		fib_magic(ifp, RTN_BROADCAST, RT_TABLE_LOCAL, prefix | ~ifa->mask, 32, 0, 0, true);
}

int
inet_addr_add(struct net_if *ifp, struct in_ifaddr *ifa, uint64_t now)
{
	struct in_ifaddr *a;
	struct list_head *last_primary = &ifp->in.addrs;

	if (ifa->prefixlen > 32 || ifp->in.dead) {
		kfree(ifa);
		return -EINVAL;
	}
	if (!ifa->address)
		ifa->address = ifa->local;
	ifa->mask = inet_make_mask(ifa->prefixlen);
	ifa->flags &= ~IFA_F_SECONDARY;
	if (!ifa->label[0])
		memcpy(ifa->label, ifp->name, IFNAMSIZ);
	if (!ifa->valid_lft)
		ifa->valid_lft = ifa->preferred_lft = 0xffffffffU;
	list_for_each_entry(a, &ifp->in.addrs, node) {
		if (!(a->flags & IFA_F_SECONDARY) && ifa->scope <= a->scope)
			last_primary = &a->node;
		if (a->mask == ifa->mask && !((a->address ^ ifa->address) & ifa->mask)) {
			if (a->local == ifa->local) {
				kfree(ifa);
				return -EEXIST;
			}
			if (a->scope != ifa->scope) {
				kfree(ifa);
				return -EINVAL;
			}
			ifa->flags |= IFA_F_SECONDARY;
		}
	}
	ifa->cstamp = ifa->tstamp = now;
	if (ifa->flags & IFA_F_SECONDARY)
		list_add_tail(&ifa->node, &ifp->in.addrs);
	else
		list_add(&ifa->node, last_primary);
	notify(ifp, RTM_NEWADDR, ifa);
	fib_add_ifaddr(ifp, ifa);
	return 0;
}

static void
ifa_remove(struct net_if *ifp, struct in_ifaddr *ifa)
{
	list_del(&ifa->node);
	notify(ifp, RTM_DELADDR, ifa);
	fib_del_ifaddr(ifp, ifa);
	kfree(ifa);
}

static bool
same_subnet(const struct in_ifaddr *a, const struct in_ifaddr *b)
{
	return a->mask == b->mask && !((a->address ^ b->address) & a->mask);
}

int
inet_addr_del(struct net_if *ifp, uint32_t local, uint8_t prefixlen, const char *label,
	      uint64_t now)
{
	struct in_ifaddr *ifa, *a, *tmp, *promote = NULL;

	(void)now;
	list_for_each_entry(ifa, &ifp->in.addrs, node) {
		if (ifa->local != local || ifa->prefixlen != prefixlen)
			continue;
		if (label && strncmp(label, ifa->label, IFNAMSIZ))
			continue;
		goto found;
	}
	return -EADDRNOTAVAIL;
found:
	if (!(ifa->flags & IFA_F_SECONDARY)) {
		/* Its secondaries go too, unless one is promoted. */
		list_for_each_entry_safe(a, tmp, &ifp->in.addrs, node) {
			if (a == ifa || !(a->flags & IFA_F_SECONDARY) || !same_subnet(a, ifa))
				continue;
			if (in_dev_promote_secondaries(ifp)) {
				promote = a;
				break;
			}
			ifa_remove(ifp, a);
		}
	}
	if (promote) {
		/* The subnet's routes change prefsrc: remove them, re-add below. */
		list_for_each_entry(a, &ifp->in.addrs, node)
			if (a != ifa && same_subnet(a, ifa))
				fib_magic(ifp, RTN_LOCAL, RT_TABLE_LOCAL, a->local, 32, 0, 0, true);
	}
	ifa_remove(ifp, ifa);
	if (promote) {
		promote->flags &= ~IFA_F_SECONDARY;
		/* It becomes the last primary: move it after the primaries. */
		list_del(&promote->node);
		{
			struct list_head *pos = &ifp->in.addrs;

			list_for_each_entry(a, &ifp->in.addrs, node)
				if (!(a->flags & IFA_F_SECONDARY))
					pos = &a->node;
			list_add(&promote->node, pos);
		}
		notify(ifp, RTM_NEWADDR, promote);
		list_for_each_entry(a, &ifp->in.addrs, node)
			if (same_subnet(a, promote))
				fib_add_ifaddr(ifp, a);
	}
	return 0;
}

struct in_ifaddr *
inet_ifa_find(struct net_if *ifp, uint32_t local)
{
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node)
		if (ifa->local == local)
			return ifa;
	return NULL;
}

struct net_if *
inet_addr_owner(struct inet_stack *stack, uint32_t addr)
{
	struct net_if *ifp;

	list_for_each_entry(ifp, &stack->ifaces, node)
		if (inet_ifa_find(ifp, addr))
			return ifp;
	return NULL;
}

bool
inet_addr_is_local(struct inet_stack *stack, uint32_t addr)
{
	return inet_addr_owner(stack, addr) != NULL;
}

struct in_ifaddr *
inet_ifa_primary(struct net_if *ifp)
{
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node)
		if (!(ifa->flags & IFA_F_SECONDARY))
			return ifa;
	return NULL;
}

static uint32_t
in_dev_select_addr(struct net_if *ifp, int scope)
{
	int localnet = in_dev_route_localnet(ifp) ? RT_SCOPE_LINK : RT_SCOPE_HOST;
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node) {
		if (ifa->flags & IFA_F_SECONDARY)
			continue;
		if ((ifa->scope < localnet ? ifa->scope : localnet) <= scope)
			return ifa->local;
	}
	return 0;
}

uint32_t
inet_select_addr(struct net_if *ifp, uint32_t dst, int scope)
{
	int localnet = in_dev_route_localnet(ifp) ? RT_SCOPE_LINK : RT_SCOPE_HOST;
	struct in_ifaddr *ifa;
	struct net_if *other;
	uint32_t addr = 0;

	list_for_each_entry(ifa, &ifp->in.addrs, node) {
		if (ifa->flags & IFA_F_SECONDARY)
			continue;
		if ((ifa->scope < localnet ? ifa->scope : localnet) > scope)
			continue;
		if (!dst || !((dst ^ ifa->address) & ifa->mask))
			return ifa->local;
		if (!addr)
			addr = ifa->local;
	}
	if (addr)
		return addr;
	/* Another interface's, loopback first (it is registered first). */
	list_for_each_entry(other, &ifp->stack->ifaces, node) {
		addr = in_dev_select_addr(other, scope);
		if (addr)
			return addr;
	}
	return 0;
}

bool
ip_addr_onlink(struct net_if *ifp, uint32_t a, uint32_t b)
{
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node)
		if (!((a ^ ifa->address) & ifa->mask) && (!b || !((b ^ ifa->address) & ifa->mask)))
			return true;
	return false;
}

static void
if_down(struct net_if *ifp)
{
	struct inet_stack *stack = ifp->stack;

	fib_flush_dev(stack, ifp);
	neigh_ifdown(&stack->arp_tbl, ifp);
	pkt_queue_purge(&ifp->txq);
}

int
inet_if_set_flags(struct net_if *ifp, unsigned int flags, uint64_t now)
{
	unsigned int old = ifp->flags;
	unsigned int settable = IFF_UP | IFF_PROMISC | IFF_ALLMULTI | IFF_NOARP | IFF_DEBUG |
				IFF_MULTICAST | IFF_NOTRAILERS | IFF_DYNAMIC | IFF_PORTSEL |
				IFF_AUTOMEDIA;
	struct in_ifaddr *ifa;

	inet_enter(ifp->stack, now);
	if (ifp->flags & IFF_LOOPBACK)
		flags |= IFF_NOARP;
	ifp->flags = (old & ~settable) | (flags & settable);
	update_running(ifp);
	if ((old ^ ifp->flags) & IFF_UP) {
		if (ifp->flags & IFF_UP) {
			list_for_each_entry(ifa, &ifp->in.addrs, node)
				fib_add_ifaddr(ifp, ifa);
			if (in_dev_arp_notify(ifp) && ifp->carrier)
				arp_send_gratuitous_all(ifp);
		} else {
			if_down(ifp);
		}
		ipv6_event(ifp, (ifp->flags & IFF_UP) ? NETDEV6_UP : NETDEV6_DOWN);
	}
	if (old != ifp->flags)
		notify(ifp, RTM_NEWLINK, NULL);
	inet_leave(ifp->stack);
	return 0;
}

void
inet_if_set_carrier(struct net_if *ifp, bool on, uint64_t now)
{
	if (ifp->carrier == on)
		return;
	inet_enter(ifp->stack, now);
	ifp->carrier = on;
	ifp->carrier_changes++;
	update_running(ifp);
	fib_sync_carrier(ifp->stack, ifp, on);
	if (!on) {
		if (ALL(ifp, ARP_EVICT_NOCARRIER) && CONF(ifp, ARP_EVICT_NOCARRIER))
			neigh_changeaddr(&ifp->stack->arp_tbl, ifp);
		pkt_queue_purge(&ifp->txq);
	} else if ((ifp->flags & IFF_UP) && in_dev_arp_notify(ifp)) {
		arp_send_gratuitous_all(ifp);
	}
	ipv6_event(ifp, NETDEV6_CHANGE);
	notify(ifp, RTM_NEWLINK, NULL);
	inet_leave(ifp->stack);
}

int
inet_if_set_mtu(struct net_if *ifp, unsigned int mtu, uint64_t now)
{
	if (mtu < ifp->min_mtu || mtu > ifp->max_mtu)
		return -EINVAL;
	if (mtu != ifp->mtu) {
		inet_enter(ifp->stack, now);
		ifp->mtu = mtu;
		ipv6_event(ifp, NETDEV6_CHANGEMTU);
		notify(ifp, RTM_NEWLINK, NULL);
		inet_leave(ifp->stack);
	}
	return 0;
}

int
inet_if_set_hwaddr(struct net_if *ifp, const uint8_t *addr, uint64_t now)
{
	if ((addr[0] & 1) || !(addr[0] | addr[1] | addr[2] | addr[3] | addr[4] | addr[5]))
		return -EADDRNOTAVAIL;
	inet_enter(ifp->stack, now);
	memcpy(ifp->addr, addr, ETH_ALEN);
	neigh_changeaddr(&ifp->stack->arp_tbl, ifp);
	if ((ifp->flags & IFF_UP) && in_dev_arp_notify(ifp))
		arp_send_gratuitous_all(ifp);
	ipv6_event(ifp, NETDEV6_CHANGEADDR);
	notify(ifp, RTM_NEWLINK, NULL);
	inet_leave(ifp->stack);
	return 0;
}

void
inet_if_unregister(struct net_if *ifp, uint64_t now)
{
	struct inet_stack *stack = ifp->stack;
	struct in_ifaddr *ifa, *tmp;
	struct ip_mc_group *g, *gt;

	inet_enter(stack, now);
	if (ifp->flags & IFF_UP)
		inet_if_set_flags(ifp, ifp->flags & ~IFF_UP, now);
	list_for_each_entry_safe(ifa, tmp, &ifp->in.addrs, node)
		ifa_remove(ifp, ifa);
	fib_flush_dev(stack, ifp);
	neigh_ifdown(&stack->arp_tbl, ifp);
	ipfrag_flush_dev(stack, ifp);
	list_for_each_entry_safe(g, gt, &ifp->in.mc_list, node) {
		list_del(&g->node);
		kfree(g);
	}
	ipv6_event(ifp, NETDEV6_UNREGISTER);
	ifp->in.dead = true;
	pkt_queue_purge(&ifp->txq);
	list_del(&ifp->node);
	if (stack->loopback == ifp)
		stack->loopback = NULL;
	notify(ifp, RTM_DELLINK, NULL);
	inet_leave(stack);
}

bool
ip_mc_joined(struct net_if *ifp, uint32_t group)
{
	struct ip_mc_group *g;

	if (group == INADDR_ALLHOSTS_GROUP)
		return true;
	list_for_each_entry(g, &ifp->in.mc_list, node)
		if (g->group == group)
			return true;
	return false;
}

int
ip_mc_join(struct net_if *ifp, uint32_t group)
{
	struct ip_mc_group *g;

	list_for_each_entry(g, &ifp->in.mc_list, node) {
		if (g->group == group) {
			g->users++;
			return 0;
		}
	}
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOBUFS;
	g->group = group;
	g->users = 1;
	list_add_tail(&g->node, &ifp->in.mc_list);
	return 0;
}

void
ip_mc_leave(struct net_if *ifp, uint32_t group)
{
	struct ip_mc_group *g;

	list_for_each_entry(g, &ifp->in.mc_list, node) {
		if (g->group == group) {
			if (--g->users == 0) {
				list_del(&g->node);
				kfree(g);
			}
			return;
		}
	}
}
