// SPDX-License-Identifier: GPL-2.0-only
/*
 * COW header parsing, creation and bitmap arithmetic (format: include/proto/cow.h,
 * shared/docs/cow-format.md).
 *
 * Pure logic: the caller reads the first COW_HEADER_MAX bytes of a file and
 * hands them over; the ubd driver routes sectors with the derived offsets;
 * uml_mkcow encodes a v3 header; uml_moo merges. Nothing here calls the host.
 *
 * Format changelog:
 *   v1  native byte order; name[256], mtime u32, size u64, sectorsize s32.
 *   v2  big-endian; name[4096] first (so longer names fit), same fields after.
 *   v3  big-endian; fixed fields first, adds alignment and cow_format, so the
 *       bitmap and the data area can be page aligned for mmap.
 *   v3 "broken"  64-bit builds before the header was packed: mtime took 8
 *       bytes and every later field moved by 4. Recognised by the four NUL
 *       bytes where the packed layout has the first bytes of the name.
 */
#include <string.h>

#include "cow.h"

/* Field offsets in each layout (bytes from the start of the file). */
enum {
	V1_NAME = 8, V1_MTIME = 264, V1_SIZE = 268, V1_SECTOR = 276,
	V2_NAME = 8, V2_MTIME = 4104, V2_SIZE = 4108, V2_SECTOR = 4116,
	V3_MTIME = 8, V3_SIZE = 12, V3_SECTOR = 20, V3_ALIGN = 24,
	V3_FORMAT = 28, V3_NAME = 32,
	V3B_MTIME = 8, V3B_SIZE = 16, V3B_SECTOR = 24, V3B_ALIGN = 28,
	V3B_FORMAT = 32, V3B_NAME = 36,
};

/* Sanity limits: beyond these no real COW file exists and math could overflow. */
#define MIN_SECTOR	512U
#define MAX_SECTOR	(1U << 20)
#define MAX_ALIGN	(1U << 24)
#define MAX_SIZE	(UINT64_C(1) << 62)

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, (uint32_t)v);
}

/* v1 stores numbers in the writer's byte order: x86 hosts, so native here. */
static uint32_t
get_native32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t
get_native64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool
is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* round_up for a power-of-two or any non-zero a; v is far below overflow. */
static uint64_t
round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

const char *
cow_strerror(enum cow_status status)
{
	switch (status) {
	case COW_OK:
		return "no error";
	case COW_NOT_COW:
		return "not a COW file (no COW magic)";
	case COW_TRUNCATED:
		return "COW file is truncated";
	case COW_BAD_VERSION:
		return "unsupported COW format version";
	case COW_BAD_GEOMETRY:
		return "COW header has an invalid sector size, alignment or size";
	case COW_BAD_FORMAT:
		return "COW header names an unknown bitmap format";
	case COW_BAD_NAME:
		return "COW header's backing file name is not terminated";
	case COW_NAME_TOO_LONG:
		return "backing file name is too long for a COW header";
	case COW_SIZE_MISMATCH:
		return "backing file size differs from the COW header";
	case COW_MTIME_MISMATCH:
		return "backing file mtime differs from the COW header";
	}
	return "unknown COW error";
}

enum cow_status
cow_layout(struct cow_info *info)
{
	uint64_t sectors;

	if (info->sectorsize < MIN_SECTOR || info->sectorsize > MAX_SECTOR ||
	    !is_pow2(info->sectorsize) || info->size > MAX_SIZE)
		return COW_BAD_GEOMETRY;
	switch (info->version) {
	case 1:
	case 2:
		/*
		 * Before v3 the bitmap follows the header directly, the data
		 * area is sector aligned, and the bitmap length rounds down
		 * when the sector count is not a multiple of 8. Kept as is:
		 * files made that way put data at exactly this offset.
		 */
		info->header_size = info->version == 1 ? COW_V1_HEADER_SIZE :
							 COW_V2_HEADER_SIZE;
		info->alignment = info->sectorsize;
		info->bitmap_offset = info->header_size;
		info->bitmap_len = (info->size + info->sectorsize - 1) /
				   (8 * (uint64_t)info->sectorsize);
		break;
	case 3:
		if (!is_pow2(info->alignment) || info->alignment > MAX_ALIGN)
			return COW_BAD_GEOMETRY;
		info->header_size = info->broken_v3 ? COW_V3B_HEADER_SIZE :
						      COW_V3_HEADER_SIZE;
		info->bitmap_offset = round_up(info->header_size, info->alignment);
		sectors = (info->size + info->sectorsize - 1) / info->sectorsize;
		info->bitmap_len = (sectors + 7) / 8;
		break;
	default:
		return COW_BAD_VERSION;
	}
	info->data_offset = round_up(info->bitmap_offset + info->bitmap_len,
				     info->alignment);
	return COW_OK;
}

/* copy_name copies a NUL-terminated name out of a fixed field of max bytes. */
static enum cow_status
copy_name(struct cow_info *info, const uint8_t *field, size_t max)
{
	const void *nul = memchr(field, '\0', max);

	if (!nul)
		return COW_BAD_NAME;
	memcpy(info->backing_file, field, (const uint8_t *)nul - field + 1);
	return COW_OK;
}

static enum cow_status
parse_v1(const uint8_t *p, size_t len, struct cow_info *info)
{
	if (len < COW_V1_HEADER_SIZE)
		return COW_TRUNCATED;
	info->mtime = get_native32(p + V1_MTIME);
	info->size = get_native64(p + V1_SIZE);
	info->sectorsize = get_native32(p + V1_SECTOR);
	return copy_name(info, p + V1_NAME, COW_V1_PATH_LEN);
}

static enum cow_status
parse_v2(const uint8_t *p, size_t len, struct cow_info *info)
{
	if (len < COW_V2_HEADER_SIZE)
		return COW_TRUNCATED;
	info->mtime = get_be32(p + V2_MTIME);
	info->size = get_be64(p + V2_SIZE);
	info->sectorsize = get_be32(p + V2_SECTOR);
	return copy_name(info, p + V2_NAME, COW_PATH_LEN);
}

static enum cow_status
parse_v3(const uint8_t *p, size_t len, struct cow_info *info)
{
	static const uint8_t four_nuls[4];

	if (len < COW_V3_HEADER_SIZE)
		return COW_TRUNCATED;
	/* A real name never starts with NULs; the broken layout has cow_format (0) there. */
	if (!memcmp(p + V3_NAME, four_nuls, 4)) {
		if (len < COW_V3B_HEADER_SIZE)
			return COW_TRUNCATED;
		info->broken_v3 = true;
		/*
		 * The 8-byte mtime was written as a big-endian 32-bit value in
		 * its first four bytes; UML reads it back that way.
		 */
		info->mtime = get_be32(p + V3B_MTIME);
		info->size = get_be64(p + V3B_SIZE);
		info->sectorsize = get_be32(p + V3B_SECTOR);
		info->alignment = get_be32(p + V3B_ALIGN);
		info->cow_format = get_be32(p + V3B_FORMAT);
		return copy_name(info, p + V3B_NAME, COW_PATH_LEN);
	}
	info->mtime = get_be32(p + V3_MTIME);
	info->size = get_be64(p + V3_SIZE);
	info->sectorsize = get_be32(p + V3_SECTOR);
	info->alignment = get_be32(p + V3_ALIGN);
	info->cow_format = get_be32(p + V3_FORMAT);
	return copy_name(info, p + V3_NAME, COW_PATH_LEN);
}

enum cow_status
cow_parse_header(const void *buf, size_t len, struct cow_info *info)
{
	const uint8_t *p = buf;
	uint32_t magic, version;
	enum cow_status st;

	memset(info, 0, sizeof(*info));
	if (len < 8)
		return len >= 4 && (get_native32(p) == COW_MAGIC ||
				    get_be32(p) == COW_MAGIC) ?
			       COW_TRUNCATED : COW_NOT_COW;
	/*
	 * The magic tells the byte order of the version field: native for
	 * v1 files, big-endian for v2 and v3.
	 */
	magic = get_native32(p);
	if (magic == COW_MAGIC)
		version = get_native32(p + 4);
	else if (get_be32(p) == COW_MAGIC)
		version = get_be32(p + 4);
	else
		return COW_NOT_COW;

	info->version = version;
	switch (version) {
	case 1:
		st = parse_v1(p, len, info);
		break;
	case 2:
		st = parse_v2(p, len, info);
		break;
	case 3:
		st = parse_v3(p, len, info);
		if (st == COW_OK && info->cow_format != COW_BITMAP_FORMAT)
			st = COW_BAD_FORMAT;
		break;
	default:
		return COW_BAD_VERSION;
	}
	if (st != COW_OK)
		return st;
	return cow_layout(info);
}

enum cow_status
cow_build_v3(struct cow_info *info, const char *backing, uint32_t mtime,
	     uint64_t size, uint32_t sectorsize, uint32_t alignment)
{
	size_t n = strlen(backing);

	memset(info, 0, sizeof(*info));
	if (n >= COW_PATH_LEN)
		return COW_NAME_TOO_LONG;
	memcpy(info->backing_file, backing, n + 1);
	info->version = 3;
	info->mtime = mtime;
	info->size = size;
	info->sectorsize = sectorsize;
	info->alignment = alignment;
	info->cow_format = COW_BITMAP_FORMAT;
	return cow_layout(info);
}

void
cow_encode_v3(const struct cow_info *info, void *buf)
{
	uint8_t *p = buf;

	memset(p, 0, COW_V3_HEADER_SIZE);
	put_be32(p, COW_MAGIC);
	put_be32(p + 4, 3);
	put_be32(p + V3_MTIME, info->mtime);
	put_be64(p + V3_SIZE, info->size);
	put_be32(p + V3_SECTOR, info->sectorsize);
	put_be32(p + V3_ALIGN, info->alignment);
	put_be32(p + V3_FORMAT, info->cow_format);
	memcpy(p + V3_NAME, info->backing_file, strlen(info->backing_file));
}

uint64_t
cow_file_size(const struct cow_info *info)
{
	return info->data_offset + info->size;
}

uint64_t
cow_sectors(const struct cow_info *info)
{
	return (info->size + info->sectorsize - 1) / info->sectorsize;
}

uint64_t
cow_bitmap_bytes(const struct cow_info *info)
{
	return (cow_sectors(info) + 7) / 8;
}

enum cow_status
cow_check_backing(const struct cow_info *info, uint64_t size, int64_t mtime)
{
	if (size != info->size)
		return COW_SIZE_MISMATCH;
	/* The header keeps 32 bits of mtime; UML compares them for equality. */
	if ((uint32_t)mtime != info->mtime)
		return COW_MTIME_MISMATCH;
	return COW_OK;
}

/* load_le64 reads 8 bitmap bytes as sectors 64k..64k+63, LSB first. */
static uint64_t
load_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t
cow_bitmap_run(const uint8_t *bitmap, uint64_t first, uint64_t max,
	       bool *present)
{
	uint64_t end = first + max, i = first + 1;
	bool state;

	if (max == 0) {
		*present = false;
		return 0;
	}
	state = cow_sector_present(bitmap, first);
	*present = state;
	while (i < end) {
		/* Whole words of the same state are skipped at once. */
		if (i % 64 == 0 && end - i >= 64) {
			uint64_t w = load_le64(bitmap + i / 8);

			if (w == (state ? ~UINT64_C(0) : 0)) {
				i += 64;
				continue;
			}
		}
		if (cow_sector_present(bitmap, i) != state)
			break;
		i++;
	}
	return i - first;
}
