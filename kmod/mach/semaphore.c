// SPDX-License-Identifier: GPL-2.0
/*
 * semaphore.c - Mach semaphores: kernel objects of type "semaphore" (XNU's
 * IKOT_SEMAPHORE) made by semaphore_create() and destroyed by
 * semaphore_destroy() (the task subsystem, kmod/mach/defs/task.defs, on
 * the task port), signalled and waited on by the semaphore traps, with
 * the semantics and error codes of XNU's osfmk/kern/sync_sema.c.
 *
 * A semaphore has a count (>= 0) and a queue of waiting threads (FIFO, or
 * LIFO with SYNC_POLICY_LIFO); while a thread waits the count is 0. A
 * signal hands the count to the first waiter (wakes it: no count change)
 * or, without one, adds one to the count. Each waiter is a struct
 * xnu_sema_waiter on its own stack: the waker unqueues it, stores the
 * result and wakes the thread, all under the semaphore's lock, and the
 * waiter takes that lock once more before it returns, so nothing touches
 * the waiter after it left (the pattern of kernel/locking/semaphore.c).
 *
 * Ownership and lifetime, as XNU: the task a semaphore is created for owns
 * it (task->semaphores). Destroying it (semaphore_destroy() by its owner,
 * or the owner's termination) makes it inactive: waiters wake with
 * KERN_TERMINATED, and every later call through a send right to it gets
 * KERN_TERMINATED too; the port stays (rights held by other tasks remain
 * send rights). The semaphore is freed when its last reference goes: the
 * send rights to its port together hold one (dropped by the port's
 * no-senders callback), each call in progress holds one. A semaphore
 * nobody holds a send right to any more cannot be reached, so it is
 * destroyed then (unlinked from its owner) and freed, as XNU does.
 *
 * Limits: a task owns at most semaphores_per_task_max semaphores (module
 * parameter; XNU has no such limit, only its zone): creating more gives
 * KERN_RESOURCE_SHORTAGE. A count is saturated at INT_MAX (XNU lets it
 * overflow).
 *
 * Locking: xnu_sema_owner_lock (a mutex) protects every task's
 * semaphores list and every semaphore's @owner; a semaphore's @lock (a
 * spinlock) nests inside it and protects @count, @waiters and, for
 * readers, @owner (written under both).
 */
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "task_server.h"

/* <mach/sync_policy.h>: what semaphore_create() accepts. */
#define XNU_SYNC_POLICY_FIFO		0x0
#define XNU_SYNC_POLICY_REVERSED	0x2
#define XNU_SYNC_POLICY_LIFO		(XNU_SYNC_POLICY_FIFO | \
					 XNU_SYNC_POLICY_REVERSED)
#define XNU_SYNC_POLICY_PREPOST		0x4
#define XNU_SYNC_POLICY_USER_MASK	(XNU_SYNC_POLICY_FIFO | \
					 XNU_SYNC_POLICY_LIFO | \
					 XNU_SYNC_POLICY_PREPOST)

/*
 * Signal options: XNU's SEMAPHORE_SIGNAL_ALL and SEMAPHORE_SIGNAL_PREPOST,
 * and XNU_SEMA_SIGNAL_THREAD: wake only the given thread (NULL: a thread
 * that has exited, which waits nowhere).
 */
#define XNU_SEMA_SIGNAL_ALL		0x1
#define XNU_SEMA_SIGNAL_PREPOST		0x2
#define XNU_SEMA_SIGNAL_THREAD		0x4

/* A waiter's result while it is queued. */
#define XNU_SEMA_WAITING		KERN_ALREADY_WAITING

static unsigned int xnu_sema_max_per_task = 65536;
module_param_named(semaphores_per_task_max, xnu_sema_max_per_task, uint,
		   0644);
MODULE_PARM_DESC(semaphores_per_task_max,
		 "Most Mach semaphores one task owns (more: KERN_RESOURCE_SHORTAGE)");

/**
 * struct xnu_semaphore - a Mach semaphore
 * @ref:	references: one for all the send rights to @port together,
 *		one per call using the semaphore
 * @lock:	protects @count, @waiters, and @owner for readers
 * @count:	signals not yet consumed (0 while anyone waits)
 * @lifo:	SYNC_POLICY_LIFO: the newest waiter is woken first
 * @waiters:	struct xnu_sema_waiter, the next one to wake first
 * @owner:	the owning task; NULL once destroyed (inactive)
 * @task_link:	on @owner's semaphores list
 * @port:	its kernel object port (the kernel's receive right, and a
 *		reference so the pointer outlives the port's destruction)
 */
struct xnu_semaphore {
	refcount_t ref;
	spinlock_t lock;	/* count, waiters, owner (read) */
	int count;
	bool lifo;
	struct list_head waiters;
	struct xnu_task *owner;
	struct list_head task_link;
	struct xnu_port *port;
};

/**
 * struct xnu_sema_waiter - a thread waiting on a semaphore (on its stack)
 * @link:	on the semaphore's @waiters while queued
 * @thread:	the waiting thread
 * @result:	XNU_SEMA_WAITING while queued, then what the wait returns
 *		(KERN_SUCCESS, KERN_TERMINATED), set by whoever unqueued it
 */
struct xnu_sema_waiter {
	struct list_head link;
	struct task_struct *thread;
	kern_return_t result;
};

static DEFINE_MUTEX(xnu_sema_owner_lock);

static void xnu_semaphore_no_senders(ipc_port_t port, void *object,
				     mach_port_mscount_t mscount);

static const struct xnu_mig_subsystem *const xnu_semaphore_subsystems[] = {
	NULL
};

/* No routines: semaphore.defs ids (617200...) get MIG_BAD_ID, as in XNU. */
static struct xnu_kobject_type xnu_semaphore_kotype = {
	.name = "semaphore",
	.subsystems = xnu_semaphore_subsystems,
	.no_senders = xnu_semaphore_no_senders,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_KERNEL_MIG,
};

/* ---- waking --------------------------------------------------------------------- */

/* Unqueue @w with @result and wake its thread (semaphore locked). */
static void xnu_sema_wake_locked(struct xnu_sema_waiter *w,
				 kern_return_t result)
{
	list_del_init(&w->link);
	WRITE_ONCE(w->result, result);
	/* The waiter cannot return before it took the lock we hold. */
	wake_up_process(w->thread);
}

/* Wake every waiter with @result (semaphore locked). */
static void xnu_sema_wake_all_locked(struct xnu_semaphore *s,
				     kern_return_t result)
{
	struct xnu_sema_waiter *w, *tmp;

	list_for_each_entry_safe(w, tmp, &s->waiters, link)
		xnu_sema_wake_locked(w, result);
}

/*
 * Destroy @s, owned by @owner (xnu_sema_owner_lock held): it leaves the
 * owner, becomes inactive, its count is cleared and its waiters wake with
 * KERN_TERMINATED.
 */
static void xnu_sema_destroy_locked(struct xnu_task *owner,
				    struct xnu_semaphore *s)
{
	lockdep_assert_held(&xnu_sema_owner_lock);
	list_del_init(&s->task_link);
	owner->semaphores_owned--;
	spin_lock(&s->lock);
	s->owner = NULL;
	s->count = 0;
	xnu_sema_wake_all_locked(s, KERN_TERMINATED);
	spin_unlock(&s->lock);
}

/*
 * XNU's semaphore_signal_internal(): signal @s. With
 * XNU_SEMA_SIGNAL_THREAD, wake @thread if it waits on @s (KERN_SUCCESS)
 * or change nothing (KERN_NOT_WAITING). With XNU_SEMA_SIGNAL_ALL, wake
 * every waiter; without waiters the count grows only with
 * XNU_SEMA_SIGNAL_PREPOST (KERN_SUCCESS either way). Otherwise wake the
 * first waiter (KERN_SUCCESS) or, without one, add one to the count with
 * XNU_SEMA_SIGNAL_PREPOST (KERN_NOT_WAITING). KERN_TERMINATED once
 * destroyed.
 */
static kern_return_t xnu_sema_signal(struct xnu_semaphore *s,
				     struct task_struct *thread,
				     unsigned int options)
{
	struct xnu_sema_waiter *w;
	kern_return_t kr = KERN_NOT_WAITING;

	spin_lock(&s->lock);
	if (!s->owner) {
		kr = KERN_TERMINATED;
	} else if (options & XNU_SEMA_SIGNAL_THREAD) {
		list_for_each_entry(w, &s->waiters, link) {
			if (w->thread == thread) {
				xnu_sema_wake_locked(w, KERN_SUCCESS);
				kr = KERN_SUCCESS;
				break;
			}
		}
	} else if (!list_empty(&s->waiters)) {
		if (options & XNU_SEMA_SIGNAL_ALL) {
			xnu_sema_wake_all_locked(s, KERN_SUCCESS);
		} else {
			w = list_first_entry(&s->waiters,
					     struct xnu_sema_waiter, link);
			xnu_sema_wake_locked(w, KERN_SUCCESS);
		}
		kr = KERN_SUCCESS;
	} else {
		if ((options & XNU_SEMA_SIGNAL_PREPOST) && s->count < INT_MAX)
			s->count++;
		if (options & XNU_SEMA_SIGNAL_ALL)
			kr = KERN_SUCCESS;
	}
	spin_unlock(&s->lock);
	return kr;
}

/* ---- waiting -------------------------------------------------------------------- */

/**
 * struct xnu_sema_wait - how to wait
 * @deadline:	CLOCK_MONOTONIC deadline, when @timed
 * @timed:	a timed wait
 * @noblock:	{0, 0} timeout: never block
 */
struct xnu_sema_wait {
	ktime_t deadline;
	bool timed;
	bool noblock;
};

/*
 * Sleep until @w is woken, the deadline passes or a signal comes (a fatal
 * one included), then take @w off @s if still queued. Returns the wait's
 * result: what the waker stored, KERN_OPERATION_TIMED_OUT or KERN_ABORTED.
 */
static kern_return_t xnu_sema_block(struct xnu_semaphore *s,
				    struct xnu_sema_waiter *w,
				    const struct xnu_sema_wait *how)
{
	kern_return_t why = KERN_ABORTED;
	kern_return_t kr;
	ktime_t deadline = how->deadline;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(w->result) != XNU_SEMA_WAITING)
			break;
		if (signal_pending(current)) {
			why = KERN_ABORTED;
			break;
		}
		if (how->timed) {
			if (!schedule_hrtimeout_range(&deadline, 0,
						      HRTIMER_MODE_ABS)) {
				why = KERN_OPERATION_TIMED_OUT;
				break;
			}
		} else {
			schedule();
		}
	}
	__set_current_state(TASK_RUNNING);

	spin_lock(&s->lock);
	kr = w->result;
	if (kr == XNU_SEMA_WAITING) {
		list_del(&w->link);
		kr = why;
	}
	spin_unlock(&s->lock);
	return kr;
}

/*
 * XNU's semaphore_wait_internal(): wait on @ws and, once queued (or not
 * needing to wait), signal @ss (may be NULL) as semaphore_signal() does.
 * When @ss turns out destroyed while we were about to wait, the wait is
 * given up: the result is the wait's if a signal already came, else
 * KERN_TERMINATED.
 */
static kern_return_t xnu_sema_wait(struct xnu_semaphore *ws,
				   struct xnu_semaphore *ss,
				   const struct xnu_sema_wait *how)
{
	struct xnu_sema_waiter w;
	kern_return_t kr;

	spin_lock(&ws->lock);
	if (!ws->owner) {
		kr = KERN_TERMINATED;
	} else if (ws->count > 0) {
		ws->count--;
		kr = KERN_SUCCESS;
	} else if (how->noblock) {
		kr = KERN_OPERATION_TIMED_OUT;
	} else {
		w.thread = current;
		w.result = XNU_SEMA_WAITING;
		if (ws->lifo)
			list_add(&w.link, &ws->waiters);
		else
			list_add_tail(&w.link, &ws->waiters);
		kr = XNU_SEMA_WAITING;
	}
	spin_unlock(&ws->lock);

	if (ss && xnu_sema_signal(ss, NULL, XNU_SEMA_SIGNAL_PREPOST) ==
		  KERN_TERMINATED && kr == XNU_SEMA_WAITING) {
		spin_lock(&ws->lock);
		kr = w.result;
		if (kr == XNU_SEMA_WAITING) {
			list_del(&w.link);
			kr = KERN_TERMINATED;
		}
		spin_unlock(&ws->lock);
	}
	if (kr != XNU_SEMA_WAITING)
		return kr;
	return xnu_sema_block(ws, &w, how);
}

/* ---- references, ports, ownership ----------------------------------------------- */

static void xnu_semaphore_free(struct xnu_semaphore *s)
{
	/* Nobody can reach it any more: destroy it if its owner still has it. */
	mutex_lock(&xnu_sema_owner_lock);
	if (s->owner)
		xnu_sema_destroy_locked(s->owner, s);
	mutex_unlock(&xnu_sema_owner_lock);
	xnu_kobject_port_destroy(s->port);
	xnu_port_deallocate(s->port);
	kfree(s);
}

/**
 * xnu_semaphore_dereference() - drop a reference to a semaphore
 * @semaphore:	the semaphore, or NULL
 *
 * The last reference destroys it (if still owned) and frees it with its
 * port.
 *
 * Context: may sleep.
 */
void xnu_semaphore_dereference(xnu_semaphore_t semaphore)
{
	if (semaphore && refcount_dec_and_test(&semaphore->ref))
		xnu_semaphore_free(semaphore);
}

/**
 * xnu_convert_port_to_semaphore() - the semaphore behind a port
 * @port:	a port the caller holds a send right to (or %IP_NULL)
 *
 * Return: the semaphore with a reference (drop it with
 * xnu_semaphore_dereference()), or NULL when @port is not a semaphore's.
 */
xnu_semaphore_t xnu_convert_port_to_semaphore(ipc_port_t port)
{
	struct xnu_semaphore *s;

	/*
	 * The send right the caller holds keeps the send rights' reference,
	 * and so the semaphore, alive.
	 */
	s = xnu_kobject_get(port, &xnu_semaphore_kotype);
	if (s && !refcount_inc_not_zero(&s->ref))
		s = NULL;
	return s;
}

/**
 * xnu_convert_semaphore_to_port() - a send right to a semaphore's port
 * @semaphore:	a semaphore with a reference, which this consumes
 *
 * The send rights together hold one reference to the semaphore: the
 * first right made takes over the caller's, a later one drops it. The
 * module only ever makes one, when the semaphore is created; others are
 * copies of it.
 *
 * Return: the send right, or %IP_NULL for a NULL @semaphore.
 */
ipc_port_t xnu_convert_semaphore_to_port(xnu_semaphore_t semaphore)
{
	struct xnu_port *port;
	bool first;

	if (!semaphore)
		return IP_NULL;
	port = semaphore->port;
	spin_lock(&port->lock);
	first = port->mscount == 0;
	spin_unlock(&port->lock);
	xnu_port_make_send(port);
	if (!first)
		xnu_semaphore_dereference(semaphore);
	return port;
}

/* The last send right went: drop the send rights' reference. */
static void xnu_semaphore_no_senders(ipc_port_t port, void *object,
				     mach_port_mscount_t mscount)
{
	xnu_semaphore_dereference(object);
}

/**
 * xnu_semaphore_create() - semaphore_create(): a new semaphore
 * @task:	the task that will own it (NULL: the port is not an active
 *		task port)
 * @semaphore:	out: the semaphore, with a reference (MIG's outtran turns
 *		it into a send right)
 * @policy:	SYNC_POLICY_FIFO or SYNC_POLICY_LIFO, SYNC_POLICY_PREPOST
 *		accepted (signals always prepost)
 * @value:	initial count, >= 0
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (no task, @value < 0, bits
 * of @policy outside SYNC_POLICY_USER_MASK), KERN_INVALID_TASK (@task is
 * terminating), KERN_RESOURCE_SHORTAGE (no memory, or @task owns
 * semaphores_per_task_max semaphores already).
 */
kern_return_t xnu_semaphore_create(xnu_task_t task, xnu_semaphore_t *semaphore,
				   int policy, int value)
{
	struct xnu_semaphore *s;
	struct xnu_port *port;
	kern_return_t kr = KERN_SUCCESS;

	*semaphore = NULL;
	if (!task || value < 0 || (policy & ~XNU_SYNC_POLICY_USER_MASK))
		return KERN_INVALID_ARGUMENT;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	refcount_set(&s->ref, 1);
	spin_lock_init(&s->lock);
	s->count = value;
	s->lifo = (policy & XNU_SYNC_POLICY_REVERSED) != 0;
	INIT_LIST_HEAD(&s->waiters);
	INIT_LIST_HEAD(&s->task_link);
	port = xnu_kobject_port_alloc(&xnu_semaphore_kotype, s);
	if (!port) {
		kfree(s);
		return KERN_RESOURCE_SHORTAGE;
	}
	xnu_port_reference(port);
	s->port = port;

	mutex_lock(&xnu_sema_owner_lock);
	if (!READ_ONCE(task->active)) {
		kr = KERN_INVALID_TASK;
	} else if (task->semaphores_owned >=
		   READ_ONCE(xnu_sema_max_per_task)) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		s->owner = task;
		list_add(&s->task_link, &task->semaphores);
		task->semaphores_owned++;
	}
	mutex_unlock(&xnu_sema_owner_lock);

	if (kr != KERN_SUCCESS) {
		xnu_kobject_port_destroy(port);
		xnu_port_deallocate(port);
		kfree(s);
		return kr;
	}
	*semaphore = s;
	return KERN_SUCCESS;
}

/**
 * xnu_semaphore_destroy() - semaphore_destroy(): destroy a semaphore
 * @task:	the task asking (NULL: not an active task port)
 * @semaphore:	the semaphore (NULL: the right is not a semaphore's)
 *
 * Only the owner destroys it; for another task the call does nothing and
 * still succeeds, as in XNU. The send right the request carried is
 * released by the MIG server either way.
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a semaphore or a
 * task.
 */
kern_return_t xnu_semaphore_destroy(xnu_task_t task, xnu_semaphore_t semaphore)
{
	if (!semaphore || !task)
		return KERN_INVALID_ARGUMENT;
	mutex_lock(&xnu_sema_owner_lock);
	if (semaphore->owner == task)
		xnu_sema_destroy_locked(task, semaphore);
	mutex_unlock(&xnu_sema_owner_lock);
	return KERN_SUCCESS;
}

/**
 * xnu_semaphore_destroy_all() - a task terminates: destroy its semaphores
 * @task:	the task (no longer active)
 *
 * Context: may sleep.
 */
void xnu_semaphore_destroy_all(struct xnu_task *task)
{
	struct xnu_semaphore *s, *tmp;

	mutex_lock(&xnu_sema_owner_lock);
	list_for_each_entry_safe(s, tmp, &task->semaphores, task_link)
		xnu_sema_destroy_locked(task, s);
	WARN_ON(task->semaphores_owned);
	mutex_unlock(&xnu_sema_owner_lock);
}

/* ---- traps ---------------------------------------------------------------------- */

/*
 * XNU's port_name_to_semaphore() in @space (locked): the semaphore @name
 * is a send right to, with a reference. KERN_INVALID_NAME for a null or
 * dead name or an unknown one, KERN_INVALID_RIGHT for a name without a
 * send right (a receive right, a dead name), KERN_INVALID_CAPABILITY for a
 * send right to something else.
 */
static kern_return_t xnu_sema_translate(struct xnu_space *space,
					mach_port_name_t name,
					struct xnu_semaphore **sp)
{
	struct xnu_entry *entry;

	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_NAME;
	entry = xnu_entry_lookup(space, name);
	if (!entry)
		return KERN_INVALID_NAME;
	if (!(entry->type & MACH_PORT_TYPE_SEND))
		return KERN_INVALID_RIGHT;
	*sp = xnu_convert_port_to_semaphore(entry->port);
	if (*sp)
		return KERN_SUCCESS;
	/* Not a live semaphore port: a dead one leaves a dead name. */
	return xnu_entry_check(space, entry) ? KERN_INVALID_RIGHT :
					       KERN_INVALID_CAPABILITY;
}

/*
 * Translate @name1 (and @name2, unless MACH_PORT_NULL is passed with a
 * NULL @s2) in the caller's space under one lock: the caller's task from
 * @xf. Negative errno for transport errors, else a kern_return_t.
 */
static long xnu_sema_lookup(struct xnu_file *xf, mach_port_name_t name1,
			    struct xnu_semaphore **s1,
			    mach_port_name_t name2, struct xnu_semaphore **s2)
{
	struct xnu_task *task = xnu_task_current(xf);
	struct xnu_space *space;
	kern_return_t kr;

	if (IS_ERR(task))
		return PTR_ERR(task);
	space = task->space;
	mutex_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	kr = xnu_sema_translate(space, name1, s1);
	if (kr != KERN_SUCCESS || !s2)
		goto out;
	kr = xnu_sema_translate(space, name2, s2);
	if (kr != KERN_SUCCESS) {
		/* Not the last reference: the caller's right holds one. */
		refcount_dec(&(*s1)->ref);
		*s1 = NULL;
	}
out:
	mutex_unlock(&space->lock);
	return kr;
}

/*
 * XNU's port_name_to_thread() for signal_thread: the Linux thread behind
 * the thread port @name (a send right in the caller's space), with a
 * reference, in *@tsk; NULL there when that thread has exited (it waits
 * nowhere). KERN_INVALID_ARGUMENT when @name is not a send right to a
 * thread port; a negative errno for transport errors.
 */
static long xnu_sema_thread(struct xnu_file *xf, mach_port_name_t name,
			    struct task_struct **tsk)
{
	struct xnu_task *task = xnu_task_current(xf);
	struct xnu_thread *thread = NULL;
	struct xnu_space *space;
	struct xnu_entry *entry;

	if (IS_ERR(task))
		return PTR_ERR(task);
	space = task->space;
	mutex_lock(&space->lock);
	entry = space->active ? xnu_entry_lookup(space, name) : NULL;
	if (entry) {
		xnu_entry_check(space, entry);
		if (entry->type & MACH_PORT_TYPE_SEND)
			thread = xnu_thread_from_port(entry->port);
	}
	mutex_unlock(&space->lock);
	if (!thread)
		return KERN_INVALID_ARGUMENT;
	*tsk = xnu_thread_task_struct(thread);
	xnu_thread_put(thread);
	return KERN_SUCCESS;
}

/* XNU's BAD_MACH_TIMESPEC(), and the wait it asks for. */
static bool xnu_sema_timeout(const struct xnu_semaphore_args *a,
			     struct xnu_sema_wait *how)
{
	if (a->tv_nsec < 0 || a->tv_nsec >= NSEC_PER_SEC)
		return false;
	how->timed = true;
	how->noblock = a->tv_sec == 0 && a->tv_nsec == 0;
	if (!how->noblock)
		how->deadline = ktime_add_ns(ktime_get(), (u64)a->tv_sec *
					     NSEC_PER_SEC + a->tv_nsec);
	return true;
}

/* A signal's internal "nobody waited" is a plain success for the caller. */
static long xnu_sema_signal_result(kern_return_t kr)
{
	return kr == KERN_NOT_WAITING ? KERN_SUCCESS : kr;
}

/* semaphore_signal(_all)_trap(): signal the semaphore named @signal. */
static long xnu_sema_signal_trap(struct xnu_file *xf, void *arg,
				 unsigned int options)
{
	struct xnu_semaphore_args *a = arg;
	struct xnu_semaphore *s;
	long ret;

	if (a->flags)
		return -EINVAL;
	ret = xnu_sema_lookup(xf, a->signal, &s, MACH_PORT_NULL, NULL);
	if (ret != KERN_SUCCESS)
		return ret;
	ret = xnu_sema_signal_result(xnu_sema_signal(s, NULL, options));
	xnu_semaphore_dereference(s);
	return ret;
}

/**
 * xnu_trap_semaphore_signal() - semaphore_signal_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @signal
 *
 * Return: a kern_return_t (see xnu_sema_translate(), KERN_TERMINATED) or a
 * negative errno.
 */
long xnu_trap_semaphore_signal(struct xnu_file *xf, void *arg)
{
	return xnu_sema_signal_trap(xf, arg, XNU_SEMA_SIGNAL_PREPOST);
}

/**
 * xnu_trap_semaphore_signal_all() - semaphore_signal_all_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @signal
 *
 * Wakes every waiter; without waiters the count does not change.
 *
 * Return: a kern_return_t or a negative errno.
 */
long xnu_trap_semaphore_signal_all(struct xnu_file *xf, void *arg)
{
	return xnu_sema_signal_trap(xf, arg, XNU_SEMA_SIGNAL_ALL);
}

/**
 * xnu_trap_semaphore_signal_thread() - semaphore_signal_thread_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @signal, @thread
 *
 * With @thread MACH_PORT_NULL, wakes one waiter if there is one, else
 * KERN_NOT_WAITING (never adds to the count); with a thread, wakes it if
 * it waits on the semaphore, else KERN_NOT_WAITING. A name that is not a
 * thread is KERN_INVALID_ARGUMENT, checked first.
 *
 * Return: a kern_return_t or a negative errno.
 */
long xnu_trap_semaphore_signal_thread(struct xnu_file *xf, void *arg)
{
	struct xnu_semaphore_args *a = arg;
	struct task_struct *thread = NULL;
	unsigned int options = 0;
	struct xnu_semaphore *s;
	long ret;

	if (a->flags)
		return -EINVAL;
	if (MACH_PORT_VALID(a->thread)) {
		ret = xnu_sema_thread(xf, a->thread, &thread);
		if (ret != KERN_SUCCESS)
			return ret;
		options = XNU_SEMA_SIGNAL_THREAD;
	} else if (a->thread != MACH_PORT_NULL) {
		return KERN_INVALID_ARGUMENT;
	}
	ret = xnu_sema_lookup(xf, a->signal, &s, MACH_PORT_NULL, NULL);
	if (ret == KERN_SUCCESS) {
		ret = xnu_sema_signal(s, thread, options);
		xnu_semaphore_dereference(s);
	}
	if (thread)
		put_task_struct(thread);
	return ret;
}

/* The wait traps: @timed reads the timeout, @signal the signal name. */
static long xnu_sema_wait_trap(struct xnu_file *xf,
			       const struct xnu_semaphore_args *a,
			       bool timed, bool signal)
{
	struct xnu_sema_wait how = { .timed = false };
	struct xnu_semaphore *ws, *ss = NULL;
	long ret;

	if (a->flags)
		return -EINVAL;
	if (timed && !xnu_sema_timeout(a, &how))
		return KERN_INVALID_VALUE;
	if (signal)
		ret = xnu_sema_lookup(xf, a->signal, &ss, a->wait, &ws);
	else
		ret = xnu_sema_lookup(xf, a->wait, &ws, MACH_PORT_NULL, NULL);
	if (ret != KERN_SUCCESS)
		return ret;
	ret = xnu_sema_wait(ws, ss, &how);
	xnu_semaphore_dereference(ws);
	xnu_semaphore_dereference(ss);
	return ret;
}

/**
 * xnu_trap_semaphore_wait() - semaphore_wait_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @wait
 *
 * Return: KERN_SUCCESS, KERN_TERMINATED (destroyed before or during the
 * wait), KERN_ABORTED (a signal came), a name error, or a negative errno.
 */
long xnu_trap_semaphore_wait(struct xnu_file *xf, void *arg)
{
	return xnu_sema_wait_trap(xf, arg, false, false);
}

/**
 * xnu_trap_semaphore_wait_signal() - semaphore_wait_signal_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @wait, @signal
 *
 * Queues on @wait, then signals @signal, then sleeps: the signalled side
 * cannot answer before we wait. The signal name is translated first.
 *
 * Return: as xnu_trap_semaphore_wait().
 */
long xnu_trap_semaphore_wait_signal(struct xnu_file *xf, void *arg)
{
	return xnu_sema_wait_trap(xf, arg, false, true);
}

/**
 * xnu_trap_semaphore_timedwait() - semaphore_timedwait_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @wait, @tv_sec, @tv_nsec
 *
 * A relative timeout; {0, 0} does not block.
 *
 * Return: as xnu_trap_semaphore_wait(), plus KERN_OPERATION_TIMED_OUT and
 * KERN_INVALID_VALUE (@tv_nsec outside 0..999999999, checked first).
 */
long xnu_trap_semaphore_timedwait(struct xnu_file *xf, void *arg)
{
	return xnu_sema_wait_trap(xf, arg, true, false);
}

/**
 * xnu_trap_semaphore_timedwait_signal() - semaphore_timedwait_signal_trap()
 * @xf:		the caller's open file
 * @arg:	struct xnu_semaphore_args: @wait, @signal, @tv_sec, @tv_nsec
 *
 * Return: as xnu_trap_semaphore_timedwait().
 */
long xnu_trap_semaphore_timedwait_signal(struct xnu_file *xf, void *arg)
{
	return xnu_sema_wait_trap(xf, arg, true, true);
}

/* ---- setup ---------------------------------------------------------------------- */

/**
 * xnu_semaphore_init() - register the semaphore kernel object type
 *
 * Return: 0 or a negative errno.
 */
int xnu_semaphore_init(void)
{
	return xnu_kobject_type_register(&xnu_semaphore_kotype);
}

/**
 * xnu_semaphore_exit() - unregister it
 *
 * Runs when no task is left, so every semaphore is gone.
 */
void xnu_semaphore_exit(void)
{
	xnu_kobject_type_unregister(&xnu_semaphore_kotype);
}
