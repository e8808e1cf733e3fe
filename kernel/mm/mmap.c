// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address spaces: VMAs (a sorted list), mmap/munmap/mprotect/brk/mremap,
 * and fork's copy-on-write duplication. Changes to mappings also drop the
 * affected pages from the host child; the next access refaults them with
 * the new rights (fault.c).
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"

#define MMAP_TOP	(TASK_SIZE - (128UL << 20))	/* below the stack area */
#define MMAP_MIN	0x10000UL

struct mm_struct *
mm_alloc_noctx(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	list_init(&mm->vmas);
	mm->users = 1;
	mm->mmap_base = MMAP_TOP;
	return mm;
}

int
mm_attach_ctx(struct mm_struct *mm)
{
	int err = mm_ctx_create(&mm->ctx);

	if (err)
		pr_err("mm: can't create a host address space: %d\n", err);
	return err;
}

struct mm_struct *
mm_alloc(void)
{
	struct mm_struct *mm = mm_alloc_noctx();

	if (mm && mm_attach_ctx(mm)) {
		kfree(mm);
		return NULL;
	}
	return mm;
}

static void
vma_free(struct vma *v)
{
	list_del(&v->node);
	if (v->file)
		file_put(v->file);
	kfree(v);
}

void
mm_put(struct mm_struct *mm)
{
	struct vma *v, *n;

	if (!mm || --mm->users > 0)
		return;
	list_for_each_entry_safe(v, n, &mm->vmas, node)
		vma_free(v);
	pgtable_free(mm);
	if (mm->exe_file)
		file_put(mm->exe_file);
	if (mm->ctx)
		mm_ctx_destroy(mm->ctx);
	kfree(mm);
}

struct vma *
find_vma(struct mm_struct *mm, uint64_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node)
		if (addr < v->end)
			return v;
	return NULL;
}

static void
vma_insert(struct mm_struct *mm, struct vma *nv)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node) {
		if (v->start >= nv->end) {
			list_add_tail(&nv->node, &v->node);
			return;
		}
	}
	list_add_tail(&nv->node, &mm->vmas);
}

/* vma_split cuts v at addr; v keeps [start, addr), the new one gets the rest. */
static struct vma *
vma_split(struct vma *v, uint64_t addr)
{
	struct vma *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *v;
	n->start = addr;
	if (n->file) {
		n->pgoff += addr - v->start;
		file_get(n->file);
	}
	v->end = addr;
	list_add(&n->node, &v->node);
	return n;
}

static void
zap_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	(void)addr;
	(void)arg;
	put_page(PTE_PFN(*pte));
	*pte = 0;
	mm->rss--;
}

/* zap_range drops the pages of [start, end) and their host mappings. */
static void
zap_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	pgtable_walk(mm, start, end, zap_pte, NULL);
	if (mm->ctx)
		mm_unmap(mm->ctx, start, end - start);
}

static void
unhost_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	(void)mm;
	(void)addr;
	(void)arg;
	*pte &= ~(uint64_t)(PTE_HOST | PTE_HOST_W);
}

int
do_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	uint64_t end;
	struct vma *v, *n;

	if (addr & ~PAGE_MASK || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = addr + len;
	if (end > TASK_SIZE || end < addr)
		return -EINVAL;
	list_for_each_entry_safe(v, n, &mm->vmas, node) {
		if (v->end <= addr || v->start >= end)
			continue;
		if (v->start < addr) {
			v = vma_split(v, addr);
			if (!v)
				return -ENOMEM;
		}
		if (v->end > end && !vma_split(v, end))
			return -ENOMEM;
		vma_free(v);
	}
	zap_range(mm, addr, end);
	return 0;
}

uint64_t
get_unmapped_area(struct mm_struct *mm, uint64_t hint, uint64_t len)
{
	struct vma *v;
	uint64_t top = mm->mmap_base;

	if (len > TASK_SIZE)
		return 0;
	if (hint && hint + len <= TASK_SIZE && hint >= MMAP_MIN) {
		v = find_vma(mm, hint);
		if (!v || v->start >= hint + len)
			return hint;
	}
	/* Top-down: the highest gap below mmap_base that fits. */
	for (struct list_head *p = mm->vmas.prev; ; p = p->prev) {
		uint64_t gap_end, gap_start;

		if (p == &mm->vmas) {
			gap_start = MMAP_MIN;
			gap_end = top;
		} else {
			v = list_entry(p, struct vma, node);
			if (v->start >= top)
				continue;
			gap_start = v->end;
			gap_end = top;
			top = v->start < top ? v->start : top;
		}
		if (gap_end > gap_start && gap_end - gap_start >= len)
			return gap_end - len;
		if (p == &mm->vmas)
			return 0;
	}
}

int64_t
do_mmap(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot, int flags,
	struct file *file, uint64_t off)
{
	struct vma *v;
	int type = flags & MAP_TYPE;

	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr + len > TASK_SIZE || addr + len < addr || addr < PAGE_SIZE)
			return -ENOMEM;
		if (flags & MAP_FIXED_NOREPLACE) {
			v = find_vma(mm, addr);
			if (v && v->start < addr + len)
				return -EEXIST;
		} else {
			int err = do_munmap(mm, addr, len);

			if (err)
				return err;
		}
	} else {
		addr = get_unmapped_area(mm, addr & PAGE_MASK, len);
		if (!addr)
			return -ENOMEM;
	}
	v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = addr;
	v->end = addr + len;
	v->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
	v->flags = type == MAP_PRIVATE ? 0 : VM_SHARED;
	if (flags & MAP_GROWSDOWN)
		v->flags |= VM_GROWSDOWN;
	if (file && !(flags & MAP_ANONYMOUS)) {
		v->file = file;
		file_get(file);
		v->pgoff = off;
	} else if (v->flags & VM_SHARED) {
		/* Shared anonymous memory: pages of an unnamed tmpfs file, found by every sharer. */
		v->file = shmem_file(len);
		if (!v->file) {
			kfree(v);
			return -ENOMEM;
		}
	}
	vma_insert(mm, v);
	return (int64_t)addr;
}

int
do_mprotect(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot)
{
	uint64_t end, a;
	struct vma *v, *n;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = addr + len;
	if (end < addr || end > TASK_SIZE)
		return -ENOMEM;
	if (!len)
		return 0;
	/* The whole range must be mapped. */
	for (a = addr; a < end;) {
		v = find_vma(mm, a);
		if (!v || v->start > a)
			return -ENOMEM;
		a = v->end;
	}
	list_for_each_entry_safe(v, n, &mm->vmas, node) {
		if (v->end <= addr || v->start >= end)
			continue;
		if (v->start < addr) {
			v = vma_split(v, addr);
			if (!v)
				return -ENOMEM;
		}
		if (v->end > end && !vma_split(v, end))
			return -ENOMEM;
		v->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
	}
	/* Host mappings go; pages refault with the new rights. */
	pgtable_walk(mm, addr, end, unhost_pte, NULL);
	if (mm->ctx)
		mm_unmap(mm->ctx, addr, len);
	return 0;
}

int
do_madvise_dontneed(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	zap_range(mm, addr, addr + len);
	return 0;
}

int64_t
do_brk(struct mm_struct *mm, uint64_t brk)
{
	uint64_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
	struct vma *v;

	if (brk < mm->start_brk || brk > mm->mmap_base)
		return (int64_t)mm->brk;
	if (new_end > old_end) {
		v = find_vma(mm, old_end);
		if (v && v->start < new_end)
			return (int64_t)mm->brk;	/* would collide */
		/* Grow the heap VMA (or make it). */
		v = old_end > mm->start_brk ? find_vma(mm, old_end - 1) : NULL;
		if (v && v->end == old_end && v->name && !strcmp(v->name, "[heap]")) {
			v->end = new_end;
		} else {
			int64_t r = do_mmap(mm, old_end, new_end - old_end,
					    PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);

			if (r < 0)
				return (int64_t)mm->brk;
			find_vma(mm, old_end)->name = "[heap]";
		}
	} else if (new_end < old_end) {
		do_munmap(mm, new_end, old_end - new_end);
	}
	mm->brk = brk;
	return (int64_t)brk;
}

/* move_pte carries a page from one address to another in the same mm. */
struct move_arg {
	uint64_t delta;
	int err;
};

static void
move_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	struct move_arg *ma = arg;
	uint64_t *dst = pte_lookup(mm, addr + ma->delta, true);

	if (!dst) {
		ma->err = -ENOMEM;
		return;
	}
	*dst = *pte & ~(uint64_t)(PTE_HOST | PTE_HOST_W);
	*pte = 0;
}

int64_t
do_mremap(struct mm_struct *mm, uint64_t old, uint64_t old_len, uint64_t new_len,
	  int flags, uint64_t new_addr)
{
	struct vma *v = find_vma(mm, old);
	uint64_t dst;
	struct move_arg ma = { 0, 0 };

	if (old & ~PAGE_MASK || !new_len)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!v || v->start > old || old + old_len > v->end)
		return -EFAULT;
	if (flags & 2 /* MREMAP_FIXED */)
		return -EINVAL;	/* not yet */
	(void)new_addr;
	if (new_len <= old_len) {
		if (new_len < old_len)
			do_munmap(mm, old + new_len, old_len - new_len);
		return (int64_t)old;
	}
	/* Grow in place if the gap allows. */
	if (old + old_len == v->end) {
		struct vma *next = find_vma(mm, v->end);

		if ((!next || next->start >= old + new_len) && old + new_len <= TASK_SIZE) {
			v->end = old + new_len;
			return (int64_t)old;
		}
	}
	if (!(flags & 1 /* MREMAP_MAYMOVE */))
		return -ENOMEM;
	dst = get_unmapped_area(mm, 0, new_len);
	if (!dst)
		return -ENOMEM;
	{
		struct vma *nv = kmalloc(sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*nv = *v;
		nv->start = dst;
		nv->end = dst + new_len;
		if (nv->file) {
			nv->pgoff += old - v->start;
			file_get(nv->file);
		}
		ma.delta = dst - old;
		pgtable_walk(mm, old, old + old_len, move_pte, &ma);
		if (ma.err) {
			if (nv->file)
				file_put(nv->file);
			kfree(nv);
			return ma.err;
		}
		if (mm->ctx)
			mm_unmap(mm->ctx, old, old_len);
		vma_insert(mm, nv);
		do_munmap(mm, old, old_len);
	}
	return (int64_t)dst;
}

/* Fork: copy the page table, sharing pages; private writable ones become COW. */
struct dup_arg {
	struct mm_struct *child;
	int err;
};

static void
dup_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	struct dup_arg *da = arg;
	struct vma *v = find_vma(mm, addr);
	uint64_t *cpte = pte_lookup(da->child, addr, true);

	if (!cpte) {
		da->err = -ENOMEM;
		return;
	}
	get_page(PTE_PFN(*pte));
	if (v && !(v->flags & VM_SHARED)) {
		/* Both sides now need a copy before writing. */
		if ((*pte & PTE_HOST_W) && mm->ctx)
			mm_protect(mm->ctx, addr, PAGE_SIZE, v->prot & ~PROT_WRITE);
		*pte &= ~(uint64_t)(PTE_WRITE | PTE_HOST_W);
	}
	*cpte = *pte & ~(uint64_t)(PTE_HOST | PTE_HOST_W);
	da->child->rss++;
}

struct mm_struct *
dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct dup_arg da = { mm, 0 };
	struct vma *v;

	if (!mm)
		return NULL;
	list_for_each_entry(v, &old->vmas, node) {
		struct vma *nv = kmalloc(sizeof(*nv));

		if (!nv)
			goto fail;
		*nv = *v;
		if (nv->file)
			file_get(nv->file);
		list_add_tail(&nv->node, &mm->vmas);
	}
	pgtable_walk(old, 0, TASK_SIZE, dup_pte, &da);
	if (da.err)
		goto fail;
	memcpy(&mm->start_code, &old->start_code,
	       sizeof(*mm) - offsetof(struct mm_struct, start_code));
	mm->rss = old->rss;
	if (mm->exe_file)
		file_get(mm->exe_file);
	return mm;
fail:
	mm_put(mm);
	return NULL;
}
