// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the `linux` command line (kernel/params.c, arch/um/kernel/
 * um_params.c and um_devspec.c). Each table row is an argv and what real UML
 * 6.1 does with it (cases marked UML were checked against linux.uml 6.1.176:
 * /proc/cmdline, the "Unknown kernel command line parameters" line, init's
 * argv and environment, and the error messages), or umk's own stricter rule
 * where UML only prints and carries on.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/params.h"
#include "um_params.h"
#include "check_main.h"

#define MAXARGS 24

static struct um_config cfg;	/* ~40 KiB: not on the stack */
static char *big_argv[400];

static int
parse_argv(int argc, char **argv)
{
	return um_params_parse(&cfg, argc, argv);
}

/* parse runs um_params_parse on "linux" + the NULL-terminated args. */
static int
parse(const char *const *args)
{
	char *argv[MAXARGS + 2];
	int argc = 0;

	argv[argc++] = "linux";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	return parse_argv(argc, argv);
}

static const char *
join(const char *const *v, int n, char *buf, size_t size)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, v[i], size - strlen(buf) - 1);
	}
	return buf;
}

/* ---- argv -> command line -> kernel / init --------------------------------- */

struct line_case {
	const char *argv[MAXARGS];
	const char *cmdline;	/* /proc/cmdline */
	const char *init_argv;	/* argv[0..] joined by '|' */
	const char *init_envp;	/* joined by '|' */
	const char *unknown;	/* the Unknown ... list between the quotes, or NULL */
	const char *root;	/* NULL: none reached the kernel */
};

static const struct line_case line_cases[] = {
	/* nothing: defaults appended */
	{ { NULL }, "root=98:0 console=tty0", "/sbin/init", "HOME=/|TERM=linux",
	  NULL, "98:0" },
	/* UML: mem= is consumed early but still passed; "--" hides the
	 * appended root= and console= from the kernel. */
	{ { "ubd0=img1", "mem=64M", "init=/init", "con=null", "con0=fd:0,fd:1",
	    "umid=probe1", "foo", "bar=baz", "--", "a", "b=c", "d" },
	  "ubd0=img1 mem=64M init=/init con=null con0=fd:0,fd:1 foo bar=baz -- "
	  "a b=c d root=98:0 console=tty0",
	  "/init|foo|a|b=c|d|root=98:0|console=tty0",
	  "HOME=/|TERM=linux|mem=64M|bar=baz", "foo mem=64M bar=baz", NULL },
	/* UML: which options are consumed, dropped, passed as argv or env */
	{ { "ubd0=img1", "mem=64M", "init=/init", "uml_dir=/tmp/ud", "debug",
	    "nosysemu", "noreboot", "quiet", "rw", "devfs=mount", "hostfs=/tmp",
	    "ssl-non-raw", "xterm=a,b,c", "ssl1=null", "fake_ide",
	    "mconsole=notify:/tmp/nosock", "foo", "bar=baz", "--foo",
	    "--bar=1" },
	  "ubd0=img1 mem=64M init=/init uml_dir=/tmp/ud debug nosysemu noreboot "
	  "quiet rw devfs=mount hostfs=/tmp ssl-non-raw ssl1=null fake_ide "
	  "mconsole=notify:/tmp/nosock foo bar=baz --foo --bar=1 root=98:0 "
	  "console=tty0",
	  "/init|nosysemu|noreboot|foo|--foo",
	  "HOME=/|TERM=linux|mem=64M|uml_dir=/tmp/ud|devfs=mount|hostfs=/tmp|"
	  "bar=baz|--bar=1",
	  "nosysemu noreboot foo --foo mem=64M uml_dir=/tmp/ud devfs=mount "
	  "hostfs=/tmp bar=baz --bar=1", "98:0" },
	/* UML: quotes, HOME= replaced, dotted names dropped, "--" */
	{ { "init=/init", "root=98:0", "HOME=/x", "a.b=c", "x.y", "q=\"a b\"",
	    "\"w1 w2\"", "rwx", "quietly", "--", "m", "n=o", "p q" },
	  "init=/init root=98:0 HOME=/x a.b=c x.y q=\"a b\" \"w1 w2\" rwx quietly "
	  "-- m n=o p q console=tty0",
	  "/init|w1 w2|rwx|quietly|m|n=o|p|q|console=tty0",
	  "HOME=/x|TERM=linux|q=a b", "w1 w2 rwx quietly q=a b", "98:0" },
	/* UML: init= forgets the words before it */
	{ { "foo", "init=/init", "bar" }, "foo init=/init bar root=98:0 console=tty0",
	  "/init|bar", "HOME=/|TERM=linux", "bar", "98:0" },
	/* UML: a second umid= is left on the line and reaches init */
	{ { "umid=first", "umid=second" }, "umid=second root=98:0 console=tty0",
	  "/sbin/init", "HOME=/|TERM=linux|umid=second", "umid=second", "98:0" },
	/* argv[1] with a leading space is skipped; later ones are not */
	{ { " skipped", "x" }, "x root=98:0 console=tty0", "/sbin/init|x",
	  "HOME=/|TERM=linux", "x", "98:0" },
	{ { "a", " b", "" }, "a  b  root=98:0 console=tty0", "/sbin/init|a|b",
	  "HOME=/|TERM=linux", "a b", "98:0" },
	/* root= / console= given: nothing appended */
	{ { "root=/dev/ubdb", "console=ttyS0" }, "root=/dev/ubdb console=ttyS0",
	  "/sbin/init", "HOME=/|TERM=linux", NULL, "/dev/ubdb" },
	/* one argument with spaces becomes several words */
	{ { "foo bar=1 root=2" }, "foo bar=1 root=2 root=98:0 console=tty0",
	  "/sbin/init|foo", "HOME=/|TERM=linux|bar=1", "foo bar=1", "98:0" },
	/* '-' and '_' are the same in option names; ro/rw take no value */
	{ { "fake-ide", "ssl_non_raw", "rw=1", "ro" },
	  "fake-ide ssl_non_raw rw=1 ro root=98:0 console=tty0", "/sbin/init",
	  "HOME=/|TERM=linux|rw=1", "rw=1", "98:0" },
	/* env words with the same name replace each other */
	{ { "A=1", "B=2", "A=3" }, "A=1 B=2 A=3 root=98:0 console=tty0",
	  "/sbin/init", "HOME=/|TERM=linux|A=3|B=2", "A=3 B=2", "98:0" },
	/* the early pass ignores "--": mem= after it still sets the size */
	{ { "--", "mem=128M", "quiet" }, "-- mem=128M quiet root=98:0 console=tty0",
	  "/sbin/init|mem=128M|quiet|root=98:0|console=tty0", "HOME=/|TERM=linux",
	  NULL, NULL },
};

START_TEST(test_line)
{
	const struct line_case *c = &line_cases[_i];
	char buf[8192], want[8192];
	int rc;

	rc = parse(c->argv);
	ck_assert_msg(rc == 0, "rc %d err '%s'", rc, cfg.err);
	ck_assert_int_eq(cfg.action, UM_ACTION_BOOT);
	ck_assert_str_eq(cfg.cmdline, c->cmdline);
	ck_assert_uint_eq(cfg.cmdline_len, strlen(c->cmdline));
	ck_assert_str_eq(join(cfg.init.argv, cfg.init.argc, buf, sizeof(buf)),
			 c->init_argv);
	ck_assert_ptr_null(cfg.init.argv[cfg.init.argc]);
	ck_assert_str_eq(join(cfg.init.envp, cfg.init.envc, buf, sizeof(buf)),
			 c->init_envp);
	ck_assert_ptr_null(cfg.init.envp[cfg.init.envc]);
	if (c->unknown) {
		snprintf(want, sizeof(want), "Unknown kernel command line "
			 "parameters \"%s\", will be passed to user space.",
			 c->unknown);
		ck_assert_str_eq(cfg.unknown_msg, want);
	} else {
		ck_assert_str_eq(cfg.unknown_msg, "");
	}
	if (c->root)
		ck_assert_str_eq(cfg.root, c->root);
	else
		ck_assert_ptr_null(cfg.root);
}
END_TEST

/* ---- errors: the exact line main() prints ---------------------------------- */

struct err_case {
	const char *argv[MAXARGS];
	const char *err;
};

static const struct err_case err_cases[] = {
	/* ubd: UML's messages (UML) */
	{ { "ubd17=foo" }, "Failed to initialize device with \"17=foo\" : Device number out of range" },
	{ { "ubdq=x" }, "Failed to initialize device with \"q=x\" : Device number out of range" },
	{ { "ubdA=x" }, "Failed to initialize device with \"A=x\" : Couldn't parse device number" },
	{ { "ubd=" }, NULL },	/* NULL: accepted (a fake major, warned about) */
	{ { "ubd1x=foo" }, "Failed to initialize device with \"1x=foo\" : Expected '=' or flag letter (r, s, c, t or d)" },
	{ { "ubd5" }, "Failed to initialize device with \"5\" : Expected '=' or flag letter (r, s, c, t or d)" },
	{ { "ubd5rrrrrrr=foo" }, "Failed to initialize device with \"5rrrrrrr=foo\" : Too many flags specified" },
	{ { "ubd5rrrrrrrr=foo" }, "Failed to initialize device with \"5rrrrrrrr=foo\" : Missing '='" },
	{ { "ubd6d=a,b" }, "Failed to initialize device with \"6d=a,b\" : Can't specify both 'd' and a cow file" },
	{ { "ubd6d=a:b:ser" }, "Failed to initialize device with \"6d=a:b:ser\" : Can't specify both 'd' and a cow file" },
	{ { "ubd0=a", "ubd0=b" }, "Failed to initialize device with \"0=b\" : Device is already configured" },
	{ { "ubd0=a", "ubda=b" }, "Failed to initialize device with \"a=b\" : Device is already configured" },
	{ { "ubd1=a", "ubd1x=foo" }, "Failed to initialize device with \"1x=foo\" : Device is already configured" },
	{ { "ubd0=a,b,c,d" }, "Failed to initialize device with \"0=a,b,c,d\" : Too many fields (expected <file>[,<file2>][,<serial>])" },
	{ { "udb0=x" }, "udb0=x specified on command line is almost certainly a ubd -> udb TYPO" },
	/* con / ssl (UML for the number errors) */
	{ { "con16=null" }, "Failed to set up console with configuration string \"16=null\" : Device number out of range" },
	{ { "ssl64=null" }, "Failed to set up serial line with configuration string \"64=null\" : Device number out of range" },
	{ { "connect=5" }, "Failed to set up console with configuration string \"nect=5\" : Couldn't parse device number" },
	{ { "console" }, "Failed to set up console with configuration string \"sole\" : Couldn't parse device number" },
	{ { "con0=bogus" }, "Failed to set up console with configuration string \"0=bogus\" : Couldn't find matching channel type" },
	{ { "con0=nullx" }, "Failed to set up console with configuration string \"0=nullx\" : Couldn't find matching channel type" },
	{ { "con0=fd" }, "Failed to set up console with configuration string \"0=fd\" : channel type 'fd' must specify a file descriptor" },
	{ { "con0=fd:x" }, "Failed to set up console with configuration string \"0=fd:x\" : couldn't parse file descriptor 'x'" },
	{ { "con=fd:0,fd:1,fd:2" }, "Failed to set up console with configuration string \"=fd:0,fd:1,fd:2\" : couldn't parse file descriptor '1,fd:2'" },
	{ { "con3=fd:0," }, "Failed to set up console with configuration string \"3=fd:0,\" : Couldn't find matching channel type" },
	{ { "ssl1=port" }, "Failed to set up serial line with configuration string \"1=port\" : channel type 'port' must specify a port number" },
	{ { "ssl1=port:0" }, "Failed to set up serial line with configuration string \"1=port:0\" : couldn't parse port number '0'" },
	{ { "ssl1=port:65536" }, "Failed to set up serial line with configuration string \"1=port:65536\" : couldn't parse port number '65536'" },
	{ { "ssl2=tty" }, "Failed to set up serial line with configuration string \"2=tty\" : channel type 'tty' must specify a device" },
	{ { "ssl2=tty:" }, "Failed to set up serial line with configuration string \"2=tty:\" : channel type 'tty' must specify a device" },
	/* eth (UML for the device number messages) */
	{ { "ethernet" }, "eth_setup - Couldn't parse 'ernet' : Bad device number" },
	{ { "eth1" }, "eth_setup - Couldn't parse '1' : Expected '=' after device number" },
	{ { "eth16=vde" }, "eth_setup - Couldn't parse '16=vde' : Device number out of range" },
	{ { "eth0=vde", "eth0=daemon" }, "eth_setup - Couldn't parse '0=daemon' : Device already configured" },
	{ { "eth0=bogus,xx" }, "eth0: unknown transport 'bogus' (umk supports vde and daemon)" },
	{ { "eth0=vdex,/s" }, "eth0: unknown transport 'vdex' (umk supports vde and daemon)" },
	{ { "eth3=tuntap,tap0" }, "eth3: the 'tuntap' transport is not supported by umk (use vde or daemon)" },
	{ { "eth0=slirp" }, "eth0: the 'slirp' transport is not supported by umk (use vde or daemon)" },
	{ { "eth0=" }, "eth0: missing transport (use vde or daemon)" },
	{ { "eth0=vde,/tmp/sw,,x5" }, "eth0: vde_setup - Bad port : 'x5'" },
	{ { "eth0=vde,/tmp/sw,,5x" }, "eth0: vde_setup - Bad port : '5x'" },
	{ { "eth0=vde,/tmp/sw,,,g,9" }, "eth0: vde_setup - Bad mode : '9'" },
	{ { "eth0=vde,/s,fe:fd:00:00:00" }, "eth0: setup_etheraddr: failed to parse 'fe:fd:00:00:00' as an ethernet address" },
	{ { "eth2=daemon,zz:fd:00:00:00:01,unix,/c" }, "eth2: setup_etheraddr: failed to parse 'zz:fd:00:00:00:01' as an ethernet address" },
	{ { "eth0=daemon,01:00:5e:00:00:01" }, "eth0: Attempt to assign a multicast ethernet address to a device disallowed" },
	{ { "eth0=daemon,00:00:00:00:00:00" }, "eth0: Attempt to assign an invalid ethernet address to a device disallowed" },
	{ { "eth0=daemon,,tcp,/c" }, "eth0: daemon socket type 'tcp' is not supported (only unix)" },
	/* mconsole= */
	{ { "mconsole=foo" }, "mconsole_setup : Unknown option - 'foo'" },
	{ { "mconsole=notify:" }, "mconsole=notify: needs a socket path" },
	/* mem= */
	{ { "mem=32Q" }, "mem=32Q: not a size (a number with an optional K, M, G or T suffix, e.g. mem=256M)" },
	{ { "mem=" }, "mem=: not a size (a number with an optional K, M, G or T suffix, e.g. mem=256M)" },
	{ { "mem=64MB" }, "mem=64MB: not a size (a number with an optional K, M, G or T suffix, e.g. mem=256M)" },
	{ { "mem=-1" }, "mem=-1: not a size (a number with an optional K, M, G or T suffix, e.g. mem=256M)" },
	{ { "mem=16E" }, "mem=16E: size too large" },
	{ { "mem=18446744073709551616" }, "mem=18446744073709551616: size too large" },
	{ { "mem=17179869184G" }, "mem=17179869184G: size too large" },
	/* umid= / uml_dir= */
	{ { "umid=" }, "umid= needs a name" },
	{ { "umid=a/b" }, "umid=a/b: must not contain '/'" },
	{ { "umid=.." }, "umid=..: not a valid name" },
	{ { "umid=0123456789012345678901234567890123456789012345678901234567890123" },
	  "umid=0123456789012345678901234567890123456789012345678901234567890123: too long (at most 63 characters)" },
	{ { "uml_dir=" }, "uml_dir can't be an empty string" },
	/* generic options */
	{ { "init=" }, "init= needs the path of a program" },
	{ { "root=" }, "root= needs a device, e.g. root=98:0 or root=/dev/ubdb" },
	{ { "loglevel=x" }, "loglevel=x: expected a number from 0 to 15" },
	{ { "loglevel=16" }, "loglevel=16: expected a number from 0 to 15" },
	{ { "loglevel" }, "loglevel: expected a number from 0 to 15" },
	/* UML options umk does not provide */
	{ { "initrd=/boot/initrd" }, "initrd=/boot/initrd: initrd images are not supported by umk" },
	{ { "iomem=x,y" }, "iomem=x,y: IO memory regions are not supported by umk" },
	{ { "vec0:transport=tap" }, "vec0:transport=tap: vector network devices are not supported by umk; use eth<N>=vde,... or eth<N>=daemon,..." },
};

START_TEST(test_err)
{
	const struct err_case *c = &err_cases[_i];
	int rc;

	rc = parse(c->argv);
	if (c->err == NULL) {
		ck_assert_msg(rc == 0, "rc %d err '%s'", rc, cfg.err);
		return;
	}
	ck_assert_msg(rc < 0, "%s: accepted", c->argv[0]);
	ck_assert_str_eq(cfg.err, c->err);
}
END_TEST

/* ---- ubd ------------------------------------------------------------------- */

struct ubd_case {
	const char *argv[MAXARGS];
	int n;
	const char *file, *backing, *serial;
	const char *flags;	/* subset of "rsdct" expected set */
};

static const struct ubd_case ubd_cases[] = {
	{ { "ubd0=root.img" }, 0, "root.img", NULL, NULL, "" },
	{ { "ubda=root.img" }, 0, "root.img", NULL, NULL, "" },
	{ { "ubdb=b.img" }, 1, "b.img", NULL, NULL, "" },
	{ { "ubdp=p.img" }, 15, "p.img", NULL, NULL, "" },
	{ { "ubd15=x" }, 15, "x", NULL, NULL, "" },
	{ { "ubd1r=data" }, 1, "data", NULL, NULL, "r" },
	{ { "ubd2rsdct=f" }, 2, "f", NULL, NULL, "rsdct" },
	{ { "ubd3tcsr=f" }, 3, "f", NULL, NULL, "tcsr" },
	{ { "ubd5rrrrrr=f" }, 5, "f", NULL, NULL, "r" },
	{ { "ubd4=cow,back" }, 4, "cow", "back", NULL, "" },
	{ { "ubd4=~/cow:~/back" }, 4, "~/cow", "~/back", NULL, "" },
	{ { "ubd4=cow,back,SER1" }, 4, "cow", "back", "SER1", "" },
	{ { "ubd4=File,,Serial" }, 4, "File", NULL, "Serial", "" },
	{ { "ubd4=File:,Serial" }, 4, "File", NULL, "Serial", "" },
	{ { "ubd4=cow,back," }, 4, "cow", "back", NULL, "" },
	{ { "ubd4=,back" }, 4, NULL, "back", NULL, "" },
	{ { "ubd6=" }, 6, NULL, NULL, NULL, "" },
	{ { "ubd6=", "ubd6=again" }, 6, "again", NULL, NULL, "" },
	{ { "ubd7d=plain" }, 7, "plain", NULL, NULL, "d" },
	{ { "ubd7d=plain,,S" }, 7, "plain", NULL, "S", "d" },
	/* UML parses the number with base 0: "0x3" is 3 (UML), "010" is 8 */
	{ { "ubd0x3=img" }, 3, "img", NULL, NULL, "" },
	{ { "ubd010=img" }, 8, "img", NULL, NULL, "" },
	{ { "ubd0d=img" }, 0, "img", NULL, NULL, "d" },
	/* ubd=sync applies to the devices given after it */
	{ { "ubd=sync", "ubd1=x" }, 1, "x", NULL, NULL, "s" },
	{ { "ubd1=x", "ubd=sync" }, 1, "x", NULL, NULL, "" },
	/* without ubd0=, ubd0 is root_fs */
	{ { "ubd1=x" }, 0, "root_fs", NULL, NULL, "" },
};

START_TEST(test_ubd)
{
	const struct ubd_case *c = &ubd_cases[_i];
	const struct um_ubd *d;
	int rc;

	rc = parse(c->argv);
	ck_assert_msg(rc == 0, "rc %d err '%s'", rc, cfg.err);
	d = &cfg.ubd[c->n];
	if (c->file)
		ck_assert_str_eq(d->file, c->file);
	else
		ck_assert_ptr_null(d->file);
	if (c->backing)
		ck_assert_str_eq(d->backing, c->backing);
	else
		ck_assert_ptr_null(d->backing);
	if (c->serial)
		ck_assert_str_eq(d->serial, c->serial);
	else
		ck_assert_ptr_null(d->serial);
	ck_assert_int_eq(d->ro, strchr(c->flags, 'r') != NULL);
	ck_assert_int_eq(d->sync, strchr(c->flags, 's') != NULL);
	ck_assert_int_eq(d->no_cow, strchr(c->flags, 'd') != NULL);
	ck_assert_int_eq(d->shared, strchr(c->flags, 'c') != NULL);
	ck_assert_int_eq(d->no_trim, strchr(c->flags, 't') != NULL);
	ck_assert_int_eq(d->is_default, c->n == 0 && strcmp(c->file, "root_fs") == 0);
}
END_TEST

START_TEST(test_ubd_misc)
{
	static const char *const fake[] = { "ubd=5", NULL };
	static const char *const given[] = { "ubd0=disk", NULL };

	ck_assert_int_eq(parse(fake), 0);
	ck_assert_int_eq(cfg.nwarn, 1);
	ck_assert_str_eq(cfg.warn[0], "fake major not supported any more");
	ck_assert_int_eq(parse(given), 0);
	ck_assert(!cfg.ubd[0].is_default);
	ck_assert_ptr_null(cfg.ubd[1].file);
}
END_TEST

/* ---- mem= ------------------------------------------------------------------ */

struct mem_case {
	const char *arg;
	unsigned long long bytes;
};

static const struct mem_case mem_cases[] = {
	{ "mem=64M", 64ULL << 20 }, { "mem=64m", 64ULL << 20 },
	{ "mem=1G", 1ULL << 30 }, { "mem=3g", 3ULL << 30 },
	{ "mem=512k", 512ULL << 10 }, { "mem=2048K", 2ULL << 20 },
	{ "mem=1T", 1ULL << 40 }, { "mem=134217728", 128ULL << 20 },
	{ "mem=0x4000000", 64ULL << 20 }, { "mem=010M", 8ULL << 20 },
	{ "mem=15E", 15ULL << 60 }, { "mem=0", 0 },
};

START_TEST(test_mem)
{
	const char *args[] = { mem_cases[_i].arg, NULL };

	ck_assert_int_eq(parse(args), 0);
	ck_assert_uint_eq(cfg.mem, mem_cases[_i].bytes);
	ck_assert_str_eq(cfg.mem_arg, mem_cases[_i].arg + 4);
}
END_TEST

START_TEST(test_mem_check)
{
	static const char *const none[] = { NULL };
	static const char *const small[] = { "mem=1K", NULL };
	static const char *const huge[] = { "mem=999T", NULL };
	static const char *const min[] = { "mem=16M", "mem=17M", "mem=16M", NULL };
	char err[UM_MSG_LEN];

	ck_assert_int_eq(parse(none), 0);
	ck_assert_uint_eq(cfg.mem, 64ULL << 20);
	ck_assert_ptr_null(cfg.mem_arg);
	ck_assert_int_eq(um_mem_check(&cfg, 8ULL << 30, err, sizeof(err)), 0);
	ck_assert_int_lt(um_mem_check(&cfg, 32ULL << 20, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "mem=64M: out of range (minimum 16M, maximum 32M)");

	ck_assert_int_eq(parse(small), 0);
	ck_assert_int_lt(um_mem_check(&cfg, 4ULL << 30, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "mem=1K: out of range (minimum 16M, maximum 4G)");

	ck_assert_int_eq(parse(huge), 0);
	ck_assert_uint_eq(cfg.mem, 999ULL << 40);
	ck_assert_int_lt(um_mem_check(&cfg, 8342138880ULL, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "mem=999T: out of range (minimum 16M, maximum 7955M)");

	ck_assert_int_eq(parse(min), 0);	/* the last mem= wins */
	ck_assert_uint_eq(cfg.mem, 16ULL << 20);
	ck_assert_int_eq(um_mem_check(&cfg, 16ULL << 20, err, sizeof(err)), 0);
	cfg.mem--;
	ck_assert_int_lt(um_mem_check(&cfg, 16ULL << 20, err, sizeof(err)), 0);
}
END_TEST

/* ---- eth --------------------------------------------------------------------- */

struct eth_case {
	const char *arg;
	int n;
	enum um_eth_transport t;
	const char *mac;	/* NULL: none given */
	const char *sock;	/* vde switch or daemon control socket */
	unsigned int port, mode;
	const char *group, *descr;
	const char *warn;	/* the one warning expected, or NULL */
};

static const struct eth_case eth_cases[] = {
	{ "eth0=vde,/tmp/sw", 0, UM_ETH_VDE, NULL, "/tmp/sw", 0, 0, NULL, NULL, NULL },
	{ "eth0=vde,/tmp/sw,fe:fd:00:00:00:11,5", 0, UM_ETH_VDE,
	  "fe:fd:00:00:00:11", "/tmp/sw", 5, 0, NULL, NULL, NULL },
	{ "eth1=vde", 1, UM_ETH_VDE, NULL, NULL, 0, 0, NULL, NULL, NULL },
	{ "eth1=vde,", 1, UM_ETH_VDE, NULL, NULL, 0, 0, NULL, NULL, NULL },
	{ "eth2=vde,,,7", 2, UM_ETH_VDE, NULL, NULL, 7, 0, NULL, NULL, NULL },
	{ "eth3=vde,/s,,3,grp,0770,my-port", 3, UM_ETH_VDE, NULL, "/s", 3, 0770,
	  "grp", "my-port", NULL },
	{ "eth3=vde,/s,,,,,d,extra", 3, UM_ETH_VDE, NULL, "/s", 0, 0, NULL, "d",
	  "vde_setup - Ignoring extra data :'extra'" },
	{ "eth4=daemon,fe:fd:00:00:00:01,unix,/tmp/sw.ctl", 4, UM_ETH_DAEMON,
	  "fe:fd:00:00:00:01", "/tmp/sw.ctl", 0, 0, NULL, NULL, NULL },
	{ "eth4=daemon,,unix,/tmp/x", 4, UM_ETH_DAEMON, NULL, "/tmp/x", 0, 0,
	  NULL, NULL, NULL },
	{ "eth5=daemon", 5, UM_ETH_DAEMON, NULL, UM_DAEMON_DEFAULT_SOCK, 0, 0,
	  NULL, NULL, NULL },
	{ "eth5=daemon,,,/c,/data", 5, UM_ETH_DAEMON, NULL, "/c", 0, 0, NULL,
	  NULL, "eth5: daemon_setup : Ignoring data socket specification" },
	{ "eth0x6=daemon,2:0:0:0:0:1", 6, UM_ETH_DAEMON, "02:00:00:00:00:01",
	  UM_DAEMON_DEFAULT_SOCK, 0, 0, NULL, NULL, NULL },
	{ "eth15=daemon,00:11:22:33:44:55", 15, UM_ETH_DAEMON, "00:11:22:33:44:55",
	  UM_DAEMON_DEFAULT_SOCK, 0, 0, NULL, NULL,
	  "eth15: Warning: 00:11:22:33:44:55 is a globally valid ethernet "
	  "address; set the 2nd rightmost bit of the first byte, i.e. "
	  "02:11:22:33:44:55" },
};

START_TEST(test_eth)
{
	const struct eth_case *c = &eth_cases[_i];
	const char *args[] = { c->arg, NULL };
	const struct um_eth *e;
	uint8_t mac[6];
	char err[UM_MSG_LEN];
	int i;

	ck_assert_msg(parse(args) == 0, "%s: %s", c->arg, cfg.err);
	e = &cfg.eth[c->n];
	ck_assert_int_eq(e->transport, c->t);
	for (i = 0; i < UM_MAX_ETH; i++)
		if (i != c->n)
			ck_assert_int_eq(cfg.eth[i].transport, UM_ETH_NONE);
	ck_assert_int_eq(e->have_mac, c->mac != NULL);
	if (c->mac) {
		ck_assert_int_eq(um_mac_parse(c->mac, mac, err, sizeof(err)), 0);
		ck_assert_mem_eq(e->mac, mac, 6);
	}
	if (c->t == UM_ETH_VDE) {
		if (c->sock)
			ck_assert_str_eq(e->vde_sock, c->sock);
		else
			ck_assert_ptr_null(e->vde_sock);
		ck_assert_uint_eq(e->vde_port, c->port);
		ck_assert_uint_eq(e->vde_mode, c->mode);
		if (c->group)
			ck_assert_str_eq(e->vde_group, c->group);
		else
			ck_assert_ptr_null(e->vde_group);
		if (c->descr)
			ck_assert_str_eq(e->vde_descr, c->descr);
		else
			ck_assert_ptr_null(e->vde_descr);
	} else {
		ck_assert_str_eq(e->ctl_sock, c->sock);
		ck_assert_str_eq(e->sock_type, "unix");
	}
	ck_assert_int_eq(cfg.nwarn, c->warn != NULL);
	if (c->warn)
		ck_assert_str_eq(cfg.warn[0], c->warn);
}
END_TEST

/* ---- MAC addresses ------------------------------------------------------------ */

struct mac_case {
	const char *s;
	uint8_t mac[6];
	const char *err;
};

#define BADMAC(s) { s, { 0 }, "setup_etheraddr: failed to parse '" s "' as an ethernet address" }

static const struct mac_case mac_cases[] = {
	{ "fe:fd:00:00:00:01", { 0xfe, 0xfd, 0, 0, 0, 1 }, NULL },
	{ "FE:Fd:0:0:a:B", { 0xfe, 0xfd, 0, 0, 0x0a, 0x0b }, NULL },
	{ "02:00:5e:10:20:30", { 2, 0, 0x5e, 0x10, 0x20, 0x30 }, NULL },
	{ "00:11:22:33:44:55", { 0, 0x11, 0x22, 0x33, 0x44, 0x55 }, NULL },
	BADMAC("fe:fd:00:00:00"),
	BADMAC("fe:fd:00:00:00:01:02"),
	BADMAC("fe:fd:00:00:00:"),
	BADMAC("fe-fd-00-00-00-01"),
	BADMAC("fe:fd:000:00:00:01"),
	BADMAC("0xfe:fd:00:00:00:01"),
	BADMAC(""),
	BADMAC("gg:fd:00:00:00:01"),
	BADMAC(" fe:fd:00:00:00:01"),
	{ "01:00:5e:00:00:01", { 0 }, "Attempt to assign a multicast ethernet address to a device disallowed" },
	{ "ff:ff:ff:ff:ff:ff", { 0 }, "Attempt to assign a multicast ethernet address to a device disallowed" },
	{ "00:00:00:00:00:00", { 0 }, "Attempt to assign an invalid ethernet address to a device disallowed" },
};

START_TEST(test_mac)
{
	const struct mac_case *c = &mac_cases[_i];
	char err[UM_MSG_LEN] = "";
	uint8_t mac[6];
	int rc;

	rc = um_mac_parse(c->s, mac, err, sizeof(err));
	if (c->err) {
		ck_assert_int_lt(rc, 0);
		ck_assert_str_eq(err, c->err);
	} else {
		ck_assert_msg(rc == 0, "%s: %s", c->s, err);
		ck_assert_mem_eq(mac, c->mac, 6);
	}
}
END_TEST

/* ---- consoles and serial lines ------------------------------------------------ */

struct chan_case {
	const char *argv[MAXARGS];
	bool ssl;		/* check ssl[n] instead of con[n] */
	int n;
	const char *spec;
	enum um_chan_type in, out;
	int in_arg, out_arg;	/* fd or port */
	const char *dev;	/* tty device of the output side */
};

static const struct chan_case chan_cases[] = {
	{ { NULL }, false, 0, "fd:0,fd:1", UM_CHAN_FD, UM_CHAN_FD, 0, 1, NULL },
	{ { NULL }, false, 7, "null", UM_CHAN_NULL, UM_CHAN_NULL, 0, 0, NULL },
	{ { NULL }, true, 0, "pty", UM_CHAN_PTY, UM_CHAN_PTY, 0, 0, NULL },
	{ { NULL }, true, 63, "pty", UM_CHAN_PTY, UM_CHAN_PTY, 0, 0, NULL },
	{ { "con=null", "con0=fd:0,fd:1" }, false, 0, "fd:0,fd:1", UM_CHAN_FD,
	  UM_CHAN_FD, 0, 1, NULL },
	{ { "con=null", "con0=fd:0,fd:1" }, false, 1, "null", UM_CHAN_NULL,
	  UM_CHAN_NULL, 0, 0, NULL },
	/* con= covers con0 too, whatever the order */
	{ { "con=pts" }, false, 0, "pts", UM_CHAN_PTS, UM_CHAN_PTS, 0, 0, NULL },
	{ { "con0=fd:3", "con=xterm" }, false, 0, "fd:3", UM_CHAN_FD, UM_CHAN_FD,
	  3, 3, NULL },
	{ { "con0=fd:3", "con=xterm" }, false, 15, "xterm", UM_CHAN_XTERM,
	  UM_CHAN_XTERM, 0, 0, NULL },
	{ { "con2=fd:0x3,fd:010" }, false, 2, "fd:0x3,fd:010", UM_CHAN_FD,
	  UM_CHAN_FD, 3, 8, NULL },
	{ { "con5=null,tty:/dev/tty5" }, false, 5, "null,tty:/dev/tty5",
	  UM_CHAN_NULL, UM_CHAN_TTY, 0, 0, "/dev/tty5" },
	{ { "con1=fd:4", "con1=pty" }, false, 1, "pty", UM_CHAN_PTY, UM_CHAN_PTY,
	  0, 0, NULL },
	{ { "ssl=null" }, true, 0, "null", UM_CHAN_NULL, UM_CHAN_NULL, 0, 0, NULL },
	{ { "ssl3=port:9000" }, true, 3, "port:9000", UM_CHAN_PORT, UM_CHAN_PORT,
	  9000, 9000, NULL },
	{ { "ssl63=pts,port:65535" }, true, 63, "pts,port:65535", UM_CHAN_PTS,
	  UM_CHAN_PORT, 0, 65535, NULL },
	{ { "ssl1=tty:/dev/ttyS0" }, true, 1, "tty:/dev/ttyS0", UM_CHAN_TTY,
	  UM_CHAN_TTY, 0, 0, "/dev/ttyS0" },
};

static const char *const chan_names[] = {
	"null", "fd", "port", "pty", "pts", "tty", "xterm",
};

static int
chan_arg(const struct um_chan *c)
{
	return c->type == UM_CHAN_PORT ? c->port : c->fd;
}

START_TEST(test_chan)
{
	const struct chan_case *c = &chan_cases[_i];
	const struct um_line *l;

	ck_assert_msg(parse(c->argv) == 0, "%s", cfg.err);
	l = c->ssl ? &cfg.ssl[c->n] : &cfg.con[c->n];
	ck_assert_str_eq(l->spec, c->spec);
	ck_assert_int_eq(l->in.type, c->in);
	ck_assert_int_eq(l->out.type, c->out);
	ck_assert_int_eq(chan_arg(&l->in), c->in_arg);
	ck_assert_int_eq(chan_arg(&l->out), c->out_arg);
	if (c->dev)
		ck_assert_str_eq(l->out.dev, c->dev);
	ck_assert_str_eq(um_chan_name(l->in.type), chan_names[c->in]);
}
END_TEST

/* ---- the other options' fields ------------------------------------------------- */

START_TEST(test_fields)
{
	static const char *const a[] = {
		"umid=web1", "uml_dir=/tmp/ud", "console=ttyS0", "rw", "quiet",
		"noreboot", "nosysemu", "ssl-non-raw", "xterm=gnome-terminal,-t,-x",
		"mconsole=notify:/tmp/watch", "hostfs=/srv", "root=/dev/ubdb",
		NULL };
	static const char *const b[] = { "debug", "rw", "ro", NULL };
	static const char *const c[] = { "quiet", "loglevel=3", NULL };

	ck_assert_int_eq(parse(a), 0);
	ck_assert_str_eq(cfg.umid, "web1");
	ck_assert_str_eq(cfg.uml_dir, "/tmp/ud");
	ck_assert_str_eq(cfg.console, "ttyS0");
	ck_assert(cfg.root_rw);
	ck_assert(cfg.quiet);
	ck_assert_int_eq(cfg.loglevel, 4);
	ck_assert(cfg.noreboot && cfg.nosysemu && cfg.ssl_non_raw);
	ck_assert_str_eq(cfg.xterm, "gnome-terminal,-t,-x");
	ck_assert_str_eq(cfg.mconsole_notify, "/tmp/watch");
	ck_assert_str_eq(cfg.hostfs, "/srv");
	ck_assert(!cfg.hostfs_append);
	ck_assert_str_eq(cfg.root, "/dev/ubdb");
	ck_assert_int_eq(cfg.nwarn, 0);
	/* umid= and xterm= are taken off the line (UML) */
	ck_assert_ptr_null(strstr(cfg.cmdline, "umid"));
	ck_assert_ptr_null(strstr(cfg.cmdline, "xterm"));
	ck_assert_ptr_nonnull(strstr(cfg.cmdline, "uml_dir=/tmp/ud"));

	ck_assert_int_eq(parse(b), 0);
	ck_assert(!cfg.root_rw);	/* ro after rw */
	ck_assert_int_eq(cfg.loglevel, 10);
	ck_assert(!cfg.quiet);
	ck_assert_ptr_null(cfg.umid);
	ck_assert_ptr_null(cfg.uml_dir);
	ck_assert_str_eq(cfg.console, "tty0");	/* the appended default */
	ck_assert_str_eq(cfg.root, "98:0");

	ck_assert_int_eq(parse(c), 0);
	ck_assert_int_eq(cfg.loglevel, 3);
	ck_assert_str_eq(cfg.cmdline, "quiet loglevel=3 root=98:0 console=tty0");
	ck_assert_str_eq(cfg.unknown_msg, "");
}
END_TEST

/*
 * hostfs=<dir>[,append]: UML's reading. The directory is the part before
 * the first comma; an empty one leaves the one before (or none: the
 * host's root); "append" stays once given; other words are reported.
 */
START_TEST(test_hostfs)
{
	static const char *const a[] = { "hostfs=/srv/share,append", NULL };
	static const char *const b[] = { "hostfs=", NULL };
	static const char *const c[] = { "hostfs=/a", "hostfs=,append", "hostfs=/b,", NULL };
	static const char *const d[] = { "hostfs=/x,bogus,append,,more", NULL };
	static const char *const e[] = { "mem=64M", NULL };

	ck_assert_int_eq(parse(a), 0);
	ck_assert_str_eq(cfg.hostfs, "/srv/share");
	ck_assert(cfg.hostfs_append);
	ck_assert_int_eq(cfg.nwarn, 0);
	/* It stays on the kernel command line, as in UML. */
	ck_assert_ptr_nonnull(strstr(cfg.cmdline, "hostfs=/srv/share,append"));

	ck_assert_int_eq(parse(b), 0);
	ck_assert_ptr_null(cfg.hostfs);
	ck_assert(!cfg.hostfs_append);

	ck_assert_int_eq(parse(c), 0);
	ck_assert_str_eq(cfg.hostfs, "/b");
	ck_assert(cfg.hostfs_append);

	ck_assert_int_eq(parse(d), 0);
	ck_assert_str_eq(cfg.hostfs, "/x");
	ck_assert(cfg.hostfs_append);
	ck_assert_int_eq(cfg.nwarn, 2);
	ck_assert_str_eq(cfg.warn[0], "hostfs_args - unsupported option - bogus");
	ck_assert_str_eq(cfg.warn[1], "hostfs_args - unsupported option - more");

	ck_assert_int_eq(parse(e), 0);
	ck_assert_ptr_null(cfg.hostfs);
	ck_assert(!cfg.hostfs_append);
	ck_assert_ptr_null(cfg.rootfstype);
	ck_assert_ptr_null(cfg.rootflags);
}
END_TEST

/* rootfstype= and rootflags=: the kernel's (a hostfs root), not init's environment. */
START_TEST(test_rootfstype)
{
	static const char *const a[] = { "rootfstype=hostfs", "rootflags=/srv/root",
					 "init=/init", NULL };
	static const char *const b[] = { "rootfstype=", "rootflags=", NULL };

	ck_assert_int_eq(parse(a), 0);
	ck_assert_str_eq(cfg.rootfstype, "hostfs");
	ck_assert_str_eq(cfg.rootflags, "/srv/root");
	ck_assert_ptr_nonnull(strstr(cfg.cmdline, "rootfstype=hostfs rootflags=/srv/root"));
	for (int i = 0; cfg.init.envp[i]; i++)
		ck_assert_ptr_null(strstr(cfg.init.envp[i], "root"));
	ck_assert_int_eq(parse(b), 0);
	ck_assert_ptr_null(cfg.rootfstype);
	ck_assert_str_eq(cfg.rootflags, "");
}
END_TEST

/* ---- limits ---------------------------------------------------------------------- */

static char pad[COMMAND_LINE_SIZE + 16];

/* UML: one argument of n bytes plus " root=98:0 console=tty0" (23 bytes). */
START_TEST(test_cmdline_limit)
{
	char *argv[3] = { "linux", pad, NULL };

	memset(pad, 'a', 4073);
	pad[4073] = '\0';
	ck_assert_msg(parse_argv(2, argv) == 0, "%s", cfg.err);
	ck_assert_uint_eq(cfg.cmdline_len, COMMAND_LINE_SIZE);
	ck_assert_uint_eq(strlen(cfg.cmdline), COMMAND_LINE_SIZE);
	ck_assert_str_eq(cfg.cmdline + 4073, " root=98:0 console=tty0");
	ck_assert_str_eq(cfg.init.argv[1], pad);

	memset(pad, 'a', 4074);
	pad[4074] = '\0';
	ck_assert_int_lt(parse_argv(2, argv), 0);
	ck_assert_str_eq(cfg.err, "add_arg: Too many command line arguments!");

	/* root= given: only " console=tty0" (13 bytes) is appended */
	memcpy(pad, "root=", 5);
	memset(pad + 5, 'a', 4083 - 5);
	pad[4083] = '\0';
	ck_assert_msg(parse_argv(2, argv) == 0, "%s", cfg.err);
	ck_assert_uint_eq(cfg.cmdline_len, COMMAND_LINE_SIZE);
	pad[4083] = 'a';
	pad[4084] = '\0';
	ck_assert_int_lt(parse_argv(2, argv), 0);
	/* a first argument of COMMAND_LINE_SIZE bytes never fits */
	memset(pad, 'a', COMMAND_LINE_SIZE);
	pad[COMMAND_LINE_SIZE] = '\0';
	ck_assert_int_lt(parse_argv(2, argv), 0);
}
END_TEST

/* UML (CONFIG_INIT_ENV_ARG_LIMIT=128): 128 words for argv, 127 extra env vars. */
START_TEST(test_init_limits)
{
	static char words[260][16];
	int i, argc;

	big_argv[0] = "linux";
	for (argc = 1; argc <= 128; argc++) {
		snprintf(words[argc], sizeof(words[0]), "w%d", argc);
		big_argv[argc] = words[argc];
	}
	ck_assert_msg(parse_argv(argc, big_argv) == 0, "%s", cfg.err);
	ck_assert_int_eq(cfg.init.argc, 129);
	ck_assert_str_eq(cfg.init.argv[128], "w128");

	snprintf(words[argc], sizeof(words[0]), "w%d", argc);
	big_argv[argc] = words[argc];
	ck_assert_int_lt(parse_argv(argc + 1, big_argv), 0);
	ck_assert_str_eq(cfg.err, "Too many boot init vars at `w129'");

	for (i = 1; i <= 127; i++) {
		snprintf(words[i], sizeof(words[0]), "e%d=1", i);
		big_argv[i] = words[i];
	}
	ck_assert_msg(parse_argv(128, big_argv) == 0, "%s", cfg.err);
	ck_assert_int_eq(cfg.init.envc, 129);
	snprintf(words[128], sizeof(words[0]), "e128=1");
	big_argv[128] = words[128];
	ck_assert_int_lt(parse_argv(129, big_argv), 0);
	ck_assert_str_eq(cfg.err, "Too many boot env vars at `e128=1'");

	/* replacing an existing variable never hits the limit */
	snprintf(words[128], sizeof(words[0]), "e5=2");
	ck_assert_int_eq(parse_argv(129, big_argv), 0);
	ck_assert_str_eq(cfg.init.envp[6], "e5=2");

	/* after "--" the same argv limit holds (root= and console= count) */
	big_argv[1] = "--";
	for (i = 2; i <= 128; i++) {
		snprintf(words[i], sizeof(words[0]), "x%d", i);
		big_argv[i] = words[i];
	}
	ck_assert_msg(parse_argv(128, big_argv) == 0, "%s", cfg.err);
	ck_assert_int_eq(cfg.init.argc, 129);
	ck_assert_str_eq(cfg.init.argv[128], "console=tty0");
	ck_assert_int_lt(parse_argv(129, big_argv), 0);
	ck_assert_str_eq(cfg.err, "Too many boot init vars at `console=tty0'");
}
END_TEST

/* ---- --help, --version, --showconfig -------------------------------------------- */

START_TEST(test_actions)
{
	static const char *const help[] = { "--help", NULL };
	static const char *const helpme[] = { "--helpme", NULL };
	static const char *const v[] = { "mem=32Q", "--version", "--help", NULL };
	static const char *const sc[] = { "ubd9=x", "--showconfig", NULL };
	static const char *const skip[] = { " --help", NULL };

	ck_assert_int_eq(parse(help), 0);
	ck_assert_int_eq(cfg.action, UM_ACTION_HELP);
	ck_assert_int_eq(parse(helpme), 0);	/* prefix match, as UML */
	ck_assert_int_eq(cfg.action, UM_ACTION_HELP);
	ck_assert_int_eq(parse(v), 0);		/* wins over a bad option */
	ck_assert_int_eq(cfg.action, UM_ACTION_VERSION);
	ck_assert_int_eq(parse(sc), 0);
	ck_assert_int_eq(cfg.action, UM_ACTION_SHOWCONFIG);
	ck_assert_int_eq(parse(skip), 0);
	ck_assert_int_eq(cfg.action, UM_ACTION_BOOT);
	ck_assert_str_eq(cfg.cmdline, "root=98:0 console=tty0");

	ck_assert_str_eq(um_version_text(), UMK_VERSION);
	ck_assert_ptr_nonnull(strstr(um_showconfig_text(),
				     "\nCONFIG_COMMAND_LINE_SIZE=4096\n"));
	ck_assert_ptr_nonnull(strstr(um_showconfig_text(),
				     "\nCONFIG_INIT_ENV_ARG_LIMIT=128\n"));
}
END_TEST

START_TEST(test_help)
{
	static char buf[16384];
	static const char *const must[] = {
		"--help", "--version", "--showconfig", "mem=<size>",
		"ubd<n><flags>=<file>[(:|,)<file2>][(:|,)<serial>]",
		"eth[0-9]+=<transport>,<options>", "con[0-9]*=<channel>",
		"ssl[0-9]*=<channel>", "umid=<name>", "uml_dir=<directory>",
		"mconsole=notify:<socket>", "root=<device>", "init=<program>",
		"console=<name>", "quiet", "debug", "noreboot", "nosysemu",
		"ssl-non-raw", "rw", "ro", "udb", "hostfs=<root dir>[,append]",
		"loglevel=<n>", "rootfstype=<type>", "rootflags=<options>", NULL };
	char head[64], small[10], *p, *line, *save = NULL;
	size_t len;
	int i, paras = 0;
	bool first = true;

	len = um_help_text(buf, sizeof(buf));
	ck_assert_uint_eq(len, strlen(buf));
	ck_assert_uint_lt(len, sizeof(buf) - 1);
	snprintf(head, sizeof(head), "umk v%s\n\t", UMK_VERSION);
	ck_assert_msg(strncmp(buf, head, strlen(head)) == 0, "header: %.60s", buf);
	ck_assert_ptr_null(strstr(buf, "http"));
	ck_assert_ptr_null(strstr(buf, "User Mode Linux"));

	/* every option line at column 0 is followed by 4-space lines, then a blank */
	p = strstr(buf, "\n\n") + 2;
	for (i = 0; must[i]; i++) {
		char want[128];

		snprintf(want, sizeof(want), "\n\n%s\n    ", must[i]);
		ck_assert_msg(strstr(buf, want) || (strncmp(p, want + 2,
			      strlen(want + 2)) == 0), "no paragraph for %s",
			      must[i]);
	}
	ck_assert_msg(buf[len - 1] == '\n' && buf[len - 2] == '\n', "no final blank line");
	for (line = strtok_r(p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != ' ') {
			paras++;
			first = false;
			continue;
		}
		ck_assert_msg(!first && strncmp(line, "    ", 4) == 0 && line[4],
			      "bad line '%s'", line);
	}
	ck_assert_int_ge(paras, 24);

	/* a short buffer gets a terminated prefix and the full length */
	ck_assert_uint_eq(um_help_text(small, sizeof(small)), len);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_uint_eq(um_help_text(NULL, 0), len);
}
END_TEST

/* ---- the generic word splitter --------------------------------------------------- */

struct word_case {
	const char *line;
	const char *words;	/* joined by '|' */
};

static const struct word_case word_cases[] = {
	{ "foo=\"a b\" \"w1 w2\" \"a=b c\" a\"b c\"d", "foo=a b|w1 w2|a=b c|a\"b c\"d" },
	{ "  a\tb\nc  \r d", "a|b|c|d" },
	{ "a=\"", "a=" },
	{ "x=\"\"", "x=" },
	{ "\"", "" },
	{ "\"\" y", "|y" },
	{ "\"a b", "a b" },
	{ "k=v=w", "k=v=w" },
	{ "", "" },
	{ "   ", "" },
};

START_TEST(test_words)
{
	const struct word_case *c = &word_cases[_i];
	const char *pos = c->line, *out[32];
	char buf[256], *b = buf, joined[512];
	struct param_word w;
	int n = 0;

	while (param_next(&pos, &b, &w))
		out[n++] = w.word;
	ck_assert_str_eq(join(out, n, joined, sizeof(joined)), c->words);
	ck_assert_uint_le((size_t)(b - buf), strlen(c->line) + 1);
}
END_TEST

START_TEST(test_word_parts)
{
	const char *pos = "=x=y name=val bare q=\"v w\"";
	char buf[64], *b = buf;
	struct param_word w;

	ck_assert(param_next(&pos, &b, &w));
	ck_assert_str_eq(w.word, "=x=y");
	ck_assert_uint_eq(w.namelen, 2);	/* an '=' at offset 0 does not count */
	ck_assert_str_eq(w.val, "y");
	ck_assert(param_next(&pos, &b, &w));
	ck_assert_uint_eq(w.namelen, 4);
	ck_assert_str_eq(w.val, "val");
	ck_assert(param_next(&pos, &b, &w));
	ck_assert_uint_eq(w.namelen, 4);
	ck_assert_ptr_null(w.val);
	ck_assert(param_next(&pos, &b, &w));
	ck_assert_str_eq(w.word, "q=v w");
	ck_assert_str_eq(w.val, "v w");
	ck_assert(!param_next(&pos, &b, &w));

	ck_assert(parameqn("fake-ide", "fake_ide", 8));
	ck_assert(parameqn("ssl_non-raw", "ssl-non_raw", 11));
	ck_assert(!parameqn("fakeide", "fake_ide", 8));
	ck_assert(!parameqn("con", "console=", 8));
}
END_TEST

START_TEST(test_numbers)
{
	unsigned long long v;
	const char *end;
	char num[21];

	ck_assert_int_eq(param_strtoull("0x1f", &end, 0, &v), 0);
	ck_assert_uint_eq(v, 31);
	ck_assert_int_eq(param_strtoull("0xg", &end, 0, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_str_eq(end, "xg");
	ck_assert_int_eq(param_strtoull("0777", &end, 0, &v), 0);
	ck_assert_uint_eq(v, 0777);
	ck_assert_int_eq(param_strtoull("089", &end, 0, &v), 0);
	ck_assert_str_eq(end, "89");
	ck_assert_int_eq(param_strtoull("x", &end, 0, &v), -EINVAL);
	ck_assert_int_eq(param_strtoull("18446744073709551615", &end, 10, &v), 0);
	ck_assert_uint_eq(v, ~0ULL);
	ck_assert_int_eq(param_strtoull("18446744073709551616", &end, 10, &v), -ERANGE);
	ck_assert_str_eq(end, "");
	ck_assert_int_eq(param_memparse("16383P", &end, &v), 0);
	ck_assert_uint_eq(v, 16383ULL << 50);
	ck_assert_int_eq(param_memparse("16384P", &end, &v), -ERANGE);
	ck_assert_int_eq(param_memparse("12x", &end, &v), 0);
	ck_assert_str_eq(end, "x");
	ck_assert_str_eq(param_utoa(0, num), "0");
	ck_assert_str_eq(param_utoa(~0ULL, num), "18446744073709551615");
}
END_TEST

static Suite *
params_suite(void)
{
	Suite *s = suite_create("params");
	TCase *tc;

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
	tc = tcase_create("cmdline");
	tcase_add_loop_test(tc, test_line, 0, N(line_cases));
	tcase_add_test(tc, test_cmdline_limit);
	tcase_add_test(tc, test_init_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_err, 0, N(err_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("ubd");
	tcase_add_loop_test(tc, test_ubd, 0, N(ubd_cases));
	tcase_add_test(tc, test_ubd_misc);
	suite_add_tcase(s, tc);

	tc = tcase_create("mem");
	tcase_add_loop_test(tc, test_mem, 0, N(mem_cases));
	tcase_add_test(tc, test_mem_check);
	suite_add_tcase(s, tc);

	tc = tcase_create("net");
	tcase_add_loop_test(tc, test_eth, 0, N(eth_cases));
	tcase_add_loop_test(tc, test_mac, 0, N(mac_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("chan");
	tcase_add_loop_test(tc, test_chan, 0, N(chan_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_hostfs);
	tcase_add_test(tc, test_rootfstype);
	tcase_add_test(tc, test_actions);
	tcase_add_test(tc, test_help);
	suite_add_tcase(s, tc);

	tc = tcase_create("generic");
	tcase_add_loop_test(tc, test_words, 0, N(word_cases));
	tcase_add_test(tc, test_word_parts);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
#undef N
	return s;
}

int
main(void)
{
	return run_suite(params_suite());
}
