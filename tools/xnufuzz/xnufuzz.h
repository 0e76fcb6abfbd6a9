/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnufuzz.h - what the parts of xnufuzz share: the random generator, the
 * per-thread fuzzing context, the hostile-pointer helpers and the target
 * families (one file each: ioctl.c, mach.c, sysctl.c, genl.c, vm.c).
 */
#ifndef XNUFUZZ_H
#define XNUFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mach/mach.h>

#include "xnucross.h"
#include "xnu_mach_traps.h"
#include "xnu_mach_msg.h"

/* The target families (--ops): one bit and one counter each. */
enum fz_family {
	FZ_IOCTL,	/* trap table: random command words and arguments */
	FZ_PORT,	/* the port and task traps, mutated arguments */
	FZ_MSG,		/* mach_msg: headers, descriptors, sizes */
	FZ_MIG,		/* messages to kernel-object ports (MIG servers) */
	FZ_SYSCTL,	/* sysctl and sysctlbyname */
	FZ_GENL,	/* the generic netlink families */
	FZ_VM,		/* wiring and rings */
	FZ_SEM,		/* semaphores */
	FZ_NFAM
};

extern const char *const fz_family_names[FZ_NFAM];

/* Names of one space the fuzzer keeps to pick from. */
#define FZ_POOL	64

/* Largest argument a trap command word can encode, and a margin. */
#define FZ_ARENA_PAGES	8

/**
 * struct fz_ctx - one fuzzing thread
 * @rng:	its random state (xorshift64*)
 * @seed:	the seed it started from
 * @fd:		the process's /dev/xnucross file (libxnucross's, handshaken)
 * @task:	the task's self name in this space
 * @thread_nr:	index of the thread within its process
 * @calls:	the process's counters (shared with the supervisor)
 * @traps_ok:	per family: traps that returned 0 (KERN_SUCCESS)
 * @traps_errno: per family: traps that failed with an errno (a transport
 *		error: EFAULT, EINVAL, ENOTTY...) rather than a Mach code
 * @traps_kern:	per family: traps that returned a Mach/kern error (> 0):
 *		the call got past the transport into the service
 * @fam:	the family running now
 * @names:	names of this space to pick from (rights of all kinds, some
 *		stale: that is the point)
 * @nnames:	entries in @names
 * @rcv:	receive rights this thread made (a subset of @names)
 * @kobj:	kernel-object ports: task, thread, host, clock, semaphore,
 *		counter kext (0 where there is none)
 * @sem:	a semaphore of this thread only (the blocking waits use it)
 * @peers:	send rights to other fuzzing processes' service ports
 *		(bootstrap_look_up), stale once their owner is killed
 * @slot:	the process's slot; @nslots: the slots there are
 * @nobody:	the process runs as nobody
 * @verbose:	print each failing family's odd results
 */
struct fz_ctx {
	uint64_t rng;
	uint64_t seed;
	int fd;
	mach_port_t task;
	int thread_nr;
	volatile uint64_t *calls;
	volatile uint64_t *traps_ok;
	volatile uint64_t *traps_errno;
	volatile uint64_t *traps_kern;
	int fam;
	mach_port_t names[FZ_POOL];
	unsigned int nnames;
	mach_port_t rcv[8];
	mach_port_t kobj[8];
	unsigned int nkobj;
	mach_port_t sem;
	mach_port_t peers[8];
	int slot, nslots;
	bool nobody;
	int verbose;
};

/* ---- random numbers ----------------------------------------------------- */

uint64_t fz_mix(uint64_t x);

static inline uint64_t fz_rand(struct fz_ctx *c)
{
	uint64_t x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n); n > 0. */
static inline uint32_t fz_below(struct fz_ctx *c, uint32_t n)
{
	return (uint32_t)(((fz_rand(c) >> 32) * (uint64_t)n) >> 32);
}

/* True one time in n. */
static inline bool fz_one_in(struct fz_ctx *c, uint32_t n)
{
	return fz_below(c, n) == 0;
}

/* An "interesting" 32-bit value: boundaries, small numbers, random. */
uint32_t fz_u32(struct fz_ctx *c);
uint64_t fz_u64(struct fz_ctx *c);
/* A length: mostly small, sometimes at or around a boundary, or huge. */
uint32_t fz_len(struct fz_ctx *c, uint32_t typical);
void fz_fill(struct fz_ctx *c, void *buf, size_t len);
/* Flip one bit, or set one field-sized chunk to an interesting value. */
void fz_mutate(struct fz_ctx *c, void *buf, size_t len);

/* ---- memory the kernel is pointed at ------------------------------------- */

/*
 * A scratch buffer of @len bytes the kernel may read or write (in this
 * thread's arena, followed by an inaccessible page), filled at random.
 * NULL when @len does not fit.
 */
void *fz_buf(struct fz_ctx *c, size_t len);
/*
 * A hostile user address for an argument of @len bytes: NULL, an
 * unmapped or read-only page, a kernel address, a buffer that crosses
 * into an inaccessible page, an unaligned one... or, most of the time, a
 * good scratch buffer (fz_buf).
 */
uint64_t fz_ptr(struct fz_ctx *c, size_t len);
/* Set up the process's special pages (once, before the threads start). */
int fz_mem_init(void);
void *fz_arena(struct fz_ctx *c, size_t *len);
/*
 * The fuzzer's own memory (every thread's arena and rings, the special
 * pages): fz_own_add() records a region, fz_own_mem() says whether
 * [start, end) touches one. Such memory is never unmapped by the fuzzer.
 */
void fz_own_add(const void *p, size_t len);
bool fz_own_mem(uint64_t start, uint64_t end);

/* ---- names --------------------------------------------------------------- */

/* A name to use: from the pool, a kernel object, task, or garbage. */
mach_port_t fz_name(struct fz_ctx *c);
void fz_name_add(struct fz_ctx *c, mach_port_t name);
/* Raw trap on the process's file; the result of ioctl(). */
long fz_trap(struct fz_ctx *c, unsigned int cmd, void *arg);
/* Count one call of @fam. */
static inline void fz_count(struct fz_ctx *c, enum fz_family fam)
{
	__atomic_add_fetch(&c->calls[fam], 1, __ATOMIC_RELAXED);
}

/* ---- the families: one call each, chosen at random ---------------------- */

void fz_ioctl_one(struct fz_ctx *c);
void fz_port_one(struct fz_ctx *c);
void fz_msg_one(struct fz_ctx *c);
void fz_mig_one(struct fz_ctx *c);
void fz_sysctl_one(struct fz_ctx *c);
void fz_genl_one(struct fz_ctx *c);
void fz_vm_one(struct fz_ctx *c);
void fz_sem_one(struct fz_ctx *c);

/* Per-thread setup of the families that keep state (NULL-safe on failure). */
void fz_mach_setup(struct fz_ctx *c);
/* fz_genl_setup: -1 when no generic netlink family could be resolved. */
int fz_genl_setup(struct fz_ctx *c);
void fz_vm_setup(struct fz_ctx *c);
void fz_vm_teardown(struct fz_ctx *c);
/* Receive (and free) whatever is queued on @name, without waiting. */
void fz_drain(struct fz_ctx *c, mach_port_t name);

#endif /* XNUFUZZ_H */
