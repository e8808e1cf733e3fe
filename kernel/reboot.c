// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of the machine, the generic half: reboot(2), and what must
 * happen before the kernel process ends or starts again whatever the arch:
 * the guest stops running (machine_shutdown), every filesystem is
 * written back and left clean (fs_shutdown) and the disks get what was
 * written (blk_sync_all). The arch then ends the process or re-runs it
 * (arch/um/kernel/reboot.c).
 */
#include "kernel/blkdev.h"
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "uapi/reboot.h"

static void
kernel_shutdown_prepare(void)
{
	machine_shutdown();
	fs_shutdown();
	blk_sync_all();
}

void
kernel_power_off(int status)
{
	kernel_shutdown_prepare();
	machine_power_off(status);
}

void
kernel_restart(void)
{
	kernel_shutdown_prepare();
	machine_restart();
}

/*
 * sys_reboot implements reboot(2): halt and power-off end the kernel,
 * restart re-runs it. The second magic number is not checked.
 */
SYSCALL_DEFINE3(reboot, uint32_t, magic1, uint32_t, magic2, uint32_t, cmd)
{
	(void)magic2;
	if (current->cred.euid != 0)
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1)
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_HALT:
		pr_notice("reboot: System halted\n");
		kernel_power_off(0);
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_notice("reboot: Power down\n");
		kernel_power_off(0);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_notice("reboot: Restarting system\n");
		kernel_restart();
	}
	return -EINVAL;
}
