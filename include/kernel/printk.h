/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel messages and formatting. printk() writes to the kernel log and the
 * console (log lines are prefixed with the time since boot, as Linux does);
 * panic() prints and ends the kernel process with a non-zero status.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Log levels, as the first two bytes of a printk format ("\0014"...). */
#define KERN_ERR	"\0013"
#define KERN_WARNING	"\0014"
#define KERN_NOTICE	"\0015"
#define KERN_INFO	"\0016"
#define KERN_DEBUG	"\0017"

/* kvsnprintf formats like C's (d i u x X o c s p, l ll z h hh, - 0 width .prec). */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* ksnprintf formats into buf; returns the length the full output would have. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* kscnprintf is ksnprintf returning the bytes actually stored (without the NUL). */
int kscnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* printk logs a message; a KERN_* prefix sets its level (default info). */
int printk(const char *fmt, ...) __printf(1, 2);
/* panic prints "Kernel panic - not syncing: <msg>" and ends the kernel. */
void panic(const char *fmt, ...) __printf(1, 2) __attribute__((noreturn));

/* printk_set_console sets where log lines go (NULL: the log only; the arch sets an early one). */
void printk_set_console(void (*write)(const char *s, size_t len));
/* printk_set_loglevel sets the console log level (messages below it show). */
void printk_set_loglevel(int level);
/* kernel.printk (console level, default message level, minimum and default console level). */
extern int console_printk[4];
/* kernel.dmesg_restrict: only root may read the log with syslog(2). */
extern int dmesg_restrict;
/* kernel.panic: seconds from a panic to a reboot (0: the kernel stops, negative: at once). */
extern int panic_timeout;
/* syslog(2)'s actions (its first argument). */
#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10
/* syslog_console carries out syslog(2)'s console actions (off, on, level). */
int syslog_console(int action, int level);
/* printk_log_read copies up to len bytes of the log buffer from off; returns bytes. */
size_t printk_log_read(char *buf, size_t len, size_t off);

#define pr_err(...)	printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)	printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...)	printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)	printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)	printk(KERN_DEBUG __VA_ARGS__)

#define BUG_ON(cond)							\
	do {								\
		if (cond)						\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

#endif /* KERNEL_PRINTK_H */
