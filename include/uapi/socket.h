/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: the socket families, types, levels, options and message
 * layouts as x86_64 Linux programs see them (glibc's <sys/socket.h>,
 * Linux's <asm-generic/socket.h> and <linux/socket.h>).
 *
 * Structures that hold guest pointers (msghdr, iovec, mmsghdr) spell the
 * pointer as a uint64_t guest address: the kernel never dereferences
 * them, it copies through them.
 */
#ifndef UAPI_SOCKET_H
#define UAPI_SOCKET_H

#include <stdint.h>

typedef unsigned short sa_family_t;
typedef uint32_t socklen_t;

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

/* Large enough for any address family's sockaddr; 8-byte aligned. */
#define _K_SS_MAXSIZE	128
struct sockaddr_storage {
	union {
		struct {
			sa_family_t ss_family;
			char __data[_K_SS_MAXSIZE - sizeof(unsigned short)];
		};
		void *__align;
	};
};

/* Address families (also the protocol families: PF_x == AF_x). */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_AX25		3
#define AF_IPX		4
#define AF_APPLETALK	5
#define AF_NETROM	6
#define AF_BRIDGE	7
#define AF_ATMPVC	8
#define AF_X25		9
#define AF_INET6	10
#define AF_ROSE		11
#define AF_DECnet	12
#define AF_NETBEUI	13
#define AF_SECURITY	14
#define AF_KEY		15
#define AF_NETLINK	16
#define AF_ROUTE	AF_NETLINK
#define AF_PACKET	17
#define AF_ASH		18
#define AF_ECONET	19
#define AF_ATMSVC	20
#define AF_RDS		21
#define AF_SNA		22
#define AF_IRDA		23
#define AF_PPPOX	24
#define AF_WANPIPE	25
#define AF_LLC		26
#define AF_IB		27
#define AF_MPLS		28
#define AF_CAN		29
#define AF_TIPC		30
#define AF_BLUETOOTH	31
#define AF_IUCV		32
#define AF_RXRPC	33
#define AF_ISDN		34
#define AF_PHONET	35
#define AF_IEEE802154	36
#define AF_CAIF		37
#define AF_ALG		38
#define AF_NFC		39
#define AF_VSOCK	40
#define AF_KCM		41
#define AF_QIPCRTR	42
#define AF_SMC		43
#define AF_XDP		44
#define AF_MCTP		45
#define AF_MAX		46

#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6
#define PF_NETLINK	AF_NETLINK
#define PF_PACKET	AF_PACKET

/* Socket types; SOCK_NONBLOCK and SOCK_CLOEXEC may be or'ed in. */
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5
#define SOCK_DCCP	6
#define SOCK_PACKET	10
#define SOCK_TYPE_MASK	0xf
#define SOCK_CLOEXEC	02000000
#define SOCK_NONBLOCK	04000

/* setsockopt levels. */
#define SOL_IP		0
#define SOL_SOCKET	1
#define SOL_TCP		6
#define SOL_UDP		17
#define SOL_IPV6	41
#define SOL_ICMPV6	58
#define SOL_RAW		255
#define SOL_PACKET	263
#define SOL_NETLINK	270

/* SOL_SOCKET options (x86_64: the asm-generic numbering, 64-bit time). */
#define SO_DEBUG			1
#define SO_REUSEADDR			2
#define SO_TYPE				3
#define SO_ERROR			4
#define SO_DONTROUTE			5
#define SO_BROADCAST			6
#define SO_SNDBUF			7
#define SO_RCVBUF			8
#define SO_KEEPALIVE			9
#define SO_OOBINLINE			10
#define SO_NO_CHECK			11
#define SO_PRIORITY			12
#define SO_LINGER			13
#define SO_BSDCOMPAT			14
#define SO_REUSEPORT			15
#define SO_PASSCRED			16
#define SO_PEERCRED			17
#define SO_RCVLOWAT			18
#define SO_SNDLOWAT			19
#define SO_RCVTIMEO_OLD			20
#define SO_SNDTIMEO_OLD			21
#define SO_SECURITY_AUTHENTICATION	22
#define SO_SECURITY_ENCRYPTION_TRANSPORT 23
#define SO_SECURITY_ENCRYPTION_NETWORK	24
#define SO_BINDTODEVICE			25
#define SO_ATTACH_FILTER		26
#define SO_DETACH_FILTER		27
#define SO_GET_FILTER			SO_ATTACH_FILTER
#define SO_PEERNAME			28
#define SO_TIMESTAMP_OLD		29
#define SO_ACCEPTCONN			30
#define SO_PEERSEC			31
#define SO_SNDBUFFORCE			32
#define SO_RCVBUFFORCE			33
#define SO_PASSSEC			34
#define SO_TIMESTAMPNS_OLD		35
#define SO_MARK				36
#define SO_TIMESTAMPING_OLD		37
#define SO_PROTOCOL			38
#define SO_DOMAIN			39
#define SO_RXQ_OVFL			40
#define SO_WIFI_STATUS			41
#define SO_PEEK_OFF			42
#define SO_NOFCS			43
#define SO_LOCK_FILTER			44
#define SO_SELECT_ERR_QUEUE		45
#define SO_BUSY_POLL			46
#define SO_MAX_PACING_RATE		47
#define SO_BPF_EXTENSIONS		48
#define SO_INCOMING_CPU			49
#define SO_ATTACH_BPF			50
#define SO_DETACH_BPF			SO_DETACH_FILTER
#define SO_ATTACH_REUSEPORT_CBPF	51
#define SO_ATTACH_REUSEPORT_EBPF	52
#define SO_CNX_ADVICE			53
#define SO_MEMINFO			55
#define SO_INCOMING_NAPI_ID		56
#define SO_COOKIE			57
#define SO_PEERGROUPS			59
#define SO_ZEROCOPY			60
#define SO_TXTIME			61
#define SO_BINDTOIFINDEX		62
#define SO_TIMESTAMP_NEW		63
#define SO_TIMESTAMPNS_NEW		64
#define SO_TIMESTAMPING_NEW		65
#define SO_RCVTIMEO_NEW			66
#define SO_SNDTIMEO_NEW			67
#define SO_DETACH_REUSEPORT_BPF		68
#define SO_PREFER_BUSY_POLL		69
#define SO_BUSY_POLL_BUDGET		70
#define SO_NETNS_COOKIE			71
#define SO_BUF_LOCK			72
#define SO_RESERVE_MEM			73
#define SO_TXREHASH			74
#define SO_RCVMARK			75
/* On x86_64 the plain names are the _OLD ones (time_t is 64-bit anyway). */
#define SO_RCVTIMEO			SO_RCVTIMEO_OLD
#define SO_SNDTIMEO			SO_SNDTIMEO_OLD
#define SO_TIMESTAMP			SO_TIMESTAMP_OLD
#define SO_TIMESTAMPNS			SO_TIMESTAMPNS_OLD
#define SO_TIMESTAMPING			SO_TIMESTAMPING_OLD

/* Control message types at SOL_SOCKET. */
#define SCM_RIGHTS		1
#define SCM_CREDENTIALS		2
#define SCM_SECURITY		3
#define SCM_TIMESTAMP		SO_TIMESTAMP
#define SCM_TIMESTAMPNS		SO_TIMESTAMPNS
#define SCM_TIMESTAMPING	SO_TIMESTAMPING
#define SCM_WIFI_STATUS		SO_WIFI_STATUS

/* send/recv flags. */
#define MSG_OOB			0x1
#define MSG_PEEK		0x2
#define MSG_DONTROUTE		0x4
#define MSG_CTRUNC		0x8
#define MSG_PROBE		0x10
#define MSG_TRUNC		0x20
#define MSG_DONTWAIT		0x40
#define MSG_EOR			0x80
#define MSG_WAITALL		0x100
#define MSG_FIN			0x200
#define MSG_SYN			0x400
#define MSG_CONFIRM		0x800
#define MSG_RST			0x1000
#define MSG_ERRQUEUE		0x2000
#define MSG_NOSIGNAL		0x4000
#define MSG_MORE		0x8000
#define MSG_WAITFORONE		0x10000
#define MSG_SENDPAGE_NOPOLICY	0x10000
#define MSG_BATCH		0x40000
#define MSG_ZEROCOPY		0x4000000
#define MSG_FASTOPEN		0x20000000
#define MSG_CMSG_CLOEXEC	0x40000000

/* shutdown(2) how. */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

/* listen(2) backlog ceiling (net.core.somaxconn default since Linux 5.4). */
#define SOMAXCONN	4096

struct linger {
	int l_onoff;
	int l_linger;
};

struct ucred {
	uint32_t pid;
	uint32_t uid;
	uint32_t gid;
};

/* struct iovec with a guest address. */
struct user_iovec {
	uint64_t iov_base;
	uint64_t iov_len;
};

/* struct msghdr as the guest lays it out; the pointers are guest addresses. */
struct user_msghdr {
	uint64_t msg_name;
	int msg_namelen;
	int __pad1;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	int msg_flags;
	int __pad2;
};

struct user_mmsghdr {
	struct user_msghdr msg_hdr;
	unsigned int msg_len;
	unsigned int __pad;
};

/* A control message header; data follows at CMSG_ALIGN(sizeof(cmsghdr)). */
struct cmsghdr {
	uint64_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len)	(((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_SPACE(len)	(CMSG_ALIGN(sizeof(struct cmsghdr)) + CMSG_ALIGN(len))
#define CMSG_LEN(len)	(CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))

#endif /* UAPI_SOCKET_H */
