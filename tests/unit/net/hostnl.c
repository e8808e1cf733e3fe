/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's netlink socket for test_net_netlink.c, in its own file so
 * that glibc's <sys/socket.h> never meets umk's uapi headers.
 */
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>
#include "hostnl.h"

int
hostnl_open(uint32_t *pid)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t sl = sizeof(sa);

	if (s < 0)
		return -1;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(s, (struct sockaddr *)&sa, &sl)) {
		close(s);
		return -1;
	}
	*pid = sa.nl_pid;
	return s;
}

long
hostnl_send(int s, const void *buf, size_t len)
{
	return send(s, buf, len, 0);
}

long
hostnl_recv(int s, void *buf, size_t len)
{
	return recv(s, buf, len, 0);
}

int
hostnl_cap_ack(int s)
{
	int one = 1;

	return setsockopt(s, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

void
hostnl_close(int s)
{
	close(s);
}
