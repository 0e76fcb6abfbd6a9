/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnucross/kobject.h - the kernel API for Mach kernel-object ports: what a
 * module uses to publish its own objects to user space as Mach ports.
 *
 * A message sent to a kernel-object port runs the matching MIG routine in
 * the sending thread (passive invocation): the routine table is a MIG
 * subsystem, keyed by msgh_id, and the reply goes back in the same
 * mach_msg() call. A type may have its one-way messages (simpleroutines)
 * queued and served by a kernel worker instead (XNU_KOBJECT_F_ASYNC). The
 * same routines can also be served by a kernel thread (an active
 * listener), for comparison.
 *
 * Messages are seen in the user layout of <mach/message.h> (24-byte header,
 * 12-byte port descriptors); port fields inside them are names with no
 * meaning in the kernel. Rights carried by a request are taken with
 * xnu_mig_take_port(); rights put in a reply with xnu_mig_reply_port(),
 * out-of-line memory (a kernel buffer) with xnu_mig_reply_ool().
 *
 * XNU does not let kexts do this; see Documentation/mach-ipc.rst.
 */
#ifndef _XNUCROSS_KOBJECT_H
#define _XNUCROSS_KOBJECT_H

#include <linux/types.h>
#include <linux/module.h>

#include "xnu_mach_types.h"
#include "xnu_mach_msg.h"

/*
 * A port, as XNU's kernel calls it. IP_DEAD stands for a dead right (a
 * dead name carried by a message): no port, no reference, nothing to
 * release.
 */
struct xnu_port;
typedef struct xnu_port *ipc_port_t;
#define IP_NULL		((ipc_port_t)NULL)
#define IP_DEAD		((ipc_port_t)-1L)

struct xnu_mig_call;

/* Largest reply a routine may declare (xnu_mig_routine.max_reply). */
#define XNU_MIG_REPLY_MAX	(64U * 1024U)

/**
 * typedef xnu_mig_stub_t - one MIG routine's server stub
 * @call: the call being served: request, reply buffer, rights, sender
 *
 * The stub checks the request (size, complex bit, descriptors), converts
 * its arguments, runs the routine and fills the reply. It reports the
 * routine's result with xnu_mig_set_retcode() (or by writing RetCode in a
 * reply laid out as mig_reply_error_t plus fields).
 */
typedef void (*xnu_mig_stub_t)(struct xnu_mig_call *call);

/**
 * struct xnu_mig_routine - one slot of a subsystem
 * @stub:	the server stub, NULL for a skipped id
 * @max_reply:	largest reply, in bytes (at least sizeof(mig_reply_error_t))
 */
struct xnu_mig_routine {
	xnu_mig_stub_t stub;
	mach_msg_size_t max_reply;
};

/**
 * struct xnu_mig_subsystem - a MIG subsystem: ids @start to @end - 1
 * @name:	for logs
 * @start:	first msgh_id (the subsystem base)
 * @end:	last msgh_id + 1
 * @maxsize:	largest reply of all routines
 * @routines:	@end - @start slots
 */
struct xnu_mig_subsystem {
	const char *name;
	mach_msg_id_t start;
	mach_msg_id_t end;
	mach_msg_size_t maxsize;
	const struct xnu_mig_routine *routines;
};

/**
 * struct xnu_kobject_type - a kind of kernel object
 * @name:	short name (shown by xlsmp), at most 31 characters
 * @subsystems:	NULL-terminated list of subsystems its ports serve
 * @no_senders:	called (no lock held, may sleep) when the last send right to
 *		a port of this type goes away; typically destroys the port
 *		and the object. May be NULL.
 * @owner:	THIS_MODULE
 * @flags:	%XNU_KOBJECT_F_* (0: every message runs in its sender)
 * @async_qlimit: with %XNU_KOBJECT_F_ASYNC, how many one-way messages a
 *		port of the type queues before senders wait (0:
 *		%MACH_PORT_QLIMIT_DEFAULT; at most %MACH_PORT_QLIMIT_MAX)
 * @priv:	private to xnucross (zero it)
 */
struct xnu_kobject_type {
	const char *name;
	const struct xnu_mig_subsystem *const *subsystems;
	void (*no_senders)(ipc_port_t port, void *object,
			   mach_port_mscount_t mscount);
	struct module *owner;
	unsigned int flags;
	unsigned int async_qlimit;
	void *priv;
};

/*
 * XNU_KOBJECT_F_ASYNC - one-way messages are served asynchronously.
 *
 * A message without a reply right (a MIG simpleroutine) sent to a port of
 * the type is queued on the port, as on an ordinary port (up to
 * @async_qlimit; a full queue makes the sender wait, interruptibly, or
 * fail with MACH_SEND_TIMED_OUT under MACH_SEND_TIMEOUT), and the
 * sender's mach_msg() returns at once. A kernel worker then runs the
 * routines, one message at a time per port, in the order queued (ports
 * are served in parallel). Messages with a reply right (routines) still
 * run in the sender's thread. A routine served by the worker runs in a
 * kernel thread: the sender is xnu_mig_audit_token(), never current.
 * Destroying the port destroys what is still queued (rights released,
 * out-of-line memory freed).
 */
#define XNU_KOBJECT_F_ASYNC	0x1

/*
 * XNU_KOBJECT_F_KERNEL_MIG - the type is one of XNU's own kernel objects.
 *
 * XNU dispatches every kernel object message through one table of all the
 * kernel's MIG routines: a routine sent to a port of the wrong kind runs,
 * finds no object of its kind (its intran gives NULL) and answers as the
 * routine does (e.g. KERN_INVALID_ARGUMENT), not MIG_BAD_ID. The types
 * with this flag (xnucross's task, thread, host, clock and semaphore
 * ports) share such a table: a message to a port of one of them with an
 * id that its own type does not serve runs the routine of the flagged
 * type that does. No msgh_id may be served by two flagged types. Types
 * without the flag keep their own ids: MIG_BAD_ID for the rest.
 */
#define XNU_KOBJECT_F_KERNEL_MIG	0x2

int xnu_kobject_type_register(struct xnu_kobject_type *type);
void xnu_kobject_type_unregister(struct xnu_kobject_type *type);

ipc_port_t xnu_kobject_port_alloc(struct xnu_kobject_type *type,
				  void *object);
void xnu_kobject_port_destroy(ipc_port_t port);
void *xnu_kobject_get(ipc_port_t port, const struct xnu_kobject_type *type);

ipc_port_t xnu_port_make_send(ipc_port_t port);
ipc_port_t xnu_port_copy_send(ipc_port_t port);
void xnu_port_release_send(ipc_port_t port);
void xnu_port_release_send_once(ipc_port_t port);
void xnu_port_release_right(ipc_port_t port, mach_msg_type_name_t type);

/*
 * Plain references (no right): a pointer to a port stays valid while one
 * is held, also after xnu_kobject_port_destroy() consumed the kernel's
 * receive right (without one the pointer is dead from then on).
 */
void xnu_port_reference(ipc_port_t port);
void xnu_port_deallocate(ipc_port_t port);

/* Inside a stub. */
const mach_msg_header_t *xnu_mig_request(struct xnu_mig_call *call);
mach_msg_header_t *xnu_mig_reply(struct xnu_mig_call *call);
ipc_port_t xnu_mig_request_port(struct xnu_mig_call *call);
void *xnu_mig_kobject(struct xnu_mig_call *call,
		      const struct xnu_kobject_type *type);
ipc_port_t xnu_mig_take_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc,
			     mach_msg_type_name_t *typep);
ipc_port_t xnu_mig_dead_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc);
kern_return_t xnu_mig_reply_port(struct xnu_mig_call *call,
				 mach_msg_port_descriptor_t *desc,
				 ipc_port_t port, mach_msg_type_name_t disp);
kern_return_t xnu_mig_reply_ool(struct xnu_mig_call *call,
				mach_msg_ool_descriptor_t *desc, void *data,
				mach_msg_size_t size);
void xnu_mig_set_retcode(struct xnu_mig_call *call, kern_return_t kr);
const audit_token_t *xnu_mig_audit_token(struct xnu_mig_call *call);
ipc_port_t xnu_mig_take_reply_port(struct xnu_mig_call *call,
				   mach_msg_type_name_t *typep);

/* Kernel-made messages. */
kern_return_t xnu_mach_msg_send_from_kernel(ipc_port_t dest,
					    mach_msg_type_name_t dest_type,
					    const mach_msg_header_t *msg,
					    mach_msg_size_t size);

/* Active listener: a kernel thread serving a port's messages. */
struct xnu_listener;
struct xnu_listener *xnu_listener_create(struct xnu_kobject_type *type,
					 void *object, const char *name);
ipc_port_t xnu_listener_port(struct xnu_listener *listener);
void xnu_listener_destroy(struct xnu_listener *listener);

/* The name service (bootstrap_look_up() finds what is published here). */
kern_return_t xnu_bootstrap_publish(const char *name, ipc_port_t port);
void xnu_bootstrap_unpublish(const char *name);

#endif /* _XNUCROSS_KOBJECT_H */
