// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic kernel command-line mechanics (include/kernel/params.h): the word
 * splitter with Linux's quoting rules, option-name comparison, number and
 * size parsing, and the hand-over of unclaimed words to init's argv and
 * environment. The UML options themselves are in um_params.c (table and
 * driver) and um_devspec.c (device specifications); both call into here.
 *
 * Pure logic: no host headers, no printing; messages go into caller buffers.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "kernel/params.h"
#include "uapi/errno.h"

const char *const init_default_paths[] = {
	"/sbin/init", "/etc/init", "/bin/init", "/bin/sh", NULL,
};

static const char init_home[] = "HOME=/";
static const char init_term[] = "TERM=linux";

/* The kernel's isspace() for ASCII (0xa0 is not treated as a space here). */
static bool
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Linux's quoting, worked examples (token -> word):
 *   foo="a b"   -> foo=a b      value quotes removed
 *   "w1 w2"     -> w1 w2        leading quote opens, trailing one removed
 *   "a=b c"     -> a=b c
 *   a"b c"d     -> a"b c"d      inner quotes only group
 *   =x=y        -> name "=x", value "y" (an '=' at offset 0 does not count)
 */
bool
param_next(const char **pos, char **buf, struct param_word *w)
{
	const char *s = *pos;
	size_t i, eq = 0, vstart, end;
	bool in_quote = false, quoted = false, vquoted;
	char *out = *buf;

	while (is_space(*s))
		s++;
	if (*s == '\0') {
		*pos = s;
		return false;
	}
	if (*s == '"') {
		s++;
		in_quote = quoted = true;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (is_space(s[i]) && !in_quote)
			break;
		if (eq == 0 && s[i] == '=')
			eq = i;
		if (s[i] == '"')
			in_quote = !in_quote;
	}
	vquoted = eq > 0 && eq + 1 < i && s[eq + 1] == '"';
	end = i;
	if (i > 0 && s[i - 1] == '"' && (quoted || vquoted))
		end = i - 1;

	w->word = out;
	if (eq == 0) {
		memcpy(out, s, end);
		out += end;
		w->namelen = end;
		w->val = NULL;
	} else {
		vstart = eq + 1 + (vquoted ? 1 : 0);
		memcpy(out, s, eq);
		out += eq;
		*out++ = '=';
		w->val = out;
		if (end > vstart) {
			memcpy(out, s + vstart, end - vstart);
			out += end - vstart;
		}
		w->namelen = eq;
	}
	*out++ = '\0';
	*buf = out;
	*pos = s + i;
	return true;
}

static char
dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

bool
parameqn(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
		if (a[i] == '\0')
			return true;
	}
	return true;
}

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

int
param_strtoull(const char *s, const char **end, unsigned int base,
	       unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = s;
	bool overflow = false, any = false;
	int d;

	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		base = 16;
		p += 2;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*p)) < (int)base; p++) {
		any = true;
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	*end = any ? p : s;
	*out = any ? v : 0;
	if (!any)
		return -EINVAL;
	return overflow ? -ERANGE : 0;
}

int
param_memparse(const char *s, const char **end, unsigned long long *out)
{
	static const char units[] = "KMGTPE";
	const char *u;
	unsigned int shift;
	int err;

	err = param_strtoull(s, end, 0, out);
	if (err)
		return err;
	if (**end == '\0')
		return 0;
	for (u = units; *u; u++)
		if (**end == *u || **end == *u - 'A' + 'a')
			break;
	if (*u == '\0')
		return 0;
	shift = 10 * (unsigned int)(u - units + 1);
	if (*out > (~0ULL >> shift))
		return -ERANGE;
	*out <<= shift;
	(*end)++;
	return 0;
}

char *
param_utoa(unsigned long long v, char *buf)
{
	char tmp[21];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

char *
param_cat(char *dst, size_t size, ...)
{
	va_list ap;
	const char *s;
	size_t len = 0, n;

	if (size == 0)
		return dst;
	va_start(ap, size);
	while ((s = va_arg(ap, const char *)) != NULL) {
		n = strlen(s);
		if (n > size - 1 - len)
			n = size - 1 - len;
		memcpy(dst + len, s, n);
		len += n;
	}
	va_end(ap);
	dst[len] = '\0';
	return dst;
}

void
init_args_init(struct init_args *ia)
{
	memset(ia, 0, sizeof(*ia));
	ia->argv[0] = init_default_paths[0];
	ia->argc = 1;
	ia->envp[0] = init_home;
	ia->envp[1] = init_term;
	ia->envc = 2;
}

void
init_args_set_init(struct init_args *ia, const char *path)
{
	int i;

	/* As Linux: arguments seen before init= are forgotten (LILO's "auto"). */
	for (i = 1; i < ia->argc; i++)
		ia->argv[i] = NULL;
	ia->argc = 1;
	ia->path = path;
	ia->argv[0] = path;
}

void
init_args_set_argv0(struct init_args *ia, const char *path)
{
	ia->argv[0] = path;
}

static int
too_many(const char *what, const char *word, char *err, size_t errsize)
{
	param_cat(err, errsize, "Too many boot ", what, " vars at `", word,
		  "'", NULL);
	return -E2BIG;
}

int
init_args_add(struct init_args *ia, const char *word, char *err,
	      size_t errsize)
{
	/* Linux gives up once an entry sits at index MAX_INIT_ARGS. */
	if (ia->argc > MAX_INIT_ARGS)
		return too_many("init", word, err, errsize);
	ia->argv[ia->argc++] = word;
	ia->argv[ia->argc] = NULL;
	return 0;
}

int
init_args_unknown(struct init_args *ia, const struct param_word *w,
		  char *err, size_t errsize)
{
	int i;

	if (memchr(w->word, '.', w->namelen))
		return 0;	/* foo.bar=x: an unused module parameter */
	if (w->val == NULL)
		return init_args_add(ia, w->word, err, errsize);

	for (i = 0; i < ia->envc; i++) {
		if (i == MAX_INIT_ENVS)
			return too_many("env", w->word, err, errsize);
		if (strncmp(ia->envp[i], w->word, w->namelen + 1) == 0)
			break;
	}
	ia->envp[i] = w->word;
	if (i == ia->envc) {
		ia->envc++;
		ia->envp[ia->envc] = NULL;
	}
	return 0;
}

size_t
init_args_unknown_msg(const struct init_args *ia, char *buf, size_t size)
{
	static const char head[] = "Unknown kernel command line parameters \"";
	static const char tail[] = "\", will be passed to user space.";
	size_t len = 0;
	int i;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (ia->argc <= 1 && ia->envc <= 2)
		return 0;
	param_cat(buf, size, head, NULL);
	for (i = 1; i < ia->argc; i++) {
		len = strlen(buf);
		param_cat(buf + len, size - len, i > 1 ? " " : "",
			  ia->argv[i], NULL);
	}
	for (i = 2; i < ia->envc; i++) {
		len = strlen(buf);
		param_cat(buf + len, size - len,
			  (i > 2 || ia->argc > 1) ? " " : "", ia->envp[i], NULL);
	}
	len = strlen(buf);
	param_cat(buf + len, size - len, tail, NULL);
	return strlen(buf);
}
