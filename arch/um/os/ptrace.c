// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, the PTRACE_SYSEMU trap backend ("ptrace"). One guest address
 * space = one host child running the stub (stub/stub.c), traced by the kernel
 * thread. Guest code runs under PTRACE_SYSEMU, so every guest syscall stops
 * the child before the host executes it, and is never executed by the host.
 *
 * Life of a child:
 *   spawn      clone(CLONE_VM|CLONE_VFORK) -> in the child: keep physmem (fd 3)
 *              and a fresh data memfd (fd 4), close everything else, turn
 *              ASLR off (so the host stack cannot sit on STUB_START), and
 *              execveat() the sealed stub memfd. The stub settles and stops
 *              itself with SIGSTOP under PTRACE_TRACEME; we set
 *              PTRACE_O_TRACESYSGOOD|PTRACE_O_EXITKILL.
 *   mm ops     host_mmap/munmap/mprotect append records to the data area that
 *              both sides map (coalescing a record that extends the last
 *              one). A flush points rip at STUB_BATCH and rsp at the stub
 *              stack, PTRACE_CONTs, and waits for the stub's int3.
 *   run        SETREGS only if uc->regs differ from what the child holds,
 *              PTRACE_SYSEMU, waitpid(__WALL), GETREGS, classify the stop.
 *              orig_rax is always written as -1, so the host never applies
 *              its own syscall-restart logic to a guest register file.
 *   preempt    the tick (time.c) interrupts our waitpid with EINTR; we send
 *              KICK_SIGNAL to the child, which stops it; that stop is
 *              reported as TRAP_PREEMPTED and suppressed. If the child
 *              stopped for another reason first, the kick is still pending
 *              and makes the next run return TRAP_PREEMPTED at once.
 *   destroy    SIGKILL + waitpid until reaped; unmap the data area.
 *   fatal      a signal that ends the kernel process: its handler calls
 *              ptrace_kill_all(), which kills and reaps every child still on
 *              the live list, so no stub outlives the kernel (EXITKILL alone
 *              leaves the reaping to whoever inherits them, and misses a
 *              child that has not reached PTRACE_SETOPTIONS yet).
 *
 * Every call must come from the thread that created the child (ptrace
 * binds a tracee to its tracer thread), and SIGCHLD must not be SIG_IGN.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "os.h"
#include "trap.h"
#include "stub/stub_data.h"

#ifndef MFD_EXEC
#define MFD_EXEC	0x0010U
#endif
#ifndef NT_X86_XSTATE
#define NT_X86_XSTATE	0x202
#endif
#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU	31
#endif

#define KICK_SIGNAL	SIGALRM
#define SYSCALL_STOP	(SIGTRAP | 0x80)
#define PAGE_MASK_LOW	0xfffULL

_Static_assert(sizeof(struct user_regs_struct) == sizeof(struct uc_regs),
	       "uc_regs mirrors user_regs_struct");
_Static_assert(offsetof(struct user_regs_struct, orig_rax) == offsetof(struct uc_regs, orig_rax) &&
	       offsetof(struct user_regs_struct, rip) == offsetof(struct uc_regs, rip) &&
	       offsetof(struct user_regs_struct, fs_base) == offsetof(struct uc_regs, fs_base) &&
	       offsetof(struct user_regs_struct, gs) == offsetof(struct uc_regs, gs),
	       "uc_regs field order");
_Static_assert(STUB_START == TRAP_USER_TOP, "the stub sits right above guest space");
_Static_assert(sizeof(siginfo_t) == sizeof(((struct trap_info *)0)->siginfo), "siginfo size");

struct mm_ctx {
	pid_t pid;
	struct mm_ctx *live_next;	/* the live list, see live_add() */
	struct mm_ctx **live_pprev;
	bool dead;			/* reaped; status in exit_status */
	int exit_status;
	struct stub_data *data;		/* our mapping of the child's data area */
	uint32_t nops;			/* queued records in data->ops */
	bool shadow_valid;		/* shadow = registers the child holds now */
	struct user_regs_struct shadow;
	struct user_regs_struct stub_regs;	/* segments etc. for stub batches */
};

static int stub_fd = -1;		/* sealed memfd holding the stub executable */
static size_t xstate_size;		/* exact NT_X86_XSTATE regset size, 0 if unknown */

/*
 * Every child not yet reaped. A signal handler walks the list forward while
 * the kernel thread may be changing it, so each change becomes visible to
 * that walk in one store (the next pointer that links a child in or out),
 * with compiler barriers around it; the handler only reads.
 */
static struct mm_ctx *live_head;

/* live_add links ctx at the head; the handler sees it once live_head points at it. */
static void
live_add(struct mm_ctx *ctx)
{
	ctx->live_next = live_head;
	ctx->live_pprev = &live_head;
	if (live_head)
		live_head->live_pprev = &ctx->live_next;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	live_head = ctx;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* live_del unlinks ctx with one store the handler's walk either sees or not. */
static void
live_del(struct mm_ctx *ctx)
{
	if (!ctx->live_pprev)
		return;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	*ctx->live_pprev = ctx->live_next;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (ctx->live_next)
		ctx->live_next->live_pprev = ctx->live_pprev;
	ctx->live_pprev = NULL;
}

/* Async-signal-safe: SIGKILL every live child, then reap them all. */
static void
ptrace_kill_all(void)
{
	struct mm_ctx *c;
	int st;

	for (c = live_head; c; c = c->live_next)
		if (!c->dead)
			kill(c->pid, SIGKILL);
	for (c = live_head; c; c = c->live_next) {
		while (!c->dead) {
			pid_t r = waitpid(c->pid, &st, __WALL);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0 || WIFEXITED(st) || WIFSIGNALED(st))
				c->dead = true;
		}
	}
}

/* ---- the stub executable ---- */

static int
ptrace_init(void)
{
	size_t off = 0;
	int fd, err;

	if (stub_fd >= 0)
		return 0;
	if (os_physmem_fd() < 0)
		return -ENODEV;
	fd = memfd_create("umk-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)	/* hosts before 6.3 have no MFD_EXEC */
		fd = memfd_create("umk-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	while (off < um_stub_blob_len) {
		ssize_t n = write(fd, um_stub_blob + off, um_stub_blob_len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out_errno;
		off += (size_t)n;
	}
	if (fchmod(fd, 0500) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
		goto out_errno;
	stub_fd = fd;
	return 0;

out_errno:
	err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

/* ---- spawning a child ---- */

struct spawn_req {
	int phys_fd, data_fd, stub_fd;
	int err;			/* errno from the child if exec failed */
};

static char spawn_stack[16384] __attribute__((aligned(64)));

/* Runs in the vfork child, on spawn_stack, sharing our memory until exec:
 * raw syscalls only, nothing that allocates, and no sanitizer checks (in
 * linux-asan their reports would run in the child, in our memory). */
__attribute__((no_sanitize("address", "undefined"))) static int
spawn_child(void *arg)
{
	struct spawn_req *req = arg;
	static char name[] = "umk-stub";
	char *argv[] = { name, NULL };
	char *envp[] = { NULL };
	long p, d, s, pers;

	p = syscall(SYS_fcntl, req->phys_fd, F_DUPFD, 10);
	d = syscall(SYS_fcntl, req->data_fd, F_DUPFD, 10);
	s = syscall(SYS_fcntl, req->stub_fd, F_DUPFD, 10);
	if (p < 0 || d < 0 || s < 0)
		goto fail;
	if (syscall(SYS_dup2, p, STUB_FD_PHYSMEM) < 0 ||
	    syscall(SYS_dup2, d, STUB_FD_DATA) < 0 ||
	    syscall(SYS_dup2, s, 5) < 0)
		goto fail;
	syscall(SYS_close_range, 0, 2, 0);
	if (syscall(SYS_close_range, 6, ~0U, 0) < 0) {
		long fd;

		for (fd = 6; fd < 4096; fd++)
			syscall(SYS_close, fd);
	}
	if (syscall(SYS_fcntl, 5, F_SETFD, FD_CLOEXEC) < 0)
		goto fail;
	pers = syscall(SYS_personality, 0xffffffffUL);
	if (pers >= 0)
		syscall(SYS_personality, (unsigned long)pers | ADDR_NO_RANDOMIZE);
	syscall(SYS_execveat, 5, "", argv, envp, AT_EMPTY_PATH);
fail:
	req->err = errno ? errno : EIO;
	syscall(SYS_exit, 127);
	return 127;
}

/* Wait for the child's next stop. Returns WSTOPSIG, or -ESRCH once it is
 * gone (reaped, ctx->dead set), or another -errno. If kick, a signal that
 * interrupts the wait (our tick) is forwarded as KICK_SIGNAL, once. */
static int
wait_stop(struct mm_ctx *ctx, bool kick)
{
	bool kicked = false;
	int st;

	for (;;) {
		pid_t r = waitpid(ctx->pid, &st, __WALL);

		if (r < 0) {
			if (errno != EINTR)
				return -errno;
			if (kick && !kicked) {
				syscall(SYS_tgkill, ctx->pid, ctx->pid, KICK_SIGNAL);
				kicked = true;
			}
			continue;
		}
		if (WIFSTOPPED(st))
			return WSTOPSIG(st);
		ctx->dead = true;
		ctx->exit_status = st;
		return -ESRCH;
	}
}

/* A ptrace request failed with ESRCH: the stopped child was killed. */
static int
child_vanished(struct mm_ctx *ctx)
{
	int sig;

	do {
		sig = wait_stop(ctx, false);
	} while (sig >= 0);
	return sig;
}

/* kill_and_reap ends a child for good and collects it, so it leaves no zombie. */
static void
kill_and_reap(struct mm_ctx *ctx)
{
	int st;

	if (ctx->dead)
		return;
	kill(ctx->pid, SIGKILL);
	for (;;) {
		pid_t r = waitpid(ctx->pid, &st, __WALL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || WIFEXITED(st) || WIFSIGNALED(st))
			break;
	}
	ctx->dead = true;
	ctx->exit_status = st;
}

/*
 * probe_xstate learns the exact XSAVE regset size the host moves for a
 * child (ptrace may report less than the CPUID bound, and SETREGSET wants
 * the exact size).
 */
static void
probe_xstate(pid_t pid)
{
	size_t size = trap_fpu_size();
	void *buf = malloc(size);
	struct iovec iov = { buf, size };

	if (buf && ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov) == 0)
		xstate_size = iov.iov_len;
	free(buf);
}

/*
 * data_area_create makes the data area the kernel and the child share (a
 * memfd mapped here and, at fd 4, in the child): the queue of mm
 * records and their results.
 */
static int
data_area_create(struct mm_ctx *ctx, int *fdp)
{
	void *p;
	int fd, err;

	fd = memfd_create("umk-stub-data", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, STUB_DATA_SIZE) < 0)
		goto out_errno;
	p = mmap(NULL, STUB_DATA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto out_errno;
	ctx->data = p;
	ctx->data->magic = STUB_MAGIC;
	ctx->data->kernel_pid = getpid();
	*fdp = fd;
	return 0;

out_errno:
	err = -errno;
	close(fd);
	return err;
}

/*
 * spawn starts the child from the stub and waits for its first stop
 * (the stub's SIGSTOP under PTRACE_TRACEME); see the top for its life.
 */
static int
spawn(struct mm_ctx *ctx, int data_fd)
{
	struct spawn_req req = {
		.phys_fd = os_physmem_fd(), .data_fd = data_fd, .stub_fd = stub_fd,
	};
	sigset_t all, old;
	int sig, err;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	ctx->pid = clone(spawn_child, spawn_stack + sizeof(spawn_stack),
			 CLONE_VM | CLONE_VFORK | SIGCHLD, &req);
	err = errno;
	if (ctx->pid > 0)
		live_add(ctx);	/* before any signal can end us */
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (ctx->pid < 0)
		return -err;
	if (req.err) {
		kill_and_reap(ctx);
		return -req.err;
	}
	sig = wait_stop(ctx, false);
	if (sig == -ESRCH)	/* the stub exited early: see STUB_EXIT_* */
		return -ENOEXEC;
	if (sig != SIGSTOP) {
		kill_and_reap(ctx);
		return sig < 0 ? sig : -EPROTO;
	}
	if (ptrace(PTRACE_SETOPTIONS, ctx->pid, 0,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) < 0 ||
	    ptrace(PTRACE_GETREGS, ctx->pid, 0, &ctx->stub_regs) < 0) {
		err = -errno;
		kill_and_reap(ctx);
		return err;
	}
	ctx->shadow = ctx->stub_regs;
	ctx->shadow_valid = true;
	if (!xstate_size)
		probe_xstate(ctx->pid);
	return 0;
}

/*
 * ptrace_mm_create makes a new guest address space: data area, child,
 * and the register template the stub's batches run with.
 */
static int
ptrace_mm_create(struct mm_ctx **out)
{
	struct mm_ctx *ctx;
	int data_fd = -1, err;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	err = data_area_create(ctx, &data_fd);
	if (err)
		goto out_free;
	err = spawn(ctx, data_fd);
	close(data_fd);		/* the child mapped it; our mapping stays */
	if (err) {
		live_del(ctx);
		goto out_unmap;
	}
	*out = ctx;
	return 0;

out_unmap:
	munmap(ctx->data, STUB_DATA_SIZE);
out_free:
	free(ctx);
	return err;
}

static void
ptrace_mm_destroy(struct mm_ctx *ctx)
{
	kill_and_reap(ctx);
	live_del(ctx);
	munmap(ctx->data, STUB_DATA_SIZE);
	free(ctx);
}

static int
ptrace_host_pid(struct mm_ctx *ctx)
{
	return ctx->pid;
}

/* ---- address space changes ---- */

/*
 * is_noise: signals the stub may get while it runs a batch that are not
 * its own faults (job control, timers, I/O); they are passed over.
 */
static bool
is_noise(int sig)
{
	switch (sig) {
	case SIGVTALRM: case SIGPROF: case SIGIO: case SIGWINCH: case SIGURG:
	case SIGCHLD: case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
	case SIGCONT:
		return true;
	default:
		return false;
	}
}

/*
 * ptrace_mm_flush runs the queued records in the child: the stub walks
 * them, stops at its int3, and leaves the first failure in the data area.
 * The child's registers are the stub's meanwhile, so the guest's are
 * reloaded before it next runs (shadow_valid goes false).
 */
static int
ptrace_mm_flush(struct mm_ctx *ctx)
{
	struct user_regs_struct r;
	struct stub_data *d = ctx->data;
	int sig;

	if (!ctx->nops)
		return 0;
	if (ctx->dead)
		return -ESRCH;
	d->nops = ctx->nops;
	d->err = 0;
	d->err_index = 0;
	d->done = 0;
	ctx->nops = 0;
	ctx->shadow_valid = false;

	r = ctx->stub_regs;
	r.rip = STUB_BATCH;
	r.rsp = STUB_STACK_TOP;
	r.orig_rax = (unsigned long)-1;
	r.rax = 0;
	if (ptrace(PTRACE_SETREGS, ctx->pid, 0, &r) < 0 ||
	    ptrace(PTRACE_CONT, ctx->pid, 0, 0) < 0)
		return errno == ESRCH ? child_vanished(ctx) : -errno;
	for (;;) {
		sig = wait_stop(ctx, false);
		if (sig < 0)
			return sig;
		if (sig == SIGTRAP)
			break;
		if (!is_noise(sig) && sig != KICK_SIGNAL) {
			/* the stub crashed: this address space is lost */
			kill_and_reap(ctx);
			return -EFAULT;
		}
		if (ptrace(PTRACE_CONT, ctx->pid, 0, 0) < 0)
			return errno == ESRCH ? child_vanished(ctx) : -errno;
	}
	return (int)d->err;
}

/* check_range: page-aligned, non-empty, inside guest space. */
static int
check_range(uint64_t addr, uint64_t len)
{
	if (len == 0 || ((addr | len) & PAGE_MASK_LOW))
		return -EINVAL;
	if (addr > TRAP_USER_TOP || len > TRAP_USER_TOP - addr)
		return -EINVAL;
	return 0;
}

/*
 * queue_op appends a record, extending the last one when the new one
 * continues it (a fault-around of 16 pages becomes one mmap); a full
 * queue is flushed first.
 */
static int
queue_op(struct mm_ctx *ctx, uint32_t type, uint64_t addr, uint64_t len,
	 int prot, uint64_t off)
{
	struct stub_op *op;
	int err;

	if (ctx->dead)
		return -ESRCH;
	if (ctx->nops) {
		op = &ctx->data->ops[ctx->nops - 1];
		if (op->type == type && op->addr + op->len == addr &&
		    (type == STUB_OP_MUNMAP || op->prot == prot) &&
		    (type != STUB_OP_MMAP || op->off + op->len == off)) {
			op->len += len;
			return 0;
		}
	}
	if (ctx->nops == STUB_MAX_OPS) {
		err = ptrace_mm_flush(ctx);
		if (err)
			return err;
	}
	op = &ctx->data->ops[ctx->nops++];
	op->type = type;
	op->prot = prot;
	op->addr = addr;
	op->len = len;
	op->off = off;
	return 0;
}

static int
ptrace_mm_map(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot, uint64_t phys_off)
{
	uint64_t psize = os_physmem_size();

	if (check_range(addr, len) || (prot & ~7) || (phys_off & PAGE_MASK_LOW) ||
	    phys_off > psize || len > psize - phys_off)
		return -EINVAL;
	return queue_op(ctx, STUB_OP_MMAP, addr, len, prot, phys_off);
}

static int
ptrace_mm_unmap(struct mm_ctx *ctx, uint64_t addr, uint64_t len)
{
	if (check_range(addr, len))
		return -EINVAL;
	return queue_op(ctx, STUB_OP_MUNMAP, addr, len, 0, 0);
}

static int
ptrace_mm_protect(struct mm_ctx *ctx, uint64_t addr, uint64_t len, int prot)
{
	if (check_range(addr, len) || (prot & ~7))
		return -EINVAL;
	return queue_op(ctx, STUB_OP_MPROTECT, addr, len, prot, 0);
}

/* ---- running guest code ---- */

/*
 * ptrace_fpu_fetch reads the child's FPU state into uc (a signal frame or a
 * fork needs it, or another thread is about to run in this child).
 */
static int
ptrace_fpu_fetch(struct mm_ctx *ctx, struct user_context *uc)
{
	struct iovec iov = { uc->fpu, trap_fpu_size() };

	if (!uc->fpu)
		return -EINVAL;
	if (ctx->dead)
		return -ESRCH;
	if (ptrace(PTRACE_GETREGSET, ctx->pid, (void *)NT_X86_XSTATE, &iov) < 0)
		return -errno;
	xstate_size = iov.iov_len;
	uc->flags |= UC_FPU_VALID;
	return 0;
}

/* fpu_store writes uc's FPU state into the child (exactly xstate_size bytes). */
static int
fpu_store(struct mm_ctx *ctx, struct user_context *uc)
{
	struct iovec iov = { uc->fpu, xstate_size };

	if (!uc->fpu || !xstate_size)
		return -EINVAL;
	if (ptrace(PTRACE_SETREGSET, ctx->pid, (void *)NT_X86_XSTATE, &iov) < 0)
		return -errno;
	uc->flags &= ~UC_FPU_DIRTY;
	uc->flags |= UC_FPU_VALID;
	return 0;
}

/* report_died turns the child's end (OOM kill, host SIGKILL) into TRAP_DIED. */
static int
report_died(struct mm_ctx *ctx, struct user_context *uc)
{
	memset(&uc->trap, 0, sizeof(uc->trap));
	uc->trap.reason = TRAP_DIED;
	if (WIFSIGNALED(ctx->exit_status))
		uc->trap.signo = WTERMSIG(ctx->exit_status);
	else
		uc->trap.code = WEXITSTATUS(ctx->exit_status);
	return TRAP_DIED;
}

/*
 * load_regs writes the guest's registers into the child only if they
 * differ from what it holds: most traps return to the same registers
 * but rax, so this saves one ptrace call in most runs.
 */
static int
load_regs(struct mm_ctx *ctx, struct user_context *uc)
{
	struct user_regs_struct want;
	int err;

	memcpy(&want, &uc->regs, sizeof(want));
	want.orig_rax = (unsigned long)-1;
	if (!ctx->shadow_valid || memcmp(&want, &ctx->shadow, sizeof(want)) != 0) {
		if (ptrace(PTRACE_SETREGS, ctx->pid, 0, &want) < 0)
			return -errno;
		ctx->shadow = want;
		ctx->shadow_valid = true;
	}
	if (uc->flags & UC_FPU_DIRTY) {
		err = fpu_store(ctx, uc);
		if (err)
			return err;
	}
	return 0;
}

/* store_regs reads the child's registers after a stop; they are then also what it holds. */
static int
store_regs(struct mm_ctx *ctx, struct user_context *uc)
{
	if (ptrace(PTRACE_GETREGS, ctx->pid, 0, &ctx->shadow) < 0) {
		ctx->shadow_valid = false;
		return -errno;
	}
	ctx->shadow_valid = true;
	memcpy(&uc->regs, &ctx->shadow, sizeof(uc->regs));
	return 0;
}

/* Fill uc->trap for a signal-delivery stop of sig. */
static int
classify_signal(struct mm_ctx *ctx, struct user_context *uc, int sig)
{
	siginfo_t si;
	struct trap_info *t = &uc->trap;

	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GETSIGINFO, ctx->pid, 0, &si) < 0)
		si.si_signo = sig;
	memcpy(t->siginfo, &si, sizeof(si));
	t->signo = sig;
	t->code = si.si_code;
	t->addr = (uint64_t)(uintptr_t)si.si_addr;
	if (sig == SIGSEGV && (si.si_code == SEGV_MAPERR || si.si_code == SEGV_ACCERR ||
			       si.si_code == 4 /* SEGV_PKUERR */)) {
		t->access = TRAP_ACCESS_UNKNOWN;
		return TRAP_FAULT;
	}
	return TRAP_SIGNAL;
}

/*
 * ptrace_run runs uc in ctx until a stop worth reporting: a system call
 * (SYSEMU), a fault or other synchronous signal, a tick (the kick), or
 * the child's death. Stops for signals that are no business of the guest's
 * are passed over.
 */
static int
ptrace_run(struct mm_ctx *ctx, struct user_context *uc)
{
	int err, sig, reason;

	if (ctx->dead)
		return report_died(ctx, uc);
	err = ptrace_mm_flush(ctx);
	if (err)
		return ctx->dead ? report_died(ctx, uc) : err;
	err = load_regs(ctx, uc);
	if (!err && ptrace(PTRACE_SYSEMU, ctx->pid, 0, 0) < 0)
		err = -errno;
	for (;;) {
		if (err == -ESRCH) {
			child_vanished(ctx);
			return report_died(ctx, uc);
		}
		if (err)
			return err;
		sig = wait_stop(ctx, true);
		if (sig == -ESRCH)
			return report_died(ctx, uc);
		if (sig < 0)
			return sig;
		if (!is_noise(sig))
			break;
		/* host job control and the like: suppress and go on */
		if (ptrace(PTRACE_SYSEMU, ctx->pid, 0, 0) < 0)
			err = -errno;
	}

	memset(&uc->trap, 0, sizeof(uc->trap));
	err = store_regs(ctx, uc);
	if (err == -ESRCH) {
		child_vanished(ctx);
		return report_died(ctx, uc);
	}
	if (err)
		return err;
	if (sig == SYSCALL_STOP) {
		reason = TRAP_SYSCALL;
		uc->trap.nr = uc->regs.orig_rax;
	} else if (sig == KICK_SIGNAL) {
		reason = TRAP_PREEMPTED;
		uc->trap.signo = sig;
	} else {
		reason = classify_signal(ctx, uc, sig);
	}
	uc->trap.reason = reason;
	if (uc->flags & UC_FPU_WANT) {
		err = ptrace_fpu_fetch(ctx, uc);
		if (err)
			return err;
	}
	return reason;
}

const struct trap_backend trap_ptrace_backend = {
	.name = "ptrace",
	.init = ptrace_init,
	.mm_create = ptrace_mm_create,
	.mm_destroy = ptrace_mm_destroy,
	.mmap = ptrace_mm_map,
	.munmap = ptrace_mm_unmap,
	.mprotect = ptrace_mm_protect,
	.mm_flush = ptrace_mm_flush,
	.run = ptrace_run,
	.fpu_fetch = ptrace_fpu_fetch,
	.host_pid = ptrace_host_pid,
	.kill_all = ptrace_kill_all,
};
