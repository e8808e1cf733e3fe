// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the pure parts of uml_switch: the control request parser
 * (tools/uml_switch/request.c) on requests laid out as UML and Debian's
 * uml_switch lay them out (shared/docs/uml-switch.md: the 124 bytes of a
 * v3 request as captured from a real UML), and the MAC table with ageing
 * (tools/uml_switch/fdb.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "uml_switch.h"
#include "check_main.h"

/* ---- request parsing ---------------------------------------------------------- */

/* The request a real UML 6.1 guest sent (captured with strace), first 24 bytes. */
static const uint8_t uml_v3_head[] = {
	0xce, 0xfa, 0xed, 0xfe, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x72, 0x05, 0x00, 0x00, 0x09, 0xcf,
};

START_TEST(v3_from_uml)
{
	uint8_t req[124] = { 0 };
	struct req_parsed r;
	struct switch_abstract_name n;
	size_t len;

	memcpy(req, uml_v3_head, sizeof(uml_v3_head));
	req[24] = 0x0c;
	/* Every prefix is incomplete, the whole request is good. */
	for (len = 0; len < sizeof(req); len++)
		ck_assert_int_eq(switch_parse_request(req, len, &r), REQ_MORE);
	ck_assert_int_eq(switch_parse_request(req, sizeof(req), &r), REQ_OK);
	ck_assert_int_eq(r.version, 3);
	ck_assert(r.reply);
	ck_assert_uint_eq(r.len, 124);
	ck_assert_uint_eq(r.sock.family, 1);
	memcpy(&n, r.sock.path, sizeof(n));
	ck_assert_int_eq(n.pid, 0x572);
	ck_assert_int_eq(n.usecs, 0x0ccf09);
	/* The struct helpers build the same bytes. */
	{
		struct switch_request_v3 mine;
		struct switch_sockaddr a;

		switch_abstract_addr(&a, 0x572, 0x0ccf09);
		switch_request_v3_init(&mine, &a);
		ck_assert_mem_eq(&mine, req, sizeof(mine));
	}
}
END_TEST

START_TEST(v1_and_v0)
{
	struct switch_request_v1 v1;
	struct switch_request_v0 v0;
	struct req_parsed r;

	memset(&v1, 0, sizeof(v1));
	v1.magic = SWITCH_MAGIC;
	switch_abstract_addr(&v1.sock, 42, 7);
	ck_assert_int_eq(switch_parse_request(&v1, sizeof(v1) - 1, &r), REQ_MORE);
	ck_assert_int_eq(switch_parse_request(&v1, sizeof(v1), &r), REQ_OK);
	ck_assert_int_eq(r.version, 1);
	ck_assert(r.reply);
	ck_assert_mem_eq(&r.sock, &v1.sock, sizeof(v1.sock));
	/* v1 with type 1: a type nobody defined. */
	v1.type = 1;
	ck_assert_int_eq(switch_parse_request(&v1, sizeof(v1), &r), REQ_BAD_TYPE);

	memset(&v0, 0, sizeof(v0));
	switch_abstract_addr(&v0.sock, 43, 8);
	ck_assert_int_eq(switch_parse_request(&v0, sizeof(v0) - 1, &r), REQ_MORE);
	ck_assert_int_eq(switch_parse_request(&v0, sizeof(v0), &r), REQ_OK);
	ck_assert_int_eq(r.version, 0);
	ck_assert(!r.reply);
	ck_assert_uint_eq(r.len, 120);
	/* A v0 type other than 0 is refused at once, with 4 bytes. */
	v0.type = 0xdeadbeef;
	ck_assert_int_eq(switch_parse_request(&v0, 4, &r), REQ_BAD_TYPE);
	ck_assert_uint_eq(r.value, 0xdeadbeef);
}
END_TEST

START_TEST(bad_requests)
{
	struct switch_request_v3 q;
	struct switch_sockaddr a;
	struct req_parsed r;

	switch_abstract_addr(&a, 1, 2);
	switch_request_v3_init(&q, &a);
	q.version = 2;
	ck_assert_int_eq(switch_parse_request(&q, 8, &r), REQ_BAD_VERSION);
	ck_assert_uint_eq(r.value, 2);
	q.version = 7;
	ck_assert_int_eq(switch_parse_request(&q, 8, &r), REQ_BAD_VERSION);
	q.version = 0xffffffff;
	ck_assert_int_eq(switch_parse_request(&q, sizeof(q), &r), REQ_BAD_VERSION);
	q.version = 3;
	q.type = 1;
	ck_assert_int_eq(switch_parse_request(&q, sizeof(q), &r), REQ_BAD_TYPE);
	q.type = 0;
	q.sock.family = 2;	/* AF_INET */
	ck_assert_int_eq(switch_parse_request(&q, sizeof(q), &r), REQ_BAD_FAMILY);
	ck_assert_int_eq(switch_parse_request(&q, 3, &r), REQ_MORE);
}
END_TEST

START_TEST(addr_keys)
{
	struct switch_sockaddr a, k1, k2;

	/* A path name ends at its NUL: garbage after it is not the name. */
	memset(&a, 0x77, sizeof(a));
	a.family = SWITCH_AF_UNIX;
	strcpy(a.path, "/tmp/x.data");
	ck_assert(switch_addr_key(&k1, &a, sizeof(a)));
	ck_assert(switch_addr_key(&k2, &a, 2 + strlen("/tmp/x.data") + 1));
	ck_assert_mem_eq(&k1, &k2, sizeof(k1));
	ck_assert_str_eq(k1.path, "/tmp/x.data");
	ck_assert_int_eq(k1.path[107], 0);
	/* An abstract name counts all 108 bytes, and only at full length. */
	switch_abstract_addr(&a, 5, 6);
	a.path[100] = 9;
	ck_assert(switch_addr_key(&k1, &a, sizeof(a)));
	ck_assert_int_eq(k1.path[100], 9);
	ck_assert(!switch_addr_key(&k1, &a, 14));
	/* Unnamed, too long, or another family. */
	ck_assert(!switch_addr_key(&k1, &a, 2));
	ck_assert(!switch_addr_key(&k1, &a, sizeof(a) + 1));
	a.family = 10;
	ck_assert(!switch_addr_key(&k1, &a, sizeof(a)));
}
END_TEST

/* ---- the MAC table ------------------------------------------------------------ */

static const uint8_t A[6] = { 2, 0, 0, 0, 0, 0xa }, B[6] = { 2, 0, 0, 0, 0, 0xb };
static int p1, p2, p3;	/* three ports: only their addresses matter */

START_TEST(learn_and_age)
{
	struct fdb t;
	void *old;

	ck_assert_int_eq(fdb_init(&t, 100, 1000, 100000), 0);
	ck_assert_uint_eq(t.nbuckets, 128);
	ck_assert_ptr_null(fdb_lookup(&t, A, 0));
	ck_assert_int_eq(fdb_learn(&t, A, &p1, 1000, &old), FDB_NEW);
	ck_assert_ptr_eq(fdb_lookup(&t, A, 1000), &p1);
	/* Alive until 100 s after its last frame, not a millisecond more. */
	ck_assert_ptr_eq(fdb_lookup(&t, A, 100999), &p1);
	ck_assert_ptr_null(fdb_lookup(&t, A, 101000));
	/* A frame refreshes it. */
	ck_assert_int_eq(fdb_learn(&t, A, &p1, 50000, &old), FDB_REFRESHED);
	ck_assert_ptr_eq(fdb_lookup(&t, A, 149999), &p1);
	ck_assert_ptr_null(fdb_lookup(&t, A, 150000));
	/* The sweep frees only what has expired. */
	ck_assert_int_eq(fdb_learn(&t, B, &p2, 120000, &old), FDB_NEW);
	ck_assert_uint_eq(fdb_expire(&t, 149999), 0);
	ck_assert_uint_eq(fdb_expire(&t, 150000), 1);
	ck_assert_uint_eq(t.count, 1);
	ck_assert_ptr_eq(fdb_lookup(&t, B, 150000), &p2);
	/* An expired entry seen again is new, not a move. */
	ck_assert_int_eq(fdb_learn(&t, B, &p3, 300000, &old), FDB_NEW);
	ck_assert_ptr_null(old);
	fdb_destroy(&t);
}
END_TEST

START_TEST(move_and_forget)
{
	struct fdb t;
	void *old;

	ck_assert_int_eq(fdb_init(&t, 16, 1000, 1000), 0);
	fdb_learn(&t, A, &p1, 0, &old);
	fdb_learn(&t, B, &p1, 0, &old);
	ck_assert_int_eq(fdb_learn(&t, A, &p2, 10, &old), FDB_MOVED);
	ck_assert_ptr_eq(old, &p1);
	ck_assert_ptr_eq(fdb_lookup(&t, A, 10), &p2);
	ck_assert_uint_eq(t.count, 2);
	/* A port that goes away takes every address learned on it. */
	ck_assert_uint_eq(fdb_forget_port(&t, &p1), 1);
	ck_assert_ptr_null(fdb_lookup(&t, B, 10));
	ck_assert_ptr_eq(fdb_lookup(&t, A, 10), &p2);
	ck_assert_uint_eq(fdb_forget_port(&t, &p3), 0);
	fdb_destroy(&t);
}
END_TEST

START_TEST(bounded)
{
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 0 };
	struct fdb t;
	void *old;
	int i;

	ck_assert_int_eq(fdb_init(&t, 8, 100, 1000), 0);
	for (i = 0; i < 100; i++) {
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		ck_assert_int_eq(fdb_learn(&t, mac, &p1, 0, &old), FDB_NEW);
	}
	mac[5] = 200;
	ck_assert_int_eq(fdb_learn(&t, mac, &p1, 999, &old), FDB_FULL);
	ck_assert_uint_eq(t.count, 100);
	/* Known addresses still refresh; once some expire there is room. */
	mac[4] = 0x55;
	ck_assert_int_eq(fdb_learn(&t, mac, &p1, 500, &old), FDB_FULL);
	mac[4] = 0;
	mac[5] = 3;
	ck_assert_int_eq(fdb_learn(&t, mac, &p2, 500, &old), FDB_MOVED);
	mac[5] = 201;
	ck_assert_int_eq(fdb_learn(&t, mac, &p1, 1000, &old), FDB_NEW);
	ck_assert_uint_eq(t.count, 2);	/* 99 expired, 1 refreshed, 1 new */
	fdb_destroy(&t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("uml_switch");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, v3_from_uml);
	tcase_add_test(tc, v1_and_v0);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, addr_keys);
	tcase_add_test(tc, learn_and_age);
	tcase_add_test(tc, move_and_forget);
	tcase_add_test(tc, bounded);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
