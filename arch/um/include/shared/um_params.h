/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The `linux` command line, UML-compatible (shared/docs/cmdline.md): argv is
 * joined into the kernel command line (what /proc/cmdline shows), UML's
 * early options are applied to each argv element, then the generic pass
 * (include/kernel/params.h) consumes kernel options and hands the rest to
 * init. Everything lands in one struct um_config; nothing is printed.
 *
 * Used by main() in arch/um/main.c: it prints cfg->err as one line and
 * exits 1 when um_params_parse() fails, prints cfg->warn[] and
 * cfg->unknown_msg, and handles cfg->action (--help, --version, ...).
 * Strings in the struct point into the struct itself (or are static), so
 * it must outlive their users; it is large (~40 KiB): make it static.
 */
#ifndef UM_PARAMS_H
#define UM_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/params.h"

#define UM_MAX_UBD	16	/* ubd0..ubd15 (ubda..ubdp), UML's MAX_DEV */
#define UM_MAX_CON	16	/* con0..con15, UML's MAX_TTYS */
#define UM_MAX_SSL	64	/* ssl0..ssl63, UML's NR_PORTS */
#define UM_MAX_ETH	16	/* eth0..eth15 (UML has no fixed limit) */
#define UM_UBD_MAX_FLAGS 6	/* letters between ubd<n> and '=' */
#define UMID_LEN	64	/* umid at most UMID_LEN - 1 characters */

#define UM_MEM_DEFAULT	(64ULL << 20)
#define UM_MEM_MIN	(16ULL << 20)

#define UM_CON0_DEFAULT	"fd:0,fd:1"
#define UM_CON_DEFAULT	"null"
#define UM_SSL_DEFAULT	"pty"
#define UM_ROOT_DEFAULT	"98:0"
#define UM_CONSOLE_DEFAULT "tty0"
#define UM_UBD0_DEFAULT	"root_fs"
#ifndef UM_DAEMON_DEFAULT_SOCK
#define UM_DAEMON_DEFAULT_SOCK "/tmp/uml.ctl"	/* upstream default; Debian: /var/run/uml-utilities/uml_switch.ctl */
#endif

#define UM_MSG_LEN	512
#define UM_MAX_WARN	8

enum um_action {
	UM_ACTION_BOOT,		/* go on booting */
	UM_ACTION_HELP,		/* --help: print um_help_text(), exit 0 */
	UM_ACTION_VERSION,	/* --version: print um_version_text() + "\n", exit 0 */
	UM_ACTION_SHOWCONFIG,	/* --showconfig: print um_showconfig_text(), exit 0 */
};

enum um_chan_type {
	UM_CHAN_NULL,		/* null */
	UM_CHAN_FD,		/* fd:<n> */
	UM_CHAN_PORT,		/* port:<n> */
	UM_CHAN_PTY,		/* pty */
	UM_CHAN_PTS,		/* pts */
	UM_CHAN_TTY,		/* tty:<device> */
	UM_CHAN_XTERM,		/* xterm */
};

/* One direction of a console or serial line. */
struct um_chan {
	enum um_chan_type type;
	int fd;			/* UM_CHAN_FD */
	int port;		/* UM_CHAN_PORT, 1..65535 */
	const char *dev;	/* UM_CHAN_TTY */
};

/* con<N>= / ssl<N>=: "<chan>" for both directions or "<in>,<out>". */
struct um_line {
	const char *spec;	/* as given, or the default (what mconsole "config" reports) */
	struct um_chan in, out;
};

/* ubd<N><flags>=<file>[(,|:)<file2>][(,|:)<serial>] */
struct um_ubd {
	const char *file;	/* NULL: no device (ubd0 defaults to "root_fs") */
	const char *backing;	/* second field: the COW's backing file, or NULL */
	const char *serial;	/* third field, or NULL */
	bool ro;		/* 'r' */
	bool sync;		/* 's' (or ubd=sync) */
	bool no_cow;		/* 'd': never look for a COW header */
	bool shared;		/* 'c': no host file locking */
	bool no_trim;		/* 't' */
	bool is_default;	/* ubd0 was not given: file is UM_UBD0_DEFAULT */
};

enum um_eth_transport {
	UM_ETH_NONE,
	UM_ETH_VDE,		/* eth<N>=vde,<sock>,<mac>,<port>,<group>,<mode>,<descr> */
	UM_ETH_DAEMON,		/* eth<N>=daemon,<mac>,<type>,<ctl>[,<data>] */
};

struct um_eth {
	enum um_eth_transport transport;
	bool have_mac;		/* false: the driver picks a random local MAC */
	uint8_t mac[6];
	/* vde */
	const char *vde_sock;	/* NULL: the default switch */
	unsigned int vde_port;	/* 0: any port */
	const char *vde_group;	/* NULL: none */
	unsigned int vde_mode;	/* 0: the driver's default (0700) */
	const char *vde_descr;	/* NULL: "UML vde_transport" */
	/* daemon */
	const char *sock_type;	/* always "unix" */
	const char *ctl_sock;	/* default UM_DAEMON_DEFAULT_SOCK */
};

struct um_config {
	enum um_action action;

	/* The kernel command line exactly as UML builds it (/proc/cmdline). */
	char cmdline[COMMAND_LINE_SIZE + 1];
	size_t cmdline_len;

	unsigned long long mem;		/* bytes; UM_MEM_DEFAULT unless mem= */
	const char *mem_arg;		/* the last mem= value as given, or NULL */
	const char *root;		/* root=; NULL if it only came after "--" */
	const char *rootfstype;		/* rootfstype=, or NULL */
	const char *rootflags;		/* rootflags=, or NULL */
	bool root_rw;			/* rw; default ro */
	const char *console;		/* last console= value, or NULL */
	int loglevel;			/* 7; quiet 4, debug 10, loglevel=<n> */
	bool quiet;			/* quiet anywhere on the line (umk's own messages) */
	const char *umid;		/* NULL: pick a random one */
	const char *uml_dir;		/* NULL: ~/.uml/ (given as written, no '/' added) */
	const char *xterm;		/* xterm=<emulator>,<title sw>,<exec sw>, or NULL */
	const char *hostfs;		/* hostfs=<dir>: hostfs mounts stay under dir; NULL: "/" */
	bool hostfs_append;		/* hostfs=...,append: every write to hostfs appends */
	const char *mconsole_notify;	/* mconsole=notify:<socket>, or NULL */
	bool noreboot, nosysemu, ssl_non_raw;
	bool ubd_sync_all;		/* ubd=sync: devices given after it are synchronous */

	struct um_ubd ubd[UM_MAX_UBD];
	struct um_line con[UM_MAX_CON];
	struct um_line ssl[UM_MAX_SSL];
	struct um_eth eth[UM_MAX_ETH];

	struct init_args init;		/* init's path, argv, envp */
	char unknown_msg[COMMAND_LINE_SIZE + 128];	/* "" or the Unknown ... line */

	int nwarn;			/* non-fatal messages, one line each */
	char warn[UM_MAX_WARN][UM_MSG_LEN];
	char err[UM_MSG_LEN];		/* the error line when parsing fails */

	/* private to um_params.c */
	bool have_root, have_console;
	bool con_set[UM_MAX_CON], ssl_set[UM_MAX_SSL], con_def_set, ssl_def_set;
	struct um_line con_def, ssl_def;
	size_t pool_used;
	char pool[4 * COMMAND_LINE_SIZE];
};

/*
 * um_cfg is the kernel's parsed command line (arch/um/kernel/setup.c, set
 * before the kernel starts); the drivers read their devices from it
 * (ubd<N>=, con<N>=).
 */
extern struct um_config *um_cfg;

/*
 * um_params_parse fills cfg from main()'s argv. Returns 0 (see cfg->action)
 * or a negative errno with the one-line message in cfg->err.
 */
int um_params_parse(struct um_config *cfg, int argc, char *const *argv);

/*
 * um_mem_check checks a mem= size against UM_MEM_MIN and the caller's host
 * limit max; 0 or -EINVAL with "mem=<arg>: ... (minimum 16M, maximum <max>)".
 */
int um_mem_check(const struct um_config *cfg, unsigned long long max,
		 char *err, size_t errsize);

/* um_help_text writes the --help text into buf; returns its full length. */
size_t um_help_text(char *buf, size_t size);

/* um_version_text is what --version prints (without the newline). */
const char *um_version_text(void);

/* um_showconfig_text is what --showconfig prints. */
const char *um_showconfig_text(void);

/* um_chan_name names a channel type as written on the command line. */
const char *um_chan_name(enum um_chan_type type);

/*
 * Device specifications (um_devspec.c). Each parses the part after the
 * option's prefix into cfg, strings copied into the pool by the caller,
 * and returns 0 or -EINVAL with UML's message in cfg->err.
 */
int um_ubd_setup(struct um_config *cfg, char *spec);
int um_eth_setup(struct um_config *cfg, char *spec);
int um_chan_parse(const char *spec, struct um_line *line, char *err,
		  size_t errsize, char *scratch);
int um_mac_parse(const char *s, uint8_t mac[6], char *err, size_t errsize);

#endif /* UM_PARAMS_H */
