/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/thread_policy.h - thread scheduling policies: the flavors of
 * thread_policy_set() and thread_policy_get() (<mach/thread_act.h>), their
 * data and counts (in integers), with Darwin's names and values.
 *
 * get_default (in/out, thread_policy_get()): TRUE on the way in asks for
 * the flavor's defaults; TRUE on the way out also means the thread is not
 * in that mode (a time-constraint query of a timeshare thread) and the
 * defaults were returned. How each flavor maps onto the Linux thread's
 * scheduling: Documentation/mach-threads.rst.
 */
#ifndef _XNUCROSS_MACH_THREAD_POLICY_H_
#define _XNUCROSS_MACH_THREAD_POLICY_H_

#include <stdint.h>

#include <mach/mach_types.h>

typedef natural_t thread_policy_flavor_t;
typedef integer_t *thread_policy_t;

/* The standard (fair) mode of new threads: no data. */
#define THREAD_STANDARD_POLICY			1

struct thread_standard_policy {
	natural_t no_data;
};

typedef struct thread_standard_policy thread_standard_policy_data_t;
typedef struct thread_standard_policy *thread_standard_policy_t;

#define THREAD_STANDARD_POLICY_COUNT		0

/* timeshare TRUE: the standard mode; FALSE: fixed priority. */
#define THREAD_EXTENDED_POLICY			1

struct thread_extended_policy {
	boolean_t timeshare;
};

typedef struct thread_extended_policy thread_extended_policy_data_t;
typedef struct thread_extended_policy *thread_extended_policy_t;

#define THREAD_EXTENDED_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_extended_policy_data_t) / sizeof(integer_t)))

/*
 * Real-time: period, computation and constraint in absolute time units
 * (nanoseconds here: mach_absolute_time() counts ns); constraint must be
 * >= computation; preemptible is ignored (kept).
 */
#define THREAD_TIME_CONSTRAINT_POLICY		2

struct thread_time_constraint_policy {
	uint32_t period;
	uint32_t computation;
	uint32_t constraint;
	boolean_t preemptible;
};

typedef struct thread_time_constraint_policy \
	thread_time_constraint_policy_data_t;
typedef struct thread_time_constraint_policy \
	*thread_time_constraint_policy_t;

#define THREAD_TIME_CONSTRAINT_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_time_constraint_policy_data_t) / sizeof(integer_t)))

/* The importance of the thread relative to the others of its task. */
#define THREAD_PRECEDENCE_POLICY		3

struct thread_precedence_policy {
	integer_t importance;
};

typedef struct thread_precedence_policy thread_precedence_policy_data_t;
typedef struct thread_precedence_policy *thread_precedence_policy_t;

#define THREAD_PRECEDENCE_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_precedence_policy_data_t) / sizeof(integer_t)))

/* Affinity set tag (a hint; recorded only, see the documentation). */
#define THREAD_AFFINITY_POLICY			4

struct thread_affinity_policy {
	integer_t affinity_tag;
};

#define THREAD_AFFINITY_TAG_NULL		0

typedef struct thread_affinity_policy thread_affinity_policy_data_t;
typedef struct thread_affinity_policy *thread_affinity_policy_t;

#define THREAD_AFFINITY_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_affinity_policy_data_t) / sizeof(integer_t)))

/* Not a macOS flavor: refused with KERN_INVALID_ARGUMENT, as on macOS. */
#define THREAD_BACKGROUND_POLICY		5

struct thread_background_policy {
	integer_t priority;
};

#define THREAD_BACKGROUND_POLICY_DARWIN_BG	0x1000

typedef struct thread_background_policy thread_background_policy_data_t;
typedef struct thread_background_policy *thread_background_policy_t;

#define THREAD_BACKGROUND_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_background_policy_data_t) / sizeof(integer_t)))

#define THREAD_LATENCY_QOS_POLICY		7
typedef integer_t thread_latency_qos_t;

struct thread_latency_qos_policy {
	thread_latency_qos_t thread_latency_qos_tier;
};

typedef struct thread_latency_qos_policy thread_latency_qos_policy_data_t;
typedef struct thread_latency_qos_policy *thread_latency_qos_policy_t;

#define THREAD_LATENCY_QOS_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_latency_qos_policy_data_t) / sizeof(integer_t)))

#define THREAD_THROUGHPUT_QOS_POLICY		8
typedef integer_t thread_throughput_qos_t;

struct thread_throughput_qos_policy {
	thread_throughput_qos_t thread_throughput_qos_tier;
};

typedef struct thread_throughput_qos_policy \
	thread_throughput_qos_policy_data_t;
typedef struct thread_throughput_qos_policy *thread_throughput_qos_policy_t;

#define THREAD_THROUGHPUT_QOS_POLICY_COUNT	((mach_msg_type_number_t) \
	(sizeof(thread_throughput_qos_policy_data_t) / sizeof(integer_t)))

/* The latency and throughput QoS tiers (Darwin's <mach/task_policy.h>). */
#ifndef LATENCY_QOS_TIER_UNSPECIFIED
typedef integer_t latency_qos_t;
typedef integer_t throughput_qos_t;

#define LATENCY_QOS_TIER_UNSPECIFIED		0x0
#define LATENCY_QOS_TIER_0			((0xFF << 16) | 1)
#define LATENCY_QOS_TIER_1			((0xFF << 16) | 2)
#define LATENCY_QOS_TIER_2			((0xFF << 16) | 3)
#define LATENCY_QOS_TIER_3			((0xFF << 16) | 4)
#define LATENCY_QOS_TIER_4			((0xFF << 16) | 5)
#define LATENCY_QOS_TIER_5			((0xFF << 16) | 6)
#define LATENCY_QOS_LAUNCH_DEFAULT_TIER		LATENCY_QOS_TIER_3

#define THROUGHPUT_QOS_TIER_UNSPECIFIED		0x0
#define THROUGHPUT_QOS_TIER_0			((0xFE << 16) | 1)
#define THROUGHPUT_QOS_TIER_1			((0xFE << 16) | 2)
#define THROUGHPUT_QOS_TIER_2			((0xFE << 16) | 3)
#define THROUGHPUT_QOS_TIER_3			((0xFE << 16) | 4)
#define THROUGHPUT_QOS_TIER_4			((0xFE << 16) | 5)
#define THROUGHPUT_QOS_TIER_5			((0xFE << 16) | 6)
#define THROUGHPUT_QOS_LAUNCH_DEFAULT_TIER	THROUGHPUT_QOS_TIER_3
#endif

#ifdef PRIVATE
#include <mach/thread_policy_private.h>
#endif

#endif /* _XNUCROSS_MACH_THREAD_POLICY_H_ */
