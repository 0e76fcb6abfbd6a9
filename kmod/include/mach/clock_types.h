/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mach/clock_types.h - the types and constants of Mach clocks, as Darwin
 * has them: clock ids, attribute flavors, mach_timespec_t.
 */
#ifndef _XNU_KERNEL_MACH_CLOCK_TYPES_H
#define _XNU_KERNEL_MACH_CLOCK_TYPES_H

#include <mach/mach_types.h>

typedef int alarm_type_t;
typedef int sleep_type_t;
typedef int clock_id_t;
typedef int clock_flavor_t;
typedef int *clock_attr_t;
typedef int clock_res_t;

struct mach_timespec {
	unsigned int tv_sec;
	clock_res_t tv_nsec;
};

typedef struct mach_timespec mach_timespec_t;

#define SYSTEM_CLOCK		0
#define CALENDAR_CLOCK		1
#define REALTIME_CLOCK		0

#define CLOCK_GET_TIME_RES	1
#define CLOCK_ALARM_CURRES	3
#define CLOCK_ALARM_MINRES	4
#define CLOCK_ALARM_MAXRES	5

#endif /* _XNU_KERNEL_MACH_CLOCK_TYPES_H */
