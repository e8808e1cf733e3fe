// SPDX-License-Identifier: GPL-2.0-only
/*
 * ICMP for IPv4 (include/kernel/net/icmp.h), after Linux's
 * net/ipv4/icmp.c.
 *
 * Sending an error (icmp_send) is refused, as in Linux, for: a packet
 * not addressed to us at the link layer, one that arrived as an IP
 * broadcast or multicast, a non-first fragment, an ICMP error (or an
 * ICMP of unknown type), and when a rate limit says no. Limits: a
 * global token bucket (icmp_msgs_per_sec, icmp_msgs_burst) and one per
 * destination (icmp_ratelimit ms per message, bursts of 6), both only
 * for the types in icmp_ratemask and never for "fragmentation needed";
 * nothing is limited toward the loopback. An error quotes the offending
 * IP header and as much of its payload as keeps the reply within 576
 * bytes. Errors and redirects carry no DF (Linux's ICMP socket has
 * pmtudisc DONT) and TOS precedence "internetwork control".
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "kernel/net/udp.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"

struct icmp_state {
	struct icmp_peer peers[ICMP_PEERS];
	unsigned int npeers;
	uint32_t credit;		/* global bucket */
	uint64_t stamp;
};

/* Which types are errors (Linux's icmp_pointers[].error). */
static bool
icmp_is_error(uint8_t type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

int
icmp_init(struct inet_stack *stack)
{
	struct icmp_state *s = kzalloc(sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->credit = (uint32_t)stack->sysctl.icmp_msgs_burst;
	stack->icmp = s;
	return 0;
}

void
icmp_destroy(struct inet_stack *stack)
{
	kfree(stack->icmp);
	stack->icmp = NULL;
}

struct icmp_peer *
icmp_peer_get(struct inet_stack *stack, uint32_t addr)
{
	struct icmp_state *s = stack->icmp;
	struct icmp_peer *p, *lru = NULL;
	uint64_t now = stack->now;

	for (unsigned int i = 0; i < s->npeers; i++) {
		p = &s->peers[i];
		if (p->addr == addr) {
			p->used = now;
			return p;
		}
		if (!lru || p->used < lru->used)
			lru = p;
	}
	p = s->npeers < ICMP_PEERS ? &s->peers[s->npeers++] : lru;
	memset(p, 0, sizeof(*p));
	p->addr = addr;
	p->used = now;
	/* As Linux: long enough ago that the first computation is full. */
	p->rate_last = p->err_last = now - 60 * NSEC_PER_SEC;
	return p;
}

int
icmp_err_convert(uint8_t code, bool *fatal)
{
	static const struct {
		int err;
		bool fatal;
	} tab[NR_ICMP_UNREACH + 1] = {
		[ICMP_NET_UNREACH] = { ENETUNREACH, false },
		[ICMP_HOST_UNREACH] = { EHOSTUNREACH, false },
		[ICMP_PROT_UNREACH] = { ENOPROTOOPT, true },
		[ICMP_PORT_UNREACH] = { ECONNREFUSED, true },
		[ICMP_FRAG_NEEDED] = { EMSGSIZE, false },
		[ICMP_SR_FAILED] = { EOPNOTSUPP, false },
		[ICMP_NET_UNKNOWN] = { ENETUNREACH, true },
		[ICMP_HOST_UNKNOWN] = { EHOSTDOWN, true },
		[ICMP_HOST_ISOLATED] = { ENONET, true },
		[ICMP_NET_ANO] = { ENETUNREACH, true },
		[ICMP_HOST_ANO] = { EHOSTUNREACH, true },
		[ICMP_NET_UNR_TOS] = { ENETUNREACH, false },
		[ICMP_HOST_UNR_TOS] = { EHOSTUNREACH, false },
		[ICMP_PKT_FILTERED] = { EHOSTUNREACH, true },
		[ICMP_PREC_VIOLATION] = { EHOSTUNREACH, true },
		[ICMP_PREC_CUTOFF] = { EHOSTUNREACH, true },
	};

	if (code > NR_ICMP_UNREACH) {
		*fatal = false;
		return EHOSTUNREACH;
	}
	*fatal = tab[code].fatal;
	return tab[code].err;
}

static bool
in_ratemask(struct inet_stack *stack, uint8_t type, uint8_t code)
{
	if (type > NR_ICMP_TYPES)
		return false;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return false;
	return (1u << type) & (unsigned int)stack->sysctl.icmp_ratemask;
}

bool
icmp_global_allow(struct inet_stack *stack, uint64_t now)
{
	struct icmp_state *s = stack->icmp;
	uint64_t delta = now - s->stamp;
	uint32_t incr = 0, credit;

	if (delta > NSEC_PER_SEC)
		delta = NSEC_PER_SEC;
	if (delta >= NSEC_PER_SEC / 50) {
		incr = (uint32_t)((uint64_t)stack->sysctl.icmp_msgs_per_sec * delta / NSEC_PER_SEC);
		if (incr)
			s->stamp = now;
	}
	credit = s->credit + incr;
	if (credit > (uint32_t)stack->sysctl.icmp_msgs_burst)
		credit = (uint32_t)stack->sysctl.icmp_msgs_burst;
	if (!credit) {
		s->credit = 0;
		return false;
	}
	/* One credit on average, randomised as Linux does (0, 1 or 2). */
	{
		uint32_t r = net_rng_below(&stack->rng, 3);

		credit = credit > r ? credit - r : 0;
	}
	s->credit = credit;
	return true;
}

/* Linux's icmpv4_xrlim_allow: the per-destination bucket. */
static bool
xrlim_allow(struct inet_stack *stack, const struct ip_route *rt, uint8_t type, uint8_t code)
{
	struct icmp_peer *peer;
	uint64_t timeout = (uint64_t)stack->sysctl.icmp_ratelimit * NSEC_PER_MSEC, token;

	if (!in_ratemask(stack, type, code))
		return true;
	if (rt->dev && (rt->dev->flags & IFF_LOOPBACK))
		return true;
	peer = icmp_peer_get(stack, rt->daddr);
	if (!peer)
		return true;
	token = peer->rate_tokens + (stack->now - peer->rate_last);
	peer->rate_last = stack->now;
	if (token > 6 * timeout)
		token = 6 * timeout;
	if (token >= timeout) {
		peer->rate_tokens = token - timeout;
		return true;
	}
	peer->rate_tokens = token;
	ICMP_INC(stack, OutRateLimitHost);
	return false;
}

/* Build and send an ICMP message: hdr (8 bytes), then len bytes of data. */
static void
icmp_push(struct inet_stack *stack, const struct ip_route *rt, const uint8_t *hdr,
	  const uint8_t *data, unsigned int len, uint8_t tos, const uint8_t *opts,
	  unsigned int optlen)
{
	struct ip_send_params prm = {
		.saddr = rt->saddr,
		.daddr = rt->daddr,
		.protocol = IPPROTO_ICMP,
		.tos = tos,
		.ttl = -1,
		.pmtudisc = IP_PMTUDISC_DONT,
		.opts = opts,
		.optlen = (uint8_t)optlen,
	};
	struct pkt *p = pkt_alloc(stack->pool, PKT_MAX_HEADER, 8 + len);
	uint8_t *d;

	if (!p) {
		ICMP_INC(stack, OutErrors);
		return;
	}
	d = pkt_put(p, 8 + len);
	memcpy(d, hdr, 8);
	memcpy(d + 8, data, len);
	put_u16(d + 2, 0);
	put_u16(d + 2, csum_fold(csum_partial(d, 8 + len, 0)));
	pkt_set_transport_header(p);
	ICMP_INC(stack, OutMsgs);
	stack->icmp_out_type[hdr[0]]++;
	if (ip_output(stack, p, rt, &prm))
		ICMP_INC(stack, OutErrors);
}

void
icmp_send(struct inet_stack *stack, struct pkt *in, uint8_t type, uint8_t code, uint32_t info)
{
	const struct ip_cb *cb = (const struct ip_cb *)in->cb;
	const uint8_t *iph = pkt_network_header(in);
	struct ip_hdr_info h;
	struct flowi4 fl;
	struct ip_route rt;
	struct net_if *indev;
	uint8_t hdr[8] = { type, code };
	unsigned int room, len;
	uint8_t opts[MAX_IPOPTLEN];
	unsigned int optlen = 0;

	if (in->net_off < 0 || iph + sizeof(struct iphdr) > in->data + in->len)
		return;
	ip_hdr_parse(in, &h);
	if (in->pkt_type != PACKET_HOST)
		return;
	if (cb->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return;
	if (h.frag_off & IP_OFFSET)
		return;
	if (ipv4_is_multicast(h.daddr) || ipv4_is_lbcast(h.daddr))
		return;
	if (icmp_is_error(type) && h.protocol == IPPROTO_ICMP) {
		const uint8_t *inner = iph + h.ihl;

		if (inner >= in->data + in->len)
			return;
		if (*inner > NR_ICMP_TYPES || icmp_is_error(*inner))
			return;
	}
	indev = inet_if_by_index(stack, cb->iif ? cb->iif : in->ifindex);
	if (!(indev && (indev->flags & IFF_LOOPBACK)) && in_ratemask(stack, type, code) &&
	    !icmp_global_allow(stack, stack->now)) {
		ICMP_INC(stack, OutRateLimitGlobal);
		return;
	}
	/* Our source: the destination the packet had if it was for us. */
	memset(&fl, 0, sizeof(fl));
	fl.daddr = h.saddr;
	if (cb->rt_flags & RTCF_LOCAL)
		fl.saddr = h.daddr;
	else if (stack->sysctl.icmp_errors_use_inbound_ifaddr && indev && cb->iif)
		fl.saddr = inet_select_addr(indev, h.saddr, RT_SCOPE_LINK);
	if (fl.saddr && !inet_addr_is_local(stack, fl.saddr))
		fl.saddr = 0;
	fl.tos = (uint8_t)((h.tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL);
	fl.proto = IPPROTO_ICMP;
	if (ip_route_output(stack, &fl, &rt))
		return;
	if (!rt.saddr)
		rt.saddr = INADDR_DUMMY;
	if (!xrlim_allow(stack, &rt, type, code))
		return;
	switch (type) {
	case ICMP_REDIRECT:
		put_be32(hdr + 4, info);
		break;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_FRAG_NEEDED)
			put_be16(hdr + 6, (uint16_t)info);
		break;
	case ICMP_PARAMETERPROB:
		hdr[4] = (uint8_t)info;
		break;
	}
	if (cb->opt.optlen && (cb->rt_flags & RTCF_LOCAL))
		optlen = ip_options_echo(stack, in, opts, rt.saddr);
	room = rt.mtu < 576 ? rt.mtu : 576;
	if (room < sizeof(struct iphdr) + optlen + 8)
		return;
	room -= sizeof(struct iphdr) + optlen + 8;
	len = (unsigned int)(in->data + in->len - iph);
	if (len > h.tot_len && h.tot_len >= h.ihl)
		len = h.tot_len;
	if (len > room)
		len = room;
	icmp_push(stack, &rt, hdr, iph, len, fl.tos, optlen ? opts : NULL, optlen);
}

/* Reply to an echo or timestamp request: same payload, to its source. */
static void
icmp_reply(struct inet_stack *stack, struct pkt *p, uint8_t *hdr, const uint8_t *data,
	   unsigned int len)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	struct ip_hdr_info h;
	struct flowi4 fl;
	struct ip_route rt;
	uint8_t opts[MAX_IPOPTLEN];
	unsigned int optlen = 0;

	ip_hdr_parse(p, &h);
	memset(&fl, 0, sizeof(fl));
	fl.daddr = h.saddr;
	fl.saddr = cb->spec_dst;
	fl.tos = h.tos & IPTOS_TOS_MASK;
	fl.proto = IPPROTO_ICMP;
	if (fl.saddr && !inet_addr_is_local(stack, fl.saddr))
		fl.saddr = 0;
	if (ip_route_output(stack, &fl, &rt))
		return;
	if (!xrlim_allow(stack, &rt, hdr[0], hdr[1]))
		return;
	if (cb->opt.optlen)
		optlen = ip_options_echo(stack, p, opts, rt.saddr);
	icmp_push(stack, &rt, hdr, data, len, h.tos, optlen ? opts : NULL, optlen);
}

static void
icmp_echo(struct inet_stack *stack, struct pkt *p)
{
	uint8_t hdr[8];

	if (stack->sysctl.icmp_echo_ignore_all)
		return;
	memcpy(hdr, p->data, 8);
	hdr[0] = ICMP_ECHOREPLY;
	if (in_ratemask(stack, ICMP_ECHOREPLY, 0) && !icmp_global_allow(stack, stack->now))
		return;
	icmp_reply(stack, p, hdr, p->data + 8, p->len - 8);
}

static bool
icmp_timestamp(struct inet_stack *stack, struct pkt *p)
{
	uint8_t hdr[8], times[12];
	uint32_t now;

	if (p->len < 8 + 4)
		return false;
	if (!stack->ops || !stack->ops->ms_since_midnight)
		return true;
	now = stack->ops->ms_since_midnight(stack, stack->now);
	memcpy(hdr, p->data, 8);
	hdr[0] = ICMP_TIMESTAMPREPLY;
	hdr[1] = 0;
	memcpy(times, p->data + 8, 4);
	put_be32(times + 4, now);
	put_be32(times + 8, now);
	icmp_reply(stack, p, hdr, times, sizeof(times));
	return true;
}

/* Hand an error about one of our packets to whoever sent it. */
static void
icmp_socket_deliver(struct inet_stack *stack, struct pkt *p, uint8_t type, uint8_t code,
		    uint32_t info)
{
	const uint8_t *inner = p->data + 8;
	struct icmp_err e;
	struct ip_hdr_info outer;
	unsigned int ihl = (unsigned int)(inner[0] & 0x0f) * 4;

	ip_hdr_parse(p, &outer);
	e.type = type;
	e.code = code;
	e.info = info;
	e.offender = outer.saddr;
	e.saddr = get_be32(inner + 12);
	e.daddr = get_be32(inner + 16);
	e.protocol = inner[9];
	e.transport = inner + ihl;
	e.transport_len = p->len - 8 - ihl;
	e.p = p;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED && info >= 68)
		ip_rt_update_pmtu(stack, e.daddr, info, stack->now);
	raw_icmp_error(stack, &e);
	switch (e.protocol) {
	case IPPROTO_UDP:
		udp_err(stack, &e);
		break;
	case IPPROTO_TCP:
		if (stack->tcp_err)
			stack->tcp_err(stack, &e);
		break;
	case IPPROTO_ICMP:
		ping_err(stack, &e);
		break;
	}
}

/* Linux's icmp_unreach (also time exceeded, parameter problem, quench, redirect). */
static bool
icmp_unreach(struct inet_stack *stack, struct pkt *p)
{
	uint8_t type = p->data[0], code = p->data[1];
	const uint8_t *inner;
	uint32_t info = 0;

	if (p->len < 8 + sizeof(struct iphdr))
		return false;
	inner = p->data + 8;
	if ((inner[0] & 0x0f) < 5)
		return false;
	switch (type) {
	case ICMP_DEST_UNREACH:
		if ((code & 15) == ICMP_FRAG_NEEDED && stack->sysctl.ip_no_pmtu_disc == 0)
			info = get_be16(p->data + 6);
		if (code > NR_ICMP_UNREACH)
			return true;
		break;
	case ICMP_PARAMETERPROB:
		info = p->data[4];
		break;
	case ICMP_TIME_EXCEEDED:
		if (code == ICMP_EXC_FRAGTIME)
			return true;
		break;
	case ICMP_REDIRECT:
		info = get_be32(p->data + 4);
		break;
	}
	if (!stack->sysctl.icmp_ignore_bogus_error_responses &&
	    inet_addr_type(stack, get_be32(inner + 16)) == RTN_BROADCAST)
		return true;
	if (p->len < 8 + (unsigned int)(inner[0] & 0x0f) * 4 + 8)
		return true;
	icmp_socket_deliver(stack, p, type, code, info);
	return true;
}

void
icmp_rcv(struct inet_stack *stack, struct pkt *p)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	uint8_t type;

	ICMP_INC(stack, InMsgs);
	if (p->csum_state != PKT_CSUM_UNNECESSARY && csum_fold(csum_partial(p->data, p->len, 0))) {
		ICMP_INC(stack, InCsumErrors);
		goto error;
	}
	if (p->len < 8)
		goto error;
	type = p->data[0];
	stack->icmp_in_type[type]++;
	if (cb->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		if ((type == ICMP_ECHO || type == ICMP_TIMESTAMP) &&
		    stack->sysctl.icmp_echo_ignore_broadcasts)
			goto error;
		if (type != ICMP_ECHO && type != ICMP_TIMESTAMP && type != ICMP_ADDRESS &&
		    type != ICMP_ADDRESSREPLY)
			goto error;
	}
	if (type > NR_ICMP_TYPES)
		goto error;
	switch (type) {
	case ICMP_ECHOREPLY:
		ping_rcv(stack, p);
		return;
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		if (!icmp_unreach(stack, p))
			goto error;
		break;
	case ICMP_ECHO:
		icmp_echo(stack, p);
		break;
	case ICMP_TIMESTAMP:
		if (!icmp_timestamp(stack, p))
			goto error;
		break;
	default:
		break;
	}
	pkt_free(p);
	return;
error:
	ICMP_INC(stack, InErrors);
	pkt_free(p);
}
