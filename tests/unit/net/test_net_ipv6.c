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
#include "uapi/route.h"
#include "uapi/rtnetlink.h"

static struct sim S;
static struct sim_host *A, *B;
static struct sim_seg *L;

static struct in6_addr
A6(const char *s)
{
	struct in6_addr a;

	ck_assert_msg(in6_pton(s, &a) == 0, "bad test address %s", s);
	return a;
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
