// SPDX-License-Identifier: GPL-2.0-only
/*
 * ext4 in the VFS: the glue between the on-disk library in this directory
 * (include/kernel/ext4.h) and inodes, dentries and files. Read-only for now:
 * the library writes (ext4_create, ext4_get_blocks, ext4_commit, ...), but
 * this glue does not call it yet, so every ext4 mount is read-only and
 * "mount -o remount,rw" is refused with EROFS.
 *
 * Ownership: a VFS inode of an ext4 filesystem holds the library's
 * ext4_inode as its priv, freed when the VFS evicts the inode; the
 * superblock holds the ext4_fs. File data is read through the page cache
 * (SB_PAGECACHE: readpage fills a page, mmap and read() share it), so the
 * library's own block cache holds only metadata.
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/err.h"
#include "kernel/ext4.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/slab.h"

static const struct inode_operations ext4_dir_iops;
static const struct inode_operations ext4_file_iops;
static const struct inode_operations ext4_link_iops;
static const struct file_operations ext4_dir_fops;
static const struct file_operations ext4_file_fops;

/* sb_ext4 is the ext4 library's filesystem behind a VFS superblock. */
static struct ext4_fs *
sb_ext4(struct super_block *sb)
{
	return sb->priv;
}

/* kts_of converts an on-disk time to the VFS's. */
static struct kts
kts_of(struct ext4_timespec t)
{
	struct kts k = { t.sec, t.nsec };

	return k;
}

/*
 * ext4_vfs_iget gives the VFS inode of ino, with a reference for the
 * caller. An inode already in memory (on the superblock's list) is
 * shared, so there is one VFS inode per ext4 inode: its page cache and
 * file locks must be one too.
 */
static int
ext4_vfs_iget(struct super_block *sb, uint32_t ino, struct inode **out)
{
	struct inode *inode;
	struct ext4_inode *ei;
	int err;

	list_for_each_entry(inode, &sb->inodes, sb_node) {
		if (inode->ino == ino) {
			inode_get(inode);
			*out = inode;
			return 0;
		}
	}
	err = ext4_iget(sb_ext4(sb), ino, &ei);
	if (err)
		return err;
	inode = new_inode(sb);
	if (!inode) {
		ext4_iput(ei);
		return -ENOMEM;
	}
	inode->ino = ino;
	inode->priv = ei;
	inode->mode = ei->st.mode;
	inode->uid = ei->st.uid;
	inode->gid = ei->st.gid;
	inode->nlink = ei->st.nlink;
	inode->size = ei->st.size;
	inode->blocks = ei->st.blocks;
	inode->atime = kts_of(ei->st.atime);
	inode->mtime = kts_of(ei->st.mtime);
	inode->ctime = kts_of(ei->st.ctime);
	inode->btime = kts_of(ei->st.crtime);
	switch (inode->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &ext4_dir_iops;
		inode->i_fop = &ext4_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &ext4_file_iops;
		inode->i_fop = &ext4_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &ext4_link_iops;
		break;
	default:
		init_special_inode(inode, inode->mode,
				   MKDEV(ei->st.rdev_major, ei->st.rdev_minor));
		break;
	}
	*out = inode;
	return 0;
}

static void
ext4_evict(struct inode *inode)
{
	ext4_iput(inode->priv);
}

static int
ext4_vfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t ino;
	int err = ext4_lookup(sb_ext4(dir->sb), dir->priv, name, len, &ino);

	if (err)
		return err;
	return ext4_vfs_iget(dir->sb, ino, out);
}

/* ext4_vfs_readlink reads the whole target (up to PATH_MAX) and gives the caller what fits. */
static int
ext4_vfs_readlink(struct inode *inode, char *buf, size_t len)
{
	char *tmp = kmalloc(PATH_MAX + 1);
	int n;

	if (!tmp)
		return -ENOMEM;
	n = ext4_readlink(sb_ext4(inode->sb), inode->priv, tmp, PATH_MAX + 1);
	if (n >= 0) {
		if ((size_t)n > len)
			n = (int)len;
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	return n;
}

/* ext4_readpage fills one page cache page; holes and the tail past EOF read as zeros. */
static int64_t
ext4_readpage(struct inode *inode, void *buf, uint64_t off)
{
	return ext4_read(sb_ext4(inode->sb), inode->priv, off, buf, PAGE_SIZE);
}

/*
 * ext4_vfs_iterate: the library's directory positions are opaque and
 * resumable, so they are getdents' positions as they are. An entry the
 * reader's buffer has no room for is not consumed (the position stays on
 * it) and comes first in the next call.
 */
static int
ext4_vfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct ext4_dirent *de = kmalloc(sizeof(*de));
	uint64_t pos = ctx->pos, next;
	int r;

	if (!de)
		return -ENOMEM;
	for (;;) {
		next = pos;
		r = ext4_readdir(sb_ext4(f->inode->sb), f->inode->priv, &next, de);
		if (r <= 0)
			break;
		if (!ctx->actor(ctx, de->name, de->name_len, de->ino, ext4_dt_type(de->type)))
			break;
		pos = next;
		ctx->pos = pos;
	}
	kfree(de);
	return r < 0 ? r : 0;
}

static const struct inode_operations ext4_dir_iops = { .lookup = ext4_vfs_lookup };
static const struct inode_operations ext4_file_iops = { 0 };
static const struct inode_operations ext4_link_iops = { .readlink = ext4_vfs_readlink };
static const struct file_operations ext4_dir_fops = { .iterate = ext4_vfs_iterate };
static const struct file_operations ext4_file_fops = {
	.read = filemap_read,
	.llseek = generic_llseek,
};

/* disk_read is the library's block reader: the disk (struct gendisk) under the mount. */
static int
disk_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct gendisk *d = ctx;

	return d->read(d, off, buf, len);
}

static int
ext4_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext4_info info;

	ext4_get_info(sb_ext4(sb), &info);
	memset(st, 0, sizeof(*st));
	st->type = 0xEF53;
	st->bsize = st->frsize = info.block_size;
	st->blocks = info.blocks_count;
	st->bfree = info.free_blocks;
	st->bavail = info.free_blocks > info.reserved_blocks ?
			     info.free_blocks - info.reserved_blocks : 0;
	st->files = info.inodes_count;
	st->ffree = info.free_inodes;
	st->namelen = EXT4_NAME_MAX;
	return 0;
}

static int
ext4_vfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out);

static struct fs_type ext4_type = { .name = "ext4", .requires_dev = true, .mount = ext4_vfs_mount };
static struct fs_type ext3_type = { .name = "ext3", .requires_dev = true, .mount = ext4_vfs_mount };
static struct fs_type ext2_type = { .name = "ext2", .requires_dev = true, .mount = ext4_vfs_mount };

/*
 * ext4_vfs_mount mounts the disk dev names (a disk name, "98:0", or a
 * block device node's path) read-only; ext2, ext3 and ext4 are the same
 * type here, as the library reads all three. A journal that needs
 * recovery is not replayed: the mount goes on, with a warning, since
 * nothing will be written.
 */
static int
ext4_vfs_mount(const char *dev, unsigned int flags, const char *data, struct super_block **out)
{
	struct gendisk *disk = dev ? find_disk_by_name(dev) : NULL;
	struct ext4_blockdev *bd;
	struct super_block *sb;
	struct ext4_fs *fs = NULL;
	struct inode *root;
	int err;

	(void)data;
	if (!disk) {
		struct path p;

		/* A device node path: find the disk by its number. */
		if (!dev || kern_path(dev, LOOKUP_FOLLOW, &p))
			return -ENOENT;
		if (S_ISBLK(p.dentry->inode->mode))
			disk = find_disk(p.dentry->inode->rdev);
		path_put(&p);
		if (!disk)
			return -ENOTBLK;
	}
	if (!(flags & MS_RDONLY))
		return -EROFS;	/* no write path yet */
	bd = kzalloc(sizeof(*bd));
	if (!bd)
		return -ENOMEM;
	bd->read = disk_read;
	bd->ctx = disk;
	bd->size = disk->size;
	err = ext4_mount(bd, EXT4_MOUNT_RDONLY, &fs);
	if (err) {
		const char *why = ext4_strerror_detail(NULL);

		pr_err("EXT4-fs (%s): %s\n", disk->name, why && *why ? why : "can't read the superblock");
		kfree(bd);
		return err;
	}
	sb = alloc_super(&ext4_type);
	if (!sb)
		return -ENOMEM;
	sb->priv = fs;
	sb->dev = MKDEV(disk->major, disk->minor);
	sb->flags = SB_RDONLY | SB_NOWRITE | SB_PAGECACHE;
	sb->readpage = ext4_readpage;
	sb->statfs = ext4_statfs;
	sb->evict = ext4_evict;
	{
		struct ext4_info info;

		ext4_get_info(fs, &info);
		sb->blocksize = info.block_size;
		if (info.needs_recovery)
			pr_warn("EXT4-fs (%s): journal needs recovery; mounted read-only without replaying it\n",
				disk->name);
	}
	err = ext4_vfs_iget(sb, EXT4_ROOT_INO, &root);
	if (err)
		return err;
	sb->root = d_alloc(NULL, "/", 1);
	if (!sb->root)
		return -ENOMEM;
	sb->root->sb = sb;
	d_instantiate(sb->root, root);
	pr_info("EXT4-fs (%s): mounted filesystem read-only\n", disk->name);
	*out = sb;
	return 0;
}

void
ext4_vfs_init(void)
{
	register_filesystem(&ext4_type);
	register_filesystem(&ext3_type);
	register_filesystem(&ext2_type);
}
