// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 reassembly (include/kernel/net/ip.h), with Linux's rules
 * (net/ipv4/ip_fragment.c, net/ipv4/inet_fragment.c since 4.19):
 *
 *   - a datagram is keyed by source, destination, ID and protocol;
 *   - fragments other than the last are cut to a multiple of 8 bytes;
 *     a last fragment ending before data already seen, two different
 *     last fragments, data beyond the end, an empty fragment: the whole
 *     datagram is discarded (ReasmFails);
 *   - a fragment inside a run of data already received is a duplicate
 *     and only it is dropped; any other overlap discards the whole
 *     datagram (RFC 5722, applied to IPv4 as Linux does);
 *   - a datagram over 65535 bytes is discarded;
 *   - memory: all queues together hold at most ipfrag_high_thresh bytes
 *     of truesize; beyond, every new fragment is dropped until queues
 *     complete or time out (Linux since 4.17 evicts nothing early);
 *   - a queue older than ipfrag_time is discarded, with ICMP time
 *     exceeded (reassembly) to the sender if its first fragment came.
 *
 * Fragments wait in a list sorted by offset, their data pulled to the
 * payload; the first one (offset 0) keeps its IP header in place.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"

#define FRAG_FIRST_IN	0x1
#define FRAG_LAST_IN	0x2
#define FRAG_COMPLETE	0x4

struct ipq {
	struct list_head node;		/* in ipfrags.queues */
	struct inet_stack *stack;
	uint32_t saddr, daddr;
	uint16_t id;
	uint8_t protocol;
	uint8_t flags;
	int iif;
	unsigned int len;		/* end of the datagram (payload bytes) */
	unsigned int meat;		/* payload bytes received */
	size_t mem;			/* truesize held */
	uint16_t max_size, max_df_size;
	struct pkt_queue frags;		/* by offset */
	struct net_timer timer;
};

struct ipfrags {
	struct list_head queues;
	unsigned int nqueues;
	size_t mem;
};

/* Per-fragment state in pkt->cb while queued (after the IP layer's use). */
struct frag_cb {
	unsigned int offset, end;
};

static struct frag_cb *
FRAG_CB(struct pkt *p)
{
	return (struct frag_cb *)p->cb;
}

int
ipfrag_init(struct inet_stack *stack)
{
	struct ipfrags *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	list_init(&f->queues);
	stack->frags = f;
	return 0;
}

static void
ipq_kill(struct ipq *q)
{
	struct ipfrags *f = q->stack->frags;

	net_timer_cancel(&q->stack->timers, &q->timer);
	list_del(&q->node);
	f->nqueues--;
	f->mem -= q->mem;
	pkt_queue_purge(&q->frags);
	kfree(q);
}

void
ipfrag_destroy(struct inet_stack *stack)
{
	struct ipfrags *f = stack->frags;
	struct ipq *q, *t;

	if (!f)
		return;
	list_for_each_entry_safe(q, t, &f->queues, node)
		ipq_kill(q);
	kfree(f);
	stack->frags = NULL;
}

size_t
ipfrag_mem(const struct inet_stack *stack)
{
	return stack->frags->mem;
}

unsigned int
ipfrag_queues(const struct inet_stack *stack)
{
	return stack->frags->nqueues;
}

void
ipfrag_flush_dev(struct inet_stack *stack, struct net_if *dev)
{
	struct ipq *q, *t;

	list_for_each_entry_safe(q, t, &stack->frags->queues, node)
		if (q->iif == dev->ifindex)
			ipq_kill(q);
}

static void
ip_expire(struct net_timer *t, uint64_t now)
{
	struct ipq *q = container_of(t, struct ipq, timer);
	struct inet_stack *stack = q->stack;
	struct pkt *head;

	(void)now;
	IP_INC(stack, ReasmFails);
	IP_INC(stack, ReasmTimeout);
	head = pkt_queue_peek(&q->frags);
	if ((q->flags & FRAG_FIRST_IN) && head && FRAG_CB(head)->offset == 0) {
		/* ICMP about the first fragment: point at its header again. */
		struct pkt *c = pkt_clone(head);

		if (c) {
			c->data = pkt_network_header(c);
			c->len += (unsigned int)(head->data - pkt_network_header(head));
			memmove(c->cb, head->cb + sizeof(struct frag_cb), sizeof(struct ip_cb));
			icmp_send(stack, c, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0);
			pkt_free(c);
		}
	}
	ipq_kill(q);
}

static struct ipq *
ip_find(struct inet_stack *stack, const struct ip_hdr_info *h)
{
	struct ipfrags *f = stack->frags;
	struct ipq *q;

	list_for_each_entry(q, &f->queues, node)
		if (q->saddr == h->saddr && q->daddr == h->daddr && q->id == h->id &&
		    q->protocol == h->protocol)
			return q;
	q = kzalloc(sizeof(*q));
	if (!q)
		return NULL;
	q->stack = stack;
	q->saddr = h->saddr;
	q->daddr = h->daddr;
	q->id = h->id;
	q->protocol = h->protocol;
	pkt_queue_init(&q->frags);
	net_timer_init(&q->timer, ip_expire);
	net_timer_arm(&stack->timers, &q->timer,
		      stack->now + (uint64_t)stack->sysctl.ipfrag_time * NSEC_PER_SEC);
	list_add_tail(&q->node, &f->queues);
	f->nqueues++;
	return q;
}

enum { FRAG_OK, FRAG_DUP, FRAG_OVERLAP };

/*
 * Where [offset, end) goes among the queued fragments: after `*before`
 * (NULL: at the head). A range inside a run of contiguous fragments is a
 * duplicate (even if it spans several of them); one touching received
 * data otherwise overlaps.
 */
static int
frag_place(struct ipq *q, unsigned int offset, unsigned int end, struct pkt **before)
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

/* Build the whole datagram: the first fragment's header and every payload. */
static struct pkt *
ip_frag_reasm(struct inet_stack *stack, struct ipq *q)
{
	struct pkt *head = pkt_queue_peek(&q->frags), *r, *f;
	const uint8_t *hh = pkt_network_header(head);
	unsigned int ihl = (unsigned int)(hh[0] & 0x0f) * 4, len = ihl + q->len;
	uint8_t *d;

	if (len > IP_MAX_PACKET) {
		IP_INC(stack, ReasmFails);
		return NULL;
	}
	r = pkt_alloc(stack->pool, PKT_MAX_HEADER, len);
	if (!r) {
		IP_INC(stack, ReasmFails);
		return NULL;
	}
	d = pkt_put(r, len);
	memcpy(d, hh, ihl);
	list_for_each_entry(f, &q->frags.head, list)
		memcpy(d + ihl + FRAG_CB(f)->offset, f->data, f->len);
	put_be16(d + 2, (uint16_t)len);
	put_be16(d + 6, q->max_df_size == q->max_size ? IP_DF : 0);
	ip_send_check(d);
	pkt_set_network_header(r);
	r->ifindex = head->ifindex;
	r->pkt_type = head->pkt_type;
	r->tstamp = head->tstamp;
	r->mark = head->mark;
	/* The IP state of the first fragment, as it was before queueing. */
	memcpy(r->cb, head->cb + sizeof(struct frag_cb), sizeof(struct ip_cb));
	IPCB(r)->frag_max_size = q->max_df_size > q->max_size ? q->max_df_size : q->max_size;
	IPCB(r)->flags |= IPSKB_FRAG_COMPLETE;
	IP_INC(stack, ReasmOKs);
	return r;
}

struct pkt *
ip_defrag(struct inet_stack *stack, struct pkt *p)
{
	struct ipfrags *fr = stack->frags;
	struct ip_hdr_info h;
	struct ipq *q;
	struct pkt *before, *r;
	struct ip_cb saved;
	unsigned int offset, end, ihl, fragsize;
	uint16_t flags;

	IP_INC(stack, ReasmReqds);
	if (fr->mem > (size_t)stack->sysctl.ipfrag_high_thresh)
		goto fail;
	ip_hdr_parse(p, &h);
	q = ip_find(stack, &h);
	if (!q)
		goto fail;
	if (q->flags & FRAG_COMPLETE)
		goto drop;
	flags = h.frag_off & ~IP_OFFSET;
	offset = (h.frag_off & IP_OFFSET) * 8u;
	ihl = h.ihl;
	end = offset + h.tot_len - ihl;
	if (!(flags & IP_MF)) {
		if (end < q->len || ((q->flags & FRAG_LAST_IN) && end != q->len))
			goto discard_qp;
		q->flags |= FRAG_LAST_IN;
		q->len = end;
	} else {
		end &= ~7u;
		if (end > q->len) {
			if (q->flags & FRAG_LAST_IN)
				goto discard_qp;
			q->len = end;
		}
	}
	if (end == offset || end > IP_MAX_PACKET)
		goto discard_qp;
	switch (frag_place(q, offset, end, &before)) {
	case FRAG_DUP:
		goto drop;
	case FRAG_OVERLAP:
		goto discard_qp;
	}
	memcpy(&saved, p->cb, sizeof(saved));
	pkt_pull(p, ihl);
	pkt_trim(p, end - offset);
	/* cb: our offsets first, the IP layer's state after them (for the head). */
	_Static_assert(sizeof(struct frag_cb) + sizeof(struct ip_cb) <= PKT_CB_SIZE, "cb");
	FRAG_CB(p)->offset = offset;
	FRAG_CB(p)->end = end;
	memcpy(p->cb + sizeof(struct frag_cb), &saved, sizeof(saved));
	if (before)
		list_add(&p->list, &before->list);
	else
		list_add(&p->list, &q->frags.head);
	q->frags.count++;
	q->frags.bytes += p->len;
	q->frags.truesize += p->truesize;
	q->iif = p->ifindex;
	q->meat += p->len;
	q->mem += p->truesize;
	fr->mem += p->truesize;
	if (offset == 0)
		q->flags |= FRAG_FIRST_IN;
	fragsize = p->len + ihl;
	if (fragsize > q->max_size)
		q->max_size = (uint16_t)fragsize;
	if ((h.frag_off & IP_DF) && fragsize > q->max_df_size)
		q->max_df_size = (uint16_t)fragsize;
	if (q->flags == (FRAG_FIRST_IN | FRAG_LAST_IN) && q->meat == q->len) {
		r = ip_frag_reasm(stack, q);
		ipq_kill(q);
		return r;
	}
	return NULL;

discard_qp:
	ipq_kill(q);
fail:
	IP_INC(stack, ReasmFails);
drop:
	pkt_free(p);
	return NULL;
}
