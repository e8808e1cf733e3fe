// SPDX-License-Identifier: GPL-2.0-only
/*
 * Anonymous files: file descriptors that are no file in any filesystem
 * (epoll sets, eventfds, timerfds). Each gets an inode of its own, on no
 * superblock, that lives as long as its file; the object behind it is the
 * file's private data, freed by the file operations' release.
 */
#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/slab.h"

int64_t
anon_inode_getfd(const struct file_operations *fop, void *priv, int flags)
{
	struct inode *inode = new_inode(NULL);
	struct file *f;
	int fd;

	if (!inode) {
		f = ERR_PTR(-ENOMEM);
	} else {
		inode->mode = 0600;
		inode->ino = (uint64_t)(uintptr_t)inode >> 4;
		f = alloc_file(NULL, inode, O_RDWR | (flags & O_NONBLOCK), fop);
		inode_put(inode);
	}
	if (IS_ERR(f)) {
		kfree(priv);
		return PTR_ERR(f);
	}
	f->priv = priv;
	fd = fd_install(f, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);	/* its release frees priv */
	return fd;
}
