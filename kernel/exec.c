// SPDX-License-Identifier: GPL-2.0-only
/*
 * execve: load an ELF program (static or with an interpreter, ET_EXEC or
 * PIE) or a #! script into a fresh address space, build the initial stack
 * (argv, envp, auxv; shared/docs/x86_64-abi.md §2-3) and set the
 * registers. The old address space stays until nothing can fail any more.
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
#include "os.h"
#include "uapi/elf.h"
#include "uapi/personality.h"

#define MAX_ARG_STRLEN	(128 * 1024)
#define MAX_ARG_TOTAL	(2 * 1024 * 1024)
#define STACK_TOP	(TASK_SIZE - 0x100000)
#define ELF_ET_DYN_BASE	0x555555554000ULL
#define INTERP_BASE	0x7ffff7fc0000ULL

/* A program and its arguments while execve builds the new image. */
struct linux_binprm {
	struct file *file;
	char buf[256];			/* first bytes of the file */
	char *filename;			/* as given (AT_EXECFN) */
	char *interp_script;		/* #! interpreter, if any */
	char **argv, **envp;		/* kernel copies */
	int argc, envc;
	size_t strings;			/* bytes of all strings */
	struct cred cred;		/* what the new program runs as (exec_creds) */
	bool secure;			/* AT_SECURE: effective ids differ from real ones */
	uint32_t per_clear;		/* personality flags a set-id exec clears */
};

struct loaded {
	uint64_t bias, entry, phdr, phnum, brk, start_code, end_code, start_data, end_data;
};

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

static struct file *
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

static int
prot_of(uint32_t pflags)
{
	return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
	       ((pflags & PF_X) ? PROT_EXEC : 0);
}

/* load_elf maps file's PT_LOAD segments into mm at bias (chosen here for ET_DYN). */
static int
load_elf(struct mm_struct *mm, struct file *file, const struct elf64_ehdr *eh,
	 bool interp, struct loaded *out, char *interp_path)
{
	struct elf64_phdr *ph;
	size_t phsize;
	uint64_t lo = UINT64_MAX, hi = 0, bias = 0;
	int err = 0;

	if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != ELFCLASS64 ||
	    eh->ident[5] != ELFDATA2LSB || eh->machine != EM_X86_64 ||
	    (eh->type != ET_EXEC && eh->type != ET_DYN) || eh->phentsize != sizeof(*ph) ||
	    eh->phnum == 0 || eh->phnum > 128)
		return -ENOEXEC;
	phsize = eh->phnum * sizeof(*ph);
	ph = kmalloc(phsize);
	if (!ph)
		return -ENOMEM;
	if (kernel_read(file, ph, phsize, eh->phoff) != (int64_t)phsize) {
		kfree(ph);
		return -ENOEXEC;
	}
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_LOAD) {
			if (ph[i].vaddr < lo)
				lo = ph[i].vaddr;
			if (ph[i].vaddr + ph[i].memsz > hi)
				hi = ph[i].vaddr + ph[i].memsz;
			if (ph[i].filesz > ph[i].memsz)
				err = -ENOEXEC;
		} else if (ph[i].type == PT_INTERP && interp_path && !interp) {
			if (ph[i].filesz < 2 || ph[i].filesz > PATH_MAX ||
			    kernel_read(file, interp_path, ph[i].filesz, ph[i].offset) !=
				    (int64_t)ph[i].filesz ||
			    interp_path[ph[i].filesz - 1]) {
				err = -ENOEXEC;
			}
		}
	}
	if (err || lo == UINT64_MAX || hi > TASK_SIZE) {
		kfree(ph);
		return err ? err : -ENOEXEC;
	}
	lo &= PAGE_MASK;
	if (eh->type == ET_DYN)
		bias = (interp ? INTERP_BASE : (interp_path && *interp_path ? ELF_ET_DYN_BASE : INTERP_BASE)) - lo;
	out->bias = bias;
	out->entry = eh->entry + bias;
	out->phnum = eh->phnum;
	out->phdr = 0;
	out->brk = 0;
	out->start_code = UINT64_MAX;
	for (int i = 0; i < eh->phnum; i++) {
		struct elf64_phdr *p = &ph[i];
		uint64_t start, fend, mend, off;
		int prot;
		int64_t r;

		if (p->type == PT_PHDR)
			out->phdr = p->vaddr + bias;
		if (p->type != PT_LOAD)
			continue;
		if ((p->vaddr & ~PAGE_MASK) != (p->offset & ~PAGE_MASK)) {
			err = -ENOEXEC;
			break;
		}
		prot = prot_of(p->flags);
		start = (p->vaddr + bias) & PAGE_MASK;
		off = p->offset & PAGE_MASK;
		fend = p->vaddr + bias + p->filesz;
		mend = p->vaddr + bias + p->memsz;
		if (p->filesz) {
			/*
			 * Only a segment with bss after its file bytes needs the rest of
			 * its last file page zeroed, and so writable for a moment (a
			 * read-only one mapped writable would be charged to
			 * Committed_AS, which Linux does not do).
			 */
			bool zero_tail = (fend & ~PAGE_MASK) && mend > fend;

			r = do_mmap(mm, start, PAGE_ALIGN(fend) - start,
				    prot | (zero_tail ? PROT_WRITE : 0), MAP_PRIVATE | MAP_FIXED,
				    file, off);
			if (r < 0) {
				err = (int)r;
				break;
			}
			if (zero_tail) {
				size_t n = PAGE_SIZE - (fend & ~PAGE_MASK);

				err = copy_to_mm(mm, u64_to_uaddr(fend), NULL, n);
				if (err)
					break;
				if (!(prot & PROT_WRITE))
					do_mprotect(mm, start, PAGE_ALIGN(fend) - start, prot);
			}
		}
		if (PAGE_ALIGN(mend) > PAGE_ALIGN(fend)) {
			r = do_mmap(mm, PAGE_ALIGN(fend), PAGE_ALIGN(mend) - PAGE_ALIGN(fend), prot,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
			if (r < 0) {
				err = (int)r;
				break;
			}
		}
		if (!out->phdr && p->offset <= eh->phoff && eh->phoff < p->offset + p->filesz)
			out->phdr = p->vaddr + bias + (eh->phoff - p->offset);
		if (mend > out->brk)
			out->brk = mend;
		if (p->flags & PF_X) {
			if (start < out->start_code)
				out->start_code = start;
			if (fend > out->end_code)
				out->end_code = fend;
		} else {
			if (!out->start_data)
				out->start_data = p->vaddr + bias;
			out->end_data = fend;
		}
	}
	kfree(ph);
	return err;
}

/*
 * push_strings copies n strings to the new stack at *strp onwards, records
 * their addresses in ptrs from *i, and ends the list with a NULL.
 */
static int
push_strings(struct mm_struct *mm, char **v, int n, uint64_t *ptrs, int *i, uint64_t *strp)
{
	for (int k = 0; k < n; k++) {
		size_t len = strlen(v[k]) + 1;

		ptrs[(*i)++] = *strp;
		if (copy_to_mm(mm, u64_to_uaddr(*strp), v[k], len))
			return -EFAULT;
		*strp += len;
	}
	ptrs[(*i)++] = 0;
	return 0;
}

/* push_stack builds argv/envp/auxv at the top of the new stack; returns rsp. */
static int64_t
setup_stack(struct mm_struct *mm, struct linux_binprm *bp, struct loaded *exe,
	    struct loaded *in, bool has_interp)
{
	uint64_t top = STACK_TOP, sp, strp, random_at, platform_at, execfn_at;
	uint64_t *auxv = mm->auxv, *ptrs;
	int naux = 0, nptrs, i;
	int64_t r;
	uint8_t rnd[16];
	size_t len;

	r = do_mmap(mm, top - (128 * 1024), 128 * 1024, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, NULL, 0);
	if (r < 0)
		return r;
	find_vma(mm, top - 1)->name = "[stack]";
	mm->start_stack = top;
	sp = top - 8;	/* the end marker */
	/* Strings: execfn highest, then envp, then argv. */
	len = strlen(bp->filename) + 1;
	sp -= len;
	execfn_at = sp;
	if (copy_to_mm(mm, u64_to_uaddr(sp), bp->filename, len))
		return -EFAULT;
	strp = sp;
	for (i = bp->envc - 1; i >= 0; i--)
		strp -= strlen(bp->envp[i]) + 1;
	mm->env_start = strp;
	mm->env_end = sp;
	for (i = bp->argc - 1; i >= 0; i--)
		strp -= strlen(bp->argv[i]) + 1;
	mm->arg_start = strp;
	mm->arg_end = mm->env_start;
	sp = strp;
	sp -= 7;
	platform_at = sp;
	if (copy_to_mm(mm, u64_to_uaddr(sp), "x86_64", 7))
		return -EFAULT;
	sp -= 16;
	random_at = sp;
	os_getrandom(rnd, sizeof(rnd));
	if (copy_to_mm(mm, u64_to_uaddr(sp), rnd, 16))
		return -EFAULT;

#define AUX(t, v) do { auxv[naux++] = (t); auxv[naux++] = (v); } while (0)
	AUX(AT_MINSIGSTKSZ, 440 + trap_fpu_size() + 4 + 64 + 128);
	AUX(AT_HWCAP, 0x178bfbff);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, exe->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, exe->phnum);
	AUX(AT_BASE, has_interp ? in->bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, exe->entry);
	AUX(AT_UID, bp->cred.uid);
	AUX(AT_EUID, bp->cred.euid);
	AUX(AT_GID, bp->cred.gid);
	AUX(AT_EGID, bp->cred.egid);
	AUX(AT_SECURE, bp->secure);
	AUX(AT_RANDOM, random_at);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn_at);
	AUX(AT_PLATFORM, platform_at);
	AUX(AT_NULL, 0);
#undef AUX
	nptrs = 1 + bp->argc + 1 + bp->envc + 1 + naux;
	sp = (sp - nptrs * 8) & ~UINT64_C(15);
	ptrs = kmalloc(nptrs * 8);
	if (!ptrs)
		return -ENOMEM;
	i = 0;
	ptrs[i++] = (uint64_t)bp->argc;
	strp = mm->arg_start;
	if (push_strings(mm, bp->argv, bp->argc, ptrs, &i, &strp) ||
	    push_strings(mm, bp->envp, bp->envc, ptrs, &i, &strp))
		goto fault;
	memcpy(&ptrs[i], auxv, naux * 8);
	if (copy_to_mm(mm, u64_to_uaddr(sp), ptrs, nptrs * 8))
		goto fault;
	kfree(ptrs);
	return (int64_t)sp;
fault:
	kfree(ptrs);
	return -EFAULT;
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
static int
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
static void
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
exec_binprm(struct linux_binprm *bp)
{
	struct mm_struct *mm, *old;
	struct elf64_ehdr eh, ieh;
	struct loaded exe = { 0 }, in = { 0 };
	char *interp_path;
	struct file *interp = NULL;
	int64_t sp;
	bool steal;
	int err;

	memcpy(&eh, bp->buf, sizeof(eh));
	interp_path = kzalloc(PATH_MAX + 1);
	if (!interp_path)
		return -ENOMEM;
	/*
	 * The new image is built without a host process. If nobody else uses
	 * the old address space, its host process is reused at the point of
	 * no return (one process creation less per fork+exec).
	 */
	mm = mm_alloc_noctx();
	if (!mm) {
		kfree(interp_path);
		return -ENOMEM;
	}
	steal = current->mm && current->mm->users == 1 && current->mm->ctx;
	if (!steal && (err = mm_attach_ctx(mm))) {
		mm_put(mm);
		kfree(interp_path);
		return err;
	}
	err = load_elf(mm, bp->file, &eh, false, &exe, interp_path);
	if (!err && *interp_path) {
		interp = open_exec(AT_FDCWD, interp_path, 0);
		if (IS_ERR(interp)) {
			err = (int)PTR_ERR(interp);
			interp = NULL;
		} else if (kernel_read(interp, &ieh, sizeof(ieh), 0) != sizeof(ieh)) {
			err = -ELIBBAD;
		} else {
			err = load_elf(mm, interp, &ieh, true, &in, NULL);
			if (err == -ENOEXEC)
				err = -ELIBBAD;
		}
	}
	if (!err)
		err = exec_prepare_task();
	if (err)
		goto fail;
	exec_creds(bp);
	/* Point of no return: switch to the new mm. */
	mm->start_code = exe.start_code;
	mm->end_code = exe.end_code;
	mm->start_data = exe.start_data;
	mm->end_data = exe.end_data;
	mm->start_brk = mm->brk = PAGE_ALIGN(exe.brk);
	mm->exe_file = bp->file;
	file_get(bp->file);
	sp = setup_stack(mm, bp, &exe, &in, interp != NULL);
	if (sp < 0) {
		err = (int)sp;
		goto fail;
	}
	old = current->mm;
	if (steal) {
		mm->ctx = old->ctx;
		old->ctx = NULL;
		host_munmap(mm->ctx, 0, TASK_SIZE);
	}
	current->mm = mm;
	mm_put(old);
	current->cred = bp->cred;
	current->personality &= ~(bp->per_clear | READ_IMPLIES_EXEC);	/* a 64-bit program */
	memset(&current->uc.regs, 0, sizeof(current->uc.regs));
	current->uc.regs.rsp = (uint64_t)sp;
	current->uc.regs.rip = interp ? in.entry : exe.entry;
	trap_uc_init(&current->uc, current->uc.regs.rip, (uint64_t)sp);
	current->uc.flags &= ~(UC_FPU_VALID);
	if (steal && !current->uc.fpu && trap_fpu_size())
		current->uc.fpu = kzalloc(trap_fpu_size());
	if (current->uc.fpu && trap_fpu_size()) {
		/* A fresh program starts with a clean FPU: x87 CW 0x37f, MXCSR 0x1f80. */
		uint8_t *img = current->uc.fpu;
		uint16_t cw = 0x37f;
		uint32_t mxcsr = 0x1f80;

		memset(img, 0, trap_fpu_size());
		memcpy(img, &cw, 2);
		memcpy(img + 24, &mxcsr, 4);
		img[512] = 3;	/* xstate_bv: x87 | SSE */
		current->uc.flags |= UC_FPU_DIRTY | UC_FPU_VALID;
	}
	if (interp)
		file_put(interp);
	kfree(interp_path);
	return 0;
fail:
	if (interp)
		file_put(interp);
	mm_put(mm);
	kfree(interp_path);
	return err;
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
			return exec_binprm(bp);
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
	if (!err)
		err = do_execve_binprm(&bp, dfd, path, flags);
	if (!err)
		exec_commit(path);
	if (bp.file)
		file_put(bp.file);
	free_strings(bp.argv);
	free_strings(bp.envp);
	kfree(bp.filename);
	return err;
}

/* kernel_execve runs the first program from kernel strings (init). */
int
kernel_execve(const char *path, const char *const *argv, const char *const *envp)
{
	struct linux_binprm bp = { 0 };
	int err;

	bp.filename = kmalloc(strlen(path) + 1);
	if (!bp.filename)
		return -ENOMEM;
	strcpy(bp.filename, path);
	bp.argv = dup_strings(argv, &bp.argc, &bp.strings);
	bp.envp = dup_strings(envp, &bp.envc, &bp.strings);
	if (!bp.argv || !bp.envp)
		err = -ENOMEM;
	else
		err = do_execve_binprm(&bp, AT_FDCWD, path, 0);
	if (!err)
		exec_commit(path);
	if (bp.file)
		file_put(bp.file);
	free_strings(bp.argv);
	free_strings(bp.envp);
	kfree(bp.filename);
	return err;
}
