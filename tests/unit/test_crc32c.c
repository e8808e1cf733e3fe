/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for kernel/lib/crc32c.c: CRC-32C against published vectors
 * (the check value and the RFC 3720 iSCSI vectors), the raw/standard
 * relation ext4 relies on, chaining and alignment against a bit-at-a-time
 * reference, and CRC-16 against its published check values.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/crc32c.h"
#include "check_main.h"

/* Bit-serial reference, independent of the table code. */
static uint32_t
ref_crc32c_update(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & -(crc & 1));
	}
	return crc;
}

START_TEST(test_check_value)
{
	ck_assert_uint_eq(crc32c("123456789", 9), 0xE3069283u);
	ck_assert_uint_eq(crc32c("", 0), 0);
	ck_assert_uint_eq(crc32c("a", 1), 0xC1D04330u);
}
END_TEST

START_TEST(test_rfc3720_vectors)
{
	uint8_t buf[32];

	memset(buf, 0, sizeof(buf));
	ck_assert_uint_eq(crc32c(buf, 32), 0x8A9136AAu);
	memset(buf, 0xFF, sizeof(buf));
	ck_assert_uint_eq(crc32c(buf, 32), 0x62A8AB43u);
	for (int i = 0; i < 32; i++)
		buf[i] = i;
	ck_assert_uint_eq(crc32c(buf, 32), 0x46DD794Eu);
	for (int i = 0; i < 32; i++)
		buf[i] = 31 - i;
	ck_assert_uint_eq(crc32c(buf, 32), 0x113FDB5Cu);
}
END_TEST

START_TEST(test_raw_is_inverted_standard)
{
	/* ext4 stores the raw register: crc32c_update(~0, ...) = ~crc32c(...) */
	ck_assert_uint_eq(crc32c_update(~0u, "123456789", 9), ~0xE3069283u);
}
END_TEST

START_TEST(test_chaining_and_alignment)
{
	uint8_t *buf = malloc(4096 + 16);
	uint32_t seed = 0x12345678;

	for (int i = 0; i < 4096 + 16; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (int align = 0; align < 8; align++) {
		for (size_t len = 0; len < 100; len += 3) {
			uint32_t want = ref_crc32c_update(seed, buf + align, len);

			ck_assert_uint_eq(crc32c_update(seed, buf + align, len), want);
		}
		uint32_t whole = crc32c_update(seed, buf + align, 4096);
		uint32_t split = crc32c_update(crc32c_update(seed, buf + align, 1001),
					       buf + align + 1001, 4096 - 1001);

		ck_assert_uint_eq(whole, split);
		ck_assert_uint_eq(whole, ref_crc32c_update(seed, buf + align, 4096));
	}
	free(buf);
}
END_TEST

START_TEST(test_crc16)
{
	/* CRC-16/ARC (init 0) and CRC-16/MODBUS (init 0xFFFF) check values */
	ck_assert_uint_eq(crc16_update(0, "123456789", 9), 0xBB3D);
	ck_assert_uint_eq(crc16_update(0xFFFF, "123456789", 9), 0x4B37);
}
END_TEST

static Suite *
crc32c_suite(void)
{
	Suite *s = suite_create("crc32c");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, test_check_value);
	tcase_add_test(tc, test_rfc3720_vectors);
	tcase_add_test(tc, test_raw_is_inverted_standard);
	tcase_add_test(tc, test_chaining_and_alignment);
	tcase_add_test(tc, test_crc16);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(crc32c_suite());
}
