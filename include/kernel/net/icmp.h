/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ICMP for IPv4 (kernel/net/ipv4/icmp.c): echo and timestamp replies,
 * errors sent with Linux's rules (never about an ICMP error, a
 * broadcast, a non-first fragment; rate-limited per destination by
 * icmp_ratelimit/icmp_ratemask and globally by icmp_msgs_per_sec/burst),
 * and errors received mapped back to the UDP, TCP, ping or raw socket of
 * the flow that caused them.
 */
#ifndef KERNEL_NET_ICMP_H
#define KERNEL_NET_ICMP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/net/inet.h"
#include "uapi/icmp.h"

int icmp_init(struct inet_stack *stack);
void icmp_destroy(struct inet_stack *stack);

/* icmp_rcv handles a received ICMP message (data at the ICMP header). Consumes p. */
void icmp_rcv(struct inet_stack *stack, struct pkt *p);

/*
 * icmp_send sends an ICMP error (or redirect) of type/code about the
 * packet in (borrowed; its network header is the offending IP header;
 * info is the gateway of a redirect, the MTU of FRAG_NEEDED, the
 * pointer of PARAMETERPROB, in host order). Silently does nothing where
 * Linux would not send.
 */
void icmp_send(struct inet_stack *stack, struct pkt *in, uint8_t type, uint8_t code,
	       uint32_t info);

/*
 * icmp_err_convert maps a DEST_UNREACH code to the errno a socket sees
 * and whether it is fatal (Linux's icmp_err_convert[]).
 */
int icmp_err_convert(uint8_t code, bool *fatal);

/* An error as a transport sees it (the embedded header was checked). */
struct icmp_err {
	uint8_t type, code;
	uint32_t info;		/* MTU, gateway or pointer */
	uint32_t offender;	/* who sent the ICMP (its source address) */
	/* The embedded packet, which we sent: */
	uint32_t saddr, daddr;
	uint8_t protocol;
	const uint8_t *transport;	/* its first bytes (at least 8) */
	unsigned int transport_len;
	struct pkt *p;		/* the ICMP packet, borrowed: data at the embedded IP header */
};

/*
 * Per-destination state (Linux's inet_peer, the parts ICMP and
 * forwarding use): the ICMP token bucket, the redirect backoff and the
 * forwarding-error bucket. A bounded table; the least recently used
 * entry is reused when it is full.
 */
struct icmp_peer {
	uint32_t addr;
	uint64_t used;
	uint64_t rate_last, rate_tokens;
	uint64_t redirect_last;
	unsigned int n_redirects;
	uint64_t err_last, err_tokens;
};

#define ICMP_PEERS	256

/* icmp_peer_get returns the entry for addr, creating it; NULL only without memory. */
struct icmp_peer *icmp_peer_get(struct inet_stack *stack, uint32_t addr);

/* icmp_global_allow: the global rate limiter (exposed for tests). */
bool icmp_global_allow(struct inet_stack *stack, uint64_t now);

#endif /* KERNEL_NET_ICMP_H */
