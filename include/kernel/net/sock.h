/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The protocol part of an AF_INET socket (kernel/net/ipv4/inet_sock.c),
 * shared by UDP (udp.h), raw and ping sockets (raw.h) and TCP (tcp.h).
 *
 * The kernel's socket object (with its file, wait queue and the guest's
 * addresses) embeds a struct inet_sock (or a struct udp_sock / tcp_sock
 * that begins with one) and sets `wake` and `owner`. The library fills
 * the queues and calls wake(sk, NET_EV_*) when readiness changes; the
 * glue wakes its waiters and, in recvmsg, takes packets off rcvq.
 *
 * Ownership: packets on rcvq and errq belong to the socket; the glue
 * dequeues one with inet_sock_dequeue() (it then owns it and must
 * pkt_free() it, or put it back with pkt_queue_head()+inet_sock_charge
 * for MSG_PEEK-style use; simplest is to peek with pkt_queue_peek()).
 * Closing a socket (the protocol's close) purges both queues.
 *
 * Guest memory: payload is copied through a struct net_src / net_dst
 * the glue provides, so the library never sees guest addresses. The
 * library calls copy() with offsets that only increase, so the glue may
 * implement it as a cursor over an iovec.
 */
#ifndef KERNEL_NET_SOCK_H
#define KERNEL_NET_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/net/pkt.h"
#include "uapi/errqueue.h"

struct inet_stack;
struct sk_filter;

/* A source of payload bytes: copy len bytes at offset off into dst. */
struct net_src {
	size_t len;
	int (*copy)(void *ctx, void *dst, size_t off, size_t len);	/* 0 or -EFAULT */
	void *ctx;
};

/* inet_sock.userlocks: what bind(2) fixed explicitly. */
#define SOCK_BINDADDR_LOCK	4
#define SOCK_BINDPORT_LOCK	8

/* inet_sock.shutdown bits. */
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2

/* inet_sock.cmsg_flags: which ancillary data recvmsg should produce. */
#define IP_CMSG_PKTINFO		0x01
#define IP_CMSG_TTL		0x02
#define IP_CMSG_TOS		0x04
#define IP_CMSG_RECVOPTS	0x08
#define IP_CMSG_RETOPTS		0x10
#define IP_CMSG_ORIGDSTADDR	0x20
#define IP_CMSG_RECVFRAGSIZE	0x40

struct inet_sock {
	struct inet_stack *stack;
	int type;			/* SOCK_DGRAM, SOCK_RAW, SOCK_STREAM */
	int protocol;			/* IPPROTO_* */
	struct list_head node;		/* in its protocol's table */
	bool hashed;			/* in the table (bound) */
	uint8_t state;			/* TCP_CLOSE, or TCP_ESTABLISHED when connected */

	uint32_t rcv_saddr;		/* bound address, 0: any (host order) */
	uint32_t saddr;			/* source address for output */
	uint32_t daddr;			/* connected peer */
	uint16_t num;			/* local port (ping: echo id), host order */
	uint16_t dport;			/* connected peer's port */
	int bound_dev_if;		/* SO_BINDTODEVICE */
	uint32_t uid;			/* owner, for SO_REUSEPORT */

	bool reuse;			/* SO_REUSEADDR */
	bool reuseport;			/* SO_REUSEPORT */
	bool broadcast;			/* SO_BROADCAST */
	bool dontroute;			/* SO_DONTROUTE */
	bool recverr;			/* IP_RECVERR */
	bool freebind;			/* IP_FREEBIND */
	bool transparent;		/* IP_TRANSPARENT */
	bool hdrincl;			/* IP_HDRINCL (raw) */
	bool no_check;			/* SO_NO_CHECK (UDP: send no checksum) */
	bool bind_address_no_port;
	uint8_t userlocks;		/* SOCK_BINDADDR_LOCK, SOCK_BINDPORT_LOCK */
	bool mc_loop;			/* IP_MULTICAST_LOOP [1] */
	bool mc_all;			/* IP_MULTICAST_ALL [1] */
	uint8_t cmsg_flags;		/* IP_CMSG_* */
	int uc_ttl;			/* IP_TTL, -1: the default */
	uint8_t tos;			/* IP_TOS */
	uint8_t pmtudisc;		/* IP_MTU_DISCOVER */
	uint8_t mc_ttl;			/* IP_MULTICAST_TTL [1] */
	int mc_index;			/* IP_MULTICAST_IF */
	uint32_t mc_addr;
	uint8_t min_ttl;		/* IP_MINTTL */
	uint16_t inet_id;		/* IP ID counter when connected */
	uint32_t mark;			/* SO_MARK */
	uint32_t priority;		/* SO_PRIORITY */
	uint32_t icmp_filter;		/* ICMP_FILTER (raw ICMP) */
	struct sk_filter *filter;	/* SO_ATTACH_FILTER, or NULL */

	int err;			/* pending error for SO_ERROR / next call (positive errno) */
	int err_soft;			/* last soft error */
	unsigned int shutdown;		/* RCV_SHUTDOWN | SEND_SHUTDOWN */

	struct pkt_queue rcvq;		/* datagrams, oldest first */
	struct pkt_queue errq;		/* IP_RECVERR reports */
	unsigned int rcvbuf;		/* bytes of truesize rcvq may hold (SO_RCVBUF x 2) */
	unsigned int sndbuf;
	uint64_t drops;			/* SO_RXQ_OVFL, /proc "drops" */

	struct list_head mc_groups;	/* struct inet_mc_membership */

	void (*wake)(struct inet_sock *sk, unsigned int events);
	void *owner;			/* the glue's socket */
};

/* inet_sock_init prepares sk for the stack with Linux's defaults. */
void inet_sock_init(struct inet_sock *sk, struct inet_stack *stack, int type, int protocol);
/* inet_sock_wake calls sk->wake if set. */
void inet_sock_wake(struct inet_sock *sk, unsigned int events);

/*
 * inet_sock_queue_rcv charges p to sk and queues it on rcvq, waking
 * readers: 0, or -ENOMEM when rcvq and errq already hold rcvbuf bytes
 * (p is then NOT consumed: the caller counts and frees it). The socket
 * filter is the caller's to run first (sk_filter_trim_cap in bpf.h),
 * since only the caller knows where the filtered bytes begin.
 */
int inet_sock_queue_rcv(struct inet_sock *sk, struct pkt *p);
/* inet_sock_dequeue takes the first datagram off rcvq (the caller owns it), or NULL. */
struct pkt *inet_sock_dequeue(struct inet_sock *sk);
/*
 * inet_sock_dequeue_err takes the oldest IP_RECVERR report (recvmsg with
 * MSG_ERRQUEUE) and, as Linux, sets the pending error to the next
 * report's errno, or clears it when no report is left. NULL if none.
 */
struct pkt *inet_sock_dequeue_err(struct inet_sock *sk);
/* inet_sock_readable / error: readiness for poll. */
unsigned int inet_sock_poll(const struct inet_sock *sk);
/* inet_sock_error takes the pending error (SO_ERROR): positive errno or 0. */
int inet_sock_error(struct inet_sock *sk);

/* Where a received datagram came from and went to (for recvmsg and cmsgs). */
struct inet_recv_info {
	uint32_t saddr, daddr;	/* host order */
	uint16_t sport, dport;	/* 0 for raw/ICMP */
	int ifindex;
	uint32_t spec_dst;	/* IP_PKTINFO's ipi_spec_dst */
	uint8_t ttl, tos;
	uint16_t frag_max_size;
	const uint8_t *opts;	/* IP options of the datagram */
	uint8_t optlen;
};
/* inet_recv_info fills ri for a datagram taken off an AF_INET socket's rcvq. */
void inet_recv_info(const struct pkt *p, struct inet_recv_info *ri);

/*
 * IP_RECVERR: an error report on errq. pkt->cb holds a struct
 * inet_err_cb; the pkt's data is the payload recvmsg(MSG_ERRQUEUE)
 * returns (what followed the transport header of the packet in error).
 */
struct inet_err_cb {
	struct sock_extended_err ee;
	uint32_t offender;	/* SO_EE_OFFENDER: who reported it (host order) */
	uint32_t addr;		/* msg_name: the destination of the packet in error */
	uint16_t port;
};

static inline struct inet_err_cb *
INET_ERR_CB(struct pkt *p)
{
	_Static_assert(sizeof(struct inet_err_cb) <= PKT_CB_SIZE, "inet_err_cb too large");
	return (struct inet_err_cb *)p->cb;
}

/*
 * inet_icmp_error queues an IP_RECVERR report on sk (if sk->recverr):
 * err (positive errno), the ICMP type/code/info, the offender, the
 * original destination, and payload (len bytes, copied). Memory-bounded
 * by rcvbuf like rcvq.
 */
struct icmp_err;
void inet_icmp_error(struct inet_sock *sk, int err, const struct icmp_err *e, uint16_t port,
		     const uint8_t *payload, unsigned int len);
/* inet_local_error queues a locally generated error (EMSGSIZE with the MTU). */
void inet_local_error(struct inet_sock *sk, int err, uint32_t daddr, uint16_t port,
		      uint32_t info);

/* Multicast membership of a socket (IP_ADD_MEMBERSHIP). */
struct inet_mc_membership {
	struct list_head node;
	uint32_t group;
	int ifindex;
};
/* inet_mc_join/leave: 0, -EADDRINUSE (already), -EADDRNOTAVAIL, -ENODEV, -EINVAL. */
int inet_mc_join(struct inet_sock *sk, uint32_t group, uint32_t ifaddr, int ifindex);
int inet_mc_leave(struct inet_sock *sk, uint32_t group, uint32_t ifaddr, int ifindex);
/* inet_mc_drop_all leaves every group (on close). */
void inet_mc_drop_all(struct inet_sock *sk);
/* inet_mc_sock_allows: does sk receive datagrams for group on ifindex? */
bool inet_mc_sock_allows(const struct inet_sock *sk, uint32_t group, int ifindex);

/*
 * The port rules of bind(2) for UDP-like tables (Linux's
 * udp_lib_lport_inuse): does a socket `other` already bound to the same
 * port prevent sk from binding there?
 */
bool inet_bind_conflict(const struct inet_sock *sk, const struct inet_sock *other);

#endif /* KERNEL_NET_SOCK_H */
