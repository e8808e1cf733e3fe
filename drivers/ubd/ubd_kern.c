// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel half of the ubd driver: /dev/ubda.. (major 98, 16 minors a disk)
 * over the host files ubd_user.c opened. Reads are routed per sector run by
 * the COW bitmap: present sectors from the COW file's data area, the rest
 * from the backing file. Writes go to the plain image, or to the COW file's
 * data area and then its bitmap: the data of a sector is on the host before
 * the bit that says it is there, so a crash (of this process or of the
 * host, for what reached the disk in order) never shows stale data in
 * place of written data. The backing file is opened read-only and never
 * written. Discards punch holes (in the COW file's data area, with the
 * bits set, as UML does: the sectors then read as zeros, not as the
 * backing file's data). The host I/O is synchronous for now.
 */
#include <string.h>

#include "cow.h"
#include "kernel/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "os.h"
#include "ubd.h"
#include "um_params.h"

#define UBD_MAJOR 98

struct ubd {
	struct gendisk disk;
	struct ubd_host host;
	bool failing;		/* the last host I/O failed (and was logged) */
	char sysfs_dev[32];	/* "platform/uml-blkdev.<n>" */
};

static struct ubd *ubds[UM_MAX_UBD];

static int
ubd_read(struct gendisk *d, uint64_t off, void *buf, size_t len)
{
	struct ubd *u = d->priv;
	struct ubd_host *h = &u->host;
	uint8_t *p = buf;

	if (off > h->size || len > h->size - off)
		return -EIO;
	if (!h->cow)
		return os_pread_full(h->fd, p, len, off);
	while (len) {
		uint64_t ss = h->info.sectorsize, sector = off / ss;
		uint64_t in_sector = off % ss, nsec = cow_sectors(&h->info) - sector;
		bool present;
		uint64_t run = cow_bitmap_run(h->bitmap, sector, nsec, &present);
		uint64_t bytes = run * ss - in_sector;
		int err;

		if (bytes > len)
			bytes = len;
		if (present)
			err = os_pread_full(h->fd, p, bytes, h->info.data_offset + off);
		else
			err = os_pread_full(h->backing_fd, p, bytes, off);
		if (err)
			return err;
		p += bytes;
		off += bytes;
		len -= bytes;
	}
	return 0;
}

/*
 * cow_fill_sector makes sector present in the COW file when a write covers
 * only part of it: the rest of the sector comes from the backing file, so
 * the whole sector is written to the COW file (the bit, set after, then
 * covers only correct data). part is the new data at byte at of the sector.
 */
static int
cow_fill_sector(struct ubd *u, uint64_t sector, uint32_t at, const void *part, size_t len)
{
	struct ubd_host *h = &u->host;
	uint32_t ss = h->info.sectorsize;
	uint8_t *buf = kmalloc(ss);
	int err;

	if (!buf)
		return -ENOMEM;
	err = os_pread_full(h->backing_fd, buf, ss, sector * ss);
	if (!err) {
		memcpy(buf + at, part, len);
		err = os_pwrite_full(h->fd, buf, ss, h->info.data_offset + sector * ss);
	}
	kfree(buf);
	return err;
}

/*
 * set_bits marks sectors first..last present and writes the bitmap bytes
 * that changed. If that write fails, the bits are taken back: the guest
 * keeps seeing what the host file says (the old data), never a state a
 * restart would not show.
 */
static int
set_bits(struct ubd_host *h, uint64_t first, uint64_t last)
{
	uint64_t b0 = first / 8, b1 = last / 8;
	size_t n = b1 - b0 + 1;
	uint8_t small[256], *old = n <= sizeof(small) ? small : kmalloc(n);
	bool changed = false;
	int err = 0;

	if (!old)
		return -ENOMEM;
	memcpy(old, h->bitmap + b0, n);
	for (uint64_t s = first; s <= last; s++) {
		if (!cow_sector_present(h->bitmap, s)) {
			cow_sector_set(h->bitmap, s);
			changed = true;
		}
	}
	if (changed) {
		err = os_pwrite_full(h->fd, h->bitmap + b0, n, h->info.bitmap_offset + b0);
		if (err)
			memcpy(h->bitmap + b0, old, n);
	}
	if (old != small)
		kfree(old);
	return err;
}

static int
ubd_write(struct gendisk *d, uint64_t off, const void *buf, size_t len)
{
	struct ubd *u = d->priv;
	struct ubd_host *h = &u->host;
	uint64_t ss, first, last;
	int err;

	if (h->ro)
		return -EROFS;
	if (off > h->size || len > h->size - off)
		return -EIO;
	if (!len)
		return 0;
	if (!h->cow)
		return os_pwrite_full(h->fd, buf, len, off);
	ss = h->info.sectorsize;
	first = off / ss;
	last = (off + len - 1) / ss;
	/* Partial first and last sectors not in the COW file yet: read, merge, write whole. */
	if (off % ss && !cow_sector_present(h->bitmap, first)) {
		size_t n = ss - off % ss < len ? ss - off % ss : len;

		err = cow_fill_sector(u, first, (uint32_t)(off % ss), buf, n);
		if (err)
			return err;
	}
	if ((off + len) % ss && !cow_sector_present(h->bitmap, last) &&
	    (last != first || !(off % ss))) {
		uint64_t start = last * ss > off ? last * ss : off;

		err = cow_fill_sector(u, last, (uint32_t)(start - last * ss),
				      (const uint8_t *)buf + (start - off), off + len - start);
		if (err)
			return err;
	}
	err = os_pwrite_full(h->fd, buf, len, h->info.data_offset + off);
	if (err)
		return err;	/* no bit set: the sectors still read as before */
	/* Only now the bits. */
	return set_bits(h, first, last);
}

/*
 * cow_zero makes [off, off + len) (whole sectors) read as zeros on a COW
 * disk, as UML does for a discard: the COW file's data area becomes a
 * hole (zeros), and then the sectors' bits are set, so that they are read
 * from there and not from the backing file. The data (zeros) is there
 * before the bits, as for a write.
 */
static int
cow_zero(struct ubd *u, uint64_t off, uint64_t len, bool punch)
{
	struct ubd_host *h = &u->host;
	int err;

	err = punch ? ubd_user_punch(h->fd, h->info.data_offset + off, len) :
		      ubd_user_zero_range(h->fd, h->info.data_offset + off, len);
	if (err)
		return err;
	return set_bits(h, off / 512, (off + len) / 512 - 1);
}

/* zero_fallback writes zeros where the host filesystem cannot make holes. */
static int
zero_fallback(struct gendisk *d, uint64_t off, uint64_t len)
{
	static const uint8_t zeros[4096];
	int err = 0;

	while (len && !err) {
		size_t n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);

		err = ubd_write(d, off, zeros, n);
		off += n;
		len -= n;
	}
	return err;
}

/* range_check: discard and zeroout take whole sectors inside a writable disk. */
static int
range_check(const struct ubd *u, uint64_t off, uint64_t len)
{
	if (u->host.ro)
		return -EROFS;
	if (off > u->host.size || len > u->host.size - off || (off | len) % 512)
		return -EIO;
	return 0;
}

/* ubd_discard: BLKDISCARD; a hole in the image or the COW file (UML's fallocate punch). */
static int
ubd_discard(struct gendisk *d, uint64_t off, uint64_t len)
{
	struct ubd *u = d->priv;
	int err = range_check(u, off, len);

	if (err || !len)
		return err;
	err = u->host.cow ? cow_zero(u, off, len, true) : ubd_user_punch(u->host.fd, off, len);
	return err == -EOPNOTSUPP ? zero_fallback(d, off, len) : err;
}

/* ubd_zeroout: BLKZEROOUT; zeros, allocated or not as the host filesystem can. */
static int
ubd_zeroout(struct gendisk *d, uint64_t off, uint64_t len)
{
	struct ubd *u = d->priv;
	int err = range_check(u, off, len);

	if (err || !len)
		return err;
	err = u->host.cow ? cow_zero(u, off, len, false) :
			    ubd_user_zero_range(u->host.fd, off, len);
	return err == -EOPNOTSUPP ? zero_fallback(d, off, len) : err;
}

/* ubd_flush makes every write that returned durable on the host (the COW file holds data and bitmap). */
static int
ubd_flush(struct gendisk *d)
{
	struct ubd *u = d->priv;

	return u->host.ro ? 0 : os_fdatasync(u->host.fd);
}

/*
 * Host errors, as UML maps them: ENOSPC (the host filesystem is full)
 * and EOPNOTSUPP reach the guest as they are, anything else is EIO. One
 * line in the log for the first failure of a run; the next success
 * re-arms it, so a failing disk does not flood the log and every new
 * episode is seen. Errors of the request itself (EROFS) pass unlogged.
 */
static int
host_result(struct ubd *u, const char *op, uint64_t off, int err)
{
	int guest;

	if (!err) {
		u->failing = false;
		return 0;
	}
	if (err == -EROFS)
		return err;
	guest = err == -ENOSPC || err == -EOPNOTSUPP || err == -ENOMEM ? err : -EIO;
	if (!u->failing)
		pr_err("%s: %s failed at sector %llu: host error %d, the guest gets %s\n",
		       u->disk.name, op, (unsigned long long)(off / 512), -err,
		       guest == -ENOSPC ? "ENOSPC" : guest == -EIO ? "EIO" :
		       guest == -ENOMEM ? "ENOMEM" : "EOPNOTSUPP");
	u->failing = true;
	return guest;
}

static int
ubd_read_op(struct gendisk *d, uint64_t off, void *buf, size_t len)
{
	return host_result(d->priv, "read", off, ubd_read(d, off, buf, len));
}

static int
ubd_write_op(struct gendisk *d, uint64_t off, const void *buf, size_t len)
{
	return host_result(d->priv, "write", off, ubd_write(d, off, buf, len));
}

static int
ubd_flush_op(struct gendisk *d)
{
	return host_result(d->priv, "flush", 0, ubd_flush(d));
}

static int
ubd_discard_op(struct gendisk *d, uint64_t off, uint64_t len)
{
	return host_result(d->priv, "discard", off, ubd_discard(d, off, len));
}

static int
ubd_zeroout_op(struct gendisk *d, uint64_t off, uint64_t len)
{
	return host_result(d->priv, "write zeroes", off, ubd_zeroout(d, off, len));
}

/* ubd_ioctl: the commands genhd.c does not know are EINVAL, as UML's ubd_ioctl answers them. */
static int
ubd_ioctl(struct gendisk *d, struct file *f, unsigned int cmd, uint64_t arg)
{
	(void)d;
	(void)f;
	(void)cmd;
	(void)arg;
	return -EINVAL;
}

/*
 * ubd_open_unit opens ubd<i> from um_cfg->ubd[i] and adds its disk; msg
 * says why not.
 */
static int
ubd_open_unit(int i, char *msg, size_t size)
{
	const struct um_ubd *spec = &um_cfg->ubd[i];
	struct ubd *u;
	int err;

	u = kzalloc(sizeof(*u));
	if (!u) {
		ksnprintf(msg, size, "ubd%d: out of memory", i);
		return -ENOMEM;
	}
	err = ubd_user_open(i, spec->file, spec->backing, spec->ro, spec->no_cow, spec->shared,
			    spec->sync, &u->host, msg, size);
	if (err) {
		kfree(u);
		return err;
	}
	ksnprintf(u->disk.name, sizeof(u->disk.name), "ubd%c", 'a' + i);
	u->disk.major = UBD_MAJOR;
	u->disk.minor = (uint32_t)i * 16;
	u->disk.size = u->host.size;
	u->disk.ro = u->host.ro;
	u->disk.read = ubd_read_op;
	u->disk.write = ubd_write_op;
	u->disk.flush = ubd_flush_op;
	u->disk.zeroout = ubd_zeroout_op;
	u->disk.ioctl = ubd_ioctl;
	if (!spec->no_trim) {	/* 't': no discard, as UML's flag */
		u->disk.discard = ubd_discard_op;
		u->disk.discard_granularity = 512;
	}
	u->disk.minors = 16;
	u->disk.geometry = true;
	u->disk.driver = "ubd";
	ksnprintf(u->sysfs_dev, sizeof(u->sysfs_dev), "platform/uml-blkdev.%d", i);
	u->disk.sysfs_dev = u->sysfs_dev;
	if (spec->serial)
		ksnprintf(u->disk.serial, sizeof(u->disk.serial), "%s", spec->serial);
	u->disk.priv = u;
	ubds[i] = u;
	add_disk(&u->disk);
	pr_info(" %s: %llu sectors%s%s\n", u->disk.name,
		(unsigned long long)(u->disk.size / 512),
		u->host.cow ? ", COW over " : "", u->host.cow ? u->host.info.backing_file : "");
	return 0;
}

/*
 * ubd_init opens every ubd<N>= of the command line. A device that fails to
 * open is reported and left out, as UML does; ubd0 failing is fatal later,
 * when the root cannot be mounted.
 */
int
ubd_init(void)
{
	for (int i = 0; i < UM_MAX_UBD; i++) {
		char msg[1024];
		int err;

		if (!um_cfg->ubd[i].file)
			continue;
		err = ubd_open_unit(i, msg, sizeof(msg));
		if (err) {
			pr_err("%s\n", msg);
			if (i == 0)
				return err;
		}
	}
	return 0;
}

/*
 * ubd_config adds ubd<n> after boot (mconsole `config ubd<n>=...`), from
 * um_cfg->ubd[n], which the caller has just filled; on failure it is
 * cleared again so that the unit can be configured anew.
 */
int
ubd_config(int n, char *msg, size_t size)
{
	int err;

	if (n < 0 || n >= UM_MAX_UBD || !um_cfg->ubd[n].file) {
		ksnprintf(msg, size, "Device doesn't exist");
		return -ENODEV;
	}
	if (ubds[n]) {
		ksnprintf(msg, size, "Device is already configured");
		return -EBUSY;
	}
	err = ubd_open_unit(n, msg, size);
	if (err)
		memset(&um_cfg->ubd[n], 0, sizeof(um_cfg->ubd[n]));
	return err;
}

/*
 * ubd_remove takes ubd<n> away (mconsole `remove ubd<n>`): refused while
 * it or a partition is open or mounted, as UML refuses; the host file is
 * synced and closed and the unit can be configured again.
 */
int
ubd_remove(int n, char *msg, size_t size)
{
	struct ubd *u = n >= 0 && n < UM_MAX_UBD ? ubds[n] : NULL;
	int err;

	if (!u) {
		ksnprintf(msg, size, "Device doesn't exist");
		return -ENODEV;
	}
	err = del_disk(&u->disk, false);
	if (err) {
		ksnprintf(msg, size, "Device is currently open");
		return err;
	}
	os_fsync(u->host.fd);
	ubd_user_close(&u->host);
	ubds[n] = NULL;
	kfree(u);
	memset(&um_cfg->ubd[n], 0, sizeof(um_cfg->ubd[n]));
	return 0;
}

/* ubd_exit closes the host files (at halt). */
void
ubd_exit(void)
{
	for (int i = 0; i < UM_MAX_UBD; i++) {
		if (ubds[i]) {
			os_fsync(ubds[i]->host.fd);
			ubd_user_close(&ubds[i]->host);
		}
	}
}
