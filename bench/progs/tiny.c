/*
 * bench/progs/tiny.c: the program forkexec.c execs. It only exits 0, so
 * an iteration measures fork, exec, exit and wait, not the program.
 */
#include <unistd.h>

int
main(void)
{
	_exit(0);
}
