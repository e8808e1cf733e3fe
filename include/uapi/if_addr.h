/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: RTM_*ADDR messages and their attributes (<linux/if_addr.h>). */
#ifndef UAPI_IF_ADDR_H
#define UAPI_IF_ADDR_H

#include <stdint.h>

struct ifaddrmsg {
	uint8_t ifa_family;
	uint8_t ifa_prefixlen;
	uint8_t ifa_flags;	/* IFA_F_* (low 8 bits; all in IFA_FLAGS) */
	uint8_t ifa_scope;	/* RT_SCOPE_* */
	uint32_t ifa_index;
};

enum {
	IFA_UNSPEC,
	IFA_ADDRESS,
	IFA_LOCAL,
	IFA_LABEL,
	IFA_BROADCAST,
	IFA_ANYCAST,
	IFA_CACHEINFO,
	IFA_MULTICAST,
	IFA_FLAGS,
	IFA_RT_PRIORITY,
	IFA_TARGET_NETNSID,
	IFA_PROTO,
	__IFA_MAX,
};
#define IFA_MAX (__IFA_MAX - 1)

#define IFA_F_SECONDARY		0x01
#define IFA_F_TEMPORARY		IFA_F_SECONDARY
#define IFA_F_NODAD		0x02
#define IFA_F_OPTIMISTIC	0x04
#define IFA_F_DADFAILED		0x08
#define IFA_F_HOMEADDRESS	0x10
#define IFA_F_DEPRECATED	0x20
#define IFA_F_TENTATIVE		0x40
#define IFA_F_PERMANENT		0x80
#define IFA_F_MANAGETEMPADDR	0x100
#define IFA_F_NOPREFIXROUTE	0x200
#define IFA_F_MCAUTOJOIN	0x400
#define IFA_F_STABLE_PRIVACY	0x800

struct ifa_cacheinfo {
	uint32_t ifa_prefered;	/* seconds; 0xffffffff: forever */
	uint32_t ifa_valid;
	uint32_t cstamp;	/* created, hundredths of a second since boot */
	uint32_t tstamp;	/* updated */
};

#endif /* UAPI_IF_ADDR_H */
