// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler: tasks on kernel stacks (coroutines switched by the arch,
 * arch/um/kernel/process.c), a round-robin run queue, and the idle loop
 * that waits for host events when nothing can run. Pids are pid.c's,
 * timers timer.c's, wait queues wait.c's.
 *
 * A task gives up the CPU only by calling schedule(): when it blocks, when
 * it exits, or at a preemption point (cond_resched) once the tick has asked
 * for it. There is one CPU and no kernel preemption, so kernel data needs no
 * locks.
 *
 * The tick: the host timer (arch/um/os/time.c) only counts, and interrupts
 * the host call the kernel thread sleeps in. Its work (polling interrupts,
 * running expired timers, asking the running task to give way) is done by
 * sched_tick() at the next preemption point: every return to guest code
 * (arch/um/kernel/trap.c), and inside every long kernel loop. So a task
 * that never sleeps, in guest code or in system calls, still gives the CPU
 * away once per tick when another task can run.
 *
 * Waking a task does not preempt the waker: the woken task runs when the
 * waker blocks or at the next tick. So a task that wakes others many times
 * in a row (signals, pipes, STOP/CONT) is not switched out at each one.
 */
#include <string.h>

#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/wait.h"

/*
 * The run queue holds the runnable tasks other than current (current is
 * TASK_RUNNING too while it runs, but off the queue). The boot task, pid
 * 0, is never queued: once init runs it is only the idle loop's stack.
 */
struct task *current;
LIST_HEAD(task_list);
static LIST_HEAD(runqueue);
static struct task *dead_task;	/* freed after we have left its stack */
static struct task boot_task;
static struct task *switched_from;	/* prev of the switch being completed */
static bool resched;		/* the tick asked the running task to give way */

void
sched_init(void)
{
	time_init();
	boot_task.state = TASK_RUNNING;
	strcpy(boot_task.comm, "swapper");
	list_init(&boot_task.run_node);
	list_init(&boot_task.children);
	list_init(&boot_task.sibling);
	list_init(&boot_task.all_node);
	current = &boot_task;
}

/*
 * task_alloc makes a task that will run fn(arg) on its own stack when
 * first scheduled; it starts TASK_UNINTERRUPTIBLE, off the run queue,
 * until its creator has filled it in and wakes it.
 */
struct task *
task_alloc(void (*fn)(void *), void *arg)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	if (arch_thread_init(t, fn, arg)) {
		kfree(t);
		return NULL;
	}
	t->state = TASK_UNINTERRUPTIBLE;
	list_init(&t->run_node);
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->thread_node);
	list_init(&t->pending.queue);
	t->start_time_ns = ktime_get_ns();
	list_add_tail(&t->all_node, &task_list);
	return t;
}

/*
 * task_free frees t and its stack. A task cannot free the stack it runs
 * on: an exiting task's own free is put off until the next task has
 * switched away from it (sched_finish_switch).
 */
void
task_free(struct task *t)
{
	if (t == current) {
		dead_task = t;	/* schedule() frees it once off this stack */
		return;
	}
	list_del(&t->all_node);
	list_del(&t->run_node);
	arch_thread_free(t);
	kfree(t->held);
	kfree(t);
}

/* wake_up_process queues t to run (no preemption: see the top); zombies and dead tasks stay put. */
bool
wake_up_process(struct task *t)
{
	if (t->state == TASK_RUNNING || t->state >= TASK_ZOMBIE)
		return false;
	t->state = TASK_RUNNING;
	if (t != current)
		list_add_tail(&t->run_node, &runqueue);
	return true;
}

bool
need_resched(void)
{
	return resched && !list_empty(&runqueue);
}

void
sched_tick(void)
{
	tick_take();
	irq_poll();
	ktimers_run();
	if (!list_empty(&runqueue))
		resched = true;
}

/*
 * idle waits for host events or the next timer while nothing is runnable.
 * It runs on the stack of the task that called schedule() (there is no
 * idle task): the boot task's once init runs, or a task that blocked.
 */
static void
idle(void)
{
	while (list_empty(&runqueue)) {
		uint64_t next = ktimer_next_ns(), now = ktime_get_ns();
		int timeout = -1;

		if (next != UINT64_MAX)
			timeout = next <= now ? 0 :
				  (next - now) / 1000000 >= 0x7fffffff ? 0x7fffffff :
				  (int)((next - now + 999999) / 1000000);
		irq_wait(timeout);
		tick_take();	/* ticks while idle preempt nobody */
		ktimers_run();
		if (list_empty(&runqueue) && current->state == TASK_RUNNING)
			return;	/* an event woke the current task itself */
	}
}

/*
 * schedule: a task still TASK_RUNNING goes to the back of the queue (it
 * yields); any other state leaves it off until a wake-up. The tick's work
 * is done first, so the task chosen sees timers that just expired.
 */
void
schedule(void)
{
	struct task *prev = current, *next;

	/* The tick's work is done here too; the next slice starts now. */
	resched = false;
	tick_take();
	irq_poll();
	ktimers_run();
	if (prev->state == TASK_RUNNING && list_empty(&runqueue))
		return;
	if (prev->state == TASK_RUNNING && prev->pid)
		list_add_tail(&prev->run_node, &runqueue);
	if (list_empty(&runqueue)) {
		idle();
		/*
		 * An event while idle may have woken prev itself (not queued:
		 * it is current) along with others: queue it so it is not lost
		 * when another task runs first.
		 */
		if (prev->state == TASK_RUNNING && prev->pid && !list_empty(&runqueue) &&
		    list_empty(&prev->run_node))
			list_add_tail(&prev->run_node, &runqueue);
	}
	if (list_empty(&runqueue))
		return;		/* prev itself became runnable again */
	next = list_first_entry(&runqueue, struct task, run_node);
	list_del(&next->run_node);
	if (next == prev)
		return;
	if (prev->state == TASK_RUNNING)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	current = next;
	switched_from = prev;
	arch_switch_to(prev, next);
	/* Back on prev's stack. */
	sched_finish_switch();
}

/*
 * sched_finish_switch runs on the new stack after every switch (a task's
 * very first one included, from arch_task_start): it completes the stack
 * switch for the sanitizers (arch/um/os/stack.c; the first switch away from
 * the boot task tells us where the host thread's own stack is) and frees
 * the task that exited on the stack just left.
 */
void
sched_finish_switch(void)
{
	arch_switch_finish(current, switched_from);
	if (dead_task && dead_task != current) {
		struct task *d = dead_task;

		dead_task = NULL;
		task_free(d);
	}
}

void
cond_resched(void)
{
	if (tick_pending())
		sched_tick();
	if (need_resched())
		schedule();
}
