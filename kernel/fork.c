// SPDX-License-Identifier: GPL-2.0-only
/*
 * clone/fork/vfork: a new task sharing or copying its parent's address
 * space (copy-on-write, mm/mmap.c), fd table, cwd/root, signal handlers and
 * thread group, as the CLONE_* flags say. The child starts in
 * user_task_main with the parent's registers and rax = 0.
 */
#include <string.h>

#include "kernel/exit.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal_api.h"
#include "kernel/slab.h"
#include "kernel/wait.h"

#define MIN_THREADS	20
#define MAX_THREADS	0x3fffffff	/* FUTEX_TID_MASK */
#define THREAD_SIZE	(16 * 1024)	/* what Linux's sizing assumes per task on x86_64 */

int max_threads;

/*
 * fork_init sizes kernel.threads-max as Linux does: the tasks' kernel
 * stacks may take an eighth of RAM. (Ours are on the host heap, but the
 * limit is the one programs expect.)
 */
void
fork_init(uint64_t mem_bytes)
{
	uint64_t threads = mem_bytes / (THREAD_SIZE * 8);

	max_threads = threads < MIN_THREADS ? MIN_THREADS :
		      threads > MAX_THREADS ? MAX_THREADS : (int)threads;
}

static int
copy_signal(uint64_t flags, struct task *p)
{
	struct task *cur = current;

	if (flags & CLONE_SIGHAND) {
		p->sighand = cur->sighand;
		p->sighand->count++;
	} else {
		p->sighand = kmalloc(sizeof(*p->sighand));
		if (!p->sighand)
			return -ENOMEM;
		*p->sighand = *cur->sighand;
		p->sighand->count = 1;
	}
	if (flags & CLONE_THREAD) {
		p->signal = cur->signal;
		p->signal->count++;
		list_add_tail(&p->thread_node, &p->signal->threads);
		return 0;
	}
	p->signal = kzalloc(sizeof(*p->signal));
	if (!p->signal)
		return -ENOMEM;
	p->signal->count = 1;
	list_init(&p->signal->threads);
	list_init(&p->signal->shared_pending.queue);
	wait_queue_init(&p->signal->wait_chldexit);
	p->signal->pgrp = cur->signal->pgrp;
	p->signal->session = cur->signal->session;
	p->signal->tty = cur->signal->tty;
	memcpy(p->signal->rlim_cur, cur->signal->rlim_cur, sizeof(p->signal->rlim_cur));
	memcpy(p->signal->rlim_max, cur->signal->rlim_max, sizeof(p->signal->rlim_max));
	list_add_tail(&p->thread_node, &p->signal->threads);
	return 0;
}

static int
count_user_processes(uint32_t uid)
{
	struct task *t;
	int n = 0;

	for_each_task(t)
		if (t->state < TASK_ZOMBIE && t->cred.uid == uid && t->pid)
			n++;
	return n;
}

int64_t
do_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid,
	 uint64_t tls)
{
	struct task *cur = current, *p;
	int pid, err = -ENOMEM;

	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (nr_tasks() >= max_threads)
		return -EAGAIN;
	if (cur->cred.uid != 0 &&
	    (uint64_t)count_user_processes(cur->cred.uid) >= cur->signal->rlim_cur[6 /* NPROC */])
		return -EAGAIN;
	pid = alloc_pid();
	if (pid < 0)
		return pid;
	p = task_alloc(user_task_main, NULL);
	if (!p)
		return -ENOMEM;
	p->pid = pid;
	p->tgid = (flags & CLONE_THREAD) ? cur->tgid : pid;
	p->group_leader = (flags & CLONE_THREAD) ? cur->group_leader : p;
	memcpy(p->comm, cur->comm, sizeof(p->comm));
	p->cred = cur->cred;
	p->blocked = cur->blocked;
	p->personality = cur->personality;
	p->exit_signal = (flags & CLONE_THREAD) ? -1 : (int)(flags & 0xff);
	p->uc.regs = cur->uc.regs;
	p->uc.regs.rax = 0;
	p->uc.flags = 0;
	if (newsp)
		p->uc.regs.rsp = newsp;
	if (flags & CLONE_SETTLS)
		p->uc.regs.fs_base = tls;
	/* The child starts with the parent's FPU state (threads share one host process). */
	if (trap_fpu_size()) {
		if (!cur->uc.fpu)
			cur->uc.fpu = kzalloc(trap_fpu_size());
		p->uc.fpu = kmalloc(trap_fpu_size());
		if (!cur->uc.fpu || !p->uc.fpu)
			goto fail;
		if (!(cur->uc.flags & UC_FPU_VALID) && trap_fpu_fetch(cur->mm->ctx, &cur->uc) == 0)
			cur->uc.flags |= UC_FPU_VALID;
		if (cur->uc.flags & UC_FPU_VALID) {
			memcpy(p->uc.fpu, cur->uc.fpu, trap_fpu_size());
			p->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
		}
	}

	if (flags & CLONE_VM) {
		p->mm = cur->mm;
		p->mm->users++;
		/* Several threads on one host process: each switch carries FPU state. */
		cur->uc.flags |= UC_FPU_WANT;
		p->uc.flags |= UC_FPU_WANT;
	} else {
		p->mm = dup_mm(cur->mm);
		if (!p->mm)
			goto fail;
	}
	if (flags & CLONE_FILES) {
		p->files = cur->files;
		p->files->refcount++;
	} else {
		p->files = files_dup(cur->files);
		if (!p->files)
			goto fail;
	}
	if (flags & CLONE_FS) {
		p->fs = cur->fs;
		p->fs->refcount++;
	} else {
		p->fs = fs_dup(cur->fs);
		if (!p->fs)
			goto fail;
	}
	err = copy_signal(flags, p);
	if (err)
		goto fail;
	if (flags & (CLONE_PARENT | CLONE_THREAD)) {
		p->parent = p->real_parent = cur->group_leader->parent;
	} else {
		p->parent = p->real_parent = cur->group_leader;
	}
	if (!(flags & CLONE_THREAD) && p->parent)
		list_add_tail(&p->sibling, &p->parent->children);
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = child_tid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(parent_tid, &pid, sizeof(pid));
	if (flags & CLONE_CHILD_SETTID)
		copy_to_mm(p->mm, child_tid, &pid, sizeof(pid));
	p->stop_reported = p->cont_reported = true;
	p->state = TASK_INTERRUPTIBLE;
	if (flags & CLONE_VFORK) {
		p->vfork_parent = cur;
		cur->vfork_done = false;
	}
	wake_up_process(p);
	if (flags & CLONE_VFORK) {
		/* The parent sleeps until the child execs or exits. */
		while (!cur->vfork_done) {
			cur->state = TASK_UNINTERRUPTIBLE;
			schedule();
		}
		cur->state = TASK_RUNNING;
	}
	return pid;
fail:
	mm_put(p->mm);
	files_put(p->files);
	fs_put(p->fs);
	p->state = TASK_DEAD;
	task_free(p);
	return err;
}
