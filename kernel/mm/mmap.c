// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address spaces: VMAs (a sorted list), mmap/munmap/mprotect/brk/mremap,
 * and fork's copy-on-write duplication. Changes to mappings also drop the
 * affected pages from the host child; the next access refaults them with
 * the new rights (fault.c).
 *
 * Overcommit, as Linux counts it: private writable mappings (and shared
 * anonymous memory, tmpfs.c) are charged to Committed_AS when they are made
 * (VM_ACCOUNT) and credited when they go. vm.overcommit_memory says what a
 * charge may do: 0 anything but a single mapping larger than RAM, 1
 * anything, 2 nothing that takes Committed_AS past CommitLimit (RAM times
 * vm.overcommit_ratio, or vm.overcommit_kbytes, less the reserves).
 * vm.max_map_count bounds the VMAs of one address space; adjacent anonymous
 * mappings alike in every way are merged into one, as Linux merges them.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/sysctl.h"
#include "asm/mmu.h"

#define MMAP_TOP	(TASK_SIZE - (128UL << 20))	/* below the stack area */
#define MMAP_MIN	0x10000UL

int sysctl_overcommit_memory;		/* OVERCOMMIT_GUESS */
int sysctl_overcommit_ratio = 50;
uint64_t sysctl_overcommit_kbytes;
uint64_t sysctl_admin_reserve_kbytes, sysctl_user_reserve_kbytes;
int sysctl_max_map_count = 65530;	/* 65535 less a margin for core dumps */
int64_t vm_committed;

/* vma_pages is v's length in pages. */
static uint64_t
vma_pages(const struct vma *v)
{
	return (v->end - v->start) >> PAGE_SHIFT;
}

/*
 * vm_commit_limit is CommitLimit in pages: overcommit_kbytes if set, else ratio percent of RAM.
 */
uint64_t
vm_commit_limit(void)
{
	if (sysctl_overcommit_kbytes)
		return sysctl_overcommit_kbytes >> (PAGE_SHIFT - 10);
	return nr_pages * (uint64_t)sysctl_overcommit_ratio / 100;	/* no swap to add */
}

/* total_vm is mm's mapped size in pages (for the user reserve of mode 2). */
static uint64_t
total_vm(const struct mm_struct *mm)
{
	const struct vma *v;
	uint64_t n = 0;

	list_for_each_entry(v, &mm->vmas, node)
		n += vma_pages(v);
	return n;
}

/*
 * vm_enough_memory charges pages to Committed_AS first and takes the charge
 * back if the policy refuses, so concurrent charges are never counted twice
 * and a refusal leaves the count as it was.
 */
int
vm_enough_memory(struct mm_struct *mm, int64_t pages)
{
	int64_t allowed;

	vm_committed += pages;
	if (sysctl_overcommit_memory == 1)
		return 0;
	if (sysctl_overcommit_memory == 0) {
		if (pages <= (int64_t)nr_pages)
			return 0;
		goto fail;
	}
	allowed = (int64_t)vm_commit_limit();
	if (current->cred.euid != 0)
		allowed -= (int64_t)(sysctl_admin_reserve_kbytes >> (PAGE_SHIFT - 10));
	if (mm) {
		/* Leave a user room to kill a process that grew too big. */
		int64_t reserve = (int64_t)(sysctl_user_reserve_kbytes >> (PAGE_SHIFT - 10));
		int64_t share = (int64_t)(total_vm(mm) / 32);

		allowed -= share < reserve ? share : reserve;
	}
	if (vm_committed < allowed)
		return 0;
fail:
	vm_committed -= pages;
	return -ENOMEM;
}

void
vm_unacct_memory(int64_t pages)
{
	vm_committed -= pages;
}

/* The sysctl handlers: ratio and kbytes exclude each other, as in Linux. */
int
overcommit_ratio_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
			 uint64_t *pos)
{
	int err = proc_dointvec(t, write, buf, len, pos);

	if (!err && write)
		sysctl_overcommit_kbytes = 0;
	return err;
}

int
overcommit_kbytes_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
			  uint64_t *pos)
{
	int err = proc_doulongvec_minmax(t, write, buf, len, pos);

	if (!err && write)
		sysctl_overcommit_ratio = 0;
	return err;
}

/* mm_alloc_noctx makes an empty address space, no host process yet. */
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

/*
 * mm_attach_ctx gives mm its host process (arch); a failure is logged, as
 * the caller can only report ENOMEM-like errors to the guest.
 */
int
mm_attach_ctx(struct mm_struct *mm)
{
	int err = arch_mm_init(mm);

	if (err)
		pr_err("mm: can't create a host address space: %d\n", err);
	return err;
}

/* mm_alloc makes an empty address space with its host process. */
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

/* vma_free unlinks v and gives back its charge and its file reference. */
static void
vma_free(struct mm_struct *mm, struct vma *v)
{
	list_del(&v->node);
	mm->map_count--;
	if (v->flags & VM_ACCOUNT)
		vm_unacct_memory((int64_t)vma_pages(v));
	if (v->file)
		file_put(v->file);
	kfree(v);
}

/*
 * mm_put drops a task's use of mm; the last frees the VMAs, the page
 * tables (and with them the page references), the exe file reference and
 * the host process.
 */
void
mm_put(struct mm_struct *mm)
{
	struct vma *v, *n;

	if (!mm || --mm->users > 0)
		return;
	list_for_each_entry_safe(v, n, &mm->vmas, node)
		vma_free(mm, v);
	pgtable_free(mm);
	if (mm->exe_file)
		file_put(mm->exe_file);
	arch_mm_destroy(mm);
	kfree(mm);
}

/*
 * find_vma is the first VMA ending above addr: the one holding addr, or the
 * next one up (callers check v->start).
 */
struct vma *
find_vma(struct mm_struct *mm, uint64_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node)
		if (addr < v->end)
			return v;
	return NULL;
}

/* vma_insert puts nv in address order; the caller has made room for it. */
static void
vma_insert(struct mm_struct *mm, struct vma *nv)
{
	struct vma *v;

	mm->map_count++;
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
vma_split(struct mm_struct *mm, struct vma *v, uint64_t addr)
{
	struct vma *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	mm->map_count++;
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

/*
 * vma_isolate cuts v where addr and end fall inside it, so that one VMA
 * covers exactly v's part of [addr, end), and returns that VMA (NULL when
 * memory is out). vm.max_map_count is the caller's to check first: what
 * counts as growing differs (munmap grows the count only by cutting a hole
 * in the middle, mprotect by any cut).
 */
static struct vma *
vma_isolate(struct mm_struct *mm, struct vma *v, uint64_t addr, uint64_t end)
{
	if (v->start < addr) {
		v = vma_split(mm, v, addr);
		if (!v)
			return NULL;
	}
	if (v->end > end && !vma_split(mm, v, end))
		return NULL;
	return v;
}

/* can_merge: a and b (a just below b) are one mapping as far as anyone can tell. */
static bool
can_merge(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && !a->file && !b->file && !a->name && !b->name &&
	       a->prot == b->prot && a->flags == b->flags && !(a->flags & VM_SHARED);
}

/* vma_merge joins v with its neighbours where they are alike (anonymous, private). */
static void
vma_merge(struct mm_struct *mm, struct vma *v)
{
	struct vma *o;

	if (v->node.next != &mm->vmas) {
		o = list_entry(v->node.next, struct vma, node);
		if (can_merge(v, o)) {
			v->end = o->end;
			list_del(&o->node);
			mm->map_count--;
			kfree(o);
		}
	}
	if (v->node.prev != &mm->vmas) {
		o = list_entry(v->node.prev, struct vma, node);
		if (can_merge(o, v)) {
			o->end = v->end;
			list_del(&v->node);
			mm->map_count--;
			kfree(v);
		}
	}
}

/* zap_pte drops one page of an unmapped range: its map count, its reference, its entry. */
static void
zap_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	(void)addr;
	(void)arg;
	page_remove_map(PTE_PFN(*pte));
	put_page(PTE_PFN(*pte));
	*pte = 0;
	mm->rss--;
}

/* zap_range drops the pages of [start, end) and their host mappings. */
static void
zap_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	pgtable_walk(mm, start, end, zap_pte, NULL);
	arch_mm_unmap(mm, start, end - start);
}

/* unhost_pte forgets that a page is mapped in the host (its rights change). */
static void
unhost_pte(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg)
{
	(void)mm;
	(void)addr;
	(void)arg;
	*pte &= ~(uint64_t)(PTE_HOST | PTE_HOST_W);
}

/*
 * do_munmap unmaps [addr, addr+len): partial VMAs are cut, whole ones freed,
 * then the pages and host mappings go. Unmapping nothing is no error.
 */
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
		/* A hole in the middle needs one more VMA: not past the limit. */
		if (v->start < addr && v->end > end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		v = vma_isolate(mm, v, addr, end);
		if (!v)
			return -ENOMEM;
		vma_free(mm, v);
	}
	zap_range(mm, addr, end);
	return 0;
}

/*
 * get_unmapped_area takes the hint when it is free, else the highest gap
 * below mmap_base that fits (Linux's top-down layout), 0 if none.
 */
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

/*
 * do_mmap makes a VMA; pages come at the first fault. MAP_FIXED replaces
 * what was there; a private writable mapping is charged in full at once
 * (VM_ACCOUNT) unless MAP_NORESERVE, as Linux's overcommit does.
 */
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
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
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
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != 2)
		v->flags |= VM_NORESERVE;
	if (file && !(flags & MAP_ANONYMOUS)) {
		v->file = file;
		file_get(file);
		v->pgoff = off;
	} else if (v->flags & VM_SHARED) {
		/* Shared anonymous memory: pages of an unnamed tmpfs file, found by every sharer. */
		v->file = shmem_file(len, !(v->flags & VM_NORESERVE));
		if (!v->file) {
			kfree(v);
			return -ENOMEM;
		}
	}
	/* A private writable mapping may need all its pages: charge them now. */
	if (!(v->flags & (VM_SHARED | VM_NORESERVE)) && (v->prot & PROT_WRITE)) {
		if (vm_enough_memory(mm, (int64_t)vma_pages(v))) {
			if (v->file)
				file_put(v->file);
			kfree(v);
			return -ENOMEM;
		}
		v->flags |= VM_ACCOUNT;
	}
	vma_insert(mm, v);
	vma_merge(mm, v);
	return (int64_t)addr;
}

/*
 * do_mprotect changes the rights of a range that must be mapped in full.
 * Pages already in the host lose their host mapping and refault with the
 * new rights; memory that becomes privately writable is charged.
 */
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
		/* A shared file mapping mmap could not make writable (sys_mmap) stays so. */
		if ((prot & PROT_WRITE) && (v->flags & VM_SHARED) && v->file &&
		    S_ISREG(v->file->inode->mode) && !inode_cacheable(v->file->inode))
			return -EACCES;
		a = v->end;
	}
	list_for_each_entry_safe(v, n, &mm->vmas, node) {
		uint64_t s = v->start > addr ? v->start : addr, e = v->end < end ? v->end : end;
		int64_t charge = 0;

		if (v->end <= addr || v->start >= end)
			continue;
		/* Private memory that becomes writable is charged now (once). */
		if ((prot & PROT_WRITE) && !(v->prot & PROT_WRITE) &&
		    !(v->flags & (VM_ACCOUNT | VM_SHARED | VM_NORESERVE))) {
			charge = (int64_t)((e - s) >> PAGE_SHIFT);
			if (vm_enough_memory(mm, charge))
				return -ENOMEM;
		}
		if ((v->start < addr || v->end > end) && mm->map_count >= sysctl_max_map_count) {
			vm_unacct_memory(charge);
			return -ENOMEM;
		}
		v = vma_isolate(mm, v, addr, end);
		if (!v) {
			vm_unacct_memory(charge);
			return -ENOMEM;
		}
		v->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
		if (charge)
			v->flags |= VM_ACCOUNT;
	}
	/* Host mappings go; pages refault with the new rights. */
	pgtable_walk(mm, addr, end, unhost_pte, NULL);
	arch_mm_unmap(mm, addr, len);
	return 0;
}

/*
 * do_madvise_dontneed drops the pages of a range; the VMAs stay, so the
 * next touch reads zeros (anonymous) or the file again, as on Linux.
 */
int
do_madvise_dontneed(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	zap_range(mm, addr, addr + len);
	return 0;
}

/*
 * do_brk moves the break: the [heap] VMA grows or shrinks. A break that
 * cannot move leaves the old one, which is how brk(2) reports failure.
 */
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
			if ((v->flags & VM_ACCOUNT) &&
			    vm_enough_memory(mm, (int64_t)((new_end - old_end) >> PAGE_SHIFT)))
				return (int64_t)mm->brk;
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

/* What move_pte needs: how far pages move, and whether a table could not be made. */
struct move_arg {
	uint64_t delta;
	int err;
};

/* move_pte carries a page to its new address; the host mapping is not carried (it refaults). */
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

/*
 * do_mremap shrinks in place, grows in place when the gap above allows,
 * else moves the pages to a new area (MREMAP_MAYMOVE). MREMAP_FIXED is
 * not supported yet.
 */
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
	if (flags & MREMAP_FIXED)
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
			if ((v->flags & VM_ACCOUNT) &&
			    vm_enough_memory(mm, (int64_t)((new_len - old_len) >> PAGE_SHIFT)))
				return -ENOMEM;
			v->end = old + new_len;
			return (int64_t)old;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (mm->map_count >= sysctl_max_map_count - 3)
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
		/*
		 * The new VMA is charged for all of new_len; the old range's charge
		 * goes when it is unmapped below. Only the growth is checked.
		 */
		if ((nv->flags & VM_ACCOUNT) &&
		    vm_enough_memory(mm, (int64_t)((new_len - old_len) >> PAGE_SHIFT))) {
			if (nv->file)
				file_put(nv->file);
			kfree(nv);
			return -ENOMEM;
		}
		ma.delta = dst - old;
		pgtable_walk(mm, old, old + old_len, move_pte, &ma);
		if (ma.err) {
			if (nv->flags & VM_ACCOUNT)
				vm_unacct_memory((int64_t)((new_len - old_len) >> PAGE_SHIFT));
			if (nv->file)
				file_put(nv->file);
			kfree(nv);
			return ma.err;
		}
		if (nv->flags & VM_ACCOUNT)
			vm_committed += (int64_t)(old_len >> PAGE_SHIFT);
		arch_mm_unmap(mm, old, old_len);
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

/*
 * dup_pte shares a parent page with the child: both now hold a reference
 * and, for private memory, both lose write access so the first write copies.
 */
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
	page_add_map(PTE_PFN(*pte));
	if (v && !(v->flags & VM_SHARED)) {
		/* Both sides now need a copy before writing. */
		if (*pte & PTE_HOST_W)
			arch_mm_protect(mm, addr, PAGE_SIZE, v->prot & ~PROT_WRITE);
		*pte &= ~(uint64_t)(PTE_WRITE | PTE_HOST_W);
	}
	*cpte = *pte & ~(uint64_t)(PTE_HOST | PTE_HOST_W);
	da->child->rss++;
}

/*
 * dup_mm copies mm for fork: every VMA (file references taken), every page
 * shared copy-on-write, the charges duplicated, and a new host process.
 */
struct mm_struct *
dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm;
	struct dup_arg da;
	struct vma *v;
	int64_t charge = 0, copied = 0;

	/* The child's private writable memory is charged as the parent's is. */
	list_for_each_entry(v, &old->vmas, node)
		if (v->flags & VM_ACCOUNT)
			charge += (int64_t)vma_pages(v);
	if (vm_enough_memory(old, charge))
		return NULL;
	mm = mm_alloc();
	if (!mm) {
		vm_unacct_memory(charge);
		return NULL;
	}
	da = (struct dup_arg){ mm, 0 };
	list_for_each_entry(v, &old->vmas, node) {
		struct vma *nv = kmalloc(sizeof(*nv));

		if (!nv)
			goto fail;
		*nv = *v;
		if (nv->file)
			file_get(nv->file);
		list_add_tail(&nv->node, &mm->vmas);
		mm->map_count++;
		if (nv->flags & VM_ACCOUNT)
			copied += (int64_t)vma_pages(nv);
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
	vm_unacct_memory(charge - copied);	/* mm_put credits what was copied */
	mm_put(mm);
	return NULL;
}
