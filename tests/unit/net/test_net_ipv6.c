// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 library tests: address text forms against glibc (random and edge
 * cases), address classes, and simulated hosts: link-local addresses
 * and DAD (also a duplicate), Neighbour Discovery, router advertisements
 * (SLAAC, default router, MTU, lifetimes), routing with longest prefix
 * and dead routers, forwarding with hop limit and Packet Too Big,
 * fragmentation and reassembly edge cases, extension headers and the
 * ICMPv6 error rules with their rate limits. Deterministic (seeded).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/checksum.h"
#include "kernel/net/ether.h"
#include "kernel/net/ipv6.h"
#include "host6.h"
#include "netsim.h"
#include "uapi/if_addr.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"
#include "uapi/netlink.h"
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

static struct sim S;
static struct sim_host *A, *B, *R;
static struct sim_seg *L, *L2;

static struct in6_addr
A6(const char *s)
{
	struct in6_addr a;

	ck_assert_msg(in6_pton(s, &a) == 0, "bad test address %s", s);
	return a;
}

/* A pointer to the address s (four live at a time). */
static const struct in6_addr *
P6(const char *s)
{
	static struct in6_addr b[4];
	static int n;

	n = (n + 1) % 4;
	b[n] = A6(s);
	return &b[n];
}

static const char *
str6(const struct in6_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static int n;

	n = (n + 1) % 4;
	in6_ntop(a, buf[n]);
	return buf[n];
}

/* ---- what the hosts received (hooks) ---- */

struct host6 {
	unsigned int echo_replies;
	uint16_t last_seq;
	unsigned int last_reply_len;
	struct in6_addr last_reply_from;
	unsigned int errors;
	uint8_t err_type, err_code;
	uint32_t err_info;
	struct in6_addr err_from;
};

static struct host6 H[SIM_MAX_HOSTS];

static struct host6 *
h6(struct inet_stack *stack)
{
	for (int i = 0; i < S.nhosts; i++)
		if (&S.hosts[i]->stack == stack)
			return &H[i];
	ck_abort_msg("unknown stack");
	return NULL;
}

static void
echo_reply_hook(struct inet_stack *stack, struct pkt *p)
{
	struct host6 *h = h6(stack);

	h->echo_replies++;
	h->last_seq = get_be16(p->data + 6);
	h->last_reply_len = p->len;
	memcpy(&h->last_reply_from, pkt_network_header(p) + 8, 16);
	pkt_free(p);
}

static void
err_hook(struct inet_stack *stack, struct pkt *p, uint8_t type, uint8_t code, uint32_t info,
	 uint8_t proto, unsigned int thoff)
{
	struct host6 *h = h6(stack);

	(void)p;
	(void)proto;
	(void)thoff;
	h->errors++;
	h->err_type = type;
	h->err_code = code;
	h->err_info = info;
}

static void
hooks(struct sim_host *h)
{
	h->stack.ip6->hooks.echo_reply = echo_reply_hook;
	h->stack.ip6->hooks.err = err_hook;
}

static void
setup_sim(void)
{
	memset(H, 0, sizeof(H));
	sim_init(&S, 6);
}

/* Two hosts on one segment, up for 3 s (link-local addresses through DAD). */
static void
two_hosts(void)
{
	setup_sim();
	A = sim_host_new(&S, "A", 16 << 20);
	B = sim_host_new(&S, "B", 16 << 20);
	L = sim_seg_new(&S, 1 * MS);
	sim_attach(A, L);
	sim_attach(B, L);
	hooks(A);
	hooks(B);
	sim_step(&S, 3 * SEC);
}

static void
teardown(void)
{
	sim_destroy(&S);
}

static struct in6_addr
ll_of(struct net_if *ifp)
{
	struct in6_addr a;

	ipv6_addr_linklocal_eui64(&a, ifp->addr);
	return a;
}

/* An echo request from h to dst (oif for link-local), size bytes of data. */
static int
ping6(struct sim_host *h, struct in6_addr dst, int oif, uint16_t seq, unsigned int size)
{
	struct pkt *p = pkt_alloc(&h->pool, PKT_MAX_HEADER, 8 + size);
	struct flowi6 fl;
	uint8_t *d;

	ck_assert_ptr_nonnull(p);
	d = pkt_put(p, 8 + size);
	memset(d, 0, 8 + size);
	d[0] = ICMPV6_ECHO_REQUEST;
	put_be16(d + 4, 0x4242);
	put_be16(d + 6, seq);
	for (unsigned int i = 0; i < size; i++)
		d[8 + i] = (uint8_t)i;
	memset(&fl, 0, sizeof(fl));
	fl.daddr = dst;
	fl.oif = oif;
	fl.hop_limit = -1;
	return icmpv6_sendmsg(&h->stack, p, &fl, S.now);
}

static struct rt6_route *
find_route(struct sim_host *h, uint32_t table, const char *dst, int len)
{
	struct in6_addr d = A6(dst);
	struct rt6_route *rt;

	list_for_each_entry(rt, &h->stack.ip6->routes, node)
		if (rt->table == table && rt->dst_len == len && ipv6_addr_equal(&rt->dst, &d))
			return rt;
	return NULL;
}


/* ---- crafted frames ---- */

struct frame6 {
	uint8_t b[70000];
	unsigned int len;
};

static const uint8_t fake_mac[6] = { 0x02, 0x99, 0, 0, 0, 1 };

/* Ethernet + IPv6 header; the payload follows with f6_put. */
static void
f6_start(struct frame6 *f, const uint8_t *dmac, const uint8_t *smac, struct in6_addr src,
	 struct in6_addr dst, uint8_t nexthdr, uint8_t hop)
{
	memset(f->b, 0, 54);
	memcpy(f->b, dmac, 6);
	memcpy(f->b + 6, smac, 6);
	put_be16(f->b + 12, ETH_P_IPV6);
	f->b[14] = 0x60;
	f->b[14 + 6] = nexthdr;
	f->b[14 + 7] = hop;
	memcpy(f->b + 14 + 8, &src, 16);
	memcpy(f->b + 14 + 24, &dst, 16);
	f->len = 54;
}

static uint8_t *
f6_put(struct frame6 *f, const void *d, unsigned int n)
{
	uint8_t *at = f->b + f->len;

	if (d)
		memcpy(at, d, n);
	else
		memset(at, 0, n);
	f->len += n;
	return at;
}

/* Payload length; the checksum of the upper layer at l4 (offset in the IPv6 payload). */
static void
f6_finish(struct frame6 *f, int l4, uint8_t proto)
{
	uint8_t *ip = f->b + 14;

	put_be16(ip + 4, (uint16_t)(f->len - 54));
	if (l4 >= 0) {
		uint8_t *t = ip + 40 + l4;
		unsigned int tlen = f->len - 54 - (unsigned int)l4;
		unsigned int at = proto == IPPROTO_UDP ? 6 : 2;
		uint16_t sum;

		if (proto == IPPROTO_UDP)
			put_be16(t + 4, (uint16_t)tlen);
		put_be16(t + at, 0);
		sum = csum_ipv6_magic(ip + 8, ip + 24, tlen, proto, csum_partial(t, tlen, 0));
		if (proto == IPPROTO_UDP && !sum)
			sum = 0xffff;
		memcpy(t + at, &sum, 2);
	}
}

/* An echo request body: type, code, sum, id, seq, data. */
static void
f6_echo(struct frame6 *f, uint16_t seq, unsigned int size)
{
	uint8_t *e = f6_put(f, NULL, 8 + size);

	e[0] = ICMPV6_ECHO_REQUEST;
	put_be16(e + 4, 0x4242);
	put_be16(e + 6, seq);
	for (unsigned int i = 0; i < size; i++)
		e[8 + i] = (uint8_t)(i * 7);
}

static void
inject(struct sim_host *h, struct frame6 *f)
{
	sim_inject(h, 0, f->b, f->len);
}

static struct in6_addr
add_global(struct sim_host *h, int idx, const char *a, int plen)
{
	struct in6_addr x = A6(a);

	ck_assert_int_eq(inet6_addr_add(&h->eth[idx], &x, (unsigned int)plen, IFA_F_NODAD,
					INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, S.now), 0);
	return x;
}

static int
add_route(struct sim_host *h, const char *dst, int len, const char *gw, int oif, uint32_t metric)
{
	struct rt6_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.dst = A6(dst);
	cfg.dst_len = (uint8_t)len;
	if (gw)
		cfg.gw = A6(gw);
	cfg.oif = oif;
	cfg.metric = metric;
	cfg.protocol = RTPROT_STATIC;
	cfg.nlflags = NLM_F_CREATE | NLM_F_EXCL;
	return rt6_route_add(&h->stack, &cfg);
}

/* ---- text and classes ---- */

static const char *const pton_cases[] = {
	"::", "::1", "1::", "1::2", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:7:8",
	"1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "fe80::1%eth0",
	"FE80::ABCD", "0:0:0:0:0:0:0:0", "00000::1", "1:2:3:4:5:6:7:8:9", ":", ":::",
	"1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
	"1.2.3.4", "::01.2.3.4", "::1.2.3", "::1.2.3.4.5", "::256.1.1.1", "::1..2.3",
	"::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::a.2.3.4", "12345::", "1:2", "",
	"g::", "::ffff:0.0.0.0", "2001:db8::1.2.3.4", "1:2:3:4:5::1.2.3.4", " ::1",
	"::1 ", "0x1::", "1::2:3:4:5:6:7", "1:2:3:4:5:6::7", "::0:0:0:0:0:0:0",
	"::0:0:0:0:0:0", "::ffff:1.2.3.", "::ffff:.1.2.3", "::1.2.3.04", "::0.0.0.0",
	"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "::ffff:1.2.3.4:",
};

START_TEST(text_vs_glibc)
{
	char ours[INET6_ADDRSTRLEN], theirs[64];
	struct net_rng rng;

	for (unsigned int i = 0; i < sizeof(pton_cases) / sizeof(pton_cases[0]); i++) {
		struct in6_addr a;
		uint8_t h[16];
		int mine = in6_pton(pton_cases[i], &a) == 0, host = host_pton6(pton_cases[i], h);

		ck_assert_msg(mine == host, "\"%s\": ours %d glibc %d", pton_cases[i], mine, host);
		if (mine)
			ck_assert_msg(!memcmp(a.s6_addr, h, 16), "\"%s\" differs", pton_cases[i]);
	}
	/* Formatting: random addresses with many zero groups and the special forms. */
	net_rng_seed(&rng, 66);
	for (int i = 0; i < 200000; i++) {
		struct in6_addr a, back;
		uint32_t shape = net_rng_u32(&rng);

		for (int w = 0; w < 8; w++) {
			uint16_t v = (shape >> w & 1) ? (uint16_t)net_rng_u32(&rng) : 0;

			if ((shape >> (8 + w) & 3) == 0 && v)
				v &= 0xf;
			put_be16(a.s6_addr + 2 * w, v);
		}
		if ((shape >> 28) == 1) {
			memset(a.s6_addr, 0, 10);
			a.s6_addr[10] = a.s6_addr[11] = 0xff;
		} else if ((shape >> 28) == 2) {
			memset(a.s6_addr, 0, 12);
		}
		in6_ntop(&a, ours);
		host_ntop6(a.s6_addr, theirs, sizeof(theirs));
		ck_assert_msg(!strcmp(ours, theirs), "ours %s glibc %s", ours, theirs);
		ck_assert_int_eq(in6_pton(ours, &back), 0);
		ck_assert(ipv6_addr_equal(&a, &back));
	}
	/* Random strings of address characters: the same verdicts. */
	for (int i = 0; i < 200000; i++) {
		static const char alphabet[] = "0123456789abcdefABCDEF:..:::0f";
		char s[48];
		unsigned int n = 1 + net_rng_below(&rng, 40);
		struct in6_addr a;
		uint8_t h[16];

		for (unsigned int j = 0; j < n; j++)
			s[j] = alphabet[net_rng_below(&rng, sizeof(alphabet) - 1)];
		s[n] = '\0';
		int mine = in6_pton(s, &a) == 0, host = host_pton6(s, h);

		ck_assert_msg(mine == host, "\"%s\": ours %d glibc %d", s, mine, host);
		if (mine)
			ck_assert(!memcmp(a.s6_addr, h, 16));
	}
}
END_TEST

START_TEST(address_classes)
{
	static const struct {
		const char *a;
		unsigned int type;
		int scope;
	} cases[] = {
		{ "::", IPV6_ADDR_ANY, 0 },
		{ "::1", IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_LINKLOCAL },
		{ "fe80::1", IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_LINKLOCAL },
		{ "febf::1", IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_LINKLOCAL },
		{ "fec0::1", IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_SITELOCAL },
		{ "ff02::1", IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL, IPV6_ADDR_SCOPE_LINKLOCAL },
		{ "ff01::1", IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK, IPV6_ADDR_SCOPE_NODELOCAL },
		{ "ff05::2", IPV6_ADDR_MULTICAST | IPV6_ADDR_SITELOCAL, IPV6_ADDR_SCOPE_SITELOCAL },
		{ "ff0e::1", IPV6_ADDR_MULTICAST, IPV6_ADDR_SCOPE_GLOBAL },
		{ "2001:db8::1", IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_GLOBAL },
		{ "fc00::1", IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_GLOBAL },
		{ "::ffff:1.2.3.4", IPV6_ADDR_MAPPED, IPV6_ADDR_SCOPE_GLOBAL },
		{ "::1.2.3.4", IPV6_ADDR_COMPATv4 | IPV6_ADDR_UNICAST, IPV6_ADDR_SCOPE_GLOBAL },
	};
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct in6_addr a, b, ll;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = A6(cases[i].a);
		ck_assert_msg(ipv6_addr_type(&a) == cases[i].type, "%s: %#x", cases[i].a,
			      ipv6_addr_type(&a));
		ck_assert_msg(ipv6_addr_scope(&a) == cases[i].scope, "%s: scope %d", cases[i].a,
			      ipv6_addr_scope(&a));
	}
	/* RFC 4291 appendix A: the U/L bit inverted, ff:fe in the middle. */
	ipv6_addr_linklocal_eui64(&ll, mac);
	ck_assert_str_eq(str6(&ll), "fe80::5054:ff:fe12:3456");
	a = A6("2001:db8::1:ff12:3456");
	addrconf_addr_solict_mult(&a, &b);
	ck_assert_str_eq(str6(&b), "ff02::1:ff12:3456");
	ck_assert(ipv6_addr_is_solict_mult(&b));
	a = A6("2001:db8:abcd:12::");
	b = A6("2001:db8:abcd:1f::");
	ck_assert(ipv6_prefix_equal(&a, &b, 60));
	ck_assert(!ipv6_prefix_equal(&a, &b, 61));
	ck_assert_uint_eq(ipv6_addr_diff(&a, &b), 60);
	ipv6_addr_prefix(&a, &b, 57);
	ck_assert_str_eq(str6(&a), "2001:db8:abcd::");
	{
		uint8_t m[6];

		ipv6_eth_mc_map(A6("ff02::1:ff12:3456").s6_addr, m);
		ck_assert_uint_eq(m[0], 0x33);
		ck_assert_uint_eq(m[1], 0x33);
		ck_assert_uint_eq(m[2], 0xff);
		ck_assert_uint_eq(m[5], 0x56);
	}
}
END_TEST

/* ---- link-local addresses, DAD, ND ---- */

START_TEST(link_local_and_dad)
{
	struct inet6_ifaddr *ifa;
	struct in6_addr ll;
	struct rt6_route *rt;

	setup_sim();
	A = sim_host_new(&S, "A", 16 << 20);
	L = sim_seg_new(&S, 1 * MS);
	A->capture = true;
	sim_attach(A, L);
	ll = ll_of(&A->eth[0]);
	ck_assert_str_eq(str6(&ll), "fe80::ff:fe00:100");
	ifa = ipv6_get_ifaddr(&A->stack, &ll, &A->eth[0]);
	ck_assert_ptr_nonnull(ifa);
	ck_assert(ifa->flags & IFA_F_TENTATIVE);
	ck_assert(ifa->flags & IFA_F_PERMANENT);
	ck_assert_uint_eq(ifa->prefix_len, 64);
	ck_assert_uint_eq(ifa->scope, RT_SCOPE_LINK);
	/* Not usable yet: no local route. */
	ck_assert(!ipv6_chk_addr(&A->stack, &ll, NULL));
	ck_assert_ptr_null(find_route(A, RT_TABLE_LOCAL, str6(&ll), 128));
	/* ::1 on lo, at once (no DAD on loopback). */
	ck_assert(ipv6_chk_addr(&A->stack, &in6addr_loopback, &A->lo));
	ck_assert_ptr_nonnull(find_route(A, RT_TABLE_MAIN, "::1", 128));
	ck_assert_ptr_nonnull(find_route(A, RT_TABLE_LOCAL, "::1", 128));
	/* Within rtr_solicit_delay (1 s) + retrans_time (1 s), DAD is done. */
	sim_step(&S, 2100 * MS);
	ck_assert(ipv6_chk_addr(&A->stack, &ll, NULL));
	rt = find_route(A, RT_TABLE_LOCAL, str6(&ll), 128);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->type, RTN_LOCAL);
	ck_assert_uint_eq(rt->metric, 0);
	rt = find_route(A, RT_TABLE_MAIN, "fe80::", 64);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->metric, 256);
	ck_assert_uint_eq(rt->protocol, RTPROT_KERNEL);
	rt = find_route(A, RT_TABLE_LOCAL, "ff00::", 8);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->type, RTN_MULTICAST);
	/* What went out: one DAD NS from :: to the solicited-node group, then an RS. */
	{
		struct pkt *p;
		int ns = 0, rs = 0;

		list_for_each_entry(p, &A->captured.head, list) {
			const uint8_t *ip = p->data + 14;
			struct in6_addr src, dst;

			if (get_be16(p->data + 12) != ETH_P_IPV6 || ip[6] != IPPROTO_ICMPV6)
				continue;
			memcpy(&src, ip + 8, 16);
			memcpy(&dst, ip + 24, 16);
			ck_assert_uint_eq(ip[7], 255);
			if (ip[40] == ND_NEIGHBOR_SOLICIT) {
				ns++;
				ck_assert(ipv6_addr_any(&src));
				ck_assert_str_eq(str6(&dst), "ff02::1:ff00:100");
				ck_assert_uint_eq(p->data[0], 0x33);
				ck_assert_uint_eq(p->len, 14 + 40 + 24);	/* no option from :: */
			}
			if (ip[40] == ND_ROUTER_SOLICIT) {
				rs++;
				ck_assert(ipv6_addr_equal(&src, &ll));
				ck_assert_str_eq(str6(&dst), "ff02::2");
				ck_assert_uint_eq(ip[48], ND_OPT_SOURCE_LINKADDR);
			}
		}
		ck_assert_int_eq(ns, 1);
		ck_assert_int_eq(rs, 1);
	}
	/* Router solicitations back off: 4 s, then about 8, 16, 32 ... */
	sim_capture_clear(A);
	sim_step(&S, 60 * SEC);
	{
		struct pkt *p;
		int rs = 0;

		list_for_each_entry(p, &A->captured.head, list)
			if (get_be16(p->data + 12) == ETH_P_IPV6 && p->data[14 + 40] == ND_ROUTER_SOLICIT)
				rs++;
		ck_assert_int_ge(rs, 3);
		ck_assert_int_le(rs, 5);
	}
	/* Down: every IPv6 address of eth0 goes (keep_addr_on_down=0), routes too. */
	inet_if_set_flags(&A->eth[0], 0, S.now);
	ck_assert_ptr_null(ipv6_get_ifaddr(&A->stack, &ll, NULL));
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "fe80::", 64));
	/* Up again: a new link-local, through DAD again. */
	inet_if_set_flags(&A->eth[0], IFF_UP, S.now);
	ck_assert_ptr_nonnull(ipv6_get_ifaddr(&A->stack, &ll, NULL));
	ck_assert(!ipv6_chk_addr(&A->stack, &ll, NULL));
	sim_step(&S, 2100 * MS);
	ck_assert(ipv6_chk_addr(&A->stack, &ll, NULL));
	teardown();
}
END_TEST

START_TEST(ping_link_local)
{
	struct in6_addr lla, llb;
	struct neighbour *n;

	two_hosts();
	lla = ll_of(&A->eth[0]);
	llb = ll_of(&B->eth[0]);
	/* A link-local destination needs the interface. */
	ck_assert_int_eq(ping6(A, llb, 0, 1, 56), -EINVAL);
	ck_assert_int_eq(ping6(A, llb, A->eth[0].ifindex, 1, 56), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert_uint_eq(H[0].last_seq, 1);
	ck_assert_uint_eq(H[0].last_reply_len, 64);
	ck_assert(ipv6_addr_equal(&H[0].last_reply_from, &llb));
	/* A resolved B with a solicitation: REACHABLE; B learned A from it (STALE, then used). */
	n = neigh_lookup(&A->stack.ip6->nd_tbl, &A->eth[0], llb.s6_addr);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	ck_assert_int_eq(memcmp(n->ha, B->eth[0].addr, 6), 0);
	n = neigh_lookup(&B->stack.ip6->nd_tbl, &B->eth[0], lla.s6_addr);
	ck_assert_ptr_nonnull(n);
	ck_assert(n->state & (NUD_STALE | NUD_DELAY | NUD_REACHABLE));
	/* NUD: B's entry goes DELAY -> PROBE -> (unicast NS answered) REACHABLE. */
	sim_step(&S, 7 * SEC);
	n = neigh_lookup(&B->stack.ip6->nd_tbl, &B->eth[0], lla.s6_addr);
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	/* All-nodes: both answer (A itself through the local copy). */
	H[0].echo_replies = 0;
	ck_assert_int_eq(ping6(A, A6("ff02::1"), A->eth[0].ifindex, 2, 8), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);	/* no loop requested */
	/* ::1 through the loopback. */
	ck_assert_int_eq(ping6(A, in6addr_loopback, 0, 3, 1000), 0);
	ck_assert_uint_eq(H[0].echo_replies, 2);
	ck_assert_uint_eq(H[0].last_seq, 3);
	teardown();
}
END_TEST

START_TEST(dad_duplicate)
{
	struct in6_addr x = A6("2001:db8::5");
	struct inet6_ifaddr *ifa;

	two_hosts();
	ck_assert_int_eq(inet6_addr_add(&B->eth[0], &x, 64, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), 0);
	sim_step(&S, 2100 * MS);
	ck_assert(ipv6_chk_addr(&B->stack, &x, NULL));
	ck_assert_int_eq(inet6_addr_add(&B->eth[0], &x, 64, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), -EEXIST);
	/* A claims the same address: B defends it, A's stays tentative and DADFAILED. */
	ck_assert_int_eq(inet6_addr_add(&A->eth[0], &x, 64, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), 0);
	sim_step(&S, 2100 * MS);
	ifa = ipv6_get_ifaddr(&A->stack, &x, NULL);
	ck_assert_ptr_nonnull(ifa);
	ck_assert(ifa->flags & IFA_F_DADFAILED);
	ck_assert(ifa->flags & IFA_F_TENTATIVE);
	ck_assert(!ipv6_chk_addr(&A->stack, &x, NULL));
	ck_assert(ipv6_chk_addr(&B->stack, &x, NULL));
	/* B pinging it reaches B itself, never A. */
	ck_assert_int_eq(inet6_addr_del(&A->eth[0], &x, 64, S.now), 0);
	/* Both at once: whoever solicits first keeps it; the other sees that DAD
	 * solicitation while still tentative and gives up (RFC 4862 5.4.3). */
	{
		struct in6_addr y = A6("2001:db8::6");

		ck_assert_int_eq(inet6_addr_add(&A->eth[0], &y, 64, 0, INFINITY_LIFE_TIME,
						INFINITY_LIFE_TIME, S.now), 0);
		ck_assert_int_eq(inet6_addr_add(&B->eth[0], &y, 64, 0, INFINITY_LIFE_TIME,
						INFINITY_LIFE_TIME, S.now), 0);
		sim_step(&S, 2100 * MS);
		bool fa = ipv6_get_ifaddr(&A->stack, &y, NULL)->flags & IFA_F_DADFAILED;
		bool fb = ipv6_get_ifaddr(&B->stack, &y, NULL)->flags & IFA_F_DADFAILED;

		ck_assert(fa != fb);
		ck_assert(ipv6_chk_addr(&A->stack, &y, NULL) == !fa);
		ck_assert(ipv6_chk_addr(&B->stack, &y, NULL) == !fb);
	}
	/* NODAD: usable at once. */
	{
		struct in6_addr z = A6("2001:db8::7");

		ck_assert_int_eq(inet6_addr_add(&A->eth[0], &z, 64, IFA_F_NODAD,
						INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, S.now), 0);
		ck_assert(ipv6_chk_addr(&A->stack, &z, NULL));
	}
	/* Bad input. */
	ck_assert_int_eq(inet6_addr_add(&A->eth[0], &in6addr_any, 64, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), -EINVAL);
	x = A6("ff02::9");
	ck_assert_int_eq(inet6_addr_add(&A->eth[0], &x, 64, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), -EINVAL);
	x = A6("2001:db8::8");
	ck_assert_int_eq(inet6_addr_add(&A->eth[0], &x, 129, 0, INFINITY_LIFE_TIME,
					INFINITY_LIFE_TIME, S.now), -EINVAL);
	ck_assert_int_eq(inet6_addr_add(&A->eth[0], &x, 64, 0, 100, 200, S.now), -EINVAL);
	ck_assert_int_eq(inet6_addr_del(&A->eth[0], &x, 64, S.now), -EADDRNOTAVAIL);
	teardown();
}
END_TEST

/* ---- router advertisements ---- */

static struct frame6 F;

/* An RA from fe80::1 (MAC fake_mac) to ff02::1. */
static void
ra(struct sim_host *h, const char *src, uint8_t hop, uint16_t lifetime, uint32_t reach,
   uint32_t retrans, uint32_t mtu, const char *prefix, uint8_t pflags, uint32_t valid,
   uint32_t pref, uint8_t code, uint8_t iphop)
{
	static const uint8_t allnodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t *m;

	f6_start(&F, allnodes, fake_mac, A6(src), A6("ff02::1"), IPPROTO_ICMPV6, iphop);
	m = f6_put(&F, NULL, 16);
	m[0] = ND_ROUTER_ADVERT;
	m[1] = code;
	m[4] = hop;
	put_be16(m + 6, lifetime);
	put_be32(m + 8, reach);
	put_be32(m + 12, retrans);
	m = f6_put(&F, NULL, 8);
	m[0] = ND_OPT_SOURCE_LINKADDR;
	m[1] = 1;
	memcpy(m + 2, fake_mac, 6);
	if (mtu) {
		m = f6_put(&F, NULL, 8);
		m[0] = ND_OPT_MTU;
		m[1] = 1;
		put_be32(m + 4, mtu);
	}
	if (prefix) {
		struct in6_addr p = A6(prefix);

		m = f6_put(&F, NULL, 32);
		m[0] = ND_OPT_PREFIX_INFORMATION;
		m[1] = 4;
		m[2] = 64;
		m[3] = pflags;
		put_be32(m + 4, valid);
		put_be32(m + 8, pref);
		memcpy(m + 16, &p, 16);
	}
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	inject(h, &F);
}

static unsigned int
count_rs(struct sim_host *h)
{
	struct pkt *p;
	unsigned int n = 0;

	list_for_each_entry(p, &h->captured.head, list)
		if (p->pkt_type == PACKET_OUTGOING && get_be16(p->data + 12) == ETH_P_IPV6 &&
		    p->data[14 + 6] == IPPROTO_ICMPV6 && p->data[14 + 40] == ND_ROUTER_SOLICIT)
			n++;
	return n;
}

START_TEST(router_advertisement)
{
	struct in6_addr slaac = A6("2001:db8:1::ff:fe00:100"), src;
	struct inet6_ifaddr *ifa;
	struct rt6_route *rt;
	struct neighbour *n;
	struct inet6_dev *idev;

	two_hosts();
	idev = in6_dev_get(&A->eth[0]);
	ra(A, "fe80::1", 60, 1800, 20000, 500, 1400, "2001:db8:1::", 0xc0, 3600, 1800, 0, 255);
	rt = find_route(A, RT_TABLE_MAIN, "::", 0);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(str6(&rt->gw), "fe80::1");
	ck_assert_uint_eq(rt->metric, 1024);
	ck_assert_uint_eq(rt->protocol, RTPROT_RA);
	ck_assert(rt->flags & RTF6_EXPIRES);
	ck_assert(rt->flags & RTF_GATEWAY);
	rt = find_route(A, RT_TABLE_MAIN, "2001:db8:1::", 64);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->protocol, RTPROT_RA);
	ck_assert_uint_eq(rt->metric, 256);
	ifa = ipv6_get_ifaddr(&A->stack, &slaac, NULL);
	ck_assert_ptr_nonnull(ifa);
	ck_assert(ifa->flags & IFA_F_TENTATIVE);
	ck_assert(!(ifa->flags & IFA_F_PERMANENT));
	ck_assert_uint_eq(ifa->valid_lft, 3600);
	ck_assert_uint_eq(ifa->prefered_lft, 1800);
	ck_assert_int_eq(idev->conf[DEVCONF_HOPLIMIT], 60);
	ck_assert_uint_eq(idev->mtu6, 1400);
	ck_assert_int_eq(idev->nd_parms.retrans_time_ms, 500);
	ck_assert_int_eq(idev->nd_parms.base_reachable_time_ms, 20000);
	n = neigh_lookup(&A->stack.ip6->nd_tbl, &A->eth[0], A6("fe80::1").s6_addr);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->state, NUD_STALE);
	ck_assert(n->flags & NTF_ROUTER);
	ck_assert_int_eq(memcmp(n->ha, fake_mac, 6), 0);
	/* DAD at 500 ms retrans, then usable; the router's RA stopped our RSes. */
	A->capture = true;
	sim_step(&S, 1600 * MS);
	ck_assert(ipv6_chk_addr(&A->stack, &slaac, NULL));
	/* Sources: the global address for a global destination, link-local for link-local. */
	ck_assert_int_eq(ipv6_dev_get_saddr(&A->stack, &A->eth[0], P6("2001:db8:99::1"), &src), 0);
	ck_assert(ipv6_addr_equal(&src, &slaac));
	ck_assert_int_eq(ipv6_dev_get_saddr(&A->stack, &A->eth[0], P6("fe80::1"), &src), 0);
	ck_assert(ipv6_addr_is_ll(&src));
	/* Off-link traffic goes to the router's MAC with the RA's hop limit. */
	sim_capture_clear(A);
	ck_assert_int_eq(ping6(A, A6("2001:db8:99::1"), 0, 1, 8), 0);
	{
		struct pkt *p = pkt_queue_peek(&A->captured);

		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(memcmp(p->data, fake_mac, 6), 0);
		ck_assert_uint_eq(p->data[14 + 7], 60);
		ck_assert_int_eq(memcmp(p->data + 14 + 8, &slaac, 16), 0);
	}
	sim_step(&S, 60 * SEC);
	ck_assert_uint_eq(count_rs(A), 0);
	/* Preferred lifetime over: deprecated, still there; the router's lifetime too. */
	sim_step(&S, 1800 * SEC);
	ifa = ipv6_get_ifaddr(&A->stack, &slaac, NULL);
	ck_assert_ptr_nonnull(ifa);
	ck_assert(ifa->flags & IFA_F_DEPRECATED);
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "::", 0));
	/* A fresh RA renews the lifetimes (every valid lifetime honoured). */
	ra(A, "fe80::1", 64, 600, 0, 0, 0, "2001:db8:1::", 0xc0, 7200, 3600, 0, 255);
	ifa = ipv6_get_ifaddr(&A->stack, &slaac, NULL);
	ck_assert(!(ifa->flags & IFA_F_DEPRECATED));
	ck_assert_uint_eq(ifa->valid_lft, 7200);
	ck_assert_ptr_nonnull(find_route(A, RT_TABLE_MAIN, "::", 0));
	/* Router lifetime 0: no longer a default router. */
	ra(A, "fe80::1", 64, 0, 0, 0, 0, NULL, 0, 0, 0, 0, 255);
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "::", 0));
	/* Valid lifetime over: the address and the prefix route go. */
	sim_step(&S, 7201 * SEC);
	ck_assert_ptr_null(ipv6_get_ifaddr(&A->stack, &slaac, NULL));
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "2001:db8:1::", 64));
	/* Ignored: a global source, a forwarded RA (hop limit 254), code 1. */
	ra(A, "2001:db8::1", 64, 1800, 0, 0, 0, "2001:db8:2::", 0xc0, 3600, 1800, 0, 255);
	ra(A, "fe80::1", 64, 1800, 0, 0, 0, "2001:db8:2::", 0xc0, 3600, 1800, 0, 254);
	ra(A, "fe80::1", 64, 1800, 0, 0, 0, "2001:db8:2::", 0xc0, 3600, 1800, 1, 255);
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "::", 0));
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "2001:db8:2::", 64));
	/* A preferred lifetime beyond the valid one: the prefix is ignored. */
	ra(A, "fe80::1", 64, 0, 0, 0, 0, "2001:db8:3::", 0xc0, 100, 200, 0, 255);
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "2001:db8:3::", 64));
	/* An MTU below 1280 or above the link's: ignored. */
	ra(A, "fe80::1", 64, 0, 0, 0, 1200, NULL, 0, 0, 0, 0, 255);
	ck_assert_uint_eq(idev->mtu6, 1400);
	ra(A, "fe80::1", 64, 0, 0, 0, 9000, NULL, 0, 0, 0, 0, 255);
	ck_assert_uint_eq(idev->mtu6, 1400);
	/* A router (forwarding) does not take RAs (accept_ra=1). */
	ipv6_set_forwarding(&A->stack, 1);
	ra(A, "fe80::1", 64, 1800, 0, 0, 0, "2001:db8:4::", 0xc0, 3600, 1800, 0, 255);
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "::", 0));
	ck_assert_ptr_null(find_route(A, RT_TABLE_MAIN, "2001:db8:4::", 64));
	teardown();
}
END_TEST

/* ---- routing ---- */

START_TEST(route_lookup)
{
	struct rt6_route *rt;
	int oif;

	two_hosts();
	oif = A->eth[0].ifindex;
	add_global(A, 0, "2001:db8:f::a", 64);
	ck_assert_int_eq(add_route(A, "2001:db8::", 32, "fe80::1", oif, 0), 0);
	ck_assert_int_eq(add_route(A, "2001:db8:1::", 48, "fe80::2", oif, 0), 0);
	ck_assert_int_eq(add_route(A, "::", 0, "fe80::3", oif, 0), 0);
	ck_assert_int_eq(add_route(A, "::", 0, "2001:db8:f::4", 0, 2000), 0);
	rt = rt6_lookup(&A->stack, P6("2001:db8:1:2::5"), 0);
	ck_assert_str_eq(str6(&rt->gw), "fe80::2");
	rt = rt6_lookup(&A->stack, P6("2001:db8:2::5"), 0);
	ck_assert_str_eq(str6(&rt->gw), "fe80::1");
	rt = rt6_lookup(&A->stack, P6("2001:dead::1"), 0);
	ck_assert_str_eq(str6(&rt->gw), "fe80::3");
	ck_assert_uint_eq(rt->metric, 1024);
	rt = rt6_lookup(&A->stack, P6("2001:db8:f::77"), 0);
	ck_assert(!(rt->flags & RTF_GATEWAY));
	ck_assert_uint_eq(rt->dst_len, 64);
	/* Linux's checks. */
	ck_assert_int_eq(add_route(A, "::", 0, "fe80::3", oif, 0), -EEXIST);
	ck_assert_int_eq(add_route(A, "2001:db8:5::", 48, "fe80::9", 0, 0), -EINVAL);
	ck_assert_int_eq(add_route(A, "2001:db8:5::", 48, "2001:db8:77::1", 0, 0), -EHOSTUNREACH);
	ck_assert_int_eq(add_route(A, "2001:db8:5::", 48, "ff02::1", oif, 0), -EINVAL);
	ck_assert_int_eq(add_route(A, "2001:db8:5::", 48, NULL, 99, 0), -ENODEV);
	ck_assert_int_eq(add_route(A, "2001:db8:5::", 129, NULL, oif, 0), -EINVAL);
	{
		struct rt6_config cfg;

		memset(&cfg, 0, sizeof(cfg));
		cfg.dst = A6("2001:db8:6::");
		cfg.dst_len = 48;
		ck_assert_int_eq(rt6_route_del(&A->stack, &cfg), -ESRCH);
		cfg.dst = A6("2001:db8::");
		cfg.dst_len = 32;
		ck_assert_int_eq(rt6_route_del(&A->stack, &cfg), 0);
	}
	rt = rt6_lookup(&A->stack, P6("2001:db8:2::5"), 0);
	ck_assert_str_eq(str6(&rt->gw), "fe80::3");
	teardown();
}
END_TEST

static struct in6_addr ga, gb;

/* A -- R -- B with global prefixes, R forwarding, static default routes. */
static void
routed(void)
{
	setup_sim();
	A = sim_host_new(&S, "A", 16 << 20);
	R = sim_host_new(&S, "R", 16 << 20);
	B = sim_host_new(&S, "B", 16 << 20);
	L = sim_seg_new(&S, 1 * MS);
	L2 = sim_seg_new(&S, 1 * MS);
	sim_attach(A, L);
	sim_attach(R, L);
	sim_attach(R, L2);
	sim_attach(B, L2);
	hooks(A);
	hooks(R);
	hooks(B);
	ipv6_set_forwarding(&R->stack, 1);
	ga = add_global(A, 0, "2001:db8:1::a", 64);
	add_global(R, 0, "2001:db8:1::1", 64);
	add_global(R, 1, "2001:db8:2::1", 64);
	gb = add_global(B, 0, "2001:db8:2::b", 64);
	ck_assert_int_eq(add_route(A, "::", 0, "2001:db8:1::1", 0, 0), 0);
	ck_assert_int_eq(add_route(B, "::", 0, "2001:db8:2::1", 0, 0), 0);
	sim_step(&S, 3 * SEC);
}

START_TEST(forwarding)
{
	struct flowi6 fl;
	struct pkt *p;

	routed();
	ck_assert_int_eq(ping6(A, gb, 0, 1, 100), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert(ipv6_addr_equal(&H[0].last_reply_from, &gb));
	ck_assert_uint_ge(R->stack.ip6->ip6stats[IP6STATS_OutForwDatagrams], 2);
	/* Hop limit 1: time exceeded from the router. */
	p = pkt_alloc(&A->pool, PKT_MAX_HEADER, 16);
	memset(pkt_put(p, 16), 0, 16);
	p->data[0] = ICMPV6_ECHO_REQUEST;
	memset(&fl, 0, sizeof(fl));
	fl.daddr = gb;
	fl.hop_limit = 1;
	ck_assert_int_eq(icmpv6_sendmsg(&A->stack, p, &fl, S.now), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].errors, 1);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_TIME_EXCEED);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_EXC_HOPLIMIT);
	/* No route beyond R: unreachable, no route. */
	ck_assert_int_eq(ping6(A, A6("2001:db8:99::1"), 0, 2, 8), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].errors, 2);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_DEST_UNREACH);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_NOROUTE);
	/* A host does not forward: InAddrErrors. */
	{
		uint64_t before = B->stack.ip6->ip6stats[IP6STATS_InAddrErrors];

		f6_start(&F, B->eth[0].addr, R->eth[1].addr, gb, A6("2001:db8:7::7"),
			 IPPROTO_ICMPV6, 64);
		f6_echo(&F, 9, 8);
		f6_finish(&F, 0, IPPROTO_ICMPV6);
		inject(B, &F);
		ck_assert_uint_eq(B->stack.ip6->ip6stats[IP6STATS_InAddrErrors], before + 1);
	}
	teardown();
}
END_TEST

START_TEST(path_mtu)
{
	routed();
	/* R sends at most the IPv6 minimum on both links. */
	ck_assert_int_eq(inet_if_set_mtu(&R->eth[0], 1280, S.now), 0);
	ck_assert_int_eq(inet_if_set_mtu(&R->eth[1], 1280, S.now), 0);
	ck_assert_int_eq(ping6(A, gb, 0, 1, 1400), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 0);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_PKT_TOOBIG);
	ck_assert_uint_eq(H[0].err_info, 1280);
	ck_assert_uint_eq(rt6_pmtu(&A->stack, &gb), 1280);
	ck_assert_uint_ge(R->stack.ip6->ip6stats[IP6STATS_InTooBigErrors], 1);
	/* Now A fragments; B's big reply meets the narrow link too and B learns. */
	ck_assert_int_eq(ping6(A, gb, 0, 2, 1400), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_ge(A->stack.ip6->ip6stats[IP6STATS_FragCreates], 2);
	ck_assert_uint_eq(B->stack.ip6->ip6stats[IP6STATS_ReasmOKs], 1);
	ck_assert_uint_eq(rt6_pmtu(&B->stack, &ga), 1280);
	ck_assert_uint_eq(H[0].echo_replies, 0);
	ck_assert_int_eq(ping6(A, gb, 0, 3, 1400), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert_uint_eq(H[0].last_seq, 3);
	ck_assert_uint_eq(H[0].last_reply_len, 1408);
	ck_assert_uint_ge(A->stack.ip6->ip6stats[IP6STATS_ReasmOKs], 1);
	/* Packet Too Big below 1280 is taken as 1280 (no atomic fragments). */
	rt6_update_pmtu(&A->stack, P6("2001:db8:5::5"), 600);
	ck_assert_uint_eq(rt6_pmtu(&A->stack, P6("2001:db8:5::5")), 1280);
	teardown();
}
END_TEST

START_TEST(dead_router)
{
	routed();
	/* A preferred default router that does not exist. */
	ck_assert_int_eq(add_route(A, "::", 0, "2001:db8:1::5", 0, 100), 0);
	ck_assert_int_eq(ping6(A, gb, 0, 1, 8), 0);
	sim_step(&S, 4 * SEC);
	ck_assert_uint_eq(H[0].echo_replies, 0);
	/* Resolution failed: address unreachable, to ourselves. */
	ck_assert_uint_eq(H[0].err_type, ICMPV6_DEST_UNREACH);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_ADDR_UNREACH);
	/* Its neighbour entry FAILED: the other default router takes over. */
	ck_assert_int_eq(ping6(A, gb, 0, 2, 8), 0);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	teardown();
}
END_TEST

/* ---- reassembly ---- */

static struct frame6 D;		/* a whole datagram, cut into fragments */

/* The echo request A -> B (global addresses), 1000 bytes of data, in D. */
static void
big_echo(uint16_t seq)
{
	f6_start(&D, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&D, seq, 1000);
	f6_finish(&D, 0, IPPROTO_ICMPV6);
}

/* Fragment [off, off+len) of D's payload with identification id. */
static void
frag(unsigned int off, unsigned int len, bool more, uint32_t id)
{
	static struct frame6 f;
	uint8_t *fh;

	f6_start(&f, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_FRAGMENT, 64);
	fh = f6_put(&f, NULL, 8);
	fh[0] = IPPROTO_ICMPV6;
	put_be16(fh + 2, (uint16_t)(off | (more ? IP6_MF : 0)));
	put_be32(fh + 4, id);
	f6_put(&f, D.b + 54 + off, len);
	f6_finish(&f, -1, 0);
	inject(B, &f);
}

static void
two_globals(void)
{
	two_hosts();
	ga = add_global(A, 0, "2001:db8::a", 64);
	gb = add_global(B, 0, "2001:db8::b", 64);
}

START_TEST(reassembly)
{
	uint64_t *st;

	two_globals();
	st = B->stack.ip6->ip6stats;
	/* In order. */
	big_echo(1);
	frag(0, 400, true, 1);
	frag(400, 400, true, 1);
	frag(800, 208, false, 1);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert_uint_eq(H[0].last_reply_len, 1008);
	/* Backwards, with a duplicate in the middle. */
	big_echo(2);
	frag(800, 208, false, 2);
	frag(400, 400, true, 2);
	frag(400, 400, true, 2);
	frag(0, 400, true, 2);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 2);
	ck_assert_uint_eq(st[IP6STATS_ReasmOKs], 2);
	/* An overlap kills the datagram (RFC 5722). */
	big_echo(3);
	frag(0, 400, true, 3);
	frag(392, 400, true, 3);
	frag(800, 208, false, 3);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 2);
	ck_assert_uint_ge(st[IP6STATS_ReasmFails], 1);
	/* (its last fragment, after the kill, started a new queue that times out) */
	/* A middle fragment not a multiple of 8: parameter problem at the payload length. */
	big_echo(4);
	frag(0, 404, true, 4);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_PARAMPROB);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_HDR_FIELD);
	ck_assert_uint_eq(H[0].err_info, 4);
	/* An atomic fragment: delivered at once. */
	big_echo(5);
	frag(0, 1008, false, 5);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 3);
	ck_assert_uint_eq(H[0].last_seq, 5);
	/* A first fragment without the whole ICMPv6 header: code 3, pointer 0. */
	big_echo(6);
	frag(0, 4, true, 6);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_PARAMPROB);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_HDR_INCOMP);
	ck_assert_uint_eq(H[0].err_info, 0);
	/* Beyond 65535: parameter problem at the fragment offset field. */
	big_echo(7);
	frag(65528, 16, false, 7);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_HDR_FIELD);
	ck_assert_uint_eq(H[0].err_info, 42);
	/* Only the first fragment: after 60 s, time exceeded (reassembly). */
	H[0].errors = 0;
	big_echo(8);
	frag(0, 400, true, 8);
	big_echo(9);
	frag(800, 208, false, 9);	/* only a last one: no error */
	sim_step(&S, 59 * SEC);
	ck_assert_uint_eq(H[0].errors, 0);
	sim_step(&S, 2 * SEC);
	ck_assert_uint_eq(H[0].errors, 1);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_TIME_EXCEED);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_EXC_FRAGTIME);
	ck_assert_uint_eq(st[IP6STATS_ReasmTimeout], 3);
	ck_assert_uint_eq(ip6frag_mem(&B->stack), 0);
	/* Memory: beyond ip6frag_high_thresh new fragments are dropped. */
	B->stack.ip6->sysctl.ip6frag_high_thresh = 20000;
	big_echo(10);
	for (uint32_t id = 100; id < 200; id++)
		frag(0, 400, true, id);
	ck_assert_uint_le(ip6frag_mem(&B->stack), 20000 + 4096);
	ck_assert_uint_ge(st[IP6STATS_ReasmFails], 50);
	teardown();
}
END_TEST

/* ---- extension headers and input checks ---- */

/* An echo request A -> dst with a destination options header holding option type. */
static void
with_dstopt(struct in6_addr dst, uint8_t type, uint8_t nexthdr_after, uint16_t seq)
{
	uint8_t *o;
	const uint8_t *dmac = B->eth[0].addr;
	uint8_t mc[6];

	if (ipv6_addr_is_multicast(&dst)) {
		ipv6_eth_mc_map(dst.s6_addr, mc);
		dmac = mc;
	}
	f6_start(&F, dmac, A->eth[0].addr, ga, dst, IPPROTO_DSTOPTS, 64);
	o = f6_put(&F, NULL, 8);
	o[0] = nexthdr_after;
	o[1] = 0;
	o[2] = type;
	o[3] = 4;		/* 4 bytes of option data: 8 in all */
	f6_echo(&F, seq, 8);
	f6_finish(&F, 8, IPPROTO_ICMPV6);
	inject(B, &F);
	sim_step(&S, 50 * MS);
}

START_TEST(extension_headers)
{
	uint8_t *o;

	two_globals();
	/* Unknown option, action 00: skipped, the echo is answered. */
	with_dstopt(gb, 0x1e, IPPROTO_ICMPV6, 1);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	/* 01: dropped silently. */
	with_dstopt(gb, 0x5e, IPPROTO_ICMPV6, 2);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert_uint_eq(H[0].errors, 0);
	/* 10: parameter problem, code 2, pointing at the option. */
	with_dstopt(gb, 0x9e, IPPROTO_ICMPV6, 3);
	ck_assert_uint_eq(H[0].errors, 1);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_PARAMPROB);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_UNK_OPTION);
	ck_assert_uint_eq(H[0].err_info, 42);
	/* 11: the same for unicast, nothing for multicast; 10 answers multicast too. */
	with_dstopt(gb, 0xde, IPPROTO_ICMPV6, 4);
	ck_assert_uint_eq(H[0].errors, 2);
	with_dstopt(A6("ff02::1"), 0xde, IPPROTO_ICMPV6, 5);
	ck_assert_uint_eq(H[0].errors, 2);
	with_dstopt(A6("ff02::1"), 0x9e, IPPROTO_ICMPV6, 6);
	ck_assert_uint_eq(H[0].errors, 3);
	/* Hop-by-hop after another header: unknown next header at its pointer. */
	with_dstopt(gb, 0x1e, IPPROTO_HOPOPTS, 7);
	ck_assert_uint_eq(H[0].errors, 4);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_UNK_NEXTHDR);
	ck_assert_uint_eq(H[0].err_info, 40);
	/* An unknown upper layer: code 1 at the fixed header's next header byte. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, 253, 64);
	f6_put(&F, NULL, 16);
	f6_finish(&F, -1, 0);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 5);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_UNK_NEXTHDR);
	ck_assert_uint_eq(H[0].err_info, 6);
	ck_assert_uint_eq(B->stack.ip6->ip6stats[IP6STATS_InUnknownProtos], 1);
	/* A routing header with segments left: parameter problem at its type. */
	for (int left = 0; left < 2; left++) {
		f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ROUTING, 64);
		o = f6_put(&F, NULL, 24);
		o[0] = IPPROTO_ICMPV6;
		o[1] = 2;
		o[2] = 0;
		o[3] = (uint8_t)left;
		f6_echo(&F, (uint16_t)(10 + left), 8);
		f6_finish(&F, 24, IPPROTO_ICMPV6);
		inject(B, &F);
		sim_step(&S, 50 * MS);
	}
	ck_assert_uint_eq(H[0].echo_replies, 2);	/* segments left 0: processed */
	ck_assert_uint_eq(H[0].errors, 6);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_HDR_FIELD);
	ck_assert_uint_eq(H[0].err_info, 42);
	/* More than 7 bytes of padding: dropped. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_DSTOPTS, 64);
	o = f6_put(&F, NULL, 16);
	o[0] = IPPROTO_ICMPV6;
	o[1] = 1;
	o[2] = IPV6_TLV_PADN;
	o[3] = 12;
	f6_echo(&F, 20, 8);
	f6_finish(&F, 16, IPPROTO_ICMPV6);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 2);
	/* Never an error about an ICMPv6 error: the same bad option before one. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_DSTOPTS, 64);
	o = f6_put(&F, NULL, 8);
	o[0] = IPPROTO_ICMPV6;
	o[2] = 0x9e;
	o[3] = 4;
	o = f6_put(&F, NULL, 8 + 48);
	o[0] = ICMPV6_DEST_UNREACH;
	f6_finish(&F, 8, IPPROTO_ICMPV6);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 6);
	teardown();
}
END_TEST

START_TEST(input_checks)
{
	uint64_t *st;
	struct in6_addr mc = A6("ff02::5");

	two_globals();
	st = B->stack.ip6->ip6stats;
	/* A multicast source. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, mc, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 1, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InHdrErrors], 1);
	/* ::1 from the wire. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, in6addr_loopback, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 2, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InHdrErrors], 2);
	/* Interface-local and reserved-scope multicast from the wire. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, A6("ff01::1"), IPPROTO_ICMPV6, 64);
	f6_echo(&F, 3, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InHdrErrors], 3);
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, A6("ff00::1"), IPPROTO_ICMPV6, 64);
	f6_echo(&F, 4, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InHdrErrors], 4);
	/* Version 4 in an IPv6 frame. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 5, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	F.b[14] = 0x40;
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InHdrErrors], 5);
	/* A payload length beyond the frame; then shorter than the frame (trimmed). */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 6, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	put_be16(F.b + 18, 100);
	inject(B, &F);
	ck_assert_uint_eq(st[IP6STATS_InTruncatedPkts], 1);
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 7, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	f6_put(&F, NULL, 30);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 1);
	ck_assert_uint_eq(H[0].last_seq, 7);
	/* A bad ICMPv6 checksum. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
	f6_echo(&F, 8, 8);
	f6_finish(&F, 0, IPPROTO_ICMPV6);
	F.b[54 + 9] ^= 1;
	inject(B, &F);
	ck_assert_uint_eq(B->stack.ip6->icmp6stats[ICMP6STATS_InCsumErrors], 1);
	/* Frames for another station (promiscuous copies) are not ours. */
	{
		static const uint8_t other[6] = { 0x02, 0x55, 0, 0, 0, 9 };
		uint64_t before = st[IP6STATS_InReceives];

		f6_start(&F, other, A->eth[0].addr, ga, gb, IPPROTO_ICMPV6, 64);
		f6_echo(&F, 9, 8);
		f6_finish(&F, 0, IPPROTO_ICMPV6);
		inject(B, &F);
		ck_assert_uint_eq(st[IP6STATS_InReceives], before);
	}
	/* Truncated garbage of every length never crashes. */
	for (unsigned int n = 14; n < 120; n++) {
		f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_DSTOPTS, 64);
		memset(F.b + 54, 0xff, 80);
		F.len = n;
		inject(B, &F);
	}
	teardown();
}
END_TEST

START_TEST(icmp_errors_and_limits)
{
	two_globals();
	/* UDP to B (no IPv6 UDP yet): port unreachable, 6 at once then one per 250 ms
	 * (1000 ms shifted by (128 - 64) / 32 for the on-link /64). */
	for (int i = 0; i < 20; i++) {
		uint8_t *u;

		f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_UDP, 64);
		u = f6_put(&F, NULL, 8 + 4);
		put_be16(u, 5000);
		put_be16(u + 2, 7);
		f6_finish(&F, 0, IPPROTO_UDP);
		inject(B, &F);
	}
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 6);
	ck_assert_uint_eq(H[0].err_type, ICMPV6_DEST_UNREACH);
	ck_assert_uint_eq(H[0].err_code, ICMPV6_PORT_UNREACH);
	ck_assert_uint_eq(B->stack.ip6->icmp6stats[ICMP6STATS_OutRateLimitHost], 14);
	sim_step(&S, 250 * MS);
	for (int i = 0; i < 3; i++) {
		f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_UDP, 64);
		f6_put(&F, NULL, 12);
		f6_finish(&F, 0, IPPROTO_UDP);
		inject(B, &F);
	}
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 7);
	/* A zero UDP checksum is invalid in IPv6: no error at all. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, ga, gb, IPPROTO_UDP, 64);
	f6_put(&F, NULL, 12);
	f6_finish(&F, -1, 0);
	sim_step(&S, 2 * SEC);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 7);
	/* Echo replies are not limited. */
	for (uint16_t i = 0; i < 20; i++)
		ck_assert_int_eq(ping6(A, gb, 0, i, 8), 0);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].echo_replies, 20);
	/* Never to a multicast or unspecified source. */
	f6_start(&F, B->eth[0].addr, A->eth[0].addr, in6addr_any, gb, 253, 64);
	f6_put(&F, NULL, 8);
	f6_finish(&F, -1, 0);
	inject(B, &F);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(H[0].errors, 7);
	teardown();
}
END_TEST

static Suite *
ipv6_suite(void)
{
	Suite *s = suite_create("net_ipv6");
	TCase *tc;

	tc = tcase_create("addresses");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, text_vs_glibc);
	tcase_add_test(tc, address_classes);
	suite_add_tcase(s, tc);
	tc = tcase_create("nd");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, link_local_and_dad);
	tcase_add_test(tc, ping_link_local);
	tcase_add_test(tc, dad_duplicate);
	tcase_add_test(tc, router_advertisement);
	suite_add_tcase(s, tc);
	tc = tcase_create("routing");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, route_lookup);
	tcase_add_test(tc, forwarding);
	tcase_add_test(tc, path_mtu);
	tcase_add_test(tc, dead_router);
	suite_add_tcase(s, tc);
	tc = tcase_create("input");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, reassembly);
	tcase_add_test(tc, extension_headers);
	tcase_add_test(tc, input_checks);
	tcase_add_test(tc, icmp_errors_and_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ipv6_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
