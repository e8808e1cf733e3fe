// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `linux` command line (um_params.h): one table of options drives both
 * the parser and --help. Parsing runs in UML's two passes:
 *
 *  1. Early, per argv element (UML's __uml_setup): argv[i] (i >= 1) is
 *     matched by plain prefix against the table's early handlers, then
 *     appended to the command line unless the handler drops it (umid=,
 *     xterm=); " root=98:0" and " console=tty0" are appended when missing.
 *     This pass ignores "--", as UML does.
 *  2. Generic, per word of the joined line (Linux's parse_args): words are
 *     matched against the kernel handlers ('-' equals '_'); a handler may
 *     decline; unclaimed words and everything after "--" go to init
 *     (params.c).
 *
 * Device specifications are parsed by um_devspec.c. Pure logic: no host
 * headers, no printing; main() prints cfg->err / cfg->warn[].
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "kernel/params.h"
#include "uapi/errno.h"
#include "um_params.h"

#ifndef UMK_VERSION
#define UMK_VERSION "unknown"
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

_Static_assert(UMID_LEN == 64, "umid= message says 63 characters");

#define DECLINE 1		/* a kernel handler's "not mine, keep looking" */

#define P_EXACT		1	/* the element / word must be the name alone */
#define P_EARLYPARAM	2	/* generic pass: name alone or name=... */

#define LOGLEVEL_DEFAULT 7
#define LOGLEVEL_QUIET	4
#define LOGLEVEL_DEBUG	10

struct um_param {
	const char *name;
	unsigned int flags;
	enum um_action action;	/* != BOOT: --help and friends */
	/* pass 1: rest follows name in argv[i]; clear *add to drop the element */
	int (*early)(struct um_config *cfg, const char *rest, bool *add);
	/* pass 2: rest follows name in the word; 0, DECLINE or -errno */
	int (*setup)(struct um_config *cfg, char *rest);
	const char *usage;	/* --help: first line; NULL = not listed */
	const char *help;	/* --help: lines, indented by 4 when printed */
};

/* fail sets the one-line error main() prints (the pieces joined) and fails the parse. */
static int
fail(struct um_config *cfg, const char *a, const char *b, const char *c,
     const char *d)
{
	param_cat(cfg->err, sizeof(cfg->err), a, b, c, d, NULL);
	return -EINVAL;
}

/* warn records a message main() prints before booting on (at most UM_MAX_WARN). */
static void
warn(struct um_config *cfg, const char *a, const char *b, const char *c)
{
	if (cfg->nwarn < UM_MAX_WARN)
		param_cat(cfg->warn[cfg->nwarn++], UM_MSG_LEN, a, b, c, NULL);
}

/*
 * pool_dup copies s into cfg's own pool: the parsed strings live in cfg,
 * so it needs nothing freed and no allocator (main() runs before one).
 */
static char *
pool_dup(struct um_config *cfg, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if (n + 1 > sizeof(cfg->pool) - cfg->pool_used)
		return NULL;
	p = cfg->pool + cfg->pool_used;
	memcpy(p, s, n + 1);
	cfg->pool_used += n + 1;
	return p;
}

/* no_room is UML's message for a line or pool too long for its fixed size. */
static int
no_room(struct um_config *cfg)
{
	param_cat(cfg->err, sizeof(cfg->err),
		  "add_arg: Too many command line arguments!", NULL);
	return -E2BIG;
}

/* ---- pass 1 handlers (UML's early setup) -------------------------------- */

static int
early_mem(struct um_config *cfg, const char *rest, bool *add)
{
	unsigned long long v;
	const char *end;
	int err;

	(void)add;
	err = param_memparse(rest, &end, &v);
	if (err == -ERANGE)
		return fail(cfg, "mem=", rest, ": size too large", "");
	if (err || *end != '\0')
		return fail(cfg, "mem=", rest, ": not a size (a number with an "
			    "optional K, M, G or T suffix, e.g. mem=256M)", "");
	cfg->mem = v;
	cfg->mem_arg = pool_dup(cfg, rest);
	return cfg->mem_arg ? 0 : no_room(cfg);
}

static int
early_root(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->have_root = true;
	return 0;
}

static int
early_console(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->have_console = true;
	return 0;
}

static int
early_umid(struct um_config *cfg, const char *rest, bool *add)
{
	if (cfg->umid) {
		/* UML warns and leaves the second one on the command line. */
		warn(cfg, "umid already set", "", "");
		return 0;
	}
	if (*rest == '\0')
		return fail(cfg, "umid= needs a name", "", "", "");
	if (strlen(rest) >= UMID_LEN)
		return fail(cfg, "umid=", rest, ": too long (at most 63 "
			    "characters)", "");
	if (strchr(rest, '/'))
		return fail(cfg, "umid=", rest, ": must not contain '/'", "");
	if (strcmp(rest, ".") == 0 || strcmp(rest, "..") == 0)
		return fail(cfg, "umid=", rest, ": not a valid name", "");
	*add = false;
	cfg->umid = pool_dup(cfg, rest);
	return cfg->umid ? 0 : no_room(cfg);
}

static int
early_uml_dir(struct um_config *cfg, const char *rest, bool *add)
{
	(void)add;
	if (*rest == '\0')
		return fail(cfg, "uml_dir can't be an empty string", "", "", "");
	cfg->uml_dir = pool_dup(cfg, rest);
	return cfg->uml_dir ? 0 : no_room(cfg);
}

static int
early_xterm(struct um_config *cfg, const char *rest, bool *add)
{
	*add = false;
	cfg->xterm = pool_dup(cfg, rest);
	return cfg->xterm ? 0 : no_room(cfg);
}

/*
 * hostfs=<dir>[,append] as UML reads it: the part before the first comma,
 * if not empty, is the host directory every hostfs mount is confined to
 * (the mount data is a path inside it); "append" makes every write to a
 * hostfs file append; other words are reported and skipped. As in UML, a
 * later hostfs= changes the directory only if it names one, and append
 * stays once given.
 */
static int
early_hostfs(struct um_config *cfg, const char *rest, bool *add)
{
	const char *p = strchr(rest, ',');
	char *dir;

	(void)add;
	dir = pool_dup(cfg, rest);
	if (!dir)
		return no_room(cfg);
	if (p)
		dir[p - rest] = '\0';
	if (*dir)
		cfg->hostfs = dir;
	while (p) {
		const char *w = p + 1;
		size_t n;
		char word[UM_MSG_LEN / 2];

		p = strchr(w, ',');
		n = p ? (size_t)(p - w) : strlen(w);
		if (n == 6 && !strncmp(w, "append", 6)) {
			cfg->hostfs_append = true;
		} else if (n) {
			if (n >= sizeof(word))
				n = sizeof(word) - 1;
			memcpy(word, w, n);
			word[n] = '\0';
			warn(cfg, "hostfs_args - unsupported option - ", word, "");
		}
	}
	return 0;
}

static int
early_nosysemu(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->nosysemu = true;
	return 0;
}

static int
early_noreboot(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->noreboot = true;
	return 0;
}

static int
early_ssl_non_raw(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->ssl_non_raw = true;
	return 0;
}

static int
early_quiet(struct um_config *cfg, const char *rest, bool *add)
{
	(void)rest;
	(void)add;
	cfg->quiet = true;
	return 0;
}

/* ---- pass 2 handlers (the generic kernel's __setup) --------------------- */

static int
setup_nothing(struct um_config *cfg, char *rest)
{
	(void)cfg;
	(void)rest;
	return 0;
}

static int
setup_root(struct um_config *cfg, char *rest)
{
	if (*rest == '\0')
		return fail(cfg, "root= needs a device, e.g. root=98:0 or "
			    "root=/dev/ubdb", "", "", "");
	cfg->root = rest;
	return 0;
}

/* rootfstype= and rootflags=: Linux's, for a root that is no disk (hostfs). */
static int
setup_rootfstype(struct um_config *cfg, char *rest)
{
	cfg->rootfstype = *rest ? rest : NULL;
	return 0;
}

static int
setup_rootflags(struct um_config *cfg, char *rest)
{
	cfg->rootflags = rest;
	return 0;
}

static int
setup_console(struct um_config *cfg, char *rest)
{
	cfg->console = rest;
	return 0;
}

static int
setup_init(struct um_config *cfg, char *rest)
{
	if (*rest == '\0')
		return fail(cfg, "init= needs the path of a program", "", "", "");
	init_args_set_init(&cfg->init, rest);
	return 0;
}

static int
setup_rw(struct um_config *cfg, char *rest)
{
	(void)rest;
	cfg->root_rw = true;
	return 0;
}

static int
setup_ro(struct um_config *cfg, char *rest)
{
	(void)rest;
	cfg->root_rw = false;
	return 0;
}

static int
setup_quiet(struct um_config *cfg, char *rest)
{
	(void)rest;
	cfg->loglevel = LOGLEVEL_QUIET;
	return 0;
}

static int
setup_debug(struct um_config *cfg, char *rest)
{
	(void)rest;
	cfg->loglevel = LOGLEVEL_DEBUG;
	return 0;
}

static int
setup_loglevel(struct um_config *cfg, char *rest)
{
	unsigned long long v;
	const char *end;

	if (*rest != '=' || param_strtoull(rest + 1, &end, 0, &v) || *end ||
	    v > 15)
		return fail(cfg, "loglevel", rest,
			    ": expected a number from 0 to 15", "");
	cfg->loglevel = (int)v;
	return 0;
}

/* con<N>= / con= and ssl<N>= / ssl=, as UML's line_setup. */
static int
line_setup(struct um_config *cfg, char *rest, const char *what,
	   struct um_line *lines, bool *set, unsigned int max,
	   struct um_line *def, bool *def_set)
{
	unsigned long long n = 0;
	const char *end, *why = NULL;
	char msg[UM_MSG_LEN], *spec, *scratch;
	struct um_line *line = def;

	if (rest[0] == '=') {
		spec = rest + 1;
	} else {
		if (param_strtoull(rest, &end, 0, &n) == -EINVAL || *end != '=')
			why = "Couldn't parse device number";
		else if (n >= max)
			why = "Device number out of range";
		if (why)
			goto bad;
		spec = (char *)end + 1;
		line = &lines[n];
	}
	scratch = pool_dup(cfg, spec);
	if (scratch == NULL)
		return no_room(cfg);
	if (um_chan_parse(spec, line, msg, sizeof(msg), scratch)) {
		why = msg;
		goto bad;
	}
	if (line == def)
		*def_set = true;
	else
		set[n] = true;
	return 0;
bad:
	param_cat(cfg->err, sizeof(cfg->err), "Failed to set up ", what,
		  " with configuration string \"", rest, "\" : ", why, NULL);
	return -EINVAL;
}

static int
setup_con(struct um_config *cfg, char *rest)
{
	if (strncmp(rest, "sole=", 5) == 0)
		return DECLINE;		/* console= is the generic option */
	return line_setup(cfg, rest, "console", cfg->con, cfg->con_set,
			  UM_MAX_CON, &cfg->con_def, &cfg->con_def_set);
}

static int
setup_ssl(struct um_config *cfg, char *rest)
{
	return line_setup(cfg, rest, "serial line", cfg->ssl, cfg->ssl_set,
			  UM_MAX_SSL, &cfg->ssl_def, &cfg->ssl_def_set);
}

static int
setup_ubd(struct um_config *cfg, char *rest)
{
	return um_ubd_setup(cfg, rest);
}

static int
setup_udb(struct um_config *cfg, char *rest)
{
	return fail(cfg, "udb", rest, " specified on command line is almost "
		    "certainly a ubd -> udb TYPO", "");
}

static int
setup_eth(struct um_config *cfg, char *rest)
{
	return um_eth_setup(cfg, rest);
}

static int
setup_mconsole(struct um_config *cfg, char *rest)
{
	if (strncmp(rest, "notify:", 7) != 0)
		return fail(cfg, "mconsole_setup : Unknown option - '", rest,
			    "'", "");
	if (rest[7] == '\0')
		return fail(cfg, "mconsole=notify: needs a socket path", "",
			    "", "");
	cfg->mconsole_notify = rest + 7;
	return 0;
}

/*
 * Marks UML options umk does not provide: kernel_word() refuses the word
 * with the entry's help string as the reason, without calling this.
 */
static int
setup_unsupported(struct um_config *cfg, char *rest)
{
	return fail(cfg, rest, ": not supported by umk", "", "");
}

/* ---- the table ------------------------------------------------------------ */

/*
 * Order: UML's --help order, with the generic options we list next to their
 * neighbours; entries without usage are parsed but not listed. Where two
 * names overlap ("console=" / "con", "ssl-non-raw" / "ssl", "ro" / "root=")
 * the first matching handler that does not decline wins.
 */
static const struct um_param um_params[] = {
	{ "--showconfig", 0, UM_ACTION_SHOWCONFIG, NULL, NULL, "--showconfig",
	  "Print the build configuration of this kernel and exit." },
	{ "mem=", 0, 0, early_mem, NULL, "mem=<size>",
	  "Amount of guest RAM (\"physical\" memory): a number with an optional\n"
	  "K, M, G or T suffix (powers of 1024). Host memory is used only as\n"
	  "the guest touches it. Default 64M, at least 16M. Example: mem=256M" },
	{ "--help", 0, UM_ACTION_HELP, NULL, NULL, "--help",
	  "Print this text and exit." },
	{ "console=", 0, 0, early_console, setup_console, "console=<name>",
	  "Preferred console for kernel messages and /dev/console, e.g. tty0\n"
	  "(the default) or ttyS0." },
	{ "debug", P_EXACT | P_EARLYPARAM, 0, NULL, setup_debug, "debug",
	  "Print kernel debugging messages too. Not needed to run gdb on umk." },
	{ "root=", 0, 0, early_root, setup_root, "root=<device>",
	  "The root filesystem device, as on any Linux system. The default,\n"
	  "98:0, is ubd0 (/dev/ubda); to boot from another disk write, e.g.,\n"
	  "root=/dev/ubdb." },
	{ "rootfstype=", 0, 0, NULL, setup_rootfstype, "rootfstype=<type>",
	  "The root filesystem's type. With rootfstype=hostfs the root is a\n"
	  "host directory, rootflags= its path (under hostfs=, if given), as\n"
	  "in UML: linux rootfstype=hostfs rootflags=/srv/guest-root" },
	{ "rootflags=", 0, 0, NULL, setup_rootflags, "rootflags=<options>",
	  "The root filesystem's mount data (for hostfs: the host directory)." },
	{ "--version", 0, UM_ACTION_VERSION, NULL, NULL, "--version",
	  "Print the kernel version and exit." },
	{ "umid=", 0, 0, early_umid, NULL, "umid=<name>",
	  "Name of this machine: the directory <uml_dir>/<name>/ holds its pid\n"
	  "file and its management console socket. At most 63 characters,\n"
	  "without '/'. Without umid= a random name is picked." },
	{ "init=", 0, 0, NULL, setup_init, "init=<program>",
	  "Run <program> as the first process instead of trying /sbin/init,\n"
	  "/etc/init, /bin/init and /bin/sh in turn." },
	{ "rw", P_EXACT, 0, NULL, setup_rw, "rw",
	  "Mount the root filesystem read-write." },
	{ "ro", P_EXACT, 0, NULL, setup_ro, "ro",
	  "Mount the root filesystem read-only (the default)." },
	{ "loglevel", P_EARLYPARAM, 0, NULL, setup_loglevel, "loglevel=<n>",
	  "Print only kernel messages more important than level <n> (0-15)." },
	{ "con", 0, 0, NULL, setup_con, "con[0-9]*=<channel>",
	  "Connect virtual consoles (/dev/tty<N>, N < 16) to host channels.\n"
	  "con= sets every console without a con<N>= of its own. A channel is\n"
	  "null, fd:<n>, port:<n>, pty, pts, tty:<device> or xterm; two\n"
	  "channels joined by a comma are input and output. Defaults:\n"
	  "con0=fd:0,fd:1 and null for the others." },
	{ "ssl-non-raw", P_EXACT, 0, early_ssl_non_raw, setup_nothing,
	  "ssl-non-raw",
	  "Leave the host terminals behind serial lines in non-raw mode." },
	{ "ssl", 0, 0, NULL, setup_ssl, "ssl[0-9]*=<channel>",
	  "Connect serial lines (/dev/ttyS<N>, N < 64) to host channels, as\n"
	  "con= does for consoles. The default channel is pty." },
	{ "eth", 0, 0, NULL, setup_eth, "eth[0-9]+=<transport>,<options>",
	  "Add network device eth<N> (N < 16). Transports:\n"
	  "  vde,[<switch>][,<mac>][,<port>][,<group>][,<mode>][,<description>]\n"
	  "  daemon,[<mac>],unix,<control socket>\n"
	  "An empty <mac> picks a random locally administered address." },
	{ "mconsole=", 0, 0, NULL, setup_mconsole, "mconsole=notify:<socket>",
	  "Once the management console listens, send the path of its socket\n"
	  "to the Unix datagram socket <socket>, so a watcher learns that the\n"
	  "machine answers mconsole requests." },
	{ "udb", 0, 0, NULL, setup_udb, "udb",
	  "Catches the ubd -> udb typo: an option starting with udb is an error." },
	{ "ubd", 0, 0, NULL, setup_ubd,
	  "ubd<n><flags>=<file>[(:|,)<file2>][(:|,)<serial>]",
	  "Attach a host file as block device <n>: 0-15 or a-p (ubd0, ubda:\n"
	  "/dev/ubda). With two files the first is a copy-on-write overlay of\n"
	  "the second and is created if missing; with one, a COW header is\n"
	  "detected. ':' separates like ',' and lets the shell expand '~' in\n"
	  "both names. A third field is the disk's serial: ubd0=disk.img,,S1.\n"
	  "Flags, in any order:\n"
	  "  r  read-only\n"
	  "  s  write through to the host file synchronously\n"
	  "  d  plain data: never look for a COW header (no second file)\n"
	  "  c  shared with other machines: no host file locking\n"
	  "  t  no trim/discard\n"
	  "ubd=sync makes the devices given after it synchronous. Without\n"
	  "ubd0=, ubd0 is the file root_fs." },
	{ "fake_ide", 0, 0, NULL, setup_nothing, NULL, NULL },
	{ "xterm=", 0, 0, early_xterm, NULL, NULL, NULL },
	{ "nosysemu", P_EXACT, 0, early_nosysemu, NULL, "nosysemu",
	  "Do not use PTRACE_SYSEMU to intercept guest system calls." },
	{ "uml_dir=", 0, 0, early_uml_dir, NULL, "uml_dir=<directory>",
	  "Where the per-machine directories go (default ~/.uml)." },
	{ "quiet", P_EXACT | P_EARLYPARAM, 0, early_quiet, setup_quiet, "quiet",
	  "Print fewer messages while booting." },
	{ "noreboot", P_EXACT, 0, early_noreboot, NULL, "noreboot",
	  "Exit instead of rebooting when the guest reboots." },
	{ "hostfs=", 0, 0, early_hostfs, NULL, "hostfs=<root dir>[,append]",
	  "Confine every hostfs mount to this host directory: with it,\n"
	  "`mount -t hostfs none /mnt -o sub` shows <root dir>/sub (without it,\n"
	  "the data is a path from the host's /). Nothing outside it can be\n"
	  "reached (\"..\" in the data is refused). \"append\" makes every write to\n"
	  "a hostfs file append to it." },
	{ "initrd=", 0, 0, NULL, setup_unsupported, NULL,
	  "initrd images are not supported by umk" },
	{ "iomem=", 0, 0, NULL, setup_unsupported, NULL,
	  "IO memory regions are not supported by umk" },
	{ "vec", 0, 0, NULL, setup_unsupported, NULL,
	  "vector network devices are not supported by umk; use "
	  "eth<N>=vde,... or eth<N>=daemon,..." },
};

#define NPARAMS (sizeof(um_params) / sizeof(um_params[0]))

/* ---- pass 1 --------------------------------------------------------------- */

/*
 * early_match is UML's pass-1 match: a plain prefix (so "mem=" also
 * matches "mem=64M"), or the whole element for P_EXACT options.
 */
static bool
early_match(const struct um_param *p, const char *arg)
{
	size_t n = strlen(p->name);

	return strncmp(arg, p->name, n) == 0 &&
	       (!(p->flags & P_EXACT) || arg[n] == '\0');
}

/* add_arg appends an element to the kernel command line, space separated. */
static int
add_arg(struct um_config *cfg, const char *arg)
{
	size_t n = strlen(arg);

	/* UML's test; it lets the line reach exactly COMMAND_LINE_SIZE. */
	if (cfg->cmdline_len + n + 1 > COMMAND_LINE_SIZE)
		return no_room(cfg);
	if (cfg->cmdline_len > 0)
		cfg->cmdline[cfg->cmdline_len++] = ' ';
	memcpy(cfg->cmdline + cfg->cmdline_len, arg, n + 1);
	cfg->cmdline_len += n;
	return 0;
}

/* --help, --version, --showconfig: the first one wins, nothing else runs. */
static bool
find_action(struct um_config *cfg, int argc, char *const *argv)
{
	size_t j;
	int i;

	for (i = 1; i < argc; i++) {
		if (i == 1 && argv[1][0] == ' ')
			continue;
		for (j = 0; j < NPARAMS; j++) {
			if (um_params[j].action != UM_ACTION_BOOT &&
			    early_match(&um_params[j], argv[i])) {
				cfg->action = um_params[j].action;
				return true;
			}
		}
	}
	return false;
}

/*
 * early_pass runs every early handler that matches each element (not just
 * the first, as UML), then adds the root= and console= defaults UML adds.
 */
static int
early_pass(struct um_config *cfg, int argc, char *const *argv)
{
	const struct um_param *p;
	bool add;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (i == 1 && argv[1][0] == ' ')
			continue;	/* UML skips a first argument with a leading space */
		add = true;
		for (p = um_params; p < um_params + NPARAMS; p++) {
			if (p->early && early_match(p, argv[i])) {
				err = p->early(cfg, argv[i] + strlen(p->name), &add);
				if (err)
					return err;
			}
		}
		if (add && (err = add_arg(cfg, argv[i])))
			return err;
	}
	if (!cfg->have_root && (err = add_arg(cfg, "root=" UM_ROOT_DEFAULT)))
		return err;
	if (!cfg->have_console &&
	    (err = add_arg(cfg, "console=" UM_CONSOLE_DEFAULT)))
		return err;
	return 0;
}

/* ---- pass 2 --------------------------------------------------------------- */

/*
 * kernel_match is Linux's parse_args match: the name with '-' and '_'
 * equal, then what may follow it (P_EXACT: nothing; P_EARLYPARAM: nothing
 * or "=").
 */
static bool
kernel_match(const struct um_param *p, const struct param_word *w)
{
	size_t n = strlen(p->name);

	if (!p->setup || !parameqn(w->word, p->name, n))
		return false;
	if (p->flags & P_EARLYPARAM)
		return w->word[n] == '\0' || w->word[n] == '=';
	if (p->flags & P_EXACT)
		return w->word[n] == '\0';
	return true;
}

/*
 * kernel_word gives a word to the first handler that takes it; a word
 * nobody takes goes to init, as an argument or an environment variable.
 */
static int
kernel_word(struct um_config *cfg, struct param_word *w)
{
	const struct um_param *p;
	int rc;

	for (p = um_params; p < um_params + NPARAMS; p++) {
		if (!kernel_match(p, w))
			continue;
		if (p->setup == setup_unsupported)
			return fail(cfg, w->word, ": ", p->help, "");
		rc = p->setup(cfg, w->word + strlen(p->name));
		if (rc != DECLINE)
			return rc;
	}
	return init_args_unknown(&cfg->init, w, cfg->err, sizeof(cfg->err));
}

/*
 * kernel_pass splits the joined line into words (quotes removed into a
 * pool copy) and hands them out; after a bare "--" every word is init's.
 */
static int
kernel_pass(struct um_config *cfg)
{
	const char *pos = cfg->cmdline;
	struct param_word w;
	char *buf;
	int err;

	if (cfg->cmdline_len + 1 > sizeof(cfg->pool) - cfg->pool_used)
		return no_room(cfg);
	buf = cfg->pool + cfg->pool_used;
	cfg->pool_used += cfg->cmdline_len + 1;

	while (param_next(&pos, &buf, &w)) {
		if (w.val == NULL && strcmp(w.word, "--") == 0)
			break;
		err = kernel_word(cfg, &w);
		if (err)
			return err;
	}
	init_args_unknown_msg(&cfg->init, cfg->unknown_msg,
			      sizeof(cfg->unknown_msg));
	/* After "--", every word goes to init's argv as it is. */
	while (param_next(&pos, &buf, &w)) {
		err = init_args_add(&cfg->init, w.word, cfg->err,
				    sizeof(cfg->err));
		if (err)
			return err;
	}
	return 0;
}

/* ---- defaults and entry points --------------------------------------------- */

static int
default_line(struct um_config *cfg, struct um_line *line, const char *spec)
{
	char *scratch = pool_dup(cfg, spec);

	if (scratch == NULL)
		return no_room(cfg);
	return um_chan_parse(spec, line, cfg->err, sizeof(cfg->err), scratch);
}

/*
 * finish fills what was not given: the default channels of every console
 * and serial line, and ubd0 = root_fs, as UML does.
 */
static int
finish(struct um_config *cfg)
{
	struct um_line con0, con, ssl;
	int i, err;

	if ((err = default_line(cfg, &con0, UM_CON0_DEFAULT)) ||
	    (err = default_line(cfg, &con, UM_CON_DEFAULT)) ||
	    (err = default_line(cfg, &ssl, UM_SSL_DEFAULT)))
		return err;
	/* con= / ssl= cover every line not named on its own, con0 included. */
	for (i = 0; i < UM_MAX_CON; i++)
		if (!cfg->con_set[i])
			cfg->con[i] = cfg->con_def_set ? cfg->con_def :
				      i == 0 ? con0 : con;
	for (i = 0; i < UM_MAX_SSL; i++)
		if (!cfg->ssl_set[i])
			cfg->ssl[i] = cfg->ssl_def_set ? cfg->ssl_def : ssl;
	if (cfg->ubd[0].file == NULL) {
		cfg->ubd[0].file = UM_UBD0_DEFAULT;
		cfg->ubd[0].is_default = true;
		cfg->ubd[0].sync = cfg->ubd[0].sync || cfg->ubd_sync_all;
	}
	return 0;
}

/*
 * um_params_parse starts cfg from scratch (it may hold a previous parse),
 * then --help and friends end it early; otherwise the two passes.
 */
int
um_params_parse(struct um_config *cfg, int argc, char *const *argv)
{
	int err;

	memset(cfg, 0, sizeof(*cfg));
	cfg->mem = UM_MEM_DEFAULT;
	cfg->loglevel = LOGLEVEL_DEFAULT;
	init_args_init(&cfg->init);

	if (find_action(cfg, argc, argv))
		return 0;
	err = early_pass(cfg, argc, argv);
	if (!err)
		err = kernel_pass(cfg);
	if (!err)
		err = finish(cfg);
	return err;
}

/* size_text writes bytes as "<n>G" or "<n>M" (rounded down), or K / bytes below 1M. */
static char *
size_text(unsigned long long bytes, char *buf)
{
	char num[21];

	if (bytes >= (1ULL << 30) && bytes % (1ULL << 30) == 0)
		return param_cat(buf, 24, param_utoa(bytes >> 30, num), "G", NULL);
	if (bytes >= (1ULL << 20))
		return param_cat(buf, 24, param_utoa(bytes >> 20, num), "M", NULL);
	if (bytes >= 1024 && bytes % 1024 == 0)
		return param_cat(buf, 24, param_utoa(bytes >> 10, num), "K", NULL);
	return param_cat(buf, 24, param_utoa(bytes, num), NULL);
}

int
um_mem_check(const struct um_config *cfg, unsigned long long max,
	     char *err, size_t errsize)
{
	char lo[24], hi[24], given[24];

	if (cfg->mem >= UM_MEM_MIN && cfg->mem <= max)
		return 0;
	param_cat(err, errsize, "mem=",
		  cfg->mem_arg ? cfg->mem_arg : size_text(cfg->mem, given),
		  ": out of range (minimum ", size_text(UM_MEM_MIN, lo),
		  ", maximum ", size_text(max, hi), ")", NULL);
	return -EINVAL;
}

size_t
um_help_text(char *buf, size_t size)
{
	static const char head[] = "umk v" UMK_VERSION "\n"
		"\ta Linux-compatible kernel that runs as a host process\n\n";
	const struct um_param *p;
	const char *s, *nl;
	size_t len = 0, n;

#define EMIT(str, cnt) do {						\
		n = (cnt);						\
		if (len < size)						\
			memcpy(buf + len, str, len + n < size ? n : size - len); \
		len += n;						\
	} while (0)

	EMIT(head, sizeof(head) - 1);
	for (p = um_params; p < um_params + NPARAMS; p++) {
		if (p->usage == NULL)
			continue;
		EMIT(p->usage, strlen(p->usage));
		EMIT("\n", 1);
		for (s = p->help; *s; s = *nl ? nl + 1 : nl) {
			nl = strchr(s, '\n');
			if (nl == NULL)
				nl = s + strlen(s);
			EMIT("    ", 4);
			EMIT(s, (size_t)(nl - s));
			EMIT("\n", 1);
		}
		EMIT("\n", 1);
	}
#undef EMIT
	if (size > 0)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

const char *
um_version_text(void)
{
	return UMK_VERSION;
}

const char *
um_showconfig_text(void)
{
	return "#\n# umk " UMK_VERSION " configuration\n#\n"
	       "CONFIG_UMK_VERSION=\"" UMK_VERSION "\"\n"
	       "CONFIG_COMMAND_LINE_SIZE=" STR(COMMAND_LINE_SIZE) "\n"
	       "CONFIG_INIT_ENV_ARG_LIMIT=" STR(MAX_INIT_ARGS) "\n"
	       "CONFIG_BLK_DEV_UBD=y\n"
	       "CONFIG_UBD_MAX_DEV=" STR(UM_MAX_UBD) "\n"
	       "CONFIG_CON_ZERO_CHAN=\"" UM_CON0_DEFAULT "\"\n"
	       "CONFIG_CON_CHAN=\"" UM_CON_DEFAULT "\"\n"
	       "CONFIG_SSL_CHAN=\"" UM_SSL_DEFAULT "\"\n"
	       "CONFIG_UML_NET_VDE=y\n"
	       "CONFIG_UML_NET_DAEMON=y\n"
	       "CONFIG_UML_NET_DAEMON_DEFAULT_SOCK=\"" UM_DAEMON_DEFAULT_SOCK "\"\n"
	       "CONFIG_MCONSOLE=y\n";
}
