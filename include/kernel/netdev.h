/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's network stack and its interfaces (kernel/net/netdev.c):
 * the protocol library's one inet_stack, `lo`, the interface ioctls, and
 * the rtnetlink notifications (kernel/net/af_netlink.c). A network driver
 * fills a struct net_if and calls netdev_register; after any library call
 * that may arm a timer, netdev_kick re-arms the stack's kernel timer.
 */
#ifndef KERNEL_NETDEV_H
#define KERNEL_NETDEV_H

#include <stdint.h>

#include "kernel/net/inet.h"

extern struct inet_stack net_stack;

/* net_now: the library's clock (CLOCK_MONOTONIC ns). */
uint64_t net_now(void);
void netdev_kick(void);
int netdev_register(struct net_if *ifp);
/* netdev_set_flags sets the user-settable IFF_* flags (lo gets 127.0.0.1/8 when it comes up). */
int netdev_set_flags(struct net_if *ifp, unsigned int flags);
/* netdev_ioctl answers the device ioctls on any socket; -ENOIOCTLCMD otherwise. */
int netdev_ioctl(unsigned int cmd, uint64_t arg);
/* netdev_inet_ioctl answers the IPv4 address and route ioctls (AF_INET sockets only). */
int netdev_inet_ioctl(unsigned int cmd, uint64_t arg);
void net_dev_init(void);
/*
 * fib_sorted gives every IPv4 route in the order Linux lists them (tables
 * by id, then as its trie walks: key ascending, longer prefix first); the
 * caller kfrees the array. Count 0 with NULL when there are none.
 */
struct fib_route;
size_t fib_sorted(struct fib_route ***out);
void af_netlink_init(void);
void af_inet_init(void);
/* netdev_show writes /proc/net/dev. */
size_t netdev_show(char *buf, size_t size);
/* if_inet6_show writes /proc/net/if_inet6. */
size_t if_inet6_show(char *buf, size_t size);
/* /proc/net/tcp, udp, raw (af_inet.c). */
size_t proc_net_tcp_show(char *buf, size_t size);
size_t proc_net_udp_show(char *buf, size_t size);
size_t proc_net_raw_show(char *buf, size_t size);
size_t proc_net_tcp6_show(char *buf, size_t size);
size_t proc_net_udp6_show(char *buf, size_t size);
size_t proc_net_route_show(char *buf, size_t size);
/* rtnetlink groups: the stack's change notifications (inet_stack_ops.notify, notify6). */
void rtnl_notify4(int type, const void *obj, struct net_if *ifp);
void rtnl_notify6(int type, const void *obj, struct net_if *ifp);

#endif /* KERNEL_NETDEV_H */
