// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control side of uml_switch: the sockets it binds, and the life of a
 * port from connection to disconnection.
 *
 * Sockets. The control socket is a path. If something is already there:
 * a socket nobody listens on (a switch that was killed) is replaced; a
 * socket a live switch listens on is left alone and we refuse to start;
 * anything that is not a socket is never removed. At exit we remove only
 * the socket inode we made, through a directory fd taken at start, so a
 * relative path still works after -daemon's chdir("/") and another
 * switch's socket put there since is not ours to remove. The data socket
 * is abstract (nothing to remove), or with -compat-v0 a path handled like
 * the control socket.
 *
 * Ports. accept() makes a pending port that waits (at most REQ_WAIT_MS)
 * for its whole request, however the bytes are split. A good request makes
 * it active: it gets the lowest free id, its data address goes into the
 * address hash, and v1/v3 clients get our data address back. From then on
 * the connection only signals the client's presence: EOF, an error, or
 * bytes written on it unplug the port, and the MAC addresses learned on
 * it are forgotten.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include "uml_switch.h"

#define REQ_WAIT_MS	10000	/* a client has this long to send its request */
#define LISTEN_BACKLOG	128
#define EMFILE_PAUSE_MS	1000
#define ACCEPT_LOG_MS	60000

_Static_assert(sizeof(struct sockaddr_un) == sizeof(struct switch_sockaddr),
	       "struct switch_sockaddr is the host's sockaddr_un");

/* ---- binding paths --------------------------------------------------------- */

/*
 * is_live asks whether a program serves the socket at path: a connect of
 * the same type that is not refused (EAGAIN: its backlog is full, so it
 * is there).
 */
static int
is_live(const char *path, int type)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r, err;

	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	err = errno;
	close(fd);
	if (r == 0 || err == EAGAIN || err == EINPROGRESS)
		return 1;
	if (err == ECONNREFUSED)
		return 0;
	return -err;
}

/*
 * bind_path binds fd to path (what: "control" or "data", for messages),
 * replacing a stale socket, refusing a live one or a non-socket, and
 * records in *b what to remove at exit.
 */
static int
bind_path(struct sw *sw, int fd, int type, const char *path, const char *what,
	  struct bound_path *b)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *dir_copy, *base_copy;
	struct stat st;
	int live;

	if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
		sw_log(sw, LOG_ERR, "%s socket path '%s': give 1 to %zu bytes",
		       what, path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	b->path = path;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno != EADDRINUSE)
			goto fail;
		if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			sw_log(sw, LOG_ERR, "'%s' exists and is not a socket; "
			       "not replacing it (remove it or choose another path)", path);
			return -1;
		}
		live = is_live(path, type);
		if (live > 0) {
			sw_log(sw, LOG_ERR, "another switch is already attached to the %s socket '%s' "
			       "(stop it, or choose another path)", what, path);
			return -1;
		}
		if (live < 0) {
			errno = -live;
			goto fail;
		}
		if (unlink(path) < 0 && errno != ENOENT)
			goto fail;
		sw_log(sw, LOG_INFO, "removed the stale %s socket '%s'", what, path);
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			goto fail;
	}
	if (stat(path, &st) == 0) {
		b->dev = st.st_dev;
		b->ino = st.st_ino;
	}
	b->made = true;
	dir_copy = strdup(path);
	base_copy = strdup(path);
	if (dir_copy && base_copy) {
		b->dirfd = open(dirname(dir_copy), O_PATH | O_DIRECTORY | O_CLOEXEC);
		b->base = strdup(basename(base_copy));
	}
	free(dir_copy);
	free(base_copy);
	return 0;
fail:
	sw_log(sw, LOG_ERR, "cannot bind the %s socket '%s': %s", what, path, strerror(errno));
	return -1;
}

void
bound_remove(struct bound_path *b)
{
	struct stat st;

	if (b->made && b->dirfd >= 0 && b->base &&
	    fstatat(b->dirfd, b->base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    st.st_dev == b->dev && st.st_ino == b->ino)
		unlinkat(b->dirfd, b->base, 0);
	b->made = false;
	if (b->dirfd >= 0)
		close(b->dirfd);
	b->dirfd = -1;
	free(b->base);
	b->base = NULL;
}

/* ---- ports ---------------------------------------------------------------- */

static unsigned int
addr_hash(const struct switch_sockaddr *a)
{
	const uint8_t *p = (const uint8_t *)a;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(*a); i++)
		h = (h ^ p[i]) * 16777619u;
	return h % PORT_HASH;
}

static struct port *
port_by_addr(struct sw *sw, const struct switch_sockaddr *key)
{
	struct port *p;

	for (p = sw->hash[addr_hash(key)]; p; p = p->hnext)
		if (memcmp(&p->addr, key, sizeof(*key)) == 0)
			return p;
	return NULL;
}

struct port *
port_find(struct sw *sw, const void *addr, size_t addrlen)
{
	struct switch_sockaddr key;

	if (!switch_addr_key(&key, addr, addrlen))
		return NULL;
	return port_by_addr(sw, &key);
}

static void
list_add(struct port **head, struct port *p)
{
	struct port *t;

	p->next = NULL;
	p->prev = NULL;
	if (!*head) {
		*head = p;
		return;
	}
	for (t = *head; t->next; t = t->next)
		;
	t->next = p;
	p->prev = t;
}

static void
list_del(struct port **head, struct port *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		*head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

/* take_id gives p the lowest free id (1, 2, ...) for messages. */
static int
take_id(struct sw *sw, struct port *p)
{
	unsigned int i;

	for (i = 1; i < sw->nids && sw->by_id[i]; i++)
		;
	if (i >= sw->nids) {
		unsigned int n = sw->nids ? sw->nids * 2 : 64;
		struct port **v = realloc(sw->by_id, n * sizeof(*v));

		if (!v)
			return -1;
		memset(v + sw->nids, 0, (n - sw->nids) * sizeof(*v));
		sw->by_id = v;
		sw->nids = n;
	}
	sw->by_id[i] = p;
	p->id = i;
	return 0;
}

int
port_activate(struct sw *sw, struct port *p)
{
	unsigned int h;

	if (take_id(sw, p) < 0)
		return -ENOMEM;
	p->active = true;
	list_add(&sw->ports, p);
	sw->nports++;
	if (p->kind == PORT_SOCK) {
		h = addr_hash(&p->addr);
		p->hnext = sw->hash[h];
		sw->hash[h] = p;
	}
	return 0;
}

/* A description of a client's data socket for messages. */
static const char *
addr_str(const struct switch_sockaddr *a, char *buf, size_t len)
{
	struct switch_abstract_name n;

	if (a->path[0]) {
		snprintf(buf, len, "%.*s", (int)sizeof(a->path), a->path);
	} else {
		memcpy(&n, a->path, sizeof(n));
		snprintf(buf, len, "abstract name of pid %d", (int)n.pid);
	}
	return buf;
}

void
port_close(struct sw *sw, struct port *p, const char *why)
{
	struct port **pp;
	unsigned int forgot = 0;

	if (p->w.fd < 0)
		return;
	if (p->active) {
		forgot = fdb_forget_port(&sw->fdb, p);
		if (p->kind == PORT_SOCK) {
			for (pp = &sw->hash[addr_hash(&p->addr)]; *pp; pp = &(*pp)->hnext) {
				if (*pp == p) {
					*pp = p->hnext;
					break;
				}
			}
		}
		list_del(&sw->ports, p);
		sw->nports--;
		sw_log(sw, LOG_INFO, "port %u %s (frames in %llu, out %llu, dropped %llu; "
		       "%u MAC address%s forgotten)", p->id, why,
		       (unsigned long long)p->rx, (unsigned long long)p->tx,
		       (unsigned long long)p->dropped, forgot, forgot == 1 ? "" : "es");
		sw->by_id[p->id] = NULL;
	} else {
		list_del(&sw->pending, p);
		if (why)
			sw_log(sw, LOG_WARNING, "control connection from pid %d refused: %s",
			       (int)p->peer_pid, why);
	}
	epoll_ctl(sw->epfd, EPOLL_CTL_DEL, p->w.fd, NULL);
	close(p->w.fd);
	p->w.fd = -1;
	p->next = sw->dead;
	sw->dead = p;
	/* An fd came free: accept again if we had run out. */
	if (sw->listen_paused)
		sw->listen_retry = sw->now;
}

void
ports_reap(struct sw *sw)
{
	struct port *p;

	while ((p = sw->dead)) {
		sw->dead = p->next;
		free(p);
	}
}

void
ports_close_all(struct sw *sw)
{
	while (sw->ports)
		port_close(sw, sw->ports, "closed: the switch is exiting");
	while (sw->pending)
		port_close(sw, sw->pending, NULL);
}

/* ---- control connections ------------------------------------------------------ */

/*
 * An active port's control connection only tells that the client is
 * there: its EOF unplugs the port. A client that writes on it after its
 * request does not speak the protocol; Debian's switch unplugs it too.
 */
static void
ctl_active_ready(struct sw *sw, struct port *p)
{
	char buf[64];
	ssize_t n;

	n = read(p->w.fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	port_close(sw, p, n > 0 ? "unplugged: it wrote on its control connection after its request" :
		   "disconnected");
}

static void
ctl_request(struct sw *sw, struct port *p)
{
	struct req_parsed req;
	enum req_status st;
	char msg[256], a[128];

	st = switch_parse_request(p->req, p->req_len, &req);
	if (st == REQ_MORE)
		return;
	if (st != REQ_OK) {
		if (st == REQ_BAD_VERSION)
			snprintf(msg, sizeof(msg), "protocol version %u is not supported "
				 "(versions 0, 1 and 3 are)", req.value);
		else if (st == REQ_BAD_TYPE)
			snprintf(msg, sizeof(msg), "unknown request type %u in a v%d request",
				 req.value, req.version);
		else
			snprintf(msg, sizeof(msg), "%s", switch_req_strerror(st));
		port_close(sw, p, msg);
		return;
	}
	if (port_by_addr(sw, &req.sock)) {
		snprintf(msg, sizeof(msg), "data socket (%s) already belongs to port %u",
			 addr_str(&req.sock, a, sizeof(a)), port_by_addr(sw, &req.sock)->id);
		port_close(sw, p, msg);
		return;
	}
	if (req.reply &&
	    send(p->w.fd, &sw->data_addr, SWITCH_REPLY_LEN, MSG_NOSIGNAL | MSG_DONTWAIT) !=
	    (ssize_t)SWITCH_REPLY_LEN) {
		port_close(sw, p, "the client went away before the reply");
		return;
	}
	p->addr = req.sock;
	list_del(&sw->pending, p);
	if (port_activate(sw, p) < 0) {
		list_add(&sw->pending, p);
		port_close(sw, p, "out of memory");
		return;
	}
	sw_log(sw, LOG_INFO, "port %u: new connection (v%d request, pid %d, data socket %s)",
	       p->id, req.version, (int)p->peer_pid, addr_str(&p->addr, a, sizeof(a)));
}

static void
ctl_conn_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	struct port *p = (struct port *)w;
	ssize_t n;

	(void)events;
	if (p->active) {
		ctl_active_ready(sw, p);
		return;
	}
	n = read(p->w.fd, p->req + p->req_len, sizeof(p->req) - p->req_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		port_close(sw, p, n == 0 ? "closed before its request was complete" :
			   strerror(errno));
		return;
	}
	p->req_len += (size_t)n;
	ctl_request(sw, p);
}

static void
listen_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct port *p;
	int fd, i;

	(void)events;
	for (i = 0; i < 64; i++) {
		fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* Leave new clients in the backlog for a while, not
				 * spin; say so at most once a minute. */
				if (!sw->last_accept_log ||
				    sw->now - sw->last_accept_log >= ACCEPT_LOG_MS) {
					sw->last_accept_log = sw->now ? sw->now : 1;
					sw_log(sw, LOG_WARNING, "cannot accept a connection: %s "
					       "(%u ports); retrying every second", strerror(errno),
					       sw->nports);
				}
				epoll_ctl(sw->epfd, EPOLL_CTL_DEL, w->fd, NULL);
				sw->listen_paused = true;
				sw->listen_retry = sw->now + EMFILE_PAUSE_MS;
			}
			return;
		}
		p = calloc(1, sizeof(*p));
		if (!p) {
			close(fd);
			return;
		}
		p->kind = PORT_SOCK;
		p->w.fd = fd;
		p->w.ready = ctl_conn_ready;
		p->deadline = sw->now + REQ_WAIT_MS;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0)
			p->peer_pid = cred.pid;
		list_add(&sw->pending, p);
		if (sw_watch(sw, &p->w, EPOLLIN | EPOLLRDHUP) < 0)
			port_close(sw, p, strerror(errno));
	}
}

void
ctl_expire_pending(struct sw *sw)
{
	struct port *p, *next;

	for (p = sw->pending; p; p = next) {
		next = p->next;
		if (sw->now >= p->deadline)
			port_close(sw, p, "no complete request within 10 seconds");
	}
}

int
ctl_open(struct sw *sw)
{
	sw->listen.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sw->listen.fd < 0) {
		sw_log(sw, LOG_ERR, "socket: %s", strerror(errno));
		return -1;
	}
	if (bind_path(sw, sw->listen.fd, SOCK_STREAM, sw->ctl_path, "control", &sw->ctl) < 0)
		return -1;
	sw->listen.ready = listen_ready;
	if (listen(sw->listen.fd, LISTEN_BACKLOG) < 0 || sw_watch(sw, &sw->listen, EPOLLIN) < 0) {
		sw_log(sw, LOG_ERR, "cannot listen on '%s': %s", sw->ctl_path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * data_open binds the one datagram socket every client sends its frames
 * to: an abstract name made as UML makes its own (so it needs no cleanup),
 * or with -compat-v0 the data path v0 clients know in advance.
 */
int
data_open(struct sw *sw)
{
	int fd, size = 4 << 20, tries;
	struct timeval tv;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		sw_log(sw, LOG_ERR, "socket: %s", strerror(errno));
		return -1;
	}
	sw->data.fd = fd;
	sw->data.ready = data_ready;
	/* Frames queued at slow clients count against our send buffer: make it
	 * big enough that one stuck client does not starve the others. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	if (sw->compat_v0) {
		if (bind_path(sw, fd, SOCK_DGRAM, sw->data_path, "data", &sw->datap) < 0)
			return -1;
		memset(&sw->data_addr, 0, sizeof(sw->data_addr));
		sw->data_addr.family = SWITCH_AF_UNIX;
		strcpy(sw->data_addr.path, sw->data_path);
	} else {
		for (tries = 0;; tries++) {
			gettimeofday(&tv, NULL);
			switch_abstract_addr(&sw->data_addr, getpid(),
					     (int32_t)((tv.tv_usec + tries) % 1000000));
			if (bind(fd, (struct sockaddr *)&sw->data_addr, sizeof(sw->data_addr)) == 0)
				break;
			if (errno != EADDRINUSE || tries == 100) {
				sw_log(sw, LOG_ERR, "cannot bind the data socket: %s", strerror(errno));
				return -1;
			}
		}
	}
	if (sw_watch(sw, &sw->data, EPOLLIN) < 0) {
		sw_log(sw, LOG_ERR, "epoll: %s", strerror(errno));
		return -1;
	}
	return 0;
}
