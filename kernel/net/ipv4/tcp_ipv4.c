// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP over IPv4: the socket tables, demultiplexing of arriving
 * segments, the listener's SYN queue and handshake completion, TIME_WAIT,
 * resets for segments nobody wants, ICMP errors, ISNs (RFC 6528).
 * See tcp_impl.h for the other files.
 *
 * Tables: the bind hash lists every socket that owns a local port
 * (listeners, connections, TIME_WAIT), by port; the established hash
 * finds a connection by its 4-tuple; the request hash finds a pending
 * handshake. A socket leaves them in tcp_done(); its memory goes in
 * tcp_maybe_free() once it is both closed and given up by the guest.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/checksum.h"
#include "kernel/net/icmp.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "tcp_impl.h"
#include "uapi/icmp.h"
#include "uapi/if_packet.h"
#include "uapi/in.h"
#include "uapi/socket.h"

const char *const tcpext_names[TCPEXT_MAX] = {
	"ListenOverflows", "ListenDrops", "TCPChallengeACK", "TCPSYNChallenge", "PAWSEstab",
	"TCPAbortOnData", "TCPAbortOnClose", "TCPAbortOnTimeout", "TCPSackRecovery",
	"TCPRenoRecovery", "TCPTimeouts", "TCPDSACKRecv", "TCPDSACKOldSent", "TCPFastRetrans",
	"TCPLossProbes", "DelayedACKs", "TCPOFOQueue", "TCPOFODrop", "TW", "TWRecycled",
	"TCPKeepAlive", "OutOfWindowIcmps", "TCPZeroWindowDrop", "TCPWinProbe", "TCPRcvQDrop",
	"TCPTimeWaitOverflow",
};

static void
sysctl_defaults(struct tcp_sysctl *s)
{
	s->syn_retries = 6;
	s->synack_retries = 5;
	s->retries1 = 3;
	s->retries2 = 15;
	s->orphan_retries = 0;
	s->fin_timeout = 60;
	s->keepalive_time = 7200;
	s->keepalive_intvl = 75;
	s->keepalive_probes = 9;
	s->sack = 1;
	s->dsack = 1;
	s->timestamps = 1;
	s->window_scaling = 1;
	s->max_syn_backlog = 1024;
	s->syncookies = 1;
	s->rmem[0] = 4096;
	s->rmem[1] = 131072;
	s->rmem[2] = 6291456;
	s->wmem[0] = 4096;
	s->wmem[1] = 16384;
	s->wmem[2] = 4194304;
	s->moderate_rcvbuf = 1;
	s->reordering = 3;
	s->abort_on_overflow = 0;
	s->rfc1337 = 0;
	s->tw_reuse = 2;
	s->max_tw_buckets = 262144;
	s->challenge_ack_limit = 1000;
	s->min_snd_mss = 48;
	s->base_mss = 1024;
	s->mtu_probing = 0;
	s->slow_start_after_idle = 1;
	s->no_metrics_save = 0;
	s->notsent_lowat = -1;
	s->invalid_ratelimit = 500;
	s->somaxconn = 4096;
}

int
tcp_init(struct inet_stack *stack)
{
	struct tcp_table *t = kzalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (int i = 0; i < TCP_BHASH; i++)
		list_init(&t->bhash[i]);
	for (int i = 0; i < TCP_EHASH; i++) {
		list_init(&t->ehash[i]);
		list_init(&t->rhash[i]);
	}
	sysctl_defaults(&t->sysctl);
	stack->tcp = t;
	stack->tcp_rcv = tcp_v4_rcv;
	stack->tcp_err = tcp_v4_err;
	return 0;
}

static void free_sock(struct tcp_sock *tp);
static void req_free(struct tcp_request *req);

void
tcp_destroy(struct inet_stack *stack)
{
	struct tcp_table *t = stack->tcp;
	struct tcp_sock *tp, *tmp;
	struct tcp_request *r, *rt;

	if (!t)
		return;
	for (int i = 0; i < TCP_EHASH; i++)
		list_for_each_entry_safe(r, rt, &t->rhash[i], hnode)
			req_free(r);
	/* What is left belongs to nobody now: the guest closed its sockets. */
	for (int i = 0; i < TCP_BHASH; i++) {
		list_for_each_entry_safe(tp, tmp, &t->bhash[i], bnode) {
			tcp_clear_timers(tp);
			list_del(&tp->bnode);
			tp->bhashed = false;
			if (tp->ehashed) {
				list_del(&tp->enode);
				tp->ehashed = false;
			}
			if (tp->orphan)
				free_sock(tp);
		}
	}
	for (int i = 0; i < TCP_EHASH; i++) {
		list_for_each_entry_safe(tp, tmp, &t->ehash[i], enode) {
			tcp_clear_timers(tp);
			list_del(&tp->enode);
			tp->ehashed = false;
			if (tp->orphan)
				free_sock(tp);
		}
	}
	kfree(t);
	stack->tcp = NULL;
	stack->tcp_rcv = NULL;
	stack->tcp_err = NULL;
}

struct tcp_sysctl *
tcp_sysctls(struct inet_stack *stack)
{
	return &stack->tcp->sysctl;
}

uint64_t *
tcp_ext_stats(struct inet_stack *stack)
{
	return stack->tcp->ext;
}

/* ---- rings ---- */

void
tcp_ring_free(struct tcp_ring *r)
{
	kfree(r->buf);
	memset(r, 0, sizeof(*r));
}

int
tcp_ring_resize(struct tcp_ring *r, uint32_t size)
{
	uint8_t *nb;
	uint32_t first;

	if (size == r->size)
		return 0;
	nb = kmalloc(size ? size : 1);
	if (!nb)
		return -ENOMEM;
	if (r->buf && r->size) {
		/* Keep everything from head on (the caller ensures it fits). */
		uint32_t keep = r->size < size ? r->size : size;

		first = r->size - r->head;
		if (first > keep)
			first = keep;
		memcpy(nb, r->buf + r->head, first);
		if (keep > first)
			memcpy(nb + first, r->buf, keep - first);
	}
	kfree(r->buf);
	r->buf = nb;
	r->size = size;
	r->head = 0;
	return 0;
}

/* ---- state and lifetime ---- */

static unsigned int
ehashfn(struct inet_stack *stack, uint32_t laddr, uint16_t lport, uint32_t raddr,
	uint16_t rport)
{
	uint32_t key[3] = { laddr, raddr, (uint32_t)lport << 16 | rport };

	return (unsigned int)siphash(&stack->hash_key, key, sizeof(key)) & (TCP_EHASH - 1);
}

static struct list_head *
bhead(struct inet_stack *stack, uint16_t port)
{
	return &stack->tcp->bhash[port & (TCP_BHASH - 1)];
}

void
tcp_set_state(struct tcp_sock *tp, int state)
{
	struct inet_stack *stack = tp->inet.stack;
	int old = tp->inet.state;

	if (old == state)
		return;
	if (state == TCP_ESTABLISHED)
		stack->tcp->curr_estab++;
	else if (old == TCP_ESTABLISHED)
		stack->tcp->curr_estab--;
	if (old == TCP_ESTABLISHED || old == TCP_CLOSE_WAIT) {
		if (state == TCP_CLOSE)
			TCP_INC(stack, EstabResets);
	}
	if (old == TCP_TIME_WAIT)
		stack->tcp->tw--;
	if (state == TCP_TIME_WAIT)
		stack->tcp->tw++;
	tp->inet.state = (uint8_t)state;
}

void
tcp_hash_established(struct tcp_sock *tp)
{
	struct inet_sock *sk = &tp->inet;

	if (tp->ehashed)
		list_del(&tp->enode);
	list_add(&tp->enode,
		 &sk->stack->tcp->ehash[ehashfn(sk->stack, sk->rcv_saddr, sk->num, sk->daddr,
						 sk->dport)]);
	tp->ehashed = true;
}

static void
bhash_add(struct tcp_sock *tp)
{
	if (!tp->bhashed) {
		list_add(&tp->bnode, bhead(tp->inet.stack, tp->inet.num));
		tp->bhashed = true;
	}
}

void
tcp_unhash(struct tcp_sock *tp)
{
	if (tp->ehashed) {
		list_del(&tp->enode);
		tp->ehashed = false;
	}
	if (tp->bhashed) {
		list_del(&tp->bnode);
		tp->bhashed = false;
	}
}

static void
free_sock(struct tcp_sock *tp)
{
	struct tcp_table *t = tcp_tab(tp);

	tcp_ring_free(&tp->snd);
	tcp_ring_free(&tp->rcv);
	pkt_queue_purge(&tp->inet.rcvq);
	pkt_queue_purge(&tp->inet.errq);
	if (tp->orphan && t->orphans)
		t->orphans--;
	t->inuse--;
	kfree(tp);
}

static void
abort_children(struct tcp_sock *tp)
{
	struct tcp_sock *c, *ct;
	struct tcp_request *r, *rt;

	list_for_each_entry_safe(r, rt, &tp->syn_q, node)
		req_free(r);
	list_for_each_entry_safe(c, ct, &tp->accept_q, child_node) {
		list_del(&c->child_node);
		c->parent = NULL;
		tp->accept_len--;
		/* Never accepted: Linux resets them (inet_csk_listen_stop). */
		c->orphan = true;
		tcp_tab(c)->orphans++;
		c->inet.wake = NULL;
		tcp_send_active_reset(c);
		tcp_done(c);
		tcp_maybe_free(c);
	}
}

void
tcp_done(struct tcp_sock *tp)
{
	if (tp->inet.state == TCP_LISTEN)
		abort_children(tp);
	tcp_set_state(tp, TCP_CLOSE);
	tcp_clear_timers(tp);
	tcp_unhash(tp);
	tp->inet.shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
	inet_sock_wake(&tp->inet, NET_EV_IN | NET_EV_OUT | NET_EV_HUP | NET_EV_ERR);
}

void
tcp_maybe_free(struct tcp_sock *tp)
{
	if (tp->orphan && tp->inet.state == TCP_CLOSE && !tp->parent)
		free_sock(tp);
}

struct tcp_sock *
tcp_sock_alloc(struct inet_stack *stack)
{
	struct tcp_sock *tp = kzalloc(sizeof(*tp));

	if (!tp)
		return NULL;
	inet_sock_init(&tp->inet, stack, SOCK_STREAM, IPPROTO_TCP);
	list_init(&tp->bnode);
	list_init(&tp->enode);
	list_init(&tp->accept_q);
	list_init(&tp->syn_q);
	list_init(&tp->child_node);
	tp->inet.rcvbuf = (unsigned int)stack->tcp->sysctl.rmem[1];
	tp->inet.sndbuf = (unsigned int)stack->tcp->sysctl.wmem[1];
	tp->linger = -1;
	tp->rto = TCP_TIMEOUT_INIT;
	tp->mss_cache = TCP_MSS_DEFAULT;
	tp->rcv_mss = TCP_MSS_DEFAULT;
	tp->advmss = 1460;
	tp->ssthresh = 0x7fffffff;
	tp->ato = TCP_DELACK_MIN;
	tp->notsent_lowat = 0xffffffffU;
	tp->min_rtt_us = UINT64_MAX;
	tcp_init_timers(tp);
	stack->tcp->inuse++;
	return tp;
}

struct tcp_sock *
tcp_sock_new(struct inet_stack *stack)
{
	return tcp_sock_alloc(stack);
}

/* ---- identities ---- */

uint32_t
tcp_isn(struct inet_stack *stack, uint32_t saddr, uint32_t daddr, uint16_t sport,
	uint16_t dport, uint64_t now)
{
	uint32_t key[3] = { saddr, daddr, (uint32_t)sport << 16 | dport };

	/* RFC 6528: a keyed hash of the 4-tuple plus a clock ticking every 64 ns. */
	if (stack->tcp->isn_fixed)
		return stack->tcp->isn_fixed;
	return (uint32_t)siphash(&stack->hash_key, key, sizeof(key)) + (uint32_t)(now >> 6);
}

uint32_t
tcp_ts_off(struct inet_stack *stack, uint32_t saddr, uint32_t daddr)
{
	uint32_t key[3] = { saddr, daddr, 0x7473 };

	return (uint32_t)siphash(&stack->hash_key, key, sizeof(key));
}

int
tcp_route(struct tcp_sock *tp, struct ip_route *rt)
{
	struct inet_sock *sk = &tp->inet;
	struct flowi4 fl = {
		.daddr = sk->daddr,
		.saddr = sk->saddr,
		.oif = sk->bound_dev_if,
		.tos = sk->tos & IPTOS_TOS_MASK,
		.proto = IPPROTO_TCP,
		.freebind = true,	/* the address was checked when bound */
		.scope = sk->dontroute ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
	};

	return ip_route_output(sk->stack, &fl, rt);
}

/* The payload of a full segment for a path MTU (Linux's tcp_sync_mss). */
void
tcp_sync_mss(struct tcp_sock *tp, unsigned int pmtu)
{
	unsigned int mss;

	if (pmtu > IP_MAX_PACKET)
		pmtu = IP_MAX_PACKET;	/* lo's MTU is 65536, an IP packet at most 65535 */
	mss = pmtu - sizeof(struct iphdr) - sizeof(struct tcphdr);

	if (mss > tp->mss_clamp && tp->mss_clamp)
		mss = tp->mss_clamp;
	if (tp->tstamp_ok)
		mss -= 12;
	if (mss < (unsigned int)tcp_sys(tp)->min_snd_mss)
		mss = (unsigned int)tcp_sys(tp)->min_snd_mss;
	tp->pmtu = pmtu;
	tp->mss_cache = (uint16_t)mss;
}

/* ---- resets to segments nobody wants ---- */

void
tcp_send_reset_reply(struct inet_stack *stack, struct pkt *in)
{
	const uint8_t *th = in->data;
	struct ip_hdr_info h;
	struct flowi4 fl = { 0 };
	struct ip_route rt;
	struct ip_send_params prm = { 0 };
	struct pkt *p;
	uint8_t *o, flags = th[13];
	uint32_t seq, ack_seq, len;

	if (flags & TCPHDR_RST)
		return;
	if (((const struct ip_cb *)in->cb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return;
	ip_hdr_parse(in, &h);
	len = in->len - (unsigned int)(th[12] >> 4) * 4;
	if (flags & TCPHDR_ACK) {
		seq = get_be32(th + 8);
		ack_seq = 0;
		flags = TCPHDR_RST;
	} else {
		seq = 0;
		ack_seq = get_be32(th + 4) + len + !!(flags & TCPHDR_SYN) + !!(flags & TCPHDR_FIN);
		flags = TCPHDR_RST | TCPHDR_ACK;
	}
	fl.daddr = h.saddr;
	fl.saddr = h.daddr;
	fl.proto = IPPROTO_TCP;
	fl.freebind = true;
	if (ip_route_output(stack, &fl, &rt))
		return;
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, 20);
	if (!p)
		return;
	o = pkt_put(p, 20);
	memset(o, 0, 20);
	memcpy(o, th + 2, 2);
	memcpy(o + 2, th, 2);
	put_be32(o + 4, seq);
	put_be32(o + 8, ack_seq);
	o[12] = 5 << 4;
	o[13] = flags;
	put_u16(o + 16, csum_tcpudp_magic(rt.saddr, rt.daddr, 20, IPPROTO_TCP,
					  csum_partial(o, 20, 0)));
	pkt_set_transport_header(p);
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = IPPROTO_TCP;
	prm.ttl = -1;
	prm.pmtudisc = IP_PMTUDISC_DO;
	TCP_INC(stack, OutSegs);
	TCP_INC(stack, OutRsts);
	ip_output(stack, p, &rt, &prm);
}

/* ---- lookups ---- */

static struct tcp_sock *
lookup_established(struct inet_stack *stack, uint32_t saddr, uint16_t sport, uint32_t daddr,
		   uint16_t dport)
{
	struct tcp_sock *tp;

	list_for_each_entry(tp, &stack->tcp->ehash[ehashfn(stack, daddr, dport, saddr, sport)],
			    enode) {
		const struct inet_sock *sk = &tp->inet;

		if (sk->num == dport && sk->dport == sport && sk->daddr == saddr &&
		    sk->rcv_saddr == daddr)
			return tp;
	}
	return NULL;
}

static struct tcp_sock *
lookup_listener(struct inet_stack *stack, uint32_t saddr, uint16_t sport, uint32_t daddr,
		uint16_t dport, int dif)
{
	struct tcp_sock *tp, *best = NULL;
	int best_score = 0;

	for (int pass = 0; pass < 2 && !best; pass++) {
		list_for_each_entry(tp, bhead(stack, dport), bnode) {
			const struct inet_sock *sk = &tp->inet;
			int score;

			if (sk->state != TCP_LISTEN || sk->num != dport)
				continue;
			if (pass == 0 ? sk->rcv_saddr != daddr : sk->rcv_saddr != 0)
				continue;
			if (sk->bound_dev_if && sk->bound_dev_if != dif)
				continue;
			score = sk->bound_dev_if ? 3 : 2;
			if (score > best_score) {
				best = tp;
				best_score = score;
			}
		}
	}
	if (best && best->inet.reuseport) {
		/* The SO_REUSEPORT group member the flow hashes to (bind order). */
		struct tcp_sock *m[64];
		unsigned int n = 0;
		uint32_t key[3] = { saddr, daddr, (uint32_t)sport << 16 | dport };

		list_for_each_entry(tp, bhead(stack, dport), bnode)
			if (tp->inet.state == TCP_LISTEN && tp->inet.num == dport &&
			    tp->inet.reuseport && tp->inet.rcv_saddr == best->inet.rcv_saddr &&
			    tp->inet.uid == best->inet.uid && n < 64)
				m[n++] = tp;
		if (n > 1) {
			/* bhash adds at the head: the list is newest first. */
			uint32_t h = (uint32_t)siphash(&stack->hash_key, key, sizeof(key));

			best = m[n - 1 - (((uint64_t)h * n) >> 32)];
		}
	}
	return best;
}

/* ---- the SYN queue ---- */

static unsigned int
rhashfn(struct inet_stack *stack, uint32_t laddr, uint16_t lport, uint32_t raddr,
	uint16_t rport)
{
	return ehashfn(stack, laddr, lport, raddr, rport);
}

static void
req_free(struct tcp_request *req)
{
	struct tcp_sock *l = req->listener;

	net_timer_cancel(&l->inet.stack->timers, &req->timer);
	list_del(&req->node);
	list_del(&req->hnode);
	l->syn_len--;
	tcp_tab(l)->nreq--;
	kfree(req);
}

static struct tcp_request *
lookup_request(struct inet_stack *stack, uint32_t saddr, uint16_t sport, uint32_t daddr,
	       uint16_t dport)
{
	struct tcp_request *r;

	list_for_each_entry(r, &stack->tcp->rhash[rhashfn(stack, daddr, dport, saddr, sport)],
			    hnode)
		if (r->lport == dport && r->rport == sport && r->raddr == saddr && r->laddr == daddr)
			return r;
	return NULL;
}

void
tcp_request_timer(struct net_timer *t, uint64_t now)
{
	struct tcp_request *req = container_of(t, struct tcp_request, timer);
	struct tcp_sock *l = req->listener;
	int max = tcp_sys(l)->synack_retries;

	if (req->retrans >= max) {
		req_free(req);
		return;
	}
	req->retrans++;
	tcp_send_synack(req);
	{
		uint64_t to = TCP_TIMEOUT_INIT << req->retrans;

		net_timer_arm(&l->inet.stack->timers, &req->timer,
			      now + (to > TCP_RTO_MAX ? TCP_RTO_MAX : to));
	}
}

/* The window scale we offer: enough for tcp_rmem[2] (Linux's tcp_select_initial_window). */
static uint8_t
initial_wscale(const struct tcp_sysctl *s)
{
	uint32_t space = (uint32_t)s->rmem[2];
	uint8_t ws = 0;

	while (space > 65535 && ws < TCP_MAX_WSCALE) {
		space >>= 1;
		ws++;
	}
	return ws;
}

void
tcp_rcv_request(struct tcp_sock *l, struct pkt *p, uint32_t isn)
{
	struct inet_stack *stack = l->inet.stack;
	const uint8_t *th = p->data;
	const struct ip_cb *cb = (const struct ip_cb *)p->cb;
	struct tcp_sysctl *s = &stack->tcp->sysctl;
	struct tcp_request *req;
	struct tcp_opts o;
	struct ip_hdr_info h;

	if (cb->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return;
	if (l->accept_len > l->backlog) {
		stack->tcp->ext[TCPEXT_ListenOverflows]++;
		stack->tcp->ext[TCPEXT_ListenDrops]++;
		return;
	}
	if (l->syn_len >= l->backlog || stack->tcp->nreq >= (unsigned int)s->max_syn_backlog * 4) {
		stack->tcp->ext[TCPEXT_ListenDrops]++;
		return;
	}
	ip_hdr_parse(p, &h);
	tcp_parse_options(th, (unsigned int)(th[12] >> 4) * 4, true, &o);
	req = kzalloc(sizeof(*req));
	if (!req) {
		stack->tcp->ext[TCPEXT_ListenDrops]++;
		return;
	}
	req->listener = l;
	req->laddr = h.daddr;
	req->raddr = h.saddr;
	req->lport = get_be16(th + 2);
	req->rport = get_be16(th);
	req->iif = cb->iif;
	req->irs = get_be32(th + 4);
	req->iss = isn ? isn : tcp_isn(stack, h.daddr, h.saddr, req->lport, req->rport, stack->now);
	req->mss = o.saw_mss && o.mss ? o.mss : TCP_MSS_DEFAULT;
	if (l->user_mss && req->mss > l->user_mss)
		req->mss = l->user_mss;
	req->sack_ok = o.sack_ok && s->sack;
	req->tstamp_ok = o.saw_tstamp && s->timestamps;
	req->wscale_ok = o.saw_wscale && s->window_scaling;
	if (req->wscale_ok) {
		req->snd_wscale = o.wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : o.wscale;
		req->rcv_wscale = initial_wscale(s);
	}
	if (req->tstamp_ok) {
		req->ts_recent = o.tsval;
		req->ts_off = tcp_ts_off(stack, h.daddr, h.saddr);
	}
	{
		uint32_t space = l->inet.rcvbuf < 65535u << req->rcv_wscale ?
				 l->inet.rcvbuf : 65535u << req->rcv_wscale;

		req->rcv_wnd = space;
	}
	list_add_tail(&req->node, &l->syn_q);
	list_add(&req->hnode, &stack->tcp->rhash[rhashfn(stack, req->laddr, req->lport,
							  req->raddr, req->rport)]);
	l->syn_len++;
	stack->tcp->nreq++;
	net_timer_init(&req->timer, tcp_request_timer);
	net_timer_arm(&stack->timers, &req->timer, stack->now + TCP_TIMEOUT_INIT);
	tcp_send_synack(req);
}

/* The third segment of a handshake: a child socket, ESTABLISHED, queued for accept. */
static struct tcp_sock *
tcp_create_child(struct tcp_request *req, const struct tcp_opts *o)
{
	struct tcp_sock *l = req->listener, *c;
	struct inet_stack *stack = l->inet.stack;
	struct ip_route rt;

	c = tcp_sock_alloc(stack);
	if (!c)
		return NULL;
	/* Socket options are inherited (Linux's sk_clone_lock). */
	c->inet.reuse = l->inet.reuse;
	c->inet.bound_dev_if = l->inet.bound_dev_if;
	c->inet.uid = l->inet.uid;
	c->inet.tos = l->inet.tos;
	c->inet.uc_ttl = l->inet.uc_ttl;
	c->inet.mark = l->inet.mark;
	c->inet.priority = l->inet.priority;
	c->inet.rcvbuf = l->inet.rcvbuf;
	c->inet.sndbuf = l->inet.sndbuf;
	c->rcv_locked = l->rcv_locked;
	c->snd_locked = l->snd_locked;
	c->nodelay = l->nodelay;
	c->keepopen = l->keepopen;
	c->keepidle = l->keepidle;
	c->keepintvl = l->keepintvl;
	c->keepcnt = l->keepcnt;
	c->linger = l->linger;
	c->linger2 = l->linger2;
	c->user_mss = l->user_mss;
	c->user_timeout = l->user_timeout;
	c->oobinline = l->oobinline;
	c->window_clamp = l->window_clamp;
	c->inet.rcv_saddr = c->inet.saddr = req->laddr;
	c->inet.daddr = req->raddr;
	c->inet.num = req->lport;
	c->inet.dport = req->rport;
	c->iss = req->iss;
	c->snd_una = req->iss;		/* our SYN is acknowledged by the segment at hand */
	c->snd_nxt = c->snd_sml = c->snd_up = req->iss + 1;
	c->write_seq = req->iss + 1;
	c->irs = req->irs;
	c->rcv_nxt = c->copied_seq = c->rcv_wup = req->irs + 1;
	c->sack_ok = req->sack_ok;
	c->tstamp_ok = req->tstamp_ok;
	c->wscale_ok = req->wscale_ok;
	c->snd_wscale = req->snd_wscale;
	c->rcv_wscale = req->rcv_wscale;
	c->ts_recent = req->ts_recent;
	c->ts_recent_stamp = stack->now;
	c->ts_off = req->ts_off;
	c->mss_clamp = req->mss;
	c->inet.inet_id = (uint16_t)net_rng_u32(&stack->rng);
	if (tcp_route(c, &rt)) {
		free_sock(c);
		return NULL;
	}
	c->advmss = (uint16_t)((rt.mtu > IP_MAX_PACKET ? IP_MAX_PACKET : rt.mtu) - 40);
	if (rt.advmss)
		c->advmss = (uint16_t)rt.advmss;
	if (c->user_mss && c->advmss > c->user_mss)
		c->advmss = c->user_mss;
	tcp_sync_mss(c, rt.mtu);
	c->rcv_mss = c->mss_cache;
	tcp_init_buffers_and_window(c);
	tcp_init_cwnd(c);
	c->quick = TCP_MAX_QUICKACKS;
	c->inet.state = TCP_SYN_RECV;
	bhash_add(c);
	tcp_hash_established(c);
	(void)o;
	return c;
}

/* Linux's tcp_check_req: a segment for a pending handshake. Consumes p. */
static void
tcp_check_req(struct tcp_request *req, struct pkt *p)
{
	struct tcp_sock *l = req->listener, *c;
	struct inet_stack *stack = l->inet.stack;
	const uint8_t *th = p->data;
	uint8_t flags = th[13];
	uint32_t seq = get_be32(th + 4), ack = get_be32(th + 8);
	struct tcp_opts o;

	tcp_parse_options(th, (unsigned int)(th[12] >> 4) * 4, false, &o);
	if ((flags & TCPHDR_SYN) && !(flags & TCPHDR_ACK) && seq == req->irs) {
		/* A retransmitted SYN: answer again. */
		tcp_send_synack(req);
		goto out;
	}
	if ((flags & TCPHDR_ACK) && ack != req->iss + 1) {
		tcp_send_reset_reply(stack, p);
		goto out;
	}
	if (!between(seq, req->irs + 1, req->irs + 1 + req->rcv_wnd)) {
		if (!(flags & TCPHDR_RST))
			tcp_send_synack(req);
		goto out;
	}
	if (flags & TCPHDR_RST) {
		req_free(req);
		goto out;
	}
	if (flags & TCPHDR_SYN) {
		/* A SYN in window: reset (RFC 793), as Linux does. */
		tcp_send_reset_reply(stack, p);
		req_free(req);
		goto out;
	}
	if (!(flags & TCPHDR_ACK))
		goto out;
	if (l->accept_len >= l->backlog + 1) {
		stack->tcp->ext[TCPEXT_ListenOverflows]++;
		stack->tcp->ext[TCPEXT_ListenDrops]++;
		if (stack->tcp->sysctl.abort_on_overflow) {
			tcp_send_reset_reply(stack, p);
			req_free(req);
		}
		goto out;
	}
	c = tcp_create_child(req, &o);
	if (!c) {
		stack->tcp->ext[TCPEXT_ListenDrops]++;
		goto out;
	}
	req_free(req);
	c->parent = l;
	list_add_tail(&c->child_node, &l->accept_q);
	l->accept_len++;
	TCP_INC(stack, PassiveOpens);
	/* The ACK (and any data in it) is the child's first segment. */
	tcp_rcv_state_process(c, p);
	inet_sock_wake(&l->inet, NET_EV_IN);
	return;
out:
	pkt_free(p);
}

/* ---- TIME_WAIT (Linux's tcp_timewait_state_process) ---- */

enum { TW_SUCCESS, TW_ACK, TW_SYN };

static int
timewait_process(struct tcp_sock *tw, struct pkt *p, uint32_t *isn)
{
	const uint8_t *th = p->data;
	uint8_t flags = th[13];
	uint32_t seq = get_be32(th + 4);
	unsigned int hl = (unsigned int)(th[12] >> 4) * 4;
	uint32_t end_seq = seq + (p->len - hl) + !!(flags & TCPHDR_SYN) + !!(flags & TCPHDR_FIN);
	struct tcp_opts o;
	bool paws_reject = false;

	tcp_parse_options(th, hl, false, &o);
	if (o.saw_tstamp && tw->tstamp_ok && tw->ts_recent &&
	    (int32_t)(o.tsval - tw->ts_recent) < 0 &&
	    tw->inet.stack->now < tw->ts_recent_stamp + TCP_PAWS_24DAYS && !(flags & TCPHDR_RST))
		paws_reject = true;
	if (!paws_reject && seq == tw->rcv_nxt && (seq == end_seq || (flags & TCPHDR_RST))) {
		if (flags & TCPHDR_RST) {
			if (!tcp_sys(tw)->rfc1337)
				return -1;	/* kill it */
		} else {
			tcp_time_wait(tw, TCP_TIMEWAIT_LEN);
		}
		if (o.saw_tstamp) {
			tw->ts_recent = o.tsval;
			tw->ts_recent_stamp = tw->inet.stack->now;
		}
		return TW_SUCCESS;
	}
	if ((flags & (TCPHDR_SYN | TCPHDR_RST | TCPHDR_ACK)) == TCPHDR_SYN && !paws_reject &&
	    (after(seq, tw->rcv_nxt) ||
	     (o.saw_tstamp && tw->tstamp_ok && (int32_t)(tw->ts_recent - o.tsval) < 0))) {
		*isn = tw->snd_nxt + 65535 + 2;
		if (!*isn)
			(*isn)++;
		return TW_SYN;
	}
	if (paws_reject)
		TCPEXT_INC(tw, PAWSEstab);
	if (!(flags & TCPHDR_RST)) {
		if (paws_reject || (flags & TCPHDR_ACK))
			tcp_time_wait(tw, TCP_TIMEWAIT_LEN);
		return TW_ACK;
	}
	return TW_SUCCESS;
}

/* ---- the receive entry point ---- */

void
tcp_v4_rcv(struct inet_stack *stack, struct pkt *p)
{
	struct ip_hdr_info h;
	const uint8_t *th;
	struct tcp_sock *tp, *l;
	struct tcp_request *req;
	unsigned int hl;
	uint16_t sport, dport;
	int dif = ((const struct ip_cb *)p->cb)->iif;

	TCP_INC(stack, InSegs);
	if (p->pkt_type != PACKET_HOST)
		goto discard;
	if (p->len < sizeof(struct tcphdr))
		goto bad;
	th = p->data;
	hl = (unsigned int)(th[12] >> 4) * 4;
	if (hl < sizeof(struct tcphdr) || hl > p->len)
		goto bad;
	ip_hdr_parse(p, &h);
	if (p->csum_state != PKT_CSUM_UNNECESSARY &&
	    csum_tcpudp_magic(h.saddr, h.daddr, p->len, IPPROTO_TCP, csum_partial(p->data, p->len, 0))) {
		TCP_INC(stack, InCsumErrors);
		goto bad;
	}
	sport = get_be16(th);
	dport = get_be16(th + 2);
	tp = lookup_established(stack, h.saddr, sport, h.daddr, dport);
	if (tp && tp->inet.state == TCP_TIME_WAIT) {
		uint32_t isn = 0;

		switch (timewait_process(tp, p, &isn)) {
		case TW_SUCCESS:
			goto discard;
		case TW_ACK:
			tcp_send_ack(tp);
			goto discard;
		case TW_SYN:
			l = lookup_listener(stack, h.saddr, sport, h.daddr, dport, dif);
			tcp_done(tp);
			tcp_maybe_free(tp);
			/* Linux starts the new incarnation above the old one's sequence. */
			if (l)
				tcp_rcv_request(l, p, isn);
			goto discard;
		default:
			tcp_done(tp);
			tcp_maybe_free(tp);
			goto discard;
		}
	}
	if (tp) {
		tcp_rcv_state_process(tp, p);
		return;
	}
	req = lookup_request(stack, h.saddr, sport, h.daddr, dport);
	if (req) {
		tcp_check_req(req, p);
		return;
	}
	l = lookup_listener(stack, h.saddr, sport, h.daddr, dport, dif);
	if (l) {
		uint8_t flags = th[13];

		if (flags & TCPHDR_ACK) {
			tcp_send_reset_reply(stack, p);
			goto discard;
		}
		if (flags & TCPHDR_RST)
			goto discard;
		if (flags & TCPHDR_SYN)
			tcp_rcv_request(l, p, 0);
		goto discard;
	}
	tcp_send_reset_reply(stack, p);
	goto discard;
bad:
	TCP_INC(stack, InErrs);
discard:
	pkt_free(p);
}

/* ---- binding, ports, connect ---- */

/* Linux's inet_csk_bind_conflict for TCP. */
static bool
bind_conflict(const struct tcp_sock *tp, uint32_t addr, uint16_t port, bool reuse)
{
	struct tcp_sock *o;

	list_for_each_entry(o, bhead(tp->inet.stack, port), bnode) {
		const struct inet_sock *s2 = &o->inet;

		if (o == tp || s2->num != port)
			continue;
		if (tp->inet.bound_dev_if && s2->bound_dev_if &&
		    tp->inet.bound_dev_if != s2->bound_dev_if)
			continue;
		if (addr && s2->rcv_saddr && addr != s2->rcv_saddr)
			continue;
		if (reuse && s2->reuse && s2->state != TCP_LISTEN)
			continue;
		if (tp->inet.reuseport && s2->reuseport && tp->inet.uid == s2->uid &&
		    (s2->state == TCP_TIME_WAIT || s2->state == TCP_LISTEN ||
		     tp->inet.state != TCP_LISTEN))
			continue;
		return true;
	}
	return false;
}

int
tcp_bind(struct tcp_sock *tp, uint32_t addr, uint16_t port)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	int type = inet_addr_type(stack, addr);

	if (!(stack->sysctl.ip_nonlocal_bind || sk->freebind || sk->transparent ||
	      addr == INADDR_ANY || type == RTN_LOCAL || type == RTN_MULTICAST ||
	      type == RTN_BROADCAST))
		return -EADDRNOTAVAIL;
	if (sk->state != TCP_CLOSE || sk->num)
		return -EINVAL;
	if (!port) {
		int low = stack->sysctl.ip_local_port_range[0];
		int high = stack->sysctl.ip_local_port_range[1];
		uint32_t n = (uint32_t)(high - low) + 1, first = net_rng_below(&stack->rng, n);

		for (uint32_t i = 0; i < n; i++) {
			uint16_t pt = (uint16_t)(low + (first + i) % n);

			/* bind() takes odd ports first, leaving even ones to connect(). */
			if (!((first + i) & 1) && i + 1 < n)
				continue;
			if (!bind_conflict(tp, addr, pt, sk->reuse)) {
				port = pt;
				break;
			}
		}
		if (!port) {
			for (uint32_t i = 0; i < n && !port; i++) {
				uint16_t pt = (uint16_t)(low + (first + i) % n);

				if (!bind_conflict(tp, addr, pt, sk->reuse))
					port = pt;
			}
		}
		if (!port)
			return -EADDRINUSE;
	} else {
		sk->userlocks |= SOCK_BINDPORT_LOCK;
		if (bind_conflict(tp, addr, port, sk->reuse))
			return -EADDRINUSE;
	}
	sk->rcv_saddr = sk->saddr = addr;
	if (type == RTN_MULTICAST || type == RTN_BROADCAST)
		sk->saddr = 0;
	if (addr)
		sk->userlocks |= SOCK_BINDADDR_LOCK;
	sk->num = port;
	bhash_add(tp);
	return 0;
}

int
tcp_listen(struct tcp_sock *tp, int backlog)
{
	struct inet_sock *sk = &tp->inet;
	int max = tcp_sys(tp)->somaxconn;

	if (backlog > max)
		backlog = max;
	if (backlog < 0)
		backlog = 0;
	if (sk->state == TCP_LISTEN) {
		tp->backlog = (unsigned int)backlog;
		return 0;
	}
	if (sk->state != TCP_CLOSE)
		return -EINVAL;
	if (!sk->num && tcp_bind(tp, 0, 0))
		return -EAGAIN;
	/* A listener may not share its port with another listener unless both reuseport. */
	{
		struct tcp_sock *o;

		list_for_each_entry(o, bhead(sk->stack, sk->num), bnode) {
			if (o == tp || o->inet.num != sk->num || o->inet.state != TCP_LISTEN)
				continue;
			if (sk->bound_dev_if && o->inet.bound_dev_if &&
			    sk->bound_dev_if != o->inet.bound_dev_if)
				continue;
			if (sk->rcv_saddr && o->inet.rcv_saddr && sk->rcv_saddr != o->inet.rcv_saddr)
				continue;
			if (sk->reuseport && o->inet.reuseport && sk->uid == o->inet.uid)
				continue;
			return -EADDRINUSE;
		}
	}
	tp->backlog = (unsigned int)backlog;
	tcp_set_state(tp, TCP_LISTEN);
	bhash_add(tp);
	return 0;
}

/* A local port for connect() whose 4-tuple is unique (Linux's __inet_hash_connect). */
static int
connect_port(struct tcp_sock *tp)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	int low = stack->sysctl.ip_local_port_range[0], high = stack->sysctl.ip_local_port_range[1];
	uint32_t n = (uint32_t)(high - low) + 1, first, key[3];

	key[0] = sk->rcv_saddr;
	key[1] = sk->daddr;
	key[2] = sk->dport;
	first = ((uint32_t)siphash(&stack->hash_key, key, sizeof(key)) +
		 net_rng_below(&stack->rng, n)) % n;
	first &= ~1u;	/* connect() prefers even ports (Linux since 5.x) */
	for (int parity = 0; parity < 2; parity++) {
		for (uint32_t i = 0; i < n; i += 2) {
			uint16_t port = (uint16_t)(low + (first + i + (uint32_t)parity) % n);
			struct tcp_sock *o;
			bool busy = false;

			list_for_each_entry(o, bhead(stack, port), bnode) {
				if (o->inet.num != port)
					continue;
				if (o->inet.state == TCP_TIME_WAIT && o->inet.daddr == sk->daddr &&
				    o->inet.dport == sk->dport && o->inet.rcv_saddr == sk->rcv_saddr) {
					busy = true;	/* the same 4-tuple in TIME_WAIT */
					break;
				}
				if (o->ehashed && o->inet.daddr == sk->daddr &&
				    o->inet.dport == sk->dport && o->inet.rcv_saddr == sk->rcv_saddr) {
					busy = true;
					break;
				}
				if (!o->ehashed || o->inet.userlocks & SOCK_BINDPORT_LOCK ||
				    o->inet.state == TCP_LISTEN) {
					/* bound or listening there: not an ephemeral port for us */
					busy = true;
					break;
				}
			}
			if (!busy) {
				sk->num = port;
				return 0;
			}
		}
	}
	return -EADDRNOTAVAIL;
}

int
tcp_connect(struct tcp_sock *tp, uint32_t daddr, uint16_t dport, uint64_t now)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	struct ip_route rt;
	int err;

	if (sk->state == TCP_SYN_SENT)
		return -EALREADY;
	if (sk->state != TCP_CLOSE)
		return -EISCONN;
	inet_enter(stack, now);
	sk->daddr = daddr;
	sk->dport = dport;
	err = tcp_route(tp, &rt);
	if (err)
		goto fail;
	if (rt.flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		err = -ENETUNREACH;
		goto fail;
	}
	sk->daddr = rt.daddr;
	if (!sk->saddr)
		sk->saddr = rt.saddr;
	if (!sk->rcv_saddr)
		sk->rcv_saddr = sk->saddr;
	if (!sk->num) {
		err = connect_port(tp);
		if (err)
			goto fail;
	} else if (lookup_established(stack, sk->daddr, sk->dport, sk->rcv_saddr, sk->num)) {
		err = -EADDRNOTAVAIL;
		goto fail;
	}
	bhash_add(tp);
	tp->advmss = (uint16_t)((rt.mtu > IP_MAX_PACKET ? IP_MAX_PACKET : rt.mtu) - 40);
	if (rt.advmss)
		tp->advmss = (uint16_t)rt.advmss;
	if (tp->user_mss && tp->advmss > tp->user_mss)
		tp->advmss = tp->user_mss;
	tp->mss_clamp = tp->user_mss ? tp->user_mss : 0xffff;
	tcp_sync_mss(tp, rt.mtu);
	tp->iss = tcp_isn(stack, sk->rcv_saddr, sk->daddr, sk->num, sk->dport, stack->now);
	tp->ts_off = tcp_ts_off(stack, sk->rcv_saddr, sk->daddr);
	tp->snd_una = tp->snd_nxt = tp->snd_sml = tp->snd_up = tp->iss;
	tp->write_seq = tp->iss + 1;
	sk->inet_id = (uint16_t)net_rng_u32(&stack->rng);
	tcp_init_buffers_and_window(tp);	/* while CLOSE: picks our window scale */
	tcp_set_state(tp, TCP_SYN_SENT);
	tcp_hash_established(tp);
	TCP_INC(stack, ActiveOpens);
	tcp_send_syn(tp);
	inet_leave(stack);
	return 0;
fail:
	if (!(sk->userlocks & SOCK_BINDADDR_LOCK))
		sk->saddr = sk->rcv_saddr = 0;
	sk->daddr = 0;
	sk->dport = 0;
	if (err == -ENETUNREACH)
		IP_INC(stack, OutNoRoutes);
	inet_leave(stack);
	return err;
}

struct tcp_sock *
tcp_accept(struct tcp_sock *l)
{
	struct tcp_sock *c;

	if (list_empty(&l->accept_q))
		return NULL;
	c = list_first_entry(&l->accept_q, struct tcp_sock, child_node);
	list_del(&c->child_node);
	list_init(&c->child_node);
	c->parent = NULL;
	l->accept_len--;
	return c;
}

/* ---- ICMP errors (Linux's tcp_v4_err) ---- */

void
tcp_v4_err(struct inet_stack *stack, const struct icmp_err *e)
{
	struct tcp_sock *tp;
	uint16_t sport, dport;
	uint32_t seq;
	bool fatal;
	int err;

	if (e->transport_len < 8)
		return;
	sport = get_be16(e->transport);
	dport = get_be16(e->transport + 2);
	seq = get_be32(e->transport + 4);
	tp = lookup_established(stack, e->daddr, dport, e->saddr, sport);
	if (!tp) {
		struct tcp_request *req = lookup_request(stack, e->daddr, dport, e->saddr, sport);

		/* An error about our SYN-ACK: Linux drops the request on hard errors. */
		if (req && seq == req->iss && e->type == ICMP_DEST_UNREACH)
			req_free(req);
		else
			ICMP_INC(stack, InErrors);
		return;
	}
	if (tp->inet.state == TCP_TIME_WAIT)
		return;
	if (!between(seq, tp->snd_una, tp->snd_nxt)) {
		TCPEXT_INC(tp, OutOfWindowIcmps);
		return;
	}
	switch (e->type) {
	case ICMP_REDIRECT:
	case ICMP_SOURCE_QUENCH:
		return;
	case ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	case ICMP_DEST_UNREACH:
		if (e->code > NR_ICMP_UNREACH)
			return;
		if (e->code == ICMP_FRAG_NEEDED) {
			/* Path MTU: smaller segments, and resend what was too big. */
			if (tp->inet.state == TCP_LISTEN)
				return;
			if (e->info && e->info < tp->pmtu) {
				tcp_sync_mss(tp, e->info < IP_RT_MIN_PMTU ? IP_RT_MIN_PMTU : e->info);
				tcp_retransmit_head(tp);
			}
			return;
		}
		err = icmp_err_convert(e->code, &fatal);
		break;
	case ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		break;
	default:
		return;
	}
	switch (tp->inet.state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		inet_icmp_error(&tp->inet, err, e, dport, e->transport, e->transport_len);
		tp->inet.err = err;
		tcp_done(tp);
		tcp_maybe_free(tp);
		return;
	default:
		if (tp->inet.recverr) {
			tp->inet.err = err;
			inet_sock_wake(&tp->inet, NET_EV_ERR);
		} else {
			tp->inet.err_soft = err;
		}
	}
}

void
tcp_for_each(struct inet_stack *stack, void (*fn)(struct tcp_sock *, void *), void *arg)
{
	struct tcp_sock *tp;

	for (int i = 0; i < TCP_BHASH; i++)
		list_for_each_entry(tp, &stack->tcp->bhash[i], bnode)
			fn(tp, arg);
}

void
tcp_count(struct inet_stack *stack, unsigned int *inuse, unsigned int *orphans,
	  unsigned int *tw)
{
	*inuse = stack->tcp->inuse;
	*orphans = stack->tcp->orphans;
	*tw = stack->tcp->tw;
}

unsigned int
tcp_curr_estab(struct inet_stack *stack)
{
	return stack->tcp->curr_estab;
}

void
tcp_test_isn(struct inet_stack *stack, uint32_t isn)
{
	stack->tcp->isn_fixed = isn;
}
