/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wire format and guest ABI: the TCP header, the SOL_TCP options, the
 * connection states (as /proc/net/tcp and tcp_info report them) and
 * struct tcp_info as Linux 6.1 fills it (<linux/tcp.h>).
 */
#ifndef UAPI_TCP_H
#define UAPI_TCP_H

#include <stdint.h>

struct tcphdr {
	uint16_t source;	/* network order, as are all multi-byte fields */
	uint16_t dest;
	uint32_t seq;
	uint32_t ack_seq;
	uint16_t res1:4,
		doff:4,		/* header length in 32-bit words */
		fin:1,
		syn:1,
		rst:1,
		psh:1,
		ack:1,
		urg:1,
		ece:1,
		cwr:1;
	uint16_t window;
	uint16_t check;
	uint16_t urg_ptr;
};

/* Connection states (include/net/tcp_states.h numbering). */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
	TCP_NEW_SYN_RECV,
	TCP_MAX_STATES
};

/* SOL_TCP options. */
#define TCP_NODELAY		1
#define TCP_MAXSEG		2
#define TCP_CORK		3
#define TCP_KEEPIDLE		4
#define TCP_KEEPINTVL		5
#define TCP_KEEPCNT		6
#define TCP_SYNCNT		7
#define TCP_LINGER2		8
#define TCP_DEFER_ACCEPT	9
#define TCP_WINDOW_CLAMP	10
#define TCP_INFO		11
#define TCP_QUICKACK		12
#define TCP_CONGESTION		13
#define TCP_MD5SIG		14
#define TCP_THIN_LINEAR_TIMEOUTS 16
#define TCP_THIN_DUPACK		17
#define TCP_USER_TIMEOUT	18
#define TCP_REPAIR		19
#define TCP_REPAIR_QUEUE	20
#define TCP_QUEUE_SEQ		21
#define TCP_REPAIR_OPTIONS	22
#define TCP_FASTOPEN		23
#define TCP_TIMESTAMP		24
#define TCP_NOTSENT_LOWAT	25
#define TCP_CC_INFO		26
#define TCP_SAVE_SYN		27
#define TCP_SAVED_SYN		28
#define TCP_REPAIR_WINDOW	29
#define TCP_FASTOPEN_CONNECT	30
#define TCP_ULP			31
#define TCP_MD5SIG_EXT		32
#define TCP_FASTOPEN_KEY	33
#define TCP_FASTOPEN_NO_COOKIE	34
#define TCP_ZEROCOPY_RECEIVE	35
#define TCP_INQ			36
#define TCP_CM_INQ		TCP_INQ
#define TCP_TX_DELAY		37

/* tcpi_options bits. */
#define TCPI_OPT_TIMESTAMPS	1
#define TCPI_OPT_SACK		2
#define TCPI_OPT_WSCALE		4
#define TCPI_OPT_ECN		8
#define TCPI_OPT_ECN_SEEN	16
#define TCPI_OPT_SYN_DATA	32

/* tcpi_ca_state. */
enum tcp_ca_state {
	TCP_CA_Open = 0,
	TCP_CA_Disorder = 1,
	TCP_CA_CWR = 2,
	TCP_CA_Recovery = 3,
	TCP_CA_Loss = 4
};

struct tcp_info {
	uint8_t tcpi_state;
	uint8_t tcpi_ca_state;
	uint8_t tcpi_retransmits;
	uint8_t tcpi_probes;
	uint8_t tcpi_backoff;
	uint8_t tcpi_options;
	uint8_t tcpi_snd_wscale:4, tcpi_rcv_wscale:4;
	uint8_t tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2;

	uint32_t tcpi_rto;		/* microseconds, as are the times below */
	uint32_t tcpi_ato;
	uint32_t tcpi_snd_mss;
	uint32_t tcpi_rcv_mss;

	uint32_t tcpi_unacked;
	uint32_t tcpi_sacked;
	uint32_t tcpi_lost;
	uint32_t tcpi_retrans;
	uint32_t tcpi_fackets;

	uint32_t tcpi_last_data_sent;	/* milliseconds ago */
	uint32_t tcpi_last_ack_sent;
	uint32_t tcpi_last_data_recv;
	uint32_t tcpi_last_ack_recv;

	uint32_t tcpi_pmtu;
	uint32_t tcpi_rcv_ssthresh;
	uint32_t tcpi_rtt;
	uint32_t tcpi_rttvar;
	uint32_t tcpi_snd_ssthresh;
	uint32_t tcpi_snd_cwnd;
	uint32_t tcpi_advmss;
	uint32_t tcpi_reordering;

	uint32_t tcpi_rcv_rtt;
	uint32_t tcpi_rcv_space;

	uint32_t tcpi_total_retrans;

	uint64_t tcpi_pacing_rate;
	uint64_t tcpi_max_pacing_rate;
	uint64_t tcpi_bytes_acked;
	uint64_t tcpi_bytes_received;
	uint32_t tcpi_segs_out;
	uint32_t tcpi_segs_in;

	uint32_t tcpi_notsent_bytes;
	uint32_t tcpi_min_rtt;
	uint32_t tcpi_data_segs_in;
	uint32_t tcpi_data_segs_out;

	uint64_t tcpi_delivery_rate;

	uint64_t tcpi_busy_time;
	uint64_t tcpi_rwnd_limited;
	uint64_t tcpi_sndbuf_limited;

	uint32_t tcpi_delivered;
	uint32_t tcpi_delivered_ce;

	uint64_t tcpi_bytes_sent;
	uint64_t tcpi_bytes_retrans;
	uint32_t tcpi_dsack_dups;
	uint32_t tcpi_reord_seen;

	uint32_t tcpi_rcv_ooopack;

	uint32_t tcpi_snd_wnd;
};

#endif /* UAPI_TCP_H */
