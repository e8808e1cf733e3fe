// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_NETLINK sockets, NETLINK_ROUTE only: what iproute2 and busybox `ip`
 * ask of rtnetlink. A request sent to the kernel (port 0) is handled
 * during the send, as Linux handles rtnetlink synchronously: the replies
 * (dump parts, each up to NL_CHUNK bytes, then NLMSG_DONE; single answers;
 * acks and errors) are queued on the sender as datagrams and read with
 * recvmsg. The messages are the protocol library's (kernel/net/ipv4/
 * rtnl_ipv4.c, ipv6/rtnl_ipv6.c), built as Linux 6.1 builds them.
 *
 * Handled: RTM_GETLINK (dump, or one by index or name), RTM_GETADDR and
 * RTM_GETROUTE dumps (IPv4 and IPv6), RTM_GETNEIGH, RTM_GETRULE and
 * RTM_GETNETCONF dumps (empty), RTM_NEWLINK (flags, MTU), RTM_NEWADDR,
 * RTM_DELADDR, RTM_NEWROUTE and RTM_DELROUTE for IPv4; the rest is
 * EOPNOTSUPP. Multicast groups
 * (bind's nl_groups, NETLINK_ADD_MEMBERSHIP) get the stack's change
 * notifications (netdev.c's notify callbacks) for `ip monitor`.
 *
 * Ownership: the socket owns its netlink_sock and the queued messages;
 * release frees them. Sockets to other processes (a nonzero nl_pid) get
 * the bytes as one datagram.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/netdev.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/uaccess.h"
#include "kernel/net/rtnl.h"
#include "uapi/if_addr.h"
#include "uapi/if_link.h"
#include "uapi/netlink.h"
#include "uapi/rtnetlink.h"

#define NL_CHUNK	16384
#define NL_MAX_GROUPS	32

struct nl_skb {
	struct list_head node;
	size_t len;
	uint32_t portid, group;		/* sender: 0 for the kernel; the group of a notification */
	uint8_t data[];
};

struct netlink_sock {
	struct socket *sock;
	uint32_t portid;
	bool bound;
	uint32_t groups;		/* bit n - 1: group n */
	uint32_t dst_portid, dst_group;
	bool ext_ack, cap_ack, strict, pktinfo, no_enobufs;
	struct list_head rcvq;
	size_t rcv_bytes;
	struct wait_queue wait;
	struct list_head all;
};

static LIST_HEAD(nl_socks);
static const struct proto_ops netlink_ops;

static struct netlink_sock *
nl_sk(struct socket *sock)
{
	return sock->sk;
}

static struct netlink_sock *
nl_find(uint32_t portid)
{
	struct netlink_sock *n;

	list_for_each_entry(n, &nl_socks, all)
		if (n->bound && n->portid == portid)
			return n;
	return NULL;
}

/* nl_queue puts a copy of len bytes on n's queue; a full queue drops it (ENOBUFS for a notification). */
static int
nl_queue(struct netlink_sock *n, const void *data, size_t len, uint32_t portid, uint32_t group)
{
	struct nl_skb *skb;

	if (group && n->rcv_bytes > (size_t)n->sock->rcvbuf) {
		if (!n->no_enobufs)
			n->sock->err = ENOBUFS;
		wake_up(&n->wait);
		return -ENOBUFS;
	}
	skb = kmalloc(sizeof(*skb) + len);
	if (!skb)
		return -ENOMEM;
	skb->len = len;
	skb->portid = portid;
	skb->group = group;
	memcpy(skb->data, data, len);
	list_add_tail(&skb->node, &n->rcvq);
	n->rcv_bytes += len;
	wake_up(&n->wait);
	return 0;
}

/* ---- the rtnetlink requests ---- */

struct rtnl_ctx {
	struct netlink_sock *n;
	uint8_t *buf;
	struct nl_buf b;
	int err;
};

static void
ctx_flush(struct rtnl_ctx *c)
{
	if (c->b.len && !c->err)
		c->err = nl_queue(c->n, c->buf, c->b.len, 0, 0);
	nl_buf_init(&c->b, c->buf, NL_CHUNK);
}

/* dump_put runs fill; when the part is full it is queued and fill runs again on a fresh one. */
#define dump_put(c, fill)						\
	do {								\
		if ((fill) == -EMSGSIZE) {				\
			ctx_flush(c);					\
			(void)(fill);					\
		}							\
	} while (0)

struct route_walk {
	struct rtnl_ctx *c;
	const struct nlmsghdr *req;
};

/* IPv4 routes are dumped in the order of Linux's tables and tries (fib_sorted). */
static void
dump_routes4(struct rtnl_ctx *c, const struct nlmsghdr *req)
{
	struct fib_route **r;
	size_t n = fib_sorted(&r);

	for (size_t i = 0; i < n; i++)
		dump_put(c, rtnl_fill_route(&c->b, r[i], RTM_NEWROUTE, c->n->portid,
					    req->nlmsg_seq, NLM_F_MULTI));
	kfree(r);
}

static void
walk_route6(struct rt6_route *r, void *arg)
{
	struct route_walk *w = arg;

	dump_put(w->c, rtnl_fill_route6(&w->c->b, r, RTM_NEWROUTE, w->c->n->portid,
					w->req->nlmsg_seq, NLM_F_MULTI, net_now()));
}

static int
dump(struct rtnl_ctx *c, const struct nlmsghdr *nlh)
{
	uint8_t family = nlh->nlmsg_len >= NLMSG_HDRLEN + 1 ?
			 *(const uint8_t *)nlmsg_data(nlh) : AF_UNSPEC;
	uint32_t portid = c->n->portid, seq = nlh->nlmsg_seq;
	struct net_if *ifp;
	struct route_walk w = { c, nlh };
	uint64_t now = net_now();

	switch (nlh->nlmsg_type) {
	case RTM_GETLINK:
		list_for_each_entry(ifp, &net_stack.ifaces, node)
			dump_put(c, rtnl_fill_link(&c->b, ifp, RTM_NEWLINK, portid, seq, NLM_F_MULTI,
						   now));
		break;
	case RTM_GETADDR:
		list_for_each_entry(ifp, &net_stack.ifaces, node) {
			struct in_ifaddr *ifa;

			if (family != AF_UNSPEC && family != AF_INET)
				break;
			list_for_each_entry(ifa, &ifp->in.addrs, node)
				dump_put(c, rtnl_fill_ifaddr(&c->b, ifa, ifp, RTM_NEWADDR, portid, seq,
							     NLM_F_MULTI, now));
		}
		list_for_each_entry(ifp, &net_stack.ifaces, node) {
			struct inet6_ifaddr *ifa6;

			if ((family != AF_UNSPEC && family != AF_INET6) || !ifp->in6)
				break;
			list_for_each_entry(ifa6, &ifp->in6->addrs, node)
				dump_put(c, rtnl_fill_ifaddr6(&c->b, ifa6, RTM_NEWADDR, portid, seq,
							      NLM_F_MULTI, now));
		}
		break;
	case RTM_GETROUTE:
		if (family == AF_UNSPEC || family == AF_INET)
			dump_routes4(c, nlh);
		if (family == AF_UNSPEC || family == AF_INET6)
			rt6_for_each(&net_stack, walk_route6, &w);
		break;
	case RTM_GETNEIGH:
	case RTM_GETRULE:
	case RTM_GETNETCONF:
		break;
	default:
		return -EOPNOTSUPP;
	}
	dump_put(c, netlink_done_put(&c->b, portid, seq, 0));
	ctx_flush(c);
	return c->err ? c->err : -EINTR;	/* the dump is answered: no ack */
}

static struct net_if *
link_of(const struct nlmsghdr *nlh, struct nlattr **tb, int *err)
{
	const struct ifinfomsg *ifi = nlmsg_data(nlh);
	struct net_if *ifp = NULL;
	char name[IFNAMSIZ];

	*err = nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, ifla_policy, 0, NULL);
	if (*err)
		return NULL;
	if (ifi->ifi_index > 0)
		ifp = inet_if_by_index(&net_stack, ifi->ifi_index);
	else if (tb[IFLA_IFNAME] && nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name)) > 0)
		ifp = inet_if_by_name(&net_stack, name);
	*err = ifp ? 0 : -ENODEV;
	return ifp;
}

static int
new_link(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = nlmsg_data(nlh);
	struct nlattr *tb[IFLA_MAX + 1];
	int err;
	struct net_if *ifp = link_of(nlh, tb, &err);

	if (!ifp)
		return err;
	if (tb[IFLA_MTU]) {
		err = inet_if_set_mtu(ifp, nla_get_u32(tb[IFLA_MTU]), net_now());
		if (err)
			return err;
	}
	if (ifi->ifi_change || ifi->ifi_flags) {
		unsigned int change = ifi->ifi_change ? ifi->ifi_change : 0xffffffffu;
		unsigned int flags = (ifp->flags & ~change) | (ifi->ifi_flags & change);

		err = netdev_set_flags(ifp, flags);
	}
	return err;
}

static int
addr4(const struct nlmsghdr *nlh, bool add)
{
	const struct ifaddrmsg *m = nlmsg_data(nlh);
	struct nlattr *tb[IFA_MAX + 1];
	struct net_if *ifp;
	struct in_ifaddr *ifa;
	char label[IFNAMSIZ] = "";
	uint32_t local;
	int err = nlmsg_parse(nlh, sizeof(*m), tb, IFA_MAX, ifa_ipv4_policy, 0, NULL);

	if (err)
		return err;
	if (m->ifa_prefixlen > 32)
		return -EINVAL;
	ifp = inet_if_by_index(&net_stack, (int)m->ifa_index);
	if (!ifp)
		return -ENODEV;
	if (!tb[IFA_LOCAL] && !tb[IFA_ADDRESS])
		return -EINVAL;
	local = nla_get_be32(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS]);
	if (tb[IFA_LABEL])
		nla_strscpy(label, tb[IFA_LABEL], sizeof(label));
	if (!add) {
		err = inet_addr_del(ifp, local, m->ifa_prefixlen, label[0] ? label : NULL, net_now());
		netdev_kick();
		return err;
	}
	ifa = kzalloc(sizeof(*ifa));
	if (!ifa)
		return -ENOMEM;
	ifa->local = local;
	ifa->address = tb[IFA_ADDRESS] ? nla_get_be32(tb[IFA_ADDRESS]) : local;
	ifa->prefixlen = m->ifa_prefixlen;
	ifa->mask = m->ifa_prefixlen ? 0xffffffffu << (32 - m->ifa_prefixlen) : 0;
	ifa->scope = m->ifa_scope;
	ifa->flags = m->ifa_flags;
	ifa->broadcast = tb[IFA_BROADCAST] ? nla_get_be32(tb[IFA_BROADCAST]) : 0;
	ifa->valid_lft = ifa->preferred_lft = 0xffffffff;
	strcpy(ifa->label, label[0] ? label : ifp->name);
	err = inet_addr_add(ifp, ifa, net_now());	/* takes ifa, even on failure */
	netdev_kick();
	return err;
}

/* route4 is RTM_NEWROUTE/DELROUTE for IPv4, as Linux's rtm_to_fib_config reads the request. */
static int
route4(const struct nlmsghdr *nlh, bool add)
{
	const struct rtmsg *rtm = nlmsg_data(nlh);
	struct nlattr *tb[RTA_MAX + 1];
	struct fib_config cfg;
	int err = nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, rtm_ipv4_policy, 0, NULL);

	if (err)
		return err;
	if (rtm->rtm_dst_len > 32)
		return -EINVAL;
	memset(&cfg, 0, sizeof(cfg));
	cfg.table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	cfg.dst = tb[RTA_DST] ? nla_get_be32(tb[RTA_DST]) : 0;
	cfg.dst_len = rtm->rtm_dst_len;
	cfg.tos = rtm->rtm_tos;
	cfg.type = rtm->rtm_type;
	cfg.scope = rtm->rtm_scope;
	cfg.protocol = rtm->rtm_protocol;
	cfg.nh_flags = rtm->rtm_flags;
	cfg.nlflags = nlh->nlmsg_flags;
	if (tb[RTA_PRIORITY])
		cfg.priority = nla_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_PREFSRC])
		cfg.prefsrc = nla_get_be32(tb[RTA_PREFSRC]);
	if (tb[RTA_GATEWAY])
		cfg.gw = nla_get_be32(tb[RTA_GATEWAY]);
	if (tb[RTA_OIF])
		cfg.oif = (int)nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_METRICS]) {
		struct nlattr *mx[RTAX_MAX + 1];

		err = nla_parse_nested(mx, RTAX_MAX, tb[RTA_METRICS], rtm_metrics_policy, 0, NULL);
		if (err)
			return err;
		for (int i = 1; i <= RTAX_MAX; i++)
			if (mx[i])
				cfg.metrics[i] = nla_get_u32(mx[i]);
	}
	err = add ? fib_route_add(&net_stack, &cfg) : fib_route_del(&net_stack, &cfg);
	netdev_kick();
	return err;
}

static int
rtnl_handler(void *ctx, const struct nlmsghdr *nlh, struct nl_extack *ext)
{
	struct rtnl_ctx *c = ctx;
	size_t hdrlen = rtnl_msg_hdrlen(nlh->nlmsg_type);
	struct nlattr *tb[IFLA_MAX + 1];
	struct net_if *ifp;
	int err;

	(void)ext;
	if (!hdrlen)
		return -EOPNOTSUPP;
	if ((nlh->nlmsg_type & 3) == 2 && (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return dump(c, nlh);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + hdrlen)
		return -EINVAL;
	switch (nlh->nlmsg_type) {
	case RTM_GETLINK:
		ifp = link_of(nlh, tb, &err);
		if (!ifp)
			return err;
		ctx_flush(c);
		err = rtnl_fill_link(&c->b, ifp, RTM_NEWLINK, c->n->portid, nlh->nlmsg_seq, 0,
				     net_now());
		ctx_flush(c);
		return err;
	case RTM_NEWLINK:
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (!sock_capable())
			return -EPERM;
		if (nlh->nlmsg_type == RTM_NEWLINK)
			return new_link(nlh);
		if (nlh->nlmsg_type == RTM_NEWROUTE || nlh->nlmsg_type == RTM_DELROUTE) {
			if (((const struct rtmsg *)nlmsg_data(nlh))->rtm_family != AF_INET)
				return -EOPNOTSUPP;
			return route4(nlh, nlh->nlmsg_type == RTM_NEWROUTE);
		}
		if (((const struct ifaddrmsg *)nlmsg_data(nlh))->ifa_family != AF_INET)
			return -EOPNOTSUPP;
		return addr4(nlh, nlh->nlmsg_type == RTM_NEWADDR);
	}
	return -EOPNOTSUPP;
}

static void
rtnl_ack(void *ctx, const struct nlmsghdr *nlh, int err, const struct nl_extack *ext)
{
	struct rtnl_ctx *c = ctx;

	ctx_flush(c);
	if (netlink_ack_put(&c->b, nlh, err, c->n->portid, c->n->cap_ack, c->n->ext_ack, ext))
		return;
	ctx_flush(c);
}

/* ---- notifications to the groups ---- */

static void
broadcast(uint32_t group, const struct nl_buf *b)
{
	struct netlink_sock *n;

	if (!b->len || !group || group > NL_MAX_GROUPS)
		return;
	list_for_each_entry(n, &nl_socks, all)
		if (n->groups & (1u << (group - 1)))
			nl_queue(n, b->data, b->len, 0, group);
}

void
rtnl_notify4(int type, const void *obj, struct net_if *ifp)
{
	static uint8_t buf[4096];
	struct nl_buf b;
	uint32_t group = 0;

	if (list_empty(&nl_socks))
		return;
	nl_buf_init(&b, buf, sizeof(buf));
	switch (type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		group = RTNLGRP_LINK;
		rtnl_fill_link(&b, ifp, (uint16_t)type, 0, 0, 0, net_now());
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		group = RTNLGRP_IPV4_IFADDR;
		rtnl_fill_ifaddr(&b, obj, ifp, (uint16_t)type, 0, 0, 0, net_now());
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		group = RTNLGRP_IPV4_ROUTE;
		rtnl_fill_route(&b, obj, (uint16_t)type, 0, 0, 0);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		group = RTNLGRP_NEIGH;
		rtnl_fill_neigh(&b, obj, (uint16_t)type, 0, 0, 0, net_now());
		break;
	}
	broadcast(group, &b);
}

void
rtnl_notify6(int type, const void *obj, struct net_if *ifp)
{
	static uint8_t buf[4096];
	struct nl_buf b;
	uint32_t group = 0;

	(void)ifp;
	if (list_empty(&nl_socks))
		return;
	nl_buf_init(&b, buf, sizeof(buf));
	switch (type) {
	case RTM_NEWADDR:
	case RTM_DELADDR:
		group = RTNLGRP_IPV6_IFADDR;
		rtnl_fill_ifaddr6(&b, obj, (uint16_t)type, 0, 0, 0, net_now());
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		group = RTNLGRP_IPV6_ROUTE;
		rtnl_fill_route6(&b, obj, (uint16_t)type, 0, 0, 0, net_now());
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		group = RTNLGRP_NEIGH;
		rtnl_fill_neigh(&b, obj, (uint16_t)type, 0, 0, 0, net_now());
		break;
	}
	broadcast(group, &b);
}

/* ---- the socket ---- */

/* autobind: the process id as port, or a negative one if that is taken, as Linux. */
static void
nl_autobind(struct netlink_sock *n)
{
	static int32_t rover = -4096;
	uint32_t id = (uint32_t)current->tgid;

	if (n->bound)
		return;
	while (nl_find(id))
		id = (uint32_t)rover--;
	n->portid = id;
	n->bound = true;
}

static int
nl_bind(struct socket *sock, struct sockaddr_storage *a, int len)
{
	struct netlink_sock *n = nl_sk(sock);
	struct sockaddr_nl *nl = (struct sockaddr_nl *)a;

	if (len < (int)sizeof(*nl))
		return -EINVAL;
	if (nl->nl_family != AF_NETLINK)
		return -EINVAL;
	if (nl->nl_groups && !sock_capable())
		return -EPERM;
	if (n->bound && nl->nl_pid != n->portid)
		return -EINVAL;
	if (!n->bound) {
		if (nl->nl_pid) {
			if (nl_find(nl->nl_pid))
				return -EADDRINUSE;
			n->portid = nl->nl_pid;
			n->bound = true;
		} else {
			nl_autobind(n);
		}
	}
	n->groups = nl->nl_groups;
	return 0;
}

static int
nl_connect(struct socket *sock, struct sockaddr_storage *a, int len, int flags)
{
	struct netlink_sock *n = nl_sk(sock);
	struct sockaddr_nl *nl = (struct sockaddr_nl *)a;

	(void)flags;
	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (nl->nl_family == AF_UNSPEC) {
		n->dst_portid = n->dst_group = 0;
		return 0;
	}
	if (nl->nl_family != AF_NETLINK || len < (int)sizeof(*nl))
		return -EINVAL;
	nl_autobind(n);
	n->dst_portid = nl->nl_pid;
	n->dst_group = nl->nl_groups ? 1 : 0;
	return 0;
}

static int
nl_getname(struct socket *sock, struct sockaddr_storage *a, int peer)
{
	struct netlink_sock *n = nl_sk(sock);
	struct sockaddr_nl *nl = (struct sockaddr_nl *)a;

	memset(nl, 0, sizeof(*nl));
	nl->nl_family = AF_NETLINK;
	if (peer) {
		nl->nl_pid = n->dst_portid;
		nl->nl_groups = n->dst_group;
	} else {
		nl->nl_pid = n->portid;
		nl->nl_groups = n->groups;
	}
	return sizeof(*nl);
}

static int64_t
nl_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct netlink_sock *n = nl_sk(sock);
	uint32_t dst = n->dst_portid;
	struct rtnl_ctx c = { .n = n };
	uint8_t *data;
	int err;

	(void)flags;
	if (m->namelen) {
		struct sockaddr_nl *nl = (struct sockaddr_nl *)m->name;

		if (m->namelen < (int)sizeof(*nl) || nl->nl_family != AF_NETLINK)
			return -EINVAL;
		dst = nl->nl_pid;
	}
	nl_autobind(n);
	if (len > (size_t)sock->sndbuf - 32)
		return -EMSGSIZE;
	data = kmalloc(len + 1);
	if (!data)
		return -ENOBUFS;
	if (iter_copy_from(&m->iter, data, len)) {
		kfree(data);
		return -EFAULT;
	}
	if (dst) {
		struct netlink_sock *to = nl_find(dst);

		err = to ? nl_queue(to, data, len, n->portid, 0) : -ECONNREFUSED;
		kfree(data);
		return err ? err : (int64_t)len;
	}
	c.buf = kmalloc(NL_CHUNK);
	if (!c.buf) {
		kfree(data);
		return -ENOBUFS;
	}
	nl_buf_init(&c.b, c.buf, NL_CHUNK);
	netlink_rcv_loop(data, len, rtnl_handler, rtnl_ack, &c);
	ctx_flush(&c);
	kfree(c.buf);
	kfree(data);
	return (int64_t)len;
}

static int64_t
nl_recvmsg(struct socket *sock, struct sock_msg *m, size_t size, int flags)
{
	struct netlink_sock *n = nl_sk(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->rcvtimeo;
	struct nl_skb *skb;
	size_t copy;
	int err;

	while (list_empty(&n->rcvq)) {
		if (sock->err) {
			err = -sock->err;
			sock->err = 0;
			return err;
		}
		err = sock_wait_event(&n->wait, !list_empty(&n->rcvq) || sock->err, &timeo);
		if (err)
			return err;
	}
	skb = list_first_entry(&n->rcvq, struct nl_skb, node);
	copy = skb->len < size ? skb->len : size;
	if (copy < skb->len)
		m->flags |= MSG_TRUNC;
	if (iter_copy_to(&m->iter, skb->data, copy))
		return -EFAULT;
	if (m->name) {
		struct sockaddr_nl *nl = (struct sockaddr_nl *)m->name;

		memset(nl, 0, sizeof(*nl));
		nl->nl_family = AF_NETLINK;
		nl->nl_pid = skb->portid;
		nl->nl_groups = skb->group ? 1u << (skb->group - 1) : 0;
		m->namelen = sizeof(*nl);
	}
	err = (flags & MSG_TRUNC) ? (int)skb->len : (int)copy;
	if (!(flags & MSG_PEEK)) {
		list_del(&skb->node);
		n->rcv_bytes -= skb->len;
		kfree(skb);
	}
	return err;
}

static unsigned int
nl_poll(struct socket *sock, struct poll_table *pt)
{
	struct netlink_sock *n = nl_sk(sock);
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(pt, &n->wait);
	if (!list_empty(&n->rcvq))
		mask |= POLLIN | POLLRDNORM;
	if (sock->err)
		mask |= POLLERR;
	return mask;
}

static int
nl_setsockopt(struct socket *sock, int level, int name, uaddr_t uval, int len)
{
	struct netlink_sock *n = nl_sk(sock);
	unsigned int val = 0;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (len >= (int)sizeof(int) && get_user(val, uval))
		return -EFAULT;
	switch (name) {
	case NETLINK_ADD_MEMBERSHIP:
	case NETLINK_DROP_MEMBERSHIP:
		if (len < (int)sizeof(int))
			return -EINVAL;
		if (!val || val > NL_MAX_GROUPS)
			return -EINVAL;
		if (name == NETLINK_ADD_MEMBERSHIP) {
			nl_autobind(n);
			n->groups |= 1u << (val - 1);
		} else {
			n->groups &= ~(1u << (val - 1));
		}
		return 0;
	case NETLINK_PKTINFO:
	case NETLINK_NO_ENOBUFS:
	case NETLINK_CAP_ACK:
	case NETLINK_EXT_ACK:
	case NETLINK_GET_STRICT_CHK:
	case NETLINK_LISTEN_ALL_NSID:
	case NETLINK_BROADCAST_ERROR:
		if (len < (int)sizeof(int))
			return -EINVAL;
		if (name == NETLINK_PKTINFO)
			n->pktinfo = val;
		else if (name == NETLINK_NO_ENOBUFS)
			n->no_enobufs = val;
		else if (name == NETLINK_CAP_ACK)
			n->cap_ack = val;
		else if (name == NETLINK_EXT_ACK)
			n->ext_ack = val;
		else if (name == NETLINK_GET_STRICT_CHK)
			n->strict = val;
		return 0;
	}
	return -ENOPROTOOPT;
}

static int
nl_getsockopt(struct socket *sock, int level, int name, uaddr_t uval, uaddr_t ulen)
{
	struct netlink_sock *n = nl_sk(sock);
	int len, val;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < (int)sizeof(int))
		return -EINVAL;
	switch (name) {
	case NETLINK_PKTINFO: val = n->pktinfo; break;
	case NETLINK_NO_ENOBUFS: val = n->no_enobufs; break;
	case NETLINK_CAP_ACK: val = n->cap_ack; break;
	case NETLINK_EXT_ACK: val = n->ext_ack; break;
	case NETLINK_GET_STRICT_CHK: val = n->strict; break;
	default:
		return -ENOPROTOOPT;
	}
	len = sizeof(int);
	if (put_user(len, ulen) || put_user(val, uval))
		return -EFAULT;
	return 0;
}

static int
nl_ioctl(struct socket *sock, unsigned int cmd, uint64_t arg)
{
	(void)sock;
	return netdev_ioctl(cmd, arg);
}

static void
nl_release(struct socket *sock)
{
	struct netlink_sock *n = nl_sk(sock);

	if (!n)
		return;
	list_del(&n->all);
	while (!list_empty(&n->rcvq)) {
		struct nl_skb *skb = list_first_entry(&n->rcvq, struct nl_skb, node);

		list_del(&skb->node);
		kfree(skb);
	}
	wake_up(&n->wait);
	kfree(n);
	sock->sk = NULL;
}

static int
nl_create(struct socket *sock, int protocol, bool kern)
{
	struct netlink_sock *n;

	(void)kern;
	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->sock = sock;
	list_init(&n->rcvq);
	wait_queue_init(&n->wait);
	list_add_tail(&n->all, &nl_socks);
	sock->sk = n;
	sock->ops = &netlink_ops;
	return 0;
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK, .release = nl_release, .bind = nl_bind, .connect = nl_connect,
	.getname = nl_getname, .poll = nl_poll, .ioctl = nl_ioctl,
	.setsockopt = nl_setsockopt, .getsockopt = nl_getsockopt,
	.sendmsg = nl_sendmsg, .recvmsg = nl_recvmsg,
};

static const struct net_proto_family netlink_family = { .family = AF_NETLINK, .create = nl_create };

void
af_netlink_init(void)
{
	sock_register(&netlink_family);
}
