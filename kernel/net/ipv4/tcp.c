// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TCP calls a socket makes (include/kernel/net/tcp.h): send and
 * receive through the rings, shutdown and close (with Linux's reset when
 * unread data is thrown away, and SO_LINGER 0), poll readiness, the
 * options, TCP_INFO.
 */
#include <string.h>
#include "kernel/errno.h"
#include "kernel/slab.h"
#include "kernel/net/bpf.h"
#include "tcp_impl.h"
#include "uapi/socket.h"

/* Rings and the first window, once the MSS is known. */
void
tcp_init_buffers_and_window(struct tcp_sock *tp)
{
	struct tcp_sysctl *s = tcp_sys(tp);
	uint32_t rsize = tp->inet.rcvbuf, ssize = tp->inet.sndbuf;

	if (!tp->rcv_wscale && tp->inet.state == TCP_CLOSE && s->window_scaling) {
		uint32_t space = (uint32_t)s->rmem[2];

		while (space > 65535 && tp->rcv_wscale < TCP_MAX_WSCALE) {
			space >>= 1;
			tp->rcv_wscale++;
		}
	}
	if (!tp->rcv.buf)
		tcp_ring_resize(&tp->rcv, rsize + (1u << tp->rcv_wscale));
	if (!tp->snd.buf)
		tcp_ring_resize(&tp->snd, ssize);
	/* The first window: the whole ring, rounded down to full segments. */
	{
		uint32_t win = rsize, mss = tp->advmss ? tp->advmss : 536;

		if (win > 65535u << tp->rcv_wscale)
			win = 65535u << tp->rcv_wscale;
		if (win > mss)
			win -= win % mss;
		tp->rcv_wnd = win;
	}
}

static uint32_t
snd_free(const struct tcp_sock *tp)
{
	return tp->snd.size - tp->snd.len;
}

static bool
writeable(const struct tcp_sock *tp)
{
	uint32_t notsent = tcp_outq_notsent(tp);

	if (notsent >= tp->notsent_lowat)
		return false;
	/* Linux's sk_stream_is_writeable: free space at least half of what is queued. */
	return snd_free(tp) >= tp->snd.len / 2 && snd_free(tp) > 0;
}

int
tcp_sendmsg(struct tcp_sock *tp, const struct net_src *src, unsigned int flags, uint64_t now)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	size_t done = 0;
	int err = 0;

	inet_enter(stack, now);
	if (sk->state != TCP_ESTABLISHED && sk->state != TCP_CLOSE_WAIT) {
		if (sk->err) {
			err = -inet_sock_error(sk);
			goto out;
		}
		if (sk->state == TCP_SYN_SENT || sk->state == TCP_SYN_RECV) {
			err = -EAGAIN;
			goto out;
		}
		err = sk->state == TCP_CLOSE && !(sk->shutdown & SEND_SHUTDOWN) && !tp->snd_una ?
		      -ENOTCONN : -EPIPE;
		if (err == -EPIPE && sk->err)
			err = -inet_sock_error(sk);
		goto out;
	}
	if (sk->err) {
		err = -inet_sock_error(sk);
		goto out;
	}
	if (sk->shutdown & SEND_SHUTDOWN) {
		err = -EPIPE;
		goto out;
	}
	while (done < src->len) {
		uint32_t room = snd_free(tp), n, pos, first;

		if (!room) {
			tcp_grow_sndbuf(tp);
			room = snd_free(tp);
			if (!room)
				break;
		}
		n = src->len - done > room ? room : (uint32_t)(src->len - done);
		pos = (tp->snd.head + tp->snd.len) % tp->snd.size;
		first = tp->snd.size - pos;
		if (first > n)
			first = n;
		if (src->copy(src->ctx, tp->snd.buf + pos, done, first) ||
		    (n > first && src->copy(src->ctx, tp->snd.buf, done + first, n - first))) {
			err = -EFAULT;
			break;
		}
		tp->snd.len += n;
		tp->write_seq += n;
		done += n;
	}
	if (done && (flags & MSG_OOB))
		tp->snd_up = tp->write_seq;
	if (done)
		tcp_push(tp, flags);
	if (!done && !err)
		err = -EAGAIN;
out:
	inet_leave(stack);
	return done ? (int)done : err;
}

/* Copy n bytes at offset off from the receive ring to the reader. */
static int
copy_out(const struct tcp_sock *tp, const struct net_dst *dst, size_t doff, uint32_t off,
	 uint32_t n)
{
	const struct tcp_ring *r = &tp->rcv;
	uint32_t pos = (r->head + off) % r->size, first = r->size - pos;

	if (first > n)
		first = n;
	if (dst->copy && dst->copy(dst->ctx, doff, r->buf + pos, first))
		return -EFAULT;
	if (n > first && dst->copy && dst->copy(dst->ctx, doff + first, r->buf, n - first))
		return -EFAULT;
	return 0;
}

static void
rcv_consume(struct tcp_sock *tp, uint32_t n)
{
	tp->copied_seq += n;
	if (tp->rcv.size)
		tp->rcv.head = (tp->rcv.head + n) % tp->rcv.size;
}

/* Linux's tcp_cleanup_rbuf: after reading, tell the peer if the window grew a lot. */
static void
cleanup_rbuf(struct tcp_sock *tp, uint32_t copied)
{
	uint32_t now_win = tcp_receive_window(tp);
	uint32_t used = tp->rcv_nxt - tp->copied_seq;
	uint32_t room = tp->rcv.size > used ? tp->rcv.size - used : 0;

	if (!copied || (tp->inet.shutdown & RCV_SHUTDOWN))
		return;
	if (tp->ack_pending && (tp->rcv_unacked > tp->rcv_mss || tp->quick)) {
		tcp_send_ack(tp);
		return;
	}
	if (2 * now_win <= room && room >= 2 * now_win + tp->rcv_mss)
		tcp_send_ack(tp);
}

static int
recv_urg(struct tcp_sock *tp, const struct net_dst *dst, unsigned int flags)
{
	if (tp->oobinline || !tp->urg_data || tp->urg_data == TCP_URG_READ)
		return -EINVAL;
	if (tp->urg_data & TCP_URG_VALID) {
		uint8_t c = (uint8_t)tp->urg_data;

		if (!(flags & MSG_PEEK))
			tp->urg_data = TCP_URG_READ;
		if (dst->len && dst->copy && dst->copy(dst->ctx, 0, &c, 1))
			return -EFAULT;
		return dst->len ? 1 : 0;
	}
	if (tp->inet.state == TCP_CLOSE || (tp->inet.shutdown & RCV_SHUTDOWN))
		return 0;
	return -EAGAIN;
}

int
tcp_recvmsg(struct tcp_sock *tp, const struct net_dst *dst, unsigned int flags, uint64_t now)
{
	struct inet_sock *sk = &tp->inet;
	uint32_t avail, n, off = 0;
	size_t copied = 0;
	int err = 0;

	if (sk->state == TCP_LISTEN)
		return -ENOTCONN;
	inet_enter(sk->stack, now);
	if (flags & MSG_OOB) {
		err = recv_urg(tp, dst, flags);
		goto out;
	}
	while (copied < dst->len) {
		avail = tp->rcv_nxt - tp->copied_seq - off;
		/* A FIN took one sequence number and no byte. */
		if (avail && tp->fin_in && tp->rcv_nxt == tp->copied_seq + off + avail)
			avail--;
		if (!avail)
			break;
		/* The urgent mark: stop before it; skip the byte itself when at it. */
		if (tp->urg_data && !tp->oobinline) {
			uint32_t uoff = tp->urg_seq - (tp->copied_seq + off);

			if (uoff < avail) {
				if (!uoff) {
					if (copied)
						break;
					if (!(flags & MSG_PEEK))
						rcv_consume(tp, 1);
					else
						off++;
					avail--;
					if (!avail)
						break;
				} else {
					avail = uoff;
				}
			}
		}
		n = dst->len - copied > avail ? avail : (uint32_t)(dst->len - copied);
		if (!(flags & MSG_TRUNC) && copy_out(tp, dst, copied, off, n)) {
			err = -EFAULT;
			break;
		}
		copied += n;
		if (flags & MSG_PEEK)
			off += n;
		else
			rcv_consume(tp, n);
		if (tp->urg_data && after(tp->copied_seq, tp->urg_seq))
			tp->urg_data = 0;
		if (tp->urg_data && !tp->oobinline && tp->urg_seq == tp->copied_seq + off)
			break;
	}
	if (copied) {
		if (!(flags & MSG_PEEK)) {
			cleanup_rbuf(tp, (uint32_t)copied);
			tcp_rcv_space_adjust(tp);
		}
		goto out;
	}
	if (err)
		goto out;
	if (sk->err) {
		err = -inet_sock_error(sk);
		goto out;
	}
	if (sk->shutdown & RCV_SHUTDOWN)
		goto out;	/* 0: end of stream */
	if (sk->state == TCP_CLOSE) {
		err = tp->snd_una || tp->rcv_nxt ? 0 : -ENOTCONN;
		goto out;
	}
	err = -EAGAIN;
out:
	inet_leave(sk->stack);
	return copied ? (int)copied : err;
}

/* Linux's tcp_close_state: the next state, and whether a FIN must go out. */
static bool
close_state(struct tcp_sock *tp)
{
	switch (tp->inet.state) {
	case TCP_ESTABLISHED:
	case TCP_SYN_RECV:
		tcp_set_state(tp, TCP_FIN_WAIT1);
		return true;
	case TCP_CLOSE_WAIT:
		tcp_set_state(tp, TCP_LAST_ACK);
		return true;
	case TCP_SYN_SENT:
	case TCP_LISTEN:
	case TCP_TIME_WAIT:
		tcp_set_state(tp, TCP_CLOSE);
		return false;
	default:
		return false;
	}
}

int
tcp_shutdown(struct tcp_sock *tp, int how, uint64_t now)
{
	struct inet_sock *sk = &tp->inet;
	unsigned int mask = (unsigned int)how + 1;	/* SHUT_RD -> RCV_SHUTDOWN... */
	int err = 0;

	inet_enter(sk->stack, now);
	switch (sk->state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		sk->shutdown |= mask;
		break;
	case TCP_LISTEN:
		if (!(mask & RCV_SHUTDOWN))
			break;
		/* FALLTHROUGH */
	case TCP_SYN_SENT:
		/* Linux disconnects a listener or a connect in progress. */
		tcp_done(tp);
		sk->shutdown = 0;
		break;
	default:
		sk->shutdown |= mask;
		if ((mask & SEND_SHUTDOWN) &&
		    (sk->state == TCP_ESTABLISHED || sk->state == TCP_SYN_RECV ||
		     sk->state == TCP_CLOSE_WAIT) && close_state(tp))
			tcp_send_fin(tp);
		inet_sock_wake(sk, NET_EV_IN | NET_EV_OUT);
		break;
	}
	inet_leave(sk->stack);
	return err;
}

void
tcp_close(struct tcp_sock *tp, uint64_t now)
{
	struct inet_sock *sk = &tp->inet;
	struct inet_stack *stack = sk->stack;
	uint32_t unread;

	inet_enter(stack, now);
	sk->wake = NULL;
	sk->owner = NULL;
	tp->orphan = true;
	stack->tcp->orphans++;
	sk->shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
	if (sk->filter) {
		sk_filter_free(sk->filter);
		sk->filter = NULL;
	}
	if (sk->state == TCP_LISTEN) {
		tcp_done(tp);
		goto out;
	}
	if (sk->state == TCP_TIME_WAIT) {
		tcp_time_wait_trim(tp);
		goto out;	/* it lives on as an orphan until its timer */
	}
	unread = tcp_inq(tp);
	if (sk->state == TCP_CLOSE) {
		tcp_done(tp);
		goto out;
	}
	if (unread) {
		/* Data thrown away: reset, as Linux does (RFC 2525 2.17). */
		TCPEXT_INC(tp, TCPAbortOnClose);
		tcp_set_state(tp, TCP_CLOSE);
		tcp_send_active_reset(tp);
		tcp_done(tp);
	} else if (tp->linger == 0) {
		int old = sk->state;

		TCPEXT_INC(tp, TCPAbortOnData);
		if (old == TCP_ESTABLISHED || old == TCP_CLOSE_WAIT || old == TCP_FIN_WAIT1 ||
		    old == TCP_FIN_WAIT2 || old == TCP_SYN_RECV ||
		    (tp->snd_nxt != tp->write_seq && (old == TCP_CLOSING || old == TCP_LAST_ACK)))
			tcp_send_active_reset(tp);
		tcp_done(tp);
	} else if (close_state(tp)) {
		tcp_send_fin(tp);
	} else if (sk->state == TCP_CLOSE) {
		tcp_done(tp);
	}
	if (sk->state == TCP_FIN_WAIT2) {
		int tmo = tp->linger2 ? tp->linger2 : tcp_sys(tp)->fin_timeout;

		if (tmo < 0) {
			tcp_send_active_reset(tp);
			tcp_done(tp);
		} else {
			tcp_set_keepalive_timer(tp, stack->now + (uint64_t)tmo * NSEC_PER_SEC);
		}
	}
out:
	tcp_maybe_free(tp);
	inet_leave(stack);
}

uint32_t
tcp_inq(const struct tcp_sock *tp)
{
	uint32_t n = tp->rcv_nxt - tp->copied_seq;

	if (n && tp->fin_in)
		n--;	/* the FIN */
	if (tp->urg_data && !tp->oobinline && before(tp->urg_seq, tp->copied_seq + n) &&
	    !before(tp->urg_seq, tp->copied_seq))
		n--;
	return n;
}

uint32_t
tcp_outq(const struct tcp_sock *tp)
{
	return tp->snd.len;
}

uint32_t
tcp_outq_notsent(const struct tcp_sock *tp)
{
	uint32_t end = tp->fin_queued ? tp->fin_seq : tp->write_seq;

	return after(end, tp->snd_nxt) ? end - tp->snd_nxt : 0;
}

bool
tcp_at_mark(const struct tcp_sock *tp)
{
	return tp->urg_data && tp->urg_seq == tp->copied_seq;
}

unsigned int
tcp_poll(const struct tcp_sock *tp)
{
	const struct inet_sock *sk = &tp->inet;
	unsigned int mask = 0;

	if (sk->state == TCP_LISTEN)
		return tp->accept_len ? NET_EV_IN : 0;
	if (sk->shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN) || sk->state == TCP_CLOSE)
		mask |= NET_EV_HUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= NET_EV_IN | NET_EV_RDHUP;
	if (sk->state != TCP_SYN_SENT && sk->state != TCP_SYN_RECV) {
		if (tcp_inq(tp) > 0)
			mask |= NET_EV_IN;
		if (!(sk->shutdown & SEND_SHUTDOWN)) {
			if (writeable(tp))
				mask |= NET_EV_OUT;
		} else {
			mask |= NET_EV_OUT;
		}
		if (tp->urg_data & TCP_URG_VALID)
			mask |= NET_EV_PRI;
	}
	if (sk->err || !pkt_queue_empty(&sk->errq))
		mask |= NET_EV_ERR;
	return mask;
}

void
tcp_get_info(const struct tcp_sock *tp, struct tcp_info *info, uint64_t now)
{
	uint32_t mss = tp->mss_cache ? tp->mss_cache : 1;

	memset(info, 0, sizeof(*info));
	info->tcpi_state = tp->inet.state;
	info->tcpi_ca_state = tp->ca_state;
	info->tcpi_retransmits = (uint8_t)tp->retransmits;
	info->tcpi_probes = (uint8_t)tp->probes_out;
	info->tcpi_backoff = (uint8_t)tp->backoff;
	if (tp->tstamp_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tp->snd_wscale;
		info->tcpi_rcv_wscale = tp->rcv_wscale;
	}
	info->tcpi_rto = (uint32_t)(tp->rto / NSEC_PER_USEC);
	info->tcpi_ato = (uint32_t)(tp->ato / NSEC_PER_USEC);
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = tp->rcv_mss;
	info->tcpi_unacked = (tp->snd_nxt - tp->snd_una + mss - 1) / mss;
	info->tcpi_sacked = (tcp_sacked_bytes(tp) + mss - 1) / mss;
	info->tcpi_last_data_sent = tp->last_data_sent ? (uint32_t)((now - tp->last_data_sent) / NSEC_PER_MSEC) : 0;
	info->tcpi_last_data_recv = tp->last_data_recv ? (uint32_t)((now - tp->last_data_recv) / NSEC_PER_MSEC) : 0;
	info->tcpi_last_ack_recv = tp->last_ack_recv ? (uint32_t)((now - tp->last_ack_recv) / NSEC_PER_MSEC) : 0;
	info->tcpi_pmtu = tp->pmtu;
	info->tcpi_rcv_ssthresh = tp->rcv_wnd;
	info->tcpi_rtt = (uint32_t)tp->srtt_us;
	info->tcpi_rttvar = (uint32_t)tp->rttvar_us;
	info->tcpi_snd_ssthresh = tp->ssthresh >= 0x7fffffff ? 0x7fffffff : tp->ssthresh / mss;
	info->tcpi_snd_cwnd = tp->cwnd / mss;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_reordering = (uint32_t)tcp_sys(tp)->reordering;
	info->tcpi_rcv_space = tp->rcvq_space;
	info->tcpi_total_retrans = tp->total_retrans;
	info->tcpi_bytes_acked = tp->bytes_acked;
	info->tcpi_bytes_received = tp->bytes_received;
	info->tcpi_segs_out = tp->segs_out;
	info->tcpi_segs_in = tp->segs_in;
	info->tcpi_notsent_bytes = tcp_outq_notsent(tp);
	info->tcpi_min_rtt = tp->min_rtt_us == UINT64_MAX ? 0 : (uint32_t)tp->min_rtt_us;
	info->tcpi_data_segs_in = tp->data_segs_in;
	info->tcpi_data_segs_out = tp->data_segs_out;
	info->tcpi_delivered = tp->delivered;
	info->tcpi_bytes_sent = tp->bytes_sent;
	info->tcpi_bytes_retrans = tp->bytes_retrans;
	info->tcpi_dsack_dups = tp->dsack_dups;
	info->tcpi_rcv_ooopack = tp->rcv_ooopack;
	info->tcpi_snd_wnd = tp->snd_wnd;
}

int
tcp_setsockopt(struct tcp_sock *tp, int level, int name, int val, uint64_t now)
{
	inet_enter(tp->inet.stack, now);
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_KEEPALIVE:
			tp->keepopen = val != 0;
			if (tp->keepopen && (tp->inet.state == TCP_ESTABLISHED ||
					     tp->inet.state == TCP_CLOSE_WAIT))
				tcp_reset_keepalive(tp);
			else if (!tp->keepopen && tp->inet.state != TCP_TIME_WAIT &&
				 tp->inet.state != TCP_FIN_WAIT2)
				net_timer_cancel(&tp->inet.stack->timers, &tp->t_keep);
			break;
		case SO_OOBINLINE:
			tp->oobinline = val != 0;
			break;
		case SO_RCVBUF:
			/* The glue passes Linux's doubled value; rings grow lazily. */
			tp->inet.rcvbuf = (unsigned int)val;
			tp->rcv_locked = true;
			break;
		case SO_SNDBUF:
			tp->inet.sndbuf = (unsigned int)val;
			tp->snd_locked = true;
			if (tp->snd.buf && (uint32_t)val > tp->snd.size)
				tcp_ring_resize(&tp->snd, (uint32_t)val);
			break;
		case SO_LINGER:
			tp->linger = val;
			break;
		default:
			goto noopt;
		}
		goto ok;
	}
	if (level != SOL_TCP)
		goto noopt;
	switch (name) {
	case TCP_NODELAY:
		tp->nodelay = val != 0;
		if (tp->nodelay)
			tcp_push(tp, 0);
		break;
	case TCP_CORK:
		tp->cork = val != 0;
		if (!tp->cork) {
			/* Uncorking sends the partial segment at once (Linux). */
			bool nd = tp->nodelay;

			tp->nodelay = true;
			tcp_push(tp, 0);
			tp->nodelay = nd;
		}
		break;
	case TCP_MAXSEG:
		if (val && (val < TCP_MIN_MSS || val > 65535 - 40))
			goto inval;
		tp->user_mss = (uint16_t)val;
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > 32767)
			goto inval;
		tp->keepidle = val;
		if (tp->keepopen && tp->inet.state == TCP_ESTABLISHED)
			tcp_reset_keepalive(tp);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > 32767)
			goto inval;
		tp->keepintvl = val;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > 127)
			goto inval;
		tp->keepcnt = val;
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > 127)
			goto inval;
		tp->syn_retries = val;
		break;
	case TCP_LINGER2:
		tp->linger2 = val < 0 ? -1 : val > tcp_sys(tp)->fin_timeout ? 0 : val;
		break;
	case TCP_WINDOW_CLAMP:
		if (!val) {
			if (tp->inet.state != TCP_CLOSE)
				goto inval;
			tp->window_clamp = 0;
		} else {
			tp->window_clamp = (uint32_t)val < 2048 / 2 ? 2048 / 2 : (uint32_t)val;
		}
		break;
	case TCP_QUICKACK:
		tp->quickack = val & 1;
		if (tp->quickack && tp->ack_pending)
			tcp_send_ack(tp);
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			goto inval;
		tp->user_timeout = (uint32_t)val;
		break;
	case TCP_NOTSENT_LOWAT:
		tp->notsent_lowat = (uint32_t)val;
		break;
	default:
		goto noopt;
	}
ok:
	inet_leave(tp->inet.stack);
	return 0;
inval:
	inet_leave(tp->inet.stack);
	return -EINVAL;
noopt:
	inet_leave(tp->inet.stack);
	return -ENOPROTOOPT;
}

int
tcp_getsockopt(const struct tcp_sock *tp, int level, int name, int *val)
{
	const struct tcp_sysctl *s = tcp_sys(tp);

	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_KEEPALIVE:
			*val = tp->keepopen;
			return 0;
		case SO_OOBINLINE:
			*val = tp->oobinline;
			return 0;
		case SO_ACCEPTCONN:
			*val = tp->inet.state == TCP_LISTEN;
			return 0;
		}
		return -ENOPROTOOPT;
	}
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	switch (name) {
	case TCP_NODELAY:
		*val = tp->nodelay;
		break;
	case TCP_CORK:
		*val = tp->cork;
		break;
	case TCP_MAXSEG:
		*val = tp->inet.state == TCP_CLOSE || tp->inet.state == TCP_LISTEN ?
		       (tp->user_mss ? tp->user_mss : TCP_MSS_DEFAULT) : tp->mss_cache;
		break;
	case TCP_KEEPIDLE:
		*val = tp->keepidle ? tp->keepidle : s->keepalive_time;
		break;
	case TCP_KEEPINTVL:
		*val = tp->keepintvl ? tp->keepintvl : s->keepalive_intvl;
		break;
	case TCP_KEEPCNT:
		*val = tp->keepcnt ? tp->keepcnt : s->keepalive_probes;
		break;
	case TCP_SYNCNT:
		*val = tp->syn_retries ? tp->syn_retries : s->syn_retries;
		break;
	case TCP_LINGER2:
		*val = tp->linger2 ? (tp->linger2 < 0 ? -1 : tp->linger2) : s->fin_timeout;
		break;
	case TCP_WINDOW_CLAMP:
		*val = (int)tp->window_clamp;
		break;
	case TCP_QUICKACK:
		*val = tp->quickack || tp->quick;
		break;
	case TCP_USER_TIMEOUT:
		*val = (int)tp->user_timeout;
		break;
	case TCP_NOTSENT_LOWAT:
		*val = (int)tp->notsent_lowat;
		break;
	case TCP_INQ:
		*val = 0;
		break;
	default:
		return -ENOPROTOOPT;
	}
	return 0;
}
