// SPDX-License-Identifier: GPL-2.0-only
/*
 * ext4 in the VFS: mounts, mount options, remount, statfs, sync and the
 * periodic writeback. The library in this directory (include/kernel/ext4.h)
 * does the on-disk work; vfs_namei.c and vfs_file.c wrap its inodes and
 * file contents.
 *
 * Ownership: the superblock holds a struct ext4_sb (sb->priv) with the
 * library's ext4_fs; each VFS inode holds one library reference (priv),
 * dropped when the VFS evicts it. A superblock lives as long as the
 * kernel (mounts are never freed: super.c): the last unmount of a disk
 * writes everything back and switches the library to read-only, which
 * leaves the filesystem clean, and a later mount of the same disk takes
 * the same superblock again. One disk thus never has two library
 * instances writing it.
 *
 * Durability: metadata changes go into the library's running transaction;
 * file data into dirty page cache pages. A timer commits every 5 seconds
 * (jbd2's default commit interval; each commit first writes every dirty
 * page: ordered mode) and writes pages dirty for 30 seconds
 * (dirty_expire_centisecs) even without a commit; fsync, sync(2), syncfs,
 * msync(MS_SYNC), unmount and halt make everything durable at once.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "vfs.h"

#define COMMIT_INTERVAL_NS	(5ULL * 1000000000)
#define DIRTY_EXPIRE_NS		(30ULL * 1000000000)
#define TIMER_RETRY_NS		(200ULL * 1000000)

static LIST_HEAD(ext4_sbs);

static void
ext4_evict(struct inode *inode)
{
	struct ext4_sb *sbi = EXT4_SB(inode->sb);

	ext4_lock(sbi);
	ext4_iput(inode->priv);
	ext4_unlock(sbi);
}

int
ext4_vfs_error(struct super_block *sb, int err)
{
	struct ext4_sb *sbi = EXT4_SB(sb);
	struct ext4_info info;

	ext4_get_info(sbi->fs, &info);
	if (!info.aborted || sbi->aborted_seen)
		return err;
	sbi->aborted_seen = true;
	pr_err("EXT4-fs error (device %s): %s\n", sbi->disk->name,
		ext4_strerror_detail(sbi->fs));
	switch (sbi->errors) {
	case EXT4_ERRORS_PANIC:
		panic("EXT4-fs (device %s): panic forced after error", sbi->disk->name);
	case EXT4_ERRORS_RO:
		pr_err("EXT4-fs (%s): Remounting filesystem read-only\n", sbi->disk->name);
		sb->flags |= SB_RDONLY;
		break;
	case EXT4_ERRORS_CONTINUE:
		break;
	}
	return err;
}

/* ext4_sync_sb writes every dirty page and makes it and all metadata durable (sync, syncfs). */
static int
ext4_sync_sb(struct super_block *sb)
{
	struct ext4_sb *sbi = EXT4_SB(sb);
	int err, e;

	if (sb->flags & SB_RDONLY)
		return 0;
	err = filemap_write_sb(sb, 0);
	ext4_lock(sbi);
	e = ext4_sync(sbi->fs);
	ext4_unlock(sbi);
	if (e && !err)
		err = ext4_vfs_error(sb, e);
	sbi->last_commit_ns = ktime_get_ns();
	if (sbi->disk->flush && (e = sbi->disk->flush(sbi->disk)) && !err)
		err = e;
	return err;
}

int
ext4_vfs_maybe_sync(struct super_block *sb)
{
	struct ext4_sb *sbi = EXT4_SB(sb);
	int err;

	if (!(sb->flags & SB_SYNC))
		return 0;
	ext4_lock(sbi);
	err = ext4_commit(sbi->fs);
	ext4_unlock(sbi);
	if (err)
		return ext4_vfs_error(sb, err);
	return 0;
}

/*
 * ext4_timer: the periodic writeback. It runs between system calls (never
 * inside a library call: a round with one in progress is retried soon).
 */
static void
ext4_timer(struct ktimer *t)
{
	struct ext4_sb *sbi = container_of(t, struct ext4_sb, timer);
	struct super_block *sb = sbi->sb;
	uint64_t now = ktime_get_ns();

	if (sb->flags & SB_RDONLY)
		return;	/* re-armed by the remount to read-write */
	if (sbi->busy) {
		ktimer_arm(t, now + TIMER_RETRY_NS);
		return;
	}
	filemap_write_sb(sb, DIRTY_EXPIRE_NS);
	if (now - sbi->last_commit_ns >= COMMIT_INTERVAL_NS) {
		int err;

		ext4_lock(sbi);
		err = ext4_commit(sbi->fs);
		ext4_unlock(sbi);
		if (err)
			ext4_vfs_error(sb, err);
		sbi->last_commit_ns = now;
	}
	ktimer_arm(t, ktime_get_ns() + COMMIT_INTERVAL_NS);
}

static int
disk_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct ext4_sb *sbi = ctx;

	return sbi->disk->read(sbi->disk, off, buf, len);
}

static int
disk_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct ext4_sb *sbi = ctx;

	return sbi->disk->write(sbi->disk, off, buf, len);
}

static int
disk_flush(void *ctx)
{
	struct ext4_sb *sbi = ctx;

	return sbi->disk->flush(sbi->disk);
}

static void
fs_now(void *ctx, struct ext4_timespec *ts)
{
	struct kts now = current_time();

	(void)ctx;
	ts->sec = now.sec;
	ts->nsec = now.nsec;
}

/*
 * ext4_statfs: the figures df shows, as Linux's ext4 gives them: the size
 * leaves out the metadata overhead, available leaves out the blocks
 * reserved for root.
 */
static int
ext4_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext4_info info;

	ext4_get_info(sb_ext4(sb), &info);
	memset(st, 0, sizeof(*st));
	st->type = 0xEF53;
	st->bsize = st->frsize = info.block_size;
	st->blocks = info.blocks_count - info.overhead_blocks;
	st->bfree = info.free_blocks;
	st->bavail = info.free_blocks > info.reserved_blocks ?
			     info.free_blocks - info.reserved_blocks : 0;
	st->files = info.inodes_count;
	st->ffree = info.free_inodes;
	st->namelen = EXT4_NAME_MAX;
	return 0;
}

/* What mount options ask; flags start from the mount(2) flags. */
struct ext4_opts {
	bool rdonly, noatime, sync;
	enum ext4_errors errors;
	bool errors_set;
};

/*
 * parse_opts reads the data string of mount(2): Linux's ext4 options
 * that mean something here, those accepted as no-ops (they tune things
 * this implementation does not have), and EINVAL with Linux's message
 * for anything else.
 */
static int
parse_opts(const char *disk, const char *data, struct ext4_opts *o)
{
	static const char *const noops[] = {
		"data=ordered", "data=writeback", "barrier", "nobarrier", "barrier=0",
		"barrier=1", "user_xattr", "nouser_xattr", "acl", "noacl", "discard",
		"nodiscard", "auto_da_alloc", "noauto_da_alloc", "delalloc", "nodelalloc",
		"journal_checksum", "nojournal_checksum", "init_itable", "noinit_itable",
		"block_validity", "noblock_validity", "lazytime", "nolazytime", "async",
		"relatime", "norelatime", "strictatime", "nodiratime", "diratime", "atime",
		"defaults", "dioread_nolock", "dioread_lock", "i_version", "nosuid", "suid",
		"nodev", "dev", "noexec", "exec", "remount", "quiet", "silent",
	};
	const char *p = data ? data : "";

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char opt[64];
		bool known = false;

		if (len == 0 || len >= sizeof(opt)) {
			if (len == 0) {
				p += 1;
				continue;
			}
			pr_err("EXT4-fs (%s): Unrecognized mount option \"%.*s\" or missing value\n",
			       disk, (int)len, p);
			return -EINVAL;
		}
		memcpy(opt, p, len);
		opt[len] = '\0';
		p += len + (comma ? 1 : 0);
		for (size_t i = 0; i < sizeof(noops) / sizeof(noops[0]); i++)
			if (!strcmp(opt, noops[i]))
				known = true;
		if (known) {
			if (!strcmp(opt, "relatime") || !strcmp(opt, "strictatime") ||
			    !strcmp(opt, "atime"))
				o->noatime = false;
			continue;
		}
		if (!strcmp(opt, "ro")) {
			o->rdonly = true;
		} else if (!strcmp(opt, "rw")) {
			o->rdonly = false;
		} else if (!strcmp(opt, "noatime")) {
			o->noatime = true;
		} else if (!strcmp(opt, "sync")) {
			o->sync = true;
		} else if (!strcmp(opt, "errors=continue")) {
			o->errors = EXT4_ERRORS_CONTINUE;
			o->errors_set = true;
		} else if (!strcmp(opt, "errors=remount-ro")) {
			o->errors = EXT4_ERRORS_RO;
			o->errors_set = true;
		} else if (!strcmp(opt, "errors=panic")) {
			o->errors = EXT4_ERRORS_PANIC;
			o->errors_set = true;
		} else if (!strncmp(opt, "commit=", 7)) {
			/* accepted; the interval stays jbd2's default */
		} else if (!strcmp(opt, "data=journal")) {
			pr_err("EXT4-fs (%s): data=journal is not supported\n", disk);
			return -EINVAL;
		} else {
			pr_err("EXT4-fs (%s): Unrecognized mount option \"%s\" or missing value\n",
			       disk, opt);
			return -EINVAL;
		}
	}
	return 0;
}

/* apply_opts puts the options that live in sb->flags there. */
static void
apply_opts(struct super_block *sb, const struct ext4_opts *o)
{
	sb->flags &= ~(SB_NOATIME | SB_SYNC);
	if (o->noatime)
		sb->flags |= SB_NOATIME;
	if (o->sync)
		sb->flags |= SB_SYNC;
	if (o->errors_set)
		EXT4_SB(sb)->errors = o->errors;
}

/*
 * set_rw switches the library and the superblock between read-only and
 * read-write. To read-only, every dirty page goes first (ext4_remount
 * then syncs and marks the filesystem clean). To read-write, a
 * filesystem the library cannot write is refused with its reason.
 */
static int
set_rw(struct super_block *sb, bool rdonly)
{
	struct ext4_sb *sbi = EXT4_SB(sb);
	int err;

	if (rdonly == !!(sb->flags & SB_RDONLY))
		return 0;
	if (rdonly) {
		err = filemap_write_sb(sb, 0);
		ext4_lock(sbi);
		if (!err)
			err = ext4_remount(sbi->fs, EXT4_MOUNT_RDONLY);
		ext4_unlock(sbi);
		if (err)
			return ext4_vfs_error(sb, err);
		if (sbi->disk->flush)
			sbi->disk->flush(sbi->disk);
		sb->flags |= SB_RDONLY;
		ktimer_cancel(&sbi->timer);
		return 0;
	}
	if (sbi->disk->ro) {
		pr_err("EXT4-fs (%s): write access unavailable, cannot proceed\n", sbi->disk->name);
		return -EROFS;
	}
	ext4_lock(sbi);
	err = ext4_remount(sbi->fs, 0);
	ext4_unlock(sbi);
	if (err) {
		pr_err("EXT4-fs (%s): couldn't remount RDWR: %s\n", sbi->disk->name,
		       ext4_strerror_detail(sbi->fs));
		return err;
	}
	sb->flags &= ~SB_RDONLY;
	sbi->last_commit_ns = ktime_get_ns();
	ktimer_arm(&sbi->timer, sbi->last_commit_ns + COMMIT_INTERVAL_NS);
	return 0;
}

/* ext4_vfs_remount is mount -o remount: the options, then ro or rw. */
static int
ext4_vfs_remount(struct super_block *sb, unsigned long flags, const char *data)
{
	struct ext4_opts o = { .rdonly = flags & MS_RDONLY, .noatime = flags & MS_NOATIME,
			       .sync = flags & MS_SYNCHRONOUS };
	int err = parse_opts(EXT4_SB(sb)->disk->name, data, &o);

	if (err)
		return err;
	err = set_rw(sb, o.rdonly);
	if (err)
		return err;
	apply_opts(sb, &o);
	pr_info("EXT4-fs (%s): re-mounted. Quota mode: none.\n", EXT4_SB(sb)->disk->name);
	return 0;
}

static int
ext4_sync_fs(struct super_block *sb)
{
	return ext4_sync_sb(sb);
}

/* ext4_put_super is the last unmount: everything written, the filesystem left clean. */
static void
ext4_put_super(struct super_block *sb)
{
	struct mount *m;

	list_for_each_entry(m, &mount_list, node)
		if (m->sb == sb)
			return;	/* mounted elsewhere too */
	set_rw(sb, true);
}

static int ext4_mount_ext4(const char *dev, unsigned int flags, const char *data,
			   struct super_block **out);
static int ext4_mount_ext3(const char *dev, unsigned int flags, const char *data,
			   struct super_block **out);
static int ext4_mount_ext2(const char *dev, unsigned int flags, const char *data,
			   struct super_block **out);

/* One driver for the three, as Linux's ext4 serves ext2 and ext3: the type is the name asked. */
static struct fs_type ext4_type = { .name = "ext4", .requires_dev = true, .mount = ext4_mount_ext4 };
static struct fs_type ext3_type = { .name = "ext3", .requires_dev = true, .mount = ext4_mount_ext3 };
static struct fs_type ext2_type = { .name = "ext2", .requires_dev = true, .mount = ext4_mount_ext2 };

/* find_dev finds the disk dev names: a disk name, "98:0", or a block device node's path. */
static int
find_dev(const char *dev, struct gendisk **out)
{
	struct gendisk *disk = dev ? find_disk_by_name(dev) : NULL;
	struct path p;

	if (!disk) {
		if (!dev || kern_path(dev, LOOKUP_FOLLOW, &p))
			return -ENOENT;
		if (S_ISBLK(p.dentry->inode->mode))
			disk = find_disk(p.dentry->inode->rdev);
		path_put(&p);
		if (!disk)
			return -ENOTBLK;
	}
	*out = disk;
	return 0;
}

/*
 * mount_library mounts the library over disk: read-write if asked and
 * possible. A disk or filesystem that cannot be written (a read-only
 * disk, features the library cannot write) mounts read-only with one
 * line saying why, as Linux does for the root.
 */
static int
mount_library(struct ext4_sb *sbi, bool *rdonly)
{
	struct gendisk *disk = sbi->disk;
	int err;

	if (!*rdonly && disk->ro) {
		pr_warn("EXT4-fs (%s): write access unavailable, mounting read-only\n", disk->name);
		*rdonly = true;
	}
	if (!*rdonly) {
		err = ext4_mount(&sbi->bd, 0, &sbi->fs);
		if (err != -EROFS)
			return err;
		pr_warn("EXT4-fs (%s): couldn't mount RDWR (%s): mounting read-only\n", disk->name,
			ext4_strerror_detail(NULL));
		*rdonly = true;
	}
	return ext4_mount(&sbi->bd, EXT4_MOUNT_RDONLY, &sbi->fs);
}

static int
ext4_vfs_mount(const struct fs_type *type, const char *dev, unsigned int flags, const char *data,
	       struct super_block **out)
{
	struct ext4_opts o = { .rdonly = flags & MS_RDONLY, .noatime = flags & MS_NOATIME,
			       .sync = flags & MS_SYNCHRONOUS, .errors = EXT4_ERRORS_RO };
	struct gendisk *disk;
	struct ext4_sb *sbi;
	struct super_block *sb;
	struct inode *root;
	struct ext4_info info;
	int err = find_dev(dev, &disk);

	if (err)
		return err;
	err = parse_opts(disk->name, data, &o);
	if (err)
		return err;
	/* The disk's superblock if it was mounted before: one writer per disk. */
	list_for_each_entry(sbi, &ext4_sbs, node) {
		if (sbi->disk != disk)
			continue;
		err = set_rw(sbi->sb, o.rdonly);
		if (err)
			return err;
		apply_opts(sbi->sb, &o);
		*out = sbi->sb;
		return 0;
	}
	sbi = kzalloc(sizeof(*sbi));
	if (!sbi)
		return -ENOMEM;
	sbi->disk = disk;
	wait_queue_init(&sbi->lock_wait);
	sbi->errors = o.errors;
	sbi->bd.read = disk_read;
	if (disk->write)
		sbi->bd.write = disk_write;
	if (disk->flush)
		sbi->bd.flush = disk_flush;
	sbi->bd.writeback_data = ext4_writeback_data;
	sbi->bd.now = fs_now;
	sbi->bd.ctx = sbi;
	sbi->bd.size = disk->size;
	err = mount_library(sbi, &o.rdonly);
	if (err) {
		const char *why = ext4_strerror_detail(NULL);

		pr_err("EXT4-fs (%s): %s\n", disk->name, why && *why ? why : "can't read the superblock");
		kfree(sbi);
		return err;
	}
	ext4_get_info(sbi->fs, &info);
	if (!o.rdonly && info.block_size > PAGE_SIZE) {
		pr_warn("EXT4-fs (%s): blocks larger than a page cannot be written: mounting read-only\n",
			disk->name);
		ext4_remount(sbi->fs, EXT4_MOUNT_RDONLY);
		o.rdonly = true;
	}
	sb = alloc_super(type);
	if (!sb) {
		ext4_umount(sbi->fs);
		kfree(sbi);
		return -ENOMEM;
	}
	sbi->sb = sb;
	sb->priv = sbi;
	sb->dev = MKDEV(disk->major, disk->minor);
	sb->flags = SB_PAGECACHE | SB_WRITEBACK | SB_OWNER | (o.rdonly ? SB_RDONLY : 0);
	sb->blocksize = info.block_size;
	sb->readpage = ext4_readpage;
	sb->writepages = ext4_writepages;
	sb->page_mkwrite = ext4_page_mkwrite;
	sb->sync_fs = ext4_sync_fs;
	sb->remount = ext4_vfs_remount;
	sb->statfs = ext4_statfs;
	sb->evict = ext4_evict;
	sb->put_super = ext4_put_super;
	apply_opts(sb, &o);
	sbi->timer.fn = ext4_timer;
	if (info.needs_recovery)
		pr_warn("EXT4-fs (%s): journal needs recovery; mounted read-only without replaying it\n",
			disk->name);
	err = ext4_vfs_iget(sb, EXT4_ROOT_INO, &root);
	if (err)
		return err;
	sb->root = d_alloc(NULL, "/", 1);
	if (!sb->root)
		return -ENOMEM;
	sb->root->sb = sb;
	d_instantiate(sb->root, root);
	list_add_tail(&sbi->node, &ext4_sbs);
	if (!o.rdonly) {
		sbi->last_commit_ns = ktime_get_ns();
		ktimer_arm(&sbi->timer, sbi->last_commit_ns + COMMIT_INTERVAL_NS);
	}
	pr_info("EXT4-fs (%s): mounted filesystem %s. Quota mode: none.\n", disk->name,
		o.rdonly ? "read-only" : "with ordered data mode");
	*out = sb;
	return 0;
}

static int
ext4_mount_ext4(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	return ext4_vfs_mount(&ext4_type, dev, flags, data, out);
}

static int
ext4_mount_ext3(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	return ext4_vfs_mount(&ext3_type, dev, flags, data, out);
}

static int
ext4_mount_ext2(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	return ext4_vfs_mount(&ext2_type, dev, flags, data, out);
}

void
ext4_vfs_init(void)
{
	register_filesystem(&ext4_type);
	register_filesystem(&ext3_type);
	register_filesystem(&ext2_type);
}
