// SPDX-License-Identifier: GPL-2.0-only
/*
 * uml_console: the management console (mconsole) client for UML and umk.
 *
 *	uml_console [-u <uml_dir>] [-t <seconds>] <umid | socket> [command [args...]]
 *
 * Sends a command (the words after the name, joined by single spaces) or,
 * with none, each line read from standard input, to a kernel's mconsole
 * socket and prints each reply as Debian's uml_mconsole does: "OK <text>"
 * or "ERR <text>" on one line. The wire format is include/proto/mconsole.h;
 * the protocol notes are in shared/docs/mconsole.md.
 *
 * Layers, top down: main() and interactive() read commands; run_command()
 * handles the local commands (help, log, switch, int, quit, ...) and sends
 * the rest; transact() does one request and collects its whole reply;
 * wait_datagram() waits for each reply packet with a timeout and watches
 * for a kernel that goes away.
 *
 * Differences from Debian's uml_mconsole, on purpose:
 *  - Our socket is connect()ed to the kernel's. UML sends replies without
 *    blocking and silently drops a packet when the client's receive queue
 *    is full (net.unix.max_dgram_qlen, 10 by default): a reply of more than
 *    about a dozen packets (sysrq m, stack) loses packets, often the final
 *    one, and Debian's client then waits for it forever. The host kernel
 *    does not apply that limit to datagrams from a socket's own peer, so
 *    connected, every packet arrives.
 *  - Our socket is bound to a unique abstract name (autobind): nothing in
 *    the file system to remove, whatever way the program ends.
 *  - No reply within the timeout, a kernel that goes away mid-reply, a
 *    malformed reply, a missing socket: one error line, a non-zero status,
 *    never a hang. A command too long for the protocol is refused before
 *    anything is sent; log text is sent in pieces, with its newline.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mconsole.h"

#define PROG "uml_console"

/*
 * Exit statuses: 0 for an OK reply; an error reply's own code, as Debian's
 * client gives it (see reply_status()); and these two, which UML's error
 * codes (1 or a negative errno) never produce.
 */
#define EXIT_USAGE	2	/* bad options or arguments */
#define EXIT_FAILED	3	/* no valid reply, or a local command failed */
#define QUIT		(-1)	/* run_command(): the quit command */
#define NOTHING		(-2)	/* run_command(): an empty line */

#define DEFAULT_TIMEOUT_MS	10000
#define POLL_SLICE_MS		200	/* how often a silent kernel is checked */
#define MAX_REPLY		(64u << 20)	/* bytes of text in one reply */
#define SUN_PATH_MAX		(sizeof(((struct sockaddr_un *)0)->sun_path) - 1)
#define LOG_PREFIX		"log "
/* Text of one log request: what the data field leaves after "log ". */
#define LOG_CHUNK		(MCONSOLE_MAX_CMD - (sizeof(LOG_PREFIX) - 1))

/* The kernel we talk to. */
struct target {
	char *name;			/* as the user gave it, for the prompt */
	char path[SUN_PATH_MAX + 1];	/* its mconsole socket */
};

struct console {
	int fd;			/* our socket, autobound to an abstract name */
	struct target t;
	const char *uml_dir;	/* -u, or NULL: ~/.uml, then /tmp/uml */
	int timeout_ms;		/* for each reply packet; 0 waits forever */
};

/* A whole reply: the texts of its packets joined. */
struct reply {
	int32_t err;		/* the first non-zero err of its packets */
	char *text;		/* malloc'd, owned by the caller; not NUL-ended */
	size_t len, cap;
	unsigned int packets;
};

static void __attribute__((format(printf, 1, 2)))
error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *f)
{
	fprintf(f,
		"Usage: uml_console [-u <uml_dir>] [-t <seconds>] <umid | socket> [command [args...]]\n"
		"Sends a command to the management console (mconsole) of a UML or umk kernel\n"
		"and prints its reply; with no command, runs the commands read from standard\n"
		"input, one per line.\n"
		"\t-u <uml_dir>\tlook the umid up in <uml_dir> instead of ~/.uml and /tmp/uml\n"
		"\t-t <seconds>\twait at most this long for each reply packet\n"
		"\t\t\t(default %d; 0 waits for ever)\n"
		"\t-h, --help\tprint this help and exit\n"
		"Kernel commands: version, help, halt, reboot, cad, sysrq <key>, stop, go,\n"
		"log <text>, proc <file>, config <dev>[=<spec>], remove <dev>, stack <pid>.\n"
		"Local commands: log -f <file>, switch <umid | socket>, int, mconsole-version,\n"
		"quit.\n", DEFAULT_TIMEOUT_MS / 1000);
}

/* --- finding the socket ------------------------------------------------ */

/* A path of the form "<a>/<b>/mconsole" (b may be NULL), if it fits. */
static bool
join_path(char *out, size_t size, const char *a, const char *b)
{
	int n;

	if (b)
		n = snprintf(out, size, "%s/%s/mconsole", a, b);
	else
		n = snprintf(out, size, "%s/mconsole", a);
	return n >= 0 && (size_t)n < size;
}

/*
 * set_target - finds the mconsole socket for name, in the order Debian's
 * client tries: the umid's directory under uml_dir (-u) or ~/.uml, then
 * /tmp/uml/<umid> (where old UMLs put it; not with -u), then name itself as
 * a path; a directory stands for the mconsole socket in it. A name with a
 * '/' (or "." or "..") is only a path. The first candidate that exists is
 * taken and must be a socket. Returns 0, or prints one line and returns -1.
 */
static int
set_target(struct target *t, const char *uml_dir, const char *name)
{
	char cand[3][PATH_MAX], tried[3 * PATH_MAX + 16] = "";
	const char *home = getenv("HOME");
	bool umid = strchr(name, '/') == NULL && strcmp(name, ".") != 0 &&
		    strcmp(name, "..") != 0;
	struct stat st;
	int n = 0, i;

	if (*name == '\0') {
		error("empty umid or socket name");
		return -1;
	}
	if (umid && uml_dir && join_path(cand[n], PATH_MAX, uml_dir, name))
		n++;
	if (umid && !uml_dir && home && *home &&
	    snprintf(cand[n], PATH_MAX, "%s/.uml/%s/mconsole", home, name) < PATH_MAX)
		n++;
	if (umid && !uml_dir && join_path(cand[n], PATH_MAX, "/tmp/uml", name))
		n++;
	if (snprintf(cand[n], PATH_MAX, "%s", name) < PATH_MAX)
		n++;
	for (i = 0; i < n; i++) {
		if (stat(cand[i], &st) < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			error("%s: %s", cand[i], strerror(errno));
			return -1;
		}
		if (i == n - 1 && S_ISDIR(st.st_mode)) {
			if (!join_path(cand[i], PATH_MAX, name, NULL) ||
			    stat(cand[i], &st) < 0) {
				error("%s: no mconsole socket in this directory", name);
				return -1;
			}
		}
		if (!S_ISSOCK(st.st_mode)) {
			error("%s: not a socket", cand[i]);
			return -1;
		}
		if (strlen(cand[i]) > SUN_PATH_MAX) {
			error("%s: path too long for a Unix socket (%zu bytes at most)",
			      cand[i], SUN_PATH_MAX);
			return -1;
		}
		free(t->name);
		t->name = strdup(name);
		if (!t->name) {
			error("out of memory");
			return -1;
		}
		strcpy(t->path, cand[i]);
		return 0;
	}
	for (i = 0; i < n; i++) {
		strcat(tried, i == 0 ? "" : i == n - 1 ? " nor " : ", ");
		strcat(tried, cand[i]);
	}
	if (n == 1)
		error("%s: no such socket", name);
	else
		error("no mconsole socket for \"%s\": neither %s exists", name, tried);
	return -1;
}

/* --- talking to the kernel ----------------------------------------------- */

static int
sock_connect(int fd, const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;

	memcpy(a.sun_path, path, strlen(path));
	return connect(fd, (struct sockaddr *)&a, alen) < 0 ? -errno : 0;
}

/*
 * kernel_alive - whether a socket is still bound at path. A datagram
 * socket gets no word when its peer closes, so a throwaway socket tries to
 * connect: a kernel that exited removed its socket (ENOENT) or left it
 * behind unbound (ECONNREFUSED).
 */
static bool
kernel_alive(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return true;	/* cannot tell; the timeout still applies */
	err = sock_connect(fd, path);
	close(fd);
	return err != -ENOENT && err != -ECONNREFUSED && err != -ENOTDIR;
}

static long
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000L +
	       (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/*
 * wait_datagram - the next datagram from the kernel into buf. got says how
 * many packets of this reply came before, for the messages. Returns its
 * full length (maybe more than size), or prints one line and returns -1
 * when the timeout passes or the kernel goes away.
 */
static ssize_t
wait_datagram(struct console *c, void *buf, size_t size, unsigned int got)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	struct timespec start;
	ssize_t n;
	long left;
	int r, slice;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		slice = POLL_SLICE_MS;
		if (c->timeout_ms) {
			left = c->timeout_ms - elapsed_ms(&start);
			if (left <= 0)
				break;
			if (left < slice)
				slice = (int)left;
		}
		r = poll(&p, 1, slice);
		if (r < 0 && errno != EINTR) {
			error("poll: %s", strerror(errno));
			return -1;
		}
		if (r > 0) {
			/* MSG_TRUNC: the real length of an oversized datagram. */
			n = recv(c->fd, buf, size, MSG_DONTWAIT | MSG_TRUNC);
			if (n >= 0)
				return n;
			if (errno != EAGAIN && errno != EINTR) {
				error("%s: receiving the reply: %s", c->t.path,
				      strerror(errno));
				return -1;
			}
			continue;
		}
		if (r == 0 && !kernel_alive(c->t.path)) {
			if (got)
				error("%s: the kernel went away before its reply was complete (%u packets received)",
				      c->t.path, got);
			else
				error("%s: the kernel went away without replying",
				      c->t.path);
			return -1;
		}
	}
	if (got)
		error("%s: reply incomplete: nothing more within %g s after %u packets",
		      c->t.path, c->timeout_ms / 1000.0, got);
	else
		error("no reply from %s within %g s", c->t.path,
		      c->timeout_ms / 1000.0);
	return -1;
}

/* Drops whatever is queued: late packets of an earlier command. */
static void
drain(int fd)
{
	char buf[MCONSOLE_REQUEST_SIZE];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0 || errno == EINTR)
		;
}

static int
reply_append(struct reply *r, const char *text, size_t len)
{
	char *p;
	size_t cap;

	if (len == 0)
		return 0;
	if (r->len + len > MAX_REPLY)
		return -1;
	if (r->len + len > r->cap) {
		cap = r->cap ? r->cap : 1024;
		while (cap < r->len + len)
			cap *= 2;
		p = realloc(r->text, cap);
		if (!p)
			return -1;
		r->text = p;
		r->cap = cap;
	}
	memcpy(r->text + r->len, text, len);
	r->len += len;
	return 0;
}

static const char *
reply_problem(enum mconsole_reply_status st)
{
	switch (st) {
	case MCONSOLE_REPLY_SHORT:
		return "shorter than the 12-byte header";
	case MCONSOLE_REPLY_BAD_LEN:
		return "its length field is out of range (1 to 512)";
	case MCONSOLE_REPLY_TRUNCATED:
		return "truncated: fewer bytes than its length field says";
	case MCONSOLE_REPLY_NO_NUL:
		return "its text does not end in a NUL";
	default:
		return "malformed";
	}
}

/*
 * transact - sends the command cmd[0..len) (at most MCONSOLE_MAX_CMD
 * bytes) and collects the whole reply into r, which the caller zeroed and
 * frees. Returns 0, or prints one line and returns -1.
 */
static int
transact(struct console *c, const char *cmd, size_t len, struct reply *r)
{
	/* Room for any valid reply (524 bytes) and then some. */
	unsigned char buf[2 * MCONSOLE_REQUEST_SIZE];
	struct mconsole_request req;
	struct mconsole_reply_view v;
	enum mconsole_reply_status st;
	ssize_t n;
	int err;

	/*
	 * Connect anew for each command: after a reboot the kernel binds a
	 * new socket at the same path.
	 */
	err = sock_connect(c->fd, c->t.path);
	if (err == -ECONNREFUSED) {
		error("%s: no kernel is serving this socket (left behind by one that crashed?)",
		      c->t.path);
		return -1;
	}
	if (err) {
		error("%s: %s", c->t.path, strerror(-err));
		return -1;
	}
	drain(c->fd);
	mconsole_request_init(&req, cmd, len);
	while ((n = send(c->fd, &req, sizeof(req), 0)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		if (errno == EAGAIN)
			error("%s: the kernel took no request within %g s (its queue is full)",
			      c->t.path, c->timeout_ms / 1000.0);
		else
			error("%s: sending the command: %s", c->t.path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = wait_datagram(c, buf, sizeof(buf), r->packets);
		if (n < 0)
			return -1;
		st = mconsole_reply_parse(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf), &v);
		if (st != MCONSOLE_REPLY_OK) {
			error("%s: bad reply packet (%zd bytes): %s", c->t.path, n,
			      reply_problem(st));
			return -1;
		}
		if (!r->err)
			r->err = v.err;
		if (reply_append(r, v.text, v.text_len) < 0) {
			error("%s: reply too long (more than %u bytes)", c->t.path, MAX_REPLY);
			return -1;
		}
		r->packets++;
		if (!v.more)
			return 0;
	}
}

/*
 * reply_status - the exit status for an error code, as Debian's client
 * exits: its low 8 bits (1 for UML's plain errors, 256 - errno for device
 * errors, e.g. 237 for -ENODEV), and 1 where those are 0.
 */
static int
reply_status(int32_t err)
{
	if (!err)
		return 0;
	return (err & 0xff) ? (err & 0xff) : 1;
}

static int
print_reply(const struct reply *r)
{
	fputs(r->err ? "ERR " : "OK ", stdout);
	if (r->len)
		fwrite(r->text, 1, r->len, stdout);
	putchar('\n');
	return reply_status(r->err);
}

/* send_command - one command to the kernel, its reply printed. */
static int
send_command(struct console *c, const char *cmd, size_t len)
{
	struct reply r = { 0 };
	int status;

	if (len > MCONSOLE_MAX_CMD) {
		error("command too long (%zu bytes; the mconsole protocol carries %d at most)",
		      len, MCONSOLE_MAX_CMD);
		return EXIT_FAILED;
	}
	if (transact(c, cmd, len, &r) < 0)
		status = EXIT_FAILED;
	else
		status = print_reply(&r);
	free(r.text);
	return status;
}

/* --- config ubdN=<file>: file names made absolute ----------------------- */

/*
 * absolute - name as an absolute path into out: the directory part
 * resolved (symlinks too, as Debian's client gets it by changing into it),
 * the last part kept; a directory that cannot be resolved is taken
 * relative to the current one. The kernel opens the file from its own
 * directory, not ours. Returns false if it does not fit.
 */
static bool
absolute(const char *name, size_t len, char *out, size_t size)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = memrchr(name, '/', len);
	size_t dlen = slash ? (size_t)(slash - name) : 0;
	int n;

	if (len && name[0] == '/')
		n = snprintf(out, size, "%.*s", (int)len, name);
	else if (slash && dlen < sizeof(dir)) {
		memcpy(dir, name, dlen);
		dir[dlen] = '\0';
		if (realpath(dir, real))	/* "/" + "/x" would give "//x" */
			n = snprintf(out, size, "%s%.*s", strcmp(real, "/") ? real : "",
				     (int)(len - dlen), slash);
		else if (getcwd(real, sizeof(real)))
			n = snprintf(out, size, "%s/%.*s", real, (int)len, name);
		else
			return false;
	} else if (getcwd(real, sizeof(real)))
		n = snprintf(out, size, "%s/%.*s", real, (int)len, name);
	else
		return false;
	return n >= 0 && (size_t)n < size;
}

/*
 * fix_ubd_paths - for "config ubd<n>[flags]=<file>[,<file2>][,<serial>]"
 * (',' or ':' between the fields, as UML's ubd driver splits them), the
 * command with both file names absolute into out; any other command as it
 * is. Example, run in /srv: "config ubd3=a.cow,img/b" gives
 * "config ubd3=/srv/a.cow,/srv/img/b". Returns false if it does not fit.
 */
static bool
fix_ubd_paths(const char *cmd, char *out, size_t size)
{
	const char *p, *eq, *field, *end;
	size_t used;
	int k;

	/* As UML parses it: "config", any white space, then the device. */
	if (strncmp(cmd, "config", 6) != 0)
		goto as_is;
	p = cmd + 6;
	p += strspn(p, " \t");
	eq = strchr(p, '=');
	if (strncmp(p, "ubd", 3) != 0 || !eq)
		goto as_is;
	used = (size_t)(eq + 1 - cmd);
	if (used >= size)
		return false;
	memcpy(out, cmd, used);
	field = eq + 1;
	for (k = 0; k < 2; k++) {
		end = field + strcspn(field, ",:");
		if (end == field) {
			out[used] = '\0';
		} else if (!absolute(field, (size_t)(end - field), out + used, size - used)) {
			return false;
		}
		used += strlen(out + used);
		if (*end == '\0')
			return true;
		if (used + 1 >= size)
			return false;
		out[used++] = *end;	/* the separator, as typed */
		out[used] = '\0';
		field = end + 1;
	}
	/* The serial, and anything else, as typed. */
	return snprintf(out + used, size - used, "%s", field) < (int)(size - used);
as_is:
	return snprintf(out, size, "%s", cmd) < (int)size;
}

/* --- local commands ------------------------------------------------------- */

static int
cmd_help(struct console *c, const char *line, const char *args)
{
	int status = send_command(c, line, strlen(line));

	(void)args;
	if (status == EXIT_FAILED)
		return status;
	printf("Local commands of uml_console:\n"
	       "    log -f <file> - send the contents of <file> to the kernel log\n"
	       "    switch <umid | socket> - talk to another kernel from now on\n"
	       "    int - interrupt the kernel's process on the host (SIGINT)\n"
	       "    mconsole-version - the mconsole protocol version of this client\n"
	       "    quit - leave uml_console\n");
	return status;
}

/*
 * log_text - sends text[0..len) to the kernel log in requests of at most
 * LOG_CHUNK bytes, ending with a newline (added if it lacks one) so the
 * line is complete in the log. Prints the first error reply, or else the
 * last reply.
 */
static int
log_text(struct console *c, const char *text, size_t len)
{
	char cmd[MCONSOLE_MAX_CMD + 1];
	struct reply r = { 0 };
	bool newline = len && text[len - 1] == '\n';
	size_t n, pre = sizeof(LOG_PREFIX) - 1;
	int status;

	memcpy(cmd, LOG_PREFIX, pre);
	do {
		n = len < LOG_CHUNK ? len : LOG_CHUNK;
		memcpy(cmd + pre, text, n);
		text += n;
		len -= n;
		if (len == 0 && !newline && n < LOG_CHUNK) {
			cmd[pre + n++] = '\n';
			newline = true;
		}
		free(r.text);
		memset(&r, 0, sizeof(r));
		if (transact(c, cmd, pre + n, &r) < 0) {
			free(r.text);
			return EXIT_FAILED;
		}
		if (r.err)
			break;
	} while (len || !newline);
	status = print_reply(&r);
	free(r.text);
	return status;
}

static int
log_file(struct console *c, const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f = fopen(path, "r");
	int status;

	if (!f) {
		error("%s: %s", path, strerror(errno));
		return EXIT_FAILED;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *p = cap + 65536 <= MAX_REPLY ? realloc(buf, cap + 65536) : NULL;

			if (!p) {
				error("%s: too large to log", path);
				free(buf);
				fclose(f);
				return EXIT_FAILED;
			}
			buf = p;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		error("%s: %s", path, strerror(errno));
		free(buf);
		fclose(f);
		return EXIT_FAILED;
	}
	fclose(f);
	status = log_text(c, buf, len);
	free(buf);
	return status;
}

static int
cmd_log(struct console *c, const char *line, const char *args)
{
	(void)line;
	if (strncmp(args, "-f", 2) == 0 && (args[2] == ' ' || args[2] == '\t')) {
		args += 2;
		args += strspn(args, " \t");
		return log_file(c, args);
	}
	if (strcmp(args, "-f") == 0) {
		error("log -f: which file?");
		return EXIT_USAGE;
	}
	return log_text(c, args, strlen(args));
}

static int
cmd_switch(struct console *c, const char *line, const char *args)
{
	(void)line;
	if (set_target(&c->t, c->uml_dir, args) < 0)
		return EXIT_FAILED;
	printf("Switched to %s (%s)\n", c->t.name, c->t.path);
	return 0;
}

/*
 * cmd_int - SIGINT to the kernel's host process, whose PID is in the file
 * "pid" beside the mconsole socket (UML and umk write it there).
 */
static int
cmd_int(struct console *c, const char *line, const char *args)
{
	char path[PATH_MAX], text[32], *end;
	const char *slash = strrchr(c->t.path, '/');
	size_t n;
	long pid;
	FILE *f;

	(void)line;
	(void)args;
	snprintf(path, sizeof(path), "%.*s/pid",
		 slash ? (int)(slash - c->t.path) : 1, slash ? c->t.path : ".");
	f = fopen(path, "r");
	if (!f) {
		error("%s: %s; cannot tell the kernel's PID", path, strerror(errno));
		return EXIT_FAILED;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	pid = strtol(text, &end, 10);
	if (end == text || pid <= 1 || (*end != '\n' && *end != '\0')) {
		error("%s: no PID in it", path);
		return EXIT_FAILED;
	}
	if (kill((pid_t)pid, SIGINT) < 0) {
		error("SIGINT to PID %ld: %s", pid, strerror(errno));
		return EXIT_FAILED;
	}
	return 0;
}

static int
cmd_mversion(struct console *c, const char *line, const char *args)
{
	(void)c;
	(void)line;
	(void)args;
	printf("uml_console: mconsole protocol version %d\n", MCONSOLE_VERSION);
	return 0;
}

static int
cmd_quit(struct console *c, const char *line, const char *args)
{
	(void)c;
	(void)line;
	(void)args;
	return QUIT;
}

/* Commands handled here, matched by their whole first word. */
static const struct local_cmd {
	const char *name;
	int (*run)(struct console *c, const char *line, const char *args);
} local_cmds[] = {
	{ "help", cmd_help },
	{ "log", cmd_log },
	{ "switch", cmd_switch },
	{ "int", cmd_int },
	{ "mconsole-version", cmd_mversion },
	{ "quit", cmd_quit },
};

/*
 * run_command - one command line (changed in place: trailing white space
 * cut). Returns its exit status, QUIT, or NOTHING for an empty line.
 */
static int
run_command(struct console *c, char *line)
{
	char fixed[PATH_MAX + MCONSOLE_MAX_DATA];
	size_t len = strlen(line), word;
	const char *args;
	unsigned int i;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
		       line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	line += strspn(line, " \t");
	if (*line == '\0')
		return NOTHING;
	word = strcspn(line, " \t");
	args = line + word + strspn(line + word, " \t");
	for (i = 0; i < sizeof(local_cmds) / sizeof(local_cmds[0]); i++) {
		if (strlen(local_cmds[i].name) == word &&
		    strncmp(line, local_cmds[i].name, word) == 0)
			return local_cmds[i].run(c, line, args);
	}
	if (strlen(line) > MCONSOLE_MAX_CMD)
		return send_command(c, line, strlen(line));	/* refused there */
	if (!fix_ubd_paths(line, fixed, sizeof(fixed))) {
		error("config: file names too long once made absolute");
		return EXIT_FAILED;
	}
	return send_command(c, fixed, strlen(fixed));
}

/*
 * interactive - runs the commands read from standard input until EOF or
 * quit, after a prompt "(<name>) " as Debian's client shows it. When the
 * input is not a terminal, each command is echoed after the prompt, so the
 * output reads as a transcript (readline does the same for Debian's).
 * Returns the status of the last command.
 */
static int
interactive(struct console *c)
{
	bool tty = isatty(STDIN_FILENO);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = 0, st;

	for (;;) {
		printf("(%s) ", c->t.name);
		fflush(stdout);
		n = getline(&line, &cap, stdin);
		if (n < 0)
			break;
		if (!tty) {
			fwrite(line, 1, (size_t)n, stdout);
			if (line[n - 1] != '\n')
				putchar('\n');
		}
		st = run_command(c, line);
		if (st == QUIT)
			goto out;
		if (st != NOTHING)
			status = st;
	}
	putchar('\n');
out:
	free(line);
	return status;
}

/* join - the words joined by single spaces, malloc'd. */
static char *
join(char **words, int n)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

static bool
parse_timeout(const char *s, int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0) || v > 86400)
		return false;
	*ms = (int)(v * 1000 + 0.5);
	if (v > 0 && *ms == 0)
		*ms = 1;
	return true;
}

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct sockaddr_un self = { .sun_family = AF_UNIX };
	struct console c = { .fd = -1, .timeout_ms = DEFAULT_TIMEOUT_MS };
	struct timeval tv;
	char *line;
	int opt, status;

	/* '+': the command's own words may start with '-' (log -f). */
	while ((opt = getopt_long(argc, argv, "+u:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u':
			c.uml_dir = optarg;
			break;
		case 't':
			if (!parse_timeout(optarg, &c.timeout_ms)) {
				error("-t %s: not a number of seconds (0 to 86400)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (set_target(&c.t, c.uml_dir, argv[optind]) < 0)
		return EXIT_FAILED;
	c.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* Just the family: the host picks a unique abstract name (autobind). */
	if (c.fd < 0 || bind(c.fd, (struct sockaddr *)&self, sizeof(sa_family_t)) < 0) {
		error("making our socket: %s", strerror(errno));
		return EXIT_FAILED;
	}
	if (c.timeout_ms) {
		/* A kernel that stopped reading: send gives up, too. */
		tv.tv_sec = c.timeout_ms / 1000;
		tv.tv_usec = (c.timeout_ms % 1000) * 1000;
		setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (optind + 1 < argc) {
		line = join(argv + optind + 1, argc - optind - 1);
		if (!line) {
			error("out of memory");
			return EXIT_FAILED;
		}
		status = run_command(&c, line);
		free(line);
		if (status == QUIT || status == NOTHING)
			status = 0;
	} else {
		status = interactive(&c);
	}
	close(c.fd);
	free(c.t.name);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		error("writing the output: %s", strerror(errno));
		return EXIT_FAILED;
	}
	return status;
}
