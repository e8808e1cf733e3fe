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
#include "uapi/if_packet.h"
#include "uapi/in.h"
#include "uapi/socket.h"
#include "netsim.h"

static struct sim S;
static struct sim_host *A, *B;
static struct sim_seg *L1;

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
		struct pkt *p = pkt_queue_peek(&B->captured);

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

static Suite *
ipv4_suite(void)
{
	Suite *s = suite_create("net_ipv4");
	TCase *tc;

	tc = tcase_create("arp");
	tcase_add_test(tc, arp_resolve_and_ping);
	tcase_add_test(tc, arp_delay_probe_reachable);
	tcase_add_test(tc, arp_unreachable_fails);
	suite_add_tcase(s, tc);
	tc = tcase_create("udp");
	tcase_add_test(tc, udp_echo_both_ways);
	tcase_add_test(tc, udp_port_unreachable);
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
