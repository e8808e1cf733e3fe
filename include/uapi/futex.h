/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: futex(2) commands and flags, the FUTEX_WAKE_OP encoding, the
 * bits of a robust futex word and the robust list head, as x86_64 Linux
 * programs see them.
 */
#ifndef UAPI_FUTEX_H
#define UAPI_FUTEX_H

#include <stdint.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

/*
 * FUTEX_WAKE_OP's fourth word: op in bits 28-30 (bit 31: the argument is
 * a shift count), the comparison in bits 24-27, oparg in 12-23, cmparg in
 * 0-11.
 */
#define FUTEX_OP_SET		0	/* *uaddr2 = oparg */
#define FUTEX_OP_ADD		1	/* *uaddr2 += oparg */
#define FUTEX_OP_OR		2	/* *uaddr2 |= oparg */
#define FUTEX_OP_ANDN		3	/* *uaddr2 &= ~oparg */
#define FUTEX_OP_XOR		4	/* *uaddr2 ^= oparg */
#define FUTEX_OP_OPARG_SHIFT	8	/* (op >> 28) has it: oparg is 1 << oparg */
#define FUTEX_OP_CMP_EQ		0
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_LT		2
#define FUTEX_OP_CMP_LE		3
#define FUTEX_OP_CMP_GT		4
#define FUTEX_OP_CMP_GE		5

/* A robust futex word: the owner's tid and two flags. */
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

/* set_robust_list(2)'s head: guest addresses as the guest stored them. */
struct robust_list_head {
	uint64_t next;		/* the first entry, or the head itself when empty */
	int64_t futex_offset;	/* from an entry to its futex word */
	uint64_t list_op_pending;	/* an entry being taken or released, or 0 */
};

#endif /* UAPI_FUTEX_H */
