/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic half of kernel command-line handling, as Linux's init/main.c
 * and kernel/params.c do it: split the line into words (double quotes group
 * words), match option names ('-' equals '_'), and hand every word no
 * option claimed to init: "name=value" words become environment variables,
 * bare words become arguments, everything after a bare "--" goes to init's
 * argv unchanged. Pure logic: no host calls, no printing, no allocation.
 *
 * The UML-specific options (ubd, eth, con, mem=, ...) and the argv -> line
 * step live in arch/um/kernel/um_params.c, which drives this file.
 */
#ifndef KERNEL_PARAMS_H
#define KERNEL_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

/* Longest kernel command line, as for x86 UML (COMMAND_LINE_SIZE). */
#define COMMAND_LINE_SIZE	4096
/* CONFIG_INIT_ENV_ARG_LIMIT of UML builds: words passed to init. */
#define MAX_INIT_ARGS		128
#define MAX_INIT_ENVS		128

/* One word of the command line with quotes removed as Linux removes them. */
struct param_word {
	char *word;		/* "name" or "name=value" */
	size_t namelen;		/* length of the name (the whole word if no value) */
	const char *val;	/* the value inside word, or NULL when there is no '=' */
};

/* What init (PID 1) is started with. */
struct init_args {
	const char *path;			/* init=, or NULL: try init_default_paths */
	const char *argv[MAX_INIT_ARGS + 2];	/* argv[0] is the program; NULL-terminated */
	int argc;
	const char *envp[MAX_INIT_ENVS + 2];	/* starts as HOME=/ TERM=linux; NULL-terminated */
	int envc;
};

/* The programs tried in order when no init= was given (NULL-terminated). */
extern const char *const init_default_paths[];

/*
 * param_next copies the word at *pos into *buf (quotes removed) and advances
 * both; it returns false at the end of the line. *buf needs room for
 * strlen(line) + 1 bytes over the whole line.
 */
bool param_next(const char **pos, char **buf, struct param_word *w);

/* parameqn compares the first n bytes of a and b, taking '-' and '_' as equal. */
bool parameqn(const char *a, const char *b, size_t n);

/*
 * param_strtoull parses an unsigned number as Linux's simple_strtoull does
 * (base 0: 0x.. hex, 0.. octal, else decimal); *end points past the digits.
 * Returns 0, -EINVAL (no digits) or -ERANGE (does not fit).
 */
int param_strtoull(const char *s, const char **end, unsigned int base,
		   unsigned long long *out);

/*
 * param_memparse parses "<number>[KMGTPE]" (either case) as Linux's memparse;
 * *end points past the suffix. Returns 0, -EINVAL or -ERANGE.
 */
int param_memparse(const char *s, const char **end, unsigned long long *out);

/* param_utoa writes v in decimal to buf (at least 21 bytes) and returns buf. */
char *param_utoa(unsigned long long v, char *buf);

/*
 * param_cat writes the NULL-terminated list of strings after dst, size into
 * dst, truncating safely, and returns dst.
 */
char *param_cat(char *dst, size_t size, ...);

/* init_args_init empties argv (argv[0] = "/sbin/init") and sets HOME=/ TERM=linux. */
void init_args_init(struct init_args *ia);

/* init_args_set_init applies init=<path>: argv[0] = path, earlier argv words dropped. */
void init_args_set_init(struct init_args *ia, const char *path);

/* init_args_set_argv0 sets argv[0] to the program actually started. */
void init_args_set_argv0(struct init_args *ia, const char *path);

/*
 * init_args_unknown passes a word no option claimed to init as Linux does:
 * a dotted name is a module parameter and is dropped; name=value sets (or
 * replaces) an environment variable; a bare word is appended to argv.
 * Returns 0 or -E2BIG with "Too many boot ... vars at `word'" in err.
 */
int init_args_unknown(struct init_args *ia, const struct param_word *w,
		      char *err, size_t errsize);

/* init_args_add appends a word after "--" to argv; 0 or -E2BIG as above. */
int init_args_add(struct init_args *ia, const char *word, char *err,
		  size_t errsize);

/*
 * init_args_unknown_msg writes 'Unknown kernel command line parameters
 * "...", will be passed to user space.' for the words passed so far, or ""
 * when there are none; returns the message length.
 */
size_t init_args_unknown_msg(const struct init_args *ia, char *buf,
			     size_t size);

#endif /* KERNEL_PARAMS_H */
