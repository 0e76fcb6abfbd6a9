/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/semaphore.h - Mach semaphores: semaphore_signal(), _signal_all(),
 * _signal_thread(), _wait(), _timedwait(), _wait_signal() and
 * _timedwait_signal(), each one ioctl on /dev/xnucross (the module's
 * semaphore traps, with XNU's semantics and codes). Semaphores are made
 * and destroyed with semaphore_create() and semaphore_destroy() of
 * <mach/task.h>, MIG calls on the task port.
 *
 * Results besides KERN_SUCCESS: KERN_INVALID_NAME (null, dead or unknown
 * name), KERN_INVALID_RIGHT (no send right under that name),
 * KERN_INVALID_CAPABILITY (a send right to something else),
 * KERN_TERMINATED (the semaphore was destroyed, also while waiting),
 * KERN_ABORTED (a signal interrupted the wait), KERN_OPERATION_TIMED_OUT
 * and KERN_INVALID_VALUE (tv_nsec outside 0..999999999) for the timed
 * forms, KERN_NOT_WAITING for semaphore_signal_thread() when nobody (or
 * not that thread) waits. A timeout is relative; {0, 0} polls.
 * semaphore_wait_signal() queues the caller on the wait semaphore before
 * it signals the other one, so the answer cannot be missed.
 */
#ifndef _XNUCROSS_MACH_SEMAPHORE_H_
#define _XNUCROSS_MACH_SEMAPHORE_H_

#include <mach/port.h>
#include <mach/mach_types.h>
#include <mach/kern_return.h>
#include <mach/clock_types.h>
#include <mach/sync_policy.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t semaphore_signal(semaphore_t semaphore);
kern_return_t semaphore_signal_all(semaphore_t semaphore);
kern_return_t semaphore_wait(semaphore_t semaphore);
kern_return_t semaphore_timedwait(semaphore_t semaphore,
				  mach_timespec_t wait_time);
kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore,
					 semaphore_t signal_semaphore,
					 mach_timespec_t wait_time);
kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore,
				    semaphore_t signal_semaphore);
kern_return_t semaphore_signal_thread(semaphore_t semaphore, thread_t thread);

/* The bare traps (Darwin declares them in <mach/mach_traps.h>). */
kern_return_t semaphore_signal_trap(mach_port_name_t signal_name);
kern_return_t semaphore_signal_all_trap(mach_port_name_t signal_name);
kern_return_t semaphore_signal_thread_trap(mach_port_name_t signal_name,
					   mach_port_name_t thread_name);
kern_return_t semaphore_wait_trap(mach_port_name_t wait_name);
kern_return_t semaphore_wait_signal_trap(mach_port_name_t wait_name,
					 mach_port_name_t signal_name);
kern_return_t semaphore_timedwait_trap(mach_port_name_t wait_name,
				       unsigned int sec, clock_res_t nsec);
kern_return_t semaphore_timedwait_signal_trap(mach_port_name_t wait_name,
					      mach_port_name_t signal_name,
					      unsigned int sec,
					      clock_res_t nsec);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_SEMAPHORE_H_ */
