// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4 routing tables (include/kernel/net/route.h): storage, Linux's
 * validation of new routes (fib_create_info, fib_check_nh), insertion
 * order and longest-prefix lookup.
 *
 * Storage: each table keeps one list per prefix length and a bit mask
 * of the non-empty lengths, so a lookup visits at most 33 short lists,
 * longest first. That is plenty for a guest's handful of routes (a
 * router in a lab has tens); a trie would only pay off with thousands.
 *
 * Order within a list (Linux's fib_find_alias): by prefix, then TOS
 * descending, then metric ascending; a new route goes before the routes
 * with the same TOS and metric (it wins), or after them with
 * NLM_F_APPEND.
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/route.h"
#include "uapi/netlink.h"

/* The narrowest scope each route type allows and its lookup error (Linux's fib_props). */
static const struct {
	int error;
	uint8_t scope;
} fib_props[RTN_MAX + 1] = {
	[RTN_UNSPEC] = { 0, RT_SCOPE_NOWHERE },
	[RTN_UNICAST] = { 0, RT_SCOPE_UNIVERSE },
	[RTN_LOCAL] = { 0, RT_SCOPE_HOST },
	[RTN_BROADCAST] = { 0, RT_SCOPE_LINK },
	[RTN_ANYCAST] = { 0, RT_SCOPE_LINK },
	[RTN_MULTICAST] = { 0, RT_SCOPE_UNIVERSE },
	[RTN_BLACKHOLE] = { -EINVAL, RT_SCOPE_UNIVERSE },
	[RTN_UNREACHABLE] = { -EHOSTUNREACH, RT_SCOPE_UNIVERSE },
	[RTN_PROHIBIT] = { -EACCES, RT_SCOPE_UNIVERSE },
	[RTN_THROW] = { -EAGAIN, RT_SCOPE_UNIVERSE },
	[RTN_NAT] = { -EINVAL, RT_SCOPE_NOWHERE },
	[RTN_XRESOLVE] = { -EINVAL, RT_SCOPE_NOWHERE },
};

struct fib_table *
fib_get_table(struct inet_stack *stack, uint32_t id, bool create)
{
	struct fib_table *t;
	struct list_head *pos = &stack->fib_tables;

	list_for_each_entry(t, &stack->fib_tables, node) {
		if (t->id == id)
			return t;
		if (t->id < id)
			pos = &t->node;
	}
	if (!create)
		return NULL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	t->id = id;
	for (int i = 0; i <= 32; i++)
		list_init(&t->by_len[i]);
	/* Keep the list sorted by id: insert after the last smaller one. */
	list_add(&t->node, pos);
	return t;
}

int
fib_init(struct inet_stack *stack)
{
	list_init(&stack->fib_tables);
	stack->fib_local = fib_get_table(stack, RT_TABLE_LOCAL, true);
	stack->fib_main = fib_get_table(stack, RT_TABLE_MAIN, true);
	return stack->fib_local && stack->fib_main ? 0 : -ENOMEM;
}

static void
notify(struct inet_stack *stack, int type, struct fib_route *r)
{
	if (stack->ops && stack->ops->notify)
		stack->ops->notify(stack, type, r, r->dev);
}

static void
route_unlink(struct fib_route *r)
{
	struct fib_table *t = r->table;

	list_del(&r->node);
	t->count--;
	if (list_empty(&t->by_len[r->dst_len]))
		t->lens &= ~(1ULL << r->dst_len);
}

static void
route_remove(struct inet_stack *stack, struct fib_route *r)
{
	notify(stack, RTM_DELROUTE, r);
	route_unlink(r);
	kfree(r);
}

void
fib_destroy(struct inet_stack *stack)
{
	struct fib_table *t, *tt;
	struct fib_route *r, *rr;

	list_for_each_entry_safe(t, tt, &stack->fib_tables, node) {
		for (int i = 0; i <= 32; i++)
			list_for_each_entry_safe(r, rr, &t->by_len[i], node)
				kfree(r);
		list_del(&t->node);
		kfree(t);
	}
	stack->fib_local = stack->fib_main = NULL;
}

static bool
nh_usable(const struct fib_route *r, const struct fib_lookup_key *key)
{
	if (r->nh_flags & RTNH_F_DEAD)
		return false;
	if (!key->ignore_linkstate && (r->nh_flags & RTNH_F_LINKDOWN) && r->dev &&
	    in_dev_ignore_linkdown(r->dev))
		return false;
	if (key->oif && (!r->dev || r->dev->ifindex != key->oif))
		return false;
	return true;
}

int
fib_table_lookup(struct fib_table *t, const struct fib_lookup_key *key, struct fib_route **res)
{
	for (int len = 32; len >= 0; len--) {
		struct fib_route *r;
		uint32_t mask = inet_make_mask((unsigned int)len);

		if (!(t->lens & (1ULL << len)))
			continue;
		list_for_each_entry(r, &t->by_len[len], node) {
			if (r->dst != (key->daddr & mask))
				continue;
			if (r->tos && r->tos != key->tos)
				continue;
			if (r->scope < key->scope)
				continue;
			if (fib_props[r->type].error) {
				*res = r;
				return fib_props[r->type].error;
			}
			if (!nh_usable(r, key))
				continue;
			*res = r;
			return 0;
		}
	}
	return -EAGAIN;
}

int
fib_lookup(struct inet_stack *stack, const struct fib_lookup_key *key, struct fib_route **res)
{
	struct fib_table *t;
	int err;

	/* Linux's default rules: local (0), main (32766), default (32767). */
	err = fib_table_lookup(stack->fib_local, key, res);
	if (err != -EAGAIN)
		return err;
	err = fib_table_lookup(stack->fib_main, key, res);
	if (err != -EAGAIN)
		return err;
	t = fib_get_table(stack, RT_TABLE_DEFAULT, false);
	if (t) {
		err = fib_table_lookup(t, key, res);
		if (err != -EAGAIN)
			return err;
	}
	return -ENETUNREACH;
}

int
inet_addr_type(struct inet_stack *stack, uint32_t addr)
{
	struct fib_lookup_key key = { .daddr = addr, .ignore_linkstate = true };
	struct fib_route *r;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	if (fib_table_lookup(stack->fib_local, &key, &r) == 0 && r->type != RTN_UNICAST)
		return r->type;
	return RTN_UNICAST;
}

/* Is prefsrc one of our addresses, as Linux's fib_valid_prefsrc asks? */
static bool
valid_prefsrc(struct inet_stack *stack, const struct fib_config *cfg)
{
	struct fib_lookup_key key = { .daddr = cfg->prefsrc, .ignore_linkstate = true };
	struct fib_route *r;

	if (cfg->type == RTN_LOCAL && cfg->dst && cfg->prefsrc == cfg->dst)
		return true;
	return fib_table_lookup(stack->fib_local, &key, &r) == 0 && r->type == RTN_LOCAL;
}

/* The nexthop checks of Linux's fib_check_nh(); fills r->dev, nh_scope, flags. */
static int
check_nh(struct inet_stack *stack, const struct fib_config *cfg, struct fib_route *r)
{
	struct net_if *dev = NULL;
	struct fib_route *res;
	int err;

	if (cfg->oif) {
		dev = inet_if_by_index(stack, cfg->oif);
		if (!dev)
			return -ENODEV;
	}
	if (!cfg->gw) {
		if (cfg->nh_flags & RTNH_F_ONLINK)
			return -EINVAL;
		if (!dev)
			return -ENODEV;
		if (!(dev->flags & IFF_UP))
			return -ENETDOWN;
		r->dev = dev;
		r->nh_scope = RT_SCOPE_HOST;
		goto carrier;
	}
	if (cfg->nh_flags & RTNH_F_ONLINK) {
		if (cfg->scope >= RT_SCOPE_LINK)
			return -EINVAL;
		if (!dev)
			return -ENODEV;
		if (!(dev->flags & IFF_UP))
			return -ENETDOWN;
		if (inet_addr_type(stack, cfg->gw) != RTN_UNICAST)
			return -EINVAL;
		r->dev = dev;
		r->nh_scope = RT_SCOPE_LINK;
		goto carrier;
	}
	{
		struct fib_lookup_key key = {
			.daddr = cfg->gw,
			.scope = cfg->scope + 1 < RT_SCOPE_LINK ? RT_SCOPE_LINK : cfg->scope + 1,
			.oif = cfg->oif,
			.ignore_linkstate = true,
		};
		struct fib_table *t = NULL;

		err = -EAGAIN;
		if (cfg->table && cfg->table != RT_TABLE_MAIN)
			t = fib_get_table(stack, cfg->table, false);
		if (t)
			err = fib_table_lookup(t, &key, &res);
		if (!t || err)
			err = fib_lookup(stack, &key, &res);
		if (err)
			return err;
	}
	if (res->type != RTN_UNICAST && res->type != RTN_LOCAL)
		return -EINVAL;
	r->nh_scope = res->scope;
	r->dev = res->dev;
	if (!r->dev)
		return -EINVAL;
	if (!(r->dev->flags & IFF_UP))
		return -ENETDOWN;
carrier:
	if (!(r->dev->flags & IFF_RUNNING))
		r->nh_flags |= RTNH_F_LINKDOWN;
	return 0;
}

/* Same type, nexthop and attributes: Linux would share one fib_info. */
static bool
route_same(const struct fib_route *a, const struct fib_route *b)
{
	return a->type == b->type && a->scope == b->scope && a->protocol == b->protocol &&
	       a->prefsrc == b->prefsrc && a->gw == b->gw && a->dev == b->dev &&
	       (a->nh_flags & RTNH_F_ONLINK) == (b->nh_flags & RTNH_F_ONLINK) &&
	       !memcmp(a->metrics, b->metrics, sizeof(a->metrics));
}

static int
build_route(struct inet_stack *stack, const struct fib_config *cfg, struct fib_route *r)
{
	int err;

	if (cfg->dst_len > 32 || (cfg->dst & ~inet_make_mask(cfg->dst_len)))
		return -EINVAL;
	if (cfg->type > RTN_MAX || cfg->scope > RT_SCOPE_HOST ||
	    fib_props[cfg->type].scope > cfg->scope)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->dst = cfg->dst;
	r->dst_len = cfg->dst_len;
	r->tos = cfg->tos;
	r->type = cfg->type;
	r->scope = cfg->scope;
	r->protocol = cfg->protocol;
	r->priority = cfg->priority;
	r->prefsrc = cfg->prefsrc;
	r->gw = cfg->gw;
	r->nh_flags = cfg->nh_flags & RTNH_F_ONLINK;
	memcpy(r->metrics, cfg->metrics, sizeof(r->metrics));
	if (fib_props[cfg->type].error) {
		/* blackhole, unreachable, prohibit, throw: no nexthop at all */
		if (cfg->gw || cfg->oif)
			return -EINVAL;
		return 0;
	}
	if (cfg->scope == RT_SCOPE_HOST) {
		if (cfg->gw)
			return -EINVAL;
		r->dev = inet_if_by_index(stack, cfg->oif);
		if (!r->dev)
			return -ENODEV;
		r->nh_scope = RT_SCOPE_NOWHERE;
	} else {
		err = check_nh(stack, cfg, r);
		if (err)
			return err;
	}
	if (cfg->prefsrc && !valid_prefsrc(stack, cfg))
		return -EINVAL;
	return 0;
}

int
fib_route_add(struct inet_stack *stack, const struct fib_config *cfg)
{
	struct fib_table *t = fib_get_table(stack, cfg->table ? cfg->table : RT_TABLE_MAIN, true);
	struct fib_route new, *r, *first = NULL, *match = NULL, *before = NULL;
	struct list_head *list;
	int err;

	if (!t)
		return -ENOMEM;
	err = build_route(stack, cfg, &new);
	if (err)
		return err;
	list = &t->by_len[cfg->dst_len];
	/* The first route with our prefix, TOS and metric, or where to insert. */
	list_for_each_entry(r, list, node) {
		if (r->dst != new.dst)
			continue;
		if (r->tos > new.tos)
			continue;
		if (r->tos == new.tos && r->priority < new.priority)
			continue;
		if (r->tos == new.tos && r->priority == new.priority)
			first = r;
		else
			before = r;
		break;
	}
	if (first) {
		if (cfg->nlflags & NLM_F_EXCL)
			return -EEXIST;
		/* Walk the group of equal TOS and metric: an identical route?
		 * and where does the group end? */
		before = NULL;
		for (r = first; &r->node != list;
		     r = list_entry(r->node.next, struct fib_route, node)) {
			if (r->dst != new.dst)
				continue;
			if (r->tos != new.tos || r->priority != new.priority) {
				before = r;
				break;
			}
			if (route_same(r, &new)) {
				match = r;
				break;
			}
		}
		if (cfg->nlflags & NLM_F_REPLACE) {
			struct list_head keep = first->node;

			if (match)
				return match == first ? 0 : -EEXIST;
			notify(stack, RTM_DELROUTE, first);
			memcpy(first, &new, sizeof(new));
			first->node = keep;
			first->table = t;
			notify(stack, RTM_NEWROUTE, first);
			return 0;
		}
		if (match)
			return -EEXIST;
		if (!(cfg->nlflags & NLM_F_APPEND))
			before = first;
	}
	if (!(cfg->nlflags & NLM_F_CREATE))
		return -ENOENT;
	r = kmalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	memcpy(r, &new, sizeof(*r));
	r->table = t;
	if (before)
		list_add_tail(&r->node, &before->node);	/* just before it */
	else
		list_add_tail(&r->node, list);
	t->count++;
	t->lens |= 1ULL << cfg->dst_len;
	notify(stack, RTM_NEWROUTE, r);
	return 0;
}

int
fib_route_del(struct inet_stack *stack, const struct fib_config *cfg)
{
	struct fib_table *t = fib_get_table(stack, cfg->table ? cfg->table : RT_TABLE_MAIN, false);
	struct fib_route *r;

	if (!t || cfg->dst_len > 32)
		return -ESRCH;
	list_for_each_entry(r, &t->by_len[cfg->dst_len], node) {
		if (r->dst != cfg->dst || r->tos != cfg->tos)
			continue;
		if (cfg->type && r->type != cfg->type)
			continue;
		if (cfg->scope != RT_SCOPE_NOWHERE && r->scope != cfg->scope)
			continue;
		if (cfg->prefsrc && r->prefsrc != cfg->prefsrc)
			continue;
		if (cfg->protocol && r->protocol != cfg->protocol)
			continue;
		if (cfg->priority && r->priority != cfg->priority)
			continue;
		if (cfg->oif && (!r->dev || r->dev->ifindex != cfg->oif))
			continue;
		if (cfg->gw && r->gw != cfg->gw)
			continue;
		route_remove(stack, r);
		return 0;
	}
	return -ESRCH;
}

void
fib_flush_dev(struct inet_stack *stack, struct net_if *dev)
{
	struct fib_table *t;
	struct fib_route *r, *rr;

	list_for_each_entry(t, &stack->fib_tables, node)
		for (int i = 0; i <= 32; i++)
			list_for_each_entry_safe(r, rr, &t->by_len[i], node)
				if (r->dev == dev)
					route_remove(stack, r);
}

void
fib_sync_carrier(struct inet_stack *stack, struct net_if *dev, bool up)
{
	struct fib_table *t;
	struct fib_route *r;

	list_for_each_entry(t, &stack->fib_tables, node) {
		for (int i = 0; i <= 32; i++) {
			list_for_each_entry(r, &t->by_len[i], node) {
				if (r->dev != dev || r->type == RTN_LOCAL)
					continue;
				if (up)
					r->nh_flags &= ~RTNH_F_LINKDOWN;
				else
					r->nh_flags |= RTNH_F_LINKDOWN;
			}
		}
	}
}

void
fib_for_each(struct inet_stack *stack, void (*fn)(struct fib_route *, void *), void *arg)
{
	struct fib_table *t;
	struct fib_route *r;

	list_for_each_entry(t, &stack->fib_tables, node)
		for (int i = 32; i >= 0; i--)
			list_for_each_entry(r, &t->by_len[i], node)
				fn(r, arg);
}
