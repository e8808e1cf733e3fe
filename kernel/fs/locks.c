// SPDX-License-Identifier: GPL-2.0-only
/*
 * File locks: POSIX record locks (fcntl F_SETLK/F_SETLKW/F_GETLK, owned by
 * the process and released when it closes any fd of the file or exits),
 * open-file-description locks (F_OFD_*, owned by the open file) and BSD
 * flock() locks (whole file, owned by the open file, separate from record
 * locks as in Linux). Each inode keeps its locks in a list; waiters sleep
 * on the inode's lock queue. No deadlock detection.
 *
 * POSIX and OFD locks are one kind (they conflict with each other, as on
 * Linux) told apart by owner: a process's tgid, or an open file's
 * address, which can never equal a small tgid. A lock is kernel memory
 * on the inode's list, freed when unlocked, when its owner closes (see
 * file.c) or when the file goes; an inode with locks is held by the
 * files that made them, so the list never outlives its inode.
 */
#include <string.h>

#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/slab.h"
#include "kernel/wait.h"

enum lock_kind { LK_POSIX, LK_FLOCK };

struct file_lock {
	struct list_head node;
	enum lock_kind kind;
	uint64_t owner;		/* tgid (POSIX) or file address (OFD, flock) */
	int pid;		/* reported by F_GETLK */
	int type;		/* F_RDLCK or F_WRLCK */
	uint64_t start, end;	/* inclusive */
};

/* conflicts: a lock of another owner overlaps, and one of the two is a write lock. */
static bool
conflicts(const struct file_lock *a, enum lock_kind kind, uint64_t owner, int type,
	  uint64_t start, uint64_t end)
{
	return a->kind == kind && a->owner != owner && a->start <= end && start <= a->end &&
	       (a->type == F_WRLCK || type == F_WRLCK);
}

static struct file_lock *
find_conflict(struct inode *inode, enum lock_kind kind, uint64_t owner, int type,
	      uint64_t start, uint64_t end)
{
	struct file_lock *l;

	list_for_each_entry(l, &inode->i_locks, node)
		if (conflicts(l, kind, owner, type, start, end))
			return l;
	return NULL;
}

/* unlock_range removes owner's locks in [start, end], splitting where needed. */
static int
unlock_range(struct inode *inode, enum lock_kind kind, uint64_t owner, uint64_t start,
	     uint64_t end)
{
	struct file_lock *l, *n;

	list_for_each_entry_safe(l, n, &inode->i_locks, node) {
		if (l->kind != kind || l->owner != owner || l->end < start || l->start > end)
			continue;
		if (l->start < start && l->end > end) {
			struct file_lock *tail = kmalloc(sizeof(*tail));

			if (!tail)
				return -ENOLCK;
			*tail = *l;
			tail->start = end + 1;
			l->end = start - 1;
			list_add(&tail->node, &l->node);
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			list_del(&l->node);
			kfree(l);
		}
	}
	wake_up(&inode->i_lock_wait);
	return 0;
}

/*
 * set_lock takes [start, end] for owner, waiting while another owner's
 * lock conflicts (if wait). The owner's own locks in the range are
 * replaced, not merged: a range is whatever the last call said it is, as
 * POSIX wants (a read lock over part of a write lock downgrades that
 * part). Waiters re-check after every unlock on the inode.
 */
static int
set_lock(struct inode *inode, enum lock_kind kind, uint64_t owner, int type, uint64_t start,
	 uint64_t end, bool wait)
{
	struct file_lock *l;
	int err;

	if (type == F_UNLCK)
		return unlock_range(inode, kind, owner, start, end);
	while (find_conflict(inode, kind, owner, type, start, end)) {
		if (!wait)
			return kind == LK_FLOCK ? -EWOULDBLOCK : -EAGAIN;
		err = wait_event_interruptible(inode->i_lock_wait,
					       !find_conflict(inode, kind, owner, type, start, end));
		if (err)
			return err;
	}
	l = kzalloc(sizeof(*l));
	if (!l)
		return -ENOLCK;
	err = unlock_range(inode, kind, owner, start, end);
	if (err) {
		kfree(l);
		return err;
	}
	l->kind = kind;
	l->owner = owner;
	l->pid = current->tgid;
	l->type = type;
	l->start = start;
	l->end = end;
	list_add_tail(&l->node, &inode->i_locks);
	return 0;
}

/* flock_range turns an flock's whence/start/len into an inclusive range. */
static int
flock_range(struct file *f, const struct flock64 *fl, uint64_t *start, uint64_t *end)
{
	int64_t base, s, e;

	if (!seek_base(f, fl->l_whence, f->inode->size, &base))
		return -EINVAL;
	s = base + fl->l_start;
	if (fl->l_len > 0) {
		e = s + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		e = s - 1;
		s += fl->l_len;
	} else {
		e = INT64_MAX;
	}
	if (s < 0 || e < s)
		return -EINVAL;
	*start = (uint64_t)s;
	*end = (uint64_t)e;
	return 0;
}

/*
 * fcntl_lock: F_GETLK reports the first conflicting lock (an OFD lock's
 * pid is -1, as on Linux); a lock needs the file open for the matching
 * access (EBADF otherwise).
 */
int
fcntl_lock(struct file *f, unsigned int cmd, uaddr_t arg, bool ofd)
{
	struct flock64 fl;
	uint64_t start, end, owner = ofd ? (uint64_t)(uintptr_t)f : (uint64_t)current->tgid;
	struct file_lock *l;
	int err;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	err = flock_range(f, &fl, &start, &end);
	if (err)
		return err;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (fl.l_type == F_UNLCK)
			return -EINVAL;
		l = find_conflict(f->inode, LK_POSIX, owner, fl.l_type, start, end);
		if (!l) {
			fl.l_type = F_UNLCK;
		} else {
			fl.l_type = (int16_t)l->type;
			fl.l_whence = SEEK_SET;
			fl.l_start = (int64_t)l->start;
			fl.l_len = l->end == INT64_MAX ? 0 : (int64_t)(l->end - l->start + 1);
			fl.l_pid = ofd ? -1 : l->pid;
		}
		return copy_to_user(arg, &fl, sizeof(fl));
	}
	if ((fl.l_type == F_RDLCK && (f->flags & O_ACCMODE) == O_WRONLY) ||
	    (fl.l_type == F_WRLCK && (f->flags & O_ACCMODE) == O_RDONLY))
		return -EBADF;
	return set_lock(f->inode, LK_POSIX, owner, fl.l_type, start, end,
			cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* flock_lock: flock(2) locks the whole file, owned by the open file (shared by dup and fork). */
int
flock_lock(struct file *f, int op)
{
	int type;

	switch (op & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	return set_lock(f->inode, LK_FLOCK, (uint64_t)(uintptr_t)f, type, 0, INT64_MAX,
			!(op & LOCK_NB));
}

void
locks_remove_posix(struct inode *inode, int tgid)
{
	if (inode && !list_empty(&inode->i_locks))
		unlock_range(inode, LK_POSIX, (uint64_t)tgid, 0, UINT64_MAX);
}

void
locks_remove_file(struct file *f)
{
	struct inode *inode = f->inode;

	if (!inode || list_empty(&inode->i_locks))
		return;
	unlock_range(inode, LK_POSIX, (uint64_t)(uintptr_t)f, 0, UINT64_MAX);
	unlock_range(inode, LK_FLOCK, (uint64_t)(uintptr_t)f, 0, UINT64_MAX);
}
