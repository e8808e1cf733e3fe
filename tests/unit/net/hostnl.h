/* SPDX-License-Identifier: GPL-2.0-only */
/* A host NETLINK_ROUTE socket for the tests (hostnl.c). */
#ifndef TEST_HOSTNL_H
#define TEST_HOSTNL_H

#include <stddef.h>
#include <stdint.h>

int hostnl_open(uint32_t *pid);		/* -1 if the host has none for us */
long hostnl_send(int s, const void *buf, size_t len);
long hostnl_recv(int s, void *buf, size_t len);
int hostnl_cap_ack(int s);
void hostnl_close(int s);

#endif
