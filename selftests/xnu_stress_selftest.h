/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_stress_selftest.h - what the teardown and concurrency stress tests
 * (stress_kill_test, stress_threads_test, stress_unload_test) share: the
 * loop count ($XNU_STRESS_LOOPS; default 1000, 100 on the debug kernel),
 * the module's reference count, children forked to block in one
 * operation, alone or in batches (each says through a pipe that it is
 * about to block; the parent then waits until the kernel has put it to
 * sleep; one such child holds wired memory), and SIGKILL-and-reap.
 * Children die with the test (a harness timeout leaves none behind).
 *
 * Include it after xnu_mach_selftest.h (or a header including it).
 */
#ifndef XNU_STRESS_SELFTEST_H
#define XNU_STRESS_SELFTEST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <xnucross/wire.h>

#define ST_LOOPS_DEFAULT	1000
/*
 * On the sanitizer kernel of make check-debug (release "*-xnudebug"),
 * about four times slower, a tenth: every case stays well within its
 * 1200 s limit there.
 */
#define ST_LOOPS_DEBUG		100

/* $XNU_STRESS_LOOPS (1..10000000), or the default for this kernel. */
static inline unsigned int st_loops(void)
{
	const char *s = getenv("XNU_STRESS_LOOPS");
	struct utsname u;
	unsigned long v;
	char *end;

	if (s && *s) {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (!errno && !*end && v >= 1 && v <= 10000000UL)
			return (unsigned int)v;
	}
	if (!uname(&u) && strstr(u.release, "xnudebug"))
		return ST_LOOPS_DEBUG;
	return ST_LOOPS_DEFAULT;
}

/* The reference count of module @mod (sysfs refcnt), or -1. */
static inline long st_refcnt(const char *mod)
{
	char path[128];
	unsigned long n;

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt", mod);
	if (xnu_read_ulong(path, 10, &n))
		return -1;
	return (long)n;
}

/*
 * What a blocking child runs: @fd is the pipe to write one byte to just
 * before the blocking call; it returns (the child's exit status) only when
 * something failed or the call did not block.
 */
typedef int (*st_child_fn)(int fd, void *arg);

/*
 * Fork a child running @fn(fd, @arg); its pid (the read end of its pipe in
 * *@rfd), or -1.
 */
static inline pid_t st_spawn(st_child_fn fn, void *arg, int *rfd)
{
	int wfd;
	pid_t pid;

	pid = xnu_fork_piped(rfd, &wfd);
	if (pid == 0) {
		/* Never outlive the test (a harness timeout kills it). */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() == 1)
			_exit(98);
		_exit(fn(wfd, arg) & 0xff);
	}
	return pid;
}

/*
 * Wait for the byte of child @pid (st_spawn()) on @rfd, which is closed.
 * Returns @pid, or -1 when the child ended first (it is reaped then).
 */
static inline pid_t st_await(pid_t pid, int rfd)
{
	int status = 0;
	ssize_t n;
	char c;

	if (pid < 0)
		return -1;
	do {
		n = read(rfd, &c, 1);
	} while (n < 0 && errno == EINTR);
	close(rfd);
	if (n != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fprintf(stderr, "# child %d ended before blocking: %#x\n",
			pid, status);
		return -1;
	}
	return pid;
}

/* st_spawn() and st_await(): a child about to block, or -1. */
static inline pid_t st_fork_child(st_child_fn fn, void *arg)
{
	int rfd = -1;
	pid_t pid = st_spawn(fn, arg, &rfd);

	return pid < 0 ? -1 : st_await(pid, rfd);
}

/* In the child: say "about to block"; 0, or -1. */
static inline int st_ready(int fd)
{
	char c = 1;

	return write(fd, &c, 1) == 1 ? 0 : -1;
}

/*
 * A child that wires (uintptr_t)@arg pages of fresh anonymous memory, says
 * it is ready and sleeps holding them until it is killed.
 */
static inline int st_child_wire(int fd, void *arg)
{
	size_t len = (uintptr_t)arg * (size_t)getpagesize();
	uint64_t handle;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MT_CHILD_TRUE(p != MAP_FAILED);
	MT_CHILD_EQ(KERN_SUCCESS, xnucross_vm_wire(p, len, VM_PROT_READ |
						   VM_PROT_WRITE, &handle));
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;)
		pause();
}

/* Children st_kill() saw die of SIGKILL in this process (a test's). */
static unsigned int st_killed;

/*
 * SIGKILL @pid and reap it: 0 when it died of that signal, else its wait
 * status (or -1).
 */
static inline int st_kill(pid_t pid)
{
	int status;
	pid_t ret;

	if (kill(pid, SIGKILL))
		return -1;
	do {
		ret = waitpid(pid, &status, 0);
	} while (ret < 0 && errno == EINTR);
	if (ret != pid)
		return -1;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		st_killed++;
		return 0;
	}
	fprintf(stderr, "# child %d was not killed: status %#x\n", pid,
		status);
	return status ? status : -1;
}

/* Children started and killed together by st_batch_*(). */
#define ST_BATCH_MAX	8

/**
 * struct st_batch - up to ST_BATCH_MAX children blocked at once
 * @pid:	their pids
 * @n:		how many
 */
struct st_batch {
	pid_t pid[ST_BATCH_MAX];
	unsigned int n;
};

/*
 * Start @n (<= ST_BATCH_MAX) children of @fn(fd, @arg) and wait until each
 * said it is about to block; 0, or -1 (the batch is killed then).
 */
static inline int st_batch_start(struct st_batch *b, unsigned int n,
				 st_child_fn fn, void *arg)
{
	int rfd[ST_BATCH_MAX];
	unsigned int i;
	int err = 0;

	b->n = 0;
	if (n > ST_BATCH_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		b->pid[i] = st_spawn(fn, arg, &rfd[i]);
		if (b->pid[i] < 0)
			break;
		b->n++;
	}
	for (i = 0; i < b->n; i++)
		if (st_await(b->pid[i], rfd[i]) < 0) {
			b->pid[i] = -1;
			err = -1;
		}
	if (b->n < n)
		err = -1;
	if (err) {
		for (i = 0; i < b->n; i++)
			if (b->pid[i] > 0)
				st_kill(b->pid[i]);
		b->n = 0;
	}
	return err;
}

/*
 * Kill the batch, after waiting (@sleeping) until each child sleeps in the
 * kernel; 0 when every child slept and died of SIGKILL, else -1.
 */
static inline int st_batch_kill(struct st_batch *b, bool sleeping)
{
	unsigned int i;
	int err = 0;

	for (i = 0; sleeping && i < b->n; i++)
		if (mt_wait_sleeping(b->pid[i], b->pid[i], MT_WAIT_MS)) {
			fprintf(stderr, "# child %d never slept\n",
				b->pid[i]);
			err = -1;
		}
	for (i = 0; i < b->n; i++)
		if (st_kill(b->pid[i]))
			err = -1;
	b->n = 0;
	return err;
}

/* Spin for about @us microseconds (no sleep: the child keeps running). */
static inline void st_spin_us(unsigned int us)
{
	uint64_t end = mt_now_ns() + (uint64_t)us * 1000ULL;

	while (mt_now_ns() < end)
		;
}

#endif /* XNU_STRESS_SELFTEST_H */
