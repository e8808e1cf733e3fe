/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for kernel/lib/sysctl_parse.c: the examples of its opening
 * comment and the edges of Linux's proc_get_long (base prefixes, signs,
 * what may follow a number, overflow, the 21-character limit), and a
 * vector of numbers taken one after another.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/sysctl_parse.h"
#include "check_main.h"

struct parse_case {
	const char *in;
	int err;
	uint64_t val;
	bool neg;
	size_t used;	/* bytes taken */
};

static const struct parse_case cases[] = {
	{ "42\n", 0, 42, false, 2 },
	{ "42", 0, 42, false, 2 },
	{ "-3 x", 0, 3, true, 2 },
	{ "0x10", 0, 16, false, 4 },
	{ "0X1f\t", 0, 31, false, 4 },
	{ "010", 0, 8, false, 3 },
	{ "0", 0, 0, false, 1 },
	{ "-0", 0, 0, true, 2 },
	{ "18446744073709551615", 0, ~0ULL, false, 20 },
	{ "7 8 9", 0, 7, false, 1 },
	{ "12abc", -EINVAL, 0, false, 0 },
	{ "abc", -EINVAL, 0, false, 0 },
	{ "", -EINVAL, 0, false, 0 },
	{ "-", -EINVAL, 0, false, 0 },
	{ "--1", -EINVAL, 0, false, 0 },
	{ "+1", -EINVAL, 0, false, 0 },
	{ "0x", -EINVAL, 0, false, 0 },
	{ "0x1g", -EINVAL, 0, false, 0 },
	{ "09", -EINVAL, 0, false, 0 },		/* 9 is no octal digit */
	{ "1.5", -EINVAL, 0, false, 0 },
	{ "18446744073709551616", -EINVAL, 0, false, 0 },	/* overflow */
	{ "000000000000000000001", -EINVAL, 0, false, 0 },	/* 21 characters */
	{ " 1", -EINVAL, 0, false, 0 },		/* blanks are the caller's to skip */
};

START_TEST(test_cases)
{
	const struct parse_case *c = &cases[_i];
	const char *p = c->in;
	size_t left = strlen(c->in);
	uint64_t val = 12345;
	bool neg = false;
	int err = sysctl_get_long(&p, &left, &val, &neg);

	ck_assert_msg(err == c->err, "\"%s\": error %d, want %d", c->in, err, c->err);
	if (err) {
		ck_assert_ptr_eq(p, c->in);	/* nothing taken */
		return;
	}
	ck_assert_msg(val == c->val, "\"%s\": %llu", c->in, (unsigned long long)val);
	ck_assert_int_eq(neg, c->neg);
	ck_assert_uint_eq((size_t)(p - c->in), c->used);
	ck_assert_uint_eq(left, strlen(c->in) - c->used);
}
END_TEST

/* Only the given length counts: a number may end where the buffer does. */
START_TEST(test_length_bounds)
{
	const char *in = "12345", *p = in;
	size_t left = 3;
	uint64_t val;
	bool neg;

	ck_assert_int_eq(sysctl_get_long(&p, &left, &val, &neg), 0);
	ck_assert_uint_eq(val, 123);
	ck_assert_uint_eq(left, 0);
}
END_TEST

/* A vector, as proc_dointvec reads "4 4 1 7": numbers between blanks. */
START_TEST(test_vector)
{
	const char *in = "4\t4 1 7\n", *p = in;
	size_t left = strlen(in);
	uint64_t v[4];
	bool neg;

	for (int i = 0; i < 4; i++) {
		while (left && (*p == ' ' || *p == '\t' || *p == '\n')) {
			p++;
			left--;
		}
		ck_assert_int_eq(sysctl_get_long(&p, &left, &v[i], &neg), 0);
	}
	ck_assert_uint_eq(v[0], 4);
	ck_assert_uint_eq(v[1], 4);
	ck_assert_uint_eq(v[2], 1);
	ck_assert_uint_eq(v[3], 7);
	ck_assert_uint_eq(left, 1);
}
END_TEST

static Suite *
sysctl_suite(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_length_bounds);
	tcase_add_test(tc, test_vector);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(sysctl_suite());
}
