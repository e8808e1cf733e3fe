/* SPDX-License-Identifier: GPL-2.0-only */
/* Process creation and end: clone, exit, wait, exec (kernel/{fork,exit,exec}.c). */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include <stdint.h>

#include "kernel/sched.h"
#include "kernel/types.h"

/* do_exit ends current with a wait status; never returns. */
void do_exit(int status) __attribute__((noreturn));
/* do_group_exit ends every thread of current's process. */
void do_group_exit(int status) __attribute__((noreturn));
/*
 * do_wait4 and do_waitid wait for a child as wait4(2) and waitid(2) do,
 * writing its status, siginfo and rusage to the guest (each may be NULL).
 */
int64_t do_wait4(int pid, uaddr_t ustatus, int options, uaddr_t urusage);
int64_t do_waitid(int which, int id, uaddr_t uinfo, int options, uaddr_t urusage);
/* What clone, clone3, fork and vfork ask of do_clone. */
struct clone_req {
	uint64_t flags;		/* CLONE_*, without the exit signal */
	int exit_signal;	/* sent to the parent at exit; 0: none */
	uint64_t stack;		/* the child's rsp; 0: the parent's */
	uaddr_t parent_tid;	/* CLONE_PARENT_SETTID: the child's tid goes here, in the parent */
	uaddr_t child_tid;	/* CLONE_CHILD_SETTID/CLEARTID: here, in the child */
	uint64_t tls;		/* CLONE_SETTLS: the child's fs base */
};
/* do_clone makes a new task (fork, vfork, thread) after checking the flags
 * as Linux does; returns its pid or -errno. */
int64_t do_clone(const struct clone_req *req);
/* do_execve replaces current's program; 0 (registers set) or -errno. */
int do_execve(const char *path, uaddr_t argv, uaddr_t envp, int dfd, int flags);
/* user_task_main is the kernel side of every user task: run guest code, handle traps. */
void user_task_main(void *arg);
/* init_task_start creates pid 1 running path with argv/envp. */
int init_task_start(const char *const *paths, const char *const *argv, const char *const *envp);
extern struct task *init_task;
/* release_task frees a task that ended (or never started) with its
 * references to its sighand and signal_struct; see kernel/fork.c. */
void release_task(struct task *t);
/* kernel_halt ends the kernel process (halt/poweroff: status 0). */
void kernel_power_off(int status) __attribute__((noreturn));
/* kernel_restart re-runs the kernel with the same command line (reboot). */
void kernel_restart(void) __attribute__((noreturn));

#define CSIGNAL			0x000000ff	/* clone(): the exit signal */
#define CLONE_NEWTIME		0x00000080	/* clone3() only */
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000ULL
#define CLONE_CLEAR_SIGHAND	0x100000000ULL	/* clone3() only */
#define CLONE_INTO_CGROUP	0x200000000ULL	/* clone3() only */
#define CLONE_NEW_ANY		(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#endif /* KERNEL_EXIT_H */
