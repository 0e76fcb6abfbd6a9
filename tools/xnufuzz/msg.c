// SPDX-License-Identifier: GPL-2.0
/*
 * msg.c - xnufuzz's mach_msg and MIG families: random and mutated headers
 * (bits, sizes too small, unaligned or huge, names valid, stale, dead,
 * port sets, kernel objects), complex bodies with random descriptor counts
 * and kinds (port, OOL, OOL ports, guarded, unknown) with bad addresses,
 * sizes and dispositions, receives into small buffers with and without
 * MACH_RCV_LARGE and with trailer requests, messages carrying rights to
 * ports that are then destroyed; and requests to the kernel-object ports
 * (task, thread, host, clock, semaphore, the counter kext, rings) with
 * msgh_id in and around every served subsystem.
 *
 * Every send and receive has a timeout (at most a few milliseconds): a
 * fuzzing thread never blocks for long. What a successful receive brings
 * (out-of-line memory, rights) is freed or kept in the name pool.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mach/clock.h>
#include <mach/mach_host.h>
#include <servers/bootstrap.h>

#include "xnufuzz.h"

#define FZ_MSG_MAX	4096	/* bytes of a built message */
#define FZ_DESC_MAX	8

static __thread mach_port_t fz_reply;	/* this thread's reply port */

/* A user address and length the fuzzer may unmap (never its own pages). */
static void fz_unmap(struct fz_ctx *c, uint64_t addr, uint64_t len)
{
	uint64_t pg = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t start = addr & ~(pg - 1);
	uint64_t end = (addr + len + pg - 1) & ~(pg - 1);

	if (!addr || !len || len > (1ULL << 32) || end <= start)
		return;
	/* Every thread's arena (and guard page) and rings stay. */
	if (fz_own_mem(start, end))
		return;
	munmap((void *)(uintptr_t)start, end - start);
}

/*
 * What a successful receive left in @buf (@size bytes): out-of-line
 * regions are unmapped, port names go to the pool.
 */
static void fz_consume(struct fz_ctx *c, const void *buf, uint32_t size)
{
	const mach_msg_header_t *h = buf;
	const uint8_t *p, *end;
	uint32_t n, i;

	if (size < sizeof(*h) || h->msgh_size > size ||
	    h->msgh_size < sizeof(*h))
		return;
	fz_name_add(c, h->msgh_remote_port);
	fz_name_add(c, h->msgh_local_port);
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    h->msgh_size < sizeof(mach_msg_base_t))
		return;
	n = ((const mach_msg_base_t *)buf)->body.msgh_descriptor_count;
	p = (const uint8_t *)buf + sizeof(mach_msg_base_t);
	end = (const uint8_t *)buf + h->msgh_size;
	for (i = 0; i < n && p + 12 <= end; i++) {
		const mach_msg_type_descriptor_t *t = (const void *)p;
		const mach_msg_ool_descriptor_t *o = (const void *)p;
		const mach_msg_ool_ports_descriptor_t *op = (const void *)p;

		switch (t->type) {
		case MACH_MSG_PORT_DESCRIPTOR:
			fz_name_add(c, ((const mach_msg_port_descriptor_t *)p)->name);
			p += XNU_MACH_PORT_DESC_SIZE;
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			if (p + 16 > end)
				return;
			fz_unmap(c, (uint64_t)(uintptr_t)o->address, o->size);
			p += XNU_MACH_OOL_DESC_SIZE;
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			if (p + 16 > end)
				return;
			/*
			 * Not read: another thread's fz_unmap() of a fresh
			 * region the kernel deallocated may hit it (see
			 * fz_msg_one), so the fuzzer never touches memory
			 * the kernel mapped for it, it only unmaps it.
			 */
			if (op->address && op->count <= XNU_MACH_MSG_PORTS_MAX)
				fz_unmap(c, (uint64_t)(uintptr_t)op->address,
					 (uint64_t)op->count * sizeof(mach_port_t));
			p += XNU_MACH_OOL_DESC_SIZE;
			break;
		default:
			p += 16;
			break;
		}
	}
}

static long fz_msg_trap(struct fz_ctx *c, struct xnu_mach_msg_args *m)
{
	return fz_trap(c, XNU_TRAP_MACH_MSG, m);
}

void fz_drain(struct fz_ctx *c, mach_port_t name)
{
	struct xnu_mach_msg_args m;
	uint8_t *b;
	int i;

	for (i = 0; i < 8; i++) {
		b = fz_arena(c, NULL);
		memset(&m, 0, sizeof(m));
		m.msg = (uint64_t)(uintptr_t)b;
		m.option = MACH_RCV_MSG | MACH_RCV_TIMEOUT | MACH_RCV_LARGE;
		m.rcv_size = FZ_MSG_MAX;
		m.rcv_name = name;
		if (fz_msg_trap(c, &m) != MACH_MSG_SUCCESS)
			return;
		fz_consume(c, b, FZ_MSG_MAX);
	}
}

static uint32_t fz_msg_bits(struct fz_ctx *c)
{
	uint32_t remote, local, voucher = 0, other = 0;

	remote = fz_one_in(c, 8) ? fz_below(c, 32) : 17 + fz_below(c, 5);
	local = fz_one_in(c, 2) ? 0 : fz_one_in(c, 4) ? fz_below(c, 32) :
		17 + fz_below(c, 5);
	if (fz_one_in(c, 16))
		voucher = fz_below(c, 32);
	if (fz_one_in(c, 16))
		other = (uint32_t)fz_rand(c) & ~MACH_MSGH_BITS_PORTS_MASK;
	return MACH_MSGH_BITS_SET(remote, local, voucher, other);
}

/* An out-of-line region: scratch memory, a fresh mapping, or hostile. */
static void fz_ool(struct fz_ctx *c, uint64_t *addr, uint32_t *size,
		   uint8_t *dealloc)
{
	void *m;

	*dealloc = 0;
	switch (fz_below(c, 6)) {
	case 0:
		/* A fresh mapping that may be deallocated by the send. */
		*size = 1 + fz_below(c, 8192);
		m = mmap(NULL, *size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			*addr = 0;
			return;
		}
		*addr = (uint64_t)(uintptr_t)m;
		*dealloc = 1;
		return;
	case 1:
		*size = fz_u32(c);
		*addr = fz_ptr(c, 64);
		return;
	default:
		*size = fz_len(c, 4096);
		if (*size > 16384)
			*addr = fz_ptr(c, 0);	/* never a huge good region */
		else
			*addr = fz_ptr(c, *size);
		return;
	}
}

/*
 * The kernel honours a descriptor's deallocate flag by unmapping the
 * sender's memory: only the fresh mapping @fresh may go that way, never
 * the arena (a mutation may have set the flag, or made other bytes a
 * descriptor). Walks the descriptors as the kernel would.
 */
static void fz_no_dealloc(uint8_t *b, uint32_t size, uint64_t fresh)
{
	mach_msg_header_t *h = (void *)b;
	uint32_t n, i;
	uint8_t *p = b + sizeof(mach_msg_base_t);
	uint8_t *end = b + (size < FZ_MSG_MAX ? size : FZ_MSG_MAX);

	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    p > end)
		return;
	n = ((mach_msg_base_t *)b)->body.msgh_descriptor_count;
	for (i = 0; i < n && p + 12 <= end; i++) {
		mach_msg_ool_descriptor_t *d = (void *)p;

		if (((mach_msg_type_descriptor_t *)p)->type ==
		    MACH_MSG_PORT_DESCRIPTOR) {
			p += XNU_MACH_PORT_DESC_SIZE;
			continue;
		}
		if (p + 16 > end)
			break;
		if ((uint64_t)(uintptr_t)d->address != fresh || !fresh)
			d->deallocate = 0;
		p += 16;
	}
}

/* Build a message at @b (room for FZ_MSG_MAX bytes); returns its size. */
static uint32_t fz_build(struct fz_ctx *c, uint8_t *b, mach_port_t dest,
			 uint32_t bits, int32_t id, uint64_t *fresh,
			 uint32_t *fresh_len)
{
	mach_msg_header_t *h = (void *)b;
	uint32_t size = sizeof(*h), n, i, data;
	uint8_t *p;

	*fresh = 0;
	memset(h, 0, sizeof(*h));
	h->msgh_bits = bits;
	h->msgh_remote_port = dest;
	h->msgh_local_port = MACH_MSGH_BITS_LOCAL(bits) ? fz_name(c) : 0;
	h->msgh_voucher_port = MACH_MSGH_BITS_VOUCHER(bits) ? fz_name(c) : 0;
	h->msgh_id = id;
	if (bits & MACH_MSGH_BITS_COMPLEX) {
		n = fz_one_in(c, 16) ? fz_u32(c) : fz_below(c, FZ_DESC_MAX + 1);
		((mach_msg_base_t *)b)->body.msgh_descriptor_count = n;
		size += 4;
		p = b + size;
		for (i = 0; i < n && i < FZ_DESC_MAX; i++) {
			uint32_t kind = fz_one_in(c, 16) ? fz_below(c, 256) :
				fz_below(c, 5);

			if (kind == MACH_MSG_PORT_DESCRIPTOR) {
				mach_msg_port_descriptor_t *d = (void *)p;

				memset(d, 0, sizeof(*d));
				d->name = fz_name(c);
				d->disposition = fz_one_in(c, 8) ? fz_below(c, 256) :
					16 + fz_below(c, 6);
				d->type = kind;
				p += XNU_MACH_PORT_DESC_SIZE;
			} else if (kind == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
				mach_msg_ool_ports_descriptor_t *d = (void *)p;
				uint32_t cnt = fz_one_in(c, 8) ? fz_u32(c) :
					fz_below(c, 17);
				mach_port_t *names = fz_buf(c, 16 * sizeof(*names));
				uint32_t k;

				memset(d, 0, sizeof(*d));
				if (names && !fz_one_in(c, 8))
					for (k = 0; k < 16; k++)
						names[k] = fz_one_in(c, 4) ?
							MACH_PORT_NULL : fz_name(c);
				d->address = (fz_one_in(c, 4) || !names) ?
					(void *)(uintptr_t)fz_ptr(c, 64) : names;
				d->count = cnt;
				d->disposition = fz_one_in(c, 8) ? fz_below(c, 256) :
					16 + fz_below(c, 6);
				d->copy = fz_below(c, 4);
				d->type = kind;
				p += XNU_MACH_OOL_DESC_SIZE;
			} else {
				/* OOL, volatile, guarded, unknown: 16 bytes */
				mach_msg_ool_descriptor_t *d = (void *)p;
				uint64_t addr;
				uint32_t len;
				uint8_t dealloc;

				memset(d, 0, sizeof(*d));
				fz_ool(c, &addr, &len, &dealloc);
				if (dealloc && !*fresh) {
					*fresh = addr;
					*fresh_len = len;
				} else if (dealloc) {
					munmap((void *)(uintptr_t)addr, len);
					dealloc = 0;
					addr = fz_ptr(c, 16);
				}
				d->address = (void *)(uintptr_t)addr;
				d->size = len;
				d->deallocate = dealloc && fz_one_in(c, 2);
				d->copy = fz_one_in(c, 8) ? fz_below(c, 256) :
					fz_below(c, 4);
				d->type = kind;
				if (kind == MACH_MSG_GUARDED_PORT_DESCRIPTOR) {
					mach_msg_guarded_port_descriptor_t *g =
						(void *)p;

					g->name = fz_name(c);
					g->disposition = 16 + fz_below(c, 6);
					g->flags = fz_below(c, 4);
				}
				p += XNU_MACH_OOL_DESC_SIZE;
			}
			if (fz_one_in(c, 32))
				fz_mutate(c, p - 12, 12);
		}
		size = (uint32_t)(p - b);
	}
	data = fz_one_in(c, 4) ? fz_below(c, 1024) : fz_below(c, 64);
	if (size + data > FZ_MSG_MAX - 64)
		data = 0;
	fz_fill(c, b + size, data);
	size += data;
	switch (fz_below(c, 10)) {
	case 0:
		size = fz_len(c, size);		/* anything */
		break;
	case 1:
		size = size + fz_below(c, 4);	/* unaligned */
		break;
	default:
		size = (size + 3) & ~3u;
		break;
	}
	h->msgh_size = size;
	if (fz_one_in(c, 16))
		fz_mutate(c, b, 32);
	/* The kernel reads up to the size given, or the whole buffer. */
	fz_no_dealloc(b, FZ_MSG_MAX, *fresh);
	return size;
}

static void fz_msg_go(struct fz_ctx *c, uint8_t *b, uint32_t send_size,
		      uint32_t option, mach_port_t rcv_name)
{
	struct xnu_mach_msg_args m;
	size_t alen;
	uint8_t *a = fz_arena(c, &alen);
	uint8_t *rb = a + alen / 2;
	long ret;

	memset(&m, 0, sizeof(m));
	m.msg = (uint64_t)(uintptr_t)b;
	m.option = option | MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT;
	m.send_size = send_size;
	m.rcv_name = rcv_name;
	/*
	 * Mostly no wait at all; sometimes long enough that a random
	 * SIGKILL finds the thread asleep in the send or the receive.
	 */
	m.timeout = fz_one_in(c, 4) ? fz_below(c, 3) : 0;
	if (fz_one_in(c, 128))
		m.timeout = 20 + fz_below(c, 200);
	switch (fz_below(c, 6)) {
	case 0:	/* receive into the send buffer */
		m.rcv_size = fz_len(c, FZ_MSG_MAX);
		if (m.rcv_size > alen / 2)
			m.rcv_size = fz_below(c, 2) ? FZ_MSG_MAX : m.rcv_size;
		rb = b;
		break;
	case 1:	/* hostile receive buffer */
		m.rcv_msg = fz_ptr(c, FZ_MSG_MAX);
		m.rcv_size = fz_len(c, FZ_MSG_MAX);
		rb = NULL;
		break;
	default:
		/* The upper half of the arena; its end faults. */
		m.rcv_size = fz_one_in(c, 3) ? fz_below(c, 64) :
			fz_len(c, (uint32_t)(alen / 2));
		m.rcv_msg = (uint64_t)(uintptr_t)rb;
		break;
	}
	if (fz_one_in(c, 32))
		m.flags = fz_u32(c);
	if (fz_one_in(c, 32))
		m.reserved = fz_u32(c);
	ret = fz_msg_trap(c, &m);
	if (ret == MACH_MSG_SUCCESS && (m.option & MACH_RCV_MSG) && rb &&
	    m.rcv_size <= alen / 2)
		fz_consume(c, rb, m.rcv_size);
}

/* The service name of thread @t of slot @slot. */
static void fz_service(char *buf, size_t len, int slot, int t)
{
	snprintf(buf, len, "org.xnucross.fuzz.%d.%d", slot, t);
}

/*
 * A send right to another fuzzing process's port (or our own): looked up
 * in the name service now and then, kept in @peers, used until it dies.
 */
static mach_port_t fz_peer(struct fz_ctx *c)
{
	unsigned int i = fz_below(c, 8);
	char name[64];
	mach_port_t p;

	if (!c->peers[i] || fz_one_in(c, 64)) {
		fz_service(name, sizeof(name), (int)fz_below(c, (uint32_t)c->nslots),
			   (int)fz_below(c, 2));
		if (bootstrap_look_up(bootstrap_port, name, &p) == KERN_SUCCESS) {
			c->peers[i] = p;
			fz_name_add(c, p);
		}
	}
	return c->peers[i] ? c->peers[i] : fz_name(c);
}

void fz_msg_one(struct fz_ctx *c)
{
	uint8_t *b = fz_buf(c, FZ_MSG_MAX);
	uint64_t fresh;
	uint32_t fresh_len = 0, size, option, bits;
	mach_port_t dest, rcv;
	int r;

	fz_count(c, FZ_MSG);
	if (!b)
		return;
	r = fz_below(c, 16);
	if (r == 0) {
		/* Receive only, from anything: a port, a set, junk. */
		fz_msg_go(c, b, 0, MACH_RCV_MSG |
			  (fz_one_in(c, 2) ? MACH_RCV_LARGE : 0) |
			  MACH_RCV_TRAILER_TYPE(0) |
			  MACH_RCV_TRAILER_ELEMENTS(fz_below(c, 16)),
			  fz_one_in(c, 2) ? c->rcv[fz_below(c, 8)] : fz_name(c));
		return;
	}
	if (r == 1) {
		/* Rights in a message, then the destination destroyed. */
		struct xnu_mach_port_args a = { .task = c->task,
			.right = MACH_PORT_RIGHT_RECEIVE };

		if (fz_trap(c, XNU_TRAP_PORT_ALLOCATE, &a) != KERN_SUCCESS)
			return;
		size = fz_build(c, b, a.name,
				MACH_MSGH_BITS_SET(MACH_MSG_TYPE_MAKE_SEND, 0, 0,
						   MACH_MSGH_BITS_COMPLEX),
				(int32_t)fz_rand(c), &fresh, &fresh_len);
		fz_msg_go(c, b, size, MACH_SEND_MSG, 0);
		if (fresh)
			munmap((void *)(uintptr_t)fresh, fresh_len);
		a.right = 0;
		if (fz_one_in(c, 2)) {
			fz_trap(c, XNU_TRAP_PORT_DESTROY, &a);
		} else {
			a.right = MACH_PORT_RIGHT_RECEIVE;
			a.delta = -1;
			fz_trap(c, XNU_TRAP_PORT_MOD_REFS, &a);
		}
		return;
	}
	/* A destination: our receive rights mostly, else anything. */
	switch (fz_below(c, 5)) {
	case 0:
		dest = fz_name(c);
		break;
	case 1:
		dest = fz_peer(c);
		break;
	default:
		dest = c->rcv[fz_below(c, 8)];
		if (!dest)
			dest = fz_name(c);
		break;
	}
	bits = fz_msg_bits(c);
	if (fz_one_in(c, 2))
		bits |= MACH_MSGH_BITS_COMPLEX;
	size = fz_build(c, b, dest, bits, (int32_t)fz_u32(c), &fresh,
			&fresh_len);
	option = MACH_SEND_MSG;
	if (fz_one_in(c, 2))
		option |= MACH_RCV_MSG;
	if (fz_one_in(c, 4))
		option |= MACH_RCV_LARGE;
	if (fz_one_in(c, 8))
		option |= (uint32_t)fz_rand(c) &
			~(MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT);
	if (fz_one_in(c, 4))
		option |= MACH_RCV_TRAILER_TYPE(0) |
			MACH_RCV_TRAILER_ELEMENTS(fz_below(c, 9));
	rcv = fz_one_in(c, 2) ? dest : fz_name(c);
	fz_msg_go(c, b, size, option, rcv);
	/*
	 * The fresh region, unless the send deallocated it. When it did, the
	 * range may hold another thread's fresh region or what the kernel
	 * mapped for a receive by now: unmapping those is harmless, as the
	 * fuzzer never writes to a fresh region after its send nor reads
	 * received memory, and all its own memory was mapped before the
	 * fuzzing started (fz_vm_setup, the arena, malloc's arena).
	 */
	if (fresh && msync((void *)(uintptr_t)fresh, 1, MS_ASYNC) == 0)
		munmap((void *)(uintptr_t)fresh, fresh_len);
	/* Keep queues short: now and then, drain one of our ports. */
	if (fz_one_in(c, 8))
		fz_drain(c, c->rcv[fz_below(c, 8)]);
}

/* ---- MIG: requests to kernel objects ---------------------------------------- */

/* The served subsystems: first id and routines. */
static const struct { int32_t base, n; } fz_subsys[] = {
	{ 200, 40 },	/* mach_host */
	{ 1000, 3 },	/* clock */
	{ 3200, 40 },	/* mach_port */
	{ 3400, 60 },	/* task */
	{ 3600, 40 },	/* thread_act */
	{ 7800, 4 },	/* counter kext */
	{ 7900, 1 },	/* ring doorbell */
};

void fz_mig_one(struct fz_ctx *c)
{
	uint8_t *b = fz_buf(c, FZ_MSG_MAX);
	uint64_t fresh;
	uint32_t fresh_len = 0, size, bits, i, words;
	mach_port_t dest;
	int32_t id;
	uint32_t *body;

	fz_count(c, FZ_MIG);
	if (!b)
		return;
	if (!fz_reply) {
		struct xnu_mach_port_args a;

		memset(&a, 0, sizeof(a));
		if (fz_trap(c, XNU_TRAP_REPLY_PORT, &a) == KERN_SUCCESS)
			fz_reply = a.name;
	}
	i = fz_below(c, sizeof(fz_subsys) / sizeof(fz_subsys[0]));
	id = fz_subsys[i].base - 2 + (int32_t)fz_below(c, fz_subsys[i].n + 4);
	if (fz_one_in(c, 16))
		id = (int32_t)fz_u32(c);
	dest = c->nkobj && !fz_one_in(c, 8) ? c->kobj[fz_below(c, c->nkobj)] :
		fz_name(c);
	bits = MACH_MSGH_BITS_SET(MACH_MSG_TYPE_COPY_SEND,
				  fz_one_in(c, 8) ? 0 : MACH_MSG_TYPE_MAKE_SEND_ONCE,
				  0, 0);
	if (fz_one_in(c, 4)) {
		bits |= MACH_MSGH_BITS_COMPLEX;
		size = fz_build(c, b, dest, bits, id, &fresh, &fresh_len);
	} else {
		/* Simple: NDR record, then a few plausible words. */
		mach_msg_header_t *h = (void *)b;

		fresh = 0;
		memset(b, 0, 64);
		h->msgh_bits = bits;
		h->msgh_remote_port = dest;
		h->msgh_id = id;
		body = (uint32_t *)(b + sizeof(*h));
		body[0] = 0;
		body[1] = 1;	/* NDR: int_rep little-endian */
		words = fz_below(c, 24);
		for (i = 0; i < words; i++)
			body[2 + i] = fz_one_in(c, 2) ? fz_u32(c) :
				fz_one_in(c, 2) ? fz_name(c) : fz_below(c, 8);
		size = sizeof(*h) + 8 + 4 * words;
		if (fz_one_in(c, 8))
			size = fz_len(c, size);
		if (fz_one_in(c, 8))
			fz_mutate(c, b, size < FZ_MSG_MAX ? size : FZ_MSG_MAX);
		h->msgh_size = size;
		fz_no_dealloc(b, FZ_MSG_MAX, 0);
	}
	if (MACH_MSGH_BITS_LOCAL(bits))
		((mach_msg_header_t *)b)->msgh_local_port = fz_reply;
	fz_msg_go(c, b, size, MACH_SEND_MSG |
		  (MACH_MSGH_BITS_LOCAL(bits) ? MACH_RCV_MSG : 0) |
		  (fz_one_in(c, 4) ? MACH_RCV_LARGE : 0), fz_reply);
	if (fresh && msync((void *)(uintptr_t)fresh, 1, MS_ASYNC) == 0)
		munmap((void *)(uintptr_t)fresh, fresh_len);
	if (fz_one_in(c, 16) && fz_reply)
		fz_drain(c, fz_reply);
}

/* ---- setup ------------------------------------------------------------------ */

void fz_mach_setup(struct fz_ctx *c)
{
	struct xnu_mach_port_args a;
	mach_port_t p;
	unsigned int i;

	memset(&a, 0, sizeof(a));
	if (fz_trap(c, XNU_TRAP_TASK_SELF, &a) == KERN_SUCCESS)
		c->task = a.name;
	c->kobj[c->nkobj++] = c->task;
	memset(&a, 0, sizeof(a));
	if (fz_trap(c, XNU_TRAP_THREAD_SELF, &a) == KERN_SUCCESS)
		c->kobj[c->nkobj++] = a.name;
	memset(&a, 0, sizeof(a));
	if (fz_trap(c, XNU_TRAP_HOST_SELF, &a) == KERN_SUCCESS) {
		c->kobj[c->nkobj++] = a.name;
		if (host_get_clock_service(a.name, fz_below(c, 2), &p) ==
		    KERN_SUCCESS)
			c->kobj[c->nkobj++] = p;
	}
	if (semaphore_create(c->task, &p, 0, 0) == KERN_SUCCESS)
		c->kobj[c->nkobj++] = p;
	if (semaphore_create(c->task, &p, 0, 0) == KERN_SUCCESS)
		c->sem = p;
	if (bootstrap_look_up(bootstrap_port, "org.xnucross.sample.counter",
			      &p) == KERN_SUCCESS)
		c->kobj[c->nkobj++] = p;
	for (i = 0; i < 8; i++) {
		memset(&a, 0, sizeof(a));
		a.task = c->task;
		a.right = i == 7 ? MACH_PORT_RIGHT_PORT_SET :
			MACH_PORT_RIGHT_RECEIVE;
		if (fz_trap(c, XNU_TRAP_PORT_ALLOCATE, &a) != KERN_SUCCESS)
			continue;
		c->rcv[i] = a.name;
		fz_name_add(c, a.name);
		if (i < 7) {
			a.poly = a.name;
			a.poly_type = MACH_MSG_TYPE_MAKE_SEND;
			fz_trap(c, XNU_TRAP_PORT_INSERT_RIGHT, &a);
		}
	}
	for (i = 0; i < c->nkobj; i++)
		fz_name_add(c, c->kobj[i]);
	/* A service of this thread, for the other processes to send to. */
	if (c->thread_nr < 2) {
		char name[64];

		fz_service(name, sizeof(name), c->slot, c->thread_nr);
		if (bootstrap_check_in(bootstrap_port, name, &p) == KERN_SUCCESS) {
			c->rcv[0] = p;
			fz_name_add(c, p);
		}
	}
}
