// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink attribute policies (include/kernel/net/netlink.h): the types
 * and lengths Linux 6.1 checks for address, route, neighbour and link
 * messages, so the glue's handlers reject what Linux rejects.
 */
#include "kernel/net/netlink.h"
#include "uapi/if.h"
#include "uapi/rtnetlink.h"

#define MAX_ADDR_LEN	32

const struct nla_policy ifa_ipv4_policy[IFA_MAX + 1] = {
	[IFA_LOCAL] = { .type = NLA_U32 },
	[IFA_ADDRESS] = { .type = NLA_U32 },
	[IFA_BROADCAST] = { .type = NLA_U32 },
	[IFA_LABEL] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFA_CACHEINFO] = { .len = sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { .type = NLA_U32 },
	[IFA_RT_PRIORITY] = { .type = NLA_U32 },
	[IFA_TARGET_NETNSID] = { .type = NLA_S32 },
	[IFA_PROTO] = { .type = NLA_U8 },
};

const struct nla_policy rtm_metrics_policy[RTAX_MAX + 1] = {
	[RTAX_CC_ALGO] = { .type = NLA_STRING, .len = 15 },
};

const struct nla_policy rtm_ipv4_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .type = NLA_U32 },
	[RTA_SRC] = { .type = NLA_U32 },
	[RTA_IIF] = { .type = NLA_U32 },
	[RTA_OIF] = { .type = NLA_U32 },
	[RTA_GATEWAY] = { .type = NLA_U32 },
	[RTA_PRIORITY] = { .type = NLA_U32 },
	[RTA_PREFSRC] = { .type = NLA_U32 },
	[RTA_METRICS] = { .type = NLA_NESTED },
	[RTA_MULTIPATH] = { .len = sizeof(struct rtnexthop) },
	[RTA_FLOW] = { .type = NLA_U32 },
	[RTA_ENCAP_TYPE] = { .type = NLA_U16 },
	[RTA_ENCAP] = { .type = NLA_NESTED },
	[RTA_UID] = { .type = NLA_U32 },
	[RTA_MARK] = { .type = NLA_U32 },
	[RTA_TABLE] = { .type = NLA_U32 },
	[RTA_IP_PROTO] = { .type = NLA_U8 },
	[RTA_SPORT] = { .type = NLA_U16 },
	[RTA_DPORT] = { .type = NLA_U16 },
	[RTA_NH_ID] = { .type = NLA_U32 },
};

const struct nla_policy nda_policy[NDA_MAX + 1] = {
	[NDA_UNSPEC] = { .type = NLA_REJECT },
	[NDA_DST] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[NDA_LLADDR] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[NDA_CACHEINFO] = { .len = sizeof(struct nda_cacheinfo) },
	[NDA_PROBES] = { .type = NLA_U32 },
	[NDA_VLAN] = { .type = NLA_U16 },
	[NDA_PORT] = { .type = NLA_U16 },
	[NDA_VNI] = { .type = NLA_U32 },
	[NDA_IFINDEX] = { .type = NLA_U32 },
	[NDA_MASTER] = { .type = NLA_U32 },
	[NDA_PROTOCOL] = { .type = NLA_U8 },
	[NDA_NH_ID] = { .type = NLA_U32 },
	[NDA_FLAGS_EXT] = { .type = NLA_U32 },
	[NDA_FDB_EXT_ATTRS] = { .type = NLA_NESTED },
};

const struct nla_policy ifla_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[IFLA_ADDRESS] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[IFLA_BROADCAST] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
	[IFLA_MAP] = { .len = sizeof(struct rtnl_link_ifmap) },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_LINK] = { .type = NLA_U32 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_CARRIER] = { .type = NLA_U8 },
	[IFLA_TXQLEN] = { .type = NLA_U32 },
	[IFLA_WEIGHT] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_LINKMODE] = { .type = NLA_U8 },
	[IFLA_LINKINFO] = { .type = NLA_NESTED },
	[IFLA_NET_NS_PID] = { .type = NLA_U32 },
	[IFLA_NET_NS_FD] = { .type = NLA_U32 },
	[IFLA_IFALIAS] = { .type = NLA_STRING, .len = IFALIASZ - 1 },
	[IFLA_VFINFO_LIST] = { .type = NLA_NESTED },
	[IFLA_VF_PORTS] = { .type = NLA_NESTED },
	[IFLA_PORT_SELF] = { .type = NLA_NESTED },
	[IFLA_AF_SPEC] = { .type = NLA_NESTED },
	[IFLA_EXT_MASK] = { .type = NLA_U32 },
	[IFLA_PROMISCUITY] = { .type = NLA_U32 },
	[IFLA_NUM_TX_QUEUES] = { .type = NLA_U32 },
	[IFLA_NUM_RX_QUEUES] = { .type = NLA_U32 },
	[IFLA_GSO_MAX_SEGS] = { .type = NLA_U32 },
	[IFLA_GSO_MAX_SIZE] = { .type = NLA_U32 },
	[IFLA_PHYS_PORT_ID] = { .type = NLA_BINARY, .len = 32 },
	[IFLA_CARRIER_CHANGES] = { .type = NLA_U32 },
	[IFLA_PHYS_SWITCH_ID] = { .type = NLA_BINARY, .len = 32 },
	[IFLA_LINK_NETNSID] = { .type = NLA_S32 },
	[IFLA_PROTO_DOWN] = { .type = NLA_U8 },
	[IFLA_XDP] = { .type = NLA_NESTED },
	[IFLA_EVENT] = { .type = NLA_U32 },
	[IFLA_GROUP] = { .type = NLA_U32 },
	[IFLA_TARGET_NETNSID] = { .type = NLA_S32 },
	[IFLA_CARRIER_UP_COUNT] = { .type = NLA_REJECT },
	[IFLA_CARRIER_DOWN_COUNT] = { .type = NLA_REJECT },
	[IFLA_MIN_MTU] = { .type = NLA_REJECT },
	[IFLA_MAX_MTU] = { .type = NLA_REJECT },
	[IFLA_PROP_LIST] = { .type = NLA_NESTED },
	[IFLA_ALT_IFNAME] = { .type = NLA_STRING, .len = ALTIFNAMSIZ - 1 },
	[IFLA_PERM_ADDRESS] = { .type = NLA_REJECT },
	[IFLA_PROTO_DOWN_REASON] = { .type = NLA_NESTED },
	[IFLA_NEW_IFINDEX] = { .type = NLA_S32 },
	[IFLA_PARENT_DEV_NAME] = { .type = NLA_NUL_STRING },
	[IFLA_GRO_MAX_SIZE] = { .type = NLA_U32 },
	[IFLA_TSO_MAX_SIZE] = { .type = NLA_REJECT },
	[IFLA_TSO_MAX_SEGS] = { .type = NLA_REJECT },
	[IFLA_ALLMULTI] = { .type = NLA_REJECT },
};

size_t
rtnl_msg_hdrlen(uint16_t type)
{
	switch (type) {
	case RTM_NEWLINK: case RTM_DELLINK: case RTM_GETLINK: case RTM_SETLINK:
		return sizeof(struct ifinfomsg);
	case RTM_NEWADDR: case RTM_DELADDR: case RTM_GETADDR:
		return sizeof(struct ifaddrmsg);
	case RTM_NEWROUTE: case RTM_DELROUTE: case RTM_GETROUTE:
		return sizeof(struct rtmsg);
	case RTM_NEWNEIGH: case RTM_DELNEIGH: case RTM_GETNEIGH:
		return sizeof(struct ndmsg);
	}
	return 0;
}
