// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, the machine's name on the host: <uml_dir>/<umid>/ holding
 * the pid file and the management console's socket (UML's layout, so
 * uml_mconsole and tools/uml_console find us by name).
 *
 * - os_umid_init runs in main() before the kernel starts. A umid already
 *   taken by a live kernel (its pid file names a live process) is refused,
 *   as UML does, with a message and a random name instead; a directory
 *   left by a dead one is emptied and reused. Without umid= the name is
 *   six random letters and digits.
 * - The directory lives exactly as long as this process runs this kernel:
 *   os_umid_remove is called on every way out (os_exit, os_reexec before
 *   the exec makes it again, the fatal-signal handler). It only calls
 *   unlink and rmdir on paths made at init, so it is async-signal-safe.
 * - The socket is AF_UNIX datagram, non-blocking and close-on-exec; the
 *   kernel side (arch/um/kernel/mconsole.c) puts it on the epoll set.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "os.h"

static char umid[64];
static char dir[4096];		/* <uml_dir>/<umid> */
static char pid_path[4200];
static char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static pid_t owner;		/* the process that made the directory */
static volatile sig_atomic_t made;

_Static_assert(sizeof(struct sockaddr_un) <= sizeof(((struct os_mc_peer *)0)->addr),
	       "os_mc_peer holds a sockaddr_un");

/* remove_dir empties d (files only: what a kernel puts there) and removes it. */
static void
remove_dir(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	char p[4400];

	if (dp) {
		while ((e = readdir(dp))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", d, e->d_name);
			unlink(p);
		}
		closedir(dp);
	}
	rmdir(d);
}

/* dir_pid is the live process named by d's pid file, 0 when none is. */
static pid_t
dir_pid(const char *d)
{
	char p[4400], buf[32];
	ssize_t n;
	long pid;
	int fd;

	snprintf(p, sizeof(p), "%s/pid", d);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid <= 0 || pid == getpid())
		return 0;
	if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
		return 0;
	return (pid_t)pid;
}

/*
 * take tries to make base/name for us: 0 when done, -EEXIST when a live
 * kernel has it (*by its pid), another -errno when it can't be made.
 */
static int
take(const char *base, const char *name, pid_t *by)
{
	char d[sizeof(dir)];

	if ((size_t)snprintf(d, sizeof(d), "%s/%s", base, name) >= sizeof(d))
		return -ENAMETOOLONG;
	if (mkdir(d, 0777) < 0) {
		if (errno != EEXIST)
			return -errno;
		*by = dir_pid(d);
		if (*by)
			return -EEXIST;
		remove_dir(d);
		if (mkdir(d, 0777) < 0)
			return -errno;
	}
	strcpy(dir, d);
	strcpy(umid, name);
	return 0;
}

static void
random_name(char *name)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];

	if (os_getrandom(r, sizeof(r)) != (int64_t)sizeof(r))
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(rand() ^ getpid());
	for (size_t i = 0; i < sizeof(r); i++)
		name[i] = set[r[i] % (sizeof(set) - 1)];
	name[6] = '\0';
}

int
os_umid_init(const char *uml_dir, const char *name)
{
	char base[4096], rnd[8], buf[32];
	const char *home;
	size_t len;
	pid_t by = 0;
	int err, fd, n;

	if (uml_dir) {
		len = strlen(uml_dir);
		if (len >= sizeof(base))
			return -ENAMETOOLONG;
		strcpy(base, uml_dir);
	} else {
		home = getenv("HOME");
		if (!home || !*home) {
			fprintf(stderr, "linux: HOME is not set: give uml_dir=<directory>\n");
			return -ENOENT;
		}
		if ((size_t)snprintf(base, sizeof(base), "%s/.uml", home) >= sizeof(base))
			return -ENAMETOOLONG;
	}
	len = strlen(base);
	while (len > 1 && base[len - 1] == '/')
		base[--len] = '\0';
	if (mkdir(base, 0777) < 0 && errno != EEXIST) {
		err = -errno;
		fprintf(stderr, "linux: can't make uml_dir %s: %s\n", base, strerror(errno));
		return err;
	}
	if (name) {
		err = take(base, name, &by);
		if (!err)
			goto made;
		if (err == -EEXIST)
			fprintf(stderr, "umid \"%s\" is already in use by pid %d\n", name, (int)by);
		else
			fprintf(stderr, "linux: can't make %s/%s: %s\n", base, name, strerror(-err));
		fprintf(stderr, "Failed to initialize umid \"%s\", trying with a random umid\n",
			name);
	}
	for (int tries = 0; tries < 100; tries++) {
		random_name(rnd);
		err = take(base, rnd, &by);
		if (!err)
			goto made;
		if (err != -EEXIST) {
			fprintf(stderr, "linux: can't make %s/%s: %s\n", base, rnd, strerror(-err));
			return err;
		}
	}
	fprintf(stderr, "linux: no free random umid in %s\n", base);
	return -EEXIST;
made:
	owner = getpid();
	snprintf(pid_path, sizeof(pid_path), "%s/pid", dir);
	made = 1;
	fd = open(pid_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "linux: can't write %s: %s\n", pid_path, strerror(errno));
		os_umid_remove();
		return err;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)owner);
	if (write(fd, buf, (size_t)n) != n) {
		err = errno ? -errno : -EIO;
		close(fd);
		os_umid_remove();
		return err;
	}
	close(fd);
	return 0;
}

const char *
os_umid(void)
{
	return umid;
}

void
os_umid_remove(void)
{
	if (!made || getpid() != owner)
		return;
	made = 0;
	if (sock_path[0])
		unlink(sock_path);
	unlink(pid_path);
	rmdir(dir);
}

int
os_mconsole_open(char *path, size_t size)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, err;

	if (!made)
		return -ENOENT;
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/mconsole", dir) >=
	    sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(sa.sun_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	strcpy(sock_path, sa.sun_path);
	snprintf(path, size, "%s", sa.sun_path);
	return fd;
}

int64_t
os_mconsole_recv(int fd, void *buf, size_t len, struct os_mc_peer *from)
{
	socklen_t alen = sizeof(from->addr);
	ssize_t n;

	do {
		n = recvfrom(fd, buf, len, MSG_TRUNC, (struct sockaddr *)from->addr, &alen);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	from->len = alen;
	return n;
}

int
os_mconsole_send(int fd, const void *buf, size_t len, const struct os_mc_peer *to)
{
	ssize_t n;

	/* An unbound client has no address to answer: its request is dropped. */
	if (to->len <= sizeof(sa_family_t))
		return -EDESTADDRREQ;
	do {
		n = sendto(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   (const struct sockaddr *)to->addr, (socklen_t)to->len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

int
os_mconsole_notify(const char *path, const void *msg, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	ssize_t n;
	int fd, err = 0;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&sa, sizeof(sa));
	if (n < 0)
		err = -errno;
	close(fd);
	return err;
}

int
os_mconsole_wait(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, timeout_ms);

	return n < 0 ? -errno : n;
}
