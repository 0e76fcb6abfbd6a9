// SPDX-License-Identifier: GPL-2.0
/*
 * listener.c - active listeners: a kernel object port whose messages queue
 * (XNU_PORT_F_QUEUED) and are served by a kernel thread that receives
 * them, runs the same routines as a passive call (xnu_kobject_invoke())
 * and sends the reply: the classic Mach server loop, kept to compare with
 * passive invocation.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "mach_internal.h"

/**
 * struct xnu_listener - a port and the kernel thread serving it
 * @port:	the port: its receive right (held by the kernel) and one more
 *		reference, for the thread
 * @thread:	the thread, "xnu-listen/<name>"
 */
struct xnu_listener {
	struct xnu_port *port;
	struct task_struct *thread;
};

/* Run one request and queue its reply. */
static void xnu_listener_serve(struct xnu_port *port, struct xnu_kmsg *kmsg)
{
	struct xnu_kmsg *reply;
	struct xnu_deferred d;

	xnu_deferred_init(&d);
	reply = xnu_kobject_invoke(port, kmsg, &d);
	if (reply)
		xnu_kmsg_send_kernel(reply, &d);
	xnu_deferred_run(&d);
}

/* The port is gone: wait for xnu_listener_destroy() to stop the thread. */
static void xnu_listener_park(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* Receive one message; false once the port is gone (or on a surprise). */
static bool xnu_listener_once(struct xnu_listener *l)
{
	struct xnu_rcv rcv = {
		.option = MACH_RCV_MSG,
		.max_size = XNU_MACH_MSG_SIZE_MAX,
	};
	struct xnu_deferred d;
	mach_msg_return_t mr;

	mr = xnu_mqueue_receive(XNU_SPACE_KERNEL, l->port, NULL, &rcv);
	if (rcv.port)
		xnu_port_put(rcv.port);
	switch (mr) {
	case MACH_MSG_SUCCESS:
		xnu_listener_serve(l->port, rcv.kmsg);
		return true;
	case MACH_RCV_INTERRUPTED:
		/*
		 * Kernel threads ignore signals, but should one be pending it
		 * would end every wait at once: drop it and pause a tick so
		 * that this can never spin.
		 */
		flush_signals(current);
		schedule_timeout_uninterruptible(1);
		return true;
	case MACH_RCV_TOO_LARGE:
		if (rcv.kmsg) {
			xnu_deferred_init(&d);
			xnu_kmsg_destroy(rcv.kmsg, &d);
			xnu_deferred_run(&d);
		}
		return true;
	case MACH_RCV_PORT_CHANGED:
		return false;
	default:
		pr_warn_once("listener: unexpected receive error %#x\n", mr);
		return false;
	}
}

static int xnu_listener_thread(void *arg)
{
	struct xnu_listener *l = arg;

	while (!kthread_should_stop()) {
		if (!xnu_listener_once(l)) {
			xnu_listener_park();
			break;
		}
	}
	return 0;
}

/**
 * xnu_listener_create() - serve a new kernel object port from a kernel thread
 * @type:   the port's type (registered)
 * @object: its object, as for xnu_kobject_port_alloc()
 * @name:   names the thread ("xnu-listen/<name>", cut to the comm length)
 *
 * The port is a kernel object port of @type, but messages sent to it queue
 * (up to %MACH_PORT_QLIMIT_KERNEL) instead of running in the sender: the
 * thread receives each one, runs the routine exactly as a passive call
 * would (same replies, same rules) and sends the reply. Make send rights
 * to xnu_listener_port() to publish it. Unregistering @type destroys the
 * port too; the listener must still be destroyed. May sleep.
 *
 * Return: the listener, or NULL (no memory, @type not registered, no
 * thread).
 */
struct xnu_listener *xnu_listener_create(struct xnu_kobject_type *type,
					 void *object, const char *name)
{
	struct task_struct *thread;
	struct xnu_listener *l;
	struct xnu_port *port;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return NULL;
	port = xnu_kobject_port_alloc(type, object);
	if (!port)
		goto out_free;
	/* No send right exists yet, so no message saw the port passive. */
	spin_lock(&port->lock);
	port->flags |= XNU_PORT_F_QUEUED;
	/* The thread serves every message: no asynchronous worker too. */
	port->flags &= ~XNU_PORT_F_ASYNC;
	port->qlimit = MACH_PORT_QLIMIT_KERNEL;
	spin_unlock(&port->lock);
	xnu_port_get(port);
	l->port = port;

	thread = kthread_run(xnu_listener_thread, l, "xnu-listen/%s",
			     name ? name : "");
	if (IS_ERR(thread))
		goto out_port;
	l->thread = thread;
	return l;

out_port:
	xnu_kobject_port_destroy(port);
	xnu_port_put(port);
out_free:
	kfree(l);
	return NULL;
}
EXPORT_SYMBOL_GPL(xnu_listener_create);

/**
 * xnu_listener_port() - the port a listener serves
 * @listener: the listener
 *
 * Return: the kernel object port (make send rights to it with
 * xnu_port_make_send()); valid until xnu_listener_destroy().
 */
ipc_port_t xnu_listener_port(struct xnu_listener *listener)
{
	return listener->port;
}
EXPORT_SYMBOL_GPL(xnu_listener_port);

/**
 * xnu_listener_destroy() - destroy the port and stop its thread
 * @listener: the listener (NULL does nothing)
 *
 * The port dies (queued requests are destroyed, their clients get
 * send-once notifications, senders get dead names), which wakes the
 * thread; returns once the thread finished the request it was serving and
 * exited. Must not be called from a routine served by this listener. May
 * sleep.
 */
void xnu_listener_destroy(struct xnu_listener *listener)
{
	if (!listener)
		return;
	xnu_kobject_port_destroy(listener->port);
	kthread_stop(listener->thread);
	xnu_port_put(listener->port);
	kfree(listener);
}
EXPORT_SYMBOL_GPL(xnu_listener_destroy);
