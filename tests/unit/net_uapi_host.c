/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lists of net_uapi_*.h evaluated against the host's Linux headers
 * (linux-libc-dev) and glibc's <sys/socket.h>: the layouts x86_64 Linux
 * programs are built with.
 */
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <linux/errqueue.h>
#include <linux/if_ether.h>
#include <linux/if_arp.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/if.h>
#include <linux/filter.h>
#include <linux/sockios.h>
#include <linux/route.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <sys/ioctl.h>
#include "net_uapi.h"

#define C(x) { #x, (long long)(x) },
const struct uapi_entry net_uapi_host_consts[] = {
#include "net_uapi_consts.h"
};
#undef C

#define S(o, h) { "sizeof(" #o ")", (long long)sizeof(h) },
#define O(o, h, m) { "offsetof(" #o ", " #m ")", (long long)offsetof(h, m) },
#define O2(o, om, h, hm) { "offsetof(" #o ", " #om ")", (long long)offsetof(h, hm) },
const struct uapi_entry net_uapi_host_layout[] = {
#include "net_uapi_layout.h"
};
