// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device specifications of the UML command line: ubd<N><flags>=..., the
 * eth<N>= transports (vde, daemon), console/serial channels ("fd:0,fd:1")
 * and MAC addresses. Called by um_params.c for the boot command line; the
 * same functions serve mconsole's "config <dev>=<spec>" later.
 *
 * Where UML only prints a message and carries on, umk refuses the option
 * (one line, exit 1 in main()), keeping UML's wording for the message.
 * Pure logic: no host headers, no printing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kernel/params.h"
#include "uapi/errno.h"
#include "um_params.h"

/* ---- ubd ---------------------------------------------------------------- */

static int
ubd_error(struct um_config *cfg, const char *spec, const char *msg)
{
	param_cat(cfg->err, sizeof(cfg->err),
		  "Failed to initialize device with \"", spec, "\" : ", msg,
		  NULL);
	return -EINVAL;
}

/* next_field cuts s at the first ',' or ':' and returns the rest, or NULL. */
static char *
next_field(char *s)
{
	char *sep = strpbrk(s, ",:");

	if (sep == NULL)
		return NULL;
	*sep = '\0';
	return sep + 1;
}

/* ubd_unit parses "0".."15" (base 0, as UML) or "a".."p"; -1 if neither. */
static long long
ubd_unit(const char **p)
{
	unsigned long long n;
	const char *end;
	int err;

	if (**p >= '0' && **p <= '9') {
		err = param_strtoull(*p, &end, 0, &n);
		*p = end;
		return err || n > UM_MAX_UBD ? UM_MAX_UBD : (long long)n;
	}
	if (**p >= 'a' && **p <= 'z')
		return *(*p)++ - 'a';
	return -1;
}

/*
 * ubd_flags reads the flag letters up to '=' (left at *p) into d; returns
 * UML's message on error. UML scans sizeof("rscdt=") characters: at most
 * six flags, then the '='.
 */
static const char *
ubd_flags(const char **p, struct um_ubd *d)
{
	int i;

	for (i = 0; i <= UM_UBD_MAX_FLAGS; i++, (*p)++) {
		switch (**p) {
		case 'r': d->ro = true; break;
		case 's': d->sync = true; break;
		case 'd': d->no_cow = true; break;
		case 'c': d->shared = true; break;
		case 't': d->no_trim = true; break;
		case '=': return NULL;
		default: return "Expected '=' or flag letter (r, s, c, t or d)";
		}
	}
	return **p == '=' ? "Too many flags specified" : "Missing '='";
}

/*
 * um_ubd_setup takes what follows "ubd", e.g. "0=root.cow,root.img",
 * "1r=data.img", "bsc=disk", "=sync". spec must be writable (it is cut
 * into fields).
 */
int
um_ubd_setup(struct um_config *cfg, char *spec)
{
	struct um_ubd d = { 0 };
	const char *p = spec;
	char *file, *backing = NULL, *serial = NULL, *rest;
	const char *why;
	long long n;

	if (spec[0] == '=') {
		if (strcmp(spec + 1, "sync") == 0)
			cfg->ubd_sync_all = true;
		else if (cfg->nwarn < UM_MAX_WARN)
			param_cat(cfg->warn[cfg->nwarn++], UM_MSG_LEN,
				  "fake major not supported any more", NULL);
		return 0;
	}
	n = ubd_unit(&p);
	if (n < 0)
		return ubd_error(cfg, spec, "Couldn't parse device number");
	if (n >= UM_MAX_UBD)
		return ubd_error(cfg, spec, "Device number out of range");
	if (cfg->ubd[n].file != NULL)
		return ubd_error(cfg, spec, "Device is already configured");

	d.sync = cfg->ubd_sync_all;
	why = ubd_flags(&p, &d);
	if (why)
		return ubd_error(cfg, spec, why);

	/* Count the fields before cutting so messages show the whole spec. */
	file = (char *)p + 1;
	rest = strpbrk(file, ",:");
	if (rest && (rest = strpbrk(rest + 1, ",:")) && strpbrk(rest + 1, ",:"))
		return ubd_error(cfg, spec,
			"Too many fields (expected <file>[,<file2>][,<serial>])");
	rest = strpbrk(file, ",:");
	if (rest && d.no_cow && rest[1] != '\0' && !strchr(",:", rest[1]))
		return ubd_error(cfg, spec,
				 "Can't specify both 'd' and a cow file");
	rest = next_field(file);
	if (rest) {
		backing = rest;
		serial = next_field(backing);
	}
	if (backing && *backing == '\0')
		backing = NULL;
	if (serial && *serial == '\0')
		serial = NULL;
	d.file = *file ? file : NULL;
	d.backing = backing;
	d.serial = serial;
	cfg->ubd[n] = d;
	return 0;
}

/* ---- MAC addresses ------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* um_mac_parse accepts xx:xx:xx:xx:xx:xx (one or two hex digits each). */
int
um_mac_parse(const char *s, uint8_t mac[6], char *err, size_t errsize)
{
	const char *p = s;
	int i, v, d;

	for (i = 0; i < 6; i++) {
		v = hexval(*p);
		if (v < 0)
			goto bad;
		p++;
		d = hexval(*p);
		if (d >= 0) {
			v = v * 16 + d;
			p++;
		}
		mac[i] = (uint8_t)v;
		if (*p != (i < 5 ? ':' : '\0'))
			goto bad;
		p++;
	}
	if (mac[0] & 1) {
		param_cat(err, errsize, "Attempt to assign a multicast ethernet "
			  "address to a device disallowed", NULL);
		return -EINVAL;
	}
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])) {
		param_cat(err, errsize, "Attempt to assign an invalid ethernet "
			  "address to a device disallowed", NULL);
		return -EINVAL;
	}
	return 0;
bad:
	param_cat(err, errsize, "setup_etheraddr: failed to parse '", s,
		  "' as an ethernet address", NULL);
	return -EINVAL;
}

static void
mac_format(const uint8_t mac[6], char *buf)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/* ---- eth ---------------------------------------------------------------- */

/*
 * split_fields cuts s at commas into up to n fields as UML's split_if_spec:
 * an empty field leaves its default alone. Returns what follows the n-th
 * field's comma, or NULL when the fields ran out first.
 */
static char *
split_fields(char *s, char **fields[], int n)
{
	char *comma;
	int i;

	for (i = 0; i < n; i++) {
		if (*s == '\0')
			return NULL;
		comma = strchr(s, ',');
		if (comma != s)
			*fields[i] = s;
		if (comma == NULL)
			return NULL;
		*comma = '\0';
		s = comma + 1;
	}
	return s;
}

static void
warn(struct um_config *cfg, const char *a, const char *b, const char *c)
{
	if (cfg->nwarn < UM_MAX_WARN)
		param_cat(cfg->warn[cfg->nwarn++], UM_MSG_LEN, a, b, c, NULL);
}

static int
eth_error(struct um_config *cfg, const char *dev, const char *a,
	  const char *b, const char *c)
{
	param_cat(cfg->err, sizeof(cfg->err), dev, ": ", a, b, c, NULL);
	return -EINVAL;
}

static int
eth_mac(struct um_config *cfg, struct um_eth *e, const char *dev,
	const char *s)
{
	char msg[UM_MSG_LEN], text[18], local[18];
	uint8_t alt[6];

	if (s == NULL)
		return 0;
	if (um_mac_parse(s, e->mac, msg, sizeof(msg)))
		return eth_error(cfg, dev, msg, "", "");
	e->have_mac = true;
	if (!(e->mac[0] & 2)) {
		memcpy(alt, e->mac, 6);
		alt[0] |= 2;
		mac_format(e->mac, text);
		mac_format(alt, local);
		if (cfg->nwarn < UM_MAX_WARN)
			param_cat(cfg->warn[cfg->nwarn++], UM_MSG_LEN, dev,
				  ": Warning: ", text, " is a globally valid "
				  "ethernet address; set the 2nd rightmost "
				  "bit of the first byte, i.e. ", local, NULL);
	}
	return 0;
}

static int
eth_vde(struct um_config *cfg, struct um_eth *e, const char *dev, char *s)
{
	char *mac = NULL, *port = NULL, *mode = NULL, *rest;
	char **fields[] = { (char **)&e->vde_sock, &mac, &port,
			    (char **)&e->vde_group, &mode,
			    (char **)&e->vde_descr };
	unsigned long long v;
	const char *end;

	rest = split_fields(s, fields, 6);
	if (rest && *rest)
		warn(cfg, "vde_setup - Ignoring extra data :'", rest, "'");
	if (port) {
		if (param_strtoull(port, &end, 10, &v) || *end || v > 0xffffffffULL)
			return eth_error(cfg, dev, "vde_setup - Bad port : '",
					 port, "'");
		e->vde_port = (unsigned int)v;
	}
	if (mode) {
		if (param_strtoull(mode, &end, 8, &v) || *end || v > 07777)
			return eth_error(cfg, dev, "vde_setup - Bad mode : '",
					 mode, "'");
		e->vde_mode = (unsigned int)v;
	}
	e->transport = UM_ETH_VDE;
	return eth_mac(cfg, e, dev, mac);
}

static int
eth_daemon(struct um_config *cfg, struct um_eth *e, const char *dev, char *s)
{
	char *mac = NULL, *rest;
	char **fields[] = { &mac, (char **)&e->sock_type,
			    (char **)&e->ctl_sock };

	e->sock_type = "unix";
	e->ctl_sock = UM_DAEMON_DEFAULT_SOCK;
	rest = split_fields(s, fields, 3);
	if (rest && *rest)
		warn(cfg, dev, ": daemon_setup : Ignoring data socket "
		     "specification", "");
	if (strcmp(e->sock_type, "unix") != 0)
		return eth_error(cfg, dev, "daemon socket type '", e->sock_type,
				 "' is not supported (only unix)");
	e->transport = UM_ETH_DAEMON;
	return eth_mac(cfg, e, dev, mac);
}

/* Transports UML knows but umk does not provide. */
static const char *const eth_unsupported[] = {
	"tuntap", "ethertap", "slip", "slirp", "mcast", "pcap", NULL,
};

/*
 * um_eth_setup takes what follows "eth", e.g. "0=vde,/tmp/sw,fe:fd:0:0:0:1"
 * or "1=daemon,,unix,/tmp/uml.ctl". spec must be writable.
 */
int
um_eth_setup(struct um_config *cfg, char *spec)
{
	unsigned long long n;
	const char *end, *why = NULL;
	char dev[8 + 21], num[21], *s, *args;
	struct um_eth e = { 0 };
	size_t tlen;
	int i, err;

	err = param_strtoull(spec, &end, 0, &n);
	if (err == -EINVAL)
		why = "Bad device number";
	else if (*end != '=')
		why = "Expected '=' after device number";
	else if (err || n >= UM_MAX_ETH)
		why = "Device number out of range";
	else if (cfg->eth[n].transport != UM_ETH_NONE)
		why = "Device already configured";
	if (why) {
		param_cat(cfg->err, sizeof(cfg->err), "eth_setup - Couldn't "
			  "parse '", spec, "' : ", why, NULL);
		return -EINVAL;
	}
	param_cat(dev, sizeof(dev), "eth", param_utoa(n, num), NULL);
	s = (char *)end + 1;
	tlen = strcspn(s, ",");
	args = s + tlen + (s[tlen] == ',');
	if (tlen == 3 && strncmp(s, "vde", 3) == 0)
		err = eth_vde(cfg, &e, dev, args);
	else if (tlen == 6 && strncmp(s, "daemon", 6) == 0)
		err = eth_daemon(cfg, &e, dev, args);
	else {
		s[tlen] = '\0';
		for (i = 0; eth_unsupported[i]; i++)
			if (strcmp(s, eth_unsupported[i]) == 0)
				return eth_error(cfg, dev, "the '", s, "' transport"
					" is not supported by umk (use vde or daemon)");
		if (tlen == 0)
			return eth_error(cfg, dev, "missing transport (use "
					 "vde or daemon)", "", "");
		return eth_error(cfg, dev, "unknown transport '", s,
				 "' (umk supports vde and daemon)");
	}
	if (err)
		return err;
	cfg->eth[n] = e;
	return 0;
}

/* ---- console and serial channels ---------------------------------------- */

const char *
um_chan_name(enum um_chan_type type)
{
	static const char *const names[] = {
		[UM_CHAN_NULL] = "null", [UM_CHAN_FD] = "fd",
		[UM_CHAN_PORT] = "port", [UM_CHAN_PTY] = "pty",
		[UM_CHAN_PTS] = "pts", [UM_CHAN_TTY] = "tty",
		[UM_CHAN_XTERM] = "xterm",
	};

	return (unsigned int)type < sizeof(names) / sizeof(names[0]) ?
	       names[type] : "?";
}

/* chan_number parses the number after "fd:" / "port:" in [min, max]. */
static bool
chan_number(const char *s, unsigned long long min, unsigned long long max,
	    int *out)
{
	unsigned long long v;
	const char *end;

	if (param_strtoull(s, &end, 0, &v) || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

static int
chan_one(char *s, struct um_chan *c, char *err, size_t errsize)
{
	static const struct {
		const char *name;
		enum um_chan_type type;
	} plain[] = {
		{ "null", UM_CHAN_NULL }, { "pty", UM_CHAN_PTY },
		{ "pts", UM_CHAN_PTS }, { "xterm", UM_CHAN_XTERM },
	};
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strcmp(s, plain[i].name) == 0) {
			c->type = plain[i].type;
			return 0;
		}
	}
	if (strncmp(s, "fd", 2) == 0) {
		c->type = UM_CHAN_FD;
		if (s[2] != ':')
			param_cat(err, errsize, "channel type 'fd' must "
				  "specify a file descriptor", NULL);
		else if (!chan_number(s + 3, 0, 0x7fffffff, &c->fd))
			param_cat(err, errsize, "couldn't parse file "
				  "descriptor '", s + 3, "'", NULL);
		else
			return 0;
	} else if (strncmp(s, "port", 4) == 0) {
		c->type = UM_CHAN_PORT;
		if (s[4] != ':')
			param_cat(err, errsize, "channel type 'port' must "
				  "specify a port number", NULL);
		else if (!chan_number(s + 5, 1, 65535, &c->port))
			param_cat(err, errsize, "couldn't parse port number '",
				  s + 5, "'", NULL);
		else
			return 0;
	} else if (strncmp(s, "tty", 3) == 0) {
		c->type = UM_CHAN_TTY;
		if (s[3] != ':' || s[4] == '\0')
			param_cat(err, errsize, "channel type 'tty' must "
				  "specify a device", NULL);
		else {
			c->dev = s + 4;
			return 0;
		}
	} else {
		param_cat(err, errsize, "Couldn't find matching channel type",
			  NULL);
	}
	return -EINVAL;
}

/*
 * um_chan_parse parses "<chan>" (both directions) or "<in>,<out>" into
 * line. scratch is a writable copy of spec that line keeps pointing into.
 */
int
um_chan_parse(const char *spec, struct um_line *line, char *err,
	      size_t errsize, char *scratch)
{
	char *out = strchr(scratch, ',');
	int rc;

	line->spec = spec;
	if (out == NULL) {
		rc = chan_one(scratch, &line->in, err, errsize);
		line->out = line->in;
		return rc;
	}
	*out++ = '\0';
	rc = chan_one(scratch, &line->in, err, errsize);
	return rc ? rc : chan_one(out, &line->out, err, errsize);
}
