/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-facing system call layer. The table comes from
 * kernel/syscalls/syscall_64.tbl (number, name, entry, status); the
 * dispatcher calls an entry with the six argument registers, and it
 * returns a value or a negative errno (or a restart code that signal
 * delivery resolves).
 *
 * A system call is written as Linux writes one:
 *
 *	SYSCALL_DEFINE4(pread64, int, fd, uaddr_t, buf, size_t, count, loff_t, pos)
 *	{
 *		...
 *	}
 *
 * which makes two functions: sys_pread64, the entry the table holds, taking
 * the six registers, and a typed function with the body. The entry turns
 * each register into its argument's type once, and nothing else does: an
 * argument of an integer type narrower than 64 bits gets the low bytes of
 * its register, exactly what a cast to that type gives (x86_64 is
 * little-endian, two's complement), a uaddr_t gets the whole register as a
 * guest address, and registers past the last argument are not looked at.
 * The body sees only typed, named arguments: a guest address cannot be
 * mistaken for a number or dereferenced (kernel/types.h).
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <stdint.h>

#include "kernel/types.h"

#define SYSCALL_ARGS uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5

typedef int64_t (*syscall_fn)(SYSCALL_ARGS);

#define SYSCALL(nr, name, entry) int64_t entry(SYSCALL_ARGS);
#define SYSCALL_ABSENT(nr, name)
#include "syscall_table.h"
#undef SYSCALL
#undef SYSCALL_ABSENT

/* syscall_dispatch runs system call nr with the current task's argument registers. */
int64_t syscall_dispatch(uint64_t nr, SYSCALL_ARGS);
/* syscall_name returns the name of nr for traces, or NULL. */
const char *syscall_name(uint64_t nr);
extern int syscall_trace;

/*
 * __SC_REG(t, r) is register r as type t: a union reads the register's low
 * sizeof(t) bytes as a t, which is how a struct (uaddr_t) can be made from
 * a register at all (a cast cannot). __SC_CHECK refuses, at compile time,
 * a type wider than a register, and bool (a register holding 2 is no bool:
 * say int and test it).
 */
#define __SC_REG(t, r)	(((union { uint64_t reg; t val; }){ .reg = (r) }).val)
#define __SC_CHECK(t)							\
	_Static_assert(sizeof(t) <= sizeof(uint64_t) &&			\
		       _Generic((t *)0, _Bool *: 0, default: 1),	\
		       "system call argument type " #t " is no register type")

/* Per arity: the typed parameter list, the converted registers, the checks. */
#define __SC_DECL1(t1, n1)	t1 n1
#define __SC_DECL2(t1, n1, t2, n2)	t1 n1, t2 n2
#define __SC_DECL3(t1, n1, t2, n2, t3, n3)	t1 n1, t2 n2, t3 n3
#define __SC_DECL4(t1, n1, t2, n2, t3, n3, t4, n4)	t1 n1, t2 n2, t3 n3, t4 n4
#define __SC_DECL5(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)		\
	t1 n1, t2 n2, t3 n3, t4 n4, t5 n5
#define __SC_DECL6(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)	\
	t1 n1, t2 n2, t3 n3, t4 n4, t5 n5, t6 n6

#define __SC_PASS1(t1, n1)	__SC_REG(t1, a0)
#define __SC_PASS2(t1, n1, t2, n2)	__SC_PASS1(t1, n1), __SC_REG(t2, a1)
#define __SC_PASS3(t1, n1, t2, n2, t3, n3)				\
	__SC_PASS2(t1, n1, t2, n2), __SC_REG(t3, a2)
#define __SC_PASS4(t1, n1, t2, n2, t3, n3, t4, n4)			\
	__SC_PASS3(t1, n1, t2, n2, t3, n3), __SC_REG(t4, a3)
#define __SC_PASS5(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)		\
	__SC_PASS4(t1, n1, t2, n2, t3, n3, t4, n4), __SC_REG(t5, a4)
#define __SC_PASS6(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)	\
	__SC_PASS5(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5), __SC_REG(t6, a5)

#define __SC_CHECK1(t1, n1)	__SC_CHECK(t1)
#define __SC_CHECK2(t1, n1, t2, n2)	__SC_CHECK1(t1, n1); __SC_CHECK(t2)
#define __SC_CHECK3(t1, n1, t2, n2, t3, n3)				\
	__SC_CHECK2(t1, n1, t2, n2); __SC_CHECK(t3)
#define __SC_CHECK4(t1, n1, t2, n2, t3, n3, t4, n4)			\
	__SC_CHECK3(t1, n1, t2, n2, t3, n3); __SC_CHECK(t4)
#define __SC_CHECK5(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)		\
	__SC_CHECK4(t1, n1, t2, n2, t3, n3, t4, n4); __SC_CHECK(t5)
#define __SC_CHECK6(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)	\
	__SC_CHECK5(t1, n1, t2, n2, t3, n3, t4, n4, t5, n5); __SC_CHECK(t6)

/* The entry's parameters: all six registers, whichever the call uses. */
#define __SC_REGS							\
	__attribute__((unused)) uint64_t a0, __attribute__((unused)) uint64_t a1, \
	__attribute__((unused)) uint64_t a2, __attribute__((unused)) uint64_t a3, \
	__attribute__((unused)) uint64_t a4, __attribute__((unused)) uint64_t a5

#define __SYSCALL_DEFINEx(x, name, ...)					\
	static inline int64_t __do_sys_##name(__SC_DECL##x(__VA_ARGS__));	\
	int64_t								\
	sys_##name(__SC_REGS)						\
	{								\
		__SC_CHECK##x(__VA_ARGS__);				\
		return __do_sys_##name(__SC_PASS##x(__VA_ARGS__));	\
	}								\
	static inline int64_t __do_sys_##name(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE0(name)						\
	static inline int64_t __do_sys_##name(void);			\
	int64_t								\
	sys_##name(__SC_REGS)						\
	{								\
		return __do_sys_##name();				\
	}								\
	static inline int64_t __do_sys_##name(void)
#define SYSCALL_DEFINE1(name, ...)	__SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...)	__SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...)	__SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...)	__SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...)	__SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...)	__SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#endif /* KERNEL_SYSCALLS_H */
