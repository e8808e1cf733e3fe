// SPDX-License-Identifier: GPL-2.0-only
/*
 * UDP over IPv4 (include/kernel/net/udp.h), after Linux's net/ipv4/udp.c.
 *
 * The table hashes sockets by local port; a bucket lists the newest
 * socket first, which is the order Linux's lookups see them in.
 *
 * Which socket gets a unicast datagram (Linux's udp4_lib_lookup2 and
 * compute_score): sockets bound to the datagram's destination address
 * are considered before wildcard ones; among them a socket must match
 * every field it has set (peer address and port when connected, bound
 * device) and scores 4 per such field; the highest score wins, the
 * newest on a tie; an unconnected winner in a SO_REUSEPORT group hands
 * the datagram to the member its 4-tuple hashes to. Broadcasts and
 * multicasts go to every wildcard or matching socket of the port.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/bpf.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/random.h"
#include "kernel/net/route.h"
#include "kernel/net/udp.h"
#include "uapi/if_arp.h"
#include "uapi/in.h"
#include "uapi/socket.h"
#include "uapi/tcp.h"

#define UDP_HASH	256

struct udp_table {
	struct list_head hash[UDP_HASH];
	unsigned int count;
};

static struct list_head *
bucket(struct inet_stack *stack, uint16_t port)
{
	return &stack->udp->hash[port & (UDP_HASH - 1)];
}

int
udp_init(struct inet_stack *stack)
{
	struct udp_table *t = kzalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (int i = 0; i < UDP_HASH; i++)
		list_init(&t->hash[i]);
	stack->udp = t;
	return 0;
}

void
udp_destroy(struct inet_stack *stack)
{
	kfree(stack->udp);
	stack->udp = NULL;
}

void
udp_sock_init(struct udp_sock *us, struct inet_stack *stack)
{
	memset(us, 0, sizeof(*us));
	inet_sock_init(&us->inet, stack, SOCK_DGRAM, IPPROTO_UDP);
}

static bool
port_in_use(struct inet_stack *stack, const struct inet_sock *sk, uint16_t port)
{
	struct inet_sock *o;
	struct inet_sock probe = *sk;

	probe.num = port;
	list_for_each_entry(o, bucket(stack, port), node)
		if (inet_bind_conflict(&probe, o))
			return true;
	return false;
}

static void
hash_sock(struct inet_stack *stack, struct inet_sock *sk)
{
	list_add(&sk->node, bucket(stack, sk->num));
	sk->hashed = true;
	stack->udp->count++;
}

static void
unhash_sock(struct inet_stack *stack, struct inet_sock *sk)
{
	if (!sk->hashed)
		return;
	list_del(&sk->node);
	sk->hashed = false;
	stack->udp->count--;
}

/* Linux's udp_lib_get_port: a given port if free, else a free ephemeral one. */
static int
get_port(struct inet_stack *stack, struct inet_sock *sk, uint16_t snum)
{
	if (!snum) {
		int low = stack->sysctl.ip_local_port_range[0];
		int high = stack->sysctl.ip_local_port_range[1];
		uint32_t remaining = (uint32_t)(high - low) + 1, first;

		if (high < low)
			return -EADDRINUSE;
		first = net_rng_below(&stack->rng, remaining);
		for (uint32_t i = 0; i < remaining; i++) {
			uint16_t port = (uint16_t)(low + (first + i) % remaining);

			if (!port_in_use(stack, sk, port)) {
				snum = port;
				goto found;
			}
		}
		return -EADDRINUSE;
	}
	if (port_in_use(stack, sk, snum))
		return -EADDRINUSE;
found:
	sk->num = snum;
	hash_sock(stack, sk);
	return 0;
}

int
udp_bind(struct udp_sock *us, uint32_t addr, uint16_t port)
{
	struct inet_sock *sk = &us->inet;
	struct inet_stack *stack = sk->stack;
	int type = inet_addr_type(stack, addr);
	int err;

	if (!(stack->sysctl.ip_nonlocal_bind || sk->freebind || sk->transparent ||
	      addr == INADDR_ANY || type == RTN_LOCAL || type == RTN_MULTICAST ||
	      type == RTN_BROADCAST))
		return -EADDRNOTAVAIL;
	if (sk->state != TCP_CLOSE || sk->num)
		return -EINVAL;
	sk->rcv_saddr = sk->saddr = addr;
	if (type == RTN_MULTICAST || type == RTN_BROADCAST)
		sk->saddr = 0;
	err = get_port(stack, sk, port);
	if (err) {
		sk->rcv_saddr = sk->saddr = 0;
		return -EADDRINUSE;
	}
	if (sk->rcv_saddr)
		sk->userlocks |= SOCK_BINDADDR_LOCK;
	if (port)
		sk->userlocks |= SOCK_BINDPORT_LOCK;
	sk->daddr = 0;
	sk->dport = 0;
	return 0;
}

/* Linux's inet_autobind: an ephemeral port, keeping the bound address. */
static int
autobind(struct inet_sock *sk)
{
	if (sk->num)
		return 0;
	return get_port(sk->stack, sk, 0) ? -EAGAIN : 0;
}

int
udp_connect(struct udp_sock *us, uint32_t addr, uint16_t port, uint64_t now)
{
	struct inet_sock *sk = &us->inet;
	struct inet_stack *stack = sk->stack;
	struct flowi4 fl = { 0 };
	struct ip_route rt;
	int err;

	inet_enter(stack, now);
	err = autobind(sk);
	if (err)
		goto out;
	fl.daddr = addr;
	fl.saddr = sk->saddr;
	fl.oif = sk->bound_dev_if;
	fl.proto = IPPROTO_UDP;
	fl.freebind = sk->freebind || sk->transparent || stack->sysctl.ip_nonlocal_bind;
	if (ipv4_is_multicast(addr)) {
		if (!fl.oif)
			fl.oif = sk->mc_index;
		if (!fl.saddr)
			fl.saddr = sk->mc_addr;
	}
	err = ip_route_output(stack, &fl, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			IP_INC(stack, OutNoRoutes);
		goto out;
	}
	if ((rt.flags & RTCF_BROADCAST) && !sk->broadcast) {
		err = -EACCES;
		goto out;
	}
	if (!sk->saddr)
		sk->saddr = rt.saddr;
	if (!sk->rcv_saddr)
		sk->rcv_saddr = rt.saddr;	/* a rehash: the bucket is by port only */
	sk->daddr = rt.daddr;
	sk->dport = port;
	sk->state = TCP_ESTABLISHED;
	sk->inet_id = (uint16_t)net_rng_u32(&stack->rng);
out:
	inet_leave(stack);
	return err;
}

int
udp_disconnect(struct udp_sock *us)
{
	struct inet_sock *sk = &us->inet;

	sk->state = TCP_CLOSE;
	sk->daddr = 0;
	sk->dport = 0;
	sk->bound_dev_if = 0;
	if (!(sk->userlocks & SOCK_BINDADDR_LOCK))
		sk->rcv_saddr = sk->saddr = 0;
	if (!(sk->userlocks & SOCK_BINDPORT_LOCK)) {
		unhash_sock(sk->stack, sk);
		sk->num = 0;
	}
	return 0;
}

void
udp_close(struct udp_sock *us)
{
	struct inet_sock *sk = &us->inet;

	unhash_sock(sk->stack, sk);
	inet_mc_drop_all(sk);
	pkt_queue_purge(&sk->rcvq);
	pkt_queue_purge(&sk->errq);
	if (sk->filter) {
		sk_filter_free(sk->filter);
		sk->filter = NULL;
	}
	sk->state = TCP_CLOSE;
}

int
udp_sendmsg(struct udp_sock *us, const struct net_src *src, const struct udp_send_args *a,
	    uint64_t now)
{
	struct inet_sock *sk = &us->inet;
	struct inet_stack *stack = sk->stack;
	struct ip_send_params prm;
	struct flowi4 fl = { 0 };
	struct ip_route rt;
	uint32_t daddr;
	uint16_t dport;
	unsigned int ulen = (unsigned int)src->len + sizeof(struct udphdr), maxlen;
	struct pkt *p;
	uint8_t *uh;
	bool connected = false;
	int err;

	if (src->len > 0xFFFF)
		return -EMSGSIZE;
	if (a->flags & MSG_OOB)
		return -EOPNOTSUPP;
	inet_enter(stack, now);
	err = autobind(sk);
	if (err)
		goto out;
	if (a->has_dest) {
		daddr = a->daddr;
		dport = a->dport;
		if (!dport) {
			err = -EINVAL;
			goto out;
		}
	} else {
		if (sk->state != TCP_ESTABLISHED) {
			err = -EDESTADDRREQ;
			goto out;
		}
		daddr = sk->daddr;
		dport = sk->dport;
		connected = true;
	}
	fl.daddr = daddr;
	fl.saddr = a->spec_saddr ? a->spec_saddr : sk->saddr;
	fl.oif = a->oif ? a->oif : sk->bound_dev_if;
	fl.tos = (uint8_t)((a->tos >= 0 ? a->tos : sk->tos) & IPTOS_TOS_MASK);
	fl.scope = (sk->dontroute || (a->flags & MSG_DONTROUTE)) ? RT_SCOPE_LINK :
		   RT_SCOPE_UNIVERSE;
	fl.proto = IPPROTO_UDP;
	fl.freebind = sk->freebind || sk->transparent || stack->sysctl.ip_nonlocal_bind;
	if (ipv4_is_multicast(daddr)) {
		if (!fl.oif)
			fl.oif = sk->mc_index;
		if (!fl.saddr)
			fl.saddr = sk->mc_addr;
		connected = false;
	}
	err = ip_route_output(stack, &fl, &rt);
	if (err) {
		if (err == -ENETUNREACH)
			IP_INC(stack, OutNoRoutes);
		goto out;
	}
	if ((rt.flags & RTCF_BROADCAST) && !sk->broadcast) {
		err = -EACCES;
		goto out;
	}
	if (a->flags & MSG_CONFIRM) {
		uint8_t key[4];

		put_be32(key, rt.gw);
		neigh_confirm(&stack->arp_tbl, rt.dev, key, now);
	}
	/* Linux's __ip_append_data: the size limit, then the pending error. */
	maxlen = sk->pmtudisc >= IP_PMTUDISC_DO ?
		 (sk->pmtudisc == IP_PMTUDISC_DO ? rt.mtu : rt.dev->mtu) : 0xFFFF;
	if (ulen > maxlen - sizeof(struct iphdr)) {
		inet_local_error(sk, EMSGSIZE, daddr, dport, maxlen);
		err = -EMSGSIZE;
		goto out;
	}
	if (sk->err) {
		err = -inet_sock_error(sk);
		goto out;
	}
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, ulen);
	if (!p) {
		UDP_INC(stack, SndbufErrors);
		err = -ENOBUFS;
		goto out;
	}
	uh = pkt_put(p, ulen);
	if (src->len && src->copy(src->ctx, uh + sizeof(struct udphdr), 0, src->len)) {
		pkt_free(p);
		err = -EFAULT;
		goto out;
	}
	put_be16(uh, sk->num);
	put_be16(uh + 2, dport);
	put_be16(uh + 4, (uint16_t)ulen);
	put_u16(uh + 6, 0);
	if (!sk->no_check) {
		uint16_t c = csum_tcpudp_magic(rt.saddr, rt.daddr, ulen, IPPROTO_UDP,
					       csum_partial(uh, ulen, 0));

		put_u16(uh + 6, c ? c : 0xffff);
	}
	pkt_set_transport_header(p);
	memset(&prm, 0, sizeof(prm));
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = IPPROTO_UDP;
	prm.tos = a->tos >= 0 ? (uint8_t)a->tos : sk->tos;
	prm.ttl = a->ttl >= 0 ? a->ttl : ipv4_is_multicast(daddr) ? sk->mc_ttl : sk->uc_ttl;
	prm.pmtudisc = sk->pmtudisc;
	prm.sk_id = connected ? &sk->inet_id : NULL;
	prm.mc_loop = sk->mc_loop;
	prm.mark = sk->mark;
	p->priority = sk->priority;
	err = ip_output(stack, p, &rt, &prm);
	if (err == -ENOBUFS)
		UDP_INC(stack, SndbufErrors);
	if (!err || err == -EHOSTUNREACH) {
		/* A datagram queued for an unresolved neighbour counts as sent. */
		UDP_INC(stack, OutDatagrams);
		err = 0;
	}
out:
	inet_leave(stack);
	return err ? err : (int)src->len;
}

static int
compute_score(const struct inet_sock *sk, uint32_t saddr, uint16_t sport, int dif)
{
	int score = 2;

	if (sk->daddr) {
		if (sk->daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->dport) {
		if (sk->dport != sport)
			return -1;
		score += 4;
	}
	if (sk->bound_dev_if) {
		if (sk->bound_dev_if != dif)
			return -1;
		score += 4;
	}
	return score;
}

/* The SO_REUSEPORT group member a flow hashes to (members in bind order). */
static struct inet_sock *
reuseport_select(struct inet_stack *stack, struct inet_sock *sk, uint32_t saddr,
		 uint16_t sport, uint32_t daddr, uint16_t dport)
{
	struct inet_sock *o, *members[64];
	unsigned int n = 0;
	uint32_t key[3] = { saddr, daddr, (uint32_t)sport << 16 | dport }, h;

	/* The bucket lists newest first: walk it backwards for bind order. */
	for (o = list_entry(bucket(stack, sk->num)->prev, struct inet_sock, node);
	     &o->node != bucket(stack, sk->num) && n < 64;
	     o = list_entry(o->node.prev, struct inet_sock, node)) {
		if (o->num == sk->num && o->reuseport && o->uid == sk->uid &&
		    o->rcv_saddr == sk->rcv_saddr && o->bound_dev_if == sk->bound_dev_if &&
		    o->state != TCP_ESTABLISHED)
			members[n++] = o;
	}
	if (n < 2)
		return sk;
	h = (uint32_t)siphash(&stack->hash_key, key, sizeof(key));
	return members[((uint64_t)h * n) >> 32];
}

static struct inet_sock *
lookup(struct inet_stack *stack, uint32_t saddr, uint16_t sport, uint32_t daddr,
       uint16_t dport, int dif)
{
	struct inet_sock *sk, *best = NULL;
	int best_score = 0;

	for (int pass = 0; pass < 2; pass++) {
		list_for_each_entry(sk, bucket(stack, dport), node) {
			int score;

			if (sk->num != dport)
				continue;
			if (pass == 0 ? sk->rcv_saddr != daddr : sk->rcv_saddr != INADDR_ANY)
				continue;
			score = compute_score(sk, saddr, sport, dif);
			if (score > best_score) {
				best_score = score;
				best = sk;
			}
		}
		if (best) {
			if (best->reuseport && best->state != TCP_ESTABLISHED)
				best = reuseport_select(stack, best, saddr, sport, daddr, dport);
			return best;
		}
		if (daddr == INADDR_ANY)
			break;
	}
	return NULL;
}

struct udp_sock *
udp_lookup(struct inet_stack *stack, uint32_t saddr, uint16_t sport, uint32_t daddr,
	   uint16_t dport, int ifindex)
{
	struct inet_sock *sk = lookup(stack, saddr, sport, daddr, dport, ifindex);

	return sk ? container_of(sk, struct udp_sock, inet) : NULL;
}

/* Filter, charge and queue one datagram (data at the UDP header). Consumes p. */
static void
udp_queue_rcv(struct inet_stack *stack, struct inet_sock *sk, struct pkt *p)
{
	struct bpf_aux aux = { .hatype = ARPHRD_ETHER, .rng = &stack->rng };
	int err;

	if (sk->filter && sk_filter_trim_cap(sk->filter, p, sizeof(struct udphdr), &aux)) {
		sk->drops++;
		UDP_INC(stack, InErrors);
		pkt_free(p);
		return;
	}
	pkt_pull(p, sizeof(struct udphdr));
	err = inet_sock_queue_rcv(sk, p);
	if (err) {
		UDP_INC(stack, RcvbufErrors);
		UDP_INC(stack, InErrors);
		pkt_free(p);
		return;
	}
	UDP_INC(stack, InDatagrams);
}

static bool
is_mcast_sock(const struct inet_sock *sk, uint16_t dport, uint32_t daddr, uint16_t sport,
	      uint32_t saddr, int dif)
{
	if (sk->num != dport)
		return false;
	if ((sk->daddr && sk->daddr != saddr) || (sk->dport && sk->dport != sport) ||
	    (sk->rcv_saddr && sk->rcv_saddr != daddr))
		return false;
	if (sk->bound_dev_if && sk->bound_dev_if != dif)
		return false;
	return inet_mc_sock_allows(sk, daddr, dif);
}

static void
mcast_deliver(struct inet_stack *stack, struct pkt *p, uint32_t saddr, uint16_t sport,
	      uint32_t daddr, uint16_t dport, int dif)
{
	struct inet_sock *sk, *first = NULL;

	list_for_each_entry(sk, bucket(stack, dport), node) {
		struct pkt *c;

		if (!is_mcast_sock(sk, dport, daddr, sport, saddr, dif))
			continue;
		if (!first) {
			first = sk;
			continue;
		}
		c = pkt_clone(p);
		if (!c) {
			sk->drops++;
			UDP_INC(stack, RcvbufErrors);
			UDP_INC(stack, InErrors);
			continue;
		}
		udp_queue_rcv(stack, sk, c);
	}
	if (first) {
		udp_queue_rcv(stack, first, p);
	} else {
		UDP_INC(stack, IgnoredMulti);
		pkt_free(p);
	}
}

void
udp_rcv(struct inet_stack *stack, struct pkt *p)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	struct ip_hdr_info h;
	struct inet_sock *sk;
	uint16_t ulen, sport, dport, check;

	if (p->len < sizeof(struct udphdr))
		goto drop;
	ulen = get_be16(p->data + 4);
	if (ulen > p->len || ulen < sizeof(struct udphdr))
		goto drop;
	pkt_trim(p, ulen);
	ip_hdr_parse(p, &h);
	sport = get_be16(p->data);
	dport = get_be16(p->data + 2);
	check = get_u16(p->data + 6);
	if (check && p->csum_state != PKT_CSUM_UNNECESSARY &&
	    csum_tcpudp_magic(h.saddr, h.daddr, ulen, IPPROTO_UDP, csum_partial(p->data, ulen, 0))) {
		UDP_INC(stack, InCsumErrors);
		goto drop;
	}
	if (cb->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		mcast_deliver(stack, p, h.saddr, sport, h.daddr, dport, cb->iif);
		return;
	}
	sk = lookup(stack, h.saddr, sport, h.daddr, dport, cb->iif);
	if (sk) {
		udp_queue_rcv(stack, sk, p);
		return;
	}
	UDP_INC(stack, NoPorts);
	pkt_push(p, (unsigned int)(p->data - pkt_network_header(p)));
	icmp_send(stack, p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	pkt_free(p);
	return;
drop:
	UDP_INC(stack, InErrors);
	pkt_free(p);
}

void
udp_err(struct inet_stack *stack, const struct icmp_err *e)
{
	struct inet_sock *sk;
	uint16_t sport, dport;
	bool harderr = false;
	int err;

	sport = get_be16(e->transport);
	dport = get_be16(e->transport + 2);
	/* The datagram went saddr:sport -> daddr:dport: find who sent it. */
	sk = lookup(stack, e->daddr, dport, e->saddr, sport, 0);
	if (!sk) {
		ICMP_INC(stack, InErrors);
		return;
	}
	switch (e->type) {
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
		return;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		harderr = true;
		break;
	case ICMP_DEST_UNREACH:
		if (e->code == ICMP_FRAG_NEEDED) {
			if (sk->pmtudisc == IP_PMTUDISC_DONT)
				return;
			err = EMSGSIZE;
			harderr = true;
			break;
		}
		err = icmp_err_convert(e->code, &harderr);
		break;
	default:	/* ICMP_TIME_EXCEEDED */
		err = EHOSTUNREACH;
		break;
	}
	if (!sk->recverr) {
		if (!harderr || sk->state != TCP_ESTABLISHED)
			return;
	} else {
		unsigned int off = sizeof(struct udphdr);

		inet_icmp_error(sk, err, e, dport, e->transport + off,
				e->transport_len > off ? e->transport_len - off : 0);
	}
	sk->err = err;
	inet_sock_wake(sk, NET_EV_ERR);
}

void
udp_for_each(struct inet_stack *stack, void (*fn)(struct udp_sock *, void *), void *arg)
{
	struct inet_sock *sk;

	for (int i = 0; i < UDP_HASH; i++)
		list_for_each_entry(sk, &stack->udp->hash[i], node)
			fn(container_of(sk, struct udp_sock, inet), arg);
}
