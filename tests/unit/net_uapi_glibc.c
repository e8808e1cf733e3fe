/* SPDX-License-Identifier: GPL-2.0-only */
/* net_uapi_glibc.h evaluated against glibc's netinet headers. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include "net_uapi.h"

#define C(x) { #x, (long long)(x) },
const struct uapi_entry net_uapi_host_glibc[] = {
#include "net_uapi_glibc.h"
};
