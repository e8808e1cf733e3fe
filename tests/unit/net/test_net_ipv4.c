/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the IPv4 stack (kernel/net/ipv4) on simulated Ethernet
 * segments (netsim.c): ARP resolution and neighbour state ageing with
 * Linux's timings, ping, ICMP errors and their rate limits, routing,
 * forwarding, fragmentation and reassembly, UDP sockets.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/arp.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/raw.h"
#include "kernel/net/route.h"
#include "kernel/net/udp.h"
#include "kernel/net/ether.h"
#include "uapi/if_arp.h"
#include "uapi/if_packet.h"
#include "uapi/netlink.h"
#include "uapi/rtnetlink.h"
#include "uapi/in.h"
#include "uapi/socket.h"
#include "netsim.h"

static struct sim S;
static struct sim_host *A, *B, *R;
static struct sim_seg *L1, *L2;

/* Two hosts on one segment: A 10.0.0.1, B 10.0.0.2, 1 ms apart. */
static void
two_hosts(void)
{
	sim_init(&S, 42);
	A = sim_host_new(&S, "A", 1 << 22);
	B = sim_host_new(&S, "B", 1 << 22);
	L1 = sim_seg_new(&S, 1 * MS);
	sim_addr(sim_attach(A, L1), IP4(10, 0, 0, 1), 24);
	sim_addr(sim_attach(B, L1), IP4(10, 0, 0, 2), 24);
}

static void
teardown(void)
{
	sim_destroy(&S);
}

static struct neighbour *
neigh(struct sim_host *h, int idx, uint32_t ip)
{
	uint8_t key[4];

	put_be32(key, ip);
	return neigh_lookup(&h->stack.arp_tbl, &h->eth[idx], key);
}

/* A UDP socket of host h bound to addr:port. */
static struct udp_sock *
udp_open(struct sim_host *h, uint32_t addr, uint16_t port)
{
	struct udp_sock *us = calloc(1, sizeof(*us));

	udp_sock_init(us, &h->stack);
	if (addr || port)
		ck_assert_int_eq(udp_bind(us, addr, port), 0);
	return us;
}

static void
udp_free(struct udp_sock *us)
{
	udp_close(us);
	free(us);
}

static int
udp_send(struct udp_sock *us, uint32_t daddr, uint16_t dport, const char *msg)
{
	struct sim_buf_src b;
	struct udp_send_args a = { .has_dest = daddr != 0, .daddr = daddr, .dport = dport,
				   .ttl = -1, .tos = -1 };
	int n;

	sim_src(&b, msg, strlen(msg));
	n = udp_sendmsg(us, &b.src, &a, S.now);
	sim_flush(&S);
	return n;
}

/* Receive one datagram into buf; returns its length or -1 if none. */
static int
udp_recv(struct udp_sock *us, char *buf, size_t size, struct inet_recv_info *ri)
{
	struct pkt *p = inet_sock_dequeue(&us->inet);
	int n;

	if (!p)
		return -1;
	n = (int)p->len;
	if (ri)
		inet_recv_info(p, ri);
	memcpy(buf, p->data, (size_t)n < size ? (size_t)n : size);
	if ((size_t)n < size)
		buf[n] = '\0';
	pkt_free(p);
	return n;
}

/* A ping socket's echo request and whether a reply came back. */
static struct inet_sock *
ping_open(struct sim_host *h)
{
	struct inet_sock *sk = calloc(1, sizeof(*sk));

	ping_sock_init(sk, &h->stack);
	return sk;
}

static int
ping_send(struct inet_sock *sk, uint32_t daddr, uint16_t seq, size_t len)
{
	uint8_t msg[70000] = { ICMP_ECHO, 0 };
	struct sim_buf_src b;
	struct raw_send_args a = { .has_dest = true, .daddr = daddr, .ttl = -1, .tos = -1 };
	int n;

	put_be16(msg + 6, seq);
	for (size_t i = 8; i < len; i++)
		msg[i] = (uint8_t)i;
	sim_src(&b, msg, len);
	n = ping_sendmsg(sk, &b.src, &a, S.now);
	sim_flush(&S);
	return n;
}

static int
ping_replies(struct inet_sock *sk)
{
	int n = 0;
	struct pkt *p;

	while ((p = inet_sock_dequeue(sk))) {
		ck_assert_uint_eq(p->data[0], ICMP_ECHOREPLY);
		n++;
		pkt_free(p);
	}
	return n;
}

static void
ping_free(struct inet_sock *sk)
{
	ping_close(sk);
	free(sk);
}

START_TEST(arp_resolve_and_ping)
{
	struct inet_sock *ps;
	struct neighbour *n;

	two_hosts();
	A->capture = true;
	ps = ping_open(A);
	ck_assert_int_eq(ping_send(ps, IP4(10, 0, 0, 2), 1, 64), 64);
	/* A asked who has 10.0.0.2 (broadcast) and waits. */
	n = neigh(A, 0, IP4(10, 0, 0, 2));
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->state, NUD_INCOMPLETE);
	ck_assert_uint_eq(sim_captured_count(A, ETH_P_ARP), 1);
	sim_step(&S, 10 * MS);
	/* Answered: reply (unicast to us) makes it REACHABLE; the echo went out. */
	n = neigh(A, 0, IP4(10, 0, 0, 2));
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	ck_assert_int_eq(ping_replies(ps), 1);
	/* B learned A from the request (STALE), then sent to it: DELAY. */
	n = neigh(B, 0, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(n->state, NUD_DELAY);
	ck_assert_uint_eq(A->stack.icmp_in_type[ICMP_ECHOREPLY], 1);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_ECHOREPLY], 1);
	ping_free(ps);
	teardown();
}
END_TEST

START_TEST(arp_delay_probe_reachable)
{
	struct inet_sock *ps;
	struct neighbour *n;
	unsigned int arps;

	two_hosts();
	ps = ping_open(A);
	ping_send(ps, IP4(10, 0, 0, 2), 1, 64);
	sim_step(&S, 10 * MS);
	n = neigh(B, 0, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(n->state, NUD_DELAY);
	B->capture = true;
	/* No confirmation within delay_first_probe_time (5 s): PROBE, and a
	 * unicast request to the known address. */
	sim_step(&S, 4990 * MS);
	n = neigh(B, 0, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(n->state, NUD_DELAY);
	sim_step(&S, 20 * MS);
	arps = sim_captured_count(B, ETH_P_ARP);
	ck_assert_uint_ge(arps, 1);
	{
		struct pkt *p = NULL, *c;

		/* The first ARP frame (IPv6 router solicitations go too). */
		list_for_each_entry(c, &B->captured.head, list) {
			if (get_be16(c->data + 12) == ETH_P_ARP) {
				p = c;
				break;
			}
		}
		ck_assert_ptr_nonnull(p);
		/* Out (dir 1), to A's MAC, an ARP request */
		ck_assert_uint_eq(p->pkt_type, 1);
		ck_assert_int_eq(memcmp(p->data, A->eth[0].addr, 6), 0);
		ck_assert_uint_eq(get_be16(p->data + 20), ARPOP_REQUEST);
	}
	/* A answered: REACHABLE again. */
	n = neigh(B, 0, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	/* Reachable time passes with no traffic: STALE (between 15 and 45 s). */
	sim_step(&S, 46 * SEC);
	ck_assert_uint_eq(neigh(B, 0, IP4(10, 0, 0, 1))->state, NUD_STALE);
	ck_assert_uint_eq(neigh(A, 0, IP4(10, 0, 0, 2))->state, NUD_STALE);
	ping_free(ps);
	teardown();
}
END_TEST

START_TEST(arp_unreachable_fails)
{
	struct udp_sock *us;
	struct neighbour *n;

	two_hosts();
	A->capture = true;
	us = udp_open(A, 0, 0);
	ck_assert_int_eq(udp_connect(us, IP4(10, 0, 0, 99), 53, S.now), 0);
	ck_assert_int_eq(udp_send(us, 0, 0, "query"), 5);
	/* mcast_solicit = 3 broadcasts, 1 s apart, then FAILED at 3 s. */
	sim_step(&S, 2500 * MS);
	ck_assert_uint_eq(sim_captured_count(A, ETH_P_ARP), 3);
	n = neigh(A, 0, IP4(10, 0, 0, 99));
	ck_assert_uint_eq(n->state, NUD_INCOMPLETE);
	sim_step(&S, 600 * MS);
	n = neigh(A, 0, IP4(10, 0, 0, 99));
	ck_assert_uint_eq(n->state, NUD_FAILED);
	ck_assert_uint_eq(sim_captured_count(A, ETH_P_ARP), 3);
	/* The queued datagram came back as host unreachable: a connected
	 * socket sees EHOSTUNREACH only as a soft error (not fatal): no sk_err. */
	ck_assert_uint_eq(A->stack.icmp_out_type[ICMP_DEST_UNREACH], 1);
	ck_assert_int_eq(us->inet.err, 0);
	/* With IP_RECVERR it is reported. */
	us->inet.recverr = true;
	ck_assert_int_eq(udp_send(us, 0, 0, "again"), 5);
	sim_step(&S, 3100 * MS);
	ck_assert_int_eq(us->inet.err, EHOSTUNREACH);
	ck_assert_uint_eq(us->inet.errq.count, 1);
	{
		struct pkt *p = pkt_queue_peek(&us->inet.errq);
		struct inet_err_cb *cb = INET_ERR_CB(p);

		ck_assert_uint_eq(cb->ee.ee_origin, SO_EE_ORIGIN_ICMP);
		ck_assert_uint_eq(cb->ee.ee_type, ICMP_DEST_UNREACH);
		ck_assert_uint_eq(cb->ee.ee_code, ICMP_HOST_UNREACH);
		ck_assert_uint_eq(cb->addr, IP4(10, 0, 0, 99));
		ck_assert_uint_eq(cb->port, 53);
		ck_assert_uint_eq(cb->offender, IP4(10, 0, 0, 1));
		ck_assert_uint_eq(p->len, 5);
		ck_assert_int_eq(memcmp(p->data, "again", 5), 0);
	}
	udp_free(us);
	teardown();
}
END_TEST

START_TEST(udp_echo_both_ways)
{
	struct udp_sock *a, *b;
	struct inet_recv_info ri;
	char buf[100];

	two_hosts();
	a = udp_open(A, 0, 0);
	b = udp_open(B, 0, 5353);
	ck_assert_int_eq(udp_send(a, IP4(10, 0, 0, 2), 5353, "hello"), 5);
	sim_step(&S, 50 * MS);
	ck_assert_int_eq(udp_recv(b, buf, sizeof(buf), &ri), 5);
	ck_assert_str_eq(buf, "hello");
	ck_assert_uint_eq(ri.saddr, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(ri.daddr, IP4(10, 0, 0, 2));
	ck_assert_uint_ge(ri.sport, 32768);
	ck_assert_uint_le(ri.sport, 60999);
	ck_assert_uint_eq(ri.sport, a->inet.num);
	ck_assert_int_eq(ri.ifindex, 2);
	ck_assert_uint_eq(ri.ttl, 64);
	ck_assert_int_eq(udp_send(b, ri.saddr, ri.sport, "world!"), 6);
	sim_step(&S, 50 * MS);
	ck_assert_int_eq(udp_recv(a, buf, sizeof(buf), &ri), 6);
	ck_assert_str_eq(buf, "world!");
	ck_assert_uint_eq(ri.sport, 5353);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_InDatagrams], 1);
	ck_assert_uint_eq(A->stack.udpstats[UDPSTATS_OutDatagrams], 1);
	udp_free(a);
	udp_free(b);
	teardown();
}
END_TEST

START_TEST(udp_port_unreachable)
{
	struct udp_sock *a;
	char buf[16];

	two_hosts();
	a = udp_open(A, 0, 0);
	ck_assert_int_eq(udp_connect(a, IP4(10, 0, 0, 2), 9999, S.now), 0);
	ck_assert_int_eq(udp_send(a, 0, 0, "x"), 1);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_NoPorts], 1);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_DEST_UNREACH], 1);
	/* Connected: ECONNREFUSED, reported once by the next call. */
	ck_assert_int_eq(a->inet.err, ECONNREFUSED);
	ck_assert_int_eq(udp_send(a, 0, 0, "y"), -ECONNREFUSED);
	ck_assert_int_eq(a->inet.err, 0);
	ck_assert_int_eq(udp_recv(a, buf, sizeof(buf), NULL), -1);
	/* Unconnected sockets are not told. */
	udp_disconnect(a);
	ck_assert_int_eq(udp_send(a, IP4(10, 0, 0, 2), 9999, "z"), 1);
	sim_step(&S, 50 * MS);
	ck_assert_int_eq(a->inet.err, 0);
	udp_free(a);
	teardown();
}
END_TEST


/* Frame building for injected traffic. */
static unsigned int
eth_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put_be16(f + 12, type);
	return 14;
}

/* An IPv4 header at h (20 bytes) for len bytes of payload. */
static void
ip_hdr(uint8_t *h, uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t id,
       uint16_t frag_off, uint8_t ttl, unsigned int len)
{
	memset(h, 0, 20);
	h[0] = 0x45;
	put_be16(h + 2, (uint16_t)(20 + len));
	put_be16(h + 4, id);
	put_be16(h + 6, frag_off);
	h[8] = ttl;
	h[9] = proto;
	put_be32(h + 12, saddr);
	put_be32(h + 16, daddr);
	put_u16(h + 10, ip_fast_csum(h, 5));
}

/* A UDP datagram (header + payload) with a correct checksum. */
static unsigned int
udp_dgram(uint8_t *u, uint32_t saddr, uint32_t daddr, uint16_t sport, uint16_t dport,
	  const uint8_t *payload, unsigned int len)
{
	uint16_t c;

	put_be16(u, sport);
	put_be16(u + 2, dport);
	put_be16(u + 4, (uint16_t)(8 + len));
	put_u16(u + 6, 0);
	memcpy(u + 8, payload, len);
	c = csum_tcpudp_magic(saddr, daddr, 8 + len, IPPROTO_UDP, csum_partial(u, 8 + len, 0));
	put_u16(u + 6, c ? c : 0xffff);
	return 8 + len;
}

/* Inject, from A's MAC to B's eth0, an IP packet made of hdr fields and bytes. */
static void
inject_ip(struct sim_host *to, struct sim_host *from, uint32_t saddr, uint32_t daddr,
	  uint8_t proto, uint16_t id, uint16_t frag_off, const uint8_t *data, unsigned int len)
{
	uint8_t f[2000];
	unsigned int n = eth_frame(f, to->eth[0].addr, from->eth[0].addr, ETH_P_IP);

	ip_hdr(f + n, saddr, daddr, proto, id, frag_off, 64, len);
	memcpy(f + n + 20, data, len);
	sim_inject(to, 0, f, n + 20 + len);
}

static int
count_routes_cb_n;
static void
count_cb(struct fib_route *r, void *arg)
{
	(void)r;
	(void)arg;
	count_routes_cb_n++;
}

static int
count_routes(struct sim_host *h)
{
	count_routes_cb_n = 0;
	fib_for_each(&h->stack, count_cb, NULL);
	return count_routes_cb_n;
}

static int
lookup(struct sim_host *h, uint32_t daddr, struct fib_route **r)
{
	struct fib_lookup_key key = { .daddr = daddr };

	return fib_lookup(&h->stack, &key, r);
}

START_TEST(routes_of_addresses)
{
	struct fib_route *r;

	two_hosts();
	/* lo: local 127.0.0.0/8, local 127.0.0.1, broadcast 127.255.255.255;
	 * eth0: local 10.0.0.1, broadcast 10.0.0.255, 10.0.0.0/24 (main). */
	ck_assert_int_eq(count_routes(A), 6);
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 1), &r), 0);
	ck_assert_uint_eq(r->type, RTN_LOCAL);
	ck_assert_uint_eq(r->scope, RT_SCOPE_HOST);
	ck_assert_uint_eq(r->table->id, RT_TABLE_LOCAL);
	ck_assert_uint_eq(r->prefsrc, IP4(10, 0, 0, 1));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 255), &r), 0);
	ck_assert_uint_eq(r->type, RTN_BROADCAST);
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 0), &r), 0);
	ck_assert_uint_eq(r->type, RTN_UNICAST);	/* no subnet-zero broadcast (Linux >= 5.x) */
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 77), &r), 0);
	ck_assert_uint_eq(r->type, RTN_UNICAST);
	ck_assert_uint_eq(r->scope, RT_SCOPE_LINK);
	ck_assert_uint_eq(r->protocol, RTPROT_KERNEL);
	ck_assert_uint_eq(r->dst_len, 24);
	ck_assert_int_eq(lookup(A, IP4(127, 5, 5, 5), &r), 0);
	ck_assert_uint_eq(r->type, RTN_LOCAL);
	ck_assert_int_eq(lookup(A, IP4(8, 8, 8, 8), &r), -ENETUNREACH);
	ck_assert_int_eq(inet_addr_type(&A->stack, IP4(10, 0, 0, 255)), RTN_BROADCAST);
	ck_assert_int_eq(inet_addr_type(&A->stack, IP4(10, 0, 0, 1)), RTN_LOCAL);
	ck_assert_int_eq(inet_addr_type(&A->stack, IP4(224, 0, 0, 5)), RTN_MULTICAST);
	teardown();
}
END_TEST

START_TEST(routes_longest_prefix)
{
	struct fib_route *r;
	struct fib_config cfg;

	two_hosts();
	ck_assert_int_eq(sim_route(A, 0, 0, IP4(10, 0, 0, 254), NULL, 100), 0);
	ck_assert_int_eq(sim_route(A, 0, 0, IP4(10, 0, 0, 250), NULL, 50), 0);
	ck_assert_int_eq(sim_route(A, IP4(10, 1, 0, 0), 16, IP4(10, 0, 0, 253), NULL, 0), 0);
	ck_assert_int_eq(sim_route(A, IP4(10, 1, 2, 0), 24, IP4(10, 0, 0, 252), NULL, 0), 0);
	ck_assert_int_eq(sim_route(A, IP4(10, 1, 2, 3), 32, 0, &A->eth[0], 0), 0);
	ck_assert_int_eq(lookup(A, IP4(10, 1, 2, 4), &r), 0);
	ck_assert_uint_eq(r->gw, IP4(10, 0, 0, 252));
	ck_assert_int_eq(lookup(A, IP4(10, 1, 9, 9), &r), 0);
	ck_assert_uint_eq(r->gw, IP4(10, 0, 0, 253));
	ck_assert_int_eq(lookup(A, IP4(10, 1, 2, 3), &r), 0);
	ck_assert_uint_eq(r->gw, 0);
	ck_assert_int_eq(lookup(A, IP4(8, 8, 8, 8), &r), 0);
	ck_assert_uint_eq(r->gw, IP4(10, 0, 0, 250));	/* the lower metric */
	ck_assert_uint_eq(r->nh_scope, RT_SCOPE_LINK);
	/* Linux's checks. */
	ck_assert_int_eq(sim_route(A, 0, 0, IP4(192, 168, 5, 5), NULL, 7), -ENETUNREACH);
	ck_assert_int_eq(sim_route(A, IP4(10, 1, 2, 0), 16, IP4(10, 0, 0, 9), NULL, 0), -EINVAL);
	ck_assert_int_eq(sim_route(A, 0, 0, IP4(10, 0, 0, 250), NULL, 50), -EEXIST);
	ck_assert_int_eq(sim_route(A, IP4(10, 2, 0, 0), 16, 0, NULL, 0), -ENODEV);
	/* Delete the lower metric default: the other one takes over. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.dst_len = 0;
	cfg.scope = RT_SCOPE_NOWHERE;
	cfg.priority = 50;
	ck_assert_int_eq(fib_route_del(&A->stack, &cfg), 0);
	ck_assert_int_eq(fib_route_del(&A->stack, &cfg), -ESRCH);
	ck_assert_int_eq(lookup(A, IP4(8, 8, 8, 8), &r), 0);
	ck_assert_uint_eq(r->gw, IP4(10, 0, 0, 254));
	/* Reject routes answer with their error. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.dst = IP4(172, 16, 0, 0);
	cfg.dst_len = 12;
	cfg.type = RTN_UNREACHABLE;
	cfg.nlflags = NLM_F_CREATE;
	ck_assert_int_eq(fib_route_add(&A->stack, &cfg), 0);
	ck_assert_int_eq(lookup(A, IP4(172, 20, 1, 1), &r), -EHOSTUNREACH);
	cfg.dst = IP4(172, 20, 0, 0);
	cfg.dst_len = 16;
	cfg.type = RTN_PROHIBIT;
	ck_assert_int_eq(fib_route_add(&A->stack, &cfg), 0);
	ck_assert_int_eq(lookup(A, IP4(172, 20, 1, 1), &r), -EACCES);
	cfg.type = RTN_BLACKHOLE;
	cfg.dst_len = 24;
	cfg.dst = IP4(172, 20, 1, 0);
	ck_assert_int_eq(fib_route_add(&A->stack, &cfg), 0);
	ck_assert_int_eq(lookup(A, IP4(172, 20, 1, 1), &r), -EINVAL);
	cfg.oif = 2;	/* no device allowed on a reject route */
	cfg.dst = IP4(172, 21, 1, 0);
	ck_assert_int_eq(fib_route_add(&A->stack, &cfg), -EINVAL);
	/* The interface goes down: its routes go, the static ones too. */
	inet_if_set_flags(&A->eth[0], 0, S.now);
	ck_assert_int_eq(lookup(A, IP4(8, 8, 8, 8), &r), -ENETUNREACH);
	ck_assert_int_eq(sim_route(A, IP4(10, 2, 0, 0), 16, 0, &A->eth[0], 0), -ENETDOWN);
	/* ... and up again: the kernel routes return, not the static ones. */
	inet_if_set_flags(&A->eth[0], IFF_UP, S.now);
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 7), &r), 0);
	ck_assert_int_eq(lookup(A, IP4(8, 8, 8, 8), &r), -ENETUNREACH);
	teardown();
}
END_TEST

START_TEST(route_output_sources)
{
	struct flowi4 fl = { 0 };
	struct ip_route rt;

	two_hosts();
	sim_addr(&A->eth[0], IP4(192, 168, 7, 1), 24);
	fl.daddr = IP4(192, 168, 7, 20);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert_uint_eq(rt.saddr, IP4(192, 168, 7, 1));
	ck_assert_ptr_eq(rt.dev, &A->eth[0]);
	fl.daddr = IP4(10, 0, 0, 20);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert_uint_eq(rt.saddr, IP4(10, 0, 0, 1));
	ck_assert_uint_eq(rt.gw, IP4(10, 0, 0, 20));
	/* To ourselves: through loopback. */
	fl.daddr = IP4(10, 0, 0, 1);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert_ptr_eq(rt.dev, &A->lo);
	ck_assert_uint_eq(rt.type, RTN_LOCAL);
	ck_assert_uint_eq(rt.saddr, IP4(10, 0, 0, 1));
	/* To 0.0.0.0: the local host, from 127.0.0.1. */
	fl.daddr = 0;
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert_uint_eq(rt.daddr, IP4(127, 0, 0, 1));
	/* A source that is not ours. */
	fl.daddr = IP4(10, 0, 0, 2);
	fl.saddr = IP4(10, 0, 0, 3);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), -EINVAL);
	fl.freebind = true;
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	/* Subnet broadcast. */
	fl.saddr = 0;
	fl.freebind = false;
	fl.daddr = IP4(10, 0, 0, 255);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert(rt.flags & RTCF_BROADCAST);
	ck_assert_ptr_eq(rt.dev, &A->eth[0]);
	/* Limited broadcast without a route, but with an interface: on-link. */
	fl.daddr = IP4(255, 255, 255, 255);
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), -ENETUNREACH);
	fl.oif = 2;
	ck_assert_int_eq(ip_route_output(&A->stack, &fl, &rt), 0);
	ck_assert(rt.flags & RTCF_BROADCAST);
	teardown();
}
END_TEST

START_TEST(secondary_addresses)
{
	struct fib_route *r;

	two_hosts();
	sim_addr(&A->eth[0], IP4(10, 0, 0, 5), 24);
	ck_assert(inet_ifa_find(&A->eth[0], IP4(10, 0, 0, 5))->flags & IFA_F_SECONDARY);
	ck_assert(!(inet_ifa_find(&A->eth[0], IP4(10, 0, 0, 1))->flags & IFA_F_SECONDARY));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 5), &r), 0);
	ck_assert_uint_eq(r->type, RTN_LOCAL);
	ck_assert_uint_eq(r->prefsrc, IP4(10, 0, 0, 1));	/* the primary */
	/* Same address, same prefix: -EEXIST. */
	{
		struct in_ifaddr *ifa = calloc(1, sizeof(*ifa));

		ifa->local = IP4(10, 0, 0, 5);
		ifa->prefixlen = 24;
		ck_assert_int_eq(inet_addr_add(&A->eth[0], ifa, S.now), -EEXIST);
	}
	/* Deleting the primary deletes its secondaries (promote_secondaries 0). */
	ck_assert_int_eq(inet_addr_del(&A->eth[0], IP4(10, 0, 0, 1), 24, NULL, S.now), 0);
	ck_assert_ptr_null(inet_ifa_find(&A->eth[0], IP4(10, 0, 0, 5)));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 5), &r), -ENETUNREACH);
	ck_assert_int_eq(inet_addr_del(&A->eth[0], IP4(10, 0, 0, 1), 24, NULL, S.now),
			 -EADDRNOTAVAIL);
	/* With promotion the secondary becomes primary, with its routes. */
	IN_CONF(A->eth[0].in.conf, PROMOTE_SECONDARIES) = 1;
	sim_addr(&A->eth[0], IP4(10, 0, 0, 1), 24);
	sim_addr(&A->eth[0], IP4(10, 0, 0, 5), 24);
	ck_assert_int_eq(inet_addr_del(&A->eth[0], IP4(10, 0, 0, 1), 24, NULL, S.now), 0);
	ck_assert(!(inet_ifa_find(&A->eth[0], IP4(10, 0, 0, 5))->flags & IFA_F_SECONDARY));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 5), &r), 0);
	ck_assert_uint_eq(r->prefsrc, IP4(10, 0, 0, 5));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 99), &r), 0);
	ck_assert_uint_eq(r->prefsrc, IP4(10, 0, 0, 5));
	ck_assert_int_eq(lookup(A, IP4(10, 0, 0, 255), &r), 0);
	ck_assert_uint_eq(r->type, RTN_BROADCAST);
	teardown();
}
END_TEST

/* A - R - B over two segments; A and B route through R. */
static void
routed(bool forward)
{
	sim_init(&S, 7);
	A = sim_host_new(&S, "A", 1 << 22);
	R = sim_host_new(&S, "R", 1 << 22);
	B = sim_host_new(&S, "B", 1 << 22);
	L1 = sim_seg_new(&S, 1 * MS);
	L2 = sim_seg_new(&S, 2 * MS);
	sim_addr(sim_attach(A, L1), IP4(10, 0, 1, 1), 24);
	sim_addr(sim_attach(R, L1), IP4(10, 0, 1, 254), 24);
	sim_addr(sim_attach(R, L2), IP4(10, 0, 2, 254), 24);
	sim_addr(sim_attach(B, L2), IP4(10, 0, 2, 1), 24);
	ck_assert_int_eq(sim_route(A, 0, 0, IP4(10, 0, 1, 254), NULL, 0), 0);
	ck_assert_int_eq(sim_route(B, 0, 0, IP4(10, 0, 2, 254), NULL, 0), 0);
	inet_set_forwarding(&R->stack, forward);
}

START_TEST(forward_ping)
{
	struct inet_sock *ps;

	routed(false);
	ps = ping_open(A);
	ping_send(ps, IP4(10, 0, 2, 1), 1, 100);
	sim_step(&S, 100 * MS);
	ck_assert_int_eq(ping_replies(ps), 0);
	ck_assert_uint_eq(R->stack.ipstats[IPSTATS_InAddrErrors], 1);
	ck_assert_uint_eq(R->stack.icmpstats[ICMPSTATS_OutMsgs], 0);	/* a host is silent */
	inet_set_forwarding(&R->stack, 1);
	ping_send(ps, IP4(10, 0, 2, 1), 2, 100);
	sim_step(&S, 100 * MS);
	ck_assert_int_eq(ping_replies(ps), 1);
	ck_assert_uint_eq(R->stack.ipstats[IPSTATS_ForwDatagrams], 2);
	/* The request reached B with TTL 63. */
	ck_assert_uint_eq(B->stack.icmp_in_type[ICMP_ECHO], 1);
	ping_free(ps);
	teardown();
}
END_TEST

START_TEST(forward_ttl_exceeded)
{
	struct udp_sock *u;
	struct udp_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 2, 1), .dport = 33434,
				   .ttl = 1, .tos = -1 };
	struct sim_buf_src b;

	routed(true);
	u = udp_open(A, 0, 0);
	u->inet.recverr = true;
	sim_src(&b, "trace", 5);
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 5);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(R->stack.icmp_out_type[ICMP_TIME_EXCEEDED], 1);
	ck_assert_uint_eq(u->inet.errq.count, 1);
	{
		struct inet_err_cb *cb = INET_ERR_CB(pkt_queue_peek(&u->inet.errq));

		ck_assert_uint_eq(cb->ee.ee_errno, EHOSTUNREACH);
		ck_assert_uint_eq(cb->ee.ee_type, ICMP_TIME_EXCEEDED);
		ck_assert_uint_eq(cb->offender, IP4(10, 0, 1, 254));	/* traceroute's hop */
	}
	/* The error is pending until the error queue is read (as traceroute does). */
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), -EHOSTUNREACH);
	pkt_free(inet_sock_dequeue_err(&u->inet));
	ck_assert_int_eq(u->inet.err, 0);
	/* TTL 2 reaches B, whose closed port answers. */
	a.ttl = 2;
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 5);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(u->inet.errq.count, 1);
	{
		struct pkt *p = list_entry(u->inet.errq.head.prev, struct pkt, list);

		ck_assert_uint_eq(INET_ERR_CB(p)->ee.ee_errno, ECONNREFUSED);
		ck_assert_uint_eq(INET_ERR_CB(p)->offender, IP4(10, 0, 2, 1));
	}
	udp_free(u);
	teardown();
}
END_TEST

START_TEST(forward_mtu)
{
	struct udp_sock *u, *v;
	static uint8_t big[3000];
	struct udp_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 2, 1), .dport = 9,
				   .ttl = -1, .tos = -1 };
	struct sim_buf_src b;
	char buf[3100];

	routed(true);
	ck_assert_int_eq(inet_if_set_mtu(&R->eth[1], 1000, S.now), 0);
	ck_assert_int_eq(inet_if_set_mtu(&B->eth[0], 1000, S.now), 0);
	u = udp_open(A, 0, 0);
	v = udp_open(B, 0, 9);
	u->inet.recverr = true;
	/* DF (pmtudisc "do"): R says fragmentation needed, mtu 1000. */
	u->inet.pmtudisc = IP_PMTUDISC_DO;
	sim_src(&b, big, 1400);
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 1400);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(R->stack.icmp_out_type[ICMP_DEST_UNREACH], 1);
	ck_assert_uint_eq(INET_ERR_CB(pkt_queue_peek(&u->inet.errq))->ee.ee_info, 1000);
	ck_assert_int_eq(u->inet.err, EMSGSIZE);
	inet_sock_error(&u->inet);
	ck_assert_uint_eq(ip_rt_pmtu(&A->stack, IP4(10, 0, 2, 1), S.now), 1000);
	/* Now the sender knows: too big is refused locally. */
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), -EMSGSIZE);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), -1);
	/* Without DF (pmtudisc "dont") R fragments; B reassembles. */
	u->inet.pmtudisc = IP_PMTUDISC_DONT;
	for (unsigned int i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13);
	sim_src(&b, big, 2500);
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 2500);
	sim_step(&S, 100 * MS);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 2500);
	ck_assert_int_eq(memcmp(buf, big, 2500), 0);
	/* A fragmented at its path MTU (1000) already: 3 fragments. */
	ck_assert_uint_eq(A->stack.ipstats[IPSTATS_FragCreates], 3);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmOKs], 1);
	udp_free(u);
	udp_free(v);
	teardown();
}
END_TEST

/* A UDP datagram from A to B's port 9, cut into fragments at offsets. */
static uint8_t dgram[3000];
static unsigned int dgram_len;

static void
make_dgram(unsigned int payload)
{
	uint8_t data[3000];

	for (unsigned int i = 0; i < payload; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	dgram_len = udp_dgram(dgram, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), 4000, 9, data, payload);
}

static void
frag(uint16_t id, unsigned int off, unsigned int len, bool more)
{
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, id,
		  (uint16_t)(off / 8 | (more ? IP_MF : 0)), dgram + off, len);
}

START_TEST(reasm_orders_and_dups)
{
	struct udp_sock *v;
	char buf[3000];

	two_hosts();
	v = udp_open(B, 0, 9);
	make_dgram(1992);	/* 2000 bytes of UDP */
	/* Out of order, with a duplicate and a fragment inside a run. */
	frag(1, 1000, 1000, false);
	frag(1, 0, 504, true);
	frag(1, 504, 496, true);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 1992);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmOKs], 1);
	frag(2, 0, 504, true);
	frag(2, 0, 504, true);		/* duplicate: dropped, queue kept */
	frag(2, 504, 496, true);
	frag(2, 8, 800, true);		/* inside the run 0..1000: duplicate */
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 0);
	frag(2, 1000, 1000, false);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 1992);
	ck_assert_int_eq(memcmp(buf, dgram + 8, 1992), 0);
	/* An overlap that is not a duplicate discards the datagram. */
	frag(3, 0, 504, true);
	frag(3, 496, 504, true);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 1);
	frag(3, 1000, 1000, false);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), -1);
	/* Two different ends. */
	frag(4, 1000, 1000, false);
	frag(4, 1000, 992, false);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 2);
	/* Data beyond a known end. */
	frag(5, 504, 496, false);
	frag(5, 1000, 504, true);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 3);
	/* An empty fragment. */
	frag(6, 504, 0, true);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 4);
	/* Left: the new queue id 3's last fragment started after the discard. */
	ck_assert_uint_eq(ipfrag_queues(&B->stack), 1);
	udp_free(v);
	teardown();
}
END_TEST

START_TEST(reasm_timeout_and_memory)
{
	two_hosts();
	A->capture = true;
	make_dgram(1992);
	frag(1, 0, 504, true);			/* first fragment: ICMP on timeout */
	frag(2, 504, 496, true);		/* no first fragment: silent */
	ck_assert_uint_eq(ipfrag_queues(&B->stack), 2);
	sim_step(&S, 29 * SEC);
	ck_assert_uint_eq(ipfrag_queues(&B->stack), 2);
	sim_step(&S, 2 * SEC);
	ck_assert_uint_eq(ipfrag_queues(&B->stack), 0);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmTimeout], 2);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_TIME_EXCEEDED], 1);
	ck_assert_uint_eq(A->stack.icmp_in_type[ICMP_TIME_EXCEEDED], 1);
	/* Memory: beyond ipfrag_high_thresh new fragments are dropped. */
	B->stack.sysctl.ipfrag_high_thresh = 20000;
	for (uint16_t id = 100; id < 140; id++)
		frag(id, 0, 504, true);
	ck_assert_uint_le(ipfrag_mem(&B->stack), 20000 + 4000);
	ck_assert_uint_lt(ipfrag_queues(&B->stack), 40);
	ck_assert_uint_gt(B->stack.ipstats[IPSTATS_ReasmFails], 0);
	teardown();
}
END_TEST

START_TEST(reasm_oversize)
{
	uint8_t chunk[1000];

	two_hosts();
	memset(chunk, 0xab, sizeof(chunk));
	/* A last fragment ending past 65535 bytes. */
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 9, (65000 / 8),
		  chunk, 1000);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmFails], 1);
	ck_assert_uint_eq(ipfrag_queues(&B->stack), 0);
	teardown();
}
END_TEST

START_TEST(icmp_error_rate_limit)
{
	struct udp_sock *u;

	two_hosts();
	u = udp_open(A, 0, 0);
	/* 20 datagrams to a closed port within 100 ms: a burst of 6 answers. */
	for (int i = 0; i < 20; i++) {
		udp_send(u, IP4(10, 0, 0, 2), 7777, "x");
		sim_step(&S, 5 * MS);
	}
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_NoPorts], 20);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_DEST_UNREACH], 6);
	ck_assert_uint_eq(B->stack.icmpstats[ICMPSTATS_OutRateLimitHost], 14);
	/* Then one per second. */
	for (int i = 0; i < 30; i++) {
		udp_send(u, IP4(10, 0, 0, 2), 7777, "x");
		sim_step(&S, 100 * MS);
	}
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_DEST_UNREACH], 9);
	/* Echo replies are not limited. */
	{
		struct inet_sock *ps = ping_open(A);

		for (int i = 0; i < 20; i++)
			ping_send(ps, IP4(10, 0, 0, 2), (uint16_t)i, 56);
		sim_step(&S, 50 * MS);
		ck_assert_int_eq(ping_replies(ps), 20);
		ping_free(ps);
	}
	udp_free(u);
	teardown();
}
END_TEST

START_TEST(icmp_broadcast_echo)
{
	struct inet_sock *ps;

	two_hosts();
	ps = ping_open(A);
	ck_assert_int_eq(ping_send(ps, IP4(10, 0, 0, 255), 1, 64), -EACCES);
	ps->broadcast = true;
	ck_assert_int_eq(ping_send(ps, IP4(10, 0, 0, 255), 1, 64), 64);
	sim_step(&S, 50 * MS);
	ck_assert_int_eq(ping_replies(ps), 0);		/* icmp_echo_ignore_broadcasts */
	ck_assert_uint_eq(B->stack.icmpstats[ICMPSTATS_InErrors], 1);
	B->stack.sysctl.icmp_echo_ignore_broadcasts = 0;
	A->stack.sysctl.icmp_echo_ignore_broadcasts = 0;
	ping_send(ps, IP4(10, 0, 0, 255), 2, 64);
	sim_step(&S, 50 * MS);
	/* B answers, and so does A itself (the looped copy of its broadcast). */
	ck_assert_int_eq(ping_replies(ps), 2);
	ping_free(ps);
	teardown();
}
END_TEST

START_TEST(icmp_bad_option)
{
	uint8_t f[100];
	unsigned int n;

	two_hosts();
	n = eth_frame(f, B->eth[0].addr, A->eth[0].addr, ETH_P_IP);
	ip_hdr(f + n, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 1, 0, 64, 4 + 8);
	/* Grow the header with a record-route option whose pointer is 2 (< 4). */
	f[n] = 0x46;
	put_be16(f + n + 2, 24 + 8);
	f[n + 20] = IPOPT_RR;
	f[n + 21] = 3;
	f[n + 22] = 2;
	f[n + 23] = IPOPT_END;
	memset(f + n + 24, 0, 8);
	put_u16(f + n + 10, 0);
	put_u16(f + n + 10, ip_fast_csum(f + n, 6));
	A->capture = true;
	sim_inject(B, 0, f, n + 32);
	sim_step(&S, 50 * MS);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_PARAMETERPROB], 1);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InHdrErrors], 1);
	/* The pointer is the offset of the bad byte: 22. */
	{
		struct pkt *p;
		bool seen = false;

		list_for_each_entry(p, &A->captured.head, list) {
			if (p->pkt_type == 0 && get_be16(p->data + 12) == ETH_P_IP &&
			    p->data[14 + 9] == IPPROTO_ICMP && p->data[34] == ICMP_PARAMETERPROB) {
				ck_assert_uint_eq(p->data[38], 22);
				seen = true;
			}
		}
		ck_assert(seen);
	}
	teardown();
}
END_TEST

START_TEST(ip_header_checks)
{
	uint8_t f[100];
	unsigned int n;

	two_hosts();
	n = eth_frame(f, B->eth[0].addr, A->eth[0].addr, ETH_P_IP);
	ip_hdr(f + n, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 1, 0, 64, 8);
	f[n + 8]--;	/* TTL changed, checksum not */
	sim_inject(B, 0, f, n + 28);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InCsumErrors], 1);
	ip_hdr(f + n, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 1, 0, 64, 40);
	sim_inject(B, 0, f, n + 28);	/* tot_len beyond the frame */
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InTruncatedPkts], 1);
	sim_inject(B, 0, f, n + 10);	/* shorter than a header */
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InHdrErrors], 2);
	/* A martian: our own address as the source. */
	ip_hdr(f + n, IP4(10, 0, 0, 2), IP4(10, 0, 0, 2), IPPROTO_UDP, 1, 0, 64, 8);
	memset(f + n + 20, 0, 8);
	sim_inject(B, 0, f, n + 28);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InDelivers], 0);
	/* For another host at the link layer: ignored. */
	n = eth_frame(f, (const uint8_t *)"\x02\x09\x09\x09\x09\x09", A->eth[0].addr, ETH_P_IP);
	ip_hdr(f + n, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_ICMP, 1, 0, 64, 8);
	sim_inject(B, 0, f, n + 28);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InDelivers], 0);
	teardown();
}
END_TEST

START_TEST(udp_bind_rules)
{
	struct udp_sock *s1, *s2;

	two_hosts();
	s1 = udp_open(B, 0, 53);
	s2 = calloc(1, sizeof(*s2));
	udp_sock_init(s2, &B->stack);
	ck_assert_int_eq(udp_bind(s2, 0, 53), -EADDRINUSE);
	ck_assert_int_eq(udp_bind(s2, IP4(10, 0, 0, 2), 53), -EADDRINUSE);
	ck_assert_int_eq(udp_bind(s2, IP4(10, 0, 0, 9), 54), -EADDRNOTAVAIL);
	s2->inet.freebind = true;
	ck_assert_int_eq(udp_bind(s2, IP4(10, 0, 0, 9), 54), 0);
	ck_assert_int_eq(udp_bind(s2, 0, 55), -EINVAL);	/* bound already */
	udp_free(s2);
	/* Both SO_REUSEADDR: shared. */
	s1->inet.reuse = true;
	s2 = calloc(1, sizeof(*s2));
	udp_sock_init(s2, &B->stack);
	s2->inet.reuse = true;
	ck_assert_int_eq(udp_bind(s2, 0, 53), 0);
	udp_free(s2);
	udp_free(s1);
	/* SO_REUSEPORT: same owner only. */
	s1 = calloc(1, sizeof(*s1));
	udp_sock_init(s1, &B->stack);
	s1->inet.reuseport = true;
	s1->inet.uid = 1000;
	ck_assert_int_eq(udp_bind(s1, 0, 60), 0);
	s2 = calloc(1, sizeof(*s2));
	udp_sock_init(s2, &B->stack);
	s2->inet.reuseport = true;
	s2->inet.uid = 1001;
	ck_assert_int_eq(udp_bind(s2, 0, 60), -EADDRINUSE);
	s2->inet.uid = 1000;
	ck_assert_int_eq(udp_bind(s2, 0, 60), 0);
	udp_free(s2);
	udp_free(s1);
	/* Different specific addresses never conflict. */
	sim_addr(&B->eth[0], IP4(192, 168, 1, 2), 24);
	s1 = udp_open(B, IP4(10, 0, 0, 2), 70);
	s2 = udp_open(B, IP4(192, 168, 1, 2), 70);
	udp_free(s2);
	udp_free(s1);
	/* The ephemeral range, exhausted. */
	B->stack.sysctl.ip_local_port_range[0] = 40000;
	B->stack.sysctl.ip_local_port_range[1] = 40001;
	s1 = calloc(1, sizeof(*s1));
	udp_sock_init(s1, &B->stack);
	ck_assert_int_eq(udp_bind(s1, 0, 0), 0);
	s2 = calloc(1, sizeof(*s2));
	udp_sock_init(s2, &B->stack);
	ck_assert_int_eq(udp_connect(s2, IP4(10, 0, 0, 1), 5, S.now), 0);
	ck_assert_uint_ge(s1->inet.num, 40000);
	ck_assert_uint_le(s1->inet.num, 40001);
	ck_assert_uint_ne(s1->inet.num, s2->inet.num);
	{
		struct udp_sock *s3 = calloc(1, sizeof(*s3));

		udp_sock_init(s3, &B->stack);
		ck_assert_int_eq(udp_bind(s3, 0, 0), -EADDRINUSE);
		ck_assert_int_eq(udp_connect(s3, IP4(10, 0, 0, 1), 5, S.now), -EAGAIN);
		udp_free(s3);
	}
	udp_free(s2);
	udp_free(s1);
	teardown();
}
END_TEST

START_TEST(udp_demux_precedence)
{
	struct udp_sock *w, *sp, *c, *a1, *a2;
	char buf[32];

	two_hosts();
	sim_addr(&A->eth[0], IP4(10, 0, 0, 11), 24);
	w = calloc(1, sizeof(*w));
	udp_sock_init(w, &B->stack);
	w->inet.reuse = true;
	ck_assert_int_eq(udp_bind(w, 0, 7), 0);
	sp = calloc(1, sizeof(*sp));
	udp_sock_init(sp, &B->stack);
	sp->inet.reuse = true;
	ck_assert_int_eq(udp_bind(sp, IP4(10, 0, 0, 2), 7), 0);
	a1 = udp_open(A, IP4(10, 0, 0, 1), 1111);
	a2 = udp_open(A, IP4(10, 0, 0, 11), 2222);
	/* The specific bind beats the wildcard. */
	udp_send(a1, IP4(10, 0, 0, 2), 7, "one");
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(udp_recv(sp, buf, sizeof(buf), NULL), 3);
	ck_assert_int_eq(udp_recv(w, buf, sizeof(buf), NULL), -1);
	/* A connected socket (bound to the same address) beats it for its peer. */
	c = calloc(1, sizeof(*c));
	udp_sock_init(c, &B->stack);
	c->inet.reuse = true;
	ck_assert_int_eq(udp_bind(c, IP4(10, 0, 0, 2), 7), 0);
	ck_assert_int_eq(udp_connect(c, IP4(10, 0, 0, 11), 2222, S.now), 0);
	udp_send(a2, IP4(10, 0, 0, 2), 7, "two");
	udp_send(a1, IP4(10, 0, 0, 2), 7, "three");
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(udp_recv(c, buf, sizeof(buf), NULL), 3);
	ck_assert_str_eq(buf, "two");
	ck_assert_int_eq(udp_recv(sp, buf, sizeof(buf), NULL), 5);
	ck_assert_int_eq(udp_recv(c, buf, sizeof(buf), NULL), -1);
	/* Broadcast: every matching wildcard socket; specific binds do not. */
	a1->inet.broadcast = true;
	udp_send(a1, IP4(10, 0, 0, 255), 7, "all");
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(udp_recv(w, buf, sizeof(buf), NULL), 3);
	ck_assert_int_eq(udp_recv(sp, buf, sizeof(buf), NULL), -1);
	ck_assert_int_eq(udp_recv(c, buf, sizeof(buf), NULL), -1);
	udp_free(c);
	udp_free(sp);
	udp_free(w);
	udp_free(a1);
	udp_free(a2);
	teardown();
}
END_TEST

START_TEST(udp_reuseport_spread)
{
	struct udp_sock *m[4], *senders[40];
	int got[4] = { 0 };
	char buf[8];

	two_hosts();
	for (int i = 0; i < 4; i++) {
		m[i] = calloc(1, sizeof(*m[i]));
		udp_sock_init(m[i], &B->stack);
		m[i]->inet.reuseport = true;
		ck_assert_int_eq(udp_bind(m[i], 0, 8000), 0);
	}
	for (int i = 0; i < 40; i++) {
		senders[i] = udp_open(A, 0, 0);
		udp_send(senders[i], IP4(10, 0, 0, 2), 8000, "a");
		udp_send(senders[i], IP4(10, 0, 0, 2), 8000, "b");
	}
	sim_step(&S, 20 * MS);
	for (int i = 0; i < 4; i++) {
		struct pkt *p;
		uint16_t last = 0;

		while ((p = inet_sock_dequeue(&m[i]->inet))) {
			struct inet_recv_info ri;

			inet_recv_info(p, &ri);
			/* A flow's two datagrams go to the same member, in order. */
			if (p->data[0] == 'b')
				ck_assert_uint_eq(ri.sport, last);
			last = ri.sport;
			got[i]++;
			pkt_free(p);
		}
	}
	for (int i = 0; i < 4; i++)
		ck_assert_int_gt(got[i], 4);
	ck_assert_int_eq(got[0] + got[1] + got[2] + got[3], 80);
	(void)buf;
	for (int i = 0; i < 40; i++)
		udp_free(senders[i]);
	for (int i = 0; i < 4; i++)
		udp_free(m[i]);
	teardown();
}
END_TEST

START_TEST(udp_checksums_and_limits)
{
	struct udp_sock *v, *u;
	uint8_t d[100];
	unsigned int n;
	char buf[100];
	static uint8_t huge[65508];
	struct sim_buf_src b;
	struct udp_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 0, 2), .dport = 9,
				   .ttl = -1, .tos = -1 };

	two_hosts();
	v = udp_open(B, 0, 9);
	n = udp_dgram(d, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), 1, 9, (const uint8_t *)"good", 4);
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 1, 0, d, n);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 4);
	d[9] ^= 1;	/* payload changed */
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 2, 0, d, n);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), -1);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_InCsumErrors], 1);
	put_u16(d + 6, 0);	/* no checksum at all: accepted over IPv4 */
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 3, 0, d, n);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 4);
	put_be16(d + 4, 200);	/* length beyond the packet */
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), IPPROTO_UDP, 4, 0, d, n);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_InErrors], 2);
	/* Size limits. */
	u = udp_open(A, 0, 0);
	sim_src(&b, huge, sizeof(huge));
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), -EMSGSIZE);
	sim_src(&b, huge, sizeof(huge) - 1);
	ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 65507);
	sim_step(&S, 50 * MS);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), NULL), 65507);
	ck_assert_uint_eq(A->stack.ipstats[IPSTATS_FragCreates], 45);
	udp_free(u);
	udp_free(v);
	teardown();
}
END_TEST

START_TEST(udp_rcvbuf_overflow)
{
	struct udp_sock *u, *v;
	static uint8_t data[1000];
	struct sim_buf_src b;
	struct udp_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 0, 2), .dport = 9,
				   .ttl = -1, .tos = -1 };
	int got = 0;
	char buf[1100];

	two_hosts();
	v = udp_open(B, 0, 9);
	v->inet.rcvbuf = 8000;
	u = udp_open(A, 0, 0);
	sim_src(&b, data, sizeof(data));
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 1000);
	sim_step(&S, 50 * MS);
	while (udp_recv(v, buf, sizeof(buf), NULL) == 1000)
		got++;
	/* Each datagram's truesize is a 2 KiB buffer and more: a few fit. */
	ck_assert_int_ge(got, 3);
	ck_assert_int_le(got, 5);
	ck_assert_uint_eq(B->stack.udpstats[UDPSTATS_RcvbufErrors], (uint64_t)(10 - got));
	ck_assert_uint_eq(v->inet.drops, (uint64_t)(10 - got));
	udp_free(u);
	udp_free(v);
	teardown();
}
END_TEST

START_TEST(udp_loopback)
{
	struct udp_sock *u, *v;
	struct inet_recv_info ri;
	char buf[32];

	two_hosts();
	v = udp_open(A, IP4(127, 0, 0, 1), 7);
	u = udp_open(A, 0, 0);
	A->lo.stats.rx_bytes = A->lo.stats.tx_bytes = 0;
	ck_assert_int_eq(udp_send(u, IP4(127, 0, 0, 1), 7, "local"), 5);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), &ri), 5);
	/* lo counts the IP datagram, not the Ethernet header, as Linux's loopback_xmit. */
	ck_assert_uint_eq(A->lo.stats.tx_bytes, 20 + 8 + 5);
	ck_assert_uint_eq(A->lo.stats.rx_bytes, 20 + 8 + 5);
	ck_assert_uint_eq(ri.saddr, IP4(127, 0, 0, 1));
	ck_assert_int_eq(ri.ifindex, 1);
	/* To our own Ethernet address: also through lo. */
	udp_free(v);
	v = udp_open(A, 0, 8);
	ck_assert_int_eq(udp_send(u, IP4(10, 0, 0, 1), 8, "self"), 4);
	ck_assert_int_eq(udp_recv(v, buf, sizeof(buf), &ri), 4);
	ck_assert_uint_eq(ri.saddr, IP4(10, 0, 0, 1));
	/* A closed local port refuses at once. */
	ck_assert_int_eq(udp_connect(u, IP4(127, 0, 0, 1), 9, S.now), 0);
	ck_assert_int_eq(udp_send(u, 0, 0, "x"), 1);
	ck_assert_int_eq(u->inet.err, ECONNREFUSED);
	ck_assert_uint_eq(A->eth[0].stats.tx_packets, 0);
	udp_free(u);
	udp_free(v);
	teardown();
}
END_TEST

static void
arp_frame(uint8_t *f, const uint8_t *edst, const uint8_t *esrc, int op, const uint8_t *sha,
	  uint32_t sip, const uint8_t *tha, uint32_t tip)
{
	static const uint8_t zero[6];
	unsigned int n = eth_frame(f, edst, esrc, ETH_P_ARP);

	put_be16(f + n, 1);
	put_be16(f + n + 2, ETH_P_IP);
	f[n + 4] = 6;
	f[n + 5] = 4;
	put_be16(f + n + 6, (uint16_t)op);
	memcpy(f + n + 8, sha, 6);
	put_be32(f + n + 14, sip);
	memcpy(f + n + 18, tha ? tha : zero, 6);
	put_be32(f + n + 24, tip);
}

START_TEST(arp_gratuitous_and_accept)
{
	static const uint8_t m1[6] = { 2, 1, 1, 1, 1, 1 }, m2[6] = { 2, 2, 2, 2, 2, 2 };
	uint8_t f[60];
	struct neighbour *n;

	two_hosts();
	/* An unsolicited gratuitous ARP creates nothing (arp_accept 0). */
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, IP4(10, 0, 0, 50), NULL,
		  IP4(10, 0, 0, 50));
	sim_inject(B, 0, f, 42);
	ck_assert_ptr_null(neigh(B, 0, IP4(10, 0, 0, 50)));
	/* A request for us creates a STALE entry. */
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, IP4(10, 0, 0, 50), NULL,
		  IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	n = neigh(B, 0, IP4(10, 0, 0, 50));
	ck_assert_uint_eq(n->state, NUD_STALE);
	ck_assert_int_eq(memcmp(n->ha, m1, 6), 0);
	/* Within locktime a plain reply with another address is ignored... */
	arp_frame(f, B->eth[0].addr, m2, ARPOP_REPLY, m2, IP4(10, 0, 0, 50), B->eth[0].addr,
		  IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	ck_assert_int_eq(memcmp(neigh(B, 0, IP4(10, 0, 0, 50))->ha, m1, 6), 0);
	/* ...but a gratuitous one overrides at once. */
	arp_frame(f, eth_broadcast_addr, m2, ARPOP_REQUEST, m2, IP4(10, 0, 0, 50), NULL,
		  IP4(10, 0, 0, 50));
	sim_inject(B, 0, f, 42);
	n = neigh(B, 0, IP4(10, 0, 0, 50));
	ck_assert_int_eq(memcmp(n->ha, m2, 6), 0);
	ck_assert_uint_eq(n->state, NUD_STALE);
	/* After locktime a unicast reply overrides and confirms. */
	sim_step(&S, 1100 * MS);
	arp_frame(f, B->eth[0].addr, m1, ARPOP_REPLY, m1, IP4(10, 0, 0, 50), B->eth[0].addr,
		  IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	n = neigh(B, 0, IP4(10, 0, 0, 50));
	ck_assert_int_eq(memcmp(n->ha, m1, 6), 0);
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	/* arp_accept 1: an unsolicited reply creates an entry. */
	IN_CONF(B->eth[0].in.conf, ARP_ACCEPT) = 1;
	arp_frame(f, B->eth[0].addr, m1, ARPOP_REPLY, m1, IP4(10, 0, 0, 51), B->eth[0].addr,
		  IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	ck_assert_ptr_nonnull(neigh(B, 0, IP4(10, 0, 0, 51)));
	teardown();
}
END_TEST

START_TEST(arp_answers)
{
	static const uint8_t m1[6] = { 2, 1, 1, 1, 1, 1 };
	uint8_t f[60];
	struct sim_seg *other;

	two_hosts();
	other = sim_seg_new(&S, MS);
	sim_addr(sim_attach(B, other), IP4(10, 9, 9, 9), 24);
	B->capture = true;
	/* arp_ignore 0: any local address, even another interface's. */
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, IP4(10, 0, 0, 60), NULL,
		  IP4(10, 9, 9, 9));
	sim_inject(B, 0, f, 42);
	ck_assert_uint_eq(sim_captured_count(B, ETH_P_ARP), 2);	/* in and our reply */
	/* arp_ignore 1: only the receiving interface's. */
	IN_CONF(B->eth[0].in.conf, ARP_IGNORE) = 1;
	sim_inject(B, 0, f, 42);
	ck_assert_uint_eq(sim_captured_count(B, ETH_P_ARP), 3);
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, IP4(10, 0, 0, 60), NULL,
		  IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	ck_assert_uint_eq(sim_captured_count(B, ETH_P_ARP), 5);
	IN_CONF(B->eth[0].in.conf, ARP_IGNORE) = 0;
	/* Duplicate address detection (sender 0.0.0.0): answered to the
	 * prober's MAC, nothing learned. */
	sim_capture_clear(B);
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, 0, NULL, IP4(10, 0, 0, 2));
	sim_inject(B, 0, f, 42);
	ck_assert_uint_eq(sim_captured_count(B, ETH_P_ARP), 2);
	{
		struct pkt *reply = list_entry(B->captured.head.prev, struct pkt, list);

		ck_assert_int_eq(memcmp(reply->data, m1, 6), 0);
		ck_assert_uint_eq(get_be16(reply->data + 20), ARPOP_REPLY);
		ck_assert_uint_eq(get_be32(reply->data + 38), 0);
	}
	ck_assert_ptr_null(neigh(B, 0, 0));
	/* Requests for a loopback or multicast target: dropped. */
	sim_capture_clear(B);
	arp_frame(f, eth_broadcast_addr, m1, ARPOP_REQUEST, m1, IP4(10, 0, 0, 60), NULL,
		  IP4(127, 0, 0, 1));
	sim_inject(B, 0, f, 42);
	ck_assert_uint_eq(sim_captured_count(B, ETH_P_ARP), 1);
	teardown();
}
END_TEST

START_TEST(arp_table_bounds)
{
	static uint8_t m[6] = { 2, 5, 0, 0, 0, 0 };
	uint8_t f[60];

	two_hosts();
	for (uint32_t i = 0; i < 1100; i++) {
		m[4] = (uint8_t)(i >> 8);
		m[5] = (uint8_t)i;
		arp_frame(f, eth_broadcast_addr, m, ARPOP_REQUEST, m,
			  IP4(10, 0, 0, 0) + 0x10000 + i, NULL, IP4(10, 0, 0, 2));
		sim_inject(B, 0, f, 42);
		ck_assert_uint_le(B->stack.arp_tbl.entries, 1024);
	}
	ck_assert_uint_gt(B->stack.arp_tbl.stats.table_fulls +
			  B->stack.arp_tbl.stats.forced_gc_runs, 0);
	/* Unused entries go once gc_stale_time (60 s) passed. */
	sim_step(&S, 90 * SEC);
	ck_assert_uint_lt(B->stack.arp_tbl.entries, 128);
	teardown();
}
END_TEST

START_TEST(arp_unresolved_queue_bound)
{
	struct udp_sock *u;
	static uint8_t data[1000];
	struct sim_buf_src b;
	struct udp_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 0, 77), .dport = 9,
				   .ttl = -1, .tos = -1 };
	struct neighbour *n;

	two_hosts();
	u = udp_open(A, 0, 0);
	sim_src(&b, data, sizeof(data));
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(udp_sendmsg(u, &b.src, &a, S.now), 1000);
	n = neigh(A, 0, IP4(10, 0, 0, 77));
	ck_assert_uint_le(n->queue.truesize, 212992);
	ck_assert_uint_gt(n->queue.count, 50);
	ck_assert_uint_eq(A->stack.arp_tbl.stats.unres_discards, 300 - n->queue.count);
	sim_step(&S, 4 * SEC);
	ck_assert_uint_eq(A->pool.live_pkts, 0);
	udp_free(u);
	teardown();
}
END_TEST

START_TEST(carrier_loss_evicts)
{
	struct inet_sock *ps;

	two_hosts();
	ps = ping_open(A);
	ping_send(ps, IP4(10, 0, 0, 2), 1, 64);
	sim_step(&S, 20 * MS);
	ck_assert_ptr_nonnull(neigh(A, 0, IP4(10, 0, 0, 2)));
	inet_if_set_carrier(&A->eth[0], false, S.now);
	ck_assert(!(A->eth[0].flags & IFF_RUNNING));
	ck_assert_ptr_null(neigh(A, 0, IP4(10, 0, 0, 2)));
	inet_if_set_carrier(&A->eth[0], true, S.now);
	ping_send(ps, IP4(10, 0, 0, 2), 2, 64);
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(ping_replies(ps), 2);
	ping_free(ps);
	teardown();
}
END_TEST

START_TEST(arp_ioctls)
{
	static const uint8_t m1[6] = { 2, 1, 1, 1, 1, 1 };
	uint8_t ha[6];
	int flags;

	two_hosts();
	ck_assert_int_eq(arp_req_get(&A->eth[0], IP4(10, 0, 0, 30), ha, &flags), -ENXIO);
	ck_assert_int_eq(arp_req_set(&A->eth[0], IP4(10, 0, 0, 30), m1, ATF_PERM, S.now), 0);
	ck_assert_int_eq(arp_req_get(&A->eth[0], IP4(10, 0, 0, 30), ha, &flags), 0);
	ck_assert_int_eq(flags, ATF_PERM | ATF_COM);
	ck_assert_int_eq(memcmp(ha, m1, 6), 0);
	/* Permanent entries survive what ARP traffic says. */
	sim_step(&S, 100 * SEC);
	ck_assert_uint_eq(neigh(A, 0, IP4(10, 0, 0, 30))->state, NUD_PERMANENT);
	ck_assert_int_eq(arp_req_delete(&A->eth[0], IP4(10, 0, 0, 30), S.now), 0);
	ck_assert_int_eq(arp_req_delete(&A->eth[0], IP4(10, 0, 0, 30), S.now), -ENXIO);
	teardown();
}
END_TEST

START_TEST(ping_sockets)
{
	struct inet_sock *p1, *p2;

	two_hosts();
	ck_assert(!ping_group_allowed(&A->stack, 0));	/* "1 0": nobody */
	A->stack.sysctl.ping_group_range[0] = 0;
	A->stack.sysctl.ping_group_range[1] = 100;
	ck_assert(ping_group_allowed(&A->stack, 100));
	ck_assert(!ping_group_allowed(&A->stack, 101));
	p1 = ping_open(A);
	p2 = ping_open(A);
	ping_send(p1, IP4(10, 0, 0, 2), 1, 64);
	ping_send(p2, IP4(10, 0, 0, 2), 1, 64);
	ck_assert_uint_eq(p1->num, 1);	/* identifiers 1, 2... as Linux */
	ck_assert_uint_eq(p2->num, 2);
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(ping_replies(p1), 1);
	ck_assert_int_eq(ping_replies(p2), 1);
	/* Only echo requests may be sent. */
	{
		uint8_t msg[8] = { ICMP_TIMESTAMP };
		struct sim_buf_src b;
		struct raw_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 0, 2),
					   .ttl = -1, .tos = -1 };

		sim_src(&b, msg, 8);
		ck_assert_int_eq(ping_sendmsg(p1, &b.src, &a, S.now), -EINVAL);
	}
	/* Fragmented echo: 4000 bytes each way. */
	ping_send(p1, IP4(10, 0, 0, 2), 2, 4000);
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(ping_replies(p1), 1);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_ReasmOKs], 1);
	ck_assert_uint_eq(A->stack.ipstats[IPSTATS_ReasmOKs], 1);
	ping_free(p1);
	ping_free(p2);
	teardown();
}
END_TEST

START_TEST(raw_sockets)
{
	struct inet_sock *r, *hi;
	struct pkt *p;
	struct inet_sock *ps;

	two_hosts();
	r = calloc(1, sizeof(*r));
	raw_sock_init(r, &B->stack, IPPROTO_ICMP);
	ps = ping_open(A);
	ping_send(ps, IP4(10, 0, 0, 2), 1, 64);
	sim_step(&S, 20 * MS);
	/* The raw socket saw the request, IP header and all; B still answered. */
	p = inet_sock_dequeue(r);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->data[0], 0x45);
	ck_assert_uint_eq(p->data[20], ICMP_ECHO);
	pkt_free(p);
	ck_assert_int_eq(ping_replies(ps), 1);
	/* ICMP_FILTER drops echo requests. */
	r->icmp_filter = 1u << ICMP_ECHO;
	ping_send(ps, IP4(10, 0, 0, 2), 2, 64);
	sim_step(&S, 20 * MS);
	ck_assert_ptr_null(inet_sock_dequeue(r));
	/* An unknown protocol: unreachable, unless a raw socket takes it. */
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), 253, 1, 0, (const uint8_t *)"xx", 2);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InUnknownProtos], 1);
	ck_assert_uint_eq(B->stack.icmp_out_type[ICMP_DEST_UNREACH], 1);
	hi = calloc(1, sizeof(*hi));
	raw_sock_init(hi, &B->stack, 253);
	inject_ip(B, A, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2), 253, 2, 0, (const uint8_t *)"yy", 2);
	ck_assert_uint_eq(B->stack.ipstats[IPSTATS_InUnknownProtos], 1);
	p = inet_sock_dequeue(hi);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->len, 22);
	pkt_free(p);
	/* IP_HDRINCL: a whole packet from the user, ID and checksum filled in. */
	{
		uint8_t pk[28];
		struct sim_buf_src b;
		struct raw_send_args a = { .has_dest = true, .daddr = IP4(10, 0, 0, 1),
					   .ttl = -1, .tos = -1 };
		struct inet_sock *hr = calloc(1, sizeof(*hr));

		raw_sock_init(hr, &B->stack, IPPROTO_RAW);
		ck_assert(hr->hdrincl);
		ip_hdr(pk, IP4(10, 0, 0, 2), IP4(10, 0, 0, 1), IPPROTO_ICMP, 0, 0, 64, 8);
		put_u16(pk + 10, 0);
		memcpy(pk + 20, "\x08\x00\xf7\xff\x00\x00\x00\x00", 8);
		sim_src(&b, pk, sizeof(pk));
		ck_assert_int_eq(raw_sendmsg(hr, &b.src, &a, S.now), 28);
		sim_step(&S, 20 * MS);
		ck_assert_uint_eq(A->stack.icmp_out_type[ICMP_ECHOREPLY], 1);
		raw_close(hr);
		free(hr);
	}
	raw_close(hi);
	free(hi);
	raw_close(r);
	free(r);
	ping_free(ps);
	teardown();
}
END_TEST

static Suite *
ipv4_suite(void)
{
	Suite *s = suite_create("net_ipv4");
	TCase *tc;

	tc = tcase_create("arp");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, arp_resolve_and_ping);
	tcase_add_test(tc, arp_delay_probe_reachable);
	tcase_add_test(tc, arp_unreachable_fails);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, arp_gratuitous_and_accept);
	tcase_add_test(tc, arp_answers);
	tcase_add_test(tc, arp_table_bounds);
	tcase_add_test(tc, arp_unresolved_queue_bound);
	tcase_add_test(tc, carrier_loss_evicts);
	tcase_add_test(tc, arp_ioctls);
	tc = tcase_create("route");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, routes_of_addresses);
	tcase_add_test(tc, routes_longest_prefix);
	tcase_add_test(tc, route_output_sources);
	tcase_add_test(tc, secondary_addresses);
	suite_add_tcase(s, tc);
	tc = tcase_create("forward");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, forward_ping);
	tcase_add_test(tc, forward_ttl_exceeded);
	tcase_add_test(tc, forward_mtu);
	suite_add_tcase(s, tc);
	tc = tcase_create("frag");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, reasm_orders_and_dups);
	tcase_add_test(tc, reasm_timeout_and_memory);
	tcase_add_test(tc, reasm_oversize);
	suite_add_tcase(s, tc);
	tc = tcase_create("icmp");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, icmp_error_rate_limit);
	tcase_add_test(tc, icmp_broadcast_echo);
	tcase_add_test(tc, icmp_bad_option);
	tcase_add_test(tc, ip_header_checks);
	tcase_add_test(tc, ping_sockets);
	tcase_add_test(tc, raw_sockets);
	suite_add_tcase(s, tc);
	tc = tcase_create("udp");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, udp_echo_both_ways);
	tcase_add_test(tc, udp_port_unreachable);
	tcase_add_test(tc, udp_bind_rules);
	tcase_add_test(tc, udp_demux_precedence);
	tcase_add_test(tc, udp_reuseport_spread);
	tcase_add_test(tc, udp_checksums_and_limits);
	tcase_add_test(tc, udp_rcvbuf_overflow);
	tcase_add_test(tc, udp_loopback);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ipv4_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
