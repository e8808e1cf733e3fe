// SPDX-License-Identifier: GPL-2.0-only
/*
 * Futexes: a waiter sleeps on a key; the key is the physical page and offset
 * of the futex word, so shared and private futexes in any mm meet when they
 * name the same memory. WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP,
 * WAIT_BITSET/WAKE_BITSET, with timeouts; robust lists at exit.
 *
 * The waiter's entry (struct futex_q) lives on its own kernel stack while
 * it sleeps; a waker takes it off the queue and marks it woken before
 * waking the task, so an entry is never touched after its owner returns.
 * There is one queue for the whole kernel: futexes are few and a walk is
 * cheap next to a trap. Checking the word and queueing need no lock: the
 * kernel is uniprocessor and nothing runs between the two.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/futex.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "uapi/futex.h"

/* A sleeping waiter, on its own stack (see the top). */
struct futex_q {
	struct list_head node;
	uint64_t key;
	uint32_t bitset;
	struct task *task;
	bool woken;
};

static LIST_HEAD(futex_queue);

/* futex_key names the word at uaddr by its physical address (faulting it in). */
static int
futex_key(uaddr_t uaddr, uint64_t *key)
{
	uint64_t addr = uaddr_to_u64(uaddr), *pte;

	if (addr & 3)
		return -EINVAL;
	pte = pte_lookup(current->mm, addr & PAGE_MASK, false);
	if (!pte || !(*pte & PTE_PRESENT)) {
		if (handle_mm_fault(current->mm, addr, TRAP_ACCESS_READ))
			return -EFAULT;
		pte = pte_lookup(current->mm, addr & PAGE_MASK, false);
		if (!pte || !(*pte & PTE_PRESENT))
			return -EFAULT;
	}
	*key = (PTE_PFN(*pte) << PAGE_SHIFT) | (addr & ~PAGE_MASK);
	return 0;
}

/* futex_wake_key wakes up to n waiters on key whose bitset meets bitset, oldest first. */
static int
futex_wake_key(uint64_t key, int n, uint32_t bitset)
{
	struct futex_q *q, *t;
	int woken = 0;

	list_for_each_entry_safe(q, t, &futex_queue, node) {
		if (woken >= n)
			break;
		if (q->key != key || !(q->bitset & bitset))
			continue;
		list_del(&q->node);
		q->woken = true;
		wake_up_process(q->task);
		woken++;
	}
	return woken;
}

int
futex_wake_addr(uaddr_t uaddr, int n)
{
	uint64_t key;

	if (futex_key(uaddr, &key))
		return 0;
	return futex_wake_key(key, n, FUTEX_BITSET_MATCH_ANY);
}

/*
 * futex_wait sleeps while the word at uaddr holds val, until woken, the
 * timeout (relative for FUTEX_WAIT, absolute on the chosen clock for
 * WAIT_BITSET) or a signal. A waker having marked the entry wins over a
 * timeout or signal that came at the same time, so no wake-up is lost.
 */
static int64_t
futex_wait(uaddr_t uaddr, uint32_t val, uaddr_t utimeout, uint32_t bitset, bool absolute,
	   bool realtime)
{
	struct futex_q q = { .bitset = bitset, .task = current };
	uint32_t cur;
	uint64_t ns = UINT64_MAX;
	int err;

	if (!bitset)
		return -EINVAL;
	err = futex_key(uaddr, &q.key);
	if (err)
		return err;
	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	if (!uaddr_is_null(utimeout)) {
		int64_t ts[2];
		uint64_t now;

		if (copy_from_user(ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
			return -EINVAL;
		ns = ns_from_sec_sat((uint64_t)ts[0], (uint64_t)ts[1]);
		if (absolute) {
			now = realtime ? (uint64_t)ktime_get_real_ns() : ktime_get_ns();
			ns = ns > now ? ns - now : 0;
		}
	}
	list_add_tail(&q.node, &futex_queue);
	current->state = TASK_INTERRUPTIBLE;
	if (!signal_pending(current) && ns)
		schedule_timeout(ns);
	current->state = TASK_RUNNING;
	if (q.woken)
		return 0;
	list_del(&q.node);
	if (signal_pending(current))
		return -ERESTARTSYS;
	return -ETIMEDOUT;
}

/*
 * futex_requeue wakes n waiters of uaddr and moves up to n2 more to
 * uaddr2 without waking them (a condition variable's broadcast hands the
 * waiters to the mutex instead of stampeding). With cmp, only if the word
 * still holds val.
 */
static int64_t
futex_requeue(uaddr_t uaddr, int n, int n2, uaddr_t uaddr2, bool cmp, uint32_t val)
{
	uint64_t key, key2;
	struct futex_q *q, *t;
	uint32_t cur;
	int woken = 0, moved = 0, err;

	if (n < 0 || n2 < 0)
		return -EINVAL;
	err = futex_key(uaddr, &key);
	if (!err)
		err = futex_key(uaddr2, &key2);
	if (err)
		return err;
	if (cmp) {
		if (get_user(cur, uaddr))
			return -EFAULT;
		if (cur != val)
			return -EAGAIN;
	}
	list_for_each_entry_safe(q, t, &futex_queue, node) {
		if (q->key != key)
			continue;
		if (woken < n) {
			list_del(&q->node);
			q->woken = true;
			wake_up_process(q->task);
			woken++;
		} else if (moved < n2) {
			q->key = key2;
			moved++;
		}
	}
	return woken + moved;
}

/*
 * futex_wake_op changes the word at uaddr2 as op says, wakes n waiters of
 * uaddr, and n2 of uaddr2 if the word's old value passed op's comparison.
 */
static int64_t
futex_wake_op(uaddr_t uaddr, int n, uaddr_t uaddr2, int n2, uint32_t op)
{
	uint32_t oldval, newval, oparg = (op >> 12) & 0xfff, cmparg = op & 0xfff;
	int opc = (op >> 28) & 15, cmp = (op >> 24) & 15;
	uint64_t key, key2;
	bool cond = false;
	int woken, err;

	if (opc & FUTEX_OP_OPARG_SHIFT) {
		oparg = 1u << (oparg & 31);
		opc &= ~FUTEX_OP_OPARG_SHIFT;
	}
	err = futex_key(uaddr, &key);
	if (!err)
		err = futex_key(uaddr2, &key2);
	if (err)
		return err;
	if (get_user(oldval, uaddr2))
		return -EFAULT;
	switch (opc) {
	case FUTEX_OP_SET: newval = oparg; break;
	case FUTEX_OP_ADD: newval = oldval + oparg; break;
	case FUTEX_OP_OR: newval = oldval | oparg; break;
	case FUTEX_OP_ANDN: newval = oldval & ~oparg; break;
	case FUTEX_OP_XOR: newval = oldval ^ oparg; break;
	default: return -ENOSYS;
	}
	if (put_user(newval, uaddr2))
		return -EFAULT;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: cond = oldval == cmparg; break;
	case FUTEX_OP_CMP_NE: cond = oldval != cmparg; break;
	case FUTEX_OP_CMP_LT: cond = (int)oldval < (int)cmparg; break;
	case FUTEX_OP_CMP_LE: cond = (int)oldval <= (int)cmparg; break;
	case FUTEX_OP_CMP_GT: cond = (int)oldval > (int)cmparg; break;
	case FUTEX_OP_CMP_GE: cond = (int)oldval >= (int)cmparg; break;
	default: return -ENOSYS;
	}
	woken = futex_wake_key(key, n, FUTEX_BITSET_MATCH_ANY);
	if (cond)
		woken += futex_wake_key(key2, n2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/*
 * sys_futex implements futex(2). For the requeue and wake-op commands the
 * fourth argument is no timeout but a second count (val2), as on Linux.
 */
SYSCALL_DEFINE6(futex, uaddr_t, uaddr, int, op, uint32_t, val, uaddr_t, utime, uaddr_t, uaddr2,
		uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool rt = op & FUTEX_CLOCK_REALTIME;
	int val2 = (int)uaddr_to_u64(utime);

	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, utime, FUTEX_BITSET_MATCH_ANY, false, false);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, val, utime, val3, true, rt);
	case FUTEX_WAKE: {
		uint64_t key;
		int err = futex_key(uaddr, &key);

		return err ? err : futex_wake_key(key, (int)val, FUTEX_BITSET_MATCH_ANY);
	}
	case FUTEX_WAKE_BITSET: {
		uint64_t key;
		int err = futex_key(uaddr, &key);

		if (!val3)
			return -EINVAL;
		return err ? err : futex_wake_key(key, (int)val, val3);
	}
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, (int)val, val2, uaddr2, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, (int)val, val2, uaddr2, true, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, (int)val, uaddr2, val2, val3);
	}
	return -ENOSYS;
}

/* sys_set_robust_list implements set_robust_list(2). */
SYSCALL_DEFINE2(set_robust_list, uaddr_t, head, size_t, len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* sys_get_robust_list implements get_robust_list(2). */
SYSCALL_DEFINE3(get_robust_list, int, pid, uaddr_t, head_ptr, uaddr_t, len_ptr)
{
	struct task *t = pid ? find_task(pid) : current;
	uint64_t head, len = sizeof(struct robust_list_head);

	if (!t)
		return -ESRCH;
	head = uaddr_to_u64(t->robust_list);
	if (put_user(head, head_ptr) || put_user(len, len_ptr))
		return -EFAULT;
	return 0;
}

/* handle_robust marks one held robust futex as owner-died and wakes a waiter. */
static void
handle_robust(struct task *t, uaddr_t uaddr)
{
	uint32_t v;

	if (get_user(v, uaddr) || (v & FUTEX_TID_MASK) != (uint32_t)t->pid)
		return;
	v = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (put_user(v, uaddr))
		return;
	futex_wake_addr(uaddr, 1);
}

/*
 * exit_robust_list walks the guest's list of the futexes t holds, as the
 * guest left it, and marks each owner-died for the next locker. The list
 * is guest memory and may be anything: at most 2048 entries are looked
 * at, and a cycle or a bad address ends the walk.
 */
void
exit_robust_list(struct task *t)
{
	/* The guest's list: addresses as the guest stored them, taken as such one at a time. */
	struct robust_list_head head;
	uint64_t entry, start = uaddr_to_u64(t->robust_list);
	int limit = 2048;

	if (!t->mm || copy_from_user(&head, t->robust_list, sizeof(head)))
		return;
	entry = head.next;
	while (entry && entry != start && limit--) {
		uint64_t next;

		if (get_user(next, u64_to_uaddr(entry)))
			return;
		if (entry != head.list_op_pending)
			handle_robust(t, u64_to_uaddr(entry + head.futex_offset));
		entry = next;
	}
	if (head.list_op_pending)
		handle_robust(t, u64_to_uaddr(head.list_op_pending + head.futex_offset));
}
