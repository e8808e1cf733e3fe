// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-side system call fuzzer: child processes make thousands of system
 * calls with random numbers and hostile arguments (NULL, -1, kernel-half
 * and unmapped addresses, huge lengths). The kernel must answer every one
 * with a result or an errno, never crash or hang. Calls that would end or
 * stop the fuzzer itself, or block for long, are left out. Half the calls
 * go to the socket calls on real sockets of every AF_UNIX type (bound,
 * listening, connected), with hostile addresses, lengths, msghdrs and
 * control messages (socket_call).
 *   fuzz SEED ROUNDS CALLS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned long long
rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static long
arg(void)
{
	switch (rnd() % 8) {
	case 0:
		return 0;
	case 1:
		return -1;
	case 2:
		return (long)(rnd() % 4096);
	case 3:
		return (long)rnd();
	case 4:
		return 0x7ffffffff000L - (long)(rnd() % 65536);
	case 5:
		return 0x400000L + (long)(rnd() % 0x100000);
	case 6:
		return (long)(rnd() % 64);
	default:
		return 1L << (rnd() % 63);
	}
}

/* Calls that end, stop or replace the fuzzer, or wait for long. */
static const int skip[] = {
	7, 13, 14, 15, 23, 34, 35, 37, 38, 56, 57, 58, 59, 60, 61, 62, 72, 101, 130, 169,
	200, 202, 230, 231, 232, 234, 247, 270, 271, 281, 322, 435,
};

static int socks[20], nsocks;

/* make_sockets gives the child sockets to aim at (non-blocking; a call that still blocks meets the alarm). */
static void
make_sockets(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	nsocks = 0;
	for (int i = 0; i < 3; i++) {
		int l = socket(AF_UNIX, types[i] | SOCK_NONBLOCK, 0), c;

		snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "fuzz-%d-%d", getpid(), i);
		bind(l, (struct sockaddr *)&a, sizeof(a));
		listen(l, 4);
		c = socket(AF_UNIX, types[i] | SOCK_NONBLOCK, 0);
		connect(c, (struct sockaddr *)&a, sizeof(a));
		socks[nsocks++] = l;
		socks[nsocks++] = c;
		if (socketpair(AF_UNIX, types[i] | SOCK_NONBLOCK, 0, socks + nsocks) == 0)
			nsocks += 2;
	}
	/* rtnetlink, UDP, TCP (a listener on lo and a connection to it), ICMP. */
	{
		struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
		socklen_t l = sizeof(in);
		int fd;

		if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, 0)) >= 0)
			socks[nsocks++] = fd;
		if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) >= 0)
			socks[nsocks++] = fd;
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0) {
			socks[nsocks++] = fd;
			bind(fd, (struct sockaddr *)&in, sizeof(in));
			listen(fd, 4);
			getsockname(fd, (struct sockaddr *)&in, &l);
			if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0) {
				connect(fd, (struct sockaddr *)&in, sizeof(in));
				socks[nsocks++] = fd;
			}
		}
		if ((fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, 1)) >= 0)
			socks[nsocks++] = fd;
	}
}

/* A hostile msghdr: real or bad buffers, names, iovecs and control messages. */
static struct msghdr *
hostile_msg(void)
{
	static struct msghdr mh;
	static struct iovec iov[4];
	static char buf[4][64], name[128];
	static union {
		char c[256];
		struct cmsghdr h;
	} ctl;

	for (int i = 0; i < 4; i++)
		iov[i] = (struct iovec){ rnd() % 3 ? buf[i] : (void *)arg(), rnd() % 3 ? rnd() % 64 : (size_t)arg() };
	for (unsigned int i = 0; i < sizeof(name); i++)
		name[i] = (char)rnd();
	((struct sockaddr_un *)name)->sun_family = rnd() % 4 ? AF_UNIX : (sa_family_t)rnd();
	if (rnd() % 2)
		name[2] = 0;	/* abstract */
	for (unsigned int i = 0; i < sizeof(ctl.c) / 8; i++)
		((unsigned long long *)ctl.c)[i] = rnd();
	/* Half the time, the buffers hold something like rtnetlink requests (for the netlink socket). */
	if (rnd() % 2)
		for (int i = 0; i < 4; i++) {
			unsigned int *h = (unsigned int *)buf[i];

			h[0] = rnd() % 2 ? (unsigned int)(rnd() % 64) : 64;		/* nlmsg_len */
			h[1] = (unsigned int)(16 + rnd() % 80) | (unsigned int)((rnd() % 0x400) << 16);
			h[2] = (unsigned int)rnd();
			h[3] = 0;
			iov[i].iov_len = rnd() % 65;
		}
	ctl.h.cmsg_level = rnd() % 4 ? SOL_SOCKET : (int)rnd();
	ctl.h.cmsg_type = rnd() % 3 + 1;
	ctl.h.cmsg_len = rnd() % 4 ? CMSG_LEN(rnd() % 48) : (size_t)arg();
	if (ctl.h.cmsg_type == SCM_RIGHTS)
		for (int i = 0; i < 12; i++)
			((int *)CMSG_DATA(&ctl.h))[i] = rnd() % 2 ? socks[rnd() % nsocks] : (int)(rnd() % 40) - 2;
	mh = (struct msghdr){
		.msg_name = rnd() % 2 ? name : (void *)arg(),
		.msg_namelen = rnd() % 3 ? (socklen_t)(rnd() % 112) : (socklen_t)arg(),
		.msg_iov = rnd() % 4 ? iov : (void *)arg(),
		.msg_iovlen = rnd() % 4 ? rnd() % 5 : (size_t)arg(),
		.msg_control = rnd() % 3 ? ctl.c : (void *)arg(),
		.msg_controllen = rnd() % 3 ? rnd() % sizeof(ctl.c) : (size_t)arg(),
		.msg_flags = (int)rnd(),
	};
	return &mh;
}

/* socket_call: one socket call on one of our sockets (or a random fd), with hostile arguments. */
static void
socket_call(void)
{
	static const int nrs[] = { 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 288, 299, 307, 0, 1, 16 };
	long nr = nrs[rnd() % (sizeof(nrs) / sizeof(nrs[0]))];
	long fd = rnd() % 8 ? socks[rnd() % nsocks] : arg();
	long flags = rnd() % 2 ? (long)(rnd() & (MSG_PEEK | MSG_TRUNC | MSG_WAITALL | MSG_CMSG_CLOEXEC | MSG_NOSIGNAL | MSG_OOB | MSG_EOR)) | MSG_DONTWAIT : arg();
	struct msghdr *mh = hostile_msg();
	static struct mmsghdr mm[3];

	switch (nr) {
	case 41:	/* socket */
	case 53:	/* socketpair */
		if (rnd() % 2) {
			int sv[2] = { -1, -1 };
			long r = syscall(nr, rnd() % 2 ? AF_UNIX : arg(), (long)(rnd() % 12) | (rnd() % 2 ? SOCK_NONBLOCK : 0), rnd() % 3 ? 0 : arg(), sv);

			if (nr == 41 && r >= 0)
				close((int)r);
			if (nr == 53 && r == 0) {
				close(sv[0]);
				close(sv[1]);
			}
			return;
		}
		break;
	case 46:	/* sendmsg */
	case 47:	/* recvmsg */
		syscall(nr, fd, rnd() % 4 ? (long)mh : arg(), flags);
		return;
	case 299:	/* recvmmsg */
	case 307:	/* sendmmsg */
		for (int i = 0; i < 3; i++)
			mm[i].msg_hdr = *hostile_msg();
		syscall(nr, fd, rnd() % 4 ? (long)mm : arg(), rnd() % 5, flags, rnd() % 2 ? 0 : arg());
		return;
	case 49:	/* bind */
	case 42:	/* connect */
	case 44:	/* sendto */
		syscall(nr, fd, nr == 44 ? (long)mh->msg_control : (long)mh->msg_name,
			nr == 44 ? (long)(rnd() % 256) : (long)mh->msg_namelen, flags,
			(long)mh->msg_name, (long)mh->msg_namelen);
		return;
	case 43:	/* accept */
	case 288:	/* accept4 */
	case 51:	/* getsockname */
	case 52:	/* getpeername */ {
		int len = rnd() % 2 ? (int)(rnd() % 130) : (int)arg();
		long r = syscall(nr, fd, rnd() % 2 ? (long)mh->msg_name : arg(), rnd() % 3 ? (long)&len : arg(), rnd() % 2 ? (long)SOCK_NONBLOCK : arg());

		if ((nr == 43 || nr == 288) && r >= 0)
			close((int)r);
		return;
	}
	case 54:	/* setsockopt */
	case 55:	/* getsockopt */ {
		int len = (int)(rnd() % 32);

		syscall(nr, fd, rnd() % 3 ? 1 : arg(), rnd() % 3 ? (long)(rnd() % 76) : arg(),
			rnd() % 3 ? (long)mh->msg_control : arg(), nr == 54 ? (long)len : (rnd() % 3 ? (long)&len : arg()));
		return;
	}
	}
	syscall(nr, fd, arg(), arg(), flags, arg(), arg());
}

static int
skipped(long nr)
{
	for (unsigned int i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (skip[i] == nr)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	int rounds, calls;

	if (argc != 4) {
		fprintf(stderr, "usage: fuzz SEED ROUNDS CALLS\n");
		return 2;
	}
	state ^= strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ULL;
	rounds = atoi(argv[2]);
	calls = atoi(argv[3]);
	for (int r = 0; r < rounds; r++) {
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			/*
			 * The console is not the child's: reads of it would
			 * wait for the alarm, and writes would garble the
			 * test's output. /dev/null answers at once.
			 */
			int null = open("/dev/null", O_RDWR);

			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
				if (null > 2)
					close(null);
			}
			alarm(5);
			make_sockets();
			for (int i = 0; i < calls; i++) {
				long nr = (long)(rnd() % 335);

				if (rnd() % 2)
					socket_call();
				else if (!skipped(nr))
					syscall(nr, arg(), arg(), arg(), arg(), arg(), arg());
			}
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid)
			return 1;
	}
	printf("T:fuzz-%s=survived\n", argv[1]);
	return 0;
}
