// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Internet checksum (include/kernel/net/checksum.h).
 *
 * csum_partial sums 32-bit halves of 64-bit loads into a 64-bit
 * accumulator (no carry can be lost below 2^32 loads), then folds. The
 * sum is taken over the words as the little-endian CPU sees them, which
 * is the wire-order sum byte-swapped; since the result is stored back
 * the same way, it lands in the packet in the right order (RFC 1071,
 * "byte order independence").
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/net/checksum.h"

static uint32_t
fold64(uint64_t s)
{
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint32_t
csum_partial(const void *buf, size_t len, uint32_t sum)
{
	const unsigned char *p = buf;
	uint64_t acc = sum;
	uint64_t w;
	uint32_t w32;
	uint16_t w16;

	while (len >= 32) {
		for (int i = 0; i < 4; i++) {
			memcpy(&w, p + 8 * i, 8);
			acc += (w & 0xffffffff) + (w >> 32);
		}
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&w, p, 8);
		acc += (w & 0xffffffff) + (w >> 32);
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		memcpy(&w32, p, 4);
		acc += w32;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		acc += w16;
		p += 2;
		len -= 2;
	}
	if (len)
		acc += *p;	/* the low byte of a little-endian word: the wire's high byte */
	return fold64(acc);
}

uint16_t
ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, ihl * 4, 0));
}

uint32_t
csum_tcpudp_nofold(uint32_t saddr, uint32_t daddr, uint32_t len, uint8_t proto,
		   uint32_t sum)
{
	uint64_t acc = sum;

	/* The addresses as their big-endian bytes load on this CPU. */
	acc += htonl(saddr);
	acc += htonl(daddr);
	/* Bytes {0, proto} and {len_hi, len_lo}, loaded little-endian. */
	acc += (uint32_t)proto << 8;
	acc += htons((uint16_t)len);
	return fold64(acc);
}

uint16_t
csum_ipv6_magic(const uint8_t *saddr, const uint8_t *daddr, uint32_t len,
		uint8_t proto, uint32_t sum)
{
	uint32_t s = csum_partial(saddr, 16, sum);
	uint64_t acc;

	s = csum_partial(daddr, 16, s);
	/* The upper-layer length as 32 bits and the next header as 32 bits. */
	acc = s;
	acc += htonl(len);
	acc += htonl(proto);
	return csum_fold(fold64(acc));
}

void
csum_replace2(void *check, uint16_t old, uint16_t new)
{
	uint32_t s;

	/* HC' = ~(~HC + ~m + m') */
	s = csum_add((uint16_t)~get_u16(check), (uint16_t)~old);
	s = csum_add(s, new);
	put_u16(check, csum_fold(s));
}

void
csum_replace4(void *check, uint32_t old, uint32_t new)
{
	uint32_t s;

	s = csum_add((uint16_t)~get_u16(check), ~old);
	s = csum_add(s, new);
	put_u16(check, csum_fold(s));
}
