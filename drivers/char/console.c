// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console: con0's channel (by default the host's stdin and stdout)
 * behind a tty. Input arrives as an interrupt on the host fd and goes
 * through the line discipline; output and kernel messages are written to
 * the output fd. /dev/console, /dev/tty0 and /dev/tty1 are this tty;
 * /dev/tty is the caller's controlling terminal.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/tty.h"
#include "os.h"
#include "um_params.h"


static struct tty console_tty;
static int in_fd = -1, out_fd = -1;
static bool drop_when_full;	/* a host pty nobody may be reading */

/*
 * Output the host channel cannot take yet (a pty nobody reads): kept here,
 * oldest bytes dropped past the size, and flushed when the fd is writable.
 */
#define PENDING_SIZE 65536
static char pending[PENDING_SIZE];
static size_t pending_head, pending_len;

/* pending_add keeps output for later, dropping the oldest bytes past PENDING_SIZE. */
static void
pending_add(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (pending_len == PENDING_SIZE) {
			pending_head = (pending_head + 1) % PENDING_SIZE;
			pending_len--;
		}
		pending[(pending_head + pending_len++) % PENDING_SIZE] = buf[i];
	}
}

/* pending_flush writes what it can; returns true when nothing is left. */
static bool
pending_flush(void)
{
	while (pending_len) {
		size_t chunk = PENDING_SIZE - pending_head;
		int64_t n;

		if (chunk > pending_len)
			chunk = pending_len;
		n = os_write(out_fd, pending + pending_head, chunk);
		if (n <= 0)
			return false;
		pending_head = (pending_head + (size_t)n) % PENDING_SIZE;
		pending_len -= (size_t)n;
	}
	return true;
}

/*
 * con_write is the console tty's output: to the host fd as it goes. A
 * terminal or file on fd: may block the kernel briefly (EAGAIN is
 * retried); a host pty nobody reads (drop_when_full) keeps what it
 * cannot take and is flushed when writable, so a detached console never
 * stops the guest.
 */
static int64_t
con_write(struct tty *t, const void *buf, size_t len)
{
	size_t done = 0;

	(void)t;
	if (out_fd < 0)
		return (int64_t)len;
	if (drop_when_full && pending_len && !pending_flush()) {
		pending_add(buf, len);
		return (int64_t)len;
	}
	while (done < len) {
		int64_t n = os_write(out_fd, (const char *)buf + done, len - done);

		if (n == -EAGAIN && drop_when_full) {
			/* Nobody reads the pty now: keep it for later (irq on writable). */
			pending_add((const char *)buf + done, len - done);
			irq_modify(out_fd, OS_EPOLLIN | OS_EPOLLOUT);
			return (int64_t)len;
		}
		if (n == -EAGAIN)
			continue;
		if (n <= 0)
			return done ? (int64_t)done : n;
		done += (size_t)n;
	}
	return (int64_t)len;
}

static const struct tty_driver_ops con_ops = { .write = con_write };

/*
 * console_write is printk's console: the console's channel, or the host's
 * stderr when con0 has no output fd.
 */
void
console_write(const char *s, size_t len)
{
	if (out_fd >= 0)
		con_write(NULL, s, len);
	else
		os_write(2, s, len);
}

static void con_irq(int fd, uint32_t events, void *data);

/* reattach watches the host pty again (see con_irq). */
static void
reattach(struct ktimer *t)
{
	(void)t;
	irq_register(in_fd, OS_EPOLLIN | (pending_len ? OS_EPOLLOUT : 0), con_irq, NULL);
}

static struct ktimer reattach_timer = {
	.fn = reattach,
	.node = LIST_HEAD_INIT(reattach_timer.node),
};

/*
 * con_irq: the host fd is readable or writable. Input goes through the
 * console tty's line discipline; EOF on the host side becomes EOF for
 * readers of the console, and the fd stops being watched.
 */
static void
con_irq(int fd, uint32_t events, void *data)
{
	uint8_t buf[256];
	int64_t n;

	(void)data;
	if ((events & OS_EPOLLOUT) && pending_flush())
		irq_modify(fd, OS_EPOLLIN);
	while ((n = os_read(fd, buf, sizeof(buf))) > 0)
		tty_receive(&console_tty, buf, (size_t)n);
	if (drop_when_full && (n == -EIO || (events & (OS_EPOLLHUP | OS_EPOLLERR)))) {
		/*
		 * Nobody has the host pty open (epoll reports a hangup for as
		 * long as that lasts): stop watching it and look again in half a
		 * second instead of spinning.
		 */
		irq_unregister(fd);
		ktimer_arm(&reattach_timer, ktime_get_ns() + 500000000ULL);
		return;
	}
	if (n == 0) {
		/* EOF on the host side: further reads get EOF. */
		console_tty.eof_pending = 1 << 20;
		wake_up(&console_tty.read_wait);
		irq_unregister(fd);
	}
}

/*
 * console_open serves majors 5 and 4: /dev/tty is the caller's controlling
 * terminal, /dev/ptmx the pty multiplexer, the rest the console tty.
 */
static int
console_open(struct inode *inode, struct file *f)
{
	uint32_t major = MAJOR(inode->rdev), minor = MINOR(inode->rdev);

	if (major == 5 && minor == 2)
		return ptmx_fops->open(inode, f);
	if (major == 5 && minor == 0) {
		/* /dev/tty: the controlling terminal. */
		if (!current->signal->tty)
			return -ENXIO;
		f->priv = current->signal->tty;
	} else {
		f->priv = &console_tty;
	}
	f->f_op = &tty_fops;
	return 0;
}

static const struct file_operations console_dev_fops = { .open = console_open };

void
console_restore(void)
{
	os_tty_restore();
}

/*
 * console_init connects con0's channel: host fds as given (put in raw
 * mode if a terminal: the guest's line discipline does the editing), or a
 * new host pty; then the console device nodes, and printk goes here.
 */
int
console_init(void)
{
	struct um_line *l = &um_cfg->con[0];

	tty_init_termios(&console_tty);
	console_tty.name = "console";
	console_tty.ops = &con_ops;
	if (l->in.type == UM_CHAN_FD)
		in_fd = l->in.fd;
	if (l->out.type == UM_CHAN_FD)
		out_fd = l->out.fd;
	if ((l->in.type == UM_CHAN_PTS || l->in.type == UM_CHAN_PTY) &&
	    (l->out.type == UM_CHAN_PTS || l->out.type == UM_CHAN_PTY)) {
		/* A host pseudo-terminal: attach with e.g. `screen /dev/pts/N`. */
		char name[64];
		int fd = os_open_host_pty(name, sizeof(name));

		if (fd < 0) {
			pr_err("con0=%s: can't open a host pty (%d)\n", l->spec, fd);
		} else {
			in_fd = out_fd = fd;
			drop_when_full = true;
			/* The message UML prints for a pts console. */
			pr_notice("Virtual console 0 assigned device '%s'\n", name);
		}
	} else if ((l->in.type != UM_CHAN_FD && l->in.type != UM_CHAN_NULL) ||
		   (l->out.type != UM_CHAN_FD && l->out.type != UM_CHAN_NULL)) {
		pr_warn("con0=%s: only fd:, pts, pty and null channels are connected so far; "
			"the rest acts as null\n", l->spec);
	}
	if (in_fd >= 0) {
		unsigned short rows, cols;

		if (os_isatty(in_fd)) {
			os_tty_make_raw(in_fd);
			if (!os_tty_winsize(in_fd, &rows, &cols) && rows && cols) {
				console_tty.winsize.ws_row = rows;
				console_tty.winsize.ws_col = cols;
			}
		}
		os_set_nonblock(in_fd);
		irq_register(in_fd, OS_EPOLLIN, con_irq, NULL);
	}
	register_chrdev(5, "/dev/tty", &console_dev_fops);
	register_chrdev(4, "tty", &console_dev_fops);
	devtmpfs_create("console", S_IFCHR | 0600, MKDEV(5, 1));
	devtmpfs_create("tty", S_IFCHR | 0666, MKDEV(5, 0));
	devtmpfs_create("tty0", S_IFCHR | 0620, MKDEV(4, 0));
	devtmpfs_create("tty1", S_IFCHR | 0620, MKDEV(4, 1));
	printk_set_console(console_write);
	return 0;
}
