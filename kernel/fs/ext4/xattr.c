/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ext4 library: extended attributes, in the inode and in a block.
 *
 * Both places hold a list of entries {name_len, name_index, value_offs,
 * value_inum, value_size, hash, name} padded to 4 bytes and ended by a
 * zero word, with the values packed at the far end:
 *   in the inode  after i_extra_isize: a magic word, then the entries;
 *                 value offsets count from the first entry;
 *   in a block    a 32-byte header {magic, refcount, blocks, hash,
 *                 checksum}, entries sorted by (index, name length,
 *                 name); offsets count from the block start. One block
 *                 may be shared by several inodes (refcount, as Linux's
 *                 mbcache makes them): changing a shared block copies it.
 * Names are stored as a prefix index (user. 1, system.posix_acl_access
 * 2, system.posix_acl_default 3, trusted. 4, security. 6, system. 7)
 * and the rest of the name.
 *
 * A change reads every attribute of the inode into memory, edits the
 * list, and lays it all out again: the inode body first (in sorted
 * order, as long as they fit), the rest in the block. The new layout is
 * computed, and -ENOSPC returned, before anything is written. Entry
 * hashes and the block hash and checksum are Linux's, which e2fsck
 * checks. ACLs arrive in the system calls' format (version 2) and are
 * stored in ext4's shorter one (version 1), so Linux reads them.
 */
#include "ext4_int.h"
#include "kernel/crc32c.h"
#include "kernel/slab.h"

#define XATTR_MAGIC		0xEA020000u
#define XATTR_HDR_SIZE		32
#define XATTR_ENTRY_SIZE	16
#define XATTR_REFCOUNT_MAX	1024
#define XH_REFCOUNT		0x04
#define XH_BLOCKS		0x08
#define XH_HASH			0x0C
#define XH_CHECKSUM		0x10

#define ACL_XATTR_VERSION	2
#define ACL_EXT4_VERSION	1
#define ACL_USER_OBJ		0x01
#define ACL_USER		0x02
#define ACL_GROUP_OBJ		0x04
#define ACL_GROUP		0x08
#define ACL_MASK		0x10
#define ACL_OTHER		0x20

struct xattr {
	uint8_t index;
	uint8_t name_len;
	char name[EXT4_NAME_MAX];
	uint32_t size;
	uint8_t *value;
	bool in_block;		/* placement chosen by layout() */
};

struct xattr_list {
	struct xattr *a;
	uint32_t n, cap;
};

static const struct {
	const char *prefix;
	uint8_t index;
	bool exact;		/* the whole name, nothing after it */
} prefixes[] = {
	{ "system.posix_acl_access", 2, true },
	{ "system.posix_acl_default", 3, true },
	{ "user.", 1, false },
	{ "trusted.", 4, false },
	{ "security.", 6, false },
	{ "system.", 7, false },
};

/* Split a full name into index and suffix. */
static int
parse_name(const char *name, uint8_t *index, const char **suffix, size_t *len)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t p = strlen(prefixes[i].prefix);

		if (n < p || memcmp(name, prefixes[i].prefix, p))
			continue;
		if (prefixes[i].exact && n != p)
			continue;
		if (!prefixes[i].exact && n == p)
			return -EINVAL;
		if (n - p > EXT4_NAME_MAX)
			return -ERANGE;
		*index = prefixes[i].index;
		*suffix = name + p;
		*len = n - p;
		return 0;
	}
	return -EOPNOTSUPP;
}

static const char *
index_prefix(uint8_t index)
{
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (prefixes[i].index == index)
			return prefixes[i].prefix;
	return NULL;
}

static void
list_free(struct xattr_list *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		kfree(l->a[i].value);
	kfree(l->a);
	l->a = NULL;
	l->n = l->cap = 0;
}

static int
list_add(struct xattr_list *l, uint8_t index, const char *name, size_t len, const void *value,
	 uint32_t size)
{
	struct xattr *x;

	if (l->n == l->cap) {
		uint32_t ncap = l->cap ? l->cap * 2 : 8;
		struct xattr *a = krealloc(l->a, ncap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		l->a = a;
		l->cap = ncap;
	}
	x = &l->a[l->n];
	memset(x, 0, sizeof(*x));
	x->index = index;
	x->name_len = (uint8_t)len;
	memcpy(x->name, name, len);
	x->size = size;
	x->value = kmalloc(size ? size : 1);
	if (!x->value)
		return -ENOMEM;
	memcpy(x->value, value, size);
	l->n++;
	return 0;
}

static int
list_find(const struct xattr_list *l, uint8_t index, const char *name, size_t len)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->a[i].index == index && l->a[i].name_len == len &&
		    !memcmp(l->a[i].name, name, len))
			return (int)i;
	return -1;
}

/* --- hashes and checksums --- */

static uint32_t
entry_hash(const uint8_t *name, uint32_t name_len, const uint8_t *value, uint32_t size)
{
	uint32_t hash = 0;

	for (uint32_t i = 0; i < name_len; i++)
		hash = (hash << 5) ^ (hash >> 27) ^ name[i];
	for (uint32_t i = 0; i < size; i += 4) {
		uint8_t w[4] = { 0 };

		memcpy(w, value + i, size - i < 4 ? size - i : 4);
		hash = (hash << 16) ^ (hash >> 16) ^ le32(w);
	}
	return hash;
}

static uint32_t
block_csum(const struct ext4_fs *fs, uint64_t blk, const uint8_t *b)
{
	static const uint8_t zero[4];
	uint8_t le[8];
	uint32_t c;

	put_le64(le, blk);
	c = crc32c_update(fs->csum_seed, le, 8);
	c = crc32c_update(c, b, XH_CHECKSUM);
	c = crc32c_update(c, zero, 4);
	return crc32c_update(c, b + XH_CHECKSUM + 4, fs->block_size - XH_CHECKSUM - 4);
}

static uint32_t
entry_cost(uint32_t name_len, uint32_t size)
{
	return ((XATTR_ENTRY_SIZE + name_len + 3) & ~3u) + ((size + 3) & ~3u);
}

/* ACLs are the whole name: their entries have no name after the index. */
static bool
is_acl(uint8_t index)
{
	return index == 2 || index == 3;
}

/* --- reading --- */

/* Parse the entries at first (ending by end; values relative to vbase, inside [vbase, vend)). */
static int
parse_entries(struct ext4_fs *fs, const struct ext4_inode *inode, const uint8_t *first,
	      const uint8_t *end, const uint8_t *vbase, const uint8_t *vend,
	      struct xattr_list *l)
{
	const uint8_t *e = first;

	while (e + 4 <= end && le32(e)) {
		uint32_t len = e[0], offs = le16(e + 2), size = le32(e + 8);
		int err;

		if (e + XATTR_ENTRY_SIZE + len > end || (!len && !is_acl(e[1])) || le32(e + 4) ||
		    offs > vend - vbase || size > (size_t)(vend - vbase) - offs)
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: bad extended attribute",
					inode->ino);
		err = list_add(l, e[1], (const char *)e + XATTR_ENTRY_SIZE, len, vbase + offs, size);
		if (err)
			return err;
		e += (XATTR_ENTRY_SIZE + len + 3) & ~3u;
	}
	if (e + 4 > end)
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: extended attributes overrun",
				inode->ino);
	return 0;
}

/* The in-inode area: [start, inode_size), or empty. */
static uint32_t
ibody_start(const struct ext4_inode *inode)
{
	return I_GOOD_OLD_SIZE + inode->extra_isize;
}

static bool
has_ibody(const struct ext4_fs *fs, const struct ext4_inode *inode)
{
	return fs->inode_size > I_GOOD_OLD_SIZE &&
	       ibody_start(inode) + 4 + 4 <= fs->inode_size;
}

static int
read_xattr_block(struct ext4_fs *fs, struct ext4_inode *inode, struct ext4_buf **out)
{
	struct ext4_buf *b;
	int err;

	if (!ext4_block_ok(fs, inode->file_acl, 1))
		return ext4_err(fs, -EUCLEAN, "ext4: inode %u: xattr block %llu out of range",
				inode->ino, (unsigned long long)inode->file_acl);
	err = ext4_bread(fs, inode->file_acl, &b);
	if (err)
		return err;
	if (b->vkind != EXT4_V_XATTR) {
		if (le32(b->data) != XATTR_MAGIC || le32(b->data + XH_BLOCKS) != 1 ||
		    (fs->csum && block_csum(fs, b->blk, b->data) != le32(b->data + XH_CHECKSUM))) {
			ext4_brelse(fs, b);
			return ext4_err(fs, -EUCLEAN, "ext4: inode %u: bad xattr block %llu",
					inode->ino, (unsigned long long)inode->file_acl);
		}
		b->vkind = EXT4_V_XATTR;
	}
	*out = b;
	return 0;
}

static int
load(struct ext4_fs *fs, struct ext4_inode *inode, struct xattr_list *l)
{
	int err = 0;

	memset(l, 0, sizeof(*l));
	if (has_ibody(fs, inode) && le32(inode->raw + ibody_start(inode)) == XATTR_MAGIC) {
		const uint8_t *first = inode->raw + ibody_start(inode) + 4;
		const uint8_t *end = inode->raw + fs->inode_size;

		err = parse_entries(fs, inode, first, end, first, end, l);
	}
	if (!err && inode->file_acl) {
		struct ext4_buf *b;

		err = read_xattr_block(fs, inode, &b);
		if (!err) {
			err = parse_entries(fs, inode, b->data + XATTR_HDR_SIZE,
					    b->data + fs->block_size, b->data,
					    b->data + fs->block_size, l);
			ext4_brelse(fs, b);
		}
	}
	if (err)
		list_free(l);
	return err;
}

/* --- ACLs: the system calls' format <-> ext4's --- */

static bool
acl_short(uint16_t tag)
{
	return tag == ACL_USER_OBJ || tag == ACL_GROUP_OBJ || tag == ACL_MASK || tag == ACL_OTHER;
}

static int
acl_to_disk(const uint8_t *v, uint32_t size, uint8_t **out, uint32_t *osize)
{
	uint32_t n, o = 4;
	uint8_t *d;

	if (size < 4 || (size - 4) % 8 || le32(v) != ACL_XATTR_VERSION)
		return -EINVAL;
	n = (size - 4) / 8;
	d = kmalloc(4 + 8 * n);
	if (!d)
		return -ENOMEM;
	put_le32(d, ACL_EXT4_VERSION);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = v + 4 + 8 * i;
		uint16_t tag = le16(e);

		if (!acl_short(tag) && tag != ACL_USER && tag != ACL_GROUP) {
			kfree(d);
			return -EINVAL;
		}
		memcpy(d + o, e, 4);
		o += 4;
		if (!acl_short(tag)) {
			memcpy(d + o, e + 4, 4);
			o += 4;
		}
	}
	*out = d;
	*osize = o;
	return 0;
}

static int
acl_from_disk(const uint8_t *d, uint32_t size, uint8_t *buf, size_t cap, uint32_t *osize)
{
	uint32_t i = 4, o = 4;

	if (size < 4 || le32(d) != ACL_EXT4_VERSION)
		return -EUCLEAN;
	if (buf && cap >= 4)
		put_le32(buf, ACL_XATTR_VERSION);
	while (i < size) {
		uint16_t tag;

		if (size - i < 4)
			return -EUCLEAN;
		tag = le16(d + i);
		if (!acl_short(tag) && size - i < 8)
			return -EUCLEAN;
		if (buf && o + 8 <= cap) {
			memcpy(buf + o, d + i, 4);
			put_le32(buf + o + 4, acl_short(tag) ? 0xFFFFFFFFu : le32(d + i + 4));
		}
		i += acl_short(tag) ? 4 : 8;
		o += 8;
	}
	*osize = o;
	return 0;
}

/* --- reading calls --- */

int
ext4_getxattr(struct ext4_fs *fs, struct ext4_inode *inode, const char *name, void *buf,
	      size_t size)
{
	struct xattr_list l;
	const char *suffix;
	uint8_t index;
	size_t len;
	uint32_t vsize;
	int err, i;

	err = parse_name(name, &index, &suffix, &len);
	if (err)
		return err;
	err = load(fs, inode, &l);
	if (err)
		return err;
	i = list_find(&l, index, suffix, len);
	if (i < 0) {
		err = -ENODATA;
	} else if (is_acl(index)) {
		err = acl_from_disk(l.a[i].value, l.a[i].size, NULL, 0, &vsize);
		if (!err && size && vsize > size)
			err = -ERANGE;
		if (!err && size)
			acl_from_disk(l.a[i].value, l.a[i].size, buf, size, &vsize);
		if (err == -EUCLEAN)
			err = ext4_err(fs, err, "ext4: inode %u: bad ACL", inode->ino);
		if (!err)
			err = (int)vsize;
	} else {
		vsize = l.a[i].size;
		if (size && vsize > size)
			err = -ERANGE;
		else if (size)
			memcpy(buf, l.a[i].value, vsize);
		if (!err)
			err = (int)vsize;
	}
	list_free(&l);
	return err;
}

int
ext4_listxattr(struct ext4_fs *fs, struct ext4_inode *inode, char *buf, size_t size)
{
	struct xattr_list l;
	size_t total = 0;
	int err = load(fs, inode, &l);

	if (err)
		return err;
	for (uint32_t i = 0; i < l.n; i++) {
		const char *p = index_prefix(l.a[i].index);
		size_t pl, n;

		if (!p)	/* an index this code has no name for: not listed */
			continue;
		pl = strlen(p);
		n = pl + (prefixes[0].prefix == p || prefixes[1].prefix == p ? 0 : l.a[i].name_len) + 1;
		if (size && total + n <= size) {
			memcpy(buf + total, p, pl);
			memcpy(buf + total + pl, l.a[i].name, n - pl - 1);
			buf[total + n - 1] = '\0';
		}
		total += n;
	}
	list_free(&l);
	if (size && total > size)
		return -ERANGE;
	return (int)total;
}

/* --- writing --- */

static int
xcmp(const struct xattr *a, const struct xattr *b)
{
	if (a->index != b->index)
		return a->index - b->index;
	if (a->name_len != b->name_len)
		return a->name_len - b->name_len;
	return memcmp(a->name, b->name, a->name_len);
}

static void
sort_list(struct xattr_list *l)
{
	for (uint32_t i = 1; i < l->n; i++) {
		struct xattr x = l->a[i];
		uint32_t k = i;

		while (k && xcmp(&l->a[k - 1], &x) > 0) {
			l->a[k] = l->a[k - 1];
			k--;
		}
		l->a[k] = x;
	}
}

/* Choose each attribute's place; -ENOSPC if the rest does not fit a block. */
static int
layout(struct ext4_fs *fs, struct ext4_inode *inode, struct xattr_list *l, uint32_t *nblock)
{
	uint32_t room = 0, broom = fs->block_size - XATTR_HDR_SIZE - 4;

	if (has_ibody(fs, inode))
		room = fs->inode_size - ibody_start(inode) - 4 - 4;
	*nblock = 0;
	for (uint32_t i = 0; i < l->n; i++) {
		uint32_t c = entry_cost(l->a[i].name_len, l->a[i].size);

		if (c <= room) {
			room -= c;
			l->a[i].in_block = false;
			continue;
		}
		if (c > broom)
			return -ENOSPC;
		broom -= c;
		l->a[i].in_block = true;
		(*nblock)++;
	}
	return 0;
}

/*
 * Write the entries placed (in_block == want) at first .. end, values
 * packed down from vend, offsets from vbase. Returns the block hash.
 */
static uint32_t
emit(const struct xattr_list *l, bool want, uint8_t *first, uint8_t *vbase, uint8_t *vend)
{
	uint8_t *e = first, *v = vend;
	uint32_t bhash = 0;

	for (uint32_t i = 0; i < l->n; i++) {
		const struct xattr *x = &l->a[i];
		uint32_t h;

		if (x->in_block != want)
			continue;
		v -= (x->size + 3) & ~3u;
		memcpy(v, x->value, x->size);
		e[0] = x->name_len;
		e[1] = x->index;
		put_le16(e + 2, x->size ? (uint16_t)(v - vbase) : 0);
		put_le32(e + 4, 0);
		put_le32(e + 8, x->size);
		h = entry_hash((const uint8_t *)x->name, x->name_len, x->value, x->size);
		put_le32(e + 12, h);
		memcpy(e + XATTR_ENTRY_SIZE, x->name, x->name_len);
		bhash = (bhash << 16) ^ (bhash >> 16) ^ h;
		e += (XATTR_ENTRY_SIZE + x->name_len + 3) & ~3u;
	}
	return bhash;
}

static void
write_ibody(struct ext4_fs *fs, struct ext4_inode *inode, const struct xattr_list *l,
	    uint32_t nblock)
{
	uint8_t *start, *first, *end;

	if (!has_ibody(fs, inode))
		return;
	start = inode->raw + ibody_start(inode);
	first = start + 4;
	end = inode->raw + fs->inode_size;
	memset(start, 0, (size_t)(end - start));
	if (l->n == nblock)
		return;
	put_le32(start, XATTR_MAGIC);
	emit(l, false, first, first, end);
}

/* Drop inode's reference to its xattr block (freed when the last goes). */
static int
release_block(struct ext4_fs *fs, struct ext4_inode *inode)
{
	struct ext4_buf *b;
	uint32_t refs;
	int err;

	if (!inode->file_acl)
		return 0;
	err = read_xattr_block(fs, inode, &b);
	if (err)
		return err;
	refs = le32(b->data + XH_REFCOUNT);
	if (refs > 1) {
		put_le32(b->data + XH_REFCOUNT, refs - 1);
		if (fs->csum)
			put_le32(b->data + XH_CHECKSUM, block_csum(fs, b->blk, b->data));
		err = ext4_bdirty(fs, b);
		ext4_brelse(fs, b);
	} else {
		ext4_brelse(fs, b);
		err = ext4_free_blocks(fs, inode->file_acl, 1, true);
	}
	if (err)
		return err;
	ext4_inode_add_blocks(fs, inode, -1);
	inode->file_acl = 0;
	put_le32(inode->raw + I_FILE_ACL_LO, 0);
	put_le16(inode->raw + I_FILE_ACL_HIGH, 0);
	return 0;
}

static int
write_block(struct ext4_fs *fs, struct ext4_inode *inode, const struct xattr_list *l)
{
	struct ext4_buf *b;
	bool fresh = true;
	uint64_t blk = inode->file_acl, n;
	uint32_t hash;
	int err;

	if (blk) {	/* rewrite in place if only this inode uses it */
		err = read_xattr_block(fs, inode, &b);
		if (err)
			return err;
		fresh = le32(b->data + XH_REFCOUNT) > 1;
		ext4_brelse(fs, b);
		if (fresh)
			err = release_block(fs, inode);
		if (err)
			return err;
	}
	if (fresh) {
		err = ext4_alloc_blocks(fs, ext4_inode_goal(fs, inode), 1, true, &blk, &n);
		if (!err)
			err = ext4_bget_new(fs, blk, &b);
		if (err)
			return err;
		ext4_inode_add_blocks(fs, inode, 1);
		inode->file_acl = blk;
		put_le32(inode->raw + I_FILE_ACL_LO, (uint32_t)blk);
		put_le16(inode->raw + I_FILE_ACL_HIGH, (uint16_t)(blk >> 32));
	} else {
		err = ext4_bread(fs, blk, &b);
		if (err)
			return err;
	}
	memset(b->data, 0, fs->block_size);
	put_le32(b->data, XATTR_MAGIC);
	put_le32(b->data + XH_REFCOUNT, 1);
	put_le32(b->data + XH_BLOCKS, 1);
	hash = emit(l, true, b->data + XATTR_HDR_SIZE, b->data, b->data + fs->block_size);
	put_le32(b->data + XH_HASH, hash);
	if (fs->csum)
		put_le32(b->data + XH_CHECKSUM, block_csum(fs, b->blk, b->data));
	b->vkind = EXT4_V_XATTR;
	err = ext4_bdirty(fs, b);
	ext4_brelse(fs, b);
	return err;
}

/* Apply the change to the list in memory: 0, or the refusal. */
static int
edit(struct xattr_list *l, uint8_t index, const char *suffix, size_t len, const void *value,
     uint32_t size, unsigned int flags)
{
	int i = list_find(l, index, suffix, len);

	if (i >= 0 && (flags & EXT4_XATTR_CREATE))
		return -EEXIST;
	if (i < 0 && ((flags & EXT4_XATTR_REPLACE) || !value))
		return -ENODATA;
	if (i >= 0) {
		kfree(l->a[i].value);
		l->a[i] = l->a[--l->n];
	}
	if (!value)
		return 0;
	return list_add(l, index, suffix, len, value, size);
}

int
ext4_setxattr(struct ext4_fs *fs, struct ext4_inode *inode, const char *name, const void *value,
	      size_t size, unsigned int flags)
{
	struct xattr_list l;
	const char *suffix;
	uint8_t *acl = NULL, index;
	uint32_t asize = 0, nblock;
	size_t len;
	int err;

	if (flags & ~(EXT4_XATTR_CREATE | EXT4_XATTR_REPLACE))
		return -EINVAL;
	err = parse_name(name, &index, &suffix, &len);
	if (err)
		return err;
	if (size > fs->block_size)
		return -E2BIG;
	if (value && is_acl(index)) {
		err = acl_to_disk(value, (uint32_t)size, &acl, &asize);
		if (err)
			return err;
		value = acl;
		size = asize;
	}
	err = ext4_op_begin(fs, EXT4_CREDITS_XATTR);
	if (!err)
		err = load(fs, inode, &l);
	if (err)
		goto out_acl;
	err = edit(&l, index, suffix, len, value, (uint32_t)size, flags);
	if (!err) {
		sort_list(&l);
		err = layout(fs, inode, &l, &nblock);
	}
	if (!err && nblock && !inode->file_acl)
		err = ext4_reserve_blocks(fs, 1, true);
	if (err)
		goto out;
	/* changes from here */
	write_ibody(fs, inode, &l, nblock);
	err = nblock ? write_block(fs, inode, &l) : release_block(fs, inode);
	if (!err && !(fs->compat & COMPAT_EXT_ATTR)) {
		fs->compat |= COMPAT_EXT_ATTR;
		put_le32(fs->sb + SB_FEATURE_COMPAT, fs->compat);
		err = ext4_sb_dirty(fs);
	}
	if (!err) {
		ext4_inode_touch(fs, inode, EXT4_T_CTIME);
		err = ext4_inode_write(fs, inode);
	}
	if (err && !fs->aborted)
		err = ext4_abort(fs, err, "ext4: inode %u: xattr update failed (%d)", inode->ino,
				 err);
out:
	list_free(&l);
out_acl:
	kfree(acl);
	return err;
}

int
ext4_xattr_drop(struct ext4_fs *fs, struct ext4_inode *inode)
{
	int err = release_block(fs, inode);

	if (err)
		return ext4_abort(fs, err, "ext4: inode %u: xattr block release (%d)", inode->ino,
				  err);
	return ext4_inode_write(fs, inode);
}
