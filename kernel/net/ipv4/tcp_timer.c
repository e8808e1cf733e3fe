// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP timers (Linux's tcp_timer.c): retransmission with RFC 6298
 * estimation and exponential backoff, giving up after tcp_syn_retries
 * (connect) or the time tcp_retries2 retransmissions take; zero-window
 * probes; the delayed ACK; keepalive; FIN_WAIT2 and TIME_WAIT lifetimes.
 *
 * A callback may end the connection; it then frees the socket last
 * (tcp_maybe_free) and touches nothing after.
 */
#include "kernel/errno.h"
#include "kernel/net/icmp.h"
#include "tcp_impl.h"

static void rtx_timer(struct net_timer *t, uint64_t now);
static void delack_timer(struct net_timer *t, uint64_t now);
static void keep_timer(struct net_timer *t, uint64_t now);

void
tcp_init_timers(struct tcp_sock *tp)
{
	net_timer_init(&tp->t_rtx, rtx_timer);
	net_timer_init(&tp->t_delack, delack_timer);
	net_timer_init(&tp->t_keep, keep_timer);
}

void
tcp_clear_timers(struct tcp_sock *tp)
{
	struct net_timer_base *b = &tp->inet.stack->timers;

	net_timer_cancel(b, &tp->t_rtx);
	net_timer_cancel(b, &tp->t_delack);
	net_timer_cancel(b, &tp->t_keep);
}

static uint64_t
backed_off_rto(const struct tcp_sock *tp)
{
	uint64_t rto = tp->rto;

	for (unsigned int i = 0; i < tp->backoff && rto < TCP_RTO_MAX; i++)
		rto <<= 1;
	return rto > TCP_RTO_MAX ? TCP_RTO_MAX : rto;
}

void
tcp_rearm_rto(struct tcp_sock *tp)
{
	tp->pending_rtx = TCP_TIMER_RETRANS;
	net_timer_arm(&tp->inet.stack->timers, &tp->t_rtx,
		      tp->inet.stack->now + backed_off_rto(tp));
}

/* RFC 6298 with Linux's floor: RTO = SRTT + max(4 RTTVAR, 200 ms). */
void
tcp_rtt_sample(struct tcp_sock *tp, uint64_t r)
{
	uint64_t var;

	if (!r)
		r = 1;
	if (r < tp->min_rtt_us)
		tp->min_rtt_us = r;
	if (!tp->srtt_us) {
		tp->srtt_us = r;
		tp->rttvar_us = r / 2;
	} else {
		uint64_t d = r > tp->srtt_us ? r - tp->srtt_us : tp->srtt_us - r;

		tp->rttvar_us = (3 * tp->rttvar_us + d) / 4;
		tp->srtt_us = (7 * tp->srtt_us + r) / 8;
	}
	var = 4 * tp->rttvar_us * NSEC_PER_USEC;
	if (var < TCP_RTO_MIN)
		var = TCP_RTO_MIN;
	tp->rto = tp->srtt_us * NSEC_PER_USEC + var;
	if (tp->rto > TCP_RTO_MAX)
		tp->rto = TCP_RTO_MAX;
}

/* The total time of `boundary` retransmissions from rto_base (Linux's tcp_model_timeout). */
static uint64_t
model_timeout(unsigned int boundary, uint64_t rto_base)
{
	uint64_t t = 0, rto = rto_base;

	for (unsigned int i = 0; i <= boundary; i++) {
		t += rto;
		rto = rto * 2 > TCP_RTO_MAX ? TCP_RTO_MAX : rto * 2;
	}
	return t;
}

static void
write_err(struct tcp_sock *tp)
{
	tp->inet.err = tp->inet.err_soft ? tp->inet.err_soft : ETIMEDOUT;
	TCPEXT_INC(tp, TCPAbortOnTimeout);
	tcp_done(tp);
}

/* Linux's tcp_write_timeout: true when the connection should give up. */
static bool
write_timeout(struct tcp_sock *tp)
{
	struct tcp_sysctl *s = tcp_sys(tp);
	uint64_t now = tp->inet.stack->now, limit;
	unsigned int retries;

	if (tp->inet.state == TCP_SYN_SENT || tp->inet.state == TCP_SYN_RECV) {
		retries = tp->syn_retries ? (unsigned int)tp->syn_retries :
			  (unsigned int)s->syn_retries;
		return tp->retransmits >= retries;
	}
	retries = (unsigned int)s->retries2;
	if (tp->orphan)
		retries = s->orphan_retries ? (unsigned int)s->orphan_retries : 8;
	if (tp->user_timeout)
		limit = (uint64_t)tp->user_timeout * NSEC_PER_MSEC;
	else
		limit = model_timeout(retries, TCP_RTO_MIN);
	return tp->retrans_stamp && now - tp->retrans_stamp >= limit;
}

static void
retransmit_timer(struct tcp_sock *tp)
{
	if (tp->snd_una == tp->snd_nxt && tp->inet.state != TCP_SYN_SENT &&
	    tp->inet.state != TCP_SYN_RECV)
		return;
	if (write_timeout(tp)) {
		write_err(tp);
		return;
	}
	TCPEXT_INC(tp, TCPTimeouts);
	if (tp->inet.state != TCP_SYN_SENT && tp->inet.state != TCP_SYN_RECV)
		tcp_enter_loss(tp);
	tcp_retransmit_head(tp);
	tp->retransmits++;
	tp->backoff++;
	tcp_rearm_rto(tp);
}

static void
probe_timer(struct tcp_sock *tp)
{
	struct tcp_sysctl *s = tcp_sys(tp);
	unsigned int max = (unsigned int)s->retries2;
	bool pending = (tp->fin_queued ? tp->fin_seq : tp->write_seq) != tp->snd_nxt ||
		       (tp->fin_queued && tp->snd_nxt == tp->fin_seq);

	if (tp->snd_nxt != tp->snd_una || !pending) {
		tp->probes_out = 0;
		return;
	}
	if (tp->orphan)
		max = s->orphan_retries ? (unsigned int)s->orphan_retries : 8;
	if (tp->probes_out >= max) {
		write_err(tp);
		return;
	}
	tp->probes_out++;
	tcp_send_probe0(tp);
	if (tp->snd_nxt == tp->snd_una) {
		if (tp->backoff < 16)
			tp->backoff++;
		tcp_check_probe_timer(tp);
	}
}

static void
rtx_timer(struct net_timer *t, uint64_t now)
{
	struct tcp_sock *tp = container_of(t, struct tcp_sock, t_rtx);

	(void)now;
	if (tp->inet.state == TCP_CLOSE || tp->inet.state == TCP_LISTEN)
		return;
	if (tp->pending_rtx == TCP_TIMER_PROBE0)
		probe_timer(tp);
	else
		retransmit_timer(tp);
	tcp_maybe_free(tp);
}

static void
delack_timer(struct net_timer *t, uint64_t now)
{
	struct tcp_sock *tp = container_of(t, struct tcp_sock, t_delack);

	(void)now;
	if (!tp->ack_pending || tp->inet.state == TCP_CLOSE)
		return;
	TCPEXT_INC(tp, DelayedACKs);
	/* Linux grows ato when interactive, to at most 200 ms. */
	if (tp->pingpong && tp->ato < TCP_DELACK_MAX)
		tp->ato = tp->ato * 2 > TCP_DELACK_MAX ? TCP_DELACK_MAX : tp->ato * 2;
	tcp_send_ack(tp);
}

uint64_t
tcp_keepalive_time(const struct tcp_sock *tp)
{
	int v = tp->keepidle ? tp->keepidle : tcp_sys(tp)->keepalive_time;

	return (uint64_t)v * NSEC_PER_SEC;
}

static uint64_t
keepalive_intvl(const struct tcp_sock *tp)
{
	int v = tp->keepintvl ? tp->keepintvl : tcp_sys(tp)->keepalive_intvl;

	return (uint64_t)v * NSEC_PER_SEC;
}

static unsigned int
keepalive_probes(const struct tcp_sock *tp)
{
	return (unsigned int)(tp->keepcnt ? tp->keepcnt : tcp_sys(tp)->keepalive_probes);
}

void
tcp_set_keepalive_timer(struct tcp_sock *tp, uint64_t when)
{
	net_timer_arm(&tp->inet.stack->timers, &tp->t_keep, when);
}

void
tcp_reset_keepalive(struct tcp_sock *tp)
{
	tcp_set_keepalive_timer(tp, tp->inet.stack->now + tcp_keepalive_time(tp));
}

/*
 * An orphan in TIME_WAIT only answers segments: its rings hold nothing
 * (all sent data was acknowledged, unread data would have reset the
 * connection on close), so give their memory back. Linux gets the same
 * by replacing the socket with a small timewait socket; here a storm of
 * short connections keeps tens of thousands of these for 60 s. The ACKs
 * it still sends advertise the window already offered (tcp_select_window
 * never shrinks it).
 */
void
tcp_time_wait_trim(struct tcp_sock *tp)
{
	if (tp->inet.state != TCP_TIME_WAIT || !tp->orphan || tp->snd.len || tcp_inq(tp))
		return;
	tcp_ring_free(&tp->snd);
	tcp_ring_free(&tp->rcv);
}

void
tcp_time_wait(struct tcp_sock *tp, uint64_t timeo)
{
	struct net_timer_base *b = &tp->inet.stack->timers;

	if (tp->inet.state != TCP_TIME_WAIT) {
		/*
		 * Beyond tcp_max_tw_buckets, Linux skips TIME_WAIT and closes
		 * at once (counted); the caller frees an orphan at its end.
		 */
		if (tp->inet.stack->tcp->tw >=
		    (unsigned int)tp->inet.stack->tcp->sysctl.max_tw_buckets) {
			TCPEXT_INC(tp, TCPTimeWaitOverflow);
			tcp_done(tp);
			return;
		}
		tcp_set_state(tp, TCP_TIME_WAIT);
		TCPEXT_INC(tp, TW);
		net_timer_cancel(b, &tp->t_rtx);
		net_timer_cancel(b, &tp->t_delack);
		tp->inet.shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
		inet_sock_wake(&tp->inet, NET_EV_IN | NET_EV_OUT | NET_EV_HUP);
		tcp_time_wait_trim(tp);
	}
	net_timer_arm(b, &tp->t_keep, tp->inet.stack->now + timeo);
}

static void
keep_timer(struct net_timer *t, uint64_t now)
{
	struct tcp_sock *tp = container_of(t, struct tcp_sock, t_keep);
	uint64_t elapsed, idle;

	switch (tp->inet.state) {
	case TCP_TIME_WAIT:
		tcp_done(tp);
		tcp_maybe_free(tp);
		return;
	case TCP_FIN_WAIT2:
		if (tp->orphan) {
			tcp_send_active_reset(tp);
			tcp_done(tp);
			tcp_maybe_free(tp);
		}
		return;
	case TCP_CLOSE:
	case TCP_LISTEN:
	case TCP_SYN_SENT:
		return;
	}
	if (!tp->keepopen)
		return;
	/* Data in flight or waiting: the retransmission timer watches. */
	if (tp->snd_nxt != tp->snd_una || tp->snd.len) {
		tcp_set_keepalive_timer(tp, now + tcp_keepalive_time(tp));
		return;
	}
	idle = tp->rcv_tstamp > tp->lrcvtime ? tp->rcv_tstamp : tp->lrcvtime;
	elapsed = now - idle;
	if (elapsed >= tcp_keepalive_time(tp)) {
		if (tp->probes_out >= keepalive_probes(tp) ||
		    (tp->user_timeout && tp->probes_out &&
		     elapsed >= (uint64_t)tp->user_timeout * NSEC_PER_MSEC)) {
			tcp_send_active_reset(tp);
			write_err(tp);
			tcp_maybe_free(tp);
			return;
		}
		TCPEXT_INC(tp, TCPKeepAlive);
		tcp_send_window_probe(tp);
		tp->probes_out++;
		tcp_set_keepalive_timer(tp, now + keepalive_intvl(tp));
		return;
	}
	tcp_set_keepalive_timer(tp, now + tcp_keepalive_time(tp) - elapsed);
}
