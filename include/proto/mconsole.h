/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * UML's management console ("mconsole") wire format, protocol version 2.
 *
 * The mconsole is a Unix datagram socket the kernel binds at
 * <uml_dir>/<umid>/mconsole (uml_dir is ~/.uml by default). A client binds
 * its own socket (UML replies to the address recvfrom() gives it), sends
 * one request datagram per command and reads one or more reply datagrams:
 *
 *   request  magic, version, len, data[512]    always sent whole (524 bytes)
 *   reply    err, more, len, data[len]         sent as 12 + len bytes
 *
 * All fields are in host byte order (the client and the kernel run on the
 * same host). A reply text longer than MCONSOLE_REPLY_CHUNK bytes is cut
 * into several datagrams: `more` is 1 on every one but the last, `err` is
 * set only on the first, and `len` counts the text plus its NUL. Commands
 * that stream output (proc, sysrq, stack) send a packet per piece with
 * more = 1 and end with an empty packet with more = 0.
 *
 * The kernel also sends notifications, unasked, to a socket named with
 * mconsole=notify:<path>: struct mconsole_notify, e.g. MCONSOLE_SOCKET
 * with the mconsole socket's path once it is ready.
 *
 * This header is the format only, shared by tools/uml_console.c, the
 * kernel's mconsole server and the unit tests: no host calls, nothing
 * beyond the freestanding headers and <string.h>. Notes and captured
 * exchanges with real UML: shared/docs/mconsole.md.
 */
#ifndef PROTO_MCONSOLE_H
#define PROTO_MCONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MCONSOLE_MAGIC		0xcafebabeU
#define MCONSOLE_VERSION	2
#define MCONSOLE_MAX_DATA	512	/* data[] of requests, replies, notifies */
/* Longest command: data[] holds it with its NUL; UML refuses len >= 512. */
#define MCONSOLE_MAX_CMD	(MCONSOLE_MAX_DATA - 1)
/* Text bytes in one reply datagram (its len field is this plus the NUL). */
#define MCONSOLE_REPLY_CHUNK	(MCONSOLE_MAX_DATA - 1)
#define MCONSOLE_REQUEST_SIZE	524	/* sizeof(struct mconsole_request) */
#define MCONSOLE_REPLY_HDR	12	/* err, more, len */
#define MCONSOLE_NOTIFY_HDR	16	/* magic, version, type, len */

struct mconsole_request {
	uint32_t magic;			/* MCONSOLE_MAGIC */
	uint32_t version;		/* MCONSOLE_VERSION */
	uint32_t len;			/* strlen of the command, < 512 */
	char data[MCONSOLE_MAX_DATA];	/* the command, NUL-padded */
};

struct mconsole_reply {
	int32_t err;			/* 0 ok; 1 or a negative errno: error */
	uint32_t more;			/* 1: another datagram of this reply follows */
	uint32_t len;			/* text bytes in data, NUL included: 1..512 */
	char data[MCONSOLE_MAX_DATA];
};

/* Types of struct mconsole_notify. */
enum mconsole_notify_type {
	MCONSOLE_SOCKET = 0,		/* data: the mconsole socket's path + NUL */
	MCONSOLE_PANIC = 1,		/* data: the panic message + NUL */
	MCONSOLE_HANG = 2,
	MCONSOLE_USER_NOTIFY = 3,	/* data: what the guest wrote to /proc/mconsole */
};

struct mconsole_notify {
	uint32_t magic;			/* MCONSOLE_MAGIC */
	uint32_t version;		/* MCONSOLE_VERSION */
	uint32_t type;			/* enum mconsole_notify_type */
	uint32_t len;			/* bytes in data (a string's NUL included) */
	char data[MCONSOLE_MAX_DATA];	/* sent as 16 + len bytes */
};

_Static_assert(sizeof(struct mconsole_request) == MCONSOLE_REQUEST_SIZE,
	       "mconsole request is 524 bytes on the wire");
_Static_assert(offsetof(struct mconsole_reply, data) == MCONSOLE_REPLY_HDR,
	       "mconsole reply text starts at byte 12");
_Static_assert(offsetof(struct mconsole_notify, data) == MCONSOLE_NOTIFY_HDR,
	       "mconsole notify data starts at byte 16");

/*
 * mconsole_request_init - a request for the command cmd[0..len), which the
 * caller has checked is at most MCONSOLE_MAX_CMD bytes. The whole struct is
 * written, so the datagram carries no stale bytes after the command.
 */
static inline void
mconsole_request_init(struct mconsole_request *req, const char *cmd, size_t len)
{
	memset(req, 0, sizeof(*req));
	req->magic = MCONSOLE_MAGIC;
	req->version = MCONSOLE_VERSION;
	req->len = (uint32_t)len;
	memcpy(req->data, cmd, len);
}

/*
 * mconsole_reply_fill - the next datagram of a reply, as UML cuts it.
 * Takes up to MCONSOLE_REPLY_CHUNK bytes of text[0..len) into r; *used says
 * how many. more is set when text remains or when the caller says more
 * follows (last_more); err only when first is true. Returns the datagram's
 * size, 12 + r->len. Example: UML's 722-byte help text goes out as
 * datagrams of 12 + 512 (more = 1) and 12 + 212 (more = 0) bytes.
 */
static inline size_t
mconsole_reply_fill(struct mconsole_reply *r, const char *text, size_t len,
		    int32_t err, bool first, bool last_more, size_t *used)
{
	size_t n = len < MCONSOLE_REPLY_CHUNK ? len : MCONSOLE_REPLY_CHUNK;

	r->err = first ? err : 0;
	r->more = (n < len || last_more) ? 1 : 0;
	memcpy(r->data, text, n);
	r->data[n] = '\0';
	r->len = (uint32_t)(n + 1);
	*used = n;
	return MCONSOLE_REPLY_HDR + r->len;
}

/* What mconsole_reply_parse() makes of a datagram. */
enum mconsole_reply_status {
	MCONSOLE_REPLY_OK = 0,
	MCONSOLE_REPLY_SHORT,		/* fewer than the 12 header bytes */
	MCONSOLE_REPLY_BAD_LEN,		/* len is 0 or more than 512 */
	MCONSOLE_REPLY_TRUNCATED,	/* fewer bytes than 12 + len */
	MCONSOLE_REPLY_NO_NUL,		/* the text's last byte is not NUL */
};

/* A parsed reply datagram: text points into the caller's buffer. */
struct mconsole_reply_view {
	int32_t err;
	bool more;
	const char *text;
	size_t text_len;	/* up to the first NUL, as UML's clients print it */
};

/*
 * mconsole_reply_parse - checks a reply datagram of n bytes and points v at
 * its fields. Bytes after 12 + len are ignored (a server may send whole
 * structs); a NUL inside the text ends it, as in every client that prints
 * the text as a string.
 */
static inline enum mconsole_reply_status
mconsole_reply_parse(const void *buf, size_t n, struct mconsole_reply_view *v)
{
	const unsigned char *p = buf;
	uint32_t len, more;
	const char *nul;

	if (n < MCONSOLE_REPLY_HDR)
		return MCONSOLE_REPLY_SHORT;
	memcpy(&v->err, p, 4);
	memcpy(&more, p + 4, 4);
	memcpy(&len, p + 8, 4);
	if (len == 0 || len > MCONSOLE_MAX_DATA)
		return MCONSOLE_REPLY_BAD_LEN;
	if (n - MCONSOLE_REPLY_HDR < len)
		return MCONSOLE_REPLY_TRUNCATED;
	if (p[MCONSOLE_REPLY_HDR + len - 1] != '\0')
		return MCONSOLE_REPLY_NO_NUL;
	v->more = more != 0;
	v->text = (const char *)p + MCONSOLE_REPLY_HDR;
	nul = memchr(v->text, '\0', len);
	v->text_len = (size_t)(nul - v->text);
	return MCONSOLE_REPLY_OK;
}

#endif /* PROTO_MCONSOLE_H */
