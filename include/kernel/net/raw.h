/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Raw IPv4 sockets (SOCK_RAW: every datagram of a protocol, IP header
 * included; IP_HDRINCL to send whole packets) and ICMP "ping" sockets
 * (SOCK_DGRAM, IPPROTO_ICMP: echo requests without privileges, within
 * net.ipv4.ping_group_range), in kernel/net/ipv4/raw.c.
 */
#ifndef KERNEL_NET_RAW_H
#define KERNEL_NET_RAW_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/net/sock.h"

struct icmp_err;

int raw_init(struct inet_stack *stack);
void raw_destroy(struct inet_stack *stack);

/*
 * raw_sock_init prepares a raw socket for protocol (IPPROTO_RAW implies
 * IP_HDRINCL) and puts it in the table: raw sockets receive from the
 * moment they exist. raw_close takes it out and purges it.
 */
void raw_sock_init(struct inet_sock *sk, struct inet_stack *stack, int protocol);
void raw_close(struct inet_sock *sk);
/* raw_bind sets the local address (no ports): 0 or -EADDRNOTAVAIL. */
int raw_bind(struct inet_sock *sk, uint32_t addr);
/* raw_connect sets the default destination (0 disconnects). */
int raw_connect(struct inet_sock *sk, uint32_t addr);

/* Per-call parameters of a raw or ping sendmsg. */
struct raw_send_args {
	bool has_dest;
	uint32_t daddr;
	int oif;
	uint32_t spec_saddr;
	int ttl, tos;
	unsigned int flags;	/* MSG_DONTROUTE, MSG_CONFIRM, MSG_PROBE */
};
/* raw_sendmsg sends one datagram (a whole IP packet with IP_HDRINCL). */
int raw_sendmsg(struct inet_sock *sk, const struct net_src *src, const struct raw_send_args *a,
		uint64_t now);

/*
 * raw_local_deliver gives every matching raw socket a copy of a local
 * datagram (p->data at the transport header, network header set; p is
 * not consumed). Returns whether any raw socket matched.
 */
bool raw_local_deliver(struct inet_stack *stack, struct pkt *p, uint8_t protocol);
/* raw_icmp_error reports an ICMP error to the raw sockets of its protocol. */
void raw_icmp_error(struct inet_stack *stack, const struct icmp_err *e);
/* raw_for_each calls fn for every raw socket (/proc/net/raw). */
void raw_for_each(struct inet_stack *stack, void (*fn)(struct inet_sock *, void *), void *arg);

/* ping sockets */
/* ping_group_allowed: may a process of group gid open one (ping_group_range)? */
bool ping_group_allowed(struct inet_stack *stack, uint32_t gid);
void ping_sock_init(struct inet_sock *sk, struct inet_stack *stack);
/* ping_bind: addr and the echo identifier (0: pick one). 0, -EADDRINUSE, -EADDRNOTAVAIL. */
int ping_bind(struct inet_sock *sk, uint32_t addr, uint16_t ident);
int ping_connect(struct inet_sock *sk, uint32_t addr);
/* ping_sendmsg: src holds an ICMP echo request (header first); the
 * kernel sets the identifier and checksum. -EINVAL for anything else. */
int ping_sendmsg(struct inet_sock *sk, const struct net_src *src, const struct raw_send_args *a,
		 uint64_t now);
void ping_close(struct inet_sock *sk);
/* ping_rcv: an echo reply arrived (data at the ICMP header; consumes p). */
void ping_rcv(struct inet_stack *stack, struct pkt *p);
void ping_err(struct inet_stack *stack, const struct icmp_err *e);
void ping_for_each(struct inet_stack *stack, void (*fn)(struct inet_sock *, void *), void *arg);

#endif /* KERNEL_NET_RAW_H */
