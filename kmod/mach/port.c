// SPDX-License-Identifier: GPL-2.0
/*
 * port.c - Mach ports: allocation and freeing, the counts of the rights
 * held outside any space (in messages, by the kernel) and the death of a
 * port when its receive right is destroyed, as XNU's ipc_port.c does it.
 *
 * Every notification or cascade a change makes (no-senders, send-once,
 * dead-name, port-destroyed, queued messages to destroy) is put on the
 * caller's struct xnu_deferred, never run under the port lock.
 *
 * Receive rights in transit: a port whose receive right travels in a
 * message knows the port that message goes to (port->destination), as
 * XNU's ip_destination. Before a receive right goes into a message,
 * xnu_port_check_circularity() walks that chain under one global mutex
 * and refuses a message that would close a cycle (ports in each other's
 * queues that nobody can ever receive), as ipc_port_check_circularity().
 *
 * The module parameter mach_ports_live (read-only) counts the ports not
 * yet freed, so tests can see leaks.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "mach_internal.h"

/* Port identities: unique for the module's life, 0 never used. */
static atomic64_t xnu_port_next_id = ATOMIC64_INIT(0);

/* Ports allocated and not yet freed. */
static atomic_t xnu_ports_live = ATOMIC_INIT(0);

static int xnu_ports_live_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(kp->arg));
}

/* A value given at load time is ignored: the count is the module's. */
static int xnu_ports_live_set(const char *val, const struct kernel_param *kp)
{
	return 0;
}

static const struct kernel_param_ops xnu_ports_live_ops = {
	.set = xnu_ports_live_set,
	.get = xnu_ports_live_get,
};

module_param_cb(mach_ports_live, &xnu_ports_live_ops, &xnu_ports_live, 0444);
MODULE_PARM_DESC(mach_ports_live, "Mach ports alive (read-only)");

/* Protects every port's destination (receive rights in transit). */
static DEFINE_MUTEX(xnu_port_transit_lock);

/**
 * xnu_port_alloc() - make a new port
 *
 * The port is active, has one reference, no rights counted, no receiver,
 * the default queue limit and no notification requests.
 *
 * Return: the port, or NULL when memory is short.
 */
struct xnu_port *xnu_port_alloc(void)
{
	struct xnu_port *port;

	port = kmem_cache_zalloc(xnu_port_cache, GFP_KERNEL_ACCOUNT);
	if (!port)
		return NULL;
	refcount_set(&port->ref, 1);
	spin_lock_init(&port->lock);
	port->id = atomic64_inc_return(&xnu_port_next_id);
	port->active = true;
	port->qlimit = MACH_PORT_QLIMIT_DEFAULT;
	INIT_LIST_HEAD(&port->pset_link);
	INIT_LIST_HEAD(&port->msgs);
	INIT_LIST_HEAD(&port->dnrequests);
	init_waitqueue_head(&port->rcv_wait);
	init_waitqueue_head(&port->snd_wait);
	atomic_inc(&xnu_ports_live);
	return port;
}

static void xnu_port_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(xnu_port_cache, container_of(rcu, struct xnu_port, rcu));
	atomic_dec(&xnu_ports_live);
}

/**
 * xnu_port_put() - drop a reference to a port
 * @port: the port
 *
 * The last reference frees the port after an RCU grace period. By then the
 * port must be dead (xnu_port_destroy()) and its queue empty.
 */
void xnu_port_put(struct xnu_port *port)
{
	if (!refcount_dec_and_test(&port->ref))
		return;
	WARN_ON_ONCE(port->active);
	WARN_ON_ONCE(!list_empty(&port->msgs));
	WARN_ON_ONCE(!list_empty(&port->dnrequests));
	WARN_ON_ONCE(port->nsrequest || port->pdrequest);
	WARN_ON_ONCE(port->destination);
	call_rcu(&port->rcu, xnu_port_free_rcu);
}

/**
 * xnu_port_check_circularity() - may a receive right travel to a port?
 * @port: the port whose receive right the caller holds (in transit)
 * @dest: the port the message carrying it goes to
 *
 * XNU's ipc_port_check_circularity(): follows the destinations from @dest
 * (each port whose receive right is itself in a message, to the port that
 * message goes to) with the global transit lock held. Reaching @port means
 * the message would close a cycle that no receive can ever open.
 *
 * Return: true for a cycle (nothing changed); false, with @port's
 * destination set to @dest (a reference taken, any previous one dropped).
 */
bool xnu_port_check_circularity(struct xnu_port *port, struct xnu_port *dest)
{
	struct xnu_port *base, *old;

	if (port == dest)
		return true;
	mutex_lock(&xnu_port_transit_lock);
	for (base = dest; base; base = base->destination) {
		if (base == port) {
			mutex_unlock(&xnu_port_transit_lock);
			return true;
		}
	}
	old = port->destination;
	xnu_port_get(dest);
	port->destination = dest;
	mutex_unlock(&xnu_port_transit_lock);
	if (old)
		xnu_port_put(old);
	return false;
}

/**
 * xnu_port_clear_destination() - a receive right left its message
 * @port: the port (its receive right copied out or being destroyed)
 *
 * Only the holder of the receive right sets or clears the destination, so
 * a port with none is seen without the lock.
 */
void xnu_port_clear_destination(struct xnu_port *port)
{
	struct xnu_port *old;

	if (!READ_ONCE(port->destination))
		return;
	mutex_lock(&xnu_port_transit_lock);
	old = port->destination;
	port->destination = NULL;
	mutex_unlock(&xnu_port_transit_lock);
	if (old)
		xnu_port_put(old);
}

/**
 * xnu_port_make_send_ref() - make a send right held outside any space
 * @port: the port (its receiver makes the right)
 *
 * Counts the right, bumps the make-send count and takes a reference.
 */
void xnu_port_make_send_ref(struct xnu_port *port)
{
	spin_lock(&port->lock);
	port->srights++;
	port->mscount++;
	spin_unlock(&port->lock);
	xnu_port_get(port);
}

/**
 * xnu_port_copy_send_ref() - copy a send right held outside any space
 * @port: the port
 *
 * Counts one more send right and takes a reference.
 */
void xnu_port_copy_send_ref(struct xnu_port *port)
{
	spin_lock(&port->lock);
	port->srights++;
	spin_unlock(&port->lock);
	xnu_port_get(port);
}

/**
 * xnu_port_make_send_once_ref() - make a send-once right held outside a space
 * @port: the port
 *
 * Counts one more send-once right and takes a reference.
 */
void xnu_port_make_send_once_ref(struct xnu_port *port)
{
	spin_lock(&port->lock);
	port->sorights++;
	spin_unlock(&port->lock);
	xnu_port_get(port);
}

/*
 * The last send right went away (port locked): what to notify. XNU fires an
 * armed no-senders request whenever the send-right count reaches zero (the
 * sync value only matters when the request is made), and calls a kernel
 * object's no-senders hook.
 */
static void xnu_port_no_senders_locked(struct xnu_port *port,
				       struct xnu_port **ns, bool *kobj,
				       u32 *mscount)
{
	*mscount = port->mscount;
	if (port->nsrequest) {
		*ns = port->nsrequest;
		port->nsrequest = NULL;
	} else if (port->active && port->kotype && port->kotype->no_senders) {
		*kobj = true;
	}
}

/**
 * xnu_port_release_send_ref() - destroy a send right held outside any space
 * @port: the port (the right's reference is dropped)
 * @d:    where a no-senders notification or callback is queued
 *
 * When it was the last send right, an armed no-senders request is sent and
 * a kernel object's no_senders callback is scheduled.
 */
void xnu_port_release_send_ref(struct xnu_port *port, struct xnu_deferred *d)
{
	struct xnu_port *ns = NULL;
	bool kobj = false;
	u32 mscount = 0;

	spin_lock(&port->lock);
	if (WARN_ON_ONCE(!port->srights)) {
		spin_unlock(&port->lock);
		xnu_port_put(port);
		return;
	}
	if (!--port->srights)
		xnu_port_no_senders_locked(port, &ns, &kobj, &mscount);
	spin_unlock(&port->lock);

	if (ns)
		xnu_notify_no_senders(d, ns, mscount);
	if (kobj)
		xnu_defer_kobject_no_senders(d, port, mscount);
	xnu_port_put(port);
}

/**
 * xnu_port_release_send_once_ref() - destroy a send-once right outside a space
 * @port:   the port (the right's reference is consumed)
 * @notify: the right was never used: send the port a send-once notification
 * @d:      where the notification is queued
 *
 * With @notify the right itself carries the notification to @port (as
 * XNU's ipc_notify_send_once does); otherwise it is simply dropped.
 */
void xnu_port_release_send_once_ref(struct xnu_port *port, bool notify,
				    struct xnu_deferred *d)
{
	if (notify) {
		xnu_notify_send_once(d, port);
		return;
	}
	spin_lock(&port->lock);
	if (!WARN_ON_ONCE(!port->sorights))
		port->sorights--;
	spin_unlock(&port->lock);
	xnu_port_put(port);
}

/*
 * A port-destroyed request is armed (port locked): instead of dying, the
 * port goes in transit inside the notification, as ipc_port_clear_receiver()
 * leaves it (no receiver, make-send count, sequence number and context
 * reset, receivers told the port changed). Its queue and other requests
 * stay. Returns the request's send-once right.
 */
static struct xnu_port *xnu_port_send_away_locked(struct xnu_port *port)
{
	struct xnu_port *pd = port->pdrequest;

	port->pdrequest = NULL;
	port->receiver = NULL;
	port->rcv_name = MACH_PORT_NULL;
	port->mscount = 0;
	port->seqno = 0;
	port->context = 0;
	wake_up_all(&port->rcv_wait);
	return pd;
}

/*
 * What a dying port leaves behind, taken out under its lock and dealt with
 * once it is dropped.
 */
struct xnu_port_remains {
	struct list_head msgs;
	struct list_head dnrequests;
	struct xnu_port *nsrequest;
	struct xnu_port *pdrequest;
};

static void xnu_port_kill_locked(struct xnu_port *port,
				 struct xnu_port_remains *r)
{
	port->active = false;
	port->receiver = NULL;
	port->rcv_name = MACH_PORT_NULL;
	list_splice_init(&port->msgs, &r->msgs);
	port->msgcount = 0;
	list_splice_init(&port->dnrequests, &r->dnrequests);
	r->nsrequest = port->nsrequest;
	port->nsrequest = NULL;
	r->pdrequest = port->pdrequest;
	port->pdrequest = NULL;
	wake_up_all(&port->rcv_wait);
	wake_up_all(&port->snd_wait);
}

/*
 * Queued messages are destroyed, dead-name requests become dead-name
 * notifications, and an orphaned no-senders (or port-destroyed) request's
 * send-once right is destroyed, which sends its port a send-once
 * notification (ipc_port_destroy()).
 */
static void xnu_port_bury(struct xnu_port_remains *r, struct xnu_deferred *d)
{
	struct xnu_dnrequest *req, *rtmp;
	struct xnu_kmsg *kmsg, *ktmp;

	list_for_each_entry_safe(kmsg, ktmp, &r->msgs, link) {
		list_del_init(&kmsg->link);
		xnu_defer_kmsg_destroy(d, kmsg);
	}
	list_for_each_entry_safe(req, rtmp, &r->dnrequests, link) {
		list_del(&req->link);
		xnu_notify_dead_name(d, req->notify, req->name);
		kfree(req);
	}
	if (r->nsrequest)
		xnu_notify_send_once(d, r->nsrequest);
	if (r->pdrequest)
		xnu_notify_send_once(d, r->pdrequest);
}

/**
 * xnu_port_destroy() - destroy the receive right of a port
 * @port: the port; its receive right and one reference are consumed
 * @d:    where the resulting work is queued
 *
 * The port leaves its set (and, if it was in transit, its message). With a
 * port-destroyed request armed (never for a kernel object) the receive
 * right is sent to the requester instead, unless that would close a cycle
 * of ports in transit (the requester's port is this one, or is in transit
 * toward it): then, as XNU's ipc_port_destroy(), the request's send-once
 * right is dropped and the port dies. Dying, waiters are woken, queued
 * messages destroyed, dead-name notifications sent. Call with no lock held
 * but possibly a space lock.
 */
void xnu_port_destroy(struct xnu_port *port, struct xnu_deferred *d)
{
	struct xnu_port_remains r = {
		.msgs = LIST_HEAD_INIT(r.msgs),
		.dnrequests = LIST_HEAD_INIT(r.dnrequests),
	};
	struct xnu_port *pd = NULL;

	xnu_port_clear_destination(port);
	xnu_pset_move(port, NULL);

	spin_lock(&port->lock);
	if (WARN_ON_ONCE(!port->active)) {
		spin_unlock(&port->lock);
		xnu_port_put(port);
		return;
	}
	if (port->pdrequest && !port->kotype)
		pd = xnu_port_send_away_locked(port);
	else
		xnu_port_kill_locked(port, &r);
	spin_unlock(&port->lock);

	if (pd && !xnu_port_check_circularity(port, pd)) {
		/* The notification takes our receive right and reference. */
		xnu_notify_port_destroyed(d, pd, port);
		return;
	}
	if (pd) {
		/* A cycle: the request goes unanswered, the port dies. */
		xnu_port_release_send_once_ref(pd, false, d);
		spin_lock(&port->lock);
		xnu_port_kill_locked(port, &r);
		spin_unlock(&port->lock);
	}
	xnu_port_bury(&r, d);
	xnu_port_put(port);
}
