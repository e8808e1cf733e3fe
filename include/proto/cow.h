/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * UML's copy-on-write ("COW", magic "MOOO") file format.
 *
 * A COW file is a header, a bitmap with one bit per sector of the backing
 * file (bit set: the sector lives in the COW file), and a data area that
 * mirrors the backing file's layout at data_offset. Versions:
 *
 *   v1  native-endian, 256-byte backing name; bitmap right after the header.
 *   v2  big-endian, 4096-byte backing name first, then mtime/size/sector.
 *   v3  big-endian, mtime/size/sector/alignment/format first, then the
 *       4096-byte name; bitmap and data aligned to "alignment". What UML and
 *       uml_mkcow write today. Old 64-bit builds wrote an unpacked v3 with an
 *       8-byte mtime ("broken v3"), which readers recognise and accept.
 *
 * This is pure format logic, shared by the kernel's ubd driver, the tools
 * (uml_mkcow, uml_moo) and the unit tests: no host calls, no allocation.
 * Host-side helpers (open, stat, absolute names) are in drivers/ubd/cow_user.c.
 * Layout notes: shared/docs/cow-format.md.
 */
#ifndef PROTO_COW_H
#define PROTO_COW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COW_MAGIC		0x4f4f4f4dU
#define COW_V1_HEADER_SIZE	280
#define COW_V2_HEADER_SIZE	4120
#define COW_V3_HEADER_SIZE	4128
#define COW_V3B_HEADER_SIZE	4136	/* the broken 64-bit v3 layout */
/* Bytes a reader must offer cow_parse_header() to parse any version. */
#define COW_HEADER_MAX		COW_V3B_HEADER_SIZE
#define COW_V1_PATH_LEN		256
#define COW_PATH_LEN		4096	/* v2 and v3, including the NUL */
#define COW_SECTOR_SIZE		512	/* what UML and uml_mkcow write */
#define COW_BITMAP_FORMAT	0	/* v3 cow_format: the only defined value */

/* Result of parsing or checking; cow_strerror() gives a phrase for each. */
enum cow_status {
	COW_OK = 0,
	COW_NOT_COW,		/* no magic: a plain image, not an error for ubd */
	COW_TRUNCATED,		/* fewer bytes than the header needs */
	COW_BAD_VERSION,	/* magic fine, version not 1, 2 or 3 */
	COW_BAD_GEOMETRY,	/* sector size, alignment or size out of range */
	COW_BAD_FORMAT,		/* v3 cow_format other than the bitmap format */
	COW_BAD_NAME,		/* backing file name not NUL-terminated */
	COW_NAME_TOO_LONG,	/* backing name does not fit the header */
	COW_SIZE_MISMATCH,	/* backing file size differs from the header */
	COW_MTIME_MISMATCH,	/* backing file mtime differs from the header */
};

/* Everything a reader needs from a COW header, with the derived layout. */
struct cow_info {
	uint32_t version;		/* 1, 2 or 3 */
	bool broken_v3;			/* v3 in the unpacked 64-bit layout */
	uint32_t mtime;			/* backing file mtime when the COW was made */
	uint64_t size;			/* backing file size in bytes */
	uint32_t sectorsize;
	uint32_t alignment;
	uint32_t cow_format;
	uint64_t header_size;		/* bytes the header occupies */
	uint64_t bitmap_offset;		/* file offset of the bitmap */
	uint64_t bitmap_len;		/* bitmap bytes as the format counts them */
	uint64_t data_offset;		/* file offset of sector 0's data */
	char backing_file[COW_PATH_LEN];
};

/* cow_strerror returns a short phrase describing status. */
const char *cow_strerror(enum cow_status status);

/*
 * cow_parse_header parses the first len bytes of a file (len may be less
 * than COW_HEADER_MAX when the file is short) into info, and validates the
 * geometry so that every derived offset fits in 64 bits.
 */
enum cow_status cow_parse_header(const void *buf, size_t len, struct cow_info *info);

/*
 * cow_layout fills the derived fields (header_size, bitmap_offset,
 * bitmap_len, data_offset) of info from version, size, sectorsize and
 * alignment, with the same arithmetic UML uses for each version (including
 * the v1/v2 bitmap length that rounds down). Returns COW_BAD_GEOMETRY if a
 * value would overflow.
 */
enum cow_status cow_layout(struct cow_info *info);

/*
 * cow_build_v3 fills info for a new v3 COW file over a backing file of
 * the given size and mtime, named by the absolute path backing.
 */
enum cow_status cow_build_v3(struct cow_info *info, const char *backing,
			     uint32_t mtime, uint64_t size, uint32_t sectorsize,
			     uint32_t alignment);

/*
 * cow_encode_v3 writes the COW_V3_HEADER_SIZE header bytes of info into
 * buf, byte for byte as UML and uml_mkcow do; unused name bytes are zero.
 */
void cow_encode_v3(const struct cow_info *info, void *buf);

/* cow_file_size is the length of a COW file created for info (sparse). */
uint64_t cow_file_size(const struct cow_info *info);

/* cow_sectors is the number of sectors the bitmap covers (last may be partial). */
uint64_t cow_sectors(const struct cow_info *info);

/* cow_bitmap_bytes is how many bitmap bytes cover every sector (>= bitmap_len). */
uint64_t cow_bitmap_bytes(const struct cow_info *info);

/*
 * cow_check_backing compares a backing file's actual size and mtime with
 * the header, exactly as UML does: both must be equal. It never looks at
 * the COW file's own mtime.
 */
enum cow_status cow_check_backing(const struct cow_info *info, uint64_t size,
				  int64_t mtime);

/* cow_sector_present tells whether sector's data is in the COW file. */
static inline bool
cow_sector_present(const uint8_t *bitmap, uint64_t sector)
{
	return (bitmap[sector / 8] >> (sector % 8)) & 1;
}

/* cow_sector_set marks sector as present in the COW file. */
static inline void
cow_sector_set(uint8_t *bitmap, uint64_t sector)
{
	bitmap[sector / 8] |= (uint8_t)(1u << (sector % 8));
}

/*
 * cow_bitmap_run returns how many sectors from first (at most max) share
 * the present/absent state of first; *present receives that state. bitmap
 * covers sector 0 onwards.
 */
uint64_t cow_bitmap_run(const uint8_t *bitmap, uint64_t first, uint64_t max,
			bool *present);

#endif /* PROTO_COW_H */
