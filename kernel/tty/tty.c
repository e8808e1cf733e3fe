// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tty layer and its line discipline: input processing (ICRNL, signal
 * characters, canonical line editing with ERASE/KILL/WERASE/EOF, echo),
 * output processing (OPOST/ONLCR), reads that honour VMIN/VTIME roughly,
 * job control checks, and the tty ioctls.
 *
 * Input flows one way: the driver hands bytes to tty_receive (from its
 * interrupt, or a pty master's write), which edits them into t->line in
 * canonical mode and moves a finished line to t->rbuf, the bytes readers
 * take; in raw mode every byte goes straight to rbuf. Keeping the two
 * apart is what lets ERASE and KILL work on a line no reader has seen.
 * rbuf is a ring: what does not fit is dropped, as Linux drops input past
 * its 4 KiB buffer.
 *
 * Output goes the other way, through out_bytes to the driver's write,
 * which never blocks (the console keeps what the host cannot take yet,
 * a pty queues it for its master).
 *
 * Job control: a tty belongs to at most one session (t->session) and has
 * a foreground process group (t->pgrp); a process's controlling tty is
 * signal_struct->tty. That pointer holds no reference: a tty that goes
 * away (a pty pair) first detaches itself from every process
 * (tty_disassociate), and the console never goes away.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/tty.h"
#include "kernel/wait.h"

void
tty_init_termios(struct tty *t)
{
	static const uint8_t cc[NCCS] = {
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
		[VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26,
		[VREPRINT] = 18, [VWERASE] = 23, [VLNEXT] = 22,
	};

	memset(&t->termios, 0, sizeof(t->termios));
	t->termios.c_iflag = ICRNL | IXON | IUTF8;
	t->termios.c_oflag = OPOST | ONLCR;
	t->termios.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(t->termios.c_cc, cc, NCCS);
	t->winsize.ws_row = 24;
	t->winsize.ws_col = 80;
	wait_queue_init(&t->read_wait);
	wait_queue_init(&t->write_wait);
}

/*
 * out_bytes writes with output processing (ONLCR: "\n" becomes "\r\n"),
 * through a small staging buffer so the driver gets few large writes. The
 * column is kept for the echo of erased characters.
 */
static int64_t
out_bytes(struct tty *t, const uint8_t *buf, size_t len)
{
	uint8_t tmp[512];
	size_t n = 0, i = 0;
	int64_t r;

	if (!(t->termios.c_oflag & OPOST) || !(t->termios.c_oflag & ONLCR))
		return t->ops->write(t, buf, len);
	while (i < len) {
		if (buf[i] == '\n') {
			tmp[n++] = '\r';
			t->column = 0;
		} else {
			t->column++;
		}
		tmp[n++] = buf[i++];
		if (n >= sizeof(tmp) - 2 || i == len) {
			r = t->ops->write(t, tmp, n);
			if (r < 0)
				return r;
			n = 0;
		}
	}
	return (int64_t)len;
}

/* echo_char echoes one input character: control characters as ^X (ECHOCTL). */
static void
echo_char(struct tty *t, uint8_t c)
{
	if (!(t->termios.c_lflag & ECHO)) {
		if (c == '\n' && (t->termios.c_lflag & ECHONL))
			out_bytes(t, &c, 1);
		return;
	}
	if ((t->termios.c_lflag & ECHOCTL) && c < 32 && c != '\n' && c != '\t') {
		uint8_t ctl[2] = { '^', (uint8_t)(c + 64) };

		out_bytes(t, ctl, 2);
		return;
	}
	out_bytes(t, &c, 1);
}

/* erase_one takes the last character off the line being edited, and off the screen (ECHOE). */
static void
erase_one(struct tty *t)
{
	if (!t->linelen)
		return;
	t->linelen--;
	if ((t->termios.c_lflag & ECHO) && (t->termios.c_lflag & ECHOE))
		out_bytes(t, (const uint8_t *)"\b \b", 3);
}

/* push_input makes bytes readable and wakes the readers; bytes past a full ring are dropped. */
static void
push_input(struct tty *t, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len && t->rlen < TTY_BUF; i++) {
		t->rbuf[(t->rhead + t->rlen) % TTY_BUF] = buf[i];
		t->rlen++;
	}
	wake_up(&t->read_wait);
}

/*
 * isig handles a signal character: unless NOFLSH, what was typed and not
 * read is thrown away (the interrupted program must not read it later),
 * then the foreground group gets sig.
 */
static void
isig(struct tty *t, int sig, uint8_t c)
{
	if (!(t->termios.c_lflag & NOFLSH)) {
		t->linelen = 0;
		t->rlen = 0;
	}
	echo_char(t, c);
	if (t->pgrp > 0)
		kill_pgrp(t->pgrp, sig, true);
}

/*
 * tty_receive runs input through the discipline in the order Linux's
 * n_tty does: input mapping (IGNCR, ICRNL, INLCR), then signal characters,
 * then either raw delivery or line editing. A character equal to a
 * disabled control character (0) never matches.
 */
void
tty_receive(struct tty *t, const uint8_t *buf, size_t len)
{
	const struct ktermios *tio = &t->termios;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = buf[i];

		if (c == '\r') {
			if (tio->c_iflag & IGNCR)
				continue;
			if (tio->c_iflag & ICRNL)
				c = '\n';
		} else if (c == '\n' && (tio->c_iflag & INLCR)) {
			c = '\r';
		}
		if (tio->c_lflag & ISIG) {
			if (c == tio->c_cc[VINTR] && c) {
				isig(t, SIGINT, c);
				continue;
			}
			if (c == tio->c_cc[VQUIT] && c) {
				isig(t, SIGQUIT, c);
				continue;
			}
			if (c == tio->c_cc[VSUSP] && c) {
				isig(t, SIGTSTP, c);
				continue;
			}
		}
		if (!(tio->c_lflag & ICANON)) {
			echo_char(t, c);
			push_input(t, &c, 1);
			continue;
		}
		if (c == tio->c_cc[VERASE] || c == '\b') {
			erase_one(t);
			continue;
		}
		if (c == tio->c_cc[VKILL]) {
			while (t->linelen)
				erase_one(t);
			continue;
		}
		if (c == tio->c_cc[VWERASE] && (tio->c_lflag & IEXTEN)) {
			while (t->linelen && t->line[t->linelen - 1] == ' ')
				erase_one(t);
			while (t->linelen && t->line[t->linelen - 1] != ' ')
				erase_one(t);
			continue;
		}
		if (c == tio->c_cc[VEOF] && c) {
			/* End of file: hand over the line as it is (maybe empty). */
			if (!t->linelen)
				t->eof_pending++;
			push_input(t, t->line, t->linelen);
			t->linelen = 0;
			wake_up(&t->read_wait);
			continue;
		}
		if (t->linelen < TTY_BUF - 1)
			t->line[t->linelen++] = c;
		echo_char(t, c);
		if (c == '\n' || (c == tio->c_cc[VEOL] && c) || (c == tio->c_cc[VEOL2] && c)) {
			push_input(t, t->line, t->linelen);
			t->linelen = 0;
		}
	}
}

static struct tty *
tty_of(struct file *f)
{
	return f->priv;
}

/*
 * job_check sends SIGTTIN/SIGTTOU to a background process group touching
 * its tty, and makes the call wait for the group to be continued
 * (-ERESTARTSYS: the call runs again after the stop). A process that
 * blocks or ignores the signal is not stopped: a read fails with EIO (it
 * could never succeed), a write goes through, as on Linux.
 */
static int
job_check(struct tty *t, int sig)
{
	struct signal_struct *s = current->signal;

	if (s->tty != t || !t->pgrp || s->pgrp == t->pgrp)
		return 0;
	if (sig == SIGTTOU && !(t->termios.c_lflag & TOSTOP))
		return 0;
	if ((current->blocked & sigmask(sig)) ||
	    current->sighand->action[sig - 1].handler == SIG_IGN) {
		return sig == SIGTTIN ? -EIO : 0;
	}
	kill_pgrp(s->pgrp, sig, true);
	return -ERESTARTSYS;
}

/*
 * tty_read returns at most one line in canonical mode, whatever is there
 * in raw mode. VMIN and VTIME are honoured roughly: VMIN 0 waits VTIME
 * tenths of a second (or not at all) for the first byte; any other VMIN
 * waits for one byte, not VMIN. An EOF character with an empty line
 * leaves eof_pending counted, and each such EOF is one read of 0.
 */
static int64_t
tty_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct tty *t = tty_of(f);
	size_t n = 0;
	int err;

	(void)pos;
	err = job_check(t, SIGTTIN);
	if (err)
		return err;
	for (;;) {
		if (t->rlen || t->eof_pending || t->hung_up)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (!(t->termios.c_lflag & ICANON) && t->termios.c_cc[VMIN] == 0) {
			/* VMIN 0: wait VTIME tenths at most (poll if 0). */
			uint64_t ns = (uint64_t)t->termios.c_cc[VTIME] * 100000000ULL;

			if (!ns)
				return 0;
			current->state = TASK_INTERRUPTIBLE;
			{
				struct waiter w;

				wait_add(&t->read_wait, &w);
				schedule_timeout(ns);
				wait_del(&w);
			}
			current->state = TASK_RUNNING;
			if (!t->rlen)
				return signal_pending(current) ? -ERESTARTSYS : 0;
			break;
		}
		err = wait_event_interruptible(t->read_wait, t->rlen || t->eof_pending || t->hung_up);
		if (err)
			return err;
	}
	if (t->hung_up && !t->rlen)
		return 0;
	while (n < len && t->rlen) {
		uint8_t c = t->rbuf[t->rhead];

		((uint8_t *)buf)[n++] = c;
		t->rhead = (t->rhead + 1) % TTY_BUF;
		t->rlen--;
		if ((t->termios.c_lflag & ICANON) && c == '\n')
			break;
	}
	if (!n && t->eof_pending) {
		t->eof_pending--;
		return 0;
	}
	return (int64_t)n;
}

static int64_t
tty_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	struct tty *t = tty_of(f);
	int err = job_check(t, SIGTTOU);

	(void)pos;
	if (err)
		return err;
	if (t->hung_up)
		return -EIO;
	return out_bytes(t, buf, len);
}

static unsigned int
tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *t = tty_of(f);
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(pt, &t->read_wait);
	if (t->rlen || t->eof_pending)
		mask |= POLLIN | POLLRDNORM;
	if (t->hung_up)
		mask |= POLLHUP;
	return mask;
}

/*
 * set_termios installs the guest's termios. There is no output queue to
 * drain, so TCSETSW is TCSETS; TCSETSF also throws away pending input.
 */
static int
set_termios(struct tty *t, uaddr_t uterm, unsigned int cmd)
{
	struct ktermios n;
	bool was_canon = t->termios.c_lflag & ICANON;

	if (copy_from_user(&n, uterm, sizeof(n)))
		return -EFAULT;
	if (cmd == TCSETSF) {
		t->rlen = 0;
		t->linelen = 0;
	}
	t->termios = n;
	/* Leaving canonical mode makes the partial line readable. */
	if (was_canon && !(n.c_lflag & ICANON) && t->linelen) {
		push_input(t, t->line, t->linelen);
		t->linelen = 0;
	}
	return 0;
}

/*
 * tty_ioctl: arg is a number (TIOCSCTTY, TCFLSH) or, for the rest, the
 * guest address argp.
 */
static int
tty_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct tty *t = tty_of(f);
	struct signal_struct *s = current->signal;
	uaddr_t argp = u64_to_uaddr(arg);
	int v;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(argp, &t->termios, sizeof(t->termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		v = job_check(t, SIGTTOU);
		if (v)
			return v;
		return set_termios(t, argp, cmd);
	case TIOCGWINSZ:
		return copy_to_user(argp, &t->winsize, sizeof(t->winsize));
	case TIOCSWINSZ:
		if (copy_from_user(&t->winsize, argp, sizeof(t->winsize)))
			return -EFAULT;
		if (t->pgrp > 0)
			kill_pgrp(t->pgrp, SIGWINCH, true);
		return 0;
	case TIOCGPGRP:
		if (s->tty != t)
			return -ENOTTY;
		return put_user(t->pgrp, argp);
	case TIOCSPGRP: {
		struct task *o;
		bool found = false;

		if (s->tty != t || s->session != t->session)
			return -ENOTTY;
		if (get_user(v, argp))
			return -EFAULT;
		if (v <= 0)
			return -EINVAL;
		for_each_task(o)
			if (o->signal && o->signal->pgrp == v && o->signal->session == t->session)
				found = true;
		if (!found)
			return -EPERM;
		t->pgrp = v;
		return 0;
	}
	case TIOCGSID:
		if (s->tty != t)
			return -ENOTTY;
		return put_user(t->session, argp);
	case TIOCSCTTY:
		if (s->session != current->tgid)
			return -EPERM;
		if (s->tty == t)
			return 0;
		if (t->session && t->session != s->session && !(arg == 1 && current->cred.euid == 0))
			return -EPERM;
		s->tty = t;
		t->session = s->session;
		t->pgrp = s->pgrp;
		return 0;
	case TIOCNOTTY:
		if (s->tty != t)
			return -ENOTTY;
		if (s->session == current->tgid) {
			tty_session_leader_exit(t, current);
		}
		s->tty = NULL;
		return 0;
	case FIONREAD:
		v = (int)t->rlen;
		return put_user(v, argp);
	case TIOCOUTQ:
		v = 0;
		return put_user(v, argp);
	case TCFLSH:
		if (arg == 0 || arg == 2) {
			t->rlen = 0;
			t->linelen = 0;
		}
		return 0;
	case TCSBRK:
	case TCXONC:
		return 0;
	case KDGKBTYPE:
	case VT_GETSTATE:
		return -EINVAL;
	}
	return -ENOTTY;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_ioctl,
};

/*
 * tty_open_hook gives a session leader without a controlling tty the tty
 * it opens, if no other session has it (unless O_NOCTTY, which the caller
 * checks), as Linux's tty_open does.
 */
void
tty_open_hook(struct file *f)
{
	struct signal_struct *s = current->signal;
	struct tty *t;

	/* tty device files (console, pty slaves) share tty_fops' ioctl. */
	if (!f->f_op || f->f_op->ioctl != tty_fops.ioctl)
		return;
	t = tty_of(f);
	if (s->session == current->tgid && !s->tty && !t->session) {
		s->tty = t;
		t->session = s->session;
		t->pgrp = s->pgrp;
	}
}

/*
 * tty_session_leader_exit: the session loses its terminal when its leader
 * exits (or gives it up): the foreground group gets SIGHUP and SIGCONT
 * (stopped jobs must wake to see the hangup), and no process of the
 * session keeps the tty as controlling terminal.
 */
void
tty_session_leader_exit(struct tty *t, struct task *leader)
{
	struct task *o;

	if (t->pgrp > 0) {
		kill_pgrp(t->pgrp, SIGHUP, true);
		kill_pgrp(t->pgrp, SIGCONT, true);
	}
	for_each_task(o)
		if (o->signal && o->signal->tty == t && o->signal->session == leader->signal->session)
			o->signal->tty = NULL;
	t->session = 0;
	t->pgrp = 0;
}

void
tty_disassociate(struct tty *t)
{
	struct task *o;

	for_each_task(o)
		if (o->signal && o->signal->tty == t)
			o->signal->tty = NULL;
	t->session = 0;
	t->pgrp = 0;
}
