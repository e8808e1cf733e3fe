// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPv4 stack object (include/kernel/net/inet.h): creation with
 * Linux's defaults, the receive entry point that classifies frames
 * (ARP, IPv4), the transmit queue, the loopback backlog, and the timers.
 *
 * Re-entrancy: an entry point may cause frames to be "received" again
 * (loopback, the local copy of a broadcast). They are queued and
 * processed in a loop by the outermost inet_leave(), so the C stack
 * never grows with the conversation (TCP over lo would otherwise recurse
 * segment by segment).
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/arp.h"
#include "kernel/net/ether.h"
#include "kernel/net/icmp.h"
#include "kernel/net/inet.h"
#include "kernel/net/ip.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "kernel/net/tcp.h"
#include "kernel/net/udp.h"
#include "uapi/if_arp.h"
#include "uapi/if_packet.h"

const char *const ipstats_names[IPSTATS_MAX] = {
	"InReceives", "InHdrErrors", "InAddrErrors", "ForwDatagrams", "InUnknownProtos",
	"InDiscards", "InDelivers", "OutRequests", "OutDiscards", "OutNoRoutes",
	"ReasmTimeout", "ReasmReqds", "ReasmOKs", "ReasmFails", "FragOKs", "FragFails",
	"FragCreates", "InTruncatedPkts", "InNoRoutes", "InCsumErrors", "OutOctets",
	"InOctets", "InBcastPkts", "OutBcastPkts", "InMcastPkts", "OutMcastPkts",
};
const char *const icmpstats_names[ICMPSTATS_MAX] = {
	"InMsgs", "InErrors", "InCsumErrors", "OutMsgs", "OutErrors",
	"OutRateLimitGlobal", "OutRateLimitHost",
};
const char *const udpstats_names[UDPSTATS_MAX] = {
	"InDatagrams", "NoPorts", "InErrors", "OutDatagrams", "RcvbufErrors",
	"SndbufErrors", "InCsumErrors", "IgnoredMulti", "MemErrors",
};
const char *const tcpstats_names[TCPSTATS_MAX] = {
	"ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets", "InSegs",
	"OutSegs", "RetransSegs", "InErrs", "OutRsts", "InCsumErrors",
};

static void
sysctl_defaults(struct inet_sysctl *s)
{
	s->ip_default_ttl = 64;
	s->ip_local_port_range[0] = 32768;
	s->ip_local_port_range[1] = 60999;
	s->ip_no_pmtu_disc = 0;
	s->ip_nonlocal_bind = 0;
	s->ipfrag_high_thresh = 4 * 1024 * 1024;
	s->ipfrag_low_thresh = 3 * 1024 * 1024;
	s->ipfrag_time = 30;
	s->icmp_echo_ignore_all = 0;
	s->icmp_echo_ignore_broadcasts = 1;
	s->icmp_ignore_bogus_error_responses = 1;
	s->icmp_errors_use_inbound_ifaddr = 0;
	s->icmp_ratelimit = 1000;
	s->icmp_ratemask = 0x1818;
	s->icmp_msgs_per_sec = 1000;
	s->icmp_msgs_burst = 50;
	s->ping_group_range[0] = 1;
	s->ping_group_range[1] = 0;
	s->udp_rmem_min = 4096;
	s->udp_wmem_min = 4096;
	s->rmem_default = s->wmem_default = 212992;
	s->rmem_max = s->wmem_max = 212992;
}

/* Linux's ipv4_devconf (all) and ipv4_devconf_dflt (default). */
static void
devconf_defaults(int *c, bool dflt)
{
	memset(c, 0, sizeof(int) * IPV4_DEVCONF_MAX);
	IN_CONF(c, ACCEPT_REDIRECTS) = 1;
	IN_CONF(c, SEND_REDIRECTS) = 1;
	IN_CONF(c, SECURE_REDIRECTS) = 1;
	IN_CONF(c, SHARED_MEDIA) = 1;
	IN_CONF(c, IGMPV2_UNSOLICITED_REPORT_INTERVAL) = 10000;
	IN_CONF(c, IGMPV3_UNSOLICITED_REPORT_INTERVAL) = 1000;
	IN_CONF(c, ARP_EVICT_NOCARRIER) = 1;
	if (dflt)
		IN_CONF(c, ACCEPT_SOURCE_ROUTE) = 1;
}

int
inet_stack_init(struct inet_stack *stack, const struct inet_stack_ops *ops,
		struct pkt_pool *pool, uint64_t seed)
{
	int err;

	memset(stack, 0, sizeof(*stack));
	stack->ops = ops;
	stack->pool = pool;
	list_init(&stack->ifaces);
	list_init(&stack->fib_tables);
	net_timer_base_init(&stack->timers);
	net_rng_seed(&stack->rng, seed);
	stack->hash_key.k0 = net_rng_u64(&stack->rng);
	stack->hash_key.k1 = net_rng_u64(&stack->rng);
	for (int i = 0; i < 256; i++)
		stack->ip_idents[i] = net_rng_u32(&stack->rng);
	devconf_defaults(stack->conf_all, false);
	devconf_defaults(stack->conf_default, true);
	sysctl_defaults(&stack->sysctl);
	pkt_queue_init(&stack->backlog);
	pkt_queue_init(&stack->loopq);

	arp_init(stack);
	err = fib_init(stack);
	if (!err)
		err = ip_rt_init(stack);
	if (!err)
		err = ipfrag_init(stack);
	if (!err)
		err = icmp_init(stack);
	if (!err)
		err = udp_init(stack);
	if (!err)
		err = raw_init(stack);
	if (!err)
		err = tcp_init(stack);
	if (!err)
		err = ipv6_init(stack);
	if (err)
		inet_stack_destroy(stack);
	return err;
}

void
inet_stack_destroy(struct inet_stack *stack)
{
	ipv6_destroy(stack);
	tcp_destroy(stack);
	raw_destroy(stack);
	udp_destroy(stack);
	icmp_destroy(stack);
	ipfrag_destroy(stack);
	ip_rt_destroy(stack);
	fib_destroy(stack);
	arp_destroy(stack);
	pkt_queue_purge(&stack->backlog);
	pkt_queue_purge(&stack->loopq);
}

static void
rx_drop(struct net_if *ifp, struct pkt *p)
{
	ifp->stats.rx_dropped++;
	pkt_free(p);
}

/* One frame in from ifp (p->data at the Ethernet header). */
static void
rx_frame(struct inet_stack *stack, struct net_if *ifp, struct pkt *p)
{
	ifp->stats.rx_packets++;
	/* Linux's lo counts what follows the Ethernet header (loopback_xmit). */
	ifp->stats.rx_bytes += (ifp->flags & IFF_LOOPBACK) && p->len >= ETH_HLEN ? p->len - ETH_HLEN :
			       p->len;
	if (!(ifp->flags & IFF_UP)) {
		rx_drop(ifp, p);
		return;
	}
	p->ifindex = ifp->ifindex;
	p->tstamp = stack->now;
	if (stack->ops && stack->ops->tap)
		stack->ops->tap(ifp, p, 0);
	if (eth_type_trans(p, ifp->addr)) {
		ifp->stats.rx_length_errors++;
		ifp->stats.rx_errors++;
		pkt_free(p);
		return;
	}
	if (p->pkt_type == PACKET_MULTICAST || p->pkt_type == PACKET_BROADCAST)
		ifp->stats.multicast += p->pkt_type == PACKET_MULTICAST;
	switch (p->protocol) {
	case ETH_P_IP:
		ip_rcv(stack, ifp, p);
		break;
	case ETH_P_ARP:
		arp_rcv(stack, ifp, p);
		break;
	case ETH_P_IPV6:
		if (stack->ip6) {
			ipv6_rcv(stack, ifp, p);
			break;
		}
		/* fall through */
	default:
		/* Not ours (a packet socket may have taken a copy through tap). */
		ifp->stats.rx_nohandler++;
		pkt_free(p);
		break;
	}
}

/* Process what was looped back during this call, until nothing is left. */
static void
drain(struct inet_stack *stack)
{
	struct pkt *p;

	for (;;) {
		if ((p = pkt_dequeue(&stack->loopq))) {
			struct net_if *ifp = inet_if_by_index(stack, p->ifindex);

			if (!ifp) {
				pkt_free(p);
				continue;
			}
			if (p->protocol == ETH_P_IPV6)
				ipv6_rcv(stack, ifp, p);
			else
				ip_rcv(stack, ifp, p);
			continue;
		}
		if ((p = pkt_dequeue(&stack->backlog))) {
			struct net_if *lo = inet_if_by_index(stack, p->ifindex);

			if (!lo) {
				pkt_free(p);
				continue;
			}
			rx_frame(stack, lo, p);
			continue;
		}
		break;
	}
}

void
inet_enter(struct inet_stack *stack, uint64_t now)
{
	stack->depth++;
	if (now > stack->now)
		stack->now = now;
}

void
inet_leave(struct inet_stack *stack)
{
	if (stack->depth == 1)
		drain(stack);
	stack->depth--;
}

void
inet_rx(struct inet_stack *stack, struct net_if *ifp, struct pkt *p, uint64_t now)
{
	inet_enter(stack, now);
	memset(p->cb, 0, sizeof(p->cb));
	rx_frame(stack, ifp, p);
	inet_leave(stack);
}

void
inet_rx_batch(struct inet_stack *stack, struct net_if *ifp, struct pkt_queue *q, uint64_t now)
{
	struct pkt *p;

	inet_enter(stack, now);
	while ((p = pkt_dequeue(q))) {
		memset(p->cb, 0, sizeof(p->cb));
		rx_frame(stack, ifp, p);
	}
	inet_leave(stack);
}

void
netif_xmit(struct net_if *ifp, struct pkt *p)
{
	struct inet_stack *stack = ifp->stack;
	bool was_empty;

	if (!(ifp->flags & IFF_UP)) {
		ifp->stats.tx_dropped++;
		pkt_free(p);
		return;
	}
	if (stack->ops && stack->ops->tap)
		stack->ops->tap(ifp, p, 1);
	ifp->stats.tx_packets++;
	ifp->stats.tx_bytes += (ifp->flags & IFF_LOOPBACK) && p->len >= ETH_HLEN ? p->len - ETH_HLEN :
			       p->len;
	if (ifp->flags & IFF_LOOPBACK) {
		p->ifindex = ifp->ifindex;
		pkt_queue_tail(&stack->backlog, p);
		return;
	}
	if (!ifp->carrier) {
		ifp->stats.tx_carrier_errors++;
		ifp->stats.tx_errors++;
		ifp->stats.tx_dropped++;
		pkt_free(p);
		return;
	}
	if (ifp->txq.count >= ifp->txq_limit) {
		ifp->stats.tx_dropped++;
		pkt_free(p);
		return;
	}
	was_empty = pkt_queue_empty(&ifp->txq);
	pkt_queue_tail(&ifp->txq, p);
	if (was_empty && stack->ops && stack->ops->xmit_kick)
		stack->ops->xmit_kick(ifp);
}

uint64_t
inet_next_deadline(const struct inet_stack *stack)
{
	return net_timers_next(&stack->timers);
}

void
inet_timers_run(struct inet_stack *stack, uint64_t now)
{
	inet_enter(stack, now);
	net_timers_run(&stack->timers, now);
	inet_leave(stack);
}

void
inet_ntoa_buf(char *buf, uint32_t a)
{
	int n = 0;

	for (int i = 3; i >= 0; i--) {
		unsigned int v = (a >> (8 * i)) & 0xff;

		if (v >= 100)
			buf[n++] = (char)('0' + v / 100);
		if (v >= 10)
			buf[n++] = (char)('0' + v / 10 % 10);
		buf[n++] = (char)('0' + v % 10);
		if (i)
			buf[n++] = '.';
	}
	buf[n] = '\0';
}

int
inet_aton_strict(const char *s, uint32_t *addr)
{
	uint32_t a = 0;

	for (int part = 0; part < 4; part++) {
		unsigned int v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return -EINVAL;
		a = a << 8 | v;
		if (part < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	*addr = a;
	return 0;
}

int
inet_mask_len(uint32_t mask)
{
	int len = __builtin_popcount(mask);

	return inet_make_mask((unsigned int)len) == mask ? len : -1;
}
