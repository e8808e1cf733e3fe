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
#include "kernel/net/arp.h"
#include "kernel/net/ip.h"
#include "kernel/net/tcp.h"
#include "uapi/icmp.h"
#include "uapi/in.h"
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

static void established_pair(struct tcp_sock **cp, struct tcp_sock **sp, uint16_t port);

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

/* ---- crafted segments ---- */

#include "kernel/net/checksum.h"

/* Inject into `to` a TCP segment as if from `from` (addresses of their eth0). */
static void
inject_tcp(struct sim_host *to, struct sim_host *from, uint16_t sport, uint16_t dport,
	   uint32_t seq, uint32_t ack, uint8_t flags, uint16_t win, const char *data)
{
	uint8_t f[200];
	uint8_t *ip = f + 14, *th = ip + 20;
	unsigned int len = data ? (unsigned int)strlen(data) : 0;
	uint32_t saddr = inet_ifa_primary(&from->eth[0])->local;
	uint32_t daddr = inet_ifa_primary(&to->eth[0])->local;

	memcpy(f, to->eth[0].addr, 6);
	memcpy(f + 6, from->eth[0].addr, 6);
	put_be16(f + 12, ETH_P_IP);
	memset(ip, 0, 40);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(40 + len));
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	put_be32(ip + 12, saddr);
	put_be32(ip + 16, daddr);
	put_u16(ip + 10, ip_fast_csum(ip, 5));
	put_be16(th, sport);
	put_be16(th + 2, dport);
	put_be32(th + 4, seq);
	put_be32(th + 8, ack);
	th[12] = 5 << 4;
	th[13] = flags;
	put_be16(th + 14, win);
	if (len)
		memcpy(th + 20, data, len);
	put_u16(th + 16, csum_tcpudp_magic(saddr, daddr, 20 + len, IPPROTO_TCP,
					   csum_partial(th, 20 + len, 0)));
	sim_inject(to, 0, f, 14 + 40 + len);
}

/* Frames captured on h: TCP segments sent (dir 1) with all of flags set. */
static unsigned int
count_out(struct sim_host *h, uint8_t flags, bool with_data)
{
	struct pkt *p;
	unsigned int n = 0;

	list_for_each_entry(p, &h->captured.head, list) {
		const uint8_t *ip = p->data + 14, *th = ip + (ip[0] & 15) * 4;
		unsigned int len;

		if (p->pkt_type != 1 || get_be16(p->data + 12) != ETH_P_IP || ip[9] != IPPROTO_TCP)
			continue;
		len = get_be16(ip + 2) - (ip[0] & 15) * 4 - (th[12] >> 4) * 4;
		if ((th[13] & flags) == flags && (!with_data || len))
			n++;
	}
	return n;
}

static void established_pair(struct tcp_sock **cp, struct tcp_sock **sp, uint16_t port);

START_TEST(connect_refused)
{
	struct tcp_sock *c;

	setup(1 * MS);
	c = connect_to(A, IP4(10, 0, 0, 2), 81);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_CLOSE);
	ck_assert_int_eq(c->inet.err, ECONNREFUSED);
	ck_assert(tcp_poll(c) & NET_EV_ERR);
	ck_assert(tcp_poll(c) & NET_EV_HUP);
	ck_assert_uint_eq(B->stack.tcpstats[TCPSTATS_OutRsts], 1);
	close_sock(c);
	teardown();
}
END_TEST

START_TEST(connect_timeout)
{
	struct tcp_sock *c;

	setup(1 * MS);
	L->down = true;
	A->capture = true;
	/* No ARP answer either: a static neighbour keeps the SYNs going out. */
	arp_req_set(&A->eth[0], IP4(10, 0, 0, 2), B->eth[0].addr, ATF_PERM, S.now);
	c = connect_to(A, IP4(10, 0, 0, 2), 80);
	/* tcp_syn_retries 6: SYNs at 0, 1, 3, 7, 15, 31, 63 s; gives up at 127 s. */
	sim_step(&S, 62 * SEC);
	ck_assert_uint_eq(count_out(A, TCPHDR_SYN, false), 6);
	sim_step(&S, 2 * SEC);
	ck_assert_uint_eq(count_out(A, TCPHDR_SYN, false), 7);
	ck_assert_uint_eq(c->inet.state, TCP_SYN_SENT);
	sim_step(&S, 62 * SEC);
	ck_assert_uint_eq(c->inet.state, TCP_SYN_SENT);
	sim_step(&S, 2 * SEC);
	ck_assert_uint_eq(c->inet.state, TCP_CLOSE);
	ck_assert_int_eq(c->inet.err, ETIMEDOUT);
	close_sock(c);
	teardown();
}
END_TEST

START_TEST(connect_host_unreachable)
{
	struct tcp_sock *c;

	setup(1 * MS);
	c = connect_to(A, IP4(10, 0, 0, 99), 80);
	sim_step(&S, 2900 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_SYN_SENT);
	sim_step(&S, 200 * MS);
	/* ARP failed at 3 s: ICMP host unreachable ends the connect. */
	ck_assert_uint_eq(c->inet.state, TCP_CLOSE);
	ck_assert_int_eq(c->inet.err, EHOSTUNREACH);
	close_sock(c);
	teardown();
}
END_TEST

START_TEST(simultaneous_open)
{
	struct tcp_sock *a, *b;
	char buf[16];

	setup(5 * MS);
	/* Known neighbours, so that the SYNs leave at once and cross. */
	arp_req_set(&A->eth[0], IP4(10, 0, 0, 2), B->eth[0].addr, ATF_PERM, S.now);
	arp_req_set(&B->eth[0], IP4(10, 0, 0, 1), A->eth[0].addr, ATF_PERM, S.now);
	a = tcp_sock_new(&A->stack);
	b = tcp_sock_new(&B->stack);
	ck_assert_int_eq(tcp_bind(a, 0, 7000), 0);
	ck_assert_int_eq(tcp_bind(b, 0, 7001), 0);
	ck_assert_int_eq(tcp_connect(a, IP4(10, 0, 0, 2), 7001, S.now), 0);
	ck_assert_int_eq(tcp_connect(b, IP4(10, 0, 0, 1), 7000, S.now), 0);
	sim_step(&S, 3 * MS);
	/* The SYNs cross: both in SYN_RECV, then both ESTABLISHED. */
	ck_assert_uint_eq(a->inet.state, TCP_SYN_SENT);
	sim_step(&S, 5 * MS);
	ck_assert_uint_eq(a->inet.state, TCP_SYN_RECV);
	ck_assert_uint_eq(b->inet.state, TCP_SYN_RECV);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(a->inet.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(b->inet.state, TCP_ESTABLISHED);
	ck_assert_int_eq(send_str(a, "ping", 0), 4);
	sim_step(&S, 20 * MS);
	ck_assert_int_eq(recv_buf(b, buf, sizeof(buf), 0), 4);
	close_sock(a);
	close_sock(b);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(simultaneous_close)
{
	struct tcp_sock *c, *s;
	unsigned int inuse, orphans, tw;

	setup(5 * MS);
	established_pair(&c, &s, 90);
	tcp_shutdown(c, SHUT_WR, S.now);
	tcp_shutdown(s, SHUT_WR, S.now);
	sim_flush(&S);
	ck_assert_uint_eq(c->inet.state, TCP_FIN_WAIT1);
	ck_assert_uint_eq(s->inet.state, TCP_FIN_WAIT1);
	sim_step(&S, 7 * MS);
	/* Each got the other's FIN before the ACK of its own. */
	ck_assert_uint_eq(c->inet.state, TCP_CLOSING);
	ck_assert_uint_eq(s->inet.state, TCP_CLOSING);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_TIME_WAIT);
	ck_assert_uint_eq(s->inet.state, TCP_TIME_WAIT);
	close_sock(c);
	close_sock(s);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(tw, 1);
	sim_step(&S, 61 * SEC);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	tcp_count(&B->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	teardown();
}
END_TEST

START_TEST(rst_rfc5961)
{
	struct tcp_sock *c, *s;
	uint16_t cport;
	uint64_t chal;

	setup(1 * MS);
	established_pair(&c, &s, 91);
	cport = c->inet.num;
	chal = tcp_ext_stats(&B->stack)[TCPEXT_TCPChallengeACK];
	/* A RST inside the window but not at rcv_nxt: a challenge ACK, no reset. */
	inject_tcp(B, A, cport, 91, s->rcv_nxt + 1000, 0, TCPHDR_RST, 0, NULL);
	ck_assert_uint_eq(s->inet.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_ext_stats(&B->stack)[TCPEXT_TCPChallengeACK], chal + 1);
	/* Outside the window: ignored. */
	inject_tcp(B, A, cport, 91, s->rcv_nxt + 0x40000000u, 0, TCPHDR_RST, 0, NULL);
	ck_assert_uint_eq(s->inet.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_ext_stats(&B->stack)[TCPEXT_TCPChallengeACK], chal + 1);
	/* A SYN on an established connection: challenge ACK. */
	inject_tcp(B, A, cport, 91, s->rcv_nxt + 5, 0, TCPHDR_SYN, 1000, NULL);
	ck_assert_uint_eq(s->inet.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_ext_stats(&B->stack)[TCPEXT_TCPChallengeACK], chal + 2);
	/* Data the peer's ACK says was never sent: dropped. */
	inject_tcp(B, A, cport, 91, s->rcv_nxt, s->snd_nxt + 100, TCPHDR_ACK, 1000, "zz");
	ck_assert_uint_eq(tcp_inq(s), 0);
	/* Exactly at rcv_nxt: reset. */
	inject_tcp(B, A, cport, 91, s->rcv_nxt, 0, TCPHDR_RST, 0, NULL);
	ck_assert_uint_eq(s->inet.state, TCP_CLOSE);
	ck_assert_int_eq(s->inet.err, ECONNRESET);
	{
		char b[4];

		ck_assert_int_eq(recv_buf(s, b, 4, 0), -ECONNRESET);
		ck_assert_int_eq(recv_buf(s, b, 4, 0), 0);
	}
	close_sock(s);
	tcp_close(c, S.now);
	sim_step(&S, 100 * SEC);
	teardown();
}
END_TEST

START_TEST(close_with_unread_data)
{
	struct tcp_sock *c, *s;
	char b[8];

	setup(1 * MS);
	established_pair(&c, &s, 92);
	send_str(c, "unread", 0);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(tcp_inq(s), 6);
	close_sock(s);	/* RST, not FIN (RFC 2525) */
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(c->inet.state, TCP_CLOSE);
	ck_assert_int_eq(recv_buf(c, b, sizeof(b), 0), -ECONNRESET);
	ck_assert_int_eq(send_str(c, "x", 0), -EPIPE);
	close_sock(c);
	teardown();
}
END_TEST

START_TEST(linger_zero)
{
	struct tcp_sock *c, *s;

	setup(1 * MS);
	established_pair(&c, &s, 93);
	ck_assert_int_eq(tcp_setsockopt(c, SOL_SOCKET, SO_LINGER, 0, S.now), 0);
	close_sock(c);
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(s->inet.state, TCP_CLOSE);
	ck_assert_int_eq(s->inet.err, ECONNRESET);
	close_sock(s);
	teardown();
}
END_TEST

START_TEST(keepalive)
{
	struct tcp_sock *c, *s;
	uint64_t t0;

	setup(1 * MS);
	established_pair(&c, &s, 94);
	A->capture = true;
	ck_assert_int_eq(tcp_setsockopt(c, SOL_TCP, TCP_KEEPIDLE, 10, S.now), 0);
	ck_assert_int_eq(tcp_setsockopt(c, SOL_TCP, TCP_KEEPINTVL, 2, S.now), 0);
	ck_assert_int_eq(tcp_setsockopt(c, SOL_TCP, TCP_KEEPCNT, 3, S.now), 0);
	ck_assert_int_eq(tcp_setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, 1, S.now), 0);
	/* Answered probes every 10 s keep an idle connection up. */
	sim_step(&S, 35 * SEC);
	ck_assert_uint_eq(c->inet.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(tcp_ext_stats(&A->stack)[TCPEXT_TCPKeepAlive], 3);
	/* The peer vanishes: 3 probes 2 s apart, then the connection times out. */
	L->down = true;
	t0 = S.now;
	RUN_UNTIL(c->inet.state == TCP_CLOSE, 60 * SEC);
	ck_assert_uint_eq(c->inet.state, TCP_CLOSE);
	ck_assert_int_eq(c->inet.err, ETIMEDOUT);
	ck_assert_uint_le(S.now - t0, 17 * SEC);
	ck_assert_uint_ge(S.now - t0, 10 * SEC);
	ck_assert_uint_eq(tcp_ext_stats(&A->stack)[TCPEXT_TCPKeepAlive], 6);
	close_sock(c);
	close_sock(s);
	teardown();
}
END_TEST

START_TEST(zero_window)
{
	struct tcp_sock *l, *c, *s;
	static uint8_t data[100000];
	struct sim_buf_src b;
	uint64_t probes;
	int sent = 0, got = 0, n;
	static uint8_t in[100000];

	setup(1 * MS);
	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	l = listen_on(B, 95, 4);
	ck_assert_int_eq(tcp_setsockopt(l, SOL_SOCKET, SO_RCVBUF, 8192, S.now), 0);
	c = connect_to(A, IP4(10, 0, 0, 2), 95);
	RUN_UNTIL(l->accept_len, SEC);
	s = tcp_accept(l);
	close_sock(l);
	sim_src(&b, data, sizeof(data));
	while (sent < (int)sizeof(data)) {
		struct sim_buf_src part;

		sim_src(&part, data + sent, sizeof(data) - (size_t)sent);
		n = tcp_sendmsg(c, &part.src, 0, S.now);
		if (n <= 0)
			break;
		sent += n;
	}
	(void)b;
	/* What is left of the last window is filled by a first probe; then zero. */
	sim_step(&S, 1 * SEC);
	ck_assert_uint_eq(c->snd_wnd, 0);	/* the receiver is full and does not read */
	probes = tcp_ext_stats(&A->stack)[TCPEXT_TCPWinProbe];
	sim_step(&S, 30 * SEC);
	/* Probes with backoff: a handful in 30 s, the connection alive. */
	ck_assert_uint_ge(tcp_ext_stats(&A->stack)[TCPEXT_TCPWinProbe] - probes, 4);
	ck_assert_uint_le(tcp_ext_stats(&A->stack)[TCPEXT_TCPWinProbe] - probes, 10);
	ck_assert_uint_eq(c->inet.state, TCP_ESTABLISHED);
	/* The receiver reads: the window opens and everything arrives intact. */
	while (got < (int)sizeof(data) && S.now < 2000 * SEC) {
		struct membuf m = { in + got };
		struct net_dst d = { .len = sizeof(in) - (size_t)got, .copy = mem_copy, .ctx = &m };

		n = tcp_recvmsg(s, &d, 0, S.now);
		if (n > 0)
			got += n;
		while (sent < (int)sizeof(data)) {
			struct sim_buf_src part;

			sim_src(&part, data + sent, sizeof(data) - (size_t)sent);
			n = tcp_sendmsg(c, &part.src, 0, S.now);
			if (n <= 0)
				break;
			sent += n;
		}
		sim_step(&S, 10 * MS);
	}
	ck_assert_int_eq(got, (int)sizeof(data));
	ck_assert_int_eq(memcmp(in, data, sizeof(data)), 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(nagle)
{
	struct tcp_sock *c, *s;
	char buf[16];

	setup(10 * MS);
	established_pair(&c, &s, 96);
	A->capture = true;
	send_str(c, "a", 0);
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 1);
	send_str(c, "b", 0);
	send_str(c, "c", 0);
	/* Held while "a" is unacknowledged (Nagle, Minshall's variant). */
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 1);
	sim_step(&S, 25 * MS);
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 2);	/* "bc" together */
	sim_step(&S, 15 * MS);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 3);
	/* TCP_NODELAY: every write goes at once. */
	tcp_setsockopt(c, SOL_TCP, TCP_NODELAY, 1, S.now);
	send_str(c, "d", 0);
	send_str(c, "e", 0);
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 4);
	sim_step(&S, 25 * MS);
	/* TCP_CORK: held until uncorked, even with NODELAY. */
	tcp_setsockopt(c, SOL_TCP, TCP_CORK, 1, S.now);
	send_str(c, "f", 0);
	send_str(c, "g", 0);
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 4);
	tcp_setsockopt(c, SOL_TCP, TCP_CORK, 0, S.now);
	sim_flush(&S);
	ck_assert_uint_eq(count_out(A, TCPHDR_ACK, true), 5);
	sim_step(&S, 25 * MS);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 4);
	ck_assert_int_eq(memcmp(buf, "defg", 4), 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(urgent_data)
{
	struct tcp_sock *c, *s;
	char buf[16];

	setup(1 * MS);
	established_pair(&c, &s, 97);
	send_str(c, "abc", 0);
	send_str(c, "!", MSG_OOB);
	sim_step(&S, 10 * MS);
	ck_assert(tcp_poll(s) & NET_EV_PRI);
	ck_assert(!tcp_at_mark(s));
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 3);	/* stops at the mark */
	ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
	ck_assert(tcp_at_mark(s));
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), MSG_OOB), 1);
	ck_assert_int_eq(buf[0], '!');
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), MSG_OOB), -EINVAL);	/* read already */
	send_str(c, "def", 0);
	sim_step(&S, 10 * MS);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 3);
	ck_assert_int_eq(memcmp(buf, "def", 3), 0);
	/* SO_OOBINLINE: the byte stays in the stream. */
	tcp_setsockopt(s, SOL_SOCKET, SO_OOBINLINE, 1, S.now);
	send_str(c, "x", MSG_OOB);
	send_str(c, "yz", 0);
	sim_step(&S, 10 * MS);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), MSG_OOB), -EINVAL);
	ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 3);
	ck_assert_int_eq(memcmp(buf, "xyz", 3), 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(mss_negotiation)
{
	struct tcp_sock *l, *c, *s;
	int v;

	setup(1 * MS);
	l = listen_on(B, 98, 4);
	ck_assert_int_eq(tcp_setsockopt(l, SOL_TCP, TCP_MAXSEG, 500, S.now), 0);
	ck_assert_int_eq(tcp_setsockopt(l, SOL_TCP, TCP_MAXSEG, 20, S.now), -EINVAL);
	c = connect_to(A, IP4(10, 0, 0, 2), 98);
	RUN_UNTIL(l->accept_len, SEC);
	s = tcp_accept(l);
	close_sock(l);
	/* The server announced 500: the client's segments carry 500 - 12 bytes. */
	ck_assert_uint_eq(c->mss_cache, 488);
	ck_assert_int_eq(tcp_getsockopt(c, SOL_TCP, TCP_MAXSEG, &v), 0);
	ck_assert_int_eq(v, 488);
	{
		struct tcp_info ti;

		tcp_get_info(c, &ti, S.now);
		ck_assert_uint_eq(ti.tcpi_state, TCP_ESTABLISHED);
		ck_assert_uint_eq(ti.tcpi_snd_mss, 488);
		ck_assert(ti.tcpi_options & TCPI_OPT_SACK);
		ck_assert(ti.tcpi_options & TCPI_OPT_TIMESTAMPS);
		ck_assert(ti.tcpi_options & TCPI_OPT_WSCALE);
		ck_assert_uint_eq(ti.tcpi_snd_cwnd, 10);
		ck_assert_uint_gt(ti.tcpi_rtt, 0);
	}
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(no_options_peer)
{
	struct tcp_sock *c, *s;

	setup(1 * MS);
	tcp_sysctls(&B->stack)->sack = 0;
	tcp_sysctls(&B->stack)->timestamps = 0;
	tcp_sysctls(&B->stack)->window_scaling = 0;
	established_pair(&c, &s, 99);
	ck_assert(!c->sack_ok && !c->tstamp_ok && !c->wscale_ok);
	ck_assert(!s->sack_ok && !s->tstamp_ok && !s->wscale_ok);
	ck_assert_uint_eq(c->mss_cache, 1460);
	ck_assert_uint_eq(c->rcv_wscale, 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(time_wait_new_syn)
{
	struct tcp_sock *l, *c, *s, *c2, *s2;
	uint16_t cport;

	setup(1 * MS);
	l = listen_on(B, 100, 4);
	c = connect_to(A, IP4(10, 0, 0, 2), 100);
	RUN_UNTIL(l->accept_len, SEC);
	s = tcp_accept(l);
	cport = c->inet.num;
	/* The server closes first: it is the one left in TIME_WAIT. */
	close_sock(s);
	sim_step(&S, 10 * MS);
	close_sock(c);
	sim_step(&S, 100 * MS);
	ck_assert_uint_eq(s->inet.state, TCP_TIME_WAIT);	/* (not freed: TIME_WAIT) */
	/* The same client port again: the SYN (higher sequence) opens a new one. */
	c2 = tcp_sock_new(&A->stack);
	c2->inet.reuse = true;
	ck_assert_int_eq(tcp_bind(c2, 0, cport), 0);
	ck_assert_int_eq(tcp_connect(c2, IP4(10, 0, 0, 2), 100, S.now), 0);
	RUN_UNTIL(l->accept_len, SEC);
	s2 = tcp_accept(l);
	ck_assert_ptr_nonnull(s2);
	ck_assert_uint_eq(c2->inet.state, TCP_ESTABLISHED);
	close_sock(c2);
	close_sock(s2);
	close_sock(l);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(backlog_overflow)
{
	struct tcp_sock *l, *c[8], *acc[8];
	int naccepted = 0;

	setup(1 * MS);
	l = listen_on(B, 101, 2);
	for (int i = 0; i < 8; i++)
		c[i] = connect_to(A, IP4(10, 0, 0, 2), 101);
	sim_step(&S, 100 * MS);
	/* The SYN queue holds `backlog` handshakes (we have no SYN cookies):
	 * the others are dropped for now. */
	ck_assert_uint_eq(l->accept_len, 2);
	ck_assert_uint_gt(tcp_ext_stats(&B->stack)[TCPEXT_ListenDrops], 0);
	/* Accepting makes room; SYN retransmissions fill it again. */
	while (naccepted < 8 && S.now < 1000 * SEC + 200 * SEC) {
		struct tcp_sock *s = tcp_accept(l);

		if (s)
			acc[naccepted++] = s;
		else
			sim_step(&S, 100 * MS);
	}
	ck_assert_int_eq(naccepted, 8);
	for (int i = 0; i < 8; i++) {
		ck_assert_uint_eq(c[i]->inet.state, TCP_ESTABLISHED);
		close_sock(c[i]);
		close_sock(acc[i]);
	}
	close_sock(l);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(syn_flood)
{
	struct tcp_sock *l, *c, *s;

	setup(1 * MS);
	l = listen_on(B, 102, 16);
	/* 2000 SYNs from made-up ports: the SYN queue stays at the backlog. */
	for (uint32_t i = 0; i < 2000; i++)
		inject_tcp(B, A, (uint16_t)(20000 + i), 102, i * 7777, 0, TCPHDR_SYN, 1000, NULL);
	ck_assert_uint_le(l->syn_len, 16);
	ck_assert_uint_le(B->pool.used, 4 << 20);
	/* Our A answers their SYN-ACKs with RSTs: the queue drains. */
	sim_step(&S, 10 * MS);
	ck_assert_uint_eq(l->syn_len, 0);
	c = connect_to(A, IP4(10, 0, 0, 2), 102);
	RUN_UNTIL(l->accept_len, 5 * SEC);
	s = tcp_accept(l);
	ck_assert_ptr_nonnull(s);
	close_sock(c);
	close_sock(s);
	close_sock(l);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(seq_wrap_transfer)
{
	struct tcp_sock *c, *s;
	struct xfer x;

	setup(2 * MS);
	L->bps = 100000000ULL;
	L->loss_ppm = 20000;
	/* Start both sides a few hundred KiB before 2^32. */
	tcp_test_isn(&A->stack, 0u - 300000u);
	tcp_test_isn(&B->stack, 0u - 200000u);
	established_pair(&c, &s, 103);
	ck_assert(transfer(c, s, 4ULL << 20, 600 * SEC, &x));
	ck_assert_uint_eq(x.bad, 0);
	/* The sequence space went across 2^32. */
	ck_assert_uint_eq(c->iss, 0u - 300000u);
	ck_assert(c->snd_una < 0x80000000u);
	ck_assert(after(c->snd_una, c->iss));
	ck_assert_uint_eq(s->iss, 0u - 200000u);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(loopback)
{
	struct tcp_sock *l, *c, *s;
	struct xfer x;

	setup(1 * MS);
	l = listen_on(A, 104, 4);
	c = connect_to(A, IP4(127, 0, 0, 1), 104);
	ck_assert_uint_eq(c->inet.state, TCP_ESTABLISHED);	/* all within the call */
	s = tcp_accept(l);
	ck_assert_ptr_nonnull(s);
	close_sock(l);
	ck_assert_uint_eq(c->mss_cache, 65483);	/* 65535 - 40 - 12, as Linux on lo */
	if (!transfer(c, s, 16ULL << 20, 60 * SEC, &x))
		ck_abort_msg("stalled at %llu (sent %llu): state %d/%d cwnd %u snd_wnd %u una %u nxt %u "
			     "write %u ca %d rcv ring %u s.rcv_nxt %u copied %u, lo tx %llu drop %llu",
			     (unsigned long long)x.received, (unsigned long long)x.sent,
			     c->inet.state, s->inet.state, c->cwnd, c->snd_wnd, c->snd_una, c->snd_nxt,
			     c->write_seq, c->ca_state, s->rcv.size, s->rcv_nxt, s->copied_seq,
			     (unsigned long long)A->lo.stats.tx_packets,
			     (unsigned long long)A->lo.stats.tx_dropped);
	ck_assert_uint_eq(x.bad, 0);
	ck_assert_uint_eq(A->eth[0].stats.tx_packets, 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	teardown();
}
END_TEST

START_TEST(many_connections)
{
	struct tcp_sock *l;
	unsigned int inuse, orphans, tw;
	char buf[200];

	setup(1 * MS);
	l = listen_on(B, 105, 128);
	for (int i = 0; i < 10000; i++) {
		struct tcp_sock *c = connect_to(A, IP4(10, 0, 0, 2), 105), *s;

		RUN_UNTIL(l->accept_len, SEC);
		s = tcp_accept(l);
		ck_assert_ptr_nonnull(s);
		send_str(c, "request", 0);
		RUN_UNTIL(tcp_inq(s) == 7, SEC);
		ck_assert_int_eq(recv_buf(s, buf, sizeof(buf), 0), 7);
		send_str(s, "response", 0);
		close_sock(s);
		RUN_UNTIL(tcp_inq(c) == 8 && (c->inet.shutdown & RCV_SHUTDOWN), SEC);
		ck_assert_int_eq(recv_buf(c, buf, sizeof(buf), 0), 8);
		close_sock(c);
	}
	close_sock(l);
	sim_step(&S, 70 * SEC);
	tcp_count(&A->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	tcp_count(&B->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	ck_assert_uint_eq(A->pool.live_pkts, 0);
	ck_assert_uint_eq(B->pool.live_pkts, 0);
	teardown();
}
END_TEST

/* Counts TIME_WAIT sockets (<< 8) and those still holding ring memory. */
static void
count_tw_buffers(struct tcp_sock *tp, void *arg)
{
	unsigned int *n = arg;

	if (tp->inet.state != TCP_TIME_WAIT)
		return;
	*n += 1 << 8;
	if (tp->snd.buf || tp->rcv.buf)
		(*n)++;
}

START_TEST(time_wait_bound)
{
	struct tcp_sock *l;
	unsigned int inuse, orphans, tw;
	char buf[16];

	/* Beyond tcp_max_tw_buckets the closing side skips TIME_WAIT. */
	setup(1 * MS);
	tcp_sysctls(&B->stack)->max_tw_buckets = 3;
	l = listen_on(B, 106, 16);
	for (int i = 0; i < 6; i++) {
		struct tcp_sock *c = connect_to(A, IP4(10, 0, 0, 2), 106), *s;

		RUN_UNTIL(l->accept_len, SEC);
		s = tcp_accept(l);
		ck_assert_ptr_nonnull(s);
		close_sock(s);
		RUN_UNTIL(c->inet.shutdown & RCV_SHUTDOWN, SEC);
		ck_assert_int_eq(recv_buf(c, buf, sizeof(buf), 0), 0);
		close_sock(c);
		sim_step(&S, 100 * MS);
		tcp_count(&B->stack, &inuse, &orphans, &tw);
		ck_assert_uint_eq(tw, i < 3 ? (unsigned int)i + 1 : 3);
	}
	ck_assert_uint_eq(tcp_ext_stats(&B->stack)[TCPEXT_TCPTimeWaitOverflow], 3);
	/* The orphans waiting there gave their buffers back. */
	tw = 0;
	tcp_for_each(&B->stack, count_tw_buffers, &tw);
	ck_assert_uint_eq(tw, 3 << 8);
	ck_assert_uint_eq(tcp_ext_stats(&B->stack)[TCPEXT_TW], 3);
	/* The peers saw ordinary closes: nothing was reset. */
	ck_assert_uint_eq(A->stack.tcpstats[TCPSTATS_EstabResets], 0);
	close_sock(l);
	sim_step(&S, 70 * SEC);
	tcp_count(&B->stack, &inuse, &orphans, &tw);
	ck_assert_uint_eq(inuse, 0);
	ck_assert_uint_eq(tw, 0);
	teardown();
}
END_TEST

START_TEST(path_mtu)
{
	struct sim_host *R;
	struct sim_seg *L2;
	struct tcp_sock *l, *c, *s;
	struct xfer x;

	sim_init(&S, 99);
	A = sim_host_new(&S, "A", 64 << 20);
	R = sim_host_new(&S, "R", 64 << 20);
	B = sim_host_new(&S, "B", 64 << 20);
	L = sim_seg_new(&S, 2 * MS);
	L2 = sim_seg_new(&S, 2 * MS);
	sim_addr(sim_attach(A, L), IP4(10, 0, 1, 1), 24);
	sim_addr(sim_attach(R, L), IP4(10, 0, 1, 254), 24);
	sim_addr(sim_attach(R, L2), IP4(10, 0, 2, 254), 24);
	sim_addr(sim_attach(B, L2), IP4(10, 0, 2, 1), 24);
	sim_route(A, 0, 0, IP4(10, 0, 1, 254), NULL, 0);
	sim_route(B, 0, 0, IP4(10, 0, 2, 254), NULL, 0);
	inet_set_forwarding(&R->stack, 1);
	/* A narrower link in the middle that neither end knows about. */
	ck_assert_int_eq(inet_if_set_mtu(&R->eth[1], 1000, S.now), 0);
	l = listen_on(B, 120, 4);
	c = tcp_sock_new(&A->stack);
	ck_assert_int_eq(tcp_connect(c, IP4(10, 0, 2, 1), 120, S.now), 0);
	RUN_UNTIL(l->accept_len, 2 * SEC);
	s = tcp_accept(l);
	ck_assert_ptr_nonnull(s);
	close_sock(l);
	ck_assert_uint_eq(c->mss_cache, 1448);
	ck_assert(transfer(c, s, 1ULL << 20, 60 * SEC, &x));
	ck_assert_uint_eq(x.bad, 0);
	/* "Fragmentation needed, MTU 1000" came back: 1000 - 40 - 12. */
	ck_assert_uint_eq(c->mss_cache, 948);
	ck_assert_uint_eq(c->pmtu, 1000);
	ck_assert_uint_gt(R->stack.icmp_out_type[ICMP_DEST_UNREACH], 0);
	close_sock(c);
	close_sock(s);
	sim_step(&S, 70 * SEC);
	sim_destroy(&S);
}
END_TEST

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
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, seq_arith);
	tcase_add_test(tc, handshake_echo_close);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, connect_refused);
	tcase_add_test(tc, connect_timeout);
	tcase_add_test(tc, connect_host_unreachable);
	tcase_add_test(tc, simultaneous_open);
	tcase_add_test(tc, simultaneous_close);
	tcase_add_test(tc, rst_rfc5961);
	tcase_add_test(tc, close_with_unread_data);
	tcase_add_test(tc, linger_zero);
	tcase_add_test(tc, keepalive);
	tcase_add_test(tc, zero_window);
	tcase_add_test(tc, nagle);
	tcase_add_test(tc, urgent_data);
	tcase_add_test(tc, mss_negotiation);
	tcase_add_test(tc, no_options_peer);
	tcase_add_test(tc, time_wait_new_syn);
	tcase_add_test(tc, backlog_overflow);
	tcase_add_test(tc, syn_flood);
	tcase_add_test(tc, loopback);
	tcase_add_test(tc, many_connections);
	tcase_add_test(tc, time_wait_bound);
	tc = tcase_create("bulk");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, bulk_clean);
	tcase_add_test(tc, bulk_lossy);
	tcase_add_test(tc, bulk_seeds);
	tcase_add_test(tc, seq_wrap_transfer);
	tcase_add_test(tc, path_mtu);
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
