// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv6 addresses as values (include/kernel/net/ipv6.h): classes and
 * scopes as Linux computes them (__ipv6_addr_type), prefixes, the
 * solicited-node group, interface identifiers from MACs, and the text
 * forms. The text functions follow glibc's inet_pton/inet_ntop exactly
 * (the unit tests compare them on random and edge-case input), because
 * what the kernel prints or parses must match what ip(8) and programs do.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/ipv6.h"

const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
const struct in6_addr in6addr_linklocal_allnodes = IN6ADDR_LINKLOCAL_ALLNODES_INIT;
const struct in6_addr in6addr_linklocal_allrouters = IN6ADDR_LINKLOCAL_ALLROUTERS_INIT;

bool
ipv6_prefix_equal(const struct in6_addr *a, const struct in6_addr *b, unsigned int plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;

	if (plen > 128)
		plen = 128;
	if (memcmp(a->s6_addr, b->s6_addr, bytes))
		return false;
	if (!bits)
		return true;
	return ((a->s6_addr[bytes] ^ b->s6_addr[bytes]) & (0xff00 >> bits)) == 0;
}

void
ipv6_addr_prefix(struct in6_addr *dst, const struct in6_addr *src, unsigned int plen)
{
	struct in6_addr t;
	unsigned int bytes, bits;

	if (plen > 128)
		plen = 128;
	bytes = plen / 8;
	bits = plen % 8;
	memset(&t, 0, sizeof(t));
	memcpy(t.s6_addr, src->s6_addr, bytes);
	if (bits)
		t.s6_addr[bytes] = (uint8_t)(src->s6_addr[bytes] & (0xff00 >> bits));
	*dst = t;
}

unsigned int
ipv6_addr_diff(const struct in6_addr *a, const struct in6_addr *b)
{
	for (unsigned int i = 0; i < 16; i++) {
		uint8_t x = a->s6_addr[i] ^ b->s6_addr[i];

		if (x)
			return i * 8 + (unsigned int)__builtin_clz(x) - 24;
	}
	return 128;
}

/* The scope, encoded above the class bits (Linux's IPV6_ADDR_SCOPE_TYPE). */
#define SCOPE_TYPE(s)	((unsigned int)(s) << 16)

static unsigned int
mc_scope_type(int scope)
{
	switch (scope) {
	case IPV6_ADDR_SCOPE_NODELOCAL:
		return SCOPE_TYPE(scope) | IPV6_ADDR_LOOPBACK;
	case IPV6_ADDR_SCOPE_LINKLOCAL:
		return SCOPE_TYPE(scope) | IPV6_ADDR_LINKLOCAL;
	case IPV6_ADDR_SCOPE_SITELOCAL:
		return SCOPE_TYPE(scope) | IPV6_ADDR_SITELOCAL;
	default:
		return SCOPE_TYPE(scope);
	}
}

static unsigned int
addr_type_scope(const struct in6_addr *a)
{
	uint32_t w0 = get_be32(a->s6_addr), w1 = get_be32(a->s6_addr + 4);
	uint32_t w2 = get_be32(a->s6_addr + 8), w3 = get_be32(a->s6_addr + 12);

	if (w0) {
		/* Neither 000 nor 111 in the first three bits: global unicast. */
		if ((w0 & 0xE0000000U) != 0 && (w0 & 0xE0000000U) != 0xE0000000U)
			return IPV6_ADDR_UNICAST | SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
		if ((w0 & 0xFF000000U) == 0xFF000000U)
			return IPV6_ADDR_MULTICAST | mc_scope_type(ipv6_addr_mc_scope(a));
		if ((w0 & 0xFFC00000U) == 0xFE800000U)
			return IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST |
			       SCOPE_TYPE(IPV6_ADDR_SCOPE_LINKLOCAL);
		if ((w0 & 0xFFC00000U) == 0xFEC00000U)
			return IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST |
			       SCOPE_TYPE(IPV6_ADDR_SCOPE_SITELOCAL);
		if ((w0 & 0xFE000000U) == 0xFC000000U)	/* unique local, RFC 4193 */
			return IPV6_ADDR_UNICAST | SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
	}
	if (!w0 && !w1) {
		if (!w2) {
			if (!w3)
				return IPV6_ADDR_ANY;
			if (w3 == 1)
				return IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST |
				       SCOPE_TYPE(IPV6_ADDR_SCOPE_LINKLOCAL);
			return IPV6_ADDR_COMPATv4 | IPV6_ADDR_UNICAST |
			       SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
		}
		if (w2 == 0xffff)
			return IPV6_ADDR_MAPPED | SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
	}
	return IPV6_ADDR_UNICAST | SCOPE_TYPE(IPV6_ADDR_SCOPE_GLOBAL);
}

unsigned int
ipv6_addr_type(const struct in6_addr *a)
{
	return addr_type_scope(a) & 0xffff;
}

int
ipv6_addr_scope(const struct in6_addr *a)
{
	return (int)(addr_type_scope(a) >> 16);
}

void
addrconf_addr_solict_mult(const struct in6_addr *a, struct in6_addr *out)
{
	static const uint8_t pfx[13] = { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	struct in6_addr t;

	memcpy(t.s6_addr, pfx, 13);
	memcpy(t.s6_addr + 13, a->s6_addr + 13, 3);
	*out = t;
}

void
ipv6_addr_set_v4mapped(uint32_t a, struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[10] = 0xff;
	out->s6_addr[11] = 0xff;
	put_be32(out->s6_addr + 12, a);
}

void
addrconf_ifid_eui48(struct in6_addr *addr, const uint8_t *mac)
{
	addr->s6_addr[8] = mac[0] ^ 0x02;
	addr->s6_addr[9] = mac[1];
	addr->s6_addr[10] = mac[2];
	addr->s6_addr[11] = 0xff;
	addr->s6_addr[12] = 0xfe;
	addr->s6_addr[13] = mac[3];
	addr->s6_addr[14] = mac[4];
	addr->s6_addr[15] = mac[5];
}

void
ipv6_addr_linklocal_eui64(struct in6_addr *addr, const uint8_t *mac)
{
	memset(addr, 0, sizeof(*addr));
	addr->s6_addr[0] = 0xfe;
	addr->s6_addr[1] = 0x80;
	addrconf_ifid_eui48(addr, mac);
}

/* ---- text ---- */

static int
hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A dotted quad filling exactly s[0..end): decimal octets without leading zeros. */
static int
pton4(const char *s, const char *end, uint8_t *out)
{
	int octets = 0;

	while (s < end) {
		unsigned int v = 0, digits = 0;

		if (octets == 4)
			return -EINVAL;
		while (s < end && *s >= '0' && *s <= '9') {
			if (digits && v == 0)
				return -EINVAL;		/* "01" */
			v = v * 10 + (unsigned int)(*s++ - '0');
			if (v > 255)
				return -EINVAL;
			digits++;
		}
		if (!digits)
			return -EINVAL;
		out[octets++] = (uint8_t)v;
		if (s < end) {
			if (*s != '.' || octets == 4)
				return -EINVAL;
			s++;
			if (s == end)
				return -EINVAL;
		}
	}
	return octets == 4 ? 0 : -EINVAL;
}

int
in6_pton(const char *s, struct in6_addr *out)
{
	uint8_t buf[16];
	int n = 0, gap = -1;	/* bytes written; where "::" was */
	const char *tok;

	memset(buf, 0, sizeof(buf));
	if (*s == ':' && *++s != ':')
		return -EINVAL;
	tok = s;
	for (;;) {
		unsigned int v = 0, digits = 0;
		const char *start = s;

		while (hexdigit(*s) >= 0) {
			v = v << 4 | (unsigned int)hexdigit(*s++);
			if (++digits > 4)
				return -EINVAL;
		}
		if (*s == '.') {
			/* A trailing IPv4 part: the rest of the string. */
			const char *end = start + strlen(start);

			if (n + 4 > 16 || pton4(start, end, buf + n))
				return -EINVAL;
			n += 4;
			break;
		}
		if (*s == ':') {
			s++;
			if (!digits) {
				/* The second ':' of "::" (the first ended the group before). */
				if (gap >= 0 || s - 1 != tok)
					return -EINVAL;
				gap = n;
				tok = s;
				continue;
			}
			if (*s == '\0' || n + 2 > 16)
				return -EINVAL;
			buf[n++] = (uint8_t)(v >> 8);
			buf[n++] = (uint8_t)v;
			tok = s;
			continue;
		}
		if (*s != '\0')
			return -EINVAL;
		if (digits) {
			if (n + 2 > 16)
				return -EINVAL;
			buf[n++] = (uint8_t)(v >> 8);
			buf[n++] = (uint8_t)v;
		}
		break;
	}
	if (gap >= 0) {
		int tail = n - gap;

		if (n == 16)
			return -EINVAL;		/* "::" must stand for at least one group */
		memmove(buf + 16 - tail, buf + gap, (size_t)tail);
		memset(buf + gap, 0, (size_t)(16 - tail - gap));
		n = 16;
	}
	if (n != 16)
		return -EINVAL;
	memcpy(out->s6_addr, buf, 16);
	return 0;
}

static int
put_hex(char *p, unsigned int v)
{
	static const char digits[] = "0123456789abcdef";
	int n = 0;
	bool started = false;

	for (int shift = 12; shift >= 0; shift -= 4) {
		unsigned int d = (v >> shift) & 0xf;

		if (d || started || shift == 0) {
			p[n++] = digits[d];
			started = true;
		}
	}
	return n;
}

static int
put_dec(char *p, unsigned int v)
{
	int n = 0;

	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

int
in6_ntop(const struct in6_addr *a, char *buf)
{
	unsigned int w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0, n = 0;

	for (int i = 0; i < 8; i++)
		w[i] = get_be16(a->s6_addr + 2 * i);
	for (int i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				cur_len = 0;
			}
			cur_len++;
			if (cur_len > best_len) {
				best = cur;
				best_len = cur_len;
			}
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				buf[n++] = ':';
			continue;
		}
		if (i)
			buf[n++] = ':';
		/* An IPv4-compatible or -mapped address ends in a dotted quad. */
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			for (int j = 12; j < 16; j++) {
				n += put_dec(buf + n, a->s6_addr[j]);
				if (j < 15)
					buf[n++] = '.';
			}
			buf[n] = '\0';
			return n;
		}
		n += put_hex(buf + n, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		buf[n++] = ':';
	buf[n] = '\0';
	return n;
}
