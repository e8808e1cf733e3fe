// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interrupt controller: one host epoll set (arch/um/os/epoll.c) over
 * the fds of the drivers. See include/kernel/irq.h.
 *
 * Interrupts are not asynchronous here: nothing runs a handler when an fd
 * becomes ready. The scheduler polls the set at every tick and preemption
 * point (irq_poll) and sleeps in it when idle (irq_wait), so handlers run
 * in ordinary kernel context, between a task's own steps, and may take no
 * lock because there is nothing to lock against. The epoll cookie is the
 * struct irq itself; an fd is registered at most once.
 */
#include "kernel/irq.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/slab.h"
#include "os.h"

struct irq {
	int fd;
	irq_handler_t handler;
	void *data;
	struct list_head node;
};

static int epfd = -1;
static LIST_HEAD(irqs);

int
irq_init(void)
{
	epfd = os_epoll_create();
	return epfd < 0 ? epfd : 0;
}

int
irq_register(int fd, uint32_t events, irq_handler_t handler, void *data)
{
	struct irq *irq = kzalloc(sizeof(*irq));
	int err;

	if (!irq)
		return -ENOMEM;
	irq->fd = fd;
	irq->handler = handler;
	irq->data = data;
	err = os_epoll_add(epfd, fd, events, (uint64_t)(uintptr_t)irq);
	if (err) {
		kfree(irq);
		return err;
	}
	list_add(&irq->node, &irqs);
	return 0;
}

int
irq_modify(int fd, uint32_t events)
{
	struct irq *irq;

	list_for_each_entry(irq, &irqs, node)
		if (irq->fd == fd)
			return os_epoll_mod(epfd, fd, events, (uint64_t)(uintptr_t)irq);
	return -ENOENT;
}

void
irq_unregister(int fd)
{
	struct irq *irq, *n;

	list_for_each_entry_safe(irq, n, &irqs, node) {
		if (irq->fd == fd) {
			os_epoll_del(epfd, fd);
			list_del(&irq->node);
			kfree(irq);
		}
	}
}

/*
 * irq_dispatch runs the handlers of up to 16 ready fds; more stay ready
 * (epoll is level-triggered) and come at the next poll.
 */
static void
irq_dispatch(int timeout_ms)
{
	struct os_epoll_event ev[16];
	int n = os_epoll_wait(epfd, ev, 16, timeout_ms);

	for (int i = 0; i < n; i++) {
		struct irq *irq = (struct irq *)(uintptr_t)ev[i].data;

		irq->handler(irq->fd, ev[i].events, irq->data);
	}
}

void
irq_poll(void)
{
	if (epfd >= 0)
		irq_dispatch(0);
}

void
irq_wait(int timeout_ms)
{
	if (epfd >= 0)
		irq_dispatch(timeout_ms);
}
