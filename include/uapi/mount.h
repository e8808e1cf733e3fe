/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: mount(2) flags, as x86_64 Linux programs see them. */
#ifndef UAPI_MOUNT_H
#define UAPI_MOUNT_H

#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_REMOUNT	32
#define MS_BIND		4096

#endif /* UAPI_MOUNT_H */
