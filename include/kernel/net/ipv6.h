/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPv6 (kernel/net/ipv6/): addresses and their text forms, per-interface
 * state with stateless autoconfiguration (link-local addresses from the
 * MAC, duplicate address detection, router solicitation, prefixes and
 * default routers from router advertisements), Neighbour Discovery on
 * the generic neighbour table, the routing table, datagram input with
 * extension headers and reassembly, forwarding, output with source
 * address selection and fragmentation, and ICMPv6 with Linux's rules.
 *
 * It lives inside struct inet_stack (inet.h) beside IPv4 and follows
 * the same rules: `now` from the caller, timers in the stack's heap,
 * frames out through ifp->txq, packets consumed by the callee, nothing
 * locked. inet_stack_init() sets it up; interfaces get their IPv6 state
 * when registered, their link-local address when they come up.
 *
 * Addresses are struct in6_addr, in wire order, everywhere.
 *
 * Not here yet: UDP, TCP, raw and ping sockets over IPv6 (the transport
 * hooks below are where they plug in; without them a UDP datagram is
 * answered with port unreachable and TCP is dropped), MLD reports,
 * redirects (received ones are counted and ignored, none are sent),
 * temporary (privacy) addresses, anycast.
 */
#ifndef KERNEL_NET_IPV6_H
#define KERNEL_NET_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "kernel/list.h"
#include "kernel/net/neighbour.h"
#include "kernel/net/pkt.h"
#include "kernel/net/timer.h"
#include "uapi/icmpv6.h"
#include "uapi/if.h"
#include "uapi/ipv6.h"

struct inet_stack;
struct net_if;

/* ---- addresses ---- */

/* ipv6_addr_type() bits (Linux's IPV6_ADDR_*). */
#define IPV6_ADDR_ANY		0x0000U
#define IPV6_ADDR_UNICAST	0x0001U
#define IPV6_ADDR_MULTICAST	0x0002U
#define IPV6_ADDR_ANYCAST	0x0004U
#define IPV6_ADDR_LOOPBACK	0x0010U
#define IPV6_ADDR_LINKLOCAL	0x0020U
#define IPV6_ADDR_SITELOCAL	0x0040U
#define IPV6_ADDR_COMPATv4	0x0080U
#define IPV6_ADDR_SCOPE_MASK	0x00f0U
#define IPV6_ADDR_MAPPED	0x1000U
#define IPV6_ADDR_RESERVED	0x2000U

/* Scopes (RFC 4007; the multicast scope field's values). */
#define IPV6_ADDR_SCOPE_NODELOCAL	0x01
#define IPV6_ADDR_SCOPE_LINKLOCAL	0x02
#define IPV6_ADDR_SCOPE_SITELOCAL	0x05
#define IPV6_ADDR_SCOPE_ORGLOCAL	0x08
#define IPV6_ADDR_SCOPE_GLOBAL		0x0e

#define IN6ADDR_ANY_INIT		{ { { 0 } } }
#define IN6ADDR_LOOPBACK_INIT		{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }
#define IN6ADDR_LINKLOCAL_ALLNODES_INIT \
	{ { { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }
#define IN6ADDR_LINKLOCAL_ALLROUTERS_INIT \
	{ { { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } } }

extern const struct in6_addr in6addr_any, in6addr_loopback;
extern const struct in6_addr in6addr_linklocal_allnodes, in6addr_linklocal_allrouters;

static inline bool
ipv6_addr_equal(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static inline bool
ipv6_addr_any(const struct in6_addr *a)
{
	static const struct in6_addr zero;

	return ipv6_addr_equal(a, &zero);
}

static inline bool
ipv6_addr_loopback(const struct in6_addr *a)
{
	return ipv6_addr_equal(a, &in6addr_loopback);
}

static inline bool
ipv6_addr_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

/* The scope field of a multicast address. */
static inline int
ipv6_addr_mc_scope(const struct in6_addr *a)
{
	return a->s6_addr[1] & 0x0f;
}

static inline bool
ipv6_addr_is_ll(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

static inline bool
ipv6_addr_v4mapped(const struct in6_addr *a)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return memcmp(a->s6_addr, pfx, 12) == 0;
}

/* Is a one of the solicited-node multicast addresses ff02::1:ffXX:XXXX? */
static inline bool
ipv6_addr_is_solict_mult(const struct in6_addr *a)
{
	static const uint8_t pfx[13] = { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };

	return memcmp(a->s6_addr, pfx, 13) == 0;
}

/* ipv6_prefix_equal: do a and b agree on their first plen bits? */
bool ipv6_prefix_equal(const struct in6_addr *a, const struct in6_addr *b, unsigned int plen);
/* ipv6_addr_prefix: dst = the first plen bits of src, the rest zero. */
void ipv6_addr_prefix(struct in6_addr *dst, const struct in6_addr *src, unsigned int plen);
/* ipv6_addr_diff: the number of leading bits a and b share (128 if equal). */
unsigned int ipv6_addr_diff(const struct in6_addr *a, const struct in6_addr *b);
/* ipv6_addr_type: IPV6_ADDR_* class and scope bits, as Linux's __ipv6_addr_type. */
unsigned int ipv6_addr_type(const struct in6_addr *a);
/* ipv6_addr_scope: the RFC 4007 scope (IPV6_ADDR_SCOPE_*) of a. */
int ipv6_addr_scope(const struct in6_addr *a);
/* addrconf_addr_solict_mult: the solicited-node multicast address of a. */
void addrconf_addr_solict_mult(const struct in6_addr *a, struct in6_addr *out);
/* ipv6_addr_set_v4mapped: ::ffff:a.b.c.d for a (host order). */
void ipv6_addr_set_v4mapped(uint32_t a, struct in6_addr *out);
/*
 * addrconf_ifid_eui48 writes the modified EUI-64 interface identifier of
 * MAC mac (RFC 4291 appendix A: ff:fe in the middle, the U/L bit
 * inverted) into the last 8 bytes of addr.
 */
void addrconf_ifid_eui48(struct in6_addr *addr, const uint8_t *mac);
/* ipv6_addr_linklocal_eui64: fe80::<EUI-64 of mac>. */
void ipv6_addr_linklocal_eui64(struct in6_addr *addr, const uint8_t *mac);

/*
 * Text forms. in6_pton parses the forms of RFC 4291 2.2 (with "::" and a
 * trailing dotted IPv4 part) exactly as inet_pton(AF_INET6) accepts them:
 * 0 or -EINVAL. in6_ntop writes the RFC 5952 form inet_ntop produces
 * (lower case, the longest run of two or more zero groups as "::", the
 * first of equal runs, ::ffff:a.b.c.d and ::a.b.c.d for mapped and
 * compatible addresses) into buf (INET6_ADDRSTRLEN bytes) and returns
 * its length.
 */
#define INET6_ADDRSTRLEN	46
int in6_pton(const char *s, struct in6_addr *out);
int in6_ntop(const struct in6_addr *a, char *buf);

/* ---- per-interface state ---- */

/* One IPv6 address of an interface. */
struct inet6_ifaddr {
	struct list_head node;		/* in inet6_dev.addrs, scope-ordered as Linux */
	struct inet6_dev *idev;
	struct in6_addr addr;
	struct in6_addr peer;		/* IFA_ADDRESS of a point-to-point address, else :: */
	uint8_t prefix_len;
	uint8_t scope;			/* IFA scope for rtnetlink: RT_SCOPE_* */
	uint32_t flags;			/* IFA_F_* (TENTATIVE, DADFAILED, DEPRECATED, ...) */
	uint32_t rt_priority;		/* metric of its prefix route (0: 256) */
	uint32_t valid_lft, prefered_lft;	/* seconds; INFINITY_LIFE_TIME forever */
	uint64_t cstamp, tstamp;	/* ns: created, lifetimes last set */
	bool manual;			/* configured, not from an RA (has its prefix route) */
	int dad_probes;			/* DAD solicitations still to send */
	struct net_timer dad_timer;
	bool dead;
};

#define INFINITY_LIFE_TIME	0xFFFFFFFFU

/* A multicast group joined on an interface (the MAC filter and local delivery). */
struct ifmcaddr6 {
	struct list_head node;
	struct in6_addr addr;
	unsigned int users;
};

/* Per-interface IPv6 state (Linux's struct inet6_dev). */
struct inet6_dev {
	struct net_if *dev;
	struct list_head addrs;		/* struct inet6_ifaddr */
	struct list_head mc_list;	/* struct ifmcaddr6 */
	int conf[DEVCONF_MAX];		/* net.ipv6.conf.<dev>.*; times in ms */
	struct neigh_parms nd_parms;
	unsigned int mtu6;		/* the link MTU for IPv6 (RA may lower it) */
	int rs_probes;			/* router solicitations sent */
	uint64_t rs_interval;		/* ns, the current (backed off) interval */
	struct net_timer rs_timer;
	bool configured;		/* running: link-local and routes set up */
	bool if_ready;			/* the link-local address passed DAD: RS may go */
	bool dead;
	uint64_t tstamp;		/* ns: last RA (IFLA_INET6_INFO) */
	uint64_t stats[32];		/* per-device IPSTATS (IFLA_INET6_STATS), by IP6STATS_* */
};

/* ---- routing ---- */

/* Route flags (Linux's RTF_*, uapi/route.h for the shared ones). */
#define RTF6_ADDRCONF	0x00040000	/* from an RA or autoconfiguration */
#define RTF6_DEFAULT	0x00010000	/* a default router from an RA */
#define RTF6_EXPIRES	0x00400000
#define RTF6_NONEXTHOP	0x00200000	/* prefix route: on-link */
#define RTF6_LOCAL	0x80000000

struct rt6_route {
	struct list_head node;		/* in its table: longest prefix first */
	uint32_t table;			/* RT_TABLE_LOCAL or RT_TABLE_MAIN (or others) */
	struct in6_addr dst;
	uint8_t dst_len;
	struct in6_addr src;		/* source-specific routes: not supported, :: */
	struct in6_addr prefsrc;	/* RTA_PREFSRC, :: if none */
	struct in6_addr gw;		/* :: if on-link */
	struct net_if *dev;
	uint8_t type;			/* RTN_UNICAST, _LOCAL, _MULTICAST, _UNREACHABLE, ... */
	uint8_t protocol;		/* RTPROT_KERNEL, _RA, _BOOT, _STATIC */
	uint32_t metric;		/* RTA_PRIORITY */
	uint32_t flags;			/* RTF_GATEWAY, RTF_UP, RTF6_* */
	uint32_t mtu;			/* RTAX_MTU, 0 if none */
	uint32_t hoplimit;		/* RTAX_HOPLIMIT (an RA's default route), 0 if none */
	uint64_t expires;		/* ns, 0: never */
	uint8_t pref;			/* ICMPV6_ROUTER_PREF_* */
};

/* A route to add or delete (RTM_NEWROUTE/DELROUTE, SIOCADDRT on AF_INET6). */
struct rt6_config {
	uint32_t table;			/* 0: main */
	struct in6_addr dst;
	uint8_t dst_len;
	struct in6_addr gw;
	struct in6_addr prefsrc;
	int oif;
	uint8_t type;			/* 0: RTN_UNICAST */
	uint8_t protocol;		/* 0 on delete: any */
	uint32_t metric;		/* 0: 1024 (IP6_RT_PRIO_USER) */
	uint32_t flags;
	uint32_t expires_s;		/* 0: none */
	uint32_t mtu;
	unsigned int nlflags;		/* NLM_F_CREATE/EXCL/REPLACE */
};

#define IP6_RT_PRIO_USER	1024
#define IP6_RT_PRIO_ADDRCONF	256

/*
 * rt6_route_add adds a route with Linux's checks (a gateway must be
 * link-local or reachable on-link: -EINVAL/-ENETUNREACH, a missing device
 * -ENODEV, duplicates under NLM_F_EXCL -EEXIST; an existing route of the
 * same prefix, metric and device is replaced when NLM_F_REPLACE, and for
 * routes from RAs updated in place). rt6_route_del removes the first route
 * matching the non-zero fields of cfg (-ESRCH). Both notify.
 */
int rt6_route_add(struct inet_stack *stack, const struct rt6_config *cfg);
int rt6_route_del(struct inet_stack *stack, const struct rt6_config *cfg);
/* rt6_flush_dev removes every route through dev. */
void rt6_flush_dev(struct inet_stack *stack, struct net_if *dev);
/*
 * rt6_lookup finds the route to daddr (longest prefix; then lowest
 * metric; routes through a device that is down or a gateway known
 * unreachable are skipped), looking in the local table first. oif, if
 * non-zero, restricts to that device (and is needed to reach a
 * link-local destination). NULL if none. The pointer is valid until the
 * caller returns to the glue.
 */
struct rt6_route *rt6_lookup(struct inet_stack *stack, const struct in6_addr *daddr, int oif);
/* rt6_for_each calls fn for every route (fn must not change the tables). */
void rt6_for_each(struct inet_stack *stack, void (*fn)(struct rt6_route *, void *), void *arg);
/* Path MTU learned from Packet Too Big, per destination (10 minutes, as Linux). */
void rt6_update_pmtu(struct inet_stack *stack, const struct in6_addr *daddr, unsigned int mtu);
unsigned int rt6_pmtu(struct inet_stack *stack, const struct in6_addr *daddr);

/* ---- datagrams ---- */

/* pkt->cb while a packet is in the IPv6 layer. */
struct ip6_cb {
	int iif;			/* interface it arrived on */
	uint16_t nhoff;			/* offset (from the IPv6 header) of the last nexthdr byte */
	uint16_t frag_max_size;		/* largest fragment it was made of, 0 if none */
	uint8_t flags;			/* IP6CB_* */
	uint8_t ra;			/* router alert present */
};
#define IP6CB(p)		((struct ip6_cb *)(p)->cb)
#define IP6CB_FORWARDED		0x1
#define IP6CB_MCAST_LOOP	0x2	/* a local copy of a multicast we sent */

/* What a transport hands ip6_output() along with its payload. */
struct flowi6 {
	struct in6_addr daddr;
	struct in6_addr saddr;		/* :: to have one chosen */
	int oif;			/* 0: by routing (required for link-local and multicast) */
	uint8_t proto;			/* the payload's protocol */
	int hop_limit;			/* -1: the interface's default (1 for multicast) */
	uint8_t tclass;
	uint32_t flowlabel;		/* host order, 20 bits */
	bool mc_loop;			/* multicast: deliver a copy locally if joined */
	bool dontfrag;			/* IPV6_DONTFRAG: fail with -EMSGSIZE instead */
};

/*
 * ip6_route_output fills in the output device, next hop and (if unset)
 * the source address for fl: 0, -ENETUNREACH, -EADDRNOTAVAIL (no usable
 * source), -EINVAL (link-local or multicast destination without oif).
 */
struct ip6_dst {
	struct net_if *dev;
	struct in6_addr nexthop;
	unsigned int mtu;		/* path MTU */
	uint32_t hoplimit;		/* the route's, 0: the interface's */
	bool local;			/* to one of our addresses: via loopback */
};
int ip6_route_output(struct inet_stack *stack, struct flowi6 *fl, struct ip6_dst *dst);
/*
 * ip6_output sends p (data at the transport header, checksum done over
 * fl's addresses) to fl->daddr: pushes the IPv6 header, fragments if it
 * does not fit the path MTU (or returns -EMSGSIZE if fl->dontfrag), and
 * hands it to the neighbour layer. Consumes p. 0 or -errno.
 */
int ip6_output(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl);

/* ip6frag_mem: bytes held by reassembly queues. */
size_t ip6frag_mem(const struct inet_stack *stack);

/* ipv6_rcv: a received IPv6 datagram (data at the IPv6 header). Consumes p. */
void ipv6_rcv(struct inet_stack *stack, struct net_if *ifp, struct pkt *p);

/*
 * ipv6_skip_exthdr walks the extension headers from offset start (at a
 * header whose type is *nexthdr) and returns the offset of the first
 * non-extension header, updating *nexthdr, or -1 if the chain is
 * truncated; *frag_off gets the fragment offset if a fragment header was
 * met. At a fragment header of a non-first fragment it stops there
 * (nexthdr IPPROTO_FRAGMENT): what follows is data (Linux's
 * ipv6_skip_exthdr).
 */
int ipv6_skip_exthdr(const uint8_t *pkt, unsigned int len, int start, uint8_t *nexthdr,
		     uint16_t *frag_off);

/* Transports over IPv6 plug in here (NULL: none yet). Both consume p. */
struct ipv6_hooks {
	void (*udp_rcv)(struct inet_stack *stack, struct pkt *p);
	void (*tcp_rcv)(struct inet_stack *stack, struct pkt *p);
	/* An ICMPv6 error about a datagram we sent (p: data at its IPv6 header;
	 * borrowed: clone to keep). */
	void (*err)(struct inet_stack *stack, struct pkt *p, uint8_t type, uint8_t code,
		    uint32_t info, uint8_t proto, unsigned int thoff);
	/* Echo replies (ping sockets). */
	void (*echo_reply)(struct inet_stack *stack, struct pkt *p);
};

/* ---- ICMPv6 ---- */

/*
 * icmpv6_send sends an error of type/code about in (borrowed; network
 * header = its IPv6 header), info being the MTU of PKT_TOOBIG or the
 * pointer of PARAMPROB. Does nothing where Linux would not send (about
 * an ICMPv6 error, to a multicast or unspecified source, to a multicast
 * destination except TOOBIG and UNK_OPTION, beyond the rate limits).
 */
void icmpv6_send(struct inet_stack *stack, struct pkt *in, uint8_t type, uint8_t code,
		 uint32_t info);
/*
 * icmpv6_sendmsg sends the ICMPv6 message at p->data (type, code, body;
 * the checksum is computed here) to fl->daddr (ping sockets, tests).
 * Consumes p. 0 or -errno.
 */
int icmpv6_sendmsg(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl, uint64_t now);
/* icmpv6_rcv: a received ICMPv6 message (data at its header). Consumes p. */
void icmpv6_rcv(struct inet_stack *stack, struct pkt *p);

/* ---- counters (/proc/net/snmp6), in Linux's order ---- */

enum {
	IP6STATS_InReceives, IP6STATS_InHdrErrors, IP6STATS_InTooBigErrors,
	IP6STATS_InNoRoutes, IP6STATS_InAddrErrors, IP6STATS_InUnknownProtos,
	IP6STATS_InTruncatedPkts, IP6STATS_InDiscards, IP6STATS_InDelivers,
	IP6STATS_OutForwDatagrams, IP6STATS_OutRequests, IP6STATS_OutDiscards,
	IP6STATS_OutNoRoutes, IP6STATS_ReasmTimeout, IP6STATS_ReasmReqds,
	IP6STATS_ReasmOKs, IP6STATS_ReasmFails, IP6STATS_FragOKs, IP6STATS_FragFails,
	IP6STATS_FragCreates, IP6STATS_InMcastPkts, IP6STATS_OutMcastPkts,
	IP6STATS_InOctets, IP6STATS_OutOctets,
	IP6STATS_MAX
};
enum {
	ICMP6STATS_InMsgs, ICMP6STATS_InErrors, ICMP6STATS_OutMsgs, ICMP6STATS_OutErrors,
	ICMP6STATS_InCsumErrors, ICMP6STATS_OutRateLimitHost,
	ICMP6STATS_MAX
};
extern const char *const ip6stats_names[IP6STATS_MAX];
extern const char *const icmp6stats_names[ICMP6STATS_MAX];

/* net.ipv6.* (not per interface) and their Linux defaults. */
struct ipv6_sysctl {
	int icmp_ratelimit;		/* 1000 ms */
	int icmp_echo_ignore_all;	/* 0 */
	int icmp_echo_ignore_multicast;	/* 0 */
	int ip6frag_high_thresh;	/* 4 MiB */
	int ip6frag_low_thresh;		/* 3 MiB */
	int ip6frag_time;		/* 60 s */
	int flowlabel_reflect;		/* 0 */
	int max_dst_opts_cnt;		/* 8 */
	int max_hbh_opts_cnt;		/* 8 */
};

/* The IPv6 half of the stack (stack->ip6). */
struct ipv6_state {
	struct inet_stack *stack;
	int conf_all[DEVCONF_MAX];
	int conf_default[DEVCONF_MAX];
	struct ipv6_sysctl sysctl;
	struct neigh_table nd_tbl;
	struct list_head routes;	/* struct rt6_route, every table, longest prefix first */
	unsigned int nroutes;
	struct ipv6_hooks hooks;
	struct ip6frags *frags;
	void *pmtu;			/* learned path MTUs */
	void *peers;			/* ICMPv6 rate limit per destination */
	uint32_t frag_ident;
	uint64_t ip6stats[IP6STATS_MAX];
	uint64_t icmp6stats[ICMP6STATS_MAX];
	uint64_t icmp6_in_type[256], icmp6_out_type[256];
	struct net_timer verify_timer;	/* address lifetimes and route expiry */
};

int ipv6_init(struct inet_stack *stack);
void ipv6_destroy(struct inet_stack *stack);

/* ---- addresses administered (ip -6 addr) and autoconfiguration ---- */

/* Interface events from devinet.c (inet.h's interface functions). */
enum { NETDEV6_REGISTER, NETDEV6_UNREGISTER, NETDEV6_UP, NETDEV6_DOWN, NETDEV6_CHANGE,
       NETDEV6_CHANGEADDR, NETDEV6_CHANGEMTU };
void addrconf_notify(struct net_if *ifp, int event);

/* The effective value of a per-device setting (for "forwarding": all's). */
int in6_dev_conf(const struct net_if *ifp, int devconf);
/* net.ipv6.conf.all.forwarding: like Linux it sets every device too. */
void ipv6_set_forwarding(struct inet_stack *stack, int on);

/*
 * inet6_addr_add adds addr/plen to ifp as `ip -6 addr add` does
 * (ifa_flags IFA_F_NODAD, IFA_F_NOPREFIXROUTE, ...; lifetimes in seconds,
 * INFINITY_LIFE_TIME for permanent): the address starts TENTATIVE and
 * runs DAD unless NODAD; the prefix route is added unless plen is 128 or
 * NOPREFIXROUTE. 0, -EEXIST, -EINVAL, -ENODEV (IPv6 disabled), -ENOMEM.
 * inet6_addr_del removes it (-EADDRNOTAVAIL).
 */
int inet6_addr_add(struct net_if *ifp, const struct in6_addr *addr, unsigned int plen,
		   uint32_t ifa_flags, uint32_t valid_lft, uint32_t prefered_lft, uint64_t now);
int inet6_addr_del(struct net_if *ifp, const struct in6_addr *addr, unsigned int plen,
		   uint64_t now);
/* ipv6_get_ifaddr finds addr on ifp (or any interface if ifp is NULL). */
struct inet6_ifaddr *ipv6_get_ifaddr(struct inet_stack *stack, const struct in6_addr *addr,
				     struct net_if *ifp);
/* ipv6_chk_addr: is addr ours and usable (not tentative)? (ifp NULL: any interface) */
bool ipv6_chk_addr(struct inet_stack *stack, const struct in6_addr *addr, struct net_if *ifp);
/*
 * ipv6_dev_get_saddr picks a source address for daddr leaving through
 * dev (RFC 6724 rules 1, 2, 3, 5, 8 as Linux applies them): 0, or
 * -EADDRNOTAVAIL.
 */
int ipv6_dev_get_saddr(struct inet_stack *stack, struct net_if *dev,
		       const struct in6_addr *daddr, struct in6_addr *saddr);
/* ipv6_mc_join / leave / check: multicast groups of an interface. */
int ipv6_mc_join(struct net_if *ifp, const struct in6_addr *group);
void ipv6_mc_leave(struct net_if *ifp, const struct in6_addr *group);
bool ipv6_chk_mcast_addr(struct net_if *ifp, const struct in6_addr *group);
/* in6_dev_get: ifp's IPv6 state, or NULL. */
struct inet6_dev *in6_dev_get(const struct net_if *ifp);

/* ---- Neighbour Discovery (ndisc.c) ---- */

void ndisc_init(struct inet_stack *stack);
void ndisc_destroy(struct inet_stack *stack);
/* ndisc_rcv: an ND message (RS, RA, NS, NA, redirect), data at the ICMPv6 header. Borrows p. */
void ndisc_rcv(struct inet_stack *stack, struct pkt *p);
/* ndisc_send_ns: solicit target (saddr :: for DAD) to daddr (NULL: solicited-node group). */
void ndisc_send_ns(struct net_if *dev, const struct in6_addr *target,
		   const struct in6_addr *daddr, const struct in6_addr *saddr);
/* ndisc_send_na: advertise target to daddr. */
void ndisc_send_na(struct net_if *dev, const struct in6_addr *daddr,
		   const struct in6_addr *target, bool router, bool solicited, bool override,
		   bool inc_opt);
void ndisc_send_rs(struct net_if *dev, const struct in6_addr *saddr);
/* ndisc_output sends p (data at its IPv6 header) to nexthop on dev. Consumes p. */
int ndisc_output(struct inet_stack *stack, struct net_if *dev, const struct in6_addr *nexthop,
		 struct pkt *p);
/* Called by addrconf: a DAD result and a received RA. */
void addrconf_dad_failure(struct inet6_ifaddr *ifp);
void addrconf_ra(struct net_if *dev, const struct in6_addr *router, const uint8_t *ra,
		 unsigned int len);

#endif /* KERNEL_NET_IPV6_H */
