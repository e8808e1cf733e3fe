// SPDX-License-Identifier: GPL-2.0-only
/*
 * Timers over a pairing heap (include/kernel/net/timer.h).
 *
 * Heap shape: the root has no prev/next. Every other node is in the
 * child list of its parent: `prev` points to its left sibling, or to the
 * parent when it is the first child; `next` to its right sibling.
 * Ties are broken by insertion order of the melds, which depends only
 * on the sequence of calls: the same calls give the same order, so
 * simulations are reproducible.
 */
#include <stddef.h>
#include "kernel/net/timer.h"

/* meld joins two detached heaps (either may be NULL) and returns the root. */
static struct net_timer *
meld(struct net_timer *a, struct net_timer *b)
{
	struct net_timer *t;

	if (!a)
		return b;
	if (!b)
		return a;
	if (b->expires < a->expires) {
		t = a;
		a = b;
		b = t;
	}
	/* b becomes a's first child. */
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	return a;
}

/* merge_pairs turns a list of sibling heaps into one heap (two-pass pairing). */
static struct net_timer *
merge_pairs(struct net_timer *first)
{
	struct net_timer *stack = NULL, *a, *b, *m, *res = NULL;

	/* Pass 1, left to right: meld neighbours pairwise, push the results. */
	while (first) {
		a = first;
		b = a->next;
		first = b ? b->next : NULL;
		a->next = a->prev = NULL;
		if (b)
			b->next = b->prev = NULL;
		m = meld(a, b);
		m->next = stack;
		stack = m;
	}
	/* Pass 2, right to left: meld them all into one. */
	while (stack) {
		m = stack;
		stack = m->next;
		m->next = NULL;
		res = meld(res, m);
	}
	if (res)
		res->prev = res->next = NULL;
	return res;
}

void
net_timer_base_init(struct net_timer_base *b)
{
	b->root = NULL;
	b->count = 0;
	b->running = false;
	b->run_now = 0;
}

void
net_timer_init(struct net_timer *t, net_timer_fn *fn)
{
	t->expires = 0;
	t->child = t->next = t->prev = NULL;
	t->fn = fn;
	t->armed = false;
}

static void
heap_remove(struct net_timer_base *b, struct net_timer *t)
{
	struct net_timer *sub;

	if (t == b->root) {
		b->root = merge_pairs(t->child);
	} else {
		if (t->prev->child == t)
			t->prev->child = t->next;
		else
			t->prev->next = t->next;
		if (t->next)
			t->next->prev = t->prev;
		sub = merge_pairs(t->child);
		b->root = meld(b->root, sub);
	}
	t->child = t->next = t->prev = NULL;
	t->armed = false;
	b->count--;
}

void
net_timer_cancel(struct net_timer_base *b, struct net_timer *t)
{
	if (t->armed)
		heap_remove(b, t);
}

void
net_timer_arm(struct net_timer_base *b, struct net_timer *t, uint64_t expires)
{
	if (t->armed)
		heap_remove(b, t);
	if (b->running && expires <= b->run_now)
		expires = b->run_now + 1;
	t->expires = expires;
	t->child = t->next = t->prev = NULL;
	t->armed = true;
	b->root = meld(b->root, t);
	b->count++;
}

uint64_t
net_timers_next(const struct net_timer_base *b)
{
	return b->root ? b->root->expires : NET_TIME_NEVER;
}

unsigned int
net_timers_run(struct net_timer_base *b, uint64_t now)
{
	unsigned int n = 0;
	bool outer = b->running;
	uint64_t saved = b->run_now;

	b->running = true;
	b->run_now = now;
	while (b->root && b->root->expires <= now) {
		struct net_timer *t = b->root;

		heap_remove(b, t);
		n++;
		t->fn(t, now);
	}
	b->running = outer;
	b->run_now = saved;
	return n;
}
