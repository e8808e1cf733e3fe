/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and CRC-16
 * (ANSI, reflected polynomial 0xA001): small pure helpers in kernel/lib,
 * used by on-disk formats (ext4 metadata_csum and uninit_bg checksums).
 *
 * Two forms of CRC-32C exist. crc32c() is the standard one: it starts from
 * ~0 and inverts the result, so crc32c("123456789", 9) == 0xE3069283.
 * crc32c_update() is the raw register step with no inversion at either end,
 * which is what ext4 stores: its checksums are crc32c_update(~0 or a seed,
 * ...). Chaining works: crc32c_update(crc32c_update(s, a), b) equals one
 * call over a followed by b.
 */
#ifndef KERNEL_CRC32C_H
#define KERNEL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* crc32c_update advances the raw CRC-32C register crc over len bytes of buf. */
uint32_t crc32c_update(uint32_t crc, const void *buf, size_t len);
/* crc32c returns the standard (pre- and post-inverted) CRC-32C of buf. */
uint32_t crc32c(const void *buf, size_t len);
/* crc16_update advances a raw reflected CRC-16/ANSI register over buf. */
uint16_t crc16_update(uint16_t crc, const void *buf, size_t len);

#endif /* KERNEL_CRC32C_H */
