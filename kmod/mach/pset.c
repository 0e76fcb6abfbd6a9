// SPDX-License-Identifier: GPL-2.0
/*
 * pset.c - port sets: allocation, membership and destruction.
 *
 * A port is a member of at most one set (port->pset, port->pset_link).
 * Membership changes take the port's lock, then the set's lock (never the
 * reverse), so a sender that holds a port's lock may read port->pset and
 * wake the set's receivers without the set going away under it: a set is
 * only freed once every member has left it, and leaving needs the port's
 * lock. Membership holds no reference; the entry naming the set and the
 * receivers waiting on it do.
 */
#include <linux/kernel.h>
#include <linux/slab.h>

#include "mach_internal.h"

/**
 * xnu_pset_alloc() - a new, empty, active port set
 * @space: the space that will name it
 *
 * Return: the set with one reference (the caller's entry's), or NULL on
 * ENOMEM.
 */
struct xnu_pset *xnu_pset_alloc(struct xnu_space *space)
{
	struct xnu_pset *pset;

	pset = kzalloc(sizeof(*pset), GFP_KERNEL_ACCOUNT);
	if (!pset)
		return NULL;
	refcount_set(&pset->ref, 1);
	spin_lock_init(&pset->lock);
	pset->active = true;
	pset->space = space;
	INIT_LIST_HEAD(&pset->members);
	init_waitqueue_head(&pset->wait);
	atomic_set(&pset->seq, 0);
	return pset;
}

/**
 * xnu_pset_put() - drop a reference on a port set
 * @pset: the set
 *
 * The last reference frees it; by then it has been destroyed (no members).
 */
void xnu_pset_put(struct xnu_pset *pset)
{
	if (!refcount_dec_and_test(&pset->ref))
		return;
	WARN_ON_ONCE(!list_empty(&pset->members));
	kfree(pset);
}

/* Wake the set's receivers: something changed for them. */
static void xnu_pset_wake(struct xnu_pset *pset)
{
	atomic_inc(&pset->seq);
	wake_up_all(&pset->wait);
}

/* Take @port (locked) out of its set, if any. */
static void xnu_pset_leave_locked(struct xnu_port *port)
{
	struct xnu_pset *old = port->pset;

	if (!old)
		return;
	spin_lock(&old->lock);
	list_del_init(&port->pset_link);
	port->pset = NULL;
	spin_unlock(&old->lock);
}

/**
 * xnu_pset_move() - change the set a port belongs to
 * @port: the port (its receive right is in the set's space, or in transit
 *	  when @pset is NULL); not locked
 * @pset: the new set (a reference held by the caller), or NULL to leave
 *	  the current one
 *
 * The port leaves its current set, if any, then joins @pset unless @pset
 * has been destroyed meanwhile. Receivers waiting on @pset are woken when
 * the port brings queued messages with it.
 */
void xnu_pset_move(struct xnu_port *port, struct xnu_pset *pset)
{
	bool wake = false;

	spin_lock(&port->lock);
	if (port->pset == pset) {
		spin_unlock(&port->lock);
		return;
	}
	xnu_pset_leave_locked(port);
	if (pset) {
		spin_lock(&pset->lock);
		if (pset->active) {
			list_add_tail(&port->pset_link, &pset->members);
			port->pset = pset;
			wake = port->msgcount > 0;
		}
		spin_unlock(&pset->lock);
	}
	spin_unlock(&port->lock);
	if (wake)
		xnu_pset_wake(pset);
}

/*
 * The first member of a dying set, with a reference, or NULL. Only the set's
 * lock is held here, so the member cannot be unlinked meanwhile; it is
 * alive because unlinking needs its lock and a reference is held by
 * whoever holds its receive right.
 */
static struct xnu_port *xnu_pset_first_member(struct xnu_pset *pset)
{
	struct xnu_port *port;

	spin_lock(&pset->lock);
	port = list_first_entry_or_null(&pset->members, struct xnu_port,
					pset_link);
	if (port)
		xnu_port_get(port);
	spin_unlock(&pset->lock);
	return port;
}

/**
 * xnu_pset_destroy() - destroy a port set
 * @pset: the set (the caller holds a reference, which it keeps)
 *
 * The set becomes inactive, so no port joins it any more; its members
 * leave it one at a time (port lock, then set lock); receivers waiting on
 * it wake up and return MACH_RCV_PORT_CHANGED. May be called with a space
 * lock held; takes no other lock across calls.
 */
void xnu_pset_destroy(struct xnu_pset *pset)
{
	struct xnu_port *port;

	spin_lock(&pset->lock);
	pset->active = false;
	spin_unlock(&pset->lock);

	while ((port = xnu_pset_first_member(pset))) {
		spin_lock(&port->lock);
		if (port->pset == pset)
			xnu_pset_leave_locked(port);
		spin_unlock(&port->lock);
		xnu_port_put(port);
	}
	xnu_pset_wake(pset);
}
