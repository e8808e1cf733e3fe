// SPDX-License-Identifier: GPL-2.0-only
/*
 * The toy kernel of tests/os (see guest_loader.h). It plays the role the real
 * kernel (kernel/mm, kernel/exec.c) will have, using only os.h and trap.h.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "guest_loader.h"
#include "os.h"

static uint64_t next_phys;		/* bump allocator over physmem */

int
gl_physmem(void)
{
	void *base;
	int err;

	if (!os_physmem_base()) {
		err = os_physmem_create(GL_PHYSMEM, &base);
		if (err)
			return err;
	}
	return trap_init(NULL);
}

static int64_t
alloc_pages(unsigned int n)
{
	uint64_t pa = next_phys;

	if (pa + n * GL_PAGE > os_physmem_size())
		return -ENOMEM;
	next_phys += n * GL_PAGE;
	memset((char *)os_physmem_base() + pa, 0, n * GL_PAGE);
	return (int64_t)pa;
}

struct gl_pte *
gl_lookup(struct guest *g, uint64_t va)
{
	int i;

	va &= ~(GL_PAGE - 1);
	for (i = 0; i < g->npte; i++)
		if (g->pte[i].va == va)
			return &g->pte[i];
	return NULL;
}

int
gl_alloc_map(struct guest *g, uint64_t va, unsigned int n, int prot)
{
	int64_t pa = alloc_pages(n);
	unsigned int i;

	if (pa < 0)
		return (int)pa;
	if (g->npte + (int)n > GL_MAX_PTES)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct gl_pte *p = &g->pte[g->npte++];

		p->va = va + i * GL_PAGE;
		p->pa = (uint64_t)pa + i * GL_PAGE;
		p->prot = prot;
	}
	return host_mmap(g->mm, va, n * GL_PAGE, prot, (uint64_t)pa);
}

int
gl_copy_from(struct guest *g, uint64_t va, void *buf, size_t len)
{
	char *dst = buf;

	while (len) {
		struct gl_pte *p = gl_lookup(g, va);
		size_t in = GL_PAGE - (va & (GL_PAGE - 1));
		size_t n = len < in ? len : in;

		if (!p)
			return -EFAULT;
		memcpy(dst, (char *)os_physmem_base() + p->pa + (va & (GL_PAGE - 1)), n);
		dst += n;
		va += n;
		len -= n;
	}
	return 0;
}

static int
copy_to(struct guest *g, uint64_t va, const void *buf, size_t len)
{
	const char *src = buf;

	while (len) {
		struct gl_pte *p = gl_lookup(g, va);
		size_t in = GL_PAGE - (va & (GL_PAGE - 1));
		size_t n = len < in ? len : in;

		if (!p)
			return -EFAULT;
		memcpy((char *)os_physmem_base() + p->pa + (va & (GL_PAGE - 1)), src, n);
		src += n;
		va += n;
		len -= n;
	}
	return 0;
}

static int
elf_prot(uint32_t flags)
{
	return ((flags & PF_R) ? MM_PROT_READ : 0) | ((flags & PF_W) ? MM_PROT_WRITE : 0) |
	       ((flags & PF_X) ? MM_PROT_EXEC : 0);
}

/* Load the PT_LOAD segments of path page by page, then map every page. */
static int
load_elf(struct guest *g, const char *path, uint64_t *entry)
{
	static char file[1 << 20];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
	int64_t size;
	int fd, i, first = g->npte;

	fd = os_open(path, OS_O_RDONLY, 0);
	if (fd < 0)
		return fd;
	size = os_pread(fd, file, sizeof(file), 0);
	os_close(fd);
	if (size < (int64_t)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_machine != EM_X86_64 || eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr) > (uint64_t)size)
		return -ENOEXEC;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff) + i;
		uint64_t va;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset + ph->p_filesz > (uint64_t)size)
			return -ENOEXEC;
		for (va = ph->p_vaddr & ~(GL_PAGE - 1); va < ph->p_vaddr + ph->p_memsz; va += GL_PAGE) {
			struct gl_pte *p = gl_lookup(g, va);
			int64_t pa;

			if (p) {
				p->prot |= elf_prot(ph->p_flags);
				continue;
			}
			pa = alloc_pages(1);
			if (pa < 0 || g->npte == GL_MAX_PTES)
				return -ENOMEM;
			p = &g->pte[g->npte++];
			p->va = va;
			p->pa = (uint64_t)pa;
			p->prot = elf_prot(ph->p_flags);
		}
		if (copy_to(g, ph->p_vaddr, file + ph->p_offset, ph->p_filesz))
			return -EFAULT;
	}
	for (i = first; i < g->npte; i++) {
		int err = host_mmap(g->mm, g->pte[i].va, GL_PAGE, g->pte[i].prot, g->pte[i].pa);

		if (err)
			return err;
	}
	*entry = eh->e_entry;
	return 0;
}

/* argc, argv[], NULL, envp NULL, auxv {AT_PAGESZ, AT_NULL}; strings on top. */
static int
build_stack(struct guest *g, const char *const *argv, uint64_t *spp)
{
	uint64_t sp = GL_STACK_TOP, ptrs[16], words[32];
	int argc, n = 0, i, err;

	err = gl_alloc_map(g, GL_STACK_TOP - GL_STACK_PAGES * GL_PAGE, GL_STACK_PAGES,
			   MM_PROT_READ | MM_PROT_WRITE);
	if (err)
		return err;
	for (argc = 0; argv[argc] && argc < 16; argc++) {
		size_t len = strlen(argv[argc]) + 1;

		sp -= len;
		copy_to(g, sp, argv[argc], len);
		ptrs[argc] = sp;
	}
	words[n++] = (uint64_t)argc;
	for (i = 0; i < argc; i++)
		words[n++] = ptrs[i];
	words[n++] = 0;			/* end of argv */
	words[n++] = 0;			/* empty envp */
	words[n++] = AT_PAGESZ;
	words[n++] = GL_PAGE;
	words[n++] = AT_NULL;
	words[n++] = 0;
	sp = (sp - n * sizeof(uint64_t)) & ~15UL;
	copy_to(g, sp, words, n * sizeof(uint64_t));
	*spp = sp;
	return 0;
}

int
gl_start(struct guest *g, const char *path, const char *const *argv)
{
	uint64_t entry, sp;
	int err;

	memset(g, 0, sizeof(*g));
	err = gl_physmem();
	if (err)
		return err;
	err = host_mm_create(&g->mm);
	if (err)
		return err;
	err = load_elf(g, path, &entry);
	if (!err)
		err = build_stack(g, argv, &sp);
	if (err) {
		gl_stop(g);
		return err;
	}
	trap_uc_init(&g->uc, entry, sp);
	return 0;
}

bool
gl_syscall(struct guest *g)
{
	struct uc_regs *r = &g->uc.regs;
	char buf[512];
	size_t len;

	g->nsyscalls++;
	switch (g->uc.trap.nr) {
	case 1:		/* write */
		len = r->rdx < sizeof(buf) ? r->rdx : sizeof(buf);
		if (gl_copy_from(g, r->rsi, buf, len)) {
			r->rax = (uint64_t)-EFAULT;
			break;
		}
		if (r->rdi == 1 && g->outlen + len < sizeof(g->out)) {
			memcpy(g->out + g->outlen, buf, len);
			g->outlen += len;
		}
		r->rax = len;
		break;
	case 39:	/* getpid */
		r->rax = GL_PID;
		break;
	case 110:	/* getppid */
		r->rax = GL_PPID;
		break;
	case 60:	/* exit */
	case 231:	/* exit_group */
		g->exited = true;
		g->status = (int)(r->rdi & 0xff);
		break;
	default:
		return false;
	}
	return true;
}

void
gl_stop(struct guest *g)
{
	host_mm_destroy(g->mm);
	g->mm = NULL;
}
