// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomness: the kernel has no entropy pool of its own; every random byte
 * is the host's (getrandom(2) on the host, through os_getrandom). Users:
 * getrandom(2), /dev/random and /dev/urandom (which never block: the host
 * pool is always ready once the host has booted), AT_RANDOM at exec, and
 * kernel.random.boot_id and uuid.
 */
#include "kernel/fs.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/sysctl.h"
#include "kernel/uaccess.h"
#include "kernel/wait.h"
#include "os.h"

int64_t
random_fill(void *buf, size_t len)
{
	return os_getrandom(buf, len);
}

static int64_t
random_read(struct file *f, void *buf, size_t len, uint64_t *pos)
{
	int64_t n = random_fill(buf, len);

	(void)f; (void)pos;
	return n;
}

static int64_t
random_write(struct file *f, const void *buf, size_t len, uint64_t *pos)
{
	(void)f; (void)buf; (void)pos;
	return (int64_t)len;	/* taken, as Linux mixes it in; the host's pool is not ours */
}

static int64_t
random_llseek(struct file *f, int64_t off, int whence)
{
	(void)whence;
	f->pos = (uint64_t)off;
	return 0;
}

const struct file_operations random_fops = {
	.read = random_read, .write = random_write, .llseek = random_llseek,
};

/* sys_getrandom implements getrandom(2); flags are checked in all 64 bits. */
SYSCALL_DEFINE3(getrandom, uaddr_t, ubuf, size_t, count, uint64_t, flags)
{
	uint8_t buf[256];
	uint64_t done = 0;

	if (flags & ~7ULL)
		return -EINVAL;
	while (done < count) {
		size_t n = count - done < sizeof(buf) ? count - done : sizeof(buf);
		int64_t r = random_fill(buf, n);

		if (r < 0)
			return done ? (int64_t)done : r;
		if (copy_to_user(uaddr_add(ubuf, done), buf, (size_t)r))
			return done ? (int64_t)done : -EFAULT;
		done += (uint64_t)r;
		if (done < count && signal_pending(current))
			break;
	}
	return (int64_t)done;
}

static uint8_t boot_id[16];
static bool have_boot_id;

/* uuid_show prints the version 4 UUID u, made from random bytes first if fresh. */
static int
uuid_show(uint8_t *u, bool fresh, char *buf, size_t *len, uint64_t *pos)
{
	char text[40];
	struct ctl_table tmp = { .data = text, .maxlen = sizeof(text) };

	if (fresh) {
		if (random_fill(u, 16) != 16)
			return -EIO;
		u[6] = (u[6] & 0x0f) | 0x40;	/* version 4 */
		u[8] = (u[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	}
	ksnprintf(text, sizeof(text),
		  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		  u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		  u[13], u[14], u[15]);
	return proc_dostring(&tmp, false, buf, len, pos);
}

/* kernel.random.boot_id is made at its first read and then stays for the life of the kernel. */
int
proc_do_boot_id(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	int err;

	(void)t;
	if (write)
		return -EPERM;
	err = uuid_show(boot_id, !have_boot_id, buf, len, pos);
	if (!err)
		have_boot_id = true;
	return err;
}

/* kernel.random.uuid is new at every read. */
int
proc_do_uuid(const struct ctl_table *t, bool write, char *buf, size_t *len, uint64_t *pos)
{
	uint8_t fresh[16];

	(void)t;
	if (write)
		return -EPERM;
	return uuid_show(fresh, true, buf, len, pos);
}
