// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP congestion control and loss recovery: NewReno congestion control
 * (RFC 5681: slow start with appropriate byte counting, congestion
 * avoidance, halving on loss; Linux's loss window of one segment after a
 * timeout), SACK-based recovery (RFC 6675: the scoreboard, IsLost, Pipe,
 * NextSeg), and NewReno fast recovery (RFC 6582) with peers that do not
 * do SACK.
 *
 * The scoreboard is a sorted list of SACKed ranges above snd_una. With
 * DupThresh = net.ipv4.tcp_reordering (3), every byte not SACKed below
 * the start of the range where "DupThresh ranges or more than
 * (DupThresh - 1) * MSS bytes are SACKed above" counts as lost
 * (tcp_lost_end); after a timeout everything below the recovery point
 * counts as lost.
 */
#include <string.h>
#include "tcp_impl.h"

static uint32_t
smss(const struct tcp_sock *tp)
{
	return tp->mss_cache ? tp->mss_cache : TCP_MSS_DEFAULT;
}

void
tcp_init_cwnd(struct tcp_sock *tp)
{
	tp->cwnd = TCP_INIT_CWND * smss(tp);
	if (!tp->ssthresh)
		tp->ssthresh = 0x7fffffff;
	tp->ca_state = TCP_CA_Open;
	tp->dupacks = 0;
	tp->nsacked = 0;
	tp->high_rxt = tp->snd_una;
}

static void
sacked_trim(struct tcp_sock *tp)
{
	int i = 0;

	while (i < tp->nsacked && !after(tp->sacked[i].end, tp->snd_una))
		i++;
	if (i) {
		memmove(tp->sacked, tp->sacked + i, sizeof(tp->sacked[0]) * (size_t)(tp->nsacked - i));
		tp->nsacked -= i;
	}
	if (tp->nsacked && before(tp->sacked[0].start, tp->snd_una))
		tp->sacked[0].start = tp->snd_una;
}

static void
sacked_insert(struct tcp_sock *tp, uint32_t s, uint32_t e)
{
	int i;

	for (i = 0; i < tp->nsacked; i++) {
		struct tcp_range *r = &tp->sacked[i];

		if (!after(s, r->end) && !before(e, r->start)) {
			if (before(s, r->start))
				r->start = s;
			if (after(e, r->end))
				r->end = e;
			while (i + 1 < tp->nsacked && !after(tp->sacked[i + 1].start, r->end)) {
				if (after(tp->sacked[i + 1].end, r->end))
					r->end = tp->sacked[i + 1].end;
				memmove(&tp->sacked[i + 1], &tp->sacked[i + 2],
					sizeof(tp->sacked[0]) * (size_t)(tp->nsacked - i - 2));
				tp->nsacked--;
			}
			return;
		}
		if (before(e, r->start))
			break;
	}
	if (tp->nsacked >= TCP_MAX_SACKS) {
		/* Full: forget the highest range (it is the least useful for recovery). */
		if (i >= tp->nsacked)
			return;
		tp->nsacked--;
	}
	memmove(&tp->sacked[i + 1], &tp->sacked[i], sizeof(tp->sacked[0]) * (size_t)(tp->nsacked - i));
	tp->sacked[i].start = s;
	tp->sacked[i].end = e;
	tp->nsacked++;
}

void
tcp_sack_update(struct tcp_sock *tp, const struct tcp_opts *o, uint32_t ack)
{
	for (int i = 0; i < o->nsacks; i++) {
		uint32_t s = o->sacks[i].start, e = o->sacks[i].end;

		if (!after(e, s))
			continue;
		/* D-SACK (RFC 2883): the first block below the ACK, or inside the second. */
		if (i == 0 && (!after(e, ack) ||
			       (o->nsacks > 1 && !before(s, o->sacks[1].start) &&
				!after(e, o->sacks[1].end)))) {
			tp->dsack_dups++;
			TCPEXT_INC(tp, TCPDSACKRecv);
			continue;
		}
		if (!after(e, tp->snd_una) || after(e, tp->snd_nxt) || before(s, tp->snd_una - tp->max_window))
			continue;
		if (before(s, tp->snd_una))
			s = tp->snd_una;
		sacked_insert(tp, s, e);
	}
	sacked_trim(tp);
}

uint32_t
tcp_sacked_bytes(const struct tcp_sock *tp)
{
	uint32_t n = 0;

	for (int i = 0; i < tp->nsacked; i++)
		n += tp->sacked[i].end - tp->sacked[i].start;
	return n;
}

/* Everything not SACKed below this is lost (RFC 6675 IsLost). */
uint32_t
tcp_lost_end(const struct tcp_sock *tp)
{
	unsigned int dt = (unsigned int)tcp_sys(tp)->reordering;
	uint32_t bytes = 0;

	if (tp->ca_state == TCP_CA_Loss)
		return tp->recover;
	if (!tp->sack_ok) {
		/* NewReno: only the head is known lost, once recovery started. */
		if (tp->ca_state == TCP_CA_Recovery)
			return tp->snd_una + smss(tp);
		return tp->snd_una;
	}
	for (int i = tp->nsacked - 1, count = 1; i >= 0; i--, count++) {
		bytes += tp->sacked[i].end - tp->sacked[i].start;
		if ((unsigned int)count >= dt || bytes > (dt - 1) * smss(tp))
			return tp->sacked[i].start;
	}
	return tp->snd_una;
}

/* Bytes not SACKed in [a, b). */
static uint32_t
unsacked_between(const struct tcp_sock *tp, uint32_t a, uint32_t b)
{
	uint32_t n;

	if (!after(b, a))
		return 0;
	n = b - a;
	for (int i = 0; i < tp->nsacked; i++) {
		uint32_t s = tp->sacked[i].start, e = tp->sacked[i].end;

		if (before(s, a))
			s = a;
		if (after(e, b))
			e = b;
		if (after(e, s))
			n -= e - s;
	}
	return n;
}

/* RFC 6675 Pipe: bytes believed in the network. */
uint32_t
tcp_pipe(const struct tcp_sock *tp)
{
	uint32_t lost = tcp_lost_end(tp), hr = tp->high_rxt;

	if (!tp->sack_ok && tp->ca_state != TCP_CA_Loss)
		return tp->snd_nxt - tp->snd_una;
	if (before(lost, tp->snd_una))
		lost = tp->snd_una;
	if (after(lost, tp->snd_nxt))
		lost = tp->snd_nxt;
	if (after(hr, lost))
		hr = lost;
	return unsacked_between(tp, lost, tp->snd_nxt) + unsacked_between(tp, tp->snd_una, hr);
}

/* RFC 6675 NextSeg (rule 1): the first lost byte not yet retransmitted. */
bool
tcp_next_lost(struct tcp_sock *tp, uint32_t *seqp, uint32_t *lenp)
{
	uint32_t lost = tcp_lost_end(tp), seq = tp->high_rxt, len;
	uint32_t dend = tp->fin_queued ? tp->fin_seq : tp->write_seq;

	if (before(seq, tp->snd_una))
		seq = tp->snd_una;
	if (after(lost, tp->snd_nxt))
		lost = tp->snd_nxt;
	/* Skip SACKed ranges. */
	for (int i = 0; i < tp->nsacked; i++)
		if (!before(seq, tp->sacked[i].start) && before(seq, tp->sacked[i].end))
			seq = tp->sacked[i].end;
	if (!before(seq, lost))
		return false;
	len = lost - seq;
	for (int i = 0; i < tp->nsacked; i++)
		if (after(tp->sacked[i].start, seq) && before(tp->sacked[i].start, seq + len))
			len = tp->sacked[i].start - seq;
	if (len > smss(tp))
		len = smss(tp);
	if (after(seq + len, dend))
		len = after(dend, seq) ? dend - seq : 0;
	if (!len && !(tp->fin_queued && seq == tp->fin_seq))
		return false;
	*seqp = seq;
	*lenp = len;
	return true;
}

static uint32_t
reno_ssthresh(const struct tcp_sock *tp)
{
	uint32_t half = tp->cwnd / 2;

	return half > 2 * smss(tp) ? half : 2 * smss(tp);
}

void
tcp_enter_loss(struct tcp_sock *tp)
{
	if (tp->ca_state != TCP_CA_Loss || tp->retransmits == 0) {
		tp->prior_cwnd = tp->cwnd;
		tp->ssthresh = reno_ssthresh(tp);
	}
	tp->cwnd = smss(tp);
	tp->bytes_acked_ca = 0;
	tp->ca_state = TCP_CA_Loss;
	tp->recover = tp->snd_nxt;
	tp->high_rxt = tp->snd_una;
	tp->dupacks = 0;
}

static void
enter_recovery(struct tcp_sock *tp)
{
	tp->prior_cwnd = tp->cwnd;
	tp->ssthresh = reno_ssthresh(tp);
	tp->recover = tp->snd_nxt;
	tp->high_rxt = tp->snd_una;
	if (tp->sack_ok) {
		tp->cwnd = tp->ssthresh;
		TCPEXT_INC(tp, TCPSACKRecovery);
	} else {
		tp->cwnd = tp->ssthresh + 3 * smss(tp);
		TCPEXT_INC(tp, TCPRenoRecovery);
	}
	tp->ca_state = TCP_CA_Recovery;
	tp->bytes_acked_ca = 0;
}

static void
cong_avoid(struct tcp_sock *tp, uint32_t acked, uint32_t prior_flight)
{
	uint32_t mss = smss(tp);

	/* Grow only when the window was what limited us (RFC 7661). */
	if (prior_flight + 2 * mss < tp->cwnd)
		return;
	if (tp->cwnd < tp->ssthresh) {
		tp->cwnd += acked < 2 * mss ? acked : 2 * mss;	/* ABC, L = 2 (RFC 3465) */
		return;
	}
	tp->bytes_acked_ca += acked;
	if (tp->bytes_acked_ca >= tp->cwnd) {
		tp->bytes_acked_ca -= tp->cwnd;
		tp->cwnd += mss;
	}
}

void
tcp_cong_on_ack(struct tcp_sock *tp, uint32_t acked, uint32_t ack, bool dup)
{
	uint32_t mss = smss(tp);
	uint32_t prior_flight = tp->snd_nxt - tp->snd_una + acked;
	unsigned int dt = (unsigned int)tcp_sys(tp)->reordering;

	switch (tp->ca_state) {
	case TCP_CA_Open:
	case TCP_CA_Disorder:
		if (acked) {
			tp->dupacks = 0;
			cong_avoid(tp, acked, prior_flight);
		} else if (dup) {
			tp->dupacks++;
		}
		if (tp->snd_nxt == tp->snd_una) {
			tp->ca_state = TCP_CA_Open;
			break;
		}
		if (tp->dupacks >= dt ||
		    (tp->sack_ok && after(tcp_lost_end(tp), tp->snd_una))) {
			enter_recovery(tp);
			break;
		}
		tp->ca_state = (tp->dupacks || tp->nsacked) ? TCP_CA_Disorder : TCP_CA_Open;
		break;
	case TCP_CA_Recovery:
		if (!before(ack, tp->recover)) {
			tp->cwnd = tp->ssthresh;
			tp->ca_state = TCP_CA_Open;
			tp->dupacks = 0;
			break;
		}
		if (!tp->sack_ok) {
			if (acked) {
				/* Partial ACK: the next hole goes out, the window deflates. */
				tp->high_rxt = tp->snd_una;
				tp->cwnd = tp->cwnd > acked ? tp->cwnd - acked : mss;
				if (acked >= mss)
					tp->cwnd += mss;
			} else if (dup) {
				tp->cwnd += mss;
			}
		}
		break;
	case TCP_CA_Loss:
		if (!before(ack, tp->recover)) {
			tp->ca_state = TCP_CA_Open;
			tp->dupacks = 0;
		}
		if (acked)
			cong_avoid(tp, acked, prior_flight);
		break;
	}
}
