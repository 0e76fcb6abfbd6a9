// SPDX-License-Identifier: GPL-2.0
/*
 * notify.c - deferred work and notifications: the list of things to do once
 * every lock is dropped (messages to destroy or to send, kernel-object
 * no-senders callbacks, receive rights to destroy), the kernel-made
 * notification messages with XNU's ids and layouts (osfmk/mach/notify.h),
 * and mach_port_request_notification() with its dead-name requests.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "mach_internal.h"

/* ---- deferred work ------------------------------------------------------- */

enum xnu_deferred_kind {
	XNU_DEFER_KMSG_DESTROY,
	XNU_DEFER_KMSG_SEND,
	XNU_DEFER_KOBJECT_NO_SENDERS,
	XNU_DEFER_PORT_DESTROY,
};

/**
 * struct xnu_deferred_item - one piece of deferred work
 * @link:	on xnu_deferred.items
 * @kind:	what to do
 * @kmsg:	the message (KMSG_*)
 * @port:	the port (KOBJECT_NO_SENDERS: a reference; PORT_DESTROY: the
 *		receive right and a reference)
 * @value:	the make-send count (KOBJECT_NO_SENDERS)
 */
struct xnu_deferred_item {
	struct list_head link;
	enum xnu_deferred_kind kind;
	union {
		struct xnu_kmsg *kmsg;
		struct xnu_port *port;
	};
	u32 value;
};

/* Small and short-lived: may sleep, never fails. */
static void xnu_defer_add(struct xnu_deferred *d, enum xnu_deferred_kind kind,
			  struct xnu_kmsg *kmsg, struct xnu_port *port,
			  u32 value)
{
	struct xnu_deferred_item *item;

	item = kmalloc(sizeof(*item), GFP_KERNEL | __GFP_NOFAIL);
	item->kind = kind;
	if (kmsg)
		item->kmsg = kmsg;
	else
		item->port = port;
	item->value = value;
	list_add_tail(&item->link, &d->items);
}

/**
 * xnu_defer_kmsg_destroy() - destroy a message once locks are dropped
 * @d:    the deferred work
 * @kmsg: the message (on no queue), consumed
 */
void xnu_defer_kmsg_destroy(struct xnu_deferred *d, struct xnu_kmsg *kmsg)
{
	xnu_defer_add(d, XNU_DEFER_KMSG_DESTROY, kmsg, NULL, 0);
}

/**
 * xnu_defer_kmsg_send() - send a kernel-made message once locks are dropped
 * @d:    the deferred work
 * @kmsg: the message (on no queue), consumed by xnu_kmsg_send_kernel()
 */
void xnu_defer_kmsg_send(struct xnu_deferred *d, struct xnu_kmsg *kmsg)
{
	xnu_defer_add(d, XNU_DEFER_KMSG_SEND, kmsg, NULL, 0);
}

/**
 * xnu_defer_kobject_no_senders() - call a kernel object's no_senders later
 * @d:       the deferred work
 * @port:    the kernel-object port (a reference is taken)
 * @mscount: its make-send count when the last send right went
 *
 * The callback runs only if, by then, the port is still alive and still has
 * no send right.
 */
void xnu_defer_kobject_no_senders(struct xnu_deferred *d,
				  struct xnu_port *port, u32 mscount)
{
	xnu_port_get(port);
	xnu_defer_add(d, XNU_DEFER_KOBJECT_NO_SENDERS, NULL, port, mscount);
}

/**
 * xnu_defer_port_destroy() - destroy a receive right once locks are dropped
 * @d:    the deferred work
 * @port: the port; its receive right and one reference are consumed
 */
void xnu_defer_port_destroy(struct xnu_deferred *d, struct xnu_port *port)
{
	xnu_defer_add(d, XNU_DEFER_PORT_DESTROY, NULL, port, 0);
}

/*
 * kobject.c runs the callback (inside the read section that unregistering
 * a type waits for), if the port is still alive with no send right.
 */
static void xnu_run_kobject_no_senders(struct xnu_port *port, u32 mscount)
{
	xnu_kobject_no_senders(port, mscount);
	xnu_port_put(port);
}

static void xnu_deferred_run_one(struct xnu_deferred_item *item,
				 struct xnu_deferred *d)
{
	switch (item->kind) {
	case XNU_DEFER_KMSG_DESTROY:
		xnu_kmsg_destroy(item->kmsg, d);
		break;
	case XNU_DEFER_KMSG_SEND:
		xnu_kmsg_send_kernel(item->kmsg, d);
		break;
	case XNU_DEFER_KOBJECT_NO_SENDERS:
		xnu_run_kobject_no_senders(item->port, item->value);
		break;
	case XNU_DEFER_PORT_DESTROY:
		xnu_port_destroy(item->port, d);
		break;
	}
}

/**
 * xnu_deferred_run() - run deferred work until none is left
 * @d: the deferred work
 *
 * Items run in order, one at a time; work they make is appended and run in
 * turn, so cascades (a destroyed message carrying a receive right whose
 * queue holds more messages...) iterate instead of recursing. Call with no
 * lock held.
 */
void xnu_deferred_run(struct xnu_deferred *d)
{
	struct xnu_deferred_item *item;

	while (!list_empty(&d->items)) {
		item = list_first_entry(&d->items, struct xnu_deferred_item,
					link);
		list_del(&item->link);
		xnu_deferred_run_one(item, d);
		kfree(item);
		/* Users can build cascades of millions of messages and ports. */
		cond_resched();
	}
}

/* ---- notification messages ------------------------------------------------ */

/* Offsets in a notification: header, then NDR and one 32-bit field. */
#define XNU_NOTIFY_NDR_OFFSET		XNU_MACH_HEADER_SIZE
#define XNU_NOTIFY_FIELD_OFFSET		(XNU_MACH_HEADER_SIZE + 8)
/* Port-destroyed: header, body, one port descriptor. */
#define XNU_NOTIFY_DESC_OFFSET		(XNU_MACH_HEADER_SIZE + XNU_MACH_BODY_SIZE)

static void xnu_notify_put32(struct xnu_kmsg *kmsg, u32 offset, u32 value)
{
	memcpy(kmsg->data + offset, &value, sizeof(value));
}

/*
 * A notification of @size bytes with @id to the send-once right @notify
 * (consumed: it becomes the message's destination), as the kernel's MIG
 * stubs build it: remote MOVE_SEND_ONCE, no reply, no voucher. NULL only if
 * memory could not be had even so; the right is then dropped.
 */
static struct xnu_kmsg *xnu_notify_alloc(struct xnu_port *notify,
					 mach_msg_id_t id,
					 mach_msg_size_t size,
					 mach_msg_bits_t other)
{
	mach_msg_header_t *hdr;
	struct xnu_kmsg *kmsg;

	kmsg = xnu_kmsg_alloc(size, GFP_KERNEL | __GFP_NOFAIL);
	if (WARN_ON_ONCE(!kmsg)) {
		xnu_port_release_send_once_ref(notify, false, NULL);
		return NULL;
	}
	kmsg->size = size;
	kmsg->bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0) | other;
	kmsg->dest = notify;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	kmsg->reply = NULL;
	kmsg->reply_type = 0;
	/* No sender: the trailer carries the kernel's tokens. */

	hdr = xnu_kmsg_header(kmsg);
	hdr->msgh_bits = kmsg->bits;
	hdr->msgh_size = size;
	hdr->msgh_remote_port = MACH_PORT_NULL;
	hdr->msgh_local_port = MACH_PORT_NULL;
	hdr->msgh_voucher_port = MACH_PORT_NULL;
	hdr->msgh_id = id;
	return kmsg;
}

/* The usual shape: header, NDR record, one 32-bit value. */
static void xnu_notify_simple(struct xnu_deferred *d, struct xnu_port *notify,
			      mach_msg_id_t id, u32 value)
{
	static const NDR_record_t ndr = XNU_NDR_RECORD_INIT;
	struct xnu_kmsg *kmsg;

	/* The three ids using this shape share one size (36). */
	kmsg = xnu_notify_alloc(notify, id, XNU_NOTIFY_DEAD_NAME_SIZE, 0);
	if (!kmsg)
		return;
	memcpy(kmsg->data + XNU_NOTIFY_NDR_OFFSET, &ndr, sizeof(ndr));
	xnu_notify_put32(kmsg, XNU_NOTIFY_FIELD_OFFSET, value);
	xnu_defer_kmsg_send(d, kmsg);
}

/*
 * Whether a send-once notification to @port would be swallowed (port
 * locked): XNU drops the right instead when the port is dead, held by the
 * kernel (ipc_kobject_notify_send_once) or its queue is at the kernel
 * limit.
 */
static bool xnu_notify_send_once_drops(const struct xnu_port *port)
{
	return !port->active || port->receiver == XNU_SPACE_KERNEL ||
	       port->msgcount >= MACH_PORT_QLIMIT_KERNEL;
}

/**
 * xnu_notify_send_once() - send a send-once notification
 * @d:      where the message is queued
 * @notify: the unused send-once right; it is consumed, carrying the
 *          notification to its own port
 */
void xnu_notify_send_once(struct xnu_deferred *d, struct xnu_port *notify)
{
	struct xnu_kmsg *kmsg;
	bool drop;

	spin_lock(&notify->lock);
	drop = xnu_notify_send_once_drops(notify);
	spin_unlock(&notify->lock);
	if (drop) {
		xnu_port_release_send_once_ref(notify, false, d);
		return;
	}
	kmsg = xnu_notify_alloc(notify, MACH_NOTIFY_SEND_ONCE,
				XNU_NOTIFY_SEND_ONCE_SIZE, 0);
	if (kmsg)
		xnu_defer_kmsg_send(d, kmsg);
}

/**
 * xnu_notify_no_senders() - send a no-senders notification
 * @d:       where the message is queued
 * @notify:  the send-once right to notify (consumed)
 * @mscount: the port's make-send count
 */
void xnu_notify_no_senders(struct xnu_deferred *d, struct xnu_port *notify,
			   mach_port_mscount_t mscount)
{
	xnu_notify_simple(d, notify, MACH_NOTIFY_NO_SENDERS, mscount);
}

/**
 * xnu_notify_dead_name() - send a dead-name notification
 * @d:      where the message is queued
 * @notify: the send-once right to notify (consumed)
 * @name:   the name that became a dead name
 */
void xnu_notify_dead_name(struct xnu_deferred *d, struct xnu_port *notify,
			  mach_port_name_t name)
{
	xnu_notify_simple(d, notify, MACH_NOTIFY_DEAD_NAME, name);
}

/**
 * xnu_notify_port_deleted() - send a port-deleted notification
 * @d:      where the message is queued
 * @notify: the send-once right to notify (consumed)
 * @name:   the name whose right went away while a dead-name request was
 *          armed on it
 */
void xnu_notify_port_deleted(struct xnu_deferred *d, struct xnu_port *notify,
			     mach_port_name_t name)
{
	xnu_notify_simple(d, notify, MACH_NOTIFY_PORT_DELETED, name);
}

/**
 * xnu_notify_port_destroyed() - send a port-destroyed notification
 * @d:      where the message is queued
 * @notify: the send-once right to notify (consumed)
 * @port:   the port whose receive right the notification carries (the right
 *          and a reference are consumed)
 *
 * The message is complex: a body and one port descriptor holding the
 * receive right (received as MACH_MSG_TYPE_PORT_RECEIVE).
 */
void xnu_notify_port_destroyed(struct xnu_deferred *d,
			       struct xnu_port *notify,
			       struct xnu_port *port)
{
	mach_msg_port_descriptor_t pd = {
		.name = MACH_PORT_NULL,
		.disposition = MACH_MSG_TYPE_PORT_RECEIVE,
		.type = MACH_MSG_PORT_DESCRIPTOR,
	};
	struct xnu_kmsg *kmsg;

	kmsg = xnu_notify_alloc(notify, MACH_NOTIFY_PORT_DESTROYED,
				XNU_NOTIFY_PORT_DESTROYED_SIZE,
				MACH_MSGH_BITS_COMPLEX);
	if (!kmsg) {
		xnu_defer_port_destroy(d, port);
		return;
	}
	kmsg->desc = kcalloc(1, sizeof(*kmsg->desc),
			     GFP_KERNEL | __GFP_NOFAIL);
	kmsg->ndesc = 1;
	kmsg->desc[0].offset = XNU_NOTIFY_DESC_OFFSET;
	kmsg->desc[0].kind = MACH_MSG_PORT_DESCRIPTOR;
	kmsg->desc[0].right.port = port;
	kmsg->desc[0].right.type = MACH_MSG_TYPE_PORT_RECEIVE;
	xnu_notify_put32(kmsg, XNU_MACH_HEADER_SIZE, 1);
	memcpy(kmsg->data + XNU_NOTIFY_DESC_OFFSET, &pd, sizeof(pd));
	xnu_defer_kmsg_send(d, kmsg);
}

/* ---- dead-name requests ------------------------------------------------------ */

/* Unlink @space's request for @name (port locked); its notify right or NULL. */
static struct xnu_port *xnu_dn_unlink_locked(struct xnu_port *port,
					     struct xnu_space *space,
					     mach_port_name_t name,
					     struct xnu_dnrequest **reqp)
{
	struct xnu_dnrequest *req;

	list_for_each_entry(req, &port->dnrequests, link) {
		if (req->space == space && req->name == name) {
			list_del(&req->link);
			*reqp = req;
			return req->notify;
		}
	}
	*reqp = NULL;
	return NULL;
}

/**
 * xnu_port_dncancel() - cancel a dead-name request
 * @port:  the port the request is on (its lock not held)
 * @space: the space of the name
 * @name:  the name
 *
 * Return: the request's send-once right (with its reference), or NULL when
 * there is none, or the port died and the notification is already on its
 * way.
 */
struct xnu_port *xnu_port_dncancel(struct xnu_port *port,
				   struct xnu_space *space,
				   mach_port_name_t name)
{
	struct xnu_dnrequest *req;
	struct xnu_port *notify;

	spin_lock(&port->lock);
	notify = xnu_dn_unlink_locked(port, space, name, &req);
	spin_unlock(&port->lock);
	kfree(req);
	return notify;
}

/*
 * Arm (@notify), replace or cancel (@notify NULL) the dead-name request of
 * @entry, which holds a live right to @entry->port (space locked). Returns
 * -EAGAIN when the port turned out dead, with nothing changed.
 */
static int xnu_dn_arm(struct xnu_space *space, struct xnu_entry *entry,
		      mach_port_name_t name, struct xnu_port *notify,
		      struct xnu_port **prev)
{
	struct xnu_port *port = entry->port;
	struct xnu_dnrequest *req = NULL, *old;

	if (notify) {
		req = kmalloc(sizeof(*req), GFP_KERNEL_ACCOUNT);
		if (!req)
			return -ENOMEM;
		req->space = space;
		req->name = name;
		req->notify = notify;
	}
	spin_lock(&port->lock);
	if (!port->active) {
		spin_unlock(&port->lock);
		kfree(req);
		return -EAGAIN;
	}
	*prev = xnu_dn_unlink_locked(port, space, name, &old);
	if (req) {
		list_add_tail(&req->link, &port->dnrequests);
		entry->type |= XNU_ENTRY_DNREQUEST;
	} else {
		entry->type &= ~XNU_ENTRY_DNREQUEST;
	}
	spin_unlock(&port->lock);
	kfree(old);
	return 0;
}

/*
 * MACH_NOTIFY_DEAD_NAME (ipc_right_request_alloc() without send-possible
 * options): a send, send-once or receive right takes the request; a dead
 * name is KERN_INVALID_ARGUMENT (current XNU never fires a dead-name
 * request immediately), anything else KERN_INVALID_RIGHT.
 */
static kern_return_t xnu_request_dead_name(struct xnu_space *space,
					   mach_port_name_t name,
					   struct xnu_port *notify,
					   struct xnu_port **prev)
{
	struct xnu_entry *entry;
	int ret;

	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_ARGUMENT;
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return KERN_INVALID_NAME;
	if (!notify && !(entry->type & XNU_ENTRY_DNREQUEST))
		return KERN_SUCCESS;
	if ((entry->type & MACH_PORT_TYPE_PORT_RIGHTS) &&
	    !xnu_entry_check(space, entry)) {
		ret = xnu_dn_arm(space, entry, name, notify, prev);
		if (ret == -ENOMEM)
			return KERN_RESOURCE_SHORTAGE;
		if (!ret)
			return KERN_SUCCESS;
		/* The port died meanwhile: the name is a dead name now. */
		xnu_entry_check(space, entry);
		return KERN_INVALID_ARGUMENT;
	}
	return (entry->type & MACH_PORT_TYPE_DEAD_NAME) ?
	       KERN_INVALID_ARGUMENT : KERN_INVALID_RIGHT;
}

/*
 * MACH_NOTIFY_NO_SENDERS (ipc_port_nsrequest()): replaces the previous
 * request; fires at once when there are no senders and @sync <= mscount.
 */
static kern_return_t xnu_request_no_senders(struct xnu_space *space,
					    mach_port_name_t name,
					    mach_port_mscount_t sync,
					    struct xnu_port *notify,
					    struct xnu_port **prev,
					    struct xnu_deferred *d)
{
	struct xnu_port *port;
	kern_return_t kr;
	u32 mscount = 0;
	bool now;

	kr = xnu_right_translate_receive(space, name, &port);
	if (kr)
		return kr;

	spin_lock(&port->lock);
	*prev = port->nsrequest;
	now = notify && !port->srights && sync <= port->mscount;
	if (now) {
		port->nsrequest = NULL;
		mscount = port->mscount;
	} else {
		port->nsrequest = notify;
		port->nssync = sync;
	}
	spin_unlock(&port->lock);
	if (now)
		xnu_notify_no_senders(d, notify, mscount);
	return KERN_SUCCESS;
}

/*
 * MACH_NOTIFY_PORT_DESTROYED: sync must be 0; kernel objects are refused;
 * as in current XNU a request cannot be replaced or cancelled once armed
 * (KERN_FAILURE), so there is never a previous right.
 */
static kern_return_t xnu_request_port_destroyed(struct xnu_space *space,
						mach_port_name_t name,
						mach_port_mscount_t sync,
						struct xnu_port *notify)
{
	struct xnu_port *port;
	kern_return_t kr;

	if (sync)
		return KERN_INVALID_VALUE;
	kr = xnu_right_translate_receive(space, name, &port);
	if (kr)
		return kr;

	spin_lock(&port->lock);
	if (port->kotype)
		kr = KERN_INVALID_RIGHT;
	else if (port->pdrequest)
		kr = KERN_FAILURE;
	else
		port->pdrequest = notify;
	spin_unlock(&port->lock);
	return kr;
}

static kern_return_t xnu_request_dispatch(struct xnu_space *space,
					  mach_port_name_t name,
					  mach_msg_id_t msgid,
					  mach_port_mscount_t sync,
					  struct xnu_port *notify,
					  struct xnu_port **prev,
					  struct xnu_deferred *d)
{
	switch (msgid) {
	case MACH_NOTIFY_PORT_DESTROYED:
		return xnu_request_port_destroyed(space, name, sync, notify);
	case MACH_NOTIFY_NO_SENDERS:
		return xnu_request_no_senders(space, name, sync, notify, prev,
					      d);
	case MACH_NOTIFY_DEAD_NAME:
		return xnu_request_dead_name(space, name, notify, prev);
	case MACH_NOTIFY_SEND_POSSIBLE:
		/* Not offered: see "Differences from XNU" in mach-ipc.rst. */
		return MACH_PORT_VALID(name) ? KERN_NOT_SUPPORTED :
		       KERN_INVALID_ARGUMENT;
	default:
		return KERN_INVALID_VALUE;
	}
}

/*
 * The notify right, as _kernelrpc_mach_port_request_notification_trap
 * takes it: copied in when a valid name, MACH_PORT_NULL for none,
 * MACH_PORT_DEAD refused (KERN_INVALID_CAPABILITY).
 */
static kern_return_t xnu_request_notify_copyin(struct xnu_space *space,
					       mach_port_name_t notify_name,
					       mach_msg_type_name_t notify_disp,
					       struct xnu_port **notifyp,
					       struct xnu_deferred *d)
{
	mach_msg_type_name_t type;
	kern_return_t kr;

	*notifyp = NULL;
	if (notify_name == MACH_PORT_DEAD)
		return KERN_INVALID_CAPABILITY;
	if (notify_name == MACH_PORT_NULL)
		return KERN_SUCCESS;
	kr = xnu_right_copyin(space, notify_name, notify_disp, false, notifyp,
			      &type, d);
	if (kr == KERN_SUCCESS && !XNU_PORT_VALID(*notifyp)) {
		*notifyp = NULL;	/* not expected without deadok */
		kr = KERN_INVALID_CAPABILITY;
	}
	return kr;
}

/*
 * Whether the request would hand back a previous send-once right (@space
 * locked): an armed no-senders request of the receive right @name, or a
 * dead-name request armed on @name. Port-destroyed requests are never
 * replaced. A guess for what xnu_request_dispatch() will find: a
 * no-senders request may fire meanwhile (then the reservation goes back).
 */
static bool xnu_request_has_previous(struct xnu_space *space,
				     mach_port_name_t name, mach_msg_id_t msgid)
{
	struct xnu_entry *entry;
	struct xnu_port *port;
	bool prev = false;

	if (!space->active || !MACH_PORT_VALID(name))
		return false;
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return false;
	switch (msgid) {
	case MACH_NOTIFY_NO_SENDERS:
		if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
			return false;
		port = entry->port;
		spin_lock(&port->lock);
		prev = port->nsrequest;
		spin_unlock(&port->lock);
		return prev;
	case MACH_NOTIFY_DEAD_NAME:
		return entry->type & XNU_ENTRY_DNREQUEST;
	default:
		return false;
	}
}

/**
 * struct xnu_request - one mach_port_request_notification() in progress
 * @space:	the space acted on
 * @caller:	the calling task's space (the notify and previous rights')
 * @notify:	the notify right, copied in from @caller (or NULL)
 * @prev:	the previous request's right, once replaced
 * @resv:	a name reserved in @caller for @prev
 * @d:		deferred work
 */
struct xnu_request {
	struct xnu_space *space;
	struct xnu_space *caller;
	struct xnu_port *notify;
	struct xnu_port *prev;
	struct xnu_entry_resv resv;
	struct xnu_deferred d;
};

/*
 * In @caller (locked): the notify right comes in, and a name is reserved
 * for the previous right when there will be one (@want_prev), so that the
 * request cannot fail once armed.
 */
static kern_return_t xnu_request_prepare(struct xnu_request *rq,
					 mach_port_name_t notify_name,
					 mach_msg_type_name_t notify_disp,
					 bool want_prev)
{
	kern_return_t kr;

	if (!rq->caller->active)
		return KERN_INVALID_TASK;
	kr = xnu_request_notify_copyin(rq->caller, notify_name, notify_disp,
				       &rq->notify, &rq->d);
	if (kr != KERN_SUCCESS || !want_prev)
		return kr;
	kr = xnu_entry_reserve(rq->caller, &rq->resv);
	if (kr != KERN_SUCCESS && rq->notify) {
		/* As any failed request: the unused right says so. */
		xnu_port_release_send_once_ref(rq->notify, true, &rq->d);
		rq->notify = NULL;
	}
	return kr;
}

/* In @caller (locked): the previous right gets its name, or none is used. */
static kern_return_t xnu_request_finish(struct xnu_request *rq,
					mach_port_name_t *previous)
{
	kern_return_t kr = KERN_SUCCESS;

	if (rq->prev && rq->resv.entry)
		xnu_right_copyout_reserved(rq->caller, &rq->resv, rq->prev,
					   previous, &rq->d);
	else if (rq->prev)
		/* Only when a request was armed behind our back. */
		kr = xnu_right_copyout(rq->caller, rq->prev,
				       MACH_MSG_TYPE_PORT_SEND_ONCE, previous,
				       &rq->d);
	xnu_entry_unreserve(rq->caller, &rq->resv);
	rq->prev = NULL;
	return kr;
}

/* In @space (locked): arm, replace or cancel the request. */
static kern_return_t xnu_request_arm(struct xnu_request *rq,
				     mach_port_name_t name,
				     mach_msg_id_t msgid,
				     mach_port_mscount_t sync)
{
	kern_return_t kr;

	if (!rq->space->active)
		kr = KERN_INVALID_TASK;
	else
		kr = xnu_request_dispatch(rq->space, name, msgid, sync,
					  rq->notify, &rq->prev, &rq->d);
	if (kr != KERN_SUCCESS && rq->notify)
		xnu_port_release_send_once_ref(rq->notify, true, &rq->d);
	rq->notify = NULL;
	return kr;
}

/* Another task's space: never both space locks at once. */
static kern_return_t xnu_request_other(struct xnu_request *rq,
				       mach_port_name_t name,
				       mach_msg_id_t msgid,
				       mach_port_mscount_t sync,
				       mach_port_name_t notify_name,
				       mach_msg_type_name_t notify_disp,
				       mach_port_name_t *previous)
{
	kern_return_t kr;
	bool want_prev;

	mutex_lock(&rq->space->lock);
	if (!rq->space->active) {
		mutex_unlock(&rq->space->lock);
		return KERN_INVALID_TASK;
	}
	want_prev = xnu_request_has_previous(rq->space, name, msgid);
	mutex_unlock(&rq->space->lock);

	mutex_lock(&rq->caller->lock);
	kr = xnu_request_prepare(rq, notify_name, notify_disp, want_prev);
	mutex_unlock(&rq->caller->lock);
	if (kr != KERN_SUCCESS)
		return kr;

	mutex_lock(&rq->space->lock);
	kr = xnu_request_arm(rq, name, msgid, sync);
	mutex_unlock(&rq->space->lock);

	mutex_lock(&rq->caller->lock);
	if (kr == KERN_SUCCESS)
		kr = xnu_request_finish(rq, previous);
	else
		xnu_entry_unreserve(rq->caller, &rq->resv);
	mutex_unlock(&rq->caller->lock);
	return kr;
}

/**
 * xnu_port_request_notification() - mach_port_request_notification()
 * @space:       the space acted on
 * @caller:      the calling task's own space: @space, or the caller's when
 *               @space is another task's (XNU's trap then takes the notify
 *               right from, and gives the previous right to, the caller)
 * @name:        the name the request is about
 * @msgid:       MACH_NOTIFY_DEAD_NAME, _NO_SENDERS, _PORT_DESTROYED or
 *               _SEND_POSSIBLE (not supported: KERN_NOT_SUPPORTED)
 * @sync:        the make-send count threshold (no-senders), 0 otherwise
 * @notify_name: name of the notify right in @caller, MACH_PORT_NULL to
 *               cancel
 * @notify_disp: MACH_MSG_TYPE_MAKE_SEND_ONCE or MACH_MSG_TYPE_MOVE_SEND_ONCE
 * @previous:    out: name of the previous request's send-once right, copied
 *               out into @caller, or MACH_PORT_NULL
 *
 * The notify right is copied in first; if the request then fails it is
 * destroyed, which (as in XNU) sends its port a send-once notification.
 * All or nothing: when a previous right is to come back, its name is
 * reserved in @caller before the request is armed, so a full space fails
 * the call with the old request still in place. The space locks are taken
 * here, one at a time.
 *
 * Return: KERN_SUCCESS or XNU's error: KERN_INVALID_VALUE (bad disposition
 * or id, sync of a port-destroyed request), KERN_INVALID_TASK (dead
 * space), KERN_INVALID_CAPABILITY (dead notify name), KERN_INVALID_NAME,
 * KERN_INVALID_RIGHT, KERN_INVALID_ARGUMENT (dead-name request on a null or
 * dead name), KERN_FAILURE (port-destroyed already requested),
 * KERN_RESOURCE_SHORTAGE, KERN_NO_SPACE (the previous right could not be
 * named), KERN_NOT_SUPPORTED (send-possible).
 */
kern_return_t xnu_port_request_notification(struct xnu_space *space,
					    struct xnu_space *caller,
					    mach_port_name_t name,
					    mach_msg_id_t msgid,
					    mach_port_mscount_t sync,
					    mach_port_name_t notify_name,
					    mach_msg_type_name_t notify_disp,
					    mach_port_name_t *previous)
{
	struct xnu_request rq = { .space = space, .caller = caller };
	kern_return_t kr;

	*previous = MACH_PORT_NULL;
	if (notify_disp != MACH_MSG_TYPE_MAKE_SEND_ONCE &&
	    notify_disp != MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return KERN_INVALID_VALUE;
	xnu_deferred_init(&rq.d);
	if (caller != space) {
		kr = xnu_request_other(&rq, name, msgid, sync, notify_name,
				       notify_disp, previous);
		goto out;
	}
	mutex_lock(&space->lock);
	kr = xnu_request_prepare(&rq, notify_name, notify_disp,
				 xnu_request_has_previous(space, name, msgid));
	if (kr == KERN_SUCCESS)
		kr = xnu_request_arm(&rq, name, msgid, sync);
	if (kr == KERN_SUCCESS)
		kr = xnu_request_finish(&rq, previous);
	else
		xnu_entry_unreserve(space, &rq.resv);
	mutex_unlock(&space->lock);
out:
	xnu_deferred_run(&rq.d);
	return kr;
}

/**
 * xnu_port_request_notification_port() - the MIG routine's request
 * @space:	the space acted on (a reference held, not locked)
 * @name:	the name the request is about
 * @msgid:	as for xnu_port_request_notification()
 * @sync:	as for xnu_port_request_notification()
 * @notify:	the notify send-once right the request message carried, or
 *		NULL to cancel
 * @prevp:	out: the previous request's send-once right, or NULL
 *
 * mach_port_request_notification() as XNU's kernel routine does it: the
 * rights come in and go out in the messages (port_mig.c), not through a
 * space, so only @space is locked. The same work as the trap's
 * (xnu_request_dispatch()).
 *
 * Return: KERN_SUCCESS (@notify consumed, *@prevp the caller's) or, with
 * @notify not consumed, the errors of xnu_port_request_notification() that
 * concern @space and @name.
 */
kern_return_t xnu_port_request_notification_port(struct xnu_space *space,
						 mach_port_name_t name,
						 mach_msg_id_t msgid,
						 mach_port_mscount_t sync,
						 struct xnu_port *notify,
						 struct xnu_port **prevp)
{
	struct xnu_deferred d;
	kern_return_t kr = KERN_INVALID_TASK;

	*prevp = NULL;
	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (space->active)
		kr = xnu_request_dispatch(space, name, msgid, sync, notify,
					  prevp, &d);
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	if (kr != KERN_SUCCESS)
		*prevp = NULL;
	return kr;
}
