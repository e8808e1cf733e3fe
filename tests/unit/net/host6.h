/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * glibc's inet_pton/inet_ntop for AF_INET6, in their own translation unit
 * (host6.c) because <netinet/in.h> and our uapi/in6.h both define
 * struct in6_addr.
 */
#ifndef TEST_HOST6_H
#define TEST_HOST6_H

#include <stdint.h>

/* 1 if glibc accepts s (out: the 16 bytes), 0 if not. */
int host_pton6(const char *s, uint8_t *out);
/* glibc's text for the 16 bytes at a. */
void host_ntop6(const uint8_t *a, char *buf, unsigned int size);

#endif
