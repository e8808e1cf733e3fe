/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ABI: the ELF64 headers execve(2) reads and the auxiliary vector it
 * leaves on the new stack, as x86_64 Linux programs see them.
 */
#ifndef UAPI_ELF_H
#define UAPI_ELF_H

#include <stdint.h>

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* ident[] bytes after the magic, and the machine. */
#define ELFCLASS64	2	/* ident[4] */
#define ELFDATA2LSB	1	/* ident[5] */
#define EM_X86_64	62

/* e_type */
#define ET_EXEC		2
#define ET_DYN		3

/* p_type and p_flags */
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_GNU_STACK	0x6474e551
#define PF_X		1
#define PF_W		2
#define PF_R		4

/* Auxiliary vector entry types. */
enum { AT_NULL, AT_IGNORE, AT_EXECFD, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ,
       AT_BASE, AT_FLAGS, AT_ENTRY, AT_NOTELF, AT_UID, AT_EUID, AT_GID, AT_EGID,
       AT_PLATFORM, AT_HWCAP, AT_CLKTCK, AT_SECURE = 23, AT_RANDOM = 25,
       AT_HWCAP2 = 26, AT_EXECFN = 31, AT_MINSIGSTKSZ = 51 };

#endif /* UAPI_ELF_H */
