// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, the interrupt controller: one epoll set watches every host fd
 * a driver cares about (console, NIC sockets, mconsole). The kernel sleeps in
 * os_epoll_wait() when nothing is runnable; a tick makes it return -EINTR.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "os.h"

_Static_assert(OS_EPOLLIN == EPOLLIN && OS_EPOLLOUT == EPOLLOUT &&
	       OS_EPOLLERR == EPOLLERR && OS_EPOLLHUP == EPOLLHUP &&
	       OS_EPOLLRDHUP == EPOLLRDHUP, "OS_EPOLL* match the host");

int
os_epoll_create(void)
{
	int fd = epoll_create1(EPOLL_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int
epoll_op(int epfd, int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(epfd, op, fd, &ev) < 0 ? -errno : 0;
}

int
os_epoll_add(int epfd, int fd, uint32_t events, uint64_t data)
{
	return epoll_op(epfd, EPOLL_CTL_ADD, fd, events, data);
}

int
os_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data)
{
	return epoll_op(epfd, EPOLL_CTL_MOD, fd, events, data);
}

int
os_epoll_del(int epfd, int fd)
{
	return epoll_op(epfd, EPOLL_CTL_DEL, fd, 0, 0);
}

int
os_epoll_wait(int epfd, struct os_epoll_event *ev, int max, int timeout_ms)
{
	struct epoll_event host[64];
	int i, n;

	if (max <= 0)
		return -EINVAL;
	if (max > 64)
		max = 64;
	n = epoll_wait(epfd, host, max, timeout_ms);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		ev[i].events = host[i].events;
		ev[i].data = host[i].data.u64;
	}
	return n;
}
