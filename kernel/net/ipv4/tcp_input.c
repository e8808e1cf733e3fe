// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP segment arrival (RFC 793 3.9 "SEGMENT ARRIVES"), in the order Linux's
 * tcp_rcv_state_process and tcp_validate_incoming take the steps:
 *
 *   SYN_SENT: the handshake answer (or a crossing SYN: simultaneous open)
 *   1. PAWS (RFC 7323): an old timestamp means an old segment: dup ACK
 *   2. sequence acceptability: out of window: dup ACK, drop
 *   3. RST (RFC 5961): exactly at rcv_nxt resets, in window earns a
 *      challenge ACK, anything else is dropped
 *   4. SYN in a synchronized state: challenge ACK (RFC 5961 4.2)
 *   5. ACK: SYN_RECV completes; send side advances (RTT, congestion,
 *      SACK, window); FIN acknowledged moves the close states
 *   6. URG, 7. data (in order, or held out of order with SACK), 8. FIN
 *
 * then the ACK we owe is sent now or delayed, and new data is pushed.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ip.h"
#include "tcp_impl.h"
#include "uapi/socket.h"

void
tcp_parse_options(const uint8_t *th, unsigned int doff, bool syn, struct tcp_opts *o)
{
	const uint8_t *p = th + sizeof(struct tcphdr), *end = th + doff;

	memset(o, 0, sizeof(*o));
	while (p < end) {
		uint8_t kind = *p, len;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			p++;
			continue;
		}
		if (p + 2 > end)
			break;
		len = p[1];
		if (len < 2 || p + len > end)
			break;
		switch (kind) {
		case TCPOPT_MSS:
			if (len == 4 && syn) {
				o->saw_mss = true;
				o->mss = get_be16(p + 2);
			}
			break;
		case TCPOPT_WINDOW:
			if (len == 3 && syn) {
				o->saw_wscale = true;
				o->wscale = p[2];
			}
			break;
		case TCPOPT_SACK_PERM:
			if (len == 2 && syn)
				o->sack_ok = true;
			break;
		case TCPOPT_TIMESTAMP:
			if (len == 10) {
				o->saw_tstamp = true;
				o->tsval = get_be32(p + 2);
				o->tsecr = get_be32(p + 6);
			}
			break;
		case TCPOPT_SACK:
			if (len >= 10 && (len - 2) % 8 == 0 && !syn) {
				int n = (len - 2) / 8;

				for (int i = 0; i < n && o->nsacks < 4; i++) {
					o->sacks[o->nsacks].start = get_be32(p + 2 + 8 * i);
					o->sacks[o->nsacks].end = get_be32(p + 6 + 8 * i);
					o->nsacks++;
				}
			}
			break;
		}
		p += len;
	}
}

void
tcp_reset(struct tcp_sock *tp)
{
	switch (tp->inet.state) {
	case TCP_SYN_SENT:
		tp->inet.err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		tp->inet.err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		tp->inet.err = ECONNRESET;
		break;
	}
	tcp_done(tp);
}

void
tcp_finish_connect(struct tcp_sock *tp)
{
	tcp_set_state(tp, TCP_ESTABLISHED);
	tcp_init_cwnd(tp);
	tcp_grow_sndbuf(tp);
	tp->rcvq_space_seq = tp->copied_seq;
	tp->rcvq_space_time = tp->inet.stack->now;
	tp->rcvq_space = 10 * tp->advmss;
	tp->retrans_stamp = 0;
	tp->retransmits = 0;
	tp->backoff = 0;
	if (tp->keepopen)
		tcp_reset_keepalive(tp);
	inet_sock_wake(&tp->inet, NET_EV_OUT);
}

/* Take on what the peer's SYN says (options, window) and adjust ours. */
static void
syn_options(struct tcp_sock *tp, const struct tcp_opts *o, bool we_sent_syn)
{
	struct tcp_sysctl *s = tcp_sys(tp);

	if (o->saw_mss && o->mss) {
		tp->mss_clamp = o->mss;
		if (tp->user_mss && tp->mss_clamp > tp->user_mss)
			tp->mss_clamp = tp->user_mss;
	} else {
		tp->mss_clamp = TCP_MSS_DEFAULT;
	}
	tp->sack_ok = o->sack_ok && s->sack;
	tp->tstamp_ok = o->saw_tstamp && s->timestamps;
	tp->wscale_ok = o->saw_wscale && s->window_scaling;
	if (tp->wscale_ok) {
		tp->snd_wscale = o->wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : o->wscale;
	} else {
		tp->snd_wscale = tp->rcv_wscale = 0;
		if (!tp->window_clamp || tp->window_clamp > 65535)
			tp->window_clamp = 65535;
	}
	if (tp->tstamp_ok) {
		tp->ts_recent = o->tsval;
		tp->ts_recent_stamp = tp->inet.stack->now;
	}
	(void)we_sent_syn;
	tcp_sync_mss(tp, tp->pmtu ? tp->pmtu : 1500);
	tp->rcv_mss = tp->mss_cache < tp->advmss ? tp->mss_cache : tp->advmss;
}

/* Linux's tcp_rcv_synsent_state_process; returns true to answer with a RST. */
static bool
syn_sent(struct tcp_sock *tp, const uint8_t *th, const struct tcp_opts *o)
{
	uint8_t flags = th[13];
	uint32_t seq = get_be32(th + 4), ack = get_be32(th + 8);
	uint16_t win = get_be16(th + 14);

	if (flags & TCPHDR_ACK) {
		if (!after(ack, tp->snd_una) || after(ack, tp->snd_nxt))
			return !(flags & TCPHDR_RST);
		if (flags & TCPHDR_RST) {
			tcp_reset(tp);
			return false;
		}
		if (!(flags & TCPHDR_SYN))
			return false;
		syn_options(tp, o, true);
		tp->snd_una = ack;
		tp->snd_wl1 = seq;
		tp->snd_wl2 = ack;
		tp->snd_wnd = win;
		tp->max_window = win;
		tp->irs = seq;
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = seq + 1;
		if (tp->rtt_timing) {
			tcp_rtt_sample(tp, (tp->inet.stack->now - tp->rtt_time) / NSEC_PER_USEC);
			tp->rtt_timing = false;
		}
		tcp_finish_connect(tp);
		tp->quick = TCP_MAX_QUICKACKS;
		tcp_rearm_rto(tp);
		tcp_send_ack(tp);
		tcp_write_xmit(tp, false);
		return false;
	}
	if (flags & TCPHDR_RST)
		return false;
	if (flags & TCPHDR_SYN) {
		/* Crossing SYNs: simultaneous open (or a connect to ourselves). */
		syn_options(tp, o, true);
		tcp_set_state(tp, TCP_SYN_RECV);
		tp->irs = seq;
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = seq + 1;
		tp->snd_wnd = win;
		tp->snd_wl1 = seq;
		tp->max_window = win;
		tcp_transmit(tp, tp->iss, 0, TCPHDR_SYN | TCPHDR_ACK);
		tcp_rearm_rto(tp);
	}
	return false;
}

static bool
paws_reject(const struct tcp_sock *tp, const struct tcp_opts *o, uint8_t flags)
{
	if (!o->saw_tstamp || !tp->tstamp_ok || !tp->ts_recent_stamp)
		return false;
	if ((int32_t)(tp->ts_recent - o->tsval) <= 0)
		return false;
	if (tp->inet.stack->now >= tp->ts_recent_stamp + TCP_PAWS_24DAYS)
		return false;
	/* A RST is not rejected for its timestamp (Linux: tcp_paws_discard). */
	return !(flags & TCPHDR_RST);
}

/* The window update rule of RFC 793 (snd_wl1, snd_wl2). */
static void
ack_update_window(struct tcp_sock *tp, uint32_t seq, uint32_t ack, uint32_t nwin)
{
	if (after(ack, tp->snd_una) || after(seq, tp->snd_wl1) ||
	    (seq == tp->snd_wl1 && (nwin > tp->snd_wnd || !nwin))) {
		bool was_zero = !tp->snd_wnd;

		tp->snd_wl1 = seq;
		tp->snd_wnd = nwin;
		if (nwin > tp->max_window)
			tp->max_window = nwin;
		if (was_zero && nwin) {
			tp->probes_out = 0;
			tp->backoff = 0;
			if (tp->pending_rtx == TCP_TIMER_PROBE0)
				net_timer_cancel(&tp->inet.stack->timers, &tp->t_rtx);
		}
	}
}

static void
ring_consume(struct tcp_ring *r, uint32_t n)
{
	if (n > r->len)
		n = r->len;
	r->head = r->size ? (r->head + n) % r->size : 0;
	r->len -= n;
}

/*
 * Linux's tcp_ack: returns -1 to drop the segment (an ACK of what we
 * never sent, or far behind), 0 otherwise.
 */
static int
tcp_ack(struct tcp_sock *tp, uint32_t seq, uint32_t ack, uint16_t win, const struct tcp_opts *o,
	uint32_t seg_len, uint8_t flags)
{
	struct inet_stack *stack = tp->inet.stack;
	uint32_t prior_una = tp->snd_una, acked, data_acked, nwin;
	bool dup;

	if (before(ack, prior_una)) {
		if (before(ack, prior_una - tp->max_window)) {
			tcp_send_challenge_ack(tp);
			return -1;
		}
		if (tp->sack_ok && o->nsacks)
			tcp_sack_update(tp, o, ack);
		return 0;
	}
	if (after(ack, tp->snd_nxt))
		return -1;
	nwin = (uint32_t)win << tp->snd_wscale;
	dup = ack == prior_una && !seg_len && !(flags & (TCPHDR_SYN | TCPHDR_FIN)) &&
	      nwin == tp->snd_wnd && tp->snd_nxt != tp->snd_una;
	ack_update_window(tp, seq, ack, nwin);
	acked = ack - prior_una;
	tp->last_ack_recv = stack->now;
	if (acked) {
		/* SYN and FIN take sequence space but no ring bytes. */
		data_acked = acked;
		if (prior_una == tp->iss && tp->inet.state != TCP_SYN_SENT)
			data_acked--;
		if (tp->fin_queued && after(ack, tp->fin_seq))
			data_acked--;
		ring_consume(&tp->snd, data_acked);
		tp->snd_una = ack;
		tp->bytes_acked += data_acked;
		tp->delivered += (data_acked + tp->mss_cache - 1) / (tp->mss_cache ? tp->mss_cache : 1);
		if (before(tp->high_rxt, ack))
			tp->high_rxt = ack;
		if (before(tp->snd_sml, ack))
			tp->snd_sml = ack;
		/* RTT: the timed segment (Karn), else the timestamp echo. */
		if (tp->rtt_timing && after(ack, tp->rtt_seq)) {
			tcp_rtt_sample(tp, (stack->now - tp->rtt_time) / NSEC_PER_USEC);
			tp->rtt_timing = false;
		} else if (!tp->rtt_timing && tp->tstamp_ok && o->saw_tstamp && o->tsecr &&
			   !tp->retrans_stamp) {
			uint32_t d = tcp_time_stamp(tp) - o->tsecr;

			if (d < 0x7fffffff / 1000)
				tcp_rtt_sample(tp, (uint64_t)(d ? d : 1) * 1000);
		}
		tp->retransmits = 0;
		tp->backoff = 0;
		tp->probes_out = 0;
		if (tp->snd_una == tp->snd_nxt)
			tp->retrans_stamp = 0;
		inet_sock_wake(&tp->inet, NET_EV_OUT);
	}
	if (tp->sack_ok && o->nsacks)
		tcp_sack_update(tp, o, ack);
	tcp_cong_on_ack(tp, acked, ack, dup);
	if (acked) {
		if (tp->snd_una == tp->snd_nxt)
			net_timer_cancel(&stack->timers, &tp->t_rtx);
		else
			tcp_rearm_rto(tp);
		tcp_grow_sndbuf(tp);
	}
	if (tp->snd_una == tp->snd_nxt)
		tcp_check_probe_timer(tp);
	return 0;
}

/* Insert [s, e) into the out-of-order list; returns false if it is full. */
static bool
ooo_insert(struct tcp_sock *tp, uint32_t s, uint32_t e, bool *dup)
{
	int i, j;

	*dup = false;
	for (i = 0; i < tp->nooo; i++) {
		struct tcp_range *r = &tp->ooo[i];

		if (!before(s, r->start) && !after(e, r->end)) {
			*dup = true;
			tp->ooo_last = i;
			return true;
		}
		if (!after(s, r->end) && !before(e, r->start)) {
			/* Overlaps or touches: grow r, then merge with the next ones. */
			if (before(s, r->start))
				r->start = s;
			if (after(e, r->end))
				r->end = e;
			for (j = i + 1; j < tp->nooo && !after(tp->ooo[j].start, r->end); ) {
				if (after(tp->ooo[j].end, r->end))
					r->end = tp->ooo[j].end;
				memmove(&tp->ooo[j], &tp->ooo[j + 1],
					sizeof(tp->ooo[0]) * (size_t)(tp->nooo - j - 1));
				tp->nooo--;
			}
			tp->ooo_last = i;
			return true;
		}
		if (before(e, r->start))
			break;
	}
	if (tp->nooo >= TCP_MAX_SACKS)
		return false;
	memmove(&tp->ooo[i + 1], &tp->ooo[i], sizeof(tp->ooo[0]) * (size_t)(tp->nooo - i));
	tp->ooo[i].start = s;
	tp->ooo[i].end = e;
	tp->nooo++;
	tp->ooo_last = i;
	return true;
}

static void
ring_put(struct tcp_ring *r, uint32_t off, const uint8_t *src, uint32_t n)
{
	uint32_t pos = (r->head + off) % r->size, first = r->size - pos;

	if (first > n)
		first = n;
	memcpy(r->buf + pos, src, first);
	if (n > first)
		memcpy(r->buf, src + first, n - first);
}

static void
tcp_fin(struct tcp_sock *tp)
{
	tp->fin_in = true;
	tp->inet.shutdown |= RCV_SHUTDOWN;
	tp->nooo = 0;
	switch (tp->inet.state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(tp, TCP_CLOSE_WAIT);
		tp->pingpong = true;
		tp->ack_pending = 1;	/* delayed: the close will likely carry it */
		break;
	case TCP_FIN_WAIT1:
		/* Our FIN is not acknowledged yet: simultaneous close. */
		tcp_send_ack(tp);
		tcp_set_state(tp, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		tcp_send_ack(tp);
		tcp_time_wait(tp, TCP_TIMEWAIT_LEN);
		break;
	default:
		break;
	}
	inet_sock_wake(&tp->inet, NET_EV_IN | NET_EV_RDHUP);
}

/* The in-order data now end at rcv_nxt: take in held ranges and a held FIN. */
static void
advance_in_order(struct tcp_sock *tp)
{
	while (tp->nooo && !after(tp->ooo[0].start, tp->rcv_nxt)) {
		if (after(tp->ooo[0].end, tp->rcv_nxt))
			tp->rcv_nxt = tp->ooo[0].end;
		memmove(&tp->ooo[0], &tp->ooo[1], sizeof(tp->ooo[0]) * (size_t)(tp->nooo - 1));
		tp->nooo--;
		if (tp->ooo_last > 0)
			tp->ooo_last--;
	}
	if (tp->ooo_last >= tp->nooo)
		tp->ooo_last = tp->nooo ? tp->nooo - 1 : 0;
}

/* Linux's tcp_data_queue: data and FIN of an accepted segment. */
static void
data_queue(struct tcp_sock *tp, const uint8_t *data, uint32_t seq, uint32_t len, bool fin)
{
	uint32_t room = tp->rcv.size - (tp->rcv_nxt - tp->copied_seq);
	uint32_t end_seq = seq + len;
	bool had_ooo = tp->nooo > 0, dup;

	if (len) {
		tp->data_segs_in++;
		tp->lrcvtime = tp->inet.stack->now;
		tp->last_data_recv = tp->inet.stack->now;
		if (len > tp->rcv_mss && len <= tp->advmss)
			tp->rcv_mss = (uint16_t)len;
	}
	if (!after(end_seq, tp->rcv_nxt) && len) {
		/* All old: a duplicate. Report it (D-SACK) and ACK at once. */
		if (tcp_sys(tp)->dsack && tp->sack_ok) {
			tp->dsack.start = seq;
			tp->dsack.end = end_seq;
			TCPEXT_INC(tp, TCPDSACKOldSent);
		}
		tp->quick = tp->quick < 1 ? 1 : tp->quick;
		tcp_send_ack(tp);
		return;
	}
	if (before(seq, tp->rcv_nxt)) {
		uint32_t skip = tp->rcv_nxt - seq;

		if (tcp_sys(tp)->dsack && tp->sack_ok) {
			tp->dsack.start = seq;
			tp->dsack.end = tp->rcv_nxt;
		}
		data += skip;
		len -= skip;
		seq = tp->rcv_nxt;
	}
	if (len && !tp->rcv.size) {
		tcp_send_ack(tp);
		return;
	}
	if (seq == tp->rcv_nxt) {
		if (len > room) {
			/* Beyond our window: take what fits (the rest comes again). */
			TCPEXT_INC(tp, TCPZeroWindowDrop);
			len = room;
			fin = false;
		}
		if (len) {
			ring_put(&tp->rcv, tp->rcv_nxt - tp->copied_seq, data, len);
			tp->rcv_nxt += len;
			tp->rcv_unacked += len;
			tp->bytes_received += len;
		}
		advance_in_order(tp);
		if (len)
			inet_sock_wake(&tp->inet, NET_EV_IN);
		if (fin && tp->rcv_nxt == seq + len) {
			tp->rcv_nxt++;
			tcp_fin(tp);
		} else if (tp->ooo_fin && tp->rcv_nxt == tp->ooo_fin_seq && !tp->nooo) {
			tp->ooo_fin = false;
			tp->rcv_nxt++;
			tcp_fin(tp);
		}
		if (had_ooo)
			tp->quick = tp->quick < 1 ? 1 : tp->quick;	/* a hole filled: ACK now */
		if (len)
			tp->ack_pending = 1;
		return;
	}
	/* Out of order: keep it in place if it fits the window. */
	if (!before(seq, tp->rcv_nxt + tcp_receive_window(tp)) && len) {
		tcp_send_ack(tp);
		return;
	}
	if (after(end_seq, tp->copied_seq + tp->rcv.size - 1)) {
		if (!after(tp->copied_seq + tp->rcv.size - 1, seq)) {
			tcp_send_ack(tp);
			return;
		}
		len = tp->copied_seq + tp->rcv.size - 1 - seq;
		end_seq = seq + len;
		fin = false;
	}
	if (fin) {
		tp->ooo_fin = true;
		tp->ooo_fin_seq = end_seq;
	}
	if (len) {
		if (!ooo_insert(tp, seq, end_seq, &dup)) {
			TCPEXT_INC(tp, TCPOFODrop);
			tcp_send_ack(tp);
			return;
		}
		if (dup) {
			if (tcp_sys(tp)->dsack && tp->sack_ok) {
				tp->dsack.start = seq;
				tp->dsack.end = end_seq;
			}
		} else {
			ring_put(&tp->rcv, seq - tp->copied_seq, data, len);
			tp->rcv_ooopack++;
			TCPEXT_INC(tp, TCPOFOQueue);
		}
	}
	/* A dup ACK carrying SACK blocks, at once. */
	tcp_send_ack(tp);
}

/* Linux's tcp_check_urg and tcp_urg: note the urgent byte (as one byte out of band). */
static void
tcp_urg(struct tcp_sock *tp, const uint8_t *th, uint32_t seq, const uint8_t *data, uint32_t len)
{
	if (th[13] & TCPHDR_URG) {
		uint32_t ptr = get_be16(th + 18);

		if (ptr)
			ptr--;
		ptr += seq;
		if (!after(tp->copied_seq, ptr) && !before(ptr, tp->rcv_nxt) &&
		    !(tp->urg_data && !after(ptr, tp->urg_seq))) {
			if (tp->urg_seq == tp->copied_seq && tp->urg_data && !tp->oobinline &&
			    tp->copied_seq != tp->rcv_nxt) {
				/* Skip the old urgent byte we are sitting on. */
				tp->copied_seq++;
				tp->rcv.head = (tp->rcv.head + 1) % tp->rcv.size;
			}
			tp->urg_data = TCP_URG_NOTYET;
			tp->urg_seq = ptr;
			inet_sock_wake(&tp->inet, NET_EV_PRI);
		}
	}
	if (tp->urg_data == TCP_URG_NOTYET) {
		uint32_t off = tp->urg_seq - seq;

		if (off < len) {
			tp->urg_data = (uint16_t)(TCP_URG_VALID | data[off]);
			inet_sock_wake(&tp->inet, NET_EV_IN | NET_EV_PRI);
		}
	}
}

/* Linux's __tcp_ack_snd_check: now, or later (delayed ACK). */
static void
ack_snd_check(struct tcp_sock *tp)
{
	if (!tp->ack_pending || tp->inet.state == TCP_TIME_WAIT)
		return;
	if (tp->rcv_unacked > tp->rcv_mss || (tp->quick && !tp->pingpong) || tp->quickack ||
	    tp->nooo) {
		if (tp->quick)
			tp->quick--;
		tcp_send_ack(tp);
		return;
	}
	tcp_send_delayed_ack(tp);
}

/* Receive buffer autotuning (Linux's tcp_rcv_space_adjust, simplified). */
void
tcp_rcv_space_adjust(struct tcp_sock *tp)
{
	struct inet_stack *stack = tp->inet.stack;
	uint64_t rtt = (tp->srtt_us ? tp->srtt_us : tp->rcv_rtt_us) * NSEC_PER_USEC;
	uint32_t copied;

	if (!rtt || stack->now - tp->rcvq_space_time < rtt)
		return;
	copied = tp->copied_seq - tp->rcvq_space_seq;
	if (copied > tp->rcvq_space) {
		tp->rcvq_space = copied;
		if (!tp->rcv_locked && tcp_sys(tp)->moderate_rcvbuf) {
			uint32_t want = 4 * copied, max = (uint32_t)tcp_sys(tp)->rmem[2];

			if (want > max)
				want = max;
			if (want > tp->rcv.size) {
				uint32_t slack = 1u << tp->rcv_wscale;

				if (!tcp_ring_resize(&tp->rcv, want + slack)) {
					tp->inet.rcvbuf = want;
				}
			}
		}
	}
	tp->rcvq_space_seq = tp->copied_seq;
	tp->rcvq_space_time = stack->now;
}

static bool
seq_acceptable(const struct tcp_sock *tp, uint32_t seq, uint32_t end_seq)
{
	return !before(end_seq, tp->rcv_wup) &&
	       !after(seq, tp->rcv_nxt + tcp_receive_window(tp));
}

void
tcp_rcv_state_process(struct tcp_sock *tp, struct pkt *p)
{
	struct inet_stack *stack = tp->inet.stack;
	const uint8_t *th = p->data;
	unsigned int hl = (unsigned int)(th[12] >> 4) * 4;
	uint8_t flags = th[13];
	uint32_t seq = get_be32(th + 4), ack = get_be32(th + 8);
	uint32_t len = p->len - hl;
	uint32_t end_seq = seq + len + !!(flags & TCPHDR_SYN) + !!(flags & TCPHDR_FIN);
	struct tcp_opts o;
	int state = tp->inet.state;

	tp->segs_in++;
	tp->rcv_tstamp = stack->now;
	tcp_parse_options(th, hl, flags & TCPHDR_SYN, &o);
	if (state == TCP_SYN_SENT) {
		if (syn_sent(tp, th, &o))
			tcp_send_reset_reply(stack, p);
		goto out;
	}
	if (state == TCP_CLOSE || state == TCP_LISTEN) {
		tcp_send_reset_reply(stack, p);
		goto out;
	}
	if (paws_reject(tp, &o, flags)) {
		TCPEXT_INC(tp, PAWSEstab);
		tcp_send_ack(tp);
		goto out;
	}
	if (!seq_acceptable(tp, seq, end_seq)) {
		if (!(flags & TCPHDR_RST)) {
			if (flags & TCPHDR_SYN)
				goto syn_challenge;
			tcp_send_ack(tp);
		} else if (seq == tp->rcv_nxt - 1 &&
			   (state == TCP_CLOSE_WAIT || state == TCP_LAST_ACK || state == TCP_CLOSING)) {
			goto reset;
		}
		goto out;
	}
	if (flags & TCPHDR_RST) {
		if (seq == tp->rcv_nxt ||
		    (seq == tp->rcv_nxt - 1 &&
		     (state == TCP_CLOSE_WAIT || state == TCP_LAST_ACK || state == TCP_CLOSING)))
			goto reset;
		tcp_send_challenge_ack(tp);
		goto out;
	}
	/* The receiver's own RTT estimate, from our echoed timestamp (Linux's
	 * tcp_rcv_rtt_measure_ts): it drives receive buffer autotuning. */
	if (len && o.saw_tstamp && tp->tstamp_ok && o.tsecr) {
		uint32_t d = tcp_time_stamp(tp) - o.tsecr;

		if (d < 60000) {
			uint64_t r = (uint64_t)(d ? d : 1) * 1000;

			tp->rcv_rtt_us = tp->rcv_rtt_us ? (7 * tp->rcv_rtt_us + r) / 8 : r;
		}
	}
	/* RFC 7323 4.3: remember the timestamp of an in-sequence segment. */
	if (o.saw_tstamp && tp->tstamp_ok && !after(seq, tp->rcv_wup) &&
	    (int32_t)(o.tsval - tp->ts_recent) >= 0) {
		tp->ts_recent = o.tsval;
		tp->ts_recent_stamp = stack->now;
	}
	if (flags & TCPHDR_SYN) {
syn_challenge:
		TCPEXT_INC(tp, TCPSYNChallenge);
		tcp_send_challenge_ack(tp);
		goto out;
	}
	if (!(flags & TCPHDR_ACK))
		goto out;
	if (state == TCP_SYN_RECV) {
		if (!after(ack, tp->snd_una) || after(ack, tp->snd_nxt)) {
			tcp_send_reset_reply(stack, p);
			goto out;
		}
		tp->snd_wnd = (uint32_t)get_be16(th + 14) << tp->snd_wscale;
		tp->max_window = tp->snd_wnd;
		tp->snd_wl1 = seq;
		tp->snd_wl2 = ack;
		tp->snd_una = ack;
		if (tp->rtt_timing) {
			tcp_rtt_sample(tp, (stack->now - tp->rtt_time) / NSEC_PER_USEC);
			tp->rtt_timing = false;
		} else if (!tp->srtt_us) {
			tp->rto = TCP_TIMEOUT_INIT;
		}
		net_timer_cancel(&stack->timers, &tp->t_rtx);
		tcp_finish_connect(tp);
		state = TCP_ESTABLISHED;
	} else if (tcp_ack(tp, seq, ack, get_be16(th + 14), &o, len, flags) < 0) {
		goto out;
	}
	if (tp->inet.state == TCP_CLOSE)
		goto out;
	/* Our FIN acknowledged? */
	if (tp->fin_queued && !before(tp->snd_una, tp->write_seq)) {
		switch (tp->inet.state) {
		case TCP_FIN_WAIT1:
			tcp_set_state(tp, TCP_FIN_WAIT2);
			tp->inet.shutdown |= SEND_SHUTDOWN;
			inet_sock_wake(&tp->inet, NET_EV_OUT);
			if (tp->orphan) {
				int tmo = tp->linger2 ? tp->linger2 : tcp_sys(tp)->fin_timeout;

				if (tmo < 0) {
					tcp_done(tp);
					TCPEXT_INC(tp, TCPAbortOnData);
					goto out;
				}
				tcp_set_keepalive_timer(tp, stack->now + (uint64_t)tmo * NSEC_PER_SEC);
			}
			break;
		case TCP_CLOSING:
			tcp_time_wait(tp, TCP_TIMEWAIT_LEN);
			goto out;
		case TCP_LAST_ACK:
			tcp_done(tp);
			goto out;
		}
	}
	state = tp->inet.state;
	if (len || (flags & (TCPHDR_FIN | TCPHDR_URG))) {
		if (state == TCP_ESTABLISHED || state == TCP_FIN_WAIT1 || state == TCP_FIN_WAIT2) {
			/* Data after close() (or shutdown(SHUT_RD)) for nobody: reset (RFC 1122). */
			if ((tp->orphan || (tp->inet.shutdown & RCV_SHUTDOWN)) && len &&
			    after(seq + len, tp->rcv_nxt) && state != TCP_ESTABLISHED) {
				TCPEXT_INC(tp, TCPAbortOnData);
				tcp_send_active_reset(tp);
				tcp_reset(tp);
				goto out;
			}
			if (flags & TCPHDR_URG || tp->urg_data == TCP_URG_NOTYET)
				tcp_urg(tp, th, seq, th + hl, len);
			data_queue(tp, th + hl, seq, len, flags & TCPHDR_FIN);
		}
	}
	if (tp->inet.state == TCP_CLOSE)
		goto out;
	ack_snd_check(tp);
	tcp_write_xmit(tp, false);
	if (tp->keepopen)
		tp->probes_out = 0;
out:
	pkt_free(p);
	tcp_maybe_free(tp);
	return;
reset:
	tcp_reset(tp);
	goto out;
}
