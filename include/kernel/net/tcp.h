/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TCP (kernel/net/ipv4/tcp*.c): the connection state machine of RFC 793
 * with Linux's behaviour where the RFCs leave room (RST and SYN
 * handling of RFC 5961, TIME_WAIT reuse, challenge ACKs), RFC 6298
 * retransmission timing with Linux's 200 ms minimum, SACK (RFC 2018)
 * with RFC 6675 loss recovery and NewReno (RFC 6582) for peers without
 * SACK, window scaling and timestamps (RFC 7323), MSS negotiation and
 * path MTU from ICMP, Nagle (Minshall's variant, as Linux), TCP_CORK,
 * delayed ACKs, keepalive, zero-window probes, urgent data as Linux
 * treats it, listen backlog and SYN queue.
 *
 * Ownership. The library allocates every struct tcp_sock: tcp_sock_new()
 * for a socket the guest creates, and children of a listener made when a
 * handshake completes (tcp_accept() hands them out). The glue keeps its
 * pointer until it calls tcp_close(); from then on the connection is an
 * orphan the library finishes (FIN handshake, TIME_WAIT) and frees on
 * its own. After tcp_close() the library never calls wake again.
 *
 * Buffers. Each connection has a send ring (bytes from snd_una on: sent
 * and not yet acknowledged, then not yet sent) and a receive ring
 * (bytes arrived in order and not yet read, with out-of-order data
 * written ahead at its place). Segments are built from the send ring
 * when sent and again when retransmitted, so nothing is kept per
 * segment. Both rings grow with the connection (Linux's send and
 * receive buffer autotuning) up to tcp_wmem[2] / tcp_rmem[2] unless the
 * guest fixed SO_SNDBUF / SO_RCVBUF.
 *
 * Time: as everywhere in the library, `now` in ns from the caller; the
 * timers are in the stack's timer base.
 */
#ifndef KERNEL_NET_TCP_H
#define KERNEL_NET_TCP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/net/inet.h"
#include "kernel/net/sock.h"
#include "kernel/net/timer.h"
#include "uapi/tcp.h"

struct icmp_err;
struct tcp_sock;

/* Sequence number arithmetic modulo 2^32 (RFC 793 3.3). */
static inline bool
before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool
after(uint32_t a, uint32_t b)
{
	return before(b, a);
}

/* between: lo <= seq <= hi, in sequence space. */
static inline bool
between(uint32_t seq, uint32_t lo, uint32_t hi)
{
	return hi - lo >= seq - lo;
}

/* TCP option kinds. */
#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MSS		2
#define TCPOPT_WINDOW		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8
#define TCPOPT_MD5SIG		19
#define TCPOPT_FASTOPEN		34
#define TCPOPT_EXP		254

/* The flag octet (byte 13 of the header). */
#define TCPHDR_FIN	0x01
#define TCPHDR_SYN	0x02
#define TCPHDR_RST	0x04
#define TCPHDR_PSH	0x08
#define TCPHDR_ACK	0x10
#define TCPHDR_URG	0x20
#define TCPHDR_ECE	0x40
#define TCPHDR_CWR	0x80

#define TCP_MSS_DEFAULT		536	/* RFC 1122: when the peer sends no MSS option */
#define TCP_MIN_MSS		88
#define TCP_MAX_WSCALE		14
#define TCP_MAX_SACKS		32	/* ranges tracked, each side */
#define TCP_INIT_CWND		10	/* segments (RFC 6928, Linux) */

/* net.ipv4.tcp_* sysctls and their Linux defaults. */
struct tcp_sysctl {
	int syn_retries;		/* 6 */
	int synack_retries;		/* 5 */
	int retries1;			/* 3 */
	int retries2;			/* 15 */
	int orphan_retries;		/* 0 (means 8) */
	int fin_timeout;		/* 60 s */
	int keepalive_time;		/* 7200 s */
	int keepalive_intvl;		/* 75 s */
	int keepalive_probes;		/* 9 */
	int sack;			/* 1 */
	int dsack;			/* 1 */
	int timestamps;			/* 1 */
	int window_scaling;		/* 1 */
	int max_syn_backlog;		/* 1024 */
	int syncookies;			/* 1: we have none; overflow drops (counted) */
	int rmem[3];			/* 4096 131072 6291456 */
	int wmem[3];			/* 4096 16384 4194304 */
	int moderate_rcvbuf;		/* 1 */
	int reordering;			/* 3 */
	int abort_on_overflow;		/* 0 */
	int rfc1337;			/* 0 */
	int tw_reuse;			/* 2: for loopback only */
	int max_tw_buckets;		/* 262144 */
	int challenge_ack_limit;	/* 1000 per second */
	int min_snd_mss;		/* 48 */
	int base_mss;			/* 1024 */
	int mtu_probing;		/* 0 */
	int slow_start_after_idle;	/* 1 */
	int no_metrics_save;		/* 0 (no metrics are kept anyway) */
	int notsent_lowat;		/* UINT_MAX as int: -1 */
	int invalid_ratelimit;		/* 500 ms */
	int somaxconn;			/* net.core.somaxconn: 4096 */
};

/* Linux's extended counters that /proc/net/netstat reports (TcpExt), in part. */
enum {
	TCPEXT_ListenOverflows, TCPEXT_ListenDrops, TCPEXT_TCPChallengeACK,
	TCPEXT_TCPSYNChallenge, TCPEXT_PAWSEstab, TCPEXT_TCPAbortOnData,
	TCPEXT_TCPAbortOnClose, TCPEXT_TCPAbortOnTimeout, TCPEXT_TCPSACKRecovery,
	TCPEXT_TCPRenoRecovery, TCPEXT_TCPTimeouts, TCPEXT_TCPDSACKRecv,
	TCPEXT_TCPDSACKOldSent, TCPEXT_TCPFastRetrans, TCPEXT_TCPLossProbes,
	TCPEXT_DelayedACKs, TCPEXT_TCPOFOQueue, TCPEXT_TCPOFODrop, TCPEXT_TW,
	TCPEXT_TWRecycled, TCPEXT_TCPKeepAlive, TCPEXT_OutOfWindowIcmps,
	TCPEXT_TCPZeroWindowDrop, TCPEXT_TCPWinProbe, TCPEXT_TCPRcvQDrop,
	TCPEXT_TCPTimeWaitOverflow,
	TCPEXT_MAX
};
extern const char *const tcpext_names[TCPEXT_MAX];

/* A byte ring: `len` valid bytes starting at `head`. */
struct tcp_ring {
	uint8_t *buf;
	uint32_t size;
	uint32_t head;
	uint32_t len;
};

/* A range of sequence space [start, end). */
struct tcp_range {
	uint32_t start, end;
};

/* A connection waiting in a listener's SYN queue (Linux's request_sock). */
struct tcp_request {
	struct list_head node;		/* in the listener's syn queue */
	struct list_head hnode;		/* in the table's request hash */
	struct tcp_sock *listener;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	int iif;
	uint32_t iss, irs;
	uint32_t ts_recent, ts_off;
	uint16_t mss;			/* the peer's */
	uint8_t snd_wscale, rcv_wscale;
	bool wscale_ok, sack_ok, tstamp_ok;
	uint32_t rcv_wnd;
	int retrans;
	uint64_t expires;
	struct net_timer timer;
};

struct tcp_sock {
	struct inet_sock inet;		/* first: addresses, options, wake */
	struct list_head bnode;		/* in the bind hash (by local port) */
	struct list_head enode;		/* in the established hash */
	bool bhashed, ehashed;
	bool orphan;			/* tcp_close() was called */
	bool dead;			/* freed at the end of the current call */

	/* send sequence space */
	uint32_t iss, snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2, snd_up;
	uint32_t write_seq;		/* end of data the user gave */
	uint32_t max_window;		/* largest window the peer offered */
	uint32_t snd_sml;		/* end of the last small segment sent (Nagle) */
	/* receive sequence space */
	uint32_t irs, rcv_nxt, rcv_wnd, rcv_wup, copied_seq;
	uint32_t rcv_adv;		/* right edge advertised */
	uint16_t advmss;		/* the MSS we announce */
	uint16_t mss_clamp;		/* the peer's MSS, or TCP_MAXSEG */
	uint16_t mss_cache;		/* the payload of a full segment now */
	uint16_t rcv_mss;		/* estimate of the peer's segment size */
	uint16_t user_mss;		/* TCP_MAXSEG, 0 if unset */
	uint8_t snd_wscale, rcv_wscale;
	bool wscale_ok, sack_ok, tstamp_ok;
	uint32_t ts_recent;		/* the peer's last TSval */
	uint64_t ts_recent_stamp;	/* when we took it (ns) */
	uint32_t ts_off;		/* our TSval offset (random per connection) */
	unsigned int pmtu;

	struct tcp_ring snd, rcv;
	bool snd_locked, rcv_locked;	/* SO_SNDBUF / SO_RCVBUF set by the guest */
	struct tcp_range ooo[TCP_MAX_SACKS];	/* received beyond rcv_nxt, sorted */
	int nooo;
	int ooo_last;			/* index of the most recent for SACK order */
	bool fin_in;			/* the peer's FIN is in rcv_nxt */
	bool ooo_fin;			/* a FIN came out of order, at ooo_fin_seq */
	uint32_t ooo_fin_seq;
	struct tcp_range dsack;		/* a duplicate to report (D-SACK), start==end: none */
	struct tcp_range sacked[TCP_MAX_SACKS];	/* what the peer SACKed, sorted */
	int nsacked;

	/* retransmission */
	uint64_t srtt_us, rttvar_us;	/* 0: no sample yet */
	uint64_t rto;			/* ns */
	uint64_t min_rtt_us;
	unsigned int backoff;
	unsigned int retransmits;	/* consecutive timeouts */
	unsigned int probes_out;	/* zero-window or keepalive probes unanswered */
	uint32_t rtt_seq;		/* timed segment without timestamps */
	uint64_t rtt_time;
	bool rtt_timing;
	uint64_t retrans_stamp;		/* first retransmission of the head (ns), 0: none */
	uint32_t high_rxt;		/* retransmitted up to here (RFC 6675 HighRxt) */
	uint32_t recover;		/* RecoveryPoint */
	uint8_t ca_state;		/* TCP_CA_Open, _Disorder, _Recovery, _Loss */
	unsigned int dupacks;
	uint32_t cwnd;			/* bytes */
	uint32_t ssthresh;		/* bytes */
	uint32_t bytes_acked_ca;	/* congestion avoidance accumulator */
	uint32_t prior_cwnd;
	uint64_t lsndtime;		/* last data sent (ns) */

	/* receive-side ACK state */
	unsigned int ack_pending;	/* ACK owed */
	uint32_t rcv_unacked;		/* bytes received since our last ACK */
	unsigned int quick;		/* ACK the next segments at once */
	bool quickack;			/* TCP_QUICKACK */
	bool pingpong;			/* interactive: delay ACKs */
	uint64_t ato;			/* delayed ACK timeout (ns) */
	uint64_t rcv_tstamp;		/* last segment received (ns) */
	uint64_t lrcvtime;		/* last data received (ns) */
	uint64_t rcv_rtt_us;		/* receiver's RTT estimate (timestamps) */
	uint32_t rcvq_space_seq;	/* receive autotuning */
	uint64_t rcvq_space_time;
	uint32_t rcvq_space;

	/* urgent data (Linux: one byte, out of band unless SO_OOBINLINE) */
	bool oobinline;
	uint32_t urg_seq;		/* sequence of the urgent byte */
	uint16_t urg_data;		/* TCP_URG_VALID | byte, TCP_URG_NOTYET, TCP_URG_READ */
	bool urg_mark_valid;

	/* options */
	bool nodelay, cork, keepopen;
	bool fin_queued;		/* our FIN is at fin_seq (write_seq == fin_seq + 1) */
	uint32_t fin_seq;
	int keepidle, keepintvl, keepcnt;	/* 0: the sysctl's */
	int syn_retries;		/* TCP_SYNCNT, 0: the sysctl's */
	int linger2;			/* TCP_LINGER2: FIN_WAIT2 time, 0: fin_timeout */
	uint32_t user_timeout;		/* TCP_USER_TIMEOUT ms */
	uint32_t window_clamp;
	int linger;			/* SO_LINGER: -1 off, else seconds */
	uint32_t notsent_lowat;

	/* listening */
	struct list_head accept_q;	/* established children, oldest first */
	struct list_head syn_q;		/* struct tcp_request */
	unsigned int accept_len, syn_len, backlog;
	struct list_head child_node;	/* in the parent's accept_q */
	struct tcp_sock *parent;

	/* timers */
	struct net_timer t_rtx;		/* retransmit, zero-window probe, SYN */
	struct net_timer t_delack;
	struct net_timer t_keep;	/* keepalive, FIN_WAIT2, TIME_WAIT, cork */
	uint8_t pending_rtx;		/* what t_rtx is for */

	/* counters for TCP_INFO */
	uint64_t bytes_acked, bytes_received, bytes_sent, bytes_retrans;
	uint32_t segs_in, segs_out, data_segs_in, data_segs_out, total_retrans;
	uint32_t dsack_dups, rcv_ooopack, delivered;
	uint64_t last_data_sent, last_data_recv, last_ack_recv;
};

/* t_rtx purposes */
#define TCP_TIMER_RETRANS	1
#define TCP_TIMER_PROBE0	2

/* urg_data values */
#define TCP_URG_VALID		0x0100
#define TCP_URG_NOTYET		0x0200
#define TCP_URG_READ		0x0400

/* Where received bytes go: copy n bytes from src to the reader at offset off. */
struct net_dst {
	size_t len;
	int (*copy)(void *ctx, size_t off, const void *src, size_t n);	/* 0 or -EFAULT */
	void *ctx;
};

int tcp_init(struct inet_stack *stack);
void tcp_destroy(struct inet_stack *stack);
/* tcp_sysctl returns the stack's TCP settings (for the sysctl table). */
struct tcp_sysctl *tcp_sysctls(struct inet_stack *stack);
uint64_t *tcp_ext_stats(struct inet_stack *stack);

/* tcp_sock_new returns a closed socket, or NULL without memory. */
struct tcp_sock *tcp_sock_new(struct inet_stack *stack);
/* tcp_bind: 0, -EINVAL (bound), -EADDRNOTAVAIL, -EADDRINUSE. */
int tcp_bind(struct tcp_sock *tp, uint32_t addr, uint16_t port);
/* tcp_listen: 0, -EINVAL (connected), -EADDRINUSE (autobind failed). */
int tcp_listen(struct tcp_sock *tp, int backlog);
/*
 * tcp_connect starts the handshake (0: the SYN is out; wait for
 * NET_EV_OUT or NET_EV_ERR), or -EISCONN, -EALREADY, -EADDRNOTAVAIL
 * (no port), -ENETUNREACH...
 */
int tcp_connect(struct tcp_sock *tp, uint32_t daddr, uint16_t dport, uint64_t now);
/* tcp_accept takes an established child off the queue (NULL: none). */
struct tcp_sock *tcp_accept(struct tcp_sock *listener);
/*
 * tcp_sendmsg queues up to src->len bytes (flags: MSG_MORE, MSG_OOB,
 * MSG_NOSIGNAL is the glue's): the count queued (maybe short), or
 * -EAGAIN (no room: wait for NET_EV_OUT), -EPIPE (shut down or reset;
 * the glue raises SIGPIPE), -ENOTCONN, or a pending error.
 */
int tcp_sendmsg(struct tcp_sock *tp, const struct net_src *src, unsigned int flags,
		uint64_t now);
/*
 * tcp_recvmsg copies up to dst->len bytes (flags: MSG_PEEK, MSG_OOB,
 * MSG_TRUNC discards): the count, 0 at end of stream, or -EAGAIN,
 * -ENOTCONN, -EINVAL (MSG_OOB without urgent data), a pending error.
 * It stops at the urgent mark. MSG_WAITALL's looping is the glue's.
 */
int tcp_recvmsg(struct tcp_sock *tp, const struct net_dst *dst, unsigned int flags,
		uint64_t now);
/* tcp_shutdown: how is SHUT_RD/WR/RDWR: 0 or -ENOTCONN. */
int tcp_shutdown(struct tcp_sock *tp, int how, uint64_t now);
/* tcp_close gives the connection to the library (see Ownership above). */
void tcp_close(struct tcp_sock *tp, uint64_t now);
/* tcp_poll: NET_EV_* readiness. */
unsigned int tcp_poll(const struct tcp_sock *tp);
/* tcp_inq: bytes readable now (FIONREAD); tcp_outq: unsent + unacked (SIOCOUTQ). */
uint32_t tcp_inq(const struct tcp_sock *tp);
uint32_t tcp_outq(const struct tcp_sock *tp);
uint32_t tcp_outq_notsent(const struct tcp_sock *tp);
/* tcp_at_mark: SIOCATMARK. */
bool tcp_at_mark(const struct tcp_sock *tp);
/* tcp_get_info fills a TCP_INFO. */
void tcp_get_info(const struct tcp_sock *tp, struct tcp_info *info, uint64_t now);
/*
 * SOL_TCP and the TCP side of SOL_SOCKET options taking an int:
 * tcp_setsockopt returns 0 or -EINVAL/-ENOPROTOOPT; tcp_getsockopt
 * 0 with *val or -ENOPROTOOPT.
 */
int tcp_setsockopt(struct tcp_sock *tp, int level, int name, int val, uint64_t now);
int tcp_getsockopt(const struct tcp_sock *tp, int level, int name, int *val);

/* Receive path and errors (installed as stack->tcp_rcv / tcp_err). */
void tcp_v4_rcv(struct inet_stack *stack, struct pkt *p);
void tcp_v4_err(struct inet_stack *stack, const struct icmp_err *e);
/* tcp_for_each calls fn for every socket (listeners, connections, TIME_WAIT). */
void tcp_for_each(struct inet_stack *stack, void (*fn)(struct tcp_sock *, void *), void *arg);
/* tcp_count: sockets in use, orphans, TIME_WAIT (/proc/net/sockstat), CurrEstab. */
void tcp_count(struct inet_stack *stack, unsigned int *inuse, unsigned int *orphans,
	       unsigned int *tw);
unsigned int tcp_curr_estab(struct inet_stack *stack);
/* tcp_test_isn makes every ISN isn (0: back to RFC 6528), for tests of the wrap. */
void tcp_test_isn(struct inet_stack *stack, uint32_t isn);

#endif /* KERNEL_NET_TCP_H */
