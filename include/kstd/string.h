/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's <string.h>. Kernel code is compiled with -nostdinc: the
 * only system headers it can reach are the compiler's freestanding ones
 * (stddef.h, stdint.h, stdbool.h, stdarg.h) and this file, so that a host
 * header included by mistake is a compile error, not a quiet dependency on
 * the host (docs/architecture.md, "The host boundary"). These are the C
 * library's functions, with the C library's declarations: the compiler
 * inlines most of them, and the rest are the host libc's at link time,
 * pure functions of their arguments that need no host state.
 */
#ifndef KSTD_STRING_H
#define KSTD_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strpbrk(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
size_t strspn(const char *s, const char *accept);

#endif /* KSTD_STRING_H */
