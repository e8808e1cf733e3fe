/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: SIOCADDRT/SIOCDELRT's struct rtentry and RTF_* (<linux/route.h>). */
#ifndef UAPI_ROUTE_H
#define UAPI_ROUTE_H

#include <stdint.h>
#include "uapi/socket.h"

struct rtentry {
	unsigned long rt_pad1;
	struct sockaddr rt_dst;
	struct sockaddr rt_gateway;
	struct sockaddr rt_genmask;
	unsigned short rt_flags;	/* RTF_* */
	short rt_pad2;
	unsigned long rt_pad3;
	uint64_t rt_pad4;		/* a guest pointer, unused */
	short rt_metric;		/* +1 for binary compatibility */
	uint64_t rt_dev;		/* guest address of a device name, or 0 */
	unsigned long rt_mtu;
	unsigned long rt_window;
	unsigned short rt_irtt;
};

#define RTF_UP		0x0001
#define RTF_GATEWAY	0x0002
#define RTF_HOST	0x0004
#define RTF_REINSTATE	0x0008
#define RTF_DYNAMIC	0x0010
#define RTF_MODIFIED	0x0020
#define RTF_MTU		0x0040
#define RTF_MSS		RTF_MTU
#define RTF_WINDOW	0x0080
#define RTF_IRTT	0x0100
#define RTF_REJECT	0x0200

#endif /* UAPI_ROUTE_H */
