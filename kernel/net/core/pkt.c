// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packet buffers and queues (include/kernel/net/pkt.h).
 *
 * Invariants:
 *   - buf->refs counts the pkts whose ->buf is buf; the buffer returns to
 *     the pool (cache or allocator) when it drops to zero.
 *   - pool->used is the sum, over live pkts and live buffers, of their
 *     charge (sizeof(struct pkt), sizeof(struct pkt_buf) + buf->size);
 *     cached free objects are not charged but are bounded in number.
 *   - A pkt's window lies inside its buffer: 0 <= data - buf->data and
 *     data - buf->data + len <= buf->size.
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/pkt.h"

#define POOL_CACHE_BUFS	256
#define POOL_CACHE_PKTS	512

static size_t
buf_charge(unsigned int size)
{
	return sizeof(struct pkt_buf) + size;
}

void
pkt_pool_init(struct pkt_pool *pool, size_t limit)
{
	memset(pool, 0, sizeof(*pool));
	pool->limit = limit;
}

void
pkt_pool_destroy(struct pkt_pool *pool)
{
	while (pool->free_bufs) {
		struct pkt_buf *b = pool->free_bufs;

		pool->free_bufs = b->next_free;
		kfree(b);
	}
	while (pool->free_pkts) {
		struct pkt *p = pool->free_pkts;

		pool->free_pkts = p->next_free;
		kfree(p);
	}
	pool->nfree_bufs = pool->nfree_pkts = 0;
}

static bool
pool_charge(struct pkt_pool *pool, size_t n)
{
	if (pool->used + n > pool->limit) {
		pool->nfail++;
		return false;
	}
	pool->used += n;
	if (pool->used > pool->peak)
		pool->peak = pool->used;
	return true;
}

static struct pkt_buf *
buf_get(struct pkt_pool *pool, unsigned int need)
{
	unsigned int size = need <= PKT_STD_BUF ? PKT_STD_BUF : (need + 63) & ~63u;
	struct pkt_buf *b;

	if (!pool_charge(pool, buf_charge(size)))
		return NULL;
	if (size == PKT_STD_BUF && pool->free_bufs) {
		b = pool->free_bufs;
		pool->free_bufs = b->next_free;
		pool->nfree_bufs--;
	} else {
		b = kmalloc(sizeof(*b) + size);
		if (!b) {
			pool->used -= buf_charge(size);
			pool->nfail++;
			return NULL;
		}
	}
	b->refs = 1;
	b->size = size;
	b->pool = pool;
	b->next_free = NULL;
	pool->live_bufs++;
	return b;
}

static void
buf_put(struct pkt_buf *b)
{
	struct pkt_pool *pool = b->pool;

	if (--b->refs)
		return;
	pool->used -= buf_charge(b->size);
	pool->live_bufs--;
	if (b->size == PKT_STD_BUF && pool->nfree_bufs < POOL_CACHE_BUFS) {
		b->next_free = pool->free_bufs;
		pool->free_bufs = b;
		pool->nfree_bufs++;
		return;
	}
	kfree(b);
}

static struct pkt *
pkt_struct_get(struct pkt_pool *pool)
{
	struct pkt *p;

	if (!pool_charge(pool, sizeof(*p)))
		return NULL;
	if (pool->free_pkts) {
		p = pool->free_pkts;
		pool->free_pkts = p->next_free;
		pool->nfree_pkts--;
	} else {
		p = kmalloc(sizeof(*p));
		if (!p) {
			pool->used -= sizeof(*p);
			pool->nfail++;
			return NULL;
		}
	}
	pool->live_pkts++;
	return p;
}

static void
pkt_struct_put(struct pkt_pool *pool, struct pkt *p)
{
	pool->used -= sizeof(*p);
	pool->live_pkts--;
	if (pool->nfree_pkts < POOL_CACHE_PKTS) {
		p->next_free = pool->free_pkts;
		pool->free_pkts = p;
		pool->nfree_pkts++;
		return;
	}
	kfree(p);
}

static void
pkt_init_meta(struct pkt *p)
{
	list_init(&p->list);
	p->mac_off = p->net_off = p->trans_off = -1;
	p->ifindex = 0;
	p->orig_ifindex = 0;
	p->protocol = 0;
	p->pkt_type = 0;
	p->csum_state = PKT_CSUM_NONE;
	p->mark = 0;
	p->priority = 0;
	p->tstamp = 0;
	memset(p->cb, 0, sizeof(p->cb));
	p->next_free = NULL;
}

struct pkt *
pkt_alloc(struct pkt_pool *pool, unsigned int headroom, unsigned int size)
{
	struct pkt *p;
	struct pkt_buf *b;

	if (headroom > PKT_MAX_LEN || size > PKT_MAX_LEN) {
		pool->nfail++;
		return NULL;
	}
	p = pkt_struct_get(pool);
	if (!p)
		return NULL;
	b = buf_get(pool, PKT_IP_ALIGN + headroom + size);
	if (!b) {
		pkt_struct_put(pool, p);
		return NULL;
	}
	pkt_init_meta(p);
	p->buf = b;
	p->data = b->data + PKT_IP_ALIGN + headroom;
	p->len = 0;
	p->truesize = (unsigned int)(sizeof(*p) + buf_charge(b->size));
	return p;
}

void
pkt_free(struct pkt *p)
{
	struct pkt_pool *pool;

	if (!p)
		return;
	pool = p->buf->pool;
	buf_put(p->buf);
	pkt_struct_put(pool, p);
}

struct pkt *
pkt_clone(struct pkt *p)
{
	struct pkt *c = pkt_struct_get(p->buf->pool);

	if (!c)
		return NULL;
	memcpy(c, p, sizeof(*c));
	list_init(&c->list);
	c->next_free = NULL;
	p->buf->refs++;
	return c;
}

/* The first byte a copy must keep: the earliest set header, or data. */
static unsigned int
copy_start(const struct pkt *p)
{
	unsigned int start = pkt_headroom(p);
	int offs[3] = { p->mac_off, p->net_off, p->trans_off };

	for (int i = 0; i < 3; i++)
		if (offs[i] >= 0 && (unsigned int)offs[i] < start)
			start = (unsigned int)offs[i];
	return start;
}

/*
 * Copy p's bytes from copy_start() to the end of its window into a new
 * buffer with headroom bytes before them, keeping their alignment modulo
 * 8. Returns the buffer and the offset the old start moved to.
 */
static struct pkt_buf *
copy_bytes(const struct pkt *p, unsigned int headroom, unsigned int *newstart)
{
	unsigned int start = copy_start(p);
	unsigned int n = pkt_headroom(p) - start + p->len;
	unsigned int base = ((headroom + 7) & ~7u) + (start & 7);
	struct pkt_buf *b = buf_get(p->buf->pool, base + n);

	if (!b)
		return NULL;
	memcpy(b->data + base, p->buf->data + start, n);
	*newstart = base;
	return b;
}

static int
move_off(int off, unsigned int oldstart, unsigned int newstart)
{
	return off < 0 ? -1 : off - (int)oldstart + (int)newstart;
}

static void
rebase(struct pkt *p, struct pkt_buf *b, unsigned int oldstart, unsigned int newstart)
{
	unsigned int hr = pkt_headroom(p);

	p->mac_off = move_off(p->mac_off, oldstart, newstart);
	p->net_off = move_off(p->net_off, oldstart, newstart);
	p->trans_off = move_off(p->trans_off, oldstart, newstart);
	p->buf = b;
	p->data = b->data + newstart + (hr - oldstart);
	p->truesize = (unsigned int)(sizeof(*p) + buf_charge(b->size));
}

struct pkt *
pkt_copy(const struct pkt *p, unsigned int headroom)
{
	struct pkt_pool *pool = p->buf->pool;
	struct pkt *c = pkt_struct_get(pool);
	struct pkt_buf *b;
	unsigned int newstart;

	if (!c)
		return NULL;
	b = copy_bytes(p, headroom, &newstart);
	if (!b) {
		pkt_struct_put(pool, c);
		return NULL;
	}
	memcpy(c, p, sizeof(*c));
	list_init(&c->list);
	c->next_free = NULL;
	rebase(c, b, copy_start(p), newstart);
	return c;
}

int
pkt_make_writable(struct pkt *p, unsigned int headroom)
{
	struct pkt_buf *b, *old = p->buf;
	unsigned int newstart, oldstart;

	if (!pkt_shared(p) && pkt_headroom(p) >= headroom)
		return 0;
	oldstart = copy_start(p);
	b = copy_bytes(p, headroom, &newstart);
	if (!b)
		return -ENOMEM;
	rebase(p, b, oldstart, newstart);
	buf_put(old);
	return 0;
}

unsigned char *
pkt_put(struct pkt *p, unsigned int n)
{
	unsigned char *t = pkt_tail(p);

	if (n > pkt_tailroom(p))
		return NULL;
	p->len += n;
	return t;
}

void
pkt_put_data(struct pkt *p, const void *src, unsigned int n)
{
	unsigned char *t = pkt_put(p, n);

	if (t)
		memcpy(t, src, n);
}

unsigned char *
pkt_push(struct pkt *p, unsigned int n)
{
	if (n > pkt_headroom(p))
		return NULL;
	p->data -= n;
	p->len += n;
	return p->data;
}

unsigned char *
pkt_pull(struct pkt *p, unsigned int n)
{
	if (n > p->len)
		return NULL;
	p->data += n;
	p->len -= n;
	return p->data;
}

void
pkt_trim(struct pkt *p, unsigned int len)
{
	if (len < p->len)
		p->len = len;
}

void
pkt_reserve(struct pkt *p, unsigned int n)
{
	if (p->len == 0 && n <= pkt_tailroom(p))
		p->data += n;
}

void
pkt_queue_init(struct pkt_queue *q)
{
	list_init(&q->head);
	q->count = 0;
	q->bytes = 0;
	q->truesize = 0;
}

static void
queue_account(struct pkt_queue *q, const struct pkt *p, int sign)
{
	q->count += sign;
	q->bytes += sign * (long)p->len;
	q->truesize += sign * (long)p->truesize;
}

void
pkt_queue_tail(struct pkt_queue *q, struct pkt *p)
{
	list_add_tail(&p->list, &q->head);
	queue_account(q, p, 1);
}

void
pkt_queue_head(struct pkt_queue *q, struct pkt *p)
{
	list_add(&p->list, &q->head);
	queue_account(q, p, 1);
}

struct pkt *
pkt_queue_peek(const struct pkt_queue *q)
{
	if (list_empty(&q->head))
		return NULL;
	return list_first_entry(&q->head, struct pkt, list);
}

void
pkt_unlink(struct pkt_queue *q, struct pkt *p)
{
	list_del(&p->list);
	queue_account(q, p, -1);
}

struct pkt *
pkt_dequeue(struct pkt_queue *q)
{
	struct pkt *p = pkt_queue_peek(q);

	if (p)
		pkt_unlink(q, p);
	return p;
}

void
pkt_queue_splice(struct pkt_queue *to, struct pkt_queue *from)
{
	struct list_head *first = from->head.next, *last = from->head.prev;

	if (pkt_queue_empty(from))
		return;
	/* Link from's chain between to's last element and to's head. */
	first->prev = to->head.prev;
	to->head.prev->next = first;
	last->next = &to->head;
	to->head.prev = last;
	to->count += from->count;
	to->bytes += from->bytes;
	to->truesize += from->truesize;
	pkt_queue_init(from);
}

void
pkt_queue_purge(struct pkt_queue *q)
{
	struct pkt *p;

	while ((p = pkt_dequeue(q)))
		pkt_free(p);
}
