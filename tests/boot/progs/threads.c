/*
 * Boot-test guest program: 8 POSIX threads each add 1 to a shared counter
 * 100000 times under one mutex; main joins them and prints
 * "threads: total <n>" (800000 when threads, futexes and clone work).
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 8
#define ROUNDS 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int
main(void)
{
	pthread_t t[NTHREADS];
	int started = 0;

	for (int i = 0; i < NTHREADS; i++) {
		int r = pthread_create(&t[i], NULL, worker, NULL);

		if (r) {
			printf("threads: pthread_create %d failed: %d\n", i, r);
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	printf("threads: total %ld\n", counter);
	return started == NTHREADS ? 0 : 1;
}
