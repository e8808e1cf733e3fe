/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * include/uapi's network headers against the host's: every constant by
 * value, every structure's size and the offsets of its members, and the
 * bit-field layouts of the IPv4 and TCP headers byte by byte. The host's
 * headers are Linux 6.1's (linux-libc-dev), so a difference is ours.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "uapi/ip.h"
#include "uapi/tcp.h"
#include "uapi/ipv6.h"
#include "uapi/icmpv6.h"
#include "net_uapi.h"

static void
compare(const struct uapi_entry *ours, const struct uapi_entry *host, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(ours[i].name, host[i].name);
		if (ours[i].value != host[i].value) {
			fprintf(stderr, "%s: ours %lld, Linux %lld\n", ours[i].name,
				ours[i].value, host[i].value);
			bad++;
		}
	}
	ck_assert_int_eq(bad, 0);
}

START_TEST(constants)
{
	ck_assert_uint_gt(net_uapi_nconsts, 1000);
	compare(net_uapi_ours_consts, net_uapi_host_consts, net_uapi_nconsts);
	compare(net_uapi_ours_glibc, net_uapi_host_glibc, net_uapi_nglibc);
}
END_TEST

START_TEST(layouts)
{
	compare(net_uapi_ours_layout, net_uapi_host_layout, net_uapi_nlayout);
	compare(net_uapi_ours_glibc_layout, net_uapi_host_glibc_layout, net_uapi_nglibc_layout);
}
END_TEST

START_TEST(bitfields)
{
	struct iphdr iph;
	struct tcphdr th;
	unsigned char b[20];

	memset(&iph, 0, sizeof(iph));
	iph.version = 4;
	iph.ihl = 6;
	memcpy(b, &iph, sizeof(iph));
	ck_assert_uint_eq(b[0], 0x46);

	memset(&th, 0, sizeof(th));
	th.doff = 8;
	th.syn = 1;
	th.ack = 1;
	th.cwr = 1;
	memcpy(b, &th, sizeof(th));
	ck_assert_uint_eq(b[12], 0x80);
	ck_assert_uint_eq(b[13], 0x92);
}
END_TEST

START_TEST(bitfields_v6)
{
	struct ipv6hdr h;
	struct icmp6hdr ic;
	unsigned char b[40];

	memset(&h, 0, sizeof(h));
	h.version = 6;
	h.priority = 0xa;
	memcpy(b, &h, sizeof(h));
	ck_assert_uint_eq(b[0], 0x6a);

	memset(&ic, 0, sizeof(ic));
	ic.icmp6_router = 1;
	ic.icmp6_override = 1;
	memcpy(b, &ic, sizeof(ic));
	ck_assert_uint_eq(b[4], 0xa0);
	memset(&ic, 0, sizeof(ic));
	ic.icmp6_addrconf_managed = 1;
	ic.icmp6_router_pref = ICMPV6_ROUTER_PREF_HIGH;
	memcpy(b, &ic, sizeof(ic));
	ck_assert_uint_eq(b[5], 0x88);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("net_uapi");
	TCase *tc = tcase_create("uapi");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, constants);
	tcase_add_test(tc, layouts);
	tcase_add_test(tc, bitfields);
	tcase_add_test(tc, bitfields_v6);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
