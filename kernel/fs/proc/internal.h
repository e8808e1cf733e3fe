/* SPDX-License-Identifier: GPL-2.0-only */
/* What proc.c shares with proc_sysctl.c. */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

struct inode;
struct super_block;

extern struct super_block *proc_sb;

/* proc_sys_root makes the inode of /proc/sys. */
struct inode *proc_sys_root(void);

#endif /* KERNEL_FS_PROC_INTERNAL_H */
