/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of netlink attributes and messages (kernel/net/core/
 * netlink_attr.c, rtnl_policy.c): round trips, every malformed-attribute
 * rule of Linux's nla_parse in liberal and strict mode, the receive loop
 * of netlink_rcv_skb, acks; and against the host kernel: our parser
 * reads its link, address and route dumps, and our acks are byte for
 * byte the ones it sends.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "kernel/net/netlink.h"
#include "uapi/if.h"
#include "uapi/rtnetlink.h"
#include "hostnl.h"

static uint8_t mem[65536];

static struct nlattr *
attr_at(struct nl_buf *b, size_t off)
{
	return (struct nlattr *)(b->data + off);
}

START_TEST(round_trip)
{
	struct nl_buf b;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct nlattr *tb[IFA_MAX + 1], *nest;
	char label[IFNAMSIZ];

	nl_buf_init(&b, mem, sizeof(mem));
	nlh = nlmsg_put(&b, 7, 42, RTM_NEWADDR, sizeof(*ifa), NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_ptr_nonnull(nlh);
	ifa = nlmsg_data(nlh);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = 2;
	ck_assert_int_eq(nla_put_be32(&b, IFA_LOCAL, 0x0a000001), 0);
	ck_assert_int_eq(nla_put_be32(&b, IFA_ADDRESS, 0x0a000001), 0);
	ck_assert_int_eq(nla_put_string(&b, IFA_LABEL, "eth0:1"), 0);
	ck_assert_int_eq(nla_put_u32(&b, IFA_FLAGS, 0x80), 0);
	nest = nla_nest_start(&b, 99);	/* unknown to the policy: ignored */
	nla_put_u8(&b, 1, 5);
	nla_nest_end(&b, nest);
	nlmsg_end(&b, nlh);
	ck_assert_uint_eq(nlh->nlmsg_len, b.len);
	ck_assert_uint_eq(nlh->nlmsg_len % 4, 0);
	ck_assert_int_eq(nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, ifa_ipv4_policy,
				     NL_VALIDATE_LIBERAL, NULL), 0);
	ck_assert_uint_eq(nla_get_be32(tb[IFA_LOCAL]), 0x0a000001);
	ck_assert_uint_eq(nla_get_u32(tb[IFA_FLAGS]), 0x80);
	ck_assert_int_eq(nla_strscpy(label, tb[IFA_LABEL], sizeof(label)), 6);
	ck_assert_str_eq(label, "eth0:1");
	ck_assert_ptr_null(tb[IFA_BROADCAST]);
	/* Strict mode refuses the unknown type 99. */
	ck_assert_int_eq(nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, ifa_ipv4_policy,
				     NL_VALIDATE_STRICT, NULL), -EINVAL);
	/* Too short for its family header. */
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	ck_assert_int_eq(nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, ifa_ipv4_policy, 0, NULL),
			 -EINVAL);
	/* A full buffer: nothing half-written. */
	nl_buf_init(&b, mem, 20);
	ck_assert_ptr_nonnull(nlmsg_put(&b, 0, 0, RTM_NEWLINK, 0, 0));
	ck_assert_int_eq(nla_put_u32(&b, IFLA_MTU, 1500), -EMSGSIZE);
	ck_assert_uint_eq(b.len, 16);
	ck_assert_ptr_null(nlmsg_put(&b, 0, 0, RTM_NEWLINK, 16, 0));
}
END_TEST

/* Build raw attributes: type, declared length, data bytes. */
static size_t
raw_attr(uint8_t *p, uint16_t type, uint16_t len, const void *data, size_t dlen)
{
	memcpy(p, &len, 2);
	memcpy(p + 2, &type, 2);
	memcpy(p + 4, data, dlen);
	return NLA_ALIGN(4 + dlen);
}

static int
parse_link(const uint8_t *buf, size_t len, unsigned int mode, struct nlattr **tb,
	   struct nl_extack *ext)
{
	return nla_parse(tb, IFLA_MAX, buf, (int)len, ifla_policy, mode, ext);
}

START_TEST(malformed_attributes)
{
	uint8_t buf[512];
	struct nlattr *tb[IFLA_MAX + 1];
	struct nl_extack ext;
	uint32_t v = 1500;
	size_t n;

	/* A length shorter than the header: parsing stops there. */
	n = raw_attr(buf, IFLA_MTU, 8, &v, 4);
	n += raw_attr(buf + n, IFLA_TXQLEN, 2, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_LIBERAL, tb, NULL), 0);
	ck_assert_ptr_nonnull(tb[IFLA_MTU]);
	ck_assert_ptr_null(tb[IFLA_TXQLEN]);
	memset(&ext, 0, sizeof(ext));
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, &ext), -EINVAL);
	ck_assert_str_eq(ext.msg, "bytes leftover after parsing attributes");
	/* A length beyond the buffer. */
	n = raw_attr(buf, IFLA_MTU, 8, &v, 4);
	n += raw_attr(buf + n, IFLA_TXQLEN, 200, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_LIBERAL, tb, NULL), 0);
	ck_assert_ptr_null(tb[IFLA_TXQLEN]);
	/* A u32 of 2 bytes: -ERANGE, and the extack points at it. */
	n = raw_attr(buf, IFLA_MTU, 6, &v, 2);
	memset(&ext, 0, sizeof(ext));
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_LIBERAL, tb, &ext), -ERANGE);
	ck_assert_ptr_eq(ext.bad_attr, buf);
	/* A u32 of 8 bytes: tolerated, except in strict mode. */
	{
		uint64_t w = 1500;

		n = raw_attr(buf, IFLA_MTU, 12, &w, 8);
		ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_LIBERAL, tb, NULL), 0);
		ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, NULL), -EINVAL);
	}
	/* Strings: IFNAMSIZ - 1 characters, a NUL may follow. */
	n = raw_attr(buf, IFLA_IFNAME, 4 + 15, "abcdefghijklmno", 15);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	n = raw_attr(buf, IFLA_IFNAME, 4 + 16, "abcdefghijklmno", 16);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	n = raw_attr(buf, IFLA_IFNAME, 4 + 16, "abcdefghijklmnop", 16);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -ERANGE);
	n = raw_attr(buf, IFLA_IFNAME, 4, "", 0);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -ERANGE);
	/* A NUL-terminated string without its NUL. */
	n = raw_attr(buf, IFLA_PARENT_DEV_NAME, 4 + 3, "abc", 3);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -EINVAL);
	n = raw_attr(buf, IFLA_PARENT_DEV_NAME, 4 + 4, "abc", 4);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	/* Attributes the policy rejects outright. */
	n = raw_attr(buf, IFLA_MIN_MTU, 8, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -EINVAL);
	/* Binary too long: a MAC of 33 bytes. */
	{
		uint8_t big[36] = { 0 };

		n = raw_attr(buf, IFLA_ADDRESS, 4 + 33, big, 33);
		ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -ERANGE);
	}
	/* Nested: empty is fine, 2 bytes is not; NLA_F_NESTED in strict mode. */
	n = raw_attr(buf, IFLA_LINKINFO, 4, "", 0);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, NULL), -EINVAL);
	n = raw_attr(buf, IFLA_LINKINFO | NLA_F_NESTED, 4, "", 0);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, NULL), 0);
	n = raw_attr(buf, IFLA_LINKINFO, 6, "ab", 2);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), -ERANGE);
	n = raw_attr(buf, IFLA_MTU | NLA_F_NESTED, 8, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, NULL), -EINVAL);
	/* Type 0 and beyond the maximum: skipped, or refused when strict. */
	n = raw_attr(buf, 0, 8, &v, 4);
	n += raw_attr(buf + n, IFLA_MAX + 5, 8, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	ck_assert_int_eq(parse_link(buf, n, NL_VALIDATE_STRICT, tb, NULL), -EINVAL);
	/* The last of a repeated attribute wins. */
	n = raw_attr(buf, IFLA_MTU, 8, &v, 4);
	v = 9000;
	n += raw_attr(buf + n, IFLA_MTU, 8, &v, 4);
	ck_assert_int_eq(parse_link(buf, n, 0, tb, NULL), 0);
	ck_assert_uint_eq(nla_get_u32(tb[IFLA_MTU]), 9000);
	/* A flag with data. */
	{
		static const struct nla_policy fp[3] = { [1] = { .type = NLA_FLAG } };
		struct nlattr *t2[3];

		n = raw_attr(buf, 1, 8, &v, 4);
		ck_assert_int_eq(nla_parse(t2, 2, buf, (int)n, fp, 0, NULL), -ERANGE);
		n = raw_attr(buf, 1, 4, "", 0);
		ck_assert_int_eq(nla_parse(t2, 2, buf, (int)n, fp, 0, NULL), 0);
	}
	/* A nested policy is checked inside. */
	{
		static const struct nla_policy in[3] = { [2] = { .type = NLA_U16 } };
		static const struct nla_policy out[2] = {
			[1] = { .type = NLA_NESTED, .nested = in, .nested_max = 2 } };
		struct nlattr *t2[3];
		uint8_t inner[8];
		size_t m = raw_attr(inner, 2, 5, "x", 1);

		n = raw_attr(buf, 1, (uint16_t)(4 + m), inner, m);
		ck_assert_int_eq(nla_parse(t2, 1, buf, (int)n, out, 0, NULL), -ERANGE);
	}
}
END_TEST

/* netlink_rcv_loop: what is handled, what is acked. */
static int handled, acked[8], nacks;

static int
h_handler(void *ctx, const struct nlmsghdr *nlh, struct nl_extack *ext)
{
	(void)ctx;
	handled++;
	if (nlh->nlmsg_type == 100)
		return -EINTR;
	if (nlh->nlmsg_type == 101) {
		ext->msg = "bad";
		return -EINVAL;
	}
	return 0;
}

static void
h_ack(void *ctx, const struct nlmsghdr *nlh, int err, const struct nl_extack *ext)
{
	(void)ctx;
	(void)ext;
	acked[nacks++] = err ? err : (int)nlh->nlmsg_seq;
}

static size_t
put_msg(uint8_t *p, uint32_t len, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr h = { .nlmsg_len = len, .nlmsg_type = type, .nlmsg_flags = flags,
			      .nlmsg_seq = seq };

	memset(p, 0, NLMSG_ALIGN(len));
	memcpy(p, &h, sizeof(h));
	return NLMSG_ALIGN(len);
}

START_TEST(receive_loop)
{
	uint8_t buf[512];
	size_t n = 0;

	n += put_msg(buf + n, 20, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 1);	/* handled, acked */
	n += put_msg(buf + n, 16, RTM_GETLINK, NLM_F_ACK, 2);			/* not a request: acked */
	n += put_msg(buf + n, 16, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 3);	/* control: acked */
	n += put_msg(buf + n, 16, 100, NLM_F_REQUEST | NLM_F_ACK, 4);		/* -EINTR: no ack */
	n += put_msg(buf + n, 16, 101, NLM_F_REQUEST, 5);			/* error: acked */
	n += put_msg(buf + n, 17, RTM_GETADDR, NLM_F_REQUEST, 6);		/* handled, quiet */
	n += put_msg(buf + n, 12, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 7);	/* too short: stop */
	n += put_msg(buf + n, 16, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 8);
	handled = nacks = 0;
	netlink_rcv_loop(buf, n, h_handler, h_ack, NULL);
	ck_assert_int_eq(handled, 4);
	ck_assert_int_eq(nacks, 4);
	ck_assert_int_eq(acked[0], 1);
	ck_assert_int_eq(acked[1], 2);
	ck_assert_int_eq(acked[2], 3);
	ck_assert_int_eq(acked[3], -EINVAL);
	/* A length beyond the buffer stops the loop too. */
	n = put_msg(buf, 16, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 1);
	n += put_msg(buf + n, 64, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 2);
	handled = nacks = 0;
	netlink_rcv_loop(buf, n - 40, h_handler, h_ack, NULL);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(nacks, 1);
}
END_TEST

START_TEST(acks)
{
	uint8_t req[64];
	struct nl_buf b;
	struct nlmsghdr *rep;
	struct nlmsgerr e;
	struct nl_extack ext = { .msg = "Unknown device", .bad_attr = req + 20 };

	put_msg(req, 40, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 9);
	memset(req + 16, 0x5a, 24);
	nl_buf_init(&b, mem, sizeof(mem));
	ck_assert_int_eq(netlink_ack_put(&b, (struct nlmsghdr *)req, -ENODEV, 77, false, false,
					 NULL), 0);
	rep = (struct nlmsghdr *)mem;
	ck_assert_uint_eq(rep->nlmsg_type, NLMSG_ERROR);
	ck_assert_uint_eq(rep->nlmsg_len, 16 + sizeof(e) + 24);
	ck_assert_uint_eq(rep->nlmsg_flags, 0);
	ck_assert_uint_eq(rep->nlmsg_seq, 9);
	ck_assert_uint_eq(rep->nlmsg_pid, 77);
	memcpy(&e, nlmsg_data(rep), sizeof(e));
	ck_assert_int_eq(e.error, -ENODEV);
	ck_assert_int_eq(memcmp(&e.msg, req, 16), 0);
	ck_assert_int_eq(memcmp((uint8_t *)nlmsg_data(rep) + sizeof(e), req + 16, 24), 0);
	/* Capped, and an ACK: the header only. */
	nl_buf_init(&b, mem, sizeof(mem));
	netlink_ack_put(&b, (struct nlmsghdr *)req, -ENODEV, 77, true, false, NULL);
	ck_assert_uint_eq(rep->nlmsg_len, 16 + sizeof(e));
	ck_assert_uint_eq(rep->nlmsg_flags, NLM_F_CAPPED);
	nl_buf_init(&b, mem, sizeof(mem));
	netlink_ack_put(&b, (struct nlmsghdr *)req, 0, 77, false, false, NULL);
	ck_assert_uint_eq(rep->nlmsg_len, 16 + sizeof(e));
	ck_assert_uint_eq(rep->nlmsg_flags, NLM_F_CAPPED);
	/* Extended ACK: the text and the offset of the bad attribute. */
	nl_buf_init(&b, mem, sizeof(mem));
	netlink_ack_put(&b, (struct nlmsghdr *)req, -ENODEV, 77, true, true, &ext);
	ck_assert_uint_eq(rep->nlmsg_flags, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	{
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
		int alen = (int)rep->nlmsg_len - 16 - (int)sizeof(e);

		ck_assert_int_eq(nla_parse(tb, NLMSGERR_ATTR_MAX,
					   (uint8_t *)nlmsg_data(rep) + sizeof(e), alen, NULL, 0, NULL),
				 0);
		ck_assert_str_eq(nla_data(tb[NLMSGERR_ATTR_MSG]), "Unknown device");
		ck_assert_uint_eq(nla_get_u32(tb[NLMSGERR_ATTR_OFFS]), 20);
	}
	/* The end of a dump. */
	nl_buf_init(&b, mem, sizeof(mem));
	ck_assert_int_eq(netlink_done_put(&b, 5, 6, 0), 0);
	ck_assert_uint_eq(rep->nlmsg_type, NLMSG_DONE);
	ck_assert_uint_eq(rep->nlmsg_len, 20);
	ck_assert_uint_eq(rep->nlmsg_flags, NLM_F_MULTI);
	(void)attr_at;
}
END_TEST

/* ---- against the host kernel ---- */

/* Send a request, read every reply message into mem; returns bytes. */
static size_t
nl_talk(int s, const void *req, size_t len, bool dump)
{
	size_t got = 0;

	ck_assert_int_eq(hostnl_send(s, req, len), (long)len);
	for (;;) {
		long n = hostnl_recv(s, mem + got, sizeof(mem) - got);
		const struct nlmsghdr *last;
		size_t off = got;

		ck_assert_int_gt(n, 0);
		got += (size_t)n;
		if (!dump)
			return got;
		/* Stop at NLMSG_DONE or an error. */
		while (off < got) {
			last = (const struct nlmsghdr *)(mem + off);
			if (last->nlmsg_type == NLMSG_DONE || last->nlmsg_type == NLMSG_ERROR)
				return got;
			off += NLMSG_ALIGN(last->nlmsg_len);
		}
	}
}

static struct {
	int links, addrs, routes;
	bool lo_seen, lo_addr_seen, local_route_seen;
} seen;

static void
walk(size_t len, uint16_t want)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= len) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)(mem + off);
		size_t hdrlen = rtnl_msg_hdrlen(nlh->nlmsg_type);

		ck_assert_uint_ge(nlh->nlmsg_len, NLMSG_HDRLEN);
		if (nlh->nlmsg_type == want) {
			if (want == RTM_NEWLINK) {
				struct nlattr *tb[IFLA_MAX + 1];
				const struct ifinfomsg *ifi = nlmsg_data(nlh);
				char name[IFNAMSIZ];

				ck_assert_uint_eq(hdrlen, sizeof(*ifi));
				/* Replies carry what requests may not (IFLA_MIN_MTU...):
				 * read them as iproute2 does, without a policy. */
				ck_assert_int_eq(nlmsg_parse(nlh, hdrlen, tb, IFLA_MAX, NULL,
							     NL_VALIDATE_LIBERAL, NULL), 0);
				ck_assert_ptr_nonnull(tb[IFLA_IFNAME]);
				nla_strscpy(name, tb[IFLA_IFNAME], sizeof(name));
				if (!strcmp(name, "lo")) {
					ck_assert_int_eq(ifi->ifi_index, 1);
					ck_assert_uint_eq(ifi->ifi_type, 772);
					ck_assert_int_eq(nla_len(tb[IFLA_ADDRESS]), 6);
					seen.lo_seen = true;
				}
				seen.links++;
			} else if (want == RTM_NEWADDR) {
				struct nlattr *tb[IFA_MAX + 1];
				const struct ifaddrmsg *ifa = nlmsg_data(nlh);

				ck_assert_int_eq(nlmsg_parse(nlh, hdrlen, tb, IFA_MAX, ifa_ipv4_policy,
							     NL_VALIDATE_LIBERAL, NULL), 0);
				if (ifa->ifa_index == 1 && tb[IFA_LOCAL] &&
				    nla_get_be32(tb[IFA_LOCAL]) == 0x7f000001) {
					ck_assert_uint_eq(ifa->ifa_prefixlen, 8);
					ck_assert_uint_eq(ifa->ifa_scope, RT_SCOPE_HOST);
					seen.lo_addr_seen = true;
				}
				seen.addrs++;
			} else if (want == RTM_NEWROUTE) {
				struct nlattr *tb[RTA_MAX + 1];
				const struct rtmsg *rtm = nlmsg_data(nlh);

				ck_assert_int_eq(nlmsg_parse(nlh, hdrlen, tb, RTA_MAX, rtm_ipv4_policy,
							     NL_VALIDATE_LIBERAL, NULL), 0);
				if (rtm->rtm_type == RTN_LOCAL && rtm->rtm_dst_len == 32 &&
				    tb[RTA_DST] && nla_get_be32(tb[RTA_DST]) == 0x7f000001) {
					ck_assert_uint_eq(rtm->rtm_table, RT_TABLE_LOCAL);
					ck_assert_uint_eq(rtm->rtm_scope, RT_SCOPE_HOST);
					ck_assert_uint_eq(rtm->rtm_protocol, RTPROT_KERNEL);
					ck_assert_uint_eq(nla_get_u32(tb[RTA_OIF]), 1);
					seen.local_route_seen = true;
				}
				seen.routes++;
			}
		}
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

START_TEST(host_dumps_parse)
{
	uint8_t req[64];
	struct nl_buf b;
	struct nlmsghdr *nlh;
	uint32_t pid;
	int s = hostnl_open(&pid);
	size_t n;

	if (s < 0) {
		fprintf(stderr, "skip: no host netlink socket\n");
		return;
	}
	memset(&seen, 0, sizeof(seen));
	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 1, RTM_GETLINK, sizeof(struct ifinfomsg), NLM_F_REQUEST | NLM_F_DUMP);
	nla_put_u32(&b, IFLA_EXT_MASK, RTEXT_FILTER_VF);
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, true);
	walk(n, RTM_NEWLINK);
	ck_assert(seen.lo_seen);

	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 2, RTM_GETADDR, sizeof(struct ifaddrmsg), NLM_F_REQUEST | NLM_F_DUMP);
	((struct ifaddrmsg *)nlmsg_data(nlh))->ifa_family = AF_INET;
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, true);
	walk(n, RTM_NEWADDR);
	ck_assert(seen.lo_addr_seen);

	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 3, RTM_GETROUTE, sizeof(struct rtmsg), NLM_F_REQUEST | NLM_F_DUMP);
	((struct rtmsg *)nlmsg_data(nlh))->rtm_family = AF_INET;
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, true);
	walk(n, RTM_NEWROUTE);
	ck_assert(seen.local_route_seen);
	hostnl_close(s);
}
END_TEST

START_TEST(host_acks_match)
{
	uint8_t req[64], ours[256];
	struct nl_buf b;
	struct nlmsghdr *nlh, *theirs;
	uint32_t pid;
	int s = hostnl_open(&pid);
	size_t n;

	if (s < 0) {
		fprintf(stderr, "skip: no host netlink socket\n");
		return;
	}
	/* A link that does not exist: -ENODEV, the request echoed. */
	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 11, RTM_GETLINK, sizeof(struct ifinfomsg), NLM_F_REQUEST | NLM_F_ACK);
	((struct ifinfomsg *)nlmsg_data(nlh))->ifi_index = 0x7ffffff0;
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, false);
	theirs = (struct nlmsghdr *)mem;
	ck_assert_uint_eq(theirs->nlmsg_type, NLMSG_ERROR);
	nl_buf_init(&b, ours, sizeof(ours));
	ck_assert_int_eq(netlink_ack_put(&b, nlh, -ENODEV, pid, false, false, NULL), 0);
	ck_assert_uint_eq(b.len, n);
	ck_assert_int_eq(memcmp(ours, mem, n), 0);
	/* With NETLINK_CAP_ACK. */
	ck_assert_int_eq(hostnl_cap_ack(s), 0);
	n = nl_talk(s, req, nlh->nlmsg_len, false);
	nl_buf_init(&b, ours, sizeof(ours));
	netlink_ack_put(&b, nlh, -ENODEV, pid, true, false, NULL);
	ck_assert_uint_eq(b.len, n);
	ck_assert_int_eq(memcmp(ours, mem, n), 0);
	/* A successful request with NLM_F_ACK: the reply, then a capped ACK. */
	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 12, RTM_GETLINK, sizeof(struct ifinfomsg), NLM_F_REQUEST | NLM_F_ACK);
	((struct ifinfomsg *)nlmsg_data(nlh))->ifi_index = 1;
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, false);
	theirs = (struct nlmsghdr *)mem;
	ck_assert_uint_eq(theirs->nlmsg_type, RTM_NEWLINK);
	if (n == NLMSG_ALIGN(theirs->nlmsg_len))
		n += (size_t)hostnl_recv(s, mem + n, sizeof(mem) - n);
	theirs = (struct nlmsghdr *)(mem + NLMSG_ALIGN(((struct nlmsghdr *)mem)->nlmsg_len));
	nl_buf_init(&b, ours, sizeof(ours));
	netlink_ack_put(&b, nlh, 0, pid, true, false, NULL);
	ck_assert_uint_eq(theirs->nlmsg_len, b.len);
	ck_assert_int_eq(memcmp(ours, theirs, b.len), 0);
	hostnl_close(s);
}
END_TEST

/* ---- our rtnetlink messages next to the host kernel's, for lo ---- */

#include <stdlib.h>
#include "kernel/net/inet.h"
#include "kernel/net/rtnl.h"

static struct pkt_pool rpool;
static struct inet_stack rstack;
static struct net_if rlo;

static void
lo_stack(void)
{
	struct in_ifaddr *ifa = calloc(1, sizeof(*ifa));

	pkt_pool_init(&rpool, 1 << 20);
	ck_assert_int_eq(inet_stack_init(&rstack, NULL, &rpool, 1), 0);
	memset(&rlo, 0, sizeof(rlo));
	rlo.ifindex = 1;
	strcpy(rlo.name, "lo");
	rlo.type = 772;
	rlo.flags = IFF_LOOPBACK;
	ck_assert_int_eq(inet_if_register(&rstack, &rlo, 0), 0);
	inet_if_set_flags(&rlo, IFF_UP, 0);
	ifa->local = 0x7f000001;
	ifa->prefixlen = 8;
	ifa->scope = RT_SCOPE_HOST;
	ck_assert_int_eq(inet_addr_add(&rlo, ifa, 0), 0);
}

static void
lo_stack_free(void)
{
	inet_if_unregister(&rlo, 0);
	inet_stack_destroy(&rstack);
	pkt_pool_destroy(&rpool);
}

/* Attribute types of a message, in order, and their payloads. */
struct attrs {
	int n;
	int type[64];
	const uint8_t *data[64];
	int len[64];
};

static void
attrs_of(const struct nlmsghdr *nlh, size_t hdrlen, struct attrs *a)
{
	const struct nlattr *nla = (const struct nlattr *)((const char *)nlh + NLMSG_HDRLEN +
							    NLMSG_ALIGN(hdrlen));
	int rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)NLMSG_ALIGN(hdrlen);

	a->n = 0;
	for (; nla_ok(nla, rem) && a->n < 64; nla = nla_next(nla, &rem)) {
		a->type[a->n] = nla_type(nla);
		a->data[a->n] = nla_data(nla);
		a->len[a->n] = nla_len(nla);
		a->n++;
	}
}

/* The host message of `type` that `match` picks, copied into out. */
static bool
host_find(uint16_t dump_type, size_t hdrlen, uint8_t family,
	  bool (*match)(const struct nlmsghdr *), uint8_t *out)
{
	uint8_t req[64];
	struct nl_buf b;
	struct nlmsghdr *nlh;
	uint32_t pid;
	int s = hostnl_open(&pid);
	size_t n, off = 0;
	bool found = false;

	if (s < 0)
		return false;
	nl_buf_init(&b, req, sizeof(req));
	nlh = nlmsg_put(&b, 0, 77, dump_type, hdrlen, NLM_F_REQUEST | NLM_F_DUMP);
	((uint8_t *)nlmsg_data(nlh))[0] = family;
	nlmsg_end(&b, nlh);
	n = nl_talk(s, req, b.len, true);
	while (off + NLMSG_HDRLEN <= n) {
		const struct nlmsghdr *m = (const struct nlmsghdr *)(mem + off);

		if (!found && m->nlmsg_type != NLMSG_DONE && match(m)) {
			memcpy(out, m, m->nlmsg_len);
			found = true;
		}
		off += NLMSG_ALIGN(m->nlmsg_len);
	}
	hostnl_close(s);
	return found;
}

static bool
is_lo_addr(const struct nlmsghdr *m)
{
	const struct ifaddrmsg *ifa = nlmsg_data(m);

	return m->nlmsg_type == RTM_NEWADDR && ifa->ifa_family == AF_INET && ifa->ifa_index == 1;
}

static bool
is_local_127_route(const struct nlmsghdr *m)
{
	const struct rtmsg *r = nlmsg_data(m);
	struct nlattr *tb[RTA_MAX + 1];

	if (m->nlmsg_type != RTM_NEWROUTE || r->rtm_type != RTN_LOCAL || r->rtm_dst_len != 32)
		return false;
	if (nlmsg_parse(m, sizeof(*r), tb, RTA_MAX, NULL, 0, NULL) || !tb[RTA_DST])
		return false;
	return nla_get_be32(tb[RTA_DST]) == 0x7f000001;
}

static bool
is_lo_link(const struct nlmsghdr *m)
{
	const struct ifinfomsg *ifi = nlmsg_data(m);

	return m->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == 1;
}

START_TEST(fill_matches_host)
{
	static uint8_t theirs[8192], ours[8192];
	struct nl_buf b;
	struct attrs ta, oa;
	struct fib_lookup_key key = { .daddr = 0x7f000001 };
	struct fib_route *r;

	lo_stack();
	/* The address: the same header and the same attributes, in order
	 * (cache info values aside). */
	if (!host_find(RTM_GETADDR, sizeof(struct ifaddrmsg), AF_INET, is_lo_addr, theirs)) {
		fprintf(stderr, "skip: the host has no lo address to compare with\n");
		lo_stack_free();
		return;
	}
	nl_buf_init(&b, ours, sizeof(ours));
	ck_assert_int_eq(rtnl_fill_ifaddr(&b, inet_ifa_primary(&rlo), &rlo, RTM_NEWADDR, 0, 0,
					  NLM_F_MULTI, 0), 0);
	ck_assert_int_eq(memcmp(nlmsg_data((struct nlmsghdr *)ours),
				nlmsg_data((struct nlmsghdr *)theirs), sizeof(struct ifaddrmsg)), 0);
	attrs_of((struct nlmsghdr *)theirs, sizeof(struct ifaddrmsg), &ta);
	attrs_of((struct nlmsghdr *)ours, sizeof(struct ifaddrmsg), &oa);
	ck_assert_int_eq(oa.n, ta.n);
	for (int i = 0; i < oa.n; i++) {
		ck_assert_int_eq(oa.type[i], ta.type[i]);
		ck_assert_int_eq(oa.len[i], ta.len[i]);
		if (oa.type[i] != IFA_CACHEINFO)
			ck_assert_int_eq(memcmp(oa.data[i], ta.data[i], (size_t)oa.len[i]), 0);
	}
	/* The route "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1". */
	ck_assert(host_find(RTM_GETROUTE, sizeof(struct rtmsg), AF_INET, is_local_127_route, theirs));
	ck_assert_int_eq(fib_table_lookup(rstack.fib_local, &key, &r), 0);
	nl_buf_init(&b, ours, sizeof(ours));
	ck_assert_int_eq(rtnl_fill_route(&b, r, RTM_NEWROUTE, 0, 0, NLM_F_MULTI), 0);
	ck_assert_int_eq(memcmp(nlmsg_data((struct nlmsghdr *)ours),
				nlmsg_data((struct nlmsghdr *)theirs), sizeof(struct rtmsg)), 0);
	attrs_of((struct nlmsghdr *)theirs, sizeof(struct rtmsg), &ta);
	attrs_of((struct nlmsghdr *)ours, sizeof(struct rtmsg), &oa);
	ck_assert_int_eq(oa.n, ta.n);
	for (int i = 0; i < oa.n; i++) {
		ck_assert_int_eq(oa.type[i], ta.type[i]);
		ck_assert_int_eq(oa.len[i], ta.len[i]);
		ck_assert_int_eq(memcmp(oa.data[i], ta.data[i], (size_t)oa.len[i]), 0);
	}
	/* The link: every attribute we send the host sends too (newer kernels
	 * send more, and moved IFLA_QDISC and IFLA_MAP later than 6.1's order,
	 * which we keep), and the same header. */
	ck_assert(host_find(RTM_GETLINK, sizeof(struct ifinfomsg), AF_UNSPEC, is_lo_link, theirs));
	nl_buf_init(&b, ours, sizeof(ours));
	ck_assert_int_eq(rtnl_fill_link(&b, &rlo, RTM_NEWLINK, 0, 0, NLM_F_MULTI, 0), 0);
	{
		const struct ifinfomsg *o = nlmsg_data((struct nlmsghdr *)ours);
		const struct ifinfomsg *t = nlmsg_data((struct nlmsghdr *)theirs);

		ck_assert_int_eq(o->ifi_type, t->ifi_type);
		ck_assert_int_eq(o->ifi_index, t->ifi_index);
		/* NOARP too: the stack keeps lo NOARP inside, Linux does not report it. */
		ck_assert_uint_eq(o->ifi_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP |
						  IFF_NOARP),
				  t->ifi_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP |
						  IFF_NOARP));
	}
	attrs_of((struct nlmsghdr *)theirs, sizeof(struct ifinfomsg), &ta);
	attrs_of((struct nlmsghdr *)ours, sizeof(struct ifinfomsg), &oa);
	for (int i = 0; i < oa.n; i++) {
		int j = 0;

		while (j < ta.n && ta.type[j] != oa.type[i])
			j++;
		if (j == ta.n)
			ck_abort_msg("our link attribute %d is not in Linux's message", oa.type[i]);
		if (oa.type[i] == IFLA_IFNAME || oa.type[i] == IFLA_OPERSTATE ||
		    oa.type[i] == IFLA_MTU || oa.type[i] == IFLA_QDISC || oa.type[i] == IFLA_ADDRESS ||
		    oa.type[i] == IFLA_MIN_MTU || oa.type[i] == IFLA_MAX_MTU ||
		    oa.type[i] == IFLA_GSO_MAX_SIZE || oa.type[i] == IFLA_TSO_MAX_SIZE)
			ck_assert_int_eq(memcmp(oa.data[i], ta.data[j], (size_t)oa.len[i]), 0);
	}
	lo_stack_free();
}
END_TEST

static bool
is_lo_addr6(const struct nlmsghdr *m)
{
	const struct ifaddrmsg *ifa = nlmsg_data(m);

	return m->nlmsg_type == RTM_NEWADDR && ifa->ifa_family == AF_INET6 && ifa->ifa_index == 1;
}

static bool
is_local_lo6_route(const struct nlmsghdr *m)
{
	const struct rtmsg *r = nlmsg_data(m);
	struct nlattr *tb[RTA_MAX + 1];
	static const uint8_t one[16] = { [15] = 1 };

	if (m->nlmsg_type != RTM_NEWROUTE || r->rtm_family != AF_INET6 ||
	    r->rtm_type != RTN_LOCAL || r->rtm_dst_len != 128)
		return false;
	if (nlmsg_parse(m, sizeof(*r), tb, RTA_MAX, NULL, 0, NULL) || !tb[RTA_DST])
		return false;
	return nla_len(tb[RTA_DST]) == 16 && !memcmp(nla_data(tb[RTA_DST]), one, 16);
}

/*
 * Our attributes must appear in the host's message in the same order
 * (a newer host kernel may add some of its own), with the same bytes
 * unless skip says the value is a time.
 */
static void
attrs_in_order(const struct attrs *oa, const struct attrs *ta, int skip1, int skip2)
{
	int j = 0;

	for (int i = 0; i < oa->n; i++) {
		while (j < ta->n && ta->type[j] != oa->type[i])
			j++;
		ck_assert_msg(j < ta->n, "attribute %d missing or out of order", oa->type[i]);
		ck_assert_int_eq(oa->len[i], ta->len[j]);
		if (oa->type[i] != skip1 && oa->type[i] != skip2)
			ck_assert_msg(!memcmp(oa->data[i], ta->data[j], (size_t)oa->len[i]),
				      "attribute %d differs", oa->type[i]);
		j++;
	}
}

START_TEST(fill6_matches_host)
{
	static uint8_t theirs[8192], ours[8192];
	struct nl_buf b;
	struct attrs ta, oa;
	struct inet6_ifaddr *ifa;

	lo_stack();
	ifa = ipv6_get_ifaddr(&rstack, &in6addr_loopback, &rlo);
	ck_assert_ptr_nonnull(ifa);
	if (!host_find(RTM_GETADDR, sizeof(struct ifaddrmsg), AF_INET6, is_lo_addr6, theirs)) {
		fprintf(stderr, "skip: the host has no ::1 to compare with\n");
		lo_stack_free();
		return;
	}
	/* "inet6 ::1/128 scope host": header and attributes. */
	nl_buf_init(&b, ours, sizeof(ours));
	ck_assert_int_eq(rtnl_fill_ifaddr6(&b, ifa, RTM_NEWADDR, 0, 0, NLM_F_MULTI, 0), 0);
	ck_assert_int_eq(memcmp(nlmsg_data((struct nlmsghdr *)ours),
				nlmsg_data((struct nlmsghdr *)theirs), sizeof(struct ifaddrmsg)), 0);
	attrs_of((struct nlmsghdr *)theirs, sizeof(struct ifaddrmsg), &ta);
	attrs_of((struct nlmsghdr *)ours, sizeof(struct ifaddrmsg), &oa);
	attrs_in_order(&oa, &ta, IFA_CACHEINFO, -1);
	/* Both report forever (no prefered/valid left to count). */
	{
		struct ifa_cacheinfo a, c;

		for (int i = 0; i < oa.n; i++)
			if (oa.type[i] == IFA_CACHEINFO)
				memcpy(&a, oa.data[i], sizeof(a));
		for (int i = 0; i < ta.n; i++)
			if (ta.type[i] == IFA_CACHEINFO)
				memcpy(&c, ta.data[i], sizeof(c));
		ck_assert_uint_eq(a.ifa_valid, c.ifa_valid);
		ck_assert_uint_eq(a.ifa_prefered, c.ifa_prefered);
	}
	/* "local ::1 dev lo table local proto kernel metric 0 pref medium". */
	ck_assert(host_find(RTM_GETROUTE, sizeof(struct rtmsg), AF_INET6, is_local_lo6_route,
			    theirs));
	{
		struct rt6_route *rt = rt6_lookup(&rstack, &in6addr_loopback, 0);

		ck_assert_ptr_nonnull(rt);
		ck_assert_uint_eq(rt->type, RTN_LOCAL);
		nl_buf_init(&b, ours, sizeof(ours));
		ck_assert_int_eq(rtnl_fill_route6(&b, rt, RTM_NEWROUTE, 0, 0, NLM_F_MULTI, 0), 0);
	}
	ck_assert_int_eq(memcmp(nlmsg_data((struct nlmsghdr *)ours),
				nlmsg_data((struct nlmsghdr *)theirs), sizeof(struct rtmsg)), 0);
	attrs_of((struct nlmsghdr *)theirs, sizeof(struct rtmsg), &ta);
	attrs_of((struct nlmsghdr *)ours, sizeof(struct rtmsg), &oa);
	attrs_in_order(&oa, &ta, RTA_CACHEINFO, -1);
	lo_stack_free();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("net_netlink");
	TCase *tc = tcase_create("netlink");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, malformed_attributes);
	tcase_add_test(tc, receive_loop);
	tcase_add_test(tc, acks);
	tcase_add_test(tc, host_dumps_parse);
	tcase_add_test(tc, host_acks_match);
	tcase_add_test(tc, fill_matches_host);
	tcase_add_test(tc, fill6_matches_host);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
