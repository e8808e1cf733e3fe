/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The uml_switch protocol: UML's "daemon" network transport
 * (eth<N>=daemon,<mac>,unix,<ctl>) and the uml_switch program speak it.
 *
 * A client (a UML network interface) binds an AF_UNIX datagram socket for
 * its frames, connects to the switch's control socket (AF_UNIX stream, a
 * path) and writes one request naming its datagram socket. The switch
 * answers with the address of its own datagram socket (not for v0) and
 * from then on the two exchange raw Ethernet frames, one per datagram (no
 * header, no FCS). The control connection stays open and idle; when it
 * closes, the switch unplugs the port. The switch knows which port a frame
 * came from only by the sender's address, which must be byte for byte the
 * one in the request.
 *
 * Versions of the request (all host byte order, x86_64 layout):
 *
 *   v0  { type; addr[6]; name }        no magic; no reply. The switch's data
 *                                      socket is then a path the client knows
 *                                      in advance (uml_switch -compat-v0).
 *   v1  { magic; type; addr[6]; name } reply: the switch's data address.
 *   v2  { magic; version=2; ... }      never accepted by uml_switch.
 *   v3  { magic; version=3; type; name } reply: the switch's data address.
 *                                      What UML sends today.
 *
 * addr[] (v0, v1) was meant for the client's MAC; switches ignore it.
 *
 * Both sides name their datagram sockets in the abstract namespace with a
 * sockaddr_un whose path starts with struct switch_abstract_name and is
 * zero after it, bound with the full sizeof(struct sockaddr_un) = 110
 * bytes: all 108 path bytes are part of the name. Notes and captures:
 * shared/docs/uml-switch.md.
 *
 * Only freestanding headers here: the kernel's daemon transport and the
 * uml_switch tool both include this file.
 */
#ifndef PROTO_SWITCH_H
#define PROTO_SWITCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SWITCH_MAGIC		0xfeedfaceU
#define SWITCH_VERSION		3	/* what UML sends and expects */
#define SWITCH_REQ_NEW_CONTROL	0	/* the only request type */

#define SWITCH_AF_UNIX		1	/* AF_UNIX on Linux */
#define SWITCH_PATH_LEN		108	/* sun_path */

/* Ethernet frames on the data sockets: header, payload up to a 1500-byte
 * MTU and room for one 802.1Q tag (UML reads mtu + 14 + 4 bytes). */
#define SWITCH_ETH_ALEN		6
#define SWITCH_ETH_HLEN		14
#define SWITCH_FRAME_MIN	SWITCH_ETH_HLEN
#define SWITCH_FRAME_MAX	(1500 + SWITCH_ETH_HLEN + 4)

/* The default control socket of uml_switch (and of upstream UML; Debian's
 * UML is built with /var/run/uml-utilities/uml_switch.ctl instead). */
#define SWITCH_DEFAULT_CTL	"/tmp/uml.ctl"
/* The default data socket path of the v0 protocol (-compat-v0). */
#define SWITCH_DEFAULT_DATA	"/tmp/uml.data"

/* struct sockaddr_un exactly as Linux lays it out: 110 bytes. */
struct switch_sockaddr {
	uint16_t family;		/* SWITCH_AF_UNIX */
	char path[SWITCH_PATH_LEN];	/* path[0] == 0: abstract name */
};

/* The start of path[] of an abstract data socket name. Both UML and
 * uml_switch use their pid and the microseconds of the current time. */
struct switch_abstract_name {
	uint8_t zero;			/* 0: the abstract namespace */
	uint8_t pad[3];
	int32_t pid;
	int32_t usecs;
};

/* The v3 request (124 bytes with the tail padding). */
struct switch_request_v3 {
	uint32_t magic;			/* SWITCH_MAGIC */
	uint32_t version;		/* 3 */
	uint32_t type;			/* SWITCH_REQ_NEW_CONTROL (a C enum) */
	struct switch_sockaddr sock;	/* the client's data socket */
};

/* The v1 request (124 bytes): a magic but no version field. */
struct switch_request_v1 {
	uint32_t magic;
	uint32_t type;
	uint8_t addr[SWITCH_ETH_ALEN];
	struct switch_sockaddr sock;
};

/* The v0 request (120 bytes): no magic, no reply. */
struct switch_request_v0 {
	uint32_t type;
	uint8_t addr[SWITCH_ETH_ALEN];
	struct switch_sockaddr sock;
};

/* The reply to v1 and v3 requests is a bare struct switch_sockaddr. */
#define SWITCH_REPLY_LEN	sizeof(struct switch_sockaddr)
/* The most bytes any request takes. */
#define SWITCH_REQUEST_MAX	sizeof(struct switch_request_v3)

_Static_assert(sizeof(struct switch_sockaddr) == 110, "sockaddr_un is 110 bytes");
_Static_assert(sizeof(struct switch_abstract_name) == 12, "abstract name is 12 bytes");
_Static_assert(sizeof(struct switch_request_v3) == 124, "v3 request is 124 bytes");
_Static_assert(offsetof(struct switch_request_v3, sock) == 12, "v3 name at 12");
_Static_assert(sizeof(struct switch_request_v1) == 124, "v1 request is 124 bytes");
_Static_assert(offsetof(struct switch_request_v1, sock) == 14, "v1 name at 14");
_Static_assert(sizeof(struct switch_request_v0) == 120, "v0 request is 120 bytes");
_Static_assert(offsetof(struct switch_request_v0, sock) == 10, "v0 name at 10");

/*
 * switch_abstract_addr fills *sa with the abstract name UML and uml_switch
 * use for a data socket: zeros, then pid and usecs. Bind it and put it in
 * the request with the full sizeof(*sa), so both are the same 110 bytes.
 */
static inline void
switch_abstract_addr(struct switch_sockaddr *sa, int32_t pid, int32_t usecs)
{
	struct switch_abstract_name name = { .pid = pid, .usecs = usecs };

	memset(sa, 0, sizeof(*sa));
	sa->family = SWITCH_AF_UNIX;
	memcpy(sa->path, &name, sizeof(name));
}

/* switch_request_v3_init fills a v3 request naming the data socket *data. */
static inline void
switch_request_v3_init(struct switch_request_v3 *req,
		       const struct switch_sockaddr *data)
{
	memset(req, 0, sizeof(*req));
	req->magic = SWITCH_MAGIC;
	req->version = SWITCH_VERSION;
	req->type = SWITCH_REQ_NEW_CONTROL;
	req->sock = *data;
}

/* switch_mac_is_group: the multicast/broadcast bit of a MAC address. */
static inline int
switch_mac_is_group(const uint8_t *mac)
{
	return mac[0] & 1;
}

#endif /* PROTO_SWITCH_H */
