/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the case files of test_ext4_write: the filesystem variants
 * every case runs on, and the TCase of each file.
 */
#ifndef TESTS_EXT4_WCASES_H
#define TESTS_EXT4_WCASES_H

#include "wfixture.h"

enum fsv { F_EXT4, F_EXT4_1K, F_NOCSUM, F_NOJOURNAL, F_UNINIT, F_EXT3, F_EXT2, F_COUNT };

struct fsv_info {
	const char *name, *type, *opts;
	bool extents, journal, dir_index;
	uint32_t block_size;
};

extern const struct fsv_info fsv[F_COUNT];

/* wcase_mkfs makes a variant's image named tag-variant of size bytes. */
void wcase_mkfs(struct wimg *w, enum fsv v, const char *tag, uint64_t size);
/* wcase_finish unmounts, runs e2fsck, and checks the model through the library and debugfs. */
void wcase_finish(struct wimg *w, struct model *m);

TCase *basics_tcase(void);
TCase *names_tcase(void);
TCase *data_tcase(void);
TCase *xattr_tcase(void);
TCase *tree_tcase(void);
TCase *fuzz_tcase(void);

#endif /* TESTS_EXT4_WCASES_H */
