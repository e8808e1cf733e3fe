/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of kernel/net/core: the Internet checksum (published
 * vectors, a naive reference over random data, split sums, incremental
 * updates), packet buffers (windows, clones, copy-on-write, the pool's
 * limit, queues), timers (against a model under random operations),
 * SipHash's published vector, and MAC helpers and Ethernet framing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/checksum.h"
#include "kernel/net/ether.h"
#include "kernel/net/pkt.h"
#include "kernel/net/random.h"
#include "kernel/net/timer.h"
#include "uapi/if_packet.h"

/* The reference: big-endian 16-bit words, end-around carry, complement. */
static uint16_t
ref_csum(const uint8_t *b, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 2) {
		uint16_t w = (uint16_t)(b[i] << 8 | (i + 1 < n ? b[i + 1] : 0));

		s += w;
		s = (s & 0xffff) + (s >> 16);
	}
	return (uint16_t)~s;	/* host value of the big-endian field */
}

/* What csum_fold's result looks like as the big-endian field value. */
static uint16_t
wire(uint16_t stored)
{
	uint8_t b[2];

	put_u16(b, stored);
	return (uint16_t)(b[0] << 8 | b[1]);
}

START_TEST(csum_rfc1071)
{
	static const uint8_t v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	ck_assert_uint_eq(wire(csum_fold(csum_partial(v, sizeof(v), 0))), 0x220d);
	ck_assert_uint_eq(ref_csum(v, sizeof(v)), 0x220d);
}
END_TEST

START_TEST(csum_ipv4_header)
{
	/* 192.168.0.1 -> 192.168.0.199, UDP, a widely quoted example: 0xb861. */
	uint8_t h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			  0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	put_u16(h + 10, ip_fast_csum(h, 5));
	ck_assert_uint_eq(h[10], 0xb8);
	ck_assert_uint_eq(h[11], 0x61);
	/* A header with its checksum sums to zero. */
	ck_assert_uint_eq(ip_fast_csum(h, 5), 0);
	h[8]--;		/* TTL changed without fixing: no longer verifies */
	ck_assert_uint_ne(ip_fast_csum(h, 5), 0);
}
END_TEST

START_TEST(csum_icmp_echo)
{
	uint8_t m[8] = { 8, 0, 0, 0, 0, 0, 0, 0 };

	put_u16(m + 2, csum_fold(csum_partial(m, 8, 0)));
	ck_assert_uint_eq(m[2], 0xf7);
	ck_assert_uint_eq(m[3], 0xff);
}
END_TEST

START_TEST(csum_random_vs_reference)
{
	uint8_t buf[3000];

	srand(1);
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)rand() % sizeof(buf);
		size_t start = (size_t)rand() % 8;

		if (start + n > sizeof(buf))
			n = sizeof(buf) - start;
		for (size_t i = 0; i < n; i++)
			buf[start + i] = (uint8_t)rand();
		if (round % 7 == 0)	/* runs of 0xff stress the carries */
			memset(buf + start, 0xff, n);
		ck_assert_uint_eq(wire(csum_fold(csum_partial(buf + start, n, 0))),
				  ref_csum(buf + start, n));
	}
}
END_TEST

START_TEST(csum_split_blocks)
{
	uint8_t buf[1500];
	uint32_t whole, part;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	whole = csum_partial(buf, sizeof(buf), 0);
	for (size_t cut = 0; cut <= 40; cut++) {
		part = csum_partial(buf, cut, 0);
		part = csum_block_add(part, csum_partial(buf + cut, sizeof(buf) - cut, 0), cut);
		ck_assert_uint_eq(csum_fold(part), csum_fold(whole));
	}
}
END_TEST

START_TEST(csum_pseudo_header)
{
	/* UDP 10.0.0.1:1234 -> 10.0.0.2:53, payload "abc": build the pseudo
	 * header by hand and compare with the reference. */
	uint8_t ph[12 + 8 + 3] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 11,
				   0x04, 0xd2, 0x00, 0x35, 0x00, 0x0b, 0, 0, 'a', 'b', 'c' };
	uint32_t s = csum_partial(ph + 12, 11, 0);
	uint16_t c = csum_tcpudp_magic(0x0a000001, 0x0a000002, 11, 17, s);

	ck_assert_uint_eq(wire(c), ref_csum(ph, sizeof(ph)));
	/* Verification: with the checksum in place the total folds to 0. */
	put_u16(ph + 18, c);
	s = csum_partial(ph + 12, 11, 0);
	ck_assert_uint_eq(csum_tcpudp_magic(0x0a000001, 0x0a000002, 11, 17, s), 0);
}
END_TEST

START_TEST(csum_ipv6_pseudo)
{
	uint8_t src[16] = { 0xfe, 0x80, [15] = 1 }, dst[16] = { 0xfe, 0x80, [15] = 2 };
	uint8_t ph[40 + 8];
	uint8_t icmp[8] = { 128, 0, 0, 0, 0x12, 0x34, 0, 1 };

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	put_be32(ph + 32, 8);
	put_be32(ph + 36, 58);
	memcpy(ph + 40, icmp, 8);
	ck_assert_uint_eq(wire(csum_ipv6_magic(src, dst, 8, 58, csum_partial(icmp, 8, 0))),
			  ref_csum(ph, sizeof(ph)));
}
END_TEST

START_TEST(csum_incremental)
{
	uint8_t h[20];

	srand(2);
	for (int round = 0; round < 5000; round++) {
		uint16_t old16, new16;
		uint32_t old32, new32;
		int at;

		for (int i = 0; i < 20; i++)
			h[i] = (uint8_t)rand();
		put_u16(h + 10, 0);
		put_u16(h + 10, ip_fast_csum(h, 5));
		at = (rand() % 9) * 2;
		if (at == 10)
			at = 8;
		old16 = get_u16(h + at);
		new16 = (uint16_t)rand();
		put_u16(h + at, new16);
		csum_replace2(h + 10, old16, new16);
		ck_assert_uint_eq(ip_fast_csum(h, 5), 0);

		old32 = get_u32(h + 12);
		new32 = (uint32_t)rand() << 1 ^ (uint32_t)rand();
		put_u32(h + 12, new32);
		csum_replace4(h + 10, old32, new32);
		ck_assert_uint_eq(ip_fast_csum(h, 5), 0);
	}
}
END_TEST

START_TEST(pkt_window)
{
	struct pkt_pool pool;
	struct pkt *p;
	unsigned char *d;

	pkt_pool_init(&pool, 1 << 20);
	p = pkt_alloc(&pool, 64, 100);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->len, 0);
	ck_assert_uint_ge(pkt_headroom(p), 64);
	ck_assert_uint_ge(pkt_tailroom(p), 100);
	/* data + 14 (an Ethernet header) is 4-byte aligned */
	ck_assert_uint_eq(((uintptr_t)p->data - PKT_IP_ALIGN) % 4, 0);
	d = pkt_put(p, 20);
	memset(d, 0xab, 20);
	ck_assert_uint_eq(p->len, 20);
	d = pkt_push(p, 14);
	ck_assert_ptr_eq(d, p->data);
	ck_assert_uint_eq(p->len, 34);
	ck_assert_ptr_null(pkt_push(p, 100000));
	ck_assert_ptr_nonnull(pkt_pull(p, 14));
	ck_assert_ptr_null(pkt_pull(p, 21));
	ck_assert_uint_eq(p->len, 20);
	pkt_trim(p, 5);
	ck_assert_uint_eq(p->len, 5);
	ck_assert_ptr_null(pkt_put(p, 1u << 20));
	ck_assert_ptr_null(pkt_header_pointer(p, 4, 2));
	ck_assert_ptr_nonnull(pkt_header_pointer(p, 3, 2));
	pkt_free(p);
	ck_assert_uint_eq(pool.used, 0);
	ck_assert_uint_eq(pool.live_pkts, 0);
	pkt_pool_destroy(&pool);
}
END_TEST

START_TEST(pkt_clone_cow)
{
	struct pkt_pool pool;
	struct pkt *p, *c;

	pkt_pool_init(&pool, 1 << 20);
	p = pkt_alloc(&pool, 32, 64);
	pkt_put_data(p, "0123456789", 10);
	pkt_set_network_header(p);
	pkt_pull(p, 4);
	pkt_set_transport_header(p);
	c = pkt_clone(p);
	ck_assert_ptr_eq(c->buf, p->buf);
	ck_assert(pkt_shared(p));
	ck_assert(pkt_shared(c));
	/* Writing the clone copies it; the original keeps its bytes. */
	ck_assert_int_eq(pkt_make_writable(c, 40), 0);
	ck_assert_ptr_ne(c->buf, p->buf);
	ck_assert(!pkt_shared(p));
	ck_assert_uint_ge(pkt_headroom(c), 40);
	c->data[0] = 'X';
	ck_assert_int_eq(memcmp(p->data, "456789", 6), 0);
	ck_assert_int_eq(memcmp(c->data, "X56789", 6), 0);
	/* The headers moved with the bytes, the one behind data too. */
	ck_assert_int_eq(memcmp(pkt_network_header(c), "0123", 4), 0);
	ck_assert_ptr_eq(pkt_transport_header(c), c->data);
	/* Not shared and roomy enough: no copy. */
	{
		struct pkt_buf *b = c->buf;

		ck_assert_int_eq(pkt_make_writable(c, 8), 0);
		ck_assert_ptr_eq(c->buf, b);
	}
	pkt_free(p);
	pkt_free(c);
	ck_assert_uint_eq(pool.used, 0);
	pkt_pool_destroy(&pool);
}
END_TEST

START_TEST(pkt_copy_keeps_headers)
{
	struct pkt_pool pool;
	struct pkt *p, *c;

	pkt_pool_init(&pool, 1 << 20);
	p = pkt_alloc(&pool, 16, 100);
	pkt_put_data(p, "ethernet-hdr..ip-header-here", 28);
	pkt_set_mac_header(p);
	pkt_pull(p, 14);
	pkt_set_network_header(p);
	p->ifindex = 3;
	p->mark = 7;
	c = pkt_copy(p, 100);
	ck_assert_uint_eq(c->len, 14);
	ck_assert_int_eq(memcmp(pkt_mac_header(c), "ethernet-hdr", 12), 0);
	ck_assert_int_eq(memcmp(c->data, "ip-header-here", 14), 0);
	ck_assert_uint_ge(pkt_headroom(c), 100);
	ck_assert_int_eq(c->ifindex, 3);
	ck_assert_uint_eq(c->mark, 7);
	ck_assert(!pkt_shared(p));
	pkt_free(p);
	pkt_free(c);
	pkt_pool_destroy(&pool);
}
END_TEST

START_TEST(pkt_pool_limit)
{
	struct pkt_pool pool;
	struct pkt *ps[64];
	int n = 0;

	pkt_pool_init(&pool, 20000);
	while (n < 64 && (ps[n] = pkt_alloc(&pool, 0, 1500)))
		n++;
	/* About 9 standard buffers fit in 20000 bytes, and no more. */
	ck_assert_int_ge(n, 8);
	ck_assert_int_lt(n, 11);
	ck_assert_uint_le(pool.used, pool.limit);
	ck_assert_uint_eq(pool.nfail, 1);
	/* Too large at any limit. */
	ck_assert_ptr_null(pkt_alloc(&pool, 0, PKT_MAX_LEN + 1));
	pkt_free(ps[--n]);
	ps[n] = pkt_alloc(&pool, 0, 1500);
	ck_assert_ptr_nonnull(ps[n]);
	n++;
	/* A clone costs only its struct, and may still fail at the limit. */
	while (n--)
		pkt_free(ps[n]);
	ck_assert_uint_eq(pool.used, 0);
	/* Big buffers are exact-size, beyond the standard one. */
	pool.limit = 9000;
	ps[0] = pkt_alloc(&pool, 0, 9000);
	ck_assert_ptr_null(ps[0]);
	pool.limit = 100000;
	ps[0] = pkt_alloc(&pool, 0, 9000);
	ck_assert_ptr_nonnull(ps[0]);
	ck_assert_uint_ge(pkt_tailroom(ps[0]), 9000);
	pkt_free(ps[0]);
	pkt_pool_destroy(&pool);
}
END_TEST

START_TEST(pkt_queues)
{
	struct pkt_pool pool;
	struct pkt_queue a, b;
	struct pkt *p;

	pkt_pool_init(&pool, 1 << 20);
	pkt_queue_init(&a);
	pkt_queue_init(&b);
	for (int i = 0; i < 5; i++) {
		p = pkt_alloc(&pool, 0, 10);
		pkt_put(p, (unsigned int)i + 1)[0] = (unsigned char)i;
		pkt_queue_tail(i < 3 ? &a : &b, p);
	}
	ck_assert_uint_eq(a.count, 3);
	ck_assert_uint_eq(a.bytes, 6);
	pkt_queue_splice(&a, &b);
	ck_assert_uint_eq(a.count, 5);
	ck_assert_uint_eq(a.bytes, 15);
	ck_assert(pkt_queue_empty(&b));
	for (int i = 0; i < 5; i++) {
		p = pkt_dequeue(&a);
		ck_assert_uint_eq(p->data[0], i);
		if (i == 2) {
			pkt_queue_head(&b, p);
			continue;
		}
		pkt_free(p);
	}
	ck_assert_ptr_null(pkt_dequeue(&a));
	ck_assert_uint_eq(a.truesize, 0);
	pkt_queue_purge(&b);
	ck_assert_uint_eq(pool.used, 0);
	pkt_pool_destroy(&pool);
}
END_TEST

/* Timers: fire order and completeness against a model. */
#define NT 200
static struct net_timer timers[NT];
static uint64_t model[NT];	/* 0 = disarmed */
static int fired[NT * 10], nfired;
static uint64_t fired_exp[NT * 10];
static struct net_timer_base tbase;

static void
tfn(struct net_timer *t, uint64_t now)
{
	int i = (int)(t - timers);

	ck_assert_uint_le(model[i], now);
	ck_assert(!net_timer_pending(t));
	fired_exp[nfired] = t->expires;
	fired[nfired++] = i;
	model[i] = 0;
	if (i % 5 == 0) {	/* some re-arm themselves, one even in the past */
		uint64_t e = i % 10 == 0 ? now : now + 1000 + (uint64_t)i;

		net_timer_arm(&tbase, t, e);
		model[i] = e <= now ? now + 1 : e;
	}
	if (i % 7 == 0) {	/* and some cancel another */
		int j = (i + 3) % NT;

		net_timer_cancel(&tbase, &timers[j]);
		model[j] = 0;
	}
}

START_TEST(timer_model)
{
	uint64_t now = 0;

	srand(3);
	net_timer_base_init(&tbase);
	for (int i = 0; i < NT; i++) {
		net_timer_init(&timers[i], tfn);
		model[i] = 0;
	}
	ck_assert_uint_eq(net_timers_next(&tbase), NET_TIME_NEVER);
	for (int round = 0; round < 3000; round++) {
		int i = rand() % NT, op = rand() % 4;
		uint64_t min = NET_TIME_NEVER;

		if (op < 2) {
			model[i] = now + 1 + (uint64_t)(rand() % 100000);
			net_timer_arm(&tbase, &timers[i], model[i]);
		} else if (op == 2) {
			net_timer_cancel(&tbase, &timers[i]);
			model[i] = 0;
		} else {
			now += (uint64_t)(rand() % 30000);
			nfired = 0;
			net_timers_run(&tbase, now);
			/* Nothing due is left. */
			for (int k = 0; k < NT; k++)
				ck_assert(!(model[k] && model[k] <= now));
		}
		for (int k = 0; k < NT; k++) {
			ck_assert_int_eq(net_timer_pending(&timers[k]), model[k] != 0);
			if (model[k] && model[k] < min)
				min = model[k];
		}
		ck_assert_uint_eq(net_timers_next(&tbase), min);
	}
}
END_TEST

START_TEST(timer_order)
{
	uint64_t exp[NT];

	net_timer_base_init(&tbase);
	srand(4);
	for (int i = 0; i < NT; i++) {
		net_timer_init(&timers[i], tfn);
		exp[i] = 1 + (uint64_t)(rand() % 1000) * 10;
		model[i] = exp[i];
		net_timer_arm(&tbase, &timers[i], exp[i]);
	}
	/* i % 5 re-arm and i % 7 cancel others: run step by step, checking order. */
	for (uint64_t now = 0; now < 20000; now += 10) {
		nfired = 0;
		net_timers_run(&tbase, now);
		for (int k = 1; k < nfired; k++)
			ck_assert_uint_le(fired_exp[k - 1], fired_exp[k]);
	}
}
END_TEST

START_TEST(siphash_vector)
{
	struct siphash_key k;
	uint8_t key[16], msg[64];

	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	memcpy(&k.k0, key, 8);
	memcpy(&k.k1, key + 8, 8);
	/* The SipHash paper's Appendix A: 15 bytes 00..0e. */
	ck_assert_uint_eq(siphash(&k, msg, 15), 0xa129ca6149be45e5ULL);
	/* The reference implementation's vectors for lengths 0 and 8. */
	ck_assert_uint_eq(siphash(&k, msg, 0), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(siphash(&k, msg, 8), 0x93f5f5799a932462ULL);
}
END_TEST

START_TEST(rng_basic)
{
	struct net_rng a, b;
	int hist[10] = { 0 };

	net_rng_seed(&a, 42);
	net_rng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(net_rng_u64(&a), net_rng_u64(&b));
	for (int i = 0; i < 100000; i++) {
		uint32_t v = net_rng_below(&a, 10);

		ck_assert_uint_lt(v, 10);
		hist[v]++;
	}
	for (int i = 0; i < 10; i++)
		ck_assert(hist[i] > 9000 && hist[i] < 11000);
	net_rng_seed(&b, 43);
	ck_assert_uint_ne(net_rng_u64(&a), net_rng_u64(&b));
}
END_TEST

START_TEST(ether_addrs)
{
	uint8_t a[6], b[6];
	char s[18];
	struct net_rng r;

	ck_assert_int_eq(ether_addr_parse("fe:fd:00:00:00:11", a), 0);
	ether_addr_format(s, a);
	ck_assert_str_eq(s, "fe:fd:00:00:00:11");
	ck_assert_int_eq(ether_addr_parse("2:0:A:b:0c:FF", a), 0);
	ether_addr_format(s, a);
	ck_assert_str_eq(s, "02:00:0a:0b:0c:ff");
	memcpy(b, a, 6);
	ck_assert_int_eq(ether_addr_parse("02:00:0a:0b:0c", a), -EINVAL);
	ck_assert_int_eq(ether_addr_parse("02:00:0a:0b:0c:ff:", a), -EINVAL);
	ck_assert_int_eq(ether_addr_parse("02:00:0a:0b:0c:fff", a), -EINVAL);
	ck_assert_int_eq(ether_addr_parse("02-00-0a-0b-0c-ff", a), -EINVAL);
	ck_assert_int_eq(ether_addr_parse("", a), -EINVAL);
	ck_assert_int_eq(ether_addr_parse("0g:00:0a:0b:0c:ff", a), -EINVAL);
	ck_assert(ether_addr_equal(a, b));	/* failures leave a alone */

	net_rng_seed(&r, 1);
	for (int i = 0; i < 100; i++) {
		eth_random_addr(&r, a);
		ck_assert(is_valid_ether_addr(a));
		ck_assert(is_local_ether_addr(a));
	}
	eth_addr_from_ipv4(a, 0x0a000001);
	ether_addr_format(s, a);
	ck_assert_str_eq(s, "fe:fd:0a:00:00:01");
	ip_eth_mc_map(0xe0ff0102, a);	/* 224.255.1.2: the 24th bit is dropped */
	ether_addr_format(s, a);
	ck_assert_str_eq(s, "01:00:5e:7f:01:02");
	ck_assert(is_multicast_ether_addr(a));
	ck_assert(!is_broadcast_ether_addr(a));
	ck_assert(is_broadcast_ether_addr(eth_broadcast_addr));
	ck_assert(!is_valid_ether_addr(eth_broadcast_addr));
}
END_TEST

START_TEST(ether_framing)
{
	static const uint8_t me[6] = { 2, 0, 0, 0, 0, 1 }, peer[6] = { 2, 0, 0, 0, 0, 2 };
	static const uint8_t mc[6] = { 1, 0, 0x5e, 0, 0, 1 };
	struct pkt_pool pool;
	struct pkt *p;

	pkt_pool_init(&pool, 1 << 20);
	p = pkt_alloc(&pool, ETH_HLEN, 100);
	pkt_put_data(p, "payload", 7);
	ck_assert_int_eq(eth_header_push(p, peer, me, ETH_P_ARP), 0);
	ck_assert_uint_eq(p->len, 21);
	ck_assert_int_eq(eth_pad(p), 0);
	ck_assert_uint_eq(p->len, ETH_ZLEN);
	ck_assert_uint_eq(p->data[12], 0x08);
	ck_assert_uint_eq(p->data[13], 0x06);
	ck_assert_int_eq(eth_header_push(p, peer, me, ETH_P_ARP), -ENOSPC);

	/* Received by peer: for it. By a third host: not. */
	ck_assert_int_eq(eth_type_trans(p, peer), 0);
	ck_assert_uint_eq(p->protocol, ETH_P_ARP);
	ck_assert_uint_eq(p->pkt_type, PACKET_HOST);
	ck_assert_uint_eq(p->len, ETH_ZLEN - ETH_HLEN);
	ck_assert_int_eq(memcmp(p->data, "payload", 7), 0);
	pkt_push(p, ETH_HLEN);
	ck_assert_int_eq(eth_type_trans(p, me), 0);
	ck_assert_uint_eq(p->pkt_type, PACKET_OTHERHOST);
	pkt_push(p, ETH_HLEN);
	memcpy(p->data, eth_broadcast_addr, 6);
	ck_assert_int_eq(eth_type_trans(p, me), 0);
	ck_assert_uint_eq(p->pkt_type, PACKET_BROADCAST);
	pkt_push(p, ETH_HLEN);
	memcpy(p->data, mc, 6);
	p->data[12] = 0;
	p->data[13] = 46;	/* a length: 802.3 with LLC */
	ck_assert_int_eq(eth_type_trans(p, me), 0);
	ck_assert_uint_eq(p->pkt_type, PACKET_MULTICAST);
	ck_assert_uint_eq(p->protocol, ETH_P_802_2);
	/* Too short for a header: refused, untouched. */
	pkt_trim(p, 0);
	pkt_put(p, 13);
	ck_assert_int_eq(eth_type_trans(p, me), -EINVAL);
	ck_assert_uint_eq(p->len, 13);
	pkt_free(p);
	pkt_pool_destroy(&pool);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("net_core");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("checksum");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, csum_rfc1071);
	tcase_add_test(tc, csum_ipv4_header);
	tcase_add_test(tc, csum_icmp_echo);
	tcase_add_test(tc, csum_random_vs_reference);
	tcase_add_test(tc, csum_split_blocks);
	tcase_add_test(tc, csum_pseudo_header);
	tcase_add_test(tc, csum_ipv6_pseudo);
	tcase_add_test(tc, csum_incremental);
	suite_add_tcase(s, tc);
	tc = tcase_create("pkt");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, pkt_window);
	tcase_add_test(tc, pkt_clone_cow);
	tcase_add_test(tc, pkt_copy_keeps_headers);
	tcase_add_test(tc, pkt_pool_limit);
	tcase_add_test(tc, pkt_queues);
	suite_add_tcase(s, tc);
	tc = tcase_create("timer");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, timer_model);
	tcase_add_test(tc, timer_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("random");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, siphash_vector);
	tcase_add_test(tc, rng_basic);
	suite_add_tcase(s, tc);
	tc = tcase_create("ether");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, ether_addrs);
	tcase_add_test(tc, ether_framing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
