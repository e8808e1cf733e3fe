/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Byte order for wire formats. umk runs on x86_64 only, so the CPU is
 * little-endian and "network order" (big-endian) always means a swap.
 *
 * Two families:
 *   htons/htonl/ntohs/ntohl   swap a value already in a variable;
 *   get_be16/get_be32/put_*   read or write big-endian bytes at any
 *                             address, aligned or not (packet bytes are
 *                             often misaligned: ARP bodies, TCP options).
 * The network library keeps IPv4 addresses and ports in HOST order in its
 * own structures and converts only where bytes meet the wire or the guest.
 */
#ifndef KERNEL_BYTEORDER_H
#define KERNEL_BYTEORDER_H

#include <stdint.h>
#include <string.h>

static inline uint16_t
htons(uint16_t x)
{
	return __builtin_bswap16(x);
}

static inline uint32_t
htonl(uint32_t x)
{
	return __builtin_bswap32(x);
}

static inline uint16_t
ntohs(uint16_t x)
{
	return __builtin_bswap16(x);
}

static inline uint32_t
ntohl(uint32_t x)
{
	return __builtin_bswap32(x);
}

static inline uint64_t
htonll(uint64_t x)
{
	return __builtin_bswap64(x);
}

/* get_be16 reads a big-endian 16-bit value at p (any alignment). */
static inline uint16_t
get_be16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return ntohs(v);
}

static inline uint32_t
get_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static inline void
put_be16(void *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, sizeof(v));
}

static inline void
put_be32(void *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

/* get_u16/put_u16: native-order 16-bit access at any alignment. */
static inline uint16_t
get_u16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
put_u16(void *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline uint32_t
get_u32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
put_u32(void *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

#endif /* KERNEL_BYTEORDER_H */
