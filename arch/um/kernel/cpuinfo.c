// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/cpuinfo is the host's own lines for the CPU we run on (read once at
 * boot), so that a program choosing code paths by the flags chooses what
 * glibc chose from CPUID. The kernel is uniprocessor: one processor, 0,
 * alone in its package, whatever the host's topology says.
 */
#include <string.h>

#include "kernel/printk.h"
#include "asm/processor.h"
#include "os.h"

static char host_cpuinfo[8192];

static const struct {
	const char *key, *value;
} uniprocessor[] = {
	{ "processor", "0" }, { "physical id", "0" }, { "siblings", "1" }, { "core id", "0" },
	{ "cpu cores", "1" }, { "apicid", "0" }, { "initial apicid", "0" },
};

size_t
arch_show_cpuinfo(char *b, size_t n)
{
	size_t len = 0;

	for (const char *line = host_cpuinfo; *line;) {
		size_t l = strcspn(line, "\n"), klen = strcspn(line, "\t:");
		const char *value = NULL;

		for (size_t i = 0; i < sizeof(uniprocessor) / sizeof(uniprocessor[0]); i++)
			if (strlen(uniprocessor[i].key) == klen &&
			    !memcmp(line, uniprocessor[i].key, klen) && memchr(line, ':', l))
				value = uniprocessor[i].value;
		if (value)
			len += kscnprintf(b + len, n - len, "%.*s: %s\n",
					  (int)(strchr(line, ':') - line), line, value);
		else
			len += kscnprintf(b + len, n - len, "%.*s\n", (int)l, line);
		line += l + (line[l] == '\n');
	}
	return len + kscnprintf(b + len, n - len, "\n");
}

void
arch_cpuinfo_init(void)
{
	if (os_host_cpuinfo(host_cpuinfo, sizeof(host_cpuinfo)) <= 0) {
		pr_warn("proc: can't read the host's /proc/cpuinfo; /proc/cpuinfo lists processor 0 only\n");
		strcpy(host_cpuinfo, "processor\t: 0\n");
	}
}
