/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/thread_policy_private.h - Darwin's private thread policy flavors
 * (included by <mach/thread_policy.h> when PRIVATE is defined), with
 * Darwin's values. What the module does with them: THREAD_QOS_POLICY
 * cannot be set (KERN_INVALID_ARGUMENT, as XNU without -qos-policy-allow)
 * and reads as THREAD_QOS_UNSPECIFIED;
 * THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY works as
 * THREAD_TIME_CONSTRAINT_POLICY with priority BASEPRI_RTQUEUES (97, the
 * only one XNU accepts from user space); THREAD_POLICY_STATE and
 * THREAD_REQUESTED_STATE_POLICY are not served (KERN_INVALID_ARGUMENT).
 */
#ifndef _XNUCROSS_MACH_THREAD_POLICY_PRIVATE_H_
#define _XNUCROSS_MACH_THREAD_POLICY_PRIVATE_H_

#include <stdint.h>

#include <mach/thread_policy.h>

#define THREAD_POLICY_STATE			6
#define THREAD_POLICY_STATE_COUNT		16

#define THREAD_QOS_POLICY			9

struct thread_qos_policy {
	integer_t qos_tier;
	integer_t tier_importance;
};

typedef struct thread_qos_policy thread_qos_policy_data_t;
typedef struct thread_qos_policy *thread_qos_policy_t;

#define THREAD_QOS_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_qos_policy_data_t) / sizeof(integer_t)))

#define THREAD_QOS_UNSPECIFIED			0
#define THREAD_QOS_MAINTENANCE			1
#define THREAD_QOS_BACKGROUND			2
#define THREAD_QOS_UTILITY			3
#define THREAD_QOS_LEGACY			4
#define THREAD_QOS_USER_INITIATED		5
#define THREAD_QOS_USER_INTERACTIVE		6
#define THREAD_QOS_LAST				7
#define THREAD_QOS_MIN_TIER_IMPORTANCE		(-15)

#define THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY	10

struct thread_time_constraint_with_priority_policy {
	uint32_t period;
	uint32_t computation;
	uint32_t constraint;
	boolean_t preemptible;
	uint32_t priority;
};

typedef struct thread_time_constraint_with_priority_policy \
	thread_time_constraint_with_priority_policy_data_t;
typedef struct thread_time_constraint_with_priority_policy \
	*thread_time_constraint_with_priority_policy_t;

#define THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY_COUNT \
	((mach_msg_type_number_t) \
	 (sizeof(thread_time_constraint_with_priority_policy_data_t) / \
	  sizeof(integer_t)))

#define THREAD_REQUESTED_STATE_POLICY		11
#define THREAD_REQUESTED_STATE_POLICY_COUNT	7

/* Mach priorities (Darwin's <kern/sched.h>) the flavor above names. */
#ifndef BASEPRI_RTQUEUES
#define BASEPRI_RTQUEUES			97
#endif

#endif /* _XNUCROSS_MACH_THREAD_POLICY_PRIVATE_H_ */
