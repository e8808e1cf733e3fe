// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 input (include/kernel/net/ipv6.h), Linux's ip6_rcv_core,
 * ip6_input_finish and the extension header handlers, and the setup of
 * the IPv6 half of the stack.
 *
 * Checks on arrival, in Linux's order (each failure: InHdrErrors):
 * version 6; a source that is multicast; ::1 as source or destination on
 * a real interface (RFC 4291 2.5.3); interface-local (scope 1) multicast
 * from outside and scope-0 multicast (RFC 4291 2.7). A payload length
 * beyond the frame is InTruncatedPkts; the frame is trimmed to it.
 *
 * Then: hop-by-hop options (only right after the fixed header), the
 * routing decision (one of our addresses, a group joined on the
 * interface, or forwarding when all.forwarding=1; otherwise
 * InAddrErrors), and local delivery walking the header chain:
 * destination options, routing headers (segments left 0: skipped;
 * otherwise parameter problem at the type, as Linux for types it does
 * not implement), fragments (reassembly.c), then the upper layer.
 * Unknown options act by their two high bits (RFC 8200 4.2); an unknown
 * next header is a parameter problem (code 1) pointing at it.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/checksum.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "ipv6_impl.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"
#include "uapi/rtnetlink.h"

const char *const ip6stats_names[IP6STATS_MAX] = {
	"Ip6InReceives", "Ip6InHdrErrors", "Ip6InTooBigErrors", "Ip6InNoRoutes",
	"Ip6InAddrErrors", "Ip6InUnknownProtos", "Ip6InTruncatedPkts", "Ip6InDiscards",
	"Ip6InDelivers", "Ip6OutForwDatagrams", "Ip6OutRequests", "Ip6OutDiscards",
	"Ip6OutNoRoutes", "Ip6ReasmTimeout", "Ip6ReasmReqds", "Ip6ReasmOKs", "Ip6ReasmFails",
	"Ip6FragOKs", "Ip6FragFails", "Ip6FragCreates", "Ip6InMcastPkts", "Ip6OutMcastPkts",
	"Ip6InOctets", "Ip6OutOctets",
};

int
ipv6_skip_exthdr(const uint8_t *pkt, unsigned int len, int start, uint8_t *nexthdr,
		 uint16_t *frag_off)
{
	uint8_t nh = *nexthdr;

	if (frag_off)
		*frag_off = 0;
	while (nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_FRAGMENT ||
	       nh == IPPROTO_DSTOPTS || nh == IPPROTO_AH) {
		unsigned int hdrlen;

		if ((unsigned int)start + 8 > len)
			return -1;
		if (nh == IPPROTO_FRAGMENT) {
			uint16_t fo = get_be16(pkt + start + 2) & IP6_OFFSET;

			if (frag_off)
				*frag_off = fo;
			hdrlen = 8;
			if (fo)
				break;	/* not the first fragment: stop at its header, as Linux */
		} else if (nh == IPPROTO_AH) {
			hdrlen = (pkt[start + 1] + 2u) * 4;
		} else {
			hdrlen = (pkt[start + 1] + 1u) * 8;
		}
		nh = pkt[start];
		start += (int)hdrlen;
	}
	*nexthdr = nh;
	return start;
}

/*
 * The options of a hop-by-hop or destination options header at offset
 * off of the network header: true to go on, false if the packet was
 * dropped (and maybe answered with a parameter problem; p is then freed).
 */
static bool
parse_tlv(struct inet_stack *stack, struct pkt *p, unsigned int off, bool hbh)
{
	const uint8_t *nh = pkt_network_header(p);
	unsigned int hlen = (nh[off + 1] + 1u) * 8, i = 2, padlen = 0;
	int max = hbh ? stack->ip6->sysctl.max_hbh_opts_cnt : stack->ip6->sysctl.max_dst_opts_cnt;
	int count = 0;
	struct in6_addr daddr;

	memcpy(&daddr, nh + 24, 16);
	while (i < hlen) {
		uint8_t type = nh[off + i];
		unsigned int olen;

		if (type == IPV6_TLV_PAD1) {
			if (++padlen > 7)
				goto bad;
			i++;
			continue;
		}
		if (i + 2 > hlen)
			goto bad;
		olen = nh[off + i + 1] + 2u;
		if (i + olen > hlen)
			goto bad;
		if (type == IPV6_TLV_PADN) {
			/* RFC 4942: at most 7 bytes of padding in a row. */
			padlen += olen;
			if (padlen > 7)
				goto bad;
			i += olen;
			continue;
		}
		padlen = 0;
		if (++count > max)
			goto bad;
		if (hbh && type == IPV6_TLV_ROUTERALERT && olen == 4) {
			IP6CB(p)->ra = 1;
		} else if (hbh && type == IPV6_TLV_JUMBO) {
			/* No jumbograms here: a problem with the option. */
			icmpv6_param_prob(stack, p, ICMPV6_HDR_FIELD, off + i);
			return false;
		} else {
			switch (type >> 6) {
			case 0:
				break;
			case 1:
				goto bad;
			case 3:
				if (ipv6_addr_is_multicast(&daddr))
					goto bad;
				/* fall through */
			case 2:
				icmpv6_param_prob(stack, p, ICMPV6_UNK_OPTION, off + i);
				return false;
			}
		}
		i += olen;
	}
	if (padlen > 7)
		goto bad;
	return true;
bad:
	pkt_free(p);
	return false;
}

static void
deliver_udp_noport(struct inet_stack *stack, struct pkt *p)
{
	const uint8_t *nh = pkt_network_header(p);

	/* No UDP over IPv6 yet: as Linux with no socket bound, after the checksum. */
	if (p->len >= 8 && get_be16(p->data + 6) != 0 &&
	    (p->csum_state == PKT_CSUM_UNNECESSARY ||
	     !csum_ipv6_magic(nh + 8, nh + 24, p->len, IPPROTO_UDP,
			      csum_partial(p->data, p->len, 0))))
		icmpv6_send(stack, p, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, 0);
	pkt_free(p);
}

/* p: data at the first header after the fixed one (nexthdr at IP6CB(p)->nhoff). */
static void
ip6_local_deliver(struct inet_stack *stack, struct pkt *p)
{
	struct ipv6_hooks *hooks = &stack->ip6->hooks;

	for (;;) {
		const uint8_t *nh = pkt_network_header(p);
		unsigned int off = (unsigned int)(p->data - nh);
		uint8_t nexthdr = nh[IP6CB(p)->nhoff];

		switch (nexthdr) {
		case IPPROTO_HOPOPTS:
			/* Only right after the fixed header (handled before routing). */
			icmpv6_param_prob(stack, p, ICMPV6_UNK_NEXTHDR, IP6CB(p)->nhoff);
			return;
		case IPPROTO_DSTOPTS:
		case IPPROTO_ROUTING: {
			unsigned int hlen;

			if (p->len < 8) {
				IP6_INC(stack, InHdrErrors);
				pkt_free(p);
				return;
			}
			hlen = (p->data[1] + 1u) * 8;
			if (hlen > p->len) {
				IP6_INC(stack, InHdrErrors);
				pkt_free(p);
				return;
			}
			if (nexthdr == IPPROTO_DSTOPTS) {
				if (!parse_tlv(stack, p, off, false))
					return;
			} else if (p->data[3] != 0) {
				/* Segments left and a type we do not route (0 is deprecated). */
				IP6_INC(stack, InHdrErrors);
				icmpv6_param_prob(stack, p, ICMPV6_HDR_FIELD, off + 2);
				return;
			}
			IP6CB(p)->nhoff = (uint16_t)off;
			pkt_pull(p, hlen);
			continue;
		}
		case IPPROTO_FRAGMENT: {
			struct pkt *r;
			uint8_t next;

			r = ipv6_frag_rcv(stack, p, &next);
			if (!r)
				return;
			p = r;
			continue;
		}
		case IPPROTO_NONE:
			IP6_INC(stack, InDelivers);
			pkt_free(p);
			return;
		case IPPROTO_ICMPV6:
			IP6_INC(stack, InDelivers);
			pkt_set_transport_header(p);
			icmpv6_rcv(stack, p);
			return;
		case IPPROTO_UDP:
			IP6_INC(stack, InDelivers);
			pkt_set_transport_header(p);
			if (hooks->udp_rcv)
				hooks->udp_rcv(stack, p);
			else
				deliver_udp_noport(stack, p);
			return;
		case IPPROTO_TCP:
			IP6_INC(stack, InDelivers);
			pkt_set_transport_header(p);
			if (hooks->tcp_rcv)
				hooks->tcp_rcv(stack, p);
			else
				pkt_free(p);
			return;
		default:
			IP6_INC(stack, InUnknownProtos);
			icmpv6_param_prob(stack, p, ICMPV6_UNK_NEXTHDR, IP6CB(p)->nhoff);
			return;
		}
	}
}

void
ipv6_rcv(struct inet_stack *stack, struct net_if *ifp, struct pkt *p)
{
	struct inet6_dev *idev = in6_dev_get(ifp);
	struct in6_addr saddr, daddr;
	const uint8_t *h;
	unsigned int plen;
	bool loop = p->pkt_type == PACKET_LOOPBACK || ifp->flags & IFF_LOOPBACK;
	struct rt6_route *rt;

	if (p->pkt_type == PACKET_OTHERHOST) {
		pkt_free(p);
		return;
	}
	IP6_INC(stack, InReceives);
	IP6_ADD(stack, InOctets, p->len);
	if (!idev || idev->conf[DEVCONF_DISABLE_IPV6]) {
		IP6_INC(stack, InDiscards);
		pkt_free(p);
		return;
	}
	if (p->len < sizeof(struct ipv6hdr) || (p->data[0] >> 4) != 6)
		goto err;
	pkt_set_network_header(p);
	h = p->data;
	memcpy(&saddr, h + 8, 16);
	memcpy(&daddr, h + 24, 16);
	if (ipv6_addr_is_multicast(&saddr))
		goto err;
	if ((ipv6_addr_loopback(&saddr) || ipv6_addr_loopback(&daddr)) &&
	    !(ifp->flags & IFF_LOOPBACK))
		goto err;
	if (ipv6_addr_is_multicast(&daddr) &&
	    (ipv6_addr_mc_scope(&daddr) == 0 || (!loop && ipv6_addr_mc_scope(&daddr) == 1)))
		goto err;
	plen = get_be16(h + 4);
	if (plen == 0 && h[6] == IPPROTO_HOPOPTS)
		goto err;	/* a jumbogram: not supported */
	if (plen + sizeof(struct ipv6hdr) > p->len) {
		IP6_INC(stack, InTruncatedPkts);
		pkt_free(p);
		return;
	}
	pkt_trim(p, plen + sizeof(struct ipv6hdr));
	if (!(IP6CB(p)->flags & IP6CB_MCAST_LOOP))
		memset(p->cb, 0, sizeof(p->cb));
	IP6CB(p)->iif = ifp->ifindex;
	IP6CB(p)->nhoff = 6;
	pkt_pull(p, sizeof(struct ipv6hdr));
	if (h[6] == IPPROTO_HOPOPTS) {
		unsigned int hlen;

		if (p->len < 8 || (hlen = (p->data[1] + 1u) * 8) > p->len)
			goto err;
		if (!parse_tlv(stack, p, sizeof(struct ipv6hdr), true)) {
			IP6_INC(stack, InHdrErrors);
			return;
		}
		IP6CB(p)->nhoff = sizeof(struct ipv6hdr);
		pkt_pull(p, hlen);
	}
	if (ipv6_addr_is_multicast(&daddr)) {
		IP6_INC(stack, InMcastPkts);
		if (ipv6_chk_mcast_addr(ifp, &daddr)) {
			ip6_local_deliver(stack, p);
			return;
		}
		pkt_free(p);
		return;
	}
	rt = rt6_lookup(stack, &daddr, 0);
	if (rt && rt->type == RTN_LOCAL) {
		ip6_local_deliver(stack, p);
		return;
	}
	if (stack->ip6->conf_all[DEVCONF_FORWARDING] && !loop) {
		/* Back to the fixed header, as it arrived. */
		p->data = pkt_network_header(p);
		p->len = plen + sizeof(struct ipv6hdr);
		ip6_forward(stack, p);
		return;
	}
	IP6_INC(stack, InAddrErrors);
	pkt_free(p);
	return;
err:
	IP6_INC(stack, InHdrErrors);
	pkt_free(p);
}

/* ---- the IPv6 half of the stack ---- */

static void
sysctl_defaults(struct ipv6_sysctl *s)
{
	s->icmp_ratelimit = 1000;
	s->icmp_echo_ignore_all = 0;
	s->icmp_echo_ignore_multicast = 0;
	s->ip6frag_high_thresh = 4 * 1024 * 1024;
	s->ip6frag_low_thresh = 3 * 1024 * 1024;
	s->ip6frag_time = 60;
	s->flowlabel_reflect = 0;
	s->max_dst_opts_cnt = 8;
	s->max_hbh_opts_cnt = 8;
}

int
ipv6_init(struct inet_stack *stack)
{
	struct ipv6_state *s = kzalloc(sizeof(*s));
	int err;

	if (!s)
		return -ENOMEM;
	stack->ip6 = s;
	list_init(&s->routes);
	sysctl_defaults(&s->sysctl);
	s->frag_ident = net_rng_u32(&stack->rng);
	addrconf_init(stack);
	ndisc_init(stack);
	err = rt6_pmtu_init(stack);
	if (!err)
		err = ip6frag_init(stack);
	if (!err)
		err = icmpv6_init(stack);
	if (err)
		ipv6_destroy(stack);
	return err;
}

void
ipv6_destroy(struct inet_stack *stack)
{
	struct ipv6_state *s = stack->ip6;

	if (!s)
		return;
	icmpv6_destroy(stack);
	ip6frag_destroy(stack);
	addrconf_destroy(stack);
	rt6_destroy(stack);
	ndisc_destroy(stack);
	kfree(s);
	stack->ip6 = NULL;
}
