// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread.c - Mach threads: mach_thread_self() (one ioctl on
 * /dev/xnucross: a send right to the calling thread's port, one more user
 * reference per call) and thread_policy_set(), libsyscall's wrapper of
 * the generated _kernelrpc_thread_policy_set() stub (thread_policy_get()
 * is the generated stub itself).
 */
#include <mach/mach.h>
#include <mach/thread_act.h>

#include "mach_private.h"

mach_port_t mach_thread_self(void)
{
	struct xnu_mach_port_args a = { 0 };

	if (xnucross_mach_trap(XNU_TRAP_THREAD_SELF, &a))
		return MACH_PORT_NULL;
	return a.name;
}

mach_port_name_t thread_self_trap(void)
{
	return mach_thread_self();
}

/*
 * As Darwin's libsyscall: a thread whose policy is static (a workqueue
 * thread there; none here) reports KERN_POLICY_STATIC, which callers of
 * thread_policy_set() see as success.
 */
kern_return_t thread_policy_set(thread_act_t thread,
				thread_policy_flavor_t flavor,
				thread_policy_t policy_info,
				mach_msg_type_number_t policy_infoCnt)
{
	kern_return_t kr;

	kr = _kernelrpc_thread_policy_set(thread, flavor, policy_info,
					  policy_infoCnt);
	if (kr == KERN_POLICY_STATIC)
		kr = KERN_SUCCESS;
	return kr;
}
