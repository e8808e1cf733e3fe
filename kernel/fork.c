// SPDX-License-Identifier: GPL-2.0-only
/*
 * clone/fork/vfork: a new task sharing or copying its parent's address
 * space (copy-on-write, mm/mmap.c), fd table, cwd/root/umask, signal
 * handlers and thread group, as the CLONE_* flags say. The child starts in
 * user_task_main with the parent's registers and rax = 0.
 *
 * Which flags are accepted (clone_check, Linux's rules; all others -EINVAL):
 * CLONE_THREAD needs CLONE_SIGHAND, CLONE_SIGHAND needs CLONE_VM,
 * CLONE_PARENT is refused to init, CLONE_NEWNS or CLONE_NEWUSER cannot go
 * with CLONE_FS. umk has no namespaces and no pidfds, so CLONE_NEW* and
 * CLONE_PIDFD get -EINVAL, as from a Linux built without them. clone()
 * takes the low 32 bits of its flags (the low byte is the exit signal) and
 * ignores CLONE_DETACHED; there is no clone3() (ENOSYS, as before Linux
 * 5.3: C libraries fall back to clone()).
 *
 * Ownership of what clone can share: every object below has a count of
 * the tasks that point at it, one rule for dropping a reference and one
 * freer, the last put.
 *
 *   object         shared by      count             a task drops it         last put frees it
 *   mm_struct      CLONE_VM       mm->users         at exit, at exec        mm_put (mm/mmap.c)
 *   files_struct   CLONE_FILES    files->refcount   at exit; exec unshares  files_put (fs/file.c)
 *   fs_struct      CLONE_FS       fs->refcount      at exit                 fs_put (fs/file.c)
 *   sighand        CLONE_SIGHAND  sighand->count    at release; exec        sighand_put (signal.c)
 *                                                   unshares
 *   signal_struct  CLONE_THREAD   signal->count     at release              signal_struct_put (signal.c)
 *
 * "Release" is release_task (exit.c), the one place a task struct goes:
 * a thread that is not its group's leader is released when it exits; a
 * group leader stays a zombie, standing for its process, until its parent
 * reaps it (wait), or at once when the process ends if the parent ignores
 * SIGCHLD or set SA_NOCLDWAIT (autoreap); de_thread releases a leader
 * whose place an exec'ing thread took. A leader whose other threads still
 * run is never reaped before the last of them exits. The sighand and
 * signal_struct stay until release because a zombie still answers wait
 * (pgrp, stop state) and kill. A task releasing itself is freed only once
 * the scheduler is off its stack (task_free, sched.c).
 *
 * The thread group: signal->threads lists the group's live threads; the
 * process's children hang on the leader's children list, whichever thread
 * forked them. The ITIMER_REAL timer belongs to the signal_struct and is
 * stopped when the last thread exits (exit_itimers). exec in a group of
 * several threads first ends the others and takes the leader's place
 * (de_thread, exec.c).
 *
 * CLONE_SYSVSEM and CLONE_IO are accepted and share nothing: there are no
 * SysV semaphore undo lists and no I/O contexts here. CLONE_SETTLS,
 * CLONE_*_SETTID and CLONE_CHILD_CLEARTID are per task; CLONE_VFORK makes
 * the parent wait until the child execs or exits (release_vfork) or the
 * parent is killed, which the child then forgets.
 *
 * Not shared by clone at all, but kept alive the same way: an open file
 * used by a system call while the fd table is shared (fget, fs/file.c).
 */
#include <string.h>

#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/wait.h"
#include "uapi/futex.h"

#define MIN_THREADS	20
#define MAX_THREADS	((int)FUTEX_TID_MASK)	/* a tid must fit a robust futex word */
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

/* clone_check applies Linux's rules on flag combinations (see the top). */
static int
clone_check(uint64_t flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* Threads share handlers; shared handlers need a shared address space. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* A sibling of init would have no parent to reap it. */
	if ((flags & CLONE_PARENT) && current->tgid == 1)
		return -EINVAL;
	/* No namespaces and no pidfds in umk. */
	if (flags & (CLONE_NEW_ANY | CLONE_PIDFD))
		return -EINVAL;
	return 0;
}

/* copy_sighand gives p the parent's handler table (CLONE_SIGHAND) or a copy. */
static int
copy_sighand(uint64_t flags, struct task *p)
{
	struct task *cur = current;

	if (flags & CLONE_SIGHAND) {
		p->sighand = cur->sighand;
		p->sighand->count++;
		return 0;
	}
	p->sighand = kmalloc(sizeof(*p->sighand));
	if (!p->sighand)
		return -ENOMEM;
	*p->sighand = *cur->sighand;
	p->sighand->count = 1;
	return 0;
}

/* copy_signal joins p to the parent's thread group (CLONE_THREAD) or makes a new one. */
static int
copy_signal(uint64_t flags, struct task *p)
{
	struct task *cur = current;

	if (flags & CLONE_THREAD) {
		p->signal = cur->signal;
		p->signal->count++;
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
	return 0;
}

/* count_user_processes counts uid's processes for RLIMIT_NPROC (threads count, as on Linux). */
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

/*
 * do_clone makes the task (see the table at the top for what is shared
 * and what copied). On any failure, everything taken is given back through
 * release_task and the shared parts' puts; the child only becomes visible
 * (in the parent's children, runnable) once nothing can fail.
 */
int64_t
do_clone(const struct clone_req *req)
{
	struct task *cur = current, *p;
	uint64_t flags = req->flags;
	int pid, err;

	err = clone_check(flags);
	if (err)
		return err;
	/* As arch_prctl(ARCH_SET_FS) would answer: no thread pointer in the kernel's half. */
	if ((flags & CLONE_SETTLS) && req->tls >= TASK_SIZE)
		return -EPERM;
	if (nr_tasks() >= max_threads)
		return -EAGAIN;
	if (cur->cred.uid != 0 &&
	    (uint64_t)count_user_processes(cur->cred.uid) >= cur->signal->rlim_cur[RLIMIT_NPROC])
		return -EAGAIN;
	pid = alloc_pid();
	if (pid < 0)
		return pid;
	p = task_alloc(user_task_main, NULL);
	if (!p)
		return -ENOMEM;
	err = -ENOMEM;
	p->pid = pid;
	p->tgid = (flags & CLONE_THREAD) ? cur->tgid : pid;
	p->group_leader = (flags & CLONE_THREAD) ? cur->group_leader : p;
	memcpy(p->comm, cur->comm, sizeof(p->comm));
	p->cred = cur->cred;
	p->no_new_privs = cur->no_new_privs;
	p->blocked = cur->blocked;
	p->personality = cur->personality;
	/* A sibling (CLONE_PARENT) tells the parent the way its creator would. */
	if (flags & CLONE_THREAD)
		p->exit_signal = -1;
	else if (flags & CLONE_PARENT)
		p->exit_signal = cur->group_leader->exit_signal;
	else
		p->exit_signal = req->exit_signal;
	if (arch_copy_thread(p, cur, req))
		goto fail;
	if (flags & CLONE_VM) {
		p->mm = cur->mm;
		p->mm->users++;
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
	err = copy_sighand(flags, p);
	if (!err)
		err = copy_signal(flags, p);
	if (err)
		goto fail;
	if (flags & CLONE_CLEAR_SIGHAND)
		flush_signal_handlers(p);
	/* Nothing fails from here on: p joins its thread group and family. */
	list_add_tail(&p->thread_node, &p->signal->threads);
	if (flags & (CLONE_PARENT | CLONE_THREAD))
		p->parent = p->real_parent = cur->group_leader->parent;
	else
		p->parent = p->real_parent = cur->group_leader;
	if (!(flags & CLONE_THREAD) && p->parent)
		list_add_tail(&p->sibling, &p->parent->children);
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = req->child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = req->child_tid;
	if (flags & CLONE_PARENT_SETTID)
		put_user(pid, req->parent_tid);
	if (flags & CLONE_CHILD_SETTID)
		copy_to_mm(p->mm, req->child_tid, &pid, sizeof(pid));
	p->stop_reported = p->cont_reported = true;
	p->state = TASK_INTERRUPTIBLE;
	if (flags & CLONE_VFORK) {
		p->vfork_parent = cur;
		cur->vfork_done = false;
	}
	wake_up_process(p);
	if (flags & CLONE_VFORK) {
		/*
		 * The parent sleeps until the child execs or exits, or until it
		 * is killed itself (as on Linux: a child stuck before its exec
		 * must not make its parent unkillable). A parent that gives up
		 * first is forgotten by the child, which is still alive then
		 * (it has not released us), so its exit wakes nobody freed.
		 */
		while (!cur->vfork_done && !fatal_signal_pending(cur)) {
			cur->state = TASK_INTERRUPTIBLE;
			schedule();
		}
		cur->state = TASK_RUNNING;
		if (!cur->vfork_done)
			p->vfork_parent = NULL;
	}
	return pid;
fail:
	mm_put(p->mm);
	p->mm = NULL;
	files_put(p->files);
	p->files = NULL;
	fs_put(p->fs);
	p->fs = NULL;
	p->state = TASK_DEAD;
	release_task(p);
	return err;
}
