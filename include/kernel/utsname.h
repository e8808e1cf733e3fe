/* SPDX-License-Identifier: GPL-2.0-only */
/* The system's names as uname(2) reports them. */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

extern struct new_utsname utsname;

#endif /* KERNEL_UTSNAME_H */
