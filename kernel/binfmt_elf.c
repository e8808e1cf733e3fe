// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ELF loader of execve: map an x86_64 ELF program (static or with an
 * interpreter, ET_EXEC or PIE) into a fresh address space, build its
 * initial stack (argv, envp, auxv; shared/docs/x86_64-abi.md §2-3) and
 * set the registers. The new address space is built beside the old one,
 * which stays until nothing can fail any more (exec_prepare_task is the
 * last step that may); past that point, failing kills the process.
 */
#include <string.h>

#include "kernel/binfmts.h"
#include "kernel/err.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "asm/mmu.h"
#include "asm/processor.h"
#include "asm/signal.h"
#include "uapi/elf.h"
#include "uapi/personality.h"

#define STACK_TOP	(TASK_SIZE - 0x100000)
#define ELF_ET_DYN_BASE	0x555555554000ULL
#define INTERP_BASE	0x7ffff7fc0000ULL

/* Where load_elf put a program: what the stack's auxv and the mm's fields need. */
struct loaded {
	uint64_t bias, entry, phdr, phnum, brk, start_code, end_code, start_data, end_data;
};

/* prot_of turns a segment's PF_* flags into PROT_*. */
static int
prot_of(uint32_t pflags)
{
	return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
	       ((pflags & PF_X) ? PROT_EXEC : 0);
}

/*
 * load_elf maps file's PT_LOAD segments into mm (file pages private, bss
 * anonymous) at a bias chosen here for ET_DYN, and reports where things
 * went in *out. A position-independent program goes at ELF_ET_DYN_BASE,
 * an interpreter (or a PIE run as its own interpreter) at INTERP_BASE,
 * where Linux puts them without randomisation. For the main program,
 * interp_path gets PT_INTERP. A bad header or segment is ENOEXEC; nothing
 * is undone here, as the whole mm is thrown away when exec fails.
 */
static int
load_elf(struct mm_struct *mm, struct file *file, const struct elf64_ehdr *eh,
	 bool interp, struct loaded *out, char *interp_path)
{
	struct elf64_phdr *ph;
	size_t phsize;
	uint64_t lo = UINT64_MAX, hi = 0, bias = 0;
	int err = 0;

	if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != ELFCLASS64 ||
	    eh->ident[5] != ELFDATA2LSB || eh->machine != EM_X86_64 ||
	    (eh->type != ET_EXEC && eh->type != ET_DYN) || eh->phentsize != sizeof(*ph) ||
	    eh->phnum == 0 || eh->phnum > 128)
		return -ENOEXEC;
	phsize = eh->phnum * sizeof(*ph);
	ph = kmalloc(phsize);
	if (!ph)
		return -ENOMEM;
	if (kernel_read(file, ph, phsize, eh->phoff) != (int64_t)phsize) {
		kfree(ph);
		return -ENOEXEC;
	}
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_LOAD) {
			if (ph[i].vaddr < lo)
				lo = ph[i].vaddr;
			if (ph[i].vaddr + ph[i].memsz > hi)
				hi = ph[i].vaddr + ph[i].memsz;
			if (ph[i].filesz > ph[i].memsz)
				err = -ENOEXEC;
		} else if (ph[i].type == PT_INTERP && interp_path && !interp) {
			if (ph[i].filesz < 2 || ph[i].filesz > PATH_MAX ||
			    kernel_read(file, interp_path, ph[i].filesz, ph[i].offset) !=
				    (int64_t)ph[i].filesz ||
			    interp_path[ph[i].filesz - 1]) {
				err = -ENOEXEC;
			}
		}
	}
	if (err || lo == UINT64_MAX || hi > TASK_SIZE) {
		kfree(ph);
		return err ? err : -ENOEXEC;
	}
	lo &= PAGE_MASK;
	if (eh->type == ET_DYN)
		bias = (interp ? INTERP_BASE : (interp_path && *interp_path ? ELF_ET_DYN_BASE : INTERP_BASE)) - lo;
	out->bias = bias;
	out->entry = eh->entry + bias;
	out->phnum = eh->phnum;
	out->phdr = 0;
	out->brk = 0;
	out->start_code = UINT64_MAX;
	for (int i = 0; i < eh->phnum; i++) {
		struct elf64_phdr *p = &ph[i];
		uint64_t start, fend, mend, off;
		int prot;
		int64_t r;

		if (p->type == PT_PHDR)
			out->phdr = p->vaddr + bias;
		if (p->type != PT_LOAD)
			continue;
		if ((p->vaddr & ~PAGE_MASK) != (p->offset & ~PAGE_MASK)) {
			err = -ENOEXEC;
			break;
		}
		prot = prot_of(p->flags);
		start = (p->vaddr + bias) & PAGE_MASK;
		off = p->offset & PAGE_MASK;
		fend = p->vaddr + bias + p->filesz;
		mend = p->vaddr + bias + p->memsz;
		if (p->filesz) {
			/*
			 * Only a segment with bss after its file bytes needs the rest of
			 * its last file page zeroed, and so writable for a moment (a
			 * read-only one mapped writable would be charged to
			 * Committed_AS, which Linux does not do).
			 */
			bool zero_tail = (fend & ~PAGE_MASK) && mend > fend;

			r = do_mmap(mm, start, PAGE_ALIGN(fend) - start,
				    prot | (zero_tail ? PROT_WRITE : 0), MAP_PRIVATE | MAP_FIXED,
				    file, off);
			if (r < 0) {
				err = (int)r;
				break;
			}
			if (zero_tail) {
				size_t n = PAGE_SIZE - (fend & ~PAGE_MASK);

				err = copy_to_mm(mm, u64_to_uaddr(fend), NULL, n);
				if (err)
					break;
				if (!(prot & PROT_WRITE))
					do_mprotect(mm, start, PAGE_ALIGN(fend) - start, prot);
			}
		}
		if (PAGE_ALIGN(mend) > PAGE_ALIGN(fend)) {
			r = do_mmap(mm, PAGE_ALIGN(fend), PAGE_ALIGN(mend) - PAGE_ALIGN(fend), prot,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
			if (r < 0) {
				err = (int)r;
				break;
			}
		}
		if (!out->phdr && p->offset <= eh->phoff && eh->phoff < p->offset + p->filesz)
			out->phdr = p->vaddr + bias + (eh->phoff - p->offset);
		if (mend > out->brk)
			out->brk = mend;
		if (p->flags & PF_X) {
			if (start < out->start_code)
				out->start_code = start;
			if (fend > out->end_code)
				out->end_code = fend;
		} else {
			if (!out->start_data)
				out->start_data = p->vaddr + bias;
			out->end_data = fend;
		}
	}
	kfree(ph);
	return err;
}

/*
 * push_strings copies n strings to the new stack at *strp onwards, records
 * their addresses in ptrs from *i, and ends the list with a NULL.
 */
static int
push_strings(struct mm_struct *mm, char **v, int n, uint64_t *ptrs, int *i, uint64_t *strp)
{
	for (int k = 0; k < n; k++) {
		size_t len = strlen(v[k]) + 1;

		ptrs[(*i)++] = *strp;
		if (copy_to_mm(mm, u64_to_uaddr(*strp), v[k], len))
			return -EFAULT;
		*strp += len;
	}
	ptrs[(*i)++] = 0;
	return 0;
}

/*
 * setup_stack builds the initial stack as the x86_64 ABI lays it out:
 * from the top, the end marker, the exec'd name, the environment and
 * argument strings, "x86_64", 16 random bytes, then (16-byte aligned)
 * argc, argv[], NULL, envp[], NULL and the auxiliary vector, which is also
 * kept in mm->auxv for /proc. Returns the new rsp, or -errno.
 */
static int64_t
setup_stack(struct mm_struct *mm, struct linux_binprm *bp, struct loaded *exe,
	    struct loaded *in, bool has_interp)
{
	uint64_t top = STACK_TOP, sp, strp, random_at, platform_at, execfn_at;
	uint64_t *auxv = mm->auxv, *ptrs;
	int naux = 0, nptrs, i;
	int64_t r;
	uint8_t rnd[16];
	size_t len;

	r = do_mmap(mm, top - (128 * 1024), 128 * 1024, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, NULL, 0);
	if (r < 0)
		return r;
	find_vma(mm, top - 1)->name = "[stack]";
	mm->start_stack = top;
	sp = top - 8;	/* the end marker */
	/* Strings: execfn highest, then envp, then argv. */
	len = strlen(bp->filename) + 1;
	sp -= len;
	execfn_at = sp;
	if (copy_to_mm(mm, u64_to_uaddr(sp), bp->filename, len))
		return -EFAULT;
	strp = sp;
	for (i = bp->envc - 1; i >= 0; i--)
		strp -= strlen(bp->envp[i]) + 1;
	mm->env_start = strp;
	mm->env_end = sp;
	for (i = bp->argc - 1; i >= 0; i--)
		strp -= strlen(bp->argv[i]) + 1;
	mm->arg_start = strp;
	mm->arg_end = mm->env_start;
	sp = strp;
	sp -= 7;
	platform_at = sp;
	if (copy_to_mm(mm, u64_to_uaddr(sp), "x86_64", 7))
		return -EFAULT;
	sp -= 16;
	random_at = sp;
	random_fill(rnd, sizeof(rnd));
	if (copy_to_mm(mm, u64_to_uaddr(sp), rnd, 16))
		return -EFAULT;

#define AUX(t, v) do { auxv[naux++] = (t); auxv[naux++] = (v); } while (0)
	AUX(AT_MINSIGSTKSZ, arch_min_sigstksz());
	AUX(AT_HWCAP, 0x178bfbff);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, exe->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, exe->phnum);
	AUX(AT_BASE, has_interp ? in->bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, exe->entry);
	AUX(AT_UID, bp->cred.uid);
	AUX(AT_EUID, bp->cred.euid);
	AUX(AT_GID, bp->cred.gid);
	AUX(AT_EGID, bp->cred.egid);
	AUX(AT_SECURE, bp->secure);
	AUX(AT_RANDOM, random_at);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn_at);
	AUX(AT_PLATFORM, platform_at);
	AUX(AT_NULL, 0);
#undef AUX
	nptrs = 1 + bp->argc + 1 + bp->envc + 1 + naux;
	sp = (sp - nptrs * 8) & ~UINT64_C(15);
	ptrs = kmalloc(nptrs * 8);
	if (!ptrs)
		return -ENOMEM;
	i = 0;
	ptrs[i++] = (uint64_t)bp->argc;
	strp = mm->arg_start;
	if (push_strings(mm, bp->argv, bp->argc, ptrs, &i, &strp) ||
	    push_strings(mm, bp->envp, bp->envc, ptrs, &i, &strp))
		goto fault;
	memcpy(&ptrs[i], auxv, naux * 8);
	if (copy_to_mm(mm, u64_to_uaddr(sp), ptrs, nptrs * 8))
		goto fault;
	kfree(ptrs);
	return (int64_t)sp;
fault:
	kfree(ptrs);
	return -EFAULT;
}

/*
 * load_elf_binary execs the ELF program bp holds: a new address space
 * with the program, its interpreter and its stack, built while the old
 * one still runs; then the point of no return (exec_prepare_task), the
 * switch, and the registers of the new program. Its host process is the
 * old one's when nobody else used that (one process creation saved per
 * fork+exec), else a new one made up front.
 */
int
load_elf_binary(struct linux_binprm *bp)
{
	struct mm_struct *mm, *old;
	struct elf64_ehdr eh, ieh;
	struct loaded exe = { 0 }, in = { 0 };
	char *interp_path;
	struct file *interp = NULL;
	int64_t sp;
	bool steal;
	int err;

	memcpy(&eh, bp->buf, sizeof(eh));
	interp_path = kzalloc(PATH_MAX + 1);
	if (!interp_path)
		return -ENOMEM;
	/*
	 * The new image is built without a host process. If nobody else uses
	 * the old address space, its host process is reused at the point of
	 * no return (one process creation less per fork+exec).
	 */
	mm = mm_alloc_noctx();
	if (!mm) {
		kfree(interp_path);
		return -ENOMEM;
	}
	steal = current->mm && current->mm->users == 1 && current->mm->ctx;
	if (!steal && (err = mm_attach_ctx(mm))) {
		mm_put(mm);
		kfree(interp_path);
		return err;
	}
	err = load_elf(mm, bp->file, &eh, false, &exe, interp_path);
	if (!err && *interp_path) {
		interp = open_exec(AT_FDCWD, interp_path, 0);
		if (IS_ERR(interp)) {
			err = (int)PTR_ERR(interp);
			interp = NULL;
		} else if (kernel_read(interp, &ieh, sizeof(ieh), 0) != sizeof(ieh)) {
			err = -ELIBBAD;
		} else {
			err = load_elf(mm, interp, &ieh, true, &in, NULL);
			if (err == -ENOEXEC)
				err = -ELIBBAD;
		}
	}
	if (!err)
		err = exec_prepare_task();
	if (err)
		goto fail;
	exec_creds(bp);
	/* Point of no return: switch to the new mm. */
	mm->start_code = exe.start_code;
	mm->end_code = exe.end_code;
	mm->start_data = exe.start_data;
	mm->end_data = exe.end_data;
	mm->start_brk = mm->brk = PAGE_ALIGN(exe.brk);
	mm->exe_file = bp->file;
	file_get(bp->file);
	sp = setup_stack(mm, bp, &exe, &in, interp != NULL);
	if (sp < 0) {
		err = (int)sp;
		goto fail;
	}
	old = current->mm;
	if (steal)
		arch_mm_takeover(mm, old);
	current->mm = mm;
	mm_put(old);
	current->cred = bp->cred;
	current->personality &= ~(bp->per_clear | READ_IMPLIES_EXEC);	/* a 64-bit program */
	arch_start_thread(current, interp ? in.entry : exe.entry, (uint64_t)sp, steal);
	if (interp)
		file_put(interp);
	kfree(interp_path);
	return 0;
fail:
	if (interp)
		file_put(interp);
	mm_put(mm);
	kfree(interp_path);
	return err;
}
