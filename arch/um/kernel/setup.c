// SPDX-License-Identifier: GPL-2.0-only
/*
 * From the host's main() to the generic kernel: main() (arch/um/os/main.c)
 * has parsed the command line and made the machine; here the kernel side
 * takes it over. The parsed configuration stays the arch's (um_cfg: the
 * UML drivers find their devices there); the generic kernel gets the
 * parts every Linux has, in struct boot_params. Until the console driver
 * registers, kernel messages go to the host's stderr.
 */
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kern_util.h"
#include "os.h"
#include "um_params.h"

struct um_config *um_cfg;

/* early_console_write prints kernel messages before the console exists. */
static void
early_console_write(const char *s, size_t len)
{
	os_write(2, s, len);
}

void
linux_main(struct um_config *cfg, void *physmem_base, uint64_t physmem_size)
{
	static struct boot_params bp;

	um_cfg = cfg;
	printk_set_console(early_console_write);
	bp = (struct boot_params){
		.mem_base = physmem_base,
		.mem_size = physmem_size,
		.cmdline = cfg->cmdline,
		.root = cfg->root,
		.rootfstype = cfg->rootfstype,
		.rootflags = cfg->rootflags,
		.root_rw = cfg->root_rw,
		.quiet = cfg->quiet,
		.loglevel = cfg->loglevel,
		.unknown_msg = cfg->unknown_msg,
		.init = &cfg->init,
	};
	start_kernel(&bp);
}
