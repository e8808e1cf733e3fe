/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for include/proto/mconsole.h: the request bytes against what
 * Debian's uml_mconsole sends (captured with strace), replies cut as UML
 * cuts them (the 722-byte help text in 524 + 224 bytes) and parsed back
 * for every length around the packet boundaries, datagrams captured from
 * UML 6.1, and each kind of malformed reply.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mconsole.h"
#include "check_main.h"

START_TEST(test_request_bytes)
{
	struct mconsole_request req;
	const unsigned char *b = (const unsigned char *)&req;
	/* The first 12 bytes of `uml_mconsole x version`, from strace. */
	static const unsigned char head[] = {
		0xbe, 0xba, 0xfe, 0xca, 0x02, 0, 0, 0, 0x07, 0, 0, 0,
	};

	memset(&req, 0xaa, sizeof(req));
	mconsole_request_init(&req, "version", 7);
	ck_assert_uint_eq(sizeof(req), 524);
	ck_assert_mem_eq(b, head, sizeof(head));
	ck_assert_mem_eq(b + 12, "version", 7);
	for (size_t i = 12 + 7; i < sizeof(req); i++)
		ck_assert_uint_eq(b[i], 0);
}
END_TEST

START_TEST(test_request_longest)
{
	struct mconsole_request req;
	char cmd[MCONSOLE_MAX_CMD];

	memset(cmd, 'x', sizeof(cmd));
	mconsole_request_init(&req, cmd, sizeof(cmd));
	ck_assert_uint_eq(req.len, 511);
	ck_assert_int_eq(req.data[510], 'x');
	ck_assert_int_eq(req.data[511], '\0');	/* what UML reads as the end */
}
END_TEST

/* The help text of UML 6.1 is 722 bytes: packets of 12+512 and 12+212. */
START_TEST(test_fill_help_sizes)
{
	struct mconsole_reply r;
	char text[722];
	size_t used, n;

	memset(text, 'h', sizeof(text));
	n = mconsole_reply_fill(&r, text, sizeof(text), 0, true, false, &used);
	ck_assert_uint_eq(n, 524);
	ck_assert_uint_eq(used, 511);
	ck_assert_uint_eq(r.len, 512);
	ck_assert_uint_eq(r.more, 1);
	n = mconsole_reply_fill(&r, text + used, sizeof(text) - used, 0, false, false, &used);
	ck_assert_uint_eq(n, 224);
	ck_assert_uint_eq(used, 211);
	ck_assert_uint_eq(r.more, 0);
}
END_TEST

START_TEST(test_fill_err_first_only)
{
	struct mconsole_reply r;
	char text[600];
	size_t used;

	memset(text, 'e', sizeof(text));
	mconsole_reply_fill(&r, text, sizeof(text), -19, true, false, &used);
	ck_assert_int_eq(r.err, -19);
	mconsole_reply_fill(&r, text + used, sizeof(text) - used, -19, false, false, &used);
	ck_assert_int_eq(r.err, 0);
}
END_TEST

/* Streamed output (proc, sysrq): more = 1 on a piece, an empty end. */
START_TEST(test_fill_streamed)
{
	struct mconsole_reply r;
	size_t used, n;

	n = mconsole_reply_fill(&r, "\n", 1, 0, true, true, &used);
	ck_assert_uint_eq(n, 14);
	ck_assert_uint_eq(r.more, 1);
	n = mconsole_reply_fill(&r, "", 0, 0, false, false, &used);
	ck_assert_uint_eq(n, 13);
	ck_assert_uint_eq(r.len, 1);
	ck_assert_uint_eq(r.more, 0);
	ck_assert_uint_eq(used, 0);
}
END_TEST

/* Every length around the packet boundaries: cut, parsed, joined back. */
static const size_t round_lens[] = {
	0, 1, 2, 510, 511, 512, 513, 1021, 1022, 1023, 1024, 5000,
};

START_TEST(test_round_trip)
{
	size_t len = round_lens[_i], off = 0, used, n, got = 0, packets = 0;
	char *text = malloc(len + 1), *back = malloc(len + 1);
	struct mconsole_reply r;
	struct mconsole_reply_view v;

	for (size_t i = 0; i < len; i++)
		text[i] = (char)('a' + i % 26);
	do {
		n = mconsole_reply_fill(&r, text + off, len - off, 1, off == 0, false, &used);
		ck_assert_int_eq(mconsole_reply_parse(&r, n, &v), MCONSOLE_REPLY_OK);
		ck_assert_int_eq(v.err, packets == 0 ? 1 : 0);
		memcpy(back + got, v.text, v.text_len);
		got += v.text_len;
		off += used;
		packets++;
	} while (v.more);
	ck_assert_uint_eq(got, len);
	ck_assert_mem_eq(back, text, len);
	ck_assert_uint_eq(packets, len ? (len + 510) / 511 : 1);
	free(text);
	free(back);
}
END_TEST

/* `remove ubd3` on UML 6.1: 33 bytes, err -19, len 21. */
START_TEST(test_parse_captured)
{
	static const unsigned char pkt[] = {
		0xed, 0xff, 0xff, 0xff, 0, 0, 0, 0, 21, 0, 0, 0,
		'D', 'e', 'v', 'i', 'c', 'e', ' ', 'd', 'o', 'e', 's', 'n', '\'', 't',
		' ', 'e', 'x', 'i', 's', 't', 0,
	};
	struct mconsole_reply_view v;

	ck_assert_uint_eq(sizeof(pkt), 33);
	ck_assert_int_eq(mconsole_reply_parse(pkt, sizeof(pkt), &v), MCONSOLE_REPLY_OK);
	ck_assert_int_eq(v.err, -19);
	ck_assert(!v.more);
	ck_assert_uint_eq(v.text_len, 20);
	ck_assert_mem_eq(v.text, "Device doesn't exist", 20);
}
END_TEST

static size_t
make(unsigned char *buf, int32_t err, uint32_t more, uint32_t len, const char *text, size_t n)
{
	memcpy(buf, &err, 4);
	memcpy(buf + 4, &more, 4);
	memcpy(buf + 8, &len, 4);
	memcpy(buf + 12, text, n);
	return 12 + n;
}

START_TEST(test_parse_malformed)
{
	unsigned char buf[1100];
	struct mconsole_reply_view v;
	size_t n;

	/* UML's answer to a wrong magic is raw text, no header at all. */
	ck_assert_int_eq(mconsole_reply_parse("ERR Vers", 8, &v), MCONSOLE_REPLY_SHORT);
	n = make(buf, 0, 0, 0, "", 0);
	ck_assert_int_eq(mconsole_reply_parse(buf, 11, &v), MCONSOLE_REPLY_SHORT);
	ck_assert_int_eq(mconsole_reply_parse(buf, n, &v), MCONSOLE_REPLY_BAD_LEN);
	n = make(buf, 0, 0, 513, "x", 1);
	ck_assert_int_eq(mconsole_reply_parse(buf, 12 + 513, &v), MCONSOLE_REPLY_BAD_LEN);
	n = make(buf, 0, 0, 40, "abc", 4);
	ck_assert_int_eq(mconsole_reply_parse(buf, n, &v), MCONSOLE_REPLY_TRUNCATED);
	n = make(buf, 0, 0, 5, "hello", 5);
	ck_assert_int_eq(mconsole_reply_parse(buf, n, &v), MCONSOLE_REPLY_NO_NUL);
	/* A NUL inside ends the text; bytes after 12 + len are ignored. */
	n = make(buf, 0, 7, 13, "before\0after\0trailing", 21);
	ck_assert_int_eq(mconsole_reply_parse(buf, n, &v), MCONSOLE_REPLY_OK);
	ck_assert_uint_eq(v.text_len, 6);
	ck_assert(v.more);
	/* A whole 524-byte struct with len 512 is fine. */
	memset(buf, 'z', sizeof(buf));
	make(buf, 0, 0, 512, "", 0);
	buf[12 + 511] = '\0';
	ck_assert_int_eq(mconsole_reply_parse(buf, 524, &v), MCONSOLE_REPLY_OK);
	ck_assert_uint_eq(v.text_len, 511);
}
END_TEST

/* The notify packet UML 6.1 sent for its socket (type 0), as captured. */
START_TEST(test_notify_layout)
{
	struct mconsole_notify n;
	const char path[] = "/tmp/x/uml/ntest/mconsole";

	ck_assert_uint_eq(offsetof(struct mconsole_notify, type), 8);
	ck_assert_uint_eq(offsetof(struct mconsole_notify, len), 12);
	n.magic = MCONSOLE_MAGIC;
	n.version = MCONSOLE_VERSION;
	n.type = MCONSOLE_SOCKET;
	n.len = sizeof(path);
	memcpy(n.data, path, sizeof(path));
	ck_assert_uint_eq(MCONSOLE_NOTIFY_HDR + n.len, 16 + 26);
	ck_assert_int_eq(MCONSOLE_USER_NOTIFY, 3);
	ck_assert_int_eq(MCONSOLE_PANIC, 1);
}
END_TEST

static Suite *
mconsole_suite(void)
{
	Suite *s = suite_create("mconsole");
	TCase *tc;

	tc = tcase_create("request");
	tcase_add_test(tc, test_request_bytes);
	tcase_add_test(tc, test_request_longest);
	suite_add_tcase(s, tc);
	tc = tcase_create("reply cutting");
	tcase_add_test(tc, test_fill_help_sizes);
	tcase_add_test(tc, test_fill_err_first_only);
	tcase_add_test(tc, test_fill_streamed);
	tcase_add_loop_test(tc, test_round_trip, 0,
			    sizeof(round_lens) / sizeof(round_lens[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("reply parsing");
	tcase_add_test(tc, test_parse_captured);
	tcase_add_test(tc, test_parse_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("notify");
	tcase_add_test(tc, test_notify_layout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(mconsole_suite());
}
