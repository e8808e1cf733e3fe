// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 reassembly (RFC 8200 4.5) with Linux's rules (net/ipv6/reassembly.c
 * over inet_fragment.c):
 *
 *   - a datagram is keyed by source, destination and identification, and
 *     the interface when the destination is link-local or multicast;
 *   - a fragment with neither offset nor M flag is an atomic fragment
 *     (RFC 6946): processed as a whole datagram at once;
 *   - a first fragment must hold every header up to and including the
 *     upper-layer header (RFC 8200; RFC 7112): otherwise parameter
 *     problem code 3, pointer 0;
 *   - a fragment other than the last whose length is not a multiple of 8:
 *     parameter problem pointing at the payload length; one ending beyond
 *     65535: parameter problem pointing at the fragment offset;
 *   - a last fragment ending before data already seen, two different
 *     ends, data beyond the end, an empty fragment: the datagram is
 *     discarded; any overlap discards it too (RFC 5722), but a fragment
 *     inside a run of data already received is a duplicate and only it
 *     goes;
 *   - memory: at most ip6frag_high_thresh bytes queued; beyond, new
 *     fragments are dropped;
 *   - after ip6frag_time (60 s) the queue is discarded, with time
 *     exceeded (reassembly) to the sender if the first fragment came.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"
#include "ipv6_impl.h"
#include "uapi/in.h"

#define FRAG_FIRST_IN	0x1
#define FRAG_LAST_IN	0x2

struct frag_queue {
	struct list_head node;
	struct inet_stack *stack;
	struct in6_addr saddr, daddr;
	uint32_t id;
	int iif;			/* 0 unless link-local or multicast */
	int dev;			/* the interface of the last fragment */
	uint8_t flags;
	unsigned int len;		/* end of the fragmentable part */
	unsigned int meat;
	size_t mem;
	uint16_t max_size;
	struct pkt_queue frags;		/* by offset */
	struct net_timer timer;
};

struct ip6frags {
	struct list_head queues;
	unsigned int nqueues;
	size_t mem;
};

/* In pkt->cb while queued: our offsets, then the IPv6 layer's state. */
struct frag_cb {
	unsigned int offset, end;
	unsigned int unfrag;		/* bytes before the fragment header (first fragment) */
};

static struct frag_cb *
FRAG_CB(struct pkt *p)
{
	return (struct frag_cb *)p->cb;
}

int
ip6frag_init(struct inet_stack *stack)
{
	struct ip6frags *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	list_init(&f->queues);
	stack->ip6->frags = f;
	return 0;
}

static void
fq_kill(struct frag_queue *q)
{
	struct ip6frags *f = q->stack->ip6->frags;

	net_timer_cancel(&q->stack->timers, &q->timer);
	list_del(&q->node);
	f->nqueues--;
	f->mem -= q->mem;
	pkt_queue_purge(&q->frags);
	kfree(q);
}

void
ip6frag_destroy(struct inet_stack *stack)
{
	struct ip6frags *f = stack->ip6->frags;
	struct frag_queue *q, *t;

	if (!f)
		return;
	list_for_each_entry_safe(q, t, &f->queues, node)
		fq_kill(q);
	kfree(f);
	stack->ip6->frags = NULL;
}

size_t
ip6frag_mem(const struct inet_stack *stack)
{
	return stack->ip6->frags->mem;
}

void
ip6frag_flush_dev(struct inet_stack *stack, struct net_if *dev)
{
	struct frag_queue *q, *t;

	if (!stack->ip6->frags)
		return;
	list_for_each_entry_safe(q, t, &stack->ip6->frags->queues, node)
		if (q->dev == dev->ifindex)
			fq_kill(q);
}

static void
fq_expire(struct net_timer *t, uint64_t now)
{
	struct frag_queue *q = container_of(t, struct frag_queue, timer);
	struct inet_stack *stack = q->stack;
	struct pkt *head = pkt_queue_peek(&q->frags);

	(void)now;
	IP6_INC(stack, ReasmFails);
	IP6_INC(stack, ReasmTimeout);
	if ((q->flags & FRAG_FIRST_IN) && head && FRAG_CB(head)->offset == 0) {
		struct pkt *c = pkt_clone(head);

		if (c) {
			/* Point at the first fragment's IPv6 header again. */
			c->len += (unsigned int)(c->data - pkt_network_header(c));
			c->data = pkt_network_header(c);
			memmove(c->cb, head->cb + sizeof(struct frag_cb), sizeof(struct ip6_cb));
			icmpv6_send(stack, c, ICMPV6_TIME_EXCEED, ICMPV6_EXC_FRAGTIME, 0);
			pkt_free(c);
		}
	}
	fq_kill(q);
}

static struct frag_queue *
fq_find(struct inet_stack *stack, const struct in6_addr *saddr, const struct in6_addr *daddr,
	uint32_t id, int iif)
{
	struct ip6frags *f = stack->ip6->frags;
	struct frag_queue *q;

	list_for_each_entry(q, &f->queues, node)
		if (q->id == id && q->iif == iif && ipv6_addr_equal(&q->saddr, saddr) &&
		    ipv6_addr_equal(&q->daddr, daddr))
			return q;
	q = kzalloc(sizeof(*q));
	if (!q)
		return NULL;
	q->stack = stack;
	q->saddr = *saddr;
	q->daddr = *daddr;
	q->id = id;
	q->iif = iif;
	pkt_queue_init(&q->frags);
	net_timer_init(&q->timer, fq_expire);
	net_timer_arm(&stack->timers, &q->timer,
		      stack->now + (uint64_t)stack->ip6->sysctl.ip6frag_time * NSEC_PER_SEC);
	list_add_tail(&q->node, &f->queues);
	f->nqueues++;
	return q;
}

enum { FRAG_OK, FRAG_DUP, FRAG_OVERLAP };

/* As IPv4's: inside a run of received data is a duplicate, touching it an overlap. */
static int
frag_place(struct frag_queue *q, unsigned int offset, unsigned int end, struct pkt **before)
{
	struct pkt *f;
	unsigned int run_off = 0, run_end = 0;
	bool in_run = false;

	*before = NULL;
	list_for_each_entry(f, &q->frags.head, list) {
		struct frag_cb *c = FRAG_CB(f);

		if (!in_run || c->offset != run_end) {
			if (in_run && offset >= run_off && end <= run_end)
				return FRAG_DUP;
			run_off = c->offset;
			in_run = true;
		}
		run_end = c->end;
	}
	if (in_run && offset >= run_off && end <= run_end)
		return FRAG_DUP;
	list_for_each_entry(f, &q->frags.head, list) {
		struct frag_cb *c = FRAG_CB(f);

		if (offset < c->end && end > c->offset)
			return FRAG_OVERLAP;
		if (c->offset < offset)
			*before = f;
	}
	return FRAG_OK;
}

static struct pkt *
fq_reasm(struct inet_stack *stack, struct frag_queue *q, uint8_t *nexthdr)
{
	struct pkt *head = pkt_queue_peek(&q->frags), *r, *f;
	const uint8_t *hh = pkt_network_header(head);
	unsigned int unfrag = FRAG_CB(head)->unfrag, len = unfrag + q->len;
	struct ip6_cb cb;
	uint8_t *d;

	if (len - sizeof(struct ipv6hdr) > 0xffff)
		goto fail;
	r = pkt_alloc(stack->pool, PKT_MAX_HEADER, len);
	if (!r)
		goto fail;
	memcpy(&cb, head->cb + sizeof(struct frag_cb), sizeof(cb));
	d = pkt_put(r, len);
	memcpy(d, hh, unfrag);
	list_for_each_entry(f, &q->frags.head, list)
		memcpy(d + unfrag + FRAG_CB(f)->offset, f->data, f->len);
	/* The header that pointed at the fragment header now points past it. */
	*nexthdr = hh[unfrag];
	d[cb.nhoff] = *nexthdr;
	put_be16(d + 4, (uint16_t)(len - sizeof(struct ipv6hdr)));
	pkt_set_network_header(r);
	pkt_pull(r, unfrag);
	r->ifindex = head->ifindex;
	r->pkt_type = head->pkt_type;
	r->tstamp = head->tstamp;
	r->mark = head->mark;
	memcpy(r->cb, &cb, sizeof(cb));
	IP6CB(r)->frag_max_size = q->max_size;
	IP6_INC(stack, ReasmOKs);
	return r;
fail:
	IP6_INC(stack, ReasmFails);
	return NULL;
}

/* Does the first fragment (data at its fragment header) hold the upper-layer header? */
static bool
first_truncated(struct pkt *p)
{
	const uint8_t *nh = pkt_network_header(p);
	unsigned int total = (unsigned int)(p->data - nh) + p->len;
	int off = (int)(p->data - nh);
	uint8_t next = IPPROTO_FRAGMENT;
	uint16_t fo;
	unsigned int need;

	off = ipv6_skip_exthdr(nh, total, off, &next, &fo);
	if (off < 0)
		return true;
	switch (next) {
	case IPPROTO_TCP:
		need = 20;
		break;
	case IPPROTO_UDP:
		need = 8;
		break;
	case IPPROTO_ICMPV6:
		need = 8;
		break;
	default:
		need = 0;
		break;
	}
	return (unsigned int)off + need > total;
}

struct pkt *
ipv6_frag_rcv(struct inet_stack *stack, struct pkt *p, uint8_t *nexthdr)
{
	struct ip6frags *fr = stack->ip6->frags;
	const uint8_t *nh = pkt_network_header(p);
	unsigned int fhoff = (unsigned int)(p->data - nh), offset, end, plen;
	struct in6_addr saddr, daddr;
	struct frag_queue *q;
	struct pkt *before, *r;
	struct ip6_cb saved;
	uint16_t fo;
	uint32_t id;
	int iif = 0;

	IP6_INC(stack, ReasmReqds);
	if (p->len < sizeof(struct frag_hdr)) {
		IP6_INC(stack, InHdrErrors);
		icmpv6_param_prob(stack, p, ICMPV6_HDR_FIELD, fhoff);
		return NULL;
	}
	fo = get_be16(p->data + 2);
	id = get_be32(p->data + 4);
	memcpy(&saddr, nh + 8, 16);
	memcpy(&daddr, nh + 24, 16);
	if (!(fo & IP6_OFFSET) && first_truncated(p)) {
		IP6_INC(stack, InHdrErrors);
		icmpv6_param_prob(stack, p, ICMPV6_HDR_INCOMP, 0);
		return NULL;
	}
	if (!(fo & (IP6_OFFSET | IP6_MF))) {
		/* An atomic fragment: nothing to wait for; the chain goes on after it. */
		*nexthdr = p->data[0];
		IP6CB(p)->nhoff = (uint16_t)fhoff;
		pkt_pull(p, sizeof(struct frag_hdr));
		IP6_INC(stack, ReasmOKs);
		return p;
	}
	if (fr->mem > (size_t)stack->ip6->sysctl.ip6frag_high_thresh)
		goto fail;
	if (ipv6_addr_type(&daddr) & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL))
		iif = IP6CB(p)->iif;
	offset = fo & IP6_OFFSET;
	plen = p->len - sizeof(struct frag_hdr);
	end = offset + plen;
	if (end > 0xffff - (fhoff - sizeof(struct ipv6hdr))) {
		IP6_INC(stack, InHdrErrors);
		icmpv6_param_prob(stack, p, ICMPV6_HDR_FIELD, fhoff + 2);
		return NULL;
	}
	if ((fo & IP6_MF) && (end & 7)) {
		/* RFC 8200: every fragment but the last is a multiple of 8 bytes. */
		IP6_INC(stack, InHdrErrors);
		icmpv6_param_prob(stack, p, ICMPV6_HDR_FIELD, 4);
		return NULL;
	}
	q = fq_find(stack, &saddr, &daddr, id, iif);
	if (!q)
		goto fail;
	if (!(fo & IP6_MF)) {
		if (end < q->len || ((q->flags & FRAG_LAST_IN) && end != q->len))
			goto discard_fq;
		q->flags |= FRAG_LAST_IN;
		q->len = end;
	} else if (end > q->len) {
		if (q->flags & FRAG_LAST_IN)
			goto discard_fq;
		q->len = end;
	}
	if (end == offset)
		goto discard_fq;
	switch (frag_place(q, offset, end, &before)) {
	case FRAG_DUP:
		goto drop;
	case FRAG_OVERLAP:
		goto discard_fq;
	}
	memcpy(&saved, p->cb, sizeof(saved));
	pkt_pull(p, sizeof(struct frag_hdr));
	_Static_assert(sizeof(struct frag_cb) + sizeof(struct ip6_cb) <= PKT_CB_SIZE, "cb");
	FRAG_CB(p)->offset = offset;
	FRAG_CB(p)->end = end;
	FRAG_CB(p)->unfrag = fhoff;
	memcpy(p->cb + sizeof(struct frag_cb), &saved, sizeof(saved));
	if (before)
		list_add(&p->list, &before->list);
	else
		list_add(&p->list, &q->frags.head);
	q->frags.count++;
	q->frags.bytes += p->len;
	q->frags.truesize += p->truesize;
	q->dev = p->ifindex;
	q->meat += p->len;
	q->mem += p->truesize;
	fr->mem += p->truesize;
	if (offset == 0)
		q->flags |= FRAG_FIRST_IN;
	if (fhoff + sizeof(struct frag_hdr) + p->len > q->max_size)
		q->max_size = (uint16_t)(fhoff + sizeof(struct frag_hdr) + p->len);
	if (q->flags == (FRAG_FIRST_IN | FRAG_LAST_IN) && q->meat == q->len) {
		r = fq_reasm(stack, q, nexthdr);
		fq_kill(q);
		return r;
	}
	return NULL;

discard_fq:
	fq_kill(q);
fail:
	IP6_INC(stack, ReasmFails);
drop:
	pkt_free(p);
	return NULL;
}
