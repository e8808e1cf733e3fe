/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: AF_UNIX addresses (<linux/un.h>). */
#ifndef UAPI_UN_H
#define UAPI_UN_H

#include "uapi/socket.h"

#define UNIX_PATH_MAX	108

struct sockaddr_un {
	sa_family_t sun_family;
	char sun_path[UNIX_PATH_MAX];
};

#endif /* UAPI_UN_H */
