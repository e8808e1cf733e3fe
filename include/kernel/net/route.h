/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPv4 routing: the tables (the FIB: kernel/net/ipv4/fib.c) and the
 * routing decisions for packets received and sent (route.c).
 *
 * Tables. Like Linux, routes live in numbered tables; the stack always
 * has "local" (255: our addresses and broadcast addresses, added by the
 * kernel when an address is added) and "main" (254: connected prefixes
 * and what the administrator adds). A lookup tries local, then main,
 * then the others in id order (Linux's default rules). Within a table
 * the longest matching prefix wins; among routes to the same prefix,
 * the first whose TOS matches, whose scope is wide enough and whose
 * nexthop is alive (order: TOS high to low, then metric low to high,
 * then newest first unless appended).
 *
 * Routes are owned by their table. A struct fib_route pointer, like a
 * neighbour, is only valid until control returns to the glue.
 */
#ifndef KERNEL_NET_ROUTE_H
#define KERNEL_NET_ROUTE_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"
#include "uapi/rtnetlink.h"

struct inet_stack;
struct net_if;
struct pkt;

struct fib_table {
	uint32_t id;
	struct list_head node;		/* in stack->fib_tables, by id */
	struct list_head by_len[33];	/* routes, by prefix length */
	uint64_t lens;			/* bit n: by_len[n] is not empty */
	unsigned int count;
};

struct fib_route {
	struct list_head node;
	struct fib_table *table;
	uint32_t dst;			/* host order, no bits beyond dst_len */
	uint8_t dst_len;
	uint8_t tos;
	uint8_t type;			/* RTN_* */
	uint8_t scope;			/* RT_SCOPE_* of the route */
	uint8_t protocol;		/* RTPROT_* */
	uint8_t nh_scope;		/* of the nexthop: HOST when direct, LINK via gw */
	uint32_t priority;		/* the metric */
	uint32_t prefsrc;		/* 0: none */
	uint32_t gw;			/* 0: the destination is on the link */
	struct net_if *dev;		/* NULL for blackhole/unreachable/prohibit */
	unsigned int nh_flags;		/* RTNH_F_ONLINK, _DEAD, _LINKDOWN */
	uint32_t metrics[RTAX_MAX + 1];	/* RTAX_MTU, RTAX_ADVMSS, ...; 0: unset */
};

/* What RTM_NEWROUTE/DELROUTE (or SIOCADDRT) asks for. */
struct fib_config {
	uint32_t table;			/* 0: main */
	uint32_t dst;
	uint8_t dst_len;
	uint8_t tos;
	uint8_t type;			/* 0 on delete: any */
	uint8_t scope;			/* RT_SCOPE_NOWHERE on delete: any */
	uint8_t protocol;		/* 0 on delete: any */
	uint32_t priority;		/* 0 on delete: any */
	uint32_t prefsrc;
	uint32_t gw;
	int oif;
	unsigned int nh_flags;		/* RTNH_F_ONLINK */
	unsigned int nlflags;		/* NLM_F_CREATE/EXCL/REPLACE/APPEND */
	uint32_t metrics[RTAX_MAX + 1];
};

/* fib_init creates the local and main tables; -ENOMEM. */
int fib_init(struct inet_stack *stack);
void fib_destroy(struct inet_stack *stack);
/* fib_get_table returns table id, creating it if create; NULL if none. */
struct fib_table *fib_get_table(struct inet_stack *stack, uint32_t id, bool create);

/*
 * fib_route_add adds a route with Linux's checks: a prefix with host
 * bits set, a gateway not reachable on the link (-ENETUNREACH), a
 * device that is down (-ENETDOWN) or missing (-ENODEV), a prefsrc that
 * is not ours (-EINVAL), duplicates under NLM_F_EXCL (-EEXIST).
 * Notifies RTM_NEWROUTE.
 */
int fib_route_add(struct inet_stack *stack, const struct fib_config *cfg);
/* fib_route_del removes the first route matching cfg (-ESRCH if none). */
int fib_route_del(struct inet_stack *stack, const struct fib_config *cfg);
/* fib_flush_dev removes every route through dev (it went down or away). */
void fib_flush_dev(struct inet_stack *stack, struct net_if *dev);
/* fib_sync_carrier marks dev's routes RTNH_F_LINKDOWN or clears it. */
void fib_sync_carrier(struct inet_stack *stack, struct net_if *dev, bool up);

/* A lookup's question and answer. */
struct fib_lookup_key {
	uint32_t daddr;
	uint8_t tos;
	uint8_t scope;		/* the narrowest acceptable route scope */
	int oif;		/* 0: any device */
	bool ignore_linkstate;
};

/*
 * fib_lookup finds the route for key: 0 with *res set, -ENETUNREACH (no
 * route), or a reject route's error: -EHOSTUNREACH (unreachable),
 * -EACCES (prohibit), -EINVAL (blackhole).
 */
int fib_lookup(struct inet_stack *stack, const struct fib_lookup_key *key,
	       struct fib_route **res);
/* fib_table_lookup does it within one table (-EAGAIN: no match there). */
int fib_table_lookup(struct fib_table *t, const struct fib_lookup_key *key,
		     struct fib_route **res);
/* inet_addr_type: RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST or RTN_UNICAST for addr. */
int inet_addr_type(struct inet_stack *stack, uint32_t addr);
/* fib_for_each calls fn for every route of every table (fn must not change them). */
void fib_for_each(struct inet_stack *stack, void (*fn)(struct fib_route *, void *), void *arg);

/* Route flags of a routing decision (struct ip_route.flags). */
#define RTCF_LOCAL	0x80000000
#define RTCF_BROADCAST	0x10000000
#define RTCF_MULTICAST	0x20000000
#define RTCF_DOREDIRECT	0x01000000

/*
 * A routing decision for one packet: where it goes and from which
 * address. For local delivery dev is the interface that owns the
 * destination (or loopback).
 */
struct ip_route {
	uint8_t type;		/* RTN_LOCAL, _BROADCAST, _MULTICAST, _UNICAST */
	unsigned int flags;	/* RTCF_* */
	struct net_if *dev;	/* output device (for local: the loopback) */
	uint32_t gw;		/* the next hop: the gateway or the destination */
	uint32_t saddr;		/* output: the chosen source address */
	uint32_t daddr;
	unsigned int mtu;	/* path MTU toward daddr */
	uint32_t advmss;	/* RTAX_ADVMSS, 0 if unset */
	int iif;		/* input: the interface it came in on */
	bool uses_gateway;
};

/* The question for an output route (Linux's struct flowi4). */
struct flowi4 {
	uint32_t daddr;
	uint32_t saddr;		/* 0: choose */
	int oif;		/* 0: any (SO_BINDTODEVICE / IP_PKTINFO set it) */
	uint8_t tos;
	uint8_t scope;		/* RT_SCOPE_UNIVERSE, or LINK for SO_DONTROUTE */
	uint8_t proto;
	bool freebind;		/* IP_FREEBIND / ip_nonlocal_bind: saddr need not be ours */
};

/*
 * ip_route_output decides how to send to fl->daddr (Linux's
 * ip_route_output_key): 0 and *rt, or -ENETUNREACH, -EHOSTUNREACH,
 * -EACCES, -EINVAL (a source address that is not ours), -ENODEV (oif).
 */
int ip_route_output(struct inet_stack *stack, const struct flowi4 *fl, struct ip_route *rt);
/*
 * ip_route_input decides what to do with a received packet (Linux's
 * ip_route_input_noref): local delivery, broadcast, forwarding, or an
 * error: -EINVAL (martian source or destination: drop), -EHOSTUNREACH /
 * -ENETUNREACH (not ours and not forwarded), -EACCES.
 */
int ip_route_input(struct inet_stack *stack, struct net_if *in, uint32_t daddr,
		   uint32_t saddr, uint8_t tos, uint8_t pkt_type, struct ip_route *rt);

/*
 * Path MTU learned from ICMP "fragmentation needed" (Linux keeps it per
 * destination for net.ipv4.route.mtu_expires, 600 s; never below
 * min_pmtu, 552). ip_rt_update_pmtu records it; ip_rt_pmtu returns the
 * learned value for daddr or 0.
 */
void ip_rt_update_pmtu(struct inet_stack *stack, uint32_t daddr, unsigned int mtu,
		       uint64_t now);
unsigned int ip_rt_pmtu(struct inet_stack *stack, uint32_t daddr, uint64_t now);

/* ip_rt_init/destroy: the path MTU cache. */
int ip_rt_init(struct inet_stack *stack);
void ip_rt_destroy(struct inet_stack *stack);

#define IP_RT_MIN_PMTU		552
#define IP_RT_MTU_EXPIRES	(600ULL * 1000000000ULL)

#endif /* KERNEL_NET_ROUTE_H */
