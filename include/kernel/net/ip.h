/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPv4 datagrams (kernel/net/ipv4/ip_input.c, ip_output.c,
 * ip_fragment.c, ip_options.c): header validation, local delivery,
 * forwarding with TTL and redirects, output with fragmentation, and
 * reassembly with bounded memory.
 *
 * A received packet travels: inet_rx -> ip_rcv (validate) -> routing
 * decision -> ip_local_deliver (reassemble, raw sockets, ICMP/UDP/TCP)
 * or ip_forward. While it does, pkt->cb holds a struct ip_cb and
 * pkt_network_header() points at its IP header.
 *
 * A packet to send is handed to ip_output() with its data at the
 * transport header and the routing decision already made (the caller
 * needs the source address to compute its checksum); the IP header is
 * pushed in front and the packet leaves through the neighbour layer.
 */
#ifndef KERNEL_NET_IP_H
#define KERNEL_NET_IP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "kernel/net/inet.h"
#include "kernel/net/pkt.h"
#include "kernel/net/route.h"
#include "uapi/ip.h"

#define IP_CE		0x8000	/* frag_off flags, host order */
#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_OFFSET	0x1FFF
#define IP_MAX_PACKET	65535

/* Parsed IP options (Linux's struct ip_options, the parts we act on). */
struct ip_options {
	uint8_t optlen;		/* bytes of options in the header */
	uint8_t srr;		/* offset of LSRR/SSRR in the header, 0 if none */
	uint8_t rr;		/* record route */
	uint8_t ts;		/* timestamp */
	uint8_t is_strictroute:1, router_alert:1, cipso:1, rr_needaddr:1, ts_needaddr:1,
		ts_needtime:1;
	uint8_t router_alert_off;
};

/* pkt->cb while a packet is in the IPv4 layer. */
struct ip_cb {
	struct ip_options opt;
	unsigned int rt_flags;	/* RTCF_* of the input route */
	uint8_t rt_type;	/* RTN_* */
	int iif;		/* interface it arrived on */
	uint16_t flags;		/* IPSKB_* */
	uint16_t frag_max_size;	/* largest fragment it was made of */
	uint32_t spec_dst;	/* for IP_PKTINFO: the local address it was for */
};

#define IPSKB_FORWARDED		0x1
#define IPSKB_FRAG_COMPLETE	0x2
#define IPSKB_REROUTED		0x4

static inline struct ip_cb *
IPCB(struct pkt *p)
{
	_Static_assert(sizeof(struct ip_cb) <= PKT_CB_SIZE, "ip_cb too large");
	return (struct ip_cb *)p->cb;
}

/* ip_hdr_get copies the IP header at the network header into h. */
static inline void
ip_hdr_get(const struct pkt *p, struct iphdr *h)
{
	memcpy(h, pkt_network_header(p), sizeof(*h));
}

/* The fields of a header as the library uses them (host order). */
struct ip_hdr_info {
	uint8_t ihl;		/* bytes */
	uint8_t tos;
	uint16_t tot_len;
	uint16_t id;
	uint16_t frag_off;	/* flags and offset/8 */
	uint8_t ttl;
	uint8_t protocol;
	uint32_t saddr, daddr;
};

/* ip_hdr_parse decodes the header at p's network header. */
void ip_hdr_parse(const struct pkt *p, struct ip_hdr_info *h);

/* Receive path (called by inet_rx for ETH_P_IP frames; consumes p). */
void ip_rcv(struct inet_stack *stack, struct net_if *ifp, struct pkt *p);
/*
 * ip_local_deliver_finish hands a complete local datagram (data at the
 * transport header) to raw sockets and its protocol. Consumes p.
 */
void ip_local_deliver(struct inet_stack *stack, struct pkt *p);

/* What ip_output needs beyond the route. */
struct ip_send_params {
	uint32_t saddr, daddr;	/* usually rt->saddr, rt->daddr */
	uint8_t protocol;
	uint8_t tos;
	int ttl;		/* -1: the default (64, 1 for multicast) */
	uint8_t pmtudisc;	/* IP_PMTUDISC_* */
	uint16_t *sk_id;	/* a connected socket's IP ID counter, or NULL */
	const uint8_t *opts;	/* IP options, optlen bytes (multiple of 4), or NULL */
	uint8_t optlen;
	bool mc_loop;		/* loop multicast back to local listeners */
	uint32_t mark;
};

/*
 * ip_output pushes an IP header in front of p (data: the transport
 * header and payload, checksums done), fragments it if it exceeds the
 * route's MTU and DF allows, and sends it to the next hop (or loops it
 * back for local destinations). Consumes p. 0, or -EMSGSIZE (too big
 * and DF), -ENOBUFS, -ENOMEM.
 */
int ip_output(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt,
	      const struct ip_send_params *prm);
/*
 * ip_output_hdrincl sends p whose data already starts with a complete
 * IP header (raw IP_HDRINCL sockets, forwarding): fills in the ID when
 * 0, the total length and the checksum as Linux does. Consumes p.
 */
int ip_output_hdrincl(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt);
/* ip_finish_output sends a complete IP packet to rt's next hop (consumes p). */
int ip_finish_output(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt);
/* ip_dont_fragment: should a len-byte datagram carry DF with this pmtudisc? */
bool ip_dont_fragment(uint8_t pmtudisc, unsigned int len, unsigned int mtu);
/* ip_select_ident returns the ID for a packet (Linux's ip_select_ident_segs). */
uint16_t ip_select_ident(struct inet_stack *stack, uint32_t saddr, uint32_t daddr,
			 uint8_t proto, bool df, uint16_t *sk_id, unsigned int segs);

/* ip_forward routes p (received, not for us) onward. Consumes p. */
void ip_forward(struct inet_stack *stack, struct pkt *p, const struct ip_route *rt);

/*
 * Options (ip_options.c). ip_options_compile parses and checks the
 * options of the header at p's network header into opt; on error it
 * returns -EINVAL and sets *pp to the offset of the bad byte (for ICMP
 * parameter problem). ip_options_fragment blanks the options a non-first
 * fragment must not carry.
 */
int ip_options_compile(struct inet_stack *stack, struct pkt *p, struct ip_options *opt,
		       unsigned int *pp);
void ip_options_fragment(uint8_t *opts, unsigned int optlen);
/*
 * ip_options_echo builds into out (40 bytes) the options of a reply to p
 * (record route and timestamp, with our address saddr and the time
 * filled in); returns their length, a multiple of 4.
 */
unsigned int ip_options_echo(struct inet_stack *stack, const struct pkt *p, uint8_t *out,
			     uint32_t saddr);

/*
 * Reassembly (ip_fragment.c). ip_defrag takes a fragment and returns the
 * whole datagram when it is complete (data at the IP header), else NULL;
 * consumes the fragment either way. Memory is bounded by
 * ipfrag_high_thresh: beyond it new fragments are dropped. A queue not
 * complete within ipfrag_time is dropped, with ICMP time exceeded
 * (fragment reassembly) if its first fragment had arrived. Overlapping
 * fragments discard the whole datagram, as Linux does (RFC 5722).
 */
int ipfrag_init(struct inet_stack *stack);
void ipfrag_destroy(struct inet_stack *stack);
struct pkt *ip_defrag(struct inet_stack *stack, struct pkt *p);
/* ipfrag_mem: bytes held by reassembly queues now; ipfrag_queues: their count. */
size_t ipfrag_mem(const struct inet_stack *stack);
unsigned int ipfrag_queues(const struct inet_stack *stack);
/* ipfrag_flush_dev drops queues whose fragments came in on dev. */
void ipfrag_flush_dev(struct inet_stack *stack, struct net_if *dev);

/*
 * ip_fragment splits p (a complete IP packet, data at its header) into
 * fragments of at most mtu bytes, each passed to out(); consumes p.
 * -EMSGSIZE if DF forbids it.
 */
int ip_fragment(struct inet_stack *stack, struct pkt *p, unsigned int mtu,
		int (*out)(struct inet_stack *, struct pkt *, const struct ip_route *),
		const struct ip_route *rt);

/* Multicast group membership of an interface (devinet.c). */
struct ip_mc_group {
	struct list_head node;
	uint32_t group;
	unsigned int users;
};
/* ip_mc_joined: does ifp receive group (224.0.0.1 always)? */
bool ip_mc_joined(struct net_if *ifp, uint32_t group);
int ip_mc_join(struct net_if *ifp, uint32_t group);
void ip_mc_leave(struct net_if *ifp, uint32_t group);
/* ip_addr_onlink: are a and b both in a subnet of one of ifp's addresses? */
bool ip_addr_onlink(struct net_if *ifp, uint32_t a, uint32_t b);

/* ip_decrease_ttl lowers the TTL of the header at h and fixes its checksum. */
void ip_decrease_ttl(uint8_t *h);

/* ip_send_check computes the header checksum of the header at h. */
void ip_send_check(uint8_t *h);

#endif /* KERNEL_NET_IP_H */
