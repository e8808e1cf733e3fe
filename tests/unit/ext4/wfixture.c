/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures for the ext4 write tests: see wfixture.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wfixture.h"

char wtmp[256];

void
wfix_setup(const char *name)
{
	snprintf(wtmp, sizeof(wtmp), "%s/%s.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	if (!mkdtemp(wtmp)) {
		fprintf(stderr, "%s: mkdtemp %s: %s\n", name, wtmp, strerror(errno));
		exit(EXIT_FAILURE);
	}
}

void
wfix_cleanup(void)
{
	char cmd[400];

	if (!wtmp[0] || getenv("EXT4_KEEP_IMAGES"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", wtmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", wtmp);
}

int
run_cmd(char *out, size_t cap, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0;
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	ck_assert_msg(f, "popen %s", cmd);
	if (out && cap)
		out[0] = '\0';
	for (;;) {
		char tmp[4096];
		size_t got = fread(tmp, 1, sizeof(tmp), f);

		if (!got)
			break;
		if (out && n + 1 < cap) {
			size_t k = got < cap - 1 - n ? got : cap - 1 - n;

			memcpy(out + n, tmp, k);
			n += k;
			out[n] = '\0';
		}
	}
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* --- the block device --- */

static int
dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct wimg *w = ctx;
	size_t done = 0;

	if (off + len > w->size)
		return -EIO;
	while (done < len) {
		ssize_t n = pread(w->fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));

		if (n <= 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

static void
log_add(struct wimg *w, uint64_t off, const void *buf, size_t len)
{
	struct wlog *l;

	if (w->nlog == w->caplog) {
		w->caplog = w->caplog ? 2 * w->caplog : 1024;
		w->log = realloc(w->log, w->caplog * sizeof(*w->log));
	}
	l = &w->log[w->nlog++];
	l->off = off;
	l->len = (uint32_t)len;
	l->data = NULL;
	if (len) {
		l->data = malloc(len);
		memcpy(l->data, buf, len);
	}
}

static int
dev_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct wimg *w = ctx;
	size_t done = 0;

	if (off + len > w->size)
		return -EIO;
	if (w->fail_after > 0 && --w->fail_after == 0)
		return -EIO;
	w->writes++;
	w->bytes_written += len;
	if (w->record)
		log_add(w, off, buf, len);
	while (done < len) {
		ssize_t n = pwrite(w->fd, (const uint8_t *)buf + done, len - done,
				   (off_t)(off + done));

		if (n <= 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int
dev_flush(void *ctx)
{
	struct wimg *w = ctx;

	w->flushes++;
	if (w->record)
		log_add(w, 0, NULL, 0);
	return 0;
}

void
wimg_defer(struct wimg *w, uint64_t off, const void *buf, size_t len)
{
	struct wlog *l;

	if (w->npend == w->cappend) {
		w->cappend = w->cappend ? 2 * w->cappend : 64;
		w->pend = realloc(w->pend, w->cappend * sizeof(*w->pend));
	}
	l = &w->pend[w->npend++];
	l->off = off;
	l->len = (uint32_t)len;
	l->data = malloc(len);
	memcpy(l->data, buf, len);
}

int
wimg_writeback(struct wimg *w)
{
	int err = 0;

	for (size_t i = 0; i < w->npend; i++) {
		if (!err)
			err = dev_write(w, w->pend[i].off, w->pend[i].data, w->pend[i].len);
		free(w->pend[i].data);
	}
	w->npend = 0;
	return err;
}

static int
dev_writeback(void *ctx)
{
	struct wimg *w = ctx;

	w->writebacks++;
	return wimg_writeback(w);
}

static void
dev_now(void *ctx, struct ext4_timespec *ts)
{
	struct wimg *w = ctx;

	w->tick += 1000;
	if (w->tick >= 1000000000u) {
		w->tick = 0;
		w->clock++;
	}
	ts->sec = w->clock;
	ts->nsec = w->tick;
}

void
wimg_open(struct wimg *w, const char *path)
{
	struct stat st;

	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s", path);
	w->fd = open(path, O_RDWR);
	ck_assert_msg(w->fd >= 0, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fstat(w->fd, &st), 0);
	w->size = (uint64_t)st.st_size;
	w->clock = 1700000000;
	w->bd.read = dev_read;
	w->bd.write = dev_write;
	w->bd.flush = dev_flush;
	w->bd.now = dev_now;
	w->bd.writeback_data = dev_writeback;
	w->bd.ctx = w;
	w->bd.size = w->size;
}

void
wimg_mkfs(struct wimg *w, const char *name, const char *type, uint64_t size, const char *opts,
	  const char *src)
{
	char path[400], out[4096], dflag[600] = "";
	int rc;

	snprintf(path, sizeof(path), "%s/%s.img", wtmp, name);
	unlink(path);
	if (src)
		snprintf(dflag, sizeof(dflag), "-d '%s'", src);
	rc = run_cmd(out, sizeof(out),
		     "truncate -s %llu '%s' && PATH=$PATH:/sbin:/usr/sbin mke2fs -q -F -t %s %s %s '%s' 2>&1",
		     (unsigned long long)size, path, type, opts ? opts : "", dflag, path);
	ck_assert_msg(rc == 0, "mke2fs %s failed: %s", name, out);
	wimg_open(w, path);
}

int
wimg_mount(struct wimg *w, unsigned int flags)
{
	return ext4_mount(&w->bd, flags, &w->fs);
}

void
wimg_mount_ok(struct wimg *w)
{
	int err = wimg_mount(w, 0);

	ck_assert_msg(err == 0, "mount %s: %d (%s)", w->path, err, ext4_strerror_detail(NULL));
}

void
wimg_umount(struct wimg *w)
{
	char detail[200];
	int err;

	snprintf(detail, sizeof(detail), "%s", ext4_strerror_detail(w->fs));
	err = ext4_umount(w->fs);
	w->fs = NULL;
	ck_assert_msg(err == 0, "umount %s: %d (%s)", w->path, err, detail);
}

void
wimg_log_free(struct wimg *w)
{
	for (size_t i = 0; i < w->nlog; i++)
		free(w->log[i].data);
	free(w->log);
	w->log = NULL;
	w->nlog = w->caplog = 0;
}

void
wimg_close(struct wimg *w)
{
	if (w->fs)
		wimg_umount(w);
	wimg_log_free(w);
	wimg_writeback(w);
	free(w->pend);
	w->pend = NULL;
	w->cappend = 0;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

void
wimg_fsck(const char *path)
{
	static char out[16384];
	int rc = run_cmd(out, sizeof(out), "PATH=$PATH:/sbin:/usr/sbin e2fsck -fn '%s' 2>&1", path);

	ck_assert_msg(rc == 0, "e2fsck -fn %s: exit %d\n%s", path, rc, out);
}

/* --- library helpers --- */

struct ext4_inode *
w_iget_path(struct ext4_fs *fs, const char *path)
{
	struct ext4_inode *in;
	uint32_t ino;
	int err;

	err = ext4_lookup_path(fs, path, &ino);
	ck_assert_msg(err == 0, "lookup %s: %d (%s)", path, err, ext4_strerror_detail(fs));
	err = ext4_iget(fs, ino, &in);
	ck_assert_msg(err == 0, "iget %s: %d (%s)", path, err, ext4_strerror_detail(fs));
	return in;
}

struct ext4_inode *
w_parent(struct ext4_fs *fs, const char *path, const char **name)
{
	char dir[1024];
	const char *slash = strrchr(path, '/');

	ck_assert(slash);
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	*name = slash + 1;
	return w_iget_path(fs, dir[0] ? dir : "/");
}

static struct ext4_inode *
w_make(struct ext4_fs *fs, const char *path, uint16_t mode, const char *target)
{
	struct ext4_new_inode ni = { .mode = mode, .uid = 1000, .gid = 100 };
	struct ext4_inode *dir, *in = NULL;
	const char *name;
	int err;

	if (target) {
		ni.target = target;
		ni.target_len = strlen(target);
	}
	dir = w_parent(fs, path, &name);
	err = ext4_create(fs, dir, name, strlen(name), &ni, &in);
	ck_assert_msg(err == 0, "create %s: %d (%s)", path, err, ext4_strerror_detail(fs));
	ext4_iput(dir);
	return in;
}

struct ext4_inode *
w_create(struct ext4_fs *fs, const char *path, uint16_t mode)
{
	return w_make(fs, path, 0100000 | mode, NULL);
}

struct ext4_inode *
w_mkdir(struct ext4_fs *fs, const char *path, uint16_t mode)
{
	return w_make(fs, path, 0040000 | mode, NULL);
}

void
w_symlink(struct ext4_fs *fs, const char *path, const char *target)
{
	ext4_iput(w_make(fs, path, 0120777, target));
}

void
w_write(struct ext4_fs *fs, struct ext4_inode *in, uint64_t off, const void *buf, size_t len)
{
	long n = ext4_write(fs, in, off, buf, len, 0);

	ck_assert_msg(n == (long)len, "write inode %u at %llu: %ld (%s)", in->ino,
		      (unsigned long long)off, n, ext4_strerror_detail(fs));
}

void
w_write_file(struct ext4_fs *fs, const char *path, const void *buf, size_t len)
{
	struct ext4_inode *in = w_create(fs, path, 0644);

	if (len)
		w_write(fs, in, 0, buf, len);
	ext4_iput(in);
}

int
w_unlink(struct ext4_fs *fs, const char *path)
{
	const char *name;
	struct ext4_inode *dir = w_parent(fs, path, &name);
	int err = ext4_unlink(fs, dir, name, strlen(name));

	ext4_iput(dir);
	return err;
}

int
w_rmdir(struct ext4_fs *fs, const char *path)
{
	const char *name;
	struct ext4_inode *dir = w_parent(fs, path, &name);
	int err = ext4_rmdir(fs, dir, name, strlen(name));

	ext4_iput(dir);
	return err;
}

int
w_rename(struct ext4_fs *fs, const char *from, const char *to, unsigned int flags)
{
	const char *on, *nn;
	struct ext4_inode *od = w_parent(fs, from, &on), *nd = w_parent(fs, to, &nn);
	int err = ext4_rename(fs, od, on, strlen(on), nd, nn, strlen(nn), flags);

	ext4_iput(od);
	ext4_iput(nd);
	return err;
}

void
fill_pattern(uint8_t *buf, size_t len, uint32_t seed, uint64_t off)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t x = (off + i) * 0x9E3779B97F4A7C15ull + seed * 0xBF58476D1CE4E5B9ull;

		x ^= x >> 29;
		buf[i] = (uint8_t)(x >> 17);
	}
}

/* --- the model --- */

void
model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
}

static void
mnode_free(struct mnode *n)
{
	free(n->path);
	free(n->data);
	free(n->target);
	for (size_t i = 0; i < n->nxa; i++) {
		free(n->xa[i].name);
		free(n->xa[i].value);
	}
	free(n->xa);
}

void
model_setxattr(struct mnode *n, const char *name, const void *value, size_t len)
{
	for (size_t i = 0; i < n->nxa; i++) {
		if (strcmp(n->xa[i].name, name))
			continue;
		free(n->xa[i].name);
		free(n->xa[i].value);
		n->xa[i] = n->xa[--n->nxa];
		break;
	}
	if (!value)
		return;
	n->xa = realloc(n->xa, (n->nxa + 1) * sizeof(*n->xa));
	n->xa[n->nxa].name = strdup(name);
	n->xa[n->nxa].value = malloc(len ? len : 1);
	memcpy(n->xa[n->nxa].value, value, len);
	n->xa[n->nxa].len = len;
	n->nxa++;
}

void
model_free(struct model *m)
{
	for (size_t i = 0; i < m->count; i++)
		mnode_free(&m->n[i]);
	free(m->n);
	memset(m, 0, sizeof(*m));
}

struct mnode *
model_find(struct model *m, const char *path)
{
	for (size_t i = 0; i < m->count; i++)
		if (!strcmp(m->n[i].path, path))
			return &m->n[i];
	return NULL;
}

struct mnode *
model_add(struct model *m, const char *path, uint16_t mode)
{
	struct mnode *n;

	ck_assert_msg(!model_find(m, path), "model: %s exists", path);
	if (m->count == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->n = realloc(m->n, m->cap * sizeof(*m->n));
	}
	n = &m->n[m->count++];
	memset(n, 0, sizeof(*n));
	n->path = strdup(path);
	n->mode = mode;
	n->uid = 1000;
	n->gid = 100;
	return n;
}

void
model_del(struct model *m, const char *path)
{
	struct mnode *n = model_find(m, path);

	ck_assert_msg(n, "model: no %s", path);
	mnode_free(n);
	*n = m->n[--m->count];
}

void
model_rename(struct model *m, const char *from, const char *to)
{
	size_t fl = strlen(from);

	for (size_t i = 0; i < m->count; i++) {
		struct mnode *n = &m->n[i];
		char buf[2048];

		if (strcmp(n->path, from) && (strncmp(n->path, from, fl) || n->path[fl] != '/'))
			continue;
		snprintf(buf, sizeof(buf), "%s%s", to, n->path + fl);
		free(n->path);
		n->path = strdup(buf);
	}
}

/* Room for size bytes of contents, growing geometrically (no quadratic copying). */
static void
mnode_reserve(struct mnode *n, uint64_t size)
{
	if (size <= n->cap)
		return;
	n->cap = n->cap * 2 > size ? n->cap * 2 : size;
	n->data = realloc(n->data, n->cap ? n->cap : 1);
}

void
model_write(struct mnode *n, uint64_t off, const void *buf, size_t len)
{
	if (off + len > n->size) {
		mnode_reserve(n, off + len);
		memset(n->data + n->size, 0, off + len - n->size);
		n->size = off + len;
	}
	if (len)
		memcpy(n->data + off, buf, len);
}

void
model_truncate(struct mnode *n, uint64_t size)
{
	if (size > n->size) {
		mnode_reserve(n, size);
		memset(n->data + n->size, 0, size - n->size);
	}
	n->size = size;
}

/* --- reading the image back through the library --- */

struct fsent {
	char *path;
	uint32_t ino, nlink;
	struct ext4_stat st;
};

struct fslist {
	struct fsent *e;
	size_t n, cap;
};

struct walkctx {
	struct ext4_fs *fs;
	struct fslist *l;
	const char *dir;
	char (*subdirs)[1024];
	size_t nsub, capsub;
};

static int
walk_actor(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type, uint64_t next)
{
	struct walkctx *c = ctx;
	struct ext4_inode *in;
	struct fsent *e;
	char path[1024];
	int err;

	(void)next;
	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return 0;
	snprintf(path, sizeof(path), "%s%s%.*s", c->dir, *c->dir ? "/" : "", (int)len, name);
	err = ext4_iget(c->fs, ino, &in);
	ck_assert_msg(err == 0, "iget %s (%u): %d (%s)", path, ino, err,
		      ext4_strerror_detail(c->fs));
	ck_assert_msg(ext4_dt_type(type) == 0 || type ==
		      (uint8_t)((in->st.mode & 0170000) == 0040000 ? EXT4_FT_DIR :
				(in->st.mode & 0170000) == 0100000 ? EXT4_FT_REG_FILE :
				(in->st.mode & 0170000) == 0120000 ? EXT4_FT_SYMLINK :
				(in->st.mode & 0170000) == 0020000 ? EXT4_FT_CHRDEV :
				(in->st.mode & 0170000) == 0060000 ? EXT4_FT_BLKDEV :
				(in->st.mode & 0170000) == 0010000 ? EXT4_FT_FIFO : EXT4_FT_SOCK),
		      "%s: entry type %u disagrees with mode %o", path, type, in->st.mode);
	if (c->l->n == c->l->cap) {
		c->l->cap = c->l->cap ? 2 * c->l->cap : 256;
		c->l->e = realloc(c->l->e, c->l->cap * sizeof(*c->l->e));
	}
	e = &c->l->e[c->l->n++];
	e->path = strdup(path);
	e->ino = ino;
	e->st = in->st;
	e->nlink = in->st.nlink;
	if ((in->st.mode & 0170000) == 0040000) {
		if (c->nsub == c->capsub) {
			c->capsub = c->capsub ? 2 * c->capsub : 64;
			c->subdirs = realloc(c->subdirs, c->capsub * sizeof(*c->subdirs));
		}
		snprintf(c->subdirs[c->nsub++], 1024, "%s", path);
	}
	ext4_iput(in);
	return 0;
}

static void
fs_list(struct ext4_fs *fs, struct fslist *l)
{
	struct walkctx c = { .fs = fs, .l = l, .dir = "" };
	size_t done = 0;

	memset(l, 0, sizeof(*l));
	c.capsub = 64;
	c.subdirs = malloc(c.capsub * sizeof(*c.subdirs));
	c.nsub = 1;
	c.subdirs[0][0] = '\0';
	while (done < c.nsub) {
		char dir[1024], abs[1100];
		struct ext4_inode *in;
		uint64_t pos = 0;
		int err;

		snprintf(dir, sizeof(dir), "%s", c.subdirs[done++]);
		snprintf(abs, sizeof(abs), "/%s", dir);
		c.dir = dir;
		in = w_iget_path(fs, abs);
		err = ext4_dir_iterate(fs, in, &pos, walk_actor, &c);
		ck_assert_msg(err == 0, "iterate %s: %d (%s)", abs, err, ext4_strerror_detail(fs));
		ext4_iput(in);
	}
	free(c.subdirs);
}

static void
fs_list_free(struct fslist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->e[i].path);
	free(l->e);
}

static struct fsent *
fs_find(struct fslist *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].path, path))
			return &l->e[i];
	return NULL;
}

void
model_from_fs(struct model *m, struct ext4_fs *fs)
{
	struct fslist l;

	struct ext4_inode *root = w_iget_path(fs, "/");
	struct mnode *r = model_add(m, "", root->st.mode);

	r->uid = root->st.uid;
	r->gid = root->st.gid;
	ext4_iput(root);
	fs_list(fs, &l);
	for (size_t i = 0; i < l.n; i++) {
		struct fsent *e = &l.e[i];
		struct mnode *n = model_add(m, e->path, e->st.mode);
		char abs[1100];

		n->uid = e->st.uid;
		n->gid = e->st.gid;
		n->rdev_major = e->st.rdev_major;
		n->rdev_minor = e->st.rdev_minor;
		snprintf(abs, sizeof(abs), "/%s", e->path);
		{
			struct ext4_inode *in = w_iget_path(fs, abs);
			static char names[65536];
			static uint8_t val[65536];
			int len = ext4_listxattr(fs, in, names, sizeof(names));

			for (char *p = names; len > 0 && p < names + len; p += strlen(p) + 1) {
				int r2 = ext4_getxattr(fs, in, p, val, sizeof(val));

				ck_assert_int_ge(r2, 0);
				model_setxattr(n, p, val, (size_t)r2);
			}
			ext4_iput(in);
		}
		if ((e->st.mode & 0170000) == 0100000) {
			struct ext4_inode *in = w_iget_path(fs, abs);

			n->size = n->cap = e->st.size;
			n->data = malloc(n->size ? n->size : 1);
			ck_assert_int_eq(ext4_read(fs, in, 0, n->data, n->size), (long)n->size);
			ext4_iput(in);
		} else if ((e->st.mode & 0170000) == 0120000) {
			struct ext4_inode *in = w_iget_path(fs, abs);
			char t[4097];
			int r = ext4_readlink(fs, in, t, sizeof(t));

			ck_assert_int_gt(r, 0);
			n->target = strndup(t, (size_t)r);
			ext4_iput(in);
		}
	}
	/* hard links: entries sharing an inode */
	for (size_t i = 0; i < l.n; i++)
		for (size_t k = i + 1; k < l.n; k++)
			if (l.e[i].ino == l.e[k].ino && (l.e[i].st.mode & 0170000) != 0040000) {
				struct mnode *a = model_find(m, l.e[i].path);
				struct mnode *b = model_find(m, l.e[k].path);

				if (!a->link_group)
					a->link_group = (int)(i + 1);
				b->link_group = a->link_group;
			}
	fs_list_free(&l);
}

/* Count the model's entries in group g, and the subdirectories of dir. */
static uint32_t
model_links(struct model *m, const struct mnode *n)
{
	uint32_t c = 0;

	if ((n->mode & 0170000) == 0040000) {
		size_t pl = strlen(n->path);

		c = 2;
		for (size_t i = 0; i < m->count; i++) {
			const char *p = m->n[i].path;

			if ((m->n[i].mode & 0170000) != 0040000 || !*p)
				continue;
			if (!pl ? !strchr(p, '/') :
			    (!strncmp(p, n->path, pl) && p[pl] == '/' && !strchr(p + pl + 1, '/')))
				c++;
		}
		return c;
	}
	if (!n->link_group)
		return 1;
	for (size_t i = 0; i < m->count; i++)
		c += m->n[i].link_group == n->link_group;
	return c;
}

static void
check_via_library(struct model *m, struct ext4_fs *fs)
{
	struct fslist l;

	fs_list(fs, &l);
	for (size_t i = 0; i < l.n; i++)
		ck_assert_msg(model_find(m, l.e[i].path), "image has %s, the model not",
			      l.e[i].path);
	for (size_t i = 0; i < m->count; i++) {
		struct mnode *n = &m->n[i];
		struct fsent *e;
		uint32_t want;
		char abs[1100];

		if (!*n->path)
			continue;
		e = fs_find(&l, n->path);
		ck_assert_msg(e, "%s missing from the image", n->path);
		ck_assert_msg(e->st.mode == n->mode, "%s: mode %o, want %o", n->path, e->st.mode,
			      n->mode);
		ck_assert_msg(e->st.uid == n->uid && e->st.gid == n->gid, "%s: owner %u:%u",
			      n->path, e->st.uid, e->st.gid);
		want = model_links(m, n);
		ck_assert_msg(e->nlink == want || (want > EXT4_LINK_MAX && e->nlink == 1),
			      "%s: nlink %u, want %u", n->path, e->nlink, want);
		snprintf(abs, sizeof(abs), "/%s", n->path);
		if ((n->mode & 0170000) == 0100000) {
			struct ext4_inode *in = w_iget_path(fs, abs);
			uint8_t *buf = malloc(n->size ? n->size : 1);

			ck_assert_msg(in->st.size == n->size, "%s: size %llu, want %llu", n->path,
				      (unsigned long long)in->st.size, (unsigned long long)n->size);
			ck_assert_int_eq(ext4_read(fs, in, 0, buf, n->size), (long)n->size);
			ck_assert_msg((!n->size || !memcmp(buf, n->data, n->size)), "%s: contents differ", n->path);
			free(buf);
			ext4_iput(in);
		} else if ((n->mode & 0170000) == 0120000) {
			struct ext4_inode *in = w_iget_path(fs, abs);
			char t[4097];
			int r = ext4_readlink(fs, in, t, sizeof(t));

			ck_assert_msg(r == (int)strlen(n->target) && !memcmp(t, n->target, (size_t)r),
				      "%s: link target", n->path);
			ext4_iput(in);
		} else if ((n->mode & 0170000) == 0020000 || (n->mode & 0170000) == 0060000) {
			ck_assert_msg(e->st.rdev_major == n->rdev_major &&
				      e->st.rdev_minor == n->rdev_minor, "%s: rdev %u:%u", n->path,
				      e->st.rdev_major, e->st.rdev_minor);
		}
		if (n->link_group)
			for (size_t k = 0; k < m->count; k++)
				if (m->n[k].link_group == n->link_group && *m->n[k].path) {
					struct fsent *o = fs_find(&l, m->n[k].path);

					ck_assert_msg(o && o->ino == e->ino, "%s and %s: not one inode",
						      n->path, m->n[k].path);
				}
	}
	fs_list_free(&l);
}

/* --- reading the image back through debugfs --- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f, "open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
check_via_debugfs(struct model *m, const char *img)
{
	char cmds[400], out[600], dump[400];
	size_t len;
	char *text, *line, *save = NULL, cur[1100] = "";
	FILE *f;
	size_t seen = 0;

	/* listings of every directory, and stat of device nodes, in one debugfs run */
	snprintf(cmds, sizeof(cmds), "%s/debugfs.cmds", wtmp);
	f = fopen(cmds, "w");
	ck_assert(f);
	for (size_t i = 0; i < m->count; i++) {
		uint16_t t = m->n[i].mode & 0170000;

		if (t == 0040000)
			fprintf(f, "ls -p \"/%s\"\n", m->n[i].path);
		if (t == 0020000 || t == 0060000)
			fprintf(f, "stat \"/%s\"\n", m->n[i].path);
	}
	fclose(f);
	snprintf(out, sizeof(out), "%s/debugfs.out", wtmp);
	ck_assert_int_eq(run_cmd(NULL, 0, "PATH=$PATH:/sbin:/usr/sbin debugfs -f '%s' '%s' >'%s' 2>&1",
				 cmds, img, out), 0);
	text = slurp(out, &len);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned int ino, mode, uid, gid, maj, min;
		char name[300], rest[300];

		if (!strncmp(line, "debugfs: ls -p \"/", 17)) {
			snprintf(cur, sizeof(cur), "%s", line + 17);
			cur[strlen(cur) - 1] = '\0';
			continue;
		}
		if (!strncmp(line, "debugfs: stat \"/", 16)) {
			snprintf(cur, sizeof(cur), "%s", line + 16);
			cur[strlen(cur) - 1] = '\0';
			continue;
		}
		if (sscanf(line, "Device major/minor number: %x:%x", &maj, &min) == 2) {
			struct mnode *n = model_find(m, cur);

			ck_assert_msg(n && n->rdev_major == maj && n->rdev_minor == min,
				      "debugfs: %s: device %x:%x", cur, maj, min);
			continue;
		}
		if (line[0] != '/' ||
		    sscanf(line, "/%u/%o/%u/%u/%299[^/]/%299[^\n]", &ino, &mode, &uid, &gid, name,
			   rest) < 5)
			continue;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !ino)
			continue;	/* (debugfs lists unused entries too) */
		char path[1500];
		struct mnode *n;

		snprintf(path, sizeof(path), "%s%s%s", cur, *cur ? "/" : "", name);
		n = model_find(m, path);
		ck_assert_msg(n, "debugfs lists %s, the model has no such entry", path);
		ck_assert_msg(n->mode == mode && n->uid == uid && n->gid == gid,
			      "debugfs: %s: mode %o owner %u:%u", path, mode, uid, gid);
		if ((mode & 0170000) == 0100000 || (mode & 0170000) == 0120000)
			ck_assert_msg(strtoull(rest, NULL, 10) ==
				      ((mode & 0170000) == 0120000 ? strlen(n->target) : n->size),
				      "debugfs: %s: size %s", path, rest);
		seen++;
	}
	free(text);
	ck_assert_msg(seen + 1 == m->count, "debugfs listed %zu entries, the model has %zu", seen,
		      m->count - 1);
	/* contents and link targets: rdump */
	snprintf(dump, sizeof(dump), "%s/rdump", wtmp);
	ck_assert_int_eq(run_cmd(NULL, 0, "rm -rf '%s' && mkdir '%s' && "
				 "PATH=$PATH:/sbin:/usr/sbin debugfs -R 'rdump / %s' '%s' >/dev/null 2>&1",
				 dump, dump, dump, img), 0);
	for (size_t i = 0; i < m->count; i++) {
		struct mnode *n = &m->n[i];
		char p[1500];

		snprintf(p, sizeof(p), "%s/%s", dump, n->path);
		if ((n->mode & 0170000) == 0100000) {
			char *data = slurp(p, &len);

			ck_assert_msg(len == n->size && (!len || !memcmp(data, n->data, len)),
				      "debugfs rdump: %s differs", n->path);
			free(data);
		} else if ((n->mode & 0170000) == 0120000) {
			char t[4097];
			ssize_t r = readlink(p, t, sizeof(t));

			ck_assert_msg(r == (ssize_t)strlen(n->target) && !memcmp(t, n->target, (size_t)r),
				      "debugfs rdump: %s link target", n->path);
		}
	}
	run_cmd(NULL, 0, "rm -rf '%s'", dump);
}

void
model_check(struct model *m, struct ext4_fs *fs, const char *path)
{
	if (fs)
		check_via_library(m, fs);
	if (path)
		check_via_debugfs(m, path);
}

/* --- digests --- */

struct dent {
	char *path;
	char *text;	/* the canonical description of the entry */
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001B3ull;
	return h;
}

static int
dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->path, ((const struct dent *)b)->path);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The canonical text of one entry; xattrs given as sorted "name=hash" strings. */
static char *
dent_text(uint16_t mode, uint32_t uid, uint32_t gid, uint32_t nlink, uint64_t size,
	  uint64_t chash, const char *target, uint32_t maj, uint32_t min, char **xa, size_t nxa)
{
	size_t cap = 512 + (target ? strlen(target) : 0) + nxa * 300;
	char *t = malloc(cap);
	size_t o;

	o = (size_t)snprintf(t, cap, "%o %u %u %u %llu %llx %s %u:%u", mode, uid, gid, nlink,
			     (unsigned long long)size, (unsigned long long)chash,
			     target ? target : "-", maj, min);
	qsort(xa, nxa, sizeof(*xa), str_cmp);
	for (size_t i = 0; i < nxa; i++)
		o += (size_t)snprintf(t + o, cap - o, " %s", xa[i]);
	return t;
}

static uint64_t
dents_digest(struct dent *d, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ull;

	qsort(d, n, sizeof(*d), dent_cmp);
	for (size_t i = 0; i < n; i++) {
		h = fnv(h, d[i].path, strlen(d[i].path) + 1);
		h = fnv(h, d[i].text, strlen(d[i].text) + 1);
		free(d[i].path);
		free(d[i].text);
	}
	free(d);
	return h;
}

static char *
xa_string(const char *name, const void *v, size_t len)
{
	char *s = malloc(strlen(name) + 40);

	sprintf(s, "%s=%llx", name, (unsigned long long)fnv(0xCBF29CE484222325ull, v, len));
	return s;
}

uint64_t
model_digest(struct model *m)
{
	struct dent *d = calloc(m->count + 1, sizeof(*d));
	size_t n = 0;

	for (size_t i = 0; i < m->count; i++) {
		struct mnode *e = &m->n[i];
		char **xa = calloc(e->nxa + 1, sizeof(*xa));
		bool reg = (e->mode & 0170000) == 0100000;

		for (size_t k = 0; k < e->nxa; k++)
			xa[k] = xa_string(e->xa[k].name, e->xa[k].value, e->xa[k].len);
		d[n].path = strdup(e->path);
		d[n].text = dent_text(e->mode, e->uid, e->gid,
				      *e->path ? model_links(m, e) : 0, reg ? e->size : 0,
				      reg ? fnv(0xCBF29CE484222325ull, e->data, e->size) : 0, e->target,
				      e->rdev_major, e->rdev_minor, xa, e->nxa);
		for (size_t k = 0; k < e->nxa; k++)
			free(xa[k]);
		free(xa);
		n++;
	}
	return dents_digest(d, n);
}

/* The xattrs of in, as sorted name=hash strings. */
static size_t
fs_xattrs(struct ext4_fs *fs, struct ext4_inode *in, char ***out)
{
	static char names[65536];
	static uint8_t val[65536];
	int len = ext4_listxattr(fs, in, names, sizeof(names));
	size_t n = 0;
	char **xa;

	ck_assert_msg(len >= 0, "listxattr inode %u: %d", in->ino, len);
	xa = calloc((size_t)len + 1, sizeof(*xa));
	for (char *p = names; p < names + len; p += strlen(p) + 1) {
		int r = ext4_getxattr(fs, in, p, val, sizeof(val));

		ck_assert_msg(r >= 0, "getxattr %s: %d", p, r);
		xa[n++] = xa_string(p, val, (size_t)r);
	}
	*out = xa;
	return n;
}

uint64_t
fs_digest(struct ext4_fs *fs)
{
	struct fslist l;
	struct dent *d;
	size_t n = 0;

	fs_list(fs, &l);
	d = calloc(l.n + 2, sizeof(*d));
	for (size_t i = 0; i <= l.n; i++) {
		char abs[1100], **xa, target[4097];
		const char *path = i < l.n ? l.e[i].path : "";
		struct ext4_inode *in;
		uint64_t chash = 0, size = 0;
		bool reg;
		size_t nxa;
		int tl = -1;

		if (!strncmp(path, ".scratch/", 9))
			continue;	/* a test's work in progress, not part of the tree */
		snprintf(abs, sizeof(abs), "/%s", path);
		in = w_iget_path(fs, abs);
		reg = (in->st.mode & 0170000) == 0100000;
		if (reg) {
			uint8_t *buf = malloc(in->st.size ? in->st.size : 1);

			ck_assert_int_eq(ext4_read(fs, in, 0, buf, in->st.size), (long)in->st.size);
			chash = fnv(0xCBF29CE484222325ull, buf, in->st.size);
			size = in->st.size;
			free(buf);
		} else if ((in->st.mode & 0170000) == 0120000) {
			tl = ext4_readlink(fs, in, target, sizeof(target) - 1);
			ck_assert_int_gt(tl, 0);
			target[tl] = '\0';
		}
		nxa = fs_xattrs(fs, in, &xa);
		d[n].path = strdup(path);
		d[n].text = dent_text(in->st.mode, in->st.uid, in->st.gid, *path ? in->st.nlink : 0,
				      size, chash, tl > 0 ? target : NULL, in->st.rdev_major,
				      in->st.rdev_minor, xa, nxa);
		for (size_t k = 0; k < nxa; k++)
			free(xa[k]);
		free(xa);
		ext4_iput(in);
		n++;
	}
	fs_list_free(&l);
	return dents_digest(d, n);
}
