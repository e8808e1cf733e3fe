// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP output: building segments from the send ring, the decision what
 * may be sent now (receive window, congestion window, Nagle, cork), the
 * window we advertise, and the special segments (SYN, SYN-ACK, ACK, FIN,
 * RST, window probes).
 *
 * Sequence layout of the send side:
 *
 *   snd_una        snd_nxt               write_seq (fin_seq + 1 once FIN is queued)
 *   |-- in flight --|-- not yet sent ------|
 *   snd ring: byte 0 is snd_una; the FIN occupies no ring byte.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/checksum.h"
#include "kernel/net/ip.h"
#include "kernel/net/route.h"
#include "tcp_impl.h"
#include "uapi/in.h"
#include "uapi/socket.h"

uint32_t
tcp_time_stamp(const struct tcp_sock *tp)
{
	return (uint32_t)(tp->inet.stack->now / NSEC_PER_MSEC) + tp->ts_off;
}

/* Bytes of data (without the FIN) from seq to the end of what the user gave. */
static uint32_t
data_end(const struct tcp_sock *tp)
{
	return tp->fin_queued ? tp->fin_seq : tp->write_seq;
}

uint32_t
tcp_flight(const struct tcp_sock *tp)
{
	return tp->snd_nxt - tp->snd_una;
}

/* What is left of the window we last advertised. */
uint32_t
tcp_receive_window(const struct tcp_sock *tp)
{
	int32_t win = (int32_t)(tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt);

	return win < 0 ? 0 : (uint32_t)win;
}

/*
 * The window to advertise now (Linux's __tcp_select_window, simplified):
 * the room left in the receive ring, not below what we already offered
 * (never shrink the window, RFC 7323 2.4), zero rather than a silly
 * small window (receiver SWS avoidance, RFC 1122 4.2.3.3).
 */
uint32_t
tcp_select_window(struct tcp_sock *tp)
{
	uint32_t used = tp->rcv_nxt - tp->copied_seq;
	uint32_t full = tp->rcv.size > (1u << tp->rcv_wscale) ?
			tp->rcv.size - (1u << tp->rcv_wscale) : 0;
	uint32_t free = full > used ? full - used : 0;
	uint32_t cur = tcp_receive_window(tp), win, max;
	uint32_t mss = tp->rcv_mss ? tp->rcv_mss : tp->advmss;

	if (tp->urg_data == (TCP_URG_VALID | (tp->urg_data & 0xff)) && free)
		free--;
	max = 65535u << tp->rcv_wscale;
	if (tp->window_clamp && tp->window_clamp < max)
		max = tp->window_clamp;
	win = free < max ? free : max;
	/* Linux: below half the buffer, no window smaller than an MSS or 1/16 of it. */
	if (free < full / 2 && (free < full / 16 || free < mss))
		win = 0;
	if (win < cur)
		win = cur;
	if (tp->rcv_wscale) {
		uint32_t unit = 1u << tp->rcv_wscale;

		if ((win & ~(unit - 1)) < cur)
			win = (win + unit - 1) & ~(unit - 1);
		else
			win &= ~(unit - 1);
	}
	tp->rcv_wnd = win;
	tp->rcv_wup = tp->rcv_nxt;
	if (!win)
		tp->pingpong = false;
	return win >> tp->rcv_wscale;
}

unsigned int
tcp_current_mss(struct tcp_sock *tp)
{
	return tp->mss_cache;
}

/* Options: MSS, SACK permitted, timestamps, window scale, SACK blocks. */
static unsigned int
build_options(struct tcp_sock *tp, uint8_t *o, uint8_t flags, bool syn_ok_sack, bool syn_ok_ts,
	      bool syn_ok_ws, uint16_t mss, uint8_t wscale, uint32_t tsval, uint32_t tsecr)
{
	unsigned int n = 0;

	if (flags & TCPHDR_SYN) {
		o[n++] = TCPOPT_MSS;
		o[n++] = 4;
		put_be16(o + n, mss);
		n += 2;
		if (syn_ok_ts) {
			if (syn_ok_sack) {
				o[n++] = TCPOPT_SACK_PERM;
				o[n++] = 2;
			} else {
				o[n++] = TCPOPT_NOP;
				o[n++] = TCPOPT_NOP;
			}
			o[n++] = TCPOPT_TIMESTAMP;
			o[n++] = 10;
			put_be32(o + n, tsval);
			put_be32(o + n + 4, tsecr);
			n += 8;
		} else if (syn_ok_sack) {
			o[n++] = TCPOPT_NOP;
			o[n++] = TCPOPT_NOP;
			o[n++] = TCPOPT_SACK_PERM;
			o[n++] = 2;
		}
		if (syn_ok_ws) {
			o[n++] = TCPOPT_NOP;
			o[n++] = TCPOPT_WINDOW;
			o[n++] = 3;
			o[n++] = wscale;
		}
		return n;
	}
	if (tp && tp->tstamp_ok) {
		o[n++] = TCPOPT_NOP;
		o[n++] = TCPOPT_NOP;
		o[n++] = TCPOPT_TIMESTAMP;
		o[n++] = 10;
		put_be32(o + n, tsval);
		put_be32(o + n + 4, tsecr);
		n += 8;
	}
	if (tp && tp->sack_ok && (tp->nooo || tp->dsack.start != tp->dsack.end) &&
	    !(flags & TCPHDR_RST)) {
		struct tcp_range blk[4];
		int nb = 0, max = tp->tstamp_ok ? 3 : 4;

		if (tp->dsack.start != tp->dsack.end)
			blk[nb++] = tp->dsack;
		/* The most recent first (RFC 2018), then the others, newest ranges first. */
		if (tp->nooo && nb < max)
			blk[nb++] = tp->ooo[tp->ooo_last];
		for (int i = tp->nooo - 1; i >= 0 && nb < max; i--)
			if (i != tp->ooo_last)
				blk[nb++] = tp->ooo[i];
		o[n++] = TCPOPT_NOP;
		o[n++] = TCPOPT_NOP;
		o[n++] = TCPOPT_SACK;
		o[n++] = (uint8_t)(2 + 8 * nb);
		for (int i = 0; i < nb; i++) {
			put_be32(o + n, blk[i].start);
			put_be32(o + n + 4, blk[i].end);
			n += 8;
		}
	}
	return n;
}

static void
ring_copy_out(const struct tcp_ring *r, uint32_t off, uint8_t *dst, uint32_t len)
{
	uint32_t pos = (r->head + off) % r->size, first = r->size - pos;

	if (first > len)
		first = len;
	memcpy(dst, r->buf + pos, first);
	if (len > first)
		memcpy(dst + first, r->buf, len - first);
}

/*
 * tcp_transmit sends one segment: len bytes of data from seq (taken from
 * the send ring), with flags; a FIN is added when the data ends at the
 * queued FIN. 0 or -errno (no route, no memory: the timers will retry).
 */
int
tcp_transmit(struct tcp_sock *tp, uint32_t seq, uint32_t len, uint8_t flags)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	struct ip_route rt;
	struct ip_send_params prm = { 0 };
	uint8_t opts[40], *th;
	unsigned int optlen, hlen;
	struct pkt *p;
	uint32_t tsval = tcp_time_stamp(tp), win;
	int err;

	if (tp->fin_queued && seq + len == tp->fin_seq && !(flags & (TCPHDR_SYN | TCPHDR_RST)))
		flags |= TCPHDR_FIN;
	err = tcp_route(tp, &rt);
	if (err) {
		sk->err_soft = -err;
		return err;
	}
	optlen = build_options(tp, opts, flags, tp->sack_ok || (flags & TCPHDR_SYN && tcp_sys(tp)->sack),
			       tp->tstamp_ok || ((flags & TCPHDR_SYN) && !(flags & TCPHDR_ACK) &&
						 tcp_sys(tp)->timestamps),
			       tp->wscale_ok || ((flags & TCPHDR_SYN) && !(flags & TCPHDR_ACK) &&
						 tcp_sys(tp)->window_scaling),
			       tp->advmss, tp->rcv_wscale, tsval, tp->ts_recent);
	hlen = sizeof(struct tcphdr) + optlen;
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, hlen + len);
	if (!p)
		return -ENOBUFS;
	th = pkt_put(p, hlen + len);
	if (len)
		ring_copy_out(&tp->snd, seq - tp->snd_una, th + hlen, len);
	put_be16(th, sk->num);
	put_be16(th + 2, sk->dport);
	put_be32(th + 4, seq);
	put_be32(th + 8, (flags & TCPHDR_ACK) ? tp->rcv_nxt : 0);
	th[12] = (uint8_t)((hlen / 4) << 4);
	if (tp->snd_up && after(tp->snd_up, seq) && (flags & TCPHDR_ACK) &&
	    !before(tp->snd_up, tp->snd_una) && tp->snd_up - seq <= 0xffff) {
		flags |= TCPHDR_URG;
		put_be16(th + 18, (uint16_t)(tp->snd_up - seq));
	} else {
		put_be16(th + 18, 0);
	}
	th[13] = flags;
	if (flags & TCPHDR_SYN) {
		win = tp->rcv_wnd > 65535 ? 65535 : tp->rcv_wnd;
	} else {
		win = tcp_select_window(tp);
		tp->rcv_adv = tp->rcv_wup + tp->rcv_wnd;
	}
	put_be16(th + 14, (uint16_t)win);
	put_u16(th + 16, 0);
	memcpy(th + 20, opts, optlen);
	put_u16(th + 16, csum_tcpudp_magic(rt.saddr, rt.daddr, hlen + len, IPPROTO_TCP,
					   csum_partial(th, hlen + len, 0)));
	pkt_set_transport_header(p);
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = IPPROTO_TCP;
	prm.tos = sk->tos;
	prm.ttl = sk->uc_ttl;
	prm.pmtudisc = IP_PMTUDISC_DO;
	prm.sk_id = &sk->inet_id;
	prm.mark = sk->mark;
	p->priority = sk->priority;
	TCP_INC(stack, OutSegs);
	tp->segs_out++;
	if (flags & TCPHDR_RST)
		TCP_INC(stack, OutRsts);
	if (len) {
		tp->data_segs_out++;
		tp->bytes_sent += len;
		tp->lsndtime = stack->now;
		tp->last_data_sent = stack->now;
	}
	if (flags & TCPHDR_ACK) {
		tp->ack_pending = 0;
		tp->rcv_unacked = 0;
		tp->dsack.start = tp->dsack.end;
		net_timer_cancel(&stack->timers, &tp->t_delack);
	}
	err = ip_output(stack, p, &rt, &prm);
	return err == -EHOSTUNREACH ? 0 : err;
}

void
tcp_send_ack(struct tcp_sock *tp)
{
	if (tp->inet.state == TCP_CLOSE || tp->inet.state == TCP_LISTEN)
		return;
	tcp_transmit(tp, tp->snd_nxt, 0, TCPHDR_ACK);
}

void
tcp_send_delayed_ack(struct tcp_sock *tp)
{
	uint64_t ato = tp->ato;

	if (!tp->pingpong || ato < TCP_DELACK_MIN)
		ato = TCP_DELACK_MIN;
	if (ato > TCP_DELACK_MAX)
		ato = TCP_DELACK_MAX;
	tp->ack_pending = 1;
	if (!net_timer_pending(&tp->t_delack))
		net_timer_arm(&tp->inet.stack->timers, &tp->t_delack, tp->inet.stack->now + ato);
}

void
tcp_send_challenge_ack(struct tcp_sock *tp)
{
	struct tcp_table *t = tcp_tab(tp);
	uint64_t now = tp->inet.stack->now;

	/* A global budget per second (net.ipv4.tcp_challenge_ack_limit). */
	if (now / NSEC_PER_SEC != t->challenge_stamp) {
		t->challenge_stamp = now / NSEC_PER_SEC;
		t->challenge_count = 0;
	}
	if (++t->challenge_count <= (unsigned int)t->sysctl.challenge_ack_limit) {
		TCPEXT_INC(tp, TCPChallengeACK);
		tcp_send_ack(tp);
	}
}

void
tcp_send_active_reset(struct tcp_sock *tp)
{
	tcp_transmit(tp, tp->snd_nxt, 0, TCPHDR_RST | TCPHDR_ACK);
}

void
tcp_send_syn(struct tcp_sock *tp)
{
	tcp_init_buffers_and_window(tp);
	tcp_transmit(tp, tp->iss, 0, TCPHDR_SYN);
	tp->snd_nxt = tp->iss + 1;
	tp->retrans_stamp = tp->inet.stack->now;
	if (!tp->rtt_timing) {
		tp->rtt_timing = true;
		tp->rtt_seq = tp->iss;
		tp->rtt_time = tp->inet.stack->now;
	}
	tcp_rearm_rto(tp);
}

int
tcp_send_synack(struct tcp_request *req)
{
	struct tcp_sock *l = req->listener;
	struct inet_stack *stack = l->inet.stack;
	struct flowi4 fl = { .daddr = req->raddr, .saddr = req->laddr, .proto = IPPROTO_TCP,
			     .freebind = true };
	struct ip_route rt;
	struct ip_send_params prm = { 0 };
	uint8_t opts[40], *th;
	unsigned int optlen, hlen;
	uint16_t mss;
	struct pkt *p;

	if (ip_route_output(stack, &fl, &rt))
		return -ENETUNREACH;
	mss = (uint16_t)(rt.advmss ? rt.advmss :
			 (rt.mtu > IP_MAX_PACKET ? IP_MAX_PACKET : rt.mtu) - 40);
	if (l->user_mss && mss > l->user_mss)
		mss = l->user_mss;
	optlen = build_options(NULL, opts, TCPHDR_SYN | TCPHDR_ACK, req->sack_ok, req->tstamp_ok,
			       req->wscale_ok, mss, req->rcv_wscale,
			       (uint32_t)(stack->now / NSEC_PER_MSEC) + req->ts_off, req->ts_recent);
	hlen = sizeof(struct tcphdr) + optlen;
	p = pkt_alloc(stack->pool, PKT_MAX_HEADER, hlen);
	if (!p)
		return -ENOBUFS;
	th = pkt_put(p, hlen);
	put_be16(th, req->lport);
	put_be16(th + 2, req->rport);
	put_be32(th + 4, req->iss);
	put_be32(th + 8, req->irs + 1);
	th[12] = (uint8_t)((hlen / 4) << 4);
	th[13] = TCPHDR_SYN | TCPHDR_ACK;
	put_be16(th + 14, (uint16_t)(req->rcv_wnd > 65535 ? 65535 : req->rcv_wnd));
	put_u16(th + 16, 0);
	put_be16(th + 18, 0);
	memcpy(th + 20, opts, optlen);
	put_u16(th + 16, csum_tcpudp_magic(rt.saddr, rt.daddr, hlen, IPPROTO_TCP,
					   csum_partial(th, hlen, 0)));
	pkt_set_transport_header(p);
	prm.saddr = rt.saddr;
	prm.daddr = rt.daddr;
	prm.protocol = IPPROTO_TCP;
	prm.tos = l->inet.tos;
	prm.ttl = l->inet.uc_ttl;
	prm.pmtudisc = IP_PMTUDISC_DO;
	TCP_INC(stack, OutSegs);
	return ip_output(stack, p, &rt, &prm);
}

/* Zero-window probe and keepalive probe: an ACK with an old sequence number. */
void
tcp_send_window_probe(struct tcp_sock *tp)
{
	if (tp->inet.state == TCP_CLOSE)
		return;
	tcp_transmit(tp, tp->snd_una - 1, 0, TCPHDR_ACK);
}

/*
 * Linux's tcp_write_wakeup: if the window lets some new data out, send
 * as much of one segment as fits; otherwise probe with an old sequence.
 */
void
tcp_send_probe0(struct tcp_sock *tp)
{
	uint32_t wnd_end = tp->snd_una + tp->snd_wnd;
	uint32_t unsent = data_end(tp) - tp->snd_nxt;

	if ((unsent || (tp->fin_queued && tp->snd_nxt == tp->fin_seq)) &&
	    before(tp->snd_nxt, wnd_end)) {
		uint32_t seg = wnd_end - tp->snd_nxt;

		if (seg > unsent)
			seg = unsent;
		if (seg > tp->mss_cache)
			seg = tp->mss_cache;
		tcp_transmit(tp, tp->snd_nxt, seg, TCPHDR_ACK | TCPHDR_PSH);
		tp->snd_nxt += seg + (tp->fin_queued && tp->snd_nxt + seg == tp->fin_seq);
		tcp_rearm_rto(tp);
		return;
	}
	TCPEXT_INC(tp, TCPWinProbe);
	tcp_send_window_probe(tp);
}

/* Retransmit the first unacknowledged segment (RTO, path MTU drop). */
void
tcp_retransmit_head(struct tcp_sock *tp)
{
	uint32_t seq = tp->snd_una, len;
	struct inet_stack *stack = tp->inet.stack;

	if (tp->inet.state == TCP_SYN_SENT) {
		tcp_transmit(tp, tp->iss, 0, TCPHDR_SYN);
		goto count;
	}
	if (tp->inet.state == TCP_SYN_RECV && tp->snd_una == tp->iss) {
		tcp_transmit(tp, tp->iss, 0, TCPHDR_SYN | TCPHDR_ACK);
		goto count;
	}
	if (tp->snd_nxt == tp->snd_una)
		return;
	len = data_end(tp) - seq;
	if ((int32_t)len < 0)
		len = 0;
	if (len > tp->mss_cache)
		len = tp->mss_cache;
	if (len > tp->snd_nxt - seq)
		len = tp->snd_nxt - seq;
	tcp_transmit(tp, seq, len, TCPHDR_ACK | (len ? TCPHDR_PSH : 0));
	if (after(seq + len + (tp->fin_queued && seq + len == tp->fin_seq), tp->high_rxt))
		tp->high_rxt = seq + len;
	tp->bytes_retrans += len;
count:
	TCP_INC(stack, RetransSegs);
	tp->total_retrans++;
	tp->rtt_timing = false;	/* Karn: no sample from a retransmitted segment */
	if (!tp->retrans_stamp)
		tp->retrans_stamp = stack->now;
}

/* Sender silly window avoidance and Nagle (Minshall's variant, Linux's tcp_nagle_check). */
static bool
nagle_holds(const struct tcp_sock *tp, uint32_t seg, uint32_t mss, bool more, bool last)
{
	if (seg >= mss)
		return false;
	if (tp->cork || more)
		return true;
	if (!last)
		return false;
	return !tp->nodelay && tp->snd_nxt != tp->snd_una &&
	       after(tp->snd_sml, tp->snd_una) && !after(tp->snd_sml, tp->snd_nxt);
}

static bool push_more;	/* MSG_MORE for the push in progress */

void
tcp_write_xmit(struct tcp_sock *tp, bool push_one)
{
	struct inet_sock *sk = &tp->inet;
	uint32_t mss = tcp_current_mss(tp);
	int sent = 0;

	if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT &&
	    sk->state != TCP_FIN_WAIT1 && sk->state != TCP_CLOSING && sk->state != TCP_LAST_ACK)
		return;
	/* Loss recovery: retransmit what is lost while the pipe allows. */
	if (tp->ca_state == TCP_CA_Recovery || tp->ca_state == TCP_CA_Loss) {
		uint32_t seq, len;
		/* NewReno resends the hole at once, whatever the window (RFC 6582). */
		bool force = !tp->sack_ok && tp->ca_state == TCP_CA_Recovery &&
			     !after(tp->high_rxt, tp->snd_una);

		while ((force || tcp_pipe(tp) < tp->cwnd) && tcp_next_lost(tp, &seq, &len)) {
			force = false;
			if (tcp_transmit(tp, seq, len, TCPHDR_ACK | TCPHDR_PSH))
				break;
			TCP_INC(sk->stack, RetransSegs);
			tp->total_retrans++;
			tp->bytes_retrans += len;
			tp->high_rxt = seq + len + (tp->fin_queued && seq + len == tp->fin_seq);
			if (!tp->retrans_stamp)
				tp->retrans_stamp = sk->stack->now;
			if (tp->ca_state == TCP_CA_Recovery)
				TCPEXT_INC(tp, TCPFastRetrans);
			if (!net_timer_pending(&tp->t_rtx))
				tcp_rearm_rto(tp);
			if (push_one)
				return;
		}
	}
	for (;;) {
		uint32_t unsent = data_end(tp) - tp->snd_nxt, seg;
		uint32_t wnd_end = tp->snd_una + tp->snd_wnd;
		bool fin_only = !unsent && tp->fin_queued && tp->snd_nxt == tp->fin_seq;

		if ((int32_t)unsent < 0)
			unsent = 0;
		if (!unsent && !fin_only)
			break;
		seg = unsent < mss ? unsent : mss;
		/* The whole segment must fit the peer's window. */
		if (after(tp->snd_nxt + seg, wnd_end) && !(fin_only && !after(tp->snd_nxt, wnd_end)))
			break;
		if (tcp_pipe(tp) >= tp->cwnd && !fin_only)
			break;
		if (!fin_only && nagle_holds(tp, seg, mss, push_more, seg == unsent))
			break;
		if (tcp_transmit(tp, tp->snd_nxt, seg,
				 TCPHDR_ACK | (seg == unsent ? TCPHDR_PSH : 0)))
			break;
		if (seg < mss)
			tp->snd_sml = tp->snd_nxt + seg;
		if (!tp->rtt_timing && seg) {
			tp->rtt_timing = true;
			tp->rtt_seq = tp->snd_nxt;
			tp->rtt_time = sk->stack->now;
		}
		tp->snd_nxt += seg;
		if (tp->fin_queued && tp->snd_nxt == tp->fin_seq)
			tp->snd_nxt++;	/* the FIN went with it */
		if (!net_timer_pending(&tp->t_rtx) || tp->pending_rtx != TCP_TIMER_RETRANS)
			tcp_rearm_rto(tp);
		sent++;
		if (push_one)
			break;
	}
	if (!sent)
		tcp_check_probe_timer(tp);
}

/* Push what the user queued (flags: MSG_MORE holds a partial segment). */
void
tcp_push(struct tcp_sock *tp, unsigned int flags)
{
	push_more = flags & MSG_MORE;
	tcp_write_xmit(tp, false);
	push_more = false;
}

/* Queue our FIN after the data (Linux's tcp_send_fin) and push it. */
void
tcp_send_fin(struct tcp_sock *tp)
{
	if (tp->fin_queued)
		return;
	tp->fin_queued = true;
	tp->fin_seq = tp->write_seq;
	tp->write_seq++;
	tcp_write_xmit(tp, false);
}

/* Nothing in flight, data waiting, window closed: start probing it. */
void
tcp_check_probe_timer(struct tcp_sock *tp)
{
	bool pending = data_end(tp) != tp->snd_nxt ||
		       (tp->fin_queued && tp->snd_nxt == tp->fin_seq);

	if (tp->snd_nxt == tp->snd_una && pending && !net_timer_pending(&tp->t_rtx)) {
		uint64_t when = tp->rto << (tp->backoff < 16 ? tp->backoff : 16);

		if (when > TCP_RTO_MAX)
			when = TCP_RTO_MAX;
		tp->pending_rtx = TCP_TIMER_PROBE0;
		net_timer_arm(&tp->inet.stack->timers, &tp->t_rtx, tp->inet.stack->now + when);
	}
}

/* Grow the send ring with the congestion window (Linux's tcp_sndbuf_expand). */
void
tcp_grow_sndbuf(struct tcp_sock *tp)
{
	uint32_t want = 2 * tp->cwnd + 2 * tp->mss_cache, max = (uint32_t)tcp_sys(tp)->wmem[2];

	if (tp->snd_locked)
		return;
	if (want > max)
		want = max;
	if (want > tp->snd.size && tp->snd.len <= want) {
		if (!tcp_ring_resize(&tp->snd, want)) {
			tp->inet.sndbuf = want;
			inet_sock_wake(&tp->inet, NET_EV_OUT);
		}
	}
}
