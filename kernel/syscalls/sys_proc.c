// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process system calls: creation and exec, exit and wait, ids, groups and
 * sessions, credentials, limits and accounting, uname, reboot.
 */
#include <string.h>

#include "kernel/err.h"
#include "kernel/exit.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal_api.h"
#include "kernel/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tty.h"
#include "kernel/utsname.h"

/* sys_fork implements fork(2). */
SYSCALL_DEFINE(fork)
{
	struct clone_req req = { .exit_signal = SIGCHLD };

	UNUSED_ARGS();
	return do_clone(&req);
}

/* sys_vfork implements vfork(2). */
SYSCALL_DEFINE(vfork)
{
	struct clone_req req = { .flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD };

	UNUSED_ARGS();
	return do_clone(&req);
}

/*
 * sys_clone implements clone(2) (x86_64 order: flags, stack, ptid, ctid,
 * tls). Only the low 32 bits of flags count; their low byte is the exit
 * signal, taken as it is (a number that is no signal sends none at exit).
 * CLONE_DETACHED is ignored, as Linux ignores it here.
 */
SYSCALL_DEFINE(clone)
{
	struct clone_req req = {
		.flags = (uint32_t)a0 & ~(uint64_t)(CSIGNAL | CLONE_DETACHED),
		.exit_signal = (int)(a0 & CSIGNAL),
		.stack = a1, .parent_tid = a2, .child_tid = a3, .tls = a4,
	};

	UNUSED_ARGS();
	return do_clone(&req);
}

static int64_t
execve_common(int dfd, uint64_t upath, uint64_t uargv, uint64_t uenvp, int flags)
{
	char *name = kmalloc(PATH_MAX);
	int64_t n;

	if (!name)
		return -ENOMEM;
	n = strncpy_from_user(name, u64_to_uaddr(upath), PATH_MAX);
	if (n < 0) {
		kfree(name);
		return n;
	}
	if (!*name && !(flags & AT_EMPTY_PATH)) {
		kfree(name);
		return -ENOENT;
	}
	n = do_execve(name, (char *const *)uargv, (char *const *)uenvp, dfd, flags);
	kfree(name);
	return n;
}

/* sys_execve implements execve(2). */
SYSCALL_DEFINE(execve)
{
	UNUSED_ARGS();
	return execve_common(AT_FDCWD, a0, a1, a2, 0);
}

/* sys_execveat implements execveat(2). */
SYSCALL_DEFINE(execveat)
{
	UNUSED_ARGS();
	return execve_common((int)a0, a1, a2, a3, (int)a4);
}

/* sys_exit implements exit(2): this thread only. */
SYSCALL_DEFINE(exit)
{
	UNUSED_ARGS();
	do_exit((int)(a0 & 0xff) << 8);
}

/* sys_exit_group implements exit_group(2). */
SYSCALL_DEFINE(exit_group)
{
	UNUSED_ARGS();
	do_group_exit((int)(a0 & 0xff) << 8);
}

/* sys_wait4 implements wait4(2). */
SYSCALL_DEFINE(wait4)
{
	UNUSED_ARGS();
	return do_wait4((int)a0, a1, (int)a2, a3);
}

/* sys_waitid implements waitid(2). */
SYSCALL_DEFINE(waitid)
{
	UNUSED_ARGS();
	return do_waitid((int)a0, (int)a1, a2, (int)a3, a4);
}

/* sys_getpid implements getpid(2). */
SYSCALL_DEFINE(getpid)
{
	UNUSED_ARGS();
	return current->tgid;
}

/* sys_gettid implements gettid(2). */
SYSCALL_DEFINE(gettid)
{
	UNUSED_ARGS();
	return current->pid;
}

/* sys_getppid implements getppid(2). */
SYSCALL_DEFINE(getppid)
{
	struct task *p = current->group_leader->parent;

	UNUSED_ARGS();
	return p && p->pid ? p->tgid : 0;
}

/* sys_set_tid_address implements set_tid_address(2). */
SYSCALL_DEFINE(set_tid_address)
{
	UNUSED_ARGS();
	current->clear_child_tid = a0;
	return current->pid;
}

static struct task *
find_process(int pid)
{
	struct task *t = find_task(pid);

	return t && t->state < TASK_ZOMBIE ? t->group_leader : (t ? t : NULL);
}

/* sys_setpgid implements setpgid(2). */
SYSCALL_DEFINE(setpgid)
{
	int pid = a0 ? (int)a0 : current->tgid, pgid = (int)a1;
	struct task *t = find_process(pid), *o;
	bool ok = false;

	UNUSED_ARGS();
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
SYSCALL_DEFINE(getpgid)
{
	struct task *t = a0 ? find_process((int)a0) : current;

	UNUSED_ARGS();
	return t ? t->signal->pgrp : -ESRCH;
}

/* sys_getpgrp implements getpgrp(2). */
SYSCALL_DEFINE(getpgrp)
{
	UNUSED_ARGS();
	return current->signal->pgrp;
}

/* sys_getsid implements getsid(2). */
SYSCALL_DEFINE(getsid)
{
	struct task *t = a0 ? find_process((int)a0) : current;

	UNUSED_ARGS();
	return t ? t->signal->session : -ESRCH;
}

/* sys_setsid implements setsid(2). */
SYSCALL_DEFINE(setsid)
{
	struct task *o;
	int me = current->tgid;

	UNUSED_ARGS();
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
SYSCALL_DEFINE(getuid) { UNUSED_ARGS(); return current->cred.uid; }
/* sys_geteuid implements geteuid(2). */
SYSCALL_DEFINE(geteuid) { UNUSED_ARGS(); return current->cred.euid; }
/* sys_getgid implements getgid(2). */
SYSCALL_DEFINE(getgid) { UNUSED_ARGS(); return current->cred.gid; }
/* sys_getegid implements getegid(2). */
SYSCALL_DEFINE(getegid) { UNUSED_ARGS(); return current->cred.egid; }

/* sys_setuid implements setuid(2). */
SYSCALL_DEFINE(setuid)
{
	UNUSED_ARGS();
	if (current->cred.euid == 0)
		return setres((uint32_t)a0, (uint32_t)a0, (uint32_t)a0, false);
	return setres((uint32_t)-1, (uint32_t)a0, (uint32_t)-1, false);
}

/* sys_setgid implements setgid(2). */
SYSCALL_DEFINE(setgid)
{
	UNUSED_ARGS();
	if (current->cred.euid == 0)
		return setres((uint32_t)a0, (uint32_t)a0, (uint32_t)a0, true);
	return setres((uint32_t)-1, (uint32_t)a0, (uint32_t)-1, true);
}

/* sys_setreuid implements setreuid(2). */
SYSCALL_DEFINE(setreuid) { UNUSED_ARGS(); return setres((uint32_t)a0, (uint32_t)a1, (uint32_t)-1, false); }
/* sys_setregid implements setregid(2). */
SYSCALL_DEFINE(setregid) { UNUSED_ARGS(); return setres((uint32_t)a0, (uint32_t)a1, (uint32_t)-1, true); }
/* sys_setresuid implements setresuid(2). */
SYSCALL_DEFINE(setresuid) { UNUSED_ARGS(); return setres((uint32_t)a0, (uint32_t)a1, (uint32_t)a2, false); }
/* sys_setresgid implements setresgid(2). */
SYSCALL_DEFINE(setresgid) { UNUSED_ARGS(); return setres((uint32_t)a0, (uint32_t)a1, (uint32_t)a2, true); }

static int64_t
getres(uint64_t ur, uint64_t ue, uint64_t us, bool gid)
{
	struct cred *c = &current->cred;
	uint32_t v[3] = { gid ? c->gid : c->uid, gid ? c->egid : c->euid, gid ? c->sgid : c->suid };

	if (copy_to_user(u64_to_uaddr(ur), &v[0], 4) || copy_to_user(u64_to_uaddr(ue), &v[1], 4) || copy_to_user(u64_to_uaddr(us), &v[2], 4))
		return -EFAULT;
	return 0;
}

/* sys_getresuid implements getresuid(2). */
SYSCALL_DEFINE(getresuid) { UNUSED_ARGS(); return getres(a0, a1, a2, false); }
/* sys_getresgid implements getresgid(2). */
SYSCALL_DEFINE(getresgid) { UNUSED_ARGS(); return getres(a0, a1, a2, true); }

/* sys_getgroups implements getgroups(2). */
SYSCALL_DEFINE(getgroups)
{
	struct cred *c = &current->cred;

	UNUSED_ARGS();
	if (!a0)
		return c->ngroups;
	if ((int)a0 < c->ngroups)
		return -EINVAL;
	return copy_to_user(u64_to_uaddr(a1), c->groups, c->ngroups * 4) ? -EFAULT : c->ngroups;
}

/* sys_setgroups implements setgroups(2). */
SYSCALL_DEFINE(setgroups)
{
	struct cred *c = &current->cred;

	UNUSED_ARGS();
	if (c->euid != 0)
		return -EPERM;
	if (a0 > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(c->groups, u64_to_uaddr(a1), a0 * 4))
		return -EFAULT;
	c->ngroups = (int)a0;
	return 0;
}

/* sys_uname implements uname(2). */
SYSCALL_DEFINE(uname)
{
	UNUSED_ARGS();
	return copy_to_user(u64_to_uaddr(a0), &utsname, sizeof(utsname));
}

static int64_t
set_uts(char *field, uint64_t uname, uint64_t len)
{
	char buf[65];

	if (current->cred.euid != 0)
		return -EPERM;
	if (len > 64)
		return -EINVAL;
	if (copy_from_user(buf, u64_to_uaddr(uname), len))
		return -EFAULT;
	buf[len] = '\0';
	memcpy(field, buf, len + 1);
	return 0;
}

/* sys_sethostname implements sethostname(2). */
SYSCALL_DEFINE(sethostname) { UNUSED_ARGS(); return set_uts(utsname.nodename, a0, a1); }
/* sys_setdomainname implements setdomainname(2). */
SYSCALL_DEFINE(setdomainname) { UNUSED_ARGS(); return set_uts(utsname.domainname, a0, a1); }

#define RLIM_INFINITY (~0ULL)

static int64_t
do_prlimit(int pid, unsigned res, uint64_t unew, uint64_t uold)
{
	struct task *t = pid ? find_process(pid) : current;
	uint64_t lim[2];

	if (!t)
		return -ESRCH;
	if (res >= 16)
		return -EINVAL;
	if (uold) {
		lim[0] = t->signal->rlim_cur[res];
		lim[1] = t->signal->rlim_max[res];
		if (copy_to_user(u64_to_uaddr(uold), lim, sizeof(lim)))
			return -EFAULT;
	}
	if (unew) {
		if (copy_from_user(lim, u64_to_uaddr(unew), sizeof(lim)))
			return -EFAULT;
		if (lim[0] > lim[1])
			return -EINVAL;
		if (res == 7 /* RLIMIT_NOFILE */ && lim[1] > (uint64_t)sysctl_nr_open)
			return -EPERM;
		if (lim[1] > t->signal->rlim_max[res] && current->cred.euid != 0)
			return -EPERM;
		t->signal->rlim_cur[res] = lim[0];
		t->signal->rlim_max[res] = lim[1];
	}
	return 0;
}

/* sys_prlimit64 implements prlimit64(2). */
SYSCALL_DEFINE(prlimit64) { UNUSED_ARGS(); return do_prlimit((int)a0, (unsigned)a1, a2, a3); }
/* sys_getrlimit implements getrlimit(2). */
SYSCALL_DEFINE(getrlimit) { UNUSED_ARGS(); return do_prlimit(0, (unsigned)a0, 0, a1); }
/* sys_setrlimit implements setrlimit(2). */
SYSCALL_DEFINE(setrlimit) { UNUSED_ARGS(); return do_prlimit(0, (unsigned)a0, a1, 0); }

/* sys_getrusage implements getrusage(2). */
SYSCALL_DEFINE(getrusage)
{
	int64_t ru[18] = { 0 };
	uint64_t ut = current->utime_ns, st = current->stime_ns;

	UNUSED_ARGS();
	if ((int)a0 == -1) {	/* RUSAGE_CHILDREN */
		ut = current->signal->cutime_ns;
		st = current->signal->cstime_ns;
	}
	ru[0] = (int64_t)(ut / 1000000000);
	ru[1] = (int64_t)(ut % 1000000000 / 1000);
	ru[2] = (int64_t)(st / 1000000000);
	ru[3] = (int64_t)(st % 1000000000 / 1000);
	ru[4] = (int64_t)(current->mm ? current->mm->rss * 4 : 0);
	ru[8] = (int64_t)current->minflt;
	ru[16] = (int64_t)current->nvcsw;
	ru[17] = (int64_t)current->nivcsw;
	return copy_to_user(u64_to_uaddr(a1), ru, sizeof(ru));
}

/* sys_times implements times(2). */
SYSCALL_DEFINE(times)
{
	int64_t tms[4] = {
		(int64_t)(current->utime_ns / (1000000000 / HZ)),
		(int64_t)(current->stime_ns / (1000000000 / HZ)),
		(int64_t)(current->signal->cutime_ns / (1000000000 / HZ)),
		(int64_t)(current->signal->cstime_ns / (1000000000 / HZ)),
	};

	UNUSED_ARGS();
	if (a0 && copy_to_user(u64_to_uaddr(a0), tms, sizeof(tms)))
		return -EFAULT;
	return (int64_t)(ktime_get_ns() / (1000000000 / HZ)) + 0x10000;
}

/* sys_sysinfo implements sysinfo(2). */
SYSCALL_DEFINE(sysinfo)
{
	struct {
		int64_t uptime;
		uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		char _f[4];
	} si;

	UNUSED_ARGS();
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(ktime_get_ns() / 1000000000);
	si.totalram = nr_pages * PAGE_SIZE;
	si.freeram = nr_free_pages * PAGE_SIZE;
	si.sharedram = vm_stat[NR_SHMEM] * PAGE_SIZE;
	si.bufferram = 0;	/* no block device pages in physmem (see /proc/meminfo) */
	si.procs = (uint16_t)nr_tasks();
	si.mem_unit = 1;
	return copy_to_user(u64_to_uaddr(a0), &si, sizeof(si));
}

/*
 * sys_personality implements personality(2): any 32-bit value is kept, as
 * Linux keeps it (the upper half of the register is not looked at);
 * 0xffffffff only asks. The old value comes back unsigned, so that no
 * value reads as an error.
 */
SYSCALL_DEFINE(personality)
{
	uint32_t old = current->personality;

	UNUSED_ARGS();
	if ((uint32_t)a0 != 0xffffffff)
		current->personality = (uint32_t)a0;
	return old;
}

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004
#define ARCH_GET_CPUID	0x1011
#define ARCH_SET_CPUID	0x1012

/* sys_arch_prctl implements arch_prctl(2). */
SYSCALL_DEFINE(arch_prctl)
{
	UNUSED_ARGS();
	switch (a0) {
	case ARCH_SET_FS:
		if (a1 >= TASK_SIZE)
			return -EPERM;
		current->uc.regs.fs_base = a1;
		return 0;
	case ARCH_SET_GS:
		if (a1 >= TASK_SIZE)
			return -EPERM;
		current->uc.regs.gs_base = a1;
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(u64_to_uaddr(a1), &current->uc.regs.fs_base, 8);
	case ARCH_GET_GS:
		return copy_to_user(u64_to_uaddr(a1), &current->uc.regs.gs_base, 8);
	case ARCH_GET_CPUID:
		return 1;
	}
	return -EINVAL;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE	3
#define PR_SET_DUMPABLE	4
#define PR_SET_NAME	15
#define PR_GET_NAME	16
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_SET_CHILD_SUBREAPER 36

/* sys_prctl implements prctl(2) for the options programs commonly use. */
SYSCALL_DEFINE(prctl)
{
	char name[TASK_COMM_LEN];
	int64_t n;

	UNUSED_ARGS();
	switch (a0) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, u64_to_uaddr(a1), sizeof(name));
		if (n == -ENAMETOOLONG) {
			if (copy_from_user(name, u64_to_uaddr(a1), sizeof(name) - 1))
				return -EFAULT;
			name[sizeof(name) - 1] = '\0';
		} else if (n < 0) {
			return n;
		}
		memcpy(current->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user(u64_to_uaddr(a1), current->comm, sizeof(current->comm));
	case PR_SET_PDEATHSIG:
	case PR_SET_DUMPABLE:
	case PR_SET_CHILD_SUBREAPER:
		return 0;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_NO_NEW_PRIVS:
		/* Once set it stays, across fork, clone and exec (exec.c obeys it). */
		if (a1 != 1 || a2 || a3 || a4)
			return -EINVAL;
		current->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (a1 || a2 || a3 || a4)
			return -EINVAL;
		return current->no_new_privs;
	case PR_GET_PDEATHSIG: {
		int z = 0;

		return copy_to_user(u64_to_uaddr(a1), &z, 4);
	}
	}
	return -EINVAL;
}

/* sys_sched_yield implements sched_yield(2). */
SYSCALL_DEFINE(sched_yield)
{
	UNUSED_ARGS();
	schedule();
	return 0;
}

/* sys_sched_getaffinity implements sched_getaffinity(2): one CPU. */
SYSCALL_DEFINE(sched_getaffinity)
{
	uint64_t mask = 1;

	UNUSED_ARGS();
	if (a1 < 8)
		return -EINVAL;
	if (clear_user(u64_to_uaddr(a2), a1) || copy_to_user(u64_to_uaddr(a2), &mask, 8))
		return -EFAULT;
	return 8;
}

/* sys_getcpu implements getcpu(2). */
SYSCALL_DEFINE(getcpu)
{
	uint32_t zero = 0;

	UNUSED_ARGS();
	if (a0 && copy_to_user(u64_to_uaddr(a0), &zero, 4))
		return -EFAULT;
	if (a1 && copy_to_user(u64_to_uaddr(a1), &zero, 4))
		return -EFAULT;
	return 0;
}

#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2	0xA1B2C3D4
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000

/* sys_reboot implements reboot(2): halt and power-off end the kernel, restart re-runs it. */
SYSCALL_DEFINE(reboot)
{
	UNUSED_ARGS();
	if (current->cred.euid != 0)
		return -EPERM;
	if ((uint32_t)a0 != LINUX_REBOOT_MAGIC1)
		return -EINVAL;
	switch ((uint32_t)a2) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_HALT:
		pr_notice("reboot: System halted\n");
		kernel_power_off(0);
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_notice("reboot: Power down\n");
		kernel_power_off(0);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_notice("reboot: Restarting system\n");
		kernel_restart();
	}
	return -EINVAL;
}

/* sys_mount implements mount(2). */
SYSCALL_DEFINE(mount)
{
	char *src = NULL, *target = NULL, *type = NULL, *data = NULL;
	struct path p;
	int64_t err = -ENOMEM;

	UNUSED_ARGS();
	if (current->cred.euid != 0)
		return -EPERM;
	target = kmalloc(PATH_MAX);
	src = kmalloc(PATH_MAX);
	type = kmalloc(64);
	data = kmalloc(PAGE_SIZE);
	if (!target || !src || !type || !data)
		goto out;
	*src = *type = *data = '\0';
	err = strncpy_from_user(target, u64_to_uaddr(a1), PATH_MAX);
	if (err >= 0 && a0)
		err = strncpy_from_user(src, u64_to_uaddr(a0), PATH_MAX);
	if (err >= 0 && a2)
		err = strncpy_from_user(type, u64_to_uaddr(a2), 64);
	if (err >= 0 && a4)
		err = strncpy_from_user(data, u64_to_uaddr(a4), PAGE_SIZE);
	if (err < 0)
		goto out;
	err = path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW, &p);
	if (err)
		goto out;
	if (a3 & 32 /* MS_REMOUNT */) {
		err = do_remount(&p, (unsigned long)a3, data);
	} else if (a3 & 4096 /* MS_BIND */) {
		err = -EINVAL;
	} else {
		err = do_mount(src, &p, type, (unsigned long)a3, data);
	}
	path_put(&p);
out:
	kfree(target);
	kfree(src);
	kfree(type);
	kfree(data);
	return err;
}

/* sys_umount2 implements umount2(2). */
SYSCALL_DEFINE(umount2)
{
	char *target = kmalloc(PATH_MAX);
	struct path p;
	int64_t err;

	UNUSED_ARGS();
	if (!target)
		return -ENOMEM;
	if (current->cred.euid != 0) {
		kfree(target);
		return -EPERM;
	}
	err = strncpy_from_user(target, u64_to_uaddr(a0), PATH_MAX);
	if (err >= 0)
		err = path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW, &p);
	kfree(target);
	if (err)
		return err;
	err = do_umount(&p, (int)a1);
	path_put(&p);
	return err;
}
