// SPDX-License-Identifier: GPL-2.0
/*
 * space.c - IPC spaces and their entries: the names of a task, the reverse
 * mapping from ports to the entries holding send or receive rights, name
 * allocation with XNU's index/generation scheme, the lazy conversion of
 * rights to dead ports into dead names, space termination and the walk
 * xlsmp's dump uses.
 *
 * A name is index << 8 | generation. Index 0 is reserved. A fresh entry
 * starts with generation 0x03; an entry freed and reused by the kernel
 * advances by 4 (0x03, 0x07, ... 0xff, 0x03), so kernel-chosen names always
 * end in binary 11, as in XNU. Free entries stay in the xarray with type 0
 * and sit on space->free, which is reused first (last freed, first reused).
 *
 * An entry holding a send, send-once or receive right holds one reference
 * on its port, whatever the rights and user references; a dead name holds
 * none; a port-set entry holds one reference on its set.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "mach_internal.h"

unsigned int xnu_space_max_names = 1048576;
module_param_named(ipc_space_max_names, xnu_space_max_names, uint, 0644);
MODULE_PARM_DESC(ipc_space_max_names,
		 "most names one task's IPC space may hold (default 1048576)");

/*
 * The holder of kernel-held receive rights (kernel objects, the name
 * service, listener ports). It is active forever and has no names: its
 * xarray and reverse table are never used (the table is not even
 * initialised), its reference count never drops to zero.
 */
struct xnu_space xnu_kernel_space = {
	.ref = KREF_INIT(1),
	.lock = __MUTEX_INITIALIZER(xnu_kernel_space.lock),
	.active = true,
	.names = XARRAY_INIT(xnu_kernel_space.names, XA_FLAGS_ALLOC1),
	.free = LIST_HEAD_INIT(xnu_kernel_space.free),
};

static const struct rhashtable_params xnu_rev_params = {
	.key_len = sizeof(struct xnu_port *),
	.key_offset = offsetof(struct xnu_entry, port),
	.head_offset = offsetof(struct xnu_entry, rev),
	.automatic_shrinking = true,
};

#define XNU_ENTRY_GEN_FIRST	0x03
#define XNU_ENTRY_GEN_STEP	0x04
#define XNU_ENTRY_INDEX_MAX	0xfffffeU	/* keeps MACH_PORT_DEAD out */

static u32 xnu_space_index_limit(void)
{
	return min_t(u32, READ_ONCE(xnu_space_max_names), XNU_ENTRY_INDEX_MAX);
}

/**
 * xnu_space_create() - a new, empty, active space
 * @task: the owning task
 *
 * Return: the space with one reference, or NULL on ENOMEM.
 */
struct xnu_space *xnu_space_create(struct xnu_task *task)
{
	struct xnu_space *space;

	space = kzalloc(sizeof(*space), GFP_KERNEL_ACCOUNT);
	if (!space)
		return NULL;
	if (rhashtable_init(&space->rev, &xnu_rev_params)) {
		kfree(space);
		return NULL;
	}
	kref_init(&space->ref);
	mutex_init(&space->lock);
	space->active = true;
	xa_init_flags(&space->names, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&space->free);
	space->task = task;
	return space;
}

/**
 * xnu_space_get() - take a reference on a space
 * @space: the space
 */
void xnu_space_get(struct xnu_space *space)
{
	kref_get(&space->ref);
}

static void xnu_space_release(struct kref *ref)
{
	struct xnu_space *space = container_of(ref, struct xnu_space, ref);
	struct xnu_entry *entry;
	unsigned long index;

	if (WARN_ON_ONCE(space == XNU_SPACE_KERNEL))
		return;
	/* Terminated spaces are empty; a never-terminated one is a bug. */
	WARN_ON_ONCE(space->active && space->count);
	xa_for_each(&space->names, index, entry)
		kmem_cache_free(xnu_entry_cache, entry);
	xa_destroy(&space->names);
	rhashtable_destroy(&space->rev);
	mutex_destroy(&space->lock);
	kfree(space);
}

/**
 * xnu_space_put() - drop a reference on a space
 * @space: the space
 *
 * The last reference frees the space (it must have been terminated). May
 * sleep.
 */
void xnu_space_put(struct xnu_space *space)
{
	kref_put(&space->ref, xnu_space_release);
}

/* ---- entries ------------------------------------------------------------------ */

/**
 * xnu_entry_lookup() - the in-use entry of a name
 * @space: the space, locked
 * @name: the name
 *
 * Return: the entry, or NULL when the name is not in use (index 0, unknown
 * index, wrong generation, free entry).
 */
struct xnu_entry *xnu_entry_lookup(struct xnu_space *space,
				   mach_port_name_t name)
{
	struct xnu_entry *entry;
	u32 index = MACH_PORT_INDEX(name);

	lockdep_assert_held(&space->lock);
	if (!index)
		return NULL;
	entry = xa_load(&space->names, index);
	if (!entry || !entry->type || entry->gen != (name & 0xff))
		return NULL;
	return entry;
}

/**
 * xnu_entry_rev_insert() - enter an entry in the reverse mapping
 * @space: the space, locked
 * @entry: an entry that now holds send or receive rights for entry->port
 *
 * Return: 0, or a negative errno (the entry is then not in the mapping).
 */
int xnu_entry_rev_insert(struct xnu_space *space, struct xnu_entry *entry)
{
	lockdep_assert_held(&space->lock);
	return rhashtable_lookup_insert_fast(&space->rev, &entry->rev,
					     xnu_rev_params);
}

/**
 * xnu_entry_rev_remove() - take an entry out of the reverse mapping
 * @space: the space, locked
 * @entry: the entry; entry->port must still be the port it was entered for
 *
 * Harmless when the entry is not in the mapping.
 */
void xnu_entry_rev_remove(struct xnu_space *space, struct xnu_entry *entry)
{
	lockdep_assert_held(&space->lock);
	if (entry->port)
		rhashtable_remove_fast(&space->rev, &entry->rev,
				       xnu_rev_params);
}

/**
 * xnu_entry_find_port() - reverse lookup
 * @space: the space, locked
 * @port: the port
 *
 * Return: the entry holding send or receive rights for @port, or NULL.
 */
struct xnu_entry *xnu_entry_find_port(struct xnu_space *space,
				      struct xnu_port *port)
{
	lockdep_assert_held(&space->lock);
	return rhashtable_lookup_fast(&space->rev, &port, xnu_rev_params);
}

/**
 * xnu_entry_check() - turn a right to a dead port into a dead name
 * @space: the space, locked
 * @entry: an in-use entry
 *
 * A send or send-once right (without the receive right) whose port died
 * becomes a dead name: the port reference is dropped, the user references
 * are kept (a send-once right counts 1), plus one when a dead-name request
 * was armed (its notification is on its way), and the reverse mapping goes.
 *
 * Return: true when the entry was converted.
 */
bool xnu_entry_check(struct xnu_space *space, struct xnu_entry *entry)
{
	struct xnu_port *port;
	u32 urefs;

	lockdep_assert_held(&space->lock);
	if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS) ||
	    (entry->type & MACH_PORT_TYPE_RECEIVE))
		return false;
	port = entry->port;
	spin_lock(&port->lock);
	if (port->active) {
		spin_unlock(&port->lock);
		return false;
	}
	if (entry->type & MACH_PORT_TYPE_SEND) {
		port->srights--;
		urefs = entry->urefs;
	} else {
		port->sorights--;
		urefs = 1;
	}
	spin_unlock(&port->lock);

	if (entry->type & MACH_PORT_TYPE_SEND)
		xnu_entry_rev_remove(space, entry);
	if ((entry->type & XNU_ENTRY_DNREQUEST) && urefs < MACH_PORT_UREFS_MAX)
		urefs++;
	entry->type = MACH_PORT_TYPE_DEAD_NAME;
	entry->urefs = urefs;
	entry->port = NULL;
	xnu_port_put(port);
	return true;
}

/**
 * xnu_entry_alloc() - a new name chosen by the kernel
 * @space: the space, locked and active
 * @entryp: out: the entry (type 0; the caller gives it rights or frees it)
 *
 * Return: KERN_SUCCESS, KERN_NO_SPACE past the limit, or
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_entry_alloc(struct xnu_space *space,
			      struct xnu_entry **entryp)
{
	struct xnu_entry *entry;
	u32 limit = xnu_space_index_limit();
	u32 index;
	int ret;

	lockdep_assert_held(&space->lock);
	entry = list_first_entry_or_null(&space->free, struct xnu_entry,
					 free_link);
	if (entry) {
		list_del_init(&entry->free_link);
		entry->gen += XNU_ENTRY_GEN_STEP;
		goto out;
	}
	if (!limit)
		return KERN_NO_SPACE;

	entry = kmem_cache_zalloc(xnu_entry_cache, GFP_KERNEL_ACCOUNT);
	if (!entry)
		return KERN_RESOURCE_SHORTAGE;
	INIT_LIST_HEAD(&entry->free_link);
	ret = xa_alloc(&space->names, &index, entry, XA_LIMIT(1, limit),
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		kmem_cache_free(xnu_entry_cache, entry);
		return ret == -EBUSY ? KERN_NO_SPACE : KERN_RESOURCE_SHORTAGE;
	}
	entry->index = index;
	entry->gen = XNU_ENTRY_GEN_FIRST;
out:
	entry->type = 0;
	entry->urefs = 0;
	entry->port = NULL;
	space->count++;
	*entryp = entry;
	return KERN_SUCCESS;
}

/**
 * xnu_entry_reserve() - reserve a kernel-chosen name ahead
 * @space: the space, locked and active
 * @resv: out: the reservation
 *
 * The name xnu_entry_alloc() would give now; xnu_entry_unreserve() puts
 * it back as it was, so an unused reservation changes nothing.
 *
 * Return: KERN_SUCCESS, KERN_NO_SPACE or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_entry_reserve(struct xnu_space *space,
				struct xnu_entry_resv *resv)
{
	kern_return_t kr;

	resv->fresh = list_empty(&space->free);
	kr = xnu_entry_alloc(space, &resv->entry);
	if (kr != KERN_SUCCESS)
		resv->entry = NULL;
	return kr;
}

/**
 * xnu_entry_unreserve() - give back an unused reserved name
 * @space: the space, locked (the one the name was reserved in)
 * @resv: the reservation; nothing happens when it holds no entry
 *
 * A new index is taken out of the space again; an entry taken from the
 * free list goes back to its head with its old generation.
 */
void xnu_entry_unreserve(struct xnu_space *space, struct xnu_entry_resv *resv)
{
	struct xnu_entry *entry = resv->entry;

	lockdep_assert_held(&space->lock);
	if (!entry)
		return;
	resv->entry = NULL;
	space->count--;
	if (resv->fresh) {
		xa_erase(&space->names, entry->index);
		kmem_cache_free(xnu_entry_cache, entry);
		return;
	}
	entry->gen -= XNU_ENTRY_GEN_STEP;
	list_add(&entry->free_link, &space->free);
}

/**
 * xnu_entry_alloc_name() - claim a name chosen by the caller
 * @space: the space, locked and active
 * @name: the name
 * @entryp: out: the entry (type 0)
 *
 * The checks and their order are ipc_entry_alloc_name()'s.
 *
 * Return: KERN_SUCCESS; KERN_NO_SPACE when the index is past the limit;
 * KERN_INVALID_VALUE when the low bits are not 0b11; KERN_FAILURE for
 * index 0 or when the index is in use under another generation;
 * KERN_NAME_EXISTS when @name is in use; KERN_RESOURCE_SHORTAGE.
 */
kern_return_t xnu_entry_alloc_name(struct xnu_space *space,
				   mach_port_name_t name,
				   struct xnu_entry **entryp)
{
	u32 index = MACH_PORT_INDEX(name);
	u8 gen = name & 0xff;
	struct xnu_entry *entry;
	int ret;

	lockdep_assert_held(&space->lock);
	if (index > xnu_space_index_limit())
		return KERN_NO_SPACE;
	if ((name & XNU_ENTRY_GEN_FIRST) != XNU_ENTRY_GEN_FIRST)
		return KERN_INVALID_VALUE;
	if (!index)
		return KERN_FAILURE;

	entry = xa_load(&space->names, index);
	if (entry) {
		if (entry->type)
			return entry->gen == gen ? KERN_NAME_EXISTS :
						   KERN_FAILURE;
		list_del_init(&entry->free_link);
		goto out;
	}
	entry = kmem_cache_zalloc(xnu_entry_cache, GFP_KERNEL_ACCOUNT);
	if (!entry)
		return KERN_RESOURCE_SHORTAGE;
	INIT_LIST_HEAD(&entry->free_link);
	entry->index = index;
	ret = xa_insert(&space->names, index, entry, GFP_KERNEL_ACCOUNT);
	if (ret) {
		kmem_cache_free(xnu_entry_cache, entry);
		return KERN_RESOURCE_SHORTAGE;
	}
out:
	entry->gen = gen;
	entry->type = 0;
	entry->urefs = 0;
	entry->port = NULL;
	space->count++;
	*entryp = entry;
	return KERN_SUCCESS;
}

/**
 * xnu_entry_free() - give a name back
 * @space: the space, locked
 * @entry: an entry whose rights are gone (its port reference already
 *	   transferred or dropped by the caller)
 *
 * Drops the entry's reverse mapping and puts it on the free list.
 */
void xnu_entry_free(struct xnu_space *space, struct xnu_entry *entry)
{
	lockdep_assert_held(&space->lock);
	xnu_entry_rev_remove(space, entry);
	entry->type = 0;
	entry->urefs = 0;
	entry->port = NULL;
	list_add(&entry->free_link, &space->free);
	space->count--;
}

/* ---- termination -------------------------------------------------------------- */

/* Release the rights of one entry of a dying space (the space is locked). */
static void xnu_space_terminate_entry(struct xnu_space *space,
				      struct xnu_entry *entry,
				      struct xnu_deferred *d)
{
	mach_port_name_t name = xnu_entry_name(entry);
	struct xnu_port *port, *notify = NULL;
	u32 type;

	if (entry->type & MACH_PORT_TYPE_PORT_SET) {
		xnu_pset_destroy(entry->pset);
		xnu_pset_put(entry->pset);
		entry->pset = NULL;
		return;
	}
	xnu_entry_check(space, entry);
	type = entry->type;
	if (!(type & MACH_PORT_TYPE_PORT_RIGHTS))
		return;		/* dead name */

	port = entry->port;
	xnu_entry_rev_remove(space, entry);
	entry->port = NULL;
	if (type & XNU_ENTRY_DNREQUEST)
		notify = xnu_port_dncancel(port, space, name);

	if (type & MACH_PORT_TYPE_RECEIVE) {
		if (type & MACH_PORT_TYPE_SEND) {
			xnu_port_get(port);
			xnu_port_release_send_ref(port, d);
		}
		spin_lock(&port->lock);
		port->receiver = NULL;
		port->rcv_name = MACH_PORT_NULL;
		spin_unlock(&port->lock);
		xnu_port_destroy(port, d);
	} else if (type & MACH_PORT_TYPE_SEND) {
		xnu_port_release_send_ref(port, d);
	} else {
		xnu_port_release_send_once_ref(port, true, d);
	}
	if (notify)
		xnu_notify_port_deleted(d, notify, name);
}

/**
 * xnu_space_terminate() - destroy every right of a space whose task is gone
 * @space: the space (not locked)
 *
 * The space becomes inactive, so every later call on it fails. Receive
 * rights die (or go to their port-destroyed requester), send rights are
 * released, unused send-once rights send send-once notifications, armed
 * dead-name requests send port-deleted notifications, port sets are
 * destroyed. The resulting work runs before this returns.
 */
void xnu_space_terminate(struct xnu_space *space)
{
	struct xnu_deferred d;
	struct xnu_entry *entry;
	unsigned long index;

	if (WARN_ON_ONCE(space == XNU_SPACE_KERNEL))
		return;
	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (!space->active) {
		mutex_unlock(&space->lock);
		return;
	}
	space->active = false;
	xa_for_each(&space->names, index, entry) {
		if (entry->type) {
			xnu_space_terminate_entry(space, entry, &d);
			entry->type = 0;
		}
		xa_erase(&space->names, index);
		kmem_cache_free(xnu_entry_cache, entry);
		/* A space may hold a million names. */
		if (!(index % 256))
			cond_resched();
	}
	INIT_LIST_HEAD(&space->free);
	space->count = 0;
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
}

/* ---- the walk (xlsmp) --------------------------------------------------------- */

static s32 xnu_space_receiver_pid(struct xnu_port *port)
{
	struct xnu_space *receiver = port->receiver;

	if (!port->active || !receiver)
		return -1;
	if (receiver == XNU_SPACE_KERNEL || !receiver->task)
		return 0;
	return pid_nr(receiver->task->tgid);
}

static void xnu_space_entry_info(struct xnu_entry *entry,
				 struct xnu_entry_info *info)
{
	struct xnu_port *port;
	struct xnu_pset *pset;

	memset(info, 0, sizeof(*info));
	info->name = xnu_entry_name(entry);
	info->type = entry->type;
	info->urefs = entry->urefs;
	info->receiver_pid = -1;

	if (entry->type & MACH_PORT_TYPE_PORT_SET) {
		pset = entry->pset;
		info->urefs = 1;
		spin_lock(&pset->lock);
		info->members = list_count_nodes(&pset->members);
		spin_unlock(&pset->lock);
		return;
	}
	if (!(entry->type & MACH_PORT_TYPE_PORT_RIGHTS))
		return;
	port = entry->port;
	if (!(entry->type & MACH_PORT_TYPE_SEND))
		info->urefs = 1;
	info->port_id = port->id;
	if (port->kotype && port->kotype->name)
		strscpy(info->kotype, port->kotype->name, sizeof(info->kotype));
	spin_lock(&port->lock);
	if (entry->type & MACH_PORT_TYPE_RECEIVE) {
		info->msgcount = port->msgcount;
		info->qlimit = port->qlimit;
	}
	info->receiver_pid = xnu_space_receiver_pid(port);
	spin_unlock(&port->lock);
}

/**
 * xnu_space_walk() - report the names of a space, for xlsmp
 * @space: the space (not locked)
 * @pos: in: first index to report; out: where to resume
 * @fn: called for each name with the space locked; must not sleep for
 *	long nor take space or port locks; non-zero stops the walk
 * @arg: passed to @fn
 *
 * Rights to dead ports are shown (and turned into) dead names.
 *
 * Return: the value that stopped the walk (*@pos is then the refused
 * entry), or 0 at the end (an inactive space has no names).
 */
int xnu_space_walk(struct xnu_space *space, unsigned long *pos,
		   int (*fn)(void *arg, const struct xnu_entry_info *info),
		   void *arg)
{
	struct xnu_entry_info info;
	struct xnu_entry *entry;
	unsigned long index;
	int ret = 0;

	mutex_lock(&space->lock);
	if (!space->active || space == XNU_SPACE_KERNEL)
		goto out;
	xa_for_each_start(&space->names, index, entry, *pos) {
		if (!entry->type)
			continue;
		xnu_entry_check(space, entry);
		xnu_space_entry_info(entry, &info);
		ret = fn(arg, &info);
		if (ret) {
			*pos = index;
			goto out;
		}
	}
	*pos = ULONG_MAX;
out:
	mutex_unlock(&space->lock);
	return ret;
}
