// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_mach_test.c - the test module of the Mach IPC selftests and of the
 * benchmark: the kernel objects of xnu_mach_testsvc.h.
 *
 *   XNU_TESTSVC_NAME         the service, a passive kernel object port
 *   XNU_TESTSVC_ACTIVE_NAME  the same service, served by an active listener
 *
 * Two kobject types serve the test subsystem (7700..7708): "testsvc" (the
 * service) and "testobj" (objects made by MAKE_OBJECT). Each routine checks
 * the request as MIG's __MIG_check__Request would (MIG_BAD_ARGUMENTS), then
 * the type of the port it was sent to (KERN_INVALID_ARGUMENT), as XNU's
 * routines do. Objects die when their last send right goes (no-senders);
 * LIVE_OBJECTS counts them. DEFERRED answers 20 ms later from a work item
 * with xnu_mach_msg_send_from_kernel(). Routines return Darwin codes. At
 * load the module checks the promise of xnu_port_reference() (a port may
 * be destroyed twice and looked at while a reference is held).
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <mach/mig.h>
#include "xnu_mach_testsvc.h"

#define TESTSVC_DEFER_MS	20
#define TESTSVC_ROUTINES	(XNU_TESTSVC_END - XNU_TESTSVC_BASE)

/**
 * struct testsvc_obj - a test object
 * @port:	its kernel object port
 * @value:	what GET_VALUE answers
 * @link:	on testsvc_objects while @linked
 * @linked:	not yet claimed for destruction
 */
struct testsvc_obj {
	ipc_port_t port;
	int value;
	struct list_head link;
	bool linked;
};

/**
 * struct testsvc_deferred - a DEFERRED request waiting for its answer
 * @work:	sends the answer
 * @reply:	the reply right, taken from the request
 * @type:	its type
 * @id:		the request's msgh_id
 * @link:	on testsvc_pending while @queued
 * @queued:	not yet claimed by the work or by module exit
 */
struct testsvc_deferred {
	struct delayed_work work;
	ipc_port_t reply;
	mach_msg_type_name_t type;
	mach_msg_id_t id;
	struct list_head link;
	bool queued;
};

static struct xnu_kobject_type testsvc_service_type;
static struct xnu_kobject_type testsvc_object_type;

static int testsvc_service;	/* the service's object: only its address */
static ipc_port_t testsvc_port;
static struct xnu_listener *testsvc_listener;

static LIST_HEAD(testsvc_objects);
static DEFINE_MUTEX(testsvc_objects_lock);
static atomic_t testsvc_live = ATOMIC_INIT(0);

static LIST_HEAD(testsvc_pending);
static DEFINE_SPINLOCK(testsvc_pending_lock);
static struct workqueue_struct *testsvc_wq;

/* ---- objects ---- */

/* Destroy @obj unless someone else claimed it first. */
static void testsvc_obj_kill(struct testsvc_obj *obj)
{
	bool mine;

	mutex_lock(&testsvc_objects_lock);
	mine = obj->linked;
	if (mine) {
		list_del(&obj->link);
		obj->linked = false;
	}
	mutex_unlock(&testsvc_objects_lock);
	if (!mine)
		return;
	xnu_kobject_port_destroy(obj->port);
	kfree(obj);
	atomic_dec(&testsvc_live);
}

static void testsvc_obj_no_senders(ipc_port_t port, void *object,
				   mach_port_mscount_t mscount)
{
	testsvc_obj_kill(object);
}

static struct testsvc_obj *testsvc_obj_new(int value)
{
	struct testsvc_obj *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;
	obj->value = value;
	obj->port = xnu_kobject_port_alloc(&testsvc_object_type, obj);
	if (!obj->port) {
		kfree(obj);
		return NULL;
	}
	mutex_lock(&testsvc_objects_lock);
	list_add_tail(&obj->link, &testsvc_objects);
	obj->linked = true;
	mutex_unlock(&testsvc_objects_lock);
	atomic_inc(&testsvc_live);
	return obj;
}

/* ---- request checks ---- */

static bool testsvc_simple(const mach_msg_header_t *in, mach_msg_size_t size)
{
	return !(in->msgh_bits & MACH_MSGH_BITS_COMPLEX) && in->msgh_size == size;
}

/* MIG's check, then the intran's: false with RetCode set when refused. */
static bool testsvc_accept(struct xnu_mig_call *call, bool ok,
			   const struct xnu_kobject_type *type)
{
	if (!ok) {
		xnu_mig_set_retcode(call, MIG_BAD_ARGUMENTS);
		return false;
	}
	if (!xnu_mig_kobject(call, type)) {
		xnu_mig_set_retcode(call, KERN_INVALID_ARGUMENT);
		return false;
	}
	return true;
}

static void testsvc_int_reply(struct xnu_mig_call *call, int value)
{
	struct xnu_testsvc_int_reply *out = (void *)xnu_mig_reply(call);

	out->value = value;
	out->Head.msgh_size = sizeof(*out);
}

/* ---- the routines ---- */

static void testsvc_null(struct xnu_mig_call *call)
{
	const mach_msg_header_t *in = xnu_mig_request(call);

	testsvc_accept(call, testsvc_simple(in, sizeof(*in)),
		       &testsvc_service_type);
}

static void testsvc_add(struct xnu_mig_call *call)
{
	const struct xnu_testsvc_add_request *in = (const void *)xnu_mig_request(call);

	if (!testsvc_accept(call, testsvc_simple(&in->Head, sizeof(*in)),
			    &testsvc_service_type))
		return;
	testsvc_int_reply(call, (int)((u32)in->a + (u32)in->b));
}

static void testsvc_echo(struct xnu_mig_call *call)
{
	const struct xnu_testsvc_echo_request *in = (const void *)xnu_mig_request(call);
	struct xnu_testsvc_echo_reply *out = (void *)xnu_mig_reply(call);
	const size_t in_fixed = offsetof(struct xnu_testsvc_echo_request, data);
	mach_msg_size_t size = in->Head.msgh_size;
	bool ok;

	ok = !(in->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	     size >= in_fixed && in->len <= XNU_TESTSVC_ECHO_MAX &&
	     size == in_fixed + round_up(in->len, 4);
	if (!testsvc_accept(call, ok, &testsvc_service_type))
		return;
	out->len = in->len;
	memcpy(out->data, in->data, in->len);
	out->Head.msgh_size = offsetof(struct xnu_testsvc_echo_reply, data) +
			      round_up(in->len, 4);
}

static void testsvc_fail(struct xnu_mig_call *call)
{
	const struct xnu_testsvc_int_request *in = (const void *)xnu_mig_request(call);

	if (!testsvc_accept(call, testsvc_simple(&in->Head, sizeof(*in)),
			    &testsvc_service_type))
		return;
	xnu_mig_set_retcode(call, in->value);
}

static void testsvc_make_object(struct xnu_mig_call *call)
{
	const struct xnu_testsvc_int_request *in = (const void *)xnu_mig_request(call);
	struct xnu_testsvc_port_reply *out = (void *)xnu_mig_reply(call);
	struct testsvc_obj *obj;
	kern_return_t kr;

	if (!testsvc_accept(call, testsvc_simple(&in->Head, sizeof(*in)),
			    &testsvc_service_type))
		return;
	obj = testsvc_obj_new(in->value);
	if (!obj) {
		xnu_mig_set_retcode(call, KERN_RESOURCE_SHORTAGE);
		return;
	}
	kr = xnu_mig_reply_port(call, &out->port, obj->port,
				MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS) {
		testsvc_obj_kill(obj);
		xnu_mig_set_retcode(call, kr);
		return;
	}
	out->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	out->Head.msgh_size = sizeof(*out);
	out->msgh_body.msgh_descriptor_count = 1;
}

static void testsvc_get_value(struct xnu_mig_call *call)
{
	const mach_msg_header_t *in = xnu_mig_request(call);
	struct testsvc_obj *obj;

	if (!testsvc_simple(in, sizeof(*in))) {
		xnu_mig_set_retcode(call, MIG_BAD_ARGUMENTS);
		return;
	}
	/* The request's send right keeps the object from no-senders. */
	obj = xnu_mig_kobject(call, &testsvc_object_type);
	if (!obj) {
		xnu_mig_set_retcode(call, KERN_INVALID_ARGUMENT);
		return;
	}
	testsvc_int_reply(call, obj->value);
}

static void testsvc_take_port(struct xnu_mig_call *call)
{
	const struct xnu_testsvc_port_request *in = (const void *)xnu_mig_request(call);
	mach_msg_type_name_t type;
	ipc_port_t port;
	bool ok;

	ok = (in->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	     in->Head.msgh_size == sizeof(*in) &&
	     in->msgh_body.msgh_descriptor_count == 1 &&
	     in->port.type == MACH_MSG_PORT_DESCRIPTOR;
	if (!testsvc_accept(call, ok, &testsvc_service_type))
		return;
	port = xnu_mig_take_port(call, &in->port, &type);
	testsvc_int_reply(call, type == MACH_MSG_TYPE_PORT_SEND &&
			  xnu_kobject_get(port, &testsvc_object_type));
	xnu_port_release_right(port, type);
}

/* ---- DEFERRED: MIG_NO_REPLY now, the answer 20 ms later ---- */

static void testsvc_deferred_answer(struct testsvc_deferred *item)
{
	mig_reply_error_t msg = {
		.Head.msgh_id = item->id + XNU_MIG_REPLY_ID_OFFSET,
		.NDR = NDR_record,
		.RetCode = KERN_SUCCESS,
	};

	xnu_mach_msg_send_from_kernel(item->reply, item->type, &msg.Head,
				      sizeof(msg));
	kfree(item);
}

static void testsvc_deferred_work(struct work_struct *work)
{
	struct testsvc_deferred *item =
		container_of(to_delayed_work(work), struct testsvc_deferred, work);
	bool mine;

	spin_lock(&testsvc_pending_lock);
	mine = item->queued;
	if (mine) {
		list_del(&item->link);
		item->queued = false;
	}
	spin_unlock(&testsvc_pending_lock);
	if (mine)
		testsvc_deferred_answer(item);
}

static void testsvc_deferred(struct xnu_mig_call *call)
{
	const mach_msg_header_t *in = xnu_mig_request(call);
	struct testsvc_deferred *item;

	if (!testsvc_accept(call, testsvc_simple(in, sizeof(*in)),
			    &testsvc_service_type))
		return;
	item = kzalloc(sizeof(*item), GFP_KERNEL);
	if (!item) {
		xnu_mig_set_retcode(call, KERN_RESOURCE_SHORTAGE);
		return;
	}
	item->reply = xnu_mig_take_reply_port(call, &item->type);
	if (!item->reply) {
		kfree(item);	/* nobody to answer */
		xnu_mig_set_retcode(call, MIG_NO_REPLY);
		return;
	}
	item->id = in->msgh_id;
	INIT_DELAYED_WORK(&item->work, testsvc_deferred_work);
	spin_lock(&testsvc_pending_lock);
	list_add_tail(&item->link, &testsvc_pending);
	item->queued = true;
	queue_delayed_work(testsvc_wq, &item->work,
			   msecs_to_jiffies(TESTSVC_DEFER_MS));
	spin_unlock(&testsvc_pending_lock);
	xnu_mig_set_retcode(call, MIG_NO_REPLY);
}

/* Module exit: answer every pending request now, then drop the queue. */
static void testsvc_flush_deferred(void)
{
	struct testsvc_deferred *item;

	for (;;) {
		spin_lock(&testsvc_pending_lock);
		item = list_first_entry_or_null(&testsvc_pending,
						struct testsvc_deferred, link);
		if (item) {
			list_del(&item->link);
			item->queued = false;
		}
		spin_unlock(&testsvc_pending_lock);
		if (!item)
			break;
		cancel_delayed_work_sync(&item->work);
		testsvc_deferred_answer(item);
	}
	destroy_workqueue(testsvc_wq);
}

static void testsvc_live_objects(struct xnu_mig_call *call)
{
	const mach_msg_header_t *in = xnu_mig_request(call);

	if (!testsvc_accept(call, testsvc_simple(in, sizeof(*in)),
			    &testsvc_service_type))
		return;
	testsvc_int_reply(call, atomic_read(&testsvc_live));
}

/* ---- the subsystem and the types ---- */

#define TESTSVC_ROUTINE(id, fn, reply) \
	[(id) - XNU_TESTSVC_BASE] = { .stub = (fn), .max_reply = sizeof(reply) }

static const struct xnu_mig_routine testsvc_routines[TESTSVC_ROUTINES] = {
	TESTSVC_ROUTINE(XNU_TESTSVC_NULL, testsvc_null, mig_reply_error_t),
	TESTSVC_ROUTINE(XNU_TESTSVC_ADD, testsvc_add,
			struct xnu_testsvc_int_reply),
	TESTSVC_ROUTINE(XNU_TESTSVC_ECHO, testsvc_echo,
			struct xnu_testsvc_echo_reply),
	TESTSVC_ROUTINE(XNU_TESTSVC_FAIL, testsvc_fail, mig_reply_error_t),
	TESTSVC_ROUTINE(XNU_TESTSVC_MAKE_OBJECT, testsvc_make_object,
			struct xnu_testsvc_port_reply),
	TESTSVC_ROUTINE(XNU_TESTSVC_GET_VALUE, testsvc_get_value,
			struct xnu_testsvc_int_reply),
	TESTSVC_ROUTINE(XNU_TESTSVC_TAKE_PORT, testsvc_take_port,
			struct xnu_testsvc_int_reply),
	TESTSVC_ROUTINE(XNU_TESTSVC_DEFERRED, testsvc_deferred,
			mig_reply_error_t),
	TESTSVC_ROUTINE(XNU_TESTSVC_LIVE_OBJECTS, testsvc_live_objects,
			struct xnu_testsvc_int_reply),
};

static const struct xnu_mig_subsystem testsvc_subsystem = {
	.name = "xnu_testsvc",
	.start = XNU_TESTSVC_BASE,
	.end = XNU_TESTSVC_END,
	.maxsize = sizeof(struct xnu_testsvc_echo_reply),
	.routines = testsvc_routines,
};

static const struct xnu_mig_subsystem *const testsvc_subsystems[] = {
	&testsvc_subsystem,
	NULL,
};

static struct xnu_kobject_type testsvc_service_type = {
	.name = "testsvc",
	.subsystems = testsvc_subsystems,
	.owner = THIS_MODULE,
};

static struct xnu_kobject_type testsvc_object_type = {
	.name = "testobj",
	.subsystems = testsvc_subsystems,
	.no_senders = testsvc_obj_no_senders,
	.owner = THIS_MODULE,
};

/* ---- load and unload ---- */

static int testsvc_errno(kern_return_t kr)
{
	switch (kr) {
	case KERN_RESOURCE_SHORTAGE:
		return -ENOMEM;
	case BOOTSTRAP_NAME_IN_USE:
		return -EEXIST;
	default:
		return -EINVAL;
	}
}

/* Destroy every object left; they are freed by testsvc_free_objects(). */
static void testsvc_kill_objects(struct list_head *dead)
{
	struct testsvc_obj *obj, *next;

	mutex_lock(&testsvc_objects_lock);
	list_for_each_entry_safe(obj, next, &testsvc_objects, link) {
		list_move_tail(&obj->link, dead);
		obj->linked = false;
	}
	mutex_unlock(&testsvc_objects_lock);
	list_for_each_entry(obj, dead, link) {
		xnu_kobject_port_destroy(obj->port);
		atomic_dec(&testsvc_live);
	}
}

static void testsvc_free_objects(struct list_head *dead)
{
	struct testsvc_obj *obj, *next;

	list_for_each_entry_safe(obj, next, dead, link)
		kfree(obj);
}

/*
 * What the port API promises a module that keeps a pointer (checked at
 * load, so that a broken promise shows as a module that does not load):
 * holding a reference (xnu_port_reference()), it may destroy its port
 * twice and still ask for the object, which is gone; without the
 * reference the pointer would be dead after the first destroy.
 */
static int __init testsvc_check_port_reference(void)
{
	static int object;
	ipc_port_t port;
	int ret = 0;

	port = xnu_kobject_port_alloc(&testsvc_object_type, &object);
	if (!port)
		return -ENOMEM;
	xnu_port_reference(port);
	if (xnu_kobject_get(port, &testsvc_object_type) != &object)
		ret = -EINVAL;
	xnu_kobject_port_destroy(port);
	xnu_kobject_port_destroy(port);
	if (xnu_kobject_get(port, &testsvc_object_type))
		ret = -EINVAL;
	xnu_port_deallocate(port);
	if (ret)
		pr_err("a referenced port misbehaves after destruction\n");
	return ret;
}

/*
 * XNU_KOBJECT_F_KERNEL_MIG's promise (checked at load, like the above):
 * no msgh_id is served by two kernel-MIG types, so a kernel-MIG type
 * serving clock_get_time's id (1000) is refused, while a type without the
 * flag may serve it for its own ports; an unknown flag is refused.
 */
static const struct xnu_mig_routine testsvc_clash_routines[1] = {
	{ .stub = testsvc_null, .max_reply = sizeof(mig_reply_error_t) },
};

static const struct xnu_mig_subsystem testsvc_clash_subsystem = {
	.name = "xnu_testsvc_clash",
	.start = 1000,
	.end = 1001,
	.maxsize = sizeof(mig_reply_error_t),
	.routines = testsvc_clash_routines,
};

static const struct xnu_mig_subsystem *const testsvc_clash_subsystems[] = {
	&testsvc_clash_subsystem,
	NULL,
};

static struct xnu_kobject_type testsvc_clash_type = {
	.name = "testclash",
	.subsystems = testsvc_clash_subsystems,
	.owner = THIS_MODULE,
};

static int __init testsvc_check_kernel_mig(void)
{
	int clash, unknown, own;

	testsvc_clash_type.flags = XNU_KOBJECT_F_KERNEL_MIG;
	clash = xnu_kobject_type_register(&testsvc_clash_type);
	if (!clash)
		xnu_kobject_type_unregister(&testsvc_clash_type);
	testsvc_clash_type.flags = 0x80;
	unknown = xnu_kobject_type_register(&testsvc_clash_type);
	if (!unknown)
		xnu_kobject_type_unregister(&testsvc_clash_type);
	testsvc_clash_type.flags = 0;
	own = xnu_kobject_type_register(&testsvc_clash_type);
	if (!own)
		xnu_kobject_type_unregister(&testsvc_clash_type);
	if (clash == -EINVAL && unknown == -EINVAL && !own)
		return 0;
	pr_err("kobject type checks: kernel-MIG clash %d, unknown flag %d, own id %d\n",
	       clash, unknown, own);
	return -EINVAL;
}

static int __init testsvc_init(void)
{
	kern_return_t kr;
	int ret;

	testsvc_wq = alloc_workqueue("xnu_mach_test", 0, 0);
	if (!testsvc_wq)
		return -ENOMEM;
	ret = xnu_kobject_type_register(&testsvc_service_type);
	if (ret)
		goto out_wq;
	ret = xnu_kobject_type_register(&testsvc_object_type);
	if (ret)
		goto out_service_type;
	ret = testsvc_check_port_reference();
	if (!ret)
		ret = testsvc_check_kernel_mig();
	if (ret)
		goto out_types;
	ret = -ENOMEM;
	testsvc_port = xnu_kobject_port_alloc(&testsvc_service_type,
					      &testsvc_service);
	if (!testsvc_port)
		goto out_types;
	testsvc_listener = xnu_listener_create(&testsvc_service_type,
					       &testsvc_service, "testsvc");
	if (!testsvc_listener)
		goto out_port;
	kr = xnu_bootstrap_publish(XNU_TESTSVC_NAME, testsvc_port);
	if (kr != KERN_SUCCESS) {
		ret = testsvc_errno(kr);
		goto out_listener;
	}
	kr = xnu_bootstrap_publish(XNU_TESTSVC_ACTIVE_NAME,
				   xnu_listener_port(testsvc_listener));
	if (kr != KERN_SUCCESS) {
		ret = testsvc_errno(kr);
		goto out_unpublish;
	}
	return 0;

out_unpublish:
	xnu_bootstrap_unpublish(XNU_TESTSVC_NAME);
out_listener:
	xnu_listener_destroy(testsvc_listener);
out_port:
	xnu_kobject_port_destroy(testsvc_port);
out_types:
	xnu_kobject_type_unregister(&testsvc_object_type);
out_service_type:
	xnu_kobject_type_unregister(&testsvc_service_type);
out_wq:
	destroy_workqueue(testsvc_wq);
	return ret;
}

static void __exit testsvc_exit(void)
{
	LIST_HEAD(dead);

	xnu_bootstrap_unpublish(XNU_TESTSVC_ACTIVE_NAME);
	xnu_bootstrap_unpublish(XNU_TESTSVC_NAME);
	xnu_listener_destroy(testsvc_listener);
	xnu_kobject_port_destroy(testsvc_port);
	/* No service routine runs after this: no new object, no new DEFERRED. */
	xnu_kobject_type_unregister(&testsvc_service_type);
	testsvc_kill_objects(&dead);
	/* Waits for GET_VALUE and no-senders callbacks still using objects. */
	xnu_kobject_type_unregister(&testsvc_object_type);
	testsvc_free_objects(&dead);
	testsvc_flush_deferred();
}

module_init(testsvc_init);
module_exit(testsvc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross Mach IPC test kernel objects");
