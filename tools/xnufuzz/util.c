// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - xnufuzz's random values and the memory it points the kernel at:
 * a scratch arena per thread (followed by an inaccessible page, so that a
 * kernel write past a buffer faults instead of corrupting the fuzzer),
 * a read-only page, an inaccessible page, kernel addresses.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xnufuzz.h"

const char *const fz_family_names[FZ_NFAM] = {
	[FZ_IOCTL] = "ioctl", [FZ_PORT] = "port", [FZ_MSG] = "msg",
	[FZ_MIG] = "mig", [FZ_SYSCTL] = "sysctl", [FZ_GENL] = "genl",
	[FZ_VM] = "vm", [FZ_SEM] = "sem",
};

static long fz_page;
static uint8_t *fz_ro_page;	/* readable, not writable */
static uint8_t *fz_none_page;	/* PROT_NONE: every access faults */
static __thread uint8_t *fz_arena_base;
static __thread size_t fz_arena_len;

/* Every thread's arena and rings, the special pages: never unmapped. */
#define FZ_OWN_MAX	64
static struct { uint64_t start, end; } fz_own[FZ_OWN_MAX];
static unsigned int fz_nown;

void fz_own_add(const void *p, size_t len)
{
	unsigned int i = __atomic_fetch_add(&fz_nown, 1, __ATOMIC_RELAXED);

	if (i >= FZ_OWN_MAX)
		return;
	fz_own[i].start = (uint64_t)(uintptr_t)p;
	__atomic_store_n(&fz_own[i].end, (uint64_t)(uintptr_t)p + len,
			 __ATOMIC_RELEASE);
}

bool fz_own_mem(uint64_t start, uint64_t end)
{
	unsigned int i, n = __atomic_load_n(&fz_nown, __ATOMIC_RELAXED);

	for (i = 0; i < n && i < FZ_OWN_MAX; i++)
		if (start < __atomic_load_n(&fz_own[i].end, __ATOMIC_ACQUIRE) &&
		    end > fz_own[i].start)
			return true;
	return false;
}

uint64_t fz_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31)) | 1;
}

uint32_t fz_u32(struct fz_ctx *c)
{
	static const uint32_t special[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255,
		256, 511, 512, 1023, 1024, 4095, 4096, 4097, 8191, 8192,
		65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffe,
		0xffffffff, 0xffff, 0x10000, 0x1000000, 0x3fffffff,
	};

	switch (fz_below(c, 4)) {
	case 0:
		return special[fz_below(c, sizeof(special) / sizeof(special[0]))];
	case 1:
		return fz_below(c, 64);
	case 2:
		return special[fz_below(c, sizeof(special) / sizeof(special[0]))] +
			(uint32_t)fz_below(c, 5) - 2;
	default:
		return (uint32_t)fz_rand(c);
	}
}

uint64_t fz_u64(struct fz_ctx *c)
{
	switch (fz_below(c, 4)) {
	case 0:
		return fz_u32(c);
	case 1:
		return (uint64_t)(int64_t)(int32_t)fz_u32(c);
	case 2:
		return 1ULL << fz_below(c, 64);
	default:
		return fz_rand(c);
	}
}

uint32_t fz_len(struct fz_ctx *c, uint32_t typical)
{
	switch (fz_below(c, 8)) {
	case 0:
		return fz_u32(c);
	case 1:
		return typical + fz_below(c, 9) - 4;
	case 2:
		return 0;
	default:
		return fz_below(c, typical + 1);
	}
}

void fz_fill(struct fz_ctx *c, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint64_t r = 0;
	size_t i;

	switch (fz_below(c, 4)) {
	case 0:
		memset(buf, 0, len);
		return;
	case 1:
		memset(buf, fz_one_in(c, 2) ? 0xff : (int)fz_below(c, 256), len);
		return;
	default:
		break;
	}
	for (i = 0; i < len; i++) {
		if (!(i & 7))
			r = fz_rand(c);
		p[i] = (uint8_t)r;
		r >>= 8;
	}
}

void fz_mutate(struct fz_ctx *c, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t v;
	size_t off;

	if (!len)
		return;
	switch (fz_below(c, 3)) {
	case 0:
		off = fz_below(c, (uint32_t)len);
		p[off] ^= (uint8_t)(1u << fz_below(c, 8));
		break;
	case 1:
		if (len < 4)
			return;
		off = fz_below(c, (uint32_t)(len / 4)) * 4;
		v = fz_u32(c);
		memcpy(p + off, &v, 4);
		break;
	default:
		off = fz_below(c, (uint32_t)len);
		p[off] = (uint8_t)fz_rand(c);
		break;
	}
}

int fz_mem_init(void)
{
	fz_page = sysconf(_SC_PAGESIZE);
	fz_ro_page = mmap(NULL, fz_page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	fz_none_page = mmap(NULL, fz_page, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fz_ro_page == MAP_FAILED || fz_none_page == MAP_FAILED)
		return -1;
	fz_own_add(fz_ro_page, fz_page);
	fz_own_add(fz_none_page, fz_page);
	return 0;
}

void *fz_arena(struct fz_ctx *c, size_t *len)
{
	uint8_t *p;

	if (!fz_arena_base) {
		/* The arena, then a page that stays inaccessible. */
		p = mmap(NULL, (FZ_ARENA_PAGES + 1) * fz_page,
			 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		mprotect(p + FZ_ARENA_PAGES * fz_page, fz_page, PROT_NONE);
		fz_arena_base = p;
		fz_arena_len = FZ_ARENA_PAGES * fz_page;
		fz_own_add(p, (FZ_ARENA_PAGES + 1) * fz_page);
	}
	if (len)
		*len = fz_arena_len;
	return fz_arena_base;
}

void *fz_buf(struct fz_ctx *c, size_t len)
{
	size_t alen;
	uint8_t *a = fz_arena(c, &alen);
	size_t off;

	if (!a || len > alen)
		return NULL;
	/* Aligned at the start, ending at the guard page, or anywhere. */
	switch (fz_below(c, 3)) {
	case 0:
		off = fz_below(c, (uint32_t)((alen - len) / 8 + 1)) * 8;
		break;
	case 1:
		off = alen - len;
		break;
	default:
		off = fz_below(c, (uint32_t)(alen - len + 1));
		break;
	}
	fz_fill(c, a + off, len);
	return a + off;
}

uint64_t fz_ptr(struct fz_ctx *c, size_t len)
{
	static const uint64_t kernel[] = {
		0xffff888000000000ULL, 0xffffffff81000000ULL,
		0xffffffffff600000ULL, 0xfffffffffffff000ULL,
		0x0000800000000000ULL, 0x00007ffffffff000ULL,
	};
	size_t alen;
	uint8_t *a;
	void *b;

	switch (fz_below(c, 16)) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)(uintptr_t)fz_none_page + fz_below(c, 64);
	case 2:
		return (uint64_t)(uintptr_t)fz_ro_page +
			fz_below(c, (uint32_t)fz_page);
	case 3:
		return kernel[fz_below(c, sizeof(kernel) / sizeof(kernel[0]))] +
			fz_below(c, 4096);
	case 4:
		/* Crosses into the guard page after the arena. */
		a = fz_arena(c, &alen);
		if (!a)
			return 0;
		return (uint64_t)(uintptr_t)(a + alen -
			(len ? fz_below(c, (uint32_t)(len < alen ? len : alen)) : 0));
	case 5:
		/*
		 * Random, but never where this process has memory: below
		 * mmap_min_addr, or outside the user half.
		 */
		if (fz_one_in(c, 2))
			return fz_rand(c) & 0xffff;
		return fz_rand(c) | 0x800000000000ULL;
	default:
		b = fz_buf(c, len);
		if (!b) /* too large for the arena: its start, it faults later */
			b = fz_arena(c, NULL);
		return (uint64_t)(uintptr_t)b;
	}
}

mach_port_t fz_name(struct fz_ctx *c)
{
	switch (fz_below(c, 16)) {
	case 0:
		return MACH_PORT_NULL;
	case 1:
		return MACH_PORT_DEAD;
	case 2:
		return c->task;
	case 3:
		return fz_u32(c);
	case 4:
	case 5:
		if (c->nkobj)
			return c->kobj[fz_below(c, c->nkobj)];
		return c->task;
	case 6:
		/* A name next to a real one: another generation or index. */
		if (c->nnames)
			return c->names[fz_below(c, c->nnames)] ^
				(1u << fz_below(c, 12));
		return fz_u32(c);
	default:
		if (c->nnames)
			return c->names[fz_below(c, c->nnames)];
		return c->task;
	}
}

void fz_name_add(struct fz_ctx *c, mach_port_t name)
{
	if (!MACH_PORT_VALID(name))
		return;
	if (c->nnames < FZ_POOL)
		c->names[c->nnames++] = name;
	else
		c->names[fz_below(c, FZ_POOL)] = name;
}

long fz_trap(struct fz_ctx *c, unsigned int cmd, void *arg)
{
	long ret = ioctl(c->fd, cmd, arg);

	if (ret < 0 && errno == EINTR)
		ret = ioctl(c->fd, cmd, arg);
	if (ret == 0)
		__atomic_add_fetch(&c->traps_ok[c->fam], 1, __ATOMIC_RELAXED);
	else if (ret < 0)
		__atomic_add_fetch(&c->traps_errno[c->fam], 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(&c->traps_kern[c->fam], 1, __ATOMIC_RELAXED);
	if (ret < 0 && c->verbose > 1) {
		static __thread unsigned int shown;

		if (!(shown++ % 400))
			printf("xnufuzz: %s: trap %#x (nr %u): %s\n",
			       fz_family_names[c->fam], cmd, XNU_IOCNUM(cmd),
			       strerror(errno));
	}
	return ret;
}
