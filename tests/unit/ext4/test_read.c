/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for kernel/fs/ext4 (include/kernel/ext4.h), the read side,
 * over real images: fixture.c builds them, read_cases.c reads them,
 * corrupt_cases.c breaks copies of them. The write side has its own
 * executables (test_write.c, test_journal.c).
 */
#include "fixture.h"

int
main(void)
{
	Suite *s = suite_create("ext4");
	SRunner *sr;
	int failed;

	build_images();
	suite_add_tcase(s, read_images_tcase());
	suite_add_tcase(s, corruption_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (getenv("EXT4_KEEP_IMAGES"))
		fprintf(stderr, "images kept in %s\n", imgdir);
	remove_tmpdir();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
