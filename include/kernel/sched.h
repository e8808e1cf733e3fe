/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tasks and the scheduler. The kernel is uniprocessor: one host thread runs
 * kernel code and, through the trap backend, guest code. Every task has its
 * own kernel stack (a coroutine), so kernel code may block anywhere: it sets
 * its state, queues itself on a wait queue and calls schedule(), which
 * switches stacks. With nothing runnable, schedule() waits for host events
 * (irq.c) and runs expired timers.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/signal_types.h"
#include "kernel/types.h"
#include "asm/processor.h"
#include "asm/time.h"

#define TASK_COMM_LEN	16

enum task_state {
	TASK_RUNNING,		/* on the run queue, or current */
	TASK_INTERRUPTIBLE,	/* sleeping; signals wake it */
	TASK_UNINTERRUPTIBLE,	/* sleeping; only its event wakes it */
	TASK_STOPPED,		/* job-control stop */
	TASK_ZOMBIE,		/* exited, waiting for its parent */
	TASK_DEAD,		/* reaped; freed once off its stack */
};

struct mm_struct;
struct files_struct;
struct fs_struct;
struct file;
struct sighand;
struct signal_struct;
struct wait_queue;

/* Supplementary groups a process may have (kernel.ngroups_max). */
#define NGROUPS_MAX	32

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[NGROUPS_MAX];
};

struct task {
	int pid;			/* thread id */
	int tgid;			/* thread group (process) id */
	enum task_state state;
	char comm[TASK_COMM_LEN];

	/*
	 * The arch's: only arch/um/kernel touches these (asm/processor.h).
	 * The kernel stack (a coroutine; NULL for the boot task, which runs
	 * on the host thread's) and the user context: registers, FPU, and
	 * why the guest last stopped.
	 */
	void *kstack;
	size_t kstack_size;
	void *ksp;			/* saved stack pointer while switched out */
	void *stack_save;		/* sanitizer state of the stack while switched out */
	struct user_context uc;

	struct mm_struct *mm;
	struct files_struct *files;
	struct file **held;		/* files fget holds for this system call (fs.h) */
	int nheld, held_cap;
	struct fs_struct *fs;
	struct cred cred;

	/* signals */
	struct sighand *sighand;	/* shared by CLONE_SIGHAND */
	struct signal_struct *signal;	/* shared by the thread group */
	sigset_t blocked;
	sigset_t saved_mask;		/* restored after sigsuspend & co. */
	sigset_t real_blocked;		/* the mask while sigtimedwait unblocks its set */
	bool restore_mask;
	struct sigpending pending;	/* thread-directed signals */
	uint64_t sas_sp, sas_size;	/* sigaltstack */
	int sas_flags;

	/* family (processes: the group leader's fields count) */
	struct task *parent;		/* who gets SIGCHLD and waits */
	struct task *real_parent;
	struct list_head children;	/* group leaders whose parent is us */
	struct list_head sibling;
	struct task *group_leader;
	struct list_head thread_node;	/* in signal->threads */
	int exit_signal;		/* signal to parent on exit (SIGCHLD) */
	int exit_code;			/* wait status once a zombie */

	uaddr_t set_child_tid, clear_child_tid;
	uaddr_t robust_list;		/* the guest's robust_list_head, or NULL */

	/* scheduling */
	struct list_head run_node;	/* on the run queue */
	struct list_head all_node;	/* in the task list */
	struct wait_queue *waiting_on;
	bool timed_out;
	uint64_t start_time_ns;
	uint64_t utime_ns, stime_ns;	/* accounted at traps */
	uint64_t minflt, majflt, nvcsw, nivcsw;

	/* per task */
	int errno_restart;		/* the syscall's -ERESTART* for signal delivery */
	uint64_t restart_nr;		/* syscall number to restart */
	bool in_syscall;
	uint32_t personality;		/* personality(2), uapi/personality.h */
	bool no_new_privs;		/* PR_SET_NO_NEW_PRIVS: exec grants nothing; never cleared */
	int umask;
	uint64_t stop_sig;		/* signal that stopped us, for wait */
	bool stop_reported, cont_reported;
	struct task *vfork_parent;	/* released at exec or exit */
	bool vfork_done;
};

/* The task running now. */
extern struct task *current;

/* user_task_main is the kernel side of every user task: run guest code, handle traps
 * (arch/um/kernel/trap.c). */
void user_task_main(void *arg);

/* sched_init sets up the scheduler with the boot task as current. */
void sched_init(void);
/* task_alloc makes a task with a kernel stack whose first run calls fn(arg). */
struct task *task_alloc(void (*fn)(void *), void *arg);
/* task_free releases a dead task's stack and memory (deferred if current). */
void task_free(struct task *t);
/* wake_up_process makes t runnable; returns false if it already was. */
bool wake_up_process(struct task *t);
/* schedule gives the CPU to another runnable task (or waits for events). */
void schedule(void);
/* sched_finish_switch completes a switch on the new task's stack. */
void sched_finish_switch(void);
/* need_resched tells whether the tick asked current to let another task run. */
bool need_resched(void);
/* sched_tick does the timer tick's work: interrupts, timers, the resched request. */
void sched_tick(void);
/*
 * cond_resched is a preemption point: it does the tick's work if the tick
 * fired, then yields if another task should run. Called on every return to
 * guest code and in every kernel loop whose length the guest controls;
 * current must be TASK_RUNNING and hold no pointer into data another task
 * may free while it is switched out.
 */
void cond_resched(void);
/* find_task returns the task with that pid, or NULL. */
struct task *find_task(int pid);
/* for_each_task walks every task (including zombies). */
#define for_each_task(t) list_for_each_entry(t, &task_list, all_node)
extern struct list_head task_list;
/* nr_tasks counts tasks that are not dead. */
int nr_tasks(void);
/* alloc_pid hands out the next free pid below pid_max (kernel.pid_max), or -EAGAIN. */
int alloc_pid(void);
extern int pid_max;
int alloc_pid_last(void);

/* Timers: run fn(arg) once CLOCK_MONOTONIC reaches expires_ns. */
struct ktimer {
	uint64_t expires_ns;
	void (*fn)(struct ktimer *t);
	struct list_head node;
	bool armed;
};

/* ns_add_sat adds two times in ns, UINT64_MAX ("never") instead of wrapping:
 * a guest may ask for any timeout, and a wrapped expiry would fire at once. */
static inline uint64_t
ns_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* ns_from_sec_sat is sec seconds plus nsec ns (both >= 0), saturated the same way. */
static inline uint64_t
ns_from_sec_sat(uint64_t sec, uint64_t nsec)
{
	return sec > (UINT64_MAX - nsec) / 1000000000 ? UINT64_MAX : sec * 1000000000 + nsec;
}

/* ktimer_arm (re)arms t; an expiry of UINT64_MAX never comes. */
void ktimer_arm(struct ktimer *t, uint64_t expires_ns);
/* ktimer_cancel disarms t; returns true if it was armed. */
bool ktimer_cancel(struct ktimer *t);
/* ktimers_run runs every expired timer. */
void ktimers_run(void);
/* ktimer_next_ns is the expiry of the earliest timer, or UINT64_MAX. */
uint64_t ktimer_next_ns(void);

/* schedule_timeout sleeps (in the state set by the caller) until woken or ns pass; returns ns left. */
uint64_t schedule_timeout(uint64_t ns);

/* The clocks (ktime_get_ns, ktime_get_real_ns) are the arch's: asm/time.h. */
extern uint64_t jiffies;
#define HZ 100

#endif /* KERNEL_SCHED_H */
