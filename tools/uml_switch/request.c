// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control request of the uml_switch protocol, parsed: which version a
 * client speaks, whether its request is complete, where its data socket is.
 * Pure: no host calls, so the unit tests run it on byte strings. Layouts
 * and the version history are in include/proto/switch.h.
 *
 * How the version is told apart, as uml_switch always has: no magic in the
 * first four bytes means v0 (those bytes are its type). With the magic, the
 * next four are the version for v2 and v3, but for v1 they are the type,
 * which is 0 for the only request there is: so 0 and 1 there mean v1.
 */
#include <string.h>

#include "uml_switch.h"

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));	/* host order, as the clients write it */
	return v;
}

/* finish takes the data socket address at off, once len bytes are there. */
static enum req_status
finish(const uint8_t *b, size_t have, size_t need, size_t off,
       struct req_parsed *out)
{
	out->len = need;
	if (have < need)
		return REQ_MORE;
	if (!switch_addr_key(&out->sock, b + off, sizeof(struct switch_sockaddr)))
		return REQ_BAD_FAMILY;
	return REQ_OK;
}

enum req_status
switch_parse_request(const void *buf, size_t len, struct req_parsed *out)
{
	const uint8_t *b = buf;
	uint32_t word;

	memset(out, 0, sizeof(*out));
	if (len < 4)
		return REQ_MORE;
	if (get32(b) != SWITCH_MAGIC) {
		out->version = 0;
		out->value = get32(b);
		if (out->value != SWITCH_REQ_NEW_CONTROL)
			return REQ_BAD_TYPE;
		return finish(b, len, sizeof(struct switch_request_v0),
			      offsetof(struct switch_request_v0, sock), out);
	}
	if (len < 8)
		return REQ_MORE;
	word = get32(b + 4);
	if (word == SWITCH_VERSION) {
		out->version = 3;
		out->reply = true;
		if (len < 12)
			return REQ_MORE;
		out->value = get32(b + 8);
		if (out->value != SWITCH_REQ_NEW_CONTROL)
			return REQ_BAD_TYPE;
		return finish(b, len, sizeof(struct switch_request_v3),
			      offsetof(struct switch_request_v3, sock), out);
	}
	if (word >= 2) {
		out->version = (int)(word > 255 ? 255 : word);
		out->value = word;
		return REQ_BAD_VERSION;
	}
	/* v1: word is the type; 1 would be a request type nobody defined. */
	out->version = 1;
	out->reply = true;
	out->value = word;
	if (word != SWITCH_REQ_NEW_CONTROL)
		return REQ_BAD_TYPE;
	return finish(b, len, sizeof(struct switch_request_v1),
		      offsetof(struct switch_request_v1, sock), out);
}

bool
switch_addr_key(struct switch_sockaddr *key, const void *addr, size_t addrlen)
{
	const size_t hdr = offsetof(struct switch_sockaddr, path);
	size_t n;

	memset(key, 0, sizeof(*key));
	if (addrlen <= hdr || addrlen > sizeof(*key))
		return false;
	memcpy(key, addr, addrlen);
	if (key->family != SWITCH_AF_UNIX)
		return false;
	n = addrlen - hdr;
	if (key->path[0] == '\0')
		/* Abstract: every byte counts, and a request always holds 108. */
		return n == SWITCH_PATH_LEN;
	/* A path: the name ends at its NUL; what follows is not part of it. */
	n = strnlen(key->path, n);
	memset(key->path + n, 0, SWITCH_PATH_LEN - n);
	return true;
}

const char *
switch_req_strerror(enum req_status st)
{
	switch (st) {
	case REQ_MORE:
		return "incomplete request";
	case REQ_OK:
		return "ok";
	case REQ_BAD_TYPE:
		return "unknown request type";
	case REQ_BAD_VERSION:
		return "unsupported protocol version";
	case REQ_BAD_FAMILY:
		return "data socket is not a named AF_UNIX socket";
	}
	return "?";
}
