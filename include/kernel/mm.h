/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory management: guest RAM is physmem (one host memfd), cut into 4 KiB
 * pages with a struct page each. A guest address space (struct mm_struct)
 * is a list of VMAs plus the kernel's own page table; the host child that
 * runs it (mm_ctx, asm/mmu.h) is kept in sync lazily: a page is mapped there
 * when the guest first faults on it. Copy-on-write after fork, zero-fill on
 * demand, file pages read in on fault.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/uaccess.h"
#include "uapi/mman.h"
#include "asm/processor.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* VMA flags. */
#define VM_SHARED	0x1
#define VM_GROWSDOWN	0x2
#define VM_STACK	0x4
#define VM_ACCOUNT	0x8	/* its pages are counted in Committed_AS (mmap.c) */
#define VM_NORESERVE	0x10	/* MAP_NORESERVE: not counted (unless overcommit_memory is 2) */

struct file;
struct mm_ctx;

/* One physical page. */
struct page {
	int32_t refcount;	/* 0: free */
	int32_t mapcount;	/* page table entries that map it */
	uint32_t flags;		/* PG_* */
};

/* Page flags. */
#define PG_USED		0x1	/* handed out before: not the memfd's zeros any more */
#define PG_CACHE	0x2	/* in a file's page cache */
#define PG_SHMEM	0x4	/* ... of tmpfs (or shared anonymous memory) */
#define PG_ACTIVE	0x8	/* used again since it was read in: reclaimed last */
#define PG_DIRTY	0x10	/* a cache page written since it was last written back (filemap.c) */

/*
 * What the pages are used for, kept as pages change state (page_alloc.c),
 * for /proc/meminfo. A page in the page cache counts as file (or shmem); a
 * mapped page that no file owns (private and anonymous memory, copies made
 * by copy-on-write) as anon. LRU lists: a cache page is inactive until it
 * is used a second time; anonymous pages stay inactive (nothing here can
 * see them used again: no accessed bits come back from the host).
 */
enum vm_stat_item {
	NR_FILE_PAGES,		/* page cache, tmpfs included (Cached) */
	NR_SHMEM,		/* tmpfs and shared anonymous memory (Shmem) */
	NR_FILE_MAPPED,		/* page cache pages some process maps (Mapped) */
	NR_ANON_PAGES,		/* mapped pages of no file (AnonPages) */
	NR_ACTIVE_ANON, NR_INACTIVE_ANON, NR_ACTIVE_FILE, NR_INACTIVE_FILE,
	NR_VM_STAT_ITEMS
};
extern uint64_t vm_stat[NR_VM_STAT_ITEMS];
/* nr_reclaimable: cache pages (not tmpfs) nobody maps, which reclaim may free. */
extern uint64_t nr_reclaimable;

/* One mapped region [start, end) of an address space. */
struct vma {
	uint64_t start, end;
	int prot;		/* PROT_* */
	int flags;		/* VM_* */
	struct file *file;	/* NULL: anonymous */
	uint64_t pgoff;		/* file offset of start, bytes */
	const char *name;	/* "[heap]", "[stack]" or NULL */
	struct list_head node;
};

struct mm_struct {
	int users;			/* tasks using it */
	struct mm_ctx *ctx;		/* the host child running it */
	uint64_t **pgd;			/* page table root (see pgtable.c) */
	struct list_head vmas;		/* sorted by address */
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk, start_stack, mmap_base;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv[48];
	uint64_t rss;			/* pages mapped */
	int map_count;			/* VMAs (vm.max_map_count bounds it) */
	struct file *exe_file;
};

/* Physical pages (page_alloc.c). */
extern struct page *mem_map;
extern uint64_t nr_pages, nr_free_pages;
extern uint8_t *physmem;
int page_alloc_init(void *base, uint64_t size);
/* alloc_page returns a pfn with refcount 1 (contents undefined), or -ENOMEM. */
int64_t alloc_page(void);
/* alloc_zeroed_page is alloc_page with the page cleared. */
int64_t alloc_zeroed_page(void);
/* get_page / put_page take and drop a reference; the last put frees it. */
void get_page(uint64_t pfn);
void put_page(uint64_t pfn);
/* page_add_map / page_remove_map count a page table entry set to / cleared from pfn. */
void page_add_map(uint64_t pfn);
void page_remove_map(uint64_t pfn);
/* page_cache_add / page_cache_del mark pfn entering and leaving a page cache (shmem: tmpfs's). */
void page_cache_add(uint64_t pfn, bool shmem);
void page_cache_del(uint64_t pfn);
/* page_mark_active notes a cache page used again. */
void page_mark_active(uint64_t pfn);

/*
 * vm.min_free_kbytes: below this much free memory the allocator reclaims
 * page cache first (the low watermark is a quarter above it, and reclaim
 * goes on to the high one, half above it).
 */
extern int min_free_kbytes;
/* wmark_min_pages is min_free_kbytes in pages. */
uint64_t wmark_min_pages(void);
/* vm.swappiness (0..200): with no swap there is no anonymous memory to weigh against the cache. */
extern int vm_swappiness;
/* vm.drop_caches (write-only): 1 drops clean cache pages, 2 unused names and inodes, 3 both. */
extern int sysctl_drop_caches;

/* Overcommit (mmap.c): vm.overcommit_memory 0 heuristic, 1 always, 2 never beyond CommitLimit. */
extern int sysctl_overcommit_memory, sysctl_overcommit_ratio, sysctl_max_map_count;
extern uint64_t sysctl_overcommit_kbytes, sysctl_admin_reserve_kbytes, sysctl_user_reserve_kbytes;
/* vm_committed is Committed_AS in pages; vm_commit_limit is CommitLimit. */
extern int64_t vm_committed;
uint64_t vm_commit_limit(void);
/* vm_enough_memory charges pages to Committed_AS if the policy allows: 0 or -ENOMEM. */
int vm_enough_memory(struct mm_struct *mm, int64_t pages);
void vm_unacct_memory(int64_t pages);
/* mm_init_reserves sets the reserves and watermarks from the memory free at boot. */
void mm_init_reserves(void);

/* The OOM killer (oom_kill.c), with vm.panic_on_oom, oom_kill_allocating_task, oom_dump_tasks. */
extern int sysctl_panic_on_oom, sysctl_oom_kill_allocating_task, sysctl_oom_dump_tasks;
struct task;
/* out_of_memory picks a process to kill because t's fault found no free page. */
void out_of_memory(struct task *t);
static inline void *
page_address(uint64_t pfn)
{
	return physmem + (pfn << PAGE_SHIFT);
}

/* Page tables (pgtable.c): one uint64_t entry per guest page. */
#define PTE_PRESENT	0x001	/* a page is there */
#define PTE_WRITE	0x002	/* the mm may write it (not COW-shared) */
#define PTE_HOST	0x004	/* mapped in the host child */
#define PTE_HOST_W	0x008	/* ... writable */
#define PTE_PFN(pte)	((pte) >> PAGE_SHIFT)
/* pte_lookup returns the entry slot for addr, allocating tables if create. */
uint64_t *pte_lookup(struct mm_struct *mm, uint64_t addr, bool create);
/* pgtable_free frees all tables and drops every page reference. */
void pgtable_free(struct mm_struct *mm);
/* pgtable_walk calls fn for each present entry in [start, end). */
void pgtable_walk(struct mm_struct *mm, uint64_t start, uint64_t end,
		  void (*fn)(struct mm_struct *mm, uint64_t addr, uint64_t *pte, void *arg),
		  void *arg);

/* Address spaces (mmap.c). */
struct mm_struct *mm_alloc(void);
/* mm_alloc_noctx makes an address space with no host process yet (exec builds it). */
struct mm_struct *mm_alloc_noctx(void);
/* mm_attach_ctx gives mm a new host process; 0 or -errno. */
int mm_attach_ctx(struct mm_struct *mm);
void mm_put(struct mm_struct *mm);
/* dup_mm copies mm for fork: VMAs shared copy-on-write. */
struct mm_struct *dup_mm(struct mm_struct *mm);
struct vma *find_vma(struct mm_struct *mm, uint64_t addr);
/* do_mmap maps a region; returns the address or -errno. */
int64_t do_mmap(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot,
		int flags, struct file *file, uint64_t off);
int do_munmap(struct mm_struct *mm, uint64_t addr, uint64_t len);
int do_mprotect(struct mm_struct *mm, uint64_t addr, uint64_t len, int prot);
int64_t do_brk(struct mm_struct *mm, uint64_t brk);
int64_t do_mremap(struct mm_struct *mm, uint64_t old, uint64_t old_len,
		  uint64_t new_len, int flags, uint64_t new_addr);
int do_madvise_dontneed(struct mm_struct *mm, uint64_t addr, uint64_t len);
/* get_unmapped_area finds len free bytes (top-down from mmap_base). */
uint64_t get_unmapped_area(struct mm_struct *mm, uint64_t hint, uint64_t len);

/* Faults (fault.c). access: TRAP_ACCESS_*. Returns 0, -EFAULT (no VMA: SEGV_MAPERR) or -EACCES. */
int handle_mm_fault(struct mm_struct *mm, uint64_t addr, int access);

#endif /* KERNEL_MM_H */
