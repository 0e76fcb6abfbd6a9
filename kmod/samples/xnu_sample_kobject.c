// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_sample_kobject.c - a sample kext: a "counter" kernel object that user
 * space calls through Mach messages, the example of
 * Documentation/mach-ipc.rst. Its MIG definition would read:
 *
 *	subsystem counter 7800;
 *	routine counter_add(counter : mach_port_t; delta : int;
 *			    out value : int);		-- msgh_id 7800
 *	routine counter_get(counter : mach_port_t;
 *			    out value : int);		-- msgh_id 7801
 *
 * The counter is published as "org.xnucross.sample.counter": a client
 * finds it with bootstrap_look_up() and sends requests to it; each one
 * runs below, in the client's own thread, and the reply comes back in the
 * same mach_msg() call.
 */
#include <linux/atomic.h>
#include <linux/module.h>

#include <mach/mig.h>

#define COUNTER_SERVICE		"org.xnucross.sample.counter"
#define COUNTER_BASE		7800
#define COUNTER_ADD		7800
#define COUNTER_GET		7801

/* The messages, laid out as MIG lays them out (4-byte packing). */
#pragma pack(push, 4)
struct counter_add_request {		/* 36 bytes */
	mach_msg_header_t Head;
	NDR_record_t NDR;
	int delta;
};

struct counter_get_request {		/* 24 bytes: the header only */
	mach_msg_header_t Head;
};

struct counter_value_reply {		/* 40 bytes, both routines */
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	int value;
};

#pragma pack(pop)

/* The object behind the port. */
struct counter {
	atomic_t value;
};

static struct counter the_counter;
static ipc_port_t counter_port;
static struct xnu_kobject_type counter_type;

/*
 * MIG's intran (convert_port_to_counter): the object the request was sent
 * to, or NULL when it was sent to a port of some other kind.
 */
static struct counter *convert_port_to_counter(struct xnu_mig_call *call)
{
	return xnu_mig_kobject(call, &counter_type);
}

/* routine counter_add: the server stub, as MIG would generate it. */
static void counter_add_stub(struct xnu_mig_call *call)
{
	const struct counter_add_request *In = (const void *)xnu_mig_request(call);
	struct counter_value_reply *Out = (void *)xnu_mig_reply(call);
	struct counter *counter;

	/* __MIG_check__Request__counter_add: exact size, not complex. */
	if ((In->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    In->Head.msgh_size != sizeof(*In)) {
		xnu_mig_set_retcode(call, MIG_BAD_ARGUMENTS);
		return;
	}
	counter = convert_port_to_counter(call);
	if (!counter) {
		xnu_mig_set_retcode(call, KERN_INVALID_ARGUMENT);
		return;
	}
	/* The routine itself; the reply's header, NDR and RetCode are set. */
	Out->value = atomic_add_return(In->delta, &counter->value);
	Out->Head.msgh_size = sizeof(*Out);
}

/* routine counter_get. */
static void counter_get_stub(struct xnu_mig_call *call)
{
	const struct counter_get_request *In = (const void *)xnu_mig_request(call);
	struct counter_value_reply *Out = (void *)xnu_mig_reply(call);
	struct counter *counter;

	if ((In->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    In->Head.msgh_size != sizeof(*In)) {
		xnu_mig_set_retcode(call, MIG_BAD_ARGUMENTS);
		return;
	}
	counter = convert_port_to_counter(call);
	if (!counter) {
		xnu_mig_set_retcode(call, KERN_INVALID_ARGUMENT);
		return;
	}
	Out->value = atomic_read(&counter->value);
	Out->Head.msgh_size = sizeof(*Out);
}

/* The subsystem: one slot per msgh_id from 7800, with its largest reply. */
static const struct xnu_mig_routine counter_routines[] = {
	[COUNTER_ADD - COUNTER_BASE] = { counter_add_stub,
					 sizeof(struct counter_value_reply) },
	[COUNTER_GET - COUNTER_BASE] = { counter_get_stub,
					 sizeof(struct counter_value_reply) },
};

static const struct xnu_mig_subsystem counter_subsystem = {
	.name = "counter",
	.start = COUNTER_BASE,
	.end = COUNTER_BASE + ARRAY_SIZE(counter_routines),
	.maxsize = sizeof(struct counter_value_reply),
	.routines = counter_routines,
};

static const struct xnu_mig_subsystem *const counter_subsystems[] = {
	&counter_subsystem,
	NULL,
};

/* The kind of object; its ports show as "counter" in xlsmp. */
static struct xnu_kobject_type counter_type = {
	.name = "counter",
	.subsystems = counter_subsystems,
	.owner = THIS_MODULE,
};

static int __init counter_init(void)
{
	int ret;

	ret = xnu_kobject_type_register(&counter_type);
	if (ret)
		return ret;
	counter_port = xnu_kobject_port_alloc(&counter_type, &the_counter);
	if (!counter_port) {
		ret = -ENOMEM;
		goto out_type;
	}
	/* The name service keeps its own send right to the port. */
	if (xnu_bootstrap_publish(COUNTER_SERVICE, counter_port) != KERN_SUCCESS) {
		ret = -EEXIST;
		goto out_port;
	}
	return 0;

out_port:
	xnu_kobject_port_destroy(counter_port);
out_type:
	xnu_kobject_type_unregister(&counter_type);
	return ret;
}

static void __exit counter_exit(void)
{
	xnu_bootstrap_unpublish(COUNTER_SERVICE);
	/* Clients' send rights become dead names. */
	xnu_kobject_port_destroy(counter_port);
	/* Returns once no routine runs any more. */
	xnu_kobject_type_unregister(&counter_type);
}

module_init(counter_init);
module_exit(counter_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross sample kext: a counter kernel object");
