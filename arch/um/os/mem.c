// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, memory: the host heap behind kmalloc, anonymous mappings for
 * kernel stacks, and physmem, the guest's RAM. Physmem is one memfd of mem=
 * bytes mapped once MAP_SHARED here (the kernel's "direct map": guest
 * physical address P is at base + P); the trap backend maps pieces of the
 * same memfd into guest children, so both sides see the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "os.h"

static int physmem_fd = -1;
static void *physmem_base;
static size_t physmem_size;

void *
os_malloc(size_t size)
{
	return malloc(size);
}

void *
os_realloc(void *p, size_t size)
{
	return realloc(p, size);
}

void
os_free(void *p)
{
	free(p);
}

void *
os_map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int
os_unmap(void *p, size_t size)
{
	return munmap(p, size) < 0 ? -errno : 0;
}

int
os_protect_none(void *p, size_t size)
{
	return mprotect(p, size, PROT_NONE) < 0 ? -errno : 0;
}

int
os_physmem_create(size_t size, void **base)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p;
	int fd, err;

	if (physmem_fd >= 0)
		return -EBUSY;
	if (size == 0)
		return -EINVAL;
	size = (size + page - 1) & ~(page - 1);
	fd = memfd_create("umk-physmem", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0)
		goto out_errno;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto out_errno;
	physmem_fd = fd;
	physmem_base = p;
	physmem_size = size;
	*base = p;
	return 0;

out_errno:
	err = -errno;
	close(fd);
	return err;
}

void *
os_physmem_base(void)
{
	return physmem_base;
}

size_t
os_physmem_size(void)
{
	return physmem_size;
}

int
os_physmem_fd(void)
{
	return physmem_fd;
}

int
os_physmem_discard(uint64_t off, uint64_t len)
{
	if (physmem_fd < 0 || off > physmem_size || len > physmem_size - off)
		return -EINVAL;
	if (fallocate(physmem_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)off, (off_t)len) < 0)
		return -errno;
	return 0;
}

void
os_physmem_destroy(void)
{
	if (physmem_fd < 0)
		return;
	munmap(physmem_base, physmem_size);
	close(physmem_fd);
	physmem_fd = -1;
	physmem_base = NULL;
	physmem_size = 0;
}
