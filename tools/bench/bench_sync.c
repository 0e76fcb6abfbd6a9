// SPDX-License-Identifier: GPL-2.0
/*
 * bench_sync.c - xnubench's synchronisation rows: a ping-pong between two
 * threads of this process, one round trip per iteration,
 *
 *  - with Mach semaphores: this thread semaphore_signal()s the first and
 *    semaphore_wait()s on the second, the helper thread waits on the first
 *    and signals the second (four traps per round trip);
 *  - with futexes, the same protocol: a word per direction, set and
 *    FUTEX_WAKE'd by the signaller, waited on (FUTEX_WAIT while 0) and
 *    cleared by the waiter.
 *
 * Both threads run on the CPU this thread is on, as the pipe ping-pong
 * row does: a round trip is two context switches either way, and the
 * ratio shows what the semaphore path adds to a futex's.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mach/mach.h>
#include <mach/semaphore.h>

#include "xnubench.h"

/**
 * struct sync_state - the state of a running ping-pong row
 * @th:		the helper thread
 * @stop:	tells the helper to leave (checked after each wake)
 * @futex:	futex words, [0] toward the helper, [1] back
 * @sem:	semaphores, [0] toward the helper, [1] back
 * @err:	the helper's failure, 0 if none
 */
struct sync_state {
	pthread_t th;
	volatile int stop;
	uint32_t futex[2];
	semaphore_t sem[2];
	int err;
};

/* One row runs at a time. */
static struct sync_state sync_state;

/* ---- Mach semaphores ---------------------------------------------------- */

static void *sem_helper(void *arg)
{
	struct sync_state *s = arg;
	kern_return_t kr;

	for (;;) {
		kr = semaphore_wait(s->sem[0]);
		if (kr != KERN_SUCCESS) {
			s->err = kr;
			break;
		}
		if (s->stop)
			break;
		kr = semaphore_signal(s->sem[1]);
		if (kr != KERN_SUCCESS) {
			s->err = kr;
			break;
		}
	}
	return NULL;
}

int sync_sem_setup(struct bench *b)
{
	struct sync_state *s = &sync_state;
	kern_return_t kr;
	int i;

	snprintf(b->note, sizeof(b->note),
		 "semaphore_signal + semaphore_wait round trip, 2 threads, one CPU");
	memset(s, 0, sizeof(*s));
	for (i = 0; i < 2; i++) {
		kr = semaphore_create(mach_task_self(), &s->sem[i],
				      SYNC_POLICY_FIFO, 0);
		if (kr != KERN_SUCCESS) {
			fprintf(stderr, "xnubench: %s: semaphore_create: %s\n",
				b->name, mach_error_string(kr));
			if (i)
				semaphore_destroy(mach_task_self(), s->sem[0]);
			return -1;
		}
	}
	bench_pin_here(b);
	if (pthread_create(&s->th, NULL, sem_helper, s)) {
		fprintf(stderr, "xnubench: %s: pthread_create failed\n",
			b->name);
		semaphore_destroy(mach_task_self(), s->sem[0]);
		semaphore_destroy(mach_task_self(), s->sem[1]);
		sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
		return -1;
	}
	return 0;
}

int sync_sem_run(struct bench *b, uint64_t iters)
{
	struct sync_state *s = &sync_state;
	kern_return_t kr;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		kr = semaphore_signal(s->sem[0]);
		if (kr == KERN_SUCCESS)
			kr = semaphore_wait(s->sem[1]);
		if (kr != KERN_SUCCESS) {
			fprintf(stderr, "xnubench: %s: %s (helper: %#x)\n",
				b->name, mach_error_string(kr), s->err);
			return -1;
		}
	}
	return 0;
}

void sync_sem_teardown(struct bench *b)
{
	struct sync_state *s = &sync_state;

	s->stop = 1;
	semaphore_signal(s->sem[0]);
	pthread_join(s->th, NULL);
	semaphore_destroy(mach_task_self(), s->sem[0]);
	semaphore_destroy(mach_task_self(), s->sem[1]);
	sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
}

/* ---- futexes -------------------------------------------------------------- */

static long futex(uint32_t *word, int op, uint32_t val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* Post: set the word, wake its waiter. */
static void futex_post(uint32_t *word)
{
	__atomic_store_n(word, 1, __ATOMIC_RELEASE);
	futex(word, FUTEX_WAKE_PRIVATE, 1);
}

/* Take: wait until the word is set, clear it. */
static int futex_take(uint32_t *word)
{
	while (!__atomic_exchange_n(word, 0, __ATOMIC_ACQUIRE)) {
		if (futex(word, FUTEX_WAIT_PRIVATE, 0) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			return -1;
	}
	return 0;
}

static void *futex_helper(void *arg)
{
	struct sync_state *s = arg;

	for (;;) {
		if (futex_take(&s->futex[0])) {
			s->err = errno;
			break;
		}
		if (s->stop)
			break;
		futex_post(&s->futex[1]);
	}
	return NULL;
}

int sync_futex_setup(struct bench *b)
{
	struct sync_state *s = &sync_state;

	snprintf(b->note, sizeof(b->note),
		 "FUTEX_WAKE + FUTEX_WAIT round trip, 2 threads, one CPU");
	memset(s, 0, sizeof(*s));
	bench_pin_here(b);
	if (pthread_create(&s->th, NULL, futex_helper, s)) {
		fprintf(stderr, "xnubench: %s: pthread_create failed\n",
			b->name);
		sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
		return -1;
	}
	return 0;
}

int sync_futex_run(struct bench *b, uint64_t iters)
{
	struct sync_state *s = &sync_state;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		futex_post(&s->futex[0]);
		if (futex_take(&s->futex[1])) {
			fprintf(stderr, "xnubench: %s: %s\n", b->name,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

void sync_futex_teardown(struct bench *b)
{
	struct sync_state *s = &sync_state;

	s->stop = 1;
	futex_post(&s->futex[0]);
	pthread_join(s->th, NULL);
	sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
}
