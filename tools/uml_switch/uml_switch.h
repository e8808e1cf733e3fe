/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uml_switch internals. The program is one event loop (main.c) over epoll
 * with four kinds of sources:
 *
 *   the control socket   accepts clients; each connection is a port, first
 *                        "pending" until its request is read (ctl.c);
 *   the data socket      one datagram socket for every client's frames; the
 *                        sender's address tells the port (forward.c);
 *   a TAP device         one more port whose fd carries frames (forward.c);
 *   signals and stdin    a signalfd; a terminal's EOF (main.c).
 *
 * Pure parts with no host calls, unit-tested: the request parser
 * (request.c) and the MAC table with ageing (fdb.c). The wire format is in
 * include/proto/switch.h, shared with the kernel's daemon transport.
 *
 * Ownership: struct sw owns every port. A port is freed only by
 * port_close(), which unlinks it from everything at once and parks it on
 * sw->dead until the current batch of epoll events is done, so an event
 * already fetched for it finds fd == -1 instead of freed memory.
 */
#ifndef UML_SWITCH_H
#define UML_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "switch.h"

/* ---- request.c: the control request, pure ---------------------------- */

enum req_status {
	REQ_MORE,		/* not enough bytes yet to decide */
	REQ_OK,
	REQ_BAD_TYPE,		/* a request type other than NEW_CONTROL */
	REQ_BAD_VERSION,	/* v2 (never supported) or above v3 */
	REQ_BAD_FAMILY,		/* the data socket is not AF_UNIX */
};

struct req_parsed {
	int version;			/* 0, 1 or 3 */
	uint32_t value;			/* the bad type or version, for messages */
	size_t len;			/* bytes the request takes */
	bool reply;			/* v1 and v3 are answered */
	struct switch_sockaddr sock;	/* the client's data socket, as a key */
};

/*
 * switch_parse_request looks at the first len bytes a client wrote on its
 * control connection. REQ_MORE until it has all of the request its first
 * bytes announce; then REQ_OK with *out filled, or why it is refused.
 */
enum req_status switch_parse_request(const void *buf, size_t len,
				     struct req_parsed *out);

/*
 * switch_addr_key turns a socket address (as recvfrom or a request gives
 * it, addrlen bytes) into the key a port is found by: a path name up to its
 * NUL, an abstract name with all 108 bytes. Returns false for an address
 * that cannot be a client's (not AF_UNIX, unnamed, a short abstract name).
 */
bool switch_addr_key(struct switch_sockaddr *key, const void *addr, size_t addrlen);

/* switch_req_strerror is a phrase for a refusal. */
const char *switch_req_strerror(enum req_status st);

/* ---- fdb.c: the MAC table with ageing, pure ----------------------------- */

struct fdb_entry {
	uint8_t mac[SWITCH_ETH_ALEN];
	void *port;			/* opaque to the table */
	uint64_t seen;			/* ms, last frame from this MAC */
	struct fdb_entry *next;		/* bucket chain */
};

struct fdb {
	struct fdb_entry **bucket;
	unsigned int nbuckets;		/* a power of two */
	unsigned int count;
	unsigned int max;		/* entries kept at most */
	uint64_t age;			/* ms an entry lives without a frame */
};

enum fdb_learned {
	FDB_REFRESHED,			/* known on this port: time updated */
	FDB_NEW,
	FDB_MOVED,			/* was on another port (*old) */
	FDB_FULL,			/* table full: not learned */
};

/* fdb_init makes an empty table; age in ms. Returns -ENOMEM on failure. */
int fdb_init(struct fdb *t, unsigned int nbuckets, unsigned int max, uint64_t age);
void fdb_destroy(struct fdb *t);
/* fdb_learn records that mac was seen on port at now (ms). */
enum fdb_learned fdb_learn(struct fdb *t, const uint8_t *mac, void *port,
			   uint64_t now, void **old);
/* fdb_lookup is the port of mac, or NULL if unknown or expired at now. */
void *fdb_lookup(struct fdb *t, const uint8_t *mac, uint64_t now);
/* fdb_expire drops the entries expired at now; returns how many. */
unsigned int fdb_expire(struct fdb *t, uint64_t now);
/* fdb_forget_port drops every entry of port; returns how many. */
unsigned int fdb_forget_port(struct fdb *t, const void *port);

/* ---- the switch ----------------------------------------------------------- */

struct sw;

/* An epoll source: ready() runs when fd has events. */
struct watch {
	int fd;
	void (*ready)(struct sw *sw, struct watch *w, uint32_t events);
};

enum port_kind { PORT_SOCK, PORT_TAP };

#define PORT_HASH	256	/* buckets of the address -> port table */

struct port {
	struct watch w;			/* control connection, or the TAP fd */
	enum port_kind kind;
	bool active;			/* request accepted: frames flow */
	unsigned int id;		/* small number for messages; 0 while pending */
	pid_t peer_pid;			/* client's pid (SO_PEERCRED), 0 if unknown */
	/* pending: the request bytes read so far, and until when to wait */
	uint8_t req[SWITCH_REQUEST_MAX];
	size_t req_len;
	uint64_t deadline;
	/* active PORT_SOCK: where its frames go, and the key they come from */
	struct switch_sockaddr addr;
	struct port *hnext;		/* address hash chain */
	struct port *next, *prev;	/* sw->ports or sw->pending */
	uint64_t rx, tx, dropped;	/* frames */
	unsigned int warned;		/* WARN_* already logged for this port */
};

/* One-time warnings per port. */
#define WARN_SIZE	1u
#define WARN_SEND	2u

/* A socket this switch bound to a path, removed again at exit. */
struct bound_path {
	const char *path;		/* as the user gave it (messages) */
	int dirfd;			/* its directory: survives chdir("/") */
	char *base;			/* its last component */
	dev_t dev;			/* the inode we made, so that we never */
	ino_t ino;			/* remove another program's socket */
	bool made;
};

struct sw {
	/* options */
	const char *ctl_path;
	const char *data_path;		/* -compat-v0 only */
	const char *tap_name;
	bool hub, compat_v0, daemon;
	uint64_t age;			/* ms */
	/* event loop */
	int epfd;
	uint64_t now;			/* ms, CLOCK_MONOTONIC, per batch */
	bool stop;
	int stop_signal;
	struct watch listen, data, sig, in;
	bool listen_paused;		/* out of fds: accept again later */
	uint64_t listen_retry;
	uint64_t next_sweep;
	/* sockets */
	struct bound_path ctl, datap;
	struct switch_sockaddr data_addr;	/* the reply to v1/v3 requests */
	/* ports */
	struct port *ports;		/* active, in the order they came */
	struct port *pending;		/* control connections without a request */
	struct port *dead;		/* closed during this batch */
	struct port *hash[PORT_HASH];
	struct port **by_id;		/* id -> active port */
	unsigned int nids;
	unsigned int nports;
	struct fdb fdb;
	/* totals and rate limits */
	uint64_t stray, last_stray_log, full_log, last_accept_log;
	bool syslog;
};

/* main.c */
void sw_log(struct sw *sw, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sw_watch(struct sw *sw, struct watch *w, uint32_t events);
uint64_t sw_clock(void);

/* ctl.c */
int ctl_open(struct sw *sw);
int data_open(struct sw *sw);
void bound_remove(struct bound_path *b);
void ctl_expire_pending(struct sw *sw);
void port_close(struct sw *sw, struct port *p, const char *why);
/* port_activate gives p an id and puts it among the ports frames flow to. */
int port_activate(struct sw *sw, struct port *p);
void ports_reap(struct sw *sw);
void ports_close_all(struct sw *sw);
/* port_find is the active port whose data socket has address addr. */
struct port *port_find(struct sw *sw, const void *addr, size_t addrlen);

/* forward.c */
void data_ready(struct sw *sw, struct watch *w, uint32_t events);
int tap_open(struct sw *sw);
void forward_frame(struct sw *sw, struct port *in, const uint8_t *frame, size_t len);
const char *mac_str(const uint8_t *mac, char buf[18]);

#endif /* UML_SWITCH_H */
