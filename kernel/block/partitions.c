// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partition tables: the MBR (four primary entries, logical partitions in
 * the chain of extended boot records) and GPT, read the way Linux reads
 * them, so that /dev/ubda1.. are the partitions fdisk, sfdisk and parted
 * made on the host.
 *
 * Linux's rules kept here: a GPT needs its protective MBR (type 0xEE) and
 * a header and entry array whose CRC-32s are right; the backup header at
 * the last sector stands in for a bad primary. An MBR needs 0x55AA and
 * boot flags of 0 or 0x80. Logical partitions are numbered from 5; the
 * extended partition itself shows as a partition of at most 2 sectors
 * (so that tools see it without being able to write over the logical
 * ones). A partition running past the end of the disk is cut at the end;
 * one starting past it is left out.
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/slab.h"

#define SECTOR 512u

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* crc32 is the IEEE 802.3 CRC-32 (reflected, inverted at both ends) that GPT uses. */
static uint32_t
crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* put records partition n (1-based), cut to the disk as Linux does. */
static void
put(struct gendisk *d, struct part_entry *parts, int max, int n, uint64_t start, uint64_t size,
    int *used)
{
	if (n < 1 || n > max || !size)
		return;
	if (start >= d->size) {
		pr_warn("%s: p%d start %llu is beyond EOD, skipping\n", d->name, n,
			(unsigned long long)(start / SECTOR));
		return;
	}
	if (size > d->size - start) {
		pr_warn("%s: p%d size %llu extends beyond EOD, truncated\n", d->name, n,
			(unsigned long long)(size / SECTOR));
		size = d->size - start;
	}
	parts[n - 1].start = start;
	parts[n - 1].size = size;
	if (n > *used)
		*used = n;
}

static bool
is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/*
 * gpt_read checks the header at lba and its entry array; on success fills
 * parts. Returns 1 if valid, 0 if not, -errno on a read error.
 */
static int
gpt_read(struct gendisk *d, uint64_t lba, struct part_entry *parts, int max, int *used)
{
	uint8_t hdr[SECTOR], *ents;
	uint32_t hsize, crc, n, esize;
	uint64_t elba, first, last;
	size_t bytes;
	int err;

	if ((err = d->read(d, lba * SECTOR, hdr, SECTOR)))
		return err;
	if (memcmp(hdr, "EFI PART", 8))
		return 0;
	hsize = le32(hdr + 12);
	if (hsize < 92 || hsize > SECTOR)
		return 0;
	crc = le32(hdr + 16);
	memset(hdr + 16, 0, 4);
	if (crc32(hdr, hsize) != crc || le64(hdr + 24) != lba)
		return 0;
	first = le64(hdr + 40);
	last = le64(hdr + 48);
	elba = le64(hdr + 72);
	n = le32(hdr + 80);
	esize = le32(hdr + 84);
	/* Linux's checks: 128-byte entries, a sane array inside the disk, usable range in order. */
	if (esize != 128 || n > 1024 || first > last || last >= d->size / SECTOR ||
	    elba >= d->size / SECTOR || (uint64_t)n * esize > d->size - elba * SECTOR)
		return 0;
	bytes = (size_t)n * esize;
	ents = kmalloc(bytes ? bytes : 1);
	if (!ents)
		return -ENOMEM;
	err = d->read(d, elba * SECTOR, ents, bytes);
	if (err || crc32(ents, bytes) != le32(hdr + 88)) {
		kfree(ents);
		return err == -ENOMEM ? err : 0;	/* unreadable or wrong: not a valid GPT */
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = ents + (size_t)i * esize;
		uint64_t s = le64(e + 32), l = le64(e + 40);
		static const uint8_t zero[16];

		if (!memcmp(e, zero, 16) || l < s || s < first || l > last)
			continue;
		put(d, parts, max, (int)i + 1, s * SECTOR, (l - s + 1) * SECTOR, used);
	}
	kfree(ents);
	return 1;
}

/* mbr_logical follows the chain of extended boot records from the extended partition at ext. */
static int
mbr_logical(struct gendisk *d, uint64_t ext, struct part_entry *parts, int max, int *used)
{
	uint8_t s[SECTOR];
	uint64_t ebr = ext;
	int n = 5;

	/* A chain is bounded by the numbers there are (and loops end there too). */
	for (int hops = 0; hops < 64 && n <= max; hops++) {
		const uint8_t *e;
		int err;

		/* An EBR off the disk ends the chain, as a sector Linux cannot read does. */
		if (ebr >= d->size / SECTOR)
			return 0;
		err = d->read(d, ebr * SECTOR, s, SECTOR);
		if (err)
			return err;
		if (s[510] != 0x55 || s[511] != 0xaa)
			return 0;
		e = s + 446;
		if (e[4] && le32(e + 12) && !is_extended(e[4]))
			put(d, parts, max, n++, (ebr + le32(e + 8)) * SECTOR,
			    (uint64_t)le32(e + 12) * SECTOR, used);
		e += 16;
		if (!is_extended(e[4]) || !le32(e + 12))
			return 0;
		ebr = ext + le32(e + 8);
	}
	return 0;
}

int
part_scan(struct gendisk *d, struct part_entry *parts, int max)
{
	uint8_t mbr[SECTOR];
	int used = 0, err;
	bool protective = false;

	memset(parts, 0, sizeof(*parts) * (size_t)max);
	if (d->size < 2 * SECTOR)
		return 0;
	if ((err = d->read(d, 0, mbr, SECTOR)))
		return err;
	if (mbr[510] != 0x55 || mbr[511] != 0xaa)
		return 0;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;

		if (e[0] != 0 && e[0] != 0x80)
			return 0;	/* not an MBR (a FAT boot sector, say) */
		if (e[4] == 0xee)
			protective = true;
	}
	if (protective) {
		err = gpt_read(d, 1, parts, max, &used);
		if (err == 0)
			err = gpt_read(d, d->size / SECTOR - 1, parts, max, &used);
		if (err < 0)
			return err;
		if (err == 1)
			return used;
		pr_warn("%s: protective MBR without a valid GPT\n", d->name);
	}
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr + 446 + 16 * i;
		uint64_t start = le32(e + 8), size = le32(e + 12);

		if (!e[4] || !size || e[4] == 0xee)
			continue;
		if (is_extended(e[4])) {
			put(d, parts, max, i + 1, start * SECTOR, (size < 2 ? size : 2) * SECTOR, &used);
			if ((err = mbr_logical(d, start, parts, max, &used)))
				return err;
		} else {
			put(d, parts, max, i + 1, start * SECTOR, size * SECTOR, &used);
		}
	}
	return used;
}
