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
 *
 * The block holding the superblock and the group descriptor blocks stay
 * pinned in the block cache for the life of the mount: fs->sb and
 * ext4_group_desc() point into them, and a change is a buffer made dirty
 * in the running transaction like any other metadata (the superblock's
 * free counts and checksum are filled in at commit, ext4_sb_update).
 *
 * A read-write mount then: replays the journal if the superblock says it
 * needs recovery (re-reading everything it may have rewritten), refuses
 * features this code cannot write (-EROFS, so the caller can fall back
 * to read-only as Linux does), sets needs_recovery (journal) or clears
 * the clean flag (no journal) on disk before the first change, and
 * empties the orphan list.
 */
#include <stdarg.h>

#include "journal.h"
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
ext4_verr(struct ext4_fs *fs, int err, const char *fmt, va_list ap)
{
	if (fs)
		fmt_vformat(fs->detail, sizeof(fs->detail), fmt, ap);
	else
		fmt_vformat(mount_detail, sizeof(mount_detail), fmt, ap);
	return err;
}

int
ext4_err(struct ext4_fs *fs, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_verr(fs, err, fmt, ap);
	va_end(ap);
	return err;
}

const char *
ext4_strerror_detail(const struct ext4_fs *fs)
{
	return fs ? fs->detail : mount_detail;
}

void
ext4_now(const struct ext4_fs *fs, struct ext4_timespec *ts)
{
	ts->sec = 0;
	ts->nsec = 0;
	if (fs->bd.now)
		fs->bd.now(fs->bd.ctx, ts);
	if (ts->nsec >= 1000000000u)
		ts->nsec = 0;
}

/* --- geometry --- */

bool
ext4_block_ok(const struct ext4_fs *fs, uint64_t pblk, uint64_t count)
{
	return count && pblk > fs->first_data_block && pblk < fs->blocks_count &&
	       count <= fs->blocks_count - pblk;
}

uint8_t *
ext4_group_desc(const struct ext4_fs *fs, uint32_t g)
{
	uint32_t per_block = fs->block_size / fs->desc_size;

	return fs->gdt[g / per_block]->data + (size_t)(g % per_block) * fs->desc_size;
}

uint64_t
ext4_group_first_block(const struct ext4_fs *fs, uint32_t g)
{
	return fs->first_data_block + (uint64_t)g * fs->blocks_per_group;
}

uint32_t
ext4_group_of_block(const struct ext4_fs *fs, uint64_t blk)
{
	return (uint32_t)((blk - fs->first_data_block) / fs->blocks_per_group);
}

/* Blocks in group g (the last group may be short). */
uint32_t
ext4_group_blocks(const struct ext4_fs *fs, uint32_t g)
{
	uint64_t start = ext4_group_first_block(fs, g);

	if (fs->blocks_count - start < fs->blocks_per_group)
		return (uint32_t)(fs->blocks_count - start);
	return fs->blocks_per_group;
}

static bool
is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

bool
ext4_group_has_super(const struct ext4_fs *fs, uint32_t g)
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
	return ext4_group_first_block(fs, g) + (ext4_group_has_super(fs, g) ? 1 : 0);
}

/*
 * The blocks at the start of group g taken by a superblock copy and the
 * descriptor table (or, with meta_bg, its own descriptor block): what the
 * bitmap of a never-initialised group marks as used, before the bitmaps
 * and inode tables of whichever groups flex_bg placed there.
 */
uint32_t
ext4_group_sb_blocks(const struct ext4_fs *fs, uint32_t g)
{
	uint32_t per_block = fs->block_size / fs->desc_size, n = 0;
	uint32_t meta_first = le32(fs->sb + SB_FIRST_META_BG);

	if (ext4_group_has_super(fs, g))
		n++;
	if (!(fs->incompat & INCOMPAT_META_BG)) {
		if (n)
			n += fs->gdt_blocks + le16(fs->sb + SB_RESERVED_GDT);
		return n;
	}
	if (n) /* the descriptor blocks before meta_bg starts, and their reserve */
		n += (meta_first < fs->gdt_blocks ? meta_first : fs->gdt_blocks) +
		     le16(fs->sb + SB_RESERVED_GDT);
	if (g / per_block >= meta_first) {
		uint32_t k = g % per_block;

		if (k == 0 || k == 1 || k == per_block - 1)
			n++;
	}
	return n;
}

/* A 32-bit (+32 with 64-byte descriptors) block address field. */
uint64_t
ext4_gd_blk(const struct ext4_fs *fs, const uint8_t *d, unsigned int lo, unsigned int hi)
{
	uint64_t v = le32(d + lo);

	if (fs->desc_size >= 64)
		v |= (uint64_t)le32(d + hi) << 32;
	return v;
}

/* A 16-bit (+16 with 64-byte descriptors) count field. */
uint32_t
ext4_gd_count(const struct ext4_fs *fs, const uint8_t *d, unsigned int lo, unsigned int hi)
{
	uint32_t v = le16(d + lo);

	if (fs->desc_size >= 64)
		v |= (uint32_t)le16(d + hi) << 16;
	return v;
}

void
ext4_gd_set_count(const struct ext4_fs *fs, uint8_t *d, unsigned int lo, unsigned int hi,
		  uint32_t v)
{
	put_le16(d + lo, (uint16_t)v);
	if (fs->desc_size >= 64)
		put_le16(d + hi, (uint16_t)(v >> 16));
}

uint64_t
ext4_block_bitmap_blk(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_gd_blk(fs, ext4_group_desc(fs, g), BG_BLOCK_BITMAP_LO, BG_BLOCK_BITMAP_HI);
}

uint64_t
ext4_inode_bitmap_blk(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_gd_blk(fs, ext4_group_desc(fs, g), BG_INODE_BITMAP_LO, BG_INODE_BITMAP_HI);
}

uint64_t
ext4_inode_table_blk(const struct ext4_fs *fs, uint32_t g)
{
	return ext4_gd_blk(fs, ext4_group_desc(fs, g), BG_INODE_TABLE_LO, BG_INODE_TABLE_HI);
}

/* Whether the group descriptors carry checksums (and so the UNINIT flags mean anything). */
bool
ext4_has_gd_csum(const struct ext4_fs *fs)
{
	return fs->csum || fs->gdt_csum;
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
	static const uint8_t zero[2];
	uint8_t le_g[4];

	put_le32(le_g, g);
	if (fs->csum) {
		uint32_t c = crc32c_update(fs->csum_seed, le_g, 4);

		c = crc32c_update(c, d, BG_CHECKSUM);
		c = crc32c_update(c, zero, 2);
		return crc32c_update(c, d + BG_CHECKSUM + 2, fs->desc_size - BG_CHECKSUM - 2) &
		       0xFFFF;
	}
	/* uninit_bg: crc16 over uuid, group number, descriptor minus checksum */
	uint16_t c = crc16_update(0xFFFF, fs->sb + SB_UUID, 16);

	c = crc16_update(c, le_g, 4);
	c = crc16_update(c, d, BG_CHECKSUM);
	if (fs->desc_size > 32)
		c = crc16_update(c, d + 32, fs->desc_size - 32);
	return c;
}

int
ext4_gd_dirty(struct ext4_fs *fs, uint32_t g)
{
	uint32_t per_block = fs->block_size / fs->desc_size;
	uint8_t *d = ext4_group_desc(fs, g);

	if (ext4_has_gd_csum(fs))
		put_le16(d + BG_CHECKSUM, group_desc_csum(fs, g, d));
	return ext4_bdirty(fs, fs->gdt[g / per_block]);
}

/* Check group g's descriptor: checksum, then where its metadata lives. */
static int
check_group(struct ext4_fs *fs, uint32_t g)
{
	const uint8_t *d = ext4_group_desc(fs, g);
	uint64_t bb = ext4_gd_blk(fs, d, BG_BLOCK_BITMAP_LO, BG_BLOCK_BITMAP_HI);
	uint64_t ib = ext4_gd_blk(fs, d, BG_INODE_BITMAP_LO, BG_INODE_BITMAP_HI);
	uint64_t it = ext4_gd_blk(fs, d, BG_INODE_TABLE_LO, BG_INODE_TABLE_HI);

	if (ext4_has_gd_csum(fs) && group_desc_csum(fs, g, d) != le16(d + BG_CHECKSUM))
		return ext4_err(fs, -EUCLEAN, "ext4: group %u descriptor checksum mismatch", g);
	if (!ext4_block_ok(fs, bb, 1) || !ext4_block_ok(fs, ib, 1) ||
	    !ext4_block_ok(fs, it, fs->itable_blocks))
		return ext4_err(fs, -EUCLEAN, "ext4: group %u: bitmap or inode table out of range", g);
	if (ext4_gd_count(fs, d, BG_FREE_BLOCKS_LO, BG_FREE_BLOCKS_HI) > ext4_group_blocks(fs, g) ||
	    ext4_gd_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI) > fs->inodes_per_group)
		return ext4_err(fs, -EUCLEAN, "ext4: group %u: free counts out of range", g);
	return 0;
}

static void
release_group_descs(struct ext4_fs *fs)
{
	if (!fs->gdt)
		return;
	for (uint32_t i = 0; i < fs->gdt_blocks; i++)
		ext4_brelse(fs, fs->gdt[i]);
	kfree(fs->gdt);
	fs->gdt = NULL;
}

/* Read all group descriptor blocks (kept pinned) and check each descriptor. */
static int
read_group_descs(struct ext4_fs *fs)
{
	uint32_t per_block = fs->block_size / fs->desc_size;
	int err;

	fs->gdt_blocks = (fs->group_count + per_block - 1) / per_block;
	fs->gdt = kzalloc((size_t)fs->gdt_blocks * sizeof(*fs->gdt));
	if (!fs->gdt)
		return -ENOMEM;
	for (uint32_t i = 0; i < fs->gdt_blocks; i++) {
		uint64_t blk = gdt_block(fs, i);

		if (blk >= fs->blocks_count)
			return ext4_err(fs, -EUCLEAN, "ext4: group descriptor block %llu out of range",
					(unsigned long long)blk);
		err = ext4_bread(fs, blk, &fs->gdt[i]);
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
 * matter to a reader; rw_refusal() refuses those the write path lacks.
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

/* Why this filesystem cannot be written (-EROFS with a detail), or 0. */
static int
rw_refusal(struct ext4_fs *fs)
{
	static const struct {
		uint32_t bit;
		bool ro;
		const char *name;
	} named[] = {
		{ INCOMPAT_MMP, false, "mmp" },
		{ INCOMPAT_EA_INODE, false, "ea_inode" },
		{ INCOMPAT_LARGEDIR, false, "largedir" },
		{ INCOMPAT_INLINE_DATA, false, "inline_data" },
		{ 0x0100, true, "quota" },
		{ 0x0200, true, "bigalloc" },
		{ 0x2000, true, "project" },
		{ 0x8000, true, "verity" },
		{ 0x10000, true, "orphan_present" },
	};
	uint32_t bad_in = fs->incompat & ~(uint32_t)INCOMPAT_WRITABLE;
	uint32_t bad_ro = fs->ro_compat & ~(uint32_t)RO_COMPAT_WRITABLE;

	if (!fs->bd.write)
		return ext4_err(fs, -EROFS, "ext4: the device is read-only: mount read-only");
	if (!bad_in && !bad_ro)
		return 0;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].bit & (named[i].ro ? bad_ro : bad_in))
			return ext4_err(fs, -EROFS,
					"ext4: cannot write feature %s: mount read-only",
					named[i].name);
	return ext4_err(fs, -EROFS,
			"ext4: cannot write features incompat 0x%x ro_compat 0x%x: mount read-only",
			bad_in, bad_ro);
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

/* Check the superblock in fs->sb; fill fs's geometry, features and seeds. */
static int
parse_super(struct ext4_fs *fs)
{
	uint8_t *sb = fs->sb;
	int err;

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
	fs->r_blocks = le32(sb + SB_R_BLOCKS_COUNT_LO);
	if (fs->incompat & INCOMPAT_64BIT)
		fs->r_blocks |= (uint64_t)le32(sb + SB_R_BLOCKS_COUNT_HI) << 32;
	return 0;
}

/*
 * Read the superblock: first its 1024 bytes (the block size is not known
 * yet), then, once checked, the whole block holding it, kept pinned.
 */
static int
read_super(struct ext4_fs *fs)
{
	uint8_t raw[SB_SIZE];
	int err;

	if (fs->bd.size < SB_OFFSET + SB_SIZE)
		return ext4_err(fs, -EINVAL, "ext4: device too small (%llu bytes)",
				(unsigned long long)fs->bd.size);
	err = ext4_dev_read(fs, SB_OFFSET, raw, SB_SIZE);
	if (err)
		return err;
	fs->sb = raw;
	err = parse_super(fs);
	fs->sb = NULL;
	if (err)
		return err;
	err = ext4_bcache_init(fs);
	if (!err)
		err = ext4_bread(fs, SB_OFFSET >> fs->log_block_size, &fs->sb_buf);
	if (err)
		return err;
	fs->sb = fs->sb_buf->data + (SB_OFFSET & (fs->block_size - 1));
	if (memcmp(fs->sb, raw, SB_SIZE))	/* changed under us: check the new one */
		return parse_super(fs);
	return 0;
}

static void
release_super(struct ext4_fs *fs)
{
	release_group_descs(fs);
	if (fs->sb_buf)
		ext4_brelse(fs, fs->sb_buf);
	fs->sb_buf = NULL;
	fs->sb = NULL;
}

/* Checksum the superblock in place. */
void
ext4_sb_csum_set(struct ext4_fs *fs)
{
	if (fs->csum)
		put_le32(fs->sb + SB_CHECKSUM, crc32c_update(~0u, fs->sb, SB_CHECKSUM));
}

int
ext4_sb_dirty(struct ext4_fs *fs)
{
	return ext4_bdirty(fs, fs->sb_buf);
}

/* At commit: the free counts into a superblock changed in this transaction. */
int
ext4_sb_update(struct ext4_fs *fs)
{
	uint8_t *sb = fs->sb;

	if (!fs->sb_buf->run)
		return 0;
	put_le32(sb + SB_FREE_BLOCKS_LO, (uint32_t)fs->free_blocks);
	if (fs->incompat & INCOMPAT_64BIT)
		put_le32(sb + SB_FREE_BLOCKS_HI, (uint32_t)(fs->free_blocks >> 32));
	put_le32(sb + SB_FREE_INODES, fs->free_inodes);
	ext4_sb_csum_set(fs);
	return 0;
}

/* Write the superblock block in place now (outside transactions: mount, unmount). */
static int
write_super_now(struct ext4_fs *fs)
{
	struct ext4_timespec now;
	int err;

	ext4_now(fs, &now);
	put_le32(fs->sb + SB_WTIME, (uint32_t)now.sec);
	put_le32(fs->sb + SB_FREE_BLOCKS_LO, (uint32_t)fs->free_blocks);
	if (fs->incompat & INCOMPAT_64BIT)
		put_le32(fs->sb + SB_FREE_BLOCKS_HI, (uint32_t)(fs->free_blocks >> 32));
	put_le32(fs->sb + SB_FREE_INODES, fs->free_inodes);
	ext4_sb_csum_set(fs);
	err = ext4_dev_write(fs, fs->sb_buf->blk << fs->log_block_size, fs->sb_buf->data,
			     fs->block_size);
	if (!err)
		err = ext4_dev_flush(fs);
	return err;
}

/* Free counts from the group descriptors, and the metadata overhead. */
static int
count_groups(struct ext4_fs *fs)
{
	uint64_t free_blocks = 0;
	uint32_t free_inodes = 0;

	fs->log_flex = (fs->incompat & INCOMPAT_FLEX_BG) ? fs->sb[SB_LOG_GROUPS_PER_FLEX] : 0;
	if (fs->log_flex > 31)
		return ext4_err(fs, -EUCLEAN, "ext4: bad flex_bg size 2^%u", fs->log_flex);
	fs->flex_count = (uint32_t)(((uint64_t)fs->group_count + (1ull << fs->log_flex) - 1) >>
				    fs->log_flex);
	fs->flex_free_blocks = kzalloc(fs->flex_count * sizeof(uint64_t));
	fs->flex_free_inodes = kzalloc(fs->flex_count * sizeof(uint32_t));
	fs->flex_dirs = kzalloc(fs->flex_count * sizeof(uint32_t));
	if (!fs->flex_free_blocks || !fs->flex_free_inodes || !fs->flex_dirs)
		return -ENOMEM;
	fs->overhead = fs->first_data_block;
	for (uint32_t g = 0; g < fs->group_count; g++) {
		const uint8_t *d = ext4_group_desc(fs, g);
		uint32_t fb = ext4_gd_count(fs, d, BG_FREE_BLOCKS_LO, BG_FREE_BLOCKS_HI);
		uint32_t fi = ext4_gd_count(fs, d, BG_FREE_INODES_LO, BG_FREE_INODES_HI);
		uint32_t f = g >> fs->log_flex;

		free_blocks += fb;
		free_inodes += fi;
		fs->flex_free_blocks[f] += fb;
		fs->flex_free_inodes[f] += fi;
		fs->flex_dirs[f] += ext4_gd_count(fs, d, BG_USED_DIRS_LO, BG_USED_DIRS_HI);
		fs->overhead += ext4_group_sb_blocks(fs, g) + 2 + fs->itable_blocks;
	}
	fs->free_blocks = free_blocks;
	fs->free_inodes = free_inodes;
	if (le32(fs->sb + SB_OVERHEAD))
		fs->overhead = le32(fs->sb + SB_OVERHEAD);
	return 0;
}

/* Replay the journal if it holds transactions, then read the metadata again. */
static int
recover(struct ext4_fs *fs, struct ext4_journal *j)
{
	int err;

	err = ext4_journal_replay(fs, j);
	if (err)
		return err;
	/* the replay may have rewritten the superblock and descriptors */
	release_super(fs);
	ext4_icache_drop(fs);
	ext4_bcache_drop_clean(fs);
	err = read_super(fs);
	if (!err)
		err = read_group_descs(fs);
	if (!err && (fs->incompat & INCOMPAT_RECOVER)) {
		fs->incompat &= ~(uint32_t)INCOMPAT_RECOVER;
		put_le32(fs->sb + SB_FEATURE_INCOMPAT, fs->incompat);
		ext4_sb_csum_set(fs);
		err = ext4_dev_write(fs, fs->sb_buf->blk << fs->log_block_size,
				     fs->sb_buf->data, fs->block_size);
		if (!err)
			err = ext4_dev_flush(fs);
	}
	return err;
}

/* Load the journal, and replay it if the filesystem needs recovery and the device can be written. */
static int
open_journal(struct ext4_fs *fs)
{
	struct ext4_journal *j = NULL;
	bool needs = fs->incompat & INCOMPAT_RECOVER;
	int err;

	if (!(fs->compat & COMPAT_HAS_JOURNAL))
		return 0;
	err = ext4_journal_load(fs, &j);
	if (err) {	/* a reader that replays nothing can do without it */
		if (!fs->rdonly || (needs && fs->bd.write))
			return err;
		return 0;
	}
	if (needs && fs->bd.write) {
		err = recover(fs, j);
		if (!err)	/* the journal superblock changed */
			err = ext4_dev_read(fs, ext4_jmap(j, 0) << fs->log_block_size, j->sb,
					    fs->block_size);
	}
	if (err || fs->rdonly) {
		ext4_journal_free(j);
		return err;
	}
	fs->j = j;
	return 0;
}

/* Read-write: mark the filesystem in use on disk, then clean up orphans. */
static int
start_writing(struct ext4_fs *fs)
{
	struct ext4_timespec now;
	int err;

	if (fs->j && be32(fs->j->sb + JSB_START)) {
		/* a log the superblock does not ask to replay: dropped, as Linux does */
		put_be32(fs->j->sb + JSB_START, 0);
	}
	ext4_now(fs, &now);
	if (fs->j)
		fs->incompat |= INCOMPAT_RECOVER;
	put_le32(fs->sb + SB_FEATURE_INCOMPAT, fs->incompat);
	if (!fs->j)	/* ext2: not clean while mounted */
		put_le16(fs->sb + SB_STATE, le16(fs->sb + SB_STATE) & ~EXT4_STATE_VALID);
	put_le16(fs->sb + SB_MNT_COUNT, le16(fs->sb + SB_MNT_COUNT) + 1);
	put_le32(fs->sb + SB_MTIME, (uint32_t)now.sec);
	fs->next_generation = (uint32_t)now.sec * 2654435761u ^ le32(fs->sb + SB_UUID);
	fs->orlov_rotor = le32(fs->sb + SB_UUID + 4);
	err = write_super_now(fs);
	if (!err && fs->j)
		err = ext4_journal_start(fs);
	if (!err)
		err = ext4_orphan_cleanup(fs);
	if (!err)
		err = ext4_commit_trans(fs);
	return err;
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
	if (!(flags & EXT4_MOUNT_RDONLY) && !bd->write)
		return ext4_err(NULL, -EROFS, "ext4: the device is read-only: mount read-only");
	fs = kzalloc(sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->bd = *bd;
	fs->mount_flags = flags;
	fs->rdonly = flags & EXT4_MOUNT_RDONLY;
	err = read_super(fs);
	if (!err && !fs->rdonly)
		err = rw_refusal(fs);
	if (!err)
		err = read_group_descs(fs);
	if (!err)
		err = open_journal(fs);
	if (!err)
		err = count_groups(fs);
	if (!err && !fs->rdonly)
		err = start_writing(fs);
	if (err) {
		memcpy(mount_detail, fs->detail, sizeof(mount_detail));
		fs->rdonly = true;	/* leave the device alone from here */
		ext4_umount(fs);
		return err;
	}
	*out = fs;
	return 0;
}

/* Read-write to clean: everything home, the log empty, the superblock clean. */
static int
stop_writing(struct ext4_fs *fs)
{
	int err = ext4_journal_stop(fs);

	if (!err && !fs->j)
		err = ext4_write_checkpoint_list(fs);
	if (err)
		return err;
	fs->incompat &= ~(uint32_t)INCOMPAT_RECOVER;
	put_le32(fs->sb + SB_FEATURE_INCOMPAT, fs->incompat);
	if (!fs->j)
		put_le16(fs->sb + SB_STATE, le16(fs->sb + SB_STATE) | EXT4_STATE_VALID);
	return write_super_now(fs);
}

int
ext4_remount(struct ext4_fs *fs, unsigned int flags)
{
	bool ro = flags & EXT4_MOUNT_RDONLY;
	int err;

	if (flags & ~EXT4_MOUNT_RDONLY)
		return ext4_err(fs, -EINVAL, "ext4: unknown mount flags 0x%x", flags);
	if (fs->aborted)
		return -EROFS;
	if (ro == fs->rdonly)
		return 0;
	if (ro) {
		err = stop_writing(fs);
		if (err)
			return err;
		ext4_journal_free(fs->j);
		fs->j = NULL;
		fs->rdonly = true;
		return 0;
	}
	err = rw_refusal(fs);
	if (err)
		return err;
	if (fs->incompat & INCOMPAT_RECOVER)	/* (a read-only mount could not replay) */
		return ext4_err(fs, -EROFS,
				"ext4: the journal needs recovery: unmount and mount read-write");
	if (fs->compat & COMPAT_HAS_JOURNAL) {
		err = ext4_journal_load(fs, &fs->j);
		if (err)
			return err;
	}
	fs->rdonly = false;
	err = start_writing(fs);
	if (err) {	/* back to read-only, as far as possible */
		ext4_journal_free(fs->j);
		fs->j = NULL;
		fs->rdonly = true;
	}
	return err;
}

int
ext4_umount(struct ext4_fs *fs)
{
	int err = 0;

	if (!fs)
		return 0;
	if (fs->aborted)
		err = -EROFS;	/* shut down earlier: the log has the rest */
	if (!fs->rdonly && !fs->aborted)
		err = stop_writing(fs);
	ext4_icache_drop(fs);
	ext4_journal_free(fs->j);
	release_super(fs);
	ext4_bcache_free(fs);
	kfree(fs->trans.bufs);
	kfree(fs->trans.revokes);
	kfree(fs->trans.frees);
	kfree(fs->ckpt);
	kfree(fs->flex_free_blocks);
	kfree(fs->flex_free_inodes);
	kfree(fs->flex_dirs);
	kfree(fs);
	return err;
}

void
ext4_get_info(const struct ext4_fs *fs, struct ext4_info *info)
{
	const uint8_t *sb = fs->sb;

	memset(info, 0, sizeof(*info));
	info->block_size = fs->block_size;
	info->blocks_count = fs->blocks_count;
	/* blocks freed by the running transaction count as free, as on Linux */
	info->free_blocks = fs->free_blocks + fs->trans.free_blocks;
	info->reserved_blocks = fs->r_blocks;
	info->overhead_blocks = fs->overhead;
	info->inodes_count = fs->inodes_count;
	info->free_inodes = fs->free_inodes;
	info->inode_size = fs->inode_size;
	info->group_count = fs->group_count;
	info->feature_compat = fs->compat;
	info->feature_incompat = fs->incompat;
	info->feature_ro_compat = fs->ro_compat;
	memcpy(info->uuid, sb + SB_UUID, 16);
	memcpy(info->volume_name, sb + SB_VOLUME_NAME, 16);
	info->volume_name[16] = '\0';
	info->has_journal = fs->compat & COMPAT_HAS_JOURNAL;
	info->needs_recovery = (fs->incompat & INCOMPAT_RECOVER) && fs->rdonly;
	info->state_errors = le16(sb + SB_STATE) & EXT4_STATE_ERRORS;
	info->metadata_csum = fs->csum;
	info->read_only = fs->rdonly;
	info->aborted = fs->aborted;
	info->journal_blocks = fs->j ? ext4_journal_blocks(fs->j) : 0;
	info->commits = fs->commits;
	info->log_blocks_written = fs->log_written;
}
