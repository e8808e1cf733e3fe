// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk: kernel messages with Linux's "[    0.123456] " time prefix, kept
 * in a ring buffer (for dmesg) and written to the console when their level
 * is below the console log level (quiet: warnings and worse only).
 *
 * printk may be called from anywhere in the kernel, interrupt handlers
 * and panic included, so it allocates nothing and never sleeps: the
 * message is formatted on the stack and the console's write must not
 * block. The log is a plain byte ring (no records): dmesg gets the last
 * LOG_SIZE bytes as text, the oldest line maybe cut. A message that does
 * not end in a newline continues the line, and the next one gets no time
 * stamp, so pr_cont-style pieces read as one line.
 *
 * Where messages go is set from outside: the arch's early console (host
 * stderr) at boot, then the console driver (printk_set_console).
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/mconsole.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/sched.h"
#include "kernel/tty.h"

#define LOG_SIZE (128 * 1024)

static char log_buf[LOG_SIZE];
static size_t log_len;		/* bytes ever written; the ring holds the last LOG_SIZE */
static void (*con_write)(const char *s, size_t len);
/*
 * kernel.printk: the console log level (messages below it show), the level
 * of a message that names none, the lowest console level syslog(2) may
 * set, and the console level "on" goes back to by default.
 */
int console_printk[4] = { 7, 4, 1, 7 };
#define console_loglevel		(console_printk[0])
#define default_message_loglevel	(console_printk[1])
#define minimum_console_loglevel	(console_printk[2])
static int saved_console_loglevel = -1;	/* while syslog(2) turned the console off */
int dmesg_restrict;
int panic_timeout;
static bool at_line_start = true;

void
printk_set_console(void (*write)(const char *s, size_t len))
{
	con_write = write;
}

void
printk_set_loglevel(int level)
{
	console_loglevel = level;
}

/* log_store appends to the ring; log_len counts every byte ever stored, so the ring's start is implied. */
static void
log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_len + i) % LOG_SIZE] = s[i];
	log_len += n;
}

/* printk_log_read: off counts from the oldest byte the ring still holds. */
size_t
printk_log_read(char *buf, size_t len, size_t off)
{
	size_t start = log_len > LOG_SIZE ? log_len - LOG_SIZE : 0, n = 0;

	for (size_t i = start + off; i < log_len && n < len; i++)
		buf[n++] = log_buf[i % LOG_SIZE];
	return n;
}

/*
 * vprintk formats one message (truncated to 1 KiB), prefixes the time if
 * it starts a line, logs it, and shows it on the console if its level is
 * below the console level. The clock is read only once it runs: messages
 * before time_init say 0.
 */
static int
vprintk(const char *fmt, va_list ap)
{
	char msg[1024], line[1100];
	int level = default_message_loglevel, n;
	size_t len;

	if (fmt[0] == '\001' && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	n = kvsnprintf(msg, sizeof(msg), fmt, ap);
	len = (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1;
	if (at_line_start) {
		uint64_t ns = boot_time_mono_ns ? ktime_get_ns() : 0;
		int p = ksnprintf(line, sizeof(line), "[%5llu.%06llu] ",
				  (unsigned long long)(ns / 1000000000),
				  (unsigned long long)(ns % 1000000000 / 1000));

		memcpy(line + p, msg, len);
		len += (size_t)p;
	} else {
		memcpy(line, msg, len);
	}
	at_line_start = len && line[len - 1] == '\n';
	log_store(line, len);
	if (level < console_loglevel && con_write)
		con_write(line, len);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * panic: the kernel cannot go on. It shows the message whatever the log
 * level, then reboots after kernel.panic seconds (at once if negative),
 * or with kernel.panic 0 (the default) ends the process with status 1,
 * syncing nothing: the state that led here is not trusted.
 */
void
panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	console_loglevel = 8;
	printk(KERN_ERR "Kernel panic - not syncing: %s\n", msg);
	mconsole_notify_panic(msg);
	/* kernel.panic: seconds before rebooting (negative: at once), 0 to stop. */
	if (panic_timeout > 0) {
		printk(KERN_ERR "Rebooting in %d seconds..\n", panic_timeout);
		mdelay((unsigned int)panic_timeout * 1000);
	}
	if (panic_timeout != 0)
		kernel_restart();
	machine_halt(1);
}

/*
 * syslog_console: console off remembers the level for on to restore;
 * setting a level forgets what off saved, as Linux's does.
 */
int
syslog_console(int action, int level)
{
	switch (action) {
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel < 0)
			saved_console_loglevel = console_loglevel;
		console_loglevel = minimum_console_loglevel;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel >= 0) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (level < 1 || level > 8)
			return -EINVAL;
		console_loglevel = level < minimum_console_loglevel ? minimum_console_loglevel : level;
		saved_console_loglevel = -1;
		return 0;
	}
	return -EINVAL;
}
