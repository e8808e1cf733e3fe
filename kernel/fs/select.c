// SPDX-License-Identifier: GPL-2.0-only
/*
 * poll, ppoll, select, pselect6: ask every file's poll operation, and if
 * nothing is ready sleep on all their wait queues at once until one wakes
 * us, a signal comes, or the timeout passes. Files without a poll
 * operation are always ready (regular files, as in Linux).
 *
 * The poll_table holds one waiter per wait queue, and a reference to the
 * file each queue belongs to (poll.h), so a file closed by another thread
 * while we sleep cannot take its queue away under us. select is poll over
 * an array built from the fd sets; both are bounded by FD_MAX.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* file_poll asks f for its ready bits, queueing the caller on f's queues if pt is given. */
static unsigned int
file_poll(struct file *f, struct poll_table *pt)
{
	if (!f->f_op || !f->f_op->poll)
		return DEFAULT_POLLMASK;
	if (pt)
		pt->cur = f;	/* each registration holds f (poll.h) */
	return f->f_op->poll(f, pt);
}

/*
 * do_poll waits up to ns (UINT64_MAX: forever) for any of fds; returns
 * the ready count. Only the first scan registers on wait queues (once a
 * file is ready there is nothing to wait for); after a wake-up the
 * registrations are dropped and the scan starts again. When the time is
 * up, one last look without waiting decides, as Linux does. An
 * interrupted poll is -ERESTARTNOHAND: restarted after a signal with no
 * handler, EINTR otherwise.
 */
static int64_t
do_poll(struct pollfd *fds, unsigned int n, uint64_t ns)
{
	struct poll_table *pt = kzalloc(sizeof(*pt));
	int64_t ready = 0;

	if (!pt)
		return -ENOMEM;
	for (;;) {
		ready = 0;
		for (unsigned int i = 0; i < n; i++) {
			struct file *f;
			unsigned int mask;

			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			f = fget(fds[i].fd);
			if (!f) {
				fds[i].revents = POLLNVAL;
				ready++;
				continue;
			}
			mask = file_poll(f, ready ? NULL : pt);
			mask &= (unsigned int)(uint16_t)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			fds[i].revents = (int16_t)mask;
			if (mask)
				ready++;
		}
		if (ready || !ns || signal_pending(current))
			break;
		current->state = TASK_INTERRUPTIBLE;
		ns = schedule_timeout(ns);
		current->state = TASK_RUNNING;
		poll_table_free(pt);
		if (!ns)
			ns = 0;	/* one more look, then give up */
		if (!ns) {
			for (unsigned int i = 0; i < n; i++) {
				struct file *f = fds[i].fd >= 0 ? fget(fds[i].fd) : NULL;
				unsigned int mask;

				if (!f)
					continue;
				mask = file_poll(f, NULL) &
				       ((unsigned int)(uint16_t)fds[i].events | POLLERR | POLLHUP);
				fds[i].revents = (int16_t)mask;
				if (mask)
					ready++;
			}
			break;
		}
	}
	poll_table_free(pt);
	kfree(pt);
	if (!ready && signal_pending(current))
		return -ERESTARTNOHAND;
	return ready;
}

/* poll_common copies the guest's array in, polls, and writes back only the revents fields. */
static int64_t
poll_common(uaddr_t ufds, uint64_t nfds, uint64_t ns)
{
	struct pollfd *fds;
	int64_t r;

	if (nfds > FD_MAX)
		return -EINVAL;
	fds = kmalloc(nfds * sizeof(*fds) + 1);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	r = do_poll(fds, (unsigned int)nfds, ns);
	if (r >= 0) {
		for (uint64_t i = 0; i < nfds; i++)
			if (put_user(fds[i].revents, uaddr_add(ufds, i * sizeof(*fds) +
							       offsetof(struct pollfd, revents)))) {
				r = -EFAULT;
				break;
			}
	}
	kfree(fds);
	return r;
}

/* timespec_ns reads a guest timespec as a timeout in ns (NULL: none, UINT64_MAX). */
static int
timespec_ns(uaddr_t uts, uint64_t *ns)
{
	int64_t ts[2];

	if (uaddr_is_null(uts)) {
		*ns = UINT64_MAX;
		return 0;
	}
	if (copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	*ns = ns_from_sec_sat((uint64_t)ts[0], (uint64_t)ts[1]);
	return 0;
}

/* set_sigmask applies a temporary mask for ppoll/pselect (restored on return). */
static int
set_sigmask(uaddr_t umask, uint64_t size)
{
	sigset_t set;

	if (uaddr_is_null(umask))
		return 0;
	if (size != 8)
		return -EINVAL;
	if (get_user(set, umask))
		return -EFAULT;
	current->saved_mask = current->blocked;
	current->restore_mask = true;
	current->blocked = set & ~SIG_KERNEL_ONLY;
	return 0;
}

static void
unset_sigmask(int64_t r)
{
	/* With a signal to deliver, do_signal restores the mask after the handler frame. */
	if (current->restore_mask && r != -ERESTARTNOHAND) {
		current->blocked = current->saved_mask;
		current->restore_mask = false;
	}
}

/* sys_poll implements poll(2) (nfds in all 64 bits). */
SYSCALL_DEFINE3(poll, uaddr_t, ufds, uint64_t, nfds, int, timeout)
{
	return poll_common(ufds, nfds, timeout < 0 ? UINT64_MAX : (uint64_t)timeout * 1000000);
}

/* sys_ppoll implements ppoll(2). */
SYSCALL_DEFINE5(ppoll, uaddr_t, ufds, uint64_t, nfds, uaddr_t, tsp, uaddr_t, usigmask,
		size_t, sigsetsize)
{
	uint64_t ns;
	int64_t r = timespec_ns(tsp, &ns);

	if (r)
		return r;
	r = set_sigmask(usigmask, sigsetsize);
	if (r)
		return r;
	r = poll_common(ufds, nfds, ns);
	unset_sigmask(r);
	return r;
}

/*
 * select_common turns the three fd sets into a pollfd array, polls it, and
 * turns the result back into sets, as Linux maps them: readable includes
 * hangup and error, writable includes error, exceptional is POLLPRI. A
 * set naming a closed fd is EBADF before anything waits.
 */
static int64_t
select_common(int n, uaddr_t uin, uaddr_t uout, uaddr_t uex, uint64_t ns)
{
	uint64_t in[FD_MAX / 64] = { 0 }, out[FD_MAX / 64] = { 0 }, ex[FD_MAX / 64] = { 0 };
	size_t bytes;
	struct pollfd *fds;
	unsigned int cnt = 0;
	int64_t r;

	if (n < 0 || n > FD_MAX)
		return -EINVAL;
	bytes = ((size_t)n + 63) / 64 * 8;
	if ((!uaddr_is_null(uin) && copy_from_user(in, uin, bytes)) ||
	    (!uaddr_is_null(uout) && copy_from_user(out, uout, bytes)) ||
	    (!uaddr_is_null(uex) && copy_from_user(ex, uex, bytes)))
		return -EFAULT;
	fds = kmalloc(sizeof(*fds) * (size_t)(n ? n : 1));
	if (!fds)
		return -ENOMEM;
	for (int fd = 0; fd < n; fd++) {
		uint64_t bit = UINT64_C(1) << (fd % 64);
		int16_t ev = 0;

		if (in[fd / 64] & bit)
			ev |= POLLIN;
		if (out[fd / 64] & bit)
			ev |= POLLOUT;
		if (ex[fd / 64] & bit)
			ev |= POLLPRI;
		if (!ev)
			continue;
		if (!fget(fd)) {
			kfree(fds);
			return -EBADF;
		}
		fds[cnt].fd = fd;
		fds[cnt].events = ev;
		cnt++;
	}
	r = do_poll(fds, cnt, ns);
	if (r >= 0) {
		memset(in, 0, sizeof(in));
		memset(out, 0, sizeof(out));
		memset(ex, 0, sizeof(ex));
		r = 0;
		for (unsigned int i = 0; i < cnt; i++) {
			int fd = fds[i].fd;
			uint64_t bit = UINT64_C(1) << (fd % 64);
			int16_t re = fds[i].revents;

			if ((fds[i].events & POLLIN) && (re & (POLLIN | POLLHUP | POLLERR))) {
				in[fd / 64] |= bit;
				r++;
			}
			if ((fds[i].events & POLLOUT) && (re & (POLLOUT | POLLERR))) {
				out[fd / 64] |= bit;
				r++;
			}
			if ((fds[i].events & POLLPRI) && (re & POLLPRI)) {
				ex[fd / 64] |= bit;
				r++;
			}
		}
		if ((!uaddr_is_null(uin) && copy_to_user(uin, in, bytes)) ||
		    (!uaddr_is_null(uout) && copy_to_user(uout, out, bytes)) ||
		    (!uaddr_is_null(uex) && copy_to_user(uex, ex, bytes)))
			r = -EFAULT;
	}
	kfree(fds);
	return r;
}

/* sys_select implements select(2). */
SYSCALL_DEFINE5(select, int, n, uaddr_t, inp, uaddr_t, outp, uaddr_t, exp, uaddr_t, tvp)
{
	uint64_t ns = UINT64_MAX;
	int64_t tv[2];

	if (!uaddr_is_null(tvp)) {
		if (copy_from_user(tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
			return -EINVAL;
		ns = ns_from_sec_sat((uint64_t)tv[0], (uint64_t)tv[1] * 1000);
	}
	return select_common(n, inp, outp, exp, ns);
}

/*
 * sys_pselect6 implements pselect6(2). Its sixth argument points at a
 * pair in guest memory: the guest address of the signal mask, and its size.
 */
SYSCALL_DEFINE6(pselect6, int, n, uaddr_t, inp, uaddr_t, outp, uaddr_t, exp, uaddr_t, tsp,
		uaddr_t, sig)
{
	uint64_t ns, mask[2] = { 0, 0 };
	int64_t r = timespec_ns(tsp, &ns);

	if (r)
		return r;
	if (!uaddr_is_null(sig)) {
		if (copy_from_user(mask, sig, sizeof(mask)))
			return -EFAULT;
		r = set_sigmask(u64_to_uaddr(mask[0]), mask[1]);
		if (r)
			return r;
	}
	r = select_common(n, inp, outp, exp, ns);
	unset_sigmask(r);
	return r;
}
