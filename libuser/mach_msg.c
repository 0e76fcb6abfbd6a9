// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mach_msg.c - mach_msg() and its relatives: the bare traps
 * (mach_msg_trap(), mach_msg_overwrite_trap()), the library calls that
 * restart interrupted sends and receives as Darwin's libsyscall does
 * (mach_msg(), mach_msg_overwrite(), mach_msg_send(), mach_msg_receive()),
 * mach_msg_destroy(), and the generic MIG server loops mach_msg_server()
 * and mach_msg_server_once().
 *
 * A message travels in the user layout: the module reads the message from
 * the caller's buffer and writes the received one into it (uapi
 * xnu_mach_traps.h), so nothing here touches message contents except
 * mach_msg_destroy() and the server loops.
 */
#include <stdint.h>
#include <string.h>

#include <mach/mach.h>

#include "mach_private.h"

/* The options the library implements; the kernel never sees them. */
#define LIBMACH_OPTIONS		(MACH_SEND_INTERRUPT | MACH_RCV_INTERRUPT)

/* ---- the trap --------------------------------------------------------------- */

static mach_msg_return_t msg_trap(mach_msg_header_t *msg,
				  mach_msg_option_t option,
				  mach_msg_size_t send_size,
				  mach_msg_size_t rcv_size,
				  mach_port_name_t rcv_name,
				  mach_msg_timeout_t timeout,
				  mach_port_name_t notify,
				  mach_msg_header_t *rcv_msg)
{
	struct xnu_mach_msg_args a = {
		.msg = (uintptr_t)msg,
		.rcv_msg = (uintptr_t)rcv_msg,
		.option = (uint32_t)option,
		.send_size = send_size,
		.rcv_size = rcv_size,
		.rcv_name = rcv_name,
		.timeout = timeout,
		.notify = notify,
	};
	int ret = xnucross_trap(XNU_TRAP_MACH_MSG, &a);

	if (ret >= 0)
		return ret;
	/* No module, no ports: nothing could be sent or received. */
	return (option & MACH_SEND_MSG) ? MACH_SEND_INVALID_DEST :
					  MACH_RCV_INVALID_NAME;
}

mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
				mach_msg_option_t option,
				mach_msg_size_t send_size,
				mach_msg_size_t rcv_size,
				mach_port_name_t rcv_name,
				mach_msg_timeout_t timeout,
				mach_port_name_t notify)
{
	return msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
			notify, NULL);
}

mach_msg_return_t mach_msg_overwrite_trap(mach_msg_header_t *msg,
					  mach_msg_option_t option,
					  mach_msg_size_t send_size,
					  mach_msg_size_t rcv_size,
					  mach_port_name_t rcv_name,
					  mach_msg_timeout_t timeout,
					  mach_port_name_t notify,
					  mach_msg_header_t *rcv_msg,
					  mach_msg_size_t rcv_limit)
{
	(void)rcv_limit;
	return msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
			notify, rcv_msg);
}

/* ---- mach_msg() with restarts ---------------------------------------------- */

/* The options of a receive-only retry once the send half is done. */
static mach_msg_option_t rcv_retry_options(mach_msg_option_t option)
{
	if ((option & MACH_SEND_MSG) && (option & MACH_RCV_MSG))
		option &= ~MACH_RCV_SYNC_WAIT;
	return option & ~(LIBMACH_OPTIONS | MACH_SEND_MSG);
}

/*
 * One trap, then: a send interrupted by a signal is tried again (the
 * module gave the message back, as XNU's pseudo-receive does) unless the
 * caller asked for MACH_SEND_INTERRUPT; a receive interrupted after the
 * send was done is tried again, receive only, unless MACH_RCV_INTERRUPT.
 */
static mach_msg_return_t msg_restarting(mach_msg_header_t *msg,
					mach_msg_option_t option,
					mach_msg_size_t send_size,
					mach_msg_size_t rcv_size,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					mach_port_name_t notify,
					mach_msg_header_t *rcv_msg)
{
	mach_msg_option_t trap_option = option & ~LIBMACH_OPTIONS;
	mach_msg_return_t mr;

	mr = msg_trap(msg, trap_option, send_size, rcv_size, rcv_name,
		      timeout, notify, rcv_msg);
	if (mr == MACH_MSG_SUCCESS)
		return mr;
	if (!(option & MACH_SEND_INTERRUPT)) {
		while (mr == MACH_SEND_INTERRUPTED)
			mr = msg_trap(msg, trap_option, send_size, rcv_size,
				      rcv_name, timeout, notify, rcv_msg);
	}
	if (!(option & MACH_RCV_INTERRUPT)) {
		while (mr == MACH_RCV_INTERRUPTED)
			mr = msg_trap(msg, rcv_retry_options(option), 0,
				      rcv_size, rcv_name, timeout, notify,
				      rcv_msg);
	}
	return mr;
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size,
			   mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	return msg_restarting(msg, option, send_size, rcv_size, rcv_name,
			      timeout, notify, NULL);
}

mach_msg_return_t mach_msg_overwrite(mach_msg_header_t *msg,
				     mach_msg_option_t option,
				     mach_msg_size_t send_size,
				     mach_msg_size_t rcv_size,
				     mach_port_name_t rcv_name,
				     mach_msg_timeout_t timeout,
				     mach_port_name_t notify,
				     mach_msg_header_t *rcv_msg,
				     mach_msg_size_t rcv_limit)
{
	(void)rcv_limit;
	return msg_restarting(msg, option, send_size, rcv_size, rcv_name,
			      timeout, notify, rcv_msg);
}

mach_msg_return_t mach_msg_send(mach_msg_header_t *msg)
{
	return mach_msg(msg, MACH_SEND_MSG, msg->msgh_size, 0, MACH_PORT_NULL,
			MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

mach_msg_return_t mach_msg_receive(mach_msg_header_t *msg)
{
	return mach_msg(msg, MACH_RCV_MSG, 0, msg->msgh_size,
			msg->msgh_local_port, MACH_MSG_TIMEOUT_NONE,
			MACH_PORT_NULL);
}

/* ---- mach_msg_destroy() ------------------------------------------------------ */

/* mach_task_self(), asked once per mach_msg_destroy() and only if needed. */
struct destroy_ctx {
	mach_port_t self;
	int have_self;
};

static mach_port_t ctx_self(struct destroy_ctx *c)
{
	if (!c->have_self) {
		c->self = mach_task_self();
		c->have_self = 1;
	}
	return c->self;
}

/*
 * Release one right as the message's disposition says: a right the message
 * holds (MOVE_*: received, or about to be moved) is released, a right it
 * would make (MAKE_*) is made and released, as if the message had been
 * sent and destroyed. COPY_SEND takes nothing from the sender.
 */
static void destroy_port(struct destroy_ctx *c, mach_port_t port,
			 mach_msg_type_name_t type)
{
	mach_msg_type_name_t so_type;
	mach_port_t so;

	if (!MACH_PORT_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		mach_port_deallocate(ctx_self(c), port);
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		mach_port_mod_refs(ctx_self(c), port, MACH_PORT_RIGHT_RECEIVE,
				   -1);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		if (mach_port_insert_right(ctx_self(c), port, port,
					   MACH_MSG_TYPE_MAKE_SEND) ==
		    KERN_SUCCESS)
			mach_port_deallocate(ctx_self(c), port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (mach_port_extract_right(ctx_self(c), port,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE, &so,
					    &so_type) == KERN_SUCCESS)
			mach_port_deallocate(ctx_self(c), so);
		break;
	default:
		break;
	}
}

static void destroy_ool_ports(struct destroy_ctx *c,
			      const mach_msg_ool_ports_descriptor_t *d)
{
	const mach_port_t *ports = d->address;
	mach_msg_size_t i;

	if (!ports)
		return;
	for (i = 0; i < d->count; i++)
		destroy_port(c, ports[i], d->disposition);
	if (d->deallocate && d->count)
		xnucross_vm_free((uintptr_t)ports,
				 (mach_vm_size_t)d->count * sizeof(mach_port_t));
}

/* Release one descriptor; returns its size, or 0 for an unknown type. */
static size_t destroy_descriptor(struct destroy_ctx *c,
				 const mach_msg_descriptor_t *d)
{
	switch (d->type.type) {
	case MACH_MSG_PORT_DESCRIPTOR:
		destroy_port(c, d->port.name, d->port.disposition);
		return sizeof(d->port);
	case MACH_MSG_OOL_DESCRIPTOR:
		if (d->out_of_line.deallocate && d->out_of_line.size)
			xnucross_vm_free((uintptr_t)d->out_of_line.address,
					 d->out_of_line.size);
		return sizeof(d->out_of_line);
	case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
		return sizeof(d->out_of_line);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		destroy_ool_ports(c, &d->ool_ports);
		return sizeof(d->ool_ports);
	case MACH_MSG_GUARDED_PORT_DESCRIPTOR:
		destroy_port(c, d->guarded_port.name,
			     d->guarded_port.disposition);
		return sizeof(d->guarded_port);
	default:
		return 0;
	}
}

/*
 * Release what a message carries: the right in msgh_remote_port (in a
 * received message, the reply right), the voucher, and every descriptor's
 * rights and out-of-line memory (when marked deallocate). msgh_local_port
 * holds no right. Descriptors are walked as Darwin does, by their count;
 * the walk stops at a descriptor type it does not know.
 */
void mach_msg_destroy(mach_msg_header_t *msg)
{
	struct destroy_ctx c = { MACH_PORT_NULL, 0 };
	mach_msg_bits_t bits = msg->msgh_bits;
	const mach_msg_base_t *base;
	const unsigned char *p;
	mach_msg_size_t i;
	size_t len;

	destroy_port(&c, msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(bits));
	destroy_port(&c, msg->msgh_voucher_port, MACH_MSGH_BITS_VOUCHER(bits));
	if (!(bits & MACH_MSGH_BITS_COMPLEX))
		return;
	base = (const mach_msg_base_t *)msg;
	p = (const unsigned char *)(base + 1);
	for (i = 0; i < base->body.msgh_descriptor_count; i++) {
		len = destroy_descriptor(&c, (const mach_msg_descriptor_t *)p);
		if (!len)
			return;
		p += len;
	}
}

/* ---- the generic MIG servers ------------------------------------------------ */

typedef boolean_t (*server_demux_t)(mach_msg_header_t *, mach_msg_header_t *);

/* A reply's result: a complex reply succeeded (it has no RetCode). */
static kern_return_t reply_code(const mig_reply_error_t *reply)
{
	if (reply->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return KERN_SUCCESS;
	return reply->RetCode;
}

/*
 * After the demux: a request the routine refused is destroyed, except
 * its reply right (MIG moved that into the reply); a MIG_NO_REPLY reply
 * is not sent.
 */
static void server_after_demux(mig_reply_error_t *req, mig_reply_error_t *rep)
{
	switch (reply_code(rep)) {
	case KERN_SUCCESS:
		break;
	case MIG_NO_REPLY:
		rep->Head.msgh_remote_port = MACH_PORT_NULL;
		break;
	default:
		req->Head.msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(&req->Head);
		break;
	}
}

/*
 * A reply to a send right could block on a full queue if the client does
 * not receive: such replies are sent with a zero send timeout.
 */
static mach_msg_option_t reply_options(const mig_reply_error_t *rep,
				       mach_msg_options_t options)
{
	options |= MACH_SEND_MSG;
	if (MACH_MSGH_BITS_REMOTE(rep->Head.msgh_bits) !=
	    MACH_MSG_TYPE_MOVE_SEND_ONCE)
		options |= MACH_SEND_TIMEOUT;
	return options;
}

/* The send failed but the message is whole: release what it carries. */
static int send_error_recoverable(mach_msg_return_t mr)
{
	return mr == MACH_SEND_INVALID_DEST || mr == MACH_SEND_TIMED_OUT ||
	       mr == MACH_SEND_INTERRUPTED;
}

static void consume_unsent(mach_msg_header_t *hdr)
{
	mach_port_t port = hdr->msgh_local_port;
	mach_msg_type_name_t type = MACH_MSGH_BITS_LOCAL(hdr->msgh_bits);

	if (MACH_PORT_VALID(port) && (type == MACH_MSG_TYPE_MOVE_SEND ||
				      type == MACH_MSG_TYPE_MOVE_SEND_ONCE)) {
		mach_port_deallocate(mach_task_self(), port);
		hdr->msgh_local_port = MACH_PORT_NULL;
	}
	mach_msg_destroy(hdr);
}

/* Buffers of the server loops, whole pages from vm_allocate(). */
struct server_bufs {
	mig_reply_error_t *req;
	mig_reply_error_t *rep;
	mach_vm_size_t req_alloc;
	mach_vm_size_t rep_alloc;
	mach_msg_size_t req_size;	/* receive limit */
	mach_msg_size_t trailer;	/* trailer bytes asked for */
};

static mach_vm_size_t round_to_page(mach_vm_size_t n)
{
	mach_vm_size_t mask = xnucross_page_size() - 1;

	return (n + mask) & ~mask;
}

static void *buf_alloc(mach_vm_size_t size)
{
	mach_vm_address_t addr = 0;

	if (xnucross_vm_alloc(&addr, size) != KERN_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)addr;
}

static void buf_free(void *p, mach_vm_size_t size)
{
	if (p)
		xnucross_vm_free((uintptr_t)p, size);
}

static kern_return_t server_bufs_init(struct server_bufs *b,
				      mach_msg_size_t max_size,
				      mach_msg_options_t options)
{
	mach_vm_size_t rep = max_size;

	memset(b, 0, sizeof(*b));
	b->trailer = REQUESTED_TRAILER_SIZE(options);
	b->req_alloc = round_to_page((mach_vm_size_t)max_size + b->trailer);
	if (b->req_alloc > UINT32_MAX)
		return KERN_INVALID_ARGUMENT;
	b->req_size = (options & MACH_RCV_LARGE) ?
		      (mach_msg_size_t)b->req_alloc : max_size + b->trailer;
	if (options & MACH_SEND_TRAILER)
		rep += MAX_TRAILER_SIZE;
	b->rep_alloc = round_to_page(rep);
	b->rep = buf_alloc(b->rep_alloc);
	b->req = buf_alloc(b->req_alloc);
	if (!b->rep || !b->req)
		return KERN_RESOURCE_SHORTAGE;
	return KERN_SUCCESS;
}

/* MACH_RCV_TOO_LARGE with MACH_RCV_LARGE: a request buffer that fits. */
static kern_return_t server_grow_req(struct server_bufs *b)
{
	mach_vm_size_t size;

	size = round_to_page((mach_vm_size_t)b->req->Head.msgh_size +
			     b->trailer);
	if (size > UINT32_MAX)
		return KERN_RESOURCE_SHORTAGE;
	buf_free(b->req, b->req_alloc);
	b->req_alloc = size;
	b->req_size = (mach_msg_size_t)size;
	b->req = buf_alloc(size);
	return b->req ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

static void server_bufs_free(struct server_bufs *b)
{
	buf_free(b->req, b->req_alloc);
	buf_free(b->rep, b->rep_alloc);
}

static mach_msg_return_t server_receive(struct server_bufs *b,
					mach_port_t rcv_name,
					mach_msg_options_t options)
{
	mach_msg_return_t mr;

	for (;;) {
		mr = mach_msg(&b->req->Head, MACH_RCV_MSG | options, 0,
			      b->req_size, rcv_name, MACH_MSG_TIMEOUT_NONE,
			      MACH_PORT_NULL);
		if (mr != MACH_RCV_TOO_LARGE || !(options & MACH_RCV_LARGE))
			return mr;
		mr = server_grow_req(b);
		if (mr != KERN_SUCCESS)
			return mr;
	}
}

/* The buffers, then the first request. */
static mach_msg_return_t server_start(struct server_bufs *b,
				      mach_msg_size_t max_size,
				      mach_port_t rcv_name,
				      mach_msg_options_t options)
{
	mach_msg_return_t mr = server_bufs_init(b, max_size, options);

	if (mr == KERN_SUCCESS)
		mr = server_receive(b, rcv_name, options);
	return mr;
}

/* Run the demux on the request in @b and fill the reply buffer. */
static void server_handle(struct server_bufs *b, server_demux_t demux)
{
	memset(&b->rep->Head, 0, sizeof(b->rep->Head));
	demux(&b->req->Head, &b->rep->Head);
	server_after_demux(b->req, b->rep);
}

mach_msg_return_t mach_msg_server_once(server_demux_t demux,
				       mach_msg_size_t max_size,
				       mach_port_t rcv_name,
				       mach_msg_options_t options)
{
	struct server_bufs b;
	mach_msg_return_t mr;

	options &= ~(MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_VOUCHER);
	mr = server_start(&b, max_size, rcv_name, options);
	if (mr == MACH_MSG_SUCCESS) {
		server_handle(&b, demux);
		if (b.rep->Head.msgh_remote_port != MACH_PORT_NULL) {
			mr = mach_msg(&b.rep->Head, reply_options(b.rep, options),
				      b.rep->Head.msgh_size, 0, MACH_PORT_NULL,
				      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
			if (send_error_recoverable(mr)) {
				consume_unsent(&b.rep->Head);
				mr = MACH_MSG_SUCCESS;
			}
		}
	}
	server_bufs_free(&b);
	return mr;
}

/*
 * Send the reply, if there is one, and get the next request: both in one
 * call that only polls for the request (MACH_RCV_TIMEOUT with 0); when
 * nothing is queued, or the reply could not be sent, a plain receive.
 */
static mach_msg_return_t server_reply_and_receive(struct server_bufs *b,
						  mach_port_t rcv_name,
						  mach_msg_options_t options)
{
	mach_msg_return_t mr;

	if (b->rep->Head.msgh_remote_port == MACH_PORT_NULL)
		return server_receive(b, rcv_name, options);
	mr = mach_msg_overwrite(&b->rep->Head,
				reply_options(b->rep, options) | MACH_RCV_MSG |
				MACH_RCV_TIMEOUT,
				b->rep->Head.msgh_size, b->req_size, rcv_name,
				MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL,
				&b->req->Head, 0);
	if (send_error_recoverable(mr)) {
		consume_unsent(&b->rep->Head);
		return server_receive(b, rcv_name, options);
	}
	if (mr == MACH_RCV_TIMED_OUT)
		return server_receive(b, rcv_name, options);
	if (mr == MACH_RCV_TOO_LARGE && (options & MACH_RCV_LARGE)) {
		mr = server_grow_req(b);
		if (mr == KERN_SUCCESS)
			mr = server_receive(b, rcv_name, options);
	}
	return mr;
}

/* Serve requests until a receive or a reply fails. */
mach_msg_return_t mach_msg_server(server_demux_t demux,
				  mach_msg_size_t max_size,
				  mach_port_t rcv_name,
				  mach_msg_options_t options)
{
	struct server_bufs b;
	mach_msg_return_t mr;

	options &= ~(MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_VOUCHER);
	mr = server_start(&b, max_size, rcv_name, options);
	while (mr == MACH_MSG_SUCCESS) {
		server_handle(&b, demux);
		mr = server_reply_and_receive(&b, rcv_name, options);
	}
	server_bufs_free(&b);
	return mr;
}
