/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: mount(2) flags, as x86_64 Linux programs see them. */
#ifndef UAPI_MOUNT_H
#define UAPI_MOUNT_H

#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_BIND		4096
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_LAZYTIME	(1 << 25)

/* umount2(2) flags. */
#define MNT_FORCE	1
#define MNT_DETACH	2

#endif /* UAPI_MOUNT_H */
