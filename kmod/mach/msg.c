// SPDX-License-Identifier: GPL-2.0
/*
 * msg.c - the mach_msg trap (mach_msg() and mach_msg_overwrite()): an
 * optional send - queued on a port, or run at once in the caller's thread
 * for a kernel object (queued for its worker when one-way to an
 * asynchronous one) - then an optional receive from a port or a port
 * set, in one call, as XNU's mach_msg_overwrite_trap().
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "mach_internal.h"

/* Options only the kernel may use; a user's are ignored, as in XNU. */
#define XNU_MSG_OPTIONS_KERNEL \
	(MACH_SEND_ALWAYS | MACH_SEND_IMPORTANCE | MACH_SEND_KERNEL)

/* The trailer type field of a receive option; only format 0 exists. */
#define XNU_RCV_TRAILER_TYPE(option)	(((u32)(option) >> 28) & 0xf)

/**
 * struct xnu_msg_rcv - the receive half of a combined mach_msg()
 * @name:	the receive right or port set to receive on
 * @port:	its port, resolved by the send's copy-in (a reference)
 * @pset:	its set, resolved likewise (a reference)
 * @mr:		MACH_RCV_INVALID_NAME when @name named neither
 * @resolved:	the copy-in resolved @name
 * @max_size:	the largest message the receive buffer takes
 * @handoff:	a kernel reply for @port, given straight to the receive
 */
struct xnu_msg_rcv {
	mach_port_name_t name;
	struct xnu_port *port;
	struct xnu_pset *pset;
	mach_msg_return_t mr;
	bool resolved;
	mach_msg_size_t max_size;
	struct xnu_kmsg *handoff;
};

/* The receive buffer's room for a message, the trailer asked for aside. */
static mach_msg_size_t xnu_msg_max_size(const struct xnu_mach_msg_args *a,
					mach_msg_option_t option)
{
	u32 tsize = REQUESTED_TRAILER_SIZE(option);

	return a->rcv_size >= tsize ? a->rcv_size - tsize : 0;
}

/* ---- send ------------------------------------------------------------------ */

/*
 * A kernel reply for the very port about to be received on, whose queue is
 * empty and that nobody else waits on: it skips the queue (no enqueue,
 * dequeue or wake-up) but takes its sequence number, as if queued and
 * received at once. Only simple replies that fit the buffer.
 */
static bool xnu_msg_handoff(struct xnu_kmsg *reply, struct xnu_msg_rcv *rc,
			    struct xnu_space *space)
{
	struct xnu_port *port = rc->port;
	bool ok;

	if (!rc->resolved || port != reply->dest || reply->ndesc ||
	    reply->size > rc->max_size)
		return false;
	spin_lock(&port->lock);
	ok = port->active && port->receiver == space &&
	     port->rcv_name == rc->name && !port->pset && !port->msgcount &&
	     (port->qlimit || reply->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE);
	/* Receivers queue themselves under the port lock, which we hold. */
	if (ok && waitqueue_active(&port->rcv_wait))
		ok = false;
	if (ok)
		reply->seqno = port->seqno++;
	if (ok && reply->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    !WARN_ON_ONCE(!port->sorights)) {
		/* Received here: the send-once right is used up now. */
		port->sorights--;
		reply->dest_name = port->rcv_name;
		reply->flags |= XNU_KMSG_F_DEST_TAKEN;
		reply->dest = NULL;
		/* Not the last reference: rc->port holds one. */
		refcount_dec(&port->ref);
	}
	spin_unlock(&port->lock);
	if (ok)
		rc->handoff = reply;
	return ok;
}

/*
 * The reply of a kernel object: to the receive at once, or queued (out of
 * the caller's frame first).
 */
static void xnu_msg_send_reply(struct xnu_kmsg *reply, struct xnu_msg_rcv *rc,
			       struct xnu_space *space,
			       struct xnu_deferred *d)
{
	if (rc && xnu_msg_handoff(reply, rc, space))
		return;
	xnu_kmsg_send_kernel(xnu_kmsg_unstack(reply), d);
}

/**
 * struct xnu_msg_bufs - room in the trap's frame for a small simple
 * request to a passive kernel object and for its reply (no allocation)
 * @request:	the request's
 * @reply:	the reply's
 */
struct xnu_msg_bufs {
	struct xnu_kmsg_buf request;
	struct xnu_kmsg_buf reply;
};

/*
 * Send the message at @a->msg. A message that could not be queued (timed
 * out, interrupted, no room at all) comes back to the sender's buffer with
 * its rights in the sender's space (XNU's pseudo-receive), and the send
 * error is returned with the copy-out's MACH_MSG_IPC_* / VM_* bits. With
 * @rc, the receive name is resolved on the way and a kernel reply may be
 * handed to the receive directly.
 */
static mach_msg_return_t xnu_msg_send(struct xnu_space *space,
				      const struct xnu_mach_msg_args *a,
				      mach_msg_option_t option,
				      struct xnu_msg_rcv *rc,
				      struct xnu_msg_bufs *bufs,
				      struct xnu_deferred *d)
{
	struct xnu_kmsg *kmsg, *reply;
	struct xnu_port *async = NULL;
	mach_msg_return_t mr, cr;

	if (rc) {
		mr = xnu_kmsg_copyin_user_rcv(space, a->msg, a->send_size,
					      option, &bufs->request, &kmsg,
					      rc->name,
					      &rc->port, &rc->pset, &rc->mr, d);
		rc->resolved = mr == MACH_MSG_SUCCESS;
	} else {
		mr = xnu_kmsg_copyin_user(space, a->msg, a->send_size, option,
					  &bufs->request, &kmsg, d);
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr;

	/* XNU's ipc_kmsg_send(): a message closing a cycle is destroyed. */
	if (kmsg->flags & XNU_KMSG_F_CIRCULAR) {
		xnu_defer_kmsg_destroy(d, kmsg);
		return MACH_MSG_SUCCESS;
	}
	if (xnu_port_is_passive(kmsg->dest) && READ_ONCE(kmsg->dest->active)) {
		if (!xnu_kobject_async_oneway(kmsg)) {
			reply = xnu_kobject_invoke_buf(kmsg->dest, kmsg,
						       &bufs->reply, d);
			if (reply)
				xnu_msg_send_reply(reply, rc, space, d);
			return MACH_MSG_SUCCESS;
		}
		/* One-way, served by the kernel's worker: queued first. */
		async = kmsg->dest;
		xnu_port_get(async);
	}

	kmsg = xnu_kmsg_unstack(kmsg);
	xnu_kmsg_keep_sender(kmsg);
	mr = xnu_mqueue_send(kmsg, option, a->timeout, d);
	if (async) {
		if (mr == MACH_MSG_SUCCESS)
			xnu_kobject_async_kick(async);
		xnu_port_put(async);
	}
	if (mr != MACH_SEND_TIMED_OUT && mr != MACH_SEND_INTERRUPTED &&
	    mr != MACH_SEND_NO_BUFFER)
		return mr;
	if (fatal_signal_pending(current)) {
		xnu_kmsg_destroy(kmsg, d);
		return mr;
	}
	cr = xnu_kmsg_copyout_user(space, kmsg, a->msg, MACH_SEND_MSG,
				   MACH_PORT_NULL, 0, d);
	/* As XNU, a buffer that cannot be written back is not reported. */
	if (cr != MACH_RCV_INVALID_DATA)
		mr |= cr;
	return mr;
}

/* ---- receive ------------------------------------------------------------------ */

/* The receive right or port set @name names in @space, with a reference. */
static mach_msg_return_t xnu_msg_rcv_object(struct xnu_space *space,
					    mach_port_name_t name,
					    struct xnu_port **portp,
					    struct xnu_pset **psetp)
{
	mach_msg_return_t mr;

	mutex_lock(&space->lock);
	mr = xnu_msg_rcv_object_locked(space, name, portp, psetp);
	mutex_unlock(&space->lock);
	return mr;
}

/*
 * What the send's copy-in resolved still holds once the send is done
 * (the send may have changed the space: a kernel object's routine, a
 * receive right moved)? Otherwise resolve @rc->name again.
 */
static mach_msg_return_t xnu_msg_rcv_resolve(struct xnu_space *space,
					     struct xnu_msg_rcv *rc)
{
	struct xnu_port *port = rc->port;
	bool same = false;

	if (rc->resolved && port) {
		spin_lock(&port->lock);
		same = port->active && port->receiver == space &&
		       port->rcv_name == rc->name;
		spin_unlock(&port->lock);
	} else if (rc->resolved && rc->pset) {
		same = READ_ONCE(rc->pset->active);
	}
	if (same)
		return MACH_MSG_SUCCESS;
	if (port)
		xnu_port_put(port);
	if (rc->pset)
		xnu_pset_put(rc->pset);
	rc->resolved = false;
	return xnu_msg_rcv_object(space, rc->name, &rc->port, &rc->pset);
}

/*
 * MACH_RCV_TOO_LARGE with MACH_RCV_LARGE: the message stays queued, and
 * the buffer learns the size needed (when it reaches msgh_remote_port)
 * and, with MACH_RCV_LARGE_IDENTITY, the name of the port holding the
 * message (when it reaches msgh_voucher_port), as XNU's
 * mach_msg_receive_too_large() writes them.
 */
static mach_msg_return_t xnu_msg_rcv_large(u64 buf, u32 rcv_size,
					   mach_msg_option_t option,
					   mach_msg_size_t needed,
					   mach_port_name_t name)
{
	u8 __user *ubuf = u64_to_user_ptr(buf);
	mach_msg_return_t mr = MACH_RCV_TOO_LARGE;

	if ((option & MACH_RCV_LARGE_IDENTITY) &&
	    rcv_size >= offsetof(mach_msg_header_t, msgh_voucher_port) &&
	    copy_to_user(ubuf + offsetof(mach_msg_header_t, msgh_local_port),
			 &name, sizeof(name)))
		mr = MACH_RCV_INVALID_DATA;
	if (rcv_size >= offsetof(mach_msg_header_t, msgh_remote_port) &&
	    copy_to_user(ubuf + offsetof(mach_msg_header_t, msgh_size),
			 &needed, sizeof(needed)))
		mr = MACH_RCV_INVALID_DATA;
	return mr;
}

/* Receive into @a->rcv_msg (or @a->msg) from the port or set @rc->name. */
static mach_msg_return_t xnu_msg_receive(struct xnu_space *space,
					 const struct xnu_mach_msg_args *a,
					 mach_msg_option_t option,
					 struct xnu_msg_rcv *rc,
					 struct xnu_deferred *d)
{
	u64 buf = a->rcv_msg ? a->rcv_msg : a->msg;
	struct xnu_rcv rcv = {
		.option = option,
		.timeout_ms = a->timeout,
		.max_size = rc->max_size,
	};
	mach_port_name_t from = rc->name;
	struct xnu_port *src;
	mach_msg_return_t mr;
	u64 context;

	if (rc->handoff) {
		/* The kernel reply, straight from the send. */
		rcv.kmsg = rc->handoff;
		rc->handoff = NULL;
		return xnu_kmsg_copyout_user(space, rcv.kmsg, buf, option,
					     from, READ_ONCE(rc->port->context),
					     d);
	}
	if (XNU_RCV_TRAILER_TYPE(option) != MACH_MSG_TRAILER_FORMAT_0)
		return MACH_RCV_INVALID_TRAILER;
	mr = xnu_msg_rcv_resolve(space, rc);
	if (mr != MACH_MSG_SUCCESS)
		return mr;

	mr = xnu_mqueue_receive(space, rc->port, rc->pset, &rcv);
	src = rcv.port ? rcv.port : rc->port;
	if (src)
		from = READ_ONCE(src->rcv_name);
	context = src ? READ_ONCE(src->context) : 0;

	if (mr == MACH_MSG_SUCCESS && !WARN_ON_ONCE(!rcv.kmsg))
		mr = xnu_kmsg_copyout_user(space, rcv.kmsg, buf, option, from,
					   context, d);
	else if (mr == MACH_RCV_TOO_LARGE && rcv.kmsg)
		mr = xnu_kmsg_receive_error(space, rcv.kmsg, buf, a->rcv_size,
					    option, context, mr, d);
	else if (mr == MACH_RCV_TOO_LARGE)
		mr = xnu_msg_rcv_large(buf, a->rcv_size, option, rcv.needed,
				       from);

	if (rcv.port)
		xnu_port_put(rcv.port);
	return mr;
}

/* ---- the trap ------------------------------------------------------------------- */

/**
 * xnu_trap_mach_msg() - XNU_TRAP_MACH_MSG: mach_msg_overwrite()
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_msg_args (kernel copy)
 *
 * Sends when MACH_SEND_MSG is set, then, if the send succeeded (or there
 * was none), receives when MACH_RCV_MSG is set. Both act on the calling
 * task's own space. A message to a kernel-object port runs its routine in
 * this thread, and its reply is received in the same call (straight from
 * the routine when it is for the port received on and nothing else is
 * queued there). Notifications and destructions the call causes run before
 * it returns; no lock is held while it waits.
 *
 * Return: a mach_msg_return_t (KERN_INVALID_ARGUMENT for non-zero flags or
 * reserved fields), or -EBADFD / -ENOMEM when the task cannot be bound.
 */
long xnu_trap_mach_msg(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_msg_args *a = arg;
	mach_msg_option_t option = (mach_msg_option_t)a->option;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct xnu_msg_rcv rc = { .name = a->rcv_name };
	/* Not cleared (INIT_STACK_ALL_ZERO): each use writes what it reads. */
	struct xnu_msg_bufs bufs __uninitialized;
	struct xnu_deferred d;
	struct xnu_task *task;
	bool rcv;

	if (a->flags || a->reserved)
		return KERN_INVALID_ARGUMENT;
	task = xnu_task_current(xf);
	if (IS_ERR(task))
		return PTR_ERR(task);
	option &= ~XNU_MSG_OPTIONS_KERNEL;
	xnu_deferred_init(&d);
	bufs.request.used = false;
	bufs.reply.used = false;
	rcv = (option & MACH_RCV_MSG) &&
	      XNU_RCV_TRAILER_TYPE(option) == MACH_MSG_TRAILER_FORMAT_0;
	rc.max_size = xnu_msg_max_size(a, option);

	if (option & MACH_SEND_MSG) {
		mr = xnu_msg_send(task->space, a, option, rcv ? &rc : NULL,
				  &bufs, &d);
		xnu_deferred_run(&d);
	}
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG)) {
		mr = xnu_msg_receive(task->space, a, option, &rc, &d);
		xnu_deferred_run(&d);
	}
	if (rc.handoff)
		xnu_kmsg_destroy(rc.handoff, &d);
	if (rc.port)
		xnu_port_put(rc.port);
	if (rc.pset)
		xnu_pset_put(rc.pset);
	xnu_deferred_run(&d);
	return mr;
}
