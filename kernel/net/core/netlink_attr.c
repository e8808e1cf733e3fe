// SPDX-License-Identifier: GPL-2.0-only
/*
 * Netlink attributes and messages over plain bytes
 * (include/kernel/net/netlink.h), with Linux's rules (lib/nlattr.c,
 * net/netlink/af_netlink.c): an attribute is used only if its length
 * covers its header and fits what is left; integer attributes shorter
 * than their type are -ERANGE (longer ones only warn, unless strict);
 * strings are bounded by the policy's length, NUL-terminated ones must
 * contain their NUL; flags carry no data; nested attributes are empty
 * or at least one header long and are checked against their own policy.
 */
#include <string.h>
#include "kernel/byteorder.h"
#include "kernel/errno.h"
#include "kernel/net/netlink.h"

static uint16_t
get_nla_len(const struct nlattr *nla)
{
	return get_u16(&nla->nla_len);
}

bool
nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) && get_nla_len(nla) >= sizeof(*nla) &&
	       get_nla_len(nla) <= remaining;
}

struct nlattr *
nla_next(const struct nlattr *nla, int *remaining)
{
	unsigned int totlen = NLA_ALIGN(get_nla_len(nla));

	*remaining -= (int)totlen;
	return (struct nlattr *)((char *)nla + totlen);
}

/* Exact sizes of the integer types (nla_attr_len) and minimums (nla_attr_minlen). */
static int
type_len(uint8_t t)
{
	switch (t) {
	case NLA_U8: case NLA_S8: return 1;
	case NLA_U16: case NLA_S16: case NLA_BE16: return 2;
	case NLA_U32: case NLA_S32: case NLA_BE32: return 4;
	case NLA_U64: case NLA_S64: case NLA_MSECS: return 8;
	}
	return 0;
}

static int
type_minlen(uint8_t t)
{
	if (t == NLA_BITFIELD32)
		return 8;
	if (t == NLA_NESTED_ARRAY)
		return NLA_HDRLEN;
	return type_len(t);
}

static int parse(struct nlattr **tb, int maxtype, const void *head, int len,
		 const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext,
		 unsigned int depth);

static int
fail(struct nl_extack *ext, const struct nlattr *nla, const char *msg, int err)
{
	if (ext) {
		ext->msg = msg;
		ext->bad_attr = nla;
	}
	return err;
}

static int
validate_nla(const struct nlattr *nla, int maxtype, const struct nla_policy *policy,
	     unsigned int validate, struct nl_extack *ext, unsigned int depth)
{
	int type = nla_type(nla), attrlen = nla_len(nla), minlen;
	const struct nla_policy *pt;
	const char *s;

	if (type <= 0 || type > maxtype)
		return 0;
	pt = &policy[type];
	if (type_len(pt->type) && attrlen != type_len(pt->type) &&
	    (validate & NL_VALIDATE_STRICT_ATTRS))
		return fail(ext, nla, "invalid attribute length", -EINVAL);
	if (validate & NL_VALIDATE_NESTED) {
		bool is_nested = pt->type == NLA_NESTED || pt->type == NLA_NESTED_ARRAY;
		bool flagged = get_u16(&nla->nla_type) & NLA_F_NESTED;

		if (is_nested && !flagged)
			return fail(ext, nla, "NLA_F_NESTED is missing", -EINVAL);
		if (!is_nested && pt->type != NLA_UNSPEC && flagged)
			return fail(ext, nla, "NLA_F_NESTED not expected", -EINVAL);
	}
	switch (pt->type) {
	case NLA_REJECT:
		return fail(ext, nla, "Attribute failed policy validation", -EINVAL);
	case NLA_FLAG:
		if (attrlen > 0)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		break;
	case NLA_NUL_STRING:
		minlen = pt->len ? (attrlen < pt->len + 1 ? attrlen : pt->len + 1) : attrlen;
		if (!minlen || !memchr(nla_data(nla), '\0', (size_t)minlen))
			return fail(ext, nla, "Attribute failed policy validation", -EINVAL);
		/* FALLTHROUGH */
	case NLA_STRING:
		if (attrlen < 1)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		if (pt->len) {
			s = nla_data(nla);
			if (s[attrlen - 1] == '\0')
				attrlen--;
			if (attrlen > pt->len)
				return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		}
		break;
	case NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		break;
	case NLA_NESTED:
		if (attrlen == 0)
			break;
		if (attrlen < NLA_HDRLEN)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		if (pt->nested) {
			int err = parse(NULL, pt->nested_max, nla_data(nla), attrlen, pt->nested,
					validate, ext, depth + 1);

			if (err < 0)
				return err;
		}
		break;
	case NLA_UNSPEC:
		if (validate & NL_VALIDATE_UNSPEC)
			return fail(ext, nla, "Unsupported attribute", -EINVAL);
		if (attrlen < pt->len)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		break;
	default:
		minlen = pt->len ? pt->len : type_minlen(pt->type);
		if (attrlen < minlen)
			return fail(ext, nla, "Attribute failed policy validation", -ERANGE);
		break;
	}
	return 0;
}

#define MAX_POLICY_RECURSION_DEPTH 10

static int
parse(struct nlattr **tb, int maxtype, const void *head, int len,
      const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext,
      unsigned int depth)
{
	const struct nlattr *nla = head;
	int rem = len;

	if (depth >= MAX_POLICY_RECURSION_DEPTH)
		return fail(ext, NULL, "allowed policy recursion depth exceeded", -EINVAL);
	if (tb)
		memset(tb, 0, sizeof(*tb) * (size_t)(maxtype + 1));
	for (; nla_ok(nla, rem); nla = nla_next(nla, &rem)) {
		int type = nla_type(nla);

		if (type == 0 || type > maxtype) {
			if (validate & NL_VALIDATE_MAXTYPE)
				return fail(ext, nla, "Unknown attribute type", -EINVAL);
			continue;
		}
		if (policy) {
			int err = validate_nla(nla, maxtype, policy, validate, ext, depth);

			if (err < 0)
				return err;
		}
		if (tb)
			tb[type] = (struct nlattr *)nla;
	}
	if (rem > 0 && (validate & NL_VALIDATE_TRAILING))
		return fail(ext, NULL, "bytes leftover after parsing attributes", -EINVAL);
	return 0;
}

int
nla_parse(struct nlattr **tb, int maxtype, const void *head, int len,
	  const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext)
{
	return parse(tb, maxtype, head, len, policy, validate, ext, 0);
}

int
nla_parse_nested(struct nlattr **tb, int maxtype, const struct nlattr *nla,
		 const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext)
{
	if ((validate & NL_VALIDATE_NESTED) && !(get_u16(&nla->nla_type) & NLA_F_NESTED))
		return fail(ext, nla, "NLA_F_NESTED is missing", -EINVAL);
	return parse(tb, maxtype, nla_data(nla), nla_len(nla), policy, validate, ext, 0);
}

struct nlattr *
nla_find(const void *head, int len, int type)
{
	const struct nlattr *nla = head;
	int rem = len;

	for (; nla_ok(nla, rem); nla = nla_next(nla, &rem))
		if (nla_type(nla) == type)
			return (struct nlattr *)nla;
	return NULL;
}

uint8_t
nla_get_u8(const struct nlattr *nla)
{
	return *(const uint8_t *)nla_data(nla);
}

uint16_t
nla_get_u16(const struct nlattr *nla)
{
	return get_u16(nla_data(nla));
}

uint32_t
nla_get_u32(const struct nlattr *nla)
{
	return get_u32(nla_data(nla));
}

uint64_t
nla_get_u64(const struct nlattr *nla)
{
	uint64_t v;

	memcpy(&v, nla_data(nla), sizeof(v));
	return v;
}

uint32_t
nla_get_be32(const struct nlattr *nla)
{
	return get_be32(nla_data(nla));
}

int
nla_strscpy(char *dst, const struct nlattr *nla, size_t size)
{
	size_t srclen = (size_t)nla_len(nla);
	const char *src = nla_data(nla);
	int ret;

	if (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	if (!size)
		return -E2BIG;
	if (srclen >= size) {
		ret = -E2BIG;
		srclen = size - 1;
	} else {
		ret = (int)srclen;
	}
	memcpy(dst, src, srclen);
	dst[srclen] = '\0';
	return ret;
}

struct nlmsghdr *
nlmsg_put(struct nl_buf *b, uint32_t portid, uint32_t seq, uint16_t type, size_t payload_len,
	  uint16_t flags)
{
	size_t size = NLMSG_ALIGN(NLMSG_HDRLEN + payload_len);
	struct nlmsghdr h;

	if (b->len + size > b->cap)
		return NULL;
	h.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + payload_len);
	h.nlmsg_type = type;
	h.nlmsg_flags = flags;
	h.nlmsg_seq = seq;
	h.nlmsg_pid = portid;
	memset(b->data + b->len, 0, size);
	memcpy(b->data + b->len, &h, sizeof(h));
	b->len += size;
	return (struct nlmsghdr *)(b->data + b->len - size);
}

void
nlmsg_end(struct nl_buf *b, struct nlmsghdr *nlh)
{
	uint32_t len = (uint32_t)(b->data + b->len - (uint8_t *)nlh);

	put_u32(&nlh->nlmsg_len, len);
}

void
nlmsg_cancel(struct nl_buf *b, struct nlmsghdr *nlh)
{
	b->len = (size_t)((uint8_t *)nlh - b->data);
}

int
nla_put(struct nl_buf *b, int type, size_t len, const void *data)
{
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr a;

	if (len > 0xffff - NLA_HDRLEN || b->len + total > b->cap)
		return -EMSGSIZE;
	a.nla_len = (uint16_t)(NLA_HDRLEN + len);
	a.nla_type = (uint16_t)type;
	memset(b->data + b->len, 0, total);
	memcpy(b->data + b->len, &a, sizeof(a));
	if (len)
		memcpy(b->data + b->len + NLA_HDRLEN, data, len);
	b->len += total;
	return 0;
}

int
nla_put_u8(struct nl_buf *b, int type, uint8_t v)
{
	return nla_put(b, type, sizeof(v), &v);
}

int
nla_put_u16(struct nl_buf *b, int type, uint16_t v)
{
	return nla_put(b, type, sizeof(v), &v);
}

int
nla_put_u32(struct nl_buf *b, int type, uint32_t v)
{
	return nla_put(b, type, sizeof(v), &v);
}

int
nla_put_u64(struct nl_buf *b, int type, uint64_t v)
{
	return nla_put(b, type, sizeof(v), &v);
}

int
nla_put_be32(struct nl_buf *b, int type, uint32_t v)
{
	v = htonl(v);
	return nla_put(b, type, sizeof(v), &v);
}

int
nla_put_string(struct nl_buf *b, int type, const char *s)
{
	return nla_put(b, type, strlen(s) + 1, s);
}

int
nla_put_flag(struct nl_buf *b, int type)
{
	return nla_put(b, type, 0, NULL);
}

struct nlattr *
nla_nest_start(struct nl_buf *b, int type)
{
	struct nlattr *start = (struct nlattr *)(b->data + b->len);

	if (nla_put(b, type | NLA_F_NESTED, 0, NULL))
		return NULL;
	return start;
}

void
nla_nest_end(struct nl_buf *b, struct nlattr *start)
{
	put_u16(&start->nla_len, (uint16_t)(b->data + b->len - (uint8_t *)start));
}

void
nla_nest_cancel(struct nl_buf *b, struct nlattr *start)
{
	b->len = (size_t)((uint8_t *)start - b->data);
}

int
nlmsg_parse(const struct nlmsghdr *nlh, size_t hdrlen, struct nlattr **tb, int maxtype,
	    const struct nla_policy *policy, unsigned int validate, struct nl_extack *ext)
{
	uint32_t len = get_u32(&nlh->nlmsg_len);

	if (len < NLMSG_HDRLEN + hdrlen) {
		if (ext)
			ext->msg = "Invalid header length";
		return -EINVAL;
	}
	return nla_parse(tb, maxtype, (const char *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen),
			 (int)len - NLMSG_HDRLEN - (int)NLMSG_ALIGN(hdrlen), policy, validate, ext);
}

void
netlink_rcv_loop(const void *buf, size_t len,
		 int (*handler)(void *ctx, const struct nlmsghdr *nlh, struct nl_extack *ext),
		 void (*ack)(void *ctx, const struct nlmsghdr *nlh, int err,
			     const struct nl_extack *ext),
		 void *ctx)
{
	const uint8_t *p = buf;
	size_t left = len;

	while (left >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		uint32_t mlen = get_u32(&nlh->nlmsg_len);
		uint16_t flags = get_u16(&nlh->nlmsg_flags), type = get_u16(&nlh->nlmsg_type);
		struct nl_extack ext = { 0 };
		int err = 0;
		size_t step;

		if (mlen < NLMSG_HDRLEN || left < mlen)
			return;
		if ((flags & NLM_F_REQUEST) && type >= NLMSG_MIN_TYPE) {
			err = handler(ctx, nlh, &ext);
			if (err == -EINTR)
				goto skip;
		}
		if ((flags & NLM_F_ACK) || err)
			ack(ctx, nlh, err, &ext);
skip:
		step = NLMSG_ALIGN(mlen);
		if (step > left)
			step = left;
		p += step;
		left -= step;
	}
}

int
netlink_ack_put(struct nl_buf *b, const struct nlmsghdr *req, int err, uint32_t portid,
		bool capped, bool ext_ack, const struct nl_extack *ext)
{
	size_t saved = b->len;
	uint32_t reqlen = get_u32(&req->nlmsg_len);
	uint16_t flags = 0;
	struct nlmsghdr *rep;
	struct nlmsgerr e;
	bool tlvs = ext_ack && ext && (ext->msg || (err && ext->bad_attr));
	size_t payload = sizeof(e);

	if (err && !capped)
		payload += reqlen - NLMSG_HDRLEN;
	else
		flags |= NLM_F_CAPPED;
	if (tlvs)
		flags |= NLM_F_ACK_TLVS;
	rep = nlmsg_put(b, portid, get_u32(&req->nlmsg_seq), NLMSG_ERROR, payload, flags);
	if (!rep)
		return -EMSGSIZE;
	e.error = err;
	memcpy(&e.msg, req, sizeof(e.msg));
	memcpy(nlmsg_data(rep), &e, sizeof(e));
	if (!(flags & NLM_F_CAPPED))
		memcpy((uint8_t *)nlmsg_data(rep) + sizeof(e), (const uint8_t *)req + NLMSG_HDRLEN,
		       reqlen - NLMSG_HDRLEN);
	if (tlvs) {
		if (ext->msg && nla_put_string(b, NLMSGERR_ATTR_MSG, ext->msg))
			goto full;
		if (err && ext->bad_attr) {
			const uint8_t *bad = ext->bad_attr, *r = (const uint8_t *)req;

			if (bad >= r && bad < r + reqlen &&
			    nla_put_u32(b, NLMSGERR_ATTR_OFFS, (uint32_t)(bad - r)))
				goto full;
		}
	}
	nlmsg_end(b, rep);
	return 0;
full:
	b->len = saved;
	return -EMSGSIZE;
}

int
netlink_done_put(struct nl_buf *b, uint32_t portid, uint32_t seq, int status)
{
	struct nlmsghdr *nlh = nlmsg_put(b, portid, seq, NLMSG_DONE, sizeof(status), NLM_F_MULTI);

	if (!nlh)
		return -EMSGSIZE;
	memcpy(nlmsg_data(nlh), &status, sizeof(status));
	return 0;
}
