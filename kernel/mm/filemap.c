// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page cache: file pages in physmem, shared by read() and by mmap() of
 * every process. An ext4 file's pages are read from the disk once and then
 * served from here (program text is mapped straight from the cache, copied
 * only when a private mapping is written). A tmpfs file's data lives only
 * here. Clean cached pages that nobody maps are given back when physmem
 * runs short (filemap_shrink, called by the page allocator at its min
 * watermark), pages used only once before pages used again, and all of
 * them on `echo 1 > /proc/sys/vm/drop_caches`.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"

static LIST_HEAD(cached_inodes);
uint64_t nr_dirty_pages;

/*
 * Dirty pages. A filesystem whose cache is not its data (SB_WRITEBACK:
 * ext4) has its pages dirtied by write() and by shared writable mappings
 * (page_mkwrite), and written back by filemap_write_* through its
 * writepages: at fsync, before each journal commit (ordered mode), on the
 * periodic writeback, when too much is dirty, and at sync and halt. A
 * dirty page is never dropped by reclaim. While it is dirty the inode is
 * on sb->dirty_inodes with a reference of its own, taken with the first
 * dirty page and dropped with the last: so an inode nobody uses is never
 * freed with unwritten data. Without host dirty bits a page that a
 * process maps stays dirty after it is written (the mapping may write it
 * again unseen): it is written again each time until it is unmapped.
 */

/* undirty clears pfn's dirty state, as inode's; the inode's reference goes with its last. */
static void
undirty(struct inode *inode, uint64_t pfn)
{
	struct address_space *m = &inode->mapping;

	if (!(mem_map[pfn].flags & PG_DIRTY))
		return;
	mem_map[pfn].flags &= ~PG_DIRTY;
	nr_dirty_pages--;
	if (--m->nrdirty == 0) {
		list_del(&m->dirty_node);
		list_init(&m->dirty_node);
		inode_put(inode);
	}
}

void
filemap_dirty(struct inode *inode, uint64_t index)
{
	struct address_space *m = &inode->mapping;
	int64_t pfn = filemap_lookup(inode, index);

	if (pfn < 0 || (mem_map[pfn].flags & PG_DIRTY) || !inode->sb ||
	    !(inode->sb->flags & SB_WRITEBACK))
		return;
	mem_map[pfn].flags |= PG_DIRTY;
	nr_dirty_pages++;
	if (m->nrdirty++ == 0) {
		inode_get(inode);
		m->dirtied_ns = ktime_get_ns();
		list_add_tail(&m->dirty_node, &inode->sb->dirty_inodes);
	}
}

/* WRITE_RUN: the most pages one writepages call gets (consecutive dirty pages). */
#define WRITE_RUN	64

/*
 * write_run hands the n dirty pages from index on to the filesystem;
 * written, they are clean unless some process maps them.
 */
static int
write_run(struct inode *inode, uint64_t index, void **bufs, uint32_t *pfns, unsigned int n)
{
	int err = inode->sb->writepages(inode, index, bufs, n);

	if (err)
		return err;
	for (unsigned int i = 0; i < n; i++)
		if (!mem_map[pfns[i]].mapcount)
			undirty(inode, pfns[i]);
	return 0;
}

int
filemap_write_range(struct inode *inode, uint64_t from, uint64_t to)
{
	struct address_space *m = &inode->mapping;
	void *bufs[WRITE_RUN];
	uint32_t pfns[WRITE_RUN];
	uint64_t run = 0;
	unsigned int n = 0;
	int err = 0;

	if (!m->nrdirty)
		return 0;
	inode_get(inode);	/* undirty may drop the dirty list's reference */
	if (to > m->nslots)
		to = m->nslots;
	for (uint64_t i = from; i < to; i++) {
		uint32_t s = m->slots[i];
		bool dirty = s && (mem_map[s - 1].flags & PG_DIRTY);

		/* A run ends at a clean page, a gap, or its size. */
		if (n && (!dirty || n == WRITE_RUN)) {
			int e = write_run(inode, run, bufs, pfns, n);

			if (e && !err)
				err = e;
			n = 0;
		}
		if (!dirty)
			continue;
		if (!n)
			run = i;
		bufs[n] = page_address(s - 1);
		pfns[n++] = s - 1;
	}
	if (n) {
		int e = write_run(inode, run, bufs, pfns, n);

		if (e && !err)
			err = e;
	}
	inode_put(inode);
	return err;
}

int
filemap_write_inode(struct inode *inode)
{
	return filemap_write_range(inode, 0, UINT64_MAX);
}

/*
 * filemap_write_sb writes back every inode of sb dirty for at least
 * min_age_ns. An inode whose pages stay dirty (mapped) goes to the end of
 * the list, so one pass visits each inode once.
 */
int
filemap_write_sb(struct super_block *sb, uint64_t min_age_ns)
{
	uint64_t now = ktime_get_ns(), n = 0, total = 0;
	struct address_space *m;
	int err = 0;

	list_for_each_entry(m, &sb->dirty_inodes, dirty_node)
		total++;
	while (n++ < total && !list_empty(&sb->dirty_inodes)) {
		struct inode *inode;
		int e;

		m = list_first_entry(&sb->dirty_inodes, struct address_space, dirty_node);
		if (now - m->dirtied_ns < min_age_ns)
			break;	/* the list is in order of first dirtying */
		inode = container_of(m, struct inode, mapping);
		list_del(&m->dirty_node);
		list_add_tail(&m->dirty_node, &sb->dirty_inodes);
		e = filemap_write_inode(inode);
		if (e && !err)
			err = e;
	}
	return err;
}

/* inode_cacheable: files of a filesystem whose data goes through the page cache. */
bool
inode_cacheable(const struct inode *inode)
{
	return S_ISREG(inode->mode) && inode->sb &&
	       (inode->sb->flags & (SB_PAGECACHE | SB_MEMFS));
}

/*
 * filemap_lookup finds a cached page without taking a reference: the caller
 * uses it before anything can free it (the kernel is not preempted).
 */
int64_t
filemap_lookup(struct inode *inode, uint64_t index)
{
	struct address_space *m = &inode->mapping;

	if (index >= m->nslots || !m->slots[index])
		return -ENOENT;
	return (int64_t)m->slots[index] - 1;
}

/*
 * filemap_insert puts pfn at index (replacing a page there), growing the
 * slot array by doubling; an inode with pages joins the reclaim list.
 */
int
filemap_insert(struct inode *inode, uint64_t index, uint64_t pfn)
{
	struct address_space *m = &inode->mapping;

	if (index >= m->nslots) {
		uint64_t n = m->nslots ? m->nslots : 16;
		uint32_t *slots;

		while (n <= index)
			n *= 2;
		slots = krealloc(m->slots, n * sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		memset(slots + m->nslots, 0, (n - m->nslots) * sizeof(*slots));
		m->slots = slots;
		m->nslots = n;
	}
	if (m->slots[index]) {
		undirty(inode, m->slots[index] - 1);
		page_cache_del(m->slots[index] - 1);
		put_page(m->slots[index] - 1);
	} else {
		m->nrpages++;
	}
	m->slots[index] = (uint32_t)pfn + 1;
	page_cache_add(pfn, inode->sb && (inode->sb->flags & SB_MEMFS));
	if (m->nrpages == 1 && (!m->lru.next || list_empty(&m->lru)))
		list_add_tail(&m->lru, &cached_inodes);
	return 0;
}

/*
 * filemap_truncate drops the cache from index on; mapped pages live on
 * in the page tables that hold them, as on Linux.
 */
void
filemap_truncate(struct inode *inode, uint64_t index)
{
	struct address_space *m = &inode->mapping;

	for (uint64_t i = index; i < m->nslots; i++) {
		if (m->slots[i]) {
			undirty(inode, m->slots[i] - 1);
			page_cache_del(m->slots[i] - 1);
			put_page(m->slots[i] - 1);
			m->slots[i] = 0;
			m->nrpages--;
		}
	}
	if (!m->nrpages) {
		if (m->lru.next)
			list_del(&m->lru);
		kfree(m->slots);
		m->slots = NULL;
		m->nslots = 0;
	}
}

/*
 * filemap_get_page returns the page at index with a reference for the
 * caller, reading it in through the filesystem's readpage if it is not
 * cached (a page past EOF reads as zeros).
 */
int64_t
filemap_get_page(struct file *f, uint64_t index)
{
	struct inode *inode = f->inode;
	int64_t pfn = filemap_lookup(inode, index), n;
	int err;

	if (pfn >= 0) {
		get_page((uint64_t)pfn);
		return pfn;
	}
	pfn = alloc_zeroed_page();
	if (pfn < 0)
		return pfn;
	if (!(inode->sb->flags & SB_MEMFS)) {
		/* Fill from the filesystem; past the end stays zero. */
		n = inode->sb->readpage(inode, page_address(pfn), index * PAGE_SIZE);
		if (n < 0) {
			put_page((uint64_t)pfn);
			return n;
		}
	}
	err = filemap_insert(inode, index, (uint64_t)pfn);
	if (err) {
		put_page((uint64_t)pfn);
		return err;
	}
	get_page((uint64_t)pfn);
	return pfn;
}

/*
 * filemap_read is read(2) for page-cache files: page by page, up to the
 * size, each page filled if needed.
 */
int64_t
filemap_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	struct inode *inode = f->inode;
	size_t done = 0;

	if (*pos >= inode->size)
		return 0;
	if (len > inode->size - *pos)
		len = inode->size - *pos;
	while (done < len) {
		uint64_t off = *pos + done, index = off / PAGE_SIZE, in = off % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		/*
		 * A cached page read again is used again (active), unless this read
		 * only goes on where the last one stopped inside it, as Linux decides.
		 */
		bool again = !(done == 0 && in != 0);
		int64_t pfn = filemap_lookup(inode, index);

		if (pfn >= 0 && again)
			page_mark_active((uint64_t)pfn);
		if (inode->sb->flags & SB_MEMFS) {
			if (pfn < 0)
				memset((char *)buf + done, 0, n);	/* a hole */
			else
				memcpy((char *)buf + done, (char *)page_address(pfn) + in, n);
		} else {
			pfn = filemap_get_page(f, index);
			if (pfn < 0)
				return done ? (int64_t)done : pfn;
			memcpy((char *)buf + done, (char *)page_address(pfn) + in, n);
			put_page((uint64_t)pfn);
		}
		done += n;
	}
	*pos += done;
	return (int64_t)done;
}

/*
 * shrink_inode frees m's clean pages that nobody else holds, only the
 * inactive ones unless all; stops at *left. Returns pages freed.
 */
static uint64_t
shrink_inode(struct address_space *m, bool all, uint64_t *left)
{
	uint64_t freed = 0;

	for (uint64_t i = 0; i < m->nslots && *left; i++) {
		uint32_t s = m->slots[i];

		if (!s || mem_map[s - 1].refcount != 1 || (mem_map[s - 1].flags & PG_DIRTY) ||
		    (!all && (mem_map[s - 1].flags & PG_ACTIVE)))
			continue;
		page_cache_del(s - 1);
		put_page(s - 1);
		m->slots[i] = 0;
		m->nrpages--;
		freed++;
		(*left)--;
	}
	return freed;
}

/*
 * filemap_shrink frees clean cache pages nobody maps, inactive before
 * active, inode by inode; tmpfs pages are the file itself and never go.
 */
uint64_t
filemap_shrink(uint64_t target)
{
	struct address_space *m, *tmp;
	uint64_t freed = 0, left = target;

	/* Pages used once go first; then, if that was not enough, any clean page. */
	for (int pass = 0; pass < 2 && left; pass++) {
		list_for_each_entry_safe(m, tmp, &cached_inodes, lru) {
			struct inode *inode = container_of(m, struct inode, mapping);

			if (!left)
				break;
			if (inode->sb->flags & SB_MEMFS)
				continue;	/* tmpfs data cannot be dropped */
			freed += shrink_inode(m, pass == 1, &left);
			if (!m->nrpages) {
				list_del(&m->lru);
				kfree(m->slots);
				m->slots = NULL;
				m->nslots = 0;
				/* An inode kept only for its cache can go now. */
				if (inode->refcount == 0)
					inode_free(inode);
			}
		}
	}
	return freed;
}

int sysctl_drop_caches;

/*
 * drop_caches_handler: writing 1 frees every clean cache page nobody maps,
 * 2 the names and inodes nobody uses, 3 both; 4 only silences the log line.
 */
int
drop_caches_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
		    uint64_t *pos)
{
	static bool quiet;
	int err = proc_dointvec_minmax(t, write, buf, len, pos);

	if (err || !write)
		return err;
	if (sysctl_drop_caches & 1)
		filemap_shrink(~0ULL);
	if (sysctl_drop_caches & 2)
		d_prune_all();
	if (!quiet)
		pr_info("%s (%d): drop_caches: %d\n", current->comm, current->pid,
			sysctl_drop_caches);
	quiet |= sysctl_drop_caches & 4;
	return 0;
}
