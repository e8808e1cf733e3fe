/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-internal error codes: the guest's errno values plus the restart
 * codes that signal delivery resolves and the guest never sees.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#include "uapi/errno.h"

#define ERESTARTSYS		512	/* restart if SA_RESTART, else EINTR */
#define ERESTARTNOINTR		513	/* always restart */
#define ERESTARTNOHAND		514	/* restart if no handler ran */
#define ENOIOCTLCMD		515	/* no such ioctl for this device */
#define ERESTART_RESTARTBLOCK	516	/* restart through restart_syscall */

#endif /* KERNEL_ERRNO_H */
