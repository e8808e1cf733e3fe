/* SPDX-License-Identifier: GPL-2.0-only */
/* The management console server (arch/um/kernel/mconsole.c). */
#ifndef KERNEL_MCONSOLE_H
#define KERNEL_MCONSOLE_H

/* mconsole_init binds <uml_dir>/<umid>/mconsole and serves it from the irq set. */
void mconsole_init(void);
/* mconsole_notify_panic tells the mconsole=notify: socket, if any, of a panic. */
void mconsole_notify_panic(const char *msg);

#endif /* KERNEL_MCONSOLE_H */
