/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mach/thread_policy.h - thread scheduling policy flavors and their data,
 * as Darwin has them (<mach/thread_policy.h> and the private flavors of
 * thread_policy_private.h), for the thread_act kernel server.
 */
#ifndef _XNU_KERNEL_MACH_THREAD_POLICY_H
#define _XNU_KERNEL_MACH_THREAD_POLICY_H

#include <mach/mach_types.h>

typedef natural_t thread_policy_flavor_t;
typedef integer_t *thread_policy_t;

/* Largest policy_info of thread_policy_get() / _set(), in integers. */
#define THREAD_POLICY_INFO_MAX			16

#define THREAD_STANDARD_POLICY			1
#define THREAD_STANDARD_POLICY_COUNT		0
#define THREAD_EXTENDED_POLICY			1
#define THREAD_EXTENDED_POLICY_COUNT		1
#define THREAD_TIME_CONSTRAINT_POLICY		2
#define THREAD_TIME_CONSTRAINT_POLICY_COUNT	4
#define THREAD_PRECEDENCE_POLICY		3
#define THREAD_PRECEDENCE_POLICY_COUNT		1
#define THREAD_AFFINITY_POLICY			4
#define THREAD_AFFINITY_POLICY_COUNT		1
#define THREAD_AFFINITY_TAG_NULL		0
#define THREAD_BACKGROUND_POLICY		5
#define THREAD_BACKGROUND_POLICY_COUNT		1
#define THREAD_BACKGROUND_POLICY_DARWIN_BG	0x1000
#define THREAD_POLICY_STATE			6
#define THREAD_POLICY_STATE_COUNT		16
#define THREAD_LATENCY_QOS_POLICY		7
#define THREAD_LATENCY_QOS_POLICY_COUNT		1
#define THREAD_THROUGHPUT_QOS_POLICY		8
#define THREAD_THROUGHPUT_QOS_POLICY_COUNT	1
#define THREAD_QOS_POLICY			9
#define THREAD_QOS_POLICY_COUNT			2
#define THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY	10
#define THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY_COUNT 5
#define THREAD_REQUESTED_STATE_POLICY		11
#define THREAD_REQUESTED_STATE_POLICY_COUNT	7

/* QoS tiers (Darwin <mach/thread_policy.h>, <mach/task_policy.h>). */
#define LATENCY_QOS_TIER_UNSPECIFIED		0x0
#define LATENCY_QOS_TIER_0			((0xFF << 16) | 1)
#define LATENCY_QOS_TIER_5			((0xFF << 16) | 6)
#define THROUGHPUT_QOS_TIER_UNSPECIFIED		0x0
#define THROUGHPUT_QOS_TIER_0			((0xFE << 16) | 1)
#define THROUGHPUT_QOS_TIER_5			((0xFE << 16) | 6)
#define THREAD_QOS_UNSPECIFIED			0

/* Mach priorities the private flavors name. */
#define BASEPRI_RTQUEUES			97
#define MAXPRI					127

/**
 * struct thread_time_constraint_policy - THREAD_TIME_CONSTRAINT_POLICY
 * @period:	 nominal time between arrivals (absolute time units: ns)
 * @computation: computation needed per arrival
 * @constraint:	 latest end of the computation after the arrival
 * @preemptible: ignored by XNU, recorded
 */
struct thread_time_constraint_policy {
	u32 period;
	u32 computation;
	u32 constraint;
	boolean_t preemptible;
};

/**
 * struct thread_time_constraint_with_priority_policy - flavor 10
 * @period:	 as struct thread_time_constraint_policy
 * @computation: as struct thread_time_constraint_policy
 * @constraint:	 as struct thread_time_constraint_policy
 * @preemptible: as struct thread_time_constraint_policy
 * @priority:	 Mach priority, BASEPRI_RTQUEUES..MAXPRI
 */
struct thread_time_constraint_with_priority_policy {
	u32 period;
	u32 computation;
	u32 constraint;
	boolean_t preemptible;
	u32 priority;
};

#endif /* _XNU_KERNEL_MACH_THREAD_POLICY_H */
