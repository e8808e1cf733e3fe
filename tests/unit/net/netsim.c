/* SPDX-License-Identifier: GPL-2.0-only */
/* The network simulator of the unit tests (netsim.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "kernel/net/ether.h"
#include "netsim.h"
#include "uapi/if_arp.h"
#include "uapi/rtnetlink.h"

static void
sim_tap(struct net_if *ifp, struct pkt *p, int dir)
{
	struct sim_host *h = ifp->stack->priv;
	struct pkt *c;

	if (!h->capture || h->captured.count > 100000)
		return;
	c = pkt_copy(p, 0);
	if (!c)
		return;
	c->ifindex = ifp->ifindex;
	c->pkt_type = (uint8_t)dir;
	pkt_queue_tail(&h->captured, c);
}

static void
sim_notify(struct inet_stack *stack, int type, const void *obj, struct net_if *ifp)
{
	struct sim_host *h = stack->priv;

	(void)obj;
	(void)ifp;
	if (type >= 0 && type < 128)
		h->notifies[type]++;
}

static uint32_t
sim_ms_since_midnight(struct inet_stack *stack, uint64_t now)
{
	(void)stack;
	return (uint32_t)((now / MS) % 86400000ULL);
}

static const struct inet_stack_ops sim_ops = {
	.tap = sim_tap,
	.notify = sim_notify,
	.ms_since_midnight = sim_ms_since_midnight,
};

void
sim_init(struct sim *s, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	net_rng_seed(&s->rng, seed);
	s->now = 1000 * SEC;	/* not 0: timestamps "long ago" stay positive */
}

struct sim_host *
sim_host_new(struct sim *s, const char *name, size_t pool_limit)
{
	struct sim_host *h = calloc(1, sizeof(*h));
	struct in_ifaddr *ifa;

	ck_assert_ptr_nonnull(h);
	ck_assert_int_lt(s->nhosts, SIM_MAX_HOSTS);
	strncpy(h->name, name, sizeof(h->name) - 1);
	h->sim = s;
	pkt_pool_init(&h->pool, pool_limit);
	ck_assert_int_eq(inet_stack_init(&h->stack, &sim_ops, &h->pool,
					 net_rng_u64(&s->rng)), 0);
	h->stack.priv = h;
	h->stack.now = s->now;
	pkt_queue_init(&h->captured);
	s->hosts[s->nhosts++] = h;

	h->lo.ifindex = 1;
	strcpy(h->lo.name, "lo");
	h->lo.type = ARPHRD_LOOPBACK;
	h->lo.flags = IFF_LOOPBACK;
	ck_assert_int_eq(inet_if_register(&h->stack, &h->lo, s->now), 0);
	inet_if_set_flags(&h->lo, IFF_UP, s->now);
	ifa = calloc(1, sizeof(*ifa));
	ifa->local = IP4(127, 0, 0, 1);
	ifa->prefixlen = 8;
	ifa->scope = RT_SCOPE_HOST;
	ck_assert_int_eq(inet_addr_add(&h->lo, ifa, s->now), 0);
	return h;
}

struct sim_seg *
sim_seg_new(struct sim *s, uint64_t delay)
{
	struct sim_seg *seg = calloc(1, sizeof(*seg));

	seg->sim = s;
	seg->delay = delay;
	s->segs[s->nsegs++] = seg;
	return seg;
}

struct net_if *
sim_attach(struct sim_host *h, struct sim_seg *seg)
{
	int idx = h->nif++;
	struct net_if *ifp = &h->eth[idx];
	int hostno = 0;

	ck_assert_int_lt(idx, SIM_MAX_IF);
	for (int i = 0; i < h->sim->nhosts; i++)
		if (h->sim->hosts[i] == h)
			hostno = i + 1;
	ifp->ifindex = 2 + idx;
	snprintf(ifp->name, IFNAMSIZ, "eth%d", idx);
	ifp->type = ARPHRD_ETHER;
	ifp->flags = IFF_BROADCAST | IFF_MULTICAST;
	ifp->addr[0] = 0x02;
	ifp->addr[4] = (uint8_t)hostno;
	ifp->addr[5] = (uint8_t)idx;
	ck_assert_int_eq(inet_if_register(&h->stack, ifp, h->sim->now), 0);
	inet_if_set_carrier(ifp, true, h->sim->now);
	inet_if_set_flags(ifp, IFF_UP | IFF_BROADCAST | IFF_MULTICAST, h->sim->now);
	h->seg[idx] = seg;
	seg->port[seg->nports].h = h;
	seg->port[seg->nports].idx = idx;
	seg->nports++;
	return ifp;
}

void
sim_addr(struct net_if *ifp, uint32_t addr, int prefixlen)
{
	struct in_ifaddr *ifa = calloc(1, sizeof(*ifa));

	ifa->local = addr;
	ifa->prefixlen = (uint8_t)prefixlen;
	if (prefixlen < 31)
		ifa->broadcast = addr | ~inet_make_mask((unsigned int)prefixlen);
	ck_assert_int_eq(inet_addr_add(ifp, ifa, ifp->stack->now), 0);
}

int
sim_route(struct sim_host *h, uint32_t dst, int len, uint32_t gw, struct net_if *ifp,
	  uint32_t metric)
{
	struct fib_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.table = RT_TABLE_MAIN;
	cfg.dst = dst;
	cfg.dst_len = (uint8_t)len;
	cfg.type = RTN_UNICAST;
	cfg.scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	cfg.protocol = RTPROT_BOOT;
	cfg.gw = gw;
	cfg.oif = ifp ? ifp->ifindex : 0;
	cfg.priority = metric;
	cfg.nlflags = NLM_F_CREATE | NLM_F_EXCL;
	return fib_route_add(&h->stack, &cfg);
}

static void
schedule(struct sim *s, struct sim_host *h, int idx, struct pkt *p, uint64_t at)
{
	struct sim_event *e = malloc(sizeof(*e)), **pp = &s->events;

	e->at = at;
	e->h = h;
	e->idx = idx;
	e->p = p;
	while (*pp && (*pp)->at <= at)
		pp = &(*pp)->next;
	e->next = *pp;
	*pp = e;
}

static void
transmit(struct sim *s, struct sim_host *from, int idx, struct pkt *p)
{
	struct sim_seg *seg = from->seg[idx];
	uint64_t start = s->now, done;

	if (!seg || seg->down) {
		pkt_free(p);
		return;
	}
	if (seg->mangle && !seg->mangle(seg, from, p, seg->mangle_arg)) {
		pkt_free(p);
		return;
	}
	seg->frames++;
	if (seg->bps) {
		if (from->busy_until[idx] > start)
			start = from->busy_until[idx];
		done = start + (uint64_t)(p->len + 24) * 8 * SEC / seg->bps;
		from->busy_until[idx] = done;
	} else {
		done = start;
	}
	for (int i = 0; i < seg->nports; i++) {
		struct sim_host *to = seg->port[i].h;
		int tidx = seg->port[i].idx;
		struct pkt *c;
		uint64_t at = done + seg->delay;

		if (to == from && tidx == idx)
			continue;
		if (seg->loss_ppm && net_rng_below(&s->rng, 1000000) < seg->loss_ppm) {
			seg->lost++;
			continue;
		}
		if (seg->jitter)
			at += net_rng_u64(&s->rng) % seg->jitter;
		c = pkt_alloc(&to->pool, PKT_RX_HEADROOM - PKT_IP_ALIGN, p->len);
		if (!c) {
			to->eth[tidx].stats.rx_dropped++;
			continue;
		}
		pkt_put_data(c, p->data, p->len);
		schedule(s, to, tidx, c, at);
	}
	pkt_free(p);
}

void
sim_flush(struct sim *s)
{
	bool more = true;

	while (more) {
		more = false;
		for (int i = 0; i < s->nhosts; i++) {
			struct sim_host *h = s->hosts[i];

			for (int j = 0; j < h->nif; j++) {
				struct pkt *p;

				while ((p = pkt_dequeue(&h->eth[j].txq))) {
					transmit(s, h, j, p);
					more = true;
				}
			}
		}
	}
}

void
sim_run(struct sim *s, uint64_t t)
{
	for (;;) {
		uint64_t next = NET_TIME_NEVER;

		sim_flush(s);
		if (s->events)
			next = s->events->at;
		for (int i = 0; i < s->nhosts; i++) {
			uint64_t d = inet_next_deadline(&s->hosts[i]->stack);

			if (d < next)
				next = d;
		}
		if (next > t)
			break;
		if (next > s->now)
			s->now = next;
		while (s->events && s->events->at <= s->now) {
			struct sim_event *e = s->events;

			s->events = e->next;
			inet_rx(&e->h->stack, &e->h->eth[e->idx], e->p, s->now);
			free(e);
			sim_flush(s);
		}
		for (int i = 0; i < s->nhosts; i++)
			if (inet_next_deadline(&s->hosts[i]->stack) <= s->now)
				inet_timers_run(&s->hosts[i]->stack, s->now);
	}
	if (t > s->now)
		s->now = t;
}

void
sim_step(struct sim *s, uint64_t d)
{
	sim_run(s, s->now + d);
}

void
sim_inject(struct sim_host *h, int idx, const void *frame, unsigned int len)
{
	struct pkt *p = pkt_alloc(&h->pool, PKT_RX_HEADROOM - PKT_IP_ALIGN, len);

	ck_assert_ptr_nonnull(p);
	pkt_put_data(p, frame, len);
	inet_rx(&h->stack, &h->eth[idx], p, h->sim->now);
	sim_flush(h->sim);
}

unsigned int
sim_captured_count(struct sim_host *h, uint16_t ethertype)
{
	struct pkt *p;
	unsigned int n = 0;

	list_for_each_entry(p, &h->captured.head, list)
		if (!ethertype || get_be16(p->data + 12) == ethertype)
			n++;
	return n;
}

void
sim_capture_clear(struct sim_host *h)
{
	pkt_queue_purge(&h->captured);
}

static int
buf_copy(void *ctx, void *dst, size_t off, size_t len)
{
	struct sim_buf_src *b = ctx;

	memcpy(dst, b->buf + off, len);
	return 0;
}

void
sim_src(struct sim_buf_src *b, const void *buf, size_t len)
{
	b->buf = buf;
	b->src.len = len;
	b->src.copy = buf_copy;
	b->src.ctx = b;
}

void
sim_destroy(struct sim *s)
{
	while (s->events) {
		struct sim_event *e = s->events;

		s->events = e->next;
		pkt_free(e->p);
		free(e);
	}
	for (int i = 0; i < s->nhosts; i++) {
		struct sim_host *h = s->hosts[i];

		pkt_queue_purge(&h->captured);
		for (int j = h->nif - 1; j >= 0; j--)
			inet_if_unregister(&h->eth[j], s->now);
		inet_if_unregister(&h->lo, s->now);
		inet_stack_destroy(&h->stack);
		ck_assert_uint_eq(h->pool.live_pkts, 0);
		pkt_pool_destroy(&h->pool);
		free(h);
	}
	s->nhosts = 0;
	for (int i = 0; i < s->nsegs; i++)
		free(s->segs[i]);
	s->nsegs = 0;
}

void
sim_dump_tcp(struct sim_host *h)
{
	struct pkt *p;

	list_for_each_entry(p, &h->captured.head, list) {
		const uint8_t *ip = p->data + 14, *th = ip + (ip[0] & 15) * 4;
		unsigned int hl, len;

		if (get_be16(p->data + 12) != ETH_P_IP || ip[9] != 6)
			continue;
		hl = (unsigned int)(th[12] >> 4) * 4;
		len = get_be16(ip + 2) - (unsigned int)(ip[0] & 15) * 4 - hl;
		fprintf(stderr, "%s %s %u>%u seq=%u ack=%u flags=%02x win=%u len=%u\n", h->name,
			p->pkt_type ? "out" : "in ", get_be16(th), get_be16(th + 2), get_be32(th + 4),
			get_be32(th + 8), th[13], get_be16(th + 14), len);
	}
}
