// SPDX-License-Identifier: GPL-2.0
/*
 * kobject.c - kernel-object ports: the registry of kobject types and their
 * ports, the passive invocation of a MIG routine in the sending thread with
 * XNU's reply rules (osfmk/kern/ipc_kobject.c: ipc_kobject_server), the
 * helpers a routine uses (request rights, reply rights, its object), the
 * send-right wrappers of the kernel API and kernel-made messages; and the
 * worker serving the queued one-way messages of XNU_KOBJECT_F_ASYNC types.
 *
 * Lifetime: every routine and no-senders callback runs inside an SRCU read
 * section; unregistering a type destroys its remaining ports (their kotype
 * is cleared under the port lock, so no new call finds the type) and then
 * waits for the calls in flight, after which the module that owns the
 * type may go. A module notifier unregisters what a going module left.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "mach_internal.h"
#include <mach/ndr.h>

/* Where things sit in a message, in the user layout. */
#define XNU_MIG_BODY_OFF	XNU_MACH_HEADER_SIZE
#define XNU_MIG_DESC_OFF	(XNU_MACH_HEADER_SIZE + XNU_MACH_BODY_SIZE)
#define XNU_MIG_ERROR_SIZE	((mach_msg_size_t)sizeof(mig_reply_error_t))
/* Most ids one subsystem may span. */
#define XNU_MIG_IDS_MAX		4096
#define XNU_KOTYPE_NAME_MAX	31
/* Sizes of a kernel-made message (xnu_mach_msg_send_from_kernel()). */
#define XNU_KMSG_KERNEL_MAX	(64U * 1024U)

/**
 * struct xnu_kotype_priv - what xnucross keeps for a registered type
 * @type:	the type
 * @link:	on xnu_kotypes
 * @ports:	its live ports, by port id
 * @dying:	set (under the xarray lock) once unregistering began
 */
struct xnu_kotype_priv {
	struct xnu_kobject_type *type;
	struct list_head link;
	struct xarray ports;
	bool dying;
};

/**
 * struct xnu_mig_call - one routine call (on the invoking thread's stack)
 * @request:	the request; its taken rights are NULL in its descriptors
 * @reply:	the reply being built (max_reply bytes of data)
 * @port:	the kernel object port the request was sent to
 * @d:		deferred work of the invocation
 * @max_reply:	bytes of @reply's buffer
 * @rdesc_max:	room of @reply's descriptor table (0 until allocated)
 * @reply_taken: the routine took the reply right
 * @audit:	the sender's audit token, filled on demand
 */
struct xnu_mig_call {
	struct xnu_kmsg *request;
	struct xnu_kmsg *reply;
	struct xnu_port *port;
	struct xnu_deferred *d;
	mach_msg_size_t max_reply;
	u32 rdesc_max;
	bool reply_taken;
	audit_token_t audit;
};

/**
 * DOC: NDR_record
 *
 * NDR_record is the NDR record of every MIG message (little-endian
 * integers, ASCII, IEEE floats), exported for kexts' routines that fill
 * their replies as MIG-generated code does (OutP->NDR = NDR_record).
 */
const NDR_record_t NDR_record = XNU_NDR_RECORD_INIT;
EXPORT_SYMBOL_GPL(NDR_record);

static struct srcu_struct xnu_kobject_srcu;
/* Serves the queues of XNU_KOBJECT_F_ASYNC ports. */
static struct workqueue_struct *xnu_kobject_wq;
static LIST_HEAD(xnu_kotypes);
static DEFINE_MUTEX(xnu_kotypes_lock);

/* ---- type registry ---------------------------------------------------------- */

static int xnu_kotype_check_subsystem(const struct xnu_mig_subsystem *ss)
{
	const struct xnu_mig_routine *r;
	s64 n, i;

	if (!ss->routines || ss->start <= 0 || ss->end <= ss->start)
		return -EINVAL;
	n = (s64)ss->end - ss->start;
	if (n > XNU_MIG_IDS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		r = &ss->routines[i];
		if (r->stub && (r->max_reply < XNU_MIG_ERROR_SIZE ||
				r->max_reply > XNU_MIG_REPLY_MAX))
			return -EINVAL;
	}
	return 0;
}

/* Whether some id has a routine in both @a and @b. */
static bool xnu_kotype_overlap(const struct xnu_mig_subsystem *a,
			       const struct xnu_mig_subsystem *b)
{
	mach_msg_id_t id, lo = max(a->start, b->start), hi = min(a->end, b->end);

	for (id = lo; id < hi; id++)
		if (a->routines[id - a->start].stub &&
		    b->routines[id - b->start].stub)
			return true;
	return false;
}

static int xnu_kotype_check(const struct xnu_kobject_type *type)
{
	const struct xnu_mig_subsystem *const *ss, *const *other;
	size_t len;
	int ret;

	if (!type->name)
		return -EINVAL;
	len = strnlen(type->name, XNU_KOTYPE_NAME_MAX + 1);
	if (!len || len > XNU_KOTYPE_NAME_MAX || type->priv)
		return -EINVAL;
	if ((type->flags & ~(XNU_KOBJECT_F_ASYNC | XNU_KOBJECT_F_KERNEL_MIG)) ||
	    type->async_qlimit > MACH_PORT_QLIMIT_MAX)
		return -EINVAL;
	if (!type->subsystems)
		return 0;
	for (ss = type->subsystems; *ss; ss++) {
		ret = xnu_kotype_check_subsystem(*ss);
		if (ret)
			return ret;
		for (other = type->subsystems; other != ss; other++)
			if (xnu_kotype_overlap(*other, *ss))
				return -EINVAL;
	}
	return 0;
}

/* Whether kernel-MIG @type serves an id another kernel-MIG type serves. */
static bool xnu_kotype_kernel_mig_clash(const struct xnu_kobject_type *type)
{
	const struct xnu_mig_subsystem *const *ss, *const *other;
	struct xnu_kotype_priv *priv;

	lockdep_assert_held(&xnu_kotypes_lock);
	if (!(type->flags & XNU_KOBJECT_F_KERNEL_MIG) || !type->subsystems)
		return false;
	list_for_each_entry(priv, &xnu_kotypes, link) {
		if (!(priv->type->flags & XNU_KOBJECT_F_KERNEL_MIG) ||
		    !priv->type->subsystems)
			continue;
		for (ss = type->subsystems; *ss; ss++)
			for (other = priv->type->subsystems; *other; other++)
				if (xnu_kotype_overlap(*other, *ss))
					return true;
	}
	return false;
}

/**
 * xnu_kobject_type_register() - register a kind of kernel object
 * @type: the type: name, subsystems, no_senders callback, owner; @type->priv
 *	  zeroed. It must stay in place until xnu_kobject_type_unregister().
 *
 * With %XNU_KOBJECT_F_ASYNC in @type->flags, one-way messages to the
 * type's ports are queued and served by a kernel worker (see kobject.h).
 * Checks the flags (no unknown one, @type->async_qlimit at most
 * %MACH_PORT_QLIMIT_MAX) and the subsystems as XNU's mig_init() does:
 * each has a start above 0 and an end above its start, each routine
 * declares a reply of at least sizeof(mig_reply_error_t) (and at most
 * %XNU_MIG_REPLY_MAX), and no msgh_id is served twice within the type.
 * Dispatch is by msgh_id only; routines check the type of the object they
 * are sent to (with xnu_mig_kobject()). A type may serve no subsystem at
 * all: its ports then answer %MIG_BAD_ID to everything. May sleep.
 *
 * Return: 0, -EINVAL for a bad type (or one already registered), -ENOMEM.
 */
int xnu_kobject_type_register(struct xnu_kobject_type *type)
{
	struct xnu_kotype_priv *priv;
	int ret;

	if (!type)
		return -EINVAL;
	ret = xnu_kotype_check(type);
	if (ret)
		return ret;
	priv = kzalloc(sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->type = type;
	xa_init(&priv->ports);
	mutex_lock(&xnu_kotypes_lock);
	if (xnu_kotype_kernel_mig_clash(type)) {
		mutex_unlock(&xnu_kotypes_lock);
		kfree(priv);
		return -EINVAL;
	}
	list_add_tail_rcu(&priv->link, &xnu_kotypes);
	type->priv = priv;
	mutex_unlock(&xnu_kotypes_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(xnu_kobject_type_register);

/*
 * Destroy a kobject port now: clear its type (no new call finds it) and
 * destroy the receive right; senders are left with dead names.
 */
static void xnu_kobject_port_kill(struct xnu_port *port)
{
	struct xnu_deferred d;

	spin_lock(&port->lock);
	WRITE_ONCE(port->kotype, NULL);
	WRITE_ONCE(port->kobject, NULL);
	spin_unlock(&port->lock);
	xnu_deferred_init(&d);
	xnu_port_destroy(port, &d);
	xnu_deferred_run(&d);
}

/* Destroy every port still listed; whoever erases a port destroys it. */
static void xnu_kotype_destroy_ports(struct xnu_kotype_priv *priv)
{
	struct xnu_port *port;
	unsigned long index;

	xa_for_each(&priv->ports, index, port) {
		if (xa_erase(&priv->ports, index) == port)
			xnu_kobject_port_kill(port);
	}
}

/**
 * xnu_kobject_type_unregister() - unregister a kind of kernel object
 * @type: a type registered with xnu_kobject_type_register()
 *
 * Destroys every port of the type still alive (senders get dead names, as
 * when XNU destroys a kobject port), then waits until no routine and no
 * no_senders callback of the type is running. Afterwards nothing calls
 * into the type's module. The ports it destroyed are gone as
 * xnu_kobject_port_destroy() leaves them: a pointer to one is dead unless
 * the module holds a reference to it (xnu_port_reference()). Must not be
 * called from a routine or a callback of any type (it would wait for
 * itself), nor while the module still calls xnu_kobject_port_alloc() or
 * xnu_kobject_port_destroy() for the type elsewhere. May sleep.
 */
void xnu_kobject_type_unregister(struct xnu_kobject_type *type)
{
	struct xnu_kotype_priv *priv;

	mutex_lock(&xnu_kotypes_lock);
	priv = type ? type->priv : NULL;
	if (priv) {
		/* Dispatch may still walk it: freed after the grace period. */
		list_del_rcu(&priv->link);
		/* No new port; xnu_kobject_port_destroy() leaves them to us. */
		type->priv = NULL;
	}
	mutex_unlock(&xnu_kotypes_lock);
	if (!priv)
		return;

	xa_lock(&priv->ports);
	priv->dying = true;
	xa_unlock(&priv->ports);
	xnu_kotype_destroy_ports(priv);
	/*
	 * Wait for routines and callbacks in flight; ports they allocate now
	 * destroy themselves, those they destroy now are left to this pass.
	 */
	synchronize_srcu(&xnu_kobject_srcu);
	xnu_kotype_destroy_ports(priv);
	xa_destroy(&priv->ports);
	kfree(priv);
}
EXPORT_SYMBOL_GPL(xnu_kobject_type_unregister);

/* ---- asynchronous one-way messages ------------------------------------------------ */

/* Messages one run of the worker serves before it yields to other ports. */
#define XNU_KOBJECT_ASYNC_BATCH	32

/**
 * xnu_kobject_async_kick() - have the worker serve a port's queue
 * @port: an %XNU_PORT_F_ASYNC port a one-way message was just queued on
 *	  (the caller holds a reference)
 *
 * Queues the port's work item, which takes a reference of its own; a port
 * whose item is already pending is served by that run. An item running
 * now is queued again, so a message queued after it found the queue
 * empty is still served. Does not sleep.
 */
void xnu_kobject_async_kick(struct xnu_port *port)
{
	xnu_port_get(port);
	if (!queue_work(xnu_kobject_wq, &port->async_work))
		xnu_port_put(port);
}

/*
 * Serve the queue of an XNU_PORT_F_ASYNC port: take each message (never
 * waiting) and run it as a passive call would, any reply going where a
 * passive call's would. One work item per port runs at a time, so the
 * messages run in the order queued; a dead port's queue was destroyed
 * with it and the item ends at once.
 */
static void xnu_kobject_async_work(struct work_struct *work)
{
	struct xnu_port *port = container_of(work, struct xnu_port, async_work);
	struct xnu_rcv rcv = {
		.option = MACH_RCV_MSG | MACH_RCV_TIMEOUT,
		.timeout_ms = 0,
		.max_size = XNU_MACH_MSG_SIZE_MAX,
	};
	struct xnu_kmsg *reply;
	struct xnu_deferred d;
	mach_msg_return_t mr;
	int n;

	for (n = 0; n < XNU_KOBJECT_ASYNC_BATCH; n++) {
		mr = xnu_mqueue_receive(XNU_SPACE_KERNEL, port, NULL, &rcv);
		if (rcv.port)
			xnu_port_put(rcv.port);
		if (!rcv.kmsg)
			break;
		xnu_deferred_init(&d);
		if (mr == MACH_MSG_SUCCESS) {
			reply = xnu_kobject_invoke(port, rcv.kmsg, &d);
			if (reply)
				xnu_kmsg_send_kernel(reply, &d);
		} else {
			xnu_kmsg_destroy(rcv.kmsg, &d);
		}
		xnu_deferred_run(&d);
		cond_resched();
	}
	/* More than a batch: serve the rest in a new run, after the others. */
	if (n == XNU_KOBJECT_ASYNC_BATCH && READ_ONCE(port->msgcount))
		xnu_kobject_async_kick(port);
	xnu_port_put(port);
}

/* ---- ports ---------------------------------------------------------------------- */

/**
 * xnu_kobject_port_alloc() - make a kernel object port
 * @type:   its registered type
 * @object: the object (returned by xnu_kobject_get() and xnu_mig_kobject())
 *
 * The port's receive right is held by the kernel; a message sent to it
 * runs the type's routine in the sender's thread (with
 * %XNU_KOBJECT_F_ASYNC, a one-way message queues, up to the type's
 * async_qlimit, and a kernel worker runs it). It has no send right yet:
 * make them with xnu_port_make_send() (to publish it, to put one in a
 * reply with xnu_mig_reply_port() use %MACH_MSG_TYPE_MAKE_SEND). The
 * returned pointer stands for the kernel's receive right: it is valid until
 * xnu_kobject_port_destroy() (or xnu_kobject_type_unregister()) consumes
 * that right, and no longer, unless the caller also takes a reference
 * with xnu_port_reference(). May sleep.
 *
 * Return: the port, or %IP_NULL (no memory, or the type is not registered
 * or being unregistered).
 */
ipc_port_t xnu_kobject_port_alloc(struct xnu_kobject_type *type, void *object)
{
	struct xnu_kotype_priv *priv = type ? type->priv : NULL;
	struct xnu_port *port;
	bool dying;

	if (!priv)
		return IP_NULL;
	port = xnu_port_alloc();
	if (!port)
		return IP_NULL;
	spin_lock(&port->lock);
	port->receiver = XNU_SPACE_KERNEL;
	port->rcv_name = MACH_PORT_NULL;
	port->qlimit = MACH_PORT_QLIMIT_KERNEL;
	port->kotype = type;
	port->kobject = object;
	if (type->flags & XNU_KOBJECT_F_ASYNC) {
		port->flags |= XNU_PORT_F_ASYNC;
		port->qlimit = type->async_qlimit ?: MACH_PORT_QLIMIT_DEFAULT;
		INIT_WORK(&port->async_work, xnu_kobject_async_work);
	}
	spin_unlock(&port->lock);

	if (xa_is_err(xa_store(&priv->ports, port->id, port, GFP_KERNEL))) {
		xnu_kobject_port_kill(port);
		return IP_NULL;
	}
	/* Unregistering started meanwhile: it may not have seen the port. */
	xa_lock(&priv->ports);
	dying = priv->dying;
	xa_unlock(&priv->ports);
	if (dying) {
		if (xa_erase(&priv->ports, port->id) == port)
			xnu_kobject_port_kill(port);
		return IP_NULL;
	}
	return port;
}
EXPORT_SYMBOL_GPL(xnu_kobject_port_alloc);

/**
 * xnu_kobject_port_destroy() - destroy a kernel object port
 * @port: a port from xnu_kobject_port_alloc() (or %IP_NULL)
 *
 * The port dies: queued messages are destroyed, send rights held by tasks
 * become dead names, dead-name notifications are sent, and routines already
 * running see xnu_mig_kobject() return NULL from now on. No no_senders
 * callback comes after this for the port.
 *
 * This consumes the kernel's receive right, which is what kept the port
 * alive for its module: afterwards @port may already be freed (once the
 * last send right goes), so the pointer is dead - passing it to any call,
 * this one and xnu_kobject_get() included, is a use after free - unless
 * the caller holds a reference taken with xnu_port_reference() before.
 * With such a reference, destroying the port again (or after
 * xnu_kobject_type_unregister() destroyed it) does nothing and
 * xnu_kobject_get() returns NULL; drop the reference with
 * xnu_port_deallocate() when done. Must not race with
 * xnu_kobject_type_unregister() of the port's type. May sleep.
 */
void xnu_kobject_port_destroy(ipc_port_t port)
{
	const struct xnu_kobject_type *type;
	struct xnu_kotype_priv *priv;

	if (!XNU_PORT_VALID(port))
		return;
	/* Cleared under the port lock when the port is killed. */
	type = READ_ONCE(port->kotype);
	if (!type)
		return;
	priv = READ_ONCE(type->priv);
	if (priv && xa_erase(&priv->ports, port->id) == port)
		xnu_kobject_port_kill(port);
}
EXPORT_SYMBOL_GPL(xnu_kobject_port_destroy);

/**
 * xnu_kobject_get() - the object behind a port, checking its type
 * @port: any port (%IP_NULL included)
 * @type: the type expected
 *
 * As XNU's ipc_kobject_get_locked(): the object when @port is an active
 * kernel object port of @type, else NULL (another type, a plain port, a
 * destroyed one). The caller must keep @port itself alive: a right to it
 * (a request's port, a send right), the kernel's receive right (before
 * xnu_kobject_port_destroy()) or a reference (xnu_port_reference()). The
 * object stays valid while the caller holds a right to the port, unless
 * its module destroys it meanwhile. Does not sleep.
 *
 * Return: the object or NULL.
 */
void *xnu_kobject_get(ipc_port_t port, const struct xnu_kobject_type *type)
{
	if (!XNU_PORT_VALID(port) || !type)
		return NULL;
	/*
	 * No lock: a port's type and object are set before anyone can see
	 * the port and only ever cleared (when it is killed), so what is
	 * read is the port's object, or NULL when the kill came first.
	 */
	if (READ_ONCE(port->kotype) != type || !READ_ONCE(port->active))
		return NULL;
	return READ_ONCE(port->kobject);
}
EXPORT_SYMBOL_GPL(xnu_kobject_get);

/*
 * The type of a live kernel object port (call in an SRCU read section). No
 * lock: a type is cleared from its ports before the SRCU grace period that
 * xnu_kobject_type_unregister() waits for, so a type seen here stays
 * registered until the read section ends.
 */
static const struct xnu_kobject_type *xnu_kobject_type_of(struct xnu_port *port)
{
	if (!READ_ONCE(port->active))
		return NULL;
	return READ_ONCE(port->kotype);
}

/**
 * xnu_kobject_no_senders() - run a kernel object's no_senders callback
 * @port:    a kernel object port whose last send right went away (the caller
 *	     holds a reference)
 * @mscount: its make-send count at that moment
 *
 * What deferred work runs for xnu_defer_kobject_no_senders(): calls the
 * type's no_senders callback with the object, inside the SRCU read section
 * that xnu_kobject_type_unregister() waits for. Nothing happens when the
 * port died or lost its type meanwhile, a send right was made since, or
 * the type has no callback. No lock held; may sleep.
 */
void xnu_kobject_no_senders(struct xnu_port *port, mach_port_mscount_t mscount)
{
	const struct xnu_kobject_type *type;
	void *object = NULL;
	int idx;

	idx = srcu_read_lock(&xnu_kobject_srcu);
	spin_lock(&port->lock);
	/* Not when the port died or a send right was made meanwhile. */
	type = port->active && !port->srights ? port->kotype : NULL;
	if (type)
		object = port->kobject;
	spin_unlock(&port->lock);
	if (type && type->no_senders)
		type->no_senders(port, object, mscount);
	srcu_read_unlock(&xnu_kobject_srcu, idx);
}

/* ---- rights held by the kernel --------------------------------------------------- */

/*
 * Release a right held outside any space; @notify for unused send-once
 * rights. A null or dead right (XNU_PORT_DEAD: no reference) is skipped.
 */
static void xnu_kobject_drop_right(struct xnu_port *port,
				   mach_msg_type_name_t type, bool notify,
				   struct xnu_deferred *d)
{
	if (!XNU_PORT_VALID(port))
		return;
	if (!notify && type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		xnu_port_release_send_once_ref(port, false, d);
	else
		xnu_right_release(port, type, d);
}

static bool xnu_port_kernel_held(struct xnu_port *port)
{
	return READ_ONCE(port->receiver) == XNU_SPACE_KERNEL;
}

/**
 * xnu_port_make_send() - make a send right to a kernel-held port
 * @port: a port whose receive right the kernel holds (a kernel object port)
 *
 * As XNU's ipc_port_make_send(): a new send right (the make-send count
 * goes up), to publish the port or hand it out; release it with
 * xnu_port_release_send() or give it away (xnu_bootstrap_publish() makes
 * its own). Does not sleep.
 *
 * Return: @port, or %IP_NULL for %IP_NULL or a port the kernel does not
 * hold the receive right of.
 */
ipc_port_t xnu_port_make_send(ipc_port_t port)
{
	if (!XNU_PORT_VALID(port))
		return IP_NULL;
	if (WARN_ON_ONCE(!xnu_port_kernel_held(port)))
		return IP_NULL;
	xnu_port_make_send_ref(port);
	return port;
}
EXPORT_SYMBOL_GPL(xnu_port_make_send);

/**
 * xnu_port_copy_send() - copy a send right
 * @port: a port the caller holds a send right to
 *
 * As XNU's ipc_port_copy_send(): one more send right (the make-send count
 * does not change). Does not sleep.
 *
 * Return: @port (%IP_NULL stays %IP_NULL).
 */
ipc_port_t xnu_port_copy_send(ipc_port_t port)
{
	if (!XNU_PORT_VALID(port))
		return IP_NULL;
	xnu_port_copy_send_ref(port);
	return port;
}
EXPORT_SYMBOL_GPL(xnu_port_copy_send);

/**
 * xnu_port_release_send() - release a send right
 * @port: a send right the caller holds (or %IP_NULL)
 *
 * The last send right to a port arms its no-senders notification (for a
 * kernel object port, its type's no_senders callback). No lock held; may
 * sleep.
 */
void xnu_port_release_send(ipc_port_t port)
{
	xnu_port_release_right(port, MACH_MSG_TYPE_PORT_SEND);
}
EXPORT_SYMBOL_GPL(xnu_port_release_send);

/**
 * xnu_port_release_send_once() - destroy an unused send-once right
 * @port: a send-once right the caller holds (or %IP_NULL)
 *
 * As destroying the right in XNU (ipc_notify_send_once): the port receives
 * a send-once notification (%MACH_NOTIFY_SEND_ONCE), so a client waiting
 * for a reply on it gets %MIG_SERVER_DIED instead of waiting forever. No
 * lock held; may sleep.
 */
void xnu_port_release_send_once(ipc_port_t port)
{
	xnu_port_release_right(port, MACH_MSG_TYPE_PORT_SEND_ONCE);
}
EXPORT_SYMBOL_GPL(xnu_port_release_send_once);

/**
 * xnu_port_release_right() - destroy any right the caller holds
 * @port: the right (or %IP_NULL)
 * @type: its type, as xnu_mig_take_port() reports it:
 *	  %MACH_MSG_TYPE_PORT_SEND, %MACH_MSG_TYPE_PORT_SEND_ONCE or
 *	  %MACH_MSG_TYPE_PORT_RECEIVE
 *
 * As XNU's ipc_object_destroy(): a send right is released, a send-once
 * right sends a send-once notification, a receive right destroys its port
 * (senders get dead names). No lock held; may sleep.
 */
void xnu_port_release_right(ipc_port_t port, mach_msg_type_name_t type)
{
	struct xnu_deferred d;

	if (!XNU_PORT_VALID(port))
		return;
	xnu_deferred_init(&d);
	xnu_kobject_drop_right(port, type, true, &d);
	xnu_deferred_run(&d);
}
EXPORT_SYMBOL_GPL(xnu_port_release_right);

/**
 * xnu_port_reference() - keep a port's memory alive
 * @port: a port the caller may use now: it holds a right to it (a send
 *	  right, the receive right of a kernel object port before
 *	  xnu_kobject_port_destroy()) or another reference (or %IP_NULL)
 *
 * Takes a plain reference, as XNU's ip_reference(): no right, so it keeps
 * no port alive as a port (no-senders and destruction happen as without
 * it), only the memory behind the pointer. With it a module may keep a
 * pointer to a port past the port's destruction: xnu_kobject_port_destroy()
 * on it again does nothing, xnu_kobject_get() returns NULL. Drop it with
 * xnu_port_deallocate(). Does not sleep.
 */
void xnu_port_reference(ipc_port_t port)
{
	if (XNU_PORT_VALID(port))
		xnu_port_get(port);
}
EXPORT_SYMBOL_GPL(xnu_port_reference);

/**
 * xnu_port_deallocate() - drop a reference taken with xnu_port_reference()
 * @port: the port (or %IP_NULL)
 *
 * As XNU's ip_release(). After the last reference and right are gone the
 * port is freed (after an RCU grace period): the caller must not use the
 * pointer any more unless it still holds a right or another reference.
 * Does not release a send right (that is xnu_port_release_send()). Does
 * not sleep.
 */
void xnu_port_deallocate(ipc_port_t port)
{
	if (XNU_PORT_VALID(port))
		xnu_port_put(port);
}
EXPORT_SYMBOL_GPL(xnu_port_deallocate);

/* ---- inside a routine -------------------------------------------------------------- */

/**
 * xnu_mig_request() - the request a routine serves
 * @call: the call
 *
 * The message in the user layout: msgh_size and msgh_bits are the ones
 * received (the complex bit tells whether descriptors follow), the port
 * fields hold nothing meaningful, msgh_id selected the routine. The
 * routine checks the size and bits before reading fields, as MIG's
 * __MIG_check__Request does (%MIG_BAD_ARGUMENTS otherwise).
 *
 * Return: the request header, followed by msgh_size - 24 bytes of body.
 */
const mach_msg_header_t *xnu_mig_request(struct xnu_mig_call *call)
{
	return xnu_kmsg_header(call->request);
}
EXPORT_SYMBOL_GPL(xnu_mig_request);

/**
 * xnu_mig_reply() - the reply a routine fills
 * @call: the call
 *
 * A zeroed buffer of the routine's max_reply bytes, pre-filled as XNU's
 * ipc_kobject_init_reply() does: a mig_reply_error_t (msgh_size 36,
 * msgh_id the request's + 100, NDR_record, RetCode %KERN_SUCCESS). The
 * routine writes its fields and msgh_size (a multiple of 4, at most
 * max_reply); a reply carrying rights sets %MACH_MSGH_BITS_COMPLEX and the
 * descriptor count, and fills its descriptors with xnu_mig_reply_port().
 * A complex reply means success; otherwise RetCode is the result.
 *
 * Return: the reply header.
 */
mach_msg_header_t *xnu_mig_reply(struct xnu_mig_call *call)
{
	return xnu_kmsg_header(call->reply);
}
EXPORT_SYMBOL_GPL(xnu_mig_reply);

/**
 * xnu_mig_request_port() - the port the request was sent to
 * @call: the call
 *
 * The caller does not own a right through this pointer; to keep the port
 * make a send right (xnu_port_make_send()).
 *
 * Return: the kernel object port.
 */
ipc_port_t xnu_mig_request_port(struct xnu_mig_call *call)
{
	return call->port;
}
EXPORT_SYMBOL_GPL(xnu_mig_request_port);

/**
 * xnu_mig_kobject() - the object the request was sent to, checking its type
 * @call: the call
 * @type: the type the routine serves
 *
 * A routine's intran (convert_port_to_X in XNU): NULL when the request was
 * sent to a port of another type or to a destroyed one, to which a routine
 * answers %KERN_INVALID_ARGUMENT as XNU's routines do.
 *
 * Return: the object or NULL.
 */
void *xnu_mig_kobject(struct xnu_mig_call *call,
		      const struct xnu_kobject_type *type)
{
	return xnu_kobject_get(call->port, type);
}
EXPORT_SYMBOL_GPL(xnu_mig_kobject);

/* The request's port descriptor at @desc; NULL when @desc is not one. */
static struct xnu_kmsg_desc *
xnu_mig_request_desc(struct xnu_mig_call *call,
		     const mach_msg_port_descriptor_t *desc)
{
	struct xnu_kmsg *request = call->request;
	uintptr_t base = (uintptr_t)request->data, at = (uintptr_t)desc;
	struct xnu_kmsg_desc *kd;
	u32 i;

	if (at < base || at - base >= request->size)
		return NULL;
	for (i = 0; i < request->ndesc; i++) {
		kd = &request->desc[i];
		if (kd->offset != at - base)
			continue;
		if (kd->kind != MACH_MSG_PORT_DESCRIPTOR &&
		    kd->kind != MACH_MSG_GUARDED_PORT_DESCRIPTOR)
			return NULL;
		return kd;
	}
	return NULL;
}

/**
 * xnu_mig_take_port() - take the right a request's port descriptor carries
 * @call:  the call
 * @desc:  a port descriptor inside the request (xnu_mig_request()'s body)
 * @typep: out: the right's type (%MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE or
 *	   _RECEIVE), 0 when nothing is returned; may be NULL
 *
 * The routine owns the right from then on: it keeps it, puts it in the
 * reply (with a MOVE disposition) or releases it (xnu_port_release_right()).
 * Rights a routine does not take are destroyed once it returns, as is all
 * out-of-line memory of the request.
 *
 * Return: the port, or %IP_NULL when @desc is not a port descriptor of the
 * request, its right was taken already, or it carries %MACH_PORT_NULL or a
 * dead name (xnu_mig_dead_port() tells a dead name from a null one).
 */
ipc_port_t xnu_mig_take_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc,
			     mach_msg_type_name_t *typep)
{
	struct xnu_kmsg_desc *kd = xnu_mig_request_desc(call, desc);
	struct xnu_port *port;

	if (typep)
		*typep = 0;
	if (!kd)
		return IP_NULL;
	port = kd->right.port;
	if (!XNU_PORT_VALID(port))
		return IP_NULL;
	kd->right.port = NULL;
	/* A receive right the routine keeps is no longer in transit. */
	if (kd->right.type == MACH_MSG_TYPE_PORT_RECEIVE)
		xnu_port_clear_destination(port);
	if (typep)
		*typep = kd->right.type;
	return port;
}
EXPORT_SYMBOL_GPL(xnu_mig_take_port);

/**
 * xnu_mig_dead_port() - whether a request's port descriptor carries a dead name
 * @call: the call
 * @desc: a port descriptor inside the request (xnu_mig_request()'s body)
 *
 * A dead name sent in a port descriptor arrives as a dead right, which
 * xnu_mig_take_port() reports as %IP_NULL. XNU's routines see it as
 * %IP_DEAD and may answer differently (mach_port_request_notification()
 * refuses a dead notify right with %KERN_INVALID_CAPABILITY where a null one
 * cancels); xmig's kernel stubs ask this for send-once and polymorphic
 * rights the routine gets untranslated. A dead right holds no reference:
 * there is nothing to take or release. Does not sleep.
 *
 * Return: %IP_DEAD when @desc is a port descriptor of the request that
 * carried a dead name, else %IP_NULL.
 */
ipc_port_t xnu_mig_dead_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc)
{
	struct xnu_kmsg_desc *kd = xnu_mig_request_desc(call, desc);

	return kd && kd->right.port == XNU_PORT_DEAD ? IP_DEAD : IP_NULL;
}
EXPORT_SYMBOL_GPL(xnu_mig_dead_port);

/* The type a right put in a message with @disp is received as; 0 if bad. */
static mach_msg_type_name_t xnu_mig_disp_type(mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	default:
		return 0;
	}
}

/*
 * Whether a dead right put in a reply with @disp stays dead (received as
 * MACH_PORT_DEAD, as XNU's copy-out of IP_DEAD gives): a send or send-once
 * right the caller holds, which dies as a dead name.
 */
static bool xnu_mig_disp_keeps_dead(mach_msg_type_name_t disp)
{
	return disp == MACH_MSG_TYPE_MOVE_SEND ||
	       disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       disp == MACH_MSG_TYPE_COPY_SEND;
}

/* Make or check the right @disp asks for; nothing changes on error. */
static kern_return_t xnu_mig_copy_right(struct xnu_port *port,
					mach_msg_type_name_t disp)
{
	kern_return_t kr = KERN_SUCCESS;

	switch (disp) {
	case MACH_MSG_TYPE_MAKE_SEND:
		if (!xnu_port_kernel_held(port))
			return KERN_INVALID_RIGHT;
		xnu_port_make_send_ref(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (!xnu_port_kernel_held(port))
			return KERN_INVALID_RIGHT;
		xnu_port_make_send_once_ref(port);
		break;
	case MACH_MSG_TYPE_COPY_SEND:
		xnu_port_copy_send_ref(port);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		/* Only a plain port's receive right, held in transit. */
		spin_lock(&port->lock);
		if (port->kotype)
			kr = KERN_INVALID_CAPABILITY;
		else if (port->receiver)
			kr = KERN_INVALID_RIGHT;
		spin_unlock(&port->lock);
		break;
	default:	/* MOVE_SEND, MOVE_SEND_ONCE: the caller's right moves */
		break;
	}
	return kr;
}

/* A reply descriptor's size by kind: port (12 bytes) or OOL memory (16). */
static u32 xnu_mig_rdesc_size(u32 kind)
{
	return kind == MACH_MSG_OOL_DESCRIPTOR ? XNU_MACH_OOL_DESC_SIZE :
						 XNU_MACH_PORT_DESC_SIZE;
}

/*
 * Offset of a reply descriptor of @size bytes at @desc, checked: inside
 * the descriptor area of the reply buffer, 4-byte aligned (that the
 * descriptors follow each other is checked when the routine returns).
 */
static bool xnu_mig_reply_desc_offset(struct xnu_mig_call *call,
				      const void *desc, u32 size, u32 *offp)
{
	uintptr_t base = (uintptr_t)call->reply->data, at = (uintptr_t)desc;
	uintptr_t off;

	if (!desc || at < base)
		return false;
	off = at - base;
	if (off < XNU_MIG_DESC_OFF || off > call->max_reply ||
	    call->max_reply - off < size || off % 4)
		return false;
	*offp = off;
	return true;
}

/* Release what a recorded reply descriptor holds. */
static void xnu_mig_rdesc_drop(struct xnu_mig_call *call,
			       struct xnu_kmsg_desc *kd)
{
	if (kd->kind == MACH_MSG_OOL_DESCRIPTOR) {
		xnu_ool_free(kd->ool);
		kd->ool = NULL;
		return;
	}
	xnu_kobject_drop_right(kd->right.port, kd->right.type, true, call->d);
	kd->right.port = NULL;
}

/* First room of a reply's descriptor table; it doubles as needed. */
#define XNU_MIG_RDESC_FIRST	4

/*
 * Room in the reply's descriptor table for one more right: grown by need
 * (doubling) up to the descriptor slots the reply buffer has, never sized
 * for the largest reply up front.
 */
static kern_return_t xnu_mig_rdesc_room(struct xnu_mig_call *call)
{
	struct xnu_kmsg *reply = call->reply;
	u32 slots = (call->max_reply - XNU_MIG_DESC_OFF) /
		    XNU_MACH_PORT_DESC_SIZE;
	struct xnu_kmsg_desc *desc;
	u32 room;

	/* Every slot filled: the new right replaces one (same offset). */
	if (reply->ndesc < call->rdesc_max || reply->ndesc >= slots)
		return KERN_SUCCESS;
	room = min_t(u32, max_t(u32, call->rdesc_max * 2, XNU_MIG_RDESC_FIRST),
		     slots);
	desc = kvmalloc_array(room, sizeof(*desc), GFP_KERNEL);
	if (!desc)
		return KERN_RESOURCE_SHORTAGE;
	if (reply->ndesc)
		memcpy(desc, reply->desc, reply->ndesc * sizeof(*desc));
	kvfree(reply->desc);
	reply->desc = desc;
	call->rdesc_max = room;
	return KERN_SUCCESS;
}

/*
 * The table entry for a descriptor at @off, in offset order: a new one,
 * or the one recorded there already (the routine filled this descriptor
 * twice: what the first held is dropped). There is room for one more
 * (xnu_mig_rdesc_room()).
 */
static struct xnu_kmsg_desc *xnu_mig_rdesc_slot(struct xnu_mig_call *call,
						u32 off, u32 kind)
{
	struct xnu_kmsg *reply = call->reply;
	struct xnu_kmsg_desc *kd;
	u32 i = 0;

	while (i < reply->ndesc && reply->desc[i].offset < off)
		i++;
	kd = &reply->desc[i];
	if (i < reply->ndesc && kd->offset == off) {
		xnu_mig_rdesc_drop(call, kd);
	} else {
		memmove(kd + 1, kd, (reply->ndesc - i) * sizeof(*kd));
		reply->ndesc++;
	}
	memset(kd, 0, sizeof(*kd));
	kd->offset = off;
	kd->kind = kind;
	return kd;
}

/* Record a right at @off, keeping the table in offset order. */
static void xnu_mig_rdesc_insert(struct xnu_mig_call *call, u32 off,
				 struct xnu_port *port,
				 mach_msg_type_name_t type)
{
	struct xnu_kmsg_desc *kd;

	kd = xnu_mig_rdesc_slot(call, off, MACH_MSG_PORT_DESCRIPTOR);
	kd->right.port = port;
	kd->right.type = type;
}

/**
 * xnu_mig_reply_port() - put a right in a reply's port descriptor
 * @call: the call
 * @desc: a port descriptor of the reply (after the body count, at byte
 *	  28, each descriptor right after the one before: 12 bytes for a
 *	  port, 16 for out-of-line memory)
 * @port: the port, %IP_NULL (received as %MACH_PORT_NULL) or %IP_DEAD (a
 *	  dead right: received as %MACH_PORT_DEAD with a MOVE_SEND,
 *	  MOVE_SEND_ONCE or COPY_SEND @disp, as %MACH_PORT_NULL with another)
 * @disp: how the right is made, as in XNU's kernel stubs:
 *	  %MACH_MSG_TYPE_MAKE_SEND / %MACH_MSG_TYPE_MAKE_SEND_ONCE (a new
 *	  right to a kernel-held port, e.g. a kernel object port),
 *	  %MACH_MSG_TYPE_COPY_SEND (a copy of a send right the caller holds),
 *	  %MACH_MSG_TYPE_MOVE_SEND / %MACH_MSG_TYPE_MOVE_SEND_ONCE (the
 *	  caller's right, consumed), %MACH_MSG_TYPE_MOVE_RECEIVE (the receive
 *	  right of a plain port the caller holds in transit, consumed)
 *
 * Writes the descriptor's type and received disposition; the name is
 * filled when the reply is received. The routine still sets the complex
 * bit, msgh_size and the descriptor count. If the reply turns out to be an
 * error (or is never delivered), the rights put in it are destroyed. A
 * descriptor filled twice keeps the second right. May sleep.
 *
 * Return: %KERN_SUCCESS; %KERN_INVALID_VALUE for a bad @disp,
 * %KERN_INVALID_ARGUMENT when @desc is not a descriptor slot of the reply,
 * %KERN_INVALID_RIGHT (MAKE of a port the kernel does not hold, MOVE_RECEIVE
 * of a right not in transit), %KERN_INVALID_CAPABILITY (MOVE_RECEIVE of a
 * kernel object port), %KERN_RESOURCE_SHORTAGE. On error nothing is
 * consumed.
 */
kern_return_t xnu_mig_reply_port(struct xnu_mig_call *call,
				 mach_msg_port_descriptor_t *desc,
				 ipc_port_t port, mach_msg_type_name_t disp)
{
	mach_msg_type_name_t type = xnu_mig_disp_type(disp);
	kern_return_t kr;
	u32 off;

	if (!type)
		return KERN_INVALID_VALUE;
	if (!xnu_mig_reply_desc_offset(call, desc, XNU_MACH_PORT_DESC_SIZE,
				       &off))
		return KERN_INVALID_ARGUMENT;
	kr = xnu_mig_rdesc_room(call);
	if (kr != KERN_SUCCESS)
		return kr;
	if (XNU_PORT_VALID(port)) {
		kr = xnu_mig_copy_right(port, disp);
		if (kr != KERN_SUCCESS)
			return kr;
	} else if (port != XNU_PORT_DEAD || !xnu_mig_disp_keeps_dead(disp)) {
		port = NULL;
	}
	xnu_mig_rdesc_insert(call, off, port, type);
	desc->name = MACH_PORT_NULL;
	desc->pad1 = 0;
	desc->pad2 = 0;
	desc->disposition = type;
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	return KERN_SUCCESS;
}
EXPORT_SYMBOL_GPL(xnu_mig_reply_port);

/**
 * xnu_mig_reply_ool() - put out-of-line memory in a reply's OOL descriptor
 * @call: the call
 * @desc: an out-of-line memory descriptor of the reply (placed as for
 *	  xnu_mig_reply_port()), or NULL to only release @data
 * @data: the bytes, from kvmalloc() (or kmalloc()), or NULL; consumed:
 *	  kvfree()d before this returns, success or not
 * @size: how many bytes (0: the descriptor carries no memory, as XNU's
 *	  VM_MAP_COPY_NULL: received with address 0 and size 0)
 *
 * XNU's kernel routines return memory as a vm_map_copy_t that the reply
 * carries (mach_port_names(), mach_port_get_set_status()); here the
 * routine returns a kernel buffer and its stub calls this. The bytes are
 * copied once, into the pages the receiver maps at receive (as memory a
 * task sent, see ool.c); the receiver owns the mapping and frees it with
 * vm_deallocate(). The region is charged to the current user's
 * out-of-line bytes in flight (module parameter ool_max_user_mb) and
 * memory cgroup until it is received or destroyed. It belongs to the
 * reply: destroyed with it when the routine fails, the reply is an error
 * or is never delivered. Writes the descriptor (address 0, size,
 * deallocate false, %MACH_MSG_VIRTUAL_COPY, %MACH_MSG_OOL_DESCRIPTOR); the
 * routine still sets the complex bit, msgh_size and the descriptor count.
 * A descriptor filled twice keeps the second region. May sleep.
 *
 * Return: %KERN_SUCCESS; %KERN_INVALID_ARGUMENT when @desc is not a
 * descriptor slot of the reply or @size bytes come without @data,
 * %KERN_RESOURCE_SHORTAGE without memory or past the user's cap,
 * %KERN_ABORTED when a fatal signal interrupted a long copy.
 */
kern_return_t xnu_mig_reply_ool(struct xnu_mig_call *call,
				mach_msg_ool_descriptor_t *desc, void *data,
				mach_msg_size_t size)
{
	struct xnu_ool *ool = NULL;
	struct xnu_kmsg_desc *kd;
	mach_msg_return_t mr;
	kern_return_t kr;
	u32 off;

	if (!desc) {
		kvfree(data);
		return KERN_SUCCESS;
	}
	if (!xnu_mig_reply_desc_offset(call, desc, XNU_MACH_OOL_DESC_SIZE,
				       &off) || (size && !data)) {
		kvfree(data);
		return KERN_INVALID_ARGUMENT;
	}
	kr = xnu_mig_rdesc_room(call);
	if (kr != KERN_SUCCESS) {
		kvfree(data);
		return kr;
	}
	mr = xnu_ool_from_kernel(data, size, &ool);
	kvfree(data);
	if (mr == MACH_SEND_INTERRUPTED)
		return KERN_ABORTED;
	if (mr != MACH_MSG_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	kd = xnu_mig_rdesc_slot(call, off, MACH_MSG_OOL_DESCRIPTOR);
	kd->ool = ool;
	desc->address = 0;
	desc->deallocate = false;
	desc->copy = MACH_MSG_VIRTUAL_COPY;
	desc->pad1 = 0;
	desc->type = MACH_MSG_OOL_DESCRIPTOR;
	desc->size = size;
	return KERN_SUCCESS;
}
EXPORT_SYMBOL_GPL(xnu_mig_reply_ool);

/**
 * xnu_mig_set_retcode() - set a routine's result
 * @call: the call
 * @kr:   %KERN_SUCCESS, an error, or %MIG_NO_REPLY
 *
 * As MIG's MIG_RETURN_ERROR(): an error turns the reply into a simple
 * 36-byte mig_reply_error_t carrying @kr (rights already put in it are
 * destroyed when the routine returns). %KERN_SUCCESS leaves a complex
 * reply alone and sets RetCode of a simple one. Does not sleep.
 */
void xnu_mig_set_retcode(struct xnu_mig_call *call, kern_return_t kr)
{
	mig_reply_error_t *out = (mig_reply_error_t *)call->reply->data;

	if (kr == KERN_SUCCESS) {
		if (!(out->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
			out->RetCode = KERN_SUCCESS;
		return;
	}
	out->Head.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	out->Head.msgh_size = XNU_MIG_ERROR_SIZE;
	out->NDR = NDR_record;
	out->RetCode = kr;
}
EXPORT_SYMBOL_GPL(xnu_mig_set_retcode);

/**
 * xnu_mig_audit_token() - who sent the request
 * @call: the call
 *
 * The sender's audit token, laid out as the audit trailer carries it:
 * auid, euid, egid, ruid, rgid, pid, asid, pidversion (all 0 for the
 * kernel). Ids are the global ones (initial user and pid namespaces),
 * whatever namespace the sender runs in, so a routine may compare them
 * with kuids and pids of its own.
 *
 * Return: the token, valid during the call.
 */
const audit_token_t *xnu_mig_audit_token(struct xnu_mig_call *call)
{
	xnu_kmsg_audit_token(call->request, &call->audit);
	return &call->audit;
}
EXPORT_SYMBOL_GPL(xnu_mig_audit_token);

/**
 * xnu_mig_take_reply_port() - take the request's reply right, to answer later
 * @call:  the call
 * @typep: out: its type (%MACH_MSG_TYPE_PORT_SEND_ONCE, or _SEND when the
 *	   client gave a send right), 0 when nothing is returned
 *
 * For a routine that returns %MIG_NO_REPLY and answers later with
 * xnu_mach_msg_send_from_kernel() (or releases the right with
 * xnu_port_release_right(), which tells the client %MIG_SERVER_DIED). A
 * routine that returns %MIG_NO_REPLY without taking the right has it
 * destroyed at once, with the same effect: the client never hangs. A
 * routine that takes the right but does not return %MIG_NO_REPLY sends no
 * reply.
 *
 * Return: the reply port, or %IP_NULL when the request has none (or it
 * was taken already).
 */
ipc_port_t xnu_mig_take_reply_port(struct xnu_mig_call *call,
				   mach_msg_type_name_t *typep)
{
	struct xnu_kmsg *request = call->request;

	if (typep)
		*typep = 0;
	if (call->reply_taken || !XNU_PORT_VALID(request->reply))
		return IP_NULL;
	call->reply_taken = true;
	if (typep)
		*typep = request->reply_type;
	return request->reply;
}
EXPORT_SYMBOL_GPL(xnu_mig_take_reply_port);

/* ---- invocation (ipc_kobject_server) ------------------------------------------------- */

/* ipc_kobject_init_reply(): a mig_reply_error_t answering @id with @kr. */
static void xnu_mig_init_reply(struct xnu_kmsg *reply, mach_msg_id_t id,
			       mach_msg_type_name_t reply_type,
			       kern_return_t kr)
{
	mig_reply_error_t *out = (mig_reply_error_t *)reply->data;

	out->Head.msgh_bits = MACH_MSGH_BITS(reply_type, 0);
	out->Head.msgh_size = XNU_MIG_ERROR_SIZE;
	out->Head.msgh_remote_port = MACH_PORT_NULL;
	out->Head.msgh_local_port = MACH_PORT_NULL;
	out->Head.msgh_voucher_port = MACH_PORT_NULL;
	out->Head.msgh_id = (mach_msg_id_t)((u32)id + XNU_MIG_REPLY_ID_OFFSET);
	out->NDR = NDR_record;
	out->RetCode = kr;
	reply->bits = out->Head.msgh_bits;
	reply->size = XNU_MIG_ERROR_SIZE;
}

/*
 * A complex reply's descriptors are exactly the rights and regions
 * recorded, in order, one right after the other, inside the reply.
 */
static bool xnu_mig_rdescs_ok(struct xnu_kmsg *reply, mach_msg_size_t size)
{
	const mach_msg_body_t *body;
	u32 i, off = XNU_MIG_DESC_OFF;

	if (size < XNU_MIG_DESC_OFF)
		return false;
	body = (const mach_msg_body_t *)(reply->data + XNU_MIG_BODY_OFF);
	if (body->msgh_descriptor_count != reply->ndesc)
		return false;
	for (i = 0; i < reply->ndesc; i++) {
		if (reply->desc[i].offset != off)
			return false;
		off += xnu_mig_rdesc_size(reply->desc[i].kind);
	}
	return off <= size;
}

/*
 * ipc_kobject_reply_status(), with the checks XNU leaves to asserts: the
 * reply is well formed (size a multiple of 4 within the buffer, a complex
 * reply's descriptors all recorded) or the call fails with MIG_TYPE_ERROR.
 */
static kern_return_t xnu_mig_reply_status(struct xnu_mig_call *call,
					  mach_msg_id_t id)
{
	struct xnu_kmsg *reply = call->reply;
	mig_reply_error_t *out = (mig_reply_error_t *)reply->data;
	mach_msg_size_t size = out->Head.msgh_size;

	if (size < XNU_MACH_HEADER_SIZE || size > call->max_reply || size % 4)
		goto bad;
	if (out->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		if (!xnu_mig_rdescs_ok(reply, size))
			goto bad;
		return KERN_SUCCESS;
	}
	if (reply->ndesc && out->RetCode == KERN_SUCCESS)
		goto bad;	/* rights in a reply not marked complex */
	return out->RetCode;
bad:
	pr_warn_once("kobject routine %d wrote a malformed reply (size %u)\n",
		     id, size);
	return MIG_TYPE_ERROR;
}

/* Destroy the rights and memory put in the reply so far. */
static void xnu_mig_release_rdescs(struct xnu_mig_call *call)
{
	struct xnu_kmsg *reply = call->reply;
	u32 i;

	for (i = 0; i < reply->ndesc; i++)
		xnu_mig_rdesc_drop(call, &reply->desc[i]);
	kvfree(reply->desc);
	reply->desc = NULL;
	reply->ndesc = 0;
	call->rdesc_max = 0;
}

/* The reply as it goes out: size, bits, descriptor bytes. */
static void xnu_mig_finish_reply(struct xnu_mig_call *call, kern_return_t status)
{
	struct xnu_kmsg *reply = call->reply;
	mig_reply_error_t *out = (mig_reply_error_t *)reply->data;
	mach_msg_bits_t bits = MACH_MSGH_BITS(call->request->reply_type, 0);
	mach_msg_port_descriptor_t *pd;
	mach_msg_ool_descriptor_t *od;
	u32 i;

	if (status != KERN_SUCCESS) {
		/* ipc_kobject_init_new_reply(): a simple 36-byte error. */
		xnu_mig_release_rdescs(call);
		out->Head.msgh_size = XNU_MIG_ERROR_SIZE;
		out->NDR = NDR_record;
		out->RetCode = status;
	} else if (out->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		bits |= MACH_MSGH_BITS_COMPLEX;
		for (i = 0; i < reply->ndesc; i++) {
			if (reply->desc[i].kind == MACH_MSG_OOL_DESCRIPTOR) {
				od = (mach_msg_ool_descriptor_t *)
				     (reply->data + reply->desc[i].offset);
				od->address = 0;
				od->deallocate = false;
				od->copy = MACH_MSG_VIRTUAL_COPY;
				od->pad1 = 0;
				od->type = MACH_MSG_OOL_DESCRIPTOR;
				od->size = xnu_ool_size(reply->desc[i].ool);
				continue;
			}
			pd = (mach_msg_port_descriptor_t *)(reply->data +
							    reply->desc[i].offset);
			pd->name = MACH_PORT_NULL;
			pd->pad1 = 0;
			pd->pad2 = 0;
			pd->disposition = reply->desc[i].right.type;
			pd->type = MACH_MSG_PORT_DESCRIPTOR;
		}
	}
	out->Head.msgh_bits = bits;
	out->Head.msgh_remote_port = MACH_PORT_NULL;
	out->Head.msgh_local_port = MACH_PORT_NULL;
	out->Head.msgh_voucher_port = MACH_PORT_NULL;
	reply->bits = bits;
	reply->size = out->Head.msgh_size;
}

/*
 * After the routine: the destination right is consumed without a send-once
 * notification (it would call us again), the request's remaining rights
 * and memory are destroyed, and the reply goes to the reply right unless
 * there is none, it is a kernel port, or the routine answers later.
 */
static struct xnu_kmsg *xnu_mig_deliver(struct xnu_mig_call *call,
					kern_return_t status)
{
	struct xnu_kmsg *request = call->request, *reply = call->reply;
	struct xnu_port *rport = call->reply_taken ? NULL : request->reply;
	mach_msg_type_name_t rtype = request->reply_type;
	struct xnu_deferred *d = call->d;

	xnu_kobject_drop_right(request->dest, request->dest_type, false, d);
	request->dest = NULL;
	request->reply = NULL;
	request->reply_type = 0;
	xnu_kmsg_destroy(request, d);

	if (status == MIG_NO_REPLY) {
		/* Not taken: the client learns MIG_SERVER_DIED, never hangs. */
		xnu_kobject_drop_right(rport, rtype, true, d);
		xnu_kmsg_destroy(reply, d);
		return NULL;
	}
	if (!XNU_PORT_VALID(rport) || xnu_port_kernel_held(rport)) {
		xnu_kobject_drop_right(rport, rtype, false, d);
		xnu_kmsg_destroy(reply, d);
		return NULL;
	}
	reply->dest = rport;
	reply->dest_type = rtype;
	return reply;
}

/* The routine @type serves for msgh_id @id, or NULL. */
static const struct xnu_mig_routine *
xnu_mig_routine_of(const struct xnu_kobject_type *type, mach_msg_id_t id)
{
	const struct xnu_mig_subsystem *const *ss;

	for (ss = type->subsystems; ss && *ss; ss++)
		if (id >= (*ss)->start && id < (*ss)->end &&
		    (*ss)->routines[id - (*ss)->start].stub)
			return &(*ss)->routines[id - (*ss)->start];
	return NULL;
}

/*
 * The routine some XNU_KOBJECT_F_KERNEL_MIG type serves for @id (XNU's one
 * table of kernel routines), or NULL. Called inside xnu_kobject_srcu: a
 * type being unregistered stays readable, and its routines callable,
 * until the caller leaves it.
 */
static const struct xnu_mig_routine *xnu_mig_kernel_routine(mach_msg_id_t id)
{
	const struct xnu_mig_routine *routine;
	struct xnu_kotype_priv *priv;

	list_for_each_entry_srcu(priv, &xnu_kotypes, link,
				 srcu_read_lock_held(&xnu_kobject_srcu)) {
		if (!(priv->type->flags & XNU_KOBJECT_F_KERNEL_MIG))
			continue;
		routine = xnu_mig_routine_of(priv->type, id);
		if (routine)
			return routine;
	}
	return NULL;
}

/**
 * xnu_kobject_invoke() - run a message sent to a kernel object port
 * @port:    the port (request->dest), a kernel object port
 * @request: the message, consumed
 * @d:       deferred work, run by the caller once it holds no lock
 *
 * XNU's ipc_kobject_server(), in the sending thread (or the listener's):
 * the routine is found by msgh_id among the type's subsystems; the reply
 * buffer (the routine's max_reply bytes, or 36 for an unknown id) is
 * zeroed and pre-filled as mig_reply_error_t (msgh_id + 100, NDR,
 * RetCode); an unknown id answers %MIG_BAD_ID. The reply's status is
 * %KERN_SUCCESS when complex, RetCode otherwise: %MIG_NO_REPLY sends
 * nothing (an untaken reply right is destroyed: send-once notification);
 * an error is sent as a simple 36-byte mig_reply_error_t, its rights
 * destroyed. A message to a port that died meanwhile is destroyed, as a
 * send to a dead port is. Called with no lock held; may sleep.
 *
 * Return: the reply to queue with xnu_kmsg_send_kernel(), or NULL.
 */
struct xnu_kmsg *xnu_kobject_invoke(struct xnu_port *port,
				    struct xnu_kmsg *request,
				    struct xnu_deferred *d)
{
	return xnu_kobject_invoke_buf(port, request, NULL, d);
}

/*
 * The reply buffer: @rbuf when it fits, else allocated; zeroed beyond the
 * mig_reply_error_t that xnu_mig_init_reply() writes whole.
 */
static struct xnu_kmsg *xnu_mig_alloc_reply(struct xnu_kmsg_buf *rbuf,
					    mach_msg_size_t size)
{
	struct xnu_kmsg *reply = xnu_kmsg_buf_take(rbuf, size);

	if (!reply)
		return xnu_kmsg_alloc(size, GFP_KERNEL);
	if (size > XNU_MIG_ERROR_SIZE)
		memset(reply->data + XNU_MIG_ERROR_SIZE, 0,
		       size - XNU_MIG_ERROR_SIZE);
	return reply;
}

/**
 * xnu_kobject_invoke_buf() - xnu_kobject_invoke(), the reply in a buffer
 * @port:    the port (request->dest), a kernel object port
 * @request: the message, consumed
 * @rbuf:    room in the caller's frame for the reply, or NULL
 * @d:       deferred work, run by the caller once it holds no lock
 *
 * As xnu_kobject_invoke(); a reply that fits @rbuf is built there (no
 * allocation): the caller hands it to its receive in this call, or
 * xnu_kmsg_unstack()s it before queueing it.
 *
 * Return: the reply, or NULL.
 */
struct xnu_kmsg *xnu_kobject_invoke_buf(struct xnu_port *port,
					struct xnu_kmsg *request,
					struct xnu_kmsg_buf *rbuf,
					struct xnu_deferred *d)
{
	struct xnu_mig_call call = {
		.request = request,
		.port = port,
		.d = d,
		.max_reply = XNU_MIG_ERROR_SIZE,
	};
	mach_msg_header_t *hdr = xnu_kmsg_header(request);
	const struct xnu_kobject_type *type;
	const struct xnu_mig_routine *routine;
	mach_msg_id_t id = hdr->msgh_id;
	xnu_mig_stub_t stub = NULL;
	kern_return_t status;
	int idx;

	/* The header as received; port names mean nothing here. */
	hdr->msgh_bits = request->bits;
	hdr->msgh_size = request->size;
	hdr->msgh_remote_port = MACH_PORT_NULL;
	hdr->msgh_local_port = MACH_PORT_NULL;
	hdr->msgh_voucher_port = MACH_PORT_NULL;

	idx = srcu_read_lock(&xnu_kobject_srcu);
	type = xnu_kobject_type_of(port);
	if (!type) {
		srcu_read_unlock(&xnu_kobject_srcu, idx);
		xnu_kmsg_destroy(request, d);
		return NULL;
	}
	routine = xnu_mig_routine_of(type, id);
	if (!routine && (type->flags & XNU_KOBJECT_F_KERNEL_MIG))
		routine = xnu_mig_kernel_routine(id);
	if (routine) {
		stub = routine->stub;
		call.max_reply = routine->max_reply;
	}
	call.reply = xnu_mig_alloc_reply(rbuf, call.max_reply);
	if (!call.reply) {
		srcu_read_unlock(&xnu_kobject_srcu, idx);
		xnu_kmsg_destroy(request, d);
		return NULL;
	}
	xnu_mig_init_reply(call.reply, id, request->reply_type,
			   stub ? KERN_SUCCESS : MIG_BAD_ID);
	if (stub)
		stub(&call);
	srcu_read_unlock(&xnu_kobject_srcu, idx);

	status = xnu_mig_reply_status(&call, id);
	if (status == MIG_NO_REPLY)
		xnu_mig_release_rdescs(&call);
	else
		xnu_mig_finish_reply(&call, status);
	return xnu_mig_deliver(&call, status);
}

/* ---- kernel-made messages ------------------------------------------------------------ */

/**
 * xnu_mach_msg_send_from_kernel() - send a simple message made in the kernel
 * @dest:      the destination right, consumed (also on error)
 * @dest_type: its type: %MACH_MSG_TYPE_PORT_SEND_ONCE (a reply right from
 *	       xnu_mig_take_reply_port()) or %MACH_MSG_TYPE_PORT_SEND
 * @msg:       the message: header (msgh_id; msgh_bits must not be complex,
 *	       msgh_size and the port fields are ignored) and body
 * @size:      its size: 24 to 64 KiB, a multiple of 4
 *
 * As XNU's mach_msg_send_from_kernel(): the message is queued without
 * blocking (a full queue does not stop the kernel), with the kernel's
 * tokens as sender. A dead destination swallows it. May sleep.
 *
 * Return: %KERN_SUCCESS; %KERN_INVALID_ARGUMENT for a complex message, a
 * bad size or type (a bad type consumes nothing); %MACH_SEND_INVALID_DEST
 * for %IP_NULL; %MACH_SEND_NO_BUFFER without memory.
 */
kern_return_t xnu_mach_msg_send_from_kernel(ipc_port_t dest,
					    mach_msg_type_name_t dest_type,
					    const mach_msg_header_t *msg,
					    mach_msg_size_t size)
{
	struct xnu_deferred d;
	struct xnu_kmsg *kmsg;
	mach_msg_header_t *hdr;
	kern_return_t kr = KERN_SUCCESS;

	if (dest_type != MACH_MSG_TYPE_PORT_SEND &&
	    dest_type != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return KERN_INVALID_ARGUMENT;
	if (!XNU_PORT_VALID(dest))
		return MACH_SEND_INVALID_DEST;
	xnu_deferred_init(&d);
	if (!msg || (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    size < XNU_MACH_HEADER_SIZE || size > XNU_KMSG_KERNEL_MAX ||
	    size % 4) {
		kr = KERN_INVALID_ARGUMENT;
		goto drop;
	}
	kmsg = xnu_kmsg_alloc(size, GFP_KERNEL);
	if (!kmsg) {
		kr = MACH_SEND_NO_BUFFER;
		goto drop;
	}
	memcpy(kmsg->data, msg, size);
	hdr = xnu_kmsg_header(kmsg);
	hdr->msgh_bits = MACH_MSGH_BITS(dest_type, 0);
	hdr->msgh_size = size;
	hdr->msgh_remote_port = MACH_PORT_NULL;
	hdr->msgh_local_port = MACH_PORT_NULL;
	hdr->msgh_voucher_port = MACH_PORT_NULL;
	kmsg->size = size;
	kmsg->bits = hdr->msgh_bits;
	kmsg->dest = dest;
	kmsg->dest_type = dest_type;
	xnu_kmsg_send_kernel(kmsg, &d);
	xnu_deferred_run(&d);
	return KERN_SUCCESS;

drop:
	/* Dropping an unused send-once right tells its receiver. */
	xnu_kobject_drop_right(dest, dest_type, true, &d);
	xnu_deferred_run(&d);
	return kr;
}
EXPORT_SYMBOL_GPL(xnu_mach_msg_send_from_kernel);

/* ---- module unload safety net, init and exit ------------------------------------------ */

/* A type @mod left registered, or NULL. */
static struct xnu_kobject_type *xnu_kotype_of_module(const struct module *mod)
{
	struct xnu_kobject_type *type = NULL;
	struct xnu_kotype_priv *priv;

	mutex_lock(&xnu_kotypes_lock);
	list_for_each_entry(priv, &xnu_kotypes, link) {
		if (priv->type->owner == mod) {
			type = priv->type;
			break;
		}
	}
	mutex_unlock(&xnu_kotypes_lock);
	return type;
}

static int xnu_kobject_module_event(struct notifier_block *nb,
				    unsigned long action, void *data)
{
	struct xnu_kobject_type *type;
	struct module *mod = data;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	while ((type = xnu_kotype_of_module(mod))) {
		pr_warn("module %s left kobject type %s registered; unregistered it\n",
			mod->name, type->name);
		xnu_kobject_type_unregister(type);
	}
	return NOTIFY_DONE;
}

static struct notifier_block xnu_kobject_module_nb = {
	.notifier_call = xnu_kobject_module_event,
};

/**
 * xnu_kobject_init() - start the kernel object registry
 *
 * Return: 0 or a negative errno.
 */
int xnu_kobject_init(void)
{
	int ret;

	ret = init_srcu_struct(&xnu_kobject_srcu);
	if (ret)
		return ret;
	/* Unbound: a routine may sleep; each port's item runs alone. */
	xnu_kobject_wq = alloc_workqueue("xnu_kobject_async", WQ_UNBOUND, 0);
	if (!xnu_kobject_wq) {
		ret = -ENOMEM;
		goto out_srcu;
	}
	ret = register_module_notifier(&xnu_kobject_module_nb);
	if (ret)
		goto out_wq;
	return 0;

out_wq:
	destroy_workqueue(xnu_kobject_wq);
out_srcu:
	cleanup_srcu_struct(&xnu_kobject_srcu);
	return ret;
}

/**
 * xnu_kobject_exit() - stop the kernel object registry
 *
 * Every type is unregistered by now (modules using the API are gone, the
 * task and bootstrap types went first); one left over is unregistered.
 */
void xnu_kobject_exit(void)
{
	struct xnu_kotype_priv *priv;

	unregister_module_notifier(&xnu_kobject_module_nb);
	for (;;) {
		mutex_lock(&xnu_kotypes_lock);
		priv = list_first_entry_or_null(&xnu_kotypes,
						struct xnu_kotype_priv, link);
		mutex_unlock(&xnu_kotypes_lock);
		if (!priv)
			break;
		WARN(1, "xnucross: kobject type %s still registered\n",
		     priv->type->name);
		xnu_kobject_type_unregister(priv->type);
	}
	/* Items still queued find their ports dead; wait for them. */
	destroy_workqueue(xnu_kobject_wq);
	cleanup_srcu_struct(&xnu_kobject_srcu);
}
