/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Randomness for the network library (kernel/net/core/random.c): a
 * seeded pseudo-random generator (xoshiro256**) for jitter, ephemeral
 * ports and IP IDs, and SipHash-2-4 keyed hashing for values an
 * off-path attacker must not guess (TCP initial sequence numbers, RFC
 * 6528) and for hash tables. The library never reads host entropy: the
 * kernel seeds it from the host's getrandom(); tests seed it with a
 * constant and are deterministic.
 */
#ifndef KERNEL_NET_RANDOM_H
#define KERNEL_NET_RANDOM_H

#include <stddef.h>
#include <stdint.h>

struct net_rng {
	uint64_t s[4];
};

/* net_rng_seed derives the generator state from seed. */
void net_rng_seed(struct net_rng *r, uint64_t seed);
uint64_t net_rng_u64(struct net_rng *r);

static inline uint32_t
net_rng_u32(struct net_rng *r)
{
	return (uint32_t)(net_rng_u64(r) >> 32);
}

/* net_rng_below returns a value in [0, n) (0 if n is 0). */
static inline uint32_t
net_rng_below(struct net_rng *r, uint32_t n)
{
	return (uint32_t)(((uint64_t)net_rng_u32(r) * n) >> 32);
}

/* A 128-bit SipHash key. */
struct siphash_key {
	uint64_t k0, k1;
};

/* siphash returns SipHash-2-4 of len bytes at data under key. */
uint64_t siphash(const struct siphash_key *key, const void *data, size_t len);

#endif /* KERNEL_NET_RANDOM_H */
