// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mount system calls: mount(2) (new mounts and remounts) and umount2(2),
 * root's only. The mount tree itself is kernel/fs/super.c's.
 */
#include "kernel/blkdev.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

/* sys_mount implements mount(2); a NULL source, type or data is an empty string. */
SYSCALL_DEFINE5(mount, uaddr_t, dev_name, uaddr_t, dir_name, uaddr_t, type, uint64_t, flags,
		uaddr_t, data)
{
	char *ksrc = NULL, *ktarget = NULL, *ktype = NULL, *kdata = NULL;
	struct path p;
	int64_t err = -ENOMEM;

	if (current->cred.euid != 0)
		return -EPERM;
	ktarget = kmalloc(PATH_MAX);
	ksrc = kmalloc(PATH_MAX);
	ktype = kmalloc(64);
	kdata = kmalloc(PAGE_SIZE);
	if (!ktarget || !ksrc || !ktype || !kdata)
		goto out;
	*ksrc = *ktype = *kdata = '\0';
	err = strncpy_from_user(ktarget, dir_name, PATH_MAX);
	if (err >= 0 && !uaddr_is_null(dev_name))
		err = strncpy_from_user(ksrc, dev_name, PATH_MAX);
	if (err >= 0 && !uaddr_is_null(type))
		err = strncpy_from_user(ktype, type, 64);
	if (err >= 0 && !uaddr_is_null(data))
		err = strncpy_from_user(kdata, data, PAGE_SIZE);
	if (err < 0)
		goto out;
	err = path_lookup(AT_FDCWD, ktarget, LOOKUP_FOLLOW, &p);
	if (err)
		goto out;
	if (flags & MS_REMOUNT) {
		err = do_remount(&p, (unsigned long)flags, kdata);
	} else if (flags & MS_BIND) {
		err = -EINVAL;
	} else {
		err = do_mount(ksrc, &p, ktype, (unsigned long)flags, kdata);
	}
	path_put(&p);
out:
	kfree(ktarget);
	kfree(ksrc);
	kfree(ktype);
	kfree(kdata);
	return err;
}

/* sys_umount2 implements umount2(2). */
SYSCALL_DEFINE2(umount2, uaddr_t, name, int, flags)
{
	char *target = kmalloc(PATH_MAX);
	struct path p;
	int64_t err;

	if (!target)
		return -ENOMEM;
	if (current->cred.euid != 0) {
		kfree(target);
		return -EPERM;
	}
	err = strncpy_from_user(target, name, PATH_MAX);
	if (err >= 0)
		err = path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW, &p);
	kfree(target);
	if (err)
		return err;
	err = do_umount(&p, flags);
	path_put(&p);
	if (!err)
		blk_unmounted();	/* loop devices with autoclear let go of their file */
	return err;
}
