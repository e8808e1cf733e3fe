/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's <stdint.h> (see string.h here): the compiler's own
 * definitions. GCC's stdint.h would look for the C library's in a hosted
 * compile, which -nostdinc leaves it none of, so this takes the
 * freestanding ones directly.
 */
#ifndef KSTD_STDINT_H
#define KSTD_STDINT_H

#include "stdint-gcc.h"

#endif /* KSTD_STDINT_H */
