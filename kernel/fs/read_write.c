// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading and writing open files: the checks every read and write makes
 * (the file's access mode, directories), then the file's own operation;
 * and seeking. The system calls (kernel/syscalls/sys_file.c) bound each
 * call and split it into steps; here one step is one call of the file's
 * operation.
 */
#include <string.h>

#include "kernel/fs.h"

/*
 * read_allowed and write_allowed: the access mode the file was opened
 * with decides, not the inode's permissions now (those were checked at
 * open); an O_PATH file does neither.
 */
static int
read_allowed(struct file *f)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_PATH))
		return -EBADF;
	if (S_ISDIR(f->inode->mode))
		return -EISDIR;
	return 0;
}

static int
write_allowed(struct file *f)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))
		return -EBADF;
	return 0;
}

int64_t
vfs_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	int err = read_allowed(f);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, len, pos);
}

int64_t
vfs_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	int err = write_allowed(f);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, buf, len, pos);
}

int64_t
vfs_read_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	int err = read_allowed(f);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->read_user)
		return -EINVAL;
	return f->f_op->read_user(f, ubuf, len, pos);
}

int64_t
vfs_write_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	int err = write_allowed(f);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->write_user)
		return -EINVAL;
	return f->f_op->write_user(f, ubuf, len, pos);
}

/*
 * kernel_read is the kernel's own read (exec reading a program, the
 * loader its headers): no access mode check, no file position moved.
 */
int64_t
kernel_read(struct file *f, void *buf, size_t len, uint64_t off)
{
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, buf, len, &off);
}

bool
seek_base(const struct file *f, int whence, uint64_t size, int64_t *base)
{
	switch (whence) {
	case SEEK_SET:
		*base = 0;
		return true;
	case SEEK_CUR:
		*base = (int64_t)f->pos;
		return true;
	case SEEK_END:
		*base = (int64_t)size;
		return true;
	}
	return false;
}

/*
 * generic_llseek: SEEK_DATA and SEEK_HOLE know no holes (the whole file is
 * data, its end the one hole), which is what Linux answers for a
 * filesystem that does not track them.
 */
int64_t
generic_llseek(struct file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_DATA:
		if ((uint64_t)off >= f->inode->size)
			return -ENXIO;
		base = 0;
		break;
	case SEEK_HOLE:
		if ((uint64_t)off >= f->inode->size)
			return -ENXIO;
		base = 0;
		off = (int64_t)f->inode->size;
		break;
	default:
		if (!seek_base(f, whence, f->inode->size, &base))
			return -EINVAL;
	}
	/* Past 2^63 - 1 or below 0 is EINVAL (Linux's 64-bit sum would wrap negative). */
	if (__builtin_add_overflow(base, off, &base) || base < 0)
		return -EINVAL;
	f->pos = (uint64_t)base;
	return (int64_t)f->pos;
}

/* simple_read serves a read from a buffer the file made in advance (procfs, sysfs-like files). */
int64_t
simple_read(void *to, size_t len, uint64_t *pos, const void *from, size_t avail)
{
	if (*pos >= avail)
		return 0;
	if (len > avail - *pos)
		len = avail - *pos;
	memcpy(to, (const char *)from + *pos, len);
	*pos += len;
	return (int64_t)len;
}
