/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnubench.h - what the files of xnubench share: one row of the table
 * (struct bench) and the rows defined outside xnubench.c.
 */
#ifndef XNUBENCH_H
#define XNUBENCH_H

#include <sched.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * struct bench - one row of the table
 * @name:	the operation, as printed
 * @setup:	prepare the state; 0, or -1 after printing why (may be NULL)
 * @run:	perform the operation @iters times; 0, or -1 after printing why
 * @teardown:	release the state (may be NULL); called only after setup succeeded
 * @note:	what exactly is measured, printed under the table (setup may fill it)
 * @fd:		state: a descriptor
 * @pid:	state: a child process
 * @cpus:	state: a saved CPU affinity
 * @buf:	state: buffers
 */
struct bench {
	const char *name;
	int (*setup)(struct bench *b);
	int (*run)(struct bench *b, uint64_t iters);
	void (*teardown)(struct bench *b);
	char note[96];
	int fd[2];
	pid_t pid;
	cpu_set_t cpus;
	char *buf[2];
};

/* Keep the compiler from dropping or merging work on this memory. */
static inline void clobber(void *p)
{
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* bench_sysctl.c: sysctl by MIB and by name, /proc/sys, 10 vs 10,000 OIDs. */
int sysctl_mib_setup(struct bench *b);
int sysctl_mib_run(struct bench *b, uint64_t iters);
int sysctl_name_setup(struct bench *b);
int sysctl_name_run(struct bench *b, uint64_t iters);
int procsys_setup(struct bench *b);
int procsys_run(struct bench *b, uint64_t iters);
int sysctl_bulk10_setup(struct bench *b);
int sysctl_bulk10000_setup(struct bench *b);
int sysctl_bulk_run(struct bench *b, uint64_t iters);
void sysctl_bulk_teardown(struct bench *b);

#define XNUBENCH_SYSCTL_ROWS						\
	{ .name = "sysctl by MIB", .setup = sysctl_mib_setup,		\
	  .run = sysctl_mib_run },					\
	{ .name = "sysctlbyname", .setup = sysctl_name_setup,		\
	  .run = sysctl_name_run },					\
	{ .name = "/proc/sys read", .setup = procsys_setup,		\
	  .run = procsys_run },						\
	{ .name = "byname, 10 OIDs", .setup = sysctl_bulk10_setup,	\
	  .run = sysctl_bulk_run, .teardown = sysctl_bulk_teardown },	\
	{ .name = "byname, 10000 OIDs", .setup = sysctl_bulk10000_setup,\
	  .run = sysctl_bulk_run, .teardown = sysctl_bulk_teardown },

#endif /* XNUBENCH_H */
