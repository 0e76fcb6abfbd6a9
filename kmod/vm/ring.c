// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - wired rings: a ring of records in a process's own wired memory,
 * drained by a kernel consumer (a module registered with
 * xnu_ring_consumer_register()), optionally with a second ring the kernel
 * produces results into. The attach and wait traps (XNU_TRAP_RING_ATTACH,
 * _WAIT), the ring kernel object whose port takes the ring_doorbell
 * simpleroutine (xnu_ring 7900, kmod/mach/defs/xnu_ring.defs), the
 * consumer API of <xnucross/ring.h>, and teardown.
 *
 * The shared memory is never trusted: the kernel keeps its own index and
 * geometry (read once at attach), reads the other side's index with
 * acquire semantics, checks it and every record length before use, and on
 * an inconsistency marks the ring broken. Index stores are release stores
 * followed by a full barrier, so that "publish my index, then look at the
 * other's" on both sides never loses a doorbell or a wake-up (see
 * Documentation/memory.rst).
 *
 * Lifetime: a ring has a reference for being attached (dropped by the
 * teardown) and one per user (a trap, a doorbell in flight, a consumer's
 * xnu_ring_get()). Teardown runs once, in two steps: under xnu_ring_lock
 * the ring is marked dead in both headers, leaves its consumer and file
 * lists and its waiters wake; then, with no lock held and for a whole
 * batch of rings (a file's, a consumer's), one RCU grace period lets
 * doorbell callbacks finish, and for each ring the consumer's detach runs
 * and the port dies. The consumer counts teardowns in flight, and
 * unregistering waits for them: no callback runs once it returns. The
 * memory (pins, vmap)
 * goes with the last reference; the structure after an RCU grace period
 * (port-to-ring lookups run under RCU).
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "xnu_ring.h"
#include "xnu_vm.h"
#include "vm_internal.h"
#include "ring_mig.h"
#include "mach/mach_internal.h"
#include "xnu_ring_server.h"
#include <xnucross/ring.h>

/* ring->state bits */
#define XNU_RING_DEAD		0
#define XNU_RING_BROKEN		1

/**
 * struct xnu_ring_side - one direction of a ring, as the kernel sees it
 * @wired:	the wired buffer, or NULL (no rx ring)
 * @hdr:	its shared header (kernel mapping)
 * @data:	its data area
 * @size:	data bytes (a power of two), read once at attach
 * @high:	high watermark, read once at attach
 * @low:	low watermark, read once at attach
 * @max_rec:	largest payload, read once at attach
 * @idx:	the kernel's own index: cons of tx, prod of rx
 * @pending:	bytes xnu_ring_consume() will move @idx by (tx)
 * @pending_len: payload bytes of that record (tx)
 */
struct xnu_ring_side {
	struct xnu_wired *wired;
	struct xnu_ring_hdr *hdr;
	u8 *data;
	u32 size;
	u32 high;
	u32 low;
	u32 max_rec;
	u32 idx;
	u32 pending;
	u32 pending_len;
};

/**
 * struct xnu_ring - a ring attached to a kernel consumer
 * @ref:	references (see the lifetime rules above)
 * @id:		its id for XNU_TRAP_RING_WAIT (unique for the module's life)
 * @state:	XNU_RING_DEAD, XNU_RING_BROKEN bits
 * @tx:		the ring the process produces into
 * @rx:		the ring the kernel produces into (@rx.wired NULL: none)
 * @consumer:	the consumer while attached (RCU: doorbells read it)
 * @owner:	the consumer, for the teardown (xnu_ring_lock)
 * @consumer_link: on @owner's ring list (xnu_ring_lock)
 * @file_link:	on the attaching file's ring list (xnu_ring_lock)
 * @dead_link:	on a teardown batch (its owner's)
 * @port:	its kernel object port (the kernel's receive right), until
 *		the teardown
 * @priv:	the consumer's
 * @wq:		producers waiting for room, consumers waiting for data
 * @doorbells:	doorbells received
 * @records:	records consumed from tx
 * @bytes:	their payload bytes
 * @rx_records:	records produced into rx
 * @rcu:	frees the structure
 */
struct xnu_ring {
	struct kref ref;
	u32 id;
	unsigned long state;
	struct xnu_ring_side tx;
	struct xnu_ring_side rx;
	struct xnu_ring_consumer __rcu *consumer;
	struct xnu_ring_consumer *owner;
	struct list_head consumer_link;
	struct list_head file_link;
	struct list_head dead_link;
	ipc_port_t port;
	void *priv;
	wait_queue_head_t wq;
	atomic64_t doorbells;
	atomic64_t records;
	atomic64_t bytes;
	atomic64_t rx_records;
	struct rcu_head rcu;
};

/* Protects every ring list, the consumer list and the teardowns. */
static DEFINE_MUTEX(xnu_ring_lock);
static LIST_HEAD(xnu_ring_consumers);
static u32 xnu_ring_next_id;
/* Woken when a consumer's teardowns in flight drop to 0. */
static DECLARE_WAIT_QUEUE_HEAD(xnu_ring_teardown_wq);

static const struct xnu_mig_subsystem *const xnu_ring_subsystems[] = {
	&xnu_ring_subsystem,
	NULL
};

static void xnu_ring_no_senders(ipc_port_t port, void *object,
				mach_port_mscount_t mscount);

static struct xnu_kobject_type xnu_ring_kotype = {
	.name = "ring",
	.subsystems = xnu_ring_subsystems,
	.no_senders = xnu_ring_no_senders,
	.owner = THIS_MODULE,
};

/* ---- references ----------------------------------------------------------- */

static void xnu_ring_release(struct kref *ref)
{
	struct xnu_ring *r = container_of(ref, struct xnu_ring, ref);

	xnu_wired_put(r->tx.wired);
	xnu_wired_put(r->rx.wired);
	kfree_rcu(r, rcu);
}

/**
 * xnu_ring_get() - take a reference to a ring
 * @ring: a ring the caller has (in a callback, or with a reference)
 *
 * Keeps the ring's memory (its wired buffers) valid; not its attachment.
 */
void xnu_ring_get(struct xnu_ring *ring)
{
	kref_get(&ring->ref);
}
EXPORT_SYMBOL_GPL(xnu_ring_get);

/**
 * xnu_ring_put() - drop a reference to a ring
 * @ring: the ring (NULL is a no-op)
 *
 * The last one unpins the buffers. May sleep.
 */
void xnu_ring_put(struct xnu_ring *ring)
{
	if (ring)
		kref_put(&ring->ref, xnu_ring_release);
}
EXPORT_SYMBOL_GPL(xnu_ring_put);

/**
 * xnu_ring_set_private() - attach the consumer's data to a ring
 * @ring: the ring (in the attach callback, typically)
 * @priv: the data
 */
void xnu_ring_set_private(struct xnu_ring *ring, void *priv)
{
	ring->priv = priv;
}
EXPORT_SYMBOL_GPL(xnu_ring_set_private);

/**
 * xnu_ring_private() - the consumer's data of a ring
 * @ring: the ring
 *
 * Return: what xnu_ring_set_private() stored, or NULL.
 */
void *xnu_ring_private(const struct xnu_ring *ring)
{
	return ring->priv;
}
EXPORT_SYMBOL_GPL(xnu_ring_private);

/**
 * xnu_ring_rx_max_rec() - the largest record the rx ring takes
 * @ring: the ring
 *
 * A consumer checks in its attach callback that its results fit.
 *
 * Return: the rx ring's max_rec, 0 when there is no rx ring.
 */
u32 xnu_ring_rx_max_rec(const struct xnu_ring *ring)
{
	return ring->rx.wired ? ring->rx.max_rec : 0;
}
EXPORT_SYMBOL_GPL(xnu_ring_rx_max_rec);

/**
 * xnu_ring_has_rx() - whether the process gave a ring for results
 * @ring: the ring
 *
 * Return: true when xnu_ring_push() has somewhere to write.
 */
bool xnu_ring_has_rx(const struct xnu_ring *ring)
{
	return ring->rx.wired;
}
EXPORT_SYMBOL_GPL(xnu_ring_has_rx);

/* ---- the shared header ----------------------------------------------------- */

static void xnu_ring_hdr_flags(struct xnu_ring_side *s, u32 set, u32 clear)
{
	u32 flags;

	if (!s->hdr)
		return;
	flags = READ_ONCE(s->hdr->flags);
	WRITE_ONCE(s->hdr->flags, (flags & ~clear) | set);
}

/* The producer corrupted the ring: stop for good, tell everyone. */
static int xnu_ring_break(struct xnu_ring *r)
{
	if (!test_and_set_bit(XNU_RING_BROKEN, &r->state)) {
		xnu_ring_hdr_flags(&r->tx, XNU_RING_F_BROKEN, 0);
		xnu_ring_hdr_flags(&r->rx, XNU_RING_F_BROKEN, 0);
		wake_up_all(&r->wq);
	}
	return -EBADMSG;
}

static int xnu_ring_usable(const struct xnu_ring *r)
{
	if (test_bit(XNU_RING_DEAD, &r->state))
		return -EPIPE;
	if (test_bit(XNU_RING_BROKEN, &r->state))
		return -EBADMSG;
	return 0;
}

/* ---- consuming (tx) ---------------------------------------------------------- */

/**
 * xnu_ring_peek() - the next record of a ring, in place
 * @ring:	the ring
 * @data:	out: the payload, in the shared memory
 * @tag:	out: the record's tag
 *
 * Zero copy: *@data points into the process's buffer, which the process
 * may change at any time; the length returned is checked and the record
 * lies wholly in the data area, but its bytes are whatever they are when
 * read. Call xnu_ring_consume() to go past it. One context per ring.
 *
 * Return: the payload length (0 is a valid empty record), -EAGAIN when
 * the ring is empty, -EBADMSG when it is broken, -EPIPE when torn down.
 */
ssize_t xnu_ring_peek(struct xnu_ring *ring, const void **data, u32 *tag)
{
	struct xnu_ring_side *s = &ring->tx;
	struct xnu_ring_rec *rec;
	u32 prod, used, off, len, space;
	int ret;

	ret = xnu_ring_usable(ring);
	if (ret)
		return ret;
	for (;;) {
		/* The producer's record before its index (its release). */
		prod = smp_load_acquire(&s->hdr->prod);
		used = prod - s->idx;
		if (!used)
			return -EAGAIN;
		if (used > s->size || used % XNU_RING_ALIGN)
			return xnu_ring_break(ring);
		off = s->idx & (s->size - 1);
		rec = (struct xnu_ring_rec *)(s->data + off);
		len = READ_ONCE(rec->len);
		if (len == XNU_RING_WRAP) {
			/*
			 * Skip to offset 0; the marker needs no keeping. One
			 * at 0 skips nothing useful: a producer moving prod
			 * would keep this loop going.
			 */
			if (!off || s->size - off > used)
				return xnu_ring_break(ring);
			s->idx += s->size - off;
			/* Give the skipped bytes back... */
			smp_store_release(&s->hdr->cons, s->idx);
			/* ...before prod is read again. */
			smp_mb();
			continue;
		}
		if (len > s->max_rec)
			return xnu_ring_break(ring);
		space = XNU_RING_REC_SPACE(len);
		if (space > s->size - off || space > used)
			return xnu_ring_break(ring);
		*tag = READ_ONCE(rec->tag);
		*data = rec + 1;
		s->pending = space;
		s->pending_len = len;
		return len;
	}
}
EXPORT_SYMBOL_GPL(xnu_ring_peek);

/**
 * xnu_ring_consume() - go past the record xnu_ring_peek() returned
 * @ring: the ring
 *
 * Publishes the consumer index (the producer may now reuse the space) and
 * wakes a producer waiting for room once the ring is at or below its low
 * watermark.
 */
void xnu_ring_consume(struct xnu_ring *ring)
{
	struct xnu_ring_side *s = &ring->tx;
	u32 used;

	if (!s->pending)
		return;
	s->idx += s->pending;
	atomic64_inc(&ring->records);
	atomic64_add(s->pending_len, &ring->bytes);
	s->pending = 0;
	/* Reads of the record done before the space is given back. */
	smp_store_release(&s->hdr->cons, s->idx);
	/* cons before prod: pairs with the producer's barrier (doorbell). */
	smp_mb();
	WRITE_ONCE(s->hdr->kstat[1], atomic64_read(&ring->records));
	WRITE_ONCE(s->hdr->kstat[2], atomic64_read(&ring->bytes));
	used = READ_ONCE(s->hdr->prod) - s->idx;
	if ((used <= s->low || used > s->size) && wq_has_sleeper(&ring->wq))
		wake_up(&ring->wq);
}
EXPORT_SYMBOL_GPL(xnu_ring_consume);

/**
 * xnu_ring_pop() - copy the next record out of a ring
 * @ring:	the ring
 * @buf:	where the payload goes
 * @len:	bytes @buf holds
 * @tag:	out: the record's tag
 *
 * One context per ring. A record longer than @len stays in the ring.
 *
 * Return: the payload length, -EMSGSIZE (it does not fit @buf), -EAGAIN
 * (empty), -EBADMSG (broken), -EPIPE (torn down).
 */
ssize_t xnu_ring_pop(struct xnu_ring *ring, void *buf, size_t len, u32 *tag)
{
	const void *data;
	ssize_t n;

	n = xnu_ring_peek(ring, &data, tag);
	if (n < 0)
		return n;
	if (n > len)
		return -EMSGSIZE;
	memcpy(buf, data, n);
	xnu_ring_consume(ring);
	return n;
}
EXPORT_SYMBOL_GPL(xnu_ring_pop);

/* ---- producing (rx) ------------------------------------------------------------ */

/*
 * Room for a record of @len bytes in rx: 0 and the bytes to skip to the
 * start first (*@skip), -ENOSPC (prod_wait is set: the process rings the
 * doorbell when it has drained), or an error.
 */
static int xnu_ring_rx_room(struct xnu_ring *r, size_t len, u32 *skip)
{
	struct xnu_ring_side *s = &r->rx;
	u32 cons, used, off, need;
	int ret, tries;

	if (!s->wired)
		return -EINVAL;
	ret = xnu_ring_usable(r);
	if (ret)
		return ret;
	if (len > s->max_rec)
		return -EMSGSIZE;
	off = s->idx & (s->size - 1);
	need = XNU_RING_REC_SPACE(len);
	*skip = need > s->size - off ? s->size - off : 0;
	need += *skip;
	for (tries = 0; tries < 2; tries++) {
		/* The user read its records before giving the space back. */
		cons = smp_load_acquire(&s->hdr->cons);
		used = s->idx - cons;
		if (used > s->size || used % XNU_RING_ALIGN)
			return xnu_ring_break(r);
		if (used < s->high && used + need <= s->size)
			return 0;
		if (tries)
			break;
		/*
		 * Ask for a doorbell, then look again: the user publishes
		 * cons and then reads prod_wait, so one of us sees the other.
		 */
		WRITE_ONCE(s->hdr->prod_wait, 1);
		/* prod_wait before cons (pairs with the user's fence). */
		smp_mb();
	}
	return -ENOSPC;
}

/**
 * xnu_ring_can_push() - whether a record fits the rx ring now
 * @ring:	the ring
 * @len:	its payload bytes
 *
 * When it does not, the process is asked (prod_wait) to ring the doorbell
 * once it has drained the rx ring to its low watermark.
 *
 * Return: true when xnu_ring_push() of @len bytes would succeed.
 */
bool xnu_ring_can_push(struct xnu_ring *ring, size_t len)
{
	u32 skip;

	return !xnu_ring_rx_room(ring, len, &skip);
}
EXPORT_SYMBOL_GPL(xnu_ring_can_push);

/**
 * xnu_ring_push() - produce a record into the rx ring
 * @ring:	the ring
 * @data:	the payload
 * @len:	its bytes (at most the rx ring's max_rec)
 * @tag:	the record's tag
 *
 * One context per ring. Wakes a process waiting for data.
 *
 * Return: 0, -ENOSPC (at the high watermark or full; the process will
 * ring the doorbell when it drained), -EINVAL (no rx ring), -EMSGSIZE,
 * -EBADMSG (broken), -EPIPE (torn down).
 */
int xnu_ring_push(struct xnu_ring *ring, const void *data, size_t len,
		  u32 tag)
{
	struct xnu_ring_side *s = &ring->rx;
	struct xnu_ring_rec *rec;
	u32 skip, off;
	int ret;

	ret = xnu_ring_rx_room(ring, len, &skip);
	if (ret)
		return ret;
	off = s->idx & (s->size - 1);
	if (skip) {
		rec = (struct xnu_ring_rec *)(s->data + off);
		WRITE_ONCE(rec->len, XNU_RING_WRAP);
		WRITE_ONCE(rec->tag, 0);
		s->idx += skip;
		off = 0;
	}
	rec = (struct xnu_ring_rec *)(s->data + off);
	WRITE_ONCE(rec->len, (u32)len);
	WRITE_ONCE(rec->tag, tag);
	memcpy(rec + 1, data, len);
	s->idx += XNU_RING_REC_SPACE(len);
	/* The record before the index... */
	smp_store_release(&s->hdr->prod, s->idx);
	/* ...and the index before the waiter check. */
	smp_mb();
	WRITE_ONCE(s->hdr->kstat[1], atomic64_inc_return(&ring->rx_records));
	if (wq_has_sleeper(&ring->wq))
		wake_up(&ring->wq);
	return 0;
}
EXPORT_SYMBOL_GPL(xnu_ring_push);

/* ---- the doorbell (xnu_ring 7900) ------------------------------------------------ */

/**
 * xnu_convert_port_to_ring() - MIG intran: the ring behind a port
 * @port: the port a doorbell was sent to
 *
 * Return: the ring with a reference (xnu_ring_deallocate() drops it), or
 * NULL when @port is not a live ring port.
 */
xnu_ring_ref_t xnu_convert_port_to_ring(ipc_port_t port)
{
	struct xnu_ring *r;

	rcu_read_lock();
	r = xnu_kobject_get(port, &xnu_ring_kotype);
	if (r && !kref_get_unless_zero(&r->ref))
		r = NULL;
	rcu_read_unlock();
	return r;
}

/**
 * xnu_ring_deallocate() - MIG destructor: drop the intran's reference
 * @ring: the ring, or NULL
 */
void xnu_ring_deallocate(xnu_ring_ref_t ring)
{
	xnu_ring_put(ring);
}

/**
 * xnu_ring_doorbell() - ring_doorbell(): wake the ring's consumer
 * @ring: the ring (NULL for a port of another kind)
 *
 * Runs in the producer's thread; the consumer's doorbell callback only
 * schedules its work. A simpleroutine: the result goes nowhere.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (not a ring) or
 * KERN_TERMINATED (no consumer any more).
 */
kern_return_t xnu_ring_doorbell(xnu_ring_ref_t ring)
{
	struct xnu_ring_consumer *c;
	kern_return_t kr = KERN_TERMINATED;

	if (!ring)
		return KERN_INVALID_ARGUMENT;
	WRITE_ONCE(ring->tx.hdr->kstat[0],
		   atomic64_inc_return(&ring->doorbells));
	rcu_read_lock();
	c = rcu_dereference(ring->consumer);
	if (c) {
		if (c->doorbell)
			c->doorbell(ring);
		kr = KERN_SUCCESS;
	}
	rcu_read_unlock();
	return kr;
}

/* ---- teardown ----------------------------------------------------------------- */

/*
 * First step of a ring's teardown (once): mark it dead, take it off the
 * lists, wake its waiters and queue it on @dead; xnu_ring_lock held.
 * xnu_ring_teardown_finish() does the rest.
 */
static void xnu_ring_kill_locked(struct xnu_ring *r, struct list_head *dead)
{
	lockdep_assert_held(&xnu_ring_lock);
	if (test_and_set_bit(XNU_RING_DEAD, &r->state))
		return;
	RCU_INIT_POINTER(r->consumer, NULL);
	list_del_init(&r->consumer_link);
	list_del_init(&r->file_link);
	if (r->owner)
		atomic_inc(&r->owner->teardowns);
	xnu_ring_hdr_flags(&r->tx, XNU_RING_F_DEAD, XNU_RING_F_ATTACHED);
	xnu_ring_hdr_flags(&r->rx, XNU_RING_F_DEAD, XNU_RING_F_ATTACHED);
	wake_up_all(&r->wq);
	list_add_tail(&r->dead_link, dead);
}

/*
 * Second step for a batch of killed rings, no lock held: one grace
 * period for all, then detach (@detach: not for a module already gone,
 * see below), the port dies, the teardown's reference goes.
 */
static void xnu_ring_teardown_finish(struct list_head *dead, bool detach)
{
	struct xnu_ring_consumer *c;
	struct xnu_ring *r, *tmp;
	ipc_port_t port;

	if (list_empty(dead))
		return;
	/* No doorbell callback runs in the consumers after this. */
	synchronize_rcu();
	list_for_each_entry_safe(r, tmp, dead, dead_link) {
		list_del_init(&r->dead_link);
		c = r->owner;
		r->owner = NULL;
		if (c && c->detach && detach)
			c->detach(r);
		port = r->port;
		r->port = IP_NULL;
		/* The port's object is cleared before the last put frees it. */
		xnu_kobject_port_destroy(port);
		if (c && atomic_dec_and_test(&c->teardowns))
			wake_up_all(&xnu_ring_teardown_wq);
		xnu_ring_put(r);
	}
}

/* The last send right to a ring's port went away: tear the ring down. */
static void xnu_ring_no_senders(ipc_port_t port, void *object,
				mach_port_mscount_t mscount)
{
	struct xnu_ring *r = xnu_convert_port_to_ring(port);
	LIST_HEAD(dead);

	if (!r)
		return;
	mutex_lock(&xnu_ring_lock);
	xnu_ring_kill_locked(r, &dead);
	mutex_unlock(&xnu_ring_lock);
	xnu_ring_teardown_finish(&dead, true);
	xnu_ring_put(r);
}

/**
 * xnu_ring_file_release() - an open file goes: tear down its rings
 * @vmf: the file's wiring state
 *
 * One RCU grace period for all of them, none with xnu_ring_lock held.
 */
void xnu_ring_file_release(struct xnu_vm_file *vmf)
{
	LIST_HEAD(dead);

	mutex_lock(&xnu_ring_lock);
	while (!list_empty(&vmf->rings))
		xnu_ring_kill_locked(list_first_entry(&vmf->rings,
						      struct xnu_ring,
						      file_link), &dead);
	mutex_unlock(&xnu_ring_lock);
	xnu_ring_teardown_finish(&dead, true);
}

/* ---- consumers ------------------------------------------------------------------ */

static struct xnu_ring_consumer *xnu_ring_consumer_find(const char *name)
{
	struct xnu_ring_consumer *c;

	list_for_each_entry(c, &xnu_ring_consumers, link)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/**
 * xnu_ring_consumer_register() - offer a ring consumer to processes
 * @consumer: the consumer (name, callbacks, owner); stays registered
 *	      until xnu_ring_consumer_unregister()
 *
 * Return: 0, -EINVAL (no name, name too long, no attach callback, no
 * owner: the module notifier finds a forgotten consumer by it) or
 * -EEXIST (the name is taken).
 */
int xnu_ring_consumer_register(struct xnu_ring_consumer *consumer)
{
	int ret = 0;

	if (!consumer || !consumer->name || !consumer->attach ||
	    !consumer->owner ||
	    !consumer->name[0] ||
	    strnlen(consumer->name, XNU_RING_NAME_MAX) >= XNU_RING_NAME_MAX)
		return -EINVAL;
	INIT_LIST_HEAD(&consumer->rings);
	atomic_set(&consumer->teardowns, 0);
	mutex_lock(&xnu_ring_lock);
	if (xnu_ring_consumer_find(consumer->name))
		ret = -EEXIST;
	else
		list_add_tail(&consumer->link, &xnu_ring_consumers);
	mutex_unlock(&xnu_ring_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(xnu_ring_consumer_register);

/*
 * Unregister @c, tearing its rings down; @detach: call its detach. Waits
 * for the teardowns of its rings others started (a file closing).
 */
static void __xnu_ring_consumer_unregister(struct xnu_ring_consumer *c,
					   bool detach)
{
	LIST_HEAD(dead);

	mutex_lock(&xnu_ring_lock);
	list_del_init(&c->link);
	while (!list_empty(&c->rings))
		xnu_ring_kill_locked(list_first_entry(&c->rings,
						      struct xnu_ring,
						      consumer_link), &dead);
	mutex_unlock(&xnu_ring_lock);
	xnu_ring_teardown_finish(&dead, detach);
	/* Not interruptible: a detach always ends, and exit must wait. */
	wait_event(xnu_ring_teardown_wq, !atomic_read(&c->teardowns));
}

/**
 * xnu_ring_consumer_unregister() - withdraw a ring consumer
 * @consumer: a registered consumer
 *
 * Tears down every ring attached to it (detach runs for each; producers
 * see XNU_RING_F_DEAD, their waits end with KERN_TERMINATED and their
 * doorbells fail on a dead port). Afterwards no callback of @consumer
 * runs. May sleep.
 */
void xnu_ring_consumer_unregister(struct xnu_ring_consumer *consumer)
{
	__xnu_ring_consumer_unregister(consumer, true);
}
EXPORT_SYMBOL_GPL(xnu_ring_consumer_unregister);

/* ---- the traps ------------------------------------------------------------------ */

/* Wire and check one side of a ring being attached (its header unchanged). */
static kern_return_t xnu_ring_side_setup(struct xnu_ring_side *s, u64 addr,
					 u64 len)
{
	struct xnu_ring_hdr *h;
	kern_return_t kr;
	u32 size, high, low, max_rec;

	if (!addr || (addr & ~PAGE_MASK) ||
	    len < XNU_RING_HDR_SIZE + XNU_RING_MIN_SIZE ||
	    len > XNU_RING_HDR_SIZE + (u64)XNU_RING_MAX_SIZE)
		return KERN_INVALID_ARGUMENT;
	s->wired = xnu_wired_make(addr, len, true, &kr);
	if (!s->wired)
		return kr;
	h = xnu_wired_vmap(s->wired);
	if (!h)
		return KERN_RESOURCE_SHORTAGE;

	size = READ_ONCE(h->size);
	high = READ_ONCE(h->high_wm);
	low = READ_ONCE(h->low_wm);
	max_rec = READ_ONCE(h->max_rec);
	if (READ_ONCE(h->magic) != XNU_RING_MAGIC ||
	    READ_ONCE(h->version) != XNU_RING_VERSION ||
	    READ_ONCE(h->flags) || READ_ONCE(h->prod) || READ_ONCE(h->cons) ||
	    size < XNU_RING_MIN_SIZE || size > XNU_RING_MAX_SIZE ||
	    !is_power_of_2(size) || XNU_RING_HDR_SIZE + (u64)size > len ||
	    !low || low >= high || high > size ||
	    !max_rec || max_rec > size / 2 - 8)
		return KERN_INVALID_ARGUMENT;
	s->hdr = h;
	s->data = (u8 *)h + XNU_RING_HDR_SIZE;
	s->size = size;
	s->high = high;
	s->low = low;
	s->max_rec = max_rec;
	s->idx = 0;
	return KERN_SUCCESS;
}

/* The attach succeeded: say so in the side's header. */
static void xnu_ring_side_publish(struct xnu_ring_side *s, bool to_user)
{
	if (!s->hdr)
		return;
	WRITE_ONCE(s->hdr->prod_wait, 0);
	memset(s->hdr->kstat, 0, sizeof(s->hdr->kstat));
	WRITE_ONCE(s->hdr->flags, XNU_RING_F_ATTACHED |
		   (to_user ? XNU_RING_F_TO_USER : 0));
}

/* Put a send right to a port (with its reference) into the caller's space. */
static kern_return_t xnu_ring_copyout_send(struct xnu_task *task,
					   ipc_port_t port,
					   mach_port_name_t *name)
{
	struct xnu_space *space = task->space;
	struct xnu_deferred d;
	kern_return_t kr;

	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (space->active) {
		kr = xnu_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND,
				       name, &d);
	} else {
		xnu_port_release_send_ref(port, &d);
		kr = KERN_INVALID_TASK;
	}
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	return kr;
}

/**
 * xnu_trap_ring_attach() - XNU_TRAP_RING_ATTACH: attach a ring to a
 * kernel consumer
 * @xf:		the caller's open file
 * @arg:	struct xnu_ring_attach_args; out: @port, @ring_id
 *
 * Return: a kern_return_t (see xnu_ring.h), or a negative errno (-ENOMEM,
 * -EBADFD for a file of another process).
 */
long xnu_trap_ring_attach(struct xnu_file *xf, void *arg)
{
	struct xnu_ring_attach_args *a = arg;
	struct xnu_ring_consumer *c;
	struct xnu_vm_file *vmf;
	struct xnu_task *task;
	mach_port_name_t name;
	struct xnu_ring *r;
	kern_return_t kr;
	ipc_port_t port;
	int err;
	u32 id;

	if (a->flags || a->reserved ||
	    !memchr(a->consumer, 0, sizeof(a->consumer)))
		return KERN_INVALID_ARGUMENT;
	if (a->rx_addr &&
	    a->rx_addr < a->tx_addr + a->tx_len &&
	    a->tx_addr < a->rx_addr + a->rx_len)
		return KERN_INVALID_ARGUMENT;
	vmf = xnu_vm_file_get(xf);
	if (!vmf)
		return -ENOMEM;
	task = xnu_task_current(xf);
	if (IS_ERR(task))
		return PTR_ERR(task);

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	kref_init(&r->ref);
	init_waitqueue_head(&r->wq);
	INIT_LIST_HEAD(&r->consumer_link);
	INIT_LIST_HEAD(&r->file_link);
	INIT_LIST_HEAD(&r->dead_link);
	kr = xnu_ring_side_setup(&r->tx, a->tx_addr, a->tx_len);
	if (kr == KERN_SUCCESS && a->rx_addr)
		kr = xnu_ring_side_setup(&r->rx, a->rx_addr, a->rx_len);
	if (kr != KERN_SUCCESS)
		goto out_put;
	r->port = xnu_kobject_port_alloc(&xnu_ring_kotype, r);
	if (!r->port) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto out_put;
	}

	mutex_lock(&xnu_ring_lock);
	c = xnu_ring_consumer_find(a->consumer);
	if (!c) {
		kr = KERN_INVALID_NAME;
		goto out_unlock;
	}
	if (!++xnu_ring_next_id)
		xnu_ring_next_id++;
	r->id = xnu_ring_next_id;
	err = c->attach(r);
	if (err) {
		/* Out of memory is no refusal: the caller may retry. */
		kr = err == -ENOMEM ? KERN_RESOURCE_SHORTAGE : KERN_FAILURE;
		goto out_unlock;
	}
	xnu_ring_side_publish(&r->tx, false);
	xnu_ring_side_publish(&r->rx, true);
	r->owner = c;
	rcu_assign_pointer(r->consumer, c);
	list_add_tail(&r->consumer_link, &c->rings);
	list_add_tail(&r->file_link, &vmf->rings);
	id = r->id;
	/*
	 * From here the ring is the lists'. The send right (made while the
	 * port surely lives) keeps the port; should a teardown come first,
	 * the name is MACH_PORT_DEAD. A right that cannot be put in the
	 * space dies, and no-senders tears the ring down.
	 */
	port = r->port;
	xnu_port_make_send_ref(port);
	mutex_unlock(&xnu_ring_lock);
	kr = xnu_ring_copyout_send(task, port, &name);
	if (kr != KERN_SUCCESS)
		return kr;
	a->port = name;
	a->ring_id = id;
	return KERN_SUCCESS;

out_unlock:
	mutex_unlock(&xnu_ring_lock);
	xnu_kobject_port_destroy(r->port);
out_put:
	xnu_ring_put(r);
	return kr;
}

/* Find ring @id of file @vmf, with a reference. */
static struct xnu_ring *xnu_ring_lookup(struct xnu_vm_file *vmf, u32 id)
{
	struct xnu_ring *r, *found = NULL;

	mutex_lock(&xnu_ring_lock);
	list_for_each_entry(r, &vmf->rings, file_link) {
		if (r->id == id) {
			found = r;
			kref_get(&r->ref);
			break;
		}
	}
	mutex_unlock(&xnu_ring_lock);
	return found;
}

/* What a waiter waits for; true also when waiting is over for good. */
static bool xnu_ring_ready(struct xnu_ring *r, u32 what)
{
	struct xnu_ring_side *s;
	u32 used;

	if (READ_ONCE(r->state))
		return true;
	if (what == XNU_RING_WAIT_SPACE) {
		s = &r->tx;
		used = READ_ONCE(s->hdr->prod) - READ_ONCE(s->idx);
		return used <= s->low || used > s->size;
	}
	s = &r->rx;
	return READ_ONCE(s->idx) != READ_ONCE(s->hdr->cons);
}

/**
 * xnu_trap_ring_wait() - XNU_TRAP_RING_WAIT: wait for room or data
 * @xf:		the caller's open file
 * @arg:	struct xnu_ring_wait_args; out: the counters
 *
 * Return: a kern_return_t (see xnu_ring.h).
 */
long xnu_trap_ring_wait(struct xnu_file *xf, void *arg)
{
	struct xnu_ring_wait_args *a = arg;
	struct xnu_vm_file *vmf;
	struct xnu_ring *r;
	kern_return_t kr = KERN_SUCCESS;
	long left;

	if (a->flags || a->what > XNU_RING_WAIT_DATA)
		return KERN_INVALID_ARGUMENT;
	/* Pairs with the cmpxchg() that published it (wire.c). */
	vmf = smp_load_acquire(&xf->vm);
	r = vmf ? xnu_ring_lookup(vmf, a->ring_id) : NULL;
	if (!r)
		return KERN_INVALID_ARGUMENT;
	if (a->what == XNU_RING_WAIT_DATA && !r->rx.wired) {
		kr = KERN_INVALID_ARGUMENT;
		goto out;
	}
	if (a->what != XNU_RING_WAIT_NONE) {
		if (a->timeout_ms == XNU_RING_WAIT_FOREVER) {
			left = wait_event_interruptible(r->wq,
							xnu_ring_ready(r, a->what));
			left = left ? left : 1;
		} else {
			left = wait_event_interruptible_timeout
				(r->wq, xnu_ring_ready(r, a->what),
				 msecs_to_jiffies(a->timeout_ms));
		}
		if (left < 0)
			kr = KERN_ABORTED;
		else if (READ_ONCE(r->state))
			kr = KERN_TERMINATED;
		else if (!left && !xnu_ring_ready(r, a->what))
			kr = KERN_OPERATION_TIMED_OUT;
	} else if (READ_ONCE(r->state)) {
		kr = KERN_TERMINATED;
	}
	a->doorbells = atomic64_read(&r->doorbells);
	a->records = atomic64_read(&r->records);
	a->bytes = atomic64_read(&r->bytes);
	a->rx_records = atomic64_read(&r->rx_records);
out:
	xnu_ring_put(r);
	return kr;
}

/* ---- init ------------------------------------------------------------------------ */

/* A consumer @mod registered and did not unregister, or NULL. */
static struct xnu_ring_consumer *xnu_ring_consumer_of(struct module *mod)
{
	struct xnu_ring_consumer *c, *found = NULL;

	mutex_lock(&xnu_ring_lock);
	list_for_each_entry(c, &xnu_ring_consumers, link) {
		if (c->owner == mod) {
			found = c;
			break;
		}
	}
	mutex_unlock(&xnu_ring_lock);
	return found;
}

/*
 * A module going away unregisters the consumers it forgot. Its exit has
 * run, so its detach callbacks are not called: the rings are torn down
 * for their producers, what the module left running is its own bug.
 */
static int xnu_ring_module_event(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	struct xnu_ring_consumer *c;
	struct module *mod = data;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	while ((c = xnu_ring_consumer_of(mod))) {
		pr_warn("module %s left ring consumer %s registered; unregistered it\n",
			mod->name, c->name);
		__xnu_ring_consumer_unregister(c, false);
	}
	return NOTIFY_DONE;
}

static struct notifier_block xnu_ring_module_nb = {
	.notifier_call = xnu_ring_module_event,
};

/**
 * xnu_ring_init() - register the ring kernel object type and the module
 * notifier that cleans up after a consumer module
 *
 * Return: 0 or a negative errno, nothing left behind.
 */
int xnu_ring_init(void)
{
	int ret;

	ret = xnu_kobject_type_register(&xnu_ring_kotype);
	if (ret)
		return ret;
	ret = register_module_notifier(&xnu_ring_module_nb);
	if (ret)
		xnu_kobject_type_unregister(&xnu_ring_kotype);
	return ret;
}

/**
 * xnu_ring_exit() - undo xnu_ring_init() (every file is closed and every
 * consumer module gone: no ring is left)
 */
void xnu_ring_exit(void)
{
	unregister_module_notifier(&xnu_ring_module_nb);
	xnu_kobject_type_unregister(&xnu_ring_kotype);
}
