// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_INET datagrams over lo, AF_NETLINK (NETLINK_ROUTE) and the interface
 * ioctls, checked by what they return: "T:<check>=<result>" lines, whose
 * expected values (inet.out beside this file) are Linux's. The boot test
 * (tests/boot/net.sh) runs it on the host in a fresh network namespace
 * with lo up (unshare -n), then in the guest after `ip link set lo up`.
 *   inet
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

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

static struct sockaddr_in
sin_of(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static void
test_udp(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0), c, n;
	struct sockaddr_in sa = sin_of("127.0.0.1", 0), got;
	socklen_t l = sizeof(got);
	char buf[64];
	struct pollfd pfd;

	T("udp-socket", "%s", a >= 0 ? "ok" : r(a));
	TR("udp-bind", bind(a, (struct sockaddr *)&sa, sizeof(sa)));
	getsockname(a, (struct sockaddr *)&got, &l);
	T("udp-bound", "%s port-set %d len %u", inet_ntoa(got.sin_addr), got.sin_port != 0, l);
	sa = got;
	TR("udp-bind-again", bind(a, (struct sockaddr *)&sa, sizeof(sa)));
	c = socket(AF_INET, SOCK_DGRAM, 0);
	TR("udp-bind-inuse", bind(c, (struct sockaddr *)&sa, sizeof(sa)));
	TR("udp-bind-short", bind(c, (struct sockaddr *)&sa, 8));
	{
		struct sockaddr_in bad = sin_of("10.9.9.9", 0);

		TR("udp-bind-notlocal", bind(c, (struct sockaddr *)&bad, sizeof(bad)));
	}
	close(c);
	TR("udp-sendto", sendto(b, "hello", 5, 0, (struct sockaddr *)&sa, sizeof(sa)));
	pfd = (struct pollfd){ a, POLLIN, 0 };
	TR("udp-poll", poll(&pfd, 1, 1000));
	ioctl(a, FIONREAD, &n);
	T("udp-fionread", "%d", n);
	l = sizeof(got);
	memset(buf, 0, sizeof(buf));
	TR("udp-recvfrom", recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&got, &l));
	T("udp-from", "%s %s len %u", buf, inet_ntoa(got.sin_addr), l);
	sendto(b, "truncated", 9, 0, (struct sockaddr *)&sa, sizeof(sa));
	TR("udp-recv-trunc", recv(a, buf, 3, MSG_TRUNC));
	TR("udp-recv-empty", recv(a, buf, 3, MSG_DONTWAIT));
	TR("udp-connect", connect(b, (struct sockaddr *)&sa, sizeof(sa)));
	TR("udp-send-connected", send(b, "x", 1, 0));
	TR("udp-recv-connected", recv(a, buf, sizeof(buf), 0));
	l = sizeof(got);
	TR("udp-peername", getpeername(b, (struct sockaddr *)&got, &l));
	/* A connected socket learns of a closed port (ICMP port unreachable over lo). */
	close(a);
	send(b, "x", 1, 0);
	usleep(100000);
	TR("udp-econnrefused", send(b, "x", 1, 0));
	TR("udp-after-refused", recv(b, buf, 1, MSG_DONTWAIT));
	close(b);
	b = socket(AF_INET, SOCK_DGRAM, 0);
	sa = sin_of("127.255.255.255", 9);
	TR("udp-broadcast-eacces", sendto(b, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)));
	sa.sin_family = AF_INET6;
	TR("udp-sendto-family", sendto(b, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)));
	TR("udp-send-noaddr", send(b, "x", 1, 0));
	TR("udp-shutdown-unconnected", shutdown(b, SHUT_RD));
	close(b);
	TR("inet-dgram-proto-99", socket(AF_INET, SOCK_DGRAM, 99));
	TR("inet-stream-proto-udp", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
}

static volatile int sigpipes;

static void
on_sigpipe(int s)
{
	(void)s;
	sigpipes++;
}

static void
test_tcp(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), c, a, v, n;
	struct sockaddr_in sa = sin_of("127.0.0.1", 0), got, peer;
	socklen_t len = sizeof(got);
	char buf[256];
	struct pollfd pfd;

	signal(SIGPIPE, on_sigpipe);
	T("tcp-socket", "%s type %d", l >= 0 ? "ok" : r(l), (len = sizeof(v), getsockopt(l, SOL_SOCKET, SO_TYPE, &v, &len), v));
	TR("tcp-bind", bind(l, (struct sockaddr *)&sa, sizeof(sa)));
	len = sizeof(sa);
	getsockname(l, (struct sockaddr *)&sa, &len);
	TR("tcp-listen", listen(l, 4));
	len = sizeof(v);
	v = -1;
	n = getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	T("tcp-acceptconn", "%s %d", r(n), v);
	{
		struct ucred uc = { 1, 2, 3 };

		len = sizeof(uc);
		n = getsockopt(l, SOL_SOCKET, SO_PEERCRED, &uc, &len);
		T("tcp-peercred", "%s %d %d %d", r(n), uc.pid, (int)uc.uid, (int)uc.gid);
	}
	c = socket(AF_INET, SOCK_STREAM, 0);
	TR("tcp-connect", connect(c, (struct sockaddr *)&sa, sizeof(sa)));
	len = sizeof(peer);
	a = accept(l, (struct sockaddr *)&peer, &len);
	T("tcp-accept", "%s len %u from %s", a >= 0 ? "ok" : r(a), len, inet_ntoa(peer.sin_addr));
	len = sizeof(got);
	getsockname(c, (struct sockaddr *)&got, &len);
	T("tcp-client-port-matches", "%d", got.sin_port == peer.sin_port);
	len = sizeof(got);
	getpeername(a, (struct sockaddr *)&got, &len);
	T("tcp-peername", "%s", inet_ntoa(got.sin_addr));
	TR("tcp-send", send(c, "hello tcp", 9, 0));
	pfd = (struct pollfd){ a, POLLIN, 0 };
	TR("tcp-poll", poll(&pfd, 1, 2000));
	ioctl(a, FIONREAD, &n);
	T("tcp-fionread", "%d", n);
	memset(buf, 0, sizeof(buf));
	TR("tcp-peek", recv(a, buf, 5, MSG_PEEK));
	TR("tcp-recv", recv(a, buf, sizeof(buf), 0));
	T("tcp-data", "%s", buf);
	TR("tcp-recv-dontwait", recv(a, buf, 1, MSG_DONTWAIT));
	v = 1;
	TR("tcp-nodelay-set", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)));
	len = sizeof(v);
	v = 0;
	getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len);
	T("tcp-nodelay-get", "%d", v);
	{
		struct tcp_info ti;

		len = sizeof(ti);
		TR("tcp-info", getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len));
		T("tcp-info-state", "%d", ti.tcpi_state);
	}
	/* A megabyte from a child, checked byte by byte, then EOF. */
	if (fork() == 0) {
		static unsigned char out[65536];

		for (int i = 0; i < 16; i++) {
			for (int j = 0; j < (int)sizeof(out); j++)
				out[j] = (unsigned char)(i * 7 + j);
			for (int off = 0; off < (int)sizeof(out);) {
				int w = write(c, out + off, sizeof(out) - off);

				if (w <= 0)
					_exit(1);
				off += w;
			}
		}
		_exit(0);
	}
	{
		static unsigned char in[8192];
		long total = 0, bad = 0;
		int st;

		while (total < 16 * 65536) {
			int g = read(a, in, sizeof(in));

			if (g <= 0)
				break;
			for (int j = 0; j < g; j++, total++)
				if (in[j] != (unsigned char)((total / 65536) * 7 + total % 65536))
					bad++;
		}
		wait(&st);
		T("tcp-bulk", "%ld bad %ld child %d", total, bad, WEXITSTATUS(st));
	}
	TR("tcp-shutdown-wr", shutdown(c, SHUT_WR));
	TR("tcp-read-eof", read(a, buf, 1));
	TR("tcp-write-after-eof", write(a, "back", 4));
	TR("tcp-read-half-open", read(c, buf, sizeof(buf)));
	/* Unread data at close: a reset. */
	write(c, "x", 0);
	write(a, "unread", 6);
	usleep(50000);
	close(c);
	usleep(50000);
	v = sigpipes;
	write(a, "x", 1);
	usleep(50000);
	TR("tcp-write-after-rst", write(a, "x", 1));
	T("tcp-sigpipe", "%d", sigpipes - v);
	close(a);
	/* Refused, and a non-blocking connect. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	got = sin_of("127.0.0.1", ntohs(sa.sin_port) + 1);
	TR("tcp-connect-refused", connect(c, (struct sockaddr *)&got, sizeof(got)));
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	n = connect(c, (struct sockaddr *)&sa, sizeof(sa));
	T("tcp-connect-nonblock", "%s", n == 0 ? "0" : r(n));
	pfd = (struct pollfd){ c, POLLOUT, 0 };
	poll(&pfd, 1, 2000);
	len = sizeof(v);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len);
	T("tcp-connect-nonblock-done", "%#x err %d", pfd.revents, v);
	a = accept(l, NULL, NULL);
	close(a);
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(c, (struct sockaddr *)&got, sizeof(got));
	pfd = (struct pollfd){ c, POLLOUT, 0 };
	poll(&pfd, 1, 2000);
	len = sizeof(v);
	n = getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len);
	T("tcp-nonblock-refused", "%#x so_error %s %s", pfd.revents, r(n), strerrorname_np(v) ? strerrorname_np(v) : "0");
	len = sizeof(v);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len);
	T("tcp-so-error-cleared", "%d", v);
	close(c);
	fcntl(l, F_SETFL, O_NONBLOCK);
	TR("tcp-accept-eagain", accept(l, NULL, NULL));
	close(l);
	c = socket(AF_INET, SOCK_STREAM, 0);
	TR("tcp-send-unconnected", send(c, "x", 1, MSG_NOSIGNAL));
	TR("tcp-recv-unconnected", recv(c, buf, 1, 0));
	TR("tcp-listen-then-connect", (listen(c, 1), connect(c, (struct sockaddr *)&sa, sizeof(sa))));
	close(c);
}

static void
test_netlink(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), n, msgs = 0, done = 0;
	int links = 0, addrs = 0, lo_index = -1;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t l = sizeof(sa);
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
	} req = { { sizeof(req), RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0 }, { AF_UNSPEC } };
	static char buf[65536];

	TR("nl-bind", bind(s, (struct sockaddr *)&sa, sizeof(sa)));
	getsockname(s, (struct sockaddr *)&sa, &l);
	T("nl-sockname", "family %d pid-is-tgid %d len %u", sa.nl_family, sa.nl_pid == (unsigned)getpid(), l);
	TR("nl-bad-proto", socket(AF_NETLINK, SOCK_RAW, 31));
	TR("nl-bad-type", socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE));
	TR("nl-send", send(s, &req, sizeof(req), 0));
	while (!done && (n = recv(s, buf, sizeof(buf), 0)) > 0) {
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			msgs++;
			if (h->nlmsg_type == NLMSG_DONE)
				done = 1;
			if (h->nlmsg_type == RTM_NEWLINK) {
				struct ifinfomsg *ifi = NLMSG_DATA(h);

				links++;
				if (ifi->ifi_flags & IFF_LOOPBACK)
					lo_index = ifi->ifi_index;
			}
		}
	}
	T("nl-dump-links", "lo %d done %d", lo_index, done);
	req.h.nlmsg_type = RTM_GETADDR;
	req.g.rtgen_family = AF_INET;
	send(s, &req, sizeof(req), 0);
	done = 0;
	while (!done && (n = recv(s, buf, sizeof(buf), 0)) > 0)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				done = 1;
			if (h->nlmsg_type == RTM_NEWADDR) {
				struct ifaddrmsg *ifa = NLMSG_DATA(h);

				if (ifa->ifa_index == (unsigned)lo_index)
					T("nl-lo-addr", "family %d plen %d scope %d", ifa->ifa_family,
					  ifa->ifa_prefixlen, ifa->ifa_scope);
				addrs++;
			}
		}
	/* An unknown request type gets an error message back. */
	req.h.nlmsg_type = 0x3ff;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.h.nlmsg_seq = 9;
	send(s, &req, sizeof(req), 0);
	n = recv(s, buf, sizeof(buf), 0);
	{
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		struct nlmsgerr *e = NLMSG_DATA(h);

		T("nl-unknown-type", "type %d error %s seq %u", h->nlmsg_type,
		  e->error ? strerrorname_np(-e->error) : "0", h->nlmsg_seq);
	}
	/* A link request for an index that does not exist. */
	{
		struct {
			struct nlmsghdr h;
			struct ifinfomsg i;
		} lr = { { sizeof(lr), RTM_GETLINK, NLM_F_REQUEST, 10, 0 }, { .ifi_index = 4242 } };
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		send(s, &lr, sizeof(lr), 0);
		recv(s, buf, sizeof(buf), 0);
		T("nl-getlink-enodev", "type %d error %s", h->nlmsg_type,
		  strerrorname_np(-((struct nlmsgerr *)NLMSG_DATA(h))->error));
		lr.i.ifi_index = lo_index;
		send(s, &lr, sizeof(lr), 0);
		n = recv(s, buf, sizeof(buf), MSG_PEEK | MSG_TRUNC);
		T("nl-getlink-lo", "type %d peek-len-ok %d", h->nlmsg_type, n == (int)h->nlmsg_len);
		recv(s, buf, sizeof(buf), 0);
	}
	TR("nl-recv-empty", recv(s, buf, sizeof(buf), MSG_DONTWAIT));
	close(s);
	(void)msgs;
	(void)links;
	(void)addrs;
}

static void
test_ioctls(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0), u = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	TR("siocgifindex", ioctl(s, SIOCGIFINDEX, &ifr));
	T("lo-index", "%d", ifr.ifr_ifindex);
	TR("siocgifflags-unix-socket", ioctl(u, SIOCGIFFLAGS, &ifr));
	T("lo-flags", "%#x", ifr.ifr_flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_NOARP));
	TR("siocgifmtu", ioctl(s, SIOCGIFMTU, &ifr));
	T("lo-mtu", "%d", ifr.ifr_mtu);
	TR("siocgifaddr", ioctl(s, SIOCGIFADDR, &ifr));
	T("lo-addr", "%s", inet_ntoa(((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr));
	strcpy(ifr.ifr_name, "nosuch0");
	TR("siocgifflags-enodev", ioctl(s, SIOCGIFFLAGS, &ifr));
	ifr.ifr_ifindex = 1;
	TR("siocgifname", ioctl(s, SIOCGIFNAME, &ifr));
	T("ifname-1", "%s", ifr.ifr_name);
	TR("tty-ioctl-on-socket", ioctl(u, 0x5401 /* TCGETS */, &ifr));
	strcpy(ifr.ifr_name, "lo");
	TR("siocgifaddr-unix-socket", ioctl(u, SIOCGIFADDR, &ifr));
	TR("siocgifflags-alias-name", ioctl(s, SIOCGIFFLAGS, &ifr));
	strcpy(ifr.ifr_name, "lo:7");
	TR("siocgifaddr-no-alias", ioctl(s, SIOCGIFADDR, &ifr));
	close(s);
	close(u);
}

int
main(void)
{
	test_udp();
	test_tcp();
	test_netlink();
	test_ioctls();
	return 0;
}
