// SPDX-License-Identifier: GPL-2.0
/*
 * right.c - moving rights between a space and messages (or the kernel), as
 * XNU's ipc_right_copyin, ipc_right_copyin_two, ipc_right_copyout and
 * ipc_kmsg_copyin_header do: every disposition, user references pegged at
 * MACH_PORT_UREFS_MAX, send and receive rights of one port sharing a name,
 * dead-name requests cancelled (port-deleted notification) when the last
 * right under a name leaves, and the atomic copyin of a message header;
 * also the small ipc_right.c pieces the port traps share with it.
 *
 * Every function here runs with the space's lock held; the notifications
 * and destructions they cause go on the caller's struct xnu_deferred.
 */
#include <linux/kernel.h>
#include <linux/wait.h>

#include "mach_internal.h"

/* The type a right is received as, for a send disposition. */
static mach_msg_type_name_t right_copyin_type(mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	default:
		return 0;
	}
}

/* A send or send-once entry (no receive right) whose port has died. */
static bool right_port_dead(struct xnu_entry *entry)
{
	bool dead;

	if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS) ||
	    (entry->type & MACH_PORT_TYPE_RECEIVE))
		return false;
	spin_lock(&entry->port->lock);
	dead = !entry->port->active;
	spin_unlock(&entry->port->lock);
	return dead;
}

/**
 * xnu_right_dncancel() - disarm an entry's dead-name request
 * @space: the space, locked
 * @entry: the entry
 * @name: its name
 *
 * Return: the request's send-once right (NULL when none), for the
 * port-deleted notification the caller sends once the entry's right is
 * gone (xnu_right_port_deleted()).
 */
struct xnu_port *xnu_right_dncancel(struct xnu_space *space,
				    struct xnu_entry *entry,
				    mach_port_name_t name)
{
	if (!(entry->type & XNU_ENTRY_DNREQUEST))
		return NULL;
	entry->type &= ~XNU_ENTRY_DNREQUEST;
	return xnu_port_dncancel(entry->port, space, name);
}

/**
 * xnu_right_port_deleted() - send the port-deleted notification of a name
 * @d: deferred work
 * @notify: the right from xnu_right_dncancel() (NULL: nothing to send)
 * @name: the name whose last right went
 */
void xnu_right_port_deleted(struct xnu_deferred *d, struct xnu_port *notify,
			    mach_port_name_t name)
{
	if (notify)
		xnu_notify_port_deleted(d, notify, name);
}

/**
 * xnu_right_entry_release() - free an entry whose last right left
 * @space: the space, locked
 * @entry: the entry (its port reference went with the right)
 */
void xnu_right_entry_release(struct xnu_space *space, struct xnu_entry *entry)
{
	xnu_entry_rev_remove(space, entry);
	entry->port = NULL;
	xnu_entry_free(space, entry);
}

/**
 * xnu_right_clear_receiver() - the receive right leaves its space
 * @port: the port
 *
 * As ipc_port_clear_receiver: the port is in transit, its make-send count,
 * sequence number and context start over, and receivers waiting on it
 * learn that it left (MACH_RCV_PORT_CHANGED).
 */
void xnu_right_clear_receiver(struct xnu_port *port)
{
	xnu_pset_move(port, NULL);
	spin_lock(&port->lock);
	port->receiver = NULL;
	port->rcv_name = MACH_PORT_NULL;
	port->mscount = 0;
	port->seqno = 0;
	port->context = 0;
	spin_unlock(&port->lock);
	wake_up_all(&port->rcv_wait);
}

/**
 * xnu_right_translate_receive() - the port of a name's receive right
 * @space: the space, locked
 * @name: the name
 * @portp: out: the port (no reference taken)
 *
 * As ipc_port_translate_receive().
 *
 * Return: KERN_SUCCESS, KERN_INVALID_RIGHT (a null or dead name, or no
 * receive right) or KERN_INVALID_NAME.
 */
kern_return_t xnu_right_translate_receive(struct xnu_space *space,
					  mach_port_name_t name,
					  struct xnu_port **portp)
{
	struct xnu_entry *entry;

	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_RIGHT;
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return KERN_INVALID_NAME;
	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	*portp = entry->port;
	return KERN_SUCCESS;
}

/* ---- copyin --------------------------------------------------------------------- */

/**
 * xnu_right_dead_name_dealloc() - one user reference of a dead name goes
 * @space: the space, locked
 * @entry: the dead name (pegged counts stay)
 */
void xnu_right_dead_name_dealloc(struct xnu_space *space,
				 struct xnu_entry *entry)
{
	if (entry->urefs == 1)
		xnu_entry_free(space, entry);
	else if (entry->urefs < MACH_PORT_UREFS_MAX)
		entry->urefs--;
}

/* Moving one user reference of a dead name (deadok callers only). */
static kern_return_t right_move_dead(struct xnu_space *space,
				     struct xnu_entry *entry, bool deadok,
				     struct xnu_port **portp)
{
	if (!deadok)
		return KERN_INVALID_RIGHT;
	xnu_right_dead_name_dealloc(space, entry);
	*portp = XNU_PORT_DEAD;
	return KERN_SUCCESS;
}

static kern_return_t right_copyin_receive(struct xnu_space *space,
					  struct xnu_entry *entry,
					  mach_port_name_t name,
					  struct xnu_port **portp,
					  struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port;
	struct xnu_port *notify = NULL;

	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (port->kotype)
		return KERN_INVALID_CAPABILITY;

	if (entry->type & MACH_PORT_TYPE_SEND) {
		/* The name keeps the send right (and its dead-name request). */
		entry->type &= ~MACH_PORT_TYPE_RECEIVE;
		xnu_port_get(port);
	} else {
		notify = xnu_right_dncancel(space, entry, name);
		xnu_right_entry_release(space, entry);
	}
	xnu_right_clear_receiver(port);
	xnu_right_port_deleted(d, notify, name);
	*portp = port;
	return KERN_SUCCESS;
}

static kern_return_t right_copyin_copy_send(struct xnu_space *space,
					    struct xnu_entry *entry,
					    bool deadok,
					    struct xnu_port **portp)
{
	if (!(entry->type & MACH_PORT_TYPE_DEAD_NAME)) {
		if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
			return KERN_INVALID_RIGHT;
		if (!xnu_entry_check(space, entry)) {
			if (!(entry->type & MACH_PORT_TYPE_SEND))
				return KERN_INVALID_RIGHT;
			xnu_port_copy_send_ref(entry->port);
			*portp = entry->port;
			return KERN_SUCCESS;
		}
	}
	if (!deadok)
		return KERN_INVALID_RIGHT;
	*portp = XNU_PORT_DEAD;
	return KERN_SUCCESS;
}

/*
 * Move @n (1 or 2) send rights out of a live send entry holding at least
 * @n user references: a reference each, the entry's own going with the
 * last uref (the receive right, if any, keeps the name).
 */
static kern_return_t right_take_sends(struct xnu_space *space,
				      struct xnu_entry *entry,
				      mach_port_name_t name, u32 n,
				      struct xnu_port **portp,
				      struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port;
	struct xnu_port *notify = NULL;
	u32 i;

	for (i = 1; i < n; i++)
		xnu_port_copy_send_ref(port);
	if (entry->urefs > n) {
		xnu_port_copy_send_ref(port);
		if (entry->urefs < MACH_PORT_UREFS_MAX)
			entry->urefs -= n;
	} else if (entry->type & MACH_PORT_TYPE_RECEIVE) {
		/* The send right moves; the receive right keeps the name. */
		entry->type &= ~MACH_PORT_TYPE_SEND;
		entry->urefs = 0;
		xnu_port_get(port);
	} else {
		notify = xnu_right_dncancel(space, entry, name);
		xnu_right_entry_release(space, entry);
	}
	xnu_right_port_deleted(d, notify, name);
	*portp = port;
	return KERN_SUCCESS;
}

static kern_return_t right_copyin_move_send(struct xnu_space *space,
					    struct xnu_entry *entry,
					    mach_port_name_t name, bool deadok,
					    struct xnu_port **portp,
					    struct xnu_deferred *d)
{
	if (entry->type & MACH_PORT_TYPE_DEAD_NAME)
		return right_move_dead(space, entry, deadok, portp);
	if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
		return KERN_INVALID_RIGHT;
	if (xnu_entry_check(space, entry))
		return right_move_dead(space, entry, deadok, portp);
	if (!(entry->type & MACH_PORT_TYPE_SEND))
		return KERN_INVALID_RIGHT;
	return right_take_sends(space, entry, name, 1, portp, d);
}

/*
 * @dead_so: a send-once right to a dead port with no dead-name request
 * moves as it is (XNU's IPC_OBJECT_COPYIN_FLAGS_ALLOW_DEAD_SEND_ONCE, for
 * a message's destination): the message is then swallowed at send.
 */
static kern_return_t right_copyin_move_send_once(struct xnu_space *space,
						 struct xnu_entry *entry,
						 mach_port_name_t name,
						 bool deadok, bool dead_so,
						 struct xnu_port **portp,
						 struct xnu_deferred *d)
{
	struct xnu_port *port = entry->port;
	struct xnu_port *notify;

	if (entry->type & MACH_PORT_TYPE_DEAD_NAME)
		return right_move_dead(space, entry, deadok, portp);
	if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
		return KERN_INVALID_RIGHT;
	if (!(dead_so && entry->type == MACH_PORT_TYPE_SEND_ONCE) &&
	    xnu_entry_check(space, entry))
		return right_move_dead(space, entry, deadok, portp);
	if (!(entry->type & MACH_PORT_TYPE_SEND_ONCE))
		return KERN_INVALID_RIGHT;

	notify = xnu_right_dncancel(space, entry, name);
	xnu_right_entry_release(space, entry);
	xnu_right_port_deleted(d, notify, name);
	*portp = port;
	return KERN_SUCCESS;
}

static kern_return_t right_copyin_entry(struct xnu_space *space,
					struct xnu_entry *entry,
					mach_port_name_t name,
					mach_msg_type_name_t disp, bool deadok,
					struct xnu_port **portp,
					struct xnu_deferred *d)
{
	switch (disp) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		if (disp == MACH_MSG_TYPE_MAKE_SEND)
			xnu_port_make_send_ref(entry->port);
		else
			xnu_port_make_send_once_ref(entry->port);
		*portp = entry->port;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return right_copyin_receive(space, entry, name, portp, d);
	case MACH_MSG_TYPE_COPY_SEND:
		return right_copyin_copy_send(space, entry, deadok, portp);
	case MACH_MSG_TYPE_MOVE_SEND:
		return right_copyin_move_send(space, entry, name, deadok,
					      portp, d);
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return right_copyin_move_send_once(space, entry, name, deadok,
						   false, portp, d);
	default:
		return KERN_INVALID_VALUE;
	}
}

/**
 * xnu_right_copyin() - take a right out of a space
 * @space: the space, locked
 * @name: the name
 * @disp: MACH_MSG_TYPE_MOVE_RECEIVE .. MACH_MSG_TYPE_MAKE_SEND_ONCE
 * @deadok: a dead name (COPY_SEND, MOVE_SEND, MOVE_SEND_ONCE) gives
 *	    XNU_PORT_DEAD instead of KERN_INVALID_RIGHT
 * @portp: out: the port with the right and one reference, or XNU_PORT_DEAD
 * @typep: out: the type the right is received as
 * @d: deferred work (port-deleted notifications)
 *
 * Return: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 * KERN_INVALID_CAPABILITY (a kernel object's receive right) or
 * KERN_INVALID_VALUE (@disp is not a send disposition).
 */
kern_return_t xnu_right_copyin(struct xnu_space *space, mach_port_name_t name,
			       mach_msg_type_name_t disp, bool deadok,
			       struct xnu_port **portp,
			       mach_msg_type_name_t *typep,
			       struct xnu_deferred *d)
{
	struct xnu_entry *entry;
	kern_return_t kr;

	lockdep_assert_held(&space->lock);
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return KERN_INVALID_NAME;
	kr = right_copyin_entry(space, entry, name, disp, deadok, portp, d);
	if (kr == KERN_SUCCESS)
		*typep = right_copyin_type(disp);
	return kr;
}

/* User references of @entry once seen as a dead name. */
static u32 right_dead_urefs(struct xnu_entry *entry)
{
	u32 urefs;

	if (entry->type & MACH_PORT_TYPE_DEAD_NAME)
		return entry->urefs;
	urefs = (entry->type & MACH_PORT_TYPE_SEND) ? entry->urefs : 1;
	if ((entry->type & XNU_ENTRY_DNREQUEST) && urefs < MACH_PORT_UREFS_MAX)
		urefs++;
	return urefs;
}

static bool right_enough_urefs(u32 urefs, unsigned int count)
{
	return urefs >= count || urefs == MACH_PORT_UREFS_MAX;
}

static kern_return_t right_check_send(struct xnu_entry *entry,
				      mach_msg_type_name_t disp, bool deadok,
				      unsigned int count)
{
	bool dead = (entry->type & MACH_PORT_TYPE_DEAD_NAME) ||
		    right_port_dead(entry);

	if (!dead && !(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
		return KERN_INVALID_RIGHT;
	if (dead) {
		if (!deadok)
			return KERN_INVALID_RIGHT;
		if (disp != MACH_MSG_TYPE_COPY_SEND &&
		    !right_enough_urefs(right_dead_urefs(entry), count))
			return KERN_INVALID_RIGHT;
		return KERN_SUCCESS;
	}
	switch (disp) {
	case MACH_MSG_TYPE_COPY_SEND:
		if (!(entry->type & MACH_PORT_TYPE_SEND))
			return KERN_INVALID_RIGHT;
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
		if (!(entry->type & MACH_PORT_TYPE_SEND) ||
		    !right_enough_urefs(entry->urefs, count))
			return KERN_INVALID_RIGHT;
		break;
	default:	/* MOVE_SEND_ONCE */
		if (!(entry->type & MACH_PORT_TYPE_SEND_ONCE) || count > 1)
			return KERN_INVALID_RIGHT;
		break;
	}
	return KERN_SUCCESS;
}

/**
 * xnu_right_copyin_check() - would xnu_right_copyin() succeed?
 * @space: the space, locked
 * @name: the name
 * @disp: the disposition
 * @deadok: as for xnu_right_copyin()
 * @count: how many times the same copyin is to be done (MOVE_SEND twice
 *	   needs two user references; a receive or send-once right moves once)
 *
 * Changes nothing.
 *
 * Return: KERN_SUCCESS or the error xnu_right_copyin() would return.
 */
kern_return_t xnu_right_copyin_check(struct xnu_space *space,
				     mach_port_name_t name,
				     mach_msg_type_name_t disp, bool deadok,
				     unsigned int count)
{
	struct xnu_entry *entry;

	lockdep_assert_held(&space->lock);
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return KERN_INVALID_NAME;
	switch (disp) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
			return KERN_INVALID_RIGHT;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if (!(entry->type & MACH_PORT_TYPE_RECEIVE) || count > 1)
			return KERN_INVALID_RIGHT;
		if (entry->port->kotype)
			return KERN_INVALID_CAPABILITY;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return right_check_send(entry, disp, deadok, count);
	default:
		return KERN_INVALID_VALUE;
	}
}

/* ---- copyout -------------------------------------------------------------------- */

/* A send right joins the entry already naming its port. */
static void right_copyout_send_merge(struct xnu_entry *entry,
				     struct xnu_port *port)
{
	if (entry->type & MACH_PORT_TYPE_SEND) {
		/* Two send rights became one: drop the message's. */
		spin_lock(&port->lock);
		port->srights--;
		spin_unlock(&port->lock);
		if (entry->urefs < MACH_PORT_UREFS_MAX)
			entry->urefs++;
	} else {
		/* The receive right's entry takes the send right over. */
		entry->type |= MACH_PORT_TYPE_SEND;
		entry->urefs = 1;
	}
	xnu_port_put(port);	/* the entry holds its own reference */
}

/* The receive right arrives in @space under @entry's name. */
static void right_set_receiver(struct xnu_space *space,
			       struct xnu_entry *entry, struct xnu_port *port)
{
	spin_lock(&port->lock);
	port->receiver = space;
	port->rcv_name = xnu_entry_name(entry);
	spin_unlock(&port->lock);
}

/**
 * xnu_right_copyout_fresh() - put a right into a fresh entry
 * @space: the space, locked
 * @entry: the entry, type 0
 * @port: the right's port, with its reference
 * @type: the received type (MACH_MSG_TYPE_PORT_*)
 *
 * A receive right also sets the port's receiver and name. On failure the
 * entry is freed and the right is left to the caller.
 *
 * Return: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_right_copyout_fresh(struct xnu_space *space,
				      struct xnu_entry *entry,
				      struct xnu_port *port,
				      mach_msg_type_name_t type)
{
	entry->port = port;
	switch (type) {
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		entry->type = MACH_PORT_TYPE_SEND_ONCE;
		entry->urefs = 1;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_PORT_SEND:
		entry->type = MACH_PORT_TYPE_SEND;
		entry->urefs = 1;
		break;
	default:
		entry->type = MACH_PORT_TYPE_RECEIVE;
		entry->urefs = 0;
		break;
	}
	if (xnu_entry_rev_insert(space, entry)) {
		entry->port = NULL;
		xnu_entry_free(space, entry);
		return KERN_RESOURCE_SHORTAGE;
	}
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		right_set_receiver(space, entry, port);
	return KERN_SUCCESS;
}

/**
 * xnu_right_port_active() - whether a port is alive
 * @port: the port
 *
 * Return: port->active, read under the port's lock.
 */
bool xnu_right_port_active(struct xnu_port *port)
{
	bool active;

	spin_lock(&port->lock);
	active = port->active;
	spin_unlock(&port->lock);
	return active;
}

/**
 * xnu_right_copyout() - put a right into a space
 * @space: the space, locked
 * @port: the port with the right and one reference, NULL or XNU_PORT_DEAD
 * @type: MACH_MSG_TYPE_PORT_RECEIVE, _SEND or _SEND_ONCE
 * @namep: out: the name, MACH_PORT_NULL or MACH_PORT_DEAD
 * @d: deferred work (rights destroyed on failure)
 *
 * Send and receive rights of one port share a name (a send right joining
 * another adds a user reference, pegged at MACH_PORT_UREFS_MAX); a
 * send-once right always gets a new name. A right to a dead port is
 * released and named MACH_PORT_DEAD.
 *
 * Return: KERN_SUCCESS; KERN_NO_SPACE, KERN_RESOURCE_SHORTAGE or
 * KERN_INVALID_TASK (the space is inactive), with the right destroyed and
 * *@namep MACH_PORT_DEAD; KERN_INVALID_VALUE for a bad @type (a bug).
 */
kern_return_t xnu_right_copyout(struct xnu_space *space, struct xnu_port *port,
				mach_msg_type_name_t type,
				mach_port_name_t *namep,
				struct xnu_deferred *d)
{
	struct xnu_entry *entry = NULL;
	kern_return_t kr;

	lockdep_assert_held(&space->lock);
	*namep = MACH_PORT_NULL;
	if (!port)
		return KERN_SUCCESS;
	*namep = MACH_PORT_DEAD;
	if (port == XNU_PORT_DEAD)
		return KERN_SUCCESS;

	if (type != MACH_MSG_TYPE_PORT_SEND &&
	    type != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    type != MACH_MSG_TYPE_PORT_RECEIVE) {
		WARN_ON_ONCE(1);
		return KERN_INVALID_VALUE;
	}
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto destroy;
	}
	if (type != MACH_MSG_TYPE_PORT_RECEIVE && !xnu_right_port_active(port)) {
		xnu_right_release(port, type, d);
		return KERN_SUCCESS;
	}
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		xnu_port_clear_destination(port);	/* no longer in transit */

	if (type != MACH_MSG_TYPE_PORT_SEND_ONCE)
		entry = xnu_entry_find_port(space, port);
	if (entry && type == MACH_MSG_TYPE_PORT_SEND) {
		right_copyout_send_merge(entry, port);
	} else if (entry) {
		/* A receive right joins the send right naming its port. */
		entry->type |= MACH_PORT_TYPE_RECEIVE;
		xnu_port_put(port);
		right_set_receiver(space, entry, port);
	} else {
		kr = xnu_entry_alloc(space, &entry);
		if (kr != KERN_SUCCESS)
			goto destroy;
		kr = xnu_right_copyout_fresh(space, entry, port, type);
		if (kr != KERN_SUCCESS)
			goto destroy;
	}
	*namep = xnu_entry_name(entry);
	return KERN_SUCCESS;

destroy:
	xnu_right_release(port, type, d);
	return kr;
}

/**
 * xnu_right_copyout_reserved() - put a send-once right into a reserved name
 * @space: the space, locked
 * @resv: the name, from xnu_entry_reserve() (consumed)
 * @port: the send-once right with its reference
 * @namep: out: the name, or MACH_PORT_DEAD for a dead port
 * @d: deferred work
 *
 * Like xnu_right_copyout() of a send-once right, which always takes a new
 * name, but into a name reserved ahead, so that it cannot fail.
 */
void xnu_right_copyout_reserved(struct xnu_space *space,
				struct xnu_entry_resv *resv,
				struct xnu_port *port, mach_port_name_t *namep,
				struct xnu_deferred *d)
{
	struct xnu_entry *entry = resv->entry;

	lockdep_assert_held(&space->lock);
	resv->entry = NULL;
	if (!xnu_right_port_active(port)) {
		xnu_right_release(port, MACH_MSG_TYPE_PORT_SEND_ONCE, d);
		resv->entry = entry;
		xnu_entry_unreserve(space, resv);
		*namep = MACH_PORT_DEAD;
		return;
	}
	xnu_right_copyout_fresh(space, entry, port, MACH_MSG_TYPE_PORT_SEND_ONCE);
	*namep = xnu_entry_name(entry);
}

/**
 * xnu_right_release() - destroy a right held outside any space
 * @port: the port with the right and one reference (NULL and
 *	  XNU_PORT_DEAD are ignored)
 * @type: MACH_MSG_TYPE_PORT_RECEIVE, _SEND or _SEND_ONCE
 * @d: deferred work
 *
 * A send right is released (maybe arming a no-senders notification), an
 * unused send-once right sends a send-once notification, a receive right
 * destroys its port.
 */
void xnu_right_release(struct xnu_port *port, mach_msg_type_name_t type,
		       struct xnu_deferred *d)
{
	if (!XNU_PORT_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_SEND:
		xnu_port_release_send_ref(port, d);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		xnu_port_release_send_once_ref(port, true, d);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		xnu_port_destroy(port, d);
		break;
	default:
		WARN_ONCE(1, "xnucross: releasing a right of type %u\n", type);
		break;
	}
}

/* ---- the message header ----------------------------------------------------- */

/**
 * struct right_hdr - a message header being copied in
 * @dest_name:	 msgh_remote_port
 * @dest_disp:	 its disposition
 * @reply_name:	 msgh_local_port
 * @reply_disp:	 its disposition (0 for none)
 */
struct right_hdr {
	mach_port_name_t dest_name;
	mach_msg_type_name_t dest_disp;
	mach_port_name_t reply_name;
	mach_msg_type_name_t reply_disp;
};

/* ipc_kmsg_copyin_header_validate(): the checks that need no lock. */
static mach_msg_return_t right_hdr_validate(const mach_msg_header_t *hdr,
					    struct right_hdr *h)
{
	mach_msg_bits_t bits = hdr->msgh_bits;
	mach_port_name_t voucher_name = MACH_PORT_NULL;

	if (bits & ~MACH_MSGH_BITS_USER)
		return MACH_SEND_INVALID_HEADER;

	h->reply_name = hdr->msgh_local_port;
	h->reply_disp = MACH_MSGH_BITS_LOCAL(bits);
	if (!h->reply_disp) {
		if (h->reply_name != MACH_PORT_NULL)
			return MACH_SEND_INVALID_HEADER;
	} else if (!MACH_MSG_TYPE_PORT_ANY_SEND(h->reply_disp)) {
		return MACH_SEND_INVALID_HEADER;
	}

	switch (MACH_MSGH_BITS_VOUCHER(bits)) {
	case 0:
		break;	/* msgh_voucher_port is not looked at */
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		voucher_name = hdr->msgh_voucher_port;
		if (voucher_name != MACH_PORT_DEAD)
			break;
		fallthrough;
	default:
		return MACH_SEND_INVALID_VOUCHER;
	}

	h->dest_name = hdr->msgh_remote_port;
	h->dest_disp = MACH_MSGH_BITS_REMOTE(bits);
	if (!MACH_MSG_TYPE_PORT_ANY_SEND(h->dest_disp))
		return MACH_SEND_INVALID_HEADER;
	if (!MACH_PORT_VALID(h->dest_name))
		return MACH_SEND_INVALID_DEST;
	if (h->dest_name == voucher_name &&
	    h->dest_disp != MACH_MSG_TYPE_MOVE_SEND &&
	    h->dest_disp != MACH_MSG_TYPE_COPY_SEND)
		return MACH_SEND_INVALID_DEST;
	if (h->dest_name == h->reply_name &&
	    (h->dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	     h->reply_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE))
		return MACH_SEND_INVALID_DEST;
	if (MACH_PORT_VALID(h->reply_name) && h->reply_name == voucher_name)
		return MACH_SEND_INVALID_REPLY;
	/* We have no vouchers: any voucher name is not one. */
	if (voucher_name != MACH_PORT_NULL)
		return MACH_SEND_INVALID_VOUCHER;
	return MACH_MSG_SUCCESS;
}

/* ipc_right_copyin_check_reply(): would the reply copyin succeed? */
static bool right_reply_ok(struct xnu_entry *entry, mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return entry->type & MACH_PORT_TYPE_RECEIVE;
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (entry->type & MACH_PORT_TYPE_DEAD_NAME)
			return true;
		if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
			return false;
		if (right_port_dead(entry))
			return true;
		if (disp == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			return entry->type & MACH_PORT_TYPE_SEND_ONCE;
		return entry->type & MACH_PORT_TYPE_SEND;
	default:
		return false;
	}
}

/*
 * Two MOVE_SEND of one name (ipc_right_copyin_two_move_sends): needs two
 * user references; gives two send rights and two references.
 */
static kern_return_t right_copyin_two_move_sends(struct xnu_space *space,
						 struct xnu_entry *entry,
						 mach_port_name_t name,
						 struct xnu_port **portp,
						 struct xnu_deferred *d)
{
	if (!(entry->type & MACH_PORT_TYPE_SEND) || entry->urefs < 2)
		return KERN_INVALID_RIGHT;
	if (xnu_entry_check(space, entry))
		return KERN_INVALID_RIGHT;
	return right_take_sends(space, entry, name, 2, portp, d);
}

/*
 * Destination and reply under one name, neither MOVE_SEND_ONCE nor
 * MAKE_*: MOVE+MOVE takes two user references, MOVE+COPY and COPY+COPY
 * copy in the stronger one and duplicate the send right.
 */
static kern_return_t right_copyin_two_sends(struct xnu_space *space,
					    struct xnu_entry *entry,
					    const struct right_hdr *h,
					    struct xnu_port **portp,
					    struct xnu_deferred *d)
{
	mach_msg_type_name_t disp;
	kern_return_t kr;

	if (h->dest_disp == MACH_MSG_TYPE_MOVE_SEND &&
	    h->reply_disp == MACH_MSG_TYPE_MOVE_SEND)
		return right_copyin_two_move_sends(space, entry, h->dest_name,
						   portp, d);
	if (h->dest_disp == MACH_MSG_TYPE_MOVE_SEND ||
	    h->reply_disp == MACH_MSG_TYPE_MOVE_SEND)
		disp = MACH_MSG_TYPE_MOVE_SEND;
	else
		disp = MACH_MSG_TYPE_COPY_SEND;
	kr = right_copyin_entry(space, entry, h->dest_name, disp, false,
				portp, d);
	if (kr == KERN_SUCCESS)
		xnu_port_copy_send_ref(*portp);
	return kr;
}

static bool right_hdr_joint(const struct right_hdr *h)
{
	return h->dest_name == h->reply_name &&
	       h->dest_disp != MACH_MSG_TYPE_MAKE_SEND &&
	       h->dest_disp != MACH_MSG_TYPE_MAKE_SEND_ONCE &&
	       h->reply_disp != MACH_MSG_TYPE_MAKE_SEND &&
	       h->reply_disp != MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/* ipc_kmsg_copyin_header_rights(): the part under the space lock. */
static mach_msg_return_t right_hdr_rights(struct xnu_space *space,
					  const struct right_hdr *h,
					  struct xnu_port **dest,
					  struct xnu_port **reply,
					  struct xnu_deferred *d)
{
	struct xnu_entry *dest_entry, *reply_entry = NULL;
	kern_return_t kr;

	if (!space->active)
		return MACH_SEND_INVALID_DEST;
	dest_entry = xnu_entry_lookup(space, h->dest_name);
	if (!dest_entry || !(dest_entry->type & MACH_PORT_TYPE_PORT_RIGHTS))
		return MACH_SEND_INVALID_DEST;
	if (MACH_PORT_VALID(h->reply_name)) {
		reply_entry = h->reply_name == h->dest_name ? dest_entry :
			      xnu_entry_lookup(space, h->reply_name);
		if (!reply_entry || !right_reply_ok(reply_entry, h->reply_disp))
			return MACH_SEND_INVALID_REPLY;
	}

	/* From here on only the destination may fail. */
	if (right_hdr_joint(h)) {
		kr = right_copyin_two_sends(space, dest_entry, h, dest, d);
		if (kr != KERN_SUCCESS)
			return MACH_SEND_INVALID_DEST;
		*reply = *dest;
		return MACH_MSG_SUCCESS;
	}
	if (h->dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE)
		kr = right_copyin_move_send_once(space, dest_entry, h->dest_name,
						 false, true, dest, d);
	else
		kr = right_copyin_entry(space, dest_entry, h->dest_name,
					h->dest_disp, false, dest, d);
	if (kr != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;

	if (!MACH_PORT_VALID(h->reply_name)) {
		*reply = h->reply_name == MACH_PORT_DEAD ? XNU_PORT_DEAD : NULL;
		return MACH_MSG_SUCCESS;
	}
	/*
	 * The entry checked above is still the name's: the destination's
	 * copy-in frees no entry holding a receive right, and a reply right
	 * copied (not made) under the destination's name is the joint case.
	 */
	kr = right_copyin_entry(space, reply_entry, h->reply_name,
				h->reply_disp, true, reply, d);
	if (WARN_ON_ONCE(kr != KERN_SUCCESS)) {
		xnu_right_release(*dest, right_copyin_type(h->dest_disp), d);
		*dest = NULL;
		return MACH_SEND_INVALID_REPLY;
	}
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_right_copyin_header() - take the rights of a message header
 * @space: the sender's space, locked
 * @hdr: the user header (bits, remote, local, voucher)
 * @dest: out: the destination right (a send or send-once right and a
 *	  reference)
 * @reply: out: the reply right, NULL or XNU_PORT_DEAD
 * @bitsp: out: the header bits with the received types (remote = the
 *	   destination's, local = the reply's or 0, voucher 0) and the other
 *	   bits
 * @d: deferred work (port-deleted notifications)
 *
 * The checks, their order and their codes are ipc_kmsg_copyin_header()'s.
 * Either every right is taken or nothing changes (except that rights to
 * dead ports met on the way become dead names, as in XNU). We have no
 * vouchers: a voucher disposition of MOVE_SEND or COPY_SEND with a null
 * name is accepted and ignored, anything else naming a voucher is
 * MACH_SEND_INVALID_VOUCHER. A MOVE_SEND_ONCE destination whose port died
 * is still taken when no dead-name request is armed on it (the message is
 * then swallowed at send, as in current XNU); a reply naming a dead name is
 * taken as MACH_PORT_DEAD.
 *
 * Return: MACH_MSG_SUCCESS, MACH_SEND_INVALID_HEADER,
 * MACH_SEND_INVALID_DEST, MACH_SEND_INVALID_REPLY or
 * MACH_SEND_INVALID_VOUCHER.
 */
mach_msg_return_t xnu_right_copyin_header(struct xnu_space *space,
					  const mach_msg_header_t *hdr,
					  struct xnu_port **dest,
					  struct xnu_port **reply,
					  mach_msg_bits_t *bitsp,
					  struct xnu_deferred *d)
{
	mach_msg_type_name_t reply_type = 0;
	struct right_hdr h;
	mach_msg_return_t mr;

	lockdep_assert_held(&space->lock);
	*dest = NULL;
	*reply = NULL;
	mr = right_hdr_validate(hdr, &h);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = right_hdr_rights(space, &h, dest, reply, d);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (h.reply_disp)
		reply_type = right_copyin_type(h.reply_disp);
	*bitsp = MACH_MSGH_BITS_SET(right_copyin_type(h.dest_disp), reply_type,
				    0, hdr->msgh_bits);
	return MACH_MSG_SUCCESS;
}
