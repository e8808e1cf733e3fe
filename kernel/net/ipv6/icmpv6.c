// SPDX-License-Identifier: GPL-2.0-only
/*
 * ICMPv6 (RFC 4443) as Linux's net/ipv6/icmp.c does it.
 *
 * Receiving: the checksum over the pseudo-header first (InCsumErrors);
 * echo requests are answered (also when sent to a group we joined,
 * from a unicast address of ours); errors go to the transport hooks
 * with the embedded header located, and Packet Too Big about a packet
 * we sent lowers the path MTU toward its destination (Linux does this
 * from the transports' error handlers; with no IPv6 transports yet it
 * is done here); ND messages go to ndisc.c.
 *
 * Sending errors (icmpv6_send), RFC 4443 2.4 as Linux applies it:
 * never about an ICMPv6 error; never to an unspecified or multicast
 * source; about a packet sent to a group or as link-layer multicast only
 * Packet Too Big and parameter problem "unrecognised option"; at most
 * 1280 bytes in all. Rate limits: the global bucket shared with IPv4
 * (icmp_msgs_per_sec/burst), then a bucket per destination of
 * net.ipv6.icmp.ratelimit (1000 ms) shortened for wide routes (the
 * interval is shifted right by (128 - prefix length) / 32: 62 ms via a
 * default route), burst 6; errors to this host itself are never limited.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "ipv6_impl.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"

const char *const icmp6stats_names[ICMP6STATS_MAX] = {
	"Icmp6InMsgs", "Icmp6InErrors", "Icmp6OutMsgs", "Icmp6OutErrors", "Icmp6InCsumErrors",
	"Icmp6OutRateLimitHost",
};

#define ICMP6_PEERS	256
#define XRLIM_BURST	6

struct icmp6_peer {
	struct in6_addr addr;
	uint64_t used;
	uint64_t last, tokens;
	bool valid;
};

int
icmpv6_init(struct inet_stack *stack)
{
	stack->ip6->peers = kzalloc(ICMP6_PEERS * sizeof(struct icmp6_peer));
	return stack->ip6->peers ? 0 : -ENOMEM;
}

void
icmpv6_destroy(struct inet_stack *stack)
{
	kfree(stack->ip6->peers);
	stack->ip6->peers = NULL;
}

static struct icmp6_peer *
peer_get(struct inet_stack *stack, const struct in6_addr *addr)
{
	struct icmp6_peer *tab = stack->ip6->peers, *lru = &tab[0];

	for (int i = 0; i < ICMP6_PEERS; i++) {
		if (tab[i].valid && ipv6_addr_equal(&tab[i].addr, addr)) {
			tab[i].used = stack->now;
			return &tab[i];
		}
		if (!tab[i].valid || tab[i].used < lru->used)
			lru = &tab[i];
		if (!tab[i].valid)
			break;
	}
	memset(lru, 0, sizeof(*lru));
	lru->addr = *addr;
	lru->valid = true;
	lru->used = stack->now;
	return lru;
}

/* net.ipv6.icmp.ratemask default "0-1,3-127": every error but Packet Too Big. */
static bool
type_limited(uint8_t type)
{
	return type <= 127 && type != ICMPV6_PKT_TOOBIG;
}

static bool
xrlim_allow(struct inet_stack *stack, uint8_t type, const struct in6_addr *daddr,
	    const struct ip6_dst *dst)
{
	struct rt6_route *rt;
	struct icmp6_peer *peer;
	uint64_t tmo, now = stack->now;

	if (!type_limited(type) || (dst->dev && dst->dev->flags & IFF_LOOPBACK))
		return true;
	tmo = (uint64_t)stack->ip6->sysctl.icmp_ratelimit * NSEC_PER_MSEC;
	rt = rt6_lookup(stack, daddr, 0);
	if (rt && rt->dst_len < 128)
		tmo >>= (128 - rt->dst_len) >> 5;
	peer = peer_get(stack, daddr);
	if (!peer)
		return true;
	peer->tokens += now - peer->last;
	if (!peer->last || peer->tokens > XRLIM_BURST * tmo)
		peer->tokens = XRLIM_BURST * tmo;
	peer->last = now;
	if (peer->tokens >= tmo) {
		peer->tokens -= tmo;
		return true;
	}
	ICMP6_INC(stack, OutRateLimitHost);
	return false;
}

int
icmpv6_push_send(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl)
{
	struct ip6_dst dst;
	uint16_t sum;
	int err;

	err = ip6_route_output(stack, fl, &dst);
	if (err) {
		ICMP6_INC(stack, OutErrors);
		pkt_free(p);
		return err;
	}
	put_be16(p->data + 2, 0);
	sum = csum_ipv6_magic(fl->saddr.s6_addr, fl->daddr.s6_addr, p->len, IPPROTO_ICMPV6,
			      csum_partial(p->data, p->len, 0));
	memcpy(p->data + 2, &sum, 2);
	stack->ip6->icmp6_out_type[p->data[0]]++;
	ICMP6_INC(stack, OutMsgs);
	fl->proto = IPPROTO_ICMPV6;
	return ip6_output(stack, p, fl);
}

int
icmpv6_sendmsg(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl, uint64_t now)
{
	int err;

	inet_enter(stack, now);
	err = icmpv6_push_send(stack, p, fl);
	inet_leave(stack);
	return err;
}

/* Is the packet at nh (len bytes) an ICMPv6 error itself? (Linux's is_ineligible) */
static bool
is_ineligible(const uint8_t *nh, unsigned int len)
{
	uint8_t next = nh[6];
	uint16_t fo;
	int off;

	if (len < sizeof(struct ipv6hdr))
		return true;
	off = ipv6_skip_exthdr(nh, len, sizeof(struct ipv6hdr), &next, &fo);
	if (off < 0)
		return false;
	if (next == IPPROTO_ICMPV6) {
		if ((unsigned int)off + 1 > len)
			return fo == 0;
		return !(nh[off] & ICMPV6_INFOMSG_MASK);
	}
	return false;
}

void
icmpv6_send(struct inet_stack *stack, struct pkt *in, uint8_t type, uint8_t code, uint32_t info)
{
	const uint8_t *nh = pkt_network_header(in);
	unsigned int len = (unsigned int)(in->data + in->len - nh), room;
	struct in6_addr saddr, daddr;
	struct flowi6 fl;
	struct ip6_dst dst;
	unsigned int stype;
	struct pkt *p;
	bool mc;

	if (len < sizeof(struct ipv6hdr))
		return;
	memcpy(&saddr, nh + 8, 16);
	memcpy(&daddr, nh + 24, 16);
	memset(&fl, 0, sizeof(fl));
	if (ipv6_chk_addr(stack, &daddr, NULL))
		fl.saddr = daddr;
	mc = ipv6_addr_is_multicast(&daddr) || (in->pkt_type != PACKET_HOST &&
						 in->pkt_type != PACKET_LOOPBACK &&
						 in->pkt_type != PACKET_OUTGOING);
	if (mc) {
		if (type != ICMPV6_PKT_TOOBIG &&
		    !(type == ICMPV6_PARAMPROB && code == ICMPV6_UNK_OPTION))
			return;
		memset(&fl.saddr, 0, sizeof(fl.saddr));
	}
	stype = ipv6_addr_type(&saddr);
	if (stype == IPV6_ADDR_ANY || stype & IPV6_ADDR_MULTICAST)
		return;
	if (is_ineligible(nh, len))
		return;
	fl.daddr = saddr;
	if (stype & IPV6_ADDR_LINKLOCAL || stype & IPV6_ADDR_LOOPBACK)
		fl.oif = IP6CB(in)->iif;
	fl.hop_limit = -1;
	if (type_limited(type) && !icmp_global_allow(stack, stack->now)) {
		stack->icmpstats[ICMPSTATS_OutRateLimitGlobal]++;
		return;
	}
	if (ip6_route_output(stack, &fl, &dst))
		return;
	if (!xrlim_allow(stack, type, &saddr, &dst))
		return;
	room = IPV6_MIN_MTU - sizeof(struct ipv6hdr) - 8;
	if (len > room)
		len = room;
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, 8 + len);
	if (!p)
		return;
	memset(pkt_put(p, 8), 0, 8);
	p->data[0] = type;
	p->data[1] = code;
	put_be32(p->data + 4, info);
	pkt_put_data(p, nh, len);
	icmpv6_push_send(stack, p, &fl);
}

void
icmpv6_param_prob(struct inet_stack *stack, struct pkt *p, uint8_t code, uint32_t pos)
{
	icmpv6_send(stack, p, ICMPV6_PARAMPROB, code, pos);
	pkt_free(p);
}

static void
echo_reply(struct inet_stack *stack, struct pkt *p)
{
	const uint8_t *nh = pkt_network_header(p);
	struct in6_addr saddr, daddr;
	struct flowi6 fl;
	struct pkt *r;

	memcpy(&saddr, nh + 8, 16);
	memcpy(&daddr, nh + 24, 16);
	if (ipv6_addr_is_multicast(&daddr) && stack->ip6->sysctl.icmp_echo_ignore_multicast)
		return;
	if (ipv6_addr_any(&saddr) || ipv6_addr_is_multicast(&saddr))
		return;
	memset(&fl, 0, sizeof(fl));
	fl.daddr = saddr;
	if (!ipv6_addr_is_multicast(&daddr))
		fl.saddr = daddr;
	if (ipv6_addr_is_ll(&saddr) || ipv6_addr_is_multicast(&daddr))
		fl.oif = IP6CB(p)->iif;
	fl.hop_limit = -1;
	/* The flow label is reflected only with flowlabel_reflect bit 1. */
	if (stack->ip6->sysctl.flowlabel_reflect & 2)
		fl.flowlabel = get_be32(nh) & IPV6_FLOWINFO_FLOWLABEL;
	r = pkt_alloc(stack->pool, PKT_MAX_HEADER, p->len);
	if (!r)
		return;
	pkt_put_data(r, p->data, p->len);
	r->data[0] = ICMPV6_ECHO_REPLY;
	r->data[1] = 0;
	icmpv6_push_send(stack, r, &fl);
}

/* An error about a packet we sent: p's data at the ICMPv6 header. */
static void
notify_error(struct inet_stack *stack, struct pkt *p, uint8_t type, uint8_t code, uint32_t info)
{
	const uint8_t *inner = p->data + 8;
	unsigned int ilen = p->len - 8;
	uint8_t proto;
	uint16_t fo;
	int thoff;

	if (p->len < 8 + sizeof(struct ipv6hdr))
		return;
	proto = inner[6];
	thoff = ipv6_skip_exthdr(inner, ilen, sizeof(struct ipv6hdr), &proto, &fo);
	if (thoff < 0)
		return;
	if (type == ICMPV6_PKT_TOOBIG) {
		struct in6_addr src, dst;

		memcpy(&src, inner + 8, 16);
		memcpy(&dst, inner + 24, 16);
		if (ipv6_chk_addr(stack, &src, NULL))
			rt6_update_pmtu(stack, &dst, info);
	}
	if (stack->ip6->hooks.err) {
		pkt_pull(p, 8);
		stack->ip6->hooks.err(stack, p, type, code, info, proto, (unsigned int)thoff);
	}
}

void
icmpv6_rcv(struct inet_stack *stack, struct pkt *p)
{
	const uint8_t *nh = pkt_network_header(p);
	uint8_t type;

	ICMP6_INC(stack, InMsgs);
	if (p->csum_state != PKT_CSUM_UNNECESSARY &&
	    csum_ipv6_magic(nh + 8, nh + 24, p->len, IPPROTO_ICMPV6,
			    csum_partial(p->data, p->len, 0))) {
		ICMP6_INC(stack, InCsumErrors);
		ICMP6_INC(stack, InErrors);
		pkt_free(p);
		return;
	}
	if (p->len < 8) {
		ICMP6_INC(stack, InErrors);
		pkt_free(p);
		return;
	}
	type = p->data[0];
	stack->ip6->icmp6_in_type[type]++;
	switch (type) {
	case ICMPV6_ECHO_REQUEST:
		if (!stack->ip6->sysctl.icmp_echo_ignore_all)
			echo_reply(stack, p);
		break;
	case ICMPV6_ECHO_REPLY:
		if (stack->ip6->hooks.echo_reply) {
			stack->ip6->hooks.echo_reply(stack, p);
			return;
		}
		break;
	case ICMPV6_PKT_TOOBIG:
	case ICMPV6_DEST_UNREACH:
	case ICMPV6_TIME_EXCEED:
	case ICMPV6_PARAMPROB:
		notify_error(stack, p, type, p->data[1], get_be32(p->data + 4));
		break;
	case ND_ROUTER_SOLICIT:
	case ND_ROUTER_ADVERT:
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT:
	case ND_REDIRECT:
		ndisc_rcv(stack, p);
		break;
	default:
		/* Unknown errors still reach the transports; informational ones do not. */
		if (!(type & ICMPV6_INFOMSG_MASK))
			notify_error(stack, p, type, p->data[1], get_be32(p->data + 4));
		break;
	}
	pkt_free(p);
}
