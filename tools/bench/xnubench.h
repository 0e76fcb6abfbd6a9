/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnubench.h - what the files of xnubench share: one row of the table
 * (struct bench), the comparisons printed under it (struct bench_cmp), and
 * the rows defined outside xnubench.c.
 */
#ifndef XNUBENCH_H
#define XNUBENCH_H

#include <sched.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * struct bench - one row of the table
 * @name:	the operation, as printed
 * @setup:	prepare the state; 0, or -1 after printing why (may be NULL),
 *		or 1 when the row cannot be measured here (a test module is
 *		missing, ...): it is shown as skipped, @note saying why
 * @run:	perform the operation @iters times; 0, or -1 after printing why
 * @teardown:	release the state (may be NULL); called only after setup succeeded
 * @note:	what exactly is measured, printed under the table (setup may fill it)
 * @fd:		state: a descriptor
 * @pid:	state: a child process
 * @cpus:	state: a saved CPU affinity
 * @buf:	state: buffers
 * @port:	state: Mach port names
 * @names:	state: an array of Mach port names
 * @count:	state: entries in @names
 */
struct bench {
	const char *name;
	int (*setup)(struct bench *b);
	int (*run)(struct bench *b, uint64_t iters);
	void (*teardown)(struct bench *b);
	char note[128];
	int fd[2];
	pid_t pid;
	cpu_set_t cpus;
	char *buf[2];
	uint32_t port[4];
	uint32_t *names;
	size_t count;
};

/**
 * struct bench_cmp - a ratio of two rows, printed under the table
 * @label:	what is compared
 * @num:	name of the row whose minimum is divided
 * @den:	name of the row whose minimum it is divided by (same run)
 * @max:	the target: the ratio should be at most this (0: none)
 */
struct bench_cmp {
	const char *label;
	const char *num;
	const char *den;
	double max;
};

/* Keep the compiler from dropping or merging work on this memory. */
static inline void clobber(void *p)
{
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/*
 * xnubench.c: a test module the rows need, loaded from
 * /lib/modules/$(uname -r)/extra/@name.ko unless it is loaded already.
 * Load: 0 (*@loaded set to 1 when this call loaded it), or -1 with the
 * reason in @why. Unload: only when *@loaded (this run loaded it).
 */
int bench_module_load(const char *name, int *loaded, char *why, size_t len);
void bench_module_unload(const char *name, int *loaded);

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

/*
 * bench_mach.c: Mach IPC. A null RPC to a passive kernel object and to the
 * same routine served by an active-listener kernel thread (the test
 * module's objects), a null RPC between two processes, and a name lookup
 * in a space of 10 and of 100,000 names.
 */
int mach_kobject_setup(struct bench *b);
int mach_kobject_active_setup(struct bench *b);
int mach_kobject_run(struct bench *b, uint64_t iters);
void mach_kobject_teardown(struct bench *b);
void mach_kobject_active_teardown(struct bench *b);
int mach_user_rpc_setup(struct bench *b);
int mach_user_rpc_run(struct bench *b, uint64_t iters);
void mach_user_rpc_teardown(struct bench *b);
int mach_lookup10_setup(struct bench *b);
int mach_lookup100k_setup(struct bench *b);
int mach_lookup_run(struct bench *b, uint64_t iters);
void mach_lookup_teardown(struct bench *b);

#define XNUBENCH_MACH_KOBJECT		"mach null kobject RPC"
#define XNUBENCH_MACH_ACTIVE		"mach null RPC, active listener"
#define XNUBENCH_MACH_USER		"mach user-user RPC"
#define XNUBENCH_MACH_LOOKUP10		"mach name lookup, 10 names"
#define XNUBENCH_MACH_LOOKUP100K	"mach name lookup, 100,000 names"

#define XNUBENCH_MACH_ROWS						\
	{ .name = XNUBENCH_MACH_KOBJECT, .setup = mach_kobject_setup,	\
	  .run = mach_kobject_run, .teardown = mach_kobject_teardown },	\
	{ .name = XNUBENCH_MACH_ACTIVE,					\
	  .setup = mach_kobject_active_setup, .run = mach_kobject_run,	\
	  .teardown = mach_kobject_active_teardown },			\
	{ .name = XNUBENCH_MACH_USER, .setup = mach_user_rpc_setup,	\
	  .run = mach_user_rpc_run, .teardown = mach_user_rpc_teardown },\
	{ .name = XNUBENCH_MACH_LOOKUP10, .setup = mach_lookup10_setup,	\
	  .run = mach_lookup_run, .teardown = mach_lookup_teardown },	\
	{ .name = XNUBENCH_MACH_LOOKUP100K,				\
	  .setup = mach_lookup100k_setup, .run = mach_lookup_run,	\
	  .teardown = mach_lookup_teardown },

/* The targets for the Mach rows. */
#define XNUBENCH_MACH_CMPS						\
	{ "kobject RPC / null ioctl", XNUBENCH_MACH_KOBJECT,		\
	  "null ioctl", 1.5 },						\
	{ "passive / active kobject RPC", XNUBENCH_MACH_KOBJECT,	\
	  XNUBENCH_MACH_ACTIVE, 1.0 / 3 },				\
	{ "user-user RPC / pipe ping-pong", XNUBENCH_MACH_USER,		\
	  "pipe ping-pong", 1.0 },					\
	{ "lookup, 100,000 / 10 names", XNUBENCH_MACH_LOOKUP100K,	\
	  XNUBENCH_MACH_LOOKUP10, 1.3 },

#endif /* XNUBENCH_H */
