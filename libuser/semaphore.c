// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * semaphore.c - the semaphore calls of <mach/semaphore.h>: each is one
 * semaphore trap (XNU_TRAP_SEMAPHORE_*, struct xnu_semaphore_args) whose
 * kern_return_t comes back as the ioctl's value, as Darwin's libsyscall
 * calls semaphore_*_trap(). semaphore_create() and semaphore_destroy()
 * are MIG stubs generated from the module's task.defs.
 */
#include <mach/mach.h>
#include <mach/semaphore.h>

#include "mach_private.h"

kern_return_t semaphore_signal(semaphore_t semaphore)
{
	struct xnu_semaphore_args a = { .signal = semaphore };

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_SIGNAL, &a);
}

kern_return_t semaphore_signal_all(semaphore_t semaphore)
{
	struct xnu_semaphore_args a = { .signal = semaphore };

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_SIGNAL_ALL, &a);
}

kern_return_t semaphore_signal_thread(semaphore_t semaphore, thread_t thread)
{
	struct xnu_semaphore_args a = { .signal = semaphore, .thread = thread };

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_SIGNAL_THREAD, &a);
}

kern_return_t semaphore_wait(semaphore_t semaphore)
{
	struct xnu_semaphore_args a = { .wait = semaphore };

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_WAIT, &a);
}

kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore,
				    semaphore_t signal_semaphore)
{
	struct xnu_semaphore_args a = {
		.wait = wait_semaphore, .signal = signal_semaphore,
	};

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_WAIT_SIGNAL, &a);
}

kern_return_t semaphore_timedwait(semaphore_t semaphore,
				  mach_timespec_t wait_time)
{
	struct xnu_semaphore_args a = {
		.wait = semaphore,
		.tv_sec = wait_time.tv_sec,
		.tv_nsec = wait_time.tv_nsec,
	};

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_TIMEDWAIT, &a);
}

kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore,
					 semaphore_t signal_semaphore,
					 mach_timespec_t wait_time)
{
	struct xnu_semaphore_args a = {
		.wait = wait_semaphore,
		.signal = signal_semaphore,
		.tv_sec = wait_time.tv_sec,
		.tv_nsec = wait_time.tv_nsec,
	};

	return xnucross_mach_trap(XNU_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL, &a);
}

/*
 * The bare traps, as Darwin's <mach/mach_traps.h> names them: the calls
 * above are these (the .tv_sec/.tv_nsec pair of the timed forms passed
 * as two arguments).
 */
kern_return_t semaphore_signal_trap(mach_port_name_t signal_name)
{
	return semaphore_signal(signal_name);
}

kern_return_t semaphore_signal_all_trap(mach_port_name_t signal_name)
{
	return semaphore_signal_all(signal_name);
}

kern_return_t semaphore_signal_thread_trap(mach_port_name_t signal_name,
					   mach_port_name_t thread_name)
{
	return semaphore_signal_thread(signal_name, thread_name);
}

kern_return_t semaphore_wait_trap(mach_port_name_t wait_name)
{
	return semaphore_wait(wait_name);
}

kern_return_t semaphore_wait_signal_trap(mach_port_name_t wait_name,
					 mach_port_name_t signal_name)
{
	return semaphore_wait_signal(wait_name, signal_name);
}

kern_return_t semaphore_timedwait_trap(mach_port_name_t wait_name,
				       unsigned int sec, clock_res_t nsec)
{
	mach_timespec_t t = { .tv_sec = sec, .tv_nsec = nsec };

	return semaphore_timedwait(wait_name, t);
}

kern_return_t semaphore_timedwait_signal_trap(mach_port_name_t wait_name,
					      mach_port_name_t signal_name,
					      unsigned int sec,
					      clock_res_t nsec)
{
	mach_timespec_t t = { .tv_sec = sec, .tv_nsec = nsec };

	return semaphore_timedwait_signal(wait_name, signal_name, t);
}
