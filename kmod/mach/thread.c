// SPDX-License-Identifier: GPL-2.0
/*
 * thread.c - Mach threads: the thread ports of a task's Linux threads,
 * given by mach_thread_self() (kernel objects of type "thread", XNU's
 * IKOT_THREAD_CONTROL), served by the thread_act subsystem (3600,
 * compiled by xmig from kmod/mach/defs/thread_act.defs; the routines are
 * in thread_policy.c).
 *
 * A task keeps its thread objects in a table made on the first
 * mach_thread_self() of any of its threads, keyed by the thread's Linux
 * id. A thread's object is made on the thread's first call and lives as
 * long as its entry: the port stays the same for the thread's life, so
 * every call returns the same name with one more user reference, as in
 * XNU. When the Linux thread exits its object is not destroyed at once:
 * like XNU's inactive thread, its port answers KERN_TERMINATED. Dead
 * objects are destroyed lazily, when the task makes a new thread object
 * while its table holds twice as many entries as were alive at the last
 * sweep (and at least XNU_THREADS_SWEEP_MIN), and at task termination:
 * the port dies and the send rights to it become dead names. Sweeping
 * walks the whole table, so spacing sweeps out that way keeps making
 * thread objects cheap (amortised constant) in tasks with many threads,
 * while the table never holds more than about twice the task's live
 * threads (and never more than XNU_THREADS_MAX entries).
 *
 * A thread object is the thread running one program: after execve() (the
 * task is a new one too, task.c) the old object answers KERN_TERMINATED
 * like an exited thread's, so a holder of the old port learns nothing of,
 * and records nothing for, the new program.
 *
 * A thread port is a capability like any other send right: a task it was
 * sent to may use it, with Linux's permission checks for changing another
 * process's scheduling (thread_policy.c).
 *
 * Locking: table->lock (a mutex) protects the table; it is taken with no
 * space or port lock held, and ports are destroyed after it is dropped.
 * xnu_thread_from_port() reads a port's object locklessly under RCU and
 * takes a reference only while the object is still counted; objects are
 * freed after an RCU grace period.
 */
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "thread_act_server.h"

/* Most thread objects one task may hold at a time. */
#define XNU_THREADS_MAX		65536U
/* Entries a table may reach before its first sweep. */
#define XNU_THREADS_SWEEP_MIN	32U

/**
 * struct xnu_thread_table - a task's thread objects
 * @lock:	protects @threads, @count and @sweep_at
 * @threads:	Linux thread id (initial pid namespace) -> struct xnu_thread
 * @count:	entries in @threads
 * @sweep_at:	a new entry sweeps the dead ones first from this count on
 */
struct xnu_thread_table {
	struct mutex lock;		/* threads, count, sweep_at */
	struct xarray threads;
	unsigned int count;
	unsigned int sweep_at;
};

static const struct xnu_mig_subsystem *const xnu_thread_subsystems[] = {
	&thread_act_subsystem,
	NULL
};

static struct xnu_kobject_type xnu_thread_kotype = {
	.name = "thread",
	.subsystems = xnu_thread_subsystems,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_KERNEL_MIG,
};

static void xnu_thread_release(struct kref *ref)
{
	struct xnu_thread *thread = container_of(ref, struct xnu_thread, ref);

	put_pid(thread->pid);
	mutex_destroy(&thread->lock);
	kfree_rcu(thread, rcu);
}

/**
 * xnu_thread_put() - drop a reference to a thread object
 * @thread:	the thread, or NULL
 */
void xnu_thread_put(struct xnu_thread *thread)
{
	if (thread)
		kref_put(&thread->ref, xnu_thread_release);
}

/**
 * xnu_thread_deallocate() - a thread_act routine's destructor
 * @thread:	what xnu_convert_port_to_thread() gave, NULL included
 */
void xnu_thread_deallocate(xnu_thread_t thread)
{
	xnu_thread_put(thread);
}

/**
 * xnu_thread_from_port() - the thread object behind a port
 * @port:	any port; the caller keeps it alive (a right, a reference)
 *
 * XNU's convert_port_to_thread(): the thread of an active thread port,
 * also when its Linux thread has exited (routines answer
 * KERN_TERMINATED then).
 *
 * Context: does not sleep.
 * Return: the thread with a reference (xnu_thread_put()), or NULL when
 * @port is not an active thread port.
 */
struct xnu_thread *xnu_thread_from_port(struct xnu_port *port)
{
	struct xnu_thread *thread;

	rcu_read_lock();
	thread = xnu_kobject_get(port, &xnu_thread_kotype);
	if (thread && !kref_get_unless_zero(&thread->ref))
		thread = NULL;
	rcu_read_unlock();
	return thread;
}

/**
 * xnu_convert_port_to_thread() - the thread_act subsystem's intran
 * @port:	the port a request was sent to
 *
 * Return: as xnu_thread_from_port().
 */
xnu_thread_t xnu_convert_port_to_thread(ipc_port_t port)
{
	return xnu_thread_from_port(port);
}

/**
 * xnu_thread_task_struct() - the Linux thread of a thread object
 * @thread:	the thread
 *
 * Return: its task_struct with a reference (put_task_struct()), or NULL
 * when it has exited, is exiting or runs another program since an
 * execve() (XNU: the thread is inactive).
 */
struct task_struct *xnu_thread_task_struct(struct xnu_thread *thread)
{
	struct task_struct *p = get_pid_task(thread->pid, PIDTYPE_PID);

	if (p && ((READ_ONCE(p->flags) & PF_EXITING) ||
		  READ_ONCE(p->self_exec_id) != thread->exec_id)) {
		put_task_struct(p);
		p = NULL;
	}
	return p;
}

static bool xnu_thread_alive(struct xnu_thread *thread)
{
	struct task_struct *p;
	bool alive;

	rcu_read_lock();
	p = pid_task(thread->pid, PIDTYPE_PID);
	alive = p && !(READ_ONCE(p->flags) & PF_EXITING) &&
		READ_ONCE(p->self_exec_id) == thread->exec_id;
	rcu_read_unlock();
	return alive;
}

/* Destroy the ports of the threads on @dead and drop the table's references. */
static void xnu_thread_destroy_list(struct list_head *dead)
{
	struct xnu_thread *thread, *next;

	list_for_each_entry_safe(thread, next, dead, link) {
		list_del(&thread->link);
		/* Send rights become dead names; routines see NULL. */
		xnu_kobject_port_destroy(thread->port);
		thread->port = NULL;
		xnu_thread_put(thread);
	}
}

/*
 * Move every dead thread of @table to @dead (table locked), when the table
 * has grown enough since the last sweep (or @force, when it is full).
 */
static void xnu_thread_sweep(struct xnu_thread_table *table,
			     struct list_head *dead, bool force)
{
	struct xnu_thread *thread;
	unsigned long tid;

	lockdep_assert_held(&table->lock);
	if (table->count < table->sweep_at && !force)
		return;
	xa_for_each(&table->threads, tid, thread) {
		if (xnu_thread_alive(thread))
			continue;
		xa_erase(&table->threads, tid);
		table->count--;
		list_add_tail(&thread->link, dead);
	}
	table->sweep_at = max(2 * table->count, XNU_THREADS_SWEEP_MIN);
}

/* A new thread object for the calling thread (its port has no send right). */
static struct xnu_thread *xnu_thread_create(void)
{
	struct xnu_thread *thread;

	thread = kzalloc(sizeof(*thread), GFP_KERNEL_ACCOUNT);
	if (!thread)
		return NULL;
	kref_init(&thread->ref);
	mutex_init(&thread->lock);
	INIT_LIST_HEAD(&thread->link);
	thread->pid = get_pid(task_pid(current));
	thread->exec_id = READ_ONCE(current->self_exec_id);
	thread->rt_preemptible = 1;
	thread->port = xnu_kobject_port_alloc(&xnu_thread_kotype, thread);
	if (!thread->port) {
		put_pid(thread->pid);
		mutex_destroy(&thread->lock);
		kfree(thread);
		return NULL;
	}
	return thread;
}

/* The task's table, made on first use; NULL on ENOMEM. */
static struct xnu_thread_table *xnu_thread_table_of(struct xnu_task *task)
{
	struct xnu_thread_table *table, *old;

	/* Pairs with the cmpxchg below: a published table is initialised. */
	table = smp_load_acquire(&task->threads);
	if (table)
		return table;
	table = kzalloc(sizeof(*table), GFP_KERNEL_ACCOUNT);
	if (!table)
		return NULL;
	mutex_init(&table->lock);
	xa_init(&table->threads);
	table->sweep_at = XNU_THREADS_SWEEP_MIN;
	old = cmpxchg(&task->threads, NULL, table);
	if (old) {
		/* Another thread of the task made it first. */
		mutex_destroy(&table->lock);
		kfree(table);
		table = old;
	}
	return table;
}

/*
 * A send right (with a reference) to the calling thread's port, its object
 * made if needed. KERN_RESOURCE_SHORTAGE on ENOMEM or with too many thread
 * objects.
 */
static kern_return_t xnu_thread_self_port(struct xnu_task *task,
					  struct xnu_port **portp)
{
	struct xnu_thread_table *table = xnu_thread_table_of(task);
	struct pid *pid = task_pid(current);
	unsigned long tid = task_pid_nr(current);
	struct xnu_thread *thread;
	kern_return_t kr = KERN_SUCCESS;
	LIST_HEAD(dead);

	if (!table)
		return KERN_RESOURCE_SHORTAGE;
	mutex_lock(&table->lock);
	thread = xa_load(&table->threads, tid);
	if (thread && thread->pid != pid) {
		/* An exited thread whose id was reused. */
		xa_erase(&table->threads, tid);
		table->count--;
		list_add_tail(&thread->link, &dead);
		thread = NULL;
	}
	if (!thread) {
		xnu_thread_sweep(table, &dead, false);
		if (table->count >= XNU_THREADS_MAX)
			xnu_thread_sweep(table, &dead, true);
		if (table->count >= XNU_THREADS_MAX) {
			kr = KERN_RESOURCE_SHORTAGE;
			goto out;
		}
		thread = xnu_thread_create();
		if (!thread) {
			kr = KERN_RESOURCE_SHORTAGE;
			goto out;
		}
		if (xa_is_err(xa_store(&table->threads, tid, thread,
				       GFP_KERNEL_ACCOUNT))) {
			list_add_tail(&thread->link, &dead);
			kr = KERN_RESOURCE_SHORTAGE;
			goto out;
		}
		table->count++;
	}
	xnu_port_make_send_ref(thread->port);
	*portp = thread->port;
out:
	mutex_unlock(&table->lock);
	xnu_thread_destroy_list(&dead);
	return kr;
}

/**
 * xnu_trap_thread_self() - mach_thread_self(): a send right to the caller
 * @xf:		the caller's open file
 * @arg:	struct xnu_mach_port_args; out: @name
 *
 * The calling Linux thread's port, made on its first call: one more user
 * reference on the caller's send right to it per call (pegged at
 * MACH_PORT_UREFS_MAX), as XNU's mach_thread_self().
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (flags), KERN_NO_SPACE or
 * KERN_RESOURCE_SHORTAGE (the space or the thread table is full),
 * KERN_INVALID_TASK (the task is terminating), or a negative errno.
 */
long xnu_trap_thread_self(struct xnu_file *xf, void *arg)
{
	struct xnu_mach_port_args *a = arg;
	struct xnu_space *space;
	struct xnu_deferred d;
	struct xnu_task *task;
	struct xnu_port *port;
	mach_port_name_t name;
	kern_return_t kr;

	if (a->flags)
		return KERN_INVALID_ARGUMENT;
	task = xnu_task_current(xf);
	if (IS_ERR(task))
		return PTR_ERR(task);
	kr = xnu_thread_self_port(task, &port);
	if (kr != KERN_SUCCESS)
		return kr;

	space = task->space;
	xnu_deferred_init(&d);
	mutex_lock(&space->lock);
	if (space->active) {
		kr = xnu_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND,
				       &name, &d);
	} else {
		xnu_port_release_send_ref(port, &d);
		kr = KERN_INVALID_TASK;
	}
	mutex_unlock(&space->lock);
	xnu_deferred_run(&d);
	if (kr == KERN_SUCCESS)
		a->name = name;
	return kr;
}

/**
 * xnu_thread_task_terminate() - a task's thread ports die with it
 * @task:	the terminating task (no call of it is running)
 *
 * Every thread port of @task is destroyed: send rights held anywhere
 * become dead names, routines running on them finish with their own
 * references.
 *
 * Context: may sleep.
 */
void xnu_thread_task_terminate(struct xnu_task *task)
{
	struct xnu_thread_table *table = xchg(&task->threads, NULL);
	struct xnu_thread *thread;
	unsigned long tid;
	LIST_HEAD(dead);

	if (!table)
		return;
	mutex_lock(&table->lock);
	xa_for_each(&table->threads, tid, thread) {
		xa_erase(&table->threads, tid);
		list_add_tail(&thread->link, &dead);
	}
	table->count = 0;
	mutex_unlock(&table->lock);
	xnu_thread_destroy_list(&dead);
	xa_destroy(&table->threads);
	mutex_destroy(&table->lock);
	kfree(table);
}

/**
 * xnu_thread_init() - register the thread port's kernel object type
 *
 * Return: 0 or a negative errno.
 */
int xnu_thread_init(void)
{
	return xnu_kobject_type_register(&xnu_thread_kotype);
}

/**
 * xnu_thread_exit() - unregister the thread type
 *
 * Runs when no task is left, so no thread port either.
 */
void xnu_thread_exit(void)
{
	xnu_kobject_type_unregister(&xnu_thread_kotype);
}
