/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: wait4(2) and waitid(2) options and waitid's id types, as x86_64 Linux programs see them. */
#ifndef UAPI_WAIT_H
#define UAPI_WAIT_H

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* waitid(2)'s idtype. */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2

#endif /* UAPI_WAIT_H */
