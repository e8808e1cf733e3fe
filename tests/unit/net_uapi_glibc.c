/* SPDX-License-Identifier: GPL-2.0-only */
/* net_uapi_glibc.h evaluated against glibc's netinet headers. */
#include <stddef.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <netinet/icmp6.h>
#include "net_uapi.h"

#define C(x) { #x, (long long)(x) },
const struct uapi_entry net_uapi_host_glibc[] = {
#include "net_uapi_glibc.h"
};

#define S(o, h) { "sizeof(" #o ")", (long long)sizeof(h) },
#define O(o, h, m) { "offsetof(" #o ", " #m ")", (long long)offsetof(h, m) },
const struct uapi_entry net_uapi_host_glibc_layout[] = {
#include "net_uapi_glibc_layout.h"
};
