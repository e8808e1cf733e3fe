// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARP (include/kernel/net/arp.h): Linux's arp_process() rules over the
 * neighbour table.
 *
 * Receiving, in order (as Linux):
 *   - frames not for us (OTHERHOST), NOARP devices, wrong hardware or
 *     protocol types, opcodes other than request/reply: dropped;
 *   - a target that is multicast or loopback: dropped;
 *   - sip 0.0.0.0 (duplicate address detection, RFC 5227 probes): a
 *     request for one of our addresses is answered, nothing is learned;
 *   - a request whose target routes as local: answered unless arp_ignore
 *     says otherwise, and the sender is learned (STALE);
 *   - otherwise an existing entry for the sender is updated: REACHABLE
 *     for a reply to us, STALE for requests and broadcast replies, the
 *     address replaced only after locktime or by a gratuitous ARP. A new
 *     entry is created only with arp_accept.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/arp.h"
#include "kernel/net/ether.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"

static struct inet_stack *
tbl_stack(struct neigh_table *tbl)
{
	return tbl->owner;
}

static struct neigh_parms *
arp_parms_of(struct net_if *dev)
{
	return &dev->in.arp_parms;
}

/* Send p to the neighbour's address: Ethernet header, then the device. */
static void
arp_neigh_output(struct neighbour *n, struct pkt *p)
{
	struct net_if *dev = n->dev;

	if (pkt_make_writable(p, ETH_HLEN) ||
	    eth_header_push(p, n->ha, dev->addr, ETH_P_IP)) {
		dev->stats.tx_dropped++;
		pkt_free(p);
		return;
	}
	p->protocol = ETH_P_IP;
	netif_xmit(dev, p);
}

/* A packet waited for a neighbour that never answered: host unreachable. */
static void
arp_error_report(struct neighbour *n, struct pkt *p)
{
	struct inet_stack *stack = tbl_stack(n->tbl);

	pkt_set_network_header(p);
	icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	pkt_free(p);
}

static void
arp_solicit(struct neighbour *n, struct pkt *trigger)
{
	struct net_if *dev = n->dev;
	struct inet_stack *stack = dev->stack;
	uint32_t target = get_be32(n->key), saddr = 0;
	const uint8_t *dst_hw = NULL;
	int probes;

	if (trigger) {
		struct ip_hdr_info h;

		pkt_set_network_header(trigger);
		ip_hdr_parse(trigger, &h);
		switch (in_dev_arp_announce(dev)) {
		case 0:
			if (inet_addr_type(stack, h.saddr) == RTN_LOCAL)
				saddr = h.saddr;
			break;
		case 1:
			if (inet_addr_type(stack, h.saddr) == RTN_LOCAL &&
			    ip_addr_onlink(dev, target, h.saddr))
				saddr = h.saddr;
			break;
		default:
			break;
		}
	}
	if (!saddr)
		saddr = inet_select_addr(dev, target, RT_SCOPE_LINK);
	probes = n->probes - n->parms->ucast_probes;
	if (probes < 0) {
		dst_hw = n->ha;		/* PROBE: unicast to the address we knew */
	} else {
		probes -= n->parms->app_probes;
		if (probes < 0)
			return;		/* would ask arpd: there is none */
	}
	arp_send(dev, ARPOP_REQUEST, target, saddr, dst_hw, NULL);
}

static void
arp_neigh_notify(struct neighbour *n, int type)
{
	struct inet_stack *stack = tbl_stack(n->tbl);

	if (stack->ops && stack->ops->notify)
		stack->ops->notify(stack, type, n, n->dev);
}

static const struct neigh_ops arp_ops = {
	.solicit = arp_solicit,
	.error_report = arp_error_report,
	.output = arp_neigh_output,
	.notify = arp_neigh_notify,
	.parms_of = arp_parms_of,
};

void
arp_init(struct inet_stack *stack)
{
	neigh_table_init(&stack->arp_tbl, AF_INET, 4, &arp_ops, &stack->timers, &stack->rng,
			 stack, stack->now);
}

void
arp_destroy(struct inet_stack *stack)
{
	neigh_table_destroy(&stack->arp_tbl);
}

void
arp_send(struct net_if *ifp, int op, uint32_t dest_ip, uint32_t src_ip,
	 const uint8_t *dest_hw, const uint8_t *target_hw)
{
	struct pkt *p;
	struct arphdr ah;
	struct arp_eth_body b;

	if (ifp->flags & IFF_NOARP)
		return;
	p = pkt_alloc(ifp->stack->pool, ETH_HLEN, ARP_ETH_LEN);
	if (!p) {
		ifp->stats.tx_dropped++;
		return;
	}
	ah.ar_hrd = htons(ARPHRD_ETHER);
	ah.ar_pro = htons(ETH_P_IP);
	ah.ar_hln = ETH_ALEN;
	ah.ar_pln = 4;
	ah.ar_op = htons((uint16_t)op);
	memcpy(b.sha, ifp->addr, ETH_ALEN);
	put_be32(b.sip, src_ip);
	if (target_hw)
		memcpy(b.tha, target_hw, ETH_ALEN);
	else
		memset(b.tha, 0, ETH_ALEN);
	put_be32(b.tip, dest_ip);
	pkt_put_data(p, &ah, sizeof(ah));
	pkt_put_data(p, &b, sizeof(b));
	pkt_set_network_header(p);
	eth_header_push(p, dest_hw ? dest_hw : ifp->broadcast, ifp->addr, ETH_P_ARP);
	p->protocol = ETH_P_ARP;
	netif_xmit(ifp, p);
}

void
arp_send_gratuitous(struct net_if *ifp, uint32_t addr)
{
	arp_send(ifp, ARPOP_REQUEST, addr, addr, NULL, NULL);
}

void
arp_send_gratuitous_all(struct net_if *ifp)
{
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node)
		if (!(ifa->flags & IFA_F_SECONDARY))
			arp_send_gratuitous(ifp, ifa->local);
}

/* Linux's inet_confirm_addr: is local ours (on dev if given) within scope, near dst? */
static bool
confirm_addr(struct inet_stack *stack, struct net_if *dev, uint32_t dst, uint32_t local,
	     int scope)
{
	struct net_if *ifp;
	struct in_ifaddr *ifa;

	list_for_each_entry(ifp, &stack->ifaces, node) {
		if (dev && ifp != dev)
			continue;
		list_for_each_entry(ifa, &ifp->in.addrs, node) {
			if (ifa->scope > scope)
				continue;
			if (ifa->local != local)
				continue;
			if (!dst || !((dst ^ ifa->address) & ifa->mask))
				return true;
		}
	}
	return false;
}

/* Should a request from sip for our tip go unanswered (arp_ignore)? */
static bool
arp_ignore(struct net_if *dev, uint32_t sip, uint32_t tip)
{
	switch (in_dev_arp_ignore(dev)) {
	case 0:
		return false;
	case 1:
		return !confirm_addr(dev->stack, dev, 0, tip, RT_SCOPE_HOST);
	case 2:
		return !confirm_addr(dev->stack, dev, sip, tip, RT_SCOPE_HOST);
	case 3:
		return !confirm_addr(dev->stack, NULL, 0, tip, RT_SCOPE_LINK);
	case 8:
		return true;
	default:
		return false;
	}
}

/* arp_filter: answer only if the reply would leave through dev. */
static bool
arp_filter(struct net_if *dev, uint32_t sip, uint32_t tip)
{
	struct flowi4 fl = { .daddr = sip, .saddr = tip };
	struct ip_route rt;

	if (ip_route_output(dev->stack, &fl, &rt))
		return true;
	return rt.dev != dev;
}

static bool
arp_accept(struct net_if *dev, uint32_t sip)
{
	int v = IN_CONF(dev->stack->conf_all, ARP_ACCEPT);

	if (IN_CONF(dev->in.conf, ARP_ACCEPT) > v)
		v = IN_CONF(dev->in.conf, ARP_ACCEPT);
	if (v == 2)
		return ip_addr_onlink(dev, sip, 0);
	return v == 1;
}

void
arp_rcv(struct inet_stack *stack, struct net_if *dev, struct pkt *p)
{
	struct arphdr ah;
	struct arp_eth_body b;
	uint32_t sip, tip;
	struct ip_route rt;
	struct neighbour *n;
	uint16_t op;
	bool is_garp = false;
	int addr_type = -1;

	if ((dev->flags & IFF_NOARP) || p->pkt_type == PACKET_OTHERHOST ||
	    p->pkt_type == PACKET_LOOPBACK || p->len < ARP_ETH_LEN)
		goto out;
	memcpy(&ah, p->data, sizeof(ah));
	memcpy(&b, p->data + sizeof(ah), sizeof(b));
	if (ah.ar_hln != ETH_ALEN || ah.ar_pln != 4)
		goto out;
	if ((ah.ar_hrd != htons(ARPHRD_ETHER) && ah.ar_hrd != htons(ARPHRD_IEEE802)) ||
	    ah.ar_pro != htons(ETH_P_IP))
		goto out;
	op = ntohs(ah.ar_op);
	if (op != ARPOP_REPLY && op != ARPOP_REQUEST)
		goto out;
	sip = get_be32(b.sip);
	tip = get_be32(b.tip);
	if (ipv4_is_multicast(tip) || (!in_dev_route_localnet(dev) && ipv4_is_loopback(tip)))
		goto out;
	if (sip == tip && in_dev_drop_gratuitous_arp(dev))
		goto out;

	if (sip == 0) {
		/* Duplicate address detection: answer, learn nothing. */
		if (op == ARPOP_REQUEST && inet_addr_type(stack, tip) == RTN_LOCAL &&
		    !arp_ignore(dev, sip, tip))
			arp_send(dev, ARPOP_REPLY, sip, tip, b.sha, b.sha);
		goto out;
	}
	if (op == ARPOP_REQUEST && ip_route_input(stack, dev, tip, sip, 0, p->pkt_type, &rt) == 0) {
		if (rt.type == RTN_LOCAL) {
			bool dont_send = arp_ignore(dev, sip, tip);

			if (!dont_send && in_dev_arp_filter(dev))
				dont_send = arp_filter(dev, sip, tip);
			if (!dont_send) {
				n = neigh_event_ns(&stack->arp_tbl, dev, b.sip, b.sha, stack->now);
				if (n)
					arp_send(dev, ARPOP_REPLY, sip, tip, b.sha, b.sha);
			}
			goto out;
		}
	}

	n = neigh_lookup(&stack->arp_tbl, dev, b.sip);
	if (n || arp_accept(dev, sip)) {
		is_garp = tip == sip;
		if (is_garp && op == ARPOP_REPLY)
			is_garp = !memcmp(b.tha, b.sha, ETH_ALEN);
		if (is_garp) {
			addr_type = inet_addr_type(stack, sip);
			if (addr_type != RTN_UNICAST)
				is_garp = false;
		}
	}
	if (!n && arp_accept(dev, sip) &&
	    (is_garp || (op == ARPOP_REPLY &&
			 (addr_type == RTN_UNICAST ||
			  (addr_type < 0 && inet_addr_type(stack, sip) == RTN_UNICAST)))))
		n = neigh_create(&stack->arp_tbl, dev, b.sip, stack->now);
	if (n) {
		uint16_t state = NUD_REACHABLE;
		bool override = stack->now > n->updated +
				(uint64_t)n->parms->locktime_ms * NSEC_PER_MSEC || is_garp;

		if (op != ARPOP_REPLY || p->pkt_type != PACKET_HOST)
			state = NUD_STALE;
		neigh_update(n, b.sha, state, override ? NEIGH_UPDATE_F_OVERRIDE : 0, stack->now);
	}
out:
	pkt_free(p);
}

int
arp_req_set(struct net_if *ifp, uint32_t ip, const uint8_t *ha, int flags, uint64_t now)
{
	struct neigh_table *tbl = &ifp->stack->arp_tbl;
	uint8_t key[4];
	struct neighbour *n;
	uint16_t state = NUD_STALE;
	int err;

	put_be32(key, ip);
	if (flags & ATF_PERM)
		flags |= ATF_COM;
	n = neigh_create(tbl, ifp, key, now);
	if (!n)
		return -ENOBUFS;
	if (flags & ATF_PERM)
		state = NUD_PERMANENT;
	inet_enter(ifp->stack, now);
	err = neigh_update(n, (flags & ATF_COM) ? ha : NULL, state,
			   NEIGH_UPDATE_F_OVERRIDE | NEIGH_UPDATE_F_ADMIN, now);
	inet_leave(ifp->stack);
	return err;
}

int
arp_state_to_flags(uint16_t state)
{
	int flags = 0;

	if (state & NUD_PERMANENT)
		flags = ATF_PERM | ATF_COM;
	else if (state & NUD_VALID)
		flags = ATF_COM;
	return flags;
}

int
arp_req_get(struct net_if *ifp, uint32_t ip, uint8_t *ha, int *flags)
{
	uint8_t key[4];
	struct neighbour *n;

	put_be32(key, ip);
	n = neigh_lookup(&ifp->stack->arp_tbl, ifp, key);
	if (!n || (n->state & NUD_NOARP))
		return -ENXIO;
	memcpy(ha, n->ha, ETH_ALEN);
	*flags = arp_state_to_flags(n->state);
	return 0;
}

int
arp_req_delete(struct net_if *ifp, uint32_t ip, uint64_t now)
{
	uint8_t key[4];
	int err;

	put_be32(key, ip);
	inet_enter(ifp->stack, now);
	err = neigh_admin_del(&ifp->stack->arp_tbl, ifp, key, now);
	inet_leave(ifp->stack);
	return err == -ENOENT ? -ENXIO : err;
}
