// SPDX-License-Identifier: GPL-2.0-only
/*
 * uml_switch: a virtual Ethernet switch for UML's daemon network transport.
 *
 *	uml_switch [-unix <ctl>] [-hub] [-tap <dev>] [-daemon] [-age <s>]
 *	uml_switch -compat-v0 [-unix <ctl> <data>] [-hub] [-tap <dev>] [-daemon]
 *
 * Options are Debian's (uml-utilities), single dash; -age is ours. This
 * file is the program's frame: the command line, setting up (sockets, the
 * TAP device, then dropping every capability), detaching with -daemon,
 * the epoll loop with its timers, and a clean exit on SIGTERM, SIGINT or
 * SIGHUP (or EOF on a terminal's stdin, as Debian's does) that removes the
 * sockets this switch created. The protocol is in ctl.c, the frames in
 * forward.c. Messages go to stdout (events) and stderr (problems), line by
 * line, or to syslog once detached.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <cap-ng.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>

#include "uml_switch.h"

#define DEFAULT_AGE_S	100	/* Debian's uml_switch forgets a MAC after 100 s */
#define FDB_MAX		65536	/* MAC addresses remembered at most */
#define SWEEP_MS	2000	/* expired MACs are freed this often */

static void
usage(FILE *f)
{
	fprintf(f,
		"Usage: uml_switch [-unix <control socket>] [-hub] [-tap <tap device>] [-daemon] [-age <seconds>]\n"
		"   or: uml_switch -compat-v0 [-unix <control socket> <data socket>] [-hub] [-tap <tap device>] [-daemon]\n"
		"A virtual Ethernet switch for User-Mode Linux guests: connect them with\n"
		"eth<N>=daemon,<mac>,unix,<control socket>.\n"
		"  -unix <path>     the control socket (default %s); after -compat-v0 it\n"
		"                   takes a second path, the data socket (default %s)\n"
		"  -hub             act as a hub: every frame goes to every other port\n"
		"  -tap <device>    also connect the host TAP device <device> (created if\n"
		"                   missing; needs CAP_NET_ADMIN unless it is a persistent\n"
		"                   TAP device owned by the user)\n"
		"  -daemon          run in the background; messages then go to syslog\n"
		"                   (facility daemon, tag uml_switch)\n"
		"  -compat-v0       bind the data socket to a path, for version 0 clients\n"
		"                   (which are told no address)\n"
		"  -age <seconds>   forget a MAC address after this long without a frame\n"
		"                   from it (default %d)\n"
		"  -h, --help       print this help and exit\n"
		"SIGTERM, SIGINT or SIGHUP stop it and remove the sockets it made.\n",
		SWITCH_DEFAULT_CTL, SWITCH_DEFAULT_DATA, DEFAULT_AGE_S);
}

/* bad_usage: the one line for a command line error; exits with status 2. */
static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("uml_switch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (uml_switch --help lists the options)\n", stderr);
	exit(2);
}

void
sw_log(struct sw *sw, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sw->syslog) {
		vsyslog(level, fmt, ap);
	} else if (level <= LOG_WARNING) {
		fputs("uml_switch: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vfprintf(stdout, fmt, ap);
		fputc('\n', stdout);
	}
	va_end(ap);
}

uint64_t
sw_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
sw_watch(struct sw *sw, struct watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(sw->epfd, EPOLL_CTL_ADD, w->fd, &ev);
}

/* opt_is: argv word a is option name, with one dash or two. */
static bool
opt_is(const char *a, const char *name)
{
	if (a[0] == '-' && a[1] == '-')
		a++;
	return strcmp(a, name) == 0;
}

static void
parse_args(struct sw *sw, int argc, char **argv)
{
	unsigned long age = DEFAULT_AGE_S;
	char *end;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opt_is(a, "-h") || opt_is(a, "-help")) {
			usage(stdout);
			exit(0);
		} else if (opt_is(a, "-hub")) {
			sw->hub = true;
		} else if (opt_is(a, "-daemon")) {
			sw->daemon = true;
		} else if (opt_is(a, "-compat-v0")) {
			sw->compat_v0 = true;
		} else if (opt_is(a, "-unix")) {
			if (i + 1 >= argc)
				bad_usage("%s needs the control socket's path", a);
			sw->ctl_path = argv[++i];
			if (sw->compat_v0) {
				if (i + 1 >= argc)
					bad_usage("-unix after -compat-v0 needs two paths: control and data socket");
				sw->data_path = argv[++i];
			}
		} else if (opt_is(a, "-tap")) {
			if (i + 1 >= argc)
				bad_usage("%s needs a TAP device name", a);
			sw->tap_name = argv[++i];
		} else if (opt_is(a, "-age")) {
			if (i + 1 >= argc)
				bad_usage("%s needs a number of seconds", a);
			errno = 0;
			age = strtoul(argv[++i], &end, 10);
			if (errno || end == argv[i] || *end || age < 1 || age > 1000000)
				bad_usage("-age '%s': give whole seconds from 1 to 1000000", argv[i]);
		} else if (a[0] == '-') {
			bad_usage("unknown option '%s'", a);
		} else {
			bad_usage("unexpected argument '%s'", a);
		}
	}
	if (!sw->ctl_path)
		sw->ctl_path = SWITCH_DEFAULT_CTL;
	if (sw->compat_v0 && !sw->data_path)
		sw->data_path = SWITCH_DEFAULT_DATA;
	if (sw->tap_name && (!*sw->tap_name || strlen(sw->tap_name) > 15))
		bad_usage("TAP device name '%s': give 1 to 15 characters", sw->tap_name);
	sw->age = (uint64_t)age * 1000;
}

/* ---- signals and stdin ---------------------------------------------------- */

static void
sig_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		sw->stop = true;
		sw->stop_signal = (int)si.ssi_signo;
	}
}

/* Debian's switch ends on EOF from a terminal on stdin (Ctrl-D). */
static void
stdin_ready(struct sw *sw, struct watch *w, uint32_t events)
{
	char buf[256];
	ssize_t n;

	(void)events;
	n = read(w->fd, buf, sizeof(buf));
	if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
		return;
	epoll_ctl(sw->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	if (n == 0) {
		sw_log(sw, LOG_INFO, "EOF on stdin, cleaning up and exiting");
		sw->stop = true;
	}
	/* else (EIO: we went to the background) stop watching the terminal */
}

static void
stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

/*
 * The stop signals are blocked from the start, so one that comes during
 * the setup waits; the signalfd that reads them is made only after -daemon
 * has forked: epoll learns of a signalfd's signals through the process
 * that added it, so one added before fork() would never wake the child.
 */
static int
signals_block(void)
{
	sigset_t set;

	stop_signals(&set);
	/* A client that goes away mid-reply must not kill the switch. */
	signal(SIGPIPE, SIG_IGN);
	/* A read of the terminal from the background gives EIO, not a stop. */
	signal(SIGTTIN, SIG_IGN);
	return sigprocmask(SIG_BLOCK, &set, NULL);
}

static int
signals_setup(struct sw *sw)
{
	sigset_t set;

	stop_signals(&set);
	sw->sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	sw->sig.ready = sig_ready;
	if (sw->sig.fd < 0 || sw_watch(sw, &sw->sig, EPOLLIN) < 0)
		return -1;
	return 0;
}

static void
stdin_setup(struct sw *sw)
{
	if (sw->daemon || !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp())
		return;
	sw->in.fd = STDIN_FILENO;
	sw->in.ready = stdin_ready;
	sw_watch(sw, &sw->in, EPOLLIN);
}

/* ---- privileges and detaching -------------------------------------------- */

/*
 * Everything that needed privileges is open by now (the TAP device, the
 * sockets), so keep no capability at all, not even in the bounding set,
 * and let no exec ever gain one. A root switch stays uid 0 without
 * capabilities: it can still remove its own sockets at exit.
 */
static int
drop_privileges(struct sw *sw)
{
	bool had;

	capng_get_caps_process();
	had = capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE;
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_apply(CAPNG_SELECT_BOTH) < 0) {
		/* Without CAP_SETPCAP the bounding set stays; no_new_privs
		 * below makes it useless anyway. */
		capng_clear(CAPNG_SELECT_CAPS);
		if (capng_apply(CAPNG_SELECT_CAPS) < 0 && had) {
			sw_log(sw, LOG_ERR, "could not drop its capabilities");
			return -1;
		}
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return 0;
}

/* More ports need more fds: one control connection each. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * -daemon: fork once everything is set up (errors still reach the user's
 * terminal and the exit status), then the child leaves the session and the
 * terminal: setsid, chdir("/") (the sockets are removed through directory
 * fds, so relative paths still work), stdio on /dev/null, syslog. The
 * parent says where the messages go and exits 0.
 */
static int
detach(struct sw *sw)
{
	pid_t pid;
	int fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		sw_log(sw, LOG_ERR, "cannot fork into the background: %s", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		printf("uml_switch: running in the background as pid %d; "
		       "messages go to syslog (facility daemon)\n", (int)pid);
		fflush(stdout);
		_exit(0);
	}
	setsid();
	if (chdir("/") < 0)
		return -1;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	openlog("uml_switch", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	sw->syslog = true;
	return 0;
}

/* ---- the loop ------------------------------------------------------------- */

/* timeout_ms: until the next timer, or -1 when there is none (idle). */
static int
timeout_ms(struct sw *sw)
{
	uint64_t next = UINT64_MAX;
	struct port *p;

	for (p = sw->pending; p; p = p->next)
		if (p->deadline < next)
			next = p->deadline;
	if (sw->fdb.count && sw->next_sweep < next)
		next = sw->next_sweep;
	if (sw->listen_paused && sw->listen_retry < next)
		next = sw->listen_retry;
	if (next == UINT64_MAX)
		return -1;
	if (next <= sw->now)
		return 0;
	return next - sw->now > INT_MAX ? INT_MAX : (int)(next - sw->now);
}

static void
timers(struct sw *sw)
{
	ctl_expire_pending(sw);
	if (sw->now >= sw->next_sweep) {
		fdb_expire(&sw->fdb, sw->now);
		sw->next_sweep = sw->now + (sw->age < SWEEP_MS ? sw->age : SWEEP_MS);
	}
	if (sw->listen_paused && sw->now >= sw->listen_retry) {
		sw->listen_paused = false;
		sw_watch(sw, &sw->listen, EPOLLIN);
	}
}

static void
run(struct sw *sw)
{
	struct epoll_event ev[64];
	int i, n;

	while (!sw->stop) {
		sw->now = sw_clock();
		n = epoll_wait(sw->epfd, ev, 64, timeout_ms(sw));
		if (n < 0 && errno != EINTR) {
			sw_log(sw, LOG_ERR, "epoll_wait: %s", strerror(errno));
			break;
		}
		sw->now = sw_clock();
		for (i = 0; i < n; i++) {
			struct watch *w = ev[i].data.ptr;

			if (w->fd >= 0)
				w->ready(sw, w, ev[i].events);
		}
		ports_reap(sw);
		timers(sw);
	}
}

static void
shutdown_switch(struct sw *sw)
{
	if (sw->stop_signal)
		sw_log(sw, LOG_INFO, "caught SIG%s, cleaning up and exiting",
		       sigabbrev_np(sw->stop_signal) ? sigabbrev_np(sw->stop_signal) : "?");
	ports_close_all(sw);
	ports_reap(sw);
	bound_remove(&sw->ctl);
	bound_remove(&sw->datap);
	fdb_destroy(&sw->fdb);
	free(sw->by_id);
}

int
main(int argc, char **argv)
{
	static struct sw sw;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sw.ctl.dirfd = sw.datap.dirfd = -1;
	sw.listen.fd = sw.data.fd = sw.sig.fd = sw.in.fd = -1;
	parse_args(&sw, argc, argv);
	raise_fd_limit();
	sw.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sw.epfd < 0 || signals_block() < 0) {
		sw_log(&sw, LOG_ERR, "cannot set up its event loop: %s", strerror(errno));
		return 1;
	}
	if (fdb_init(&sw.fdb, 1024, FDB_MAX, sw.age) < 0) {
		sw_log(&sw, LOG_ERR, "out of memory");
		return 1;
	}
	if (ctl_open(&sw) < 0 || data_open(&sw) < 0 ||
	    (sw.tap_name && tap_open(&sw) < 0) || drop_privileges(&sw) < 0 ||
	    (sw.daemon && detach(&sw) < 0) || signals_setup(&sw) < 0) {
		bound_remove(&sw.ctl);
		bound_remove(&sw.datap);
		return 1;
	}
	stdin_setup(&sw);
	if (sw.hub)
		sw_log(&sw, LOG_INFO, "uml_switch will be a hub instead of a switch");
	if (sw.compat_v0)
		sw_log(&sw, LOG_INFO, "uml_switch attached to unix sockets '%s' and '%s'%s%s%s",
		       sw.ctl_path, sw.data_path, sw.tap_name ? " tap device '" : "",
		       sw.tap_name ? sw.tap_name : "", sw.tap_name ? "'" : "");
	else
		sw_log(&sw, LOG_INFO, "uml_switch attached to unix socket '%s'%s%s%s",
		       sw.ctl_path, sw.tap_name ? " tap device '" : "",
		       sw.tap_name ? sw.tap_name : "", sw.tap_name ? "'" : "");
	sw.now = sw_clock();
	sw.next_sweep = sw.now + SWEEP_MS;
	run(&sw);
	shutdown_switch(&sw);
	return 0;
}
