/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Terminals: a tty is a line discipline (termios: canonical editing, echo,
 * signal characters, CR/NL mapping) between a driver that moves bytes to
 * and from the outside (the console channel on the host) and the processes
 * reading and writing it, with job control (foreground process group,
 * session, SIGTTIN/SIGTTOU).
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/wait_queue.h"
#include "uapi/ioctls.h"
#include "uapi/termbits.h"

struct file;
struct task;

struct tty;
struct tty_driver_ops {
	/* write sends output bytes to the outside; returns bytes taken or -errno. */
	int64_t (*write)(struct tty *tty, const void *buf, size_t len);
};

#define TTY_BUF 4096

struct tty {
	const char *name;
	struct ktermios termios;
	struct winsize winsize;
	int pgrp, session;
	const struct tty_driver_ops *ops;
	void *driver_data;
	/* input: raw bytes ready for readers, and the line being edited */
	uint8_t rbuf[TTY_BUF];
	size_t rhead, rlen;
	uint8_t line[TTY_BUF];
	size_t linelen;
	int eof_pending;		/* ^D seen in canonical mode */
	struct wait_queue read_wait, write_wait;
	bool hung_up;
	int column;
};

/* tty_init_termios gives t Linux's default termios (cooked, echo, ISIG). */
void tty_init_termios(struct tty *t);
/* tty_receive feeds bytes from the outside through the line discipline. */
void tty_receive(struct tty *t, const uint8_t *buf, size_t len);
/* tty_file_ops are the file operations of tty device nodes (priv: the tty). */
extern const struct file_operations tty_fops;
/* kernel.pty.{max,reserve,nr} (pty.c). */
extern int pty_limit, pty_reserve, pty_count;
/* tty_open_hook makes a newly opened tty the caller's controlling terminal if it may. */
void tty_open_hook(struct file *f);
/* tty_session_leader_exit hangs up the session's terminal when its leader exits. */
void tty_session_leader_exit(struct tty *t, struct task *leader);
/* tty_disassociate makes t nobody's controlling terminal any more (hangup):
 * a tty that goes away (a pty pair) must not stay in any signal_struct. */
void tty_disassociate(struct tty *t);
/* pty_init registers /dev/ptmx, the slave major and the devpts filesystem (pty.c). */
void pty_init(void);
/* ptmx_fops open /dev/ptmx (5,2): the console driver's major 5 hands that minor to it. */
extern const struct file_operations *ptmx_fops;
/* console_init sets up /dev/console, /dev/tty, /dev/tty0.. over the con= channels. */
int console_init(void);
/* console_write prints kernel messages on the console. */
void console_write(const char *s, size_t len);
/* console_restore puts the host terminal back as it was (exit paths). */
void console_restore(void);

#endif /* KERNEL_TTY_H */
