// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every AF_INET socket of the library shares
 * (include/kernel/net/sock.h): defaults, the receive and error queues
 * with their memory limit, IP_RECVERR reports, multicast membership and
 * the bind conflict rule of datagram sockets.
 *
 * Memory: a socket may hold at most rcvbuf bytes of truesize in rcvq
 * and errq together; the check is Linux's sock_queue_rcv_skb() one (the
 * datagram is refused once the queues already hold rcvbuf or more).
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/icmp.h"
#include "kernel/net/inet.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "kernel/net/sock.h"
#include "uapi/in.h"
#include "uapi/socket.h"
#include "uapi/tcp.h"

void
inet_sock_init(struct inet_sock *sk, struct inet_stack *stack, int type, int protocol)
{
	memset(sk, 0, sizeof(*sk));
	sk->stack = stack;
	sk->type = type;
	sk->protocol = protocol;
	sk->state = TCP_CLOSE;
	list_init(&sk->node);
	list_init(&sk->mc_groups);
	pkt_queue_init(&sk->rcvq);
	pkt_queue_init(&sk->errq);
	sk->uc_ttl = -1;
	sk->mc_ttl = 1;
	sk->mc_loop = true;
	sk->mc_all = true;
	sk->pmtudisc = stack->sysctl.ip_no_pmtu_disc ? IP_PMTUDISC_DONT : IP_PMTUDISC_WANT;
	sk->rcvbuf = (unsigned int)stack->sysctl.rmem_default;
	sk->sndbuf = (unsigned int)stack->sysctl.wmem_default;
}

void
inet_sock_wake(struct inet_sock *sk, unsigned int events)
{
	if (sk->wake)
		sk->wake(sk, events);
}

static size_t
rmem(const struct inet_sock *sk)
{
	return sk->rcvq.truesize + sk->errq.truesize;
}

int
inet_sock_queue_rcv(struct inet_sock *sk, struct pkt *p)
{
	if (rmem(sk) >= sk->rcvbuf) {
		sk->drops++;
		return -ENOMEM;
	}
	pkt_queue_tail(&sk->rcvq, p);
	inet_sock_wake(sk, NET_EV_IN);
	return 0;
}

struct pkt *
inet_sock_dequeue(struct inet_sock *sk)
{
	struct pkt *p = pkt_dequeue(&sk->rcvq);

	if (p)
		inet_sock_wake(sk, NET_EV_OUT);
	return p;
}

struct pkt *
inet_sock_dequeue_err(struct inet_sock *sk)
{
	struct pkt *p = pkt_dequeue(&sk->errq), *next;

	if (!p)
		return NULL;
	next = pkt_queue_peek(&sk->errq);
	if (next)
		sk->err = (int)INET_ERR_CB(next)->ee.ee_errno;
	else if (INET_ERR_CB(p)->ee.ee_origin == SO_EE_ORIGIN_ICMP)
		sk->err = 0;
	return p;
}

unsigned int
inet_sock_poll(const struct inet_sock *sk)
{
	unsigned int mask = NET_EV_OUT;

	if (!pkt_queue_empty(&sk->rcvq))
		mask |= NET_EV_IN;
	if (sk->err || !pkt_queue_empty(&sk->errq))
		mask |= NET_EV_ERR;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= NET_EV_IN | NET_EV_RDHUP;
	if (sk->shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN))
		mask |= NET_EV_HUP;
	return mask;
}

int
inet_sock_error(struct inet_sock *sk)
{
	int err = sk->err;

	sk->err = 0;
	return err;
}

void
inet_recv_info(const struct pkt *p, struct inet_recv_info *ri)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	const uint8_t *iph = pkt_network_header(p);
	unsigned int ihl = (unsigned int)(iph[0] & 0x0f) * 4;

	memset(ri, 0, sizeof(*ri));
	ri->tos = iph[1];
	ri->ttl = iph[8];
	ri->saddr = get_be32(iph + 12);
	ri->daddr = get_be32(iph + 16);
	if (iph[9] == IPPROTO_UDP && p->trans_off >= 0) {
		const uint8_t *uh = pkt_transport_header(p);

		ri->sport = get_be16(uh);
		ri->dport = get_be16(uh + 2);
	}
	ri->ifindex = cb->iif;
	ri->spec_dst = cb->spec_dst;
	ri->frag_max_size = cb->frag_max_size;
	if (ihl > sizeof(struct iphdr)) {
		ri->opts = iph + sizeof(struct iphdr);
		ri->optlen = (uint8_t)(ihl - sizeof(struct iphdr));
	}
}

static void
queue_err(struct inet_sock *sk, struct pkt *p)
{
	if (rmem(sk) + p->truesize >= sk->rcvbuf) {
		pkt_free(p);
		return;
	}
	pkt_queue_tail(&sk->errq, p);
	inet_sock_wake(sk, NET_EV_ERR);
}

void
inet_icmp_error(struct inet_sock *sk, int err, const struct icmp_err *e, uint16_t port,
		const uint8_t *payload, unsigned int len)
{
	struct pkt *p;
	struct inet_err_cb *cb;

	if (!sk->recverr)
		return;
	p = pkt_alloc(sk->stack->pool, 0, len);
	if (!p)
		return;
	pkt_put_data(p, payload, len);
	cb = INET_ERR_CB(p);
	memset(cb, 0, sizeof(*cb));
	cb->ee.ee_errno = (uint32_t)err;
	cb->ee.ee_origin = SO_EE_ORIGIN_ICMP;
	cb->ee.ee_type = e->type;
	cb->ee.ee_code = e->code;
	cb->ee.ee_info = e->info;
	cb->offender = e->offender;
	cb->addr = e->daddr;
	cb->port = port;
	p->tstamp = sk->stack->now;
	queue_err(sk, p);
}

void
inet_local_error(struct inet_sock *sk, int err, uint32_t daddr, uint16_t port, uint32_t info)
{
	struct pkt *p;
	struct inet_err_cb *cb;

	if (!sk->recverr)
		return;
	p = pkt_alloc(sk->stack->pool, 0, 0);
	if (!p)
		return;
	cb = INET_ERR_CB(p);
	memset(cb, 0, sizeof(*cb));
	cb->ee.ee_errno = (uint32_t)err;
	cb->ee.ee_origin = SO_EE_ORIGIN_LOCAL;
	cb->ee.ee_info = info;
	cb->addr = daddr;
	cb->port = port;
	queue_err(sk, p);
}

/* Linux's ip_mc_find_dev: the interface a membership applies to. */
static struct net_if *
mc_find_dev(struct inet_stack *stack, uint32_t group, uint32_t ifaddr, int ifindex)
{
	struct flowi4 fl = { .daddr = group };
	struct ip_route rt;

	if (ifindex)
		return inet_if_by_index(stack, ifindex);
	if (ifaddr)
		return inet_addr_owner(stack, ifaddr);
	if (ip_route_output(stack, &fl, &rt) == 0)
		return rt.dev;
	return NULL;
}

#define IGMP_MAX_MEMBERSHIPS	20

int
inet_mc_join(struct inet_sock *sk, uint32_t group, uint32_t ifaddr, int ifindex)
{
	struct inet_mc_membership *m;
	struct net_if *dev;
	unsigned int n = 0;
	int err;

	if (!ipv4_is_multicast(group))
		return -EINVAL;
	dev = mc_find_dev(sk->stack, group, ifaddr, ifindex);
	if (!dev)
		return -ENODEV;
	list_for_each_entry(m, &sk->mc_groups, node) {
		if (m->group == group && m->ifindex == dev->ifindex)
			return -EADDRINUSE;
		n++;
	}
	if (n >= IGMP_MAX_MEMBERSHIPS)
		return -ENOBUFS;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOBUFS;
	err = ip_mc_join(dev, group);
	if (err) {
		kfree(m);
		return err;
	}
	m->group = group;
	m->ifindex = dev->ifindex;
	list_add_tail(&m->node, &sk->mc_groups);
	return 0;
}

int
inet_mc_leave(struct inet_sock *sk, uint32_t group, uint32_t ifaddr, int ifindex)
{
	struct inet_mc_membership *m;
	struct net_if *dev = mc_find_dev(sk->stack, group, ifaddr, ifindex);

	list_for_each_entry(m, &sk->mc_groups, node) {
		if (m->group != group)
			continue;
		if ((ifindex || ifaddr) && (!dev || m->ifindex != dev->ifindex))
			continue;
		dev = inet_if_by_index(sk->stack, m->ifindex);
		if (dev)
			ip_mc_leave(dev, group);
		list_del(&m->node);
		kfree(m);
		return 0;
	}
	return -EADDRNOTAVAIL;
}

void
inet_mc_drop_all(struct inet_sock *sk)
{
	struct inet_mc_membership *m, *t;

	list_for_each_entry_safe(m, t, &sk->mc_groups, node) {
		struct net_if *dev = inet_if_by_index(sk->stack, m->ifindex);

		if (dev)
			ip_mc_leave(dev, m->group);
		list_del(&m->node);
		kfree(m);
	}
}

bool
inet_mc_sock_allows(const struct inet_sock *sk, uint32_t group, int ifindex)
{
	const struct inet_mc_membership *m;

	if (!ipv4_is_multicast(group))
		return true;
	list_for_each_entry(m, &sk->mc_groups, node)
		if (m->group == group && m->ifindex == ifindex)
			return true;
	return sk->mc_all;
}

bool
inet_bind_conflict(const struct inet_sock *sk, const struct inet_sock *other)
{
	if (sk == other || sk->num != other->num)
		return false;
	if (sk->reuse && other->reuse)
		return false;
	if (sk->bound_dev_if && other->bound_dev_if && sk->bound_dev_if != other->bound_dev_if)
		return false;
	if (sk->rcv_saddr && other->rcv_saddr && sk->rcv_saddr != other->rcv_saddr)
		return false;
	if (sk->reuseport && other->reuseport && sk->uid == other->uid)
		return false;
	return true;
}
