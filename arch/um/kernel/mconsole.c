// SPDX-License-Identifier: GPL-2.0-only
/*
 * The management console server: UML's mconsole protocol (version 2,
 * include/proto/mconsole.h) on the datagram socket <uml_dir>/<umid>/mconsole
 * that arch/um/os/umid.c binds.
 *
 * The socket is an fd on the interrupt controller (irq.c), so a request is
 * served when the scheduler polls the set, in kernel context between the
 * guest's steps: no polling thread, and the guest never waits on a client
 * (replies are sent non-blocking; a client that is gone loses its reply).
 *
 * Each datagram is one request; the reply is one or more datagrams to its
 * sender, cut as UML cuts them (mconsole_reply_fill). Bad datagrams are
 * answered as UML answers them (wrong magic: a raw version-0 text; too
 * long a command; wrong version) or, when shorter than a header, dropped.
 *
 * `stop` is the one command that does not return at once: it serves
 * requests in a loop until `go` (or halt/reboot), so no guest task runs
 * meanwhile; the timer's ticks wait in the host and are taken afterwards.
 */
#include <stdbool.h>
#include <string.h>

#include "kernel/blkdev.h"
#include "kernel/err.h"
#include "kernel/errno.h"
#include "kernel/exit.h"
#include "kernel/fs.h"
#include "kernel/irq.h"
#include "kernel/mm.h"
#include "kernel/mconsole.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "kernel/utsname.h"
#include "os.h"
#include "um_params.h"
#include "proto/mconsole.h"
#include "uapi/fcntl.h"
#include "uapi/signal.h"

struct mc_request {
	struct os_mc_peer from;
	char cmd[MCONSOLE_MAX_DATA];	/* the command, NUL-terminated */
	const char *arg;		/* after the command's name and blanks */
	unsigned int waited_ms;		/* time spent on a full client queue */
};

static int mc_fd = -1;
static bool stopped;

/*
 * mc_send sends text[0..len) as one logical reply: err on the first
 * datagram, more on every datagram but the last unless more_follows.
 * A client whose queue is full (a long proc file it reads slowly) gets a
 * little time, at most MC_SEND_WAIT_MS per request in all, then loses
 * the rest: the guest never waits long on a client.
 */
#define MC_SEND_WAIT_MS	200

static void
mc_send(struct mc_request *r, int32_t err, const char *text, size_t len, bool more_follows)
{
	struct mconsole_reply rep;
	bool first = true;

	do {
		size_t used, n;

		n = mconsole_reply_fill(&rep, text, len, err, first, more_follows, &used);
		while (os_mconsole_send(mc_fd, &rep, n, &r->from) == -EAGAIN &&
		       r->waited_ms < MC_SEND_WAIT_MS) {
			os_sleep_ms(1);
			r->waited_ms++;
		}
		text += used;
		len -= used;
		first = false;
	} while (len);
}

static void
mc_reply(struct mc_request *r, int32_t err, const char *text)
{
	mc_send(r, err, text, strlen(text), false);
}

static bool mconsole_serve_one(struct mc_request *r);

/* ---- the commands ---- */

static void
mc_version(struct mc_request *r)
{
	char buf[5 * 66];

	ksnprintf(buf, sizeof(buf), "%s %s %s %s %s", utsname.sysname, utsname.nodename,
		  utsname.release, utsname.version, utsname.machine);
	mc_reply(r, 0, buf);
}

static const char help_text[] =
	"Commands: \n"
	"    version - Get kernel version \n"
	"    help - Print this message \n"
	"    halt - Halt UML \n"
	"    reboot - Reboot UML \n"
	"    config <dev>=<config> - Add a new device to UML;  \n"
	"\tsame syntax as command line \n"
	"    config <dev> - Query the configuration of a device \n"
	"    remove <dev> - Remove a device from UML \n"
	"    sysrq <letter> - Performs the SysRq action controlled by the letter \n"
	"    cad - invoke the Ctrl-Alt-Del handler \n"
	"    stop - pause the UML; it will do nothing until it receives a 'go' \n"
	"    go - continue the UML after a 'stop' \n"
	"    log <string> - make UML enter <string> into the kernel log\n"
	"    proc <file> - returns the contents of the UML's /proc/<file>\n"
	"    stack <pid> - returns the stack of the specified pid\n";

static void
mc_help(struct mc_request *r)
{
	mc_reply(r, 0, help_text);
}

/* halt and reboot answer first: the reply is all the client will get. */
static void
mc_halt(struct mc_request *r)
{
	mc_reply(r, 0, "");
	pr_notice("reboot: System halted\n");
	kernel_power_off(0);
}

static void
mc_reboot(struct mc_request *r)
{
	mc_reply(r, 0, "");
	pr_notice("reboot: Restarting system\n");
	kernel_restart();
}

/* Ctrl-Alt-Del with Linux's default (kernel.ctrl-alt-del 0): SIGINT to init. */
static void
mc_cad(struct mc_request *r)
{
	if (init_task)
		send_sig(SIGINT, init_task);
	mc_reply(r, 0, "");
}

/* signal_all sends sig to every process but init, as sysrq e and i do. */
static void
signal_all(int sig)
{
	struct task *t;

	for_each_task(t) {
		if (t->tgid <= 1 || t->pid != t->tgid || !t->mm)
			continue;
		if (t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
			continue;
		send_sig(sig, t);
	}
}

static const char sysrq_help[] =
	"sysrq: HELP : reboot(b) terminate-all-tasks(e) kill-all-tasks(i) "
	"show-memory-usage(m) poweroff(o) sync(s) show-task-states(t) \n";

/* show_mem: sysrq m's lines, after Linux's show_mem summary. */
static size_t
show_mem(char *buf, size_t size)
{
	size_t n = 0;

	n += kscnprintf(buf + n, size - n, "Mem-Info:\n");
	n += kscnprintf(buf + n, size - n, "free:%llu\n", (unsigned long long)nr_free_pages);
	n += kscnprintf(buf + n, size - n, "%llu pages RAM\n", (unsigned long long)nr_pages);
	return n;
}

/* show_state: sysrq t's lines, one per task, as Linux's sched_show_task heads them. */
static size_t
show_state(char *buf, size_t size)
{
	static const char letters[] = "RSDTZX";
	struct task *t;
	size_t n = 0;

	for_each_task(t) {
		unsigned int st = (unsigned int)t->state;

		n += kscnprintf(buf + n, size - n, "task:%-15.15s state:%c pid:%-5d ppid:%-6d\n",
				t->comm, st < sizeof(letters) - 1 ? letters[st] : '?', t->pid,
				t->real_parent ? t->real_parent->tgid : 0);
	}
	return n;
}

/*
 * mc_sysrq: the SysRq keys this kernel has, with Linux's messages (m and t
 * with this kernel's own summary after them), which go
 * to the kernel log and into the reply (b and o end the machine: the
 * reply is sent first).
 */
static void
mc_sysrq(struct mc_request *r)
{
	static char text[8192];
	const char *msg;
	char key = r->arg[0];
	size_t n;

	switch (key) {
	case 's':
		msg = "sysrq: Emergency Sync\n";
		break;
	case 'b':
		msg = "sysrq: Resetting\n";
		break;
	case 'o':
		msg = "sysrq: Power Off\n";
		break;
	case 'e':
		msg = "sysrq: Terminate All Tasks\n";
		break;
	case 'i':
		msg = "sysrq: Kill All Tasks\n";
		break;
	case 'm':
		msg = "sysrq: Show Memory\n";
		break;
	case 't':
		msg = "sysrq: Show State\n";
		break;
	default:
		msg = sysrq_help;
		break;
	}
	n = kscnprintf(text, sizeof(text), "%s", msg);
	if (key == 'm')
		n += show_mem(text + n, sizeof(text) - n);
	else if (key == 't')
		n += show_state(text + n, sizeof(text) - n);
	printk(KERN_INFO "%s", text);
	mc_send(r, 0, text, n, false);
	switch (key) {
	case 's':
		blk_sync_all();
		pr_info("Emergency Sync complete\n");
		break;
	case 'b':
		kernel_restart();
	case 'o':
		kernel_power_off(0);
	case 'e':
		signal_all(SIGTERM);
		break;
	case 'i':
		signal_all(SIGKILL);
		break;
	}
}

/*
 * mc_stop serves requests, and only them, until go: the guest's tasks are
 * not scheduled while this loop runs.
 */
static void
mc_stop(struct mc_request *r)
{
	struct mc_request next;

	/* Not nested: a client repeating stop must not grow the stack. */
	if (stopped) {
		mc_reply(r, 1, "Already stopped");
		return;
	}
	mc_reply(r, 0, "stopped");
	stopped = true;
	while (stopped) {
		if (os_mconsole_wait(mc_fd, 1000) > 0)
			mconsole_serve_one(&next);
	}
}

static void
mc_go(struct mc_request *r)
{
	if (!stopped) {
		mc_reply(r, 1, "Not stopped");
		return;
	}
	stopped = false;
	mc_reply(r, 0, "");
}

/* log: the text into the kernel log as it is (no newline added). */
static void
mc_log(struct mc_request *r)
{
	printk("%s", r->arg);
	mc_reply(r, 0, "");
}

/*
 * proc: /proc/<file> opened as init sees the tree (this runs on whatever
 * task was current), sent as UML sends it: "\n", the contents, "".
 */
static void
mc_proc(struct mc_request *r)
{
	static char buf[4096];
	char path[MCONSOLE_MAX_DATA + 8];
	struct fs_struct *saved = current->fs;
	struct file *f;
	uint64_t off = 0;
	int64_t n;

	if (!r->arg[0]) {
		mc_reply(r, 1, "Read of file failed");
		return;
	}
	ksnprintf(path, sizeof(path), "/proc/%s", r->arg);
	if (init_task && init_task->fs)
		current->fs = init_task->fs;
	/* O_NONBLOCK: a file that would wait (kmsg) must not stop the machine. */
	f = current->fs ? do_open(AT_FDCWD, path, O_RDONLY | O_NONBLOCK, 0) : ERR_PTR(-ENOENT);
	current->fs = saved;
	if (IS_ERR(f)) {
		mc_reply(r, 1, "Failed to open file");
		return;
	}
	mc_send(r, 0, "\n", 1, true);
	while ((n = kernel_read(f, buf, sizeof(buf), off)) > 0) {
		mc_send(r, 0, buf, (size_t)n, true);
		off += (uint64_t)n;
	}
	file_put(f);
	mc_reply(r, 0, "");
}

/*
 * dev_index parses "<prefix><N>" at the start of s (N < max): N, and *rest
 * after it; -1 when s does not name such a device.
 */
static int
dev_index(const char *s, const char *prefix, int max, const char **rest)
{
	size_t len = strlen(prefix);
	int n = 0;

	if (strncmp(s, prefix, len) || s[len] < '0' || s[len] > '9')
		return -1;
	for (s += len; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n >= max)
			return -1;
	}
	*rest = s;
	return n;
}

/*
 * mc_config_ubd: `config ubd<n>=<spec>` adds the disk, the spec parsed as
 * on the command line. The spec's copy is kept for good: um_cfg points
 * into it (the file names `config ubd<n>` reports).
 */
static void
mc_config_ubd(struct mc_request *r, int n)
{
	char msg[512];
	size_t len = strlen(r->arg + 3);
	char *spec;
	int err;

	if (um_cfg->ubd[n].file) {
		mc_reply(r, -EBUSY, "Device is already configured");
		return;
	}
	spec = kmalloc(len + 1);
	if (!spec) {
		mc_reply(r, -ENOMEM, "Out of memory");
		return;
	}
	memcpy(spec, r->arg + 3, len + 1);
	if (um_ubd_setup(um_cfg, spec)) {
		mc_reply(r, -EINVAL, um_cfg->err);
		kfree(spec);
		return;
	}
	err = ubd_config(n, msg, sizeof(msg));
	if (err) {
		mc_reply(r, err, msg);
		kfree(spec);
		return;
	}
	mc_reply(r, 0, "");
}

/*
 * config: queries answer as UML's drivers do (ubd: the file, with the
 * backing file after a ',' for a COW; an absent ubd: ""; con/ssl: the
 * channel as given). ubd disks are added after boot; other devices are not
 * yet: such a request gets an error, never a silent success.
 */
static void
mc_config(struct mc_request *r)
{
	char buf[MCONSOLE_MAX_DATA];
	const char *rest;
	int n;

	if ((n = dev_index(r->arg, "ubd", UM_MAX_UBD, &rest)) >= 0) {
		const struct um_ubd *u = &um_cfg->ubd[n];

		if (*rest == '=') {
			mc_config_ubd(r, n);
			return;
		}
		if (*rest) {
			mc_reply(r, 1, "Bad configuration option");
			return;
		}
		if (!u->file)
			buf[0] = '\0';
		else if (u->backing)
			ksnprintf(buf, sizeof(buf), "%s,%s", u->file, u->backing);
		else
			ksnprintf(buf, sizeof(buf), "%s", u->file);
		mc_reply(r, 0, buf);
		return;
	}
	if ((n = dev_index(r->arg, "con", UM_MAX_CON, &rest)) >= 0 ||
	    (n = dev_index(r->arg, "ssl", UM_MAX_SSL, &rest)) >= 0) {
		const struct um_line *l = r->arg[0] == 'c' ? &um_cfg->con[n] : &um_cfg->ssl[n];

		if (*rest == '=') {
			mc_reply(r, 1, "Changing console channels after boot is not supported");
			return;
		}
		mc_reply(r, 0, l->spec ? l->spec : "none");
		return;
	}
	if (!strncmp(r->arg, "con", 3) || !strncmp(r->arg, "ssl", 3)) {
		mc_reply(r, 1, "line_get_config failed to parse device number");
		return;
	}
	if (dev_index(r->arg, "eth", UM_MAX_ETH, &rest) >= 0) {
		mc_reply(r, 1, *rest == '=' ? "Adding eth devices after boot is not supported" :
			       "No get_config routine defined");
		return;
	}
	mc_reply(r, 1, "Bad configuration option");
}

/*
 * remove: an absent ubd or eth is UML's -ENODEV "Device doesn't exist"; a
 * ubd open or mounted is UML's -EBUSY "Device is currently open"; eth
 * devices cannot be taken away yet (-EBUSY with what is true).
 */
static void
mc_remove(struct mc_request *r)
{
	const char *rest;
	int n;

	if ((n = dev_index(r->arg, "ubd", UM_MAX_UBD, &rest)) >= 0 && !*rest) {
		char msg[128];
		int err = ubd_remove(n, msg, sizeof(msg));

		mc_reply(r, err, err ? msg : "");
		return;
	}
	if ((n = dev_index(r->arg, "eth", UM_MAX_ETH, &rest)) >= 0 && !*rest) {
		if (um_cfg->eth[n].transport == UM_ETH_NONE)
			mc_reply(r, -ENODEV, "Device doesn't exist");
		else
			mc_reply(r, -EBUSY, "Removing eth devices is not supported");
		return;
	}
	mc_reply(r, 1, "Bad remove option");
}

/*
 * stack: UML answers with the task's kernel stack dump. This kernel has
 * no stack dumper; it answers with what it knows of the task: name, state
 * and where its host process is, and logs the same.
 */
static void
mc_stack(struct mc_request *r)
{
	static const char *const states[] = { "R (running)", "S (sleeping)",
		"D (disk sleep)", "T (stopped)", "Z (zombie)", "X (dead)" };
	char buf[256];
	struct task *t;
	int pid = 0;

	if (r->arg[0] < '0' || r->arg[0] > '9') {
		mc_reply(r, 1, "Please specify a pid");
		return;
	}
	for (const char *p = r->arg; *p >= '0' && *p <= '9' && pid < 10000000; p++)
		pid = pid * 10 + (*p - '0');
	t = pid ? find_task(pid) : NULL;
	if (!t) {
		mc_reply(r, 1, "Couldn't find that pid");
		return;
	}
	ksnprintf(buf, sizeof(buf), "Task %d (%s) state %s\n", t->pid, t->comm,
		  (unsigned int)t->state < sizeof(states) / sizeof(states[0]) ?
		  states[t->state] : "?");
	printk(KERN_INFO "%s", buf);
	mc_reply(r, 0, buf);
}

/* UML's command table, in its order: a command is found by prefix. */
static const struct {
	const char *name;
	void (*fn)(struct mc_request *r);
} commands[] = {
	{ "version", mc_version },
	{ "help", mc_help },
	{ "halt", mc_halt },
	{ "reboot", mc_reboot },
	{ "config", mc_config },
	{ "remove", mc_remove },
	{ "sysrq", mc_sysrq },
	{ "cad", mc_cad },
	{ "stop", mc_stop },
	{ "go", mc_go },
	{ "log", mc_log },
	{ "proc", mc_proc },
	{ "stack", mc_stack },
};

static void
mc_dispatch(struct mc_request *r)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		size_t n = strlen(commands[i].name);

		if (strncmp(r->cmd, commands[i].name, n))
			continue;
		r->arg = r->cmd + n;
		while (*r->arg == ' ' || *r->arg == '\t')
			r->arg++;
		commands[i].fn(r);
		return;
	}
	mc_reply(r, 1, "Unknown command");
}

/*
 * mconsole_serve_one reads and answers one datagram; false when none was
 * waiting. r is the caller's space for the request (stop's loop nests here).
 */
static bool
mconsole_serve_one(struct mc_request *r)
{
	static const char v0[] = "ERR Version 0 mconsole clients are not supported by this driver";
	struct mconsole_request req;
	int64_t n;

	memset(&req, 0, sizeof(req));
	r->waited_ms = 0;
	n = os_mconsole_recv(mc_fd, &req, sizeof(req), &r->from);
	if (n < 0)
		return false;
	if ((size_t)n < MCONSOLE_REPLY_HDR)
		return true;		/* not even a header: nobody to answer sensibly */
	if (req.magic != MCONSOLE_MAGIC) {
		os_mconsole_send(mc_fd, v0, sizeof(v0), &r->from);
		return true;
	}
	if (req.len >= MCONSOLE_MAX_DATA) {
		mc_reply(r, 1, "Request too large");
		return true;
	}
	if (req.version != MCONSOLE_VERSION) {
		mc_reply(r, 1, "This driver only supports version 2 clients");
		return true;
	}
	memcpy(r->cmd, req.data, req.len);
	r->cmd[req.len] = '\0';
	mc_dispatch(r);
	return true;
}

static void
mc_irq(int fd, uint32_t events, void *data)
{
	struct mc_request r;

	(void)fd;
	(void)events;
	(void)data;
	/* A burst is served a few at a time; epoll brings the rest at the next poll. */
	for (int i = 0; i < 16 && mconsole_serve_one(&r); i++)
		;
}

/* mc_notify tells the mconsole=notify: socket, as UML does (unasked, no reply). */
static void
mc_notify(enum mconsole_notify_type type, const void *data, size_t len)
{
	struct mconsole_notify msg = {
		.magic = MCONSOLE_MAGIC,
		.version = MCONSOLE_VERSION,
		.type = type,
	};
	int err;

	if (len > sizeof(msg.data))
		len = sizeof(msg.data);
	msg.len = (uint32_t)len;
	memcpy(msg.data, data, len);
	err = os_mconsole_notify(um_cfg->mconsole_notify, &msg, MCONSOLE_NOTIFY_HDR + len);
	if (err)
		pr_warn("mconsole: can't notify %s: error %d\n", um_cfg->mconsole_notify, err);
}

void
mconsole_notify_panic(const char *msg)
{
	if (um_cfg && um_cfg->mconsole_notify)
		mc_notify(MCONSOLE_PANIC, msg, strlen(msg) + 1);
}

void
mconsole_init(void)
{
	char path[256];
	int fd = os_mconsole_open(path, sizeof(path));

	if (fd == -ENOENT)
		return;		/* no umid directory: main() said so */
	if (fd < 0) {
		pr_err("mconsole: can't make its socket: error %d\n", fd);
		return;
	}
	if (irq_register(fd, OS_EPOLLIN, mc_irq, NULL)) {
		pr_err("mconsole: can't watch its socket\n");
		return;
	}
	mc_fd = fd;
	pr_info("mconsole (version 2) initialized on %s\n", path);
	if (um_cfg->mconsole_notify)
		mc_notify(MCONSOLE_SOCKET, path, strlen(path) + 1);
}
