/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: epoll(7) events, epoll_ctl(2) operations and struct epoll_event (x86_64: packed). */
#ifndef UAPI_EVENTPOLL_H
#define UAPI_EVENTPOLL_H

#include <stdint.h>

#define EPOLLIN		0x001
#define EPOLLPRI	0x002
#define EPOLLOUT	0x004
#define EPOLLERR	0x008
#define EPOLLHUP	0x010
#define EPOLLRDNORM	0x040
#define EPOLLWRNORM	0x100
#define EPOLLRDHUP	0x2000
#define EPOLLONESHOT	(1u << 30)
#define EPOLLET		(1u << 31)

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

/* On x86_64 the 64-bit data follows the events word with no padding. */
struct epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

#endif /* UAPI_EVENTPOLL_H */
