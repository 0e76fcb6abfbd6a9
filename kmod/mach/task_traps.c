// SPDX-License-Identifier: GPL-2.0
/*
 * task_traps.c - the task traps: mach_task_self(), task_get_special_port(),
 * task_set_special_port(), mach_ports_register() and mach_ports_lookup(),
 * with the checks and error codes of XNU's osfmk/kern/ipc_tt.c.
 *
 * Special ports (by TASK_*_PORT number):
 *  - KERNEL, NAME, INSPECT and READ read as the task's own task port (we
 *    have one flavour); KERNEL and HOST cannot be set (KERN_NO_ACCESS);
 *  - HOST reads as what the task inherited: the host port, from the
 *    first task on (as XNU's ipc_task_init() gives it);
 *  - BOOTSTRAP, DEBUG_CONTROL and RESOURCE_NOTIFY are read and set freely;
 *  - ACCESS can be set once: while it holds a live right, KERN_NO_ACCESS;
 *  - NAME, INSPECT, READ and the unused numbers 7 and 8 cannot be set, and
 *    numbers outside 1..TASK_MAX_SPECIAL_PORT are invalid
 *    (KERN_INVALID_ARGUMENT).
 * A task that terminates between the lookup of its port and the call gives
 * XNU's codes: KERN_FAILURE for the special-port calls,
 * KERN_INVALID_ARGUMENT for the registered-port calls.
 */
#include <linux/err.h>
#include <linux/mutex.h>

#include "mach_internal.h"

/*
 * The task @name (a send right in @caller's space) stands for, with a
 * reference. The caller's own task is the common case. A task's space is
 * active until its termination destroys it, and the task is freed only
 * after that, so under the space lock an active space's task is valid.
 */
static struct xnu_task *xnu_task_target(struct xnu_task *caller,
					mach_port_name_t name,
					kern_return_t *kr)
{
	struct xnu_task *task = NULL;
	struct xnu_space *space;

	space = xnu_task_space_of(caller, name, kr);
	if (!space)
		return NULL;
	if (space == caller->space) {
		task = caller;
		kref_get(&task->ref);
	} else {
		mutex_lock(&space->lock);
		if (space->active && space->task) {
			task = space->task;
			kref_get(&task->ref);
		}
		mutex_unlock(&space->lock);
		if (!task)
			*kr = KERN_INVALID_TASK;
	}
	xnu_space_put(space);
	return task;
}

/* Release a send right held outside any space (NULL and dead are no-ops). */
static void xnu_task_release_send(struct xnu_port *port,
				  struct xnu_deferred *d)
{
	if (XNU_PORT_VALID(port))
		xnu_port_release_send_ref(port, d);
}

/*
 * Put @count send rights (each NULL, XNU_PORT_DEAD or a port with a send
 * right and a reference) into the caller's own space. A right that does
 * not fit is destroyed and its name is MACH_PORT_DEAD. Returns the first
 * copyout error, or KERN_INVALID_TASK when the space is gone (every right
 * released).
 */
static kern_return_t xnu_task_copyout_sends(struct xnu_task *caller,
					    struct xnu_port **ports,
					    unsigned int count,
					    mach_port_name_t *names)
{
	struct xnu_space *space = caller->space;
	kern_return_t kr = KERN_SUCCESS, one;
	struct xnu_deferred d;
	unsigned int i;

	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (!space->active) {
		for (i = 0; i < count; i++)
			xnu_task_release_send(ports[i], &d);
		kr = KERN_INVALID_TASK;
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (!ports[i]) {
			names[i] = MACH_PORT_NULL;
			continue;
		}
		one = xnu_right_copyout(space, ports[i],
					MACH_MSG_TYPE_PORT_SEND, &names[i], &d);
		if (one != KERN_SUCCESS && kr == KERN_SUCCESS)
			kr = one;
	}
out:
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	return kr;
}

/*
 * Take a send right (COPY_SEND) for each of @count names of the caller's
 * own space. MACH_PORT_NULL gives NULL, MACH_PORT_DEAD XNU_PORT_DEAD. On
 * error nothing is kept.
 */
static kern_return_t xnu_task_copyin_sends(struct xnu_task *caller,
					   const mach_port_name_t *names,
					   unsigned int count,
					   struct xnu_port **ports)
{
	struct xnu_space *space = caller->space;
	kern_return_t kr = KERN_SUCCESS;
	mach_msg_type_name_t type;
	struct xnu_deferred d;
	unsigned int i;

	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	for (i = 0; i < count; i++) {
		ports[i] = NULL;
		if (names[i] == MACH_PORT_NULL)
			continue;
		if (names[i] == MACH_PORT_DEAD) {
			ports[i] = XNU_PORT_DEAD;
			continue;
		}
		kr = xnu_right_copyin(space, names[i], MACH_MSG_TYPE_COPY_SEND,
				      false, &ports[i], &type, &d);
		if (kr != KERN_SUCCESS)
			break;
	}
	if (kr != KERN_SUCCESS)
		while (i--)
			xnu_task_release_send(ports[i], &d);
out:
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	return kr;
}

/* Bind the call to the caller's task and check the flags word. */
static struct xnu_task *xnu_task_trap_enter(struct xnu_file *xf,
					    u32 flags, long *ret)
{
	struct xnu_task *task;

	if (flags) {
		*ret = KERN_INVALID_ARGUMENT;
		return NULL;
	}
	task = xnu_task_current(xf);
	if (IS_ERR(task)) {
		*ret = PTR_ERR(task);
		return NULL;
	}
	return task;
}

/*
 * xnu_task_trap_enter(), then the task @name stands for (with a reference);
 * *@callerp is the caller's task. NULL, with *@ret the trap's result, on
 * failure.
 */
static struct xnu_task *xnu_task_trap_target(struct xnu_file *xf, u32 flags,
					     mach_port_name_t name,
					     struct xnu_task **callerp,
					     long *ret)
{
	struct xnu_task *target;
	kern_return_t kr;

	*callerp = xnu_task_trap_enter(xf, flags, ret);
	if (!*callerp)
		return NULL;
	target = xnu_task_target(*callerp, name, &kr);
	if (!target)
		*ret = kr;
	return target;
}

/**
 * xnu_trap_task_self() - mach_task_self(): a send right to the caller's task
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_port_args; out: @name
 *
 * A new send right (the make-send count grows) joins the caller's existing
 * send right to its task port, if any: one more user reference, pegged at
 * MACH_PORT_UREFS_MAX.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (flags), KERN_NO_SPACE or
 * KERN_RESOURCE_SHORTAGE (the space is full), or a negative errno.
 */
long xnu_trap_task_self(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct xnu_port *self;
	struct xnu_task *task;
	mach_port_name_t name;
	kern_return_t kr;
	long ret;

	task = xnu_task_trap_enter(xf, a->flags, &ret);
	if (!task)
		return ret;
	self = task->self;
	xnu_port_make_send_ref(self);
	kr = xnu_task_copyout_sends(task, &self, 1, &name);
	if (kr == KERN_SUCCESS)
		a->name = name;
	return kr;
}

/**
 * xnu_trap_host_self() - mach_host_self(): a send right to the host port
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_port_args; out: @name
 *
 * As mach_task_self(): one more user reference on the caller's send right
 * to the host port.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (flags), KERN_NO_SPACE or
 * KERN_RESOURCE_SHORTAGE (the space is full), or a negative errno.
 */
long xnu_trap_host_self(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct xnu_port *host;
	struct xnu_task *task;
	mach_port_name_t name;
	kern_return_t kr;
	long ret;

	task = xnu_task_trap_enter(xf, a->flags, &ret);
	if (!task)
		return ret;
	host = xnu_host_port();
	xnu_port_make_send_ref(host);
	kr = xnu_task_copyout_sends(task, &host, 1, &name);
	if (kr == KERN_SUCCESS)
		a->name = name;
	return kr;
}

/*
 * A send right (or NULL / XNU_PORT_DEAD) for special port @which of
 * @task, as task_get_special_port() gives it.
 */
static kern_return_t xnu_task_special_get(struct xnu_task *task, u32 which,
					  struct xnu_port **portp)
{
	struct xnu_port *port;
	bool self = false;

	switch (which) {
	case TASK_KERNEL_PORT:
	case TASK_NAME_PORT:
	case TASK_INSPECT_PORT:
	case TASK_READ_PORT:
		self = true;
		break;
	case TASK_HOST_PORT:
	case TASK_BOOTSTRAP_PORT:
	case TASK_ACCESS_PORT:
	case TASK_DEBUG_CONTROL_PORT:
	case TASK_RESOURCE_NOTIFY_PORT:
		break;
	default:
		return KERN_INVALID_ARGUMENT;
	}

	mutex_lock(&task->lock);
	if (!READ_ONCE(task->active)) {
		mutex_unlock(&task->lock);
		return KERN_FAILURE;
	}
	if (self) {
		port = task->self;
		xnu_port_make_send_ref(port);
	} else {
		port = task->special[which];
		if (XNU_PORT_VALID(port))
			xnu_port_copy_send_ref(port);
	}
	mutex_unlock(&task->lock);
	*portp = port;
	return KERN_SUCCESS;
}

/**
 * xnu_trap_task_get_special_port() - task_get_special_port()
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_port_args: in @task, @right (which);
 *		out @poly (a send right in the caller's space, MACH_PORT_NULL
 *		when the port is not set) and @poly_type
 *		(MACH_MSG_TYPE_PORT_SEND, or 0 for a null or dead name)
 *
 * Return: KERN_SUCCESS; MACH_SEND_INVALID_DEST or KERN_INVALID_TASK (bad
 * @task); KERN_INVALID_ARGUMENT (flags, @right); KERN_FAILURE (the task is
 * terminating); a copyout error; or a negative errno.
 */
long xnu_trap_task_get_special_port(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct xnu_task *caller, *target;
	struct xnu_port *port;
	mach_port_name_t name;
	kern_return_t kr;
	long ret;

	target = xnu_task_trap_target(xf, a->flags, a->task, &caller, &ret);
	if (!target)
		return ret;
	kr = xnu_task_special_get(target, a->right, &port);
	xnu_task_put(target);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = xnu_task_copyout_sends(caller, &port, 1, &name);
	if (kr != KERN_SUCCESS)
		return kr;
	a->poly = name;
	a->poly_type = MACH_PORT_VALID(name) ? MACH_MSG_TYPE_PORT_SEND : 0;
	return KERN_SUCCESS;
}

/* Which special ports task_set_special_port() may set (XNU's checks). */
static kern_return_t xnu_task_special_settable(u32 which)
{
	switch (which) {
	case TASK_KERNEL_PORT:
	case TASK_HOST_PORT:
		return KERN_NO_ACCESS;
	case TASK_BOOTSTRAP_PORT:
	case TASK_ACCESS_PORT:
	case TASK_DEBUG_CONTROL_PORT:
	case TASK_RESOURCE_NOTIFY_PORT:
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/*
 * Store @port (consumed on success) as special port @which of @task; the
 * previous right comes back in *@oldp.
 */
static kern_return_t xnu_task_special_set(struct xnu_task *task, u32 which,
					  struct xnu_port *port,
					  struct xnu_port **oldp)
{
	kern_return_t kr = KERN_SUCCESS;

	*oldp = NULL;
	mutex_lock(&task->lock);
	if (!READ_ONCE(task->active))
		kr = KERN_FAILURE;
	else if (which == TASK_ACCESS_PORT &&
		 XNU_PORT_VALID(task->special[which]))
		kr = KERN_NO_ACCESS;	/* never overwritten */
	if (kr == KERN_SUCCESS) {
		*oldp = task->special[which];
		task->special[which] = port;
	}
	mutex_unlock(&task->lock);
	return kr;
}

/**
 * xnu_trap_task_set_special_port() - task_set_special_port()
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_port_args: in @task, @right (which) and @poly
 *		(a send right of the caller's, copied; MACH_PORT_NULL clears)
 *
 * Return: KERN_SUCCESS; MACH_SEND_INVALID_DEST or KERN_INVALID_TASK (bad
 * @task); KERN_INVALID_ARGUMENT (flags, @right); KERN_NO_ACCESS (a port
 * that cannot be set, or an access port already set); KERN_INVALID_NAME or
 * KERN_INVALID_RIGHT (@poly); KERN_FAILURE (the task is terminating); or a
 * negative errno.
 */
long xnu_trap_task_set_special_port(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct xnu_task *caller, *target;
	struct xnu_port *port, *old;
	struct xnu_deferred d;
	mach_port_name_t name;
	kern_return_t kr;
	long ret;

	target = xnu_task_trap_target(xf, a->flags, a->task, &caller, &ret);
	if (!target)
		return ret;
	kr = xnu_task_special_settable(a->right);
	if (kr != KERN_SUCCESS)
		goto out;
	name = a->poly;
	kr = xnu_task_copyin_sends(caller, &name, 1, &port);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = xnu_task_special_set(target, a->right, port, &old);
	xnu_deferred_init(&d);
	xnu_task_release_send(kr == KERN_SUCCESS ? old : port, &d);
	xnu_deferred_run(&d);
out:
	xnu_task_put(target);
	return kr;
}

/**
 * xnu_trap_ports_register() - mach_ports_register()
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_ports: in @task, @count and @count names of
 *		send rights of the caller's (copied; MACH_PORT_NULL for none)
 *
 * Replaces all TASK_PORT_REGISTER_MAX registered ports of the task: slots
 * past @count become null. Child tasks inherit them.
 *
 * Return: KERN_SUCCESS; MACH_SEND_INVALID_DEST or KERN_INVALID_TASK (bad
 * @task); KERN_INVALID_ARGUMENT (flags, @count too large, the task is
 * terminating); KERN_INVALID_NAME or KERN_INVALID_RIGHT (a name); or a
 * negative errno.
 */
long xnu_trap_ports_register(struct xnu_file *xf, void *arg)
{
	struct xnu_port *ports[TASK_PORT_REGISTER_MAX] = { NULL };
	struct xnu_task *caller, *target;
	struct xnu_mach_ports *a = arg;
	struct xnu_deferred d;
	kern_return_t kr;
	long ret;
	int i;

	target = xnu_task_trap_target(xf, a->flags, a->task, &caller, &ret);
	if (!target)
		return ret;
	if (a->count > TASK_PORT_REGISTER_MAX) {
		kr = KERN_INVALID_ARGUMENT;
		goto out;
	}
	kr = xnu_task_copyin_sends(caller, a->ports, a->count, ports);
	if (kr != KERN_SUCCESS)
		goto out;

	mutex_lock(&target->lock);
	if (READ_ONCE(target->active)) {
		for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
			swap(target->registered[i], ports[i]);
	} else {
		kr = KERN_INVALID_ARGUMENT;
	}
	mutex_unlock(&target->lock);

	/* The old rights, or the new ones when the task is gone. */
	xnu_deferred_init(&d);
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		xnu_task_release_send(ports[i], &d);
	xnu_deferred_run(&d);
out:
	xnu_task_put(target);
	return kr;
}

/**
 * xnu_trap_ports_lookup() - mach_ports_lookup()
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_ports: in @task; out @count
 *		(TASK_PORT_REGISTER_MAX) and @ports (send rights in the
 *		caller's space, MACH_PORT_NULL for empty slots, MACH_PORT_DEAD
 *		for a right that did not fit in the space)
 *
 * Return: KERN_SUCCESS; MACH_SEND_INVALID_DEST or KERN_INVALID_TASK (bad
 * @task); KERN_INVALID_ARGUMENT (flags, the task is terminating); or a
 * negative errno.
 */
long xnu_trap_ports_lookup(struct xnu_file *xf, void *arg)
{
	struct xnu_port *ports[TASK_PORT_REGISTER_MAX];
	struct xnu_task *caller, *target;
	struct xnu_mach_ports *a = arg;
	kern_return_t kr = KERN_SUCCESS;
	long ret;
	int i;

	target = xnu_task_trap_target(xf, a->flags, a->task, &caller, &ret);
	if (!target)
		return ret;

	mutex_lock(&target->lock);
	if (READ_ONCE(target->active)) {
		for (i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
			ports[i] = target->registered[i];
			if (XNU_PORT_VALID(ports[i]))
				xnu_port_copy_send_ref(ports[i]);
		}
	} else {
		kr = KERN_INVALID_ARGUMENT;
	}
	mutex_unlock(&target->lock);
	xnu_task_put(target);
	if (kr != KERN_SUCCESS)
		return kr;

	/* A right that does not fit arrives as MACH_PORT_DEAD, as in XNU. */
	kr = xnu_task_copyout_sends(caller, ports, TASK_PORT_REGISTER_MAX,
				    a->ports);
	if (kr == KERN_INVALID_TASK)
		return kr;
	a->count = TASK_PORT_REGISTER_MAX;
	return KERN_SUCCESS;
}
