/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of TCP (kernel/net/ipv4/tcp*.c): two stacks talking through
 * the simulator (netsim.c), in simulated time and seeded, so every run
 * is the same: handshakes (simultaneous open too), closes (simultaneous
 * too, TIME_WAIT), resets (RFC 5961 challenges, refused connects,
 * unread data), timeouts, keepalive, zero-window probes, Nagle, urgent
 * data, sequence numbers across the wrap, and bulk transfers checked
 * byte by byte through loss, delay and reordering.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ip.h"
#include "kernel/net/tcp.h"
#include "uapi/socket.h"
#include "netsim.h"

static struct sim S;
static struct sim_host *A, *B;
static struct sim_seg *L;

static void
setup(uint64_t delay)
{
	sim_init(&S, 1234);
	A = sim_host_new(&S, "A", 64 << 20);
	B = sim_host_new(&S, "B", 64 << 20);
	L = sim_seg_new(&S, delay);
	sim_addr(sim_attach(A, L), IP4(10, 0, 0, 1), 24);
	sim_addr(sim_attach(B, L), IP4(10, 0, 0, 2), 24);
}

static void
teardown(void)
{
	sim_destroy(&S);
}

static struct tcp_sock *
listen_on(struct sim_host *h, uint16_t port, int backlog)
{
	struct tcp_sock *l = tcp_sock_new(&h->stack);

	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(tcp_bind(l, 0, port), 0);
	ck_assert_int_eq(tcp_listen(l, backlog), 0);
	return l;
}

static struct tcp_sock *
connect_to(struct sim_host *h, uint32_t daddr, uint16_t port)
{
	struct tcp_sock *c = tcp_sock_new(&h->stack);

	ck_assert_int_eq(tcp_connect(c, daddr, port, S.now), 0);
	sim_flush(&S);
	return c;
}

/* Run until cond() or the simulated deadline. */
#define RUN_UNTIL(cond, limit) do {						\
	uint64_t _end = S.now + (limit);					\
	while (!(cond) && S.now < _end)						\
		sim_step(&S, MS);						\
} while (0)

static int
send_str(struct tcp_sock *tp, const char *s, unsigned int flags)
{
	struct sim_buf_src b;
	int n;

	sim_src(&b, s, strlen(s));
	n = tcp_sendmsg(tp, &b.src, flags, S.now);
	sim_flush(&S);
	return n;
}

struct membuf {
	uint8_t *p;
};

static int
mem_copy(void *ctx, size_t off, const void *src, size_t n)
{
	struct membuf *m = ctx;

	memcpy(m->p + off, src, n);
	return 0;
}

static int
recv_buf(struct tcp_sock *tp, void *buf, size_t len, unsigned int flags)
{
	struct membuf m = { buf };
	struct net_dst d = { .len = len, .copy = mem_copy, .ctx = &m };
	int n = tcp_recvmsg(tp, &d, flags, S.now);

	sim_flush(&S);
	return n;
}

static void
close_sock(struct tcp_sock *tp)
{
	tcp_close(tp, S.now);
	sim_flush(&S);
}

START_TEST(seq_arith)
{
	ck_assert(before(1, 2));
	ck_assert(!before(2, 2));
	ck_assert(before(0xfffffff0u, 0x10));	/* across the wrap */
	ck_assert(after(0x10, 0xfffffff0u));
	ck_assert(between(0, 0xfffffff0u, 0x10));
	ck_assert(between(0xfffffff0u, 0xfffffff0u, 0x10));
	ck_assert(between(0x10, 0xfffffff0u, 0x10));
	ck_assert(!between(0x11, 0xfffffff0u, 0x10));
	ck_assert(!between(0xffffffefu, 0xfffffff0u, 0x10));
	ck_assert(before(0x7fffffff, 0x80000000u));
	/* Half the space apart, each is "before" the other (as Linux's before()). */
	ck_assert(before(0, 0x80000000u) && before(0x80000000u, 0));
}
END_TEST

START_TEST(handshake_echo_close)
{
	struct tcp_sock *l, *c, *s;
	char buf[64];
	unsigned int inuse, orphans, tw;

	setup(1 * MS);
	l = listen_on(B, 80, 16);
	c = connect_to(A, IP4(10, 0, 0, 2), 80);
	ck_assert_uint_eq(c->inet.state, TCP_SYN_SENT);
	RUN_UNTIL(c->inet.state == TCP_ESTABLISHED, 100 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_ESTABLISHED);
	sim_step(&S, 5 * MS);
	s = tcp_accept(l);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->inet.state, TCP_ESTABLISHED);
	ck_assert_ptr_null(tcp_accept(l));
	/* Options were agreed: SACK, timestamps, window scale, MSS 1460 - 12. */
	ck_assert(c->sack_ok && c->tstamp_ok && c->wscale_ok);
	ck_assert_uint_eq(c->mss_cache, 1448);
	ck_assert_uint_eq(s->mss_cache, 1448);
	ck_assert_uint_eq(c->snd_wscale, 7);
	ck_assert_uint_eq(s->inet.num, 80);
	ck_assert_uint_eq(s->inet.daddr, IP4(10, 0, 0, 1));
	ck_assert_int_eq(send_str(c, "hello", 0), 5);
	sim_step(&S, 10 * MS);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 5);
	ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), -EAGAIN);
	ck_assert_int_eq(send_str(s, "world!", 0), 6);
	sim_step(&S, 10 * MS);
	ck_assert_int_eq(recv_buf(c, buf, sizeof(buf), MSG_PEEK), 6);
	ck_assert_uint_eq(tcp_inq(c), 6);
	ck_assert_int_eq(recv_buf(c, buf, sizeof(buf), 0), 6);
	ck_assert_int_eq(memcmp(buf, "world!", 6), 0);
	/* The client closes first: FIN_WAIT1, FIN_WAIT2; the server reads EOF. */
	ck_assert_int_eq(tcp_shutdown(c, SHUT_WR, S.now), 0);
	sim_flush(&S);
	ck_assert_uint_eq(c->inet.state, TCP_FIN_WAIT1);
	sim_step(&S, 10 * MS);
	/* As Linux, the FIN's ACK is delayed (the receiver went "pingpong"). */
	ck_assert_uint_eq(c->inet.state, TCP_FIN_WAIT1);
	sim_step(&S, 40 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_FIN_WAIT2);
	ck_assert_uint_eq(s->inet.state, TCP_CLOSE_WAIT);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 0);
	ck_assert(tcp_poll(s) & NET_EV_RDHUP);
	ck_assert_int_eq(send_str(c, "late", 0), -EPIPE);
	close_sock(s);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_TIME_WAIT);
	close_sock(c);
	close_sock(l);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(tw, 1);
	ck_assert_uint_eq(inuse, 1);
	tcp_count(&B->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	/* TIME_WAIT lasts 60 s. */
	sim_step(&S, 59 * SEC);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(tw, 1);
	sim_step(&S, 2 * SEC);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	ck_assert_uint_eq(tw, 0);
	teardown();
}
END_TEST


/* ---- bulk transfers ---- */

static uint8_t
pattern(uint64_t i)
{
	return (uint8_t)((i * 2654435761u) >> 13 ^ i >> 20);
}

struct gen {
	uint64_t base;
};

static int
gen_copy(void *ctx, void *dst, size_t off, size_t len)
{
	struct gen *g = ctx;
	uint8_t *d = dst;

	for (size_t i = 0; i < len; i++)
		d[i] = pattern(g->base + off + i);
	return 0;
}

struct check {
	uint64_t base;
	uint64_t bad;
};

static int
check_copy(void *ctx, size_t off, const void *src, size_t n)
{
	struct check *c = ctx;
	const uint8_t *s = src;

	for (size_t i = 0; i < n; i++)
		if (s[i] != pattern(c->base + off + i))
			c->bad++;
	return 0;
}

struct xfer {
	uint64_t sent, received, bad;
	uint64_t start, end;
};

/* Move total bytes from c to s through the simulator; false if it stalls. */
static bool
transfer(struct tcp_sock *c, struct tcp_sock *s, uint64_t total, uint64_t limit,
	 struct xfer *x)
{
	uint64_t deadline = S.now + limit;

	memset(x, 0, sizeof(*x));
	x->start = S.now;
	while (x->received < total && S.now < deadline) {
		for (;;) {
			struct gen g = { x->sent };
			struct net_src src = { .copy = gen_copy, .ctx = &g };
			int n;

			src.len = total - x->sent > 262144 ? 262144 : total - x->sent;
			if (!src.len)
				break;
			n = tcp_sendmsg(c, &src, 0, S.now);
			if (n <= 0)
				break;
			x->sent += (uint64_t)n;
		}
		for (;;) {
			struct check ck = { x->received, 0 };
			struct net_dst d = { .len = 1 << 20, .copy = check_copy, .ctx = &ck };
			int n = tcp_recvmsg(s, &d, 0, S.now);

			if (n <= 0)
				break;
			x->received += (uint64_t)n;
			x->bad += ck.bad;
		}
		sim_step(&S, MS);
	}
	x->end = S.now;
	return x->received == total;
}

static void
established_pair(struct tcp_sock **cp, struct tcp_sock **sp, uint16_t port)
{
	struct tcp_sock *l = listen_on(B, port, 16), *c = connect_to(A, IP4(10, 0, 0, 2), port);

	RUN_UNTIL(c->inet.state == TCP_ESTABLISHED, 10 * SEC);
	ck_assert_uint_eq(c->inet.state, TCP_ESTABLISHED);
	RUN_UNTIL(l->accept_len > 0, 10 * SEC);
	*sp = tcp_accept(l);
	ck_assert_ptr_nonnull(*sp);
	close_sock(l);
	*cp = c;
}

static void
report(const char *what, const struct xfer *x, const struct tcp_sock *c, double wall)
{
	double secs = (double)(x->end - x->start) / 1e9;

	fprintf(stderr, "%s: %llu MiB in %.1f s simulated (%.2f MB/s), %u retransmitted, "
		"%.2f s wall; cwnd %u, sndbuf %u, srtt %llu us, rto %llu ms\n", what,
		(unsigned long long)(x->received >> 20), secs,
		(double)x->received / secs / 1e6, c->total_retrans, wall, c->cwnd, c->snd.size,
		(unsigned long long)c->srtt_us, (unsigned long long)(c->rto / 1000000));
}

static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(bulk_clean)
{
	struct tcp_sock *c, *s;
	struct xfer x;
	double w = wall_now();

	setup(1 * MS);
	L->bps = 1000000000ULL;
	established_pair(&c, &s, 5001);
	ck_assert(transfer(c, s, 64ULL << 20, 100 * SEC, &x));
	ck_assert_uint_eq(x.bad, 0);
	ck_assert_uint_eq(c->total_retrans, 0);
	report("64 MiB, 1 Gbit/s, RTT 2 ms", &x, c, wall_now() - w);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(bulk_lossy)
{
	struct tcp_sock *c, *s;
	struct xfer x;
	double w = wall_now();

	setup(20 * MS);
	L->bps = 100000000ULL;
	L->loss_ppm = 50000;	/* 5 % each way */
	L->jitter = 2 * MS;	/* and some reordering */
	established_pair(&c, &s, 5002);
	ck_assert(transfer(c, s, 100ULL << 20, 3600 * SEC, &x));
	ck_assert_uint_eq(x.bad, 0);
	ck_assert_uint_gt(c->total_retrans, 0);
	report("100 MiB, 5% loss, 20 ms each way", &x, c, wall_now() - w);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(bulk_seeds)
{
	/* Many seeds, smaller transfers, loss and reordering mixed: no stall, no corruption. */
	for (int seed = 1; seed <= 12; seed++) {
		struct tcp_sock *c, *s;
		struct xfer x;

		sim_init(&S, (uint64_t)seed * 7919);
		A = sim_host_new(&S, "A", 64 << 20);
		B = sim_host_new(&S, "B", 64 << 20);
		L = sim_seg_new(&S, (uint64_t)(1 + seed % 5) * 3 * MS);
		sim_addr(sim_attach(A, L), IP4(10, 0, 0, 1), 24);
		sim_addr(sim_attach(B, L), IP4(10, 0, 0, 2), 24);
		L->bps = 50000000ULL;
		L->loss_ppm = (uint32_t)(seed % 4) * 25000;
		L->jitter = (uint64_t)(seed % 3) * 4 * MS;
		if (seed % 5 == 0)
			tcp_sysctls(&B->stack)->sack = 0;	/* NewReno */
		if (seed % 6 == 0)
			tcp_sysctls(&A->stack)->timestamps = 0;
		established_pair(&c, &s, 6000);
		if (!transfer(c, s, 4ULL << 20, 1200 * SEC, &x))
			ck_abort_msg("seed %d: stalled at %llu of %llu bytes (state %d/%d, cwnd %u, "
				     "snd_wnd %u, una %u nxt %u, ca %d)", seed,
				     (unsigned long long)x.received, 4ULL << 20, c->inet.state,
				     s->inet.state, c->cwnd, c->snd_wnd, c->snd_una, c->snd_nxt,
				     c->ca_state);
		ck_assert_uint_eq(x.bad, 0);
		close_sock(c);
		close_sock(s);
		sim_step(&S, 200 * SEC);
		teardown();
	}
}
END_TEST

static Suite *
tcp_suite(void)
{
	Suite *s = suite_create("net_tcp");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_test(tc, seq_arith);
	tcase_add_test(tc, handshake_echo_close);
	suite_add_tcase(s, tc);
	tc = tcase_create("bulk");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, bulk_clean);
	tcase_add_test(tc, bulk_lossy);
	tcase_add_test(tc, bulk_seeds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tcp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
