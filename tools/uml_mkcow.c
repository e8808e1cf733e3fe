// SPDX-License-Identifier: GPL-2.0-only
/*
 * uml_mkcow: create a UML COW file over a backing file.
 *
 *	uml_mkcow [-f] <COW file> <backing file>
 *
 * Writes the same v3 header as UML and Debian's uml_mkcow (every field is
 * derived from the backing file; none holds the current time), sparse at
 * its full length. Differences from Debian's tool, on purpose: -f truncates
 * the old file so no stale bitmap bits survive, and a failed run leaves no
 * empty COW file behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cow_user.h"

static void
usage(FILE *f)
{
	fprintf(f,
		"Usage: uml_mkcow [-f] <COW file> <backing file>\n"
		"Creates a UML COW file (format version 3) over a backing file.\n"
		"\t-f\toverwrite the COW file if it already exists\n"
		"\t-h, --help\tprint this help and exit\n");
}

/* --help as Debian users expect of every tool, besides -h. */
static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct cow_info info;
	char msg[COW_PATH_LEN + 512];
	bool force = false;
	int opt, fd;

	while ((opt = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			force = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	fd = cow_create_file(argv[optind], argv[optind + 1], !force, &info,
			     msg, sizeof(msg));
	if (fd == -EEXIST) {
		fprintf(stderr, "uml_mkcow: COW file \"%s\" already exists; use -f to overwrite it\n",
			argv[optind]);
		return 1;
	}
	if (fd < 0) {
		fprintf(stderr, "uml_mkcow: %s\n", msg);
		return 1;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fprintf(stderr, "uml_mkcow: writing \"%s\": %s\n", argv[optind],
			strerror(errno));
		unlink(argv[optind]);
		return 1;
	}
	return 0;
}
