// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's network stack: one struct inet_stack of the protocol
 * library (docs/network-library.md), its packet pool, its timers on one
 * kernel timer, and the interfaces. Only `lo` exists so far; a driver
 * (drivers/net, eth<N>) registers its net_if the same way
 * (netdev_register) and moves frames with inet_rx_batch and the txq.
 *
 * Time: the library takes CLOCK_MONOTONIC ns at each call; after any
 * call that may have armed a library timer, netdev_kick re-arms the one
 * kernel timer at inet_next_deadline.
 *
 * Linux's ways kept here: `lo` is down at boot with no address; bringing
 * it up gives it 127.0.0.1/8 (scope host) as Linux's inetdev_event does,
 * and the library adds ::1. Interface changes are told to rtnetlink
 * listeners (af_netlink.c) through the stack's notify callbacks.
 *
 * The interface ioctls (SIOCGIFFLAGS and friends) work on any socket, as
 * in Linux (sock_do_ioctl falls back to them): netdev_ioctl.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/netdev.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/uaccess.h"
#include "kernel/net/ipv6.h"
#include "kernel/net/rtnl.h"
#include "uapi/if_arp.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"
#include "uapi/sockios.h"

struct inet_stack net_stack;
static struct pkt_pool net_pool;
static struct net_if loopback_dev;
static struct ktimer netdev_timer;
static bool net_ready;

uint64_t
net_now(void)
{
	return ktime_get_ns();
}

void
netdev_kick(void)
{
	uint64_t d;

	if (!net_ready)
		return;
	d = inet_next_deadline(&net_stack);
	if (d == UINT64_MAX)
		ktimer_cancel(&netdev_timer);
	else
		ktimer_arm(&netdev_timer, d);
}

/*
 * netdev_timer_fn runs the stack's timers, but never in the middle of a
 * library call: a task may be switched out inside one (a guest page fault
 * while the library copies from guest memory), and the library is not
 * reentrant. Then it tries again a tick later.
 */
static void
netdev_timer_fn(struct ktimer *t)
{
	(void)t;
	if (net_stack.depth) {
		ktimer_arm(&netdev_timer, net_now() + 1000000000 / HZ);
		return;
	}
	inet_timers_run(&net_stack, net_now());
	netdev_kick();
}

static void
net_notify(struct inet_stack *stack, int type, const void *obj, struct net_if *ifp)
{
	(void)stack;
	rtnl_notify4(type, obj, ifp);
}

static void
net_notify6(struct inet_stack *stack, int type, const void *obj, struct net_if *ifp)
{
	(void)stack;
	rtnl_notify6(type, obj, ifp);
}

static uint32_t
net_ms_since_midnight(struct inet_stack *stack, uint64_t now)
{
	(void)stack;
	(void)now;
	return (uint32_t)((ktime_get_real_ns() / 1000000) % 86400000);
}

static const struct inet_stack_ops net_ops = {
	.notify = net_notify,
	.notify6 = net_notify6,
	.ms_since_midnight = net_ms_since_midnight,
};

int
netdev_register(struct net_if *ifp)
{
	int err = inet_if_register(&net_stack, ifp, net_now());

	netdev_kick();
	return err;
}

/*
 * netdev_set_flags is SIOCSIFFLAGS and RTM_NEWLINK's flags: lo coming up
 * gets 127.0.0.1/8 if it has no IPv4 address, as in Linux.
 */
int
netdev_set_flags(struct net_if *ifp, unsigned int flags)
{
	bool was_up = ifp->flags & IFF_UP;
	int err = inet_if_set_flags(ifp, flags, net_now());

	if (!err && !was_up && (ifp->flags & IFF_UP) && (ifp->flags & IFF_LOOPBACK) &&
	    list_empty(&ifp->in.addrs)) {
		struct in_ifaddr *ifa = kzalloc(sizeof(*ifa));

		if (ifa) {
			ifa->local = ifa->address = 0x7f000001;
			ifa->prefixlen = 8;
			ifa->mask = 0xff000000;
			ifa->scope = RT_SCOPE_HOST;
			ifa->valid_lft = ifa->preferred_lft = 0xffffffff;
			strcpy(ifa->label, ifp->name);
			inet_addr_add(ifp, ifa, net_now());	/* takes ifa, even on failure */
		}
	}
	netdev_kick();
	return err;
}

void
net_dev_init(void)
{
	uint64_t seed = 0;

	random_fill(&seed, sizeof(seed));
	pkt_pool_init(&net_pool, 64 << 20);
	if (inet_stack_init(&net_stack, &net_ops, &net_pool, seed))
		return;
	netdev_timer.fn = netdev_timer_fn;
	list_init(&netdev_timer.node);
	net_ready = true;
	loopback_dev.ifindex = 1;
	strcpy(loopback_dev.name, "lo");
	loopback_dev.type = ARPHRD_LOOPBACK;
	loopback_dev.flags = IFF_LOOPBACK;
	netdev_register(&loopback_dev);
}

/* ---- IPv4 routes in Linux's order ---- */

struct route_list {
	struct fib_route **r;
	size_t n, cap;
	bool failed;
};

static void
collect_route4(struct fib_route *r, void *arg)
{
	struct route_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct fib_route **nr = krealloc(l->r, cap * sizeof(*nr));

		if (!nr) {
			l->failed = true;
			return;
		}
		l->r = nr;
		l->cap = cap;
	}
	l->r[l->n++] = r;
}

/* route4_before: table by id (main 254 before local 255), key ascending, longer prefix first, metric. */
static bool
route4_before(const struct fib_route *a, const struct fib_route *b)
{
	if (a->table->id != b->table->id)
		return a->table->id < b->table->id;
	if (a->dst != b->dst)
		return a->dst < b->dst;
	if (a->dst_len != b->dst_len)
		return a->dst_len > b->dst_len;
	return a->priority < b->priority;
}

size_t
fib_sorted(struct fib_route ***out)
{
	struct route_list l = { 0 };

	fib_for_each(&net_stack, collect_route4, &l);
	for (size_t i = 1; i < l.n; i++) {
		struct fib_route *r = l.r[i];
		size_t j = i;

		for (; j > 0 && route4_before(r, l.r[j - 1]); j--)
			l.r[j] = l.r[j - 1];
		l.r[j] = r;
	}
	*out = l.r;
	return l.n;
}

/* /proc/net/dev, in Linux's format. */
size_t
netdev_show(char *b, size_t n)
{
	struct net_if *ifp;
	size_t len = (size_t)kscnprintf(b, n,
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|"
		"bytes    packets errs drop fifo colls carrier compressed\n");

	if (!net_ready)
		return len;
	list_for_each_entry(ifp, &net_stack.ifaces, node) {
		const struct if_stats *s = &ifp->stats;

		len += (size_t)kscnprintf(b + len, n - len,
			"%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu "
			"%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n", ifp->name,
			(unsigned long long)s->rx_bytes, (unsigned long long)s->rx_packets,
			(unsigned long long)s->rx_errors, (unsigned long long)s->rx_dropped, 0ULL,
			(unsigned long long)s->rx_frame_errors, 0ULL, (unsigned long long)s->multicast,
			(unsigned long long)s->tx_bytes, (unsigned long long)s->tx_packets,
			(unsigned long long)s->tx_errors, (unsigned long long)s->tx_dropped, 0ULL, 0ULL,
			(unsigned long long)s->tx_carrier_errors, 0ULL);
	}
	return len;
}

/* /proc/net/if_inet6: address, ifindex, prefix length, scope, flags, name (Linux's format). */
size_t
if_inet6_show(char *b, size_t n)
{
	struct net_if *ifp;
	size_t len = 0;

	if (!net_ready)
		return 0;
	list_for_each_entry(ifp, &net_stack.ifaces, node) {
		struct inet6_ifaddr *ifa;

		if (!ifp->in6)
			continue;
		list_for_each_entry(ifa, &ifp->in6->addrs, node) {
			for (int i = 0; i < 16; i++)
				len += (size_t)kscnprintf(b + len, n - len, "%02x", ifa->addr.s6_addr[i]);
			len += (size_t)kscnprintf(b + len, n - len, " %02x %02x %02x %02x %8s\n",
						  (unsigned int)ifp->ifindex, ifa->prefix_len,
						  ipv6_addr_type(&ifa->addr) & IPV6_ADDR_SCOPE_MASK, ifa->flags & 0xff,
						  ifp->name);
		}
	}
	return len;
}

/* ---- the interface ioctls ---- */

struct ifreq_k {
	char name[IFNAMSIZ];
	union {
		struct sockaddr addr;
		short flags;
		int ivalue;
		char newname[IFNAMSIZ];
		uint8_t pad[24];
	};
};

static void
put_sin(struct sockaddr *sa, uint32_t addr)
{
	uint8_t *p = (uint8_t *)sa;

	memset(sa, 0, sizeof(*sa));
	sa->sa_family = AF_INET;
	p[4] = (uint8_t)(addr >> 24);
	p[5] = (uint8_t)(addr >> 16);
	p[6] = (uint8_t)(addr >> 8);
	p[7] = (uint8_t)addr;
}

/* siocgifconf fills the guest's ifconf with one ifreq per IPv4 address (or says the length needed). */
static int
siocgifconf(uaddr_t arg)
{
	struct {
		int len;
		int pad;
		uint64_t buf;
	} ifc;
	struct net_if *ifp;
	int total = 0;

	if (copy_from_user(&ifc, arg, sizeof(ifc)))
		return -EFAULT;
	list_for_each_entry(ifp, &net_stack.ifaces, node) {
		struct in_ifaddr *ifa;

		list_for_each_entry(ifa, &ifp->in.addrs, node) {
			struct ifreq_k r;

			if (ifc.buf) {
				if (total + (int)sizeof(r) > ifc.len)
					goto done;
				memset(&r, 0, sizeof(r));
				memcpy(r.name, ifa->label[0] ? ifa->label : ifp->name, IFNAMSIZ - 1);
				put_sin(&r.addr, ifa->local);
				if (copy_to_user(u64_to_uaddr(ifc.buf + (uint64_t)total), &r, sizeof(r)))
					return -EFAULT;
			}
			total += (int)sizeof(struct ifreq_k);
		}
	}
done:
	ifc.len = total;
	return copy_to_user(arg, &ifc, sizeof(int)) ? -EFAULT : 0;
}

static uint32_t
sin_addr_of(const struct sockaddr *sa)
{
	const uint8_t *p = (const uint8_t *)sa;

	return (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
}

/*
 * siocrt is SIOCADDRT/SIOCDELRT, read as Linux's rtentry_to_fib_config:
 * the main table, proto boot, a host route with RTF_HOST, the mask from
 * rt_genmask (a mask with holes, or bits beyond it in the address, is
 * EINVAL), the metric minus one, a device by name, a gateway.
 */
static int
siocrt(unsigned int cmd, uaddr_t arg)
{
	struct rtentry rt;
	struct fib_config cfg;
	uint32_t addr, mask = 0;
	int plen = 32, err;

	if (!sock_capable())
		return -EPERM;
	if (copy_from_user(&rt, arg, sizeof(rt)))
		return -EFAULT;
	if (rt.rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	addr = sin_addr_of(&rt.rt_dst);
	if (!(rt.rt_flags & RTF_HOST)) {
		mask = sin_addr_of(&rt.rt_genmask);
		if (rt.rt_genmask.sa_family != AF_INET && (mask || rt.rt_genmask.sa_family))
			return -EAFNOSUPPORT;
		if ((mask & (~mask >> 1)) || (addr & ~mask))
			return -EINVAL;
		plen = __builtin_popcount(mask);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.dst = addr;
	cfg.dst_len = (uint8_t)plen;
	cfg.table = RT_TABLE_MAIN;
	cfg.scope = RT_SCOPE_NOWHERE;
	if (cmd == SIOCADDRT) {
		cfg.nlflags = 0x400;	/* NLM_F_CREATE */
		cfg.type = RTN_UNICAST;
		cfg.protocol = RTPROT_BOOT;
	}
	if (rt.rt_metric)
		cfg.priority = (uint32_t)(rt.rt_metric - 1);
	if (rt.rt_flags & RTF_REJECT) {
		cfg.scope = RT_SCOPE_HOST;
		cfg.type = RTN_UNREACHABLE;
	} else {
		if (rt.rt_dev) {
			char name[IFNAMSIZ], *colon;
			struct net_if *ifp;
			int64_t n = strncpy_from_user(name, u64_to_uaddr(rt.rt_dev), sizeof(name) - 1);

			if (n < 0)
				return -EFAULT;
			name[n] = 0;
			colon = strchr(name, ':');
			if (colon)
				*colon = 0;
			ifp = inet_if_by_name(&net_stack, name);
			if (!ifp)
				return -ENODEV;
			cfg.oif = ifp->ifindex;
		}
		if (rt.rt_gateway.sa_family == AF_INET && sin_addr_of(&rt.rt_gateway)) {
			cfg.gw = sin_addr_of(&rt.rt_gateway);
			if ((rt.rt_flags & RTF_GATEWAY) && inet_addr_type(&net_stack, cfg.gw) == RTN_UNICAST)
				cfg.scope = RT_SCOPE_UNIVERSE;
		}
		if (cmd == SIOCADDRT) {
			if ((rt.rt_flags & RTF_GATEWAY) && !cfg.gw)
				return -EINVAL;
			if (cfg.scope == RT_SCOPE_NOWHERE)
				cfg.scope = RT_SCOPE_LINK;
			if (rt.rt_flags & RTF_MTU)
				cfg.metrics[RTAX_ADVMSS] = (uint32_t)(rt.rt_mtu - 40);
			if (rt.rt_flags & RTF_WINDOW)
				cfg.metrics[RTAX_WINDOW] = (uint32_t)rt.rt_window;
			if (rt.rt_flags & RTF_IRTT)
				cfg.metrics[RTAX_RTT] = (uint32_t)rt.rt_irtt << 3;
		}
	}
	if (cmd == SIOCDELRT)
		cfg.type = 0;
	err = cmd == SIOCADDRT ? fib_route_add(&net_stack, &cfg) : fib_route_del(&net_stack, &cfg);
	netdev_kick();
	return err;
}

/* ifa_by_label: the first IPv4 address of ifp with that label (eth0, eth0:1), or NULL. */
static struct in_ifaddr *
ifa_by_label(struct net_if *ifp, const char *label)
{
	struct in_ifaddr *ifa;

	list_for_each_entry(ifa, &ifp->in.addrs, node)
		if (!strncmp(ifa->label, label, IFNAMSIZ))
			return ifa;
	return NULL;
}

/* dev_of: the interface an ifreq names (an alias "eth0:1" names eth0), or NULL. */
static struct net_if *
dev_of(const char *name)
{
	char dev[IFNAMSIZ], *colon;

	memcpy(dev, name, IFNAMSIZ);
	dev[IFNAMSIZ - 1] = 0;
	colon = strchr(dev, ':');
	if (colon)
		*colon = 0;
	return inet_if_by_name(&net_stack, dev);
}

/* abc_len: the prefix of an address's class (A 8, B 16, C 24, else 32), Linux's inet_abc_len. */
static int
abc_len(uint32_t a)
{
	if (!a)
		return 0;
	if (!(a & 0x80000000u))
		return 8;
	if ((a & 0xc0000000u) == 0x80000000u)
		return 16;
	if ((a & 0xe0000000u) == 0xc0000000u)
		return 24;
	return (a & 0xf0000000u) == 0xe0000000u ? 32 : -1;
}

/*
 * readd replaces old (its label, flags and scope kept) by an address with
 * the given fields: Linux's delete and insert of the same in_ifaddr.
 */
static int
readd(struct net_if *ifp, struct in_ifaddr *old, const char *label, uint32_t local, int plen,
      uint32_t bcast)
{
	struct in_ifaddr *ifa = kzalloc(sizeof(*ifa));
	int err;

	if (!ifa)
		return -ENOBUFS;
	memcpy(ifa->label, label, IFNAMSIZ);
	ifa->label[IFNAMSIZ - 1] = 0;
	if (old) {
		ifa->scope = old->scope;
		inet_addr_del(ifp, old->local, old->prefixlen, old->label, net_now());
	}
	ifa->local = ifa->address = local;
	ifa->prefixlen = (uint8_t)plen;
	ifa->broadcast = bcast;
	ifa->valid_lft = ifa->preferred_lft = 0xffffffff;
	err = inet_addr_add(ifp, ifa, net_now());	/* takes ifa */
	netdev_kick();
	return err;
}

/*
 * netdev_inet_ioctl: the IPv4 address and route ioctls, which Linux
 * answers only on AF_INET sockets (inet_ioctl, devinet_ioctl): SIOCGIF/
 * SIOCSIF ADDR, NETMASK, BRDADDR (by label, so aliases work), and
 * SIOCADDRT/SIOCDELRT. -ENOIOCTLCMD for others.
 */
int
netdev_inet_ioctl(unsigned int cmd, uint64_t uarg)
{
	uaddr_t arg = u64_to_uaddr(uarg);
	struct ifreq_k r;
	struct net_if *ifp;
	struct in_ifaddr *ifa;
	uint32_t v = 0;
	int plen;

	if (!net_ready)
		return -ENOIOCTLCMD;
	if (cmd == SIOCADDRT || cmd == SIOCDELRT)
		return siocrt(cmd, arg);
	switch (cmd) {
	case SIOCGIFADDR: case SIOCGIFNETMASK: case SIOCGIFBRDADDR: case SIOCGIFDSTADDR:
	case SIOCSIFADDR: case SIOCSIFNETMASK: case SIOCSIFBRDADDR:
		break;
	default:
		return -ENOIOCTLCMD;
	}
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	r.name[IFNAMSIZ - 1] = 0;
	if ((cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK || cmd == SIOCSIFBRDADDR) && !sock_capable())
		return -EPERM;
	ifp = dev_of(r.name);
	if (!ifp)
		return -ENODEV;
	ifa = ifa_by_label(ifp, r.name);
	if (!ifa && cmd != SIOCSIFADDR)
		return -EADDRNOTAVAIL;
	if (cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK || cmd == SIOCSIFBRDADDR) {
		if (r.addr.sa_family != AF_INET)
			return -EINVAL;
		v = sin_addr_of(&r.addr);
	}
	switch (cmd) {
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
		put_sin(&r.addr, cmd == SIOCGIFADDR ? ifa->local : ifa->address);
		break;
	case SIOCGIFNETMASK:
		put_sin(&r.addr, ifa->mask);
		break;
	case SIOCGIFBRDADDR:
		put_sin(&r.addr, ifa->broadcast);
		break;
	case SIOCSIFADDR:
		if (ifa && ifa->local == v)
			return 0;
		plen = abc_len(v);
		if (plen < 0)
			return -EINVAL;
		{
			uint32_t mask = plen ? 0xffffffffu << (32 - plen) : 0;

			return readd(ifp, ifa, r.name, v, plen,
				     (ifp->flags & IFF_BROADCAST) && plen < 31 ? (v | ~mask) : 0);
		}
	case SIOCSIFNETMASK:
		if (~v & (~v + 1))
			return -EINVAL;
		if (ifa->mask == v)
			return 0;
		plen = __builtin_popcount(v);
		return readd(ifp, ifa, r.name, ifa->local, plen,
			     (ifp->flags & IFF_BROADCAST) && plen < 31 &&
			     ifa->broadcast == (ifa->local | ~ifa->mask) ? (ifa->local | ~v) : ifa->broadcast);
	case SIOCSIFBRDADDR:
		if (ifa->broadcast == v)
			return 0;
		return readd(ifp, ifa, r.name, ifa->local, ifa->prefixlen, v);
	}
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

/*
 * netdev_ioctl: the device ioctls Linux answers on a socket of any family
 * (dev_ioctl; an alias name means its device): SIOCGIFCONF, SIOCGIFNAME,
 * SIOCGIF/SIOCSIF FLAGS and MTU, SIOCGIFINDEX, HWADDR, TXQLEN, METRIC,
 * MAP. "ifconfig eth0:1 down" (SIOCSIFFLAGS without IFF_UP on an alias)
 * removes that address, as devinet_ioctl does. -ENOIOCTLCMD for others.
 */
int
netdev_ioctl(unsigned int cmd, uint64_t uarg)
{
	uaddr_t arg = u64_to_uaddr(uarg);
	struct ifreq_k r;
	struct net_if *ifp;

	if (!net_ready)
		return -ENOIOCTLCMD;
	if (cmd == SIOCGIFCONF)
		return siocgifconf(arg);
	switch (cmd) {
	case SIOCGIFNAME: case SIOCGIFINDEX: case SIOCGIFFLAGS: case SIOCSIFFLAGS:
	case SIOCGIFMTU: case SIOCGIFHWADDR: case SIOCGIFTXQLEN: case SIOCGIFMETRIC:
	case SIOCGIFMAP: case SIOCSIFMTU:
		break;
	default:
		return -ENOIOCTLCMD;
	}
	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	r.name[IFNAMSIZ - 1] = 0;
	if (cmd == SIOCGIFNAME) {
		ifp = inet_if_by_index(&net_stack, r.ivalue);
		if (!ifp)
			return -ENODEV;
		memset(r.name, 0, sizeof(r.name));
		strcpy(r.name, ifp->name);
		return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
	}
	ifp = dev_of(r.name);
	if (!ifp)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFINDEX:
		memset(&r.pad, 0, sizeof(r.pad));
		r.ivalue = ifp->ifindex;
		break;
	case SIOCGIFFLAGS:
		memset(&r.pad, 0, sizeof(r.pad));
		r.flags = (short)rtnl_if_flags(ifp);
		break;
	case SIOCSIFFLAGS:
		if (!sock_capable())
			return -EPERM;
		if (strchr(r.name, ':')) {
			struct in_ifaddr *ifa = ifa_by_label(ifp, r.name);
			int err;

			if (!ifa)
				return -EADDRNOTAVAIL;
			if ((unsigned short)r.flags & IFF_UP)
				return 0;
			err = inet_addr_del(ifp, ifa->local, ifa->prefixlen, ifa->label, net_now());
			netdev_kick();
			return err;
		}
		return netdev_set_flags(ifp, (unsigned short)r.flags);
	case SIOCGIFMTU:
		memset(&r.pad, 0, sizeof(r.pad));
		r.ivalue = (int)ifp->mtu;
		break;
	case SIOCSIFMTU: {
		int err;

		if (!sock_capable())
			return -EPERM;
		if (r.ivalue < 0)
			return -EINVAL;
		err = inet_if_set_mtu(ifp, (unsigned int)r.ivalue, net_now());
		netdev_kick();
		return err;
	}
	case SIOCGIFTXQLEN:
		memset(&r.pad, 0, sizeof(r.pad));
		r.ivalue = (int)ifp->txqueuelen;
		break;
	case SIOCGIFMETRIC:
	case SIOCGIFMAP:
		memset(&r.pad, 0, sizeof(r.pad));
		break;
	case SIOCGIFHWADDR:
		memset(&r.pad, 0, sizeof(r.pad));
		r.addr.sa_family = (sa_family_t)ifp->type;
		memcpy(r.addr.sa_data, ifp->addr, ETH_ALEN);
		break;
	}
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}
