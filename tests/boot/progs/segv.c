/*
 * Boot-test guest program: writes through a NULL pointer. The shell that
 * runs it must report "Segmentation fault" and see status 139; the kernel
 * must carry on.
 */
int
main(void)
{
	*(volatile int *)0 = 42;
	return 0;
}
