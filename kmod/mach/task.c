// SPDX-License-Identifier: GPL-2.0
/*
 * task.c - Mach tasks: one per thread group, with its IPC space, its task
 * port (a kernel object of type "task") and its special and registered
 * ports; the registry that finds a thread group's task.
 *
 * A task is made on the thread group's first Mach call and bound to the
 * open file the call came through; the group's other open files share it.
 * Each bound file holds a reference and counts in @files; the task port
 * holds one more (its kernel object pointer) until the task terminates.
 * When the last bound file is released the task terminates: it leaves the
 * registry, its task port dies (other tasks' send rights to it become dead
 * names), its special and registered rights are released and its space is
 * destroyed; the semaphores it owns are destroyed too (semaphore.c). The
 * task port serves the task MIG subsystem (task.defs: semaphore_create,
 * semaphore_destroy). No thread of the group is inside a call then: a
 * call holds the file it came through, and every file a call can use is
 * bound.
 *
 * A new task inherits from its parent process's task, if that process has
 * one, what XNU's ipc_task_init() copies at fork: the bootstrap, host and
 * task-access special ports and the registered ports. A task whose parent
 * has no task gets a send right to the host port as its TASK_HOST_PORT
 * and one to the module's name service as its bootstrap port. We see no
 * fork, so the copy is made when the child's task is made, on its first
 * Mach call: libxnucross makes that call in the
 * child's fork handler, while the parent waits in fork(), so the copy is
 * what the parent had at fork. The parent is the real parent's thread
 * group, and only a task it had before the child was forked counts: a
 * parent whose task was made (or made again) after the fork passes
 * nothing on, as it had nothing to pass at fork. What is left: a child
 * made without libxnucross's fork handler (raw clone(), vfork(),
 * posix_spawn(), or a program exec'ed by the child, whose task ends with
 * the close-on-exec descriptor) copies its parent's ports as they are at
 * its first Mach call, and an orphan reparented before that call copies
 * those of its new parent (the reaper) if the reaper's task is older.
 *
 * A task belongs to the program that made it: after execve() the thread
 * group is a new program, in a new task, even when an open file of the old
 * program survived the exec (no close-on-exec). That file gives EBADFD, as
 * another process's would, and the old task lives on, unreachable from the
 * group, until its files are closed: whoever held send rights to the old
 * task port (its special ports, its space) gains nothing over the new
 * program - which may be set-user-ID. XNU also gives an exec'ed program a
 * new task. The program is told by the group leader's self_exec_id, which
 * every execve() increments.
 *
 * Locking: xnu_tasks_lock (a mutex) protects the registry, every task's
 * @files and the binding of files; it is taken before a task's @lock,
 * never after. task->lock protects @special and @registered and is never
 * held together with a space lock.
 */
#include <linux/err.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "task_server.h"
#include "mach_port_server.h"

#define XNU_TASK_HASH_BITS	8

/**
 * struct xnu_task_made - a task and when it was made
 * @task:	the task
 * @made_ns:	ktime_get_ns() when it was made, compared with the
 *		start_time of the processes that may inherit from it
 * @exec_id:	the self_exec_id of the program that made it
 */
struct xnu_task_made {
	struct xnu_task task;
	u64 made_ns;
	u64 exec_id;
};

static DEFINE_HASHTABLE(xnu_tasks, XNU_TASK_HASH_BITS);
static DEFINE_MUTEX(xnu_tasks_lock);

/*
 * The MIG subsystems the task port serves (NULL-terminated): task (3400:
 * semaphore_create, semaphore_destroy), mach_port (3200: the mach_port_*
 * routines); other ids get MIG_BAD_ID.
 */
static const struct xnu_mig_subsystem *const xnu_task_subsystems[] = {
	&task_subsystem,
	&mach_port_subsystem,
	NULL
};

static struct xnu_kobject_type xnu_task_kotype = {
	.name = "task",
	.subsystems = xnu_task_subsystems,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_KERNEL_MIG,
};

/* Special ports a new task copies from its parent's (XNU ipc_task_init). */
static const int xnu_task_inherited[] = {
	TASK_HOST_PORT,
	TASK_BOOTSTRAP_PORT,
	TASK_ACCESS_PORT,
};

static void xnu_task_release(struct kref *ref)
{
	struct xnu_task *task = container_of(ref, struct xnu_task, ref);

	WARN_ON(task->active);
	xnu_space_put(task->space);
	xnu_port_put(task->self);
	put_pid(task->tgid);
	kfree(container_of(task, struct xnu_task_made, task));
}

/**
 * xnu_task_put() - drop a reference to a task
 * @task:	the task
 *
 * Context: may sleep (the last reference frees the task's space).
 */
void xnu_task_put(struct xnu_task *task)
{
	kref_put(&task->ref, xnu_task_release);
}

/* A second send right to @port (NULL and XNU_PORT_DEAD are copied as is). */
static struct xnu_port *xnu_task_copy_send(struct xnu_port *port)
{
	if (XNU_PORT_VALID(port))
		xnu_port_copy_send_ref(port);
	return port;
}

/* Was @task made by the program @p (a thread of its group) runs now? */
static bool xnu_task_of_program(const struct xnu_task *task,
				const struct task_struct *p)
{
	return container_of(task, struct xnu_task_made, task)->exec_id ==
	       READ_ONCE(p->self_exec_id);
}

/* Is @task the task of the program its thread group runs now? */
static bool xnu_task_of_live_program(const struct xnu_task *task)
{
	struct task_struct *leader;
	bool live = false;

	rcu_read_lock();
	leader = pid_task(task->tgid, PIDTYPE_TGID);
	if (leader)
		live = xnu_task_of_program(task, leader);
	rcu_read_unlock();
	return live;
}

/*
 * The task of the program thread group @tgid runs now; a task an earlier
 * program of the group made (before an execve()) is never found.
 */
static struct xnu_task *xnu_task_lookup_locked(struct pid *tgid)
{
	struct xnu_task *task;

	lockdep_assert_held(&xnu_tasks_lock);
	hash_for_each_possible(xnu_tasks, task, hash, (unsigned long)tgid)
		if (task->tgid == tgid && xnu_task_of_live_program(task))
			return task;
	return NULL;
}

/*
 * Copy what a child inherits from @parent into the new @task. Returns
 * false when the parent is terminating (nothing copied).
 */
static bool xnu_task_inherit(struct xnu_task *task, struct xnu_task *parent)
{
	bool done = false;
	int i;

	mutex_lock(&parent->lock);
	if (READ_ONCE(parent->active)) {
		for (i = 0; i < ARRAY_SIZE(xnu_task_inherited); i++) {
			int which = xnu_task_inherited[i];

			task->special[which] =
				xnu_task_copy_send(parent->special[which]);
		}
		for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
			task->registered[i] =
				xnu_task_copy_send(parent->registered[i]);
		done = true;
	}
	mutex_unlock(&parent->lock);
	return done;
}

/*
 * The task the calling process inherits from (registry locked): its real
 * parent's, if that task was made before the calling process was forked.
 */
static struct xnu_task *xnu_task_parent_locked(void)
{
	u64 forked = READ_ONCE(current->group_leader->start_time);
	struct task_struct *parent;
	struct xnu_task *task;
	struct pid *ptgid;

	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	ptgid = get_task_pid(parent, PIDTYPE_TGID);
	rcu_read_unlock();
	if (!ptgid)
		return NULL;
	task = xnu_task_lookup_locked(ptgid);
	put_pid(ptgid);
	if (task && container_of(task, struct xnu_task_made, task)->made_ns >=
		    forked)
		return NULL;
	return task;
}

/* Fill the special and registered ports of a new task. */
static void xnu_task_init_ports(struct xnu_task *task)
{
	struct xnu_task *parent = xnu_task_parent_locked();

	struct xnu_port *host = xnu_host_port();

	if (parent && xnu_task_inherit(task, parent))
		return;
	/* As XNU's ipc_task_init(): a first task gets the host port. */
	if (host) {
		xnu_port_make_send_ref(host);
		task->special[TASK_HOST_PORT] = host;
	}
	if (xnu_bootstrap_port) {
		xnu_port_make_send_ref(xnu_bootstrap_port);
		task->special[TASK_BOOTSTRAP_PORT] = xnu_bootstrap_port;
	}
}

/* Make the task of the calling thread group (registry locked). */
static struct xnu_task *xnu_task_create(struct pid *tgid)
{
	struct xnu_task_made *made;
	struct xnu_task *task;
	struct xnu_port *self;

	made = kzalloc(sizeof(*made), GFP_KERNEL_ACCOUNT);
	if (!made)
		return ERR_PTR(-ENOMEM);
	made->made_ns = ktime_get_ns();
	made->exec_id = READ_ONCE(current->self_exec_id);
	task = &made->task;
	/* This first reference is the task port's. */
	kref_init(&task->ref);
	mutex_init(&task->lock);
	INIT_HLIST_NODE(&task->hash);
	INIT_LIST_HEAD(&task->semaphores);
	task->tgid = get_pid(tgid);

	task->space = xnu_space_create(task);
	if (IS_ERR_OR_NULL(task->space))
		goto out_free;
	self = xnu_kobject_port_alloc(&xnu_task_kotype, task);
	if (IS_ERR_OR_NULL(self))
		goto out_space;
	/* Keep the pointer valid until the task is freed. */
	xnu_port_get(self);
	task->self = self;
	task->active = true;
	xnu_task_init_ports(task);
	return task;

out_space:
	xnu_space_terminate(task->space);
	xnu_space_put(task->space);
out_free:
	put_pid(task->tgid);
	kfree(made);
	return ERR_PTR(-ENOMEM);
}

/* Slow path of xnu_task_current(): find or make the task, bind @xf to it. */
static struct xnu_task *xnu_task_bind(struct xnu_file *xf)
{
	struct pid *tgid = task_tgid(current);
	struct xnu_task *task;

	mutex_lock(&xnu_tasks_lock);
	task = xf->task;
	if (task) {
		/* Another thread of the group bound it meanwhile. */
		if (task->tgid != tgid || !xnu_task_of_program(task, current))
			task = ERR_PTR(-EBADFD);
		goto out;
	}
	task = xnu_task_lookup_locked(tgid);
	if (!task) {
		task = xnu_task_create(tgid);
		if (IS_ERR(task))
			goto out;
		hash_add(xnu_tasks, &task->hash, (unsigned long)tgid);
	}
	task->files++;
	kref_get(&task->ref);
	/* Publish a fully made task to the lockless fast path. */
	smp_store_release(&xf->task, task);
out:
	mutex_unlock(&xnu_tasks_lock);
	return task;
}

/**
 * xnu_task_current() - the calling thread group's task
 * @xf:		the open file the call came through
 *
 * The first Mach call on @xf binds it to the group's task, made (with what
 * it inherits from the parent process's task) if the group has none yet.
 * The task stays valid for the whole call: @xf holds a reference.
 *
 * Return: the task, ERR_PTR(-EBADFD) when @xf is bound to another thread
 * group (a forked child using its parent's open file) or to the program
 * the group ran before an execve(), ERR_PTR(-ENOMEM).
 */
struct xnu_task *xnu_task_current(struct xnu_file *xf)
{
	struct xnu_task *task;

	/* Pairs with the release in xnu_task_bind(): a bound task is whole. */
	task = smp_load_acquire(&xf->task);
	if (likely(task)) {
		if (likely(task->tgid == task_tgid(current) &&
			   xnu_task_of_program(task, current)))
			return task;
		return ERR_PTR(-EBADFD);
	}
	return xnu_task_bind(xf);
}

/* Release the special and registered rights a terminating task holds. */
static void xnu_task_release_ports(struct xnu_task *task)
{
	struct xnu_port *special[TASK_MAX_SPECIAL_PORT + 1];
	struct xnu_port *registered[TASK_PORT_REGISTER_MAX];
	struct xnu_deferred d;
	int i;

	mutex_lock(&task->lock);
	memcpy(special, task->special, sizeof(special));
	memcpy(registered, task->registered, sizeof(registered));
	memset(task->special, 0, sizeof(task->special));
	memset(task->registered, 0, sizeof(task->registered));
	mutex_unlock(&task->lock);

	xnu_deferred_init(&d);
	for (i = 0; i <= TASK_MAX_SPECIAL_PORT; i++)
		if (XNU_PORT_VALID(special[i]))
			xnu_port_release_send_ref(special[i], &d);
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		if (XNU_PORT_VALID(registered[i]))
			xnu_port_release_send_ref(registered[i], &d);
	xnu_deferred_run(&d);
}

/* The last bound file is gone: tear the task down (it left the registry). */
static void xnu_task_terminate(struct xnu_task *task)
{
	/* Other tasks' send rights to the task port become dead names. */
	xnu_kobject_port_destroy(task->self);
	/* Its semaphores' waiters wake with KERN_TERMINATED. */
	xnu_semaphore_destroy_all(task);
	/* Its thread ports die: send rights to them become dead names. */
	xnu_thread_task_terminate(task);
	xnu_task_release_ports(task);
	xnu_space_terminate(task->space);
	/* The task port's reference. */
	xnu_task_put(task);
}

/**
 * xnu_task_file_release() - an open file goes away
 * @xf:		the file's state
 *
 * Unbinds @xf from its task; when it was the task's last bound file the
 * task terminates. Called from the file's release, so no call is running
 * on @xf.
 *
 * Context: may sleep.
 */
void xnu_task_file_release(struct xnu_file *xf)
{
	struct xnu_task *task = xf->task;
	bool last;

	if (!task)
		return;
	xf->task = NULL;

	mutex_lock(&xnu_tasks_lock);
	last = --task->files == 0;
	if (last) {
		hash_del(&task->hash);
		WRITE_ONCE(task->active, false);
	}
	mutex_unlock(&xnu_tasks_lock);

	if (last)
		xnu_task_terminate(task);
	xnu_task_put(task);
}

/*
 * The space behind @port if it is an active task port, with a reference.
 * The port holds a task reference while it is active, so under its lock
 * the task and its space pointer are valid.
 */
static struct xnu_space *xnu_task_port_space(struct xnu_port *port)
{
	struct xnu_space *space = NULL;
	struct xnu_task *task;

	spin_lock(&port->lock);
	if (port->active && port->kotype == &xnu_task_kotype) {
		task = port->kobject;
		space = task->space;
		xnu_space_get(space);
	}
	spin_unlock(&port->lock);
	return space;
}

/**
 * xnu_task_space_of() - the space a trap acts on
 * @caller:	the calling task
 * @task_name:	a name in @caller's space: a send right to a task port
 * @kr:		out: the error when NULL is returned
 *
 * The caller's own task port is the common case and takes no port lock.
 * A dead target's space is returned too: callers check space->active under
 * the space's lock.
 *
 * Return: the target's space with a reference, or NULL with *@kr set to
 * MACH_SEND_INVALID_DEST (@task_name is not a send right, or a dead name)
 * or KERN_INVALID_TASK (a send right to something that is not an active
 * task port).
 */
struct xnu_space *xnu_task_space_of(struct xnu_task *caller,
				    mach_port_name_t task_name,
				    kern_return_t *kr)
{
	struct xnu_space *cspace = caller->space;
	struct xnu_space *space = NULL;
	struct xnu_entry *entry;

	mutex_lock(&cspace->lock);
	if (!cspace->active) {
		*kr = KERN_INVALID_TASK;
		goto out;
	}
	entry = xnu_entry_lookup(cspace, task_name);
	if (!entry || !(entry->type & MACH_PORT_TYPE_SEND)) {
		*kr = MACH_SEND_INVALID_DEST;
		goto out;
	}
	if (entry->port == caller->self) {
		space = cspace;
		xnu_space_get(space);
		goto out;
	}
	if (xnu_entry_check(cspace, entry)) {
		*kr = MACH_SEND_INVALID_DEST;
		goto out;
	}
	space = xnu_task_port_space(entry->port);
	if (!space)
		*kr = KERN_INVALID_TASK;
out:
	mutex_unlock(&cspace->lock);
	return space;
}

/**
 * xnu_convert_port_to_task() - the task behind a task port
 * @port:	the port a task request was sent to
 *
 * As XNU's convert_port_to_task(): the task of an active task port, also
 * while it is terminating (routines check task->active).
 *
 * Return: the task with a reference (drop it with xnu_task_deallocate()),
 * or NULL when @port is not an active task port.
 */
xnu_task_t xnu_convert_port_to_task(ipc_port_t port)
{
	struct xnu_task *task = NULL;

	if (!XNU_PORT_VALID(port))
		return NULL;
	/* An active task port holds a reference to its task. */
	spin_lock(&port->lock);
	if (port->active && port->kotype == &xnu_task_kotype) {
		task = port->kobject;
		kref_get(&task->ref);
	}
	spin_unlock(&port->lock);
	return task;
}

/**
 * xnu_task_deallocate() - drop a reference xnu_convert_port_to_task() took
 * @task:	the task, or NULL
 *
 * Context: may sleep.
 */
void xnu_task_deallocate(xnu_task_t task)
{
	if (task)
		xnu_task_put(task);
}

/**
 * xnu_task_find() - the task of a thread group
 * @tgid:	the thread group's pid
 *
 * Return: the active task of the program the group runs now, with a
 * reference (drop it with xnu_task_put()), or NULL when it has none.
 */
struct xnu_task *xnu_task_find(struct pid *tgid)
{
	struct xnu_task *task;

	mutex_lock(&xnu_tasks_lock);
	task = xnu_task_lookup_locked(tgid);
	if (task)
		kref_get(&task->ref);
	mutex_unlock(&xnu_tasks_lock);
	return task;
}

/**
 * xnu_task_init() - register the kernel object types of task ports and
 * semaphores (semaphore.c)
 *
 * Return: 0 or a negative errno.
 */
int xnu_task_init(void)
{
	int ret;

	ret = xnu_semaphore_init();
	if (ret)
		return ret;
	ret = xnu_kobject_type_register(&xnu_task_kotype);
	if (ret)
		xnu_semaphore_exit();
	return ret;
}

/**
 * xnu_task_exit() - unregister the task and semaphore types
 *
 * Runs when no file is open, so no task is left.
 */
void xnu_task_exit(void)
{
	WARN_ON(!hash_empty(xnu_tasks));
	xnu_kobject_type_unregister(&xnu_task_kotype);
	xnu_semaphore_exit();
}
