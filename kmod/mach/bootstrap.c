// SPDX-License-Identifier: GPL-2.0
/*
 * bootstrap.c - the name service behind every task's default bootstrap
 * port: bootstrap_check_in(), bootstrap_register() and bootstrap_look_up()
 * (MIG subsystem 400, uapi/xnu_mach_bootstrap.h) served by a passive
 * kernel object, and xnu_bootstrap_publish() / xnu_bootstrap_unpublish()
 * for kernel modules. We have no launchd, so the module keeps the names.
 *
 * The registry maps a service name to a send right and an owner: the
 * effective uid of the task that made the entry (the euid of the request's
 * audit token, in the initial user namespace) or the kernel. An entry is
 * live while its port is; a name whose port died is "dead": it stays
 * reserved for its owner.
 *
 * Who may take a name, in order of precedence: the kernel, then root
 * (euid 0), then every other user, first come first served. So a user who
 * registers a name first cannot keep it from a root daemon or a kernel
 * module that uses it later, and no user can take root's or the kernel's.
 *
 * Rules:
 *  - Names are NUL-terminated within BOOTSTRAP_MAX_NAME_LEN (128) bytes,
 *    else MIG_BAD_ARGUMENTS. The empty name is never registered: look_up
 *    gives BOOTSTRAP_UNKNOWN_SERVICE, check_in and register
 *    BOOTSTRAP_NOT_PRIVILEGED.
 *  - look_up(name): a live entry gives a send right to its port. No entry,
 *    or a dead one, gives BOOTSTRAP_UNKNOWN_SERVICE; the dead entry's right
 *    is dropped but the name stays reserved.
 *  - check_in(name): when the caller may take the name (below), the
 *    service makes a new port, keeps a send right and returns the receive
 *    right (the caller owns the name). A live entry of the caller's own
 *    uid gives BOOTSTRAP_SERVICE_ACTIVE; a name the caller may not take,
 *    BOOTSTRAP_NOT_PRIVILEGED.
 *  - register(name, port): keeps a send right to @port under the same
 *    conditions as check_in. register(name, MACH_PORT_NULL) - or a dead
 *    name - removes an entry, live or dead, for its owner or root;
 *    BOOTSTRAP_NOT_PRIVILEGED for anyone else and for kernel entries,
 *    BOOTSTRAP_UNKNOWN_SERVICE when there is none. The port must arrive as
 *    a send right (COPY_SEND, MAKE_SEND or MOVE_SEND), else MIG_TYPE_ERROR.
 *  - A user may take a free name and a dead name of its own uid. Root may
 *    also take any dead user name and any live name owned by a uid other
 *    than 0 (a root daemon reclaims its name from whoever took it first;
 *    the evicted entry's send right is released, its port lives on outside
 *    the registry). Nobody else can take a name another uid had, live or
 *    dead, so a user cannot hijack another user's service, not even by
 *    waiting for it to restart.
 *  - Kernel entries (xnu_bootstrap_publish()) are never taken or removed
 *    from user space (BOOTSTRAP_NOT_PRIVILEGED), live or dead, until the
 *    module unpublishes them. Publishing always wins over users: a user
 *    entry under the name, live or dead, root's included, is evicted (and
 *    logged); only another kernel entry gives BOOTSTRAP_NAME_IN_USE.
 *  - A uid owns at most XNU_BS_MAX_PER_UID (1024) names, dead ones
 *    included; at the limit its dead names are freed first, then
 *    BOOTSTRAP_NO_MEMORY.
 *
 * Locking: xnu_bs_lock (a mutex) protects the registry. Rights released
 * under it only queue their consequences on a struct xnu_deferred, which
 * runs after the mutex is dropped (a no-senders callback may call back
 * into xnu_bootstrap_unpublish()).
 */
#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "xnu_mach_bootstrap.h"
#include "mach_internal.h"

#define XNU_BS_MAX_PER_UID	1024

/* How an entry was made (kept for debugging). */
enum xnu_bs_how {
	XNU_BS_CHECK_IN,
	XNU_BS_REGISTER,
	XNU_BS_KERNEL,
};

/**
 * struct xnu_bs_owner - the names one uid owns
 * @uid:	effective uid
 * @count:	entries owned, dead ones included
 * @services:	struct xnu_bs_service.owner_link
 */
struct xnu_bs_owner {
	u32 uid;
	u32 count;
	struct list_head services;
};

/**
 * struct xnu_bs_service - one name of the registry
 * @node:	in xnu_bs_names
 * @name:	the name, NUL-padded (the hash key)
 * @port:	the send right kept, NULL once the port was seen dead
 * @owner:	the owning uid, NULL for a kernel entry
 * @owner_link:	on @owner's list
 * @how:	enum xnu_bs_how
 * @rcu:	frees the entry (rhashtable readers)
 */
struct xnu_bs_service {
	struct rhash_head node;
	char name[BOOTSTRAP_MAX_NAME_LEN];
	struct xnu_port *port;
	struct xnu_bs_owner *owner;
	struct list_head owner_link;
	enum xnu_bs_how how;
	struct rcu_head rcu;
};

static const struct rhashtable_params xnu_bs_params = {
	.key_len = BOOTSTRAP_MAX_NAME_LEN,
	.key_offset = offsetof(struct xnu_bs_service, name),
	.head_offset = offsetof(struct xnu_bs_service, node),
	.automatic_shrinking = true,
};

static struct rhashtable xnu_bs_names;
static DEFINE_XARRAY(xnu_bs_owners);	/* uid -> struct xnu_bs_owner */
static DEFINE_MUTEX(xnu_bs_lock);

struct xnu_port *xnu_bootstrap_port;

/* ---- the registry ------------------------------------------------------- */

static struct xnu_bs_service *xnu_bs_lookup(const char *key)
{
	lockdep_assert_held(&xnu_bs_lock);
	return rhashtable_lookup_fast(&xnu_bs_names, key, xnu_bs_params);
}

/* Is @svc live? A dead port's right is dropped (the name stays). */
static bool xnu_bs_live(struct xnu_bs_service *svc, struct xnu_deferred *d)
{
	if (!svc->port)
		return false;
	if (READ_ONCE(svc->port->active))
		return true;
	xnu_port_release_send_ref(svc->port, d);
	svc->port = NULL;
	return false;
}

static bool xnu_bs_owned_by(const struct xnu_bs_service *svc, u32 uid)
{
	return svc->owner && svc->owner->uid == uid;
}

/* May @uid take over (dead @svc) or remove @svc? Never a kernel entry. */
static bool xnu_bs_may_reclaim(const struct xnu_bs_service *svc, u32 uid)
{
	return svc->owner && (svc->owner->uid == uid || uid == 0);
}

/* May @uid evict the live @svc? Root, from a user other than root. */
static bool xnu_bs_may_evict(const struct xnu_bs_service *svc, u32 uid)
{
	return svc->owner && uid == 0 && svc->owner->uid != 0;
}

static void xnu_bs_owner_trim(struct xnu_bs_owner *owner)
{
	if (owner && !owner->count) {
		xa_erase(&xnu_bs_owners, owner->uid);
		kfree(owner);
	}
}

/* Unlink and free @svc (its right released on @d); the owner may stay empty. */
static void xnu_bs_unlink(struct xnu_bs_service *svc, struct xnu_deferred *d)
{
	rhashtable_remove_fast(&xnu_bs_names, &svc->node, xnu_bs_params);
	if (svc->owner) {
		list_del(&svc->owner_link);
		svc->owner->count--;
	}
	if (svc->port)
		xnu_port_release_send_ref(svc->port, d);
	kfree_rcu(svc, rcu);
}

static void xnu_bs_remove(struct xnu_bs_service *svc, struct xnu_deferred *d)
{
	struct xnu_bs_owner *owner = svc->owner;

	xnu_bs_unlink(svc, d);
	xnu_bs_owner_trim(owner);
}

/* The owner record of @uid, made if needed, with room for one more name. */
static kern_return_t xnu_bs_owner_get(u32 uid, struct xnu_bs_owner **ownerp,
				      struct xnu_deferred *d)
{
	struct xnu_bs_service *svc, *next;
	struct xnu_bs_owner *owner;
	void *old;

	owner = xa_load(&xnu_bs_owners, uid);
	if (!owner) {
		owner = kzalloc(sizeof(*owner), GFP_KERNEL_ACCOUNT);
		if (!owner)
			return BOOTSTRAP_NO_MEMORY;
		owner->uid = uid;
		INIT_LIST_HEAD(&owner->services);
		old = xa_store(&xnu_bs_owners, uid, owner, GFP_KERNEL_ACCOUNT);
		if (xa_is_err(old)) {
			kfree(owner);
			return BOOTSTRAP_NO_MEMORY;
		}
	}
	if (owner->count >= XNU_BS_MAX_PER_UID) {
		list_for_each_entry_safe(svc, next, &owner->services, owner_link)
			if (!xnu_bs_live(svc, d))
				xnu_bs_unlink(svc, d);
	}
	if (owner->count >= XNU_BS_MAX_PER_UID)
		return BOOTSTRAP_NO_MEMORY;
	*ownerp = owner;
	return KERN_SUCCESS;
}

/*
 * Add an entry @key -> @port (a send right, consumed on success) owned by
 * @uid, or by the kernel when @how is XNU_BS_KERNEL. The name must be
 * free.
 */
static kern_return_t xnu_bs_insert(const char *key, struct xnu_port *port,
				   u32 uid, enum xnu_bs_how how,
				   struct xnu_deferred *d)
{
	struct xnu_bs_owner *owner = NULL;
	struct xnu_bs_service *svc;
	kern_return_t kr;

	if (how != XNU_BS_KERNEL) {
		kr = xnu_bs_owner_get(uid, &owner, d);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	svc = kzalloc(sizeof(*svc), GFP_KERNEL_ACCOUNT);
	if (!svc)
		goto fail;
	memcpy(svc->name, key, BOOTSTRAP_MAX_NAME_LEN);
	svc->port = port;
	svc->owner = owner;
	svc->how = how;
	if (rhashtable_insert_fast(&xnu_bs_names, &svc->node, xnu_bs_params)) {
		kfree(svc);
		goto fail;
	}
	if (owner) {
		list_add_tail(&svc->owner_link, &owner->services);
		owner->count++;
	}
	return KERN_SUCCESS;

fail:
	xnu_bs_owner_trim(owner);
	return BOOTSTRAP_NO_MEMORY;
}

/*
 * A user wants @key: BOOTSTRAP_SUCCESS when it is free (an entry it may
 * reclaim or evict is removed), else why not.
 */
static kern_return_t xnu_bs_claim(const char *key, u32 uid,
				  struct xnu_deferred *d)
{
	struct xnu_bs_service *svc = xnu_bs_lookup(key);

	if (!svc)
		return BOOTSTRAP_SUCCESS;
	if (xnu_bs_live(svc, d)) {
		if (xnu_bs_owned_by(svc, uid))
			return BOOTSTRAP_SERVICE_ACTIVE;
		if (!xnu_bs_may_evict(svc, uid))
			return BOOTSTRAP_NOT_PRIVILEGED;
		pr_notice_ratelimited("bootstrap: root took the live name \"%*pE\" from uid %u\n",
				      (int)strlen(key), key, svc->owner->uid);
	} else if (!xnu_bs_may_reclaim(svc, uid)) {
		return BOOTSTRAP_NOT_PRIVILEGED;
	}
	xnu_bs_remove(svc, d);
	return BOOTSTRAP_SUCCESS;
}

/* ---- the three routines, on the registry ---------------------------------- */

/* check_in: a new service port; its receive right in *@portp. */
static kern_return_t xnu_bs_do_check_in(const char *key, u32 uid,
					struct xnu_port **portp)
{
	struct xnu_port *port = NULL;
	struct xnu_deferred d;
	kern_return_t kr;

	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	kr = xnu_bs_claim(key, uid, &d);
	if (kr != BOOTSTRAP_SUCCESS)
		goto out;
	port = xnu_port_alloc();
	if (!port) {
		kr = BOOTSTRAP_NO_MEMORY;
		goto out;
	}
	/* The registry's send right; the receive right goes to the caller. */
	xnu_port_make_send_ref(port);
	kr = xnu_bs_insert(key, port, uid, XNU_BS_CHECK_IN, &d);
	if (kr != KERN_SUCCESS) {
		xnu_port_release_send_ref(port, &d);
		xnu_port_destroy(port, &d);
		port = NULL;
	}
out:
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);
	*portp = port;
	return kr;
}

/* look_up: a send right to the live service in *@portp. */
static kern_return_t xnu_bs_do_look_up(const char *key,
				       struct xnu_port **portp)
{
	struct xnu_bs_service *svc;
	struct xnu_port *port = NULL;
	struct xnu_deferred d;

	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	svc = xnu_bs_lookup(key);
	if (svc && xnu_bs_live(svc, &d)) {
		port = svc->port;
		xnu_port_copy_send_ref(port);
	}
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);
	*portp = port;
	return port ? BOOTSTRAP_SUCCESS : BOOTSTRAP_UNKNOWN_SERVICE;
}

/* register(name, NULL): remove the entry. */
static kern_return_t xnu_bs_unregister(const char *key, u32 uid,
				       struct xnu_deferred *d)
{
	struct xnu_bs_service *svc = xnu_bs_lookup(key);

	if (!svc)
		return BOOTSTRAP_UNKNOWN_SERVICE;
	if (!xnu_bs_may_reclaim(svc, uid))
		return BOOTSTRAP_NOT_PRIVILEGED;
	xnu_bs_remove(svc, d);
	return BOOTSTRAP_SUCCESS;
}

/*
 * register: keep @port (a send right, NULL to unregister); the right is
 * consumed whatever the result.
 */
static kern_return_t xnu_bs_do_register(const char *key, u32 uid,
					struct xnu_port *port)
{
	struct xnu_deferred d;
	kern_return_t kr;

	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	if (!port) {
		kr = xnu_bs_unregister(key, uid, &d);
		goto out;
	}
	kr = xnu_bs_claim(key, uid, &d);
	if (kr != BOOTSTRAP_SUCCESS)
		goto out;
	kr = xnu_bs_insert(key, port, uid, XNU_BS_REGISTER, &d);
	if (kr == KERN_SUCCESS)
		port = NULL;
out:
	if (XNU_PORT_VALID(port))
		xnu_port_release_send_ref(port, &d);
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);
	return kr;
}

/* ---- the MIG server stubs ---------------------------------------------------- */

/*
 * Copy the request's service name into the NUL-padded @key. MIG's server
 * check: the string must end within its 128 bytes. An empty name is the
 * routine's error @empty.
 */
static kern_return_t xnu_bs_get_name(const char *name, char *key,
				     kern_return_t empty)
{
	const char *end = memchr(name, '\0', BOOTSTRAP_MAX_NAME_LEN);

	if (!end)
		return MIG_BAD_ARGUMENTS;
	memset(key, 0, BOOTSTRAP_MAX_NAME_LEN);
	memcpy(key, name, end - name);
	return key[0] ? KERN_SUCCESS : empty;
}

/* The effective uid of the request's sender (audit token word 1). */
static u32 xnu_bs_caller_uid(struct xnu_mig_call *call)
{
	return xnu_mig_audit_token(call)->val[1];
}

/* Size and bits of a check_in / look_up request, then its name. */
static kern_return_t xnu_bs_name_request(struct xnu_mig_call *call,
					 char *key, kern_return_t empty)
{
	const struct xnu_bootstrap_name_request *req =
		(const void *)xnu_mig_request(call);

	if ((req->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    req->Head.msgh_size != XNU_BOOTSTRAP_NAME_REQUEST_SIZE)
		return MIG_BAD_ARGUMENTS;
	return xnu_bs_get_name(req->service_name, key, empty);
}

/* Give back a right taken from a request that turned out to be wrong. */
static void xnu_bs_drop_right(struct xnu_port *port, mach_msg_type_name_t type)
{
	struct xnu_deferred d;

	if (!XNU_PORT_VALID(port))
		return;
	xnu_deferred_init(&d);
	xnu_right_release(port, type, &d);
	xnu_deferred_run(&d);
}

/* Fill the success reply: one port descriptor carrying @port. */
static kern_return_t xnu_bs_reply_port(struct xnu_mig_call *call,
				       struct xnu_port *port,
				       mach_msg_type_name_t disp)
{
	struct xnu_bootstrap_port_reply *rep = (void *)xnu_mig_reply(call);
	kern_return_t kr;

	memset(&rep->service_port, 0, sizeof(rep->service_port));
	kr = xnu_mig_reply_port(call, &rep->service_port, port, disp);
	if (kr != KERN_SUCCESS)
		return kr;
	rep->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	rep->Head.msgh_size = XNU_BOOTSTRAP_PORT_REPLY_SIZE;
	rep->msgh_body.msgh_descriptor_count = 1;
	return KERN_SUCCESS;
}

/* 402 bootstrap_check_in(bp, service_name, out service_port: receive). */
static void xnu_bs_check_in(struct xnu_mig_call *call)
{
	char key[BOOTSTRAP_MAX_NAME_LEN];
	struct xnu_port *port;
	kern_return_t kr;

	kr = xnu_bs_name_request(call, key, BOOTSTRAP_NOT_PRIVILEGED);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = xnu_bs_do_check_in(key, xnu_bs_caller_uid(call), &port);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = xnu_bs_reply_port(call, port, MACH_MSG_TYPE_MOVE_RECEIVE);
	if (kr != KERN_SUCCESS)	/* the entry stays, dead: check in again */
		xnu_bs_drop_right(port, MACH_MSG_TYPE_PORT_RECEIVE);
out:
	if (kr != KERN_SUCCESS)
		xnu_mig_set_retcode(call, kr);
}

/* 404 bootstrap_look_up(bp, service_name, out service_port: send). */
static void xnu_bs_look_up(struct xnu_mig_call *call)
{
	char key[BOOTSTRAP_MAX_NAME_LEN];
	struct xnu_port *port;
	kern_return_t kr;

	kr = xnu_bs_name_request(call, key, BOOTSTRAP_UNKNOWN_SERVICE);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = xnu_bs_do_look_up(key, &port);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = xnu_bs_reply_port(call, port, MACH_MSG_TYPE_MOVE_SEND);
	if (kr != KERN_SUCCESS)
		xnu_port_release_send(port);
out:
	if (kr != KERN_SUCCESS)
		xnu_mig_set_retcode(call, kr);
}

/* 403 bootstrap_register(bp, service_name, service_port: send). */
static void xnu_bs_register(struct xnu_mig_call *call)
{
	const struct xnu_bootstrap_register_request *req =
		(const void *)xnu_mig_request(call);
	char key[BOOTSTRAP_MAX_NAME_LEN];
	mach_msg_type_name_t type = 0;
	struct xnu_port *port;
	kern_return_t kr;

	if (!(req->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    req->Head.msgh_size != XNU_BOOTSTRAP_REGISTER_REQUEST_SIZE ||
	    req->msgh_body.msgh_descriptor_count != 1) {
		kr = MIG_BAD_ARGUMENTS;
		goto out;
	}
	if (req->service_port.type != MACH_MSG_PORT_DESCRIPTOR) {
		kr = MIG_TYPE_ERROR;
		goto out;
	}
	port = xnu_mig_take_port(call, &req->service_port, &type);
	if (port && type != MACH_MSG_TYPE_PORT_SEND) {
		xnu_bs_drop_right(port, type);
		kr = MIG_TYPE_ERROR;
		goto out;
	}
	kr = xnu_bs_get_name(req->service_name, key, BOOTSTRAP_NOT_PRIVILEGED);
	if (kr != KERN_SUCCESS) {
		xnu_bs_drop_right(port, type);
		goto out;
	}
	kr = xnu_bs_do_register(key, xnu_bs_caller_uid(call), port);
out:
	xnu_mig_set_retcode(call, kr);
}

static const struct xnu_mig_routine xnu_bs_routines[] = {
	/* 400, 401: unused in launchd's legacy bootstrap.defs */
	{ NULL, 0 },
	{ NULL, 0 },
	{ xnu_bs_check_in, sizeof(struct xnu_bootstrap_port_reply) },
	{ xnu_bs_register, sizeof(mig_reply_error_t) },
	{ xnu_bs_look_up, sizeof(struct xnu_bootstrap_port_reply) },
};

static const struct xnu_mig_subsystem xnu_bs_subsystem = {
	.name = "bootstrap",
	.start = XNU_BOOTSTRAP_SUBSYSTEM,
	.end = XNU_BOOTSTRAP_SUBSYSTEM_END,
	.maxsize = sizeof(struct xnu_bootstrap_port_reply),
	.routines = xnu_bs_routines,
};

static const struct xnu_mig_subsystem *const xnu_bs_subsystems[] = {
	&xnu_bs_subsystem,
	NULL
};

static struct xnu_kobject_type xnu_bs_kotype = {
	.name = "bootstrap",
	.subsystems = xnu_bs_subsystems,
	.owner = THIS_MODULE,
};

/* ---- the kernel API ------------------------------------------------------------ */

/**
 * xnu_bootstrap_publish() - publish a kernel port under a service name
 * @name:	the service name: 1 to BOOTSTRAP_MAX_NAME_LEN - 1 characters
 * @port:	a port whose receive right the kernel holds (a kernel-object
 *		or active-listener port)
 *
 * Makes a send right to @port and keeps it under @name, owned by the
 * kernel, so that user space finds the port with bootstrap_look_up(). No
 * user can check in, register or remove the name until
 * xnu_bootstrap_unpublish(). The kernel's names come first: an entry a
 * user (root included) made under @name, live or dead, is evicted - its
 * send right released, a notice logged - so nobody can keep a module from
 * its name by taking it first. Clients that looked the user's port up
 * before keep their rights to it.
 *
 * Context: process context, may sleep.
 * Return: KERN_SUCCESS; BOOTSTRAP_NAME_IN_USE when a kernel module
 * published the name already; KERN_INVALID_ARGUMENT for a bad name or
 * port; KERN_RESOURCE_SHORTAGE when memory is short.
 */
kern_return_t xnu_bootstrap_publish(const char *name, ipc_port_t port)
{
	char key[BOOTSTRAP_MAX_NAME_LEN] = { 0 };
	struct xnu_bs_service *svc;
	struct xnu_deferred d;
	kern_return_t kr;
	size_t len;
	bool live;

	if (!name || !XNU_PORT_VALID(port))
		return KERN_INVALID_ARGUMENT;
	len = strnlen(name, BOOTSTRAP_MAX_NAME_LEN);
	if (!len || len == BOOTSTRAP_MAX_NAME_LEN)
		return KERN_INVALID_ARGUMENT;
	memcpy(key, name, len);

	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	svc = xnu_bs_lookup(key);
	if (svc && !svc->owner) {
		kr = BOOTSTRAP_NAME_IN_USE;
		goto out;
	}
	if (svc) {
		/* The kernel's names come first: the user's entry goes. */
		live = xnu_bs_live(svc, &d);
		pr_notice_ratelimited("bootstrap: the kernel took the %s name \"%*pE\" from uid %u\n",
				      live ? "live" : "dead", (int)len, key,
				      svc->owner->uid);
		xnu_bs_remove(svc, &d);
	}
	xnu_port_make_send_ref(port);
	kr = xnu_bs_insert(key, port, 0, XNU_BS_KERNEL, &d);
	if (kr != KERN_SUCCESS) {
		xnu_port_release_send_ref(port, &d);
		kr = KERN_RESOURCE_SHORTAGE;
	}
out:
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);
	return kr;
}
EXPORT_SYMBOL_GPL(xnu_bootstrap_publish);

/**
 * xnu_bootstrap_unpublish() - withdraw a name published by the kernel
 * @name:	the name given to xnu_bootstrap_publish()
 *
 * Removes the kernel's entry for @name and releases its send right (which
 * may run the port's no-senders callback before this returns). Names
 * owned by users, and unknown names, are left alone.
 *
 * Context: process context, may sleep; no xnucross lock held.
 */
void xnu_bootstrap_unpublish(const char *name)
{
	char key[BOOTSTRAP_MAX_NAME_LEN] = { 0 };
	struct xnu_bs_service *svc;
	struct xnu_deferred d;

	if (!name || strnlen(name, sizeof(key)) == sizeof(key))
		return;
	strscpy(key, name, sizeof(key));
	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	svc = xnu_bs_lookup(key);
	if (svc && !svc->owner)
		xnu_bs_remove(svc, &d);
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);
}
EXPORT_SYMBOL_GPL(xnu_bootstrap_unpublish);

/* ---- start and stop -------------------------------------------------------------- */

/**
 * xnu_bootstrap_init() - start the name service
 *
 * Registers the "bootstrap" kernel object type and makes the service's
 * port, xnu_bootstrap_port, held by the kernel.
 *
 * Return: 0 or a negative errno, with nothing left behind.
 */
int xnu_bootstrap_init(void)
{
	struct xnu_port *port;
	int ret;

	ret = rhashtable_init(&xnu_bs_names, &xnu_bs_params);
	if (ret)
		return ret;
	ret = xnu_kobject_type_register(&xnu_bs_kotype);
	if (ret)
		goto out_names;
	port = xnu_kobject_port_alloc(&xnu_bs_kotype, &xnu_bs_names);
	if (IS_ERR_OR_NULL(port)) {
		ret = -ENOMEM;
		goto out_type;
	}
	xnu_bootstrap_port = port;
	return 0;

out_type:
	xnu_kobject_type_unregister(&xnu_bs_kotype);
out_names:
	rhashtable_destroy(&xnu_bs_names);
	return ret;
}

static void xnu_bs_free_one(void *ptr, void *arg)
{
	struct xnu_bs_service *svc = ptr;

	if (svc->port)
		xnu_port_release_send_ref(svc->port, arg);
	kfree(svc);
}

/**
 * xnu_bootstrap_exit() - stop the name service
 *
 * Runs when no task is left and no module using the kernel API is loaded:
 * destroys the service's port and releases every right the registry keeps.
 */
void xnu_bootstrap_exit(void)
{
	struct xnu_bs_owner *owner;
	struct xnu_deferred d;
	unsigned long uid;

	xnu_kobject_port_destroy(xnu_bootstrap_port);
	xnu_bootstrap_port = NULL;

	xnu_deferred_init(&d);
	mutex_lock(&xnu_bs_lock);
	rhashtable_free_and_destroy(&xnu_bs_names, xnu_bs_free_one, &d);
	xa_for_each(&xnu_bs_owners, uid, owner)
		kfree(owner);
	xa_destroy(&xnu_bs_owners);
	mutex_unlock(&xnu_bs_lock);
	xnu_deferred_run(&d);

	xnu_kobject_type_unregister(&xnu_bs_kotype);
}
