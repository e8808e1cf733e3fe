/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI and message format: netlink (<linux/netlink.h>): the socket
 * address, the message header, the error message, the attribute (TLV)
 * header, and the SOL_NETLINK options. Messages and attributes are in
 * host order and padded to 4 bytes.
 */
#ifndef UAPI_NETLINK_H
#define UAPI_NETLINK_H

#include <stdint.h>
#include "uapi/socket.h"

/* Netlink protocols (socket(2)'s third argument). */
#define NETLINK_ROUTE		0
#define NETLINK_UNUSED		1
#define NETLINK_USERSOCK	2
#define NETLINK_FIREWALL	3
#define NETLINK_SOCK_DIAG	4
#define NETLINK_NFLOG		5
#define NETLINK_XFRM		6
#define NETLINK_SELINUX		7
#define NETLINK_ISCSI		8
#define NETLINK_AUDIT		9
#define NETLINK_FIB_LOOKUP	10
#define NETLINK_CONNECTOR	11
#define NETLINK_NETFILTER	12
#define NETLINK_IP6_FW		13
#define NETLINK_DNRTMSG		14
#define NETLINK_KOBJECT_UEVENT	15
#define NETLINK_GENERIC		16
#define NETLINK_SCSITRANSPORT	18
#define NETLINK_ECRYPTFS	19
#define NETLINK_RDMA		20
#define NETLINK_CRYPTO		21
#define NETLINK_SMC		22
#define NETLINK_INET_DIAG	NETLINK_SOCK_DIAG
#define MAX_LINKS		32

struct sockaddr_nl {
	sa_family_t nl_family;	/* AF_NETLINK */
	unsigned short nl_pad;
	uint32_t nl_pid;	/* port id */
	uint32_t nl_groups;	/* multicast group mask */
};

struct nlmsghdr {
	uint32_t nlmsg_len;	/* header and payload */
	uint16_t nlmsg_type;
	uint16_t nlmsg_flags;	/* NLM_F_* */
	uint32_t nlmsg_seq;
	uint32_t nlmsg_pid;
};

#define NLM_F_REQUEST		0x01
#define NLM_F_MULTI		0x02
#define NLM_F_ACK		0x04
#define NLM_F_ECHO		0x08
#define NLM_F_DUMP_INTR		0x10
#define NLM_F_DUMP_FILTERED	0x20
/* GET requests */
#define NLM_F_ROOT		0x100
#define NLM_F_MATCH		0x200
#define NLM_F_ATOMIC		0x400
#define NLM_F_DUMP		(NLM_F_ROOT | NLM_F_MATCH)
/* NEW requests */
#define NLM_F_REPLACE		0x100
#define NLM_F_EXCL		0x200
#define NLM_F_CREATE		0x400
#define NLM_F_APPEND		0x800
/* DELETE requests */
#define NLM_F_NONREC		0x100
#define NLM_F_BULK		0x200
/* ACK messages */
#define NLM_F_CAPPED		0x100
#define NLM_F_ACK_TLVS		0x200

#define NLMSG_ALIGNTO		4U
#define NLMSG_ALIGN(len)	(((len) + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1))
#define NLMSG_HDRLEN		((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_LENGTH(len)	((len) + NLMSG_HDRLEN)
#define NLMSG_SPACE(len)	NLMSG_ALIGN(NLMSG_LENGTH(len))
#define NLMSG_DATA(nlh)		((void *)(((char *)(nlh)) + NLMSG_HDRLEN))

#define NLMSG_NOOP		0x1
#define NLMSG_ERROR		0x2
#define NLMSG_DONE		0x3
#define NLMSG_OVERRUN		0x4
#define NLMSG_MIN_TYPE		0x10	/* < 0x10: control messages */

struct nlmsgerr {
	int error;		/* negative errno, 0 for an ACK */
	struct nlmsghdr msg;	/* the request's header (and payload unless capped) */
};

/* Extended ACK attributes (after struct nlmsgerr when NLM_F_ACK_TLVS). */
enum nlmsgerr_attrs {
	NLMSGERR_ATTR_UNUSED,
	NLMSGERR_ATTR_MSG,
	NLMSGERR_ATTR_OFFS,
	NLMSGERR_ATTR_COOKIE,
	NLMSGERR_ATTR_POLICY,
	NLMSGERR_ATTR_MISS_TYPE,
	NLMSGERR_ATTR_MISS_NEST,
	__NLMSGERR_ATTR_MAX,
	NLMSGERR_ATTR_MAX = __NLMSGERR_ATTR_MAX - 1
};

/* SOL_NETLINK options. */
#define NETLINK_ADD_MEMBERSHIP		1
#define NETLINK_DROP_MEMBERSHIP		2
#define NETLINK_PKTINFO			3
#define NETLINK_BROADCAST_ERROR		4
#define NETLINK_NO_ENOBUFS		5
#define NETLINK_RX_RING			6
#define NETLINK_TX_RING			7
#define NETLINK_LISTEN_ALL_NSID		8
#define NETLINK_LIST_MEMBERSHIPS	9
#define NETLINK_CAP_ACK			10
#define NETLINK_EXT_ACK			11
#define NETLINK_GET_STRICT_CHK		12

struct nl_pktinfo {
	uint32_t group;
};

/* Attribute header; the payload follows at NLA_HDRLEN, padded to 4. */
struct nlattr {
	uint16_t nla_len;	/* header and payload, without padding */
	uint16_t nla_type;
};

#define NLA_F_NESTED		(1 << 15)
#define NLA_F_NET_BYTEORDER	(1 << 14)
#define NLA_TYPE_MASK		(~(NLA_F_NESTED | NLA_F_NET_BYTEORDER))
#define NLA_ALIGNTO		4
#define NLA_ALIGN(len)		(((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN		((int)NLA_ALIGN(sizeof(struct nlattr)))

#endif /* UAPI_NETLINK_H */
