// SPDX-License-Identifier: GPL-2.0-only
/*
 * execve, the part every program format shares: the arguments and
 * environment copied in, the file opened and checked, a #! script turned
 * into its interpreter's argv (at most 5 deep), the process made
 * single-threaded, the new credentials worked out, and what a successful
 * exec resets. Loading the program itself is the format's
 * (binfmt_elf.c); the old address space stays until nothing can fail any
 * more.
 *
 * Before the switch (exec_prepare_task): a process of several threads
 * becomes one (de_thread: the others are killed, the exec'ing thread takes
 * the leader's pid), and a handler table or fd table shared with another
 * process (CLONE_SIGHAND, CLONE_FILES) is copied, so that resetting
 * handlers and closing close-on-exec fds touches only this process.
 *
 * Privileges (exec_creds): a set-user-ID (set-group-ID with group execute)
 * file runs with its owner (group) as effective id, unless the caller set
 * no_new_privs (PR_SET_NO_NEW_PRIVS), the file is on a nosuid mount, or an
 * unprivileged caller shares its cwd/root with another process (CLONE_FS:
 * that process could swap the files under the new program). The saved
 * and filesystem ids follow the effective ones at every exec; AT_SECURE
 * tells the new program (and its dynamic linker) whether they differ from
 * the real ones. There are no file capabilities (no xattrs) to grant.
 */
#include <string.h>

#include "kernel/binfmts.h"
#include "kernel/err.h"
#include "kernel/exec.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/slab.h"
#include "uapi/elf.h"
#include "uapi/personality.h"

#define MAX_ARG_STRLEN	(128 * 1024)
#define MAX_ARG_TOTAL	(2 * 1024 * 1024)
/*
 * copy_strings_from_user copies the guest's NULL-terminated array of
 * string pointers at uvec (argv or envp; NULL is an empty one) into a new
 * NULL-terminated kernel array of kernel strings, *out, which the caller
 * frees with free_strings; on error nothing is left allocated.
 */
static int
copy_strings_from_user(uaddr_t uvec, char ***out, int *count, size_t *total)
{
	int n = 0;
	char **v = NULL;

	if (uaddr_is_null(uvec)) {
		*out = kzalloc(sizeof(char *));
		*count = 0;
		return *out ? 0 : -ENOMEM;
	}
	for (;;) {
		uint64_t p;
		char *s, *fit;
		int64_t len;
		char **nv;

		if (get_user(p, uaddr_add(uvec, (uint64_t)n * sizeof(p))))
			goto fault;
		if (!p)
			break;
		s = kmalloc(MAX_ARG_STRLEN);
		if (!s)
			goto nomem;
		len = strncpy_from_user(s, u64_to_uaddr(p), MAX_ARG_STRLEN);
		if (len < 0) {
			kfree(s);
			if (len == -ENAMETOOLONG)
				len = -E2BIG;
			for (int i = 0; i < n; i++)
				kfree(v[i]);
			kfree(v);
			return (int)len;
		}
		*total += (size_t)len + 1 + sizeof(char *);
		if (*total > MAX_ARG_TOTAL) {
			kfree(s);
			for (int i = 0; i < n; i++)
				kfree(v[i]);
			kfree(v);
			return -E2BIG;
		}
		nv = krealloc(v, (n + 2) * sizeof(char *));
		if (!nv) {
			kfree(s);
			goto nomem;
		}
		v = nv;
		/* Shrinking cannot really fail; if it did, keep the larger buffer. */
		fit = krealloc(s, len + 1);
		v[n++] = fit ? fit : s;
	}
	if (!v)
		v = kzalloc(sizeof(char *));
	if (!v)
		return -ENOMEM;
	v[n] = NULL;
	*out = v;
	*count = n;
	return 0;
fault:
	for (int i = 0; i < n; i++)
		kfree(v[i]);
	kfree(v);
	return -EFAULT;
nomem:
	for (int i = 0; i < n; i++)
		kfree(v[i]);
	kfree(v);
	return -ENOMEM;
}

static char **
dup_strings(const char *const *src, int *count, size_t *total)
{
	int n = 0;
	char **v;

	while (src && src[n])
		n++;
	v = kzalloc((n + 1) * sizeof(char *));
	if (!v)
		return NULL;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(src[i]);

		v[i] = kmalloc(len + 1);
		if (!v[i])
			return NULL;
		memcpy(v[i], src[i], len + 1);
		*total += len + 1 + sizeof(char *);
	}
	*count = n;
	return v;
}

static void
free_strings(char **v)
{
	for (int i = 0; v && v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

struct file *
open_exec(int dfd, const char *path, int flags)
{
	struct path p;
	struct file *f;
	int err = path_lookup(dfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW |
			      ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &p);

	if (err)
		return ERR_PTR(err);
	if (!S_ISREG(p.dentry->inode->mode)) {
		path_put(&p);
		return ERR_PTR(S_ISDIR(p.dentry->inode->mode) ? -EACCES : -EACCES);
	}
	if (p.mnt->flags & MNT_NOEXEC) {
		path_put(&p);
		return ERR_PTR(-EACCES);
	}
	err = inode_permission(p.dentry->inode, MAY_EXEC);
	if (err) {
		path_put(&p);
		return ERR_PTR(err);
	}
	f = open_path(&p, O_RDONLY);
	path_put(&p);
	return f;
}

/* prepare_script turns "#!interp [arg]" into a new argv. */
static int
prepare_script(struct linux_binprm *bp, int depth)
{
	char *line = bp->buf + 2, *end, *interp, *arg = NULL;
	char **nv;
	int n;

	(void)depth;
	end = memchr(line, '\n', sizeof(bp->buf) - 2);
	if (!end)
		end = bp->buf + sizeof(bp->buf) - 1;
	*end = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return -ENOEXEC;
	interp = line;
	while (*line && *line != ' ' && *line != '\t')
		line++;
	if (*line) {
		*line++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line) {
			arg = line;
			/* trailing blanks go */
			for (char *e = arg + strlen(arg); e > arg && (e[-1] == ' ' || e[-1] == '\t'); )
				*--e = '\0';
		}
	}
	/* argv: interp [arg] filename argv[1..] */
	n = bp->argc + 2 + (arg ? 1 : 0);
	nv = kzalloc((n + 1) * sizeof(char *));
	if (!nv)
		return -ENOMEM;
	n = 0;
	nv[n] = kmalloc(strlen(interp) + 1);
	strcpy(nv[n++], interp);
	if (arg) {
		nv[n] = kmalloc(strlen(arg) + 1);
		strcpy(nv[n++], arg);
	}
	nv[n] = kmalloc(strlen(bp->filename) + 1);
	strcpy(nv[n++], bp->filename);
	for (int i = 1; i < bp->argc; i++)
		nv[n++] = bp->argv[i];
	if (bp->argc > 0)
		kfree(bp->argv[0]);
	kfree(bp->argv);
	bp->argv = nv;
	bp->argc = n;
	bp->interp_script = nv[0];
	return 0;
}

/* group_single tells whether current is the only live thread of its process. */
static bool
group_single(void)
{
	struct list_head *h = &current->signal->threads;

	return h->next == &current->thread_node && h->prev == &current->thread_node;
}

/*
 * de_thread makes current the only thread of its process: the others get
 * SIGKILL and exit one by one (do_group_exit sees group_exec_task and ends
 * only its own thread), and a current that is not the leader takes the
 * leader's place: its pid, parent, children and start time; the old
 * leader, by then a zombie, is released. 0, or -EAGAIN when the whole
 * process is being killed (by exit_group or an exec in another thread).
 */
static int
de_thread(void)
{
	struct task *t = current, *leader = t->group_leader, *th, *c, *n;
	struct signal_struct *s = t->signal;
	int tid;

	if (group_single() && t == leader)
		return 0;
	if (s->group_exit || s->group_exec_task)
		return -EAGAIN;
	s->group_exec_task = t;
	list_for_each_entry(th, &s->threads, thread_node) {
		if (th != t) {
			sigqueue_kill(th);
			wake_up_process(th);
		}
	}
	/* Each exiting thread wakes us (do_exit); the leader must be a zombie. */
	while (!group_single() || (t != leader && leader->state != TASK_ZOMBIE)) {
		if (s->group_exit || (t->pending.signal & sigmask(SIGKILL))) {
			s->group_exec_task = NULL;
			return -EAGAIN;
		}
		t->state = TASK_UNINTERRUPTIBLE;
		schedule();
		t->state = TASK_RUNNING;
	}
	s->group_exec_task = NULL;
	if (t == leader)
		return 0;

	tid = t->pid;
	t->pid = leader->pid;
	leader->pid = tid;
	t->group_leader = t;
	t->parent = leader->parent;
	t->real_parent = leader->real_parent;
	t->exit_signal = SIGCHLD;
	t->start_time_ns = leader->start_time_ns;
	t->stop_sig = leader->stop_sig;
	t->stop_reported = leader->stop_reported;
	t->cont_reported = leader->cont_reported;
	list_add(&t->sibling, &leader->sibling);
	list_del(&leader->sibling);
	list_for_each_entry_safe(c, n, &leader->children, sibling) {
		list_del(&c->sibling);
		list_add_tail(&c->sibling, &t->children);
		c->parent = c->real_parent = t;
	}
	leader->exit_signal = -1;
	release_task(leader);
	return 0;
}

/*
 * exec_prepare_task leaves current alone in its process with handler and
 * fd tables of its own (see the top). It runs when the new program is
 * loaded, before the switch, so a failure still returns to the old one.
 */
int
exec_prepare_task(void)
{
	struct task *t = current;
	int err = de_thread();

	if (err)
		return err;
	err = unshare_sighand(t);
	if (err)
		return err;
	if (t->files->refcount > 1) {
		struct files_struct *nf = files_dup(t->files);

		if (!nf)
			return -ENOMEM;
		files_put(t->files);
		t->files = nf;
	}
	return 0;
}

/* exec_creds works out what the new program runs as (see the top). */
void
exec_creds(struct linux_binprm *bp)
{
	struct task *t = current;
	struct inode *inode = bp->file->inode;
	struct cred *c = &bp->cred;
	bool setid = false;

	*c = t->cred;
	if (!t->no_new_privs && !(bp->file->path.mnt && (bp->file->path.mnt->flags & MNT_NOSUID)) &&
	    !(t->fs->refcount > 1 && t->cred.euid != 0)) {
		if (inode->mode & S_ISUID) {
			c->euid = inode->uid;
			setid = true;
		}
		/* set-group-ID without group execute marks mandatory locking, not this */
		if ((inode->mode & (S_ISGID | 0010)) == (S_ISGID | 0010)) {
			c->egid = inode->gid;
			setid = true;
		}
	}
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	bp->secure = c->euid != c->uid || c->egid != c->gid;
	bp->per_clear = setid ? PER_CLEAR_ON_SETID : 0;
}

static int
do_execve_binprm(struct linux_binprm *bp, int dfd, const char *path, int flags)
{
	int err = 0;

	for (int depth = 0; depth < 5; depth++) {
		int64_t n;

		bp->file = open_exec(dfd, path, flags);
		if (IS_ERR(bp->file)) {
			err = (int)PTR_ERR(bp->file);
			bp->file = NULL;
			return err;
		}
		memset(bp->buf, 0, sizeof(bp->buf));
		n = kernel_read(bp->file, bp->buf, sizeof(bp->buf), 0);
		if (n < 0)
			return (int)n;
		if (n >= 4 && !memcmp(bp->buf, "\177ELF", 4)) {
			if ((size_t)n < sizeof(struct elf64_ehdr))
				return -ENOEXEC;
			return load_elf_binary(bp);
		}
		if (n >= 2 && bp->buf[0] == '#' && bp->buf[1] == '!') {
			err = prepare_script(bp, depth);
			if (err)
				return err;
			file_put(bp->file);
			bp->file = NULL;
			path = bp->interp_script;
			dfd = AT_FDCWD;
			flags = 0;
			continue;
		}
		return -ENOEXEC;
	}
	return -ELOOP;
}

/* exec_commit does what follows a successful exec: fds, signals, name. */
static void
exec_commit(const char *filename)
{
	struct task *t = current;
	const char *base = strrchr(filename, '/');

	files_close_on_exec(t->files);
	flush_signal_handlers(t);
	t->sas_sp = t->sas_size = 0;
	t->sas_flags = SS_DISABLE;
	base = base ? base + 1 : filename;
	memset(t->comm, 0, sizeof(t->comm));
	strncpy(t->comm, base, sizeof(t->comm) - 1);
	t->clear_child_tid = UADDR_NULL;
	t->robust_list = UADDR_NULL;
	if (t->vfork_parent) {
		t->vfork_parent->vfork_done = true;
		wake_up_process(t->vfork_parent);
		t->vfork_parent = NULL;
	}
}

/*
 * execve_run runs the program bp names, its strings copied in (or err says
 * why they are not), and frees everything bp holds: the one way out of
 * both execve forms.
 */
static int
execve_run(struct linux_binprm *bp, int err, int dfd, const char *path, int flags)
{
	if (!err)
		err = do_execve_binprm(bp, dfd, path, flags);
	if (!err)
		exec_commit(path);
	if (bp->file)
		file_put(bp->file);
	free_strings(bp->argv);
	free_strings(bp->envp);
	kfree(bp->filename);
	return err;
}

int
do_execve(const char *path, uaddr_t uargv, uaddr_t uenvp, int dfd, int flags)
{
	struct linux_binprm bp = { 0 };
	int err;

	bp.filename = kmalloc(strlen(path) + 1);
	if (!bp.filename)
		return -ENOMEM;
	strcpy(bp.filename, path);
	err = copy_strings_from_user(uargv, &bp.argv, &bp.argc, &bp.strings);
	if (!err)
		err = copy_strings_from_user(uenvp, &bp.envp, &bp.envc, &bp.strings);
	return execve_run(&bp, err, dfd, path, flags);
}

/* kernel_execve runs the first program from kernel strings (init). */
int
kernel_execve(const char *path, const char *const *argv, const char *const *envp)
{
	struct linux_binprm bp = { 0 };

	bp.filename = kmalloc(strlen(path) + 1);
	if (!bp.filename)
		return -ENOMEM;
	strcpy(bp.filename, path);
	bp.argv = dup_strings(argv, &bp.argc, &bp.strings);
	bp.envp = dup_strings(envp, &bp.envc, &bp.strings);
	return execve_run(&bp, bp.argv && bp.envp ? 0 : -ENOMEM, AT_FDCWD, path, 0);
}
