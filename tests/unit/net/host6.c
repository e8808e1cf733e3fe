// SPDX-License-Identifier: GPL-2.0-only
/* glibc's IPv6 text functions for test_net_ipv6.c (see host6.h). */
#include <arpa/inet.h>
#include <string.h>
#include "host6.h"

int
host_pton6(const char *s, uint8_t *out)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		return 0;
	memcpy(out, &a, 16);
	return 1;
}

void
host_ntop6(const uint8_t *a, char *buf, unsigned int size)
{
	struct in6_addr x;

	memcpy(&x, a, 16);
	if (!inet_ntop(AF_INET6, &x, buf, size))
		buf[0] = '\0';
}
