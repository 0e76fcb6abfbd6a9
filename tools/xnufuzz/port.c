// SPDX-License-Identifier: GPL-2.0
/*
 * port.c - xnufuzz's port, task and semaphore families: every port and
 * task trap with valid arguments mutated one field at a time (names of
 * every kind: receive, send, send-once, port sets, dead names, kernel
 * objects, stale names), rights churned while other threads of the
 * process send, receive and move members; and the semaphore traps with
 * bounded waits.
 */
#include <string.h>

#include "xnufuzz.h"

static const unsigned int fz_port_cmds[] = {
	XNU_TRAP_PORT_ALLOCATE, XNU_TRAP_PORT_ALLOCATE_NAME,
	XNU_TRAP_PORT_DEALLOCATE, XNU_TRAP_PORT_DESTROY,
	XNU_TRAP_PORT_MOD_REFS, XNU_TRAP_PORT_GET_REFS,
	XNU_TRAP_PORT_INSERT_RIGHT, XNU_TRAP_PORT_EXTRACT_RIGHT,
	XNU_TRAP_PORT_TYPE, XNU_TRAP_PORT_MOVE_MEMBER,
	XNU_TRAP_PORT_REQUEST_NOTIFICATION, XNU_TRAP_PORT_GET_CONTEXT,
	XNU_TRAP_PORT_SET_CONTEXT, XNU_TRAP_TASK_GET_SPECIAL_PORT,
	XNU_TRAP_TASK_SET_SPECIAL_PORT, XNU_TRAP_REPLY_PORT,
	XNU_TRAP_TASK_SELF, XNU_TRAP_HOST_SELF, XNU_TRAP_THREAD_SELF,
};

#define FZ_NCMDS(a)	(sizeof(a) / sizeof((a)[0]))

/* A right or disposition number: valid ones mostly. */
static uint32_t fz_right(struct fz_ctx *c)
{
	if (fz_one_in(c, 8))
		return fz_u32(c);
	return fz_below(c, 8);
}

static uint32_t fz_disposition(struct fz_ctx *c)
{
	if (fz_one_in(c, 8))
		return fz_u32(c);
	return 15 + fz_below(c, 12);	/* PORT_NAME .. DISPOSE_SEND_ONCE */
}

/* Keep the task's self name usable: the fuzz may have dropped it. */
static void fz_refresh_task(struct fz_ctx *c)
{
	struct xnu_mach_port_args a;

	memset(&a, 0, sizeof(a));
	if (fz_trap(c, XNU_TRAP_TASK_SELF, &a) == KERN_SUCCESS) {
		if (a.name == c->task) {
			/* One uref more than before: give it back. */
			a.task = a.name;
			fz_trap(c, XNU_TRAP_PORT_DEALLOCATE, &a);
		} else {
			c->task = a.name;
		}
	}
}

static void fz_port_names(struct fz_ctx *c)
{
	struct xnu_mach_port_names n;
	size_t alen;
	uint8_t *a = fz_arena(c, &alen);

	memset(&n, 0, sizeof(n));
	n.task = fz_one_in(c, 8) ? fz_name(c) : c->task;
	n.capacity = fz_len(c, 256);
	n.names = fz_one_in(c, 2) ? (uint64_t)(uintptr_t)a : fz_ptr(c, 1024);
	n.types = fz_one_in(c, 2) ? (uint64_t)(uintptr_t)(a + alen / 2) :
		fz_ptr(c, 1024);
	if (fz_one_in(c, 8))
		fz_mutate(c, &n, sizeof(n));
	fz_trap(c, XNU_TRAP_PORT_NAMES, &n);
}

static void fz_port_attr(struct fz_ctx *c)
{
	struct xnu_mach_port_attr at;

	memset(&at, 0, sizeof(at));
	at.task = fz_one_in(c, 8) ? fz_name(c) : c->task;
	at.name = fz_name(c);
	at.flavor = (int32_t)(fz_one_in(c, 4) ? fz_u32(c) : fz_below(c, 12));
	at.count = fz_len(c, XNU_MACH_ATTR_MAX);
	fz_fill(c, at.info, sizeof(at.info));
	if (fz_one_in(c, 8))
		fz_mutate(c, &at, sizeof(at));
	fz_trap(c, fz_one_in(c, 2) ? XNU_TRAP_PORT_GET_ATTRIBUTES :
		XNU_TRAP_PORT_SET_ATTRIBUTES, &at);
}

static void fz_ports_reg(struct fz_ctx *c)
{
	struct xnu_mach_ports p;
	unsigned int i;

	memset(&p, 0, sizeof(p));
	p.task = fz_one_in(c, 8) ? fz_name(c) : c->task;
	p.count = fz_len(c, TASK_PORT_REGISTER_MAX);
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		p.ports[i] = fz_one_in(c, 3) ? MACH_PORT_NULL : fz_name(c);
	if (fz_one_in(c, 8))
		fz_mutate(c, &p, sizeof(p));
	if (fz_one_in(c, 2)) {
		fz_trap(c, XNU_TRAP_PORTS_REGISTER, &p);
	} else if (fz_trap(c, XNU_TRAP_PORTS_LOOKUP, &p) == KERN_SUCCESS) {
		for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
			fz_name_add(c, p.ports[i]);
	}
}

void fz_port_one(struct fz_ctx *c)
{
	struct xnu_mach_port_args a;
	unsigned int cmd;
	long ret;

	fz_count(c, FZ_PORT);
	if (fz_one_in(c, 256))
		fz_refresh_task(c);
	switch (fz_below(c, 16)) {
	case 0:
		fz_port_names(c);
		return;
	case 1:
		fz_port_attr(c);
		return;
	case 2:
		fz_ports_reg(c);
		return;
	case 3:
		/* A fresh receive right, sometimes with a send right or in a set. */
		memset(&a, 0, sizeof(a));
		a.task = c->task;
		a.right = fz_one_in(c, 4) ? MACH_PORT_RIGHT_PORT_SET :
			fz_one_in(c, 8) ? MACH_PORT_RIGHT_DEAD_NAME :
			MACH_PORT_RIGHT_RECEIVE;
		if (fz_trap(c, XNU_TRAP_PORT_ALLOCATE, &a) != KERN_SUCCESS)
			return;
		fz_name_add(c, a.name);
		if (a.right == MACH_PORT_RIGHT_RECEIVE)
			c->rcv[fz_below(c, 8)] = a.name;
		if (a.right == MACH_PORT_RIGHT_RECEIVE && fz_one_in(c, 2)) {
			a.poly = a.name;
			a.poly_type = MACH_MSG_TYPE_MAKE_SEND;
			fz_trap(c, XNU_TRAP_PORT_INSERT_RIGHT, &a);
		}
		return;
	default:
		break;
	}
	/* Our receive rights in and out of our port set. */
	if (fz_one_in(c, 16)) {
		memset(&a, 0, sizeof(a));
		a.task = c->task;
		a.name = c->rcv[fz_below(c, 7)];
		a.poly = fz_one_in(c, 3) ? MACH_PORT_NULL : c->rcv[7];
		fz_trap(c, XNU_TRAP_PORT_MOVE_MEMBER, &a);
		return;
	}
	/* A trap of the list with plausible fields, one of them mutated. */
	cmd = fz_port_cmds[fz_below(c, FZ_NCMDS(fz_port_cmds))];
	memset(&a, 0, sizeof(a));
	a.task = fz_one_in(c, 16) ? fz_name(c) : c->task;
	a.name = fz_name(c);
	switch (XNU_IOCNUM(cmd)) {
	case XNU_TRAP_NR_PORT_INSERT_RIGHT:
		a.poly = fz_one_in(c, 2) ? a.name : fz_name(c);
		a.poly_type = fz_disposition(c);
		break;
	case XNU_TRAP_NR_PORT_EXTRACT_RIGHT:
		a.right = fz_disposition(c);
		break;
	case XNU_TRAP_NR_PORT_MOD_REFS:
		a.right = fz_right(c);
		a.delta = fz_one_in(c, 4) ? (int32_t)fz_u32(c) :
			(int32_t)fz_below(c, 5) - 2;
		break;
	case XNU_TRAP_NR_PORT_MOVE_MEMBER:
		a.poly = fz_one_in(c, 4) ? MACH_PORT_NULL : fz_name(c);
		break;
	case XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION:
		a.right = fz_one_in(c, 4) ? fz_u32(c) : 0x40 + fz_below(c, 16);
		a.sync = fz_below(c, 4);
		a.poly = fz_one_in(c, 4) ? MACH_PORT_NULL : fz_name(c);
		a.poly_type = fz_disposition(c);
		break;
	case XNU_TRAP_NR_TASK_GET_SPECIAL_PORT:
	case XNU_TRAP_NR_TASK_SET_SPECIAL_PORT:
		a.right = fz_one_in(c, 4) ? fz_u32(c) : fz_below(c, 12);
		a.poly = fz_name(c);
		break;
	case XNU_TRAP_NR_PORT_SET_CONTEXT:
		a.poly = (uint32_t)fz_rand(c);
		a.sync = (uint32_t)fz_rand(c);
		break;
	case XNU_TRAP_NR_PORT_ALLOCATE:
	case XNU_TRAP_NR_PORT_ALLOCATE_NAME:
		a.right = fz_right(c);
		if (fz_one_in(c, 2))
			a.name = fz_u32(c);
		break;
	default:
		a.right = fz_right(c);
		break;
	}
	/* Never destroy the task's own name on purpose: it is refreshed. */
	if (fz_one_in(c, 8))
		fz_mutate(c, &a, sizeof(a));
	ret = fz_trap(c, cmd, &a);
	if (ret == KERN_SUCCESS) {
		switch (XNU_IOCNUM(cmd)) {
		case XNU_TRAP_NR_PORT_ALLOCATE:
		case XNU_TRAP_NR_REPLY_PORT:
		case XNU_TRAP_NR_HOST_SELF:
		case XNU_TRAP_NR_THREAD_SELF:
			fz_name_add(c, a.name);
			break;
		case XNU_TRAP_NR_PORT_EXTRACT_RIGHT:
		case XNU_TRAP_NR_TASK_GET_SPECIAL_PORT:
		case XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION:
			fz_name_add(c, a.poly);
			break;
		default:
			break;
		}
	}
}

/* ---- semaphores ------------------------------------------------------------ */

void fz_sem_one(struct fz_ctx *c)
{
	static const unsigned int cmds[] = {
		XNU_TRAP_SEMAPHORE_SIGNAL, XNU_TRAP_SEMAPHORE_SIGNAL_ALL,
		XNU_TRAP_SEMAPHORE_SIGNAL_THREAD, XNU_TRAP_SEMAPHORE_WAIT,
		XNU_TRAP_SEMAPHORE_WAIT_SIGNAL, XNU_TRAP_SEMAPHORE_TIMEDWAIT,
		XNU_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL,
	};
	struct xnu_semaphore_args s;
	unsigned int cmd = cmds[fz_below(c, FZ_NCMDS(cmds))];

	fz_count(c, FZ_SEM);
	memset(&s, 0, sizeof(s));
	s.wait = fz_one_in(c, 2) ? c->sem : fz_name(c);
	s.signal = fz_one_in(c, 2) ? c->sem : fz_name(c);
	s.thread = fz_one_in(c, 2) ? MACH_PORT_NULL : fz_name(c);
	s.tv_sec = 0;
	s.tv_nsec = fz_one_in(c, 8) ? (int32_t)fz_u32(c) :
		(int32_t)fz_below(c, 200000);
	if (fz_one_in(c, 16))
		s.flags = fz_u32(c);
	if (fz_one_in(c, 16))
		fz_mutate(c, &s, sizeof(s));
	s.tv_sec = s.tv_sec > 0 ? 0 : s.tv_sec;
	switch (XNU_IOCNUM(cmd)) {
	case XNU_TRAP_NR_SEMAPHORE_WAIT:
	case XNU_TRAP_NR_SEMAPHORE_WAIT_SIGNAL:
		/*
		 * An unbounded wait: only on this thread's own semaphore,
		 * signalled first, so that it returns at once.
		 */
		if (!c->sem)
			return;
		s.wait = c->sem;
		{
			struct xnu_semaphore_args sig = { .signal = c->sem };

			fz_trap(c, XNU_TRAP_SEMAPHORE_SIGNAL, &sig);
		}
		break;
	default:
		break;
	}
	fz_trap(c, cmd, &s);
}
