// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the kernel's formatter (kernel/printk/vsprintf.c): every
 * conversion and flag the kernel uses, compared with the host C library's
 * snprintf on the same format and arguments, plus truncation and the
 * return value (the full length, as snprintf's).
 */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/printk.h"
#include "check_main.h"

#define SAME(fmt, ...)								\
	do {									\
		char want[256], got[256];					\
		int wn = snprintf(want, sizeof(want), fmt, __VA_ARGS__);	\
		int gn = ksnprintf(got, sizeof(got), fmt, __VA_ARGS__);	\
		ck_assert_str_eq(got, want);					\
		ck_assert_int_eq(gn, wn);					\
	} while (0)

START_TEST(test_integers)
{
	SAME("%d %i %u", 0, -1, 42u);
	SAME("%d", INT_MIN);
	SAME("%ld %lu", LONG_MIN, ULONG_MAX);
	SAME("%lld %llu", LLONG_MIN, ULLONG_MAX);
	SAME("%zu %zd", (size_t)123456789, (ssize_t)-5);
	SAME("%hd %hu %hhd %hhu", (short)-12345, (unsigned short)65535, (signed char)-7, (unsigned char)250);
	SAME("%x %X %o", 0xdeadbeefu, 0xabcdefu, 0755u);
	SAME("%lx %llX", 0x123456789abcdefUL, 0xfedcba9876543210ULL);
	SAME("%#x %#o %#X", 255u, 8u, 0xabu);
	SAME("%#x %#o", 0u, 0u);
}
END_TEST

START_TEST(test_width_precision)
{
	SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
	SAME("[%5d] [%-5d] [%05d]", -42, -42, -42);
	SAME("[%+d] [% d] [%+d]", 5, 5, -5);
	SAME("[%.3d] [%8.3d] [%-8.3d]", 7, 7, 7);
	SAME("[%.0d] [%.0u]", 0, 0u);
	SAME("[%*d] [%-*d]", 6, 1, 6, 1);
	SAME("[%.*d]", 4, 3);
	SAME("[%08x] [%-8x] [%#010x]", 0xbeefu, 0xbeefu, 0xbeefu);
	SAME("%5llu.%06llu", 12ULL, 345ULL);
}
END_TEST

START_TEST(test_strings_chars)
{
	SAME("[%s] [%10s] [%-10s]", "abc", "abc", "abc");
	SAME("[%.2s] [%5.1s]", "abcdef", "xyz");
	SAME("[%c%c%c] [%3c] [%-3c]", 'a', 'b', 'c', 'x', 'y');
	SAME("%%d %s%%", "pct");
	SAME("%s", "");
	SAME("[%*s] [%-*s]", 5, "r", 5, "l");
}
END_TEST

START_TEST(test_pointer)
{
	SAME("%p", (void *)0x1234);
	SAME("%p", (void *)0x7fffdeadbeef);
}
END_TEST

START_TEST(test_truncation)
{
	char buf[8];
	int n;

	memset(buf, 'z', sizeof(buf));
	n = ksnprintf(buf, sizeof(buf), "%s", "0123456789");
	ck_assert_int_eq(n, 10);
	ck_assert_str_eq(buf, "0123456");
	n = ksnprintf(buf, 1, "%d", 12345);
	ck_assert_int_eq(n, 5);
	ck_assert_str_eq(buf, "");
	n = ksnprintf(NULL, 0, "%d-%s", 7, "x");
	ck_assert_int_eq(n, 3);
	n = kscnprintf(buf, sizeof(buf), "%s", "0123456789");
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(kscnprintf(buf, 0, "abc"), 0);
}
END_TEST

static Suite *
vsprintf_suite(void)
{
	Suite *s = suite_create("vsprintf");
	TCase *tc = tcase_create("formats");

	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_width_precision);
	tcase_add_test(tc, test_strings_chars);
	tcase_add_test(tc, test_pointer);
	tcase_add_test(tc, test_truncation);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(vsprintf_suite());
}
