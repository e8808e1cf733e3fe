// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of the machine, the arch's half. The guest's processes are host
 * processes (one per address space), so stopping the guest is ending
 * them; powering off is ending the kernel process itself, after the
 * drivers have let go of their host resources (the ubd files synced and
 * closed, the host terminal back as it was); restarting is running the
 * `linux` program again in this process with the same command line.
 */
#include "kernel/blkdev.h"
#include "kernel/mm.h"
#include "kernel/reboot.h"
#include "kernel/sched.h"
#include "kernel/tty.h"
#include "os.h"
#include "trap.h"

void
machine_shutdown(void)
{
	struct task *t;

	for_each_task(t) {
		if (t->mm && t->mm->ctx) {
			host_mm_destroy(t->mm->ctx);
			t->mm->ctx = NULL;
		}
	}
}

void
machine_halt(int status)
{
	console_restore();
	os_exit(status);
}

void
machine_power_off(int status)
{
	ubd_exit();
	machine_halt(status);
}

void
machine_restart(void)
{
	ubd_exit();
	console_restore();
	os_reexec();
}
