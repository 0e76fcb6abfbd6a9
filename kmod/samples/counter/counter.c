// SPDX-License-Identifier: GPL-2.0
/*
 * counter.c - a sample kext (module xnu_sample_kobject): a "counter"
 * kernel object that user space calls through Mach messages, the example
 * of Documentation/mig.rst. Its interface is kmod/samples/defs/counter.defs
 * (subsystem counter 7800): the build compiles it with xmig into the
 * kernel server (counter_server.c, generated, linked into this module) and
 * this file implements the routines the server calls:
 *
 *	counter_add	7800	routine: add, the new value back
 *	counter_get	7801	routine: the value
 *	counter_mix	7802	simpleroutine: value = value * 31 + x
 *	counter_stall	7803	simpleroutine: a slow request
 *
 * The counter is published as "org.xnucross.sample.counter": a client finds
 * it with bootstrap_look_up() and calls the user stubs generated from the
 * same .defs. The routines run in the client's own thread and their reply
 * comes back in the same mach_msg() call; the simpleroutines, one-way, are
 * served asynchronously (XNU_KOBJECT_F_ASYNC): queued on the port, run by
 * a kernel worker in the order sent, while the client goes on.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/minmax.h>
#include <linux/module.h>

#include <mach/mig.h>

#include "counter_kern.h"
#include "counter_server.h"

#define COUNTER_SERVICE		"org.xnucross.sample.counter"
/* One-way messages a counter port queues before senders wait. */
#define COUNTER_QLIMIT		4
/* Longest counter_stall(), in milliseconds. */
#define COUNTER_STALL_MAX	1000

/**
 * struct counter - the object behind the port
 * @value: the counter
 */
struct counter {
	atomic_t value;
};

static struct counter the_counter;
static ipc_port_t counter_port;
static struct xnu_kobject_type counter_type;

/**
 * convert_port_to_counter() - the .defs's intran: the counter behind a port
 * @port: the port a request was sent to
 *
 * Return: the counter, or NULL when @port is not a counter port.
 */
counter_ref_t convert_port_to_counter(ipc_port_t port)
{
	return xnu_kobject_get(port, &counter_type);
}

/**
 * kext_counter_add() - routine counter_add
 * @counter: the counter (NULL for a port of another kind)
 * @delta:   what to add
 * @value:   out: the new value
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a counter.
 */
kern_return_t kext_counter_add(counter_ref_t counter, int delta, int *value)
{
	if (!counter)
		return KERN_INVALID_ARGUMENT;
	*value = atomic_add_return(delta, &counter->value);
	return KERN_SUCCESS;
}

/**
 * kext_counter_get() - routine counter_get
 * @counter: the counter (NULL for a port of another kind)
 * @value:   out: its value
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a counter.
 */
kern_return_t kext_counter_get(counter_ref_t counter, int *value)
{
	if (!counter)
		return KERN_INVALID_ARGUMENT;
	*value = atomic_read(&counter->value);
	return KERN_SUCCESS;
}

/**
 * kext_counter_mix() - simpleroutine counter_mix, run by the kernel worker
 * @counter: the counter (NULL for a port of another kind)
 * @x:       mixed in: value = value * 31 + x (wrapping), an operation whose
 *	     result shows the order the messages were served in
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a counter (no
 * reply goes anywhere: the caller sent none).
 */
kern_return_t kext_counter_mix(counter_ref_t counter, int x)
{
	int old;

	if (!counter)
		return KERN_INVALID_ARGUMENT;
	do {
		old = atomic_read(&counter->value);
	} while (atomic_cmpxchg(&counter->value, old,
				(int)((u32)old * 31 + (u32)x)) != old);
	return KERN_SUCCESS;
}

/**
 * kext_counter_stall() - simpleroutine counter_stall, run by the worker
 * @counter: the counter (NULL for a port of another kind)
 * @ms:      how long to sleep, cut to 0..1000 milliseconds
 *
 * The port's next one-way message waits meanwhile (they run in order);
 * its senders do not, until the queue is full.
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a counter.
 */
kern_return_t kext_counter_stall(counter_ref_t counter, int ms)
{
	if (!counter)
		return KERN_INVALID_ARGUMENT;
	msleep(clamp(ms, 0, COUNTER_STALL_MAX));
	return KERN_SUCCESS;
}

static const struct xnu_mig_subsystem *const counter_subsystems[] = {
	&counter_subsystem,	/* generated from counter.defs */
	NULL,
};

/*
 * The kind of object; its ports show as "counter" in xlsmp. One-way
 * messages (the simpleroutines) are queued and served by a kernel worker.
 */
static struct xnu_kobject_type counter_type = {
	.name = "counter",
	.subsystems = counter_subsystems,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_ASYNC,
	.async_qlimit = COUNTER_QLIMIT,
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
	/*
	 * Clients' send rights become dead names; one-way messages still
	 * queued are destroyed with the port.
	 */
	xnu_kobject_port_destroy(counter_port);
	/* Returns once no routine runs any more. */
	xnu_kobject_type_unregister(&counter_type);
}

module_init(counter_init);
module_exit(counter_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross sample kext: a counter kernel object served by a MIG server xmig generated");
