// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sockets layer: the socket system calls, the socket file (its inode
 * is S_IFSOCK, numbered like Linux's sockfs inodes), and what every
 * family shares. A call finds its socket through the fd (EBADF, then
 * ENOTSOCK), copies its addresses, iovecs and control messages in, in
 * the order Linux checks them, and hands the family a struct sock_msg
 * whose msg_iter copies straight to and from guest memory.
 *
 * Blocking: the families sleep with sock_wait_event, which ends with
 * EAGAIN when the call's timeout (SO_RCVTIMEO/SO_SNDTIMEO, 0 for
 * MSG_DONTWAIT or O_NONBLOCK) runs out, and on a signal with ERESTARTSYS
 * (restarted under SA_RESTART) or, for a call with a timeout, EINTR, as
 * Linux's sock_intr_errno.
 *
 * Ownership: the file owns the socket (f->priv); the file's release asks
 * the family to let go of its object and frees the socket.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/netdev.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "uapi/ioctls.h"
#include "uapi/sockios.h"

/* net.core.* defaults of Linux 6.1 on x86_64. */
int sysctl_wmem_default = 212992, sysctl_rmem_default = 212992;
int sysctl_wmem_max = 212992, sysctl_rmem_max = 212992;
int sysctl_somaxconn = SOMAXCONN;
/* net.core.optmem_max: the most control data one sendmsg may carry. */
int sysctl_optmem_max = 20480;

#define NPROTO		AF_MAX
#define SOCK_MAX	(SOCK_PACKET + 1)
#define USEC_PER_TICK	(1000000 / HZ)

static const struct net_proto_family *families[NPROTO];
static uint64_t sock_next_ino = 1000;

void
sock_register(const struct net_proto_family *fam)
{
	families[fam->family] = fam;
}

void
net_init(void)
{
	af_unix_init();
	net_dev_init();
	af_netlink_init();
	af_inet_init();
}

bool
sock_capable(void)
{
	return current->cred.euid == 0;
}

/* ---- the cursor over a call's bytes ---- */

static int
iter_copy(struct msg_iter *it, void *kbuf, size_t n, bool to_iter)
{
	uint8_t *k = kbuf;

	if (n > it->count)
		n = it->count;
	if (!it->iov) {
		if (to_iter)
			memcpy(it->kbuf, k, n);
		else
			memcpy(k, it->kbuf, n);
		it->kbuf += n;
		it->count -= n;
		return 0;
	}
	while (n) {
		const struct user_iovec *v = &it->iov[it->seg];
		size_t chunk = v->iov_len - it->seg_off;
		uaddr_t u = uaddr_add(u64_to_uaddr(v->iov_base), it->seg_off);

		if (chunk == 0) {
			it->seg++;
			it->seg_off = 0;
			continue;
		}
		if (chunk > n)
			chunk = n;
		if (to_iter ? copy_to_user(u, k, chunk) : copy_from_user(k, u, chunk))
			return -EFAULT;
		k += chunk;
		n -= chunk;
		it->count -= chunk;
		it->seg_off += chunk;
	}
	return 0;
}

int
iter_copy_to(struct msg_iter *it, const void *src, size_t n)
{
	return iter_copy(it, (void *)(uintptr_t)src, n, true);
}

int
iter_copy_from(struct msg_iter *it, void *dst, size_t n)
{
	return iter_copy(it, dst, n, false);
}

/*
 * iter_init_user sets it over cnt guest segments: a negative length is
 * EINVAL, and the total is cut to MAX_RW_COUNT, as Linux's import_iovec.
 */
static int
iter_init_user(struct msg_iter *it, struct user_iovec *iov, unsigned long cnt)
{
	uint64_t left = MAX_RW_COUNT;

	memset(it, 0, sizeof(*it));
	it->iov = iov;
	it->nr_segs = cnt;
	for (unsigned long i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].iov_len < 0)
			return -EINVAL;
		if (iov[i].iov_len > left)
			iov[i].iov_len = left;
		left -= iov[i].iov_len;
		it->count += iov[i].iov_len;
	}
	return 0;
}

/* ---- control messages out ---- */

int
put_cmsg(struct sock_msg *m, int level, int type, const void *data, size_t len)
{
	size_t left = m->ucontrollen - m->ucontrol_used, cmlen = CMSG_LEN(len), space;
	struct cmsghdr h;
	uaddr_t at = uaddr_add(m->ucontrol, m->ucontrol_used);

	if (uaddr_is_null(m->ucontrol) || left < sizeof(h)) {
		m->flags |= MSG_CTRUNC;
		return 0;
	}
	if (left < cmlen) {
		m->flags |= MSG_CTRUNC;
		cmlen = left;
	}
	h.cmsg_len = cmlen;
	h.cmsg_level = level;
	h.cmsg_type = type;
	if (copy_to_user(at, &h, sizeof(h)) ||
	    copy_to_user(uaddr_add(at, sizeof(h)), data, cmlen - sizeof(h)))
		return -EFAULT;
	space = CMSG_SPACE(len);
	m->ucontrol_used += space < left ? space : left;
	return 0;
}

/* ---- the socket file ---- */

bool
sock_nonblock(struct socket *sock, int flags)
{
	return (flags & MSG_DONTWAIT) || (sock->file && (sock->file->flags & O_NONBLOCK));
}

static int64_t
sock_sendmsg(struct socket *sock, struct sock_msg *m, int flags)
{
	if (!sock->ops->sendmsg)
		return -EOPNOTSUPP;
	if (sock->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	return sock->ops->sendmsg(sock, m, m->iter.count, flags);
}

static int64_t
sock_recvmsg(struct socket *sock, struct sock_msg *m, int flags)
{
	if (!sock->ops->recvmsg)
		return -EOPNOTSUPP;
	if (sock->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	return sock->ops->recvmsg(sock, m, m->iter.count, flags);
}

static int64_t
sock_rw(struct file *f, struct msg_iter *it, bool write)
{
	struct socket *sock = f->priv;
	struct sockaddr_storage addr;
	struct sock_msg m = { .name = &addr, .iter = *it };

	if (write)
		return sock_sendmsg(sock, &m, sock->type == SOCK_SEQPACKET ? MSG_EOR : 0);
	if (!it->count)
		return 0;
	return sock_recvmsg(sock, &m, 0);
}

static int64_t
sock_read_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	struct user_iovec v = { uaddr_to_u64(ubuf), len };
	struct msg_iter it = { .iov = &v, .nr_segs = 1, .count = len };

	(void)pos;
	return sock_rw(f, &it, false);
}

static int64_t
sock_write_user(struct file *f, uaddr_t ubuf, size_t len, uint64_t *pos)
{
	struct user_iovec v = { uaddr_to_u64(ubuf), len };
	struct msg_iter it = { .iov = &v, .nr_segs = 1, .count = len };

	(void)pos;
	return sock_rw(f, &it, true);
}

/* sock_read and sock_write serve kernel buffers (sendfile, splice). */
static int64_t
sock_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct msg_iter it = { .kbuf = buf, .count = len };

	(void)pos;
	return sock_rw(f, &it, false);
}

static int64_t
sock_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct msg_iter it = { .kbuf = (void *)(uintptr_t)buf, .count = len };

	(void)pos;
	return sock_rw(f, &it, true);
}

int64_t
sock_rw_iov(struct file *f, const struct user_iovec *iov, unsigned long cnt, bool write)
{
	struct user_iovec *v = kmalloc(cnt * sizeof(*v) + 1);
	struct msg_iter it;
	int64_t r;

	if (!v)
		return -ENOMEM;
	memcpy(v, iov, cnt * sizeof(*v));
	r = iter_init_user(&it, v, cnt);
	if (!r)
		r = sock_rw(f, &it, write);
	kfree(v);
	return r;
}

static unsigned int
sock_poll(struct file *f, struct poll_table *pt)
{
	struct socket *sock = f->priv;

	return sock->ops->poll ? sock->ops->poll(sock, pt) : 0;
}

static int
sock_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct socket *sock = f->priv;
	int err, zero = 0;

	switch (cmd) {
	case FIOSETOWN:
	case SIOCSPGRP:
		return 0;
	case FIOGETOWN:
	case SIOCGPGRP:
		return put_user(zero, u64_to_uaddr(arg));
	}
	err = sock->ops->ioctl ? sock->ops->ioctl(sock, cmd, arg) : -ENOIOCTLCMD;
	/* The interface ioctls work on a socket of any family, as in Linux. */
	if (err == -ENOIOCTLCMD)
		err = netdev_ioctl(cmd, arg);
	if (err == -ENOIOCTLCMD)
		err = -ENOTTY;
	return err;
}

static void
sock_release(struct file *f)
{
	struct socket *sock = f->priv;

	if (sock->ops && sock->ops->release)
		sock->ops->release(sock);
	kfree(sock);
}

static int64_t
sock_llseek(struct file *f, int64_t off, int whence)
{
	(void)f; (void)off; (void)whence;
	return -ESPIPE;
}

static const struct file_operations socket_fops = {
	.read = sock_read, .write = sock_write,
	.read_user = sock_read_user, .write_user = sock_write_user,
	.poll = sock_poll, .ioctl = sock_ioctl, .release = sock_release, .llseek = sock_llseek,
};

bool
file_is_socket(struct file *f)
{
	return f->f_op == &socket_fops;
}

struct socket *
sock_from_file(struct file *f)
{
	return file_is_socket(f) ? f->priv : NULL;
}

static struct socket *
sock_alloc(void)
{
	struct socket *sock = kzalloc(sizeof(*sock));

	if (!sock)
		return NULL;
	sock->rcvtimeo = sock->sndtimeo = SOCK_TIMEO_MAX;
	sock->sndbuf = sysctl_wmem_default;
	sock->rcvbuf = sysctl_rmem_default;
	sock->rcvlowat = 1;
	sock->peek_off = -1;
	sock->ino = ++sock_next_ino;
	return sock;
}

/*
 * sock_attach_file puts sock behind a new file (O_NONBLOCK from flags);
 * from here on the file owns sock. On failure the family's release runs
 * and sock is freed.
 */
static struct file *
sock_attach_file(struct socket *sock, int flags)
{
	struct inode *inode = new_inode(NULL);
	struct file *f;

	if (!inode) {
		f = ERR_PTR(-ENOMEM);
	} else {
		inode->mode = S_IFSOCK | 0777;
		inode->ino = sock->ino;
		inode->uid = current->cred.fsuid;
		inode->gid = current->cred.fsgid;
		f = alloc_file(NULL, inode, O_RDWR | (flags & O_NONBLOCK), &socket_fops);
		inode_put(inode);
	}
	if (IS_ERR(f)) {
		if (sock->ops && sock->ops->release)
			sock->ops->release(sock);
		kfree(sock);
		return f;
	}
	f->priv = sock;
	sock->file = f;
	return f;
}

/* sock_create makes a socket of family, type and protocol as socket(2) checks them. */
static int
sock_create(int family, int type, int protocol, struct socket **out)
{
	const struct net_proto_family *fam;
	struct socket *sock;
	int err;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	fam = families[family];
	if (!fam)
		return -EAFNOSUPPORT;
	sock = sock_alloc();
	if (!sock)
		return -ENOMEM;
	sock->family = family;
	sock->type = type;
	sock->protocol = protocol;
	err = fam->create(sock, protocol, false);
	if (err) {
		kfree(sock);
		return err;
	}
	*out = sock;
	return 0;
}

/* sock_install gives sock a file and an fd (SOCK_NONBLOCK, SOCK_CLOEXEC in flags). */
static int
sock_install(struct socket *sock, int flags)
{
	struct file *f = sock_attach_file(sock, flags);
	int fd;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fd = fd_install(f, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* sockfd_lookup: the socket at fd; EBADF or ENOTSOCK otherwise. */
static struct socket *
sockfd_lookup(int fd, int *err)
{
	struct file *f = fget(fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (!file_is_socket(f)) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return f->priv;
}

/* move_addr_to_kernel copies a guest sockaddr of ulen bytes. */
static int
move_addr_to_kernel(uaddr_t uaddr, int ulen, struct sockaddr_storage *k)
{
	if (ulen < 0 || (size_t)ulen > sizeof(*k))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	if (copy_from_user(k, uaddr, (size_t)ulen))
		return -EFAULT;
	return 0;
}

/* move_addr_to_user gives the guest klen bytes of address, cut to its buffer, and klen. */
static int
move_addr_to_user(const struct sockaddr_storage *k, int klen, uaddr_t uaddr, uaddr_t ulen)
{
	int len;

	if (get_user(len, ulen))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, k, (size_t)len))
		return -EFAULT;
	return put_user(klen, ulen);
}

/* ---- system calls ---- */

/* sys_socket implements socket(2). */
SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	struct socket *sock;
	int flags = type & ~SOCK_TYPE_MASK, err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sock);
	if (err)
		return err;
	return sock_install(sock, flags);
}

/*
 * sys_socketpair implements socketpair(2): two sockets joined by the
 * family; the fds go to the guest before the pair is joined, as Linux.
 */
SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, uaddr_t, usv)
{
	int flags = type & ~SOCK_TYPE_MASK, err, fd[2];
	struct socket *a, *b;
	struct file *fa, *fb;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	err = sock_create(family, type, protocol, &a);
	if (err)
		return err;
	err = sock_create(family, type, protocol, &b);
	if (err) {
		fa = sock_attach_file(a, 0);
		if (!IS_ERR(fa))
			file_put(fa);
		return err;
	}
	fa = sock_attach_file(a, flags);
	if (IS_ERR(fa)) {
		fb = sock_attach_file(b, 0);
		if (!IS_ERR(fb))
			file_put(fb);
		return (int)PTR_ERR(fa);
	}
	fb = sock_attach_file(b, flags);
	if (IS_ERR(fb)) {
		file_put(fa);
		return (int)PTR_ERR(fb);
	}
	err = a->ops->socketpair ? a->ops->socketpair(a, b) : -EOPNOTSUPP;
	if (err)
		goto fail;
	fd[0] = fd_install(fa, flags & SOCK_CLOEXEC);
	if (fd[0] < 0) {
		err = fd[0];
		goto fail;
	}
	fd[1] = fd_install(fb, flags & SOCK_CLOEXEC);
	if (fd[1] < 0) {
		err = fd[1];
		fd_close(fd[0]);
		file_put(fb);
		return err;
	}
	if (put_user(fd, usv)) {
		fd_close(fd[0]);
		fd_close(fd[1]);
		return -EFAULT;
	}
	return 0;
fail:
	file_put(fa);
	file_put(fb);
	return err;
}

/* sys_bind implements bind(2). */
SYSCALL_DEFINE3(bind, int, fd, uaddr_t, umyaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	err = move_addr_to_kernel(umyaddr, addrlen, &addr);
	if (err)
		return err;
	return sock->ops->bind ? sock->ops->bind(sock, &addr, addrlen) : -EOPNOTSUPP;
}

/* sys_connect implements connect(2): the address is checked before the fd is a socket, as Linux. */
SYSCALL_DEFINE3(connect, int, fd, uaddr_t, uservaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	struct file *f = fget(fd);
	struct socket *sock;
	int err;

	if (!f)
		return -EBADF;
	err = move_addr_to_kernel(uservaddr, addrlen, &addr);
	if (err)
		return err;
	sock = sock_from_file(f);
	if (!sock)
		return -ENOTSOCK;
	if (!sock->ops->connect)
		return -EOPNOTSUPP;
	return sock->ops->connect(sock, &addr, addrlen, (int)f->flags);
}

/* sys_listen implements listen(2); the backlog is capped at net.core.somaxconn. */
SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if ((unsigned int)backlog > (unsigned int)sysctl_somaxconn)
		backlog = sysctl_somaxconn;
	err = sock->ops->listen ? sock->ops->listen(sock, backlog) : -EOPNOTSUPP;
	if (!err)
		sock->listening = true;
	return err;
}

static int64_t
do_accept(int fd, uaddr_t uaddr, uaddr_t ulen, int flags)
{
	struct file *f = fget(fd), *nf;
	struct socket *sock, *nsock;
	struct sockaddr_storage addr;
	int err, len, nfd;

	if (!f)
		return -EBADF;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sock = sock_from_file(f);
	if (!sock)
		return -ENOTSOCK;
	nsock = sock_alloc();
	if (!nsock)
		return -ENOMEM;
	nsock->family = sock->family;
	nsock->type = sock->type;
	nsock->protocol = sock->protocol;
	nsock->ops = sock->ops;
	nf = sock_attach_file(nsock, flags);
	if (IS_ERR(nf))
		return PTR_ERR(nf);
	err = sock->ops->accept ? sock->ops->accept(sock, nsock, (int)f->flags) : -EOPNOTSUPP;
	if (err)
		goto out;
	if (!uaddr_is_null(uaddr)) {
		len = nsock->ops->getname(nsock, &addr, 2);
		err = len < 0 ? -ECONNABORTED : move_addr_to_user(&addr, len, uaddr, ulen);
		if (err)
			goto out;
	}
	nfd = fd_install(nf, flags & SOCK_CLOEXEC);
	if (nfd >= 0)
		return nfd;
	err = nfd;
out:
	file_put(nf);
	return err;
}

/* sys_accept implements accept(2). */
SYSCALL_DEFINE3(accept, int, fd, uaddr_t, upeer_sockaddr, uaddr_t, upeer_addrlen)
{
	return do_accept(fd, upeer_sockaddr, upeer_addrlen, 0);
}

/* sys_accept4 implements accept4(2). */
SYSCALL_DEFINE4(accept4, int, fd, uaddr_t, upeer_sockaddr, uaddr_t, upeer_addrlen, int, flags)
{
	return do_accept(fd, upeer_sockaddr, upeer_addrlen, flags);
}

static int64_t
do_getname(int fd, uaddr_t uaddr, uaddr_t ulen, int peer)
{
	struct sockaddr_storage addr;
	int err = 0, len;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (!sock->ops->getname)
		return -EOPNOTSUPP;
	len = sock->ops->getname(sock, &addr, peer);
	if (len < 0)
		return len;
	return move_addr_to_user(&addr, len, uaddr, ulen);
}

/* sys_getsockname implements getsockname(2). */
SYSCALL_DEFINE3(getsockname, int, fd, uaddr_t, usockaddr, uaddr_t, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 0);
}

/* sys_getpeername implements getpeername(2). */
SYSCALL_DEFINE3(getpeername, int, fd, uaddr_t, usockaddr, uaddr_t, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 1);
}

/* sys_sendto implements sendto(2) (and send(2)). */
SYSCALL_DEFINE6(sendto, int, fd, uaddr_t, buff, size_t, len, unsigned int, flags,
		uaddr_t, addr, int, addrlen)
{
	struct sockaddr_storage a;
	struct user_iovec v = { uaddr_to_u64(buff), len > MAX_RW_COUNT ? MAX_RW_COUNT : len };
	struct sock_msg m = { .iter = { .iov = &v, .nr_segs = 1, .count = v.iov_len } };
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (!uaddr_is_null(addr)) {
		err = move_addr_to_kernel(addr, addrlen, &a);
		if (err)
			return err;
		m.name = &a;
		m.namelen = addrlen;
	}
	return sock_sendmsg(sock, &m, (int)flags);
}

/* sys_recvfrom implements recvfrom(2) (and recv(2)). */
SYSCALL_DEFINE6(recvfrom, int, fd, uaddr_t, ubuf, size_t, size, unsigned int, flags,
		uaddr_t, addr, uaddr_t, addr_len)
{
	struct sockaddr_storage a;
	struct user_iovec v = { uaddr_to_u64(ubuf), size > MAX_RW_COUNT ? MAX_RW_COUNT : size };
	struct sock_msg m = { .name = &a, .iter = { .iov = &v, .nr_segs = 1, .count = v.iov_len } };
	int64_t r;
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	r = sock_recvmsg(sock, &m, (int)flags);
	if (r >= 0 && !uaddr_is_null(addr)) {
		err = move_addr_to_user(&a, m.namelen, addr, addr_len);
		if (err)
			r = err;
	}
	return r;
}

/*
 * A msghdr copied in: the header, the address for sending, the iovec;
 * msg_iovlen over UIO_MAXIOV is EMSGSIZE, a negative msg_namelen EINVAL,
 * one over sizeof(sockaddr_storage) is cut, as Linux's copy_msghdr_from_user.
 */
struct kmsg {
	struct user_msghdr h;
	struct sockaddr_storage addr;
	struct user_iovec *iov;
	struct sock_msg m;
	void *ctl;
};

static int
copy_msghdr_in(struct kmsg *k, uaddr_t umsg, bool send)
{
	int err;

	memset(k, 0, sizeof(*k));
	if (copy_from_user(&k->h, umsg, sizeof(k->h)))
		return -EFAULT;
	if (k->h.msg_namelen < 0)
		return -EINVAL;
	if ((size_t)k->h.msg_namelen > sizeof(k->addr))
		k->h.msg_namelen = sizeof(k->addr);
	k->m.name = &k->addr;
	if (send && k->h.msg_name && k->h.msg_namelen) {
		err = move_addr_to_kernel(u64_to_uaddr(k->h.msg_name), k->h.msg_namelen, &k->addr);
		if (err)
			return err;
		k->m.namelen = k->h.msg_namelen;
	}
	if (k->h.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	k->iov = kmalloc(k->h.msg_iovlen * sizeof(*k->iov) + 1);
	if (!k->iov)
		return -ENOMEM;
	if (copy_from_user(k->iov, u64_to_uaddr(k->h.msg_iov), k->h.msg_iovlen * sizeof(*k->iov)))
		return -EFAULT;
	return iter_init_user(&k->m.iter, k->iov, k->h.msg_iovlen);
}

static void
kmsg_free(struct kmsg *k)
{
	kfree(k->iov);
	kfree(k->ctl);
}

/* do_sendmsg sends one guest msghdr; returns the bytes sent. *left: bytes not sent. */
static int64_t
do_sendmsg(struct socket *sock, uaddr_t umsg, int flags, size_t *left)
{
	struct kmsg *k = kmalloc(sizeof(*k));
	int64_t r;

	if (!k)
		return -ENOMEM;
	r = copy_msghdr_in(k, umsg, true);
	if (r)
		goto out;
	r = -ENOBUFS;
	if (k->h.msg_controllen > INT32_MAX)
		goto out;
	if (k->h.msg_controllen) {
		if (k->h.msg_controllen > (uint64_t)sysctl_optmem_max)
			goto out;
		k->ctl = kmalloc(k->h.msg_controllen);
		r = -ENOMEM;
		if (!k->ctl)
			goto out;
		r = -EFAULT;
		if (copy_from_user(k->ctl, u64_to_uaddr(k->h.msg_control), k->h.msg_controllen))
			goto out;
		k->m.control = k->ctl;
		k->m.controllen = k->h.msg_controllen;
	}
	r = sock_sendmsg(sock, &k->m, flags);
	if (left)
		*left = k->m.iter.count;
out:
	kmsg_free(k);
	kfree(k);
	return r;
}

/* do_recvmsg receives into one guest msghdr and writes back its name length, flags, control length. */
static int64_t
do_recvmsg(struct socket *sock, uaddr_t umsg, int flags, int *out_flags)
{
	struct kmsg *k = kmalloc(sizeof(*k));
	int64_t r;
	int err;

	if (!k)
		return -ENOMEM;
	r = copy_msghdr_in(k, umsg, false);
	if (r)
		goto out;
	k->m.ucontrol = u64_to_uaddr(k->h.msg_control);
	k->m.ucontrollen = k->h.msg_controllen;
	k->m.cmsg_cloexec = flags & MSG_CMSG_CLOEXEC;
	k->m.flags = flags & MSG_CMSG_CLOEXEC;	/* reported back, as Linux does */
	r = sock_recvmsg(sock, &k->m, flags);
	if (r < 0)
		goto out;
	if (k->h.msg_name) {
		err = move_addr_to_user(&k->addr, k->m.namelen, u64_to_uaddr(k->h.msg_name),
					uaddr_add(umsg, offsetof(struct user_msghdr, msg_namelen)));
		if (err) {
			r = err;
			goto out;
		}
	}
	err = put_user(k->m.flags, uaddr_add(umsg, offsetof(struct user_msghdr, msg_flags)));
	if (!err) {
		uint64_t used = k->m.ucontrol_used;

		err = put_user(used, uaddr_add(umsg, offsetof(struct user_msghdr, msg_controllen)));
	}
	if (err)
		r = err;
	if (out_flags)
		*out_flags = k->m.flags;
out:
	kmsg_free(k);
	kfree(k);
	return r;
}

/* sys_sendmsg implements sendmsg(2). */
SYSCALL_DEFINE3(sendmsg, int, fd, uaddr_t, msg, unsigned int, flags)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	return do_sendmsg(sock, msg, (int)flags, NULL);
}

/* sys_recvmsg implements recvmsg(2). */
SYSCALL_DEFINE3(recvmsg, int, fd, uaddr_t, msg, unsigned int, flags)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	return do_recvmsg(sock, msg, (int)flags, NULL);
}

/*
 * sys_sendmmsg implements sendmmsg(2): up to UIO_MAXIOV messages, each
 * one's count stored in its msg_len; it stops at the first error or
 * partly sent message, and reports an error only if nothing was sent.
 */
SYSCALL_DEFINE4(sendmmsg, int, fd, uaddr_t, mmsg, unsigned int, vlen, unsigned int, flags)
{
	unsigned int n = 0;
	int64_t r = 0;
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	while (n < vlen) {
		uaddr_t e = uaddr_add(mmsg, (uint64_t)n * sizeof(struct user_mmsghdr));
		size_t left = 0;
		unsigned int len;

		r = do_sendmsg(sock, e, (int)flags, &left);
		if (r < 0)
			break;
		len = (unsigned int)r;
		r = put_user(len, uaddr_add(e, offsetof(struct user_mmsghdr, msg_len)));
		if (r)
			break;
		n++;
		if (left)
			break;
		cond_resched();
	}
	return n ? n : r;
}

/*
 * sys_recvmmsg implements recvmmsg(2). As in Linux, the timeout is only
 * looked at after each message (a blocking receive is not cut short by
 * it); MSG_WAITFORONE makes the calls after the first non-blocking. An
 * error after some messages is kept in SO_ERROR for the next call.
 */
SYSCALL_DEFINE5(recvmmsg, int, fd, uaddr_t, mmsg, unsigned int, vlen, unsigned int, flags,
		uaddr_t, timeout)
{
	int64_t ts[2], r = 0;
	uint64_t end = 0;
	unsigned int n = 0;
	int err = 0;
	struct socket *sock;

	if (!uaddr_is_null(timeout)) {
		if (copy_from_user(ts, timeout, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -EINVAL;
		end = ns_add_sat(ktime_get_ns(), ns_from_sec_sat((uint64_t)ts[0], (uint64_t)ts[1]));
	}
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if (!(flags & MSG_ERRQUEUE) && sock->err) {
		err = -sock->err;
		sock->err = 0;
		return err;
	}
	while (n < vlen) {
		uaddr_t e = uaddr_add(mmsg, (uint64_t)n * sizeof(struct user_mmsghdr));
		unsigned int len;
		int mflags = 0;

		r = do_recvmsg(sock, e, (int)(flags & ~MSG_WAITFORONE), &mflags);
		if (r < 0)
			break;
		len = (unsigned int)r;
		r = put_user(len, uaddr_add(e, offsetof(struct user_mmsghdr, msg_len)));
		if (r)
			break;
		n++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (!uaddr_is_null(timeout)) {
			uint64_t now = ktime_get_ns(), left = now < end ? end - now : 0;

			ts[0] = (int64_t)(left / 1000000000);
			ts[1] = (int64_t)(left % 1000000000);
			if (copy_to_user(timeout, ts, sizeof(ts)))
				return -EFAULT;
			if (!left)
				break;
		}
		if (mflags & MSG_OOB)
			break;
		cond_resched();
	}
	if (!r)
		return n;
	if (!n)
		return r;
	if (r != -EAGAIN)
		sock->err = (int)-r;
	return n;
}

/* sys_shutdown implements shutdown(2). */
SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	return sock->ops->shutdown ? sock->ops->shutdown(sock, how) : -EOPNOTSUPP;
}

/* ---- SOL_SOCKET options ---- */

/* timeo_set is SO_RCVTIMEO/SO_SNDTIMEO: a timeval, rounded up to ticks as Linux keeps it. */
static int
timeo_set(uint64_t *timeo, uaddr_t uval, int len)
{
	int64_t tv[2];

	if ((size_t)len < sizeof(tv))
		return -EINVAL;
	if (copy_from_user(tv, uval, sizeof(tv)))
		return -EFAULT;
	if (tv[1] < 0 || tv[1] >= 1000000)
		return -EDOM;
	if (tv[0] < 0) {
		*timeo = 0;
		return 0;
	}
	*timeo = SOCK_TIMEO_MAX;
	if ((tv[0] || tv[1]) && tv[0] < INT64_MAX / HZ / 2) {
		uint64_t ticks = (uint64_t)tv[0] * HZ + ((uint64_t)tv[1] + USEC_PER_TICK - 1) / USEC_PER_TICK;

		*timeo = ticks * (1000000000 / HZ);
	}
	return 0;
}

static void
timeo_get(uint64_t timeo, int64_t tv[2])
{
	if (timeo == SOCK_TIMEO_MAX) {
		tv[0] = tv[1] = 0;
		return;
	}
	tv[0] = (int64_t)(timeo / 1000000000);
	tv[1] = (int64_t)(timeo % 1000000000 / 1000);
}

static int
sock_setsockopt(struct socket *sock, int name, uaddr_t uval, int len)
{
	struct linger l;
	int val;
	bool b;

	if (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW)
		return timeo_set(&sock->rcvtimeo, uval, len);
	if (name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW)
		return timeo_set(&sock->sndtimeo, uval, len);
	if ((size_t)len < sizeof(int))
		return -EINVAL;
	if (get_user(val, uval))
		return -EFAULT;
	b = val != 0;
	switch (name) {
	case SO_DEBUG:
		return val && !sock_capable() ? -EACCES : 0;
	case SO_REUSEADDR:
		sock->reuseaddr = b;
		return 0;
	case SO_REUSEPORT:
		sock->reuseport = b;
		return 0;
	case SO_DONTROUTE:
		sock->dontroute = b;
		return 0;
	case SO_BROADCAST:
		sock->broadcast = b;
		return 0;
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		if (name == SO_SNDBUFFORCE && !sock_capable())
			return -EPERM;
		if (name == SO_SNDBUF && (uint32_t)val > (uint32_t)sysctl_wmem_max)
			val = sysctl_wmem_max;
		if (val < 0)
			val = 0;
		if (val > INT32_MAX / 2)
			val = INT32_MAX / 2;
		sock->sndbuf = val * 2 > SOCK_MIN_SNDBUF ? val * 2 : SOCK_MIN_SNDBUF;
		return 0;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		if (name == SO_RCVBUFFORCE && !sock_capable())
			return -EPERM;
		if (name == SO_RCVBUF && (uint32_t)val > (uint32_t)sysctl_rmem_max)
			val = sysctl_rmem_max;
		if (val < 0)
			val = 0;
		if (val > INT32_MAX / 2)
			val = INT32_MAX / 2;
		sock->rcvbuf = val * 2 > SOCK_MIN_RCVBUF ? val * 2 : SOCK_MIN_RCVBUF;
		return 0;
	case SO_KEEPALIVE:
		sock->keepalive = b;
		return 0;
	case SO_OOBINLINE:
		sock->oobinline = b;
		return 0;
	case SO_NO_CHECK:
		return 0;
	case SO_PRIORITY:
		if ((val < 0 || val > 6) && !sock_capable())
			return -EPERM;
		sock->priority = val;
		return 0;
	case SO_LINGER:
		if ((size_t)len < sizeof(l))
			return -EINVAL;
		if (copy_from_user(&l, uval, sizeof(l)))
			return -EFAULT;
		sock->linger.l_onoff = l.l_onoff ? 1 : 0;
		sock->linger.l_linger = l.l_onoff ? l.l_linger : 0;
		return 0;
	case SO_BSDCOMPAT:
		return 0;
	case SO_PASSCRED:
		sock->passcred = b;
		return 0;
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMP_NEW:
		sock->timestamp = b;
		return 0;
	case SO_RCVLOWAT:
		if (val < 0)
			val = INT32_MAX;
		sock->rcvlowat = val ? val : 1;
		return 0;
	case SO_PEEK_OFF:
		return sock->ops->set_peek_off ? sock->ops->set_peek_off(sock, val) : -EOPNOTSUPP;
	case SO_MARK:
		return sock_capable() ? 0 : -EPERM;
	}
	return -ENOPROTOOPT;
}

static int
sock_getsockopt(struct socket *sock, int name, uaddr_t uval, uaddr_t ulen)
{
	union {
		int val;
		struct linger l;
		int64_t tv[2];
		struct ucred cred;
	} v;
	struct sockaddr_storage addr;
	int len, lv = sizeof(int);

	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	switch (name) {
	case SO_DEBUG:
	case SO_NO_CHECK:
	case SO_BSDCOMPAT:
	case SO_MARK:
		break;
	case SO_DONTROUTE:
		v.val = sock->dontroute;
		break;
	case SO_BROADCAST:
		v.val = sock->broadcast;
		break;
	case SO_SNDBUF:
		v.val = sock->sndbuf;
		break;
	case SO_RCVBUF:
		v.val = sock->rcvbuf;
		break;
	case SO_REUSEADDR:
		v.val = sock->reuseaddr;
		break;
	case SO_REUSEPORT:
		v.val = sock->reuseport;
		break;
	case SO_KEEPALIVE:
		v.val = sock->keepalive;
		break;
	case SO_TYPE:
		v.val = sock->type;
		break;
	case SO_PROTOCOL:
		v.val = sock->protocol;
		break;
	case SO_DOMAIN:
		v.val = sock->family;
		break;
	case SO_ERROR:
		v.val = sock->err;
		sock->err = 0;
		if (!v.val && sock->ops->take_error)
			v.val = sock->ops->take_error(sock);
		break;
	case SO_OOBINLINE:
		v.val = sock->oobinline;
		break;
	case SO_PRIORITY:
		v.val = sock->priority;
		break;
	case SO_LINGER:
		lv = sizeof(v.l);
		v.l = sock->linger;
		break;
	case SO_TIMESTAMP_OLD:
		v.val = sock->timestamp;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		lv = sizeof(v.tv);
		timeo_get(sock->rcvtimeo, v.tv);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		lv = sizeof(v.tv);
		timeo_get(sock->sndtimeo, v.tv);
		break;
	case SO_RCVLOWAT:
		v.val = sock->rcvlowat;
		break;
	case SO_SNDLOWAT:
		v.val = 1;
		break;
	case SO_PASSCRED:
		v.val = sock->passcred;
		break;
	case SO_PEERCRED:
		/* Only AF_UNIX knows its peer; for others no process: pid 0, ids -1. */
		if (sock->family == AF_UNIX && sock->ops->getsockopt)
			return sock->ops->getsockopt(sock, SOL_SOCKET, name, uval, ulen);
		v.cred = (struct ucred){ 0, (uint32_t)-1, (uint32_t)-1 };
		if ((size_t)len > sizeof(v.cred))
			len = sizeof(v.cred);
		if (copy_to_user(uval, &v.cred, (size_t)len))
			return -EFAULT;
		return put_user(len, ulen);
	case SO_PEERNAME:
		if (!sock->ops->getname)
			return -EOPNOTSUPP;
		lv = sock->ops->getname(sock, &addr, 2);
		if (lv < 0)
			return -ENOTCONN;
		if (lv < len)
			return -EINVAL;
		if (copy_to_user(uval, &addr, (size_t)lv))
			return -EFAULT;
		len = lv;
		return put_user(len, ulen);
	case SO_ACCEPTCONN:
		v.val = sock->listening;
		break;
	case SO_PEEK_OFF:
		if (!sock->ops->set_peek_off)
			return -EOPNOTSUPP;
		v.val = sock->peek_off;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (len > lv)
		len = lv;
	if (copy_to_user(uval, &v, (size_t)len))
		return -EFAULT;
	return put_user(len, ulen);
}

/* sys_setsockopt implements setsockopt(2). */
SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname, uaddr_t, optval, int, optlen)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (optlen < 0)
		return -EINVAL;
	if (level == SOL_SOCKET)
		return sock_setsockopt(sock, optname, optval, optlen);
	if (!sock->ops->setsockopt)
		return -EOPNOTSUPP;
	return sock->ops->setsockopt(sock, level, optname, optval, optlen);
}

/* sys_getsockopt implements getsockopt(2). */
SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, uaddr_t, optval, uaddr_t, optlen)
{
	int err = 0;
	struct socket *sock = sockfd_lookup(fd, &err);

	if (!sock)
		return err;
	if (level == SOL_SOCKET)
		return sock_getsockopt(sock, optname, optval, optlen);
	if (!sock->ops->getsockopt)
		return -EOPNOTSUPP;
	return sock->ops->getsockopt(sock, level, optname, optval, optlen);
}
