/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: poll(2) event bits of x86_64 Linux (epoll's are the same numbers). */
#ifndef UAPI_POLL_H
#define UAPI_POLL_H

#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLRDBAND	0x080
#define POLLWRNORM	0x100
#define POLLWRBAND	0x200
#define POLLRDHUP	0x2000

#include <stdint.h>

/* poll(2)'s array element. */
struct pollfd {
	int32_t fd;
	int16_t events, revents;
};

#endif /* UAPI_POLL_H */
