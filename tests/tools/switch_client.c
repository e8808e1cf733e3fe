// SPDX-License-Identifier: GPL-2.0-only
/*
 * switch_client: a test client of the uml_switch protocol, the way UML's
 * daemon transport speaks it (include/proto/switch.h): an abstract data
 * socket bound with the full 110-byte address, a v3 request on the control
 * socket, the switch's data address in the reply, raw Ethernet frames.
 * It runs one scenario against a switch that is already running (ours or
 * Debian's) and exits 0 if the switch behaved, 1 if not, saying why.
 *
 *	switch_client [--ours] <control socket> <scenario> [args]
 *
 * --ours adds the checks where umk's switch is stricter than Debian's
 * (frames of bad size, unknown senders, forgetting every MAC of a port);
 * without it, what the switch did there is printed as "info:" lines.
 * The scenario "hub" expects a switch started with -hub; the others a
 * learning switch.
 *
 * No timing decides a result: after sending, the test sends a marker
 * broadcast and every other client reads up to the marker. The switch has
 * one datagram queue and this program sends in order, so anything the
 * switch forwarded before the marker has arrived when the marker has, and
 * anything missing by then was not forwarded. Only the ageing scenario
 * sleeps, by design.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "switch.h"

#define MAXC		128
#define WAIT_MS		10000	/* for frames that must come (a loaded host) */
#define ETYPE		0x88b5	/* IEEE local experimental ethertype */

struct client {
	int ctl, data;
	struct switch_sockaddr me;	/* bound and sent in the request */
	struct switch_sockaddr sw;	/* the switch's data socket (reply) */
	uint8_t mac[6];
	int n;
};

/* A frame as received, for the checks after a barrier. */
struct got {
	size_t len;
	uint8_t buf[4096];
};

static const char *ctl_path;
static bool ours;
static int failures;
static unsigned int seq;

static void
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures++;
}

static void
info(const char *fmt, ...)
{
	va_list ap;

	fputs("info: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void __attribute__((noreturn))
die(const char *what)
{
	printf("FAIL: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
mac_of(uint8_t *mac, int n)
{
	uint8_t m[6] = { 0x02, 0x55, 0x4d, 0x4b, (uint8_t)(n >> 8), (uint8_t)n };

	memcpy(mac, m, 6);
}

/* ---- the protocol ------------------------------------------------------------ */

static int
ctl_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, tries;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", ctl_path);
	for (tries = 0; tries < 100; tries++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		if (errno != ENOENT && errno != ECONNREFUSED)
			break;
		sleep_ms(50);	/* the switch is still starting */
	}
	die("connect to the control socket");
}

/* read_reply: the 110-byte reply within WAIT_MS; 0, or -1 with why. */
static int
read_reply(int fd, void *buf, size_t len, int ms, const char **why)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t have = 0;
	ssize_t n;

	while (have < len) {
		if (poll(&p, 1, ms) <= 0) {
			*why = "no reply";
			return -1;
		}
		n = read(fd, (char *)buf + have, len - have);
		if (n <= 0) {
			/* A reset: the switch closed with our bytes unread. */
			*why = n == 0 || errno == ECONNRESET ? "connection closed" :
				strerror(errno);
			return -1;
		}
		have += (size_t)n;
	}
	return 0;
}

static void
bind_data(struct client *c, int n)
{
	static int32_t names;

	c->data = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->data < 0)
		die("socket");
	(void)n;
	/* Distinct names: our pid, and a counter where UML puts usecs. */
	switch_abstract_addr(&c->me, getpid(), ++names);
	if (bind(c->data, (struct sockaddr *)&c->me, sizeof(c->me)) < 0)
		die("bind the data socket");
}

/* client_open: client n registered with a v3 request, as UML does. */
static void
client_open(struct client *c, int n)
{
	struct switch_request_v3 req;
	const char *why;

	memset(c, 0, sizeof(*c));
	c->n = n;
	mac_of(c->mac, n);
	bind_data(c, n);
	c->ctl = ctl_connect();
	switch_request_v3_init(&req, &c->me);
	if (write(c->ctl, &req, sizeof(req)) != (ssize_t)sizeof(req))
		die("write the request");
	if (read_reply(c->ctl, &c->sw, sizeof(c->sw), WAIT_MS, &why) < 0) {
		printf("FAIL: client %d: %s after the v3 request\n", n, why);
		exit(1);
	}
	if (c->sw.family != SWITCH_AF_UNIX) {
		printf("FAIL: client %d: reply family %u, not AF_UNIX\n", n, c->sw.family);
		exit(1);
	}
}

static void
client_close(struct client *c)
{
	close(c->ctl);
	close(c->data);
	c->ctl = c->data = -1;
}

/* ---- frames ------------------------------------------------------------------ */

static size_t
frame(uint8_t *buf, const uint8_t *dst, const uint8_t *src, const char *tag, size_t len)
{
	memset(buf, 0, len);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = ETYPE >> 8;
	buf[13] = ETYPE & 0xff;
	if (len > 14)
		snprintf((char *)buf + 14, len - 14, "%s", tag);
	return len;
}

static void
send_raw(struct client *c, const void *buf, size_t len)
{
	if (sendto(c->data, buf, len, 0, (struct sockaddr *)&c->sw, sizeof(c->sw)) != (ssize_t)len)
		die("sendto the switch");
}

/* send_tag: a 60-byte frame from c with src, to dst, payload tag. */
static void
send_tag(struct client *c, const uint8_t *dst, const uint8_t *src, const char *tag)
{
	uint8_t buf[60];

	send_raw(c, buf, frame(buf, dst, src, tag, sizeof(buf)));
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* recv_one: the next frame for c within ms; its length, or -1. */
static ssize_t
recv_one(struct client *c, struct got *g, int ms)
{
	struct pollfd p = { .fd = c->data, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return -1;
	n = recv(c->data, g->buf, sizeof(g->buf), MSG_TRUNC);
	if (n < 0)
		return -1;
	g->len = (size_t)n;
	return n;
}

static bool
has_tag(const struct got *g, const char *tag)
{
	size_t n = strlen(tag);

	return g->len >= 14 + n && memcmp(g->buf + 14, tag, n) == 0 &&
	       (g->len == 14 + n || g->buf[14 + n] == 0);
}

/* What each client got before the marker, per barrier. */
struct seen {
	int count;
	char tags[32][32];
	size_t lens[32];
};

/*
 * barrier: client `from` broadcasts a marker; every other open client
 * reads until it, recording what came before. A client that does not get
 * the marker fails the test.
 */
static void
barrier(struct client *c, int nc, int from, struct seen *seen)
{
	char marker[32];
	struct got g;
	int i;

	snprintf(marker, sizeof(marker), "marker-%u", seq++);
	send_tag(&c[from], bcast, c[from].mac, marker);
	for (i = 0; i < nc; i++) {
		memset(&seen[i], 0, sizeof(seen[i]));
		if (i == from || c[i].data < 0)
			continue;
		for (;;) {
			if (recv_one(&c[i], &g, WAIT_MS) < 0) {
				fail("client %d did not get the marker broadcast of client %d", i, from);
				break;
			}
			if (has_tag(&g, marker))
				break;
			if (seen[i].count < 32) {
				int k = seen[i].count++;

				seen[i].lens[k] = g.len;
				if (g.len > 14)
					snprintf(seen[i].tags[k], sizeof(seen[i].tags[k]), "%.*s",
						 (int)(g.len - 14 < 31 ? g.len - 14 : 31),
						 (const char *)g.buf + 14);
			}
		}
	}
}

/* got_tag: how many frames tagged tag client i saw. */
static int
got_tag(const struct seen *s, const char *tag)
{
	int k, n = 0;

	for (k = 0; k < s->count; k++)
		if (strcmp(s->tags[k], tag) == 0)
			n++;
	return n;
}

/* expect: exactly `want` copies of tag at client i, and nothing else. */
static void
expect(const struct seen *s, int i, const char *tag, int want, const char *what)
{
	int n = got_tag(&s[i], tag);

	if (n != want)
		fail("%s: client %d got '%s' %d times, expected %d", what, i, tag, n, want);
	if (s[i].count != n)
		fail("%s: client %d got %d other frames", what, i, s[i].count - n);
}

/*
 * settle: barriers from two different clients, so that every client,
 * the first marker's sender too, has read everything sent so far.
 * Returns what each saw before the first marker (the one from `a`),
 * merged with what `a` saw before the second.
 */
static void
settle(struct client *c, int nc, int a, int b, struct seen *seen)
{
	static struct seen more[MAXC];
	int k;

	barrier(c, nc, a, seen);
	barrier(c, nc, b, more);
	/* a's own frames before b's marker, except a's marker (never echoed). */
	for (k = 0; k < more[a].count && seen[a].count < 32; k++) {
		seen[a].lens[seen[a].count] = more[a].lens[k];
		memcpy(seen[a].tags[seen[a].count++], more[a].tags[k], 32);
	}
}

/* ---- scenarios ---------------------------------------------------------------- */

/* Three clients: broadcast, then unicast once the switch has learned. */
static void
sc_learning(void)
{
	struct client c[3];
	struct seen s[MAXC];
	int i;

	for (i = 0; i < 3; i++)
		client_open(&c[i], i);
	send_tag(&c[0], bcast, c[0].mac, "bcast-from-0");
	settle(c, 3, 1, 2, s);
	expect(s, 1, "bcast-from-0", 1, "broadcast");
	expect(s, 2, "bcast-from-0", 1, "broadcast");
	expect(s, 0, "bcast-from-0", 0, "broadcast not back to its sender");
	/* Clients 1 and 2 are known now (their markers); 0 from its broadcast. */
	send_tag(&c[1], c[0].mac, c[1].mac, "1-to-0");
	send_tag(&c[0], c[2].mac, c[0].mac, "0-to-2");
	settle(c, 3, 1, 2, s);
	expect(s, 0, "1-to-0", 1, "unicast to a learned MAC");
	expect(s, 2, "0-to-2", 1, "unicast to a learned MAC");
	expect(s, 1, "0-to-2", 0, "unicast goes to the learned port only");
	/* A frame to a MAC learned on its own ingress port goes nowhere. */
	send_tag(&c[1], c[1].mac, c[1].mac, "to-own-port");
	settle(c, 3, 1, 2, s);
	if (got_tag(&s[0], "to-own-port") || got_tag(&s[2], "to-own-port"))
		fail("a frame to a MAC on its own ingress port was forwarded");
	if (got_tag(&s[1], "to-own-port") && ours)
		fail("a frame to a MAC on its own ingress port was sent back there");
	else if (got_tag(&s[1], "to-own-port"))
		info("a frame to a MAC on its own ingress port was sent back there");
}

/* Unknown unicast, multicast and broadcast are flooded, never echoed. */
static void
sc_flood(void)
{
	static const uint8_t unknown[6] = { 0x02, 0x99, 0x99, 0x99, 0x99, 0x99 };
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t v6mcast[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
	struct client c[4];
	struct seen s[MAXC];
	int i;

	for (i = 0; i < 4; i++)
		client_open(&c[i], i);
	send_tag(&c[0], unknown, c[0].mac, "unknown-unicast");
	send_tag(&c[0], mcast, c[0].mac, "ipv4-multicast");
	send_tag(&c[0], v6mcast, c[0].mac, "ipv6-multicast");
	send_tag(&c[0], bcast, c[0].mac, "broadcast");
	settle(c, 4, 1, 2, s);
	for (i = 1; i < 4; i++) {
		if (got_tag(&s[i], "unknown-unicast") != 1 || got_tag(&s[i], "ipv4-multicast") != 1 ||
		    got_tag(&s[i], "ipv6-multicast") != 1 || got_tag(&s[i], "broadcast") != 1)
			fail("flooding: client %d got %d of the 4 frames", i, s[i].count);
	}
	if (s[0].count)
		fail("flooding: %d frames came back to their sender", s[0].count);
	/* A group source address is never learned: frames to it stay flooded. */
	send_tag(&c[1], bcast, mcast, "from-a-group-source");
	send_tag(&c[2], mcast, c[2].mac, "to-group");
	settle(c, 4, 3, 0, s);
	if (got_tag(&s[1], "to-group") != 1 || got_tag(&s[0], "to-group") != 1)
		fail("a group source address was learned as a unicast one");
}

/* A MAC that shows up on another port moves there. */
static void
sc_move(void)
{
	struct client c[3];
	struct seen s[MAXC];
	int i;

	for (i = 0; i < 3; i++)
		client_open(&c[i], i);
	send_tag(&c[0], bcast, c[0].mac, "hello-from-0");
	settle(c, 3, 1, 2, s);
	send_tag(&c[1], c[0].mac, c[1].mac, "before-move");
	settle(c, 3, 1, 2, s);
	expect(s, 0, "before-move", 1, "before the move");
	expect(s, 2, "before-move", 0, "before the move");
	/* Client 2 now sends with client 0's address. */
	send_tag(&c[2], bcast, c[0].mac, "moved");
	settle(c, 3, 1, 2, s);
	send_tag(&c[1], c[0].mac, c[1].mac, "after-move");
	settle(c, 3, 1, 2, s);
	expect(s, 2, "after-move", 1, "after the move the MAC is on the new port");
	expect(s, 0, "after-move", 0, "after the move the old port");
}

/* A hub floods everything and learns nothing. */
static void
sc_hub(void)
{
	struct client c[3];
	struct seen s[MAXC];
	int i;

	for (i = 0; i < 3; i++)
		client_open(&c[i], i);
	send_tag(&c[0], bcast, c[0].mac, "hello");
	settle(c, 3, 1, 2, s);
	send_tag(&c[1], c[0].mac, c[1].mac, "to-0");
	settle(c, 3, 1, 2, s);
	expect(s, 0, "to-0", 1, "hub: the addressee");
	expect(s, 2, "to-0", 1, "hub: a third port gets a unicast frame");
	expect(s, 1, "to-0", 0, "hub: not back to the sender");
}

/*
 * A client that goes away: its port is unplugged and its MAC forgotten
 * (frames to it are flooded again), and the switch carries on. With
 * several source MACs on the port, ours forgets them all.
 */
static void
sc_vanish(void)
{
	static const uint8_t extra[2][6] = {
		{ 0x02, 0x55, 0x4d, 0x4b, 0xee, 0x01 }, { 0x02, 0x55, 0x4d, 0x4b, 0xee, 0x02 } };
	struct client c[3];
	struct seen s[MAXC];
	int i, kept = 0;

	for (i = 0; i < 3; i++)
		client_open(&c[i], i);
	send_tag(&c[0], bcast, extra[0], "extra-0");
	send_tag(&c[0], bcast, extra[1], "extra-1");
	send_tag(&c[0], bcast, c[0].mac, "last-from-0");
	settle(c, 3, 1, 2, s);
	send_tag(&c[1], c[0].mac, c[1].mac, "while-there");
	settle(c, 3, 1, 2, s);
	expect(s, 2, "while-there", 0, "learned before the client goes");
	client_close(&c[0]);
	/* The EOF and the frames come on different sockets: probe until the
	 * switch has seen the EOF (frames to the MAC are flooded again). */
	for (i = 0; i < 100; i++) {
		send_tag(&c[1], c[0].mac, c[1].mac, "after-gone");
		barrier(c, 3, 1, s);
		if (got_tag(&s[2], "after-gone"))
			break;
		sleep_ms(100);
	}
	if (i == 100)
		fail("10 s after a client went away its MAC was still learned");
	send_tag(&c[1], extra[0], c[1].mac, "after-gone-x0");
	send_tag(&c[1], extra[1], c[1].mac, "after-gone-x1");
	barrier(c, 3, 1, s);
	kept = !got_tag(&s[2], "after-gone-x0") + !got_tag(&s[2], "after-gone-x1");
	if (kept && ours)
		fail("after a client went away %d of its other MACs were still learned", kept);
	else if (kept)
		info("after a client went away %d of its 3 MACs were still learned "
		     "(only the last one was forgotten)", kept);
	/* The switch still works for the others. */
	send_tag(&c[2], c[1].mac, c[2].mac, "still-works");
	barrier(c, 3, 2, s);
	expect(s, 1, "still-works", 1, "after a client went away");
}

/*
 * Datagrams that are not Ethernet frames, from a port and from a stranger,
 * and garbage on control connections. The switch must survive all of it;
 * ours also drops them.
 */
static void
sc_garbage(void)
{
	static uint8_t big[4000];
	struct client c[4], stranger;
	static struct seen s[MAXC], s2[MAXC];
	struct got g;
	size_t sizes[] = { 0, 5, 13, 1519, 3000 }, i;
	int fd, k, leaked = 0;
	char junk[SWITCH_REQUEST_MAX];
	const char *why;

	for (k = 0; k < 4; k++)
		client_open(&c[k], k);
	/* At most 5 frames between markers: a client queues 10 at most. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		frame(big, bcast, c[0].mac, "bad-size", sizeof(big));
		send_raw(&c[0], big, sizes[i]);
	}
	barrier(c, 4, 0, s);
	send_raw(&c[0], big, frame(big, bcast, c[0].mac, "smallest", 14));
	send_raw(&c[0], big, frame(big, bcast, c[0].mac, "largest", SWITCH_FRAME_MAX));
	/* A datagram from a socket that never registered. */
	bind_data(&stranger, 99);
	stranger.sw = c[0].sw;
	send_tag(&stranger, bcast, bcast, "stranger");
	barrier(c, 4, 0, s2);
	for (k = 0; k < s2[2].count && s[2].count < 32; k++) {
		s[2].lens[s[2].count] = s2[2].lens[k];
		memcpy(s[2].tags[s[2].count++], s2[2].tags[k], 32);
	}
	for (k = 0; k < s[2].count; k++) {
		size_t len = s[2].lens[k];

		if (strcmp(s[2].tags[k], "largest") == 0 && len == SWITCH_FRAME_MAX)
			continue;
		if (len == 14)	/* the smallest frame has no tag */
			continue;
		leaked++;
		if (ours)
			fail("a bad datagram was forwarded: %zu bytes '%s'", len, s[2].tags[k]);
		else
			info("forwarded: a %zu-byte datagram '%s'", len, s[2].tags[k]);
	}
	if (!leaked)
		info("no bad datagram was forwarded");
	for (k = 0, i = 0; k < s[2].count; k++)
		i += s[2].lens[k] == 14;
	if (i != 1)
		fail("the smallest frame (14 bytes) arrived %zu times", i);
	if (ours && !got_tag(&s[2], "largest"))
		fail("the largest frame (%d bytes) did not arrive whole", SWITCH_FRAME_MAX);
	else if (!got_tag(&s[2], "largest"))
		info("the largest frame (%d bytes) did not arrive whole", SWITCH_FRAME_MAX);
	/* Garbage requests: the switch refuses them and keeps serving. */
	for (k = 0; k < 4; k++) {
		fd = ctl_connect();
		for (i = 0; i < sizeof(junk); i++)
			junk[i] = (char)(rand() | 1);
		if (k == 3)
			close(fd);	/* half a request, then gone */
		else if (write(fd, junk, sizeof(junk)) < 0 ||
			 read_reply(fd, big, SWITCH_REPLY_LEN, 1000, &why) == 0)
			fail("a garbage request got a reply");
		if (k != 3)
			close(fd);
	}
	/* Bytes after the request on a control connection: a client that
	 * does not speak the protocol; the switch unplugs it. */
	memset(junk, 0x5a, sizeof(junk));
	if (write(c[3].ctl, junk, sizeof(junk)) != (ssize_t)sizeof(junk))
		die("write");
	if (read_reply(c[3].ctl, big, 1, WAIT_MS, &why) == 0 || strcmp(why, "connection closed"))
		fail("a client that wrote bytes after its request was not unplugged");
	client_close(&c[3]);
	/* The switch still forwards: a broadcast, and a unicast to a MAC it
	 * learned from good frames only. */
	send_tag(&c[1], bcast, c[1].mac, "bcast-after-garbage");
	send_tag(&c[1], c[2].mac, c[1].mac, "after-garbage");
	barrier(c, 4, 0, s);
	if (got_tag(&s[2], "bcast-after-garbage") != 1)
		fail("the switch stopped forwarding after the garbage");
	if (got_tag(&s[2], "after-garbage") != 1 && ours)
		fail("after the garbage a unicast frame did not reach its learned port");
	else if (got_tag(&s[2], "after-garbage") != 1)
		info("after the garbage a unicast frame did not reach its learned port "
		     "(bad datagrams moved the MAC to the wrong port)");
	while (recv_one(&stranger, &g, 0) >= 0)
		;
}

/* Requests of other versions: v1 is answered, v2 and v7 are not. */
static void
sc_versions(void)
{
	struct switch_request_v1 v1;
	struct switch_request_v3 bad;
	struct client c[2];
	struct seen s[MAXC];
	const char *why;
	int v, fd;

	client_open(&c[0], 0);
	memset(&c[1], 0, sizeof(c[1]));
	mac_of(c[1].mac, 1);
	bind_data(&c[1], 1);
	c[1].ctl = ctl_connect();
	memset(&v1, 0, sizeof(v1));
	v1.magic = SWITCH_MAGIC;
	v1.type = SWITCH_REQ_NEW_CONTROL;
	v1.sock = c[1].me;
	if (write(c[1].ctl, &v1, sizeof(v1)) != (ssize_t)sizeof(v1))
		die("write");
	if (read_reply(c[1].ctl, &c[1].sw, sizeof(c[1].sw), WAIT_MS, &why) < 0)
		fail("v1 request: %s", why);
	else if (memcmp(&c[1].sw, &c[0].sw, sizeof(c[0].sw)) != 0)
		fail("v1 and v3 replies name different data sockets");
	send_tag(&c[1], bcast, c[1].mac, "from-v1");
	barrier(c, 2, 1, s);
	if (got_tag(&s[0], "from-v1") != 1)
		fail("frames of a v1 client were not forwarded");
	barrier(c, 2, 0, s);	/* and it receives them */
	for (v = 2; v <= 7; v += 5) {
		fd = ctl_connect();
		switch_request_v3_init(&bad, &c[0].me);
		bad.version = (uint32_t)v;
		if (write(fd, &bad, sizeof(bad)) != (ssize_t)sizeof(bad))
			die("write");
		if (read_reply(fd, &c[1].sw, sizeof(c[1].sw), 1000, &why) == 0)
			fail("a v%d request got a reply", v);
		else if (ours && strcmp(why, "connection closed") != 0)
			fail("a v%d request was not refused (%s)", v, why);
		else if (strcmp(why, "connection closed") != 0)
			info("a v%d request: %s, the connection was left open", v, why);
		close(fd);
	}
}

/* n clients: every broadcast reaches the n-1 others; unicast in a ring. */
static void
sc_many(int n)
{
	static struct client c[MAXC];
	static struct seen s[MAXC];
	char tag[32];
	struct got g;
	int i, j;

	if (n < 2 || n > MAXC) {
		printf("FAIL: many: 2 to %d clients\n", MAXC);
		exit(1);
	}
	for (i = 0; i < n; i++)
		client_open(&c[i], i);
	for (i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "bcast-%d", i);
		send_tag(&c[i], bcast, c[i].mac, tag);
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (recv_one(&c[j], &g, WAIT_MS) < 0 || !has_tag(&g, tag)) {
				fail("many: client %d did not get the broadcast of client %d", j, i);
				return;
			}
		}
	}
	for (i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "ring-%d", i);
		send_tag(&c[i], c[(i + 1) % n].mac, c[i].mac, tag);
	}
	settle(c, n, 0, 1, s);
	for (i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "ring-%d", (i + n - 1) % n);
		if (got_tag(&s[i], tag) != 1 || s[i].count != 1)
			fail("many: client %d got %d frames, expected only '%s'", i, s[i].count, tag);
	}
	printf("%d clients: %d broadcasts to %d ports each, %d unicasts\n", n, n, n - 1, n);
}

/*
 * Ageing: a MAC learned from client 0 is sent to it alone until `early`
 * seconds after its last frame; at `late` seconds it has been forgotten
 * and a frame to it is flooded. The markers come from clients 1 and 2 so
 * that nothing refreshes client 0's address.
 */
static void
sc_age(double early, double late)
{
	struct client c[3];
	struct seen s[MAXC];
	double t0;
	int i;

	for (i = 0; i < 3; i++)
		client_open(&c[i], i);
	send_tag(&c[0], bcast, c[0].mac, "learn-me");
	t0 = now_s();
	barrier(c, 3, 1, s);
	while (now_s() - t0 < early)
		sleep_ms(100);
	send_tag(&c[1], c[0].mac, c[1].mac, "early");
	barrier(c, 3, 1, s);
	if (now_s() - t0 > late - 1)
		printf("info: the host is slow: the early check ran %.1f s after learning\n",
		       now_s() - t0);
	if (got_tag(&s[2], "early"))
		fail("ageing: the MAC was forgotten already %.0f s after its last frame", early);
	if (got_tag(&s[0], "early") != 1)
		fail("ageing: the learned port did not get the frame at %.0f s", early);
	while (now_s() - t0 < late)
		sleep_ms(100);
	send_tag(&c[1], c[0].mac, c[1].mac, "late");
	barrier(c, 3, 1, s);
	if (got_tag(&s[2], "late") != 1)
		fail("ageing: the MAC was still learned %.0f s after its last frame", late);
	if (got_tag(&s[0], "late") != 1)
		fail("ageing: client 0 did not get the flooded frame");
	printf("learned at 0 s; unicast at %.0f s, flooded at %.0f s\n", early, late);
}

/*
 * arp: one client asks for the MAC of host_ip (the host end of a TAP
 * device on the switch) and must get the host's ARP reply: frames go both
 * ways between the switch's sockets and the host's network stack.
 */
static void
sc_arp(const char *my_ip, const char *host_ip)
{
	uint8_t req[60], mine[4], theirs[4];
	struct client c;
	struct got g;
	double t0;

	if (sscanf(my_ip, "%hhu.%hhu.%hhu.%hhu", &mine[0], &mine[1], &mine[2], &mine[3]) != 4 ||
	    sscanf(host_ip, "%hhu.%hhu.%hhu.%hhu", &theirs[0], &theirs[1], &theirs[2], &theirs[3]) != 4) {
		printf("FAIL: arp: give two IPv4 addresses\n");
		exit(1);
	}
	client_open(&c, 7);
	memset(req, 0, sizeof(req));
	memcpy(req, bcast, 6);
	memcpy(req + 6, c.mac, 6);
	req[12] = 0x08;			/* ARP */
	req[13] = 0x06;
	req[15] = 1;			/* Ethernet */
	req[16] = 0x08;			/* IPv4 */
	req[18] = 6;
	req[19] = 4;
	req[21] = 1;			/* request */
	memcpy(req + 22, c.mac, 6);
	memcpy(req + 28, mine, 4);
	memcpy(req + 38, theirs, 4);
	t0 = now_s();
	send_raw(&c, req, sizeof(req));
	while (now_s() - t0 < WAIT_MS / 1000.0) {
		if (recv_one(&c, &g, 500) < 0) {
			send_raw(&c, req, sizeof(req));	/* the host may drop the first */
			continue;
		}
		if (g.len >= 42 && g.buf[12] == 0x08 && g.buf[13] == 0x06 && g.buf[21] == 2 &&
		    memcmp(g.buf + 28, theirs, 4) == 0 && memcmp(g.buf, c.mac, 6) == 0) {
			printf("ARP reply: %s is at %02x:%02x:%02x:%02x:%02x:%02x\n", host_ip,
			       g.buf[22], g.buf[23], g.buf[24], g.buf[25], g.buf[26], g.buf[27]);
			return;
		}
	}
	fail("arp: no ARP reply for %s within %d s", host_ip, WAIT_MS / 1000);
}

/* ping: two clients exchange a broadcast: the switch is up and serving. */
static void
sc_ping(void)
{
	struct client c[2];
	struct seen s[MAXC];

	client_open(&c[0], 0);
	client_open(&c[1], 1);
	send_tag(&c[0], bcast, c[0].mac, "ping");
	barrier(c, 2, 0, s);
	barrier(c, 2, 1, s);
}

/* hold: one client registers and waits for stdin to close (a live port). */
static void
sc_hold(void)
{
	struct client c;
	char b;

	client_open(&c, 0);
	printf("registered\n");
	fflush(stdout);
	while (read(STDIN_FILENO, &b, 1) > 0)
		;
}

static void
usage(void)
{
	fprintf(stderr, "Usage: switch_client [--ours] <control socket> <scenario> [args]\n"
		"scenarios: learning flood move hub vanish garbage versions many <n>\n"
		"           age <early s> <late s> arp <my ip> <host ip> ping hold\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *sc;
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	srand((unsigned int)getpid());
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--ours") == 0)
			ours = true;
		else
			usage();
	}
	if (argc - i < 2)
		usage();
	ctl_path = argv[i];
	sc = argv[i + 1];
	if (strcmp(sc, "learning") == 0)
		sc_learning();
	else if (strcmp(sc, "flood") == 0)
		sc_flood();
	else if (strcmp(sc, "move") == 0)
		sc_move();
	else if (strcmp(sc, "hub") == 0)
		sc_hub();
	else if (strcmp(sc, "vanish") == 0)
		sc_vanish();
	else if (strcmp(sc, "garbage") == 0)
		sc_garbage();
	else if (strcmp(sc, "versions") == 0)
		sc_versions();
	else if (strcmp(sc, "many") == 0 && argc - i == 3)
		sc_many(atoi(argv[i + 2]));
	else if (strcmp(sc, "age") == 0 && argc - i == 4)
		sc_age(atof(argv[i + 2]), atof(argv[i + 3]));
	else if (strcmp(sc, "ping") == 0)
		sc_ping();
	else if (strcmp(sc, "arp") == 0 && argc - i == 4)
		sc_arp(argv[i + 2], argv[i + 3]);
	else if (strcmp(sc, "hold") == 0)
		sc_hold();
	else
		usage();
	return failures ? 1 : 0;
}
