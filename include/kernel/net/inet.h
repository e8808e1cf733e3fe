/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPv4 stack as one object: interfaces as the stack sees them, their
 * addresses and per-device settings, the neighbour (ARP) and routing
 * tables, reassembly, the UDP/raw/ping/TCP socket tables and the SNMP
 * counters (kernel/net/ipv4/stack.c, devinet.c). The kernel has one
 * struct inet_stack; a unit test may build several and wire them
 * together with simulated links.
 *
 * What the library is NOT: it owns no host fd, no task, no wait queue,
 * no file. The kernel glue (drivers/net, kernel/net/socket code) is
 * around it:
 *
 *   frames in:   inet_rx(stack, ifp, pkt, now) for each received
 *                Ethernet frame (or inet_rx_batch for a queue of them);
 *   frames out:  the stack appends finished frames to ifp->txq and calls
 *                ops->xmit_kick(ifp) when txq goes from empty to not
 *                empty; the driver drains txq (one host call per batch);
 *   time:        every entry point takes `now` (ns, monotonic); the glue
 *                calls inet_timers_run(stack, now) when
 *                inet_next_deadline(stack) has passed (see timer.h);
 *   sockets:     struct inet_sock (sock.h) is embedded in the glue's
 *                socket; the stack calls sk->wake(sk, events) when it
 *                becomes readable/writable/errored, and the glue wakes
 *                its waiters (wake must not call back into the stack);
 *   taps:        ops->tap(ifp, pkt, dir) sees every frame received or
 *                sent (AF_PACKET); the pkt is borrowed: clone to keep it;
 *   events:      ops->notify(stack, RTM_NEW*, obj) for rtnetlink groups.
 *
 * Loopback needs no driver: a frame sent on an IFF_LOOPBACK interface
 * goes to the stack's backlog and is received at the end of the current
 * entry point (iteratively, never recursively), so TCP over lo works
 * inside one call chain without unbounded stack depth.
 *
 * Conventions: IPv4 addresses and ports are uint32_t/uint16_t in HOST
 * byte order everywhere in this library; they are converted where bytes
 * meet the wire or the guest. Errors are negative errnos. Nothing locks
 * (the kernel is uniprocessor); callbacks must not re-enter the stack
 * except through the functions their comments allow.
 */
#ifndef KERNEL_NET_INET_H
#define KERNEL_NET_INET_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/net/neighbour.h"
#include "kernel/net/pkt.h"
#include "kernel/net/random.h"
#include "kernel/net/timer.h"
#include "uapi/if.h"
#include "uapi/if_ether.h"
#include "uapi/ip.h"

struct inet_stack;
struct inet_sock;
struct inet6_dev;
struct ipv6_state;
struct fib_table;
struct icmp_err;

/* Readiness events passed to inet_sock.wake (the poll(2) bits). */
#define NET_EV_IN	0x001
#define NET_EV_PRI	0x002
#define NET_EV_OUT	0x004
#define NET_EV_ERR	0x008
#define NET_EV_HUP	0x010
#define NET_EV_RDHUP	0x2000

/* Per-interface counters (/proc/net/dev, IFLA_STATS64). */
struct if_stats {
	uint64_t rx_packets, tx_packets;
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_errors, tx_errors;
	uint64_t rx_dropped, tx_dropped;
	uint64_t multicast;
	uint64_t rx_length_errors, rx_frame_errors, rx_nohandler;
	uint64_t tx_carrier_errors;
};

/* One IPv4 address of an interface (struct in_ifaddr in Linux). */
struct in_ifaddr {
	struct list_head node;	/* in in_device.addrs: primaries, then secondaries */
	uint32_t local;		/* IFA_LOCAL: our address */
	uint32_t address;	/* IFA_ADDRESS: the peer on point-to-point, else == local */
	uint32_t mask;
	uint8_t prefixlen;
	uint8_t scope;		/* RT_SCOPE_* */
	uint32_t broadcast;	/* 0: none */
	uint32_t flags;		/* IFA_F_* */
	uint32_t rt_priority;	/* metric of the prefix route */
	char label[IFNAMSIZ];
	uint32_t valid_lft, preferred_lft;	/* seconds; 0xffffffff forever */
	uint64_t cstamp, tstamp;	/* ns: created, last changed */
};

/* Per-interface IPv4 state (struct in_device in Linux). */
struct in_device {
	struct list_head addrs;	/* struct in_ifaddr */
	struct list_head mc_list;	/* struct ip_mc_group: groups joined */
	int conf[IPV4_DEVCONF_MAX];	/* index IPV4_DEVCONF_x - 1, as IFLA_INET_CONF */
	struct neigh_parms arp_parms;
	bool dead;
};

/* Indexing in_device.conf and the stack's "all"/"default" vectors. */
#define IN_CONF(v, x)	((v)[IPV4_DEVCONF_##x - 1])

/*
 * An interface as the stack sees it. The glue allocates it (usually
 * inside its own device struct), fills the identity fields, and calls
 * inet_if_register(); the stack fills the rest. `flags` holds IFF_UP
 * (administrative) and IFF_RUNNING/IFF_LOWER_UP (carrier), changed only
 * through inet_if_set_flags()/inet_if_set_carrier().
 */
struct net_if {
	struct list_head node;		/* in stack->ifaces, by ifindex */
	struct inet_stack *stack;
	int ifindex;
	char name[IFNAMSIZ];
	uint16_t type;			/* ARPHRD_ETHER or ARPHRD_LOOPBACK */
	unsigned int flags;		/* IFF_* */
	unsigned int mtu;
	unsigned int min_mtu, max_mtu;
	bool carrier;			/* the link is there (inet_if_set_carrier) */
	uint8_t addr[ETH_ALEN];		/* our MAC (zeros on loopback) */
	uint8_t broadcast[ETH_ALEN];
	unsigned int txqueuelen;
	struct pkt_queue txq;		/* frames for the driver to send */
	unsigned int txq_limit;		/* frames; beyond, drops count tx_dropped */
	struct if_stats stats;
	struct in_device in;
	struct inet6_dev *in6;		/* IPv6 state (ipv6.h), NULL if none */
	unsigned int promisc;		/* users of promiscuous mode (packet sockets) */
	unsigned int allmulti;
	uint64_t carrier_changes;
	void *priv;			/* the glue's */
};

/*
 * The glue's callbacks. All optional (NULL: nothing to do). None may
 * call back into the stack, except xmit_kick, which may drain ifp->txq.
 */
struct inet_stack_ops {
	/* ifp->txq became non-empty. */
	void (*xmit_kick)(struct net_if *ifp);
	/* A frame was received (dir 0) or sent (dir 1, PACKET_OUTGOING) on ifp;
	 * p->data is the Ethernet header; p is borrowed. */
	void (*tap)(struct net_if *ifp, struct pkt *p, int dir);
	/* An rtnetlink event: type RTM_NEWADDR/DELADDR (obj: struct in_ifaddr,
	 * ifp), RTM_NEWROUTE/DELROUTE (obj: struct fib_route), RTM_NEWNEIGH/
	 * DELNEIGH (obj: struct neighbour), RTM_NEWLINK (obj: NULL, ifp). */
	void (*notify)(struct inet_stack *stack, int type, const void *obj, struct net_if *ifp);
	/* The same for IPv6: RTM_NEWADDR/DELADDR (obj: struct inet6_ifaddr),
	 * RTM_NEWROUTE/DELROUTE (struct rt6_route), RTM_NEWNEIGH/DELNEIGH
	 * (struct neighbour of the ND table). */
	void (*notify6)(struct inet_stack *stack, int type, const void *obj, struct net_if *ifp);
	/* Milliseconds since midnight UT for ICMP timestamp replies; NULL: none sent. */
	uint32_t (*ms_since_midnight)(struct inet_stack *stack, uint64_t now);
};

/* IP counters (/proc/net/snmp "Ip:"), in Linux's order. */
enum {
	IPSTATS_InReceives, IPSTATS_InHdrErrors, IPSTATS_InAddrErrors,
	IPSTATS_ForwDatagrams, IPSTATS_InUnknownProtos, IPSTATS_InDiscards,
	IPSTATS_InDelivers, IPSTATS_OutRequests, IPSTATS_OutDiscards,
	IPSTATS_OutNoRoutes, IPSTATS_ReasmTimeout, IPSTATS_ReasmReqds,
	IPSTATS_ReasmOKs, IPSTATS_ReasmFails, IPSTATS_FragOKs, IPSTATS_FragFails,
	IPSTATS_FragCreates, IPSTATS_InTruncatedPkts, IPSTATS_InNoRoutes,
	IPSTATS_InCsumErrors, IPSTATS_OutOctets, IPSTATS_InOctets,
	IPSTATS_InBcastPkts, IPSTATS_OutBcastPkts, IPSTATS_InMcastPkts,
	IPSTATS_OutMcastPkts,
	IPSTATS_MAX
};

/* ICMP counters ("Icmp:"); per-type counts are in icmp_in/out_type[]. */
enum {
	ICMPSTATS_InMsgs, ICMPSTATS_InErrors, ICMPSTATS_InCsumErrors,
	ICMPSTATS_OutMsgs, ICMPSTATS_OutErrors, ICMPSTATS_OutRateLimitGlobal,
	ICMPSTATS_OutRateLimitHost,
	ICMPSTATS_MAX
};

/* UDP counters ("Udp:"). */
enum {
	UDPSTATS_InDatagrams, UDPSTATS_NoPorts, UDPSTATS_InErrors,
	UDPSTATS_OutDatagrams, UDPSTATS_RcvbufErrors, UDPSTATS_SndbufErrors,
	UDPSTATS_InCsumErrors, UDPSTATS_IgnoredMulti, UDPSTATS_MemErrors,
	UDPSTATS_MAX
};

/* TCP counters ("Tcp:"; CurrEstab is counted live by tcp.c). */
enum {
	TCPSTATS_ActiveOpens, TCPSTATS_PassiveOpens, TCPSTATS_AttemptFails,
	TCPSTATS_EstabResets, TCPSTATS_InSegs, TCPSTATS_OutSegs,
	TCPSTATS_RetransSegs, TCPSTATS_InErrs, TCPSTATS_OutRsts,
	TCPSTATS_InCsumErrors,
	TCPSTATS_MAX
};

extern const char *const ipstats_names[IPSTATS_MAX];
extern const char *const icmpstats_names[ICMPSTATS_MAX];
extern const char *const udpstats_names[UDPSTATS_MAX];
extern const char *const tcpstats_names[TCPSTATS_MAX];

/*
 * net.ipv4.* sysctls and their Linux defaults. Each is an int the sysctl
 * table may point at directly (the stack reads them at use).
 */
struct inet_sysctl {
	int ip_default_ttl;		/* 64 */
	int ip_local_port_range[2];	/* 32768 60999 */
	int ip_no_pmtu_disc;		/* 0 */
	int ip_nonlocal_bind;		/* 0 */
	int ipfrag_high_thresh;		/* 4 MiB */
	int ipfrag_low_thresh;		/* 3 MiB */
	int ipfrag_time;		/* 30 s */
	int icmp_echo_ignore_all;	/* 0 */
	int icmp_echo_ignore_broadcasts;	/* 1 */
	int icmp_ignore_bogus_error_responses;	/* 1 */
	int icmp_errors_use_inbound_ifaddr;	/* 0 */
	int icmp_ratelimit;		/* 1000 ms */
	int icmp_ratemask;		/* 0x1818 */
	int icmp_msgs_per_sec;		/* 1000 */
	int icmp_msgs_burst;		/* 50 */
	int ping_group_range[2];	/* 1 0: nobody */
	int udp_rmem_min, udp_wmem_min;	/* 4096 */
	int rmem_default, wmem_default;	/* net.core: 212992 */
	int rmem_max, wmem_max;		/* 212992 */
};

/* The stack. Zero-initialise, then inet_stack_init(). */
struct inet_stack {
	const struct inet_stack_ops *ops;
	void *priv;			/* the glue's */
	struct list_head ifaces;	/* struct net_if, by ifindex */
	struct net_if *loopback;	/* the IFF_LOOPBACK interface, once registered */
	struct pkt_pool *pool;
	struct net_timer_base timers;
	struct net_rng rng;
	struct siphash_key hash_key;	/* for ISNs and hash tables */
	uint64_t now;			/* the latest `now` an entry point got */

	int conf_all[IPV4_DEVCONF_MAX];
	int conf_default[IPV4_DEVCONF_MAX];
	struct inet_sysctl sysctl;

	struct neigh_table arp_tbl;
	struct fib_table *fib_local, *fib_main;
	struct list_head fib_tables;	/* every struct fib_table, by id */
	struct ipfrags *frags;
	struct icmp_state *icmp;
	struct udp_table *udp;
	struct raw_table *raw;
	struct tcp_table *tcp;
	struct ipv6_state *ip6;		/* the IPv6 half (ipv6.h) */
	/* TCP plugs in here when initialised (tcp.c), so IP needs no TCP symbols. */
	void (*tcp_rcv)(struct inet_stack *stack, struct pkt *p);
	void (*tcp_err)(struct inet_stack *stack, const struct icmp_err *e);
	void *pmtu_cache;		/* route.c's learned path MTUs */
	uint32_t ip_idents[256];	/* IP ID counters for unconnected traffic */
	uint32_t ip_ident_stamp[256];	/* ms of their last use */

	struct pkt_queue backlog;	/* frames sent on loopback, received at the end of the call */
	struct pkt_queue loopq;		/* local copies of sent broadcasts (routed already) */
	unsigned int depth;		/* entry point nesting */

	uint64_t ipstats[IPSTATS_MAX];
	uint64_t icmpstats[ICMPSTATS_MAX];
	uint64_t icmp_in_type[256], icmp_out_type[256];
	uint64_t udpstats[UDPSTATS_MAX];
	uint64_t tcpstats[TCPSTATS_MAX];
};

/*
 * inet_stack_init prepares a stack that takes packet memory from pool,
 * seeds its generator and hash key from seed, and sets Linux's defaults.
 * 0 or -ENOMEM. inet_stack_destroy frees what it holds (interfaces must
 * have been unregistered and sockets closed).
 */
int inet_stack_init(struct inet_stack *stack, const struct inet_stack_ops *ops,
		    struct pkt_pool *pool, uint64_t seed);
void inet_stack_destroy(struct inet_stack *stack);

/*
 * inet_if_register adds ifp (ifindex, name, type, mtu, addr filled by
 * the caller; flags may hold IFF_LOOPBACK, IFF_BROADCAST, IFF_MULTICAST,
 * IFF_NOARP). It starts down. 0, -EEXIST (index or name in use),
 * -EINVAL. inet_if_unregister brings it down and removes it: its
 * addresses, routes, neighbours and queued frames go.
 */
int inet_if_register(struct inet_stack *stack, struct net_if *ifp, uint64_t now);
void inet_if_unregister(struct net_if *ifp, uint64_t now);
/* inet_if_by_index / by_name find a registered interface, or NULL. */
struct net_if *inet_if_by_index(struct inet_stack *stack, int ifindex);
struct net_if *inet_if_by_name(struct inet_stack *stack, const char *name);
/*
 * inet_if_set_flags changes IFF_UP (and IFF_PROMISC/IFF_ALLMULTI/
 * IFF_NOARP) as SIOCSIFFLAGS and RTM_NEWLINK do: going up adds the
 * routes of the addresses; going down flushes the interface's routes,
 * neighbours and queued frames. 0 or -errno.
 */
int inet_if_set_flags(struct net_if *ifp, unsigned int flags, uint64_t now);
/* inet_if_set_carrier reports the link (the switch) coming or going. */
void inet_if_set_carrier(struct net_if *ifp, bool on, uint64_t now);
/* inet_if_set_mtu: 0, or -EINVAL outside [min_mtu, max_mtu]. */
int inet_if_set_mtu(struct net_if *ifp, unsigned int mtu, uint64_t now);
/* inet_if_set_hwaddr changes the MAC (-EADDRNOTAVAIL if not unicast). */
int inet_if_set_hwaddr(struct net_if *ifp, const uint8_t *addr, uint64_t now);
/* inet_if_up: administratively up and with carrier. */
static inline bool
inet_if_running(const struct net_if *ifp)
{
	return (ifp->flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

/*
 * inet_rx gives the stack a received Ethernet frame (p->data at the
 * destination MAC) that arrived on ifp; the stack consumes p.
 * inet_rx_batch does the same for every frame of q (emptied).
 */
void inet_rx(struct inet_stack *stack, struct net_if *ifp, struct pkt *p, uint64_t now);
void inet_rx_batch(struct inet_stack *stack, struct net_if *ifp, struct pkt_queue *q,
		   uint64_t now);

/* inet_next_deadline: when inet_timers_run should next be called. */
uint64_t inet_next_deadline(const struct inet_stack *stack);
/* inet_timers_run runs every timer due at now (ARP, reassembly, TCP...). */
void inet_timers_run(struct inet_stack *stack, uint64_t now);

/*
 * Entry-point bracketing, for the library's own functions: every public
 * function that may send or receive calls inet_enter() first and
 * inet_leave() last; the outermost inet_leave() drains the loopback
 * backlog. Exposed so glue that calls several library functions in a
 * row may bracket them once.
 */
void inet_enter(struct inet_stack *stack, uint64_t now);
void inet_leave(struct inet_stack *stack);

/*
 * Addresses (devinet.c). inet_addr_add adds ifa (filled by the caller:
 * local, address, prefixlen, broadcast, scope, flags, label; the stack
 * takes ownership of the kmalloc'ed ifa) to ifp, as RTM_NEWADDR does:
 * secondaries, the local/broadcast/prefix routes. 0, -EEXIST (same local
 * and prefix length), -EINVAL. inet_addr_del removes the address that
 * matches local/prefixlen (and label if non-NULL): 0 or -EADDRNOTAVAIL.
 */
int inet_addr_add(struct net_if *ifp, struct in_ifaddr *ifa, uint64_t now);
int inet_addr_del(struct net_if *ifp, uint32_t local, uint8_t prefixlen, const char *label,
		  uint64_t now);
/* inet_ifa_find returns ifp's address equal to local, or NULL. */
struct in_ifaddr *inet_ifa_find(struct net_if *ifp, uint32_t local);
/* inet_addr_is_local: is addr one of the stack's addresses (any interface)? */
bool inet_addr_is_local(struct inet_stack *stack, uint32_t addr);
/* inet_addr_owner returns the interface that has addr, or NULL. */
struct net_if *inet_addr_owner(struct inet_stack *stack, uint32_t addr);
/*
 * inet_select_addr picks a source address on ifp for talking to dst
 * within scope (Linux's inet_select_addr): a primary address of ifp in
 * dst's subnet, else ifp's first primary of fitting scope, else one of
 * another interface; 0 if none.
 */
uint32_t inet_select_addr(struct net_if *ifp, uint32_t dst, int scope);
/* inet_ifa_primary returns ifp's first primary address, or NULL. */
struct in_ifaddr *inet_ifa_primary(struct net_if *ifp);

/* Per-device configuration with Linux's rules for combining "all" and the device. */
bool in_dev_forward(const struct net_if *ifp);
int in_dev_arp_ignore(const struct net_if *ifp);
int in_dev_arp_announce(const struct net_if *ifp);
bool in_dev_arp_accept(const struct net_if *ifp);
bool in_dev_arp_notify(const struct net_if *ifp);
bool in_dev_arp_filter(const struct net_if *ifp);
bool in_dev_accept_redirects(const struct net_if *ifp);
bool in_dev_send_redirects(const struct net_if *ifp);
bool in_dev_shared_media(const struct net_if *ifp);
bool in_dev_route_localnet(const struct net_if *ifp);
bool in_dev_accept_local(const struct net_if *ifp);
bool in_dev_promote_secondaries(const struct net_if *ifp);
bool in_dev_ignore_linkdown(const struct net_if *ifp);
bool in_dev_bc_forwarding(const struct net_if *ifp);
bool in_dev_drop_gratuitous_arp(const struct net_if *ifp);
/*
 * inet_set_forwarding writes net.ipv4.ip_forward (= conf/all/forwarding):
 * like Linux it sets "all", "default" and every device.
 */
void inet_set_forwarding(struct inet_stack *stack, int on);

/* Address classes (host order). */
static inline bool
ipv4_is_multicast(uint32_t a)
{
	return (a & 0xf0000000U) == 0xe0000000U;
}

static inline bool
ipv4_is_lbcast(uint32_t a)
{
	return a == 0xffffffffU;
}

static inline bool
ipv4_is_zeronet(uint32_t a)
{
	return (a & 0xff000000U) == 0;
}

static inline bool
ipv4_is_loopback(uint32_t a)
{
	return (a & 0xff000000U) == 0x7f000000U;
}

static inline bool
ipv4_is_local_multicast(uint32_t a)
{
	return (a & 0xffffff00U) == 0xe0000000U;
}

static inline uint32_t
inet_make_mask(unsigned int prefixlen)
{
	return prefixlen ? ~0U << (32 - prefixlen) : 0;
}

/* inet_mask_len returns the prefix length of a contiguous mask, or -1. */
int inet_mask_len(uint32_t mask);

/* inet_ntoa_buf writes "a.b.c.d" and a NUL (16 bytes) for addr. */
void inet_ntoa_buf(char *buf, uint32_t addr);
/* inet_aton_strict parses "a.b.c.d" (four decimal parts 0-255): 0 or -EINVAL. */
int inet_aton_strict(const char *s, uint32_t *addr);

/* Called by the layers: put a finished frame on ifp's txq (consumes p). */
void netif_xmit(struct net_if *ifp, struct pkt *p);

/* Counter helpers. */
#define IP_INC(stack, f)	((stack)->ipstats[IPSTATS_##f]++)
#define IP_ADD(stack, f, n)	((stack)->ipstats[IPSTATS_##f] += (n))
#define ICMP_INC(stack, f)	((stack)->icmpstats[ICMPSTATS_##f]++)
#define UDP_INC(stack, f)	((stack)->udpstats[UDPSTATS_##f]++)
#define TCP_INC(stack, f)	((stack)->tcpstats[TCPSTATS_##f]++)

#endif /* KERNEL_NET_INET_H */
