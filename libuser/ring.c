// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ring.c - the user side of wired rings (<xnucross/ring.h>): the buffers
 * (anonymous memory, wired by the attach), the producer of the tx ring
 * and the consumer of the rx ring, following the protocol of
 * Documentation/memory.rst:
 *
 *  - the producer writes a record, publishes prod (release), then, after
 *    a full barrier, reads cons: when cons equals the old prod the ring
 *    was empty and the consumer may be asleep - ring the doorbell. Only
 *    then: a burst into a non-empty ring costs no crossing at all;
 *  - at or above the high watermark the producer waits (XNU_TRAP_RING_WAIT)
 *    until the kernel consumer drained it to the low watermark;
 *  - the rx consumer publishes cons (release), then reads prod_wait: a
 *    kernel producer that found no room asked for a doorbell once rx is at
 *    or below its low watermark.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mach/mach.h>
#include <xnucross/ring.h>

#include "mach_private.h"

#define load_acquire(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define load_relaxed(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define store_relaxed(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define full_barrier()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

void xnucross_ring_hdr_init(struct xnu_ring_hdr *hdr, uint32_t size,
			    uint32_t high_wm, uint32_t low_wm,
			    uint32_t max_rec)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = XNU_RING_MAGIC;
	hdr->version = XNU_RING_VERSION;
	hdr->size = size;
	hdr->high_wm = high_wm ? high_wm : size / 4 * 3;
	hdr->low_wm = low_wm ? low_wm : size / 4;
	hdr->max_rec = max_rec ? max_rec : size / 2 - 8;
}

static int pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static kern_return_t side_alloc(struct xnucross_ring_side *s, uint32_t size,
				uint32_t high, uint32_t low, uint32_t max_rec)
{
	size_t page = xnucross_page_size();
	void *mem;

	if (!pow2(size) || size < XNU_RING_MIN_SIZE ||
	    size > XNU_RING_MAX_SIZE)
		return KERN_INVALID_ARGUMENT;
	s->len = (XNU_RING_HDR_SIZE + (size_t)size + page - 1) & ~(page - 1);
	mem = mmap(NULL, s->len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return KERN_RESOURCE_SHORTAGE;
	s->mem = mem;
	s->hdr = mem;
	s->data = (uint8_t *)mem + XNU_RING_HDR_SIZE;
	xnucross_ring_hdr_init(s->hdr, size, high, low, max_rec);
	s->size = size;
	s->high = s->hdr->high_wm;
	s->low = s->hdr->low_wm;
	s->max_rec = s->hdr->max_rec;
	return KERN_SUCCESS;
}

static void side_free(struct xnucross_ring_side *s)
{
	if (s->mem)
		munmap(s->mem, s->len);
	s->mem = NULL;
}

kern_return_t xnucross_ring_create(const char *consumer,
				   const struct xnucross_ring_params *params,
				   xnucross_ring_t **ringp)
{
	struct xnu_ring_attach_args a;
	xnucross_ring_t *r;
	kern_return_t kr;

	if (!consumer || !params || !ringp ||
	    strlen(consumer) >= sizeof(a.consumer))
		return KERN_INVALID_ARGUMENT;
	r = calloc(1, sizeof(*r));
	if (!r)
		return KERN_RESOURCE_SHORTAGE;
	kr = side_alloc(&r->tx, params->tx_size, params->high_wm,
			params->low_wm, params->max_rec);
	if (kr == KERN_SUCCESS && params->rx_size)
		kr = side_alloc(&r->rx, params->rx_size, 0, 0, 0);
	if (kr != KERN_SUCCESS)
		goto fail;

	memset(&a, 0, sizeof(a));
	a.tx_addr = (uintptr_t)r->tx.mem;
	a.tx_len = r->tx.len;
	a.rx_addr = (uintptr_t)r->rx.mem;
	a.rx_len = r->rx.len;
	strcpy(a.consumer, consumer);
	kr = xnucross_mach_trap(XNU_TRAP_RING_ATTACH, &a);
	if (kr != KERN_SUCCESS)
		goto fail;
	r->port = a.port;
	r->id = a.ring_id;
	*ringp = r;
	return KERN_SUCCESS;

fail:
	side_free(&r->tx);
	side_free(&r->rx);
	free(r);
	return kr;
}

void xnucross_ring_destroy(xnucross_ring_t *ring)
{
	if (!ring)
		return;
	/* The last send right going tears the ring down (no-senders). */
	if (MACH_PORT_VALID(ring->port))
		mach_port_deallocate(mach_task_self(), ring->port);
	/* The kernel's pins keep the pages until then; unmapping is safe. */
	side_free(&ring->tx);
	side_free(&ring->rx);
	free(ring);
}

kern_return_t xnucross_ring_wait(xnucross_ring_t *ring, uint32_t what,
				 uint32_t timeout_ms)
{
	struct xnu_ring_wait_args a = {
		.ring_id = ring->id, .what = what, .timeout_ms = timeout_ms,
	};

	return xnucross_mach_trap(XNU_TRAP_RING_WAIT, &a);
}

kern_return_t xnucross_ring_stats(xnucross_ring_t *ring,
				  struct xnu_ring_wait_args *stats)
{
	struct xnu_ring_wait_args a = {
		.ring_id = ring->id, .what = XNU_RING_WAIT_NONE,
	};
	kern_return_t kr;

	kr = xnucross_mach_trap(XNU_TRAP_RING_WAIT, &a);
	if (kr == KERN_SUCCESS && stats)
		*stats = a;
	return kr;
}

/* The kernel's verdict on a ring, from the header's flags. */
static kern_return_t side_state(const struct xnucross_ring_side *s)
{
	uint32_t flags = load_relaxed(&s->hdr->flags);

	if (flags & XNU_RING_F_DEAD)
		return KERN_TERMINATED;
	if (flags & XNU_RING_F_BROKEN)
		return KERN_FAILURE;
	return KERN_SUCCESS;
}

static kern_return_t doorbell(xnucross_ring_t *ring)
{
	ring->doorbells++;
	return ring_doorbell(ring->port);
}

void *xnucross_ring_reserve(xnucross_ring_t *ring, uint32_t len, int flags,
			    kern_return_t *krp)
{
	struct xnucross_ring_side *s = &ring->tx;
	uint32_t off, space, skip, used;
	kern_return_t kr;

	if (len > s->max_rec) {
		*krp = KERN_INVALID_ARGUMENT;
		return NULL;
	}
	space = XNU_RING_REC_SPACE(len);
	off = s->idx & (s->size - 1);
	skip = space > s->size - off ? s->size - off : 0;
	for (;;) {
		kr = side_state(s);
		if (kr != KERN_SUCCESS) {
			*krp = kr;
			return NULL;
		}
		used = s->idx - load_acquire(&s->hdr->cons);
		if (used < s->high && used + skip + space <= s->size)
			break;
		if (flags & XNUCROSS_RING_NOWAIT) {
			*krp = KERN_RESOURCE_SHORTAGE;
			return NULL;
		}
		ring->waits++;
		kr = xnucross_ring_wait(ring, XNU_RING_WAIT_SPACE,
					XNU_RING_WAIT_FOREVER);
		if (kr != KERN_SUCCESS) {
			/* A torn-down ring is not found any more: say why. */
			*krp = side_state(s);
			if (*krp == KERN_SUCCESS)
				*krp = kr;
			return NULL;
		}
	}
	if (skip) {
		struct xnu_ring_rec *w = (void *)(s->data + off);

		w->len = XNU_RING_WRAP;
		w->tag = 0;
		off = 0;
	}
	s->skip = skip;
	s->space = space;
	*krp = KERN_SUCCESS;
	return s->data + off + sizeof(struct xnu_ring_rec);
}

kern_return_t xnucross_ring_commit(xnucross_ring_t *ring, uint32_t len,
				   uint32_t tag)
{
	struct xnucross_ring_side *s = &ring->tx;
	struct xnu_ring_rec *rec;
	uint32_t old = s->idx;

	if (!s->space || XNU_RING_REC_SPACE(len) != s->space)
		return KERN_INVALID_ARGUMENT;
	rec = (void *)(s->data + ((old + s->skip) & (s->size - 1)));
	rec->len = len;
	rec->tag = tag;
	s->idx = old + s->skip + s->space;
	s->skip = 0;
	s->space = 0;
	store_release(&s->hdr->prod, s->idx);
	/* prod before cons: pairs with the consumer's barrier. */
	full_barrier();
	if (load_relaxed(&s->hdr->cons) == old)
		return doorbell(ring);
	return KERN_SUCCESS;
}

kern_return_t xnucross_ring_send(xnucross_ring_t *ring, const void *data,
				 uint32_t len, uint32_t tag, int flags)
{
	kern_return_t kr;
	void *p;

	p = xnucross_ring_reserve(ring, len, flags, &kr);
	if (!p)
		return kr;
	memcpy(p, data, len);
	return xnucross_ring_commit(ring, len, tag);
}

kern_return_t xnucross_ring_recv(xnucross_ring_t *ring, void *buf,
				 uint32_t *lenp, uint32_t *tag, int flags)
{
	struct xnucross_ring_side *s = &ring->rx;
	const struct xnu_ring_rec *rec;
	uint32_t prod, used, off, len, space;
	kern_return_t kr;

	if (!s->mem || !lenp)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		prod = load_acquire(&s->hdr->prod);
		used = prod - s->idx;
		if (used > s->size)
			return KERN_FAILURE;
		if (!used) {
			kr = side_state(s);
			if (kr != KERN_SUCCESS)
				return kr;
			if (flags & XNUCROSS_RING_NOWAIT)
				return KERN_OPERATION_TIMED_OUT;
			kr = xnucross_ring_wait(ring, XNU_RING_WAIT_DATA,
						XNU_RING_WAIT_FOREVER);
			if (kr != KERN_SUCCESS)
				return side_state(s) ? side_state(s) : kr;
			continue;
		}
		off = s->idx & (s->size - 1);
		rec = (const void *)(s->data + off);
		len = rec->len;
		if (len == XNU_RING_WRAP) {
			s->idx += s->size - off;
			store_release(&s->hdr->cons, s->idx);
			continue;
		}
		space = XNU_RING_REC_SPACE(len);
		if (len > s->max_rec || space > used)
			return KERN_FAILURE;
		if (len > *lenp) {
			*lenp = len;
			return KERN_INVALID_ARGUMENT;
		}
		break;
	}
	memcpy(buf, rec + 1, len);
	*lenp = len;
	if (tag)
		*tag = rec->tag;
	s->idx += space;
	store_release(&s->hdr->cons, s->idx);
	/* cons before prod_wait: pairs with the kernel producer's barrier. */
	full_barrier();
	if (load_relaxed(&s->hdr->prod_wait) &&
	    load_relaxed(&s->hdr->prod) - s->idx <= s->low) {
		store_relaxed(&s->hdr->prod_wait, 0);
		doorbell(ring);
	}
	return KERN_SUCCESS;
}
