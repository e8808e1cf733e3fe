/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel entry points the host side calls. main() (arch/um/os/main.c)
 * makes the machine with os_*() and trap_init(), then hands over to the
 * kernel here and never gets control back: the kernel ends the process
 * itself (os_exit, os_reexec).
 */
#ifndef UM_SHARED_KERN_UTIL_H
#define UM_SHARED_KERN_UTIL_H

#include <stdint.h>

struct um_config;

/*
 * linux_main boots the kernel on physmem [physmem_base, +physmem_size)
 * with the parsed command line cfg, which must outlive the kernel
 * (arch/um/kernel/setup.c).
 */
void linux_main(struct um_config *cfg, void *physmem_base, uint64_t physmem_size)
	__attribute__((noreturn));

#endif /* UM_SHARED_KERN_UTIL_H */
