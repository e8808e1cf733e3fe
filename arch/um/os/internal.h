/* SPDX-License-Identifier: GPL-2.0-only */
/* What the files of arch/um/os share among themselves, and no one else. */
#ifndef UM_OS_INTERNAL_H
#define UM_OS_INTERNAL_H

#include <stddef.h>

struct trap_backend;

/* The PTRACE_SYSEMU backend (ptrace.c), the one trap.c selects by default. */
extern const struct trap_backend trap_ptrace_backend;

/* The stub executable (stub/stub.c), embedded as bytes by stub/embed.py. */
extern const unsigned char um_stub_blob[];
extern const size_t um_stub_blob_len;

#endif /* UM_OS_INTERNAL_H */
