/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnucross/ring.h - the kernel API of wired rings: what a module uses to
 * consume records a process produces into a ring in its own wired memory
 * (and to produce results into a second ring the process consumes).
 *
 * A module registers a consumer under a name; a process attaches a ring to
 * it (XNU_TRAP_RING_ATTACH, <xnu_ring.h>; xnucross_ring_attach() in
 * libxnucross), rings the ring's doorbell (the ring_doorbell simpleroutine
 * on the ring's port) when the ring goes from empty to non-empty, and
 * waits when above the high watermark. The consumer's callbacks:
 *
 *   attach	a ring arrived (may sleep); return 0 to take it
 *   doorbell	the producer rang: schedule the draining (called under
 *		rcu_read_lock(), in the producer's thread: must not sleep)
 *   detach	the ring is going (may sleep): stop using it before
 *		returning (cancel the work that drains it); references taken
 *		with xnu_ring_get() keep the memory, not the ring, alive
 *
 * Draining: xnu_ring_peek() / xnu_ring_consume() (zero copy) or
 * xnu_ring_pop() (copy), from one context at a time per ring (a single
 * work item, say). Producing into the rx ring: xnu_ring_push(), also one
 * context at a time. Every index and length in the shared memory is
 * checked: a ring whose producer corrupted it is broken (-EBADMSG from
 * then on), never a kernel fault.
 *
 * xnu_ring_consumer_unregister() (in module exit) tears down every ring
 * attached to the consumer: their producers see XNU_RING_F_DEAD, waits end
 * with KERN_TERMINATED and the port dies (doorbells fail).
 */
#ifndef _XNUCROSS_RING_H
#define _XNUCROSS_RING_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/types.h>

struct xnu_ring;

/**
 * struct xnu_ring_consumer - a kernel consumer of wired rings
 * @name:	the name processes attach by (at most XNU_RING_NAME_MAX - 1
 *		characters, unique)
 * @attach:	a ring is being attached; 0 accepts it. May sleep.
 * @doorbell:	the ring's producer rang the doorbell. Must not sleep.
 * @detach:	the ring is being torn down. May sleep.
 * @owner:	THIS_MODULE (required)
 * @link:	private to xnucross
 * @rings:	private to xnucross
 * @teardowns:	private to xnucross
 */
struct xnu_ring_consumer {
	const char *name;
	int (*attach)(struct xnu_ring *ring);
	void (*doorbell)(struct xnu_ring *ring);
	void (*detach)(struct xnu_ring *ring);
	struct module *owner;
	struct list_head link;
	struct list_head rings;
	atomic_t teardowns;
};

int xnu_ring_consumer_register(struct xnu_ring_consumer *consumer);
void xnu_ring_consumer_unregister(struct xnu_ring_consumer *consumer);

void xnu_ring_set_private(struct xnu_ring *ring, void *priv);
void *xnu_ring_private(const struct xnu_ring *ring);
void xnu_ring_get(struct xnu_ring *ring);
void xnu_ring_put(struct xnu_ring *ring);
bool xnu_ring_has_rx(const struct xnu_ring *ring);
u32 xnu_ring_rx_max_rec(const struct xnu_ring *ring);

ssize_t xnu_ring_peek(struct xnu_ring *ring, const void **data, u32 *tag);
void xnu_ring_consume(struct xnu_ring *ring);
ssize_t xnu_ring_pop(struct xnu_ring *ring, void *buf, size_t len, u32 *tag);
int xnu_ring_push(struct xnu_ring *ring, const void *data, size_t len,
		  u32 tag);
bool xnu_ring_can_push(struct xnu_ring *ring, size_t len);

#endif /* _XNUCROSS_RING_H */
