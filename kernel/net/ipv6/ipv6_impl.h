/* SPDX-License-Identifier: GPL-2.0-only */
/* Functions shared by the files of kernel/net/ipv6/ only. */
#ifndef KERNEL_NET_IPV6_IMPL_H
#define KERNEL_NET_IPV6_IMPL_H

#include "kernel/net/inet.h"
#include "kernel/net/ipv6.h"

#define IP6_INC(stack, f)	((stack)->ip6->ip6stats[IP6STATS_##f]++)
#define IP6_ADD(stack, f, n)	((stack)->ip6->ip6stats[IP6STATS_##f] += (n))
#define ICMP6_INC(stack, f)	((stack)->ip6->icmp6stats[ICMP6STATS_##f]++)

/* route6.c */
uint64_t rt6_expire(struct inet_stack *stack, uint64_t now);
int rt6_pmtu_init(struct inet_stack *stack);
void rt6_destroy(struct inet_stack *stack);

/* addrconf.c */
void addrconf_verify(struct inet_stack *stack);
int addrconf_init(struct inet_stack *stack);
void addrconf_destroy(struct inet_stack *stack);
bool ipv6_accept_ra(const struct inet6_dev *idev);
int ipv6_hop_limit(const struct net_if *dev);
/* ndisc.c */
int ndisc_opt_addr_space(const struct net_if *dev);

/* ip6_output.c */
/* ip6_push_header puts the IPv6 header in front of p (data at the payload). */
int ip6_push_header(struct pkt *p, const struct in6_addr *saddr, const struct in6_addr *daddr,
		    uint8_t proto, uint8_t hop_limit, uint8_t tclass, uint32_t flowlabel);
/* ip6_finish_output sends p (data at the IPv6 header) on dev to nexthop. */
int ip6_finish_output(struct inet_stack *stack, struct net_if *dev,
		      const struct in6_addr *nexthop, struct pkt *p, bool mc_loop);
void ip6_forward(struct inet_stack *stack, struct pkt *p);

/* reassembly.c */
int ip6frag_init(struct inet_stack *stack);
void ip6frag_destroy(struct inet_stack *stack);
/*
 * ipv6_frag_rcv: p (data at the fragment header, network header at the
 * IPv6 header) is a fragment; returns the reassembled datagram (data at
 * the header after the fragment header, *nexthdr set) or NULL (kept or
 * dropped). Consumes p.
 */
struct pkt *ipv6_frag_rcv(struct inet_stack *stack, struct pkt *p, uint8_t *nexthdr);
void ip6frag_flush_dev(struct inet_stack *stack, struct net_if *dev);

/* icmpv6.c */
int icmpv6_init(struct inet_stack *stack);
void icmpv6_destroy(struct inet_stack *stack);
/* icmpv6_push_send: checksum and send an ICMPv6 message already at p->data. */
int icmpv6_push_send(struct inet_stack *stack, struct pkt *p, struct flowi6 *fl);
void icmpv6_param_prob(struct inet_stack *stack, struct pkt *p, uint8_t code, uint32_t pos);

#endif
