// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_INET datagram sockets over the protocol library: UDP (SOCK_DGRAM),
 * ICMP "ping" sockets (SOCK_DGRAM, IPPROTO_ICMP, as net.ipv4.
 * ping_group_range allows) and raw sockets (SOCK_RAW, root only). The
 * library keeps the protocol state in the struct inet_sock embedded here
 * and queues received datagrams on its rcvq; this file moves bytes
 * between those and the guest, blocks, and polls. With only `lo` there
 * is no wire yet: everything sent reaches this host (drivers/net comes
 * next). TCP (SOCK_STREAM) sockets are the library's struct tcp_sock
 * (tcp_sock_new, tcp_accept) behind a struct tcp_glue: the library owns
 * the connection after tcp_close and never calls wake again.
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
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/uaccess.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "kernel/net/tcp.h"
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
	return netdev_inet_ioctl(cmd, arg);
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

static int
inet_take_error(struct socket *sock)
{
	return inet_sock_error(isk(sock));
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


/* ---- TCP ---- */

struct tcp_glue {
	struct tcp_sock *tp;
	struct socket *sock;
	struct wait_queue wait;
};

static const struct proto_ops inet_stream_ops;

static struct tcp_glue *
tglue(struct socket *sock)
{
	return sock->sk;
}

static void
tcp_wake(struct inet_sock *sk, unsigned int events)
{
	struct tcp_glue *g = sk->owner;

	(void)events;
	wake_up(&g->wait);
}

static void
tcp_attach(struct tcp_glue *g, struct tcp_sock *tp)
{
	g->tp = tp;
	tp->inet.wake = tcp_wake;
	tp->inet.owner = g;
	tp->inet.uid = current->cred.euid;
}

static void
tcp_sync_opts(struct socket *sock)
{
	struct tcp_sock *tp = tglue(sock)->tp;

	tp->inet.reuse = sock->reuseaddr;
	tp->inet.reuseport = sock->reuseport;
	tp->inet.dontroute = sock->dontroute;
	tp->inet.priority = (uint32_t)sock->priority;
	tp->linger = sock->linger.l_onoff ? sock->linger.l_linger : -1;
	tcp_setsockopt(tp, SOL_SOCKET, SO_KEEPALIVE, sock->keepalive, net_now());
	tcp_setsockopt(tp, SOL_SOCKET, SO_OOBINLINE, sock->oobinline, net_now());
}

static int
tcp_glue_bind(struct socket *sock, struct sockaddr_storage *a, int len)
{
	uint32_t addr;
	uint16_t port;
	int err;

	if (len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	in_addr_of(a, &addr, &port);
	if (a->ss_family != AF_INET && (a->ss_family != AF_UNSPEC || addr != 0))
		return -EAFNOSUPPORT;
	if (port && port < 1024 && !sock_capable())
		return -EACCES;
	tcp_sync_opts(sock);
	err = tcp_bind(tglue(sock)->tp, addr, port);
	netdev_kick();
	return err;
}

static int
tcp_glue_listen(struct socket *sock, int backlog)
{
	int err;

	tcp_sync_opts(sock);
	err = tcp_listen(tglue(sock)->tp, backlog);
	netdev_kick();
	return err;
}

static int
tcp_glue_connect(struct socket *sock, struct sockaddr_storage *a, int len, int flags)
{
	struct tcp_glue *g = tglue(sock);
	struct tcp_sock *tp = g->tp;
	uint64_t timeo = (flags & O_NONBLOCK) ? 0 : sock->sndtimeo;
	uint32_t addr;
	uint16_t port;
	int err;

	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (a->ss_family == AF_UNSPEC)
		return tp->inet.state == TCP_CLOSE ? 0 : -EOPNOTSUPP;
	if (len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (a->ss_family != AF_INET)
		return -EAFNOSUPPORT;
	in_addr_of(a, &addr, &port);
	tcp_sync_opts(sock);
	if (tp->inet.state != TCP_SYN_SENT) {
		err = tcp_connect(tp, addr, port, net_now());
		netdev_kick();
		if (err)
			return err;
		/* Linux never completes a handshake inside connect: over lo it is done by now. */
		if (!timeo)
			return -EINPROGRESS;
	} else if (!timeo) {
		return -EALREADY;
	}
	if (tp->inet.state == TCP_SYN_SENT) {
		if (!timeo)
			return -EINPROGRESS;
		err = sock_wait_event(&g->wait, tp->inet.state != TCP_SYN_SENT, &timeo);
		if (err == -EAGAIN)
			return -EINPROGRESS;
		if (err)
			return err;
	}
	if (tp->inet.state == TCP_ESTABLISHED || tp->inet.state == TCP_CLOSE_WAIT)
		return 0;
	err = inet_sock_error(&tp->inet);
	return err ? -err : -ECONNABORTED;
}

static int
tcp_glue_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct tcp_glue *g = tglue(sock), *ng;
	uint64_t timeo = (flags & O_NONBLOCK) ? 0 : sock->rcvtimeo;
	struct tcp_sock *child;
	int err;

	if (g->tp->inet.state != TCP_LISTEN)
		return -EINVAL;
	while (!(child = tcp_accept(g->tp))) {
		err = sock_wait_event(&g->wait, !list_empty(&g->tp->accept_q) ||
				      g->tp->inet.state != TCP_LISTEN, &timeo);
		if (err)
			return err;
		if (g->tp->inet.state != TCP_LISTEN)
			return -EINVAL;
	}
	ng = kzalloc(sizeof(*ng));
	if (!ng) {
		tcp_close(child, net_now());
		netdev_kick();
		return -ENOMEM;
	}
	ng->sock = newsock;
	wait_queue_init(&ng->wait);
	tcp_attach(ng, child);
	newsock->sk = ng;
	newsock->ops = &inet_stream_ops;
	newsock->keepalive = sock->keepalive;
	return 0;
}

static int
tcp_glue_getname(struct socket *sock, struct sockaddr_storage *a, int peer)
{
	struct inet_sock *sk = &tglue(sock)->tp->inet;

	if (peer) {
		if (!sk->dport || ((sk->state == TCP_CLOSE || sk->state == TCP_SYN_SENT) && peer == 1))
			return -ENOTCONN;
		return put_in_addr(a, sk->daddr, sk->dport);
	}
	return put_in_addr(a, sk->rcv_saddr ? sk->rcv_saddr : sk->saddr, sk->num);
}

static int64_t
tcp_glue_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct tcp_glue *g = tglue(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->sndtimeo;
	size_t sent = 0;
	int err = 0;

	if (m->namelen && g->tp->inet.state != TCP_ESTABLISHED && g->tp->inet.state != TCP_CLOSE_WAIT)
		return -EOPNOTSUPP;
	tcp_sync_opts(sock);
	/* As Linux's sk_stream_wait_connect: wait out a handshake; otherwise unconnected is EPIPE. */
	if (g->tp->inet.state == TCP_SYN_SENT || g->tp->inet.state == TCP_SYN_RECV) {
		err = sock_wait_event(&g->wait, g->tp->inet.state != TCP_SYN_SENT &&
				      g->tp->inet.state != TCP_SYN_RECV, &timeo);
		if (err)
			return err;
	}
	if (g->tp->inet.state != TCP_ESTABLISHED && g->tp->inet.state != TCP_CLOSE_WAIT) {
		err = inet_sock_error(&g->tp->inet);
		err = err ? -err : -EPIPE;
		if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
			send_sig(SIGPIPE, current);
		return err;
	}
	while (sent < len || (!len && !sent)) {
		struct src_ctx c = { &m->iter, 0 };
		struct net_src src = { len - sent, src_copy, &c };
		int n = tcp_sendmsg(g->tp, &src, (unsigned int)flags, net_now());

		netdev_kick();
		if (n > 0) {
			sent += (size_t)n;
			continue;
		}
		if (n == 0)
			break;
		if (n != -EAGAIN) {
			err = n;
			break;
		}
		err = sock_wait_event(&g->wait, tcp_poll(g->tp) & (NET_EV_OUT | NET_EV_ERR | NET_EV_HUP),
				      &timeo);
		if (err)
			break;
	}
	if (err == -EPIPE && !sent && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	return sent ? (int64_t)sent : err;
}

struct dst_ctx {
	struct msg_iter *it;
	size_t at;
};

static int
dst_copy(void *ctx, size_t off, const void *src, size_t n)
{
	struct dst_ctx *c = ctx;

	if (off != c->at)
		return -EFAULT;
	c->at += n;
	return iter_copy_to(c->it, src, n);
}

static int64_t
tcp_glue_recvmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct tcp_glue *g = tglue(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->rcvtimeo;
	size_t target = (flags & MSG_WAITALL) ? len : 1, copied = 0;
	int err = 0;

	while (copied < len) {
		struct dst_ctx c = { &m->iter, 0 };
		struct net_dst dst = { len - copied, dst_copy, &c };
		int n = tcp_recvmsg(g->tp, &dst, (unsigned int)flags, net_now());

		netdev_kick();
		if (n > 0) {
			copied += (size_t)n;
			if (copied >= target || (flags & MSG_PEEK))
				break;
			continue;
		}
		if (n == 0 || n != -EAGAIN) {
			err = n;
			break;
		}
		if (copied >= target)
			break;
		err = sock_wait_event(&g->wait, tcp_poll(g->tp) & (NET_EV_IN | NET_EV_ERR | NET_EV_HUP),
				      &timeo);
		if (err)
			break;
	}
	return copied ? (int64_t)copied : err;
}

static unsigned int
tcp_glue_poll(struct socket *sock, struct poll_table *pt)
{
	struct tcp_glue *g = tglue(sock);
	unsigned int ev = tcp_poll(g->tp);

	poll_wait(pt, &g->wait);
	return (ev & (NET_EV_IN | NET_EV_PRI | NET_EV_OUT | NET_EV_ERR | NET_EV_HUP | NET_EV_RDHUP)) |
	       ((ev & NET_EV_IN) ? POLLRDNORM : 0) | ((ev & NET_EV_OUT) ? POLLWRNORM : 0);
}

static int
tcp_glue_shutdown(struct socket *sock, int how)
{
	int err;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	err = tcp_shutdown(tglue(sock)->tp, how, net_now());
	netdev_kick();
	wake_up(&tglue(sock)->wait);
	return err;
}

static int
tcp_glue_ioctl(struct socket *sock, unsigned int cmd, uint64_t arg)
{
	struct tcp_sock *tp = tglue(sock)->tp;
	int v;

	switch (cmd) {
	case SIOCINQ:
		if (tp->inet.state == TCP_LISTEN)
			return -EINVAL;
		v = (int)tcp_inq(tp);
		break;
	case SIOCOUTQ:
		v = (int)tcp_outq(tp);
		break;
	case SIOCATMARK:
		v = tcp_at_mark(tp);
		break;
	default:
		return netdev_inet_ioctl(cmd, arg);
	}
	return put_user(v, u64_to_uaddr(arg));
}

static int
tcp_glue_setsockopt(struct socket *sock, int level, int name, uaddr_t uval, int len)
{
	int val, err;

	if (level != SOL_TCP)
		return level == SOL_IP ? -ENOPROTOOPT : -EOPNOTSUPP;
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (get_user(val, uval))
		return -EFAULT;
	err = tcp_setsockopt(tglue(sock)->tp, SOL_TCP, name, val, net_now());
	netdev_kick();
	return err;
}

static int
tcp_glue_getsockopt(struct socket *sock, int level, int name, uaddr_t uval, uaddr_t ulen)
{
	struct tcp_sock *tp = tglue(sock)->tp;
	int len, val, err;

	if (level != SOL_TCP)
		return level == SOL_IP ? -ENOPROTOOPT : -EOPNOTSUPP;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (name == TCP_INFO) {
		struct tcp_info info;

		memset(&info, 0, sizeof(info));
		tcp_get_info(tp, &info, net_now());
		if ((size_t)len > sizeof(info))
			len = sizeof(info);
		if (copy_to_user(uval, &info, (size_t)len))
			return -EFAULT;
		return put_user(len, ulen);
	}
	err = tcp_getsockopt(tp, SOL_TCP, name, &val);
	if (err)
		return err;
	if (len > (int)sizeof(int))
		len = sizeof(int);
	if (copy_to_user(uval, &val, (size_t)len))
		return -EFAULT;
	return put_user(len, ulen);
}

static int
tcp_glue_take_error(struct socket *sock)
{
	return inet_sock_error(&tglue(sock)->tp->inet);
}

static void
tcp_glue_release(struct socket *sock)
{
	struct tcp_glue *g = tglue(sock);

	if (!g)
		return;
	tcp_sync_opts(sock);
	g->tp->inet.wake = NULL;
	g->tp->inet.owner = NULL;
	tcp_close(g->tp, net_now());
	netdev_kick();
	wake_up(&g->wait);
	kfree(g);
	sock->sk = NULL;
}

static int
tcp_glue_create(struct socket *sock)
{
	struct tcp_glue *g = kzalloc(sizeof(*g));
	struct tcp_sock *tp;

	if (!g)
		return -ENOMEM;
	tp = tcp_sock_new(&net_stack);
	if (!tp) {
		kfree(g);
		return -ENOBUFS;
	}
	g->sock = sock;
	wait_queue_init(&g->wait);
	tcp_attach(g, tp);
	sock->protocol = IPPROTO_TCP;
	sock->sk = g;
	sock->ops = &inet_stream_ops;
	return 0;
}

static const struct proto_ops inet_stream_ops = {
	.family = AF_INET, .release = tcp_glue_release, .bind = tcp_glue_bind,
	.connect = tcp_glue_connect, .accept = tcp_glue_accept, .getname = tcp_glue_getname,
	.poll = tcp_glue_poll, .ioctl = tcp_glue_ioctl, .listen = tcp_glue_listen,
	.shutdown = tcp_glue_shutdown, .setsockopt = tcp_glue_setsockopt,
	.getsockopt = tcp_glue_getsockopt, .sendmsg = tcp_glue_sendmsg,
	.recvmsg = tcp_glue_recvmsg, .take_error = tcp_glue_take_error,
};

static int
inet_create(struct socket *sock, int protocol, bool kern)
{
	struct inet_glue *g;
	int kind;

	(void)kern;
	if (protocol < 0 || protocol >= 256)
		return -EINVAL;
	switch (sock->type) {
	case SOCK_STREAM:
		if (protocol && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		return tcp_glue_create(sock);
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
	.sendmsg = inet_sendmsg, .recvmsg = inet_recvmsg, .take_error = inet_take_error,
};

static const struct net_proto_family inet_family = { .family = AF_INET, .create = inet_create };

/* ---- /proc/net/tcp, udp, raw (Linux's columns; timers and queues as far as we keep them) ---- */

struct seq {
	char *b;
	size_t n, len;
	int sl;
};

/* pad ends a line at width characters, as Linux's seq_pad. */
static void
pad(struct seq *q, size_t start, size_t width)
{
	while (q->len - start < width && q->len + 1 < q->n)
		q->b[q->len++] = ' ';
	if (q->len + 1 < q->n)
		q->b[q->len++] = '\n';
	q->b[q->len] = 0;
}

static uint64_t
sock_ino_of(const struct inet_sock *sk, bool tcp)
{
	if (!sk->owner)
		return 0;
	return tcp ? ((struct tcp_glue *)sk->owner)->sock->ino :
		     ((struct inet_glue *)sk->owner)->sock->ino;
}

static void
seq_sock(struct seq *q, const struct inet_sock *sk, uint16_t port, int state, uint32_t txq,
	 uint32_t rxq, bool tcp, size_t width)
{
	size_t start = q->len;

	q->len += (size_t)kscnprintf(q->b + q->len, q->n - q->len,
		"%*d: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000 %5u %8d %llu",
		tcp ? 4 : 5, q->sl++, htonl(sk->rcv_saddr ? sk->rcv_saddr : sk->saddr), port,
		htonl(sk->daddr), sk->dport, state, txq, rxq, sk->uid, 0,
		(unsigned long long)sock_ino_of(sk, tcp));
	pad(q, start, width);
}

static void
show_tcp_one(struct tcp_sock *tp, void *arg)
{
	seq_sock(arg, &tp->inet, tp->inet.num, tp->inet.state,
		 tp->inet.state == TCP_LISTEN ? 0 : tcp_outq(tp),
		 tp->inet.state == TCP_LISTEN ? tp->accept_len : tcp_inq(tp), true, 149);
}

static void
show_udp_one(struct udp_sock *us, void *arg)
{
	const struct pkt *p = pkt_queue_peek(&us->inet.rcvq);

	seq_sock(arg, &us->inet, us->inet.num, us->inet.state == 1 ? 1 : 7, 0, p ? p->len : 0, false,
		 127);
}

static void
show_raw_one(struct inet_sock *sk, void *arg)
{
	seq_sock(arg, sk, (uint16_t)sk->protocol, 7, 0, 0, false, 127);
}

size_t
proc_net_tcp_show(char *b, size_t n)
{
	struct seq q = { b, n, 0, 0 };
	size_t start = 0;

	q.len = (size_t)kscnprintf(b, n, "  sl  local_address rem_address   st tx_queue rx_queue tr "
				   "tm->when retrnsmt   uid  timeout inode");
	pad(&q, start, 149);
	tcp_for_each(&net_stack, show_tcp_one, &q);
	return q.len;
}

size_t
proc_net_udp_show(char *b, size_t n)
{
	struct seq q = { b, n, 0, 0 };

	q.len = (size_t)kscnprintf(b, n, "   sl  local_address rem_address   st tx_queue rx_queue tr "
				   "tm->when retrnsmt   uid  timeout inode ref pointer drops");
	pad(&q, 0, 127);
	udp_for_each(&net_stack, show_udp_one, &q);
	return q.len;
}

/* No AF_INET6 sockets exist yet: their tables are empty (netstat reads them). */
size_t
proc_net_tcp6_show(char *b, size_t n)
{
	return (size_t)kscnprintf(b, n, "  sl  local_address                         remote_address"
				  "                        st tx_queue rx_queue tr tm->when retrnsmt"
				  "   uid  timeout inode\n");
}

size_t
proc_net_udp6_show(char *b, size_t n)
{
	return (size_t)kscnprintf(b, n, "  sl  local_address                         remote_address"
				  "                        st tx_queue rx_queue tr tm->when retrnsmt"
				  "   uid  timeout inode ref pointer drops\n");
}

/* /proc/net/route: the main table's IPv4 routes, as Linux's fib_route_seq_show. */
static void
collect_main(struct fib_route *r, void *arg)
{
	struct seq *q = arg;
	uint32_t mask = r->dst_len ? 0xffffffffu << (32 - r->dst_len) : 0;
	unsigned int flags = 0x1;	/* RTF_UP */
	size_t start = q->len;

	if (r->table->id != 254 || r->type == 3 /* RTN_BROADCAST */ || r->type == 5 /* RTN_MULTICAST */)
		return;
	if (r->type == 7 || r->type == 8)	/* RTN_UNREACHABLE, RTN_PROHIBIT */
		flags = 0x0200 | 0x1;		/* RTF_REJECT */
	if (r->gw)
		flags |= 0x2;			/* RTF_GATEWAY */
	if (mask == 0xffffffffu)
		flags |= 0x4;			/* RTF_HOST */
	q->len += (size_t)kscnprintf(q->b + q->len, q->n - q->len,
		"%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
		r->dev ? r->dev->name : "*", htonl(r->dst), htonl(r->gw), flags, 0, 0u,
		(int)r->priority, htonl(mask),
		(int)(r->metrics[RTAX_ADVMSS] ? r->metrics[RTAX_ADVMSS] + 40 : 0), 0u, 0u);
	pad(q, start, 127);
}

size_t
proc_net_route_show(char *b, size_t n)
{
	struct seq q = { b, n, 0, 0 };

	q.len = (size_t)kscnprintf(b, n, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
				   "Mask\t\tMTU\tWindow\tIRTT");
	pad(&q, 0, 127);
	{
		struct fib_route **r;
		size_t cnt = fib_sorted(&r);

		for (size_t i = 0; i < cnt; i++)
			collect_main(r[i], &q);
		kfree(r);
	}
	return q.len;
}

size_t
proc_net_raw_show(char *b, size_t n)
{
	struct seq q = { b, n, 0, 0 };

	q.len = (size_t)kscnprintf(b, n, "   sl  local_address rem_address   st tx_queue rx_queue tr "
				   "tm->when retrnsmt   uid  timeout inode ref pointer drops");
	pad(&q, 0, 127);
	raw_for_each(&net_stack, show_raw_one, &q);
	return q.len;
}

void
af_inet_init(void)
{
	sock_register(&inet_family);
}
