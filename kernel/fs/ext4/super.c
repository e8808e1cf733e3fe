/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: the superblock and the group descriptors, i.e. mounting.
 *
 * ext4_mount() reads the superblock at byte 1024, checks its magic,
 * checksum, geometry and feature words, then reads and checks every group
 * descriptor. Whatever it accepts here, the layers above (inode.c, file.c,
 * dir.c) may rely on: block size 1K..64K, sane per-group counts, inode
 * tables inside the device. Errors leave a one-line reason, readable with
 * ext4_strerror_detail(): per fs once mounted, in a static buffer before.
 */
#include <stdarg.h>

#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

static char mount_detail[192];

/* --- error detail: a minimal formatter (%s %c %d %u %x with l/ll) --- */

static void
fmt_num(char *out, size_t cap, size_t *n, unsigned long long v, unsigned int base,
	bool neg)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[i++] = '-';
	while (i--)
		if (*n + 1 < cap)
			out[(*n)++] = tmp[i];
}

static void
fmt_vformat(char *out, size_t cap, const char *fmt, va_list ap)
{
	size_t n = 0;

	for (; *fmt; fmt++) {
		int lng = 0;

		if (*fmt != '%') {
			if (n + 1 < cap)
				out[n++] = *fmt;
			continue;
		}
		while (*++fmt == 'l')
			lng++;
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (s && *s && n + 1 < cap)
				out[n++] = *s++;
			break;
		}
		case 'c':
			if (n + 1 < cap)
				out[n++] = (char)va_arg(ap, int);
			break;
		case 'd': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
				      lng ? va_arg(ap, long) : va_arg(ap, int);

			fmt_num(out, cap, &n, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v,
				10, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long) :
					       lng ? va_arg(ap, unsigned long) :
					       va_arg(ap, unsigned int);

			fmt_num(out, cap, &n, v, *fmt == 'x' ? 16 : 10, false);
			break;
		}
		case '\0':
			fmt--;
			break;
		default:
			if (n + 1 < cap)
				out[n++] = *fmt;
		}
	}
	out[n] = '\0';
}

int
ext4_err(struct ext4_fs *fs, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (fs)
		fmt_vformat(fs->detail, sizeof(fs->detail), fmt, ap);
	else
		fmt_vformat(mount_detail, sizeof(mount_detail), fmt, ap);
	va_end(ap);
	return err;
}

const char *
ext4_strerror_detail(const struct ext4_fs *fs)
{
	return fs ? fs->detail : mount_detail;
}

/* --- geometry --- */

bool
ext4_block_ok(const struct ext4_fs *fs, uint64_t pblk, uint64_t count)
{
	return count && pblk > fs->first_data_block && pblk < fs->blocks_count &&
	       count <= fs->blocks_count - pblk;
}

const uint8_t *
ext4_group_desc(const struct ext4_fs *fs, uint32_t g)
{
	return fs->gdt + (size_t)g * fs->desc_size;
}

static bool
is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* Whether group g holds a superblock backup (and so a GDT copy). */
static bool
group_has_super(const struct ext4_fs *fs, uint32_t g)
{
	if (g == 0)
		return true;
	if (fs->compat & COMPAT_SPARSE_SUPER2)
		return g == le32(fs->sb + SB_BACKUP_BGS) ||
		       g == le32(fs->sb + SB_BACKUP_BGS + 4);
	if (!(fs->ro_compat & RO_COMPAT_SPARSE_SUPER) || g == 1)
		return true;
	return is_power_of(g, 3) || is_power_of(g, 5) || is_power_of(g, 7);
}

/* Where the i-th block of group descriptors lives (meta_bg moves them). */
static uint64_t
gdt_block(const struct ext4_fs *fs, uint32_t i)
{
	uint32_t per_block = fs->block_size / fs->desc_size;
	uint32_t g;

	if (!(fs->incompat & INCOMPAT_META_BG) || i < le32(fs->sb + SB_FIRST_META_BG))
		return (uint64_t)fs->first_data_block + 1 + i;
	g = i * per_block;
	return fs->first_data_block + (uint64_t)g * fs->blocks_per_group +
	       (group_has_super(fs, g) ? 1 : 0);
}

static uint64_t
desc_field64(const struct ext4_fs *fs, const uint8_t *d, unsigned int lo, unsigned int hi)
{
	uint64_t v = le32(d + lo);

	if (fs->desc_size >= 64)
		v |= (uint64_t)le32(d + hi) << 32;
	return v;
}

/*
 * A descriptor's checksum. metadata_csum: low 16 bits of crc32c over the
 * group number and the descriptor (checksum field as zero), seeded with
 * the fs seed. uninit_bg: crc16 over the uuid, the group number and the
 * descriptor minus the checksum field.
 */
static uint16_t
group_desc_csum(const struct ext4_fs *fs, uint32_t g, const uint8_t *d)
{
	uint8_t copy[1024], le_g[4];

	put_le32(le_g, g);
	memcpy(copy, d, fs->desc_size);
	copy[BG_CHECKSUM] = copy[BG_CHECKSUM + 1] = 0;
	if (fs->csum) {
		uint32_t c = crc32c_update(fs->csum_seed, le_g, 4);

		return crc32c_update(c, copy, fs->desc_size) & 0xFFFF;
	}
	/* uninit_bg: crc16 over uuid, group number, descriptor minus checksum */
	uint16_t c = crc16_update(0xFFFF, fs->sb + SB_UUID, 16);

	c = crc16_update(c, le_g, 4);
	c = crc16_update(c, d, BG_CHECKSUM);
	if (fs->desc_size > 32)
		c = crc16_update(c, d + 32, fs->desc_size - 32);
	return c;
}

/* Check group g's descriptor: checksum, then where its metadata lives. */
static int
check_group(struct ext4_fs *fs, uint32_t g)
{
	const uint8_t *d = ext4_group_desc(fs, g);
	uint64_t bb = desc_field64(fs, d, BG_BLOCK_BITMAP_LO, BG_BLOCK_BITMAP_HI);
	uint64_t ib = desc_field64(fs, d, BG_INODE_BITMAP_LO, BG_INODE_BITMAP_HI);
	uint64_t it = desc_field64(fs, d, BG_INODE_TABLE_LO, BG_INODE_TABLE_HI);

	if ((fs->csum || fs->gdt_csum) && group_desc_csum(fs, g, d) != le16(d + BG_CHECKSUM))
		return ext4_err(fs, -EUCLEAN, "ext4: group %u descriptor checksum mismatch", g);
	if (!ext4_block_ok(fs, bb, 1) || !ext4_block_ok(fs, ib, 1) ||
	    !ext4_block_ok(fs, it, fs->itable_blocks))
		return ext4_err(fs, -EUCLEAN, "ext4: group %u: bitmap or inode table out of range", g);
	return 0;
}

/* Read all group descriptors into fs->gdt (whole blocks) and check each. */
static int
read_group_descs(struct ext4_fs *fs)
{
	uint32_t per_block = fs->block_size / fs->desc_size;
	uint32_t nblocks = (fs->group_count + per_block - 1) / per_block;
	int err;

	fs->gdt = kmalloc((size_t)nblocks * fs->block_size);
	if (!fs->gdt)
		return -ENOMEM;
	for (uint32_t i = 0; i < nblocks; i++) {
		uint64_t blk = gdt_block(fs, i);

		if (blk >= fs->blocks_count)
			return ext4_err(fs, -EUCLEAN, "ext4: group descriptor block %llu out of range",
					(unsigned long long)blk);
		err = ext4_dev_read(fs, blk << fs->log_block_size,
				    fs->gdt + (size_t)i * fs->block_size, fs->block_size);
		if (err)
			return err;
	}
	for (uint32_t g = 0; g < fs->group_count; g++) {
		err = check_group(fs, g);
		if (err)
			return err;
	}
	return 0;
}

/* --- superblock --- */

/*
 * Incompatible features change the format: refuse any this code does not
 * know. Read-only-compatible ones (bigalloc, quota, verity...) do not
 * matter to a reader; the write path will have to refuse those it lacks.
 */
static int
check_features(struct ext4_fs *fs)
{
	uint32_t bad = fs->incompat & ~(uint32_t)INCOMPAT_SUPPORTED;

	if (bad)
		return ext4_err(fs, -EINVAL, "ext4: unsupported incompat features 0x%x", bad);
	if (fs->incompat & INCOMPAT_JOURNAL_DEV)
		return ext4_err(fs, -EINVAL, "ext4: this is an external journal device");
	if (fs->csum && fs->sb[SB_CHECKSUM_TYPE] != 1)
		return ext4_err(fs, -EINVAL, "ext4: unknown checksum type %u",
				fs->sb[SB_CHECKSUM_TYPE]);
	return 0;
}

/* Geometry: block size, inode size, group counts, device size. */
static int
check_geometry(struct ext4_fs *fs)
{
	const uint8_t *sb = fs->sb;
	uint32_t log = le32(sb + SB_LOG_BLOCK_SIZE);
	uint64_t groups, dev_blocks;

	if (log > 6)
		return ext4_err(fs, -EINVAL, "ext4: bad block size 2^(10+%u)", log);
	fs->log_block_size = 10 + log;
	fs->block_size = 1024u << log;
	if (le32(sb + SB_REV_LEVEL) == 0) {
		fs->inode_size = I_GOOD_OLD_SIZE;
		fs->first_ino = 11;
	} else {
		fs->inode_size = le16(sb + SB_INODE_SIZE);
		fs->first_ino = le32(sb + SB_FIRST_INO);
	}
	if (fs->inode_size < I_GOOD_OLD_SIZE || fs->inode_size > fs->block_size ||
	    (fs->inode_size & (fs->inode_size - 1)))
		return ext4_err(fs, -EINVAL, "ext4: bad inode size %u", fs->inode_size);
	fs->blocks_count = le32(sb + SB_BLOCKS_COUNT_LO);
	if (fs->incompat & INCOMPAT_64BIT)
		fs->blocks_count |= (uint64_t)le32(sb + SB_BLOCKS_COUNT_HI) << 32;
	fs->first_data_block = le32(sb + SB_FIRST_DATA_BLOCK);
	fs->blocks_per_group = le32(sb + SB_BLOCKS_PER_GROUP);
	fs->inodes_per_group = le32(sb + SB_INODES_PER_GROUP);
	fs->inodes_count = le32(sb + SB_INODES_COUNT);
	/* block 0 holds the superblock when blocks are bigger than 1K */
	if (fs->first_data_block > (fs->block_size == 1024 ? 1u : 0u) ||
	    fs->blocks_count <= fs->first_data_block + 1u)
		return ext4_err(fs, -EINVAL, "ext4: bad first data block %u or block count %llu",
				fs->first_data_block, (unsigned long long)fs->blocks_count);
	if (fs->blocks_per_group < 8 || fs->inodes_per_group < 1 ||
	    fs->inodes_per_group > 8 * fs->block_size ||
	    (!(fs->ro_compat & 0x200) && fs->blocks_per_group > 8 * fs->block_size))
		return ext4_err(fs, -EINVAL, "ext4: bad blocks (%u) or inodes (%u) per group",
				fs->blocks_per_group, fs->inodes_per_group);
	/* mke2fs makes every group the same size, so the counts must agree */
	groups = (fs->blocks_count - fs->first_data_block + fs->blocks_per_group - 1) /
		 fs->blocks_per_group;
	if (groups > UINT32_MAX || groups * fs->inodes_per_group != fs->inodes_count)
		return ext4_err(fs, -EINVAL, "ext4: inode count %u does not match %llu groups",
				fs->inodes_count, (unsigned long long)groups);
	fs->group_count = (uint32_t)groups;
	if (fs->first_ino < 11 || fs->first_ino >= fs->inodes_count)
		return ext4_err(fs, -EINVAL, "ext4: bad first inode %u", fs->first_ino);
	fs->itable_blocks = (uint32_t)(((uint64_t)fs->inodes_per_group * fs->inode_size +
					fs->block_size - 1) >> fs->log_block_size);
	/* every later block read is checked against blocks_count only */
	dev_blocks = fs->bd.size >> fs->log_block_size;
	if (fs->blocks_count > dev_blocks)
		return ext4_err(fs, -EINVAL, "ext4: %llu blocks but the device holds %llu",
				(unsigned long long)fs->blocks_count,
				(unsigned long long)dev_blocks);
	fs->desc_size = 32;
	if (fs->incompat & INCOMPAT_64BIT) {
		fs->desc_size = le16(sb + SB_DESC_SIZE);
		if (fs->desc_size < 64 || fs->desc_size > 1024 ||
		    (fs->desc_size & (fs->desc_size - 1)) || fs->desc_size > fs->block_size)
			return ext4_err(fs, -EINVAL, "ext4: bad group descriptor size %u",
					fs->desc_size);
	}
	return 0;
}

/* Read and check the superblock; fill fs's geometry, features and seeds. */
static int
read_super(struct ext4_fs *fs)
{
	uint8_t *sb = fs->sb;
	int err;

	if (fs->bd.size < SB_OFFSET + SB_SIZE)
		return ext4_err(fs, -EINVAL, "ext4: device too small (%llu bytes)",
				(unsigned long long)fs->bd.size);
	err = ext4_dev_read(fs, SB_OFFSET, sb, SB_SIZE);
	if (err)
		return err;
	if (le16(sb + SB_MAGIC) != EXT4_SUPER_MAGIC)
		return ext4_err(fs, -EINVAL, "ext4: no ext2/3/4 superblock (magic 0x%x)",
				le16(sb + SB_MAGIC));
	fs->compat = le32(sb + SB_FEATURE_COMPAT);
	fs->incompat = le32(sb + SB_FEATURE_INCOMPAT);
	fs->ro_compat = le32(sb + SB_FEATURE_RO_COMPAT);
	if (le32(sb + SB_REV_LEVEL) == 0)
		fs->compat = fs->incompat = fs->ro_compat = 0;
	/* the checksum covers everything before it; check it before trusting fields */
	fs->csum = fs->ro_compat & RO_COMPAT_METADATA_CSUM;
	fs->gdt_csum = !fs->csum && (fs->ro_compat & RO_COMPAT_GDT_CSUM);
	if (fs->csum && crc32c_update(~0u, sb, SB_CHECKSUM) != le32(sb + SB_CHECKSUM))
		return ext4_err(fs, -EUCLEAN, "ext4: superblock checksum mismatch");
	err = check_features(fs);
	if (err)
		return err;
	err = check_geometry(fs);
	if (err)
		return err;
	/* every metadata checksum starts from crc32c(uuid), unless stored (csum_seed) */
	if (fs->incompat & INCOMPAT_CSUM_SEED)
		fs->csum_seed = le32(sb + SB_CHECKSUM_SEED);
	else
		fs->csum_seed = crc32c_update(~0u, sb + SB_UUID, 16);
	for (int i = 0; i < 4; i++)
		fs->hash_seed[i] = le32(sb + SB_HASH_SEED + 4 * i);
	fs->def_hash_version = sb[SB_DEF_HASH_VERSION];
	fs->hash_unsigned = le32(sb + SB_FLAGS) & EXT4_FLAGS_UNSIGNED_HASH;
	return 0;
}

int
ext4_mount(const struct ext4_blockdev *bd, unsigned int flags, struct ext4_fs **out)
{
	struct ext4_fs *fs;
	int err;

	*out = NULL;
	mount_detail[0] = '\0';
	if (!bd || !bd->read)
		return ext4_err(NULL, -EINVAL, "ext4: no block device");
	if (flags & ~EXT4_MOUNT_RDONLY)
		return ext4_err(NULL, -EINVAL, "ext4: unknown mount flags 0x%x", flags);
	if (!(flags & EXT4_MOUNT_RDONLY))
		return ext4_err(NULL, -EROFS, "ext4: writing is not implemented, mount read-only");
	fs = kzalloc(sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->bd = *bd;
	fs->mount_flags = flags;
	err = read_super(fs);
	if (!err)
		err = read_group_descs(fs);
	if (!err)
		err = ext4_bcache_init(fs);
	if (err) {
		memcpy(mount_detail, fs->detail, sizeof(mount_detail));
		ext4_umount(fs);
		return err;
	}
	*out = fs;
	return 0;
}

void
ext4_umount(struct ext4_fs *fs)
{
	if (!fs)
		return;
	ext4_bcache_free(fs);
	kfree(fs->gdt);
	kfree(fs);
}

void
ext4_get_info(const struct ext4_fs *fs, struct ext4_info *info)
{
	const uint8_t *sb = fs->sb;
	bool hi = fs->incompat & INCOMPAT_64BIT;

	memset(info, 0, sizeof(*info));
	info->block_size = fs->block_size;
	info->blocks_count = fs->blocks_count;
	info->free_blocks = le32(sb + SB_FREE_BLOCKS_LO) |
			    (hi ? (uint64_t)le32(sb + SB_FREE_BLOCKS_HI) << 32 : 0);
	info->reserved_blocks = le32(sb + SB_R_BLOCKS_COUNT_LO) |
				(hi ? (uint64_t)le32(sb + SB_R_BLOCKS_COUNT_HI) << 32 : 0);
	info->inodes_count = fs->inodes_count;
	info->free_inodes = le32(sb + SB_FREE_INODES);
	info->inode_size = fs->inode_size;
	info->group_count = fs->group_count;
	info->feature_compat = fs->compat;
	info->feature_incompat = fs->incompat;
	info->feature_ro_compat = fs->ro_compat;
	memcpy(info->uuid, sb + SB_UUID, 16);
	memcpy(info->volume_name, sb + SB_VOLUME_NAME, 16);
	info->volume_name[16] = '\0';
	info->has_journal = fs->compat & COMPAT_HAS_JOURNAL;
	info->needs_recovery = fs->incompat & INCOMPAT_RECOVER;
	info->state_errors = le16(sb + SB_STATE) & EXT4_STATE_ERRORS;
	info->metadata_csum = fs->csum;
}
