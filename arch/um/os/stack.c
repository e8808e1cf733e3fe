// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, kernel stacks: the memory behind each task's coroutine stack,
 * and what the sanitizers must be told about it.
 *
 * A kernel stack is an anonymous mapping whose lowest page is inaccessible
 * (a guard page: an overflow faults instead of overwriting the heap).
 *
 * In the sanitized kernel (`linux-asan`, built with -fsanitize=address)
 * ASan keeps a shadow byte per 8 bytes of every stack frame (red zones
 * around locals are poisoned while the frame is live) and believes a thread
 * has one stack. The scheduler switches stacks behind its back, so:
 *   - every switch is announced (__sanitizer_start_switch_fiber) and
 *     completed on the new stack (__sanitizer_finish_switch_fiber), so ASan
 *     knows the bounds of the stack it runs on when it reports, unwinds or
 *     unpoisons on a noreturn call;
 *   - a switch away from a task that will never run again passes no save
 *     slot, so ASan drops that stack's fake frames;
 *   - a freed stack's shadow is cleared before the memory goes back to the
 *     host: a later mapping at the same address must not inherit the red
 *     zones of the frames that were live when its task died.
 * Without ASan these are no-ops and cost nothing.
 */
#include <stddef.h>
#include <sys/mman.h>

#include "os.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define UMK_ASAN 1
#else
#define UMK_ASAN 0
#endif

#define GUARD_SIZE	4096

void *
os_stack_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p, GUARD_SIZE, PROT_NONE) < 0) {
		munmap(p, size);
		return NULL;
	}
	return p;
}

void
os_stack_free(void *p, size_t size)
{
	if (!p)
		return;
#if UMK_ASAN
	/* The guard page has no frames; its shadow was never written. */
	__asan_unpoison_memory_region((char *)p + GUARD_SIZE, size - GUARD_SIZE);
#endif
	munmap(p, size);
}

void
os_stack_switch_begin(void **fake_save, const void *bottom, size_t size)
{
#if UMK_ASAN
	__sanitizer_start_switch_fiber(fake_save, bottom, size);
#else
	(void)fake_save, (void)bottom, (void)size;
#endif
}

void
os_stack_switch_end(void *fake_save, const void **old_bottom, size_t *old_size)
{
#if UMK_ASAN
	__sanitizer_finish_switch_fiber(fake_save, old_bottom, old_size);
#else
	(void)fake_save;
	if (old_bottom)
		*old_bottom = NULL;
	if (old_size)
		*old_size = 0;
#endif
}

#if UMK_ASAN
/*
 * The sanitized kernel's defaults (ASAN_OPTIONS in the environment still
 * wins). kmalloc failing is a normal event the kernel handles (-ENOMEM; a
 * hostile guest asks for absurd sizes), so the allocator returns NULL as
 * glibc's would instead of reporting. No leak check: the kernel ends with
 * _exit at power-off, and objects that live as long as the machine are not
 * leaks.
 */
/* UBSan's runtime looks this up, but no sanitizer header declares it. */
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1:detect_leaks=0:halt_on_error=1:"
	       "print_summary=1:handle_abort=1";
}

const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}
#endif
