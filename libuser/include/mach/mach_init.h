/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_init.h - the ports every Mach program starts with.
 *
 * mach_task_self() is a function here, not Darwin's cached variable: each
 * call is one ioctl on /dev/xnucross that returns the name of the task's
 * own send right (the module binds the calling process's task on first
 * use; the right's user references stop at MACH_PORT_UREFS_MAX, so calling
 * it often costs nothing but the crossing). mach_task_self_ is a macro for
 * the same call, for code that names Darwin's variable. It returns
 * MACH_PORT_NULL when the module cannot be reached.
 *
 * bootstrap_port is a macro for the task's bootstrap port (the module's
 * name service unless the task's TASK_BOOTSTRAP_PORT was changed): looked
 * up on first use with task_get_special_port(), then cached for the
 * process and looked up again in a forked child. It is an lvalue, so
 * "bootstrap_port = port" and "&bootstrap_port" work as with Darwin's
 * variable. It reads MACH_PORT_NULL while the module cannot be reached.
 */
#ifndef _XNUCROSS_MACH_MACH_INIT_H_
#define _XNUCROSS_MACH_MACH_INIT_H_

#include <stdarg.h>

#include <mach/mach_types.h>
#include <mach/mach_traps.h>
#include <mach/vm_page_size.h>

#ifdef __cplusplus
extern "C" {
#endif

mach_port_t mach_task_self(void);
#define mach_task_self_		mach_task_self()
#define current_task()		mach_task_self()

/*
 * A send right to the host port (mach_host subsystem: see <mach/mach_host.h>),
 * one more user reference per call as mach_task_self(); MACH_PORT_NULL when
 * the module cannot be reached.
 */
mach_port_t mach_host_self(void);

/*
 * A send right to the calling thread's port (thread_act subsystem: see
 * <mach/thread_act.h>), one more user reference per call, to be released
 * with mach_port_deallocate() as in Darwin; MACH_PORT_NULL when the module
 * cannot be reached. Each Linux thread has its own port.
 */
mach_port_t mach_thread_self(void);

/* The cached bootstrap port behind the bootstrap_port macro. */
mach_port_t *xnucross_bootstrap_port_ref(void);
#define bootstrap_port		(*xnucross_bootstrap_port_ref())

/* Where these ports sit in the mach_ports_register() array. */
#define NAME_SERVER_SLOT	0
#define ENVIRONMENT_SLOT	1
#define SERVICE_SLOT		2

#define MACH_PORTS_SLOTS_USED	3

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_INIT_H_ */
