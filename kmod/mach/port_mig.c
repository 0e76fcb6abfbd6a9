// SPDX-License-Identifier: GPL-2.0
/*
 * port_mig.c - the mach_port subsystem (mach_port 3200, compiled by xmig
 * from kmod/mach/defs/mach_port.defs): the mach_port_*() routines as MIG
 * messages to a task port, served on the task port's kernel object type
 * (task.c) beside the traps of port_traps.c.
 *
 * The capability is the task port: a routine acts on the space of the task
 * the message was sent to, whoever sent it. Each routine does its work
 * with the function its trap uses (xnu_port_op() and friends), so the two
 * paths give the same results and errors. What differs is only how rights
 * travel: the trap copies rights in from, and out to, the caller's space
 * itself; here they come in the request (the generated stub takes them)
 * and go out in the reply (received into the caller's space by its
 * mach_msg()), as XNU's kernel routines do.
 *
 * The task reference comes from the intran (xnu_convert_port_to_task(),
 * NULL for a task port that died meanwhile: KERN_INVALID_TASK) and is
 * dropped by the stub; the task holds its space until it is freed.
 *
 * mach_port_names() and mach_port_get_set_status() return out-of-line
 * arrays: the routine returns kvmalloc'ed arrays (NULL when empty, as
 * XNU's VM_MAP_COPY_NULL) made by the trap's own function, and the stub
 * puts them in the reply (xnu_mig_reply_ool()), which the caller receives
 * as memory it vm_deallocate()s.
 */
#include <linux/kernel.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "mach_port_server.h"

/* xnu_port_op() @op on @task's space; KERN_INVALID_TASK without a task. */
static kern_return_t port_mig_op(xnu_task_t task, enum xnu_port_op op,
				 struct xnu_mach_port_args *a)
{
	if (!task)
		return KERN_INVALID_TASK;
	return xnu_port_op(task->space, op, a);
}

/**
 * xnu_mach_port_names() - mach_port_names() (3200)
 * @task:	the task (NULL: KERN_INVALID_TASK)
 * @names:	out: its names, in index order (kvmalloc'ed, NULL when none)
 * @namesCnt:	out: how many
 * @types:	out: their types (kvmalloc'ed, NULL when none)
 * @typesCnt:	out: as many
 *
 * The snapshot of the trap (xnu_port_names()).
 *
 * Return: KERN_SUCCESS, KERN_INVALID_TASK, KERN_RESOURCE_SHORTAGE; no
 * memory is returned on error.
 */
kern_return_t xnu_mach_port_names(xnu_task_t task,
				  mach_port_name_array_t *names,
				  mach_msg_type_number_t *namesCnt,
				  mach_port_type_array_t *types,
				  mach_msg_type_number_t *typesCnt)
{
	kern_return_t kr;
	u32 n;

	if (!task)
		return KERN_INVALID_TASK;
	kr = xnu_port_names(task->space, names, types, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	*namesCnt = n;
	*typesCnt = n;
	return KERN_SUCCESS;
}

/**
 * xnu_mach_port_type() - mach_port_type() (3201)
 * @task:	the task (NULL: KERN_INVALID_TASK)
 * @name:	a name in its space
 * @ptype:	out: the name's type bits
 *
 * Return: as the trap: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_type(xnu_task_t task, mach_port_name_t name,
				 mach_port_type_t *ptype)
{
	struct xnu_mach_port_args a = { .name = name };
	kern_return_t kr;

	kr = port_mig_op(task, XNU_PORT_OP_TYPE, &a);
	if (kr == KERN_SUCCESS)
		*ptype = a.right;
	return kr;
}

/**
 * xnu_mach_port_allocate_name() - mach_port_allocate_name() (3203)
 * @task:	the task
 * @right:	MACH_PORT_RIGHT_RECEIVE, _PORT_SET or _DEAD_NAME
 * @name:	the name to allocate it under
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_allocate_name(xnu_task_t task,
					  mach_port_right_t right,
					  mach_port_name_t name)
{
	struct xnu_mach_port_args a = { .name = name, .right = right };

	return port_mig_op(task, XNU_PORT_OP_ALLOCATE_NAME, &a);
}

/**
 * xnu_mach_port_allocate() - mach_port_allocate() (3204)
 * @task:	the task
 * @right:	MACH_PORT_RIGHT_RECEIVE, _PORT_SET or _DEAD_NAME
 * @name:	out: the new name
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_allocate(xnu_task_t task, mach_port_right_t right,
				     mach_port_name_t *name)
{
	struct xnu_mach_port_args a = { .right = right };
	kern_return_t kr;

	kr = port_mig_op(task, XNU_PORT_OP_ALLOCATE, &a);
	if (kr == KERN_SUCCESS)
		*name = a.name;
	return kr;
}

/**
 * xnu_mach_port_destroy() - mach_port_destroy() (3205)
 * @task:	the task
 * @name:	the name whose rights all go
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_destroy(xnu_task_t task, mach_port_name_t name)
{
	struct xnu_mach_port_args a = { .name = name };

	return port_mig_op(task, XNU_PORT_OP_DESTROY, &a);
}

/**
 * xnu_mach_port_deallocate() - mach_port_deallocate() (3206)
 * @task:	the task
 * @name:	the name losing one user reference
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_deallocate(xnu_task_t task, mach_port_name_t name)
{
	struct xnu_mach_port_args a = { .name = name };

	return port_mig_op(task, XNU_PORT_OP_DEALLOCATE, &a);
}

/**
 * xnu_mach_port_get_refs() - mach_port_get_refs() (3207)
 * @task:	the task
 * @name:	the name
 * @right:	which right's references
 * @refs:	out: the user references
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_get_refs(xnu_task_t task, mach_port_name_t name,
				     mach_port_right_t right,
				     mach_port_urefs_t *refs)
{
	struct xnu_mach_port_args a = { .name = name, .right = right };
	kern_return_t kr;

	kr = port_mig_op(task, XNU_PORT_OP_GET_REFS, &a);
	if (kr == KERN_SUCCESS)
		*refs = a.delta;
	return kr;
}

/**
 * xnu_mach_port_mod_refs() - mach_port_mod_refs() (3208)
 * @task:	the task
 * @name:	the name
 * @right:	which right's references
 * @delta:	the change
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_mod_refs(xnu_task_t task, mach_port_name_t name,
				     mach_port_right_t right,
				     mach_port_delta_t delta)
{
	struct xnu_mach_port_args a = {
		.name = name, .right = right, .delta = delta,
	};

	return port_mig_op(task, XNU_PORT_OP_MOD_REFS, &a);
}

/**
 * xnu_mach_port_set_mscount() - mach_port_set_mscount() (3210)
 * @task:	the task
 * @name:	a receive right
 * @mscount:	its new make-send count
 *
 * Return: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 * KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_set_mscount(xnu_task_t task, mach_port_name_t name,
					mach_port_mscount_t mscount)
{
	struct xnu_mach_port_args a = { .name = name, .sync = mscount };

	return port_mig_op(task, XNU_PORT_OP_SET_MSCOUNT, &a);
}

/**
 * xnu_mach_port_get_set_status() - mach_port_get_set_status() (3211)
 * @task:	the task (NULL: a port that is no live task port)
 * @name:	a port set in its space
 * @members:	out: the names of the set's members, ascending (kvmalloc'ed,
 *		NULL for an empty set)
 * @membersCnt:	out: how many
 *
 * xnu_port_set_members(). XNU serves this id with
 * mach_port_get_set_status_from_user(), which answers a port that is no
 * task port with KERN_INVALID_ARGUMENT (not KERN_INVALID_TASK), as here.
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_INVALID_RIGHT (a null,
 * dead or non-set name), KERN_INVALID_NAME, KERN_INVALID_TASK (a dead
 * space), KERN_RESOURCE_SHORTAGE; no memory is returned on error.
 */
kern_return_t xnu_mach_port_get_set_status(xnu_task_t task,
					   mach_port_name_t name,
					   mach_port_name_array_t *members,
					   mach_msg_type_number_t *membersCnt)
{
	kern_return_t kr;
	u32 n;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	kr = xnu_port_set_members(task->space, name, members, &n);
	if (kr == KERN_SUCCESS)
		*membersCnt = n;
	return kr;
}

/**
 * xnu_mach_port_move_member() - mach_port_move_member() (3212)
 * @task:	the task
 * @member:	a receive right
 * @after:	a port set, or MACH_PORT_NULL to leave the set
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_move_member(xnu_task_t task,
					mach_port_name_t member,
					mach_port_name_t after)
{
	struct xnu_mach_port_args a = { .name = member, .poly = after };

	return port_mig_op(task, XNU_PORT_OP_MOVE_MEMBER, &a);
}

/**
 * xnu_mach_port_request_notification() - mach_port_request_notification()
 * (3213)
 * @task:	the task
 * @name:	the name the request is about, in the task's space
 * @msgid:	the notification
 * @sync:	the make-send count threshold (no-senders), else 0
 * @notify:	the send-once right the request carried: IP_NULL cancels,
 *		IP_DEAD (a dead name) is refused
 * @previous:	out: the previous request's send-once right, or NULL
 *
 * Return: as the trap: KERN_INVALID_CAPABILITY for a dead notify right (no
 * reference: nothing to release), the armed request left alone.
 */
kern_return_t xnu_mach_port_request_notification(xnu_task_t task,
						 mach_port_name_t name,
						 mach_msg_id_t msgid,
						 mach_port_mscount_t sync,
						 ipc_port_t notify,
						 ipc_port_t *previous)
{
	if (!task)
		return KERN_INVALID_TASK;
	if (notify == IP_DEAD)
		return KERN_INVALID_CAPABILITY;
	return xnu_port_request_notification_port(task->space, name, msgid,
						  sync, notify, previous);
}

/**
 * xnu_mach_port_insert_right() - mach_port_insert_right() (3214)
 * @task:	the task
 * @name:	the name the right goes under
 * @poly:	the right the request carried (IP_NULL or IP_DEAD for a null
 *		or dead one: KERN_INVALID_CAPABILITY)
 * @polyPoly:	its type
 *
 * Return: as the trap on another task.
 */
kern_return_t xnu_mach_port_insert_right(xnu_task_t task,
					 mach_port_name_t name,
					 ipc_port_t poly,
					 mach_msg_type_name_t polyPoly)
{
	if (!task)
		return KERN_INVALID_TASK;
	return xnu_port_insert_right_port(task->space, name, poly, polyPoly);
}

/**
 * xnu_mach_port_extract_right() - mach_port_extract_right() (3215)
 * @task:	the task
 * @name:	the name the right is taken from
 * @msgt_name:	how it is taken (a disposition)
 * @poly:	out: the right, for the reply (IP_DEAD for a send right whose
 *		port died: the reply carries MACH_PORT_DEAD, as the trap's)
 * @polyPoly:	out: the MOVE disposition that carries it
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_extract_right(xnu_task_t task,
					  mach_port_name_t name,
					  mach_msg_type_name_t msgt_name,
					  ipc_port_t *poly,
					  mach_msg_type_name_t *polyPoly)
{
	if (!task)
		return KERN_INVALID_TASK;
	return xnu_port_extract_right_port(task->space, name, msgt_name, poly,
					   polyPoly);
}

/**
 * xnu_mach_port_set_seqno() - mach_port_set_seqno() (3216)
 * @task:	the task
 * @name:	a receive right
 * @seqno:	its port's new sequence number
 *
 * Return: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 * KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_set_seqno(xnu_task_t task, mach_port_name_t name,
				      mach_port_seqno_t seqno)
{
	struct xnu_mach_port_args a = { .name = name, .sync = seqno };

	return port_mig_op(task, XNU_PORT_OP_SET_SEQNO, &a);
}

/**
 * xnu_mach_port_get_attributes() - mach_port_get_attributes() (3217)
 * @task:	the task
 * @name:	a receive right (or null, for some flavors)
 * @flavor:	the attribute
 * @port_info_out: out: its integers
 * @port_info_outCnt: in: room (at most 17 after MIG's clamp); out: used
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_get_attributes(xnu_task_t task,
					   mach_port_name_t name,
					   mach_port_flavor_t flavor,
					   mach_port_info_t port_info_out,
					   mach_msg_type_number_t *port_info_outCnt)
{
	struct xnu_mach_port_attr a = {
		.name = name, .flavor = flavor, .count = *port_info_outCnt,
	};
	kern_return_t kr;
	u32 count;

	if (!task)
		return KERN_INVALID_TASK;
	kr = xnu_port_attributes(task->space, &a, false);
	if (kr != KERN_SUCCESS)
		return kr;
	count = min_t(u32, a.count, *port_info_outCnt);
	memcpy(port_info_out, a.info, count * sizeof(a.info[0]));
	*port_info_outCnt = count;
	return KERN_SUCCESS;
}

/**
 * xnu_mach_port_set_attributes() - mach_port_set_attributes() (3218)
 * @task:	the task
 * @name:	a receive right
 * @flavor:	the attribute
 * @port_info:	its integers
 * @port_infoCnt: how many (at most 17: MIG's check)
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_set_attributes(xnu_task_t task,
					   mach_port_name_t name,
					   mach_port_flavor_t flavor,
					   mach_port_info_t port_info,
					   mach_msg_type_number_t port_infoCnt)
{
	struct xnu_mach_port_attr a = {
		.name = name, .flavor = flavor,
		.count = min_t(u32, port_infoCnt, XNU_MACH_ATTR_MAX),
	};

	if (!task)
		return KERN_INVALID_TASK;
	memcpy(a.info, port_info, a.count * sizeof(a.info[0]));
	return xnu_port_attributes(task->space, &a, true);
}

/**
 * xnu_mach_port_get_srights() - mach_port_get_srights() (3222)
 * @task:	the task
 * @name:	a receive right
 * @srights:	out: the send rights its port has
 *
 * Return: KERN_SUCCESS, KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 * KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_get_srights(xnu_task_t task, mach_port_name_t name,
					mach_port_rights_t *srights)
{
	struct xnu_mach_port_args a = { .name = name };
	kern_return_t kr;

	kr = port_mig_op(task, XNU_PORT_OP_GET_SRIGHTS, &a);
	if (kr == KERN_SUCCESS)
		*srights = a.sync;
	return kr;
}

/**
 * xnu_mach_port_insert_member() - mach_port_insert_member() (3226)
 * @task:	the task
 * @name:	a receive right
 * @pset:	a port set
 *
 * Return: KERN_SUCCESS, KERN_INVALID_RIGHT (null or dead names, wrong
 * rights), KERN_INVALID_NAME, KERN_ALREADY_IN_SET, KERN_NOT_SUPPORTED (the
 * port is in another set: a port is in one set at most here),
 * KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_insert_member(xnu_task_t task,
					  mach_port_name_t name,
					  mach_port_name_t pset)
{
	struct xnu_mach_port_args a = { .name = name, .poly = pset };

	return port_mig_op(task, XNU_PORT_OP_INSERT_MEMBER, &a);
}

/**
 * xnu_mach_port_extract_member() - mach_port_extract_member() (3227)
 * @task:	the task
 * @name:	a receive right
 * @pset:	the port set it is in
 *
 * Return: KERN_SUCCESS, KERN_INVALID_RIGHT, KERN_INVALID_NAME,
 * KERN_NOT_IN_SET, KERN_INVALID_TASK.
 */
kern_return_t xnu_mach_port_extract_member(xnu_task_t task,
					   mach_port_name_t name,
					   mach_port_name_t pset)
{
	struct xnu_mach_port_args a = { .name = name, .poly = pset };

	return port_mig_op(task, XNU_PORT_OP_EXTRACT_MEMBER, &a);
}

/**
 * xnu_mach_port_get_context() - mach_port_get_context() (3228)
 * @task:	the task
 * @name:	a receive right
 * @context:	out: its context value
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_get_context(xnu_task_t task, mach_port_name_t name,
					mach_port_context_t *context)
{
	struct xnu_mach_port_args a = { .name = name };
	kern_return_t kr;

	kr = port_mig_op(task, XNU_PORT_OP_GET_CONTEXT, &a);
	if (kr == KERN_SUCCESS)
		*context = (u64)a.sync << 32 | a.poly;
	return kr;
}

/**
 * xnu_mach_port_set_context() - mach_port_set_context() (3229)
 * @task:	the task
 * @name:	a receive right
 * @context:	its new context value
 *
 * Return: as the trap.
 */
kern_return_t xnu_mach_port_set_context(xnu_task_t task, mach_port_name_t name,
					mach_port_context_t context)
{
	struct xnu_mach_port_args a = {
		.name = name,
		.poly = lower_32_bits(context),
		.sync = upper_32_bits(context),
	};

	return port_mig_op(task, XNU_PORT_OP_SET_CONTEXT, &a);
}
