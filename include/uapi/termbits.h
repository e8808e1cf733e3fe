/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: struct termios as TCGETS/TCSETS pass it (the kernel's, with 19
 * control characters, not glibc's larger one), its flag bits and control
 * character slots, and struct winsize, as x86_64 Linux programs see them.
 */
#ifndef UAPI_TERMBITS_H
#define UAPI_TERMBITS_H

#include <stdint.h>

#define NCCS 19
struct ktermios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc slots. */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VEOL		11
#define VREPRINT	12
#define VWERASE		14
#define VLNEXT		15
#define VEOL2		16

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IXON	0002000
#define IUTF8	0040000

/* c_oflag */
#define OPOST	0000001
#define ONLCR	0000004

/* c_cflag */
#define B38400	0000017
#define CS8	0000060
#define CREAD	0000200
#define HUPCL	0002000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL	0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

#endif /* UAPI_TERMBITS_H */
