// SPDX-License-Identifier: GPL-2.0-only
/*
 * main() of the `linux` program: parse the UML command line, answer --help
 * and --version, run the early host checks, drop host privileges, make the
 * machine (physmem, trap backend, timer, CPU pinning) and hand over to
 * start_kernel(). Host-side code: this file may use libc.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cap-ng.h>

#include "kern_util.h"
#include "os.h"
#include "trap.h"
#include "um_params.h"

static struct um_config cfg;
static char **saved_argv;

/* drop_privileges leaves the kernel process no host capability at all. */
static void
drop_privileges(void)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_apply(CAPNG_SELECT_BOTH) < 0 && geteuid() == 0)
		fprintf(stderr, "linux: warning: could not drop host capabilities\n");
}

/*
 * check_line makes sure the host fds a console or serial line names are
 * open the right way round (input readable, output writable): an fd that
 * is not would silently swallow the console, or later be some other file
 * of ours. Runs before we open anything. Returns false after one line.
 */
static bool
check_line(const char *kind, int n, const struct um_line *l)
{
	const struct um_chan *c[2] = { &l->in, &l->out };

	for (int i = 0; i < 2; i++) {
		int err;

		if (c[i]->type != UM_CHAN_FD)
			continue;
		err = os_check_fd(c[i]->fd, i == 1);
		if (err == -EBADF) {
			fprintf(stderr, "linux: %s%d=%s: file descriptor %d is not open\n", kind, n,
				l->spec, c[i]->fd);
			return false;
		}
		if (err) {
			fprintf(stderr, "linux: %s%d=%s: file descriptor %d is not open for %s\n",
				kind, n, l->spec, c[i]->fd, i ? "writing" : "reading");
			return false;
		}
	}
	return true;
}

void
os_reexec(void)
{
	/* The new run makes the directory again, with the same pid. */
	os_umid_remove();
	execv("/proc/self/exe", saved_argv);
	fprintf(stderr, "linux: reboot: re-exec failed: %s\n", strerror(errno));
	exit(1);
}

int
main(int argc, char **argv)
{
	static char help[16384];
	char err[256];
	void *base;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	unsigned long long host_max = (unsigned long long)pages * (unsigned long long)psize;
	int r;

	saved_argv = argv;
	r = um_params_parse(&cfg, argc, argv);
	if (cfg.action == UM_ACTION_HELP) {
		um_help_text(help, sizeof(help));
		fputs(help, stdout);
		return 0;
	}
	if (cfg.action == UM_ACTION_VERSION) {
		printf("%s\n", um_version_text());
		return 0;
	}
	if (cfg.action == UM_ACTION_SHOWCONFIG) {
		fputs(um_showconfig_text(), stdout);
		return 0;
	}
	if (r) {
		fprintf(stderr, "linux: %s\n", cfg.err);
		return 1;
	}
	for (int i = 0; i < cfg.nwarn; i++)
		fprintf(stderr, "linux: %s\n", cfg.warn[i]);
	for (int i = 0; i < UM_MAX_CON; i++)
		if (!check_line("con", i, &cfg.con[i]))
			return 1;
	for (int i = 0; i < UM_MAX_SSL; i++)
		if (!check_line("ssl", i, &cfg.ssl[i]))
			return 1;
	if (um_mem_check(&cfg, host_max, err, sizeof(err))) {
		fprintf(stderr, "linux: %s\n", err);
		return 1;
	}
	drop_privileges();
	r = os_fatal_signals_init();
	if (r) {
		fprintf(stderr, "linux: can't catch host signals: %s\n", strerror(-r));
		return 1;
	}
	/* Without its directory the machine still runs, with no mconsole. */
	if (os_umid_init(cfg.uml_dir, cfg.umid))
		fprintf(stderr, "linux: running without a umid directory (no mconsole)\n");
	r = os_physmem_create(cfg.mem, &base);
	if (r) {
		fprintf(stderr, "linux: can't allocate %llu bytes of memory for mem=: %s\n",
			cfg.mem, strerror(-r));
		os_umid_remove();
		return 1;
	}
	r = trap_init(NULL);
	if (r) {
		fprintf(stderr, "linux: can't start the trap backend: %s\n", strerror(-r));
		os_umid_remove();
		return 1;
	}
	os_pin_cpu(true);
	r = os_timer_start(100);
	if (r) {
		fprintf(stderr, "linux: can't start the timer: %s\n", strerror(-r));
		os_umid_remove();
		return 1;
	}
	linux_main(&cfg, base, cfg.mem);
}
