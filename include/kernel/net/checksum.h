/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of 16-bit words, used by IPv4, ICMP, UDP, TCP, ICMPv6.
 *
 * Byte order. The ones' complement sum does not care about byte order
 * except for a final swap, so every function here sums the bytes as the
 * CPU loads them and returns values in WIRE ORDER already: a 16-bit
 * result is stored into the packet with a plain 16-bit store (put_u16,
 * or assigning to iphdr.check), never through htons. Likewise the "old"
 * and "new" values of the incremental updates are the words as they sit
 * in the packet.
 *
 * Partial sums are uint32_t "unfolded" sums (any 32-bit value whose
 * fold is the 16-bit sum). csum_partial() treats its first byte as the
 * high byte of a word; to join the sum of a block that started at an odd
 * offset of the whole, use csum_block_add().
 *
 * Addresses passed to the pseudo-header helpers are IPv4 addresses in
 * HOST order (the library's convention, include/kernel/net/inet.h).
 */
#ifndef KERNEL_NET_CHECKSUM_H
#define KERNEL_NET_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* csum_partial adds the len bytes at buf to the partial sum sum. */
uint32_t csum_partial(const void *buf, size_t len, uint32_t sum);

/* csum_fold folds a partial sum to 16 bits and complements it. */
static inline uint16_t
csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* csum_add adds two partial sums (ones' complement, end-around carry). */
static inline uint32_t
csum_add(uint32_t a, uint32_t b)
{
	uint32_t r = a + b;

	return r + (r < b);
}

/* csum_sub removes b from the partial sum a. */
static inline uint32_t
csum_sub(uint32_t a, uint32_t b)
{
	return csum_add(a, ~b);
}

/* csum_block_add adds the sum of a block that starts at byte offset off. */
static inline uint32_t
csum_block_add(uint32_t sum, uint32_t block, size_t off)
{
	if (off & 1)
		block = (block >> 8 & 0x00ff00ff) | (block << 8 & 0xff00ff00);
	return csum_add(sum, block);
}

/* csum_unfold turns a stored 16-bit checksum field back into a partial sum. */
static inline uint32_t
csum_unfold(uint16_t check)
{
	return check;
}

/* ip_fast_csum returns the header checksum of an IPv4 header of ihl words. */
uint16_t ip_fast_csum(const void *iph, unsigned int ihl);

/*
 * csum_tcpudp_nofold adds the IPv4 pseudo-header (addresses in host
 * order, the transport length and protocol) to sum.
 */
uint32_t csum_tcpudp_nofold(uint32_t saddr, uint32_t daddr, uint32_t len,
			    uint8_t proto, uint32_t sum);

/* csum_tcpudp_magic is the folded transport checksum over the pseudo-header and sum. */
static inline uint16_t
csum_tcpudp_magic(uint32_t saddr, uint32_t daddr, uint32_t len, uint8_t proto,
		  uint32_t sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

/* csum_ipv6_magic: the same with the IPv6 pseudo-header (16-byte addresses, wire order). */
uint16_t csum_ipv6_magic(const uint8_t *saddr, const uint8_t *daddr, uint32_t len,
			 uint8_t proto, uint32_t sum);

/*
 * csum_replace2/4 update the checksum field at check (any alignment) when a
 * 16-bit or 32-bit word covered by it changes from old to new (RFC 1624,
 * eqn. 3); old and new are as stored in the packet.
 */
void csum_replace2(void *check, uint16_t old, uint16_t new);
void csum_replace4(void *check, uint32_t old, uint32_t new);

/* csum_verify_ok is true when a block including its checksum field sums to all ones. */
static inline bool
csum_verify_ok(uint32_t sum)
{
	return csum_fold(sum) == 0;
}

#endif /* KERNEL_NET_CHECKSUM_H */
