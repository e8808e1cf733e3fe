// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data path of uml_switch: frames in from the data socket and the TAP
 * device, the forwarding decision, frames out.
 *
 * A frame is accepted only from a registered client (the sender's address
 * is a port's) and only if its size is an Ethernet frame's, 14 to 1518
 * bytes; anything else is dropped and counted, with one message per port
 * (Debian's switch floods frames from unknown senders and forwards any
 * size, truncating above 1514). Then, as a learning bridge does:
 *
 *   - learn: the source MAC is on the ingress port (not in hub mode; never a
 *     group or all-zero source);
 *   - hub mode, or a group (broadcast/multicast) destination: flood;
 *   - a destination learned on another port: send it there only;
 *   - a destination learned on the ingress port: drop (it is already there);
 *   - an unknown destination: flood.
 *
 * Flooding means every active port but the ingress one: no frame ever goes
 * back where it came from. Sends never block: a client whose queue is full
 * loses the frame (counted), the others do not wait for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "uml_switch.h"

#define RX_BATCH	64	/* frames taken from one source per wakeup */
#define STRAY_LOG_MS	10000	/* at most one message per 10 s for those */
#define TAP_HINT	" (run as root, or make a persistent TAP device for this user, " \
			"ip tuntap add <dev> mode tap user <user>, and let the user open " \
			"/dev/net/tun)"

const char *
mac_str(const uint8_t *m, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

/* warn_once logs a port's problem the first time it happens. */
static void
warn_once(struct sw *sw, struct port *p, unsigned int what, const char *fmt,
	  const char *detail)
{
	if (p->warned & what)
		return;
	p->warned |= what;
	sw_log(sw, LOG_WARNING, fmt, p->id, detail);
}

static void
port_send(struct sw *sw, struct port *p, const uint8_t *frame, size_t len)
{
	ssize_t n;

	if (p->kind == PORT_SOCK)
		n = sendto(sw->data.fd, frame, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   (const struct sockaddr *)&p->addr, sizeof(p->addr));
	else
		n = write(p->w.fd, frame, len);
	if (n == (ssize_t)len) {
		p->tx++;
		return;
	}
	p->dropped++;
	if (n < 0 && errno == EIO && p->kind == PORT_TAP)
		warn_once(sw, p, WARN_SEND, "port %u: %s; dropping frames to it until it is up",
			  "the TAP device is down");
	else if (n < 0 && (errno == EAGAIN || errno == ENOBUFS))
		warn_once(sw, p, WARN_SEND, "port %u: %s; dropping frames to it",
			  "its receive queue is full");
	else
		warn_once(sw, p, WARN_SEND, "port %u: cannot send to it: %s; dropping frames to it",
			  n < 0 ? strerror(errno) : "short write");
}

static void
flood(struct sw *sw, struct port *in, const uint8_t *frame, size_t len)
{
	struct port *p;

	for (p = sw->ports; p; p = p->next)
		if (p != in)
			port_send(sw, p, frame, len);
}

static void
learn(struct sw *sw, struct port *in, const uint8_t *src)
{
	static const uint8_t zero[SWITCH_ETH_ALEN];
	struct port *old;
	void *o;
	char m[18];

	if (switch_mac_is_group(src) || memcmp(src, zero, sizeof(zero)) == 0)
		return;
	switch (fdb_learn(&sw->fdb, src, in, sw->now, &o)) {
	case FDB_REFRESHED:
		break;
	case FDB_NEW:
		sw_log(sw, LOG_INFO, "port %u: learned %s", in->id, mac_str(src, m));
		break;
	case FDB_MOVED:
		old = o;
		sw_log(sw, LOG_INFO, "port %u: learned %s (moved from port %u)", in->id,
		       mac_str(src, m), old->id);
		break;
	case FDB_FULL:
		if (sw->now - sw->full_log >= STRAY_LOG_MS || !sw->full_log) {
			sw->full_log = sw->now ? sw->now : 1;
			sw_log(sw, LOG_WARNING, "MAC table full (%u addresses): not learning %s; "
			       "frames to it are flooded", sw->fdb.count, mac_str(src, m));
		}
		break;
	}
}

void
forward_frame(struct sw *sw, struct port *in, const uint8_t *frame, size_t len)
{
	const uint8_t *dst = frame, *src = frame + SWITCH_ETH_ALEN;
	struct port *out;

	in->rx++;
	if (!sw->hub)
		learn(sw, in, src);
	if (sw->hub || switch_mac_is_group(dst)) {
		flood(sw, in, frame, len);
		return;
	}
	out = fdb_lookup(&sw->fdb, dst, sw->now);
	if (!out)
		flood(sw, in, frame, len);
	else if (out != in)
		port_send(sw, out, frame, len);
}

/* size_ok: a frame from p of n bytes (its real size) is an Ethernet frame. */
static bool
size_ok(struct sw *sw, struct port *p, ssize_t n)
{
	char detail[64];

	if (n >= SWITCH_FRAME_MIN && n <= SWITCH_FRAME_MAX)
		return true;
	p->rx++;
	p->dropped++;
	snprintf(detail, sizeof(detail), "%zd bytes", n);
	warn_once(sw, p, WARN_SIZE, "port %u: dropping frames of a bad size (%s; "
		  "frames are 14 to 1518 bytes)", detail);
	return false;
}

static void
stray(struct sw *sw, const struct sockaddr_un *from, socklen_t flen)
{
	sw->stray++;
	if (sw->last_stray_log && sw->now - sw->last_stray_log < STRAY_LOG_MS)
		return;
	sw->last_stray_log = sw->now ? sw->now : 1;
	sw_log(sw, LOG_WARNING, "dropped a frame from a socket that is no port (%s%s); "
	       "%llu such frames so far", flen > sizeof(from->sun_family) &&
	       from->sun_path[0] ? "" : "abstract or unnamed",
	       flen > sizeof(from->sun_family) && from->sun_path[0] ? from->sun_path : "",
	       (unsigned long long)sw->stray);
}

void
data_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	static uint8_t buf[SWITCH_FRAME_MAX];
	struct sockaddr_un from;
	socklen_t flen;
	struct port *p;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < RX_BATCH; i++) {
		flen = sizeof(from);
		n = recvfrom(w->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT,
			     (struct sockaddr *)&from, &flen);
		if (n < 0)
			return;		/* EAGAIN: drained */
		p = port_find(sw, &from, flen);
		if (!p)
			stray(sw, &from, flen);
		else if (size_ok(sw, p, n))
			forward_frame(sw, p, buf, (size_t)n);
	}
}

/* ---- the TAP port ----------------------------------------------------------- */

static void
tap_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	static uint8_t buf[65536];	/* any frame the device can hold */
	struct port *p = (struct port *)w;
	char why[128];
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < RX_BATCH; i++) {
		n = read(w->fd, buf, sizeof(buf));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			if (n == 0)
				snprintf(why, sizeof(why), "closed: TAP device '%s' went away",
					 sw->tap_name);
			else
				snprintf(why, sizeof(why), "closed: reading TAP device '%s' failed: %s",
					 sw->tap_name, strerror(errno));
			port_close(sw, p, why);
			return;
		}
		if (size_ok(sw, p, n))
			forward_frame(sw, p, buf, (size_t)n);
	}
}

int
tap_open(struct sw *sw)
{
	struct ifreq ifr;
	struct port *p;
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		sw_log(sw, LOG_ERR, "cannot open /dev/net/tun for TAP device '%s': %s%s",
		       sw->tap_name, strerror(errno), errno == EACCES ? TAP_HINT : "");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", sw->tap_name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		sw_log(sw, LOG_ERR, "cannot attach TAP device '%s': %s%s", sw->tap_name,
		       strerror(errno), errno == EPERM ? TAP_HINT : "");
		close(fd);
		return -1;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		close(fd);
		return -1;
	}
	p->kind = PORT_TAP;
	p->w.fd = fd;
	p->w.ready = tap_ready;
	if (sw_watch(sw, &p->w, EPOLLIN) < 0 || port_activate(sw, p) < 0) {
		sw_log(sw, LOG_ERR, "cannot add TAP device '%s': %s", sw->tap_name, strerror(errno));
		epoll_ctl(sw->epfd, EPOLL_CTL_DEL, fd, NULL);
		close(fd);
		free(p);
		return -1;
	}
	sw_log(sw, LOG_INFO, "port %u: TAP device '%s'", p->id, ifr.ifr_name);
	return 0;
}
