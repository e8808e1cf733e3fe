// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_UNIX sockets and the socket system calls, checked by what they
 * return: each line is "T:<check>=<result>", the result a count, a value
 * or an errno name, so sockets.out beside this file holds Linux's answers
 * (the boot test, tests/boot/sockets.sh, runs this on the host first and
 * then in the guest, and both must print exactly sockets.out).
 * Covered: socket/socketpair/bind/connect/listen/accept(4) and their
 * errors, path, abstract and autobound names, stream/dgram/seqpacket data
 * rules (boundaries, MSG_PEEK/TRUNC/WAITALL/DONTWAIT, shutdown, EOF,
 * EPIPE and SIGPIPE, ECONNRESET, ECONNREFUSED), the dgram queue limit,
 * timeouts and signals (EINTR, SA_RESTART), SCM_RIGHTS and
 * SCM_CREDENTIALS, SO_PEERCRED and the SOL_SOCKET options, poll, epoll,
 * select, readv/writev, sendmmsg/recvmmsg, /proc/net/unix, bad pointers.
 *   sockets DIR      (DIR: an empty writable directory for socket files)
 *   sockets gc N     (N rounds of fd-passing cycles, then exit: for leak checks)
 *   sockets limits   (datagrams a fresh receiver queues, connections a
 *                     listen(100) queues: net.unix.max_dgram_qlen + 1 and
 *                     net.core.somaxconn + 1, for the sysctl checks)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

static const char *dir;
static volatile int sigpipes, alarms;
#define BAD ((void *)8)

/* r: the result of a call as the test prints it. */
static const char *
r(long v)
{
	static char buf[8][64];
	static int i;
	char *b = buf[i++ % 8];

	if (v < 0)
		snprintf(b, 64, "%s", strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	else
		snprintf(b, 64, "%ld", v);
	return b;
}

#define T(name, fmt, ...) do { printf("T:%s=" fmt "\n", name, __VA_ARGS__); fflush(stdout); } while (0)
#define TR(name, call) T(name, "%s", r((long)(call)))

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static socklen_t
mkaddr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path, sizeof(a->sun_path), "%s/%s", dir, name);
	return offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1;
}

/* mkabs: an abstract name "\0umk-<name>" (length without a trailing NUL). */
static socklen_t
mkabs(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "umk-%d-%s", getpid(), name);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a->sun_path + 1);
}

static void
on_sigpipe(int s)
{
	(void)s;
	sigpipes++;
}

static void
on_alarm(int s)
{
	(void)s;
	alarms++;
}

static void
handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static int
getint(int fd, int opt)
{
	int v = -12345;
	socklen_t l = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, opt, &v, &l) < 0)
		return -errno - 1000;
	return v;
}

static void
test_create(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct stat st;

	fstat(fd, &st);
	T("create-stream", "%s", fd >= 0 ? "ok" : r(fd));
	T("fstat-mode", "%s %o", S_ISSOCK(st.st_mode) ? "sock" : "other", st.st_mode & 07777);
	TR("fstat-size", st.st_size);
	T("so-type", "%d", getint(fd, SO_TYPE));
	T("so-domain", "%d", getint(fd, SO_DOMAIN));
	T("so-protocol", "%d", getint(fd, SO_PROTOCOL));
	T("so-error", "%d", getint(fd, SO_ERROR));
	T("so-acceptconn", "%d", getint(fd, SO_ACCEPTCONN));
	T("so-passcred", "%d", getint(fd, SO_PASSCRED));
	T("so-peek-off", "%d", getint(fd, SO_PEEK_OFF));
	T("so-sndlowat", "%d", getint(fd, SO_SNDLOWAT));
	T("so-rcvlowat", "%d", getint(fd, SO_RCVLOWAT));
	{
		int v = 10000;

		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
		T("so-bufs-doubled", "%d %d", getint(fd, SO_SNDBUF), getint(fd, SO_RCVBUF));
	}
	{
		struct timeval tv = { 1, 500000 }, got;
		socklen_t l = sizeof(got);

		TR("rcvtimeo-set", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
		getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &got, &l);
		T("rcvtimeo-get", "%ld.%06ld len %u", (long)got.tv_sec, (long)got.tv_usec, l);
		tv.tv_usec = 1000000;
		TR("rcvtimeo-edom", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
		TR("rcvtimeo-short", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, 8));
		tv.tv_sec = -1;
		tv.tv_usec = 0;
		TR("sndtimeo-negative", setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
		l = sizeof(got);
		getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &got, &l);
		T("sndtimeo-negative-get", "%ld.%06ld", (long)got.tv_sec, (long)got.tv_usec);
	}
	{
		int v = 1;
		socklen_t l = 2;
		struct linger lg = { 1, 5 };

		TR("getsockopt-unknown", getsockopt(fd, SOL_SOCKET, 999, &v, &l));
		TR("getsockopt-level", getsockopt(fd, 99, 1, &v, &l));
		TR("setsockopt-tcp-level", setsockopt(fd, 6 /* SOL_TCP */, 1, &v, sizeof(v)));
		TR("setsockopt-short", setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &v, 2));
		TR("setsockopt-efault", setsockopt(fd, SOL_SOCKET, SO_PASSCRED, BAD, 4));
		TR("setsockopt-type", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, 4));
		l = 2;
		TR("getsockopt-len2", getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &l));
		T("getsockopt-len2-out", "%u", l);
		l = (socklen_t)-1;
		TR("getsockopt-neglen", getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &l));
		TR("getsockopt-lenfault", getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, BAD));
		TR("linger-set", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
		memset(&lg, 0, sizeof(lg));
		l = sizeof(lg);
		getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &l);
		T("linger-get", "%d %d", lg.l_onoff, lg.l_linger);
	}
	close(fd);

	TR("family-neg", socket(-1, SOCK_STREAM, 0));
	TR("family-max", socket(AF_MAX, SOCK_STREAM, 0));
	TR("family-1000", socket(1000, SOCK_STREAM, 0));
	TR("type-99", socket(AF_UNIX, 99, 0));
	TR("type-11", socket(AF_UNIX, 11, 0));
	TR("type-rdm", socket(AF_UNIX, SOCK_RDM, 0));
	TR("type-packet", socket(AF_UNIX, SOCK_PACKET, 0));
	TR("type-badflag", socket(AF_UNIX, SOCK_STREAM | 0x10000, 0));
	TR("proto-5", socket(AF_UNIX, SOCK_STREAM, 5));
	fd = socket(AF_UNIX, SOCK_STREAM, AF_UNIX);
	T("proto-unix", "%s", fd >= 0 ? "ok" : r(fd));
	close(fd);
	fd = socket(AF_UNIX, SOCK_RAW, 0);
	T("raw-is-dgram", "%d", getint(fd, SO_TYPE));
	close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	T("flags", "%d %d", !!(fcntl(fd, F_GETFL) & O_NONBLOCK), !!(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	{
		char path[64], link[64] = "";

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		struct stat s2;

		fstat(fd, &s2);
		if (readlink(path, link, sizeof(link) - 1) < 0)
			strcpy(link, "?");
		snprintf(path, sizeof(path), "socket:[%lu]", (unsigned long)s2.st_ino);
		T("proc-fd-link", "%d", strcmp(path, link) == 0);
	}
	close(fd);
	TR("socketpair-efault", socketpair(AF_UNIX, SOCK_STREAM, 0, BAD));
	{
		int pv[2];

		TR("socketpair-badtype", socketpair(AF_UNIX, 7, 0, pv));
	}
}

static void
test_notsock(void)
{
	int p[2], v = 0;
	struct sockaddr_un a;
	socklen_t l = sizeof(a);
	char c;

	pipe(p);
	mkaddr(&a, "x");
	TR("bind-notsock", bind(p[0], (struct sockaddr *)&a, sizeof(a)));
	TR("bind-ebadf", bind(-1, (struct sockaddr *)&a, sizeof(a)));
	TR("connect-notsock", connect(p[0], (struct sockaddr *)&a, sizeof(a)));
	TR("connect-notsock-badlen", connect(p[0], (struct sockaddr *)&a, 1000));
	TR("listen-notsock", listen(p[0], 1));
	TR("accept-notsock", accept(p[0], NULL, NULL));
	TR("accept4-notsock-badflags", accept4(p[0], NULL, NULL, 0x1234));
	TR("getsockname-notsock", getsockname(p[0], (struct sockaddr *)&a, &l));
	TR("getsockopt-notsock", getsockopt(p[0], SOL_SOCKET, SO_TYPE, &v, &l));
	TR("setsockopt-negative-ebadf", setsockopt(-1, SOL_SOCKET, SO_TYPE, &v, -1));
	TR("shutdown-notsock", shutdown(p[0], SHUT_RD));
	TR("sendto-notsock", sendto(p[1], "x", 1, 0, NULL, 0));
	TR("recvfrom-notsock", recvfrom(p[0], &c, 1, MSG_DONTWAIT, NULL, NULL));
	TR("sendmsg-ebadf", sendmsg(-1, &(struct msghdr){ 0 }, 0));
	TR("sendmmsg-notsock", sendmmsg(p[1], NULL, 0, 0));
	close(p[0]);
	close(p[1]);
}

static void
test_names(void)
{
	int s1 = socket(AF_UNIX, SOCK_STREAM, 0), s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	int s3 = socket(AF_UNIX, SOCK_DGRAM, 0), s4 = socket(AF_UNIX, SOCK_STREAM, 0), fd;
	struct sockaddr_un a, b, got;
	socklen_t la = mkaddr(&a, "named"), lb, l;
	struct stat st;

	l = sizeof(got);
	TR("getsockname-unbound", getsockname(s1, (struct sockaddr *)&got, &l));
	T("getsockname-unbound-len", "%u", l);
	TR("bind-path", bind(s1, (struct sockaddr *)&a, sizeof(a)));
	stat(a.sun_path, &st);
	T("bind-node", "%s", S_ISSOCK(st.st_mode) ? "sock" : "other");
	l = sizeof(got);
	getsockname(s1, (struct sockaddr *)&got, &l);
	T("getsockname-path", "%d %d", l == la, strcmp(got.sun_path, a.sun_path) == 0);
	TR("bind-inuse", bind(s2, (struct sockaddr *)&a, sizeof(a)));
	lb = mkaddr(&b, "second");
	TR("bind-again", bind(s1, (struct sockaddr *)&b, lb));
	T("bind-again-no-node", "%s", r(stat(b.sun_path, &st)));
	TR("bind-len1", bind(s2, (struct sockaddr *)&b, 1));
	TR("bind-len200", bind(s2, (struct sockaddr *)&b, 200));
	TR("bind-len-neg", bind(s2, (struct sockaddr *)&b, -1));
	b.sun_family = AF_INET;
	TR("bind-family", bind(s2, (struct sockaddr *)&b, lb));
	TR("bind-efault", bind(s2, BAD, 20));
	mkaddr(&b, "nodir/sock");
	TR("bind-nodir", bind(s2, (struct sockaddr *)&b, sizeof(b)));
	TR("open-socket-node", open(a.sun_path, O_RDWR));
	fd = open(a.sun_path, O_PATH);
	T("open-path-socket-node", "%s", fd >= 0 ? "ok" : r(fd));
	close(fd);

	lb = mkabs(&b, "abs");
	TR("bind-abstract", bind(s2, (struct sockaddr *)&b, lb));
	l = sizeof(got);
	getsockname(s2, (struct sockaddr *)&got, &l);
	T("getsockname-abstract", "%d %d", l == lb, memcmp(&got, &b, lb) == 0);
	TR("bind-abstract-inuse", bind(s4, (struct sockaddr *)&b, lb));
	TR("bind-abstract-other-type", bind(s3, (struct sockaddr *)&b, lb));
	close(s3);
	s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
	TR("autobind", bind(s3, (struct sockaddr *)&(sa_family_t){ AF_UNIX }, sizeof(sa_family_t)));
	l = sizeof(got);
	getsockname(s3, (struct sockaddr *)&got, &l);
	{
		int hex = 1;

		for (int i = 1; i < 6; i++)
			hex &= strchr("0123456789abcdef", got.sun_path[i]) != NULL && got.sun_path[i];
		T("autobind-name", "len %u nul %d hex %d", l, got.sun_path[0] == 0, hex);
	}
	TR("autobind-again", bind(s3, (struct sockaddr *)&(sa_family_t){ AF_UNIX }, sizeof(sa_family_t)));
	close(s1);
	close(s2);
	close(s3);
	close(s4);
	/* The node outlives the socket: a new bind there is EADDRINUSE until it is removed. */
	s1 = socket(AF_UNIX, SOCK_STREAM, 0);
	TR("bind-stale-node", bind(s1, (struct sockaddr *)&a, la));
	unlink(a.sun_path);
	TR("bind-after-unlink", bind(s1, (struct sockaddr *)&a, la));
	close(s1);
	unlink(a.sun_path);
}

static void
test_stream_connect(void)
{
	int srv = socket(AF_UNIX, SOCK_STREAM, 0), c1, c2, c3, a1, a2, v, fd;
	struct sockaddr_un a, b, got;
	socklen_t la = mkaddr(&a, "srv"), l;
	struct ucred cr;
	struct pollfd pfd;
	char buf[16];

	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	TR("connect-enoent", connect(c1, (struct sockaddr *)&a, la));
	TR("listen-unbound", listen(srv, 1));
	bind(srv, (struct sockaddr *)&a, la);
	TR("connect-not-listening", connect(c1, (struct sockaddr *)&a, la));
	TR("accept-not-listening", accept(srv, NULL, NULL));
	TR("connect-len2", connect(c1, (struct sockaddr *)&a, 2));
	TR("connect-efault", connect(c1, BAD, la));
	mkaddr(&b, "file");
	close(open(b.sun_path, O_CREAT | O_WRONLY, 0666));
	TR("connect-regular-file", connect(c1, (struct sockaddr *)&b, sizeof(b)));
	unlink(b.sun_path);
	TR("listen", listen(srv, 1));
	TR("listen-again", listen(srv, 5));
	TR("listen-1", listen(srv, 1));
	T("acceptconn", "%d", getint(srv, SO_ACCEPTCONN));
	pfd = (struct pollfd){ srv, POLLIN | POLLOUT, 0 };
	TR("poll-listener-empty", poll(&pfd, 1, 0));
	T("poll-listener-empty-rev", "%#x", pfd.revents);
	pfd = (struct pollfd){ c1, POLLIN | POLLOUT, 0 };
	poll(&pfd, 1, 0);
	T("poll-unconnected-rev", "%#x", pfd.revents);
	fcntl(srv, F_SETFL, O_NONBLOCK);
	TR("accept-eagain", accept(srv, NULL, NULL));
	TR("accept4-badflags", accept4(srv, NULL, NULL, 0x1234));
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	TR("connect-1", connect(c1, (struct sockaddr *)&a, la));
	TR("connect-2", connect(c2, (struct sockaddr *)&a, la));
	TR("connect-3-backlog-full", connect(c3, (struct sockaddr *)&a, la));
	T("client-acceptconn", "%d", getint(c1, SO_ACCEPTCONN));
	TR("write-before-accept", write(c1, "hello", 5));
	pfd = (struct pollfd){ srv, POLLIN, 0 };
	poll(&pfd, 1, 0);
	T("poll-listener-pending", "%#x", pfd.revents);
	{
		int iq = -1;

		TR("siocinq-listener", ioctl(srv, FIONREAD, &iq));
	}
	l = sizeof(got);
	a1 = accept(srv, (struct sockaddr *)&got, &l);
	T("accept", "%s", a1 >= 0 ? "ok" : r(a1));
	T("accept-peer-len", "%u", l);
	T("accept-inherits-nonblock", "%d", !!(fcntl(a1, F_GETFL) & O_NONBLOCK));
	memset(buf, 0, sizeof(buf));
	TR("read-before-accept-data", read(a1, buf, sizeof(buf)));
	T("read-before-accept-bytes", "%s", buf);
	l = sizeof(got);
	getsockname(a1, (struct sockaddr *)&got, &l);
	T("accepted-sockname", "%d %d", l == la, strcmp(got.sun_path, a.sun_path) == 0);
	l = sizeof(got);
	getpeername(c1, (struct sockaddr *)&got, &l);
	T("client-peername", "%d %d", l == la, strcmp(got.sun_path, a.sun_path) == 0);
	l = sizeof(cr);
	getsockopt(a1, SOL_SOCKET, SO_PEERCRED, &cr, &l);
	T("peercred-accepted", "%d %d %d %u", cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid(), l);
	l = sizeof(cr);
	getsockopt(c1, SOL_SOCKET, SO_PEERCRED, &cr, &l);
	T("peercred-client", "%d %d %d", cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());
	l = sizeof(cr);
	getsockopt(c3, SOL_SOCKET, SO_PEERCRED, &cr, &l);
	T("peercred-unconnected", "%d %d %d", cr.pid, (int)cr.uid, (int)cr.gid);
	l = 4;
	getsockopt(a1, SOL_SOCKET, SO_PEERCRED, &cr, &l);
	T("peercred-short", "%u", l);
	l = sizeof(got);
	TR("peername-unconnected", getpeername(c3, (struct sockaddr *)&got, &l));
	l = sizeof(got);
	TR("peername-efault-len", getpeername(c1, (struct sockaddr *)&got, BAD));
	l = 3;
	TR("peername-short", getpeername(c1, (struct sockaddr *)&got, &l));
	T("peername-short-len", "%d", (int)l == la);
	l = sizeof(got);
	a2 = accept4(srv, (struct sockaddr *)&got, &l, SOCK_CLOEXEC);
	T("accept4", "%s %d %d", a2 >= 0 ? "ok" : r(a2), !!(fcntl(a2, F_GETFD) & FD_CLOEXEC),
	  !!(fcntl(a2, F_GETFL) & O_NONBLOCK));
	TR("connect-isconn", connect(c1, (struct sockaddr *)&a, la));
	TR("connect-isconn-enoent", connect(c1, (struct sockaddr *)&b, sizeof(b)));
	TR("connect-listener", connect(srv, (struct sockaddr *)&a, la));
	/* Room again: c3 can connect now. */
	TR("connect-after-accept", connect(c3, (struct sockaddr *)&a, la));
	fd = accept(srv, NULL, NULL);
	T("accept-3", "%s", fd >= 0 ? "ok" : r(fd));
	close(fd);
	TR("recv-unconnected", recv(socket(AF_UNIX, SOCK_STREAM, 0), buf, 1, MSG_DONTWAIT));
	v = sigpipes;
	TR("send-unconnected", send(socket(AF_UNIX, SOCK_STREAM, 0), buf, 1, 0));
	T("send-unconnected-sigpipe", "%d", sigpipes - v);
	TR("sendto-stream-addr", sendto(c1, "x", 1, 0, (struct sockaddr *)&a, la));
	TR("sendto-stream-unconnected-addr", sendto(socket(AF_UNIX, SOCK_STREAM, 0), "x", 1, 0,
						    (struct sockaddr *)&a, la));
	close(c1);
	close(c2);
	close(c3);
	close(a1);
	close(a2);
	/* A closed listener refuses; its pending connections are reset. */
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c1, (struct sockaddr *)&a, la);
	close(srv);
	TR("pending-reset-read", read(c1, buf, 1));
	close(c1);
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	TR("connect-closed-listener", connect(c1, (struct sockaddr *)&a, la));
	v = socket(AF_UNIX, SOCK_DGRAM, 0);
	unlink(a.sun_path);
	bind(v, (struct sockaddr *)&a, la);
	TR("connect-prototype", connect(c1, (struct sockaddr *)&a, la));
	close(v);
	close(c1);
	unlink(a.sun_path);
}

static void
test_stream_data(void)
{
	int sv[2], n, v;
	char buf[64];
	struct pollfd pfd;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "ab", 2);
	write(sv[0], "cd", 2);
	write(sv[0], "ef", 2);
	ioctl(sv[1], FIONREAD, &n);
	T("fionread-stream", "%d", n);
	memset(buf, 0, sizeof(buf));
	TR("peek-stream", recv(sv[1], buf, 3, MSG_PEEK));
	T("peek-stream-data", "%s", buf);
	memset(buf, 0, sizeof(buf));
	TR("read-stream-glued", read(sv[1], buf, sizeof(buf)));
	T("read-stream-data", "%s", buf);
	TR("recv-dontwait-empty", recv(sv[1], buf, 1, MSG_DONTWAIT));
	TR("read-zero", read(sv[1], buf, 0));
	TR("write-zero", write(sv[0], buf, 0));
	ioctl(sv[1], FIONREAD, &n);
	T("fionread-after-zero-write", "%d", n);
	{
		struct iovec iov[3] = { { "12", 2 }, { "", 0 }, { "345", 3 } }, in[2];
		char x[3] = "", y[8] = "";

		TR("writev-stream", writev(sv[0], iov, 3));
		in[0] = (struct iovec){ x, 2 };
		in[1] = (struct iovec){ y, 7 };
		TR("readv-stream", readv(sv[1], in, 2));
		T("readv-stream-data", "%.2s|%s", x, y);
	}
	/* MSG_WAITALL gathers two writes of a child. */
	if (fork() == 0) {
		write(sv[0], "abc", 3);
		usleep(100000);
		write(sv[0], "def", 3);
		_exit(0);
	}
	memset(buf, 0, sizeof(buf));
	TR("recv-waitall", recv(sv[1], buf, 6, MSG_WAITALL));
	wait(NULL);
	/* A bad buffer: EFAULT, the data stays. */
	write(sv[0], "zz", 2);
	TR("recv-efault", recv(sv[1], BAD, 2, 0));
	TR("recv-after-efault", recv(sv[1], buf, 2, 0));
	TR("send-efault", send(sv[0], BAD, 2, 0));
	/* shutdown: EOF for the reader, EPIPE and SIGPIPE for the writer. */
	TR("shutdown-bad", shutdown(sv[0], 3));
	TR("shutdown-wr", shutdown(sv[0], SHUT_WR));
	TR("read-eof", read(sv[1], buf, 1));
	pfd = (struct pollfd){ sv[1], POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&pfd, 1, 0);
	T("poll-after-peer-shut-wr", "%#x", pfd.revents);
	v = sigpipes;
	TR("write-after-shut-wr", write(sv[0], "x", 1));
	T("sigpipe-count", "%d", sigpipes - v);
	TR("send-nosignal", send(sv[0], "x", 1, MSG_NOSIGNAL));
	T("sigpipe-nosignal", "%d", sigpipes - v);
	TR("peer-can-still-write", write(sv[1], "y", 1));
	TR("shut-wr-side-reads", read(sv[0], buf, 1));
	close(sv[0]);
	close(sv[1]);

	/* A peer closing with data unread resets; without, EOF and EPIPE. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "unread", 6);
	close(sv[1]);
	TR("read-reset", read(sv[0], buf, 1));
	T("so-error-after-reset", "%d", getint(sv[0], SO_ERROR));
	TR("read-after-reset", read(sv[0], buf, 1));
	close(sv[0]);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	pfd = (struct pollfd){ sv[0], POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&pfd, 1, 0);
	T("poll-peer-closed", "%#x", pfd.revents);
	TR("read-peer-closed", read(sv[0], buf, 1));
	v = sigpipes;
	TR("write-peer-closed", write(sv[0], "x", 1));
	T("write-peer-closed-sigpipe", "%d", sigpipes - v);
	{
		struct sockaddr_un got;
		socklen_t l = sizeof(got);

		TR("peername-after-peer-close", getpeername(sv[0], (struct sockaddr *)&got, &l));
	}
	close(sv[0]);

	/* A megabyte through a child: blocking both ways, nothing lost or reordered. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	if (fork() == 0) {
		static unsigned char out[65536];
		close(sv[1]);
		for (int i = 0; i < 16; i++) {
			for (int j = 0; j < (int)sizeof(out); j++)
				out[j] = (unsigned char)(i * 7 + j);
			for (int off = 0; off < (int)sizeof(out);) {
				int w = write(sv[0], out + off, sizeof(out) - off);

				if (w <= 0)
					_exit(1);
				off += w;
			}
		}
		_exit(0);
	}
	close(sv[0]);
	{
		static unsigned char in[8192];
		long total = 0, bad = 0;

		for (;;) {
			int got = read(sv[1], in, sizeof(in));

			if (got <= 0)
				break;
			for (int j = 0; j < got; j++, total++)
				if (in[j] != (unsigned char)((total / 65536) * 7 + total % 65536))
					bad++;
		}
		wait(&v);
		T("bulk-stream", "%ld bad %ld child %d", total, bad, WEXITSTATUS(v));
	}
	close(sv[1]);

	/* Send timeout on a full stream, receive timeout on an empty one. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	{
		struct timeval tv = { 0, 200000 };
		double t0;
		long filled = 0;
		int w;

		fcntl(sv[0], F_SETFL, O_NONBLOCK);
		while ((w = write(sv[0], buf, sizeof(buf))) > 0)
			filled += w;
		T("fill-stream", "%s", filled > 0 && errno == EAGAIN ? "EAGAIN" : "?");
		fcntl(sv[0], F_SETFL, 0);
		setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		t0 = now();
		TR("sndtimeo", write(sv[0], buf, sizeof(buf)));
		T("sndtimeo-waited", "%d", now() - t0 >= 0.15);
		setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		close(sv[0]);
		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		t0 = now();
		TR("rcvtimeo", read(sv[1], buf, 1));
		T("rcvtimeo-waited", "%d", now() - t0 >= 0.15);
	}
	/* Signals: EINTR without SA_RESTART; with it, restarted unless SO_RCVTIMEO is set. */
	{
		struct timeval tv = { 5, 0 };
		struct itimerval it = { { 0, 0 }, { 0, 100000 } };
		pid_t pid;

		handler(SIGALRM, on_alarm, 0);
		setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 0, 0 }, sizeof(tv));
		setitimer(ITIMER_REAL, &it, NULL);
		TR("recv-eintr", read(sv[1], buf, 1));
		handler(SIGALRM, on_alarm, SA_RESTART);
		pid = fork();
		if (pid == 0) {
			usleep(400000);
			write(sv[0], "r", 1);
			_exit(0);
		}
		setitimer(ITIMER_REAL, &it, NULL);
		TR("recv-restarted", read(sv[1], buf, 1));
		waitpid(pid, NULL, 0);
		setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setitimer(ITIMER_REAL, &it, NULL);
		TR("recv-timeo-eintr", read(sv[1], buf, 1));
		T("alarms", "%d", alarms);
	}
	close(sv[0]);
	close(sv[1]);
}

static void
test_dgram(void)
{
	int sv[2], rcv, snd, snd2, n, v, qlen = 10;
	struct sockaddr_un a, b, got;
	socklen_t la = mkaddr(&a, "dgram"), lb = mkaddr(&b, "dgram-sender"), l;
	char buf[64];
	struct msghdr mh;
	struct iovec iov;
	FILE *f;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "one", 3, 0);
	send(sv[0], "two", 3, 0);
	send(sv[0], "", 0, 0);
	ioctl(sv[1], FIONREAD, &n);
	T("fionread-dgram", "%d", n);
	memset(buf, 0, sizeof(buf));
	TR("peek-dgram", recv(sv[1], buf, 2, MSG_PEEK | MSG_TRUNC));
	iov = (struct iovec){ buf, 2 };
	mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	TR("recvmsg-trunc", recvmsg(sv[1], &mh, 0));
	T("recvmsg-trunc-flags", "%#x", mh.msg_flags);
	TR("recv-trunc-flag", recv(sv[1], buf, 1, MSG_TRUNC));
	TR("recv-empty-dgram", recv(sv[1], buf, sizeof(buf), 0));
	TR("recv-dgram-eagain", recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
	{
		struct iovec io[2] = { { "ab", 2 }, { "cd", 2 } }, in[2];
		char x[3] = "", y[8] = "";

		TR("writev-dgram", writev(sv[0], io, 2));
		in[0] = (struct iovec){ x, 1 };
		in[1] = (struct iovec){ y, 7 };
		TR("readv-dgram", readv(sv[1], in, 2));
		T("readv-dgram-data", "%.1s|%s", x, y);
	}
	TR("shutdown-rd-dgram", shutdown(sv[1], SHUT_RD));
	TR("recv-after-shut-rd", recv(sv[1], buf, 1, 0));
	TR("send-to-shut-rd", send(sv[0], "x", 1, MSG_DONTWAIT));
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	close(sv[1]);
	TR("dgram-peer-closed-recv", recv(sv[0], buf, 1, MSG_DONTWAIT));
	TR("dgram-peer-closed-send", send(sv[0], "x", 1, 0));
	TR("dgram-peer-closed-send-again", send(sv[0], "x", 1, 0));
	close(sv[0]);

	rcv = socket(AF_UNIX, SOCK_DGRAM, 0);
	snd = socket(AF_UNIX, SOCK_DGRAM, 0);
	TR("dgram-send-unconnected", send(snd, "x", 1, 0));
	TR("dgram-sendto-enoent", sendto(snd, "x", 1, 0, (struct sockaddr *)&a, la));
	bind(rcv, (struct sockaddr *)&a, la);
	TR("dgram-sendto-unbound", sendto(snd, "hi", 2, 0, (struct sockaddr *)&a, la));
	l = sizeof(got);
	memset(&got, 0x55, sizeof(got));
	TR("dgram-recvfrom-unbound", recvfrom(rcv, buf, sizeof(buf), 0, (struct sockaddr *)&got, &l));
	T("dgram-recvfrom-unbound-len", "%u", l);
	bind(snd, (struct sockaddr *)&b, lb);
	sendto(snd, "hi", 2, 0, (struct sockaddr *)&a, la);
	l = sizeof(got);
	recvfrom(rcv, buf, sizeof(buf), 0, (struct sockaddr *)&got, &l);
	T("dgram-recvfrom-bound", "%d %d", l == lb, strcmp(got.sun_path, b.sun_path) == 0);
	TR("dgram-sendto-badlen", sendto(snd, "x", 1, 0, (struct sockaddr *)&a, 1));
	TR("dgram-sendto-efault", sendto(snd, "x", 1, 0, BAD, la));
	TR("dgram-send-toolarge", sendto(snd, buf, 300000, 0, (struct sockaddr *)&a, la));
	TR("dgram-connect", connect(snd, (struct sockaddr *)&a, la));
	TR("dgram-send-connected", send(snd, "c", 1, 0));
	l = sizeof(got);
	TR("dgram-peername", getpeername(snd, (struct sockaddr *)&got, &l));
	recv(rcv, buf, 1, 0);
	/* rcv's queue limit: it is nobody's peer back, so net.unix.max_dgram_qlen applies. */
	f = fopen("/proc/sys/net/unix/max_dgram_qlen", "r");
	if (f) {
		if (fscanf(f, "%d", &qlen) != 1)
			qlen = -1;
		fclose(f);
	}
	for (n = 0; n < 1000 && send(snd, "q", 1, MSG_DONTWAIT) == 1; n++)
		;
	T("dgram-qlen", "%s %d", r(-1), n == qlen + 1);
	{
		struct timeval tv = { 0, 200000 };
		struct pollfd pfd = { snd, POLLOUT, 0 };
		double t0;

		poll(&pfd, 1, 0);
		T("dgram-poll-peer-full", "%#x", pfd.revents);
		setsockopt(snd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		t0 = now();
		TR("dgram-sndtimeo", send(snd, "q", 1, 0));
		T("dgram-sndtimeo-waited", "%d", now() - t0 >= 0.15);
		recv(rcv, buf, 1, 0);
		poll(&pfd, 1, 0);
		T("dgram-poll-room", "%#x", pfd.revents);
		TR("dgram-send-room", send(snd, "q", 1, 0));
	}
	while (recv(rcv, buf, 1, MSG_DONTWAIT) > 0)
		;
	/* rcv connected elsewhere: others may not send to it. */
	snd2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	TR("dgram-connect-back", connect(rcv, (struct sockaddr *)&b, lb));
	TR("dgram-send-eperm", sendto(snd2, "x", 1, 0, (struct sockaddr *)&a, la));
	TR("dgram-connect-eperm", connect(snd2, (struct sockaddr *)&a, la));
	TR("dgram-disconnect", connect(snd, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_UNSPEC }, sizeof(struct sockaddr)));
	l = sizeof(got);
	TR("dgram-peername-disconnected", getpeername(snd, (struct sockaddr *)&got, &l));
	TR("dgram-connect-badlen", connect(snd, (struct sockaddr *)&a, 1));
	/* SO_PASSCRED autobinds an unbound sender. */
	v = 1;
	setsockopt(snd2, SOL_SOCKET, SO_PASSCRED, &v, sizeof(v));
	close(rcv);
	unlink(a.sun_path);
	rcv = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(rcv, (struct sockaddr *)&a, la);
	TR("dgram-passcred-send", sendto(snd2, "p", 1, 0, (struct sockaddr *)&a, la));
	l = sizeof(got);
	getsockname(snd2, (struct sockaddr *)&got, &l);
	T("dgram-passcred-autobind", "%u %d", l, got.sun_path[0]);
	l = sizeof(got);
	recvfrom(rcv, buf, 1, 0, (struct sockaddr *)&got, &l);
	T("dgram-passcred-from", "%u", l);
	close(rcv);
	close(snd);
	close(snd2);
	/* A stream name is no datagram's destination. */
	rcv = socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(a.sun_path);
	bind(rcv, (struct sockaddr *)&a, la);
	snd = socket(AF_UNIX, SOCK_DGRAM, 0);
	TR("dgram-sendto-stream", sendto(snd, "x", 1, 0, (struct sockaddr *)&a, la));
	close(snd);
	close(rcv);
	unlink(a.sun_path);
	unlink(b.sun_path);
}

static void
test_seqpacket(void)
{
	int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0), c, s, v;
	struct sockaddr_un a;
	socklen_t la = mkabs(&a, "seq");
	char buf[16];
	struct msghdr mh;
	struct iovec iov;

	TR("seq-recv-unconnected", recv(srv, buf, 1, MSG_DONTWAIT));
	TR("seq-send-unconnected", send(srv, "x", 1, 0));
	bind(srv, (struct sockaddr *)&a, la);
	TR("seq-listen", listen(srv, 4));
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	TR("seq-connect", connect(c, (struct sockaddr *)&a, la));
	s = accept(srv, NULL, NULL);
	send(c, "abc", 3, 0);
	send(c, "defg", 4, 0);
	write(c, "hi", 2);
	iov = (struct iovec){ buf, 2 };
	mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	TR("seq-recvmsg-trunc", recvmsg(s, &mh, 0));
	T("seq-recvmsg-flags", "%#x", mh.msg_flags);
	memset(buf, 0, sizeof(buf));
	TR("seq-next-record", recv(s, buf, sizeof(buf), 0));
	T("seq-next-data", "%s", buf);
	TR("seq-read", read(s, buf, sizeof(buf)));
	TR("seq-sendto-addr", sendto(c, "x", 1, 0, (struct sockaddr *)&a, la));
	recv(s, buf, sizeof(buf), 0);
	close(s);
	TR("seq-recv-eof", recv(c, buf, sizeof(buf), 0));
	v = sigpipes;
	TR("seq-send-peer-closed", send(c, "x", 1, 0));
	T("seq-send-sigpipe", "%d", sigpipes - v);
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	TR("seq-connect-stream", connect(c, (struct sockaddr *)&a, la));
	close(c);
	close(srv);
}

/* sendfds: one message of data with fds in SCM_RIGHTS. */
static long
sendfds(int s, const char *data, const int *fds, int n)
{
	char ctl[CMSG_SPACE(sizeof(int) * 256)];
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	memset(ctl, 0, sizeof(ctl));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	return sendmsg(s, &mh, 0);
}

/* recvfds: receive with room for max fds; returns the bytes, fills fds, *nfd, *flags. */
static long
recvfds(int s, char *buf, size_t len, int *fds, int max, int *nfd, int *flags, int rflags)
{
	char ctl[CMSG_SPACE(sizeof(int) * 256)];
	struct iovec iov = { buf, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = max ? CMSG_SPACE(sizeof(int) * max) : 0 };
	long n = recvmsg(s, &mh, rflags);
	struct cmsghdr *cm;

	*nfd = 0;
	*flags = mh.msg_flags;
	if (n < 0)
		return n;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			int k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			memcpy(fds + *nfd, CMSG_DATA(cm), k * sizeof(int));
			*nfd += k;
		}
	return n;
}

static void
test_rights(void)
{
	int sv[2], p[2], fds[300], got[8], n, flags;
	char buf[16];
	long r1;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	TR("rights-send", sendfds(sv[0], "F", &p[0], 1));
	close(p[0]);
	r1 = recvfds(sv[1], buf, sizeof(buf), got, 4, &n, &flags, MSG_CMSG_CLOEXEC);
	T("rights-recv", "%s n %d flags %#x cloexec %d", r(r1), n, flags,
	  n ? !!(fcntl(got[0], F_GETFD) & FD_CLOEXEC) : -1);
	write(p[1], "via", 3);
	memset(buf, 0, sizeof(buf));
	if (n)
		read(got[0], buf, 3);
	T("rights-works", "%s", buf);
	if (n)
		close(got[0]);
	/* Three fds, room for one: MSG_CTRUNC, the rest closed. */
	fds[0] = fds[1] = fds[2] = p[1];
	sendfds(sv[0], "G", fds, 3);
	r1 = recvfds(sv[1], buf, sizeof(buf), got, 1, &n, &flags, 0);
	T("rights-ctrunc", "%s n %d flags %#x", r(r1), n, flags);
	if (n)
		close(got[0]);
	/* A reader that takes no control message: the files are closed (EOF on the pipe). */
	pipe(p);
	sendfds(sv[0], "H", &p[1], 1);
	close(p[1]);
	TR("rights-plain-read", read(sv[1], buf, sizeof(buf)));
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	TR("rights-dropped-eof", read(p[0], buf, 1));
	close(p[0]);
	/* Files in flight in a closed socket are released. */
	pipe(p);
	sendfds(sv[0], "I", &p[1], 1);
	close(p[1]);
	close(sv[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	TR("rights-closed-socket-eof", read(p[0], buf, 1));
	close(p[0]);
	close(sv[0]);
	/* A stream reader stops after a message with files. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	write(sv[0], "ab", 2);
	sendfds(sv[0], "cd", &p[0], 1);
	write(sv[0], "ef", 2);
	r1 = recvfds(sv[1], buf, sizeof(buf), got, 4, &n, &flags, 0);
	T("rights-stream-stop", "%s n %d", r(r1), n);
	if (n)
		close(got[0]);
	r1 = recvfds(sv[1], buf, sizeof(buf), got, 4, &n, &flags, 0);
	T("rights-stream-rest", "%s n %d", r(r1), n);
	/* Errors. */
	TR("rights-ebadf", sendfds(sv[0], "x", (int[]){ 999 }, 1));
	for (int i = 0; i < 254; i++)
		fds[i] = p[0];
	TR("rights-too-many", sendfds(sv[0], "x", fds, 254));
	TR("rights-253", sendfds(sv[0], "x", fds, 253));
	r1 = recvfds(sv[1], buf, sizeof(buf), fds, 253, &n, &flags, 0);
	T("rights-253-recv", "%s n %d", r(r1), n);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	{
		char ctl[64];
		struct iovec iov = { "x", 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl };
		struct cmsghdr *cm = (struct cmsghdr *)ctl;

		memset(ctl, 0, sizeof(ctl));
		mh.msg_controllen = sizeof(ctl);
		cm->cmsg_len = 4;
		cm->cmsg_level = SOL_SOCKET;
		TR("cmsg-short-len", sendmsg(sv[0], &mh, 0));
		cm->cmsg_len = 200;
		TR("cmsg-long-len", sendmsg(sv[0], &mh, 0));
		cm->cmsg_len = CMSG_LEN(4);
		cm->cmsg_type = 99;
		TR("cmsg-bad-type", sendmsg(sv[0], &mh, 0));
		cm->cmsg_level = 99;
		mh.msg_controllen = CMSG_SPACE(4);
		TR("cmsg-other-level", sendmsg(sv[0], &mh, 0));
		mh.msg_controllen = 4;
		TR("cmsg-tiny-controllen", sendmsg(sv[0], &mh, 0));
		mh.msg_controllen = 0x80000000UL;
		TR("cmsg-huge-controllen", sendmsg(sv[0], &mh, 0));
		mh.msg_control = BAD;
		mh.msg_controllen = 32;
		TR("cmsg-efault", sendmsg(sv[0], &mh, 0));
	}
	while (recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void
test_creds(void)
{
	int sv[2], v = 1;
	char ctl[256], buf[8];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct cmsghdr *cm;
	struct ucred uc, *p;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, sizeof(v));
	send(sv[0], "c", 1, 0);
	mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	TR("creds-recv", recvmsg(sv[1], &mh, 0));
	cm = CMSG_FIRSTHDR(&mh);
	p = cm ? (struct ucred *)CMSG_DATA(cm) : NULL;
	T("creds-cmsg", "%d %d len %lu pid %d uid %d gid %d", cm ? cm->cmsg_level : -1,
	  cm ? cm->cmsg_type : -1, cm ? (unsigned long)cm->cmsg_len : 0UL,
	  p && p->pid == (pid_t)getpid(), p && p->uid == getuid(), p && p->gid == getgid());
	T("creds-controllen", "%lu", (unsigned long)mh.msg_controllen);
	/* No room: MSG_CTRUNC. */
	send(sv[0], "c", 1, 0);
	mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	recvmsg(sv[1], &mh, 0);
	T("creds-no-room", "%#x", mh.msg_flags);
	/* Sending explicit credentials. */
	mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = CMSG_SPACE(sizeof(uc)) };
	iov.iov_len = 1;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(uc));
	uc = (struct ucred){ getpid(), getuid(), getgid() };
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	TR("creds-send-own", sendmsg(sv[0], &mh, 0));
	uc.pid = 0x3ffffff0;
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	TR("creds-send-nopid", sendmsg(sv[0], &mh, 0));
	uc = (struct ucred){ getpid(), (uid_t)-1, getgid() };
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	TR("creds-send-baduid", sendmsg(sv[0], &mh, 0));
	cm->cmsg_len = CMSG_LEN(sizeof(uc)) - 1;
	TR("creds-send-badlen", sendmsg(sv[0], &mh, 0));
	close(sv[0]);
	close(sv[1]);
}

static void
test_poll_mmsg(void)
{
	int sv[2], ep = epoll_create1(0), n;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT }, out[4];
	struct mmsghdr mm[5];
	struct iovec iov[5];
	char bufs[5][8];
	fd_set rs;
	struct timeval tv = { 0, 0 };

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	ev.data.fd = sv[1];
	epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev);
	n = epoll_wait(ep, out, 4, 0);
	T("epoll-idle", "%d %#x", n, n > 0 ? out[0].events : 0);
	send(sv[0], "e", 1, 0);
	n = epoll_wait(ep, out, 4, 0);
	T("epoll-readable", "%d %#x", n, n > 0 ? out[0].events : 0);
	FD_ZERO(&rs);
	FD_SET(sv[1], &rs);
	TR("select-readable", select(sv[1] + 1, &rs, NULL, NULL, &tv));
	recv(sv[1], bufs[0], 8, 0);
	ev.events = EPOLLIN;
	epoll_ctl(ep, EPOLL_CTL_MOD, sv[1], &ev);
	if (fork() == 0) {
		usleep(100000);
		send(sv[0], "w", 1, 0);
		_exit(0);
	}
	n = epoll_wait(ep, out, 4, 5000);
	T("epoll-woken", "%d %#x", n, n > 0 ? out[0].events : 0);
	wait(NULL);
	recv(sv[1], bufs[0], 8, 0);
	close(ep);

	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		snprintf(bufs[i], 8, "m%d", i * 11);
		iov[i] = (struct iovec){ bufs[i], strlen(bufs[i]) };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	TR("sendmmsg", sendmmsg(sv[0], mm, 3, 0));
	T("sendmmsg-lens", "%u %u %u", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
	TR("sendmmsg-zero", sendmmsg(sv[0], mm, 0, 0));
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 5; i++) {
		iov[i] = (struct iovec){ bufs[i], 8 };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	TR("recvmmsg", recvmmsg(sv[1], mm, 5, MSG_DONTWAIT, NULL));
	T("recvmmsg-lens", "%u %u %u %.3s", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len, bufs[2]);
	TR("recvmmsg-empty", recvmmsg(sv[1], mm, 5, MSG_DONTWAIT, NULL));
	send(sv[0], "x", 1, 0);
	TR("recvmmsg-waitforone", recvmmsg(sv[1], mm, 5, MSG_WAITFORONE, NULL));
	TR("recvmmsg-badtimeout", recvmmsg(sv[1], mm, 5, 0, &(struct timespec){ 0, 2000000000 }));
	{
		struct msghdr mh = { 0 };

		mh.msg_iovlen = 1025;
		TR("sendmsg-iovlen", sendmsg(sv[0], &mh, 0));
		TR("recvmsg-efault", recvmsg(sv[1], BAD, 0));
		mh.msg_iovlen = 1;
		mh.msg_iov = BAD;
		TR("sendmsg-iov-efault", sendmsg(sv[0], &mh, 0));
		mh.msg_iov = iov;
		mh.msg_namelen = -1;
		mh.msg_name = bufs[0];
		TR("sendmsg-negnamelen", sendmsg(sv[0], &mh, 0));
		iov[0] = (struct iovec){ bufs[0], (size_t)-1 };
		mh.msg_namelen = 0;
		mh.msg_name = NULL;
		TR("sendmsg-neg-iovlen", sendmsg(sv[0], &mh, 0));
	}
	close(sv[0]);
	close(sv[1]);
}

static void
test_procnet(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a, b;
	socklen_t la = mkaddr(&a, "listed"), lb = mkabs(&b, "listed");
	char line[512], want[160];
	FILE *f;
	int header = 0, path = 0, abs = 0;

	bind(s, (struct sockaddr *)&a, la);
	listen(s, 1);
	bind(d, (struct sockaddr *)&b, lb);
	f = fopen("/proc/net/unix", "r");
	if (f) {
		if (fgets(line, sizeof(line), f))
			header = strcmp(line, "Num       RefCount Protocol Flags    Type St Inode Path\n") == 0;
		snprintf(want, sizeof(want), "@umk-%d-listed\n", getpid());
		while (fgets(line, sizeof(line), f)) {
			size_t n = strlen(line), pl = strlen(a.sun_path);

			if (n > pl + 1 && !strncmp(line + n - pl - 1, a.sun_path, pl) &&
			    strstr(line, " 00010000 0001 01 "))
				path = 1;
			if (n > strlen(want) && !strcmp(line + n - strlen(want), want) &&
			    strstr(line, " 00000000 0002 01 "))
				abs = 1;
		}
		fclose(f);
	}
	T("proc-net-unix", "header %d path %d abstract %d", header, path, abs);
	close(s);
	close(d);
	unlink(a.sun_path);
}

/* gc_rounds: sockets that hold each other's fds in their queues, then closed: garbage. */
static void
gc_rounds(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		int sv[2], sv2[2];

		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		socketpair(AF_UNIX, SOCK_DGRAM, 0, sv2);
		sendfds(sv[0], "a", &sv[0], 1);
		sendfds(sv[1], "b", &sv[1], 1);
		sendfds(sv2[0], "c", &sv[0], 1);
		sendfds(sv[0], "d", &sv2[1], 1);
		close(sv[0]);
		close(sv[1]);
		close(sv2[0]);
		close(sv2[1]);
	}
	/* One more release runs the collector. */
	close(socket(AF_UNIX, SOCK_STREAM, 0));
}

static void
limits(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t la = mkabs(&a, "limits");
	int rcv = socket(AF_UNIX, SOCK_DGRAM, 0), snd = socket(AF_UNIX, SOCK_DGRAM, 0), n;

	bind(rcv, (struct sockaddr *)&a, la);
	for (n = 0; n < 10000 && sendto(snd, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&a, la) == 1; n++)
		;
	printf("L:dgram-queued=%d\n", n);
	close(rcv);
	rcv = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(rcv, (struct sockaddr *)&a, la);
	listen(rcv, 100);
	for (n = 0; n < 10000; n++) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

		if (connect(c, (struct sockaddr *)&a, la) < 0)
			break;
	}
	printf("L:connections-queued=%d\n", n);
}

int
main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "limits")) {
		limits();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "gc")) {
		gc_rounds(atoi(argv[2]));
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: sockets DIR | sockets gc N\n");
		return 2;
	}
	dir = argv[1];
	handler(SIGPIPE, on_sigpipe, 0);
	test_create();
	test_notsock();
	test_names();
	test_stream_connect();
	test_stream_data();
	test_dgram();
	test_seqpacket();
	test_rights();
	test_creds();
	test_poll_mmsg();
	test_procnet();
	return 0;
}
