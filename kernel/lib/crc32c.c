/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/lib: CRC-32C and CRC-16, pure functions with no kernel or host
 * dependencies (see include/kernel/crc32c.h for which variant is which).
 *
 * CRC-32C uses "slicing by 8": eight 256-entry tables let the loop fold
 * eight input bytes per step. Table 0 is the classic byte-at-a-time table;
 * table k holds the CRC of a byte followed by k zero bytes. The tables are
 * built on first use (the kernel is uniprocessor, so no race).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "kernel/crc32c.h"

#define CRC32C_POLY	0x82F63B78u	/* reflected Castagnoli polynomial */
#define CRC16_POLY	0xA001u		/* reflected x^16 + x^15 + x^2 + 1 */

static uint32_t crc32c_tab[8][256];
static uint16_t crc16_tab[256];
static bool tables_ready;

static void
crc_build_tables(void)
{
	for (unsigned int i = 0; i < 256; i++) {
		uint32_t c = i;
		uint16_t h = i;

		for (int k = 0; k < 8; k++) {
			c = (c & 1) ? (c >> 1) ^ CRC32C_POLY : c >> 1;
			h = (h & 1) ? (h >> 1) ^ CRC16_POLY : h >> 1;
		}
		crc32c_tab[0][i] = c;
		crc16_tab[i] = h;
	}
	for (unsigned int i = 0; i < 256; i++) {
		uint32_t c = crc32c_tab[0][i];

		for (int t = 1; t < 8; t++) {
			c = (c >> 8) ^ crc32c_tab[0][c & 0xff];
			crc32c_tab[t][i] = c;
		}
	}
	tables_ready = true;
}

uint32_t
crc32c_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!tables_ready)
		crc_build_tables();
	/* Byte steps until p is 8-aligned, then 8 bytes per step. */
	while (len && ((uintptr_t)p & 7)) {
		crc = (crc >> 8) ^ crc32c_tab[0][(crc ^ *p++) & 0xff];
		len--;
	}
	while (len >= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
				     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
			      (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;

		crc = crc32c_tab[7][lo & 0xff] ^ crc32c_tab[6][(lo >> 8) & 0xff] ^
		      crc32c_tab[5][(lo >> 16) & 0xff] ^ crc32c_tab[4][lo >> 24] ^
		      crc32c_tab[3][hi & 0xff] ^ crc32c_tab[2][(hi >> 8) & 0xff] ^
		      crc32c_tab[1][(hi >> 16) & 0xff] ^ crc32c_tab[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len--)
		crc = (crc >> 8) ^ crc32c_tab[0][(crc ^ *p++) & 0xff];
	return crc;
}

uint32_t
crc32c(const void *buf, size_t len)
{
	return ~crc32c_update(~0u, buf, len);
}

uint16_t
crc16_update(uint16_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!tables_ready)
		crc_build_tables();
	while (len--)
		crc = (crc >> 8) ^ crc16_tab[(crc ^ *p++) & 0xff];
	return crc;
}
