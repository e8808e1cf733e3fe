/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of the machine: halt, power off and restart (kernel/reboot.c),
 * and reboot(2). The kernel is a host process: powering off ends it with
 * a status, restarting runs it again in place with the same command line.
 */
#ifndef KERNEL_REBOOT_H
#define KERNEL_REBOOT_H

/* kernel_power_off syncs the disks and ends the kernel process with status (halt, poweroff: 0). */
void kernel_power_off(int status) __attribute__((noreturn));
/* kernel_restart syncs the disks and re-runs the kernel with the same command line (reboot). */
void kernel_restart(void) __attribute__((noreturn));

#endif /* KERNEL_REBOOT_H */
