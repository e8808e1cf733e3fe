/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the TCP files share and nothing else needs (kernel/net/ipv4/tcp*.c).
 *
 *   tcp.c         the socket calls: send, receive, close, options, info
 *   tcp_ipv4.c    the tables, demultiplexing, connect, listen and the SYN
 *                 queue, resets to strays, ICMP errors, ISNs
 *   tcp_input.c   segment arrival: the state machine, ACKs, data, FIN
 *   tcp_output.c  building and sending segments, the send decision
 *   tcp_recovery.c congestion control and loss recovery (SACK, NewReno)
 *   tcp_timer.c   retransmission, probes, delayed ACK, keepalive, TIME_WAIT
 */
#ifndef KERNEL_NET_TCP_IMPL_H
#define KERNEL_NET_TCP_IMPL_H

#include "kernel/net/route.h"
#include "kernel/net/tcp.h"

#define TCP_BHASH	256
#define TCP_EHASH	1024

struct tcp_table {
	struct list_head bhash[TCP_BHASH];
	struct list_head ehash[TCP_EHASH];
	struct list_head rhash[TCP_EHASH];
	unsigned int inuse, orphans, tw, nreq, curr_estab;
	struct tcp_sysctl sysctl;
	uint64_t ext[TCPEXT_MAX];
	uint64_t challenge_stamp;
	unsigned int challenge_count;
	uint32_t isn_fixed;		/* tests: every ISN is this (0: random) */
};

#define TCP_RTO_MIN	(200 * NSEC_PER_MSEC)
#define TCP_RTO_MAX	(120 * NSEC_PER_SEC)
#define TCP_TIMEOUT_INIT (1 * NSEC_PER_SEC)
#define TCP_DELACK_MIN	(40 * NSEC_PER_MSEC)
#define TCP_DELACK_MAX	(200 * NSEC_PER_MSEC)
#define TCP_TIMEWAIT_LEN (60 * NSEC_PER_SEC)
#define TCP_PAWS_24DAYS	(24ULL * 86400 * NSEC_PER_SEC)
#define TCP_CORK_MAX	(200 * NSEC_PER_MSEC)
#define TCP_MAX_QUICKACKS 16

static inline struct tcp_table *
tcp_tab(const struct tcp_sock *tp)
{
	return tp->inet.stack->tcp;
}

static inline struct tcp_sysctl *
tcp_sys(const struct tcp_sock *tp)
{
	return &tp->inet.stack->tcp->sysctl;
}

#define TCPEXT_INC(tp, f) ((tp)->inet.stack->tcp->ext[TCPEXT_##f]++)

/* tcp_ipv4.c */
void tcp_set_state(struct tcp_sock *tp, int state);
void tcp_hash_established(struct tcp_sock *tp);
void tcp_unhash(struct tcp_sock *tp);
void tcp_done(struct tcp_sock *tp);
void tcp_maybe_free(struct tcp_sock *tp);
uint32_t tcp_isn(struct inet_stack *stack, uint32_t saddr, uint32_t daddr, uint16_t sport,
		 uint16_t dport, uint64_t now);
uint32_t tcp_ts_off(struct inet_stack *stack, uint32_t saddr, uint32_t daddr);
void tcp_send_reset_reply(struct inet_stack *stack, struct pkt *in);
void tcp_rcv_request(struct tcp_sock *listener, struct pkt *p, uint32_t isn);
int tcp_route(struct tcp_sock *tp, struct ip_route *rt);
void tcp_sync_mss(struct tcp_sock *tp, unsigned int pmtu);
void tcp_ring_free(struct tcp_ring *r);
int tcp_ring_resize(struct tcp_ring *r, uint32_t size);
struct tcp_sock *tcp_sock_alloc(struct inet_stack *stack);
void tcp_init_buffers_and_window(struct tcp_sock *tp);

/* tcp_input.c */
void tcp_rcv_state_process(struct tcp_sock *tp, struct pkt *p);
void tcp_reset(struct tcp_sock *tp);
void tcp_finish_connect(struct tcp_sock *tp);
uint32_t tcp_time_stamp(const struct tcp_sock *tp);
void tcp_rcv_space_adjust(struct tcp_sock *tp);

/* Parsed TCP options of a segment. */
struct tcp_opts {
	bool saw_mss, saw_wscale, sack_ok, saw_tstamp;
	uint16_t mss;
	uint8_t wscale;
	uint32_t tsval, tsecr;
	int nsacks;
	struct tcp_range sacks[4];
};
void tcp_parse_options(const uint8_t *th, unsigned int doff, bool syn, struct tcp_opts *o);

/* tcp_output.c */
int tcp_transmit(struct tcp_sock *tp, uint32_t seq, uint32_t len, uint8_t flags);
void tcp_write_xmit(struct tcp_sock *tp, bool push_one);
void tcp_push(struct tcp_sock *tp, unsigned int flags);
void tcp_send_ack(struct tcp_sock *tp);
void tcp_send_delayed_ack(struct tcp_sock *tp);
void tcp_send_fin(struct tcp_sock *tp);
void tcp_send_active_reset(struct tcp_sock *tp);
void tcp_send_syn(struct tcp_sock *tp);
void tcp_send_probe0(struct tcp_sock *tp);
void tcp_send_window_probe(struct tcp_sock *tp);
int tcp_send_synack(struct tcp_request *req);
uint32_t tcp_select_window(struct tcp_sock *tp);
uint32_t tcp_receive_window(const struct tcp_sock *tp);
unsigned int tcp_current_mss(struct tcp_sock *tp);
void tcp_send_challenge_ack(struct tcp_sock *tp);
void tcp_check_probe_timer(struct tcp_sock *tp);
void tcp_retransmit_head(struct tcp_sock *tp);
uint32_t tcp_flight(const struct tcp_sock *tp);
void tcp_grow_sndbuf(struct tcp_sock *tp);

/* tcp_recovery.c */
void tcp_init_cwnd(struct tcp_sock *tp);
void tcp_sack_update(struct tcp_sock *tp, const struct tcp_opts *o, uint32_t ack);
void tcp_cong_on_ack(struct tcp_sock *tp, uint32_t acked, uint32_t ack, bool dup);
void tcp_enter_loss(struct tcp_sock *tp);
uint32_t tcp_pipe(const struct tcp_sock *tp);
bool tcp_next_lost(struct tcp_sock *tp, uint32_t *seq, uint32_t *len);
uint32_t tcp_sacked_bytes(const struct tcp_sock *tp);
uint32_t tcp_lost_end(const struct tcp_sock *tp);

/* tcp_timer.c */
void tcp_init_timers(struct tcp_sock *tp);
void tcp_clear_timers(struct tcp_sock *tp);
void tcp_rearm_rto(struct tcp_sock *tp);
void tcp_reset_keepalive(struct tcp_sock *tp);
void tcp_set_keepalive_timer(struct tcp_sock *tp, uint64_t when);
void tcp_rtt_sample(struct tcp_sock *tp, uint64_t rtt_us);
void tcp_time_wait(struct tcp_sock *tp, uint64_t timeo);
void tcp_time_wait_trim(struct tcp_sock *tp);
uint64_t tcp_keepalive_time(const struct tcp_sock *tp);
void tcp_request_timer(struct net_timer *t, uint64_t now);

#endif /* KERNEL_NET_TCP_IMPL_H */
