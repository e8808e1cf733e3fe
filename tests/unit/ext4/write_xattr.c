/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 write tests, extended attributes: in the inode body and in a
 * block, every namespace, replace and remove, the flags and refusals,
 * ACLs (checked by debugfs, which decodes ext4's ACL format back into
 * the system calls' one), and a block shared by two inodes (refcount),
 * copied on change and freed with its last user.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/crc32c.h"
#include "wcases.h"

#define BIG(v)	(fsv[v].block_size == 1024 ? (size_t)400 : (size_t)3000)

/* What debugfs says the value of name on path is (hex from ea_get -x), in buf. */
static int
debugfs_xattr(const char *img, const char *path, const char *name, uint8_t *buf, size_t cap)
{
	char out[65536], *p;
	int n = 0;

	run_cmd(out, sizeof(out), "debugfs -R 'ea_get -x %s %s' '%s' 2>/dev/null", path, name,
		img);
	p = strstr(out, ") = ");
	if (!p)
		return -1;
	p += 4;
	while (*p && *p != '\n' && (size_t)n < cap) {
		unsigned int x;

		if (sscanf(p, "%2x", &x) != 1)
			break;
		buf[n++] = (uint8_t)x;
		p += 2;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void
set_ok(struct wimg *w, struct ext4_inode *in, const char *name, const void *v, size_t len,
       unsigned int flags)
{
	int err = ext4_setxattr(w->fs, in, name, v, len, flags);

	ck_assert_msg(err == 0, "setxattr %s (%zu bytes): %d (%s)", name, len, err,
		      ext4_strerror_detail(w->fs));
}

static void
get_is(struct wimg *w, struct ext4_inode *in, const char *name, const void *v, size_t len)
{
	uint8_t buf[8192];
	int r = ext4_getxattr(w->fs, in, name, buf, sizeof(buf));

	ck_assert_msg(r == (int)len, "getxattr %s: %d, want %zu", name, r, len);
	ck_assert_msg(!memcmp(buf, v, len), "getxattr %s: value differs", name);
	ck_assert_int_eq(ext4_getxattr(w->fs, in, name, NULL, 0), (int)len);
}

/* A POSIX ACL in the system calls' format: owner, a user, group, mask, other. */
static size_t
make_acl(uint8_t *b, uint32_t uid)
{
	static const uint16_t tags[] = { 0x01, 0x02, 0x04, 0x10, 0x20 };
	size_t o = 4;

	b[0] = 2;
	b[1] = b[2] = b[3] = 0;
	for (int i = 0; i < 5; i++) {
		uint32_t id = tags[i] == 0x02 ? uid : 0xFFFFFFFFu;

		b[o] = (uint8_t)tags[i];
		b[o + 1] = 0;
		b[o + 2] = (uint8_t)(6 - i % 3);
		b[o + 3] = 0;
		memcpy(b + o + 4, &id, 4);
		o += 8;
	}
	return o;
}

START_TEST(test_xattr_places)
{
	enum fsv v = (enum fsv)_i;
	struct ext4_inode *in, *dir;
	uint8_t big[4096], got[4096], acl[64];
	struct model m;
	struct wimg w;
	char names[4096], name[64];
	size_t acl_len;
	uint64_t blocks;
	int r;

	wcase_mkfs(&w, v, "xattr", 16 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	in = w_create(w.fs, "/f", 0644);
	model_add(&m, "f", 0100644);
	dir = w_mkdir(w.fs, "/d", 0755);
	model_add(&m, "d", 040755);
	blocks = in->st.blocks;

	set_ok(&w, in, "user.small", "v1", 2, 0);
	get_is(&w, in, "user.small", "v1", 2);
	ck_assert_uint_eq(in->st.blocks, blocks);	/* (256-byte inodes: in the body) */
	/* the flags */
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "user.small", "x", 1, EXT4_XATTR_CREATE), -EEXIST);
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "user.none", "x", 1, EXT4_XATTR_REPLACE), -ENODATA);
	set_ok(&w, in, "user.small", "value two", 9, EXT4_XATTR_REPLACE);
	get_is(&w, in, "user.small", "value two", 9);
	ck_assert_int_eq(ext4_getxattr(w.fs, in, "user.small", got, 3), -ERANGE);
	ck_assert_int_eq(ext4_getxattr(w.fs, in, "user.none", got, sizeof(got)), -ENODATA);
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "bogus.x", "x", 1, 0), -EOPNOTSUPP);
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "user.", "x", 1, 0), -EINVAL);
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "user.none", NULL, 0, 0), -ENODATA);
	/* every namespace, an empty value, a big one that needs the block */
	set_ok(&w, in, "trusted.t", "trust", 5, 0);
	set_ok(&w, in, "security.selinux", "system_u:object_r:etc_t:s0", 26, 0);
	set_ok(&w, in, "system.foo", "", 0, 0);
	fill_pattern(big, sizeof(big), 3, 0);
	set_ok(&w, in, "user.big", big, BIG(v), 0);
	ck_assert_uint_eq(in->st.blocks, blocks + fsv[v].block_size / 512);
	acl_len = make_acl(acl, 4242);
	set_ok(&w, in, "system.posix_acl_access", acl, acl_len, 0);
	get_is(&w, in, "system.posix_acl_access", acl, acl_len);
	set_ok(&w, dir, "system.posix_acl_default", acl, acl_len, 0);
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "system.posix_acl_access", "bad", 3, 0), -EINVAL);
	/* many small ones */
	for (int i = 0; i < (fsv[v].block_size == 1024 ? 8 : 20); i++) {
		snprintf(name, sizeof(name), "user.n%02d", i);
		set_ok(&w, in, name, name, strlen(name), 0);
	}
	r = ext4_listxattr(w.fs, in, names, sizeof(names));
	ck_assert_int_eq(ext4_listxattr(w.fs, in, NULL, 0), r);
	ck_assert_int_eq(ext4_listxattr(w.fs, in, names, 10), -ERANGE);
	ck_assert_ptr_nonnull(memmem(names, (size_t)r, "user.big\0", 9));
	ck_assert_ptr_nonnull(memmem(names, (size_t)r, "system.posix_acl_access\0", 24));
	ck_assert_ptr_nonnull(memmem(names, (size_t)r, "security.selinux\0", 17));
	ck_assert_ptr_nonnull(memmem(names, (size_t)r, "user.n07\0", 9));
	/* too big for anywhere */
	ck_assert_int_eq(ext4_setxattr(w.fs, in, "user.huge", big, fsv[v].block_size, 0), -ENOSPC);
	/* a second file keeps one in its body only, then loses it */
	ext4_iput(in);
	in = w_create(w.fs, "/g", 0644);
	model_add(&m, "g", 0100644);
	set_ok(&w, in, "user.only", "1234", 4, 0);
	set_ok(&w, in, "user.only", NULL, 0, 0);
	ck_assert_int_eq(ext4_listxattr(w.fs, in, names, sizeof(names)), 0);
	ck_assert_uint_eq(in->st.blocks, 0);
	ext4_iput(in);
	ext4_iput(dir);
	wcase_finish(&w, &m);
	/* debugfs reads the same values (ACLs decoded back to the xattr format) */
	ck_assert_int_eq(debugfs_xattr(w.path, "/f", "user.small", got, sizeof(got)), 9);
	ck_assert(!memcmp(got, "value two", 9));
	r = debugfs_xattr(w.path, "/f", "user.big", got, sizeof(got));
	ck_assert_int_eq(r, (int)BIG(v));
	ck_assert(!memcmp(got, big, (size_t)r));
	ck_assert_int_eq(debugfs_xattr(w.path, "/f", "system.posix_acl_access", got, sizeof(got)),
			 (int)acl_len);
	for (size_t o = 4; o < acl_len; o += 8)	/* (debugfs gives unused ids as 0, Linux as -1) */
		if (got[o] != 0x02 && got[o] != 0x08)
			memset(got + o + 4, 0xFF, 4);
	ck_assert(!memcmp(got, acl, acl_len));
	ck_assert_int_eq(debugfs_xattr(w.path, "/d", "system.posix_acl_default", got, sizeof(got)),
			 (int)acl_len);
	ck_assert_int_eq(debugfs_xattr(w.path, "/f", "user.n07", got, sizeof(got)), 8);
	/* and the library after a remount; then everything removed */
	wimg_mount_ok(&w);
	in = w_iget_path(w.fs, "/f");
	get_is(&w, in, "user.big", big, BIG(v));
	get_is(&w, in, "system.posix_acl_access", acl, acl_len);
	r = ext4_listxattr(w.fs, in, names, sizeof(names));
	for (char *p = names; p < names + r; p += strlen(p) + 1)
		set_ok(&w, in, p, NULL, 0, 0);
	ck_assert_uint_eq(in->st.blocks, blocks);
	ext4_iput(in);
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

/* Read, change and rewrite a raw block of the image (not mounted). */
static void
patch_block_refcount(struct wimg *w, uint64_t blk, uint32_t refs, bool csum)
{
	uint32_t bs = 4096, c;
	uint8_t b[4096], sb[1024], le[8];
	FILE *f = fopen(w->path, "r+b");

	ck_assert(f);
	fseek(f, 1024, SEEK_SET);
	ck_assert(fread(sb, 1, sizeof(sb), f) == sizeof(sb));
	bs = 1024u << (sb[0x18] | sb[0x19] << 8);
	fseek(f, (long)(blk * bs), SEEK_SET);
	ck_assert(fread(b, 1, bs, f) == bs);
	memcpy(b + 4, &refs, 4);
	if (csum) {
		memset(b + 16, 0, 4);
		for (int i = 0; i < 8; i++)
			le[i] = (uint8_t)(blk >> (8 * i));
		c = crc32c_update(crc32c_update(~0u, sb + 0x68, 16), le, 8);
		c = crc32c_update(c, b, bs);
		memcpy(b + 16, &c, 4);
	}
	fseek(f, (long)(blk * bs), SEEK_SET);
	ck_assert(fwrite(b, 1, bs, f) == bs);
	fclose(f);
}

START_TEST(test_xattr_shared_block)
{
	enum fsv v = (enum fsv)_i;
	struct ext4_inode *a, *b;
	uint8_t big[900], got[1000];
	uint64_t blk;
	struct model m;
	struct wimg w;
	char out[4096];
	uint32_t bs = fsv[v].block_size;

	wcase_mkfs(&w, v, "xshare", 16 << 20);
	wimg_mount_ok(&w);
	model_init(&m);
	model_from_fs(&m, w.fs);
	fill_pattern(big, sizeof(big), 8, 0);
	a = w_create(w.fs, "/a", 0644);
	model_add(&m, "a", 0100644);
	ext4_iput(w_create(w.fs, "/b", 0644));
	model_add(&m, "b", 0100644);
	set_ok(&w, a, "user.shared", big, sizeof(big), 0);
	blk = a->file_acl;
	ck_assert_uint_ne(blk, 0);
	ext4_iput(a);
	wimg_umount(&w);
	/* make b share a's block, as Linux's mbcache would */
	patch_block_refcount(&w, blk, 2, v != F_NOCSUM && v != F_UNINIT && v != F_EXT3 &&
			     v != F_EXT2);
	ck_assert_int_eq(run_cmd(out, sizeof(out),
				 "debugfs -w -R 'sif /b file_acl %llu' '%s' >/dev/null 2>&1 && "
				 "debugfs -w -R 'sif /b blocks %u' '%s' >/dev/null 2>&1",
				 (unsigned long long)blk, w.path, bs / 512, w.path), 0);
	wimg_fsck(w.path);
	wimg_mount_ok(&w);
	a = w_iget_path(w.fs, "/a");
	b = w_iget_path(w.fs, "/b");
	get_is(&w, b, "user.shared", big, sizeof(big));
	/* changing b copies the block; a keeps the original */
	set_ok(&w, b, "user.more", "x", 1, 0);
	ck_assert_uint_ne(b->file_acl, blk);
	ck_assert_uint_eq(a->file_acl, blk);
	get_is(&w, a, "user.shared", big, sizeof(big));
	ck_assert_int_eq(ext4_getxattr(w.fs, a, "user.more", got, sizeof(got)), -ENODATA);
	get_is(&w, b, "user.shared", big, sizeof(big));
	ext4_iput(a);
	ext4_iput(b);
	wcase_finish(&w, &m);
	/* shared again, then the first user deleted: the block stays for the second */
	patch_block_refcount(&w, blk, 2, v != F_NOCSUM && v != F_UNINIT && v != F_EXT3 &&
			     v != F_EXT2);
	ck_assert_int_eq(run_cmd(out, sizeof(out),
				 "debugfs -w -R 'sif /b file_acl %llu' '%s' >/dev/null 2>&1",
				 (unsigned long long)blk, w.path), 0);
	wimg_mount_ok(&w);
	b = w_iget_path(w.fs, "/b");
	ck_assert_uint_eq(b->file_acl, blk);
	get_is(&w, b, "user.shared", big, sizeof(big));
	ext4_iput(b);
	wimg_umount(&w);
	/* the block b had before is now unreferenced: e2fsck would free it; do it the honest way */
	ck_assert_int_eq(run_cmd(out, sizeof(out), "e2fsck -fy '%s' >/dev/null 2>&1", w.path) & ~1, 0);
	wimg_mount_ok(&w);
	ck_assert_int_eq(w_unlink(w.fs, "/a"), 0);
	model_del(&m, "a");
	b = w_iget_path(w.fs, "/b");
	get_is(&w, b, "user.shared", big, sizeof(big));
	ext4_iput(b);
	ck_assert_int_eq(w_unlink(w.fs, "/b"), 0);
	model_del(&m, "b");
	wcase_finish(&w, &m);
	model_free(&m);
	wimg_close(&w);
}
END_TEST

TCase *
xattr_tcase(void)
{
	TCase *tc = tcase_create("xattr");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_xattr_places, 0, F_COUNT);
	tcase_add_loop_test(tc, test_xattr_shared_block, 0, F_COUNT);
	return tc;
}
