/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_mach_traps.h - the Mach traps of /dev/xnucross: their numbers'
 * command words and argument structures.
 *
 * Every Mach call libxnucross offers is one of these ioctls. A trap returns
 * its Darwin result (kern_return_t or mach_msg_return_t, never negative) as
 * the ioctl's return value; an argument it writes back is copied out only
 * when that result is KERN_SUCCESS. A negative return (errno) means the
 * argument itself could not be read or written (EFAULT), the trap is unknown
 * (ENOTTY), or the open file belongs to another process (EBADFD: a forked
 * child must open the device again; libxnucross does this itself) or to
 * the program the process ran before an execve().
 *
 * The "task" field of every call names a send right, in the caller's space,
 * to the task whose space the call acts on: normally mach_task_self(). A
 * name that is not a send right gives MACH_SEND_INVALID_DEST (what Darwin's
 * MIG fallback returns), a send right to a port that is not a task
 * KERN_INVALID_TASK.
 *
 * Every flags field must be 0 (else KERN_INVALID_ARGUMENT).
 */
#ifndef _UAPI_XNU_MACH_TRAPS_H
#define _UAPI_XNU_MACH_TRAPS_H

#include <linux/types.h>

#include "xnucross.h"
#include "xnu_mach_types.h"

/**
 * struct xnu_mach_msg_args - XNU_TRAP_MACH_MSG: mach_msg_overwrite()
 * @msg:	user address of the message to send, and of the receive buffer
 *		when @rcv_msg is 0
 * @rcv_msg:	user address of the receive buffer, or 0
 * @option:	mach_msg_option_t
 * @send_size:	bytes to send
 * @rcv_size:	bytes the receive buffer holds
 * @rcv_name:	receive right or port set to receive on
 * @timeout:	milliseconds, for MACH_SEND_TIMEOUT and MACH_RCV_TIMEOUT
 * @notify:	ignored, as in XNU
 * @flags:	must be 0
 * @reserved:	must be 0
 */
struct xnu_mach_msg_args {
	__u64 msg;
	__u64 rcv_msg;
	__u32 option;
	__u32 send_size;
	__u32 rcv_size;
	__u32 rcv_name;
	__u32 timeout;
	__u32 notify;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct xnu_mach_port_args - the argument of the small port and task traps
 * @task:	the task whose space the call acts on
 * @name:	the name acted on (in, or out for the allocating calls)
 * @right:	right, disposition, notification id or special port number
 * @delta:	urefs delta (in), or refs / type (out)
 * @poly:	a second name: the right inserted or extracted, the port set
 *		of move_member, the notify port, the special port
 * @poly_type:	@poly's disposition (in) or received type (out)
 * @sync:	make-send count threshold of a no-senders request
 * @flags:	must be 0
 *
 * Which fields a trap reads and writes is said at its command word.
 */
struct xnu_mach_port_args {
	__u32 task;
	__u32 name;
	__u32 right;
	__s32 delta;
	__u32 poly;
	__u32 poly_type;
	__u32 sync;
	__u32 flags;
};

#define XNU_MACH_ATTR_MAX	17	/* MACH_PORT_INFO_EXT_COUNT */

/**
 * struct xnu_mach_port_attr - XNU_TRAP_PORT_{GET,SET}_ATTRIBUTES
 * @task:	the task
 * @name:	receive right the attributes are of
 * @flavor:	MACH_PORT_LIMITS_INFO, MACH_PORT_RECEIVE_STATUS, ...
 * @count:	in: integers the caller offers (get) or passes (set);
 *		out (get): integers written
 * @info:	the attribute integers
 * @flags:	must be 0
 */
struct xnu_mach_port_attr {
	__u32 task;
	__u32 name;
	__s32 flavor;
	__u32 count;
	__u32 info[XNU_MACH_ATTR_MAX];
	__u32 flags;
};

/**
 * struct xnu_mach_port_names - XNU_TRAP_PORT_NAMES: mach_port_names()
 * @task:	the task
 * @capacity:	in: elements @names and @types can hold
 * @count:	out: names in the space; when larger than @capacity only
 *		@capacity were written and the caller should call again
 * @flags:	must be 0
 * @names:	user address of a mach_port_name_t array
 * @types:	user address of a mach_port_type_t array
 */
struct xnu_mach_port_names {
	__u32 task;
	__u32 capacity;
	__u32 count;
	__u32 flags;
	__u64 names;
	__u64 types;
};

/**
 * struct xnu_mach_ports - XNU_TRAP_PORTS_REGISTER / XNU_TRAP_PORTS_LOOKUP
 * @task:	the task
 * @count:	in (register): rights in @ports, at most
 *		TASK_PORT_REGISTER_MAX; out (lookup): TASK_PORT_REGISTER_MAX
 * @ports:	register: names of send rights to copy (MACH_PORT_NULL
 *		clears a slot); lookup: names of the send rights received
 * @flags:	must be 0
 */
struct xnu_mach_ports {
	__u32 task;
	__u32 count;
	__u32 ports[TASK_PORT_REGISTER_MAX];
	__u32 flags;
};

/**
 * struct xnu_semaphore_args - the argument of the semaphore traps
 * @wait:	name of the semaphore waited on (wait, timedwait, and the
 *		*_signal forms)
 * @signal:	name of the semaphore signalled (signal, signal_all,
 *		signal_thread, and the wait_signal forms)
 * @thread:	signal_thread: name of the thread to wake, or MACH_PORT_NULL
 *		for any one waiter
 * @tv_sec:	timedwait forms: relative timeout, seconds
 * @tv_nsec:	timedwait forms: nanoseconds, 0 to 999999999
 * @flags:	must be 0
 *
 * Each trap returns its kern_return_t as the ioctl's value.
 */
struct xnu_semaphore_args {
	__u32 wait;
	__u32 signal;
	__u32 thread;
	__u32 tv_sec;
	__s32 tv_nsec;
	__u32 flags;
};

#define XNU_MACH_IOW(nr, t)	XNU_IOW(XNU_TRAP_GROUP, (nr), t)
#define XNU_MACH_IOWR(nr, t)	XNU_IOWR(XNU_TRAP_GROUP, (nr), t)

/* mach_msg() and mach_msg_overwrite(). */
#define XNU_TRAP_MACH_MSG \
	XNU_MACH_IOW(XNU_TRAP_NR_MACH_MSG, struct xnu_mach_msg_args)
/* mach_task_self(): out name (one more uref on the task's self right). */
#define XNU_TRAP_TASK_SELF \
	XNU_MACH_IOWR(XNU_TRAP_NR_TASK_SELF, struct xnu_mach_port_args)
/* mach_host_self(): out name (one more uref on the host port's send right). */
#define XNU_TRAP_HOST_SELF \
	XNU_MACH_IOWR(XNU_TRAP_NR_HOST_SELF, struct xnu_mach_port_args)
/* mach_reply_port(): out name (a new receive right). */
#define XNU_TRAP_REPLY_PORT \
	XNU_MACH_IOWR(XNU_TRAP_NR_REPLY_PORT, struct xnu_mach_port_args)
/* mach_port_allocate(): in task, right; out name. */
#define XNU_TRAP_PORT_ALLOCATE \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_ALLOCATE, struct xnu_mach_port_args)
/* mach_port_allocate_name(): in task, right, name. */
#define XNU_TRAP_PORT_ALLOCATE_NAME \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_ALLOCATE_NAME, struct xnu_mach_port_args)
/* mach_port_deallocate(): in task, name. */
#define XNU_TRAP_PORT_DEALLOCATE \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_DEALLOCATE, struct xnu_mach_port_args)
/* mach_port_destroy(): in task, name. */
#define XNU_TRAP_PORT_DESTROY \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_DESTROY, struct xnu_mach_port_args)
/* mach_port_mod_refs(): in task, name, right, delta. */
#define XNU_TRAP_PORT_MOD_REFS \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_MOD_REFS, struct xnu_mach_port_args)
/* mach_port_get_refs(): in task, name, right; out delta (the refs). */
#define XNU_TRAP_PORT_GET_REFS \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_GET_REFS, struct xnu_mach_port_args)
/* mach_port_insert_right(): in task, name, poly, poly_type. */
#define XNU_TRAP_PORT_INSERT_RIGHT \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_INSERT_RIGHT, struct xnu_mach_port_args)
/* mach_port_extract_right(): in task, name, right (msgt_name); out poly, poly_type. */
#define XNU_TRAP_PORT_EXTRACT_RIGHT \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_EXTRACT_RIGHT, struct xnu_mach_port_args)
/* mach_port_type(): in task, name; out right (the type bits). */
#define XNU_TRAP_PORT_TYPE \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_TYPE, struct xnu_mach_port_args)
/* mach_port_move_member(): in task, name (member), poly (after). */
#define XNU_TRAP_PORT_MOVE_MEMBER \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_MOVE_MEMBER, struct xnu_mach_port_args)
/* mach_port_get_attributes(). */
#define XNU_TRAP_PORT_GET_ATTRIBUTES \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_GET_ATTRIBUTES, struct xnu_mach_port_attr)
/* mach_port_set_attributes(). */
#define XNU_TRAP_PORT_SET_ATTRIBUTES \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_SET_ATTRIBUTES, struct xnu_mach_port_attr)
/*
 * mach_port_request_notification(): in task, name, right (the msgid),
 * sync, poly (notify), poly_type (its disposition); out poly (previous
 * notify right's name) and poly_type (its type, 0 when none).
 */
#define XNU_TRAP_PORT_REQUEST_NOTIFICATION \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION, \
		      struct xnu_mach_port_args)
/* mach_port_names(). */
#define XNU_TRAP_PORT_NAMES \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_NAMES, struct xnu_mach_port_names)
/* mach_port_get_context(): in task, name; out poly (low 32), sync (high 32). */
#define XNU_TRAP_PORT_GET_CONTEXT \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORT_GET_CONTEXT, struct xnu_mach_port_args)
/* mach_port_set_context(): in task, name, poly (low 32), sync (high 32). */
#define XNU_TRAP_PORT_SET_CONTEXT \
	XNU_MACH_IOW(XNU_TRAP_NR_PORT_SET_CONTEXT, struct xnu_mach_port_args)
/* task_get_special_port(): in task, right (which); out poly (the port). */
#define XNU_TRAP_TASK_GET_SPECIAL_PORT \
	XNU_MACH_IOWR(XNU_TRAP_NR_TASK_GET_SPECIAL_PORT, \
		      struct xnu_mach_port_args)
/* task_set_special_port(): in task, right (which), poly (a send right). */
#define XNU_TRAP_TASK_SET_SPECIAL_PORT \
	XNU_MACH_IOW(XNU_TRAP_NR_TASK_SET_SPECIAL_PORT, \
		     struct xnu_mach_port_args)
/* mach_ports_register(). */
#define XNU_TRAP_PORTS_REGISTER \
	XNU_MACH_IOW(XNU_TRAP_NR_PORTS_REGISTER, struct xnu_mach_ports)
/* mach_ports_lookup(). */
#define XNU_TRAP_PORTS_LOOKUP \
	XNU_MACH_IOWR(XNU_TRAP_NR_PORTS_LOOKUP, struct xnu_mach_ports)

/* mach_thread_self(): out name (a send right to the calling thread). */
#define XNU_TRAP_THREAD_SELF \
	XNU_MACH_IOWR(XNU_TRAP_NR_THREAD_SELF, struct xnu_mach_port_args)

/* The semaphore traps (semaphore_*_trap() of XNU). */
#define XNU_SEM_IOW(nr)	XNU_MACH_IOW(nr, struct xnu_semaphore_args)
#define XNU_TRAP_SEMAPHORE_SIGNAL \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_SIGNAL)
#define XNU_TRAP_SEMAPHORE_SIGNAL_ALL \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_SIGNAL_ALL)
#define XNU_TRAP_SEMAPHORE_SIGNAL_THREAD \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_SIGNAL_THREAD)
#define XNU_TRAP_SEMAPHORE_WAIT \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_WAIT)
#define XNU_TRAP_SEMAPHORE_WAIT_SIGNAL \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_WAIT_SIGNAL)
#define XNU_TRAP_SEMAPHORE_TIMEDWAIT \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT)
#define XNU_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL \
	XNU_SEM_IOW(XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT_SIGNAL)

#endif /* _UAPI_XNU_MACH_TRAPS_H */
