// SPDX-License-Identifier: GPL-2.0-only
/*
 * Neighbour tables with Neighbour Unreachability Detection
 * (include/kernel/net/neighbour.h).
 *
 * The state machine follows Linux's net/core/neighbour.c:
 *
 *   NONE/FAILED --output--> INCOMPLETE (mcast probes, retrans_time apart)
 *   INCOMPLETE --answer--> REACHABLE        --probes used up--> FAILED
 *   REACHABLE --reachable_time w/o confirmation--> STALE, or DELAY if
 *             the entry was used within delay_probe_time
 *   STALE --output--> DELAY --confirmed within delay_probe_time--> REACHABLE
 *   DELAY --otherwise--> PROBE (ucast probes) --answer--> REACHABLE
 *                                             --used up--> FAILED
 *
 * Counting probes as Linux does: `probes` is incremented before each
 * solicitation; INCOMPLETE starts at ucast_probes, so it sends
 * mcast_probes broadcasts; PROBE starts at 0 and sends ucast_probes
 * unicasts; the entry fails at the first timer with probes >= max.
 *
 * Invariants: an entry is in exactly one hash chain until freed; its
 * timer is armed iff state & NUD_IN_TIMER (and it is not dead); its
 * queue is non-empty only while INCOMPLETE.
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/neighbour.h"
#include "kernel/net/random.h"
#include "uapi/netlink.h"
#include "uapi/rtnetlink.h"

#define MS(x)	((uint64_t)(x) * NSEC_PER_MSEC)

static void neigh_timer_handler(struct net_timer *t, uint64_t now);
static void neigh_gc_timer(struct net_timer *t, uint64_t now);

uint64_t
neigh_rand_reach_time(struct net_rng *rng, int base_ms)
{
	uint64_t base = MS(base_ms);

	if (!base)
		return 0;
	/* Uniform in [base/2, 3 base/2), drawn in ms steps. */
	return (base >> 1) + MS(net_rng_below(rng, (uint32_t)base_ms));
}

void
neigh_parms_init(struct neigh_parms *p, struct net_rng *rng)
{
	p->base_reachable_time_ms = 30000;
	p->retrans_time_ms = 1000;
	p->delay_probe_time_ms = 5000;
	p->gc_stale_time_ms = 60000;
	p->ucast_probes = 3;
	p->app_probes = 0;
	p->mcast_probes = 3;
	p->mcast_reprobes = 0;
	p->queue_len_bytes = 212992;
	p->locktime_ms = 1000;
	p->proxy_qlen = 64;
	p->anycast_delay_ms = 1000;
	p->proxy_delay_ms = 800;
	p->interval_probe_time_ms = 5000;
	p->reachable_time = neigh_rand_reach_time(rng, p->base_reachable_time_ms);
}

void
neigh_table_init(struct neigh_table *tbl, int family, unsigned int key_len,
		 const struct neigh_ops *ops, struct net_timer_base *timers,
		 struct net_rng *rng, void *owner, uint64_t now)
{
	memset(tbl, 0, sizeof(*tbl));
	tbl->family = family;
	tbl->key_len = key_len;
	tbl->ha_len = 6;
	tbl->ops = ops;
	tbl->timers = timers;
	tbl->rng = rng;
	tbl->owner = owner;
	for (int i = 0; i < NEIGH_HASH_SIZE; i++)
		list_init(&tbl->hash[i]);
	tbl->gc_thresh1 = 128;
	tbl->gc_thresh2 = 512;
	tbl->gc_thresh3 = 1024;
	tbl->gc_interval_ms = 30000;
	tbl->last_flush = now;
	tbl->last_rand = now;
	net_timer_init(&tbl->gc_timer, neigh_gc_timer);
	/* Linux runs its periodic work every base_reachable_time / 2. */
	net_timer_arm(timers, &tbl->gc_timer, now + MS(15000));
}

static unsigned int
neigh_hash(const struct neigh_table *tbl, const struct net_if *dev, const void *key)
{
	uint32_t h = (uint32_t)(uintptr_t)dev * 0x9e3779b1u;
	const uint8_t *k = key;

	for (unsigned int i = 0; i < tbl->key_len; i++)
		h = (h ^ k[i]) * 0x01000193u;
	return (h ^ (h >> 16)) & (NEIGH_HASH_SIZE - 1);
}

struct neighbour *
neigh_lookup(struct neigh_table *tbl, struct net_if *dev, const void *key)
{
	struct neighbour *n;

	tbl->stats.lookups++;
	list_for_each_entry(n, &tbl->hash[neigh_hash(tbl, dev, key)], hash_node) {
		if (n->dev == dev && !memcmp(n->key, key, tbl->key_len)) {
			tbl->stats.hits++;
			return n;
		}
	}
	return NULL;
}

static void
neigh_notify(struct neighbour *n, int type)
{
	if (n->tbl->ops->notify)
		n->tbl->ops->notify(n, type);
}

static void
neigh_destroy(struct neighbour *n)
{
	struct neigh_table *tbl = n->tbl;

	n->dead = true;
	net_timer_cancel(tbl->timers, &n->timer);
	list_del(&n->hash_node);
	pkt_queue_purge(&n->queue);
	tbl->entries--;
	tbl->stats.destroys++;
	kfree(n);
}

/* neigh_remove unlinks and frees n after telling the listeners. */
static void
neigh_remove(struct neighbour *n)
{
	neigh_notify(n, RTM_DELNEIGH);
	neigh_destroy(n);
}

/*
 * Forced GC when the table is full (Linux's neigh_forced_gc): drop
 * FAILED/NOARP entries and those not updated since the last flush, until
 * the table is down to gc_thresh2. Returns how many went.
 */
static int
neigh_forced_gc(struct neigh_table *tbl, uint64_t now)
{
	int max_clean = (int)tbl->entries - tbl->gc_thresh2, shrunk = 0;
	struct neighbour *n, *tmp;

	tbl->stats.forced_gc_runs++;
	for (int i = 0; i < NEIGH_HASH_SIZE && shrunk < max_clean; i++) {
		list_for_each_entry_safe(n, tmp, &tbl->hash[i], hash_node) {
			if (n->state & NUD_PERMANENT)
				continue;
			if (n->state == NUD_FAILED || n->state == NUD_NOARP ||
			    n->updated < tbl->last_flush || n->updated > now) {
				neigh_remove(n);
				if (++shrunk >= max_clean)
					break;
			}
		}
	}
	tbl->last_flush = now;
	return shrunk;
}

struct neighbour *
neigh_create(struct neigh_table *tbl, struct net_if *dev, const void *key, uint64_t now)
{
	struct neighbour *n = neigh_lookup(tbl, dev, key);
	int entries;

	if (n)
		return n;
	entries = (int)tbl->entries;
	if (entries >= tbl->gc_thresh3 ||
	    (entries >= tbl->gc_thresh2 && now > tbl->last_flush + 5 * NSEC_PER_SEC)) {
		if (!neigh_forced_gc(tbl, now) && entries >= tbl->gc_thresh3) {
			tbl->stats.table_fulls++;
			return NULL;
		}
	}
	n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	n->tbl = tbl;
	n->dev = dev;
	n->parms = tbl->ops->parms_of(dev);
	memcpy(n->key, key, tbl->key_len);
	n->state = NUD_NONE;
	n->created = n->updated = n->used = now;
	/* Long enough ago that a first confirmation counts as new. */
	n->confirmed = now - MS(n->parms->base_reachable_time_ms) * 2;
	net_timer_init(&n->timer, neigh_timer_handler);
	pkt_queue_init(&n->queue);
	list_add(&n->hash_node, &tbl->hash[neigh_hash(tbl, dev, key)]);
	tbl->entries++;
	tbl->stats.allocs++;
	return n;
}

static void
neigh_add_timer(struct neighbour *n, uint64_t when)
{
	net_timer_arm(n->tbl->timers, &n->timer, when);
}

static void
neigh_del_timer(struct neighbour *n)
{
	net_timer_cancel(n->tbl->timers, &n->timer);
}

static int
neigh_max_probes(const struct neighbour *n)
{
	const struct neigh_parms *p = n->parms;

	return p->ucast_probes + p->app_probes +
	       ((n->state & NUD_PROBE) ? p->mcast_reprobes : p->mcast_probes);
}

static uint64_t
retrans(const struct neighbour *n)
{
	uint64_t t = MS(n->parms->retrans_time_ms);

	return t < 10 * NSEC_PER_MSEC ? 10 * NSEC_PER_MSEC : t;	/* max(retrans, HZ/100) */
}

static void
neigh_probe(struct neighbour *n)
{
	struct pkt *trigger = pkt_queue_peek(&n->queue);

	n->probes++;
	n->tbl->ops->solicit(n, trigger);
}

/* The entry failed: every queued packet is reported (ICMP host unreachable). */
static void
neigh_invalidate(struct neighbour *n)
{
	struct pkt *p;

	n->tbl->stats.res_failed++;
	neigh_notify(n, RTM_NEWNEIGH);
	/* error_report may free nothing of ours, but be safe against the
	 * entry's state changing under us: take the queue first. */
	while (n->state == NUD_FAILED && (p = pkt_dequeue(&n->queue)))
		n->tbl->ops->error_report(n, p);
	pkt_queue_purge(&n->queue);
}

static void
neigh_timer_handler(struct net_timer *t, uint64_t now)
{
	struct neighbour *n = container_of(t, struct neighbour, timer);
	const struct neigh_parms *p = n->parms;
	uint64_t next = now + NSEC_PER_SEC;
	uint16_t state = n->state;
	bool notify = false;

	if (!(state & NUD_IN_TIMER) || n->dead)
		return;
	if (state & NUD_REACHABLE) {
		if (now <= n->confirmed + p->reachable_time) {
			next = n->confirmed + p->reachable_time;
		} else if (now <= n->used + MS(p->delay_probe_time_ms)) {
			n->state = NUD_DELAY;
			n->updated = now;
			next = now + MS(p->delay_probe_time_ms);
		} else {
			n->state = NUD_STALE;
			n->updated = now;
			notify = true;
		}
	} else if (state & NUD_DELAY) {
		if (now <= n->confirmed + MS(p->delay_probe_time_ms)) {
			n->state = NUD_REACHABLE;
			n->updated = now;
			notify = true;
			next = n->confirmed + p->reachable_time;
		} else {
			n->state = NUD_PROBE;
			n->updated = now;
			n->probes = 0;
			notify = true;
			next = now + retrans(n);
		}
	} else {
		/* INCOMPLETE or PROBE */
		next = now + retrans(n);
	}

	if ((n->state & (NUD_INCOMPLETE | NUD_PROBE)) && n->probes >= neigh_max_probes(n)) {
		n->state = NUD_FAILED;
		n->updated = now;
		neigh_invalidate(n);
		return;
	}
	if (n->state & NUD_IN_TIMER) {
		if (next < now + 10 * NSEC_PER_MSEC)
			next = now + 10 * NSEC_PER_MSEC;
		neigh_add_timer(n, next);
	}
	if (notify)
		neigh_notify(n, RTM_NEWNEIGH);
	if (n->state & (NUD_INCOMPLETE | NUD_PROBE))
		neigh_probe(n);
}

/*
 * Queue p on an INCOMPLETE entry, dropping the oldest queued packets
 * while the queue would exceed queue_len_bytes.
 */
static void
neigh_queue(struct neighbour *n, struct pkt *p)
{
	struct pkt *old;

	while (n->queue.truesize + p->truesize > (size_t)n->parms->queue_len_bytes &&
	       (old = pkt_dequeue(&n->queue))) {
		pkt_free(old);
		n->tbl->stats.unres_discards++;
	}
	pkt_queue_tail(&n->queue, p);
}

int
neigh_resolve_output(struct neigh_table *tbl, struct net_if *dev, const void *key,
		     struct pkt *p, uint64_t now)
{
	struct neighbour *n = neigh_create(tbl, dev, key, now);
	const struct neigh_parms *parms;

	if (!n) {
		pkt_free(p);
		return -ENOBUFS;
	}
	parms = n->parms;
	n->used = now;
	if (n->state & (NUD_CONNECTED | NUD_DELAY | NUD_PROBE)) {
		tbl->ops->output(n, p);
		return 0;
	}
	if (n->state == NUD_STALE) {
		n->state = NUD_DELAY;
		n->updated = now;
		neigh_add_timer(n, now + MS(parms->delay_probe_time_ms));
		tbl->ops->output(n, p);
		return 0;
	}
	if (n->state != NUD_INCOMPLETE) {
		/* NONE or FAILED: start resolving. */
		if (parms->mcast_probes + parms->app_probes <= 0) {
			n->state = NUD_FAILED;
			n->updated = now;
			tbl->ops->error_report(n, p);
			return -EHOSTUNREACH;
		}
		n->probes = parms->ucast_probes;
		n->state = NUD_INCOMPLETE;
		n->updated = now;
		neigh_add_timer(n, now + retrans(n));
		neigh_queue(n, p);
		neigh_probe(n);
		return 0;
	}
	neigh_queue(n, p);
	return 0;
}

/* Send what waited for n, now that it has a link address. */
static void
neigh_flush_queue(struct neighbour *n)
{
	struct pkt_queue q;
	struct pkt *p;

	pkt_queue_init(&q);
	pkt_queue_splice(&q, &n->queue);
	while ((p = pkt_dequeue(&q))) {
		if (n->dead || !(n->state & NUD_VALID)) {
			pkt_free(p);
			continue;
		}
		n->tbl->ops->output(n, p);
	}
}

static int
neigh_update_state(struct neighbour *n, const uint8_t *lladdr, uint16_t new, uint32_t flags,
		   uint64_t now)
{
	struct neigh_table *tbl = n->tbl;
	uint16_t old = n->state;
	bool notify = false;

	if (!(flags & NEIGH_UPDATE_F_ADMIN) && (old & (NUD_NOARP | NUD_PERMANENT)))
		return -EPERM;
	if (n->dead)
		return -ENOENT;

	if (!(new & NUD_VALID)) {
		neigh_del_timer(n);
		n->state = new;
		notify = old & NUD_VALID;
		if ((old & (NUD_INCOMPLETE | NUD_PROBE)) && (new & NUD_FAILED)) {
			n->updated = now;
			neigh_invalidate(n);
			return 0;
		}
		if (notify)
			neigh_notify(n, RTM_NEWNEIGH);
		return 0;
	}

	if (lladdr) {
		if ((old & NUD_VALID) && !memcmp(lladdr, n->ha, tbl->ha_len))
			lladdr = NULL;	/* the same: "lladdr == neigh->ha" */
	} else if (!(old & NUD_VALID)) {
		return -EINVAL;
	}
	if (new & NUD_CONNECTED)
		n->confirmed = now;

	if (old & NUD_VALID) {
		if (lladdr && !(flags & NEIGH_UPDATE_F_OVERRIDE)) {
			if ((flags & NEIGH_UPDATE_F_WEAK_OVERRIDE) && (old & NUD_CONNECTED)) {
				lladdr = NULL;
				new = NUD_STALE;
			} else {
				return 0;
			}
		} else if (!lladdr && new == NUD_STALE && !(flags & NEIGH_UPDATE_F_ADMIN)) {
			new = old;
		}
	}

	if (new != old || lladdr)
		n->updated = now;
	if (new != old) {
		neigh_del_timer(n);
		if (new & NUD_PROBE)
			n->probes = 0;
		n->state = new;
		if (new & NUD_IN_TIMER)
			neigh_add_timer(n, now + ((new & NUD_REACHABLE) ? n->parms->reachable_time : 0));
		notify = true;
	}
	if (lladdr) {
		memcpy(n->ha, lladdr, tbl->ha_len);
		if (!(new & NUD_CONNECTED))
			n->confirmed = now - MS(n->parms->base_reachable_time_ms) * 2;
		notify = true;
	}
	if (new != old && !(old & NUD_VALID))
		neigh_flush_queue(n);
	if (notify && !n->dead)
		neigh_notify(n, RTM_NEWNEIGH);
	return 0;
}

int
neigh_update(struct neighbour *n, const uint8_t *lladdr, uint16_t new, uint32_t flags,
	     uint64_t now)
{
	int err = neigh_update_state(n, lladdr, new, flags, now);

	/* IPv6 ND: the R flag of an NA or an RA, whatever became of the rest. */
	if ((flags & NEIGH_UPDATE_F_OVERRIDE_ISROUTER) && !n->dead) {
		uint8_t was = n->flags;

		if (flags & NEIGH_UPDATE_F_ISROUTER)
			n->flags |= NTF_ROUTER;
		else
			n->flags &= (uint8_t)~NTF_ROUTER;
		if (was != n->flags)
			neigh_notify(n, RTM_NEWNEIGH);
	}
	return err;
}

struct neighbour *
neigh_event_ns(struct neigh_table *tbl, struct net_if *dev, const void *key,
	       const uint8_t *lladdr, uint64_t now)
{
	struct neighbour *n = neigh_create(tbl, dev, key, now);

	if (n)
		neigh_update(n, lladdr, NUD_STALE, NEIGH_UPDATE_F_OVERRIDE, now);
	return n;
}

void
neigh_confirm(struct neigh_table *tbl, struct net_if *dev, const void *key, uint64_t now)
{
	struct neighbour *n = neigh_lookup(tbl, dev, key);

	if (n)
		n->confirmed = now;
}

int
neigh_admin_set(struct neigh_table *tbl, struct net_if *dev, const void *key,
		const uint8_t *lladdr, uint16_t state, uint8_t ntf_flags,
		unsigned int nlflags, uint64_t now)
{
	struct neighbour *n = neigh_lookup(tbl, dev, key);
	uint32_t flags = NEIGH_UPDATE_F_ADMIN | NEIGH_UPDATE_F_OVERRIDE;
	int err;

	if (!n) {
		if (!(nlflags & NLM_F_CREATE))
			return -ENOENT;
		n = neigh_create(tbl, dev, key, now);
		if (!n)
			return -ENOBUFS;
	} else {
		if (nlflags & NLM_F_EXCL)
			return -EEXIST;
		if (!(nlflags & NLM_F_REPLACE))
			flags &= ~NEIGH_UPDATE_F_OVERRIDE;
	}
	n->flags = ntf_flags & NTF_ROUTER;
	/* As Linux, a failed update (no address for a new valid entry)
	 * leaves the new entry behind in NUD_NONE for the GC. */
	err = neigh_update(n, lladdr, state, flags, now);
	return err;
}

int
neigh_admin_del(struct neigh_table *tbl, struct net_if *dev, const void *key, uint64_t now)
{
	struct neighbour *n = neigh_lookup(tbl, dev, key);

	if (!n)
		return -ENOENT;
	neigh_update(n, NULL, NUD_FAILED, NEIGH_UPDATE_F_OVERRIDE | NEIGH_UPDATE_F_ADMIN, now);
	if (!n->dead)
		neigh_remove(n);
	return 0;
}

static void
neigh_flush_dev(struct neigh_table *tbl, struct net_if *dev, bool skip_perm)
{
	struct neighbour *n, *tmp;

	for (int i = 0; i < NEIGH_HASH_SIZE; i++) {
		list_for_each_entry_safe(n, tmp, &tbl->hash[i], hash_node) {
			if (dev && n->dev != dev)
				continue;
			if (skip_perm && (n->state & NUD_PERMANENT))
				continue;
			neigh_remove(n);
		}
	}
}

void
neigh_ifdown(struct neigh_table *tbl, struct net_if *dev)
{
	neigh_flush_dev(tbl, dev, false);
}

void
neigh_changeaddr(struct neigh_table *tbl, struct net_if *dev)
{
	neigh_flush_dev(tbl, dev, true);
}

void
neigh_table_destroy(struct neigh_table *tbl)
{
	struct neighbour *n, *tmp;

	net_timer_cancel(tbl->timers, &tbl->gc_timer);
	for (int i = 0; i < NEIGH_HASH_SIZE; i++)
		list_for_each_entry_safe(n, tmp, &tbl->hash[i], hash_node)
			neigh_destroy(n);
}

void
neigh_for_each(struct neigh_table *tbl, void (*fn)(struct neighbour *, void *), void *arg)
{
	struct neighbour *n;

	for (int i = 0; i < NEIGH_HASH_SIZE; i++)
		list_for_each_entry(n, &tbl->hash[i], hash_node)
			fn(n, arg);
}

/*
 * Periodic GC (Linux's neigh_periodic_work): every 300 s redraw the
 * reachable times; when the table holds at least gc_thresh1 entries,
 * drop unused ones (FAILED, or not used for gc_stale_time).
 */
static void
neigh_gc_timer(struct net_timer *t, uint64_t now)
{
	struct neigh_table *tbl = container_of(t, struct neigh_table, gc_timer);
	struct neighbour *n, *tmp;

	tbl->stats.periodic_gc_runs++;
	if (now > tbl->last_rand + 300 * NSEC_PER_SEC) {
		struct neigh_parms *seen = NULL;

		tbl->last_rand = now;
		for (int i = 0; i < NEIGH_HASH_SIZE; i++) {
			list_for_each_entry(n, &tbl->hash[i], hash_node) {
				if (n->parms == seen)
					continue;
				seen = n->parms;
				seen->reachable_time =
					neigh_rand_reach_time(tbl->rng, seen->base_reachable_time_ms);
			}
		}
	}
	if ((int)tbl->entries >= tbl->gc_thresh1) {
		for (int i = 0; i < NEIGH_HASH_SIZE; i++) {
			list_for_each_entry_safe(n, tmp, &tbl->hash[i], hash_node) {
				if (n->state & (NUD_PERMANENT | NUD_IN_TIMER))
					continue;
				if (n->used < n->confirmed)
					n->used = n->confirmed;
				if (n->state == NUD_FAILED ||
				    now > n->used + MS(n->parms->gc_stale_time_ms))
					neigh_remove(n);
			}
		}
	}
	net_timer_arm(tbl->timers, &tbl->gc_timer, now + MS(15000));
}

const char *
neigh_state_name(uint16_t state)
{
	switch (state) {
	case NUD_NONE: return "NONE";
	case NUD_INCOMPLETE: return "INCOMPLETE";
	case NUD_REACHABLE: return "REACHABLE";
	case NUD_STALE: return "STALE";
	case NUD_DELAY: return "DELAY";
	case NUD_PROBE: return "PROBE";
	case NUD_FAILED: return "FAILED";
	case NUD_NOARP: return "NOARP";
	case NUD_PERMANENT: return "PERMANENT";
	}
	return "UNKNOWN";
}
