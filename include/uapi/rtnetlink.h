/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI and message format: rtnetlink (<linux/rtnetlink.h>): message
 * types, struct rtmsg and ifinfomsg, route attributes, route types,
 * protocols, scopes, tables and the multicast groups.
 */
#ifndef UAPI_RTNETLINK_H
#define UAPI_RTNETLINK_H

#include <stdint.h>
#include "uapi/netlink.h"
#include "uapi/if_link.h"
#include "uapi/if_addr.h"
#include "uapi/neighbour.h"

enum {
	RTM_BASE = 16,
	RTM_NEWLINK = 16,
	RTM_DELLINK,
	RTM_GETLINK,
	RTM_SETLINK,
	RTM_NEWADDR = 20,
	RTM_DELADDR,
	RTM_GETADDR,
	RTM_NEWROUTE = 24,
	RTM_DELROUTE,
	RTM_GETROUTE,
	RTM_NEWNEIGH = 28,
	RTM_DELNEIGH,
	RTM_GETNEIGH,
	RTM_NEWRULE = 32,
	RTM_DELRULE,
	RTM_GETRULE,
	RTM_NEWQDISC = 36,
	RTM_DELQDISC,
	RTM_GETQDISC,
	RTM_NEWTCLASS = 40,
	RTM_DELTCLASS,
	RTM_GETTCLASS,
	RTM_NEWTFILTER = 44,
	RTM_DELTFILTER,
	RTM_GETTFILTER,
	RTM_NEWACTION = 48,
	RTM_DELACTION,
	RTM_GETACTION,
	RTM_NEWPREFIX = 52,
	RTM_GETMULTICAST = 58,
	RTM_GETANYCAST = 62,
	RTM_NEWNEIGHTBL = 64,
	RTM_GETNEIGHTBL = 66,
	RTM_SETNEIGHTBL,
	RTM_NEWNDUSEROPT = 68,
	RTM_NEWADDRLABEL = 72,
	RTM_DELADDRLABEL,
	RTM_GETADDRLABEL,
	RTM_GETDCB = 78,
	RTM_SETDCB,
	RTM_NEWNETCONF = 80,
	RTM_DELNETCONF,
	RTM_GETNETCONF = 82,
	RTM_NEWMDB = 84,
	RTM_DELMDB = 85,
	RTM_GETMDB = 86,
	RTM_NEWNSID = 88,
	RTM_DELNSID = 89,
	RTM_GETNSID = 90,
	RTM_NEWSTATS = 92,
	RTM_GETSTATS = 94,
	RTM_SETSTATS,
	RTM_NEWCACHEREPORT = 96,
	RTM_NEWCHAIN = 100,
	RTM_DELCHAIN,
	RTM_GETCHAIN,
	RTM_NEWNEXTHOP = 104,
	RTM_DELNEXTHOP,
	RTM_GETNEXTHOP,
	RTM_NEWLINKPROP = 108,
	RTM_DELLINKPROP,
	RTM_GETLINKPROP,
	RTM_NEWVLAN = 112,
	RTM_DELVLAN,
	RTM_GETVLAN,
	RTM_NEWNEXTHOPBUCKET = 116,
	RTM_DELNEXTHOPBUCKET,
	RTM_GETNEXTHOPBUCKET,
	RTM_NEWTUNNEL = 120,
	RTM_DELTUNNEL,
	RTM_GETTUNNEL,
	__RTM_MAX,
#define RTM_MAX		(((__RTM_MAX + 3) & ~3) - 1)
};

/* The old name of struct nlattr, same layout and padding. */
struct rtattr {
	unsigned short rta_len;
	unsigned short rta_type;
};

#define RTA_ALIGNTO		4U
#define RTA_ALIGN(len)		(((len) + RTA_ALIGNTO - 1) & ~(RTA_ALIGNTO - 1))
#define RTA_LENGTH(len)		(RTA_ALIGN(sizeof(struct rtattr)) + (len))
#define RTA_SPACE(len)		RTA_ALIGN(RTA_LENGTH(len))

struct rtgenmsg {
	unsigned char rtgen_family;
};

/* RTM_{NEW,DEL,GET}ROUTE. */
struct rtmsg {
	unsigned char rtm_family;
	unsigned char rtm_dst_len;
	unsigned char rtm_src_len;
	unsigned char rtm_tos;
	unsigned char rtm_table;	/* RT_TABLE_*; RTA_TABLE for > 255 */
	unsigned char rtm_protocol;	/* RTPROT_* */
	unsigned char rtm_scope;	/* RT_SCOPE_* */
	unsigned char rtm_type;		/* RTN_* */
	unsigned int rtm_flags;		/* RTM_F_*, RTNH_F_* */
};

enum {
	RTN_UNSPEC,
	RTN_UNICAST,
	RTN_LOCAL,
	RTN_BROADCAST,
	RTN_ANYCAST,
	RTN_MULTICAST,
	RTN_BLACKHOLE,
	RTN_UNREACHABLE,
	RTN_PROHIBIT,
	RTN_THROW,
	RTN_NAT,
	RTN_XRESOLVE,
	__RTN_MAX
};
#define RTN_MAX (__RTN_MAX - 1)

#define RTPROT_UNSPEC		0
#define RTPROT_REDIRECT		1
#define RTPROT_KERNEL		2
#define RTPROT_BOOT		3
#define RTPROT_STATIC		4
#define RTPROT_RA		9
#define RTPROT_DHCP		16

enum rt_scope_t {
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_SITE = 200,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
	RT_SCOPE_NOWHERE = 255
};

#define RTM_F_NOTIFY		0x100
#define RTM_F_CLONED		0x200
#define RTM_F_EQUALIZE		0x400
#define RTM_F_PREFIX		0x800
#define RTM_F_LOOKUP_TABLE	0x1000
#define RTM_F_FIB_MATCH		0x2000
#define RTM_F_OFFLOAD		0x4000
#define RTM_F_TRAP		0x8000
#define RTM_F_OFFLOAD_FAILED	0x20000000

enum rt_class_t {
	RT_TABLE_UNSPEC = 0,
	RT_TABLE_COMPAT = 252,
	RT_TABLE_DEFAULT = 253,
	RT_TABLE_MAIN = 254,
	RT_TABLE_LOCAL = 255,
	RT_TABLE_MAX = 0xFFFFFFFF
};

enum rtattr_type_t {
	RTA_UNSPEC,
	RTA_DST,
	RTA_SRC,
	RTA_IIF,
	RTA_OIF,
	RTA_GATEWAY,
	RTA_PRIORITY,
	RTA_PREFSRC,
	RTA_METRICS,
	RTA_MULTIPATH,
	RTA_PROTOINFO,
	RTA_FLOW,
	RTA_CACHEINFO,
	RTA_SESSION,
	RTA_MP_ALGO,
	RTA_TABLE,
	RTA_MARK,
	RTA_MFC_STATS,
	RTA_VIA,
	RTA_NEWDST,
	RTA_PREF,
	RTA_ENCAP_TYPE,
	RTA_ENCAP,
	RTA_EXPIRES,
	RTA_PAD,
	RTA_UID,
	RTA_TTL_PROPAGATE,
	RTA_IP_PROTO,
	RTA_SPORT,
	RTA_DPORT,
	RTA_NH_ID,
	__RTA_MAX
};
#define RTA_MAX (__RTA_MAX - 1)

/* One nexthop of RTA_MULTIPATH. */
struct rtnexthop {
	unsigned short rtnh_len;
	unsigned char rtnh_flags;
	unsigned char rtnh_hops;
	int rtnh_ifindex;
};

#define RTNH_F_DEAD		1
#define RTNH_F_PERVASIVE	2
#define RTNH_F_ONLINK		4
#define RTNH_F_OFFLOAD		8
#define RTNH_F_LINKDOWN		16
#define RTNH_F_UNRESOLVED	32
#define RTNH_F_TRAP		64

struct rta_cacheinfo {
	uint32_t rta_clntref;
	uint32_t rta_lastuse;
	int32_t rta_expires;
	uint32_t rta_error;
	uint32_t rta_used;
	uint32_t rta_id;
	uint32_t rta_ts;
	uint32_t rta_tsage;
};

/* RTA_METRICS nested attribute types. */
enum {
	RTAX_UNSPEC,
	RTAX_LOCK,
	RTAX_MTU,
	RTAX_WINDOW,
	RTAX_RTT,
	RTAX_RTTVAR,
	RTAX_SSTHRESH,
	RTAX_CWND,
	RTAX_ADVMSS,
	RTAX_REORDERING,
	RTAX_HOPLIMIT,
	RTAX_INITCWND,
	RTAX_FEATURES,
	RTAX_RTO_MIN,
	RTAX_INITRWND,
	RTAX_QUICKACK,
	RTAX_CC_ALGO,
	RTAX_FASTOPEN_NO_COOKIE,
	__RTAX_MAX
};
#define RTAX_MAX (__RTAX_MAX - 1)

/* RTM_{NEW,DEL,GET,SET}LINK. */
struct ifinfomsg {
	unsigned char ifi_family;
	unsigned char __ifi_pad;
	unsigned short ifi_type;	/* ARPHRD_* */
	int ifi_index;
	unsigned int ifi_flags;		/* IFF_* */
	unsigned int ifi_change;	/* IFF_* to change */
};

/* Multicast groups: bit masks for sockaddr_nl.nl_groups (old API)... */
#define RTMGRP_LINK		1
#define RTMGRP_NOTIFY		2
#define RTMGRP_NEIGH		4
#define RTMGRP_TC		8
#define RTMGRP_IPV4_IFADDR	0x10
#define RTMGRP_IPV4_MROUTE	0x20
#define RTMGRP_IPV4_ROUTE	0x40
#define RTMGRP_IPV4_RULE	0x80
#define RTMGRP_IPV6_IFADDR	0x100
#define RTMGRP_IPV6_MROUTE	0x200
#define RTMGRP_IPV6_ROUTE	0x400
#define RTMGRP_IPV6_IFINFO	0x800
#define RTMGRP_IPV6_PREFIX	0x20000

/* ...and group numbers for NETLINK_ADD_MEMBERSHIP (group n is bit n - 1). */
enum rtnetlink_groups {
	RTNLGRP_NONE,
	RTNLGRP_LINK,
	RTNLGRP_NOTIFY,
	RTNLGRP_NEIGH,
	RTNLGRP_TC,
	RTNLGRP_IPV4_IFADDR,
	RTNLGRP_IPV4_MROUTE,
	RTNLGRP_IPV4_ROUTE,
	RTNLGRP_IPV4_RULE,
	RTNLGRP_IPV6_IFADDR,
	RTNLGRP_IPV6_MROUTE,
	RTNLGRP_IPV6_ROUTE,
	RTNLGRP_IPV6_IFINFO,
	RTNLGRP_DECnet_IFADDR,
	RTNLGRP_NOP2,
	RTNLGRP_DECnet_ROUTE,
	RTNLGRP_DECnet_RULE,
	RTNLGRP_NOP4,
	RTNLGRP_IPV6_PREFIX,
	RTNLGRP_IPV6_RULE,
	RTNLGRP_ND_USEROPT,
	RTNLGRP_PHONET_IFADDR,
	RTNLGRP_PHONET_ROUTE,
	RTNLGRP_DCB,
	RTNLGRP_IPV4_NETCONF,
	RTNLGRP_IPV6_NETCONF,
	RTNLGRP_MDB,
	RTNLGRP_MPLS_ROUTE,
	RTNLGRP_NSID,
	RTNLGRP_MPLS_NETCONF,
	RTNLGRP_IPV4_MROUTE_R,
	RTNLGRP_IPV6_MROUTE_R,
	RTNLGRP_NEXTHOP,
	RTNLGRP_BRVLAN,
	RTNLGRP_MCTP_IFADDR,
	RTNLGRP_TUNNEL,
	RTNLGRP_STATS,
	__RTNLGRP_MAX
};
#define RTNLGRP_MAX (__RTNLGRP_MAX - 1)

/* IFLA_EXT_MASK bits. */
#define RTEXT_FILTER_VF			(1 << 0)
#define RTEXT_FILTER_BRVLAN		(1 << 1)
#define RTEXT_FILTER_BRVLAN_COMPRESSED	(1 << 2)
#define RTEXT_FILTER_SKIP_STATS		(1 << 3)
#define RTEXT_FILTER_MRP		(1 << 4)
#define RTEXT_FILTER_CFM_CONFIG		(1 << 5)
#define RTEXT_FILTER_CFM_STATUS		(1 << 6)
#define RTEXT_FILTER_MST		(1 << 7)

#endif /* UAPI_RTNETLINK_H */
