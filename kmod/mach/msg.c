// SPDX-License-Identifier: GPL-2.0
/*
 * msg.c - the mach_msg trap (mach_msg() and mach_msg_overwrite()): an
 * optional send - queued on a port, or run at once in the caller's thread
 * for a kernel object - then an optional receive from a port or a port
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

/* ---- send ------------------------------------------------------------------ */

/*
 * Send the message at @a->msg. A message that could not be queued (timed
 * out, interrupted) comes back to the sender's buffer with its rights in
 * the sender's space (XNU's pseudo-receive), and the send error is
 * returned with the copy-out's MACH_MSG_IPC_* / VM_* bits.
 */
static mach_msg_return_t xnu_msg_send(struct xnu_space *space,
				      const struct xnu_mach_msg_args *a,
				      mach_msg_option_t option,
				      struct xnu_deferred *d)
{
	struct xnu_kmsg *kmsg, *reply;
	mach_msg_return_t mr, cr;

	mr = xnu_kmsg_copyin_user(space, a->msg, a->send_size, option, &kmsg,
				  d);
	if (mr != MACH_MSG_SUCCESS)
		return mr;

	if (xnu_port_is_passive(kmsg->dest) && READ_ONCE(kmsg->dest->active)) {
		reply = xnu_kobject_invoke(kmsg->dest, kmsg, d);
		if (reply)
			xnu_kmsg_send_kernel(reply, d);
		return MACH_MSG_SUCCESS;
	}

	mr = xnu_mqueue_send(kmsg, option, a->timeout, d);
	if (mr != MACH_SEND_TIMED_OUT && mr != MACH_SEND_INTERRUPTED)
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
	mach_msg_return_t mr = MACH_RCV_INVALID_NAME;
	struct xnu_entry *entry;

	*portp = NULL;
	*psetp = NULL;
	mutex_lock(&space->lock);
	entry = space->active ? xnu_entry_lookup(space, name) : NULL;
	if (entry) {
		xnu_entry_check(space, entry);
		if (entry->type & MACH_PORT_TYPE_RECEIVE) {
			*portp = entry->port;
			xnu_port_get(entry->port);
			mr = MACH_MSG_SUCCESS;
		} else if (entry->type & MACH_PORT_TYPE_PORT_SET) {
			*psetp = entry->pset;
			refcount_inc(&entry->pset->ref);
			mr = MACH_MSG_SUCCESS;
		}
	}
	mutex_unlock(&space->lock);
	return mr;
}

/*
 * MACH_RCV_TOO_LARGE with MACH_RCV_LARGE: the message stays queued; a
 * buffer that reaches msgh_voucher_port learns the size needed (and with
 * MACH_RCV_LARGE_IDENTITY the name of the port holding the message), as
 * XNU's mach_msg_receive_results() writes them.
 */
static mach_msg_return_t xnu_msg_rcv_large(u64 buf, u32 rcv_size,
					   mach_msg_option_t option,
					   mach_msg_size_t needed,
					   mach_port_name_t name)
{
	u8 __user *ubuf = u64_to_user_ptr(buf);
	mach_msg_return_t mr = MACH_RCV_TOO_LARGE;

	if (rcv_size < offsetof(mach_msg_header_t, msgh_voucher_port))
		return mr;
	if ((option & MACH_RCV_LARGE_IDENTITY) &&
	    copy_to_user(ubuf + offsetof(mach_msg_header_t, msgh_local_port),
			 &name, sizeof(name)))
		mr = MACH_RCV_INVALID_DATA;
	if (copy_to_user(ubuf + offsetof(mach_msg_header_t, msgh_size),
			 &needed, sizeof(needed)))
		mr = MACH_RCV_INVALID_DATA;
	return mr;
}

/*
 * Consume the destination right of @kmsg, received in @space: the receive
 * right's name, MACH_PORT_NULL when it left the space, MACH_PORT_DEAD when
 * the port died (XNU's ipc_object_copyout_dest()).
 */
static mach_port_name_t xnu_msg_dest_name(struct xnu_space *space,
					  struct xnu_kmsg *kmsg,
					  struct xnu_deferred *d)
{
	struct xnu_port *dest = kmsg->dest;
	mach_port_name_t name = MACH_PORT_DEAD;
	bool active = false, here = false;

	kmsg->dest = NULL;
	if (!XNU_PORT_VALID(dest))
		return name;
	mutex_lock(&space->lock);
	spin_lock(&dest->lock);
	active = dest->active;
	here = dest->receiver == space;
	if (active)
		name = here ? dest->rcv_name : MACH_PORT_NULL;
	spin_unlock(&dest->lock);
	mutex_unlock(&space->lock);
	if (kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		xnu_port_release_send_once_ref(dest, active && !here, d);
	else
		xnu_port_release_send_ref(dest, d);
	return name;
}

/*
 * MACH_RCV_TOO_LARGE without MACH_RCV_LARGE: the message was dequeued. Its
 * destination is copied out, everything else destroyed, and a bare header
 * (msgh_size 24, the rest of the bits kept) with a minimal trailer carrying
 * the kernel's tokens is written, cut to the buffer (XNU's
 * msg_receive_error()).
 */
static mach_msg_return_t xnu_msg_rcv_error(struct xnu_space *space,
					   struct xnu_kmsg *kmsg, u64 buf,
					   u32 rcv_size,
					   mach_msg_option_t option,
					   u64 context,
					   struct xnu_deferred *d)
{
	u8 out[sizeof(mach_msg_header_t) + sizeof(mach_msg_max_trailer_t)];
	u32 tsize = REQUESTED_TRAILER_SIZE(option);
	mach_msg_max_trailer_t t = {};
	mach_msg_header_t h;

	memcpy(&h, kmsg->data, sizeof(h));
	h.msgh_local_port = xnu_msg_dest_name(space, kmsg, d);
	h.msgh_remote_port = kmsg->reply == XNU_PORT_DEAD ? MACH_PORT_DEAD :
							    MACH_PORT_NULL;
	h.msgh_bits = MACH_MSGH_BITS_SET(kmsg->reply_type, kmsg->dest_type, 0,
					 kmsg->bits);
	h.msgh_size = sizeof(h);
	h.msgh_voucher_port = MACH_PORT_NULL;

	t.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t.msgh_trailer_size = tsize;
	t.msgh_seqno = kmsg->seqno;
	t.msgh_sender.val[1] = 1;	/* KERNEL_SECURITY_TOKEN */
	t.msgh_context = context;
	xnu_kmsg_destroy(kmsg, d);

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), &t, tsize);
	if (copy_to_user(u64_to_user_ptr(buf), out,
			 min_t(u32, sizeof(h) + tsize, rcv_size)))
		return MACH_RCV_INVALID_DATA;
	return MACH_RCV_TOO_LARGE;
}

/* Receive into @a->rcv_msg (or @a->msg) from the port or set @a->rcv_name. */
static mach_msg_return_t xnu_msg_receive(struct xnu_space *space,
					 const struct xnu_mach_msg_args *a,
					 mach_msg_option_t option,
					 struct xnu_deferred *d)
{
	u64 buf = a->rcv_msg ? a->rcv_msg : a->msg;
	u32 tsize = REQUESTED_TRAILER_SIZE(option);
	struct xnu_rcv rcv = {
		.option = option,
		.timeout_ms = a->timeout,
		.max_size = a->rcv_size >= tsize ? a->rcv_size - tsize : 0,
	};
	mach_port_name_t from = a->rcv_name;
	struct xnu_port *port, *src;
	struct xnu_pset *pset;
	mach_msg_return_t mr;
	u64 context;

	if (XNU_RCV_TRAILER_TYPE(option) != MACH_MSG_TRAILER_FORMAT_0)
		return MACH_RCV_INVALID_TRAILER;
	mr = xnu_msg_rcv_object(space, a->rcv_name, &port, &pset);
	if (mr != MACH_MSG_SUCCESS)
		return mr;

	mr = xnu_mqueue_receive(space, port, pset, &rcv);
	src = rcv.port ? rcv.port : port;
	if (src)
		from = READ_ONCE(src->rcv_name);
	context = src ? READ_ONCE(src->context) : 0;

	if (mr == MACH_MSG_SUCCESS && !WARN_ON_ONCE(!rcv.kmsg))
		mr = xnu_kmsg_copyout_user(space, rcv.kmsg, buf, option, from,
					   context, d);
	else if (mr == MACH_RCV_TOO_LARGE && rcv.kmsg)
		mr = xnu_msg_rcv_error(space, rcv.kmsg, buf, a->rcv_size,
				       option, context, d);
	else if (mr == MACH_RCV_TOO_LARGE)
		mr = xnu_msg_rcv_large(buf, a->rcv_size, option, rcv.needed,
				       from);

	if (rcv.port)
		xnu_port_put(rcv.port);
	if (port)
		xnu_port_put(port);
	if (pset)
		xnu_pset_put(pset);
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
 * this thread and queues the reply, so a combined call receives it at once.
 * Notifications and destructions the call causes run before it returns;
 * no lock is held while it waits.
 *
 * Return: a mach_msg_return_t (KERN_INVALID_ARGUMENT for non-zero flags or
 * reserved fields), or -EBADFD / -ENOMEM when the task cannot be bound.
 */
long xnu_trap_mach_msg(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_msg_args *a = arg;
	mach_msg_option_t option = (mach_msg_option_t)a->option;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct xnu_deferred d;
	struct xnu_task *task;

	if (a->flags || a->reserved)
		return KERN_INVALID_ARGUMENT;
	task = xnu_task_current(xf);
	if (IS_ERR(task))
		return PTR_ERR(task);
	option &= ~XNU_MSG_OPTIONS_KERNEL;
	xnu_deferred_init(&d);

	if (option & MACH_SEND_MSG) {
		mr = xnu_msg_send(task->space, a, option, &d);
		xnu_deferred_run(&d);
	}
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG)) {
		mr = xnu_msg_receive(task->space, a, option, &d);
		xnu_deferred_run(&d);
	}
	return mr;
}
