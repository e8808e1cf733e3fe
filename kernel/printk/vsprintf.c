// SPDX-License-Identifier: GPL-2.0-only
/*
 * Formatted output for kernel code, which has no libc stdio: kvsnprintf and
 * friends. Supports the conversions the kernel uses: d i u x X o c s p %,
 * the length modifiers hh h l ll z t j, and flags - 0 + space # with width
 * and precision (also as *). Used by printk, procfs and error messages.
 *
 * As C's snprintf: the output is cut to fit size (always NUL-terminated
 * when size > 0) and the return value is the length the whole output
 * would have had, so a caller can tell it was cut. kscnprintf returns what
 * was stored instead, which is what code appending piece after piece into
 * one buffer (procfs) needs. Nothing here allocates or depends on the
 * kernel's state: printk calls it from any context, and the unit test
 * (tests/unit/test_vsprintf.c) compares it with the host's printf.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kernel/printk.h"

/* Where the output goes: stored while it fits, counted always. */
struct out {
	char *buf;
	size_t size, len;	/* len counts everything, even what did not fit */
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* One conversion's flags, width and precision. */
struct spec {
	bool left, zero, plus, space, alt;
	int width, prec;	/* prec < 0: none */
};

static void
put_str(struct out *o, const char *s, const struct spec *sp)
{
	size_t n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < (size_t)sp->prec))
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - (int)n);
}

/*
 * put_num prints magnitude v (the sign apart, so INT64_MIN needs no
 * special case) in base as C does: a precision is a minimum of digits and
 * turns the 0 flag off, precision 0 prints nothing for 0, '#' adds 0x
 * (not for 0) or a leading octal 0.
 */
static void
put_num(struct out *o, uint64_t v, bool neg, unsigned base, bool upper,
	const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len, zeros;
	const char *prefix = "";
	bool is_zero = v == 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (neg)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16 && !is_zero)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0'))
		prefix = "0";
	zeros = sp->prec > n ? sp->prec - n : 0;
	len = (int)strlen(prefix) + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0)
		zeros += sp->width > len ? sp->width - len : 0, len = sp->width > len ? sp->width : len;
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

/*
 * kvsnprintf walks fmt once: flags, width, precision, length, conversion.
 * An unknown conversion is printed as it stands rather than taking an
 * argument it may not have; a format ending in '%' prints nothing more.
 */
int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec sp = { .prec = -1 };
		int lng = 0;	/* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size */
		bool neg = false;
		uint64_t v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;

			if (c == '-')
				sp.left = true;
			else if (c == '0')
				sp.zero = true;
			else if (c == '+')
				sp.plus = true;
			else if (c == ' ')
				sp.space = true;
			else if (c == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0)
				sp.left = true, sp.width = -sp.width;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng = lng == -1 ? -2 : -1;
			else if (*fmt == 'l')
				lng = lng == 1 ? 2 : 1;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 3;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t s;

			if (lng >= 1)
				s = lng == 1 ? va_arg(ap, long) : va_arg(ap, long long);
			else
				s = va_arg(ap, int);
			if (lng == -1)
				s = (short)s;
			else if (lng == -2)
				s = (signed char)s;
			neg = s < 0;
			v = neg ? -(uint64_t)s : (uint64_t)s;
			put_num(&o, v, neg, 10, false, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 1)
				v = lng == 1 ? va_arg(ap, unsigned long) :
					       va_arg(ap, unsigned long long);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng == -2)
				v = (unsigned char)v;
			put_num(&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				*fmt == 'X', &sp);
			break;
		case 'p':
			sp.alt = true;
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!sp.left)
				pad(&o, ' ', sp.width - 1);
			put(&o, c);
			if (sp.left)
				pad(&o, ' ', sp.width - 1);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
kscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (size == 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}
