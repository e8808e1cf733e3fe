// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink messages about IPv6 addresses and routes (include/kernel/net/
 * rtnl.h), with the attributes of Linux 6.1's inet6_fill_ifaddr and
 * rt6_fill_node in their order. Neighbours of the ND table use
 * rtnl_fill_neigh like ARP's.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/rtnl.h"
#include "uapi/if_addr.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

#define USER_HZ_NS	(10 * NSEC_PER_MSEC)

static uint32_t
ticks(uint64_t t)
{
	return (uint32_t)(t / USER_HZ_NS);
}

int
rtnl_fill_ifaddr6(struct nl_buf *b, const struct inet6_ifaddr *ifa, uint16_t type,
		  uint32_t portid, uint32_t seq, uint16_t flags, uint64_t now)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct ifaddrmsg), flags);
	struct ifaddrmsg m;
	struct ifa_cacheinfo ci;
	uint32_t preferred = INFINITY_LIFE_TIME, valid = INFINITY_LIFE_TIME;

	if (!nlh)
		return -EMSGSIZE;
	memset(&m, 0, sizeof(m));
	m.ifa_family = AF_INET6;
	m.ifa_prefixlen = ifa->prefix_len;
	m.ifa_flags = (uint8_t)ifa->flags;
	m.ifa_scope = ifa->scope;
	m.ifa_index = (uint32_t)ifa->idev->dev->ifindex;
	memcpy(nlmsg_data(nlh), &m, sizeof(m));
	/* Lifetimes left, as inet6_fill_ifaddr counts them. */
	if (!((ifa->flags & IFA_F_PERMANENT) && ifa->prefered_lft == INFINITY_LIFE_TIME)) {
		preferred = ifa->prefered_lft;
		valid = ifa->valid_lft;
		if (preferred != INFINITY_LIFE_TIME) {
			uint64_t age = now > ifa->tstamp ? (now - ifa->tstamp) / NSEC_PER_SEC : 0;

			preferred = preferred > age ? preferred - (uint32_t)age : 0;
			if (valid != INFINITY_LIFE_TIME)
				valid = valid > age ? valid - (uint32_t)age : 0;
		}
	}
	ci.ifa_prefered = preferred;
	ci.ifa_valid = valid;
	ci.cstamp = ticks(ifa->cstamp);
	ci.tstamp = ticks(ifa->tstamp);
	if (!ipv6_addr_any(&ifa->peer)) {
		if (nla_put(b, IFA_LOCAL, 16, &ifa->addr) || nla_put(b, IFA_ADDRESS, 16, &ifa->peer))
			goto full;
	} else if (nla_put(b, IFA_ADDRESS, 16, &ifa->addr)) {
		goto full;
	}
	if ((ifa->rt_priority && nla_put_u32(b, IFA_RT_PRIORITY, ifa->rt_priority)) ||
	    nla_put(b, IFA_CACHEINFO, sizeof(ci), &ci) || nla_put_u32(b, IFA_FLAGS, ifa->flags))
		goto full;
	nlmsg_end(b, nlh);
	return 0;
full:
	b->len = saved;
	return -EMSGSIZE;
}

int
rtnl_fill_route6(struct nl_buf *b, const struct rt6_route *rt, uint16_t type, uint32_t portid,
		 uint32_t seq, uint16_t flags, uint64_t now)
{
	size_t saved = b->len;
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, type, sizeof(struct rtmsg), flags);
	struct rtmsg m;
	struct rta_cacheinfo ci;

	if (!nlh)
		return -EMSGSIZE;
	memset(&m, 0, sizeof(m));
	m.rtm_family = AF_INET6;
	m.rtm_dst_len = rt->dst_len;
	m.rtm_table = (uint8_t)(rt->table < 256 ? rt->table : RT_TABLE_COMPAT);
	m.rtm_type = rt->type;
	m.rtm_scope = RT_SCOPE_UNIVERSE;
	m.rtm_protocol = rt->protocol;
	if (rt->dev && !rt->dev->carrier && !(rt->flags & RTF6_LOCAL))
		m.rtm_flags |= RTNH_F_LINKDOWN;
	memcpy(nlmsg_data(nlh), &m, sizeof(m));
	if (nla_put_u32(b, RTA_TABLE, rt->table) ||
	    (rt->dst_len && nla_put(b, RTA_DST, 16, &rt->dst)) ||
	    (!ipv6_addr_any(&rt->prefsrc) && nla_put(b, RTA_PREFSRC, 16, &rt->prefsrc)))
		goto full;
	if (rt->mtu || rt->hoplimit) {
		struct nlattr *mx = nla_nest_start(b, RTA_METRICS);

		if (!mx || (rt->mtu && nla_put_u32(b, RTAX_MTU, rt->mtu)) ||
		    (rt->hoplimit && nla_put_u32(b, RTAX_HOPLIMIT, rt->hoplimit)))
			goto full;
		nla_nest_end(b, mx);
	}
	if (nla_put_u32(b, RTA_PRIORITY, rt->metric) ||
	    ((rt->flags & RTF_GATEWAY) && nla_put(b, RTA_GATEWAY, 16, &rt->gw)) ||
	    (rt->dev && nla_put_u32(b, RTA_OIF, (uint32_t)rt->dev->ifindex)))
		goto full;
	memset(&ci, 0, sizeof(ci));
	if (rt->flags & RTF6_EXPIRES) {
		int64_t left = (int64_t)(rt->expires - now);

		ci.rta_expires = (int32_t)(left / (int64_t)USER_HZ_NS);
	}
	if (nla_put(b, RTA_CACHEINFO, sizeof(ci), &ci) || nla_put_u8(b, RTA_PREF, rt->pref))
		goto full;
	nlmsg_end(b, nlh);
	return 0;
full:
	b->len = saved;
	return -EMSGSIZE;
}
