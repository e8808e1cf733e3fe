// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process system calls: creation and exec, exit and wait, ids, groups and
 * sessions, credentials, limits and accounting, uname, prctl.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/exec.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "kernel/utsname.h"
#include "uapi/prctl.h"

/* sys_fork implements fork(2). */
SYSCALL_DEFINE0(fork)
{
	struct clone_req req = { .exit_signal = SIGCHLD };

	return do_clone(&req);
}

/* sys_vfork implements vfork(2). */
SYSCALL_DEFINE0(vfork)
{
	struct clone_req req = { .flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD };

	return do_clone(&req);
}

/*
 * sys_clone implements clone(2) (x86_64 order: flags, stack, ptid, ctid,
 * tls). Only the low 32 bits of flags count; their low byte is the exit
 * signal, taken as it is (a number that is no signal sends none at exit).
 * CLONE_DETACHED is ignored, as Linux ignores it here.
 */
SYSCALL_DEFINE5(clone, uint64_t, clone_flags, uint64_t, newsp, uaddr_t, parent_tidptr,
		uaddr_t, child_tidptr, uint64_t, tls)
{
	struct clone_req req = {
		.flags = (uint32_t)clone_flags & ~(uint64_t)(CSIGNAL | CLONE_DETACHED),
		.exit_signal = (int)(clone_flags & CSIGNAL),
		.stack = newsp, .parent_tid = parent_tidptr, .child_tid = child_tidptr, .tls = tls,
	};

	return do_clone(&req);
}

static int64_t
execve_common(int dfd, uaddr_t upath, uaddr_t uargv, uaddr_t uenvp, int flags)
{
	char *name = kmalloc(PATH_MAX);
	int64_t n;

	if (!name)
		return -ENOMEM;
	n = strncpy_from_user(name, upath, PATH_MAX);
	if (n < 0) {
		kfree(name);
		return n;
	}
	if (!*name && !(flags & AT_EMPTY_PATH)) {
		kfree(name);
		return -ENOENT;
	}
	n = do_execve(name, uargv, uenvp, dfd, flags);
	kfree(name);
	return n;
}

/* sys_execve implements execve(2). */
SYSCALL_DEFINE3(execve, uaddr_t, filename, uaddr_t, argv, uaddr_t, envp)
{
	return execve_common(AT_FDCWD, filename, argv, envp, 0);
}

/* sys_execveat implements execveat(2). */
SYSCALL_DEFINE5(execveat, int, dfd, uaddr_t, filename, uaddr_t, argv, uaddr_t, envp, int, flags)
{
	return execve_common(dfd, filename, argv, envp, flags);
}

/* sys_exit implements exit(2): this thread only. */
SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/* sys_exit_group implements exit_group(2). */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* sys_wait4 implements wait4(2). */
SYSCALL_DEFINE4(wait4, int, upid, uaddr_t, stat_addr, int, options, uaddr_t, ru)
{
	return do_wait4(upid, stat_addr, options, ru);
}

/* sys_waitid implements waitid(2). */
SYSCALL_DEFINE5(waitid, int, which, int, upid, uaddr_t, infop, int, options, uaddr_t, ru)
{
	return do_waitid(which, upid, infop, options, ru);
}

/* sys_getpid implements getpid(2). */
SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

/* sys_gettid implements gettid(2). */
SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

/* sys_getppid implements getppid(2). */
SYSCALL_DEFINE0(getppid)
{
	struct task *p = current->group_leader->parent;

	return p && p->pid ? p->tgid : 0;
}

/* sys_set_tid_address implements set_tid_address(2). */
SYSCALL_DEFINE1(set_tid_address, uaddr_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/*
 * find_process finds the process a pid names: the thread group's leader
 * for a live task (a thread's pid names its process), else the task itself.
 */
static struct task *
find_process(int pid)
{
	struct task *t = find_task(pid);

	return t && t->state < TASK_ZOMBIE ? t->group_leader : (t ? t : NULL);
}

/* sys_setpgid implements setpgid(2). */
SYSCALL_DEFINE2(setpgid, int, upid, int, pgid)
{
	int pid = upid ? upid : current->tgid;
	struct task *t = find_process(pid), *o;
	bool ok = false;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t != current->group_leader && t->parent != current->group_leader))
		return -ESRCH;
	if (t->signal->session != current->signal->session)
		return -EPERM;
	if (t->signal->session == t->tgid)
		return -EPERM;	/* a session leader */
	if (!pgid)
		pgid = t->tgid;
	if (pgid == t->tgid)
		ok = true;
	for_each_task(o)
		if (o->signal && o->signal->pgrp == pgid && o->signal->session == current->signal->session)
			ok = true;
	if (!ok)
		return -EPERM;
	t->signal->pgrp = pgid;
	return 0;
}

/* sys_getpgid implements getpgid(2). */
SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task *t = pid ? find_process(pid) : current;

	return t ? t->signal->pgrp : -ESRCH;
}

/* sys_getpgrp implements getpgrp(2). */
SYSCALL_DEFINE0(getpgrp)
{
	return current->signal->pgrp;
}

/* sys_getsid implements getsid(2). */
SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task *t = pid ? find_process(pid) : current;

	return t ? t->signal->session : -ESRCH;
}

/* sys_setsid implements setsid(2). */
SYSCALL_DEFINE0(setsid)
{
	struct task *o;
	int me = current->tgid;

	for_each_task(o)
		if (o->signal && o->signal->pgrp == me && o->state < TASK_ZOMBIE)
			return -EPERM;
	current->signal->session = me;
	current->signal->pgrp = me;
	current->signal->tty = NULL;
	return me;
}

/* Credentials: root may set anything; others only among their own ids. */
static bool
cred_may(uint32_t id, const struct cred *c, bool gid)
{
	if (c->euid == 0 || id == (uint32_t)-1)
		return true;
	return gid ? (id == c->gid || id == c->egid || id == c->sgid) :
		     (id == c->uid || id == c->euid || id == c->suid);
}

/*
 * setres is setresuid/setresgid's core (setuid and friends map onto it):
 * an unprivileged caller may only move ids among its current three; -1
 * leaves one unchanged; the filesystem id follows the effective one.
 */
static int64_t
setres(uint32_t r, uint32_t e, uint32_t s, bool gid)
{
	struct cred *c = &current->cred;
	uint32_t *pr = gid ? &c->gid : &c->uid, *pe = gid ? &c->egid : &c->euid;
	uint32_t *ps = gid ? &c->sgid : &c->suid, *pf = gid ? &c->fsgid : &c->fsuid;

	if (!cred_may(r, c, gid) || !cred_may(e, c, gid) || !cred_may(s, c, gid))
		return -EPERM;
	if (r != (uint32_t)-1)
		*pr = r;
	if (e != (uint32_t)-1)
		*pe = e;
	if (s != (uint32_t)-1)
		*ps = s;
	*pf = *pe;
	return 0;
}

/* sys_getuid implements getuid(2). */
SYSCALL_DEFINE0(getuid)
{
	return current->cred.uid;
}

/* sys_geteuid implements geteuid(2). */
SYSCALL_DEFINE0(geteuid)
{
	return current->cred.euid;
}

/* sys_getgid implements getgid(2). */
SYSCALL_DEFINE0(getgid)
{
	return current->cred.gid;
}

/* sys_getegid implements getegid(2). */
SYSCALL_DEFINE0(getegid)
{
	return current->cred.egid;
}

/* sys_setuid implements setuid(2). */
SYSCALL_DEFINE1(setuid, uint32_t, uid)
{
	if (current->cred.euid == 0)
		return setres(uid, uid, uid, false);
	return setres((uint32_t)-1, uid, (uint32_t)-1, false);
}

/* sys_setgid implements setgid(2). */
SYSCALL_DEFINE1(setgid, uint32_t, gid)
{
	if (current->cred.euid == 0)
		return setres(gid, gid, gid, true);
	return setres((uint32_t)-1, gid, (uint32_t)-1, true);
}

/* sys_setreuid implements setreuid(2). */
SYSCALL_DEFINE2(setreuid, uint32_t, ruid, uint32_t, euid)
{
	return setres(ruid, euid, (uint32_t)-1, false);
}

/* sys_setregid implements setregid(2). */
SYSCALL_DEFINE2(setregid, uint32_t, rgid, uint32_t, egid)
{
	return setres(rgid, egid, (uint32_t)-1, true);
}

/* sys_setresuid implements setresuid(2). */
SYSCALL_DEFINE3(setresuid, uint32_t, ruid, uint32_t, euid, uint32_t, suid)
{
	return setres(ruid, euid, suid, false);
}

/* sys_setresgid implements setresgid(2). */
SYSCALL_DEFINE3(setresgid, uint32_t, rgid, uint32_t, egid, uint32_t, sgid)
{
	return setres(rgid, egid, sgid, true);
}

static int64_t
getres(uaddr_t ur, uaddr_t ue, uaddr_t us, bool gid)
{
	struct cred *c = &current->cred;
	uint32_t r = gid ? c->gid : c->uid, e = gid ? c->egid : c->euid, s = gid ? c->sgid : c->suid;

	if (put_user(r, ur) || put_user(e, ue) || put_user(s, us))
		return -EFAULT;
	return 0;
}

/* sys_getresuid implements getresuid(2). */
SYSCALL_DEFINE3(getresuid, uaddr_t, ruidp, uaddr_t, euidp, uaddr_t, suidp)
{
	return getres(ruidp, euidp, suidp, false);
}

/* sys_getresgid implements getresgid(2). */
SYSCALL_DEFINE3(getresgid, uaddr_t, rgidp, uaddr_t, egidp, uaddr_t, sgidp)
{
	return getres(rgidp, egidp, sgidp, true);
}

/* sys_getgroups implements getgroups(2). */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, uaddr_t, grouplist)
{
	struct cred *c = &current->cred;

	if (!gidsetsize)
		return c->ngroups;
	if (gidsetsize < c->ngroups)
		return -EINVAL;
	return copy_to_user(grouplist, c->groups, c->ngroups * 4) ? -EFAULT : c->ngroups;
}

/* sys_setgroups implements setgroups(2) (the size in all 64 bits). */
SYSCALL_DEFINE2(setgroups, uint64_t, gidsetsize, uaddr_t, grouplist)
{
	struct cred *c = &current->cred;

	if (c->euid != 0)
		return -EPERM;
	if (gidsetsize > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(c->groups, grouplist, gidsetsize * 4))
		return -EFAULT;
	c->ngroups = (int)gidsetsize;
	return 0;
}

/* sys_uname implements uname(2). */
SYSCALL_DEFINE1(uname, uaddr_t, name)
{
	return copy_to_user(name, &utsname, sizeof(utsname));
}

/* set_uts sets a uname field (sethostname, setdomainname): root only, at most 64 bytes. */
static int64_t
set_uts(char *field, uaddr_t uname, uint64_t len)
{
	char buf[65];

	if (current->cred.euid != 0)
		return -EPERM;
	if (len > 64)
		return -EINVAL;
	if (copy_from_user(buf, uname, len))
		return -EFAULT;
	buf[len] = '\0';
	memcpy(field, buf, len + 1);
	return 0;
}

/* sys_sethostname implements sethostname(2) (the length in all 64 bits). */
SYSCALL_DEFINE2(sethostname, uaddr_t, name, uint64_t, len)
{
	return set_uts(utsname.nodename, name, len);
}

/* sys_setdomainname implements setdomainname(2) (the length in all 64 bits). */
SYSCALL_DEFINE2(setdomainname, uaddr_t, name, uint64_t, len)
{
	return set_uts(utsname.domainname, name, len);
}

static int64_t
do_prlimit(int pid, unsigned int res, uaddr_t unew, uaddr_t uold)
{
	struct task *t = pid ? find_process(pid) : current;
	uint64_t lim[2];

	if (!t)
		return -ESRCH;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (!uaddr_is_null(uold)) {
		lim[0] = t->signal->rlim_cur[res];
		lim[1] = t->signal->rlim_max[res];
		if (copy_to_user(uold, lim, sizeof(lim)))
			return -EFAULT;
	}
	if (!uaddr_is_null(unew)) {
		if (copy_from_user(lim, unew, sizeof(lim)))
			return -EFAULT;
		if (lim[0] > lim[1])
			return -EINVAL;
		if (res == RLIMIT_NOFILE && lim[1] > (uint64_t)sysctl_nr_open)
			return -EPERM;
		if (lim[1] > t->signal->rlim_max[res] && current->cred.euid != 0)
			return -EPERM;
		t->signal->rlim_cur[res] = lim[0];
		t->signal->rlim_max[res] = lim[1];
	}
	return 0;
}

/* sys_prlimit64 implements prlimit64(2). */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource, uaddr_t, new_rlim, uaddr_t, old_rlim)
{
	return do_prlimit(pid, resource, new_rlim, old_rlim);
}

/* sys_getrlimit implements getrlimit(2). */
SYSCALL_DEFINE2(getrlimit, unsigned int, resource, uaddr_t, rlim)
{
	return do_prlimit(0, resource, UADDR_NULL, rlim);
}

/* sys_setrlimit implements setrlimit(2). */
SYSCALL_DEFINE2(setrlimit, unsigned int, resource, uaddr_t, rlim)
{
	return do_prlimit(0, resource, rlim, UADDR_NULL);
}

/* sys_getrusage implements getrusage(2). */
SYSCALL_DEFINE2(getrusage, int, who, uaddr_t, ru)
{
	struct rusage r = { 0 };
	uint64_t ut = current->utime_ns, st = current->stime_ns;

	if (who == RUSAGE_CHILDREN) {
		ut = current->signal->cutime_ns;
		st = current->signal->cstime_ns;
	}
	r.utime_sec = (int64_t)(ut / 1000000000);
	r.utime_usec = (int64_t)(ut % 1000000000 / 1000);
	r.stime_sec = (int64_t)(st / 1000000000);
	r.stime_usec = (int64_t)(st % 1000000000 / 1000);
	r.maxrss = (int64_t)(current->mm ? current->mm->rss * 4 : 0);
	r.minflt = (int64_t)current->minflt;
	r.nvcsw = (int64_t)current->nvcsw;
	r.nivcsw = (int64_t)current->nivcsw;
	return copy_to_user(ru, &r, sizeof(r));
}

/* sys_times implements times(2). */
SYSCALL_DEFINE1(times, uaddr_t, tbuf)
{
	int64_t tms[4] = {
		(int64_t)(current->utime_ns / (1000000000 / HZ)),
		(int64_t)(current->stime_ns / (1000000000 / HZ)),
		(int64_t)(current->signal->cutime_ns / (1000000000 / HZ)),
		(int64_t)(current->signal->cstime_ns / (1000000000 / HZ)),
	};

	if (!uaddr_is_null(tbuf) && copy_to_user(tbuf, tms, sizeof(tms)))
		return -EFAULT;
	return (int64_t)(ktime_get_ns() / (1000000000 / HZ)) + 0x10000;
}

/* sys_sysinfo implements sysinfo(2). */
SYSCALL_DEFINE1(sysinfo, uaddr_t, info)
{
	struct {
		int64_t uptime;
		uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		char _f[4];
	} si;

	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(ktime_get_ns() / 1000000000);
	si.totalram = nr_pages * PAGE_SIZE;
	si.freeram = nr_free_pages * PAGE_SIZE;
	si.sharedram = vm_stat[NR_SHMEM] * PAGE_SIZE;
	si.bufferram = 0;	/* no block device pages in physmem (see /proc/meminfo) */
	si.procs = (uint16_t)nr_tasks();
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

/*
 * sys_personality implements personality(2): any 32-bit value is kept, as
 * Linux keeps it (the upper half of the register is not looked at);
 * 0xffffffff only asks. The old value comes back unsigned, so that no
 * value reads as an error.
 */
SYSCALL_DEFINE1(personality, uint32_t, personality)
{
	uint32_t old = current->personality;

	if (personality != 0xffffffff)
		current->personality = personality;
	return old;
}

/*
 * sys_prctl implements prctl(2) for the options programs commonly use.
 * arg2 is a number or, for the NAME and GET_PDEATHSIG options, a guest
 * address. The option is compared in all 64 bits.
 */
SYSCALL_DEFINE5(prctl, uint64_t, option, uint64_t, arg2, uint64_t, arg3, uint64_t, arg4,
		uint64_t, arg5)
{
	char name[TASK_COMM_LEN];
	int64_t n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, u64_to_uaddr(arg2), sizeof(name));
		if (n == -ENAMETOOLONG) {
			if (copy_from_user(name, u64_to_uaddr(arg2), sizeof(name) - 1))
				return -EFAULT;
			name[sizeof(name) - 1] = '\0';
		} else if (n < 0) {
			return n;
		}
		memcpy(current->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user(u64_to_uaddr(arg2), current->comm, sizeof(current->comm));
	case PR_SET_PDEATHSIG:
	case PR_SET_DUMPABLE:
	case PR_SET_CHILD_SUBREAPER:
		return 0;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_NO_NEW_PRIVS:
		/* Once set it stays, across fork, clone and exec (exec.c obeys it). */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		current->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return current->no_new_privs;
	case PR_GET_PDEATHSIG: {
		int z = 0;

		return put_user(z, u64_to_uaddr(arg2));
	}
	}
	return -EINVAL;
}

/* sys_sched_yield implements sched_yield(2). */
SYSCALL_DEFINE0(sched_yield)
{
	schedule();
	return 0;
}

/*
 * sys_sched_getaffinity implements sched_getaffinity(2): one CPU, so every
 * task's mask is CPU 0 (pid is not looked at). len in all 64 bits.
 */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, uint64_t, len, uaddr_t, user_mask_ptr)
{
	uint64_t mask = 1;

	(void)pid;
	if (len < 8)
		return -EINVAL;
	if (clear_user(user_mask_ptr, len) || put_user(mask, user_mask_ptr))
		return -EFAULT;
	return 8;
}

/* sys_getcpu implements getcpu(2). */
SYSCALL_DEFINE2(getcpu, uaddr_t, cpup, uaddr_t, nodep)
{
	uint32_t zero = 0;

	if (!uaddr_is_null(cpup) && put_user(zero, cpup))
		return -EFAULT;
	if (!uaddr_is_null(nodep) && put_user(zero, nodep))
		return -EFAULT;
	return 0;
}
