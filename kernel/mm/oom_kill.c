// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OOM killer: when a fault finds no free page (and reclaim found
 * nothing to free), a process is killed so that the others can go on. The
 * victim is the process with the most resident pages, never init while
 * another choice exists. vm.panic_on_oom makes running out a panic instead,
 * vm.oom_kill_allocating_task kills the faulting process itself, and
 * vm.oom_dump_tasks lists every process first, as Linux does.
 */
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

int sysctl_panic_on_oom;
int sysctl_oom_kill_allocating_task;
int sysctl_oom_dump_tasks = 1;

/* dying: t is already on its way out (a SIGKILL pending or the group exiting). */
static bool
dying(struct task *t)
{
	return !t->signal || t->signal->group_exit ||
	       ((t->pending.signal | t->signal->shared_pending.signal) & sigmask(SIGKILL));
}

/*
 * killable: a process the OOM killer may pick: not init, not the kernel,
 * not one already dying, and holding memory.
 */
static bool
killable(struct task *p)
{
	return p == p->group_leader && p->tgid != 1 && p->state < TASK_ZOMBIE && p->mm && !dying(p);
}

/* dump_tasks prints what Linux's oom_dump_tasks prints (memory in pages). */
static void
dump_tasks(void)
{
	struct task *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n");
	for_each_task(p) {
		if (p != p->group_leader || !p->mm || p->state >= TASK_ZOMBIE)
			continue;
		pr_info("[%7d] %5u %5d %8llu %8llu %14d %8d %13d %s\n", p->pid, p->cred.uid, p->tgid,
			(unsigned long long)p->mm->rss, (unsigned long long)p->mm->rss, 0, 0, 0,
			p->comm);
	}
}

/*
 * out_of_memory kills a process because t found no page: the victim, with
 * every other process sharing its address space (a vfork child would keep
 * it alive), and t yields so the victim can exit and free its memory; t's
 * access then faults again.
 *
 * While an earlier victim (or any process on its way out) has not exited
 * yet, no other is killed: t waits a little for that memory instead. Else
 * each task that faults before the victim gets to run would kill one more
 * process. A victim that has not gone after OOM_PATIENCE_NS no longer
 * holds the killing up.
 */
#define OOM_WAIT_NS	(1000000000ULL / HZ)
#define OOM_PATIENCE_NS	1000000000ULL

static uint64_t oom_last_kill_ns;

/*
 * out_of_memory: t found no page. If a victim is already dying, t waits a
 * tick for its memory (for at most OOM_PATIENCE_NS since the last kill);
 * else the process with the most resident pages is killed, with every
 * process sharing its mm. t then retries its fault.
 */
void
out_of_memory(struct task *t)
{
	struct task *p, *victim = NULL;
	bool exiting = false;

	if (sysctl_panic_on_oom)
		panic("Out of memory: %s panic_on_oom is enabled",
		      sysctl_panic_on_oom == 2 ? "compulsory" : "system-wide");
	if (dying(t))
		return;		/* its own exit, at the top of its loop, frees memory */
	for_each_task(p)
		if (p == p->group_leader && p->state < TASK_ZOMBIE && p->mm && dying(p) &&
		    p->mm != t->mm)
			exiting = true;
	if (exiting && ktime_get_ns() - oom_last_kill_ns < OOM_PATIENCE_NS) {
		t->state = TASK_INTERRUPTIBLE;
		schedule_timeout(OOM_WAIT_NS);
		t->state = TASK_RUNNING;
		return;
	}
	if (sysctl_oom_dump_tasks)
		dump_tasks();
	if (sysctl_oom_kill_allocating_task && killable(t->group_leader)) {
		victim = t->group_leader;
	} else {
		for_each_task(p)
			if (killable(p) && (!victim || p->mm->rss > victim->mm->rss))
				victim = p;
	}
	if (!victim) {
		if (t->tgid == 1)
			panic("Out of memory and no killable processes");
		victim = t->group_leader;
	}
	pr_err("Out of memory: killed process %d (%s), %llu kB resident\n", victim->tgid,
	       victim->comm, (unsigned long long)(victim->mm->rss * 4));
	oom_last_kill_ns = ktime_get_ns();
	for_each_task(p)
		if (p == p->group_leader && p->mm == victim->mm && p->state < TASK_ZOMBIE)
			send_sig(SIGKILL, p);
	if (!dying(t))
		schedule();
}
