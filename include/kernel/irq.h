/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts: host fds (console, NICs, mconsole) are the interrupt lines,
 * one epoll set is the interrupt controller. A driver registers a handler
 * for an fd; irq_poll() and irq_wait() call the handlers of ready fds, which
 * typically wake tasks. Handlers run on whatever kernel stack is current and
 * must not sleep.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

struct irq;
typedef void (*irq_handler_t)(int fd, uint32_t events, void *data);

/* irq_init creates the interrupt controller; 0 or -errno. */
int irq_init(void);
/* irq_register calls handler(fd, events, data) whenever fd is ready for events. */
int irq_register(int fd, uint32_t events, irq_handler_t handler, void *data);
/* irq_modify changes the events watched on a registered fd. */
int irq_modify(int fd, uint32_t events);
/* irq_unregister stops watching fd. */
void irq_unregister(int fd);
/* irq_poll runs the handlers of fds ready now, without waiting. */
void irq_poll(void);
/* irq_wait waits up to timeout_ms (-1 forever) for an event or a tick, then runs handlers. */
void irq_wait(int timeout_ms);

#endif /* KERNEL_IRQ_H */
