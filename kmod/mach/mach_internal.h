/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mach_internal.h - the objects of the Mach IPC subsystem and the calls its
 * files make to each other: ports, port sets, spaces and their entries,
 * in-flight messages, deferred notifications, tasks and kernel objects.
 *
 * Locking (the rules every file follows; see Documentation/mach-ipc.rst):
 *
 *  1. space->lock (a mutex) protects the space's names and entries. At most
 *     one space lock is held at a time, and never while sleeping in a
 *     message wait.
 *  2. port->lock (a spinlock) protects the port's queue, counts, receiver,
 *     notification requests and set membership. It nests inside a space
 *     lock. Two port locks are never held together.
 *  3. pset->lock (a spinlock) protects a set's member list; it nests inside
 *     the lock of the member port being added or removed (port, then pset).
 *  4. Nothing that sends a message, destroys a message or a port, or calls
 *     back into a kernel object runs under a port or pset lock: such work
 *     is put on a struct xnu_deferred and run by xnu_deferred_run() once
 *     every lock is dropped. xnu_notify_*() and xnu_defer_*() may sleep to
 *     allocate, so they run with no spinlock held (a space mutex is fine).
 *  5. A port is kept alive by references (port->ref): every entry holding a
 *     right to it, every right in a message, every waiter and caller holds
 *     one. Rights are counted apart from references (srights, sorights,
 *     the receive right via port->receiver).
 *
 * Dead ports: when a port dies, the entries other spaces hold for it are
 * not touched; they are turned into dead names the next time their space
 * looks at them (xnu_entry_check()), as XNU does.
 */
#ifndef XNU_MACH_INTERNAL_H
#define XNU_MACH_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "xnu_core.h"
#include "xnu_mach_types.h"
#include "xnu_mach_msg.h"
#include "xnu_mach_traps.h"
#include <xnucross/kobject.h>

struct cred;
struct pid;
struct xnu_space;
struct xnu_pset;
struct xnu_kmsg;
struct xnu_task;
struct xnu_deferred;

/* ---- ports (port.c) --------------------------------------------------------- */

/* port->flags */
#define XNU_PORT_F_QUEUED	0x1	/* kernel-held, messages queue (listener) */
#define XNU_PORT_F_REPLY	0x2	/* made by mach_reply_port() */
#define XNU_PORT_F_ASYNC	0x4	/* kernel object: one-way messages queue */

/**
 * struct xnu_port - a Mach port: a message queue and the rights to it
 * @ref:	references (see the locking rules)
 * @lock:	protects everything below except @id, @kotype and @kobject
 * @id:		identity, unique for the module's life (xlsmp shows it)
 * @active:	false once the port is dead
 * @receiver:	space holding the receive right; &xnu_kernel_space for
 *		kernel-held ports; NULL while the right is in a message
 * @rcv_name:	name of the receive right in @receiver (0 for the kernel)
 * @pset:	set the port is a member of, or NULL
 * @pset_link:	on @pset's member list
 * @msgs:	queued struct xnu_kmsg, oldest first
 * @msgcount:	messages in @msgs
 * @qlimit:	queue limit (MACH_PORT_QLIMIT_DEFAULT at creation)
 * @seqno:	sequence number of the next message received
 * @rcv_wait:	receivers waiting on the port itself
 * @snd_wait:	senders waiting for room in the queue
 * @srights:	send rights in existence (one per entry holding send rights,
 *		one per send right in a message or held by the kernel)
 * @sorights:	send-once rights in existence
 * @mscount:	make-send count
 * @context:	mach_port_set_context() value (the CTX trailer reports it)
 * @flags:	XNU_PORT_F_*
 * @nsrequest:	send-once right for the no-senders notification, or NULL
 * @nssync:	make-send count that arms it
 * @pdrequest:	send-once right for the port-destroyed notification, or NULL
 * @dnrequests:	struct xnu_dnrequest list
 * @destination: while the receive right is in a message, the port that
 *		message is queued on (or sent to), with a reference; NULL
 *		otherwise. Protected by the global transit lock of port.c,
 *		not by @lock (see xnu_port_check_circularity()).
 * @kotype:	kernel object type, for kernel-held object ports (else NULL)
 * @kobject:	the object
 * @async_work:	with XNU_PORT_F_ASYNC, serves the queued one-way messages
 *		(kobject.c); a queued work item holds a reference
 * @rcu:	frees the port
 */
struct xnu_port {
	refcount_t ref;
	spinlock_t lock;		/* see the locking rules above */
	u64 id;
	bool active;
	struct xnu_space *receiver;
	mach_port_name_t rcv_name;
	struct xnu_pset *pset;
	struct list_head pset_link;
	struct list_head msgs;
	u32 msgcount;
	u32 qlimit;
	u32 seqno;
	wait_queue_head_t rcv_wait;
	wait_queue_head_t snd_wait;
	u32 srights;
	u32 sorights;
	u32 mscount;
	u64 context;
	u32 flags;
	struct xnu_port *nsrequest;
	u32 nssync;
	struct xnu_port *pdrequest;
	struct list_head dnrequests;
	struct xnu_port *destination;
	const struct xnu_kobject_type *kotype;
	void *kobject;
	struct work_struct async_work;
	struct rcu_head rcu;
};

/* A dead port in a message or header: received as MACH_PORT_DEAD. */
#define XNU_PORT_DEAD	((struct xnu_port *)-1L)
static inline bool XNU_PORT_VALID(const struct xnu_port *port)
{
	return port && port != XNU_PORT_DEAD;
}

/**
 * struct xnu_dnrequest - a dead-name request on a port
 * @link:	on port->dnrequests
 * @space:	space of the name (compared, never dereferenced after the
 *		request left the list)
 * @name:	the name, reported by the notification
 * @notify:	send-once right to notify
 */
struct xnu_dnrequest {
	struct list_head link;
	struct xnu_space *space;
	mach_port_name_t name;
	struct xnu_port *notify;
};

/* A new port with one reference and no rights counted; NULL on ENOMEM. */
struct xnu_port *xnu_port_alloc(void);
static inline void xnu_port_get(struct xnu_port *port)
{
	refcount_inc(&port->ref);
}

/* Drop a reference; the last frees the (dead, empty) port after RCU. */
void xnu_port_put(struct xnu_port *port);

/*
 * Rights held outside any space (in messages, by the kernel). Each takes or
 * gives one reference together with the right. The caller holds no port
 * lock. make_send bumps mscount; release_send may arm a no-senders
 * notification or a kernel object's no_senders callback (on @d);
 * release_send_once with @notify sends a send-once notification to the port
 * (on @d), as when an unused send-once right is destroyed.
 */
void xnu_port_make_send_ref(struct xnu_port *port);	/* +srights +mscount */
void xnu_port_copy_send_ref(struct xnu_port *port);	/* +srights */
void xnu_port_make_send_once_ref(struct xnu_port *port); /* +sorights */
void xnu_port_release_send_ref(struct xnu_port *port, struct xnu_deferred *d);
void xnu_port_release_send_once_ref(struct xnu_port *port, bool notify,
				    struct xnu_deferred *d);

/*
 * The receive right of @port is destroyed (its holder gave it up, its space
 * died, or the message carrying it was destroyed). Consumes the receive
 * right and one reference. With a port-destroyed request armed (and not a
 * kernel object), the right is sent to the requester instead. Otherwise the
 * port dies: queued messages are destroyed, dead-name notifications sent,
 * waiters woken, the port leaves its set. Call with no lock but possibly a
 * space lock held; the work runs on @d.
 */
void xnu_port_destroy(struct xnu_port *port, struct xnu_deferred *d);

/*
 * XNU's ipc_port_check_circularity(): @port's receive right (in transit, the
 * caller holds it) is about to travel in a message to @dest. Walks the
 * chain of destinations from @dest under the global transit lock: when it
 * leads back to @port (or @port is @dest) the message would close a cycle
 * of ports nobody can ever receive, and true is returned (the caller
 * destroys the message, as XNU does with MACH_MSGH_BITS_CIRCULAR).
 * Otherwise @port's destination becomes @dest (a reference is taken) and
 * false is returned. May sleep (a mutex); a space lock may be held.
 */
bool xnu_port_check_circularity(struct xnu_port *port, struct xnu_port *dest);
/*
 * The receive right of @port left its message (copied out into a space, or
 * destroyed): its destination is cleared and that reference dropped. Cheap
 * when there is none. May sleep; a space lock may be held.
 */
void xnu_port_clear_destination(struct xnu_port *port);

/* ---- port sets (pset.c) ----------------------------------------------------- */

/**
 * struct xnu_pset - a port set
 * @ref:	references (entry, receivers waiting)
 * @lock:	protects @members and @active
 * @active:	false once destroyed
 * @space:	the space holding it
 * @members:	member ports (port->pset_link)
 * @wait:	receivers waiting on the set
 * @seq:	bumped on every enqueue to a member, so waiters see it
 */
struct xnu_pset {
	refcount_t ref;
	spinlock_t lock;		/* members, active */
	bool active;
	struct xnu_space *space;
	struct list_head members;
	wait_queue_head_t wait;
	atomic_t seq;
};

struct xnu_pset *xnu_pset_alloc(struct xnu_space *space);
void xnu_pset_put(struct xnu_pset *pset);
/* Destroy the set: members leave it, waiters see MACH_RCV_PORT_CHANGED. */
void xnu_pset_destroy(struct xnu_pset *pset);
/* Move @port (its receive right is in the set's space) into @pset or, NULL, out. */
void xnu_pset_move(struct xnu_port *port, struct xnu_pset *pset);

/* ---- spaces and entries (space.c) ------------------------------------------- */

/* Bits of entry->type beside the MACH_PORT_TYPE_* rights. */
#define XNU_ENTRY_DNREQUEST	MACH_PORT_TYPE_DNREQUEST

/**
 * struct xnu_entry - one name in a space
 * @index:	name >> 8
 * @gen:	name & 0xff (binary ..11; +4 on every reuse)
 * @type:	MACH_PORT_TYPE_* bits of the rights held, 0 when free, plus
 *		XNU_ENTRY_DNREQUEST while a dead-name request is armed
 * @urefs:	user references (send and dead-name rights count them; other
 *		rights report 1)
 * @port:	the port (send, receive, send-once; kept for dead names until
 *		the entry is checked)
 * @pset:	the set (port-set entries)
 * @rev:	in space->rev while the entry holds send or receive rights
 * @free_link:	on space->free while free
 */
struct xnu_entry {
	u32 index;
	u8 gen;
	u32 type;
	u32 urefs;
	union {
		struct xnu_port *port;
		struct xnu_pset *pset;
	};
	struct rhash_head rev;
	struct list_head free_link;
};

static inline mach_port_name_t xnu_entry_name(const struct xnu_entry *e)
{
	return (e->index << 8) | e->gen;
}

/**
 * struct xnu_space - a task's IPC space
 * @ref:	references (the task, callers acting on another task's space)
 * @lock:	protects everything below
 * @active:	false once the task is gone; calls then fail
 * @names:	index -> struct xnu_entry (free entries stay, type 0)
 * @rev:	port -> entry, for entries holding send or receive rights
 * @free:	free entries, reused first (their generation advances)
 * @count:	names in use
 * @task:	the owning task (NULL for xnu_kernel_space)
 */
struct xnu_space {
	struct kref ref;
	struct mutex lock;		/* names, entries, active */
	bool active;
	struct xarray names;
	struct rhashtable rev;
	struct list_head free;
	u32 count;
	struct xnu_task *task;
};

/* Holder of every kernel-held receive right; it has no names. */
extern struct xnu_space xnu_kernel_space;
#define XNU_SPACE_KERNEL	(&xnu_kernel_space)

/* Most names one space may hold (module parameter ipc_space_max_names). */
extern unsigned int xnu_space_max_names;

struct xnu_space *xnu_space_create(struct xnu_task *task);
void xnu_space_get(struct xnu_space *space);
void xnu_space_put(struct xnu_space *space);
/*
 * Destroy every right in the space (the task is gone): receive rights die,
 * send rights are released, send-once rights send send-once notifications,
 * dead-name requests send port-deleted notifications, sets are destroyed.
 * Takes the lock itself; runs the resulting work before returning.
 */
void xnu_space_terminate(struct xnu_space *space);

/*
 * Entry lookup and allocation, all with space->lock held.
 * xnu_entry_lookup() returns the in-use entry of @name or NULL (wrong
 * generation, index 0, free). xnu_entry_check() turns an entry whose port
 * died into a dead name (keeping its urefs, +1 if a dead-name request was
 * armed) and returns true when it did. xnu_entry_alloc() gives a fresh
 * kernel-chosen name (KERN_NO_SPACE past the limit, KERN_RESOURCE_SHORTAGE
 * on ENOMEM); xnu_entry_alloc_name() claims @name (KERN_INVALID_VALUE when
 * its low bits are not 0b11, KERN_FAILURE for index 0, KERN_NO_SPACE past
 * the limit, KERN_NAME_EXISTS when in use). xnu_entry_free() returns an
 * entry whose type has become 0 to the free list (and drops its reverse
 * mapping). xnu_entry_find_port() is the reverse lookup: the entry holding
 * send or receive rights for @port, or NULL.
 */
struct xnu_entry *xnu_entry_lookup(struct xnu_space *space,
				   mach_port_name_t name);
bool xnu_entry_check(struct xnu_space *space, struct xnu_entry *entry);
kern_return_t xnu_entry_alloc(struct xnu_space *space,
			      struct xnu_entry **entryp);
kern_return_t xnu_entry_alloc_name(struct xnu_space *space,
				   mach_port_name_t name,
				   struct xnu_entry **entryp);
void xnu_entry_free(struct xnu_space *space, struct xnu_entry *entry);
struct xnu_entry *xnu_entry_find_port(struct xnu_space *space,
				      struct xnu_port *port);
/* Keep the reverse mapping in step when an entry gains or loses send/receive. */
int xnu_entry_rev_insert(struct xnu_space *space, struct xnu_entry *entry);
void xnu_entry_rev_remove(struct xnu_space *space, struct xnu_entry *entry);

/**
 * struct xnu_entry_resv - a name reserved ahead (xnu_entry_reserve())
 * @entry:	the entry (type 0), NULL when none is reserved
 * @fresh:	it was a new index (else it came off the free list)
 */
struct xnu_entry_resv {
	struct xnu_entry *entry;
	bool fresh;
};

/*
 * Reserve a kernel-chosen name ahead of a copyout that must not fail
 * (space locked and active), as xnu_entry_alloc() does it and with its
 * errors. xnu_entry_unreserve() undoes it exactly (the name comes out the
 * same next time); space->lock held for both, and the space must not have
 * been terminated in between (the caller's own space during a call).
 */
kern_return_t xnu_entry_reserve(struct xnu_space *space,
				struct xnu_entry_resv *resv);
void xnu_entry_unreserve(struct xnu_space *space, struct xnu_entry_resv *resv);

/**
 * struct xnu_entry_info - one name as xlsmp shows it
 * @name:	the name
 * @type:	MACH_PORT_TYPE_* bits, DNREQUEST included
 * @urefs:	user references
 * @port_id:	port identity (0 for sets and dead names)
 * @kotype:	kernel object type name, "" for none
 * @msgcount:	queued messages (receive rights)
 * @qlimit:	queue limit (receive rights)
 * @members:	ports in the set (port sets)
 * @receiver_pid: tgid of the receive right's holder, 0 for the kernel,
 *		-1 when in transit or dead
 */
struct xnu_entry_info {
	mach_port_name_t name;
	u32 type;
	u32 urefs;
	u64 port_id;
	char kotype[32];
	u32 msgcount;
	u32 qlimit;
	u32 members;
	s32 receiver_pid;
};

/*
 * Report the names of @space from *@pos on, in index order, calling @fn for
 * each with the lock held (so @fn must not sleep for long and must not take
 * space or port locks). Stops when @fn returns non-zero, leaving *@pos on
 * the entry it refused. Returns that value, or 0 at the end.
 */
int xnu_space_walk(struct xnu_space *space, unsigned long *pos,
		   int (*fn)(void *arg, const struct xnu_entry_info *info),
		   void *arg);

/* ---- rights (right.c) -------------------------------------------------------- */

/*
 * Copy a right out of @space to carry it in a message (or to hand it to the
 * kernel), as XNU's ipc_right_copyin does, with space->lock held.
 * @disp is a MACH_MSG_TYPE_MOVE_RECEIVE..MAKE_SEND_ONCE disposition. On
 * success *@portp holds the right and one reference (or XNU_PORT_DEAD when
 * @deadok and the name is a dead name: COPY_SEND / MOVE_SEND of a dead name
 * in a reply position), and *@typep the type it will be received as
 * (MACH_MSG_TYPE_PORT_RECEIVE/SEND/SEND_ONCE). Errors: KERN_INVALID_NAME,
 * KERN_INVALID_RIGHT, KERN_INVALID_CAPABILITY (a kernel object's receive
 * right), KERN_INVALID_VALUE (bad disposition). Moving a receive right out
 * takes the port out of its set and clears rcv_name; the port's receiver
 * becomes NULL (in transit).
 */
kern_return_t xnu_right_copyin(struct xnu_space *space, mach_port_name_t name,
			       mach_msg_type_name_t disp, bool deadok,
			       struct xnu_port **portp,
			       mach_msg_type_name_t *typep,
			       struct xnu_deferred *d);

/*
 * Check, without changing anything, that xnu_right_copyin() of @count
 * rights with @disp on @name would succeed (MOVE_SEND twice needs two
 * urefs). Same errors.
 */
kern_return_t xnu_right_copyin_check(struct xnu_space *space,
				     mach_port_name_t name,
				     mach_msg_type_name_t disp, bool deadok,
				     unsigned int count);

/*
 * Put a right (received type @type, one reference, as from
 * xnu_right_copyin) into @space, as XNU's ipc_right_copyout does, with
 * space->lock held. Send and receive rights of one port share a name; a
 * send right joining an existing one adds a uref (pegged at
 * MACH_PORT_UREFS_MAX); send-once rights always get a new name. A receive
 * right sets port->receiver and rcv_name. @port NULL gives MACH_PORT_NULL,
 * XNU_PORT_DEAD and dead ports give MACH_PORT_DEAD (the right is
 * released). On KERN_NO_SPACE / KERN_RESOURCE_SHORTAGE the right is
 * destroyed (on @d) and *@namep is MACH_PORT_DEAD.
 */
kern_return_t xnu_right_copyout(struct xnu_space *space, struct xnu_port *port,
				mach_msg_type_name_t type,
				mach_port_name_t *namep,
				struct xnu_deferred *d);

/*
 * xnu_right_copyout() of a send-once right into a name reserved with
 * xnu_entry_reserve() (consumed): never fails for lack of a name. A right
 * to a dead port is released, the reservation undone, *@namep
 * MACH_PORT_DEAD. Space locked.
 */
void xnu_right_copyout_reserved(struct xnu_space *space,
				struct xnu_entry_resv *resv,
				struct xnu_port *port, mach_port_name_t *namep,
				struct xnu_deferred *d);

/* Destroy a right held outside any space (a message's, the kernel's). */
void xnu_right_release(struct xnu_port *port, mach_msg_type_name_t type,
		       struct xnu_deferred *d);

/*
 * The pieces of ipc_right.c the traps (port_traps.c) share, space locked:
 * disarm a name's dead-name request (its send-once right, for the
 * port-deleted notification sent once the right is gone), free an entry
 * whose last right left, drop one uref of a dead name, clear a receive
 * right's receiver, put a right into a fresh entry, read port->active.
 * See their kernel-doc in right.c.
 */
struct xnu_port *xnu_right_dncancel(struct xnu_space *space,
				    struct xnu_entry *entry,
				    mach_port_name_t name);
void xnu_right_port_deleted(struct xnu_deferred *d, struct xnu_port *notify,
			    mach_port_name_t name);
void xnu_right_entry_release(struct xnu_space *space, struct xnu_entry *entry);
void xnu_right_dead_name_dealloc(struct xnu_space *space,
				 struct xnu_entry *entry);
void xnu_right_clear_receiver(struct xnu_port *port);
kern_return_t xnu_right_copyout_fresh(struct xnu_space *space,
				      struct xnu_entry *entry,
				      struct xnu_port *port,
				      mach_msg_type_name_t type);
bool xnu_right_port_active(struct xnu_port *port);

/*
 * ipc_port_translate_receive(), space locked: the port of @name's receive
 * right (no reference). KERN_INVALID_RIGHT for a null or dead name or a
 * name without one, KERN_INVALID_NAME for an unknown name.
 */
kern_return_t xnu_right_translate_receive(struct xnu_space *space,
					  mach_port_name_t name,
					  struct xnu_port **portp);

/*
 * Copy in the rights of a message header from @space, atomically: either
 * every right is taken or the space is unchanged. @hdr is the user header
 * (bits, remote, local, voucher). On success *@dest / *@reply hold the
 * rights (NULL / XNU_PORT_DEAD for a null / dead reply) and *@bitsp the
 * header bits with the received types (remote = dest type, local = reply
 * type, voucher 0). Errors are XNU's: MACH_SEND_INVALID_HEADER,
 * MACH_SEND_INVALID_DEST, MACH_SEND_INVALID_REPLY, MACH_SEND_INVALID_VOUCHER.
 */
mach_msg_return_t xnu_right_copyin_header(struct xnu_space *space,
					  const mach_msg_header_t *hdr,
					  struct xnu_port **dest,
					  struct xnu_port **reply,
					  mach_msg_bits_t *bitsp,
					  struct xnu_deferred *d);

/* ---- deferred work and notifications (notify.c) -------------------------------- */

/**
 * struct xnu_deferred - work to run once every lock is dropped
 * @items:	queued work, run in order
 */
struct xnu_deferred {
	struct list_head items;
};

static inline void xnu_deferred_init(struct xnu_deferred *d)
{
	INIT_LIST_HEAD(&d->items);
}

/* Run (and keep running, as work makes more work) until nothing is left. */
void xnu_deferred_run(struct xnu_deferred *d);

/* Destroy a message later (its rights and memory released). */
void xnu_defer_kmsg_destroy(struct xnu_deferred *d, struct xnu_kmsg *kmsg);
/* Send a kernel-made message later (xnu_kmsg_send_kernel()). */
void xnu_defer_kmsg_send(struct xnu_deferred *d, struct xnu_kmsg *kmsg);
/* Call @port's kernel object no_senders callback later (holds a ref). */
void xnu_defer_kobject_no_senders(struct xnu_deferred *d,
				  struct xnu_port *port, u32 mscount);
/* Destroy a receive right later (xnu_port_destroy()). */
void xnu_defer_port_destroy(struct xnu_deferred *d, struct xnu_port *port);

/*
 * Notifications, each consuming the send-once right @notify (with its
 * reference) and queueing the message on @d. Layouts and ids are XNU's
 * (xnu_mach_msg.h); the notification's header names @notify with local
 * type MACH_MSG_TYPE_PORT_SEND_ONCE when received.
 */
void xnu_notify_send_once(struct xnu_deferred *d, struct xnu_port *notify);
void xnu_notify_no_senders(struct xnu_deferred *d, struct xnu_port *notify,
			   mach_port_mscount_t mscount);
void xnu_notify_dead_name(struct xnu_deferred *d, struct xnu_port *notify,
			  mach_port_name_t name);
void xnu_notify_port_deleted(struct xnu_deferred *d, struct xnu_port *notify,
			     mach_port_name_t name);
/* Carries @port's receive right (and a reference) to @notify. */
void xnu_notify_port_destroyed(struct xnu_deferred *d,
			       struct xnu_port *notify,
			       struct xnu_port *port);

/*
 * mach_port_request_notification() on @space (locks taken inside):
 * @msgid MACH_NOTIFY_DEAD_NAME / NO_SENDERS / PORT_DESTROYED /
 * SEND_POSSIBLE, @notify_name and @notify_disp the notify right in
 * @caller's space (MAKE_SEND_ONCE or MOVE_SEND_ONCE; MACH_PORT_NULL
 * cancels). The previous request's send-once right, if any, is copied out
 * into @caller's space and its name stored in *@previous. @caller is the
 * calling task's own space: @space itself in the common case, or the
 * caller's when @space is another task's (XNU takes the notify right from,
 * and gives the previous one to, the caller). All or nothing: when the
 * previous right could not be named, nothing changes. XNU's errors.
 */
kern_return_t xnu_port_request_notification(struct xnu_space *space,
					    struct xnu_space *caller,
					    mach_port_name_t name,
					    mach_msg_id_t msgid,
					    mach_port_mscount_t sync,
					    mach_port_name_t notify_name,
					    mach_msg_type_name_t notify_disp,
					    mach_port_name_t *previous);

/* Cancel @space's dead-name request for @name on @port (port lock not held). */
struct xnu_port *xnu_port_dncancel(struct xnu_port *port,
				   struct xnu_space *space,
				   mach_port_name_t name);

/* ---- messages (kmsg.c, ool.c) ------------------------------------------------- */

struct xnu_ool;

/**
 * struct xnu_kmsg_port - a right carried in a message body
 * @port:	the port with one reference, NULL, or XNU_PORT_DEAD
 * @type:	received type: MACH_MSG_TYPE_PORT_RECEIVE, _SEND, _SEND_ONCE
 */
struct xnu_kmsg_port {
	struct xnu_port *port;
	mach_msg_type_name_t type;
};

/**
 * struct xnu_kmsg_desc - one descriptor of a complex message
 * @offset:	where the descriptor starts in kmsg->data
 * @kind:	MACH_MSG_PORT_DESCRIPTOR, _OOL_, _OOL_PORTS_, _GUARDED_PORT_
 * @right:	port and guarded-port descriptors: the right
 * @ool:	OOL memory: the region (NULL for size 0)
 * @ports:	OOL ports: @count rights (kvmalloc'ed)
 * @count:	OOL ports: number of @ports
 */
struct xnu_kmsg_desc {
	u32 offset;
	u32 kind;
	struct xnu_kmsg_port right;
	struct xnu_ool *ool;
	struct xnu_kmsg_port *ports;
	u32 count;
};

/* kmsg->flags */
#define XNU_KMSG_F_CIRCULAR	0x1	/* closes a cycle: destroyed at send */
#define XNU_KMSG_F_DEST_TAKEN	0x2	/* received: @dest_name, no @dest */

/**
 * struct xnu_kmsg - a message in flight, kept in the user layout
 * @link:	on the destination port's queue
 * @size:	msgh_size: bytes of @data (header included)
 * @bits:	header bits with the received types (remote = @dest's,
 *		local = @reply's) plus the other bits
 * @dest:	the destination right (send or send-once, one reference)
 * @dest_type:	MACH_MSG_TYPE_PORT_SEND or _SEND_ONCE
 * @dest_name:	with XNU_KMSG_F_DEST_TAKEN, the name the destination was
 *		received as (its right already used up)
 * @reply:	the reply right, NULL or XNU_PORT_DEAD
 * @reply_type:	its received type, 0 when none
 * @ndesc:	descriptors in @desc
 * @desc:	the body's descriptors in order (NULL for simple messages)
 * @flags:	XNU_KMSG_F_*
 * @sender_pid:	the sending thread group (a reference), NULL for the kernel
 * @sender_cred: the sender's credentials (a reference), NULL for the kernel
 * @seqno:	sequence number, set when received
 * @data:	header and body, the user layout; port names in it are
 *		meaningless until copyout rewrites them
 */
struct xnu_kmsg {
	struct list_head link;
	mach_msg_size_t size;
	mach_msg_bits_t bits;
	struct xnu_port *dest;
	mach_msg_type_name_t dest_type;
	mach_port_name_t dest_name;
	struct xnu_port *reply;
	mach_msg_type_name_t reply_type;
	u32 ndesc;
	struct xnu_kmsg_desc *desc;
	u32 flags;
	struct pid *sender_pid;
	const struct cred *sender_cred;
	mach_port_seqno_t seqno;
	u8 *data;
};

static inline mach_msg_header_t *xnu_kmsg_header(struct xnu_kmsg *kmsg)
{
	return (mach_msg_header_t *)kmsg->data;
}

/*
 * Room in a caller's frame for one small message and its trailer: a
 * simple request to a passive kernel object and its reply live there for
 * the length of one mach_msg() call (no allocation). Such a message must
 * not outlive the call: xnu_kmsg_unstack() moves it to the heap before it
 * is queued anywhere.
 */
#define XNU_KMSG_BUF_SIZE	256
struct xnu_kmsg_buf {
	struct xnu_kmsg kmsg;
	u8 data[XNU_KMSG_BUF_SIZE + sizeof(mach_msg_max_trailer_t)];
	bool used;
};

/*
 * The message of @buf for @size bytes of data (not zeroed), or NULL when
 * @buf is NULL, already used or too small (the caller allocates instead).
 */
struct xnu_kmsg *xnu_kmsg_buf_take(struct xnu_kmsg_buf *buf,
				   mach_msg_size_t size);
/*
 * @kmsg itself, or, when it lives in a struct xnu_kmsg_buf, a heap copy
 * holding what it held (the frame's copy is left empty). Never fails.
 */
struct xnu_kmsg *xnu_kmsg_unstack(struct xnu_kmsg *kmsg);
/* A zeroed message of @size bytes (>= header), no rights; NULL on ENOMEM. */
struct xnu_kmsg *xnu_kmsg_alloc(mach_msg_size_t size, gfp_t gfp);
/* Free the memory only (rights and OOL must already be gone). */
void xnu_kmsg_free(struct xnu_kmsg *kmsg);
/*
 * Destroy a message: release the destination and reply rights (an unused
 * send-once right sends a send-once notification), every body right and
 * OOL region, then free it. No lock held; cascades go on @d.
 */
void xnu_kmsg_destroy(struct xnu_kmsg *kmsg, struct xnu_deferred *d);
/*
 * The audit token of @kmsg's sender as a kernel object sees it: auid, euid,
 * egid, ruid, rgid, pid, asid, pidversion in the initial user and pid
 * namespaces; all 0 for a message the kernel sent.
 */
void xnu_kmsg_audit_token(const struct xnu_kmsg *kmsg, audit_token_t *t);
/* A copied-in message is queued: its sender is held by references. */
void xnu_kmsg_keep_sender(struct xnu_kmsg *kmsg);
/*
 * A kernel-made message about to be sent (@kmsg->dest set): XNU's copyin
 * from kernel, each receive right it carries goes in transit toward the
 * destination (xnu_port_check_circularity()); a cycle marks the message
 * XNU_KMSG_F_CIRCULAR. No lock held.
 */
void xnu_kmsg_transit_kernel(struct xnu_kmsg *kmsg);

/*
 * Send side: read a message of @send_size bytes from user @uaddr, check it
 * (sizes, bits, descriptor count and types, as mach_msg_trap_send does),
 * copy its OOL memory and take its header and body rights from @space.
 * Errors are XNU's MACH_SEND_* codes; on error nothing is taken (rights
 * already copied in are destroyed, as XNU does).
 */
mach_msg_return_t xnu_kmsg_copyin_user(struct xnu_space *space,
				       u64 uaddr, mach_msg_size_t send_size,
				       mach_msg_option_t option,
				       struct xnu_kmsg_buf *buf,
				       struct xnu_kmsg **kmsgp,
				       struct xnu_deferred *d);
/*
 * The same, also resolving (with the space lock the copy-in holds anyway)
 * the receive right or port set @rcv_name names, for the receive half of
 * a combined mach_msg(): *@rcv_portp / *@rcv_psetp get it with a reference
 * and *@rcv_mr MACH_MSG_SUCCESS, or MACH_RCV_INVALID_NAME. Resolved only
 * when the send's copy-in succeeded.
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
					   struct xnu_deferred *d);
/*
 * The receive right or port set @name of @space (locked), with a
 * reference: MACH_MSG_SUCCESS or MACH_RCV_INVALID_NAME.
 */
mach_msg_return_t xnu_msg_rcv_object_locked(struct xnu_space *space,
					    mach_port_name_t name,
					    struct xnu_port **portp,
					    struct xnu_pset **psetp);
/*
 * Receive side: put the message's rights into @space and its OOL memory
 * into the current address space, rewrite names and addresses, and write
 * header, body and the trailer @option asks for to user @uaddr. Consumes
 * @kmsg. @rcv_name_of is the name the message was received on (becomes
 * msgh_local_port); @context the receiving port's context. Returns
 * MACH_MSG_SUCCESS, or an error with MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE
 * bits, or MACH_RCV_INVALID_DATA when the buffer cannot be written.
 */
mach_msg_return_t xnu_kmsg_copyout_user(struct xnu_space *space,
					struct xnu_kmsg *kmsg, u64 uaddr,
					mach_msg_option_t option,
					mach_port_name_t rcv_name_of,
					u64 context,
					struct xnu_deferred *d);
/*
 * The receive-error path (XNU's mach_msg_receive_error()): only the
 * destination is copied out (its name in msgh_local_port), everything else
 * the message carries is destroyed, and a bare header with a trailer
 * carrying the kernel's tokens is written to @uaddr, cut to @rcv_size
 * bytes. Consumes @kmsg. Returns @mr, or MACH_RCV_INVALID_DATA when the
 * buffer cannot be written.
 */
mach_msg_return_t xnu_kmsg_receive_error(struct xnu_space *space,
					 struct xnu_kmsg *kmsg, u64 uaddr,
					 u32 rcv_size,
					 mach_msg_option_t option,
					 u64 context, mach_msg_return_t mr,
					 struct xnu_deferred *d);

/*
 * Out-of-line memory: one copy at send, mapped (not copied) at receive.
 * xnu_ool_copyin() copies @size bytes from the current task at @uaddr
 * (and unmaps them when @dealloc); MACH_SEND_INVALID_MEMORY on a bad range,
 * MACH_SEND_NO_BUFFER on ENOMEM or past the current user's cap of bytes in
 * flight (module parameter ool_max_user_mb; the bytes are charged until
 * the region is mapped into a receiver or freed). xnu_ool_copyout() maps
 * the region into the current address space, read-write, and consumes it;
 * MACH_MSG_VM_SPACE on failure. xnu_ool_free() drops an undelivered one.
 * xnu_ool_from_kernel() makes a region of kernel data (a kernel routine's
 * reply), charged as xnu_ool_copyin()'s; xnu_ool_size() is its size.
 */
mach_msg_return_t xnu_ool_copyin(u64 uaddr, u64 size, bool dealloc,
				 struct xnu_ool **oolp);
mach_msg_return_t xnu_ool_from_kernel(const void *data, u64 size,
				      struct xnu_ool **oolp);
u64 xnu_ool_size(const struct xnu_ool *ool);
mach_msg_return_t xnu_ool_copyout(struct xnu_ool *ool, u64 *uaddrp);
void xnu_ool_free(struct xnu_ool *ool);
/* Map @size bytes of zeroed anonymous memory (OOL port arrays). */
mach_msg_return_t xnu_vm_allocate(u64 size, u64 *uaddrp);
/* Start and stop messages and their memory (xnu_ool_init() does both). */
int xnu_ool_init(void);
void xnu_ool_exit(void);
int xnu_kmsg_init(void);
void xnu_kmsg_exit(void);

/* ---- queues (mqueue.c) ---------------------------------------------------------- */

/*
 * Queue @kmsg on @dest (kmsg->dest), as ipc_mqueue_send does: a dead port
 * swallows it (MACH_MSG_SUCCESS, message destroyed); a full queue blocks
 * unless the destination right is send-once or @option has MACH_SEND_ALWAYS;
 * MACH_SEND_TIMEOUT with @timeout_ms 0 fails at once. Returns
 * MACH_SEND_TIMED_OUT / MACH_SEND_INTERRUPTED with the message not queued
 * and still owned by the caller (for pseudo-receive); otherwise consumes it.
 * The caller has already handled passive kernel objects.
 */
mach_msg_return_t xnu_mqueue_send(struct xnu_kmsg *kmsg,
				  mach_msg_option_t option, u32 timeout_ms,
				  struct xnu_deferred *d);

/**
 * struct xnu_rcv - one receive
 * @option:	the mach_msg options (MACH_RCV_LARGE, MACH_RCV_TIMEOUT, ...)
 * @timeout_ms:	for MACH_RCV_TIMEOUT
 * @max_size:	largest msgh_size the buffer takes (rcv_size - trailer)
 * @kmsg:	out: the message (NULL on error, except a too-large message
 *		dequeued without MACH_RCV_LARGE)
 * @port:	out: the port it came from (a reference), for its context
 *		and name
 * @needed:	out: msgh_size of a message too large
 */
struct xnu_rcv {
	mach_msg_option_t option;
	u32 timeout_ms;
	mach_msg_size_t max_size;
	struct xnu_kmsg *kmsg;
	struct xnu_port *port;
	mach_msg_size_t needed;
};

/*
 * Receive from @port or @pset (one of them, with a reference) of @space.
 * Waits (interruptibly, hrtimer precision) as XNU does; sets the message's
 * seqno. Returns MACH_MSG_SUCCESS, MACH_RCV_TIMED_OUT,
 * MACH_RCV_INTERRUPTED, MACH_RCV_PORT_CHANGED (the port died or left the
 * space, the set was destroyed), or MACH_RCV_TOO_LARGE (see struct
 * xnu_rcv).
 */
mach_msg_return_t xnu_mqueue_receive(struct xnu_space *space,
				     struct xnu_port *port,
				     struct xnu_pset *pset,
				     struct xnu_rcv *rcv);

/* Queue a kernel-made message, never blocking (notifications, replies). */
void xnu_kmsg_send_kernel(struct xnu_kmsg *kmsg, struct xnu_deferred *d);

/* ---- mach_msg (msg.c) ----------------------------------------------------------- */

long xnu_trap_mach_msg(struct xnu_file *xf, void *arg);

/* ---- kernel objects (kobject.c, listener.c) -------------------------------------- */

/*
 * Run @request (sent to the passive kernel object port @port, which is
 * request->dest) in the sender's thread: dispatch by msgh_id through the
 * type's subsystems, build the reply as XNU does (MIG_BAD_ID, error replies
 * cut to mig_reply_error_t, MIG_NO_REPLY, null reply port). Consumes
 * @request. Returns the reply message to deliver (its dest is the request's
 * reply right), or NULL.
 */
struct xnu_kmsg *xnu_kobject_invoke(struct xnu_port *port,
				    struct xnu_kmsg *request,
				    struct xnu_deferred *d);
/*
 * xnu_kobject_invoke() building the reply in @rbuf when it fits (the
 * caller delivers it in this call or xnu_kmsg_unstack()s it).
 */
struct xnu_kmsg *xnu_kobject_invoke_buf(struct xnu_port *port,
					struct xnu_kmsg *request,
					struct xnu_kmsg_buf *rbuf,
					struct xnu_deferred *d);
/* True when a message to @port runs in the sender's thread. */
static inline bool xnu_port_is_passive(const struct xnu_port *port)
{
	return port->kotype && !(port->flags & XNU_PORT_F_QUEUED);
}

/*
 * Asynchronous one-way messages (XNU_KOBJECT_F_ASYNC): a message with no
 * reply right to such a port is queued (qlimit, timeout, interruptible
 * wait: xnu_mqueue_send()) instead of running in the sender, and a kernel
 * worker serves the port's queue in order. After queueing one, the sender
 * calls xnu_kobject_async_kick() (holding a reference to the port).
 */
static inline bool xnu_kobject_async_oneway(const struct xnu_kmsg *kmsg)
{
	return (READ_ONCE(kmsg->dest->flags) & XNU_PORT_F_ASYNC) &&
	       !XNU_PORT_VALID(kmsg->reply);
}

void xnu_kobject_async_kick(struct xnu_port *port);

/* Run @port's type's no_senders callback, inside the type's unregister guard. */
void xnu_kobject_no_senders(struct xnu_port *port, mach_port_mscount_t mscount);
int xnu_kobject_init(void);
void xnu_kobject_exit(void);

/* ---- tasks (task.c) ---------------------------------------------------------------- */

/**
 * struct xnu_task - a Mach task: one thread group's IPC state
 * @ref:	references (open files bound to it, its task port's kobject)
 * @tgid:	the thread group (a pid reference)
 * @files:	open files bound to it; the last one going terminates it
 * @active:	false once terminated
 * @space:	its IPC space
 * @self:	its task port (kernel object, XNU_IKOT_TASK_CONTROL)
 * @lock:	protects @special and @registered
 * @special:	send rights of the special ports, by TASK_*_PORT number
 * @registered:	send rights of mach_ports_register()
 * @hash:	in the task registry
 * @semaphores:	semaphores the task owns (struct xnu_semaphore, semaphore.c;
 *		protected by that file's ownership lock)
 * @semaphores_owned: how many
 * @threads:	its thread ports (struct xnu_thread_table, thread.c), made
 *		on the first mach_thread_self(); NULL until then
 */
struct xnu_task {
	struct kref ref;
	struct pid *tgid;
	unsigned int files;
	bool active;
	struct xnu_space *space;
	struct xnu_port *self;
	struct mutex lock;		/* special, registered */
	struct xnu_port *special[TASK_MAX_SPECIAL_PORT + 1];
	struct xnu_port *registered[TASK_PORT_REGISTER_MAX];
	struct hlist_node hash;
	struct list_head semaphores;
	unsigned int semaphores_owned;
	struct xnu_thread_table *threads;
};

/*
 * The calling thread group's task for the open file @xf: bound on the first
 * Mach call (created, or shared with the group's other open files; a new
 * task inherits its bootstrap, special and registered ports from the
 * parent process's task). ERR_PTR(-EBADFD) when @xf belongs to another
 * thread group or to the program the group ran before an execve(),
 * ERR_PTR(-ENOMEM).
 */
struct xnu_task *xnu_task_current(struct xnu_file *xf);
/* The open file goes away: unbind it (the last file terminates the task). */
void xnu_task_file_release(struct xnu_file *xf);
void xnu_task_put(struct xnu_task *task);
/*
 * The space a trap acts on: @task_name must be a send right in @caller's
 * space to a task port. Returns the space with a reference, or NULL with
 * *@kr MACH_SEND_INVALID_DEST (not a send right) or KERN_INVALID_TASK (not
 * a task, or a dead one).
 */
struct xnu_space *xnu_task_space_of(struct xnu_task *caller,
				    mach_port_name_t task_name,
				    kern_return_t *kr);
/* The task whose thread group is @tgid, with a reference, or NULL. */
struct xnu_task *xnu_task_find(struct pid *tgid);
int xnu_task_init(void);
void xnu_task_exit(void);

/* ---- semaphores (semaphore.c) ---------------------------------------------------------- */

/*
 * Register and unregister the semaphore kernel object type (from
 * xnu_task_init() / xnu_task_exit()). xnu_semaphore_destroy_all() runs at
 * task termination: every semaphore @task owns is destroyed (waiters get
 * KERN_TERMINATED; other tasks' rights stay, their calls get it too).
 */
int xnu_semaphore_init(void);
void xnu_semaphore_exit(void);
void xnu_semaphore_destroy_all(struct xnu_task *task);
long xnu_trap_semaphore_signal(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_signal_all(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_signal_thread(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_wait(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_wait_signal(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_timedwait(struct xnu_file *xf, void *arg);
long xnu_trap_semaphore_timedwait_signal(struct xnu_file *xf, void *arg);

/* ---- bootstrap (bootstrap.c) ---------------------------------------------------------- */

/* The name service's port: every new task's default bootstrap port. */
extern struct xnu_port *xnu_bootstrap_port;
int xnu_bootstrap_init(void);
void xnu_bootstrap_exit(void);

/* ---- host and clocks (host.c, clock.c) ------------------------------------------------ */

/* The host port (mach_host_self() gives send rights to it). */
struct xnu_port *xnu_host_port(void);
int xnu_host_init(void);
void xnu_host_exit(void);
int xnu_clock_init(void);
void xnu_clock_exit(void);

/* ---- threads (thread.c, thread_policy.c) ------------------------------------------------ */

struct xnu_thread_table;

/**
 * struct xnu_thread - a Mach thread: one Linux thread of a task
 * @ref:	references: the task's thread table holds one until the port
 *		is destroyed; each routine running on it holds one
 * @pid:	the Linux thread (a pid reference, PIDTYPE_PID)
 * @exec_id:	its self_exec_id when the object was made: after an
 *		execve() the thread runs another program and the object
 *		is inactive, as for an exited thread
 * @port:	its thread port (kernel object, XNU_IKOT_THREAD_CONTROL);
 *		valid while the thread is in its task's table
 * @link:	on a list of threads being destroyed
 * @lock:	serialises policy calls; protects the recorded state below
 * @fixed:	THREAD_EXTENDED_POLICY timeshare FALSE (XNU fixed priority)
 * @rt_set:	a time-constraint policy was set (the rt_* fields hold it)
 * @rt_period:	 recorded period (ns)
 * @rt_computation: recorded computation (ns), after XNU's adjustment
 * @rt_constraint: recorded constraint (ns)
 * @rt_preemptible: recorded preemptible flag
 * @rt_priority: Mach priority of the time-constraint flavors (97..127)
 * @affinity_tag: THREAD_AFFINITY_POLICY tag
 * @latency_qos: THREAD_LATENCY_QOS_POLICY tier (0 unspecified, 1..6)
 * @throughput_qos: THREAD_THROUGHPUT_QOS_POLICY tier (0, 1..6)
 * @rcu:	frees the thread (xnu_thread_from_port() reads locklessly)
 */
struct xnu_thread {
	struct kref ref;
	struct pid *pid;
	u64 exec_id;
	struct xnu_port *port;
	struct list_head link;
	struct mutex lock;		/* policy calls, recorded state */
	bool fixed;
	bool rt_set;
	u32 rt_period;
	u32 rt_computation;
	u32 rt_constraint;
	integer_t rt_preemptible;
	u32 rt_priority;
	integer_t affinity_tag;
	u8 latency_qos;
	u8 throughput_qos;
	struct rcu_head rcu;
};

/* mach_thread_self(): a send right to the calling thread's port. */
long xnu_trap_thread_self(struct xnu_file *xf, void *arg);
/*
 * The thread a port stands for, with a reference (xnu_thread_put()), or
 * NULL when @port is not an active thread port. Does not sleep.
 */
struct xnu_thread *xnu_thread_from_port(struct xnu_port *port);
void xnu_thread_put(struct xnu_thread *thread);
/*
 * The Linux thread behind @thread with a task_struct reference
 * (put_task_struct()), or NULL once it has exited (XNU: inactive).
 */
struct task_struct *xnu_thread_task_struct(struct xnu_thread *thread);
/* The task terminates: its thread ports die (send rights: dead names). */
void xnu_thread_task_terminate(struct xnu_task *task);
int xnu_thread_init(void);
void xnu_thread_exit(void);

/* ---- traps (port_traps.c, task_traps.c) and the control plane (genl.c) ---------------- */

long xnu_trap_task_self(struct xnu_file *xf, void *arg);
long xnu_trap_host_self(struct xnu_file *xf, void *arg);
long xnu_trap_reply_port(struct xnu_file *xf, void *arg);
long xnu_trap_port_allocate(struct xnu_file *xf, void *arg);
long xnu_trap_port_allocate_name(struct xnu_file *xf, void *arg);
long xnu_trap_port_deallocate(struct xnu_file *xf, void *arg);
long xnu_trap_port_destroy(struct xnu_file *xf, void *arg);
long xnu_trap_port_mod_refs(struct xnu_file *xf, void *arg);
long xnu_trap_port_get_refs(struct xnu_file *xf, void *arg);
long xnu_trap_port_insert_right(struct xnu_file *xf, void *arg);
long xnu_trap_port_extract_right(struct xnu_file *xf, void *arg);
long xnu_trap_port_type(struct xnu_file *xf, void *arg);
long xnu_trap_port_move_member(struct xnu_file *xf, void *arg);
long xnu_trap_port_get_attributes(struct xnu_file *xf, void *arg);
long xnu_trap_port_set_attributes(struct xnu_file *xf, void *arg);
long xnu_trap_port_request_notification(struct xnu_file *xf, void *arg);
long xnu_trap_port_names(struct xnu_file *xf, void *arg);
long xnu_trap_port_get_context(struct xnu_file *xf, void *arg);
long xnu_trap_port_set_context(struct xnu_file *xf, void *arg);
long xnu_trap_task_get_special_port(struct xnu_file *xf, void *arg);
long xnu_trap_task_set_special_port(struct xnu_file *xf, void *arg);
long xnu_trap_ports_register(struct xnu_file *xf, void *arg);
long xnu_trap_ports_lookup(struct xnu_file *xf, void *arg);

int xnu_mach_genl_init(void);
void xnu_mach_genl_exit(void);

/*
 * ---- mach_port routines shared by the traps and the MIG server ----------------------
 * (port_traps.c, notify.c; the MIG routines are in port_mig.c.) Each one acts
 * on a space the caller holds a reference to, not locked; the fields of
 * struct xnu_mach_port_args each XNU_PORT_OP_* uses (task and flags never):
 *   ALLOCATE	right; out name		ALLOCATE_NAME	right, name
 *   DEALLOCATE, DESTROY	name	MOD_REFS	name, right, delta
 *   GET_REFS	name, right; out delta	TYPE		name; out right
 *   MOVE_MEMBER, INSERT_MEMBER, EXTRACT_MEMBER	name (member), poly (set)
 *   GET_CONTEXT	name; out poly (low), sync (high)
 *   SET_CONTEXT	name, poly (low), sync (high)
 *   SET_MSCOUNT, SET_SEQNO	name, sync	GET_SRIGHTS	name; out sync
 */
enum xnu_port_op {
	XNU_PORT_OP_ALLOCATE,
	XNU_PORT_OP_ALLOCATE_NAME,
	XNU_PORT_OP_DEALLOCATE,
	XNU_PORT_OP_DESTROY,
	XNU_PORT_OP_MOD_REFS,
	XNU_PORT_OP_GET_REFS,
	XNU_PORT_OP_TYPE,
	XNU_PORT_OP_MOVE_MEMBER,
	XNU_PORT_OP_INSERT_MEMBER,
	XNU_PORT_OP_EXTRACT_MEMBER,
	XNU_PORT_OP_GET_CONTEXT,
	XNU_PORT_OP_SET_CONTEXT,
	XNU_PORT_OP_SET_MSCOUNT,
	XNU_PORT_OP_SET_SEQNO,
	XNU_PORT_OP_GET_SRIGHTS,
	XNU_PORT_OP_COUNT
};

kern_return_t xnu_port_op(struct xnu_space *space, enum xnu_port_op op,
			  struct xnu_mach_port_args *a);
kern_return_t xnu_port_attributes(struct xnu_space *space,
				  struct xnu_mach_port_attr *a, bool set);
kern_return_t xnu_port_insert_right_port(struct xnu_space *space,
					 mach_port_name_t name,
					 struct xnu_port *port,
					 mach_msg_type_name_t type);
kern_return_t xnu_port_extract_right_port(struct xnu_space *space,
					  mach_port_name_t name,
					  mach_msg_type_name_t disp,
					  struct xnu_port **portp,
					  mach_msg_type_name_t *typep);
kern_return_t xnu_port_request_notification_port(struct xnu_space *space,
						 mach_port_name_t name,
						 mach_msg_id_t msgid,
						 mach_port_mscount_t sync,
						 struct xnu_port *notify,
						 struct xnu_port **prevp);
/*
 * Arrays of a space, kvmalloc'ed for the caller to kvfree() (NULL when
 * empty): xnu_port_names() (mach_port_names(): names and types, index
 * order), xnu_port_set_members() (mach_port_get_set_status(): a set's
 * members, ascending). Used by the trap and the MIG routines alike.
 */
kern_return_t xnu_port_names(struct xnu_space *space, u32 **namesp,
			     u32 **typesp, u32 *countp);
kern_return_t xnu_port_set_members(struct xnu_space *space,
				   mach_port_name_t name, u32 **membersp,
				   u32 *countp);

/* ---- caches (init.c) ------------------------------------------------------------------ */

extern struct kmem_cache *xnu_port_cache;
extern struct kmem_cache *xnu_entry_cache;

#endif /* XNU_MACH_INTERNAL_H */
