// SPDX-License-Identifier: GPL-2.0-only
/*
 * start_kernel: bring the kernel up on the machine the arch prepared
 * (physmem, trap backend, parsed command line; arch/um/kernel/setup.c):
 * memory, scheduler, filesystems, devices, the root mount, and init as
 * pid 1. The end of the machine is kernel/reboot.c's.
 *
 * The order matters: memory before anything that allocates pages, the
 * sysctl table and the interrupt controller before the drivers, the
 * filesystems before the devices (which make their /dev nodes in
 * devtmpfs), the disks before the root mount. Boot messages are Linux's
 * where a program or a person reads them (the root mount, init, the
 * panics), so that what works with a Linux console log works here.
 */
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/err.h"
#include "kernel/exec.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs.h"
#include "kernel/init.h"
#include "kernel/irq.h"
#include "kernel/mconsole.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/socket.h"
#include "kernel/syscalls.h"
#include "kernel/sysctl.h"
#include "kernel/tty.h"
#include "kernel/utsname.h"

const char *saved_command_line = "";
static const struct boot_params *boot;	/* the arch's, for the life of the kernel */
/* uname(2)'s answers; hostname and domainname change with sethostname and kernel.* sysctls. */
struct new_utsname utsname = {
	.sysname = "Linux",
	.nodename = "(none)",
	.release = "6.1.0-umk",
	.version = "#1 umk " UMK_VERSION,
	.machine = "x86_64",
	.domainname = "(none)",
};

/*
 * mount_root mounts the root from root= (default ubda, 98:0), trying
 * ext4, ext3, ext2 as Linux's rootfstype list does until one recognises
 * the disk: read-only unless "rw" is on the command line, as Linux's
 * root_mountflags (the init scripts remount it read-write).
 */
static void
mount_root(void)
{
	const char *root = boot->root ? boot->root : "98:0";
	struct gendisk *d = find_disk_by_name(root);
	static const char *const types[] = { "ext4", "ext3", "ext2" };
	int err = -ENODEV;
	char name[40];

	if (!d)
		panic("VFS: Cannot open root device \"%s\" or unknown-block(98,0): error -6", root);
	ksnprintf(name, sizeof(name), "/dev/%s", d->name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		err = do_mount(d->name, NULL, types[i], boot->root_rw ? 0 : MS_RDONLY, NULL);
		if (!err || err != -EINVAL)
			break;
	}
	if (err)
		panic("VFS: Unable to mount root fs on %s (unknown-block(%u,%u)): error %d",
		      d->name, d->major, d->minor, err);
	kfree(root_mount->devname);
	root_mount->devname = kmalloc(strlen(name) + 1);
	strcpy(root_mount->devname, name);
	pr_info("VFS: Mounted root (%s filesystem)%s on device %u:%u.\n",
		root_mount->sb->type->name, (root_mount->flags & MNT_RDONLY) ? " readonly" : "",
		d->major, d->minor);
}

/*
 * mount_root_type mounts a root of the type rootfstype= names with
 * rootflags= as its data, as Linux does for a filesystem with no disk:
 * `rootfstype=hostfs rootflags=/srv/root` boots from a host directory,
 * as in UML. Read-only unless "rw", as any root. (A disk filesystem's
 * type goes the way of mount_root.)
 */
static void
mount_root_type(void)
{
	int err = do_mount("/dev/root", NULL, boot->rootfstype, boot->root_rw ? 0 : MS_RDONLY,
			   boot->rootflags ? boot->rootflags : "");

	if (err)
		panic("VFS: Unable to mount root fs of type %s (rootflags=%s): error %d",
		      boot->rootfstype, boot->rootflags ? boot->rootflags : "", err);
	pr_info("VFS: Mounted root (%s filesystem)%s.\n", boot->rootfstype,
		(root_mount->flags & MNT_RDONLY) ? " readonly" : "");
}

/*
 * init_task_main is pid 1's first kernel code: it gives init the root and
 * /dev, fds 0-2 on the console, and execs init= or the first of Linux's
 * defaults that runs; then it becomes a user task like any other. A
 * failed init= is a panic, as on Linux (no fallback to the defaults).
 */
static void
init_task_main(void *arg)
{
	struct task *t = current;
	const struct init_args *ia = boot->init;
	static const char *const defaults[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh", NULL };
	const char *const *argv = ia->argv;
	int err = -ENOENT;
	struct path p;

	(void)arg;
	/* Root and cwd are the root mount; /dev gets devtmpfs as UML does. */
	t->fs->root.mnt = root_mount;
	t->fs->root.dentry = d_get(root_mount->root);
	t->fs->cwd = t->fs->root;
	path_get(&t->fs->cwd);
	if (!kern_path("/dev", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p)) {
		if (do_mount("devtmpfs", &p, "devtmpfs", 0, NULL) == 0)
			pr_info("devtmpfs: mounted\n");
		path_put(&p);
	}
	/* fds 0, 1, 2 on the console */
	{
		struct file *f = do_open(AT_FDCWD, "/dev/console", O_RDWR, 0);

		if (IS_ERR(f)) {
			pr_warn("Warning: unable to open an initial console.\n");
		} else {
			fd_install(f, false);
			file_get(f);
			fd_install(f, false);
			file_get(f);
			fd_install(f, false);
		}
	}
	if (ia->path) {
		pr_info("Run %s as init process\n", ia->path);
		err = kernel_execve(ia->path, argv, ia->envp);
		if (err)
			panic("Requested init %s failed (error %d).", ia->path, err);
	} else {
		for (int i = 0; defaults[i]; i++) {
			const char *av[MAX_INIT_ARGS + 2];
			int n = 0;

			av[n++] = defaults[i];
			for (int k = 1; k < ia->argc && argv[k]; k++)
				av[n++] = argv[k];
			av[n] = NULL;
			pr_info("Run %s as init process\n", defaults[i]);
			err = kernel_execve(defaults[i], av, ia->envp);
			if (!err)
				break;
		}
		if (err)
			panic("No working init found.  Try passing init= option to kernel.");
	}
	/* The console is init's controlling terminal (init is a session leader). */
	{
		struct file *f = fget(0);

		if (f)
			tty_open_hook(f);
	}
	user_task_main(NULL);
}

/*
 * start_init makes pid 1 by hand (there is no parent to clone it from):
 * its own process, session and process group, Linux's default limits, and
 * empty fd, fs and address space that init_task_main fills.
 */
static int
start_init(void)
{
	struct task *t = task_alloc(init_task_main, NULL);
	int err;

	if (!t)
		return -ENOMEM;
	t->pid = t->tgid = alloc_pid();
	t->group_leader = t;
	strcpy(t->comm, "init");
	t->exit_signal = SIGCHLD;
	err = signal_init_task(t);
	if (err)
		return err;
	t->signal->pgrp = t->signal->session = 1;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->signal->rlim_cur[i] = t->signal->rlim_max[i] = RLIM_INFINITY;
	t->signal->rlim_cur[RLIMIT_STACK] = 8ULL << 20;
	t->signal->rlim_cur[RLIMIT_NOFILE] = 1024;
	t->signal->rlim_max[RLIMIT_NOFILE] = 4096;
	/* RLIMIT_NPROC: half of kernel.threads-max, as Linux gives init. */
	t->signal->rlim_cur[RLIMIT_NPROC] = t->signal->rlim_max[RLIMIT_NPROC] = (uint64_t)max_threads / 2;
	t->files = files_alloc();
	t->fs = fs_alloc();
	t->mm = mm_alloc();
	if (!t->files || !t->fs || !t->mm)
		return -ENOMEM;
	init_task = t;
	wake_up_process(t);
	return 0;
}

void
start_kernel(const struct boot_params *bp)
{
	bool nodev_root;
	int err;

	boot = bp;
	saved_command_line = bp->cmdline;
	if (bp->quiet)
		printk_set_loglevel(4);
	else if (bp->loglevel)
		printk_set_loglevel(bp->loglevel);
	sched_init();
	/* umk_strace on the command line traces every guest system call. */
	if (strstr(bp->cmdline, "umk_strace"))
		syscall_trace = 1;
	pr_info("Linux version %s (umk %s) %s\n", utsname.release, UMK_VERSION, utsname.version);
	pr_info("Kernel command line: %s\n", bp->cmdline);
	if (bp->unknown_msg[0])
		pr_notice("%s\n", bp->unknown_msg);
	err = page_alloc_init(bp->mem_base, bp->mem_size);
	if (err)
		panic("can't set up %llu bytes of memory", (unsigned long long)bp->mem_size);
	pr_info("Memory: %lluK available\n", (unsigned long long)(bp->mem_size >> 10));
	mm_init_reserves();
	fork_init(bp->mem_size);
	files_init(bp->mem_size);
	epoll_init(bp->mem_size);
	net_init();
	sysctl_init();
	err = irq_init();
	if (err)
		panic("can't create the interrupt controller: %d", err);
	tmpfs_init();
	ext4_vfs_init();
	hostfs_init();
	proc_init();
	sysfs_init();
	mem_devices_init();
	console_init();
	pty_init();
	nodev_root = boot->rootfstype && get_fs_type(boot->rootfstype) &&
		     !get_fs_type(boot->rootfstype)->requires_dev;
	err = ubd_init();
	/* ubd0 (root_fs by default) matters only if the root is on it. */
	if (err && !nodev_root)
		panic("VFS: Unable to mount root fs: can't open ubd0 (error %d)", err);
	err = loop_init();
	if (err)
		pr_err("loop: can't set up the loop devices (error %d)\n", err);
	mconsole_init();
	if (nodev_root)
		mount_root_type();
	else
		mount_root();
	err = start_init();
	if (err)
		panic("can't start init: %d", err);
	/* The boot task becomes idle: it never runs again once init is scheduled. */
	current->state = TASK_INTERRUPTIBLE;
	for (;;)
		schedule();
}
