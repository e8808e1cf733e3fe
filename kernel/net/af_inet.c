// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_INET datagram sockets over the protocol library: UDP (SOCK_DGRAM),
 * ICMP "ping" sockets (SOCK_DGRAM, IPPROTO_ICMP, as net.ipv4.
 * ping_group_range allows) and raw sockets (SOCK_RAW, root only). The
 * library keeps the protocol state in the struct inet_sock embedded here
 * and queues received datagrams on its rcvq; this file moves bytes
 * between those and the guest, blocks, and polls. With only `lo` there
 * is no wire yet: everything sent reaches this host (drivers/net comes
 * next). TCP (SOCK_STREAM) is not wired in yet: EPROTONOSUPPORT.
 *
 * The SOL_SOCKET options the library reads (SO_BROADCAST, SO_REUSEADDR,
 * SO_REUSEPORT, SO_RCVBUF, SO_DONTROUTE) live in struct socket and are
 * copied into the inet_sock before each call (sync_opts).
 *
 * Ownership: the socket owns its inet_glue; release closes the library's
 * socket (which purges its queues) and frees it. The library calls
 * wake(), which only wakes our wait queue.
 */
#include <string.h>

#include "kernel/byteorder.h"
#include "kernel/fs.h"
#include "kernel/netdev.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/uaccess.h"
#include "kernel/net/raw.h"
#include "kernel/net/udp.h"
#include "uapi/in.h"
#include "uapi/sockios.h"

enum { KIND_UDP, KIND_PING, KIND_RAW };

struct inet_glue {
	struct udp_sock us;		/* first; its inet_sock serves ping and raw too */
	struct socket *sock;
	struct wait_queue wait;
	int kind;
};

static const struct proto_ops inet_dgram_ops;

static struct inet_glue *
glue(struct socket *sock)
{
	return sock->sk;
}

static struct inet_sock *
isk(struct socket *sock)
{
	return &glue(sock)->us.inet;
}

static void
inet_wake(struct inet_sock *sk, unsigned int events)
{
	struct inet_glue *g = sk->owner;

	(void)events;
	wake_up(&g->wait);
}

static void
sync_opts(struct socket *sock)
{
	struct inet_sock *sk = isk(sock);

	sk->broadcast = sock->broadcast;
	sk->reuse = sock->reuseaddr;
	sk->reuseport = sock->reuseport;
	sk->dontroute = sock->dontroute;
	sk->rcvbuf = (unsigned int)sock->rcvbuf;
	sk->sndbuf = (unsigned int)sock->sndbuf;
	sk->priority = (uint32_t)sock->priority;
}

/* in_addr_of: the host-order address and port of a guest sockaddr_in already checked for length. */
static void
in_addr_of(const struct sockaddr_storage *a, uint32_t *addr, uint16_t *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)a;

	*addr = ntohl(sin->sin_addr.s_addr);
	*port = ntohs(sin->sin_port);
}

static int
put_in_addr(struct sockaddr_storage *a, uint32_t addr, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)a;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(addr);
	return sizeof(*sin);
}

static int
inet_bind(struct socket *sock, struct sockaddr_storage *a, int len)
{
	struct inet_glue *g = glue(sock);
	uint32_t addr;
	uint16_t port;
	int err;

	if (len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (a->ss_family != AF_INET) {
		in_addr_of(a, &addr, &port);
		if (a->ss_family != AF_UNSPEC || addr != 0)
			return -EAFNOSUPPORT;
	}
	in_addr_of(a, &addr, &port);
	if (g->kind == KIND_UDP && port && port < 1024 && !sock_capable())
		return -EACCES;
	sync_opts(sock);
	if (g->kind == KIND_UDP)
		err = udp_bind(&g->us, addr, port);
	else if (g->kind == KIND_PING)
		err = ping_bind(&g->us.inet, addr, port);
	else
		err = raw_bind(&g->us.inet, addr);
	netdev_kick();
	return err;
}

static int
inet_connect(struct socket *sock, struct sockaddr_storage *a, int len, int flags)
{
	struct inet_glue *g = glue(sock);
	uint32_t addr;
	uint16_t port;
	int err;

	(void)flags;
	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	sync_opts(sock);
	if (a->ss_family == AF_UNSPEC) {
		if (g->kind == KIND_UDP)
			return udp_disconnect(&g->us);
		return g->kind == KIND_PING ? ping_connect(&g->us.inet, 0) :
					      raw_connect(&g->us.inet, 0);
	}
	if (len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (a->ss_family != AF_INET)
		return -EAFNOSUPPORT;
	in_addr_of(a, &addr, &port);
	if (g->kind == KIND_UDP)
		err = udp_connect(&g->us, addr, port, net_now());
	else if (g->kind == KIND_PING)
		err = ping_connect(&g->us.inet, addr);
	else
		err = raw_connect(&g->us.inet, addr);
	netdev_kick();
	return err;
}

static int
inet_getname(struct socket *sock, struct sockaddr_storage *a, int peer)
{
	struct inet_sock *sk = isk(sock);

	if (peer) {
		if (sk->state != 1 /* TCP_ESTABLISHED */ && !(peer == 2 && sk->daddr))
			return -ENOTCONN;
		return put_in_addr(a, sk->daddr, sk->dport);
	}
	return put_in_addr(a, sk->rcv_saddr ? sk->rcv_saddr : sk->saddr, sk->num);
}

/* The library's copy callback over our msg_iter: offsets only increase. */
struct src_ctx {
	struct msg_iter *it;
	size_t at;
};

static int
src_copy(void *ctx, void *dst, size_t off, size_t len)
{
	struct src_ctx *c = ctx;

	if (off != c->at)
		return -EFAULT;
	c->at += len;
	return iter_copy_from(c->it, dst, len);
}

static int64_t
inet_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct inet_glue *g = glue(sock);
	struct src_ctx c = { &m->iter, 0 };
	struct net_src src = { len, src_copy, &c };
	int err;

	sync_opts(sock);
	if (m->namelen) {
		if (m->namelen < (int)sizeof(struct sockaddr_in))
			return -EINVAL;
		if (m->name->ss_family != AF_INET && m->name->ss_family != AF_UNSPEC)
			return -EAFNOSUPPORT;
	}
	if (g->kind == KIND_UDP) {
		struct udp_send_args a = { .ttl = -1, .tos = -1, .flags = (unsigned int)flags };

		if (m->namelen) {
			a.has_dest = true;
			in_addr_of(m->name, &a.daddr, &a.dport);
		}
		err = udp_sendmsg(&g->us, &src, &a, net_now());
	} else {
		struct raw_send_args a = { .ttl = -1, .tos = -1, .flags = (unsigned int)flags };
		uint16_t port;

		if (m->namelen) {
			a.has_dest = true;
			in_addr_of(m->name, &a.daddr, &port);
		}
		err = g->kind == KIND_PING ? ping_sendmsg(&g->us.inet, &src, &a, net_now()) :
					     raw_sendmsg(&g->us.inet, &src, &a, net_now());
	}
	netdev_kick();
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	return err;
}

static int64_t
inet_recvmsg(struct socket *sock, struct sock_msg *m, size_t size, int flags)
{
	struct inet_glue *g = glue(sock);
	struct inet_sock *sk = isk(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->rcvtimeo;
	struct inet_recv_info ri;
	struct pkt *p;
	size_t n;
	int err;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	while (pkt_queue_empty(&sk->rcvq)) {
		if (!timeo)
			return -EAGAIN;
		err = inet_sock_error(sk);
		if (err)
			return -err;
		if (sk->shutdown & RCV_SHUTDOWN)
			return 0;
		err = sock_wait_event(&g->wait, !pkt_queue_empty(&sk->rcvq) || sk->err ||
				      (sk->shutdown & RCV_SHUTDOWN), &timeo);
		if (err && err != -EAGAIN)
			return err;
	}
	p = (flags & MSG_PEEK) ? pkt_queue_peek(&sk->rcvq) : inet_sock_dequeue(sk);
	n = p->len;
	if (size < n) {
		m->flags |= MSG_TRUNC;
		n = size;
	}
	err = iter_copy_to(&m->iter, p->data, n) ? -EFAULT :
	      (flags & MSG_TRUNC) ? (int)p->len : (int)n;
	if (m->name) {
		inet_recv_info(p, &ri);
		m->namelen = put_in_addr(m->name, ri.saddr, ri.sport);
	}
	if (!(flags & MSG_PEEK))
		pkt_free(p);
	return err;
}

static unsigned int
inet_poll(struct socket *sock, struct poll_table *pt)
{
	struct inet_glue *g = glue(sock);
	unsigned int ev = inet_sock_poll(isk(sock)), mask = 0;

	poll_wait(pt, &g->wait);
	if (ev & NET_EV_IN)
		mask |= POLLIN | POLLRDNORM;
	if (ev & NET_EV_OUT)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	if (ev & NET_EV_ERR)
		mask |= POLLERR;
	if (ev & NET_EV_HUP)
		mask |= POLLHUP;
	if (ev & NET_EV_RDHUP)
		mask |= POLLRDHUP;
	if (sock->err)
		mask |= POLLERR;
	return mask;
}

static int
inet_shutdown(struct socket *sock, int how)
{
	struct inet_sock *sk = isk(sock);
	int err = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (sk->state != 1)
		err = -ENOTCONN;
	sk->shutdown |= (unsigned int)how + 1;
	wake_up(&glue(sock)->wait);
	return err;
}

static int
inet_ioctl(struct socket *sock, unsigned int cmd, uint64_t arg)
{
	struct inet_sock *sk = isk(sock);
	int amount = 0;
	struct pkt *p;

	switch (cmd) {
	case SIOCINQ:
		p = pkt_queue_peek(&sk->rcvq);
		if (p)
			amount = (int)p->len;
		return put_user(amount, u64_to_uaddr(arg));
	case SIOCOUTQ:
		return put_user(amount, u64_to_uaddr(arg));
	}
	return -ENOIOCTLCMD;
}

static int
inet_setsockopt(struct socket *sock, int level, int name, uaddr_t uval, int len)
{
	struct inet_sock *sk = isk(sock);
	int val = 0;

	if (level != SOL_IP)
		return -ENOPROTOOPT;
	if (len >= (int)sizeof(int)) {
		if (get_user(val, uval))
			return -EFAULT;
	} else if (len >= 1) {
		uint8_t b;

		if (get_user(b, uval))
			return -EFAULT;
		val = b;
	} else {
		return -EINVAL;
	}
	switch (name) {
	case IP_TTL:
		if (val != -1 && (val < 1 || val > 255))
			return -EINVAL;
		sk->uc_ttl = val;
		return 0;
	case IP_TOS:
		sk->tos = (uint8_t)val;
		return 0;
	case IP_RECVERR:
		sk->recverr = val != 0;
		return 0;
	case IP_HDRINCL:
		if (glue(sock)->kind != KIND_RAW)
			return -ENOPROTOOPT;
		sk->hdrincl = val != 0;
		return 0;
	}
	return -ENOPROTOOPT;
}

static int
inet_getsockopt(struct socket *sock, int level, int name, uaddr_t uval, uaddr_t ulen)
{
	struct inet_sock *sk = isk(sock);
	int len, val;

	if (level != SOL_IP)
		return -EOPNOTSUPP;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	switch (name) {
	case IP_TTL:
		val = sk->uc_ttl < 0 ? 64 : sk->uc_ttl;
		break;
	case IP_TOS:
		val = sk->tos;
		break;
	case IP_RECVERR:
		val = sk->recverr;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (len > (int)sizeof(int))
		len = sizeof(int);
	if (copy_to_user(uval, &val, (size_t)len))
		return -EFAULT;
	return put_user(len, ulen);
}

static void
inet_release(struct socket *sock)
{
	struct inet_glue *g = glue(sock);

	if (!g)
		return;
	if (g->kind == KIND_UDP)
		udp_close(&g->us);
	else if (g->kind == KIND_PING)
		ping_close(&g->us.inet);
	else
		raw_close(&g->us.inet);
	netdev_kick();
	wake_up(&g->wait);
	kfree(g);
	sock->sk = NULL;
}

static int
inet_create(struct socket *sock, int protocol, bool kern)
{
	struct inet_glue *g;
	int kind;

	(void)kern;
	if (protocol < 0 || protocol >= 256)
		return -EINVAL;
	switch (sock->type) {
	case SOCK_DGRAM:
		if (protocol == 0 || protocol == IPPROTO_UDP) {
			kind = KIND_UDP;
			protocol = IPPROTO_UDP;
		} else if (protocol == IPPROTO_ICMP) {
			if (!ping_group_allowed(&net_stack, current->cred.gid))
				return -EACCES;
			kind = KIND_PING;
		} else {
			return -EPROTONOSUPPORT;
		}
		break;
	case SOCK_RAW:
		if (!sock_capable())
			return -EPERM;
		if (!protocol)
			return -EPROTONOSUPPORT;
		kind = KIND_RAW;
		break;
	default:
		return -EPROTONOSUPPORT;
	}
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->sock = sock;
	g->kind = kind;
	wait_queue_init(&g->wait);
	if (kind == KIND_UDP)
		udp_sock_init(&g->us, &net_stack);
	else if (kind == KIND_PING)
		ping_sock_init(&g->us.inet, &net_stack);
	else
		raw_sock_init(&g->us.inet, &net_stack, protocol);
	g->us.inet.wake = inet_wake;
	g->us.inet.owner = g;
	g->us.inet.uid = current->cred.euid;
	sock->protocol = protocol;
	sock->sk = g;
	sock->ops = &inet_dgram_ops;
	return 0;
}

static const struct proto_ops inet_dgram_ops = {
	.family = AF_INET, .release = inet_release, .bind = inet_bind, .connect = inet_connect,
	.getname = inet_getname, .poll = inet_poll, .ioctl = inet_ioctl, .shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt, .getsockopt = inet_getsockopt,
	.sendmsg = inet_sendmsg, .recvmsg = inet_recvmsg,
};

static const struct net_proto_family inet_family = { .family = AF_INET, .create = inet_create };

void
af_inet_init(void)
{
	sock_register(&inet_family);
}
