/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sockets layer (kernel/net/socket.c), as Linux's net/socket.c: a
 * struct socket lives behind an open file whose inode is S_IFSOCK, and
 * every socket system call finds it there and calls its family's
 * proto_ops. The layer owns what every family shares: the generic
 * SOL_SOCKET options (buffers, timeouts, SO_ERROR...), the copying of
 * addresses, iovecs and control messages between the guest and the
 * kernel, and blocking with timeouts and signals.
 *
 * Ownership: the file owns the socket; its last close calls ops->release,
 * which detaches and drops the family's object (sock->sk), then the layer
 * frees the socket. A family's object may outlive its socket (AF_UNIX
 * connections in flight, data queued at a peer) and is refcounted by the
 * family.
 *
 * Data moves through a struct msg_iter: a cursor over the guest's iovec
 * (or over one kernel buffer, for sendfile and splice), so a family copies
 * straight between its queues and guest memory.
 */
#ifndef KERNEL_SOCKET_H
#define KERNEL_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"
#include "kernel/wait.h"
#include "uapi/socket.h"

struct file;
struct poll_table;

/* A cursor over the bytes of one call: guest iovec segments or a kernel buffer. */
struct msg_iter {
	const struct user_iovec *iov;	/* guest segments; NULL: kbuf */
	unsigned long nr_segs, seg;
	size_t seg_off;
	size_t count;			/* bytes left */
	uint8_t *kbuf;
};

/* iter_copy_to moves n bytes from src into the iter's memory (receiving); -EFAULT. */
int iter_copy_to(struct msg_iter *it, const void *src, size_t n);
/* iter_copy_from moves n bytes out of the iter's memory into dst (sending); -EFAULT. */
int iter_copy_from(struct msg_iter *it, void *dst, size_t n);

/*
 * A message as the families see it. Sending: name/namelen is the
 * destination (namelen 0: none), control/controllen the guest's control
 * messages copied in. Receiving: the family fills name/namelen (the
 * sender's address) and adds control messages with put_cmsg; flags
 * collects MSG_TRUNC, MSG_CTRUNC for the guest's msg_flags.
 */
struct sock_msg {
	struct sockaddr_storage *name;
	int namelen;
	struct msg_iter iter;
	const void *control;		/* sending: kernel copy */
	size_t controllen;
	uaddr_t ucontrol;		/* receiving: the guest's buffer */
	size_t ucontrollen, ucontrol_used;
	int flags;
	bool cmsg_cloexec;
};

/* put_cmsg appends one control message at the guest's buffer; MSG_CTRUNC if it does not fit. */
int put_cmsg(struct sock_msg *m, int level, int type, const void *data, size_t len);

struct socket;

/* A family's operations; NULL entries answer as Linux's sock_no_* do. */
struct proto_ops {
	int family;
	void (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr_storage *addr, int len);
	int (*connect)(struct socket *sock, struct sockaddr_storage *addr, int len, int flags);
	int (*socketpair)(struct socket *a, struct socket *b);
	/* accept fills newsock (made by the layer, of the same type and ops). */
	int (*accept)(struct socket *sock, struct socket *newsock, int flags);
	/* getname writes the local (peer 0) or peer address; returns its length or -errno. */
	int (*getname)(struct socket *sock, struct sockaddr_storage *addr, int peer);
	unsigned int (*poll)(struct socket *sock, struct poll_table *pt);
	/* ioctl: -ENOIOCTLCMD for a command it does not know. */
	int (*ioctl)(struct socket *sock, unsigned int cmd, uint64_t arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	int (*setsockopt)(struct socket *sock, int level, int name, uaddr_t val, int len);
	int (*getsockopt)(struct socket *sock, int level, int name, uaddr_t val, uaddr_t ulen);
	int64_t (*sendmsg)(struct socket *sock, struct sock_msg *m, size_t len, int flags);
	int64_t (*recvmsg)(struct socket *sock, struct sock_msg *m, size_t len, int flags);
	/* set_peek_off: SO_PEEK_OFF, for families that keep one (-EOPNOTSUPP otherwise). */
	int (*set_peek_off)(struct socket *sock, int val);
	/* take_error: SO_ERROR for families that keep the pending error themselves (positive errno). */
	int (*take_error)(struct socket *sock);
};

/* create sets sock->ops and sock->sk, or returns -errno (the layer frees sock). */
struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol, bool kern);
};

/* shutdown bits, as Linux keeps them. */
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2
#define SHUTDOWN_MASK	3

/* SO_RCVTIMEO/SO_SNDTIMEO "no timeout". */
#define SOCK_TIMEO_MAX	UINT64_MAX

struct socket {
	int family, type, protocol;
	struct file *file;		/* not referenced: the file owns us */
	const struct proto_ops *ops;
	void *sk;			/* the family's */
	uint64_t ino;
	uint64_t rcvtimeo, sndtimeo;	/* ns, SOCK_TIMEO_MAX: forever */
	int rcvbuf, sndbuf;		/* as getsockopt reports them (doubled) */
	int err;			/* SO_ERROR: pending error, positive */
	int rcvlowat, priority, peek_off;
	struct linger linger;
	bool passcred, reuseaddr, reuseport, keepalive, broadcast, dontroute, oobinline;
	bool timestamp;
	bool listening;			/* listen(2) succeeded: SO_ACCEPTCONN */
};

/* Defaults and bounds of the buffer sizes (net.core.*, Linux 6.1's). */
extern int sysctl_wmem_default, sysctl_rmem_default, sysctl_wmem_max, sysctl_rmem_max;
extern int sysctl_somaxconn, sysctl_optmem_max;
#define SOCK_MIN_SNDBUF	4608
#define SOCK_MIN_RCVBUF	2304

void sock_register(const struct net_proto_family *fam);
/* sock_from_file: the socket behind f, or NULL. */
struct socket *sock_from_file(struct file *f);
bool file_is_socket(struct file *f);
/* sock_rw_iov: readv/writev on a socket, one message over all segments. */
int64_t sock_rw_iov(struct file *f, const struct user_iovec *iov, unsigned long cnt, bool write);
/* sock_nonblock: the call may not block (O_NONBLOCK on the file or MSG_DONTWAIT). */
bool sock_nonblock(struct socket *sock, int flags);
/* sock_intr_errno: a signal ends a wait with EINTR if it had a timeout, ERESTARTSYS if not. */
static inline int
sock_intr_errno(uint64_t timeo)
{
	return timeo == SOCK_TIMEO_MAX ? -ERESTARTSYS : -EINTR;
}
/* sock_cred_capable: the caller has the capabilities (umk: euid 0). */
bool sock_capable(void);

/*
 * sock_wait_event sleeps on wq until cond holds (0), *timeo ns pass or
 * *timeo is 0 (-EAGAIN), or a signal comes (sock_intr_errno). *timeo is
 * left with the time that remains, for the next wait of the same call.
 */
#define sock_wait_event(wq, cond, timeo)				\
	({								\
		int __ret = 0;						\
		struct waiter __w;					\
		wait_add((wq), &__w);					\
		for (;;) {						\
			current->state = TASK_INTERRUPTIBLE;		\
			if (cond)					\
				break;					\
			if (!*(timeo)) {				\
				__ret = -EAGAIN;			\
				break;					\
			}						\
			if (signal_pending(current)) {			\
				__ret = sock_intr_errno(*(timeo));	\
				break;					\
			}						\
			*(timeo) = schedule_timeout(*(timeo));		\
		}							\
		current->state = TASK_RUNNING;				\
		wait_del(&__w);						\
		__ret;							\
	})

/* AF_UNIX (af_unix.c). */
void af_unix_init(void);
/* unix_show writes /proc/net/unix. */
size_t unix_show(char *buf, size_t size);
extern int sysctl_unix_max_dgram_qlen;
/* net_init registers the families (kernel/main.c). */
void net_init(void);

#endif /* KERNEL_SOCKET_H */
