// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory system calls: brk, mmap and friends, on kernel/mm. Their
 * addresses are places in the address space to map or unmap, not memory
 * the kernel reads, so they stay numbers (as Linux's unsigned long).
 */
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

/* sys_brk implements brk(2). */
SYSCALL_DEFINE1(brk, uint64_t, brk)
{
	return do_brk(current->mm, brk);
}

/* sys_mmap implements mmap(2). */
SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, int, prot, int, flags, int, fd,
		uint64_t, off)
{
	struct file *f = NULL;

	if (!(flags & MAP_ANONYMOUS)) {
		f = fget(fd);
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
		} else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
			   (f->flags & O_ACCMODE) != O_RDWR) {
			return -EACCES;
		} else if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
			   S_ISREG(f->inode->mode) && !inode_cacheable(f->inode)) {
			/*
			 * Writes through a shared mapping reach a file only from
			 * the page cache; a file whose data is not kept there
			 * (procfs) would lose them: ENODEV, Linux's answer for a
			 * file it cannot map so.
			 */
			return -ENODEV;
		}
	}
	return do_mmap(current->mm, addr, len, prot, flags, f, off);
}

/* sys_munmap implements munmap(2). */
SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
{
	return do_munmap(current->mm, addr, len);
}

/* sys_mprotect implements mprotect(2). */
SYSCALL_DEFINE3(mprotect, uint64_t, addr, uint64_t, len, int, prot)
{
	return do_mprotect(current->mm, addr, len, prot);
}

/* sys_mremap implements mremap(2). */
SYSCALL_DEFINE5(mremap, uint64_t, old_addr, uint64_t, old_len, uint64_t, new_len, int, flags,
		uint64_t, new_addr)
{
	return do_mremap(current->mm, old_addr, old_len, new_len, flags, new_addr);
}

/*
 * sys_madvise implements madvise(2): MADV_DONTNEED frees, the rest are
 * hints. The advice is compared in all 64 bits, as it always was here.
 */
SYSCALL_DEFINE3(madvise, uint64_t, addr, uint64_t, len, uint64_t, advice)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (advice == MADV_DONTNEED)
		return do_madvise_dontneed(current->mm, addr, len);
	return 0;
}

/*
 * sys_msync implements msync(2) with Linux's checks: MS_SYNC writes each
 * shared file mapping of the range back and makes it durable (the file's
 * fsync); MS_ASYNC has nothing to start (the dirty pages are in the page
 * cache already, written by the periodic writeback). A hole in the range
 * is ENOMEM, after the rest was done.
 */
SYSCALL_DEFINE3(msync, uint64_t, addr, uint64_t, len, int, flags)
{
	struct mm_struct *mm = current->mm;
	uint64_t end, start = addr;
	int err = 0;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = addr + len;
	if (end < addr)
		return -ENOMEM;
	while (start < end) {
		struct vma *v = find_vma(mm, start);

		if (!v)
			return -ENOMEM;
		if (start < v->start) {
			err = -ENOMEM;
			start = v->start;
			if (start >= end)
				break;
		}
		if ((flags & MS_SYNC) && v->file && (v->flags & VM_SHARED)) {
			int e = vfs_fsync(v->file);

			if (e)
				return e;
		}
		start = v->end;
	}
	return err;
}
