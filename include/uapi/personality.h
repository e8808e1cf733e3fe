/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * personality(2) flags, as x86_64 Linux programs see them. The kernel
 * stores any 32-bit value a program sets (0xffffffff only asks); exec
 * clears READ_IMPLIES_EXEC for a 64-bit program and PER_CLEAR_ON_SETID
 * when it changes the effective ids.
 */
#ifndef UAPI_PERSONALITY_H
#define UAPI_PERSONALITY_H

#define PER_LINUX		0x0000000
#define UNAME26			0x0020000
#define ADDR_NO_RANDOMIZE	0x0040000
#define FDPIC_FUNCPTRS		0x0080000
#define MMAP_PAGE_ZERO		0x0100000
#define ADDR_COMPAT_LAYOUT	0x0200000
#define READ_IMPLIES_EXEC	0x0400000
#define ADDR_LIMIT_32BIT	0x0800000
#define SHORT_INODE		0x1000000
#define WHOLE_SECONDS		0x2000000
#define STICKY_TIMEOUTS		0x4000000
#define ADDR_LIMIT_3GB		0x8000000

#define PER_CLEAR_ON_SETID	(READ_IMPLIES_EXEC | ADDR_NO_RANDOMIZE | ADDR_COMPAT_LAYOUT | \
				 MMAP_PAGE_ZERO)

#endif /* UAPI_PERSONALITY_H */
