// SPDX-License-Identifier: GPL-2.0-only
/*
 * The forwarding database of the switch: which port each source MAC
 * address was last seen on, and when. An entry lives `age` ms after the
 * last frame from its address (uml_switch: 100 s); an expired entry is
 * never returned, even before a sweep removes it, so ageing is exact to
 * the millisecond whatever the sweep period. A MAC seen on another port
 * moves there at once. The table holds at most `max` entries, so a client
 * that sends from random addresses cannot make the switch grow without
 * bound: when it is full, new addresses are not learned and frames to them
 * are flooded, as on a hardware switch.
 *
 * Pure: time is passed in, ports are opaque pointers. Chained hashing on
 * the low bytes of the address (the NIC-specific part varies most).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uml_switch.h"

static unsigned int
fdb_hash(const struct fdb *t, const uint8_t *mac)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	int i;

	for (i = 0; i < SWITCH_ETH_ALEN; i++)
		h = (h ^ mac[i]) * 16777619u;
	return h & (t->nbuckets - 1);
}

static bool
expired(const struct fdb *t, const struct fdb_entry *e, uint64_t now)
{
	return now - e->seen >= t->age;
}

int
fdb_init(struct fdb *t, unsigned int nbuckets, unsigned int max, uint64_t age)
{
	unsigned int n = 1;

	while (n < nbuckets)
		n <<= 1;
	t->bucket = calloc(n, sizeof(*t->bucket));
	if (!t->bucket)
		return -ENOMEM;
	t->nbuckets = n;
	t->count = 0;
	t->max = max;
	t->age = age;
	return 0;
}

void
fdb_destroy(struct fdb *t)
{
	struct fdb_entry *e, *next;
	unsigned int i;

	for (i = 0; i < t->nbuckets; i++) {
		for (e = t->bucket[i]; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(t->bucket);
	t->bucket = NULL;
	t->count = 0;
}

/* find returns the link that points at mac's entry (or at the chain's end). */
static struct fdb_entry **
find(struct fdb *t, const uint8_t *mac)
{
	struct fdb_entry **pp = &t->bucket[fdb_hash(t, mac)];

	while (*pp && memcmp((*pp)->mac, mac, SWITCH_ETH_ALEN) != 0)
		pp = &(*pp)->next;
	return pp;
}

enum fdb_learned
fdb_learn(struct fdb *t, const uint8_t *mac, void *port, uint64_t now, void **old)
{
	struct fdb_entry **pp = find(t, mac), *e = *pp;

	*old = NULL;
	if (e) {
		bool was_live = !expired(t, e, now);

		e->seen = now;
		if (e->port == port)
			return was_live ? FDB_REFRESHED : FDB_NEW;
		*old = was_live ? e->port : NULL;
		e->port = port;
		return was_live ? FDB_MOVED : FDB_NEW;
	}
	if (t->count >= t->max) {
		fdb_expire(t, now);
		if (t->count >= t->max)
			return FDB_FULL;
		pp = find(t, mac);
	}
	e = malloc(sizeof(*e));
	if (!e)
		return FDB_FULL;
	memcpy(e->mac, mac, SWITCH_ETH_ALEN);
	e->port = port;
	e->seen = now;
	e->next = NULL;
	*pp = e;
	t->count++;
	return FDB_NEW;
}

void *
fdb_lookup(struct fdb *t, const uint8_t *mac, uint64_t now)
{
	struct fdb_entry *e = *find(t, mac);

	if (!e || expired(t, e, now))
		return NULL;
	return e->port;
}

/* drop_if removes every entry for which gone() says so. */
static unsigned int
drop_if(struct fdb *t, bool (*gone)(const struct fdb *, const struct fdb_entry *,
				    const void *), const void *arg)
{
	struct fdb_entry **pp, *e;
	unsigned int i, n = 0;

	for (i = 0; i < t->nbuckets; i++) {
		pp = &t->bucket[i];
		while ((e = *pp)) {
			if (gone(t, e, arg)) {
				*pp = e->next;
				free(e);
				n++;
			} else {
				pp = &e->next;
			}
		}
	}
	t->count -= n;
	return n;
}

static bool
gone_expired(const struct fdb *t, const struct fdb_entry *e, const void *now)
{
	return expired(t, e, *(const uint64_t *)now);
}

static bool
gone_port(const struct fdb *t, const struct fdb_entry *e, const void *port)
{
	(void)t;
	return e->port == port;
}

unsigned int
fdb_expire(struct fdb *t, uint64_t now)
{
	return drop_if(t, gone_expired, &now);
}

unsigned int
fdb_forget_port(struct fdb *t, const void *port)
{
	return drop_if(t, gone_port, port);
}
