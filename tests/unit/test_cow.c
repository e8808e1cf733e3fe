// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the COW format (drivers/ubd/cow.c): header parsing of every
 * version, v3 encoding byte for byte, layout arithmetic at the edges, the
 * bitmap helpers, and the backing-file check.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cow.h"
#include "check_main.h"

#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)
#define TiB (UINT64_C(1) << 40)

static uint8_t hdr[COW_HEADER_MAX + 64];

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void
be64(uint8_t *p, uint64_t v)
{
	be32(p, v >> 32);
	be32(p + 4, (uint32_t)v);
}

/* make_v2 builds a v2 header as uml_mkcow of old wrote it. */
static void
make_v2(const char *name, uint32_t mtime, uint64_t size, uint32_t sector)
{
	memset(hdr, 0, sizeof(hdr));
	be32(hdr, COW_MAGIC);
	be32(hdr + 4, 2);
	strcpy((char *)hdr + 8, name);
	be32(hdr + 4104, mtime);
	be64(hdr + 4108, size);
	be32(hdr + 4116, sector);
}

/* make_v1 builds a v1 header in native (little-endian) order. */
static void
make_v1(const char *name, uint32_t mtime, uint64_t size, uint32_t sector)
{
	uint32_t magic = COW_MAGIC, version = 1;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, &magic, 4);
	memcpy(hdr + 4, &version, 4);
	strcpy((char *)hdr + 8, name);
	memcpy(hdr + 264, &mtime, 4);
	memcpy(hdr + 268, &size, 8);
	memcpy(hdr + 276, &sector, 4);
}

/* make_v3 builds a packed v3 header field by field (independent of cow_encode_v3). */
static void
make_v3(const char *name, uint32_t mtime, uint64_t size, uint32_t sector,
	uint32_t align)
{
	memset(hdr, 0, sizeof(hdr));
	be32(hdr, COW_MAGIC);
	be32(hdr + 4, 3);
	be32(hdr + 8, mtime);
	be64(hdr + 12, size);
	be32(hdr + 20, sector);
	be32(hdr + 24, align);
	be32(hdr + 28, 0);
	strcpy((char *)hdr + 32, name);
}

/* make_v3_broken builds the unpacked 64-bit v3 layout. */
static void
make_v3_broken(const char *name, uint32_t mtime, uint64_t size)
{
	memset(hdr, 0, sizeof(hdr));
	be32(hdr, COW_MAGIC);
	be32(hdr + 4, 3);
	be32(hdr + 8, mtime);	/* first half of an 8-byte field */
	be64(hdr + 16, size);
	be32(hdr + 24, 512);
	be32(hdr + 28, 4096);
	be32(hdr + 32, 0);
	strcpy((char *)hdr + 36, name);
}

START_TEST(test_v3_example_bytes)
{
	/* The annotated example of shared/docs/cow-format.md §11, made by Debian's uml_mkcow. */
	static const uint8_t want[0x40] = {
		0x4f, 0x4f, 0x4f, 0x4d, 0x00, 0x00, 0x00, 0x03, 0x65, 0x92, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
		'/', 't', 'm', 'p', '/', 'c', 'o', 'w', 'd', 'e', 'm', 'o', '/', 'b', 'a', 'c',
		'k', 'i', 'n', 'g', '.', 'i', 'm', 'g', 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct cow_info info;
	uint8_t buf[COW_V3_HEADER_SIZE];

	ck_assert_int_eq(cow_build_v3(&info, "/tmp/cowdemo/backing.img", 1704067200,
				      MiB, 512, 4096), COW_OK);
	memset(buf, 0xaa, sizeof(buf));
	cow_encode_v3(&info, buf);
	ck_assert_mem_eq(buf, want, sizeof(want));
	for (size_t i = sizeof(want); i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_uint_eq(info.bitmap_offset, 8192);
	ck_assert_uint_eq(info.bitmap_len, 256);
	ck_assert_uint_eq(info.data_offset, 12288);
	ck_assert_uint_eq(cow_file_size(&info), 1060864);
}
END_TEST

START_TEST(test_v3_roundtrip)
{
	struct cow_info a, b;

	ck_assert_int_eq(cow_build_v3(&a, "/some/where/disk.img", 0xfedcba98u,
				      64 * MiB, 512, 4096), COW_OK);
	memset(hdr, 0, sizeof(hdr));
	cow_encode_v3(&a, hdr);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3_HEADER_SIZE, &b), COW_OK);
	ck_assert_uint_eq(b.version, 3);
	ck_assert(!b.broken_v3);
	ck_assert_uint_eq(b.mtime, 0xfedcba98u);
	ck_assert_uint_eq(b.size, 64 * MiB);
	ck_assert_uint_eq(b.sectorsize, 512);
	ck_assert_uint_eq(b.alignment, 4096);
	ck_assert_str_eq(b.backing_file, "/some/where/disk.img");
	ck_assert_uint_eq(b.bitmap_offset, 8192);
	ck_assert_uint_eq(b.bitmap_len, 16384);
	ck_assert_uint_eq(b.data_offset, 24576);
	ck_assert_uint_eq(cow_file_size(&b), 67133440);
}
END_TEST

START_TEST(test_v3_handmade)
{
	struct cow_info info;

	make_v3("/b", 7, 64 * MiB, 512, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_OK);
	ck_assert_uint_eq(info.mtime, 7);
	ck_assert_uint_eq(info.data_offset, 24576);
	/* Garbage after the name's NUL is padding, as UML leaves it. */
	memset(hdr + 40, 0x5a, 100);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_OK);
	ck_assert_str_eq(info.backing_file, "/b");
	/* Alignment 65536 (64K-page hosts). */
	make_v3("/b", 7, 64 * MiB, 512, 65536);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_OK);
	ck_assert_uint_eq(info.bitmap_offset, 65536);
	ck_assert_uint_eq(info.data_offset, 131072);
}
END_TEST

START_TEST(test_v3_broken)
{
	struct cow_info info;

	make_v3_broken("/old/disk", 1234567, 64 * MiB);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3B_HEADER_SIZE, &info), COW_OK);
	ck_assert(info.broken_v3);
	ck_assert_uint_eq(info.mtime, 1234567);
	ck_assert_uint_eq(info.size, 64 * MiB);
	ck_assert_uint_eq(info.sectorsize, 512);
	ck_assert_uint_eq(info.alignment, 4096);
	ck_assert_str_eq(info.backing_file, "/old/disk");
	ck_assert_uint_eq(info.header_size, COW_V3B_HEADER_SIZE);
	ck_assert_uint_eq(info.bitmap_offset, 8192);
	ck_assert_uint_eq(info.data_offset, 24576);
	/* The broken layout is longer than the packed one. */
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3_HEADER_SIZE, &info), COW_TRUNCATED);
}
END_TEST

START_TEST(test_v2)
{
	struct cow_info info;

	make_v2("/v2/backing", 1704067200, 64 * MiB, 512);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V2_HEADER_SIZE, &info), COW_OK);
	ck_assert_uint_eq(info.version, 2);
	ck_assert_uint_eq(info.mtime, 1704067200);
	ck_assert_uint_eq(info.size, 64 * MiB);
	ck_assert_str_eq(info.backing_file, "/v2/backing");
	ck_assert_uint_eq(info.bitmap_offset, 4120);
	ck_assert_uint_eq(info.bitmap_len, 16384);
	ck_assert_uint_eq(info.data_offset, 20992);
	ck_assert_uint_eq(info.alignment, 512);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V2_HEADER_SIZE - 1, &info), COW_TRUNCATED);
}
END_TEST

START_TEST(test_v1)
{
	struct cow_info info;

	make_v1("/v1/backing", 99, 64 * MiB, 512);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V1_HEADER_SIZE, &info), COW_OK);
	ck_assert_uint_eq(info.version, 1);
	ck_assert_uint_eq(info.mtime, 99);
	ck_assert_str_eq(info.backing_file, "/v1/backing");
	ck_assert_uint_eq(info.bitmap_offset, 280);
	ck_assert_uint_eq(info.data_offset, 16896);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V1_HEADER_SIZE - 1, &info), COW_TRUNCATED);
	/* The 256-byte name field must hold the NUL. */
	memset(hdr + 8, 'x', 256);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V1_HEADER_SIZE, &info), COW_BAD_NAME);
}
END_TEST

START_TEST(test_v1_v2_rounding)
{
	struct cow_info info = { .version = 2, .sectorsize = 512 };

	/* 9 sectors: v2 counts floor((size+511)/4096) = 1 bitmap byte, v3 counts 2. */
	info.size = 9 * 512;
	ck_assert_int_eq(cow_layout(&info), COW_OK);
	ck_assert_uint_eq(info.bitmap_len, 1);
	ck_assert_uint_eq(cow_bitmap_bytes(&info), 2);
	ck_assert_uint_eq(info.data_offset, 4608);	/* round_up(4121, 512) */
	info.version = 3;
	info.alignment = 4096;
	ck_assert_int_eq(cow_layout(&info), COW_OK);
	ck_assert_uint_eq(info.bitmap_len, 2);
}
END_TEST

START_TEST(test_bad_headers)
{
	struct cow_info info;

	memset(hdr, 0, sizeof(hdr));
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_NOT_COW);
	memcpy(hdr, "\x7f" "ELF", 4);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_NOT_COW);
	ck_assert_int_eq(cow_parse_header(hdr, 0, &info), COW_NOT_COW);

	make_v3("/b", 1, MiB, 512, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, 6, &info), COW_TRUNCATED);
	ck_assert_int_eq(cow_parse_header(hdr, 100, &info), COW_TRUNCATED);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3_HEADER_SIZE - 1, &info), COW_TRUNCATED);

	be32(hdr + 4, 4);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_VERSION);
	be32(hdr + 4, 0);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_VERSION);

	make_v3("/b", 1, MiB, 0, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);
	make_v3("/b", 1, MiB, 1000, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);
	make_v3("/b", 1, MiB, 256, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);
	make_v3("/b", 1, MiB, 512, 0);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);
	make_v3("/b", 1, MiB, 512, 3000);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);
	make_v3("/b", 1, UINT64_MAX, 512, 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_GEOMETRY);

	make_v3("/b", 1, MiB, 512, 4096);
	be32(hdr + 28, 1);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_FORMAT);

	make_v3("/b", 1, MiB, 512, 4096);
	memset(hdr + 32, 'a', 4096);
	ck_assert_int_eq(cow_parse_header(hdr, sizeof(hdr), &info), COW_BAD_NAME);

	/* Every status has a message. */
	for (int s = COW_OK; s <= COW_MTIME_MISMATCH; s++)
		ck_assert_ptr_nonnull(strstr(cow_strerror(s), " "));
}
END_TEST

START_TEST(test_name_too_long)
{
	struct cow_info info;
	char *name = malloc(COW_PATH_LEN + 1);

	memset(name, 'n', COW_PATH_LEN);
	name[0] = '/';
	name[COW_PATH_LEN] = '\0';
	ck_assert_int_eq(cow_build_v3(&info, name, 0, MiB, 512, 4096), COW_NAME_TOO_LONG);
	name[COW_PATH_LEN - 1] = '\0';	/* 4095 characters fit */
	ck_assert_int_eq(cow_build_v3(&info, name, 0, MiB, 512, 4096), COW_OK);
	cow_encode_v3(&info, hdr);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3_HEADER_SIZE, &info), COW_OK);
	ck_assert_uint_eq(strlen(info.backing_file), COW_PATH_LEN - 1);
	free(name);
}
END_TEST

/* Layout cases: size → sectors, bitmap bytes, data offset (v3, 512/4096). */
static const struct {
	uint64_t size, sectors, bitmap, data_offset;
} layouts[] = {
	{ 0, 0, 0, 8192 },
	{ 1, 1, 1, 12288 },
	{ 511, 1, 1, 12288 },
	{ 512, 1, 1, 12288 },
	{ 513, 2, 1, 12288 },
	{ 1000, 2, 1, 12288 },
	{ 8 * 512, 8, 1, 12288 },
	{ 9 * 512, 9, 2, 12288 },
	{ 4096 * 8 * 512, 32768, 4096, 12288 },
	{ 4096 * 8 * 512 + 512, 32769, 4097, 16384 },
	{ 5 * GiB, 10485760, 1310720, 1318912 },
	{ 4 * GiB + 512, 8388609, 1048577, 1060864 },
	{ 3 * TiB, 6442450944, 805306368, 805314560 },
	{ 2 * TiB + 1, 4294967297, 536870913, 536883200 },
};

START_TEST(test_layout_edges)
{
	struct cow_info info;

	ck_assert_int_eq(cow_build_v3(&info, "/b", 0, layouts[_i].size, 512, 4096), COW_OK);
	ck_assert_uint_eq(cow_sectors(&info), layouts[_i].sectors);
	ck_assert_uint_eq(cow_bitmap_bytes(&info), layouts[_i].bitmap);
	ck_assert_uint_eq(info.bitmap_len, layouts[_i].bitmap);
	ck_assert_uint_eq(info.data_offset, layouts[_i].data_offset);
	ck_assert_uint_eq(cow_file_size(&info), layouts[_i].data_offset + layouts[_i].size);
	/* The round trip keeps 64-bit sizes. */
	cow_encode_v3(&info, hdr);
	ck_assert_int_eq(cow_parse_header(hdr, COW_V3_HEADER_SIZE, &info), COW_OK);
	ck_assert_uint_eq(info.size, layouts[_i].size);
}
END_TEST

START_TEST(test_bits)
{
	uint8_t bm[16] = { 0 };
	static const uint64_t edges[] = { 0, 7, 8, 63, 64, 127 };

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		ck_assert(!cow_sector_present(bm, edges[i]));
		cow_sector_set(bm, edges[i]);
		ck_assert(cow_sector_present(bm, edges[i]));
	}
	/* LSB first: sector 0 is bit 0 of byte 0, sector 7 bit 7, 8 bit 0 of byte 1. */
	ck_assert_uint_eq(bm[0], 0x81);
	ck_assert_uint_eq(bm[1], 0x01);
	ck_assert_uint_eq(bm[7], 0x80);
	ck_assert_uint_eq(bm[8], 0x01);
	ck_assert_uint_eq(bm[15], 0x80);
	ck_assert(!cow_sector_present(bm, 1));
	ck_assert(!cow_sector_present(bm, 126));
}
END_TEST

START_TEST(test_bitmap_run)
{
	uint8_t bm[64] = { 0 };
	bool present;

	/* Sectors 100..299 present, the rest absent. */
	for (uint64_t s = 100; s < 300; s++)
		cow_sector_set(bm, s);
	ck_assert_uint_eq(cow_bitmap_run(bm, 0, 512, &present), 100);
	ck_assert(!present);
	ck_assert_uint_eq(cow_bitmap_run(bm, 100, 412, &present), 200);
	ck_assert(present);
	ck_assert_uint_eq(cow_bitmap_run(bm, 128, 384, &present), 172);
	ck_assert(present);
	ck_assert_uint_eq(cow_bitmap_run(bm, 300, 212, &present), 212);
	ck_assert(!present);
	/* max bounds the run. */
	ck_assert_uint_eq(cow_bitmap_run(bm, 0, 64, &present), 64);
	ck_assert_uint_eq(cow_bitmap_run(bm, 150, 3, &present), 3);
	ck_assert_uint_eq(cow_bitmap_run(bm, 150, 0, &present), 0);
	/* A single differing bit inside a word. */
	cow_sector_set(bm, 400);
	ck_assert_uint_eq(cow_bitmap_run(bm, 300, 212, &present), 100);
	ck_assert_uint_eq(cow_bitmap_run(bm, 400, 112, &present), 1);
	ck_assert(present);
	ck_assert_uint_eq(cow_bitmap_run(bm, 511, 1, &present), 1);
	ck_assert(!present);
}
END_TEST

START_TEST(test_check_backing)
{
	struct cow_info info;

	ck_assert_int_eq(cow_build_v3(&info, "/b", 1704067200, 64 * MiB, 512, 4096), COW_OK);
	ck_assert_int_eq(cow_check_backing(&info, 64 * MiB, 1704067200), COW_OK);
	ck_assert_int_eq(cow_check_backing(&info, 64 * MiB + 512, 1704067200), COW_SIZE_MISMATCH);
	/* Equality, not ordering: older and newer both mismatch. */
	ck_assert_int_eq(cow_check_backing(&info, 64 * MiB, 1704067201), COW_MTIME_MISMATCH);
	ck_assert_int_eq(cow_check_backing(&info, 64 * MiB, 1704067199), COW_MTIME_MISMATCH);
	/* Size is checked first, as UML does. */
	ck_assert_int_eq(cow_check_backing(&info, 0, 0), COW_SIZE_MISMATCH);
	/* The header keeps 32 bits of mtime. */
	ck_assert_int_eq(cow_build_v3(&info, "/b", (uint32_t)(UINT64_C(5) << 32 | 7), MiB, 512, 4096),
			 COW_OK);
	ck_assert_int_eq(cow_check_backing(&info, MiB, (int64_t)(UINT64_C(5) << 32 | 7)), COW_OK);
}
END_TEST

static Suite *
cow_suite(void)
{
	Suite *s = suite_create("cow");
	TCase *tc;

	tc = tcase_create("headers");
	tcase_add_test(tc, test_v3_example_bytes);
	tcase_add_test(tc, test_v3_roundtrip);
	tcase_add_test(tc, test_v3_handmade);
	tcase_add_test(tc, test_v3_broken);
	tcase_add_test(tc, test_v2);
	tcase_add_test(tc, test_v1);
	tcase_add_test(tc, test_name_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_headers);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_test(tc, test_v1_v2_rounding);
	tcase_add_loop_test(tc, test_layout_edges, 0, sizeof(layouts) / sizeof(layouts[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("bitmap");
	tcase_add_test(tc, test_bits);
	tcase_add_test(tc, test_bitmap_run);
	suite_add_tcase(s, tc);

	tc = tcase_create("backing");
	tcase_add_test(tc, test_check_backing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(cow_suite());
}
