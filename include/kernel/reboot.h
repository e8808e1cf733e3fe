/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of the machine: halt, power off and restart. The kernel is a
 * host process: powering off ends it with a status, restarting runs it
 * again in place with the same command line. kernel/reboot.c does what
 * every arch needs first; the machine_*() functions are the arch's
 * (arch/um/kernel/reboot.c).
 */
#ifndef KERNEL_REBOOT_H
#define KERNEL_REBOOT_H

/* kernel_power_off syncs the disks and ends the kernel process with status (halt, poweroff: 0). */
void kernel_power_off(int status) __attribute__((noreturn));
/* kernel_restart syncs the disks and re-runs the kernel with the same command line (reboot). */
void kernel_restart(void) __attribute__((noreturn));

/* machine_shutdown stops every guest process for good (their host processes end). */
void machine_shutdown(void);
/* machine_power_off lets the drivers go and ends the kernel process with status. */
void machine_power_off(int status) __attribute__((noreturn));
/* machine_restart lets the drivers go and runs the kernel again from the start. */
void machine_restart(void) __attribute__((noreturn));
/*
 * machine_halt ends the kernel process now with status, the host terminal
 * put back and nothing else done (a panic: nothing is trusted to work).
 */
void machine_halt(int status) __attribute__((noreturn));

#endif /* KERNEL_REBOOT_H */
