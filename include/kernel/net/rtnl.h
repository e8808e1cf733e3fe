/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtnetlink messages about the IPv4 stack's objects
 * (kernel/net/ipv4/rtnl_ipv4.c): RTM_NEWLINK/NEWADDR/NEWROUTE/NEWNEIGH
 * built as Linux 6.1 builds them (the same attributes in the same
 * order), for dumps and for the notifications of rtnetlink groups. The
 * glue parses requests with the policies of netlink.h and answers with
 * these.
 *
 * Each function appends one message to b and returns 0, or -EMSGSIZE
 * when it does not fit (b unchanged: a dump continues in the next read).
 * `now` converts ages to clock ticks (USER_HZ, 100 per second).
 */
#ifndef KERNEL_NET_RTNL_H
#define KERNEL_NET_RTNL_H

#include <stdint.h>
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/netlink.h"
#include "kernel/net/route.h"

int rtnl_fill_link(struct nl_buf *b, const struct net_if *ifp, uint16_t type, uint32_t portid,
		   uint32_t seq, uint16_t flags, uint64_t now);
int rtnl_fill_ifaddr(struct nl_buf *b, const struct in_ifaddr *ifa, const struct net_if *ifp,
		     uint16_t type, uint32_t portid, uint32_t seq, uint16_t flags, uint64_t now);
int rtnl_fill_route(struct nl_buf *b, const struct fib_route *r, uint16_t type, uint32_t portid,
		    uint32_t seq, uint16_t flags);
int rtnl_fill_neigh(struct nl_buf *b, const struct neighbour *n, uint16_t type, uint32_t portid,
		    uint32_t seq, uint16_t flags, uint64_t now);
/* IPv6 (kernel/net/ipv6/rtnl_ipv6.c); the ND table's neighbours use rtnl_fill_neigh. */
int rtnl_fill_ifaddr6(struct nl_buf *b, const struct inet6_ifaddr *ifa, uint16_t type,
		      uint32_t portid, uint32_t seq, uint16_t flags, uint64_t now);
int rtnl_fill_route6(struct nl_buf *b, const struct rt6_route *rt, uint16_t type,
		     uint32_t portid, uint32_t seq, uint16_t flags, uint64_t now);
/* rtnl_if_flags: the IFF_* flags Linux reports for an interface (dev_get_flags). */
unsigned int rtnl_if_flags(const struct net_if *ifp);
/* rtnl_operstate: IF_OPER_* of an interface (lo: UNKNOWN, as Linux). */
uint8_t rtnl_operstate(const struct net_if *ifp);

#endif /* KERNEL_NET_RTNL_H */
