// SPDX-License-Identifier: GPL-2.0-only
/*
 * The number parser of the sysctl handlers (kernel/sysctl.c), as Linux's
 * proc_get_long() reads numbers: pure, so that tests/unit/test_sysctl.c
 * can hold it to these examples.
 *
 *   "42\n"   -> 42, rest "\n"     "-3 x" -> 3 and neg, rest " x"
 *   "0x10"   -> 16                "010"  -> 8 (a leading 0 is octal)
 *   "12abc", "abc", "", "-", "0x", "1.5"          -> -EINVAL
 *   "18446744073709551615" -> the largest; one more digit -> -EINVAL
 *   21 digits or more      -> -EINVAL (Linux cannot tell where they end)
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/sysctl_parse.h"

#define TMPBUFLEN	22	/* a number, its sign and the byte after it */

static bool
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int
digit(char c, unsigned base)
{
	unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
		     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
		     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;

	return d < base ? (int)d : -1;
}

/* parse_ulong reads digits at s in base 0 (C's rules); returns the end, or NULL on overflow. */
static const char *
parse_ulong(const char *s, uint64_t *val)
{
	unsigned base = 10;
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit(s[2], 16) >= 0) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; (d = digit(*s, base)) >= 0; s++) {
		if (v > (~0ULL - (uint64_t)d) / base)
			return NULL;
		v = v * base + (uint64_t)d;
	}
	*val = v;
	return s;
}

int
sysctl_get_long(const char **p, size_t *left, uint64_t *val, bool *neg)
{
	char tmp[TMPBUFLEN];
	const char *s = tmp, *end;
	size_t len = *left;

	if (!len)
		return -EINVAL;
	if (len > TMPBUFLEN - 1)
		len = TMPBUFLEN - 1;
	memcpy(tmp, *p, len);
	tmp[len] = '\0';
	*neg = false;
	if (*s == '-' && *left > 1) {
		*neg = true;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	end = parse_ulong(s, val);
	if (!end)
		return -EINVAL;
	len = (size_t)(end - tmp);
	if (len == TMPBUFLEN - 1)
		return -EINVAL;	/* too long to be sure where it ends */
	if (len < *left && *end && !is_sep(*end))
		return -EINVAL;
	*p += len;
	*left -= len;
	return 0;
}
