// SPDX-License-Identifier: GPL-2.0
/*
 * thread_policy.c - thread_policy_set() (3617) and thread_policy_get()
 * (3618) of the thread_act subsystem, on the Linux thread's real
 * scheduling state, with XNU's validation and error codes in XNU's order
 * (osfmk/kern/thread_policy.c). Documentation/mach-threads.rst has the
 * mapping table; in short:
 *
 *  - STANDARD / EXTENDED: timeshare is SCHED_NORMAL. Setting it takes a
 *    real-time thread (SCHED_FIFO, SCHED_RR, SCHED_DEADLINE) back to
 *    SCHED_NORMAL at its nice value; a thread in a fair class (NORMAL,
 *    BATCH, IDLE) keeps it. timeshare FALSE (XNU's fixed priority, no
 *    decay) is recorded: CFS has no priority decay to switch off.
 *  - TIME_CONSTRAINT (and the private WITH_PRIORITY flavor): SCHED_RR at
 *    real-time priority 1 (+ the priority offset above BASEPRI_RTQUEUES),
 *    above every fair thread as XNU's real-time band is above timeshare;
 *    period, computation, constraint and preemptible are validated as XNU
 *    does (computation 50 us..50 ms, constraint >= computation; absolute
 *    time units are nanoseconds here) and recorded, not enforced.
 *  - PRECEDENCE: importance is minus the nice value (clamped to -20..19).
 *  - AFFINITY: the tag is recorded (Linux has no L2 affinity sets).
 *  - LATENCY_QOS / THROUGHPUT_QOS: the tier is validated and recorded.
 *  - QOS: set is refused (KERN_INVALID_ARGUMENT) as XNU does without the
 *    -qos-policy-allow boot-arg; get reports THREAD_QOS_UNSPECIFIED.
 *  - BACKGROUND (not on macOS), POLICY_STATE, REQUESTED_STATE and unknown
 *    flavors: KERN_INVALID_ARGUMENT.
 *
 * Linux's own permission rules for changing a thread's scheduling apply
 * to the caller (also when it is another process holding the thread's
 * port): sched_setscheduler()'s (owner, CAP_SYS_NICE, RLIMIT_RTPRIO,
 * SCHED_IDLE) for policy changes, setpriority()'s (owner, RLIMIT_NICE,
 * CAP_SYS_NICE) for nice. The checked kernel entry points are not exported
 * to modules, so the checks are made here with exported helpers before
 * sched_setattr_nocheck() / set_user_nice(); the LSM hooks of those
 * syscalls cannot be called from a module. A refusal is
 * KERN_PROTECTION_FAILURE (XNU's answer to an unprivileged policy call).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <uapi/linux/sched/types.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "thread_act_server.h"

/* XNU's real-time computation bounds (min_rt_quantum, max_rt_quantum), ns. */
#define XNU_RT_QUANTUM_MIN	(50U * NSEC_PER_USEC)
#define XNU_RT_QUANTUM_MAX	(50U * NSEC_PER_MSEC)
/* XNU's defaults for a thread that is not real-time (std_quantum 10 ms). */
#define XNU_RT_DEFAULT_COMPUTATION	(5U * NSEC_PER_MSEC)
#define XNU_RT_DEFAULT_CONSTRAINT	(10U * NSEC_PER_MSEC)
/* Linux real-time priority of XNU's BASEPRI_RTQUEUES. */
#define XNU_RT_LINUX_PRIO	1

/* QoS tiers as Darwin packs them: 0, or (tag << 16) | 1..6. */
#define XNU_LATENCY_TAG		0xFF
#define XNU_THROUGHPUT_TAG	0xFE

static bool xnu_policy_is_rt(unsigned int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR ||
	       policy == SCHED_DEADLINE;
}

/* sched_setscheduler()'s check_same_owner(): the caller may touch @p. */
static bool xnu_sched_same_owner(struct task_struct *p)
{
	const struct cred *cred = current_cred(), *pcred;
	bool match;

	rcu_read_lock();
	pcred = __task_cred(p);
	match = uid_eq(cred->euid, pcred->euid) ||
		uid_eq(cred->euid, pcred->uid);
	rcu_read_unlock();
	return match;
}

/* The Darwin code of a Linux refusal. */
static kern_return_t xnu_sched_errno(int err)
{
	switch (err) {
	case 0:
		return KERN_SUCCESS;
	case -EPERM:
	case -EACCES:
		return KERN_PROTECTION_FAILURE;
	case -ESRCH:
		return KERN_TERMINATED;
	case -EBUSY:
	case -ENOMEM:
		return KERN_RESOURCE_SHORTAGE;
	default:
		return KERN_FAILURE;
	}
}

/*
 * Move @p to SCHED_RR at @prio with sched_setscheduler()'s checks for an
 * unprivileged caller (kernel/sched/core.c, __sched_setscheduler()).
 */
static int xnu_sched_set_rt(struct task_struct *p, unsigned int prio)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_RR,
		.sched_priority = prio,
	};

	if (!capable(CAP_SYS_NICE)) {
		unsigned long rlim = task_rlimit(p, RLIMIT_RTPRIO);

		if (!xnu_sched_same_owner(p))
			return -EPERM;
		if (READ_ONCE(p->policy) != SCHED_RR && !rlim)
			return -EPERM;
		if (prio > READ_ONCE(p->rt_priority) && prio > rlim)
			return -EPERM;
		if (READ_ONCE(p->policy) == SCHED_IDLE &&
		    !can_nice(p, task_nice(p)))
			return -EPERM;
	}
	if (p->sched_reset_on_fork)
		attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
	return sched_setattr_nocheck(p, &attr);
}

/* Take a real-time @p back to SCHED_NORMAL at its nice value. */
static int xnu_sched_set_normal(struct task_struct *p)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_NORMAL,
	};

	if (!xnu_policy_is_rt(READ_ONCE(p->policy)))
		return 0;
	if (!capable(CAP_SYS_NICE) && !xnu_sched_same_owner(p))
		return -EPERM;
	attr.sched_nice = task_nice(p);
	if (p->sched_reset_on_fork)
		attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
	return sched_setattr_nocheck(p, &attr);
}

/* setpriority(PRIO_PROCESS, tid, @nice) with its checks (set_one_prio()). */
static int xnu_sched_set_nice(struct task_struct *p, int nice)
{
	const struct cred *cred = current_cred(), *pcred;
	bool allowed;

	rcu_read_lock();
	pcred = __task_cred(p);
	allowed = uid_eq(pcred->uid, cred->euid) ||
		  uid_eq(pcred->euid, cred->euid) ||
		  ns_capable(pcred->user_ns, CAP_SYS_NICE);
	rcu_read_unlock();
	if (!allowed)
		return -EPERM;
	if (nice < task_nice(p) && !can_nice(p, nice))
		return -EACCES;
	set_user_nice(p, nice);
	return 0;
}

/* XNU's qos_latency_policy_validate() / qos_throughput_policy_validate(). */
static bool xnu_qos_tier_valid(integer_t tier, u32 tag)
{
	return tier == 0 ||
	       (tier >= (integer_t)((tag << 16) | 1) &&
		tier <= (integer_t)((tag << 16) | 6));
}

static integer_t xnu_qos_tier_package(u8 value, u32 tag)
{
	return value ? (integer_t)((tag << 16) | value) : 0;
}

/* The time-constraint flavors' set: validate, adjust, apply, record. */
static kern_return_t xnu_thread_set_rt(struct xnu_thread *thread,
				       struct task_struct *p,
				       thread_policy_flavor_t flavor,
				       const integer_t *info,
				       mach_msg_type_number_t count)
{
	struct thread_time_constraint_with_priority_policy tc = { 0 };
	mach_msg_type_number_t min_count;
	kern_return_t kr;

	min_count = flavor == THREAD_TIME_CONSTRAINT_POLICY ?
		THREAD_TIME_CONSTRAINT_POLICY_COUNT :
		THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY_COUNT;
	if (count < min_count)
		return KERN_INVALID_ARGUMENT;
	memcpy(&tc, info, min_count * sizeof(integer_t));
	if (tc.constraint < tc.computation ||
	    tc.computation > XNU_RT_QUANTUM_MAX ||
	    tc.computation < XNU_RT_QUANTUM_MIN)
		return KERN_INVALID_ARGUMENT;
	if (tc.computation < tc.constraint / 2)
		tc.computation = min(tc.constraint / 2, XNU_RT_QUANTUM_MAX);
	if (flavor == THREAD_TIME_CONSTRAINT_POLICY)
		tc.priority = BASEPRI_RTQUEUES;
	else if (tc.priority < BASEPRI_RTQUEUES || tc.priority > MAXPRI)
		return KERN_INVALID_ARGUMENT;

	kr = xnu_sched_errno(xnu_sched_set_rt(p, XNU_RT_LINUX_PRIO +
					      tc.priority - BASEPRI_RTQUEUES));
	if (kr != KERN_SUCCESS)
		return kr;
	thread->rt_set = true;
	thread->rt_period = tc.period;
	thread->rt_computation = tc.computation;
	thread->rt_constraint = tc.constraint;
	thread->rt_preemptible = tc.preemptible;
	thread->rt_priority = tc.priority;
	return KERN_SUCCESS;
}

static kern_return_t xnu_thread_set_locked(struct xnu_thread *thread,
					   struct task_struct *p,
					   thread_policy_flavor_t flavor,
					   const integer_t *info,
					   mach_msg_type_number_t count)
{
	kern_return_t kr;
	integer_t value;

	switch (flavor) {
	case THREAD_EXTENDED_POLICY:
		/* XNU: anything but TRUE (1) asks for fixed priority. */
		value = count >= THREAD_EXTENDED_POLICY_COUNT ? info[0] : 1;
		kr = xnu_sched_errno(xnu_sched_set_normal(p));
		if (kr == KERN_SUCCESS) {
			thread->fixed = value != 1;
			thread->rt_set = false;
		}
		return kr;
	case THREAD_TIME_CONSTRAINT_POLICY:
	case THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY:
		return xnu_thread_set_rt(thread, p, flavor, info, count);
	case THREAD_PRECEDENCE_POLICY:
		if (count < THREAD_PRECEDENCE_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		value = clamp_t(integer_t, info[0], -MAX_NICE, -MIN_NICE);
		return xnu_sched_errno(xnu_sched_set_nice(p, -value));
	case THREAD_AFFINITY_POLICY:
		if (count < THREAD_AFFINITY_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		thread->affinity_tag = info[0];
		return KERN_SUCCESS;
	case THREAD_LATENCY_QOS_POLICY:
		if (count < THREAD_LATENCY_QOS_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		if (!xnu_qos_tier_valid(info[0], XNU_LATENCY_TAG))
			return KERN_INVALID_ARGUMENT;
		thread->latency_qos = info[0] & 0xff;
		return KERN_SUCCESS;
	case THREAD_THROUGHPUT_QOS_POLICY:
		if (count < THREAD_THROUGHPUT_QOS_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		if (!xnu_qos_tier_valid(info[0], XNU_THROUGHPUT_TAG))
			return KERN_INVALID_ARGUMENT;
		thread->throughput_qos = info[0] & 0xff;
		return KERN_SUCCESS;
	default:
		/* BACKGROUND is not a macOS flavor; the rest are unknown. */
		return KERN_INVALID_ARGUMENT;
	}
}

/**
 * xnu_thread_policy_set() - thread_policy_set(): set one policy flavor
 * @thread:	the thread (NULL: the port is not an active thread port)
 * @flavor:	THREAD_*_POLICY
 * @policy_info: the flavor's data (at most THREAD_POLICY_INFO_MAX integers)
 * @count:	integers in @policy_info
 *
 * XNU's checks in XNU's order: no thread, THREAD_QOS_POLICY and a bad
 * THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY before the thread's state;
 * then an exited thread; then the flavor's own checks.
 *
 * Return: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no thread, unknown or
 * refused flavor, @count too small, bad values); KERN_TERMINATED (the
 * Linux thread exited); KERN_PROTECTION_FAILURE (Linux refuses the caller
 * the change); KERN_RESOURCE_SHORTAGE or KERN_FAILURE (Linux could not
 * make it).
 */
kern_return_t xnu_thread_policy_set(xnu_thread_t thread,
				    thread_policy_flavor_t flavor,
				    thread_policy_t policy_info,
				    mach_msg_type_number_t count)
{
	struct task_struct *p;
	kern_return_t kr;

	if (!thread)
		return KERN_INVALID_ARGUMENT;
	count = min_t(mach_msg_type_number_t, count, THREAD_POLICY_INFO_MAX);
	if (flavor == THREAD_QOS_POLICY)
		return KERN_INVALID_ARGUMENT;
	if (flavor == THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY &&
	    (count < THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY_COUNT ||
	     policy_info[4] != BASEPRI_RTQUEUES))
		return KERN_INVALID_ARGUMENT;

	mutex_lock(&thread->lock);
	p = xnu_thread_task_struct(thread);
	if (p) {
		kr = xnu_thread_set_locked(thread, p, flavor, policy_info,
					   count);
		put_task_struct(p);
	} else {
		kr = KERN_TERMINATED;
	}
	mutex_unlock(&thread->lock);
	return kr;
}

/* The time-constraint flavors' get. */
static kern_return_t xnu_thread_get_rt(struct xnu_thread *thread, bool rt,
				       thread_policy_flavor_t flavor,
				       integer_t *info,
				       mach_msg_type_number_t count,
				       boolean_t *get_default)
{
	struct thread_time_constraint_with_priority_policy tc = {
		.computation = XNU_RT_DEFAULT_COMPUTATION,
		.constraint = XNU_RT_DEFAULT_CONSTRAINT,
		.preemptible = 1,
		.priority = BASEPRI_RTQUEUES,
	};
	mach_msg_type_number_t n;

	n = flavor == THREAD_TIME_CONSTRAINT_POLICY ?
		THREAD_TIME_CONSTRAINT_POLICY_COUNT :
		THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY_COUNT;
	if (count < n)
		return KERN_INVALID_ARGUMENT;
	if (!*get_default) {
		if (!rt) {
			/* Not real-time: the defaults, and say so. */
			*get_default = 1;
		} else if (thread->rt_set) {
			tc.period = thread->rt_period;
			tc.computation = thread->rt_computation;
			tc.constraint = thread->rt_constraint;
			tc.preemptible = thread->rt_preemptible;
			tc.priority = thread->rt_priority;
		}
		/* Real-time by other means (chrt): XNU's default values. */
	}
	memcpy(info, &tc, n * sizeof(integer_t));
	return KERN_SUCCESS;
}

static kern_return_t xnu_thread_get_locked(struct xnu_thread *thread,
					   struct task_struct *p,
					   thread_policy_flavor_t flavor,
					   integer_t *info,
					   mach_msg_type_number_t count,
					   boolean_t *get_default)
{
	bool rt = xnu_policy_is_rt(READ_ONCE(p->policy));
	integer_t timeshare = 1;

	switch (flavor) {
	case THREAD_EXTENDED_POLICY:
		if (!*get_default) {
			if (rt)
				*get_default = 1;
			else
				timeshare = !thread->fixed;
		}
		/* XNU: a count of 0 (THREAD_STANDARD_POLICY) is no error. */
		if (count >= THREAD_EXTENDED_POLICY_COUNT)
			info[0] = timeshare;
		return KERN_SUCCESS;
	case THREAD_TIME_CONSTRAINT_POLICY:
	case THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY:
		return xnu_thread_get_rt(thread, rt, flavor, info, count,
					 get_default);
	case THREAD_PRECEDENCE_POLICY:
		if (count < THREAD_PRECEDENCE_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		info[0] = *get_default ? 0 : -task_nice(p);
		return KERN_SUCCESS;
	case THREAD_AFFINITY_POLICY:
		if (count < THREAD_AFFINITY_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		info[0] = *get_default ? THREAD_AFFINITY_TAG_NULL :
					 thread->affinity_tag;
		return KERN_SUCCESS;
	case THREAD_LATENCY_QOS_POLICY:
		if (count < THREAD_LATENCY_QOS_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		info[0] = xnu_qos_tier_package(*get_default ? 0 :
					       thread->latency_qos,
					       XNU_LATENCY_TAG);
		return KERN_SUCCESS;
	case THREAD_THROUGHPUT_QOS_POLICY:
		if (count < THREAD_THROUGHPUT_QOS_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		info[0] = xnu_qos_tier_package(*get_default ? 0 :
					       thread->throughput_qos,
					       XNU_THROUGHPUT_TAG);
		return KERN_SUCCESS;
	case THREAD_QOS_POLICY:
		if (count < THREAD_QOS_POLICY_COUNT)
			return KERN_INVALID_ARGUMENT;
		/* No QoS can be set: unspecified, relative priority 0. */
		info[0] = THREAD_QOS_UNSPECIFIED;
		info[1] = 0;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/**
 * xnu_thread_policy_get() - thread_policy_get(): read one policy flavor
 * @thread:	the thread (NULL: the port is not an active thread port)
 * @flavor:	THREAD_*_POLICY
 * @policy_info: out: the flavor's data; the first *@count integers are
 *		written (zero past the flavor's own)
 * @count:	in/out: room in @policy_info (MIG: min(request, 16)); left as
 *		is, as XNU leaves it
 * @get_default: in: TRUE asks for the defaults; out: TRUE also when the
 *		thread is not in the flavor's mode and defaults were returned
 *
 * Policy and nice are read from the Linux thread; the rest is what was
 * recorded by thread_policy_set().
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (no thread, unknown flavor,
 * @count smaller than the flavor's), KERN_TERMINATED (the thread exited).
 */
kern_return_t xnu_thread_policy_get(xnu_thread_t thread,
				    thread_policy_flavor_t flavor,
				    thread_policy_t policy_info,
				    mach_msg_type_number_t *count,
				    boolean_t *get_default)
{
	mach_msg_type_number_t n;
	struct task_struct *p;
	kern_return_t kr;

	if (!thread)
		return KERN_INVALID_ARGUMENT;
	n = min_t(mach_msg_type_number_t, *count, THREAD_POLICY_INFO_MAX);
	memset(policy_info, 0, n * sizeof(integer_t));

	mutex_lock(&thread->lock);
	p = xnu_thread_task_struct(thread);
	if (p) {
		kr = xnu_thread_get_locked(thread, p, flavor, policy_info, n,
					   get_default);
		put_task_struct(p);
	} else {
		kr = KERN_TERMINATED;
	}
	mutex_unlock(&thread->lock);
	return kr;
}
