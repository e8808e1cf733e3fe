/* SPDX-License-Identifier: GPL-2.0-only */
/* The lists of net_uapi_*.h evaluated against umk's include/uapi headers. */
#include <stddef.h>
#include "uapi/socket.h"
#include "uapi/if_ether.h"
#include "uapi/if_arp.h"
#include "uapi/in.h"
#include "uapi/ip.h"
#include "uapi/icmp.h"
#include "uapi/udp.h"
#include "uapi/tcp.h"
#include "uapi/errqueue.h"
#include "uapi/netlink.h"
#include "uapi/rtnetlink.h"
#include "uapi/if.h"
#include "uapi/if_packet.h"
#include "uapi/filter.h"
#include "uapi/sockios.h"
#include "uapi/route.h"
#include "uapi/in6.h"
#include "uapi/ipv6.h"
#include "uapi/icmpv6.h"
#include "net_uapi.h"

#define C(x) { #x, (long long)(x) },
const struct uapi_entry net_uapi_ours_consts[] = {
#include "net_uapi_consts.h"
};
const size_t net_uapi_nconsts = sizeof(net_uapi_ours_consts) / sizeof(net_uapi_ours_consts[0]);
const struct uapi_entry net_uapi_ours_glibc[] = {
#include "net_uapi_glibc.h"
};
const size_t net_uapi_nglibc = sizeof(net_uapi_ours_glibc) / sizeof(net_uapi_ours_glibc[0]);
#undef C

#define S(o, h) { "sizeof(" #o ")", (long long)sizeof(o) },
#define O(o, h, m) { "offsetof(" #o ", " #m ")", (long long)offsetof(o, m) },
#define O2(o, om, h, hm) { "offsetof(" #o ", " #om ")", (long long)offsetof(o, om) },
const struct uapi_entry net_uapi_ours_layout[] = {
#include "net_uapi_layout.h"
};
const size_t net_uapi_nlayout = sizeof(net_uapi_ours_layout) / sizeof(net_uapi_ours_layout[0]);
const struct uapi_entry net_uapi_ours_glibc_layout[] = {
#include "net_uapi_glibc_layout.h"
};
const size_t net_uapi_nglibc_layout =
	sizeof(net_uapi_ours_glibc_layout) / sizeof(net_uapi_ours_glibc_layout[0]);
