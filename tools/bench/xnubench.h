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

/*
 * xnubench.c: pin the calling thread (and what it starts afterwards) to the
 * CPU it runs on, its affinity saved in b->cpus for the teardown to put
 * back (sched_setaffinity(0, sizeof(b->cpus), &b->cpus)).
 */
void bench_pin_here(struct bench *b);

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

/*
 * bench_mach.c: MIG calls through the stubs xmig generated (libxnucross),
 * served by the module's generated kernel servers in the caller's thread.
 */
int mach_clock_get_time_setup(struct bench *b);
int mach_clock_get_time_run(struct bench *b, uint64_t iters);
void mach_clock_get_time_teardown(struct bench *b);
int mach_thread_policy_get_setup(struct bench *b);
int mach_thread_policy_get_run(struct bench *b, uint64_t iters);
void mach_thread_policy_get_teardown(struct bench *b);

#define XNUBENCH_MIG_CLOCK		"MIG clock_get_time"
#define XNUBENCH_MIG_POLICY		"MIG thread_policy_get"

#define XNUBENCH_MIG_ROWS						\
	{ .name = XNUBENCH_MIG_CLOCK, .setup = mach_clock_get_time_setup,\
	  .run = mach_clock_get_time_run,				\
	  .teardown = mach_clock_get_time_teardown },			\
	{ .name = XNUBENCH_MIG_POLICY,					\
	  .setup = mach_thread_policy_get_setup,			\
	  .run = mach_thread_policy_get_run,				\
	  .teardown = mach_thread_policy_get_teardown },

#define XNUBENCH_MIG_CMPS						\
	{ "clock_get_time / null ioctl", XNUBENCH_MIG_CLOCK,		\
	  "null ioctl", 0 },						\
	{ "thread_policy_get / null ioctl", XNUBENCH_MIG_POLICY,	\
	  "null ioctl", 0 },						\
	{ "clock_get_time / null kobject RPC", XNUBENCH_MIG_CLOCK,	\
	  XNUBENCH_MACH_KOBJECT, 0 },

/*
 * bench_sync.c: a ping-pong between two threads on one CPU with Mach
 * semaphores (semaphore_signal + semaphore_wait) and with futexes.
 */
int sync_sem_setup(struct bench *b);
int sync_sem_run(struct bench *b, uint64_t iters);
void sync_sem_teardown(struct bench *b);
int sync_futex_setup(struct bench *b);
int sync_futex_run(struct bench *b, uint64_t iters);
void sync_futex_teardown(struct bench *b);

#define XNUBENCH_SYNC_SEM		"semaphore ping-pong"
#define XNUBENCH_SYNC_FUTEX		"futex ping-pong"

#define XNUBENCH_SYNC_ROWS						\
	{ .name = XNUBENCH_SYNC_SEM, .setup = sync_sem_setup,		\
	  .run = sync_sem_run, .teardown = sync_sem_teardown },		\
	{ .name = XNUBENCH_SYNC_FUTEX, .setup = sync_futex_setup,	\
	  .run = sync_futex_run, .teardown = sync_futex_teardown },

#define XNUBENCH_SYNC_CMPS						\
	{ "semaphore / futex ping-pong", XNUBENCH_SYNC_SEM,		\
	  XNUBENCH_SYNC_FUTEX, 0 },

/*
 * bench_memory.c: bulk transfer. 64 KiB records through a wired ring to
 * the sample consumer vs one ioctl with copyin each; 16 MiB out of line in
 * one message vs inline in 64 KiB messages.
 */
int mem_ring_setup(struct bench *b);
int mem_ring_run(struct bench *b, uint64_t iters);
void mem_ring_teardown(struct bench *b);
int mem_ioctl_setup(struct bench *b);
int mem_ioctl_run(struct bench *b, uint64_t iters);
void mem_ioctl_teardown(struct bench *b);
int mem_ool_setup(struct bench *b);
int mem_ool_run(struct bench *b, uint64_t iters);
void mem_ool_teardown(struct bench *b);
int mem_inline_setup(struct bench *b);
int mem_inline_run(struct bench *b, uint64_t iters);
void mem_inline_teardown(struct bench *b);

#define XNUBENCH_MEM_RING		"ring, 64 KiB record"
#define XNUBENCH_MEM_IOCTL		"ioctl copyin, 64 KiB record"
#define XNUBENCH_MEM_OOL		"OOL 16 MiB message"
#define XNUBENCH_MEM_INLINE		"inline 16 MiB, 64 KiB msgs"

#define XNUBENCH_MEMORY_ROWS						\
	{ .name = XNUBENCH_MEM_RING, .setup = mem_ring_setup,		\
	  .run = mem_ring_run, .teardown = mem_ring_teardown },		\
	{ .name = XNUBENCH_MEM_IOCTL, .setup = mem_ioctl_setup,	\
	  .run = mem_ioctl_run, .teardown = mem_ioctl_teardown },	\
	{ .name = XNUBENCH_MEM_OOL, .setup = mem_ool_setup,		\
	  .run = mem_ool_run, .teardown = mem_ool_teardown },		\
	{ .name = XNUBENCH_MEM_INLINE, .setup = mem_inline_setup,	\
	  .run = mem_inline_run, .teardown = mem_inline_teardown },

/* The target: the ring at least twice the ioctl's throughput. */
#define XNUBENCH_MEMORY_CMPS						\
	{ "ring / ioctl copyin, per 64 KiB", XNUBENCH_MEM_RING,	\
	  XNUBENCH_MEM_IOCTL, 0.5 },					\
	{ "OOL / inline, per 16 MiB", XNUBENCH_MEM_OOL,		\
	  XNUBENCH_MEM_INLINE, 0 },

/*
 * bench_copy.c: copyout() of 1 MiB from a kernel buffer into this
 * process, through the ioctl of the test module xnu_copyio_test.
 */
int copyout_setup(struct bench *b);
int copyout_run(struct bench *b, uint64_t iters);
void copyout_teardown(struct bench *b);

#define XNUBENCH_COPYOUT		"copyout 1 MiB"

#define XNUBENCH_COPY_ROWS						\
	{ .name = XNUBENCH_COPYOUT, .setup = copyout_setup,		\
	  .run = copyout_run, .teardown = copyout_teardown },

/* The target: copyout at least 0.8 of memcpy's throughput. */
#define XNUBENCH_COPY_CMPS						\
	{ "copyout / memcpy, per 1 MiB", XNUBENCH_COPYOUT,		\
	  "memcpy 1 MiB", 1 / 0.8 },

#endif /* XNUBENCH_H */
