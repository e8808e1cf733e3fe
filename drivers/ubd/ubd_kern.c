// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel half of the ubd driver: /dev/ubda.. (major 98, 16 minors a disk)
 * over the host files ubd_user.c opened. Reads are routed per sector run by
 * the COW bitmap: present sectors from the COW file's data area, the rest
 * from the backing file. Writing waits for the storage work: the disks are
 * read-only for now.
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
 * ubd_init opens every ubd<N>= of the command line. A device that fails to
 * open is reported and left out, as UML does; ubd0 failing is fatal later,
 * when the root cannot be mounted.
 */
int
ubd_init(void)
{
	for (int i = 0; i < UM_MAX_UBD; i++) {
		const struct um_ubd *spec = &um_cfg->ubd[i];
		struct ubd *u;
		char msg[1024];
		int err;

		if (!spec->file)
			continue;
		u = kzalloc(sizeof(*u));
		if (!u)
			return -ENOMEM;
		err = ubd_user_open(i, spec->file, spec->backing, spec->ro, spec->no_cow, spec->shared,
				    &u->host, msg, sizeof(msg));
		if (err) {
			pr_err("%s\n", msg);
			kfree(u);
			if (i == 0)
				return err;
			continue;
		}
		ksnprintf(u->disk.name, sizeof(u->disk.name), "ubd%c", 'a' + i);
		u->disk.major = UBD_MAJOR;
		u->disk.minor = (uint32_t)i * 16;
		u->disk.size = u->host.size;
		u->disk.ro = true;
		u->disk.read = ubd_read;
		u->disk.priv = u;
		ubds[i] = u;
		add_disk(&u->disk);
		pr_info(" %s: %llu sectors%s%s\n", u->disk.name,
			(unsigned long long)(u->disk.size / 512),
			u->host.cow ? ", COW over " : "", u->host.cow ? u->host.info.backing_file : "");
	}
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
