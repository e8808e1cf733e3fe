/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl: the kernel's tunables and counters, one table entry per file
 * under /proc/sys (kernel/, vm/, fs/). An entry points at the variable the
 * subsystem really uses, so a write takes effect where the mechanism is
 * (pid_max in pid allocation, pipe-max-size in F_SETPIPE_SZ, ...). The
 * handlers parse and print as Linux's proc_dointvec() and friends do,
 * including their errors: a value that is not a number or is out of range
 * is EINVAL, and nothing changes.
 */
#ifndef KERNEL_SYSCTL_H
#define KERNEL_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctl_table;

/*
 * A handler reads (fills buf with at most *len bytes) or writes (buf holds
 * *len bytes and a NUL after them) at *pos. On return *len is the bytes
 * produced or consumed and *pos has moved by it.
 */
typedef int (*proc_handler)(const struct ctl_table *t, bool write, char *buf, size_t *len,
			    uint64_t *pos);

struct ctl_table {
	const char *name;	/* below /proc/sys, "kernel/hostname" */
	uint16_t mode;
	void *data;
	int maxlen;		/* bytes at data: a string's room, or a vector's size */
	proc_handler handler;
	const void *min, *max;	/* bounds for the _minmax handlers (NULL: none) */
};

/* Handlers, as Linux names them. Vectors are maxlen / sizeof(element) long. */
int proc_dointvec(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos);
int proc_dointvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len,
			 uint64_t *pos);
int proc_douintvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len,
			  uint64_t *pos);
int proc_doulongvec_minmax(const struct ctl_table *t, bool write, char *buf, size_t *len,
			   uint64_t *pos);
int proc_dostring(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos);

/* Handlers that live with their subsystems. */
int overcommit_ratio_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
			     uint64_t *pos);
int overcommit_kbytes_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
			      uint64_t *pos);
int drop_caches_handler(const struct ctl_table *t, bool write, char *buf, size_t *len,
			uint64_t *pos);
int proc_nr_files(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos);
int proc_dopipe_max_size(const struct ctl_table *t, bool write, char *buf, size_t *len,
			 uint64_t *pos);
int proc_dentry_state(const struct ctl_table *t, bool write, char *buf, size_t *len,
		      uint64_t *pos);
int proc_inode_nr(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos);
int proc_inode_state(const struct ctl_table *t, bool write, char *buf, size_t *len,
		     uint64_t *pos);
int proc_do_boot_id(const struct ctl_table *t, bool write, char *buf, size_t *len,
		    uint64_t *pos);
int proc_do_uuid(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos);

/* sysctl_find gives the entry named path ("kernel/pid_max"), or NULL. */
const struct ctl_table *sysctl_find(const char *path, size_t len);
/*
 * sysctl_next gives the entry after prev (NULL: the first) in name order;
 * /proc/sys lists directories from it.
 */
const struct ctl_table *sysctl_next(const struct ctl_table *prev);
/* sysctl_perm checks op (MAY_READ, MAY_WRITE) on an entry's mode as Linux does, root included. */
int sysctl_perm(const struct ctl_table *t, int op);
void sysctl_init(void);

/* Values the table reaches and that live nowhere else. */
extern int overflowuid, overflowgid, fs_overflowuid, fs_overflowgid;

#endif /* KERNEL_SYSCTL_H */
