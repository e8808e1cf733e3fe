/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boundary between the kernel and the host: thin os_*() wrappers around
 * host system calls, implemented in arch/um/os/ (the only code that includes
 * host headers). Every wrapper returns a value >= 0 or a negative Linux errno;
 * errno itself never crosses this line. Only freestanding types appear here, so
 * kernel code can include this header without dragging in libc.
 *
 * The trap backend (running guest code, guest address spaces) is in trap.h.
 */
#ifndef UM_SHARED_OS_H
#define UM_SHARED_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- files (arch/um/os/file.c) ---- */

/* Open flags for os_open(); translated to the host's O_* in file.c. */
#define OS_O_RDONLY	0x0000
#define OS_O_WRONLY	0x0001
#define OS_O_RDWR	0x0002
#define OS_O_CREAT	0x0100
#define OS_O_EXCL	0x0200
#define OS_O_TRUNC	0x0400
#define OS_O_APPEND	0x0800
#define OS_O_NONBLOCK	0x1000

/* What os_fstat() reports about a host file. */
struct os_stat {
	uint64_t size;		/* bytes */
	int64_t mtime_ns;	/* modification time, ns since the epoch */
	uint32_t mode;		/* type and permission bits, Linux values */
	uint32_t blksize;	/* preferred I/O size */
};

/* os_open opens a host file (O_CLOEXEC always); returns an fd or -errno. */
int os_open(const char *path, int flags, unsigned int mode);
/* os_read reads up to len bytes (EINTR retried); returns bytes or -errno. */
int64_t os_read(int fd, void *buf, size_t len);
/* os_write writes up to len bytes, e.g. to the console; returns bytes or -errno. */
int64_t os_write(int fd, const void *buf, size_t len);
/* os_pread reads up to len bytes at off; returns bytes or -errno. */
int64_t os_pread(int fd, void *buf, size_t len, uint64_t off);
/* os_pread_full reads len bytes at off, retrying short reads; bytes past
 * the end of the file read as zeros. 0 or -errno. */
int os_pread_full(int fd, void *buf, size_t len, uint64_t off);
/* os_pwrite writes up to len bytes at off; returns bytes or -errno. */
int64_t os_pwrite(int fd, const void *buf, size_t len, uint64_t off);
/* os_pwrite_full writes all len bytes at off; 0 or -errno (-ENOSPC for a write of 0). */
int os_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);
/* os_fdatasync flushes fd's data to stable storage; returns 0 or -errno. */
int os_fdatasync(int fd);
/* os_fsync flushes fd to stable storage; returns 0 or -errno. */
int os_fsync(int fd);
/* os_close closes fd (never retried); returns 0 or -errno. */
int os_close(int fd);
/* os_fstat fills *st for fd; returns 0 or -errno. */
int os_fstat(int fd, struct os_stat *st);
/* os_check_fd: 0 if fd is open for reading (write false) or writing, else -EBADF or -EACCES. */
int os_check_fd(int fd, bool write);

/* ---- memory (arch/um/os/mem.c) ---- */

/* os_malloc returns size bytes from the host heap, or NULL. */
void *os_malloc(size_t size);
/* os_realloc resizes p (may be NULL) to size bytes, or returns NULL. */
void *os_realloc(void *p, size_t size);
/* os_free releases p from os_malloc/os_realloc; NULL is allowed. */
void os_free(void *p);
/* os_map_anon maps size bytes of zeroed RW memory (e.g. kernel stacks); NULL on failure. */
void *os_map_anon(size_t size);
/* os_unmap releases memory from os_map_anon; returns 0 or -errno. */
int os_unmap(void *p, size_t size);
/* os_protect_none makes [p, p+size) inaccessible (guard pages); returns 0 or -errno. */
int os_protect_none(void *p, size_t size);

/* ---- kernel stacks (arch/um/os/stack.c) ---- */

/* os_stack_alloc maps a kernel stack of size bytes whose lowest page is a
 * guard page; NULL on failure. */
void *os_stack_alloc(size_t size);
/* os_stack_free releases a stack from os_stack_alloc (clearing what a
 * sanitizer recorded about its frames); NULL is allowed. */
void os_stack_free(void *p, size_t size);
/* os_stack_switch_begin announces a switch to the stack [bottom, bottom+size)
 * (NULL, 0: the thread's original stack); *fake_save keeps the leaving stack's
 * sanitizer state, or fake_save is NULL if the leaving stack never runs again.
 * Call os_stack_switch_end on the new stack with the value saved when it was
 * left (NULL on its first run); old_bottom and old_size get the stack left.
 * Both do nothing unless the kernel is built with ASan. */
void os_stack_switch_begin(void **fake_save, const void *bottom, size_t size);
void os_stack_switch_end(void *fake_save, const void **old_bottom, size_t *old_size);

/* os_physmem_create makes guest RAM: a memfd of size bytes (rounded up to a
 * page) mapped once MAP_SHARED; *base gets the kernel's view. 0 or -errno. */
int os_physmem_create(size_t size, void **base);
/* os_physmem_base returns the kernel's mapping of physmem (NULL before create). */
void *os_physmem_base(void);
/* os_physmem_size returns the physmem size in bytes (0 before create). */
size_t os_physmem_size(void);
/* os_physmem_fd returns the physmem memfd (-1 before create). */
int os_physmem_fd(void);
/* os_physmem_discard gives [off, off+len) back to the host; it reads as zeros. 0 or -errno. */
int os_physmem_discard(uint64_t off, uint64_t len);
/* os_physmem_destroy unmaps and closes physmem. */
void os_physmem_destroy(void);

/* ---- time and the timer interrupt (arch/um/os/time.c) ---- */

/* The host signal of the tick timer; helper threads must keep it blocked. */
#define OS_TIMER_SIGNAL	14	/* SIGALRM */

/* os_clock_monotonic_ns returns CLOCK_MONOTONIC in ns. */
uint64_t os_clock_monotonic_ns(void);
/* os_clock_realtime_ns returns CLOCK_REALTIME in ns since the epoch. */
int64_t os_clock_realtime_ns(void);
/* os_sleep_ms sleeps ms milliseconds, through signals (a panic waiting to reboot). */
void os_sleep_ms(unsigned int ms);
/* os_timer_start starts a periodic tick of hz Hz aimed at the calling thread; 0 or -errno. */
int os_timer_start(unsigned int hz);
/* os_timer_stop stops and deletes the tick timer. */
void os_timer_stop(void);
/* os_timer_ticks_take returns the ticks since the last call and resets the count. */
unsigned int os_timer_ticks_take(void);
/* os_timer_ticks_pending returns the ticks since the last take, without resetting. */
unsigned int os_timer_ticks_pending(void);

/* ---- misc (arch/um/os/process.c) ---- */

/*
 * os_host_cpuinfo copies the host's /proc/cpuinfo block of the CPU we are
 * pinned to (else the first), its lines without the blank one after;
 * returns its length or -errno.
 */
int64_t os_host_cpuinfo(char *buf, size_t size);
/* os_getrandom fills buf with up to len random bytes; returns bytes or -errno. */
int64_t os_getrandom(void *buf, size_t len);
/* os_pin_cpu(true) pins this thread (and children made later) to the CPU it
 * runs on now; os_pin_cpu(false) restores the original affinity. 0 or -errno. */
int os_pin_cpu(bool pin);
/* os_pinned_cpu returns the CPU we are pinned to, or -1 if not pinned. */
int os_pinned_cpu(void);
/* os_exit ends the kernel process at once with status. */
void os_exit(int status) __attribute__((noreturn));
/* os_reexec runs the `linux` program again in this process with the same
 * argv (reboot); exits 1 if it can't (arch/um/main.c keeps argv). */
void os_reexec(void) __attribute__((noreturn));

/* ---- epoll, the interrupt controller (arch/um/os/epoll.c) ---- */

/* Event bits for os_epoll_*(); same values as Linux EPOLL*. */
#define OS_EPOLLIN	0x001
#define OS_EPOLLOUT	0x004
#define OS_EPOLLERR	0x008
#define OS_EPOLLHUP	0x010
#define OS_EPOLLRDHUP	0x2000

/* One ready event from os_epoll_wait(). */
struct os_epoll_event {
	uint32_t events;	/* OS_EPOLL* */
	uint64_t data;		/* the caller's cookie from os_epoll_add() */
};

/* os_epoll_create makes an epoll set (close-on-exec); returns an fd or -errno. */
int os_epoll_create(void);
/* os_epoll_add watches fd for events with cookie data; 0 or -errno. */
int os_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
/* os_epoll_mod changes the events and cookie of a watched fd; 0 or -errno. */
int os_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data);
/* os_epoll_del stops watching fd; 0 or -errno. */
int os_epoll_del(int epfd, int fd);
/* os_epoll_wait waits up to timeout_ms (-1: forever) for up to max events;
 * returns the count, or -EINTR when a tick or other signal came first. */
int os_epoll_wait(int epfd, struct os_epoll_event *ev, int max, int timeout_ms);

/* ---- console channels (arch/um/os/console.c) ---- */

/* os_tty_make_raw puts the host terminal fd in raw mode until exit; 0 or -errno. */
int os_tty_make_raw(int fd);
/* os_tty_restore puts the host terminal back as os_tty_make_raw found it. */
void os_tty_restore(void);
/* os_tty_restore_now is os_tty_restore for signal handlers (async-signal-safe, no drain). */
void os_tty_restore_now(void);
/* os_set_nonblock makes fd non-blocking; 0 or -errno. */
int os_set_nonblock(int fd);
/* os_tty_winsize reads the host terminal size; 0 or -errno. */
int os_tty_winsize(int fd, unsigned short *rows, unsigned short *cols);
/* os_open_host_pty opens a host pty master and names its slave in name; fd or -errno. */
int os_open_host_pty(char *name, size_t size);
/* os_isatty tells whether fd is a terminal. */
int os_isatty(int fd);

/* ---- host signals (arch/um/os/signal.c) ---- */

/*
 * os_fatal_signals_init catches every signal that would end the kernel
 * process (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, ..., and
 * the faults). Its handler puts the host terminal back, kills and reaps the
 * guest's host processes, and then dies of the same signal, so a shell sees
 * the process killed by it. 0 or -errno.
 */
int os_fatal_signals_init(void);

/* ---- the machine's name and its management console (arch/um/os/umid.c) ---- */

/*
 * os_umid_init makes <uml_dir>/<name>/ (uml_dir NULL: ~/.uml) with the pid
 * file; name NULL, or taken by a live kernel (said on stderr), gets a
 * random name. Returns 0 or -errno after a message on stderr.
 */
int os_umid_init(const char *uml_dir, const char *name);
/* os_umid is the name os_umid_init chose. */
const char *os_umid(void);
/* os_umid_remove removes the directory; async-signal-safe, idempotent. */
void os_umid_remove(void);

/* A datagram's sender, to answer it (a host sockaddr_un, opaque here). */
struct os_mc_peer {
	uint32_t len;
	unsigned char addr[128];
};
/* os_mconsole_open binds <dir>/mconsole, writes its path; returns the fd or -errno. */
int os_mconsole_open(char *path, size_t size);
/* os_mconsole_recv reads one datagram (its full size returned even if cut) or -errno. */
int64_t os_mconsole_recv(int fd, void *buf, size_t len, struct os_mc_peer *from);
/* os_mconsole_send sends a datagram to from's sender, never blocking; 0 or -errno. */
int os_mconsole_send(int fd, const void *buf, size_t len, const struct os_mc_peer *to);
/* os_mconsole_notify sends msg from an unbound socket to the socket at path; 0 or -errno. */
int os_mconsole_notify(const char *path, const void *msg, size_t len);
/* os_mconsole_wait waits up to timeout_ms for a datagram: 1 ready, 0 not, -errno. */
int os_mconsole_wait(int fd, int timeout_ms);

#endif /* UM_SHARED_OS_H */
