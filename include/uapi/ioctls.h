/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: ioctl(2) command numbers of terminals and of every file, as
 * x86_64 Linux programs pass them (asm-generic/ioctls.h). Those of block
 * devices are in fs.h.
 */
#ifndef UAPI_IOCTLS_H
#define UAPI_IOCTLS_H

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCOUTQ	0x5411
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B	/* bytes ready to read: ttys, pipes */
#define TIOCPKT		0x5420
#define FIONBIO		0x5421
#define TIOCNOTTY	0x5422
#define TIOCGSID	0x5429
#define TCGETS2		0x802c542a
#define TCSETS2		0x402c542b
#define TIOCGPTN	0x80045430
#define TIOCSPTLCK	0x40045431
#define TIOCGDEV	0x80045432
#define TIOCVHANGUP	0x5437
#define TIOCGPTPEER	0x5441
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451

/* The virtual console ioctls a program may try on a tty (linux/kd.h, linux/vt.h). */
#define KDGKBTYPE	0x4B33
#define VT_GETSTATE	0x5603

#endif /* UAPI_IOCTLS_H */
