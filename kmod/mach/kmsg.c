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

/* Messages up to this size are read from user space in one copy. */
#define XNU_KMSG_SMALL		512

/* Room after the data for the largest trailer, written out with it. */
#define XNU_KMSG_TRAILER_ROOM	sizeof(mach_msg_max_trailer_t)

/* ---- allocation ---------------------------------------------------------- */

/*
 * Small messages (most of them: requests, replies, notifications) come
 * from a cache of their own. It has a constructor, so the allocator does
 * not clear each object (init_on_alloc): only what is used is written.
 * Its objects are copied to user space whole (header, data, trailer).
 */
#define XNU_KMSG_CACHE_SIZE	512
static struct kmem_cache *xnu_kmsg_cache;

/* kmsg->flags: the message came from xnu_kmsg_cache. */
#define XNU_KMSG_F_CACHED	0x80000000U
/* kmsg->flags: the sender's pid and cred are borrowed, not referenced. */
#define XNU_KMSG_F_BORROWED	0x40000000U
/* kmsg->flags: the message lives in a caller's struct xnu_kmsg_buf. */
#define XNU_KMSG_F_ONSTACK	0x20000000U

static void xnu_kmsg_ctor(void *obj)
{
}

/**
 * xnu_kmsg_init() - create the cache of small messages
 *
 * Return: 0 or -ENOMEM.
 */
int xnu_kmsg_init(void)
{
	xnu_kmsg_cache = kmem_cache_create_usercopy("xnu_kmsg",
						    XNU_KMSG_CACHE_SIZE, 0, 0,
						    0, XNU_KMSG_CACHE_SIZE,
						    xnu_kmsg_ctor);
	return xnu_kmsg_cache ? 0 : -ENOMEM;
}

/**
 * xnu_kmsg_exit() - destroy the cache of small messages (all freed)
 */
void xnu_kmsg_exit(void)
{
	kmem_cache_destroy(xnu_kmsg_cache);
	xnu_kmsg_cache = NULL;
}

/*
 * A message with @size bytes of data and room for a trailer behind them;
 * the data is zeroed only with __GFP_ZERO in @gfp.
 */
static struct xnu_kmsg *xnu_kmsg_alloc_flags(mach_msg_size_t size, gfp_t gfp)
{
	struct xnu_kmsg *kmsg;
	size_t len = sizeof(*kmsg) + size + XNU_KMSG_TRAILER_ROOM;
	u32 flags = 0;

	if (len <= XNU_KMSG_CACHE_SIZE) {
		kmsg = kmem_cache_alloc(xnu_kmsg_cache, gfp & ~__GFP_ZERO);
		flags = XNU_KMSG_F_CACHED;
	} else {
		kmsg = kvmalloc(len, gfp);
	}
	if (!kmsg)
		return NULL;
	*kmsg = (struct xnu_kmsg){
		.link = LIST_HEAD_INIT(kmsg->link),
		.size = size,
		.flags = flags,
		.data = (u8 *)(kmsg + 1),
	};
	if (flags && (gfp & __GFP_ZERO))
		memset(kmsg->data, 0, size);
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
 * xnu_kmsg_buf_take() - the message of a caller's buffer
 * @buf:	the buffer (in the caller's frame), or NULL
 * @size:	msgh_size: header and body bytes
 *
 * The message is empty (no rights, the kernel as sender) and its data is
 * not zeroed. It is "freed" like any other message (nothing to free) and
 * must not outlive the caller's frame: xnu_kmsg_unstack() it before it is
 * queued.
 *
 * Return: the message, or NULL when @buf is NULL, used or too small.
 */
struct xnu_kmsg *xnu_kmsg_buf_take(struct xnu_kmsg_buf *buf,
				   mach_msg_size_t size)
{
	if (!buf || buf->used || size < XNU_MACH_HEADER_SIZE ||
	    size > XNU_KMSG_BUF_SIZE)
		return NULL;
	buf->used = true;
	buf->kmsg = (struct xnu_kmsg){
		.link = LIST_HEAD_INIT(buf->kmsg.link),
		.size = size,
		.flags = XNU_KMSG_F_ONSTACK,
		.data = buf->data,
	};
	return &buf->kmsg;
}

/**
 * xnu_kmsg_unstack() - move a message out of a caller's buffer
 * @kmsg:	the message
 *
 * A message from xnu_kmsg_buf_take() is copied to a new heap message
 * (its data, rights, descriptors and sender go with it); any other is
 * returned as is. Never fails (a small allocation that may wait).
 *
 * Return: the message to keep.
 */
struct xnu_kmsg *xnu_kmsg_unstack(struct xnu_kmsg *kmsg)
{
	struct xnu_kmsg *heap;
	u32 flags;
	u8 *data;

	if (!(kmsg->flags & XNU_KMSG_F_ONSTACK))
		return kmsg;
	heap = xnu_kmsg_alloc_flags(kmsg->size, GFP_KERNEL | __GFP_NOFAIL);
	memcpy(heap->data, kmsg->data, kmsg->size);
	flags = heap->flags;
	data = heap->data;
	*heap = *kmsg;
	INIT_LIST_HEAD(&heap->link);
	heap->data = data;
	heap->flags = (kmsg->flags & ~XNU_KMSG_F_ONSTACK) | flags;
	/* What the frame's copy held is the heap copy's now. */
	kmsg->desc = NULL;
	kmsg->ndesc = 0;
	kmsg->dest = NULL;
	kmsg->reply = NULL;
	kmsg->sender_pid = NULL;
	kmsg->sender_cred = NULL;
	return heap;
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
	if (!(kmsg->flags & XNU_KMSG_F_BORROWED)) {
		if (kmsg->sender_cred)
			put_cred(kmsg->sender_cred);
		put_pid(kmsg->sender_pid);
	}
	if (kmsg->flags & XNU_KMSG_F_CACHED)
		kmem_cache_free(xnu_kmsg_cache, kmsg);
	else if (!(kmsg->flags & XNU_KMSG_F_ONSTACK))
		kvfree(kmsg);
}

/* ---- small user copies -------------------------------------------------------- */

/*
 * The copies of small messages, into and out of buffers whose size this
 * file knows: one user-access window each, without the object checks of
 * copy_{from,to}_user() (which cost more than such a copy). @len is a
 * multiple of 4 for the copy in.
 */
static int xnu_kmsg_get_small(void *dst, const void __user *src, u32 len)
{
	const u32 __user *s = src;
	u32 *d = dst;
	u32 i;

	if (!user_read_access_begin(src, len))
		return -EFAULT;
	for (i = 0; i < len / 4; i++)
		unsafe_get_user(d[i], &s[i], fault);
	user_read_access_end();
	return 0;
fault:
	user_read_access_end();
	return -EFAULT;
}

static int xnu_kmsg_put_small(void __user *dst, const void *src, u32 len)
{
	if (!user_write_access_begin(dst, len))
		return -EFAULT;
	unsafe_copy_to_user(dst, src, len, fault);
	user_write_access_end();
	return 0;
fault:
	user_write_access_end();
	return -EFAULT;
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

/*
 * The sender is kept as references to its thread group and credentials,
 * and seen by each receiver in the receiver's own user and pid
 * namespaces, when (and only when) the trailer asked for carries tokens.
 */
static void xnu_kmsg_set_sender(struct xnu_kmsg *kmsg)
{
	if (xnu_port_is_passive(kmsg->dest)) {
		/*
		 * Run and destroyed in this very call (or destroyed, when the
		 * object is gone): the caller's own pid and cred outlive it.
		 */
		kmsg->sender_pid = task_tgid(current);
		kmsg->sender_cred = current_cred();
		kmsg->flags |= XNU_KMSG_F_BORROWED;
		return;
	}
	kmsg->sender_pid = get_pid(task_tgid(current));
	kmsg->sender_cred = get_current_cred();
}

/**
 * xnu_kmsg_keep_sender() - hold the sender of a message that is kept
 * @kmsg:	a message copied in by the current task, about to be queued
 *
 * A request to a passive kernel object only borrows its sender's pid and
 * credentials (it is run and destroyed within the call); one that is
 * queued after all (the object went away meanwhile) takes references.
 */
void xnu_kmsg_keep_sender(struct xnu_kmsg *kmsg)
{
	if (!(kmsg->flags & XNU_KMSG_F_BORROWED))
		return;
	get_pid(kmsg->sender_pid);
	get_cred(kmsg->sender_cred);
	kmsg->flags &= ~XNU_KMSG_F_BORROWED;
}

/* The audit session of the sender, in @ns (0 when it is gone). */
static u32 xnu_kmsg_sender_asid(const struct xnu_kmsg *kmsg,
				struct pid_namespace *ns)
{
	struct task_struct *task;
	u32 asid = 0;

	rcu_read_lock();
	task = pid_task(kmsg->sender_pid, PIDTYPE_TGID);
	if (task)
		asid = pid_nr_ns(task_session(task), ns);
	rcu_read_unlock();
	return asid;
}

/*
 * The sender's tokens as seen from @uns and @pns: the security token
 * (euid, egid) in @sec, the audit token (auid = real uid, euid, egid, ruid,
 * rgid, pid, asid = session id, pidversion 0) in @audit; the kernel's
 * (KERNEL_SECURITY_TOKEN, a zero audit token) for a kernel-made message.
 */
static void xnu_kmsg_tokens(const struct xnu_kmsg *kmsg,
			    struct user_namespace *uns,
			    struct pid_namespace *pns,
			    security_token_t *sec, audit_token_t *audit)
{
	const struct cred *cred = kmsg->sender_cred;

	memset(audit, 0, sizeof(*audit));
	if (!cred) {
		sec->val[0] = 0;
		sec->val[1] = 1;
		return;
	}
	audit->val[1] = from_kuid_munged(uns, cred->euid);
	audit->val[2] = from_kgid_munged(uns, cred->egid);
	audit->val[3] = from_kuid_munged(uns, cred->uid);
	audit->val[4] = from_kgid_munged(uns, cred->gid);
	audit->val[0] = audit->val[3];
	audit->val[5] = pid_nr_ns(kmsg->sender_pid, pns);
	audit->val[6] = xnu_kmsg_sender_asid(kmsg, pns);
	sec->val[0] = audit->val[1];
	sec->val[1] = audit->val[2];
}

/**
 * xnu_kmsg_audit_token() - who sent a message, as a kernel object sees it
 * @kmsg:	the message
 * @t:		out: the audit token
 *
 * Ids are the global ones (initial user and pid namespaces), as a kernel
 * object comparing them with kuids or pids expects: auid (the real uid),
 * euid, egid, ruid, rgid, pid, asid (the session id), pidversion 0; all 0
 * for a message the kernel sent.
 */
void xnu_kmsg_audit_token(const struct xnu_kmsg *kmsg, audit_token_t *t)
{
	security_token_t sec;

	xnu_kmsg_tokens(kmsg, &init_user_ns, &init_pid_ns, &sec, t);
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
 * @kmsg:	the message
 * @d:		deferred work of the rights taken
 * @locked:	@space->lock is held (taken for rights, dropped for memory)
 */
struct xnu_copyin {
	struct xnu_space *space;
	struct xnu_kmsg *kmsg;
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
	u64 total = 0, bytes = 0;
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
			bytes += ool.size;
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
	/* Ours: what one message may make the kernel copy. */
	if (bytes > XNU_MACH_MSG_OOL_TOTAL_MAX)
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
	/* A receive right goes in transit toward the destination. */
	if (r->type == MACH_MSG_TYPE_PORT_RECEIVE && XNU_PORT_VALID(r->port) &&
	    xnu_port_check_circularity(r->port, ci->kmsg->dest))
		ci->kmsg->flags |= XNU_KMSG_F_CIRCULAR;
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
	struct xnu_copyin ci = { .space = space, .kmsg = kmsg, .d = d };
	mach_msg_return_t mr;
	u32 i;

	mr = xnu_kmsg_check_body(kmsg);
	for (i = 0; mr == MACH_MSG_SUCCESS && i < kmsg->ndesc; i++)
		mr = xnu_kmsg_copyin_desc(&ci, kmsg, &kmsg->desc[i]);
	xnu_copyin_unlock(&ci);
	return mr;
}

/* The checks of mach_msg_trap_send() on the header and descriptor count. */
static mach_msg_return_t xnu_kmsg_check_head(const mach_msg_base_t *base,
					     mach_msg_size_t send_size,
					     u32 *countp)
{
	u32 count;

	*countp = 0;
	if (!(base->header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return MACH_MSG_SUCCESS;
	if (send_size < XNU_KMSG_BASE_SIZE)
		return MACH_SEND_MSG_TOO_SMALL;
	count = base->body.msgh_descriptor_count;
	if (count > (send_size - XNU_KMSG_BASE_SIZE) / XNU_MACH_PORT_DESC_SIZE)
		return MACH_SEND_MSG_TOO_SMALL;
	if (count > XNU_MACH_MSG_DESC_MAX)
		return MACH_SEND_TOO_LARGE;
	*countp = count;
	return MACH_MSG_SUCCESS;
}

/*
 * Read the message from user space, checked as mach_msg_trap_send() does:
 * a small one in one copy, a large one header (and descriptor count)
 * first, so that a bad header costs no large allocation.
 */
static mach_msg_return_t xnu_kmsg_read(u64 uaddr, mach_msg_size_t send_size,
				       struct xnu_kmsg_buf *buf,
				       struct xnu_kmsg **kmsgp)
{
	const u8 __user *ubuf = u64_to_user_ptr(uaddr);
	u32 head = min_t(u32, send_size, XNU_KMSG_BASE_SIZE);
	mach_msg_base_t base = {};
	struct xnu_kmsg *kmsg = NULL;
	mach_msg_return_t mr;
	u32 count;

	if (send_size < XNU_MACH_HEADER_SIZE || (send_size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > XNU_MACH_MSG_SIZE_MAX)
		return MACH_SEND_TOO_LARGE;
	if (send_size <= XNU_KMSG_SMALL) {
		kmsg = xnu_kmsg_buf_take(buf, send_size);
		if (!kmsg)
			kmsg = xnu_kmsg_alloc_flags(send_size,
						    GFP_KERNEL_ACCOUNT |
						    __GFP_NOWARN);
		if (!kmsg)
			return MACH_SEND_NO_BUFFER;
		mr = MACH_SEND_INVALID_DATA;
		if (xnu_kmsg_get_small(kmsg->data, ubuf, send_size))
			goto fail;
		memcpy(&base, kmsg->data, head);
		mr = xnu_kmsg_check_head(&base, send_size, &count);
		if (mr != MACH_MSG_SUCCESS)
			goto fail;
	} else {
		if (copy_from_user(&base, ubuf, head))
			return MACH_SEND_INVALID_DATA;
		mr = xnu_kmsg_check_head(&base, send_size, &count);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		kmsg = xnu_kmsg_alloc_flags(send_size,
					    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!kmsg)
			return MACH_SEND_NO_BUFFER;
		memcpy(kmsg->data, &base, head);
		mr = MACH_SEND_INVALID_DATA;
		if (copy_from_user(kmsg->data + head, ubuf + head,
				   send_size - head))
			goto fail;
	}
	if (count) {
		/* Only simple messages stay in the caller's buffer. */
		kmsg = xnu_kmsg_unstack(kmsg);
		mr = xnu_kmsg_scan(kmsg, count);
		if (mr != MACH_MSG_SUCCESS)
			goto fail;
	}
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
fail:
	xnu_kmsg_free(kmsg);
	return mr;
}

/*
 * The receive right or port set @name names in @space (locked), with a
 * reference (XNU's ipc_mqueue_copyin()).
 */
mach_msg_return_t xnu_msg_rcv_object_locked(struct xnu_space *space,
					    mach_port_name_t name,
					    struct xnu_port **portp,
					    struct xnu_pset **psetp)
{
	struct xnu_entry *entry;

	*portp = NULL;
	*psetp = NULL;
	entry = space->active ? xnu_entry_lookup(space, name) : NULL;
	if (!entry)
		return MACH_RCV_INVALID_NAME;
	xnu_entry_check(space, entry);
	if (entry->type & MACH_PORT_TYPE_RECEIVE) {
		*portp = entry->port;
		xnu_port_get(entry->port);
		return MACH_MSG_SUCCESS;
	}
	if (entry->type & MACH_PORT_TYPE_PORT_SET) {
		*psetp = entry->pset;
		refcount_inc(&entry->pset->ref);
		return MACH_MSG_SUCCESS;
	}
	return MACH_RCV_INVALID_NAME;
}

/**
 * struct xnu_copyin_rcv - the receive half a copy-in resolves on the way
 * @name:	the receive right or port set to resolve
 * @portp:	out: the port, with a reference
 * @psetp:	out: the set, with a reference
 * @mr:		out: MACH_MSG_SUCCESS or MACH_RCV_INVALID_NAME
 */
struct xnu_copyin_rcv {
	mach_port_name_t name;
	struct xnu_port **portp;
	struct xnu_pset **psetp;
	mach_msg_return_t *mr;
};

/*
 * The receive half's object, resolved with the space still locked after
 * the header's copy-in: a reply right made (MAKE_SEND or MAKE_SEND_ONCE)
 * from the very receive right received on is that entry's port, so the
 * name need not be looked up again.
 */
static void xnu_kmsg_copyin_rcv_locked(struct xnu_space *space,
				       const struct xnu_kmsg *kmsg,
				       const mach_msg_header_t *hdr,
				       const struct xnu_copyin_rcv *rcv)
{
	mach_msg_type_name_t disp = MACH_MSGH_BITS_LOCAL(hdr->msgh_bits);

	if (rcv->name == hdr->msgh_local_port && XNU_PORT_VALID(kmsg->reply) &&
	    (disp == MACH_MSG_TYPE_MAKE_SEND_ONCE ||
	     disp == MACH_MSG_TYPE_MAKE_SEND)) {
		xnu_port_get(kmsg->reply);
		*rcv->portp = kmsg->reply;
		*rcv->psetp = NULL;
		*rcv->mr = MACH_MSG_SUCCESS;
		return;
	}
	*rcv->mr = xnu_msg_rcv_object_locked(space, rcv->name, rcv->portp,
					     rcv->psetp);
}

static mach_msg_return_t xnu_kmsg_copyin(struct xnu_space *space, u64 uaddr,
					 mach_msg_size_t send_size,
					 struct xnu_kmsg_buf *buf,
					 struct xnu_kmsg **kmsgp,
					 const struct xnu_copyin_rcv *rcv,
					 struct xnu_deferred *d)
{
	mach_msg_header_t *hdr;
	struct xnu_kmsg *kmsg;
	mach_msg_return_t mr;
	mach_msg_bits_t bits = 0;

	*kmsgp = NULL;
	mr = xnu_kmsg_read(uaddr, send_size, buf, &kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	hdr = xnu_kmsg_header(kmsg);
	hdr->msgh_size = send_size;
	hdr->msgh_bits &= MACH_MSGH_BITS_USER;

	mutex_lock(&space->lock);
	mr = xnu_right_copyin_header(space, hdr, &kmsg->dest, &kmsg->reply,
				     &bits, d);
	if (mr == MACH_MSG_SUCCESS && rcv && !kmsg->ndesc)
		xnu_kmsg_copyin_rcv_locked(space, kmsg, hdr, rcv);
	mutex_unlock(&space->lock);
	if (mr != MACH_MSG_SUCCESS) {
		kmsg->dest = NULL;
		kmsg->reply = NULL;
		xnu_kmsg_free(kmsg);
		return mr;
	}
	/* Only a message run in this call stays in the caller's buffer. */
	if (!XNU_PORT_VALID(kmsg->dest) || !xnu_port_is_passive(kmsg->dest)) {
		kmsg = xnu_kmsg_unstack(kmsg);
		hdr = xnu_kmsg_header(kmsg);
	}
	xnu_kmsg_set_sender(kmsg);
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
		if (rcv) {
			mutex_lock(&space->lock);
			*rcv->mr = xnu_msg_rcv_object_locked(space, rcv->name,
							     rcv->portp,
							     rcv->psetp);
			mutex_unlock(&space->lock);
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
 * @buf:	room in the caller's frame for a small simple message to a
 *		passive kernel object (or NULL): see xnu_kmsg_buf_take()
 * @kmsgp:	out: the message, holding its rights and memory
 * @d:		deferred work (notifications of the rights taken)
 *
 * Checks sizes and descriptors as mach_msg_trap_send() does, takes the
 * header rights, then each descriptor's rights and memory in order. As in
 * XNU, header bits outside MACH_MSGH_BITS_USER are dropped, not refused
 * (ipc_kmsg_copyin_from_user() masks them before the header checks). A
 * receive right carried goes in transit toward the destination; one that
 * would close a cycle marks the message XNU_KMSG_F_CIRCULAR (destroyed at
 * send, as XNU does).
 *
 * Return: MACH_MSG_SUCCESS or XNU's MACH_SEND_* error. On error nothing is
 * taken: rights already copied in are destroyed as XNU's
 * ipc_kmsg_clean_partial() does (a made send-once reply right sends a
 * send-once notification).
 */
mach_msg_return_t xnu_kmsg_copyin_user(struct xnu_space *space,
				       u64 uaddr, mach_msg_size_t send_size,
				       mach_msg_option_t option,
				       struct xnu_kmsg_buf *buf,
				       struct xnu_kmsg **kmsgp,
				       struct xnu_deferred *d)
{
	return xnu_kmsg_copyin(space, uaddr, send_size, buf, kmsgp, NULL, d);
}

/**
 * xnu_kmsg_copyin_user_rcv() - take a message, and resolve a receive name
 * @space:	the sender's space (its lock not held)
 * @uaddr:	the message in user memory
 * @send_size:	its size in bytes
 * @option:	the mach_msg options
 * @buf:	as for xnu_kmsg_copyin_user()
 * @kmsgp:	out: the message
 * @rcv_name:	the receive right or port set of the receive that follows
 * @rcv_portp:	out: its port, with a reference, or NULL
 * @rcv_psetp:	out: its set, with a reference, or NULL
 * @rcv_mr:	out: MACH_MSG_SUCCESS or MACH_RCV_INVALID_NAME (set only
 *		when the copy-in succeeded)
 * @d:		deferred work
 *
 * xnu_kmsg_copyin_user() for a combined send and receive: the receive
 * name is looked up with the space lock the copy-in of the header holds
 * anyway.
 *
 * Return: as xnu_kmsg_copyin_user().
 */
mach_msg_return_t xnu_kmsg_copyin_user_rcv(struct xnu_space *space,
					   u64 uaddr, mach_msg_size_t send_size,
					   mach_msg_option_t option,
					   struct xnu_kmsg_buf *buf,
					   struct xnu_kmsg **kmsgp,
					   mach_port_name_t rcv_name,
					   struct xnu_port **rcv_portp,
					   struct xnu_pset **rcv_psetp,
					   mach_msg_return_t *rcv_mr,
					   struct xnu_deferred *d)
{
	struct xnu_copyin_rcv rcv = {
		.name = rcv_name, .portp = rcv_portp, .psetp = rcv_psetp,
		.mr = rcv_mr,
	};

	*rcv_portp = NULL;
	*rcv_psetp = NULL;
	return xnu_kmsg_copyin(space, uaddr, send_size, buf, kmsgp, &rcv, d);
}

/**
 * xnu_kmsg_transit_kernel() - receive rights of a kernel-made message
 * @kmsg:	the message, its destination set
 *
 * Each receive right the message carries goes in transit toward the
 * destination (unless already on its way there); one that would close a
 * cycle marks the message XNU_KMSG_F_CIRCULAR.
 */
void xnu_kmsg_transit_kernel(struct xnu_kmsg *kmsg)
{
	struct xnu_kmsg_desc *desc;
	struct xnu_port *port;
	u32 i, k;

	if (!XNU_PORT_VALID(kmsg->dest))
		return;
	for (i = 0; i < kmsg->ndesc; i++) {
		desc = &kmsg->desc[i];
		for (k = 0; k < (desc->ports ? desc->count : 1); k++) {
			port = desc->ports ? desc->ports[k].port :
					     desc->right.port;
			if ((desc->ports ? desc->ports[k].type :
					   desc->right.type) !=
			    MACH_MSG_TYPE_PORT_RECEIVE ||
			    !XNU_PORT_VALID(port) ||
			    READ_ONCE(port->destination) == kmsg->dest)
				continue;
			if (xnu_port_check_circularity(port, kmsg->dest))
				kmsg->flags |= XNU_KMSG_F_CIRCULAR;
		}
	}
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
 * ipc_object_copyout_dest()): its name is the receive right's name in
 * @space, MACH_PORT_NULL when the receive right went elsewhere meanwhile,
 * MACH_PORT_DEAD when the port died. A send-once right is used up under
 * the same port lock; a send right may arm a no-senders notification.
 */
static mach_port_name_t xnu_kmsg_take_dest(struct xnu_kmsg *kmsg,
					   struct xnu_space *space,
					   struct xnu_deferred *d)
{
	struct xnu_port *dest = kmsg->dest;
	mach_port_name_t name;
	bool active, here;

	if (kmsg->flags & XNU_KMSG_F_DEST_TAKEN)
		return kmsg->dest_name;
	kmsg->dest = NULL;
	if (WARN_ON_ONCE(!XNU_PORT_VALID(dest)))
		return MACH_PORT_DEAD;
	spin_lock(&dest->lock);
	active = dest->active;
	here = dest->receiver == space;
	name = !active ? MACH_PORT_DEAD : here ? dest->rcv_name :
						 MACH_PORT_NULL;
	if (kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    !(active && !here)) {
		/* Used: no notification (XNU's ipc_port_release_sonce()). */
		if (!WARN_ON_ONCE(!dest->sorights))
			dest->sorights--;
		spin_unlock(&dest->lock);
		xnu_port_put(dest);
		return name;
	}
	spin_unlock(&dest->lock);
	if (kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		xnu_port_release_send_once_ref(dest, true, d);
	else
		xnu_port_release_send_ref(dest, d);
	return name;
}

/*
 * The header rights of a received message: the reply right (remote) first,
 * as XNU's ipc_kmsg_copyout_header(); false when it found no room (it is
 * then destroyed, and co->hdr_mr says why), leaving the destination.
 */
static bool xnu_kmsg_out_reply(struct xnu_copyout *co, mach_msg_header_t *h)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	struct xnu_kmsg_port reply = { kmsg->reply, kmsg->reply_type };

	kmsg->reply = NULL;
	h->msgh_remote_port = xnu_kmsg_out_right(co, &reply, &co->hdr_mr);
	return !co->hdr_mr;
}

/* Then the destination (local): its name, and the bits reversed. */
static void xnu_kmsg_out_dest(struct xnu_copyout *co, mach_msg_header_t *h)
{
	struct xnu_kmsg *kmsg = co->kmsg;

	h->msgh_local_port = xnu_kmsg_take_dest(kmsg, co->space, co->d);
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
 * With the space locked: the body's rights in reverse order, as XNU's
 * ipc_kmsg_copyout() (so names are handed out in XNU's order).
 */
static void xnu_kmsg_out_rights(struct xnu_copyout *co)
{
	struct xnu_kmsg *kmsg = co->kmsg;
	u32 i;

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

/*
 * The trailer @option asks for (XNU's ipc_kmsg_add_trailer()), @tsize
 * bytes of it, into @t: the sender's tokens as the receiver (the current
 * task) sees them, computed only when asked for; the kernel's with
 * @kernel.
 */
static void xnu_kmsg_trailer(const struct xnu_kmsg *kmsg, u32 tsize,
			     u64 context, bool kernel,
			     mach_msg_max_trailer_t *t)
{
	memset(t, 0, sizeof(*t));
	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = tsize;
	t->msgh_seqno = kmsg->seqno;
	t->msgh_context = context;
	if (tsize <= offsetof(mach_msg_max_trailer_t, msgh_sender))
		return;
	if (kernel || !kmsg->sender_cred) {
		t->msgh_sender.val[1] = 1;	/* KERNEL_SECURITY_TOKEN */
		return;
	}
	xnu_kmsg_tokens(kmsg, current_user_ns(), task_active_pid_ns(current),
			&t->msgh_sender, &t->msgh_audit);
}

/*
 * Write @size bytes of message and then the trailer to the user buffer,
 * in one copy: the trailer is built in the room behind the data.
 */
static mach_msg_return_t xnu_kmsg_put(struct xnu_copyout *co, u32 size,
				      u64 context)
{
	u8 __user *ubuf = u64_to_user_ptr(co->uaddr);
	mach_msg_max_trailer_t t;
	u32 tsize = 0;

	if (!co->pseudo) {
		tsize = REQUESTED_TRAILER_SIZE(co->option);
		xnu_kmsg_trailer(co->kmsg, tsize, context, false, &t);
		memcpy(co->kmsg->data + size, &t, tsize);
	}
	if (co->kmsg->flags & (XNU_KMSG_F_CACHED | XNU_KMSG_F_ONSTACK) ?
	    xnu_kmsg_put_small(ubuf, co->kmsg->data, size + tsize) :
	    copy_to_user(ubuf, co->kmsg->data, size + tsize))
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

/* Whether the body has memory to map (done with the space unlocked). */
static bool xnu_kmsg_has_memory(const struct xnu_kmsg *kmsg)
{
	u32 i;

	for (i = 0; i < kmsg->ndesc; i++)
		if (kmsg->desc[i].kind == MACH_MSG_OOL_DESCRIPTOR ||
		    kmsg->desc[i].kind == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			return true;
	return false;
}

/**
 * xnu_kmsg_receive_error() - receive a message as a bare header
 * @space:	the receiving space (its lock not held)
 * @kmsg:	the message (consumed); its reply right may already be gone
 * @uaddr:	the receive buffer
 * @rcv_size:	its size: what is written is cut to it
 * @option:	the receive options (the trailer asked for)
 * @context:	the receiving port's context
 * @mr:		the error to report
 * @d:		deferred work
 *
 * XNU's mach_msg_receive_error(): the destination is copied out (its name
 * in msgh_local_port), the reply right (a dead one reads MACH_PORT_DEAD)
 * and everything in the body are destroyed, and a 24-byte header (the
 * other bits kept) with a trailer carrying the kernel's tokens is written.
 * Used for MACH_RCV_TOO_LARGE without MACH_RCV_LARGE and for a header that
 * could not be copied out.
 *
 * Return: @mr, or MACH_RCV_INVALID_DATA when the buffer cannot be written.
 */
mach_msg_return_t xnu_kmsg_receive_error(struct xnu_space *space,
					 struct xnu_kmsg *kmsg, u64 uaddr,
					 u32 rcv_size,
					 mach_msg_option_t option,
					 u64 context, mach_msg_return_t mr,
					 struct xnu_deferred *d)
{
	u8 out[sizeof(mach_msg_header_t) + sizeof(mach_msg_max_trailer_t)];
	u32 tsize = REQUESTED_TRAILER_SIZE(option);
	mach_msg_max_trailer_t t;
	mach_msg_header_t h;

	memcpy(&h, kmsg->data, sizeof(h));
	mutex_lock(&space->lock);
	h.msgh_local_port = xnu_kmsg_take_dest(kmsg, space, d);
	mutex_unlock(&space->lock);
	h.msgh_remote_port = kmsg->reply == XNU_PORT_DEAD ? MACH_PORT_DEAD :
							    MACH_PORT_NULL;
	h.msgh_bits = MACH_MSGH_BITS_SET(kmsg->reply_type, kmsg->dest_type, 0,
					 kmsg->bits);
	h.msgh_size = sizeof(h);
	h.msgh_voucher_port = MACH_PORT_NULL;
	xnu_kmsg_trailer(kmsg, tsize, context, true, &t);
	xnu_kmsg_destroy(kmsg, d);

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), &t, tsize);
	if (copy_to_user(u64_to_user_ptr(uaddr), out,
			 min_t(u32, sizeof(h) + tsize, rcv_size)))
		return MACH_RCV_INVALID_DATA;
	return mr;
}

/*
 * Pseudo-receive: the rights back into the sender's space, the header as
 * sent. False when the space is gone (the caller destroys the message).
 */
static bool xnu_kmsg_copyout_pseudo(struct xnu_copyout *co,
				    mach_msg_header_t *h)
{
	bool active;

	xnu_kmsg_out_memory(co);
	mutex_lock(&co->space->lock);
	active = co->space->active;
	if (active) {
		xnu_kmsg_out_pseudo_header(co, h);
		xnu_kmsg_out_rights(co);
	}
	mutex_unlock(&co->space->lock);
	return active;
}

/*
 * A receive: the header's rights first, then (the space unlocked while
 * memory is mapped, when there is any) the body's. False when the header
 * failed: the message is then untouched but for its reply right.
 */
static bool xnu_kmsg_copyout_rights(struct xnu_copyout *co,
				    mach_msg_header_t *h)
{
	struct xnu_space *space = co->space;
	bool memory;

	if (!co->kmsg->ndesc && !XNU_PORT_VALID(co->kmsg->reply)) {
		/*
		 * Nothing to name in the space (the receiver's own, alive
		 * during the call): the destination's name is read under its
		 * port lock, which guards it.
		 */
		h->msgh_remote_port = co->kmsg->reply ? MACH_PORT_DEAD :
							MACH_PORT_NULL;
		co->kmsg->reply = NULL;
		xnu_kmsg_out_dest(co, h);
		return true;
	}
	memory = xnu_kmsg_has_memory(co->kmsg);
	mutex_lock(&space->lock);
	if (!space->active) {
		co->hdr_mr = MACH_MSG_IPC_SPACE;
		mutex_unlock(&space->lock);
		return false;
	}
	if (!xnu_kmsg_out_reply(co, h)) {
		mutex_unlock(&space->lock);
		return false;
	}
	xnu_kmsg_out_dest(co, h);
	if (memory) {
		mutex_unlock(&space->lock);
		xnu_kmsg_out_memory(co);
		mutex_lock(&space->lock);
	}
	xnu_kmsg_out_rights(co);
	mutex_unlock(&space->lock);
	return true;
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
 * As XNU's ipc_kmsg_copyout(): the header's rights go into @space under
 * its lock (the reply right, then the destination), then OOL memory is
 * mapped and OOL port regions allocated, then the body's rights go in (in
 * reverse order), then names and the message are written out with no lock
 * held. A reply right that finds no room makes it a receive error
 * (xnu_kmsg_receive_error(): a bare header, the body destroyed).
 *
 * An @option with MACH_SEND_MSG and without MACH_RCV_MSG is the
 * pseudo-receive of a send that failed after copy-in (XNU's
 * ipc_kmsg_copyout_pseudo()): @uaddr is the send buffer, the header is not
 * reversed (remote = destination, local = reply), guarded descriptors stay
 * guarded, and only msgh_size bytes are written, with no trailer.
 *
 * Return: MACH_MSG_SUCCESS; MACH_RCV_HEADER_ERROR with MACH_MSG_IPC_SPACE
 * (or _KERNEL) when the reply right found no room; MACH_RCV_BODY_ERROR
 * with MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE bits when some right or
 * region of the body found no room (the rest is delivered); for a
 * pseudo-receive just those bits; MACH_RCV_INVALID_DATA when the buffer
 * cannot be written (the message is lost, its rights stay in the space as
 * in XNU).
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
	if (unlikely(kmsg->ndesc) && WARN_ON_ONCE(!xnu_kmsg_descs_ok(kmsg))) {
		xnu_kmsg_destroy(kmsg, d);
		return co.pseudo ? MACH_MSG_IPC_KERNEL :
				   MACH_RCV_BODY_ERROR | MACH_MSG_IPC_KERNEL;
	}
	memcpy(&h, kmsg->data, sizeof(h));

	if (co.pseudo) {
		if (!xnu_kmsg_copyout_pseudo(&co, &h)) {
			xnu_kmsg_destroy(kmsg, d);
			return MACH_MSG_IPC_SPACE;
		}
	} else if (!xnu_kmsg_copyout_rights(&co, &h)) {
		mr = MACH_RCV_HEADER_ERROR | co.hdr_mr;
		return xnu_kmsg_receive_error(space, kmsg, uaddr,
					      kmsg->size +
					      REQUESTED_TRAILER_SIZE(option),
					      option, context, mr, d);
	}
	if (kmsg->ndesc) {
		xnu_kmsg_out_names(&co);
		size = xnu_kmsg_pack(&co);
	} else {
		size = kmsg->size;
	}
	h.msgh_size = size;
	memcpy(kmsg->data, &h, sizeof(h));
	mr = xnu_kmsg_put(&co, size, context);
	xnu_kmsg_free(kmsg);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return xnu_kmsg_out_result(&co);
}
