/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI: mmap(2), mprotect(2), mremap(2) and madvise(2) values of x86_64 Linux. */
#ifndef UAPI_MMAN_H
#define UAPI_MMAN_H

#define PROT_NONE	0
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2

#define MADV_DONTNEED	4

/* msync(2) flags. */
#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

#endif /* UAPI_MMAN_H */
