// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg.c - Mach messages in flight: allocation and destruction, the
 * sender's tokens, copy-in of a user message (header and body rights,
 * out-of-line memory and port arrays) and copy-out to a receiver (rights
 * into its space, memory into its address space, names and addresses
 * rewritten, the trailer it asked for).
 *
 * A message stays in the user layout (header, body, descriptors, inline
 * data); the rights and regions its descriptors carry sit in kmsg->desc.
 * The order of checks and the error codes follow XNU's ipc_kmsg.c.
 */
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "mach_internal.h"

/* Guard flags a guarded port descriptor may carry (XNU's mask). */
#define XNU_GUARD_FLAGS_MASK \
	(MACH_MSG_GUARD_FLAGS_IMMOVABLE_RECEIVE | \
	 MACH_MSG_GUARD_FLAGS_UNGUARDED_ON_SEND)

/* Where the descriptors of a complex message start. */
#define XNU_KMSG_BASE_SIZE	(XNU_MACH_HEADER_SIZE + XNU_MACH_BODY_SIZE)

/* Messages (with trailer) up to this size are written out in one copy. */
#define XNU_KMSG_BOUNCE		256

/* ---- allocation ---------------------------------------------------------- */

static struct xnu_kmsg *xnu_kmsg_alloc_flags(mach_msg_size_t size, gfp_t gfp)
{
	struct xnu_kmsg *kmsg;

	kmsg = kvmalloc(sizeof(*kmsg) + size, gfp);
	if (!kmsg)
		return NULL;
	memset(kmsg, 0, sizeof(*kmsg));
	INIT_LIST_HEAD(&kmsg->link);
	kmsg->size = size;
	kmsg->data = (u8 *)(kmsg + 1);
	return kmsg;
}

/**
 * xnu_kmsg_alloc() - allocate a zeroed message
 * @size:	msgh_size: header and body bytes (at least a header)
 * @gfp:	allocation flags
 *
 * The message carries no rights; its sender is the kernel (the trailer
 * reports the kernel's tokens) until someone fills @kmsg->sender.
 *
 * Return: the message, or NULL on ENOMEM or a bad size.
 */
struct xnu_kmsg *xnu_kmsg_alloc(mach_msg_size_t size, gfp_t gfp)
{
	if (WARN_ON_ONCE(size < XNU_MACH_HEADER_SIZE) ||
	    size > XNU_MACH_MSG_SIZE_MAX)
		return NULL;
	return xnu_kmsg_alloc_flags(size, gfp | __GFP_ZERO);
}

/**
 * xnu_kmsg_free() - free a message's memory
 * @kmsg:	the message, or NULL
 *
 * Frees the descriptor table and the OOL port arrays with the message. The
 * rights and OOL regions must already be gone.
 */
void xnu_kmsg_free(struct xnu_kmsg *kmsg)
{
	u32 i;

	if (!kmsg)
		return;
	if (kmsg->desc) {
		for (i = 0; i < kmsg->ndesc; i++)
			kvfree(kmsg->desc[i].ports);
		kvfree(kmsg->desc);
	}
	kvfree(kmsg);
}

/* ---- destruction ------------------------------------------------------------ */

static void xnu_kmsg_release_right(struct xnu_kmsg_port *r,
				   struct xnu_deferred *d)
{
	if (XNU_PORT_VALID(r->port))
		xnu_right_release(r->port, r->type, d);
	r->port = NULL;
}

/* Release every right and region the body still holds. */
static void xnu_kmsg_clean_body(struct xnu_kmsg *kmsg, struct xnu_deferred *d)
{
	struct xnu_kmsg_desc *desc;
	u32 i, k;

	for (i = 0; i < kmsg->ndesc; i++) {
		desc = &kmsg->desc[i];
		xnu_kmsg_release_right(&desc->right, d);
		xnu_ool_free(desc->ool);
		desc->ool = NULL;
		if (!desc->ports)
			continue;
		for (k = 0; k < desc->count; k++)
			xnu_kmsg_release_right(&desc->ports[k], d);
		kvfree(desc->ports);
		desc->ports = NULL;
		desc->count = 0;
	}
}

/* The destination right of a message that is not received goes away. */
static void xnu_kmsg_release_dest(struct xnu_kmsg *kmsg,
				  struct xnu_deferred *d)
{
	struct xnu_port *dest = kmsg->dest;

	kmsg->dest = NULL;
	if (!XNU_PORT_VALID(dest))
		return;
	if (kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		xnu_port_release_send_once_ref(dest, true, d);
	else
		xnu_port_release_send_ref(dest, d);
}

/**
 * xnu_kmsg_destroy() - destroy a message and everything it carries
 * @kmsg:	the message, or NULL
 * @d:		where the resulting notifications and destructions go
 *
 * As XNU's ipc_kmsg_clean(): an unused send-once destination or reply
 * right sends a send-once notification, receive rights die (or go to their
 * port-destroyed requester), OOL regions are freed. No lock may be held.
 */
void xnu_kmsg_destroy(struct xnu_kmsg *kmsg, struct xnu_deferred *d)
{
	struct xnu_kmsg_port reply;

	if (!kmsg)
		return;
	xnu_kmsg_release_dest(kmsg, d);
	reply.port = kmsg->reply;
	reply.type = kmsg->reply_type;
	kmsg->reply = NULL;
	xnu_kmsg_release_right(&reply, d);
	xnu_kmsg_clean_body(kmsg, d);
	xnu_kmsg_free(kmsg);
}

/* ---- the sender's tokens ---------------------------------------------------- */

/**
 * xnu_sender_current() - the current task's security and audit tokens
 * @s:	out: the tokens
 *
 * Ids are the global ones (initial user and pid namespaces), as a kernel
 * object comparing them with kuids or pids expects; the audit uid is the
 * real uid, the audit session the session id, the pid version 0.
 */
void xnu_sender_current(struct xnu_sender *s)
{
	const struct cred *cred = current_cred();

	s->euid = from_kuid_munged(&init_user_ns, cred->euid);
	s->egid = from_kgid_munged(&init_user_ns, cred->egid);
	s->ruid = from_kuid_munged(&init_user_ns, cred->uid);
	s->rgid = from_kgid_munged(&init_user_ns, cred->gid);
	s->auid = s->ruid;
	s->pid = task_tgid_nr(current);
	s->asid = task_session_nr_ns(current, &init_pid_ns);
	s->pidversion = 0;
}

/* ---- descriptors in the user layout ------------------------------------------- */

/* The type of the descriptor at @p (the top byte of its third word). */
static u32 xnu_desc_type(const u8 *p)
{
	u32 word;

	memcpy(&word, p + 8, sizeof(word));
	return word >> 24;
}

static u32 xnu_desc_size(u32 kind)
{
	return kind == MACH_MSG_PORT_DESCRIPTOR ? XNU_MACH_PORT_DESC_SIZE :
						  XNU_MACH_OOL_DESC_SIZE;
}

/* The received type of a disposition (XNU's ipc_object_copyin_type()). */
static mach_msg_type_name_t xnu_copyin_type(mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return 0;
	}
}

/* Unmap the pages holding [uaddr, uaddr + size) from the current task. */
static void xnu_kmsg_unmap(u64 uaddr, u64 size)
{
	u64 start = uaddr & PAGE_MASK;
	u64 end = PAGE_ALIGN(uaddr + size);

	if (end > start)
		vm_munmap(start, end - start);
}

/* ---- copy-in ------------------------------------------------------------------ */

/**
 * struct xnu_copyin - one message being copied in
 * @space:	the sender's space
 * @d:		deferred work of the rights taken
 * @locked:	@space->lock is held (taken for rights, dropped for memory)
 */
struct xnu_copyin {
	struct xnu_space *space;
	struct xnu_deferred *d;
	bool locked;
};

static void xnu_copyin_lock(struct xnu_copyin *ci)
{
	if (!ci->locked) {
		mutex_lock(&ci->space->lock);
		ci->locked = true;
	}
}

static void xnu_copyin_unlock(struct xnu_copyin *ci)
{
	if (ci->locked) {
		mutex_unlock(&ci->space->lock);
		ci->locked = false;
	}
}

/*
 * Walk the @count descriptors by their real sizes (XNU's
 * ikm_check_descriptors()) and note where each starts.
 */
static mach_msg_return_t xnu_kmsg_scan(struct xnu_kmsg *kmsg, u32 count)
{
	u32 off = XNU_KMSG_BASE_SIZE;
	u32 i, type, kind;

	kmsg->desc = kvcalloc(count, sizeof(*kmsg->desc),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!kmsg->desc)
		return MACH_SEND_NO_BUFFER;
	kmsg->ndesc = count;

	for (i = 0; i < count; i++) {
		if (kmsg->size - off < XNU_MACH_PORT_DESC_SIZE)
			return MACH_SEND_MSG_TOO_SMALL;
		type = xnu_desc_type(kmsg->data + off);
		switch (type) {
		case MACH_MSG_PORT_DESCRIPTOR:
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		case MACH_MSG_GUARDED_PORT_DESCRIPTOR:
			kind = type;
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR:
			kind = MACH_MSG_OOL_DESCRIPTOR;
			break;
		default:
			return MACH_SEND_INVALID_TYPE;
		}
		if (kmsg->size - off < xnu_desc_size(kind))
			return MACH_SEND_MSG_TOO_SMALL;
		kmsg->desc[i].offset = off;
		kmsg->desc[i].kind = kind;
		off += xnu_desc_size(kind);
	}
	return MACH_MSG_SUCCESS;
}

static mach_msg_return_t
xnu_kmsg_check_guarded(const mach_msg_guarded_port_descriptor_t *g)
{
	u32 flags = g->flags;

	/* Only MOVE_RECEIVE, with valid flags (XNU). */
	if (!flags || (flags & ~XNU_GUARD_FLAGS_MASK) ||
	    ((flags & MACH_MSG_GUARD_FLAGS_UNGUARDED_ON_SEND) && g->context) ||
	    g->disposition != MACH_MSG_TYPE_MOVE_RECEIVE)
		return MACH_SEND_INVALID_TYPE;
	return MACH_MSG_SUCCESS;
}

/*
 * The checks XNU's ipc_kmsg_copyin_body() makes before taking anything
 * from the body: copy options, guard flags, sizes and the port count.
 */
static mach_msg_return_t xnu_kmsg_check_body(struct xnu_kmsg *kmsg)
{
	mach_msg_guarded_port_descriptor_t guarded;
	mach_msg_ool_ports_descriptor_t ports;
	mach_msg_ool_descriptor_t ool;
	mach_msg_return_t mr;
	u64 total = 0;
	u32 i;

	for (i = 0; i < kmsg->ndesc; i++) {
		const u8 *p = kmsg->data + kmsg->desc[i].offset;

		switch (kmsg->desc[i].kind) {
		case MACH_MSG_PORT_DESCRIPTOR:
			total++;
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
			memcpy(&ool, p, sizeof(ool));
			if (ool.copy != MACH_MSG_PHYSICAL_COPY &&
			    ool.copy != MACH_MSG_VIRTUAL_COPY)
				return MACH_SEND_INVALID_TYPE;
			if (ool.size > XNU_MACH_OOL_SIZE_MAX)
				return MACH_SEND_TOO_LARGE;
			break;
		case MACH_MSG_OOL_PORTS_DESCRIPTOR:
			memcpy(&ports, p, sizeof(ports));
			total += ports.count;
			if (ports.count > XNU_MACH_MSG_PORTS_MAX)
				return MACH_SEND_TOO_LARGE;
			break;
		case MACH_MSG_GUARDED_PORT_DESCRIPTOR:
			memcpy(&guarded, p, sizeof(guarded));
			mr = xnu_kmsg_check_guarded(&guarded);
			if (mr != MACH_MSG_SUCCESS)
				return mr;
			total++;
			break;
		}
	}
	/* XNU refuses 16383 (MACH_PORT_UREFS_MAX / 4) rights and more. */
	if (total >= XNU_MACH_MSG_PORTS_MAX)
		return MACH_SEND_TOO_LARGE;
	return MACH_MSG_SUCCESS;
}

/* Take one right named @name with @disp from the space into @r. */
static mach_msg_return_t xnu_kmsg_copyin_right(struct xnu_copyin *ci,
					       mach_port_name_t name,
					       mach_msg_type_name_t disp,
					       struct xnu_kmsg_port *r)
{
	kern_return_t kr;

	if (!MACH_PORT_VALID(name)) {
		r->port = name == MACH_PORT_DEAD ? XNU_PORT_DEAD : NULL;
		r->type = xnu_copyin_type(disp);
		return MACH_MSG_SUCCESS;
	}
	xnu_copyin_lock(ci);
	kr = xnu_right_copyin(ci->space, name, disp, true, &r->port, &r->type,
			      ci->d);
	if (kr != KERN_SUCCESS) {
		r->port = NULL;
		return MACH_SEND_INVALID_RIGHT;
	}
	return MACH_MSG_SUCCESS;
}

/* Read the names of an OOL port array (and unmap them when asked). */
static mach_msg_return_t
xnu_kmsg_read_names(const mach_msg_ool_ports_descriptor_t *u,
		    mach_port_name_t *names)
{
	u64 len = (u64)u->count * sizeof(*names);

	if (copy_from_user(names, u64_to_user_ptr(u->address), len))
		return MACH_SEND_INVALID_MEMORY;
	if (u->deallocate)
		xnu_kmsg_unmap(u->address, len);
	return MACH_MSG_SUCCESS;
}

/* Copy in an OOL port array: its names, then each right (XNU's order). */
static mach_msg_return_t xnu_kmsg_copyin_ports(struct xnu_copyin *ci,
					       struct xnu_kmsg_desc *desc,
					       const u8 *p)
{
	mach_msg_ool_ports_descriptor_t u;
	struct xnu_kmsg_port *ports = NULL;
	mach_port_name_t *names = NULL;
	mach_msg_return_t mr;
	u32 i = 0;

	memcpy(&u, p, sizeof(u));
	desc->right.type = xnu_copyin_type(u.disposition);
	if (u.copy != MACH_MSG_PHYSICAL_COPY && u.copy != MACH_MSG_VIRTUAL_COPY)
		return MACH_SEND_INVALID_TYPE;
	if (!u.count)
		return MACH_MSG_SUCCESS;

	xnu_copyin_unlock(ci);
	mr = MACH_SEND_NO_BUFFER;
	ports = kvcalloc(u.count, sizeof(*ports),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	names = kvmalloc_array(u.count, sizeof(*names),
			       GFP_KERNEL | __GFP_NOWARN);
	if (ports && names)
		mr = xnu_kmsg_read_names(&u, names);
	for (; mr == MACH_MSG_SUCCESS && i < u.count; i++)
		mr = xnu_kmsg_copyin_right(ci, names[i], u.disposition,
					   &ports[i]);
	kvfree(names);
	if (mr == MACH_MSG_SUCCESS) {
		desc->ports = ports;
		desc->count = u.count;
		return mr;
	}
	xnu_copyin_unlock(ci);
	while (ports && i--)
		xnu_kmsg_release_right(&ports[i], ci->d);
	kvfree(ports);
	return mr;
}

/* Copy in what one descriptor carries. */
static mach_msg_return_t xnu_kmsg_copyin_desc(struct xnu_copyin *ci,
					      struct xnu_kmsg *kmsg,
					      struct xnu_kmsg_desc *desc)
{
	const u8 *p = kmsg->data + desc->offset;
	mach_msg_guarded_port_descriptor_t guarded;
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t ool;

	switch (desc->kind) {
	case MACH_MSG_PORT_DESCRIPTOR:
		memcpy(&port, p, sizeof(port));
		return xnu_kmsg_copyin_right(ci, port.name, port.disposition,
					     &desc->right);
	case MACH_MSG_GUARDED_PORT_DESCRIPTOR:
		memcpy(&guarded, p, sizeof(guarded));
		return xnu_kmsg_copyin_right(ci, guarded.name,
					     guarded.disposition,
					     &desc->right);
	case MACH_MSG_OOL_DESCRIPTOR:
		memcpy(&ool, p, sizeof(ool));
		xnu_copyin_unlock(ci);
		return xnu_ool_copyin(ool.address, ool.size, ool.deallocate,
				      &desc->ool);
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		return xnu_kmsg_copyin_ports(ci, desc, p);
	}
	return MACH_SEND_INVALID_TYPE;
}

/*
 * Copy in the body, descriptor by descriptor in order: rights with the
 * space locked, memory with it unlocked. On error the caller destroys the
 * message (what was taken so far, and the header rights).
 */
static mach_msg_return_t xnu_kmsg_copyin_body(struct xnu_space *space,
					      struct xnu_kmsg *kmsg,
					      struct xnu_deferred *d)
{
	struct xnu_copyin ci = { .space = space, .d = d };
	mach_msg_return_t mr;
	u32 i;

	mr = xnu_kmsg_check_body(kmsg);
	for (i = 0; mr == MACH_MSG_SUCCESS && i < kmsg->ndesc; i++)
		mr = xnu_kmsg_copyin_desc(&ci, kmsg, &kmsg->desc[i]);
	xnu_copyin_unlock(&ci);
	return mr;
}

/*
 * Read the message from user space: the header (and descriptor count)
 * first, checked as mach_msg_trap_send() does, then the rest.
 */
static mach_msg_return_t xnu_kmsg_read(u64 uaddr, mach_msg_size_t send_size,
				       struct xnu_kmsg **kmsgp)
{
	const u8 __user *ubuf = u64_to_user_ptr(uaddr);
	u32 head = min_t(u32, send_size, XNU_KMSG_BASE_SIZE);
	mach_msg_base_t base = {};
	struct xnu_kmsg *kmsg;
	u32 count = 0;

	if (send_size < XNU_MACH_HEADER_SIZE || (send_size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > XNU_MACH_MSG_SIZE_MAX)
		return MACH_SEND_TOO_LARGE;
	if (copy_from_user(&base, ubuf, head))
		return MACH_SEND_INVALID_DATA;
	if (base.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		if (send_size < XNU_KMSG_BASE_SIZE)
			return MACH_SEND_MSG_TOO_SMALL;
		count = base.body.msgh_descriptor_count;
		if (count > (send_size - XNU_KMSG_BASE_SIZE) /
			    XNU_MACH_PORT_DESC_SIZE)
			return MACH_SEND_MSG_TOO_SMALL;
	}

	kmsg = xnu_kmsg_alloc_flags(send_size,
				    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	memcpy(kmsg->data, &base, head);
	if (send_size > head &&
	    copy_from_user(kmsg->data + head, ubuf + head, send_size - head)) {
		xnu_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	if (count) {
		mach_msg_return_t mr = xnu_kmsg_scan(kmsg, count);

		if (mr != MACH_MSG_SUCCESS) {
			xnu_kmsg_free(kmsg);
			return mr;
		}
	}
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_kmsg_copyin_user() - take a message from the current task
 * @space:	the sender's space (its lock not held)
 * @uaddr:	the message in user memory
 * @send_size:	its size in bytes
 * @option:	the mach_msg options (unused for now: no option changes
 *		copy-in)
 * @kmsgp:	out: the message, holding its rights and memory
 * @d:		deferred work (notifications of the rights taken)
 *
 * Checks sizes and descriptors as mach_msg_trap_send() does, takes the
 * header rights, then each descriptor's rights and memory in order. As in
 * XNU, header bits outside MACH_MSGH_BITS_USER are dropped, not refused
 * (ipc_kmsg_copyin_from_user() masks them before the header checks).
 *
 * Return: MACH_MSG_SUCCESS or XNU's MACH_SEND_* error. On error nothing is
 * taken: rights already copied in are destroyed as XNU's
 * ipc_kmsg_clean_partial() does (a made send-once reply right sends a
 * send-once notification).
 */
mach_msg_return_t xnu_kmsg_copyin_user(struct xnu_space *space,
				       u64 uaddr, mach_msg_size_t send_size,
				       mach_msg_option_t option,
				       struct xnu_kmsg **kmsgp,
				       struct xnu_deferred *d)
{
	mach_msg_header_t *hdr;
	struct xnu_kmsg *kmsg;
	mach_msg_return_t mr;
	mach_msg_bits_t bits = 0;

	*kmsgp = NULL;
	mr = xnu_kmsg_read(uaddr, send_size, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	hdr = xnu_kmsg_header(kmsg);
	hdr->msgh_size = send_size;
	hdr->msgh_bits &= MACH_MSGH_BITS_USER;
	xnu_sender_current(&kmsg->sender);

	mutex_lock(&space->lock);
	mr = xnu_right_copyin_header(space, hdr, &kmsg->dest, &kmsg->reply,
				     &bits, d);
	mutex_unlock(&space->lock);
	if (mr != MACH_MSG_SUCCESS) {
		kmsg->dest = NULL;
		kmsg->reply = NULL;
		xnu_kmsg_free(kmsg);
		return mr;
	}
	kmsg->dest_type = MACH_MSGH_BITS_REMOTE(bits);
	kmsg->reply_type = MACH_MSGH_BITS_LOCAL(bits);
	kmsg->bits = MACH_MSGH_BITS_SET(kmsg->dest_type, kmsg->reply_type, 0,
					hdr->msgh_bits);

	if (kmsg->ndesc) {
		mr = xnu_kmsg_copyin_body(space, kmsg, d);
		if (mr != MACH_MSG_SUCCESS) {
			xnu_kmsg_destroy(kmsg, d);
			return mr;
		}
	}
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}

/* ---- copy-out ------------------------------------------------------------------ */

/**
 * struct xnu_copyout - one message being copied out
 * @space:	the receiving space
 * @kmsg:	the message
 * @d:		deferred work
 * @uaddr:	the user buffer
 * @option:	the receive options
 * @pseudo:	a failed send given back to its sender (header not reversed,
 *		no trailer)
 * @guarded:	guarded port descriptors arrive as such (MACH_RCV_GUARDED_DESC
 *		or a pseudo-receive); else their right is destroyed
 * @hdr_mr:	MACH_MSG_IPC_* bits of a header right that could not be
 *		copied out
 * @mr:		MACH_MSG_IPC_* / MACH_MSG_VM_* bits of the body
 */
struct xnu_copyout {
	struct xnu_space *space;
	struct xnu_kmsg *kmsg;
	struct xnu_deferred *d;
	u64 uaddr;
	mach_msg_option_t option;
	bool pseudo;
	bool guarded;
	mach_msg_return_t hdr_mr;
	mach_msg_return_t mr;
};

/*
 * Put one right (consumed) into the space; its name. A right that finds no
 * room is destroyed and reads MACH_PORT_NULL, as XNU's
 * ipc_kmsg_copyout_object() does.
 */
static mach_port_name_t xnu_kmsg_out_right(struct xnu_copyout *co,
					   struct xnu_kmsg_port *r,
					   mach_msg_return_t *mrp)
{
	struct xnu_port *port = r->port;
	mach_port_name_t name;
	kern_return_t kr;

	r->port = NULL;
	if (!port)
		return MACH_PORT_NULL;
	if (port == XNU_PORT_DEAD)
		return MACH_PORT_DEAD;
	kr = xnu_right_copyout(co->space, port, r->type, &name, co->d);
	if (kr == KERN_SUCCESS)
		return name;
	*mrp |= kr == KERN_RESOURCE_SHORTAGE ? MACH_MSG_IPC_KERNEL :
					       MACH_MSG_IPC_SPACE;
	return MACH_PORT_NULL;
}

/*
 * Consume the destination right of a received message (XNU's
 * ipc_object_copyout_dest()): its name is the receive right's name in the
 * space, MACH_PORT_NULL when the receive right went elsewhere meanwhile,
 * MACH_PORT_DEAD when the port died.
 */
static mach_port_name_t xnu_kmsg_out_dest(struct xnu_copyout *co)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	struct xnu_port *dest = kmsg->dest;
	mach_port_name_t name;
	bool active, here;

	kmsg->dest = NULL;
	if (WARN_ON_ONCE(!XNU_PORT_VALID(dest)))
		return MACH_PORT_DEAD;
	spin_lock(&dest->lock);
	active = dest->active;
	here = dest->receiver == co->space;
	name = !active ? MACH_PORT_DEAD : here ? dest->rcv_name :
						 MACH_PORT_NULL;
	spin_unlock(&dest->lock);
	if (kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		xnu_port_release_send_once_ref(dest, active && !here, co->d);
	else
		xnu_port_release_send_ref(dest, co->d);
	return name;
}

/* The header rights of a received message: reply (remote) and dest (local). */
static void xnu_kmsg_out_header(struct xnu_copyout *co, mach_msg_header_t *h)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	struct xnu_kmsg_port reply = { kmsg->reply, kmsg->reply_type };

	kmsg->reply = NULL;
	h->msgh_remote_port = xnu_kmsg_out_right(co, &reply, &co->hdr_mr);
	h->msgh_local_port = xnu_kmsg_out_dest(co);
	h->msgh_bits = MACH_MSGH_BITS_SET(kmsg->reply_type, kmsg->dest_type, 0,
					  kmsg->bits);
	h->msgh_voucher_port = MACH_PORT_NULL;
}

/*
 * The send-once reply right to a mach_reply_port() port, given back to a
 * sender that holds its receive right: swallowed, and the receive right's
 * name reported with MAKE_SEND_ONCE (XNU's ipc_kmsg_copyout_reply_object()).
 */
static mach_port_name_t xnu_kmsg_out_reply_port(struct xnu_copyout *co,
						struct xnu_port *port,
						mach_msg_type_name_t *typep)
{
	struct xnu_entry *entry;
	mach_port_name_t name;
	bool active;

	spin_lock(&port->lock);
	active = port->active;
	spin_unlock(&port->lock);
	name = active ? MACH_PORT_NULL : MACH_PORT_DEAD;
	entry = active ? xnu_entry_find_port(co->space, port) : NULL;
	if (entry && (entry->type & MACH_PORT_TYPE_RECEIVE)) {
		name = xnu_entry_name(entry);
		*typep = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	}
	xnu_port_release_send_once_ref(port, false, co->d);
	return name;
}

/* The header rights of a pseudo-received message: not reversed. */
static void xnu_kmsg_out_pseudo_header(struct xnu_copyout *co,
				       mach_msg_header_t *h)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	struct xnu_kmsg_port dest = { kmsg->dest, kmsg->dest_type };
	struct xnu_kmsg_port reply = { kmsg->reply, kmsg->reply_type };
	mach_msg_type_name_t reply_type = kmsg->reply_type;

	kmsg->dest = NULL;
	kmsg->reply = NULL;
	h->msgh_remote_port = xnu_kmsg_out_right(co, &dest, &co->mr);
	if (XNU_PORT_VALID(reply.port) &&
	    reply.type == MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    (reply.port->flags & XNU_PORT_F_REPLY))
		h->msgh_local_port = xnu_kmsg_out_reply_port(co, reply.port,
							     &reply_type);
	else
		h->msgh_local_port = xnu_kmsg_out_right(co, &reply, &co->mr);
	h->msgh_bits = MACH_MSGH_BITS_SET(kmsg->dest_type, reply_type, 0,
					  kmsg->bits) & MACH_MSGH_BITS_USER;
	h->msgh_voucher_port = MACH_PORT_NULL;
}

/* Map one OOL region and rewrite its descriptor (XNU's copyout). */
static void xnu_kmsg_out_ool(struct xnu_copyout *co,
			     struct xnu_kmsg_desc *desc)
{
	u8 *p = co->kmsg->data + desc->offset;
	mach_msg_ool_descriptor_t u;
	u64 addr = 0;

	memcpy(&u, p, sizeof(u));
	if (!desc->ool) {
		u.size = 0;
	} else if (xnu_ool_copyout(desc->ool, &addr) != MACH_MSG_SUCCESS) {
		co->mr |= MACH_MSG_VM_SPACE;
		u.size = 0;
	}
	desc->ool = NULL;
	u.address = addr;
	u.deallocate = u.copy == MACH_MSG_VIRTUAL_COPY;
	u.pad1 = 0;
	memcpy(p, &u, sizeof(u));
}

/*
 * Allocate the region an OOL port array arrives in and rewrite its
 * descriptor; with no region, its rights are destroyed (as in XNU).
 */
static void xnu_kmsg_out_ports_region(struct xnu_copyout *co,
				      struct xnu_kmsg_desc *desc)
{
	u8 *p = co->kmsg->data + desc->offset;
	mach_msg_ool_ports_descriptor_t u;
	u64 addr = 0;
	u32 k;

	memcpy(&u, p, sizeof(u));
	if (!desc->right.type && desc->ports && desc->count)
		desc->right.type = desc->ports[0].type;
	if (desc->ports &&
	    xnu_vm_allocate((u64)desc->count * sizeof(mach_port_name_t),
			    &addr) != MACH_MSG_SUCCESS) {
		co->mr |= MACH_MSG_VM_SPACE;
		for (k = 0; k < desc->count; k++)
			xnu_kmsg_release_right(&desc->ports[k], co->d);
		kvfree(desc->ports);
		desc->ports = NULL;
		desc->count = 0;
	}
	u.address = addr;
	u.deallocate = true;
	u.copy = MACH_MSG_VIRTUAL_COPY;
	u.disposition = desc->right.type;
	u.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	memcpy(p, &u, sizeof(u));
}

/* Before the space is locked: memory goes into the address space. */
static void xnu_kmsg_out_memory(struct xnu_copyout *co)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	u32 i;

	for (i = 0; i < kmsg->ndesc; i++) {
		if (kmsg->desc[i].kind == MACH_MSG_OOL_DESCRIPTOR)
			xnu_kmsg_out_ool(co, &kmsg->desc[i]);
		else if (kmsg->desc[i].kind == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			xnu_kmsg_out_ports_region(co, &kmsg->desc[i]);
	}
}

/*
 * The rights of an OOL port array: names replace the rights in place (a
 * name is smaller than the slot it overwrites, which was read first).
 */
static void xnu_kmsg_out_port_array(struct xnu_copyout *co,
				    struct xnu_kmsg_desc *desc)
{
	mach_port_name_t *names = (mach_port_name_t *)desc->ports;
	struct xnu_kmsg_port r;
	u32 k;

	for (k = 0; k < desc->count; k++) {
		r = desc->ports[k];
		names[k] = xnu_kmsg_out_right(co, &r, &co->mr);
	}
}

/* With the space locked: the rights of one descriptor. */
static void xnu_kmsg_out_desc_rights(struct xnu_copyout *co,
				     struct xnu_kmsg_desc *desc)
{
	u8 *p = co->kmsg->data + desc->offset;
	mach_msg_guarded_port_descriptor_t g;
	mach_msg_port_descriptor_t u = {};

	switch (desc->kind) {
	case MACH_MSG_PORT_DESCRIPTOR:
		u.disposition = desc->right.type;
		u.type = MACH_MSG_PORT_DESCRIPTOR;
		u.name = xnu_kmsg_out_right(co, &desc->right, &co->mr);
		memcpy(p, &u, sizeof(u));
		break;
	case MACH_MSG_GUARDED_PORT_DESCRIPTOR:
		if (!co->guarded) {
			/* Rewritten as a port descriptor by xnu_kmsg_pack(). */
			xnu_kmsg_release_right(&desc->right, co->d);
			break;
		}
		memcpy(&g, p, sizeof(g));
		g.flags &= XNU_GUARD_FLAGS_MASK;
		g.disposition = desc->right.type;
		g.type = MACH_MSG_GUARDED_PORT_DESCRIPTOR;
		g.context = co->uaddr;
		g.name = xnu_kmsg_out_right(co, &desc->right, &co->mr);
		memcpy(p, &g, sizeof(g));
		break;
	case MACH_MSG_OOL_PORTS_DESCRIPTOR:
		if (desc->ports)
			xnu_kmsg_out_port_array(co, desc);
		break;
	}
}

/*
 * With the space locked: header, then the body's rights in reverse order,
 * as XNU's ipc_kmsg_copyout() (so names are handed out in XNU's order).
 */
static void xnu_kmsg_out_rights(struct xnu_copyout *co, mach_msg_header_t *h)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	u32 i;

	if (co->pseudo)
		xnu_kmsg_out_pseudo_header(co, h);
	else
		xnu_kmsg_out_header(co, h);
	for (i = kmsg->ndesc; i-- > 0;)
		xnu_kmsg_out_desc_rights(co, &kmsg->desc[i]);
}

/* After the space is unlocked: the names of OOL port arrays. */
static void xnu_kmsg_out_names(struct xnu_copyout *co)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	mach_msg_ool_ports_descriptor_t u;
	struct xnu_kmsg_desc *desc;
	u32 i;

	for (i = 0; i < kmsg->ndesc; i++) {
		desc = &kmsg->desc[i];
		if (desc->kind != MACH_MSG_OOL_PORTS_DESCRIPTOR || !desc->ports)
			continue;
		memcpy(&u, kmsg->data + desc->offset, sizeof(u));
		if (copy_to_user(u64_to_user_ptr(u.address), desc->ports,
				 (u64)desc->count * sizeof(mach_port_name_t)))
			co->mr |= MACH_MSG_VM_SPACE;
		/* Only names are left in the array: nothing to release. */
		kvfree(desc->ports);
		desc->ports = NULL;
		desc->count = 0;
	}
}

/*
 * Guarded port descriptors received without MACH_RCV_GUARDED_DESC become
 * 12-byte port descriptors naming nothing (XNU): close the gaps. Returns
 * the new message size.
 */
static u32 xnu_kmsg_pack(struct xnu_copyout *co)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	mach_msg_port_descriptor_t u;
	struct xnu_kmsg_desc *desc;
	u32 i, r, w, size;

	if (co->guarded)
		return kmsg->size;
	for (i = 0; i < kmsg->ndesc; i++)
		if (kmsg->desc[i].kind == MACH_MSG_GUARDED_PORT_DESCRIPTOR)
			break;
	if (i == kmsg->ndesc)
		return kmsg->size;
	r = kmsg->desc[0].offset;
	w = r;
	for (i = 0; i < kmsg->ndesc; i++) {
		desc = &kmsg->desc[i];
		size = xnu_desc_size(desc->kind);
		r = desc->offset;
		if (desc->kind == MACH_MSG_GUARDED_PORT_DESCRIPTOR) {
			memset(&u, 0, sizeof(u));
			u.disposition = desc->right.type;
			u.type = MACH_MSG_PORT_DESCRIPTOR;
			memcpy(kmsg->data + w, &u, sizeof(u));
			w += sizeof(u);
		} else {
			if (w != r)
				memmove(kmsg->data + w, kmsg->data + r, size);
			w += size;
		}
		r += size;
	}
	if (w != r)
		memmove(kmsg->data + w, kmsg->data + r, kmsg->size - r);
	return kmsg->size - (r - w);
}

/* The trailer @option asks for (XNU's ipc_kmsg_add_trailer()). */
static void xnu_kmsg_trailer(const struct xnu_kmsg *kmsg,
			     mach_msg_option_t option, u64 context,
			     mach_msg_max_trailer_t *t)
{
	const struct xnu_sender *s = &kmsg->sender;

	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = REQUESTED_TRAILER_SIZE(option);
	t->msgh_seqno = kmsg->seqno;
	t->msgh_context = context;
	if (!s->pid) {
		/* Sent by the kernel: KERNEL_SECURITY_TOKEN, a zero audit. */
		t->msgh_sender.val[1] = 1;
		return;
	}
	t->msgh_sender.val[0] = s->euid;
	t->msgh_sender.val[1] = s->egid;
	t->msgh_audit.val[0] = s->auid;
	t->msgh_audit.val[1] = s->euid;
	t->msgh_audit.val[2] = s->egid;
	t->msgh_audit.val[3] = s->ruid;
	t->msgh_audit.val[4] = s->rgid;
	t->msgh_audit.val[5] = s->pid;
	t->msgh_audit.val[6] = s->asid;
	t->msgh_audit.val[7] = s->pidversion;
}

/* Write @size bytes of message and then the trailer to the user buffer. */
static mach_msg_return_t xnu_kmsg_put(struct xnu_copyout *co, u32 size,
				      u64 context)
{
	u8 __user *ubuf = u64_to_user_ptr(co->uaddr);
	const u8 *data = co->kmsg->data;
	u8 bounce[XNU_KMSG_BOUNCE];
	mach_msg_max_trailer_t t;
	u32 tsize;

	if (co->pseudo)
		return copy_to_user(ubuf, data, size) ?
		       MACH_RCV_INVALID_DATA : MACH_MSG_SUCCESS;
	tsize = REQUESTED_TRAILER_SIZE(co->option);
	xnu_kmsg_trailer(co->kmsg, co->option, context, &t);
	if (size + tsize <= sizeof(bounce)) {
		memcpy(bounce, data, size);
		memcpy(bounce + size, &t, tsize);
		if (copy_to_user(ubuf, bounce, size + tsize))
			return MACH_RCV_INVALID_DATA;
		return MACH_MSG_SUCCESS;
	}
	if (copy_to_user(ubuf, data, size) ||
	    copy_to_user(ubuf + size, &t, tsize))
		return MACH_RCV_INVALID_DATA;
	return MACH_MSG_SUCCESS;
}

/*
 * The descriptor table must describe the data: in order, not overlapping,
 * inside the message. Copy-in builds it so; this catches a kernel-made
 * message that does not.
 */
static bool xnu_kmsg_descs_ok(const struct xnu_kmsg *kmsg)
{
	u32 i, end = XNU_KMSG_BASE_SIZE;

	for (i = 0; i < kmsg->ndesc; i++) {
		const struct xnu_kmsg_desc *desc = &kmsg->desc[i];

		if (desc->offset < end || desc->offset > kmsg->size ||
		    kmsg->size - desc->offset < xnu_desc_size(desc->kind))
			return false;
		end = desc->offset + xnu_desc_size(desc->kind);
	}
	return true;
}

/* What the copy-out reports (XNU's ipc_kmsg_copyout() and _pseudo()). */
static mach_msg_return_t xnu_kmsg_out_result(const struct xnu_copyout *co)
{
	if (co->pseudo)
		return co->mr;
	if (co->hdr_mr)
		return MACH_RCV_HEADER_ERROR | co->hdr_mr | co->mr;
	if (co->mr)
		return MACH_RCV_BODY_ERROR | co->mr;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_kmsg_copyout_user() - deliver a message to the current task
 * @space:	the current task's space (its lock not held)
 * @kmsg:	the message (consumed)
 * @uaddr:	the receive buffer; it holds the message and the trailer
 * @option:	the receive options (trailer elements, MACH_RCV_GUARDED_DESC)
 * @rcv_name_of: the name the message was received on (informational: the
 *		destination's name is read again with the space locked, as
 *		XNU's ipc_object_copyout_dest() does)
 * @context:	the receiving port's context, for the CTX trailer
 * @d:		deferred work
 *
 * OOL memory is mapped and OOL port regions allocated first, then the
 * rights go into @space under its lock (header, then the body in reverse
 * order), then names and the message are written out with no lock held.
 *
 * An @option with MACH_SEND_MSG and without MACH_RCV_MSG is the
 * pseudo-receive of a send that failed after copy-in (XNU's
 * ipc_kmsg_copyout_pseudo()): @uaddr is the send buffer, the header is not
 * reversed (remote = destination, local = reply), guarded descriptors stay
 * guarded, and only msgh_size bytes are written, with no trailer.
 *
 * Return: MACH_MSG_SUCCESS; MACH_RCV_BODY_ERROR (or MACH_RCV_HEADER_ERROR)
 * with MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE bits when some right or
 * region found no room (the rest is delivered); for a pseudo-receive just
 * those bits; MACH_RCV_INVALID_DATA when the buffer cannot be written (the
 * message is lost, its rights stay in the space as in XNU).
 */
mach_msg_return_t xnu_kmsg_copyout_user(struct xnu_space *space,
					struct xnu_kmsg *kmsg, u64 uaddr,
					mach_msg_option_t option,
					mach_port_name_t rcv_name_of,
					u64 context,
					struct xnu_deferred *d)
{
	struct xnu_copyout co = {
		.space = space, .kmsg = kmsg, .d = d, .uaddr = uaddr,
		.option = option,
	};
	mach_msg_header_t h;
	mach_msg_return_t mr;
	u32 size;

	co.pseudo = (option & (MACH_SEND_MSG | MACH_RCV_MSG)) == MACH_SEND_MSG;
	co.guarded = co.pseudo || (option & MACH_RCV_GUARDED_DESC);
	if (WARN_ON_ONCE(!xnu_kmsg_descs_ok(kmsg))) {
		xnu_kmsg_destroy(kmsg, d);
		return co.pseudo ? MACH_MSG_IPC_KERNEL :
				   MACH_RCV_BODY_ERROR | MACH_MSG_IPC_KERNEL;
	}
	memcpy(&h, kmsg->data, sizeof(h));

	xnu_kmsg_out_memory(&co);
	mutex_lock(&space->lock);
	if (!space->active) {
		mutex_unlock(&space->lock);
		xnu_kmsg_destroy(kmsg, d);
		return co.pseudo ? MACH_MSG_IPC_SPACE :
				   MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
	}
	xnu_kmsg_out_rights(&co, &h);
	mutex_unlock(&space->lock);
	xnu_kmsg_out_names(&co);

	size = xnu_kmsg_pack(&co);
	h.msgh_size = size;
	memcpy(kmsg->data, &h, sizeof(h));
	mr = xnu_kmsg_put(&co, size, context);
	xnu_kmsg_free(kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return xnu_kmsg_out_result(&co);
}
