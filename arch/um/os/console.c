// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side of the console channels: the host terminal's mode (raw while
 * the kernel runs, restored on every exit path) and non-blocking reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "os.h"

static struct termios saved;
static int saved_fd = -1;

static void
restore_at_exit(void)
{
	os_tty_restore();
}

int
os_tty_make_raw(int fd)
{
	struct termios t;

	if (!isatty(fd))
		return -ENOTTY;
	if (tcgetattr(fd, &t) < 0)
		return -errno;
	saved = t;
	saved_fd = fd;
	atexit(restore_at_exit);
	cfmakeraw(&t);
	t.c_oflag |= OPOST | ONLCR;	/* keep host output processing for kernel messages */
	if (tcsetattr(fd, TCSADRAIN, &t) < 0)
		return -errno;
	return 0;
}

void
os_tty_restore(void)
{
	if (saved_fd >= 0) {
		tcsetattr(saved_fd, TCSADRAIN, &saved);
		saved_fd = -1;
	}
}

/*
 * For a fatal signal handler: tcsetattr is async-signal-safe, and TCSANOW
 * does not wait for output to drain (a terminal stopped with ^S would
 * otherwise keep the process from dying).
 */
void
os_tty_restore_now(void)
{
	int fd = saved_fd;

	if (fd >= 0) {
		saved_fd = -1;
		tcsetattr(fd, TCSANOW, &saved);
	}
}

int
os_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

int
os_tty_winsize(int fd, unsigned short *rows, unsigned short *cols)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) < 0)
		return -errno;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return 0;
}

int
os_isatty(int fd)
{
	return isatty(fd);
}

int
os_open_host_pty(char *name, size_t size)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (grantpt(fd) < 0 || unlockpt(fd) < 0 || ptsname_r(fd, name, size)) {
		int err = -errno;

		close(fd);
		return err ? err : -EIO;
	}
	return fd;
}
