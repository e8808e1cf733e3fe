/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Netlink messages and attributes as plain bytes (kernel/net/core/
 * netlink_attr.c): walking a buffer of messages the way Linux's
 * netlink_rcv_skb does, attribute parsing with Linux's policy checks
 * (nla_parse, liberal and strict), and building replies (nlmsg_put,
 * nla_put..., acks with extended-ack TLVs). Policies for the rtnetlink
 * attributes iproute2 and busybox send are in rtnl_policy.c.
 *
 * Everything works on caller-owned memory; nothing is allocated.
 * Pointers into a parsed buffer (tb[] entries) point into that buffer,
 * so they may be misaligned: read them with nla_get_*(), which copy.
 */
#ifndef KERNEL_NET_NETLINK_H
#define KERNEL_NET_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "uapi/netlink.h"

/* Attribute data types of a policy (Linux's NLA_*). */
enum {
	NLA_UNSPEC,
	NLA_U8,
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_STRING,
	NLA_FLAG,
	NLA_MSECS,
	NLA_NESTED,
	NLA_NESTED_ARRAY,
	NLA_NUL_STRING,
	NLA_BINARY,
	NLA_S8,
	NLA_S16,
	NLA_S32,
	NLA_S64,
	NLA_BITFIELD32,
	NLA_REJECT,
	NLA_BE16,
	NLA_BE32,
	NLA_TYPE_MAX = NLA_BE32,
};

struct nla_policy {
	uint8_t type;			/* NLA_* */
	uint16_t len;			/* max (strings, binary) or min length; 0: the type's */
	const struct nla_policy *nested;	/* for NLA_NESTED: its attributes' policy */
	uint16_t nested_max;
};

/* Validation modes (Linux's NL_VALIDATE_*). */
#define NL_VALIDATE_LIBERAL		0
#define NL_VALIDATE_TRAILING		(1 << 0)	/* bytes after the last attribute */
#define NL_VALIDATE_MAXTYPE		(1 << 1)	/* types beyond maxtype */
#define NL_VALIDATE_UNSPEC		(1 << 2)	/* attributes without a policy type */
#define NL_VALIDATE_STRICT_ATTRS	(1 << 3)	/* exact lengths of integers */
#define NL_VALIDATE_NESTED		(1 << 4)	/* NLA_F_NESTED where it belongs */
#define NL_VALIDATE_STRICT		(NL_VALIDATE_TRAILING | NL_VALIDATE_MAXTYPE | \
					 NL_VALIDATE_UNSPEC | NL_VALIDATE_STRICT_ATTRS | \
					 NL_VALIDATE_NESTED)

/* Why a parse failed, for NLMSGERR_ATTR_MSG / _OFFS (extended ACK). */
struct nl_extack {
	const char *msg;		/* static text, or NULL */
	const void *bad_attr;		/* the attribute at fault, or NULL */
};

static inline int
nla_len(const struct nlattr *nla)
{
	uint16_t l;

	__builtin_memcpy(&l, &nla->nla_len, 2);
	return l - NLA_HDRLEN;
}

static inline int
nla_type(const struct nlattr *nla)
{
	uint16_t t;

	__builtin_memcpy(&t, &nla->nla_type, 2);
	return t & NLA_TYPE_MASK;
}

static inline void *
nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

/* nla_ok: does an attribute fit in the remaining bytes (Linux's nla_ok)? */
bool nla_ok(const struct nlattr *nla, int remaining);
/* nla_next steps over nla, lowering *remaining. */
struct nlattr *nla_next(const struct nlattr *nla, int *remaining);

/*
 * nla_parse fills tb[0..maxtype] with the attributes in len bytes at
 * head (NULL where absent; the last of a repeated type wins), checking
 * each against policy (may be NULL) in mode `validate`. 0, -EINVAL or
 * -ERANGE (Linux's errors), with ext filled if not NULL.
 */
int nla_parse(struct nlattr **tb, int maxtype, const void *head, int len,
	      const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext);
/* nla_parse_nested parses the attributes inside nla. */
int nla_parse_nested(struct nlattr **tb, int maxtype, const struct nlattr *nla,
		     const struct nla_policy *policy, unsigned int validate,
		     struct nl_extack *ext);
/* nla_find returns the first attribute of type in the buffer, or NULL. */
struct nlattr *nla_find(const void *head, int len, int type);

uint8_t nla_get_u8(const struct nlattr *nla);
uint16_t nla_get_u16(const struct nlattr *nla);
uint32_t nla_get_u32(const struct nlattr *nla);
uint64_t nla_get_u64(const struct nlattr *nla);
/* nla_get_be32: a 4-byte value in network order, returned in host order (addresses). */
uint32_t nla_get_be32(const struct nlattr *nla);
/* nla_strscpy copies a string attribute into dst (size bytes, NUL-terminated);
 * returns its length, or -E2BIG if truncated. */
int nla_strscpy(char *dst, const struct nlattr *nla, size_t size);

/* A buffer being filled with messages (e.g. a dump reply). */
struct nl_buf {
	uint8_t *data;
	size_t len, cap;
};

static inline void
nl_buf_init(struct nl_buf *b, void *data, size_t cap)
{
	b->data = data;
	b->len = 0;
	b->cap = cap;
}

/*
 * nlmsg_put starts a message with payload_len bytes of family header
 * (zeroed) and returns its header, or NULL if it does not fit (the
 * buffer is unchanged). nlmsg_end sets its length after the attributes;
 * nlmsg_cancel takes it back out.
 */
struct nlmsghdr *nlmsg_put(struct nl_buf *b, uint32_t portid, uint32_t seq, uint16_t type,
			   size_t payload_len, uint16_t flags);
void nlmsg_end(struct nl_buf *b, struct nlmsghdr *nlh);
void nlmsg_cancel(struct nl_buf *b, struct nlmsghdr *nlh);
static inline void *
nlmsg_data(const struct nlmsghdr *nlh)
{
	return (char *)nlh + NLMSG_HDRLEN;
}

/* nla_put appends an attribute: 0 or -EMSGSIZE (nothing appended). */
int nla_put(struct nl_buf *b, int type, size_t len, const void *data);
int nla_put_u8(struct nl_buf *b, int type, uint8_t v);
int nla_put_u16(struct nl_buf *b, int type, uint16_t v);
int nla_put_u32(struct nl_buf *b, int type, uint32_t v);
int nla_put_u64(struct nl_buf *b, int type, uint64_t v);
/* nla_put_be32 stores a host-order value in network order (IPv4 addresses). */
int nla_put_be32(struct nl_buf *b, int type, uint32_t v);
int nla_put_string(struct nl_buf *b, int type, const char *s);
int nla_put_flag(struct nl_buf *b, int type);
/* nla_nest_start opens a nested attribute (NLA_F_NESTED set); NULL if full. */
struct nlattr *nla_nest_start(struct nl_buf *b, int type);
void nla_nest_end(struct nl_buf *b, struct nlattr *start);
void nla_nest_cancel(struct nl_buf *b, struct nlattr *start);

/*
 * nlmsg_parse parses the attributes of a message after its hdrlen-byte
 * family header: -EINVAL if the message is too short for that header.
 */
int nlmsg_parse(const struct nlmsghdr *nlh, size_t hdrlen, struct nlattr **tb, int maxtype,
		const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext);

/*
 * netlink_rcv_loop walks the len bytes of messages at buf exactly as
 * Linux's netlink_rcv_skb does: it stops silently at a header shorter
 * than 16 bytes or longer than what is left; messages without
 * NLM_F_REQUEST and control messages (type < NLMSG_MIN_TYPE) are not
 * handled; for each other message handler() returns 0 or -errno. ack()
 * is called with the result when it is an error or NLM_F_ACK was asked.
 * A handler may return -EINTR to skip the ack (a dump in progress).
 */
void netlink_rcv_loop(const void *buf, size_t len,
		      int (*handler)(void *ctx, const struct nlmsghdr *nlh, struct nl_extack *ext),
		      void (*ack)(void *ctx, const struct nlmsghdr *nlh, int err,
				  const struct nl_extack *ext),
		      void *ctx);

/*
 * netlink_ack_put appends an NLMSG_ERROR message answering req with err
 * (0: an ACK). The request is echoed whole unless capped (NETLINK_CAP_ACK)
 * or err is 0; with ext_ack (NETLINK_EXT_ACK) the message text and the
 * offset of the bad attribute follow as TLVs. 0 or -EMSGSIZE.
 */
int netlink_ack_put(struct nl_buf *b, const struct nlmsghdr *req, int err, uint32_t portid,
		    bool capped, bool ext_ack, const struct nl_extack *ext);
/* netlink_done_put appends the NLMSG_DONE that ends a dump (with its 4-byte status). */
int netlink_done_put(struct nl_buf *b, uint32_t portid, uint32_t seq, int status);

/* rtnetlink policies (rtnl_policy.c), as Linux 6.1 declares them. */
extern const struct nla_policy ifa_ipv4_policy[];	/* IFA_MAX + 1 */
extern const struct nla_policy rtm_ipv4_policy[];	/* RTA_MAX + 1 */
extern const struct nla_policy nda_policy[];		/* NDA_MAX + 1 */
extern const struct nla_policy ifla_policy[];		/* IFLA_MAX + 1 */
extern const struct nla_policy rtm_metrics_policy[];	/* RTAX_MAX + 1 */
/* rtnl_msg_hdrlen: the family header size of an RTM_* type, or 0 if unknown. */
size_t rtnl_msg_hdrlen(uint16_t type);

#endif /* KERNEL_NET_NETLINK_H */
