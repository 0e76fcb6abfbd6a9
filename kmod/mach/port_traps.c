// SPDX-License-Identifier: GPL-2.0
/*
 * port_traps.c - the mach_port_*() traps: allocation, user references,
 * destruction, rights inserted and extracted, types and names, port-set
 * membership, attributes, contexts and notification requests.
 *
 * Each one is XNU's kernel routine of the same name (osfmk/ipc/mach_port.c
 * on top of ipc_right.c), reached the way libsyscall reaches it: through
 * the _kernelrpc_*_trap when there is one (so mach_port_insert_right()
 * copies the right in from the task's space first), else through the MIG
 * routine. The checks, their order and the return codes are XNU's.
 *
 * Pattern (trap_port_run()): the flags must be 0, the task name resolves
 * to a space (with a reference), the space is locked and must be active,
 * the work is done, then the lock is dropped, the reference put, and the
 * deferred work (notifications, destroyed ports) run.
 *
 * The same routines also arrive as MIG messages to a task port (the
 * mach_port subsystem, kmod/mach/port_mig.c): the work on a space is done
 * here for both, by xnu_port_op(), xnu_port_attributes(),
 * xnu_port_insert_right_port() and xnu_port_extract_right_port(), so the
 * two paths cannot disagree. A trap only finds the space from a name and
 * moves rights between the caller's space and the call.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "mach_internal.h"

#define TRAP_SPREQUEST_BITS \
	(MACH_PORT_TYPE_SPREQUEST | MACH_PORT_TYPE_SPREQUEST_DELAYED)

/**
 * struct trap_ctx - a port trap in progress
 * @task:	the caller's task
 * @space:	the space acted on (a reference; locked by the trap that
 *		calls trap_end())
 * @d:		deferred work, run at the end
 */
struct trap_ctx {
	struct xnu_task *task;
	struct xnu_space *space;
	struct xnu_deferred d;
};

/* Resolve the caller and the space of @task_name; 0 or the trap's result. */
static long trap_resolve(struct xnu_file *xf, mach_port_name_t task_name,
			 u32 flags, struct trap_ctx *t)
{
	kern_return_t kr = KERN_INVALID_TASK;

	if (flags)
		return KERN_INVALID_ARGUMENT;
	t->task = xnu_task_current(xf);
	if (IS_ERR(t->task))
		return PTR_ERR(t->task);
	t->space = xnu_task_space_of(t->task, task_name, &kr);
	if (!t->space)
		return kr;
	xnu_deferred_init(&t->d);
	return 0;
}

/* Unlock the space locked after trap_resolve(), run the work, drop it. */
static long trap_end(struct trap_ctx *t, long ret)
{
	mutex_unlock(&t->space->lock);
	xnu_deferred_run(&t->d);
	xnu_space_put(t->space);
	return ret;
}

/*
 * The usual trap: the space of the task and flags of @arg (a struct
 * xnu_mach_port_args), xnu_port_op() @op on it.
 */
static long trap_port_run(struct xnu_file *xf, void *arg, enum xnu_port_op op)
{
	struct xnu_mach_port_args *a = arg;
	struct trap_ctx t;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	ret = xnu_port_op(t.space, op, a);
	xnu_space_put(t.space);
	return ret;
}

/* ---- small helpers (XNU's ipc_right.c pieces the traps need) ------------------ */

/* Destroy a receive right that just left its space (consumes a ref). */
static void trap_receive_destroy(struct xnu_port *port,
				 struct xnu_deferred *d)
{
	xnu_right_clear_receiver(port);
	xnu_port_destroy(port, d);
}

/* A port-set entry goes: the set is destroyed, the name freed. */
static void trap_pset_release(struct xnu_space *space,
			      struct xnu_entry *entry)
{
	struct xnu_pset *pset = entry->pset;

	entry->pset = NULL;
	xnu_entry_free(space, entry);
	xnu_pset_destroy(pset);
	xnu_pset_put(pset);
}

/* ---- allocation ------------------------------------------------------------------ */

/*
 * mach_port_allocate_full(): a receive right, port set or dead name under
 * a new name (@name 0) or under @name.
 */
static kern_return_t trap_allocate(struct xnu_space *space,
				   mach_port_right_t right,
				   mach_port_name_t name, u32 port_flags,
				   mach_port_name_t *namep,
				   struct xnu_deferred *d)
{
	struct xnu_entry *entry;
	struct xnu_port *port;
	struct xnu_pset *pset;
	kern_return_t kr;

	if (right != MACH_PORT_RIGHT_RECEIVE &&
	    right != MACH_PORT_RIGHT_PORT_SET &&
	    right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	if (name)
		kr = xnu_entry_alloc_name(space, name, &entry);
	else
		kr = xnu_entry_alloc(space, &entry);
	if (kr != KERN_SUCCESS)
		return kr;

	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE:
		port = xnu_port_alloc();
		if (!port)
			goto shortage;
		port->flags |= port_flags;
		kr = xnu_right_copyout_fresh(space, entry, port,
					     MACH_MSG_TYPE_PORT_RECEIVE);
		if (kr != KERN_SUCCESS) {
			xnu_port_destroy(port, d);
			return kr;
		}
		break;
	case MACH_PORT_RIGHT_PORT_SET:
		pset = xnu_pset_alloc(space);
		if (!pset)
			goto shortage;
		entry->type = MACH_PORT_TYPE_PORT_SET;
		entry->pset = pset;
		break;
	default:
		entry->type = MACH_PORT_TYPE_DEAD_NAME;
		entry->urefs = 1;
		break;
	}
	*namep = xnu_entry_name(entry);
	return KERN_SUCCESS;

shortage:
	xnu_entry_free(space, entry);
	return KERN_RESOURCE_SHORTAGE;
}

/**
 * xnu_trap_reply_port() - mach_reply_port(): a new receive right
 * @xf: the open file
 * @arg: struct xnu_mach_port_args; out: name
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_reply_port(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct trap_ctx t;
	mach_port_name_t name = MACH_PORT_NULL;
	kern_return_t kr;

	if (a->flags)
		return KERN_INVALID_ARGUMENT;
	t.task = xnu_task_current(xf);
	if (IS_ERR(t.task))
		return PTR_ERR(t.task);
	t.space = t.task->space;
	xnu_space_get(t.space);
	xnu_deferred_init(&t.d);
	mutex_lock(&t.space->lock);
	if (!t.space->active)
		return trap_end(&t, KERN_INVALID_TASK);
	kr = trap_allocate(t.space, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_NULL,
			   XNU_PORT_F_REPLY, &name, &t.d);
	a->name = name;
	return trap_end(&t, kr);
}

static kern_return_t trap_do_allocate(struct trap_ctx *t,
				      struct xnu_mach_port_args *a)
{
	mach_port_name_t name = MACH_PORT_NULL;
	kern_return_t kr;

	kr = trap_allocate(t->space, a->right, MACH_PORT_NULL, 0, &name,
			   &t->d);
	a->name = name;
	return kr;
}

/**
 * xnu_trap_port_allocate() - mach_port_allocate()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, right; out: name
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_allocate(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_ALLOCATE);
}

static kern_return_t trap_do_allocate_name(struct trap_ctx *t,
					   struct xnu_mach_port_args *a)
{
	mach_port_name_t name;

	if (!MACH_PORT_VALID(a->name))
		return KERN_INVALID_VALUE;
	return trap_allocate(t->space, a->right, a->name, 0, &name, &t->d);
}

/**
 * xnu_trap_port_allocate_name() - mach_port_allocate_name()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, right, name
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_allocate_name(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_ALLOCATE_NAME);
}

/* ---- deallocate, destroy ---------------------------------------------------------- */

/*
 * The name's last send right goes; the receive right, if the name has
 * one, keeps the name.
 */
static void trap_drop_last_send(struct xnu_space *space,
				struct xnu_entry *entry, mach_port_name_t name,
				struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port, *notify;

	if (entry->type & MACH_PORT_TYPE_RECEIVE) {
		entry->type &= ~MACH_PORT_TYPE_SEND;
		entry->urefs = 0;
		xnu_port_get(port);
		xnu_port_release_send_ref(port, d);
		return;
	}
	notify = xnu_right_dncancel(space, entry, name);
	xnu_right_entry_release(space, entry);
	xnu_port_release_send_ref(port, d);
	xnu_right_port_deleted(d, notify, name);
}

/* The name's send-once right goes, with the name. */
static void trap_drop_send_once(struct xnu_space *space,
				struct xnu_entry *entry, mach_port_name_t name,
				struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port, *notify;

	notify = xnu_right_dncancel(space, entry, name);
	xnu_right_entry_release(space, entry);
	xnu_port_release_send_once_ref(port, true, d);
	xnu_right_port_deleted(d, notify, name);
}

/* ipc_right_dealloc() */
static kern_return_t trap_dealloc(struct xnu_space *space,
				  struct xnu_entry *entry,
				  mach_port_name_t name,
				  struct xnu_deferred *d)
{
	switch (entry->type & MACH_PORT_TYPE_ALL_RIGHTS) {
	case MACH_PORT_TYPE_PORT_SET:
		trap_pset_release(space, entry);
		return KERN_SUCCESS;
	case MACH_PORT_TYPE_DEAD_NAME:
		break;
	case MACH_PORT_TYPE_SEND_ONCE:
		if (xnu_entry_check(space, entry))
			break;
		trap_drop_send_once(space, entry, name, d);
		return KERN_SUCCESS;
	case MACH_PORT_TYPE_SEND:
		if (xnu_entry_check(space, entry))
			break;
		fallthrough;
	case MACH_PORT_TYPE_SEND_RECEIVE:
		if (entry->urefs <= 1)
			trap_drop_last_send(space, entry, name, d);
		else if (entry->urefs < MACH_PORT_UREFS_MAX)
			entry->urefs--;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_RIGHT;
	}
	xnu_right_dead_name_dealloc(space, entry);
	return KERN_SUCCESS;
}

/* @fn on the entry of a->name; nothing for MACH_PORT_NULL or _DEAD. */
static kern_return_t trap_on_name(struct trap_ctx *t,
				  const struct xnu_mach_port_args *a,
				  kern_return_t (*fn)(struct xnu_space *space,
						      struct xnu_entry *entry,
						      mach_port_name_t name,
						      struct xnu_deferred *d))
{
	struct xnu_entry *entry;

	if (!MACH_PORT_VALID(a->name))
		return KERN_SUCCESS;
	entry = xnu_entry_lookup(t->space, a->name);
	if (!entry)
		return KERN_INVALID_NAME;
	return fn(t->space, entry, a->name, &t->d);
}

static kern_return_t trap_do_deallocate(struct trap_ctx *t,
					struct xnu_mach_port_args *a)
{
	return trap_on_name(t, a, trap_dealloc);
}

/**
 * xnu_trap_port_deallocate() - mach_port_deallocate()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name
 *
 * One user reference of a send, send-once or dead-name right goes; a port
 * set is destroyed; a receive right alone is KERN_INVALID_RIGHT.
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_deallocate(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_DEALLOCATE);
}

/* ipc_right_destroy(): every right under the name goes. */
static kern_return_t trap_destroy_entry(struct xnu_space *space,
					struct xnu_entry *entry,
					mach_port_name_t name,
					struct xnu_deferred *d)
{
	struct xnu_port *port, *notify;
	u32 type = entry->type;

	if (type & MACH_PORT_TYPE_PORT_SET) {
		trap_pset_release(space, entry);
		return KERN_SUCCESS;
	}
	if ((type & MACH_PORT_TYPE_DEAD_NAME) || xnu_entry_check(space, entry)) {
		xnu_entry_free(space, entry);
		return KERN_SUCCESS;
	}
	port = entry->port;
	notify = xnu_right_dncancel(space, entry, name);
	xnu_right_entry_release(space, entry);
	if (type & MACH_PORT_TYPE_SEND) {
		if (type & MACH_PORT_TYPE_RECEIVE)
			xnu_port_get(port);
		xnu_port_release_send_ref(port, d);
	}
	if (type & MACH_PORT_TYPE_RECEIVE)
		trap_receive_destroy(port, d);
	else if (type & MACH_PORT_TYPE_SEND_ONCE)
		xnu_port_release_send_once_ref(port, true, d);
	xnu_right_port_deleted(d, notify, name);
	return KERN_SUCCESS;
}

static kern_return_t trap_do_destroy(struct trap_ctx *t,
				     struct xnu_mach_port_args *a)
{
	return trap_on_name(t, a, trap_destroy_entry);
}

/**
 * xnu_trap_port_destroy() - mach_port_destroy()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_destroy(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_DESTROY);
}

/* ---- user references ----------------------------------------------------------------- */

/*
 * The delta to apply to @urefs user references (send or dead name), with
 * XNU's pegging: a count at MACH_PORT_UREFS_MAX only goes away whole
 * (delta -MACH_PORT_UREFS_MAX), an increment past the maximum pegs it.
 */
static kern_return_t trap_urefs_delta(u32 urefs, s32 *deltap)
{
	s32 delta = *deltap;

	if (delta > (s32)MACH_PORT_UREFS_MAX ||
	    delta < -(s32)MACH_PORT_UREFS_MAX)
		return KERN_INVALID_VALUE;
	if (urefs == MACH_PORT_UREFS_MAX) {
		if (delta != -(s32)MACH_PORT_UREFS_MAX)
			delta = 0;
	} else {
		if (delta < 0 && (u32)-delta > urefs)
			return KERN_INVALID_VALUE;
		if (delta > 0 && urefs + delta > MACH_PORT_UREFS_MAX)
			delta = MACH_PORT_UREFS_MAX - urefs;
	}
	*deltap = delta;
	return KERN_SUCCESS;
}

static kern_return_t trap_delta_send(struct xnu_space *space,
				     struct xnu_entry *entry,
				     mach_port_name_t name, s32 delta,
				     struct xnu_deferred *d)
{
	kern_return_t kr;

	if (!(entry->type & MACH_PORT_TYPE_SEND) ||
	    xnu_entry_check(space, entry))
		return KERN_INVALID_RIGHT;
	kr = trap_urefs_delta(entry->urefs, &delta);
	if (kr != KERN_SUCCESS)
		return kr;
	if (entry->urefs + delta)
		entry->urefs += delta;
	else
		trap_drop_last_send(space, entry, name, d);
	return KERN_SUCCESS;
}

/*
 * The receive right of a name that also holds send rights dies: when a
 * port-destroyed request will carry the receive right away, the name keeps
 * its send right; otherwise the send right becomes a dead name at once
 * (plus the reference of its dead-name notification, which the port's
 * death sends).
 */
static void trap_delta_receive_keep_send(struct xnu_space *space,
					 struct xnu_entry *entry,
					 struct xnu_port *port)
{
	bool pdrequest;
	u32 urefs;

	spin_lock(&port->lock);
	pdrequest = port->pdrequest;
	spin_unlock(&port->lock);
	if (pdrequest) {
		entry->type &= ~MACH_PORT_TYPE_RECEIVE;
		xnu_port_get(port);
		return;
	}
	urefs = entry->urefs;
	if ((entry->type & XNU_ENTRY_DNREQUEST) && urefs < MACH_PORT_UREFS_MAX)
		urefs++;
	xnu_entry_rev_remove(space, entry);
	entry->type = MACH_PORT_TYPE_DEAD_NAME;
	entry->urefs = urefs;
	entry->port = NULL;
}

static kern_return_t trap_delta_receive(struct xnu_space *space,
					struct xnu_entry *entry,
					mach_port_name_t name, s32 delta,
					struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port;
	struct xnu_port *notify = NULL;

	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (!delta)
		return KERN_SUCCESS;
	if (delta != -1)
		return KERN_INVALID_VALUE;
	if (entry->type & MACH_PORT_TYPE_SEND) {
		trap_delta_receive_keep_send(space, entry, port);
	} else {
		notify = xnu_right_dncancel(space, entry, name);
		xnu_right_entry_release(space, entry);
	}
	trap_receive_destroy(port, d);
	xnu_right_port_deleted(d, notify, name);
	return KERN_SUCCESS;
}

static kern_return_t trap_delta_send_once(struct xnu_space *space,
					  struct xnu_entry *entry,
					  mach_port_name_t name, s32 delta,
					  struct xnu_deferred *d)
{
	if (!(entry->type & MACH_PORT_TYPE_SEND_ONCE) ||
	    xnu_entry_check(space, entry))
		return KERN_INVALID_RIGHT;
	if (delta > 0 || delta < -1)
		return KERN_INVALID_VALUE;
	if (delta)
		trap_drop_send_once(space, entry, name, d);
	return KERN_SUCCESS;
}

static kern_return_t trap_delta_dead_name(struct xnu_space *space,
					  struct xnu_entry *entry, s32 delta)
{
	kern_return_t kr;

	if (entry->type & MACH_PORT_TYPE_SEND_RIGHTS) {
		if (!xnu_entry_check(space, entry))
			return KERN_INVALID_RIGHT;
	} else if (!(entry->type & MACH_PORT_TYPE_DEAD_NAME)) {
		return KERN_INVALID_RIGHT;
	}
	kr = trap_urefs_delta(entry->urefs, &delta);
	if (kr != KERN_SUCCESS)
		return kr;
	if (entry->urefs + delta)
		entry->urefs += delta;
	else
		xnu_entry_free(space, entry);
	return KERN_SUCCESS;
}

/* ipc_right_delta() */
static kern_return_t trap_delta(struct xnu_space *space,
				struct xnu_entry *entry, mach_port_name_t name,
				mach_port_right_t right, s32 delta,
				struct xnu_deferred *d)
{
	switch (right) {
	case MACH_PORT_RIGHT_PORT_SET:
		if (!(entry->type & MACH_PORT_TYPE_PORT_SET))
			return KERN_INVALID_RIGHT;
		if (!delta)
			return KERN_SUCCESS;
		if (delta != -1)
			return KERN_INVALID_VALUE;
		trap_pset_release(space, entry);
		return KERN_SUCCESS;
	case MACH_PORT_RIGHT_RECEIVE:
		return trap_delta_receive(space, entry, name, delta, d);
	case MACH_PORT_RIGHT_SEND_ONCE:
		return trap_delta_send_once(space, entry, name, delta, d);
	case MACH_PORT_RIGHT_DEAD_NAME:
		return trap_delta_dead_name(space, entry, delta);
	case MACH_PORT_RIGHT_SEND:
		return trap_delta_send(space, entry, name, delta, d);
	default:	/* MACH_PORT_RIGHT_LABELH */
		return KERN_INVALID_RIGHT;
	}
}

static kern_return_t trap_do_mod_refs(struct trap_ctx *t,
				      struct xnu_mach_port_args *a)
{
	struct xnu_entry *entry;

	if (a->right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(a->name)) {
		if (a->right == MACH_PORT_RIGHT_SEND ||
		    a->right == MACH_PORT_RIGHT_SEND_ONCE)
			return KERN_SUCCESS;
		return KERN_INVALID_NAME;
	}
	entry = xnu_entry_lookup(t->space, a->name);
	if (!entry)
		return KERN_INVALID_NAME;
	return trap_delta(t->space, entry, a->name, a->right, a->delta, &t->d);
}

/**
 * xnu_trap_port_mod_refs() - mach_port_mod_refs()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, right, delta
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_mod_refs(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_MOD_REFS);
}

static kern_return_t trap_do_get_refs(struct trap_ctx *t,
				      struct xnu_mach_port_args *a)
{
	struct xnu_entry *entry;
	u32 refs = 0;

	if (a->right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(a->name)) {
		if (a->right != MACH_PORT_RIGHT_SEND &&
		    a->right != MACH_PORT_RIGHT_SEND_ONCE)
			return KERN_INVALID_NAME;
		a->delta = 1;
		return KERN_SUCCESS;
	}
	entry = xnu_entry_lookup(t->space, a->name);
	if (!entry)
		return KERN_INVALID_NAME;
	xnu_entry_check(t->space, entry);
	if (entry->type & MACH_PORT_TYPE(a->right)) {
		if (a->right == MACH_PORT_RIGHT_SEND ||
		    a->right == MACH_PORT_RIGHT_DEAD_NAME)
			refs = entry->urefs;
		else
			refs = 1;
	}
	a->delta = refs;
	return KERN_SUCCESS;
}

/**
 * xnu_trap_port_get_refs() - mach_port_get_refs()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, right; out: delta (refs)
 *
 * Receive, port-set and send-once rights count 1, send and dead-name
 * rights their user references, a name holding other rights 0.
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_get_refs(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_GET_REFS);
}

/* ---- inserting and extracting rights -------------------------------------------- */

/*
 * ipc_object_insert_send_right(): MAKE_SEND or COPY_SEND of a name into
 * itself, the fast path of mach_port_insert_right(name, name, ...).
 */
static kern_return_t trap_insert_send_right(struct xnu_space *space,
					    mach_port_name_t name,
					    mach_msg_type_name_t disp)
{
	struct xnu_entry *entry = xnu_entry_lookup(space, name);
	struct xnu_port *port;

	if (!entry)
		return KERN_INVALID_NAME;
	if (entry->type & MACH_PORT_TYPE_DEAD_NAME)
		return KERN_INVALID_CAPABILITY;
	if (entry->type & MACH_PORT_TYPE_PORT_SET)
		return KERN_INVALID_RIGHT;
	port = entry->port;
	if (!xnu_right_port_active(port))
		return KERN_INVALID_CAPABILITY;

	if (disp == MACH_MSG_TYPE_MAKE_SEND) {
		if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		spin_lock(&port->lock);
		port->mscount++;
		if (!(entry->type & MACH_PORT_TYPE_SEND))
			port->srights++;
		spin_unlock(&port->lock);
		entry->type |= MACH_PORT_TYPE_SEND;
	} else if (!(entry->type & MACH_PORT_TYPE_SEND)) {
		return KERN_INVALID_RIGHT;
	}
	if (entry->urefs < MACH_PORT_UREFS_MAX)
		entry->urefs++;
	return KERN_SUCCESS;
}

/*
 * ipc_object_copyout_name(): put a right (received type @type) under
 * @name, space locked. The right is consumed on success only; the callers
 * destroy it on failure (the trap) or leave that to the MIG stub.
 */
static kern_return_t trap_copyout_name(struct xnu_space *space,
				       mach_port_name_t name,
				       struct xnu_port *port,
				       mach_msg_type_name_t type,
				       struct xnu_deferred *d)
{
	struct xnu_entry *entry, *other = NULL;
	mach_port_name_t merged;
	bool fresh = false;
	kern_return_t kr;

	if (!MACH_PORT_VALID(name) || !MACH_MSG_TYPE_PORT_ANY_RIGHT(type))
		return KERN_INVALID_VALUE;
	if (!XNU_PORT_VALID(port))
		return KERN_INVALID_CAPABILITY;

	entry = xnu_entry_lookup(space, name);
	if (!entry) {
		kr = xnu_entry_alloc_name(space, name, &entry);
		if (kr != KERN_SUCCESS)
			return kr;
		fresh = true;
	}
	kr = KERN_INVALID_CAPABILITY;
	if (!xnu_right_port_active(port))
		goto undo;
	if (type != MACH_MSG_TYPE_PORT_SEND_ONCE)
		other = xnu_entry_find_port(space, port);
	if (other && other != entry) {
		kr = KERN_RIGHT_EXISTS;
		goto undo;
	}
	/*
	 * The name already holds send or receive rights of the port: the
	 * right joins them, which needs no new name and cannot fail.
	 */
	if (other)
		return xnu_right_copyout(space, port, type, &merged, d);
	if (!fresh)
		return KERN_NAME_EXISTS;
	/* On failure this frees the entry itself. */
	return xnu_right_copyout_fresh(space, entry, port, type);
undo:
	if (fresh)
		xnu_entry_free(space, entry);
	return kr;
}

/**
 * xnu_port_insert_right_port() - mach_port_insert_right() of a right in hand
 * @space:	the space the right goes into (a reference held, not locked)
 * @name:	the name it goes under
 * @port:	the right (NULL or XNU_PORT_DEAD for a null or dead one)
 * @type:	its type (MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE or _RECEIVE)
 *
 * XNU's kernel routine: the right, copied in from a message or by the
 * trap, is put under @name as if received. The MIG routine and both trap
 * paths end here.
 *
 * Return: KERN_SUCCESS (the right consumed) or, the right not consumed,
 * KERN_INVALID_TASK, KERN_INVALID_VALUE (@name not valid, @type no
 * right), KERN_INVALID_CAPABILITY (no right, or its port is dead),
 * KERN_NAME_EXISTS, KERN_RIGHT_EXISTS, KERN_NO_SPACE,
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_port_insert_right_port(struct xnu_space *space,
					 mach_port_name_t name,
					 struct xnu_port *port,
					 mach_msg_type_name_t type)
{
	struct xnu_deferred d;
	kern_return_t kr = KERN_INVALID_TASK;

	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (space->active)
		kr = trap_copyout_name(space, name, port, type, &d);
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	return kr;
}

/* A right the trap copied in and could not insert is destroyed. */
static void trap_insert_failed(struct xnu_port *port,
			       mach_msg_type_name_t type,
			       struct xnu_deferred *d)
{
	if (XNU_PORT_VALID(port))
		xnu_right_release(port, type, d);
}

/*
 * The right of mach_port_insert_right() on another task: libsyscall's MIG
 * fallback carries @poly in the request, so it is copied in from the
 * caller's own space as a message's port descriptor is (a null or dead
 * name passes, for the routine to refuse; any other failure fails the
 * send with MACH_SEND_INVALID_RIGHT).
 */
static kern_return_t trap_insert_copyin_caller(struct xnu_space *caller,
					       mach_port_name_t poly,
					       mach_msg_type_name_t disp,
					       struct xnu_port **portp,
					       mach_msg_type_name_t *typep,
					       struct xnu_deferred *d)
{
	kern_return_t kr;

	*portp = poly == MACH_PORT_DEAD ? XNU_PORT_DEAD : NULL;
	*typep = 0;
	if (!MACH_PORT_VALID(poly)) {
		/* The type a message would say it carries. */
		if (disp == MACH_MSG_TYPE_MOVE_RECEIVE)
			*typep = MACH_MSG_TYPE_PORT_RECEIVE;
		else if (disp == MACH_MSG_TYPE_MAKE_SEND_ONCE ||
			 disp == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			*typep = MACH_MSG_TYPE_PORT_SEND_ONCE;
		else if (MACH_MSG_TYPE_PORT_ANY_SEND(disp))
			*typep = MACH_MSG_TYPE_PORT_SEND;
		return KERN_SUCCESS;
	}
	mutex_lock(&caller->lock);
	kr = caller->active ? xnu_right_copyin(caller, poly, disp, true, portp,
					       typep, d) : KERN_INVALID_TASK;
	mutex_unlock(&caller->lock);
	if (kr == KERN_SUCCESS)
		return kr;
	*portp = NULL;
	return kr == KERN_INVALID_TASK ? kr : MACH_SEND_INVALID_RIGHT;
}

/*
 * mach_port_insert_right() on another task's space (@t->space, not
 * locked): the right comes from the caller's space first, with only that
 * space locked, then goes under @name in the target, as XNU's kernel
 * routine does with the right the message brought.
 */
static long trap_insert_right_other(struct trap_ctx *t,
				    const struct xnu_mach_port_args *a)
{
	mach_msg_type_name_t type;
	struct xnu_port *port;
	long ret;

	ret = trap_insert_copyin_caller(t->task->space, a->poly, a->poly_type,
					&port, &type, &t->d);
	if (ret != KERN_SUCCESS)
		goto out;
	ret = xnu_port_insert_right_port(t->space, a->name, port, type);
	if (ret != KERN_SUCCESS)
		trap_insert_failed(port, type, &t->d);
out:
	xnu_deferred_run(&t->d);
	xnu_space_put(t->space);
	return ret;
}

/**
 * xnu_trap_port_insert_right() - mach_port_insert_right()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, poly, poly_type
 *
 * As libsyscall: on the caller's own task, the XNU trap: the right @poly
 * with disposition @poly_type is copied in from the task's space (the
 * copy-in's KERN_* errors), then put under @name as if received. On
 * another task, the MIG routine: @poly is the caller's right, copied in as
 * the request message would carry it (MACH_SEND_INVALID_RIGHT when it
 * cannot be), then put under @name in the target's space.
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_insert_right(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	mach_msg_type_name_t type;
	struct xnu_port *port;
	struct trap_ctx t;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	if (t.space != t.task->space)
		return trap_insert_right_other(&t, a);
	mutex_lock(&t.space->lock);
	if (!t.space->active)
		return trap_end(&t, KERN_INVALID_TASK);
	if (a->name == a->poly &&
	    (a->poly_type == MACH_MSG_TYPE_MAKE_SEND ||
	     a->poly_type == MACH_MSG_TYPE_COPY_SEND))
		return trap_end(&t, trap_insert_send_right(t.space, a->name,
							   a->poly_type));
	ret = xnu_right_copyin(t.space, a->poly, a->poly_type, true, &port,
			       &type, &t.d);
	if (ret == KERN_SUCCESS) {
		ret = trap_copyout_name(t.space, a->name, port, type, &t.d);
		if (ret != KERN_SUCCESS)
			trap_insert_failed(port, type, &t.d);
	}
	return trap_end(&t, ret);
}

/**
 * xnu_port_extract_right_port() - mach_port_extract_right(), to a right in hand
 * @space:	the space the right is taken from (a reference held, not
 *		locked)
 * @name:	its name there
 * @disp:	how it is taken: a MACH_MSG_TYPE_MOVE_* / COPY_SEND / MAKE_*
 *		disposition
 * @portp:	out: the right (XNU_PORT_DEAD for a send right that died)
 * @typep:	out: its type (MACH_MSG_TYPE_PORT_SEND, _SEND_ONCE, _RECEIVE),
 *		which is also the MOVE disposition that carries it on
 *
 * XNU's kernel routine: the right is copied in from @space as if the task
 * sent it in a message. The trap then copies it out into the caller's
 * space; the MIG routine puts it in its reply.
 *
 * Return: KERN_SUCCESS or KERN_INVALID_TASK, KERN_INVALID_VALUE (@disp),
 * KERN_INVALID_RIGHT (@name null or dead), and the copy-in's errors
 * (KERN_INVALID_NAME, KERN_INVALID_RIGHT, KERN_INVALID_CAPABILITY).
 */
kern_return_t xnu_port_extract_right_port(struct xnu_space *space,
					  mach_port_name_t name,
					  mach_msg_type_name_t disp,
					  struct xnu_port **portp,
					  mach_msg_type_name_t *typep)
{
	struct xnu_deferred d;
	kern_return_t kr;

	*portp = NULL;
	*typep = 0;
	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (!space->active)
		kr = KERN_INVALID_TASK;
	else if (!MACH_MSG_TYPE_PORT_ANY(disp))
		kr = KERN_INVALID_VALUE;
	else if (!MACH_PORT_VALID(name))
		kr = KERN_INVALID_RIGHT;
	else
		kr = xnu_right_copyin(space, name, disp, true, portp, typep,
				      &d);
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	if (kr != KERN_SUCCESS) {
		*portp = NULL;
		*typep = 0;
	}
	return kr;
}

/**
 * xnu_trap_port_extract_right() - mach_port_extract_right()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, right (the disposition);
 *	 out: poly (the right's name in the caller's space), poly_type
 *
 * The right is taken from the task's space as if sent in a message and
 * received by the caller.
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_extract_right(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	mach_msg_type_name_t type = 0;
	struct xnu_space *caller;
	struct xnu_port *port;
	mach_port_name_t name;
	struct trap_ctx t;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	ret = xnu_port_extract_right_port(t.space, a->name, a->right, &port,
					  &type);
	xnu_space_put(t.space);
	if (ret == KERN_SUCCESS) {
		caller = t.task->space;
		mutex_lock(&caller->lock);
		ret = xnu_right_copyout(caller, port, type, &name, &t.d);
		mutex_unlock(&caller->lock);
		a->poly = name;
		a->poly_type = type;
	}
	xnu_deferred_run(&t.d);
	return ret;
}

/* ---- types, names, sets ------------------------------------------------------------- */

static kern_return_t trap_do_type(struct trap_ctx *t,
				  struct xnu_mach_port_args *a)
{
	struct xnu_entry *entry;

	if (a->name == MACH_PORT_NULL)
		return KERN_INVALID_NAME;
	if (a->name == MACH_PORT_DEAD) {
		a->right = MACH_PORT_TYPE_DEAD_NAME;
		return KERN_SUCCESS;
	}
	entry = xnu_entry_lookup(t->space, a->name);
	if (!entry)
		return KERN_INVALID_NAME;
	xnu_entry_check(t->space, entry);
	a->right = entry->type & ~TRAP_SPREQUEST_BITS;
	return KERN_SUCCESS;
}

/**
 * xnu_trap_port_type() - mach_port_type()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name; out: right (the type bits)
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_type(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_TYPE);
}

/* Fill @names/@types (room for space->count) from the locked space. */
static u32 trap_names_snapshot(struct xnu_space *space, u32 *names,
			       u32 *types)
{
	struct xnu_entry *entry;
	unsigned long index;
	u32 n = 0;

	xa_for_each(&space->names, index, entry) {
		if (!entry->type)
			continue;
		if (WARN_ON_ONCE(n >= space->count))
			break;
		xnu_entry_check(space, entry);
		names[n] = xnu_entry_name(entry);
		types[n] = entry->type & ~TRAP_SPREQUEST_BITS;
		n++;
	}
	return n;
}

/**
 * xnu_port_names() - mach_port_names() of a space: its names and types
 * @space:	the space (a reference held, not locked)
 * @namesp:	out: the names, in index order (kvmalloc'ed; NULL when none)
 * @typesp:	out: their types, DNREQUEST included (kvmalloc'ed; NULL when
 *		none)
 * @countp:	out: how many
 *
 * One snapshot, taken under the space lock, for the trap and the MIG
 * routine alike; the caller kvfree()s both arrays. May sleep.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_TASK (a dead space),
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_port_names(struct xnu_space *space, u32 **namesp,
			     u32 **typesp, u32 *countp)
{
	u32 *names = NULL, *types = NULL, max, n = 0;

	*namesp = NULL;
	*typesp = NULL;
	*countp = 0;
	mutex_lock(&space->lock);
	if (!space->active) {
		mutex_unlock(&space->lock);
		return KERN_INVALID_TASK;
	}
	max = space->count;
	if (max) {
		names = kvmalloc_array(max, sizeof(u32), GFP_KERNEL_ACCOUNT);
		types = kvmalloc_array(max, sizeof(u32), GFP_KERNEL_ACCOUNT);
		if (!names || !types) {
			mutex_unlock(&space->lock);
			kvfree(names);
			kvfree(types);
			return KERN_RESOURCE_SHORTAGE;
		}
		n = trap_names_snapshot(space, names, types);
	}
	mutex_unlock(&space->lock);
	if (!n) {
		kvfree(names);
		kvfree(types);
		return KERN_SUCCESS;
	}
	*namesp = names;
	*typesp = types;
	*countp = n;
	return KERN_SUCCESS;
}

/**
 * xnu_trap_port_names() - mach_port_names()
 * @xf: the open file
 * @arg: struct xnu_mach_port_names
 *
 * A snapshot of every name and its type (DNREQUEST included), in index
 * order (xnu_port_names(), as the MIG routine); at most @capacity are
 * written, @count is the total.
 *
 * Return: a kern_return_t, or a negative errno (-EFAULT when the arrays
 * cannot be written, -ENOMEM).
 */
long xnu_trap_port_names(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_names *a = arg;
	u32 *names, *types, n, copy;
	struct trap_ctx t;
	kern_return_t kr;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	kr = xnu_port_names(t.space, &names, &types, &n);
	xnu_space_put(t.space);
	if (kr == KERN_RESOURCE_SHORTAGE)
		return -ENOMEM;
	if (kr != KERN_SUCCESS)
		return kr;

	/* Written with no lock held: the user's pages may fault. */
	copy = min(n, a->capacity);
	if (copy && (copy_to_user(u64_to_user_ptr(a->names), names,
				  copy * sizeof(u32)) ||
		     copy_to_user(u64_to_user_ptr(a->types), types,
				  copy * sizeof(u32))))
		ret = -EFAULT;
	a->count = n;
	kvfree(names);
	kvfree(types);
	return ret;
}

static int trap_name_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/*
 * The names of @pset's members (their receive rights are in the set's
 * space, whose lock is held: the names are stable) into @names, room for
 * @max; the number of members, which may be more.
 */
static u32 trap_set_members(struct xnu_pset *pset, u32 *names, u32 max)
{
	struct xnu_port *port;
	u32 n = 0;

	spin_lock(&pset->lock);
	list_for_each_entry(port, &pset->members, pset_link) {
		if (n < max)
			names[n] = READ_ONCE(port->rcv_name);
		n++;
	}
	spin_unlock(&pset->lock);
	return n;
}

/**
 * xnu_port_set_members() - mach_port_get_set_status(): a set's members
 * @space:	the space (a reference held, not locked)
 * @name:	a port set of it
 * @membersp:	out: the names of its members' receive rights, ascending
 *		(kvmalloc'ed; NULL when the set is empty)
 * @countp:	out: how many
 *
 * As XNU: the set's members at one moment, sorted. The caller kvfree()s
 * the array. May sleep.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_RIGHT (MACH_PORT_NULL or
 * MACH_PORT_DEAD, or a name that is no port set), KERN_INVALID_NAME (no
 * such name), KERN_INVALID_TASK (a dead space), KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_port_set_members(struct xnu_space *space,
				   mach_port_name_t name, u32 **membersp,
				   u32 *countp)
{
	struct xnu_entry *entry;
	u32 *names = NULL, max = 0, n;
	kern_return_t kr = KERN_SUCCESS;

	*membersp = NULL;
	*countp = 0;
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_RIGHT;
	mutex_lock(&space->lock);
	for (;;) {
		if (!space->active) {
			kr = KERN_INVALID_TASK;
			break;
		}
		entry = xnu_entry_lookup(space, name);
		if (!entry) {
			kr = KERN_INVALID_NAME;
			break;
		}
		if (!(entry->type & MACH_PORT_TYPE_PORT_SET)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		n = trap_set_members(entry->pset, names, max);
		if (n <= max)
			break;
		/* More members than room: make room with no lock held. */
		mutex_unlock(&space->lock);
		kvfree(names);
		max = n + 16;
		names = kvmalloc_array(max, sizeof(u32), GFP_KERNEL_ACCOUNT);
		if (!names)
			return KERN_RESOURCE_SHORTAGE;
		mutex_lock(&space->lock);
	}
	mutex_unlock(&space->lock);
	if (kr != KERN_SUCCESS || !n) {
		kvfree(names);
		return kr;
	}
	sort(names, n, sizeof(u32), trap_name_cmp, NULL);
	*membersp = names;
	*countp = n;
	return KERN_SUCCESS;
}

static kern_return_t trap_do_move_member(struct trap_ctx *t,
					 struct xnu_mach_port_args *a)
{
	struct xnu_entry *member, *after = NULL;
	struct xnu_port *port;
	bool in_set;

	if (!MACH_PORT_VALID(a->name) || a->poly == MACH_PORT_DEAD)
		return KERN_INVALID_RIGHT;
	member = xnu_entry_lookup(t->space, a->name);
	if (!member)
		return KERN_INVALID_NAME;
	if (a->poly != MACH_PORT_NULL) {
		after = xnu_entry_lookup(t->space, a->poly);
		if (!after)
			return KERN_INVALID_NAME;
	}
	if (!(member->type & MACH_PORT_TYPE_RECEIVE) ||
	    (after && !(after->type & MACH_PORT_TYPE_PORT_SET)))
		return KERN_INVALID_RIGHT;

	port = member->port;
	if (after) {
		xnu_pset_move(port, after->pset);
		return KERN_SUCCESS;
	}
	spin_lock(&port->lock);
	in_set = port->pset;
	spin_unlock(&port->lock);
	if (!in_set)
		return KERN_NOT_IN_SET;
	xnu_pset_move(port, NULL);
	return KERN_SUCCESS;
}

/**
 * xnu_trap_port_move_member() - mach_port_move_member()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name (the member, a receive
 *	 right), poly (the port set, or MACH_PORT_NULL to leave the set)
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_move_member(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_MOVE_MEMBER);
}

/* ---- attributes and contexts ------------------------------------------------------- */

/* mach_port_get_status_helper(), with the port locked. */
static void trap_port_status(struct xnu_port *port, u32 *info)
{
	mach_port_status_t *status = (mach_port_status_t *)info;

	status->mps_pset = port->pset ? 1 : 0;
	status->mps_seqno = port->seqno;
	status->mps_mscount = port->mscount;
	status->mps_qlimit = port->qlimit;
	status->mps_msgcount = port->msgcount;
	status->mps_sorights = port->sorights;
	status->mps_srights = port->srights > 0;
	status->mps_pdrequest = !!port->pdrequest;
	status->mps_nsrequest = !!port->nsrequest;
	status->mps_flags = 0;
}

/* One flavor of mach_port_get_attributes(): the count it needs. */
static u32 trap_attr_count(int flavor)
{
	switch (flavor) {
	case MACH_PORT_LIMITS_INFO:
		return MACH_PORT_LIMITS_INFO_COUNT;
	case MACH_PORT_RECEIVE_STATUS:
		return MACH_PORT_RECEIVE_STATUS_COUNT;
	case MACH_PORT_DNREQUESTS_SIZE:
		return MACH_PORT_DNREQUESTS_SIZE_COUNT;
	case MACH_PORT_INFO_EXT:
		return MACH_PORT_INFO_EXT_COUNT;
	default:	/* MACH_PORT_SERVICE_THROTTLED: not checked */
		return 0;
	}
}

static kern_return_t trap_get_attributes(struct xnu_space *space,
					 struct xnu_mach_port_attr *a)
{
	struct xnu_port *port;
	kern_return_t kr;
	u32 count = min_t(u32, a->count, XNU_MACH_ATTR_MAX);

	switch (a->flavor) {
	case MACH_PORT_LIMITS_INFO:
	case MACH_PORT_RECEIVE_STATUS:
	case MACH_PORT_DNREQUESTS_SIZE:
	case MACH_PORT_INFO_EXT:
	case MACH_PORT_SERVICE_THROTTLED:
		break;
	default:
		return KERN_INVALID_ARGUMENT;
	}
	if (count < trap_attr_count(a->flavor))
		return KERN_FAILURE;
	memset(a->info, 0, sizeof(a->info));
	a->count = count;
	if (!MACH_PORT_VALID(a->name)) {
		if (a->flavor == MACH_PORT_LIMITS_INFO) {
			a->count = 0;
			return KERN_SUCCESS;
		}
		if (a->flavor == MACH_PORT_DNREQUESTS_SIZE)
			return KERN_SUCCESS;
		return KERN_INVALID_RIGHT;
	}
	kr = xnu_right_translate_receive(space, a->name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	if (a->flavor == MACH_PORT_SERVICE_THROTTLED)
		return KERN_INVALID_CAPABILITY;	/* we have no service ports */

	spin_lock(&port->lock);
	switch (a->flavor) {
	case MACH_PORT_LIMITS_INFO:
		a->info[0] = port->qlimit;
		break;
	case MACH_PORT_DNREQUESTS_SIZE:
		a->info[0] = list_count_nodes(&port->dnrequests);
		break;
	default:	/* RECEIVE_STATUS, INFO_EXT (boost count 0) */
		trap_port_status(port, a->info);
		break;
	}
	spin_unlock(&port->lock);
	a->count = trap_attr_count(a->flavor);
	return KERN_SUCCESS;
}

/* Set a port's queue limit; senders waiting for room may now proceed. */
static void trap_set_qlimit(struct xnu_port *port, u32 qlimit)
{
	bool raised;

	spin_lock(&port->lock);
	raised = qlimit > port->qlimit;
	port->qlimit = qlimit;
	spin_unlock(&port->lock);
	if (raised)
		wake_up_all(&port->snd_wait);
}

static kern_return_t trap_set_attributes(struct xnu_space *space,
					 const struct xnu_mach_port_attr *a)
{
	u32 count = min_t(u32, a->count, XNU_MACH_ATTR_MAX);
	struct xnu_port *port;
	kern_return_t kr;

	switch (a->flavor) {
	case MACH_PORT_LIMITS_INFO:
		if (count < MACH_PORT_LIMITS_INFO_COUNT)
			return KERN_FAILURE;
		if (a->info[0] > MACH_PORT_QLIMIT_MAX)
			return KERN_INVALID_VALUE;
		break;
	case MACH_PORT_DNREQUESTS_SIZE:
		if (count < MACH_PORT_DNREQUESTS_SIZE_COUNT)
			return KERN_FAILURE;
		break;
	case MACH_PORT_TEMPOWNER:
	case MACH_PORT_IMPORTANCE_RECEIVER:
	case MACH_PORT_DENAP_RECEIVER:
	case MACH_PORT_SERVICE_THROTTLED:
		break;
	default:
		return KERN_INVALID_ARGUMENT;
	}
	kr = xnu_right_translate_receive(space, a->name, &port);
	if (kr != KERN_SUCCESS)
		return kr;

	switch (a->flavor) {
	case MACH_PORT_LIMITS_INFO:
		trap_set_qlimit(port, a->info[0]);
		return KERN_SUCCESS;
	case MACH_PORT_SERVICE_THROTTLED:
		return KERN_INVALID_CAPABILITY;	/* we have no service ports */
	case MACH_PORT_TEMPOWNER:
	case MACH_PORT_IMPORTANCE_RECEIVER:
	case MACH_PORT_DENAP_RECEIVER:
		/* No importance donation here; refused for kernel objects. */
		return port->kotype ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
	default:	/* DNREQUESTS_SIZE: nothing to size */
		return KERN_SUCCESS;
	}
}

/**
 * xnu_port_attributes() - mach_port_get_attributes() or _set_attributes()
 * @space:	the space (a reference held, not locked)
 * @a:		name, flavor, count and (set) info; out (get): count, info
 * @set:	set (true) or get
 *
 * The work of both the traps and the MIG routines; @a->task and
 * @a->flags are not looked at. @a->count above XNU_MACH_ATTR_MAX counts as
 * XNU_MACH_ATTR_MAX.
 *
 * Return: KERN_SUCCESS or XNU's error (KERN_INVALID_TASK for a dead space).
 */
kern_return_t xnu_port_attributes(struct xnu_space *space,
				  struct xnu_mach_port_attr *a, bool set)
{
	kern_return_t kr = KERN_INVALID_TASK;

	mutex_lock(&space->lock);
	if (space->active)
		kr = set ? trap_set_attributes(space, a) :
		     trap_get_attributes(space, a);
	mutex_unlock(&space->lock);
	return kr;
}

/* mach_port_get_attributes() (@set false) or mach_port_set_attributes(). */
static long trap_attr_run(struct xnu_file *xf, struct xnu_mach_port_attr *a,
			  bool set)
{
	struct trap_ctx t;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	ret = xnu_port_attributes(t.space, a, set);
	xnu_space_put(t.space);
	return ret;
}

/**
 * xnu_trap_port_get_attributes() - mach_port_get_attributes()
 * @xf: the open file
 * @arg: struct xnu_mach_port_attr: task, name, flavor, count; out: count,
 *	 info
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_get_attributes(struct xnu_file *xf, void *arg)
{
	return trap_attr_run(xf, arg, false);
}

/**
 * xnu_trap_port_set_attributes() - mach_port_set_attributes()
 * @xf: the open file
 * @arg: struct xnu_mach_port_attr: task, name, flavor, count, info
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_set_attributes(struct xnu_file *xf, void *arg)
{
	return trap_attr_run(xf, arg, true);
}

static kern_return_t trap_do_get_context(struct trap_ctx *t,
					 struct xnu_mach_port_args *a)
{
	struct xnu_port *port;
	u64 context;
	kern_return_t kr;

	kr = xnu_right_translate_receive(t->space, a->name, &port);
	if (kr == KERN_SUCCESS) {
		spin_lock(&port->lock);
		context = port->context;
		spin_unlock(&port->lock);
		a->poly = lower_32_bits(context);
		a->sync = upper_32_bits(context);
	}
	return kr;
}

/**
 * xnu_trap_port_get_context() - mach_port_get_context()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name; out: poly (low 32 bits),
 *	 sync (high 32 bits)
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_get_context(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_GET_CONTEXT);
}

static kern_return_t trap_do_set_context(struct trap_ctx *t,
					 struct xnu_mach_port_args *a)
{
	struct xnu_port *port;
	kern_return_t kr;

	kr = xnu_right_translate_receive(t->space, a->name, &port);
	if (kr == KERN_SUCCESS) {
		spin_lock(&port->lock);
		port->context = (u64)a->sync << 32 | a->poly;
		spin_unlock(&port->lock);
	}
	return kr;
}

/**
 * xnu_trap_port_set_context() - mach_port_set_context()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, poly (low 32 bits), sync
 *	 (high 32 bits)
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_set_context(struct xnu_file *xf, void *arg)
{
	return trap_port_run(xf, arg, XNU_PORT_OP_SET_CONTEXT);
}

/* ---- receive-right counters and set membership (MIG only) --------------------------- */

/* A receive right's make-send count, sequence number or send rights. */
static kern_return_t trap_receive_counter(struct trap_ctx *t,
					  struct xnu_mach_port_args *a,
					  enum xnu_port_op op)
{
	struct xnu_port *port;
	kern_return_t kr;

	kr = xnu_right_translate_receive(t->space, a->name, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	spin_lock(&port->lock);
	if (op == XNU_PORT_OP_SET_MSCOUNT)
		port->mscount = a->sync;
	else if (op == XNU_PORT_OP_SET_SEQNO)
		port->seqno = a->sync;
	else
		a->sync = port->srights;
	spin_unlock(&port->lock);
	return KERN_SUCCESS;
}

static kern_return_t trap_do_set_mscount(struct trap_ctx *t,
					 struct xnu_mach_port_args *a)
{
	return trap_receive_counter(t, a, XNU_PORT_OP_SET_MSCOUNT);
}

static kern_return_t trap_do_set_seqno(struct trap_ctx *t,
				       struct xnu_mach_port_args *a)
{
	return trap_receive_counter(t, a, XNU_PORT_OP_SET_SEQNO);
}

static kern_return_t trap_do_get_srights(struct trap_ctx *t,
					 struct xnu_mach_port_args *a)
{
	return trap_receive_counter(t, a, XNU_PORT_OP_GET_SRIGHTS);
}

/*
 * ipc_object_translate_two() for insert_member and extract_member: the
 * receive right @a->name and the port set @a->poly, both valid names.
 */
static kern_return_t trap_member_pair(struct trap_ctx *t,
				      const struct xnu_mach_port_args *a,
				      struct xnu_port **portp,
				      struct xnu_pset **psetp)
{
	struct xnu_entry *member, *set;

	if (!MACH_PORT_VALID(a->name) || !MACH_PORT_VALID(a->poly))
		return KERN_INVALID_RIGHT;
	member = xnu_entry_lookup(t->space, a->name);
	set = xnu_entry_lookup(t->space, a->poly);
	if (!member || !set)
		return KERN_INVALID_NAME;
	if (!(member->type & MACH_PORT_TYPE_RECEIVE) ||
	    !(set->type & MACH_PORT_TYPE_PORT_SET))
		return KERN_INVALID_RIGHT;
	*portp = member->port;
	*psetp = set->pset;
	return KERN_SUCCESS;
}

/* The port set @port is in (port locked only for the read). */
static struct xnu_pset *trap_port_pset(struct xnu_port *port)
{
	struct xnu_pset *pset;

	spin_lock(&port->lock);
	pset = port->pset;
	spin_unlock(&port->lock);
	return pset;
}

/*
 * mach_port_insert_member(). A port belongs to one set at most here
 * (XNU's can be in several): one already in another set is refused with
 * KERN_NOT_SUPPORTED (mach_port_move_member() moves it).
 */
static kern_return_t trap_do_insert_member(struct trap_ctx *t,
					   struct xnu_mach_port_args *a)
{
	struct xnu_pset *pset, *now;
	struct xnu_port *port;
	kern_return_t kr;

	kr = trap_member_pair(t, a, &port, &pset);
	if (kr != KERN_SUCCESS)
		return kr;
	now = trap_port_pset(port);
	if (now == pset)
		return KERN_ALREADY_IN_SET;
	if (now)
		return KERN_NOT_SUPPORTED;
	xnu_pset_move(port, pset);
	return KERN_SUCCESS;
}

/* mach_port_extract_member() */
static kern_return_t trap_do_extract_member(struct trap_ctx *t,
					    struct xnu_mach_port_args *a)
{
	struct xnu_port *port;
	struct xnu_pset *pset;
	kern_return_t kr;

	kr = trap_member_pair(t, a, &port, &pset);
	if (kr != KERN_SUCCESS)
		return kr;
	if (trap_port_pset(port) != pset)
		return KERN_NOT_IN_SET;
	xnu_pset_move(port, NULL);
	return KERN_SUCCESS;
}

/* ---- one implementation for the traps and the MIG routines ----------------------- */

typedef kern_return_t (*trap_op_fn)(struct trap_ctx *t,
				    struct xnu_mach_port_args *a);

static const trap_op_fn trap_ops[XNU_PORT_OP_COUNT] = {
	[XNU_PORT_OP_ALLOCATE] = trap_do_allocate,
	[XNU_PORT_OP_ALLOCATE_NAME] = trap_do_allocate_name,
	[XNU_PORT_OP_DEALLOCATE] = trap_do_deallocate,
	[XNU_PORT_OP_DESTROY] = trap_do_destroy,
	[XNU_PORT_OP_MOD_REFS] = trap_do_mod_refs,
	[XNU_PORT_OP_GET_REFS] = trap_do_get_refs,
	[XNU_PORT_OP_TYPE] = trap_do_type,
	[XNU_PORT_OP_MOVE_MEMBER] = trap_do_move_member,
	[XNU_PORT_OP_INSERT_MEMBER] = trap_do_insert_member,
	[XNU_PORT_OP_EXTRACT_MEMBER] = trap_do_extract_member,
	[XNU_PORT_OP_GET_CONTEXT] = trap_do_get_context,
	[XNU_PORT_OP_SET_CONTEXT] = trap_do_set_context,
	[XNU_PORT_OP_SET_MSCOUNT] = trap_do_set_mscount,
	[XNU_PORT_OP_SET_SEQNO] = trap_do_set_seqno,
	[XNU_PORT_OP_GET_SRIGHTS] = trap_do_get_srights,
};

/**
 * xnu_port_op() - one mach_port_*() routine on a space
 * @space:	the space (a reference held, not locked)
 * @op:		the routine
 * @a:		its arguments and results, in the fields enum xnu_port_op
 *		lists (@a->task and @a->flags are not looked at)
 *
 * Locks @space, which must be active, does the work, unlocks it and runs
 * the deferred work. The trap of the routine and its MIG routine both
 * come here.
 *
 * Return: KERN_SUCCESS or XNU's error for the routine (KERN_INVALID_TASK
 * for a dead space, KERN_INVALID_ARGUMENT for an unknown @op).
 */
kern_return_t xnu_port_op(struct xnu_space *space, enum xnu_port_op op,
			  struct xnu_mach_port_args *a)
{
	struct trap_ctx t = { .space = space };
	kern_return_t kr = KERN_INVALID_TASK;

	if ((unsigned int)op >= XNU_PORT_OP_COUNT)
		return KERN_INVALID_ARGUMENT;
	xnu_deferred_init(&t.d);
	mutex_lock(&space->lock);
	if (space->active)
		kr = trap_ops[op](&t, a);
	mutex_unlock(&space->lock);
	xnu_deferred_run(&t.d);
	return kr;
}

/* ---- notification requests ---------------------------------------------------------- */

/**
 * xnu_trap_port_request_notification() - mach_port_request_notification()
 * @xf: the open file
 * @arg: struct xnu_mach_port_args: task, name, right (the msgid), sync,
 *	 poly (the notify right's name), poly_type (its disposition); out:
 *	 poly (the previous notify right's name), poly_type (its type, 0
 *	 when none)
 *
 * @name is in the task's space; the notify right comes from, and the
 * previous one goes to, the caller's own space (XNU's MIG routine carries
 * them in its messages), which differs when the task is another one.
 *
 * Return: a kern_return_t, or a negative errno.
 */
long xnu_trap_port_request_notification(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	mach_port_name_t previous = MACH_PORT_NULL;
	struct trap_ctx t;
	long ret;

	ret = trap_resolve(xf, a->task, a->flags, &t);
	if (ret)
		return ret;
	ret = xnu_port_request_notification(t.space, t.task->space, a->name,
					    a->right, a->sync, a->poly,
					    a->poly_type, &previous);
	if (ret == KERN_SUCCESS) {
		a->poly = previous;
		a->poly_type = previous != MACH_PORT_NULL ?
			       MACH_MSG_TYPE_PORT_SEND_ONCE : 0;
	}
	xnu_space_put(t.space);
	return ret;
}
