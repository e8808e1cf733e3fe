// SPDX-License-Identifier: GPL-2.0-only
/* Memory system calls: brk, mmap and friends, on kernel/mm. */
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

/* sys_brk implements brk(2). */
SYSCALL_DEFINE(brk)
{
	UNUSED_ARGS();
	return do_brk(current->mm, a0);
}

/* sys_mmap implements mmap(2). */
SYSCALL_DEFINE(mmap)
{
	struct file *f = NULL;
	int flags = (int)a3;

	UNUSED_ARGS();
	if (!(flags & MAP_ANONYMOUS)) {
		f = fget((int)a4);
		if (!f)
			return -EBADF;
		if (!S_ISREG(f->inode->mode) && !S_ISBLK(f->inode->mode) && !S_ISCHR(f->inode->mode))
			return -ENODEV;
		if (S_ISCHR(f->inode->mode) && MAJOR(f->inode->rdev) == 1 &&
		    MINOR(f->inode->rdev) == 5) {
			f = NULL;	/* /dev/zero: anonymous memory */
			flags |= MAP_ANONYMOUS;
		} else if ((f->flags & O_ACCMODE) == O_WRONLY) {
			return -EACCES;
		} else if ((flags & MAP_TYPE) == MAP_SHARED && (a2 & PROT_WRITE) &&
			   (f->flags & O_ACCMODE) != O_RDWR) {
			return -EACCES;
		}
	}
	return do_mmap(current->mm, a0, a1, (int)a2, flags, f, a5);
}

/* sys_munmap implements munmap(2). */
SYSCALL_DEFINE(munmap)
{
	UNUSED_ARGS();
	return do_munmap(current->mm, a0, a1);
}

/* sys_mprotect implements mprotect(2). */
SYSCALL_DEFINE(mprotect)
{
	UNUSED_ARGS();
	return do_mprotect(current->mm, a0, a1, (int)a2);
}

/* sys_mremap implements mremap(2). */
SYSCALL_DEFINE(mremap)
{
	UNUSED_ARGS();
	return do_mremap(current->mm, a0, a1, a2, (int)a3, a4);
}

/* sys_madvise implements madvise(2): MADV_DONTNEED frees, the rest are hints. */
SYSCALL_DEFINE(madvise)
{
	UNUSED_ARGS();
	if (a0 & ~PAGE_MASK)
		return -EINVAL;
	if (a2 == 4 /* MADV_DONTNEED */)
		return do_madvise_dontneed(current->mm, a0, a1);
	return 0;
}

/* sys_msync implements msync(2). */
SYSCALL_DEFINE(msync)
{
	UNUSED_ARGS();
	return (a0 & ~PAGE_MASK) ? -EINVAL : 0;
}
