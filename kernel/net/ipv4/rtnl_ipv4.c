// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink messages for links, IPv4 addresses, routes and neighbours
 * (include/kernel/net/rtnl.h), with the attributes of Linux 6.1's
 * rtnl_fill_ifinfo, inet_fill_ifaddr, fib_dump_info and neigh_fill_info
 * in their order, so that iproute2 and busybox read what they expect.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/rtnl.h"
#include "uapi/if_arp.h"
#include "uapi/rtnetlink.h"

#define USER_HZ_NS	(10 * NSEC_PER_MSEC)

unsigned int
rtnl_if_flags(const struct net_if *ifp)
{
	unsigned int f = ifp->flags & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_PROMISC | IFF_ALLMULTI);

	/* The stack marks lo NOARP for itself; Linux's lo does not show it. */
	if (ifp->flags & IFF_LOOPBACK)
		f &= ~IFF_NOARP;

	if (ifp->promisc || (ifp->flags & IFF_PROMISC))
		f |= IFF_PROMISC;
	if (ifp->allmulti || (ifp->flags & IFF_ALLMULTI))
		f |= IFF_ALLMULTI;
	if (ifp->flags & IFF_UP) {
		if (ifp->carrier)
			f |= IFF_RUNNING | IFF_LOWER_UP;
	}
	return f;
}

uint8_t
rtnl_operstate(const struct net_if *ifp)
{
	if (!(ifp->flags & IFF_UP))
		return IF_OPER_DOWN;
	if (ifp->flags & IFF_LOOPBACK)
		return IF_OPER_UNKNOWN;
	return ifp->carrier ? IF_OPER_UP : IF_OPER_DOWN;
}

static void
stats64(const struct net_if *ifp, struct rtnl_link_stats64 *s)
{
	memset(s, 0, sizeof(*s));
	s->rx_packets = ifp->stats.rx_packets;
	s->tx_packets = ifp->stats.tx_packets;
	s->rx_bytes = ifp->stats.rx_bytes;
	s->tx_bytes = ifp->stats.tx_bytes;
	s->rx_errors = ifp->stats.rx_errors;
	s->tx_errors = ifp->stats.tx_errors;
	s->rx_dropped = ifp->stats.rx_dropped;
	s->tx_dropped = ifp->stats.tx_dropped;
	s->multicast = ifp->stats.multicast;
	s->rx_length_errors = ifp->stats.rx_length_errors;
	s->rx_frame_errors = ifp->stats.rx_frame_errors;
	s->tx_carrier_errors = ifp->stats.tx_carrier_errors;
	s->rx_nohandler = ifp->stats.rx_nohandler;
}

int
rtnl_fill_link(struct nl_buf *b, const struct net_if *ifp, uint16_t type, uint32_t portid,
	       uint32_t seq, uint16_t flags, uint64_t now)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct ifinfomsg), flags);
	struct ifinfomsg ifi;
	struct rtnl_link_stats64 s64;
	struct rtnl_link_stats s32;
	struct rtnl_link_ifmap map;
	struct nlattr *af, *inet;

	(void)now;
	if (!nlh)
		return -EMSGSIZE;
	memset(&ifi, 0, sizeof(ifi));
	ifi.ifi_family = AF_UNSPEC;
	ifi.ifi_type = ifp->type;
	ifi.ifi_index = ifp->ifindex;
	ifi.ifi_flags = rtnl_if_flags(ifp);
	ifi.ifi_change = 0;
	memcpy(nlmsg_data(nlh), &ifi, sizeof(ifi));
	stats64(ifp, &s64);
	memset(&s32, 0, sizeof(s32));
	s32.rx_packets = (uint32_t)s64.rx_packets;
	s32.tx_packets = (uint32_t)s64.tx_packets;
	s32.rx_bytes = (uint32_t)s64.rx_bytes;
	s32.tx_bytes = (uint32_t)s64.tx_bytes;
	s32.rx_errors = (uint32_t)s64.rx_errors;
	s32.tx_errors = (uint32_t)s64.tx_errors;
	s32.rx_dropped = (uint32_t)s64.rx_dropped;
	s32.tx_dropped = (uint32_t)s64.tx_dropped;
	s32.multicast = (uint32_t)s64.multicast;
	s32.rx_nohandler = (uint32_t)s64.rx_nohandler;
	memset(&map, 0, sizeof(map));
	if (nla_put_string(b, IFLA_IFNAME, ifp->name) ||
	    nla_put_u32(b, IFLA_TXQLEN, ifp->txqueuelen) ||
	    nla_put_u8(b, IFLA_OPERSTATE, rtnl_operstate(ifp)) ||
	    nla_put_u8(b, IFLA_LINKMODE, 0) ||
	    nla_put_u32(b, IFLA_MTU, ifp->mtu) ||
	    nla_put_u32(b, IFLA_MIN_MTU, (ifp->flags & IFF_LOOPBACK) ? 0 : ifp->min_mtu) ||
	    nla_put_u32(b, IFLA_MAX_MTU, (ifp->flags & IFF_LOOPBACK) ? 0 : ifp->max_mtu) ||
	    nla_put_u32(b, IFLA_GROUP, 0) ||
	    nla_put_u32(b, IFLA_PROMISCUITY, ifp->promisc) ||
	    nla_put_u32(b, IFLA_NUM_TX_QUEUES, 1) ||
	    nla_put_u32(b, IFLA_GSO_MAX_SEGS, 65535) ||
	    nla_put_u32(b, IFLA_GSO_MAX_SIZE, 65536) ||
	    nla_put_u32(b, IFLA_GRO_MAX_SIZE, 65536) ||
	    nla_put_u32(b, IFLA_TSO_MAX_SIZE, 524280) ||
	    nla_put_u32(b, IFLA_TSO_MAX_SEGS, 65535) ||
	    nla_put_u32(b, IFLA_NUM_RX_QUEUES, 1) ||
	    nla_put_u8(b, IFLA_CARRIER, ifp->carrier) ||
	    nla_put_string(b, IFLA_QDISC, (ifp->flags & IFF_LOOPBACK) ? "noqueue" : "pfifo_fast") ||
	    nla_put_u32(b, IFLA_CARRIER_CHANGES, (uint32_t)ifp->carrier_changes) ||
	    nla_put_u32(b, IFLA_CARRIER_UP_COUNT, (uint32_t)(ifp->carrier_changes + 1) / 2) ||
	    nla_put_u32(b, IFLA_CARRIER_DOWN_COUNT, (uint32_t)ifp->carrier_changes / 2) ||
	    nla_put_u8(b, IFLA_PROTO_DOWN, 0) ||
	    nla_put(b, IFLA_MAP, sizeof(map), &map) ||
	    nla_put(b, IFLA_ADDRESS, ETH_ALEN, ifp->addr) ||
	    nla_put(b, IFLA_BROADCAST, ETH_ALEN, ifp->broadcast) ||
	    nla_put(b, IFLA_STATS64, sizeof(s64), &s64) ||
	    nla_put(b, IFLA_STATS, sizeof(s32), &s32))
		goto full;
	af = nla_nest_start(b, IFLA_AF_SPEC);
	if (!af)
		goto full;
	inet = nla_nest_start(b, AF_INET);
	if (!inet)
		goto full;
	{
		struct nlattr *conf = (struct nlattr *)(b->data + b->len);

		if (nla_put(b, IFLA_INET_CONF, sizeof(ifp->in.conf), ifp->in.conf))
			goto full;
		(void)conf;
	}
	nla_nest_end(b, inet);
	nla_nest_end(b, af);
	nlmsg_end(b, nlh);
	return 0;
full:
	b->len = saved;
	return -EMSGSIZE;
}

static uint32_t
ticks(uint64_t t)
{
	return (uint32_t)(t / USER_HZ_NS);
}

int
rtnl_fill_ifaddr(struct nl_buf *b, const struct in_ifaddr *ifa, const struct net_if *ifp,
		 uint16_t type, uint32_t portid, uint32_t seq, uint16_t flags, uint64_t now)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct ifaddrmsg), flags);
	struct ifaddrmsg m;
	struct ifa_cacheinfo ci;

	(void)now;
	if (!nlh)
		return -EMSGSIZE;
	memset(&m, 0, sizeof(m));
	m.ifa_family = AF_INET;
	m.ifa_prefixlen = ifa->prefixlen;
	m.ifa_flags = (uint8_t)(ifa->flags | IFA_F_PERMANENT);
	m.ifa_scope = ifa->scope;
	m.ifa_index = (uint32_t)ifp->ifindex;
	memcpy(nlmsg_data(nlh), &m, sizeof(m));
	ci.ifa_prefered = ifa->preferred_lft;
	ci.ifa_valid = ifa->valid_lft;
	ci.cstamp = ticks(ifa->cstamp);
	ci.tstamp = ticks(ifa->tstamp);
	if ((ifa->address && nla_put_be32(b, IFA_ADDRESS, ifa->address)) ||
	    (ifa->local && nla_put_be32(b, IFA_LOCAL, ifa->local)) ||
	    (ifa->broadcast && nla_put_be32(b, IFA_BROADCAST, ifa->broadcast)) ||
	    (ifa->label[0] && nla_put_string(b, IFA_LABEL, ifa->label)) ||
	    nla_put_u32(b, IFA_FLAGS, ifa->flags | IFA_F_PERMANENT) ||
	    (ifa->rt_priority && nla_put_u32(b, IFA_RT_PRIORITY, ifa->rt_priority)) ||
	    nla_put(b, IFA_CACHEINFO, sizeof(ci), &ci)) {
		b->len = saved;
		return -EMSGSIZE;
	}
	nlmsg_end(b, nlh);
	return 0;
}

int
rtnl_fill_route(struct nl_buf *b, const struct fib_route *r, uint16_t type, uint32_t portid,
		uint32_t seq, uint16_t flags)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct rtmsg), flags);
	struct rtmsg m;
	uint32_t table = r->table->id;
	bool metrics = false;

	if (!nlh)
		return -EMSGSIZE;
	memset(&m, 0, sizeof(m));
	m.rtm_family = AF_INET;
	m.rtm_dst_len = r->dst_len;
	m.rtm_tos = r->tos;
	m.rtm_table = (uint8_t)(table < 256 ? table : RT_TABLE_COMPAT);
	m.rtm_protocol = r->protocol;
	m.rtm_scope = r->scope;
	m.rtm_type = r->type;
	m.rtm_flags = r->nh_flags & (RTNH_F_ONLINK | RTNH_F_LINKDOWN | RTNH_F_DEAD);
	memcpy(nlmsg_data(nlh), &m, sizeof(m));
	if (nla_put_u32(b, RTA_TABLE, table) ||
	    (r->dst_len && nla_put_be32(b, RTA_DST, r->dst)) ||
	    (r->priority && nla_put_u32(b, RTA_PRIORITY, r->priority)) ||
	    (r->prefsrc && nla_put_be32(b, RTA_PREFSRC, r->prefsrc)))
		goto full;
	for (int i = 1; i <= RTAX_MAX; i++)
		if (r->metrics[i])
			metrics = true;
	if (metrics) {
		struct nlattr *mx = nla_nest_start(b, RTA_METRICS);

		if (!mx)
			goto full;
		for (int i = 1; i <= RTAX_MAX; i++)
			if (r->metrics[i] && nla_put_u32(b, i, r->metrics[i]))
				goto full;
		nla_nest_end(b, mx);
	}
	if ((r->gw && nla_put_be32(b, RTA_GATEWAY, r->gw)) ||
	    (r->dev && nla_put_u32(b, RTA_OIF, (uint32_t)r->dev->ifindex)))
		goto full;
	nlmsg_end(b, nlh);
	return 0;
full:
	b->len = saved;
	return -EMSGSIZE;
}

int
rtnl_fill_neigh(struct nl_buf *b, const struct neighbour *n, uint16_t type, uint32_t portid,
		uint32_t seq, uint16_t flags, uint64_t now)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct ndmsg), flags);
	struct ndmsg m;
	struct nda_cacheinfo ci;

	if (!nlh)
		return -EMSGSIZE;
	memset(&m, 0, sizeof(m));
	m.ndm_family = (uint8_t)n->tbl->family;
	m.ndm_ifindex = n->dev ? n->dev->ifindex : 0;
	m.ndm_state = n->state;
	m.ndm_flags = n->flags;
	m.ndm_type = RTN_UNICAST;
	memcpy(nlmsg_data(nlh), &m, sizeof(m));
	ci.ndm_confirmed = now > n->confirmed ? ticks(now - n->confirmed) : 0;
	ci.ndm_used = now > n->used ? ticks(now - n->used) : 0;
	ci.ndm_updated = now > n->updated ? ticks(now - n->updated) : 0;
	ci.ndm_refcnt = 0;
	if (nla_put(b, NDA_DST, n->tbl->key_len, n->key) ||
	    ((n->state & NUD_VALID) && nla_put(b, NDA_LLADDR, n->tbl->ha_len, n->ha)) ||
	    nla_put(b, NDA_CACHEINFO, sizeof(ci), &ci) ||
	    nla_put_u32(b, NDA_PROBES, (uint32_t)n->probes) ||
	    (n->protocol && nla_put_u8(b, NDA_PROTOCOL, n->protocol))) {
		b->len = saved;
		return -EMSGSIZE;
	}
	nlmsg_end(b, nlh);
	return 0;
}
