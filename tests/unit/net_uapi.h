/* SPDX-License-Identifier: GPL-2.0-only */
/* The tables test_net_uapi.c compares (see net_uapi_consts.h). */
#ifndef TEST_NET_UAPI_H
#define TEST_NET_UAPI_H

#include <stddef.h>

struct uapi_entry {
	const char *name;
	long long value;
};

extern const struct uapi_entry net_uapi_ours_consts[], net_uapi_host_consts[];
extern const struct uapi_entry net_uapi_ours_glibc[], net_uapi_host_glibc[];
extern const struct uapi_entry net_uapi_ours_layout[], net_uapi_host_layout[];
extern const struct uapi_entry net_uapi_ours_glibc_layout[], net_uapi_host_glibc_layout[];
extern const size_t net_uapi_nconsts, net_uapi_nglibc, net_uapi_nlayout, net_uapi_nglibc_layout;

#endif
