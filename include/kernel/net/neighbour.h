/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The neighbour table: protocol address -> link-layer address, with
 * Neighbour Unreachability Detection as Linux does it (RFC 4861 7.3 for
 * both ARP and IPv6 ND): states INCOMPLETE, REACHABLE, STALE, DELAY,
 * PROBE, FAILED (and NOARP, PERMANENT for static entries), the
 * transitions of Linux's net/core/neighbour.c, packets queued while a
 * neighbour is resolved, and garbage collection within gc_thresh1..3
 * (kernel/net/core/neighbour.c). ARP (arp.c) and IPv6 ND plug in through
 * struct neigh_ops.
 *
 * Time: every timestamp is in ns of the caller's clock; timers are
 * struct net_timer in the table's timer base.
 *
 * Lifetimes: entries belong to the table; a struct neighbour pointer is
 * valid until control returns to the caller of the library function that
 * produced it (a timer or a later call may free the entry). Nothing
 * outside the table keeps one.
 *
 * Packets: neigh_resolve_output() consumes the packet: it is sent now
 * (ops->output), queued until resolution (bounded by queue_len_bytes,
 * oldest dropped first), or handed to ops->error_report() when the
 * neighbour fails.
 */
#ifndef KERNEL_NET_NEIGHBOUR_H
#define KERNEL_NET_NEIGHBOUR_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/net/pkt.h"
#include "kernel/net/timer.h"
#include "uapi/neighbour.h"

struct net_if;
struct net_rng;
struct neighbour;

#define NUD_IN_TIMER	(NUD_INCOMPLETE | NUD_REACHABLE | NUD_DELAY | NUD_PROBE)
#define NUD_VALID	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | \
			 NUD_STALE | NUD_DELAY)
#define NUD_CONNECTED	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE)

/* neigh_update flags (Linux's NEIGH_UPDATE_F_*). */
#define NEIGH_UPDATE_F_OVERRIDE		0x1	/* a different address replaces the old */
#define NEIGH_UPDATE_F_WEAK_OVERRIDE	0x2	/* ...or makes a connected entry STALE */
#define NEIGH_UPDATE_F_OVERRIDE_ISROUTER 0x4
#define NEIGH_UPDATE_F_ISROUTER		0x8
#define NEIGH_UPDATE_F_ADMIN		0x80000000	/* by the administrator */

#define NEIGH_MAX_ADDR	16	/* protocol address bytes (IPv6) */
#define NEIGH_MAX_HA	8	/* link-layer address bytes */

/*
 * Per-interface parameters (/proc/sys/net/ipv4/neigh/<dev>/), Linux's
 * defaults in brackets; times in milliseconds.
 */
struct neigh_parms {
	int base_reachable_time_ms;	/* [30000] */
	int retrans_time_ms;		/* [1000] */
	int delay_probe_time_ms;	/* [5000] delay_first_probe_time */
	int gc_stale_time_ms;		/* [60000] */
	int ucast_probes;		/* [3] ucast_solicit */
	int app_probes;			/* [0] app_solicit (no arpd: never used) */
	int mcast_probes;		/* [3] mcast_solicit */
	int mcast_reprobes;		/* [0] mcast_resolicit */
	int queue_len_bytes;		/* [212992] unres_qlen_bytes */
	int locktime_ms;		/* [1000] */
	int proxy_qlen;			/* [64] */
	int anycast_delay_ms;		/* [1000] */
	int proxy_delay_ms;		/* [800] */
	int interval_probe_time_ms;	/* [5000] */
	uint64_t reachable_time;	/* ns, drawn from [base/2, 3 base/2) */
};

struct neigh_ops {
	/* Send a probe for n (broadcast or unicast per n->probes); trigger
	 * is the packet that caused it (borrowed, may be NULL). */
	void (*solicit)(struct neighbour *n, struct pkt *trigger);
	/* n failed while p waited for it: report (ICMP unreachable), consume p. */
	void (*error_report)(struct neighbour *n, struct pkt *p);
	/* Send p to n->ha (prepend the link header, transmit); consumes p. */
	void (*output)(struct neighbour *n, struct pkt *p);
	/* The entry changed (RTM_NEWNEIGH) or is going away (RTM_DELNEIGH). */
	void (*notify)(struct neighbour *n, int type);
	/* The parameters for an interface. */
	struct neigh_parms *(*parms_of)(struct net_if *dev);
};

struct neigh_stats {
	uint64_t allocs, destroys, lookups, hits, res_failed;
	uint64_t unres_discards, table_fulls, forced_gc_runs, periodic_gc_runs;
};

#define NEIGH_HASH_SIZE	256

struct neigh_table {
	int family;			/* AF_INET, AF_INET6 */
	unsigned int key_len;		/* 4 or 16 */
	unsigned int ha_len;		/* link-layer address bytes (6) */
	const struct neigh_ops *ops;
	struct net_timer_base *timers;
	struct net_rng *rng;
	void *owner;			/* the stack */
	struct list_head hash[NEIGH_HASH_SIZE];
	unsigned int entries;
	int gc_thresh1, gc_thresh2, gc_thresh3;	/* [128 512 1024] */
	int gc_interval_ms;		/* [30000] */
	uint64_t last_flush, last_rand;
	struct net_timer gc_timer;
	struct neigh_stats stats;
};

struct neighbour {
	struct list_head hash_node;
	struct neigh_table *tbl;
	struct net_if *dev;
	struct neigh_parms *parms;
	uint8_t key[NEIGH_MAX_ADDR];
	uint8_t ha[NEIGH_MAX_HA];	/* valid when state & NUD_VALID */
	uint16_t state;			/* NUD_* */
	uint8_t flags;			/* NTF_* */
	uint8_t protocol;		/* NDA_PROTOCOL, 0 if unset */
	bool dead;
	int probes;
	uint64_t confirmed, updated, used, created;
	struct net_timer timer;
	struct pkt_queue queue;		/* waiting for resolution */
};

/*
 * neigh_table_init prepares tbl for family with key_len-byte keys, timers
 * in timers, randomness from rng; now starts the GC clock.
 */
void neigh_table_init(struct neigh_table *tbl, int family, unsigned int key_len,
		      const struct neigh_ops *ops, struct net_timer_base *timers,
		      struct net_rng *rng, void *owner, uint64_t now);
/* neigh_table_destroy frees every entry (queued packets are dropped). */
void neigh_table_destroy(struct neigh_table *tbl);
/* neigh_parms_init sets Linux's defaults and draws a reachable time. */
void neigh_parms_init(struct neigh_parms *p, struct net_rng *rng);
/* neigh_rand_reach_time draws a reachable time for base (ms) in ns. */
uint64_t neigh_rand_reach_time(struct net_rng *rng, int base_ms);

/* neigh_lookup finds the entry for key on dev, or NULL. */
struct neighbour *neigh_lookup(struct neigh_table *tbl, struct net_if *dev, const void *key);
/* neigh_create returns the entry for key on dev, creating it (NUD_NONE) if
 * needed; NULL when the table is full even after forced GC, or no memory. */
struct neighbour *neigh_create(struct neigh_table *tbl, struct net_if *dev, const void *key,
			       uint64_t now);

/*
 * neigh_resolve_output sends p (its network header at p->data) to the
 * neighbour key on dev: at once if the link address is known, else after
 * resolution. Consumes p. 0, or -ENOBUFS (table full: p dropped) or
 * -EHOSTUNREACH (no probes configured: p reported as failed).
 */
int neigh_resolve_output(struct neigh_table *tbl, struct net_if *dev, const void *key,
			 struct pkt *p, uint64_t now);

/*
 * neigh_update moves n to state new with link address lladdr (NULL: keep
 * the known one), under Linux's rules for flags. Queued packets are sent
 * when n becomes valid. 0, -EPERM (a static entry and not ADMIN),
 * -EINVAL (no address known or given).
 */
int neigh_update(struct neighbour *n, const uint8_t *lladdr, uint16_t new, uint32_t flags,
		 uint64_t now);
/* neigh_event_ns: a solicitation from key/lladdr reached us: create or refresh as STALE. */
struct neighbour *neigh_event_ns(struct neigh_table *tbl, struct net_if *dev, const void *key,
				 const uint8_t *lladdr, uint64_t now);
/* neigh_confirm: an upper layer saw forward progress with key (TCP ACKs, MSG_CONFIRM). */
void neigh_confirm(struct neigh_table *tbl, struct net_if *dev, const void *key, uint64_t now);

/*
 * Administration (RTM_NEWNEIGH, SIOCSARP): neigh_admin_set creates or
 * changes the entry as `ip neigh add/replace/change` does (nlflags are
 * NLM_F_CREATE/EXCL/REPLACE); state is a NUD_* value; 0, -EEXIST,
 * -ENOENT, -EINVAL, -ENOBUFS. neigh_admin_del removes it (-ENOENT).
 */
int neigh_admin_set(struct neigh_table *tbl, struct net_if *dev, const void *key,
		    const uint8_t *lladdr, uint16_t state, uint8_t ntf_flags,
		    unsigned int nlflags, uint64_t now);
int neigh_admin_del(struct neigh_table *tbl, struct net_if *dev, const void *key, uint64_t now);

/* neigh_ifdown drops every entry of dev (or of every device if dev is NULL). */
void neigh_ifdown(struct neigh_table *tbl, struct net_if *dev);
/* neigh_changeaddr drops dev's entries except static ones (its MAC changed). */
void neigh_changeaddr(struct neigh_table *tbl, struct net_if *dev);
/* neigh_for_each calls fn for every entry; fn must not add or remove entries. */
void neigh_for_each(struct neigh_table *tbl, void (*fn)(struct neighbour *, void *), void *arg);
/* neigh_state_name: "REACHABLE" etc. as ip neigh prints them. */
const char *neigh_state_name(uint16_t state);

#endif /* KERNEL_NET_NEIGHBOUR_H */
