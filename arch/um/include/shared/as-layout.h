/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The layout of a guest address space in its host process (see trap.h and
 * arch/um/os/stub/stub_data.h): guest mappings below TRAP_USER_TOP, the
 * stub's code and data right above it, nothing higher.
 */
#ifndef UM_SHARED_AS_LAYOUT_H
#define UM_SHARED_AS_LAYOUT_H

/* Guest mappings must end at or below this address (the stub lives above). */
#define TRAP_USER_TOP	0x7ffffff00000ULL

#endif /* UM_SHARED_AS_LAYOUT_H */
