// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which error a name-changing system call returns when several apply: on a
 * read-only filesystem, on a missing or non-directory parent, on an
 * existing target, with a trailing slash, a name too long, a symlink loop,
 * a mount point, and as a user without the needed permissions. Linux checks
 * in a fixed order (EEXIST before EROFS for mkdir, EROFS before ENOENT for
 * unlink, ...) and programs depend on it: busybox `mkdir -p /tmp/x` on a
 * read-only root needs mkdir("/tmp") to say EEXIST.
 *
 *   errorder setup DIR       makes the fixture tree in DIR
 *   errorder run RO RW       RO: a read-only copy of the fixtures with a
 *                            writable tmpfs on RO/mnt; RW: an empty
 *                            writable directory. Prints one line per case,
 *                            "T:<call> <base>/<path> <user>=<errno name>".
 *
 * The test runs the same program natively (as root, in a mount namespace,
 * chrooted into a read-only tmpfs) and in the guest (on its read-only
 * root), and compares the two outputs line by line: what Linux says is the
 * expectation. Every case in RW gets a fresh copy of the
 * fixtures, so one call's effect cannot change the next case's answer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define NOBODY	65534
#define OTHER	1000

static char long_name[300];

static const char *
errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EROFS: return "EROFS";
	case EBUSY: return "EBUSY";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ELOOP: return "ELOOP";
	case EMLINK: return "EMLINK";
	case ENXIO: return "ENXIO";
	case ETXTBSY: return "ETXTBSY";
	}
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "errorder: %s %s: %s\n", what, path, strerror(errno));
	exit(2);
}

static void
mk(const char *base, const char *name, int type, int mode, const char *target)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", base, name);
	if (type == 'd' && mkdir(p, mode))
		die("mkdir", p);
	if (type == 'f') {
		int fd = open(p, O_CREAT | O_WRONLY | O_EXCL, mode);

		if (fd < 0 || write(fd, "data\n", 5) != 5)
			die("create", p);
		close(fd);
	}
	if (type == 'l' && symlink(target, p))
		die("symlink", p);
	if (type == 'p' && mkfifo(p, mode))
		die("mkfifo", p);
	if (type != 'l' && chmod(p, mode))	/* no umask */
		die("chmod", p);
}

/* give makes base/name belong to uid (not following a symlink). */
static void
give(const char *base, const char *name, uid_t uid)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", base, name);
	if (lchown(p, uid, uid))
		die("lchown", p);
}

/* The fixtures: every case's path names one of these, or something beside them. */
static void
setup(const char *b)
{
	mk(b, "dir", 'd', 0755, NULL);
	mk(b, "full", 'd', 0755, NULL);
	mk(b, "full/f", 'f', 0644, NULL);
	mk(b, "file", 'f', 0644, NULL);
	mk(b, "file2", 'f', 0644, NULL);
	mk(b, "link", 'l', 0, "file");
	mk(b, "dlink", 'l', 0, "dir");
	mk(b, "dangle", 'l', 0, "nowhere");
	mk(b, "loop", 'l', 0, "loop");
	mk(b, "sticky", 'd', 01777, NULL);
	mk(b, "sticky/rootfile", 'f', 0644, NULL);
	/* Someone else's in /tmp: fs.protected_{symlinks,regular,fifos}. */
	mk(b, "sticky/ufile", 'f', 0666, NULL);
	mk(b, "sticky/ufifo", 'p', 0666, NULL);
	mk(b, "sticky/ulink", 'l', 0, "rootfile");
	mk(b, "sticky/udangle", 'l', 0, "unmade");
	give(b, "sticky/ufile", OTHER);
	give(b, "sticky/ufifo", OTHER);
	give(b, "sticky/ulink", OTHER);
	give(b, "sticky/udangle", OTHER);
	mk(b, "locked", 'd', 0755, NULL);
	mk(b, "locked/file", 'f', 0644, NULL);
	mk(b, "locked/dir", 'd', 0755, NULL);
	mk(b, "nosearch", 'd', 0700, NULL);
	mk(b, "nosearch/file", 'f', 0644, NULL);
	mk(b, "open", 'd', 0777, NULL);
	mk(b, "open/file", 'f', 0666, NULL);
	mk(b, "mnt", 'd', 0755, NULL);
}

/* The paths each call is tried on, relative to the base; L stands for a 256-byte name. */
static const char *const paths[] = {
	"new", "new/", "dir", "dir/", "file", "file/", "link", "link/", "dlink", "dlink/",
	"dangle", "dangle/", "loop", "loop/", "full", "mnt", "mnt/", "mnt/new",
	"missing/new", "missing/", "file/new", "file/new/", "loop/new", "dangle/new",
	"dir/new", "dir/.", "dir/..", ".", "..", "L", "L/", "missing/L", "file/L", "L/new",
	"sticky/rootfile", "sticky/new", "sticky/ufile", "sticky/ufifo", "sticky/ulink",
	"sticky/ulink/", "sticky/udangle", "locked/new", "locked/file", "locked/dir",
	"nosearch/new", "nosearch/file", "nosearch/x/new", "open/file", "open/new", "/",
};

enum call {
	MKDIR, MKNOD_REG, MKNOD_FIFO, MKNOD_CHR, MKNOD_DIR, MKNOD_BAD, SYMLINK, SYMLINK_EMPTY,
	LINK_TO, LINK_FROM, OPEN_EXCL, OPEN_CREAT_W, OPEN_CREAT_R, OPEN_CREAT_NOFOLLOW,
	OPEN_W, OPEN_TRUNC, OPEN_DIR_W, UNLINK, RMDIR, RENAME_FROM, RENAME_TO, RENAME_DIR_TO,
	RENAME_NOREPL, CHMOD, TRUNCATE, NCALLS
};

static const char *const call_names[] = {
	"mkdir", "mknod-reg", "mknod-fifo", "mknod-chr", "mknod-dir", "mknod-bad", "symlink",
	"symlink-empty", "link-to", "link-from", "open-creat-excl", "open-creat-w",
	"open-creat-r", "open-creat-nofollow", "open-w", "open-trunc", "open-dir-w", "unlink",
	"rmdir", "rename-from", "rename-to", "rename-dir-to", "rename-noreplace", "chmod",
	"truncate",
};

static int
sys_open(const char *p, int flags)
{
	int fd = open(p, flags | O_NONBLOCK, 0644);	/* a FIFO must not block */

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* try runs one call on path p in base b; returns 0 or errno. */
static int
try(enum call c, const char *b, const char *p)
{
	char other[512], dir[512];
	int r = -1;

	snprintf(other, sizeof(other), "%s/other", b);
	snprintf(dir, sizeof(dir), "%s/dir", b);
	errno = 0;
	switch (c) {
	case MKDIR: r = mkdir(p, 0755); break;
	case MKNOD_REG: r = mknod(p, S_IFREG | 0644, 0); break;
	case MKNOD_FIFO: r = mknod(p, S_IFIFO | 0644, 0); break;
	case MKNOD_CHR: r = mknod(p, S_IFCHR | 0644, makedev(1, 3)); break;
	case MKNOD_DIR: r = mknod(p, S_IFDIR | 0755, 0); break;
	case MKNOD_BAD: r = mknod(p, 0170000 | 0644, 0); break;
	case SYMLINK: r = symlink("target", p); break;
	case SYMLINK_EMPTY: r = symlink("", p); break;
	case LINK_TO: snprintf(other, sizeof(other), "%s/file", b); r = link(other, p); break;
	case LINK_FROM: r = link(p, other); break;
	case OPEN_EXCL: r = sys_open(p, O_CREAT | O_EXCL | O_WRONLY); break;
	case OPEN_CREAT_W: r = sys_open(p, O_CREAT | O_WRONLY); break;
	case OPEN_CREAT_R: r = sys_open(p, O_CREAT | O_RDONLY); break;
	case OPEN_CREAT_NOFOLLOW: r = sys_open(p, O_CREAT | O_RDONLY | O_NOFOLLOW); break;
	case OPEN_W: r = sys_open(p, O_WRONLY); break;
	case OPEN_TRUNC: r = sys_open(p, O_RDONLY | O_TRUNC); break;
	case OPEN_DIR_W: r = sys_open(p, O_RDWR | O_DIRECTORY); break;
	case UNLINK: r = unlink(p); break;
	case RMDIR: r = rmdir(p); break;
	case RENAME_FROM: r = rename(p, other); break;
	case RENAME_TO: snprintf(other, sizeof(other), "%s/file", b); r = rename(other, p); break;
	case RENAME_DIR_TO: r = rename(dir, p); break;
	case RENAME_NOREPL:
		snprintf(other, sizeof(other), "%s/file2", b);
		r = renameat2(AT_FDCWD, other, AT_FDCWD, p, RENAME_NOREPLACE);
		break;
	case CHMOD: r = chmod(p, 0600); break;
	case TRUNCATE: r = truncate(p, 0); break;
	default: break;
	}
	return r ? errno : 0;
}

static int
rm_one(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;	/* the directory itself stays */
	if ((type == FTW_DP ? rmdir(p) : unlink(p)) && errno != ENOENT)
		die("remove", p);
	return 0;
}

/* empty_dir removes everything below dir (what a case left behind). */
static void
empty_dir(const char *dir)
{
	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS))
		die("nftw", dir);
}

static void
become_nobody(void)
{
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		die("setuid", "nobody");
}

/* path_in spells case path p (L: the long name) under base b. */
static void
path_in(char *out, size_t n, const char *b, const char *p)
{
	char rel[400];
	const char *l = strchr(p, 'L');

	if (!strcmp(p, "/")) {
		snprintf(out, n, "/");
		return;
	}
	if (l && (l == p || l[-1] == '/') && (l[1] == '\0' || l[1] == '/'))
		snprintf(rel, sizeof(rel), "%.*s%s%s", (int)(l - p), p, long_name, l + 1);
	else
		snprintf(rel, sizeof(rel), "%s", p);
	snprintf(out, n, "%s/%s", b, rel);
}

/*
 * run_case tries call c on path p under the base at bpath (named bname in
 * the output), as root or as nobody (in a child). A writable base gets a
 * fresh fixture tree first.
 */
static void
run_case(enum call c, const char *bname, const char *bpath, const char *p, int nobody,
	 int *serial)
{
	char base[512], full[1024];
	int err, st, fds[2];
	pid_t pid;

	/* Never change the modes of the directories above the bases. */
	if (c == CHMOD && (!strcmp(p, "/") || !strcmp(p, "..")))
		return;
	if (!strcmp(bname, "rw")) {
		snprintf(base, sizeof(base), "%s/c%d", bpath, (*serial)++);
		if (mkdir(base, 0755))
			die("mkdir", base);
		setup(base);
	} else {
		snprintf(base, sizeof(base), "%s", bpath);
	}
	path_in(full, sizeof(full), base, p);
	if (!nobody) {
		err = try(c, base, full);
	} else {
		if (pipe(fds))
			die("pipe", "");
		pid = fork();
		if (pid == 0) {
			become_nobody();
			err = try(c, base, full);
			if (write(fds[1], &err, sizeof(err)) != sizeof(err))
				_exit(1);
			_exit(0);
		}
		close(fds[1]);
		if (pid < 0 || read(fds[0], &err, sizeof(err)) != sizeof(err))
			die("fork", "nobody");
		close(fds[0]);
		waitpid(pid, &st, 0);
	}
	printf("T:%s %s/%s %s=%s\n", call_names[c], bname, p, nobody ? "nobody" : "root",
	       errname(err));
	if (!strcmp(bname, "rw")) {
		empty_dir(base);
		if (rmdir(base))
			die("rmdir", base);
	} else {
		snprintf(base, sizeof(base), "%s/mnt", bpath);
		empty_dir(base);
	}
}

int
main(int argc, char **argv)
{
	int serial = 0;

	memset(long_name, 'x', 256);
	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022);
	if (argc == 3 && !strcmp(argv[1], "setup")) {
		setup(argv[2]);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "run")) {
		fprintf(stderr, "usage: errorder setup DIR | errorder run RO RW\n");
		return 2;
	}
	if (chmod(argv[3], 0755))
		die("chmod", argv[3]);
	for (int nobody = 0; nobody < 2; nobody++)
		for (int c = 0; c < NCALLS; c++)
			for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
				run_case(c, "ro", argv[2], paths[i], nobody, &serial);
				run_case(c, "rw", argv[3], paths[i], nobody, &serial);
			}
	printf("T:end=errorder\n");
	return 0;
}
