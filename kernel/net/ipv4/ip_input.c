// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 receive path (include/kernel/net/ip.h): header checks, the
 * routing decision, local delivery (reassembly, raw sockets, then the
 * protocol) and forwarding (TTL, MTU, redirects).
 *
 * Header checks, as Linux's ip_rcv_core, each dropped and counted:
 *   frame for another host (promiscuous)                 not counted
 *   shorter than 20, version != 4, ihl < 5               InHdrErrors
 *   header checksum wrong                                InCsumErrors + InHdrErrors
 *   tot_len beyond the frame                             InTruncatedPkts
 *   tot_len shorter than the header                      InHdrErrors
 * The frame is trimmed to tot_len (Ethernet padding goes).
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "kernel/net/udp.h"
#include "uapi/icmp.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"

void
ip_hdr_parse(const struct pkt *p, struct ip_hdr_info *h)
{
	const uint8_t *b = pkt_network_header(p);

	h->ihl = (uint8_t)((b[0] & 0x0f) * 4);
	h->tos = b[1];
	h->tot_len = get_be16(b + 2);
	h->id = get_be16(b + 4);
	h->frag_off = get_be16(b + 6);
	h->ttl = b[8];
	h->protocol = b[9];
	h->saddr = get_be32(b + 12);
	h->daddr = get_be32(b + 16);
}

/*
 * Linux's ip_error: a host just counts a packet it cannot route; a router
 * also answers with ICMP unreachable, at most one per second per source
 * after a burst of five (ip_rt_error_cost, ip_rt_error_burst).
 */
static void
ip_error(struct inet_stack *stack, struct net_if *in, struct pkt *p, uint32_t saddr, int err)
{
	struct icmp_peer *peer;
	uint8_t code;

	if (err == -EHOSTUNREACH)
		IP_INC(stack, InAddrErrors);
	else if (err == -ENETUNREACH)
		IP_INC(stack, InNoRoutes);
	if (!in_dev_forward(in))
		return;
	switch (err) {
	case -EHOSTUNREACH:
		code = ICMP_HOST_UNREACH;
		break;
	case -ENETUNREACH:
		code = ICMP_NET_UNREACH;
		break;
	case -EACCES:
		code = ICMP_PKT_FILTERED;
		break;
	default:
		return;
	}
	peer = icmp_peer_get(stack, saddr);
	if (peer) {
		peer->err_tokens += stack->now - peer->err_last;
		if (peer->err_tokens > 5 * NSEC_PER_SEC)
			peer->err_tokens = 5 * NSEC_PER_SEC;
		peer->err_last = stack->now;
		if (peer->err_tokens < NSEC_PER_SEC)
			return;
		peer->err_tokens -= NSEC_PER_SEC;
	}
	icmp_send(stack, p, ICMP_DEST_UNREACH, code, 0);
}

void
ip_rcv(struct inet_stack *stack, struct net_if *ifp, struct pkt *p)
{
	struct ip_cb *cb = IPCB(p);
	bool routed = cb->flags & IPSKB_REROUTED;
	struct ip_hdr_info h;
	struct ip_route rt;
	const uint8_t *b;
	unsigned int bad;
	int err;

	if (p->pkt_type == PACKET_OTHERHOST)
		goto drop_silent;
	IP_INC(stack, InReceives);
	IP_ADD(stack, InOctets, p->len);
	pkt_set_network_header(p);
	if (p->len < sizeof(struct iphdr))
		goto hdr_error;
	b = p->data;
	if ((b[0] >> 4) != 4 || (b[0] & 0x0f) < 5 || p->len < (unsigned int)(b[0] & 0x0f) * 4)
		goto hdr_error;
	ip_hdr_parse(p, &h);
	if (p->csum_state != PKT_CSUM_UNNECESSARY && ip_fast_csum(b, h.ihl / 4)) {
		IP_INC(stack, InCsumErrors);
		goto hdr_error;
	}
	if (h.tot_len > p->len) {
		IP_INC(stack, InTruncatedPkts);
		goto drop;
	}
	if (h.tot_len < h.ihl)
		goto hdr_error;
	pkt_trim(p, h.tot_len);

	if (routed) {
		/* A local copy of something we sent: its route is decided. */
		if (h.ihl > sizeof(struct iphdr) &&
		    (pkt_make_writable(p, 0) || ip_options_compile(stack, p, &cb->opt, &bad)))
			goto drop;
		ip_local_deliver(stack, p);
		return;
	}
	memset(cb, 0, sizeof(*cb));
	cb->iif = ifp->ifindex;
	err = ip_route_input(stack, ifp, h.daddr, h.saddr, h.tos & IPTOS_TOS_MASK, p->pkt_type,
			     &rt);
	if (err) {
		ip_error(stack, ifp, p, h.saddr, err);
		goto drop;
	}
	cb->rt_flags = rt.flags;
	cb->rt_type = rt.type;
	cb->spec_dst = rt.type == RTN_LOCAL ? h.daddr :
		       inet_select_addr(ifp, h.saddr, RT_SCOPE_LINK);
	if (h.ihl > sizeof(struct iphdr)) {
		if (pkt_make_writable(p, 0))
			goto drop;
		if (ip_options_compile(stack, p, &cb->opt, &bad)) {
			icmp_send(stack, p, ICMP_PARAMETERPROB, 0, bad);
			goto hdr_error;
		}
		/* Source routing is refused (accept_source_route is off for "all"). */
		if (cb->opt.srr && !(IN_CONF(stack->conf_all, ACCEPT_SOURCE_ROUTE) &&
				     IN_CONF(ifp->in.conf, ACCEPT_SOURCE_ROUTE)))
			goto drop;
	}
	if (rt.type == RTN_BROADCAST)
		IP_INC(stack, InBcastPkts);
	else if (rt.type == RTN_MULTICAST)
		IP_INC(stack, InMcastPkts);
	if (rt.flags & RTCF_LOCAL) {
		ip_local_deliver(stack, p);
		return;
	}
	ip_forward(stack, p, &rt);
	return;

hdr_error:
	IP_INC(stack, InHdrErrors);
drop:
	IP_INC(stack, InDiscards);
drop_silent:
	pkt_free(p);
}

void
ip_local_deliver(struct inet_stack *stack, struct pkt *p)
{
	struct ip_hdr_info h;
	bool raw_took;

	pkt_set_network_header(p);
	ip_hdr_parse(p, &h);
	if (h.frag_off & (IP_MF | IP_OFFSET)) {
		p = ip_defrag(stack, p);
		if (!p)
			return;
		ip_hdr_parse(p, &h);
	}
	pkt_pull(p, h.ihl);
	pkt_set_transport_header(p);
	raw_took = raw_local_deliver(stack, p, h.protocol);
	switch (h.protocol) {
	case IPPROTO_ICMP:
		IP_INC(stack, InDelivers);
		icmp_rcv(stack, p);
		return;
	case IPPROTO_UDP:
		IP_INC(stack, InDelivers);
		udp_rcv(stack, p);
		return;
	case IPPROTO_TCP:
		if (stack->tcp_rcv) {
			IP_INC(stack, InDelivers);
			stack->tcp_rcv(stack, p);
			return;
		}
		break;
	default:
		break;
	}
	if (raw_took) {
		IP_INC(stack, InDelivers);
	} else {
		IP_INC(stack, InUnknownProtos);
		pkt_push(p, h.ihl);
		icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	}
	pkt_free(p);
}

/* RFC 1624 with Linux's trick: TTL is the high byte of a 16-bit word. */
void
ip_decrease_ttl(uint8_t *h)
{
	uint16_t old = get_u16(h + 8);

	h[8]--;
	csum_replace2(h + 10, old, get_u16(h + 8));
}

void
ip_send_check(uint8_t *h)
{
	put_u16(h + 10, 0);
	put_u16(h + 10, ip_fast_csum(h, (unsigned int)(h[0] & 0x0f)));
}

/* The redirect rate limiter: per source host, as Linux's ip_rt_send_redirect. */
#define REDIRECT_LOAD		(20 * NSEC_PER_MSEC)
#define REDIRECT_NUMBER		9
#define REDIRECT_SILENCE	(REDIRECT_LOAD << (REDIRECT_NUMBER + 1))

static void
send_redirect(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt,
	      uint32_t saddr)
{
	struct icmp_peer *peer = icmp_peer_get(stack, saddr);
	uint64_t now = stack->now;

	if (!peer)
		return;
	if (now > peer->redirect_last + REDIRECT_SILENCE)
		peer->n_redirects = 0;
	if (peer->n_redirects >= REDIRECT_NUMBER) {
		peer->redirect_last = now;
		return;
	}
	if (peer->n_redirects == 0 ||
	    now > peer->redirect_last + (REDIRECT_LOAD << peer->n_redirects)) {
		icmp_send(stack, p, ICMP_REDIRECT, ICMP_REDIR_HOST, rt->gw);
		peer->redirect_last = now;
		peer->n_redirects++;
	}
}

/* Fill record-route and timestamp address slots with our outgoing address. */
static void
ip_forward_options(struct pkt *p, const struct ip_route *rt)
{
	struct ip_options *opt = &IPCB(p)->opt;
	uint8_t *iph = p->data;
	uint32_t src;

	if (!opt->rr_needaddr && !opt->ts_needaddr)
		return;
	src = inet_select_addr(rt->dev, rt->gw, RT_SCOPE_UNIVERSE);
	if (opt->rr_needaddr)
		put_be32(iph + opt->rr + iph[opt->rr + 2] - 5, src);
	if (opt->ts_needaddr)
		put_be32(iph + opt->ts + iph[opt->ts + 2] - 9, src);
	ip_send_check(iph);
}

void
ip_forward(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt)
{
	struct ip_hdr_info h;
	unsigned int mtu = rt->mtu;

	if (p->pkt_type != PACKET_HOST)
		goto drop;
	ip_hdr_parse(p, &h);
	if (IPCB(p)->opt.router_alert) {
		/* No router-alert listeners here: forward as usual. */
	}
	if (h.ttl <= 1) {
		IP_INC(stack, InHdrErrors);
		icmp_send(stack, p, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		goto drop;
	}
	if (IPCB(p)->opt.is_strictroute && rt->uses_gateway) {
		icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_SR_FAILED, 0);
		goto drop;
	}
	IPCB(p)->flags |= IPSKB_FORWARDED;
	if (p->len > mtu && (h.frag_off & IP_DF)) {
		IP_INC(stack, FragFails);
		icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
		goto drop;
	}
	if (pkt_make_writable(p, PKT_MAX_HEADER))
		goto drop;
	ip_forward_options(p, rt);
	ip_decrease_ttl(p->data);
	if ((rt->flags & RTCF_DOREDIRECT) && !IPCB(p)->opt.srr)
		send_redirect(stack, p, rt, h.saddr);
	IP_INC(stack, ForwDatagrams);
	IP_ADD(stack, OutOctets, p->len);
	if (p->len > mtu) {
		ip_fragment(stack, p, mtu, ip_finish_output, rt);
		return;
	}
	ip_finish_output(stack, p, rt);
	return;
drop:
	IP_INC(stack, InDiscards);
	pkt_free(p);
}
