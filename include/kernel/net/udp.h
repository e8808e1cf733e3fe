/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * UDP (kernel/net/ipv4/udp.c): the socket table with Linux's bind rules
 * (SO_REUSEADDR, SO_REUSEPORT by owner), ephemeral ports from
 * net.ipv4.ip_local_port_range, demultiplexing by best match (Linux's
 * compute_score: connected and bound sockets before wildcards, newest
 * first among equals, reuseport groups by flow hash), broadcast and
 * multicast to every matching socket, checksums, and ICMP errors back
 * to the socket (ECONNREFUSED on a connected socket, IP_RECVERR).
 */
#ifndef KERNEL_NET_UDP_H
#define KERNEL_NET_UDP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/net/sock.h"
#include "uapi/udp.h"

struct icmp_err;

struct udp_sock {
	struct inet_sock inet;		/* first: the glue may cast */
	bool corkflag;			/* UDP_CORK */
	uint16_t gso_size;		/* UDP_SEGMENT (accepted, not used) */
};

/* The most payload one datagram may carry: 65535 - 20 - 8. */
#define UDP_MAX_PAYLOAD	65507

int udp_init(struct inet_stack *stack);
void udp_destroy(struct inet_stack *stack);

/* udp_sock_init prepares us (call before any other udp_* on it). */
void udp_sock_init(struct udp_sock *us, struct inet_stack *stack);
/*
 * udp_bind binds to addr:port (port 0: an ephemeral one). 0, -EINVAL
 * (already bound), -EADDRNOTAVAIL (not our address), -EADDRINUSE,
 * -EACCES is the glue's (privileged ports need CAP_NET_BIND_SERVICE).
 */
int udp_bind(struct udp_sock *us, uint32_t addr, uint16_t port);
/*
 * udp_connect sets the default peer (binding an ephemeral port first if
 * needed) after routing to it; addr 0 means the local host. With
 * disconnect=true it dissolves the association (AF_UNSPEC).
 */
int udp_connect(struct udp_sock *us, uint32_t addr, uint16_t port, uint64_t now);
int udp_disconnect(struct udp_sock *us);

/* Per-call parameters of sendmsg (from msg_name, flags and cmsgs). */
struct udp_send_args {
	bool has_dest;		/* msg_name given */
	uint32_t daddr;
	uint16_t dport;
	int oif;		/* IP_PKTINFO ipi_ifindex, 0: none */
	uint32_t spec_saddr;	/* IP_PKTINFO ipi_spec_dst, 0: none */
	int ttl;		/* IP_TTL cmsg, -1: none */
	int tos;		/* IP_TOS cmsg, -1: none */
	unsigned int flags;	/* MSG_DONTROUTE, MSG_CONFIRM, MSG_DONTWAIT, MSG_MORE */
};

/*
 * udp_sendmsg sends one datagram of src->len bytes. Returns the length
 * sent or -errno: -EDESTADDRREQ (no peer), -EMSGSIZE, -EACCES (broadcast
 * without SO_BROADCAST), -ENETUNREACH..., -ENOBUFS, -EFAULT (copy),
 * or a pending error (ECONNREFUSED) on a connected socket.
 */
int udp_sendmsg(struct udp_sock *us, const struct net_src *src, const struct udp_send_args *a,
		uint64_t now);
/* udp_close unbinds and purges the socket; it may then be freed. */
void udp_close(struct udp_sock *us);

/* Receive path: a UDP datagram for this host (data at the UDP header). Consumes p. */
void udp_rcv(struct inet_stack *stack, struct pkt *p);
/* udp_err: an ICMP error about a UDP datagram we sent. */
void udp_err(struct inet_stack *stack, const struct icmp_err *e);

/* udp_lookup finds the socket a datagram saddr:sport -> daddr:dport on ifindex goes to. */
struct udp_sock *udp_lookup(struct inet_stack *stack, uint32_t saddr, uint16_t sport,
			    uint32_t daddr, uint16_t dport, int ifindex);
/* udp_for_each calls fn for every bound socket (for /proc/net/udp). */
void udp_for_each(struct inet_stack *stack, void (*fn)(struct udp_sock *, void *), void *arg);

/* udp_payload_len: bytes of payload of a datagram taken off rcvq (FIONREAD). */
static inline unsigned int
udp_payload_len(const struct pkt *p)
{
	return p->len;
}

#endif /* KERNEL_NET_UDP_H */
