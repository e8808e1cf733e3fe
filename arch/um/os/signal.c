// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side, signals that end the kernel process. Killed as it is (SIGTERM
 * from a service manager, SIGHUP from a closing terminal, SIGQUIT, a crash
 * of the kernel itself), the process would leave a host terminal used as
 * the console in raw mode, with no echo, and the guest's stub processes for
 * whoever inherits them to reap. So each such signal is caught: the handler
 * puts the terminal back, kills and reaps the stubs (trap_kill_all),
 * removes <uml_dir>/<umid>/ (os_umid_remove), then
 * lets the signal take its own course, so the process still dies of it and
 * a shell reports it so (status 128+n, a core for SIGQUIT where cores are
 * on).
 *
 * - Only async-signal-safe calls in the handler (tcsetattr, kill, waitpid,
 *   sigaction, sigprocmask, raise).
 * - A signal the process inherited as ignored (nohup's SIGHUP) stays ignored.
 * - A fault in the kernel itself (SIGSEGV and friends with a positive
 *   si_code) is given back to the action it had before we came (the
 *   default, or a sanitizer's handler, which then reports it): the handler
 *   returns and the faulting instruction runs again.
 * - The handler runs on an alternate stack, so that a kernel stack that
 *   overflowed into its guard page still gets it.
 * - SIGALRM is the tick (time.c); SIGCHLD, SIGURG, SIGWINCH and job
 *   control signals do not end the process.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "os.h"
#include "trap.h"

#define ALTSTACK_SIZE	(64 * 1024)

static struct sigaction old_action[_NSIG];
static volatile sig_atomic_t dying;

static bool
is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGTRAP || sig == SIGSYS;
}

static void
fatal_handler(int sig, siginfo_t *info, void *uctx)
{
	struct sigaction dfl;
	sigset_t set;

	(void)uctx;
	if (!dying) {
		dying = 1;
		os_tty_restore_now();
		trap_kill_all();
		os_umid_remove();
	}
	if (is_fault(sig) && info && info->si_code > 0) {
		sigaction(sig, &old_action[sig], NULL);
		return;
	}
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

static int
catch(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &old_action[sig]) < 0)
		return -errno;
	if (!(old_action[sig].sa_flags & SA_SIGINFO) && old_action[sig].sa_handler == SIG_IGN)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fatal_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigfillset(&sa.sa_mask);	/* one handler at a time */
	if (sigaction(sig, &sa, NULL) < 0)
		return -errno;
	return 0;
}

int
os_fatal_signals_init(void)
{
	static const int sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1,
		SIGSEGV, SIGUSR2, SIGPIPE, SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM,
		SIGPROF, SIGIO, SIGPWR, SIGSYS,
	};
	stack_t ss;
	int err;

	/* A sanitizer may have set an alternate stack already; keep it. */
	if (sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE)) {
		void *p = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return -errno;
		ss.ss_sp = p;
		ss.ss_size = ALTSTACK_SIZE;
		ss.ss_flags = 0;
		if (sigaltstack(&ss, NULL) < 0)
			return -errno;
	}
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if ((err = catch(sigs[i])))
			return err;
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		if ((err = catch(sig)))
			return err;
	return 0;
}
