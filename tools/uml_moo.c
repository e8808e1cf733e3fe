// SPDX-License-Identifier: GPL-2.0-only
/*
 * uml_moo: merge a UML COW file with its backing file.
 *
 *	uml_moo [-b <backing file>] <COW file> <new image>
 *	uml_moo -d [-b <backing file>] <COW file>
 *
 * The first form writes a new image: every sector comes from the COW file
 * if its bitmap bit is set, else from the backing file. Blocks that are all
 * zero become holes, and holes in the inputs are skipped without reading
 * them (SEEK_DATA/SEEK_HOLE). The image is written to a temporary file in
 * the target's directory, synced, and renamed over the target, so the
 * target name never holds half an image.
 *
 * The second form (-d) merges in place: only sectors whose bit is set and
 * whose data differs are written into the backing file. Those are exactly
 * the sectors the COW file overrides, so COW+backing show the same disk at
 * every moment of the merge; if it is interrupted by a signal or an I/O
 * error, the backing file's mtime is put back to the header's so the pair
 * stays usable and the merge can simply be run again.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cow_user.h"

#define CHUNK		(1U << 20)	/* image bytes assembled at a time */
#define BLOCK		4096U		/* zero-detection granularity */
#define BITMAP_WIN	(1U << 20)	/* bitmap bytes kept in memory */
#define PROGRESS_MIN	(UINT64_C(64) << 20)

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

/* A file read with holes skipped; next_data caches the last SEEK_DATA answer. */
struct src {
	int fd;
	const char *name;
	uint64_t next_data;	/* no data in [last query, next_data) */
	uint64_t queried;	/* offset of the last SEEK_DATA query */
	bool known;
};

struct merge {
	struct cow_info info;
	const char *cow_name;
	struct src cow, back;
	int out_fd;		/* new image, or the backing file with -d */
	bool in_place;
	uint8_t *win;		/* bitmap window */
	uint64_t win_first;	/* first bitmap byte in win */
	uint64_t win_len;	/* valid bytes in win */
	uint8_t *buf, *old;	/* assembled chunk; backing data for -d */
	uint64_t chunk;		/* chunk size, a multiple of the sector size */
	bool progress;
	int last_pct;
};

static void
die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("uml_moo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
usage(FILE *f)
{
	fprintf(f,
		"Usage: uml_moo [-b <backing file>] <COW file> <new image>\n"
		"       uml_moo -d [-b <backing file>] <COW file>\n"
		"Merges a UML COW file (format version 1, 2 or 3) with its backing file:\n"
		"into a new sparse image, or with -d in place into the backing file.\n"
		"\t-b\tuse this backing file instead of the one named in the COW header\n"
		"\t-d\tmerge destructively, in place, into the backing file\n"
		"\t-h, --help\tprint this help and exit\n");
}

/* src_next_data returns the first offset >= off that may hold data. */
static uint64_t
src_next_data(struct src *s, uint64_t off)
{
	off_t d;

	if (s->known && off >= s->queried && off < s->next_data)
		return s->next_data;
	d = lseek(s->fd, off, SEEK_DATA);
	s->known = true;
	s->queried = off;
	/* ENXIO: nothing but hole up to EOF. Other errors: assume data. */
	if (d < 0)
		s->next_data = errno == ENXIO ? UINT64_MAX : off;
	else
		s->next_data = d;
	return s->next_data;
}

/* src_read reads [off, off+len) into buf, zero-filling holes without reading them. */
static int
src_read(struct src *s, uint8_t *buf, size_t len, uint64_t off)
{
	while (len) {
		uint64_t d = src_next_data(s, off);
		size_t n;
		off_t h;
		int err;

		if (d >= off + len) {
			memset(buf, 0, len);
			return 0;
		}
		if (d > off) {
			memset(buf, 0, d - off);
			buf += d - off;
			len -= d - off;
			off = d;
		}
		h = lseek(s->fd, off, SEEK_HOLE);
		n = h < 0 || (uint64_t)h <= off || (uint64_t)h - off > len ?
			    len : (size_t)((uint64_t)h - off);
		err = pread_full(s->fd, buf, n, off);
		if (err)
			return err;
		buf += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* bitmap_window makes sure bitmap bytes [first, first+len) are in m->win. */
static void
bitmap_window(struct merge *m, uint64_t first, uint64_t len)
{
	uint64_t total = cow_bitmap_bytes(&m->info);
	int err;

	if (first >= m->win_first && first + len <= m->win_first + m->win_len)
		return;
	m->win_first = first;
	m->win_len = total - first < BITMAP_WIN ? total - first : BITMAP_WIN;
	err = pread_full(m->cow.fd, m->win, m->win_len,
			 m->info.bitmap_offset + first);
	if (err)
		die("reading the bitmap of \"%s\": %s", m->cow_name, strerror(-err));
}

static bool
all_zero(const uint8_t *p, size_t len)
{
	const uint64_t *w = (const uint64_t *)p;

	for (size_t i = 0; i < len / 8; i++)
		if (w[i])
			return false;
	for (size_t i = len / 8 * 8; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* write_nonzero writes the non-zero BLOCKs of buf to out at off, leaving holes. */
static int
write_nonzero(struct merge *m, const uint8_t *buf, size_t len, uint64_t off)
{
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		int err;

		while (i < len && all_zero(buf + i, len - i < BLOCK ? len - i : BLOCK))
			i += BLOCK;
		start = i;
		while (i < len && !all_zero(buf + i, len - i < BLOCK ? len - i : BLOCK))
			i += BLOCK;
		if (i > len)
			i = len;
		n = i - start;
		if (!n)
			continue;
		err = pwrite_full(m->out_fd, buf + start, n, off + start);
		if (err)
			return err;
	}
	return 0;
}

/* write_changed writes, sector by sector run, where buf differs from old. */
static int
write_changed(struct merge *m, const uint8_t *buf, const uint8_t *old,
	      size_t len, uint64_t off)
{
	size_t ss = m->info.sectorsize, i = 0;

	while (i < len) {
		size_t start, end;

		while (i < len && !memcmp(buf + i, old + i, len - i < ss ? len - i : ss))
			i += ss;
		start = i;
		while (i < len && memcmp(buf + i, old + i, len - i < ss ? len - i : ss))
			i += ss;
		end = i < len ? i : len;
		if (end > start) {
			int err = pwrite_full(m->out_fd, buf + start, end - start,
					      off + start);
			if (err)
				return err;
		}
	}
	return 0;
}

static void
show_progress(struct merge *m, uint64_t done)
{
	int pct;

	if (!m->progress)
		return;
	pct = (int)(done * 100 / m->info.size);
	if (pct != m->last_pct) {
		fprintf(stderr, "\ruml_moo: %3d%%", pct);
		m->last_pct = pct;
	}
}

/*
 * merge_chunk assembles image bytes [off, off+len) in m->buf from the COW
 * file and the backing file and writes them out: all of it (less zero
 * blocks) for a new image, only the changed sectors in place. A chunk that
 * neither file has data for is skipped without reading.
 */
static int
merge_chunk(struct merge *m, uint64_t off, size_t len)
{
	uint64_t ss = m->info.sectorsize;
	uint64_t first = off / ss, nsec = (len + ss - 1) / ss, s = 0;
	uint64_t rel;
	bool present;
	int err;

	bitmap_window(m, first / 8, (first % 8 + nsec + 7) / 8);
	rel = first - m->win_first * 8;
	if (cow_bitmap_run(m->win, rel, nsec, &present) == nsec && !present &&
	    (m->in_place || src_next_data(&m->back, off) >= off + len))
		return 0;
	if (m->in_place) {
		err = src_read(&m->back, m->old, len, off);
		if (err)
			return err;
	}
	while (s < nsec) {
		uint64_t n = cow_bitmap_run(m->win, rel + s, nsec - s, &present);
		uint64_t boff = s * ss;
		uint64_t blen = (s + n) * ss > len ? len - boff : n * ss;

		err = 0;
		if (present)
			err = src_read(&m->cow, m->buf + boff, blen,
				       m->info.data_offset + off + boff);
		else if (m->in_place)
			memcpy(m->buf + boff, m->old + boff, blen);
		else
			err = src_read(&m->back, m->buf + boff, blen, off + boff);
		if (err)
			return err;
		s += n;
	}
	if (!m->in_place)
		return write_nonzero(m, m->buf, len, off);
	err = write_changed(m, m->buf, m->old, len, off);
	m->back.known = false;	/* writes may have filled holes */
	return err;
}

static void
open_inputs(struct merge *m, const char *cow_name, const char *backing, bool rw)
{
	char msg[2 * COW_PATH_LEN + 512];
	enum cow_status st;
	struct stat sb;
	int err;

	m->cow_name = cow_name;
	m->cow.name = cow_name;
	m->cow.fd = open(cow_name, O_RDONLY | O_CLOEXEC);
	if (m->cow.fd < 0)
		die("can't open COW file \"%s\": %s", cow_name, strerror(errno));
	err = cow_read_header(m->cow.fd, &m->info, &st);
	if (err)
		die("reading COW file \"%s\": %s", cow_name, strerror(-err));
	if (st != COW_OK)
		die("\"%s\": %s", cow_name, cow_strerror(st));
	if (fstat(m->cow.fd, &sb) < 0)
		die("stat \"%s\": %s", cow_name, strerror(errno));
	if ((uint64_t)sb.st_size < m->info.data_offset + m->info.size)
		die("COW file \"%s\" is truncated: %llu bytes, its header needs %llu",
		    cow_name, (unsigned long long)sb.st_size,
		    (unsigned long long)(m->info.data_offset + m->info.size));
	if (!backing)
		backing = m->info.backing_file;
	if (!*backing)
		die("COW file \"%s\" names no backing file; give one with -b", cow_name);
	st = cow_check_backing_file(&m->info, backing, cow_name, msg, sizeof(msg));
	if (st != COW_OK)
		die("%s", msg);
	m->back.name = backing;
	m->back.fd = open(backing, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (m->back.fd < 0)
		die("can't open backing file \"%s\"%s: %s", backing,
		    rw ? " for writing" : "", strerror(errno));
}

static void
alloc_buffers(struct merge *m)
{
	m->chunk = m->info.sectorsize > CHUNK ? m->info.sectorsize : CHUNK;
	m->buf = aligned_alloc(BLOCK, m->chunk);
	m->old = aligned_alloc(BLOCK, m->chunk);
	m->win = malloc(BITMAP_WIN);
	if (!m->buf || !m->old || !m->win)
		die("out of memory");
	m->win_len = 0;
	m->progress = isatty(STDERR_FILENO) && m->info.size >= PROGRESS_MIN;
	m->last_pct = -1;
}

static void
catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A file size limit gives EFBIG instead of killing us mid-write. */
	signal(SIGXFSZ, SIG_IGN);
}

/* run_merge merges every chunk; returns 0, -errno, or -EINTR on a signal. */
static int
run_merge(struct merge *m)
{
	for (uint64_t off = 0; off < m->info.size; off += m->chunk) {
		uint64_t left = m->info.size - off;
		int err;

		if (interrupted)
			return -EINTR;
		err = merge_chunk(m, off, left < m->chunk ? left : m->chunk);
		if (err)
			return err;
		show_progress(m, off);
	}
	if (m->progress)
		fputs("\ruml_moo: 100%\n", stderr);
	return 0;
}

static int
merge_new(struct merge *m, const char *target)
{
	char *dup = strdup(target), *dup2 = strdup(target), *tmp;
	struct stat back_sb;
	int err;

	if (!dup || !dup2)
		die("out of memory");
	if (asprintf(&tmp, "%s/.%s.moo-XXXXXX", dirname(dup), basename(dup2)) < 0)
		die("out of memory");
	m->out_fd = mkstemp(tmp);
	if (m->out_fd < 0)
		die("can't create the new image next to \"%s\": %s", target,
		    strerror(errno));
	err = run_merge(m);
	/* The image takes the backing file's length, permissions and owner. */
	if (!err && ftruncate(m->out_fd, m->info.size) < 0)
		err = -errno;
	if (!err && fstat(m->back.fd, &back_sb) == 0) {
		if (fchmod(m->out_fd, back_sb.st_mode & 07777) < 0)
			err = -errno;
		if (!err && geteuid() == 0 &&
		    fchown(m->out_fd, back_sb.st_uid, back_sb.st_gid) < 0)
			err = -errno;
	}
	if (!err && fsync(m->out_fd) < 0)
		err = -errno;
	if (close(m->out_fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, target) < 0)
		err = -errno;
	if (err) {
		unlink(tmp);
		if (m->progress)
			fputc('\n', stderr);
		if (err == -EINTR)
			die("interrupted; \"%s\" was not written", target);
		die("writing \"%s\": %s; nothing was written under that name",
		    target, strerror(-err));
	}
	free(tmp);
	free(dup);
	free(dup2);
	return 0;
}

static int
merge_in_place(struct merge *m)
{
	int err;

	m->in_place = true;
	m->out_fd = m->back.fd;
	err = run_merge(m);
	if (!err && fsync(m->back.fd) < 0)
		err = -errno;
	if (err) {
		/*
		 * Only sectors the COW file overrides were written, so
		 * COW+backing still show the same disk. Give the backing file
		 * its recorded mtime back so that pair stays usable.
		 */
		struct timespec ts[2] = {
			{ .tv_nsec = UTIME_OMIT },
			{ .tv_sec = m->info.mtime },
		};

		fsync(m->back.fd);
		futimens(m->back.fd, ts);
		if (m->progress)
			fputc('\n', stderr);
		die("%s during the in-place merge into \"%s\"; the COW file still "
		    "holds every change and still matches it: run the same "
		    "command again to finish",
		    err == -EINTR ? "interrupted" : strerror(-err), m->back.name);
	}
	return 0;
}

/* --help as Debian users expect of every tool, besides -h. */
static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct merge m = { .cow.fd = -1, .back.fd = -1, .out_fd = -1 };
	const char *backing = NULL;
	bool destructive = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "b:dh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			backing = optarg;
			break;
		case 'd':
			destructive = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (argc - optind != (destructive ? 1 : 2)) {
		usage(stderr);
		return 1;
	}
	catch_signals();
	open_inputs(&m, argv[optind], backing, destructive);
	alloc_buffers(&m);
	if (destructive)
		merge_in_place(&m);
	else
		merge_new(&m, argv[optind + 1]);
	free(m.buf);
	free(m.old);
	free(m.win);
	close(m.cow.fd);
	close(m.back.fd);
	return 0;
}
