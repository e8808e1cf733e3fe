/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wire format: the IPv6 header and its extension headers, in6_pktinfo,
 * in6_ifreq (SIOCSIFADDR on AF_INET6 sockets) and the DEVCONF_* indexes
 * of IFLA_INET6_CONF (<linux/ipv6.h>). The fragment header is not in
 * Linux's uapi; it is here because it is wire format too.
 */
#ifndef UAPI_IPV6_H
#define UAPI_IPV6_H

#include <stdint.h>
#include "uapi/in6.h"

#define IPV6_MIN_MTU	1280

struct in6_pktinfo {
	struct in6_addr ipi6_addr;
	int ipi6_ifindex;
};

struct ip6_mtuinfo {
	struct sockaddr_in6 ip6m_addr;
	uint32_t ip6m_mtu;
};

struct in6_ifreq {
	struct in6_addr ifr6_addr;
	uint32_t ifr6_prefixlen;
	int ifr6_ifindex;
};

#define IPV6_SRCRT_STRICT	0x01
#define IPV6_SRCRT_TYPE_0	0
#define IPV6_SRCRT_TYPE_2	2
#define IPV6_SRCRT_TYPE_3	3
#define IPV6_SRCRT_TYPE_4	4

/* The header of every extension header but the fragment header. */
struct ipv6_opt_hdr {
	uint8_t nexthdr;
	uint8_t hdrlen;		/* in 8-octet units, not counting the first 8 */
} __attribute__((packed));
#define ipv6_destopt_hdr ipv6_opt_hdr
#define ipv6_hopopt_hdr ipv6_opt_hdr

struct ipv6_rt_hdr {
	uint8_t nexthdr;
	uint8_t hdrlen;
	uint8_t type;
	uint8_t segments_left;
};

struct rt0_hdr {
	struct ipv6_rt_hdr rt_hdr;
	uint32_t reserved;
	struct in6_addr addr[];
};

struct rt2_hdr {
	struct ipv6_rt_hdr rt_hdr;
	uint32_t reserved;
	struct in6_addr addr;
};

/* RFC 8200 4.5 (Linux: struct frag_hdr in net/ipv6.h). */
struct frag_hdr {
	uint8_t nexthdr;
	uint8_t reserved;
	uint16_t frag_off;	/* network order: offset << 3 | IP6_MF */
	uint32_t identification;
};
#define IP6_MF		0x0001
#define IP6_OFFSET	0xFFF8

#define IPV6_OPT_ROUTERALERT_MLD	0x0000

/* The fixed header; version and traffic class as the first byte's nibbles. */
struct ipv6hdr {
	uint8_t priority:4,
		version:4;
	uint8_t flow_lbl[3];
	uint16_t payload_len;	/* network order */
	uint8_t nexthdr;
	uint8_t hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

/* Indexes of IFLA_INET6_CONF (and of struct inet6_dev's conf[]). */
enum {
	DEVCONF_FORWARDING = 0,
	DEVCONF_HOPLIMIT,
	DEVCONF_MTU6,
	DEVCONF_ACCEPT_RA,
	DEVCONF_ACCEPT_REDIRECTS,
	DEVCONF_AUTOCONF,
	DEVCONF_DAD_TRANSMITS,
	DEVCONF_RTR_SOLICITS,
	DEVCONF_RTR_SOLICIT_INTERVAL,
	DEVCONF_RTR_SOLICIT_DELAY,
	DEVCONF_USE_TEMPADDR,
	DEVCONF_TEMP_VALID_LFT,
	DEVCONF_TEMP_PREFERED_LFT,
	DEVCONF_REGEN_MAX_RETRY,
	DEVCONF_MAX_DESYNC_FACTOR,
	DEVCONF_MAX_ADDRESSES,
	DEVCONF_FORCE_MLD_VERSION,
	DEVCONF_ACCEPT_RA_DEFRTR,
	DEVCONF_ACCEPT_RA_PINFO,
	DEVCONF_ACCEPT_RA_RTR_PREF,
	DEVCONF_RTR_PROBE_INTERVAL,
	DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN,
	DEVCONF_PROXY_NDP,
	DEVCONF_OPTIMISTIC_DAD,
	DEVCONF_ACCEPT_SOURCE_ROUTE,
	DEVCONF_MC_FORWARDING,
	DEVCONF_DISABLE_IPV6,
	DEVCONF_ACCEPT_DAD,
	DEVCONF_FORCE_TLLAO,
	DEVCONF_NDISC_NOTIFY,
	DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL,
	DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL,
	DEVCONF_SUPPRESS_FRAG_NDISC,
	DEVCONF_ACCEPT_RA_FROM_LOCAL,
	DEVCONF_USE_OPTIMISTIC,
	DEVCONF_ACCEPT_RA_MTU,
	DEVCONF_STABLE_SECRET,
	DEVCONF_USE_OIF_ADDRS_ONLY,
	DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT,
	DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN,
	DEVCONF_DROP_UNICAST_IN_L2_MULTICAST,
	DEVCONF_DROP_UNSOLICITED_NA,
	DEVCONF_KEEP_ADDR_ON_DOWN,
	DEVCONF_RTR_SOLICIT_MAX_INTERVAL,
	DEVCONF_SEG6_ENABLED,
	DEVCONF_SEG6_REQUIRE_HMAC,
	DEVCONF_ENHANCED_DAD,
	DEVCONF_ADDR_GEN_MODE,
	DEVCONF_DISABLE_POLICY,
	DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN,
	DEVCONF_NDISC_TCLASS,
	DEVCONF_RPL_SEG_ENABLED,
	DEVCONF_RA_DEFRTR_METRIC,
	DEVCONF_IOAM6_ENABLED,
	DEVCONF_IOAM6_ID,
	DEVCONF_IOAM6_ID_WIDE,
	DEVCONF_NDISC_EVICT_NOCARRIER,
	DEVCONF_ACCEPT_UNTRACKED_NA,
	DEVCONF_ACCEPT_RA_MIN_LFT,
	DEVCONF_MAX
};

#endif
