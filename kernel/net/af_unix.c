// SPDX-License-Identifier: GPL-2.0-only
/*
 * AF_UNIX sockets: SOCK_STREAM, SOCK_DGRAM (SOCK_RAW is taken as it, as
 * Linux does) and SOCK_SEQPACKET, named in the filesystem (a S_IFSOCK
 * node made by bind, found again through its inode), in the abstract
 * namespace (a leading NUL), or by autobind ("\0" and five hex digits).
 *
 * Data travels as messages (struct unix_skb) queued at the receiver, each
 * carrying its sender (for the sender's address and send-buffer
 * accounting), the sender's credentials and any files passed with
 * SCM_RIGHTS. A stream reader takes bytes across messages but never glues
 * two writers' data when it wants credentials, and stops after a message
 * that carried files; datagram and seqpacket readers take one message.
 *
 * A stream connect makes the server's end at once (an "embryo" with no
 * socket yet), connects it to the client and queues it at the listener;
 * accept gives it a socket. So a client may write before accept, and the
 * backlog counts embryos (more than backlog of them: the listener is
 * full).
 *
 * Ownership: struct unix_sock is refcounted. References: its socket (until
 * release), a peer's peer pointer, each message it sent that is still
 * queued (skb->from), a listener's queue for embryos, and a task blocked
 * on it. In-flight files are referenced by their message; a socket's
 * release frees its queue, and those file references are dropped from a
 * work list, not recursively, so a chain of sockets passed inside sockets
 * cannot overflow the kernel stack. Cycles of sockets that hold each other
 * only through their own queues are collected by unix_gc (below), as
 * Linux's garbage collector does.
 *
 * Wait queues: each unix_sock has one; every change wakes the socket's
 * queue and, where the peer may be waiting for it (space freed, shutdown,
 * close), the peer's. Senders blocked on a full datagram receiver sleep on
 * the receiver's queue, holding a reference to it.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/list.h"
#include "kernel/poll.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/uaccess.h"
#include "uapi/ioctls.h"
#include "uapi/sockios.h"
#include "uapi/un.h"

/* net.unix.max_dgram_qlen: datagrams a receiver's queue holds before senders wait. */
int sysctl_unix_max_dgram_qlen = 10;

#define SCM_MAX_FD	253
#define SKB_OVERHEAD	576	/* what a message costs beyond its bytes, for the buffers */
#define STREAM_CHUNK	32768	/* the most bytes one stream message carries */

/* States, numbered as Linux's TCP states (as /proc/net/unix shows them). */
enum { US_ESTABLISHED = 1, US_CLOSE = 7, US_LISTEN = 10 };

struct unix_sock;

struct unix_skb {
	struct list_head node;
	struct unix_sock *from;		/* referenced; NULL for a connection request */
	struct unix_sock *embryo;	/* a connection request: the server's end */
	size_t len, off, truesize;
	struct ucred cred;
	int nfp;
	struct file **fp;
	uint8_t data[];
};

struct unix_sock {
	int refcnt;
	struct socket *sock;		/* NULL: an embryo, or released */
	int type, state;
	bool dead;
	unsigned int shutdown;
	int err;			/* while there is no socket to hold it */
	struct sockaddr_un addr;
	int addr_len;			/* 0: unbound */
	struct path path;		/* bound in the filesystem */
	struct unix_sock *peer;		/* referenced */
	struct list_head rcvq;		/* struct unix_skb */
	size_t rcv_bytes;
	unsigned int rcv_count;
	int backlog;
	size_t wmem;			/* truesize of our messages still queued somewhere */
	struct ucred peercred;
	bool has_peercred;
	struct ucred cred;		/* ours, as a peer will see it */
	bool passcred;			/* for an embryo: the listener's SO_PASSCRED */
	int inflight;			/* times its file is in flight in some queue */
	bool gc_candidate, gc_maybe_cycle;
	struct wait_queue wait;
	struct list_head all;		/* unix_socks */
	uint64_t ino;
};

static LIST_HEAD(unix_socks);
static unsigned int autobind_order;
/* Dropped messages whose files are put from here, iteratively (see the top). */
static LIST_HEAD(unix_free_list);
static bool unix_freeing;
/* Datagram senders whose peer's queue was full wait here for any reader to make room. */
static struct wait_queue unix_dgram_space = WAIT_QUEUE_INIT(unix_dgram_space);

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;
static void unix_gc(void);

static struct unix_sock *
unix_sk(struct socket *sock)
{
	return sock->sk;
}

static void
unix_hold(struct unix_sock *u)
{
	u->refcnt++;
}

static void
unix_put(struct unix_sock *u)
{
	if (--u->refcnt)
		return;
	if (u->path.dentry)
		path_put(&u->path);
	kfree(u);
}

static void
unix_wake(struct unix_sock *u)
{
	if (u)
		wake_up(&u->wait);
}

/* set_err records a pending error where SO_ERROR will find it. */
static void
set_err(struct unix_sock *u, int err)
{
	if (u->sock)
		u->sock->err = err;
	else
		u->err = err;
}

static int
take_err(struct unix_sock *u)
{
	int err = u->sock ? u->sock->err : u->err;

	if (u->sock)
		u->sock->err = 0;
	else
		u->err = 0;
	return err;
}

static bool
has_err(struct unix_sock *u)
{
	return u->sock ? u->sock->err != 0 : u->err != 0;
}

static int
sndbuf(struct unix_sock *u)
{
	return u->sock ? u->sock->sndbuf : sysctl_wmem_default;
}

static void
current_ucred(struct ucred *c)
{
	c->pid = (uint32_t)current->tgid;
	c->uid = current->cred.uid;
	c->gid = current->cred.gid;
}

static struct unix_sock *
unix_alloc(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->refcnt = 1;
	u->type = type;
	u->state = US_CLOSE;
	list_init(&u->rcvq);
	wait_queue_init(&u->wait);
	list_add_tail(&u->all, &unix_socks);
	return u;
}

/* ---- messages ---- */

static struct unix_skb *
skb_alloc(struct unix_sock *from, size_t len)
{
	struct unix_skb *skb = kzalloc(sizeof(*skb) + len);

	if (!skb)
		return NULL;
	skb->len = len;
	skb->truesize = len + SKB_OVERHEAD;
	if (from) {
		unix_hold(from);
		skb->from = from;
		from->wmem += skb->truesize;
	}
	return skb;
}

/* skb_drop_files puts the in-flight files of a message (iteratively, through the free list). */
static void
skb_free(struct unix_skb *skb)
{
	list_add_tail(&skb->node, &unix_free_list);
	if (unix_freeing)
		return;
	unix_freeing = true;
	while (!list_empty(&unix_free_list)) {
		struct unix_skb *s = list_first_entry(&unix_free_list, struct unix_skb, node);

		list_del(&s->node);
		for (int i = 0; i < s->nfp; i++) {
			struct socket *fs = sock_from_file(s->fp[i]);

			if (fs && fs->family == AF_UNIX && fs->sk)
				unix_sk(fs)->inflight--;
			file_put(s->fp[i]);
		}
		kfree(s->fp);
		if (s->from) {
			s->from->wmem -= s->truesize;
			unix_wake(s->from);
			unix_put(s->from);
		}
		if (s->embryo)
			unix_put(s->embryo);
		kfree(s);
	}
	unix_freeing = false;
}

static void
enqueue(struct unix_sock *u, struct unix_skb *skb)
{
	list_add_tail(&skb->node, &u->rcvq);
	u->rcv_bytes += skb->len;
	u->rcv_count++;
	unix_wake(u);
}

static void
dequeue(struct unix_sock *u, struct unix_skb *skb)
{
	list_del(&skb->node);
	u->rcv_bytes -= skb->len - skb->off;
	u->rcv_count--;
	wake_up(&unix_dgram_space);
	unix_wake(u);
}

static bool
recvq_full(struct unix_sock *u)
{
	int limit = u->state == US_LISTEN ? u->backlog : sysctl_unix_max_dgram_qlen;

	return u->rcv_count > (unsigned int)limit;
}

/* ---- names ---- */

/* validate_addr: an AF_UNIX address with at least one byte of name. */
static int
validate_addr(const struct sockaddr_storage *a, int len)
{
	if (len <= (int)offsetof(struct sockaddr_un, sun_path) || len > (int)sizeof(struct sockaddr_un))
		return -EINVAL;
	if (a->ss_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/* mkname_bsd NUL-terminates a path name and gives the address length it has. */
static int
mkname_bsd(struct sockaddr_storage *a, int len)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)a;

	((char *)a)[len] = 0;
	return (int)(strlen(sun->sun_path) + offsetof(struct sockaddr_un, sun_path) + 1);
}

/* Abstract names are per type, as in Linux (whose hash of a name includes the type). */
static struct unix_sock *
find_abstract(const struct sockaddr_un *sun, int len, int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_socks, all)
		if (u->addr_len == len && u->type == type && !u->path.dentry && !u->dead && u->sock &&
		    !memcmp(&u->addr, sun, (size_t)len))
			return u;
	return NULL;
}

static struct unix_sock *
find_by_inode(struct inode *inode)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_socks, all)
		if (u->path.dentry && u->path.dentry->inode == inode && !u->dead && u->sock)
			return u;
	return NULL;
}

/*
 * find_other looks up the socket an address names, for connect and send:
 * a path must be a socket node (ECONNREFUSED if not, or if nobody is
 * bound to it) the caller may write; the type must match (EPROTOTYPE).
 * Returns it referenced.
 */
static struct unix_sock *
find_other(struct sockaddr_storage *a, int len, int type, int *err)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)a;
	struct unix_sock *u;
	struct path p;

	if (sun->sun_path[0]) {
		mkname_bsd(a, len);
		*err = kern_path(sun->sun_path, LOOKUP_FOLLOW, &p);
		if (*err)
			return NULL;
		*err = inode_permission(p.dentry->inode, MAY_WRITE);
		if (*err == -EROFS)
			*err = 0;
		u = NULL;
		if (!*err) {
			*err = -ECONNREFUSED;
			if (S_ISSOCK(p.dentry->inode->mode))
				u = find_by_inode(p.dentry->inode);
		}
		path_put(&p);
	} else {
		*err = -ECONNREFUSED;
		u = find_abstract(sun, len, type);
	}
	if (!u)
		return NULL;
	if (u->type != type) {
		*err = -EPROTOTYPE;
		return NULL;
	}
	unix_hold(u);
	*err = 0;
	return u;
}

static int
autobind(struct unix_sock *u)
{
	struct sockaddr_un sun;
	int len = (int)offsetof(struct sockaddr_un, sun_path) + 6;

	if (u->addr_len)
		return 0;
	if (!autobind_order && random_fill(&autobind_order, sizeof(autobind_order)) < 0)
		autobind_order = 1;
	autobind_order &= 0xfffff;
	for (unsigned int tries = 0; tries <= 0xfffff; tries++) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		ksnprintf(sun.sun_path + 1, 6, "%05x", autobind_order);
		autobind_order = (autobind_order + 1) & 0xfffff;
		if (!find_abstract(&sun, len, u->type)) {
			u->addr = sun;
			u->addr_len = len;
			return 0;
		}
		cond_resched();
	}
	return -ENOSPC;
}

static int
unix_bind(struct socket *sock, struct sockaddr_storage *a, int len)
{
	struct unix_sock *u = unix_sk(sock);
	struct sockaddr_un *sun = (struct sockaddr_un *)a;
	int err;

	if (len == (int)offsetof(struct sockaddr_un, sun_path) && a->ss_family == AF_UNIX)
		return autobind(u);
	err = validate_addr(a, len);
	if (err)
		return err;
	if (!sun->sun_path[0]) {
		if (u->addr_len)
			return -EINVAL;
		if (find_abstract(sun, len, u->type))
			return -EADDRINUSE;
		memcpy(&u->addr, sun, (size_t)len);
		u->addr_len = len;
		return 0;
	}
	len = mkname_bsd(a, len);
	/* The node is made first: an existing name is EADDRINUSE even for a bound socket. */
	err = vfs_mknod(AT_FDCWD, sun->sun_path, S_IFSOCK | 0777, 0);
	if (err)
		return err == -EEXIST ? -EADDRINUSE : err;
	if (u->addr_len) {
		vfs_unlink(AT_FDCWD, sun->sun_path);
		return -EINVAL;
	}
	err = kern_path(sun->sun_path, 0, &u->path);
	if (err) {
		u->path.dentry = NULL;
		return err;
	}
	memcpy(&u->addr, sun, (size_t)len);
	u->addr_len = len;
	return 0;
}

static int
unix_getname(struct socket *sock, struct sockaddr_storage *a, int peer)
{
	struct unix_sock *u = unix_sk(sock);
	struct sockaddr_un *sun = (struct sockaddr_un *)a;

	if (peer) {
		u = u->peer;
		if (!u)
			return -ENOTCONN;
	}
	if (!u->addr_len) {
		sun->sun_family = AF_UNIX;
		sun->sun_path[0] = 0;
		return (int)offsetof(struct sockaddr_un, sun_path);
	}
	memcpy(a, &u->addr, (size_t)u->addr_len);
	return u->addr_len;
}

/* ---- connecting ---- */

static int
unix_listen(struct socket *sock, int backlog)
{
	struct unix_sock *u = unix_sk(sock);

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!u->addr_len)
		return -EINVAL;
	if (u->state != US_CLOSE && u->state != US_LISTEN)
		return -EINVAL;
	if (backlog > u->backlog)
		unix_wake(u);
	u->backlog = backlog;
	u->state = US_LISTEN;
	current_ucred(&u->cred);
	return 0;
}

static int
unix_stream_connect(struct socket *sock, struct sockaddr_storage *a, int len, int flags)
{
	struct unix_sock *u = unix_sk(sock), *other, *newu;
	uint64_t timeo = (flags & O_NONBLOCK) ? 0 : sock->sndtimeo;
	struct unix_skb *skb;
	int err = validate_addr(a, len);

	if (err)
		return err;
	if (sock->passcred && !u->addr_len) {
		err = autobind(u);
		if (err)
			return err;
	}
	for (;;) {
		other = find_other(a, len, sock->type, &err);
		if (!other)
			return err;
		err = -ECONNREFUSED;
		if (other->state != US_LISTEN || (other->shutdown & RCV_SHUTDOWN))
			goto out;
		if (!recvq_full(other))
			break;
		err = sock_wait_event(&other->wait, !recvq_full(other) || other->dead ||
				      other->state != US_LISTEN, &timeo);
		if (err)
			goto out;
		unix_put(other);
	}
	if (u->state == US_ESTABLISHED) {
		err = -EISCONN;
		goto out;
	}
	if (u->state != US_CLOSE) {
		err = -EINVAL;
		goto out;
	}
	err = -ENOMEM;
	newu = unix_alloc(sock->type);
	if (!newu)
		goto out;
	skb = skb_alloc(NULL, 0);
	if (!skb) {
		list_del(&newu->all);
		unix_put(newu);
		goto out;
	}
	/* The server's end: the listener's name, the client's credentials. */
	newu->state = US_ESTABLISHED;
	newu->addr = other->addr;
	newu->addr_len = other->addr_len;
	if (other->path.dentry) {
		newu->path = other->path;
		path_get(&newu->path);
	}
	newu->passcred = other->sock && other->sock->passcred;
	current_ucred(&newu->peercred);
	newu->has_peercred = true;
	newu->cred = other->cred;
	unix_hold(u);
	newu->peer = u;
	unix_hold(newu);
	u->peer = newu;
	u->state = US_ESTABLISHED;
	u->peercred = other->cred;
	u->has_peercred = true;
	current_ucred(&u->cred);
	skb->embryo = newu;	/* the queue's reference is the one unix_alloc gave */
	enqueue(other, skb);
	err = 0;
out:
	unix_put(other);
	return err;
}

/* dgram_disconnected: a datagram socket dropped its peer; what the old peer sent us is gone. */
static void
dgram_disconnected(struct unix_sock *u, struct unix_sock *old)
{
	if (!list_empty(&u->rcvq)) {
		while (!list_empty(&u->rcvq)) {
			struct unix_skb *skb = list_first_entry(&u->rcvq, struct unix_skb, node);

			dequeue(u, skb);
			skb_free(skb);
		}
		if (!old->dead && old->peer == u) {
			set_err(old, ECONNRESET);
			unix_wake(old);
		}
	}
	old->state = US_CLOSE;
}

static int
unix_dgram_connect(struct socket *sock, struct sockaddr_storage *a, int len, int flags)
{
	struct unix_sock *u = unix_sk(sock), *other = NULL, *old;
	int err;

	(void)flags;
	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (a->ss_family != AF_UNSPEC) {
		err = validate_addr(a, len);
		if (err)
			return err;
		if (sock->passcred && !u->addr_len) {
			err = autobind(u);
			if (err)
				return err;
		}
		other = find_other(a, len, sock->type, &err);
		if (!other)
			return err;
		if (other->peer && other->peer != u) {
			unix_put(other);
			return -EPERM;
		}
		u->state = other->state = US_ESTABLISHED;
	}
	old = u->peer;
	u->peer = other;
	if (!other)
		u->state = US_CLOSE;
	if (old) {
		unix_wake(old);
		wake_up(&unix_dgram_space);
		if (old != other)
			dgram_disconnected(u, old);
		unix_put(old);
	}
	return 0;
}

static int
unix_socketpair(struct socket *a, struct socket *b)
{
	struct unix_sock *ua = unix_sk(a), *ub = unix_sk(b);

	unix_hold(ua);
	unix_hold(ub);
	ua->peer = ub;
	ub->peer = ua;
	current_ucred(&ua->cred);
	ub->cred = ua->cred;
	ua->peercred = ub->peercred = ua->cred;
	ua->has_peercred = ub->has_peercred = true;
	ua->state = ub->state = US_ESTABLISHED;
	return 0;
}

static int
unix_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct unix_sock *u = unix_sk(sock), *newu;
	uint64_t timeo = (flags & O_NONBLOCK) ? 0 : sock->rcvtimeo;
	struct unix_skb *skb;
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (u->state != US_LISTEN)
		return -EINVAL;
	while (list_empty(&u->rcvq)) {
		if (!timeo)
			return -EAGAIN;
		err = take_err(u);
		if (err)
			return -err;
		if (u->shutdown & RCV_SHUTDOWN)
			return -EINVAL;
		err = sock_wait_event(&u->wait, !list_empty(&u->rcvq) || has_err(u) ||
				      (u->shutdown & RCV_SHUTDOWN), &timeo);
		if (err && err != -EAGAIN)
			return err;
	}
	skb = list_first_entry(&u->rcvq, struct unix_skb, node);
	dequeue(u, skb);
	newu = skb->embryo;
	skb->embryo = NULL;
	skb_free(skb);
	newsock->sk = newu;
	newu->sock = newsock;
	newu->ino = newsock->ino;
	newsock->passcred = sock->passcred;
	newsock->err = newu->err;
	newu->err = 0;
	return 0;
}

/* ---- control messages ---- */

struct scm {
	struct ucred cred;
	int nfp;
	struct file **fp;
};

static void
scm_destroy(struct scm *scm)
{
	for (int i = 0; i < scm->nfp; i++)
		file_put(scm->fp[i]);
	kfree(scm->fp);
	scm->fp = NULL;
	scm->nfp = 0;
}

static bool
id_ok(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == a || id == b || id == c || sock_capable();
}

/* scm_send parses the control messages of a send as Linux's __scm_send. */
static int
scm_send(struct sock_msg *m, struct scm *scm)
{
	const uint8_t *ctl = m->control;
	size_t off = 0, size = m->controllen;
	int err;

	memset(scm, 0, sizeof(*scm));
	current_ucred(&scm->cred);
	while (size >= sizeof(struct cmsghdr) && off + sizeof(struct cmsghdr) <= size) {
		struct cmsghdr h;
		const uint8_t *data = ctl + off + sizeof(h);

		memcpy(&h, ctl + off, sizeof(h));
		err = -EINVAL;
		if (h.cmsg_len < sizeof(h) || h.cmsg_len > size - off)
			goto error;
		if (h.cmsg_level == SOL_SOCKET) {
			switch (h.cmsg_type) {
			case SCM_RIGHTS: {
				int num = (int)((h.cmsg_len - sizeof(h)) / sizeof(int));

				if (num <= 0)
					break;
				if (num > SCM_MAX_FD || scm->nfp + num > SCM_MAX_FD)
					goto error;
				if (!scm->fp) {
					scm->fp = kmalloc(SCM_MAX_FD * sizeof(*scm->fp));
					err = -ENOMEM;
					if (!scm->fp)
						goto error;
				}
				for (int i = 0; i < num; i++) {
					int fd;
					struct file *f;

					memcpy(&fd, data + i * sizeof(int), sizeof(int));
					f = fd >= 0 ? fget(fd) : NULL;
					err = -EBADF;
					if (!f)
						goto error;
					file_get(f);
					scm->fp[scm->nfp++] = f;
				}
				break;
			}
			case SCM_CREDENTIALS: {
				struct ucred c;
				const struct cred *cr = &current->cred;

				if (h.cmsg_len != CMSG_LEN(sizeof(c)))
					goto error;
				memcpy(&c, data, sizeof(c));
				if (c.uid == (uint32_t)-1 || c.gid == (uint32_t)-1)
					goto error;
				err = -EPERM;
				if (!((c.pid == (uint32_t)current->tgid || sock_capable()) &&
				      id_ok(c.uid, cr->uid, cr->euid, cr->suid) &&
				      id_ok(c.gid, cr->gid, cr->egid, cr->sgid)))
					goto error;
				err = -ESRCH;
				if (c.pid != (uint32_t)current->tgid &&
				    (!find_task((int)c.pid) || find_task((int)c.pid)->state == TASK_DEAD))
					goto error;
				scm->cred = c;
				break;
			}
			default:
				goto error;
			}
		}
		off += CMSG_ALIGN(h.cmsg_len);
	}
	return 0;
error:
	scm_destroy(scm);
	return err;
}

/* scm_to_skb moves the files into the message (their references with them). */
static void
scm_to_skb(struct scm *scm, struct unix_skb *skb)
{
	skb->cred = scm->cred;
	skb->nfp = scm->nfp;
	skb->fp = scm->fp;
	for (int i = 0; i < skb->nfp; i++) {
		struct socket *s = sock_from_file(skb->fp[i]);

		if (s && s->family == AF_UNIX && s->sk)
			unix_sk(s)->inflight++;
	}
	scm->fp = NULL;
	scm->nfp = 0;
}

/*
 * scm_recv gives the receiver its credentials (with SO_PASSCRED) and the
 * files of a message, each a new fd, as many as its buffer holds: the
 * rest are closed and MSG_CTRUNC says so. fp holds one reference per file,
 * which an installed fd takes over; the others are put here. own_array:
 * the array is ours to free (a peek passes the message's own).
 */
static void
scm_recv(struct socket *sock, struct sock_msg *m, const struct ucred *cred, struct file **fp,
	 int nfp, bool own_array)
{
	size_t left, fdmax;
	int i = 0;

	if (uaddr_is_null(m->ucontrol)) {
		if (sock->passcred || nfp)
			m->flags |= MSG_CTRUNC;
		goto drop;
	}
	if (sock->passcred && put_cmsg(m, SOL_SOCKET, SCM_CREDENTIALS, cred, sizeof(*cred)))
		goto drop;
	if (!nfp)
		goto drop;
	left = m->ucontrollen - m->ucontrol_used;
	fdmax = left > sizeof(struct cmsghdr) ? (left - sizeof(struct cmsghdr)) / sizeof(int) : 0;
	if (fdmax > (size_t)nfp)
		fdmax = (size_t)nfp;
	{
		uaddr_t cm = uaddr_add(m->ucontrol, m->ucontrol_used);
		uaddr_t data = uaddr_add(cm, sizeof(struct cmsghdr));

		for (; i < (int)fdmax; i++) {
			int fd = fd_install(fp[i], m->cmsg_cloexec);

			if (fd < 0)
				break;
			if (put_user(fd, uaddr_add(data, (uint64_t)i * sizeof(int)))) {
				file_get(fp[i]);	/* fd_close puts the table's */
				fd_close(fd);
				break;
			}
		}
		if (i > 0) {
			struct cmsghdr h = { CMSG_LEN((size_t)i * sizeof(int)), SOL_SOCKET, SCM_RIGHTS };
			size_t space = CMSG_SPACE((size_t)i * sizeof(int));

			if (!copy_to_user(cm, &h, sizeof(h)))
				m->ucontrol_used += space < left ? space : left;
		}
		if (i < nfp)
			m->flags |= MSG_CTRUNC;
	}
drop:
	for (; i < nfp; i++)
		file_put(fp[i]);
	if (own_array)
		kfree(fp);
}

/* copy_addr gives the receiver the sender's address (nothing, length 0, for an unbound one). */
static void
copy_addr(struct sock_msg *m, struct unix_sock *from)
{
	if (m->name && from && from->addr_len) {
		memcpy(m->name, &from->addr, (size_t)from->addr_len);
		m->namelen = from->addr_len;
	}
}

/* take_fds detaches a message's files for the receiver (peek: new references). */
static struct file **
take_fds(struct unix_skb *skb, bool peek, int *nfp)
{
	struct file **fp = skb->fp;

	*nfp = skb->nfp;
	if (!skb->nfp)
		return NULL;
	if (peek) {
		for (int i = 0; i < skb->nfp; i++)
			file_get(fp[i]);
		return fp;
	}
	for (int i = 0; i < skb->nfp; i++) {
		struct socket *s = sock_from_file(fp[i]);

		if (s && s->family == AF_UNIX && s->sk)
			unix_sk(s)->inflight--;
	}
	skb->fp = NULL;
	skb->nfp = 0;
	return fp;
}

/* ---- stream ---- */

static void
pipe_err(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
}

/*
 * wait_for_wmem waits for room in u's send buffer, as Linux's
 * sock_alloc_send_pskb: a pending error or our own send shutdown (no
 * SIGPIPE from here) ends it.
 */
static int
wait_for_wmem(struct unix_sock *u, uint64_t *timeo)
{
	int err;

	for (;;) {
		err = take_err(u);
		if (err)
			return -err;
		if (u->shutdown & SEND_SHUTDOWN)
			return -EPIPE;
		if (u->wmem < (size_t)sndbuf(u))
			return 0;
		err = sock_wait_event(&u->wait, u->wmem < (size_t)sndbuf(u) || has_err(u) ||
				      (u->shutdown & SEND_SHUTDOWN), timeo);
		if (err)
			return err;
	}
}

static int64_t
unix_stream_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct unix_sock *u = unix_sk(sock), *other;
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->sndtimeo;
	struct scm scm;
	size_t sent = 0;
	int err = scm_send(m, &scm);

	if (err)
		return err;
	err = -EOPNOTSUPP;
	if (flags & MSG_OOB)
		goto out;
	if (m->namelen) {
		err = u->state == US_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
		goto out;
	}
	err = -ENOTCONN;
	other = u->peer;
	if (!other)
		goto out;
	if (u->shutdown & SEND_SHUTDOWN)
		goto pipe;
	while (sent < len) {
		size_t size = len - sent, max = (size_t)(sndbuf(u) >> 1) - 64;
		struct unix_skb *skb;

		if (size > max)
			size = max;
		if (size > STREAM_CHUNK)
			size = STREAM_CHUNK;
		err = wait_for_wmem(u, &timeo);
		if (err)
			goto out;
		skb = skb_alloc(u, size);
		if (!skb) {
			err = -ENOMEM;
			goto out;
		}
		if (iter_copy_from(&m->iter, skb->data, size)) {
			skb_free(skb);
			err = -EFAULT;
			goto out;
		}
		if (other->dead || (other->shutdown & RCV_SHUTDOWN)) {
			skb_free(skb);
			goto pipe;
		}
		scm_to_skb(&scm, skb);
		enqueue(other, skb);
		sent += size;
	}
	scm_destroy(&scm);
	return (int64_t)sent;
pipe:
	if (!sent)
		pipe_err(flags);
	err = -EPIPE;
out:
	scm_destroy(&scm);
	return sent ? (int64_t)sent : err;
}

static bool
same_cred(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/*
 * unix_stream_recvmsg takes bytes across messages until size is met or
 * the low-water mark (MSG_WAITALL: all of size) is reached and nothing
 * more is queued; it does not glue messages of different credentials when
 * SO_PASSCRED asks for them, and stops after a message that carried files.
 * An empty queue reports, in POSIX's order, what was read, a pending
 * error, EOF, then EAGAIN or a wait.
 */
static int64_t
unix_stream_recvmsg(struct socket *sock, struct sock_msg *m, size_t size, int flags)
{
	struct unix_sock *u = unix_sk(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->rcvtimeo;
	size_t target = (flags & MSG_WAITALL) ? size :
			((size_t)sock->rcvlowat < size ? (size_t)sock->rcvlowat : size);
	size_t copied = 0, skip = 0;
	bool peek = flags & MSG_PEEK, check_creds = false, got_addr = false;
	struct ucred cred = { 0, 65534, 65534 };
	struct file **fp = NULL;
	int nfp = 0, err = 0;

	if (u->state != US_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (peek && sock->peek_off > 0)
		skip = (size_t)sock->peek_off;
	do {
		struct unix_skb *skb;
		size_t chunk;

		skb = list_empty(&u->rcvq) ? NULL : list_first_entry(&u->rcvq, struct unix_skb, node);
		while (skb && skip >= skb->len - skb->off) {
			skip -= skb->len - skb->off;
			skb = skb->node.next == &u->rcvq ? NULL :
			      list_entry(skb->node.next, struct unix_skb, node);
		}
		if (!skb) {
			size_t have = u->rcv_bytes;

			if (copied >= target)
				break;
			err = take_err(u);
			if (err) {
				err = -err;
				break;
			}
			if (u->shutdown & RCV_SHUTDOWN)
				break;
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
			err = sock_wait_event(&u->wait, u->rcv_bytes != have || has_err(u) ||
					      (u->shutdown & RCV_SHUTDOWN), &timeo);
			if (err && err != -EAGAIN)
				break;
			err = 0;
			continue;	/* timed out: one more look, then EAGAIN */
		}
		if (check_creds) {
			if (!same_cred(&cred, &skb->cred))
				break;
		} else if (sock->passcred) {
			cred = skb->cred;
			check_creds = true;
		}
		if (!got_addr) {
			copy_addr(m, skb->from);
			got_addr = true;
		}
		chunk = skb->len - skb->off - skip;
		if (chunk > size)
			chunk = size;
		if (iter_copy_to(&m->iter, skb->data + skb->off + skip, chunk)) {
			if (!copied)
				err = -EFAULT;
			break;
		}
		copied += chunk;
		size -= chunk;
		if (peek) {
			if (sock->peek_off >= 0)
				sock->peek_off += (int)chunk;
			if (skb->nfp) {
				fp = take_fds(skb, true, &nfp);
				break;
			}
			skip += chunk;
			continue;
		}
		skb->off += chunk;
		u->rcv_bytes -= chunk;
		if (sock->peek_off > 0)
			sock->peek_off = (size_t)sock->peek_off > chunk ? sock->peek_off - (int)chunk : 0;
		if (skb->nfp)
			fp = take_fds(skb, false, &nfp);
		if (skb->off < skb->len)
			break;
		dequeue(u, skb);
		skb_free(skb);
		if (fp)
			break;
	} while (size);
	scm_recv(sock, m, &cred, fp, nfp, !peek);
	return copied ? (int64_t)copied : err;
}

/* ---- datagram and seqpacket ---- */

static int64_t
unix_dgram_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct unix_sock *u = unix_sk(sock), *other = NULL;
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->sndtimeo;
	struct unix_skb *skb = NULL;
	struct scm scm;
	int err = scm_send(m, &scm);

	if (err)
		return err;
	err = -EOPNOTSUPP;
	if (flags & MSG_OOB)
		goto out;
	if (m->namelen) {
		err = validate_addr(m->name, m->namelen);
		if (err)
			goto out;
	} else {
		err = -ENOTCONN;
		other = u->peer;
		if (!other)
			goto out;
		unix_hold(other);
	}
	if (sock->passcred && !u->addr_len) {
		err = autobind(u);
		if (err)
			goto out;
	}
	err = -EMSGSIZE;
	if (len > (size_t)sndbuf(u) - 32)
		goto out;
	err = wait_for_wmem(u, &timeo);
	if (err)
		goto out;
	err = -ENOMEM;
	skb = skb_alloc(u, len);
	if (!skb)
		goto out;
	err = -EFAULT;
	if (iter_copy_from(&m->iter, skb->data, len))
		goto out;
	scm_to_skb(&scm, skb);
	for (;;) {
		if (!other) {
			other = find_other(m->name, m->namelen, sock->type, &err);
			if (!other)
				goto out;
		}
		err = -EPERM;
		if (other->peer && other->peer != u)
			goto out;
		if (other->dead) {
			err = 0;
			if (sock->type == SOCK_SEQPACKET) {
				err = -EPIPE;
			} else if (u->peer == other) {
				u->peer = NULL;
				u->state = US_CLOSE;
				dgram_disconnected(u, other);
				unix_put(other);	/* u->peer's */
				err = -ECONNREFUSED;
			}
			unix_put(other);
			other = NULL;
			if (err)
				goto out;
			err = -ECONNREFUSED;
			if (!m->namelen)
				goto out;
			continue;
		}
		err = -EPIPE;
		if (other->shutdown & RCV_SHUTDOWN)
			goto out;
		if (other != u && other->peer != u && recvq_full(other)) {
			err = sock_wait_event(&other->wait, !recvq_full(other) || other->dead ||
					      (other->shutdown & RCV_SHUTDOWN), &timeo);
			if (err)
				goto out;
			continue;
		}
		break;
	}
	enqueue(other, skb);
	skb = NULL;
	err = (int)len;
out:
	if (skb)
		skb_free(skb);
	if (other)
		unix_put(other);
	scm_destroy(&scm);
	return err;
}

static int64_t
unix_dgram_recvmsg(struct socket *sock, struct sock_msg *m, size_t size, int flags)
{
	struct unix_sock *u = unix_sk(sock);
	uint64_t timeo = sock_nonblock(sock, flags) ? 0 : sock->rcvtimeo;
	bool peek = flags & MSG_PEEK;
	struct unix_skb *skb;
	struct file **fp;
	size_t skip = 0, n;
	int nfp, err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* As Linux's datagram receive: queued data first; a pending error or EOF only to a waiter. */
	while (list_empty(&u->rcvq)) {
		if (!timeo) {
			if (sock->type == SOCK_SEQPACKET && (u->shutdown & RCV_SHUTDOWN))
				return 0;
			return -EAGAIN;
		}
		err = take_err(u);
		if (err)
			return -err;
		if (u->shutdown & RCV_SHUTDOWN)
			return 0;
		if (sock->type == SOCK_SEQPACKET && u->state != US_ESTABLISHED)
			return -ENOTCONN;
		err = sock_wait_event(&u->wait, !list_empty(&u->rcvq) || has_err(u) ||
				      (u->shutdown & RCV_SHUTDOWN), &timeo);
		if (err && err != -EAGAIN)
			return err;
	}
	skb = list_first_entry(&u->rcvq, struct unix_skb, node);
	if (peek && sock->peek_off > 0)
		skip = (size_t)sock->peek_off;
	if (skip > skb->len)
		skip = skb->len;
	if (!peek)
		dequeue(u, skb);
	copy_addr(m, skb->from);
	n = skb->len - skip;
	if (size < n) {
		m->flags |= MSG_TRUNC;
		n = size;
	}
	if (iter_copy_to(&m->iter, skb->data + skip, n)) {
		if (!peek)
			skb_free(skb);
		return -EFAULT;
	}
	fp = take_fds(skb, peek, &nfp);
	if (peek && sock->peek_off >= 0)
		sock->peek_off += (int)n;
	else if (!peek && sock->peek_off > 0)
		sock->peek_off = (size_t)sock->peek_off > skb->len ? sock->peek_off - (int)skb->len : 0;
	err = (flags & MSG_TRUNC) ? (int)(skb->len - skip) : (int)n;
	scm_recv(sock, m, &skb->cred, fp, nfp, !peek);
	if (!peek)
		skb_free(skb);
	return err;
}

static int64_t
unix_seqpacket_sendmsg(struct socket *sock, struct sock_msg *m, size_t len, int flags)
{
	struct unix_sock *u = unix_sk(sock);
	int err = take_err(u);

	if (err)
		return -err;
	if (u->state != US_ESTABLISHED)
		return -ENOTCONN;
	m->namelen = 0;
	return unix_dgram_sendmsg(sock, m, len, flags);
}

static int64_t
unix_seqpacket_recvmsg(struct socket *sock, struct sock_msg *m, size_t size, int flags)
{
	if (unix_sk(sock)->state != US_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, m, size, flags);
}

/* ---- the rest of the operations ---- */

static int
unix_shutdown(struct socket *sock, int how)
{
	struct unix_sock *u = unix_sk(sock), *other = u->peer;
	unsigned int mode;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = (unsigned int)how + 1;
	u->shutdown |= mode;
	unix_wake(u);
	if (other && (sock->type == SOCK_STREAM || sock->type == SOCK_SEQPACKET)) {
		unsigned int peer_mode = 0;

		if (mode & RCV_SHUTDOWN)
			peer_mode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			peer_mode |= RCV_SHUTDOWN;
		other->shutdown |= peer_mode;
		unix_wake(other);
	}
	return 0;
}

static bool
writable(struct unix_sock *u)
{
	return u->state != US_LISTEN && u->wmem * 4 <= (size_t)sndbuf(u);
}

static unsigned int
unix_poll(struct socket *sock, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(sock);
	unsigned int mask = 0;

	poll_wait(pt, &u->wait);
	if (sock->err)
		mask |= POLLERR;
	if (u->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (u->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->rcvq))
		mask |= POLLIN | POLLRDNORM;
	if (u->state == US_CLOSE)
		mask |= POLLHUP;
	if (writable(u))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static unsigned int
unix_dgram_poll(struct socket *sock, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(sock), *other = u->peer;
	unsigned int mask = 0;

	poll_wait(pt, &u->wait);
	if (sock->err)
		mask |= POLLERR;
	if (u->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (u->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (!list_empty(&u->rcvq))
		mask |= POLLIN | POLLRDNORM;
	if (sock->type == SOCK_SEQPACKET && u->state == US_CLOSE)
		mask |= POLLHUP;
	if (writable(u)) {
		if (other && other->peer != u && recvq_full(other)) {
			poll_wait(pt, &unix_dgram_space);
			return mask;
		}
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	}
	return mask;
}

static int
unix_ioctl(struct socket *sock, unsigned int cmd, uint64_t arg)
{
	struct unix_sock *u = unix_sk(sock);
	int amount;

	switch (cmd) {
	case SIOCOUTQ:
		amount = (int)u->wmem;
		return put_user(amount, u64_to_uaddr(arg));
	case SIOCINQ:
		if (u->state == US_LISTEN)
			return -EINVAL;
		if (sock->type == SOCK_STREAM || sock->type == SOCK_SEQPACKET)
			amount = (int)u->rcv_bytes;
		else
			amount = list_empty(&u->rcvq) ? 0 :
				 (int)list_first_entry(&u->rcvq, struct unix_skb, node)->len;
		return put_user(amount, u64_to_uaddr(arg));
	}
	return -ENOIOCTLCMD;
}

static int
unix_getsockopt(struct socket *sock, int level, int name, uaddr_t uval, uaddr_t ulen)
{
	struct unix_sock *u = unix_sk(sock);
	struct ucred c = { 0, (uint32_t)-1, (uint32_t)-1 };
	int len;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (name != SO_PEERCRED)
		return -EOPNOTSUPP;
	if (u->has_peercred)
		c = u->peercred;
	if ((size_t)len > sizeof(c))
		len = sizeof(c);
	if (copy_to_user(uval, &c, (size_t)len))
		return -EFAULT;
	return put_user(len, ulen);
}

static int
unix_set_peek_off(struct socket *sock, int val)
{
	sock->peek_off = val;
	return 0;
}

/*
 * unix_release_sock: a socket (or an embryo nobody accepted) goes. Its
 * peer of a connection sees EOF both ways, and ECONNRESET if we leave data
 * unread; its queue is freed (embryos in it released in turn).
 */
static void
unix_release_sock(struct unix_sock *u, bool embryo)
{
	struct unix_sock *skpair = u->peer;

	list_del(&u->all);
	u->dead = true;
	u->state = US_CLOSE;
	u->shutdown = SHUTDOWN_MASK;
	u->sock = NULL;
	if (skpair) {
		if (u->type == SOCK_STREAM || u->type == SOCK_SEQPACKET) {
			skpair->shutdown = SHUTDOWN_MASK;
			if (!list_empty(&u->rcvq) || embryo)
				set_err(skpair, ECONNRESET);
			unix_wake(skpair);
		}
		u->peer = NULL;
		unix_put(skpair);
	}
	while (!list_empty(&u->rcvq)) {
		struct unix_skb *skb = list_first_entry(&u->rcvq, struct unix_skb, node);

		dequeue(u, skb);
		if (skb->embryo) {
			struct unix_sock *e = skb->embryo;

			skb->embryo = NULL;
			unix_release_sock(e, true);
		}
		skb_free(skb);
	}
	unix_wake(u);
	wake_up(&unix_dgram_space);
	unix_put(u);
}

static void
unix_release(struct socket *sock)
{
	struct unix_sock *u = unix_sk(sock);

	if (!u)
		return;
	sock->sk = NULL;
	unix_release_sock(u, false);
	unix_gc();
}

static int
unix_create(struct socket *sock, int protocol, bool kern)
{
	struct unix_sock *u;

	(void)kern;
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW:
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	u = unix_alloc(sock->type);
	if (!u)
		return -ENOMEM;
	u->sock = sock;
	u->ino = sock->ino;
	sock->sk = u;
	return 0;
}

static const struct proto_ops unix_stream_ops = {
	.family = AF_UNIX, .release = unix_release, .bind = unix_bind,
	.connect = unix_stream_connect, .socketpair = unix_socketpair, .accept = unix_accept,
	.getname = unix_getname, .poll = unix_poll, .ioctl = unix_ioctl, .listen = unix_listen,
	.shutdown = unix_shutdown, .getsockopt = unix_getsockopt,
	.sendmsg = unix_stream_sendmsg, .recvmsg = unix_stream_recvmsg,
	.set_peek_off = unix_set_peek_off,
};

static const struct proto_ops unix_dgram_ops = {
	.family = AF_UNIX, .release = unix_release, .bind = unix_bind,
	.connect = unix_dgram_connect, .socketpair = unix_socketpair,
	.getname = unix_getname, .poll = unix_dgram_poll, .ioctl = unix_ioctl,
	.shutdown = unix_shutdown, .getsockopt = unix_getsockopt,
	.sendmsg = unix_dgram_sendmsg, .recvmsg = unix_dgram_recvmsg,
	.set_peek_off = unix_set_peek_off,
};

static const struct proto_ops unix_seqpacket_ops = {
	.family = AF_UNIX, .release = unix_release, .bind = unix_bind,
	.connect = unix_stream_connect, .socketpair = unix_socketpair, .accept = unix_accept,
	.getname = unix_getname, .poll = unix_dgram_poll, .ioctl = unix_ioctl,
	.listen = unix_listen, .shutdown = unix_shutdown, .getsockopt = unix_getsockopt,
	.sendmsg = unix_seqpacket_sendmsg, .recvmsg = unix_seqpacket_recvmsg,
	.set_peek_off = unix_set_peek_off,
};

static const struct net_proto_family unix_family = { .family = AF_UNIX, .create = unix_create };

void
af_unix_init(void)
{
	sock_register(&unix_family);
}

/*
 * unix_gc frees sockets kept alive only by their own in-flight files: a
 * socket whose every file reference is a message in some unix queue is a
 * candidate; candidates reachable from a socket that is not one (through
 * the files queued at it) are alive, and so is what they reach in turn;
 * the rest are garbage, and their queues are purged, which puts the last
 * references. Runs at each release, only when something is in flight.
 */
static struct unix_sock *
file_unix(struct file *f)
{
	struct socket *s = sock_from_file(f);

	return s && s->family == AF_UNIX ? s->sk : NULL;
}

/* scan_queue: candidates whose files are queued at u are alive; returns whether any was new. */
static bool
scan_queue(struct unix_sock *u)
{
	struct unix_skb *skb;
	bool changed = false;

	list_for_each_entry(skb, &u->rcvq, node) {
		if (skb->embryo && scan_queue(skb->embryo))
			changed = true;
		for (int i = 0; i < skb->nfp; i++) {
			struct unix_sock *t = file_unix(skb->fp[i]);

			if (t && t->gc_maybe_cycle) {
				t->gc_maybe_cycle = false;
				changed = true;
			}
		}
	}
	return changed;
}

static void
unix_gc(void)
{
	static bool running;
	struct unix_sock *u, **held;
	int n = 0, nheld = 0;
	bool changed;
	LIST_HEAD(garbage);

	if (running)
		return;
	list_for_each_entry(u, &unix_socks, all) {
		u->gc_candidate = u->gc_maybe_cycle = false;
		if (u->inflight && u->sock && u->sock->file &&
		    u->sock->file->refcount == u->inflight) {
			u->gc_candidate = u->gc_maybe_cycle = true;
			n++;
		}
	}
	if (!n)
		return;
	/* What a live socket holds is alive, and what that holds, to a fixed point. */
	do {
		changed = false;
		list_for_each_entry(u, &unix_socks, all)
			if (!u->gc_maybe_cycle && scan_queue(u))
				changed = true;
	} while (changed);
	held = kmalloc((size_t)n * sizeof(*held));
	if (!held)
		return;
	running = true;
	list_for_each_entry(u, &unix_socks, all) {
		if (!u->gc_maybe_cycle)
			continue;
		unix_hold(u);
		held[nheld++] = u;
	}
	for (int i = 0; i < nheld; i++) {
		u = held[i];
		while (!list_empty(&u->rcvq)) {
			struct unix_skb *skb = list_first_entry(&u->rcvq, struct unix_skb, node);

			dequeue(u, skb);
			if (skb->embryo) {
				struct unix_sock *e = skb->embryo;

				skb->embryo = NULL;
				unix_release_sock(e, true);
			}
			list_add_tail(&skb->node, &garbage);
		}
	}
	while (!list_empty(&garbage)) {
		struct unix_skb *skb = list_first_entry(&garbage, struct unix_skb, node);

		list_del(&skb->node);
		skb_free(skb);
	}
	for (int i = 0; i < nheld; i++)
		unix_put(held[i]);
	kfree(held);
	running = false;
}

/* /proc/net/unix, in Linux's format (kernel addresses shown as zeros, as to the unprivileged). */
size_t
unix_show(char *b, size_t n)
{
	struct unix_sock *u;
	size_t len = (size_t)kscnprintf(b, n, "Num       RefCount Protocol Flags    Type St Inode Path\n");

	list_for_each_entry(u, &unix_socks, all) {
		int st = u->sock ? (u->state == US_ESTABLISHED ? 3 : 1) :
				   (u->state == US_ESTABLISHED ? 2 : 4);

		len += (size_t)kscnprintf(b + len, n - len, "%016llx: %08X %08X %08X %04X %02X %5llu",
					  0ULL, (unsigned int)u->refcnt, 0u,
					  u->state == US_LISTEN ? 0x10000u : 0u, (unsigned int)u->type,
					  st, (unsigned long long)u->ino);
		if (u->addr_len) {
			int plen = u->addr_len - (int)offsetof(struct sockaddr_un, sun_path);

			len += (size_t)kscnprintf(b + len, n - len, " ");
			if (u->addr.sun_path[0]) {
				len += (size_t)kscnprintf(b + len, n - len, "%s", u->addr.sun_path);
			} else {
				for (int i = 0; i < plen && len + 1 < n; i++)
					b[len++] = i == 0 || !u->addr.sun_path[i] ? '@' :
						   u->addr.sun_path[i];
				b[len] = 0;
			}
		}
		len += (size_t)kscnprintf(b + len, n - len, "\n");
	}
	return len;
}
