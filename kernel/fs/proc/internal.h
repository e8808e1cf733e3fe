/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of procfs share: the tables that describe its
 * directories, the private data of its inodes, and the functions each
 * part gives the others (generic.c: the machinery; root.c: /proc itself;
 * base.c: /proc/<pid>; proc_sysctl.c: /proc/sys).
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dir_context;
struct inode;
struct super_block;
struct task;

/*
 * An entry of a synthetic directory; a table of them ends with a NULL
 * name. Exactly one of the operations says what the entry is.
 */
struct pentry {
	const char *name;
	uint32_t mode;
	/* a regular file about one process, generated at open */
	size_t (*gen)(struct task *t, char *buf, size_t size);
	/* a regular file about the whole system, generated at open */
	size_t (*show)(char *buf, size_t size);
	const struct pentry *dir;	/* a subdirectory's table */
	int (*link)(struct task *t, char *buf, size_t size);	/* a symlink's target */
	struct inode *(*make)(void);	/* a subtree with inodes of its own (/proc/sys) */
};

/* What a procfs inode stands for. */
enum pnode_kind {
	PROC_ENTRY,		/* a table entry (e) */
	PROC_ROOT,		/* /proc */
	PROC_PID,		/* /proc/<pid> */
	PROC_FD_DIR,		/* /proc/<pid>/fd */
	PROC_FD_LINK,		/* /proc/<pid>/fd/<fd> */
	PROC_SELF,		/* /proc/self */
	PROC_THREAD_SELF,	/* /proc/thread-self */
};

/* A procfs inode's private data, freed with the inode. */
struct pnode {
	const struct pentry *e;		/* PROC_ENTRY and PROC_FD_DIR: the entry */
	int pid;			/* the process it is about; 0: none */
	enum pnode_kind kind;
	int fd;				/* PROC_FD_LINK */
};

extern struct super_block *proc_sb;

/* generic.c */
/* proc_inode makes an inode for pn with mode (S_IFREG if no type); NULL when memory is out. */
struct inode *proc_inode(uint32_t mode, struct pnode pn);
/* pnode_task finds the task pn is about again (it may have ended): NULL if none. */
struct task *pnode_task(const struct pnode *pn);
/* proc_emit passes entry *i to a readdir (if at or past its position) and counts it; false when full. */
bool proc_emit(struct dir_context *ctx, uint64_t *i, const char *name, uint64_t ino, unsigned type);
/* proc_parse_num reads a name that is a decimal number (a pid, an fd); -1 if it is not one. */
int proc_parse_num(const char *s, size_t len);

/* root.c */
extern const struct pentry proc_root_entries[];
/* proc_root_lookup finds the root's names that are in no table: self, thread-self, pids. */
int proc_root_lookup(const char *name, size_t len, struct inode **out);
/* proc_root_iterate lists them; false when the reader's buffer is full. */
bool proc_root_iterate(struct dir_context *ctx, uint64_t *i);
/* proc_self_readlink is the target of /proc/self or /proc/thread-self. */
int proc_self_readlink(const struct pnode *pn, char *buf, size_t size);

/* base.c */
extern const struct pentry proc_pid_entries[];
/* The fd directory of a process: its names, their listing, their targets. */
int proc_fd_lookup(const struct pnode *dir, const char *name, size_t len, struct inode **out);
void proc_fd_iterate(const struct pnode *dir, struct dir_context *ctx, uint64_t *i);
int proc_fd_readlink(const struct pnode *pn, char *buf, size_t size);

/* proc_sysctl.c: proc_sys_root makes the inode of /proc/sys. */
struct inode *proc_sys_root(void);

#endif /* KERNEL_FS_PROC_INTERNAL_H */
