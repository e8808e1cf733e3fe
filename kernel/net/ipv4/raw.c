// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raw IPv4 and ICMP "ping" sockets (include/kernel/net/raw.h), after
 * Linux's net/ipv4/raw.c and ping.c.
 *
 * Raw sockets receive a copy of every local datagram of their protocol
 * (IP header included) that matches their bound and connected addresses
 * and device, ICMP ones filtered by ICMP_FILTER; a datagram taken by a
 * raw socket does not earn "protocol unreachable".
 *
 * Ping sockets are datagram sockets for ICMP echo: their "port" is the
 * echo identifier (allocated 1, 2, 3... by a global rover when not
 * given), the kernel fills in the identifier and checksum of what is
 * sent, and echo replies come back to the socket owning the identifier.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/bpf.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "uapi/if_arp.h"
#include "uapi/in.h"
#include "uapi/socket.h"
#include "uapi/tcp.h"

struct raw_table {
	struct list_head raw;	/* raw sockets, newest first */
	struct list_head ping;	/* bound ping sockets */
	uint16_t ping_rover;
};

int
raw_init(struct inet_stack *stack)
{
	struct raw_table *t = kzalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	list_init(&t->raw);
	list_init(&t->ping);
	stack->raw = t;
	return 0;
}

void
raw_destroy(struct inet_stack *stack)
{
	kfree(stack->raw);
	stack->raw = NULL;
}

void
raw_sock_init(struct inet_sock *sk, struct inet_stack *stack, int protocol)
{
	inet_sock_init(sk, stack, SOCK_RAW, protocol);
	sk->num = (uint16_t)protocol;
	if (protocol == IPPROTO_RAW)
		sk->hdrincl = true;
	list_add(&sk->node, &stack->raw->raw);
	sk->hashed = true;
}

static void
sock_release(struct inet_sock *sk)
{
	if (sk->hashed) {
		list_del(&sk->node);
		sk->hashed = false;
	}
	inet_mc_drop_all(sk);
	pkt_queue_purge(&sk->rcvq);
	pkt_queue_purge(&sk->errq);
	if (sk->filter) {
		sk_filter_free(sk->filter);
		sk->filter = NULL;
	}
	sk->state = TCP_CLOSE;
}

void
raw_close(struct inet_sock *sk)
{
	sock_release(sk);
}

int
raw_bind(struct inet_sock *sk, uint32_t addr)
{
	struct inet_stack *stack = sk->stack;
	int type = inet_addr_type(stack, addr);

	if (sk->state != TCP_CLOSE)
		return -EINVAL;
	if (!(stack->sysctl.ip_nonlocal_bind || sk->freebind || sk->transparent ||
	      addr == INADDR_ANY || type == RTN_LOCAL || type == RTN_MULTICAST ||
	      type == RTN_BROADCAST))
		return -EADDRNOTAVAIL;
	sk->rcv_saddr = sk->saddr = addr;
	if (type == RTN_MULTICAST || type == RTN_BROADCAST)
		sk->saddr = 0;
	return 0;
}

static int
datagram_connect(struct inet_sock *sk, uint32_t addr)
{
	struct flowi4 fl = { .daddr = addr, .saddr = sk->saddr, .oif = sk->bound_dev_if,
			     .proto = (uint8_t)sk->protocol };
	struct ip_route rt;
	int err;

	if (!addr && sk->state != TCP_ESTABLISHED) {
		sk->daddr = 0;
		return 0;
	}
	err = ip_route_output(sk->stack, &fl, &rt);
	if (err)
		return err;
	if ((rt.flags & RTCF_BROADCAST) && !sk->broadcast)
		return -EACCES;
	if (!sk->saddr)
		sk->saddr = rt.saddr;
	if (!sk->rcv_saddr)
		sk->rcv_saddr = rt.saddr;
	sk->daddr = rt.daddr;
	sk->state = TCP_ESTABLISHED;
	sk->inet_id = (uint16_t)net_rng_u32(&sk->stack->rng);
	return 0;
}

int
raw_connect(struct inet_sock *sk, uint32_t addr)
{
	return datagram_connect(sk, addr);
}

static bool
icmp_filtered(const struct inet_sock *sk, const struct pkt *p)
{
	uint8_t type;

	if (p->len < 1)
		return false;
	type = p->data[0];
	return type < 32 && (sk->icmp_filter & (1u << type));
}

bool
raw_local_deliver(struct inet_stack *stack, struct pkt *p, uint8_t protocol)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	struct inet_sock *sk;
	struct ip_hdr_info h;
	bool delivered = false;

	ip_hdr_parse(p, &h);
	list_for_each_entry(sk, &stack->raw->raw, node) {
		struct bpf_aux aux = { .hatype = ARPHRD_ETHER, .rng = &stack->rng };
		struct pkt *c;

		if (sk->num != protocol)
			continue;
		if ((sk->daddr && sk->daddr != h.saddr) || (sk->rcv_saddr && sk->rcv_saddr != h.daddr))
			continue;
		if (sk->bound_dev_if && sk->bound_dev_if != cb->iif)
			continue;
		delivered = true;
		if (protocol == IPPROTO_ICMP && icmp_filtered(sk, p))
			continue;
		if (!inet_mc_sock_allows(sk, h.daddr, cb->iif))
			continue;
		c = pkt_clone(p);
		if (!c) {
			sk->drops++;
			continue;
		}
		c->data = pkt_network_header(c);
		c->len += (unsigned int)(p->data - pkt_network_header(p));
		if (sk->filter && sk_filter_trim_cap(sk->filter, c, 0, &aux)) {
			sk->drops++;
			pkt_free(c);
			continue;
		}
		if (inet_sock_queue_rcv(sk, c))
			pkt_free(c);
	}
	return delivered;
}

void
raw_icmp_error(struct inet_stack *stack, const struct icmp_err *e)
{
	struct inet_sock *sk;
	bool harderr = false;
	int err;

	list_for_each_entry(sk, &stack->raw->raw, node) {
		if (sk->num != e->protocol)
			continue;
		if ((sk->daddr && sk->daddr != e->daddr) ||
		    (sk->rcv_saddr && sk->rcv_saddr != e->saddr))
			continue;
		switch (e->type) {
		case ICMP_SOURCE_QUENCH:
		case ICMP_REDIRECT:
			continue;
		case ICMP_PARAMETERPROB:
			err = EPROTO;
			harderr = true;
			break;
		case ICMP_DEST_UNREACH:
			err = icmp_err_convert(e->code, &harderr);
			if (e->code == ICMP_FRAG_NEEDED) {
				harderr = sk->pmtudisc != IP_PMTUDISC_DONT;
				err = EMSGSIZE;
			}
			break;
		default:
			err = EHOSTUNREACH;
			break;
		}
		if (sk->recverr) {
			/* The payload is the IP packet as we sent it. */
			const uint8_t *iph = e->transport - ((e->p->data[8] & 0x0f) * 4);
			unsigned int len = e->transport_len + (unsigned int)(e->transport - iph);

			inet_icmp_error(sk, err, e, 0, sk->hdrincl ? iph : e->transport,
					sk->hdrincl ? len : e->transport_len);
		}
		if (sk->recverr || harderr) {
			sk->err = err;
			inet_sock_wake(sk, NET_EV_ERR);
		}
	}
}

int
raw_sendmsg(struct inet_sock *sk, const struct net_src *src, const struct raw_send_args *a,
	    uint64_t now)
{
	struct inet_stack *stack = sk->stack;
	struct flowi4 fl = { 0 };
	struct ip_route rt;
	struct ip_send_params prm;
	struct pkt *p;
	uint32_t daddr;
	int err;

	if (src->len > 0xFFFF)
		return -EMSGSIZE;
	if (a->has_dest) {
		daddr = a->daddr;
	} else {
		if (sk->state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		daddr = sk->daddr;
	}
	inet_enter(stack, now);
	fl.daddr = daddr;
	fl.saddr = a->spec_saddr ? a->spec_saddr : sk->saddr;
	fl.oif = a->oif ? a->oif : sk->bound_dev_if;
	fl.tos = (uint8_t)((a->tos >= 0 ? a->tos : sk->tos) & IPTOS_TOS_MASK);
	fl.scope = (sk->dontroute || (a->flags & MSG_DONTROUTE)) ? RT_SCOPE_LINK :
		   RT_SCOPE_UNIVERSE;
	fl.proto = sk->hdrincl ? IPPROTO_RAW : (uint8_t)sk->protocol;
	fl.freebind = sk->freebind || sk->transparent || stack->sysctl.ip_nonlocal_bind;
	if (ipv4_is_multicast(daddr)) {
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
	if (a->flags & MSG_PROBE)
		goto out;
	if (sk->hdrincl && src->len > rt.dev->mtu) {
		inet_local_error(sk, EMSGSIZE, daddr, 0, rt.dev->mtu);
		err = -EMSGSIZE;
		goto out;
	}
	if (!sk->hdrincl && src->len + sizeof(struct iphdr) > 0xFFFF) {
		err = -EMSGSIZE;
		goto out;
	}
	if (sk->err) {
		err = -inet_sock_error(sk);
		goto out;
	}
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, (unsigned int)src->len);
	if (!p) {
		err = -ENOBUFS;
		goto out;
	}
	if (src->len && src->copy(src->ctx, pkt_put(p, (unsigned int)src->len), 0, src->len)) {
		pkt_free(p);
		err = -EFAULT;
		goto out;
	}
	if (sk->hdrincl) {
		unsigned int ihl;

		if (p->len < sizeof(struct iphdr) ||
		    (ihl = (unsigned int)(p->data[0] & 0x0f) * 4) > p->len) {
			pkt_free(p);
			err = -EINVAL;
			goto out;
		}
		if (ihl >= sizeof(struct iphdr) && !get_be32(p->data + 12))
			put_be32(p->data + 12, rt.saddr);
		err = ip_output_hdrincl(stack, p, &rt);
		goto out;
	}
	if (sk->protocol == IPPROTO_ICMP && p->len >= 1)
		stack->icmp_out_type[p->data[0]]++;
	memset(&prm, 0, sizeof(prm));
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = (uint8_t)sk->protocol;
	prm.tos = a->tos >= 0 ? (uint8_t)a->tos : sk->tos;
	prm.ttl = a->ttl >= 0 ? a->ttl : ipv4_is_multicast(daddr) ? sk->mc_ttl : sk->uc_ttl;
	prm.pmtudisc = sk->pmtudisc;
	prm.sk_id = sk->state == TCP_ESTABLISHED ? &sk->inet_id : NULL;
	prm.mark = sk->mark;
	err = ip_output(stack, p, &rt, &prm);
	if (err == -EHOSTUNREACH)
		err = 0;
out:
	inet_leave(stack);
	return err ? err : (int)src->len;
}

void
raw_for_each(struct inet_stack *stack, void (*fn)(struct inet_sock *, void *), void *arg)
{
	struct inet_sock *sk;

	list_for_each_entry(sk, &stack->raw->raw, node)
		fn(sk, arg);
}

/* ---- ping sockets ---- */

bool
ping_group_allowed(struct inet_stack *stack, uint32_t gid)
{
	int lo = stack->sysctl.ping_group_range[0], hi = stack->sysctl.ping_group_range[1];

	return lo <= hi && (int64_t)gid >= lo && (int64_t)gid <= hi;
}

void
ping_sock_init(struct inet_sock *sk, struct inet_stack *stack)
{
	inet_sock_init(sk, stack, SOCK_DGRAM, IPPROTO_ICMP);
}

static bool
ident_in_use(struct inet_stack *stack, const struct inet_sock *sk, uint16_t ident)
{
	struct inet_sock *o;

	list_for_each_entry(o, &stack->raw->ping, node)
		if (o != sk && o->num == ident && (!o->reuse || !sk->reuse))
			return true;
	return false;
}

static int
ping_get_port(struct inet_sock *sk, uint16_t ident)
{
	struct raw_table *t = sk->stack->raw;

	if (!ident) {
		uint16_t result = (uint16_t)(t->ping_rover + 1);
		uint32_t i;

		for (i = 0; i < 65536; i++, result++) {
			struct inet_sock *o;
			bool used = false;

			if (!result)
				result++;
			list_for_each_entry(o, &t->ping, node)
				if (o->num == result)
					used = true;
			if (!used)
				break;
		}
		if (i >= 65536)
			return -EADDRINUSE;
		t->ping_rover = ident = result;
	} else if (ident_in_use(sk->stack, sk, ident)) {
		return -EADDRINUSE;
	}
	sk->num = ident;
	list_add(&sk->node, &t->ping);
	sk->hashed = true;
	return 0;
}

int
ping_bind(struct inet_sock *sk, uint32_t addr, uint16_t ident)
{
	int type = inet_addr_type(sk->stack, addr);
	int err;

	if (!(sk->stack->sysctl.ip_nonlocal_bind || sk->freebind || sk->transparent ||
	      addr == INADDR_ANY || type == RTN_LOCAL))
		return -EADDRNOTAVAIL;
	if (sk->num)
		return -EINVAL;
	sk->rcv_saddr = sk->saddr = addr;
	err = ping_get_port(sk, ident);
	if (err) {
		sk->rcv_saddr = sk->saddr = 0;
		return err;
	}
	if (addr)
		sk->userlocks |= SOCK_BINDADDR_LOCK;
	if (ident)
		sk->userlocks |= SOCK_BINDPORT_LOCK;
	return 0;
}

int
ping_connect(struct inet_sock *sk, uint32_t addr)
{
	if (!sk->num && ping_get_port(sk, 0))
		return -EAGAIN;
	return datagram_connect(sk, addr);
}

void
ping_close(struct inet_sock *sk)
{
	sock_release(sk);
}

int
ping_sendmsg(struct inet_sock *sk, const struct net_src *src, const struct raw_send_args *a,
	     uint64_t now)
{
	struct inet_stack *stack = sk->stack;
	struct flowi4 fl = { 0 };
	struct ip_route rt;
	struct ip_send_params prm;
	struct pkt *p;
	uint8_t *d;
	uint32_t daddr;
	int err;

	if (src->len > 0xFFFF || src->len < 8)
		return src->len < 8 ? -EINVAL : -EMSGSIZE;
	inet_enter(stack, now);
	if (!sk->num && ping_get_port(sk, 0)) {
		err = -EAGAIN;
		goto out;
	}
	if (a->has_dest) {
		daddr = a->daddr;
	} else {
		if (sk->state != TCP_ESTABLISHED) {
			err = -EDESTADDRREQ;
			goto out;
		}
		daddr = sk->daddr;
	}
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, (unsigned int)src->len);
	if (!p) {
		err = -ENOBUFS;
		goto out;
	}
	d = pkt_put(p, (unsigned int)src->len);
	if (src->copy(src->ctx, d, 0, src->len)) {
		pkt_free(p);
		err = -EFAULT;
		goto out;
	}
	if (d[0] != ICMP_ECHO || d[1] != 0) {
		pkt_free(p);
		err = -EINVAL;
		goto out;
	}
	fl.daddr = daddr;
	fl.saddr = a->spec_saddr ? a->spec_saddr : sk->saddr;
	fl.oif = a->oif ? a->oif : sk->bound_dev_if;
	fl.tos = (uint8_t)((a->tos >= 0 ? a->tos : sk->tos) & IPTOS_TOS_MASK);
	fl.scope = (sk->dontroute || (a->flags & MSG_DONTROUTE)) ? RT_SCOPE_LINK :
		   RT_SCOPE_UNIVERSE;
	fl.proto = IPPROTO_ICMP;
	if (ipv4_is_multicast(daddr)) {
		if (!fl.oif)
			fl.oif = sk->mc_index;
		if (!fl.saddr)
			fl.saddr = sk->mc_addr;
	}
	err = ip_route_output(stack, &fl, &rt);
	if (err) {
		pkt_free(p);
		goto out;
	}
	if ((rt.flags & RTCF_BROADCAST) && !sk->broadcast) {
		pkt_free(p);
		err = -EACCES;
		goto out;
	}
	if (sk->err) {
		pkt_free(p);
		err = -inet_sock_error(sk);
		goto out;
	}
	put_be16(d + 4, sk->num);
	put_u16(d + 2, 0);
	put_u16(d + 2, csum_fold(csum_partial(d, p->len, 0)));
	pkt_set_transport_header(p);
	stack->icmp_out_type[ICMP_ECHO]++;
	ICMP_INC(stack, OutMsgs);
	memset(&prm, 0, sizeof(prm));
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = IPPROTO_ICMP;
	prm.tos = a->tos >= 0 ? (uint8_t)a->tos : sk->tos;
	prm.ttl = a->ttl >= 0 ? a->ttl : ipv4_is_multicast(daddr) ? sk->mc_ttl : sk->uc_ttl;
	prm.pmtudisc = sk->pmtudisc;
	prm.sk_id = sk->state == TCP_ESTABLISHED ? &sk->inet_id : NULL;
	prm.mark = sk->mark;
	err = ip_output(stack, p, &rt, &prm);
	if (err == -EHOSTUNREACH)
		err = 0;
out:
	inet_leave(stack);
	return err ? err : (int)src->len;
}

static struct inet_sock *
ping_lookup(struct inet_stack *stack, uint16_t ident, uint32_t daddr, int dif)
{
	struct inet_sock *sk;

	list_for_each_entry(sk, &stack->raw->ping, node) {
		if (sk->num != ident)
			continue;
		if (sk->rcv_saddr && sk->rcv_saddr != daddr)
			continue;
		if (sk->bound_dev_if && sk->bound_dev_if != dif)
			continue;
		return sk;
	}
	return NULL;
}

void
ping_rcv(struct inet_stack *stack, struct pkt *p)
{
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	struct inet_sock *sk;
	struct ip_hdr_info h;

	ip_hdr_parse(p, &h);
	sk = ping_lookup(stack, get_be16(p->data + 4), h.daddr, cb->iif);
	if (sk) {
		struct bpf_aux aux = { .hatype = ARPHRD_ETHER, .rng = &stack->rng };

		if (sk->filter && sk_filter_trim_cap(sk->filter, p, 0, &aux)) {
			sk->drops++;
			pkt_free(p);
			return;
		}
		if (!inet_sock_queue_rcv(sk, p))
			return;
	}
	pkt_free(p);
}

void
ping_err(struct inet_stack *stack, const struct icmp_err *e)
{
	struct inet_sock *sk;
	bool harderr = false;
	int err;

	if (e->transport_len < 8 || e->transport[0] != ICMP_ECHO)
		return;
	sk = ping_lookup(stack, get_be16(e->transport + 4), e->saddr, 0);
	if (!sk)
		return;
	switch (e->type) {
	case ICMP_SOURCE_QUENCH:
		err = EHOSTUNREACH;
		break;
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
	case ICMP_REDIRECT:
		err = EREMOTEIO;
		break;
	default:
		err = EHOSTUNREACH;
		break;
	}
	if (!sk->recverr) {
		if (!harderr || sk->state != TCP_ESTABLISHED)
			return;
	} else {
		inet_icmp_error(sk, err, e, 0, e->transport, e->transport_len);
	}
	sk->err = err;
	inet_sock_wake(sk, NET_EV_ERR);
}

void
ping_for_each(struct inet_stack *stack, void (*fn)(struct inet_sock *, void *), void *arg)
{
	struct inet_sock *sk;

	list_for_each_entry(sk, &stack->raw->ping, node)
		fn(sk, arg);
}
