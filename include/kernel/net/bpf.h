/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Classic BPF socket filters (SO_ATTACH_FILTER; kernel/net/core/bpf.c):
 * Linux's checker (bpf_check_classic: known opcodes only, constant
 * divisors non-zero, shifts below 32, scratch memory in range and
 * written before it is read on every path, jumps forward and inside the
 * program, ends in RET, at most BPF_MAXINSNS instructions) and an
 * interpreter with Linux's semantics (loads outside the packet end the
 * program with 0, division by a zero X too, ancillary loads at
 * SKF_AD_OFF, loads relative to the network or link header at
 * SKF_NET_OFF / SKF_LL_OFF).
 *
 * The program runs over the pkt window [data, data + len): for a packet
 * socket that is the Ethernet header on, for UDP the UDP header on, for
 * a raw socket the IP header on. Its return value is how many bytes to
 * keep (0: drop).
 */
#ifndef KERNEL_NET_BPF_H
#define KERNEL_NET_BPF_H

#include <stdint.h>
#include "kernel/net/pkt.h"
#include "uapi/filter.h"

struct net_rng;

/* An attached filter: owned by the socket, freed with sk_filter_free. */
struct sk_filter {
	unsigned int len;
	struct sock_filter insns[];
};

/* What a program may read besides the packet (ancillary data). */
struct bpf_aux {
	uint16_t hatype;	/* SKF_AD_HATYPE: the device's ARPHRD_* */
	uint32_t rxhash;	/* SKF_AD_RXHASH */
	struct net_rng *rng;	/* SKF_AD_RANDOM; NULL: 0 */
};

/* bpf_check_classic checks len instructions as Linux does: 0 or -EINVAL. */
int bpf_check_classic(const struct sock_filter *insns, unsigned int len);
/*
 * sk_filter_create checks and copies a program: the filter, or NULL with
 * *err set (-EINVAL: empty, too long or rejected; -ENOMEM).
 */
struct sk_filter *sk_filter_create(const struct sock_filter *insns, unsigned int len, int *err);
void sk_filter_free(struct sk_filter *f);
/* bpf_run runs f over p and returns its verdict (bytes to keep, 0: drop). */
uint32_t bpf_run(const struct sk_filter *f, const struct pkt *p, const struct bpf_aux *aux);
/*
 * sk_filter_trim_cap runs f (if not NULL) and trims p to what it keeps,
 * never below cap bytes (Linux's sk_filter_trim_cap): 0, or -EPERM when
 * the program drops the packet (p untouched).
 */
int sk_filter_trim_cap(const struct sk_filter *f, struct pkt *p, unsigned int cap,
		       const struct bpf_aux *aux);

#endif /* KERNEL_NET_BPF_H */
